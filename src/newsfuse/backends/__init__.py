"""Where per-document work runs: :class:`LocalBackend` (worker processes on this machine, each
document under a time and memory budget; ``jobs=0`` inline) or ``DaskBackend``
(:mod:`newsfuse.backends.dask`: the same on the workers of a Dask cluster, with the extra
``pip install 'newsfuse[dask]'``), chosen by ``Settings.backend``."""

from typing import Any

from newsfuse.backends.local import Backend, LocalBackend, Overrun, default_jobs, shared_backend


def default_backend(settings: Any) -> Backend:
    """The backend ``settings`` ask for, shared by every Pipeline of this process: the local
    worker processes (started now, in the background), or a Dask cluster (on first use)."""
    if settings.backend == "dask":
        from newsfuse.backends.dask import shared_dask_backend

        return shared_dask_backend(settings)
    return shared_backend(settings).start()


__all__ = [
    "Backend",
    "LocalBackend",
    "Overrun",
    "default_backend",
    "default_jobs",
    "shared_backend",
]
