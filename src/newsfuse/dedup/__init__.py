"""Copies, rewrites and provenance: which reports are the same report, and which is the original.

(The public API is filled in as the modules land.)
"""
