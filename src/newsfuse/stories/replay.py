"""How a change to the set of items becomes a change to the stories: resume, replay, compare.

:func:`update` is the one code path behind :class:`~newsfuse.stories.StoryIndex` (stored in
the SQLite store) and :class:`~newsfuse.stories.StoryClusterer` (kept in memory): the two
differ only in their :class:`Ledger`, where items, checkpoints and story records are kept.

1. The given articles are split into items; an item whose fingerprint (text, title, date,
   language, source) and family are as stored is unchanged. New and changed items have their
   features read once and stored; removed articles' items are deleted; families are
   compared with ``family_of``. Each change marks its item's day (old and new) as affected.
2. The clusterer resumes from the latest checkpoint *before* the earliest affected day (a
   checkpoint at the end of day C is the exact state after every item of days <= C, so it
   stays valid while nothing on or before C changes), or from the start when there is none.
3. It replays the stored items of every later day, one day per batch, then the undated
   items, writing a checkpoint at the end of each of the ``checkpoints`` newest days.
4. Each story leaving memory (expired, or in memory at the end) is compared with its stored
   record; only the stories that could have changed (in memory at the checkpoint, or created
   after it) are compared, and those not made again are merged (the story now holding the
   item they were born from) or removed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np

from newsfuse.errors import ConfigError
from newsfuse.records import Article, Failure, Story
from newsfuse.stories.engine import Emitted, Engine, Params, Snapshot
from newsfuse.stories.state import (
    Item,
    ItemRow,
    decode_failed,
    decode_item,
    encode_failed,
    encode_item,
    fingerprint,
    item_day,
    item_key,
    items_of,
    read_item,
    story_id,
)

log = logging.getLogger("newsfuse.stories")

#: The format of the stored index (items, checkpoints, records); another means a rebuild.
INDEX_FORMAT = "newsfuse.story-index/1"
#: How many checkpoints are kept by default: the ends of the 14 newest days with items (see
#: the design notes in :mod:`newsfuse.stories.cluster` for the measurements behind it).
DEFAULT_CHECKPOINTS = 14

# article id -> family id, or a function of (article id, passage index) such as the copies
# stage's ``CopyReport.family_of`` (which knows the family of each live-blog passage)
FamilyOf = Mapping[str, str] | Callable[[str, int | None], str]
Embedder = Callable[[Sequence[str]], np.ndarray]


def family_function(family_of: FamilyOf | None) -> Callable[[str, int | None], str]:
    if family_of is None:
        return lambda article, _passage: article
    if callable(family_of):
        return family_of
    mapping = family_of
    return lambda article, _passage: mapping.get(article, article)


class ItemMeta(NamedTuple):
    """What the ledger keeps beside an item's bytes."""

    key: str
    article: str
    passage: int | None
    day: int | None
    fingerprint: str
    family: str
    failed: str | None


class StoredItem(NamedTuple):
    """An item to write: its fields and bytes (features, or the item itself when failed)."""

    key: str
    article: str
    passage: int | None
    day: int | None
    own_id: str
    fingerprint: str
    family: str
    data: bytes
    failed: str | None


class Ledger(Protocol):
    """Where the items, checkpoints and story records are kept (SQLite or memory)."""

    def meta(self) -> dict[str, Any] | None: ...
    def set_meta(self, meta: dict[str, Any]) -> None: ...
    def items_of_articles(self, articles: Iterable[str]) -> list[ItemMeta]: ...
    def all_items(self) -> Iterator[ItemMeta]: ...
    def failed_items(self) -> list[tuple[ItemMeta, bytes]]: ...
    def put_items(self, items: Sequence[StoredItem]) -> None: ...
    def set_families(self, changes: Sequence[tuple[str, str]]) -> None: ...
    def delete_items(self, keys: Iterable[str]) -> None: ...
    def clear(self) -> None: ...
    def days_after(self, day: int | None) -> list[int]: ...
    def last_days(self, k: int) -> list[int]: ...
    def read_day(self, day: int | None) -> list[tuple[ItemMeta, bytes]]: ...
    def checkpoint_days(self) -> list[int]: ...
    def load_checkpoint(self, day: int) -> tuple[dict[str, Any], bytes, dict[str, bytes]]: ...
    def save_checkpoint(self, day: int, snap: Snapshot) -> None: ...
    def drop_checkpoints(self, days: Iterable[int]) -> None: ...
    def collect_garbage(self) -> None: ...
    def record_digests(self, since: float | None) -> dict[str, str]: ...
    def record(self, sid: str) -> Story | None: ...
    def put_record(self, emitted: Emitted, digest: str) -> None: ...
    def delete_record(self, sid: str) -> None: ...
    def story_of_own(self, own_id: str) -> str | None: ...
    def has_records(self) -> bool: ...
    def source_articles(self) -> Iterator[Article] | None: ...


