"""Claims and cross-checking: who said what, what independent sources agree on, where they differ.

Within a story, every article is broken into checkable claims (figures, quotes, reported
statements, dated events), the claims that state the same fact are lined up across outlets, and
each group gets a status: corroborated by two or more independent source families, said by one
source only, conflicting (the same statement by the same source given differently), or
differing estimates (different sources giving different figures, shown side by side).

The finders, each usable on one text:

- :mod:`newsfuse.claims.entities`: people, organisations and places, with aliases merged across
  articles (spelling and transliteration variants, surnames, titles, acronyms, "oblast" /
  "region");
- :mod:`newsfuse.claims.quantities`: figures with unit and qualifier;
- :mod:`newsfuse.claims.quotes`: direct quotes in every quotation style and reported speech,
  with speaker, cue and medium;
- :mod:`newsfuse.claims.timex`: time expressions resolved against the publication date;
- :mod:`newsfuse.claims.stance`: whether a text agrees with, denies or merely discusses a claim.

Then :mod:`newsfuse.claims.extract` turns one article's findings into claims,
:mod:`newsfuse.claims.compare` compares the claims of a story, and
:mod:`newsfuse.claims.crosscheck` runs it all over a corpus::

    from newsfuse.claims import find_claims
    report = find_claims(articles)                 # copies and stories computed if not given
    for story in report.stories:
        for cluster in story.clusters:
            print(cluster.status, cluster.kind, cluster.text, cluster.families)
    report.to_dict(statuses=["conflicting"])      # the JSON of ``newsfuse claims --json``
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsfuse.claims.compare import ClaimComparer
    from newsfuse.claims.crosscheck import ClaimReport, StoryClaims, find_claims

_LAZY = {
    "ClaimComparer": "newsfuse.claims.compare",
    "ClaimReport": "newsfuse.claims.crosscheck",
    "StoryClaims": "newsfuse.claims.crosscheck",
    "find_claims": "newsfuse.claims.crosscheck",
}


def __getattr__(name: str) -> Any:
    # lazy, so that importing one finder (``newsfuse.claims.timex``) loads only that one
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsfuse.claims' has no attribute {name!r}")


__all__ = ["ClaimComparer", "ClaimReport", "StoryClaims", "find_claims"]
