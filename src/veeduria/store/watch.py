"""Watchlists, their rules and alert deliveries: the SQL behind `veeduria.alerts`.

A watchlist has a name, optional e-mail and webhook addresses, and rules; a rule names an
actor, an event type and/or a country (each given field must match; any rule of the list may).
`alert_deliveries` holds one row per (watchlist, report, channel): `delivered` once a channel
took it, `failed` (with the error and the attempts) until it does, and with channel "*" the
reports that already matched when a rule first ran (`baseline`: backlog, never sent unless
asked with --since). A report is keyed by its document, sentence and type (`item_key`), so a
new extractor version that finds the same event again does not alert again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from veeduria.store.dialect import IMMEDIATE, chunked, insert_ignore
from veeduria.store.ids import canonical_json, make_id, name_key
from veeduria.store.schema import (
    actor_aliases,
    actors,
    alert_deliveries,
    claims,
    documents,
    events,
    watch_rules,
    watchlists,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = [
    "BASELINE",
    "AlertEvent",
    "WatchRule",
    "Watchlist",
    "actor_names",
    "add_rule",
    "alert_events",
    "delivered_entries",
    "delivery_state",
    "get_watchlist",
    "json_field",
    "list_watchlists",
    "mark_started",
    "matching_items",
    "record_baseline",
    "record_delivery",
    "remove_rule",
    "run_lock",
]

#: The channel name of baseline rows.
BASELINE = "*"


def _now() -> datetime:
    return datetime.now(UTC)


def json_field(conn: Connection, column: Any, key: str) -> ColumnElement[str]:
    """A top-level field of a JSON text column, as text, in either dialect."""
    if conn.dialect.name == "postgresql":
        expr = sa.func.json_extract_path_text(sa.cast(column, sa.JSON), key)
    else:
        expr = sa.func.json_extract(column, f"$.{key}")
    return sa.type_coerce(expr, sa.String)


@dataclass
class WatchRule:
    id: int
    watchlist_id: int
    watchlist: str
    actor: str | None
    event_type: str | None
    country: str | None
    created_at: datetime
    started_at: datetime | None


@dataclass
class Watchlist:
    id: int
    name: str
    email: str | None
    webhook: str | None
    created_at: datetime
    rules: list[WatchRule] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        """The channels this list delivers to: stdout and its Atom feed always."""
        out = ["stdout", "atom"]
        if self.email:
            out.append("email")
        if self.webhook:
            out.append("webhook")
        return out


@dataclass
class AlertEvent:
    """One report of an event, as an alert shows it."""

    item_key: str
    event_id: str
    type: str
    document_id: str
    quote: str
    date: dict[str, Any] | None = None
    country: str | None = None
    place: str | None = None
    fatalities: int | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    created_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event_id,
            "type": self.type,
            "date": self.date,
            "country": self.country,
            "place": self.place,
            "fatalities": self.fatalities,
            "actors": self.actors,
            "quote": self.quote,
            "document_id": self.document_id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
        }


def item_key(document_id: str, event_type: str, start: int, end: int) -> str:
    return make_id("w", document_id, event_type, start, end)


# ------------------------------------------------------------------------------ lists and rules


# Key of the PostgreSQL advisory lock a watch run holds ("watch" in ASCII).
_PG_WATCH_LOCK = 0x7761746368


@contextmanager
def run_lock(engine: Engine) -> Iterator[None]:
    """Held for a whole watch run, so that two runs at once (an overlapping cron job, two
    machines) take turns: the second reads what the first delivered and sends nothing twice.

    PostgreSQL: a session advisory lock on a connection kept for the run. SQLite: an exclusive
    `flock` on a file beside the database (`<file>.watch-lock`); an in-memory database has no
    other process to wait for."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(sa.select(sa.func.pg_advisory_lock(_PG_WATCH_LOCK)))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(_PG_WATCH_LOCK)))
                conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl

    with open(f"{database}.watch-lock", "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(engine: Engine) -> Connection:
    """A connection whose transaction (SQLite) takes the write lock up front."""
    conn = engine.connect()
    conn.execution_options(**{IMMEDIATE: True})
    return conn


def add_rule(
    engine: Engine,
    *,
    watchlist: str,
    actor: str | None = None,
    event_type: str | None = None,
    country: str | None = None,
    email: str | None = None,
    webhook: str | None = None,
) -> WatchRule:
    """Add a rule to the named watchlist (created when new); e-mail and webhook, when given,
    replace the list's."""
    now = _now()
    with _write(engine) as conn, conn.begin():
        list_id = conn.execute(
            sa.select(watchlists.c.id).where(watchlists.c.name == watchlist)
        ).scalar_one_or_none()
        if list_id is None:
            result = conn.execute(
                watchlists.insert().values(
                    name=watchlist, email=email, webhook=webhook, created_at=now
                )
            )
            assert result.inserted_primary_key is not None
            list_id = int(result.inserted_primary_key[0])
        else:
            changes = {k: v for k, v in (("email", email), ("webhook", webhook)) if v}
            if changes:
                conn.execute(
                    watchlists.update().where(watchlists.c.id == list_id).values(**changes)
                )
        result = conn.execute(
            watch_rules.insert().values(
                watchlist_id=list_id,
                actor=actor,
                event_type=event_type,
                country=country,
                created_at=now,
            )
        )
        assert result.inserted_primary_key is not None
        rule_id = int(result.inserted_primary_key[0])
    return WatchRule(rule_id, list_id, watchlist, actor, event_type, country, now, None)


def list_watchlists(engine: Engine) -> list[Watchlist]:
    """Every watchlist with its rules, by id."""
    with engine.connect() as conn:
        lists = {
            row.id: Watchlist(row.id, row.name, row.email, row.webhook, row.created_at)
            for row in conn.execute(sa.select(watchlists).order_by(watchlists.c.id))
        }
        for row in conn.execute(sa.select(watch_rules).order_by(watch_rules.c.id)):
            wl = lists[row.watchlist_id]
            wl.rules.append(
                WatchRule(
                    row.id,
                    row.watchlist_id,
                    wl.name,
                    row.actor,
                    row.event_type,
                    row.country,
                    row.created_at,
                    row.started_at,
                )
            )
    return list(lists.values())


def get_watchlist(engine: Engine, watchlist_id: int) -> Watchlist | None:
    return next((w for w in list_watchlists(engine) if w.id == watchlist_id), None)


def remove_rule(engine: Engine, rule_id: int) -> WatchRule | None:
    """Remove a rule; a list left without rules goes too, with its delivery records."""
    removed = next((r for wl in list_watchlists(engine) for r in wl.rules if r.id == rule_id), None)
    if removed is None:
        return None
    with _write(engine) as conn, conn.begin():
        conn.execute(watch_rules.delete().where(watch_rules.c.id == rule_id))
        left = conn.execute(
            sa.select(sa.func.count()).where(watch_rules.c.watchlist_id == removed.watchlist_id)
        ).scalar_one()
        if not left:
            conn.execute(
                alert_deliveries.delete().where(
                    alert_deliveries.c.watchlist_id == removed.watchlist_id
                )
            )
            conn.execute(watchlists.delete().where(watchlists.c.id == removed.watchlist_id))
    return removed


def mark_started(engine: Engine, rule_ids: Sequence[int], when: datetime) -> None:
    if not rule_ids:
        return
    with _write(engine) as conn, conn.begin():
        conn.execute(
            watch_rules.update().where(watch_rules.c.id.in_(list(rule_ids))).values(started_at=when)
        )


# ------------------------------------------------------------------------------ matching


def actor_names(engine: Engine, name: str) -> set[str]:
    """The canonical names stored actors go by when someone writes `name` (an alias or a
    canonical name, accents and case ignored)."""
    key = name_key(name)
    with engine.connect() as conn:
        ids = set(
            conn.execute(
                sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key)
            ).scalars()
        )
        ids |= set(conn.execute(sa.select(actors.c.id).where(actors.c.key == key)).scalars())
        names = {name}
        for chunk in chunked(sorted(ids)):
            names |= set(
                conn.execute(sa.select(actors.c.name).where(actors.c.id.in_(chunk))).scalars()
            )
    return names


