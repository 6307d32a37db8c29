"""The extract stage of `newsfuse run` on a local Dask cluster: what the client process pays.

    python benchmarks/dask_reading.py [--size 3000] [--workers 2] [--kinds text,html]
                                      [--repeat 1] [--no-save]

Corpora: the scale benchmark's JSONL of real news text (``benchmarks/_scale_corpus.py``, plain
text in the ``text`` field) and the same articles as HTML pages (``html`` field: title,
a menu, the paragraphs, a footer), written once to ``benchmarks/.cache/scale/``.

For each corpus, a fresh process runs the extract stage as ``Pipeline.run`` does (the
documents read, extracted by the backend, stored in batches of the run; the copy, story,
claim and brief stages are not run: they do not depend on where the inputs are read) with
``Settings(backend="dask", workers=N)``, and measures the client process alone from
``getrusage(RUSAGE_SELF)``: CPU seconds (the scheduler of the local cluster runs in it and
is included; the workers are other processes), peak RSS, and wall seconds (the cluster's
start is not counted: it is the same either way). Run it from a frozen copy and point
``PYTHONPATH`` at the code to measure (before or after a change): the child imports
``newsfuse`` from there, and says whether the workers read the inputs (``reads_inputs``).
"""

from __future__ import annotations

import argparse
import html
import inspect
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _scale_corpus
from _data import save_results

PARAMS = {"size": 1000, "distractors": 400, "seed": 0}


def corpus(size: int, kind: str) -> Path:
    text = _scale_corpus.write(_scale_corpus.SCALE_DIR / f"stream-{size}.jsonl", size, **PARAMS)
    if kind == "text":
        return text
    out = _scale_corpus.SCALE_DIR / f"stream-{size}-html.jsonl"
    if not out.is_file():
        tmp = out.with_suffix(".tmp")
        with text.open(encoding="utf-8") as f, tmp.open("w", encoding="utf-8") as w:
            for line in f:
                row = json.loads(line)
                title = html.escape(row.get("title") or "")
                paras = "".join(
                    f"<p>{html.escape(p.strip())}</p>" for p in row.pop("text").split("\n\n")
                )
                row["html"] = (
                    f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
                    f"<a href='/world'>World</a></nav><article><h1>{title}</h1>{paras}"
                    f"</article><footer>Copyright {html.escape(row.get('outlet') or '')}"
                    "</footer></body></html>"
                )
                w.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.replace(out)
    return out


def child(path: str, db: str, workers: int) -> dict[str, Any]:
    """The extract stage of a run, in this process (see the module docstring)."""
    import newsfuse.pipeline as pl
    from newsfuse.config import Settings
    from newsfuse.store import Store

    pipeline = pl.Pipeline(Settings(backend="dask", workers=workers))
    pipeline.backend.start()
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    counts: dict[str, int] = {}
    with Store(db) as store:
        run_id = store.begin_run([path], {})

        def already(doc: Any) -> bool:
            return bool(store.has_article(doc.id, pl.EXTRACTOR_VERSION))

        kw: dict[str, Any] = {}
        if "known" in inspect.signature(pipeline.extract).parameters:
            kw["known"] = lambda: store.extracted_ids(pl.EXTRACTOR_VERSION)
        batch = pl._Batch(store, run_id)
        for doc, result in pipeline.extract([path], skip=already, **kw):
            key = type(result).__name__ if result is not None else "reused"
            counts[key] = counts.get(key, 0) + 1
            if result is None or not isinstance(result, pl.Failure):
                batch.add(doc, result)
        batch.flush()
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    digest = store_digest(Path(db))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    pipeline.backend.close()
    return {
        "reads_inputs": bool(getattr(pipeline.backend, "reads_inputs", False)),
        "client_cpu_s": round(cpu, 1),
        "peak_client_rss_mib": round(after.ru_maxrss / 1024),
        "wall_s": round(wall, 1),
        "counts": counts,
        "store_digest": digest,
    }


