"""RSS/Atom feeds served by a local server: entries followed, or read from their content."""

from __future__ import annotations

from pathlib import Path

from conftest import LocalServer
from veeduria.ingest.feeds import parse_feed
from veeduria.ingest.fetch import FetchOptions
from veeduria.ingest.sources import Failure, SourceContext, iter_source
from veeduria.types import IngestedDocument

LONG = "".join(
    f"<p>Párrafo {i}: la Comisión Interamericana documentó la masacre de Sacaba y pidió "
    "una investigación imparcial.</p>"
    for i in range(12)
)
ARTICLE = (
    "<html><head><title>Crónica de Senkata</title>"
    '<meta name="author" content="Luis Mamani"></head><body><article>'
    + "".join(f"<p>Línea {i} de la crónica sobre Senkata y El Alto.</p>" for i in range(6))
    + "</article></body></html>"
)


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Diario Andino</title><link>{base}/</link><description>Noticias</description>
<item><title>Senkata</title><link>{base}/senkata</link>
<description>Un resumen breve.</description>
<pubDate>Wed, 20 Nov 2019 10:00:00 GMT</pubDate></item>
<item><title>Sacaba</title><link>{base}/not-fetched</link>
<author>cidh@example.org (CIDH)</author>
<content:encoded><![CDATA[{LONG}]]></content:encoded>
<pubDate>Fri, 15 Nov 2019 18:00:00 GMT</pubDate></item>
<item><title>Perdido</title><link>{base}/gone</link><description>Corto.</description></item>
<item><title>Sin enlace</title><description>Solo esto.</description></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Observatorio</title><id>urn:x</id>
<updated>2023-01-10T00:00:00Z</updated>
<entry><title>Juliaca</title><id>urn:1</id><updated>2023-01-10T08:00:00Z</updated>
<link href="https://example.org/juliaca"/>
<content type="html">{content}</content></entry></feed>"""


def test_parse_rss_entries(server: LocalServer) -> None:
    entries = parse_feed(rss("http://h").encode())
    assert [(e.index, e.title, e.link, e.published) for e in entries] == [
        (1, "Senkata", "http://h/senkata", "2019-11-20"),
        (2, "Sacaba", "http://h/not-fetched", "2019-11-15"),
        (3, "Perdido", "http://h/gone", None),
        (4, "Sin enlace", None, None),
    ]
    assert entries[0].content_text == "Un resumen breve."
    assert entries[1].content_text.startswith("Párrafo 0: la Comisión Interamericana")
    assert "\n\nPárrafo 1:" in entries[1].content_text
    assert entries[0].publisher == "Diario Andino"


def test_served_feed_is_followed(server: LocalServer) -> None:
    feed_url = server.add("/feed.xml", rss(server.url("")), content_type="application/rss+xml")
    server.add("/senkata", ARTICLE)
    ctx = SourceContext(fetch_options=FetchOptions(allow_private=True))
    items = list(iter_source(feed_url, ctx))
    ctx.close()
    first, second, third, fourth = items
    assert isinstance(first, IngestedDocument)
    assert (first.source_kind, first.source, first.url) == (
        "feed",
        f"{feed_url}#entry=1",
        server.url("/senkata"),
    )
    assert first.text.startswith("Línea 0 de la crónica sobre Senkata")
    assert (first.title, first.author, first.publisher, first.published) == (
        "Crónica de Senkata",
        "Luis Mamani",
        "Diario Andino",
        "2019-11-20",
    )
    assert isinstance(second, IngestedDocument)
    assert second.text.startswith("Párrafo 0: la Comisión Interamericana")
    assert (second.title, second.url, second.published, second.raw_mime) == (
        "Sacaba",
        server.url("/not-fetched"),
        "2019-11-15",
        "text/html",
    )
    assert third == Failure(f"{feed_url}#entry=3", f"{server.url('/gone')}: HTTP 404 Not Found")
    assert fourth == Failure(
        f"{feed_url}#entry=4", "feed entry without a link or substantial content"
    )
    assert "/not-fetched" not in server.hits
    assert server.hits == ["/feed.xml", "/senkata", "/gone"]


def test_feed_file_with_atom_content(tmp_path: Path) -> None:
    import html

    path = tmp_path / "observatorio.atom"
    path.write_text(ATOM.format(content=html.escape(LONG)), encoding="utf-8")
    [doc] = list(iter_source(str(path), SourceContext()))
    assert isinstance(doc, IngestedDocument)
    assert (doc.source, doc.title, doc.published, doc.publisher, doc.url) == (
        f"{path}#entry=1",
        "Juliaca",
        "2023-01-10",
        "Observatorio",
        "https://example.org/juliaca",
    )


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><catalog><book/></catalog>')
    assert list(iter_source(str(path), SourceContext())) == [
        Failure(str(path), "XML that is neither an RSS/Atom feed nor XHTML")
    ]
