"""Entity-centred timelines on SemEval-2015 Task 4 (TimeLine), Track A (raw text).

Usage::

    python benchmarks/semeval_timeline.py [--corpus trial|corpus_1|all] [--no-save]
    python benchmarks/semeval_timeline.py --selftest

Data: ``../shared/data/semeval2015-task4-timeline`` (trial: 30 Apple articles, 6 timelines;
corpus 1: 30 Airbus/Boeing articles, 13 timelines), unpacked into ``benchmarks/.cache``.
For each target entity a system writes the ordered list of event mentions that involve the
entity, anchored to dates, in the gold format (``<rank>\\t<date>\\t<docid>-<sentence>-<token>``).

Systems, in the same run:

* ``newsfuse``: entity mentions from :func:`newsfuse.claims.entities.find_mentions` linked
  across documents by :func:`newsfuse.claims.aliases.link_entities` (so "USAF", a surname or a
  short name count as the entity), plus the target name and its model-number parts ("A380",
  "787 Dreamliner") matched in the tokens; for each mention the event is the nearest verb
  after it in the sentence (else the nearest before), found by a suffix and word-list rule
  (no tagger is installed); the date is the nearest DATE expression of the sentence from
  :func:`newsfuse.claims.timex.find_times` resolved against the document creation time,
  else the creation date; events are ranked by date.
* ``baseline``: the target name matched exactly in the tokens, the nearest verb after it by
  the same rule, dated with the document creation date.
* ablations of ``newsfuse``: without the linked mentions (names only) and without the time
  expressions (every event dated with the creation date);
* two reference rows built from the gold events (not systems): each dated with its creation
  date, and all at rank 0 (which shows how the two readings of rank 0 differ).

Scoring: ``_semeval.score``, a reimplementation of the official temporal-awareness measure
(TempEval-3 style, micro-averaged over timelines; the module docstring lists how it differs
from the official script), and exact-match diagnostics over event mentions and (mention,
date) pairs. Published Track A reference: best run 7.85 F1 on the three evaluation corpora
together (Minard et al. 2015; WHUNLP_1); Track B (gold events given) best 25.36 (GPLSIUA).
The trial set was used to choose the heuristics; corpus 1 was not tuned on.

``--selftest`` checks the scorer: gold against itself must give F1 = 1.0, and perturbed
timelines (a dropped event, a shifted date, a swapped order) must score below 1.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, save_results
from _semeval import (
    CORPUS_NAMES,
    UNANCHORED_MODES,
    UNKNOWN_DATE,
    Corpus,
    Document,
    Line,
    canonical_date,
    pair_scores,
    score,
)
from newsfuse.claims.aliases import link_entities
from newsfuse.claims.entities import find_mentions, mention_key
from newsfuse.claims.timex import find_times

# ---------------------------------------------------------------------------------------------
# Text with token offsets
# ---------------------------------------------------------------------------------------------

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.I)
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


@dataclass(frozen=True, slots=True)
class Tok:
    sentence: int
    index: int  # position in the sentence
    text: str
    start: int
    end: int


def doc_text(doc: Document) -> tuple[str, list[Tok]]:
    """The document as text (one line per sentence) and its tokens with character spans."""
    parts: list[str] = []
    toks: list[Tok] = []
    pos = 0
    for s in sorted(doc.sentences):
        prev = ""
        for i, word in enumerate(doc.sentences[s]):
            if not toks:
                sep = ""
            elif i == 0:
                sep = "\n"
            elif _NO_SPACE_BEFORE.match(word) or prev in _NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            pos += len(sep)
            parts.append(sep + word)
            toks.append(Tok(s, i, word, pos, pos + len(word)))
            pos += len(word)
            prev = word
    return "".join(parts), toks


# ---------------------------------------------------------------------------------------------
# Event words: a suffix and word-list rule (no part-of-speech tagger is installed)
# ---------------------------------------------------------------------------------------------

_AUX = frozenset(
    """is are was were be been being am has have had having do does did will would can could
    shall should may might must not n't 's""".split()  # noqa: SIM905 - a word list
)
_MODAL_TO = frozenset("to will would can could shall should may might must".split())  # noqa: SIM905
_DET = frozenset(
    """the a an this that these those its his her their our my your of for in on at by with
    from into first last new""".split()  # noqa: SIM905
)
_IRREGULAR = frozenset(
    """said says told tells sold sells bought buys won wins made makes built builds flew flies
    took takes gave gives got gets went goes came comes kept held holds left met ran saw sent
    spent lost led cut hit paid sought brought began became chose drew fell fought grew heard
    knew laid meant rose shut stood struck threw withdrew spoke broke set put let overtook
    unveils launches announces delivers agrees plans expects orders wants offers sues
    replaces releases introduces""".split()  # noqa: SIM905
)
_NOT_VERB = frozenset(
    """during according including following something nothing anything everything thing
    things morning evening wing wings ceiling building meeting being king ring string
    spring bring wedding red need speed hundred feed seed bed""".split()  # noqa: SIM905
)


def is_event_word(toks: Sequence[Tok], i: int, after_entity: bool = False) -> bool:
    """Whether token ``i`` reads as a verb: a listed form, ``-ed``/``-ing``, or after to/modal.

    ``after_entity`` also accepts a present-tense ``-s`` form right after the entity
    ("Airbus unveils ...").
    """
    word = toks[i].text
    low = word.lower()
    if not re.fullmatch(r"[a-z][a-z-]+", word) or low in _AUX or low in _NOT_VERB:
        return False
    prev = toks[i - 1].text.lower() if i > 0 and toks[i - 1].sentence == toks[i].sentence else ""
    if low in _IRREGULAR:
        return True
    if prev in _MODAL_TO and low not in _DET:
        return True
    if prev in _DET:
        return False
    if len(low) > 4 and low.endswith("ed"):
        return True
    if len(low) > 5 and low.endswith("ing"):
        return True
    return after_entity and len(low) > 3 and low.endswith("s") and not low.endswith("ss")


def nearest_event(
    toks: Sequence[Tok], first: int, last: int, left: bool = True, window: int = 12
) -> int | None:
    """The token index of the verb nearest after tokens ``[first, last]`` (else before)."""
    sentence = toks[first].sentence
    for j in range(last + 1, min(len(toks), last + 1 + window)):
        if toks[j].sentence != sentence:
            break
        if is_event_word(toks, j, after_entity=j == last + 1):
            return j
    if left:
        for j in range(first - 1, max(-1, first - 1 - window), -1):
            if toks[j].sentence != sentence:
                break
            if is_event_word(toks, j):
                return j
    return None


# ---------------------------------------------------------------------------------------------
# Entity mentions
# ---------------------------------------------------------------------------------------------


def name_variants(name: str) -> list[tuple[str, ...]]:
    """The token sequences a target name is matched as: the whole name and its parts that
    hold a model number ("Boeing 787 Dreamliner" -> "787 Dreamliner", "787")."""
    words = name.replace("_", " ").split()
    out = {tuple(words)}
    for a in range(len(words)):
        for b in range(a + 1, len(words) + 1):
            part = words[a:b]
            if any(re.search(r"\d", w) for w in part) and not (
                len(part) == 1 and part[0].isdigit() and len(part[0]) < 3
            ):
                out.add(tuple(part))
    return sorted(out, key=len, reverse=True)


def match_tokens(toks: Sequence[Tok], variants: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Token ranges ``(first, last)`` where a variant is written (case-sensitive, longest first)."""
    taken: set[int] = set()
    out = []
    for v in variants:
        n = len(v)
        for i in range(len(toks) - n + 1):
            if any(k in taken for k in range(i, i + n)):
                continue
            if (
                all(toks[i + k].text == v[k] for k in range(n))
                and len({toks[i + k].sentence for k in range(n)}) == 1
            ):
                out.append((i, i + n - 1))
                taken.update(range(i, i + n))
    return sorted(out)


