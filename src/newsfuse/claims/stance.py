"""Stance: does a text agree with a claim, contradict it, merely report it, or not concern it?

newsfuse compares what different outlets say about the same thing. Two questions come up:

- :func:`sentence_relation` (sentence against sentence): are two sentences the *same* statement,
  one that *contradicts* the other, a *different* statement on the same topic, or *unrelated*?
  Paraphrase similarity alone cannot tell "X confirmed the attack" from "X denied the attack"
  (they share every content word but one), so the relation first decides whether the two are
  *aligned*, i.e. the same frame of content words once numbers and stance words are set
  aside, and then looks at what differs inside the frame: the polarity (negations and refuting
  words such as "denied", "false", "hoax"), the numbers, the names.
- :func:`stance` (a claim such as a headline against a body text): ``agree`` (the body
  corroborates the claim), ``disagree`` (it refutes or denies it), ``discuss`` (it reports the
  claim without taking a side: "reportedly", "claims", "could not be verified") or
  ``unrelated``. The FNC-1 labels, which this follows.

How :func:`stance` decides:

1. *Relatedness*: the share of the claim's content words (stemmed, function and stance words
   left out; numbers kept), weighted by IDF when the classifier was fitted and otherwise with
   names and numbers counting double, that occur in the body; or the best sentence paraphrase
   probability (:class:`~newsfuse.dedup.similarity.SentenceSimilarity`) when that is higher.
   Below ``related_threshold`` the pair is unrelated.
2. *Focus sentences*: the ``top_sentences`` body sentences that cover most of the claim, and the
   lede (the first ``lede_sentences``, where a report states its own position), at half weight.
3. *Evidence* in the focus sentences, each counting its weight: refuting words (disagree);
   hedges (discuss); statements aligned with the claim without a hedge or refuting word, and
   confirming words (agree). An aligned focus sentence that :func:`sentence_relation` finds
   contradicting the claim (negation mismatch, changed number) counts as refutation, one
   that is the *same* and unhedged counts as agreement. Strong refuting words anywhere in the
   body ("hoax", "fake", "debunked", "not true") add a little (a debunking piece repeats them).
4. *Decision*: disagree when the refutation reaches ``disagree_threshold``; otherwise agree when
   the agreement reaches ``agree_threshold`` and is more than the hedging; otherwise discuss.

Nothing here is fitted on labelled data: the word lists are general English (negations, refuting
and confirming words, hedges), the thresholds were set by reasoning about the counts above
(one refuting focus sentence is a refutation; an unhedged aligned sentence is agreement), and
the paraphrase weights are those of :mod:`newsfuse.dedup.similarity` (fitted on SemEval STS news
headlines). :meth:`StanceClassifier.fit` learns only unlabelled IDF weights from texts.
``benchmarks/stance.py`` measures it on the available half of the FNC-1 competition test set
(13,305 pairs): FNC score 75.2, macro-F1 0.554 (F1 agree 0.37, disagree 0.29, discuss 0.60,
unrelated 0.97), about 1 ms a pair; a TF-IDF relatedness threshold calling every related pair
"discuss" gets 78.5 / 0.420; published on the full set: official baseline 75.2 FNC, winners
about 82 FNC and 0.58-0.60 macro-F1.

Every finding carries character spans: :attr:`Stance.evidence` holds the spans of the body
sentences that decided the label.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from newsfuse.dedup.similarity import EncodedSentences, SentenceSimilarity, stem
from newsfuse.errors import ConfigError, is_number, require, require_fraction, require_int
from newsfuse.text import (
    COMMON_INITIAL,
    FUNCTION_WORDS,
    MONTHS_DAYS,
    TITLES,
    name_key,
    numbers,
    split_sentences,
)

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATIONS = ("same", "contradicts", "different", "unrelated")
BODY_CACHE = 256  # analysed bodies kept by a classifier (FNC pairs share bodies)

# ---------------------------------------------------------------------------------------------
# Cue words (general English). One regex, alternatives in priority order: a phrase such as
# "has not been confirmed" (a hedge) or "not true" (a refutation) takes its negation with it,
# so the negation is not counted again.
# ---------------------------------------------------------------------------------------------

_NEG_AUX = r"(?:not|never|\w*n['’]t)"
_HEDGE_PHRASES = (
    rf"{_NEG_AUX}\s+(?:yet\s+)?(?:been\s+|be\s+)?(?:independently\s+|officially\s+)?"
    r"(?:confirm|verif|substantiat|corroborat)\w*",  # not confirming is no denial
    r"(?:cannot|can['’]t|could\s+not|couldn['’]t|unable\s+to)\s+(?:be\s+)?(?:independently\s+)?"
    r"(?:confirm|verif|corroborat)\w*",
    r"it\s+(?:is|was|remains)\s+(?:not\s+|un)clear",
    r"according\s+to",
    r"(?:is|are|was|were)\s+(?:said|believed|thought|rumou?red|alleged)\s+to",
    r"if\s+(?:true|confirmed|accurate)",
)
_REFUTE_PHRASES = (
    rf"{_NEG_AUX}\s+(?:true|real|genuine|authentic|accurate)",
    r"no\s+(?:evidence|truth|proof|basis)",
    r"nothing\s+(?:but|more\s+than)\s+(?:a\s+)?(?:hoax|rumou?r|joke|prank|myth)",
    r"made[-\s]up",
    r"turned\s+out\s+to\s+be\s+(?:false|fake|a\s+hoax)",
)
_REFUTE_WORDS = (
    r"den(?:y|ies|ied|ying|ial|ials)",
    r"refut(?:e|es|ed|ing|ation)",
    r"debunk(?:s|ed|ing)?",
    r"disprov(?:e|es|ed|en|ing)",
    r"retract(?:s|ed|ion)?",
    r"false(?:ly|hood|hoods)?",
    r"untrue",
    r"hoax(?:es)?",
    r"fakes?|faked",
    r"bogus",
    r"baseless",
    r"groundless",
    r"fabricat(?:e|ed|es|ion|ions)",
    r"myths?",
    r"satir(?:e|ical)",
    r"parody",
    r"pranks?",
    r"misleading",
    r"doctored",
    r"photoshopped",
    r"unfounded",
    r"nonsense",
)
_HEDGE_WORDS = (
    r"reportedly",
    r"alleged(?:ly)?",
    r"purported(?:ly)?",
    r"supposedly",
    r"apparently",
    r"seemingly",
    r"rumou?r(?:s|ed)?",
    r"unconfirmed",
    r"unverified",
    r"unsubstantiated",
    r"claim(?:s|ed|ing)?",
    r"appears?|appeared",
    r"seems?|seemed",
    r"may|might|could",
    r"possibly|perhaps|likely|probably",
    r"speculat(?:e|es|ed|ion|ing)",
    r"suggest(?:s|ed|ing)?",
    r"unclear",
)
# epistemic modals and the like: weaker signs of a report kept at a distance than "reportedly"
_WEAK_HEDGE = re.compile(
    r"may|might|could|possibly|perhaps|likely|probably|appears?|appeared|seems?|seemed|"
    r"suggest(?:s|ed|ing)?",
    re.IGNORECASE,
)
_CONFIRM_WORDS = (
    r"confirm(?:s|ed|ing|ation)?",
    r"verified",
    r"officially",
    r"acknowledg(?:e|es|ed|ing)",
    r"admit(?:s|ted|ting)?",
    r"proven|proved",
    r"indeed",
)
_NEGATION_WORDS = (
    r"not|no|never|none|nobody|nothing|neither|nor|without|cannot",
    r"\w+n['’]t",
)


def _group(name: str, alternatives: Sequence[str]) -> str:
    return rf"(?P<{name}>\b(?:{'|'.join(alternatives)})\b)"


_CUES = re.compile(
    "|".join(
        [
            _group("hedge_phrase", _HEDGE_PHRASES),
            _group("refute_phrase", _REFUTE_PHRASES),
            r"(?P<skip>\b(?:not\s+only|not\s+just|no\s+doubt|no\s+longer\s+in\s+doubt)\b)",
            _group("refute", _REFUTE_WORDS),
            _group("hedge", _HEDGE_WORDS),
            _group("confirm", _CONFIRM_WORDS),
            _group("negation", _NEGATION_WORDS),
        ]
    ),
    re.IGNORECASE,
)
_KIND = {
    "hedge_phrase": "hedge",
    "refute_phrase": "refute",
    "refute": "refute",
    "hedge": "hedge",
    "confirm": "confirm",
    "negation": "negation",
}
# refuting words that mark a debunking piece wherever they stand in the body
_STRONG_REFUTE = re.compile(
    r"\b(?:hoax(?:es)?|fake|debunk(?:s|ed|ing)?|fabricat(?:ed|ion)|bogus|satir(?:e|ical)|"
    r"(?:is|was|are|were)\s+(?:not|n['’]t)\s+true|isn['’]t\s+true|not\s+true)\b",
    re.IGNORECASE,
)

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Cue:
    """A stance word or phrase found in a text: ``kind`` is ``negation``, ``refute``, ``hedge``
    or ``confirm``; ``start``/``end`` index the text it was found in."""

    kind: str
    text: str
    start: int
    end: int


def cues(text: str) -> tuple[Cue, ...]:
    """The negations, refuting words, hedges and confirming words of ``text``, in order."""
    found = []
    for m in _CUES.finditer(text):
        group = m.lastgroup
        if group is None or group == "skip":
            continue
        found.append(Cue(_KIND[group], m.group(0), m.start(), m.end()))
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# What one sentence gives
# ---------------------------------------------------------------------------------------------

_NOT_NAMES = FUNCTION_WORDS | COMMON_INITIAL | TITLES | MONTHS_DAYS
_NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred""".split()  # noqa: SIM905 - a word list reads better as text
)
NUMBER_WINDOW = 5  # tokens either side of a number that say what it counts
NUMBER_CONTEXT_SHARED = 2  # content words two conflicting numbers must share around them


