"""The copy index: copy detection as an incremental, store-backed, set-invariant computation.

::

    from newsfuse.dedup.index import CopyIndex

    index = CopyIndex(store)                      # a newsfuse.store.Store
    delta = index.update(new_or_changed_articles, removed_ids=())
    delta.links_added, delta.links_removed        # list[Link]
    delta.families                                # list[FamilyChange(old, new)]
    delta.failures                                # list[Failure]

``CopyIndex(store, *, detector=None, fetch=None, batch=2000)``: ``detector`` gives the
parameters (a :class:`~newsfuse.dedup.detect.CopyDetector`); ``fetch(ids)`` gives stored
articles by id (default: ``store.get_articles``), read in batches when a pair needs an old
article's text; ``batch`` articles are indexed, verified and written per transaction.

``update(added_or_changed, removed_ids=())`` queries the indexes with those articles only,
verifies the candidate pairs, writes the links and families that change (one transaction per
batch) and returns a :class:`CopyDelta`: ``links_added``, ``links_removed`` (a changed link is
both), ``families`` (each :class:`FamilyChange` with the ``old`` and ``new`` record, None when
there was none or is none now: members, original, credited, reasons, flags) and
``failures``. An article given again with the same text changes nothing; with another text it
is a changed article (its old links go, it is linked again).

The contract: the links and families after any sequence of updates equal those of one update
with all the articles, whatever the split and the order. Every rule is a function of the set:

- candidates: the same normalised-text hash; a shared MinHash LSH band (word 5-shingles,
  128 permutations, 12 bands of 10 rows: ``threshold=0.5``, even weights); at least
  ``MIN_SAMPLED`` shared sampled shingles (hash = 0 mod 4) whose posting over the whole store
  holds at most ``MAX_POSTING`` articles; and the fact rule for rewrites: two units (whole
  articles, live-blog passages) sharing a MinHash band of their fact sets (numbers and names;
  32 permutations, 16 bands of 2 rows), published at most ``REWRITE_DAYS`` apart (or one is
  undated), with at least ``MIN_FACTS`` shared facts making ``REWRITE_FACTS`` of the smaller
  set. When a shingle's posting crosses ``MAX_POSTING``, the linked pairs among its members are
  examined again and a link no rule proposes any more is removed (a removal that brings it back
  under the cap proposes its pairs).
- verification is pair-local (:mod:`.verify`); a same-site pair does not share a passage through
  the site's template: a run most of whose sampled shingles are on ``TEMPLATE`` or more pages
  of the site (counted from the postings, over the whole store) is not narration, and when such
  a count reaches or leaves ``TEMPLATE`` the same-site pairs sharing the shingle are verified
  again.
- families are the connected components of the merging links and of the credit rule; a family's
  record is recomputed when its members, their links or their evidence change. Outlet names and
  acronyms are learned as counts (:class:`~newsfuse.dedup.provenance.OriginCounts`); when what a
  key resolves to changes, the articles naming it have their credit pairs, families and rewrite
  directions derived again.

What the store holds (schema migration 10): ``copy_docs`` (per article: its number, the hash of
its normalised words, day, site, provenance reading (zlib JSON, ~150 B) and fact keys per unit
(zlib, ~8 B per fact)); ``copy_runs`` (the sorted runs of the three multimaps: 12 B per entry;
about one entry per 4 words, 12 band and 16 fact entries per article: ~3.3 KB for a 1,000-word
article); ``copy_origins``, ``copy_keys`` (raw outlet and credit keys, for the credit rule),
``copy_edges`` (credit-rule pairs), ``family_members`` (the family of each article), and the
``links`` and ``families`` tables. The runs are read into memory when the index is opened
(compact arrays, the same bytes); nothing holds every stored article.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from newsfuse.dedup.postings import Postings, Run
from newsfuse.dedup.provenance import (
    Evidence,
    Info,
    OriginCounts,
    Origins,
    _norm,
    _swap,
    credit_pairs,
    family_of,
    info_of,
    link_order,
    merges,
    orient,
    point_to_originals,
    same_story,
)
from newsfuse.dedup.spans import normalized_hash
from newsfuse.dedup.verify import UNDATED, Doc, make_doc, site_of, verify
from newsfuse.records import Article, Failure, Family, Link

SAMPLE = 4  # a shingle is indexed when its hash is 0 mod SAMPLE
MAX_POSTING = 200  # a sampled shingle in more texts than this proposes no pair
MIN_SAMPLED = 3  # sampled shingles two texts must share to be compared (~ 12 shared words)
TEMPLATE = 5  # a shingle on this many pages of one site is that site's template
LSH_THRESHOLD = 0.5
FACT_PERM, FACT_ROWS = 32, 2  # fact MinHash: 16 bands of 2 rows
MIN_FACTS = 4  # facts two units must share to be rewrite candidates
REWRITE_FACTS = 0.5  # ... making at least this share of the smaller unit's facts
REWRITE_DAYS = 3  # ... published at most this many days apart (or one is undated)
MAX_UNITS = 64  # live-blog passages indexed for rewrites (the first ones)
FETCH = 500  # old articles read from the store at a time

_SALT = np.uint64(0x9E3779B97F4A7C15)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class FamilyChange:
    """A family that changed: ``old`` and ``new`` record (None: none before / none now)."""

    old: Family | None
    new: Family | None


@dataclass
class CopyDelta:
    """What one :meth:`CopyIndex.update` changed."""

    links_added: list[Link] = field(default_factory=list)
    links_removed: list[Link] = field(default_factory=list)
    families: list[FamilyChange] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def extend(self, other: CopyDelta) -> None:
        self.links_added += other.links_added
        self.links_removed += other.links_removed
        self.families += other.families
        self.failures += other.failures


def day_of(published: str | None) -> int:
    """Days since 1970-01-01 of an ISO date, UNDATED when there is none or it is unreadable."""
    if not published or len(published) < 10:
        return UNDATED
    try:
        return date.fromisoformat(published[:10]).toordinal() - 719163
    except ValueError:
        return UNDATED


def fact_keys(text: str) -> np.ndarray:
    """The facts a rewrite keeps, read cheaply for finding candidates: numbers (without
    separators) and capitalised words that are not function words, as sorted unique uint64
    hashes."""
    from newsfuse.text import FUNCTION_WORDS, MONTHS_DAYS

    found = {"#" + m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    for m in _NAME.finditer(text):
        w = m.group().casefold()
        if w not in FUNCTION_WORDS and w not in MONTHS_DAYS and len(w) > 2:
            found.add(w)
    if not found:
        return np.zeros(0, np.uint64)
    return np.unique(
        np.array(
            [
                int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
                for f in found
            ],
            dtype=np.uint64,
        )
    )


@dataclass
class _New:
    """The signatures of one article being added."""

    article: Article
    num: int
    day: int
    site: str | None
    exact: int
    shingles: np.ndarray  # unique sampled shingle keys
    bands: np.ndarray  # LSH band keys
    units: list[np.ndarray]  # fact keys per unit (unit 0 the whole text)
    info: Info


class CopyIndex:
    """See the module docstring."""

    def __init__(
        self,
        store: Any,
        *,
        detector: Any = None,
        fetch: Callable[[Sequence[str]], Mapping[str, Article]] | None = None,
        batch: int = 2000,
    ) -> None:
        from newsfuse.dedup.align import RewriteChecker
        from newsfuse.dedup.detect import CopyDetector
        from newsfuse.dedup.fingerprint import MinHasher
        from newsfuse.dedup.lsh import LSHIndex

        self.store = store
        self.det = detector if detector is not None else CopyDetector()
        self.fetch = fetch if fetch is not None else store.get_articles
        self.batch = batch
        self.hasher = MinHasher(
            num_perm=self.det.num_perm, k=self.det.min_words, seed=self.det.seed
        )
        self.lsh = LSHIndex(
            threshold=self.det.lsh_threshold, num_perm=self.det.num_perm, weights=(0.5, 0.5)
        )
        self.fact_hasher = MinHasher(num_perm=FACT_PERM, k=1, seed=self.det.seed)
        self.fact_lsh = LSHIndex(
            threshold=0.5, num_perm=FACT_PERM, params=(FACT_PERM // FACT_ROWS, FACT_ROWS)
        )
        self.checker = RewriteChecker(
            coverage=self.det.rewrite_coverage, facts=self.det.rewrite_facts
        )
        self._load()

    # -- state ------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        return self.store.copy_connection()

    def _load(self) -> None:
        conn = self._conn()
        rows = conn.execute("SELECT num, day, site FROM copy_docs").fetchall()
        top = max((r[0] for r in rows), default=0) + 1
        self.alive = np.zeros(max(top, 1024), dtype=bool)
        self.days = np.full(len(self.alive), UNDATED, dtype=np.int64)
        self.site_ids = np.full(len(self.alive), -1, dtype=np.int64)
        self.sites: dict[str, int] = {}
        for num, day, site in rows:
            self.alive[num] = True
            self.days[num] = day
            self.site_ids[num] = self._site_id(site)
        self.next_num = top
        self.postings = {k: Postings() for k in ("shingle", "band", "fact")}
        for kind, rid, keys, docs in conn.execute(
            "SELECT kind, rid, keys, docs FROM copy_runs ORDER BY kind, rid"
        ):
            self.postings[kind].runs.append(Run.from_bytes(keys, docs, rid))
        self.next_rid = 1 + max(
            (r.rid or 0 for p in self.postings.values() for r in p.runs), default=0
        )
        self.counts = OriginCounts()
        for kind, key, value, count in conn.execute(
            "SELECT kind, key, value, count FROM copy_origins"
        ):
            self.counts.counts[kind][key][value] = count

    def _site_id(self, site: str | None) -> int:
        if site is None:
            return -1
        return self.sites.setdefault(site, len(self.sites))

    def _grow(self, n: int) -> None:
        if n <= len(self.alive):
            return
        size = max(n, 2 * len(self.alive))
        for name, fill in (("alive", False), ("days", UNDATED), ("site_ids", -1)):
            old = getattr(self, name)
            new = np.full(size, fill, dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    @property
    def nbytes(self) -> int:
        """Bytes held in memory by the index (postings and per-article arrays)."""
        per = self.alive.nbytes + self.days.nbytes + self.site_ids.nbytes
        return per + sum(p.nbytes for p in self.postings.values())

    # -- signatures -------------------------------------------------------------------------

    def _signatures(self, arts: Sequence[Article], failures: list[Failure]) -> list[_New]:
        from newsfuse.dedup.fingerprint import shingle_hashes
        from newsfuse.dedup.provenance import _infos

        ok: list[Article] = []
        read: list[tuple[int, list[np.ndarray]]] = []
        for a in arts:
            try:  # one odd text must not stop the corpus: it is left out, with the reason
                exact = int(normalized_hash(a.text)[:15], 16) if re.search(r"\w", a.text) else 0
                units = [fact_keys(a.text)]
                if len(a.passages) > 1:
                    units += [fact_keys(a.text[p.start : p.end]) for p in a.passages[:MAX_UNITS]]
            except Exception as exc:
                failures.append(Failure.of(a.source, "copies", exc))
                continue
            ok.append(a)
            read.append((exact, units))
        if not ok:
            return []
        hashes, offsets = shingle_hashes([a.text for a in ok], k=self.det.min_words)
        sigs = self.hasher.signatures_from_hashes(hashes, offsets)
        empty = np.diff(offsets) == 0
        bands = self._band_keys(self.lsh, sigs)
        infos, bad = _infos(ok)
        failures += bad
        out = []
        for i, a in enumerate(ok):
            h = hashes[offsets[i] : offsets[i + 1]]
            sampled = np.unique(h[h % np.uint64(SAMPLE) == 0])
            exact, units = read[i]
            out.append(
                _New(
                    a,
                    -1,
                    day_of(a.published),
                    site_of(a),
                    exact,
                    sampled,
                    bands[i] if not empty[i] else np.zeros(0, np.uint64),
                    units,
                    infos[i],
                )
            )
        return out

    @staticmethod
    def _band_keys(lsh: Any, sigs: np.ndarray) -> np.ndarray:
        if not len(sigs):
            return np.zeros((0, lsh.bands), np.uint64)
        keys = lsh.band_keys(sigs)
        return keys + np.arange(lsh.bands, dtype=np.uint64)[None, :] * _SALT

    def _unit_bands(self, units: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The fact band keys of each unit (none for a unit with fewer than MIN_FACTS)."""
        out: list[np.ndarray] = []
        if not units:
            return out
        offsets = np.zeros(len(units) + 1, dtype=np.int64)
        np.cumsum([len(u) for u in units], out=offsets[1:])
        sigs = self.fact_hasher.signatures_from_hashes(
            np.concatenate(units) if units else np.zeros(0, np.uint64), offsets
        )
        keys = self._band_keys(self.fact_lsh, sigs)
        for i, u in enumerate(units):
            out.append(keys[i] if len(u) >= MIN_FACTS else np.zeros(0, np.uint64))
        return out

    # -- the update -------------------------------------------------------------------------

    def update(
        self, added_or_changed: Sequence[Article], removed_ids: Iterable[str] = ()
    ) -> CopyDelta:
        """Index the articles (new or changed), drop ``removed_ids``, and bring the links and
        families up to date; see the module docstring."""
        delta = CopyDelta()
        unique: dict[str, Article] = {}
        for a in added_or_changed:
            unique.setdefault(a.id, a)
        removed = [r for r in dict.fromkeys(removed_ids) if r not in unique]
        if removed:
            delta.extend(self._chunk([], removed))
        arts = list(unique.values())
        for lo in range(0, len(arts), self.batch):
            delta.extend(self._chunk(arts[lo : lo + self.batch], []))
        return delta

    def _chunk(self, arts: list[Article], removed: list[str]) -> CopyDelta:
        delta = CopyDelta()
        conn = self._conn()
        known = self._doc_rows([a.id for a in arts] + removed)
        texts_now = {a.id: a for a in arts}
        changed = [
            i for i, row in known.items() if i in texts_now and not self._same(row, texts_now[i])
        ]
        arts = [a for a in arts if a.id not in known or a.id in changed]
        gone = removed + changed
        if not arts and not gone:
            return delta
        with self.store.copy_transaction() as tx:
            work = _Work(self, tx, delta)
            work.remove([known[i] for i in gone if i in known])
            work.add(self._signatures(arts, delta.failures))
            work.finish()
        del conn
        return delta

    @staticmethod
    def _same(row: dict[str, Any], a: Article) -> bool:
        return bool(row["text_hash"] == _text_hash(a))

    def _doc_rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        conn = self._conn()
        for lo in range(0, len(ids), 500):
            part = ids[lo : lo + 500]
            q = ",".join("?" * len(part))
            for num, doc_id, exact, day, site, info in conn.execute(
                f"SELECT num, doc_id, exact, day, site, info FROM copy_docs WHERE doc_id IN ({q})",
                part,
            ):
                d = json.loads(zlib.decompress(info))
                out[doc_id] = {
                    "num": num,
                    "id": doc_id,
                    "exact": exact,
                    "day": day,
                    "site": site,
                    "info": Info.from_dict(d["info"]),
                    "text_hash": d["text_hash"],
                }
        return out


