"""The timeline builder: dates resolved against publication days, events merged across
independent families (one citation a family), spans into the clean text, background, ranges,
the query, the TLS setting (N dates, K sentences a date), order, determinism, empty input.

Hand-written articles; 2024-11-07 is a Thursday, so "on Tuesday" is 2024-11-05."""

from __future__ import annotations

import pytest

from newsfuse.brief.dated import dated_sentences, trim_dateline
from newsfuse.brief.timeline import TimelineParams, build_timeline
from newsfuse.records import Article, TimelineEntry

PUB = "2024-11-07"

STRIKE_A = (
    "HAVERLUND, Estmark (NPA) — Dockworkers at the port of Haverlund began a 72-hour strike on "
    "Tuesday, demanding higher wages and guarantees against automation.\n"
    "The port's last safety inspection took place on Nov. 4 and found no structural defects.\n"
    "The union will meet the port authority again on Monday to discuss the latest offer.\n"
    "Talks between the two sides were held on October 27-28 in Brennick without any result.\n"
    "The terminal was opened in March 2019 after four years of construction work.\n"
)
STRIKE_B = (
    "Port workers in Haverlund started a 72-hour strike on Tuesday over wages and automation "
    "at the container terminal.\n"
    "Union leaders said about 900 members had joined the walkout by the evening.\n"
    "A safety inspection of the port on November 4 found no structural defects, officials said.\n"
)
FLOOD = (
    "Heavy rain flooded the lower town of Korvel on Wednesday, forcing dozens of families to "
    "leave their homes.\n"
    "Firefighters pumped water out of cellars on Wednesday night as the river kept rising.\n"
)


def art(aid: str, text: str, published: str | None = PUB, source: str | None = None) -> Article:
    return Article(
        id=aid, source=source or f"{aid}.txt", kind="text", text=text, published=published
    )


FAMILIES = {"a": "fam-1", "a-copy": "fam-1", "b": "fam-2", "c": "fam-3"}


def corpus() -> list[Article]:
    return [
        art("a", STRIKE_A),
        art("a-copy", STRIKE_A, source="copy-site.txt"),
        art("b", STRIKE_B),
        art("c", FLOOD),
    ]


def entry(timeline: list[TimelineEntry], date: str) -> TimelineEntry:
    found = [e for e in timeline if e.date == date]
    assert len(found) == 1, [e.date for e in timeline]
    return found[0]


def test_relative_and_month_day_dates_resolve_against_publication() -> None:
    tl = build_timeline([art("a", STRIKE_A)])
    dates = [e.date for e in tl]
    assert "2024-11-05" in dates  # "on Tuesday" in a Thursday article
    assert "2024-11-04" in dates  # "Nov. 4" without a year
    assert "Tuesday" in entry(tl, "2024-11-05").sentences[0].text


def test_future_plans_are_not_events() -> None:
    tl = build_timeline([art("a", STRIKE_A)])
    assert all("will meet" not in s.text for e in tl for s in e.sentences)
    assert "2024-11-11" not in [e.date for e in tl]


def test_same_event_from_two_families_is_one_sentence_with_two_citations() -> None:
    tl = build_timeline(corpus(), family_of=FAMILIES.__getitem__)
    strike = entry(tl, "2024-11-05")
    assert len(strike.sentences) == 1
    s = strike.sentences[0]
    assert {c.family for c in s.citations} == {"fam-1", "fam-2"}
    assert len(s.citations) == 2  # the copy in fam-1 adds no citation
    assert sum(c.verbatim for c in s.citations) == 1
    assert s.families == 2
    assert s.date == "2024-11-05"


def test_without_families_every_article_is_its_own() -> None:
    tl = build_timeline(corpus())
    s = entry(tl, "2024-11-05").sentences[0]
    # every article is its own family, but the copy's sentence, word for word the same as
    # the one cited, is no second report of it
    assert {c.article for c in s.citations} == {"a", "b"}
    assert all(c.family is None for c in s.citations)


def test_contradicting_figures_are_not_merged() -> None:
    a = art("a", "Officials said 4,000 people were evacuated from Korvel on Tuesday night.")
    b = art("b", "Officials said 6,500 people were evacuated from Korvel on Tuesday night.")
    tl = build_timeline([a, b])
    sentences = entry(tl, "2024-11-05").sentences
    assert len(sentences) == 2
    assert all(len(s.citations) == 1 for s in sentences)


def test_spans_index_the_clean_text_and_datelines_are_trimmed() -> None:
    arts = {a.id: a for a in corpus()}
    tl = build_timeline(list(arts.values()), family_of=FAMILIES.__getitem__)
    for e in tl:
        for s in e.sentences:
            for c in s.citations:
                text = arts[c.article].text
                assert 0 <= c.start < c.end <= len(text)
                if c.verbatim:
                    assert text[c.start : c.end] == s.text
    first = entry(tl, "2024-11-05").sentences[0]
    assert not first.text.startswith("HAVERLUND")
    text = STRIKE_A
    assert trim_dateline(text, 0, text.index("\n")) == text.index("Dockworkers")


