"""Reads for browsing a store (the web app and its API): summaries without article texts,
full-text search, one record by id, the copy links of a few articles.

A mixin of :class:`newsfuse.store.Store` (it uses the store's ``_read``), kept apart from the
writes and the pipeline's reads. Nothing here writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from newsfuse.records import Article, Brief, ClaimCluster, Entity, Link, Story
from newsfuse.store.schema import claim_head

#: Most words a search query keeps (the rest are ignored).
MAX_QUERY_WORDS = 16
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
#: The marks FTS5 puts around matched words in a snippet: private-use characters (an article
#: that holds one can only misplace a highlight: the snippet is escaped as text either way).
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query that cannot be a syntax error: every word
    quoted (all must match), ``"a phrase"`` kept as a phrase; None when there is no word.
    FTS5 operators typed by the user (AND, OR, NEAR, ``*``, ``:``, parentheses) are read as
    plain words or ignored."""
    parts: list[str] = []
    rest = text
    for m in _PHRASE.finditer(text):
        words = _WORD.findall(m.group(1))
        if words:
            parts.append('"' + " ".join(words) + '"')
        rest = rest.replace(m.group(0), " ")
    parts += [f'"{w}"' for w in _WORD.findall(rest)]
    parts = parts[:MAX_QUERY_WORDS]
    return " ".join(parts) if parts else None


def _in(values: Sequence[str]) -> str:
    return ", ".join("?" for _ in values)


