"""Entities and their aliases: names in one text (find_mentions) and merged across texts
(link_entities), with the roles that tie people to organisations (affiliation).

The unit tests use short texts written here; the seed tests (marked shared) and the demo corpus
tests check the cases issue 5 names: spelling variants, surnames, titles, acronyms and
"oblast"/"region" variants merged; different people and North/South Korea kept apart.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse import extract_articles
from newsfuse.claims.aliases import (
    EntityIndex,
    _AcronymNames,
    acronym_readable,
    affiliation,
    article_documents,
    initials_match,
    link_entities,
)
from newsfuse.claims.entities import EntityMention, find_mentions, mention_key, translit_key


def _by_text(text: str) -> dict[str, EntityMention]:
    return {m.text: m for m in find_mentions(text)}


def _index(*texts: str) -> EntityIndex:
    docs = {f"d{i}": find_mentions(t) for i, t in enumerate(texts)}
    return link_entities(docs, {f"d{i}": t for i, t in enumerate(texts)})


def _entity_names(index: EntityIndex, *names: str) -> set[str]:
    """The entity ids of every mention written as one of ``names``."""
    found: set[str] = set()
    for e in index.entities:
        if any(alias in names for alias in e.aliases):
            found.add(e.id)
    return found


# ---------------------------------------------------------------------------------------------
# find_mentions: names, roles, kinds
# ---------------------------------------------------------------------------------------------


def test_a_title_before_the_name_is_its_role_and_a_possessive_is_cut():
    text = "Ukraine’s Defense Minister Rustem Umerov confirmed the clashes on Nov. 5."
    ms = _by_text(text)
    assert set(ms) == {"Ukraine", "Rustem Umerov"}
    umerov = ms["Rustem Umerov"]
    assert umerov.kind == "person"
    assert umerov.role == "Defense Minister"
    assert umerov.role_span is not None
    assert text[umerov.role_span[0] : umerov.role_span[1]] == "Defense Minister"
    ukraine = ms["Ukraine"]
    assert text[ukraine.start : ukraine.end] == "Ukraine"  # without the 's


def test_lowercase_roles_and_their_modifiers():
    text = (
        "The strike began on Monday, union chair Petra Solvang said. Port authority director "
        "Colm Ardery disagreed, according to regional Governor Ivan Fedorov."
    )
    ms = _by_text(text)
    assert ms["Petra Solvang"].role == "union chair"
    assert ms["Colm Ardery"].role == "Port authority director"
    assert ms["Ivan Fedorov"].role == "regional Governor"
    assert all(ms[n].kind == "person" for n in ("Petra Solvang", "Colm Ardery", "Ivan Fedorov"))
    assert "Port" not in ms


def test_appositive_roles_after_and_before_the_name():
    text = (
        "Andrii Kovalenko, head of the counter-disinformation department at Ukraine’s National "
        "Security and Defense Council, also claimed on Nov. 4 that troops came under fire. "
        "The relief agency’s spokeswoman, Mira Castellan, said the count was higher."
    )
    ms = _by_text(text)
    assert ms["Andrii Kovalenko"].role == (
        "head of the counter-disinformation department at Ukraine’s National Security and "
        "Defense Council"
    )
    assert ms["National Security and Defense Council"].kind == "organisation"
    assert ms["Mira Castellan"].role == "relief agency’s spokeswoman"
    assert ms["Mira Castellan"].kind == "person"


def test_a_clause_after_a_comma_is_no_appositive():
    ms = _by_text("Speaking in Estmarkish, the governor said the dam would hold.")
    assert ms["Estmarkish"].role is None


def test_title_of_country_before_a_name():
    text = "President of Ukraine Volodymyr Zelenskyy said that the troops were ready."
    ms = _by_text(text)
    assert ms["Volodymyr Zelenskyy"].role == "President of Ukraine"
    assert "Ukraine Volodymyr Zelenskyy" not in ms


def test_titles_months_weekdays_and_common_openers_are_no_names():
    text = (
        "On Tuesday, November 5, the Defense Minister said the clashes were small. "
        "Officials said more would come. Engineers began releasing water in March."
    )
    assert find_mentions(text) == []


def test_a_sentence_initial_word_needs_confirming():
    text = (
        "The evacuation reached Lindby on Friday. Lindby, a market town, is on alert. "
        "Cranes stood idle. Rustem Umerov spoke first. Umerov said more would follow."
    )
    names = [m.text for m in find_mentions(text)]
    assert names.count("Lindby") == 2
    assert "Cranes" not in names
    assert "Umerov" in names


def test_names_in_a_heading_count_only_when_the_body_has_them():
    text = (
        "Port strike extended to Monday\n\n"
        "Red Lantern: up to 6,500 have left\n\n"
        "The Estmark Red Lantern Society says up to 6,500 people have left their homes."
    )
    names = [m.text for m in find_mentions(text)]
    assert "Port" not in names
    assert "Red Lantern" in names
    assert "Estmark Red Lantern Society" in names


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Talks were held at the Labour Ministry on Friday.", "Labour Ministry", "organisation"),
        ("He spoke in an interview with KBS on Tuesday.", "KBS", "organisation"),
        ("Ministers of the Group of Seven met on Monday.", "Group of Seven", "organisation"),
        ("Officials in Kursk Oblast said little.", "Kursk Oblast", "place"),
        ("Troops were seen in the Kursk region last week.", "Kursk region", "place"),
        ("Fighting continued near Vuhledar on Friday.", "Vuhledar", "place"),
        ("The recruits went to the eastern Polish city of Lublin.", "Lublin", "place"),
        ("The column waited on the upper Velna River overnight.", "Velna River", "place"),
        ("On Friday, Budanov said the unit was en route.", "Budanov", "person"),
        ("The report was denied, said Gawkowski.", "Gawkowski", "person"),
        ("The station is a Kyiv-based broadcaster.", "Kyiv-based", "place"),
    ],
)
def test_kind_cues(text, name, kind):
    ms = _by_text(text)
    assert name in ms, [m.text for m in find_mentions(text)]
    assert ms[name].kind == kind


def test_an_article_before_a_name_rules_out_a_person():
    ms = _by_text("The Pentagon said at least 10,000 soldiers were stationed there.")
    assert ms["Pentagon"].kind != "person"


def test_demonyms_used_as_adjectives_are_no_names():
    names = [m.text for m in find_mentions("North Korean troops joined Russian units in Kursk.")]
    assert "North Korean" not in names
    assert "Russian" not in names
    assert "Kursk" in names


def test_a_bare_surname_takes_the_kind_of_its_person():
    text = "Foreign Minister Helena Voss rejected the claim. Nobody had asked Voss before."
    ms = _by_text(text)
    assert ms["Voss"].kind == "person"


def test_a_title_word_before_a_single_name_word_is_no_role():
    ms = _by_text("Shares of General Motors fell while General Valery Gerasimov spoke.")
    assert ms["General Motors"].role is None and ms["General Motors"].kind != "person"
    assert ms["Valery Gerasimov"].role == "General"


def test_camel_case_product_names_and_acronyms_that_spell_words():
    ms = _by_text("Sales of the iPhone rose in the US and the UK, the company said.")
    assert {"iPhone", "US", "UK"} <= set(ms)
    assert mention_key("US") == ("us",) and mention_key("iPhone") == ("iphone",)


def test_company_form_words_are_left_out_of_the_key():
    assert mention_key("Apple Inc.") == mention_key("Apple") == mention_key("Apple Corp")
    assert mention_key("Chrysler Group") == ("chrisler",)
    assert mention_key("Group of Seven") != mention_key("Group")


def test_dateline_names_are_places():
    ms = _by_text("BRENNICK, Estmark (NPA) — About 4,000 people have been moved from Brennick.")
    assert ms["BRENNICK"].kind == "place"
    assert ms["NPA"].kind == "organisation"


@given(
    st.text(alphabet=st.sampled_from(list("Ab Cd.,'’s\n(NSDC) of the Ministry said")), max_size=80)
)
def test_spans_index_the_text(text):
    for m in find_mentions(text):
        assert text[m.start : m.end] == m.text
        if m.role_span is not None:
            assert text[m.role_span[0] : m.role_span[1]] == m.role


# ---------------------------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi"),
        ("Andrii", "Andriy", "Andrij", "Andriі"[:-1] + "i"),
        ("Yuriy", "Yury", "Yuri"),
        ("Gaddafi", "Gadafi"),
    ],
)
def test_transliteration_variants_share_a_key(variants):
    assert len({translit_key(v) for v in variants}) == 1


def test_place_variant_words_are_left_out_of_the_key():
    keys = {mention_key(n) for n in ("Kursk Oblast", "Kursk region", "Kursk province", "Kursk")}
    assert keys == {("kursk",)}
    assert mention_key("Kursk District") == ("kursk",)
    assert mention_key("Velna valley") == mention_key("Velna Valley region") != ("velna",)


def test_acronym_matching():
    assert initials_match("NSDC", "National Security and Defense Council")
    assert initials_match("G7", "Group of Seven")
    assert not initials_match("NPA", "Nordpress Agency")
    assert acronym_readable("NPA", "Nordpress Agency")
    assert acronym_readable("G7", "Group of Seven")
    assert not acronym_readable("NPA", "Estmark")
    assert not acronym_readable("KBS", "Kursk Oblast")


def test_acronym_reading_of_a_name_of_thousands_of_words_needs_no_recursion() -> None:
    name = " ".join(["Alpha"] * 1500)  # was a RecursionError (one level a word)
    assert acronym_readable(".".join(["A"] * 1500) + ".", name)
    assert not acronym_readable(".".join(["A"] * 1499) + ".B.", name)


# ---------------------------------------------------------------------------------------------
# link_entities: what merges
# ---------------------------------------------------------------------------------------------


def test_transliteration_variants_merge_across_documents():
    index = _index(
        "President Volodymyr Zelensky said on Monday that aid was late.",
        "Ukrainian President Volodymyr Zelenskyy said the troops held.",
        "Volodymyr Zelenskiy told reporters the front was stable.",
        "Governor Yuriy Dravenko said 4,000 people had left.",
        "Governor Yury Dravenko said the dam would hold.",
        "Regional governor Yuri Dravenko spoke to the press.",
    )
    zel = index.find("Zelensky")
    assert zel is not None
    assert set(zel.aliases) == {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy"}
    assert zel.kind == "person"
    drav = index.find("Yury Dravenko")
    assert drav is not None and set(drav.aliases) == {
        "Yuriy Dravenko",
        "Yury Dravenko",
        "Yuri Dravenko",
    }


def test_first_name_variants_merge():
    index = _index(
        "Andrii Kovalenko, head of the centre, said troops were shelled.",
        "Andriy Kovalenko, head of the centre, posted on Telegram.",
        "Andrij Kovalenko said the attack was repelled.",
    )
    ent = index.find("Andrii Kovalenko")
    assert ent is not None and len(ent.mentions) == 3


def test_titles_are_stripped_and_a_surname_joins_the_full_name_of_its_document():
    index = _index(
        "Defense Minister Rustem Umerov confirmed the clashes. Umerov said they were small.",
        "Rustem Umerov spoke to KBS on Tuesday.",
    )
    ent = index.find("Umerov")
    assert ent is not None
    assert set(ent.aliases) == {"Rustem Umerov", "Umerov"}
    assert len(ent.mentions) == 3
    assert ent.roles == ("Defense Minister",)
    assert index.find("Defense Minister Rustem Umerov") == ent


def test_a_surname_alone_joins_the_one_person_of_the_corpus_with_it():
    index = _index(
        "Union chair Petra Solvang addressed the rally.",
        "‘This is about respect,’ Solvang said at the gates.",
    )
    ent = index.find("Petra Solvang")
    assert ent is not None and "Solvang" in ent.aliases


def test_a_surname_shared_by_two_people_stays_ambiguous_across_documents():
    index = _index(
        "Andrii Kovalenko said the centre was ready.",
        "Oleh Kovalenko said the port was closed.",
        "On Monday, Kovalenko said the figures were wrong.",
        "Oleh Kovalenko arrived first. Andrii Kovalenko came later. Kovalenko spoke briefly.",
    )
    andrii = index.find("Andrii Kovalenko")
    oleh = index.find("Oleh Kovalenko")
    assert andrii is not None and oleh is not None and andrii != oleh
    assert index.find("Kovalenko") is None  # ambiguous
    bare = index.entity_of("d2", 11, 11 + len("Kovalenko"))
    assert bare is not None and bare not in (andrii, oleh)
    # within a document the bare surname goes to the nearest full name before it
    text = "Oleh Kovalenko arrived first. Andrii Kovalenko came later. Kovalenko spoke briefly."
    start = text.rindex("Kovalenko")
    assert index.entity_of("d3", start, start + len("Kovalenko")) == andrii


def test_the_same_first_name_with_different_surnames_stays_apart():
    index = _index(
        "Andrii Kovalenko said the centre was ready.",
        "Andrii Yermak, head of the presidential office, called for action.",
    )
    assert index.find("Andrii Kovalenko") != index.find("Andrii Yermak")


def test_acronym_in_brackets_and_written_alone_elsewhere():
    index = _index(
        "Ukraine’s National Security and Defense Council (NSDC) said the report was false.",
        "The NSDC denied it again on Monday.",
        "Foreign ministers of the Group of Seven (G7) met. The G7 issued a statement.",
        "The wire was carried by the Nordpress Agency (NPA) on Monday.",
        "BRENNICK, Estmark (NPA) — The dam held overnight.",
    )
    nsdc = index.find("NSDC")
    assert nsdc is not None and nsdc.name == "National Security and Defense Council"
    assert len(nsdc.mentions) == 3
    g7 = index.find("G7")
    assert g7 is not None and set(g7.aliases) == {"G7", "Group of Seven"}
    npa = index.find("NPA")
    assert npa is not None and npa.name == "Nordpress Agency"
    assert index.find("Estmark") != npa


def test_an_acronym_joins_the_one_name_of_its_initials_without_brackets():
    index = _index(
        "The National Security and Defense Council met on Friday.",
        "The NSDC said it would publish the findings.",
    )
    assert index.find("NSDC") == index.find("National Security and Defense Council")


def test_oblast_region_province_variants_and_possessives_merge():
    index = _index(
        "Fighting in Kursk Oblast continued on Monday.",
        "Troops were seen in the Kursk region and in Russia’s Kursk province.",
        "The first unit is en route to Kursk. Russia’s army moved.",
        "Ukraine’s army held. The aid reached Ukraine and Russia.",
    )
    kursk = index.find("Kursk region")
    assert kursk is not None
    assert set(kursk.aliases) == {"Kursk", "Kursk Oblast", "Kursk province", "Kursk region"}
    assert kursk.name == "Kursk Oblast" or kursk.name in kursk.aliases
    ukraine = index.find("Ukraine’s")
    assert ukraine is not None and len(ukraine.mentions) == 2
    assert ukraine.aliases == ("Ukraine",)


def test_north_and_south_korea_and_korea_alone_stay_apart():
    index = _index(
        "North Korea deployed troops, and South Korea protested.",
        "In 1945 Korea was divided. North Korea said nothing.",
    )
    north, south, korea = index.find("North Korea"), index.find("South Korea"), index.find("Korea")
    assert None not in (north, south, korea)
    assert len({north, south, korea}) == 3


def test_a_person_and_a_place_with_one_word_in_common_stay_apart():
    index = _index(
        "Anna Lindby, head of the council, said the town was ready.",
        "The evacuation zone may be extended to the town of Lindby. Officials in Lindby agreed.",
    )
    person, place = index.find("Anna Lindby"), index.find("Lindby")
    assert person is not None and place is not None and person != place
    assert place.kind == "place" and person.kind == "person"


def test_a_short_form_of_an_organisation_in_its_document_joins_it():
    index = _index(
        "Red Lantern: up to 6,500 have left\n\n"
        "The Estmark Red Lantern Society says up to 6,500 people have left their homes."
    )
    ent = index.find("Red Lantern")
    assert ent is not None and ent.name == "Estmark Red Lantern Society"


def test_the_name_is_the_most_frequent_fullest_form():
    index = _index(
        "Governor Yury Dravenko said so. Dravenko added more.",
        "Governor Yury Dravenko spoke again.",
        "Governor Yuriy Dravenko agreed.",
    )
    ent = index.find("Dravenko")
    assert ent is not None and ent.name == "Yury Dravenko"
    assert ent.aliases == ("Dravenko", "Yuriy Dravenko", "Yury Dravenko")


def test_entity_of_finds_exact_and_overlapping_spans():
    text = "Defense Minister Rustem Umerov confirmed it."
    index = _index(text)
    ent = index.find("Rustem Umerov")
    start = text.index("Rustem")
    assert index.entity_of("d0", start, start + len("Rustem Umerov")) == ent
    assert index.entity_of("d0", 0, len("Defense Minister Rustem Umerov")) == ent
    assert index.entity_of("d0", len(text) - 3, len(text)) is None
    assert index.entity_of("nope", 0, 5) is None


def test_ids_do_not_depend_on_document_order():
    texts = [
        "Defense Minister Rustem Umerov confirmed the clashes in Kursk Oblast.",
        "Umerov said the National Security and Defense Council (NSDC) agreed.",
    ]
    a = _index(*texts)
    docs = {f"d{i}": find_mentions(t) for i, t in reversed(list(enumerate(texts)))}
    b = link_entities(docs)
    assert sorted(e.id for e in a.entities) == sorted(e.id for e in b.entities)
    assert {e.id: e for e in a.entities} == {e.id: e for e in b.entities}


def test_ids_do_not_depend_on_the_hash_seed():
    code = (
        "from newsfuse.claims.entities import find_mentions;"
        "from newsfuse.claims.aliases import link_entities;"
        "t='Defense Minister Rustem Umerov met NATO in Kursk Oblast. Umerov said so.';"
        "print(sorted(e.id for e in link_entities({'a': find_mentions(t)}).entities))"
    )
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(
            subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
    assert len(outs) == 1


# ---------------------------------------------------------------------------------------------
# affiliation
# ---------------------------------------------------------------------------------------------


def test_affiliation_from_role_head_words_and_named_organisations():
    index = _index(
        "The Haverlund Dockworkers’ Union says 1,800 struck. The Haverlund Port Authority "
        "disputes that. “Patience has run out,” union chair Petra Solvang said. Port authority "
        "director Colm Ardery said the plan would cost no jobs.",
        "Andrii Kovalenko, head of the centre at the National Security and Defense Council, "
        "spoke. Foreign Minister Helena Voss and Zarnovian Foreign Minister Anselm Draxler met "
        "at the Foreign Ministry; the Zarnovian Foreign Ministry said nothing.",
        "The Estmark Red Lantern Society gave a higher figure. Up to 6,500 people have left, "
        "spokeswoman Mira Castellan said.",
    )

    def aff(name: str) -> str | None:
        ent = index.find(name)
        assert ent is not None
        org = affiliation(ent, index)
        return org.name if org else None

    assert aff("Petra Solvang") == "Haverlund Dockworkers’ Union"
    assert aff("Colm Ardery") == "Haverlund Port Authority"
    assert aff("Andrii Kovalenko") == "National Security and Defense Council"
    assert aff("Anselm Draxler") == "Zarnovian Foreign Ministry"
    assert aff("Helena Voss") == "Foreign Ministry"
    assert aff("Mira Castellan") == "Estmark Red Lantern Society"
    assert affiliation(index.find("Haverlund Port Authority"), index) is None  # type: ignore[arg-type]


def test_no_affiliation_without_a_role_that_names_one():
    index = _index("Agnes Holm, 67, said she took the cat. The Labour Ministry met on Friday.")
    ent = index.find("Agnes Holm")
    assert ent is not None and affiliation(ent, index) is None


# ---------------------------------------------------------------------------------------------
# The seeds (../shared/seeds) and the demo corpus
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_index(seeds_dir: Path) -> tuple[EntityIndex, dict[str, str]]:
    articles = list(extract_articles([str(seeds_dir)]))
    docs, texts = article_documents(articles)
    by_prefix = {a.source.rsplit("/", 1)[-1][:3]: a.id for a in articles}
    return link_entities(docs, texts), by_prefix


def _docs_of(ent, ids: dict[str, str], alias: str | None = None, index=None) -> set[str]:
    back = {v: k for k, v in ids.items()}
    out = set()
    for doc, start, end in ent.mentions:
        if doc in back and (alias is None or index.text(doc)[start:end] == alias):
            out.add(back[doc])
    return out


@pytest.mark.shared
def test_seed_zelensky_spellings_are_one_entity(seed_index):
    index, ids = seed_index
    ent = index.find("Zelensky")
    assert ent is not None and ent == index.find("Zelenskyy")
    assert {"Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy"} <= set(
        ent.aliases
    )
    assert {"000", "003"} <= _docs_of(ent, ids, "Zelensky", index)
    assert {"001", "004"} <= _docs_of(ent, ids, "Volodymyr Zelenskyy", index)


@pytest.mark.shared
def test_seed_kovalenko_spellings_merge_and_stay_apart_from_yermak(seed_index):
    index, ids = seed_index
    ent = index.find("Andrii Kovalenko")
    assert ent is not None and ent == index.find("Andriy Kovalenko")
    assert _docs_of(ent, ids) >= {"000", "001", "002", "004"}
    yermak = index.find("Andrii Yermak")
    assert yermak is not None and yermak != ent
    org = affiliation(ent, index)
    assert org is not None and org.name == "National Security and Defense Council"


@pytest.mark.shared
def test_seed_umerov_is_one_entity_in_every_seed(seed_index):
    index, ids = seed_index
    ent = index.find("Rustem Umerov")
    assert ent is not None
    assert set(ent.aliases) == {"Rustem Umerov", "Umerov"}
    assert "Defense Minister" in ent.roles
    assert _docs_of(ent, ids) == {"000", "001", "002", "003", "004"}
    for doc, start, end in ent.mentions:  # every "Umerov" of the seeds belongs to him
        assert index.text(doc)[start:end] in ent.aliases
    for prefix, doc in ids.items():
        text = index.text(doc)
        assert text is not None
        pos = text.find("Umerov")
        while pos >= 0:
            assert index.entity_of(doc, pos, pos + len("Umerov")) == ent, prefix
            pos = text.find("Umerov", pos + 1)


@pytest.mark.shared
def test_seed_kursk_variants_merge_and_koreas_stay_apart(seed_index):
    index, _ = seed_index
    kursk = index.find("Kursk Oblast")
    assert kursk is not None and kursk.kind == "place"
    assert {"Kursk Oblast", "Kursk region", "Kursk"} <= set(kursk.aliases)
    north, south = index.find("North Korea"), index.find("South Korea")
    assert north is not None and south is not None and north != south
    assert index.find("G7") == index.find("Group of Seven") is not None


@pytest.fixture(scope="module")
def demo_index(examples_dir: Path) -> EntityIndex:
    articles = list(extract_articles([str(examples_dir / "corpus")]))
    docs, texts = article_documents(articles)
    return link_entities(docs, texts)


def test_demo_dravenko_spellings_merge(demo_index, examples_dir):
    import json

    truth = json.loads((examples_dir / "truth.json").read_text(encoding="utf-8"))
    (spelling,) = truth["claims"]["spellings"]
    variants = set(spelling["variants"])
    ents = {demo_index.find(v) for v in variants}
    assert len(ents) == 1
    (ent,) = ents
    assert ent is not None and variants <= set(ent.aliases)
    assert ent.kind == "person"


@pytest.mark.parametrize(
    ("person", "role_word", "org"),
    [
        ("Mira Castellan", "spokeswoman", "Estmark Red Lantern Society"),
        ("Tomas Reinholt", "Emergency Situations Minister", "Emergency Situations Ministry"),
        ("Petra Solvang", "union chair", "Haverlund Dockworkers’ Union"),
        ("Colm Ardery", "director", "Haverlund Port Authority"),
        ("Helena Voss", "Foreign Minister", None),
        ("Anselm Draxler", "Zarnovian Foreign Minister", "Zarnovian Foreign Ministry"),
    ],
)
def test_demo_people_are_one_entity_with_their_role(demo_index, person, role_word, org):
    ent = demo_index.find(person)
    assert ent is not None and ent.kind == "person"
    surname = person.split()[-1]
    assert demo_index.find(surname) == ent
    assert any(role_word.casefold() in r.casefold() for r in ent.roles), ent.roles
    same = [e for e in demo_index.entities if any(surname in a for a in e.aliases)]
    assert same == [ent]
    if org is not None:
        found = affiliation(ent, demo_index)
        assert found is not None and found.name == org


def test_demo_agency_and_its_acronym_merge(demo_index):
    npa = demo_index.find("NPA")
    assert npa is not None and npa == demo_index.find("Nordpress Agency")
    assert npa.kind == "organisation"
    assert demo_index.find("Estmark") != npa


# ---------------------------------------------------------------------------------------------
# Scale: corpus-wide steps look names up in indexes instead of comparing every pair
# ---------------------------------------------------------------------------------------------

# Far above what the indexed steps need (well under a second each) and far below what comparing
# every pair took (tens of seconds), so a quadratic step fails these tests on any machine.
_BUDGET_S = 5.0

_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "tor", "sel", "dun", "bra", "pel")


def _made_up_word(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(3)).capitalize()


_ACRONYM_WORDS = ("of", "the", "and", "group", "seven", "agency", "nordic", "sea", "2024", "g7")
_NAMES = st.lists(st.sampled_from(_ACRONYM_WORDS), min_size=1, max_size=5).map(" ".join)


@st.composite
def _names_and_acronym(draw: st.DrawFn) -> tuple[list[str], str]:
    """Names, and an acronym read from one of them (each word gives nothing, its initial or
    some of its letters) or made of random letters."""
    names = draw(st.lists(_NAMES, min_size=1, max_size=12))
    if draw(st.booleans()):
        return names, draw(st.text(alphabet="GSANTO27.", min_size=1, max_size=15))
    parts = []
    for word in draw(st.sampled_from(names)).split():
        if word.isdigit() or draw(st.booleans()):
            parts.append(word if word.isdigit() else word[0])
        elif draw(st.booleans()):
            parts.append(word[0] + "".join(draw(st.lists(st.sampled_from(word), max_size=2))))
    return names, "".join(parts).upper() or "X"


@given(_names_and_acronym())
def test_the_acronym_index_gives_what_testing_every_name_gives(names_and_acronym):
    names, acronym = names_and_acronym
    index = _AcronymNames(((name,), name) for name in names)
    letters = "".join(c for c in acronym.casefold() if c.isalnum())
    assert set(index.initials(letters)) == {(n,) for n in names if initials_match(acronym, n)}
    assert set(index.readable(letters)) == {(n,) for n in names if acronym_readable(acronym, n)}


def test_acronyms_are_linked_without_comparing_them_with_every_name():
    rnd = random.Random(5)
    docs: dict[str, list[EntityMention]] = {}
    for d in range(300):  # 3,000 three-word organisation names
        names = [f"{_made_up_word(rnd)} {_made_up_word(rnd)} Council" for _ in range(10)]
        docs[f"names{d}"] = [
            EntityMention(40 * i, 40 * i + len(n), n, "organisation") for i, n in enumerate(names)
        ]
    for d in range(600):  # 600 acronyms that abbreviate none of them
        acronym = "".join(rnd.choice("FGHJQWXZ") for _ in range(4))
        docs[f"acronym{d}"] = [EntityMention(0, 4, acronym, "organisation")]
    name = "Quorin Hask Wellbury Council"
    docs["planted"] = [EntityMention(0, len(name), name, "organisation")]
    docs["planted acronym"] = [EntityMention(0, 4, "QHWC", "organisation")]
    started = time.perf_counter()
    index = link_entities(docs)
    assert time.perf_counter() - started < _BUDGET_S
    assert index.find("QHWC") == index.find(name) is not None


def test_a_text_written_as_one_long_line_is_read_in_linear_time():
    text = " ".join(["They talked for hours and then it was over."] * 8000)
    started = time.perf_counter()
    assert find_mentions(text) == []
    assert time.perf_counter() - started < _BUDGET_S


def test_surname_lookups_and_affiliations_over_many_people_are_fast():
    rnd = random.Random(7)
    docs: dict[str, list[EntityMention]] = {}
    expected: dict[str, str] = {}
    for d in range(2500):  # a union chair and their union in each document
        org = f"{_made_up_word(rnd)} Union"
        person = f"Olek {_made_up_word(rnd)}{d}"
        role = "union chair"
        start = len(org) + 2 + len(role) + 1
        docs[f"d{d}"] = [
            EntityMention(0, len(org), org, "organisation"),
            EntityMention(
                start, start + len(person), person, "person", role, (len(org) + 2, start - 1)
            ),
        ]
        expected[person] = org
    index = link_entities(docs)
    started = time.perf_counter()
    for person, org in expected.items():
        ent = index.find(person.split()[-1])  # the surname alone
        assert ent is not None and ent.name == person
        found = affiliation(ent, index)
        assert found is not None and found.name == org
    assert time.perf_counter() - started < _BUDGET_S


def test_capitals_a_name_run_picked_up_do_not_make_the_entitys_name() -> None:
    # a reader's comment without punctuation: "... at BP Should I have ..."
    index = _index(
        "BP said on Thursday the leak was slowing. BP shares rose on the news.",
        "To whom it must concern at BP Should I have enough facts, consider this. BP agreed.",
    )
    (bp,) = [e for e in index.entities if "BP" in e.aliases]
    assert bp.name == "BP"
