"""Stance of a text towards a claim, and the relation of two sentences (newsfuse.claims.stance).

Written examples for every label and relation; the cue reader; parameter validation; the seed
captures (one report's claim against the others) and a few FNC-1 pairs (../shared).
"""

from __future__ import annotations

import csv
import lzma
import tarfile
from pathlib import Path

import pytest

from newsfuse import extract_articles
from newsfuse.claims.stance import (
    LABELS,
    Stance,
    StanceClassifier,
    cues,
    sentence_relation,
    stance,
)
from newsfuse.dedup.similarity import stem
from newsfuse.errors import ConfigError

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
FNC = Path(__file__).resolve().parents[3] / "shared" / "data" / "fnc1-stance"

# ---------------------------------------------------------------------------------------------
# sentence_relation
# ---------------------------------------------------------------------------------------------


def test_a_refuting_verb_makes_aligned_sentences_contradict() -> None:
    r = sentence_relation("X confirmed the attack.", "X denied the attack.")
    assert r.label == "contradicts"
    assert "denied" in r.reason
    assert r.similarity > 0.5, "paraphrase similarity alone would call these the same"


def test_a_negation_on_one_side_only_contradicts() -> None:
    r = sentence_relation(
        "The minister resigned on Monday after the scandal.",
        "The minister did not resign on Monday after the scandal.",
    )
    assert (r.label, r.reason) == ("contradicts", "same wording, negation differs")
    # two negations cancel out
    same = sentence_relation(
        "The army denied the attack on the base.",
        "The army did not deny the attack on the base.",
    )
    assert same.label == "contradicts"
    both = sentence_relation(
        "The army did not confirm the attack on the base.",
        "The army has not confirmed the attack on the base.",
    )
    assert both.label == "same"
    # not confirming something is no denial of it: a hedge
    hedged = sentence_relation(
        "The army confirmed the attack on the base.",
        "The army did not confirm the attack on the base.",
    )
    assert hedged.label == "same"
    assert "only the second is hedged" in hedged.reason


def test_a_changed_number_in_an_aligned_sentence_contradicts() -> None:
    r = sentence_relation(
        "Police said 1,800 people were arrested on Tuesday.",
        "Police said 2,800 people were arrested on Tuesday.",
    )
    assert r.label == "contradicts"
    assert r.reason == "aligned, numbers differ: 1,800 vs 2,800"
    same = sentence_relation(
        "Police said 1,800 people were arrested on Tuesday.",
        "Police said that 1,800 people had been arrested on Tuesday.",
    )
    assert same.label == "same"


def test_a_changed_name_in_an_aligned_sentence_contradicts() -> None:
    r = sentence_relation(
        "Smith won the vote in Ohio on Sunday.", "Jones won the vote in Ohio on Sunday."
    )
    assert r.label == "contradicts"
    assert r.reason == "aligned, names differ: Smith vs Jones"


def test_paraphrase_hedge_topic_and_unrelated() -> None:
    same = sentence_relation(
        "The minister resigned on Monday after the scandal.",
        "The minister stepped down on Monday following the scandal.",
    )
    assert same.label == "same"
    hedged = sentence_relation(
        "The minister resigned on Monday after the scandal.",
        "The minister reportedly resigned on Monday after the scandal.",
    )
    assert hedged.label == "same"
    assert "only the second is hedged" in hedged.reason
    topic = sentence_relation(
        "The minister resigned on Monday after the scandal.",
        "The scandal has hurt the minister's party in the polls.",
    )
    assert topic.label == "different"
    other = sentence_relation("The minister resigned on Monday.", "Heavy rain flooded the valley.")
    assert other.label == "unrelated"
    assert 0.0 <= other.score <= 1.0


def test_numbers_that_differ_around_the_same_words_contradict() -> None:
    r = sentence_relation(
        "The dockers' union said about 1,800 of its members had joined the stoppage.",
        "According to the union, about 2,800 workers joined the strike on the first day.",
    )
    assert r.label == "contradicts"
    assert "1,800 vs 2,800" in r.reason
    # two different people's figures are not one statement with a changed number
    r = sentence_relation(
        "Smith said about 1,800 workers joined the strike.",
        "Jones said about 2,800 workers joined the strike.",
    )
    assert "numbers differ" not in r.reason or r.label != "same"


