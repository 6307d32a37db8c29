"""What the workers of a local Dask cluster started by :class:`~newsfuse.backends.dask.
DaskBackend` are given (imported only when the dask extra is installed)."""

from __future__ import annotations

import contextlib
import signal
from typing import Any

from distributed import WorkerPlugin


class IgnoreInterrupt(WorkerPlugin):
    """Ctrl-C reaches the whole process group, the workers of a local cluster included: they
    ignore it (as the local backend's workers do), and the client stops them itself, so an
    interrupted run ends with one message instead of a traceback per worker. Given to every
    worker, those that replace a dead one included."""

    name = "newsfuse-ignore-interrupt"

    def setup(self, worker: Any) -> None:
        with contextlib.suppress(ValueError):  # not the main thread: nothing to change
            signal.signal(signal.SIGINT, signal.SIG_IGN)
