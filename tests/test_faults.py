"""Faults survived, nothing lost: `newsfuse run` killed with SIGKILL at every stage and run
again gives the store and the outputs of an uninterrupted run; two runs on one store at once;
a full disk and a read-only store directory.

Each run is a real `newsfuse run` process on the demo corpus. The kill is injected by
patching one function in that process before the command starts (nothing in newsfuse knows
about these tests): the process sends itself SIGKILL when it reaches the stage.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

# name -> code run in the `newsfuse run` process before the command: it makes the process
# kill itself (SIGKILL, no cleanup of any kind) on reaching one point of the run
KILL = "import os, signal\ndef _die(*a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
KILL_POINTS = {
    # half-way through extraction: two batches of 4 documents stored, the third about to be
    "extract": KILL
    + (
        "import newsfuse.pipeline as p\np.BATCH_DOCUMENTS = 4\n"
        "from newsfuse.store import Store\n_put = Store.put_many\n_n = [0]\n"
        "def put_many(self, *a, **k):\n    _n[0] += 1\n    if _n[0] == 3:\n        _die()\n"
        "    return _put(self, *a, **k)\nStore.put_many = put_many\n"
    ),
    # inside the copy index's write transaction, links verified, families about to be made
    "copies": KILL + "from newsfuse.dedup.index import _Work\n_Work.finish = _die\n",
    # inside the story index's write transaction
    "stories": KILL + "import newsfuse.stories.index as i\ni.update = _die\n",
    "claims": KILL + "import newsfuse.claims.crosscheck as c\nc.story_claims = _die\n",
    "brief": KILL + "from newsfuse.brief.build import BriefBuilder\nBriefBuilder.brief_of = _die\n",
    # inside the transaction that replaces the stories' claims and briefs: after the old rows are
    # deleted and the new ones inserted, before COMMIT
    "store-transaction": KILL
    + (
        "from newsfuse.store import Store\n_rc = Store.replace_story_results\n"
        "def replace_story_results(self, *a, **k):\n"
        "    conn = self._conn\n"
        "    class Dying:\n"
        "        def __getattr__(self, name): return getattr(conn, name)\n"
        "        def execute(self, sql, *p):\n"
        "            if sql.strip().upper() == 'COMMIT':\n"
        "                _die()\n"
        "            return conn.execute(sql, *p)\n"
        "    self._conn = Dying()\n"
        "    try:\n        return _rc(self, *a, **k)\n    finally:\n        self._conn = conn\n"
        "Store.replace_story_results = replace_story_results\n"
    ),
    # while writing the outputs: the article files and the report are written, the briefs not
    "outputs": KILL + "import newsfuse.brief.render as r\nr.write_briefs = _die\n",
}


def newsfuse_run(
    out: Path, *args: str, prelude: str = "", check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    code = (
        prelude + "\nimport sys\nfrom newsfuse.cli import main\nsys.argv[0] = 'newsfuse'\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "run", str(CORPUS), "--out", str(out), "--jobs", "1", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def snapshot(db: Path) -> dict[str, Any]:
    """Everything the store holds about the articles, without run ids and timestamps."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        q = {
            "documents": "SELECT id, kind, url, raw FROM documents ORDER BY id",
            "sources": "SELECT doc_id, source FROM sources ORDER BY doc_id, source",
            "articles": "SELECT doc_id, source, title, published, outlet, text, removed, passages "
            "FROM articles ORDER BY doc_id",
            "links": "SELECT a, b, type, score, a_passage, b_passage, evidence FROM links "
            "ORDER BY a, b, type, a_passage, b_passage",
            "families": "SELECT id, members, original, credited, reasons, flags FROM families "
            "ORDER BY id",
            "stories": "SELECT id, label, first_seen, last_seen, record FROM stories ORDER BY id",
            "claims": "SELECT id, story, kind, status, families, seq, record FROM claim_clusters "
            "ORDER BY id",
            "entities": "SELECT id, name, kind, record FROM entities ORDER BY id",
            "briefs": "SELECT story, label, families, seq, record FROM briefs ORDER BY story",
        }
        out = {name: conn.execute(sql).fetchall() for name, sql in q.items()}
        dup = conn.execute(
            "SELECT count(*) FROM (SELECT doc_id, source FROM sources GROUP BY 1, 2 "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dup == 0, "duplicate source rows"
        return out
    finally:
        conn.close()


def outputs(out: Path) -> dict[str, str]:
    """The output files (not the store) and their contents; report.json without the run's
    own id, times and counts, which differ between runs by nature."""
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and not p.name.startswith("newsfuse.db"):
            rel = str(p.relative_to(out))
            text = p.read_text(encoding="utf-8")
            if rel == "report.json":
                d = json.loads(text)
                for key in (
                    "run_id",
                    "started",
                    "finished",
                    "counts",
                    "failures",
                    "store",
                    "seconds",
                ):
                    d.pop(key, None)
                text = json.dumps(d, sort_keys=True)
            elif rel == "report.md":
                text = "\n".join(
                    x
                    for x in text.splitlines()
                    if not x.startswith(("- run:", "- documents:", "- store:"))
                )
            files[rel] = text
    return files


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    out = tmp_path_factory.mktemp("whole") / "out"
    newsfuse_run(out)
    return snapshot(out / "newsfuse.db"), outputs(out)


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_run_killed_at_any_point_and_run_again_gives_the_uninterrupted_result(
    point: str, tmp_path: Path, uninterrupted: tuple[dict, dict]
) -> None:
    out = tmp_path / "out"
    killed = newsfuse_run(out, prelude=KILL_POINTS[point], check=False)
    assert killed.returncode == -9, killed.stderr  # it really died there
    conn = sqlite3.connect(out / "newsfuse.db")
    statuses = [r[0] for r in conn.execute("SELECT status FROM runs")]
    conn.close()
    assert statuses == ["running"], "a killed run is never marked completed"
    newsfuse_run(out)
    store, files = uninterrupted
    assert snapshot(out / "newsfuse.db") == store
    assert outputs(out) == files
    conn = sqlite3.connect(out / "newsfuse.db")
    statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    conn.close()
    assert statuses == ["interrupted", "completed"]
    assert not list(out.rglob("*.tmp")), "no half-written file is left"


HOLD = (
    "import time\nimport newsfuse.claims.crosscheck as c\n_f = c.needed_readings\n"
    "def slow(*a, **k):\n    print('holding', flush=True)\n    time.sleep(6)\n    return _f(*a, **k)\n"
    "c.needed_readings = slow\n"
)


def test_a_second_run_on_a_busy_store_fails_clearly_and_neither_corrupts_it(
    tmp_path: Path, uninterrupted: tuple[dict, dict]
) -> None:
    out = tmp_path / "out"
    with holding(out) as first:
        second = newsfuse_run(out, check=False)
        assert second.returncode == 4
        assert "in use by another newsfuse run" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    assert snapshot(out / "newsfuse.db") == uninterrupted[0]


def test_a_second_run_told_to_wait_runs_after_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with holding(out) as first:
        second = newsfuse_run(out, "--wait", "240")
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    assert "15 already stored" in second.stderr


@contextlib.contextmanager
def holding(out: Path) -> Iterator[subprocess.Popen[str]]:
    """A `newsfuse run` into ``out`` that holds the store (inside its claims stage) for a
    few seconds once it has printed "holding"."""
    code = HOLD + "\nimport sys\nfrom newsfuse.cli import main\nmain()\n"
    with subprocess.Popen(
        [sys.executable, "-c", code, "run", str(CORPUS), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as first:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "holding"  # it holds the store now
        yield first


def _tmpfs(path: Path, size: str) -> bool:
    """Mount a small tmpfs at ``path`` (root on Linux only); False when that is not allowed."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _umount(path: Path) -> None:
    for _ in range(20):
        if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.2)


def test_a_full_disk_gives_exit_4_a_clear_message_and_no_corrupt_store(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "600k"):
        pytest.skip("mounting a small tmpfs needs root and mount rights (CI has both)")
    try:
        done = newsfuse_run(disk / "out", check=False)
        assert done.returncode == 4, done.stderr
        assert "Traceback" not in done.stderr
        message = done.stderr.strip().splitlines()[-1]
        assert "full" in message or "No space" in message, message
        assert str(disk / "out") in message
        conn = sqlite3.connect(disk / "out" / "newsfuse.db")  # still a sound database
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    finally:
        _umount(disk)


def test_a_read_only_store_directory_gives_exit_4_and_a_clear_message(
    tmp_path: Path, uninterrupted: tuple[dict, dict]
) -> None:
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "64m"):
        pytest.skip("mounting a tmpfs needs root and mount rights (CI has both)")
    try:
        newsfuse_run(disk / "out")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = newsfuse_run(disk / "out", check=False)
        assert done.returncode == 4, done.stderr
        assert "Traceback" not in done.stderr
        message = done.stderr.strip().splitlines()[-1]
        assert "read-only" in message or "readonly" in message, message
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert snapshot(disk / "out" / "newsfuse.db") == uninterrupted[0]
    finally:
        _umount(disk)
