"""A small cache for the lean event lists behind the timeline, the map and the network.

Drawing every matching event costs a full pass over the events (`reading.event_page` groups
them all to sort by date); a journalist zooming the map or going back and forth between pages
asks for the same list again and again. Entries are keyed by the filters and checked against a
cheap data version (number of event rows, latest review decision, number of judgements), so a
review made in the app or a new extraction shows at once; changes that keep those numbers (a
re-clustering) show within `ttl_s` seconds.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.schema import events, judgements, review_decisions

__all__ = ["ListCache", "data_version"]

T = TypeVar("T")


def data_version(conn: Connection) -> tuple[Any, ...]:
    """Numbers that change when events, reviews or judgements are added (index-only reads)."""
    row = conn.execute(
        sa.select(
            sa.select(sa.func.count()).select_from(events).scalar_subquery(),
            sa.select(sa.func.max(review_decisions.c.id)).scalar_subquery(),
            sa.select(sa.func.count()).select_from(judgements).scalar_subquery(),
        )
    ).one()
    return tuple(row)


class ListCache:
    """At most `size` results, each valid for `ttl_s` seconds and one data version."""

    def __init__(self, ttl_s: float, size: int = 32) -> None:
        self.ttl_s = ttl_s
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[float, tuple[Any, ...], Any]] = OrderedDict()
        self._lock = Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
        if self.ttl_s <= 0:
            return compute()
        version = data_version(conn)
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[1] == version and now - found[0] < self.ttl_s:
                self._entries.move_to_end(key)
                result: T = found[2]
                return result
        value = compute()
        with self._lock:
            self._entries[key] = (now, version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
