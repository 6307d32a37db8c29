"""Source families and the original of each, with the reasons."""

from __future__ import annotations

from newsfuse.dedup.provenance import (
    Origins,
    build_families,
    farm_markers,
    orient,
    point_to_originals,
)
from newsfuse.records import Article, Link, Removed, Span, content_id

WIRE = (
    "OSTRAVIK, Norland (NWA) — About 4,000 people were evacuated from three villages below the "
    "Ostra Dam after engineers found a widening crack in its spillway, the regional governor "
    "said on Thursday. Buses took most residents to a sports hall in the regional capital."
)
OTHER_TOPIC = (
    "The national football league will expand to eighteen clubs next season, its board decided "
    "after a long meeting in the capital, where two promoted sides were confirmed."
)


def art(text: str, source: str, **kw) -> Article:
    return Article(id=content_id((source + text).encode()), source=source, kind="text", text=text, **kw)


def link(a: Article, b: Article, type_: str = "near_duplicate", **facts) -> Link:
    return Link(a.id, b.id, type_, 0.9, spans=(Span(0, 10, 0, 10),), facts=facts)


def families_of(articles, links):
    return build_families(articles, links)


def test_acronyms_are_learned_from_an_outlets_own_dateline():
    wire = art(WIRE, "wire.txt", outlet="Norland Wire Agency", credit="NWA")
    origins = Origins([wire])
    assert origins.key("NWA") == origins.key("Norland Wire Agency")


def test_a_credit_line_names_the_original():
    wire = art(WIRE, "wire.txt", outlet="Norland Wire Agency", credit="NWA")
    copy = art(WIRE + " Share this!", "farm.txt", outlet="Daily Clicks", credit="NWA")
    (fam,) = families_of([copy, wire], [link(copy, wire)])
    assert fam.original == wire.id
    assert any("Daily Clicks credits Norland Wire Agency" in r for r in fam.reasons)
    assert set(fam.members) == {wire.id, copy.id}


def test_publication_time_decides_when_nothing_else_does():
    first = art(WIRE, "a.txt", outlet="Alpha", published="2026-03-12T10:00:00+01:00")
    later = art(WIRE + ".", "b.txt", outlet="Beta", published="2026-03-12T15:30:00+01:00")
    (fam,) = families_of([later, first], [link(later, first)])
    assert fam.original == first.id
    assert any("published after" in r for r in fam.reasons)


def test_no_evidence_means_the_original_is_unknown():
    a = art(WIRE, "a.txt")
    b = art(WIRE + ".", "b.txt")
    (fam,) = families_of([a, b], [link(a, b)])
    assert fam.original is None
    assert "no credit" in fam.reasons[0]


def test_content_farm_markers_make_a_copy_and_are_flagged():
    wire = art(WIRE, "wire.txt", outlet="Norland Wire Agency")
    farm = art(WIRE, "farm.txt", outlet="Clicks", removed=(Removed("Edit post", "ui"),))
    assert farm_markers(farm) == ["Edit post"]
    (fam,) = families_of([farm, wire], [link(farm, wire, "exact_copy")])
    assert fam.original == wire.id
    assert fam.flags["content-farm"] == (farm.id,)


def test_an_admin_byline_is_a_content_farm_marker():
    assert farm_markers(art(WIRE, "x.txt", author="site_admin")) == ["byline 'site_admin'"]
    assert farm_markers(art(WIRE, "x.txt", author="Ada Admiral")) == []


def test_a_single_article_crediting_an_absent_origin_records_the_credit():
    alone = art(WIRE, "alone.txt", credit="Harbour News")
    fams = families_of([alone, art(OTHER_TOPIC, "b.txt")], [])
    assert len(fams) == 1
    assert fams[0].credited == "Harbour News" and fams[0].original is None
    assert "not among the articles" in fams[0].reasons[0]


