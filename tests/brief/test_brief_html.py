"""The HTML brief and index (newsfuse.brief.html), on briefs built by hand: every section under
its heading in order, citation markers linking to the sources with the cited words, untrusted
text escaped, nothing loaded from elsewhere, empty sections saying so, and the index linking
to each story page.

(Named test_brief_html.py: tests/extract/test_html.py already holds the basename.)"""

from __future__ import annotations

import base64
import hashlib
import re

import lxml.html
import pytest

from newsfuse.brief.html import render_html, render_index
from newsfuse.errors import ConfigError
from newsfuse.records import (
    Brief,
    BriefSentence,
    Citation,
    FigureRow,
    FigureTable,
    QuoteGroup,
    SourceEntry,
    TimelineEntry,
)

HEADINGS = [
    ("lead", "Lead"),
    ("facts", "Corroborated facts"),
    ("figures", "Differing figures"),
    ("single", "Single-source claims"),
    ("quotes", "Quotes"),
    ("timeline", "Timeline"),
    ("sources", "Sources"),
]
EVIL = "<script>alert('x')</script>"

TEXTS = {
    "a1": "Floodwater covered the harbour on Saturday. About 4,000 people left their homes, the "
    'mayor said. "We will rebuild," said Mayor Ana Vell.',
    "a2": "Floodwater covered the harbour on Saturday. Officials said 5,000 residents were "
    "evacuated.",
    "a3": f"The harbour was under water on Saturday. {EVIL} The dam failed in 1998. "
    '"We shall rebuild," Ms Vell said.',
}
TITLES = {"a1": "Floodwater covers Portsel harbour", "a3": f"Flood {EVIL} hits harbour"}
SOURCES = {
    "a1": "wire/portsel-flood.txt",
    "a2": "daily/portsel-copy.txt",
    "a3": "herald/flood.html",
}
FAMILY = {"a1": "fam1", "a2": "fam1", "a3": "fam3"}


def cite(article: str, words: str, *, verbatim: bool = False, field: str = "text") -> Citation:
    """The citation of ``words`` in the text (or title) of ``article``."""
    text = TITLES[article] if field == "title" else TEXTS[article]
    start = text.index(words)
    return Citation(
        article, SOURCES[article], start, start + len(words), FAMILY[article], field, verbatim
    )


def sentence(text: str, *cites: Citation, date: str | None = None) -> BriefSentence:
    return BriefSentence(text, cites, claim=None, date=date)


def sample_brief() -> Brief:
    """A small fictional story: a flood reported by a wire, a copy of it, and a herald."""
    covered = "Floodwater covered the harbour on Saturday."
    lead = sentence(
        covered,
        cite("a1", covered, verbatim=True),
        cite("a2", covered),
        cite("a3", "The harbour was under water on Saturday."),
    )
    evil = sentence(
        f"{EVIL} The dam failed in 1998.", cite("a3", f"{EVIL} The dam failed in 1998.")
    )
    mayor = sentence(
        "About 4,000 people left their homes, the mayor said.",
        cite("a1", "About 4,000 people left their homes, the mayor said.", verbatim=True),
    )
    officials = sentence(
        "Officials said 5,000 residents were evacuated.",
        cite("a2", "Officials said 5,000 residents were evacuated.", verbatim=True),
    )
    return Brief(
        story="st0ry",
        label="Portsel flood",
        headline=sentence(
            "Floodwater covers Portsel harbour",
            cite("a1", "Floodwater covers Portsel harbour", field="title", verbatim=True),
        ),
        lead=(lead,),
        facts=(BriefSentence(covered, lead.citations, claim="c0", date="2024-03-02"),),
        figures=(
            FigureTable(
                "c1",
                "people evacuated",
                (FigureRow("about 4,000 people", "the mayor", mayor), FigureRow("5,000", None, officials)),
            ),
        ),
        single=(evil,),
        quotes=(
            QuoteGroup(
                "q1",
                f"Ana Vell {EVIL}",
                (
                    sentence("We will rebuild", cite("a1", "We will rebuild", verbatim=True)),
                    sentence("We shall rebuild", cite("a3", "We shall rebuild", verbatim=True)),
                ),
                status="corroborated",
            ),
        ),
        timeline=(
            TimelineEntry("2024-03-02", (lead,)),
            TimelineEntry("1998-05", (evil,), background=True),
        ),
        sources=(
            SourceEntry("a1", SOURCES["a1"], TITLES["a1"], "Coastline Wire", "2024-03-02T09:00",
                        "fam1", original=True),
            SourceEntry("a2", SOURCES["a2"], None, "Portsel Daily", "2024-03-02T11:30", "fam1",
                        flags=("content-farm",), links=(("rewrite_of", SOURCES["a1"], 0.82),)),
            SourceEntry("a3", SOURCES["a3"], TITLES["a3"], EVIL, "2024-03-03", "fam3",
                        credited=f"Agency {EVIL}"),
        ),
        first_seen="2024-03-02T09:00",
        last_seen="2024-03-03",
        families=2,
    )  # fmt: skip


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


