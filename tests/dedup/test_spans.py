"""Shared text as character spans: the evidence behind copy links."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.dedup.spans import normalized_hash, shared_spans, tokenize, word_jaccard

ARTICLE = (
    "Engineers found a widening crack in the spillway of the Ostra Dam on Wednesday, and the "
    "regional governor ordered about 4,000 people out of three villages below it. "
    "“The structure is holding, but we will not gamble with lives,” the governor said. "
    "Buses took most residents to a sports hall in the regional capital overnight."
)
MENU = "Home | World | Sport | Subscribe to our newsletter | Cookie settings\n"
FOOTER = "\nMore news: Ferry fares to rise in May. Local choir wins national prize."


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_tokenize_gives_offsets_into_the_text():
    t = tokenize("Hello,  World’s end")
    assert t.words == ("hello", "world", "s", "end")
    assert [("Hello,  World’s end")[s:e] for s, e in zip(t.starts, t.ends, strict=True)] == [
        "Hello", "World", "s", "end"
    ]


def test_normalized_hash_ignores_case_quotes_and_whitespace_not_words():
    a = 'He said: "we will rebuild."\nThe end.'
    assert normalized_hash(a) == normalized_hash("he SAID — “we will   rebuild.” The end")
    assert normalized_hash(a) != normalized_hash('He said: "we will not rebuild." The end.')


def test_a_copy_wrapped_in_junk_covers_the_article_fully_with_spans_in_both_texts():
    copy = MENU + ARTICLE + FOOTER
    ov = shared_spans(copy, ARTICLE)
    assert ov.coverage_b == 1.0
    assert 0.6 < ov.coverage_a < 0.9
    assert len(ov.spans) == 1
    s = ov.spans[0]
    assert _words(copy[s.a_start : s.a_end]) == _words(ARTICLE[s.b_start : s.b_end]) == _words(ARTICLE)


def test_a_light_edit_is_one_span_with_a_small_hole():
    edited = ARTICLE.replace("widening crack", "growing crack").replace("overnight", "on Thursday")
    ov = shared_spans(edited, ARTICLE)
    assert len(ov.spans) == 1, "runs a few words apart merge into one span"
    assert ov.min_coverage > 0.85
    assert word_jaccard(tokenize(edited), tokenize(ARTICLE)) < ov.min_coverage


def test_texts_sharing_only_short_phrases_have_no_spans():
    other = "The regional governor said on Wednesday that the budget would be cut by a third."
    ov = shared_spans(other, ARTICLE)
    assert ov.spans == () and ov.coverage_a == 0.0


def test_min_words_sets_the_shortest_run_that_counts():
    a = "alpha beta gamma delta one two three"
    b = "zeta alpha beta gamma delta eta"
    assert shared_spans(a, b, min_words=4).shared_words == 4
    assert shared_spans(a, b, min_words=5).shared_words == 0


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöß", min_size=1, max_size=8)


@given(
    st.lists(_word, min_size=5, max_size=60),
    st.lists(_word, max_size=20),
    st.lists(_word, max_size=20),
)
def test_a_text_inside_another_is_covered_whole(body, before, after):
    inner = " ".join(body)
    outer = " ".join([*before, "|", inner, "|", *after])
    ov = shared_spans(inner, outer)
    assert ov.coverage_a == 1.0
    for s in ov.spans:
        assert _words(inner[s.a_start : s.a_end]) == _words(outer[s.b_start : s.b_end])
