"""One entity for every way outlets write its name: alias merging across articles.

Outlets spell one person three ways (``Zelensky``, ``Zelenskyy``, ``Zelenskiy``), call them by
surname after the first mention, put titles before the name, write an organisation out once
and then by its acronym, and say ``Kursk Oblast`` where another says ``Kursk region``. The
cross-checker needs one entity for all of these, to tell "the same source gave two numbers"
from "two sources gave two numbers". :func:`link_entities` merges the mentions of
:func:`newsfuse.claims.entities.find_mentions` over many documents, without a knowledge base:

keys       every mention gets the key of :func:`~newsfuse.claims.entities.mention_key`: words
           case-folded, accents, possessives, titles, initials and doubled letters removed,
           ``y`` read as ``i`` (``Andrii``/``Andriy``/``Andrij``, ``Yuriy``/``Yury``/``Yuri``),
           and ``oblast``/``region``/``province``/``district`` dropped. Equal keys merge.
surnames   a one-word mention joins the person of the same document whose full name ends in
           it (the nearest one before it, else the first after it); in a document without
           such a person it joins the one person of the corpus with that surname, and stays
           apart when there are several. A one-word place or organisation never joins a
           person, nor a name that starts with a direction (``North Korea`` / ``Korea``).
acronyms   ``National Security and Defense Council (NSDC)``, ``Group of Seven (G7)``: an
           acronym in brackets right after a name joins it when its letters can be read from
           the name's words (each word gives its initial and maybe more letters, number words
           give digits). An acronym never written out joins the one name of the corpus whose
           initials it is, else the one name it can be read from.
short      a name of two or more words that is a run of words of exactly one organisation
           name in the same document joins it (``Red Lantern`` in a text about the ``Estmark
           Red Lantern Society``).

:func:`affiliation` says which organisation a person speaks for, from their roles.

Every step looks names up in indexes (by key, by surname, by the letters an acronym can
have, by head word) instead of comparing names in pairs, so the work grows with the number of
mentions and a corpus of thousands of articles links in seconds.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise

from newsfuse.claims.entities import (
    COMPASS,
    KINDS,
    ORG_HEADS,
    ROLE_NOUNS,
    EntityMention,
    is_acronym,
    mention_key,
    translit_key,
)
from newsfuse.records import Article
from newsfuse.text import FUNCTION_WORDS, split_sentences
from newsfuse.unionfind import UnionFind

Key = tuple[str, ...]
MentionRef = tuple[str, int, int]  # (doc id, start, end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place with every name it is written under.

    ``id`` is derived from the kind and the name, so it is the same on every run; ``name`` is
    the most frequent of the fullest forms, ``aliases`` every distinct written form (sorted),
    ``roles`` every role written with it (sorted) and ``mentions`` its ``(doc id, start,
    end)`` spans in document order.
    """

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class _Item:
    doc: str
    mention: EntityMention
    key: Key