def _text_hash(a: Article) -> str:
    """What makes an article the same for the index: its text, passages and provenance."""
    h = hashlib.sha1(a.text.encode("utf-8", "surrogatepass"))
    h.update(
        json.dumps(
            [
                a.outlet,
                a.credit,
                a.published,
                a.url,
                a.author,
                [(p.start, p.end) for p in a.passages],
                [r.text for r in a.removed],
            ],
            ensure_ascii=False,
        ).encode("utf-8", "surrogatepass")
    )
    return h.hexdigest()


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def _link_row(lk: Link) -> tuple[Any, ...]:
    return (
        lk.a,
        lk.b,
        lk.type,
        float(lk.score),
        -1 if lk.a_passage is None else lk.a_passage,
        -1 if lk.b_passage is None else lk.b_passage,
        json.dumps(lk.evidence(), ensure_ascii=False, sort_keys=True),
    )


def _link_of(row: Sequence[Any]) -> Link:
    return Link.from_dict(
        {"a": row[0], "b": row[1], "type": row[2], "score": row[3], "evidence": json.loads(row[4])}
    )


def _family_of_row(row: Sequence[Any]) -> Family:
    from newsfuse.store.sqlite import FAMILY_COLUMNS, family_from_row

    return family_from_row(dict(zip(FAMILY_COLUMNS, row, strict=True)))


