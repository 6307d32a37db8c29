"""Word lists of general English for reading who said what: reporting verbs, function words, titles.

The vocabulary of the attribution readers (:mod:`newsfuse.claims.attribution`,
:mod:`newsfuse.claims.speech_tokens`, :mod:`newsfuse.claims.speech_clauses` and
:mod:`newsfuse.claims.reported`). Every list holds general English words, never names from a
corpus:

- :data:`CUE_WORDS` holds the inflected forms of reporting verbs ("said", "told", "stressed",
  "estimates", "posted", ...), generated from their base forms by regular inflection unless
  irregular; :data:`CUE_LEMMA` maps a form to its base, :func:`is_cue` tests a word and
  :func:`takes_bare_clause` says whether the verb may take a clause without "that";
- the function words the clause readers step over or stop at: pronouns, determiners,
  auxiliaries, adverbs, negations and quantifiers;
- the nouns that tell a reporting verb from a noun ("swing states", "a new report"): nouns of
  people and bodies that speak, of documents that "show" or "find", and common main verbs;
- the words the name finder reads: title and role nouns (:data:`TITLE_WORDS`), the words of an
  organisation's name (:data:`ORG_WORDS`), the words that open place names
  (:data:`GEO_FIRST`), the words that never start a name (:data:`NAME_STOP`) and the pattern
  of a nationality adjective (:data:`NATIONALITY`).
"""

from __future__ import annotations

import re


def wordset(words: str) -> frozenset[str]:
    """The set of the white-space separated words of ``words``."""
    return frozenset(words.split())


