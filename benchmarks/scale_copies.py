"""The copies stage at scale: time and memory of the copy index, and a before/after on Timeline17.

    python benchmarks/scale_copies.py --articles 100000                # generated corpus
    python benchmarks/scale_copies.py --articles 1000000 --batch 5000
    python benchmarks/scale_copies.py --timeline17 2000 --baseline DIR  # DIR/src: the old code

**Generated corpus** (``--articles N``): built at run time from the real articles of
Timeline17 (``../shared/data/timeline17``, read by ``benchmarks/_syndication.py``), streamed in
batches, never written to the repository. An *original* is a real article's first sentence
followed by sentences drawn at random from articles of the same topic (so originals share
little), dated on one of 60 days, from one of 40 outlets; then, at known rates per original,
derived articles: an exact copy (quote marks and white space changed, ``--exact``), a wrap in a
made-up site's menu and footer (``--wrap``), a light edit (``--edit``), a truncation
(``--trunc``), a rule-based rewrite (``_paraphraser.py``, ``--rewrite``), and a page sharing a
passage of it inside another original's text (``--passage``). Derived articles are published
on the same day or up to two days later.

The copies stage is timed as a pipeline run has it: ``CopyIndex.update`` over batches of
``--batch`` articles, its state in an SQLite store on disk (a temporary directory), the old
articles it needs read back from the store's articles table (where each batch is put first,
untimed, as the store stage leaves it). Reported: articles/s (CPU and wall), peak RSS of the process
(``ru_maxrss``; generation included, which holds one batch of texts), the index's bytes in
memory and the store's bytes per article, and the links by type. ``--incremental K`` then adds
K new generated articles to the store and times that, against the same K added to an empty
store.

**Timeline17** (``--timeline17 N``): a seeded random sample of N distinct Timeline17 articles
(as ``benchmarks/stories.py`` reads them), ``find_copies`` in a child process: CPU and wall
seconds, peak RSS, links by type and how many join two pages of one outlet. With
``--baseline DIR`` the same sample is run with the code under ``DIR/src`` (e.g. a ``git
archive`` of an earlier commit) in another child, for a before/after in one run.

Results go to stdout and ``benchmarks/results/scale_copies[_<name>].{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import DataMissingError, save_results

REPO = Path(__file__).resolve().parents[1]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the generated corpus ----------------------------------------------------------------


class Generator:
    """Originals and derived articles at known rates, in batches (see the module docstring)."""

    def __init__(self, args: argparse.Namespace) -> None:
        from _paraphraser import Paraphraser
        from _syndication import SITES, load_timeline17

        self.pool = [a for a in load_timeline17() if len(a.sentences) >= 6]
        self.by_topic: dict[str, list[Any]] = {}
        for a in self.pool:
            self.by_topic.setdefault(a.topic, []).append(a)
        self.sites = SITES
        self.vocab = {
            t: sorted({w for a in arts for s in a.sentences for w in s.split() if w.isalpha()})
            for t, arts in self.by_topic.items()
        }
        self.paraphraser = Paraphraser(strength=0.6)
        self.rates = {
            "exact": args.exact,
            "wrap": args.wrap,
            "edit": args.edit,
            "trunc": args.trunc,
            "rewrite": args.rewrite,
            "passage": args.passage,
        }
        self.seed = args.seed
        self.kinds: Counter[str] = Counter()

    def _original(self, rng: random.Random, k: int) -> tuple[list[str], str, int]:
        src = rng.choice(self.pool)
        topic = self.by_topic[src.topic]
        n = max(6, min(40, len(rng.choice(topic).sentences)))
        sents = [src.sentences[0]]
        while len(sents) < n:
            other = rng.choice(topic)
            sents.append(rng.choice(other.sentences))
        # one word in four replaced by a word of the topic: two originals drawing the same
        # real sentence do not share a passage (which would be a real link)
        vocab = self.vocab[src.topic]
        out = []
        for s in sents:
            words = s.split()
            for i in range(len(words)):
                if rng.random() < 0.25 and words[i].isalpha():
                    words[i] = rng.choice(vocab)
            out.append(" ".join(words))
        return out, src.topic, rng.randrange(60)

    def batches(self, total: int, size: int) -> Iterator[list[Any]]:
        from _syndication import exact_variant, junk_blocks, light_edit, paragraphs
        from newsfuse.records import Article, Passage, content_id

        rng = random.Random(self.seed)
        made = 0
        batch: list[Any] = []
        k = 0
        while made < total:
            sents, _topic, day = self._original(rng, k)
            text = paragraphs(sents, rng)
            outlet = f"Outlet {rng.randrange(40)}"
            group = [("original", text, outlet, day)]
            for kind, rate in self.rates.items():
                if rng.random() >= rate:
                    continue
                d = day + rng.choice((0, 0, 1, 2))
                if kind == "exact":
                    group.append((kind, exact_variant(text, rng), f"Mirror {rng.randrange(20)}", d))
                elif kind == "wrap":
                    site = rng.choice(self.sites)
                    before, after = junk_blocks(site, max(40, len(text.split()) // 5), rng)
                    body = "\n\n".join([*before, text, *after])
                    group.append((kind, body, site.name, d))
                elif kind == "edit":
                    group.append(
                        (
                            kind,
                            paragraphs(light_edit(sents, rng), rng),
                            f"Outlet {rng.randrange(40)}",
                            d,
                        )
                    )
                elif kind == "trunc":
                    cut = sents[: max(2, int(len(sents) * rng.uniform(0.4, 0.7)))]
                    group.append((kind, paragraphs(cut, rng), f"Brief {rng.randrange(10)}", d))
                elif kind == "rewrite":
                    rw = self.paraphraser.rewrite(sents, rng)
                    group.append((kind, paragraphs(rw, rng), f"Ticker {rng.randrange(10)}", d))
                elif kind == "passage":
                    other, _t, _d = self._original(rng, k)
                    lo = rng.randrange(max(1, len(sents) - 4))
                    mixed = other[:4] + sents[lo : lo + 4] + other[4:10]
                    group.append((kind, paragraphs(mixed, rng), f"Gazette {rng.randrange(10)}", d))
            k += 1
            for kind, body, out, d in group:
                if made >= total:
                    break
                source = f"gen/{k}/{kind}"
                aid = content_id(f"{source}\n{body}".encode())
                published = f"2010-{1 + d // 28:02d}-{1 + d % 28:02d}"
                batch.append(
                    Article(aid, source, "text", body, outlet=out, published=published,
                            passages=(Passage(0, len(body)),))
                )  # fmt: skip
                self.kinds[kind] += 1
                made += 1
                if len(batch) >= size:
                    yield batch
                    batch = []
        if batch:
            yield batch


def store_articles(store: Any, arts: Sequence[Any]) -> None:
    """Put a batch of generated articles into the store's documents and articles tables in one
    transaction (as the pipeline's store stage leaves them; not timed)."""
    from newsfuse.store.sqlite import _ARTICLE_COLUMNS, _article_row

    with store.copy_transaction() as tx:
        tx.executemany(
            "INSERT OR IGNORE INTO documents (id, kind, raw, size, added) VALUES (?, 'text', ?, ?, '')",
            [(a.id, b"", len(a.text)) for a in arts],
        )
        rows = [_article_row(a, "bench") for a in arts]
        tx.executemany(
            f"INSERT OR REPLACE INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))})",
            [tuple(r[c] for c in _ARTICLE_COLUMNS) for r in rows],
        )


def run_generated(args: argparse.Namespace) -> dict[str, Any]:
    from newsfuse.dedup.index import CopyIndex
    from newsfuse.store import Store

    gen = Generator(args)
    with tempfile.TemporaryDirectory(prefix="scale_copies_") as tmp:
        store = Store(Path(tmp) / "store.db")
        index = CopyIndex(store, batch=args.batch)
        cpu = wall = 0.0
        done = 0
        links: Counter[str] = Counter()
        t_start = time.perf_counter()
        for batch in gen.batches(args.articles, args.batch):
            store_articles(store, batch)
            c0, w0 = time.process_time(), time.perf_counter()
            delta = index.update(batch)
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            done += len(batch)
            for lk in delta.links_added:
                links[lk.type] += 1
            for lk in delta.links_removed:
                links[lk.type] -= 1
            if done % (args.batch * 10) == 0 or done == args.articles:
                log(
                    f"{done:,} articles: copies {done / max(cpu, 1e-9):,.0f}/s CPU, "
                    f"{done / max(wall, 1e-9):,.0f}/s wall; peak {peak_mib():,.0f} MiB; "
                    f"index {index.nbytes / 2**20:,.0f} MiB; {time.perf_counter() - t_start:,.0f} s in all"
                )
        store_bytes = copy_bytes(store)
        counts = store.counts()
        result: dict[str, Any] = {
            "articles": done,
            "batch": args.batch,
            "kinds": dict(gen.kinds),
            "cpu_s": round(cpu, 1),
            "wall_s": round(wall, 1),
            "articles_per_cpu_s": round(done / cpu, 1) if cpu else None,
            "articles_per_wall_s": round(done / wall, 1) if wall else None,
            "peak_rss_mib": round(peak_mib()),
            "index_bytes_per_article": round(index.nbytes / done),
            "store_bytes_per_article": round(store_bytes / done),
            "links": dict(links),
            "stored_links": counts["links"],
            "families": counts["families"],
        }
        if args.incremental:
            result["incremental"] = incremental(args, store)
        store.close()
    return result


def copy_bytes(store: Any) -> int:
    """Bytes of the copy stage's tables and indexes in the store (dbstat)."""
    tables = ("copy_docs", "copy_runs", "copy_origins", "copy_keys", "copy_edges",
              "family_members", "links", "families", "copy_docs_by_exact", "copy_keys_by_num",
              "copy_edges_by_b", "family_members_by_family", "links_by_b")  # fmt: skip
    q = f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(tables))})"
    try:
        return int(store.copy_connection().execute(q, tables).fetchone()[0] or 0)
    except sqlite3.Error:  # an SQLite built without dbstat: the whole file
        return int(store.path.stat().st_size)


