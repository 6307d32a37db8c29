"""The answer key examples/truth.json agrees with the demo corpus in examples/corpus.

Every string the key quotes (body sentences, junk lines, duplicated paragraphs, passages,
numbers, translated quotes, spellings, date phrases) must really occur in the document it names,
so that later tests can trust the key. The corpus is ours (fictional), so no skip is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = EXAMPLES / "corpus"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict[str, Any]] = TRUTH["articles"]
STORIES: dict[str, dict[str, Any]] = TRUTH["stories"]
CLAIMS: dict[str, Any] = TRUTH["claims"]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _norm(s: str) -> str:
    """Whitespace collapsed to single spaces (HTML text runs across lines and tags)."""
    return " ".join(s.split())


@cache
def raw(key: str) -> tuple[str, str]:
    """The document named by a truth key: ``(kind, content)``.

    ``name.jsonl#N`` is line N (1-based) of that JSONL file, whose ``text`` or ``html`` field is
    the content; any other key is a file in examples/corpus, HTML when it ends in ``.html``.
    """
    name, _, frag = key.partition("#")
    path = CORPUS / name
    if frag:
        line = path.read_text(encoding="utf-8").splitlines()[int(frag) - 1]
        record = json.loads(line)
        return ("html", record["html"]) if "html" in record else ("text", record["text"])
    kind = "html" if name.endswith(".html") else "text"
    return kind, path.read_text(encoding="utf-8")


@cache
def searchable(key: str) -> str:
    """The document as text in which verbatim strings are looked up.

    Plain text is used as it is; HTML becomes its text content (entities decoded, tags dropped)
    with whitespace collapsed, so a string split over source lines or inline tags still matches.
    """
    kind, content = raw(key)
    if kind == "html":
        return _norm(lxml.html.fromstring(content).text_content())
    return content


def occurs(key: str, s: str) -> bool:
    """Whether ``s`` occurs verbatim in the document (whitespace-normalised for HTML)."""
    kind, _ = raw(key)
    return (_norm(s) if kind == "html" else s) in searchable(key)


def lines_of(key: str) -> set[str]:
    return {line.strip() for line in searchable(key).splitlines()}


def test_every_corpus_document_has_an_entry_and_vice_versa() -> None:
    on_disk: set[str] = set()
    for path in CORPUS.iterdir():
        if path.suffix == ".jsonl":
            n = len(path.read_text(encoding="utf-8").splitlines())
            on_disk |= {f"{path.name}#{i}" for i in range(1, n + 1)}
        else:
            on_disk.add(path.name)
    assert on_disk == set(ARTICLES)


def test_corpus_meets_the_brief() -> None:
    names = [k for k in ARTICLES if "#" not in k]
    assert len(ARTICLES) >= 12
    assert sum(n.endswith(".html") for n in names) >= 5
    assert sum(n.endswith(".txt") for n in names) >= 5
    assert sum("#" in k for k in ARTICLES) >= 2
    assert len({a["outlet"] for a in ARTICLES.values() if a["outlet"]}) >= 6
    live = [k for k, a in ARTICLES.items() if len(a["passages"]) >= 3]
    assert any(k.endswith(".txt") for k in live) and any(k.endswith(".html") for k in live)


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_body_sentences_occur_in_order(key: str) -> None:
    a = ARTICLES[key]
    text = searchable(key)
    first, last = _norm(a["body_first"]), _norm(a["body_last"])
    if raw(key)[0] == "text":
        first, last = a["body_first"], a["body_last"]
    assert first in text, f"{key}: body_first not found"
    assert last in text, f"{key}: body_last not found"
    assert text.index(first) <= text.rindex(last)


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_body_length_is_that_of_a_news_article(key: str) -> None:
    """Between the first and last body sentence, junk removed, lie roughly 200-700 words."""
    a = ARTICLES[key]
    text = searchable(key)
    norm = raw(key)[0] == "html"
    first = _norm(a["body_first"]) if norm else a["body_first"]
    last = _norm(a["body_last"]) if norm else a["body_last"]
    body = text[text.index(first) : text.rindex(last) + len(last)]
    for junk in sorted(a["junk"], key=len, reverse=True):
        body = body.replace(_norm(junk) if norm else junk, " ")
    assert 180 <= len(body.split()) <= 750, f"{key}: {len(body.split())} words"


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_junk_and_meta_lines_occur(key: str) -> None:
    a = ARTICLES[key]
    whole_lines = lines_of(key) if raw(key)[0] == "text" else None
    for s in [*a["junk"], *a["meta_lines"]]:
        if whole_lines is not None:
            assert s.strip() in whole_lines, f"{key}: not a line of the file: {s!r}"
        else:
            assert occurs(key, s), f"{key}: not found: {s!r}"


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_duplicated_paragraphs_occur_twice(key: str) -> None:
    for s in ARTICLES[key]["duplicated"]:
        needle = _norm(s) if raw(key)[0] == "html" else s
        assert searchable(key).count(needle) >= 2, f"{key}: not pasted twice: {s!r}"


def _jsonl_record(key: str) -> dict[str, Any]:
    name, _, frag = key.partition("#")
    line = (CORPUS / name).read_text(encoding="utf-8").splitlines()[int(frag) - 1]
    record: dict[str, Any] = json.loads(line)
    return record


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_metadata_fields_are_well_formed(key: str) -> None:
    a = ARTICLES[key]
    if a["published"] is not None:
        dt.datetime.fromisoformat(a["published"])
    for field in ("title", "author", "outlet", "credit"):
        assert a[field] is None or (isinstance(a[field], str) and a[field].strip())
    if "#" in key:  # JSONL: the metadata fields of the line are the truth
        record = _jsonl_record(key)
        for field in ("title", "author", "published", "outlet", "url"):
            assert record.get(field) == a[field], f"{key}: {field}"
        return
    for field in ("title", "credit"):
        if a[field] is not None:
            assert occurs(key, a[field]), f"{key}: {field} {a[field]!r} not printed"
    if a["author"] is not None:
        assert all(occurs(key, n) for n in a["author"].split(" and ")), f"{key}: author"


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_events_and_stories_agree(key: str) -> None:
    a = ARTICLES[key]
    assert a["event"], f"{key}: no event"
    for story in a["event"]:
        assert key in STORIES[story]["members"]
    for story, s in STORIES.items():
        if key in s["members"]:
            assert story in a["event"]
    if a["passages"]:
        assert {p["story"] for p in a["passages"]} == set(a["event"])


@pytest.mark.parametrize("key", sorted(k for k, a in ARTICLES.items() if a["passages"]))
def test_live_blog_passages_occur_in_order(key: str) -> None:
    a = ARTICLES[key]
    norm = raw(key)[0] == "html"
    positions = []
    for p in a["passages"]:
        first = _norm(p["first"]) if norm else p["first"]
        assert first in searchable(key), f"{key}: passage not found: {p['first']!r}"
        positions.append(searchable(key).index(first))
        if p.get("title"):
            assert occurs(key, p["title"])
    assert positions == sorted(positions)
    assert a["passages"][0]["first"] == a["body_first"]
    unrelated = {"museum", "cup"}
    assert {p["story"] for p in a["passages"]} & unrelated, f"{key}: no unrelated story"


def _paragraphs(key: str) -> list[str]:
    kind, content = raw(key)
    if kind == "html":
        return [_norm(p.text_content()) for p in lxml.html.fromstring(content).iter("p")]
    return [p.strip() for p in re.split(r"\n+", content) if p.strip()]


def _numbers(s: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*\d|\d", s))


@pytest.mark.parametrize("key", sorted(k for k, a in ARTICLES.items() if a["copies"]))
def test_copies_and_rewrites_keep_the_source(key: str) -> None:
    copy = ARTICLES[key]["copies"]
    source = copy["of"]
    assert source in ARTICLES
    src_paras = _paragraphs(source)
    if copy["how"] in ("exact", "wrapped copy"):
        for p in src_paras:
            assert occurs(key, p), f"{key}: misses a paragraph of {source}: {p[:60]!r}"
    else:
        assert copy["how"] == "rewrite"
        assert not any(occurs(key, p) for p in src_paras[1:]), f"{key}: not rewritten"
        src_text = "\n".join(src_paras)
        assert _numbers(src_text) <= _numbers(searchable(key)), "a figure of the source is lost"


def test_number_claims_occur_where_the_key_says() -> None:
    for claim in CLAIMS["numbers"]:
        assert len(claim["texts"]) >= 1
        for key, phrase in claim["texts"].items():
            assert occurs(key, phrase), f"{claim['id']}: {phrase!r} not in {key}"
    values = {c["id"]: c["value"] for c in CLAIMS["numbers"]}
    assert (
        len(
            {
                values["evacuated-official"],
                values["left-homes-relief"],
                values["evacuated-forecast"],
            }
        )
        == 3
    )


def test_translated_quotes_occur_and_differ() -> None:
    for t in CLAIMS["translations"]:
        versions = t["versions"]
        assert len(versions) == 2 and len(set(versions.values())) == 2
        for key, quote in versions.items():
            assert occurs(key, quote), f"{t['speaker']}: quote not in {key}"
            assert t["speaker"].split()[-1] in searchable(key)


def test_spelling_variants_are_consistent_per_source() -> None:
    for entry in CLAIMS["spellings"]:
        variants = entry["variants"]
        assert len(variants) >= 2
        for name, keys in variants.items():
            for key in keys:
                assert occurs(key, name), f"{name!r} not in {key}"
                for other in set(variants) - {name}:
                    assert not occurs(key, other), f"{key} uses both {name!r} and {other!r}"


def _days(resolved: str | list[str] | None) -> list[dt.date]:
    if resolved is None:
        return []
    items = resolved if isinstance(resolved, list) else [resolved]
    return [dt.date.fromisoformat(d) for d in items if len(d) == 10]


def test_relative_dates_occur_and_match_their_weekday() -> None:
    for d in CLAIMS["relative_dates"]:
        assert occurs(d["source"], d["phrase"]), f"{d['phrase']!r} not in {d['source']}"
        # anchored on the publication date; a capture that prints no full date (the live blog
        # names "12 March" without a year) is anchored on the day it names
        published = ARTICLES[d["source"]]["published"]
        assert published is None or d["anchor"] == published
        anchor = dt.date.fromisoformat(d["anchor"][:10])
        for day in _days(d["resolves_to"]):
            assert abs((day - anchor).days) <= 14, d
            named = [w for w in WEEKDAYS if w.lower() in d["phrase"].lower()]
            if named:
                assert WEEKDAYS[day.weekday()] == named[0], d


def test_absolute_dates_occur() -> None:
    for d in CLAIMS["absolute_dates"]:
        for key in d["sources"]:
            assert occurs(key, d["phrase"]), f"{d['phrase']!r} not in {key}"
        for day in _days(d["resolves_to"]):
            assert day.year in (2025, 2026)


def test_printed_weekdays_agree_with_the_calendar() -> None:
    """Date lines like '12 March, 2026 Thursday' in the captures name the right weekday."""
    pattern = re.compile(r"(\d{1,2}) March,? 2026,? (\w+day)|(\w+day) (\d{1,2}) March 2026")
    seen = 0
    for key in ARTICLES:
        for m in pattern.finditer(searchable(key)):
            day = int(m.group(1) or m.group(4))
            weekday = m.group(2) or m.group(3)
            assert WEEKDAYS[dt.date(2026, 3, day).weekday()] == weekday, (key, m.group(0))
            seen += 1
    assert seen >= 3