@dataclass(frozen=True)
class StoryDelta:
    """What one update changed in the stories.

    ``created``: new story ids; ``changed``: stories whose record changed (members added or
    removed, scores, label, dates, family counts, or a member's family); ``merged``: stories
    gone whose first item is now in another story (old id -> that story's id); ``removed``:
    stories gone entirely. ``added_members`` / ``removed_members``: per created or changed
    story, the item keys (``article`` or ``article#passage``) that joined or left; ``stories``:
    the new record of every created or changed story. ``replayed_from`` is the day (ISO) of the
    checkpoint the update resumed from (None: from the start, or nothing to replay),
    ``replayed_days`` and ``replayed_items`` what it processed again."""

    created: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    merged: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()
    added_members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    removed_members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    failures: tuple[Failure, ...] = ()
    replayed_from: str | None = None
    replayed_days: int = 0
    replayed_items: int = 0

    @property
    def touched(self) -> tuple[str, ...]:
        """Created and changed stories (those whose claims and brief need recomputing)."""
        return (*self.created, *self.changed)

    def __bool__(self) -> bool:
        return bool(self.created or self.changed or self.merged or self.removed)


_CHUNK = 256  # articles read at a time


def update(
    ledger: Ledger,
    params: Params,
    articles: Iterable[Article],
    *,
    family_of: FamilyOf | None = None,
    removed_ids: Iterable[str] = (),
    families_changed: Iterable[str] | None = None,
    checkpoints: int = DEFAULT_CHECKPOINTS,
    embedder: Embedder | None = None,
) -> tuple[StoryDelta, Engine | None]:
    """Apply a change of the item set to the stories kept in ``ledger`` (see the module
    docstring); give what changed and the engine at the end (None when nothing was replayed).
    ``family_of`` as for :class:`~newsfuse.stories.StoryIndex`."""
    fam = family_function(family_of)
    removed = set(removed_ids)
    failures: list[Failure] = []
    affected: list[int | None] = []
    seen: set[str] = set()

    meta = ledger.meta()
    fresh = meta is None or meta.get("format") != INDEX_FORMAT
    reread = fresh or meta.get("features") != params.feature_digest()  # type: ignore[union-attr]
    replay_all = reread or meta.get("params") != params.digest()  # type: ignore[union-attr]
    source: Iterable[Article] = articles
    if reread:
        olds = ledger.source_articles()
        if olds is None:
            if next(iter(ledger.all_items()), None) is not None:
                raise ConfigError(
                    "the stories were made with other feature parameters (max_chars, language, "
                    "embedding): fit again"
                )
            olds = iter(())
        ledger.clear()
        source = _chain(olds, articles)

    def read(it: Item, fp: str, family: str) -> StoredItem:
        day = item_day(it)
        own = story_id(it.article.id, it.passage)
        try:
            row = read_item(it, family, max_chars=params.max_chars, language=params.language)
        except Exception as exc:  # one odd page never stops the clustering
            failures.append(Failure.of(it.article.source, "stories", exc))
            return StoredItem(
                it.key, it.article.id, it.passage, day, own, fp, family, encode_failed(it),
                f"{type(exc).__name__}: {exc}",
            )  # fmt: skip
        if embedder is not None:
            row.dense = _embed(embedder, [it])[0]
        return StoredItem(
            it.key, it.article.id, it.passage, day, own, fp, family, encode_item(row), None
        )

    # 1. the given articles: new, changed, or as stored
    for chunk in _chunks(source, _CHUNK):
        known: dict[str, list[ItemMeta]] = {}
        for m in _metas(ledger.items_of_articles({a.id for a in chunk})):
            known.setdefault(m.article, []).append(m)
        puts: list[StoredItem] = []
        fam_sets: list[tuple[str, str]] = []
        gone: list[str] = []
        for a in chunk:
            if a.id in removed:
                continue
            before = {m.key: m for m in known.get(a.id, [])}
            keys = set()
            for it in items_of(a):
                keys.add(it.key)
                if it.key in seen:
                    continue
                seen.add(it.key)
                fp = fingerprint(it)
                family = fam(a.id, it.passage)
                old = before.get(it.key)
                if old is not None and old.fingerprint == fp and old.failed is None:
                    if old.family != family:
                        fam_sets.append((it.key, family))
                        affected.append(old.day)
                    continue
                if old is not None and old.failed is None:
                    affected.append(old.day)
                item = read(it, fp, family)
                puts.append(item)
                if item.failed is None:
                    affected.append(item.day)
            for key, old in before.items():
                if key not in keys and key not in seen:
                    gone.append(key)
                    if old.failed is None:
                        affected.append(old.day)
        ledger.put_items(puts)
        ledger.set_families(fam_sets)
        ledger.delete_items(gone)

    # items that could not be read before are tried again
    retry: list[StoredItem] = []
    for t, data in ledger.failed_items():
        m = ItemMeta._make(t)
        if m.key in seen or m.article in removed:
            continue
        it = decode_failed(data)
        item = read(it, m.fingerprint, fam(m.article, m.passage) if family_of else m.family)
        if item.failed is None:
            retry.append(item)
            affected.append(item.day)
    ledger.put_items(retry)

    # 2. removed articles
    if removed:
        metas = _metas(ledger.items_of_articles(removed))
        ledger.delete_items(m.key for m in metas)
        affected += [m.day for m in metas if m.failed is None]

    # 3. families of items not given
    if families_changed is not None:
        check: Iterable[ItemMeta] = _metas(ledger.items_of_articles(set(families_changed)))
    elif family_of is None:
        check = ()
    elif callable(family_of):
        check = _metas(ledger.all_items())
    else:
        check = _metas(ledger.items_of_articles(set(family_of)))
    fam_sets = []
    for m in check:
        if m.key in seen or m.article in removed:
            continue
        family = fam(m.article, m.passage)
        if family != m.family:
            fam_sets.append((m.key, family))
            if m.failed is None:
                affected.append(m.day)
    ledger.set_families(fam_sets)

    if not affected and not replay_all:
        return StoryDelta(failures=tuple(failures)), None
    delta, engine = _replay(ledger, params, affected, replay_all, checkpoints, embedder)
    ledger.set_meta(
        {
            "format": INDEX_FORMAT,
            "params": params.digest(),
            "features": params.feature_digest(),
            "settings": params.as_dict(),
        }
    )
    failures += [Failure.of(r.source, "stories", exc) for r, exc in engine.failures]
    return _with_failures(delta, failures), engine


