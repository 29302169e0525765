"""Folding text for comparison: ASCII transliteration, rapidfuzz's default processing, tokens."""

from __future__ import annotations

import hashlib

from anyascii import anyascii
from rapidfuzz.utils import default_process

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "and",
        "or",
        "but",
        "if",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "nor",
        "so",
        "than",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "us",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "too",
        "very",
        "just",
        "also",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "said",
        "says",
        "say",
        "told",
        "according",
        "while",
        "during",
        "since",
        "until",
        "up",
        "down",
        "out",
        "off",
        "s",
        "t",
        "mr",
        "mrs",
        "ms",
    ]
)

NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "dozen": "12",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
}


def fold(text: str) -> str:
    """Lowercase ASCII with punctuation (hyphens included) turned into single spaces."""
    if not text.isascii():
        text = anyascii(text)
    return " ".join(default_process(text).split())


def content_tokens(folded: str) -> list[str]:
    """Tokens that carry meaning: stopwords and one-letter tokens dropped, number words as digits."""
    get = NUMBER_WORDS.get
    return [get(t, t) for t in folded.split() if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


def text_hash(sorted_text: str) -> int:
    """A stable signed 64-bit hash of a claim's sorted words: exact copies share it, in every process."""
    return int.from_bytes(hashlib.blake2b(sorted_text.encode(), digest_size=8).digest(), "big", signed=True)
