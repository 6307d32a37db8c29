"""One frozen Settings object, resolved once (defaults < environment < explicit overrides)
and passed down to every stage."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from newsfuse.errors import ConfigError, is_number

MiB = 1024 * 1024

EXTRACTORS = ("auto", "trafilatura", "readability", "justext", "text")
BACKENDS = ("local", "dask")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be tuned with.

    max_bytes        inputs (files, URL bodies, decompressed gzip, one JSONL line) larger than
                     this are refused with InputTooLargeError instead of being parsed.
    fetch_timeout    seconds for a whole http(s) request: connecting, headers, redirects and
                     every read of the body (a server sending a byte now and then fails at it).
    user_agent       sent with every request.
    extractor        "auto" (the cascade) or one extractor forced for every HTML page.
    detect_language  run the language identifier when the page does not declare a language.
    split_live_blogs split pages that hold several separate stories into passages.
    site_min_docs    a line is learned as site boilerplate when it repeats in at least this many
                     documents of one site in a batch.
    story_window_days an article joins a story only when published within this many days of
                     the story's articles (stories of a store keep the window they began with).
    doc_seconds      the time budget of one document in one per-document step (extraction,
                     the claim finders): past it the step falls back to a linear-time path or
                     the document is reported as a failure with the reason, and the batch goes on.
    doc_memory       the memory budget of one document in one per-document step, in bytes
                     (above what the process already holds), handled as ``doc_seconds`` is.
    jobs             worker processes for the per-document steps; 0: one per core.
    backend          where the per-document steps run: "local" (worker processes of this
                     machine, ``jobs``) or "dask" (a Dask cluster: ``pip install
                     'newsfuse[dask]'``); the results are the same.
    workers          with backend "dask": the worker processes of the local Dask cluster
                     started for the run; 0: one per core.
    scheduler        with backend "dask": the address of an existing Dask scheduler to run on
                     instead of a local cluster ("tcp://host:8786").
    """

    max_bytes: int = 32 * MiB
    fetch_timeout: float = 20.0
    user_agent: str = "newsfuse/0.1 (+https://github.com/newsfuse/newsfuse)"
    extractor: str = "auto"
    detect_language: bool = True
    split_live_blogs: bool = True
    site_min_docs: int = 3
    story_window_days: float = 7.0
    doc_seconds: float = 10.0
    doc_memory: int = 2048 * MiB
    jobs: int = 0
    backend: str = "local"
    workers: int = 0
    scheduler: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ConfigError(
                f"the 'max_bytes' parameter of Settings must be a positive int, got {self.max_bytes!r}"
            )
        if not (is_number(self.fetch_timeout) and self.fetch_timeout > 0):
            raise ConfigError(
                "the 'fetch_timeout' parameter of Settings must be a positive finite number, "
                f"got {self.fetch_timeout!r}"
            )
        if self.extractor not in EXTRACTORS:
            raise ConfigError(
                f"the 'extractor' parameter of Settings must be one of {', '.join(EXTRACTORS)}, "
                f"got {self.extractor!r}"
            )
        if not isinstance(self.site_min_docs, int) or self.site_min_docs < 2:
            raise ConfigError(
                "the 'site_min_docs' parameter of Settings must be an int >= 2, "
                f"got {self.site_min_docs!r}"
            )

        if not (is_number(self.story_window_days) and self.story_window_days > 0):
            raise ConfigError(
                "the 'story_window_days' parameter of Settings must be a positive finite number, "
                f"got {self.story_window_days!r}"
            )

        if not (is_number(self.doc_seconds) and self.doc_seconds > 0):
            raise ConfigError(
                "the 'doc_seconds' parameter of Settings must be a positive finite number, "
                f"got {self.doc_seconds!r}"
            )
        if not isinstance(self.doc_memory, int) or self.doc_memory < 64 * MiB:
            raise ConfigError(
                "the 'doc_memory' parameter of Settings must be an int of at least 64 MiB "
                f"(67108864), got {self.doc_memory!r}"
            )
        if not isinstance(self.jobs, int) or isinstance(self.jobs, bool) or self.jobs < 0:
            raise ConfigError(
                f"the 'jobs' parameter of Settings must be an int >= 0, got {self.jobs!r}"
            )

        self._check_backend()

    def _check_backend(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(
                f"the 'backend' parameter of Settings must be one of {', '.join(BACKENDS)}, "
                f"got {self.backend!r}"
            )
        if not isinstance(self.workers, int) or isinstance(self.workers, bool) or self.workers < 0:
            raise ConfigError(
                f"the 'workers' parameter of Settings must be an int >= 0, got {self.workers!r}"
            )
        if not isinstance(self.scheduler, str):
            raise ConfigError(
                "the 'scheduler' parameter of Settings must be a str (a Dask scheduler's "
                f"address), got {self.scheduler!r}"
            )
        if self.backend != "dask" and (self.workers or self.scheduler):
            raise ConfigError(
                "the 'workers' and 'scheduler' parameters of Settings are for backend "
                f"'dask' (the local backend takes 'jobs'), got backend {self.backend!r}"
            )
        if self.backend == "dask" and self.jobs:
            raise ConfigError(
                "the 'jobs' parameter of Settings is for backend 'local' (backend 'dask' takes "
                f"'workers' or 'scheduler'), got jobs={self.jobs!r} with backend 'dask'"
            )
        if self.workers and self.scheduler:
            raise ConfigError(
                "the 'workers' and 'scheduler' parameters of Settings exclude each other (a "
                f"local Dask cluster, or an existing one), got {self.workers!r} and "
                f"{self.scheduler!r}"
            )

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed; None values are ignored (unset CLI options)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **changes)

    @classmethod
    def resolve(cls, **overrides: Any) -> Settings:
        """Defaults, then NEWSFUSE_* environment variables, then explicit overrides."""
        env: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = os.environ.get(f"NEWSFUSE_{f.name.upper()}")
            if raw is None:
                continue
            try:
                if f.type in ("int", int):
                    env[f.name] = int(raw)
                elif f.type in ("float", float):
                    env[f.name] = float(raw)
                elif f.type in ("bool", bool):
                    env[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
                else:
                    env[f.name] = raw
            except ValueError as exc:
                raise ConfigError(
                    f"the environment variable NEWSFUSE_{f.name.upper()} must be a {f.type}, "
                    f"got {raw!r}"
                ) from exc
        # one replace: settings checked together (NEWSFUSE_WORKERS with --backend dask)
        given = {k: v for k, v in overrides.items() if v is not None}
        return cls().replace(**{**env, **given})


DEFAULT_SETTINGS = Settings()
