"""Time-expression benchmark on MEANTIME (English): newsfuse.claims.timex vs dateparser.

Usage::

    python benchmarks/timex.py [--limit N] [--errors N] [--no-save]

Data: the 120 English Wikinews articles of ``../shared/data/meantime-english`` (the
``intra-doc_annotation`` CAT XML files), unpacked into ``benchmarks/.cache``. Each document's
text is rebuilt from its tokens (one line per sentence, tokens joined by spaces except before
closing punctuation), so every token has a character span. The gold set is every TIMEX3 that
spans tokens, except the document creation time (``functionInDocument="CREATION_TIME"``),
which is the anchor given to the systems; system expressions that overlap the creation-time
line are dropped. MEANTIME annotates only the first sentences of each article (the title, the
date line and about four more, sentences 0-5), so the systems read the whole text but only
what they find in the annotated sentences is scored.

Systems, in the same run:

* ``newsfuse``: :func:`newsfuse.claims.timex.find_times` with the creation date;
* ``dateparser``: ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = creation date,
  ``languages=["en"]``, each value normalised to a day (``YYYY-MM-DD``), type DATE;
* ``dateparser-grain``: the same matches, but a match that is a bare year gets a year value
  and a month without a day a month value (a fairer reading of its output).

Metrics (TempEval-3 style): span precision/recall/F1, strict (the same character span as the
gold tokens) and relaxed (overlap, one-to-one); value accuracy over relaxed matches; value F1
(a system expression counts when it overlaps a gold one and its value equals the gold value).
All of it overall and for DATE only (gold DATE against system DATE), with counts per type.
Published reference (README of the data): HeidelTime-class systems reach about 0.8 value F1
on news. Results: stdout and ``benchmarks/results/timex.{json,md}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, f1, save_results, unpacked
from _meantime import read_tokens

warnings.filterwarnings("ignore")



@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    dct: dt.date
    dct_span: tuple[int, int]
    gold: list[Timex]
    scored_end: int  # the annotated part of the text ends here


def load_docs(limit: int | None = None) -> list[Doc]:
    """The MEANTIME English documents with their rebuilt text and gold TIMEX3s."""
    root = unpacked("meantime-english", "meantime-english-xml.tar.xz") / "intra-doc_annotation"
    docs: list[Doc] = []
    for path in sorted(root.glob("*/*.xml")):
        if limit is not None and len(docs) >= limit:
            break
        docs.append(_read_doc(path))
    return docs


def _read_doc(path: Path) -> Doc:
    tree = ET.parse(path).getroot()
    toks = read_tokens(tree)
    text, spans = toks.text, toks.spans
    sentence_of = {t: int(s) for t, s in toks.sentence_of.items()}
    gold: list[Timex] = []
    dct: dt.date | None = None
    dct_span = (0, 0)
    for tx in tree.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in tx.iter("token_anchor")]
        if not ids:
            continue  # an instance without a mention in the text
        s = min(spans[i][0] for i in ids)
        e = max(spans[i][1] for i in ids)
        value = tx.get("value") or None
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(value, text[s:e])
            dct_span = (s, e)
            continue
        gold.append(Timex(s, e, tx.get("type", "DATE"), value, text[s:e]))
    if dct is None:
        # one file marks no creation time: take the date line (sentence 1) instead
        line = [g for g in gold if g.value and all(sentence_of[t] == 1 for t in _ids_at(spans, g))]
        if not line:
            raise ValueError(f"{path.name}: no creation time")
        gold.remove(line[0])
        dct, dct_span = _parse_dct(line[0].value, line[0].text), (line[0].start, line[0].end)
    # MEANTIME annotates the first sentences of each article only (title, date line and about
    # four more): score what the systems find there, though they read the whole text
    markables = tree.find("Markables")
    annotated = max(
        (sentence_of[a.get("t_id", "")] for m in (markables or []) for a in m.iter("token_anchor")),
        default=0,
    )
    scored_end = max(e for t, (_, e) in spans.items() if sentence_of[t] <= annotated)
    return Doc(path.stem, text, dct, dct_span, sorted(gold, key=lambda t: t.start), scored_end)


def _parse_dct(value: str | None, written: str) -> dt.date:
    """The creation date from its value, or from its wording when the value is malformed
    (one file gives "03-02-2009")."""
    from newsfuse.extract.textmeta import find_dates

    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        hits = find_dates(written)
        if not hits:
            raise
        return hits[0].value


def _ids_at(spans: dict[str, tuple[int, int]], t: Timex) -> list[str]:
    return [i for i, (s, e) in spans.items() if t.start <= s and e <= t.end]


# ---------------------------------------------------------------------------------------------
# systems


def _newsfuse(doc: Doc) -> list[Timex]:
    from newsfuse.claims.timex import find_times

    return [Timex(e.start, e.end, e.type, e.value, e.text) for e in find_times(doc.text, doc.dct)]


def _dateparser_matches(doc: Doc) -> list[tuple[int, int, str, dt.datetime]]:
    from dateparser.search import search_dates

    base = dt.datetime(doc.dct.year, doc.dct.month, doc.dct.day, 12, 0)
    found = search_dates(doc.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out: list[tuple[int, int, str, dt.datetime]] = []
    cursor = 0
    for sub, when in found:
        i = doc.text.find(sub, cursor)
        if i < 0:
            i = doc.text.find(sub)
            if i < 0:
                continue
        else:
            cursor = i + len(sub)
        out.append((i, i + len(sub), sub, when))
    return out


def _dateparser(doc: Doc) -> list[Timex]:
    return [Timex(s, e, "DATE", w.date().isoformat(), t) for s, e, t, w in _dateparser_matches(doc)]


_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?$", re.I
)


def _dateparser_grain(doc: Doc) -> list[Timex]:
    out = []
    for s, e, t, w in _dateparser_matches(doc):
        sub = t.strip()
        if re.fullmatch(r"(?:in\s+)?\d{4}", sub, re.I):
            value = f"{w.year:04d}"
        elif _MONTH_WORD.fullmatch(sub) or re.fullmatch(
            r"(?:in\s+)?[A-Z][a-z]+\.?(?:,?\s+\d{4})?", sub
        ):
            value = (
                f"{w.year:04d}-{w.month:02d}" if _MONTH_WORD.search(sub) else w.date().isoformat()
            )
        else:
            value = w.date().isoformat()
        out.append(Timex(s, e, "DATE", value, t))
    return out


SYSTEMS: dict[str, Callable[[Doc], list[Timex]]] = {
    "newsfuse": _newsfuse,
    "dateparser": _dateparser,
    "dateparser-grain": _dateparser_grain,
}


# ---------------------------------------------------------------------------------------------
# scoring


def _same_value(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip().upper() == b.strip().upper()


def _pairs(gold: list[Timex], system: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one overlapping pairs, the largest overlaps first."""
    cands = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = min(g.end, s.end) - max(g.start, s.start)
            if ov > 0:
                cands.append((-ov, gi, si))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in sorted(cands):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def score(
    docs: list[Doc], outputs: list[list[Timex]], types: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Span P/R/F1 (strict and relaxed), value accuracy and value F1 over all documents."""
    n_gold = n_sys = strict = relaxed = value_ok = 0
    for doc, out in zip(docs, outputs, strict=True):
        gold = [g for g in doc.gold if types is None or g.type in types]
        system = [s for s in out if types is None or s.type in types]
        pairs = _pairs(gold, system)
        n_gold += len(gold)
        n_sys += len(system)
        relaxed += len(pairs)
        strict += len({(s.start, s.end) for s in system} & {(g.start, g.end) for g in gold})
        value_ok += sum(_same_value(g.value, s.value) for g, s in pairs)

    def prf(tp: int) -> dict[str, float]:
        p, r = tp / max(n_sys, 1), tp / max(n_gold, 1)
        return {"p": p, "r": r, "f1": f1(p, r)}

    return {
        "gold": n_gold,
        "system": n_sys,
        "strict": prf(strict),
        "relaxed": prf(relaxed),
        "value_accuracy": value_ok / max(relaxed, 1),
        "value": prf(value_ok),
    }


def per_type(docs: list[Doc], outputs: list[list[Timex]]) -> dict[str, dict[str, int]]:
    """For each gold type: gold count, system count, relaxed matches (any system type) and
    matches with the right value."""
    out: dict[str, dict[str, int]] = {}
    for t in ("DATE", "TIME", "DURATION", "SET"):
        c = Counter[str]()
        for doc, sys_out in zip(docs, outputs, strict=True):
            gold = [g for g in doc.gold if g.type == t]
            pairs = _pairs(gold, sys_out)
            c["gold"] += len(gold)
            c["system"] += sum(s.type == t for s in sys_out)
            c["found"] += len(pairs)
            c["value_ok"] += sum(_same_value(g.value, s.value) for g, s in pairs)
        out[t] = dict(c)
    return out


def _errors(docs: list[Doc], outputs: list[list[Timex]], n: int) -> None:
    shown = 0
    for doc, out in zip(docs, outputs, strict=True):
        pairs = _pairs(doc.gold, out)
        matched_g = {id(g) for g, _ in pairs}
        matched_s = {id(s) for _, s in pairs}
        for g, s in pairs:
            if not _same_value(g.value, s.value) and shown < n:
                print(f"VALUE {doc.dct} {g.text!r}={g.value} vs {s.text!r}={s.value}")
                shown += 1
        for g in doc.gold:
            if id(g) not in matched_g and shown < n:
                ctx = doc.text[max(0, g.start - 30) : g.end + 20].replace("\n", " ")
                print(f"MISS  {g.type} {g.text!r}={g.value} | {ctx}")
                shown += 1
        for s in out:
            if id(s) not in matched_s and shown < n:
                ctx = doc.text[max(0, s.start - 30) : s.end + 20].replace("\n", " ")
                print(f"EXTRA {s.type} {s.text!r}={s.value} | {ctx}")
                shown += 1


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
    results: dict[str, Any] = {"documents": len(docs), "systems": {}}
    for name, fn in SYSTEMS.items():
        fn(docs[0])  # warm-up: one-off imports are not document work
        start = time.perf_counter()
        outputs = []
        for doc in docs:
            s, e = doc.dct_span
            outputs.append(
                [t for t in fn(doc) if (t.end <= s or e <= t.start) and t.start < doc.scored_end]
            )
        elapsed = time.perf_counter() - start
        results["systems"][name] = {
            "all": score(docs, outputs),
            "date": score(docs, outputs, ("DATE",)),
            "per_type": per_type(docs, outputs),
            "docs_per_s": len(docs) / elapsed if elapsed else 0.0,
        }
        if name == "newsfuse" and args.errors:
            _errors(docs, outputs, args.errors)
    md = render(results)
    print(md)
    if not args.no_save:
        save_results("timex", results, md)
    return 0


def render(results: dict[str, Any]) -> str:
    lines = [
        f"MEANTIME English, {results['documents']} documents "
        "(gold TIMEX3 without the creation time; annotated sentences only).",
        "",
        "| system | subset | gold | system | strict P/R/F1 | relaxed P/R/F1 | value acc. | "
        "**value F1** | docs/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in results["systems"].items():
        for subset in ("all", "date"):
            s = m[subset]
            st, rl, va = s["strict"], s["relaxed"], s["value"]
            lines.append(
                f"| {name} | {subset.upper() if subset == 'date' else 'all'} | {s['gold']} | "
                f"{s['system']} | {st['p']:.3f}/{st['r']:.3f}/{st['f1']:.3f} | "
                f"{rl['p']:.3f}/{rl['r']:.3f}/{rl['f1']:.3f} | {s['value_accuracy']:.3f} | "
                f"**{va['f1']:.3f}** | {m['docs_per_s']:.1f} |"
            )
    lines += [
        "",
        "Per gold type (found = overlapped by any system expression; value = same value):",
        "",
        "| system | type | gold | system of that type | found | value |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in results["systems"].items():
        for t, c in m["per_type"].items():
            lines.append(
                f"| {name} | {t} | {c.get('gold', 0)} | {c.get('system', 0)} | "
                f"{c.get('found', 0)} | {c.get('value_ok', 0)} |"
            )
    lines += ["", "Published reference: HeidelTime-class systems, about 0.8 value F1 on news."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