class BrowseMixin:
    """The browsing reads of a Store (see the module docstring)."""

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover - Store provides it

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` of this connection: it changes when another
        connection (another process, another Store) commits a change to the store."""
        return int(self._read("PRAGMA data_version")[0]["data_version"])

    # -- summaries (no article text) -------------------------------------------------------

    def story_records(self) -> list[Story]:
        """Every stored story (as ``stories()``), unordered."""
        rows = self._read("SELECT record FROM stories")
        return [Story.from_dict(json.loads(r["record"])) for r in rows]

    def brief_summaries(self) -> dict[str, dict[str, Any]]:
        """Per story with a brief: its headline, families, and the sizes of its sections."""
        rows = self._read(
            "SELECT story, families, json_extract(record, '$.headline.text') AS headline, "
            "json_array_length(record, '$.facts') AS facts, "
            "json_array_length(record, '$.figures') AS figures, "
            "json_array_length(record, '$.quotes') AS quotes, "
            "json_array_length(record, '$.sources') AS sources FROM briefs"
        )
        return {r.pop("story"): r for r in rows}

    def claim_status_counts(self) -> dict[str, dict[str, int]]:
        """Per story: the number of claim clusters of each status."""
        out: dict[str, dict[str, int]] = {}
        for r in self._read(
            "SELECT story, status, count(*) AS n FROM claim_clusters GROUP BY story, status"
        ):
            out.setdefault(r["story"], {})[r["status"]] = int(r["n"])
        return out

    def article_summaries(self, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Article id -> id, source, kind, title, outlet, author, published, url, extractor,
        chars (length of the clean text): every article, or those of ``ids``."""
        cols = (
            "doc_id AS id, source, kind, title, outlet, author, published, url, extractor, "
            "length(text) AS chars"
        )
        if ids is None:
            rows = self._read(f"SELECT {cols} FROM articles")
        else:
            wanted = sorted(set(ids))
            rows = []
            for k in range(0, len(wanted), 500):
                part = wanted[k : k + 500]
                rows += self._read(
                    f"SELECT {cols} FROM articles WHERE doc_id IN ({_in(part)})", tuple(part)
                )
        return {r["id"]: r for r in rows}

    def entity_summaries(self) -> list[dict[str, Any]]:
        """Every entity: id, name, kind, aliases, roles, mentions (a count), by name."""
        rows = self._read(
            "SELECT id, name, kind, json_extract(record, '$.aliases') AS aliases, "
            "json_extract(record, '$.roles') AS roles, "
            "json_array_length(record, '$.mentions') AS mentions FROM entities ORDER BY name, id"
        )
        for r in rows:
            r["aliases"] = json.loads(r["aliases"] or "[]")
            r["roles"] = json.loads(r["roles"] or "[]")
        return rows

    # -- one record ------------------------------------------------------------------------

    def story(self, story_id: str) -> Story | None:
        """The stored story ``story_id``, or None."""
        rows = self._read("SELECT record FROM stories WHERE id = ?", (story_id,))
        return Story.from_dict(json.loads(rows[0]["record"])) if rows else None

    def article_texts(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles ``ids`` without their raw bytes (text, title, passages, metadata)."""
        from newsfuse.store.sqlite import _ARTICLE_COLUMNS, _article_from_row

        wanted = sorted(set(ids))
        out: dict[str, Article] = {}
        cols = ", ".join(_ARTICLE_COLUMNS)
        for k in range(0, len(wanted), 400):
            part = tuple(wanted[k : k + 400])
            for row in self._read(
                f"SELECT {cols} FROM articles WHERE doc_id IN ({_in(part)})", part
            ):
                article = _article_from_row(row)
                out[article.id] = article
        return out

    def page_article(self, doc_id: str) -> tuple[Article, int] | None:
        """The article ``doc_id`` for its page, with the size of its raw bytes (or None):
        ``.raw`` holds the bytes only when a removed piece names a line of them (what the page
        places by reading the input's lines), else stays empty (a saved HTML page can be
        hundreds of kilobytes, read for nothing)."""
        from newsfuse.store.sqlite import _ARTICLE_COLUMNS, _article_from_row

        rows = self._read(
            f"SELECT {', '.join('a.' + c for c in _ARTICLE_COLUMNS)}, length(d.raw) AS raw_size "
            "FROM articles a JOIN documents d ON d.id = a.doc_id WHERE a.doc_id = ?",
            (doc_id,),
        )
        if not rows:
            return None
        size = int(rows[0].pop("raw_size") or 0)
        article = _article_from_row(rows[0])
        if any(r.line is not None for r in article.removed):
            raw = self._read("SELECT raw FROM documents WHERE id = ?", (doc_id,))
            if raw and raw[0]["raw"] is not None:
                article = replace(article, raw=bytes(raw[0]["raw"]))
        return article, size

    def copy_texts(self, ids: Iterable[str]) -> dict[str, Article]:
        """The articles ``ids`` with their text and metadata only (no removed pieces,
        passages, warnings or raw bytes: no JSON to read), for showing copies side by side."""
        wanted = sorted(set(ids))
        out: dict[str, Article] = {}
        for k in range(0, len(wanted), 400):
            part = tuple(wanted[k : k + 400])
            for r in self._read(
                "SELECT doc_id, source, kind, title, author, published, outlet, credit, language, "
                f"url, extractor, text FROM articles WHERE doc_id IN ({_in(part)})",
                part,
            ):
                r["id"] = r.pop("doc_id")
                r["extractor"] = r["extractor"] or ""
                out[r["id"]] = Article(**r)
        return out

    def texts_and_titles(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Article id -> (clean text, title) of the articles ``ids`` (what a brief's
        citations cut their words from)."""
        wanted = sorted(set(ids))
        out: dict[str, tuple[str, str | None]] = {}
        for k in range(0, len(wanted), 400):
            part = tuple(wanted[k : k + 400])
            for r in self._read(
                f"SELECT doc_id, text, title FROM articles WHERE doc_id IN ({_in(part)})", part
            ):
                out[r["doc_id"]] = (r["text"], r["title"])
        return out

    def brief_of(self, story_id: str) -> Brief | None:
        """The brief of story ``story_id`` (its exact id), or None."""
        rows = self._read("SELECT record FROM briefs WHERE story = ?", (story_id,))
        return Brief.from_dict(json.loads(rows[0]["record"])) if rows else None

    def record_of(self, table: str, key: str) -> dict[str, Any] | None:
        """The stored JSON ``record`` of one story (``stories``, by id) or one brief
        (``briefs``, by story id) as a dict, without building the dataclasses."""
        column = {"stories": "id", "briefs": "story"}.get(table)
        if column is None:
            raise ValueError(f"the 'table' parameter must be stories or briefs, got {table!r}")
        rows = self._read(f"SELECT record FROM {table} WHERE {column} = ?", (key,))
        return dict(json.loads(rows[0]["record"])) if rows else None

    def claim_cluster(self, cluster_id: str) -> ClaimCluster | None:
        """The stored claim cluster ``cluster_id``, or None."""
        rows = self._read("SELECT record FROM claim_clusters WHERE id = ?", (cluster_id,))
        return ClaimCluster.from_dict(json.loads(rows[0]["record"])) if rows else None

    def claim_page(
        self,
        *,
        story: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[ClaimCluster]]:
        """(total, one page of claim clusters) filtered by story, status and kind, in story
        order."""
        where, params = [], []
        for column, value in (("story", story), ("status", status), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(
            self._read(f"SELECT count(*) AS n FROM claim_clusters{clause}", tuple(params))[0]["n"]
        )
        rows = self._read(
            f"SELECT record FROM claim_clusters{clause} ORDER BY story, seq LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        )
        return total, [ClaimCluster.from_dict(json.loads(r["record"])) for r in rows]

    def story_claims(
        self, story: str, *, limit: int | None = None, offset: int = 0, heads: bool = False
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, the claim clusters of ``story`` as dicts, as ``ClaimCluster.to_dict()``):
        the disputed first (conflicting, differing estimates, corroborated, single source),
        then by independent families; at most ``limit`` of them read, from the ``offset``-th
        on. The order is found on the small columns alone, then only the records shown are
        read (a story of 400 reports holds thousands of clusters, megabytes of JSON).
        ``heads``: each cluster's head instead (its first wordings and ``variants_total``:
        :func:`~newsfuse.store.schema.claim_head`), what a page lists."""
        order = self._read(
            "SELECT id FROM claim_clusters WHERE story = ? ORDER BY CASE status "
            "WHEN 'conflicting' THEN 0 WHEN 'differing_estimates' THEN 1 "
            "WHEN 'corroborated' THEN 2 ELSE 3 END, families DESC, seq",
            (story,),
        )
        ids = [r["id"] for r in order]
        start = max(0, int(offset))
        shown = ids[start:] if limit is None else ids[start : start + max(0, int(limit))]
        column = "coalesce(head, record)" if heads else "record"
        records: dict[str, dict[str, Any]] = {}
        for k in range(0, len(shown), 400):
            part = tuple(shown[k : k + 400])
            for r in self._read(
                f"SELECT id, {column} AS record FROM claim_clusters WHERE id IN ({_in(part)})",
                part,
            ):
                record = json.loads(r["record"])
                records[r["id"]] = claim_head(record) if heads else record
        return len(ids), [records[i] for i in shown if i in records]

    def claim_voices(self, clusters: Iterable[str]) -> dict[str, list[tuple[str, str | None]]]:
        """Cluster id -> the distinct (article, speaker) of its wordings, in the order of
        their first wording: who reported it and whom each names, without reading the
        wordings' records."""
        wanted = sorted(set(clusters))
        out: dict[str, list[tuple[str, str | None]]] = {}
        for k in range(0, len(wanted), 400):
            part = tuple(wanted[k : k + 400])
            for r in self._read(
                "SELECT cluster, article, speaker, min(rowid) AS first FROM claim_variants "
                f"WHERE cluster IN ({_in(part)}) GROUP BY cluster, article, speaker "
                "ORDER BY cluster, first",
                part,
            ):
                out.setdefault(r["cluster"], []).append((r["article"], r["speaker"]))
        return out

    def article_claims(self, article: str) -> list[dict[str, Any]]:
        """The wordings (claim variants) that ``article`` holds, with their cluster: cluster,
        story, kind, status, families, start, end, text, speaker; in text order."""
        return self._read(
            "SELECT v.cluster AS cluster, v.story AS story, c.kind AS kind, c.status AS status, "
            "c.families AS families, v.start AS start, v.end AS end, v.text AS text, "
            "v.speaker AS speaker FROM claim_variants v JOIN claim_clusters c ON c.id = v.cluster "
            "WHERE v.article = ? ORDER BY v.start, v.end",
            (article,),
        )

    def link_pairs(
        self, ids: Iterable[str], *, touching: Iterable[str] | None = None
    ) -> list[dict[str, Any]]:
        """The copy links among the articles ``ids`` (both ends in it), without evidence:
        a, b, type, score; with ``touching``, only those with an end in it."""
        wanted = set(ids)
        if touching is None:
            ends, sql = sorted(wanted), "SELECT {cols} FROM links WHERE a IN ({marks})"
        else:
            ends = sorted(set(touching))
            sql = (
                "SELECT {cols} FROM links WHERE a IN ({marks}) "
                "UNION ALL SELECT {cols} FROM links WHERE b IN ({marks})"
            )
        cols = "a, b, type, score, a_passage, b_passage"
        out: dict[tuple[Any, ...], dict[str, Any]] = {}
        for k in range(0, len(ends), 400):
            part = tuple(ends[k : k + 400])
            query = sql.format(cols=cols, marks=_in(part))
            params = part if touching is None else part + part
            for r in self._read(query, params):
                if r["a"] in wanted and r["b"] in wanted:
                    key = (r["a"], r["b"], r["type"], r["a_passage"], r["b_passage"])
                    out[key] = {
                        "a": r["a"],
                        "b": r["b"],
                        "type": r["type"],
                        "score": round(r["score"], 4),
                    }
        return sorted(out.values(), key=lambda lk: (lk["a"], lk["b"], lk["type"]))

    def entity(self, entity_id: str) -> Entity | None:
        """The stored entity ``entity_id``, or None."""
        rows = self._read("SELECT record FROM entities WHERE id = ?", (entity_id,))
        return Entity.from_dict(json.loads(rows[0]["record"])) if rows else None

    def links_of(self, ids: Iterable[str]) -> list[Link]:
        """The copy links that touch any of the articles ``ids``."""
        wanted = sorted(set(ids))
        seen: dict[tuple[Any, ...], Link] = {}
        for k in range(0, len(wanted), 400):
            part = tuple(wanted[k : k + 400])
            rows = self._read(
                "SELECT a, b, type, score, a_passage, b_passage, evidence FROM links "
                f"WHERE a IN ({_in(part)}) UNION SELECT a, b, type, score, a_passage, b_passage, "
                f"evidence FROM links WHERE b IN ({_in(part)})",
                part + part,
            )
            for r in rows:
                key = (r["a"], r["b"], r["type"], r["a_passage"], r["b_passage"])
                seen[key] = Link.from_dict({**r, "evidence": json.loads(r["evidence"])})
        return sorted(seen.values(), key=lambda lk: (lk.a, lk.b, lk.type))

    def link_page(
        self,
        *,
        article: str | None = None,
        type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[Link]]:
        """(total, one page of copy links), of one article and of one type when given."""
        where, params = [], []
        if article is not None:
            where.append("(a = ? OR b = ?)")
            params += [article, article]
        if type is not None:
            where.append("type = ?")
            params.append(type)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = int(self._read(f"SELECT count(*) AS n FROM links{clause}", tuple(params))[0]["n"])
        rows = self._read(
            "SELECT a, b, type, score, a_passage, b_passage, evidence FROM links"
            f"{clause} ORDER BY a, b, type LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        )
        return total, [Link.from_dict({**r, "evidence": json.loads(r["evidence"])}) for r in rows]

    # -- full-text search ------------------------------------------------------------------

    def search_articles(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        snippet_words: int = 24,
        summaries: Callable[[Iterable[str]], Mapping[str, dict[str, Any]]] | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(number of matches, one page of them, best first): each an article summary (as
        :meth:`article_summaries`, or ``summaries`` when given: the web app's, kept in
        memory) with ``snippet``, its matched words between MARK_OPEN and MARK_CLOSE. The
        query is read by :func:`fts_query` (no word: no match)."""
        match = fts_query(query)
        if match is None:
            return 0, []
        total = int(
            self._read("SELECT count(*) AS n FROM article_fts WHERE article_fts MATCH ?", (match,))[
                0
            ]["n"]
        )
        # ranked inside FTS5 (``rank`` as bm25 with these weights, ORDER BY rank): the
        # snippets are made for the page's rows only, not for every match before the sort
        # (a word in 1,600 articles of the 10k store: 4 ms a search, now under 2)
        rows = self._read(
            "SELECT d.id AS id, snippet(article_fts, 2, ?, ?, '…', ?) AS snippet "
            "FROM article_fts JOIN documents d ON d.seq = article_fts.rowid "
            "WHERE article_fts MATCH ? AND rank MATCH 'bm25(4.0, 2.0, 1.0)' "
            "ORDER BY rank LIMIT ? OFFSET ?",
            (MARK_OPEN, MARK_CLOSE, int(snippet_words), match, int(limit), int(offset)),
        )
        meta = (summaries or self.article_summaries)([r["id"] for r in rows])
        out = []
        for r in rows:
            if r["id"] in meta:
                out.append({**meta[r["id"]], "snippet": r["snippet"] or ""})
        return total, out

    def search_article_ids(self, query: str, *, limit: int = 5000) -> list[str]:
        """The ids of the articles matching ``query`` (best first, at most ``limit``)."""
        match = fts_query(query)
        if match is None:
            return []
        rows = self._read(
            "SELECT d.id AS id FROM article_fts JOIN documents d ON d.seq = article_fts.rowid "
            "WHERE article_fts MATCH ? ORDER BY rank LIMIT ?",
            (match, int(limit)),
        )
        return [r["id"] for r in rows]


__all__ = ["MARK_CLOSE", "MARK_OPEN", "MAX_QUERY_WORDS", "BrowseMixin", "fts_query"]
