"""A bounded load test of `newsfuse serve` on 127.0.0.1: latency per endpoint, zero errors.

    python benchmarks/serve_load.py --build-store          # once: the 10k-article store
    python benchmarks/serve_load.py [--requests 2000] [--concurrency 16]

Two stores are served, one after the other, each by a real `newsfuse serve` process bound to
127.0.0.1 on a free port:

- ``demo``: `newsfuse run examples/corpus` into a fresh store (a few seconds);
- ``10k``: a syndication corpus of about 10,000 articles made by the generator of
  ``benchmarks/_syndication.py`` from Timeline17 (``../shared/data/timeline17``; originals with
  their exact copies, wraps, edits, truncations, rewrites, and stand-alone articles), written
  as one JSONL file and run through `newsfuse run` once (``--build-store``; it takes a while),
  kept in ``benchmarks/.cache/serve_load/`` (never committed).

For each store, ``--requests`` requests (default 2,000) are sent ``--concurrency`` at a time
(default 16) over a fixed, seeded mix of endpoints: the story list (plain, sorted, filtered),
story pages, article pages, search, entities, and their JSON twins. Ids are drawn from the
store beforehand. Every response must be 200; anything else (or a transport error) is an
error. The table gives p50 and p95 latency per endpoint, measured by the client.

The client is light, so that it takes little of the two cores it shares with the server: one
asyncio task per connection (``--concurrency`` of them, kept alive as a browser keeps them,
on uvloop when installed) writes a bare HTTP/1.1 GET and reads the answer by its
Content-Length (or chunks), with no HTTP library between. Each store is measured four ways:

- ``cached, first pass``: the server as it runs by default, with its page cache
  (:mod:`newsfuse.web.cache`), empty at the start; the requests that are the first of their
  URL are also given apart ("first visits": a page no one asked for yet, made from the store);
- ``cached, second pass``: the same requests again to the same server: pages visited before;
- ``no cache``: the same requests, 16 at a time, to a server started with ``--cache-mb 0``:
  every page made from the store, what a store that changes all the time costs;
- ``no cache, one at a time``: a quarter as many requests one at a time: the server's own
  time for a page, without the queue that 16 at a time on 2 shared cores builds.

The issue's target: p95 under 100 ms for story and article pages on the 10k store. Results go
to ``benchmarks/results/serve_load.{json,md}``, with the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _data import CACHE_DIR, REPO_ROOT, save_results

WORK = CACHE_DIR / "serve_load"
BIG_STORE = WORK / "big" / "newsfuse.db"
BIG_CORPUS = WORK / "syndication10k.jsonl"


# -- the stores ------------------------------------------------------------------------------


def write_big_corpus(path: Path, total: int, size: int, distractors: int, seed: int) -> int:
    """``total`` articles as JSONL (text and metadata of each): the generated syndication
    corpus, topped up with the Timeline17 articles it did not use (real articles, with their
    own real copies and rolling updates), in a seeded order."""
    from _syndication import SyndicationCorpus, detokenize, load_timeline17

    pool = load_timeline17()
    corpus = SyndicationCorpus(size=size, distractors=distractors, seed=seed).build(pool)
    rows = [
        {
            "text": a.text,
            "title": a.title,
            "outlet": a.outlet,
            "published": a.published,
            "credit": a.credit,
            "url": a.url,
        }
        for a in corpus.articles
    ]
    used = {m.source for m in corpus.members.values()}
    rest = [a for a in pool if a.key not in used]
    random.Random(seed).shuffle(rest)
    for a in rest[: max(0, total - len(rows))]:
        text = "\n\n".join(detokenize(s) for s in a.sentences)
        rows.append({"text": text, "outlet": a.outlet, "published": a.date})
    random.Random(seed).shuffle(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows[:total]:
            f.write(json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return min(total, len(rows))


def build_big_store(total: int, size: int, distractors: int, seed: int, jobs: int | None) -> None:
    n = write_big_corpus(BIG_CORPUS, total, size, distractors, seed)
    print(f"serve_load: {n} articles written to {BIG_CORPUS}", file=sys.stderr)
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", str(BIG_CORPUS), "--out",
           str(BIG_STORE.parent), "-q"]  # fmt: skip
    if jobs:
        cmd += ["--jobs", str(jobs)]
    start = time.monotonic()
    proc = subprocess.run(cmd, check=False)
    print(
        f"serve_load: newsfuse run exited {proc.returncode} after {time.monotonic() - start:.0f} s",
        file=sys.stderr,
    )


def build_demo_store(path: Path) -> None:
    if path.exists():
        return
    cmd = [sys.executable, "-m", "newsfuse.cli", "run", str(REPO_ROOT / "examples" / "corpus"),
           "--out", str(path.parent), "-q"]  # fmt: skip
    subprocess.run(cmd, check=False)


# -- the load ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, workers: int, cache_mb: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsfuse.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--cache-mb",
            str(cache_mb),
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300  # opening a store migrates it first (FTS index)
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(  # noqa: B904 - the server's own message says why
                    f"newsfuse serve exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("newsfuse serve did not start in 300 s")


def plan(store: Path, n: int, seed: int) -> list[tuple[str, str]]:
    """(endpoint label, URL path) for ``n`` requests, drawn with a fixed seed from the ids and
    words of the store."""
    from newsfuse.store import Store

    with Store(store) as st:
        stories = [b.story for b in st.briefs()] or [s.id for s in st.stories()]
        articles = list(st.article_summaries())
        entities = [e["id"] for e in st.entity_summaries() if e["mentions"]]
        outlets = sorted({a["outlet"] for a in st.article_summaries().values() if a["outlet"]})
        labels = [s.label for s in st.stories()]
    words = sorted({w for label in labels for w in label.split() if w.isalpha() and len(w) > 5})
    rng = random.Random(seed)
    mix = [
        ("GET /stories", 10, lambda: "/stories"),
        ("GET /stories?sort,filter", 8, lambda: rng.choice([
            "/stories?sort=size", "/stories?sort=sources&page=2", "/stories?sort=attention",
            f"/stories?outlet={rng.choice(outlets)}" if outlets else "/stories",
            f"/stories?q={rng.choice(words)}" if words else "/stories",
        ])),
        ("GET /stories/{id}", 22, lambda: f"/stories/{rng.choice(stories)}"),
        ("GET /articles/{id}", 22, lambda: f"/articles/{rng.choice(articles)}"),
        ("GET /search?q=", 10, lambda: f"/search?q={rng.choice(words) if words else 'news'}"),
        ("GET /entities", 4, lambda: "/entities"),
        ("GET /entities/{id}", 6, lambda: f"/entities/{rng.choice(entities)}"),
        ("GET /stories/{id}.json", 9, lambda: f"/stories/{rng.choice(stories)}.json"),
        ("GET /articles/{id}.json", 9, lambda: f"/articles/{rng.choice(articles)}.json"),
    ]  # fmt: skip
    labels_, weights = [m[0] for m in mix], [m[1] for m in mix]
    makers = {m[0]: m[2] for m in mix}
    out = []
    for _ in range(n):
        label = rng.choices(labels_, weights)[0]
        out.append((label, makers[label]()))
    return out


class Connection:
    """One keep-alive HTTP/1.1 connection: ``await conn.get(path)`` gives (status, body)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        accept = "application/json" if ".json" in path else "text/html"
        path = quote(path, safe="/?=&%")
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {accept}\r\n\r\n"
            .encode()
        )  # fmt: skip
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length, chunked, close = None, False, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(x[:-2] for x in parts)
        else:
            body = await self.reader.readexactly(length or 0)
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def percentiles(ms: list[float]) -> dict[str, Any]:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1),
        "max_ms": round(ms[-1], 1),
    }


