"""Word lists every stage reads text with: function words, common sentence openers, titles,
months and weekdays (all lowercase).

:data:`FUNCTION_WORDS` picks out content words and rejects capitalised non-names;
:data:`COMMON_INITIAL` the capitalised words that open news sentences and are no names;
:data:`TITLES` the titles and ranks before a name (``President``, ``Gen.``, ``Mr``);
:data:`MONTHS_DAYS` month and weekday names and their abbreviations.
"""

from __future__ import annotations

# Function words (lowercase). Used for content words and to reject capitalised non-names.
FUNCTION_WORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already also
    although always am among an and another any anyone anything anywhere are around as at be
    became because become been before being below beside besides between both but by can cannot
    could did do does doing done down during each either else enough even ever every everyone
    everything few for from further had has have having he her here hers herself him himself his
    how however i if in indeed into is it its itself just last least less many may me meanwhile
    might mine more moreover most mostly much must my myself neither never nevertheless next no
    nobody none nor not nothing now of off often on once only onto or other others otherwise our
    ours ourselves out over own per perhaps quite rather same several she should since so some
    somehow someone something sometimes still such than that the their theirs them themselves
    then there thereby therefore these they this those though through throughout thus to
    together too toward towards under until up upon us very via was we well were what whatever
    when whence whenever where whereas wherever whether which while who whoever whole whom whose
    why will with within without would yet you your yours yourself yourselves said says say
    saying told tells also its it's he's she's that's there's i'm we're they're don't didn't
    doesn't won't can't isn't wasn't aren't weren't hasn't haven't hadn't""".split()  # noqa: SIM905 - a word list reads better as text
)

# Capitalised words that open news sentences and are not names (besides function words).
COMMON_INITIAL = frozenset(
    """police officials authorities analysts investors shares stocks prices sales earnings
    prosecutors investigators witnesses residents experts critics officers troops soldiers
    lawmakers voters workers doctors scientists researchers reporters sources
    earlier later today yesterday tomorrow tonight overall separately instead still
    according asked speaking writing despite following last next first second third under
    some many most several both few all another other each every such
    government company spokesman spokeswoman spokesperson president minister""".split()  # noqa: SIM905 - a word list reads better as text
)

TITLES = frozenset(
    """mr mrs ms miss dr prof professor sir dame lord lady gen general col colonel maj major
    capt captain lt lieutenant sgt sergeant adm admiral cmdr commander sen senator rep
    representative gov governor pres president vice prime minister secretary chancellor judge
    justice chief king queen prince princess pope rev reverend saint st mayor ambassador
    chairman chairwoman chair ceo director officer deputy""".split()  # noqa: SIM905 - a word list reads better as text
)

MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun""".split()  # noqa: SIM905 - a word list reads better as text
)


__all__ = ["COMMON_INITIAL", "FUNCTION_WORDS", "MONTHS_DAYS", "TITLES"]