def test_articles_crediting_one_origin_on_one_story_are_one_family_but_not_across_topics():
    day = "2026-03-12T10:00:00+01:00"
    a = art(WIRE, "a.txt", outlet="Alpha", credit="Harbour News", published=day)
    b = art(WIRE.replace("Thursday", "Friday") + " More to follow.", "b.txt", outlet="Beta",
            credit="Harbour News", published="2026-03-13T09:00:00+01:00")
    c = art(OTHER_TOPIC, "c.txt", outlet="Gamma", credit="Harbour News", published=day)
    later = art(WIRE + " Update.", "d.txt", outlet="Delta", credit="Harbour News",
                published="2026-04-30T10:00:00+01:00")
    undated = art(WIRE + " Undated.", "e.txt", outlet="Epsilon", credit="Harbour News")
    fams = families_of([a, b, c, later, undated], [])
    together = [f for f in fams if len(f.members) > 1]
    assert len(together) == 1 and set(together[0].members) == {a.id, b.id}
    assert together[0].credited == "Harbour News"


def test_containment_reads_truncation_and_wrapping_the_right_way_round():
    whole = art(WIRE, "whole.txt", outlet="Alpha")
    cut = art(WIRE[:150], "cut.txt", outlet="Beta")
    trunc = Link(whole.id, cut.id, "contains", 1.0, spans=(Span(0, 150, 0, 150),),
                 facts={"coverage_a": 0.5, "coverage_b": 1.0})
    (fam,) = families_of([whole, cut], [trunc])
    assert fam.original == whole.id and "truncation" in fam.reasons[0]

    page = art("Top stories today. " + WIRE + " " + OTHER_TOPIC, "page.txt", outlet="Gamma")
    wrap = Link(page.id, whole.id, "contains", 1.0, spans=(Span(19, 19 + len(WIRE), 0, len(WIRE)),),
                facts={"coverage_a": 0.6, "coverage_b": 1.0})
    (fam,) = families_of([page, whole], [wrap])
    assert fam.original == whole.id and "plus other text" in fam.reasons[0]


def test_a_canonical_link_to_another_members_site_makes_a_copy():
    url = "https://www.alphanews.example/2026/dam"
    orig = art(WIRE, "orig.html", outlet="Alpha News", url=url)
    copy = art(WIRE + " x", "copy.html", outlet="Beta Daily", url=url)
    (fam,) = families_of([copy, orig], [link(copy, orig)])
    assert fam.original == orig.id and "canonical" in " ".join(fam.reasons)


def test_rewrites_point_from_the_rewrite_to_its_source():
    wire = art(WIRE, "wire.txt", outlet="Norland Wire Agency", published="2026-03-12T10:00")
    rw = art("Some 4,000 residents fled ...", "rw.txt", outlet="Ticker", credit="Norland Wire Agency")
    backwards = Link(wire.id, rw.id, "rewrite_of", 0.8)
    fixed = orient(backwards, {wire.id: wire, rw.id: rw})
    assert (fixed.a, fixed.b) == (rw.id, wire.id)
    assert fixed.facts["direction"] == "known"
    unknown = orient(Link(wire.id, rw.id, "rewrite_of", 0.8), {wire.id: wire, rw.id: art("x", "y")})
    assert unknown.facts["direction"] == "unknown"


def test_a_lone_article_is_a_content_farm_only_with_several_markers():
    one = art(WIRE, "one.txt", removed=(Removed("Edit post", "ui"),))
    two = art(WIRE + " x", "two.txt", removed=(Removed("Edit post", "ui"), Removed("Leave a Reply", "ui")))
    fams = families_of([one, two], [])
    assert [f.members for f in fams] == [(two.id,)]
    assert fams[0].flags == {"content-farm": (two.id,)}


def test_a_rewrite_between_passages_of_articles_in_no_family_is_kept():
    # a passage-to-passage rewrite does not merge its articles, so neither is in a family;
    # the family bookkeeping must pass it through (it raised KeyError on all of Timeline17)
    a = art(WIRE, "a.txt", outlet="Norland Wire Agency")
    b = art(OTHER_TOPIC, "b.txt", outlet="Daily Clicks")
    lk = Link(a.id, b.id, "rewrite_of", 0.8, a_passage=1, b_passage=0, facts={"order_kept": 1.0})
    families = build_families([a, b], [lk])
    assert families == []
    links, fams = point_to_originals([lk], families)
    assert links == [lk] and fams == []
