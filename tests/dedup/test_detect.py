"""The copy-detection cascade end to end on small fictional articles."""

from __future__ import annotations

import pytest

from newsfuse.dedup import CopyDetector, find_copies
from newsfuse.errors import ConfigError
from newsfuse.records import Article, Passage, content_id

ORIGINAL = """OSTRAVIK, Norland (NWA) — About 4,000 people were evacuated from three villages below the Ostra Dam on Wednesday after engineers found a widening crack in its spillway, regional governor Hella Brandt said.

The evacuation order for Lumsk, Tarvo and Edda was issued in the evening, hours after a routine inspection team reported water seeping through the concrete beside the main gate.

“The structure is holding, but we will not gamble with people’s lives,” Brandt told reporters in Ostravik, the regional capital.

Most evacuees spent the night in schools and in the Ostravik Arena, a sports hall fitted with about 1,500 camp beds, the regional administration said.

The dam, built in 1968, holds back a reservoir of about 310 million cubic metres. Its last full inspection took place in November and found no defects.

Ten days of heavy rain have pushed the reservoir to its highest level in twenty years, and forecasters expect more rain at the weekend.

Engineers began releasing water through two bottom outlets on Thursday morning to lower the pressure on the damaged section, which could take several days."""

REWRITE = """Some 4,000 residents of three villages downstream of the Ostra Dam had to leave their homes on Wednesday when engineers discovered a growing crack in the dam's spillway, according to regional governor Hella Brandt.

The order to evacuate Lumsk, Tarvo and Edda came in the evening, a few hours after inspectors on a routine visit saw water leaking through the concrete next to the main gate.

“The structure is holding, but we will not gamble with people’s lives,” Brandt said to journalists in the regional capital Ostravik.

According to the regional administration, the majority of the evacuees slept in schools and in the Ostravik Arena, a sports hall equipped with around 1,500 camp beds.

Built in 1968, the dam retains a reservoir of roughly 310 million cubic metres, and its most recent full inspection, in November, found no defects.

After ten days of heavy rain the reservoir stands at its highest level in twenty years, with more rain forecast for the weekend.

On Thursday morning engineers started to release water through two bottom outlets to reduce the pressure on the damaged part, a process that may take several days.

Credit: Norland Wire Agency"""

INDEPENDENT = """Residents of Lumsk packed cars and tractors on Wednesday night as sirens sounded across the valley below the Ostra Dam.

“We took the dog, the documents and nothing else,” said Petra Oland, 63, who spent the night on a camp bed in the Ostravik Arena with her husband.

Local officials said roughly 3,500 people had registered at shelters by midnight, fewer than the number ordered to leave, because many stayed with relatives in the hills.

Farmers in Tarvo said they had been warned for years that the spillway needed repairs. The regional council postponed the work twice for lack of money, minutes of its meetings show.

The governor, Hella Brandt, promised an independent review of the dam once the water level falls.

Shops in Edda stayed shut on Thursday and the only road into the village was closed by police."""

MENU = "Home\nNews\nWorld\nSubscribe to our newsletter\n"
FOOTER = "\nRead more:\nFerry fares to rise in May\nLocal choir wins national prize\nShare this article"
OTHER = """The Norland football league will grow to eighteen clubs next season after its board voted on Tuesday to admit two promoted sides from the second division, ending a two-year dispute over the format.

Clubs will play 34 rounds instead of 30, and the winter break will be cut to five weeks, the league said in a statement.

“This is the right size for a country of our size,” league chairman Bo Ekholm told reporters.

Broadcasters have agreed to pay an extra 12 million crowns a season for the additional matches."""


def art(text: str, source: str, **kw) -> Article:
    passages = kw.pop("passages", (Passage(0, len(text)),))
    return Article(id=content_id((source + text).encode()), source=source, kind="text", text=text,
                   passages=passages, **kw)


