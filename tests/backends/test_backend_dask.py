"""The Dask backend (issue 17): a run on a real ``distributed.LocalCluster`` of 2 workers
gives what the local backend gives (store and output files, ids included); a worker killed
mid-run loses and duplicates nothing; a pathological document is bounded by its budget on
the worker and reported, and the rest goes on; without the extra, a one-line hint."""

from __future__ import annotations

import contextlib
import html
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.backends.test_backend_local import double, four, nap, negative, spin
from tests.test_faults import snapshot
from tests.test_incremental_runs import _state, _write_generated

from newsfuse.backends import Overrun
from newsfuse.config import Settings
from newsfuse.errors import ConfigError
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
HINT = "pip install 'newsfuse[dask]'"


def no_partition(*args: Any) -> None:
    raise AssertionError("no partition task is expected")


def spin_too(x: int, reason: str) -> int:
    """A fallback that overruns as well."""
    return spin(x)


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file byte for byte, apart from what differs between two runs by nature:
    report.json's times and store path, report.md's store line."""
    files = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file() or p.name.startswith("newsfuse.db"):
            continue
        rel = p.relative_to(out).as_posix()
        data = p.read_bytes()
        if rel == "report.json":
            d = json.loads(data)
            for key in ("started", "finished", "seconds", "store"):
                d.pop(key)
            data = json.dumps(d, sort_keys=True).encode()
        elif rel == "report.md":
            data = b"\n".join(x for x in data.splitlines() if not x.startswith(b"- store:"))
        files[rel] = data
    return files


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real LocalCluster of 2 worker processes (each with its nanny, as in production)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        silence_logs=40,
    ) as c:
        yield c


def _dask(cluster: Any, **budget: Any) -> Any:
    from newsfuse.backends.dask import DaskBackend

    return DaskBackend(scheduler=cluster.scheduler_address, **budget)


# -- equal results --------------------------------------------------------------------------


def _cli_run(out: Path, *args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        prelude + "\nimport sys\nfrom newsfuse.cli import main\nsys.argv[0] = 'newsfuse'\nmain()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, "run", str(CORPUS), "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_demo_corpus_on_a_local_dask_cluster_gives_the_local_run(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    local = _cli_run(tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    dask = _cli_run(tmp_path / "dask", "--backend", "dask", "--workers", "2")
    assert dask.returncode == 0, dask.stderr
    # the dashboard of the cluster the run started is told, on stderr
    told = [x for x in dask.stderr.splitlines() if "dashboard at http://127.0.0.1:" in x]
    assert told and "2 worker(s)" in told[0], dask.stderr
    assert snapshot(tmp_path / "dask" / "newsfuse.db") == snapshot(
        tmp_path / "local" / "newsfuse.db"
    )
    mine, theirs = outputs(tmp_path / "dask"), outputs(tmp_path / "local")
    assert mine.keys() == theirs.keys() and len(mine) > 20
    for name in mine:
        assert mine[name] == theirs[name], name


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Any]]:
    """A generated corpus of about 300 articles (copies, rewrites, live blogs, stories over
    weeks) and what the local backend makes of it."""
    root = tmp_path_factory.mktemp("generated")
    files = _write_generated(root / "in")
    out = root / "local"
    with Store(out / "newsfuse.db") as store:
        Pipeline(Settings(jobs=2)).run([str(f) for f in files], store=store, out_dir=out)
        return files, {"state": _state(store), "outputs": outputs(out)}


def _dask_run(files: list[Path], out: Path, backend: Any, **kw: Any) -> tuple[Any, dict]:
    with Store(out / "newsfuse.db") as store:
        report = Pipeline(Settings(), backend=backend, **kw).run(
            [str(f) for f in files], store=store, out_dir=out
        )
        return report, {"state": _state(store), "outputs": outputs(out)}


def test_a_generated_corpus_on_dask_gives_the_local_run(
    tmp_path: Path, cluster: Any, generated: tuple[list[Path], dict[str, Any]]
) -> None:
    files, local = generated
    assert len(local["state"]["articles"]) > 250 and len(local["state"]["stories"]) > 5
    with _dask(cluster) as backend:
        report, got = _dask_run(files, tmp_path, backend)
    assert report.counts["extracted"] == len(local["state"]["articles"])
    assert got == local


def test_settings_choose_the_dask_backend_in_the_python_api(cluster: Any) -> None:
    from newsfuse.backends import LocalBackend
    from newsfuse.backends.dask import DaskBackend, _close_shared

    settings = Settings(backend="dask", scheduler=cluster.scheduler_address)
    try:
        pipeline = Pipeline(settings)
        assert isinstance(pipeline.backend, DaskBackend)
        assert Pipeline(settings).backend is pipeline.backend  # one per process
        got = [a for _d, a in pipeline.extract([str(CORPUS)])]
    finally:
        _close_shared()
    want = [a for _d, a in Pipeline(backend=LocalBackend(0)).extract([str(CORPUS)])]
    assert got == want and len(got) > 10


# -- the workers read the inputs ---------------------------------------------------------------


def _page(a: Any) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in a.text.split("\n\n"))
    return (
        f"<html><head><title>{html.escape(a.title or 'Report')}</title></head><body>"
        f"<nav>Home | World | Sport</nav><article><h1>{html.escape(a.title or 'Report')}</h1>"
        f"{paras}</article><footer>(c) {html.escape(a.outlet or 'Press')}</footer></body></html>"
    )


def _worker_inputs(root: Path) -> list[Path]:
    """Inputs the workers read: a JSONL of HTML articles (cut into ranges by the test, with
    a bad line, a line of plain text, the same page twice in one range and in two ranges),
    a WARC.gz of pages and a directory of pages."""
    from tests.dedup.test_index import generated
    from tests.ingest.ingest_helpers import make_warc

    arts = generated(n_events=6, seed=3)
    arts.sort(key=lambda a: (a.published or "~", a.id))
    seen: set[str] = set()
    arts = [a for a in arts if not (a.text in seen or seen.add(a.text))]
    root.mkdir(parents=True)
    rows = []
    for k, a in enumerate(arts[:30]):
        rows.append(
            json.dumps(
                {
                    "html": _page(a),
                    "published": a.published,
                    "outlet": a.outlet,
                    "url": f"https://n{k % 7}.example.org/{a.id}",
                }
            )
        )
    rows[3:3] = ["{not json", rows[2]]  # a bad line; the same page again at once
    rows.append(rows[5])  # ... and again in a later range
    rows.append(json.dumps({"text": arts[30].text, "outlet": arts[30].outlet}))
    feed = root / "feed.jsonl"
    feed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pages = [(f"https://w.example.org/{a.id}", _page(a).encode(), "text/html") for a in arts[31:39]]
    (root / "crawl.warc.gz").write_bytes(make_warc(pages))
    (root / "dir").mkdir()
    for a in arts[39:47]:
        (root / "dir" / f"{a.id}.html").write_text(_page(a), encoding="utf-8")
    return [feed, root / "crawl.warc.gz", root / "dir"]


def _order(db: Path) -> list[tuple[str, str]]:
    """The documents in the order they were stored, with their first source."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT d.id, (SELECT min(s.seq) FROM sources s WHERE s.doc_id = d.id) FROM "
            "documents d ORDER BY d.seq"
        ).fetchall()


