"""The brief as Markdown and as JSON, and the files ``newsfuse run --out DIR`` writes.

Markdown: every sentence is followed by its citation markers, ``[1]`` ``[3]``, numbered after
the brief's list of sources (the report a span comes from); the list at the end says, for each
number, the outlet, date, title, family, whether it is the original, flags and copy links.

JSON: ``Brief.to_dict()``, schema ``newsfuse.brief/1.0``, documented in the README ("The brief
as JSON"); each sentence lists its ``text`` and ``citations`` (``source``, ``article``,
``span`` in that article's clean text or title, ``family``, ``verbatim``).

Every piece of text comes from untrusted input and is escaped for Markdown
(:func:`newsfuse.escape.markdown`): no HTML, no link, no table break. The files are written
through :mod:`newsfuse.outdir` (names from story ids only, atomic writes, stale files removed).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from newsfuse.escape import json_text, markdown
from newsfuse.outdir import item_path, make_dir, prune, top_path, write_text
from newsfuse.records import Brief, BriefSentence, FigureTable, SourceEntry


def source_numbers(brief: Brief) -> dict[str, int]:
    """article id -> the number of its entry in the brief's sources (1-based)."""
    return {s.article: k for k, s in enumerate(brief.sources, 1)}


def _marks(s: BriefSentence, numbers: Mapping[str, int]) -> str:
    seen: list[int] = []
    for c in s.citations:
        n = numbers.get(c.article)
        if n is not None and n not in seen:
            seen.append(n)
    return " ".join(f"[{n}]" for n in seen)


def _line(s: BriefSentence, numbers: Mapping[str, int], *, count: bool = False) -> str:
    tail = _marks(s, numbers)
    if count:
        n = s.families
        tail += f" ({n} independent source{'s' if n != 1 else ''})"
    return f"{_md(s.text)} {tail}".rstrip()


def _md(text: object) -> str:
    """Text safe in Markdown: one line, no HTML, no link, no table break (see
    :func:`newsfuse.escape.markdown`)."""
    return markdown(text)


_CODE_SAFE = re.compile(r"[0-9A-Za-z._-]+")


def _code(text: str) -> str:
    """``text`` as a code span when it is a plain token (an id), else escaped text."""
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else _md(text)


def _dates(brief: Brief) -> str:
    first, last = (brief.first_seen or "")[:10], (brief.last_seen or "")[:10]
    if first and last and first != last:
        return f"{first} to {last}"
    return first or last or "undated"


def render_markdown(brief: Brief) -> str:
    """The brief as a Markdown document."""
    nums = source_numbers(brief)
    n = brief.families
    out = [
        f"# {_md(brief.headline.text)} {_marks(brief.headline, nums)}".rstrip(),
        "",
        f"Story {_code(brief.story)}: {_md(_dates(brief))}, {len(brief.sources)} reports from "
        f"{n} independent source{'s' if n != 1 else ''}.",
        "",
        "## Lead",
        "",
    ]
    out += [_line(s, nums) for s in brief.lead] or ["None found."]
    out += ["", "## Corroborated facts", ""]
    out += [f"- {_line(s, nums, count=True)}" for s in brief.facts] or ["None found."]
    out += ["", "## Differing figures", ""]
    out += [line for t in brief.figures for line in _figure_table(t, nums)] or ["None found."]
    out += ["", "## Single-source claims", ""]
    out += [f"- {_line(s, nums)}" for s in brief.single] or ["None found."]
    out += ["", "## Quotes", ""]
    for q in brief.quotes:
        who = q.speaker or "unattributed"
        status = _md(q.status.replace("_", " "))
        out.append(f"- **{_md(who)}** ({q.families} independent, {status}):")
        out += [f"  - {_line(w, nums)}" for w in q.wordings]
    if not brief.quotes:
        out.append("None found.")
    out += ["", "## Timeline", ""]
    for e in brief.timeline:
        mark = " (background)" if e.background else ""
        for s in e.sentences:
            out.append(f"- **{_md(e.date)}**{mark}: {_line(s, nums)}")
    if not brief.timeline:
        out.append("None found.")
    out += ["", "## Sources", ""]
    out += _sources_table(brief.sources) if brief.sources else ["None found."]
    return "\n".join(out) + "\n"


