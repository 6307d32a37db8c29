"""The brief and the timeline: one consolidated, cited account per story.

Extractive by design: every sentence of a brief is taken from a source, and cites the spans of
every independent source family that supports it, because abstractive summarisers invent facts.

- :mod:`newsfuse.brief.timeline`: the dated events of a set of articles, merged across sources,
  in order (and the standard timeline-summarisation setting: N dates, K sentences a date);
- :mod:`newsfuse.brief.build`: the brief of a story (headline, lead, corroborated facts,
  differing figures, single-source claims, quotes, timeline, sources);
- :mod:`newsfuse.brief.faithful`: the check that every sentence is traceable to the spans it
  cites;
- :mod:`newsfuse.brief.render` and :mod:`newsfuse.brief.html`: Markdown, self-contained HTML
  and JSON.

::

    from newsfuse.brief import build_briefs, check_brief, render_markdown
    for brief in build_briefs(articles):          # copies, stories and claims on the way
        assert not check_brief(brief, {a.id: a for a in articles})
        print(render_markdown(brief))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsfuse.brief.build import BriefBuilder, build_briefs
    from newsfuse.brief.faithful import check_brief
    from newsfuse.brief.html import render_html, render_index
    from newsfuse.brief.render import render_json, render_markdown, write_briefs
    from newsfuse.brief.timeline import build_timeline

_LAZY = {
    "BriefBuilder": "newsfuse.brief.build",
    "build_briefs": "newsfuse.brief.build",
    "build_timeline": "newsfuse.brief.timeline",
    "check_brief": "newsfuse.brief.faithful",
    "render_html": "newsfuse.brief.html",
    "render_index": "newsfuse.brief.html",
    "render_json": "newsfuse.brief.render",
    "render_markdown": "newsfuse.brief.render",
    "write_briefs": "newsfuse.brief.render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsfuse.brief' has no attribute {name!r}")


__all__ = [
    "BriefBuilder",
    "build_briefs",
    "build_timeline",
    "check_brief",
    "render_html",
    "render_index",
    "render_json",
    "render_markdown",
    "write_briefs",
]
