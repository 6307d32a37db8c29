"""Where per-document work runs: :class:`LocalBackend` (worker processes on this machine, each
document under a time and memory budget; ``jobs=0`` inline)."""

from newsfuse.backends.local import LocalBackend, Overrun, default_jobs, shared_backend

__all__ = ["LocalBackend", "Overrun", "default_jobs", "shared_backend"]
