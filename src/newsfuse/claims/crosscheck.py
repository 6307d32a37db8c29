"""The claims stage over a corpus: read every article, link entities, compare per story.

:func:`find_claims` is what ``newsfuse claims`` and the ``claims`` stage of ``newsfuse run``
call. Steps:

1. each article is read by the finders (:func:`~newsfuse.claims.extract.read_article`); an
   article without a publication date is anchored to the first day of its story, so "on
   Tuesday" in an undated live blog still resolves;
2. the names of every article are linked into entities with their aliases
   (:func:`~newsfuse.claims.aliases.link_entities`; outlets and credits take part), and
   people are tied to the organisation they speak for;
3. the read findings become claims, each carrying its source family
   (:meth:`newsfuse.dedup.CopyReport.family_of`, passage by passage for live blogs);
4. within each story, :class:`~newsfuse.claims.compare.ClaimComparer` groups the claims of its
   members (an article, or the one passage of a live blog that belongs to the story) and gives
   every group its status.

An article whose reading fails (a bug in a finder on one odd page) is recorded in
:attr:`ClaimReport.failures` and left out; the others go on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsfuse.claims.compare import ClaimComparer
from newsfuse.claims.extract import Reading, claims_of, publication_day, quantity_of
from newsfuse.records import (
    CLAIM_KINDS,
    CLAIM_STATUSES,
    Article,
    Claim,
    ClaimCluster,
    Entity,
    Failure,
    Mention,
    Story,
)

if TYPE_CHECKING:
    from newsfuse.backends import LocalBackend
    from newsfuse.dedup import CopyReport


@dataclass(slots=True)
class StoryClaims:
    """One story and its claim clusters."""

    story: Story
    clusters: list[ClaimCluster]
    entities: tuple[str, ...] = ()  # ids of the entities its members name

    def to_dict(
        self, *, statuses: Iterable[str] | None = None, kinds: Iterable[str] | None = None
    ) -> dict[str, Any]:
        keep_s = set(statuses) if statuses else None
        keep_k = set(kinds) if kinds else None
        return {
            "id": self.story.id,
            "label": self.story.label,
            "families": self.story.families,
            "entities": list(self.entities),
            "claims": [
                c.to_dict()
                for c in self.clusters
                if (keep_s is None or c.status in keep_s) and (keep_k is None or c.kind in keep_k)
            ],
        }


@dataclass(slots=True)
class ClaimReport:
    """The claims of a corpus: per story, the clusters; and the entities with their aliases."""

    stories: list[StoryClaims]
    entities: list[Entity]
    claims: list[Claim] = field(default_factory=list)  # every claim of every article
    failures: list[Failure] = field(default_factory=list)

    def clusters(self) -> list[ClaimCluster]:
        return [c for st in self.stories for c in st.clusters]

    def to_dict(
        self, *, statuses: Iterable[str] | None = None, kinds: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The JSON interface of ``newsfuse claims --json`` (filtered by status and kind)."""
        statuses = list(statuses) if statuses else None
        kinds = list(kinds) if kinds else None
        for value, allowed, what in (
            (statuses, CLAIM_STATUSES, "status"),
            (kinds, CLAIM_KINDS, "kind"),
        ):
            bad = sorted(set(value or ()) - set(allowed))
            if bad:
                raise ValueError(f"unknown claim {what}: {', '.join(bad)}")
        return {
            "stories": [st.to_dict(statuses=statuses, kinds=kinds) for st in self.stories],
            "entities": [_entity_summary(e) for e in self.entities],
            "failures": [
                {"source": f.source, "stage": f.stage, "reason": f.reason} for f in self.failures
            ],
        }


def _entity_summary(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "roles": list(e.roles),
        "mentions": len(e.mentions),
        "articles": len({m.article for m in e.mentions}),
    }


