"""Reading MEANTIME's CAT XML: the document text rebuilt from its tokens, with offsets.

Shared by benchmarks/timex.py (time expressions) and benchmarks/entities.py (entity
linking). Tokens are joined with one space, no space before closing punctuation and
clitics ("'s", "n't") or after opening brackets and currency signs, and a line break
between sentences.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.I)
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


@dataclass(frozen=True, slots=True)
class Tokens:
    """A document's text and, for each token id, its character span and sentence id."""

    text: str
    spans: dict[str, tuple[int, int]]
    sentence_of: dict[str, str]


def read_tokens(tree: ET.Element) -> Tokens:
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, str] = {}
    pos, sentence, prev = 0, None, ""
    for tok in tree.iter("token"):
        word = tok.text or ""
        if sentence is None:
            sep = ""
        elif tok.get("sentence") != sentence:
            sep = "\n"
        elif _NO_SPACE_BEFORE.match(word) or prev in _NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        pos += len(sep)
        t_id = tok.get("t_id", "")
        spans[t_id] = (pos, pos + len(word))
        sentence_of[t_id] = tok.get("sentence", "0")
        parts.append(word)
        pos += len(word)
        sentence, prev = tok.get("sentence"), word
    return Tokens("".join(parts), spans, sentence_of)
