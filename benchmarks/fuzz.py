"""Release fuzzing: coverage-guided (atheris / libFuzzer) runs of newsfuse's per-document path.

    pip install atheris
    python benchmarks/fuzz.py [--seconds 300] [--targets ingest,extract,text,finders] [--no-save]
    python benchmarks/fuzz.py --property-examples 2000   # also the suite's hypothesis tests

Each target runs in its own process for ``--seconds``, fed by libFuzzer from a seed corpus
(the demo corpus, pieces of HTML, feeds, JSONL, WARC and gzip written here) and guided by the
coverage of newsfuse's own code:

=========  ===================================================================================
target     what one input goes through
=========  ===================================================================================
ingest     the bytes as stdin: sniffing, gzip, JSONL, WARC, feeds, decoding
extract    every document of those bytes through extraction (HTML cascade, text cleaner,
           metadata, dates, live-blog splitting), as ``newsfuse extract`` does
text       the bytes decoded as text through the scraped-text cleaner and the live-blog splitter
finders    the bytes decoded as text through every claim finder (names, quotes and speakers,
           time expressions, figures, sentences) and the sentence similarity
=========  ===================================================================================

A *crash* is any exception other than a :class:`newsfuse.errors.NewsfuseError` (which is how
newsfuse reports a bad input), or an input that takes more than ``--timeout`` seconds; each
one is saved under ``benchmarks/.cache/fuzz/<target>/crash-*`` for replay
(``python benchmarks/fuzz.py --replay FILE --targets T``). The table (inputs run, crashes,
coverage) goes to ``benchmarks/results/fuzz.md``. With ``--property-examples N`` the suite's
own property tests (hypothesis, tests/**/test_*fuzz*.py and friends) run with N examples each.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from _data import CACHE_DIR, REPO_ROOT, save_results

TARGETS = ("ingest", "extract", "text", "finders")
FUZZ_DIR = CACHE_DIR / "fuzz"


# -- the targets (run inside the fuzzing process) --------------------------------------------


def _settings() -> Any:
    from newsfuse.config import Settings

    return Settings(max_bytes=256 * 1024, fetch_timeout=1.0, detect_language=True)


def _documents(data: bytes) -> list[Any]:
    from newsfuse.ingest import iter_documents
    from newsfuse.records import RawDocument

    return [
        d
        for d in iter_documents(["-"], _settings(), stdin=io.BytesIO(data))
        if isinstance(d, RawDocument)
    ]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def target_ingest(data: bytes) -> None:
    from newsfuse.ingest import decode_bytes
    from newsfuse.records import RawDocument

    for doc in _documents(data):
        assert isinstance(doc, RawDocument)
        decode_bytes(doc.data, source=doc.source, declared=doc.encoding, kind=doc.kind)


def target_extract(data: bytes) -> None:
    from newsfuse.extract import extract_document

    for doc in _documents(data):
        article = extract_document(doc, _settings())
        assert all(0 <= p.start <= p.end <= len(article.text) for p in article.passages)


def target_text(data: bytes) -> None:
    from newsfuse.extract.liveblog import passages_for
    from newsfuse.extract.text import clean_text

    cleaned = clean_text(_text(data))
    passages_for(cleaned.text)


def target_finders(data: bytes) -> None:
    import datetime as dt

    from newsfuse.claims.extract import read_text
    from newsfuse.dedup.similarity import SentenceSimilarity

    text = _text(data)
    sentences, *_found = read_text(text, dt.date(2026, 3, 12))
    for s, e in sentences:
        assert 0 <= s <= e <= len(text)
    parts = [text[s:e] for s, e in sentences[:20]] or [text[:200]]
    SentenceSimilarity().matrix(parts, parts)


def run_target(name: str) -> None:
    """The body of one fuzzing process (``--child NAME``): atheris over the target."""
    import atheris

    with atheris.instrument_imports(include=["newsfuse"]):
        import newsfuse.claims.extract
        import newsfuse.dedup.similarity
        import newsfuse.extract
        import newsfuse.ingest  # noqa: F401
    from newsfuse.errors import NewsfuseError

    fn = globals()[f"target_{name}"]
    out = FUZZ_DIR / name
    out.mkdir(parents=True, exist_ok=True)
    crashes = [0]

    def one(data: bytes) -> None:
        try:
            fn(data)
        except NewsfuseError:
            pass  # a bad input reported as such: the expected outcome
        except Exception:
            crashes[0] += 1
            path = out / f"crash-{crashes[0]:04d}-{abs(hash(data)) % 10**8:08d}"
            path.write_bytes(data)
            (path.with_suffix(".txt")).write_text(traceback.format_exc(), encoding="utf-8")
            print(f"NEWSFUSE-CRASH {path}", flush=True)

    atheris.Setup(sys.argv[:1] + sys.argv[3:], one)
    atheris.Fuzz()


# -- seeds ----------------------------------------------------------------------------------


def write_seeds(folder: Path) -> int:
    """A small seed corpus of every input kind (our own texts only)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds: dict[str, bytes] = {}
    for p in sorted((REPO_ROOT / "examples" / "corpus").iterdir()):
        seeds[p.name] = p.read_bytes()[:20000]
    art = "VALDORA (NPA) — About 4,000 people were evacuated on Tuesday, the governor said. “We will not gamble,” Brandt told reporters on March 12."
    seeds["doc.jsonl"] = (
        json.dumps({"text": art, "title": "Dam", "published": "2026-03-12"}) + "\n"
    ).encode()
    seeds["doc.rss"] = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
        f"<description>{art}</description><link>https://a.example/x</link></item></channel></rss>"
    ).encode()
    seeds["doc.atom"] = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title>'
        f'<content type="html">&lt;p&gt;{art}&lt;/p&gt;</content></entry></feed>'
    ).encode()
    html = f"<html><head><title>Dam</title></head><body><article><h1>Dam</h1><p>{art}</p></article></body></html>"
    seeds["doc.html"] = html.encode()
    body = html.encode()
    seeds["doc.warc"] = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/x\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(body) + 45}\r\n\r\n".encode()
        + b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        + body
        + b"\r\n\r\n"
    )
    seeds["doc.jsonl.gz"] = gzip.compress(seeds["doc.jsonl"])
    seeds["numbers.txt"] = (
        "10.03.2026 192.168.1.1 $ 169.000.00 three hundred and twelve 1e400 ١٢٣".encode()
    )
    for name, data in seeds.items():
        (folder / name.replace("/", "_")).write_bytes(data)
    return len(seeds)