class EntityIndex:
    """The entities of a set of documents, with lookups by mention span and by name."""

    __slots__ = (
        "_by_key",
        "_by_span",
        "_items_of_doc",
        "_orgs",
        "_orgs_by_head",
        "_people_by_surname",
        "_sentences",
        "_starts_of_doc",
        "_texts",
        "entities",
    )

    def __init__(
        self,
        entities: list[Entity],
        items: Sequence[_Item],
        entity_of_item: Sequence[Entity],
        texts: Mapping[str, str] | None,
    ) -> None:
        self.entities = entities
        self._texts = dict(texts or {})
        self._by_span: dict[MentionRef, tuple[_Item, Entity]] = {}
        self._items_of_doc: dict[str, list[tuple[_Item, Entity]]] = defaultdict(list)
        by_key: dict[Key, dict[str, Entity]] = defaultdict(dict)
        for item, ent in zip(items, entity_of_item, strict=True):
            ref = (item.doc, item.mention.start, item.mention.end)
            self._by_span[ref] = (item, ent)
            self._items_of_doc[item.doc].append((item, ent))
            by_key[item.key][ent.id] = ent
        self._by_key = dict(by_key)
        self._starts_of_doc = {
            doc: [i.mention.start for i, _ in pairs] for doc, pairs in self._items_of_doc.items()
        }
        self._people_by_surname: dict[str, dict[str, Entity]] = defaultdict(dict)
        for k, ents in self._by_key.items():
            if len(k) > 1:
                for e in ents.values():
                    if e.kind == "person":
                        self._people_by_surname[k[-1]][e.id] = e
        self._orgs: list[tuple[Entity, Key, set[str]]] | None = None
        self._orgs_by_head: dict[tuple[str, str, str], list[int]] = {}
        self._sentences: dict[str, list[tuple[int, int]]] = {}

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def entity_of(self, doc_id: str, start: int, end: int) -> Entity | None:
        """The entity mentioned at ``[start, end)`` of document ``doc_id``.

        An exact mention span first; else the mention that overlaps the span most (so a
        speaker span such as ``Defense Minister Rustem Umerov`` finds Umerov).
        """
        hit = self._by_span.get((doc_id, start, end))
        if hit is not None:
            return hit[1]
        best: tuple[int, Entity] | None = None
        for item, ent in self._items_of_doc.get(doc_id, ()):
            overlap = min(end, item.mention.end) - max(start, item.mention.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, ent)
        return best[1] if best else None

    def find(self, name: str) -> Entity | None:
        """The one entity written as ``name`` (titles, possessive and spelling aside).

        A surname alone finds its person when only one person has it; None when the name is
        unknown or could be several entities.
        """
        from newsfuse.claims.entities import find_mentions

        found_in_name = find_mentions(name.strip() + ".")  # a sentence, not a heading
        if found_in_name:  # "Defense Minister Rustem Umerov" -> "Rustem Umerov"
            name = max(found_in_name, key=lambda m: m.end - m.start).text
        key = mention_key(name)
        found = self._by_key.get(key, {})
        if len(found) == 1:
            return next(iter(found.values()))
        if not found and len(key) == 1:
            people = self._people_by_surname.get(key[0], {})
            if len(people) == 1:
                return next(iter(people.values()))
        return None

    def mention(self, doc_id: str, start: int, end: int) -> EntityMention | None:
        """The mention recorded at exactly this span, if any."""
        hit = self._by_span.get((doc_id, start, end))
        return hit[0].mention if hit else None

    def mentions_in(self, doc_id: str) -> list[tuple[EntityMention, Entity]]:
        """The mentions of document ``doc_id`` with their entities, in text order."""
        return [(i.mention, e) for i, e in self._items_of_doc.get(doc_id, ())]

    def text(self, doc_id: str) -> str | None:
        """The text of ``doc_id`` when it was given to :func:`link_entities`."""
        return self._texts.get(doc_id)

    def _mentions_within(self, doc_id: str, start: int, end: int) -> list[tuple[_Item, Entity]]:
        """The mentions of ``doc_id`` inside ``[start, end)``, in text order."""
        starts = self._starts_of_doc.get(doc_id)
        if not starts:
            return []
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        return [p for p in self._items_of_doc[doc_id][lo:hi] if p[0].mention.end <= end]

    def _sentences_of(self, doc_id: str, text: str) -> list[tuple[int, int]]:
        if doc_id not in self._sentences:
            self._sentences[doc_id] = split_sentences(text)
        return self._sentences[doc_id]

    def _orgs_with_head(
        self, heads: Iterable[str], words: Iterable[str], docs: Iterable[str]
    ) -> list[tuple[Entity, Key, set[str]]]:
        """The organisations whose name's head word is one of ``heads`` and that have one of
        ``words`` in their name or are mentioned in one of the articles ``docs``, in entity
        order, with the key of their name and the articles that mention them."""
        if self._orgs is None:
            self._orgs = []
            self._orgs_by_head = defaultdict(list)
            for org in self.entities:
                if org.kind != "organisation":
                    continue
                key = mention_key(org.name)
                head = _org_head(key)
                if head is None:
                    continue
                pos = len(self._orgs)
                org_docs = {d.split("#")[0] for d, _, _ in org.mentions}
                self._orgs.append((org, key, org_docs))
                for w in set(key):
                    self._orgs_by_head[(head, "word", w)].append(pos)
                for d in org_docs:
                    self._orgs_by_head[(head, "doc", d)].append(pos)
        found: set[int] = set()
        for h in set(heads):
            for w in set(words):
                found.update(self._orgs_by_head.get((h, "word", w), ()))
            for d in set(docs):
                found.update(self._orgs_by_head.get((h, "doc", d), ()))
        return [self._orgs[pos] for pos in sorted(found)]


