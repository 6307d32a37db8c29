"""The brief's readers of figures and dates on hostile tokens and at the ends of the calendar
(issue 12: one dotted date in one article cost every story its brief).

The example sentences are invented for these tests."""

from __future__ import annotations

import pytest

from newsfuse.brief.build import _figures_of, build_briefs
from newsfuse.brief.timeline import build_timeline
from newsfuse.records import Article, content_id

HOSTILE = [
    "10.03.2026", "192.168.1.1", "$ 169.000.00", "1.2.3.4.5", "٣", "1e400",
    "nan", "inf", "0x1F", "1_000", "9" * 5000, "²", "፩1", "1٣",
]  # fmt: skip


def art(text: str, source: str, published: str | None = "2026-03-12") -> Article:
    return Article(
        id=content_id(f"{source}\n{text}".encode()),
        source=source,
        kind="text",
        text=text,
        title=None,
        published=published,
    )


@pytest.mark.parametrize("token", HOSTILE)
def test_figures_of_a_sentence_skip_what_is_no_figure(token: str) -> None:
    sentence = f"Police reported {token} and said 4,000 people joined the strike in 2026."
    assert _figures_of(sentence) == {"4000"}


def test_figures_of_digits_of_another_script_are_figures() -> None:
    assert _figures_of("Police said ١٢٣٤ people joined the strike.") == {"١٢٣٤"}
    assert _figures_of("Police said １２３ people joined the strike.") == {"123"}  # NFKC


def test_a_story_with_dotted_dates_and_long_numbers_gets_its_brief() -> None:
    base = (
        "Dockworkers in the port of Valmora went on strike on Monday, the union said. "
        "About 4,000 workers joined the walkout, officials said on Tuesday. "
    )
    articles = [
        art(base + "The police gave the date as 10.03.2026 in a statement to reporters.", "a"),
        art(base + "A server at 192.168.1.1 listed $ 169.000.00 in damages for the port.", "b"),
        art(base + f"The union's file number {'9' * 5000} was quoted in the letter.", "c"),
    ]
    briefs = build_briefs(articles)
    assert briefs and all(b.lead for b in briefs)


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_timelines_at_the_ends_of_the_calendar(published: str) -> None:
    text = (
        "The union said late December was the start of the strike at the port of Valmora. "
        "Dockworkers marched through the old town yesterday, the union said in a statement. "
        "Talks with the port authority will resume tomorrow, officials said on Friday."
    )
    articles = [art(text, "a", published), art(text + " More talks are planned.", "b", published)]
    for max_dates in (None, 3):
        for entry in build_timeline(articles, max_dates=max_dates):
            assert entry.date[:4] in ("9999", "0001")