def test_jsonl_and_warc_read_by_the_workers_give_the_local_run_and_the_client_reads_none(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.ingest import partitions

    monkeypatch.setattr(partitions, "RANGE_BYTES", 8000)  # the feed in several ranges
    files = _worker_inputs(tmp_path / "in")
    assert len(list(partitions.plan([str(files[0])], Settings()))) > 3
    inputs = [str(f) for f in files]
    opened: list[tuple[str, str]] = []  # (run, path) of the input files this process opened
    watching: list[str] = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if watching and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            path = os.fsdecode(args[0])
            if path.startswith(str(tmp_path / "in")):
                opened.append((watching[0], path))

    sys.addaudithook(hook)
    reports: dict[str, list[Any]] = {"local": [], "dask": []}
    with _dask(cluster) as backend:
        for attempt in range(2):  # the second run finds everything in the store
            for name in ("local", "dask"):
                out = tmp_path / name
                with Store(out / "newsfuse.db") as store:
                    pipeline = Pipeline(
                        Settings(jobs=2) if name == "local" else Settings(),
                        backend=None if name == "local" else backend,
                    )
                    watching[:] = [name]
                    try:
                        report = pipeline.run(inputs, store=store, out_dir=out)
                    finally:
                        watching.clear()
                    reports[name].append((dict(report.counts), report.failures, _state(store)))
            # the local run reads the inputs here (the hook sees it); the Dask run does not
            assert {run for run, _path in opened} == {"local"}, opened[:3]
            opened.clear()
            assert reports["dask"][attempt] == reports["local"][attempt]
            assert snapshot(tmp_path / "dask" / "newsfuse.db") == snapshot(
                tmp_path / "local" / "newsfuse.db"
            )
            assert _order(tmp_path / "dask" / "newsfuse.db") == _order(
                tmp_path / "local" / "newsfuse.db"
            )
            assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    first, again = reports["dask"][0][0], reports["dask"][1][0]
    assert first["extracted"] >= 40 and first["reused"] == 2, first
    assert again.get("extracted", 0) == 0, again
    assert again["reused"] == first["extracted"] + 2, again
    failures = reports["dask"][0][1]
    assert [f.source for f in failures] == [f"{files[0]}#4"], failures


def test_a_worker_killed_while_it_reads_a_partition_loses_and_duplicates_nothing(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.backends import LocalBackend
    from newsfuse.ingest import partitions

    monkeypatch.setattr(partitions, "RANGE_BYTES", 4000)  # the feed in about 12 ranges
    inputs = [str(f) for f in _worker_inputs(tmp_path / "in")]
    with Store(tmp_path / "local.db") as store:
        want = Pipeline(backend=LocalBackend(0)).run(inputs, store=store)
        local = (dict(want.counts), want.failures, _state(store))
    killed: list[int] = []
    stop = threading.Event()
    with _dask(cluster) as backend:
        client = backend.start()._client

        def kill_one() -> None:
            """Kill the first worker seen reading a partition (the client sees the results
            of a run's first 2,000 documents only once they are all in)."""
            while not stop.is_set() and not killed:
                for worker, keys in client.processing().items():
                    if any("extract_part" in str(k) for k in keys):
                        (pid,) = client.run(os.getpid, workers=[worker]).values()
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                        return
                time.sleep(0.01)

        killer = threading.Thread(target=kill_one, daemon=True)
        killer.start()
        try:
            with Store(tmp_path / "dask.db") as store:
                got = Pipeline(Settings(), backend=backend).run(inputs, store=store)
                dask = (dict(got.counts), got.failures, _state(store))
        finally:
            stop.set()
            killer.join()
    assert killed, "no partition was in flight"
    assert dask == local
    assert snapshot(tmp_path / "dask.db") == snapshot(tmp_path / "local.db")


def test_workers_that_do_not_see_the_files_leave_them_to_the_client(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.backends import LocalBackend, dask_reading

    inputs = [str(f) for f in _worker_inputs(tmp_path / "in")]
    with Store(tmp_path / "local.db") as store:
        Pipeline(backend=LocalBackend(0)).run(inputs, store=store)
    told: list[str] = []
    monkeypatch.setattr(dask_reading, "_workers_see", lambda client, part: False)
    monkeypatch.setattr(dask_reading, "extract_part", no_partition)  # a task would fail the run
    with _dask(cluster, say=told.append) as backend, Store(tmp_path / "dask.db") as store:
        report = Pipeline(Settings(), backend=backend).run(inputs, store=store)
    assert report.counts["extracted"] >= 40
    assert told == [
        "newsfuse: the Dask workers do not see the input files under the same paths (no "
        "shared filesystem): this client reads them"
    ]
    assert snapshot(tmp_path / "dask.db") == snapshot(tmp_path / "local.db")


def test_the_store_ids_go_to_the_workers_as_8_bytes_each() -> None:
    from newsfuse.backends.dask_reading import _known, pack_ids
    from newsfuse.records import content_id

    ids = [content_id(f"page {k}".encode()) for k in range(5)]
    packed = pack_ids([*ids, ids[0], "not-an-id", "abc"])  # twice, and no content ids
    assert len(packed) == 5 * 8
    assert _known("run-1", packed) == {bytes.fromhex(i) for i in ids}


# -- faults ---------------------------------------------------------------------------------


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    tmp_path: Path, cluster: Any, generated: tuple[list[Path], dict[str, Any]]
) -> None:
    import psutil

    files, local = generated
    killed: list[int] = []
    orphans: list[int] = []
    with _dask(cluster) as backend:
        client = backend.start()._client

        def kill_one(_source: str, done: int) -> None:
            if killed or done < 20:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            assert busy, "no task in flight"
            pids = client.run(os.getpid, workers=busy[:1])
            (pid,) = pids.values()
            # the worker's guarded processes must go with it
            orphans.extend(p.pid for p in psutil.Process(pid).children(recursive=True))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        report, got = _dask_run(files, tmp_path, backend, progress=kill_one)
        assert killed, "no worker was killed mid-run"
        assert orphans, "the killed worker had no guarded process"
        assert killed[0] not in client.run(os.getpid).values()  # a new worker replaced it
    assert report.counts["extracted"] == len(local["state"]["articles"])
    assert not report.failures
    assert got == local
    deadline = time.monotonic() + 20
    while any(psutil.pid_exists(p) for p in orphans) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in orphans if psutil.pid_exists(p)]


def test_a_pathological_document_is_stopped_at_its_budget_and_the_rest_goes_on(
    cluster: Any,
) -> None:
    start = time.monotonic()
    with _dask(cluster, seconds=1) as backend:
        plain = list(backend.map(double, [(i,) for i in range(40)]))
        stuck = list(backend.map(spin, [(i,) for i in range(6)]))
        saved = list(backend.map(spin, [(i,) for i in range(6)], fallback=negative))
        lost = list(backend.map(spin, [(i,) for i in range(6)], fallback=spin_too))
    assert time.monotonic() - start < 60
    assert plain == [2 * i for i in range(40)]
    assert stuck[:3] == [0, 1, 2] and stuck[4:] == [4, 5]
    assert isinstance(stuck[3], Overrun) and stuck[3].kind == "time"
    assert "1 s" in stuck[3].reason
    assert saved == [0, 1, 2, -3, 4, 5]
    assert isinstance(lost[3], Overrun) and "the fallback too" in lost[3].reason
    assert lost[:3] == [0, 1, 2] and lost[4:] == [4, 5]


def test_an_item_of_several_documents_has_the_time_of_all_on_the_workers(cluster: Any) -> None:
    with _dask(cluster, seconds=0.3) as backend:
        alone = list(backend.map(nap, [(0.6,)]))
        held = list(backend.map(nap, [(0.6,), (0.1,)], scale=four, batch=1))
    assert isinstance(alone[0], Overrun) and "0.3 s" in alone[0].reason
    assert held == [0.6, 0.1]


DENSE = (
    '<p>"We will reopen the Harbour Bridge on 3 March 2026," Mayor Anna Lindqvist of Valdora '
    "said on Monday {i}, adding that 1,{i:03d} residents, 35 shops and the Kessring Dam "
    "Authority had asked for it; Olaf Berg, a spokesman for Norland Rail, said 4.5 million "
    "euros was spent.</p>\n"
)


def test_a_page_past_its_budget_and_its_fallback_is_a_failure_and_the_run_goes_on(
    tmp_path: Path, cluster: Any
) -> None:
    """A long page dense with quotes, names and figures at a budget of 0.1 s: its extraction
    overruns (the linear extractor reads it, or overruns too), and the claim finders overrun
    on its text and on its first 60,000 characters (about 0.3 CPU s): a failure with the
    reason, while the other page is stored."""
    page = tmp_path / "dense.html"
    body = "".join(DENSE.format(i=i % 1000) for i in range(2000))
    page.write_text(
        f"<html><head><title>Bridge</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    small = CORPUS / "valdora-herald-kessring-dam.html"
    settings = Settings(doc_seconds=0.1)
    with _dask(cluster, seconds=0.1) as backend, Store(tmp_path / "s.db") as store:
        report = Pipeline(settings, backend=backend).run([str(page), str(small)], store=store)
        assert report.status == "completed"
        failed = [f for f in report.failures if f.source == str(page)]
        assert len(failed) == 1, report.failures
        articles = {a.source: a for a in store.articles(raw=False)}
    assert "took longer than its budget of 0.1 s; the fallback too" in failed[0].reason
    assert str(small) in articles
    if failed[0].stage == "claims":  # extracted by the fallback, then too long to read
        assert articles[str(page)].extractor == "linear"
        assert "budget of 0.1 s" in articles[str(page)].warnings[0]
    else:
        assert failed[0].stage == "extract" and str(page) not in articles


# -- options and the missing extra --------------------------------------------------------


def test_without_the_extra_dask_fails_with_a_one_line_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = _cli_run(
        tmp_path / "out",
        "--backend",
        "dask",
        "--workers",
        "2",
        prelude="import sys\nsys.modules['distributed'] = None\n",
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"newsfuse: --backend dask needs the dask extra: {HINT}"
    ]
    from newsfuse.backends.dask import DaskBackend

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError, match=r"needs the dask extra: pip install 'newsfuse\[dask\]'"):
        DaskBackend(1).start()


def test_an_unreachable_scheduler_fails_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    prelude = "import dask\ndask.config.set({'distributed.comm.timeouts.connect': '1s'})\n"
    done = _cli_run(
        tmp_path / "out", "--backend", "dask", "--scheduler", "tcp://127.0.0.1:9", prelude=prelude
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("newsfuse: cannot start the Dask backend at tcp://127.0.0.1:9: ")


def test_the_backend_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(backend="dask", workers=2).workers == 2
    monkeypatch.setenv("NEWSFUSE_WORKERS", "3")  # checked with the options, not before them
    assert Settings.resolve(backend="dask").workers == 3
    monkeypatch.setenv("NEWSFUSE_BACKEND", "dask")
    assert Settings.resolve().backend == "dask"
    monkeypatch.delenv("NEWSFUSE_BACKEND")
    with pytest.raises(ConfigError, match="are for backend 'dask'"):
        Settings.resolve()
    with pytest.raises(ConfigError, match="'backend' parameter of Settings must be one of"):
        Settings(backend="ray")
    with pytest.raises(ConfigError, match="are for backend 'dask'"):
        Settings(workers=2)
    with pytest.raises(ConfigError, match="exclude each other"):
        Settings(backend="dask", workers=2, scheduler="tcp://127.0.0.1:8786")
    # --jobs is the local backend's: with dask it would be silently ignored
    with pytest.raises(ConfigError, match="'jobs' parameter of Settings is for backend 'local'"):
        Settings(backend="dask", workers=2, jobs=4)
    from newsfuse.backends.dask import DaskBackend

    with pytest.raises(ConfigError, match="exclude each other"):
        DaskBackend(2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="'workers' parameter of DaskBackend"):
        DaskBackend(0)