# ---------------------------------------------------------------------------------------------
# Acronyms
# ---------------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "  # noqa: SIM905
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_ACRONYM_SKIP = frozenset("of and the for on in at to de la".split())  # noqa: SIM905
_EXP_WORD = re.compile(r"[^\W_][\w'’-]*")


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym.casefold() if c.isalnum())


@lru_cache(maxsize=65536)
def _exp_words(name: str) -> tuple[str, ...]:
    words = []
    for w in _EXP_WORD.findall(name):
        low = re.sub(r"['’]s$", "", w.casefold())
        words.append(_NUMBER_WORDS.get(low, low))
    return tuple(words)


def _initials(words: Sequence[str]) -> tuple[str, str]:
    """The initials of ``words`` with every word and without function words (digits whole)."""
    with_all = "".join(w if w.isdigit() else w[0] for w in words)
    content = "".join(w if w.isdigit() else w[0] for w in words if w not in _ACRONYM_SKIP)
    return with_all, content


def initials_match(acronym: str, name: str) -> bool:
    """True when ``acronym`` is the initials of ``name``'s words (``NSDC``, ``G7``).

    Function words may be skipped or counted; number words give their digits.
    """
    words = _exp_words(name)
    return len(words) >= 2 and _letters(acronym) in _initials(words)


def acronym_readable(acronym: str, name: str) -> bool:
    """True when ``acronym`` can be read from ``name``: each content word gives its initial and
    maybe further letters in order (``NPA`` from ``Nordpress Agency``); function words may
    give their initial or nothing; number words give their digits (``G7``)."""
    return _readable(_letters(acronym), _exp_words(name))


def _readable(letters: str, words: Sequence[str]) -> bool:
    """Whether ``letters`` can be read from ``words`` (see :func:`acronym_readable`): the
    positions of ``letters`` reachable after each word, word by word (no recursion, so a name
    of thousands of words is read like any other)."""
    if len(words) < 2 or not letters:
        return False
    n = len(letters)
    reached = {0}
    for w in words:
        after: set[int] = set()
        optional = w in _ACRONYM_SKIP
        for ci in reached:
            if optional:
                after.add(ci)  # a function word may give nothing
            if ci >= n:
                continue
            if w.isdigit():
                if letters.startswith(w, ci):
                    after.add(ci + len(w))
                continue
            if w[0] != letters[ci]:
                continue
            # the initial, then any further letters of the word, in order
            after.add(ci + 1)
            pos, c = 1, ci + 1
            while c < n:
                found = w.find(letters[c], pos)
                if found < 0:
                    break
                pos, c = found + 1, c + 1
                after.add(c)
        if not after:
            return False
        reached = after
    return n in reached


def _required(words: Sequence[str]) -> str:
    """What every reading of an acronym from ``words`` contains, in order: the initial of each
    word that is not a function word (the digits of a number)."""
    return "".join(w if w.isdigit() else w[0] for w in words if w not in _ACRONYM_SKIP)


# Acronyms longer than this (only dotted ones can be) are checked against every name.
_MAX_INDEXED_LETTERS = 12


