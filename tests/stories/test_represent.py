"""Features that tell events apart: names, places, numbers, dates; corpus weighting."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsfuse.errors import ConfigError
from newsfuse.stories.represent import (
    ChannelWeights,
    DocumentFrequencies,
    channel_of,
    extract_features,
    stem,
    vectorize,
)

TEXT = (
    "BRENNICK, Estmark (NPA) — About 4,000 people have been evacuated from three towns in "
    "Estmark’s Velna valley after engineers found a crack in the Kessring Dam, regional governor "
    "Yuriy Dravenko said on Thursday at 18:30.\n"
    "Repairs will cost 61 million thalers. North Korean observers were not there."
)


def features(text: str = TEXT, **kw: object) -> dict[str, float]:
    return extract_features(text, published=dt.date(2026, 3, 12), **kw).counts  # type: ignore[arg-type]


def test_names_are_capitalised_runs_split_at_possessives() -> None:
    f = features()
    assert f["n:kessring dam"] == 1
    assert f["n:yuriy dravenko"] == 1
    assert f["n:dravenko"] == 0.5  # a word of a longer name, at half weight
    assert "n:north korean" in f  # "North" is a stop word, but part of this name
    assert not any(k.startswith("n:estmark’s") or "estmark velna" in k for k in f)
    assert "n:repairs" not in f  # a sentence opener, never capitalised inside a sentence


def test_places_come_from_prepositions_and_the_dateline() -> None:
    f = features()
    assert f["p:estmark"] >= 1  # "in Estmark’s Velna valley" and the dateline's region
    assert f["p:brennick"] == 1  # the dateline's city, title-cased


def test_numbers_skip_dates_and_clock_times_and_keep_units() -> None:
    f = features()
    assert f["#:4000"] == 1
    assert f["#:61m"] == 1
    assert not any(k in f for k in ("#:18", "#:30", "#:12"))


def test_dates_are_resolved_against_publication() -> None:
    f = features()
    assert f["d:2026-03-12"] == 1  # "on Thursday", published Thursday 12 March


def test_title_counts_twice_and_title_case_headlines_give_no_names() -> None:
    f = extract_features("The port is closed.", title="Dockworkers Strike At Haverlund Port").counts
    assert f["w:port"] == 3
    assert not any(k.startswith("n:") for k in f)
    # a title's first word is a name when the body capitalises it inside a sentence
    body = "The port of Haverlund is closed."
    f = extract_features(body, title="Haverlund dockworkers strike").counts
    assert f["n:haverlund"] == 3


def test_stemming_is_light_and_readable() -> None:
    assert [stem(w) for w in ("clashes", "troops", "cities", "news", "crisis")] == [
        "clash",
        "troop",
        "city",
        "new",
        "crisis",
    ]


def test_channel_of() -> None:
    assert [channel_of(f) for f in ("w:dam", "n:umerov", "p:kursk", "#:4000", "md:11-05")] == [
        "words",
        "names",
        "places",
        "numbers",
        "dates",
    ]


def test_document_frequencies_weight_rare_features_up_and_round_trip() -> None:
    df = DocumentFrequencies(n_buckets=2**10)
    df.add([["w:dam", "w:crack"], ["w:dam", "w:strike"], ["w:dam"]])
    idf = df.idf(["w:dam", "w:crack", "w:never"])
    assert idf[0] < idf[1] < idf[2]
    again = DocumentFrequencies.from_state(json.loads(json.dumps(df.to_state())))
    assert again.n_docs == 3
    assert list(again.idf(["w:dam", "w:crack"])) == list(idf[:2])


def test_document_frequencies_checks_its_size() -> None:
    with pytest.raises(ConfigError, match="'n_buckets' parameter of DocumentFrequencies"):
        DocumentFrequencies(1000)


def test_vectors_are_unit_length_and_channels_can_be_switched_off() -> None:
    feats = extract_features(TEXT, published=dt.date(2026, 3, 12))
    df = DocumentFrequencies(2**12)
    df.add([feats.counts])
    vec = vectorize(feats, df, ChannelWeights())
    assert sum(v * v for v in vec.values()) == pytest.approx(1.0)
    words_only = vectorize(feats, df, ChannelWeights(names=0, places=0, numbers=0, dates=0))
    assert all(k.startswith("w:") for k in words_only)
    capped = vectorize(feats, df, ChannelWeights(), max_features=5)
    assert len(capped) == 5
    assert sum(v * v for v in capped.values()) == pytest.approx(1.0)


def test_channel_weights_are_checked() -> None:
    with pytest.raises(ConfigError, match="'names' parameter of ChannelWeights"):
        ChannelWeights(names=-1)
    with pytest.raises(ConfigError, match="at least one channel"):
        ChannelWeights(words=0, names=0, places=0, numbers=0, dates=0)


def test_publication_days_at_the_ends_of_the_calendar_give_the_days_on_it() -> None:
    late = extract_features(TEXT, published=dt.date.max).counts
    assert {k for k in late if k.startswith("t:")} == {
        "t:9999-12-31",
        "t:9999-12-30",
        "t:9999-12-29",
    }
    early = extract_features(TEXT, published=dt.date.min).counts
    assert {k for k in early if k.startswith("t:")} == {
        "t:0001-01-01",
        "t:0001-01-02",
        "t:0001-01-03",
    }
