"""Copy-detection quality: (a) paraphrase pairs (MRPC) and (b) a syndication benchmark.

Part (a) is ``benchmarks/paraphrase.py``'s ``run_mrpc()``; this script only calls it and prints
what it returns (it says so when that module is not there yet).

Part (b) runs ``newsfuse.dedup.find_copies`` over a corpus generated from real timeline17
articles by ``benchmarks/_syndication.py`` (read its docstring for what is generated and
how): originals, their exact copies, boilerplate wraps, light edits, sentence shuffles,
truncations, pages that contain them, pages that share a passage, rule-based rewrites
(``benchmarks/_paraphraser.py``), plus unrelated real articles of the same topics as hard
negatives. Articles are built as records directly (one passage each), so extraction is not
measured here.

Scoring (pairs of articles):

* gold pairs: every original with each of its derived articles, and the pairs of derived
  siblings whose relation follows from the two derivations (exact + exact -> exact_copy,
  near + near -> near_duplicate, a rewrite with a copy -> rewrite_of, a wrap or an edit
  contains a truncation, a page contains a wrap or an edit ...). Sibling pairs whose
  relation is open (two rewrites of one original, a rewrite and a truncation, a shuffle and
  a truncation, anything with a passage page except the original and its exact copies)
  are "don't care": a link there is neither a true nor a false positive.
* a predicted link is a true positive when its pair is gold with the same type (for
  ``contains`` also the same direction); a link of another type on a gold pair is a false
  positive of its type and a false negative of the gold type (the confusion table shows
  which); any link between two families (or with a distractor) is a false positive.
  exact/near/rewrite/shares_passage are undirected; ``contains`` reads "a contains b".
* original: a family is decidable when every derived member carries at least one cue
  pointing at the original: a later publication time than the original's, a credit naming
  the original's outlet (as metadata, a credit line or a dateline), the original's URL as
  its canonical URL, junk around it (site boilerplate or content-farm markers), or
  containment (a truncation is inside the original; a page holds it and more). For
  decidable families we report the share where the detector's family holding the original
  names it as ``original``; for the others, how often the detector said None vs guessed.
  Merged families spoil this, so the share is also given for the decidable families whose
  detector family holds no other gold family.
* flags: the share of content-farm copies flagged ``content_farm`` and of rule-based
  rewrites flagged ``machine_rewrite`` (``content-farm`` / ``machine-rewrite`` are read as
  the same), and how many other articles got those flags.
* false links between families are split by whether the two texts share anything but the
  made-up sites' chrome (menus, cookie and newsletter notices, "more news" lists, theme
  text) and stock phrases: wraps on one site share their chrome, as scraped copies do.
* the ten most telling errors: errors grouped by (gold type, predicted type, the two
  kinds), ordered by group size times a weight (missed copies and false links between
  families first), at most two groups per (gold, predicted) before the rest, one example
  each, with the 5-gram overlap of the pair and, for false links, the longest shared run.

Usage::

    python benchmarks/dedup_quality.py                 # parts a and b, default size
    python benchmarks/dedup_quality.py --part b --size 150 --distractors 150
    python benchmarks/dedup_quality.py --selfcheck     # the generator and scorer, no detector
    python benchmarks/dedup_quality.py --no-minilm     # part (a) without MiniLM: ~1 min, not ~6

Results go to stdout and ``benchmarks/results/dedup_quality.{json,md}``; the Markdown (and the
targets it checks) is ``benchmarks/_dedup_report.py``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, f1, save_results
from _dedup_report import honest_paragraph, results_markdown
from _syndication import (
    COOKIES,
    DONT_CARE,
    FARM_MARKERS,
    MORE_NEWS,
    NEWSLETTER,
    SITES,
    Corpus,
    Paraphraser,
    SyndicationCorpus,
    load_timeline17,
    shingles,
)
from newsfuse.records import LINK_TYPES, Family, Link, content_id

_PRIORITY = {t: i for i, t in enumerate(LINK_TYPES)}


# --- the detector's output, and two stand-ins for the self-check ---------------------------


@dataclass(slots=True)
class Report:
    """What ``find_copies`` gives (links and families), for detectors built here."""

    links: list[Link] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)


def oracle_report(corpus: Corpus) -> Report:
    """A detector that knows the generator's labels: every gold link, the true families,
    the original where it is decidable (None elsewhere), and the true flags."""
    links = [
        Link(g.a, g.b, g.type, 1.0, detector="oracle")
        for g in corpus.gold.values()
        if g.type != DONT_CARE
    ]
    families = []
    for orig, ids in corpus.families.items():
        farm = tuple(i for i in ids if corpus.members[i].content_farm)
        rewrites = tuple(i for i in ids if corpus.members[i].kind.startswith("rewrite"))
        families.append(
            Family(
                id=content_id(orig.encode()),
                members=ids,
                original=orig if corpus.decidable[orig] else None,
                flags={"content_farm": farm, "machine_rewrite": rewrites},
            )
        )
    return Report(links, families)


def run_detector(corpus: Corpus) -> tuple[Any, float]:
    """``find_copies`` over the corpus articles: (its report, seconds)."""
    from newsfuse.dedup import find_copies

    t0 = time.perf_counter()
    report = find_copies(list(corpus.articles))
    return report, time.perf_counter() - t0


# --- scoring ------------------------------------------------------------------------------


def _pick_links(
    links: Iterable[Link], known: set[str]
) -> tuple[dict[frozenset[str], Link], int, int]:
    """One link per pair (the strongest type when a detector gave several), and the counts
    of duplicate links and of links naming unknown ids."""
    out: dict[frozenset[str], Link] = {}
    dup = unknown = 0
    for link in links:
        if link.a not in known or link.b not in known or link.a == link.b:
            unknown += 1
            continue
        key = frozenset((link.a, link.b))
        old = out.get(key)
        if old is not None:
            dup += 1
            if _PRIORITY.get(old.type, 99) <= _PRIORITY.get(link.type, 99):
                continue
        out[key] = link
    return out, dup, unknown


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {
        "precision": p,
        "recall": r,
        "f1": f1(p or 0.0, r or 0.0) if p is not None and r is not None else None,
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score(corpus: Corpus, report: Any, seconds: float | None = None) -> dict[str, Any]:
    """Every number of part (b) for one detector report (see the module docstring)."""
    members = corpus.members
    pred, dup, unknown = _pick_links(report.links, set(members))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    cross: Counter[str] = Counter()
    cross_same_topic: Counter[str] = Counter()
    cross_chrome: Counter[str] = Counter()
    on_dont_care: Counter[str] = Counter()
    texts = {a.id: a.text for a in corpus.articles}
    linked_any = related = linked_related = 0
    for key in set(corpus.gold) | set(pred):
        g = corpus.gold.get(key)
        link = pred.get(key)
        if g is not None and g.type == DONT_CARE:
            if link is not None:
                on_dont_care[link.type] += 1
            continue
        if g is not None:
            related += 1
            linked_related += link is not None
        linked_any += link is not None
        gt = g.type if g else "none"
        if link is None:
            pt = "none"
        elif link.type == "contains" and g is not None and g.type == "contains" and link.a != g.a:
            pt = "contains (reversed)"
        else:
            pt = link.type
        confusion[(gt, pt)] += 1
        if gt == pt:
            tp[gt] += 1
            continue
        if g is not None:
            fn[gt] += 1
        if link is not None:
            fp[link.type] += 1
            if g is None:
                cross[link.type] += 1
                a, b = members[link.a], members[link.b]
                cross_same_topic[link.type] += a.topic == b.topic
                ta, tb = texts[link.a], texts[link.b]
                if chrome_only(ta, tb):
                    cross_chrome[link.type] += 1
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in LINK_TYPES}
    family_links = sum(1 for k in pred if k in corpus.gold)
    untyped = {
        "precision": family_links / len(pred) if pred else None,
        "recall": linked_related / related if related else None,
    }
    return {
        "articles": len(corpus.articles),
        "seconds": seconds,
        "articles_per_s": len(corpus.articles) / seconds if seconds else None,
        "links": len(pred),
        "duplicate_links": dup,
        "links_to_unknown_ids": unknown,
        "per_type": per_type,
        "untyped": untyped,
        "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())},
        "cross_family_fp": dict(cross),
        "cross_family_fp_same_topic": dict(cross_same_topic),
        "cross_family_fp_chrome_only": dict(cross_chrome),
        "links_on_dont_care_pairs": dict(on_dont_care),
        "by_kind": _by_kind(corpus, pred),
        "original": _originals(corpus, report.families),
        "families": _family_shape(corpus, report.families),
        "flags": _flags(corpus, report.families),
    }


def _by_kind(corpus: Corpus, pred: dict[frozenset[str], Link]) -> dict[str, Any]:
    """Per derived kind (and rewrite strength): how the original-derived pair was linked."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for g in corpus.gold.values():
        if not g.direct:
            continue
        m = corpus.members[g.b if corpus.members[g.a].kind == "original" else g.a]
        label = m.kind if m.strength is None or m.kind != "rewrite" else f"rewrite {m.strength}"
        if m.content_farm:
            label += " (farm)"
        link = pred.get(frozenset((g.a, g.b)))
        rows[label]["n"] += 1
        if link is None:
            rows[label]["none"] += 1
            continue
        right = link.type == g.type and (g.type != "contains" or link.a == g.a)
        rows[label]["right" if right else f"as {link.type}"] += 1
    return {k: dict(v) for k, v in sorted(rows.items())}


