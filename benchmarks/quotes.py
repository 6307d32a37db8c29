"""Attribution benchmark on PolNeAR: source, cue and content spans, newsfuse vs a baseline.

Usage::

    python benchmarks/quotes.py                   # train and dev splits
    python benchmarks/quotes.py --splits dev --limit 20
    python benchmarks/quotes.py --compare old/quotes.json   # adds a before/after table

Data: ``../shared/data/polnear/polnear-data.tar.xz`` (see benchmarks/_data.py), unpacked once
into ``benchmarks/.cache/polnear``. Each article ``text/<name>.txt`` has one or more brat files
``attributions/<name>_<annotator>.ann``; where several annotators did the same article, the file
whose annotator id sorts first is used (deterministic). ``T`` lines of type Source, Cue and
Content (discontinuous spans ``a b;c d`` are split into pieces) tied by ``E`` lines are the gold.

Scoring, per role (source, cue, content), role spans pooled over all attributions of an article
(PolNeAR is univocal: every token has at most one role, so pooling loses nothing):

* **exact**: a predicted span counts when it equals a gold span of the same role after trimming
  white space, punctuation, quotation marks and a leading "that" on both sides; one-to-one;
* **partial**: a predicted span counts when it overlaps a gold span of the same role
  (one-to-one, greedy in text order);
* **token**: precision and recall over word tokens (``\\w+``) labelled with the role.

Content spans of newsfuse: the quote (direct), the reported clause (indirect), the reported
clause around a partial quote (mixed), the object of a verb of stance ("X endorsed Y": stance,
which PolNeAR counts as attribution; newsfuse's claims take no statement from it); a quote over several paragraphs gives one span per
paragraph, a reported clause interrupted by its attribution ("The plan, officials said, was
dropped") one span per piece. Sources inherited from an earlier paragraph are not scored as spans (PolNeAR marks
no source there). newsfuse's records that share one cue span (several quotes or partial quotes
of one "said") are one attribution, each span given once: in PolNeAR a cue token belongs to one
attribution, whose content may be in pieces. The **direct** / **indirect** breakdown splits gold
attributions by whether their content holds a quotation mark; precision there counts predictions whose content holds a
quotation mark (direct) or not (indirect).

Baseline (same run): content = the text inside each pair of double quotation marks (straight
or curly) of a paragraph; cue = the speech verb from a fixed list nearest to that quote in its
sentence; source = the capitalised name (a run of capitalised words) or pronoun right before
that verb, else right after it.

Published reference (dataset README): attribution extractors on PARC3 (WSJ) reach about 0.9 F1
on direct-quote content and about 0.5-0.7 on indirect/mixed; PolNeAR human agreement is
token-wise Krippendorff's alpha 75.4% and attribution-wise agreement 92.3%.
Results go to stdout and ``benchmarks/results/quotes.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, f1, save_results, unpacked
from newsfuse.claims.attribution import wordset
from newsfuse.claims.quotes import find_attributions

ROLES = ("source", "cue", "content")
Span = tuple[int, int]
_QUOTE_CHARS = "\"'“”‘’«»„"
_TRIM = " \t\n\u00a0.,;:!?—–-()" + _QUOTE_CHARS
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Attr:
    """One attribution: its role spans (content may have pieces)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Doc:
    name: str
    text: str
    gold: list[Attr]


# --- data ----------------------------------------------------------------------------------


def _parse_ann(path: Path) -> list[Attr]:
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) != 2:
                continue
            kind, offsets = head
            pieces = []
            for piece in offsets.split(";"):
                a, b = piece.split()
                pieces.append((int(a), int(b)))
            spans[parts[0]] = (kind, pieces)
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles = {}
            for item in parts[1].split():
                if ":" in item:
                    role, ref = item.split(":", 1)
                    roles[role] = ref
            events.append(roles)
    out = []
    for ev in events:
        attr = Attr()
        for role, key in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
            found = ev.get(role)
            if found and found in spans:
                getattr(attr, key).extend(spans[found][1])
        if attr.content or attr.cue:
            out.append(attr)
    return out


