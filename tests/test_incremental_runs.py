"""Incremental runs (issue 14): ``newsfuse run`` fed a corpus in several batches leaves the
store exactly as one run over all of it (articles, copy links, families, stories, claim
clusters, entities and briefs, ids included), whatever the split and the order; a run that
changes nothing recomputes nothing; and ``--jobs 2`` writes what ``--jobs 1`` writes."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.dedup.test_index import generated

from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent / "stories"))
from stream_corpus import stream

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _state(store: Store) -> dict[str, Any]:
    """Everything a run leaves in the store that a reader would see, as plain data."""
    return {
        "articles": sorted(a.id for a in store.articles(raw=False)),
        "links": sorted(
            (lk.a, lk.b, lk.type, round(lk.score, 6), lk.a_passage, lk.b_passage)
            for lk in store.links()
        ),
        "families": sorted(json.dumps(f.to_dict(), sort_keys=True) for f in store.families()),
        "stories": sorted(json.dumps(st.to_dict(), sort_keys=True) for st in store.stories()),
        "claims": sorted(
            json.dumps(c.to_dict(), sort_keys=True, default=str) for c in store.claim_clusters()
        ),
        "entities": sorted(
            json.dumps(e.to_dict(), sort_keys=True, default=str) for e in store.entities()
        ),
        "briefs": sorted(json.dumps(b.to_dict(), sort_keys=True) for b in store.briefs()),
    }


def _run(store: Store, inputs: list[Path], **settings: Any) -> Any:
    return Pipeline(Settings(jobs=0, **settings)).run([str(p) for p in inputs], store=store)


def _batches(store_path: Path, batches: list[list[Path]]) -> dict[str, Any]:
    with Store(store_path) as store:
        for batch in batches:
            _run(store, batch)
        return _state(store)


def _demo_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def demo_whole(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _batches(tmp_path_factory.mktemp("whole") / "s.db", [_demo_files()])


@pytest.mark.parametrize("how", ["thirds", "reverse-pairs", "one-by-one-shuffled"])
def test_the_demo_corpus_in_batches_gives_one_run(
    tmp_path: Path, demo_whole: dict[str, Any], how: str
) -> None:
    files = _demo_files()
    if how == "thirds":
        k = len(files) // 3 + 1
        batches = [files[i : i + k] for i in range(0, len(files), k)]
    elif how == "reverse-pairs":
        rev = files[::-1]
        batches = [rev[i : i + 2] for i in range(0, len(rev), 2)]
    else:
        shuffled = files[:]
        random.Random(3).shuffle(shuffled)
        batches = [[f] for f in shuffled]
    state = _batches(tmp_path / "s.db", batches)
    assert state["stories"] and state["briefs"] and state["links"]
    for key in demo_whole:
        assert state[key] == demo_whole[key], key


def _write_generated(root: Path) -> list[Path]:
    """Two generated corpora as JSON Lines files of 20 articles each, in publication order:
    copies, wraps, rewrites and live blogs of made-up events (the copy index tests'), and a
    stream of events over weeks with live blogs and undated reports (the story tests')."""
    arts = generated(n_events=6, seed=11) + stream(seed=5)[0]
    arts.sort(key=lambda a: (a.published or "~", a.id))
    # one text once: the same text delivered twice is one article, and the metadata it keeps
    # (date, title) is that of the delivery seen first, which depends on the order
    seen: set[str] = set()
    arts = [a for a in arts if not (a.text in seen or seen.add(a.text))]
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(0, len(arts), 20):
        path = root / f"part-{k // 20:02d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in arts[k : k + 20]:
                row = {"text": a.text, "title": a.title, "published": a.published}
                # a host per article: what a site's pages teach the cleaner (its boilerplate,
                # a credit line it repeats) is learned from the pages of one run, so pages of
                # one site split over runs may be read differently (not what is tested here)
                row.update({"outlet": a.outlet, "url": f"https://n{a.id}.example.org/a"})
                fh.write(json.dumps({k2: v for k2, v in row.items() if v}) + "\n")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def generated_whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Any]]:
    root = tmp_path_factory.mktemp("generated")
    files = _write_generated(root / "in")
    return files, _batches(root / "whole.db", [files])


@pytest.mark.parametrize("order", ["in order", "newest first"])
def test_a_generated_corpus_in_batches_gives_one_run(
    tmp_path: Path, generated_whole: tuple[list[Path], dict[str, Any]], order: str
) -> None:
    files, whole = generated_whole
    assert len(files) >= 3
    assert len(whole["links"]) > 10 and len(whole["stories"]) > 3
    batches = [[f] for f in (files if order == "in order" else files[::-1])]
    state = _batches(tmp_path / "s.db", batches)
    for key in whole:
        assert state[key] == whole[key], key


