"""What each page shows, as plain data: the JSON twin of a page is exactly this, and its HTML
template reads the same dict (plus the marked-up pieces of :mod:`newsfuse.web.markup`).

Every function takes the Desk and the request's validated parameters and returns a dict, or
raises :class:`NotFound` for an id the store does not hold.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from newsfuse.records import Article, Link
from newsfuse.store.browse import MARK_CLOSE, MARK_OPEN
from newsfuse.web.desk import Desk, StorySummary

SORTS = ("recent", "size", "sources", "attention")
_WORDS = re.compile(r"\w+")
#: Claims and sources a story page shows by default (``?limit=``, at most MAX_STORY_ROWS).
STORY_PAGE_ROWS = 50
MAX_STORY_ROWS = 300
MAX_COPIES = 8  # copies aligned side by side on an article page
MAX_ALIGNED_ROWS = 60


class NotFound(LookupError):
    """An id the store does not hold; the message says which."""


def _pages(total: int, page: int, per_page: int) -> dict[str, int]:
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, math.ceil(total / per_page)),
    }


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]


# -- stories ---------------------------------------------------------------------------------


def stories(
    desk: Desk,
    *,
    q: str | None = None,
    since: date | None = None,
    until: date | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    sort: str = "recent",
    page: int = 1,
    per_page: int = 25,
) -> dict[str, Any]:
    """The stories, filtered and sorted, one page of them."""
    ov = desk.overview()
    found: list[StorySummary] = list(ov.stories.values())
    if q and q.strip():
        found = _matching(desk, found, q)
    if since is not None:
        lo = since.isoformat()
        found = [s for s in found if _day(s.last_seen or s.first_seen) >= lo]
    if until is not None:
        hi = until.isoformat()
        found = [
            s
            for s in found
            if _day(s.first_seen or s.last_seen) and _day(s.first_seen or s.last_seen) <= hi
        ]
    if outlet:
        want = outlet.casefold()
        found = [s for s in found if any(o.casefold() == want for o in s.outlets)]
    entity_info = None
    if entity:
        entity_info, mentions = _entity_mentions(desk, entity)
        spans = _PassageSpans(desk)
        found = [s for s in found if any(spans.in_story(s, a, start) for a, start in mentions)]
    keys = {
        "recent": lambda s: (s.last_seen or "", s.size, s.id),
        "size": lambda s: (s.size, s.families, s.last_seen or "", s.id),
        "sources": lambda s: (s.families, s.size, s.last_seen or "", s.id),
        "attention": lambda s: (s.conflicting + s.differing, s.families, s.last_seen or "", s.id),
    }
    found.sort(key=keys[sort], reverse=True)
    total = len(found)
    start = (page - 1) * per_page
    return {
        "stories": [s.to_dict() for s in found[start : start + per_page]],
        **_pages(total, page, per_page),
        "filters": {
            "q": q,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "outlet": outlet,
            "entity": entity,
            "entity_name": entity_info["name"] if entity_info else None,
            "sort": sort,
        },
        "outlets": [o for o, _ in ov.outlets.most_common(60)],
        "store": ov.counts,
    }


def _matching(desk: Desk, found: list[StorySummary], q: str) -> list[StorySummary]:
    """The stories whose label, keywords or entities hold every word of ``q``, or one of whose
    reports does (full-text search; for a live blog, the passages of it in the story)."""
    words = [w.casefold() for w in _WORDS.findall(q)]
    hits = set(desk.store().search_article_ids(q))
    texts: dict[str, str] = {}

    def passage_hit(article: str, passages: tuple[int, ...]) -> bool:
        if article not in texts:
            a = desk.store().article_texts([article]).get(article)
            spans = [(p.start, p.end) for p in a.passages] if a else []
            whole = a.text if a else ""
            texts[article] = "\n".join(
                whole[spans[i][0] : spans[i][1]].casefold() for i in passages if i < len(spans)
            )
        return all(w in texts[article] for w in words)

    out = []
    for s in found:
        if words and all(w in s.search_text for w in words):
            out.append(s)
            continue
        for a in hits & s.articles:
            if a not in s.passages or passage_hit(a, s.passages[a]):
                out.append(s)
                break
    return out


def _entity_mentions(
    desk: Desk, entity: str
) -> tuple[dict[str, Any] | None, list[tuple[str, int]]]:
    """The entity named by ``entity`` (an id, a name or an alias) and its mentions as
    (article, start); no entity: (None, [])."""
    store = desk.store()
    found = store.entity(entity)
    if found is None:
        want = entity.casefold().strip()
        for e in desk.entities():
            if e["name"].casefold() == want or any(a.casefold() == want for a in e["aliases"]):
                found = store.entity(e["id"])
                break
    if found is None:
        return None, []
    return {"id": found.id, "name": found.name}, [(m.article, m.start) for m in found.mentions]


class _PassageSpans:
    """Whether a place in an article belongs to a story: always for an article that is in the
    story whole; for a live blog, only inside the passages of it that are in the story."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def in_story(self, story: StorySummary, article: str, offset: int) -> bool:
        if article not in story.articles:
            return False
        passages = story.passages.get(article)
        if passages is None:
            return True
        if article not in self.spans:
            a = self.desk.store().article_texts([article]).get(article)
            self.spans[article] = [(p.start, p.end) for p in a.passages] if a else []
        spans = self.spans[article]
        return any(i < len(spans) and spans[i][0] <= offset < spans[i][1] for i in passages)