def types(report) -> dict[frozenset[str], str]:
    src = {a.id: a.source for a in report.articles}
    return {frozenset((src[lk.a], src[lk.b])): lk.type for lk in report.links}


@pytest.fixture(scope="module")
def corpus():
    wire = art(ORIGINAL, "wire", outlet="Norland Wire Agency", credit="NWA",
               published="2026-03-12T10:00:00+01:00")
    exact = art(ORIGINAL.replace("’", "'").replace("“", '"').replace("”", '"'), "exact",
                outlet="Mirror Site")
    wrapped = art(MENU + ORIGINAL + FOOTER, "wrapped", outlet="Clicks Daily", author="clicks_admin")
    truncated = art(ORIGINAL[: len(ORIGINAL) // 2].rsplit(" ", 1)[0] + " ...", "truncated",
                    outlet="Brief News")
    page = art(ORIGINAL + "\n\n" + OTHER, "page", outlet="Roundup")
    rewrite = art(REWRITE, "rewrite", outlet="Ticker", published="2026-03-12T18:00:00+01:00")
    independent = art(INDEPENDENT, "independent", outlet="Valley Post",
                      published="2026-03-12T23:00:00+01:00")
    blog_text = OTHER + "\n\n" + INDEPENDENT
    blog = art(blog_text, "blog", outlet="Live Desk",
               passages=(Passage(0, len(OTHER)), Passage(len(OTHER) + 2, len(blog_text))))
    other = art(OTHER.replace("Tuesday", "Monday") + " More follows.", "sports", outlet="Sport Now")
    arts = [wire, exact, wrapped, truncated, page, rewrite, independent, blog, other]
    return find_copies(arts)


def test_each_kind_of_copy_is_found_with_its_type(corpus):
    t = types(corpus)
    assert t[frozenset(("wire", "exact"))] == "exact_copy"
    assert t[frozenset(("wire", "wrapped"))] == "near_duplicate"
    assert t[frozenset(("wire", "truncated"))] == "contains"
    assert t[frozenset(("wire", "page"))] == "contains"
    assert t[frozenset(("wire", "rewrite"))] == "rewrite_of"
    assert t[frozenset(("independent", "blog"))] == "shares_passage"


def test_contains_points_from_the_longer_text(corpus):
    src = {a.id: a.source for a in corpus.articles}
    pairs = {(src[lk.a], src[lk.b]) for lk in corpus.links if lk.type == "contains"}
    assert ("wire", "truncated") in pairs and ("page", "wire") in pairs


def test_the_same_event_in_other_words_is_not_a_copy(corpus):
    t = types(corpus)
    for other in ("wire", "rewrite", "exact", "wrapped", "page"):
        assert frozenset((other, "independent")) not in t


def test_shared_spans_are_offsets_into_both_articles(corpus):
    by_id = {a.id: a for a in corpus.articles}
    for lk in corpus.links:
        for s in lk.spans:
            a, b = by_id[lk.a].text[s.a_start : s.a_end], by_id[lk.b].text[s.b_start : s.b_end]
            if lk.type != "exact_copy":
                assert a.casefold().split()[:3] == b.casefold().split()[:3]


def test_a_live_blog_passage_shared_with_an_article_names_the_passage(corpus):
    src = {a.id: a.source for a in corpus.articles}
    (lk,) = [x for x in corpus.links if {src[x.a], src[x.b]} == {"independent", "blog"}]
    blog_side = lk.a_passage if src[lk.a] == "blog" else lk.b_passage
    assert blog_side == 1
    blog = next(a for a in corpus.articles if a.source == "blog")
    indep = next(a for a in corpus.articles if a.source == "independent")
    assert corpus.family_of(blog.id, 1) == corpus.family_of(indep.id)
    assert corpus.family_of(blog.id, 0) != corpus.family_of(indep.id)


def test_rewrite_evidence_pairs_sentences_and_checks_facts(corpus):
    src = {a.id: a.source for a in corpus.articles}
    (lk,) = [x for x in corpus.links if x.type == "rewrite_of" and "wire" in (src[x.a], src[x.b])]
    assert src[lk.a] == "rewrite" and src[lk.b] == "wire", "the rewrite credits the wire"
    assert len(lk.aligned) >= 5
    assert lk.facts["facts_kept"] >= 0.8


def test_families_put_copies_together_and_name_the_original(corpus):
    src = {a.id: a.source for a in corpus.articles}
    fam = next(f for f in corpus.families if any(src[m] == "wire" for m in f.members))
    assert {src[m] for m in fam.members} == {"wire", "exact", "wrapped", "truncated", "page", "rewrite"}
    assert src[fam.original] == "wire"
    assert fam.reasons
    assert [src[m] for m in fam.flags["content-farm"]] == ["wrapped"]
    assert [src[m] for m in fam.flags["machine-rewrite"]] == ["rewrite"]
    assert corpus.independent(a.id for a in corpus.articles) == 4  # wire family, independent, blog, sports


def test_json_interface_names_articles_by_source(corpus):
    d = corpus.to_dict()
    assert {"articles", "links", "families"} <= d.keys()
    assert {a["source"] for a in d["articles"]} >= {"wire", "rewrite"}
    lk = d["links"][0]
    assert {"a", "b", "type", "score", "evidence"} <= lk.keys()
    assert lk["a"] in {a["source"] for a in d["articles"]}
    fam = next(f for f in d["families"] if "wire" in f["members"])
    assert fam["original"] == "wire" and "content-farm" in fam["flags"]


def test_parameters_are_checked():
    with pytest.raises(ConfigError, match="'near' parameter of CopyDetector"):
        CopyDetector(near=1.5)
    with pytest.raises(ConfigError, match="'share_words'"):
        CopyDetector(share_words=0)


def test_empty_and_single_inputs():
    assert find_copies([]).links == []
    one = find_copies([art(ORIGINAL, "x")])
    assert one.links == [] and one.family_of(one.articles[0].id) == one.articles[0].id
    empty = find_copies([art("", "e1"), art("", "e2")])
    assert empty.links == []


def test_an_article_that_cannot_be_read_is_left_out_and_the_rest_is_linked(monkeypatch) -> None:
    # one article whose reading raises must not take the copy stage down for the corpus
    from newsfuse.dedup import index

    orig, rewrite = art(ORIGINAL, "orig.txt"), art(REWRITE, "rewrite.txt")
    bad = art(OTHER, "bad.txt")
    real = index.fact_keys

    def fact_keys(text):
        if text.startswith(OTHER[:40]):
            raise ValueError("could not convert string to float: '10.03.2026'")
        return real(text)

    monkeypatch.setattr(index, "fact_keys", fact_keys)
    report = find_copies([orig, bad, rewrite])
    assert [(lk.type, {lk.a, lk.b}) for lk in report.links] == [
        ("rewrite_of", {orig.id, rewrite.id})
    ]
    assert [(f.source, f.stage) for f in report.failures] == [("bad.txt", "copies")]
    assert "ValueError" in report.failures[0].reason
    assert report.family_of(bad.id) == bad.id  # still an article of the report, on its own
    assert bad.id in {a.id for a in report.articles}


def test_a_pair_whose_check_raises_is_not_linked_and_the_rest_goes_on(monkeypatch) -> None:
    from newsfuse.dedup import align

    orig, rewrite = art(ORIGINAL, "orig.txt"), art(REWRITE, "rewrite.txt")
    copy = art(MENU + ORIGINAL + FOOTER, "copy.txt")

    def broken(self, a, b):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(align.RewriteChecker, "check", broken)
    report = find_copies([orig, rewrite, copy])
    assert [lk.type for lk in report.links] == ["near_duplicate"]  # the verbatim copy is found
    assert report.failures and all(f.stage == "copies" for f in report.failures)
    assert all(" + " in f.source for f in report.failures)
