"""The naive renderer of benchmarks/render.py and the scoring of benchmarks/text_cleaning.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # text_cleaning does ``from render import ...``
    spec.loader.exec_module(module)
    return module


render = _load("render")
text_cleaning = _load("text_cleaning")
render_naive = render.render_naive


# -- render_naive ------------------------------------------------------------------------------


def test_blocks_become_lines_and_inline_elements_join() -> None:
    html = (
        "<html><body><h1>Big <em>news</em> today</h1>"
        "<p>First <b>bold</b> sentence, see <a href='#'>this link</a>.</p>"
        "<div>Second block<span>!</span></div></body></html>"
    )
    assert (
        render_naive(html) == "Big news today\nFirst bold sentence, see this link.\nSecond block!"
    )


def test_boilerplate_stays() -> None:
    html = (
        "<body><nav><ul><li><a>Home</a></li><li><a>World</a></li></ul></nav>"
        "<article><p>The story.</p></article>"
        "<aside>Share on Facebook</aside><div class='newsletter'>Sign up for our newsletter</div>"
        "<footer>© 2024 The Paper</footer></body>"
    )
    assert render_naive(html).split("\n") == [
        "Home", "World", "The story.", "Share on Facebook", "Sign up for our newsletter",
        "© 2024 The Paper",
    ]  # fmt: skip


def test_invisible_content_is_dropped_but_tails_are_kept() -> None:
    html = (
        "<html><head><title>Tab title</title><style>p{}</style></head><body>"
        "<p>Before<script>var x = 1;</script> after</p>"
        "<noscript>Enable JS</noscript><template><p>tpl</p></template>"
        "<svg><text>svg text</text></svg><iframe>frame</iframe>"
        "<div hidden>hidden attr</div><div aria-hidden='true'>aria</div>"
        "<p style='color:red; display : none'>inline none</p>"
        "<p aria-hidden='false'>shown</p><!-- a comment -->tail of comment</body></html>"
    )
    assert render_naive(html).split("\n") == ["Before after", "shown", "tail of comment"]


def test_br_and_table_cells_break_lines() -> None:
    html = "<p>one<br>two<br/>three</p><table><tr><td>a</td><td>b</td></tr></table>"
    assert render_naive(html).split("\n") == ["one", "two", "three", "a", "b"]


def test_whitespace_collapsed_and_empty_lines_dropped() -> None:
    html = (
        "<div>  lots \n\t of&nbsp;&nbsp;space  </div><div>   </div><p></p><div><div>x</div></div>"
    )
    assert render_naive(html) == "lots of space\nx"


def test_adjacent_links_get_a_space_formatting_does_not() -> None:
    assert render_naive("<div><a>Home</a><a>World</a></div>") == "Home World"
    assert render_naive("<p><b>W</b>ord and (<a>link</a>)</p>") == "Word and (link)"
    assert render_naive("<p><span class='drop'>T</span>he end</p>") == "The end"


def test_pre_keeps_its_lines() -> None:
    assert render_naive("<pre>line  one\nline two</pre>") == "line one\nline two"


def test_xml_declaration_empty_and_deep_pages() -> None:
    assert render_naive('<?xml version="1.0" encoding="utf-8"?><html><p>ok</p></html>') == "ok"
    assert render_naive("") == ""
    assert render_naive("   ") == ""
    # deeper than Python's recursion limit and libxml2's default depth limit (256)
    deep = "<div>" * 1500 + "deep text" + "</div>" * 1500
    assert render_naive(deep) == "deep text"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_arbitrary_input_gives_clean_lines(html: str) -> None:
    out = render_naive(html)
    assert (
        all(line and line == line.strip() and "  " not in line for line in out.split("\n"))
        or out == ""
    )


# -- text_cleaning scoring -----------------------------------------------------------------------


def test_word_prf_is_bag_of_words() -> None:
    prf = text_cleaning.word_prf
    assert prf("The cat sat.", "the CAT sat") == (1.0, 1.0, 1.0)
    p, r, f = prf("the cat sat on the mat menu", "the cat sat")
    assert p == pytest.approx(3 / 7) and r == 1.0 and f == pytest.approx(2 * (3 / 7) / (1 + 3 / 7))
    assert prf("", "gold") == (0.0, 0.0, 0.0)
    assert prf("", "") == (1.0, 1.0, 1.0)
    assert prf("something", "") == (0.0, 0.0, 0.0)
    # Counter intersection: repeats count at most as often as in the gold
    assert prf("a a a a", "a b")[0] == pytest.approx(1 / 4)


def test_snippet_rate_and_title_detection() -> None:
    tc = text_cleaning
    assert tc.snippet_rate("Hello   big\nWorld", ["big world", "absent"]) == 0.5
    assert tc.snippet_rate("x", []) is None
    page = tc.Page("s", "1", "", "My Title\n\nBody text.", title="My title")
    assert tc.title_leads_gold(page)
    assert not tc.title_leads_gold(tc.Page("s", "2", "", "Body text. My Title", title="My Title"))


def test_justext_on_lines_drops_menus() -> None:
    body = (
        "It was a cold morning in the city when the council met to decide on the new budget, "
        "which had been debated for months by members of all the parties in the chamber. "
        "Most of them said that they would vote for it, but only if the schools got more money."
    )
    text = "\n".join(["Home", "Sports", "Contact us", body, "Privacy policy"])
    kept = text_cleaning.justext_lines(text, "en")
    assert body in kept and "Privacy policy" not in kept and "Home" not in kept
    assert text_cleaning.justext_lines("", "en") == ""


def test_page_language_prefers_the_html_attribute() -> None:
    assert text_cleaning.page_language('<html lang="de-DE"><p>Hello</p>', "Hello") == "de"
    assert text_cleaning.page_language("<p>x</p>", "") == "en"


def test_run_set_scores_rows_and_dumps(tmp_path: Path) -> None:
    tc = text_cleaning
    gold = "Officials said the bridge will reopen next week after repairs to its deck."
    html = (
        f"<html lang='en'><body><nav>Home</nav><p>{gold}</p><footer>Contact</footer></body></html>"
    )

    class Cleaned:
        def __init__(self, text: str) -> None:
            self.text, self.title, self.removed = text, "Bridge", ()

    def fake_cleaner(text: str, *, language: str | None = None) -> Cleaned:
        assert language is None  # newsfuse identifies the language of the text itself
        return Cleaned("\n\n".join(ln for ln in text.split("\n") if len(ln) > 20))

    pages = iter([tc.Page("demo", "p1", html, gold, "https://ex.org/1", "Bridge")])
    summary = tc.run_set("demo", pages, fake_cleaner, dump_dir=tmp_path, progress=False)
    rows = summary["rows"]
    assert list(rows) == ["uncleaned text", "jusText (lines)", "newsfuse"]  # title not in gold
    assert rows["newsfuse"]["f1"] == 1.0 and rows["uncleaned text"]["p"] < 1.0
    assert (tmp_path / "demo" / "p1.rendered.txt").read_text() == f"Home\n{gold}\nContact"
    assert json.loads((tmp_path / "demo" / "p1.scores.json").read_text())["language"] == "en"
    assert "p1" in tc.format_worst(summary, 3) and "newsfuse" in tc.format_table(summary)

    summary = tc.run_set("demo", iter([]), None, progress=False)
    assert list(summary["rows"]) == ["uncleaned text", "jusText (lines)"]


def test_cleaner_errors_are_recorded_not_fatal() -> None:
    tc = text_cleaning

    def broken(text: str, *, language: str | None = None) -> None:
        raise ValueError("boom")

    pages = iter([tc.Page("demo", "p1", "<p>some words here</p>", "some words here")])
    summary = tc.run_set("demo", pages, broken, progress=False)
    assert summary["newsfuse_errors"] == 1
    assert summary["rows"]["newsfuse"]["f1"] == 0.0
    assert summary["per_page"][0]["error"] == "ValueError: boom"


@pytest.mark.shared
def test_renderer_keeps_nearly_all_gold_words_on_real_pages() -> None:
    data = SHARED_DATA.resolve()
    if not (data / "wcxb-articles" / "dev").is_dir():
        pytest.skip(f"WCXB dev data not found at {data} (needs ../shared beside the repo)")
    pages = list(text_cleaning.wcxb_pages(data, limit=20))
    recall = sum(text_cleaning.word_prf(render_naive(p.html), p.gold)[1] for p in pages) / len(
        pages
    )
    assert recall >= 0.97
