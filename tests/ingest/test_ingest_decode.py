"""decode_bytes: BOM, declared charset, <meta charset>, UTF-8, legacy guesses, binary refusal."""

from __future__ import annotations

import codecs
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.errors import BinaryInputError
from newsfuse.ingest import decode_bytes
from newsfuse.ingest.decode import clean_controls, normalize_charset, utf16_without_bom

FRENCH = "Le président a déclaré mercredi que la réforme serait adoptée « sans délai »."
GERMAN = "Die Bürger müssen größere Straßen überqueren, sagte der Bürgermeister."
RUSSIAN = "Президент заявил в среду, что реформа будет принята без промедления."


def test_utf8_plain() -> None:
    assert decode_bytes("Zürich “quoted” – ok".encode(), source="a") == "Zürich “quoted” – ok"


def test_newlines_are_normalised_and_bom_stripped() -> None:
    data = b"\xef\xbb\xbfline one\r\nline two\rline three\n"
    assert decode_bytes(data, source="a") == "line one\nline two\nline three\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-be-bom"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    if codec == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + (FRENCH + "\r\n").encode("utf-16-be")
    else:
        data = (FRENCH + "\r\n").encode(codec)
    assert decode_bytes(data, source="a") == FRENCH + "\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec: str) -> None:
    assert decode_bytes(FRENCH.encode(codec), source="a") == FRENCH


def test_utf16_without_bom_when_declared() -> None:
    assert decode_bytes(FRENCH.encode("utf-16-le"), source="a", declared="utf-16le") == FRENCH


def test_cp1252_typographic_quotes() -> None:
    text = "He said “no” — twice… and left €5."
    assert decode_bytes(text.encode("cp1252"), source="a") == text


@pytest.mark.parametrize("text", [FRENCH, GERMAN])
def test_latin1_western_text(text: str) -> None:
    assert decode_bytes(text.encode("latin-1"), source="a") == text


def test_cp1251_cyrillic() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251"), source="a") == RUSSIAN


def test_cp1250_polish() -> None:
    text = "Zażółć gęślą jaźń, powiedział minister w środę wieczorem."
    assert decode_bytes(text.encode("cp1250"), source="a") == text


def test_shift_jis() -> None:
    text = "東京で新しい法律が可決されました。政府は来年から施行すると発表した。"
    assert decode_bytes(text.encode("shift_jis"), source="a") == text


def test_declared_charset_wins_when_it_decodes() -> None:
    assert decode_bytes(RUSSIAN.encode("koi8-r"), source="a", declared="KOI8-R") == RUSSIAN


def test_wrong_declared_charset_is_ignored() -> None:
    # Declared UTF-8 but the bytes are cp1251: the declaration does not decode, guess instead.
    assert decode_bytes(RUSSIAN.encode("cp1251"), source="a", declared="utf-8") == RUSSIAN


def test_html_meta_charset() -> None:
    html = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p>'
    text = decode_bytes(html.encode("cp1251"), source="a", kind="html")
    assert RUSSIAN in text


def test_html_http_equiv_charset() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"</head><body><p>{FRENCH}</p>"
    )
    assert FRENCH in decode_bytes(html.encode("latin-1"), source="a", kind="html")


def test_iso_8859_1_label_means_windows_1252() -> None:
    assert normalize_charset("ISO-8859-1") == "cp1252"
    assert decode_bytes("“x”".encode("cp1252"), source="a", declared="iso-8859-1") == "“x”"
    assert normalize_charset("no-such-charset") is None


def test_mostly_utf8_with_bad_bytes_decodes_with_replacement() -> None:
    good = ("Déjà vu: « le marché » a réagi. " * 20).encode()
    data = good[:100] + b"\xff\xfe" + good[100:] + b"\x81"
    text = decode_bytes(data, source="a")
    assert "Déjà vu" in text
    assert text.count("\ufffd") == 3


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_binary_by_magic_number(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what):
        decode_bytes(data, source="img")


@pytest.mark.parametrize("data", [b"\x00" * 200, os.urandom(4096), b"ab\x00\x01\x02cd" * 100])
def test_binary_by_control_bytes(data: bytes) -> None:
    with pytest.raises(BinaryInputError, match="binary content"):
        decode_bytes(data, source="blob")


def test_binary_error_names_the_source() -> None:
    with pytest.raises(BinaryInputError) as info:
        decode_bytes(b"\x00" * 50, source="dir/x.bin")
    assert str(info.value).startswith("dir/x.bin: binary content")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1))