def find_claims(
    articles: Sequence[Article],
    *,
    copies: CopyReport | None = None,
    stories: Sequence[Story] | None = None,
    comparer: ClaimComparer | None = None,
    backend: LocalBackend | None = None,
) -> ClaimReport:
    """Claims of ``articles`` compared within their stories (see the module docstring).

    ``copies`` and ``stories`` are computed when not given (``find_copies`` and
    ``group_stories`` with their defaults). ``backend`` runs the finders of each article in
    worker processes under the per-document budget (default: in this process, unbudgeted).
    One article, or one story, whose reading or comparison fails is recorded in
    ``failures`` and left out; the others go on."""
    from newsfuse.claims.aliases import affiliation, article_documents, link_entities
    from newsfuse.claims.quantities import same_measure
    from newsfuse.claims.stance import sentence_relation

    articles = list(articles)
    if copies is None:
        from newsfuse.dedup import find_copies

        copies = find_copies(articles)
    if stories is None:
        from newsfuse.stories import group_stories

        stories = group_stories(articles, family_of=copies.family_of)
    comparer = comparer or ClaimComparer()
    story_day = _story_days(stories)
    failures: list[Failure] = []
    readings = _read_all(articles, story_day, backend, failures)
    texts = {a.id: a.text for a in articles}
    docs, doc_texts = article_documents(
        [a for a in articles if a.id in readings], {i: r.mentions for i, r in readings.items()}
    )
    index = link_entities(docs, doc_texts)  # outlets and credits join their acronyms
    entities = [_entity_record(e, texts) for e in index.entities]
    speaks_for = {}
    for e in index.entities:
        org = affiliation(e, index)
        if org is not None:
            speaks_for[e.id] = org.id

    claims: list[Claim] = []
    quantities: dict[str, Any] = {}
    for reading in readings.values():
        try:
            found = [
                (c, quantity_of(reading, c) if c.kind == "quantity" else None)
                for c in claims_of(
                    reading,
                    entity_of=index.entity_of,
                    find_entity=index.find,
                    family_of=copies.family_of,
                )
            ]
        except Exception as exc:  # one odd page must not stop the corpus
            failures.append(Failure.of(reading.article.source, "claims", exc))
            continue
        for c, q in found:
            claims.append(c)
            if c.kind == "quantity":
                quantities[c.id] = q

    def measure(a: Claim, b: Claim) -> bool:
        qa, qb = quantities.get(a.id), quantities.get(b.id)
        if qa is None or qb is None:
            return a.unit is not None and a.unit == b.unit
        return bool(same_measure(qa, qb))

    def contradicts(a: str, b: str) -> bool:
        # a changed figure; or a negation in one of two renderings of about the same length.
        # On real reports a negation seen in a much longer or shorter rendering was a fuller
        # or reworded one ("rejected claims that he is a dictator" / "is no dictator")
        rel = sentence_relation(a, b)
        if rel.label != "contradicts":
            return False
        na, nb = len(a.split()), len(b.split())
        return "numbers differ" in rel.reason or min(na, nb) >= 0.8 * max(na, nb)

    by_member: dict[tuple[str, int | None], list[Claim]] = {}
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_member.setdefault((c.article, c.passage), []).append(c)
        by_article.setdefault(c.article, []).append(c)
    out: list[StoryClaims] = []
    for st in stories:
        story_claims: list[Claim] = []
        for m in st.members:
            if m.passage is None:
                story_claims += by_article.get(m.article, [])
            else:
                story_claims += by_member.get((m.article, m.passage), [])
        members = {(m.article, m.passage) for m in st.members}
        try:
            clusters = comparer.compare(
                st.id,
                story_claims,
                texts=texts,
                speaks_for=speaks_for,
                same_measure=measure,
                contradicts=contradicts,
            )
            ent_ids = _story_entities(index, members, readings)
        except Exception as exc:  # one story's comparison must not stop the others
            failures.append(Failure.of(f"story {st.id}", "claims", exc))
            clusters, ent_ids = [], []
        out.append(StoryClaims(st, clusters, tuple(ent_ids)))  # ids from the index itself
    return ClaimReport(stories=out, entities=entities, claims=claims, failures=failures)


def _read_all(
    articles: Sequence[Article],
    story_day: dict[str, dt.date],
    backend: LocalBackend | None,
    failures: list[Failure],
) -> dict[str, Reading]:
    """Every article read by the finders (in workers under the per-document budget when a
    backend is given; past it, the beginning of the text is read instead); an article that
    fails, or overruns even so, is a Failure and left out."""
    from newsfuse.backends import Overrun
    from newsfuse.claims import extract

    anchors = [publication_day(a) or story_day.get(a.id) for a in articles]
    items = [(a.source, a.text, anchor) for a, anchor in zip(articles, anchors, strict=True)]
    results = (
        backend.map(extract.read_task, items, fallback=extract.read_prefix_task)
        if backend is not None
        else (extract.read_task(*i) for i in items)
    )
    readings: dict[str, Reading] = {}
    for a, anchor, found in zip(articles, anchors, results, strict=True):
        if isinstance(found, Overrun):
            failures.append(Failure(a.source, "claims", f"the claim finders {found.reason}"))
        elif isinstance(found, Failure):
            failures.append(found)
        else:
            readings[a.id] = Reading(a, anchor, *found)
    return readings


def _story_days(stories: Sequence[Story]) -> dict[str, dt.date]:
    """For every article of a story, the story's first day (the anchor of undated members)."""
    out: dict[str, dt.date] = {}
    for st in stories:
        if not st.first_seen:
            continue
        try:
            day = dt.date.fromisoformat(st.first_seen[:10])
        except ValueError:
            continue
        for m in st.members:
            out.setdefault(m.article, day)
    return out


def _story_entities(
    index: Any, members: set[tuple[str, int | None]], readings: dict[str, Reading]
) -> list[str]:
    ids: dict[str, int] = {}
    for art, passage in members:
        reading = readings.get(art)
        if reading is None:
            continue
        for m in reading.mentions:
            if passage is not None and reading.passage_at(m.start) != passage:
                continue
            ent = index.entity_of(art, m.start, m.end)
            if ent is not None:
                ids[ent.id] = ids.get(ent.id, 0) + 1
    return sorted(ids, key=lambda i: (-ids[i], i))


def _entity_record(e: Any, texts: dict[str, str]) -> Entity:
    return Entity(
        id=e.id,
        name=e.name,
        kind=e.kind,
        aliases=tuple(e.aliases),
        roles=tuple(e.roles),
        mentions=tuple(  # where the articles name it (not the outlet / credit metadata)
            Mention(doc, s, end, texts[doc][s:end]) for doc, s, end in e.mentions if doc in texts
        ),
    )


__all__ = ["ClaimReport", "StoryClaims", "find_claims"]