def matching_items(
    engine: Engine,
    *,
    event_type: str | None,
    country: str | None,
    names: set[str] | None,
) -> dict[str, str]:
    """item_key -> event id for every report that matches a rule (syndicated copies left out:
    their original was reported)."""
    query = (
        sa.select(events.c.id, events.c.type, events.c.document_id, events.c.start, events.c.end)
        .join(documents, documents.c.id == events.c.document_id)
        .where(documents.c.syndicated_of.is_(None))
    )
    if event_type is not None:
        query = query.where(events.c.type == event_type)
    with engine.connect() as conn:
        if country is not None:
            c = claims.alias("w_country")
            query = query.where(
                sa.select(sa.literal(1))
                .where(
                    c.c.subject_type == "event",
                    c.c.subject_id == events.c.id,
                    c.c.property == "country",
                    c.c.value == canonical_json(country),
                )
                .exists()
            )
        if names is not None:
            a = claims.alias("w_actor")
            query = query.where(
                sa.select(sa.literal(1))
                .where(
                    a.c.subject_type == "event",
                    a.c.subject_id == events.c.id,
                    a.c.property == "actor",
                    json_field(conn, a.c.value, "name").in_(sorted(names)),
                )
                .exists()
            )
        out: dict[str, str] = {}
        for row in conn.execute(query.order_by(events.c.created_at, events.c.id)):
            out.setdefault(item_key(row.document_id, row.type, row.start, row.end), row.id)
    return out