def _family_of(families: Sequence[Family]) -> dict[str, Family]:
    out: dict[str, Family] = {}
    for f in families:
        for m in f.members:
            out.setdefault(m, f)
    return out


def _originals(corpus: Corpus, families: Sequence[Family]) -> dict[str, Any]:
    """Original-choice outcomes, decidable and undecidable families apart."""
    fam_of = _family_of(families)
    dec: Counter[str] = Counter()
    undec: Counter[str] = Counter()
    unmixed: Counter[str] = Counter()
    for orig, ids in corpus.families.items():
        f = fam_of.get(orig)
        mixed = f is not None and any(
            (corpus.members[m].family or m) != orig for m in f.members if m in corpus.members
        )
        if f is None:
            outcome = "not in a family"
        elif f.original is None:
            outcome = "None"
        elif f.original == orig:
            outcome = "right"
        elif f.original in ids:
            outcome = "a copy"
        else:
            outcome = "an article of another family"
        (dec if corpus.decidable[orig] else undec)[outcome] += 1
        if corpus.decidable[orig] and f is not None and not mixed:
            unmixed[outcome] += 1
    n_dec, n_undec = sum(dec.values()), sum(undec.values())
    n_unmixed = sum(unmixed.values())
    return {
        "decidable": n_dec,
        "accuracy": dec["right"] / n_dec if n_dec else None,
        "decidable_outcomes": dict(dec),
        "decidable_unmixed": n_unmixed,
        "accuracy_unmixed": unmixed["right"] / n_unmixed if n_unmixed else None,
        "undecidable": n_undec,
        "undecidable_none_share": undec["None"] / n_undec if n_undec else None,
        "undecidable_outcomes": dict(undec),
    }


