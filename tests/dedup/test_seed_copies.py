"""Copies among the real seed captures (../shared/seeds).

The five captures cover one event. The Kyiv Independent's live blog (000) and its later article
(003) share whole paragraphs; the ABC-credited capture (002) and the other rewritten capture (004)
are rewrites of reports that are not among the seeds, so there is nothing to link them to;
Espreso's report (001) covers the same interview in its own words (and its own translation of the
minister's quote). Only the first pair is a copy relation.
"""

from __future__ import annotations

import re

import pytest

from newsfuse import extract_articles
from newsfuse.dedup import find_copies

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    articles = list(extract_articles([str(seeds_dir)]))
    by_name = {a.source.rsplit("/", 1)[-1][:3]: a for a in articles}
    return by_name, find_copies(articles)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_the_live_blog_and_the_later_article_share_passages_with_spans(seeds):
    by, report = seeds
    blog, later = by["000"], by["003"]
    (lk,) = [x for x in report.links if {x.a, x.b} == {blog.id, later.id}]
    assert lk.type == "shares_passage"
    blog_passage = lk.a_passage if lk.a == blog.id else lk.b_passage
    assert blog_passage is not None, "the link names the live blog's passage"
    texts = {blog.id: blog.text, later.id: later.text}
    shared = 0
    for s in lk.spans:
        a, b = texts[lk.a][s.a_start : s.a_end], texts[lk.b][s.b_start : s.b_end]
        assert _words(a)[:5] == _words(b)[:5]
        shared += len(_words(a))
    assert shared >= 150
    assert any("Group of Seven" in texts[lk.a][s.a_start : s.a_end] for s in lk.spans)


def test_reports_in_their_own_words_are_not_linked(seeds):
    by, report = seeds
    linked = {frozenset((x.a, x.b)) for x in report.links}
    own_words = ["001", "002", "004"]
    for name in own_words:
        for other in by:
            if other != name:
                assert frozenset((by[name].id, by[other].id)) not in linked, (name, other)


def test_the_credited_origin_is_recorded(seeds):
    by, report = seeds
    fam = next(f for f in report.families if by["002"].id in f.members)
    assert fam.credited == "ABC News"
    assert fam.original is None, "ABC News's own report is not among the captures"
    assert "ABC News" in fam.reasons[0]


def test_independent_sources_are_counted_by_family(seeds):
    by, report = seeds
    assert report.independent(a.id for a in by.values()) == 5
    # the live blog's G7 passage is the later article's text: not a second source for it
    g7 = next(i for i, p in enumerate(by["000"].passages) if "Group of Seven" in by["000"].text[p.start : p.end])
    assert report.family_of(by["000"].id, g7) == report.family_of(by["003"].id)


def test_a_cms_edit_link_alone_does_not_make_a_real_outlet_a_content_farm(seeds):
    by, report = seeds
    # the Kyiv Independent capture starts with "Edit post" (its CMS's admin bar)
    assert "Edit post" in by["003"].raw.decode("utf-8", "replace")
    flagged = {m for f in report.families for ids in f.flags.values() for m in ids}
    assert by["003"].id not in flagged
