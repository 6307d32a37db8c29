"""Store: claim clusters and entities, and the migration that added them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.store.test_store_basic import make

from newsfuse.errors import StoreError
from newsfuse.records import Claim, ClaimCluster, Entity, Estimate, Mention, Story
from newsfuse.store import MIGRATIONS, Store
from newsfuse.store.schema import migrate


def _cluster(story: str, ident: str, status: str, families: tuple[str, ...]) -> ClaimCluster:
    variant = Claim(
        id=f"c-{ident}",
        kind="quantity",
        article="a1",
        source="one.html",
        start=3,
        end=14,
        text="about 4,000",
        context=(0, 40),
        speaker="Yuriy Dravenko",
        speaker_id="e1",
        value=4000.0,
        unit="people",
        qualifier="about",
        date="2026-03-12",
        date_text="on Thursday",
        entities=("e1",),
        family=families[0],
    )
    estimate = Estimate(
        4000.0,
        "people",
        "about",
        "Yuriy Dravenko",
        "2026-03-12",
        "about 4,000",
        ("one.html",),
        1,
        (variant.id,),
    )
    return ClaimCluster(
        id=ident,
        story=story,
        kind="quantity",
        status=status,
        text="about 4,000",
        variants=(variant,),
        sources=("one.html",),
        family_ids=families,
        value=4000.0,
        unit="people",
        qualifier="about",
        date="2026-03-12",
        estimates=(estimate,),
        reason="one article",
    )


ENTITY = Entity(
    "e1",
    "Yuriy Dravenko",
    "person",
    aliases=("Dravenko", "Yury Dravenko", "Yuriy Dravenko"),
    roles=("governor",),
    mentions=(Mention("a1", 0, 14, "Yuriy Dravenko"),),
)


def test_claims_and_entities_round_trip_in_story_order(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        clusters = [
            _cluster("s2", "k3", "single_source", ("f1",)),
            _cluster("s1", "k1", "differing_estimates", ("f1", "f2")),
            _cluster("s1", "k2", "corroborated", ("f1", "f2")),
        ]
        store.replace_claims(clusters, [ENTITY], run_id=None)
        assert store.claim_clusters() == [clusters[1], clusters[2], clusters[0]]
        assert store.claim_clusters(story="s1", status="corroborated") == [clusters[2]]
        assert store.entities() == [ENTITY]
        counts = store.counts()
        assert counts["claims"] == 3 and counts["entities"] == 1
        store.replace_claims([], [])
        assert store.claim_clusters() == [] and store.entities() == []


def test_a_bad_cluster_is_refused_and_the_old_claims_stay(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        good = _cluster("s1", "k1", "corroborated", ("f1", "f2"))
        store.replace_claims([good], [ENTITY])
        bad = _cluster("s1", "k2", "maybe", ("f1",))
        with pytest.raises(StoreError):
            store.replace_claims([bad], [])
        assert store.claim_clusters() == [good], "a failed replace leaves the old set whole"
        assert store.entities() == [ENTITY]


def test_a_version_3_store_is_migrated_and_keeps_its_stories(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:3])
    conn.close()
    story = Story("s1", "Dam", first_seen="2026-03-12", last_seen="2026-03-13")
    with Store(path) as store:  # opening migrates to the current version
        d, a = make(b"<p>one</p>", "one.html")
        store.put(d, a, extractor_version="1")
        store.save_stories({"format": 1}, [story])
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    with Store(path) as store:
        assert store.stories() == [story]
        assert store.counts()["articles"] == 1
        assert store.claim_clusters() == []