def _with_failures(delta: StoryDelta, failures: list[Failure]) -> StoryDelta:
    return StoryDelta(
        created=delta.created,
        changed=delta.changed,
        merged=delta.merged,
        removed=delta.removed,
        added_members=delta.added_members,
        removed_members=delta.removed_members,
        stories=delta.stories,
        failures=tuple(failures),
        replayed_from=delta.replayed_from,
        replayed_days=delta.replayed_days,
        replayed_items=delta.replayed_items,
    )


def _replay(
    ledger: Ledger,
    params: Params,
    affected: list[int | None],
    replay_all: bool,
    checkpoints: int,
    embedder: Embedder | None,
) -> tuple[StoryDelta, Engine]:
    dated = [d for d in affected if d is not None]
    earliest = min(dated) if dated else None  # None: only undated items changed
    existing = ledger.checkpoint_days()
    valid = [] if replay_all else [d for d in existing if earliest is None or d < earliest]
    start = max(valid) if valid else None
    keep = set(ledger.last_days(checkpoints)) if checkpoints > 0 else set()

    days = ledger.days_after(start)
    if start is None:
        engine = Engine(params, embedder)
        if days and ledger.has_records():
            why = (
                "the parameters changed"
                if replay_all
                else "a changed item is older than the oldest checkpoint"
            )
            log.warning("stories: replaying every stored item from the start (%s)", why)
    else:
        engine = Engine.restore(params, *ledger.load_checkpoint(start), embedder=embedder)
    ledger.drop_checkpoints(d for d in existing if d not in valid or d not in keep)

    w = params.window_days
    old = ledger.record_digests(None if start is None or w is None else start - w)
    produced: dict[str, str] = {}
    created: list[str] = []
    changed: list[str] = []
    added: dict[str, tuple[str, ...]] = {}
    left: dict[str, tuple[str, ...]] = {}
    records: dict[str, Story] = {}

    def emit(c: Any) -> None:
        e = engine.emit(c)
        sid = e.story.id
        digest = e.digest
        produced[sid] = digest
        if old.get(sid) == digest:
            return
        keys = set(e.keys)
        if sid in old:
            changed.append(sid)
            before = ledger.record(sid)
            was = {item_key(m.article, m.passage) for m in before.members} if before else set()
            if keys - was:
                added[sid] = tuple(sorted(keys - was))
            if was - keys:
                left[sid] = tuple(sorted(was - keys))
        else:
            created.append(sid)
            added[sid] = tuple(sorted(keys))
        records[sid] = e.story
        ledger.put_record(e, digest)

    n_items = 0
    for day in days:
        for c in engine.expire(day):
            emit(c)
        rows = [_decode(ItemMeta._make(m), data) for m, data in ledger.read_day(day)]
        engine.process(day, rows)
        n_items += len(rows)
        if day in keep:
            ledger.save_checkpoint(day, engine.snapshot())
    undated = [_decode(ItemMeta._make(m), data) for m, data in ledger.read_day(None)]
    engine.process(None, undated)
    n_items += len(undated)
    for c in sorted(engine.clusters.values(), key=lambda c: c.seq):
        emit(c)

    merged: dict[str, str] = {}
    removed: list[str] = []
    for sid in sorted(old):
        if sid in produced:
            continue
        ledger.delete_record(sid)
        holder = ledger.story_of_own(sid)
        if (
            holder is not None
            and holder != sid
            and (holder in produced or ledger.record(holder) is not None)
        ):
            merged[sid] = holder
        else:
            removed.append(sid)
    ledger.collect_garbage()

    return (
        StoryDelta(
            created=tuple(sorted(created)),
            changed=tuple(sorted(changed)),
            merged=merged,
            removed=tuple(removed),
            added_members=added,
            removed_members=left,
            stories=records,
            replayed_from=None if start is None else dt.date.fromordinal(start).isoformat(),
            replayed_days=len(days) + (1 if undated else 0),
            replayed_items=n_items,
        ),
        engine,
    )


