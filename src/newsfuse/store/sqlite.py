"""``Store``: the embedded SQLite store of documents, articles, runs and failures.

One file, WAL mode (readers never block the writer and vice versa), ``busy_timeout`` so that
concurrent writers wait for each other instead of failing, every write in one transaction.
Open one ``Store`` per thread or process; the connection is not shared between threads.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from newsfuse.errors import StoreError
from newsfuse.records import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    Article,
    Brief,
    ClaimCluster,
    Entity,
    Failure,
    Family,
    Link,
    RawDocument,
    Story,
)
from newsfuse.store.browse import BrowseMixin
from newsfuse.store.copyindex import CopyIndexMixin
from newsfuse.store.schema import RUN_STATUSES, claim_head, migrate
from newsfuse.store.stories import StoryTablesMixin
from newsfuse.store.watchstate import WatchStateMixin

#: How long a writer waits for another writer's lock before giving up, in seconds.
BUSY_TIMEOUT = 30.0

_ARTICLE_COLUMNS = (
    "doc_id", "source", "kind", "title", "author", "published", "outlet", "credit",
    "language", "url", "extractor", "extractor_version", "text", "removed", "passages",
    "warnings",
)  # fmt: skip


#: the columns of the families table, in the order ``family_from_row`` reads them
FAMILY_COLUMNS = ("id", "members", "original", "credited", "reasons", "flags")


def family_from_row(row: Mapping[str, Any]) -> Family:
    """A stored source family from its row (the :data:`FAMILY_COLUMNS`, JSON as stored)."""
    return Family.from_dict(
        {
            **row,
            "members": json.loads(row["members"]),
            "reasons": json.loads(row["reasons"]),
            "flags": json.loads(row["flags"]),
        }
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


class Store(BrowseMixin, WatchStateMixin, StoryTablesMixin, CopyIndexMixin):
    """The SQLite store at ``path``, created on first use (parent directories too).

    Raises StoreError, naming the path and the cause, when the path is a directory, cannot be
    created or opened (permission denied), is not an SQLite database, or holds a schema newer
    than this code knows.
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = BUSY_TIMEOUT):
        self.path = Path(path)
        where = str(self.path)
        if self.path.is_dir():
            raise StoreError("cannot open the store: the path is a directory", source=where)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store's directory {str(self.path.parent)!r}: {exc.strerror or exc}",
                source=where,
            ) from exc
        if _read_only_fs(self.path.parent):
            raise StoreError(
                "cannot open the store: its directory is on a read-only file system "
                "(the store needs to write there)",
                source=where,
            )
        if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
            raise StoreError(
                "cannot open the store: permission denied (need read and write access)",
                source=where,
            )
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=True
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", source=where) from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(
                    f"cannot open the store: WAL mode refused (journal mode is {mode!r})",
                    source=where,
                )
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            migrate(self._conn, where)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            reason = "not an SQLite database" if "not a database" in str(exc) else str(exc)
            raise StoreError(f"cannot open the store: {reason}", source=where) from exc
        except BaseException:
            self._conn.close()
            raise
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent). The store stays on disk."""
        if not self._closed:
            self._closed = True
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so a concurrent writer waits on
        ``busy_timeout`` here rather than failing half-way with "database is locked".
        """
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the store: {exc}", source=str(self.path)) from exc
        try:
            yield conn
        except BaseException as exc:
            _rollback(conn)
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"write failed: {_reason(exc)}", source=str(self.path)) from exc
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise StoreError(f"commit failed: {_reason(exc)}", source=str(self.path)) from exc

    @contextmanager
    def run_lock(self, *, wait: float = 0.0) -> Iterator[None]:
        """Hold the store's run lock while a run rewrites what is derived from the articles
        (copies, stories, claims, briefs): two runs at once would interleave those rewrites.
        A second run waits up to ``wait`` seconds, then fails with a StoreError naming the
        process that holds the lock. The lock is an ``flock`` on ``<store>.lock``, so the
        system releases it when its process dies, even by kill -9: a killed run never leaves
        the store locked. (Readers never need it.) Where ``flock`` is missing (not POSIX),
        nothing is locked."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        where = str(self.path)
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store's lock file {str(lock_path)!r}: {exc.strerror or exc}",
                source=where,
            ) from exc
        try:
            deadline = time.monotonic() + max(0.0, wait)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                        raise StoreError(
                            "the store is in use by another newsfuse run"
                            + (f" ({holder})" if holder else "")
                            + "; wait for it to finish (--wait SECONDS) or use another --store",
                            source=where,
                        ) from None
                    time.sleep(0.2)
            os.ftruncate(fd, 0)
            os.pwrite(
                fd, f"pid {os.getpid()} on {socket.gethostname()}, since {_now()}".encode(), 0
            )
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _connection(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("the store is closed", source=str(self.path))
        return self._conn

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        conn = self._connection()
        try:
            cur = conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        except sqlite3.Error as exc:
            raise StoreError(f"read failed: {exc}", source=str(self.path)) from exc

    # -- runs --------------------------------------------------------------------------

    def begin_run(self, inputs: list[str], settings: dict[str, Any]) -> int:
        """Record a new run as "running"; give its id.

        Runs still marked "running" whose process is gone (killed, crashed) are marked
        "interrupted" first. ``settings`` must be JSON-serialisable (non-JSON values are
        stored with ``str``).
        """
        host = socket.gethostname()
        with self._write() as conn:
            stale = conn.execute(
                "SELECT id, pid, host FROM runs WHERE status = 'running'"
            ).fetchall()
            for run_id, pid, run_host in stale:
                if run_host != host:
                    continue  # started on another machine: we cannot tell whether it lives
                if pid is not None and _pid_alive(pid):
                    continue  # a live process (this one included) is still running it
                conn.execute(
                    "UPDATE runs SET status = 'interrupted', finished = ? WHERE id = ?",
                    (_now(), run_id),
                )
            cur = conn.execute(
                "INSERT INTO runs (started, status, inputs, settings, pid, host) "
                "VALUES (?, 'running', ?, ?, ?, ?)",
                (
                    _now(),
                    json.dumps(list(inputs)),
                    json.dumps(settings, default=str, sort_keys=True),
                    os.getpid(),
                    host,
                ),
            )
            run_id = cur.lastrowid
        assert run_id is not None
        return int(run_id)

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        """Mark run ``run_id`` finished with ``status`` (completed, interrupted or failed)."""
        if status not in RUN_STATUSES or status == "running":
            raise StoreError(
                f"the 'status' parameter of finish_run must be one of completed, interrupted, "
                f"failed, got {status!r}",
                source=str(self.path),
            )
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET status = ?, finished = ?, counts = ? WHERE id = ?",
                (status, _now(), json.dumps(dict(counts), sort_keys=True), run_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no run with id {run_id!r}", source=str(self.path))

    def runs(self) -> list[dict[str, Any]]:
        """All runs, oldest first: dicts with id, started, finished, status, inputs,
        settings, counts."""
        rows = self._read(
            "SELECT id, started, finished, status, inputs, settings, counts FROM runs ORDER BY id"
        )
        return [_run_dict(r) for r in rows]

    def last_run(self) -> dict[str, Any] | None:
        """The most recent run (as in ``runs()``), or None when there is none."""
        rows = self._read(
            "SELECT id, started, finished, status, inputs, settings, counts FROM runs "
            "ORDER BY id DESC LIMIT 1"
        )
        return _run_dict(rows[0]) if rows else None

    # -- documents and articles --------------------------------------------------------

    def has_article(self, doc_id: str, extractor_version: str) -> bool:
        """Whether ``doc_id`` has an article extracted by ``extractor_version``."""
        rows = self._read(
            "SELECT 1 AS x FROM articles WHERE doc_id = ? AND extractor_version = ?",
            (doc_id, extractor_version),
        )
        return bool(rows)

    def extracted_ids(self, extractor_version: str) -> list[str]:
        """The ids of the documents with an article extracted by ``extractor_version``."""
        rows = self._read(
            "SELECT doc_id FROM articles WHERE extractor_version = ?", (extractor_version,)
        )
        return [r["doc_id"] for r in rows]

    def put(
        self,
        doc: RawDocument,
        article: Article,
        *,
        extractor_version: str,
        run_id: int | None = None,
    ) -> None:
        """Store ``doc`` and the ``article`` extracted from it, in one transaction.

        The document's raw bytes are inserted if new, ``doc.source`` is added to its sources,
        and the article replaces any earlier one (its ``source`` stays the first path that
        delivered the content). Putting the same thing again changes nothing but a new
        source row. ``article.id`` must equal ``doc.id``. On any error nothing is written.
        """
        self.put_many([(doc, article)], extractor_version=extractor_version, run_id=run_id)

    def put_many(
        self,
        items: Sequence[tuple[RawDocument, Article | None]],
        *,
        extractor_version: str,
        run_id: int | None = None,
    ) -> None:
        """:meth:`put` for a batch, in ONE transaction (all or nothing): each
        ``(document, article)``; an article of None adds the document's source only (the
        document must be stored already, or be put earlier in the batch)."""
        for doc, article in items:
            if article is not None and article.id != doc.id:
                raise StoreError(
                    f"the article id {article.id!r} does not match the document id {doc.id!r}",
                    source=doc.source,
                )
        placeholders = ", ".join("?" for _ in _ARTICLE_COLUMNS)
        updates = ", ".join(
            f"{c} = excluded.{c}" for c in _ARTICLE_COLUMNS if c not in ("doc_id", "source")
        )
        with self._write() as conn:
            for doc, article in items:
                if article is None:
                    known = conn.execute(
                        "SELECT 1 FROM documents WHERE id = ?", (doc.id,)
                    ).fetchone()
                    if known is None:
                        raise StoreError(
                            f"no document with id {doc.id!r} in the store", source=doc.source
                        )
                    self._insert_source(conn, doc.id, doc.source, run_id)
                    continue
                self._insert_document(conn, doc)
                self._insert_source(conn, doc.id, doc.source, run_id)
                row = _article_row(article, extractor_version)
                conn.execute(
                    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({placeholders}) "
                    f"ON CONFLICT (doc_id) DO UPDATE SET {updates}",
                    tuple(row[c] for c in _ARTICLE_COLUMNS),
                )

    def add_source(self, doc_id: str, source: str, run_id: int | None = None) -> None:
        """Record that ``source`` delivered the already-stored document ``doc_id``.

        Raises StoreError when ``doc_id`` is not stored. Adding a known source again is a no-op
        (apart from linking it to ``run_id``).
        """
        with self._write() as conn:
            known = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if known is None:
                raise StoreError(f"no document with id {doc_id!r} in the store", source=source)
            self._insert_source(conn, doc_id, source, run_id)

    @staticmethod
    def _insert_document(conn: sqlite3.Connection, doc: RawDocument) -> None:
        conn.execute(
            "INSERT INTO documents (id, kind, url, encoding, meta, raw, size, added) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (
                doc.id,
                doc.kind,
                doc.url,
                doc.encoding,
                json.dumps(doc.meta, sort_keys=True),
                doc.data,
                len(doc.data),
                _now(),
            ),
        )

    @staticmethod
    def _insert_source(
        conn: sqlite3.Connection, doc_id: str, source: str, run_id: int | None
    ) -> None:
        conn.execute(
            "INSERT INTO sources (doc_id, source, run_id, added) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc_id, source) DO NOTHING",
            (doc_id, source, run_id, _now()),
        )
        if run_id is not None:
            conn.execute(
                "INSERT INTO run_documents (run_id, doc_id, source) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (run_id, doc_id, source),
            )

    def get_article(self, doc_id: str) -> Article | None:
        """The article of ``doc_id`` with its raw bytes in ``.raw``, or None."""
        rows = self._read(
            f"SELECT {', '.join('a.' + c for c in _ARTICLE_COLUMNS)}, d.raw AS raw "
            "FROM articles a JOIN documents d ON d.id = a.doc_id WHERE a.doc_id = ?",
            (doc_id,),
        )
        return _article_from_row(rows[0]) if rows else None

    def get_document(self, doc_id: str) -> RawDocument | None:
        """The raw document ``doc_id`` (with its first source), or None."""
        rows = self._read(
            "SELECT d.kind, d.url, d.encoding, d.meta, d.raw, "
            "(SELECT s.source FROM sources s WHERE s.doc_id = d.id ORDER BY s.seq LIMIT 1) "
            "AS source FROM documents d WHERE d.id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return RawDocument(
            source=r["source"] or "",
            data=bytes(r["raw"]),
            kind=r["kind"],
            url=r["url"],
            encoding=r["encoding"],
            meta=json.loads(r["meta"]),
        )

    def articles(
        self, *, run_id: int | None = None, batch: int = 256, raw: bool = True
    ) -> Iterator[Article]:
        """All stored articles (with raw bytes unless ``raw`` is False), ordered by document
        id, so the order does not depend on which worker finished first. With ``run_id``: only
        the articles whose document was delivered (put or add_source) in that run.

        Rows are read ``batch`` at a time, each batch in its own complete query, so a large
        store is not loaded into memory and the caller may write to the store (``put``,
        ``add_source``) while iterating.
        """
        cols = ", ".join("a." + c for c in _ARTICLE_COLUMNS)
        where = "a.doc_id > ?"
        if run_id is not None:
            where += " AND a.doc_id IN (SELECT doc_id FROM run_documents WHERE run_id = ?)"
        source = "articles a JOIN documents d ON d.id = a.doc_id" if raw else "articles a"
        sql = (
            f"SELECT {cols}{', d.raw AS raw' if raw else ''} FROM {source} "
            f"WHERE {where} ORDER BY a.doc_id LIMIT {int(batch)}"
        )
        after = ""
        while True:
            params: tuple[Any, ...] = (after,) if run_id is None else (after, run_id)
            rows = self._read(sql, params)
            for row in rows:
                yield _article_from_row(row)
            if len(rows) < batch:
                return
            after = rows[-1]["doc_id"]

    def sources(self, doc_id: str) -> list[str]:
        """Every source that delivered ``doc_id``, in the order they arrived."""
        rows = self._read("SELECT source FROM sources WHERE doc_id = ? ORDER BY seq", (doc_id,))
        return [r["source"] for r in rows]

    # -- copy links and source families ------------------------------------------------

    def replace_copies(
        self, links: Sequence[Link], families: Sequence[Family], run_id: int | None = None
    ) -> None:
        """Replace the stored links and families with these (one transaction: a reader sees
        the old set or the new one, never a mix). Articles are not touched."""
        with self._write() as conn:
            conn.execute("DELETE FROM links")
            conn.execute("DELETE FROM families")
            conn.executemany(
                "INSERT OR REPLACE INTO links (a, b, type, score, a_passage, b_passage, evidence, "
                "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        lk.a,
                        lk.b,
                        lk.type,
                        float(lk.score),
                        -1 if lk.a_passage is None else lk.a_passage,
                        -1 if lk.b_passage is None else lk.b_passage,
                        json.dumps(lk.evidence(), ensure_ascii=False),
                        run_id,
                    )
                    for lk in links
                ],
            )
            conn.executemany(
                "INSERT INTO families (id, members, original, credited, reasons, flags, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        f.id,
                        json.dumps(list(f.members)),
                        f.original,
                        f.credited,
                        json.dumps(list(f.reasons), ensure_ascii=False),
                        json.dumps({k: list(v) for k, v in f.flags.items()}),
                        run_id,
                    )
                    for f in families
                ],
            )

    def links(self) -> list[Link]:
        """The stored copy links, ordered by (a, b, type)."""
        rows = self._read(
            "SELECT a, b, type, score, evidence FROM links ORDER BY a, b, type, a_passage, b_passage"
        )
        return [Link.from_dict({**r, "evidence": json.loads(r["evidence"])}) for r in rows]

    def families(self) -> list[Family]:
        """The stored source families."""
        rows = self._read(
            "SELECT id, members, original, credited, reasons, flags FROM families ORDER BY id"
        )
        return [family_from_row(r) for r in rows]

    # -- stories -----------------------------------------------------------------------

    def save_stories(
        self, state: dict[str, Any], stories: Sequence[Story], run_id: int | None = None
    ) -> None:
        """Replace the story clusterer's state and the story records (one transaction)."""
        blob = zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"), 6)
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO story_state (id, state, updated, run_id) VALUES (1, ?, ?, ?)",
                (blob, _now(), run_id),
            )
            conn.execute("DELETE FROM stories")
            conn.executemany(
                "INSERT INTO stories (id, label, first_seen, last_seen, record, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        st.id,
                        st.label,
                        st.first_seen,
                        st.last_seen,
                        json.dumps(st.to_dict(), ensure_ascii=False),
                        run_id,
                    )
                    for st in stories
                ],
            )

    def story_state(self) -> dict[str, Any] | None:
        """The saved story clusterer state, or None before the first stories stage."""
        rows = self._read("SELECT state FROM story_state WHERE id = 1")
        if not rows:
            return None
        try:
            return dict(json.loads(zlib.decompress(bytes(rows[0]["state"])).decode("utf-8")))
        except (zlib.error, ValueError) as exc:
            raise StoreError(
                f"the saved story state is unreadable: {exc}", source=str(self.path)
            ) from exc

    def stories(self) -> list[Story]:
        """The stored stories, most recently seen first."""
        rows = self._read("SELECT record FROM stories ORDER BY last_seen DESC, id")
        return [Story.from_dict(json.loads(r["record"])) for r in rows]

    # -- what the finders read, and the inputs of each story's claims and brief ---------

    def findings(
        self, keys: Sequence[tuple[str, str]], version: str
    ) -> dict[tuple[str, str], bytes]:
        """The stored finder results (codec bytes) for these (article id, anchor) keys that
        were read with finders of ``version``."""
        out: dict[tuple[str, str], bytes] = {}
        conn = self._connection()
        for k in range(0, len(keys), 400):
            part = keys[k : k + 400]
            where = " OR ".join("(article = ? AND anchor = ?)" for _ in part)
            params = [x for key in part for x in key]
            try:
                rows = conn.execute(
                    f"SELECT article, anchor, data FROM findings WHERE version = ? AND ({where})",
                    (version, *params),
                ).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"read failed: {exc}", source=str(self.path)) from exc
            for article, anchor, data in rows:
                out[(article, anchor)] = bytes(data)
        return out

    def put_findings(self, rows: Sequence[tuple[str, str, str, bytes]]) -> None:
        """Keep finder results: (article id, anchor, version, codec bytes), one transaction."""
        if not rows:
            return
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO findings (article, anchor, version, data) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )

    def story_digests(self) -> dict[str, str]:
        """The digest of the inputs each stored story's claims and brief were made from."""
        return {
            r["story"]: r["digest"] for r in self._read("SELECT story, digest FROM story_inputs")
        }

    def story_entities(self) -> Iterator[tuple[str, bytes]]:
        """(story id, codec bytes of its entities) for every story, by story id."""
        after = ""
        while True:
            rows = self._read(
                "SELECT story, entities FROM story_inputs WHERE story > ? ORDER BY story LIMIT 500",
                (after,),
            )
            for r in rows:
                yield r["story"], bytes(r["entities"])
            if len(rows) < 500:
                return
            after = rows[-1]["story"]

    def story_entities_of(self, story: str) -> bytes | None:
        """The codec bytes of one story's entities, None when the story has no results."""
        rows = self._read("SELECT entities FROM story_inputs WHERE story = ?", (story,))
        return bytes(rows[0]["entities"]) if rows else None

    def replace_story_results(
        self,
        stories: Sequence[str],
        clusters: Sequence[ClaimCluster],
        inputs: Sequence[tuple[str, str, bytes]],
        briefs: Sequence[Brief],
        gone: Sequence[str] = (),
        run_id: int | None = None,
    ) -> None:
        """Replace the claim clusters, input digests, entities and briefs of ``stories`` (and
        drop those of the ``gone`` stories) in one transaction; every other story keeps what it
        has. ``inputs`` are (story, digest, codec bytes of its entities)."""
        _checked_clusters(clusters, str(self.path))
        seq: dict[str, int] = {}
        rows = []
        for c in clusters:
            seq[c.story] = seq.get(c.story, -1) + 1
            rows.append(_claim_values(c, seq[c.story], run_id))
        drop = [(sid,) for sid in (*stories, *gone)]
        with self._write() as conn:
            conn.executemany("DELETE FROM claim_clusters WHERE story = ?", drop)
            conn.executemany("DELETE FROM story_inputs WHERE story = ?", drop)
            conn.executemany("DELETE FROM briefs WHERE story = ?", drop)
            conn.executemany(
                "INSERT OR REPLACE INTO claim_clusters (id, story, kind, status, families, seq, "
                "record, head, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO story_inputs (story, digest, entities, run_id) VALUES (?, ?, ?, ?)",
                [(sid, digest, ents, run_id) for sid, digest, ents in inputs],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO briefs (story, label, families, seq, record, run_id) "
                "VALUES (?, ?, ?, 0, ?, ?)",
                [
                    (b.story, b.label, b.families,
                     json.dumps(b.to_dict(), ensure_ascii=False), run_id)
                    for b in briefs
                ],
            )  # fmt: skip

    def replace_entities(self, entities: Sequence[Entity], run_id: int | None = None) -> None:
        """Replace the stored corpus entities (one transaction)."""
        with self._write() as conn:
            conn.execute("DELETE FROM entities")
            conn.executemany(
                "INSERT OR REPLACE INTO entities (id, name, kind, record, run_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (e.id, e.name, e.kind, json.dumps(e.to_dict(), ensure_ascii=False), run_id)
                    for e in entities
                ],
            )

    # -- claims and entities -----------------------------------------------------------

    def replace_claims(
        self,
        clusters: Sequence[ClaimCluster],
        entities: Sequence[Entity],
        run_id: int | None = None,
    ) -> None:
        """Replace the stored claim clusters and entities with these (one transaction)."""
        _checked_clusters(clusters, str(self.path))
        seq: dict[str, int] = {}
        rows = []
        for c in clusters:
            seq[c.story] = seq.get(c.story, -1) + 1
            rows.append(_claim_values(c, seq[c.story], run_id))
        with self._write() as conn:
            conn.execute("DELETE FROM claim_clusters")
            conn.execute("DELETE FROM entities")
            conn.executemany(
                "INSERT OR REPLACE INTO claim_clusters (id, story, kind, status, families, seq, "
                "record, head, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT OR REPLACE INTO entities (id, name, kind, record, run_id) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (e.id, e.name, e.kind, json.dumps(e.to_dict(), ensure_ascii=False), run_id)
                    for e in entities
                ],
            )

    def claim_clusters(
        self, *, story: str | None = None, status: str | None = None
    ) -> list[ClaimCluster]:
        """The stored claim clusters (of one story, of one status), in story order."""
        where, params = [], []
        if story is not None:
            where.append("story = ?")
            params.append(story)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        sql = "SELECT record FROM claim_clusters"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._read(sql + " ORDER BY story, seq", tuple(params))
        return [ClaimCluster.from_dict(json.loads(r["record"])) for r in rows]

    def entities(self) -> list[Entity]:
        """The stored entities, by name."""
        rows = self._read("SELECT record FROM entities ORDER BY name, id")
        return [Entity.from_dict(json.loads(r["record"])) for r in rows]

    # -- briefs --------------------------------------------------------------------------

    def replace_briefs(self, briefs: Sequence[Brief], run_id: int | None = None) -> None:
        """Replace the stored briefs with these (one transaction), keeping their order."""
        rows = [
            (b.story, b.label, b.families, k, json.dumps(b.to_dict(), ensure_ascii=False), run_id)
            for k, b in enumerate(briefs)
        ]
        with self._write() as conn:
            conn.execute("DELETE FROM briefs")
            conn.executemany(
                "INSERT OR REPLACE INTO briefs (story, label, families, seq, record, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def briefs(self) -> list[Brief]:
        """The stored briefs, in the order they were saved."""
        rows = self._read("SELECT record FROM briefs ORDER BY seq")
        return [Brief.from_dict(json.loads(r["record"])) for r in rows]

    def brief(self, story: str) -> Brief | None:
        """The brief of the story whose id is ``story`` or starts with it (None when no
        story or more than one matches)."""
        rows = self._read(
            "SELECT record FROM briefs WHERE story = ? OR story LIKE ? ESCAPE '\\' ORDER BY story",
            (story, story.replace("%", r"\%").replace("_", r"\_") + "%"),
        )
        exact = [r for r in rows if json.loads(r["record"])["story"] == story]
        rows = exact or rows
        return Brief.from_dict(json.loads(rows[0]["record"])) if len(rows) == 1 else None

    # -- failures and counts -----------------------------------------------------------

    def record_failure(self, run_id: int, failure: Failure) -> None:
        """Record that ``failure.source`` failed at ``failure.stage`` during run ``run_id``."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO failures (run_id, source, stage, reason, added) VALUES (?, ?, ?, ?, ?)",
                (run_id, failure.source, failure.stage, failure.reason, _now()),
            )

    def failures(self, run_id: int | None = None) -> list[Failure]:
        """The recorded failures, oldest first; only those of ``run_id`` when given."""
        if run_id is None:
            rows = self._read("SELECT source, stage, reason FROM failures ORDER BY seq")
        else:
            rows = self._read(
                "SELECT source, stage, reason FROM failures WHERE run_id = ? ORDER BY seq",
                (run_id,),
            )
        return [Failure(r["source"], r["stage"], r["reason"]) for r in rows]

    def counts(self) -> dict[str, int]:
        """Row counts: documents, articles, sources, failures, runs, links, families, stories,
        claim clusters, entities, briefs."""
        row = self._read(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM sources) AS sources, "
            "(SELECT count(*) FROM failures) AS failures, "
            "(SELECT count(*) FROM runs) AS runs, "
            "(SELECT count(*) FROM links) AS links, "
            "(SELECT count(*) FROM families) AS families, "
            "(SELECT count(*) FROM stories) AS stories, "
            "(SELECT count(*) FROM claim_clusters) AS claims, "
            "(SELECT count(*) FROM entities) AS entities, "
            "(SELECT count(*) FROM briefs) AS briefs"
        )[0]
        return {k: int(v) for k, v in row.items()}


def _read_only_fs(directory: Path) -> bool:
    """Whether ``directory`` is on a file system mounted read-only."""
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (not POSIX): let SQLite tell
        return False


def _claim_values(c: ClaimCluster, seq: int, run_id: int | None) -> tuple[Any, ...]:
    """The row of ``claim_clusters`` for ``c``, ``seq``-th of its story: its record and head
    (:func:`~newsfuse.store.schema.claim_head`) as JSON."""
    record = c.to_dict()
    return (
        c.id, c.story, c.kind, c.status, c.families, seq,
        json.dumps(record, ensure_ascii=False),
        json.dumps(claim_head(record), ensure_ascii=False),
        run_id,
    )  # fmt: skip


def _checked_clusters(clusters: Sequence[ClaimCluster], where: str) -> Sequence[ClaimCluster]:
    """Refuse a claim cluster whose kind or status newsfuse does not know (the store has no
    CHECK constraint on them, so the statuses can grow with the code)."""
    for c in clusters:
        if c.kind not in CLAIM_KINDS or c.status not in CLAIM_STATUSES:
            raise StoreError(
                f"refused a claim cluster of kind {c.kind!r} and status {c.status!r}", source=where
            )
    return clusters


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already: on a full disk or an I/O error
    it rolls back by itself, and a second ROLLBACK would fail and hide the real cause."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _reason(exc: sqlite3.Error) -> str:
    """What went wrong, in words a user can act on."""
    text = str(exc)
    if "database or disk is full" in text:
        return f"{text} (no space left on the device)"
    if "readonly" in text or "read-only" in text:
        return f"{text} (the store or its directory is read-only)"
    return text


def _article_row(article: Article, extractor_version: str) -> dict[str, Any]:
    """The ``articles`` row of ``article``, built from ``Article.to_dict()``."""
    d = article.to_dict()
    return {
        "doc_id": d["id"],
        "source": d["source"],
        "kind": d["kind"],
        "title": d["title"],
        "author": d["author"],
        "published": d["published"],
        "outlet": d["outlet"],
        "credit": d["credit"],
        "language": d["language"],
        "url": d["url"],
        "extractor": d["extractor"],
        "extractor_version": extractor_version,
        "text": d["text"],
        "removed": json.dumps(d["removed"], ensure_ascii=False),
        "passages": json.dumps(d["passages"], ensure_ascii=False),
        "warnings": json.dumps(d["warnings"], ensure_ascii=False),
    }


def _article_from_row(row: dict[str, Any]) -> Article:
    d = dict(row)
    d["id"] = d.pop("doc_id")
    for key in ("removed", "passages", "warnings"):
        d[key] = json.loads(d[key])
    raw = d.pop("raw", b"")
    return Article.from_dict(d, raw=bytes(raw) if raw is not None else b"")


def _run_dict(row: dict[str, Any]) -> dict[str, Any]:
    d = dict(row)
    for key in ("inputs", "settings", "counts"):
        d[key] = json.loads(d[key])
    return d