@dataclass(frozen=True, slots=True)
class _Sentence:
    frame: frozenset[str]  # content-word stems, without numbers and stance words
    terms: frozenset[str]  # frame + number keys ("#1800") + name stems: what relatedness counts
    names: dict[str, str]  # name key -> the name as written
    token_keys: frozenset[str]  # name key of every token (a name is looked for among them)
    numbers: frozenset[str]
    number_context: dict[str, frozenset[str]]  # number key -> content stems near it
    cues: tuple[Cue, ...]
    negative: bool  # an odd number of negations and refuting words

    def count(self, kind: str) -> int:
        return sum(1 for c in self.cues if c.kind == kind)

    def hedging(self) -> float:
        """1 with a hedge such as "reportedly" or "according to", 0.5 with only modals such
        as "may" or "could", else 0."""
        hedges = [c.text for c in self.cues if c.kind == "hedge"]
        if not hedges:
            return 0.0
        return 0.5 if all(_WEAK_HEDGE.fullmatch(h) for h in hedges) else 1.0


@lru_cache(maxsize=32768)
def _sentence(text: str) -> _Sentence:
    found = cues(text)
    covered = np.zeros(len(text) + 1, dtype=bool)
    for c in found:
        covered[c.start : c.end] = True
    frame: set[str] = set()
    names: dict[str, str] = {}
    token_keys: set[str] = set()
    sequence: list[tuple[str, str] | None] = []  # ("#", number key) or ("w", stem) per token
    for m in _WORD.finditer(text):
        token = m.group(0)
        low = token.casefold()
        token_keys.add(name_key(token))
        value = numbers(token) if token[0].isdigit() or low in _NUMBER_WORDS else []
        sequence.append(("#", value[0]) if len(value) == 1 else None)
        if token[0].isdigit() or covered[m.start()]:
            continue
        s = stem(low)
        if low in FUNCTION_WORDS or s in FUNCTION_WORDS or len(low) < 2:
            continue
        frame.add(s)
        if sequence[-1] is None:
            sequence[-1] = ("w", s)
        if token[0].isupper() and low not in _NOT_NAMES and len(low) > 1:
            names.setdefault(name_key(token), token)
    nums = frozenset(numbers(text))
    context: dict[str, set[str]] = {}
    for i, item in enumerate(sequence):
        if item is not None and item[0] == "#" and item[1] in nums:
            near = sequence[max(0, i - NUMBER_WINDOW) : i + NUMBER_WINDOW + 1]
            context.setdefault(item[1], set()).update(
                x[1] for x in near if x is not None and x[0] == "w"
            )
    polarity = sum(1 for c in found if c.kind in ("negation", "refute"))
    return _Sentence(
        frame=frozenset(frame),
        terms=frozenset(frame) | frozenset("#" + n for n in nums),
        names=names,
        token_keys=frozenset(token_keys),
        numbers=nums,
        number_context={k: frozenset(v) for k, v in context.items()},
        cues=found,
        negative=polarity % 2 == 1,
    )


