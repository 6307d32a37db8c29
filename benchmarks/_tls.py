"""Timeline summarisation (TLS) on Timeline17: the gold timelines and the standard metrics.

The gold timelines and topic keywords are read from ``../shared/data/timeline17``
(``Timeline17/<topic>_<outlet>/timelines.jsonl`` and ``keywords.json`` inside the archive);
the input articles come from :func:`_syndication.load_timeline17`.

The metrics reimplement those of the ``tilse`` package (Martschat & Markert 2017, "Improving
ROUGE for timeline summarization"; tilse 0.2.1, ``tilse/evaluation/rouge.py``, ``util.py`` and
``dates.py``), in its ``rouge_computation="reimpl"`` mode (tilse's Python ROUGE, not the perl
script):

- ROUGE-1/-2 counts: tokens split on white space, lowercased, the SMART stop words of ROUGE
  1.5.5 and a few punctuation tokens dropped, Porter-stemmed (nltk's ``PorterStemmer``, as
  tilse); n-grams run across sentence boundaries; precision denominator = references x
  predicted n-grams;
- **concat**: all summaries of a timeline concatenated; **agreement**: per date in either
  timeline, counts summed over dates (a date only one side has adds to one denominator);
- **align+ m:1** (``evaluate_align_date_content_costs_many_to_one``, "AR" in news-tls): each
  predicted date (for precision) and each reference date (for recall) is mapped to the date of
  the other side with the least cost ``(1 - 1/(|days| + 1)) * (1 - approx. ROUGE-1 F)``
  (first minimum), and the matched numerators are weighted by ``1/(|days| + 1)``;
- **date F1**: the overlap of the predicted and the reference dates.

Predicted sentences are tokenised with nltk's Treebank tokenizer first, since the gold
sentences are PTB-tokenised (news-tls scores the raw sentence text; a "spill," token would not
match "spill"). Results are macro-averaged over timelines as news-tls does: precision and
recall are averaged, and the F1 is taken of the averages.

:func:`check_against_tilse` compares these figures with tilse's own on a few timelines when
tilse is installed (``pip install --no-deps tilse`` plus nltk); it is not a dependency.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import string
import tarfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from _data import CACHE_DIR, dataset_dir, f1

Timeline = dict[dt.date, list[str]]  # date -> sentences (white-space tokenised)


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    """One reference timeline of a Timeline17 folder (``topic_outlet``)."""

    folder: str
    name: str
    dates: Timeline
    keywords: tuple[str, ...]

    @property
    def first(self) -> dt.date:
        return min(self.dates)

    @property
    def last(self) -> dt.date:
        return max(self.dates)

    @property
    def per_date(self) -> int:
        """The average number of sentences a date, rounded (news-tls)."""
        return round(sum(len(s) for s in self.dates.values()) / len(self.dates))


def load_gold() -> list[GoldTimeline]:
    """Every gold timeline of timeline17 (with its folder's keywords), sorted by folder; cached
    in ``benchmarks/.cache/timeline17/gold.json``."""
    cache = CACHE_DIR / "timeline17" / "gold.v1.json"
    if cache.is_file():
        rows = json.loads(cache.read_text(encoding="utf-8"))
    else:
        files: dict[str, dict[str, bytes]] = collections.defaultdict(dict)
        with tarfile.open(dataset_dir("timeline17") / "timeline17.tar.xz", "r:xz") as tar:
            for member in tar:
                parts = member.name.split("/")
                if len(parts) == 3 and parts[2] in ("timelines.jsonl", "keywords.json"):
                    fh = tar.extractfile(member)
                    if fh is not None:
                        files[parts[1]][parts[2]] = fh.read()
                elif len(parts) == 4 and parts[2] == "timelines" and member.isfile():
                    files[parts[1]].setdefault("names", b"")
                    files[parts[1]]["names"] += parts[3].encode() + b"\n"
        rows = []
        for folder in sorted(files):
            keywords = json.loads(files[folder].get("keywords.json", b"[]"))
            names = sorted(files[folder].get("names", b"").decode().split())
            lines = files[folder]["timelines.jsonl"].decode("utf-8").splitlines()
            for i, line in enumerate(x for x in lines if x.strip()):
                name = names[i] if i < len(names) and len(names) == len(lines) else str(i)
                rows.append([folder, name, keywords, json.loads(line)])
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(rows), encoding="utf-8")
    out = []
    for folder, name, keywords, items in rows:
        dates: Timeline = {}
        for day, sents in items:
            d = dt.date.fromisoformat(day[:10])
            dates.setdefault(d, []).extend(s.strip() for s in sents if s.strip())
        out.append(GoldTimeline(folder, name, dates, tuple(keywords)))
    return out


# --- ROUGE (tilse's reimplementation) -----------------------------------------------------

# The stop words of ROUGE 1.5.5 (data/smart_common_words.txt), which tilse reads.
_SMART_STOPWORDS = frozenset(
    """
    's a a's able about above according accordingly across actually after afterwards again
    against ain't all allow allows almost alone along already also although always am amid among
    amongst an and another any anybody anyhow anyone anything anyway anyways anywhere ap apart
    appear appreciate appropriate apr are aren't around as aside ask asking associated at aug
    available away awfully b be became because become becomes becoming been before beforehand
    behind being believe below beside besides best better between beyond both brief but by c
    c'mon c's came can can't cannot cant cause causes certain certainly changes clearly co com
    come comes concerning consequently consider considering contain containing contains
    corresponding could couldn't course currently d dec definitely described despite did didn't
    different do does doesn't doing don't done down downwards during e e.g. each edu eg eight
    either else elsewhere enough entirely especially et etc etc. even ever every everybody
    everyone everything everywhere ex exactly example except f far feb few fifth five followed
    following follows for former formerly forth four fri from further furthermore g get gets
    getting given gives go goes going gone got gotten greetings h had hadn't happens hardly has
    hasn't have haven't having he he's hello help hence her here here's hereafter hereby herein
    hereupon hers herself hi him himself his hither hopefully how howbeit however i i'd i'll i'm
    i've i.e. ie if ignored immediate in inasmuch inc indeed index indicate indicated indicates
    inner insofar instead into inward is isn't it it'd it'll it's its itself j jan jul jun just
    k keep keeps kept know known knows l lately later latter latterly least less lest let let's
    like liked likely little look looking looks ltd m mainly many mar may maybe me mean
    meanwhile merely might mon more moreover most mostly mr. ms. much must my myself n namely nd
    near nearly necessary need needs neither never nevertheless new news next nine no nobody non
    none noone nor normally not nothing nov novel now nowhere o obviously oct of off often oh ok
    okay old on once one ones only onto or other others otherwise ought our ours ourselves out
    outside over overall own p particular particularly per perhaps placed please plus possible
    presumably probably provides q que quite qv r rather rd re really reasonably regarding
    regardless regards relatively respectively reuters right s said same sat saw say saying says
    second secondly see seeing seem seemed seeming seems seen self selves sensible sent sep
    serious seriously seven several shall she should shouldn't since six so some somebody
    somehow someone something sometime sometimes somewhat somewhere soon sorry specified specify
    specifying still sub such sup sure t t's take taken tech tell tends th than thank thanks
    thanx that that's thats the their theirs them themselves then thence there there's
    thereafter thereby therefore therein theres thereupon these they they'd they'll they're
    they've think third this thorough thoroughly those though three through throughout thru thu
    thus to together too took toward towards tried tries truly try trying tue twice two u un
    under unfortunately unless unlikely until unto up upon us use used useful uses using usually
    uucp v value various very via viz vs w want wants was wasn't way we we'd we'll we're we've
    wed welcome well went were weren't what what's whatever when whence whenever where where's
    whereafter whereas whereby wherein whereupon wherever whether which while whither who who's
    whoever whole whom whose why will willing wish with within without won't wonder would
    wouldn't x y yes yet you you'd you'll you're you've your yours yourself yourselves z zero
    """.split()  # noqa: SIM905 - 596 words read better as text than as a list literal
)
_PUNCTUATION = frozenset([".", ",", ";", ":", "``", "''", "-", '"'])
_IGNORE = _SMART_STOPWORDS | _PUNCTUATION


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from nltk.stem import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    try:
        return str(_stemmer().stem(token))
    except IndexError:  # as tilse: a token the stemmer cannot handle is kept
        return token


def _tokens(sentences: Iterable[list[str]]) -> list[str]:
    return [_stem(t.lower()) for s in sentences for t in s if t.lower() not in _IGNORE]


@dataclass(slots=True)
class Counts:
    """ROUGE counts: matches (numerator), predicted n-grams x references (precision
    denominator), reference n-grams (recall denominator)."""

    hit: float = 0.0
    pred: float = 0.0
    ref: float = 0.0


def rouge_counts(pred: list[list[str]], refs: Sequence[list[list[str]]]) -> dict[int, Counts]:
    """ROUGE-1 and ROUGE-2 counts of tokenised sentences against references (tilse's
    ``RougeReimplementation.score_summary``)."""
    p = _tokens(pred)
    r = [_tokens(ref) for ref in refs]
    out = {}
    for n in (1, 2):
        pc = collections.Counter(zip(*(p[i:] for i in range(n)), strict=False))
        rcs = [collections.Counter(zip(*(t[i:] for i in range(n)), strict=False)) for t in r]
        hit = sum(min(c, rc[g]) for g, c in pc.items() for rc in rcs)
        out[n] = Counts(hit, len(rcs) * sum(pc.values()), sum(sum(rc.values()) for rc in rcs))
    return out


def _approx_rouge1(pred: list[str], ref: list[str]) -> float:
    """tilse's ``compute_rouge_approximation`` (one reference): unigram F1, white-space tokens,
    no stemming, tokens that are a substring of string.punctuation dropped."""
    pc = collections.Counter(t for s in pred for t in s.split() if t not in string.punctuation)
    rc = collections.Counter(t for s in ref for t in s.split() if t not in string.punctuation)
    match = sum(min(c, rc[t]) for t, c in pc.items())
    pd, rd = sum(pc.values()), sum(rc.values())
    prec = match / pd if pd else 0.0
    rec = match / rd if rd else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def _split(sents: list[str]) -> list[list[str]]:
    return [s.split() for s in sents]


def _prf(num: float, pden: float, rnum: float, rden: float) -> dict[str, float]:
    p = num / pden if pden else 0.0
    r = rnum / rden if rden else 0.0
    return {"precision": p, "recall": r, "f_score": f1(p, r)}


def concat(pred: Timeline, ref: Timeline) -> dict[int, dict[str, float]]:
    ps = [s for d in sorted(pred) for s in _split(pred[d])]
    rs = [s for d in sorted(ref) for s in _split(ref[d])]
    c = rouge_counts(ps, [rs])
    return {n: _prf(c[n].hit, c[n].pred, c[n].hit, c[n].ref) for n in (1, 2)}


def agreement(pred: Timeline, ref: Timeline) -> dict[int, dict[str, float]]:
    tot = {n: [0.0, 0.0, 0.0, 0.0] for n in (1, 2)}
    for d in pred.keys() | ref.keys():
        c = rouge_counts(_split(pred.get(d, [])), [_split(ref.get(d, []))])
        for n in (1, 2):
            if d in pred:
                tot[n][0] += c[n].hit
                tot[n][1] += c[n].pred
            if d in ref:
                tot[n][2] += c[n].hit
                tot[n][3] += c[n].ref
    return {n: _prf(*tot[n]) for n in (1, 2)}


def align_m1(pred: Timeline, ref: Timeline) -> dict[int, dict[str, float]]:
    """align+ m:1: date- and content-cost many-to-one alignment (see the module docstring)."""
    pds, rds = sorted(pred), sorted(ref)
    if not pds or not rds:
        return {n: _prf(0, 0, 0, 0) for n in (1, 2)}
    approx = np.array([[_approx_rouge1(pred[p], ref[r]) for r in rds] for p in pds])
    gap = np.array([[abs(p.toordinal() - r.toordinal()) for r in rds] for p in pds])
    cost = (1 - 1 / (gap + 1)) * (1 - approx)
    tot = {n: [0.0, 0.0, 0.0, 0.0] for n in (1, 2)}
    for i, p in enumerate(pds):  # precision: every predicted date to its cheapest reference
        j = int(cost[i].argmin())
        c = rouge_counts(_split(pred[p]), [_split(ref[rds[j]])])
        for n in (1, 2):
            tot[n][0] += c[n].hit / (gap[i, j] + 1)
            tot[n][1] += c[n].pred
    for j, r in enumerate(rds):  # recall: every reference date to its cheapest prediction
        i = int(cost[:, j].argmin())
        c = rouge_counts(_split(pred[pds[i]]), [_split(ref[r])])
        for n in (1, 2):
            tot[n][2] += c[n].hit / (gap[i, j] + 1)
            tot[n][3] += c[n].ref
    return {n: _prf(*tot[n]) for n in (1, 2)}


def date_prf(pred: Timeline, ref: Timeline) -> dict[str, float]:
    shared = len(pred.keys() & ref.keys())
    p = shared / len(pred) if pred else 0.0
    r = shared / len(ref) if ref else 0.0
    return {"precision": p, "recall": r, "f_score": f1(p, r)}


def evaluate(pred: Timeline, ref: Timeline) -> dict[str, dict[str, float]]:
    """Every measure of one predicted timeline against one reference (both tokenised):
    ``{"concat-1": {precision, recall, f_score}, ..., "align-2": ..., "date": ...}``."""
    out: dict[str, dict[str, float]] = {}
    for name, fn in (("concat", concat), ("agreement", agreement), ("align", align_m1)):
        scores = fn(pred, ref)
        for n in (1, 2):
            out[f"{name}-{n}"] = scores[n]
    out["date"] = date_prf(pred, ref)
    return out


def macro_average(results: Sequence[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """news-tls's average: precision and recall averaged over timelines, F1 of the averages."""
    out = {}
    for key in results[0] if results else ():
        p = sum(r[key]["precision"] for r in results) / len(results)
        rec = sum(r[key]["recall"] for r in results) / len(results)
        out[key] = {"precision": p, "recall": rec, "f_score": f1(p, rec)}
    return out


@lru_cache(maxsize=1)
def _treebank() -> Any:
    from nltk.tokenize import TreebankWordTokenizer

    return TreebankWordTokenizer()


def tokenize(sentence: str) -> str:
    """A predicted sentence PTB-tokenised like the gold ones ("BP's" -> "BP 's")."""
    text = sentence.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return " ".join(_treebank().tokenize(text))


def check_against_tilse(pairs: Sequence[tuple[Timeline, Timeline]]) -> list[str]:
    """The measures where these figures and tilse's differ by more than 1e-9 on ``pairs`` of
    (predicted, reference) timelines; raises ImportError when tilse is not installed."""
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation import dates as tdates
    from tilse.evaluation import rouge as trouge

    ev = trouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    diffs = []
    for k, (pred, ref) in enumerate(pairs):
        ours = evaluate(pred, ref)
        gt = GroundTruth([TilseTimeline(ref)])
        tl = TilseTimeline(pred)
        theirs = {
            "concat": ev.evaluate_concat(tl, gt),
            "agreement": ev.evaluate_agreement(tl, gt),
            "align": ev.evaluate_align_date_content_costs_many_to_one(tl, gt),
        }
        for name, scores in theirs.items():
            for n in (1, 2):
                for m in ("precision", "recall", "f_score"):
                    a, b = ours[f"{name}-{n}"][m], scores[f"rouge_{n}"][m]
                    if abs(a - b) > 1e-9:
                        diffs.append(f"pair {k} {name}-{n} {m}: ours {a:.6f} tilse {b:.6f}")
        dd = tdates.evaluate_dates(tl, gt)
        for m in ("precision", "recall", "f_score"):
            if abs(ours["date"][m] - dd[m]) > 1e-9:
                diffs.append(f"pair {k} date {m}: ours {ours['date'][m]:.6f} tilse {dd[m]:.6f}")
    return diffs
