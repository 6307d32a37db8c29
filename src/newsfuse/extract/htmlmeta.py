"""Metadata read directly from a parsed HTML page: JSON-LD, OpenGraph / meta tags, <html lang>.

These are the page's own declarations (what the publisher says about the article). They are
combined with trafilatura's heuristic metadata in :mod:`newsfuse.extract.html`, where the
declarations win when present.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

_WS = re.compile(r"\s+")
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "webpage",
}


@dataclass(slots=True)
class PageMeta:
    """What the page declares about itself; every field None when the page does not say."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    article_body: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _WS.sub(" ", _unescape(value)).strip()
    return value or None


def _unescape(value: str) -> str:
    """A declared value with its character references read: JSON-LD strings and meta contents
    escaped twice hold them ("Here&#8217;s why", "M&#038;A", "Bike &amp; Style" in WordPress
    and Yoast pages), and they would be shown as written."""
    return html.unescape(value) if "&" in value else value


def _walk_jsonld(node: Any, out: list[dict[str, Any]]) -> None:
    """Collect every JSON-LD object (dict with @type) in a nested structure / @graph, in
    document order (an explicit stack: no recursion, however deep the data)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if "@type" in item:
                out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of the page (unparseable scripts are skipped)."""
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except RecursionError:  # nested deeper than the decoder goes: not metadata
            continue
        except ValueError:
            # some sites put several objects or trailing semicolons in one script
            try:
                data = json.loads(raw.rstrip(";"), strict=False)
            except (ValueError, RecursionError):
                continue
        _walk_jsonld(data, objects)
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in items if x}


def _names(value: Any) -> list[str]:
    """Names of a JSON-LD person/organization value (string, object or list of them)."""
    names: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            v = _clean(item)
            if v and not v.startswith("http"):
                names.append(v)
        elif isinstance(item, dict):
            v = _clean(item.get("name"))
            if v:
                names.append(v)
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return names


def _article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object describing the article (prefers news/article types over WebPage)."""
    best: dict[str, Any] | None = None
    for obj in objects:
        types = _types(obj)
        if not types & _ARTICLE_TYPES:
            continue
        if "webpage" in types and len(types) == 1:
            best = best or obj
            continue
        return obj
    return best


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from a language tag ("en-US", "de_DE", "fr"), or None if not one."""
    if not value:
        return None
    code = re.split(r"[-_,;\s]", value.strip().lower(), maxsplit=1)[0]
    return code if len(code) == 2 and code.isalpha() else None


