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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsfuse.claims.compare import ClaimComparer
from newsfuse.claims.extract import Findings, Reading, claims_of, publication_day, quantity_of
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
    from newsfuse.backends import Backend
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
    backend: Backend | None = None,
    findings: Mapping[tuple[str, dt.date | None], Findings] | None = None,
) -> ClaimReport:
    """Claims of ``articles`` compared within their stories (see the module docstring).

    ``copies`` and ``stories`` are computed when not given (``find_copies`` and
    ``group_stories`` with their defaults). ``backend`` runs the finders of each article in
    worker processes under the per-document budget (default: in this process, unbudgeted);
    ``findings`` are finder results already at hand, by (article id, anchor day), read again
    only where missing (:func:`needed_readings` says which the stories need). A story's claims
    are a function of the story alone (:func:`story_claims`); the entities are the merge of
    every story's. One article, or one story, whose reading or comparison fails is recorded in
    ``failures`` and left out; the others go on."""
    articles = list(articles)
    if copies is None:
        from newsfuse.dedup import find_copies

        copies = find_copies(articles)
    if stories is None:
        from newsfuse.stories import group_stories

        stories = group_stories(articles, family_of=copies.family_of)
    comparer = comparer or ClaimComparer()
    by_id = {a.id: a for a in articles}
    failures: list[Failure] = []
    anchors = undated_anchors(stories, by_id)
    found = dict(findings or {})
    missing = [key for key in needed_readings(stories, by_id, anchors) if key not in found]
    found.update(read_findings(missing, by_id, backend, failures))
    out: list[StoryClaims] = []
    claims: list[Claim] = []
    parts: list[list[Entity]] = []
    for st in stories:
        sc, story_claims_, entities = story_claims(
            st, by_id, found, copies.family_of, comparer, failures, anchors
        )
        out.append(sc)
        claims += story_claims_
        parts.append(entities)
    return ClaimReport(
        stories=out, entities=merge_entities(parts), claims=claims, failures=failures
    )


def undated_anchors(
    stories: Iterable[Story], articles: Mapping[str, Article]
) -> dict[str, dt.date]:
    """The day the relative dates of each undated article resolve against ("on Tuesday" in
    an undated live blog): the latest first day of the stories it is in, so the one day holds
    for the article in all of them (a live blog is no older than any story it reports on)."""
    return undated_anchors_of(stories, {k: a.published for k, a in articles.items()})


def undated_anchors_of(
    stories: Iterable[Story], published: Mapping[str, str | None]
) -> dict[str, dt.date]:
    """:func:`undated_anchors` from the articles' publication dates alone (article id ->
    ``Article.published``; articles not named are left out), so a run need not read every
    stored text to know them."""
    from newsfuse.stories.dates import parse_published

    out: dict[str, dt.date] = {}
    for st in stories:
        if not st.first_seen:
            continue
        try:
            day = dt.date.fromisoformat(st.first_seen[:10])
        except ValueError:
            continue
        for m in st.members:
            if m.article in published and parse_published(published[m.article]) is None:
                out[m.article] = max(out.get(m.article, day), day)
    return out


def anchor_of(article: Article, anchors: Mapping[str, dt.date]) -> dt.date | None:
    """The day relative dates of ``article`` resolve against: its publication day, else its
    undated anchor (:func:`undated_anchors`)."""
    return publication_day(article) or anchors.get(article.id)


def needed_readings(
    stories: Iterable[Story], articles: Mapping[str, Article], anchors: Mapping[str, dt.date]
) -> list[tuple[str, dt.date | None]]:
    """The (article id, anchor day) readings the claims of ``stories`` need, in a fixed order."""
    keys: dict[tuple[str, dt.date | None], None] = {}
    for st in stories:
        for m in st.members:
            a = articles.get(m.article)
            if a is not None:
                keys[(a.id, anchor_of(a, anchors))] = None
    return list(keys)


