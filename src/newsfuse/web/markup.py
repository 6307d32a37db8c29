"""The pieces of the pages that are built in Python rather than in a template: an article's
text with its claims, the cited words and the removed boilerplate marked, a search snippet
with its matches, and the graph of a story's sources and their copy links (inline SVG).

Every piece of text from the store is escaped here (markupsafe's ``escape``) before it is
wrapped in markup; the templates add these pieces as Markup and escape everything else
(Jinja2 autoescape). Control characters, which HTML does not allow, become U+FFFD.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

from newsfuse.store.schema import HEAD_VARIANTS

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
STATUS_RANK = {"conflicting": 0, "differing_estimates": 1, "corroborated": 2, "single_source": 3}
LINK_WORDS = {
    "exact_copy": "exact copy of",
    "near_duplicate": "near-duplicate of",
    "contains": "contains",
    "rewrite_of": "rewrite of",
    "shares_passage": "shares a passage with",
    "rewritten_as": "rewritten as",
    "contained_in": "contained in",
}


#: Link types as a verb phrase: "<a> is a rewrite of <b>".
LINK_VERBS = {
    "exact_copy": "is an exact copy of",
    "near_duplicate": "is a near-duplicate of",
    "contains": "contains",
    "rewrite_of": "is a rewrite of",
    "shares_passage": "shares a passage with",
}


def e(text: object) -> Markup:
    """Text escaped for HTML (content and attribute values), control characters replaced."""
    return escape(_CONTROL.sub("\ufffd", str(text)))


def _t(text: object) -> str:
    """:func:`e` as a plain str (no Markup made: the pieces built here are many)."""
    return esc(_CONTROL.sub("\ufffd", str(text)))


def marked_text(
    text: str,
    *,
    claims: Sequence[dict[str, Any]] = (),
    highlight: Sequence[int] | None = None,
    removed: Sequence[tuple[int, str, str]] = (),
) -> Markup:
    """``text`` as HTML (shown with ``white-space: pre-wrap``): each claim span wrapped in
    ``<span class="claim st-<status>">`` (the most disputed status where claims overlap; the
    title names them), the highlighted span in ``<mark class="hl">`` after an ``id="hl"``
    anchor, and each removed piece ``(offset, text, reason)`` as a ``<del class="removed">``
    just before ``offset``. Spans never nest badly: every tag is closed at every boundary."""
    n = len(text)
    cuts = {0, n}
    for c in claims:
        cuts.update((max(0, min(n, c["start"])), max(0, min(n, c["end"]))))
    hl = None
    if highlight is not None and 0 <= highlight[0] < highlight[1] <= n:
        hl = (highlight[0], highlight[1])
        cuts.update(hl)
    inserts: dict[int, list[tuple[str, str]]] = {}
    for off, piece, reason in removed:
        off = max(0, min(n, off))
        cuts.add(off)
        inserts.setdefault(off, []).append((piece, reason))
    points = sorted(cuts)
    out: list[str] = []
    # claims sorted by start, swept with an active list (most spans are short)
    order = sorted(claims, key=lambda c: c["start"])
    k = 0
    active: list[dict[str, Any]] = []
    for i, p in enumerate(points):
        for piece, reason in inserts.get(p, ()):
            out.append(
                f'<del class="removed" title="removed: {_t(reason)}">{_t(piece)}'
                f'<span class="why"> ({_t(reason)})</span></del>'
            )
        if hl is not None and p == hl[0]:
            out.append('<span id="hl"></span>')
        if i + 1 >= len(points):
            break
        q = points[i + 1]
        if q <= p:
            continue
        while k < len(order) and order[k]["start"] <= p:
            active.append(order[k])
            k += 1
        active = [c for c in active if c["end"] > p]
        covering = [c for c in active if c["start"] <= p and c["end"] >= q]
        chunk = esc(_CONTROL.sub("\ufffd", text[p:q]))
        if covering:
            top = min(covering, key=lambda c: STATUS_RANK.get(c["status"], 9))
            title = "; ".join(_claim_title(c) for c in covering[:4])
            ids = " ".join(c["cluster"] for c in covering[:4])
            chunk = (
                f'<span class="claim st-{_t(top["status"])}" title="{_t(title)}" '
                f'data-claims="{_t(ids)}">{chunk}</span>'
            )
        if hl is not None and hl[0] <= p and q <= hl[1]:
            chunk = f'<mark class="hl">{chunk}</mark>'
        out.append(chunk)
    return Markup("".join(out))


def esc(value: object) -> str:
    """``value`` escaped for HTML as markupsafe's ``escape`` (the templates' autoescape)
    does it, the same characters and entities, as a plain str; markup passes as it is. For
    the pieces built here, thousands a page: no Markup object made per piece, a few times
    quicker."""
    if type(value) is not str:
        html = getattr(value, "__html__", None)
        if html is not None:
            return str(html())
        value = str(value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


#: Wordings of a claim listed in a story's claim table (the claim's own page has them all):
#: those its head holds.
MAX_WORDINGS = HEAD_VARIANTS


def claim_rows(claims: Sequence[dict[str, Any]]) -> Markup:
    """The rows of a story's claim table (``views.story``'s ``claims``): status, kind, the
    claim with its differing figures (who gave each) and its first wordings (each opening
    its words in the article), who reported it, its independent sources. Built here rather
    than in the template: a table of fifty claims is half of a story page's making there."""
    h = esc
    out: list[str] = []
    for c in claims:
        status = h(c["status"])
        out.append(
            f'<tr id="claim-{h(c["id"])}" class="st-{status}">\n'
            f'<td><span class="badge st-{status}">{h(c["status"].replace("_", " "))}</span></td>\n'
            f"<td>{h(c['kind'])}</td>\n"
            f'<td class="claim-text">{h(c["text"])}\n'
        )
        if c.get("estimates") and c["status"] in ("differing_estimates", "conflicting"):
            out.append('<ul class="estimates">')
            for est in c["estimates"]:
                who = f" — {h(est['speaker'])}" if est.get("speaker") else ""
                n = est["families"]
                out.append(
                    f'<li><strong>{h(est["text"])}</strong>{who} <span class="dim">({h(n)} '
                    f"independent source{'s' if n != 1 else ''})</span></li>"
                )
            out.append("</ul>\n")
        if c.get("reason"):
            out.append(f'<span class="sub">{h(c["reason"])}</span>\n')
        variants = c.get("variants") or ()
        total = c.get("variants_total", len(variants))
        if total > 1:
            out.append(f'<details class="ev"><summary>{total} wordings</summary><ol>')
            for v in variants[:MAX_WORDINGS]:
                who = f" — {h(v['speaker'])}" if v.get("speaker") else ""
                span = v["span"]
                out.append(
                    f'<li><a href="/articles/{h(v["article"])}?hl={h(span[0])}-{h(span[1])}#hl">'
                    f"{h(v['text'])}</a>{who}</li>"
                )
            if total > MAX_WORDINGS:
                out.append(f'<li><a href="/claims/{h(c["id"])}">all {total} wordings</a></li>')
            out.append("</ol></details>\n")
        out.append("</td>\n<td>")
        for r in c["reported_by"]:
            speakers = f": {h(', '.join(r['speakers']))}" if r["speakers"] else ""
            out.append(f'<span class="who">{h(r["outlet"])}{speakers}</span>')
        out.append(f'</td>\n<td class="n">{h(c["families"])}</td>\n</tr>\n')
    return Markup("".join(out))


