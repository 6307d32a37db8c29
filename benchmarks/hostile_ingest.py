"""Benchmark: wall time and peak memory of reading hostile inputs (``iter_documents``).

Each input is generated at run time (nothing is committed as data); the URL cases are served
by a local HTTP server on 127.0.0.1 started by this script:

======================  =======================================================================
case                    input
======================  =======================================================================
feed_quadratic          a 1.5 MB RSS feed: a 20 KB entity referenced 500,000 times (10 GB once
                        expanded); its DOCTYPE between two comments, which the sniffer admits
feed_billion_laughs     nested entities, ten levels of ten
feed_xxe                an external entity naming file:///etc/passwd (outcome: leaked or not)
feed_attributes         one element with 50,000 attributes (540 KB)
url_drip                a body of 400 bytes sent 8 bytes a second, ``--timeout 2``
url_drip_headers        header lines sent one a second, ``--timeout 2``
url_endless             an endless body without Content-Length
url_gzip_bomb           1 GiB of spaces as a 1 MB gzip Content-Encoding
url_short               a body 5,000 bytes shorter than its Content-Length
url_redirect_ftp        a redirect to ftp://
url_redirect_file       a redirect to file:///etc/passwd
jsonl_gz_6gb_line       a 6 MB .jsonl.gz: a line, a 6 GiB line, a line
warc_64mib_header       a WARC whose first record has a 64 MiB header line
latin1_30mb             30 MB of French prose in latin-1, no charset declared
======================  =======================================================================

Every case runs in a child process (``iter_documents`` on the input, each document decoded as
the extractor would), with the default Settings but ``--timeout``; the child's wall time and
peak resident memory (``os.wait4``'s rusage of that child alone) are recorded with what came
out. A child still running after ``--limit`` seconds is killed and shown as such;
``--memory`` caps each child's address space (a blowup then ends in MemoryError).

Usage::

    python benchmarks/hostile_ingest.py
    python benchmarks/hostile_ingest.py --cases url_drip,feed_quadratic --limit 120
    PYTHONPATH=<old checkout>/src python benchmarks/hostile_ingest.py --memory 4096 \
        --json before.json --no-save
    python benchmarks/hostile_ingest.py --before before.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

MiB = 1024 * 1024

# --- inputs ----------------------------------------------------------------------------------


def _rss(doctype: str, description: str, item_attributes: str = "") -> bytes:
    return (
        '<?xml version="1.0"?>\n<!-- a -->\n' + doctype + "\n<!-- b -->\n"
        '<rss version="2.0"><channel><title>Wire</title>'
        f"<item{item_attributes}><title>T</title><description>{description}</description>"
        "</item></channel></rss>"
    ).encode()


def feed_quadratic() -> bytes:
    # the prolog fits in the 64 KB the sniffer reads, so the file reaches the feed reader
    return _rss(f'<!DOCTYPE rss [\n<!ENTITY a "{"x" * 20_000}">\n]>', "&a;" * 500_000)


def feed_billion_laughs() -> bytes:
    decls = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">\n'
        for i in range(10)
    )
    return _rss(f"<!DOCTYPE rss [\n{decls}]>", "&lol9;")


def feed_xxe() -> bytes:
    return _rss('<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>', "before &x; after")


def feed_attributes() -> bytes:
    return _rss("", "d", " " + " ".join(f'a{i}="x"' for i in range(50_000)))


def jsonl_gz_6gb_line() -> bytes:
    member = gzip.compress(b"a" * (64 * MiB), compresslevel=9)
    return (
        gzip.compress(b'{"text": "first line"}\n{"text": "')
        + member * 96
        + gzip.compress(b'"}\n{"text": "after the long line"}\n')
    )


def warc_64mib_header() -> bytes:
    return b"WARC/1.0\r\nWARC-Type: response\r\nX-Big: " + b"A" * (64 * MiB) + b"\r\n\r\n"


def latin1_30mb() -> bytes:
    return ("Le président a déclaré que la grève continuerait. " * 600_000).encode("latin-1")


FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "feed_quadratic": ("rss", feed_quadratic),
    "feed_billion_laughs": ("rss", feed_billion_laughs),
    "feed_xxe": ("rss", feed_xxe),
    "feed_attributes": ("rss", feed_attributes),
    "jsonl_gz_6gb_line": ("jsonl.gz", jsonl_gz_6gb_line),
    "warc_64mib_header": ("warc", warc_64mib_header),
    "latin1_30mb": ("txt", latin1_30mb),
}
URLS = {
    "url_drip": "/drip",
    "url_drip_headers": "/drip-headers",
    "url_endless": "/endless",
    "url_gzip_bomb": "/gzip-bomb",
    "url_short": "/short",
    "url_redirect_ftp": "/to/ftp://127.0.0.1:9/x",
    "url_redirect_file": "/to/file:///etc/passwd",
}
CASES = [*FILES, *URLS]

# --- the hostile server ----------------------------------------------------------------------

PAGE = b"<html><body><p>" + b"The river rose two metres overnight. " * 20 + b"</p></body></html>"


class _Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bomb = b""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _head(self, status: int = 200, **headers: str) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        try:
            if path == "/drip":
                self._head(Content_Type="text/html", Content_Length="400")
                for _ in range(50):
                    self.wfile.write(b"x" * 8)
                    self.wfile.flush()
                    time.sleep(1)
            elif path == "/drip-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(50):
                    self.wfile.write(b"X-Slow: yes\r\n")
                    self.wfile.flush()
                    time.sleep(1)
            elif path == "/endless":
                self._head(Content_Type="text/html", Connection="close")
                while True:
                    self.wfile.write(b"y" * 65536)
            elif path == "/gzip-bomb":
                body = _Hostile.bomb
                self._head(
                    Content_Type="text/html", Content_Encoding="gzip", Content_Length=str(len(body))
                )
                self.wfile.write(body)
            elif path == "/short":
                self._head(
                    Content_Type="text/html",
                    Content_Length=str(len(PAGE) + 5000),
                    Connection="close",
                )
                self.wfile.write(PAGE)
            elif path.startswith("/to/"):
                self._head(302, Location=path[len("/to/") :], Content_Length="0")
            else:
                self._head(404, Content_Length="0")
        except OSError:  # the client gave up
            pass


def _serve() -> tuple[ThreadingHTTPServer, str]:
    _Hostile.bomb = gzip.compress(b" " * (1024 * MiB), compresslevel=1)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# --- running ---------------------------------------------------------------------------------

CHILD = r"""
import sys
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest import decode_bytes, iter_documents
docs = failures = 0
last = ""
leaked = False
for record in iter_documents([sys.argv[1]], Settings(fetch_timeout=float(sys.argv[2]))):
    if hasattr(record, "reason"):
        failures += 1
        last = record.reason
        continue
    docs += 1
    leaked = leaked or b"root:" in record.data
    try:
        decode_bytes(record.data, source=record.source, declared=record.encoding, kind=record.kind)
    except NewsfuseError as exc:
        last = exc.message
