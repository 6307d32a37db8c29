"""RSS and Atom files: each entry becomes a document with its metadata."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from ingest_helpers import docs, fails, run

from newsfuse.errors import MalformedInputError
from newsfuse.ingest.feeds import parse_feed, read_feed, safe_prolog
from newsfuse.records import Failure, RawDocument

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Coast Times</title><link>https://coast.example/</link><language>en-us</language>
  <item>
    <title>Storm hits coast</title>
    <link>https://coast.example/storm</link>
    <dc:creator>Ann Lee</dc:creator>
    <pubDate>Fri, 01 Mar 2024 10:30:00 +0100</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>The storm hit the coast at dawn.</p><p>More.</p>]]></content:encoded>
  </item>
  <item>
    <title>Bridge closed</title>
    <link>https://coast.example/bridge</link>
    <description>&lt;p&gt;The bridge is closed.&lt;/p&gt;</description>
  </item>
  <item><title>Only a title</title></item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Quotidien</title>
  <entry>
    <title>Inondations</title>
    <link href="https://q.example/inondations"/>
    <author><name>Marie Dupont</name></author>
    <published>2024-03-02T08:00:00Z</published>
    <updated>2024-03-02T09:00:00Z</updated>
    <content type="html">&lt;p&gt;La rivière a débordé.&lt;/p&gt;</content>
  </entry>
</feed>""".encode()


def test_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS)
    records = run([path])
    first, second = docs(records)
    assert first.source == f"{path}#1" and second.source == f"{path}#2"
    assert first.kind == "html"
    assert (
        first.data == b"<p>The storm hit the coast at dawn.</p><p>More.</p>"
    )  # content, not summary
    assert first.url == "https://coast.example/storm"
    assert first.meta == {
        "title": "Storm hits coast",
        "author": "Ann Lee",
        "published": "2024-03-01T09:30:00Z",
        "outlet": "Coast Times",
        "language": "en",
    }
    assert second.data == b"<p>The bridge is closed.</p>"
    [missing] = fails(records)
    assert missing.source == f"{path}#3" and "no content or summary" in missing.reason


def test_atom_entry(tmp_path: Path) -> None:
    path = tmp_path / "atom.atom"
    path.write_bytes(ATOM)
    [doc] = run([path])
    assert isinstance(doc, RawDocument)
    assert doc.data == "<p>La rivière a débordé.</p>".encode()
    assert doc.url == "https://q.example/inondations"
    assert doc.meta["author"] == "Marie Dupont"
    assert doc.meta["published"] == "2024-03-02T08:00:00Z"
    assert doc.meta["outlet"] == "Le Quotidien"


def test_feed_detected_by_content_and_gzipped(tmp_path: Path) -> None:
    (tmp_path / "rss.txt.gz").write_bytes(gzip.compress(RSS))
    assert len(docs(run([tmp_path / "rss.txt.gz"]))) == 2


def test_malformed_feed(tmp_path: Path) -> None:
    (tmp_path / "bad.rss").write_bytes(b'<?xml version="1.0"?><rss><channel><title>x</ti')
    records = run([tmp_path / "bad.rss"])
    assert len(records) == 1 and isinstance(records[0], Failure)
    assert records[0].reason.startswith("malformed feed")


def test_feed_without_entries(tmp_path: Path) -> None:
    (tmp_path / "empty.rss").write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    [failure] = run([tmp_path / "empty.rss"])
    assert isinstance(failure, Failure) and failure.reason == "feed has no entries"


def feed_with(doctype: str, description: str) -> bytes:
    """An RSS feed with one item, its DOCTYPE between two comments (which a pattern-based
    feed sniffer let through to the feed reader)."""
    return (
        '<?xml version="1.0"?>\n<!-- a -->\n'
        + doctype
        + '\n<!-- b -->\n<rss version="2.0"><channel><title>Wire</title><item><title>T</title>'
        + f"<description>{description}</description></item></channel></rss>"
    ).encode()


def texts_of(records: list[RawDocument | Failure]) -> str:
    return " ".join(
        r.data.decode() + " " + " ".join(r.meta.values())
        if isinstance(r, RawDocument)
        else r.reason
        for r in records
    )


@pytest.mark.parametrize("one_line", [False, True])
def test_external_entities_never_read_a_file(tmp_path: Path, one_line: bool) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    uri = secret.as_uri()
    cases = {
        "general.rss": (f'<!DOCTYPE rss [\n<!ENTITY x SYSTEM "{uri}">\n]>', "before &x; after"),
        "parameter.rss": (
            f'<!DOCTYPE rss [\n<!ENTITY % p SYSTEM "{uri}">\n%p;\n]>',
            "before after",
        ),
        "external-dtd.rss": (f'<!DOCTYPE rss SYSTEM "{uri}">', "before after"),
        "public.rss": (f'<!DOCTYPE rss PUBLIC "-//X//EN" "{uri}">', "before after"),
    }
    for name, (doctype, description) in cases.items():
        if one_line:
            doctype = doctype.replace("\n", "")
        (tmp_path / name).write_bytes(feed_with(doctype, description))
    records = run([tmp_path / name for name in cases])  # whatever the sniffer lets through
    assert len(records) == len(cases) and "TOP-SECRET" not in texts_of(records)
    for name in cases:  # and the feed reader itself
        read = list(read_feed((tmp_path / name).read_bytes(), name))
        assert "TOP-SECRET" not in texts_of(read)
        assert all(isinstance(r, RawDocument) and b"before" in r.data for r in read), read