def test_background_marks_events_well_before_the_story() -> None:
    tl = build_timeline(corpus())
    assert entry(tl, "2019-03").background  # a month, years before
    assert entry(tl, "2024-10-27/2024-10-28").background  # 10 days before Nov. 7
    assert not entry(tl, "2024-11-04").background  # 3 days before
    assert not entry(tl, "2024-11-05").background
    tl = build_timeline(corpus(), background_days=30)
    assert not entry(tl, "2024-10-27/2024-10-28").background


def test_ranges_and_months_keep_their_grain() -> None:
    tl = build_timeline([art("a", STRIKE_A)])
    assert "Brennick" in entry(tl, "2024-10-27/2024-10-28").sentences[0].text
    assert "2019" in entry(tl, "2019-03").sentences[0].text


def test_entries_are_sorted_by_date() -> None:
    tl = build_timeline(corpus())
    assert [e.date for e in tl] == [
        "2019-03",
        "2024-10-27/2024-10-28",
        "2024-11-04",
        "2024-11-05",
        "2024-11-06",
    ]


def test_query_filters_or_boosts() -> None:
    filt = TimelineParams(query_mode="filter")
    tl = build_timeline(corpus(), query="flooded, river", params=filt)
    assert [e.date for e in tl] == ["2024-11-06"]
    tl = build_timeline(corpus(), query=["safety inspection"], params=filt)
    assert [e.date for e in tl] == ["2024-11-04"]
    # boost: the sentence about the query comes first and survives per_date=1
    boost = TimelineParams(query_mode="boost", query_boost=5.0)
    flood = entry(build_timeline(corpus(), per_date=1, params=boost), "2024-11-06")
    homes = entry(build_timeline(corpus(), query="homes", per_date=1, params=boost), "2024-11-06")
    assert flood.sentences[0].text != homes.sentences[0].text
    assert "homes" in homes.sentences[0].text


def test_per_date_keeps_the_best_supported_events() -> None:
    tl = build_timeline(corpus(), per_date=1)
    assert all(len(e.sentences) == 1 for e in tl)
    nov4 = entry(build_timeline(corpus(), family_of=FAMILIES.__getitem__), "2024-11-04")
    assert nov4.sentences[0].families == 2


def test_tls_setting_keeps_the_most_mentioned_days() -> None:
    arts = corpus()
    tl = build_timeline(arts, max_dates=2, per_date=1, family_of=FAMILIES.__getitem__)
    assert len(tl) == 2
    assert all(len(e.sentences) == 1 for e in tl)
    # Tuesday and Nov. 4 are told by two families, Wednesday by one; months are not days
    assert [e.date for e in tl] == ["2024-11-04", "2024-11-05"]
    more = build_timeline(arts, max_dates=10, per_date=3)
    assert all("/" not in e.date and len(e.date) == 10 for e in more)
    assert all(len(e.sentences) <= 3 for e in more)
    window = build_timeline(arts, max_dates=10, per_date=1, between=("2024-11-05", "2024-11-30"))
    assert all(e.date >= "2024-11-05" for e in window)


def test_tls_lead_sentences_are_dated_by_publication() -> None:
    undated = art("u", "The strike paralysed the port and left ships waiting offshore.")
    assert build_timeline([undated]) == []
    tl = build_timeline([undated, art("b", STRIKE_B)], max_dates=5, per_date=2)
    texts = [s.text for e in tl for s in e.sentences]
    assert undated.text not in texts  # undated sentences do not make a date on their own
    found = dated_sentences([undated], day_only=True, lead=1)
    assert [(s.first.isoformat(), s.explicit) for s in found] == [(PUB, False)]


def test_deterministic() -> None:
    a = build_timeline(corpus(), family_of=FAMILIES.__getitem__)
    b = build_timeline(corpus(), family_of=FAMILIES.__getitem__)
    assert a == b
    assert build_timeline(corpus(), max_dates=3, per_date=2) == build_timeline(
        corpus(), max_dates=3, per_date=2
    )


def test_empty_and_undated_input() -> None:
    assert build_timeline([]) == []
    assert build_timeline([art("x", "")]) == []
    assert build_timeline([art("x", "No date is given in this sentence at all, none.")]) == []
    # an undated article still gets its absolute dates
    tl = build_timeline([art("x", "The bridge was opened on 12 March 2021 by the mayor.", None)])
    assert [e.date for e in tl] == ["2021-03-12"]
    assert not tl[0].background


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"max_dates": 0}, "max_dates"),
        ({"per_date": -1}, "per_date"),
        ({"background_days": -2}, "background_days"),
        ({"between": ("2024-01-01",)}, "between"),
    ],
)
def test_parameter_errors(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ValueError, match=f"'{name}' parameter of build_timeline"):
        build_timeline(corpus(), **kwargs)  # type: ignore[arg-type]


def test_params_errors() -> None:
    with pytest.raises(ValueError, match="'query_mode' parameter of TimelineParams"):
        TimelineParams(query_mode="maybe")
    with pytest.raises(ValueError, match="'date_score' parameter of TimelineParams"):
        TimelineParams(date_score="votes")


def test_yearless_dates_of_an_undated_article_take_the_story_year() -> None:
    undated = art(
        "u", "Its last safety inspection took place on Nov. 4 and found no defects.", None
    )
    tl = build_timeline([undated, art("b", STRIKE_B)])
    assert "u" in {c.article for s in entry(tl, "2024-11-04").sentences for c in s.citations}
    assert build_timeline([undated]) == []  # alone, "Nov. 4" has no year
