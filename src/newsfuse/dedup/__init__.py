"""Copies, rewrites and provenance: which reports are the same report, and which is the original.

::

    from newsfuse.dedup import find_copies

    report = find_copies(articles)       # a list of newsfuse.Article
    for link in report.links:            # typed, scored, with evidence
        print(link.a, link.type, link.b, link.score, link.spans, link.aligned)
    for family in report.families:       # independent sources: count these, not articles
        print(family.members, family.original, family.reasons, family.flags)
    report.family_of(article_id)         # the family an article (or a passage) belongs to

Modules: :mod:`.spans` (shared text as character spans), :mod:`.fingerprint` (vectorised
shingling and MinHash), :mod:`.lsh` (the near-duplicate index), :mod:`.similarity` (sentences,
facts, sentence similarity), :mod:`.align` (rewrite alignment), :mod:`.verify` (one candidate
pair, pair-local), :mod:`.postings` (sorted-run multimaps), :mod:`.index` (the store-backed,
incremental copy index: ``CopyIndex(store).update(articles)`` gives a delta of links and
families), :mod:`.detect` (the library API over it), :mod:`.provenance` (families and
originals).
"""

from newsfuse.dedup.detect import CopyDetector, CopyReport, find_copies

__all__ = ["CopyDetector", "CopyReport", "find_copies"]