def load_docs(split: str, limit: int | None = None) -> list[Doc]:
    root = unpacked("polnear", "polnear-data.tar.xz") / "data" / split
    by_text: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((root / "attributions").glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        by_text[stem].append(ann)
    docs = []
    for stem in sorted(by_text):
        text_path = root / "text" / f"{stem}.txt"
        if not text_path.exists():
            continue
        ann = sorted(by_text[stem], key=lambda p: p.stem.rpartition("_")[2])[0]
        docs.append(Doc(stem, text_path.read_text(encoding="utf-8"), _parse_ann(ann)))
        if limit is not None and len(docs) >= limit:
            break
    return docs


# --- systems -------------------------------------------------------------------------------


def newsfuse_system(text: str) -> list[Attr]:
    """newsfuse's attributions as PolNeAR attributions: the records that share one cue span
    (several quotes or partial quotes of one "said") are one attribution, as a cue token
    belongs to one attribution in PolNeAR; each span is given once."""
    out = []
    by_cue: dict[Span, Attr] = {}
    for a in find_attributions(text):
        attr = by_cue.get(a.cue) if a.cue is not None else None
        if attr is None:
            attr = Attr()
            out.append(attr)
            if a.cue is not None:
                by_cue[a.cue] = attr
        if a.kind == "mixed" and a.clause is not None:
            content = [a.clause]
        elif a.paragraphs:
            content = list(a.paragraphs)
        elif a.pieces:
            content = list(a.pieces)
        else:
            content = [a.content]
        roles = [("content", s) for s in content]
        if a.source is not None and not a.inherited:
            roles.append(("source", a.source))
        if a.cue is not None:
            roles.append(("cue", a.cue))
        for role, span in roles:
            if span not in getattr(attr, role):
                getattr(attr, role).append(span)
    return out


_BASE_VERBS = wordset("""said says say told tells added adds stated states wrote writes asked asks explained
    noted argued claimed declared insisted replied responded announced warned continued
    according""")
_BASE_QUOTE = re.compile(r"[\"“]([^\"“”\n]+)[\"”]")
_PRONOUN = wordset("he she they i we it")


def baseline_system(text: str) -> list[Attr]:
    out = []
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w’'.-]+", text)]
    sentence_breaks = [m.end() for m in re.finditer(r"[.!?][\"”’]?\s+(?=[A-Z“\"])|\n", text)]
    for m in _BASE_QUOTE.finditer(text):
        attr = Attr(content=[(m.start(1), m.end(1))])
        lo = max((b for b in sentence_breaks if b <= m.start()), default=0)
        hi = min((b for b in sentence_breaks if b > m.end()), default=len(text))
        best = None
        for k, (s, e, w) in enumerate(words):
            if s < lo or e > hi or m.start() <= s < m.end():
                continue
            if w.lower() in _BASE_VERBS:
                dist = m.start() - e if e <= m.start() else s - m.end()
                if best is None or dist < best[0]:
                    best = (dist, k)
        if best is not None:
            k = best[1]
            attr.cue.append(words[k][:2])
            src = _baseline_source(words, k, lo, hi)
            if src is not None:
                attr.source.append(src)
        out.append(attr)
    return out


def _baseline_source(words: list[tuple[int, int, str]], k: int, lo: int, hi: int) -> Span | None:
    def is_name(w: str) -> bool:
        return w[:1].isupper() or w.lower() in _PRONOUN

    j = k - 1
    if j >= 0 and words[j][0] >= lo and is_name(words[j][2]):
        i = j
        while i - 1 >= 0 and words[i - 1][0] >= lo and words[i - 1][2][:1].isupper():
            i -= 1
        return words[i][0], words[j][1]
    j = k + 1
    if j < len(words) and words[j][1] <= hi and is_name(words[j][2]):
        i = j
        while i + 1 < len(words) and words[i + 1][1] <= hi and words[i + 1][2][:1].isupper():
            i += 1
        return words[j][0], words[i][1]
    return None


SYSTEMS = {"newsfuse": newsfuse_system, "baseline": baseline_system}


# --- scoring -------------------------------------------------------------------------------


def _norm(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    if text[s : s + 5].lower() == "that ":
        s += 5
    return s, e


class Counts:
    def __init__(self) -> None:
        self.c: dict[str, float] = defaultdict(float)

    def add(self, key: str, value: float) -> None:
        self.c[key] += value

    def prf(self, prefix: str) -> dict[str, float]:
        tp_p, tp_r = self.c[prefix + "tp_p"], self.c[prefix + "tp_r"]
        n_pred, n_gold = self.c[prefix + "pred"], self.c[prefix + "gold"]
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_r / n_gold if n_gold else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1(p, r), 4)}


def _match(text: str, pred: list[Span], gold: list[Span], counts: Counts, key: str) -> None:
    pn = [s for s in (_norm(text, x) for x in pred) if s[1] > s[0]]
    gn = [s for s in (_norm(text, x) for x in gold) if s[1] > s[0]]
    counts.add(f"{key}.exact.pred", len(pn))
    counts.add(f"{key}.exact.gold", len(gn))
    counts.add(f"{key}.partial.pred", len(pn))
    counts.add(f"{key}.partial.gold", len(gn))
    left = set(gn)
    exact = 0
    for s in pn:
        if s in left:
            left.discard(s)
            exact += 1
    counts.add(f"{key}.exact.tp_p", exact)
    counts.add(f"{key}.exact.tp_r", exact)
    used: set[Span] = set()
    partial = 0
    for s in sorted(pn):
        hit = next((g for g in sorted(gn) if g not in used and g[0] < s[1] and s[0] < g[1]), None)
        if hit is not None:
            used.add(hit)
            partial += 1
    counts.add(f"{key}.partial.tp_p", partial)
    counts.add(f"{key}.partial.tp_r", partial)
    pt = _tokens(text, pn)
    gt = _tokens(text, gn)
    counts.add(f"{key}.token.pred", len(pt))
    counts.add(f"{key}.token.gold", len(gt))
    counts.add(f"{key}.token.tp_p", len(pt & gt))
    counts.add(f"{key}.token.tp_r", len(pt & gt))


