"""find_claims over a corpus: which contradictions between renderings count as a conflict."""

from __future__ import annotations

from newsfuse.claims import find_claims
from newsfuse.records import Article, Passage, Story, StoryMember


def article(ident: str, text: str) -> Article:
    return Article(
        id=ident,
        source=f"{ident}.txt",
        kind="text",
        text=text,
        published="2026-03-12",
        outlet=f"Outlet {ident}",
        passages=(Passage(0, len(text)),),
    )


def story_of(*arts: Article) -> Story:
    return Story(
        "s1",
        "harbour",
        first_seen="2026-03-12",
        members=tuple(StoryMember(a.id, a.source, None, 1.0) for a in arts),
    )


def quote_statuses(first: str, second: str) -> set[str]:
    a = article("a", f"Mayor Anna Berg spoke on Thursday.\n“{first},” Berg said.")
    b = article("b", f"Mayor Anna Berg spoke to reporters on Thursday.\n“{second},” Berg said.")
    report = find_claims([a, b], stories=[story_of(a, b)])
    return {c.status for c in report.clusters() if c.kind == "quote" and len(c.variants) == 2}


def test_one_speakers_quote_with_a_changed_figure_is_a_conflict() -> None:
    assert quote_statuses(
        "We will open 12 new shelters in the harbour district before the winter",
        "We will open 21 new shelters in the harbour district before the winter",
    ) == {"conflicting"}


def test_a_negation_conflicts_only_between_renderings_of_about_one_length() -> None:
    assert quote_statuses(
        "We have not closed the port, and ships wait outside the harbour district for now",
        "We closed the port, and ships wait outside the harbour district for now",
    ) == {"conflicting"}
    # a much shorter rendering without the negated part is a partial quote, not a denial
    assert quote_statuses(
        "We have not closed the port, but ships wait outside the harbour district for now",
        "Ships wait outside the harbour district for now",
    ) == {"corroborated"}


HARBOUR_A = (
    "Mayor Anna Berg said on Thursday that 12 new shelters would open in the harbour district.\n"
    "“We will not leave anyone outside this winter,” Berg said."
)
HARBOUR_B = (
    "The city will open 12 new shelters in the harbour district, Mayor Anna Berg said on "
    "Thursday.\n“We will not leave anyone outside this winter,” Berg told reporters."
)


def test_an_article_whose_claims_cannot_be_made_is_left_out(monkeypatch) -> None:
    from newsfuse.claims import crosscheck

    a, b, c = article("a", HARBOUR_A), article("b", HARBOUR_B), article("c", HARBOUR_A + " More.")
    real = crosscheck.claims_of

    def claims_of(reading, **kw):
        if reading.article.id == "c":
            raise OverflowError("int too large to convert to float")
        return real(reading, **kw)

    monkeypatch.setattr(crosscheck, "claims_of", claims_of)
    report = find_claims([a, b, c], stories=[story_of(a, b, c)])
    assert [(f.source, f.stage) for f in report.failures] == [("c.txt", "claims")]
    assert any(cl.status == "corroborated" for cl in report.clusters())
    assert all(v.article != "c" for cl in report.clusters() for v in cl.variants)


def test_a_story_whose_comparison_fails_keeps_its_place_without_claims(monkeypatch) -> None:
    from newsfuse.claims.compare import ClaimComparer

    a, b = article("a", HARBOUR_A), article("b", HARBOUR_B)
    other = Story("s2", "other", members=(StoryMember("b", "b.txt", None, 1.0),))
    real = ClaimComparer.compare

    def compare(self, story, *args, **kw):
        if story == "s1":
            raise ValueError("bad story")
        return real(self, story, *args, **kw)

    monkeypatch.setattr(ClaimComparer, "compare", compare)
    report = find_claims([a, b], stories=[story_of(a, b), other])
    assert [(f.source, f.stage) for f in report.failures] == [("story s1", "claims")]
    s1, s2 = report.stories
    assert s1.clusters == [] and s2.clusters


def test_the_finders_run_in_workers_with_the_same_result() -> None:
    from newsfuse.backends import LocalBackend

    a, b = article("a", HARBOUR_A), article("b", HARBOUR_B)
    inline = find_claims([a, b], stories=[story_of(a, b)])
    with LocalBackend(2) as backend:
        workers = find_claims([a, b], stories=[story_of(a, b)], backend=backend)
    assert workers.clusters() == inline.clusters() and workers.failures == []


def spin(source, text, anchor, *overrun):
    while True:
        pass