def test_entity_expansion_cannot_blow_up() -> None:
    laughs = "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">\n'
        for i in range(10)
    )
    big = "x" * 20_000  # 2,000 references: 40 MB once expanded
    cases = [
        feed_with(f"<!DOCTYPE rss [\n{laughs}]>", "&lol9;"),
        feed_with(f"<!DOCTYPE rss [{laughs}]>", "&lol9;"),
        feed_with(f'<!DOCTYPE rss [\n<!ENTITY a "{big}">\n]>', "&a;" * 2000),
        feed_with(f'<!DOCTYPE rss [<!ENTITY a "{big}">]>', "&a;" * 2000),
        # the lenient fallback parser once expanded literal entities without any limit
        feed_with(f'<!DOCTYPE rss [\n<!ENTITY a "{big}">\n]>', "&a;" * 2000 + "<broken"),
    ]
    for data in cases:
        start = time.perf_counter()
        records = list(read_feed(data, "f"))
        assert time.perf_counter() - start < 1.0
        assert sum(len(r.data) for r in records if isinstance(r, RawDocument)) < 50_000
        assert "lollol" not in texts_of(records) and "xxxxxxxxxx" not in texts_of(records)


def test_prolog_rebuilt_keeps_encoding_and_doctype() -> None:
    data = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
        '  "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Caf\xe9</title><item><title>A</title>'
        "<description>D\xe9j\xe0 vu</description></item></channel></rss>"
    ).encode("latin-1")
    rebuilt = safe_prolog(data, "f")
    assert rebuilt.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE rss PUBLIC')
    [doc] = read_feed(data, "f")
    assert isinstance(doc, RawDocument)
    assert doc.data == "Déjà vu".encode() and doc.meta["outlet"] == "Café"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_feed(codec: str) -> None:
    data = RSS.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode(codec)
    assert [r.url for r in read_feed(data, "f") if isinstance(r, RawDocument)] == [
        "https://coast.example/storm",
        "https://coast.example/bridge",
    ]


@pytest.mark.parametrize(
    ("prolog", "reason"),
    [
        ('<!DOCTYPE rss [\n<!ENTITY a "never closed>\n', "an unterminated DOCTYPE"),
        ("<!-- never closed\n", "an unterminated comment"),
        ("<!DOCTYPE rss [ ]] >", "a DOCTYPE not closed after its internal subset"),
        ("junk", "text or markup other than comments and declarations"),
    ],
)
def test_unreadable_prolog_is_a_malformed_feed(prolog: str, reason: str) -> None:
    data = f'<?xml version="1.0"?>\n{prolog}<rss><channel><item><description>x'.encode()
    [failure] = read_feed(data, "f.rss")
    assert isinstance(failure, Failure)
    assert failure.reason == f"malformed feed: {reason} before the root element"


def test_feed_bytes_are_never_taken_for_a_path(tmp_path: Path) -> None:
    # feedparser.parse(bytes) tries open(bytes) first: a body naming a file must stay a body
    target = tmp_path / "feed.rss"
    target.write_bytes(RSS)
    with pytest.raises(MalformedInputError):
        parse_feed(str(target).encode(), "body")


def test_element_with_too_many_attributes_is_refused_fast() -> None:
    crowded = " ".join(f'a{i}="x"' for i in range(20_000))  # about 17 s in feedparser before
    data = feed_with("", "d").replace(b"<item>", f"<item {crowded}>".encode())
    start = time.perf_counter()
    [failure] = read_feed(data, "f.rss")
    assert time.perf_counter() - start < 0.5
    assert isinstance(failure, Failure)
    assert failure.reason == "malformed feed: an element with more than 1000 attributes"
    fine = " ".join(f'a{i}="x"' for i in range(900))
    assert isinstance(
        next(iter(read_feed(data.replace(crowded.encode(), fine.encode()), "f"))), RawDocument
    )


@pytest.mark.parametrize("encoding", ["undefined", "utf-7", "utf-16", "x-bogus", "idna"])
def test_a_feed_declaring_an_unusable_encoding_is_read(encoding: str) -> None:
    data = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>W</title>'
        "<item><title>T</title><description>Café +ADw-b+AD4-</description></item></channel></rss>"
    ).encode()
    [doc] = read_feed(data, "f")
    assert isinstance(doc, RawDocument) and doc.data == "Café +ADw-b+AD4-".encode()


def test_a_feed_parser_crash_is_a_malformed_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def broken(*args: object, **kwargs: object) -> None:
        raise UnicodeError("decoding with 'x' codec failed")

    monkeypatch.setattr(feedparser, "parse", broken)
    [failure] = read_feed(RSS, "f.rss")
    assert isinstance(failure, Failure)
    assert failure.reason == (
        "malformed feed: the feed parser failed (UnicodeError: decoding with 'x' codec failed)"
    )
