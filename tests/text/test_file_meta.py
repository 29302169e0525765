"""Outlet and date from an archive's file name (``outlet_YYYY-MM-DD_slug.txt``)."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.text.meta import filename_meta, outlet_for_slug


@pytest.mark.parametrize(
    ("name", "outlet", "published"),
    [
        ("breitbart_2015-11-16_o-malley-campaign.txt", "Breitbart", date(2015, 11, 16)),
        ("usa-today_2016-10-01_x.txt", "USA Today", date(2016, 10, 1)),
        ("huff-post_2016-02-24_marco-rubio.txt", "HuffPost", date(2016, 2, 24)),
        ("nyt_2016-01-02_a.txt", "The New York Times", date(2016, 1, 2)),
        ("the-guardian-20190528-raids.md", "The Guardian", date(2019, 5, 28)),
        ("wash-post_2016-01-02_a.txt", "The Washington Post", date(2016, 1, 2)),  # words shortened
        ("west-journal_2016-01-02_a.txt", "Western Journal", date(2016, 1, 2)),
        ("new-post_2016-01-02_a.txt", None, date(2016, 1, 2)),  # not a name we know: no outlet guessed
        ("report-20190528.txt", None, date(2019, 5, 28)),
        ("minutes_2019_05_28.txt", None, date(2019, 5, 28)),
        ("v1.2.3.txt", None, None),
        ("2019-13-45.txt", None, None),  # not a calendar date
        ("id-1234567890.txt", None, None),
    ],
)
def test_file_names(name: str, outlet: str | None, published: date | None) -> None:
    meta = filename_meta(name)
    assert (meta.outlet, meta.published) == (outlet, published)


def test_unknown_slugs_name_no_outlet() -> None:
    assert outlet_for_slug("") is None
    assert outlet_for_slug("my-blog") is None
    assert outlet_for_slug("RT") == "RT"
    assert outlet_for_slug("wa-po") is None  # shortened words need three letters each
    assert outlet_for_slug("washington") is None  # one word of two


def test_a_short_present_tense_first_paragraph_is_the_headline_of_an_archive_copy() -> None:
    from workbench.text.meta import read_meta

    body = (
        "FLINT, Mich. (AP) — Former President Bill Clinton on Monday called the health law a crazy system "
        "that leaves millions of working people paying more for less coverage, before walking it back."
    )
    assert read_meta(
        f"Bill Clinton calls Obamacare ‘crazy system’ during campaign stop.\n\n{body}"
    ).title == ("Bill Clinton calls Obamacare ‘crazy system’ during campaign stop")
    # Wire ledes in the past or present perfect stay prose, as does a first line run into the next.
    assert read_meta(f"Pennwalt Corp said it offered one mln shares of common stock.\n\n{body}").title is None
    assert read_meta(f"Ukraine has agreed to pay 30% more for natural gas.\n\n{body}").title is None
    assert read_meta(f"Bill Clinton calls Obamacare a crazy system.\n{body}").title is None
