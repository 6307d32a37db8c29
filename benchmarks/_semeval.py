"""SemEval-2015 Task 4 (TimeLine): reading the data and scoring timelines.

Used by ``benchmarks/semeval_timeline.py``. Two parts:

* **Loading.** A corpus is a set of CAT XML documents (tokens with ``sentence`` numbers; the
  Track A files carry no event annotation) plus TimeML twins that give the document creation
  time (DCT), and gold timelines ``<entity>.txt``: a first line with the entity name, then
  ``<rank>\\t<date>\\t<mention>[\\t<mention> ...]`` where a mention is
  ``<docid>-<sentence>-<token text>`` (several mentions on one line are the same event).
  Rank 0 / ``XXXX-XX-XX`` is an event that cannot be anchored in time.

* **Scoring** (:func:`score`), after the official tool's published recipe
  (alt.qcri.org/semeval2015/task4, "Tools"): each timeline becomes a TimeML-style graph, each
  time anchor a TIMEX3 node, each event SIMULTANEOUS with its anchor, events of the same rank
  SIMULTANEOUS, events of an earlier rank BEFORE events of a later one; the graphs are then
  compared by *temporal awareness* (UzZaman & Allen 2011, the TempEval-3 default): precision
  is the share of the system's reduced (non-redundant) relations that hold in the closure of
  the gold graph, recall the share of gold's reduced relations that hold in the closure of
  the system graph; counts are summed over all timelines of a corpus (micro average) and F1
  is taken from the summed precision and recall.

Our reimplementation differs from the official script (which we could not obtain) in four
documented ways: (1) dates are compared after padding ("2006" = "2006-XX-XX", "2006-01" =
"2006-01-XX"); (2) the reduced graph is built directly (a chain of SIMULTANEOUS relations per
equivalence class, one BEFORE per edge of the transitive reduction of the class order, each
class represented by its first node in timeline order) rather than by the TempEval-3
timegraph code, so when the two graphs group nodes differently the chosen representatives,
and hence a few matches, may differ; (3) relations that contradict the graph (a BEFORE inside
a SIMULTANEOUS class, which gold produces when one date sits on two ranks) are dropped
instead of kept as "violated"; (4) how the official tool treats rank 0 is not published: by
default (``unanchored="ordered"``) rank 0 is an ordinary first rank with a ``XXXX-XX-XX``
anchor, read literally from the file format; ``unanchored="unordered"`` gives rank-0 events
only their same-line (coreference) links, so they are scored on nothing else.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from _data import f1, unpacked

DATASET = "semeval2015-task4-timeline"
ARCHIVE = "semeval2015-task4-data.tar.xz"
UNKNOWN_DATE = "XXXX-XX-XX"
UNANCHORED_MODES = ("ordered", "unordered")


@dataclass(frozen=True, slots=True)
class Document:
    """One CAT document: id, creation date and its sentences as token lists."""

    id: str
    dct: str | None
    sentences: dict[int, list[str]]


@dataclass(frozen=True, slots=True)
class Line:
    """One timeline line: rank, date and the mentions (``docid-sentence-token``) of one event."""

    rank: int
    date: str
    mentions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """A corpus: its documents, target entity names and gold timelines (file stem -> lines)."""

    name: str
    documents: dict[str, Document]
    targets: dict[str, str]  # file stem -> entity name as in the target list
    gold: dict[str, list[Line]]


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

_CORPORA = {
    # name: (CAT folder, TimeML folder, gold folder, target list or None)
    "trial": (
        "Corpus-trial-data_task4",
        "Corpus-trial-data_task4_TimeML",
        "TimeLines_trial_data_task4_v1.2",
        None,
    ),
    "corpus_1": (
        "SemEval_Task4_data/corpus_1/corpus_trackA_CAT",
        "SemEval_Task4_data/corpus_1/corpus_trackA_TimeML",
        "SemEval_Task4_data/corpus_1/TimeLines_Gold_Standard",
        "SemEval_Task4_data/corpus_1/list_target_entities_corpus_1.txt",
    ),
}
CORPUS_NAMES = tuple(_CORPORA)


def _dct_of(path: Path) -> tuple[str, str | None]:
    text = path.read_text(encoding="utf-8")
    doc = re.search(r"<DOCID>([^<]+)</DOCID>", text)
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"([^\"]+)\"", text)
    return (doc.group(1).strip() if doc else path.stem.split("_")[0]), (
        dct.group(1) if dct else None
    )


def read_cat(path: Path, dct: str | None) -> Document:
    """A CAT XML file as a :class:`Document` (tokens grouped by their ``sentence`` number)."""
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    return Document(root.get("doc_id", ""), dct, sentences)


def read_timeline(text: str) -> tuple[str, list[Line]]:
    """The entity name (first line) and the lines of a timeline file in the gold format."""
    rows = text.splitlines()
    name = rows[0].strip() if rows else ""
    lines = []
    for row in rows[1:]:
        parts = [p.strip() for p in row.split("\t") if p.strip()]
        if len(parts) >= 3 and parts[0].isdigit():
            lines.append(Line(int(parts[0]), parts[1], tuple(parts[2:])))
    return name, lines


def format_timeline(name: str, lines: Iterable[Line]) -> str:
    """A timeline in the gold file format (inverse of :func:`read_timeline`)."""
    rows = [name] + [f"{ln.rank}\t{ln.date}\t" + "\t".join(ln.mentions) for ln in lines]
    return "\n".join(rows) + "\n"


def load_corpus(name: str) -> Corpus:
    """Corpus ``trial`` or ``corpus_1`` from the shared data (unpacked into the cache)."""
    if name not in _CORPORA:
        raise ValueError(
            f"the 'name' parameter of load_corpus must be one of {CORPUS_NAMES}, got {name!r}"
        )
    root = unpacked(DATASET, ARCHIVE)
    cat_dir, tml_dir, gold_dir, target_file = (root / p if p else None for p in _CORPORA[name])
    assert cat_dir and tml_dir and gold_dir
    dcts = dict(_dct_of(p) for p in sorted(tml_dir.glob("*.tml")))
    docs = {}
    for path in sorted(cat_dir.glob("*.xml")):
        doc_id = ET.parse(path).getroot().get("doc_id", "")
        docs[doc_id] = read_cat(path, dcts.get(doc_id))
    gold, targets = {}, {}
    for path in sorted(gold_dir.glob("*.txt")):
        entity, lines = read_timeline(path.read_text(encoding="utf-8"))
        gold[path.stem], targets[path.stem] = lines, entity
    if target_file is not None and target_file.is_file():
        listed = [t.strip() for t in target_file.read_text(encoding="utf-8").splitlines()]
        by_key = {re.sub(r"\W+", "_", t.lower()): t for t in listed if t}
        targets = {stem: by_key.get(stem, ent) for stem, ent in targets.items()}
    return Corpus(name, docs, targets, gold)


# ---------------------------------------------------------------------------------------------
# Scoring: timeline -> graph -> temporal awareness
# ---------------------------------------------------------------------------------------------

Relation = tuple[str, str, str]  # (x, y, "BEFORE" | "SIMULTANEOUS")


def canonical_date(date: str) -> str:
    """``YYYY-MM-DD`` with ``XX`` for what is unknown: "2006" -> "2006-XX-XX"."""
    parts = date.strip().split("-")
    if not parts or not re.fullmatch(r"\d{4}", parts[0]):
        return UNKNOWN_DATE
    parts = [*parts, "XX", "XX"][:3]
    return "-".join([parts[0]] + [p if re.fullmatch(r"\d\d", p) else "XX" for p in parts[1:]])


class Graph:
    """The temporal graph of one timeline: SIMULTANEOUS classes ordered by BEFORE.

    Nodes are mentions and ``t:<date>`` anchors. Built from the timeline's lines in order;
    ``reduced`` is the non-redundant relation set and :meth:`holds` answers closure queries.
    """

    def __init__(self, lines: Sequence[Line], unanchored: str = "ordered") -> None:
        if unanchored not in UNANCHORED_MODES:
            raise ValueError(
                f"the 'unanchored' parameter of Graph must be one of {UNANCHORED_MODES}, "
                f"got {unanchored!r}"
            )
        self._parent: dict[str, str] = {}
        self._order: list[str] = []  # nodes in timeline order
        ranks: dict[int, list[str]] = {}
        for ln in lines:
            date = canonical_date(ln.date)
            loose = unanchored == "unordered" and (ln.rank == 0 or date == UNKNOWN_DATE)
            for m in ln.mentions:
                self._add(m)
            for a, b in itertools.pairwise(ln.mentions):
                self._union(a, b)
            if loose:
                continue
            anchor = "t:" + date
            self._add(anchor)
            self._union(ln.mentions[0], anchor)
            ranks.setdefault(ln.rank, []).append(ln.mentions[0])
        for members in ranks.values():
            for m in members[1:]:
                self._union(members[0], m)
        ordered = sorted(ranks)
        cls_edges = {
            (self.find(ranks[a][0]), self.find(ranks[b][0])) for a, b in itertools.pairwise(ordered)
        }
        self._after: dict[str, set[str]] = {}
        for x, y in cls_edges:
            if x != y:  # a BEFORE inside one class contradicts the graph: dropped
                self._after.setdefault(x, set()).add(y)
        self._reach = {c: self._reachable(c) for c in {self.find(n) for n in self._order}}
        self.reduced = self._reduce()

    def _add(self, node: str) -> None:
        if node not in self._parent:
            self._parent[node] = node
            self._order.append(node)

    def find(self, node: str) -> str:
        """The representative of ``node``'s SIMULTANEOUS class (the node itself if unknown)."""
        root = node
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[rb] = ra

    def _reachable(self, start: str) -> set[str]:
        seen: set[str] = set()
        stack = list(self._after.get(start, ()))
        while stack:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                stack.extend(self._after.get(c, ()))
        return seen

    def _reduce(self) -> list[Relation]:
        members: dict[str, list[str]] = {}
        for n in self._order:
            members.setdefault(self.find(n), []).append(n)
        rels: list[Relation] = []
        for ms in members.values():
            rels.extend((a, b, "SIMULTANEOUS") for a, b in itertools.pairwise(ms))
        for x, ys in self._after.items():
            for y in ys:
                # redundant when another successor of x reaches y
                if not any(y in self._reach[z] for z in ys if z != y):
                    rels.append((members[x][0], members[y][0], "BEFORE"))
        return rels

    def holds(self, rel: Relation) -> bool:
        """Whether ``rel`` follows from the graph (its closure); unknown nodes hold nothing."""
        x, y, kind = rel
        if x not in self._parent or y not in self._parent:
            return False
        cx, cy = self.find(x), self.find(y)
        if kind == "SIMULTANEOUS":
            return cx == cy
        return cx != cy and cy in self._reach[cx]


