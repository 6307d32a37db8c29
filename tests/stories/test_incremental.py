"""Stories are a function of the set of articles: any batching gives the stories of one run.

The demo corpus and a generated stream (several events over several weeks, live blogs, undated
reports; see ``stream_corpus.py``) are fed in several runs, split in time order, in reverse,
interleaved and at random, through the in-memory clusterer (with a JSON round trip of its
state between runs) and through the store-backed index; the stories (ids, members with their
scores, labels, first and last seen, families) must equal those of one run. Also: families
that change between runs, articles changed or removed, where an update resumes, a failed item
tried again, an update that fails leaving the store as it was, and the bound on memory and
on the bytes kept.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pytest
from story_helpers import make_article
from stream_corpus import stream
from test_cluster import QUAKE_A
from test_stories_data import demo_articles

from newsfuse.records import Article, Passage, Story
from newsfuse.store import Store
from newsfuse.stories import StoryClusterer, StoryIndex, group_stories, story_id
from newsfuse.stories.state import item_key

Canon = list[tuple]


def canon(stories: Iterable[Story]) -> Canon:
    """Everything a story shows, members with their scores, sorted by id."""
    return sorted(
        (
            s.id,
            s.label,
            s.keywords,
            s.entities,
            s.first_seen,
            s.last_seen,
            s.families,
            tuple((m.article, m.source, m.passage, m.score) for m in s.members),
        )
        for s in stories
    )


def day_of(a: Article) -> str:
    return (a.published or "~")[:10]


def splits(arts: Sequence[Article], seed: int = 0) -> dict[str, list[list[Article]]]:
    """The articles split several ways: in time order, in reverse, interleaved, at random."""
    by_time = sorted(arts, key=lambda a: (a.published or "~", a.id))
    shuffled = list(arts)
    random.Random(seed).shuffle(shuffled)

    def cut(seq: Sequence[Article], n: int) -> list[list[Article]]:
        return [list(seq[i * len(seq) // n : (i + 1) * len(seq) // n]) for i in range(n)]

    return {
        "time order": cut(by_time, 5),
        "reverse": cut(by_time[::-1], 4),
        "interleaved": [by_time[i::3] for i in range(3)],
        "random": cut(shuffled, 6),
    }


@cache
def generated() -> tuple[tuple[Article, ...], dict[str, str]]:
    arts, gold = stream()
    return tuple(arts), gold


@cache
def one_run_stories() -> tuple[Story, ...]:
    return tuple(group_stories(generated()[0]))


def one_run_generated() -> Canon:
    return canon(one_run_stories())


# --- the in-memory clusterer -------------------------------------------------------------------


def clusterer_runs(batches: Iterable[Sequence[Article]], **params) -> StoryClusterer:
    c = StoryClusterer(**params)
    for batch in batches:
        c = StoryClusterer.from_state(json.loads(json.dumps(c.to_state())))
        c.partial_fit(batch)
    return c


@pytest.mark.parametrize("split", ["time order", "reverse", "interleaved", "random"])
def test_demo_corpus_in_several_runs_gives_the_stories_of_one(split: str) -> None:
    arts = list(demo_articles())
    assert any(a.published is None for a in arts)  # undated articles are part of the set
    one = canon(group_stories(arts))
    got = clusterer_runs(splits(arts)[split])
    assert canon(got.stories()) == one


@pytest.mark.parametrize("split", ["time order", "reverse", "interleaved", "random"])
def test_generated_stream_in_several_runs_gives_the_stories_of_one(split: str) -> None:
    arts, _gold = generated()
    got = clusterer_runs(splits(arts, seed=3)[split])
    assert canon(got.stories()) == one_run_generated()


def test_the_generated_stream_is_grouped_into_its_events() -> None:
    # not only equal, also right: each event is one story, no story mixes two events
    arts, gold = generated()
    stories = one_run_stories()
    where = {item_key(m.article, m.passage): s.id for s in stories for m in s.members}
    assert set(where) == set(gold)
    for s in stories:
        assert len({gold[item_key(m.article, m.passage)] for m in s.members}) == 1, s.label
    # every dated report and passage of an event is in one story (undated reports join the
    # stories still open at the end, or stand alone)
    published = {a.id: a.published for a in arts}
    by_event: dict[str, set[str]] = {}
    for key, event in gold.items():
        if published[key.split("#")[0]]:
            by_event.setdefault(event, set()).add(where[key])
    assert all(len(ids) == 1 for ids in by_event.values()), by_event


# --- the store-backed index --------------------------------------------------------------------


def index_runs(
    path: Path, batches: Iterable[Sequence[Article]], **params
) -> tuple[Store, StoryIndex]:
    store = Store(path)
    index = StoryIndex(store, **params)
    for batch in batches:
        index.update(batch)
    return store, index


def stored_canon(stories: Iterable[Story]) -> Canon:
    """As :func:`canon`, with the scores as the store keeps them (4 decimals)."""
    return canon(Story.from_dict(s.to_dict()) for s in stories)


@pytest.mark.parametrize("split", ["time order", "random"])
def test_the_index_in_several_runs_gives_the_stories_of_one(tmp_path: Path, split: str) -> None:
    arts, _gold = generated()
    store, index = index_runs(tmp_path / "s.db", splits(arts, seed=5)[split], checkpoints=4)
    assert stored_canon(index.stories()) == stored_canon(one_run_stories())
    # the order of the list is group_stories' order too
    assert [s.id for s in index.stories()] == [s.id for s in one_run_stories()]
    store.close()


def test_the_index_on_the_demo_corpus(tmp_path: Path) -> None:
    arts = list(demo_articles())
    store, index = index_runs(tmp_path / "s.db", splits(arts)["random"])
    assert stored_canon(index.stories()) == stored_canon(group_stories(arts))
    for s in index.stories():
        for m in s.members:
            assert index.story_of(m.article, m.passage) == s.id
    store.close()


def test_giving_the_same_articles_again_changes_nothing(tmp_path: Path) -> None:
    arts, _gold = generated()
    store, index = index_runs(tmp_path / "s.db", [arts])
    before = stored_canon(index.stories())
    assert before == stored_canon(one_run_stories())
    delta = index.update(arts)
    assert not delta and delta.replayed_items == 0
    assert stored_canon(index.stories()) == before
    store.close()


# --- families, changes, removals -----------------------------------------------------------------


def test_a_family_change_in_a_later_run_gives_the_stories_of_one_run(tmp_path: Path) -> None:
    arts, _gold = generated()
    by_time = sorted((a for a in arts if a.published), key=lambda a: (a.published, a.id))
    # the copies stage learns in the second run that two reports of some days ago are one
    # family (a copy found later): that changes their story
    a, b = by_time[-40], by_time[-38]
    merged = {a.id: "fam-x", b.id: "fam-x"}

    def before(article: str, _passage: int | None) -> str:
        return article

    def after(article: str, passage: int | None) -> str:
        return merged.get(article, article)

    store = Store(tmp_path / "s.db")
    index = StoryIndex(store)
    index.update(arts, family_of=before)
    delta = index.update([], family_of=after)
    # the stories of a and b are recomputed from a's day on
    assert delta.replayed_from is not None and delta.replayed_from < day_of(a)
    assert index.story_of(a.id) in delta.changed
    assert stored_canon(index.stories()) == stored_canon(group_stories(arts, family_of=after))
    # a mapping naming only the articles whose family changed works the same
    again = Store(tmp_path / "t.db")
    index2 = StoryIndex(again)
    index2.update(arts)
    delta2 = index2.update([], family_of=merged)
    assert delta2.changed
    assert stored_canon(index2.stories()) == stored_canon(index.stories())
    store.close()
    again.close()


def _changed(a: Article, text: str) -> Article:
    """The same document read again with another text (a newer extractor): same id."""
    return Article(
        id=a.id,
        source=a.source,
        kind=a.kind,
        text=text,
        title=a.title,
        published=a.published,
        passages=(Passage(0, len(text), a.title),),
    )


def test_changed_and_removed_articles(tmp_path: Path) -> None:
    arts, _gold = generated()
    by_time = sorted(arts, key=lambda a: (a.published or "~", a.id))
    dated = [a for a in by_time if a.published]
    victim, edited = dated[-45], dated[-30]
    new_text = QUAKE_A[0][1]  # the report now reads as another event's
    final = [
        _changed(a, new_text) if a.id == edited.id else a for a in by_time if a.id != victim.id
    ]
    store, index = index_runs(tmp_path / "s.db", [by_time[:100], by_time[100:]])
    delta = index.update([_changed(edited, new_text)], removed_ids=[victim.id])
    assert delta.replayed_from is not None and delta.replayed_from < day_of(victim)
    assert index.story_of(victim.id) is None
    assert any(victim.id in [k.split("#")[0] for k in ks] for ks in delta.removed_members.values())
    assert stored_canon(index.stories()) == stored_canon(group_stories(final))
    # the in-memory clusterer agrees
    c = StoryClusterer().fit(by_time)
    c.partial_fit([_changed(edited, new_text)], removed_ids=[victim.id])
    assert canon(c.stories()) == canon(group_stories(final))
    store.close()


def test_a_story_merged_away_still_resolves(tmp_path: Path) -> None:
    title, text = QUAKE_A[0]
    early = make_article(text, source="a.txt", title=title, published="2026-03-02T09:00:00")
    title2, text2 = QUAKE_A[1]
    late = make_article(text2, source="b.txt", title=title2, published="2026-03-03T09:00:00")
    store = Store(tmp_path / "s.db")
    index = StoryIndex(store)
    index.update([late])
    gone = story_id(late.id, None)
    assert [s.id for s in index.stories()] == [gone]
    # the earlier report arrives later: the story now starts with it, and the late report's
    # story id resolves to it
    delta = index.update([early])
    kept = story_id(early.id, None)
    assert delta.merged == {gone: kept} and delta.created == (kept,)
    assert index.resolve(gone) == kept
    assert index.story(gone).id == kept  # type: ignore[union-attr]
    assert index.resolve("no-such-story") is None
    store.close()


# --- where an update resumes -------------------------------------------------------------------


def test_an_update_replays_from_the_checkpoint_before_its_earliest_day(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    arts, _gold = generated()
    dated = sorted((a for a in arts if a.published), key=lambda a: (a.published, a.id))
    undated = [a for a in arts if not a.published]
    days = sorted({day_of(a) for a in dated})
    last, before_last = days[-1], days[-2]
    held = [a for a in dated if day_of(a) == before_last][:1]
    rest = [a for a in dated if a not in held]
    store = Store(tmp_path / "s.db")
    index = StoryIndex(store, checkpoints=3)
    index.update(rest + undated)
    # one day late: resumes from the end of the day before it, replays two days and the
    # undated items
    delta = index.update(held)
    assert delta.replayed_from == days[-3]
    n = sum(1 for a in arts if day_of(a) in (before_last, last) or not a.published)
    n += sum(
        len(a.passages) - 1
        for a in arts
        if day_of(a) in (before_last, last) and len(a.passages) > 1
    )
    assert delta.replayed_items == n
    assert delta.replayed_days == 3
    # an undated article replays the undated batch only
    extra = make_article(QUAKE_A[2][1], source="u.txt", title=QUAKE_A[2][0])
    delta = index.update([extra])
    assert delta.replayed_from == last and delta.replayed_days == 1
    # an article older than the oldest checkpoint: from the start, logged
    old = make_article(QUAKE_A[0][1], source="o.txt", title="x", published=days[2])
    with caplog.at_level(logging.WARNING, logger="newsfuse.stories"):
        delta = index.update([old])
    assert delta.replayed_from is None
    assert "replaying every stored item from the start" in caplog.text
    everything = [*arts, extra, old]
    assert stored_canon(index.stories()) == stored_canon(group_stories(everything))
    # three checkpoints are kept, at the ends of the three newest days
    with store.story_ledger() as ledger:
        kept = ledger.checkpoint_days()
    assert [dt.date.fromordinal(d).isoformat() for d in kept] == days[-3:]
    store.close()


def test_an_update_that_fails_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.stories import engine

    arts, _gold = generated()
    by_time = sorted(arts, key=lambda a: (a.published or "~", a.id))
    store, index = index_runs(tmp_path / "s.db", [by_time[:120]])
    before = stored_canon(index.stories()), index.sizes()
    real = engine.Engine.process
    calls = [0]

    def failing(self, day, rows):
        calls[0] += 1
        if calls[0] > 3:
            raise MemoryError("out of memory halfway")
        return real(self, day, rows)

    monkeypatch.setattr(engine.Engine, "process", failing)
    with pytest.raises(MemoryError):
        index.update(by_time[120:])
    assert (stored_canon(index.stories()), index.sizes()) == before
    monkeypatch.setattr(engine.Engine, "process", real)
    index.update(by_time[120:])
    assert stored_canon(index.stories()) == stored_canon(one_run_stories())
    store.close()


def test_an_item_that_cannot_be_read_is_tried_again_by_the_next_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.stories import state

    arts, _gold = generated()
    odd = sorted(arts, key=lambda a: a.id)[7]
    real = state.extract_features

    def features(text, **kw):
        if text.startswith(odd.text[:80]):
            raise ValueError("an odd page")
        return real(text, **kw)

    monkeypatch.setattr(state, "extract_features", features)
    store = Store(tmp_path / "s.db")
    index = StoryIndex(store)
    delta = index.update(arts)
    assert [(f.source, f.stage) for f in delta.failures][:1] == [(odd.source, "stories")]
    assert index.story_of(odd.id, None if len(odd.passages) == 1 else 0) is None
    monkeypatch.setattr(state, "extract_features", real)
    delta = index.update([])  # not given again: the index keeps it and tries again
    assert delta.failures == ()
    assert stored_canon(index.stories()) == stored_canon(one_run_stories())
    store.close()


def test_changed_parameters_replay_everything(tmp_path: Path) -> None:
    arts, _gold = generated()
    store, _index = index_runs(tmp_path / "s.db", [arts])
    index = StoryIndex(store, window_days=3)
    delta = index.update([])
    assert delta.replayed_from is None and delta.replayed_items > 0
    assert stored_canon(index.stories()) == stored_canon(group_stories(arts, window_days=3))
    store.close()


# --- memory and bytes ------------------------------------------------------------------------


def test_memory_holds_only_the_recent_window_and_the_bytes_stay_small(tmp_path: Path) -> None:
    arts, _gold = generated()
    by_time = sorted((a for a in arts if a.published), key=lambda a: (a.published, a.id))
    c = StoryClusterer(window_days=3)
    for i in range(0, len(by_time), 40):
        c.partial_fit(by_time[i : i + 40])
    engine = c._engine
    assert engine is not None
    newest = max(dt.date.fromisoformat(day_of(a)).toordinal() for a in by_time)
    # every story in memory can still gain members; the others are records only
    assert engine.clusters
    assert all(
        cl.last_day is not None and cl.last_day >= newest - 3 for cl in engine.clusters.values()
    )
    assert len(engine.clusters) < len(c.stories()) / 2
    assert set(engine.where) == {k for cl in engine.clusters.values() for k in cl.members}
    # the index: features of a few KB per item, checkpoints a small part of the store
    store, index = index_runs(tmp_path / "s.db", [by_time[:150], by_time[150:]], window_days=3)
    sizes = index.sizes()
    n_items = sum(max(1, len(a.passages)) for a in by_time)
    assert sizes["items"] / n_items < 3000
    assert sizes["checkpoint_stories"] < sizes["items"]
    store.close()