def read_findings(
    keys: Sequence[tuple[str, dt.date | None]],
    articles: Mapping[str, Article],
    backend: Backend | None,
    failures: list[Failure],
) -> dict[tuple[str, dt.date | None], Findings]:
    """The finders' results for each (article id, anchor) (in workers under the per-document
    budget when a backend is given; past it, the beginning of the text is read instead); an
    article that fails, or overruns even so, is a Failure and left out."""
    from newsfuse.backends import Overrun
    from newsfuse.claims import extract

    items = [(articles[a].source, articles[a].text, anchor) for a, anchor in keys]
    results = (
        backend.map(extract.read_task, items, fallback=extract.read_prefix_task)
        if backend is not None
        else (extract.read_task(*i) for i in items)
    )
    out: dict[tuple[str, dt.date | None], Findings] = {}
    for (aid, anchor), found in zip(keys, results, strict=True):
        if isinstance(found, Overrun):
            reason = f"the claim finders {found.reason}"
            failures.append(Failure(articles[aid].source, "claims", reason))
        elif isinstance(found, Failure):
            failures.append(found)
        else:
            out[(aid, anchor)] = found
    return out


def story_claims(
    story: Story,
    articles: Mapping[str, Article],
    findings: Mapping[tuple[str, dt.date | None], Findings],
    family_of: Callable[[str, int | None], str],
    comparer: ClaimComparer,
    failures: list[Failure],
    anchors: Mapping[str, dt.date],
) -> tuple[StoryClaims, list[Claim], list[Entity]]:
    """The claim clusters of one story, its claims and its entities: a function of the story,
    its members' texts, finder results (``anchors``: the days undated members resolve
    against) and source families alone (names are linked within the story), so a story no run
    has touched keeps what it had."""
    from newsfuse.claims.aliases import affiliation, article_documents, link_entities

    readings: dict[str, Reading] = {}
    for aid in sorted({m.article for m in story.members}):
        a = articles.get(aid)
        if a is not None:
            key = (aid, anchor_of(a, anchors))
            if key in findings:
                readings[aid] = Reading(a, key[1], *findings[key])
    members = {(m.article, m.passage) for m in story.members}
    try:
        texts = {aid: r.article.text for aid, r in readings.items()}
        docs, doc_texts = article_documents(
            [r.article for r in readings.values()], {i: r.mentions for i, r in readings.items()}
        )
        index = link_entities(docs, doc_texts)  # outlets and credits join their acronyms
        entities = [_entity_record(e, texts) for e in index.entities]
        speaks_for = {}
        for e in index.entities:
            org = affiliation(e, index)
            if org is not None:
                speaks_for[e.id] = org.id
    except Exception as exc:  # one story's names must not stop the others
        failures.append(Failure.of(f"story {story.id}", "claims", exc))
        return StoryClaims(story, []), [], []
    claims: list[Claim] = []
    quantities: dict[str, Any] = {}
    for reading in readings.values():
        try:
            found = [
                (c, quantity_of(reading, c) if c.kind == "quantity" else None)
                for c in claims_of(
                    reading, entity_of=index.entity_of, find_entity=index.find, family_of=family_of
                )
            ]
        except Exception as exc:  # one odd page must not stop the story
            failures.append(Failure.of(reading.article.source, "claims", exc))
            continue
        for c, q in found:
            if (c.article, c.passage) in members or (c.article, None) in members:
                claims.append(c)
                if c.kind == "quantity":
                    quantities[c.id] = q
    try:
        clusters = comparer.compare(
            story.id,
            claims,
            texts=texts,
            speaks_for=speaks_for,
            same_measure=_measure(quantities),
            contradicts=_contradicts,
            outlets={aid: outlet_of(r.article) for aid, r in readings.items()},
            persons={e.id for e in index.entities if e.kind == "person"},
        )
        ent_ids = _story_entities(index, members, readings)
    except Exception as exc:  # one story's comparison must not stop the others
        failures.append(Failure.of(f"story {story.id}", "claims", exc))
        return StoryClaims(story, []), claims, entities
    return StoryClaims(story, clusters, tuple(ent_ids)), claims, entities


