"""The claims and the cited brief of stories, as tasks of the backend.

The ``claims+brief`` stage of a run (:mod:`newsfuse.pipeline`) gives each story's claims and
brief to the backend's workers, a few stories per task: :func:`story_items` cuts a chunk of
stories into tasks of about :data:`TASK_ARTICLES` member articles (a larger story alone), each
carrying only what its stories are made from (their members' articles and the other ends of
their copy links, those links and families, the finders' results, anchor days, and the time
expressions the finders read, for the timeline); :func:`story_task` makes them on a worker.
A story's results are a function of these alone, so they do not depend on where, or with
which other stories, they were made.

Budget: a task has the time of as many documents as its stories have member articles
(:func:`task_documents`). One past it is made again story by story; a story past its budget
alone gets :func:`story_fallback` (no claims, its minimal brief), and one past that too is a
failure; the other stories go on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsfuse.records import Article, Brief, ClaimCluster, Failure, Family, Link, Story

if TYPE_CHECKING:
    from newsfuse.dedup import CopyReport

#: member articles of the stories of one task at most (a larger story is a task alone): a
#: task costs a round trip to a worker and its articles' pickling, so tiny stories share one
TASK_ARTICLES = 24

Key = tuple[str, dt.date | None]


@dataclass(frozen=True, slots=True)
class StoryResult:
    """What a task makes of one story: its claim clusters, its entities (codec bytes), its
    brief when it passed the faithfulness check, what failed (``failures``: claims and the
    check, in order; ``brief_failures``: what the brief builder left out) and the check's
    problems. ``done`` is False for a story past its budget: its digest is not kept, so
    the next run makes it again."""

    story: str
    clusters: list[ClaimCluster]
    entities: bytes
    brief: Brief | None
    failures: list[Failure]
    brief_failures: list[Failure]
    problems: list[Any]
    done: bool = True


def story_items(
    stories: Sequence[Story],
    by_id: Mapping[str, Article],
    copies: CopyReport,
    found: Mapping[Key, Any],
    anchors: Mapping[str, dt.date],
    known: Mapping[tuple[str, dt.date], Any],
    size: int = TASK_ARTICLES,
) -> Iterator[tuple[Any, ...]]:
    """The tasks of ``stories`` in order: groups of about ``size`` member articles, each with
    what its stories need of the chunk (``known``: the time expressions read per text and
    day)."""
    order = {id(lk): k for k, lk in enumerate(copies.links)}
    links_of: dict[str, list[Link]] = defaultdict(list)
    for lk in copies.links:
        links_of[lk.a].append(lk)
        if lk.b != lk.a:
            links_of[lk.b].append(lk)
    family_of: dict[str, list[Family]] = defaultdict(list)
    for fam in copies.families:
        for m in fam.members:
            family_of[m].append(fam)
    family_order = {f.id: k for k, f in enumerate(copies.families)}
    known_of: dict[str, list[tuple[dt.date, Any]]] = defaultdict(list)
    for (text, day), times in known.items():
        known_of[text].append((day, times))
    for group in story_groups(stories, size):
        members = sorted({m.article for st in group for m in st.members})
        links = {id(lk): lk for aid in members for lk in links_of.get(aid, ())}
        ends = set(members) | {x for lk in links.values() for x in (lk.a, lk.b)}
        articles = {aid: by_id[aid] for aid in sorted(ends) if aid in by_id}
        fams = {f.id: f for aid in sorted(ends) for f in family_of.get(aid, ())}
        keys = {(aid, day) for (aid, day) in found if aid in articles}
        texts = {a.text for a in articles.values()}
        yield (
            list(group),
            articles,
            [links[k] for k in sorted(links, key=order.__getitem__)],
            [fams[f] for f in sorted(fams, key=family_order.__getitem__)],
            {k: found[k] for k in found if k in keys},
            {aid: anchors[aid] for aid in articles if aid in anchors},
            [(t, day, times) for t in sorted(texts) for day, times in known_of.get(t, ())],
        )


def story_groups(stories: Sequence[Story], size: int) -> Iterator[list[Story]]:
    """Stories in groups of about ``size`` member articles, in order (a larger story alone):
    a run's chunks of stories, and the tasks of a chunk."""
    group: list[Story] = []
    n = 0
    for st in stories:
        k = len({m.article for m in st.members})
        if group and n + k > size:
            yield group
            group, n = [], 0
        group.append(st)
        n += k
    if group:
        yield group