def aligned_rows(rows: Iterable[tuple[str, str, float | None]]) -> Markup:
    """The rows of a side-by-side table of an article and its copy: (this article's words,
    the copy's words, their similarity or None) each as ``<tr>`` (an article of the 10k store
    has up to 8 copies of 60 rows: a template loop there was most of its page's making)."""
    out = []
    for mine, theirs, score in rows:
        cell = "" if score is None else f'<td class="n">{score:.2f}</td>'
        out.append(f"<tr><td>{_t(mine)}</td><td>{_t(theirs)}</td>{cell}</tr>")
    return Markup("".join(out))


def _claim_title(c: dict[str, Any]) -> str:
    who = f", {c['speaker']}" if c.get("speaker") else ""
    return f"{c['kind']}: {c['status'].replace('_', ' ')}{who}"


def snippet(text: str, matches: Sequence[Sequence[int]]) -> Markup:
    """A search snippet with its matched words in ``<mark>``."""
    out, pos = [], 0
    for start, end in matches:
        if start < pos:
            continue
        out.append(_t(text[pos:start]))
        out.append(f"<mark>{_t(text[start:end])}</mark>")
        pos = end
    out.append(_t(text[pos:]))
    return Markup("".join(out))


# -- the sources graph ---------------------------------------------------------------------

