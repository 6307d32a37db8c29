"""What a run did and the files it writes: :class:`RunReport` (counts, failures, the
articles, copies, stories, claims and briefs of the store) and :func:`write_outputs`
(``out/articles/<id>.json`` and ``.txt``, ``out/report.json``, ``out/report.md`` and the briefs).

Everything from an input is untrusted: ``report.md`` escapes it (:func:`newsfuse.escape.markdown`:
no HTML, no link, no table break), the ``.txt`` files show control characters as escapes and
the JSON files escape them too (:func:`newsfuse.escape.json_text`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.escape import json_text, markdown, terminal, terminal_line
from newsfuse.outdir import is_id, item_path, make_dir, prune, prune_temp, top_path, write_text
from newsfuse.records import Article, Brief, Failure, Story

if TYPE_CHECKING:
    from newsfuse.brief.faithful import Problem
    from newsfuse.claims import ClaimReport
    from newsfuse.dedup import CopyReport


@dataclass
class RunReport:
    """What a run did: counts, failures, and the articles it delivered (from the store)."""

    run_id: int | None
    inputs: list[str]
    status: str = "running"
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[Failure] = field(default_factory=list)
    # inputs read fine that hold no article text (a caption, a teaser list): reported, not
    # failures of the run
    skipped: list[Failure] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    store_path: str | None = None
    copies: CopyReport | None = None  # links and families over every article in the store
    stories: list[Story] = field(default_factory=list)  # every story in the store
    claims: ClaimReport | None = None  # claim clusters of every story, entities
    briefs: list[Brief] = field(default_factory=list)  # the briefs that passed the check
    problems: list[Problem] = field(default_factory=list)  # what the faithfulness check found
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage
    # story id -> the digest of what its claims and brief were made from (the brief files of
    # a story are written again only when it changed)
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0: all inputs fine; 1: some failed; 3: nothing could be processed; 5: a brief
        failed the faithfulness check."""
        if self.problems:
            return 5
        if not self.failures:
            return 0 if self.articles or self.counts.get("documents") else 3
        return 1 if self.articles else 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "status": self.status,
            "inputs": self.inputs,
            "store": self.store_path,
            "started": _iso(self.started),
            "finished": _iso(self.finished) if self.finished else None,
            "counts": dict(self.counts),
            "seconds": {k: round(v, 3) for k, v in self.timings.items()},
            "failures": [asdict(f) for f in self.failures],
            "without_article": [asdict(f) for f in self.skipped],
            "articles": [_summary(a) for a in self.articles],
            **(_copies_dict(self.copies) if self.copies else {"links": [], "families": []}),
            "stories": [st.to_dict() for st in self.stories],
            "claims": _claims_dict(self.claims),
            "briefs": [_brief_summary(b) for b in self.briefs],
            "unfaithful": [str(p) for p in self.problems],
        }


def _brief_summary(b: Brief) -> dict[str, Any]:
    return {
        "story": b.story,
        "headline": b.headline.text,
        "families": b.families,
        "sentences": len(b.sentences()),
        "files": {k: f"stories/{b.story}.{k}" for k in ("md", "html", "json")},
    }


def _claims_dict(claims: ClaimReport | None) -> dict[str, Any]:
    if claims is None:
        return {"stories": [], "entities": []}
    d = claims.to_dict()
    return {"stories": d["stories"], "entities": d["entities"]}


def _copies_dict(copies: CopyReport) -> dict[str, Any]:
    d = copies.to_dict()
    return {"links": d["links"], "families": d["families"]}


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _summary(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published,
        "credit": a.credit,
        "language": a.language,
        "extractor": a.extractor,
        "words": len(a.text.split()),
        "removed": len(a.removed),
        "passages": len(a.passages),
    }


