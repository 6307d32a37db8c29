"""Speakers of claims: who the claim table says made a quote (issue 15: a speaker is a person,
an organisation or an honest unnamed role, never a chamber, a party adjective, a state label or
a pronoun; one that is not certain is marked so)."""

from __future__ import annotations

from pathlib import Path

import newsfuse
from newsfuse.claims import find_claims
from newsfuse.records import Claim

ARTICLE = (
    "Haverlund vote set for Friday\n\n"
    "Speaker Mara Quist, R-Ore., said the harbour bill would come to a vote on Friday.\n\n"
    "“We have the votes for the harbour bill,” the House speaker said.\n\n"
    "The presumptive Republican nominee toured the docks on Thursday with Senator Ivo Lind "
    "and Mayor Tom Hale.\n\n"
    "“Every dock will be rebuilt by the spring,” the presumptive Republican nominee said.\n\n"
    "“The money is already there,” he said.\n\n"
    "“We were not consulted about the harbour,” the statement said.\n"
)


def _quotes(tmp_path: Path) -> dict[str, Claim]:
    path = tmp_path / "vote.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    report = find_claims(list(newsfuse.extract_articles([str(path)])))
    return {c.text: c for c in report.claims if c.kind == "quote"}


def test_a_title_phrase_is_the_person_named_with_that_title(tmp_path: Path) -> None:
    quotes = _quotes(tmp_path)
    assert quotes["We have the votes for the harbour bill"].speaker == "Mara Quist"


def test_no_claim_speaker_is_a_chamber_a_party_a_label_or_a_pronoun(tmp_path: Path) -> None:
    speakers = {c.speaker for c in _quotes(tmp_path).values()}
    assert not speakers & {"House", "Republican", "R-Ore", "R-Ore.", "he", "He"}


def test_an_unnamed_title_stays_as_written_and_a_lone_pronoun_names_nobody(
    tmp_path: Path,
) -> None:
    quotes = _quotes(tmp_path)
    nominee = quotes["Every dock will be rebuilt by the spring"]
    assert nominee.speaker == "the presumptive Republican nominee"
    # two people named in the sentence before: "he" is not certain
    assert quotes["The money is already there"].speaker is None
    assert quotes["We were not consulted about the harbour"].speaker == "the statement"


def test_a_source_phrase_shown_as_written_leaves_out_what_came_before_the_source(
    tmp_path: Path,
) -> None:
    path = tmp_path / "flow.txt"
    path.write_text(
        "Harbour flow slows\n\n"
        "The flow has slowed from the 5,000 barrels per day the company had said the pumps "
        "were moving three days ago.\n\n"
        "Meanwhile, the port authority said the harbour would reopen on Monday.\n",
        encoding="utf-8",
    )
    report = find_claims(list(newsfuse.extract_articles([str(path)])))
    speakers = {c.speaker for c in report.claims if c.speaker}
    assert "the company" in speakers or "the port authority" in speakers
    assert not any(s.startswith(("per day", "Meanwhile")) for s in speakers), speakers


def test_tidy_source() -> None:
    from newsfuse.claims.extract import tidy_source

    cases = {
        "per day the company": "the company",
        "4:41 PM BP": "BP",
        "* April 28 - The Coast Guard": "The Coast Guard",
        "Up to now, BP": "BP",
        "cents Experts": "Experts",
        "even as thousands more barrels": None,
        "Mexico: 20": None,
        "local officials": "local officials",
        "some scientists": "some scientists",
        "the minister": "the minister",
        "Kyrylo Budanov, head of Ukraine’s Military Intelligence": (
            "Kyrylo Budanov, head of Ukraine’s Military Intelligence"
        ),
        "Assessments from the U.S., South Korea and Ukraine": (
            "Assessments from the U.S., South Korea and Ukraine"
        ),
    }
    assert {k: tidy_source(k) for k in cases} == cases


def test_no_one_is_nobody_s_speaker(tmp_path: Path) -> None:
    # "No one has shown symptoms" was a statement by "one"; "no one ever said X" is no claim
    # that X, "nobody has claimed X" names no speaker of X, and neither gives a figure one
    path = tmp_path / "flu.txt"
    path.write_text(
        "Valdora flu cases rise\n\n"
        "No one has shown symptoms such as fever, so far, the commission said.\n\n"
        "Still, no one ever said the harbour was safe, and nobody has claimed the ferries "
        "will stop.\n\n"
        "None of the doctors said the clinic would close for 12 days.\n\n"
        "Mayor Anna Berg said the port would reopen on Friday.\n",
        encoding="utf-8",
    )
    report = find_claims(list(newsfuse.extract_articles([str(path)])))
    said = [c for c in report.claims if c.kind in ("quote", "statement", "quantity")]
    assert [c.speaker for c in said if "port would reopen" in c.text] == ["Anna Berg"]
    for c in said:
        assert c.speaker is None or "one" not in c.speaker.casefold().split(), c
        assert "None" not in (c.speaker or "") and "nobody" not in (c.speaker or ""), c
        assert "harbour was safe" not in c.text and "ferries will stop" not in c.text
        assert "clinic would close" not in c.text


def test_a_spokesman_named_after_his_principal_is_the_speaker(tmp_path: Path) -> None:
    # "Riley spokesman Todd Stacy said ...": the claim is Stacy's, though Riley is the first
    # person the source phrase names (and a person of the article's index)
    path = tmp_path / "suit.txt"
    path.write_text(
        "Alabama sues over spill\n\n"
        "Alabama Gov. Bob Riley said on Monday the state would seek damages.\n\n"
        "Riley spokesman Todd Stacy said the governor had not seen the lawsuits.\n\n"
        "Riley said the state had no choice.\n",
        encoding="utf-8",
    )
    report = find_claims(list(newsfuse.extract_articles([str(path)])))
    speakers = {c.text: c.speaker for c in report.claims if c.kind == "statement"}
    assert speakers["the governor had not seen the lawsuits"] == "Todd Stacy"
    assert speakers["the state would seek damages"] == "Bob Riley"
    assert speakers["the state had no choice"] == "Bob Riley"


def test_a_passive_after_a_comma_names_no_speaker() -> None:
    # "Doctors in Glasgow, Dunoon and Paisley would be allowed to ...": the places were the
    # speakers of "Doctors in Glasgow" (the tail form "..., X said" read a passive)
    from newsfuse.claims.quotes import find_attributions

    text = (
        "Doctors in the worst-hit areas Glasgow, Dunoon and Paisley would be allowed to make "
        "a diagnosis in their surgeries."
    )
    assert find_attributions(text) == []
    said = find_attributions("The dam will hold, the mayor said.")
    assert [(a.source_text, a.cue_text) for a in said] == [("the mayor", "said")]


def test_the_who_in_capitals_is_the_world_health_organization_not_a_relative_pronoun() -> None:
    from newsfuse.claims import find_claims
    from newsfuse.records import Article

    text = (
        "Flu spreads in Mexico\n\nThe WHO said on Friday that the virus had spread to 30 "
        "countries. A doctor who treated patients said the hospital was full. Those who saw "
        "it said it was awful."
    )
    a = Article(id="a1", source="a.txt", kind="text", text=text, published="2009-05-01")
    said = {
        v.text: (v.speaker, v.attribution)
        for c in find_claims([a]).clusters()
        for v in c.variants
        if v.kind == "statement"
    }
    assert said["the virus had spread to 30 countries"] == ("WHO", "named")
    assert said["the hospital was full"] == ("A doctor", "unresolved")
    assert said["it was awful"] == (None, None)  # "who" stays a relative pronoun
