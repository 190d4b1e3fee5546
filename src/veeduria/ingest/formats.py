"""Bytes to text, per format: plain text, Markdown, HTML, PDF and DOCX.

Every reader returns an `IngestedDocument` whose `text` is already `clean_text`-ed, or raises
`ReadError` with a one-line reason. Decoding policy for plain text:
UTF-8 (a BOM is honoured, also UTF-16 with a BOM, or without one when every other byte is NUL
and the result is plausible); otherwise Windows-1252, which covers Latin-1
text as written on Windows, but only if the result is plausible prose; anything else is refused
rather than stored as mojibake.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from typing import Any

from veeduria.ingest.normalize import clean_text, normalize_date
from veeduria.types import IngestedDocument

__all__ = [
    "EXTENSION_KINDS",
    "ReadError",
    "decode_text",
    "fragment_text",
    "read_document",
    "sniff",
]

EXTENSION_KINDS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".xml": "xml",
    ".rss": "feed",
    ".atom": "feed",
}

MIME = {
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ReadError(Exception):
    """A document could not be read; the message is one line, fit for a report."""


# -- sniffing ------------------------------------------------------------------------------

_XML_DECL = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*", re.DOTALL)


def sniff(data: bytes) -> str | None:
    """The format of some bytes by their content: "pdf", "docx", "feed", "html" or None."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
        return None
    text = head.lstrip(b"\xef\xbb\xbf")
    match = _XML_DECL.match(text)
    rest = text[match.end() if match else 0 :].lower()
    if rest.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if rest.startswith((b"<!doctype html", b"<html")) or b"<html" in rest[:1024]:
        return "html"
    if rest.startswith(b"<?xml-stylesheet") and (b"<rss" in rest or b"<feed" in rest):
        return "feed"
    return None


# -- plain text ----------------------------------------------------------------------------

_PROSE_PUNCT = set(".,;:!?¿¡'\"()[]{}-–—«»“”‘’„%/&…*#_+=<>@$€£°§|~`^")


def _plausible(text: str) -> bool:
    """Whether decoded text looks like prose rather than bytes pushed through a code page."""
    if not text:
        return False
    sample = text[:20000]
    good = 0
    for ch in sample:
        cat = unicodedata.category(ch)
        if cat[0] in "LNZ" or ch in "\n\t\r\f" or ch in _PROSE_PUNCT:
            good += 1
        elif cat == "Cc":
            return False
    return good / len(sample) >= 0.97


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM (NULs in every other byte), if it decodes plausibly."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < len(head) // 4:
        return None
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) else None


def decode_text(data: bytes) -> str:
    """Decode a text file by the policy in the module docstring; ReadError if it is not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
    if b"\x00" in data[:65536]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise ReadError("binary data, not text (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if _plausible(text):
        return text
    raise ReadError(
        f"not UTF-8 (invalid byte at offset {utf8_error.start}) "
        "and not plausible Windows-1252/Latin-1 text"
    )


_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _read_plain(data: bytes, kind: str, source: str) -> IngestedDocument:
    text = clean_text(decode_text(data))
    title = None
    if kind == "md":
        heading = _MD_HEADING.search(text[:5000])
        title = heading.group(1) if heading else None
    return IngestedDocument(text=text, source_kind=kind, source=source, title=title)


# -- HTML ----------------------------------------------------------------------------------


def _read_html(data: bytes, source: str, url: str | None) -> IngestedDocument:
    import trafilatura

    try:
        result: Any = trafilatura.bare_extraction(
            data,
            url=url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises a zoo of lxml and ValueError types
        raise ReadError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from None
    if result is None or not (result.text or "").strip():
        raise ReadError("no article text found in the HTML")
    doc = IngestedDocument(
        text=clean_text(result.text),
        source_kind="html",
        source=source,
        url=url or (result.url if isinstance(result.url, str) else None),
        title=_meta(result.title),
        author=_meta(result.author),
        publisher=_publisher(result.sitename, url),
    )
    date = normalize_date(result.date) if result.date else None
    if date:
        doc.published, doc.published_precision = date
    return doc


def _meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _publisher(sitename: object, url: str | None) -> str | None:
    """The site's declared name; trafilatura falls back to the URL's host, which we drop."""
    name = _meta(sitename)
    if name is None or not url:
        return name
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    hosts = {h.lower().removeprefix("www.") for h in (parts.netloc, parts.hostname or "") if h}
    return None if name.lower().removeprefix("www.") in hosts else name


_BLOCK_END = re.compile(
    r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article|pre|figure)\s*>"
)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    import lxml.html  # type: ignore[import-untyped]  # lxml ships no stubs

    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", html)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except Exception:  # an unparseable fragment: keep its text without tags
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    return clean_text(str(root.text_content()))


# -- PDF -----------------------------------------------------------------------------------


def _read_pdf(data: bytes, source: str) -> IngestedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise ReadError("truncated or damaged PDF (no %%EOF marker at the end)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReadError("encrypted PDF")
        pages = [clean_text(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise ReadError(f"damaged PDF: {type(exc).__name__}: {exc}") from None
    text, page_starts = join_pages(pages)
    if not text:
        raise ReadError("PDF has no extractable text (scanned images need OCR)")
    return IngestedDocument(
        text=text,
        source_kind="pdf",
        source=source,
        title=_meta(info.title) if info else None,
        author=_meta(info.author) if info else None,
        page_starts=page_starts,
    )


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Cleaned page texts joined by one blank line, and the offset where each page starts.

    An empty page starts where the next page's text starts (or at the end of the text).
    """
    parts = [page for page in pages if page]
    text = "\n\n".join(parts)
    starts: list[int] = []
    pending = 0  # empty pages waiting for the start of the next page with text
    offset = 0
    for page in pages:
        if not page:
            pending += 1
            continue
        starts.extend([offset] * (pending + 1))
        pending = 0
        offset += len(page) + 2
    starts.extend([len(text)] * pending)
    return text, starts


# -- DOCX ----------------------------------------------------------------------------------


def _read_docx(data: bytes, source: str) -> IngestedDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for paragraph in document.paragraphs:
            if paragraph.text.strip():
                blocks.append(paragraph.text)
        for table in document.tables:
            for row in table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                if any(cells):
                    blocks.append(" | ".join(cells))
        props = document.core_properties
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, lxml errors, ...
        raise ReadError(f"damaged DOCX: {type(exc).__name__}: {exc}") from None
    doc = IngestedDocument(
        text=clean_text("\n\n".join(blocks)),
        source_kind="docx",
        source=source,
        title=_meta(props.title),
        author=_meta(props.author),
    )
    return doc


# -- dispatch ------------------------------------------------------------------------------


def read_document(
    data: bytes, kind: str, source: str, *, url: str | None = None
) -> IngestedDocument:
    """Read one document of a known kind ("txt", "md", "html", "pdf", "docx")."""
    if not data.strip():
        raise ReadError("empty file")
    if kind in ("txt", "md"):
        doc = _read_plain(data, kind, source)
    elif kind == "html":
        doc = _read_html(data, source, url)
    elif kind == "pdf":
        doc = _read_pdf(data, source)
    elif kind == "docx":
        doc = _read_docx(data, source)
    else:
        raise ReadError(f"cannot read {kind!r} documents")
    doc.raw = data
    doc.raw_mime = MIME[kind]
    if url and not doc.url:
        doc.url = url
    return doc