def _show_number(key: str) -> str:
    """``1800`` -> ``1,800`` (percentages and decimals as they are)."""
    if key.isdigit() and len(key) > 4:
        return f"{int(key):,}"
    if key.isdigit() and len(key) == 4 and not key.startswith(("19", "20")):
        return f"{int(key):,}"
    return key


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relation:
    """How sentence ``b`` relates to sentence ``a`` (see :func:`sentence_relation`).

    ``label``: ``same``, ``contradicts``, ``different`` or ``unrelated``. ``score``: the
    confidence in it, in [0, 1] (for ``same`` the paraphrase probability or the frame overlap,
    whichever is higher; for ``contradicts`` the frame overlap). ``alignment``: the Dice
    overlap of the two content-word frames; ``similarity``: the paraphrase probability of
    :class:`~newsfuse.dedup.similarity.SentenceSimilarity` (number conflicts not penalised).
    ``reason`` says in words what decided, e.g. ``"aligned, numbers differ: 1,800 vs 2,800"``.
    """

    label: str
    score: float
    alignment: float
    similarity: float
    reason: str


@dataclass(frozen=True, slots=True)
class Stance:
    """The stance of a body text towards a claim (see :func:`stance`).

    ``label``: ``agree``, ``disagree``, ``discuss`` or ``unrelated``. ``scores``: a probability
    per label (``unrelated`` is one minus the relatedness probability; the rest is shared by
    the other three by their evidence); ``label`` is ``unrelated`` when ``related`` is below
    the classifier's threshold, otherwise the most probable of the other three. ``related``:
    the relatedness score (weighted share of the claim's words found in the body, or the best
    sentence paraphrase probability). ``evidence``: the ``(start, end)`` spans of the body
    sentences that decided the label (empty for ``unrelated``). ``reason``: what decided.
    """

    label: str
    scores: dict[str, float]
    related: float
    evidence: tuple[tuple[int, int], ...]
    reason: str