def outlet_of(article: Article) -> str | None:
    """The outlet an article comes from, for counting sources: its outlet, else the host of
    its URL (without "www.")."""
    if article.outlet and article.outlet.strip():
        return article.outlet
    if article.url:
        from urllib.parse import urlsplit

        host = urlsplit(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


def _measure(quantities: Mapping[str, Any]) -> Callable[[Claim, Claim], bool]:
    from newsfuse.claims.quantities import same_measure

    def measure(a: Claim, b: Claim) -> bool:
        qa, qb = quantities.get(a.id), quantities.get(b.id)
        if qa is None or qb is None:
            return a.unit is not None and a.unit == b.unit
        return bool(same_measure(qa, qb))

    return measure


def _contradicts(a: str, b: str) -> bool:
    """A changed figure; or a negation in one of two renderings of about the same length.
    On real reports a negation seen in a much longer or shorter rendering was a fuller or
    reworded one ("rejected claims that he is a dictator" / "is no dictator")."""
    from newsfuse.claims.stance import sentence_relation

    rel = sentence_relation(a, b)
    if rel.label != "contradicts":
        return False
    na, nb = len(a.split()), len(b.split())
    return "numbers differ" in rel.reason or min(na, nb) >= 0.8 * max(na, nb)


def merge_entities(parts: Iterable[Sequence[Entity]]) -> list[Entity]:
    """The entities of a corpus from those of its stories, linked again by their aliases the
    way names are linked within a story (the same name, spelling variants, acronyms): each
    story entity is one small document of its aliases; the result is a function of the set of
    story entities, whatever the order of the stories."""
    from newsfuse.claims.aliases import link_entities
    from newsfuse.claims.entities import EntityMention

    by_id: dict[str, list[Entity]] = {}
    for entities in parts:
        for e in entities:
            by_id.setdefault(e.id, []).append(e)
    docs: dict[str, list[EntityMention]] = {}
    texts: dict[str, str] = {}
    for eid, same in by_id.items():
        # every real mention once (so the name chosen is the most frequent, as in a story),
        # and every alias at least once
        forms = sorted({(m.article, m.start, m.end, m.text) for e in same for m in e.mentions})
        aliases = [text for *_, text in forms]
        aliases += sorted({a for e in same for a in e.aliases} - set(aliases))
        roles = sorted({r for e in same for r in e.roles})
        mentions, pos = [], 0
        for k, alias in enumerate(aliases):
            mentions.append(
                EntityMention(
                    pos,
                    pos + len(alias),
                    alias,
                    same[0].kind,
                    roles[0] if roles and not k else None,
                )
            )
            pos += len(alias) + 2
        docs[eid] = mentions
        texts[eid] = "\n\n".join(aliases)
    index = link_entities(docs, texts)
    merged: list[Entity] = []
    for ent in index.entities:
        sources = sorted({doc for doc, _s, _e in ent.mentions})
        originals = [e for doc in sources for e in by_id[doc]]
        merged.append(
            Entity(
                id=ent.id,
                name=ent.name,
                kind=ent.kind,
                aliases=tuple(sorted({a for e in originals for a in e.aliases})),
                roles=tuple(sorted({r for e in originals for r in e.roles})),
                mentions=tuple(
                    sorted(
                        {m for e in originals for m in e.mentions},
                        key=lambda m: (m.article, m.start, m.end, m.text),
                    )
                ),
            )
        )
    return sorted(merged, key=lambda e: (-len(e.mentions), e.name, e.id))


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


__all__ = [
    "ClaimReport",
    "StoryClaims",
    "anchor_of",
    "find_claims",
    "merge_entities",
    "needed_readings",
    "read_findings",
    "story_claims",
    "undated_anchors",
    "undated_anchors_of",
]
