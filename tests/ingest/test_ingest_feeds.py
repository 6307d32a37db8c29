"""RSS and Atom files: each entry becomes a document with its metadata."""

from __future__ import annotations

import gzip
from pathlib import Path

from ingest_helpers import docs, fails, run

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
