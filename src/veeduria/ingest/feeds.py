"""RSS and Atom feeds: their entries, with links to follow and content when they carry it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from veeduria.ingest.formats import ReadError, fragment_text

__all__ = ["FeedEntry", "parse_feed"]


@dataclass
class FeedEntry:
    index: int  # 1-based position in the feed
    link: str | None
    title: str | None
    author: str | None
    published: str | None  # as "YYYY-MM-DD", from the feed's parsed date
    content_html: str | None  # the longest of content / summary
    content_text: str  # that content as cleaned text ("" when none)
    publisher: str | None  # the feed's own title


def parse_feed(data: bytes) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed; ReadError if the bytes are not a feed."""
    import feedparser

    parsed: Any = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise ReadError(f"not an RSS/Atom feed{': ' + str(reason) if reason else ''}")
    publisher = _str(parsed.feed.get("title"))
    entries: list[FeedEntry] = []
    for i, entry in enumerate(parsed.entries, start=1):
        bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
        if entry.get("summary"):
            bodies.append(entry["summary"])
        content_html = max(bodies, key=len) if bodies else None
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", struct) if struct else None
        entries.append(
            FeedEntry(
                index=i,
                link=_str(entry.get("link")),
                title=_str(entry.get("title")),
                author=_str(entry.get("author")),
                published=published,
                content_html=content_html,
                content_text=fragment_text(content_html) if content_html else "",
                publisher=publisher,
            )
        )
    return entries


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