# -- one story -------------------------------------------------------------------------------


def _claim_row(
    d: dict[str, Any],
    articles: dict[str, dict[str, Any]],
    voices: list[tuple[str, str | None]],
) -> dict[str, Any]:
    """A claim cluster's head (its first wordings, ``variants_total``) with who reported it:
    each outlet and the speakers its wordings name (``voices``: the distinct article and
    speaker of every wording, in order)."""
    who: dict[str, list[str]] = {}
    for article, speaker in voices:
        meta = articles.get(article) or {}
        name = meta.get("outlet") or meta.get("title") or meta.get("source") or article
        speakers = who.setdefault(name, [])
        if speaker and speaker not in speakers:
            speakers.append(speaker)
    return {**d, "reported_by": [{"outlet": k, "speakers": v} for k, v in who.items()]}


def story(
    desk: Desk,
    story_id: str,
    *,
    page: int = 1,
    limit: int = STORY_PAGE_ROWS,
    all_claims: bool = False,
) -> dict[str, Any]:
    """One story: its record, its brief, and one page of its claims (the most disputed
    first) and of its sources (the brief's order, else by date; each report's metadata in
    ``articles``, its entry of the brief in ``brief.sources``), with the copy links that
    touch the page's sources (the other end in the story).

    A story of a thousand reports holds thousands of claims: ``page`` (from 1) shows claims
    and sources ``(page - 1) * limit + 1`` to ``page * limit`` of each list; ``pages`` is how
    many it takes to show both whole, ``claims_total`` and ``sources_total`` their sizes,
    ``first`` the number of the page's first source (a source's number is its place in the
    whole list, as the brief's citations give it). ``all_claims``: every claim on each page
    (the sources still paged)."""
    data, _ = story_page(desk, story_id, page=page, limit=limit, all_claims=all_claims)
    return data


