"""A rule-based paraphraser: the rewrites of the syndication corpus.

``benchmarks/_syndication.py`` derives its ``rewrite`` and ``rewrite_drop`` articles with
:class:`Paraphraser`, and its light edits with :func:`replace_words` and :func:`drop_adverbs`.
A rule-based rewriter, unlike a language model, runs offline, in milliseconds, the same way
for a given seed, and changes only what its rules say, so the corpus knows what it changed.

The rules: a hand-written synonym table (:data:`SYNONYMS`, plus multi-word phrases), clause
reordering ("X said Y." -> "Y, X said.", "after X, Y" -> "Y after X", time and place phrases
fronted or moved back), passive to active voice for regular verbs and back, "BP's shares" ->
"the shares of BP", "A and B" -> "B and A", connective swaps, sentence merge and split, adverb
dropping. Numbers, capitalised names and quoted speech (found by :func:`_quote_spans`, also
when a quotation runs over several sentences) are never touched.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

# word -> replacements ("a: b | c"), entries separated by ";"; only lowercase words outside
# quotes are replaced (a sentence's first word too, keeping its capital, unless a capitalised
# word follows it: "New Orleans"). Inflected forms are listed one by one.
_SYNONYM_TABLE = """
said: stated | noted; says: states | notes; saying: stating | noting; say: state
announced: declared | unveiled; confirmed: verified; claimed: asserted; insisted: maintained
argued: contended; admitted: acknowledged; described: characterised; suggested: indicated
urged: pressed; warned: cautioned; warn: caution; revealed: disclosed; showed: indicated
began: started; begin: start; begins: starts; started: began; ended: finished
big: large; large: big | sizeable; huge: massive | enormous; massive: huge | enormous
biggest: largest; largest: biggest; important: significant | key; major: significant | big
significant: considerable; main: principal | primary; entire: whole
many: numerous; because: as | since; although: though | even though
company: firm; companies: firms; firm: company; firms: companies; officials: authorities
authorities: officials; country: nation; countries: nations; nation: country
nations: countries; increase: rise; increased: rose; rise: increase; rose: increased
fell: dropped | declined; dropped: fell; decline: fall; declined: fell; reduce: cut | lower
reduced: cut | lowered; expected: anticipated | forecast; expect: anticipate
difficult: hard | tough; quickly: rapidly | swiftly; rapidly: quickly; slowly: gradually
serious: grave | severe; severe: serious; damage: harm; problem: issue; problems: issues
believe: think; believed: thought; believes: thinks; think: believe; thinks: believes
spokesman: representative; spokeswoman: representative; enough: sufficient
using: employing; allow: permit; allowed: permitted; allows: permits; stop: halt
stopped: halted; stopping: halting; efforts: attempts; effort: attempt; workers: employees
worker: employee; money: funds; costs: expenses; area: region | zone; areas: regions | zones
region: area; coast: shoreline; residents: inhabitants | locals; decided: chose
attack: assault; attacks: assaults; protesters: demonstrators; protester: demonstrator
protests: demonstrations; troops: soldiers; soldiers: troops; disease: illness
illness: disease; doctors: physicians; doctor: physician; banks: lenders; rules: regulations
regulations: rules; lawmakers: legislators; senior: top | high-ranking; recent: latest
latest: most recent; during: throughout; despite: in spite of; could: might; might: could
should: ought to; trying: attempting; tried: attempted; try: attempt; found: discovered
aid: assistance; sure: certain; global: worldwide
earthquake: quake; died: perished; happened: occurred; occurred: happened; happen: occur
impact: effect; among: amongst; scientists: researchers; seems: appears; seem: appear
appeared: seemed; program: programme; almost: nearly; nearly: almost; experts: specialists
accident: incident; stay: remain
potential: possible; cleanup: clean-up; production: output; soon: shortly; below: beneath
sent: dispatched; reporters: journalists; protect: safeguard; chance: opportunity
similar: comparable; different: distinct; percent: per cent; wants: wishes; want: wish
children: youngsters; across: throughout; people: individuals | persons; new: fresh
disaster: catastrophe; catastrophe: disaster; explosion: blast; blast: explosion
investigation: probe | inquiry; probe: investigation; inquiry: investigation
comments: remarks; remarks: comments; speech: address; talks: negotiations
injured: wounded; wounded: injured; arrested: detained; detained: arrested
buy: purchase; bought: purchased; caused: triggered; faced: confronted; faces: confronts
struggling: battling; ordered: instructed; agreed: consented; received: got
buildings: structures; government: administration; bad: poor; current: present
enormous: huge; hundreds: scores
helped: assisted; helping: assisting; also: additionally; whether: if
now: currently; currently: now; immediately: at once; roughly: about
including: such as; group: organisation; crowd: throng; crowds: throngs; army: military
demonstrators: protesters; cases: instances; deaths: fatalities; rubble: debris
agencies: organisations; bill: legislation; reform: overhaul; reforms: overhauls
rig: platform; beaches: shores; moratorium: ban; ban: prohibition
estimates: projections; singer: performer; star: celebrity; fans: admirers
concert: show; concerts: shows; provide: supply; provided: supplied; international: global
response: reaction; administration: government; industry: sector; closed: shut
process: procedure; until: till; affected: hit; information: data
lawyers: attorneys; often: frequently; questions: queries; spending: expenditure
ship: vessel; vessel: ship; committee: panel; issued: released; build: construct
role: part; leaders: heads; leader: head; decision: ruling; goal: aim; aim: goal
evidence: proof; failure: breakdown; failures: breakdowns; job: post; jobs: posts
strong: robust; weak: feeble; fresh: new; quick: rapid; rapid: quick; harsh: severe
tough: hard; angry: furious; happy: pleased; sad: unhappy; afraid: fearful
worried: concerned; concerned: worried; concern: worry; concerns: worries; fears: worries
fear: worry; value: worth; price: cost; prices: costs; growth: expansion; profit: earnings
profits: earnings; amount: quantity; amounts: quantities; figures: numbers
expert: specialist; analyst: commentator; analysts: commentators; critics: detractors
victims: casualties; survivors: those who survived; families: relatives; relatives: kin
village: hamlet; street: road; streets: roads; road: street; roads: streets
house: dwelling; houses: dwellings; building: structure; hospital: medical centre
hospitals: medical centres; car: vehicle; cars: vehicles; plane: aircraft; planes: aircraft
boat: craft; boats: craft; ships: vessels; vessels: ships; machine: device
machines: devices; equipment: gear; tool: instrument; tools: instruments
"""

_PHRASES = (
    (r"\bneed to\b", "have to"),
    (r"\bneeds to\b", "has to"),
    (r"\bin order to\b", "to"),
    (r"\bas well as\b", "and"),
    (r"\ba number of\b", "several"),
    (r"\bbecause of\b", "due to"),
    (r"\bmore than\b", "over"),
    (r"\bat least\b", "no fewer than"),
    (r"\bso far\b", "to date"),
    (r"\ba lot of\b", "plenty of"),
    (r"\bto help\b", "to assist"),
    (r"\babout (?=[$£€\d])", "around "),
    (r"\bplans to\b", "intends to"),
    (r"\bhopes to\b", "aims to"),
    (r"\bdeal\b(?! with)", "agreement"),
    (r", however,", ", though,"),
    (r"\btold reporters\b", "said to reporters"),
    (r"\b(said|says) that\b", r"\1"),
    (r"\bcalled (?:for|on)\b", "urged"),
    (r"\basked for\b", "requested"),
    (r"\blast (week|month|year)\b", r"the previous \1"),
    (r"\bthe help of\b", "the assistance of"),
    (r"\bthe start of\b", "the beginning of"),
    (r"\bin addition to\b", "besides"),
    (r"\bsuch as\b", "like"),
    (r"\bin the wake of\b", "after"),
    (r"\bis expected to\b", "is set to"),
    (r"\bfor example\b", "for instance"),
    (r"\bdo not\b", "don't"),
    (r"\bdoes not\b", "doesn't"),
    (r"\bdid not\b", "didn't"),
    (r"\bis not\b", "isn't"),
    (r"\bwill not\b", "won't"),
    (r"\bcannot\b", "can't"),
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "cannot"),
    (r"\b(do|does|did|is|are|was|were|could|would|should)n't\b", r"\1 not"),
    (r"\bit's\b", "it is"),
    (r"\b(is|are) likely to\b", "will probably"),
    (r"\bnext (week|month|year)\b", r"the coming \1"),
    (r"\bnear the\b", "close to the"),
    (r"\b(was|were) able to\b", "managed to"),
    (r"\bahead of\b", "before"),
    (r"\bat the end of\b", "at the close of"),
    (r"\balong with\b", "together with"),
    (r"\bthe following day\b", "the next day"),
    (r"\bin fact\b", "indeed"),
    (r"\bprepared to\b", "ready to"),
)


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (split on whitespace) as a set."""
    return frozenset(text.split())


