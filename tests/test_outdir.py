"""The output directory (newsfuse.outdir and the writers that use it): file names only from
newsfuse ids, atomic writes that fail as one clear error (exit 4) and leave no half file or
temporary file, and no stale brief after a second run into the same --out.

Unwritable places are simulated in ways that also hold when the tests run as root (who
ignores permission bits): a regular file where a folder must be, a folder where a file must
be, and the write itself patched to fail with ENOSPC, EROFS or EACCES.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsfuse import outdir
from newsfuse.brief.render import write_briefs
from newsfuse.cli import main
from newsfuse.errors import NewsfuseError, OutputError
from newsfuse.records import Brief, BriefSentence, Citation, SourceEntry
from newsfuse.report import RunReport, write_outputs

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
WIRE = CORPUS / "wire.jsonl"  # three articles: a quick run
ID = "0123456789abcdef"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def brief(story: str = ID) -> Brief:
    text = "The council approved the plan on Tuesday."
    s = BriefSentence(
        text=text, citations=(Citation("fedcba9876543210", "a.txt", 0, len(text), verbatim=True),)
    )
    return Brief(
        story=story,
        label="Plan",
        headline=s,
        lead=(s,),
        sources=(SourceEntry("fedcba9876543210", "a.txt", "Plan", "Outlet", None, None),),
        families=1,
    )


def leftovers(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.name.endswith(".tmp"))


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "../../escape",
        "../" + ID,
        "a/b",
        "/etc/passwd",
        ID.upper(),
        ID[:-1],
        ID + "0",
        ID[:-1] + "\x00",
        ID + "\n",
        "",
        None,
        123,
    ],
)
def test_only_newsfuse_ids_name_files(tmp_path: Path, bad: object) -> None:
    with pytest.raises(OutputError, match="newsfuse ids"):
        outdir.item_path(tmp_path, "stories", bad, ".md")
    assert outdir.item_path(tmp_path, "stories", ID, ".md") == tmp_path / "stories" / f"{ID}.md"


def test_only_newsfuse_folders_suffixes_and_fixed_names(tmp_path: Path) -> None:
    for folder, suffix in (("stories", ".sh"), ("../x", ".md"), ("articles", ".md")):
        with pytest.raises(OutputError):
            outdir.item_path(tmp_path, folder, ID, suffix)
    with pytest.raises(OutputError):
        outdir.top_path(tmp_path, "../report.md")
    assert outdir.top_path(tmp_path, "index.html") == tmp_path / "index.html"


def test_a_brief_with_a_foreign_id_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    with pytest.raises(OutputError, match="newsfuse ids") as info:
        write_briefs([brief(), brief("../../../escape")], out, {})
    assert isinstance(info.value, NewsfuseError) and "escape" in str(info.value)
    assert not (tmp_path / "escape.md").exists() and not out.exists()


def test_an_article_with_a_foreign_id_is_refused(tmp_path: Path) -> None:
    from newsfuse.records import Article

    evil = Article(id="../../x", source="x.txt", kind="text", text="Some text.")
    report = RunReport(1, ["x.txt"], articles=[evil])
    with pytest.raises(OutputError, match="newsfuse ids"):
        write_outputs(report, tmp_path / "out", [evil])
    assert not list(tmp_path.rglob("x.json")) and not (tmp_path / "x.json").exists()


# -- atomic writes and clear failures ----------------------------------------------------------


def test_write_text_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    outdir.write_text(target, "old\n")
    outdir.write_text(target, "new\n")
    assert target.read_text() == "new\n" and leftovers(tmp_path) == []
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_planted_link_at_the_temporary_name_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    # every temporary name is new (pid and random part); a link planted at one is not reused
    names = {outdir.write_text(out / "index.html", "x").name for _ in range(3)}
    assert names == {"index.html"} and victim.read_text() == "keep"


class _Full:
    """A file object whose writes fail like a full disk after the first bytes."""

    def __init__(self, f: Any, err: int) -> None:
        self.f, self.err = f, err

    def __enter__(self) -> _Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self.f.close()

    def write(self, data: str) -> int:
        self.f.write(data[:10])
        self.f.flush()
        raise OSError(self.err, os.strerror(self.err))


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    target = tmp_path / "report.md"
    outdir.write_text(target, "the complete old report\n")
    real = os.fdopen
    monkeypatch.setattr(outdir.os, "fdopen", lambda fd, *a, **k: _Full(real(fd, *a, **k), err))
    with pytest.raises(OutputError) as info:
        outdir.write_text(target, "the new report, much longer than ten characters\n")
    assert str(target) in str(info.value) and os.strerror(err) in str(info.value)
    assert "\n" not in str(info.value)
    assert target.read_text() == "the complete old report\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("err", [errno.EROFS, errno.EACCES])
def test_a_folder_that_refuses_new_files_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    def refuse(path: Any, flags: int, mode: int = 0o777) -> int:
        raise OSError(err, os.strerror(err), str(path))

    monkeypatch.setattr(outdir.os, "open", refuse)
    with pytest.raises(OutputError, match=re.escape(os.strerror(err))):
        outdir.write_text(tmp_path / "index.html", "x")


def test_a_folder_in_the_way_of_a_file(tmp_path: Path) -> None:
    (tmp_path / "report.md").mkdir()
    with pytest.raises(OutputError, match="a folder is in the way"):
        outdir.write_text(tmp_path / "report.md", "x")
    assert leftovers(tmp_path) == []


def test_a_file_in_the_way_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "stories").write_text("not a folder")
    with pytest.raises(OutputError, match="a file is in the way"):
        outdir.make_dir(tmp_path / "stories")
    with pytest.raises(OutputError, match="a file is in the way"):
        outdir.make_dir(tmp_path / "stories" / "deeper")


# -- through `newsfuse run` ------------------------------------------------------------------


def _one_line_error(result: Result, *words: str) -> str:
    assert result.exit_code == 4, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def test_run_with_a_file_in_place_of_out_stories_exits_4(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "stories").write_text("a file where the briefs go")
    result = invoke("run", "-q", str(WIRE), "--out", str(out))
    _one_line_error(result, str(out / "stories"), "a file is in the way")
    assert (out / "stories").read_text() == "a file where the briefs go"


def test_run_with_a_folder_in_place_of_report_md_exits_4(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "report.md").mkdir(parents=True)
    result = invoke("run", "-q", str(WIRE), "--out", str(out))
    _one_line_error(result, str(out / "report.md"), "a folder is in the way")


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_run_on_a_full_or_read_only_disk_exits_4_and_keeps_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    out = tmp_path / "out"
    first = invoke("run", "-q", str(WIRE), "--out", str(out))
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".db"}
    before = {p: b for p, b in before.items() if not p.name.startswith("newsfuse.db")}
    real = os.fdopen
    monkeypatch.setattr(outdir.os, "fdopen", lambda fd, *a, **k: _Full(real(fd, *a, **k), err))
    result = invoke("run", "-q", str(WIRE), "--out", str(out))
    _one_line_error(result, str(out), os.strerror(err))
    for p, data in before.items():
        assert p.read_bytes() == data, p  # old or new, never half
    assert leftovers(out) == []


def test_the_api_raises_output_error(tmp_path: Path) -> None:
    import newsfuse

    out = tmp_path / "out"
    out.mkdir()
    (out / "articles").write_text("in the way")
    with pytest.raises(OutputError, match="a file is in the way"):
        newsfuse.run([str(WIRE)], out_dir=out)


# -- no stale briefs ---------------------------------------------------------------------------


def _story_ids(out: Path) -> set[str]:
    return {p.stem for p in (out / "stories").iterdir() if re.fullmatch(r"[0-9a-f]{16}", p.stem)}


def test_a_second_run_into_the_same_out_leaves_no_stale_brief(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = invoke("run", "-q", str(CORPUS), "--out", str(out))
    assert first.exit_code == 0, first.output
    old = _story_ids(out)
    assert len(old) >= 4
    mine = out / "stories" / "notes.md"  # not a newsfuse name: never touched
    mine.write_text("my notes")
    other = out / "stories" / f"{ID.upper()}.md"
    other.write_text("not ours either")
    dead = out / "stories" / f".{ID}.md.999999999-0badc0de.tmp"  # a killed run's temp file
    dead.write_text("half")
    # a new store with one article: the stories of the first run are no longer in it
    second = invoke(
        "run", "-q", str(WIRE), "--out", str(out), "--store",
        str(tmp_path / "other.db"),
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    now = {b["story"] for b in report["briefs"]}
    assert now and now != old
    assert _story_ids(out) == now
    for story in now:
        assert {p.suffix for p in (out / "stories").glob(f"{story}.*")} == {".md", ".html", ".json"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r"stories/([0-9a-f]{16})\.html", index)) == now
    assert mine.read_text() == "my notes" and other.read_text() == "not ours either"
    assert not dead.exists()
    stored = {a["id"] for a in report["articles"]}
    assert {p.stem for p in (out / "articles").iterdir()} == stored


def test_a_live_process_keeps_its_temporary_files(tmp_path: Path) -> None:
    (tmp_path / "stories").mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        busy = tmp_path / "stories" / f".{ID}.md.{live.pid}-0badc0de.tmp"
        busy.write_text("being written")
        gone = tmp_path / "stories" / f"{ID}.html"
        gone.write_text("stale")
        removed = outdir.prune(tmp_path, "stories", keep=())
        assert removed == [gone] and busy.exists()
    finally:
        live.kill()
        live.wait()


def test_a_withheld_brief_loses_its_old_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_briefs([brief(), brief("fedcba9876543210")], out, {})
    assert _story_ids(out) == {ID, "fedcba9876543210"}
    write_briefs([replace(brief(), label="Plan, again")], out, {})
    assert _story_ids(out) == {ID}
    assert "fedcba9876543210" not in (out / "index.html").read_text(encoding="utf-8")
