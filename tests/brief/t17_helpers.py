"""A small reader of Timeline17 for the tests (research-only data, read from
``../shared/data/timeline17``, never copied into the repository).

The archive is streamed, nothing is unpacked: the tests take a few hundred short articles
of the BP oil spill topics (five outlets, so stories have several independent families and
the supporting citations are exercised). The text is kept as the files give it (one sentence
a line, PTB-tokenised), which is what ``newsfuse run`` on the files reads.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from newsfuse.records import Article, Passage, content_id

ARCHIVE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "timeline17"
    / ("timeline17.tar.xz")
)


def timeline17_articles(
    topic: str = "bpoil_", *, limit: int = 200, max_chars: int = 6000
) -> list[Article]:
    """About ``limit`` distinct articles of the topics whose folder starts with ``topic``, as
    many of each folder (outlet), the first in path order, each at most ``max_chars``
    characters long, dated by its folder. Skips the test when the archive is not there."""
    if not ARCHIVE.is_file():
        pytest.skip(f"Timeline17 is not there ({ARCHIVE} is missing)")
    found: dict[str, str] = {}
    with tarfile.open(ARCHIVE, "r:xz") as tar:
        for member in tar:
            parts = member.name.split("/")
            if not member.isfile() or len(parts) < 4 or not member.name.endswith(".txt"):
                continue
            if parts[-3] != "InputDocs" or not parts[-4].startswith(topic):
                continue
            data = tar.extractfile(member)
            if data is not None:
                found["/".join(parts[-4:])] = data.read().decode("utf-8", "replace")
    folders = sorted({path.split("/")[0] for path in found})
    each = max(1, limit // max(1, len(folders)))
    taken = dict.fromkeys(folders, 0)
    out: list[Article] = []
    seen: set[str] = set()
    for path in sorted(found):
        lines = [x.strip() for x in found[path].splitlines() if x.strip()]
        text = "\n".join(lines)
        aid = content_id(text.encode())
        folder, _, day, _ = path.split("/")
        if not text or len(text) > max_chars or aid in seen or taken[folder] >= each:
            continue
        seen.add(aid)
        taken[folder] += 1
        out.append(
            Article(
                id=aid,
                source=path,
                kind="text",
                text=text,
                published=day,
                outlet=folder.split("_", 1)[1],
                passages=(Passage(0, len(text)),),
            )
        )
    return out