def test_a_run_that_adds_nothing_recomputes_no_story(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = _run(store, _demo_files())
        assert first.counts["stories_updated"] == len(first.stories) > 0
        again = _run(store, _demo_files())
        assert again.counts["stories_updated"] == 0
        assert again.counts["stories"] == first.counts["stories"]
        # one more file: only the stories that hold it (and the ones sharing its copies) change
        extra = tmp_path / "extra.txt"
        extra.write_text(
            "Harbour crane collapses at Port Veyle\n\n"
            "A container crane collapsed at Port Veyle on Monday morning, the port authority "
            "said, injuring no one but closing two berths for at least a week. Engineers from "
            "the crane's maker were expected on Tuesday, a spokesman for the authority said, "
            "and ships due at the two berths were sent to the northern quay in the meantime.\n",
            encoding="utf-8",
        )
        third = _run(store, [extra])
        assert 1 <= third.counts["stories_updated"] < len(third.stories)


def test_a_killed_run_makes_the_next_one_check_every_story(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        _run(store, _demo_files())
        before = _state(store)
        run_id = store.begin_run(["(killed)"], {})  # a run that never finished
        del run_id
        report = _run(store, _demo_files())
        assert report.counts["stories_updated"] == 0  # every digest checked, all the same
        assert _state(store) == before


def test_a_run_after_one_with_failures_checks_every_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later stage that failed (a story's claims, the stage as a whole) leaves stories whose
    stored results are older than their inputs: the next run checks every story's digest."""
    from newsfuse.pipeline import _full_pass

    files = _demo_files()
    clean = _batches(tmp_path / "clean.db", [files])
    with Store(tmp_path / "s.db") as store:
        _run(store, files[:-3])
        assert not _full_pass(store, None)  # a clean, completed run with this code
        import newsfuse.claims.crosscheck as crosscheck

        def broken(*a: Any, **k: Any) -> Any:
            raise RuntimeError("a bug in the claims stage")

        with monkeypatch.context() as m:
            m.setattr(crosscheck, "story_claims", broken)
            # one job: the stories are made in this process, where the patch is
            failed = Pipeline(Settings(jobs=1)).run([str(p) for p in files[-3:]], store=store)
        # each story the run made is a failure of its own, recorded
        assert failed.counts["failed_claims"] == failed.counts["stories_updated"] >= 1
        assert _full_pass(store, None)
        _run(store, files)  # every story is made again
        assert _state(store) == clean
        assert not _full_pass(store, None)


def _outputs(out: Path) -> dict[str, bytes]:
    files = {}
    for p in sorted(out.rglob("*")):
        if (
            p.is_file()
            and p.name != "report.json"
            and p.name != "report.md"
            and ".db" not in p.name
        ):
            files[p.relative_to(out).as_posix()] = p.read_bytes()
    return files


def test_two_workers_write_what_one_writes(tmp_path: Path) -> None:
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        with Store(out / "newsfuse.db") as store:
            Pipeline(Settings(jobs=jobs)).run([str(CORPUS)], store=store, out_dir=out)
            outs[jobs] = (_outputs(out), _state(store))
    assert outs[1][1] == outs[2][1]
    assert outs[1][0].keys() == outs[2][0].keys()
    for name in outs[1][0]:
        assert outs[1][0][name] == outs[2][0][name], name


def test_a_story_whose_claims_inputs_did_not_change_gets_only_its_brief_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A and its copy B make one story and one family; C, another copy a month later, is a
    # story of its own and joins the family (same family id): A's story gains a copy link and
    # a family member, which its brief shows, while its claims' inputs stay the same
    text = (
        "About 4,000 people have been evacuated from three towns in the Velna valley after "
        "engineers found a crack in the spillway of the Kessring Dam, regional governor Yuriy "
        "Dravenko said on Thursday.\n\n“We will not take any risk with the dam,” Dravenko "
        "told reporters in Brennick.\n\nThe Estmark Red Lantern Society says up to 6,500 "
        "people have left their homes, well above the official count."
    )
    more = "\n\nThe dam was finished in 1962 and last inspected in 2019."
    lines = {
        "a": {"url": "https://valdora-herald.example/dam", "title": "Dam crack forces evacuation",
              "published": "2026-03-12", "text": text},
        "b": {"url": "https://newsmill24.example/dam", "title": "Dam crack forces evacuation",
              "published": "2026-03-13", "text": text + more},
        "c": {"url": "https://globe-ticker.example/dam", "title": "Dam crack forces evacuation",
              "published": "2026-04-20", "text": text + more.replace("2019", "2021")},
    }  # fmt: skip
    paths = {}
    for key, line in lines.items():
        paths[key] = tmp_path / f"{key}.jsonl"
        paths[key].write_text(json.dumps(line) + "\n", encoding="utf-8")
    whole = _batches(tmp_path / "whole.db", [[paths["a"], paths["b"], paths["c"]]])

    import newsfuse.claims.crosscheck as crosscheck

    made: list[str] = []
    real = crosscheck.story_claims

    def counted(story: Any, *args: Any, **kw: Any) -> Any:
        made.append(story.id)
        return real(story, *args, **kw)

    with Store(tmp_path / "batches.db") as store:
        _run(store, [paths["a"], paths["b"]])
        (first,) = [st.id for st in store.stories()]
        before = {b.story: b.to_dict() for b in store.briefs()}
        family = [f.id for f in store.families()]
        monkeypatch.setattr(crosscheck, "story_claims", counted)
        # one job: the stories are made in this process, where the count is (with more, in
        # worker processes)
        Pipeline(Settings(jobs=1)).run([str(paths["c"])], store=store)
        assert len(store.stories()) == 2, "C is a story of its own"
        assert [f.id for f in store.families()] == family, "C joined the family"
        assert made and first not in made  # C's claims were made, the first story's kept
        after = {b.story: b.to_dict() for b in store.briefs()}
        assert after[first] != before[first]  # its brief shows the new copy
        assert _state(store) == whole
