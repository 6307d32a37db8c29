"""What the user typed -> blobs: files (from paths, directories, globs), stdin, URLs.

A :class:`Blob` is one byte source not yet read: a regular file (with its size, so a limit
can be checked before reading), a stream (stdin, a named pipe) or a fetched URL body.
Directories and globs expand lazily, in sorted order, skipping hidden entries and files that
are obviously not documents (images, non-gzip archives, compiled code ...).
"""

from __future__ import annotations

import fnmatch
import glob
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from newsfuse.errors import InputError
from newsfuse.ingest.sniff import extension

# Extensions that never hold a news document; skipped when expanding a directory or glob
# (a file named explicitly is always tried, and refused with a reason if it is binary).
SKIP_EXTENSIONS = frozenset(
    """
    .png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .avif .heic .psd
    .mp3 .mp4 .m4a .wav .ogg .oga .flac .avi .mov .mkv .webm .wmv
    .zip .tar .tgz .bz2 .xz .7z .rar .zst .lz4 .jar .whl .egg .deb .rpm .dmg .iso
    .pyc .pyo .so .o .a .dll .dylib .exe .bin .class .wasm
    .pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods
    .woff .woff2 .ttf .otf .eot
    .sqlite .sqlite3 .db .parquet .pkl .pickle .npy .npz .lock
    """.split()  # noqa: SIM905 -- a word list reads better than quoted strings
)
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Blob:
    """One byte source: ``source`` is its name for records; ``open()`` gives a binary stream.

    ``size`` is known for regular files (checked against the limit before reading), ``url``
    and ``content_type`` for fetched bodies.
    """

    source: str
    name: str
    open: Callable[[], BinaryIO]
    size: int | None = None
    url: str | None = None
    content_type: str | None = None


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` inputs."""
    return value[:8].lower().startswith(("http://", "https://"))


def is_glob(value: str) -> bool:
    """True when ``value`` holds a glob metacharacter (``*``, ``?`` or ``[``)."""
    return any(ch in _GLOB_CHARS for ch in value)


def skipped_by_name(name: str) -> bool:
    """True for hidden files and extensions in SKIP_EXTENSIONS (when expanding dirs/globs)."""
    base = os.path.basename(name.rstrip("/"))
    return base.startswith(".") or extension(base) in SKIP_EXTENSIONS


def _file_blob(path: str, st: os.stat_result) -> Blob:
    return Blob(source=path, name=path, open=lambda: open(path, "rb"), size=st.st_size)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return exc.strerror or str(exc)


def stat_path(path: str, *, explicit: bool) -> Iterator[Blob | InputError]:
    """Blobs for one filesystem path: a file, or every file under a directory (recursively)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            yield InputError("broken symbolic link", source=path)
        else:
            yield InputError(_os_reason(exc), source=path)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from walk_directory(path, set())
    elif stat.S_ISREG(st.st_mode):
        yield _file_blob(path, st)
    elif explicit:  # a named pipe or a device named on the command line: read it as a stream
        yield Blob(source=path, name=path, open=lambda: open(path, "rb"))  # noqa: SIM115
    # special files met while walking a directory are skipped


def walk_directory(path: str, seen: set[tuple[int, int]]) -> Iterator[Blob | InputError]:
    """Every document file under ``path``, sorted by name, depth first, lazily.

    Hidden entries and SKIP_EXTENSIONS are skipped; symlinked directories are followed once.
    The walk keeps its own stack: a tree thousands of directories deep is walked like any
    other (a recursive walk raised RecursionError past about 1,000 levels).
    """
    listing = _list_once(path, seen)
    if isinstance(listing, InputError):
        yield listing
        return
    stack: list[tuple[str, Iterator[str]]] = [(path, iter(listing or ()))]
    while stack:
        directory, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith("."):
            continue
        child = os.path.join(directory, name)
        try:
            cst = os.stat(child)
        except OSError as exc:
            reason = "broken symbolic link" if os.path.islink(child) else _os_reason(exc)
            yield InputError(reason, source=child)
            continue
        if stat.S_ISDIR(cst.st_mode):
            listing = _list_once(child, seen)
            if isinstance(listing, InputError):
                yield listing
            elif listing is not None:
                stack.append((child, iter(listing)))
        elif stat.S_ISREG(cst.st_mode) and not skipped_by_name(name):
            yield _file_blob(child, cst)


def _list_once(path: str, seen: set[tuple[int, int]]) -> list[str] | InputError | None:
    """The sorted names in directory ``path``; None when it was listed already (a link)."""
    try:
        st = os.stat(path)
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return None
        seen.add(key)
        with os.scandir(path) as it:
            return sorted(entry.name for entry in it)
    except OSError as exc:
        return InputError(f"cannot list directory: {_os_reason(exc)}", source=path)


def expand_glob(pattern: str) -> Iterator[Blob | InputError]:
    """The files a glob pattern matches (``**`` recursive), sorted; directories are walked.

    Matches as :func:`glob.glob` with ``recursive=True`` does (hidden names only for a
    pattern part that starts with "."), and like it follows symbolic links to directories,
    but searches every real directory once for each part of the pattern and gives every real
    file once: links that loop back to a parent never trap it (``glob`` followed them until
    paths grew too long: one file came out under 41 names, two such links never ended).
    """
    matches = sorted(set(glob_paths(pattern)))
    if not matches:
        yield InputError(f"no files match the pattern {pattern!r}", source=pattern)
        return
    seen: set[tuple[int, int]] = set()
    files: set[tuple[int, int]] = set()
    for match in matches:
        if os.path.isdir(match):
            # `corpus/**` matches every directory level too; their files are matched already.
            if not pattern.endswith("**"):
                yield from _once(walk_directory(match, seen), files)
        elif not skipped_by_name(match):
            yield from _once(stat_path(match, explicit=False), files)


def _once(
    found: Iterator[Blob | InputError], files: set[tuple[int, int]]
) -> Iterator[Blob | InputError]:
    """``found`` without the files given already under another name (through a link)."""
    for item in found:
        if isinstance(item, Blob):
            try:
                st = os.stat(item.source)
            except OSError:
                pass  # reading it will say what is wrong
            else:
                if (st.st_dev, st.st_ino) in files:
                    continue
                files.add((st.st_dev, st.st_ino))
        yield item


def glob_paths(pattern: str) -> Iterator[str]:
    """The paths ``pattern`` matches, unsorted, each real directory searched once per part
    of the pattern (see :func:`expand_glob`)."""
    parts = pattern.split("/")
    first = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    base = "/".join(parts[:first])
    if first == len(parts):  # no wildcard at all
        if os.path.lexists(pattern):
            yield pattern
        return
    if parts[:first] == [""]:
        base = "/"  # an absolute pattern: "/*.txt"
    if base and not os.path.isdir(base):
        return
    yield from _glob_in(base, parts[first:], set())


def _listdir(directory: str) -> list[str]:
    try:
        with os.scandir(directory or os.curdir) as entries:
            return [entry.name for entry in entries]
    except OSError:
        return []


def _real_dir(directory: str) -> tuple[int, int] | None:
    try:
        st = os.stat(directory or os.curdir)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def _join(directory: str, name: str) -> str:
    return os.path.join(directory, name) if directory else name


def _glob_in(directory: str, parts: list[str], seen: set[tuple[int, int, int]]) -> Iterator[str]:
    """Paths under ``directory`` (an existing directory, "" for the current one) matching
    ``parts``, in no order; ``seen`` holds (device, inode, parts left) of the directories
    searched. A work list, not recursion: any depth of directories is fine."""
    work: list[tuple[str, list[str], bool]] = [(directory, parts, False)]
    while work:
        # below: the directory itself was matched by a final "**" already
        directory, parts, below = work.pop()
        if not parts:
            yield directory
            continue
        part, rest = parts[0], parts[1:]
        if part == "**":
            real = _real_dir(directory)
            if real is None or (*real, len(parts)) in seen:
                continue
            seen.add((*real, len(parts)))
            if rest:  # zero directories, then every level below
                work.append((directory, rest, False))
            elif not below:
                yield _join(directory, "")  # glob's `dir/**` matches `dir/` itself
            for name in _listdir(directory):
                if name.startswith("."):
                    continue
                child = _join(directory, name)
                if not rest:
                    yield child
                if os.path.isdir(child):
                    work.append((child, parts, True))
        elif part == "":  # a trailing "/": directories only
            yield _join(directory, "")
        elif glob.has_magic(part):
            names = _listdir(directory)
            if not part.startswith("."):
                names = [name for name in names if not name.startswith(".")]
            for name in fnmatch.filter(names, part):
                child = _join(directory, name)
                if not rest:
                    yield child
                elif os.path.isdir(child):
                    work.append((child, rest, False))
        else:
            child = _join(directory, part)
            if not rest:
                if os.path.lexists(child):
                    yield child
            elif os.path.isdir(child):
                work.append((child, rest, False))


def stdin_blob(stdin: BinaryIO | None) -> Blob:
    """A blob for ``-``: the given binary stream, or the process's standard input."""

    def opener() -> BinaryIO:
        import sys

        stream = stdin if stdin is not None else sys.stdin.buffer
        return _NoClose(stream)  # type: ignore[return-value]

    return Blob(source="-", name="", open=opener)


class _NoClose(io.BufferedIOBase):
    """Reads through to a stream the caller owns, without closing it at the end."""

    def __init__(self, inner: BinaryIO):
        self._inner = inner

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._inner.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._inner.read(size)


__all__ = [
    "SKIP_EXTENSIONS",
    "Blob",
    "expand_glob",
    "glob_paths",
    "is_glob",
    "is_url",
    "skipped_by_name",
    "stat_path",
    "stdin_blob",
    "walk_directory",
]
