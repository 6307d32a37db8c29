"""Splitting pages that hold several stories into passages."""

from __future__ import annotations

from newsfuse.extract.liveblog import passages_for, split_passages

STORY_A = [
    "The regional water board of Velmar closed the old aqueduct on Tuesday after engineers found cracks in three of its arches.",
    "Water for the eastern districts of Velmar now comes from the reservoir pumps, the water board said, and pressure may drop in the evenings.",
    "The aqueduct, built in 1890, carries about a third of the water that Velmar uses, according to the board's chief engineer, Aino Rask.",
    "Rask said repairs to the arches of the aqueduct would take at least six weeks and cost the water board about four million crowns.",
]
STORY_B = [
    "The national orchestra announced its new season on Tuesday, with a cycle of symphonies by composers from the northern countries.",
    "Conductor Lior Ashkenazi will lead the opening concert in the capital's concert hall in September, the orchestra's director said.",
    "Tickets for the orchestra's season go on sale next month, and students will get half-price seats for every concert of the cycle.",
    "The orchestra will also tour four provincial towns in the spring, playing in churches and school halls without a concert stage.",
]
STORY_C = [
    "Customs officers at the Tarnby border crossing seized two tonnes of undeclared tobacco hidden in a lorry carrying frozen fish.",
    "The driver, a 41-year-old man, was arrested at the crossing and will appear before a magistrate in Tarnby on Friday, customs said.",
    "Customs said the tobacco would have cost the treasury about 900,000 crowns in unpaid duty had the lorry crossed the border unchecked.",
]


def test_one_story_stays_one_passage() -> None:
    assert split_passages(STORY_A + STORY_A[::-1], language="en") == [(0, 8, None)]


def test_unrelated_stories_are_split_at_their_boundaries() -> None:
    paras = STORY_A + STORY_B + STORY_C
    spans = [(a, b) for a, b, _ in split_passages(paras, language="en")]
    assert spans == [(0, 4), (4, 8), (8, 11)]


def test_headings_are_the_cut_points_and_titles() -> None:
    paras = ["Aqueduct closed", *STORY_A[:2], "Orchestra season", *STORY_B[:2], "Tobacco seized", *STORY_C[:2]]
    groups = split_passages(paras, language="en", headings=(0, 3, 6))
    assert [(a, b, t) for a, b, t in groups] == [
        (0, 3, "Aqueduct closed"),
        (3, 6, "Orchestra season"),
        (6, 9, "Tobacco seized"),
    ]


def test_character_spans_point_into_the_text() -> None:
    text = "\n\n".join(STORY_A + STORY_B + STORY_C)
    passages = passages_for(text, language="en")
    assert len(passages) == 3
    assert text[passages[0].start : passages[0].end] == "\n\n".join(STORY_A)
    assert text[passages[1].start : passages[1].end] == "\n\n".join(STORY_B)
    assert text[passages[2].start : passages[2].end] == "\n\n".join(STORY_C)
    assert passages[1].title and passages[1].title.startswith("The national orchestra")


def test_splitting_can_be_turned_off_and_empty_text() -> None:
    text = "\n\n".join(STORY_A + STORY_B)
    assert len(passages_for(text, language="en", split=False)) == 1
    assert passages_for("", language="en") == ()


def test_short_pages_are_not_split() -> None:
    assert len(split_passages([STORY_A[0], STORY_B[0]], language="en")) == 1