# -- the driver ------------------------------------------------------------------------------


def fuzz(name: str, seconds: int, timeout: int, seeds: Path) -> dict[str, Any]:
    corpus = FUZZ_DIR / name / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        __file__,
        "--child",
        name,
        str(corpus),
        str(seeds),
        f"-max_total_time={seconds}",
        f"-timeout={timeout}",
        "-rss_limit_mb=4096",
        "-max_len=65536",
        f"-artifact_prefix={FUZZ_DIR / name}/",
        "-print_final_stats=1",
    ]
    start = time.monotonic()
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=False, cwd=Path(__file__).parent
    )
    wall = time.monotonic() - start
    log = done.stdout + done.stderr
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    cov = re.findall(r"cov: (\d+)", log)
    crashes = log.count("NEWSFUSE-CRASH")
    libfuzzer_stop = "ERROR: libFuzzer" in log or "==ERROR" in log or done.returncode not in (0,)
    (FUZZ_DIR / name / "last.log").write_text(log, encoding="utf-8")
    return {
        "target": name,
        "seconds": round(wall, 1),
        "inputs_run": int(runs[-1]) if runs else None,
        "coverage_edges": int(cov[-1]) if cov else None,
        "crashes": crashes,
        "timeouts_or_aborts": int(bool(libfuzzer_stop)),
        "exit_code": done.returncode,
    }


def property_tests(examples: int) -> dict[str, Any]:
    env = {**os.environ, "NEWSFUSE_FUZZ_EXAMPLES": str(examples)}
    files = sorted(
        str(p.relative_to(REPO_ROOT))
        for p in (REPO_ROOT / "tests").rglob("test_*.py")
        if "hypothesis" in p.read_text(encoding="utf-8")
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
        env=env,
    )
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return {
        "files": len(files),
        "examples_per_test": examples,
        "seconds": round(time.monotonic() - start, 1),
        "result": tail,
        "exit_code": done.returncode,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        run_target(sys.argv[2])
        return
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seconds", type=int, default=300, help="fuzzing time per target")
    ap.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--property-examples", type=int, default=0)
    ap.add_argument("--replay", type=Path, help="run one saved input through --targets")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    targets = [t for t in args.targets.split(",") if t]
    for t in targets:
        if t not in TARGETS:
            ap.error(f"unknown target {t!r} (choose from {', '.join(TARGETS)})")
    if args.replay:
        data = args.replay.read_bytes()
        for t in targets:
            globals()[f"target_{t}"](data)
            print(f"{t}: ok")
        return
    seeds = FUZZ_DIR / "seeds"
    n_seeds = write_seeds(seeds)
    rows = [fuzz(t, args.seconds, args.timeout, seeds) for t in targets]
    prop = property_tests(args.property_examples) if args.property_examples else None
    lines = [
        f"# Fuzzing (atheris, {args.seconds} s per target, {n_seeds} seeds)",
        "",
        "| target | seconds | inputs run | coverage edges | crashes | timeouts/aborts |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['target']} | {r['seconds']} | {r['inputs_run']} | {r['coverage_edges']} | "
        f"{r['crashes']} | {r['timeouts_or_aborts']} |"
        for r in rows
    ]
    if prop:
        lines += [
            "",
            f"Property tests ({prop['files']} files, {prop['examples_per_test']} examples "
            f"each, {prop['seconds']} s): {prop['result']}",
        ]
    lines += ["", f"Crash inputs are saved in {FUZZ_DIR.relative_to(REPO_ROOT)}/<target>/."]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_save:
        save_results("fuzz", {"targets": rows, "property_tests": prop, "seeds": n_seeds}, text)


if __name__ == "__main__":
    main()