_ADVERBS = word_set(
    "very really also just already still currently reportedly actually fully largely further "
    "even finally eventually recently widely clearly simply particularly especially mostly "
    "initially officially immediately directly sharply strongly heavily quite certainly "
    "apparently undoubtedly"
)

_CONNECTIVES = (
    ("But ", "However, "),
    ("However, ", "But "),
    ("Also, ", "In addition, "),
    ("In addition, ", "Also, "),
    ("Meanwhile, ", "At the same time, "),
    ("Still, ", "Even so, "),
    ("Yet ", "But "),
    ("So ", "As a result, "),
    ("And ", "Also, "),
    ("As a result, ", "Consequently, "),
)

# words that lose their capital when a clause starting with them moves inside a sentence
COMMON_STARTS = word_set(
    "the a an he she they it we i you this that these those there some many most one two "
    "officials experts analysts police authorities his her its their our several all both "
    "each other others no investors residents workers people"
)

_IRREGULAR_PARTICIPLES = {
    "hit": "hit", "taken": "took", "given": "gave", "seen": "saw", "held": "held",
    "led": "led", "made": "made", "told": "told", "shot": "shot", "built": "built",
    "caught": "caught", "found": "found", "sent": "sent", "brought": "brought",
    "written": "wrote", "chosen": "chose", "struck": "struck", "bought": "bought",
    "sold": "sold", "won": "won", "run": "ran", "paid": "paid", "set": "set",
}  # fmt: skip

