"""Copies in the demo corpus, checked against its answer key (examples/truth.json)."""

from __future__ import annotations

import json

import pytest

from newsfuse import extract_articles, find_copies

ALLOWED = {"wrapped copy": {"exact_copy", "near_duplicate"}, "rewrite": {"rewrite_of"}}


@pytest.fixture(scope="module")
def demo(examples_dir):
    truth = json.loads((examples_dir / "truth.json").read_text(encoding="utf-8"))
    articles = list(extract_articles([str(examples_dir / "corpus")]))
    by_name = {a.source.split("corpus/", 1)[1]: a for a in articles}
    return truth, by_name, find_copies(articles)


def test_every_copy_in_the_answer_key_is_linked_with_its_type(demo):
    truth, by, report = demo
    for name, entry in truth["articles"].items():
        if not entry.get("copies"):
            continue
        copy, orig = by[name], by[entry["copies"]["of"]]
        links = [lk for lk in report.links if {lk.a, lk.b} == {copy.id, orig.id}]
        assert len(links) == 1, name
        assert links[0].type in ALLOWED[entry["copies"]["how"]], (name, links[0].type)
        if links[0].type == "rewrite_of":
            assert links[0].a == copy.id, "the rewrite points at what it rewrites"
            assert len(links[0].aligned) >= 8


def test_nothing_else_is_linked(demo):
    truth, by, report = demo
    related = {name for name, e in truth["articles"].items() if e.get("copies")}
    related |= {e["copies"]["of"] for e in truth["articles"].values() if e.get("copies")}
    ids = {by[n].id for n in related}
    for lk in report.links:
        assert lk.a in ids and lk.b in ids, (lk.a, lk.type, lk.b)


def test_the_family_names_the_wire_as_original_and_flags_the_copies(demo):
    _truth, by, report = demo
    wire = by["wire.jsonl#1"]
    fam = next(f for f in report.families if wire.id in f.members)
    assert set(fam.members) == {wire.id, by["newsmill24-kessring-dam-copy.txt"].id,
                                by["globe-ticker-kessring-dam-rewrite.txt"].id}
    assert fam.original == wire.id
    assert fam.credited == "Nordpress Agency"
    assert fam.flags["content-farm"] == (by["newsmill24-kessring-dam-copy.txt"].id,)
    assert fam.flags["machine-rewrite"] == (by["globe-ticker-kessring-dam-rewrite.txt"].id,)


def test_the_dam_story_has_seven_independent_sources_among_nine_reports(demo):
    truth, by, report = demo
    members = truth["stories"]["dam"]["members"]
    assert len(members) == 9
    assert report.independent(by[m].id for m in members) == 7
