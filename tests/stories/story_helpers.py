"""Helpers for the story tests: small hand-written articles."""

from __future__ import annotations

from newsfuse.records import Article, Passage, content_id


def make_article(
    text: str,
    *,
    source: str,
    title: str | None = None,
    published: str | None = None,
    passages: list[tuple[int, int, str | None]] | None = None,
) -> Article:
    spans = passages or [(0, len(text), title)]
    return Article(
        id=content_id(f"{source}\n{text}".encode()),
        source=source,
        kind="text",
        text=text,
        title=title,
        published=published,
        passages=tuple(Passage(a, b, t) for a, b, t in spans),
    )


def live_blog(parts: list[str], *, source: str, published: str | None = None) -> Article:
    """An article whose passages are ``parts`` (one per story), separated by blank lines."""
    text, pos = "", 0
    spans: list[tuple[int, int, str | None]] = []
    for part in parts:
        if text:
            text += "\n\n"
            pos += 2
        spans.append((pos, pos + len(part), None))
        text += part
        pos += len(part)
    return make_article(text, source=source, published=published, passages=spans)
