"""The claims and brief of each story as tasks of the backend (newsfuse.per_story): a run
gives them to the backend a few stories per task and writes what they return as the client
made it before; a story past its budget gets its minimal brief (or fails) and the others go
on, and the next run makes it again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.test_faults import snapshot

from newsfuse.backends import LocalBackend, Overrun
from newsfuse.config import Settings
from newsfuse.per_story import TASK_ARTICLES, story_fallback, story_task
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


class Recording:
    """A backend that runs every item inline and records which function it went to; the
    story tasks holding a story of ``overrun`` (and with ``both``, their fallbacks too) come
    back as past their budget, as the local backend returns them."""

    def __init__(self, overrun: Iterable[str] = (), *, both: bool = False) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.overrun = set(overrun)
        self.both = both

    def _over(self, fn: Callable[..., Any], item: tuple[Any, ...]) -> bool:
        if fn is story_fallback and not self.both:
            return False
        stories = item[0] if fn in (story_task, story_fallback) else ()
        return any(st.id in self.overrun for st in stories)

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[tuple[Any, ...]],
        *,
        fallback: Callable[..., Any] | None = None,
        scale: Callable[..., float] | None = None,
        batch: int | None = None,
    ) -> Iterator[Any]:
        for item in items:
            self.calls.append((fn.__name__, item))
            if not self._over(fn, item):
                yield fn(*item)
                continue
            first = Overrun("time", "took longer than its budget of 1 s")
            if fallback is None:
                yield first
                continue
            self.calls.append((fallback.__name__, item))
            if self._over(fallback, item):
                yield Overrun("time", f"{first.reason}; the fallback too: {first.reason}")
            else:
                yield fallback(*item, first.reason)

    def close(self) -> None:
        pass


def _run(db: Path, backend: Any = None, **settings: Any) -> tuple[Any, dict[str, Any]]:
    with Store(db) as store:
        pipeline = Pipeline(Settings(**settings), backend=backend)
        report = pipeline.run([str(CORPUS)], store=store)
    return report, snapshot(db)


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, Any]]:
    """The demo corpus with the stories made one after another in this process (jobs=1)."""
    return _run(tmp_path_factory.mktemp("inline") / "s.db", jobs=1)


def test_the_stories_are_made_by_the_backend_a_few_per_task(
    tmp_path: Path, inline: tuple[Any, dict[str, Any]]
) -> None:
    backend = Recording()
    report, state = _run(tmp_path / "s.db", backend)
    tasks = [item for name, item in backend.calls if name == "story_task"]
    made = [st.id for item in tasks for st in item[0]]
    assert sorted(made) == sorted(st.id for st in report.stories) and len(made) == 5
    assert any(len(item[0]) > 1 for item in tasks), "tiny stories share a task"
    for stories, articles, *_ in tasks:
        members = {m.article for st in stories for m in st.members}
        assert len(stories) == 1 or len(members) <= TASK_ARTICLES
        assert members <= set(articles)  # each task carries what its stories need
    assert state == inline[1]  # as the client made them
    assert report.digests == inline[0].digests


def test_the_local_backend_of_two_processes_gives_the_same(
    tmp_path: Path, inline: tuple[Any, dict[str, Any]]
) -> None:
    with LocalBackend(2) as backend:
        report, state = _run(tmp_path / "s.db", backend)
    assert state == inline[1] and not report.failures


def _one_story(inline: tuple[Any, dict[str, Any]]) -> str:
    """A story that shares its task with others (the demo's largest)."""
    return max(inline[0].stories, key=lambda st: len(st.members)).id


def test_a_story_past_its_budget_gets_its_minimal_brief_and_the_others_go_on(
    tmp_path: Path, inline: tuple[Any, dict[str, Any]]
) -> None:
    slow = _one_story(inline)
    backend = Recording({slow})
    report, state = _run(tmp_path / "s.db", backend)
    # its task ran again story by story; only the slow one went to its fallback
    names = [name for name, _ in backend.calls]
    assert names.count("story_fallback") == 1
    (failure,) = [f for f in report.failures if f.source == f"story {slow}"]
    assert failure.stage == "claims" and "budget of 1 s; only its minimal brief" in failure.reason
    assert report.status == "completed"
    brief = {b.story: b for b in report.briefs}[slow]
    assert brief.headline and not brief.lead and not brief.facts and brief.sources
    assert not [c for c in report.claims.clusters() if c.story == slow]
    assert slow not in report.digests  # made again by the next run
    for name in ("claims", "briefs"):
        other = [row for row in state[name] if slow not in row[:2]]
        assert other == [row for row in inline[1][name] if slow not in row[:2]]
    with Store(tmp_path / "s.db") as store:
        again = Pipeline(Settings(jobs=1)).run([str(CORPUS)], store=store)
    assert not again.failures and snapshot(tmp_path / "s.db") == inline[1]


def test_a_story_past_its_budget_and_its_fallback_is_a_failure(
    tmp_path: Path, inline: tuple[Any, dict[str, Any]]
) -> None:
    slow = _one_story(inline)
    report, state = _run(tmp_path / "s.db", Recording({slow}, both=True))
    (failure,) = [f for f in report.failures if f.source == f"story {slow}"]
    assert "the fallback too" in failure.reason
    assert slow not in {b.story for b in report.briefs}
    assert len(report.briefs) == len(inline[0].briefs) - 1
    assert [r for r in state["briefs"] if r[0] != slow] == [
        r for r in inline[1]["briefs"] if r[0] != slow
    ]


def test_a_story_whose_making_raises_is_a_failure_and_the_others_go_on(
    tmp_path: Path, inline: tuple[Any, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsfuse.claims.crosscheck as crosscheck

    bad = _one_story(inline)
    real = crosscheck.story_claims

    def odd(story: Any, *args: Any, **kw: Any) -> Any:
        if story.id == bad:
            raise RuntimeError("a bug on one story")
        return real(story, *args, **kw)

    monkeypatch.setattr(crosscheck, "story_claims", odd)
    report, state = _run(tmp_path / "s.db", jobs=1)  # inline: the patch is seen
    (failure,) = [f for f in report.failures if f.source == f"story {bad}"]
    assert "a bug on one story" in failure.reason
    assert len(report.briefs) == len(inline[0].briefs) - 1
    assert [r for r in state["claims"] if r[1] != bad] == [
        r for r in inline[1]["claims"] if r[1] != bad
    ]