def page_meta(tree: HtmlElement) -> PageMeta:
    """Read JSON-LD, OpenGraph/Twitter/Dublin-Core meta tags, canonical link and <html lang>."""
    pm = PageMeta()
    meta: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv"))
        content = el.get("content")
        if key and content and key.strip().lower() not in meta:
            meta[key.strip().lower()] = _WS.sub(" ", _unescape(content)).strip()
    pm.meta = meta

    objects = jsonld_objects(tree)
    art = _article_object(objects)
    if art is not None:
        pm.title = _clean(art.get("headline")) or _clean(art.get("name"))
        authors = _names(art.get("author"))
        pm.author = "; ".join(dict.fromkeys(authors)) or None
        pm.published = _clean(art.get("datePublished")) or _clean(art.get("dateCreated"))
        pm.modified = _clean(art.get("dateModified"))
        publisher = _names(art.get("publisher"))
        pm.outlet = publisher[0] if publisher else None
        pm.article_body = art.get("articleBody") if isinstance(art.get("articleBody"), str) else None
        lang = art.get("inLanguage")
        pm.language = language_code(lang if isinstance(lang, str) else None)
        url = art.get("url") or art.get("mainEntityOfPage")
        if isinstance(url, dict):
            url = url.get("@id")
        pm.url = _clean(url) if isinstance(url, str) and url.startswith("http") else None
    if pm.outlet is None:
        for obj in objects:
            if _types(obj) & {"organization", "newsmediaorganization", "website"}:
                names = _names(obj)
                if names:
                    pm.outlet = names[0]
                    break

    pm.title = pm.title or meta.get("og:title") or meta.get("twitter:title")
    pm.author = pm.author or meta.get("author") or meta.get("article:author") or meta.get(
        "dc.creator"
    ) or meta.get("sailthru.author") or meta.get("parsely-author")
    if pm.author and pm.author.startswith("http"):
        pm.author = None
    pm.published = pm.published or next(
        (
            meta[k]
            for k in (
                "article:published_time",
                "og:published_time",
                "datepublished",
                "publishdate",
                "pubdate",
                "publish-date",
                "dc.date.issued",
                "dcterms.created",
                "date",
                "sailthru.date",
                "parsely-pub-date",
            )
            if meta.get(k)
        ),
        None,
    )
    pm.modified = pm.modified or meta.get("article:modified_time") or meta.get("og:updated_time")
    pm.outlet = pm.outlet or meta.get("og:site_name") or meta.get("application-name")

    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            canonical = link.get("href", "").strip()
            break
    og_url = meta.get("og:url")
    for candidate in (canonical, og_url, pm.url):
        if candidate and candidate.startswith(("http://", "https://")):
            pm.url = candidate
            break

    html_el = tree if tree.tag == "html" else tree.getroottree().getroot()
    pm.language = (
        language_code(html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang"))
        or language_code(meta.get("content-language"))
        or language_code(meta.get("language") or meta.get("dc.language"))
        or pm.language
        or language_code(meta.get("og:locale"))
    )
    return pm


HEAD_LIMIT = 262_144  # characters of a page read for head_meta
_BODY_START = re.compile(r"<body[\s>]", re.I)


def head_meta(html: str) -> tuple[PageMeta, str | None]:
    """What the ``<head>`` of a page declares (:func:`page_meta`) and its ``<title>`` (as
    :func:`title_fallback` reads it), from at most HEAD_LIMIT characters of the page: bounded
    work whatever the size of the page. Gives an empty PageMeta when nothing can be read."""
    import lxml.html

    m = _BODY_START.search(html, 0, HEAD_LIMIT)
    head = html[: m.start() if m else min(len(html), HEAD_LIMIT // 4)]
    try:
        tree = lxml.html.document_fromstring(
            head.encode("utf-8", "replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
        return page_meta(tree), title_fallback(tree)
    except Exception:  # a head that cannot be read gives no metadata, never an error
        return PageMeta(), None


# tried only where a run of white space starts (from every space of a run it was quadratic)
_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[|\-–—:·»]\s+")
_BYLINE_XPATH = (
    '//*[@rel="author" or @itemprop="author" or @class="author" or @class="byline"'
    ' or contains(@class, "author-name") or contains(@class, "byline")'
    ' or contains(@class, "article-author") or contains(@class, "post-author")]'
)
_BY_PREFIX = re.compile(
    r"^(?:(?:posted|written|published|veröffentlicht|geschrieben|publié|publicado|escrito)\s+)?"
    r"(?:by|von|par|por|di|door|av|przez|autor(?:in)?|author|verfasser(?:in)?)\b[:\s]*",
    re.IGNORECASE,
)


def title_fallback(tree: HtmlElement) -> str | None:
    """The article title from ``<title>`` without a site-name suffix, else the first <h1>.

    "Flood hits town | Daily Bugle" gives "Flood hits town" (the longest part is kept).
    """
    el = tree.find(".//title")
    text = _clean(el.text_content()) if el is not None else None
    if text:
        parts = _TITLE_SEPARATORS.split(text)
        return max(parts, key=len).strip() or text
    h1 = tree.find(".//h1")
    return _clean(h1.text_content()) if h1 is not None else None


def byline(tree: HtmlElement) -> str | None:
    """An author name from a byline element (rel/itemprop/class "author" or "byline").

    Gives the first short (1-6 words) text of such an element, without a leading "By" /
    "Posted by" / "Veröffentlicht von" and similar.
    """
    try:
        candidates = tree.xpath(_BYLINE_XPATH)
    except Exception:
        return None
    for el in candidates[:10]:
        if el.tag in ("meta", "link"):
            continue
        text = _clean(" ".join(el.itertext()))
        if not text:
            continue
        text = _BY_PREFIX.sub("", text).strip(" ,;:|")
        if 0 < len(text.split()) <= 6 and not any(ch.isdigit() for ch in text) and "@" not in text:
            return text
    return None