def test_the_demo_corpus_strike_figures_conflict() -> None:
    arts = {a.source.rsplit("/", 1)[-1]: a for a in extract_articles([str(CORPUS)])}
    wire = next(a for k, a in arts.items() if k.startswith("wire.jsonl") and "union" in a.text)
    other = arts["riverlands-today-port-strike.txt"]
    wire_s = next(s for s in wire.text.split(". ") if "1,800" in s)
    other_s = next(s for s in other.text.split("\n") if "2,800" in s)
    r = sentence_relation(wire_s, other_s)
    assert r.label == "contradicts"
    assert "1,800 vs 2,800" in r.reason
    # the port authority's own, different count is no contradiction of the union's
    authority = next(s for s in wire.text.split(". ") if "1,100" in s)
    assert sentence_relation(authority, other_s).label != "contradicts"


# ---------------------------------------------------------------------------------------------
# cues
# ---------------------------------------------------------------------------------------------


def test_cues_take_their_negation_with_them() -> None:
    found = [(c.kind, c.text) for c in cues("The report has not been independently verified.")]
    assert found == [("hedge", "not been independently verified")]
    found = [(c.kind, c.text) for c in cues("It isn't true, and it was not only a prank.")]
    assert found == [("refute", "isn't true"), ("refute", "prank")]
    text = "Officials denied it."
    (c,) = cues(text)
    assert text[c.start : c.end] == "denied"


# ---------------------------------------------------------------------------------------------
# stance
# ---------------------------------------------------------------------------------------------

CLAIM = "Rebels shot down a military helicopter near the border"
BODIES = {
    "agree": "Rebels shot down a military helicopter near the border on Monday, killing all four "
    "crew. The army said the aircraft was hit by a missile shortly after take-off.",
    "disagree": "Reports that rebels shot down a military helicopter near the border are false, "
    "the army said on Monday. The helicopter made an emergency landing after an engine "
    "failure, and the crew is safe.",
    "discuss": "Rebels reportedly shot down a military helicopter near the border, according to "
    "a post on social media. The claim could not be independently verified.",
    "unrelated": "The central bank raised interest rates by a quarter point on Wednesday, citing "
    "stubborn inflation in services.",
}


@pytest.mark.parametrize("label", LABELS)
def test_stance_on_written_examples(label: str) -> None:
    body = BODIES[label]
    s = stance(CLAIM, body)
    assert isinstance(s, Stance)
    assert s.label == label, s.reason
    assert set(s.scores) == set(LABELS)
    assert sum(s.scores.values()) == pytest.approx(1.0, abs=1e-3)
    if label == "unrelated":
        assert s.evidence == ()
        assert s.related < 0.4
    else:
        assert s.scores[label] == max(s.scores[k] for k in LABELS[:3])
        assert s.evidence, "a related stance names the sentences that decided it"
        for a, b in s.evidence:
            assert body[a:b].strip() == body[a:b] and len(body[a:b]) > 10


def test_a_denial_in_the_body_disagrees() -> None:
    claim = "The company will close its factory in the north"
    body = (
        "The company denied on Tuesday that it will close its factory in the north. "
        "A spokeswoman said production would continue."
    )
    s = stance(claim, body)
    assert s.label == "disagree"
    assert "denied" in s.reason


def test_explain_gives_the_evidence_weighed() -> None:
    clf = StanceClassifier()
    s, features = clf.explain(CLAIM, BODIES["discuss"])
    assert s == clf.stance(CLAIM, BODIES["discuss"])
    assert features["hedge"] > features["agree"]
    assert features["related"] == pytest.approx(s.related, abs=1e-4)