def _same_link(x: Link, y: Link) -> bool:
    return _link_row(x) == _link_row(y)


def _same_family(x: Family, y: Family) -> bool:
    return x.to_dict() == y.to_dict()


class _Work:
    """One batch of an update, inside one transaction."""

    def __init__(self, ix: CopyIndex, tx: sqlite3.Connection, delta: CopyDelta) -> None:
        self.ix = ix
        self.tx = tx
        self.delta = delta
        self.seeds: set[str] = set()
        self.credit_todo: set[str] = set()
        self.before: dict[tuple[str, str], list[Link]] = {}
        self.docs: dict[int, Doc] = {}
        self.new: dict[int, _New] = {}
        self.examine: set[tuple[int, int]] = set()
        self.touched_keys: set[str] = set()
        self.resolved_before: dict[str, tuple[str | None, str]] = {}
        self.removed_ids: set[str] = set()
        self.unreadable: set[int] = set()
        self.verified = False

    # -- bookkeeping of links -------------------------------------------------------------

    def _links_of_pair(self, x: str, y: str) -> list[Link]:
        rows = self.tx.execute(
            "SELECT a, b, type, score, evidence FROM links WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
            (x, y, y, x),
        ).fetchall()
        return sorted((_link_of(r) for r in rows), key=link_order)

    def _snapshot(self, x: str, y: str) -> None:
        key = _pair(x, y)
        if key not in self.before:
            self.before[key] = self._links_of_pair(*key)

    def _set_links(self, x: str, y: str, links: list[Link]) -> None:
        """Replace the stored links of the pair {x, y} with ``links``."""
        self._snapshot(x, y)
        self.tx.execute(
            "DELETE FROM links WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)", (x, y, y, x)
        )
        self.tx.executemany(
            "INSERT OR REPLACE INTO links (a, b, type, score, a_passage, b_passage, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [_link_row(lk) for lk in links],
        )
        self.seeds.update((x, y))

    def _links_touching(self, ids: Iterable[str]) -> list[Link]:
        ids = list(dict.fromkeys(ids))
        out = []
        for lo in range(0, len(ids), 400):
            part = ids[lo : lo + 400]
            q = ",".join("?" * len(part))
            out += [
                _link_of(r)
                for r in self.tx.execute(
                    f"SELECT a, b, type, score, evidence FROM links WHERE a IN ({q}) "
                    f"UNION SELECT a, b, type, score, evidence FROM links WHERE b IN ({q})",
                    part + part,
                )
            ]
        return out

    # -- removal --------------------------------------------------------------------------

    def remove(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        ix = self.ix
        nums = np.array([r["num"] for r in rows], dtype=np.uint32)
        ids = [r["id"] for r in rows]
        self.removed_ids.update(ids)
        # what the removal brings back under MAX_POSTING or below TEMPLATE: pairs to examine
        shingle = ix.postings["shingle"]
        keys = np.unique(
            np.concatenate([k for k, _ in shingle.keys_of(nums)] or [np.zeros(0, np.uint64)])
        )
        before_q, before_d = shingle.lookup(keys, ix.alive)
        ix.alive[nums] = False
        self._note_origins([r["info"] for r in rows], -1)
        after_q, after_d = shingle.lookup(keys, ix.alive)
        n_before = np.bincount(before_q, minlength=len(keys))
        n_after = np.bincount(after_q, minlength=len(keys))
        dead_sites = {int(ix.site_ids[n]) for n in nums.tolist()} - {-1}
        for k in range(len(keys)):
            members = after_d[after_q == k]
            if n_before[k] > MAX_POSTING >= n_after[k]:
                self._examine_all(members)
            elif dead_sites:
                for s in dead_sites:
                    same = members[ix.site_ids[members] == s]
                    old = int((ix.site_ids[before_d[before_q == k]] == s).sum())
                    if old >= TEMPLATE > len(same):
                        self._examine_all(same)
        for lk in self._links_touching(ids):
            self._snapshot(lk.a, lk.b)
            self.seeds.update((lk.a, lk.b))
        q = ",".join("?" * len(ids))
        self.tx.execute(f"DELETE FROM links WHERE a IN ({q}) OR b IN ({q})", ids + ids)
        for a, b in self.tx.execute(
            f"SELECT a, b FROM copy_edges WHERE a IN ({q}) UNION SELECT a, b FROM copy_edges WHERE b IN ({q})",
            ids + ids,
        ).fetchall():
            self.seeds.update((a, b))
        self.tx.execute(f"DELETE FROM copy_edges WHERE a IN ({q}) OR b IN ({q})", ids + ids)
        self.tx.execute(f"DELETE FROM copy_docs WHERE doc_id IN ({q})", ids)
        numq = ",".join("?" * len(nums))
        self.tx.execute(f"DELETE FROM copy_keys WHERE num IN ({numq})", nums.tolist())
        self.seeds.update(ids)

    def _examine_all(self, members: np.ndarray) -> None:
        m = sorted(set(members.tolist()))
        for i, x in enumerate(m):
            for y in m[i + 1 :]:
                self.examine.add((x, y))

    # -- origins --------------------------------------------------------------------------

    def _resolution(self, origins: Origins, key: str) -> tuple[str | None, str]:
        res = origins.key(key) if key else key
        return (self.ix.counts.alias(key), origins.name(res))

    def _note_origins(self, infos: Iterable[Info], sign: int) -> None:
        origins = Origins(counts=self.ix.counts)
        for info in infos:
            for _kind, key, _value in OriginCounts.contributions(info):
                if key not in self.resolved_before:
                    self.resolved_before[key] = self._resolution(origins, key)
            self.touched_keys |= self.ix.counts.add(info, sign)

    # -- adding ---------------------------------------------------------------------------

    def add(self, news: list[_New]) -> None:
        if not news:
            return
        ix = self.ix
        for n in news:
            n.num = ix.next_num
            ix.next_num += 1
            self.new[n.num] = n
        ix._grow(ix.next_num)
        for n in news:
            ix.alive[n.num] = True
            ix.days[n.num] = n.day
            ix.site_ids[n.num] = ix._site_id(n.site)
        self._note_origins([n.info for n in news], 1)
        self.tx.executemany(
            "INSERT INTO copy_docs (num, doc_id, exact, day, site, info, facts) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    n.num,
                    n.article.id,
                    n.exact,
                    n.day,
                    n.site,
                    zlib.compress(
                        json.dumps(
                            {"info": n.info.to_dict(), "text_hash": _text_hash(n.article)},
                            ensure_ascii=False,
                        ).encode("utf-8", "surrogatepass")
                    ),
                    _pack_units(n.units),
                )
                for n in news
            ],
        )
        self.tx.executemany(
            "INSERT OR IGNORE INTO copy_keys (key, day, num) VALUES (?, ?, ?)",
            [(k, n.day, n.num) for n in news for k in _raw_keys(n.info)],
        )
        self.seeds.update(n.article.id for n in news)
        self.credit_todo.update(n.article.id for n in news)
        nums = np.array([n.num for n in news], dtype=np.uint32)
        sh_keys = [n.shingles for n in news]
        sh_docs = [np.full(len(n.shingles), n.num, np.uint32) for n in news]
        ix.postings["shingle"].add(np.concatenate(sh_keys), np.concatenate(sh_docs), ix.alive)
        ix.postings["band"].add(
            np.concatenate([n.bands for n in news]),
            np.concatenate([np.full(len(n.bands), n.num, np.uint32) for n in news]),
            ix.alive,
        )
        unit_bands = {n.num: ix._unit_bands(n.units) for n in news}
        fkeys = [
            np.unique(np.concatenate(unit_bands[n.num] or [np.zeros(0, np.uint64)])) for n in news
        ]
        ix.postings["fact"].add(
            np.concatenate(fkeys),
            np.concatenate(
                [np.full(len(k), n.num, np.uint32) for k, n in zip(fkeys, news, strict=True)]
            ),
            ix.alive,
        )
        pairs: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
        fact_only: set[tuple[int, int]] = set()
        exact_pairs: set[tuple[int, int]] = set()
        newset = set(nums.tolist())
        # exact copies
        exacts = sorted({n.exact for n in news if n.exact})
        groups: dict[int, list[int]] = defaultdict(list)
        for lo in range(0, len(exacts), 500):
            part = exacts[lo : lo + 500]
            for num, ex in self.tx.execute(
                f"SELECT num, exact FROM copy_docs WHERE exact IN ({','.join('?' * len(part))})",
                part,
            ):
                groups[ex].append(num)
        for members in groups.values():
            members = sorted(members)
            for i, x in enumerate(members):
                for y in members[i + 1 :]:
                    if x in newset or y in newset:
                        exact_pairs.add((x, y))
                        pairs[(x, y)]
        # LSH bands
        owner = np.concatenate([np.full(len(n.bands), n.num, np.int64) for n in news])
        q, d = ix.postings["band"].lookup(np.concatenate([n.bands for n in news]), ix.alive)
        for x, y in _pairs_of(owner[q], d.astype(np.int64), newset):
            pairs[(x, y)]
        # shared sampled shingles
        keys = np.concatenate(sh_keys)
        owner = np.concatenate([d_.astype(np.int64) for d_ in sh_docs])
        q, d = ix.postings["shingle"].lookup(keys, ix.alive)
        d = d.astype(np.int64)
        count = np.bincount(q, minlength=len(keys))
        small = count[q] <= MAX_POSTING
        o = owner[q]
        keep = small & (d != o) & (~np.isin(d, nums) | (d > o))
        codes = (np.minimum(o[keep], d[keep]) << 32) | np.maximum(o[keep], d[keep])
        uniq, times = np.unique(codes, return_counts=True)
        for c in uniq[times >= MIN_SAMPLED].tolist():
            pairs[(c >> 32, c & 0xFFFFFFFF)]
        # crossings: MAX_POSTING reached, a site's TEMPLATE reached
        ukeys, first = np.unique(keys, return_index=True)
        n_new = np.bincount(np.searchsorted(ukeys, keys), minlength=len(ukeys))
        after = count[first]
        for k in np.flatnonzero((after - n_new <= MAX_POSTING) & (after > MAX_POSTING)).tolist():
            members = d[q == first[k]]
            self._examine_linked(members[~np.isin(members, nums)])
        self._template_crossings(keys, owner, q, d, nums)
        # the fact rule
        for n in news:
            for bands in unit_bands[n.num]:
                if not len(bands):
                    continue
                _q, hits = ix.postings["fact"].lookup(bands, ix.alive)
                for y in np.unique(hits).tolist():
                    if y == n.num or (y in newset and y < n.num):
                        continue
                    fact_only.add((min(n.num, y), max(n.num, y)))
        for p in fact_only - set(pairs):
            pairs[p] = {(-1, -1)}  # proposed only if the fact rule holds for some unit pair
        self._verify(pairs, exact_pairs, unit_bands)

    def _template_crossings(
        self, keys: np.ndarray, owner: np.ndarray, q: np.ndarray, d: np.ndarray, nums: np.ndarray
    ) -> None:
        """Same-site pairs whose shared shingle just became the site's template (TEMPLATE
        pages): their linked pairs are verified again."""
        ix = self.ix
        site_o = ix.site_ids[owner]
        site_d = ix.site_ids[d]
        same = (site_d == site_o[q]) & (site_o[q] >= 0)
        per_q = np.bincount(q[same], minlength=len(keys))  # same-site docs holding each key
        # new same-site docs holding each (key, site)
        combo = keys.astype(np.uint64) ^ (site_o.astype(np.uint64) * _SALT)
        ucombo, inv = np.unique(combo, return_inverse=True)
        n_new = np.bincount(inv, minlength=len(ucombo))[inv]
        crossing = (site_o >= 0) & (per_q - n_new < TEMPLATE) & (per_q >= TEMPLATE)
        done: set[int] = set()
        for i in np.flatnonzero(crossing).tolist():
            c = int(inv[i])
            if c in done:
                continue
            done.add(c)
            members = d[(q == i) & same]
            self._examine_linked(members[~np.isin(members, nums)])

    def _examine_linked(self, members: np.ndarray) -> None:
        """The linked pairs among these (old) articles are examined again."""
        if len(members) < 2:
            return
        ids = self._ids_of(members.tolist())
        num_of = {v: k for k, v in ids.items()}
        q = ",".join("?" * len(num_of))
        for a, b in self.tx.execute(
            f"SELECT DISTINCT a, b FROM links WHERE a IN ({q}) AND b IN ({q})",
            list(num_of) + list(num_of),
        ).fetchall():
            x, y = num_of[a], num_of[b]
            self.examine.add((min(x, y), max(x, y)))

    def _ids_of(self, nums: Sequence[int]) -> dict[int, str]:
        out = {n: self.new[n].article.id for n in nums if n in self.new}
        rest = [n for n in nums if n not in out]
        for lo in range(0, len(rest), 500):
            part = rest[lo : lo + 500]
            out.update(
                self.tx.execute(
                    f"SELECT num, doc_id FROM copy_docs WHERE num IN ({','.join('?' * len(part))})",
                    part,
                ).fetchall()
            )
        return out

    # -- verification ---------------------------------------------------------------------

    def _units_of(self, nums: Iterable[int]) -> dict[int, list[np.ndarray]]:
        out = {n: self.new[n].units for n in nums if n in self.new}
        rest = [n for n in nums if n not in out]
        for lo in range(0, len(rest), 500):
            part = rest[lo : lo + 500]
            for num, blob in self.tx.execute(
                f"SELECT num, facts FROM copy_docs WHERE num IN ({','.join('?' * len(part))})", part
            ):
                out[num] = _unpack_units(blob)
        return out

    def _fact_units(
        self, x: int, y: int, units: dict[int, list[np.ndarray]], bands: dict[int, list[np.ndarray]]
    ) -> set[tuple[int, int]]:
        """The unit pairs of x and y the fact rule proposes (pair-local)."""
        ix = self.ix
        dx, dy = int(ix.days[x]), int(ix.days[y])
        if dx != UNDATED and dy != UNDATED and abs(dx - dy) > REWRITE_DAYS:
            return set()
        out = set()
        for u, bu in enumerate(bands[x]):
            if not len(bu):
                continue
            for v, bv in enumerate(bands[y]):
                if not len(bv) or not np.isin(bu, bv, assume_unique=True).any():
                    continue
                fu, fv = units[x][u], units[y][v]
                shared = len(np.intersect1d(fu, fv, assume_unique=True))
                if shared >= MIN_FACTS and shared >= REWRITE_FACTS * min(len(fu), len(fv)):
                    out.add((u, v))
        return out

    def _doc(self, num: int, article: Article) -> Doc | None:
        """The article read for verification (None, and a Failure once, when it cannot be)."""
        doc = self.docs.get(num)
        if doc is None:
            if num in self.unreadable:
                return None
            try:
                doc = make_doc(article, int(self.ix.days[num]), site_of(article))
                doc.template = self._template_mask(doc, num)
            except Exception as exc:  # one odd text must not stop the corpus
                self.unreadable.add(num)
                self.delta.failures.append(Failure.of(article.source, "copies", exc))
                return None
            self.docs[num] = doc
        return doc

    def _template_mask(self, doc: Doc, num: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Per token: whether a sampled shingle starts there, and whether it is on TEMPLATE
        or more pages of the article's site."""
        from newsfuse.dedup.fingerprint import shingles_with_tokens

        ix = self.ix
        site = int(ix.site_ids[num])
        if site < 0 or not len(doc.tokens):
            return None
        hashes, first = shingles_with_tokens(doc.article.text, self.ix.det.min_words)
        sampled = hashes % np.uint64(SAMPLE) == 0
        keys, starts = hashes[sampled], first[sampled]
        q, d = ix.postings["shingle"].lookup(keys, ix.alive)
        same = np.bincount(q[ix.site_ids[d] == site], minlength=len(keys))
        n = len(doc.tokens)
        at = np.zeros(n, dtype=bool)
        tmpl = np.zeros(n, dtype=bool)
        ok = starts < n
        at[starts[ok]] = True
        tmpl[starts[ok & (same >= TEMPLATE)]] = True
        return at, tmpl

    def _verify(
        self,
        pairs: dict[tuple[int, int], set[tuple[int, int]]],
        exact_pairs: set[tuple[int, int]],
        unit_bands: dict[int, list[np.ndarray]],
    ) -> None:
        ix = self.ix
        self.verified = True
        involved = sorted({n for p in pairs for n in p} | {n for p in self.examine for n in p})
        units = self._units_of(involved)
        bands = dict(unit_bands)
        for n in involved:
            if n not in bands:
                bands[n] = ix._unit_bands(units[n])
        for p in list(pairs):
            fact_only = pairs[p] == {(-1, -1)}
            pairs[p] = self._fact_units(p[0], p[1], units, bands)
            if fact_only and not pairs[p]:
                del pairs[p]
        ids = self._ids_of(involved)
        exact_of = {n.num: n.exact for n in self.new.values()}
        # examined pairs: are they still proposed?
        examine = sorted(self.examine - set(pairs))
        old_needed = sorted({n for p in examine for n in p})
        for lo in range(0, len(old_needed), FETCH):
            part = old_needed[lo : lo + FETCH]
            arts = self.ix.fetch([ids[n] for n in part])
            sigs = {
                n: s
                for n, s in zip(
                    part, self.ix._signatures([arts[ids[n]] for n in part], []), strict=False
                )
            }
            for x, y in examine:
                if x in sigs and y in sigs:
                    units_xy = self._fact_units(x, y, units, bands)
                    if self._proposed(sigs[x], sigs[y]) or units_xy:
                        exact = bool(sigs[x].exact) and sigs[x].exact == sigs[y].exact
                        self._check(x, y, ids, {x: arts[ids[x]], y: arts[ids[y]]}, exact, units_xy)
                    else:
                        self._set_links(ids[x], ids[y], [])
        # new pairs, their old articles fetched a batch at a time
        by_old: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for p in sorted(pairs):
            old = [n for n in p if n not in self.new]
            by_old[old[0] if old else -1].append(p)
        olds = sorted(k for k in by_old if k >= 0)
        new_arts = {n: v.article for n, v in self.new.items()}
        for p in by_old.get(-1, []):
            self._check(p[0], p[1], ids, new_arts, p in exact_pairs, pairs[p])
        for lo in range(0, len(olds), FETCH):
            part = olds[lo : lo + FETCH]
            fetched = self.ix.fetch([ids[n] for n in part])
            got: dict[Any, Article] = {**new_arts}
            got.update({n: fetched[ids[n]] for n in part if ids[n] in fetched})
            for n in part:
                for p in by_old[n]:
                    if p[0] in got and p[1] in got:
                        ex = p in exact_pairs or (exact_of.get(p[0], -1) == exact_of.get(p[1], -2))
                        self._check(p[0], p[1], ids, got, ex, pairs[p])
            for n in part:
                self.docs.pop(n, None)

    def _proposed(self, a: _New, b: _New) -> bool:
        """Whether a pair of (old) articles is a candidate by the hash, the bands or the
        shingles (the fact rule is checked apart)."""
        if a.exact and a.exact == b.exact:
            return True
        if np.isin(a.bands, b.bands).any():
            return True
        shared = np.intersect1d(a.shingles, b.shingles, assume_unique=True)
        if len(shared) < MIN_SAMPLED:
            return False
        counts = self.ix.postings["shingle"].counts(shared, self.ix.alive)
        return int((counts <= MAX_POSTING).sum()) >= MIN_SAMPLED

    def _check(
        self,
        x: int,
        y: int,
        ids: Mapping[int, str],
        arts: Mapping[Any, Article],
        exact: bool,
        units: set[tuple[int, int]],
    ) -> None:
        ax = arts.get(x) or arts.get(ids[x])
        ay = arts.get(y) or arts.get(ids[y])
        if ax is None or ay is None:
            return
        dx, dy = self._doc(x, ax), self._doc(y, ay)
        if dx is None or dy is None:
            return
        if dy.order < dx.order:
            dx, dy = dy, dx
            units = {(v, u) for u, v in units}
        link = verify(self.ix.det, self.ix.checker, dx, dy, exact, units, self.delta.failures)
        links = []
        if link is not None:
            if link.type == "rewrite_of":
                ev = Evidence(
                    [_info_of_doc(self, dx), _info_of_doc(self, dy)], Origins(counts=self.ix.counts)
                )
                link = orient(link, {dx.id: ev.info[dx.id], dy.id: ev.info[dy.id]}, ev)
            links.append(link)
        if links or self._has_links(dx.id, dy.id):
            self._set_links(dx.id, dy.id, links)

    def _has_links(self, x: str, y: str) -> bool:
        if _pair(x, y) in self.before:
            return True
        return (
            self.tx.execute(
                "SELECT 1 FROM links WHERE (a = ? AND b = ?) OR (a = ? AND b = ?) LIMIT 1",
                (x, y, y, x),
            ).fetchone()
            is not None
        )

    # -- the end of the batch: origins, credit pairs, families, the runs --------------------

    def finish(self) -> None:
        ix = self.ix
        if self.examine and not self.verified:
            self._verify({}, set(), {})
        origins = Origins(counts=ix.counts)
        changed = {
            k
            for k in self.touched_keys | set(self.resolved_before)
            if self.resolved_before.get(k) != self._resolution(origins, k)
        }
        if changed:
            acronyms = ix.counts.counts["own"].keys() | ix.counts.counts["def"].keys()
            raw = set(changed)
            for acr in acronyms:
                if origins.key(acr) in changed:
                    raw.add(acr)
            for key in changed:
                before = self.resolved_before.get(key)
                if before and before[0]:
                    raw.add(before[0])
            affected = self._nums_with_keys(raw)
            ids = self._ids_of(affected)
            self.credit_todo.update(ids.values())
            self.seeds.update(ids.values())
        self._credit_edges(origins)
        self._families(origins)
        self._diff_links()
        self._save_state()

    def _nums_with_keys(self, keys: Iterable[str]) -> list[int]:
        keys = list(keys)
        out: set[int] = set()
        for lo in range(0, len(keys), 400):
            part = keys[lo : lo + 400]
            out.update(
                r[0]
                for r in self.tx.execute(
                    f"SELECT num FROM copy_keys WHERE key IN ({','.join('?' * len(part))})", part
                )
            )
        return sorted(n for n in out if self.ix.alive[n])

    def _infos(self, ids: Sequence[str]) -> dict[str, Info]:
        out = {n.article.id: n.info for n in self.new.values() if n.article.id in set(ids)}
        rest = [i for i in ids if i not in out]
        for lo in range(0, len(rest), 500):
            part = rest[lo : lo + 500]
            for doc_id, blob in self.tx.execute(
                f"SELECT doc_id, info FROM copy_docs WHERE doc_id IN ({','.join('?' * len(part))})",
                part,
            ):
                out[doc_id] = Info.from_dict(json.loads(zlib.decompress(blob))["info"])
        return out

    def _credit_edges(self, origins: Origins) -> None:
        """The credit rule's pairs of the new and affected articles, derived again."""
        todo = sorted(i for i in self.credit_todo if i not in self.removed_ids)
        if not todo:
            return
        ix = self.ix
        infos = self._infos(todo)
        ev = Evidence(list(infos.values()), origins)
        acronyms = ix.counts.counts["own"].keys() | ix.counts.counts["def"].keys()
        resolves: dict[str, set[str]] = defaultdict(set)
        for acr in acronyms:
            resolves[origins.key(acr)].add(acr)
        for lo in range(0, len(todo), 400):
            part = todo[lo : lo + 400]
            q = ",".join("?" * len(part))
            for a, b in self.tx.execute(
                f"SELECT a, b FROM copy_edges WHERE a IN ({q}) UNION SELECT a, b FROM copy_edges WHERE b IN ({q})",
                part + part,
            ).fetchall():
                self.seeds.update((a, b))
            self.tx.execute(f"DELETE FROM copy_edges WHERE a IN ({q}) OR b IN ({q})", part + part)
        candidates: set[tuple[str, str]] = set()
        for x in todo:
            info = infos[x]
            day = day_of(info.published)
            if day == UNDATED:
                continue
            keys = set(ev.credits[x])
            if info.outlet:
                keys.add(origins.key(info.outlet))
            raw = set()
            for k in keys:
                raw |= {k} | resolves.get(k, set())
            if not raw:
                continue
            rawl = sorted(raw)
            nums = [
                r[0]
                for r in self.tx.execute(
                    f"SELECT DISTINCT num FROM copy_keys WHERE key IN ({','.join('?' * len(rawl))}) "
                    "AND day BETWEEN ? AND ?",
                    [*rawl, day - 4, day + 4],
                )
                if ix.alive[r[0]]
            ]
            others = [i for i in self._ids_of(nums).values() if i != x]
            if not others:
                continue
            group = self._infos(others)
            group[x] = info
            ev2 = Evidence(list(group.values()), origins)
            for p, q_ in credit_pairs(list(group.values()), ev2):
                if x in (p, q_):
                    candidates.add((p, q_))
        if not candidates:
            return
        need = sorted({i for p in candidates for i in p})
        texts: dict[str, str] = {n.article.id: n.article.text for n in self.new.values()}
        missing = [i for i in need if i not in texts]
        for lo in range(0, len(missing), FETCH):
            got = ix.fetch(missing[lo : lo + FETCH])
            texts.update({k: v.text for k, v in got.items()})
        edges = [
            (p, q_)
            for p, q_ in sorted(candidates)
            if p in texts and q_ in texts and same_story(texts[p], texts[q_])
        ]
        self.tx.executemany("INSERT OR IGNORE INTO copy_edges (a, b) VALUES (?, ?)", edges)
        for p, q_ in edges:
            self.seeds.update((p, q_))

    def _families(self, origins: Origins) -> None:
        """Recompute the families of the seeds: the connected components of the merging links
        and credit pairs that hold them (and every member of their old families)."""
        seeds = set(self.seeds)
        old_fams: dict[str, Family] = {}
        frontier = sorted(seeds)
        while frontier:
            fids: set[str] = set()
            for lo in range(0, len(frontier), 400):
                part = frontier[lo : lo + 400]
                fids.update(
                    r[0]
                    for r in self.tx.execute(
                        f"SELECT family FROM family_members WHERE article IN ({','.join('?' * len(part))})",
                        part,
                    )
                )
            fids -= set(old_fams)
            frontier = []
            for fid in sorted(fids):
                row = self.tx.execute(
                    "SELECT id, members, original, credited, reasons, flags FROM families WHERE id = ?",
                    (fid,),
                ).fetchone()
                if row is None:
                    continue
                fam = _family_of_row(row)
                old_fams[fid] = fam
                frontier += [m for m in fam.members if m not in seeds]
                seeds.update(fam.members)
        live = sorted(s for s in seeds if s not in self.removed_ids)
        infos = self._infos(live)
        live = [i for i in live if i in infos]
        # components
        comp: dict[str, set[str]] = {}
        links_of: dict[str, list[Link]] = defaultdict(list)
        seen: set[str] = set()
        for start in live:
            if start in seen:
                continue
            members = {start}
            frontier = [start]
            seen.add(start)
            while frontier:
                found = self._links_touching(frontier)
                for lk in found:
                    for m in (lk.a, lk.b):
                        if lk not in links_of[m]:
                            links_of[m].append(lk)
                nxt = []
                infos.update(
                    self._infos([x for lk in found for x in (lk.a, lk.b) if x not in infos])
                )
                for x in frontier:
                    for lk in links_of[x]:
                        other = lk.b if lk.a == x else lk.a
                        if other in infos and other not in members and merges(lk, infos):
                            members.add(other)
                            nxt.append(other)
                    q = "SELECT b FROM copy_edges WHERE a = ? UNION SELECT a FROM copy_edges WHERE b = ?"
                    for (other,) in self.tx.execute(q, (x, x)).fetchall():
                        if other not in members and other not in self.removed_ids:
                            members.add(other)
                            nxt.append(other)
                infos.update(self._infos([m for m in nxt if m not in infos]))
                seen.update(nxt)
                frontier = nxt
            for m in members:
                comp[m] = members
        new_fams: list[Family] = []
        done: set[int] = set()
        for members_set in comp.values():
            if id(members_set) in done:
                continue
            done.add(id(members_set))
            ids = sorted(members_set)
            ev = Evidence([infos[i] for i in ids], origins)
            pair_links: dict[frozenset[str], Link] = {}
            for lk in sorted(
                {_link_row(x): x for i in ids for x in links_of[i]}.values(), key=link_order
            ):
                if lk.a in members_set and lk.b in members_set:
                    pair_links[frozenset((lk.a, lk.b))] = lk
            made = family_of(ids, infos, ev, pair_links)
            if made is not None:
                new_fams.append(made)
        # rewrite directions of every rewrite touching a recomputed article
        touched = sorted(comp)
        rewrites = [lk for lk in self._links_touching(touched) if lk.type == "rewrite_of"]
        fams = {m: f for f in new_fams for m in f.members}
        others = sorted({x for lk in rewrites for x in (lk.a, lk.b)} - set(comp))
        other_fams = self._stored_families(others)
        everyone = sorted({x for lk in rewrites for x in (lk.a, lk.b)})
        infos.update(self._infos([x for x in everyone if x not in infos]))
        ev = Evidence([infos[x] for x in everyone if x in infos], origins)
        oriented = []
        for lk in rewrites:
            if lk.a not in infos or lk.b not in infos:
                continue
            base = self._canonical(lk, infos)
            oriented.append(orient(base, infos, ev))
        originals = sorted({f.original for f in [*new_fams, *other_fams.values()] if f.original})
        verbatim = [
            lk
            for lk in self._links_touching(originals)
            if lk.type in ("exact_copy", "near_duplicate")
        ]
        fam_list = list({f.id: f for f in [*new_fams, *other_fams.values()]}.values())
        final, flagged = point_to_originals([*oriented, *verbatim], [f for f in fam_list])
        flagged_by_id = {f.id: f for f in flagged}
        new_fams = [flagged_by_id.get(f.id, f) for f in new_fams]
        for lk in final:
            if lk.type != "rewrite_of":
                continue
            stored = [x for x in self._links_of_pair(lk.a, lk.b) if x.type == "rewrite_of"]
            if len(stored) == 1 and _same_link(stored[0], lk):
                continue
            keep = [x for x in self._links_of_pair(lk.a, lk.b) if x.type != "rewrite_of"]
            self._set_links(lk.a, lk.b, sorted([*keep, lk], key=link_order))
        del fams
        # write the families
        self._write_families(old_fams, new_fams)

    def _canonical(self, lk: Link, infos: Mapping[str, Info]) -> Link:
        """A rewrite link as verification made it: ``a`` first in the canonical order, and no
        direction yet."""
        order = {x: (day_of(infos[x].published), x) for x in (lk.a, lk.b)}
        if order[lk.b] < order[lk.a]:
            lk = _swap(lk)
        facts = {k: v for k, v in lk.facts.items() if k not in ("direction", "direction_reasons")}
        return replace(lk, facts=facts)

    def _stored_families(self, ids: Sequence[str]) -> dict[str, Family]:
        out: dict[str, Family] = {}
        for lo in range(0, len(ids), 400):
            part = ids[lo : lo + 400]
            for row in self.tx.execute(
                "SELECT f.id, f.members, f.original, f.credited, f.reasons, f.flags FROM families f "
                f"JOIN family_members m ON m.family = f.id WHERE m.article IN ({','.join('?' * len(part))})",
                part,
            ):
                fam = _family_of_row(row)
                out[fam.id] = fam
        return out

    def _write_families(self, old: dict[str, Family], new: list[Family]) -> None:
        new_by_id = {f.id: f for f in new}
        for fid, fam in old.items():
            now = new_by_id.get(fid)
            if now is not None and _same_family(fam, now):
                continue
            self.tx.execute("DELETE FROM families WHERE id = ?", (fid,))
            self.tx.execute("DELETE FROM family_members WHERE family = ?", (fid,))
            self.delta.families.append(FamilyChange(fam, now))
        for fam in new:
            prev = old.get(fam.id)
            if prev is not None and _same_family(prev, fam):
                continue
            if prev is None:
                self.delta.families.append(FamilyChange(None, fam))
            self.tx.execute("DELETE FROM families WHERE id = ?", (fam.id,))
            self.tx.execute("DELETE FROM family_members WHERE family = ?", (fam.id,))
            self.tx.execute(
                "INSERT INTO families (id, members, original, credited, reasons, flags) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    fam.id,
                    json.dumps(list(fam.members)),
                    fam.original,
                    fam.credited,
                    json.dumps(list(fam.reasons), ensure_ascii=False),
                    json.dumps({k: list(v) for k, v in fam.flags.items()}),
                ),
            )
            self.tx.executemany(
                "INSERT OR REPLACE INTO family_members (article, family) VALUES (?, ?)",
                [(m, fam.id) for m in fam.members],
            )

    def _diff_links(self) -> None:
        for (x, y), before in sorted(self.before.items()):
            after = self._links_of_pair(x, y)
            b_rows = {_link_row(lk): lk for lk in before}
            a_rows = {_link_row(lk): lk for lk in after}
            self.delta.links_removed += [lk for r, lk in b_rows.items() if r not in a_rows]
            self.delta.links_added += [lk for r, lk in a_rows.items() if r not in b_rows]

    def _save_state(self) -> None:
        ix = self.ix
        for kind, post in ix.postings.items():
            if post.dropped:
                self.tx.executemany(
                    "DELETE FROM copy_runs WHERE kind = ? AND rid = ?",
                    [(kind, r) for r in post.dropped],
                )
                post.dropped = []
            for run in post.runs:
                if run.rid is None:
                    run.rid = ix.next_rid
                    ix.next_rid += 1
                    keys, docs = run.to_bytes()
                    self.tx.execute(
                        "INSERT INTO copy_runs (kind, rid, size, keys, docs) VALUES (?, ?, ?, ?, ?)",
                        (kind, run.rid, len(run), keys, docs),
                    )
        rows = []
        for key in self.touched_keys:
            for kind in OriginCounts.KINDS:
                self.tx.execute("DELETE FROM copy_origins WHERE kind = ? AND key = ?", (kind, key))
                for value, count in ix.counts.counts[kind].get(key, {}).items():
                    rows.append((kind, key, value, count))
        self.tx.executemany(
            "INSERT INTO copy_origins (kind, key, value, count) VALUES (?, ?, ?, ?)", rows
        )


