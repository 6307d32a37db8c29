"""Faithfulness of the briefs on real news text (Timeline17): every brief sentence must pass the
check that ``newsfuse run`` applies before it writes a brief.

    python benchmarks/faithfulness.py [--articles N] [--sample SEED] [--raw] [--max-chars C]

Reads N distinct Timeline17 articles (default: all; the first N in path order, as
benchmarks/stories.py reads them, or a random sample with ``--sample SEED``), detokenised as
benchmarks/stories.py does (``--raw``: the PTB-tokenised lines as in the files, which is what
``newsfuse run`` on the files reads), then runs the library as the pipeline does:
``find_copies``, ``group_stories``, ``find_claims``, ``BriefBuilder.build_all``, and checks
every brief with ``check_brief``. Reports the stories, the briefs built, the briefs that pass
(what ``newsfuse run`` writes), the sentences and citations, the unfaithful sentences (must be
0), the stories the builder recorded as failures, the seconds of each stage and the peak
resident memory. ``--max-chars`` leaves out articles longer than that (reader-comment pages of
400k-700k characters make the rewrite check of the copy stage allocate gigabytes until that is
bounded); the number left out is reported. Exit status 1 when a sentence is unfaithful.

Results go to stdout and to ``benchmarks/results/faithfulness.{json,md}``.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from typing import Any

from _data import DataMissingError, save_results, unpacked
from newsfuse.brief.build import BriefBuilder
from newsfuse.brief.faithful import check_brief
from newsfuse.claims import find_claims
from newsfuse.dedup import find_copies
from newsfuse.records import Article, Passage, content_id
from newsfuse.stories import group_stories
from stories import _detok_ptb


def timeline17(raw: bool = False) -> list[Article]:
    """Every distinct non-empty Timeline17 article, in path order (detokenised unless
    ``raw``), dated by its folder, its outlet from the topic folder's name."""
    root = unpacked("timeline17", "timeline17.tar.xz")
    base = next(p for p in (root / "Timeline17", root) if p.is_dir() and any(p.glob("*/InputDocs")))
    out, seen = [], set()
    for path in sorted(base.glob("*/InputDocs/*/*.txt")):
        lines = [x.strip() for x in path.read_text("utf-8", "replace").splitlines()]
        lines = [x if raw else _detok_ptb(x) for x in lines if x]
        if not lines:
            continue
        text = "\n".join(lines)
        aid = content_id(text.encode())
        if aid in seen:
            continue
        seen.add(aid)
        out.append(
            Article(
                id=aid,
                source=str(path.relative_to(base)),
                kind="text",
                text=text,
                published=path.parts[-2],
                outlet=path.parts[-4].split("_", 1)[1],
                passages=(Passage(0, len(text)),),
            )
        )
    return out


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def run(
    n: int | None, *, sample: int | None = None, raw: bool = False, max_chars: int | None = None
) -> dict[str, Any]:
    everything = timeline17(raw)
    long_left_out = 0
    if max_chars is not None:
        kept = [a for a in everything if len(a.text) <= max_chars]
        long_left_out = len(everything) - len(kept)
        everything = kept
    if sample is not None and n is not None and n < len(everything):
        chosen = set(random.Random(sample).sample(range(len(everything)), n))
        articles = [a for i, a in enumerate(everything) if i in chosen]
    else:
        articles = everything[:n] if n is not None else everything
    by_id = {a.id: a for a in articles}
    copies, t_copies = _timed(find_copies, articles)
    stories, t_stories = _timed(group_stories, articles, family_of=copies.family_of)
    claims, t_claims = _timed(find_claims, articles, copies=copies, stories=stories)
    builder = BriefBuilder()
    briefs, t_briefs = _timed(
        builder.build_all, articles, copies=copies, stories=stories, claims=claims
    )
    failures = list(getattr(builder, "failures", []))
    start = time.perf_counter()
    sentences = verbatim = supporting = unfaithful = withheld = 0
    reasons: Counter[str] = Counter()
    examples: list[str] = []
    for brief in briefs:
        problems = check_brief(brief, by_id)
        withheld += bool(problems)
        for s in brief.sentences():
            sentences += 1
            verbatim += sum(c.verbatim for c in s.citations)
            supporting += sum(not c.verbatim for c in s.citations)
        unfaithful += len({p.sentence for p in problems})
        reasons.update(p.reason for p in problems)
        examples += [str(p) for p in problems[: max(0, 5 - len(examples))]]
    t_check = time.perf_counter() - start
    return {
        "articles": len(articles),
        "characters": sum(len(a.text) for a in articles),
        "text": "raw (PTB-tokenised)" if raw else "detokenised",
        "selection": "first in path order" if sample is None else f"random sample, seed {sample}",
        "long_left_out": long_left_out,
        "max_chars": max_chars,
        "stories": len(claims.stories),
        "briefs_built": len(briefs),
        "briefs_passing": len(briefs) - withheld,
        "stories_without_brief": len(claims.stories) - (len(briefs) - withheld),
        "builder_failures": [str(f) for f in failures],
        "sentences": sentences,
        "citations": verbatim + supporting,
        "verbatim_citations": verbatim,
        "supporting_citations": supporting,
        "unfaithful_sentences": unfaithful,
        "problems_by_reason": dict(reasons),
        "problem_examples": examples,
        "claims_failures": len(claims.failures),
        "seconds": {
            "copies": t_copies,
            "stories": t_stories,
            "claims": t_claims,
            "briefs": t_briefs,
            "check": t_check,
        },
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def markdown(r: dict[str, Any]) -> str:
    lines = [
        f"# Brief faithfulness: {r['articles']} Timeline17 articles "
        f"({r['characters']:,} characters, {r['text']}, {r['selection']})",
        "",
        "| | |",
        "|---|---|",
        f"| stories | {r['stories']} |",
        f"| briefs built | {r['briefs_built']} |",
        f"| briefs passing the check (written by `newsfuse run`) | {r['briefs_passing']} |",
        f"| stories without a brief | {r['stories_without_brief']} |",
        f"| stories the builder recorded as failures | {len(r['builder_failures'])} |",
        f"| sentences | {r['sentences']:,} |",
        f"| citations (verbatim + supporting) | {r['citations']:,} "
        f"({r['verbatim_citations']:,} + {r['supporting_citations']:,}) |",
        f"| **unfaithful sentences** (must be 0) | **{r['unfaithful_sentences']}** |",
        f"| peak resident memory | {r['peak_rss_mb']:,.0f} MB |",
        "",
        "| stage | seconds |",
        "|---|---|",
        *(f"| {k} | {v:.1f} |" for k, v in r["seconds"].items()),
    ]
    if r["long_left_out"]:
        lines += ["", f"- {r['long_left_out']} articles longer than {r['max_chars']:,} "
                  "characters left out"]  # fmt: skip
    if r["problems_by_reason"]:
        lines += ["", "Problems by reason:", ""]
        lines += [f"- {k}: {v}" for k, v in sorted(r["problems_by_reason"].items())]
        lines += ["", "First problems:", ""] + [f"- {p}" for p in r["problem_examples"]]
    if r["builder_failures"]:
        lines += ["", "Builder failures:", ""] + [f"- {f}" for f in r["builder_failures"][:10]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="how many (default: all)")
    ap.add_argument("--sample", type=int, default=None, help="a random sample with this seed")
    ap.add_argument("--raw", action="store_true", help="keep the PTB-tokenised text")
    ap.add_argument("--max-chars", type=int, default=None, help="leave out longer articles")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    try:
        result = run(args.articles, sample=args.sample, raw=args.raw, max_chars=args.max_chars)
    except DataMissingError as exc:
        print(f"cannot run: {exc}", file=sys.stderr)
        return 2
    md = markdown(result)
    print(md)
    if not args.no_save:
        save_results("faithfulness", result, md)
    return 1 if result["unfaithful_sentences"] else 0


if __name__ == "__main__":
    sys.exit(main())