def _family_shape(corpus: Corpus, families: Sequence[Family]) -> dict[str, Any]:
    """How the detector's families match the gold ones: gold families kept in one detector
    family, members found with their original, detector families mixing gold families."""
    fam_of = _family_of(families)
    whole = found = total = 0
    for orig, ids in corpus.families.items():
        f = fam_of.get(orig)
        inside = sum(1 for i in ids[1:] if f is not None and i in f.members)
        found += inside
        total += len(ids) - 1
        whole += inside == len(ids) - 1
    mixed = 0
    for f in families:
        roots = {corpus.members[m].family or m for m in f.members if m in corpus.members}
        mixed += len(roots) > 1
    return {
        "gold_families": len(corpus.families),
        "kept_whole": whole,
        "members_with_their_original": found / total if total else None,
        "detector_families": len(families),
        "mixing_gold_families": mixed,
    }


def _flags(corpus: Corpus, families: Sequence[Family]) -> dict[str, Any]:
    flagged: dict[str, set[str]] = defaultdict(set)
    keys: set[str] = set()
    for f in families:
        for name, ids in (f.flags or {}).items():
            keys.add(name)
            flagged[name.replace("-", "_")].update(ids)  # records.py spells content_farm
    out: dict[str, Any] = {"keys_seen": sorted(keys)}
    for name, gold in (
        ("content_farm", {m.id for m in corpus.members.values() if m.content_farm}),
        (
            "machine_rewrite",
            {m.id for m in corpus.members.values() if m.kind.startswith("rewrite")},
        ),
    ):
        got = flagged.get(name, set())
        out[name] = {
            "gold": len(gold),
            "flagged": len(got & gold),
            "recall": len(got & gold) / len(gold) if gold else None,
            "false_flags": len(got - gold),
            "false_flags_by_kind": dict(
                Counter(corpus.members[i].kind for i in got - gold if i in corpus.members)
            ),
        }
    by_strength: dict[str, list[bool]] = defaultdict(list)
    got = flagged.get("machine_rewrite", set())
    for m in corpus.members.values():
        if m.kind.startswith("rewrite"):
            key = f"{m.kind} {m.strength}"
            by_strength[key].append(m.id in got)
    out["machine_rewrite"]["recall_by_strength"] = {
        k: sum(v) / len(v) for k, v in sorted(by_strength.items())
    }
    return out


