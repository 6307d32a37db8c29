"""The command line: a thin layer that parses, calls the library and prints.

Data goes to stdout, progress and messages to stderr. Exit codes:
0 every input processed; 1 some inputs failed (the rest was processed and written);
2 usage error; 3 nothing could be processed; 4 the store or the output directory cannot be
used (full disk, read-only or unwritable, a file in the way); 5 a brief failed the
faithfulness check (it was not written; everything else was);
130 interrupted (the store keeps what was done; run again to resume).

Whatever comes from an input (text, titles, sources and file names, reasons quoting them) is
printed with its control characters shown as escapes (``\\x1b``) and never read as rich
markup, so no input can drive the terminal; JSON output escapes them too.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from newsfuse import __version__
from newsfuse.config import BACKENDS, EXTRACTORS, MiB, Settings
from newsfuse.errors import (
    ConfigError,
    NewsfuseError,
    NoArticleError,
    OutputError,
    StoreError,
    UnfaithfulBriefError,
)
from newsfuse.escape import json_text, terminal, terminal_line
from newsfuse.records import CLAIM_KINDS, CLAIM_STATUSES, Article, Failure

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_STORE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_UNFAITHFUL = 5


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Any]:
    """A progress display on stderr (only on a terminal, never in pipes or CI logs)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[source]}", style="dim", markup=False),  # an input's name
        console=_stderr_console(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, source="")

        def update(source: str, done: int) -> None:
            bar.update(task, completed=done, source=terminal_line(source[-60:]))

        yield update


@contextmanager
def _stage_progress(enabled: bool) -> Iterator[Any]:
    """A line per stage of a run on stderr (only on a terminal): its items, rate and the time
    left, from the stage's own count of what it has to do."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]{task.description:>12}"),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def stage(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        yield stage


def _settings(
    ctx: click.Context,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    **options: Any,
) -> Settings:
    """Settings from the environment, then the options common to every command, then the
    command's own ``options`` (Settings fields; None means not given)."""
    try:
        settings = Settings.resolve(
            max_bytes=max_bytes,
            fetch_timeout=fetch_timeout,
            extractor=extractor,
            split_live_blogs=False if no_split else None,
            **ctx.meta.get(_BUDGET_KEY, {}),
            **options,
        )
    except ConfigError as exc:
        raise click.UsageError(str(exc), ctx) from exc
    if settings.backend == "dask":
        from newsfuse.backends.dask import EXTRA_HINT, dask_missing

        if dask_missing():
            _err(f"newsfuse: --backend dask {EXTRA_HINT}")
            sys.exit(EXIT_USAGE)
    return settings


def _err(message: str) -> None:
    """One line on stderr, its control characters (from inputs) shown as escapes."""
    click.echo(terminal_line(message), err=True)


def _report_failure(f: Failure, verbose: int) -> None:
    _err(f"newsfuse: {f.source}: {f.reason}" + (f" [{f.stage}]" if verbose else ""))


_common_options = [
    click.option(
        "--max-bytes",
        type=int,
        default=None,
        help="Refuse inputs larger than this many bytes (default 32 MiB).",
    ),
    click.option(
        "--timeout",
        "fetch_timeout",
        type=float,
        default=None,
        help="Seconds to wait for a URL (default 20).",
    ),
    click.option(
        "--extractor",
        type=click.Choice(EXTRACTORS),
        default=None,
        help="Force one HTML extractor instead of the cascade ('auto').",
    ),
    click.option("--no-split", is_flag=True, help="Do not split live blogs into passages."),
    click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "jobs", v),
        help="Worker processes for the per-document steps (default: one per core).",
    ),
    click.option(
        "--doc-seconds",
        type=click.FloatRange(min=0, min_open=True),
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "doc_seconds", v),
        help="Time budget of one document in one step; past it the document falls back to "
        "a linear-time extraction or fails (default 10).",
    ),
    click.option(
        "--doc-memory",
        type=click.IntRange(min=64),
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "doc_memory", v * MiB if v else None),
        help="Memory budget of one document in one step, in MiB (default 2048).",
    ),
    click.option(
        "--backend",
        type=click.Choice(BACKENDS),
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "backend", v),
        help="Where the per-document steps run: 'local' worker processes (default) or a "
        "Dask cluster ('dask', needs pip install 'newsfuse[dask]'); the results are the same.",
    ),
    click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "workers", v),
        help="With --backend dask: worker processes of the local Dask cluster started for "
        "the run (default: one per core).",
    ),
    click.option(
        "--scheduler",
        default=None,
        expose_value=False,
        callback=lambda ctx, _p, v: _budget(ctx, "scheduler", v),
        help="With --backend dask: the address of an existing Dask scheduler "
        "(tcp://host:8786) instead of a local cluster.",
    ),
    click.option(
        "-v", "--verbose", count=True, help="More detail on stderr (repeat for debug logs)."
    ),
    click.option(
        "-q", "--quiet", is_flag=True, help="No progress display and no per-input messages."
    ),
]