def story_page(
    desk: Desk,
    story_id: str,
    *,
    page: int = 1,
    limit: int = STORY_PAGE_ROWS,
    all_claims: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(:func:`story`, every source of the brief): the page's data, and the whole list of
    the brief's sources that the page's citations are numbered by (empty without a brief)."""
    store = desk.store()
    st = store.record_of("stories", story_id)
    if st is None:
        raise NotFound(f"no story with id {story_id!r} in the store")
    brief = store.record_of("briefs", story_id)
    members = {m["article"] for m in st["members"]}
    sources: list[dict[str, Any]] = list(brief["sources"]) if brief is not None else []
    ids = members | {s["article"] for s in sources}
    summaries = desk.article_summaries(ids, copy=False)  # read only; the page's copied
    # the sources in the brief's order, then any report it does not list, by date
    listed = [s["article"] for s in sources if s["article"] in summaries]
    rest = sorted(
        summaries.keys() - set(listed), key=lambda a: (summaries[a]["published"] or "", a)
    )
    order = list(dict.fromkeys(listed)) + rest
    start = (page - 1) * limit
    on_page = order[start : start + limit]
    if all_claims:
        total, shown = store.story_claims(story_id, heads=True)
    else:
        total, shown = store.story_claims(story_id, limit=limit, offset=start, heads=True)
    voices = store.claim_voices(c["id"] for c in shown)
    links = store.link_pairs(ids, touching=on_page) if on_page else []
    articles = {a: dict(summaries[a]) for a in on_page}
    summary = desk.overview().stories.get(story_id)
    data = {
        "story": st,
        "summary": summary.to_dict() if summary else None,
        "brief": {**brief, "sources": sources[start : start + limit]} if brief else None,
        "claims": [_claim_row(c, summaries, voices.get(c["id"], [])) for c in shown],
        "claims_total": total,
        "claims_shown": len(shown),
        "articles": list(articles.values()),
        "sources_total": len(order),
        "links": links,
        "first": start + 1,
        "page": page,
        "limit": limit,
        "pages": max(1, math.ceil(max(len(order), 0 if all_claims else total) / limit)),
    }
    return data, sources


# -- one article -----------------------------------------------------------------------------


def article(desk: Desk, article_id: str, *, hl: tuple[int, int] | None = None) -> dict[str, Any]:
    """One article: metadata, clean text, what was removed, its stories, its claims (spans in
    the text), its copy links with the other article's text for the side-by-side view."""
    store = desk.store()
    found = store.page_article(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r} in the store")
    a, raw_size = found
    ov = desk.overview()
    story_ids = ov.article_stories.get(a.id, [])
    claims = [
        c
        for c in store.article_claims(a.id)
        if isinstance(c["start"], int)
        and isinstance(c["end"], int)
        and 0 <= c["start"] < c["end"] <= len(a.text)
    ]
    claims.sort(key=lambda x: (x["start"], x["end"]))
    links = store.links_of([a.id])
    copies = []
    best = sorted(links, key=lambda lk: -lk.score)[:MAX_COPIES]
    others = store.copy_texts(lk.b if lk.a == a.id else lk.a for lk in best)
    for lk in best:
        other = others.get(lk.b if lk.a == a.id else lk.a)
        if other is not None:
            copies.append(_copy_view(a, other, lk))
    d = a.to_dict()
    d["raw_size"] = raw_size
    hl_ok = hl is not None and 0 <= hl[0] < hl[1] <= len(a.text)
    return {
        "article": d,
        "stories": [
            {"id": sid, "label": ov.stories[sid].label} for sid in story_ids if sid in ov.stories
        ],
        "claims": claims,
        "copies": copies,
        "highlight": list(hl) if hl_ok and hl else None,
        "removed_anchors": removed_anchors(a),
    }


def _copy_view(a: Article, other: Article, lk: Link) -> dict[str, Any]:
    """A copy link seen from ``a``: the other article, and the rows to show side by side
    (``mine`` and ``theirs`` as character spans of each text)."""
    mine_is_a = lk.a == a.id
    pairs: list[tuple[tuple[int, int], tuple[int, int], float | None]] = [
        ((s.a_start, s.a_end), (s.b_start, s.b_end), s.score) for s in lk.aligned[:MAX_ALIGNED_ROWS]
    ] or [((s.a_start, s.a_end), (s.b_start, s.b_end), None) for s in lk.spans[:MAX_ALIGNED_ROWS]]
    rows: list[dict[str, Any]] = [
        {"mine": m if mine_is_a else t, "theirs": t if mine_is_a else m, "score": score}
        for m, t, score in pairs
    ]
    rows = [
        r
        for r in rows
        if 0 <= r["mine"][0] <= r["mine"][1] <= len(a.text)
        and 0 <= r["theirs"][0] <= r["theirs"][1] <= len(other.text)
    ]
    for r in rows:
        r["mine_text"] = a.text[r["mine"][0] : r["mine"][1]]
        r["theirs_text"] = other.text[r["theirs"][0] : r["theirs"][1]]
    return {
        "type": lk.type,
        "direction": "a" if mine_is_a else "b",
        "score": round(lk.score, 4),
        "other": {
            "id": other.id,
            "title": other.title,
            "outlet": other.outlet,
            "published": other.published,
            "source": other.source,
        },
        "rows": rows,
        "other_chars": len(other.text),
    }


def removed_anchors(a: Article) -> list[int | None]:
    """Where each removed piece stood relative to the clean text: an offset into ``a.text``
    (the piece came just before it), or None when the input does not tell (a removed piece
    of an HTML page has no line number).

    For plain-text input, each removed line is placed before the next kept line of the input,
    found in the clean text by its first words (past the previous one found); a kept line that
    cannot be found leaves the pieces before it at the next one that can, or at the end.
    """
    if not a.removed:
        return []
    removed_lines = {r.line for r in a.removed if r.line is not None}
    if not removed_lines or not a.raw:
        return [None] * len(a.removed)
    lines = a.raw.decode("utf-8", "replace").splitlines()
    text = a.text
    found: list[tuple[int, int]] = []  # (input line, offset in the text), both increasing
    cursor = 0
    for i, line in enumerate(lines):
        if i in removed_lines:
            continue
        words = " ".join(line.split())[:40]
        if len(words) < 4:
            continue
        at = text.find(words, cursor)
        if at >= 0:
            found.append((i, at))
            cursor = at + len(words)
    out: list[int | None] = []
    for r in a.removed:
        if r.line is None:
            out.append(None)
            continue
        after = next((off for i, off in found if i > r.line), len(text))
        out.append(after)
    return out


# -- search, entities, claims, links ----------------------------------------------------------


def search(desk: Desk, *, q: str, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """Full-text search over the articles: one page of matches, best first, each with a
    snippet (its matched words as ``[start, end]`` offsets into the snippet)."""
    ov = desk.overview()
    total, rows = desk.store().search_articles(
        q,
        limit=per_page,
        offset=(page - 1) * per_page,
        summaries=lambda ids: desk.article_summaries(ids, copy=False),  # no text read
    )
    results = []
    for r in rows:
        snippet, marks = split_marks(r.pop("snippet"))
        results.append(
            {
                **r,
                "snippet": snippet,
                "matches": marks,
                "stories": [
                    {"id": s, "label": ov.stories[s].label}
                    for s in ov.article_stories.get(r["id"], [])
                    if s in ov.stories
                ],
            }
        )
    return {"q": q, "results": results, **_pages(total, page, per_page)}


def split_marks(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet with FTS5 marks -> (plain text, [[start, end], ...] of the marked words)."""
    out: list[str] = []
    marks: list[list[int]] = []
    pos, start = 0, None
    for ch in snippet:
        if ch == MARK_OPEN:
            start = pos
        elif ch == MARK_CLOSE:
            if start is not None and pos > start:
                marks.append([start, pos])
            start = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), marks


def entities(
    desk: Desk, *, q: str | None = None, kind: str | None = None, page: int = 1, per_page: int = 50
) -> dict[str, Any]:
    """The entities with their aliases and how often they are mentioned."""
    rows = list(desk.entities())
    if q and q.strip():
        want = q.casefold().strip()
        rows = [
            r
            for r in rows
            if want in r["name"].casefold() or any(want in a.casefold() for a in r["aliases"])
        ]
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    start = (page - 1) * per_page
    return {
        "q": q,
        "kind": kind,
        "entities": rows[start : start + per_page],
        **_pages(len(rows), page, per_page),
    }


def entity(desk: Desk, entity_id: str) -> dict[str, Any]:
    """One entity: aliases, roles, the stories it appears in, its mentions by article."""
    store = desk.store()
    e = store.entity(entity_id)
    if e is None:
        raise NotFound(f"no entity with id {entity_id!r} in the store")
    ov = desk.overview()
    by_article: dict[str, list[dict[str, Any]]] = {}
    for m in e.mentions:
        by_article.setdefault(m.article, []).append(
            {"start": m.start, "end": m.end, "text": m.text}
        )
    story_ids: dict[str, int] = {}
    spans = _PassageSpans(desk)
    for a, ms in by_article.items():
        for s in ov.article_stories.get(a, []):
            n = sum(
                1 for m in ms if s in ov.stories and spans.in_story(ov.stories[s], a, m["start"])
            )
            if n:
                story_ids[s] = story_ids.get(s, 0) + n
    return {
        "entity": {k: v for k, v in e.to_dict().items() if k != "mentions"},
        "stories": [
            ov.stories[s].to_dict() | {"mentions": n}
            for s, n in sorted(story_ids.items(), key=lambda x: -x[1])
            if s in ov.stories
        ],
        "articles": [
            {**(ov.articles.get(a) or {"id": a}), "mentions": ms}
            for a, ms in sorted(by_article.items(), key=lambda x: -len(x[1]))
        ],
    }


def claims(
    desk: Desk, *, story: str | None, status: str | None, kind: str | None, page: int, per_page: int
) -> dict[str, Any]:
    """Claim clusters, filtered by story, status and kind, one page."""
    total, rows = desk.store().claim_page(
        story=story, status=status, kind=kind, limit=per_page, offset=(page - 1) * per_page
    )
    return {"claims": [c.to_dict() for c in rows], **_pages(total, page, per_page)}


def claim(desk: Desk, claim_id: str) -> dict[str, Any]:
    c = desk.store().claim_cluster(claim_id)
    if c is None:
        raise NotFound(f"no claim with id {claim_id!r} in the store")
    return {"claim": c.to_dict()}


def links(
    desk: Desk, *, article: str | None, type: str | None, page: int, per_page: int
) -> dict[str, Any]:
    """Copy links (of one article, of one type), one page."""
    total, rows = desk.store().link_page(
        article=article, type=type, limit=per_page, offset=(page - 1) * per_page
    )
    return {"links": [lk.to_dict() for lk in rows], **_pages(total, page, per_page)}


def articles(desk: Desk, *, outlet: str | None, page: int, per_page: int) -> dict[str, Any]:
    """The articles (no text), newest first, of one outlet when given."""
    ov = desk.overview()
    rows = list(ov.articles.values())
    if outlet:
        want = outlet.casefold()
        rows = [r for r in rows if (r["outlet"] or "").casefold() == want]
    rows.sort(key=lambda r: (r["published"] or "", r["id"]), reverse=True)
    start = (page - 1) * per_page
    out = [
        r | {"stories": ov.article_stories.get(r["id"], [])} for r in rows[start : start + per_page]
    ]
    return {"articles": out, "outlet": outlet, **_pages(len(rows), page, per_page)}


def status(desk: Desk) -> dict[str, Any]:
    """What the store holds, and a version that changes when it changes."""
    ov = desk.overview()
    store = desk.store()
    return {
        "version": ov.version,
        "counts": ov.counts,
        "last_run": store.last_run(),
        "feeds": store.watch_feeds(),
    }