# --- the most telling errors --------------------------------------------------------------

_WORDS = re.compile(r"\w+")
# how much a kind of error tells the lead, for ordering: missed copies and merged families
# first, then wrong types and original choices, then missed rewrites and passages
_WEIGHT = {
    "exact_copy": 4.0,
    "near_duplicate": 3.0,
    "contains": 3.0,
    "none": 3.0,  # a link between families
    "original": 2.5,
    "rewrite_of": 1.5,
    "shares_passage": 1.0,
}


def _label(m: Any) -> str:
    out = m.kind if m.kind != "rewrite" else f"rewrite {m.strength}"
    return out + (" (farm)" if m.content_farm else "")


def _overlap(ta: str, tb: str) -> dict[str, Any]:
    sa, sb = shingles(ta), shingles(tb)
    inter = len(sa & sb)
    return {
        "jaccard": round(inter / len(sa | sb), 3) if sa | sb else 0.0,
        "a_in_b": round(inter / len(sa), 3) if sa else 0.0,
        "b_in_a": round(inter / len(sb), 3) if sb else 0.0,
        "words": [len(ta.split()), len(tb.split())],
    }


def shared_run(ta: str, tb: str, k: int = 5) -> str:
    """The longest run of words of ``ta`` whose every ``k``-gram is also in ``tb``."""
    wa = _WORDS.findall(ta)
    grams_b = {tuple(w.lower() for w in g) for g in _ngrams(_WORDS.findall(tb), k)}
    best = (0, 0)
    start = None
    for i, g in enumerate(_ngrams(wa, k)):
        if tuple(w.lower() for w in g) in grams_b:
            start = i if start is None else start
            if i + k - start > best[1] - best[0]:
                best = (start, i + k)
        else:
            start = None
    return " ".join(wa[best[0] : best[1]])


def _ngrams(words: list[str], k: int) -> list[list[str]]:
    return [words[i : i + k] for i in range(len(words) - k + 1)]


