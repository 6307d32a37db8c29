"""Imported once by the worker processes' forkserver, before any worker is forked: the
libraries and models the per-document steps (and the per-story tasks of the claims and
brief stage) would otherwise load on first use, in every
worker (the first ones, and each one that replaces a worker stopped at its deadline). A
forked worker inherits them loaded, so it starts on its first document at once."""

from __future__ import annotations

import contextlib

import htmldate  # noqa: F401  # publication dates
import justext  # noqa: F401  # an extractor of the cascade
import readability  # noqa: F401  # an extractor of the cascade
import sklearn.feature_extraction.text  # noqa: F401  # the TF-IDF of the briefs
import trafilatura  # noqa: F401  # the first extractor of the cascade

import newsfuse.brief.build  # the briefs of the per-story tasks
import newsfuse.brief.faithful
import newsfuse.claims.crosscheck  # the claims of the per-story tasks
import newsfuse.claims.extract  # the claim finders
import newsfuse.extract
import newsfuse.per_story
import newsfuse.pipeline  # noqa: F401  # the per-document tasks
from newsfuse.extract import lang, linemodel

with contextlib.suppress(Exception):  # a missing model only means a cold start
    lang.detect_language("The council voted on Monday to reopen the bridge after repairs.")
    linemodel.load()
