"""Boilerplate learned across pages never removes whole articles: near-copies of one article
count once when a site profile learns, and a profile never takes a page's article body.
Nothing is dropped silently: a document left with no text is a failure that says why."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.errors import ExtractionError
from newsfuse.extract import extract_document
from newsfuse.extract.text import SiteProfile, clean_text, line_key
from newsfuse.records import RawDocument

REPRO = Path(__file__).resolve().parents[2].parent / "shared" / "repro"

BODY = [
    "Dockworkers at the port of Haverlund began a 72-hour strike on Monday, demanding higher "
    "wages and guarantees against the automation of the container yard.",
    "About 2,800 workers joined the strike on its first day, according to the union, while the "
    "port authority said fewer than 1,100 employees had not come to work.",
    "Ships waiting to unload were sent to the smaller berths on the southern side of the bay, "
    "where crews said they expected delays of at least two days.",
    "The union said it would meet the port authority again on Thursday, and that the strike "
    "could be extended if no agreement on wages had been reached by then.",
]
TITLE = "Haverlund dockworkers begin 72-hour strike"


def copy(outlet: str) -> str:
    """One near-copy of the article: only the outlet line differs."""
    return "\n".join([outlet, "", TITLE, "", *BODY])


OTHER_TOPICS = [
    "The orchard cooperative of Velmar opened its apple harvest festival on Saturday with a "
    "market of local growers and a parade through the old town square.",
    "The city library reopened its reading room after a renovation that took two years and "
    "cost the council about four million crowns, the head librarian said.",
    "A new ferry line between the islands of Nordby and Tarn will start in May, the transport "
    "office said, with four crossings a day in each direction during the summer.",
    "Students of the music school gave a concert for the residents of the care home on Friday, "
    "playing folk songs and pieces by composers from the region.",
    "The regional museum will show a collection of maps from the eighteenth century this "
    "autumn, lent by a private collector who asked not to be named.",
]


def test_five_near_copies_teach_the_profile_one_page() -> None:
    pages = [copy(f"Outlet {c}") for c in "abcde"]
    profile = SiteProfile(min_docs=3).fit(pages)
    assert (profile.docs, profile.pages) == (5, 1)
    assert profile.counts[line_key(BODY[0])] == 1
    for page in pages:
        r = clean_text(page, profile=profile)
        assert r.text.split("\n\n") == BODY
        assert r.title == TITLE
        assert not any(x.reason.startswith("site boilerplate") for x in r.removed)


def test_three_copies_do_not_make_the_title_site_boilerplate() -> None:
    pages = [copy(f"Outlet {c}") for c in "abc"]
    profile = SiteProfile(min_docs=3).fit(pages)
    assert profile.is_boilerplate(line_key(TITLE), len(TITLE.split())) == 0
    assert clean_text(pages[0], profile=profile).title == TITLE


def test_site_chrome_is_still_learned_from_different_articles() -> None:
    chrome = ["Gazette home", "Regions Sport Culture", "Print edition"]
    disclaimer = (
        "The Gazette is published by the Harbour Press Company, and every article on this site "
        "is protected by copyright."
    )
    pages = ["\n".join([*chrome, p, BODY[i % 4], disclaimer]) for i, p in enumerate(OTHER_TOPICS)]
    profile = SiteProfile(min_docs=3).fit(pages)
    assert profile.pages == 5
    r = clean_text(pages[0], profile=profile)
    reasons = {x.text: x.reason for x in r.removed}
    assert reasons["Regions Sport Culture"].startswith("site boilerplate")
    assert reasons[disclaimer].startswith("site boilerplate")
    assert OTHER_TOPICS[0] in r.text


def test_a_profile_never_takes_the_article_body() -> None:
    # learning with near-copies counted as pages (copy_share above 1 turns the grouping off):
    # the profile then holds every line of the article, and still may not remove it
    pages = [copy(f"Outlet {c}") for c in "abcde"]
    profile = SiteProfile(min_docs=3, copy_share=1.01).fit(pages)
    assert profile.pages == 5
    assert profile.is_boilerplate(line_key(BODY[0]), len(BODY[0].split()), True) == 5
    r = clean_text(pages[0], profile=profile)
    assert r.text.split("\n\n") == BODY
    assert not any(x.reason.startswith("site boilerplate") for x in r.removed)


def test_a_learned_paragraph_inside_the_article_stays() -> None:
    # a wire paragraph shared by every page of a small site, in the middle of each article,
    # is part of the article: boilerplate surrounds an article, it does not interrupt it
    wire = BODY[1]
    pages = [
        "\n".join([own, wire, OTHER_TOPICS[(i + 1) % 5], "Print edition"])
        for i, own in enumerate(OTHER_TOPICS)
    ]
    profile = SiteProfile(min_docs=3).fit(pages)
    assert profile.is_boilerplate(line_key(wire), len(wire.split()), True) == 5
    r = clean_text(pages[0], profile=profile)
    assert wire in r.text.split("\n\n")
    assert any(x.text == "Print edition" and x.reason.startswith("site boilerplate") for x in r.removed)


def test_copies_of_one_article_are_all_extracted_end_to_end(tmp_path: Path) -> None:
    for c in "abcde":
        (tmp_path / f"copy_{c}.txt").write_text(copy(f"Outlet {c}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 5
    assert {a["text"] for a in articles} == {"\n\n".join(BODY)}


def test_a_document_left_without_text_is_a_failure_that_says_why() -> None:
    doc = RawDocument("menu.txt", "\n".join(["12:05", "Home", "Subscribe", "12:06"]).encode(), "text")
    with pytest.raises(ExtractionError) as info:
        extract_document(doc)
    assert info.value.source == "menu.txt"
    assert "all 4 lines or paragraphs were removed" in info.value.message
    assert "time stamp" in info.value.message


@pytest.mark.shared
def test_the_five_reproducer_copies_are_all_extracted() -> None:
    paths = [REPRO / f"R5_copy_{c}.txt" for c in "abcde"]
    if not all(p.is_file() for p in paths):
        pytest.skip(f"the reproducers are not there ({REPRO} is missing)")
    result = CliRunner().invoke(main, ["extract", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(articles) == 5
    assert len({a["text"] for a in articles}) == 1
    assert all(a["text"].startswith("On Monday, 9 March, dockworkers") for a in articles)
    assert all(a["title"] == "Haverlund dockworkers begin 72-hour strike" for a in articles)


def test_a_text_too_big_for_the_cleaner_teaches_nothing_in_bounded_time() -> None:
    huge = "word " * 6_000_000  # 30 MB on one line: read by the linear path, never cleaned
    start = time.perf_counter()
    profile = SiteProfile().fit([huge, copy("Outlet a")])
    small = profile.for_text(huge)
    assert time.perf_counter() - start < 2
    assert (profile.docs, profile.pages, len(small.counts)) == (1, 1, 0)
