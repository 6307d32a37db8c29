"""Shared helpers for the benchmarks: find ``../shared/data`` and unpack archives into a cache.

The evaluation data is third-party and research-licensed, so it is never copied into the repo:
it is read from the ``shared`` directory beside the repository root (``<repo>/../shared``), or
from ``$NEWSFUSE_SHARED`` when set. Archives (``.tar.xz``) are unpacked once into
``benchmarks/.cache/<dataset>/`` (git-ignored) and reused by later runs.
"""

from __future__ import annotations

import gzip
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = REPO_ROOT / "benchmarks" / ".cache"
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"


class DataMissingError(FileNotFoundError):
    """A dataset the benchmark needs is not in the shared directory."""


def shared_data_dir() -> Path:
    """The ``data`` folder of the shared directory (``$NEWSFUSE_SHARED`` or ``<repo>/../shared``).

    Gives the path even when it does not exist; callers check with :func:`dataset_dir`.
    """
    env = os.environ.get("NEWSFUSE_SHARED")
    base = Path(env) if env else REPO_ROOT / ".." / "shared"
    return (base / "data").resolve()


def dataset_dir(name: str) -> Path:
    """The folder of dataset ``name`` in the shared data; raises DataMissingError when absent."""
    path = shared_data_dir() / name
    if not path.is_dir():
        raise DataMissingError(f"dataset {name!r} not found at {path} (set NEWSFUSE_SHARED)")
    return path


def unpacked(name: str, archive: str) -> Path:
    """Unpack ``<dataset name>/<archive>`` (a .tar.xz) into the cache once; give the folder.

    A marker file records a finished unpack, so an interrupted one is redone.
    """
    src = dataset_dir(name) / archive
    if not src.is_file():
        raise DataMissingError(f"archive {archive!r} missing in dataset {name!r} ({src})")
    dest = CACHE_DIR / name / archive.split(".")[0]
    marker = dest / ".unpacked"
    if not marker.exists():
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(src, "r:xz") as tar:
            tar.extractall(dest, filter="data")
        marker.write_text(archive, encoding="utf-8")
    return dest


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def save_results(name: str, results: Any, markdown: str) -> None:
    """Write ``benchmarks/results/<name>.json`` and ``.md`` (the tables quoted in notes)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS_DIR / f"{name}.md").write_text(markdown, encoding="utf-8")


def read_html_file(path: Path) -> str:
    """Read an HTML file (optionally .gz) as text, UTF-8 with replacement of bad bytes."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@dataclass(slots=True)
class Page:
    """One evaluation page: its id, HTML text, URL and the gold annotations of its dataset."""

    id: str
    html: str
    url: str | None
    gold: dict[str, Any] = field(default_factory=dict)


def scrapinghub_pages(limit: int | None = None) -> Iterator[Page]:
    """Pages of the Scrapinghub article-extraction benchmark; gold has ``articleBody``."""
    root = dataset_dir("scrapinghub-article-extraction-benchmark")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for i, key in enumerate(sorted(truth)):
        if limit is not None and i >= limit:
            break
        html = read_html_file(root / "html" / f"{key}.html.gz")
        yield Page(key, html, truth[key].get("url"), truth[key])


def trafilatura_eval_pages(limit: int | None = None) -> Iterator[Page]:
    """Pages of trafilatura's evaluation corpus; gold has with/without snippets and metadata."""
    root = dataset_dir("trafilatura-eval")
    records = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    html_root = unpacked("trafilatura-eval", "html.tar.xz")
    n = 0
    for url, rec in records.items():
        if limit is not None and n >= limit:
            break
        path = html_root / "eval" / rec["file"]
        if not path.exists():
            path = html_root / "cache" / rec["file"]
        if not path.exists():
            continue
        n += 1
        yield Page(rec["file"], read_html_file(path), url, rec)


def wcxb_pages(limit: int | None = None, split: str = "dev") -> Iterator[Page]:
    """Article pages of the WCXB split; gold is the ``ground_truth`` object of each page."""
    root = dataset_dir("wcxb-articles") / split
    paths = sorted((root / "ground-truth").glob("*.json"))
    for i, gt_path in enumerate(paths):
        if limit is not None and i >= limit:
            break
        rec = json.loads(gt_path.read_text(encoding="utf-8"))
        html = read_html_file(root / "html" / f"{gt_path.stem}.html.gz")
        yield Page(gt_path.stem, html, rec.get("url"), rec["ground_truth"])


def mediacloud_pages(limit: int | None = None) -> Iterator[Page]:
    """htmldate's MediaCloud 2020 pages; gold has ``date`` (YYYY-MM-DD)."""
    root = dataset_dir("htmldate-mediacloud-pubdates")
    records = json.loads((root / "eval_mediacloud_2020.json").read_text(encoding="utf-8"))
    html_root = unpacked("htmldate-mediacloud-pubdates", "test_set.tar.xz")
    for i, (url, rec) in enumerate(records.items()):
        if limit is not None and i >= limit:
            break
        path = html_root / "test_set" / rec["file"]
        yield Page(rec["file"], read_html_file(path), url, rec)


LOADERS = {
    "scrapinghub": scrapinghub_pages,
    "trafilatura": trafilatura_eval_pages,
    "wcxb": wcxb_pages,
}


# -- the process tree of a benchmarked command (Linux /proc) ---------------------------------


def _stat(pid: int | str) -> list[bytes] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name, None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_tree(root: int) -> dict[int, list[bytes]]:
    """``root`` and all its descendants, each with its stat fields (see :func:`_stat`)."""
    stats: dict[int, list[bytes]] = {}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(entry)) is not None:
            stats[int(entry)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            out[pid] = stats[pid]
        stack += children.get(pid, [])
    return out


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    page = os.sysconf("SC_PAGE_SIZE")
    return sum(int(fields[21]) * page for fields in process_tree(root).values())


def proc_cpu(pid: int, fields: list[bytes] | None = None) -> float:
    """CPU seconds of one process so far (user + system), 0 when it is gone."""
    fields = fields if fields is not None else _stat(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