class _AcronymNames:
    """Multi-word names indexed by the letters an acronym of them can have, so that each
    acronym is compared only with the names it may stand for, not with every name.

    ``initials(letters)`` is the names for which :func:`initials_match` holds and
    ``readable(letters)`` those for which :func:`acronym_readable` holds (same answers as
    calling them on every name). The first is a lookup of the two initial strings of a name;
    for the second, every reading of an acronym from a name contains the name's required
    initials (:func:`_required`) as a subsequence of its letters, so only the names whose
    required initials are a subsequence of the acronym's letters are tried.
    """

    __slots__ = ("_by_initials", "_by_required", "_words")

    def __init__(self, names: Iterable[tuple[Key, str]]) -> None:
        self._words: dict[Key, tuple[str, ...]] = {}
        self._by_initials: dict[str, list[Key]] = defaultdict(list)
        self._by_required: dict[str, list[Key]] = defaultdict(list)
        for key, text in names:
            words = _exp_words(text)
            if len(words) < 2:
                continue  # neither test accepts a one-word name
            self._words[key] = words
            for initials in dict.fromkeys(_initials(words)):
                self._by_initials[initials].append(key)
            self._by_required[_required(words)].append(key)

    def initials(self, letters: str) -> list[Key]:
        return self._by_initials.get(letters, [])

    def readable(self, letters: str) -> list[Key]:
        if not letters:
            return []
        if len(letters) > _MAX_INDEXED_LETTERS:
            cands: Iterable[Key] = self._words
        else:
            subsequences = {
                "".join(letters[i] for i in idx)
                for size in range(len(letters) + 1)
                for idx in combinations(range(len(letters)), size)
            }
            cands = [k for s in subsequences for k in self._by_required.get(s, ())]
        return [k for k in cands if _readable(letters, self._words[k])]


# ---------------------------------------------------------------------------------------------
# Linking
# ---------------------------------------------------------------------------------------------


def _vote(kinds: Iterable[str]) -> str:
    counts = Counter(k for k in kinds if k != "other")
    if not counts:
        return "other"
    order = {k: i for i, k in enumerate(KINDS)}
    return max(counts, key=lambda k: (counts[k], -order[k]))


