"""Main text and metadata from HTML; boilerplate stripping for already-scraped plain text;
live-blog passages.

:func:`extract_document` turns one :class:`~newsfuse.records.RawDocument` into an
:class:`~newsfuse.records.Article`:

- HTML goes through the extraction cascade of :mod:`newsfuse.extract.html`; its text then
  loses paragraphs repeated inside the page and a closing credit line (kept as metadata);
- plain text goes through the scraped-text cleaner of :mod:`newsfuse.extract.text`, with the
  boilerplate learned from other pages of the same site when a :class:`SiteProfile` is given
  (text too big for the cleaner takes the linear-time path instead);
- metadata given by the container (JSONL fields, feed entries, WARC headers) wins over what is
  found in the content; the language is identified when nobody declares it;
- the clean text is split into passages (one for an ordinary article, several for a live blog).

:func:`extract_linear` (:mod:`newsfuse.extract.linear`) is the linear-time fallback: an
Article from any document in one streaming pass, for a document whose normal extraction
overran its budget; HTML pages too big or too deep for the cascade take that path by
themselves (``extractor == "linear"``, with a warning saying why).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsfuse.config import DEFAULT_SETTINGS, Settings
from newsfuse.errors import NewsfuseError, NoArticleError
from newsfuse.extract.lang import detect_language, normalize_language
from newsfuse.extract.linear import extract_linear
from newsfuse.extract.liveblog import passages_for
from newsfuse.extract.text import (
    SiteProfile,
    TextCleaning,
    clean_text,
    cleaner_refusal,
    dedupe_paragraphs,
    drop_junk_paragraphs,
    find_credit,
    line_key,
)
from newsfuse.records import Article, Passage, RawDocument, Removed

# Bump when extraction changes in a way that should re-extract stored articles.
EXTRACTOR_VERSION = "1"


def _decode(doc: RawDocument) -> str:
    from newsfuse.ingest import decode_bytes

    return decode_bytes(doc.data, source=doc.source, declared=doc.encoding, kind=doc.kind)


def extract_document(
    doc: RawDocument,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    profile: SiteProfile | None = None,
    text: str | None = None,
) -> Article:
    """Extract the article of one document. ``text`` is the already-decoded content when the
    caller has it. Raises :class:`ExtractionError` (naming the source) when no article text
    can be found; decoding problems surface as the ingest errors of :mod:`newsfuse.errors`."""
    if text is None:
        text = _decode(doc)
    meta = doc.meta
    if doc.kind != "html" and (too_big := cleaner_refusal(text)) is not None:
        return extract_linear(doc, settings, text, reason=too_big)
    try:
        if doc.kind == "html":
            fields = _from_html(text, doc, settings)
        else:
            fields = _from_text(text, doc, profile)
    except NewsfuseError as exc:
        if exc.source is None:
            exc.source = doc.source
        raise
    body = fields["text"]
    if not body.strip():
        raise NoArticleError(_nothing_left(fields.get("removed", ())), source=doc.source)

    language = normalize_language(meta.get("language")) or fields.get("language")
    if language is None and settings.detect_language:
        language = detect_language(body)
    title = meta.get("title") or fields.get("title")
    passages = passages_for(
        body,
        language=language,
        headings=fields.get("headings", ()),
        split=settings.split_live_blogs,
        title=title,
    )
    if len(passages) == 1 and title:
        passages = (Passage(passages[0].start, passages[0].end, title),)
    return Article(
        id=doc.id,
        source=doc.source,
        kind=doc.kind,
        text=body,
        title=title,
        author=meta.get("author") or fields.get("author"),
        published=meta.get("published") or fields.get("published"),
        outlet=meta.get("outlet") or fields.get("outlet"),
        credit=meta.get("credit") or fields.get("credit"),
        language=language,
        url=fields.get("url") or doc.url,
        extractor=fields["extractor"],
        removed=tuple(fields.get("removed", ())),
        passages=passages,
        warnings=tuple(fields.get("warnings", ())),
        raw=doc.data,
    )


def _nothing_left(removed: Iterable[Removed]) -> str:
    """Why a document gave no text: how much was removed, and the main reasons."""
    removed = list(removed)
    if not removed:
        return "no article text found"
    reasons = Counter(r.reason.split(" (")[0] for r in removed)
    top = "; ".join(f"{reason} ({n})" for reason, n in reasons.most_common(3))
    return f"no article text left: all {len(removed)} lines or paragraphs were removed ({top})"


def _from_html(html: str, doc: RawDocument, settings: Settings) -> dict[str, Any]:
    from newsfuse.extract.html import extract_html

    h = extract_html(html, url=doc.url, settings=settings)
    if h.extractor == "linear":  # too big for the cascade: kept as the linear pass gave it
        return {
            "text": h.text,
            "title": h.title,
            "author": h.author,
            "published": h.published,
            "outlet": h.outlet,
            "url": h.url,
            "language": normalize_language(h.language),
            "extractor": h.extractor,
            "warnings": h.warnings,
        }
    paragraphs = h.text.split("\n\n")
    language = normalize_language(h.language)
    keep, removed = drop_junk_paragraphs(paragraphs, language=language)
    heading_set = set(h.headings)
    # a heading at the top that repeats the title (with a rubric such as "LIVE:") is the title
    title_words = set(line_key(h.title or "").split())
    for i in keep[:3]:
        words = set(line_key(paragraphs[i]).split())
        if i in heading_set and title_words and len(words & title_words) >= 0.7 * len(words):
            keep.remove(i)
            removed.append(Removed(paragraphs[i], "title heading (kept as metadata)", None))
            break
    heading_texts = {paragraphs[i] for i in h.headings if i in keep}
    paragraphs, dup = dedupe_paragraphs([paragraphs[i] for i in keep])
    removed.extend(dup)
    credit, credit_at = find_credit(paragraphs)
    if credit_at is not None:
        removed.append(Removed(paragraphs[credit_at], "credit line (kept as metadata)", None))
        del paragraphs[credit_at]
    headings = tuple(i for i, p in enumerate(paragraphs) if p in heading_texts)
    return {
        "text": "\n\n".join(paragraphs),
        "title": h.title,
        "author": h.author,
        "published": h.published,
        "outlet": h.outlet,
        "url": h.url,
        "language": language,
        "credit": credit,
        "extractor": h.extractor,
        "headings": headings,
        "removed": [*h.removed, *removed],
        "warnings": h.warnings,
    }


def _from_text(text: str, doc: RawDocument, profile: SiteProfile | None) -> dict[str, Any]:
    c: TextCleaning = clean_text(
        text,
        language=normalize_language(doc.meta.get("language")),
        profile=profile,
        title_hint=doc.meta.get("title"),
    )
    return {
        "text": c.text,
        "title": c.title,
        "author": c.author,
        "published": c.published,
        "outlet": c.outlet,
        "language": c.language,
        "credit": c.credit,
        "extractor": "text-cleaner",
        "headings": c.headings,
        "removed": list(c.removed),
    }


__all__ = [
    "EXTRACTOR_VERSION",
    "SiteProfile",
    "TextCleaning",
    "clean_text",
    "extract_document",
    "extract_linear",
]