def text_of(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_brief(), TEXTS)


def test_sections_come_in_order_under_their_headings(page: str) -> None:
    doc = parse(page)
    sections = doc.xpath("//main/section")
    assert [(s.get("id"), text_of(s.xpath("./h2")[0])) for s in sections] == HEADINGS
    assert len(doc.xpath("//h2")) == len(HEADINGS)


def test_header_has_headline_dates_and_independent_sources(page: str) -> None:
    doc = parse(page)
    (h1,) = doc.xpath("//header//h1")
    assert "Floodwater covers Portsel harbour" in text_of(h1)
    assert h1.xpath(".//a[@class='cite']/@href") == ["#src-1"]
    meta = text_of(doc.xpath("//header//p[@class='meta']")[0])
    assert "2024-03-02 to 2024-03-03" in meta
    assert "2 independent sources" in meta
    assert text_of(doc.xpath("//title")[0]) == "Floodwater covers Portsel harbour"
    assert text_of(doc.xpath("//header//p[@class='label']")[0]) == "Story: Portsel flood"


def test_a_label_that_only_cuts_the_headline_short_is_not_repeated() -> None:
    brief = Brief(
        story="s", label="Floodwater covers Port…", headline=sentence("Floodwater covers Portsel")
    )
    assert not parse(render_html(brief)).xpath("//p[@class='label']")
    assert not parse(render_index([brief])).xpath("//td[@class='story']/span[not(code)]")


def test_citation_markers_link_to_the_numbered_sources(page: str) -> None:
    doc = parse(page)
    rows = doc.xpath("//section[@id='sources']//tbody/tr")
    assert [r.get("id") for r in rows] == ["src-1", "src-2", "src-3"]
    (lead,) = doc.xpath("//section[@id='lead']//p[span[@class='t']]")
    marks = lead.xpath(".//a[@class='cite']")
    assert [m.text for m in marks] == ["[1]", "[2]", "[3]"]
    assert [m.get("href") for m in marks] == ["#src-1", "#src-2", "#src-3"]
    for m in doc.xpath("//a[@class='cite']"):  # every marker points at an existing row
        assert doc.xpath(f"//*[@id='{m.get('href')[1:]}']")
    # the cited words: in the marker's title, and written out in the <details> under it
    assert "The harbour was under water on Saturday." in marks[2].get("title")
    assert marks[0].get("title").startswith("Coastline Wire")
    (details,) = lead.xpath(".//details")
    assert "The harbour was under water on Saturday." in text_of(details)
    assert "wording taken from here" in text_of(details)
    # a sentence whose only cited span is its own wording does not repeat it
    assert not doc.xpath("//section[@id='single']//details")


def test_title_citations_show_the_title_words(page: str) -> None:
    (mark,) = parse(page).xpath("//h1//a[@class='cite']")
    assert "Floodwater covers Portsel harbour" in mark.get("title")


def test_without_texts_citations_name_their_source_only() -> None:
    doc = parse(render_html(sample_brief()))
    marks = doc.xpath("//section[@id='lead']//a[@class='cite']")
    assert [m.get("title") for m in marks] == ["Coastline Wire", "Portsel Daily", EVIL]
    assert not doc.xpath("//details")


def test_untrusted_text_is_escaped(page: str) -> None:
    doc = parse(page)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text  # only the page's own script
    assert "<script>alert" not in page
    body = text_of(doc.xpath("//body")[0])
    assert f"{EVIL} The dam failed in 1998." in body  # shown as text
    assert f"Flood {EVIL} hits harbour" in body
    assert f"Ana Vell {EVIL}" in body and f"credits Agency {EVIL}" in body
    assert EVIL in doc.xpath("//section[@id='lead']//a[@class='cite']")[2].get("title")


