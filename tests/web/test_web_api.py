"""The REST API and the pages of `newsfuse serve`, in process, over the demo store: every
endpoint, its JSON twin, bad requests (unknown ids, bad parameters, wrong methods, hosts),
the headers that keep the pages safe, and the OpenAPI document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web_helpers import DAM_STORY, STRIKE_STORY, Client

from newsfuse.web import create_app
from newsfuse.web.app import CSP

JSON_ENDPOINTS = [
    "/stories.json",
    f"/stories/{DAM_STORY}.json",
    "/articles.json",
    "/search.json?q=dam",
    "/entities.json",
    "/claims.json",
    "/links.json",
    "/status.json",
]
PAGES = [
    "/stories",
    f"/stories/{DAM_STORY}",
    "/articles",
    "/search?q=dam",
    "/entities",
    "/claims",
    "/links",
    "/status",
]


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


def test_every_page_and_its_json_twin(client: Client) -> None:
    for path in PAGES:
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200, (path, page.text[:300])
        assert page.headers["content-type"].startswith("text/html")
        twin = client.get(path + ("&" if "?" in path else "?") + "format=json")
        dotted = path.split("?")[0] + ".json" + ("?" + path.split("?")[1] if "?" in path else "")
        assert (
            twin.status_code == 200 and twin.json() == client.get(dotted).json()
        ) or path == "/status"
        # the page links its own JSON twin
        assert 'class="json"' in page.text


def _store_counts(store_path: Path) -> dict[str, int]:
    from newsfuse.store import Store

    with Store(store_path) as store:
        return store.counts()


def _stories_mentioning(store_path: Path, name: str) -> set[str]:
    """The oracle: stories one of whose reports (a whole article, or the live-blog passage in
    the story) holds a mention of the entity named ``name``."""
    from newsfuse.store import Store

    out = set()
    with Store(store_path) as store:
        entity = next(e for e in store.entities() if e.name == name)
        for st in store.stories():
            for m in st.members:
                a = store.get_article(m.article)
                assert a is not None
                lo, hi = (
                    (0, len(a.text))
                    if m.passage is None
                    else (a.passages[m.passage].start, a.passages[m.passage].end)
                )
                if any(x.article == m.article and lo <= x.start < hi for x in entity.mentions):
                    out.add(st.id)
    return out


def _brief_families(store_path: Path, story: str) -> int:
    from newsfuse.store import Store

    with Store(store_path) as store:
        brief = store.brief_of(story)
        assert brief is not None
        return brief.families


def _stored_links(store_path: Path) -> list[Any]:
    from newsfuse.store import Store

    with Store(store_path) as store:
        return store.links()


def _status_counts(store_path: Path) -> dict[str, dict[str, int]]:
    from newsfuse.store import Store

    with Store(store_path) as store:
        return store.claim_status_counts()


def _stories_saying(store_path: Path, word: str) -> set[str]:
    """The oracle: stories one of whose reports (the whole article, or the live-blog passage
    that is in the story) holds ``word``, or whose label does."""
    from newsfuse.store import Store

    out = set()
    with Store(store_path) as store:
        for st in store.stories():
            for m in st.members:
                a = store.get_article(m.article)
                assert a is not None
                text = a.text if m.passage is None else a.passage_texts()[m.passage]
                if word in text.casefold() or word in st.label.casefold():
                    out.add(st.id)
    return out


def test_story_list_filters_sorts_and_pages(client: Client, demo_store: Path) -> None:
    all_ = client.get("/stories.json").json()
    assert all_["total"] == _store_counts(demo_store)["stories"] >= 4
    lasts = [s["last_seen"] or "" for s in all_["stories"]]
    assert lasts == sorted(lasts, reverse=True)  # most recent first
    dam = next(s for s in all_["stories"] if s["id"] == DAM_STORY)
    counts = _status_counts(demo_store)
    assert dam["differing_estimates"] == counts[DAM_STORY].get("differing_estimates", 0) >= 1
    assert (
        dam["independent_sources"] == _brief_families(demo_store, DAM_STORY) >= 5
        and dam["attention"]
    )
    strike = next(s for s in all_["stories"] if s["id"] == STRIKE_STORY)
    assert strike["conflicting"] == counts[STRIKE_STORY].get("conflicting", 0) >= 1
    by_size = client.get("/stories.json?sort=size").json()["stories"]
    assert by_size[0]["id"] == DAM_STORY
    by_sources = [
        s["independent_sources"] for s in client.get("/stories.json?sort=sources").json()["stories"]
    ]
    assert by_sources == sorted(by_sources, reverse=True)
    attention = client.get("/stories.json?sort=attention").json()["stories"]
    assert {attention[0]["id"], attention[1]["id"]} == {DAM_STORY, STRIKE_STORY}
    # search: words of a story's articles (FTS) or its label
    for word in ("dockworkers", "fishing", "museum", "spillway"):
        found = {s["id"] for s in client.get(f"/stories.json?q={word}").json()["stories"]}
        assert found == _stories_saying(demo_store, word), word
    assert client.get("/stories.json?q=zzzqqq").json()["total"] == 0
    # dates: the strike began on March 10, the museum story is undated
    early = client.get("/stories.json?until=2026-03-10").json()["stories"]
    assert [s["id"] for s in early] == [STRIKE_STORY]
    late = {s["id"] for s in client.get("/stories.json?since=2026-03-13").json()["stories"]}
    assert STRIKE_STORY in late and DAM_STORY in late and "bcf536eb8a63d541" not in late
    # outlet and entity
    by_outlet = {s["id"] for s in client.get("/stories.json?outlet=newsmill 24").json()["stories"]}
    assert by_outlet == {DAM_STORY}
    named = client.get("/stories.json?entity=Yury Dravenko").json()  # an alias
    assert DAM_STORY in [s["id"] for s in named["stories"]]
    assert {s["id"] for s in named["stories"]} == _stories_mentioning(demo_store, "Yuriy Dravenko")
    assert named["filters"]["entity_name"] == "Yuriy Dravenko"
    assert client.get("/stories.json?entity=Nobody Atall").json()["total"] == 0
    # pages
    page2 = client.get("/stories.json?per_page=2&page=2").json()
    assert page2["pages"] == (all_["total"] + 1) // 2 and len(page2["stories"]) == 2
    assert page2["stories"] == all_["stories"][2:4]


def test_a_story_with_its_brief_claims_and_sources(client: Client, demo_store: Path) -> None:
    d = client.get(f"/stories/{DAM_STORY}.json?limit=300").json()
    assert d["brief"]["headline"]["text"]
    assert (
        d["claims_total"] == len(d["claims"]) == sum(_status_counts(demo_store)[DAM_STORY].values())
    )
    assert d["claims"][0]["status"] == "differing_estimates"  # the disputed claims first
    figures = {e["text"] for e in d["claims"][0]["estimates"]}
    assert {"about 4,000 people", "up to 6,500 people"} <= figures
    assert any(r["speakers"] for r in d["claims"][0]["reported_by"])
    assert {lk["type"] for lk in d["links"]} == {"exact_copy", "rewrite_of"}
    page = client.get(f"/stories/{DAM_STORY}?limit=300").text
    # the differing figures, highlighted; citations open the cited words in the article
    assert 'class="figures differing_estimates"' in page
    cite = re.search(r'<a class="cite" href="(/articles/[0-9a-f]+\?hl=\d+-\d+#hl)"', page)
    assert cite is not None
    article = client.get(cite.group(1).replace("#hl", ""))
    assert article.status_code == 200 and '<span id="hl"></span><mark class="hl">' in article.text
    assert '<svg class="graph"' in page and page.count('class="edge ') == len(d["links"]) >= 1
    assert 'class="pager"' not in page  # all its claims (more than 50) and 9 sources on one page
    every = client.get(f"/stories/{DAM_STORY}.json?claims=all&limit=1").json()
    assert every["claims"] == d["claims"] and every["pages"] == d["sources_total"] == 9


def test_a_story_page_shows_one_page_of_its_claims_and_sources(
    client: Client, demo_store: Path
) -> None:
    """A story of a thousand reports is not one page of megabytes: its claims and sources come
    a page at a time (``page``, ``limit``; 50 by default), every one of them on some page, the
    sources numbered as the brief's citations number them, with links to the next page."""
    whole = client.get(f"/stories/{DAM_STORY}.json?limit=300").json()
    claims, sources = whole["claims"], whole["brief"]["sources"]
    total = whole["claims_total"]  # as many as the demo's claim finders find: more than 50
    assert whole["pages"] == 1 and len(claims) == total and 50 < total <= 100
    first = client.get(f"/stories/{DAM_STORY}.json").json()
    assert (first["page"], first["limit"], first["pages"]) == (1, 50, 2)
    assert first["claims"] == claims[:50] and first["claims_shown"] == 50
    assert first["claims_total"] == total and first["sources_total"] == len(sources) == 9
    # four a page: every claim and every source once, in order, over the pages
    got_claims, got_sources, got_ids = [], [], []
    pages = -(-total // 4)
    for n in range(1, pages + 1):
        d = client.get(f"/stories/{DAM_STORY}.json?page={n}&limit=4").json()
        assert d["pages"] == pages and d["first"] == 4 * (n - 1) + 1
        got_claims += d["claims"]
        got_sources += d["brief"]["sources"]
        got_ids += [a["id"] for a in d["articles"]]
        # the links of the page: those touching its sources, the other end in the story
        ids = {a["id"] for a in d["articles"]}
        assert all(lk["a"] in ids or lk["b"] in ids for lk in d["links"])
    assert got_claims == claims and got_sources == sources
    assert got_ids == [s["article"] for s in sources]
    assert client.get(f"/stories/{DAM_STORY}.json?page={pages + 1}&limit=4").json()["claims"] == []
    # the page: its sources numbered by their place in the whole list, a pager both ways
    page = client.get(f"/stories/{DAM_STORY}?page=2&limit=4").text
    assert re.findall(r'<tr id="src-(\d+)">', page) == ["5", "6", "7", "8"]
    assert f'href="/stories/{DAM_STORY}?page=3&amp;limit=4#claims"' in page
    assert f'href="/stories/{DAM_STORY}?page=1&amp;limit=4#claims"' in page
    assert "showing 5–8" in page
    # the brief's citations keep the numbers of the whole list on every page
    marks = set(re.findall(r'<a class="cite" href="[^"]*"[^>]*>\[(\d+)\]', page))
    assert marks and max(int(m) for m in marks) > 4
    assert client.get(f"/stories/{DAM_STORY}.json?limit=301").status_code == 422


def test_a_brief_sentence_shows_its_first_sources_and_links_the_page_of_all(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fact told by 300 families cites 300 spans: the story page shows the citations of a
    sentence's first sources (MAX_CITED_SOURCES, here 2) and links a page with every one."""
    from newsfuse.web import routes

    monkeypatch.setattr(routes, "MAX_CITED_SOURCES", 2)
    c = Client(create_app(demo_store, cache_bytes=0))
    try:
        page = c.get(f"/stories/{DAM_STORY}", headers={"accept": "text/html"}).text
        lead = page.split('<section id="lead">', 1)[1].split("</p>", 1)[0]  # 3 sources
        assert re.findall(r'<a class="cite" href="[^"]*"[^>]*>\[(\d+)\]', lead) == ["3", "6"]
        more = f"/stories/{DAM_STORY}/cites/lead-0"
        assert f'<a class="cite more" href="{more}"' in lead and "+1 more" in lead
        assert "Cited words (3 sources)" in lead and lead.count('<q class="words">') == 2
        every = c.get(more + ".json").json()
        assert every["key"] == "lead-0" and every["sources"] == 3
        assert [x["n"] for x in every["citations"]] == [3, 6, 8]
        assert all(x["words"] and x["href"].startswith("/articles/") for x in every["citations"])
        assert every["text"] in page
        html = c.get(more, headers={"accept": "text/html"}).text
        assert html.count('<q class="words">') == 3
        for bad, status in (("lead-99", 404), ("facts", 422), ("../x", 404)):
            r = c.get(f"/stories/{DAM_STORY}/cites/{bad}.json")
            assert r.status_code == status and "error" in r.json()
        assert c.get("/stories/0000000000000000/cites/headline.json").status_code == 404
    finally:
        c.close()


def test_an_article_with_its_removed_boilerplate_claims_and_copies(client: Client) -> None:
    copy_id = "2611e105d83d0cc8"  # NewsMill 24's copy of the wire story, wrapped in site junk
    d = client.get(f"/articles/{copy_id}.json").json()
    art = d["article"]
    assert art["outlet"] == "NewsMill 24" and art["removed"]
    assert len(d["removed_anchors"]) == len(art["removed"])
    assert all(a is None or 0 <= a <= len(art["text"]) for a in d["removed_anchors"])
    assert d["claims"] and all(art["text"][c["start"] : c["end"]] for c in d["claims"])
    types = {c["type"] for c in d["copies"]}
    assert types == {"exact_copy", "rewrite_of"}
    rewrite = next(c for c in d["copies"] if c["type"] == "rewrite_of")
    assert rewrite["direction"] == "b" and rewrite["rows"][0]["score"] > 0.5
    page = client.get(f"/articles/{copy_id}").text
    assert 'id="show-removed"' in page and page.count('<del class="removed"') == len(art["removed"])
    assert "Jump to main content" in page  # the removed navigation, struck out
    assert 'class="claim st-' in page
    assert 'class="side-by-side"' in page
    # a highlight outside the text is ignored, not an error
    assert client.get(f"/articles/{copy_id}.json?hl=999999-1000000").json()["highlight"] is None


def test_search_entities_claims_links_status(client: Client, demo_store: Path) -> None:
    found = client.get("/search.json?q=spillway crack").json()
    assert found["total"] >= 3
    r = found["results"][0]
    assert r["matches"] and all(
        r["snippet"][a:b].lower() in ("spillway", "crack") for a, b in r["matches"]
    )
    assert r["stories"]
    phrase = client.get('/search.json?q="bottom outlets"').json()["total"]
    assert 0 < phrase <= client.get("/search.json?q=bottom outlets").json()["total"]
    # FTS5 syntax typed by a user is read as words, never an error
    for q in ['"unbalanced', "AND OR NOT", "dam*", "title:dam", "(((", "NEAR(dam", "-dam", "ʼ"]:
        assert client.get("/search.json", params={"q": q}).status_code == 200
    assert client.get("/search.json?q=").json()["total"] == 0
    ents = client.get("/entities.json?q=dravenko").json()["entities"]
    assert ents[0]["name"] == "Yuriy Dravenko" and "Yury Dravenko" in ents[0]["aliases"]
    one = client.get(f"/entities/{ents[0]['id']}.json").json()
    assert {s["id"] for s in one["stories"]} == _stories_mentioning(demo_store, "Yuriy Dravenko")
    assert DAM_STORY in {s["id"] for s in one["stories"]} and one["articles"]
    people = client.get("/entities.json?kind=person&per_page=200").json()["entities"]
    assert people and {e["kind"] for e in people} == {"person"}
    conflicting = client.get("/claims.json?status=conflicting").json()
    assert conflicting["total"] >= 1 and STRIKE_STORY in {c["story"] for c in conflicting["claims"]}
    claim = client.get(f"/claims/{conflicting['claims'][0]['id']}.json").json()["claim"]
    assert claim["status"] == "conflicting" and claim["variants"]
    assert client.get(f"/claims.json?story={DAM_STORY}&kind=quote").json()["total"] > 0
    links = client.get("/links.json?article=2611e105d83d0cc8").json()
    stored = _stored_links(demo_store)
    touching = [lk for lk in stored if "2611e105d83d0cc8" in (lk.a, lk.b)]
    assert (
        links["total"] == len(touching) >= 1 and links["links"][0]["evidence"]["spans"] is not None
    )
    exact = client.get("/links.json?type=exact_copy").json()["total"]
    assert exact == sum(1 for lk in stored if lk.type == "exact_copy") >= 1
    status = client.get("/status.json").json()
    assert status["counts"]["articles"] == 15 and status["last_run"]["status"] == "completed"


@pytest.mark.parametrize(
    "path",
    [
        "/stories/0000000000000000.json",
        "/articles/0000000000000000.json",
        "/entities/0000000000000000.json",
        "/claims/0000000000000000.json",
        "/stories/0000000000000000",
        "/nowhere",
        "/static/../../etc/passwd",
        "/static/nothing.css",
    ],
)
def test_unknown_ids_and_paths_are_json_404s(client: Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404, r.text
    body = r.json()
    assert body["error"]["status"] == 404 and body["error"]["message"]
    _no_traceback(r.text)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/stories.json?page=0", "page"),
        ("/stories.json?per_page=1000", "per_page"),
        ("/stories.json?since=2026-02-30", "since"),
        ("/stories.json?sort=random", "sort"),
        ("/stories.json?since=2026-03-12&until=2026-03-01", "since"),
        ("/stories.json?q=" + "x" * 600, "q"),
        ("/articles/2611e105d83d0cc8.json?hl=5-", "hl"),
        ("/articles/2611e105d83d0cc8.json?hl=-1-4", "hl"),
        ("/stories?format=xml", "format"),
        ("/entities.json?kind=animal", "kind"),
        ("/claims.json?status=maybe", "status"),
        ("/links.json?type=cousin", "type"),
        ("/stories/bad%20id.json", "story_id"),
        ("/stories/" + "a" * 100 + ".json", "story_id"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client: Client, path: str, name: str) -> None:
    r = client.get(path)
    assert r.status_code == 422, (path, r.text)
    assert f"'{name}'" in r.json()["error"]["message"]
    _no_traceback(r.text)


def test_methods_hosts_and_html_errors(client: Client) -> None:
    r = client.request("DELETE", "/stories.json")
    assert r.status_code == 405 and "DELETE is not allowed" in r.json()["error"]["message"]
    r = client.get("/stories.json", headers={"host": "attacker.example"})
    assert r.status_code == 400 and "attacker.example" in r.json()["error"]["message"]
    assert client.get("/stories.json", headers={"host": "localhost:8765"}).status_code == 200
    page = client.get("/stories/0000000000000000", headers={"accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no story with id" in page.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/stories"


def test_headers_csp_and_no_outside_fetch(client: Client) -> None:
    for path in [*PAGES, "/stories.json", "/static/app.css", "/nowhere"]:
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert (
        "default-src 'none'" in CSP and "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP
    )
    for path in PAGES:
        text = client.get(path).text
        # nothing is loaded from elsewhere: every src and stylesheet is our own
        for m in re.finditer(r'(?:src|href)="([^"]*)"', text):
            url = m.group(1)
            assert not url.startswith(("http:", "https:", "//", "javascript:")), (path, url)
        assert "<script>" not in text and " on" + "click=" not in text  # no inline script
    assert client.get("/static/app.js").status_code == 200


def test_openapi_document(client: Client) -> None:
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for p in ["/stories.json", "/stories/{story_id}.json", "/articles.json", "/articles/{article_id}.json",
              "/claims.json", "/claims/{claim_id}.json", "/entities.json", "/entities/{entity_id}.json",
              "/links.json", "/search.json"]:  # fmt: skip
        assert "get" in paths[p], p
    post = paths["/articles"]["post"]
    assert post["requestBody"] and "401" in post["responses"] and "409" in post["responses"]
    assert "HTTPBearer" in doc["components"]["securitySchemes"]
    params = {p["name"] for p in paths["/stories.json"]["get"]["parameters"]}
    assert {"q", "since", "until", "outlet", "entity", "sort", "page", "per_page"} <= params
    # the interactive docs would load scripts from a CDN: not served
    assert client.get("/docs").status_code == 404


def test_a_store_that_cannot_be_opened(tmp_path: Path) -> None:
    from newsfuse.errors import StoreError

    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        create_app(bad)


def test_a_story_lists_each_claim_by_its_head_and_who_reported_it(client: Client) -> None:
    # the story page reads each claim's head (its first wordings and how many it has) and who
    # reported it from the wordings' rows: the same as the claim's own page, whole
    from newsfuse.store.schema import HEAD_VARIANTS

    story = client.get(f"/stories/{DAM_STORY}.json?claims=all").json()
    names = {a["id"]: a["outlet"] or a["title"] or a["source"] for a in story["articles"]}
    assert story["claims"]
    for row in story["claims"]:
        whole = client.get(f"/claims/{row['id']}.json").json()["claim"]
        assert row["variants"] == whole["variants"][:HEAD_VARIANTS]
        assert row["variants_total"] == len(whole["variants"])
        who: dict[str, list[str]] = {}
        for v in whole["variants"]:
            speakers = who.setdefault(names.get(v["article"], v["source"]), [])
            if v.get("speaker") and v["speaker"] not in speakers:
                speakers.append(v["speaker"])
        assert row["reported_by"] == [{"outlet": k, "speakers": s} for k, s in who.items()]


def test_a_busy_server_process_asks_its_clients_to_reconnect(demo_store: Path) -> None:
    # with several processes on one port, one with more pages waiting than shed_at answers
    # "Connection: close": its keep-alive clients reconnect, to the process free to accept
    for shed_at, waiting, closes in [(6, 7, True), (6, 6, False), (None, 50, False)]:
        app = create_app(demo_store, cache_bytes=0, shed_at=shed_at)
        c = Client(app)
        try:
            app.state.pages.waiting = waiting  # as if so many pages were queued
            for path in ("/stories.json", f"/stories/{DAM_STORY}", "/static/app.css"):
                got = c.get(path, headers={"accept": "text/html"})
                assert got.status_code == 200, path
                assert (got.headers.get("connection") == "close") is closes, (shed_at, path)
        finally:
            c.close()


def test_serve_with_several_processes_sheds_connections_and_one_process_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json
    import os

    import uvicorn

    from newsfuse.web import server

    seen: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append(kw))
    monkeypatch.delenv("NEWSFUSE_SERVE_CONFIG", raising=False)
    server.serve("unused.db", workers=2)
    config = json.loads(os.environ.pop("NEWSFUSE_SERVE_CONFIG"))
    assert config["shed_at"] == server.SHED_AT and seen[-1]["workers"] == 2
    built: list[dict] = []
    monkeypatch.setattr(server, "create_app", lambda store, **kw: built.append(kw))
    server.serve("unused.db", workers=1)
    assert built[-1]["shed_at"] is None  # one process: nowhere else to go
