"""What happened: a small verb lexicon mapping word forms to event-predicate classes.

Only the structured story key uses it (research/extraction.md §5): paraphrases across outlets
share a predicate class (DETAIN covers detain/arrest/apprehend) even when no string scorer sees it.
"""

from __future__ import annotations

_LEXICON: dict[str, tuple[str, ...]] = {
    "DETAIN": (
        "detain",
        "detained",
        "detains",
        "detaining",
        "detention",
        "arrest",
        "arrested",
        "arrests",
        "arresting",
        "apprehend",
        "apprehended",
        "custody",
        "jailed",
        "imprisoned",
        "captured",
    ),
    "INJURE": ("injure", "injured", "injuring", "injuries", "wounded", "wounding", "hurt", "beat", "beaten"),
    "KILL": ("kill", "killed", "killing", "killings", "dead", "died", "deaths", "death", "murdered", "slain"),
    "EXPEL": ("expel", "expelled", "expels", "expulsion", "deported", "deport", "grata", "banned", "ordered"),
    "DECLARE": ("declare", "declared", "declares", "proclaimed", "proclaim"),
    "ATTACK": ("attack", "attacked", "attacks", "raid", "raids", "raided", "shelling", "bombed", "stormed"),
    "PROTEST": ("protest", "protests", "protested", "protesters", "demonstration", "demonstrators", "rally"),
    "ELECT": ("elected", "election", "won", "vote", "voted", "votes", "reelected"),
    "RESIGN": ("resign", "resigned", "resignation", "sacked", "dismissed", "fired", "ousted"),
    "SANCTION": ("sanction", "sanctions", "sanctioned", "embargo", "tariff", "tariffs"),
    "ACQUIRE": ("acquire", "acquired", "acquisition", "takeover", "merger", "bought", "buy", "stake"),
    "RAISE": ("raise", "raised", "raises", "rose", "rise", "increase", "increased"),
    "CUT": ("cut", "cuts", "reduce", "reduced", "fell", "fall", "decline", "declined", "lowered"),
}

CLASSES: tuple[str, ...] = tuple(_LEXICON)
_BY_WORD = {word: name for name, words in _LEXICON.items() for word in words}
_WORDS = frozenset(_BY_WORD)


def predicate_classes(tokens: list[str]) -> tuple[str, ...]:
    """The predicate classes named in a folded token list, in order of first appearance."""
    if _WORDS.isdisjoint(tokens):
        return ()
    seen: list[str] = []
    for token in tokens:
        name = _BY_WORD.get(token)
        if name is not None and name not in seen:
            seen.append(name)
    return tuple(seen)


def predicate_near(tokens: list[str], position: int) -> str | None:
    """The predicate class whose word is nearest to token ``position`` (the verb of a count)."""
    best: tuple[int, str] | None = None
    for i, token in enumerate(tokens):
        name = _BY_WORD.get(token)
        if name is not None and (best is None or abs(i - position) < best[0]):
            best = (abs(i - position), name)
    return best[1] if best else None