def _tokens(text: str, spans: list[Span]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(m.start() for m in _WORD.finditer(text, s, e))
    return out


def _has_quote(text: str, spans: list[Span]) -> bool:
    return any(any(c in '"“”«»' for c in text[s:e]) for s, e in spans)


def _widen(text: str, spans: list[Span]) -> list[Span]:
    """Content spans widened by one character each side, so marks are seen by _has_quote."""
    return [(max(0, s - 1), min(len(text), e + 1)) for s, e in spans]


def score(docs: list[Doc], system: str) -> tuple[dict[str, object], float]:
    fn = SYSTEMS[system]
    counts = Counts()
    seconds = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        pred = fn(doc.text)
        seconds += time.perf_counter() - t0
        for role in ROLES:
            p = [s for a in pred for s in getattr(a, role)]
            g = [s for a in doc.gold for s in getattr(a, role)]
            _match(doc.text, p, g, counts, role)
        for subset in ("direct", "indirect"):
            want = subset == "direct"
            p = [
                s
                for a in pred
                if _has_quote(doc.text, _widen(doc.text, a.content)) == want
                for s in a.content
            ]
            g = [s for a in doc.gold if _has_quote(doc.text, a.content) == want for s in a.content]
            _match(doc.text, p, g, counts, f"content[{subset}]")
    out: dict[str, object] = {}
    for role in (*ROLES, "content[direct]", "content[indirect]"):
        out[role] = {m: counts.prf(f"{role}.{m}.") for m in ("exact", "partial", "token")}
        out[role]["n_gold"] = int(counts.c[f"{role}.exact.gold"])  # type: ignore[index]
        out[role]["n_pred"] = int(counts.c[f"{role}.exact.pred"])  # type: ignore[index]
    return out, seconds


def _table(results: dict[str, dict[str, object]]) -> str:
    lines = [
        "| split | system | role | exact P / R / F1 | partial P / R / F1 | token P / R / F1 "
        "| gold | predicted |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for split, by_system in results.items():
        for system, res in by_system.items():
            if not isinstance(res, dict) or "scores" not in res:
                continue
            for role, r in res["scores"].items():
                cells = [
                    " / ".join(f"{r[m][k]:.3f}" for k in ("p", "r", "f1"))
                    for m in ("exact", "partial", "token")
                ]
                lines.append(
                    f"| {split} | {system} | {role} | {' | '.join(cells)} | {r['n_gold']} "
                    f"| {r['n_pred']} |"
                )
    return "\n".join(lines) + "\n"


def _compare_table(before: dict[str, object], after: dict[str, dict[str, object]]) -> str:
    """newsfuse before -> after (exact and partial P / R / F1) for each split and role."""
    lines = [
        "| split | role | exact P / R / F1 before | after | partial P / R / F1 before | after |",
        "|---|---|---|---|---|---|",
    ]
    for split, by_system in after.items():
        old_split = before.get(split)
        new = by_system.get("newsfuse")
        if not isinstance(old_split, dict) or not isinstance(new, dict):
            continue
        old = old_split.get("newsfuse", {}).get("scores", {})
        for role, r in new["scores"].items():
            if role not in old:
                continue
            cells = []
            for m in ("exact", "partial"):
                for res in (old[role], r):
                    cells.append(" / ".join(f"{res[m][k]:.3f}" for k in ("p", "r", "f1")))
            lines.append(f"| {split} | {role} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--limit", type=int, default=None, help="articles per split")
    ap.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="an earlier quotes.json: add a before/after table of the newsfuse scores",
    )
    args = ap.parse_args(argv)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    results: dict[str, dict[str, object]] = {}
    for split in args.splits.split(","):
        try:
            docs = load_docs(split, args.limit)
        except DataMissingError as exc:
            print(f"skipping: {exc}", file=sys.stderr)
            return 1
        results[split] = {"articles": len(docs)}
        for system in SYSTEMS:
            scores, seconds = score(docs, system)
            results[split][system] = {"scores": scores, "seconds": round(seconds, 2)}
            print(f"{split}: {system} on {len(docs)} articles in {seconds:.1f} s", file=sys.stderr)
    table = _table(results)
    header = (
        "# Attribution spans on PolNeAR (source / cue / content)\n\n"
        "Command: `python benchmarks/quotes.py"
        + (f" --splits {args.splits}" if args.splits != "train,dev" else "")
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --compare {args.compare.name}" if args.compare else "")
        + "`. One annotator file per article (first annotator id). Reference: PARC3 systems "
        "about 0.9 F1 on direct-quote content, 0.5-0.7 on indirect; PolNeAR human agreement "
        "alpha 75.4% (token-wise), 92.3% attribution-wise.\n\n"
    )
    if before is not None:
        table += (
            f"\n## newsfuse before / after (before: `{args.compare.name}`)\n\n"
            + _compare_table(before, results)
        )
    print(header + table)
    save_results("quotes", results, header + table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
