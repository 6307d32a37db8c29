"""Per-document work on this machine: worker processes, each document under a budget.

newsfuse reads text written by strangers, and one page can hold a million paragraphs, a 30 MB
line or 100,000 nested elements. So every per-document step (extraction, the claim finders)
runs in worker processes, one document at a time, under a time and a memory budget
(``Settings.doc_seconds`` and ``Settings.doc_memory``):

- **time**: a document still running at its deadline has its worker stopped (pebble kills the
  process and starts a fresh one), whatever it was doing, inside C code included;
- **memory**: before each document the worker caps its address space at what it already holds
  plus the budget (``RLIMIT_AS``, Linux), so an allocation past it fails there (``MemoryError``)
  instead of swapping the machine or waking the OOM killer; an item that holds several
  documents (a story's claims) has the time of all of them and their memory, up to one job's
  share of the machine's (:meth:`LocalBackend.memory_for`);
- a worker that dies (a crash in a C library) costs only its document.

Each overrun becomes an :class:`Overrun` in the results; the step's ``fallback`` (a
linear-time path) then runs under the same budget, and if it overruns too the caller reports
the document as a failure with the reason. The rest of the batch goes on.

Results come back in input order whatever the number of workers and whichever finished first,
so ``jobs=4`` gives exactly the output of ``jobs=1``. ``jobs=0`` runs inline, in this process,
without budgets: for debugging, and for callers that already run inside a worker.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from newsfuse.errors import require, require_int

#: modules the worker processes import once, before the first document (the forkserver's
#: preload), so that a fresh worker starts in milliseconds
PRELOAD = ("newsfuse.backends.warm",)
#: documents a worker handles before it is replaced (caches and heap fragments do not grow)
MAX_TASKS = 500
#: documents in flight per worker: enough to keep every worker busy, few enough to bound memory
WINDOW_PER_JOB = 4


@dataclass(frozen=True, slots=True)
class Overrun:
    """A document that exceeded its budget (``kind``: ``time``, ``memory`` or ``crash``)."""

    kind: str
    reason: str


class Backend(Protocol):
    """What the pipeline asks of a backend (:class:`LocalBackend`, ``DaskBackend``)."""

    def map(
        self,
        fn: Callable[..., Any],
        items: Iterable[tuple[Any, ...]],
        *,
        fallback: Callable[..., Any] | None = None,
        scale: Callable[..., float] | None = None,
        batch: int | None = None,
    ) -> Iterator[Any]: ...

    def close(self) -> None: ...


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


class LocalBackend:
    """Run a per-document function over many documents, in order, each under a budget.

    Parameters
    ----------
    jobs: worker processes (0: inline in this process, without budgets; default: one per core).
    seconds: the time budget of one document, > 0.
    memory: the memory budget of one document in bytes, above what the worker already holds.
    """

    def __init__(
        self, jobs: int | None = None, *, seconds: float = 10.0, memory: int = 2 * 1024**3
    ) -> None:
        self.jobs = (
            default_jobs() if jobs is None else require_int("LocalBackend", "jobs", jobs, least=0)
        )
        ok = isinstance(seconds, int | float) and not isinstance(seconds, bool) and seconds > 0
        require("LocalBackend", "seconds", seconds, ok, "a positive number")
        require_int("LocalBackend", "memory", memory, least=1)
        self.seconds = float(seconds)
        self.memory = int(memory)
        self._pool: Any = None

    @classmethod
    def from_settings(cls, settings: Any, jobs: int | None = None) -> LocalBackend:
        return cls(jobs, seconds=settings.doc_seconds, memory=settings.doc_memory)

    # -- lifecycle ---------------------------------------------------------------------

    def _workers(self) -> Any:
        if self._pool is None:
            import pebble

            self._pool = pebble.ProcessPool(
                max_workers=self.jobs,
                max_tasks=MAX_TASKS,
                initializer=_init_worker,
                context=_context(),
            )
        return self._pool

    def start(self) -> LocalBackend:
        """Start the workers now, in the background (they import newsfuse while the caller
        goes on reading its inputs); otherwise they start on first use."""
        if self.jobs:
            self._workers()
        return self

    def close(self) -> None:
        """Stop the workers (idempotent); the backend starts new ones if used again."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join()

    def __enter__(self) -> LocalBackend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:  # a backend dropped without close() must not leave workers
        with contextlib.suppress(Exception):  # at interpreter shutdown nothing is left to do
            self.close()

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
        """``fn(*item)`` for every item, in order; an :class:`Overrun` for an item whose call
        exceeded the budget and whose ``fallback(*item, reason)`` (when given; ``reason`` says
        how the first call overran) overran too. ``fn`` and
        ``fallback`` must be module-level functions (they are sent to the workers by name);
        exceptions they raise are raised here, so catch what is expected inside them.
        ``scale(*item)`` (a module-level function too), when given, is how many documents'
        budgets an item holds (an item of several documents gets the time of all of them).
        ``batch`` is for the Dask backend (items per task); here each item is sent alone."""
        if self.jobs == 0:
            for item in items:
                yield fn(*item)
            return
        window: deque[tuple[tuple[Any, ...], Any, float, int]] = deque()
        try:
            for item in items:
                documents = max(1.0, float(scale(*item))) if scale else 1.0
                seconds = self.seconds * documents
                memory = self.memory_for(documents)
                window.append((item, self._submit(fn, item, seconds, memory), seconds, memory))
                if len(window) >= self.jobs * WINDOW_PER_JOB:
                    yield self._settle(*window.popleft(), fallback)
            while window:
                yield self._settle(*window.popleft(), fallback)
        except BaseException:
            for _, future, _seconds, _memory in window:
                future.cancel()
            if not isinstance(sys.exc_info()[1], GeneratorExit):
                self.close()  # Ctrl-C or an error: do not leave documents running
            raise

    def memory_for(self, documents: float) -> int:
        """The memory budget of an item that holds ``documents`` documents' budgets (a story
        of 1,600 reports, whose claims are compared pair by pair): as many documents', but
        never more than one job's share of this machine's memory (its physical memory over
        ``jobs + 1``, so that the jobs at once cannot exhaust it) unless one document's
        budget is more already."""
        if documents <= 1.0:
            return self.memory
        share = _physical_memory() // (max(1, self.jobs) + 1)
        return max(self.memory, min(int(self.memory * documents), share))

    def _submit(
        self, fn: Callable[..., Any], item: tuple[Any, ...], seconds: float, memory: int
    ) -> Any:
        return self._workers().schedule(_call, (fn, item, memory), timeout=seconds)

    def _settle(
        self,
        item: tuple[Any, ...],
        future: Any,
        seconds: float,
        memory: int,
        fallback: Callable[..., Any] | None,
    ) -> Any:
        result = self._outcome(future, seconds)
        if isinstance(result, Overrun) and fallback is not None:
            again = self._submit(fallback, (*item, result.reason), seconds, memory)
            second = self._outcome(again, seconds)
            if isinstance(second, Overrun):
                return Overrun(result.kind, f"{result.reason}; the fallback too: {second.reason}")
            return second
        return result

    def _outcome(self, future: Any, seconds: float) -> Any:
        from pebble import ProcessExpired

        try:
            return future.result()
        except FutureTimeout:
            return Overrun("time", f"took longer than its budget of {seconds:g} s")
        except ProcessExpired as exc:
            code = exc.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return Overrun("crash", f"the worker processing it died ({how})")


