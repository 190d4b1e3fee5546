"""From what the user named (files, folders, URLs, feeds, tables) to documents or failures.

`iter_source` is a generator: folders are walked lazily and tables are streamed row by row, so
a run over a large corpus never holds more than one document in memory. Every problem becomes
a `Failure` (or, for files in a folder that are not documents at all, a `Skipped`), and the run
goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from veeduria.ingest.feeds import FeedEntry, parse_feed
from veeduria.ingest.fetch import Fetcher, FetchError, FetchOptions
from veeduria.ingest.formats import EXTENSION_KINDS, ReadError, read_document, sniff
from veeduria.types import IngestedDocument

if TYPE_CHECKING:
    from veeduria.ingest.checkpoint import TableProgress

__all__ = ["Failure", "Item", "Skipped", "SourceContext", "iter_source"]

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
# A feed entry whose own content has at least this many characters of text is used as is;
# shorter ones (teasers) are replaced by the article their link points to.
FEED_CONTENT_MIN_CHARS = 1000


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


Item = IngestedDocument | Failure | Skipped


@dataclass
class SourceContext:
    """Settings and the shared fetcher for one run."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    fetch_options: FetchOptions = field(default_factory=FetchOptions)
    # Where table reading resumes, and where it got to (see `veeduria.ingest.checkpoint`).
    tables: TableProgress | None = None
    _fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.fetch_options)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def iter_source(source: str, ctx: SourceContext) -> Iterator[Item]:
    """Documents (or failures) from one command-line argument."""
    if is_url(source):
        yield from iter_url(source, ctx)
        return
    path = Path(source)
    if path.is_dir():
        yield from iter_folder(path, ctx)
    elif path.is_file():
        yield from iter_file(path, ctx, explicit=True)
    elif path.exists():
        yield Failure(source, "not a regular file or folder")
    else:
        yield Failure(source, "no such file or folder")


def iter_folder(root: Path, ctx: SourceContext) -> Iterator[Item]:
    """Every file under a folder, recursively, in sorted order; hidden files and folders skipped.

    Symbolic links to folders are not followed (no loops, no escaping the folder).
    """
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            yield from iter_file(Path(dirpath) / name, ctx, explicit=False)


def iter_file(path: Path, ctx: SourceContext, *, explicit: bool) -> Iterator[Item]:
    source = str(path)
    kind = EXTENSION_KINDS.get(path.suffix.lower())
    if kind in ("jsonl", "csv"):
        from veeduria.ingest.tabular import iter_table

        yield from iter_table(path, kind, ctx)
        return
    try:
        size = path.stat().st_size
        if size > ctx.max_file_bytes:
            yield Failure(
                source, f"file of {_mb(size)} is larger than the {_mb(ctx.max_file_bytes)} limit"
            )
            return
        if size == 0:
            yield Failure(source, "empty file")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source, f"cannot read: {exc.strerror or exc}")
        return
    if kind is None or kind == "xml":
        sniffed = sniff(data)
        if sniffed is None:
            what = f"unknown file type ({path.suffix or 'no extension'})"
            if kind == "xml":
                yield Failure(source, "XML that is neither an RSS/Atom feed nor XHTML")
            elif explicit:
                yield Failure(source, f"{what}: not HTML, PDF, DOCX or an RSS/Atom feed")
            else:
                yield Skipped(source, what)
            return
        kind = sniffed
    if kind == "feed":
        yield from iter_feed(data, source, ctx)
        return
    try:
        doc = read_document(data, kind, source)
    except ReadError as exc:
        yield Failure(source, str(exc))
        return
    except Exception as exc:  # a parser bug on odd input must not end the whole run
        yield Failure(source, unexpected(exc))
        return
    yield doc


def iter_url(
    url: str, ctx: SourceContext, *, source_kind: str = "url", source: str | None = None
) -> Iterator[Item]:
    """One URL: a page or document, or a feed whose entries are read in turn."""
    source = source or url
    try:
        fetched = ctx.fetcher.fetch(url)
    except FetchError as exc:
        yield Failure(source, str(exc))
        return
    kind = fetched.kind
    if kind == "xml":
        sniffed = sniff(fetched.data)
        if sniffed is None:
            yield Failure(
                source,
                f"{fetched.content_type or 'untyped'} content that is not a document or feed",
            )
            return
        kind = sniffed
    if kind == "feed":
        yield from iter_feed(fetched.data, source, ctx)
        return
    try:
        doc = read_document(fetched.data, kind, source, url=fetched.url)
    except ReadError as exc:
        yield Failure(source, f"{fetched.url}: {exc}")
        return
    except Exception as exc:  # as above: one bad page, one failure
        yield Failure(source, f"{fetched.url}: {unexpected(exc)}")
        return
    doc.source_kind = source_kind
    doc.raw_mime = fetched.content_type or doc.raw_mime
    doc.retrieved_at = datetime.now(UTC)
    yield doc


def iter_feed(data: bytes, source: str, ctx: SourceContext) -> Iterator[Item]:
    """The entries of a feed: their own content when substantial, else the linked article."""
    try:
        entries = parse_feed(data)
    except ReadError as exc:
        yield Failure(source, str(exc))
        return
    except Exception as exc:
        yield Failure(source, unexpected(exc))
        return
    for entry in entries:
        entry_source = f"{source}#entry={entry.index}"
        if len(entry.content_text) >= FEED_CONTENT_MIN_CHARS:
            doc = IngestedDocument(
                text=entry.content_text,
                source_kind="feed",
                source=entry_source,
                raw=(entry.content_html or "").encode("utf-8"),
                raw_mime="text/html",
                url=entry.link,
                retrieved_at=datetime.now(UTC),
            )
            yield _with_entry_metadata(doc, entry)
        elif entry.link:
            for item in iter_url(entry.link, ctx, source_kind="feed", source=entry_source):
                yield (
                    _with_entry_metadata(item, entry)
                    if isinstance(item, IngestedDocument)
                    else item
                )
        else:
            yield Failure(entry_source, "feed entry without a link or substantial content")


def _with_entry_metadata(doc: IngestedDocument, entry: FeedEntry) -> IngestedDocument:
    """Fill what the article itself did not say from the feed entry."""
    doc.title = doc.title or entry.title
    doc.author = doc.author or entry.author
    doc.publisher = doc.publisher or entry.publisher
    if not doc.published and entry.published:
        doc.published, doc.published_precision = entry.published, "day"
    return doc


def unexpected(exc: BaseException) -> str:
    """A one-line reason for an error no reader anticipated."""
    message = " ".join(str(exc).split())[:200]
    return (
        f"unexpected {type(exc).__name__}: {message}"
        if message
        else (f"unexpected {type(exc).__name__}")
    )


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"
