"""``POST /articles``: a text, an HTML page or a URL goes through the whole pipeline into the
store, and the answer names the article and its stories.

Off unless the app has an ingest token: without one every POST is 403 and says how to turn it
on; with one, a request must carry it (``Authorization: Bearer <token>``: missing 401, wrong
403; compared in constant time). The body is JSON (size capped by the app before this runs):
``{"url": ...}`` fetches the page (http and https only, under the fetch timeout and size
limit, like any URL input); ``{"html": ...}`` or ``{"text": ...}`` takes the content as given,
with optional metadata (``url``, ``title``, ``author``, ``published``, ``outlet``,
``language``, ``credit``), written to an inbox file named by its content id
(:mod:`newsfuse.inbox`). One run writes a store at a time: when another run (a `newsfuse
watch`, a `newsfuse run`, another POST) holds it, the answer is 409 with Retry-After.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsfuse.errors import NewsfuseError, OutputError, StoreError, UnfaithfulBriefError
from newsfuse.inbox import write_inbox
from newsfuse.records import content_id
from newsfuse.web.desk import Desk

_bearer = HTTPBearer(
    auto_error=False, description="the token given to `newsfuse serve --ingest-token`"
)


class IngestRequest(BaseModel):
    """One article to ingest: exactly one of ``url`` (alone: fetched), ``html`` or ``text``
    (with ``url`` as metadata), and optional metadata."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        None,
        max_length=4000,
        description="the page to fetch (http or https), or the URL of the given html/text",
    )
    html: str | None = Field(None, description="an HTML page")
    text: str | None = Field(None, description="plain text (already scraped or written)")
    title: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=100, description="ISO 8601 date or date-time")
    outlet: str | None = Field(None, max_length=500)
    language: str | None = Field(None, max_length=20)
    credit: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _one_content(self) -> IngestRequest:
        given = [k for k in ("html", "text") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError("give either 'html' or 'text', not both")
        if not given and not self.url:
            raise ValueError("give 'url' (a page to fetch), 'html' or 'text'")
        if given and not (getattr(self, given[0]) or "").strip():
            raise ValueError(f"the {given[0]!r} field is empty")
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("the 'url' field must be an http or https URL")
        return self


def register(app: FastAPI, desk: Desk) -> None:
    from newsfuse.web.app import JSON, ApiError

    def authorised(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        token = app.state.ingest_token
        if not token:
            raise ApiError(
                403,
                "ingest is off on this server: start it with `newsfuse serve --ingest-token "
                "TOKEN` (or `--ingest-token generate`) to accept POST /articles",
            )
        if credentials is None:
            raise ApiError(
                401,
                "this endpoint needs the ingest token: send 'Authorization: Bearer <token>'",
                {"WWW-Authenticate": "Bearer"},
            )
        if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
            raise ApiError(403, "the ingest token is wrong")

    @app.post(
        "/articles",
        summary="Ingest a text, an HTML page or a URL; the article id and its stories",
        tags=["articles"],
        status_code=201,
        response_class=JSON,
        response_model=None,
        dependencies=[Depends(authorised)],
        responses={
            401: {"description": "no token"},
            403: {"description": "ingest off, or a wrong token"},
            409: {"description": "another run is writing the store"},
            413: {"description": "the body is over the limit"},
            422: {"description": "a bad body, or the input could not be read"},
        },
    )
    def post_article(item: Annotated[IngestRequest, Body()]) -> JSON:
        return JSON(ingest(desk, item, app.state.settings, app.state.ingest_wait), status_code=201)

    def ingest(desk: Desk, item: IngestRequest, settings: Any, wait: float) -> dict[str, Any]:
        from newsfuse.pipeline import Pipeline
        from newsfuse.store import Store

        meta = {
            k: getattr(item, k)
            for k in ("title", "author", "published", "outlet", "language", "credit")
        }
        expected: str | None = None
        if item.html is not None or item.text is not None:
            field = "html" if item.html is not None else "text"
            value: str = getattr(item, field)
            expected = content_id(value.encode("utf-8", "replace"))
            try:
                path = write_inbox(
                    desk.path, f"post-{expected}", [{field: value, "url": item.url, **meta}]
                )
            except OutputError as exc:
                raise ApiError(503, f"cannot keep the posted article: {exc}") from None
            inputs = [str(path)]
        else:
            assert item.url is not None
            inputs = [item.url]
        warnings: list[str] = []
        try:
            with Store(desk.path) as store:
                report = Pipeline(settings).run(inputs, store=store, wait=wait)
        except UnfaithfulBriefError as exc:  # the article is stored; a brief was not
            report = None
            warnings.append(str(exc))
        except StoreError as exc:
            if "in use by another newsfuse run" in str(exc):
                raise ApiError(
                    409,
                    "the store is busy with another run (a newsfuse watch or run); try again "
                    "in a little while",
                    {"Retry-After": "30"},
                ) from None
            raise
        except NewsfuseError as exc:
            raise ApiError(503, f"the article could not be processed: {exc}") from None
        failures = [f"{f.source}: {f.reason}" for f in report.failures] if report else []
        ids = [a.id for a in report.articles] if report else ([expected] if expected else [])
        if expected is not None:
            ids = [expected] if expected in ids or report is None else ids
        if not ids:
            raise ApiError(
                422,
                "no article could be read from the input: "
                + ("; ".join(failures) or "nothing found"),
            )
        ov = desk.overview()
        article_id = ids[0]
        stories = [
            {"id": s, "label": ov.stories[s].label, "url": f"/stories/{s}"}
            for s in ov.article_stories.get(article_id, [])
            if s in ov.stories
        ]
        return {
            "article": article_id,
            "articles": ids,
            "url": f"/articles/{article_id}",
            "stories": stories,
            "failures": failures,
            "warnings": warnings,
        }
