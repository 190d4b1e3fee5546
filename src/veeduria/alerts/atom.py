"""The Atom feed of a watchlist: its delivered reports, newest first.

`atom_feed(store, watchlist_id)` is what the web app serves at /watch/ID/feed.atom. An entry
appears once `watch run` has delivered the report on the "atom" channel, so the feed changes
only when a run finds something new, and each entry keeps its id and time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from veeduria.alerts.channels import describe, source_line
from veeduria.store import watch as db

__all__ = ["FEED_ENTRIES", "WatchlistNotFound", "atom_feed"]

ATOM_NS = "http://www.w3.org/2005/Atom"
#: Entries a feed holds: the newest deliveries.
FEED_ENTRIES = 100


class WatchlistNotFound(LookupError):
    """No watchlist with that id (the web app answers 404)."""


def _stamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(store: Any, watchlist_id: int, *, limit: int = FEED_ENTRIES) -> str:
    """The feed as an XML string (UTF-8 declared). `store` is a SQLStore (its `engine`)."""
    engine = store.engine
    watchlist = db.get_watchlist(engine, watchlist_id)
    if watchlist is None:
        raise WatchlistNotFound(f"no watchlist with id {watchlist_id}")
    entries = db.delivered_entries(engine, watchlist_id, "atom", limit=limit)
    events = {e.item_key: e for e in db.alert_events(engine, {k: v for k, v, _ in entries})}

    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:veeduria:watchlist:{watchlist.id}")
    sub(feed, "title", f"veeduria watchlist: {watchlist.name}")
    updated = max((when for _, _, when in entries), default=watchlist.created_at)
    sub(feed, "updated", _stamp(updated))
    sub(feed, "generator", "veeduria")
    sub(feed, "link", rel="self", href=f"/watch/{watchlist.id}/feed.atom")
    for key, _event_id, when in entries:
        event = events.get(key)
        if event is None:
            continue  # its event is gone from the store
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:veeduria:report:{key}")
        sub(entry, "title", describe(event))
        sub(entry, "updated", _stamp(when))
        if event.url:
            sub(entry, "link", href=event.url)
        author = sub(entry, "author")
        sub(author, "name", event.publisher or event.title or "unknown source")
        summary = f"“{' '.join(event.quote.split())}” — {source_line(event)}"
        sub(entry, "summary", summary)
        sub(entry, "category", term=event.type)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