def test_an_article_past_the_finders_time_budget_is_a_failure(monkeypatch) -> None:
    from newsfuse.backends import LocalBackend
    from newsfuse.claims import extract

    a = article("a", HARBOUR_A)
    monkeypatch.setattr(extract, "read_task", spin)  # the names the workers are sent
    monkeypatch.setattr(extract, "read_prefix_task", spin)
    with LocalBackend(1, seconds=0.5) as backend:
        report = find_claims([a], stories=[story_of(a)], backend=backend)
    assert [(f.source, f.stage) for f in report.failures] == [("a.txt", "claims")]
    assert "budget of 0.5 s" in report.failures[0].reason


def spin_on_long(source, text, anchor):
    from newsfuse.claims.extract import read_text

    if len(text) > 10_000:
        while True:
            pass
    return read_text(text, anchor)


def test_past_the_budget_the_finders_read_the_beginning_of_a_long_page(monkeypatch) -> None:
    # an article followed by thousands of reader comments: its claims come from the article
    from newsfuse.backends import LocalBackend
    from newsfuse.claims import extract

    comments = "\n".join(f"Reader {i} wrote: I think the mayor is wrong." for i in range(2000))
    a = article("a", HARBOUR_A + "\n" + comments)
    assert len(a.text) > extract.PREFIX_CHARS
    b = article("b", HARBOUR_B)
    monkeypatch.setattr(extract, "read_task", spin_on_long)  # the whole page overruns
    with LocalBackend(1, seconds=4) as backend:  # the fallback reads 60,000 characters
        report = find_claims([a, b], stories=[story_of(a, b)], backend=backend)
    assert report.failures == []
    assert any(
        cl.status == "corroborated" and {v.article for v in cl.variants} == {"a", "b"}
        for cl in report.clusters()
    )


# --- issue 15: conflicts need named speakers; one count in other words; independent sources ---


def clusters_of(*arts: Article) -> list:
    return find_claims(list(arts), stories=[story_of(*arts)]).clusters()


def test_a_changed_quote_given_to_he_is_no_conflict() -> None:
    # the same changed figure, but one article gives the quote to "he" (resolved to Berg):
    # the speaker of that rendering is not written where it is said
    a = article("a", "Mayor Anna Berg spoke on Thursday.\n“We will open 12 new shelters in "
                     "the harbour district before the winter,” Berg said.")
    b = article("b", "Mayor Anna Berg spoke to reporters on Thursday.\n“We will open 21 new "
                     "shelters in the harbour district before the winter,” he said.")
    quotes = [c for c in clusters_of(a, b) if c.kind == "quote" and len(c.variants) == 2]
    assert quotes and {c.status for c in quotes} == {"corroborated"}
    (he,) = [v for c in quotes for v in c.variants if v.article == "b"]
    assert (he.speaker, he.speaker_text, he.attribution) == ("Anna Berg", "he", "resolved")


def test_a_conflict_shows_both_statements_with_their_attribution() -> None:
    a = article("a", "Mayor Anna Berg spoke on Thursday.\n“We will open 12 new shelters in "
                     "the harbour district before the winter,” Berg said.")
    b = article("b", "Mayor Anna Berg spoke to reporters on Thursday.\n“We will open 21 new "
                     "shelters in the harbour district before the winter,” Mayor Anna Berg said.")
    (c,) = [c for c in clusters_of(a, b) if c.status == "conflicting"]
    by_id = {v.id: v for v in c.variants}
    first, second = (by_id[i] for i in c.conflict)
    assert {first.article, second.article} == {"a", "b"}
    assert {first.speaker_text, second.speaker_text} == {"Berg", "Mayor Anna Berg"}
    assert all(v.attribution == "named" and v.cue == "said" for v in (first, second))
    assert "Mayor Anna Berg" in c.reason and "12 new shelters" in c.reason
    assert "21 new shelters" in c.reason


TOTALS = {
    "a": "The ministry expects five units of 3,000 soldiers each to reach the border by May.",
    "b": "Three more brigades will bring the total number of soldiers at the border to 15,000, "
         "the ministry said.",
    "c": "The number of soldiers sent to the border could rise to as many as 15,000 by May, "
         "the ministry said.",
    "d": "The ministry plans to send five battalions of soldiers to the border by May.",
}


def test_one_count_given_in_other_words_is_one_figure_with_every_source() -> None:
    arts = [article(k, v) for k, v in TOTALS.items()]
    quantities = [c for c in clusters_of(*arts) if c.kind == "quantity"]
    (total,) = [c for c in quantities if any(v.value == 15000 for v in c.variants)]
    assert {v.article for v in total.variants} == {"a", "b", "c"}
    assert total.status == "corroborated" and total.families == 3
    (five_a,) = [v for v in total.variants if v.article == "a"]
    assert five_a.text == "five units of 3,000 soldiers each"  # the words that give it
    # "five units" and "five battalions": one count of formations
    (five,) = [c for c in quantities if any(v.value == 5 for v in c.variants)]
    assert {v.article for v in five.variants} == {"a", "d"}


