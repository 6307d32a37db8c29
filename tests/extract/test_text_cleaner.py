"""The scraped-text cleaner on pages written here: each kind of junk goes with its reason, the
body stays whole, metadata is read from the text, and site boilerplate is learned from pages."""

from __future__ import annotations

import pytest

from newsfuse.extract.text import SiteProfile, clean_text, dedupe_paragraphs, find_credit, line_key

BODY = [
    "The harbour authority of Lindqvist said on Monday that the northern breakwater had been "
    "damaged by the storm and that ferries would use the southern berths until repairs were done.",
    "Engineers from the coastal agency inspected the structure at first light and found a gap of "
    "about twelve metres in the outer wall, the authority's director, Mira Hansell, told reporters.",
    "“We will not take any risks with the passengers or with the crews,” Hansell said, adding that "
    "the inspection of the inner wall would take at least two more days.",
    "The ferry operator said its timetable would stay the same for now, although crossings could "
    "be delayed by up to an hour while the vessels use the smaller berths on the southern side.",
    "Local businesses on the waterfront said the closure of the northern quay had already cut the "
    "number of visitors, and asked the town council for help with the cost of the lost weekend.",
]


def page(*parts: str | list[str]) -> str:
    lines: list[str] = []
    for p in parts:
        lines.extend(p if isinstance(p, list) else [p])
    return "\n".join(lines)


def reason_of(result, text: str) -> str:  # type: ignore[no-untyped-def]
    for r in result.removed:
        if r.text.strip() == text:
            return r.reason
    raise AssertionError(f"{text!r} was not removed; kept text:\n{result.text}")


def test_body_paragraphs_all_kept_in_order() -> None:
    r = clean_text(page(BODY))
    assert r.text.split("\n\n") == BODY
    assert r.removed == ()
    assert r.language == "en"


def test_header_metadata_read_and_removed() -> None:
    r = clean_text(
        page(
            "Harbour Gazette. Coast",
            "",
            "Storm breaks northern breakwater at Lindqvist harbour",
            "Jonas Ekdahl",
            "14 February, 2025 Friday",
            "07:45",
            BODY,
        )
    )
    assert r.outlet == "Harbour Gazette"
    assert r.title == "Storm breaks northern breakwater at Lindqvist harbour"
    assert r.author == "Jonas Ekdahl"
    assert r.published == "2025-02-14T07:45"
    assert r.text.split("\n\n") == BODY
    assert reason_of(r, "Jonas Ekdahl").startswith("byline")


def test_byline_with_date_time_and_reading_time() -> None:
    r = clean_text(
        page(
            "Storm breaks northern breakwater at Lindqvist harbour",
            "by The Harbour Gazette staff February 14, 2025 7:45 PM 4 min read",
            BODY,
        )
    )
    assert r.author == "The Harbour Gazette staff"
    assert r.outlet == "The Harbour Gazette"
    assert r.published == "2025-02-14T19:45"


@pytest.mark.parametrize(
    ("junk", "reason"),
    [
        ("article/headline.render_block", "template token"),
        ("de_DEDeutsch", "language switcher"),
        ("Newsletter sign up", "site navigation"),
        ("Share on social media", "site navigation"),
        ("12:05", "time stamp"),
        ("3 hours ago", "time stamp"),
        ("Sponsored: Ten tricks for a calmer commute", "inline promotion"),
        ("Write to us: newsroom@gazette.example", "link or e-mail"),
        ("A ferry waits at the southern berth on Monday (Ola Berg / Coastal Press)", "image caption"),
    ],
)
def test_each_kind_of_inline_junk_goes_with_its_reason(junk: str, reason: str) -> None:
    r = clean_text(page(BODY[:2], junk, BODY[2:]))
    assert r.text.split("\n\n") == BODY
    assert reason_of(r, junk).startswith(reason)


def test_placeholder_address_block_at_the_top() -> None:
    r = clean_text(page("Head Office", "12 Example Avenue", "Springfield, ZZ 99999", "", BODY))
    assert r.text.split("\n\n") == BODY
    for line in ("Head Office", "12 Example Avenue", "Springfield, ZZ 99999"):
        assert reason_of(r, line).startswith("postal address")


