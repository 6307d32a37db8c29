"""The brief as one self-contained HTML page, and the index page of a run's briefs.

``render_html(brief, texts)`` writes a whole page: a header (headline, the story's dates, the
count of independent sources), then the sections Lead, Corroborated facts, Differing figures,
Single-source claims, Quotes, Timeline and Sources, each under an ``<h2>`` with a fixed ``id``
(:data:`SECTIONS`); an empty section keeps its heading and says "None found.", so every page
has the same shape. Every sentence is followed by its citation markers, ``[1]`` ``[3]``,
numbered after the Sources table (the same numbers as the Markdown brief) and linking to its
row ``#src-N``; with ``texts`` (article id -> clean text) each marker's ``title`` holds the
cited words, and a ``<details>`` under the sentence lists them, so they stay readable without a
mouse and on paper.

The page loads nothing: the CSS is inline, there are no fonts, images or links to other sites,
and a Content-Security-Policy forbids every fetch. The only script (a few lines that open the
cited words before printing, for browsers that cannot do it in CSS) is allowed by its hash, so
text injected into a source could never run even if escaping failed; and every piece of text
is escaped, because article text is untrusted input (control characters become U+FFFD). No
link target comes from an input: links go to the page's own sections and sources (``#src-N``)
and, in the index, to ``stories/<story id>.html``. The page reads fully without script, and
prints: nothing is hidden, tables are not split inside a row, links show their target.

``render_index(briefs)`` lists the briefs of a run with relative links to
``stories/<story id>.html``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from newsfuse.errors import ConfigError
from newsfuse.records import (
    Brief,
    BriefSentence,
    Citation,
    FigureTable,
    QuoteGroup,
    SourceEntry,
    TimelineEntry,
)

SECTIONS = (
    ("lead", "Lead"),
    ("facts", "Corroborated facts"),
    ("figures", "Differing figures"),
    ("single", "Single-source claims"),
    ("quotes", "Quotes"),
    ("timeline", "Timeline"),
    ("sources", "Sources"),
)
"""The sections of a brief page in order: (``id``, ``<h2>`` heading)."""

NONE_FOUND = "None found."
MAX_CITED_CHARS = 600  # longer cited spans are cut (a span is a sentence or two)

_LINK_WORDS = {
    "exact_copy": "exact copy of",
    "near_duplicate": "near-duplicate of",
    "contains": "contains",
    "rewrite_of": "rewrite of",
    "shares_passage": "shares a passage with",
}

_CSS = """
:root{--ink:#1d232b;--muted:#5b6470;--line:#dde1e6;--bg:#fff;--panel:#f5f7f9;--accent:#1f5fa8;
--good:#1c7c4a;--good-bg:#e6f4ec;--warn:#9a5b00;--warn-bg:#fdf1dc;--bad:#a3262a;--bad-bg:#fbe7e7;
--bgnd:#6a4fa3;--bgnd-bg:#efeaf8;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--ink:#e6e9ed;--muted:#a4adb8;--line:#39414b;--bg:#16191d;
--panel:#1f242a;--accent:#7fb3ef;--good:#7fd3a3;--good-bg:#1c3327;--warn:#f0c06f;--warn-bg:#3a2d14;
--bad:#f29a9d;--bad-bg:#3d1d1f;--bgnd:#c3b1ee;--bgnd-bg:#2c2540}}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--ink)}
body{margin:0 auto;max-width:72rem;padding:1.5rem 2rem 3rem;font:16px/1.55 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue","DejaVu Sans",Arial,sans-serif}
a{color:var(--accent)}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;
font-size:.85em}
header.top{border-bottom:3px solid var(--ink);padding-bottom:1rem;margin-bottom:.5rem}
.kicker{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.06em;text-transform:uppercase}
.kicker code{text-transform:none;letter-spacing:0}
h1{font-family:Georgia,"Times New Roman","DejaVu Serif",serif;font-size:2.1rem;line-height:1.2;
margin:.35rem 0 .5rem}
.meta{margin:.25rem 0;color:var(--muted)}
.meta strong{color:var(--ink)}
.label{margin:.25rem 0;color:var(--muted);font-style:italic}
nav.toc{display:flex;flex-wrap:wrap;gap:.35rem .5rem;margin:.8rem 0 0;padding:0;list-style:none;
font-size:.85rem}
nav.toc a{display:inline-block;padding:.15rem .6rem;border:1px solid var(--line);border-radius:1rem;
text-decoration:none;background:var(--panel)}
nav.toc .n{color:var(--muted);margin-left:.3rem}
section{margin-top:2rem}
h2{font-family:Georgia,"Times New Roman","DejaVu Serif",serif;font-size:1.45rem;margin:0 0 .6rem;
padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:0}
.none{color:var(--muted);font-style:italic}
.lead p{font-size:1.12rem;margin:0 0 .8rem}
ul.items{list-style:none;margin:0;padding:0}
ul.items>li{padding:.55rem 0 .55rem .9rem;border-left:3px solid var(--line);margin:0 0 .5rem}
#facts ul.items>li{border-left-color:var(--good)}
#single ul.items>li{border-left-color:var(--warn)}
.cites{white-space:nowrap;font-size:.78em;vertical-align:.15em;margin-left:.15rem}
a.cite{text-decoration:none;font-weight:600;margin-right:.12rem}
a.cite:hover,a.cite:focus{text-decoration:underline}
.cite.unlisted{color:var(--muted);font-weight:400}
.badge{display:inline-block;font-size:.72rem;font-weight:600;line-height:1.3;padding:.08rem .45rem;
border-radius:.6rem;margin-left:.35rem;white-space:nowrap;vertical-align:.1em;
background:var(--panel);color:var(--muted);border:1px solid var(--line)}
.badge.corroborated{background:var(--good-bg);color:var(--good);border-color:transparent}
.badge.differing,.badge.single{background:var(--warn-bg);color:var(--warn);border-color:transparent}
.badge.conflicting,.badge.flag{background:var(--bad-bg);color:var(--bad);border-color:transparent}
.badge.background{background:var(--bgnd-bg);color:var(--bgnd);border-color:transparent}
.badge.date{font-weight:400}
details.ev{margin:.2rem 0 0;font-size:.82rem;color:var(--muted)}
details.ev summary{cursor:pointer;width:max-content;max-width:100%}
details.ev ol{list-style:none;margin:.3rem 0 .2rem;padding:.4rem .7rem;background:var(--panel);
border-radius:.3rem}
details.ev li{margin:.15rem 0}
details.ev .from{font-weight:600;color:var(--ink)}
.words{font-style:italic}
.verb{font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;margin-left:.3rem}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:0 0 1.4rem}
caption{text-align:left;font-weight:600;padding:0 0 .4rem;font-size:1rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
thead th{background:var(--panel);font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;
color:var(--muted);border-bottom:2px solid var(--line)}
td.fig{font-weight:700;white-space:nowrap}
table.figures th:nth-child(1){width:22%}table.figures th:nth-child(2){width:24%}
.wording{margin:.3rem 0 0;color:var(--muted);font-size:.86rem}
.quote{margin:0 0 1.2rem;padding:.6rem .9rem;border:1px solid var(--line);border-radius:.4rem}
.quote header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem}
ul.wordings{list-style:none;margin:.4rem 0 0;padding:0}
ul.wordings>li{margin:.45rem 0 0;padding-left:.8rem;border-left:3px solid var(--accent)}
.q{font-family:Georgia,"Times New Roman","DejaVu Serif",serif;font-size:1.05rem}
.q::before{content:"\\201C"}.q::after{content:"\\201D"}
ol.timeline{list-style:none;margin:0;padding:0 0 0 1.1rem;border-left:2px solid var(--line)}
ol.timeline>li{position:relative;margin:0 0 1rem;padding-left:.6rem}
ol.timeline>li::before{content:"";position:absolute;left:calc(-1.45rem - 3px);top:.45rem;width:.7rem;
height:.7rem;border-radius:50%;background:var(--accent);border:2px solid var(--bg)}
ol.timeline>li.background::before{background:var(--bgnd)}
ol.timeline time{font-weight:700;font-variant-numeric:tabular-nums}
ol.timeline ul{margin:.2rem 0 0;padding-left:1.1rem}
ol.timeline ul li{margin:.25rem 0}
table.sources{font-size:.85rem}
table.sources td.num{font-weight:700}
table.sources tr:target{background:var(--warn-bg)}
.path{display:block;color:var(--muted);font-size:.78rem;word-break:break-all}
.fam{display:inline-block;min-width:1.6rem;text-align:center;font-weight:700;border-radius:.3rem;
background:var(--panel);border:1px solid var(--line)}
ul.links{margin:0;padding:0;list-style:none}
ul.links li{margin:0 0 .2rem}
.credited{display:block;color:var(--muted)}
.dim{color:var(--muted)}
footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);
font-size:.8rem}
.sub{display:block;color:var(--muted);font-size:.8rem}
table.index td.dates{white-space:nowrap}
table.index td.story a{font-weight:600;font-size:1rem}
table.index td.n{text-align:right;font-variant-numeric:tabular-nums}
table.index th.n{text-align:right}
@media (max-width:700px){body{padding:1rem}h1{font-size:1.6rem}td.fig{white-space:normal}}
@page{margin:15mm 14mm}
@media print{
:root{--ink:#000;--muted:#333;--line:#999;--bg:#fff;--panel:#fff;--accent:#000}
html,body{background:#fff;color:#000}
body{max-width:none;padding:0;font-size:10.5pt;line-height:1.4}
nav.toc{display:none}
h1{font-size:20pt}
h2{font-size:14pt;break-after:avoid}
h3,caption,thead{break-after:avoid}
section{margin-top:1.2rem}
a{color:#000;text-decoration:none}
a[href]:not([href^="#"])::after{content:" <" attr(href) ">";font-size:.85em;font-weight:400}
li,tr,.quote,.lead p{break-inside:avoid}
thead{display:table-header-group}
.badge{border:1px solid #666;background:#fff!important;color:#000!important}
details.ev>summary{display:none}
details.ev::details-content{content-visibility:visible;display:block}
details.ev ol{background:#fff;border-left:1px solid #999;border-radius:0}
ol.timeline>li::before{background:#000}
ol.timeline>li.background::before{background:#fff;border:2px solid #000}
}
"""

# Opens the cited words before printing where ::details-content is not supported.
_SCRIPT = (
    'addEventListener("beforeprint",function(){document.querySelectorAll("details.ev:not([open])")'
    '.forEach(function(d){d.open=true;d.dataset.p="1"})});'
    'addEventListener("afterprint",function(){document.querySelectorAll("details[data-p]")'
    ".forEach(function(d){d.open=false;delete d.dataset.p})});"
)
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


def _e(text: object) -> str:
    """Text escaped for HTML content and attribute values (``& < > " '``); control
    characters, which HTML does not allow (and which a page printed on a terminal must not
    carry), become U+FFFD; tab and newline stay."""
    return html.escape(_CONTROL.sub("\ufffd", str(text)), quote=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _day(stamp: str | None) -> str:
    return (stamp or "")[:10]


def _dates(first: str | None, last: str | None) -> str:
    """The story's date range as HTML: ``<time>`` elements, "undated" when unknown."""
    a, b = _day(first), _day(last)
    if a and b and a != b:
        return f'<time datetime="{_e(a)}">{_e(a)}</time> to <time datetime="{_e(b)}">{_e(b)}</time>'
    one = a or b
    return f'<time datetime="{_e(one)}">{_e(one)}</time>' if one else "undated"


def _date_text(date: str) -> str:
    """A timeline date for reading: a range ``first/last`` as "first to last"."""
    return date.replace("/", " to ")


def _label_of(source: str) -> str:
    """A short name for a source given without an outlet: the host of a URL, else the file
    name."""
    if "://" in source:
        return source.split("://", 1)[1].split("/", 1)[0] or source
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def _family_label(k: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a short name for the k-th independent family."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
    return out


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CITED_CHARS else text[: MAX_CITED_CHARS - 1] + "…"


class _Page:
    """What every part of one brief page needs: source numbers and names, the cited words."""

    def __init__(self, brief: Brief, texts: Mapping[str, str] | None) -> None:
        self.brief = brief
        self.texts = texts
        self.number = {s.article: k for k, s in enumerate(brief.sources, 1)}
        self.entry = {s.article: s for s in brief.sources}
        # source as given -> number (copy links name the other source)
        self.by_source: dict[str, int] = {}
        for k, s in enumerate(brief.sources, 1):
            self.by_source.setdefault(s.source, k)
        families: dict[str, str] = {}
        for s in brief.sources:
            key = s.family or s.article
            families.setdefault(key, _family_label(len(families)))
        self.family = families

    def name(self, article: str, source: str) -> str:
        entry = self.entry.get(article)
        return (entry.outlet if entry and entry.outlet else None) or _label_of(source)

    def words(self, c: Citation, sentence: BriefSentence) -> str | None:
        """The words a citation points at, or None when they are not known."""
        if self.texts is None:
            return None
        if c.field == "title":
            entry = self.entry.get(c.article)
            title = entry.title if entry else None
            if title and 0 <= c.start < c.end <= len(title):
                return _cut(title[c.start : c.end])
            return _cut(sentence.text)
        text = self.texts.get(c.article)
        if text is None or not 0 <= c.start < c.end <= len(text):
            return None
        return _cut(text[c.start : c.end])

    def sentence(self, s: BriefSentence, *, extra: str = "", css: str = "t") -> str:
        """A sentence, its citation markers, ``extra`` (badges), and the cited words."""
        return f'<span class="{css}">{_e(s.text)}</span>{self.markers(s)}{extra}{self.evidence(s)}'

    def _groups(self, s: BriefSentence) -> list[tuple[int | None, str, list[Citation]]]:
        """The citations of a sentence grouped by source, in the order of the source numbers
        (sources missing from the list last)."""
        groups: dict[object, tuple[int | None, str, list[Citation]]] = {}
        for c in s.citations:
            n = self.number.get(c.article)
            key = n if n is not None else c.source
            if key not in groups:
                groups[key] = (n, self.name(c.article, c.source), [])
            groups[key][2].append(c)
        return sorted(groups.values(), key=lambda g: (g[0] is None, g[0] or 0))

    def markers(self, s: BriefSentence, only: str | None = None) -> str:
        """The compact markers ``[1]`` ``[3]`` of a sentence (of one source when ``only``)."""
        out = []
        for n, name, cs in self._groups(s):
            if only is not None and cs[0].source != only:
                continue
            said = [w for c in cs if (w := self.words(c, s)) is not None]
            title = name + (": " + " / ".join(f"“{w}”" for w in said) if said else "")
            if n is None:
                out.append(f'<span class="cite unlisted" title="{_e(title)}">[{_e(name)}]</span>')
            else:
                out.append(
                    f'<a class="cite" href="#src-{n}" title="{_e(title)}" '
                    f'aria-label="source {n}: {_e(name)}">[{n}]</a>'
                )
        return f' <span class="cites">{"".join(out)}</span>' if out else ""

    def evidence(self, s: BriefSentence) -> str:
        """The cited words under a sentence, in a ``<details>`` (open when printed); nothing
        when the words are unknown or every cited span repeats the sentence word for word."""
        if self.texts is None:
            return ""
        items, differs = [], False
        plain = " ".join(s.text.split())
        for n, name, cs in self._groups(s):
            for c in cs:
                w = self.words(c, s)
                if w is None:
                    continue
                differs = differs or w != plain
                num = f'<a href="#src-{n}">[{n}]</a> ' if n is not None else ""
                verb = ' <span class="verb">wording taken from here</span>' if c.verbatim else ""
                items.append(
                    f'<li>{num}<span class="from">{_e(name)}</span>: '
                    f'<span class="words">“{_e(w)}”</span>{verb}</li>'
                )
        if not items or not differs:
            return ""
        sources = _plural(len(self._groups(s)), "source")
        return (
            f'<details class="ev"><summary>Cited words ({sources})</summary>'
            f"<ol>{''.join(items)}</ol></details>"
        )

    def where(self, s: BriefSentence) -> str:
        """Where a sentence is reported: each source's name and marker."""
        parts = []
        for source in s.sources:
            article = next(c.article for c in s.citations if c.source == source)
            parts.append(f"{_e(self.name(article, source))}{self.markers(s, only=source)}")
        return ", ".join(parts) or _dim("unknown")


def _new_label(brief: Brief) -> bool:
    """Whether the story's label says more than the headline (it is often the headline, or
    the headline cut short with an ellipsis)."""
    label = " ".join(brief.label.split())
    head = " ".join(brief.headline.text.split())
    return bool(label) and label != head and not head.startswith(label.rstrip("…. "))


def _check_brief(brief: object, where: str) -> Brief:
    if not isinstance(brief, Brief):
        raise ConfigError(
            f"the 'brief' parameter of {where} must be a Brief, got {type(brief).__name__}"
        )
    return brief


def render_html(brief: Brief, texts: Mapping[str, str] | None = None) -> str:
    """The brief as one self-contained HTML page (see the module docstring).

    ``texts`` maps article ids to their clean text, so each citation can show the words it
    points at; without it the citations name their source only."""
    _check_brief(brief, "render_html")
    if texts is not None and not isinstance(texts, Mapping):
        raise ConfigError(
            "the 'texts' parameter of render_html must be a mapping of article id to text or "
            f"None, got {type(texts).__name__}"
        )
    page = _Page(brief, texts)
    bodies = {
        "lead": _lead(page),
        "facts": _facts(page),
        "figures": "".join(_figure_table(page, t) for t in brief.figures),
        "single": _items(page, brief.single, single=True),
        "quotes": "".join(_quote(page, q) for q in brief.quotes),
        "timeline": _timeline(page, brief.timeline),
        "sources": _sources(page, brief.sources),
    }
    counts = {
        "lead": len(brief.lead),
        "facts": len(brief.facts),
        "figures": len(brief.figures),
        "single": len(brief.single),
        "quotes": len(brief.quotes),
        "timeline": len(brief.timeline),
        "sources": len(brief.sources),
    }
    toc = "".join(
        f'<a href="#{sid}">{_e(h)}<span class="n">{counts[sid]}</span></a>' for sid, h in SECTIONS
    )
    sections = "".join(
        f'<section id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{_e(h)}</h2>'
        f"{bodies[sid] or _none()}</section>"
        for sid, h in SECTIONS
    )
    label = f'<p class="label">Story: {_e(brief.label)}</p>' if _new_label(brief) else ""
    fam = brief.families
    header = (
        '<header class="top">'
        f'<p class="kicker">newsfuse brief · story <code>{_e(brief.story)}</code></p>'
        f"<h1>{page.sentence(brief.headline)}</h1>{label}"
        f'<p class="meta">{_dates(brief.first_seen, brief.last_seen)} · '
        f'<strong class="families">{_plural(fam, "independent source")}</strong> · '
        f"{_plural(len(brief.sources), 'report')}</p>"
        f'<nav class="toc" aria-label="Sections">{toc}</nav></header>'
    )
    footer = (
        "<footer>Every sentence is taken from a source; the markers after it name every "
        "independent source that supports it (numbers of the Sources table). Generated by "
        "newsfuse.</footer>"
    )
    return _document(brief.headline.text, f"{header}<main>{sections}</main>{footer}")


def _dim(text: str) -> str:
    return f'<span class="dim">{_e(text)}</span>'


def _none() -> str:
    return f'<p class="none">{NONE_FOUND}</p>'


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="newsfuse">'
        f"<title>{_e(' '.join(title.split()))}</title><style>{_CSS}</style>"
        f"<script>{_SCRIPT}</script></head>\n<body>{body}</body></html>\n"
    )


def _lead(page: _Page) -> str:
    if not page.brief.lead:
        return ""
    paras = "".join(f"<p>{page.sentence(s)}</p>" for s in page.brief.lead)
    return f'<div class="lead">{paras}</div>'


def _date_badge(s: BriefSentence) -> str:
    if not s.date:
        return ""
    return f' <span class="badge date" title="the date it is about">{_e(_date_text(s.date))}</span>'


def _facts(page: _Page) -> str:
    items = []
    for s in page.brief.facts:
        count = (
            f' <span class="badge corroborated">{_plural(s.families, "independent source")}</span>'
        )
        items.append(f"<li>{page.sentence(s, extra=count + _date_badge(s))}</li>")
    return f'<ul class="items">{"".join(items)}</ul>' if items else ""


def _items(page: _Page, sentences: Sequence[BriefSentence], *, single: bool = False) -> str:
    items = "".join(f"<li>{page.sentence(s, extra=_date_badge(s))}</li>" for s in sentences)
    return f'<ul class="items">{items}</ul>' if items else ""


def _figure_table(page: _Page, t: FigureTable) -> str:
    conflicting = t.status == "conflicting"
    status = (
        '<span class="badge conflicting">conflicting</span>'
        if conflicting
        else '<span class="badge differing">differing estimates</span>'
    )
    rows = []
    for r in t.rows:
        who = _e(r.speaker) if r.speaker else _dim("unattributed")
        rows.append(
            f'<tr><td class="fig">{_e(r.figure)}</td><td>{who}</td>'
            f"<td>{page.where(r.sentence)}"
            f'<p class="wording">“{_e(r.sentence.text)}”</p>{page.evidence(r.sentence)}</td></tr>'
        )
    return (
        f'<table class="figures"><caption>{_e(t.subject)} {status}</caption>'
        '<thead><tr><th scope="col">Figure</th><th scope="col">Who said it</th>'
        f'<th scope="col">Where reported</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _quote(page: _Page, q: QuoteGroup) -> str:
    who = _e(q.speaker) if q.speaker else _dim("unattributed")
    status = q.status.replace("_", " ")
    css = "corroborated" if q.status == "corroborated" else "single"
    if q.status == "conflicting":
        css = "conflicting"
    count = ""
    if len(q.wordings) > 1:
        count = f'<span class="badge">{_plural(len(q.wordings), "wording")}</span>'
    wordings = "".join(
        f"<li>{page.sentence(w, extra=_date_badge(w), css='t q')}</li>" for w in q.wordings
    )
    return (
        f'<article class="quote"><header><h3 class="speaker">{who}</h3>'
        f'<span class="badge {css}">{_e(status)}</span>'
        f'<span class="badge">{_plural(q.families, "independent source")}</span>'
        f"{count}</header>"
        f'<ul class="wordings">{wordings}</ul></article>'
    )


def _date_key(date: str) -> str:
    return date.split("/", 1)[0]


def _timeline(page: _Page, entries: Sequence[TimelineEntry]) -> str:
    items = []
    for e in sorted(entries, key=lambda e: _date_key(e.date)):
        mark = ' <span class="badge background">background</span>' if e.background else ""
        css = ' class="background"' if e.background else ""
        sents = "".join(f"<li>{page.sentence(s)}</li>" for s in e.sentences)
        items.append(
            f'<li{css}><time datetime="{_e(_date_key(e.date))}">{_e(_date_text(e.date))}</time>'
            f"{mark}<ul>{sents}</ul></li>"
        )
    return f'<ol class="timeline">{"".join(items)}</ol>' if items else ""


def _sources(page: _Page, sources: Sequence[SourceEntry]) -> str:
    if not sources:
        return ""
    rows = []
    for k, s in enumerate(sources, 1):
        name = _e(s.outlet) if s.outlet else _dim("outlet unknown")
        credited = f'<span class="credited">credits {_e(s.credited)}</span>' if s.credited else ""
        fam_key = s.family or s.article
        family = f'<span class="fam" title="family {_e(fam_key)}">{_e(page.family[fam_key])}</span>'
        flags = " ".join(f'<span class="badge flag">{_e(f)}</span>' for f in s.flags)
        rows.append(
            f'<tr id="src-{k}"><td class="num">{k}</td>'
            f'<td>{name}<span class="path">{_e(s.source)}</span>{credited}</td>'
            f"<td>{_e(s.title) if s.title else _dim('untitled')}</td>"
            f"<td>{_published(s.published)}</td><td>{family}</td>"
            f"<td>{'yes' if s.original else 'no'}</td>"
            f"<td>{flags or _dim('none')}</td>"
            f"<td>{_links(page, s)}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("#", "Outlet", "Title", "Published", "Family", "Original", "Flags", "Copy links")
    )
    n = len(page.family)
    note = (
        f'<p class="dim">{_plural(len(sources), "report")} from '
        f"{_plural(n, 'independent family', 'independent families')}"
        " (same letter: copies, rewrites or reports crediting one origin).</p>"
    )
    return f'{note}<table class="sources"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _published(stamp: str | None) -> str:
    if not stamp:
        return _dim("unknown")
    return f'<time datetime="{_e(stamp)}">{_e(stamp.replace("T", " "))}</time>'


def _links(page: _Page, s: SourceEntry) -> str:
    if not s.links:
        return _dim("none")
    items = []
    for kind, other, score in s.links:
        words = _LINK_WORDS.get(kind, kind.replace("_", " "))
        n = page.by_source.get(other)
        target = (
            f'<a href="#src-{n}">[{n}] {_e(page.name(page.brief.sources[n - 1].article, other))}</a>'
            if n is not None
            else _e(_label_of(other))
        )
        items.append(f"<li>{_e(words)} {target} ({score:.2f})</li>")
    return f'<ul class="links">{"".join(items)}</ul>'


def render_index(briefs: Sequence[Brief], *, title: str = "newsfuse briefs") -> str:
    """One page listing every brief (in the order given): headline and label, dates,
    independent sources, reports, counts of facts, differing-figure tables and quotes, each
    linking to ``stories/<story id>.html`` (relative, so the output folder can move)."""
    if isinstance(briefs, (str, bytes)) or not isinstance(briefs, Sequence):
        raise ConfigError(
            "the 'briefs' parameter of render_index must be a sequence of Brief, got "
            f"{type(briefs).__name__}"
        )
    for b in briefs:
        _check_brief(b, "render_index")
    if not isinstance(title, str):
        raise ConfigError(
            f"the 'title' parameter of render_index must be a str, got {type(title).__name__}"
        )
    rows = []
    for b in briefs:
        href = f"stories/{quote(b.story, safe='')}.html"  # a story id: a relative link, always
        label = f'<span class="sub">{_e(b.label)}</span>' if _new_label(b) else ""
        rows.append(
            f'<tr><td class="story"><a href="{_e(href)}">{_e(b.headline.text)}</a>{label}'
            f'<span class="sub">story <code>{_e(b.story)}</code></span></td>'
            f'<td class="dates">{_dates(b.first_seen, b.last_seen)}</td>'
            f'<td class="n">{b.families}</td><td class="n">{len(b.sources)}</td>'
            f'<td class="n">{len(b.facts)}</td><td class="n">{len(b.figures)}</td>'
            f'<td class="n">{len(b.quotes)}</td></tr>'
        )
    head = '<th scope="col">Story</th><th scope="col">Dates</th>' + "".join(
        f'<th scope="col" class="n">{h}</th>'
        for h in ("Independent sources", "Reports", "Facts", "Differing figures", "Quotes")
    )
    table = (
        f'<table class="index"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else _none()
    )
    header = (
        f'<header class="top"><p class="kicker">newsfuse</p><h1>{_e(title)}</h1>'
        f'<p class="meta">{_plural(len(briefs), "story", "stories")}</p></header>'
    )
    return _document(title, f"{header}<main>{table}</main>")


__all__ = ["NONE_FOUND", "SECTIONS", "render_html", "render_index"]
