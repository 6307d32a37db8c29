"""Readers that turn inputs (files, directories, globs, stdin, URLs; text, HTML, JSONL, WARC, feeds) into RawDocument records."""
