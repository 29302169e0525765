"""Name linking across documents, on names as the seeds spell them."""

from __future__ import annotations

from workbench.text.matching import NameCluster, NameMentionRef, link_names, link_names_incremental


def ref(claim: int, doc: int, text: str, normalized: str = "", kind: str = "PERSON") -> NameMentionRef:
    return NameMentionRef(claim, doc, text, normalized or text, kind)


def cluster_of(clusters: list[NameCluster], variant: str) -> NameCluster:
    return next(c for c in clusters if variant in c.variants)


KRASNO = [
    ref(1, 0, "Mikhail Krasnoshchekov"),  # RT
    ref(2, 0, "Krasnoshchekov", kind="NAME"),  # RT: "has demanded Krasnoshchekov's immediate release"
    ref(3, 1, "Mikhail Krasnoshchenkov"),  # The Moscow Times
]
VUCIC = [
    ref(10, 3, "Serbian President Aleksandar Vucic", "Aleksandar Vucic"),
    ref(11, 3, "Vucic", kind="NAME"),  # "Vucic said Kurti, who is backed by ..."
    ref(12, 4, "Serbian President Aleksandar Vucic", "Aleksandar Vucic"),
    ref(13, 5, "Aleksandar Vučić"),
]


def test_transliteration_variants_are_one_person() -> None:
    clusters = link_names(KRASNO)
    assert len(clusters) == 1
    (c,) = clusters
    assert c.name == "Mikhail Krasnoshchekov"
    assert set(c.variants) == {"Mikhail Krasnoshchekov", "Krasnoshchekov", "Mikhail Krasnoshchenkov"}
    assert (c.documents, c.mentions, c.kind) == (2, 3, "PERSON")
    assert c.to_json()["documents"] == 2


def test_title_surname_and_diacritics_join_the_full_name() -> None:
    clusters = link_names(VUCIC)
    assert len(clusters) == 1
    assert clusters[0].name == "Aleksandar Vucic"
    assert clusters[0].documents == 3


def test_different_people_sharing_a_surname_never_merge() -> None:
    clusters = link_names(
        [
            ref(1, 1, "Kosovo Prime Minister Ramush Haradinaj", "Ramush Haradinaj"),
            ref(2, 2, "Prime Minister Ramush Haradinaj", "Ramush Haradinaj"),
            ref(3, 7, "Daut Haradinaj"),
            ref(4, 8, "Haradinaj", kind="NAME"),  # ambiguous: two people with that surname
        ]
    )
    ramush = cluster_of(clusters, "Ramush Haradinaj")
    assert "Daut Haradinaj" not in ramush.variants and "Haradinaj" not in ramush.variants
    assert ramush.documents == 2
    assert cluster_of(clusters, "Daut Haradinaj").mentions == 1


def test_kurti_is_not_kurtz() -> None:
    clusters = link_names(
        [
            ref(1, 3, "Albin Kurti"),
            ref(2, 3, "Kurti", kind="NAME"),
            ref(3, 9, "Sebastian Kurz"),
            ref(4, 9, "Kurtz"),
        ]
    )
    kurti = cluster_of(clusters, "Albin Kurti")
    assert set(kurti.variants) == {"Albin Kurti", "Kurti"}
    assert link_names([ref(1, 1, "Kurti", kind="NAME"), ref(2, 2, "Kurtz", kind="NAME")]).__len__() == 2


def test_hyphenated_and_spaced_surnames_join() -> None:
    clusters = link_names(
        [ref(1, 3, "Alexander Botsan-Kharchenko"), ref(2, 4, "Alexander Botsan Kharchenko")]
    )
    assert len(clusters) == 1


def test_places_and_organisations_join_only_on_the_same_folded_form() -> None:
    clusters = link_names(
        [
            ref(1, 0, "Kosovo", kind="PLACE"),
            ref(2, 1, "Kosovo", kind="NAME"),
            ref(3, 1, "Kosovo Force", kind="ORG"),
        ]
    )
    assert sorted(len(c.variants) for c in clusters) == [1, 1]
    assert cluster_of(clusters, "Kosovo").kind == "PLACE"
    assert cluster_of(clusters, "Kosovo").mentions == 2


def test_incremental_keeps_ids_and_counts() -> None:
    first = link_names(KRASNO[:2] + VUCIC[:2])
    ids = {c.name: c.id for c in first}
    later = link_names_incremental(first, KRASNO[2:] + VUCIC[2:] + [ref(20, 6, "Albin Kurti")])
    krasno = cluster_of(later, "Mikhail Krasnoshchenkov")
    assert krasno.id == ids["Mikhail Krasnoshchekov"] and krasno.documents == 2 and krasno.mentions == 3
    assert cluster_of(later, "Vucic").id == ids["Aleksandar Vucic"]
    assert cluster_of(later, "Albin Kurti").id not in ids.values()
    assert later == link_names_incremental(first, KRASNO[2:] + VUCIC[2:] + [ref(20, 6, "Albin Kurti")])


def test_reviewer_decisions_override_the_rule() -> None:
    split = link_names(KRASNO, cannot_link={frozenset({"Mikhail Krasnoshchekov", "Mikhail Krasnoshchenkov"})})
    assert "Mikhail Krasnoshchenkov" not in cluster_of(split, "Mikhail Krasnoshchekov").variants
    merged = link_names(
        [ref(1, 1, "Kurti", kind="NAME"), ref(2, 2, "Kurtz", kind="NAME")],
        must_link={frozenset({"Kurti", "Kurtz"})},
    )
    assert len(merged) == 1 and merged[0].documents == 2