def final_engine(ledger: Ledger, params: Params, embedder: Embedder | None = None) -> Engine:
    """The clusterer as it is at the end of the last update (after the undated items), made
    again from the newest checkpoint without writing anything."""
    days = ledger.checkpoint_days()
    if days:
        engine = Engine.restore(params, *ledger.load_checkpoint(days[-1]), embedder=embedder)
    else:
        engine = Engine(params, embedder)
    for day in ledger.days_after(days[-1] if days else None):
        engine.expire(day)
        engine.process(day, [_decode(ItemMeta._make(m), d) for m, d in ledger.read_day(day)])
    engine.process(None, [_decode(ItemMeta._make(m), d) for m, d in ledger.read_day(None)])
    return engine


def engine_at(ledger: Ledger, params: Params, day: int, embedder: Embedder | None = None) -> Engine:
    """The clusterer as it was at the end of ``day`` (before any later day and the undated
    items), made again from the newest checkpoint on or before it without writing anything."""
    days = [d for d in ledger.checkpoint_days() if d <= day]
    if days:
        engine = Engine.restore(params, *ledger.load_checkpoint(days[-1]), embedder=embedder)
    else:
        engine = Engine(params, embedder)
    for d in ledger.days_after(days[-1] if days else None):
        if d > day:
            break
        engine.expire(d)
        engine.process(d, [_decode(ItemMeta._make(m), x) for m, x in ledger.read_day(d)])
    engine.expire(day)
    return engine