def span_to_tokens(toks: Sequence[Tok], start: int, end: int) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(toks) if t.start < end and t.end > start]
    return (inside[0], inside[-1]) if inside else None


class EntityFinder:
    """Mentions of target entities across a corpus, via newsfuse's mention finder and linker."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        mentions = {d: find_mentions(t) for d, t in texts.items()}
        self.index = link_entities(mentions, texts)

    def spans(self, target: str) -> dict[str, list[tuple[int, int]]]:
        """Character spans (doc id -> list) of the entities whose names match ``target``."""
        keys = {mention_key(" ".join(v)) for v in name_variants(target)}
        keys.discard(())
        out: dict[str, list[tuple[int, int]]] = {}
        for ent in self.index:
            if any(mention_key(a) in keys for a in ent.aliases):
                for doc, start, end in ent.mentions:
                    out.setdefault(doc, []).append((start, end))
        return out


# ---------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------

Timelines = dict[str, list[Line]]


def _date_value(value: str) -> str:
    return canonical_date(value.split("T")[0])


def rank_events(events: Mapping[str, str]) -> list[Line]:
    """Lines ranked by date (mention -> padded date): unknown dates get rank 0."""

    def key(date: str) -> tuple[int, int, int]:
        y, m, d = date.split("-")
        return (int(y), int(m) if m.isdigit() else 0, int(d) if d.isdigit() else 0)

    dated = sorted({d for d in events.values() if d != UNKNOWN_DATE}, key=key)
    rank = {d: i + 1 for i, d in enumerate(dated)} | {UNKNOWN_DATE: 0}
    ordered = sorted(events.items(), key=lambda kv: (rank[kv[1]], kv[0]))
    return [Line(rank[d], d, (m,)) for m, d in ordered]


def _mention_id(doc_id: str, tok: Tok) -> str:
    return f"{doc_id}-{tok.sentence}-{tok.text}"


class Prepared:
    """The corpus as texts with token offsets, time expressions and linked entities."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.texts: dict[str, str] = {}
        self.toks: dict[str, list[Tok]] = {}
        for doc_id, doc in corpus.documents.items():
            self.texts[doc_id], self.toks[doc_id] = doc_text(doc)
        self.times: dict[str, list[tuple[int, int, str]]] = {}  # doc -> (sentence, pos, date)
        for doc_id, text in self.texts.items():
            found = []
            for tx in find_times(text, self.corpus.documents[doc_id].dct):
                if tx.type != "DATE" or tx.value is None or not re.match(r"\d{4}", tx.value):
                    continue
                at = span_to_tokens(self.toks[doc_id], tx.start, tx.end)
                if at is not None:
                    tok = self.toks[doc_id][at[0]]
                    found.append((tok.sentence, at[0], _date_value(tx.value)))
            self.times[doc_id] = found
        self.finder = EntityFinder(self.texts)

    def dct(self, doc_id: str) -> str:
        dct = self.corpus.documents[doc_id].dct
        return _date_value(dct) if dct else UNKNOWN_DATE

    def sentence_date(self, doc_id: str, i: int) -> str | None:
        """The nearest DATE expression in the sentence of token ``i`` (not the dateline)."""
        tok = self.toks[doc_id][i]
        best = None
        for sentence, pos, date in self.times[doc_id]:
            if sentence == tok.sentence and sentence > 1:
                dist = abs(pos - i)
                if best is None or dist < best[0]:
                    best = (dist, date)
        return best[1] if best else None


