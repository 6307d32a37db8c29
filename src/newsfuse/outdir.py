"""The output directory (``newsfuse run --out DIR``): where every file newsfuse writes goes,
and how.

- **Names come only from newsfuse ids.** Per-item files are ``DIR/articles/<id>.json`` /
  ``.txt`` and ``DIR/stories/<id>.md`` / ``.html`` / ``.json``, where ``<id>`` is a content
  hash (:data:`newsfuse.records.ID_LENGTH` lower-case hex digits); the others have fixed
  names (:data:`FILES`). Nothing from an input (a title, a source, a URL, a JSONL field)
  ever becomes part of a path, and :func:`item_path` checks the id at the point of writing:
  anything else is refused with an :class:`~newsfuse.errors.OutputError`.
- **Writes are atomic.** :func:`write_text` writes a new hidden temporary file beside the
  target (created exclusively, so it never follows a planted link) and renames it over the
  target: a crash, a full disk or a kill leaves the old file or the new one, never half of
  one, and a failed write removes its temporary file.
- **Failures are one clear error.** Any ``OSError`` (no space left, read-only file system,
  permission denied, a file where a folder must be) becomes an ``OutputError`` naming the
  path and the cause; ``newsfuse run`` exits 4 on it.
- **No stale files.** :func:`prune` removes the per-item files of ids that are no longer
  current (a story merged away, a brief withheld) and the temporary files of runs that were
  killed; it only ever matches newsfuse's own names.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from newsfuse.errors import OutputError
from newsfuse.records import ID_LENGTH

#: The per-item folders of the output directory and the suffixes of their files.
FOLDERS: dict[str, tuple[str, ...]] = {
    "articles": (".json", ".txt"),
    "stories": (".md", ".html", ".json"),
}
#: The files with fixed names at the top of the output directory.
FILES = ("report.json", "report.md", "index.html")

_ID = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")
_ITEM = re.compile(rf"(?P<id>[0-9a-f]{{{ID_LENGTH}}})(?P<suffix>\.[a-z]+)")
# .<target name>.<pid>-<8 hex>.tmp: see write_text
_TEMP = re.compile(r"\.(?P<target>[^/\\]+)\.(?P<pid>[0-9]+)-[0-9a-f]{8}\.tmp")


def is_id(value: object) -> bool:
    """Whether ``value`` is a newsfuse id (a content hash), the only thing a file is named by."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def item_path(out: Path, folder: str, item_id: object, suffix: str) -> Path:
    """``out/<folder>/<item_id><suffix>``, after checking that ``item_id`` is a newsfuse id
    and ``folder`` / ``suffix`` one of :data:`FOLDERS`; else :class:`OutputError`."""
    if folder not in FOLDERS or suffix not in FOLDERS[folder]:
        raise OutputError(
            f"refusing to write {folder}/*{suffix}: not one of newsfuse's output files",
            source=str(out),
        )
    if not is_id(item_id):
        raise OutputError(
            f"refusing to write a file in {folder}/ named {item_id!r}: file names are "
            f"built only from newsfuse ids ({ID_LENGTH} hex digits)",
            source=str(out),
        )
    return out / folder / f"{item_id}{suffix}"


def top_path(out: Path, name: str) -> Path:
    """``out/<name>`` for one of the fixed names :data:`FILES`; else :class:`OutputError`."""
    if name not in FILES:
        raise OutputError(f"refusing to write {name!r}: not one of newsfuse's output files")
    return out / name


def _cause(exc: OSError) -> str:
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return "a file is in the way where a folder must be"
    return exc.strerror or str(exc)


def make_dir(path: Path) -> Path:
    """Create the folder ``path`` (and its parents) if missing; :class:`OutputError` when it
    cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the output folder: {_cause(exc)}", source=str(path)
        ) from exc
    return path


def write_text(path: Path, content: str) -> Path:
    """Write ``content`` (UTF-8) to ``path`` atomically: a new temporary file beside it,
    then a rename over it. On any failure the temporary file is removed, ``path`` keeps its
    old content (or stays absent) and :class:`OutputError` names the path and the cause."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: a new file, never an existing one or the target of a planted link
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write: {_cause(exc)}", source=str(path)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException as exc:  # also a KeyboardInterrupt: never leave the temp file
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            cause = "a folder is in the way" if exc.errno == errno.EISDIR else _cause(exc)
            raise OutputError(f"cannot write: {cause}", source=str(path)) from exc
        raise
    return path


def prune(out: Path, folder: str, keep: Iterable[str]) -> list[Path]:
    """Remove from ``out/<folder>`` the files newsfuse wrote for ids not in ``keep`` (named
    ``<id><suffix>`` with a suffix of :data:`FOLDERS`), and the temporary files that
    :func:`write_text` left behind in a process that no longer runs. Nothing else is touched.
    The paths removed; :class:`OutputError` when one cannot be."""
    where = out / folder
    if folder not in FOLDERS or not where.is_dir():
        return []
    current = set(keep)
    removed = []
    try:
        names = sorted(os.listdir(where))
    except OSError as exc:
        raise OutputError(f"cannot list the folder: {_cause(exc)}", source=str(where)) from exc
    for name in names:
        m = _ITEM.fullmatch(name)
        stale = bool(m and m["suffix"] in FOLDERS[folder] and m["id"] not in current)
        if not stale:
            t = _TEMP.fullmatch(name)
            stale = bool(t and _dead(int(t["pid"])))
        path = where / name
        if not stale or not path.is_file() or path.is_symlink():
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(
                f"cannot remove a stale file: {_cause(exc)}", source=str(path)
            ) from exc
        removed.append(path)
    return removed


def prune_temp(out: Path) -> list[Path]:
    """Remove the temporary files of killed processes at the top of ``out`` (see
    :func:`prune`)."""
    removed = []
    try:
        names = sorted(os.listdir(out))
    except OSError:
        return []
    for name in names:
        t = _TEMP.fullmatch(name)
        if t and t["target"] in FILES and _dead(int(t["pid"])):
            try:
                (out / name).unlink()
            except OSError:
                continue
            removed.append(out / name)
    return removed


def _dead(pid: int) -> bool:
    """Whether no process ``pid`` runs (a temporary file of a live one is being written)."""
    if pid == os.getpid() or os.name != "posix":  # elsewhere os.kill(pid, 0) is no probe
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False


__all__ = [
    "FILES",
    "FOLDERS",
    "is_id",
    "item_path",
    "make_dir",
    "prune",
    "prune_temp",
    "top_path",
    "write_text",
]
