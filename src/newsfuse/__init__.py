"""newsfuse: many noisy news reports about the same events, one clean, cross-checked account.

The public API::

    import newsfuse

    for article in newsfuse.extract_articles(["examples/corpus"]):
        print(article.title, article.outlet, article.published, len(article.passages))

    report = newsfuse.run(["examples/corpus"], out_dir="out")   # with the SQLite store

    cleaned = newsfuse.clean_text(scraped_text)                # one scraped page
    print(cleaned.text, cleaned.removed)

    copies = newsfuse.find_copies(articles)                    # links and source families
    print(copies.links, copies.families, copies.family_of(article.id))

    claims = newsfuse.find_claims(articles)                    # claims compared per story
    for story in claims.stories:
        for cluster in story.clusters:
            print(cluster.status, cluster.kind, cluster.text, cluster.families)

    for brief in newsfuse.build_briefs(articles):              # one cited brief per story
        print(brief.headline.text, [s.text for s in brief.lead])

    for entry in newsfuse.build_timeline(articles, max_dates=10, per_date=1):
        print(entry.date, entry.sentences[0].text, entry.sentences[0].sources)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.records import (
    Article,
    Brief,
    BriefSentence,
    Citation,
    Claim,
    ClaimCluster,
    Entity,
    Estimate,
    Failure,
    Family,
    Link,
    Passage,
    RawDocument,
    Removed,
    TimelineEntry,
)

if TYPE_CHECKING:
    from newsfuse.claims import ClaimReport
    from newsfuse.dedup import CopyReport
    from newsfuse.extract.text import TextCleaning
    from newsfuse.pipeline import RunReport

__version__ = "0.1.0"


def extract_articles(
    inputs: Iterable[str], settings: Settings | None = None, *, errors: str = "skip"
) -> Iterator[Article]:
    """Every article in ``inputs`` (paths, directories, globs, URLs), in input order.

    ``errors="skip"`` drops inputs that cannot be read or extracted (use
    :class:`newsfuse.pipeline.Pipeline` to get them as :class:`Failure` records);
    ``errors="raise"`` raises :class:`NewsfuseError` on the first one."""
    from newsfuse.pipeline import Pipeline

    if errors not in ("skip", "raise"):
        raise ValueError(
            f"the 'errors' parameter of extract_articles must be 'skip' or 'raise', got {errors!r}"
        )
    for _doc, result in Pipeline(settings or Settings.resolve()).extract(list(inputs)):
        if isinstance(result, Article):
            yield result
        elif isinstance(result, Failure) and errors == "raise":
            raise NewsfuseError(result.reason, source=result.source, stage=result.stage)


def run(
    inputs: Iterable[str],
    out_dir: str | os.PathLike[str],
    *,
    store: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
) -> RunReport:
    """The whole pipeline into the store (default ``out_dir/newsfuse.db``) and ``out_dir``."""
    from pathlib import Path

    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    out = Path(out_dir)
    with Store(store or out / "newsfuse.db") as db:
        return Pipeline(settings or Settings.resolve()).run(list(inputs), store=db, out_dir=out)


def clean_text(text: str, *, language: str | None = None) -> TextCleaning:
    """Clean one already-scraped plain-text page (see :mod:`newsfuse.extract.text`)."""
    from newsfuse.extract.text import clean_text as _clean

    return _clean(text, language=language)


def find_copies(articles: Iterable[Article]) -> CopyReport:
    """Links between ``articles`` (exact copies, near-duplicates, containment, shared
    passages, rewrites) with evidence, and the source families they form (see
    :mod:`newsfuse.dedup`)."""
    from newsfuse.dedup import find_copies as _find

    return _find(list(articles))


def find_claims(articles: Iterable[Article]) -> ClaimReport:
    """The claims of ``articles`` (figures, quotes, statements, dated events), compared
    across sources within each story, with entities and their aliases (see
    :mod:`newsfuse.claims`). Copies and stories are computed on the way."""
    from newsfuse.claims import find_claims as _find

    return _find(list(articles))


def build_briefs(articles: Iterable[Article]) -> list[Brief]:
    """The cited brief of every story of ``articles`` (see :mod:`newsfuse.brief`). Copies,
    stories and claims are computed on the way."""
    from newsfuse.brief.build import build_briefs as _build

    return _build(list(articles))


def build_timeline(
    articles: Iterable[Article],
    *,
    query: str | None = None,
    max_dates: int | None = None,
    per_date: int | None = None,
) -> list[TimelineEntry]:
    """The dated events of ``articles`` in order, merged across independent sources (copies
    count once), optionally about ``query`` and limited to the ``max_dates`` best-supported
    dates with ``per_date`` sentences each (see :mod:`newsfuse.brief.timeline`)."""
    from newsfuse.brief.build import corpus_timeline

    articles = list(articles)
    return corpus_timeline(articles, query=query, max_dates=max_dates, per_date=per_date) or []


__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Claim",
    "ClaimCluster",
    "Entity",
    "Estimate",
    "Failure",
    "Family",
    "Link",
    "NewsfuseError",
    "Passage",
    "RawDocument",
    "Removed",
    "Settings",
    "TimelineEntry",
    "__version__",
    "build_briefs",
    "build_timeline",
    "clean_text",
    "extract_articles",
    "find_claims",
    "find_copies",
    "run",
]