_SHARED: dict[tuple[int, float, int], LocalBackend] = {}
_SHARED_LOCK = threading.Lock()


def shared_backend(settings: Any) -> LocalBackend:
    """The backend of ``settings`` (jobs, doc_seconds, doc_memory) shared by every caller in
    this process, so that its workers start once rather than once per Pipeline; its workers
    are stopped when the process exits."""
    key = (settings.jobs, float(settings.doc_seconds), int(settings.doc_memory))
    with _SHARED_LOCK:
        backend = _SHARED.get(key)
        if backend is None:
            if not _SHARED:
                atexit.register(_close_shared)
            backend = _SHARED[key] = LocalBackend(
                settings.jobs or None, seconds=settings.doc_seconds, memory=settings.doc_memory
            )
        return backend


def _close_shared() -> None:
    for backend in list(_SHARED.values()):
        backend.close()


def _context() -> Any:
    """forkserver where there is one (Linux): workers fork from a clean server that has
    imported newsfuse once, never from this process and its threads; and they do not run the
    caller's main script again (see :class:`_Launch`)."""
    global _CONTEXT
    if _CONTEXT is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            _CONTEXT = _ForkServerContext()
            _CONTEXT.set_forkserver_preload(list(PRELOAD))
            # numeric libraries in the workers use one thread each: the workers are the
            # parallelism
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(var, "1")
        else:
            _CONTEXT = multiprocessing.get_context("spawn")
    return _CONTEXT