def newsfuse_system(prep: Prepared, link: bool = True, timex: bool = True) -> Timelines:
    """Linked entity mentions -> nearest verb -> sentence date or creation date -> ranks.

    ``link=False`` drops the linked mentions (names only); ``timex=False`` dates every event
    with the creation date (the two ablations of the results table).
    """
    out: Timelines = {}
    for key, target in prep.corpus.targets.items():
        linked = prep.finder.spans(target) if link else {}
        variants = name_variants(target)
        events: dict[str, str] = {}
        for doc_id, toks in prep.toks.items():
            ranges = set(match_tokens(toks, variants))
            for start, end in linked.get(doc_id, []):
                r = span_to_tokens(toks, start, end)
                if r is not None:
                    ranges.add(r)
            for first, last in sorted(ranges):
                j = nearest_event(toks, first, last)
                if j is None:
                    continue
                date = (prep.sentence_date(doc_id, j) if timex else None) or prep.dct(doc_id)
                events.setdefault(_mention_id(doc_id, toks[j]), date)
        out[key] = rank_events(events)
    return out


def baseline_system(prep: Prepared) -> Timelines:
    """Exact target name -> nearest verb after it -> document creation date."""
    out: Timelines = {}
    for key, target in prep.corpus.targets.items():
        events: dict[str, str] = {}
        for doc_id, toks in prep.toks.items():
            for first, last in match_tokens(toks, [tuple(target.split())]):
                j = nearest_event(toks, first, last, left=False)
                if j is not None:
                    events.setdefault(_mention_id(doc_id, toks[j]), prep.dct(doc_id))
        out[key] = rank_events(events)
    return out


