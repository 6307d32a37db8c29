"""The text primitives every stage reads text with: sentences, word lists, numbers, names and
quoted passages.

::

    from newsfuse.text import split_sentences, numbers, name_key, FUNCTION_WORDS

- :mod:`.sentences`: :func:`split_sentences` (sentence spans of a clean text);
- :mod:`.words`: :data:`FUNCTION_WORDS`, :data:`COMMON_INITIAL`, :data:`TITLES`,
  :data:`MONTHS_DAYS`;
- :mod:`.numbers`: :func:`numbers` (the normalised figures of a text) and the bounded readers
  :func:`read_digits`, :func:`read_number_words`, :func:`scaled`;
- :mod:`.names`: :data:`CAP_TOKEN`, :func:`name_key`, :func:`name_candidates`, :func:`names_of`;
- :mod:`.quoted`: :func:`quotes` (quoted passages of three words or more).

What these say about two texts (the facts a rewrite keeps) is :mod:`newsfuse.dedup.facts`.
"""

from newsfuse.text.names import (
    CAP_TOKEN,
    LOWER_PREFIX,
    OPENING,
    name_candidates,
    name_key,
    names_of,
)
from newsfuse.text.numbers import (
    MAX_FIGURE,
    MAX_FIGURE_DIGITS,
    NUMBER_TENS,
    NUMBER_UNITS,
    SCALES,
    SHORT_SCALES,
    numbers,
    read_digits,
    read_number_words,
    scaled,
)
from newsfuse.text.quoted import quote_words, quotes
from newsfuse.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from newsfuse.text.words import COMMON_INITIAL, FUNCTION_WORDS, MONTHS_DAYS, TITLES

__all__ = [
    "CAP_TOKEN",
    "COMMON_INITIAL",
    "FUNCTION_WORDS",
    "LOWER_PREFIX",
    "MAX_FIGURE",
    "MAX_FIGURE_DIGITS",
    "MAX_SENTENCE_CHARS",
    "MONTHS_DAYS",
    "NUMBER_TENS",
    "NUMBER_UNITS",
    "OPENING",
    "SCALES",
    "SHORT_SCALES",
    "TITLES",
    "name_candidates",
    "name_key",
    "names_of",
    "numbers",
    "quote_words",
    "quotes",
    "read_digits",
    "read_number_words",
    "scaled",
    "split_sentences",
]
