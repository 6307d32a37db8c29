"""Entity benchmark on MEANTIME (English): names found and merged across documents.

Usage::

    python benchmarks/entities.py [--limit N] [--errors N] [--no-save]

Data: the 120 English Wikinews articles of ``../shared/data/meantime-english`` (the
``intra_cross-doc_annotation`` CAT XML files, whose REFERS_TO relations link every entity
mention to a corpus-level instance), unpacked into ``benchmarks/.cache``. Each document's text
is rebuilt from its tokens (one line per sentence, tokens joined by spaces except before
closing punctuation). Gold: the named mentions (``syntactic_type="NAM"``) that refer to an
entity instance. MEANTIME annotates only the first sentences of each article, so system
mentions count only in sentences that hold an entity mention; even there not every name is
annotated (products and some repeated names are not), so mention precision is a lower bound.

Two measurements:

* **mentions**: :func:`newsfuse.claims.entities.find_mentions` against the gold named
  mentions, precision/recall/F1 with a match when the spans overlap (one-to-one). Gold extents
  include titles and determiners (``aircraft manufacturer Boeing``), so overlap is the fair
  test. Gold also marks products (``iPhone``, ``A380``) and phrases that are no names.
* **cross-document coreference** of the gold named mentions, all 120 documents pooled: each
  gold mention is given to the systems as the name newsfuse reads inside its extent (the last
  overlapping :func:`find_mentions` mention; the gold text when there is none), and the
  clusters are scored with B3 and pairwise precision/recall/F1 (pairs across documents only,
  too). Systems in the same run:

  - ``exact-extent``: one cluster per exact gold extent string (the usual string baseline);
  - ``exact-name``: one cluster per exact name string read by newsfuse (the same names as the
    next system, without alias merging);
  - ``newsfuse``: :func:`newsfuse.claims.aliases.link_entities` over those names.

Results: stdout and ``benchmarks/results/entities.{json,md}``.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, f1, save_results, unpacked
from _meantime import read_tokens
from newsfuse.claims.aliases import link_entities
from newsfuse.claims.entities import EntityMention, find_mentions


@dataclass(frozen=True, slots=True)
class Gold:
    doc: str
    start: int
    end: int
    text: str
    instance: str
    type: str


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    gold: list[Gold]
    scored: list[tuple[int, int]]  # the spans of the annotated sentences


def load_docs(limit: int | None = None) -> list[Doc]:
    """The MEANTIME English documents with their rebuilt text and gold named mentions."""
    root = unpacked("meantime-english", "meantime-english-xml.tar.xz")
    root = root / "intra_cross-doc_annotation"
    docs: list[Doc] = []
    for path in sorted(root.glob("*/*.xml")):
        if limit is not None and len(docs) >= limit:
            break
        docs.append(_read_doc(path))
    return docs


def _read_doc(path: Path) -> Doc:
    tree = ET.parse(path).getroot()
    doc_id = f"{path.parent.name}/{path.stem}"
    toks = read_tokens(tree)
    text, spans, sentence_of = toks.text, toks.spans, toks.sentence_of
    sentence_span: dict[str, list[int]] = {}
    for t_id, (s, e) in spans.items():
        sentence_span.setdefault(sentence_of[t_id], [s, e])[1] = e

    mentions: dict[str, tuple[str, list[str]]] = {}
    annotated: set[str] = set()
    markables = tree.find("Markables")
    for m in markables if markables is not None else ():
        ids = [a.get("t_id", "") for a in m.iter("token_anchor")]
        if m.tag == "ENTITY_MENTION" and ids:
            annotated.update(sentence_of[i] for i in ids if i in sentence_of)
            mentions[m.get("m_id", "")] = (m.get("syntactic_type") or "", ids)
    instances = {
        e.get("m_id", ""): (e.get("instance_id", ""), e.get("ent_type", ""))
        for e in tree.iter("ENTITY")
    }
    gold: list[Gold] = []
    for rel in tree.iter("REFERS_TO"):
        targets = [t.get("m_id", "") for t in rel.iter("target")]
        if not targets or targets[0] not in instances:
            continue
        instance, etype = instances[targets[0]]
        for src in rel.iter("source"):
            mention = mentions.get(src.get("m_id", ""))
            if mention is None or mention[0] != "NAM":
                continue
            s = min(spans[i][0] for i in mention[1])
            e = max(spans[i][1] for i in mention[1])
            gold.append(Gold(doc_id, s, e, text[s:e], instance, etype))
    scored = [tuple(sentence_span[s]) for s in sorted(annotated, key=int) if s in sentence_span]
    return Doc(doc_id, text, gold, [(a, b) for a, b in scored])


# ---------------------------------------------------------------------------------------------
# Mention detection
# ---------------------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _match(gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]) -> int:
    """One-to-one overlap matches, greedily by largest overlap."""
    pairs = sorted(
        ((_overlap(g, s), i, j) for i, g in enumerate(gold) for j, s in enumerate(system)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    n = 0
    for ov, i, j in pairs:
        if ov <= 0:
            break
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        n += 1
    return n


def score_mentions(docs: Sequence[Doc], found: dict[str, list[EntityMention]]) -> dict[str, Any]:
    tp = n_gold = n_sys = 0
    for d in docs:
        gold = [(g.start, g.end) for g in d.gold]
        system = [
            (m.start, m.end)
            for m in found[d.id]
            if any(a <= m.start and m.end <= b for a, b in d.scored)
        ]
        tp += _match(gold, system)
        n_gold += len(gold)
        n_sys += len(system)
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"gold": n_gold, "system": n_sys, "matched": tp, "p": p, "r": r, "f1": f1(p, r)}


# ---------------------------------------------------------------------------------------------
# Coreference
# ---------------------------------------------------------------------------------------------


def _names_for_gold(
    docs: Sequence[Doc], found: dict[str, list[EntityMention]]
) -> list[tuple[Gold, EntityMention]]:
    """Each gold mention with the name newsfuse reads inside it (or the gold text)."""
    out = []
    for d in docs:
        for g in d.gold:
            # the last name inside the extent: the head of an English noun phrase
            # ("United States airframer Boeing" -> "Boeing")
            inside = [m for m in found[d.id] if _overlap((g.start, g.end), (m.start, m.end)) > 0]
            best = inside[-1] if inside else None
            if best is None:
                best = EntityMention(g.start, g.end, g.text, "other")
            out.append((g, best))
    return out


def cluster_exact_extent(pairs: Sequence[tuple[Gold, EntityMention]]) -> list[str]:
    return [g.text for g, _ in pairs]


def cluster_exact_name(pairs: Sequence[tuple[Gold, EntityMention]]) -> list[str]:
    return [m.text for _, m in pairs]


def cluster_newsfuse(
    pairs: Sequence[tuple[Gold, EntityMention]], texts: dict[str, str]
) -> list[str]:
    docs: dict[str, list[EntityMention]] = defaultdict(list)
    for g, m in pairs:
        if m not in docs[g.doc]:
            docs[g.doc].append(m)
    index = link_entities(docs, texts)
    labels = []
    for g, m in pairs:
        ent = index.entity_of(g.doc, m.start, m.end)
        labels.append(ent.id if ent else f"none:{g.doc}:{m.start}")
    return labels


def score_clusters(
    pairs: Sequence[tuple[Gold, EntityMention]], labels: Sequence[str]
) -> dict[str, Any]:
    gold = [g.instance for g, _ in pairs]
    n = len(gold)
    gold_sets: dict[str, set[int]] = defaultdict(set)
    sys_sets: dict[str, set[int]] = defaultdict(set)
    for i, (gl, sl) in enumerate(zip(gold, labels, strict=True)):
        gold_sets[gl].add(i)
        sys_sets[sl].add(i)
    # B3
    p_sum = r_sum = 0.0
    for i in range(n):
        g, s = gold_sets[gold[i]], sys_sets[labels[i]]
        inter = len(g & s)
        p_sum += inter / len(s)
        r_sum += inter / len(g)
    b3_p, b3_r = p_sum / n, r_sum / n
    result: dict[str, Any] = {
        "mentions": n,
        "gold_entities": len(gold_sets),
        "system_entities": len(sys_sets),
        "b3": {"p": b3_p, "r": b3_r, "f1": f1(b3_p, b3_r)},
    }
    docs = [g.doc for g, _ in pairs]
    for name, cross_only in (("pairwise", False), ("pairwise_cross_doc", True)):
        tp = fp = fn = 0
        for i, j in combinations(range(n), 2):
            if cross_only and docs[i] == docs[j]:
                continue
            same_g = gold[i] == gold[j]
            same_s = labels[i] == labels[j]
            tp += same_g and same_s
            fp += same_s and not same_g
            fn += same_g and not same_s
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        result[name] = {"p": p, "r": r, "f1": f1(p, r), "tp": tp, "fp": fp, "fn": fn}
    return result


def _errors(pairs: Sequence[tuple[Gold, EntityMention]], labels: Sequence[str], n: int) -> None:
    """Print merges that split a gold entity and merges of different gold entities."""
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    by_gold: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for (g, m), lab in zip(pairs, labels, strict=True):
        by_label[lab][g.instance] += 1
        by_gold[g.instance][lab] += 1
        names[lab][m.text] += 1
    print("\nwrong merges (one system entity, several gold entities):")
    wrong = [lab for lab, c in by_label.items() if len(c) > 1]
    for lab in sorted(wrong, key=lambda lab: -sum(by_label[lab].values()))[:n]:
        print(f"  {dict(names[lab].most_common(6))} -> {len(by_label[lab])} gold entities")
    print("\nmissed merges (one gold entity, several system entities):")
    split = [gi for gi, c in by_gold.items() if len(c) > 1]
    for gi in sorted(split, key=lambda gi: -sum(by_gold[gi].values()))[:n]:
        forms = [dict(names[lab].most_common(3)) for lab in by_gold[gi]]
        print(f"  {gi}: {forms}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print N newsfuse errors")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    try:
        docs = load_docs(args.limit)
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    texts = {d.id: d.text for d in docs}
    start = time.perf_counter()
    found = {d.id: find_mentions(d.text) for d in docs}
    elapsed = time.perf_counter() - start
    results: dict[str, Any] = {
        "documents": len(docs),
        "mentions": score_mentions(docs, found),
        "find_mentions_docs_per_s": len(docs) / elapsed if elapsed else 0.0,
        "coreference": {},
    }
    pairs = _names_for_gold(docs, found)
    systems: dict[str, Callable[[], list[str]]] = {
        "exact-extent": lambda: cluster_exact_extent(pairs),
        "exact-name": lambda: cluster_exact_name(pairs),
        "newsfuse": lambda: cluster_newsfuse(pairs, texts),
    }
    for name, fn in systems.items():
        labels = fn()
        results["coreference"][name] = score_clusters(pairs, labels)
        if name == "newsfuse" and args.errors:
            _errors(pairs, labels, args.errors)
    md = render(results)
    print(md)
    if not args.no_save:
        save_results("entities", results, md)
    return 0


def render(results: dict[str, Any]) -> str:
    m = results["mentions"]
    lines = [
        f"MEANTIME English, {results['documents']} documents, gold named mentions (NAM) that "
        "refer to an entity instance; annotated sentences only.",
        "",
        "Mentions (find_mentions, overlap match, one-to-one):",
        "",
        "| gold | system | matched | P | R | F1 | docs/s |",
        "|---|---|---|---|---|---|---|",
        f"| {m['gold']} | {m['system']} | {m['matched']} | {m['p']:.3f} | {m['r']:.3f} | "
        f"{m['f1']:.3f} | {results['find_mentions_docs_per_s']:.1f} |",
        "",
        "Cross-document coreference of the gold named mentions (all documents pooled):",
        "",
        "| system | entities (gold/system) | B3 P/R/**F1** | pairwise P/R/F1 | "
        "cross-doc pairs P/R/F1 |",
        "|---|---|---|---|---|",
    ]
    for name, s in results["coreference"].items():
        b3, pw, cd = s["b3"], s["pairwise"], s["pairwise_cross_doc"]
        lines.append(
            f"| {name} | {s['gold_entities']}/{s['system_entities']} | "
            f"{b3['p']:.3f}/{b3['r']:.3f}/**{b3['f1']:.3f}** | "
            f"{pw['p']:.3f}/{pw['r']:.3f}/{pw['f1']:.3f} | "
            f"{cd['p']:.3f}/{cd['r']:.3f}/{cd['f1']:.3f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
