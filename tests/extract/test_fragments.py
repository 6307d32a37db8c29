"""Fragments and tiny documents are pages too: a feed entry's plain-text description, a JSONL
``html`` of one ``<p>``, an .html file of one ``<p>`` (all refused before as "the HTML cannot
be parsed (no document element)"), end to end through ``newsfuse extract --json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsfuse.cli import main
from newsfuse.extract.html import extract_html

REPRO = Path(__file__).resolve().parents[2].parent / "shared" / "repro"
SENTENCE = (
    "Inspectors at the Lindqvist dam found two new cracks in the spillway on Thursday, the "
    "water authority said."
)


def extract_json(*paths: Path) -> tuple[list[dict[str, Any]], str, int]:
    result = CliRunner().invoke(main, ["extract", "--json", *map(str, paths)])
    articles = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return articles, result.stderr, result.exit_code


def test_feed_item_jsonl_paragraph_and_html_paragraph_end_to_end(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dam news</title><item>'
        f"<title>Cracks in the spillway</title><link>https://dam.example/1</link>"
        f"<description>{SENTENCE}</description></item></channel></rss>",
        encoding="utf-8",
    )
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps({"html": f"<p>{SENTENCE}</p>", "title": "Cracks"}) + "\n", encoding="utf-8")
    html = tmp_path / "one.html"
    html.write_text(f"<p>{SENTENCE}</p>", encoding="utf-8")
    articles, err, code = extract_json(feed, jsonl, html)
    assert code == 0, err
    by_source = {Path(a["source"]).name: a for a in articles}
    assert set(by_source) == {"feed.xml#1", "one.jsonl#1", "one.html"}
    assert {a["text"] for a in articles} == {SENTENCE}
    assert (by_source["feed.xml#1"]["title"], by_source["feed.xml#1"]["url"]) == (
        "Cracks in the spillway",
        "https://dam.example/1",
    )
    assert by_source["one.jsonl#1"]["title"] == "Cracks"


@pytest.mark.parametrize(
    "html",
    [
        f"<p>{SENTENCE}</p>",
        SENTENCE,  # bare text given as HTML
        f"<!-- a comment first -->\n<p>{SENTENCE}</p>",
        f"<div><p>{SENTENCE}</p></div>",
        f'<?xml version="1.0" encoding="utf-8"?><p>{SENTENCE}</p>',
    ],
)
def test_fragments_are_parsed_as_the_body_of_a_page(html: str) -> None:
    assert extract_html(html).text == SENTENCE


@pytest.mark.shared
def test_the_reproducer_feed_is_extracted() -> None:
    path = REPRO / "R6_plain_rss.xml"
    if not path.is_file():
        pytest.skip(f"the reproducers are not there ({path} is missing)")
    articles, err, code = extract_json(path)
    assert code == 0, err
    assert len(articles) == 1
    assert articles[0]["text"].startswith("Inspectors at the Kessring Dam found two new cracks")