def task_documents(stories: Sequence[Story], *_rest: Any) -> float:
    """How many documents' budgets a task holds: its stories' member articles."""
    return float(max(1, sum(len({m.article for m in st.members}) for st in stories)))


def story_task(
    stories: list[Story],
    articles: dict[str, Article],
    links: list[Link],
    families: list[Family],
    found: dict[Key, Any],
    anchors: dict[str, dt.date],
    known: list[tuple[str, dt.date, Any]],
) -> list[StoryResult]:
    """Claims and briefs of ``stories`` (a task of the backend, see :func:`story_items`), in
    order, as the run's client made them one story after another. Never raises: a story
    whose making raises is a failure of its own."""
    from newsfuse.brief.build import BriefBuilder
    from newsfuse.brief.dated import times_known
    from newsfuse.claims import ClaimComparer
    from newsfuse.claims.crosscheck import story_claims
    from newsfuse.dedup import CopyReport
    from newsfuse.store import codec

    copies = CopyReport(list(articles.values()), links, families)
    comparer = ClaimComparer()
    out: list[StoryResult] = []
    with times_known(known):
        for st in stories:
            builder = BriefBuilder()
            failures: list[Failure] = []
            try:
                sc, _claims, entities = story_claims(
                    st, articles, found, copies.family_of, comparer, failures, anchors
                )
                brief, problems = checked(builder.brief_of(sc, articles, copies), articles)
            except Exception as exc:  # a bug on one story must not cost the others
                failure = Failure.of(f"story {st.id}", "claims", exc)
                out.append(StoryResult(st.id, [], b"", None, [failure], [], [], done=False))
                continue
            if problems:
                failures.append(unfaithful(st.id, problems))
            out.append(
                StoryResult(
                    st.id,
                    list(sc.clusters),
                    codec.dumps(entities),
                    brief,
                    failures,
                    builder.failures,
                    problems,
                )
            )
    return out


def story_fallback(
    stories: list[Story],
    articles: dict[str, Article],
    links: list[Link],
    families: list[Family],
    found: dict[Key, Any],
    anchors: dict[str, dt.date],
    known: list[tuple[str, dt.date, Any]],
    overrun: str = "",
) -> list[StoryResult]:
    """What a story gets when :func:`story_task` overran its budget (``overrun`` says how):
    no claims, its minimal brief (a cited headline and its sources), and a failure that says
    why. Its digest is not kept, so the next run makes it again."""
    from newsfuse.brief.build import BriefBuilder
    from newsfuse.dedup import CopyReport

    copies = CopyReport(list(articles.values()), links, families)
    out: list[StoryResult] = []
    for st in stories:
        builder = BriefBuilder()
        why = f"its claims and brief {overrun}".strip()
        failures = [Failure(f"story {st.id}", "claims", f"{why}; only its minimal brief")]
        try:
            brief, problems = checked(builder.minimal(st, articles, copies), articles)
        except Exception as exc:  # recorded; the other stories go on
            failures.append(Failure.of(f"story {st.id}", "brief", exc))
            brief, problems = None, []
        if problems:
            failures.append(unfaithful(st.id, problems))
        out.append(
            StoryResult(st.id, [], b"", brief, failures, builder.failures, problems, done=False)
        )
    return out


def failed_story(story: Story, reason: str) -> StoryResult:
    """A story past its budget and its fallback's: a failure, nothing made."""
    failure = Failure(f"story {story.id}", "claims", f"its claims and brief {reason}")
    return StoryResult(story.id, [], b"", None, [failure], [], [], done=False)


def checked(brief: Brief | None, articles: Mapping[str, Article]) -> tuple[Brief | None, list]:
    """``brief`` when the faithfulness check passes it (else None) and the check's problems."""
    from newsfuse.brief.faithful import check_brief

    if brief is None:
        return None, []
    problems = check_brief(brief, articles)
    return (None, problems) if problems else (brief, [])


def unfaithful(story: str, problems: list[Any]) -> Failure:
    return Failure(f"story {story}", "brief", f"{len(problems)} untraceable: {problems[0]}")


__all__ = [
    "TASK_ARTICLES",
    "StoryResult",
    "checked",
    "failed_story",
    "story_fallback",
    "story_groups",
    "story_items",
    "story_task",
    "task_documents",
    "unfaithful",
]
