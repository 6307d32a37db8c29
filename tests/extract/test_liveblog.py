"""Splitting pages that hold several stories into passages."""

from __future__ import annotations

from pathlib import Path

from newsfuse import extract_articles
from newsfuse.extract.liveblog import (
    opens_article_part,
    passages_for,
    says_roundup,
    split_passages,
)

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


# --- pages that say what they are; articles with a tail of their own ----------------------

# A story, then a background section on the island's history (other words, other years: by
# its words alone another story) and readers' comments, which reuse the story's words.
FERRY = [
    "A ferry carrying 212 passengers ran aground off the island of Holmvik on Sunday morning, "
    "the coastguard said, and all passengers were taken ashore by lifeboats.",
    "The coastguard said the ferry, the Saga Nord, struck a sandbank in fog about two miles "
    "from the Holmvik harbour while sailing from the mainland port of Brenna.",
    "Two passengers were treated in Holmvik for minor injuries, a spokeswoman for the "
    "coastguard said, and divers were checking the ferry's hull for damage.",
    "The ferry operator, Nordlink, said the Saga Nord would be towed to Brenna once the tide "
    "rose and that Sunday's remaining crossings to Holmvik were cancelled.",
]
FERRY_BACKGROUND = [
    "Background: Holmvik was a fishing village until the herring shoals vanished in the 1950s; "
    "its cannery closed in 1961 and half of the islanders moved to the cities.",
    "Tourism revived the island in the 1990s, when summer cottages, a golf course and a music "
    "festival drew visitors, and the population has grown again to about 4,000.",
    "The island council has long argued for a bridge or a tunnel, but the national roads agency "
    "judged both too costly for so few residents in a study published in 2015.",
    "Islanders still depend on the crossing for hospital visits, secondary school and most "
    "shopping, and the council says a second operator would make fares cheaper.",
]
FERRY_COMMENTS = [
    "Comments: I have taken that ferry from Brenna to Holmvik every week for years and the "
    "fog on the crossing is no surprise to anyone, the coastguard knows it well.",
    "Glad the passengers are safe. Nordlink should have cancelled the Sunday crossings to "
    "Holmvik before the ferry sailed into fog, not after it ran aground.",
    "The sandbank has been there since before 1987; the harbour at Holmvik needs a pilot boat "
    "and a marked channel that ferries can follow in fog.",
]


def test_an_article_with_a_background_section_and_comments_stays_one_passage() -> None:
    for paras in (FERRY + FERRY_BACKGROUND, FERRY + FERRY_COMMENTS, FERRY + FERRY_BACKGROUND + FERRY_COMMENTS):
        assert split_passages(paras, language="en") == [(0, len(paras), None)]
        text = "\n\n".join(paras)
        assert len(passages_for(text, language="en", title="Ferry runs aground off Holmvik")) == 1
    # without its label the history section reads as another story
    unlabelled = [FERRY_BACKGROUND[0].removeprefix("Background: ").capitalize(), *FERRY_BACKGROUND[1:]]
    assert len(split_passages(FERRY + unlabelled, language="en")) == 2


def test_what_opens_a_part_of_the_same_article() -> None:
    for p in ("Background: the island", "Comments", "Readers' comments (12)", "Editor's note: this",
              "Related stories", "What happens next?", "Correction: an earlier version"):
        assert opens_article_part(p), p
    for p in ("Background checks on ferry crews were tightened", "Comments by the minister "
              "angered islanders", "Timelines for the bridge slipped again"):
        assert not opens_article_part(p), p


def test_a_three_story_roundup_is_split_at_its_boundaries_with_or_without_its_title() -> None:
    paras = STORY_B + STORY_C + STORY_A
    text = "\n\n".join(paras)
    for title in (None, "Live updates: the day's news from the regions"):
        passages = passages_for(text, language="en", title=title)
        assert [text[p.start : p.end] for p in passages] == [
            "\n\n".join(STORY_B),
            "\n\n".join(STORY_C),
            "\n\n".join(STORY_A),
        ]


def test_what_a_roundup_calls_itself() -> None:
    for title in (
        "Storm Ida latest: roads closed across the coast",
        "Election night - live",
        "Election night – live updates",
        "Live blog: the budget debate",
        "News in brief: Monday",
        "Regional round-up: harbours, schools and a tobacco seizure",
        "The budget vote as it happened",
    ):
        assert says_roundup(title, []), title
    for title in (
        "Ferry runs aground off Holmvik",
        "Latest figures show unemployment fell",  # "latest" not as a label
        "Orchestra to live-stream its opening concert",
        "Live music returns to the harbour",
        None,
    ):
        assert not says_roundup(title, ["The orchestra announced its season on Tuesday."]), title
    assert says_roundup(None, ["Key developments on Nov. 5:", "The orchestra ..."])
    assert says_roundup("Tuesday", ["What we know so far"])
    # a long opening paragraph that merely mentions "the latest" is not a label
    assert not says_roundup(None, ["The latest ferry to run aground off Holmvik carried 212 "
                                   "passengers, the coastguard said on Sunday morning."])


DEMO_BLOG = Path(__file__).resolve().parents[2] / "examples/corpus/eastwind-reports-live-march-12.txt"


def test_a_page_that_calls_itself_a_live_blog_is_split_between_short_items() -> None:
    # the demo live blog: four items of three or four paragraphs whose paragraphs share few
    # words even within an item, so being apart gains little cohesion: an untitled page is not
    # cut on that evidence, a page titled "Estmark live: ..." is
    (article,) = extract_articles([str(DEMO_BLOG)], errors="raise")
    assert article.title and says_roundup(article.title, [])
    text = article.text
    assert len(passages_for(text, language="en")) == 1
    assert len(passages_for(text, language="en", title="Valley evacuation grows")) == 1
    passages = passages_for(text, language="en", title=article.title)
    firsts = [text[p.start : p.end].split("\n\n")[0 if i else 1][:40] for i, p in enumerate(passages)]
    assert len(passages) == 4, firsts
    assert [p.start for p in passages] == [p.start for p in article.passages]
    assert "Velna valley" in text[passages[0].start : passages[0].end]
    assert "National Museum" in text[passages[1].start : passages[1].end]
    assert "Haverlund" in text[passages[2].start : passages[2].end]
    assert "Merrow Banks" in text[passages[3].start : passages[3].end]