def link_entities(
    docs: Mapping[str, Sequence[EntityMention]], texts: Mapping[str, str] | None = None
) -> EntityIndex:
    """Merge the mentions of ``docs`` (doc id -> mentions) into entities (module docstring).

    ``texts`` (doc id -> text) is optional: with it an acronym must stand in brackets right
    after its name to join it in that document; without it, one to three characters between
    the two mentions are taken for the brackets.
    """
    items = [
        _Item(doc, m, mention_key(m.text))
        for doc in sorted(docs)
        for m in sorted(docs[doc], key=lambda m: (m.start, m.end))
    ]
    items = [i for i in items if i.key]
    uf: UnionFind[int] = UnionFind(range(len(items)))
    by_key: dict[Key, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        by_key[item.key].append(n)
    key_kind = {k: _vote(items[n].mention.kind for n in ns) for k, ns in by_key.items()}

    people_by_surname: dict[str, list[Key]] = defaultdict(list)
    for k in by_key:
        if len(k) > 1 and key_kind[k] == "person" and k[0] not in COMPASS:
            people_by_surname[k[-1]].append(k)

    doc_items: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        doc_items[item.doc].append(n)

    doc_people: dict[str, dict[str, tuple[list[int], list[int]]]] = {}
    for k, ns in by_key.items():
        surname = len(k) == 1 and k[0] in people_by_surname and key_kind[k] in ("person", "other")
        if not surname:
            for n in ns[1:]:
                uf.union(ns[0], n)
            continue
        bare: int | None = None
        for n in ns:
            doc = items[n].doc
            if doc not in doc_people:
                doc_people[doc] = _people_in_doc(items, doc_items[doc], key_kind)
            target = _person_in_doc(doc_people[doc], items[n].mention.start, k[0])
            if target is None and len(people_by_surname[k[0]]) == 1:
                target = by_key[people_by_surname[k[0]][0]][0]
            if target is None:
                bare = n if bare is None else bare
                target = bare
            uf.union(n, target)

    # full names with a middle name join the first-and-last form when there is one
    for k, ns in by_key.items():
        if len(k) > 2 and key_kind[k] == "person" and (k[0], k[-1]) in by_key:
            uf.union(ns[0], by_key[(k[0], k[-1])][0])

    _link_acronyms(items, doc_items, by_key, key_kind, texts, uf)
    _link_short_names(items, doc_items, key_kind, uf)
    return _build(items, uf, texts)


def _people_in_doc(
    items: Sequence[_Item], doc: list[int], key_kind: Mapping[Key, str]
) -> dict[str, tuple[list[int], list[int]]]:
    """The full-name person mentions of a document by surname: (starts, item numbers)."""
    people: dict[str, tuple[list[int], list[int]]] = {}
    for m in doc:  # in text order
        k = items[m].key
        if len(k) < 2 or k[0] in COMPASS or key_kind[k] != "person":
            continue
        starts, ns = people.setdefault(k[-1], ([], []))
        starts.append(items[m].mention.start)
        ns.append(m)
    return people


def _person_in_doc(
    people: Mapping[str, tuple[list[int], list[int]]], start: int, surname: str
) -> int | None:
    """The full-name person of the same document with this surname: nearest before, else after."""
    if surname not in people:
        return None
    starts, ns = people[surname]
    i = bisect_left(starts, start)
    return ns[i - 1] if i > 0 else ns[0]


def _link_acronyms(
    items: Sequence[_Item],
    doc_items: Mapping[str, list[int]],
    by_key: Mapping[Key, list[int]],
    key_kind: Mapping[Key, str],
    texts: Mapping[str, str] | None,
    uf: UnionFind[int],
) -> None:
    """Acronyms join the name they stand in brackets after; the others the one name they
    abbreviate, found through :class:`_AcronymNames` (so the work grows with the number of
    names, not with acronyms times names)."""
    linked: set[Key] = set()
    for doc, ns in doc_items.items():
        text = texts.get(doc) if texts else None
        for a, b in pairwise(ns):
            long, short = items[a].mention, items[b].mention
            if not is_acronym(short.text) or is_acronym(long.text):
                continue
            if text is not None:
                between = text[long.end : short.start]
                closed = text[short.end : short.end + 1] == ")"
                if not (re.fullmatch(r"\s*\(\s*", between) and closed):
                    continue
            elif not 1 <= short.start - long.end <= 3:
                continue
            if acronym_readable(short.text, long.text):
                uf.union(a, b)
                linked.add(items[b].key)
    # acronyms never written out in brackets: the one name they abbreviate
    names = _AcronymNames(
        (k, items[ns[0]].mention.text)
        for k, ns in by_key.items()
        if len(k) > 1 and key_kind[k] != "person"
    )
    for k, ns in by_key.items():
        acronym = items[ns[0]].mention.text
        if len(k) != 1 or k in linked or not is_acronym(acronym):
            continue
        letters = _letters(acronym)
        for readable in (False, True):  # the initials first, then a reading of the words
            if readable and len(letters) < 3:
                break
            found = names.readable(letters) if readable else names.initials(letters)
            cands = {uf.find(by_key[name][0]) for name in found}
            if len(cands) == 1:
                uf.union(ns[0], cands.pop())
                break
            if cands:
                break


def _link_short_names(
    items: Sequence[_Item],
    doc_items: Mapping[str, list[int]],
    key_kind: Mapping[Key, str],
    uf: UnionFind[int],
) -> None:
    """``Red Lantern`` joins the one organisation of its document whose name contains it."""
    for ns in doc_items.values():
        orgs = {items[n].key: n for n in ns if key_kind[items[n].key] == "organisation"}
        runs: dict[Key, list[int]] = defaultdict(list)  # a run of two or more words -> orgs
        for ok, m in orgs.items():
            for run in {ok[i:j] for i in range(len(ok)) for j in range(i + 2, len(ok) + 1)}:
                if len(run) < len(ok):
                    runs[run].append(m)
        if not runs:
            continue
        for n in ns:
            k = items[n].key
            if len(k) < 2 or key_kind[k] in ("person", "place") or k in orgs:
                continue
            hits = {uf.find(m) for m in runs.get(k, ())}
            if len(hits) == 1:
                uf.union(n, hits.pop())


def _caps(text: str) -> int:
    """The capitalised words of a name that are name words: not a function word or a single
    letter that a run of capitals picked up ("BP Should I" from "... at BP Should I have ...",
    "Barack Obama And"), which must not make a form look fuller than the name."""
    return sum(
        1
        for w in text.split()
        if w[:1].isupper() and len(w.strip(".")) > 1 and w.casefold() not in FUNCTION_WORDS
    )


def _build(
    items: Sequence[_Item], uf: UnionFind[int], texts: Mapping[str, str] | None
) -> EntityIndex:
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        groups[uf.find(n)].append(n)
    entity_of_item: list[Entity | None] = [None] * len(items)
    entities: list[Entity] = []
    used: set[str] = set()
    for ns in sorted(groups.values(), key=lambda ns: ns[0]):
        forms = Counter(items[n].mention.text for n in ns)
        name = max(forms, key=lambda f: (_caps(f), forms[f], [-ord(c) for c in f]))
        kind = _vote(items[n].mention.kind for n in ns)
        aliases = tuple(sorted(forms))
        roles = tuple(sorted({r for n in ns if (r := items[n].mention.role)}))
        mentions = tuple(
            sorted((items[n].doc, items[n].mention.start, items[n].mention.end) for n in ns)
        )
        eid = _entity_id(kind, name, aliases, mentions, used)
        ent = Entity(eid, name, kind, aliases, roles, mentions)
        entities.append(ent)
        for n in ns:
            entity_of_item[n] = ent
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    resolved = [e for e in entity_of_item if e is not None]
    return EntityIndex(entities, items, resolved, texts)


def _entity_id(
    kind: str, name: str, aliases: tuple[str, ...], mentions: tuple[MentionRef, ...], used: set[str]
) -> str:
    for content in (
        f"{kind}\x1f{name}",
        f"{kind}\x1f{name}\x1f{'|'.join(aliases)}",
        f"{kind}\x1f{name}\x1f{mentions[0]}",
    ):
        eid = hashlib.sha1(content.encode("utf-8")).hexdigest()[:16]
        if eid not in used:
            used.add(eid)
            return eid
    raise AssertionError("entity ids collide")  # pragma: no cover - distinct mentions


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------


def article_documents(
    articles: Iterable[Article],
    mentions: Mapping[str, Sequence[EntityMention]] | None = None,
) -> tuple[dict[str, list[EntityMention]], dict[str, str]]:
    """The mentions and texts of ``articles`` for :func:`link_entities`.

    Each article gives its body (doc id = article id; its mentions from ``mentions`` when
    given, else found here) and, when known, its outlet and credit as one-mention
    organisation documents (``<id>#outlet``, ``<id>#credit``), so that an agency named only
    in metadata (``Nordpress Agency``) joins its acronym in a dateline.
    """
    from newsfuse.claims.entities import find_mentions

    docs: dict[str, list[EntityMention]] = {}
    texts: dict[str, str] = {}
    for a in articles:
        given = mentions.get(a.id) if mentions is not None else None
        docs[a.id] = list(given) if given is not None else find_mentions(a.text)
        texts[a.id] = a.text
        for field, value in (("outlet", a.outlet), ("credit", a.credit)):
            if value and value.strip():
                value = value.strip()
                doc = f"{a.id}#{field}"
                docs[doc] = [EntityMention(0, len(value), value, "organisation")]
                texts[doc] = value
    return docs, texts


# ---------------------------------------------------------------------------------------------
# Affiliation
# ---------------------------------------------------------------------------------------------

# Role words that name the organisation they head: "minister" -> a "Ministry".
_ROLE_TO_HEAD = {"minister": "ministry", "secretary": "secretariat", "director": "directorate"}
_SPOKES = frozenset("spokeswoman spokesman spokesperson representative".split())  # noqa: SIM905
_ROLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_ORG_HEAD_KEYS = frozenset(translit_key(w) for w in ORG_HEADS)


def _org_head(key: Key) -> str | None:
    if key and key[-1] in _ORG_HEAD_KEYS:
        return key[-1]
    return next((w for w in key if w in _ORG_HEAD_KEYS), None)


def affiliation(entity: Entity, index: EntityIndex) -> Entity | None:
    """The organisation the person ``entity`` speaks for, read from their roles (or None).

    In order: an organisation named inside a role (``head of ... at the National Security
    and Defense Council``), the most often; an organisation whose head word a role names
    (``union chair`` -> a ``... Union``, ``port authority director`` -> ``... Port
    Authority``, ``Foreign Minister`` -> ``... Foreign Ministry``), preferring the one whose
    name has the role's other words and that appears in the person's documents; for a
    spokesperson without an organisation in the role, the organisation named last before the
    mention in the same or the previous sentence.
    """
    if entity.kind != "person":
        return None
    named: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    for doc, start, end in entity.mentions:
        m = index.mention(doc, start, end)
        if m is None or m.role_span is None:
            continue
        for _, ent in index._mentions_within(doc, *m.role_span):
            if ent.kind == "organisation":
                named[ent.id] += 1
                by_id[ent.id] = ent
    if named:
        return by_id[max(named, key=lambda i: named[i])]  # ties: the first named
    by_head = _by_role_head(entity, index)
    if by_head is not None:
        return by_head
    return _spokesperson_of(entity, index)


def _by_role_head(entity: Entity, index: EntityIndex) -> Entity | None:
    person_docs = {d.split("#")[0] for d, _, _ in entity.mentions}
    best: tuple[tuple[int, int, int, int], Entity] | None = None
    for role in entity.roles:
        words = [re.sub(r"['’]s$", "", w.casefold()) for w in _ROLE_WORD.findall(role)]
        heads = {translit_key(w) for w in words if w in ORG_HEADS}
        derived = {translit_key(_ROLE_TO_HEAD[w]) for w in words if w in _ROLE_TO_HEAD}
        if not heads and not derived:
            continue
        modifiers = {
            translit_key(w)
            for w in words
            if w not in ORG_HEADS
            and w not in ROLE_NOUNS
            and w not in FUNCTION_WORDS
            and w not in _ROLE_TO_HEAD
        }
        # only an organisation that shares an article with the person or has one of the
        # role's modifier words can pass the tests below
        for org, key, org_docs in index._orgs_with_head(heads | derived, modifiers, person_docs):
            head = _org_head(key)
            matched = len(modifiers & set(key))
            if head not in heads and matched == 0:
                continue  # "Foreign Minister" needs a "Foreign ... Ministry"
            cooc = len(person_docs & org_docs)
            if not cooc and not (modifiers and matched == len(modifiers)):
                continue
            score = (matched, int(cooc > 0), -(len(key) - 1 - matched), cooc)
            if best is None or score > best[0]:
                best = (score, org)
    return best[1] if best else None


def _spokesperson_of(entity: Entity, index: EntityIndex) -> Entity | None:
    if not any(_SPOKES & {w.casefold() for w in _ROLE_WORD.findall(r)} for r in entity.roles):
        return None
    votes: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    for doc, start, end in entity.mentions:
        m = index.mention(doc, start, end)
        if m is None or m.role is None or not _SPOKES & set(m.role.casefold().split()):
            continue
        window_start = max(0, start - 300)
        text = index.text(doc)
        if text is not None:
            spans = index._sentences_of(doc, text)
            here = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
            if here is not None:
                window_start = spans[max(0, here - 1)][0]
        before = [
            (item, ent)
            for item, ent in index._mentions_within(doc, window_start, start)
            if ent.kind == "organisation"
        ]
        if before:
            ent = before[-1][1]
            votes[ent.id] += 1
            by_id[ent.id] = ent
    return by_id[max(votes, key=lambda i: votes[i])] if votes else None


__all__ = [
    "Entity",
    "EntityIndex",
    "acronym_readable",
    "affiliation",
    "article_documents",
    "initials_match",
    "link_entities",
]