_SAY = r"(?:said|says|added|told reporters|warned)"
_WHEN = (
    r"(?:on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|today|yesterday"
    r"|last (?:week|month|year|night)|this (?:week|month|year|morning)"
    r"|earlier this (?:week|month|year))"
)
_NQ = r"[^“”\"]"  # no quote marks
_NQC = r"[^,“”\"]"  # no quote marks, no commas
_AFTER_NOUN = (
    r"(?=[,.;]| (?:of|in|on|at|to|for|and|was|is|has|had|were|are|will|would|fell|rose)\b)"
)
# clause-level rules: (name, pattern); Paraphraser._restructure writes each one's output
_CLAUSE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "X said (on Monday) (that) Y." -> "Y, X said (on Monday)."
    (
        "say_front",
        re.compile(
            rf"^(?P<x>{_NQC}{{3,60}}?) (?P<v>{_SAY})(?P<t> {_WHEN})? (?!to )(?:that )?"
            rf"(?!that\b)(?P<y>{_NQ}{{20,}})\.$"
        ),
    ),
    # "Y, X said." / "Y, said X." -> "X said Y."
    ("say_back", re.compile(rf"^(?P<y>{_NQ}{{20,}}), (?P<x>{_NQC}{{2,60}}?) (?P<v>{_SAY})\.$")),
    ("say_back", re.compile(rf"^(?P<y>{_NQ}{{20,}}), (?P<v>said|added) (?P<x>{_NQC}{{2,60}})\.$")),
    # "“Q,” X said." -> "X said: “Q.”"
    ("quote_back", re.compile(rf"^“(?P<q>[^“”]+?),” (?P<x>[^,“”]{{2,60}}?) (?P<v>{_SAY})\.$")),
    # "Y, according to X." <-> "According to X, Y."
    ("according_back", re.compile(rf"^(?P<y>{_NQ}{{20,}}), according to (?P<x>{_NQC}{{2,60}})\.$")),
    (
        "according_front",
        re.compile(rf"^According to (?P<x>{_NQC}{{2,60}}), (?P<y>{_NQ}{{20,}})\.$"),
    ),
    # "After X, Y." <-> "Y after X."
    (
        "sub_front",
        re.compile(
            rf"^(?P<c>After|When|While|Although|Because|Before|As|Since|If) (?P<x>{_NQC}{{5,90}}),"
            rf" (?P<y>{_NQ}{{15,}})\.$"
        ),
    ),
    (
        "sub_back",
        re.compile(
            rf"^(?P<y>{_NQC}{{15,}}) (?P<c>after|when|while|although|because|before) "
            rf"(?P<x>{_NQC}{{5,90}})\.$"
        ),
    ),
    # "BP said on Tuesday that Y." -> "On Tuesday, BP said that Y." and back
    ("when_front", re.compile(rf"^(?P<x>{_NQ}{{10,}}?) (?P<t>{_WHEN})(?P<y>(?: {_NQ}*)?)\.$")),
    (
        "when_back",
        re.compile(
            r"^(?P<t>On \w+day|Today|Yesterday|Last (?:week|month|year|night)"
            rf"|This (?:week|month|year|morning)|Earlier this (?:week|month|year)), (?P<y>{_NQ}{{10,}})\.$"
        ),
    ),
    # "The rig was leased by BP." -> "BP leased the rig." and "BP leased the rig." -> back
    (
        "passive",
        re.compile(
            rf"^(?P<x>{_NQC}{{3,60}}?) (?:was|were) (?P<v>[a-z]+) by "
            r"(?P<y>(?:[^,.;“”\"]|\.(?=\w)){2,50}?)(?P<rest>(?:[,;]|\.(?!\w)).*)$"
        ),
    ),
    (
        "active",
        re.compile(
            r"^(?P<x>(?:[A-Z][\w.&'-]*)(?: [A-Z][\w.&'-]*){0,3}) (?P<v>[a-z]+ed) "
            r"(?P<y>(?:the|a|an|its|their|his|her) [^,.;“”\"]{2,40})\.$"
        ),
    ),
    # "Protests spread in Cairo." -> "In Cairo, protests spread."
    (
        "place_front",
        re.compile(
            rf"^(?P<x>{_NQC}{{15,}}) (?P<t>in (?:[A-Z][\w-]+(?: [A-Z][\w-]+){{0,2}}|\d{{4}}))\.$"
        ),
    ),
    # "Egypt and Tunisia" -> "Tunisia and Egypt"; "robots and vessels" -> "vessels and robots"
    (
        "and_swap",
        re.compile(
            r"(?<=[a-z,] )(?P<a>[A-Z][a-z]{2,}|[a-z]{3,}s) and (?P<b>[A-Z][a-z]{2,}|[a-z]{3,}s)\b"
        ),
    ),
    # "BP's shares fell" -> "The shares of BP fell"
    (
        "possessive",
        re.compile(
            rf"(?P<pre>^|[\s(])(?P<x>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){{0,2}})['’]s (?P<y>[a-z]{{3,}}){_AFTER_NOUN}"
        ),
    ),
)


