"""`newsfuse serve` on the command line: what it refuses before it listens."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.web.server import is_loopback


def test_serve_refuses_a_missing_store_a_short_token_and_a_busy_port(
    tmp_path: Path, demo_store: Path
) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--store", str(tmp_path / "none.db")])
    assert missing.exit_code == 4 and "no store there" in missing.stderr
    assert not (tmp_path / "none.db").exists()  # nothing created by a typo
    short = runner.invoke(main, ["serve", "--store", str(demo_store), "--ingest-token", "abc"])
    assert short.exit_code == 2 and "at least 16 characters" in short.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = runner.invoke(main, ["serve", "--store", str(demo_store), "--port", str(port)])
    assert busy.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr


def test_loopback_names() -> None:
    assert (
        is_loopback("127.0.0.1")
        and is_loopback("::1")
        and is_loopback("[::1]")
        and is_loopback("localhost")
    )
    assert (
        not is_loopback("0.0.0.0")
        and not is_loopback("192.168.1.5")
        and not is_loopback("example.org")
    )