def incremental(args: argparse.Namespace, store: Any) -> dict[str, Any]:
    """K new articles added to the full store, and the same K added to an empty store."""
    from newsfuse.dedup.index import CopyIndex
    from newsfuse.store import Store

    extra = argparse.Namespace(**{**vars(args), "seed": args.seed + 1})
    (new,) = list(Generator(extra).batches(args.incremental, args.incremental))
    store_articles(store, new)
    t0 = time.perf_counter()
    CopyIndex(store, batch=args.batch).update(new)  # opened again, as a run does
    full = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as empty:
        store_articles(empty, new)
        t0 = time.perf_counter()
        CopyIndex(empty, batch=args.batch).update(new)
        alone = time.perf_counter() - t0
    return {
        "added": len(new),
        "into_full_store_s": round(full, 2),
        "into_empty_store_s": round(alone, 2),
        "ratio": round(full / alone, 2) if alone else None,
    }


# --- Timeline17 before / after -------------------------------------------------------------

CHILD = r"""
import json, random, resource, sys, time
from collections import Counter
sys.path.insert(0, {bench!r})
from stories import timeline17_articles
arts = [a for a, *_ in timeline17_articles()]
random.Random({seed}).shuffle(arts)
arts = arts[:{n}]
import newsfuse.dedup
from newsfuse.dedup import find_copies
c0, w0 = time.process_time(), time.perf_counter()
rep = find_copies(arts)
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
by = {{a.id: a for a in arts}}
same = Counter(lk.type for lk in rep.links if by[lk.a].outlet == by[lk.b].outlet)
print(json.dumps({{
    "code": newsfuse.dedup.__file__, "articles": len(arts), "cpu_s": round(cpu, 1),
    "wall_s": round(wall, 1), "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "links": dict(Counter(lk.type for lk in rep.links)), "same_outlet_links": dict(same),
    "families": sum(1 for f in rep.families if len(f.members) > 1),
}}))
"""


