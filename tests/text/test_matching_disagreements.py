"""Each disagreement kind, on real seed sentences with the mentions read from them."""

from __future__ import annotations

from datetime import date

from workbench.text.matching import MatchClaim, find_disagreements
from workbench.text.model import DateMention, NameMention, Quantity


def name(text: str, kind: str = "PLACE", normalized: str = "") -> NameMention:
    return NameMention(0, len(text), text, kind, normalized or text)


def kinds(*claims: MatchClaim) -> dict[str, list[tuple[int, str]]]:
    found, _ = find_disagreements(claims)
    return {d.kind: [(v.claim_id, v.value) for v in d.values] for d in found}


RT_19 = MatchClaim(
    1,
    0,
    "RT",
    date(2019, 5, 28),
    "At least 19 people were detained and several injured during Tuesday's raid as some locals "
    "resisted the ROSU incursion.",
    quantities=(Quantity(0, 18, "At least 19 people", 19, 19, None, unit="people", approximator="at least"),),
)
MT_19 = MatchClaim(
    2,
    1,
    "The Moscow Times",
    None,
    "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs.",
    quantities=(Quantity(0, 18, "19 police officers", 19, 19, 19, unit="police officers"),),
)
GR_DOZEN = MatchClaim(
    3,
    2,
    "Global Research",
    date(2019, 5, 30),
    "ROSU units, reportedly supported by over 70 vehicles, detained more than a dozen ethnic Serbs.",
    quantities=(
        Quantity(
            0, 30, "more than a dozen ethnic Serbs", 12, 12, None, low_inclusive=False, unit="ethnic Serbs"
        ),
    ),
)


def test_quantity_and_subject() -> None:
    found = kinds(RT_19, MT_19, GR_DOZEN)
    assert found["quantity"] == [(1, "≥19"), (2, "19"), (3, ">12")]
    assert sorted(found["subject"]) == [(1, "people"), (2, "police officers"), (3, "ethnic Serbs")]


def test_same_count_and_subject_is_an_agreement_not_a_disagreement() -> None:
    copy = MatchClaim(
        9,
        5,
        "Wire",
        None,
        "Kosovo police arrested 19 police officers on Tuesday.",
        quantities=MT_19.quantities,
    )
    found, agreements = find_disagreements([MT_19, copy])
    assert found == ()
    assert {(a.kind, a.value, a.claim_ids) for a in agreements} >= {
        ("quantity", "19", (2, 9)),
        ("subject", "police officers", (2, 9)),
    }


def test_date() -> None:
    rt = MatchClaim(
        1,
        0,
        "RT",
        date(2019, 5, 28),
        "Mikhail Krasnoshchekov, a Russian national and member of the United Nations Interim "
        "Administration Mission in "
        "Kosovo (UNMIK) was among those detained during the early Tuesday raids by Kosovan special police.",
        dates=(DateMention(0, 7, "Tuesday", date(2019, 5, 28)),),
    )
    mt = MatchClaim(
        2,
        1,
        "The Moscow Times",
        date(2019, 5, 30),
        "The UN mission, UNMIK, said on Thursday the Russian had sustained injuries when he was "
        "arrested during a "
        "police anti-crime operation in Kosovo and was now in a Belgrade hospital.",
        dates=(DateMention(0, 8, "Thursday", date(2019, 5, 30)),),
    )
    assert kinds(rt, mt)["date"] == [(1, "2019-05-28"), (2, "2019-05-30")]


def test_place() -> None:
    rt = MatchClaim(
        1,
        0,
        "RT",
        None,
        "The man was injured in the operation and had to be hospitalized, according to a Mitrovica "
        "hospital medic.",
        names=(name("Mitrovica"),),
    )
    mt = MatchClaim(
        2,
        1,
        "The Moscow Times",
        None,
        "The UN mission, UNMIK, said on Thursday the Russian had sustained injuries when he was "
        "arrested during a "
        "police anti-crime operation in Kosovo and was now in a Belgrade hospital.",
        names=(name("UNMIK", "ORG"), name("Kosovo"), name("Belgrade")),
    )
    assert kinds(rt, mt)["place"] == [(1, "mitrovica"), (2, "belgrade, kosovo")]
    same = MatchClaim(
        3,
        2,
        "Global Research",
        None,
        "The ROSU briefly detained and beat a Russian member of the UN "
        "Interim Administration Mission in Kosovo.",
        names=(name("Kosovo"),),
    )
    assert "place" not in kinds(mt, same)


def test_name_spelling() -> None:
    rt = MatchClaim(
        1,
        0,
        "RT",
        None,
        "We are outraged by the provocation against the Russian citizen, UNMIK member Mikhail "
        "Krasnoshchekov.",
        names=(name("Mikhail Krasnoshchekov", "PERSON"),),
    )
    mt = MatchClaim(
        2,
        1,
        "The Moscow Times",
        None,
        "It said the UN staffer, Mikhail Krasnoshchenkov, had been declared persona non grata.",
        names=(name("Mikhail Krasnoshchenkov", "PERSON"),),
    )
    assert kinds(rt, mt)["name"] == [(1, "Mikhail Krasnoshchekov"), (2, "Mikhail Krasnoshchenkov")]
    kurti = MatchClaim(
        3,
        2,
        "TASS",
        None,
        "Vucic said Kurti, who is backed by the international community, is the only person responsible.",
        names=(name("Vucic", "NAME"), name("Kurti", "NAME")),
    )
    assert "name" not in kinds(rt, kurti)
