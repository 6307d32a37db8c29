"""Corpora of any size for the scale benchmarks: real news text, copies at known rates.

The base is the labelled syndication corpus of ``_syndication.py`` (Timeline17 originals with
exact copies, wraps, edits, shuffles, truncations, pages, shared passages and rewrites, plus
distractors) topped up with the real Timeline17 articles it leaves out. To reach 100k or 1M
articles the base is repeated in *rounds*: round ``r`` moves every publication date on by
``r`` x 45 days (each round is a later stretch of the same stream) and writes every content
word through a cipher of its own (a seeded pseudo-word per word and round, case kept), while
function words, speech verbs, calendar words and numbers stay as they are. So the articles of
one round relate to each other exactly as the base's do (a copy stays a copy, a rewrite a
rewrite), the finders still see English structure (quotes, "said", dates, figures), and two
rounds share no content words, as two months of news about different events would not.

Nothing is written into the repository: corpora go to ``benchmarks/.cache/scale/``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _data import CACHE_DIR

SCALE_DIR = CACHE_DIR / "scale"
ROUND_DAYS = 45
_TOKEN = re.compile(r"[A-Za-z]+")
_KEEP = frozenset(
    """a an the and or but if of to in on at by for with from as into onto over under about after
    before than then that this these those it its is are was were be been being has have had do
    does did will would shall should can could may might must not no nor so such he she they we
    you i him her them us me his hers their our your my who whom whose which what when where why
    how all any each some more most other there here also just only very said says say told tell
    telling according added adding asked asking announced announcing reported reporting claimed
    warned stated confirmed denied insisted noted explained wrote tweeted spokesman spokeswoman
    spokesperson official officials minister president mr mrs ms dr monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december today yesterday tomorrow week weeks month months year years day
    days hour hours morning evening night afternoon percent million billion thousand hundred
    dozen people per cent about around nearly almost up least more than fewer less some one two
    three four five six seven eight nine ten eleven twelve first second third last next s t
    re ve ll d m""".split()  # noqa: SIM905
)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _pseudo(word: str, key: int) -> str:
    """A pronounceable pseudo-word for ``word`` under cipher ``key``, of about its length."""
    digest = hashlib.blake2b(f"{key}:{word}".encode(), digest_size=16).digest()
    n = max(1, (len(word) + 1) // 2)
    out = "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in digest[:n])
    return out[: max(2, len(word))]


class Cipher:
    """The content words of one round, each written as its own pseudo-word (case kept)."""

    def __init__(self, key: int) -> None:
        self.key = key
        self._memo: dict[str, str] = {}

    def word(self, w: str) -> str:
        lower = w.lower()
        if lower in _KEEP:
            return w
        p = self._memo.get(lower)
        if p is None:
            p = self._memo[lower] = _pseudo(lower, self.key)
        if w.isupper() and len(w) > 1:
            return p.upper()
        if w[0].isupper():
            return p[0].upper() + p[1:]
        return p

    def text(self, s: str | None) -> str | None:
        if s is None or self.key == 0:
            return s
        return _TOKEN.sub(lambda m: self.word(m.group()), s)


def base_rows(size: int, distractors: int, seed: int) -> list[dict[str, Any]]:
    """The base corpus as JSONL rows (text and metadata), in a seeded order."""
    from _syndication import SyndicationCorpus, detokenize, load_timeline17

    pool = load_timeline17()
    corpus = SyndicationCorpus(size=size, distractors=distractors, seed=seed).build(pool)
    rows = [
        {
            "text": a.text,
            "title": a.title,
            "outlet": a.outlet,
            "published": a.published,
            "credit": a.credit,
            "url": a.url,
        }
        for a in corpus.articles
    ]
    used = {m.source for m in corpus.members.values()}
    for a in pool:
        if a.key not in used:
            text = "\n\n".join(detokenize(s) for s in a.sentences)
            rows.append({"text": text, "outlet": a.outlet, "published": a.date})
    random.Random(seed).shuffle(rows)
    return [{k: v for k, v in r.items() if v} for r in rows]


def _shift(published: str | None, days: int) -> str | None:
    if not published or not days:
        return published
    try:
        day = date.fromisoformat(published[:10]) + timedelta(days=days)
    except ValueError:
        return published
    return day.isoformat() + published[10:]


def rows(
    total: int, *, size: int = 1000, distractors: int = 400, seed: int = 0
) -> Iterator[dict[str, Any]]:
    """``total`` articles: the base corpus repeated in ciphered, later rounds (round by round,
    so the stream moves forward in time)."""
    base = base_rows(size, distractors, seed)
    done, r = 0, 0
    while done < total:
        cipher = Cipher(r)
        for row in base:
            if done >= total:
                return
            out = dict(row)
            for k in ("text", "title"):
                if k in out:
                    out[k] = cipher.text(out[k])
            if "url" in out:
                out["url"] = f"{out['url']}?r={r}" if r else out["url"]
            if "published" in out:
                out["published"] = _shift(out["published"], r * ROUND_DAYS)
            yield out
            done += 1
        r += 1


def write(path: Path, total: int, **params: Any) -> Path:
    """Write ``total`` rows to ``path`` as JSONL once (kept for later runs)."""
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows(total, **params):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path