def test_a_sentence_two_articles_share_word_for_word_counts_once() -> None:
    shared = "The city will open 12 new shelters in the harbour district before the winter."
    a = article("a", f"{shared}\nThe mayor visited the first of them on Thursday.")
    b = article("b", f"Residents queued outside the town hall.\n{shared}")
    c = article("c", "Twelve new shelters will open in the harbour district, the city says, "
                     "before winter comes to the harbour.\nThe mayor toured one on Thursday.")
    figures = [cl for cl in clusters_of(a, b) if cl.kind == "quantity" and cl.value == 12]
    assert [(cl.status, cl.families) for cl in figures] == [("single_source", 1)]
    # a third article in its own words is a second source
    figures = [cl for cl in clusters_of(a, b, c) if cl.kind == "quantity" and cl.value == 12]
    assert [(cl.status, cl.families) for cl in figures] == [("corroborated", 2)]


def test_two_articles_of_one_outlet_are_one_source() -> None:
    a = article("a", HARBOUR_A)
    b = article("b", HARBOUR_B)
    same = Article(**{**{f: getattr(b, f) for f in b.__slots__}, "outlet": "Outlet a"})
    independent = [c for c in clusters_of(a, b) if c.status == "corroborated"]
    assert independent
    one_outlet = {c.id: c for c in clusters_of(a, same)}
    for c in independent:
        assert one_outlet[c.id].status == "single_source" and one_outlet[c.id].families == 1


def _attribution(written: str | None, name: str | None, **kw: object) -> str | None:
    from newsfuse.claims.extract import attribution_of
    from newsfuse.claims.quotes import Attribution

    att = Attribution(
        "direct", (0, 1), "x", source=(0, 1), source_text=written, speaker=name, **kw
    )  # type: ignore[arg-type]
    return attribution_of(att, name)


def test_how_sure_a_speaker_is() -> None:
    assert _attribution("Speaker Paul Ryan, R-Wis.", "Paul Ryan") == "named"
    assert _attribution("Mayor Anna Berg", "Anna Berg") == "named"
    assert _attribution("Berg", "Anna Berg") == "named"
    assert _attribution("the union", "Haverlund Dockworkers’ Union") == "named"
    assert _attribution("the House speaker", "Paul Ryan") == "resolved"
    assert _attribution("he", "Anna Berg") == "resolved"
    assert _attribution("the presumptive Republican nominee", "Donald Trump") == "resolved"
    # a fragment after the real name, a role as a name, a name with a function word
    assert _attribution("Ivo Lind, head of Planning and Integration", "Integration") == "resolved"
    assert _attribution("chair of the Harbour Committee", "chair of the Harbour Committee") == "resolved"
    assert _attribution("Berg What", "Berg What") == "unresolved"
    assert _attribution(None, "Anna Berg") == "unresolved"
    assert _attribution("Berg", None) is None
    assert _attribution("Berg", "Anna Berg", inherited=True) == "inherited"


def test_a_speaker_the_quote_finder_is_unsure_of_is_unresolved() -> None:
    # the quote finder may say how sure it is (an ``unresolved`` flag or a ``confidence``)
    from types import SimpleNamespace

    from newsfuse.claims.extract import attribution_of

    def att(**kw: object) -> object:
        return SimpleNamespace(source_text="Mayor Anna Berg", inherited=False, **kw)

    assert attribution_of(att(), "Anna Berg") == "named"  # type: ignore[arg-type]
    assert attribution_of(att(unresolved=True), "Anna Berg") == "unresolved"  # type: ignore[arg-type]
    assert attribution_of(att(confidence=0.3), "Anna Berg") == "unresolved"  # type: ignore[arg-type]
    assert attribution_of(att(confidence=0.9), "Anna Berg") == "named"  # type: ignore[arg-type]


def test_the_quote_finders_speaker_status_is_honoured() -> None:
    # Attribution.speaker_status: an unnamed role is at most resolved, whatever the phrase
    # holds; an unresolved one is unresolved
    assert _attribution("Speaker Paul Ryan", "Paul Ryan", speaker_status="named") == "named"
    assert _attribution("he", "Paul Ryan", speaker_status="resolved") == "resolved"
    assert _attribution("Officials", "Officials", speaker_status="role") == "resolved"
    assert _attribution("Berg", "Anna Berg", speaker_status="unresolved") == "unresolved"
