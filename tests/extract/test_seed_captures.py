"""The five real captures in ../shared/seeds: body kept, junk gone, repeats once, metadata
recovered, the live blog split into its stories. Every expectation below is read off the
capture itself; none of these strings appears in the cleaner's code."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from newsfuse.extract import extract_document
from newsfuse.extract.text import TextCleaning, clean_text
from newsfuse.ingest import iter_documents
from newsfuse.records import Article

pytestmark = pytest.mark.shared


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.casefold()))


@cache
def _clean(path: Path) -> TextCleaning:
    return clean_text(path.read_text(encoding="utf-8"))


def capture(seeds_dir: Path, prefix: str) -> TextCleaning:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return _clean(path)


def article(seeds_dir: Path, prefix: str) -> Article:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    (doc,) = list(iter_documents([str(path)]))
    assert not isinstance(doc, type(None))
    return extract_document(doc)  # type: ignore[arg-type]


def paragraphs(c: TextCleaning) -> list[str]:
    return [_norm(p) for p in c.text.split("\n\n")]


def assert_kept(c: TextCleaning, *starts: str) -> None:
    paras = paragraphs(c)
    for s in starts:
        assert any(p.startswith(_norm(s)) for p in paras), f"body paragraph lost: {s!r}"


def assert_dropped(c: TextCleaning, *lines: str) -> None:
    paras = paragraphs(c)
    for s in lines:
        assert not any(p.startswith(_norm(s)) for p in paras), f"junk kept: {s!r}"


def test_every_dropped_line_has_a_reason(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        for r in _clean(path).removed:
            assert r.reason and r.line is not None, (path.name, r)


# --- 000: a live blog under a theme's placeholder address, with a block pasted twice ------


def test_live_blog_capture_body_junk_and_repeats(seeds_dir: Path) -> None:
    c = capture(seeds_dir, "000")
    assert c.title and c.title.startswith("Ukraine war latest: Kyiv confirms first battles")
    assert_kept(
        c,
        "Key developments on Nov. 5:",
        "The first clashes between the Ukrainian Armed Forces and North Korean soldiers",
        "The clashes were small-scale, according to Umerov.",
        "The recruitment center of the Ukrainian Legion in Poland",
        "Foreign ministers of the Group of Seven (G7)",
        "By asking Poland to shoot down Russian missiles",
        "“We’re trying to help, but we’re also a front-line country.",
    )
    assert_dropped(c, "Physical Address", "304 North Cardinal St.", "Dorchester Center, MA 02124", "en_USEnglish")
    paras = paragraphs(c)
    for repeated in ("Foreign ministers of the Group of Seven (G7)", "Besides the G7 members, including the U.S."):
        assert sum(p.startswith(_norm(repeated)) for p in paras) == 1
    reasons = {r.text: r.reason for r in c.removed}
    assert reasons["304 North Cardinal St."].startswith("postal address")
    assert reasons["en_USEnglish"].startswith("language switcher")


def test_live_blog_capture_splits_into_its_stories(seeds_dir: Path) -> None:
    a = article(seeds_dir, "000")
    texts = [_norm(t) for t in a.passage_texts()]
    assert len(texts) >= 3

    def passage_of(s: str) -> int:
        return next(i for i, t in enumerate(texts) if _norm(s) in t)

    clashes = passage_of("The first clashes between the Ukrainian Armed Forces")
    legion = passage_of("The recruitment center of the Ukrainian Legion in Poland")
    dispute = passage_of("Gawkowski’s comments came amid a growing diplomatic spat")
    assert len({clashes, legion, dispute}) == 3
    # the passages tile the text in order and their spans point into it
    assert a.passages[0].start == 0 and a.passages[-1].end == len(a.text)
    for p, q in zip(a.passages, a.passages[1:], strict=False):
        assert p.end < q.start


# --- 001: outlet, byline, date and time lines; template token; a "more news" feed ---------


def test_capture_with_printed_metadata_and_a_news_feed(seeds_dir: Path) -> None:
    c = capture(seeds_dir, "001")
    assert c.title == (
        "First clashes occur between Ukrainian army and DPRK military in Kursk region, "
        "Ukrainian Defense Minister confirms"
    )
    assert c.outlet and "Espreso" in c.outlet
    assert c.author == "Sofia Polonska"
    assert c.published == "2024-11-05T18:39"
    assert_kept(
        c,
        "On Tuesday, November 5, Ukrainian Defense Minister Rustem Umerov confirmed",
        "He said this in an interview with KBS.",
        "Military cooperation between Russia and the DPRK",
        "During the Ukraine-Northern Europe summit",
    )
    assert_dropped(
        c,
        "client/title.list_title",
        "Tags:",
        "Read also:",
        "21:15",
        "If Russia deploys Oreshnik missile in Belarus",
        "Russia plans to fine residents of occupied territories",
        "Budapest Memorandum has not worked",
        "More news",
    )
    assert not any("2024, Friday" in p for p in c.text.split("\n\n"))


# --- 002: a rewrite with a closing credit line -------------------------------------------


def test_rewrite_keeps_every_paragraph_and_moves_the_credit(seeds_dir: Path) -> None:
    c = capture(seeds_dir, "002")
    assert c.credit == "ABC News"
    assert "Credit:" not in c.text
    assert len(c.text.split("\n\n")) == 10
    assert c.title is None  # the capture prints no headline; none is invented


# --- 003: a content-farm copy: UI tokens, caption, AI-audio note, teasers, newsletter ----


def test_content_farm_copy(seeds_dir: Path) -> None:
    c = capture(seeds_dir, "003")
    assert c.title == "North Korean troops taking casualties in Russia's Kursk Oblast, Zelensky confirms"
    assert c.outlet == "The Kyiv Independent"
    assert c.author and "Kyiv Independent" in c.author
    assert c.published == "2024-11-08T08:50"
    assert_kept(
        c,
        "North Korean troops fighting against Ukrainian forces are taking casualties",
        "\"Currently, 11,000 North Korean soldiers are present on Russian territory",
        "Speaking on Nov. 7 he reiterated his call.",
        "\"We are now issuing a warning",
        "\"The ministers condemned in",
    )
    assert_dropped(
        c,
        "Skip to content",
        "Edit post",
        "Korean People's Army (KPA) soldiers wait to pay their respects",
        "This audio is created with AI assistance",
        "‘Russia has problems’ – We asked 5 Ukrainian soldiers",
        "Russia’s war in Ukraine is on the verge of escalating dramatically",
        "What we know about Trump’s plans",
        "Transnistria eases blackouts amid gas shortage.",
        "Authorities in Moldova's Russian-controlled region",
        "MORE NEWS",
        "Enter your email to subscribe",
        "* indicates required",
        "Thank you for signing up for this newsletter.",
    )
    reasons = {r.text.strip(): r.reason for r in c.removed}
    assert reasons["Korean People's Army (KPA) soldiers wait to pay their respects before the statues of the late North Korean leaders Kim Il Sung and Kim Jong Il as the country marks the 25th death anniversary of Kim Il Sung, at Mansu Hill in Pyongyang on July 8, 2019 (Kim Won Jin / AFP)"].startswith("image caption")


# --- 004: a clean rewrite: nothing to remove ----------------------------------------------


def test_clean_capture_is_left_whole(seeds_dir: Path) -> None:
    (path,) = seeds_dir.glob("004_*.txt")
    c = _clean(path)
    raw = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert c.text.split("\n\n") == raw
    assert c.removed == ()
    assert len(article(seeds_dir, "004").passages) == 1


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_ordinary_articles_are_one_passage(seeds_dir: Path, prefix: str) -> None:
    assert len(article(seeds_dir, prefix).passages) == 1