@dataclass(slots=True)
class Counts:
    """Summed temporal-awareness counts: matched and total reduced relations of each side."""

    sys_matched: int = 0
    sys_total: int = 0
    gold_matched: int = 0
    gold_total: int = 0

    def add(self, other: Counts) -> None:
        self.sys_matched += other.sys_matched
        self.sys_total += other.sys_total
        self.gold_matched += other.gold_matched
        self.gold_total += other.gold_total

    def prf(self) -> dict[str, float]:
        p = self.sys_matched / self.sys_total if self.sys_total else 0.0
        r = self.gold_matched / self.gold_total if self.gold_total else 0.0
        return {"precision": p, "recall": r, "f1": f1(p, r)}


def awareness(gold: Sequence[Line], system: Sequence[Line], unanchored: str = "ordered") -> Counts:
    """Temporal-awareness counts of one system timeline against its gold timeline."""
    g, s = Graph(gold, unanchored), Graph(system, unanchored)
    return Counts(
        sys_matched=sum(g.holds(r) for r in s.reduced),
        sys_total=len(s.reduced),
        gold_matched=sum(s.holds(r) for r in g.reduced),
        gold_total=len(g.reduced),
    )


def score(
    gold: Mapping[str, Sequence[Line]],
    system: Mapping[str, Sequence[Line]],
    unanchored: str = "ordered",
) -> dict[str, float]:
    """Micro-averaged temporal-awareness P/R/F1 (0-1) over the gold timelines."""
    total = Counts()
    for key, lines in gold.items():
        total.add(awareness(lines, system.get(key, []), unanchored))
    return total.prf()


def pair_scores(
    gold: Mapping[str, Sequence[Line]], system: Mapping[str, Sequence[Line]]
) -> dict[str, dict[str, float]]:
    """Plain exact-match diagnostics, micro over timelines (not the official measure).

    ``events``: P/R/F1 over event mentions; ``event_dates``: over (mention, padded date)
    pairs.
    """

    def sets(lines: Sequence[Line]) -> tuple[set[str], set[tuple[str, str]]]:
        ev = {m for ln in lines for m in ln.mentions}
        return ev, {(m, canonical_date(ln.date)) for ln in lines for m in ln.mentions}

    out = {}
    for idx, label in enumerate(("events", "event_dates")):
        hit = n_sys = n_gold = 0
        for key, lines in gold.items():
            g = sets(lines)[idx]
            s = sets(system.get(key, []))[idx]
            hit, n_sys, n_gold = hit + len(g & s), n_sys + len(s), n_gold + len(g)
        p = hit / n_sys if n_sys else 0.0
        r = hit / n_gold if n_gold else 0.0
        out[label] = {"precision": p, "recall": r, "f1": f1(p, r)}
    return out