def gold_events_dct(prep: Prepared) -> Timelines:
    """Reference point, not a system: the gold event mentions, each dated with its
    document's creation date (what a perfect event finder with no dating would score)."""
    return {
        key: rank_events(
            {
                m: prep.dct(m.split("-")[0]) if m.split("-")[0] in prep.toks else UNKNOWN_DATE
                for ln in lines
                for m in ln.mentions
            }
        )
        for key, lines in prep.corpus.gold.items()
    }


def gold_events_unanchored(prep: Prepared) -> Timelines:
    """Reference point, not a system: the gold event mentions, all at rank 0 (XXXX-XX-XX).

    Shows how much the ``ordered`` reading of rank 0 rewards putting everything in one rank.
    """
    return {
        key: rank_events({m: UNKNOWN_DATE for ln in lines for m in ln.mentions})
        for key, lines in prep.corpus.gold.items()
    }


REFERENCES: dict[str, Callable[[Prepared], Timelines]] = {
    "reference: gold events, creation dates": gold_events_dct,
    "reference: gold events, all rank 0": gold_events_unanchored,
}

SYSTEMS: dict[str, Callable[[Prepared], Timelines]] = {
    "newsfuse": newsfuse_system,
    "newsfuse, names only (no linking)": lambda p: newsfuse_system(p, link=False),
    "newsfuse, creation dates only (no timex)": lambda p: newsfuse_system(p, timex=False),
    "baseline": baseline_system,
}


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def evaluate(corpus: Corpus, timelines: Timelines) -> dict[str, Any]:
    res: dict[str, Any] = {
        f"awareness_{m}": score(corpus.gold, timelines, m) for m in UNANCHORED_MODES
    }
    res.update(pair_scores(corpus.gold, timelines))
    res["system_events"] = sum(len(v) for v in timelines.values())
    res["gold_events"] = sum(len(ln.mentions) for v in corpus.gold.values() for ln in v)
    return res


def pct(x: float) -> str:
    return f"{100 * x:.2f}"


