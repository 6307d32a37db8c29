"""Stories on real captures: the demo corpus's answer key and the ../shared seed captures."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import newsfuse
from newsfuse.records import Article
from newsfuse.stories import StoryClusterer, group_stories

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Key = tuple[str, int | None]  # (source name, passage index or None)


@cache
def demo_articles() -> tuple[Article, ...]:
    return tuple(newsfuse.extract_articles([str(EXAMPLES / "corpus")]))


def name(source: str) -> str:
    return source.replace("\\", "/").split("/")[-1]


def expected_demo_stories() -> set[frozenset[Key]]:
    """The answer key's stories as sets of (source, passage): a live blog's passages are
    found by the first sentence the key gives for each of them."""
    truth = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
    by_name = {name(a.source): a for a in demo_articles()}
    passages: dict[tuple[str, str], list[int]] = {}
    for src, entry in truth["articles"].items():
        for p in entry["passages"]:
            texts = by_name[src].passage_texts()
            (index,) = [i for i, t in enumerate(texts) if p["first"] in t]
            passages.setdefault((src, p["story"]), []).append(index)
    stories = set()
    for story, entry in truth["stories"].items():
        members: set[Key] = set()
        for src in entry["members"]:
            found: list[int | None] = [*passages.get((src, story), [])] or [None]
            members.update((src, i) for i in found)
        stories.add(frozenset(members))
    return stories


@pytest.mark.parametrize("copies_known", [False, True])
def test_the_demo_corpus_stories_are_recovered_exactly(copies_known: bool) -> None:
    family_of = None
    if copies_known:  # what the copies stage says: the content farm copied the wire story
        ids = {name(a.source): a.id for a in demo_articles()}
        wire = ids["wire.jsonl#1"]
        family_of = {wire: wire, ids["newsmill24-kessring-dam-copy.txt"]: wire}
    stories = group_stories(demo_articles(), family_of=family_of)
    got = {frozenset((name(m.source), m.passage) for m in s.members) for s in stories}
    assert got == expected_demo_stories()


def test_demo_story_records_read_well() -> None:
    by_size = group_stories(demo_articles())
    dam = by_size[0]
    assert "Kessring Dam" in dam.label or "Velna" in dam.label
    assert "Kessring Dam" in dam.entities
    assert dam.first_seen is not None and dam.first_seen.startswith("2026-03-12")
    assert dam.last_seen is not None and dam.last_seen.startswith("2026-03-13")
    assert dam.families == 9  # without the copies stage every article is its own family
    # the wire story and its verbatim copy are one family once the copies stage says so
    wire, copy = (
        next(a.id for a in demo_articles() if name(a.source) == n)
        for n in ("wire.jsonl#1", "newsmill24-kessring-dam-copy.txt")
    )
    again = group_stories(demo_articles(), family_of={copy: wire, wire: wire})
    assert again[0].families == 8


def test_demo_incremental_runs_keep_ids_and_end_where_one_run_ends() -> None:
    arts = sorted(demo_articles(), key=lambda a: a.published or "~")
    whole = {s.id: {(m.source, m.passage) for m in s.members} for s in group_stories(arts)}
    c = StoryClusterer()
    seen: set[str] = set()
    for i in range(0, len(arts), 5):
        c = StoryClusterer.from_state(json.loads(json.dumps(c.to_state())))
        c.partial_fit(arts[i : i + 5])
        ids = {c.resolve(x) for x in seen}
        assert ids <= {s.id for s in c.stories()}  # earlier ids still resolve to a story
        seen |= {s.id for s in c.stories()}
    got = {s.id: {(m.source, m.passage) for m in s.members} for s in c.stories()}
    assert got == whole


@pytest.mark.shared
def test_seed_reports_of_the_first_clashes_land_in_one_story(seeds_dir: Path) -> None:
    arts = list(newsfuse.extract_articles([str(seeds_dir)]))
    stories = group_stories(arts)
    where = {(name(m.source)[:3], m.passage): s.id for s in stories for m in s.members}
    blog = [k for k in where if k[1] is not None]
    assert len(blog) == 4  # the live blog of seed 000 has four passages
    clashes = where[("000", 0)]  # "first clashes ... in Kursk Oblast"
    assert where[("001", None)] == clashes
    assert where[("002", None)] == clashes
    assert where[("004", None)] == clashes
    # the live blog's passages on recruitment abroad and on the dispute with Poland go elsewhere
    assert where[("000", 1)] != clashes
    assert where[("000", 3)] != clashes
    assert where[("000", 1)] != where[("000", 3)]
