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