def store_digest(db: Path) -> str:
    """A digest of the documents (bytes, kind, url, meta, arrival order) and articles."""
    import hashlib
    import sqlite3

    h = hashlib.sha1()
    with sqlite3.connect(db) as conn:
        for row in conn.execute("SELECT id, kind, url, meta, raw FROM documents ORDER BY seq"):
            h.update(repr(row).encode())
        for row in conn.execute(
            "SELECT doc_id, source, title, author, published, outlet, text, removed, passages "
            "FROM articles ORDER BY doc_id"
        ):
            h.update(repr(row).encode())
    return h.hexdigest()[:16]


def full_run(src: Path, articles: int, workers: int, out: Path) -> dict[str, Any]:
    """``newsfuse run`` on the first ``articles`` lines of ``src`` (scale.newsfuse_run: the
    client process's CPU and peak RSS sampled every 0.2 s)."""
    import scale

    part = src.with_name(f"{src.stem}-first{articles}.jsonl")
    if not part.is_file():
        scale.slice_corpus(src, 0, articles, part)
    got = scale.newsfuse_run([part], out, None, ["--backend", "dask", "--workers", str(workers)])
    keep = ("exit_code", "wall_s", "client_cpu_s", "peak_client_rss_gib", "tree_cpu_s")
    row = {k: got[k] for k in keep}
    row["stage_seconds"] = got["stage_seconds"]
    row["store_digest"] = store_digest(out / "newsfuse.db")
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", default="text,html")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--label", default="")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--full", type=int, default=0, help="also `newsfuse run` on this many")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        path, db, workers = args.child
        print(json.dumps(child(path, db, int(workers))))
        return
    import tempfile

    rows: list[dict[str, Any]] = []
    fulls: list[dict[str, Any]] = []
    for kind in args.kinds.split(","):
        src = corpus(args.size, kind)
        for k in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                load = os.getloadavg()[0]
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        str(src),
                        f"{tmp}/s.db",
                        str(args.workers),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(done.stdout.strip().splitlines()[-1])
            row.update(kind=kind, size=args.size, attempt=k, load_before=round(load, 1))
            row["load_after"] = round(os.getloadavg()[0], 1)
            print(json.dumps(row), flush=True)
            rows.append(row)
            if args.full:
                with tempfile.TemporaryDirectory() as tmp:
                    load = os.getloadavg()[0]
                    full = full_run(src, args.full, args.workers, Path(tmp) / "out")
                full.update(kind=kind, size=args.full, attempt=k, load_before=round(load, 1))
                full["load_after"] = round(os.getloadavg()[0], 1)
                print(json.dumps(full), flush=True)
                fulls.append(full)
    command = "python benchmarks/dask_reading.py " + " ".join(sys.argv[1:])
    print(markdown(command, args, rows, fulls))
    if not args.no_save:
        name = f"dask_reading{'_' + args.label if args.label else ''}"
        save_results(name, {"extract": rows, "run": fulls}, markdown(command, args, rows, fulls))


def markdown(command: str, args: Any, rows: list[dict], fulls: list[dict]) -> str:
    lines = [
        f"Command: `{command}` (label {args.label or '-'})",
        "",
        "Extract stage alone:",
        "",
        "| corpus | articles | workers read | client CPU s | peak client MiB | wall s | load "
        "before/after | results | store digest |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['kind']} | {r['size']} | {r['reads_inputs']} | {r['client_cpu_s']} | "
            f"{r['peak_client_rss_mib']} | {r['wall_s']} | {r['load_before']}/{r['load_after']}"
            f" | {r['counts']} | {r['store_digest']} |"
        )
    if fulls:
        lines += [
            "",
            f"`newsfuse run` of the first {args.full} articles, --backend dask --workers "
            f"{args.workers}:",
            "",
            "| corpus | articles | client CPU s | peak client GiB | wall s | tree CPU s | "
            "extract s | load before/after | store digest |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in fulls:
            lines.append(
                f"| {r['kind']} | {r['size']} | {r['client_cpu_s']} | {r['peak_client_rss_gib']} "
                f"| {r['wall_s']} | {r['tree_cpu_s']} | {r['stage_seconds'].get('extract')} | "
                f"{r['load_before']}/{r['load_after']} | {r['store_digest']} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