def _parse_table(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in text.replace("\n", ";").split(";"):
        if entry.strip():
            word, _, alts = entry.partition(":")
            out[word.strip()] = tuple(a.strip() for a in alts.split("|"))
    return out


SYNONYMS = _parse_table(_SYNONYM_TABLE)
_REPLACEMENT_WORDS = frozenset(alt.split()[0] for alts in SYNONYMS.values() for alt in alts)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _quote_spans(sentence: str, open_at_start: bool) -> tuple[list[tuple[int, int]], bool]:
    """Character spans of quoted speech in ``sentence`` (a quote may run in from the last
    sentence or on into the next), and whether a quote is open at its end."""
    spans: list[tuple[int, int]] = []
    start = 0 if open_at_start else None
    for i, ch in enumerate(sentence):
        if ch == "“" or (ch == '"' and start is None):
            start = i
        elif ch == "”" or (ch == '"' and start is not None):
            spans.append((0 if start is None else start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(sentence)))
    return spans, start is not None


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


@dataclass(frozen=True, slots=True)
class Paraphraser:
    """Rewrite sentences by rule: synonyms, clause reordering, voice and connectives,
    sentence merge and split, adverb dropping. Numbers, capitalised words and quoted speech
    are kept as they are.

    ``strength`` in (0, 1] sets how much changes: each sentence gets a clause-level change
    and each word of the synonym table is swapped with probability ``0.3 + 0.7 * strength``
    (a second clause change with ``strength ** 2``); connectives are swapped and adverbs
    dropped with ``strength``; neighbours are merged or split with ``0.1 + 0.4 * strength``;
    a sentence that came out unchanged is forced through the rules again (some sentences
    offer none: quoted speech, sentences with no word of the table). ``drop`` is the share of sentences (never the first) left out, 0
    for a full rewrite. ``lowercase_words`` are the words written in lowercase inside a
    sentence (from the corpus): a clause moved inside a sentence loses its capital only when
    its first word is one of them, so names keep theirs.
    """

    strength: float = 0.6
    drop: float = 0.0
    lowercase_words: frozenset[str] = COMMON_STARTS

    def __post_init__(self) -> None:
        if not 0 < self.strength <= 1:
            raise ValueError(
                f"the 'strength' parameter of Paraphraser must be in (0, 1], got {self.strength!r}"
            )
        if not 0 <= self.drop < 1:
            raise ValueError(
                f"the 'drop' parameter of Paraphraser must be in [0, 1), got {self.drop!r}"
            )

    def rewrite(self, sentences: Sequence[str], rng: random.Random) -> list[str]:
        """The paraphrased sentences (their number changes with merges, splits and drops)."""
        s = self.strength
        pw = 0.3 + 0.7 * s
        kept = list(sentences)
        if self.drop and len(kept) > 3:
            n_drop = min(round(self.drop * len(kept)), len(kept) - 2)
            gone = set(rng.sample(range(1, len(kept)), n_drop))
            kept = [x for i, x in enumerate(kept) if i not in gone]
        out: list[str] = []
        frees: list[bool] = []
        open_quote = False
        for sent in kept:
            starts_open = open_quote
            _, open_quote = _quote_spans(sent, starts_open)
            new = sent
            free = not starts_open and not open_quote
            if free and rng.random() < pw:
                new = self._restructure(new, rng)
                if rng.random() < s * s:
                    new = self._restructure(new, rng)
            if free and rng.random() < s:
                new = _swap_connective(new)
            new = replace_words(new, rng, pw, starts_open=starts_open)
            if rng.random() < s:
                new = drop_adverbs(new, starts_open=starts_open)
            if new == sent:
                if free:
                    new = self._restructure(new, rng)
                new = replace_words(new, rng, 1.0, starts_open=starts_open)
            out.append(_cap(new) if not sent[:1].islower() else new)  # "uk - including"
            frees.append(free)
        return self._merge_split(out, frees, rng, 0.1 + 0.4 * s)

    def _decap(self, s: str) -> str:
        """Lowercase the first letter when the first word is a common word, not a name."""
        first = s.split(" ", 1)[0]
        return s[:1].lower() + s[1:] if first.lower() in self.lowercase_words else s

    def _restructure(self, sent: str, rng: random.Random) -> str:
        """One clause-level change, drawn among the rules that apply: move an attribution,
        a subordinate clause or a time phrase, change the voice, turn a possessive round;
        the sentence unchanged when none applies."""
        options = [(name, m) for name, pat in _CLAUSE_RULES if (m := pat.search(sent))]
        rng.shuffle(options)
        for name, m in options:
            out = self._apply(name, m, sent)
            if out is not None:
                return out
        return sent

    def _apply(self, name: str, m: re.Match[str], sent: str) -> str | None:
        dc = self._decap
        g = m.groupdict()
        if name in ("and_swap", "possessive") and _inside(m.start(), _quote_spans(sent, False)[0]):
            return None  # quoted speech is kept as it is
        x = g.get("x") or ""
        if x.rsplit(" ", 1)[-1].lower() in _AUXILIARIES:
            return None  # "Oil is said to ..." is not an attribution
        if name == "say_front":
            return f"{_cap(g['y'])}, {dc(x)} {g['v']}{g['t'] or ''}."
        if name == "say_back":
            if len(x.split()) > 6 or set(x.lower().split()) & _AUXILIARIES:
                return None  # "Y, said the tests were ..." is not "Y, said <speaker>"
            return f"{_cap(x)} {g['v']} {dc(g['y'])}."
        if name == "quote_back":
            return f"{_cap(x)} {g['v']}: “{g['q']}.”"
        if name == "according_back":
            return f"According to {x}, {dc(g['y'])}."
        if name == "according_front":
            return f"{_cap(g['y'])}, according to {x}."
        if name == "sub_front":
            return f"{_cap(g['y'])} {g['c'].lower()} {dc(x)}."
        if name == "sub_back":
            return f"{g['c'].capitalize()} {dc(x)}, {dc(g['y'])}."
        if name == "when_front":
            return f"{_cap(g['t'])}, {dc(x)}{g['y']}."
        if name == "place_front":
            return f"{_cap(g['t'])}, {dc(x)}."
        if name == "when_back":
            t = g["t"]
            return f"{_cap(g['y'])} {t[:1].lower() + t[1:]}."
        if name == "passive":
            v = g["v"]
            past = _IRREGULAR_PARTICIPLES.get(v) or (v if v.endswith("ed") else None)
            if past is None:
                return None
            return f"{_cap(g['y'])} {past} {dc(x)}{g['rest']}"
        if name == "active":
            y = g["y"]
            aux = "were" if y.split()[-1].endswith("s") else "was"
            return f"{_cap(y)} {aux} {g['v']} by {x}."
        if name == "and_swap":
            a, b = g["a"], g["b"]
            if a[0].isupper() != b[0].isupper() or {a, b} & _NOT_PLURAL:
                return None
            if a.islower() and (a.endswith(("ss", "us", "is")) or b.endswith(("ss", "us", "is"))):
                return None
            return f"{sent[: m.start()]}{b} and {a}{sent[m.end() :]}"
        # possessive
        if x.lower() in self.lowercase_words or g["y"] in _AUXILIARIES:
            return None  # "It's", "He's been"
        if re.search(r"\b(?:the|a|an|this|that)\s*$", sent[: m.start("x")], re.I):
            return None  # "the Interior Department's staff"
        the = "The" if m.start("x") == 0 else "the"
        return f"{sent[: m.start()]}{g['pre']}{the} {g['y']} of {x}{sent[m.end() :]}"

    def _merge_split(
        self, sents: list[str], frees: list[bool], rng: random.Random, p: float
    ) -> list[str]:
        """Merge short neighbours ("A. B." -> "A, and b.") and split long sentences at
        ", and" / ", but" / "; ", each with probability ``p`` where the rule applies; never
        inside quoted speech (``frees[i]`` is False for a sentence in or with a quote)."""
        out: list[str] = []
        i = 0
        while i < len(sents):
            a = sents[i]
            b = sents[i + 1] if i + 1 < len(sents) else None
            quoted = _has_quote(a) or not frees[i]
            if (
                b is not None
                and not quoted
                and frees[i + 1]
                and not _has_quote(b)
                and a.endswith(".")
                and len(a.split()) <= 18
                and len(b.split()) <= 18
                and b.split(" ", 1)[0].lower() in self.lowercase_words
                and rng.random() < p
            ):
                out.append(f"{a[:-1]}, and {self._decap(b)}")
                i += 2
                continue
            m = _SPLIT.match(a)
            if m and not quoted and rng.random() < p:
                y = m.group("y")
                out.append(m.group("x").rstrip(",;") + ".")
                out.append(("But " + self._decap(y)) if m.group("c") == "but" else _cap(y))
            else:
                out.append(a)
            i += 1
        return out


_NOT_PLURAL = word_set(
    "this thus its his hers ours yours theirs always perhaps whereas news series was has does "
    "afterwards towards besides sometimes"
)
_AUXILIARIES = word_set("is are was were be been being has have had will would")
_SPLIT = re.compile(
    r"^(?P<x>[^,“”\"]{25,}?)(?:, (?P<c>and|but) |; )(?P<y>[^,“”\"]{8,}[^“”\"]{17,})$"
)


def _has_quote(s: str) -> bool:
    return any(q in s for q in '“”"')


def _swap_connective(sent: str) -> str:
    for a, b in _CONNECTIVES:
        if sent.startswith(a):
            return b + sent[len(a) :]
    return sent


def replace_words(
    sent: str, rng: random.Random, p: float, *, starts_open: bool = False, limit: int | None = None
) -> str:
    """Swap words and phrases of the synonym table with probability ``p`` each, at most
    ``limit`` of them, never inside quoted speech, never a capitalised word other than the
    sentence's first."""
    spans, _ = _quote_spans(sent, starts_open)
    done = 0

    def ok(m: re.Match[str]) -> bool:
        nonlocal done
        if _inside(m.start(), spans) or (limit is not None and done >= limit):
            return False
        if rng.random() >= p:
            return False
        done += 1
        return True

    for pat, repl in _PHRASES:

        def phrase(m: re.Match[str], r: str = repl) -> str:
            return m.expand(r) if ok(m) else m.group(0)

        sent = re.sub(pat, phrase, sent)
        spans, _ = _quote_spans(sent, starts_open)

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        alts = SYNONYMS.get(low)
        if alts is None or (w != low and (m.start() > 0 or w != _cap(low))):
            return w
        if w != low and re.match(r" [A-Z]", sent[m.end() : m.end() + 2]):
            return w  # "New Orleans", "Major General"
        if not ok(m):
            return w
        alt = rng.choice(alts)
        return _cap(alt) if w != low else alt

    out = re.sub(r"(?<![\w-])[A-Za-z]+(?![\w-])", word, sent)  # not inside "in-house"
    if out == sent:
        return out
    # "a" / "an" before a word the table put in, outside quotes
    spans, _ = _quote_spans(out, starts_open)

    def article(m: re.Match[str]) -> str:
        nxt = m.group(2)
        if nxt not in _REPLACEMENT_WORDS or _inside(m.start(), spans):
            return m.group(0)
        return m.group(1) + ("n " if nxt[0] in "aeiou" else " ")

    return re.sub(r"\b([Aa])n? (?=(\w+))", article, out)


def drop_adverbs(sent: str, *, starts_open: bool = False, limit: int | None = None) -> str:
    """Remove the adverbs of the drop list outside quoted speech (``limit`` of them at most)."""
    spans, _ = _quote_spans(sent, starts_open)
    done = 0

    def word(m: re.Match[str]) -> str:
        nonlocal done
        w = m.group(1)
        if w.lower() not in _ADVERBS or _inside(m.start(1), spans):
            return m.group(0)
        if (w != w.lower() and m.start(1) > 0) or (limit is not None and done >= limit):
            return m.group(0)
        done += 1
        return ""

    out = re.sub(r"\b([A-Za-z]+)\b ?", word, sent)
    out = re.sub(r" ,", ",", re.sub(r",\s*,", ",", out)).strip().lstrip(",; ")
    return out if sent[:1].islower() else _cap(out)