_CONTEXT: Any = None
_LAUNCHING = threading.Lock()


def _launch_without_main(popen: Any, process_obj: Any) -> None:
    """Start a forkserver worker without the instruction to run the caller's ``__main__``
    again. multiprocessing re-imports the main script in every new process so that functions
    defined there can be unpickled; newsfuse's workers only run newsfuse's own functions, and a
    script without an ``if __name__ == "__main__"`` guard would otherwise start its whole job
    again inside each worker (where starting processes fails)."""
    from multiprocessing import spawn

    with _LAUNCHING:
        original = spawn.get_preparation_data

        def without_main(name: str) -> dict[str, Any]:
            data: dict[str, Any] = original(name)
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        spawn.get_preparation_data = without_main
        try:
            _popen_forkserver.Popen._launch(popen, process_obj)  # type: ignore[attr-defined]
        finally:
            spawn.get_preparation_data = original


try:  # the classes are pickled with each worker, so they live at module level
    from multiprocessing import context as _mp_context
    from multiprocessing import popen_forkserver as _popen_forkserver

    class _ForkServerPopen(_popen_forkserver.Popen):
        def _launch(self, process_obj: Any) -> None:
            _launch_without_main(self, process_obj)

    class _ForkServerProcess(_mp_context.ForkServerProcess):
        @staticmethod
        def _Popen(process_obj: Any) -> Any:
            return _ForkServerPopen(process_obj)

    class _ForkServerContext(_mp_context.ForkServerContext):
        Process = _ForkServerProcess

except (ImportError, AttributeError):  # no forkserver here (not Linux): spawn is used

    def _ForkServerContext() -> Any:  # type: ignore[no-redef]
        raise NotImplementedError


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _physical_memory() -> int:
    """Bytes of physical memory of this machine (8 GiB when it cannot be read)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, AttributeError):
        return 8 * 1024**3


def _call(fn: Callable[..., Any], item: tuple[Any, ...], memory: int) -> Any:
    """Run in a worker: ``fn(*item)`` with the address space capped at what the worker holds
    plus ``memory``."""
    lifted = _cap_memory(memory)
    try:
        return fn(*item)
    except MemoryError:
        return Overrun("memory", f"needed more than its budget of {memory / 2**20:,.0f} MiB")
    finally:
        lifted()


def _cap_memory(memory: int) -> Callable[[], None]:
    """Cap this process's address space at its current size plus ``memory``; give the function
    that lifts the cap again. Where the size cannot be read (not Linux), nothing is capped."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as f:
            size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + memory
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError, ImportError):
        return lambda: None

    def lift() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

    return lift


__all__ = ["Backend", "LocalBackend", "Overrun", "default_jobs", "shared_backend"]