def telling_errors(corpus: Corpus, report: Any, n: int = 10) -> list[dict[str, Any]]:
    """The errors grouped by what went wrong (gold type, predicted type, the two kinds),
    one example per group (the most surprising one: the most shared text for a miss, the
    highest score for a false link), the groups ordered by weight times size."""
    members = corpus.members
    by_id = {a.id: a for a in corpus.articles}
    pred, _, _ = _pick_links(report.links, set(members))
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for key in set(corpus.gold) | set(pred):
        g = corpus.gold.get(key)
        link = pred.get(key)
        if g is not None and g.type == DONT_CARE:
            continue
        gt = g.type if g else "none"
        pt = "none" if link is None else link.type
        if link is not None and g is not None and pt == gt == "contains" and link.a != g.a:
            pt = "contains (reversed)"
        if gt == pt:
            continue
        a, b = (g.a, g.b) if g is not None else (link.a, link.b)  # type: ignore[union-attr]
        ma, mb = members[a], members[b]
        ov = _overlap(by_id[a].text, by_id[b].text)
        item: dict[str, Any] = {
            "what": "pair",
            "a": a,
            "b": b,
            "a_kind": _label(ma),
            "b_kind": _label(mb),
            "a_source": ma.source,
            "b_source": mb.source,
            "gold": gt,
            "predicted": pt,
            "score": round(link.score, 3) if link is not None else None,
            "detector": link.detector if link is not None else None,
            "overlap": ov,
        }
        if g is None:
            item["same_topic"] = ma.topic == mb.topic
            item["shared_text"] = shared_run(by_id[a].text, by_id[b].text)[:300]
            surprise = link.score if link is not None else 0.0
        else:
            surprise = ov["jaccard"] if pt == "none" else (link.score if link else 0.0)
        item["_surprise"] = surprise
        kinds = tuple(sorted((_label(ma).split(" (")[0], _label(mb).split(" (")[0])))
        if g is None:
            chrome = chrome_only(by_id[a].text, by_id[b].text)
            item["shares_only_site_chrome"] = chrome
            kinds = ("site chrome only",) if chrome else ("article text",)
        groups[("pair", gt, pt, *kinds)].append(item)
    fam_of = _family_of(report.families)
    for orig in corpus.families:
        if not corpus.decidable[orig]:
            continue
        f = fam_of.get(orig)
        picked = f.original if f is not None else None
        if picked == orig:
            continue
        outcome = "not in a family" if f is None else "None" if picked is None else "picked another"
        o = by_id[orig]
        item = {
            "what": "original",
            "original": orig,
            "original_source": members[orig].source,
            "original_outlet": o.outlet,
            "original_published": o.published,
            "outcome": outcome,
            "picked": picked,
            "picked_kind": _label(members[picked]) if picked in members else None,
            "picked_published": by_id[picked].published if picked in by_id else None,
            "picked_cues": list(members[picked].cues) if picked in members else None,
            "picked_source": members[picked].source if picked in members else None,
            "picked_family": (members[picked].family or "")[:8] if picked in members else None,
            "family_size": len(f.members) if f is not None else 0,
            "family_reasons": list(f.reasons)[:6] if f is not None else [],
            "family_reasons_total": len(f.reasons) if f is not None else 0,
            "_surprise": 1.0,
        }
        groups[("original", outcome, item["picked_kind"] or "")].append(item)

    def weight(sig: tuple[str, ...]) -> float:
        if sig[0] == "original":
            return _WEIGHT["original"]
        return max(_WEIGHT.get(sig[1], 1.0), _WEIGHT.get(sig[2].split(" ")[0], 1.0) * 0.8)

    ordered = sorted(groups.items(), key=lambda kv: -weight(kv[0]) * len(kv[1]))
    # at most two groups per (gold, predicted) until every kind of mistake had its turn
    chosen: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = []
    seen: Counter[tuple[str, ...]] = Counter()
    for sig, items in ordered:
        if seen[sig[:3]] < 2 and len(chosen) < n:
            chosen.append((sig, items))
            seen[sig[:3]] += 1
    chosen += [kv for kv in ordered if kv not in chosen][: n - len(chosen)]
    out = []
    for _sig, items in chosen:
        best = max(items, key=lambda x: x["_surprise"])
        best = {k: v for k, v in best.items() if k != "_surprise"}
        best["times_seen"] = len(items)
        out.append(best)
    return out


# --- how the generated rewrites compare with real ones -------------------------------------


def realism(corpus: Corpus) -> dict[str, Any]:
    """Share of the original's word 5-grams and of its sentences (verbatim) that each kind of
    derived text keeps, and the same 5-gram share for the real cross-outlet pairs of
    timeline17 that share text (of the smaller article)."""
    by_id = {a.id: a for a in corpus.articles}
    rows: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for orig, ids in corpus.families.items():
        so = shingles(by_id[orig].text)
        sents = corpus.sentences.get(orig, ())
        for i in ids[1:]:
            m = corpus.members[i]
            if m.kind in ("page", "passage", "exact"):
                continue
            text = by_id[i].text
            grams = len(so & shingles(text)) / len(so) if so else 0.0
            verb = sum(s in text for s in sents) / len(sents) if sents else 0.0
            key = m.kind if m.kind != "rewrite" else f"rewrite {m.strength}"
            rows[key].append((grams, verb))
    kinds = {
        k: {
            "n": len(v),
            "fivegrams_kept": round(statistics.mean(x for x, _ in v), 3),
            "sentences_kept_verbatim": round(statistics.mean(y for _, y in v), 3),
        }
        for k, v in sorted(rows.items())
    }
    cross = sorted(
        p.containment for p in corpus.real_pairs if p.a.split("/")[0] != p.b.split("/")[0]
    )
    real: dict[str, Any] = {"cross_outlet_pairs": len(cross)}
    if cross:
        q = statistics.quantiles(cross, n=4) if len(cross) > 1 else [cross[0]] * 3
        real.update(
            {
                "containment_quartiles": [round(x, 3) for x in q],
                "above_0.5": sum(x >= 0.5 for x in cross),
            }
        )
    return {"generated": kinds, "real": real}


# --- part (a) -----------------------------------------------------------------------------


def run_part_a(minilm: bool = True) -> dict[str, Any] | None:
    """``paraphrase.run_mrpc()`` (benchmarks/paraphrase.py), or None when it is not there;
    ``minilm=False`` leaves out its embedding system (about 5 minutes of the run)."""
    try:
        from paraphrase import run_mrpc
    except ImportError as exc:
        print(
            f"part (a) MRPC is missing: benchmarks/paraphrase.py with run_mrpc() is not there "
            f"yet ({exc})",
            file=sys.stderr,
        )
        return None
    result = run_mrpc(minilm=False) if not minilm else run_mrpc()
    return result if isinstance(result, dict) else {"result": result}