@dataclass(frozen=True, slots=True)
class _Body:
    spans: tuple[tuple[int, int], ...]
    sentences: tuple[_Sentence, ...]
    encoded: EncodedSentences | None
    terms: frozenset[str]
    strong_refutes: int


# ---------------------------------------------------------------------------------------------
# The classifier
# ---------------------------------------------------------------------------------------------


class StanceClassifier:
    """Stance of texts towards claims, and the relation of two sentences.

    Parameters
    ----------
    related_threshold:
        the least relatedness, in (0, 1), for a body to be related to a claim: the weighted
        share of the claim's content words found in the body, or the best paraphrase
        probability of a body sentence. 0.4: about the claim's two key words of five.
    align_threshold:
        the least Dice overlap, in (0, 1], of two sentences' content-word frames (numbers and
        stance words left out) for them to be *aligned*: the same statement, up to what
        differs inside it. 0.6: one content word in three or four may change.
    disagree_threshold:
        the least refutation evidence (focus sentences with a refuting word or a contradiction,
        lede sentences counting half, plus a quarter per strong refuting word in the body, at
        most one) for ``disagree``, > 0.
    agree_threshold:
        the least agreement evidence (unhedged focus sentences aligned with the claim, and
        confirming words) for ``agree``, > 0; agreement must also exceed the hedging.
    top_sentences:
        how many body sentences closest to the claim are read for evidence, an int >= 1.
    lede_sentences:
        how many opening sentences of the body are read too (at half weight), an int >= 0.
    embedder:
        ``None`` or ``"minilm"``, passed on to :class:`~newsfuse.dedup.similarity.
        SentenceSimilarity` for the paraphrase probability.

    Unfitted, every word of a claim weighs the same except names and numbers (double);
    :meth:`fit` learns IDF weights from texts (no labels), for relatedness and similarity.
    """

    def __init__(
        self,
        *,
        related_threshold: float = 0.4,
        align_threshold: float = 0.6,
        disagree_threshold: float = 1.0,
        agree_threshold: float = 1.0,
        top_sentences: int = 3,
        lede_sentences: int = 2,
        embedder: str | None = None,
    ) -> None:
        name = type(self).__name__
        for key, value in (
            ("related_threshold", related_threshold),
            ("align_threshold", align_threshold),
        ):
            require_fraction(name, key, value, low_open=True)
        for key, value in (
            ("disagree_threshold", disagree_threshold),
            ("agree_threshold", agree_threshold),
        ):
            require(name, key, value, is_number(value) and value > 0, "a number > 0")
        require_int(name, "top_sentences", top_sentences, least=1)
        require_int(name, "lede_sentences", lede_sentences, least=0)
        self.related_threshold = float(related_threshold)
        self.align_threshold = float(align_threshold)
        self.disagree_threshold = float(disagree_threshold)
        self.agree_threshold = float(agree_threshold)
        self.top_sentences = top_sentences
        self.lede_sentences = lede_sentences
        self.embedder = embedder
        try:
            self.similarity = SentenceSimilarity(embedder, conflict_factor=1.0)
        except ConfigError as e:
            raise ConfigError(str(e).replace("SentenceSimilarity", name)) from e
        self.idf_: dict[str, float] | None = None
        self.default_idf_ = 1.0
        self._bodies: OrderedDict[str, _Body] = OrderedDict()

    # -- fitting ---------------------------------------------------------------------------------

    def fit(self, texts: Sequence[str]) -> StanceClassifier:
        """Learn IDF weights, ``log((1 + n) / (1 + df)) + 1``, from the texts (documents for
        the word weights of relatedness; their sentences for the paraphrase similarity). No
        labels are used. A word the texts never hold gets the highest weight."""
        if isinstance(texts, str):
            raise TypeError("give a list of texts, not one string")
        df: dict[str, int] = {}
        sentences: list[str] = []
        for text in texts:
            spans = split_sentences(text)
            sents = [text[a:b] for a, b in spans]
            sentences.extend(sents)
            terms: set[str] = set()
            for s in sents:
                terms |= _sentence(s).terms
            for t in terms:
                df[t] = df.get(t, 0) + 1
        n = len(texts)
        self.idf_ = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
        self.default_idf_ = math.log(1 + n) + 1.0
        if sentences:
            self.similarity.fit(sentences)
        self._bodies.clear()
        return self

    # -- sentence against sentence ---------------------------------------------------------------

    def relation(self, a: str, b: str) -> Relation:
        """How sentence ``b`` relates to sentence ``a``: ``same``, ``contradicts``,
        ``different`` or ``unrelated`` (see :func:`sentence_relation`)."""
        sa, sb = _sentence(a), _sentence(b)
        p = float(self.similarity.pairs([a], [b])[0])
        return self._relate(sa, sb, p)

    def _relate(self, sa: _Sentence, sb: _Sentence, p: float) -> Relation:
        shared = len(sa.frame & sb.frame)
        size = len(sa.frame) + len(sb.frame)
        dice = 2.0 * shared / size if size else 0.0
        smaller = min(len(sa.frame), len(sb.frame))
        aligned = shared >= min(2, max(smaller, 1)) and dice >= self.align_threshold
        paraphrase = p >= self.similarity.threshold
        if aligned or paraphrase:
            # a name on each side only weighs against sentences aligned word for word: a
            # looser paraphrase often adds or drops names with the details
            why = self._contradiction(sa, sb, names=aligned)
            if why and aligned:
                return Relation("contradicts", round(dice, 4), round(dice, 4), round(p, 4), why)
            if why is None:
                hedged = _hedge_note(sa, sb)
                how = f"aligned (word overlap {dice:.2f}, paraphrase {p:.2f})"
                return Relation(
                    "same", round(max(p, dice), 4), round(dice, 4), round(p, 4), how + hedged
                )
        why = _number_conflict(sa, sb)
        if why:
            return Relation("contradicts", round(dice, 4), round(dice, 4), round(p, 4), why)
        if shared and (dice >= 0.15 or p >= 0.1):
            return Relation(
                "different",
                round(max(p, dice), 4),
                round(dice, 4),
                round(p, 4),
                f"same topic, different statement (word overlap {dice:.2f})",
            )
        return Relation(
            "unrelated",
            round(1.0 - max(p, dice), 4),
            round(dice, 4),
            round(p, 4),
            f"no statement in common (word overlap {dice:.2f})",
        )

    @staticmethod
    def _contradiction(sa: _Sentence, sb: _Sentence, *, names: bool = True) -> str | None:
        """Why two aligned sentences contradict each other, or None."""
        if sa.negative != sb.negative:
            ra = [c.text for c in sa.cues if c.kind == "refute"]
            rb = [c.text for c in sb.cues if c.kind == "refute"]
            if ra or rb:
                words = ", ".join(dict.fromkeys(ra + rb))
                return f"aligned, one side refutes: {words}"
            return "same wording, negation differs"
        only_a, only_b = sa.numbers - sb.numbers, sb.numbers - sa.numbers
        if only_a and only_b:
            shown_a = ", ".join(_show_number(n) for n in sorted(only_a))
            shown_b = ", ".join(_show_number(n) for n in sorted(only_b))
            return f"aligned, numbers differ: {shown_a} vs {shown_b}"
        names_a = [w for k, w in sa.names.items() if k not in sb.token_keys]
        names_b = [w for k, w in sb.names.items() if k not in sa.token_keys]
        if names and names_a and names_b:
            return f"aligned, names differ: {', '.join(names_a)} vs {', '.join(names_b)}"
        return None

    # -- claim against body ----------------------------------------------------------------------

    def _body(self, body: str) -> _Body:
        found = self._bodies.get(body)
        if found is not None:
            self._bodies.move_to_end(body)
            return found
        spans = tuple(s for s in split_sentences(body) if _WORD.search(body, s[0], s[1]))
        texts = [body[a:b] for a, b in spans]
        sentences = tuple(_sentence(t) for t in texts)
        terms: frozenset[str] = frozenset().union(*(s.terms for s in sentences))
        found = _Body(
            spans=spans,
            sentences=sentences,
            encoded=self.similarity.encode(texts) if texts else None,
            terms=terms,
            strong_refutes=len(_STRONG_REFUTE.findall(body)),
        )
        self._bodies[body] = found
        while len(self._bodies) > BODY_CACHE:
            self._bodies.popitem(last=False)
        return found

    def _weight(self, term: str, claim: _Sentence) -> float:
        if self.idf_ is not None:
            return self.idf_.get(term, self.default_idf_)
        return 2.0 if term.startswith("#") or term in claim.names else 1.0

    def _coverage(self, claim: _Sentence, terms: frozenset[str]) -> float:
        total = sum(self._weight(t, claim) for t in claim.terms)
        if not total:
            return 0.0
        return sum(self._weight(t, claim) for t in claim.terms if t in terms) / total

    def stance(self, claim: str, body: str) -> Stance:
        """The stance of ``body`` towards ``claim`` (see :func:`stance`)."""
        return self.explain(claim, body)[0]

    def explain(self, claim: str, body: str) -> tuple[Stance, dict[str, float]]:
        """The stance and the evidence it weighed, by name: ``coverage`` (weighted share of
        the claim's words in the body), ``best_similarity``, ``related``, and the
        ``refute``, ``hedge`` and ``agree`` evidence (0 for unrelated pairs)."""
        return self._decide(claim, body)

    def _decide(self, claim: str, body: str) -> tuple[Stance, dict[str, float]]:
        c = _sentence(claim)
        b = self._body(body)
        n = len(b.sentences)
        sims = (
            np.asarray(self.similarity.matrix([claim], b.encoded)[0], dtype=np.float64)
            if b.encoded is not None and claim.strip()
            else np.zeros(n)
        )
        coverage = self._coverage(c, b.terms)
        best = float(sims.max()) if n else 0.0
        related = max(coverage, best)
        features = {"coverage": coverage, "best_similarity": best, "related": related}
        p_related = 1.0 / (1.0 + math.exp(-12.0 * (related - self.related_threshold)))
        if related < self.related_threshold or not n:
            share = p_related / 3.0
            scores = {k: share for k in LABELS[:3]} | {"unrelated": 1.0 - p_related}
            why = (
                f"unrelated: {coverage:.0%} of the claim's words in the body, "
                f"best sentence {best:.2f}"
            )
            features |= {k: 0.0 for k in ("refute", "hedge", "agree")}
            return Stance("unrelated", _rounded(scores), round(related, 4), (), why), features

        # focus sentences: those covering most of the claim, weighted by how close they are
        # to it relative to the closest; then the lede, at half weight or more
        cover = np.array([self._coverage(c, s.terms) for s in b.sentences])
        closeness = np.maximum(cover, sims)
        top = float(closeness.max())
        order = sorted(range(n), key=lambda i: (-closeness[i], i))
        weights: dict[int, float] = {}
        for i in order[: self.top_sentences]:
            if closeness[i] > 0:
                weights[i] = float(closeness[i]) / top
        for i in range(min(self.lede_sentences, n)):
            weights[i] = max(weights.get(i, 0.0), 0.5)

        refute = hedge = agree = 0.0
        decisive: dict[str, list[int]] = {"disagree": [], "discuss": [], "agree": []}
        notes: dict[str, list[str]] = {"disagree": [], "discuss": [], "agree": []}
        claim_refutes = c.count("refute") > 0
        for i, w in sorted(weights.items()):
            s = b.sentences[i]
            rel = self._relate(c, s, float(sims[i]))
            refutes = 0 if claim_refutes else s.count("refute")
            hedges = s.hedging()
            if rel.label == "contradicts":
                refute += w
                decisive["disagree"].append(i)
                notes["disagree"].append(rel.reason)
            elif refutes:
                refute += w
                decisive["disagree"].append(i)
                notes["disagree"].extend(x.text for x in s.cues if x.kind == "refute")
            if hedges:
                hedge += w * hedges
                decisive["discuss"].append(i)
                notes["discuss"].extend(x.text for x in s.cues if x.kind == "hedge")
            if hedges < 1.0 and not refutes and rel.label != "contradicts":
                aligned = rel.label == "same" or cover[i] >= self.align_threshold
                confirms = s.count("confirm")
                if aligned or confirms:
                    agree += w * (1.0 - hedges) * (1.0 if aligned else 0.5)
                    decisive["agree"].append(i)
                    notes["agree"].append("states the claim" if aligned else "confirms")
        if not claim_refutes:
            refute += min(1.0, 0.25 * b.strong_refutes)
        features |= {"refute": refute, "hedge": hedge, "agree": agree}

        z_disagree = 3.0 * (refute - self.disagree_threshold) + 0.5
        z_agree = 3.0 * min(agree - self.agree_threshold, agree - hedge - 0.25) + 0.5
        if refute >= self.disagree_threshold:
            label = "disagree"
            z_agree = min(z_agree, z_disagree - 0.5)
        elif agree >= self.agree_threshold and agree > hedge:
            label = "agree"
            z_disagree = min(z_disagree, z_agree - 0.5)
        else:
            label = "discuss"
            z_disagree, z_agree = min(z_disagree, -0.5), min(z_agree, -0.5)
        z = np.array([z_agree, z_disagree, 0.0])
        e = np.exp(z - z.max())
        probs = e / e.sum() * p_related
        scores = dict(zip(LABELS[:3], probs.tolist(), strict=True)) | {"unrelated": 1.0 - p_related}
        chosen = decisive[label] or sorted(weights, key=lambda i: -closeness[i])[:1]
        evidence = tuple(b.spans[i] for i in sorted(set(chosen)))
        what = ", ".join(dict.fromkeys(notes[label])) or "no side taken in the closest sentences"
        why = (
            f"{label}: {what} (refuting {refute:.2f}, hedging {hedge:.2f}, agreeing "
            f"{agree:.2f}; {coverage:.0%} of the claim's words in the body)"
        )
        return Stance(label, _rounded(scores), round(related, 4), evidence, why), features


