"""Store: opening errors, schema versions, transactions, concurrency, interrupted runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.errors import StoreError
from newsfuse.records import Article, RawDocument
from newsfuse.store import MIGRATIONS, SCHEMA_VERSION, Store
from newsfuse.store.schema import migrate, schema_version


def pair(data: bytes, source: str = "a.txt") -> tuple[RawDocument, Article]:
    doc = RawDocument(source=source, data=data, kind="text")
    return doc, Article(id=doc.id, source=source, kind="text", text=data.decode(), raw=data)


# -- opening -------------------------------------------------------------------------------


def test_non_sqlite_file_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a plain text file, certainly not SQLite\n" * 20)
    with pytest.raises(StoreError, match="not an SQLite database") as info:
        Store(path)
    assert str(path) in str(info.value)
    assert info.value.source == str(path)
    assert path.read_bytes().startswith(b"this is a plain")  # left untouched


def test_directory_path_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory") as info:
        Store(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_uncreatable_parent_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store's directory") as info:
        Store(blocker / "sub" / "store.db")
    assert "store.db" in str(info.value)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_permission_denied_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    path.chmod(0o000)
    try:
        with pytest.raises(StoreError, match="permission denied"):
            Store(path)
    finally:
        path.chmod(0o600)


def test_newer_schema_raises_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"newer than this newsfuse knows.*upgrade newsfuse"):
        Store(path)


def test_appended_migration_upgrades_an_existing_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    doc, article = pair(b"kept across the upgrade")
    with Store(path) as s:
        s.put(doc, article, extractor_version="v1")
    extra = (*MIGRATIONS, ("CREATE TABLE future_table (id TEXT PRIMARY KEY)",))
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, str(path), extra) == SCHEMA_VERSION + 1
    assert schema_version(conn) == SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM future_table").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    conn.close()


def test_failed_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    broken = (*MIGRATIONS, ("CREATE TABLE good (x)", "THIS IS NOT SQL"))
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, str(path), broken)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'good'").fetchone()[0] == 0
    conn.close()


def test_two_processes_creating_the_same_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    code = "import sys; from newsfuse.store import Store; Store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    with Store(path) as s:
        assert s.counts()["documents"] == 0


# -- transactions and concurrency ------------------------------------------------------------


def test_failure_mid_put_leaves_the_store_as_before(tmp_path: Path, monkeypatch) -> None:
    with Store(tmp_path / "s.db") as s:
        first, first_article = pair(b"already there")
        s.put(first, first_article, extractor_version="v1")
        before = s.counts()

        def boom(self: Article, **kwargs: object) -> dict:
            raise RuntimeError("serialization exploded")

        # The document and source rows are written before the article is serialised.
        monkeypatch.setattr(Article, "to_dict", boom)
        doc, article = pair(b"new document")
        with pytest.raises(RuntimeError, match="exploded"):
            s.put(doc, article, extractor_version="v1")
        with pytest.raises(RuntimeError):
            s.put(
                replace(first, source="b.txt"),
                replace(first_article, source="b.txt"),
                extractor_version="v1",
            )
        monkeypatch.undo()
        assert s.counts() == before
        assert s.get_document(doc.id) is None
        assert s.sources(first.id) == ["a.txt"]
        s.put(doc, article, extractor_version="v1")  # the store still works
        assert s.counts()["documents"] == before["documents"] + 1


def test_reader_reads_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as writer, Store(path) as reader:
        doc, article = pair(b"committed")
        writer.put(doc, article, extractor_version="v1")
        with writer._write() as conn:  # an open, uncommitted write transaction
            conn.execute("INSERT INTO runs (started, status) VALUES ('2024-01-01', 'running')")
            t0 = time.monotonic()
            assert reader.counts()["runs"] == 0  # sees the last committed state, at once
            assert reader.get_article(doc.id) == article
            assert time.monotonic() - t0 < 1.0
        assert reader.counts()["runs"] == 1


def test_reader_in_another_process_reads_during_a_write(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    code = "import sys; from newsfuse.store import Store; print(Store(sys.argv[1]).counts()['documents'])"
    with Store(path) as writer:
        doc, article = pair(b"one")
        writer.put(doc, article, extractor_version="v1")
        with writer._write() as conn:
            conn.execute("DELETE FROM articles")
            out = subprocess.run(
                [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
            )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "1"


def test_concurrent_writer_waits_for_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    errors: list[BaseException] = []
    elapsed: list[float] = []

    def write() -> None:
        try:
            with Store(path, busy_timeout=20) as s:
                t0 = time.monotonic()
                doc, article = pair(b"waited")
                s.put(doc, article, extractor_version="v1")
                elapsed.append(time.monotonic() - t0)
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    time.sleep(0.5)
    holder.execute("COMMIT")
    holder.close()
    t.join(timeout=30)
    assert errors == []
    assert elapsed and elapsed[0] >= 0.3
    with Store(path) as s:
        assert s.counts()["documents"] == 1


def test_writer_gives_up_after_busy_timeout_with_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, busy_timeout=0.2) as s:
            doc, article = pair(b"blocked")
            with pytest.raises(StoreError, match="locked"):
                s.put(doc, article, extractor_version="v1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_many_processes_write_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    code = (
        "import sys\n"
        "from newsfuse.records import Article, RawDocument\n"
        "from newsfuse.store import Store\n"
        "with Store(sys.argv[1]) as s:\n"
        "    for i in range(25):\n"
        "        d = RawDocument(source=f'{sys.argv[2]}/{i}', data=f'{sys.argv[2]}-{i}'.encode(), kind='text')\n"
        "        s.put(d, Article(id=d.id, source=d.source, kind='text', text='t'), extractor_version='v')\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), f"w{n}"]) for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    with Store(path) as s:
        assert s.counts()["documents"] == 100
        assert s.counts()["articles"] == 100


# -- interrupted runs ------------------------------------------------------------------------


def test_run_of_a_killed_process_shows_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    code = (
        "import os, signal, sys\n"
        "from newsfuse.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "s.begin_run(['big.warc.gz'], {})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], timeout=60)
    assert proc.returncode != 0
    with Store(path) as s:
        assert s.last_run()["status"] == "running"  # type: ignore[index]
        mine = s.begin_run(["again"], {})
        runs = s.runs()
        assert runs[0]["status"] == "interrupted" and runs[0]["finished"] is not None
        assert runs[1]["id"] == mine and runs[1]["status"] == "running"


def test_run_of_a_live_process_is_left_running(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        first = s.begin_run(["a"], {})
        s.begin_run(["b"], {})  # same, live process: e.g. two runs from one web server
        assert {r["id"]: r["status"] for r in s.runs()}[first] == "running"