def _metas(rows: Iterable[Sequence[Any]]) -> list[ItemMeta]:
    return [ItemMeta._make(r) for r in rows]


def _decode(m: ItemMeta, data: bytes) -> ItemRow:
    return decode_item(
        data, key=m.key, article=m.article, passage=m.passage, day=m.day, family=m.family
    )


def _embed(embedder: Embedder, items: Sequence[Item]) -> list[np.ndarray]:
    texts = [f"{it.title or ''}\n{it.text}".strip()[:2000] for it in items]
    vecs = np.asarray(embedder(texts), dtype=np.float64)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = np.divide(vecs, norms, out=np.zeros_like(vecs), where=norms > 0)
    return list(vecs)


def _chain(first: Iterable[Article], then: Iterable[Article]) -> Iterator[Article]:
    """The stored articles, then the given ones (an item met twice is read the first time)."""
    yield from first
    yield from then


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for a in articles:
        chunk.append(a)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the ledger in memory (StoryClusterer) ----------------------------------------------------


class MemoryLedger:
    """A :class:`Ledger` in dictionaries, serialisable to JSON (``to_state``/``from_state``)."""

    def __init__(self) -> None:
        self._meta: dict[str, Any] | None = None
        # key -> [article, passage, day, own_id, fingerprint, family, data, failed, story]
        self.items: dict[str, list[Any]] = {}
        self.by_article: dict[str, set[str]] = {}
        self.by_day: dict[int | None, set[str]] = {}
        self.own: dict[str, str] = {}  # own id -> item key
        self.checkpoints: dict[int, tuple[dict[str, Any], bytes, list[str]]] = {}
        self.blobs: dict[str, bytes] = {}
        self.records: dict[str, tuple[Story, str, int | None]] = {}

    def meta(self) -> dict[str, Any] | None:
        return self._meta

    def set_meta(self, meta: dict[str, Any]) -> None:
        self._meta = dict(meta)

    def _meta_of(self, key: str) -> ItemMeta:
        v = self.items[key]
        return ItemMeta(key, v[0], v[1], v[2], v[4], v[5], v[7])

    def items_of_articles(self, articles: Iterable[str]) -> list[ItemMeta]:
        out = []
        for a in articles:
            out += [self._meta_of(k) for k in sorted(self.by_article.get(a, ()))]
        return out

    def all_items(self) -> Iterator[ItemMeta]:
        for key in list(self.items):
            yield self._meta_of(key)

    def failed_items(self) -> list[tuple[ItemMeta, bytes]]:
        return [(self._meta_of(k), v[6]) for k, v in self.items.items() if v[7] is not None]

    def put_items(self, items: Sequence[StoredItem]) -> None:
        for it in items:
            old = self.items.get(it.key)
            if old is not None:
                self._unindex(it.key)
            story = old[8] if old is not None else None
            self.items[it.key] = [
                it.article, it.passage, it.day, it.own_id, it.fingerprint, it.family, it.data,
                it.failed, story,
            ]  # fmt: skip
            self.by_article.setdefault(it.article, set()).add(it.key)
            self.by_day.setdefault(it.day, set()).add(it.key)
            self.own[it.own_id] = it.key

    def _unindex(self, key: str) -> None:
        v = self.items[key]
        self.by_article.get(v[0], set()).discard(key)
        self.by_day.get(v[2], set()).discard(key)
        self.own.pop(v[3], None)

    def set_families(self, changes: Sequence[tuple[str, str]]) -> None:
        for key, family in changes:
            self.items[key][5] = family

    def delete_items(self, keys: Iterable[str]) -> None:
        for key in list(keys):
            if key in self.items:
                self._unindex(key)
                del self.items[key]

    def clear(self) -> None:
        self.items.clear()
        self.by_article.clear()
        self.by_day.clear()
        self.own.clear()
        self.checkpoints.clear()
        self.blobs.clear()

    def _live_days(self) -> list[int]:
        return sorted(
            d
            for d, keys in self.by_day.items()
            if d is not None and any(self.items[k][7] is None for k in keys)
        )

    def days_after(self, day: int | None) -> list[int]:
        return [d for d in self._live_days() if day is None or d > day]

    def last_days(self, k: int) -> list[int]:
        return self._live_days()[-k:] if k > 0 else []

    def read_day(self, day: int | None) -> list[tuple[ItemMeta, bytes]]:
        keys = [k for k in self.by_day.get(day, ()) if self.items[k][7] is None]
        keys.sort(
            key=lambda k: (self.items[k][0], -1 if self.items[k][1] is None else self.items[k][1])
        )
        return [(self._meta_of(k), self.items[k][6]) for k in keys]

    def checkpoint_days(self) -> list[int]:
        return sorted(self.checkpoints)

    def load_checkpoint(self, day: int) -> tuple[dict[str, Any], bytes, dict[str, bytes]]:
        meta, df, hashes = self.checkpoints[day]
        return meta, df, {h: self.blobs[h] for h in hashes}

    def save_checkpoint(self, day: int, snap: Snapshot) -> None:
        self.blobs.update(snap.blobs)
        self.checkpoints[day] = (snap.meta, snap.df, [h for _c, h in snap.meta["clusters"]])

    def drop_checkpoints(self, days: Iterable[int]) -> None:
        for d in list(days):
            self.checkpoints.pop(d, None)

    def collect_garbage(self) -> None:
        used = {h for _m, _df, hashes in self.checkpoints.values() for h in hashes}
        for h in [h for h in self.blobs if h not in used]:
            del self.blobs[h]

    def record_digests(self, since: float | None) -> dict[str, str]:
        return {
            sid: digest
            for sid, (_s, digest, last) in self.records.items()
            if since is None or last is None or last >= since
        }

    def record(self, sid: str) -> Story | None:
        got = self.records.get(sid)
        return got[0] if got else None

    def put_record(self, emitted: Emitted, digest: str) -> None:
        sid = emitted.story.id
        self.records[sid] = (emitted.story, digest, emitted.last_day)
        for key in emitted.keys:
            if key in self.items:
                self.items[key][8] = sid

    def delete_record(self, sid: str) -> None:
        self.records.pop(sid, None)

    def story_of_own(self, own_id: str) -> str | None:
        key = self.own.get(own_id)
        return None if key is None else self.items[key][8]

    def has_records(self) -> bool:
        return bool(self.records)

    def source_articles(self) -> Iterator[Article] | None:
        return None

    # --- reads of the API -----------------------------------------------------------------

    def story_of(self, key: str) -> str | None:
        v = self.items.get(key)
        return None if v is None else v[8]

    # --- JSON -----------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        from newsfuse.stories.engine import b64

        return {
            "meta": self._meta,
            "items": [[k, *v[:6], b64(v[6]), v[7], v[8]] for k, v in self.items.items()],
            "checkpoints": [[d, m, b64(df), hs] for d, (m, df, hs) in self.checkpoints.items()],
            "blobs": {h: b64(b) for h, b in self.blobs.items()},
            "records": [[_exact(s), dg, last] for s, dg, last in self.records.values()],
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> MemoryLedger:
        from newsfuse.stories.engine import unb64

        self = cls()
        self._meta = state["meta"]
        for k, art, passage, day, own, fp, family, data, failed, story in state["items"]:
            self.put_items([StoredItem(k, art, passage, day, own, fp, family, unb64(data), failed)])
            self.items[k][8] = story
        for d, m, df, hs in state["checkpoints"]:
            self.checkpoints[int(d)] = (m, unb64(df), list(hs))
        self.blobs = {h: unb64(b) for h, b in state["blobs"].items()}
        for rec, dg, last in state["records"]:
            s = Story.from_dict(rec)
            self.records[s.id] = (s, dg, last)
        return self


def _exact(story: Story) -> dict[str, Any]:
    """``Story.to_dict`` with the members' scores unrounded (a JSON round trip is exact)."""
    d = story.to_dict()
    for md, m in zip(d["members"], story.members, strict=True):
        md["score"] = m.score
    return d


__all__ = [
    "DEFAULT_CHECKPOINTS",
    "INDEX_FORMAT",
    "Embedder",
    "FamilyOf",
    "ItemMeta",
    "Ledger",
    "MemoryLedger",
    "StoredItem",
    "StoryDelta",
    "engine_at",
    "family_function",
    "final_engine",
    "update",
]
