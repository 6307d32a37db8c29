"""The pages and their JSON twins: stories, one story, articles, one article, search,
entities, claims, links, the store's status. Each handler validates its parameters (FastAPI:
422 with the parameter's name when one is wrong), asks :mod:`newsfuse.web.views` for the data
and names its template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from newsfuse.records import CLAIM_KINDS, CLAIM_STATUSES, LINK_TYPES
from newsfuse.web import markup, views
from newsfuse.web.desk import Desk

Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]
PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="page number, from 1")]
SentenceKey = Annotated[
    str,
    Path(
        max_length=40,
        pattern=r"^(headline|(lead|facts|single)-\d{1,6}|(figures|quotes|timeline)-\d{1,6}-\d{1,6})$",
        description="a sentence of the brief: headline, lead-I, facts-I, single-I, "
        "figures-T-R, quotes-Q-W or timeline-E-S (from 0)",
    ),
]
MAX_CITED_CHARS = 600


def _per_page(default: int) -> Any:
    return Query(default, ge=1, le=200, description="results per page (at most 200)")


#: Sources whose citations a brief sentence shows on the story page; the rest are one link
#: away (``/stories/<id>/cites/<sentence>``): a fact told by 300 families cites 300 spans.
MAX_CITED_SOURCES = 12


def sentence_keys(brief: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every sentence of ``brief`` with its key, its place in the brief: ``headline``,
    ``lead-I``, ``facts-I``, ``single-I``, ``figures-T-R``, ``quotes-Q-W``, ``timeline-E-S``."""
    out: list[tuple[str, dict[str, Any]]] = [("headline", brief["headline"])]
    out += [(f"lead-{i}", x) for i, x in enumerate(brief["lead"])]
    out += [(f"facts-{i}", x) for i, x in enumerate(brief["facts"])]
    out += [(f"single-{i}", x) for i, x in enumerate(brief["single_source"])]
    for t, table in enumerate(brief["figures"]):
        out += [(f"figures-{t}-{r}", x) for r, x in enumerate(table["rows"])]
    for q, quote in enumerate(brief["quotes"]):
        out += [(f"quotes-{q}-{w}", x) for w, x in enumerate(quote["wordings"])]
    for e, event in enumerate(brief["timeline"]):
        out += [(f"timeline-{e}-{k}", x) for k, x in enumerate(event["sentences"])]
    return out