def test_feed_of_headlines_with_times_after_the_article() -> None:
    feed = []
    for i, head in enumerate(
        [
            "Council approves new cycle lanes for the old town",
            "Lindqvist football club signs striker from the capital",
            "Weather service warns of more gales on the west coast",
            "Bakery chain opens its fortieth shop in the region",
        ]
    ):
        feed += [f"{18 - i}:{10 + i}", head]
    r = clean_text(page(BODY, "Latest news", feed, "More stories"))
    assert r.text.split("\n\n") == BODY
    assert reason_of(r, "Council approves new cycle lanes for the old town").startswith("feed or list item")


def test_repeated_paragraph_kept_once() -> None:
    r = clean_text(page(BODY, BODY[1:3]))
    assert r.text.split("\n\n") == BODY
    assert reason_of(r, BODY[1]).startswith("repeated paragraph")


def test_newsletter_block_repeated_many_times() -> None:
    block = ["Subscribe", "Required fields are marked"] * 5
    r = clean_text(page(BODY, block))
    assert r.text.split("\n\n") == BODY


def test_truncated_teaser_and_its_headline() -> None:
    r = clean_text(
        page(
            BODY[:3],
            "Ferry crews ask for new safety rules after winter storms",
            "Crews on the northern routes say that the storms of the last two winters have shown "
            "that the rules written for calmer seas no longer fit the conditions they work in and the",
            BODY[3:],
        ).replace("work in and the", "work in and the…")
    )
    assert r.text.split("\n\n") == BODY
    assert reason_of(r, "Ferry crews ask for new safety rules after winter storms").startswith(
        "related-article teaser"
    )


def test_credit_line_becomes_metadata() -> None:
    r = clean_text(page(BODY, "Credit: Coastal Press Agency"))
    assert r.credit == "Coastal Press Agency"
    assert r.text.split("\n\n") == BODY


def test_agency_dateline_is_the_credit_and_stays_in_the_text() -> None:
    first = "LINDQVIST, Norland (CPA) — " + BODY[0]
    r = clean_text(page(first, BODY[1:]))
    assert r.credit == "CPA"
    assert r.text.startswith("LINDQVIST, Norland (CPA) —")


def test_site_profile_learns_boilerplate_shared_by_pages_of_a_site() -> None:
    chrome = ["Gazette home", "Regions Sport Culture", "Print edition"]
    pages = [page(chrome, BODY[i : i + 3]) for i in range(3)]
    profile = SiteProfile(min_docs=3).fit(pages)
    r = clean_text(pages[0], profile=profile)
    assert reason_of(r, "Regions Sport Culture").startswith("site boilerplate")


def test_site_profile_never_learns_a_shared_body_paragraph() -> None:
    # a wire paragraph that three of six pages copy is body text, not boilerplate
    copies = [page(BODY[:2], BODY[4]) for _ in range(3)]
    others = [page(BODY[2:4], f"Closing line number {i} about the harbour and the town.") for i in range(3)]
    profile = SiteProfile(min_docs=3).fit(copies + others)
    assert profile.is_boilerplate(line_key(BODY[0]), len(BODY[0].split()), True) == 0
    r = clean_text(copies[0], profile=profile)
    assert r.text.split("\n\n") == [*BODY[:2], BODY[4]]


def test_language_is_identified_from_the_prose_not_the_menu() -> None:
    menu = ["Startseite", "Wirtschaft", "Politik", "Wissenschaft", "Kultur und Gesellschaft"]
    r = clean_text(page(menu, BODY))
    assert r.language == "en"


def test_empty_and_blank_input() -> None:
    assert clean_text("").text == ""
    assert clean_text("\n \n\t\n").text == ""


def test_rules_alone_still_clean() -> None:
    r = clean_text(page("Share on social media", BODY, "12:05", "Subscribe"), use_model=False)
    assert r.text.split("\n\n") == BODY


def test_dedupe_and_credit_helpers() -> None:
    kept, removed = dedupe_paragraphs([BODY[0], BODY[1], BODY[0]])
    assert kept == BODY[:2] and removed[0].reason.startswith("repeated paragraph")
    assert find_credit([*BODY, "Originally published by Coastal Press Agency."]) == (
        "Coastal Press Agency",
        len(BODY),
    )
    assert find_credit(["OSTBY, Norland (CPA) — " + BODY[0], *BODY[1:]]) == ("CPA", None)
    assert find_credit(BODY) == (None, None)