async def load(base: str, requests: list[tuple[str, str]], concurrency: int) -> dict[str, Any]:
    """``requests`` sent over ``concurrency`` connections, each sending its next request when
    the last one is answered, in the plan's order."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    timings: dict[str, list[float]] = defaultdict(list)
    first: dict[str, list[float]] = defaultdict(list)  # the first request of its URL
    errors: list[str] = []
    seen: set[str] = set()
    queue = list(reversed(requests))
    conns = [Connection(host, int(port)) for _ in range(concurrency)]
    # warm-up, not counted: open the connections (/status is never cached)
    warm = time.perf_counter()
    await asyncio.gather(*(c.get("/status.json") for c in conns))
    warm_seconds = time.perf_counter() - warm

    async def worker(conn: Connection) -> None:
        while queue:
            label, path = queue.pop()
            is_first = path not in seen
            seen.add(path)
            t = time.perf_counter()
            try:
                status, _ = await conn.get(path)
                if status != 200:
                    errors.append(f"{status} {path}")
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(f"{type(exc).__name__} {path}")
                conn.close()
            ms = (time.perf_counter() - t) * 1000
            timings[label].append(ms)
            if is_first:
                first[label].append(ms)

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker(c) for c in conns)), timeout=1800)
    wall = time.perf_counter() - start
    for c in conns:
        c.close()
    return {
        "requests": len(requests),
        "concurrency": concurrency,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:10],
        "wall_seconds": round(wall, 1),
        "requests_per_second": round(len(requests) / wall, 1),
        "warmup_seconds": round(warm_seconds, 2),
        "endpoints": {label: percentiles(ms) for label, ms in sorted(timings.items())},
        "first_visits": {label: percentiles(ms) for label, ms in sorted(first.items())},
    }


def run_loop(coro: Any) -> Any:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - not on this machine
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def measure(
    name: str,
    store: Path,
    n: int,
    concurrency: int,
    seed: int,
    workers: int,
    cache_mb: int,
    modes: tuple[str, ...],
) -> list[dict[str, Any]]:
    """The plan sent once per mode in ``modes``, one after the other, to one server (with a
    page cache: the first pass finds it empty, the second finds what the first left)."""
    requests = plan(store, n, seed)
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "stories", "claim_clusters", "entities")
        }
    proc, base = start_server(store, workers, cache_mb)
    results: list[dict[str, Any]] = []
    try:
        for mode in modes:
            load_before = os.getloadavg()[0]
            result = run_loop(load(base, requests, concurrency))
            if not cache_mb or results:
                result.pop("first_visits")  # every request made from the store, or none
            result["store"] = {"name": name, **counts}
            result["mode"] = mode
            result["cache_mb"] = cache_mb
            result["workers"] = workers
            result["load_average"] = round(max(load_before, os.getloadavg()[0]), 2)
            print(
                f"serve_load: {name}, {mode}: {result['errors']} errors, "
                f"{result['requests_per_second']} req/s",
                file=sys.stderr,
            )
            results.append(result)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return results


PAGES = ("GET /stories/{id}", "GET /articles/{id}")


def markdown(results: list[dict[str, Any]], command: str) -> str:
    first = results[0] if results else {}
    lines = [
        "# newsfuse serve under load",
        "",
        f"`{command}`: {first.get('requests', 0)} requests per store, "
        f"{first.get('concurrency', 0)} at a time, by a bare asyncio HTTP/1.1 client on "
        f"127.0.0.1 (keep-alive connections, uvloop) against one `newsfuse serve --workers "
        f"{first.get('workers', 2)}` (uvicorn, httptools, uvloop; a page cache of "
        f"{first.get('cache_mb', 128)} MB per process when on) on the 2-core machine the "
        "other engineers share. Latency as the client measured it. Each store four ways: "
        "`cached, first pass` (the default server, its page cache on and empty at the start; "
        "*first visits* are the requests that were the first of their URL, pages made from the "
        "store), `cached, second pass` (the same requests again: pages visited before), "
        "`no cache` (`--cache-mb 0`: every page made from the store) and `no cache, one at a "
        "time` (a quarter as many requests: the server's own time for a page, without a "
        "queue). Target: p95 under 100 ms for story and article pages on the 10k store.",
        "",
        "| store | mode | story page p50 / p95 ms | article page p50 / p95 ms | requests/s | errors | load average |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for r in results:
        ep = r["endpoints"]
        cells = [f"{ep[k]['p50_ms']} / {ep[k]['p95_ms']}" if k in ep else "-" for k in PAGES]
        lines.append(
            f"| {r['store']['name']} | {r['mode']} | {cells[0]} | {cells[1]} | "
            f"{r['requests_per_second']} | {r['errors']} | {r['load_average']} |"
        )
        if "first_visits" in r:
            fv = r["first_visits"]
            cells = [
                f"{fv[k]['p50_ms']} / {fv[k]['p95_ms']} ({fv[k]['n']})" if k in fv else "-"
                for k in PAGES
            ]
            lines.append(
                f"| {r['store']['name']} | {r['mode']}: first visits (requests) | {cells[0]} | "
                f"{cells[1]} | | | |"
            )
    lines.append("")
    for r in results:
        st = r["store"]
        lines += [
            f"## {st['name']}, {r['mode']} ({r['requests']} requests, {r['concurrency']} at a "
            f"time): {st['articles']:,} articles, {st['stories']:,} stories, "
            f"{st['claim_clusters']:,} claims, {st['entities']:,} entities",
            "",
            f"{r['errors']} errors; {r['requests_per_second']} requests/s; wall {r['wall_seconds']} s; "
            f"machine load average {r['load_average']} on 2 cores.",
            "",
        ]
        fv = r.get("first_visits")
        if fv:
            lines += [
                "| endpoint | requests | p50 ms | p95 ms | max ms | first visits | p50 ms | p95 ms |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]  # fmt: skip
        else:
            lines += [
                "| endpoint | requests | p50 ms | p95 ms | max ms |",
                "|---|---:|---:|---:|---:|",
            ]
        for label, row in r["endpoints"].items():
            line = (
                f"| `{label}` | {row['n']} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} |"
            )
            if fv:
                f = fv.get(label, {"n": 0, "p50_ms": "-", "p95_ms": "-"})
                line += f" {f['n']} | {f['p50_ms']} | {f['p95_ms']} |"
            lines.append(line)
        lines.append("")
    return "\n".join(lines)


def _completed(store: Path) -> bool:
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return bool(row and row[0] == "completed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-store", action="store_true", help="build the 10k store")
    parser.add_argument("--articles", type=int, default=10_000, help="articles of the big store")
    parser.add_argument("--size", type=int, default=1400, help="generated families in it")
    parser.add_argument("--distractors", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="newsfuse serve --workers")
    parser.add_argument("--cache-mb", type=int, default=128, help="newsfuse serve --cache-mb")
    parser.add_argument("--stores", default="demo,10k", help="which stores (demo, 10k)")
    parser.add_argument("--no-save", action="store_true", help="print, do not write results/")
    args = parser.parse_args()
    if args.build_store:
        build_big_store(args.articles, args.size, args.distractors, args.seed, args.jobs)
        return
    wanted = set(args.stores.split(","))
    demo = WORK / "demo" / "newsfuse.db"
    stores = []
    if "demo" in wanted:
        build_demo_store(demo)
        stores.append(("demo", demo))
    if "10k" in wanted:
        if BIG_STORE.is_file() and _completed(BIG_STORE):
            stores.append(("10k", BIG_STORE))
        else:
            print(
                f"serve_load: no completed 10k store at {BIG_STORE}; build it with --build-store",
                file=sys.stderr,
            )
    results = []
    for name, path in stores:
        common = (path, args.requests, args.concurrency, args.seed, args.workers)
        results += measure(
            name, *common, args.cache_mb, ("cached, first pass", "cached, second pass")
        )
        results += measure(name, *common, 0, ("no cache",))
        quarter = (path, args.requests // 4, 1, args.seed, args.workers)
        results += measure(name, *quarter, 0, ("no cache, one at a time",))
    command = (
        "python benchmarks/serve_load.py"
        + (f" --requests {args.requests}" if args.requests != 2000 else "")
        + (f" --concurrency {args.concurrency}" if args.concurrency != 16 else "")
        + (f" --workers {args.workers}" if args.workers != 2 else "")
        + (f" --cache-mb {args.cache_mb}" if args.cache_mb != 128 else "")
        + (f" --stores {args.stores}" if wanted != {"demo", "10k"} else "")
    )
    text = markdown(results, command)
    print(text)
    if not args.no_save:
        save_results("serve_load", {"command": command, "results": results}, text)


if __name__ == "__main__":
    main()