# --- part (b) -----------------------------------------------------------------------------


def build_corpus(size: int, distractors: int, seed: int) -> Corpus:
    return SyndicationCorpus(size=size, distractors=distractors, seed=seed).build(load_timeline17())


def run_part_b(size: int, distractors: int, seed: int, n_errors: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    corpus = build_corpus(size, distractors, seed)
    print(
        f"corpus: {len(corpus.articles)} articles in {time.perf_counter() - t0:.1f} s; "
        "running find_copies ...",
        file=sys.stderr,
    )
    report, seconds = run_detector(corpus)
    return {
        "corpus": corpus.stats,
        "score": score(corpus, report, seconds),
        "errors": telling_errors(corpus, report, n_errors),
        "realism": (r := realism(corpus)),
        "honest": honest_paragraph(r),
    }


# --- the self-check -----------------------------------------------------------------------


def _norm(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return " ".join(text.split())


def _numbers(text: str) -> Counter[str]:
    return Counter(re.findall(r"\d[\d,.]*\d|\d", text))


def _quotes(text: str) -> list[str]:
    return [" ".join(_WORDS.findall(q)) for q in re.findall(r"“([^“”]{12,})”", text)]


def _without_junk(text: str, tag: str) -> str:
    """``text`` with the sites' chrome cut out (each piece replaced by a unique break)."""
    junk = [*NEWSLETTER, *COOKIES, *MORE_NEWS, *FARM_MARKERS]
    for site in SITES:
        junk += [site.menu, site.footer]
    for n, piece in enumerate(sorted(junk, key=len, reverse=True)):
        text = text.replace(piece, f" junkbreak{n}x{tag} ")
    return text


def chrome_only(ta: str, tb: str) -> bool:
    """Whether two texts share nothing but the sites' chrome and stock phrases ("oil spill
    in the Gulf of Mexico"): no run of 10+ words once the chrome is cut out."""
    return len(shared_run(_without_junk(ta, "a"), _without_junk(tb, "b")).split()) < 10


def generator_checks(corpus: Corpus) -> list[tuple[str, bool, str]]:
    """Invariants of the generated corpus: (name, passed, detail)."""
    by_id = {a.id: a for a in corpus.articles}
    checks: list[tuple[str, bool, str]] = []

    def check(name: str, bad: list[str], total: int) -> None:
        checks.append(
            (name, not bad, f"{total - len(bad)}/{total} ok" + (f"; e.g. {bad[:2]}" if bad else ""))
        )

    arts = corpus.articles
    check(
        "ids are content ids, unique",
        [a.id for a in arts if a.id != content_id(a.text.encode())],
        len(arts),
    )
    check(
        "one passage covering the text",
        [a.id for a in arts if [(p.start, p.end) for p in a.passages] != [(0, len(a.text))]],
        len(arts),
    )
    kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for orig, ids in corpus.families.items():
        for i in ids[1:]:
            kinds[corpus.members[i].kind].append((orig, i))

    def text(i: str) -> str:
        return by_id[i].text

    check(
        "exact copies normalise to the original",
        [i for o, i in kinds["exact"] if _norm(text(o)) != _norm(text(i)) or text(o) == text(i)],
        len(kinds["exact"]),
    )
    check(
        "wraps hold the whole original, junk under 20% of words",
        [
            i
            for o, i in kinds["wrap"]
            if _overlap(text(o), text(i))["a_in_b"] < 0.97
            or len(text(i).split()) > 1.25 * len(text(o).split()) + 40
        ],
        len(kinds["wrap"]),
    )
    check(
        "pages hold the original verbatim with as much other text",
        [
            i
            for o, i in kinds["page"]
            if text(o) not in text(i) or len(text(i).split()) < 1.7 * len(text(o).split())
        ],
        len(kinds["page"]),
    )
    check(
        "truncations are 35-75% of the original, inside it",
        [
            i
            for o, i in kinds["truncation"]
            if not 0.3 <= len(text(i).split()) / len(text(o).split()) <= 0.8
            or _overlap(text(i), text(o))["a_in_b"] < 0.85
        ],
        len(kinds["truncation"]),
    )
    check(
        "passages share 15-50% of the original, neither contains the other",
        [
            i
            for o, i in kinds["passage"]
            if not 0.1 <= _overlap(text(o), text(i))["a_in_b"] <= 0.55
            or _overlap(text(o), text(i))["b_in_a"] > 0.6
        ],
        len(kinds["passage"]),
    )
    check(
        "light edits keep 80%+ of the 5-grams",
        [
            i
            for o, i in kinds["edit"]
            if _overlap(text(o), text(i))["a_in_b"] < 0.8 or text(o) == text(i)
        ],
        len(kinds["edit"]),
    )
    rewrites = kinds["rewrite"]
    check(
        "full rewrites keep every number and quotation",
        [
            i
            for o, i in rewrites
            if _numbers(text(o)) - _numbers(text(i))
            or any(q not in " ".join(_WORDS.findall(text(i))) for q in _quotes(text(o)))
        ],
        len(rewrites),
    )
    kept = {
        i: sum(s in text(i) for s in corpus.sentences[o]) / len(corpus.sentences[o])
        for o, i in rewrites + kinds["rewrite_drop"]
    }
    mean_kept = statistics.mean(kept.values()) if kept else 0.0
    checks.append(
        (
            "rewrites change most sentences (under 35% verbatim on average, 75% at most)",
            mean_kept < 0.35 and all(v <= 0.75 for v in kept.values()),
            f"mean {mean_kept:.2f}, max {max(kept.values(), default=0.0):.2f}",
        )
    )
    check(
        "decidable families have a cue on every derived member",
        [
            o
            for o, ids in corpus.families.items()
            if corpus.decidable[o] != all(corpus.members[i].cues for i in ids[1:])
        ],
        len(corpus.families),
    )
    n_dec = sum(corpus.decidable.values())
    checks.append(
        (
            "both decidable and undecidable families exist",
            0 < n_dec < len(corpus.families),
            f"{n_dec}/{len(corpus.families)} decidable",
        )
    )
    # no passage shared across families (site chrome aside; stock phrases and names of up to
    # a dozen words remain: "the Deepwater Horizon rig exploded April 20 killing 11 workers")
    root = {i: (m.family or i) for i, m in corpus.members.items()}
    clean = {a.id: _without_junk(a.text, a.id) for a in arts}
    index: dict[int, set[str]] = defaultdict(set)
    for a in arts:
        for h in shingles(clean[a.id]):
            index[h].add(a.id)
    shared: Counter[tuple[str, str]] = Counter()
    for holders in index.values():
        if 1 < len(holders) <= 50:
            for x in holders:
                for y in holders:
                    if x < y and root[x] != root[y]:
                        shared[(x, y)] += 1
    runs = {k: shared_run(clean[k[0]], clean[k[1]]) for k, n in shared.items() if n >= 3}
    bad = [f"{x[:8]}+{y[:8]}: “{r[:60]}”" for (x, y), r in runs.items() if len(r.split()) >= 20]
    longest = max((len(r.split()) for r in runs.values()), default=0)
    check(
        f"no two articles of different families share a run of 20+ words outside site chrome "
        f"(longest {longest})",
        bad,
        len(corpus.families) + corpus.stats["distractors"],
    )
    return checks


def selfcheck(size: int, distractors: int, seed: int) -> int:
    """Check the generator and the scorer without a detector; 0 when all checks pass."""
    corpus = build_corpus(size, distractors, seed)
    print(
        f"corpus: {len(corpus.articles)} articles, {len(corpus.families)} families, "
        f"{sum(corpus.decidable.values())} decidable; kinds {corpus.stats['by_kind']}"
    )
    checks = generator_checks(corpus)

    oracle = score(corpus, oracle_report(corpus), 1.0)
    typed = [t for t, m in oracle["per_type"].items() if m["support"]]
    checks.append(
        (
            "oracle: precision = recall = 1 for every type with gold pairs",
            all(
                oracle["per_type"][t]["precision"] == oracle["per_type"][t]["recall"] == 1.0
                for t in typed
            )
            and not oracle["cross_family_fp"],
            ", ".join(f"{t} {oracle['per_type'][t]['support']}" for t in typed),
        )
    )
    o = oracle["original"]
    checks.append(
        (
            "oracle: original right in every decidable family, None in every other",
            o["accuracy"] == 1.0 and o["undecidable_none_share"] in (1.0, None),
            f"{o}",
        )
    )
    fl = oracle["flags"]
    checks.append(
        (
            "oracle: every farm copy and rewrite flagged, nothing else",
            all(
                v["recall"] in (1.0, None) and v["false_flags"] == 0
                for k, v in fl.items()
                if k != "keys_seen"
            ),
            ", ".join(f"{k} {v['flagged']}/{v['gold']}" for k, v in fl.items() if k != "keys_seen"),
        )
    )
    fam = oracle["families"]
    checks.append(
        (
            "oracle: families kept whole, none mixed",
            fam["kept_whole"] == fam["gold_families"] and fam["mixing_gold_families"] == 0,
            f"{fam}",
        )
    )
    empty = score(corpus, Report(), 1.0)
    checks.append(
        (
            "empty detector: recall 0 for every type, no original found",
            all(empty["per_type"][t]["recall"] == 0.0 for t in typed)
            and empty["original"]["accuracy"] == 0.0,
            f"recall {[empty['per_type'][t]['recall'] for t in typed]}",
        )
    )
    # a detector with known mistakes: the scorer must see each one
    rep = oracle_report(corpus)
    first_exact = next(i for i, x in enumerate(rep.links) if x.type == "exact_copy")
    first_cont = next(i for i, x in enumerate(rep.links) if x.type == "contains")
    x = rep.links[first_exact]
    rep.links[first_exact] = Link(x.a, x.b, "near_duplicate", 0.9)
    y = rep.links[first_cont]
    rep.links[first_cont] = Link(y.b, y.a, "contains", 0.9)
    fams = list(corpus.families)
    rep.links.append(Link(fams[0], fams[1], "shares_passage", 0.5))
    noisy = score(corpus, rep, 1.0)
    pt = noisy["per_type"]
    checks.append(
        (
            "scorer: a mistyped, a reversed and a cross-family link are each counted",
            pt["exact_copy"]["fn"] == 1
            and pt["near_duplicate"]["fp"] == 1
            and pt["contains"]["fp"] == 1
            and pt["contains"]["fn"] == 1
            and noisy["cross_family_fp"] == {"shares_passage": 1}
            and noisy["confusion"].get("contains -> contains (reversed)") == 1,
            f"exact fn {pt['exact_copy']['fn']}, near fp {pt['near_duplicate']['fp']}, "
            f"contains fp/fn {pt['contains']['fp']}/{pt['contains']['fn']}, "
            f"cross {noisy['cross_family_fp']}",
        )
    )
    errs = telling_errors(corpus, rep, 10)
    checks.append(
        (
            "telling_errors lists the planted mistakes",
            {e.get("gold") for e in errs} >= {"exact_copy", "contains", "none"},
            f"{[(e.get('gold'), e.get('predicted')) for e in errs]}",
        )
    )
    try:
        Paraphraser(strength=0.0)
        bad_param = False
    except ValueError:
        bad_param = True
    checks.append(("Paraphraser rejects strength 0", bad_param, ""))
    failed = 0
    for name, ok, detail in checks:
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}  ({detail})")
    print(f"{len(checks) - failed}/{len(checks)} checks passed")
    return 1 if failed else 0


# --- command line -------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("a", "b", "all"), default="all")
    parser.add_argument("--size", type=int, help="originals (default 100; 30 for --selfcheck)")
    parser.add_argument(
        "--distractors", type=int, help="unrelated real articles (default 100; 20 for --selfcheck)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", type=int, default=10, help="telling errors to list")
    parser.add_argument("--selfcheck", action="store_true", help="check generator and scorer")
    parser.add_argument(
        "--no-minilm", action="store_true", help="part (a) without its embedding system (faster)"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results")
    args = parser.parse_args(argv)
    try:
        if args.selfcheck:
            return selfcheck(args.size or 30, args.distractors or 20, args.seed)
        args.size = args.size or 100
        args.distractors = args.distractors or 100
        res: dict[str, Any] = {
            "command": " ".join(["python benchmarks/dedup_quality.py", *(argv or sys.argv[1:])]),
            "settings": {"size": args.size, "distractors": args.distractors, "seed": args.seed},
        }
        if args.part in ("b", "all"):
            res["b"] = run_part_b(args.size, args.distractors, args.seed, args.errors)
        if args.part in ("a", "all"):
            res["a"] = run_part_a(minilm=not args.no_minilm)
    except DataMissingError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 2
    md = results_markdown(res)
    print(md)
    if not args.no_save:
        save_results("dedup_quality", res, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