_BUDGET_KEY = "newsfuse.settings"  # the common options kept in ctx.meta, not in signatures


def _budget(ctx: click.Context, field: str, value: Any) -> None:
    if value is not None:
        ctx.meta.setdefault(_BUDGET_KEY, {})[field] = value


def common(f: Any = None, *, without: tuple[str, ...] = ()) -> Any:
    """The common options on a command (``@common``); ``@common(without=("--workers",))``
    leaves out those a command has its own option for (`serve --workers`: server processes)."""

    def apply(g: Any) -> Any:
        for option in reversed(_common_options):
            g = option(g)
        if without:
            g.__click_params__ = [p for p in g.__click_params__ if not set(p.opts) & set(without)]
        return g

    return apply(f) if f is not None else apply


class _TerminalFormatter(logging.Formatter):
    """Log lines (libraries log pieces of the pages they read) with control characters shown
    as escapes."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal(super().format(record))


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose >= 2 else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_TerminalFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsfuse")
def main() -> None:
    """newsfuse: many noisy news reports about the same events, one clean account.

    INPUTS everywhere are files, directories (read recursively), glob patterns, http(s) URLs,
    or '-' for standard input; plain text, HTML, JSONL, WARC and RSS/Atom, optionally gzipped.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the outputs.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite store (default: OUT/newsfuse.db).",
)
@click.option(
    "--window-days",
    type=float,
    default=None,
    help="Story time window in days for a new store (default 7).",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait when another run is writing the same store (then exit 4).",
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="For feed inputs (RSS/Atom, OPML lists; files or URLs): fetch each entry's page "
    "(the full article, not the summary), politely (robots.txt, per-host limits, retries).",
)
@common
@click.pass_context
def run(
    ctx: click.Context,
    inputs: tuple[str, ...],
    out_dir: Path,
    store_path: Path | None,
    window_days: float | None,
    wait: float,
    follow_links: bool,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Run the whole pipeline on INPUTS and write the results to --out.

    Extract every article into the store, link copies and group source families over
    everything stored, add the articles to the stories of earlier runs, cross-check the claims
    of every story and write its cited brief. Writes OUT/index.html (every story's brief),
    OUT/stories/<id>.md, .html and .json (one brief per story), OUT/articles/<id>.json and
    .txt (clean text and metadata), OUT/report.json and OUT/report.md (articles, links,
    families, stories, claims). Every brief sentence is checked against the spans it cites;
    a brief that fails is not written and the command exits 5. Re-running is idempotent; an
    interrupted run resumes where it stopped.
    """
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    _setup_logging(verbose)
    settings = _settings(
        ctx, max_bytes, fetch_timeout, extractor, no_split, story_window_days=window_days
    )
    store_path = store_path or out_dir / "newsfuse.db"
    try:
        store = Store(store_path)
    except StoreError as exc:
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_STORE)
    show = not quiet and sys.stderr.isatty()
    try:
        if follow_links:
            store.close()
            report = _run_following(inputs, store_path, out_dir, settings, wait, quiet)
        else:
            with (
                store,
                _backend(settings, quiet) as backend,
                _progress(show, "newsfuse run") as update,
                _stage_progress(show) as stage,
            ):
                pipeline = Pipeline(settings, progress=update, on_stage=stage, backend=backend)
                report = pipeline.run(
                    list(inputs), store=store, out_dir=out_dir, stdin=sys.stdin.buffer, wait=wait
                )
    except KeyboardInterrupt:
        click.echo("newsfuse: interrupted; what was done is stored, run again to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except (StoreError, OutputError) as exc:  # the store or --out cannot be used
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_STORE)
    except UnfaithfulBriefError as exc:  # loud, whatever --quiet says
        click.echo(
            "newsfuse: FAITHFULNESS CHECK FAILED: these brief sentences cannot be "
            "traced to the spans they cite (their briefs were not written):",
            err=True,
        )
        for problem in exc.problems:
            _err(f"  - {problem}")
        sys.exit(EXIT_UNFAITHFUL)
    if not quiet:
        for f in report.failures + report.skipped:
            _report_failure(f, verbose)
        c = report.counts
        if not c.get("documents") and not report.failures:  # e.g. an empty directory
            _err(f"newsfuse: no documents found in {', '.join(inputs)}")
        _err(
            f"newsfuse: {len(report.articles)} articles ({c.get('extracted', 0)} extracted, "
            f"{c.get('reused', 0)} already stored), {c.get('failed', 0)} failed inputs, "
            f"{c.get('links', 0)} copy links, {c.get('stories', 0)} stories, "
            f"{c.get('briefs', 0)} briefs -> {out_dir / 'index.html'}"
        )
        if c.get("without_article"):
            _err(
                f"newsfuse: {c['without_article']} inputs hold no article text (listed above; "
                "not failures)"
            )
        if report.timings:
            took = ", ".join(f"{k} {v:.1f} s" for k, v in report.timings.items())
            _err(f"newsfuse: time by stage: {took}")
            if verbose:
                _stage_table(report)
        later = {k.removeprefix("failed_"): v for k, v in c.items() if k.startswith("failed_")}
        if later:
            _err(
                "newsfuse: left out by later stages (the rest was processed): "
                + ", ".join(f"{stage} {n}" for stage, n in sorted(later.items()))
            )
    sys.exit(report.exit_code)


@contextmanager
def _backend(settings: Settings, quiet: bool) -> Iterator[Any]:
    """The backend of one `run`: None (the shared local workers), or the Dask cluster of
    --backend dask, connected now (the dashboard address told unless --quiet) and closed at
    the end of the run, on an error or Ctrl-C included."""
    if settings.backend != "dask":
        yield None
        return
    from newsfuse.backends.dask import DaskBackend

    backend = DaskBackend.from_settings(settings, say=(lambda _m: None) if quiet else _err)
    try:
        backend.start()
    except (OSError, TimeoutError) as exc:  # no scheduler at --scheduler, no port free
        backend.close()
        where = f"at {settings.scheduler}" if settings.scheduler else "(local cluster)"
        _err(f"newsfuse: cannot start the Dask backend {where}: {exc}")
        sys.exit(EXIT_USAGE)
    with backend:
        yield backend


def _run_following(
    inputs: tuple[str, ...],
    store_path: Path,
    out_dir: Path,
    settings: Settings,
    wait: float,
    quiet: bool,
) -> Any:
    """`run --follow-links`: the feed inputs are polled once (their entries' pages fetched
    into the store's inbox), then one pipeline run over those pages and the other inputs.
    Fetch failures are reported on stderr and count as failed inputs."""
    from newsfuse.records import Failure
    from newsfuse.watch import Watcher, feed_inputs

    feeds, others = feed_inputs(inputs, settings)
    watcher = Watcher(
        store_path, feeds, settings, say=None if quiet else _err, lock_wait=wait, keep_going=False
    )
    poll = watcher.poll(extra_inputs=others, out_dir=out_dir)
    if poll.run is None:
        raise StoreError("the store is in use by another newsfuse run", source=str(store_path))
    for where, reason in poll.failures:
        poll.run.failures.append(Failure(where, "fetch", reason))
    if not quiet:
        _err(f"newsfuse: followed feeds: {poll.summary()}")
    return poll.run


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option(
    "--store",
    "store_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite store to add to (created if missing).",
)
@click.option(
    "--every",
    default="15m",
    show_default=True,
    help="Time between two polls: 90s, 15m, 1h.",
)
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option(
    "--per-host",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Requests at a time to one host.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one host (robots.txt Crawl-delay can raise it).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Requests at a time overall.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Retries of a transient failure (timeout, 429, 5xx), with exponential backoff.",
)
@click.option(
    "--max-attempts",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Polls that try a failed page before it is given up.",
)
@common
@click.pass_context
def watch(
    ctx: click.Context,
    feeds: tuple[str, ...],
    store_path: Path,
    every: str,
    once: bool,
    per_host: int,
    delay: float,
    concurrency: int,
    retries: int,
    max_attempts: int,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Follow FEEDS (RSS/Atom feeds or OPML lists; URLs or files) into the store: every
    --every, read each feed (conditional GET), fetch the full page behind each new entry
    (robots.txt honoured, per-host limits, retries, a deadline and a size limit on each
    request) and run the pipeline over the new pages, so stories, claims and briefs update.
    Entries already stored are never fetched again; a dead feed or page is reported and the
    rest goes on. Ctrl-C stops; the next start resumes where it stopped (the state is in
    the store). `newsfuse serve --store` shows the store as it grows.
    """
    import time

    from newsfuse.ingest.follow import Manners
    from newsfuse.store import Store
    from newsfuse.watch import Watcher, parse_every

    _setup_logging(verbose)
    settings = _settings(ctx, max_bytes, fetch_timeout, extractor, no_split)
    try:
        seconds = parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param_hint="--every") from None
    try:
        Store(store_path).close()
    except StoreError as exc:
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_STORE)
    manners = Manners(per_host=per_host, delay=delay, total=concurrency, retries=retries)
    watcher = Watcher(
        store_path,
        list(feeds),
        settings,
        manners=manners,
        max_attempts=max_attempts,
        say=None if quiet else _err,
    )
    try:
        while True:
            try:
                poll = watcher.poll()
            except (StoreError, OutputError) as exc:
                _err(f"newsfuse: {exc}")
                sys.exit(EXIT_STORE)
            except UnfaithfulBriefError as exc:
                _err(f"newsfuse: FAITHFULNESS CHECK FAILED: {exc}")
                sys.exit(EXIT_UNFAITHFUL)
            if not quiet:
                _err(f"newsfuse: {time.strftime('%H:%M:%S')} {poll.summary()}")
            if once:
                sys.exit(EXIT_OK if not poll.failures else EXIT_PARTIAL)
            time.sleep(seconds)
    except KeyboardInterrupt:
        click.echo(
            "newsfuse: stopped; the state is in the store, run the same command to resume",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)


def _stage_table(report: Any) -> None:
    """``-v``: each stage's time, what it worked on and its rate, as a table on stderr."""
    from rich.table import Table

    c = report.counts
    items = {
        "extract": c.get("documents", 0),
        "copies": c.get("articles", 0),
        "stories": c.get("articles", 0),
        "claims+brief": c.get("stories_updated", 0),
        "outputs": c.get("briefs", 0),
    }
    table = Table(title="stages", title_justify="left")
    for col in ("stage", "seconds", "items", "items/s"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    for name, secs in report.timings.items():
        n = items.get(name, 0)
        table.add_row(name, f"{secs:.2f}", str(n), f"{n / secs:.1f}" if secs > 0 else "")
    _stderr_console().print(table)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article per line.")
@click.option(
    "--show-removed/--hide-removed",
    default=None,
    help="List removed lines with their reasons (default: with -v).",
)
@common
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    show_removed: bool | None,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Print the clean text and metadata of each article in INPUTS.

    With --json, one object per line with source, text, title, author, published, outlet,
    credit, language, url, extractor, removed [{text, reason, line}] and passages
    [{start, end, title}]. Nothing is stored.
    """

    _setup_logging(verbose)
    settings = _settings(ctx, max_bytes, fetch_timeout, extractor, no_split)
    if show_removed is None:
        show_removed = verbose > 0
    tally = _Tally()
    show = not quiet and sys.stderr.isatty() and not sys.stdout.isatty()
    out = sys.stdout
    try:
        for article in _extracted(inputs, settings, verbose, quiet, tally, show, "extract"):
            if as_json:
                out.write(json_text(article.to_dict()) + "\n")
            else:
                out.write(_human(article, show_removed))
            out.flush()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # `newsfuse extract ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    ok, failed = tally.ok, tally.failed
    if not ok and tally.without_article:  # read, but no article anywhere
        sys.exit(EXIT_NOTHING)
    if not ok and not failed:  # e.g. an empty directory: nothing was processed
        if not quiet:
            _err(f"newsfuse: no documents found in {', '.join(inputs)}")
        sys.exit(EXIT_NOTHING)
    sys.exit(EXIT_OK if not failed else EXIT_PARTIAL if ok else EXIT_NOTHING)


@dataclass
class _Tally:
    """How many articles an extraction delivered and how many inputs failed."""

    ok: int = 0
    failed: int = 0
    without_article: int = 0  # inputs read fine that hold no article text


def _extracted(
    inputs: tuple[str, ...],
    settings: Settings,
    verbose: int,
    quiet: bool,
    tally: _Tally,
    show: bool,
    label: str,
) -> Iterator[Article]:
    """Every article of INPUTS as it is extracted (nothing stored), with a progress display
    when ``show``; failures go to stderr (unless ``quiet``) and are counted in ``tally``."""
    from newsfuse.pipeline import Pipeline

    with _progress(show, f"newsfuse {label}".strip()) as update:
        for _doc, result in Pipeline(settings, progress=update).extract(
            inputs, stdin=sys.stdin.buffer
        ):
            if isinstance(result, Failure):
                if result.stage == NoArticleError.stage:
                    tally.without_article += 1  # reported, not a failed input
                else:
                    tally.failed += 1
                if not quiet:
                    _report_failure(result, verbose)
            elif result is not None:
                tally.ok += 1
                yield result


def _collect(
    inputs: tuple[str, ...], settings: Settings, verbose: int, quiet: bool
) -> tuple[list[Article], int]:
    """Extract every article of INPUTS (nothing stored); failures go to stderr. Exits 130
    when interrupted and 3 when no article could be read."""
    tally = _Tally()
    show = not quiet and sys.stderr.isatty()
    try:
        articles = list(_extracted(inputs, settings, verbose, quiet, tally, show, ""))
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    failed = tally.failed
    if not articles:
        if not quiet and not failed:
            _err(f"newsfuse: no documents found in {', '.join(inputs)}")
        sys.exit(EXIT_NOTHING)
    return articles, failed


def _stdout_console() -> Any:
    """A rich console for tables on stdout (160 columns when piped)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 160)


def _resolve_source(articles: list[Article], name: str, ctx: click.Context) -> str:
    """The id of the article whose source is ``name`` (or ends with it, or is its id)."""
    exact = [a.id for a in articles if name in (a.source, a.id)]
    if exact:
        return exact[0]
    tail = [a.id for a in articles if a.source.endswith(name)]
    if len(tail) == 1:
        return tail[0]
    raise click.BadParameter(
        f"{name!r} names {'no' if not tail else 'more than one'} article of the inputs",
        ctx,
        param_hint="--pair",
    )


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object: articles, links, families."
)
@click.option(
    "--pair",
    nargs=2,
    default=None,
    metavar="A B",
    help="Show the evidence of the link between two articles (sources) side by side.",
)
@common
@click.pass_context
def copies(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    pair: tuple[str, str] | None,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Find copies among the articles of INPUTS: exact copies, near-duplicates, containment,
    shared passages and rewrites, each with its evidence, and the source families they form
    with the original of each and why.

    With --json: one object with `articles` (id, source, outlet, published, credit, family),
    `links` (a, b as sources, type, score, evidence: spans with character offsets in both
    articles, aligned sentence pairs, facts) and `families` (members as sources, original or
    null, credited, reasons, flags). Nothing is stored.
    """
    from newsfuse.dedup import find_copies
    from newsfuse.show import copies_tables, pair_table, say

    _setup_logging(verbose)
    settings = _settings(ctx, max_bytes, fetch_timeout, extractor, no_split)
    articles, failed = _collect(inputs, settings, verbose, quiet)
    ids = None
    if pair:
        ids = (_resolve_source(articles, pair[0], ctx), _resolve_source(articles, pair[1], ctx))
    report = find_copies(articles)
    if as_json:
        sys.stdout.write(json_text(report.to_dict(), indent=2) + "\n")
    else:
        console = _stdout_console()
        if pair and ids:
            if not pair_table(console, report, ids[0], ids[1]):
                say(console, f"No link between {pair[0]} and {pair[1]}.")
        else:
            copies_tables(console, report)
    sys.exit(EXIT_OK if not failed else EXIT_PARTIAL)


window_days_option = click.option(
    "--window-days",
    type=float,
    default=None,
    help="An article joins a story only within this many days of it (default 7).",
)


def _stories_of(articles: list[Article], settings: Settings) -> tuple[Any, list[Any]]:
    """Copies, then stories of ``articles`` (copies count once in a story)."""
    from newsfuse.dedup import find_copies
    from newsfuse.stories import group_stories

    copies = find_copies(articles)
    found = group_stories(
        articles, family_of=copies.family_of, window_days=settings.story_window_days
    )
    return copies, found


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object: stories with their members."
)
@window_days_option
@common
@click.pass_context
def stories(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    window_days: float | None,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Group the articles of INPUTS, and the passages of live blogs, into stories: one per
    real-world event, across outlets and days. Copies count once (source families).

    With --json: one object with `stories`, each with `id`, `label`, `keywords`, `entities`,
    `first_seen`, `last_seen`, `families` (independent source families) and `members` (each
    with `article`, `source`, `passage` - the passage index of a live-blog passage, else
    null - and `score`). Nothing is stored; `newsfuse run` keeps stories in its store and adds
    to them run after run.
    """
    from newsfuse.show import stories_table

    _setup_logging(verbose)
    settings = _settings(
        ctx, max_bytes, fetch_timeout, extractor, no_split, story_window_days=window_days
    )
    articles, failed = _collect(inputs, settings, verbose, quiet)
    _copies, found = _stories_of(articles, settings)
    if as_json:
        sys.stdout.write(json_text({"stories": [st.to_dict() for st in found]}, indent=2) + "\n")
    else:
        console = _stdout_console()
        stories_table(console, found)
    sys.exit(EXIT_OK if not failed else EXIT_PARTIAL)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object: stories with their claims."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(CLAIM_STATUSES),
    help="Keep only claims with this status (repeatable).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(CLAIM_KINDS),
    help="Keep only claims of this kind (repeatable).",
)
@window_days_option
@common
@click.pass_context
def claims(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    statuses: tuple[str, ...],
    kinds: tuple[str, ...],
    window_days: float | None,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Break the articles of INPUTS into claims (figures, quotes, reported statements, dated
    events), line them up across outlets within each story, and say for each: corroborated by
    how many independent source families, conflicting, differing estimates (who said which
    figure), or said by one source only. Copies and rewrites add no corroboration.

    With --json: one object with `stories` (each with `id`, `label` and `claims`: `kind`,
    `text`, `status`, `sources`, `families`, `speaker`, `value`, `unit`, `qualifier`, `date`,
    `estimates` for differing figures, and `variants`, every wording with its `source` and
    character `span`) and `entities` (`name`, `aliases`, `kind`, `roles`). Nothing is stored.
    """
    from newsfuse.claims import find_claims
    from newsfuse.show import claims_tables

    _setup_logging(verbose)
    settings = _settings(
        ctx, max_bytes, fetch_timeout, extractor, no_split, story_window_days=window_days
    )
    articles, failed = _collect(inputs, settings, verbose, quiet)
    copies, found = _stories_of(articles, settings)
    report = find_claims(articles, copies=copies, stories=found)
    for failure in report.failures:
        if not quiet:
            _report_failure(failure, verbose)
    if as_json:
        d = report.to_dict(statuses=statuses or None, kinds=kinds or None)
        sys.stdout.write(json_text(d, indent=2) + "\n")
    else:
        claims_tables(
            _stdout_console(), report, statuses=list(statuses) or None, kinds=list(kinds) or None
        )
    sys.exit(EXIT_OK if not (failed or report.failures) else EXIT_PARTIAL)


BRIEF_FORMATS = ("markdown", "html", "json")


@main.command()
@click.argument("story_id")
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out") / "newsfuse.db",
    show_default=True,
    help="The store a `newsfuse run` wrote.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(BRIEF_FORMATS),
    default="markdown",
    show_default=True,
    help="Markdown, a self-contained HTML page, or JSON (schema newsfuse.brief/1.0).",
)
@click.pass_context
def brief(ctx: click.Context, story_id: str, store_path: Path, fmt: str) -> None:
    """Print the brief of one story (STORY_ID, or the start of it) from the store of an
    earlier `newsfuse run`. Run without a matching id to list the stories."""
    from newsfuse.brief.render import render_json, render_markdown
    from newsfuse.store import Store

    if not store_path.is_file():
        _err(
            f"newsfuse: {store_path}: no store there; run `newsfuse run INPUT --out DIR` "
            "first and give --store DIR/newsfuse.db"
        )
        sys.exit(EXIT_STORE)
    try:
        with Store(store_path) as store:
            found = store.brief(story_id)
            texts = {}
            if found is not None and fmt == "html":
                cited = {c.article for s in found.sentences() for c in s.citations}
                texts = {i: a.text for i in cited if (a := store.get_article(i)) is not None}
            briefs = store.briefs() if found is None else []  # to list them
    except StoreError as exc:
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_STORE)
    if found is None:
        matches = [b for b in briefs if b.story.startswith(story_id)]
        what = "matches more than one story" if matches else "is not a story of this store"
        _err(f"newsfuse: {story_id!r} {what}; the stories are:")
        for b in matches or briefs:
            _err(f"  {b.story}  {b.headline.text}")
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        sys.stdout.write(render_json(found))
    elif fmt == "html":
        from newsfuse.brief.html import render_html

        sys.stdout.write(render_html(found, texts))
    else:
        sys.stdout.write(render_markdown(found))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@click.option(
    "--query",
    default=None,
    metavar="WORDS",
    help="Only the stories that mention one of these words; sentences about them first.",
)
@click.option("--max-dates", type=int, default=None, help="Keep the N best-supported dates.")
@click.option("--per-date", type=int, default=None, help="At most K sentences a date.")
@window_days_option
@common
@click.pass_context
def timeline(
    ctx: click.Context,
    inputs: tuple[str, ...],
    as_json: bool,
    query: str | None,
    max_dates: int | None,
    per_date: int | None,
    window_days: float | None,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Print the timeline of INPUTS: the dated events in order, merged across sources, each
    sentence in a source's own words with every independent source that reports it; events
    long before the reports are marked background. With --query, only the stories that mention
    one of the words. --max-dates and --per-date give the standard timeline-summarisation
    setting (N dates, K sentences a date).

    With --json: a list of {`date`, `background`, `sentences`: [{`text`, `sources`,
    `families`, `citations`: [{`source`, `article`, `span`, `family`, `verbatim`}]}]}.
    Nothing is stored.
    """
    from newsfuse.brief.build import corpus_timeline

    for name, value in (("--max-dates", max_dates), ("--per-date", per_date)):
        if value is not None and value < 1:
            raise click.BadParameter(f"must be at least 1, got {value}", ctx, param_hint=name)
    _setup_logging(verbose)
    settings = _settings(
        ctx, max_bytes, fetch_timeout, extractor, no_split, story_window_days=window_days
    )
    articles, failed = _collect(inputs, settings, verbose, quiet)
    copies, found = _stories_of(articles, settings)
    entries = corpus_timeline(
        articles,
        copies=copies,
        stories=found,
        query=query,
        max_dates=max_dates,
        per_date=per_date,
    )
    if entries is None:
        if not quiet:
            _err(f"newsfuse: no story mentions {query!r}")
        sys.exit(EXIT_NOTHING)
    if as_json:
        d = [e.to_dict() for e in entries]
        sys.stdout.write(json_text(d, indent=2) + "\n")
    else:
        from newsfuse.show import timeline_table

        timeline_table(_stdout_console(), entries)
    sys.exit(EXIT_OK if not failed else EXIT_PARTIAL)


@main.command()
@click.option(
    "--store",
    "store_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store to serve (a `newsfuse run` or `newsfuse watch` writes it).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port."
)
@click.option(
    "--ingest-token",
    default=None,
    envvar="NEWSFUSE_INGEST_TOKEN",
    help="Accept POST /articles from requests carrying this token (Authorization: Bearer "
    "TOKEN); 'generate' makes one and prints it. Without it, ingest is off.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=None,
    help="Largest request body in bytes (default 4 MiB).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="Server processes (each uses one core).",
)
@click.option(
    "--cache-mb",
    type=click.IntRange(min=0),
    default=128,
    show_default=True,
    help="Megabytes of pages each server process keeps until the store changes (0: none).",
)
@common(without=("--workers",))
@click.pass_context
def serve(
    ctx: click.Context,
    store_path: Path,
    host: str,
    port: int,
    ingest_token: str | None,
    max_body: int | None,
    workers: int,
    cache_mb: int,
    max_bytes: int | None,
    fetch_timeout: float | None,
    extractor: str | None,
    no_split: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Serve a local web app and REST API over the store: stories (search, filters, sorts),
    each story's brief with its citations, claims, quotes, timeline and sources graph,
    articles with their removed boilerplate and copies side by side, full-text search,
    entities. Every page has a JSON twin (add .json); the API is described at
    /openapi.json. Pages follow the store as another process writes it.

    Binds to 127.0.0.1 unless --host says otherwise. Ctrl-C stops it.
    """
    import socket

    from newsfuse.web.server import is_loopback, new_token
    from newsfuse.web.server import serve as run_server

    _setup_logging(verbose)
    settings = _settings(ctx, max_bytes, fetch_timeout, extractor, no_split)
    if not store_path.is_file():
        _err(
            f"newsfuse: {store_path}: no store there; `newsfuse run INPUT --out DIR` or "
            "`newsfuse watch FEED --store PATH` writes one"
        )
        sys.exit(EXIT_STORE)
    if ingest_token == "generate":
        ingest_token = new_token()
        _err(f"newsfuse: ingest token (POST /articles, Authorization: Bearer ...): {ingest_token}")
    elif ingest_token is not None and len(ingest_token) < 16:
        raise click.BadParameter(
            "must be at least 16 characters (or 'generate')", ctx, param_hint="--ingest-token"
        )
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        _err(f"newsfuse: cannot listen on {host}:{port}: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    if not is_loopback(host):
        _err(
            f"newsfuse: warning: listening on {host}, reachable from other machines; "
            "anyone who can reach it can read the store"
        )
    if not quiet:
        where = f"[{host}]" if ":" in host else host
        _err(f"newsfuse: serving {store_path} at http://{where}:{port}/ (Ctrl-C to stop)")
    kwargs: dict[str, Any] = {"max_body": max_body} if max_body else {}
    try:
        run_server(
            store_path,
            host=host,
            port=port,
            ingest_token=ingest_token,
            settings=settings,
            log_level="info" if verbose else "warning",
            workers=workers,
            cache_bytes=cache_mb * 1024 * 1024,
            **kwargs,
        )
    except StoreError as exc:
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_STORE)
    except KeyboardInterrupt:
        pass


def _human(a: Article, show_removed: bool) -> str:
    """An article for people on a terminal: metadata one field a line, then the text; every
    control character but the text's newlines and tabs shown as an escape."""
    rows = a.metadata()
    if len(a.passages) > 1:
        rows.append(("passages", str(len(a.passages))))
    parts = ["=" * 78]
    parts += [f"{k:>10}: {terminal_line(v)}" for k, v in rows]
    parts.append("-" * 78)
    if len(a.passages) > 1:
        for i, p in enumerate(a.passages, 1):
            parts.append(f"[passage {i}: {terminal_line(p.title or '')}]")
            parts.append(terminal(a.text[p.start : p.end]))
            parts.append("")
    else:
        parts.append(terminal(a.text))
    if show_removed and a.removed:
        parts.append("-" * 78)
        parts.append(f"removed ({len(a.removed)}):")
        for r in a.removed:
            where = f"line {r.line + 1}: " if r.line is not None else ""
            text = r.text if len(r.text) <= 100 else r.text[:97] + "..."
            parts.append(f"  - {where}[{terminal_line(r.reason)}] {terminal_line(text)}")
    return "\n".join(parts) + "\n\n"


def entrypoint() -> None:  # pragma: no cover - console script wrapper
    try:
        main(standalone_mode=True)
    except NewsfuseError as exc:
        _err(f"newsfuse: {exc}")
        sys.exit(EXIT_NOTHING)


if __name__ == "__main__":  # pragma: no cover
    main()