def markdown(results: dict[str, Any]) -> str:
    rows = [
        "# SemEval-2015 Task 4 (TimeLine), Track A",
        "",
        "Temporal-awareness F1 (micro over timelines; our reimplementation of the official",
        "measure, see benchmarks/_semeval.py), in percent. `ordered`: rank 0 is a first rank",
        "anchored to XXXX-XX-XX (literal reading); `unordered`: rank-0 events are not ordered.",
        "Exact-match diagnostics: F1 over event mentions and over (mention, date) pairs.",
        "",
        "| corpus | system | P | R | F1 (ordered) | F1 (unordered) | event F1 | event+date F1"
        " | events sys/gold |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for cname, by_sys in results["corpora"].items():
        for sname, r in by_sys["systems"].items():
            a, u = r["awareness_ordered"], r["awareness_unordered"]
            rows.append(
                f"| {cname} ({by_sys['timelines']} timelines) | {sname} | {pct(a['precision'])}"
                f" | {pct(a['recall'])} | {pct(a['f1'])} | {pct(u['f1'])}"
                f" | {pct(r['events']['f1'])} | {pct(r['event_dates']['f1'])}"
                f" | {r['system_events']}/{r['gold_events']} |"
            )
    rows += [
        "",
        "Published (Minard et al. 2015, on corpora 1-3 together, official script): Track A best",
        "7.85 F1 (WHUNLP_1; the data README quotes ~7.3); Track B (gold events given) best",
        "25.36 (GPLSIUA). Not directly comparable: our scorer is a reimplementation (the",
        "official script was not available), and corpus 1 is one of the three evaluation sets.",
        "Heuristics were chosen on the trial set; corpus 1 was not tuned on.",
        "",
        "The two `reference` rows use the gold events and are not systems. `all rank 0` scores",
        "about 50 under the `ordered` reading (every unanchored event becomes simultaneous",
        "with every other) and 0 under `unordered`, so `unordered` is the safer figure; the",
        "newsfuse systems date every event, so the two readings differ little for them.",
        "",
        f"Runtime: {results['seconds']:.1f} s.",
        "",
    ]
    return "\n".join(rows)


def selftest() -> int:
    """Check the scorer on gold against itself and on perturbed timelines."""
    from _semeval import load_corpus

    failures = 0
    for cname in CORPUS_NAMES:
        corpus = load_corpus(cname)
        for mode in UNANCHORED_MODES:
            s = score(corpus.gold, corpus.gold, mode)
            ok = abs(s["f1"] - 1.0) < 1e-12
            failures += not ok
            print(f"{cname} gold vs gold ({mode}): F1 = {s['f1']:.4f} {'ok' if ok else 'FAIL'}")
        perturbed: dict[str, Timelines] = {
            "drop first event": {},
            "shift dates": {},
            "reverse order": {},
        }
        for key, lines in corpus.gold.items():
            perturbed["drop first event"][key] = lines[1:]
            perturbed["shift dates"][key] = [
                Line(ln.rank, "1900-01-01" if ln.rank % 2 else ln.date, ln.mentions) for ln in lines
            ]
            top = max((ln.rank for ln in lines), default=0)
            perturbed["reverse order"][key] = [
                Line(top + 1 - ln.rank if ln.rank else 0, ln.date, ln.mentions) for ln in lines
            ]
        for label, tl in perturbed.items():
            s = score(corpus.gold, tl)
            ok = 0.0 < s["f1"] < 1.0
            failures += not ok
            print(
                f"{cname} {label}: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}"
                f" {'ok' if ok else 'FAIL'}"
            )
        empty = score(corpus.gold, {})
        failures += empty["f1"] != 0.0
        print(f"{cname} empty system: F1 = {empty['f1']:.3f}")
    print("selftest", "passed" if not failures else f"FAILED ({failures})")
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    from _semeval import load_corpus

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=[*CORPUS_NAMES, "all"], default="all")
    ap.add_argument("--no-save", action="store_true", help="print only; do not write results")
    ap.add_argument("--selftest", action="store_true", help="check the scorer and exit")
    ap.add_argument("--dump", type=Path, help="write the system timelines under this folder")
    args = ap.parse_args(argv)
    try:
        if args.selftest:
            return selftest()
        t0 = time.time()
        names = CORPUS_NAMES if args.corpus == "all" else (args.corpus,)
        results: dict[str, Any] = {"corpora": {}}
        for cname in names:
            corpus = load_corpus(cname)
            prep = Prepared(corpus)
            by_sys: dict[str, Any] = {}
            for sname, system in {**SYSTEMS, **REFERENCES}.items():
                timelines = system(prep)
                by_sys[sname] = evaluate(corpus, timelines)
                if args.dump:
                    from _semeval import format_timeline

                    folder = args.dump / cname / re.sub(r"\W+", "_", sname).strip("_")
                    folder.mkdir(parents=True, exist_ok=True)
                    for key, lines in timelines.items():
                        text = format_timeline(corpus.targets[key], lines)
                        (folder / f"{key}.txt").write_text(text, encoding="utf-8")
            results["corpora"][cname] = {
                "documents": len(corpus.documents),
                "timelines": len(corpus.gold),
                "systems": by_sys,
            }
        results["seconds"] = time.time() - t0
        results["published"] = {"track_a_best_f1": 7.85, "track_b_best_f1": 25.36}
        md = markdown(results)
        print(md)
        if not args.no_save and args.corpus == "all":
            save_results("semeval_timeline", results, md)
    except DataMissingError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