def test_fit_learns_weights_and_keeps_labels() -> None:
    clf = StanceClassifier().fit(list(BODIES.values()))
    assert clf.idf_ is not None and clf.idf_[stem("helicopter")] < clf.default_idf_
    for label, body in BODIES.items():
        assert clf.stance(CLAIM, body).label == label
    with pytest.raises(TypeError):
        clf.fit("one text")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"related_threshold": 0}, "'related_threshold' parameter of StanceClassifier"),
        ({"related_threshold": 1.5}, "must be a number in (0, 1], got 1.5"),
        ({"align_threshold": "high"}, "'align_threshold' parameter"),
        ({"disagree_threshold": 0}, "'disagree_threshold' parameter of StanceClassifier must be"),
        ({"agree_threshold": True}, "'agree_threshold'"),
        ({"top_sentences": 0}, "'top_sentences' parameter of StanceClassifier must be an int >= 1"),
        ({"lede_sentences": 1.5}, "'lede_sentences'"),
        ({"embedder": "bert"}, "'embedder' parameter of StanceClassifier"),
    ],
)
def test_parameters_are_validated(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as e:
        StanceClassifier(**kwargs)  # type: ignore[arg-type]
    assert message in str(e.value)


def test_empty_body_is_unrelated() -> None:
    assert stance(CLAIM, "").label == "unrelated"
    assert stance("", BODIES["agree"]).label == "unrelated"


# ---------------------------------------------------------------------------------------------
# Real data
# ---------------------------------------------------------------------------------------------

SEED_CLAIM = (
    "The first clashes between the Ukrainian Armed Forces and North Korean soldiers have "
    "already taken place in Russia’s Kursk Oblast, Ukraine’s Defense Minister Rustem Umerov "
    "confirmed on Nov. 5 in an interview with South Korean TV channel KBS."
)


@pytest.mark.shared
def test_seed_reports_relate_to_the_first_clash_and_none_refutes_it(seeds_dir: Path) -> None:
    arts = {a.source.rsplit("/", 1)[-1][:3]: a for a in extract_articles([str(seeds_dir)])}
    labels = {k: stance(SEED_CLAIM, a.text) for k, a in arts.items()}
    assert all(s.label != "unrelated" for s in labels.values())
    assert all(s.label != "disagree" for s in labels.values())
    # the report the claim comes from, and the later article restating it, agree
    assert labels["000"].label == "agree"
    assert labels["003"].label == "agree"
    a, b = labels["003"].evidence[0]
    assert "Umerov confirmed on Nov. 5" in arts["003"].text[a:b]


@pytest.mark.shared
def test_seed_troop_figures_of_different_sources_are_not_contradictions(seeds_dir: Path) -> None:
    # Zelensky's 11,000 and the intelligence assessments' "up to 12,000": two estimates
    arts = {a.source.rsplit("/", 1)[-1][:3]: a for a in extract_articles([str(seeds_dir)])}
    first = next(s for s in arts["000"].text.split("\n") if "11,000 troops" in s)
    second = next(s for s in arts["002"].text.split(". ") if "12,000" in s)
    assert sentence_relation(first, second).label == "different"


def _fnc_rows(limit_bodies: int) -> list[tuple[str, str, str]]:
    archive = FNC / "fnc1-competition-test.tar.xz"
    if not archive.is_file():
        pytest.skip(f"the FNC-1 data is not there ({archive} is missing)")
    with tarfile.open(fileobj=lzma.open(archive)) as tar:
        files = {
            Path(m.name).name: tar.extractfile(m).read().decode("utf-8")  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile() and m.name.endswith(".csv")
        }
    bodies = {
        r["Body ID"]: r["articleBody"]
        for r in csv.DictReader(files["competition_test_bodies.csv"].splitlines(keepends=True))
    }
    keep = sorted(bodies, key=int)[:limit_bodies]
    rows = csv.DictReader(files["competition_test_stances.csv"].splitlines(keepends=True))
    return [
        (r["Headline"], bodies[r["Body ID"]], r["Stance"]) for r in rows if r["Body ID"] in keep
    ]


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred, n_gold = pred.count(label), gold.count(label)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s)


@pytest.mark.shared
def test_fnc_smoke_beats_all_unrelated() -> None:
    rows = _fnc_rows(limit_bodies=25)
    gold = [g for _, _, g in rows]
    clf = StanceClassifier()
    pred = [clf.stance(h, b).label for h, b, _ in rows]
    assert len(set(pred)) >= 3, "more than the majority labels come out"
    assert _macro_f1(gold, pred) > _macro_f1(gold, ["unrelated"] * len(gold)) + 0.1
