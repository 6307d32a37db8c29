"""Claims on the demo corpus: the expected claim table of examples/truth.json, end to end.

Each row of ``claims.expected_table`` names one claim cluster (its kind, status, story and
what identifies it); the test finds it in ``find_claims`` over the whole corpus and checks its
status, support in independent families, speakers and figures. Statuses covered: corroborated,
single_source (including a figure carried only by a wire, its copy and its rewrite),
conflicting (one source's figure reported two ways) and differing_estimates (three sources,
three figures, each with who gave it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.claims.claim_helpers import INTERFACE_KEYS

import newsfuse
from newsfuse.claims import ClaimReport, find_claims
from newsfuse.records import ClaimCluster

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TRUTH: dict[str, Any] = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = TRUTH["claims"]["expected_table"]["rows"]


@cache
def report() -> ClaimReport:
    return find_claims(list(newsfuse.extract_articles([str(EXAMPLES / "corpus")])))


def name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def story_clusters(story: str) -> list[ClaimCluster]:
    """The clusters of the story whose members are the truth's story members."""
    members = set(TRUTH["stories"][story]["members"])
    for sc in report().stories:
        if {name(m.source) for m in sc.story.members} == members:
            return sc.clusters
    raise AssertionError(f"no story with the members of {story!r}")


def matches(c: ClaimCluster, row: dict[str, Any]) -> bool:
    if c.kind != row["kind"]:
        return False
    if "estimates" in row:
        values = {e.value for e in c.estimates}
        return {float(e["value"]) for e in row["estimates"]} <= values
    if "value" in row and (c.value != float(row["value"]) or c.unit != row.get("unit", c.unit)):
        return False
    if "speaker" in row and c.speaker != row["speaker"]:
        return False
    if "sources" in row and not set(row["sources"]) <= {name(s) for s in c.sources}:
        return False
    if "date" in row and c.date != row["date"]:
        return False
    return "text" not in row or any(row["text"].casefold() in v.text.casefold() for v in c.variants)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['story']}-{r['kind']}-{r['status']}")
def test_the_expected_claim_table(row: dict[str, Any]) -> None:
    found = [c for c in story_clusters(row["story"]) if matches(c, row)]
    assert found, f"no {row['kind']} cluster like {row}"
    c = found[0]
    assert c.status == row["status"], (c.status, c.reason)
    if "families" in row:
        assert c.families == row["families"], c.family_ids
        assert set(row["sources"]) == {name(s) for s in c.sources}
    if "min_families" in row:
        assert c.families >= row["min_families"]
    for want in row.get("estimates", ()):
        est = next(e for e in c.estimates if e.value == float(want["value"]))
        assert est.qualifier == want["qualifier"]
        assert want["speaker"] in (est.speaker or ""), (est.value, est.speaker)
    if row["status"] == "differing_estimates":
        assert len(c.estimates) == len(row["estimates"]), [e.value for e in c.estimates]


def test_every_status_occurs_and_every_claim_points_to_its_words() -> None:
    texts = {a.id: a.text for a in newsfuse.extract_articles([str(EXAMPLES / "corpus")])}
    statuses = {c.status for c in report().clusters()}
    assert statuses == {"corroborated", "single_source", "conflicting", "differing_estimates"}
    for c in report().clusters():
        assert c.families == len({v.family for v in c.variants})
        for v in c.variants:
            assert texts[v.article][v.start : v.end] == v.text
            if v.context:
                assert v.context[0] <= v.start and v.end <= v.context[1]


def test_spelling_variants_are_one_entity_with_its_role() -> None:
    spellings = TRUTH["claims"]["spellings"][0]["variants"]
    entity = next(e for e in report().entities if "Yury Dravenko" in e.aliases)
    assert set(spellings) <= set(entity.aliases)
    assert any("governor" in r.casefold() for r in entity.roles)
    assert sum(1 for e in report().entities if "Dravenko" in e.name) == 1


def test_an_agency_named_only_in_metadata_joins_its_acronym() -> None:
    agency = [e for e in report().entities if "NPA" in e.aliases]
    assert len(agency) == 1 and "Nordpress Agency" in agency[0].aliases
    texts = {a.id: a.text for a in newsfuse.extract_articles([str(EXAMPLES / "corpus")])}
    assert all(texts[m.article][m.start : m.end] == m.text for m in agency[0].mentions)


def test_a_quote_carried_by_a_copy_only_is_one_family() -> None:
    # the governor's "structure is holding" quote is in the wire, its copy and Valdora Herald
    c = next(
        c
        for c in story_clusters("dam")
        if c.kind == "quote" and any("structure is holding" in v.text for v in c.variants)
    )
    wire_family = {v.family for v in c.variants if name(v.source) == "wire.jsonl#1"}
    copy_family = {v.family for v in c.variants if name(v.source).startswith("newsmill24")}
    assert wire_family == copy_family
    assert c.families == len({v.family for v in c.variants}) < len(c.sources)


def test_the_json_interface() -> None:
    d = report().to_dict()
    assert {"stories", "entities"} <= d.keys()
    story = d["stories"][0]
    assert {"id", "label", "claims"} <= story.keys()
    claim = story["claims"][0]
    assert claim.keys() >= INTERFACE_KEYS
    assert {"source", "span", "text"} <= claim["variants"][0].keys()
    assert all({"name", "aliases"} <= e.keys() for e in d["entities"])
    only = report().to_dict(statuses=["conflicting"])
    kept = [c["status"] for st in only["stories"] for c in st["claims"]]
    assert kept and set(kept) == {"conflicting"}
    with pytest.raises(ValueError, match="unknown claim status: maybe"):
        report().to_dict(statuses=["maybe"])