_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "think": ("think", "thinks", "thought", "thinking"),
    "read": ("read", "reads", "reading"),
    "find": ("find", "finds", "found"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "deny": ("deny", "denies", "denied", "denying"),
    "reply": ("reply", "replies", "replied", "replying"),
    "testify": ("testify", "testifies", "testified"),
    "clarify": ("clarify", "clarifies", "clarified"),
    "signal": ("signal", "signals", "signaled", "signalled"),
    "tweet": ("tweet", "tweets", "tweeted"),
    "post": ("post", "posts", "posted"),
    "seek": ("seek", "seeks", "sought", "seeking"),
    "plan": ("plan", "plans", "planned", "planning"),
    "slam": ("slam", "slams", "slammed", "slamming"),
    "prefer": ("prefer", "prefers", "preferred", "preferring"),
    "echo": ("echo", "echoes", "echoed", "echoing"),
    "back": ("backs", "backed", "backing"),
    "see": ("see", "sees", "saw", "seeing"),
    "know": ("know", "knows", "knew"),
    "feel": ("feel", "feels", "felt"),
    "focus": ("focuses", "focused", "focusing"),
    "list": ("lists", "listed", "listing"),
    "order": ("orders", "ordered"),
    "view": ("views", "viewed"),
    "vote": ("votes", "voted"),
    "pass": ("passed",),
    "refer": ("refers", "referred", "referring"),
    "understand": ("understand", "understands", "understood"),
    "name": ("named",),
    "raise": ("raised",),
    "file": ("filed",),
    "rule": ("ruled",),
    "sign": ("signed",),
    "share": ("shared",),
    "quote": ("quoted",),
    "write": ("write", "writes", "wrote", "writing"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
}

# Reporting verbs, by base form. Forms are generated (regular inflection) unless irregular.
_CUE_BASES = wordset("""say tell add stress state confirm claim announce report note warn estimate mention
reveal argue explain insist write post tweet declare clarify conclude reiterate acknowledge admit
deny assert emphasize emphasise indicate suggest believe predict comment reply respond react ask
urge recall contend maintain allege promise pledge vow observe concede complain describe expect
think testify hint boast joke caution highlight underline underscore disclose assure inform
recount signal accuse criticize criticise counter retort quip remark answer speculate fear hope
show find forecast calculate assess condemn blame praise announce demand propose agree dismiss
charge brag lament point read continue""")

# Verbs of a stance taken towards something, whose object is what is attributed ("X endorsed
# Y", "X called for Y", "X declined to comment"): reporting verbs in the wide sense of
# attribution corpora (PARC, PolNeAR), read with the object as content (:data:`STANCE_BASES`).
STANCE_BASES = wordset("""call decline endorse want cite support defend oppose refuse seek
offer question back reject attack blast slam mock thank denounce decry welcome challenge request
recommend encourage express discuss echo repeat favor favour prefer plan vow pledge demand propose
urge praise criticize criticise condemn accuse blame dismiss deny describe recall highlight
mention promise agree ask see view know feel decide order identify portray consider list
push compare remind invoke nominate wonder tout deem imply assail applaud reaffirm rail
recognize threaten vote focus learn chant shout yell share retweet quote ignore rule sign
file remember understand imagine worry intend lobby laud hail lash knock fault
scold chide chastise berate doubt rebut rebuke refute reassure name raise refer determine
deliver email bemoan realize accept block allow appoint expose pass talk speak voice champion
advocate apologize reference""")

# Verbs after which a reported clause may follow without "that" ("X said the dam held").
_BARE_CLAUSE_BASES = wordset(
    "say tell add write claim argue insist estimate believe think predict expect warn report "
    "note explain stress suggest acknowledge admit concede hope fear assert contend "
    "allege announce reveal conclude confirm show find"
)


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("e"):
        return (base, base + "s", base + "d", base[:-1] + "ing")
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return (base, base + "es", base + "ed", base + "ing")
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    if base in {"admit", "regret", "quip"}:
        return (base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing")
    return (base, base + "s", base + "ed", base + "ing")


CUE_LEMMA: dict[str, str] = {f: b for b in _CUE_BASES | STANCE_BASES for f in _forms(b)}
CUE_WORDS = frozenset(CUE_LEMMA)
# Cue words whose subject may be a document ("the statement read"); only after a quote.
TAIL_ONLY_CUES = frozenset(
    {"read", "reads", "show", "shows", "showed", "find", "finds", "found"}
    | {"continue", "continues", "continued"}  # '"...," he continued'; "X continued to rise"
)


def is_cue(word: str) -> bool:
    """Whether ``word`` (any case) is a form of a reporting verb."""
    return word.lower() in CUE_WORDS


#: The forms of reporting verbs proper, without the verbs of stance only.
SPEECH_WORDS = frozenset(f for b in _CUE_BASES for f in _forms(b))


def takes_object(word: str) -> bool:
    """Whether the reporting verb ``word`` may have its object attributed: a verb of stance,
    or a reporting verb that takes no bare clause ("complained of the cost", "responded to
    the request")."""
    lemma = CUE_LEMMA.get(word.lower(), "")
    return lemma in STANCE_BASES or (
        lemma in _CUE_BASES and lemma not in _BARE_CLAUSE_BASES and lemma not in _NO_OBJECT
    )


# Reporting verbs whose object is no statement ("told the crowd", "read the sign", "maintained
# his lead", "reacted to the news", "commented on the photo")
_NO_OBJECT = wordset("tell read show find think believe maintain react comment")


def takes_bare_clause(word: str) -> bool:
    """Whether the reporting verb ``word`` may take a clause without "that"."""
    return CUE_LEMMA.get(word.lower(), "") in _BARE_CLAUSE_BASES


PRONOUNS = wordset("he she they it we i you")
PERSON_PRONOUNS = frozenset({"he", "she"})
DETERMINERS = wordset("the a an this that these those its his her their our my your")
AUXILIARIES = wordset("""is are was were be been being has have had do does did will would can could shall should
    may might must not""")
ADVERBS = wordset("""also further later previously again recently then once repeatedly earlier already still
    publicly privately separately often frequently has have had will would has also had also
    just reportedly initially subsequently similarly likewise""")
# Negations before a reporting verb ("did not say"): no attribution.
NEGATIONS = wordset("""not n't never don't doesn't didn't won't wouldn't can't couldn't
    don’t doesn’t didn’t won’t wouldn’t can’t couldn’t""")
# Words that open a noun phrase of a clause ("that some ..."), so "that" is a complementiser.
QUANTIFIERS = wordset("""all some many most few several no none more less fewer about nearly
    almost only over under around each every both either neither""")
# Forms of reporting verbs that are also common nouns ("swing states", "a new report").
NOUN_LIKE_CUES = wordset("""state states report reports tweet tweets point points remark remarks
    comment comments estimate estimates claim claims promise promises fear fears show shows post
    posts answer answers counter charge charges hope hopes demand demands find finds reply replies
    note notes signal signals joke jokes forecast forecasts praise blame warning read reads
    hint hints boast boasts complaint quip quips stress stresses call calls plan plans support
    supports offer offers question questions attack attacks request requests back backs favor
    favors favour favours echo echoes welcome challenge challenges repeat thanks pledge pledges
    vow vows mention mentions list lists order orders view views vote votes talk talks focus
    push threat rail""")
# Nouns of people and bodies that speak ("officials", "critics", "the agency").
PEOPLE_NOUNS = wordset("""officials experts analysts critics aides advisers advisors supporters
    voters residents authorities police officers lawmakers leaders members scientists
    researchers economists sources people democrats republicans observers activists
    campaign administration government ministry office spokesman spokeswoman spokesperson
    company agency department""")
# Subjects that may "show" or "find" something: documents and counts, not people.
DOCUMENT_NOUNS = wordset("""poll polls survey surveys study studies report reports data analysis
    analyses records research figures numbers statistics results documents review audit
    investigation census estimates filings tally count projections models surveys numbers
    findings records emails papers tests evidence polling video videos footage memo""")
# Verbs common enough as main verbs to end a subject ("The authority put the number at ...").
COMMON_VERBS = wordset("""put set gave made took got went came kept held left met ran saw sent spent
    won lost led cut hit let paid sought brought bought began became chose drew drove fell felt
    fought flew grew heard knew laid meant rose sold shut stood struck swore taught threw wore
    withdrew spoke broke gives makes takes gets goes comes keeps holds puts sets sees wants""")
# Title and role nouns: a capitalised run that holds one of these ends its role part there.
TITLE_WORDS = wordset("""president minister secretary governor chair chairman chairwoman chairperson spokesman
    spokeswoman spokesperson director head chief commander general senator sen. sen rep. rep
    representative congressman congresswoman mayor ambassador premier chancellor king queen
    prince pope judge justice attorney lawyer adviser advisor aide official officer leader
    candidate nominee ceo founder manager editor correspondent analyst professor prof. prof dr.
    dr mr. mr mrs. mrs ms. ms gov. gov lt. col. gen. sgt. capt. deputy speaker envoy coordinator
    commissioner economist researcher strategist pollster host anchor executive member mp
    lawmaker legislator diplomat prosecutor sheriff president-elect captain colonel sergeant
    lieutenant admiral marshal sir lord lady dame rabbi reverend rev. bishop cardinal
    superintendent inspector commissioner""")
# Words that make a capitalised run an organisation rather than a person.
ORG_WORDS = wordset("""ministry union council society agency authority department office forces army navy party
    committee commission post times news press association institute university company
    corporation bank court parliament government administration service services center centre
    foundation fund group organization organisation network channel radio tv television bureau
    agency league federation board assembly congress senate house pentagon kremlin police
    command coalition alliance campaign republic state states kingdom federation nations
    inc. inc corp. corp ltd. ltd llc plc""")
# Words that open place names ("North ...", "New ..."): such a name is no person.
GEO_FIRST = wordset("north south east west new upper lower central united saint st.")
# Capitalised words that never start a name: function words, time words, months and days.
NAME_STOP = wordset("""the a an in on at of for by to from with as and but or if when while after before
    according during since although though because this that these those it he she they we
    i you his her their our its my your there here what who which where why how also yet so
    speaking however meanwhile earlier later then today yesterday tomorrow last next
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan. feb. mar. apr. jun. jul. aug.
    sept. sep. oct. nov. dec. mr mrs ms dr""")
NAME_STOP_BUT_THE = NAME_STOP - {"the"}
# A nationality adjective ("Ukrainian"), left out of a role written before a name.
NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ean|an|ese|ish|i|ic|ch)$")
# A party and state label after a politician's name: "(R-Wis.)", "(D-N.Y.)", "(I-Vt.)", "(Md.)".
PARTY_STATE = re.compile(
    r"\s?\((?:[RDI]|Rep|Dem|Ind)\s*-\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?\)"
    r"|\s?\((?:[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.|[RDI])\)"
)
# The same label written as an appositive: "Paul Ryan, R-Wis., said" (never a speaker).
PARTY_STATE_WORD = re.compile(r"^(?:[RDI]|Rep|Dem|Ind)-[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?$")
