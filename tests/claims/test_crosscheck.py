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
