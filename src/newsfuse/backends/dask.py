"""Per-document work on a Dask cluster (``pip install 'newsfuse[dask]'``).

:class:`DaskBackend` is :class:`~newsfuse.backends.local.LocalBackend` spread over the workers
of a Dask cluster: a ``distributed.LocalCluster`` of ``workers`` processes started here, or an
existing cluster at ``scheduler``. It has the same interface (``map`` in input order, the
:class:`~newsfuse.backends.local.Overrun` results, the ``fallback``, ``close`` and the context
manager), so the pipeline's output does not depend on where the work ran.

- **batches in a window**: the items are sent as Dask tasks of up to :data:`BATCH_ITEMS`
  documents (or :data:`BATCH_BYTES` of them), and at most :data:`WINDOW_PER_WORKER` tasks per
  worker are in flight: the client never holds more of the input than the pipeline gives it
  plus this window.
- **the same guard on the workers**: inside each task the worker runs the batch through its
  own ``LocalBackend`` (one guarded process per worker thread), so each document keeps its
  time and memory budget and its fallback; a pathological page costs its own document, never
  the Dask worker.
- **the workers read the inputs**: in a run, the input files go to the workers as
  partitions (:mod:`newsfuse.backends.dask_reading`), not as the documents' bytes.
- **faults**: a worker that dies (killed, out of memory) has its tasks run again on the others
  by the scheduler, and a task that raises is retried :data:`RETRIES` times; results are
  taken by batch in input order, so nothing is lost or counted twice.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.util
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from newsfuse.backends.local import LocalBackend, default_jobs
from newsfuse.errors import ConfigError, require, require_int

#: the hint given when dask or distributed cannot be imported
EXTRA_HINT = "needs the dask extra: pip install 'newsfuse[dask]'"
#: documents per Dask task at most (one task is one round trip to the scheduler)
BATCH_ITEMS = 16
#: ... and bytes of raw document per task at most (a batch of large pages is cut earlier)
BATCH_BYTES = 4 * 1024**2
#: tasks in flight per worker thread: enough to keep every worker busy, few enough to bound
#: what the client holds
WINDOW_PER_WORKER = 3
#: times a task that raised is run again (a worker that died is handled by the scheduler)
RETRIES = 3


def require_dask(what: str = "the dask backend") -> Any:
    """The ``distributed`` module, or a ConfigError whose one line names the extra."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as exc:
        raise ConfigError(f"{what} {EXTRA_HINT} ({exc})") from exc
    return distributed


def dask_missing() -> bool:
    """Whether the dask extra is missing (dask or distributed cannot be imported)."""
    try:
        require_dask()
    except ConfigError:
        return True
    return False


class DaskBackend:
    """Run a per-document function over many documents on a Dask cluster, in order, each
    document under a budget.

    Parameters
    ----------
    workers: worker processes of a ``LocalCluster`` started on first use (default: one per
        core); not with ``scheduler``.
    scheduler: the address of an existing Dask scheduler (``tcp://host:8786``).
    seconds, memory: the budget of one document, as in ``LocalBackend``.
    say: where the dashboard address of a started cluster is told (default: stderr).
    """

    #: the workers read the inputs themselves (:mod:`newsfuse.backends.dask_reading`)
    reads_inputs = True

    def __init__(
        self,
        workers: int | None = None,
        *,
        scheduler: str | None = None,
        seconds: float = 10.0,
        memory: int = 2 * 1024**3,
        say: Callable[[str], None] | None = None,
    ) -> None:
        if workers is not None:
            require_int("DaskBackend", "workers", workers, least=1)
        if scheduler is not None:
            ok = isinstance(scheduler, str) and bool(scheduler.strip())
            require("DaskBackend", "scheduler", scheduler, ok, "a scheduler address")
            if workers is not None:
                raise ConfigError(
                    "the 'workers' and 'scheduler' parameters of DaskBackend exclude each "
                    f"other (a local cluster of workers, or an existing one), got {workers!r} "
                    f"and {scheduler!r}"
                )
        LocalBackend(0, seconds=seconds, memory=memory)  # the same checks of the budget
        self.workers = workers
        self.scheduler = scheduler
        self.seconds = float(seconds)
        self.memory = int(memory)
        self.say = say if say is not None else _stderr
        self._client: Any = None
        self._cluster: Any = None
        self.dashboard: str | None = None

    @classmethod
    def from_settings(cls, settings: Any, say: Callable[[str], None] | None = None) -> DaskBackend:
        return cls(
            None if settings.scheduler else (settings.workers or None),
            scheduler=settings.scheduler or None,
            seconds=settings.doc_seconds,
            memory=settings.doc_memory,
            say=say,
        )

    # -- lifecycle ---------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        distributed = require_dask()
        if logging.getLogger().getEffectiveLevel() > logging.INFO:
            # Dask tells every connection and worker at INFO: only its warnings, unless the
            # caller asked for more (``-vv``)
            logging.getLogger("distributed").setLevel(logging.WARNING)
        if self.scheduler is not None:
            self._client = distributed.Client(self.scheduler, set_as_default=False)
            return self._client
        cluster = distributed.LocalCluster(
            n_workers=self.workers or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",  # a free port, on this machine only
            host="127.0.0.1",
            silence_logs=logging.ERROR,
        )
        try:
            self._client = distributed.Client(cluster, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        self._cluster = cluster
        from newsfuse.backends._dask_plugin import IgnoreInterrupt

        self._client.register_plugin(IgnoreInterrupt())
        self.dashboard = self._client.dashboard_link
        n = len(cluster.workers)
        self.say(f"newsfuse: Dask cluster of {n} worker(s), dashboard at {self.dashboard}")
        return self._client

    def start(self) -> DaskBackend:
        """Connect now (start the local cluster); otherwise it happens on first use."""
        self._connect()
        return self

    def close(self) -> None:
        """Disconnect, and stop the local cluster this backend started (idempotent)."""
        client, self._client = self._client, None
        cluster, self._cluster = self._cluster, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()

    def __enter__(self) -> DaskBackend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def worker_threads(self) -> int:
        """Threads over the cluster's workers (each runs one document at a time)."""
        info = self._connect().scheduler_info(n_workers=-1)
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    # -- work ----------------------------------------------------------------------------

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[tuple[Any, ...]],
        *,
        fallback: Callable[..., Any] | None = None,
        scale: Callable[..., float] | None = None,
        batch: int | None = None,
    ) -> Iterator[Any]:
        """``fn(*item)`` for every item, in order, as ``LocalBackend.map`` gives it: an
        :class:`Overrun` for an item whose call and ``fallback`` overran the budget (of
        ``scale(*item)`` documents when given); exceptions ``fn`` raises (after the retries)
        are raised here. ``batch``: items per Dask task at most (default
        :data:`BATCH_ITEMS`), fewer for items that are each much work."""
        client = self._connect()
        window: deque[Any] = deque()
        limit = WINDOW_PER_WORKER * self.worker_threads()
        size = BATCH_ITEMS if batch is None else require_int("map", "batch", batch, least=1)
        try:
            for part in _batches(items, size):
                window.append(
                    client.submit(
                        run_batch,
                        fn,
                        fallback,
                        part,
                        self.seconds,
                        self.memory,
                        scale,
                        pure=False,
                        retries=RETRIES,
                    )
                )
                if len(window) >= limit:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        except BaseException:
            for future in window:
                with contextlib.suppress(Exception):
                    future.cancel()
            if not isinstance(sys.exc_info()[1], GeneratorExit):
                self.close()  # Ctrl-C or an error: do not leave the cluster running
            raise


