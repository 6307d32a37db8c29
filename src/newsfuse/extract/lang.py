"""Language identification (py3langid, whose model ships inside the package) and stop-word
lists (jusText's, also shipped in its package): nothing is downloaded at run time."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# ISO 639-1 -> jusText stoplist name, for the languages jusText ships.
_JUSTEXT_NAMES = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "hy": "Armenian", "az": "Azerbaijani",
    "eu": "Basque", "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton",
    "bg": "Bulgarian", "ca": "Catalan", "hr": "Croatian", "cs": "Czech", "da": "Danish",
    "nl": "Dutch", "en": "English", "eo": "Esperanto", "et": "Estonian", "fi": "Finnish",
    "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German", "el": "Greek",
    "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese",
    "kn": "Kannada", "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lv": "Latvian", "lt": "Lithuanian", "lb": "Luxembourgish",
    "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam", "mt": "Maltese", "mr": "Marathi",
    "ne": "Nepali", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk",
    "oc": "Occitan", "fa": "Persian", "pl": "Polish", "pt": "Portuguese", "qu": "Quechua",
    "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "sk": "Slovak", "sl": "Slovenian",
    "es": "Spanish", "su": "Sundanese", "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog",
    "ta": "Tamil", "te": "Telugu", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "cy": "Welsh", "fy": "West_Frisian", "yo": "Yoruba",
}

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_chars: int = 40, min_prob: float = 0.5) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short or the
    identifier is unsure (probability below ``min_prob``)."""
    sample = text[:20000]
    if len(_WORD.findall(sample)) < 4 or len(sample.strip()) < min_chars:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= min_prob else None


def normalize_language(code: str | None) -> str | None:
    """``"en-US"``, ``"en_GB"``, ``"EN"`` -> ``"en"``; junk -> None."""
    if not code:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_].*)?\s*$", code)
    return m.group(1).lower() if m else None


@lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """Stop words of ``language`` (ISO 639-1), lowercased; English when unknown."""
    import justext

    name = _JUSTEXT_NAMES.get(language or "en", "English")
    try:
        return frozenset(w.lower() for w in justext.get_stoplist(name))
    except (ValueError, KeyError):  # pragma: no cover - every mapped name ships with jusText
        return frozenset(w.lower() for w in justext.get_stoplist("English"))