def test_the_page_script_is_the_only_one_the_policy_allows(page: str) -> None:
    doc = parse(page)
    (csp,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp
    digest = hashlib.sha256(doc.xpath("//script")[0].text.encode()).digest()
    assert f"'sha256-{base64.b64encode(digest).decode()}'" in csp


@pytest.mark.parametrize("which", ["brief", "index"])
def test_nothing_is_loaded_from_elsewhere(which: str) -> None:
    page = (
        render_index([sample_brief()]) if which == "index" else render_html(sample_brief(), TEXTS)
    )
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert "@import" not in page and "url(" not in page
    doc = parse(page)
    assert not doc.xpath("//*[@src] | //link | //img | //iframe | //object")
    for href in doc.xpath("//@href"):
        assert href.startswith("#") or href.startswith("stories/"), href


def test_corroborated_facts_show_their_independent_sources(page: str) -> None:
    (fact,) = parse(page).xpath("//section[@id='facts']/ul/li")
    assert "2 independent sources" in text_of(fact)
    assert "2024-03-02" in text_of(fact)


def test_differing_figures_one_table_each(page: str) -> None:
    (table,) = parse(page).xpath("//section[@id='figures']//table")
    assert "people evacuated" in text_of(table.xpath("caption")[0])
    assert [text_of(th) for th in table.xpath(".//thead//th")] == [
        "Figure",
        "Who said it",
        "Where reported",
    ]
    rows = [[text_of(td) for td in tr.xpath("td")] for tr in table.xpath(".//tbody/tr")]
    assert rows[0][:2] == ["about 4,000 people", "the mayor"]
    assert rows[0][2].startswith("Coastline Wire [1]")
    assert rows[1][:2] == ["5,000", "unattributed"]
    assert rows[1][2].startswith("Portsel Daily [2]")


def test_quotes_give_the_speaker_then_every_wording(page: str) -> None:
    (group,) = parse(page).xpath("//section[@id='quotes']//article")
    assert text_of(group.xpath(".//h3")[0]) == f"Ana Vell {EVIL}"
    wordings = [text_of(w) for w in group.xpath(".//ul/li/span[contains(@class,'q')]")]
    assert wordings == ["We will rebuild", "We shall rebuild"]
    assert "2 independent sources" in text_of(group)


def test_timeline_in_date_order_with_background_marked(page: str) -> None:
    entries = parse(page).xpath("//section[@id='timeline']/ol/li")
    assert [e.xpath("time/@datetime")[0] for e in entries] == ["1998-05", "2024-03-02"]
    assert entries[0].xpath(".//*[contains(@class,'badge')][.='background']")
    assert "background" not in text_of(entries[1]).split()


def test_sources_table(page: str) -> None:
    table = parse(page).xpath("//section[@id='sources']//table")[0]
    head = [text_of(th) for th in table.xpath(".//thead//th")]
    assert head == [
        "#",
        "Outlet",
        "Title",
        "Published",
        "Family",
        "Original",
        "Flags",
        "Copy links",
    ]
    rows = [[text_of(td) for td in tr.xpath("td")] for tr in table.xpath(".//tbody/tr")]
    assert rows[0][1].startswith("Coastline Wire") and rows[0][5] == "yes"
    assert rows[1][5] == "no" and rows[1][6] == "content-farm"
    assert rows[1][7] == "rewrite of [1] Coastline Wire (0.82)"
    assert rows[1][4] == rows[0][4] != rows[2][4]  # one family letter for the wire and its copy
    assert table.xpath(".//tbody/tr[2]//a/@href") == ["#src-1"]


def test_empty_sections_keep_their_heading_and_say_none_found() -> None:
    brief = Brief(story="e", label="", headline=sentence("Nothing much happened"))
    doc = parse(render_html(brief))
    for sid, heading in HEADINGS:
        (section,) = doc.xpath(f"//section[@id='{sid}']")
        assert text_of(section.xpath("h2")[0]) == heading
        assert [text_of(p) for p in section.xpath("p[@class='none']")] == ["None found."]
    assert "undated" in text_of(doc.xpath("//p[@class='meta']")[0])
    assert "None found." not in text_of(parse(render_html(sample_brief())).xpath("//main")[0])


def test_the_page_prints_with_nothing_hidden(page: str) -> None:
    css = parse(page).xpath("//style")[0].text
    printed = css[css.index("@media print") :]
    assert "::details-content" in printed  # the cited words open on paper
    assert "attr(href)" in printed  # links show their target
    assert "break-inside:avoid" in printed


def test_index_links_every_story_page() -> None:
    other = Brief(story="two/../x", label="Second", headline=sentence(f"Second {EVIL}"))
    page = render_index([sample_brief(), other], title=f"Run {EVIL}")
    doc = parse(page)
    assert text_of(doc.xpath("//h1")[0]) == f"Run {EVIL}"
    rows = doc.xpath("//tbody/tr")
    assert [r.xpath(".//a/@href")[0] for r in rows] == [
        "stories/st0ry.html",
        "stories/two%2F..%2Fx.html",
    ]
    first = [text_of(td) for td in rows[0].xpath("td")]
    assert first[0].startswith("Floodwater covers Portsel harbour")
    assert first[1:] == ["2024-03-02 to 2024-03-03", "2", "3", "1", "1", "1"]
    assert f"Second {EVIL}" in text_of(rows[1]) and "<script>alert" not in page
    assert "2 stories" in text_of(doc.xpath("//p[@class='meta']")[0])


def test_index_of_nothing_says_none_found() -> None:
    doc = parse(render_index([]))
    assert text_of(doc.xpath("//main")[0]) == "None found."


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: render_html("brief"), "the 'brief' parameter of render_html must be a Brief"),
        (lambda: render_html(sample_brief(), ["x"]), "the 'texts' parameter of render_html"),
        (lambda: render_index(sample_brief()), "the 'briefs' parameter of render_index"),
        (lambda: render_index(["x"]), "the 'brief' parameter of render_index must be a Brief"),
        (lambda: render_index([], title=3), "the 'title' parameter of render_index must be a str"),
    ],
)
def test_bad_parameters_are_refused(call, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        call()
