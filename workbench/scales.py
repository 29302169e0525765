"""Rating scales: the verdict labels a database uses, with definitions, ClaimReview numbers and colours.

Workflow states (unreviewed, in progress, needs a second opinion) are kept apart from verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import InputError


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    name: str
    definition: str
    value: int | None
    color: str


@dataclass(frozen=True, slots=True)
class RatingScale:
    id: str
    name: str
    labels: tuple[Label, ...]
    best: int | None = None
    worst: int | None = None
    free_text: bool = False
    """Full Fact style: a one-line written conclusion instead of a label."""

    def label(self, key: str) -> Label:
        for label in self.labels:
            if key in (label.id, label.name) or key.lower() == label.name.lower():
                return label
        names = ", ".join(label.name for label in self.labels)
        raise InputError(f"'{key}' is not a verdict on the {self.name} scale; use one of: {names}")

    def by_key(self, number: int) -> Label | None:
        """The label bound to digit key ``number`` (1-based)."""
        return self.labels[number - 1] if 1 <= number <= len(self.labels) else None


def _l(id: str, name: str, definition: str, value: int | None, color: str) -> Label:
    return Label(id, name, definition, value, color)


POLITIFACT = RatingScale(
    "politifact",
    "PolitiFact Truth-O-Meter",
    (
        _l(
            "true", "True", "The statement is accurate and there's nothing significant missing.", 6, "#2e7d32"
        ),
        _l(
            "mostly-true",
            "Mostly True",
            "Accurate but needs clarification or additional information.",
            5,
            "#689f38",
        ),
        _l(
            "half-true",
            "Half True",
            "Partially accurate but leaves out important details or takes things out of context.",
            4,
            "#f9a825",
        ),
        _l(
            "mostly-false",
            "Mostly False",
            "Contains an element of truth but ignores critical facts that would give a different impression.",
            3,
            "#ef6c00",
        ),
        _l("false", "False", "The statement is not accurate.", 2, "#c62828"),
        _l(
            "pants-on-fire",
            "Pants on Fire",
            "The statement is not accurate and makes a ridiculous claim.",
            1,
            "#6a1b9a",
        ),
    ),
    best=6,
    worst=1,
)

SNOPES = RatingScale(
    "snopes",
    "Snopes-like",
    (
        _l("true", "True", "The primary elements of the claim are demonstrably true.", None, "#2e7d32"),
        _l(
            "mostly-true",
            "Mostly True",
            "The primary elements are true, but some details are inaccurate.",
            None,
            "#689f38",
        ),
        _l(
            "mixture",
            "Mixture",
            "The claim has significant elements of both truth and falsity.",
            None,
            "#f9a825",
        ),
        _l(
            "mostly-false",
            "Mostly False",
            "The primary elements are false, though some details are accurate.",
            None,
            "#ef6c00",
        ),
        _l("false", "False", "The primary elements of the claim are demonstrably false.", None, "#c62828"),
        _l(
            "unproven",
            "Unproven",
            "There is insufficient evidence to establish whether the claim is true or false.",
            None,
            "#607d8b",
        ),
        _l(
            "outdated", "Outdated", "The claim was once true but circumstances have changed.", None, "#795548"
        ),
        _l(
            "miscaptioned",
            "Miscaptioned",
            "Real media is paired with a false description of what it shows.",
            None,
            "#8d6e63",
        ),
    ),
)

META_AFP = RatingScale(
    "meta",
    "Meta / AFP",
    (
        _l(
            "false",
            "False",
            "Inaccurate, including fabricated quotes and media offered as proof of something else.",
            None,
            "#c62828",
        ),
        _l(
            "altered",
            "Altered",
            "Image, audio or video edited or synthesised in ways that could mislead.",
            None,
            "#ad1457",
        ),
        _l("partly-false", "Partly False", "Contains some factual inaccuracies.", None, "#ef6c00"),
        _l(
            "missing-context", "Missing Context", "Could mislead without additional context.", None, "#f9a825"
        ),
        _l(
            "satire",
            "Satire",
            "Uses irony or exaggeration to criticise or amuse; not meant literally.",
            None,
            "#5e35b1",
        ),
        _l("true", "True", "Accurate.", None, "#2e7d32"),
    ),
)

FULL_FACT = RatingScale(
    "fullfact",
    "Full Fact style (written conclusion)",
    (),
    free_text=True,
)

CHECK = RatingScale(
    "check",
    "Check-like default",
    (
        _l("verified", "Verified", "The claim is supported by reliable, independent evidence.", 3, "#2e7d32"),
        _l(
            "misleading",
            "Misleading",
            "Some facts are right but the claim gives a false impression.",
            2,
            "#f9a825",
        ),
        _l("false", "False", "Reliable evidence shows the claim is not accurate.", 1, "#c62828"),
        _l(
            "inconclusive",
            "Inconclusive",
            "No conclusion can be made with the available evidence.",
            None,
            "#607d8b",
        ),
    ),
    best=3,
    worst=1,
)

PRESETS: dict[str, RatingScale] = {s.id: s for s in (CHECK, POLITIFACT, SNOPES, META_AFP, FULL_FACT)}
DEFAULT_SCALE = CHECK.id


def preset(scale_id: str) -> RatingScale:
    try:
        return PRESETS[scale_id]
    except KeyError:
        raise InputError(f"unknown rating scale '{scale_id}'; choose one of: {', '.join(PRESETS)}") from None


def label_of(verdict: str, verdict_scale: str | None, current: RatingScale) -> Label | None:
    """The label a verdict was given with, from the scale it was given under (the current one when the
    verdict predates scale recording); ``None`` for a written conclusion or an unknown id."""
    scale = PRESETS.get(verdict_scale or "", current)
    if scale.free_text:
        return None
    return next((label for label in scale.labels if label.id == verdict), None)
