"""The embedded SQLite store: raw documents, their sources, extracted articles, runs and
failures, in one WAL-mode file with versioned schema migrations."""

from newsfuse.store.schema import MIGRATIONS, SCHEMA_VERSION
from newsfuse.store.sqlite import Store

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store"]
