"""Word lists of general English for reading names: roles, organisation and place heads, speech verbs.

The vocabulary of :mod:`newsfuse.claims.entities` and :mod:`newsfuse.claims.entity_runs` (and
of :mod:`newsfuse.claims.aliases`, which merges names across articles). Every list holds
lowercase general English words, never names from a corpus: role nouns (on top of the titles of
:mod:`newsfuse.text`) and titles that are also common words, the head words of
organisation and place names and the place words that vary between outlets, the words around a
name that make it a place, speech verbs and the adverbs allowed before them, the connectors and
particles that join words into one name, directions that open place names, and determiners.
"""

from __future__ import annotations

from newsfuse.text import TITLES

# Nouns that name a function a person holds. TITLES (Mr, President, Minister ...) plus common
# role nouns; "saint"/"st" are left out (St Petersburg is no person).
ROLE_NOUNS = (
    TITLES
    | frozenset(
        """spokeswoman spokesman spokesperson head leader chairperson envoy official commander
        coach manager founder owner premier adviser advisor aide lawyer attorney prosecutor
        negotiator executive boss substitute striker goalkeeper midfielder defender
        counterpart correspondent editor columnist lawmaker senator legislator diplomat marshal
        commissioner ombudsman inspector superintendent sheriff treasurer dean rector bishop
        archbishop imam rabbi cardinal patriarch mp speaker nominee""".split()  # noqa: SIM905 - a word list reads better as text
    )
) - {"saint", "st"}

# Titles that are also common adjectives or nouns: a role only before a full name
# ("General Motors" is no general).
WEAK_TITLES = frozenset(
    "general major chief justice prince king queen lord lady chair speaker nominee".split()  # noqa: SIM905
)
# Company-form words at the end of a name: "Apple Inc." = "Apple", "Chrysler Group" = "Chrysler".
CORPORATE_SUFFIXES = frozenset(
    "inc corp corporation co company ltd llc plc group spa ag sa nv gmbh holdings".split()  # noqa: SIM905
)

# The last word of an organisation's name.
ORG_HEADS = frozenset(
    """ministry council agency union society party forces army navy committee authority court
    bank police office department commission center centre news post times herald ledger
    courier observer reports journal gazette tribune telegraph press radio tv inc ltd llc plc
    corp corporation co company group university institute school college academy foundation
    association federation church hospital club league network service services administration
    organisation organization community fund trust board bureau guard assembly parliament
    senate congress cabinet government alliance coalition movement front intelligence museum
    legion brigade battalion regiment directorate inspectorate secretariat agencies
    ministries""".split()  # noqa: SIM905 - a word list reads better as text
)

# The last word of a place's name (capitalised) or a place word right after a name (lowercase).
PLACE_HEADS = frozenset(
    """oblast region province district raion krai governorate voivodeship county valley river
    sea ocean lake bay gulf island islands mountains mountain peninsula street square avenue
    road coast strait canal desert forest park harbour harbor quay basin sound dam arena
    stadium airport""".split()  # noqa: SIM905 - a word list reads better as text
)
# Place words that are no part of the name: "Kursk Oblast" = "Kursk region" = "Kursk".
VARIANT_HEADS = frozenset("oblast region province district raion krai governorate".split())  # noqa: SIM905

# Lowercase words before "of X" that make X a place: "the city of Lublin".
PLACE_OF = frozenset(
    "city town village port region province district capital country state island".split()  # noqa: SIM905
)
# Prepositions that make the next name a place (a weak cue).
PLACE_PREPS = frozenset("in near outside inside throughout across around".split())  # noqa: SIM905
# Lowercase words between a name and its place word: "the Kursk border region".
PLACE_MODIFIERS = frozenset("border frontier coastal autonomous administrative".split())  # noqa: SIM905

SPEECH_VERBS = frozenset(
    """said says told tells added stressed noted explained insisted argued
    recalled replied reacted commented concluded clarified emphasised emphasized acknowledged
    admitted warned urged""".split()  # noqa: SIM905 - a word list reads better as text
)
# Words allowed between a name and its speech verb ("Umerov also said").
SPEECH_ADVERBS = frozenset(
    "also has had have later previously further then again earlier recently once".split()  # noqa: SIM905
)

# Lowercase words that join capitalised words into one name.
ORG_CONNECTORS = frozenset("of for on and the".split())  # noqa: SIM905
PARTICLES = frozenset("de da di du del der den van von la le al bin ibn dos das ter".split())  # noqa: SIM905
# Directions and qualifiers that open place names, never a person's name.
COMPASS = frozenset(
    "north south east west northern southern eastern western new upper lower greater".split()  # noqa: SIM905
)
DETERMINERS = frozenset("the a an its his her their our".split())  # noqa: SIM905