def alert_events(engine: Engine, items: dict[str, str]) -> list[AlertEvent]:
    """The reports behind `items` (item_key -> event id), with their claims and documents,
    in the order the events were stored."""
    by_event = {event_id: key for key, event_id in items.items()}
    out: dict[str, AlertEvent] = {}
    with engine.connect() as conn:
        rows: list[Any] = []
        for chunk in chunked(sorted(by_event)):
            rows.extend(
                conn.execute(
                    sa.select(
                        events.c.id,
                        events.c.type,
                        events.c.document_id,
                        events.c.created_at,
                        documents.c.title,
                        documents.c.publisher,
                        documents.c.published,
                        documents.c.url,
                    )
                    .join(documents, documents.c.id == events.c.document_id)
                    .where(events.c.id.in_(chunk))
                )
            )
        for row in rows:
            out[row.id] = AlertEvent(
                item_key=by_event[row.id],
                event_id=row.id,
                type=row.type,
                document_id=row.document_id,
                quote="",
                title=row.title,
                publisher=row.publisher,
                published=row.published,
                url=row.url,
                created_at=row.created_at,
            )
        for chunk in chunked(sorted(out)):
            for c in conn.execute(
                sa.select(claims.c.subject_id, claims.c.property, claims.c.value, claims.c.quote)
                .where(claims.c.subject_type == "event", claims.c.subject_id.in_(chunk))
                .order_by(claims.c.start, claims.c.id)
            ):
                _apply_claim(out[c.subject_id], c.property, json.loads(c.value), c.quote)
    return sorted(out.values(), key=lambda e: (e.created_at or _now(), e.event_id))


def _apply_claim(event: AlertEvent, prop: str, value: Any, quote: str) -> None:
    if prop == "type" and not event.quote:
        event.quote = quote
    elif prop == "date" and event.date is None and isinstance(value, dict):
        event.date = value
    elif prop == "country" and event.country is None and isinstance(value, str):
        event.country = value
    elif prop == "place" and event.place is None and isinstance(value, dict):
        event.place = value.get("name")
    elif prop == "fatalities" and event.fatalities is None and isinstance(value, int):
        event.fatalities = value
    elif prop == "actor" and isinstance(value, dict) and value not in event.actors:
        event.actors.append(value)


# ------------------------------------------------------------------------------ deliveries


def delivery_state(engine: Engine, watchlist_id: int) -> dict[str, dict[str, str]]:
    """item_key -> {channel: status} for a watchlist."""
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(
            sa.select(
                alert_deliveries.c.item_key, alert_deliveries.c.channel, alert_deliveries.c.status
            ).where(alert_deliveries.c.watchlist_id == watchlist_id)
        ):
            out.setdefault(row.item_key, {})[row.channel] = row.status
    return out


def record_baseline(engine: Engine, watchlist_id: int, items: dict[str, str]) -> None:
    now = _now()
    rows = [
        {
            "watchlist_id": watchlist_id,
            "item_key": key,
            "channel": BASELINE,
            "event_id": event_id,
            "status": "baseline",
            "attempts": 0,
            "created_at": now,
        }
        for key, event_id in sorted(items.items())
    ]
    with _write(engine) as conn, conn.begin():
        insert_ignore(conn, alert_deliveries, rows)


def record_delivery(
    engine: Engine,
    watchlist_id: int,
    sent: Iterable[AlertEvent],
    channel: str,
    *,
    error: str | None = None,
) -> None:
    """Mark reports delivered on a channel (error None), or failed with the error."""
    now = _now()
    status = "failed" if error else "delivered"
    items = sorted({e.item_key: e.event_id for e in sent}.items())
    t = alert_deliveries
    with _write(engine) as conn, conn.begin():
        for chunk in chunked(items):
            keys = [k for k, _ in chunk]
            existing = {
                row.item_key: row.attempts
                for row in conn.execute(
                    sa.select(t.c.item_key, t.c.attempts).where(
                        t.c.watchlist_id == watchlist_id,
                        t.c.channel == channel,
                        t.c.item_key.in_(keys),
                    )
                )
            }
            for key, event_id in chunk:
                values = {
                    "status": status,
                    "error": error,
                    "delivered_at": None if error else now,
                }
                if key in existing:
                    conn.execute(
                        t.update()
                        .where(
                            t.c.watchlist_id == watchlist_id,
                            t.c.channel == channel,
                            t.c.item_key == key,
                        )
                        .values(attempts=existing[key] + 1, **values)
                    )
                else:
                    conn.execute(
                        t.insert().values(
                            watchlist_id=watchlist_id,
                            item_key=key,
                            channel=channel,
                            event_id=event_id,
                            attempts=1,
                            created_at=now,
                            **values,
                        )
                    )


def delivered_entries(
    engine: Engine, watchlist_id: int, channel: str, *, limit: int = 100
) -> list[tuple[str, str, datetime]]:
    """(item_key, event id, delivered at) of the newest deliveries on a channel."""
    t = alert_deliveries
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.c.item_key, t.c.event_id, t.c.delivered_at)
            .where(
                t.c.watchlist_id == watchlist_id,
                t.c.channel == channel,
                t.c.status == "delivered",
            )
            .order_by(t.c.delivered_at.desc(), t.c.item_key)
            .limit(limit)
        ).all()
    return [(r.item_key, r.event_id, r.delivered_at) for r in rows]