def _figure_table(t: FigureTable, nums: Mapping[str, int]) -> list[str]:
    status = "conflicting" if t.status == "conflicting" else "differing estimates"
    lines = [f"**{_md(t.subject)}** ({status})", "", "| Figure | Who said it | Where reported |"]
    lines.append("|---|---|---|")
    for r in t.rows:
        where = ", ".join(
            f"{_md(src)} {_marks_of(r.sentence, src, nums)}".rstrip() for src in r.sentence.sources
        )
        lines.append(f"| {_md(r.figure)} | {_md(r.speaker or 'unattributed')} | {where} |")
    return [*lines, ""]


def _marks_of(s: BriefSentence, source: str, nums: Mapping[str, int]) -> str:
    ids = {c.article for c in s.citations if c.source == source}
    return " ".join(f"[{nums[a]}]" for a in sorted(ids) if a in nums)


def _sources_table(sources: Sequence[SourceEntry]) -> list[str]:
    lines = [
        "| # | Outlet | Title | Published | Family | Original | Flags | Copy links |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for k, s in enumerate(sources, 1):
        links = "; ".join(f"{t.replace('_', ' ')} {o} ({sc:.2f})" for t, o, sc in s.links)
        lines.append(
            f"| {k} | {_md(s.outlet or s.source)} | {_md(s.title or '')} | "
            f"{_md(s.published or '')} | {_md(s.family or '')} | {'yes' if s.original else ''} | "
            f"{_md(', '.join(s.flags))} | {_md(links)} |"
        )
    return lines


def render_json(brief: Brief) -> str:
    """The brief's JSON (schema ``newsfuse.brief/1.0``; control characters escaped)."""
    return json_text(brief.to_dict(), indent=2) + "\n"


#: in ``out/stories/``: the digest of the inputs each story's files were written from
MANIFEST = ".newsfuse-briefs"  # no .json: a glob for the briefs must not find it


def write_briefs(
    briefs: Sequence[Brief],
    out: Path,
    texts: Mapping[str, str] | None = None,
    digests: Mapping[str, str] | None = None,
) -> list[Path]:
    """``out/index.html`` and, per story, ``out/stories/<id>.md``, ``.html`` and ``.json``;
    the paths written. Each file is written atomically and named by its story id only (an id
    that is not a newsfuse id is refused, :class:`~newsfuse.errors.OutputError`, before
    anything is written); the story files of other stories (from an earlier run into the
    same folder) are removed, so the folder holds exactly these briefs.

    With ``digests`` (story id -> the digest of what its brief was made from, as the store
    keeps it), a story whose files were written from the same digest and are all there is not
    written again: a run writes the briefs it changed (or that a killed run left unwritten).
    The digests written are kept in ``out/stories/.newsfuse-briefs`` (JSON)."""
    from newsfuse.brief.html import render_html, render_index

    paths = {
        b.story: [item_path(out, "stories", b.story, x) for x in (".md", ".html", ".json")]
        for b in briefs
    }
    make_dir(out / "stories")
    manifest = out / "stories" / MANIFEST
    done: dict[str, str] = {}
    if digests is not None:
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(manifest.read_text(encoding="utf-8"))
            done = {k: v for k, v in loaded.items() if isinstance(v, str)}
    written = []
    for b in briefs:
        md, page, data = paths[b.story]
        digest = (digests or {}).get(b.story)
        if (
            digest is not None
            and done.get(b.story) == digest
            and all(p.is_file() for p in paths[b.story])
        ):
            continue
        done.pop(b.story, None)
        written.append(write_text(md, render_markdown(b)))
        written.append(write_text(page, render_html(b, texts)))
        written.append(write_text(data, render_json(b)))
        if digest is not None:
            done[b.story] = digest
    written.append(write_text(top_path(out, "index.html"), render_index(briefs)))
    prune(out, "stories", paths)
    if digests is not None:
        keep = {k: v for k, v in done.items() if k in paths}
        write_text(manifest, json.dumps(keep, sort_keys=True) + "\n")
    return written


__all__ = ["render_json", "render_markdown", "source_numbers", "write_briefs"]
