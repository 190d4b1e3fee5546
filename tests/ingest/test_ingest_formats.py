"""Readers per format, decoding policy, sniffing, and what files in folders become."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from veeduria.ingest.formats import ReadError, decode_text, join_pages, read_document, sniff
from veeduria.ingest.sources import Failure, Skipped, SourceContext, iter_source
from veeduria.types import IngestedDocument

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<title>Represión en Senkata | Diario Andino</title>
<meta name="author" content="Ana Quispe">
<meta property="og:site_name" content="Diario Andino">
<meta property="article:published_time" content="2019-11-20T10:00:00-04:00">
</head><body>
<nav><a href="/">Inicio</a> <a href="/politica">Política</a></nav>
<article><h1>Represión en Senkata</h1>
<p>El 19 de noviembre de 2019, fuerzas militares y policiales dispararon contra vecinos que
bloqueaban la planta de combustible de Senkata, en El Alto.</p>
<p>Según la Defensoría del Pueblo, diez personas murieron y decenas resultaron heridas durante
el operativo ordenado por el gobierno de facto.</p>
<p>Los familiares de las víctimas exigen una investigación independiente y reparación.</p>
</article>
<footer>© Diario Andino. Todos los derechos reservados.</footer>
</body></html>
"""


def make_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A PDF with one text block per page; DejaVuSans when installed, else latin-1 core font."""
    from fpdf import FPDF

    pdf = FPDF()
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 7, text)
    if title:
        pdf.set_title(title)
    return bytes(pdf.output())


def make_docx(paragraphs: list[str], title: str | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if title:
        document.core_properties.title = title
    document.core_properties.author = "Equipo"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# -- plain text and decoding -----------------------------------------------------------------


def test_utf8_text_is_cleaned() -> None:
    doc = read_document("Golpe en Bolivia  \r\n\r\n\r\nAñez asumió.\n".encode(), "txt", "a.txt")
    assert doc.text == "Golpe en Bolivia\n\nAñez asumió."
    assert (doc.source_kind, doc.source, doc.title, doc.raw_mime) == (
        "txt",
        "a.txt",
        None,
        "text/plain",
    )
    assert doc.raw == "Golpe en Bolivia  \r\n\r\n\r\nAñez asumió.\n".encode()


def test_markdown_title_is_its_first_heading() -> None:
    doc = read_document(b"Intro\n\n# Informe de la CIDH #\n\nTexto.", "md", "a.md")
    assert doc.title == "Informe de la CIDH"
    assert doc.text == "Intro\n\n# Informe de la CIDH #\n\nTexto."


def test_bom_and_utf16_are_honoured() -> None:
    assert decode_text(b"\xef\xbb\xbfA\xc3\xb1ez") == "Añez"
    assert decode_text("Añez asumió".encode("utf-16")) == "Añez asumió"


def test_utf16_without_bom() -> None:
    assert decode_text("Añez asumió el poder.".encode("utf-16-le")) == "Añez asumió el poder."
    assert decode_text("Añez asumió el poder.".encode("utf-16-be")) == "Añez asumió el poder."


def test_windows_1252_fallback_when_plausible() -> None:
    data = "La “presidenta” Añez asumió el poder — según el diario.".encode("cp1252")
    assert decode_text(data) == "La “presidenta” Añez asumió el poder — según el diario."


def test_random_bytes_are_refused() -> None:
    junk = random.Random(7).randbytes(4000)
    with pytest.raises(ReadError, match=r"^binary data, not text \(NUL bytes\)$"):
        decode_text(junk)


def test_high_bytes_without_nul_are_refused_as_implausible() -> None:
    junk = bytes(b for b in random.Random(3).randbytes(6000) if b >= 0x80 and b != 0x81)
    with pytest.raises(ReadError, match="not plausible Windows-1252/Latin-1 text"):
        decode_text(junk)


def test_empty_and_blank_files_are_refused() -> None:
    for data in (b"", b"  \n\n "):
        with pytest.raises(ReadError, match=r"^empty file$"):
            read_document(data, "txt", "e.txt")


# -- HTML --------------------------------------------------------------------------------------


def test_html_body_and_metadata() -> None:
    doc = read_document(ARTICLE_HTML.encode(), "html", "a.html", url="https://diario.example/x")
    assert doc.text.startswith(
        "Represión en Senkata\nEl 19 de noviembre de 2019, fuerzas militares"
    )
    assert "Inicio" not in doc.text
    assert "derechos reservados" not in doc.text
    assert doc.text.endswith("exigen una investigación independiente y reparación.")
    assert doc.title == "Represión en Senkata"
    assert doc.author == "Ana Quispe"
    assert doc.publisher == "Diario Andino"
    assert (doc.published, doc.published_precision) == ("2019-11-20", "day")
    assert doc.url == "https://diario.example/x"
    assert doc.raw_mime == "text/html"


def test_html_without_text_is_refused() -> None:
    with pytest.raises(ReadError, match=r"^no article text found in the HTML$"):
        read_document(b"<html><body><script>x()</script></body></html>", "html", "a.html")


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_pages_and_offsets() -> None:
    data = make_pdf(["Página uno: el golpe.", "", "Página tres: la masacre."], title="Informe")
    doc = read_document(data, "pdf", "r.pdf")
    assert doc.text == "Página uno: el golpe.\n\nPágina tres: la masacre."
    assert doc.page_starts == [0, 23, 23]
    assert doc.text[doc.page_starts[2] :].startswith("Página tres")
    assert doc.title == "Informe"
    assert doc.source_kind == "pdf"


def test_join_pages() -> None:
    assert join_pages(["", "a", "", "bc", ""]) == ("a\n\nbc", [0, 0, 3, 3, 5])


def test_truncated_pdf_is_refused() -> None:
    data = make_pdf(["Página uno.", "Página dos."])
    with pytest.raises(
        ReadError, match=r"^truncated or damaged PDF \(no %%EOF marker at the end\)$"
    ):
        read_document(data[: len(data) // 2], "pdf", "t.pdf")


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(ReadError, match="no extractable text"):
        read_document(make_pdf(["", ""]), "pdf", "blank.pdf")


# -- DOCX --------------------------------------------------------------------------------------


def test_docx_paragraphs_and_properties() -> None:
    data = make_docx(["Primer párrafo.", "", "Segundo párrafo."], title="Crónica")
    doc = read_document(data, "docx", "c.docx")
    assert doc.text == "Primer párrafo.\n\nSegundo párrafo."
    assert (doc.title, doc.author, doc.source_kind) == ("Crónica", "Equipo", "docx")


def test_damaged_docx_is_refused() -> None:
    data = make_docx(["Texto."])
    with pytest.raises(ReadError, match=r"^damaged DOCX: "):
        read_document(data[:300], "docx", "c.docx")


# -- sniffing and files --------------------------------------------------------------------------


def test_sniff() -> None:
    assert sniff(make_pdf(["x"])) == "pdf"
    assert sniff(make_docx(["x"])) == "docx"
    assert sniff(b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>') == "feed"
    assert sniff(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>') == "feed"
    assert sniff(ARTICLE_HTML.encode()) == "html"
    assert sniff(b"just words") is None
    assert sniff(b"PK\x03\x04 not a zip") is None


def items(source: Path | str, **kw: int) -> list[IngestedDocument | Failure | Skipped]:
    return list(iter_source(str(source), SourceContext(**kw)))


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "article.bin").write_bytes(ARTICLE_HTML.encode())
    [doc] = items(tmp_path / "article.bin")
    assert isinstance(doc, IngestedDocument)
    assert doc.source_kind == "html"


def test_unknown_file_fails_clearly_when_named_and_is_skipped_in_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    assert items(path) == [
        Failure(str(path), "unknown file type (.jpg): not HTML, PDF, DOCX or an RSS/Atom feed")
    ]
    assert items(tmp_path) == [Skipped(str(path), "unknown file type (.jpg)")]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:  # a sparse 50 MB file: nothing is written, nothing is read
        fh.truncate(50 * 1024 * 1024)
    assert items(path) == [Failure(str(path), "file of 50.0 MB is larger than the 20.0 MB limit")]


def test_missing_path(tmp_path: Path) -> None:
    assert items(tmp_path / "nope.txt") == [
        Failure(str(tmp_path / "nope.txt"), "no such file or folder")
    ]


def test_folders_are_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("dos")
    (tmp_path / "b" / "1.md").write_text("# uno")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "c.txt").write_text("c")
    got = [i.source for i in items(tmp_path)]
    assert got == [str(tmp_path / n) for n in ("a.txt", "c.txt", "b/1.md", "b/2.txt")]


def test_an_unexpected_reader_error_fails_one_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from veeduria.ingest import sources

    real = sources.read_document

    def flaky(data: bytes, kind: str, source: str, **kw: str | None) -> IngestedDocument:
        if source.endswith("b.txt"):
            raise RecursionError("maximum recursion depth exceeded\nwhile parsing")
        return real(data, kind, source, **kw)

    monkeypatch.setattr(sources, "read_document", flaky)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"texto {name}")
    got = items(tmp_path)
    assert [type(i).__name__ for i in got] == ["IngestedDocument", "Failure", "IngestedDocument"]
    assert got[1] == Failure(
        str(tmp_path / "b.txt"),
        "unexpected RecursionError: maximum recursion depth exceeded while parsing",
    )