def _info_of_doc(work: _Work, d: Doc) -> Info:
    for n in work.new.values():
        if n.article.id == d.id:
            return n.info
    return work._infos([d.id]).get(d.id) or info_of(d.article)


def _raw_keys(info: Info) -> list[str]:
    keys = [_norm(info.outlet)] if info.outlet else []
    keys += [_norm(n) for n in info.credit_names]
    return [k for k in dict.fromkeys(keys) if k]


def _pairs_of(owner: np.ndarray, docs: np.ndarray, new: set[int]) -> list[tuple[int, int]]:
    keep = owner != docs
    o, d = owner[keep], docs[keep]
    codes = np.unique((np.minimum(o, d) << 32) | np.maximum(o, d))
    return [(c >> 32, c & 0xFFFFFFFF) for c in codes.tolist()]


def _pack_units(units: Sequence[np.ndarray]) -> bytes:
    sizes = np.array([len(u) for u in units], dtype=np.uint32)
    body = np.concatenate([sizes.astype(np.uint64), *units]) if units else np.zeros(0, np.uint64)
    return zlib.compress(np.uint32(len(units)).tobytes() + body.astype(np.uint64).tobytes())


def _unpack_units(blob: bytes) -> list[np.ndarray]:
    raw = zlib.decompress(blob)
    n = int(np.frombuffer(raw[:4], dtype=np.uint32)[0])
    body = np.frombuffer(raw[4:], dtype=np.uint64)
    sizes = body[:n].astype(np.int64)
    out, pos = [], n
    for s in sizes.tolist():
        out.append(body[pos : pos + s])
        pos += s
    return out