def write_outputs(
    report: RunReport, out: Path, stored: Mapping[str, str] | Sequence[Article] | None = None
) -> None:
    """``out/articles/<id>.json`` and ``.txt`` per article of the run, ``out/report.json`` and
    ``out/report.md`` for the run, ``out/index.html`` and ``out/stories/<id>.md``, ``.html``
    and ``.json`` per story brief; the story files of stories without a brief now (merged
    away, withheld) are removed. ``stored``: the texts of every stored article by id (a
    mapping that may read them lazily, such as the pipeline's ``StoredTexts``, or the
    articles): the briefs quote the articles they cite, and the article files of earlier runs
    into the same folder are kept when their article is stored.

    Every file is written atomically and named only by a newsfuse id (see
    :mod:`newsfuse.outdir`); a file that cannot be written raises
    :class:`~newsfuse.errors.OutputError` naming it and the cause."""
    from newsfuse.brief.render import write_briefs

    make_dir(out / "articles")
    for a in report.articles:
        write_text(
            item_path(out, "articles", a.id, ".json"), json_text(a.to_dict(), indent=2) + "\n"
        )
        write_text(item_path(out, "articles", a.id, ".txt"), _plain(a))
    write_text(top_path(out, "report.json"), json_text(report.to_dict(), indent=2) + "\n")
    write_text(top_path(out, "report.md"), _markdown(report))
    texts: Mapping[str, str]
    if stored is None:
        texts = {a.id: a.text for a in report.articles}
    elif isinstance(stored, Mapping):
        texts = stored
    else:
        texts = {a.id: a.text for a in stored}
    write_briefs(report.briefs, out, texts, digests=report.digests or None)
    if stored is not None:  # every article of the store keeps its files, whichever run
        prune(out, "articles", set(texts) | {a.id for a in report.articles})
    prune_temp(out)


def _plain(a: Article) -> str:
    """The metadata header (one line a field) and the clean text; control characters are
    shown as escapes, so the file is safe to print on a terminal."""
    head = [f"{k}: {terminal_line(v)}" for k, v in a.metadata()]
    return "\n".join(head) + "\n\n" + terminal(a.text) + "\n"


