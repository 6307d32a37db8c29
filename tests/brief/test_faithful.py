"""The faithfulness check: it passes traced sentences and catches every kind of untraceable
one (a changed word, a span elsewhere, an unknown article, an unrelated supporting span)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.brief.faithful import (
    check_brief,
    check_citation,
    check_sentence,
    content_words,
    normalise,
    supports,
    traced,
    traced_share,
)
from newsfuse.records import Article, Brief, BriefSentence, Citation

A_TEXT = (
    "About 4,000 people were evacuated from three towns on Wednesday.\nThe dam was built in 1971."
)
B_TEXT = "Officials said some 4,000 residents of three towns had been evacuated.\nIt rained."
C_TEXT = "The football club won its cup match 2-1 on Thursday night."

ARTICLES = {
    "a": Article("a", "a.txt", "text", A_TEXT, title="Valley evacuated"),
    "b": Article("b", "b.txt", "text", B_TEXT),
    "c": Article("c", "c.txt", "text", C_TEXT),
}
FIRST = A_TEXT.split("\n")[0]


def _verbatim(article: str = "a", start: int = 0, end: int = len(FIRST)) -> Citation:
    return Citation(article, f"{article}.txt", start, end, f"f{article}", verbatim=True)


def _support(article: str, text: str) -> Citation:
    start = ARTICLES[article].text.index(text)
    return Citation(article, f"{article}.txt", start, start + len(text), f"f{article}")


B_FIRST = B_TEXT.split("\n")[0]


def test_a_traced_sentence_has_no_problem() -> None:
    s = BriefSentence(FIRST, (_verbatim(), _support("b", B_FIRST)))
    assert check_sentence("st", s, ARTICLES) == []
    assert s.families == 2


def test_a_title_citation_is_read_from_the_title() -> None:
    s = BriefSentence("Valley evacuated", (Citation("a", "a.txt", 0, 16, "fa", "title", True),))
    assert check_sentence("st", s, ARTICLES) == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (BriefSentence(FIRST, ()), "no citation"),
        (BriefSentence(FIRST, (_support("b", B_FIRST),)), "no citation holds"),
        (BriefSentence(FIRST.replace("4,000", "9,000"), (_verbatim(),)), "other words"),
        (BriefSentence(FIRST, (_verbatim(start=5),)), "other words"),
        (BriefSentence(FIRST, (_verbatim(end=10_000),)), "outside"),
        (BriefSentence(FIRST, (replace(_verbatim(), article="zz"),)), "unknown article"),
        (BriefSentence(FIRST, (replace(_verbatim(), field="body"),)), "unknown field"),
        (BriefSentence(FIRST, (_verbatim(), _support("c", C_TEXT))), "does not support"),
    ],
)
def test_each_kind_of_untraceable_sentence_is_caught(sentence: BriefSentence, reason: str) -> None:
    problems = check_sentence("st", sentence, ARTICLES)
    assert problems, sentence
    assert any(reason in p.reason for p in problems)
    assert "st" in str(problems[0])


def test_white_space_and_quotation_mark_styles_do_not_count() -> None:
    text = "He said “we stay” and left."
    art = {"q": Article("q", "q.txt", "text", text)}
    s = BriefSentence(
        'He said  "we stay" and left.', (Citation("q", "q.txt", 0, len(text), None, verbatim=True),)
    )
    assert check_sentence("st", s, art) == []


def test_supports_needs_shared_substance_and_no_contradicting_number() -> None:
    assert supports(FIRST, B_FIRST)
    assert not supports(FIRST, C_TEXT)
    assert not supports(FIRST, "About 9,000 people were evacuated from three towns.")
    assert not supports("", B_FIRST)


def test_content_words_keep_numbers_and_drop_function_words() -> None:
    words = content_words("The towns said 4,000 people were evacuated")
    assert "4000" in words and "town" in words and "the" not in words and "said" not in words
    assert normalise("  “quoted”  ") == "quoted"


def test_check_brief_and_traced_share_read_every_section() -> None:
    good = BriefSentence(FIRST, (_verbatim(),))
    bad = BriefSentence("Not in any source at all.", (_verbatim(),))
    headline = BriefSentence(
        "Valley evacuated", (Citation("a", "a.txt", 0, 16, "fa", "title", True),)
    )
    brief = Brief("st", "label", headline, lead=(good,), single=(bad,))
    problems = check_brief(brief, ARTICLES)
    assert len(problems) == 1 and problems[0].sentence == bad.text
    assert traced_share([brief], ARTICLES) == (2, 3)


@given(
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
    data=st.data(),
)
def test_any_span_quoted_verbatim_is_traced_and_any_change_is_caught(text: str, data) -> None:  # type: ignore[no-untyped-def]
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    words = text[start:end]
    articles = {"x": Article("x", "x.txt", "text", text)}
    cite = Citation("x", "x.txt", start, end, None, verbatim=True)
    assert check_sentence("st", BriefSentence(words, (cite,)), articles) == []
    changed = words + "Z" if normalise(words + "Z") != normalise(words) else words + "9"
    assert check_sentence("st", BriefSentence(changed, (cite,)), articles)


def test_check_citation_gives_the_reason_check_sentence_reports() -> None:
    cases = [
        (_verbatim(), None),
        (_support("b", B_FIRST), None),
        (_verbatim(start=5), "the cited span holds other words"),
        (_support("c", C_TEXT), "the cited span does not support it"),
        (_verbatim(end=10_000), "span outside the cited text"),
        (replace(_verbatim(), article="zz"), "cites an unknown article"),
        (replace(_verbatim(), field="body"), "cites an unknown field 'body'"),
    ]
    for cite, reason in cases:
        assert check_citation(FIRST, cite, ARTICLES) == reason
        problems = check_sentence("st", BriefSentence(FIRST, (_verbatim(), cite)), ARTICLES)
        assert [p.reason for p in problems] == ([] if reason is None else [reason])


def test_traced_drops_the_citations_the_check_refuses() -> None:
    good = BriefSentence(FIRST, (_verbatim(), _support("b", B_FIRST)))
    assert traced(good, ARTICLES) is good
    mixed = BriefSentence(FIRST, (_verbatim(), _support("c", C_TEXT), _support("b", B_FIRST)))
    kept = traced(mixed, ARTICLES)
    assert kept is not None and [c.article for c in kept.citations] == ["a", "b"]
    assert check_sentence("st", kept, ARTICLES) == []
    assert traced(BriefSentence(FIRST, (_support("b", B_FIRST),)), ARTICLES) is None
    assert (
        traced(BriefSentence(FIRST, (_verbatim(start=5), _support("b", B_FIRST))), ARTICLES) is None
    )
    assert traced(BriefSentence(FIRST, ()), ARTICLES) is None


_GOOD = [
    _verbatim(),
    _support("b", B_FIRST),
    Citation("a", "a.txt", 0, 16, "fa", "title", True),
    Citation("b", "b.txt", 0, len(B_FIRST), "fb", verbatim=True),
]


@given(data=st.data())
def test_traced_keeps_exactly_what_check_sentence_accepts(data) -> None:  # type: ignore[no-untyped-def]
    """One definition: whatever the citations, ``traced`` keeps exactly those that
    ``check_citation`` accepts, what it keeps passes the check, a sentence the check passes is
    kept whole, and a sentence left without an accepted verbatim citation is dropped."""

    def citation() -> Citation:
        if data.draw(st.booleans()):
            return data.draw(st.sampled_from(_GOOD))
        article = data.draw(st.sampled_from(["a", "b", "c", "zz"]))
        size = len(ARTICLES[article].text) if article in ARTICLES else 10
        start = data.draw(st.integers(0, size))
        end = data.draw(st.integers(0, size + 3))
        field = data.draw(st.sampled_from(["text", "title", "body"]))
        return Citation(
            article, f"{article}.txt", start, end, None, field, data.draw(st.booleans())
        )

    text = data.draw(st.sampled_from([FIRST, B_FIRST, C_TEXT, "Valley evacuated", "x"]))
    sentence = BriefSentence(text, tuple(citation() for _ in range(data.draw(st.integers(0, 4)))))
    problems = check_sentence("st", sentence, ARTICLES)
    kept = traced(sentence, ARTICLES)
    accepted = [c for c in sentence.citations if check_citation(text, c, ARTICLES) is None]
    if kept is None:
        assert problems and not any(c.verbatim for c in accepted)
    else:
        assert check_sentence("st", kept, ARTICLES) == []
        assert list(kept.citations) == accepted
    if not problems:
        assert kept is sentence