_EDGE_CLASS = {
    "exact_copy": "exact",
    "near_duplicate": "near",
    "contains": "contains",
    "rewrite_of": "rewrite",
    "shares_passage": "passage",
}


def sources_graph(
    nodes: Sequence[dict[str, Any]], links: Sequence[dict[str, Any]], *, width: int = 760
) -> Markup:
    """The sources of a story and their copy links as an inline SVG: one circle per report,
    grouped by independent family around a ring (the family's original drawn larger), one
    line per link, its style by type (exact copy, near-duplicate, contains, rewrite, shared
    passage). ``nodes``: dicts with ``id``, ``label``, ``family``, ``original``, ``number``;
    ``links``: dicts with ``a``, ``b``, ``type``, ``score``. Every label is escaped; the
    picture has a ``<title>`` per node and edge for screen readers and hover."""
    if not nodes:
        return Markup("")
    by_family: dict[str, list[dict[str, Any]]] = {}
    for nd in nodes:
        by_family.setdefault(nd.get("family") or nd["id"], []).append(nd)
    ordered = [nd for fam in by_family.values() for nd in fam]
    count = len(ordered)
    height = 380 if count > 8 else 300
    cx, cy = width / 2, height / 2
    # an ellipse wide enough for the labels beside it; one empty slot between two families
    rx, ry = (cx - 170, cy - 40) if count > 1 else (0.0, 0.0)
    pos: dict[str, tuple[float, float]] = {}
    slots = count + (len(by_family) if len(by_family) > 1 else 0)
    k = 0
    for members in by_family.values():
        for nd in members:
            angle = 2 * math.pi * k / max(1, slots) - math.pi / 2
            pos[nd["id"]] = (cx + rx * math.cos(angle), cy + ry * math.sin(angle))
            k += 1
        k += 1
    fam_index = {f: i for i, f in enumerate(by_family)}
    names = {nd["id"]: f"{nd['number']}. {nd['label']}" for nd in nodes}
    parts = [
        f'<svg class="graph" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Sources and their copy links" xmlns="http://www.w3.org/2000/svg">'
    ]
    for lk in links:
        if lk["a"] not in pos or lk["b"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[lk["a"]], pos[lk["b"]]
        css = _EDGE_CLASS.get(lk["type"], "other")
        words = LINK_WORDS.get(lk["type"], lk["type"])
        label = f"{names[lk['a']]} {words} {names[lk['b']]} ({lk['score']:.2f})"
        parts.append(
            f'<line class="edge {css}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{_t(label)}</title></line>"
        )
    for nd in ordered:
        x, y = pos[nd["id"]]
        colour = fam_index[nd.get("family") or nd["id"]] % 8
        r = 11 if nd.get("original") else 8
        label = nd["label"] if len(nd["label"]) <= 22 else nd["label"][:21] + "…"
        if abs(x - cx) < rx * 0.35:  # near the top or the bottom: the label above or below
            anchor, tx = "middle", x
            ty = y - r - 6 if y < cy else y + r + 15
        else:
            anchor = "start" if x > cx else "end"
            tx, ty = (x + r + 5, y + 4) if x > cx else (x - r - 5, y + 4)
        parts.append(
            f'<g class="node fam-{colour}"><a href="/articles/{_t(nd["id"])}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>'
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}">'
            f"{_t(nd['number'])}. {_t(label)}</text>"
            f"<title>{_t(nd['number'])}. {_t(nd['label'])} (family {_t(nd.get('family_label', ''))}"
            f"{', original' if nd.get('original') else ''})</title></a></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


__all__ = [
    "LINK_VERBS",
    "LINK_WORDS",
    "aligned_rows",
    "claim_rows",
    "e",
    "esc",
    "marked_text",
    "snippet",
    "sources_graph",
]
