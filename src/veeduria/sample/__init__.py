"""The bundled sample corpus: original English and Spanish news-style articles (txt, html, pdf).

See README.md in this folder and manifest.yaml for titles, publishers, dates and summaries. The
gold annotation of every article is in the repository's eval/own.jsonl.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".pdf"})


def sample_dir() -> Path:
    """The folder that holds the sample articles, manifest.yaml and README.md."""
    path = Path(str(importlib.resources.files(__name__)))
    if not path.is_dir():  # e.g. a zipped install: the corpus must be on the file system
        raise FileNotFoundError(f"sample corpus folder not found: {path}")
    return path


def sample_files() -> list[Path]:
    """The article files (.txt, .html, .pdf), sorted by name."""
    return sorted(p for p in sample_dir().iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