def _markdown(report: RunReport) -> str:
    c = report.counts
    lines = [
        "# newsfuse run report",
        "",
        f"- run: {report.run_id} ({report.status})",
        f"- inputs: {_cell(', '.join(report.inputs))}",
        f"- documents: {c.get('documents', 0)} (extracted {c.get('extracted', 0)}, "
        f"already stored {c.get('reused', 0)}), failed inputs: {c.get('failed', 0)}",
        f"- store: {_cell(report.store_path)}",
        "",
        "## Articles",
        "",
        "| id | source | outlet | title | published | words | passages | removed lines | extractor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for a in report.articles:
        s = _summary(a)
        lines.append(
            "| {id} | {source} | {outlet} | {title} | {published} | {words} | {passages} | {removed} | {extractor} |".format(
                **{k: _cell(v) for k, v in s.items()}
            )
        )
    if report.copies is not None:
        lines += _copies_markdown(report.copies)
    if report.stories:
        lines += _stories_markdown(report.stories, {b.story: b.families for b in report.briefs})
    if report.briefs:
        lines += ["", "## Briefs", ""]
        lines += [
            f"- [{_cell(b.headline.text)}](stories/{b.story}.md) ({b.families} independent "
            f"sources; [HTML](stories/{b.story}.html), [JSON](stories/{b.story}.json))"
            if is_id(b.story)  # else no link (and write_briefs refuses to write it)
            else f"- {_cell(b.headline.text)} (story {_cell(b.story)})"
            for b in report.briefs
        ]
    if report.claims is not None:
        lines += _claims_markdown(report.claims)
    if report.failures:
        lines += ["", "## Failed inputs", "", "| source | stage | reason |", "|---|---|---|"]
        lines += [f"| {_cell(f.source)} | {f.stage} | {_cell(f.reason)} |" for f in report.failures]
    if report.skipped:
        lines += ["", "## Inputs without article text", "", "| source | reason |", "|---|---|"]
        lines += [f"| {_cell(f.source)} | {_cell(f.reason)} |" for f in report.skipped]
    return "\n".join(lines) + "\n"


def _copies_markdown(copies: CopyReport) -> list[str]:
    d = copies.to_dict()
    lines = ["", "## Copies", ""]
    if not d["links"]:
        return [*lines, "No article copies, contains, rewrites or shares a passage of another."]
    lines += ["| a | type | b | score | detector |", "|---|---|---|---|---|"]
    for lk in d["links"]:
        a = lk["a"] + (
            f" (passage {lk['evidence']['a_passage']})"
            if lk["evidence"]["a_passage"] is not None
            else ""
        )
        b = lk["b"] + (
            f" (passage {lk['evidence']['b_passage']})"
            if lk["evidence"]["b_passage"] is not None
            else ""
        )
        lines.append(
            f"| {_cell(a)} | {lk['type']} | {_cell(b)} | {lk['score']:.2f} | "
            f"{lk['evidence']['detector']} |"
        )
    lines += [
        "",
        "## Source families",
        "",
        "| members | original | credited | reasons | flags |",
        "|---|---|---|---|---|",
    ]
    for f in d["families"]:
        flags = "; ".join(f"{k}: {', '.join(v)}" for k, v in f["flagged"].items())
        lines.append(
            f"| {_cell(', '.join(f['members']))} | {_cell(f['original'] or 'unknown')} | "
            f"{_cell(f['credited'])} | {_cell('; '.join(f['reasons']))} | {_cell(flags)} |"
        )
    return lines


def _stories_markdown(stories: list[Story], independent: Mapping[str, int]) -> list[str]:
    """The stories table; a story's independent sources are its brief's count (the reports of
    one outlet counted once) when it has a brief, else its source families."""
    lines = [
        "",
        "## Stories",
        "",
        "| id | label | first seen | last seen | sources | independent | members |",
        "|---|---|---|---|---|---|---|",
    ]
    for st in stories:
        members = "<br>".join(  # each escaped: the only HTML is ours
            _cell(m.source + (f" (passage {m.passage})" if m.passage is not None else ""))
            for m in st.members
        )
        lines.append(
            f"| {_cell(st.id)} | {_cell(st.label)} | {_cell(st.first_seen)} | "
            f"{_cell(st.last_seen)} | {len(st.members)} | "
            f"{independent.get(st.id, st.families)} | {members} |"
        )
    return lines


MARKDOWN_CLAIMS = 60  # claim rows per story in report.md (report.json has them all)


def _claims_markdown(claims: ClaimReport) -> list[str]:
    lines = ["", "## Claims"]
    for sc in claims.stories:
        if not sc.clusters:
            continue
        lines += [
            "",
            f"### {_cell(sc.story.label)} ({_cell(sc.story.id)})",
            "",
            "| status | kind | claim | speaker | figure | date | sources | independent |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for c in sc.clusters[:MARKDOWN_CLAIMS]:
            lines.append(
                f"| {c.status} | {c.kind} | {_cell(_short(c.text))} | {_cell(_who(c))} | "
                f"{_cell(_figure(c))} | {_cell(c.date)} | {_cell(', '.join(c.sources))} | "
                f"{c.families} |"
            )
        if len(sc.clusters) > MARKDOWN_CLAIMS:
            lines.append(f"\n{len(sc.clusters) - MARKDOWN_CLAIMS} more claims in report.json.")
    return lines


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _who(c: Any) -> str | None:
    return "see figures" if len(c.estimates) > 1 else c.speaker


def _figure(c: Any) -> str:
    if len(c.estimates) > 1:  # side by side, with who gave each
        return "; ".join(f"{e.figure()} ({e.speaker or 'unattributed'})" for e in c.estimates)
    return c.estimates[0].figure() if c.estimates else ""


def _cell(v: Any) -> str:
    """A value in report.md: escaped Markdown on one line (no HTML, link or table break)."""
    return "" if v is None else markdown(v)