print(f"{docs} documents, {failures} failures" + (" (/etc/passwd LEAKED)" if leaked else "")
      + (f"; {last[:100]}" if last else ""))
"""


def run_case(
    target: str, limit: float, timeout: float, out_path: Path, memory: int | None = None
) -> dict[str, Any]:
    """One child process reading ``target``: exit code, wall seconds, peak RSS, outcome.
    ``memory`` (bytes) caps the child's address space, so a blowup fails there."""

    def cap() -> None:
        if memory:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    cmd = [sys.executable, "-c", CHILD, target, str(timeout)]
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=cap
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > limit:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    lines = out_path.read_text("utf-8", "replace").strip().splitlines()
    return {
        "exit": None if killed else code,
        "seconds": round(wall, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "outcome": f"killed after {limit:g} s" if killed else (lines[-1][:160] if lines else ""),
    }


def format_table(rows: list[dict[str, Any]], before: dict[str, dict[str, Any]]) -> str:
    head = "| case | input MB | wall s | peak RSS MB | outcome |"
    if before:
        head = "| case | input MB | before: wall s | before: peak RSS MB | before: outcome | wall s | peak RSS MB | outcome |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        cells = [r["case"], str(r["input_mb"])]
        if before:
            b = before.get(r["case"], {})
            cells += [
                str(b.get("seconds", "-")),
                str(b.get("peak_rss_mb", "-")),
                b.get("outcome", "-"),
            ]
        cells += [str(r["seconds"]), str(r["peak_rss_mb"]), r["outcome"]]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help=f"among {', '.join(CASES)}")
    parser.add_argument(
        "--limit", type=float, default=180.0, help="seconds before a child is killed"
    )
    parser.add_argument("--timeout", type=float, default=2.0, help="fetch timeout of the URL cases")
    parser.add_argument(
        "--memory", type=int, default=None, help="MiB of address space per child (a cap)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    parser.add_argument("--before", type=Path, default=None, help="a --json file to compare with")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/")
    args = parser.parse_args(argv)
    names = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose among {', '.join(CASES)}")
    before: dict[str, dict[str, Any]] = {}
    if args.before is not None:
        before = {r["case"]: r for r in json.loads(args.before.read_text("utf-8"))["rows"]}
    server, base = _serve() if any(n in URLS for n in names) else (None, "")
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="newsfuse-hostile-ingest-") as tmp:
            for name in names:
                if name in FILES:
                    suffix, make = FILES[name]
                    target = str(Path(tmp) / f"{name}.{suffix}")
                    Path(target).write_bytes(make())
                    size: float | str = round(os.path.getsize(target) / 1e6, 1)
                else:
                    target, size = base + URLS[name], "-"
                row: dict[str, Any] = {"case": name, "input_mb": size}
                out = Path(tmp) / f"{name}.out"
                memory = args.memory * MiB if args.memory else None
                row.update(run_case(target, args.limit, args.timeout, out, memory))
                rows.append(row)
                print(f"{name}: {row}", file=sys.stderr)
    finally:
        if server is not None:
            server.shutdown()
    table = format_table(rows, before)
    print(table)
    results = {"command": "python benchmarks/hostile_ingest.py", "rows": rows}
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if not args.no_save and names == CASES:
        from _data import save_results

        note = (
            "Wall time and peak RSS of `iter_documents` (and decoding) on generated hostile "
            "inputs, one child process per input. Command: `python benchmarks/hostile_ingest.py`."
            "\n\n"
        )
        save_results("hostile_ingest", results, note + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
