"""Report fixtures built from the real seed articles, with a fixed set of invented verdicts.

Sentences, outlets, headlines and dates are taken from ``seeds/`` (each sentence is checked to be
in its article); verdicts, rationales, evidence, reviewers and times are invented and fixed, so
golden files are deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from workbench.export.model import (
    Agreement,
    Approval,
    AuditHead,
    Disagreement,
    DisagreementValue,
    Label,
    Organisation,
    RatingScale,
    Report,
    ReportClaim,
    ReportDocument,
    ReportEvidence,
    ReportSummary,
    SignOff,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TRUTH_O_METER = RatingScale(
    name="PolitiFact Truth-O-Meter",
    labels=(
        Label(
            "true", "True", "The statement is accurate and there's nothing significant missing.", 6, "#1a7f37"
        ),
        Label(
            "mostly-true",
            "Mostly True",
            "The statement is accurate but needs clarification or additional information.",
            5,
            "#6fbf4a",
        ),
        Label(
            "half-true",
            "Half True",
            "The statement is partially accurate but leaves out important details "
            "or takes things out of context.",
            4,
            "#f2c94c",
        ),
        Label(
            "mostly-false",
            "Mostly False",
            "The statement contains an element of truth but ignores critical "
            "facts that would give a different impression.",
            3,
            "#f2994a",
        ),
        Label("false", "False", "The statement is not accurate.", 2, "#d73a2f"),
        Label(
            "pants-on-fire",
            "Pants on Fire",
            "The statement is not accurate and makes a ridiculous claim.",
            1,
            "#7b1e16",
        ),
    ),
    best=6,
    worst=1,
)
FULL_FACT = RatingScale(name="Full Fact claim + conclusion")
ORG = Organisation("Example Fact Desk", "https://factcheck.example.org/")

# id, seed file, outlet, headline, published
DOCS = {
    "rt": (
        "000_24d4c95b88186933.txt",
        "RT",
        "Russian member of UN mission detained, reportedly injured in Kosovo raids",
        "2019-05-28",
    ),
    "mt": (
        "001_30b9182e00ee7e70.txt",
        "The Moscow Times",
        "Kosovo Declares Russian UN Staffer Persona Non Grata",
        None,
    ),
    "gr": (
        "002_ec97de5c950c74ab.txt",
        "Global Research",
        "Video: Kosovo Police Raids in Serb-majority Areas Spark New Round of Tensions in the Balkans",
        "2019-05-30",
    ),
    "tass1": (
        "003_6c9cbda01d2f2d56.txt",
        "TASS",
        "Russian ambassador says KFOR helped Pristina use violence against civilians",
        "2023-09-25",
    ),
    "tass2": ("004_780c27eb3452555a.txt", "TASS", None, "2023-06-23"),
}


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def document(key: str) -> ReportDocument:
    name, outlet, title, published = DOCS[key]
    if title is not None:
        assert title in seed_text(name), title
    return ReportDocument(
        id=name.split("_")[0], outlet=outlet, title=title, published=published, url_or_source=f"seeds/{name}"
    )


def sentence(key: str, text: str) -> str:
    """``text`` after checking it is verbatim in the seed article."""
    assert text in seed_text(DOCS[key][0]), text
    return text


def _label(label_id: str) -> Label:
    label = TRUTH_O_METER.label(label_id)
    assert label is not None
    return label


DETAINED = Disagreement(
    kind="number detained in the 28 May raids",
    values=(
        DisagreementValue(1, "RT", "At least 19 people were detained", "≥19 people"),
        DisagreementValue(
            2, "The Moscow Times", "Kosovo police arrested 19 police officers", "19 police officers"
        ),
        DisagreementValue(
            3, "Global Research", "detained more than a dozen ethnic Serbs", ">12 ethnic Serbs"
        ),
    ),
)


def _event(eid: int, at: str, actor: str, action: str, before: Any, after: Any) -> dict[str, Any]:
    return {"id": eid, "at": at, "actor": actor, "action": action, "before": before, "after": after}


def seed_claims() -> list[ReportClaim]:
    rt, mt, gr, tass1, tass2 = (document(k) for k in ("rt", "mt", "gr", "tass1", "tass2"))
    return [
        ReportClaim(
            id=1,
            document=rt,
            score=0.91,
            status="reviewed",
            text=sentence(
                "rt",
                "At least 19 people were detained and several injured during Tuesday's raid as "
                "some locals resisted the ROSU incursion.",
            ),
            verdict=_label("mostly-true"),
            rationale="Kosovo police reported 19 arrests on 28 May.\n"
            "Other outlets say the 19 were police officers, not residents.",
            evidence=(
                ReportEvidence(
                    "https://www.kosovopolice.example/press/2019-05-28-operation",
                    "supports",
                    "Police statement on the northern operation",
                    "ok",
                    "kosovopolice.example",
                    "https://archive.example.org/2019/kosovopolice-0528",
                    "2026-11-20T10:02:11Z",
                    1,
                ),
                ReportEvidence(
                    "https://news.example.com/balkans/raid-arrests",
                    "context",
                    "Nineteen arrested in northern Kosovo",
                    "ok",
                    "news.example.com",
                    None,
                    "2026-11-20T10:04:40Z",
                    2,
                ),
                ReportEvidence(
                    "https://mirror.example.net/balkans/raid-arrests",
                    "context",
                    "Nineteen arrested in northern Kosovo (syndicated)",
                    "ok",
                    "mirror.example.net",
                    None,
                    "2026-11-20T10:05:02Z",
                    2,
                ),
            ),
            independence_summary="3 sources, 2 independent",
            signoff=SignOff(
                "amira", "2026-11-20T11:00:00Z", (Approval("bogdan", "2026-11-20T14:12:00Z"),), final=True
            ),
            disagreements=(DETAINED,),
            notes="Ask the desk whether 'people' should read 'officers'.",
            events=(
                _event(
                    101,
                    "2026-11-20T10:00:00Z",
                    "amira",
                    "claim.triage",
                    {"status": "new"},
                    {"status": "in review"},
                ),
                _event(
                    117,
                    "2026-11-20T11:00:00Z",
                    "amira",
                    "verdict.propose",
                    {"verdict": None},
                    {"verdict": "mostly-true"},
                ),
                _event(130, "2026-11-20T14:12:00Z", "bogdan", "verdict.approve", None, {"final": True}),
            ),
            reviewed_at="2026-11-20T14:12:00Z",
            review_url="https://factcheck.example.org/reviews/1",
        ),
        ReportClaim(
            id=2,
            document=mt,
            score=0.88,
            status="reviewed",
            text=sentence(
                "mt", "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs."
            ),
            verdict=_label("true"),
            rationale="Matches the police statement: 19 officers arrested, 11 of them Serbs.",
            evidence=(
                ReportEvidence(
                    "https://www.kosovopolice.example/press/2019-05-28-operation",
                    "supports",
                    "Police statement on the northern operation",
                    "ok",
                    "kosovopolice.example",
                    "https://archive.example.org/2019/kosovopolice-0528",
                    "2026-11-20T10:02:11Z",
                    1,
                ),
            ),
            independence_summary="1 source, 1 independent",
            signoff=SignOff(
                "bogdan",
                "2026-11-20T12:30:00Z",
                (Approval("amira", "2026-11-20T15:00:00Z"), Approval("chen", "2026-11-21T09:10:00Z")),
                final=True,
            ),
            disagreements=(DETAINED,),
            events=(
                _event(
                    120,
                    "2026-11-20T12:30:00Z",
                    "bogdan",
                    "verdict.propose",
                    {"verdict": None},
                    {"verdict": "true"},
                ),
            ),
            reviewed_at="2026-11-21T09:10:00Z",
            review_url="https://factcheck.example.org/reviews/2",
        ),
        ReportClaim(
            id=3,
            document=gr,
            score=0.84,
            status="reviewed",
            text=sentence(
                "gr",
                "ROSU units, reportedly supported by over 70 vehicles, detained more than a dozen "
                "ethnic Serbs, mostly persons influential in the local community.",
            ),
            verdict=_label("mostly-false"),
            rationale="The police say most of those detained were police officers, not community figures; "
            "no source for the 70 vehicles.",
            evidence=(
                ReportEvidence(
                    "https://www.kosovopolice.example/press/2019-05-28-operation",
                    "refutes",
                    "Police statement on the northern operation",
                    "ok",
                    "kosovopolice.example",
                    None,
                    "2026-11-20T10:02:11Z",
                    1,
                ),
                ReportEvidence(
                    "https://southfront.example/kosovo-raids",
                    "supports",
                    None,
                    "404",
                    "southfront.example",
                    None,
                    "2026-11-20T10:09:54Z",
                    None,
                ),
            ),
            independence_summary="2 sources, 1 independent (1 unreachable)",
            signoff=SignOff("chen", "2026-11-21T08:00:00Z", (), final=False),
            disagreements=(DETAINED,),
            reviewed_at=None,
            review_url=None,
        ),
        ReportClaim(
            id=4,
            document=gr,
            score=0.79,
            status="reviewed",
            text=sentence(
                "gr",
                "The targeted area is 90 percent populated by Serbs, who refuse to be part of the "
                "self-proclaimed Republic of Kosovo.",
            ),
            verdict=_label("half-true"),
            rationale="North Kosovo's four municipalities are mostly Serb; the share varies by source and year.",
            evidence=(
                ReportEvidence(
                    "https://stats.example.org/kosovo/north-2011",
                    "context",
                    "Census estimates",
                    "ok",
                    "stats.example.org",
                    None,
                    "2026-11-21T08:30:00Z",
                    3,
                ),
            ),
            independence_summary="1 source, 1 independent",
            signoff=SignOff(
                "chen", "2026-11-21T08:40:00Z", (Approval("amira", "2026-11-21T10:00:00Z"),), final=True
            ),
            reviewed_at="2026-11-21T10:00:00Z",
            review_url="https://factcheck.example.org/reviews/4",
        ),
        ReportClaim(
            id=5,
            document=tass1,
            score=0.93,
            status="reviewed",
            speaker="Aleksandar Vucic",
            speaker_kind="Person",
            text=sentence(
                "tass1",
                "Vucic later said police in Kosovo killed three Serbs and seriously wounded two others.",
            ),
            verdict=_label("true"),
            rationale="Three attackers were killed in the Banjska clash; two wounded were reported.",
            evidence=(
                ReportEvidence(
                    "https://wire.example.com/2023/09/24/banjska",
                    "supports",
                    "Banjska clash: three gunmen killed",
                    "ok",
                    "wire.example.com",
                    None,
                    "2026-11-21T11:00:00Z",
                    4,
                ),
            ),
            independence_summary="1 source, 1 independent",
            signoff=SignOff(
                "amira", "2026-11-21T11:20:00Z", (Approval("chen", "2026-11-21T12:00:00Z"),), final=True
            ),
            reviewed_at="2026-11-21T12:00:00Z",
            review_url="https://factcheck.example.org/reviews/5",
        ),
        ReportClaim(
            id=6,
            document=tass2,
            score=0.81,
            status="new",
            speaker="Kosovo police",
            speaker_kind="Organization",
            text=sentence(
                "tass2",
                "The Kosovo police detained seven local Serbs on charges of using force against "
                "KFOR troops during protests on May 29.",
            ),
        ),
    ]


def summary_of(claims: Iterable[ReportClaim]) -> ReportSummary:
    """What the lead's SQL aggregates compute, computed here from the list."""
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    by_speaker: dict[str, Counter[str]] = defaultdict(Counter)
    reviewed = total = 0
    for c in claims:
        key = c.verdict.id if c.verdict else ""
        by_outlet[c.document.outlet or "unknown"][key] += 1
        by_speaker[c.speaker or "not attributed"][key] += 1
        total += 1
        reviewed += c.verdict is not None
    return ReportSummary(
        verdicts_by_outlet={k: dict(v) for k, v in by_outlet.items()},
        verdicts_by_speaker={k: dict(v) for k, v in by_speaker.items()},
        progress=(reviewed, total),
        agreement=(
            Agreement(("amira", "bogdan"), 40, kappa=0.62),
            Agreement(("amira", "chen"), 20, percent=85.0),
            Agreement(("bogdan", "chen"), 12, kappa=-0.1),
        ),
    )


class OnceIterable:
    """An iterable that refuses a second pass, standing in for a database cursor."""

    def __init__(self, items: Iterable[ReportClaim]) -> None:
        self._items: Iterable[ReportClaim] | None = items
        self.consumed = 0

    def __iter__(self) -> Iterator[ReportClaim]:
        if self._items is None:
            raise AssertionError("claims iterated twice")
        items, self._items = self._items, None
        for item in items:
            self.consumed += 1
            yield item

    def __len__(self) -> int:
        raise AssertionError("len() called on streamed claims")


def seed_report(claims: list[ReportClaim] | None = None, **changes: Any) -> Report:
    claims = seed_claims() if claims is None else claims
    report = Report(
        database="reviews/kosovo-2019.db",
        generated_at="2026-11-22T23:00:00Z",
        scale=TRUTH_O_METER,
        claims=OnceIterable(claims),
        filters={"topic": "Kosovo", "outlet": "any"},
        audit_head=AuditHead(412, "9f2c1e7a5b3d4c6e8f00112233445566778899aabbccddeeff0011223344556677"),
        organisation=ORG,
        summary=summary_of(claims),
    )
    return replace(report, **changes)