def test_utf8_round_trip(text: str) -> None:
    expected = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert decode_bytes(text.encode("utf-8"), source="h") == expected


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1))
def test_declared_utf16_round_trip(text: str) -> None:
    expected = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert decode_bytes(text.encode("utf-16"), source="h") == expected


def _interleave(values: bytes, high: int = 0) -> bytes:
    """Little-endian 16-bit units with the given low bytes and one high byte."""
    return bytes(b for v in values for b in (v, high))


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 4096,  # silence, padding
        _interleave(os.urandom(2048)),  # an int16 array of small values
        _interleave(bytes(range(256)) * 8),
        _interleave(b"0123456789.,;- " * 100),  # digits and punctuation, no words
        (b"\x89PNG\r\n\x1a\n" + FRENCH.encode("utf-16-le")) * 4,  # a magic number wins
        b"A\x00" * 10 + b"\x00\x00" * 2000,  # text at the start, then NUL units
    ],
)
def test_nul_heavy_binary_is_not_taken_for_utf16(data: bytes) -> None:
    assert utf16_without_bom(data) is None
    with pytest.raises(BinaryInputError):
        decode_bytes(data, source="blob")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_odd_length_and_long(codec: str) -> None:
    data = (FRENCH + "\n") * 200
    assert utf16_without_bom(data.encode(codec)) == codec
    cut = data.encode(codec)[:-1]  # the last unit broken off
    assert decode_bytes(cut, source="a") == data[:-1] + "\ufffd"


CONTROL_CASES = [
    ("NUL\x00 in\x00side", "NUL inside"),
    ("bell\x07 backspace\x08 delete\x7f c1\x80\x9f", "bell backspace delete c1"),
    ("form\x0cfeed vertical\x0btab next\x85line", "form\nfeed vertical\ntab next\nline"),
    ("tab\tand\nnewline\r\nkept\rcr", "tab\tand\nnewline\nkept\ncr"),
    # terminal escapes: window title (OSC ... BEL and OSC ... ST), clear screen, colours, reset
    ("Port strike \x1b]0;PWNED\x07\x1b[2J day three", "Port strike  day three"),
    ("\x1b]2;title\x1b\\red \x1b[1;31mALERT\x1b[0m done\x1bc", "red ALERT done"),
    ("8-bit \x9b2J\x9d0;t\x9cCSI", "8-bit CSI"),
    ("unterminated \x1b]0;title stays", "unterminated 0;title stays"),
]


@pytest.mark.parametrize(("raw", "clean"), CONTROL_CASES)
def test_control_characters_and_escape_sequences_are_removed(raw: str, clean: str) -> None:
    assert clean_controls(raw.replace("\r\n", "\n")) == clean
    pad = "The port stayed closed on Monday. " * 10  # below the binary threshold
    assert decode_bytes((pad + raw).encode(), source="a") == pad + clean
    assert decode_bytes((pad + raw).encode("utf-16"), source="a") == pad + clean


def test_controls_removed_in_html_and_legacy_charsets() -> None:
    html = ("<p>Caf\xe9\x00 \x1b[2Jopen</p>" + "<p>The port stayed closed.</p>" * 5).encode(
        "cp1252"
    )
    text = decode_bytes(html, source="a", kind="html")
    assert text.startswith("<p>Café open</p><p>The port")


def test_controls_below_the_binary_threshold_never_stay_in_text() -> None:
    data = ("A quiet day in the port. " * 40).encode() + b"\x00\x01\x1b" * 3
    text = decode_bytes(data, source="a")
    assert not any(ch < " " and ch not in "\t\n" for ch in text)


@pytest.mark.parametrize(
    "label",
    ["undefined", "idna", "punycode", "utf-7", "unicode_escape", "rot13", "base64", "utf8\0"],
)
def test_labels_that_are_no_charset_are_unknown(label: str) -> None:
    assert normalize_charset(label) is None
    data = "Café +ADw-b+AD4- \\x41".encode()
    for kind in ("text", "html"):
        assert decode_bytes(data, source="a", declared=label, kind=kind) == "Café +ADw-b+AD4- \\x41"
    page = f'<meta charset="{label.strip(chr(0))}"><p>Café</p>'.encode()
    assert decode_bytes(page, source="a", kind="html").endswith("<p>Café</p>")


def test_a_long_legacy_text_is_guessed_from_its_start_in_linear_time() -> None:
    import time

    data = (FRENCH + " ").encode("cp1252") * 80_000  # 6.5 MB without a declared charset
    start = time.perf_counter()
    text = decode_bytes(data, source="a")
    assert time.perf_counter() - start < 1.0  # scoring every character took 1.7 s
    assert text.startswith(FRENCH) and len(text) == len(data)
