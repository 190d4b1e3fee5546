"""The gold `text` of each sample article (src/veeduria/sample/).

- .txt: the file content normalized as the ingest stores it (\\r\\n -> \\n, trailing spaces
  stripped per line, runs of 3+ blank lines collapsed, stripped at both ends). The sample files
  are written so that this normalization is the identity; `txt_text` checks that.
- .html: the article body as written (headline, byline line, paragraphs and figure captions
  inside <article>), entity-decoded, blocks joined by a blank line. Scripts are excluded.
- .pdf: the source text in build_pdfs.ARTICLES, from which the PDF was generated.

Extraction by the real ingest may differ slightly from these texts; the gold is defined on them.
"""

from __future__ import annotations

import html
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "veeduria" / "sample"


def normalize(raw: str) -> str:
    """The ingest's text normalization for plain text."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{4,}", "\n\n\n", text)  # 3+ blank lines -> 2 blank lines
    return text.strip()


def txt_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    text = normalize(raw)
    if text != raw:
        raise ValueError(f"{path.name}: not already normalized (ingest would change it)")
    return text


class _ArticleBlocks(HTMLParser):
    """Collect the text of h1, p and figcaption elements inside <article>."""

    BLOCKS = frozenset({"h1", "h2", "p", "figcaption"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_script = False
        self.current: list[str] | None = None
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.in_article += 1
        elif tag in ("script", "style"):
            self.in_script = True
        elif self.in_article and tag in self.BLOCKS:
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        elif tag in ("script", "style"):
            self.in_script = False
        elif self.in_article and tag in self.BLOCKS and self.current is not None:
            block = " ".join("".join(self.current).split())
            if block:
                self.blocks.append(block)
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.in_script:
            self.current.append(data)


def html_text(path: Path) -> str:
    parser = _ArticleBlocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return html.unescape("\n\n".join(parser.blocks))


def _pdf_sources() -> dict[str, tuple[str, str, str]]:
    spec = importlib.util.spec_from_file_location("build_pdfs", SAMPLE / "build_pdfs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ARTICLES  # type: ignore[no-any-return]


def pdf_text(path: Path) -> str:
    return normalize(_pdf_sources()[path.name][2])


def sample_text(name: str) -> str:
    path = SAMPLE / name
    if path.suffix == ".txt":
        return txt_text(path)
    if path.suffix == ".html":
        return html_text(path)
    if path.suffix == ".pdf":
        return pdf_text(path)
    raise ValueError(name)
