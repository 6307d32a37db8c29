"""The copy index: links and families are a function of the set of articles.

Whatever the batches (one update with everything, several updates split in any way, in reverse
or interleaved order), the store ends with the same links and families (ids, originals and
evidence included), and ``find_copies`` (the library API) gives the same result as the index.
The generated corpus is built here from our own sentences: originals on a few made-up events,
exact copies, wraps in a site's menu and footer, light edits, truncations, pages holding an
original, pages sharing a passage, rewrites (words swapped, clauses moved, facts kept) and
live blogs.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsfuse import extract_articles
from newsfuse.dedup import find_copies, index
from newsfuse.dedup.index import CopyIndex
from newsfuse.records import Article, Passage, RawDocument
from newsfuse.store import Store

# --- a small generator ----------------------------------------------------------------------

PLACES = ["Ostravik", "Lumsk", "Tarvo", "Edda", "Kessring", "Haverlund", "Valdora", "Marnby"]
PEOPLE = ["Hella Brandt", "Bo Ekholm", "Petra Oland", "Jonas Varga", "Mira Tolsen", "Ivo Dahl"]
BODIES = ["the regional council", "the port authority", "the dam operator", "the fire service"]
TEMPLATES = [
    "About {n1} people were moved from {p1} on {day} after engineers found a crack in the {thing}, {who} said.",
    "The order for {p1} and {p2} was issued in the evening, hours after a routine check of the {thing}.",
    "“We will not gamble with people’s lives,” {who} told reporters in {p1}.",
    "Most of the {n2} evacuees spent the night in schools and in a sports hall in {p2}, {body} said.",
    "The {thing}, built in {year}, holds back about {n3} million cubic metres of water.",
    "Its last full inspection took place in {month} and found no defects, according to {body}.",
    "Heavy rain for {n4} days has pushed the level to its highest in {n5} years.",
    "Forecasters expect more rain at the weekend across {p2} and the hills above {p1}.",
    "{who} promised an independent review once the water level falls below {n6} metres.",
    "Shops in {p2} stayed shut on {day} and the only road into the town was closed by police.",
    "Workers began releasing water through {n7} outlets to lower the pressure on the {thing}.",
    "Farmers near {p1} said they had warned {body} about the {thing} for {n8} years.",
]
THINGS = ["spillway", "dam", "embankment", "sluice gate", "levee"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "November", "October"]
SWAPS = {
    "people": "residents", "found": "discovered", "said": "stated", "told": "said to",
    "issued": "given", "routine": "regular", "Most": "The majority", "spent": "passed",
    "holds back": "retains", "about": "around", "Heavy": "Strong", "pushed": "driven",
    "expect": "predict", "promised": "pledged", "stayed shut": "remained closed",
    "began": "started", "lower": "reduce", "warned": "cautioned", "highest": "peak",
}  # fmt: skip
SITES = {
    "Clicks Daily": ("Home | World | Sport | Weather", "Share this | Follow us | Contact us"),
    "Metro Wire": ("Menu Front page Local Business", "Copyright Metro Wire. All rights reserved"),
}
POLICY = (
    "We welcome comments that advance the story through relevant opinion, anecdotes, links "
    "and data. If you see a comment that you believe is irrelevant or inappropriate, you can "
    "flag it to our editors by using the report abuse links. Views expressed in the comments "
    "do not represent those of the newspaper and are not checked before they post."
)


def _event(rng: random.Random) -> dict[str, str]:
    p1, p2 = rng.sample(PLACES, 2)
    return {
        "p1": p1, "p2": p2, "who": rng.choice(PEOPLE), "body": rng.choice(BODIES),
        "thing": rng.choice(THINGS), "day": rng.choice(DAYS), "month": rng.choice(MONTHS),
        "year": str(rng.randint(1950, 1999)),
        **{f"n{i}": f"{rng.randint(2, 99) * (1000 if i == 1 else 1):,}" for i in range(1, 9)},
    }  # fmt: skip


def _sentences(rng: random.Random, facts: dict[str, str]) -> list[str]:
    chosen = rng.sample(TEMPLATES, rng.randint(7, 10))
    return [t.format(**facts) for t in chosen]


def _rewrite(sentences: list[str], rng: random.Random) -> list[str]:
    out = []
    for s in sentences:
        for a, b in SWAPS.items():
            if a in s and rng.random() < 0.9:
                s = s.replace(a, b, 1)
        if ", " in s and s.endswith(" said.") and rng.random() < 0.5:
            head, _, who = s[:-1].rpartition(", ")
            s = f"According to {who.removesuffix(' said')}, {head[0].lower()}{head[1:]}."
        out.append(s)
    return out


SYLLABLES = [
    "ka",
    "lo",
    "mir",
    "sen",
    "ta",
    "vo",
    "rin",
    "del",
    "po",
    "shu",
    "ne",
    "gar",
    "fi",
    "bo",
]


def _noise(rng: random.Random, words: int) -> str:
    """Text of made-up lowercase words in sentences: unrelated to any other (no facts)."""
    out = []
    for _ in range(words // 12):
        ws = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(12)]
        out.append(" ".join(ws).capitalize() + ".")
    return " ".join(out)


def _raw(source: str, text: str) -> RawDocument:
    """The document an article comes from (its id names the source too: two sources may
    carry the same text with other metadata)."""
    return RawDocument(source, f"{source}\n{text}".encode(), "text")


def _art(text: str, source: str, **kw: object) -> Article:
    doc = _raw(source, text)
    passages = kw.pop("passages", (Passage(0, len(text)),))
    return Article(id=doc.id, source=source, kind="text", text=text, passages=passages, **kw)  # type: ignore[arg-type]


def generated(n_events: int = 12, seed: int = 7) -> list[Article]:
    """Originals on made-up events with copies, wraps, edits, truncations, pages, passages,
    rewrites and live blogs (a few hundred articles)."""
    rng = random.Random(seed)
    out: list[Article] = []
    outlets = ["Norland Wire Agency", "Valley Post", "Ticker", "Roundup", "Brief News"]
    originals: list[list[str]] = []
    for e in range(n_events):
        facts = _event(rng)
        sents = _sentences(rng, facts)
        originals.append(sents)
        day = 10 + e % 6
        when = f"2026-03-{day:02d}T{8 + e % 9:02d}:00:00+00:00"
        text = "\n\n".join(sents)
        out.append(
            _art(
                text,
                f"orig{e}.txt",
                outlet=outlets[e % 5],
                credit="NWA" if e % 5 == 0 else None,
                published=when,
            )
        )
        later = f"2026-03-{day:02d}T{18 + e % 5:02d}:00:00+00:00"
        kinds = rng.sample(
            ["exact", "wrap", "edit", "trunc", "page", "rewrite", "rewrite", "passage", "wrap2"], 6
        )
        for k, kind in enumerate(kinds):
            src = f"e{e}-{kind}{k}.txt"
            if kind == "exact":
                out.append(
                    _art(
                        text.replace("“", '"').replace("”", '"'),
                        src,
                        outlet="Mirror Site",
                        published=later,
                    )
                )
            elif kind in ("wrap", "wrap2"):
                site = "Clicks Daily" if kind == "wrap" else "Metro Wire"
                menu, footer = SITES[site]
                body = f"{menu}\n\n{text}\n\n{footer}"
                out.append(
                    _art(
                        body,
                        src,
                        outlet=site,
                        author="clicks_admin" if e % 3 == 0 else None,
                        credit="Norland Wire Agency" if e % 2 else None,
                    )
                )
            elif kind == "edit":
                edited = [
                    s.replace(" the ", " this ", 1) if i % 3 == 0 else s
                    for i, s in enumerate(sents[:-1])
                ]
                out.append(
                    _art(
                        "\n\n".join(edited),
                        src,
                        outlet="Valley Post",
                        published=None if e % 4 == 0 else later,
                    )
                )
            elif kind == "trunc":
                cut = text[: len(text) // 2].rsplit(" ", 1)[0] + " ..."
                out.append(_art(cut, src, outlet="Brief News", published=later))
            elif kind == "page":
                other = (
                    originals[(e + 1) % len(originals)]
                    if len(originals) > 1
                    else _sentences(rng, _event(rng))
                )
                out.append(
                    _art(
                        text + "\n\n" + "\n\n".join(_rewrite(other, rng)[:4]),
                        src,
                        outlet="Roundup",
                        published=later,
                    )
                )
            elif kind == "rewrite":
                out.append(
                    _art(
                        "\n\n".join(_rewrite(sents, rng)) + f"\n\nCredit: {outlets[e % 5]}",
                        src,
                        outlet="Ticker",
                        published=later,
                    )
                )
            elif kind == "passage":
                filler = _sentences(rng, _event(rng))
                part = "\n\n".join(sents[2:6])
                out.append(
                    _art(
                        "\n\n".join(filler[:4]) + "\n\n" + part + "\n\n" + "\n\n".join(filler[4:]),
                        src,
                        outlet="Gazette",
                        published=later,
                    )
                )
        if e % 6 == 5:  # a live blog carrying two earlier originals as passages
            pieces = [
                "\n\n".join(originals[e - 1][:5]),
                "\n\n".join(_sentences(rng, _event(rng))),
                "\n\n".join(originals[e - 3][:4]),
            ]
            blog, passages, pos = "", [], 0
            for p in pieces:
                if blog:
                    blog += "\n\n"
                    pos = len(blog)
                blog += p
                passages.append(Passage(pos, len(blog)))
            out.append(
                _art(
                    blog,
                    f"blog{e}.txt",
                    outlet="Live Desk",
                    published=later,
                    passages=tuple(passages),
                )
            )
    for i in range(8):  # unrelated reports of the same events in other words
        facts = _event(rng)
        out.append(
            _art(
                "\n\n".join(_sentences(rng, facts)),
                f"other{i}.txt",
                outlet="Valley Post",
                published=f"2026-03-{10 + i % 6:02d}",
            )
        )
    # pages of one outlet that share only its comment policy (in the middle) and its menu
    for i in range(6):
        facts = _event(rng)
        body = "\n\n".join(_sentences(rng, facts))
        out.append(
            _art(
                f"Menu Front page Local Business\n\n{body}\n\n{POLICY}\n\nComments\n\n{rng.choice(PEOPLE)} wrote: good piece {i}.",
                f"post{i}.txt",
                outlet="Post Daily",
                published=f"2026-03-{12 + i % 3:02d}",
            )
        )
    return out


# --- helpers --------------------------------------------------------------------------------


def state(store: Store) -> tuple[list[str], list[str]]:
    """Everything the copies stage leaves in the store, as comparable strings."""
    links = sorted(json.dumps(lk.to_dict(), sort_keys=True) for lk in store.links())
    fams = sorted(json.dumps(f.to_dict(), sort_keys=True) for f in store.families())
    return links, fams


def run_batches(batches: list[list[Article]], **kw: object) -> tuple[list[str], list[str]]:
    everything = {a.id: a for b in batches for a in b}

    def fetch(ids):
        return {i: everything[i] for i in ids if i in everything}

    store = Store.in_memory()
    try:
        idx = CopyIndex(store, fetch=fetch, **kw)  # type: ignore[arg-type]
        for b in batches:
            idx.update(b)
        # a fresh index opened on the same store goes on from what the store holds
        return state(store)
    finally:
        store.close()


def splits(arts: list[Article]) -> dict[str, list[list[Article]]]:
    rng = random.Random(3)
    shuffled = arts[:]
    rng.shuffle(shuffled)
    return {
        "halves": [arts[: len(arts) // 2], arts[len(arts) // 2 :]],
        "reverse, in threes": [list(reversed(arts))[i::3] for i in range(3)][::-1],
        "interleaved": [arts[0::2], arts[1::2]],
        "shuffled, small batches": [shuffled[i : i + 37] for i in range(0, len(shuffled), 37)],
    }


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return generated()


@pytest.fixture(scope="module")
def whole(corpus):
    return run_batches([corpus])


# --- set invariance -------------------------------------------------------------------------


def test_the_generated_corpus_has_every_kind_of_link(whole):
    links, fams = whole
    types = {json.loads(x)["type"] for x in links}
    assert types == {"exact_copy", "near_duplicate", "contains", "shares_passage", "rewrite_of"}
    assert len(fams) >= 5


@pytest.mark.parametrize(
    "how", ["halves", "reverse, in threes", "interleaved", "shuffled, small batches"]
)
def test_several_updates_give_the_links_and_families_of_one(corpus, whole, how):
    assert run_batches(splits(corpus)[how]) == whole


def test_find_copies_gives_what_the_index_gives(corpus, whole):
    report = find_copies(corpus)
    links = sorted(json.dumps(lk.to_dict(), sort_keys=True) for lk in report.links)
    fams = sorted(json.dumps(f.to_dict(), sort_keys=True) for f in report.families)
    assert (links, fams) == whole


def test_the_demo_corpus_in_batches(examples_dir):
    arts = list(extract_articles([str(examples_dir / "corpus")]))
    one = run_batches([arts])
    assert one[0], "the demo corpus has copies"
    for batches in splits(arts).values():
        assert run_batches(batches) == one
    assert run_batches([[a] for a in arts]) == one


def test_a_store_backed_index_reopened_between_runs(tmp_path: Path, corpus, whole):
    """The index in a real store, a new CopyIndex per run (as runs are), articles read from
    the store: the same as one update."""
    path = tmp_path / "s.db"
    for batch in splits(corpus)["interleaved"]:
        with Store(path) as store:
            for a in batch:
                store.put(_raw(a.source, a.text), a, extractor_version="t")
            CopyIndex(store).update(batch)
    with Store(path) as store:
        assert state(store) == whole


# --- crossing the cap, changed and removed articles -----------------------------------------


def test_a_posting_crossing_the_cap_removes_the_links_it_alone_proposed(monkeypatch):
    monkeypatch.setattr(index, "MAX_POSTING", 3)
    rng = random.Random(5)
    shared = _noise(rng, 80)
    pages = [
        _art(
            f"{_noise(rng, 150)}\n\n{shared}\n\n{_noise(rng, 150)}", f"p{i}.txt", outlet=f"Site {i}"
        )
        for i in range(6)
    ]
    two = run_batches([pages[:2]])
    assert [json.loads(x)["type"] for x in two[0]] == ["shares_passage"]
    three = run_batches([pages[:3]])
    assert len(three[0]) == 3
    one = run_batches([pages])
    assert one[0] == [], "past the cap the shared passage proposes no pair"
    assert run_batches([pages[:2], pages[2:3], pages[3:]]) == one
    assert run_batches([[p] for p in pages]) == one
    # and a removal that brings the posting back under the cap proposes its pairs again
    everything = {a.id: a for a in pages}
    store = Store.in_memory()
    try:
        idx = CopyIndex(store, fetch=lambda ids: {i: everything[i] for i in ids if i in everything})
        idx.update(pages)
        assert state(store) == one
        idx.update([], removed_ids=[p.id for p in pages[3:]])
        assert state(store) == three
    finally:
        store.close()


def test_a_changed_article_is_linked_again(corpus):
    arts = corpus[:40]
    target = next(a for a in arts if "wrap" in a.source)
    changed = Article(
        target.id,
        target.source,
        "text",
        "A different text about the weekend market in Marnby, where stalls sold fish and bread.",
        outlet=target.outlet,
        passages=(Passage(0, 10),),
    )
    after = [changed if a.id == target.id else a for a in arts]
    assert run_batches([arts, [changed]]) == run_batches([after])


def test_removed_articles_leave_the_links_of_the_rest(corpus):
    arts = corpus[:60]
    gone = {a.id for a in arts[5:15]}
    everything = {a.id: a for a in arts}
    store = Store.in_memory()
    try:
        idx = CopyIndex(store, fetch=lambda ids: {i: everything[i] for i in ids if i in everything})
        idx.update(arts)
        delta = idx.update([], removed_ids=sorted(gone))
        assert delta.links_removed
        assert state(store) == run_batches([[a for a in arts if a.id not in gone]])
    finally:
        store.close()


def test_the_delta_says_what_changed(corpus):
    everything = {a.id: a for a in corpus}
    store = Store.in_memory()
    try:
        idx = CopyIndex(store, fetch=lambda ids: {i: everything[i] for i in ids if i in everything})
        first = idx.update(corpus[:30])
        assert {json.dumps(x.to_dict(), sort_keys=True) for x in first.links_added} == set(
            state(store)[0]
        )
        assert all(c.old is None for c in first.families)
        again = idx.update(corpus[:30])
        assert not again.links_added and not again.links_removed and not again.families
        more = idx.update(corpus[30:60])
        links_now = set(state(store)[0])
        added = {json.dumps(x.to_dict(), sort_keys=True) for x in more.links_added}
        assert added <= links_now and added
    finally:
        store.close()


# --- chrome and memory ----------------------------------------------------------------------


def test_pages_of_one_outlet_sharing_only_its_chrome_are_not_linked():
    # pages whose bodies share nothing: menu, comment policy (in the middle) and footer only
    rng = random.Random(11)
    pages = [
        _art(f"Menu Front page Local Business\n\n{_noise(rng, 200)}\n\n{POLICY}\n\n{_noise(rng, 120)}\n\n"
             "Copyright Post Daily. All rights reserved", f"post{i}.txt", outlet="Post Daily")
        for i in range(7)
    ]  # fmt: skip
    assert run_batches([pages])[0] == []
    assert run_batches([[p] for p in pages])[0] == []
    # on fewer pages than a template the policy is a shared passage; at the edges, chrome
    assert [json.loads(x)["type"] for x in run_batches([pages[:2]])[0]] == ["shares_passage"]
    edge = [
        _art(f"{POLICY}\n\n{_noise(rng, 400)}\n\n{POLICY}", f"edge{i}.txt", outlet="Edge Daily")
        for i in range(2)
    ]
    assert run_batches([edge])[0] == []


def test_old_articles_are_read_in_batches_and_only_when_a_pair_needs_them():
    rng = random.Random(2)
    old = [_art(_noise(rng, 300), f"old{i}.txt", outlet=f"O{i % 7}") for i in range(150)]
    new = [_art(old[i].text + " " + _noise(rng, 24), f"new{i}.txt", outlet="N") for i in range(5)]
    new += [_art(_noise(rng, 300), f"fresh{i}.txt", outlet="N") for i in range(15)]
    corpus = old + new
    everything = {a.id: a for a in corpus}
    asked: list[list[str]] = []

    def fetch(ids):
        asked.append(list(ids))
        return {i: everything[i] for i in ids if i in everything}

    store = Store.in_memory()
    try:
        idx = CopyIndex(store, fetch=fetch)
        idx.update(old)
        asked.clear()
        delta = idx.update(new)
        read = {i for call in asked for i in call}
        assert all(len(call) <= index.FETCH for call in asked)
        assert read == {a.id for a in old[:5]}, "only the partners of the new articles are read"
        assert len(delta.links_added) == 5
    finally:
        store.close()