class BriefView:
    """What the story template needs to show a brief's citations: the number and name of
    each source, the link that opens the cited words in the article, and the words.

    A sentence shows the citations of its first ``MAX_CITED_SOURCES`` sources (by number)
    and links the page of all of them (:meth:`more`); :meth:`shown_articles` are the
    articles whose texts those need (``texts``: article -> (text, title))."""

    def __init__(
        self,
        brief: dict[str, Any],
        texts: dict[str, tuple[str, str | None]] | None = None,
        *,
        limit: int | None = MAX_CITED_SOURCES,
    ) -> None:
        self.brief = brief
        self.texts = texts or {}
        self.limit = limit
        self._cites: dict[int, list[dict[str, Any]]] = {}  # per sentence, for one page
        self._shown: dict[int, tuple[list[dict[str, Any]], int]] = {}
        self._refs: dict[str, str] | None = None
        self._keys: dict[int, str] | None = None
        self.number = {s["article"]: k for k, s in enumerate(brief["sources"], 1)}
        self.entry = {s["article"]: s for s in brief["sources"]}
        families: dict[str, str] = {}
        for s in brief["sources"]:
            families.setdefault(s["family"] or s["article"], _letters(len(families)))
        self.family = families

    def source_ref(self, source: str) -> str:
        """A copy link's other end (a source as given) as "[n] outlet", else its file name."""
        if self._refs is None:
            self._refs = {}
            for k, s in enumerate(self.brief["sources"], 1):
                name = s["outlet"] or s["title"] or s["source"].rsplit("/", 1)[-1]
                self._refs.setdefault(s["source"], f"[{k}] {name}")
        return self._refs.get(source) or source.rsplit("/", 1)[-1] or source

    def name(self, article: str, source: str) -> str:
        entry = self.entry.get(article) or {}
        if entry.get("outlet"):
            return str(entry["outlet"])
        return source.rsplit("/", 1)[-1] or source

    def _source_key(self, c: dict[str, Any]) -> Any:
        n = self.number.get(c["article"])
        return n if n is not None else c["article"]

    def shown(self, sentence: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        """(the citations of ``sentence`` shown, by source number: those of its first
        ``limit`` sources; how many sources it cites)."""
        known = self._shown.get(id(sentence))
        if known is not None:
            return known
        ordered = sorted(
            sentence["citations"],
            key=lambda c: (
                self.number.get(c["article"]) is None,
                self.number.get(c["article"]) or 0,
            ),
        )
        keys = list(dict.fromkeys(self._source_key(c) for c in ordered))
        keep = set(keys if self.limit is None else keys[: self.limit])
        out = ([c for c in ordered if self._source_key(c) in keep], len(keys))
        self._shown[id(sentence)] = out
        return out

    def shown_articles(self) -> set[str]:
        """The articles cited by the citations shown, over every sentence of the brief."""
        return {c["article"] for _, s in sentence_keys(self.brief) for c in self.shown(s)[0]}

    def shown_articles_of(self, sentence: dict[str, Any]) -> set[str]:
        """The articles cited by the citations of ``sentence`` shown."""
        return {c["article"] for c in self.shown(sentence)[0]}

    def key(self, sentence: dict[str, Any]) -> str | None:
        """The key of ``sentence`` in the brief (see :func:`sentence_keys`)."""
        if self._keys is None:
            self._keys = {id(s): k for k, s in sentence_keys(self.brief)}
        return self._keys.get(id(sentence))

    def more(self, sentence: dict[str, Any]) -> tuple[int, str] | None:
        """(sources not shown, the page of all of them) for a sentence citing more than
        ``limit`` sources, else None."""
        total = self.shown(sentence)[1]
        if self.limit is None or total <= self.limit:
            return None
        key = self.key(sentence)
        return total - self.limit, f"/stories/{self.brief['story']}/cites/{key}"

    def cites(self, sentence: dict[str, Any]) -> list[dict[str, Any]]:
        """One entry per citation shown: n (source number or None), name, href, words,
        verbatim, article."""
        known = self._cites.get(id(sentence))
        if known is not None:
            return known
        out: list[dict[str, Any]] = []
        self._cites[id(sentence)] = out
        for c in self.shown(sentence)[0]:
            start, end = c["span"]
            text, title = self.texts.get(c["article"], ("", None))
            if c.get("field") == "title":
                words = (title or "")[start:end] or sentence["text"]
                href = f"/articles/{c['article']}"
            else:
                words = text[start:end] if 0 <= start < end <= len(text) else ""
                href = f"/articles/{c['article']}?hl={start}-{end}#hl"
            words = " ".join(words.split())
            if len(words) > MAX_CITED_CHARS:
                words = words[: MAX_CITED_CHARS - 1] + "…"
            out.append(
                {
                    "n": self.number.get(c["article"]),
                    "name": self.name(c["article"], c["source"]),
                    "href": href,
                    "words": words,
                    "verbatim": bool(c.get("verbatim")),
                    "article": c["article"],
                }
            )
        return out

    def markers(self, sentence: dict[str, Any]) -> list[dict[str, Any]]:
        """The citations grouped by source (one marker per source)."""
        seen: dict[Any, dict[str, Any]] = {}
        for c in self.cites(sentence):
            key = c["n"] if c["n"] is not None else c["article"]
            seen.setdefault(key, c)
        return list(seen.values())

    def sentence(self, sentence: dict[str, Any], css: str = "t", extra: str = "") -> Markup:
        """A brief sentence as HTML: its text, a marker per source citing it (opening the
        cited words in the article, the words in its title), ``extra`` (markup), and the
        cited words of every citation behind a toggle; past ``limit`` sources, a link to
        the page of them all. Built here rather than in a template macro: a story page
        holds hundreds of these, and this is most of its making."""
        h = markup.esc
        out = [f'<span class="{h(css)}">{h(sentence["text"])}</span>']
        marks = self.markers(sentence)
        more = self.more(sentence)
        if marks:
            out.append(' <span class="cites">')
            for c in marks:
                label = c["n"] if c["n"] is not None else c["name"]
                out.append(
                    f'<a class="cite" href="{h(c["href"])}" title="{h(c["name"])}: '
                    f'\u201c{h(c["words"])}\u201d">[{h(label)}]</a>'
                )
            if more:
                out.append(
                    f'<a class="cite more" href="{h(more[1])}" title="every source cited">'
                    f"+{more[0]} more</a>"
                )
            out.append("</span>")
        out.append(h(extra))
        cites = self.cites(sentence)
        if cites:
            n = len(marks) + (more[0] if more else 0)
            out.append(
                f'<details class="ev"><summary>Cited words ({n} source{"s" if n != 1 else ""})'
                "</summary>\n<ol>"
            )
            for c in cites:
                num = f"[{c['n']}] " if c["n"] is not None else ""
                verb = ' <span class="verb">wording taken from here</span>' if c["verbatim"] else ""
                out.append(
                    f'<li><a href="{h(c["href"])}">{num}{h(c["name"])}</a>: '
                    f'<q class="words">{h(c["words"])}</q>{verb}</li>'
                )
            if more:
                out.append(
                    f'<li><a href="{h(more[1])}">the cited words of all {n} sources</a></li>'
                )
            out.append("</ol>\n</details>")
        return Markup("".join(out))


def _letters(k: int) -> str:
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
    return out


def register(app: FastAPI, twin: Callable[..., Any], desk: Desk) -> None:
    from newsfuse.web.app import Page

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/stories", status_code=303)

    @twin("/stories", summary="List stories (search, filter, sort, page)", tags=["stories"])
    def list_stories(
        request: Request,
        q: Annotated[
            str | None, Query(max_length=500, description="words in the story or its articles")
        ] = None,
        since: Annotated[
            date | None, Query(description="stories seen on or after this day (YYYY-MM-DD)")
        ] = None,
        until: Annotated[
            date | None, Query(description="stories that began on or before this day")
        ] = None,
        outlet: Annotated[
            str | None, Query(max_length=200, description="an outlet reporting it")
        ] = None,
        entity: Annotated[
            str | None, Query(max_length=200, description="an entity id, name or alias")
        ] = None,
        sort: Annotated[
            Literal["recent", "size", "sources", "attention"],
            Query(
                description="recent: last seen first; size: most reports; sources: most independent sources; attention: most conflicts and differing figures"
            ),
        ] = "recent",
        page: PageNo = 1,
        per_page: int = _per_page(25),
    ) -> Page:
        if since and until and since > until:
            from newsfuse.web.app import ApiError

            raise ApiError(422, f"the 'since' query parameter ({since}) is after 'until' ({until})")
        data = views.stories(
            desk, q=q, since=since, until=until, outlet=outlet, entity=entity, sort=sort,
            page=page, per_page=per_page,
        )  # fmt: skip
        return Page("stories.html", data)

    @twin(
        "/stories/{story_id}", summary="One story: brief, claims, sources, links", tags=["stories"]
    )
    def get_story(
        request: Request,
        story_id: Id,
        page: PageNo = 1,
        limit: Annotated[
            int,
            Query(
                ge=1,
                le=views.MAX_STORY_ROWS,
                description="claims and sources per page (at most "
                f"{views.MAX_STORY_ROWS}); page N shows the Nth of each",
            ),
        ] = views.STORY_PAGE_ROWS,
        claims: Annotated[
            Literal["top", "all"],
            Query(description="top: the page's claims, the most disputed first; all: every claim"),
        ] = "top",
    ) -> Page:
        data, sources = views.story_page(
            desk, story_id, page=page, limit=limit, all_claims=claims == "all"
        )

        def html() -> dict[str, Any]:  # the brief's citations and the sources graph
            extra: dict[str, Any] = {}
            brief = data["brief"]
            first = data["first"]
            if brief is not None:
                view = BriefView({**brief, "sources": sources}, limit=MAX_CITED_SOURCES)
                view.texts = desk.store().texts_and_titles(view.shown_articles())
                extra["bv"] = view
                nodes = [
                    {
                        "id": s["article"],
                        "label": s["outlet"] or s["title"] or s["source"].rsplit("/", 1)[-1],
                        "family": s["family"] or s["article"],
                        "family_label": view.family[s["family"] or s["article"]],
                        "original": s["original"],
                        "number": k,
                    }
                    for k, s in enumerate(brief["sources"], first)
                ]
            else:
                nodes = [
                    {
                        "id": a["id"],
                        "label": a["outlet"] or a["title"] or a["source"],
                        "family": a["id"],
                        "family_label": "",
                        "original": False,
                        "number": k,
                    }
                    for k, a in enumerate(data["articles"], first)
                ]
            extra["graph"] = markup.sources_graph(nodes, data["links"])
            extra["claim_rows"] = markup.claim_rows(data["claims"])
            extra["link_words"] = markup.LINK_WORDS
            # what the pager's links keep of this page's query
            extra["page_query"] = (f"&limit={limit}" if limit != views.STORY_PAGE_ROWS else "") + (
                "&claims=all" if claims == "all" else ""
            )
            return extra

        return Page("story.html", data, html)

    @twin(
        "/stories/{story_id}/cites/{key}",
        summary="Every source a sentence of a story's brief cites, with the cited words",
        tags=["stories"],
    )
    def get_cites(request: Request, story_id: Id, key: SentenceKey) -> Page:
        brief = desk.store().record_of("briefs", story_id)
        if brief is None:
            raise views.NotFound(f"no story with a brief with id {story_id!r} in the store")
        sentence = dict(sentence_keys(brief)).get(key)
        if sentence is None:
            raise views.NotFound(f"no sentence {key!r} in the brief of story {story_id!r}")
        view = BriefView(brief, limit=None)
        view.texts = desk.store().texts_and_titles(view.shown_articles_of(sentence))
        cites = view.cites(sentence)
        data = {
            "story": story_id,
            "headline": brief["headline"]["text"],
            "key": key,
            "text": sentence["text"],
            "sources": len(view.markers(sentence)),
            "citations": cites,
        }
        return Page("cites.html", data)

    @twin("/articles", summary="List articles (no text), newest first", tags=["articles"])
    def list_articles(
        request: Request,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        page: PageNo = 1,
        per_page: int = _per_page(50),
    ) -> Page:
        return Page(
            "articles.html", views.articles(desk, outlet=outlet, page=page, per_page=per_page)
        )

    @twin(
        "/articles/{article_id}",
        summary="One article: text, removed boilerplate, claims, copies",
        tags=["articles"],
    )
    def get_article(
        request: Request,
        article_id: Id,
        hl: Annotated[
            str | None,
            Query(
                pattern=r"^\d{1,9}-\d{1,9}$",
                description="a span START-END of the text to highlight",
            ),
        ] = None,
    ) -> Page:
        span = None
        if hl:
            a, b = hl.split("-")
            span = (int(a), int(b))
        data = views.article(desk, article_id, hl=span)

        def html() -> dict[str, Any]:  # the marked text and the copies side by side
            art = data["article"]
            removed = [
                (off, r["text"], r["reason"])
                for off, r in zip(data["removed_anchors"], art["removed"], strict=True)
                if off is not None
            ]
            unplaced = [
                r
                for off, r in zip(data["removed_anchors"], art["removed"], strict=True)
                if off is None
            ]
            extra = {
                "body": markup.marked_text(
                    art["text"], claims=data["claims"], highlight=data["highlight"], removed=removed
                ),
                "unplaced": unplaced,
                "copies_html": [
                    {
                        **c,
                        "scored": bool(c["rows"]) and c["rows"][0]["score"] is not None,
                        "rows_html": markup.aligned_rows(
                            (_cell(r["mine_text"]), _cell(r["theirs_text"]), r["score"])
                            for r in c["rows"]
                        ),
                        "other_name": c["other"]["outlet"]
                        or c["other"]["title"]
                        or c["other"]["source"],
                        "verb": markup.LINK_VERBS.get(c["type"], c["type"].replace("_", " ")),
                    }
                    for c in data["copies"]
                ],
                "link_words": markup.LINK_WORDS,
            }
            return extra

        return Page("article.html", data, html)

    @twin("/search", summary="Full-text search over the articles (SQLite FTS5)", tags=["search"])
    def search(
        request: Request,
        q: Annotated[
            str,
            Query(
                max_length=500, description='words to find (all must match); "a phrase" in quotes'
            ),
        ] = "",
        page: PageNo = 1,
        per_page: int = _per_page(20),
    ) -> Page:
        data = views.search(desk, q=q, page=page, per_page=per_page)
        snippets = [markup.snippet(r["snippet"], r["matches"]) for r in data["results"]]
        return Page("search.html", data, {"snippets": snippets})

    @twin("/entities", summary="List entities with their aliases", tags=["entities"])
    def list_entities(
        request: Request,
        q: Annotated[
            str | None, Query(max_length=200, description="part of a name or alias")
        ] = None,
        kind: Annotated[Literal["person", "organisation", "place", "other"] | None, Query()] = None,
        page: PageNo = 1,
        per_page: int = _per_page(50),
    ) -> Page:
        return Page(
            "entities.html", views.entities(desk, q=q, kind=kind, page=page, per_page=per_page)
        )

    @twin(
        "/entities/{entity_id}",
        summary="One entity: aliases, roles, stories, mentions",
        tags=["entities"],
    )
    def get_entity(request: Request, entity_id: Id) -> Page:
        return Page("entity.html", views.entity(desk, entity_id))

    @twin("/claims", summary="List claim clusters (by story, status, kind)", tags=["claims"])
    def list_claims(
        request: Request,
        story: Annotated[str | None, Query(max_length=64)] = None,
        status: Annotated[Literal[CLAIM_STATUSES] | None, Query()] = None,  # type: ignore[valid-type]
        kind: Annotated[Literal[CLAIM_KINDS] | None, Query()] = None,  # type: ignore[valid-type]
        page: PageNo = 1,
        per_page: int = _per_page(50),
    ) -> Page:
        data = views.claims(
            desk, story=story, status=status, kind=kind, page=page, per_page=per_page
        )
        return Page("claims.html", data)

    @twin("/claims/{claim_id}", summary="One claim cluster with every wording", tags=["claims"])
    def get_claim(request: Request, claim_id: Id) -> Page:
        return Page("claim.html", views.claim(desk, claim_id))

    @twin("/links", summary="List copy links (of one article, of one type)", tags=["links"])
    def list_links(
        request: Request,
        article: Annotated[str | None, Query(max_length=64)] = None,
        type: Annotated[Literal[LINK_TYPES] | None, Query()] = None,  # type: ignore[valid-type]
        page: PageNo = 1,
        per_page: int = _per_page(50),
    ) -> Page:
        data = views.links(desk, article=article, type=type, page=page, per_page=per_page)
        return Page("links.html", data, {"link_words": markup.LINK_WORDS})

    @twin("/status", summary="What the store holds; a version that changes with it", tags=["store"])
    def status(request: Request) -> Page:
        return Page("status.html", views.status(desk))


def _cell(text: str, limit: int = 800) -> str:
    """A side-by-side cell: long shared spans cut (the JSON twin has the offsets)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
