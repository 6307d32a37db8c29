"""Live-blog splitting on real news text (../shared/data/timeline17).

Two measurements, from the same articles (one sentence per line in the data; two sentences
make a paragraph here, about the size of a news paragraph):

* false splits: ordinary articles that the splitter cuts into several passages;
* recovery: synthetic round-ups made of 2-4 articles of *different* topics laid end to end
  (no headings, as in a scraped live blog): how often the passage count is right, and the
  share of true story boundaries found exactly; and the same round-ups again, as a page whose
  title says it is a live blog (``roundup=True``) would be read.

    python benchmarks/liveblog.py [--articles 600] [--roundups 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _data import CACHE_DIR, dataset_dir  # noqa: E402
from newsfuse.extract.liveblog import split_passages  # noqa: E402

_PTB = {"-LRB-": "(", "-RRB-": ")", "``": "“", "''": "”", "-LSB-": "[", "-RSB-": "]"}


def _detok(line: str) -> str:
    for a, b in _PTB.items():
        line = line.replace(a, b)
    return re.sub(r" ([.,;:!?%)’”])|([(“]) | (n't|'s|'re|'ve|'ll|'d)\b", r"\1\2\3", line)


def articles() -> list[tuple[str, list[str]]]:
    """(topic, paragraphs) for every non-trivial article of the timeline17 copy."""
    root = CACHE_DIR / "timeline17"
    if not (root / "Timeline17").is_dir():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(dataset_dir("timeline17") / "timeline17.tar.xz") as tar:
            tar.extractall(root, filter="data")
    out = []
    for path in sorted((root / "Timeline17").glob("*/InputDocs/*/*.txt")):
        topic = path.parts[-4].split("_")[0]
        lines = [_detok(x.strip()) for x in path.read_text("utf-8", "replace").splitlines() if x.strip()]
        paras = [" ".join(lines[i : i + 2]) for i in range(0, len(lines), 2)]
        if len(paras) >= 4:
            out.append((topic, paras))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--roundups", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    arts = articles()

    sample = rng.sample(arts, min(args.articles, len(arts)))
    t0 = time.perf_counter()
    split = sum(len(split_passages(p, language="en")) > 1 for _t, p in sample)
    secs = time.perf_counter() - t0
    print(f"ordinary articles split into several passages: {split}/{len(sample)} ({split / len(sample):.1%})"
          f"  [{len(sample) / secs:.0f} articles/s]")

    by_topic: dict[str, list[list[str]]] = {}
    for topic, paras in arts:
        by_topic.setdefault(topic, []).append(paras)
    topics = sorted(by_topic)
    right_count = found = total = 0
    told_right = told_found = 0  # the same round-ups, told that they are one (a live-blog title)
    for _ in range(args.roundups):
        k = rng.randint(2, min(4, len(topics)))
        chosen = rng.sample(topics, k)
        stories = [rng.choice(by_topic[t])[:6] for t in chosen]
        paras = [p for s in stories for p in s]
        truth = set()
        pos = 0
        for s in stories[:-1]:
            pos += len(s)
            truth.add(pos)
        cuts = {a for a, _b, _t in split_passages(paras, language="en")} - {0}
        right_count += len(cuts) == len(truth)
        found += len(cuts & truth)
        total += len(truth)
        told = {a for a, _b, _t in split_passages(paras, language="en", roundup=True)} - {0}
        told_right += len(told) == len(truth)
        told_found += len(told & truth)
    print(f"round-ups of 2-4 stories: passage count right {right_count}/{args.roundups} "
          f"({right_count / args.roundups:.1%}); story boundaries found exactly {found}/{total} "
          f"({found / total:.1%})")
    print(f"  the same, titled as a live blog (roundup=True): passage count right "
          f"{told_right}/{args.roundups} ({told_right / args.roundups:.1%}); boundaries found "
          f"exactly {told_found}/{total} ({told_found / total:.1%})")


if __name__ == "__main__":
    main()