def _number_conflict(sa: _Sentence, sb: _Sentence) -> str | None:
    """Two sentences not aligned as a whole, but each giving a number the other lacks with the
    same words around it ("about 1,800 of its members had joined" / "about 2,800 workers
    joined"), the same polarity and no name of one missing from the other."""
    only_a, only_b = sa.numbers - sb.numbers, sb.numbers - sa.numbers
    if not (only_a and only_b) or sa.negative != sb.negative:
        return None
    if any(k not in sb.token_keys for k in sa.names) and any(
        k not in sa.token_keys for k in sb.names
    ):
        return None
    for x in sorted(only_a):
        for y in sorted(only_b):
            near = sa.number_context.get(x, frozenset()) & sb.number_context.get(y, frozenset())
            if len(near) >= NUMBER_CONTEXT_SHARED:
                return (
                    f"numbers differ in the same context: {_show_number(x)} vs "
                    f"{_show_number(y)} (near: {', '.join(sorted(near))})"
                )
    return None


def _hedge_note(sa: _Sentence, sb: _Sentence) -> str:
    ha, hb = sa.count("hedge") > 0, sb.count("hedge") > 0
    if ha == hb:
        return ""
    return "; only the first is hedged" if ha else "; only the second is hedged"


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(float(scores[k]), 4) for k in LABELS}


@lru_cache(maxsize=1)
def _default() -> StanceClassifier:
    return StanceClassifier()


def sentence_relation(a: str, b: str) -> Relation:
    """How sentence ``b`` relates to sentence ``a``, with the default parameters.

    ``same``: aligned (the same content-word frame) or paraphrases, with nothing contradictory
    inside; ``contradicts``: aligned, but the polarity differs (a negation or a refuting word
    such as "denied" on one side only), or each side gives a number the other lacks, or each
    names someone the other does not; ``different``: content words in common but not the same
    statement; ``unrelated``: nothing in common.
    """
    return _default().relation(a, b)


def stance(claim: str, body: str) -> Stance:
    """The stance of ``body`` towards ``claim`` with the default parameters: ``agree``,
    ``disagree``, ``discuss`` or ``unrelated`` (see the module docstring for how)."""
    return _default().stance(claim, body)


__all__ = [
    "LABELS",
    "RELATIONS",
    "Cue",
    "Relation",
    "Stance",
    "StanceClassifier",
    "cues",
    "sentence_relation",
    "stance",
]
