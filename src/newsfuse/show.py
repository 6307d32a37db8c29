"""Terminal rendering of results for people (rich tables); the CLI prints what these return.

Everything here writes to a given rich Console, so the CLI decides where output goes (stdout
for data) and rich honours NO_COLOR and non-terminals (plain text when piped).

Every value from an input (text, titles, labels, sources and file names, reasons) goes into a
table as a rich ``Text`` built by :func:`cell`: its control characters shown as escapes
(:func:`newsfuse.escape.terminal_line`) and never read as rich markup or emoji codes, so a
title like ``[bold red]x[/]`` prints literally and an escape sequence never reaches the
terminal. Only the styles written here are markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsfuse.escape import terminal_line

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from newsfuse.claims import ClaimReport
    from newsfuse.dedup import CopyReport
    from newsfuse.records import Article, ClaimCluster, Link, Story, TimelineEntry

EXCERPT = 160


def _clip(text: str, n: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def cell(*lines: object, style: str = "") -> Text:
    """A table cell (or title) of untrusted values, one a line: each value on its own line
    with control characters shown as escapes, taken literally (no markup, no emoji codes)."""
    from rich.text import Text

    return Text("\n".join(terminal_line("" if v is None else v) for v in lines), style=style)


def say(console: Console, *parts: object) -> None:
    """Print one line made of untrusted values, literally (see :func:`cell`)."""
    console.print(cell("".join(str(p) for p in parts)))


def _where(source: str, passage: int | None) -> str:
    return source if passage is None else f"{source} [passage {passage}]"


def copies_tables(console: Console, report: CopyReport) -> None:
    """The links (one row each, with a line of evidence) and the source families."""
    from rich.table import Table

    src = {a.id: a for a in report.articles}
    if not report.links:
        console.print(f"No copies among {len(report.articles)} articles.")
    else:
        t = Table(title=f"Links between {len(report.articles)} articles", show_lines=True)
        for col in ("a", "type", "b", "score", "evidence"):
            t.add_column(col, overflow="fold")
        for lk in report.links:
            a, b = src[lk.a], src[lk.b]
            t.add_row(
                cell(_where(a.source, lk.a_passage)),
                cell(lk.type),
                cell(_where(b.source, lk.b_passage)),
                f"{lk.score:.2f}",
                cell(_evidence_line(lk, a, b)),
            )
        console.print(t)
    fams = [f for f in report.families if len(f.members) > 1 or f.credited or f.flags]
    if fams:
        t = Table(title="Source families (count these, not articles)", show_lines=True)
        for col in ("members", "original", "credited", "why", "flags"):
            t.add_column(col, overflow="fold")
        for f in fams:
            flags = [
                f"{k}: {', '.join(src[m].source for m in v if m in src)}"
                for k, v in f.flags.items()
            ]
            t.add_row(
                cell(*(src[m].source for m in f.members if m in src)),
                cell(src[f.original].source if f.original in src else "unknown"),
                cell(f.credited or ""),
                cell(*f.reasons),
                cell(*flags),
            )
        console.print(t)
    independent = len({report.family_of(a.id) for a in report.articles})
    console.print(f"{len(report.articles)} articles, {independent} independent sources.")


def _evidence_line(lk: Link, a: Article, b: Article) -> str:
    if lk.aligned:
        s = lk.aligned[0]
        return (
            f"{len(lk.aligned)} aligned sentences, e.g. "
            f"“{_clip(a.text[s.a_start : s.a_end], 70)}” ~ “{_clip(b.text[s.b_start : s.b_end], 70)}”"
        )
    if lk.spans:
        longest = max(lk.spans, key=lambda s: s.a_end - s.a_start)
        words = lk.facts.get("shared_words")
        lead = (
            f"{words} shared words in {len(lk.spans)} spans" if words else f"{len(lk.spans)} spans"
        )
        return f"{lead}, e.g. “{_clip(a.text[longest.a_start : longest.a_end], 90)}”"
    return lk.detector


def pair_table(console: Console, report: CopyReport, a_id: str, b_id: str) -> bool:
    """The evidence of the link(s) between two articles side by side; False if none."""
    from rich.table import Table

    src = {a.id: a for a in report.articles}
    found = False
    for lk in report.links:
        if {lk.a, lk.b} != {a_id, b_id}:
            continue
        found = True
        a, b = src[lk.a], src[lk.b]
        t = Table(
            title=cell(
                f"{_where(a.source, lk.a_passage)}  {lk.type}  {_where(b.source, lk.b_passage)}"
                f"  (score {lk.score:.2f})"
            ),
            show_lines=True,
        )
        t.add_column(cell(a.source), overflow="fold", ratio=1)
        t.add_column("sim", justify="right")
        t.add_column(cell(b.source), overflow="fold", ratio=1)
        if lk.aligned:
            for s in lk.aligned:
                t.add_row(
                    cell(_clip(a.text[s.a_start : s.a_end], 2000)),
                    f"{s.score:.2f}",
                    cell(_clip(b.text[s.b_start : s.b_end], 2000)),
                )
        else:
            for sp in lk.spans:
                t.add_row(
                    cell(f"[{sp.a_start}:{sp.a_end}] " + _clip(a.text[sp.a_start : sp.a_end], 600)),
                    "=",
                    cell(f"[{sp.b_start}:{sp.b_end}] " + _clip(b.text[sp.b_start : sp.b_end], 600)),
                )
        console.print(t)
        facts: dict[str, Any] = lk.facts
        if facts:
            say(console, "  " + ", ".join(f"{k}: {v}" for k, v in facts.items()))
    return found


def stories_table(console: Console, stories: list[Story]) -> None:
    """One row per story: label, time span, independent sources and members."""
    from rich.table import Table

    if not stories:
        console.print("No stories.")
        return
    t = Table(title=f"{len(stories)} stories", show_lines=True)
    for col in ("story", "first seen", "last seen", "sources", "members"):
        t.add_column(col, overflow="fold")
    for st in stories:
        members = cell(
            *(
                f"{m.source}"
                + (f" [passage {m.passage}]" if m.passage is not None else "")
                + f"  {m.score:.2f}"
                for m in st.members
            )
        )
        label = cell(st.label, style="bold")
        label.append("\n")
        label.append_text(cell(st.id, *([", ".join(st.keywords[:6])] if st.keywords else [])))
        t.add_row(
            label,
            cell(st.first_seen or ""),
            cell(st.last_seen or ""),
            f"{st.families} independent\nof {len(st.members)}",
            members,
        )
    console.print(t)


def timeline_table(console: Console, entries: list[TimelineEntry]) -> None:
    """One row per dated sentence: date (background marked), the words, the sources."""
    from rich.table import Table
    from rich.text import Text

    if not entries:
        console.print("No dated events.")
        return
    t = Table(title=f"Timeline: {len(entries)} dates", show_lines=True)
    for col in ("date", "what happened", "sources"):
        t.add_column(col, overflow="fold")
    for e in entries:
        date = cell(e.date)
        if e.background:
            date.append("\nbackground", style="dim")
        for s in e.sentences:
            n = s.families
            sources = cell(f"{n} independent", *(_base(x) for x in s.sources))
            t.add_row(date, cell(_clip(s.text, 300)), sources)
            date = Text("")
    console.print(t)


_STATUS_STYLE = {
    "conflicting": "bold red",
    "differing_estimates": "yellow",
    "corroborated": "green",
    "single_source": "dim",
}


def claims_tables(
    console: Console,
    report: ClaimReport,
    *,
    statuses: list[str] | None = None,
    kinds: list[str] | None = None,
) -> None:
    """Per story, one row per claim cluster: status, kind, the claim (with every wording of
    a quote), who said it, the figures side by side, the date, sources and independent
    families. ``statuses`` / ``kinds`` keep only those."""
    from rich.table import Table

    shown = 0
    for sc in report.stories:
        rows = [
            c
            for c in sc.clusters
            if (not statuses or c.status in statuses) and (not kinds or c.kind in kinds)
        ]
        if not rows:
            continue
        shown += 1
        t = Table(
            title=cell(f"{sc.story.label} ({sc.story.id}): {len(rows)} claims"), show_lines=True
        )
        for col in ("status", "kind", "claim", "who", "figure", "date", "sources"):
            t.add_column(col, overflow="fold")
        for c in rows:
            claim = cell(*_claim_cell(c))
            if c.status in ("conflicting", "differing_estimates"):
                claim.append("\n")
                claim.append_text(cell(c.reason, style="dim"))
            t.add_row(
                cell(c.status, style=_STATUS_STYLE.get(c.status, "")),
                cell(c.kind),
                claim,
                cell(_who_cell(c)),
                cell(*_figure_cell(c)),
                cell(c.date or ""),
                cell(f"{c.families} independent", *(_base(x) for x in c.sources)),
            )
        console.print(t)
    if not shown:
        console.print("No claims" + (" with that status." if statuses or kinds else "."))


def _claim_cell(c: ClaimCluster) -> list[str]:
    """The claim, or every wording of a quote, one a line."""
    if c.kind != "quote":
        return [_clip(c.text)]
    wordings = []
    for v in c.variants:
        w = _clip(v.text)
        if w not in wordings:
            wordings.append(w)
    return [f"“{w}”" for w in wordings]


def _base(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _who_cell(c: ClaimCluster) -> str:
    if len(c.estimates) > 1:
        return "see figures"
    return c.speaker or ""


def _figure_cell(c: ClaimCluster) -> list[str]:
    """The figure, or the differing figures side by side (one a line): the figure, who gave
    it, how widely reported."""
    if len(c.estimates) > 1:
        return [
            f"{e.figure()}: {e.speaker or 'unattributed'} "
            f"({len(e.sources)} reports, {e.families} independent)"
            for e in c.estimates
        ]
    return [c.estimates[0].figure() if c.estimates else ""]