def run_timeline17(n: int, seed: int, src: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    code = CHILD.format(bench=str(REPO / "benchmarks"), seed=seed, n=n)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"the child running {src} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# --- report --------------------------------------------------------------------------------


def markdown(res: dict[str, Any]) -> str:
    lines = [f"# The copies stage at scale\n\nCommand: `{res['command']}`.\n"]
    if "generated" in res:
        g = res["generated"]
        lines += [
            f"Generated corpus: {g['articles']:,} articles ({g['kinds']}), batches of {g['batch']:,}.\n",
            "| articles | CPU s | wall s | articles/CPU s | articles/wall s | peak RSS MiB | index B/article | store B/article |",
            "|---|---|---|---|---|---|---|---|",
            f"| {g['articles']:,} | {g['cpu_s']:,} | {g['wall_s']:,} | {g['articles_per_cpu_s']:,} | "
            f"{g['articles_per_wall_s']:,} | {g['peak_rss_mib']:,} | {g['index_bytes_per_article']:,} | "
            f"{g['store_bytes_per_article']:,} |",
            "",
            f"Links by type: {g['links']}; {g['stored_links']:,} links, {g['families']:,} families stored.",
        ]
        if "incremental" in g:
            i = g["incremental"]
            lines.append(
                f"\nIncremental: {i['added']:,} new articles into the full store {i['into_full_store_s']} s, "
                f"into an empty store {i['into_empty_store_s']} s (ratio {i['ratio']})."
            )
    if "timeline17" in res:
        lines += [
            "\n## Timeline17, find_copies\n",
            "| code | articles | CPU s | wall s | peak RSS MiB | links | same-outlet links |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, r in res["timeline17"].items():
            lines.append(
                f"| {name} | {r['articles']:,} | {r['cpu_s']} | {r['wall_s']} | {r['peak_rss_mib']:,} | "
                f"{r['links']} | {r['same_outlet_links']} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=0, help="generated articles (0: none)")
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--incremental", type=int, default=0, help="then add this many new articles")
    for kind, rate in (
        ("exact", 0.1),
        ("wrap", 0.1),
        ("edit", 0.1),
        ("trunc", 0.05),
        ("rewrite", 0.05),
        ("passage", 0.05),
    ):
        p.add_argument(
            f"--{kind}", type=float, default=rate, help=f"rate per original (default {rate})"
        )
    p.add_argument("--timeline17", type=int, default=0, help="Timeline17 articles (0: none)")
    p.add_argument("--baseline", type=Path, help="a folder whose src/ holds the code to compare")
    p.add_argument("--name", default="")
    p.add_argument("--no-save", action="store_true")
    args = p.parse_args(argv)
    res: dict[str, Any] = {
        "command": " ".join(["python benchmarks/scale_copies.py", *(argv or sys.argv[1:])])
    }
    try:
        if args.timeline17:
            res["timeline17"] = {}
            if args.baseline:
                log(f"Timeline17 {args.timeline17}: the code in {args.baseline} ...")
                res["timeline17"]["before"] = run_timeline17(
                    args.timeline17, args.seed, args.baseline / "src"
                )
            log(f"Timeline17 {args.timeline17}: this code ...")
            res["timeline17"]["after" if args.baseline else "this code"] = run_timeline17(
                args.timeline17, args.seed, REPO / "src"
            )
        if args.articles:
            res["generated"] = run_generated(args)
    except DataMissingError as exc:
        log(f"skipped: {exc}")
        return 2
    md = markdown(res)
    print(md)
    if not args.no_save:
        save_results("scale_copies" + (f"_{args.name}" if args.name else ""), res, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