def _batches(
    items: Iterable[tuple[Any, ...]], most: int = BATCH_ITEMS
) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += sum(_size(x) for x in item)
        if len(batch) >= most or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _size(x: Any) -> int:
    """About the bytes one part of an item sends: a text, raw bytes, a document's data."""
    if isinstance(x, str | bytes):
        return len(x)
    data = getattr(x, "data", None)
    return len(data) if isinstance(data, bytes) else 0


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- on the workers ------------------------------------------------------------------------

_GUARDS: dict[tuple[int, float, int], LocalBackend] = {}
_GUARDS_LOCK = threading.Lock()


def run_batch(
    fn: Callable[..., Any],
    fallback: Callable[..., Any] | None,
    batch: list[tuple[Any, ...]],
    seconds: float,
    memory: int,
    scale: Callable[..., float] | None = None,
) -> list[Any]:
    """A Dask task: ``fn`` over a batch, each document under its budget in the worker's
    guarded process (``LocalBackend``), in order."""
    return list(_guard(seconds, memory).map(fn, batch, fallback=fallback, scale=scale))


def _guard(seconds: float, memory: int) -> LocalBackend:
    """This worker's LocalBackend: one guarded process per worker thread, started once and
    stopped when the worker process exits."""
    threads = 1
    with contextlib.suppress(Exception):  # not inside a Dask worker: one process
        from distributed import get_worker

        threads = max(1, int(get_worker().state.nthreads))
    key = (threads, float(seconds), int(memory))
    with _GUARDS_LOCK:
        guard = _GUARDS.get(key)
        if guard is None:
            _allow_children()
            guard = _GUARDS[key] = LocalBackend(threads, seconds=seconds, memory=memory)
            # a Dask worker process ends through multiprocessing, which runs its finalizers
            # but not atexit
            multiprocessing.util.Finalize(None, guard.close, exitpriority=10)
            atexit.register(guard.close)
        return guard


def _allow_children() -> None:
    """Let this (Dask worker) process start the guarded processes. A nanny starts its worker
    as a daemonic process (``distributed.worker.daemon``), and multiprocessing refuses
    children to those because nothing would stop them when the daemon is killed; here the
    guarded processes stop by themselves when their parent is gone (their pipe closes), and
    the worker stops them at its exit (the finalizer above)."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]


_SHARED: dict[tuple[Any, ...], DaskBackend] = {}
_SHARED_LOCK = threading.Lock()


def shared_dask_backend(settings: Any) -> DaskBackend:
    """The Dask backend of ``settings`` shared by every Pipeline of this process (one cluster,
    started on first use), stopped when the process exits."""
    key = (
        settings.workers,
        settings.scheduler,
        float(settings.doc_seconds),
        int(settings.doc_memory),
    )
    with _SHARED_LOCK:
        backend = _SHARED.get(key)
        if backend is None:
            if not _SHARED:
                atexit.register(_close_shared)
            backend = _SHARED[key] = DaskBackend.from_settings(settings)
        return backend


def _close_shared() -> None:
    for backend in list(_SHARED.values()):
        backend.close()
    _SHARED.clear()


__all__ = ["DaskBackend", "dask_missing", "require_dask", "shared_dask_backend"]
