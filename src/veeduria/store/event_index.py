"""`event_index`: one row per resolved event, so that listings page through an index.

Listing events used to group every event row and read every date claim on each request
(seconds on 100,000 events). The index keeps, per resolved event (key: cluster id or event row
id), what the listings sort and filter on: the sort date exactly as
`veeduria.store.reading.event_page` defines it (the latest usable `date` value; and the latest
reviewed one for `reviewed_only`), the most common row type and usable country, whether a
claim is reviewed, plus display columns (best date, place, coordinates, conservative
fatalities, reports) from the same summary as `veeduria.query.events`.

It is derived state, refreshed in the writer's transaction for the keys a write touches:
`save_extraction` (new events and claims), `resolve_store` (cluster changes) and `add_review`
(decisions on event claims). `refresh_event_index(store)` rebuilds all of it (`veeduria
resolve` does, and migration 0004 fills it for existing stores): the plain events (one row,
no review, one claim of each kind in the usual shape: most of a large store) in one set-based
INSERT ... SELECT (`_plain_rows`), the others with `index_rows`, so a rebuild of 100,000
events takes seconds on SQLite and PostgreSQL alike, and writes what refreshing every key
would (a test checks it).

`simple` marks events with one row and at most one usable country: for them a row filter on
type or country is a filter on the event, so those filters can use the index; the others go
through the row-level query (see `reading.event_page`). So that such a filter does not check
every one of them, `event_facets` holds, for each event that is not simple, the types of its
rows and the values of its country claims (as stored, JSON text): an indexed superset of what
the row query can match, written with the index rows (`write_facets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from veeduria.store.dialect import chunked
from veeduria.store.schema import claims, event_facets, event_index, events, review_decisions

__all__ = [
    "event_keys_of_claims",
    "event_keys_of_rows",
    "facet_rows",
    "index_rows",
    "refresh_event_index",
    "refresh_facets",
    "refresh_keys",
    "write_facets",
]

_CHUNK = 500


def event_keys_of_rows(conn: Connection, row_ids: Iterable[str]) -> set[str]:
    """The resolved events the event rows `row_ids` belong to."""
    keys: set[str] = set()
    key = sa.func.coalesce(events.c.cluster_id, events.c.id)
    for chunk in chunked(sorted(set(row_ids))):
        keys.update(conn.execute(sa.select(key).where(events.c.id.in_(chunk))).scalars())
    return keys


def event_keys_of_claims(conn: Connection, claim_ids: Iterable[str]) -> set[str]:
    """The resolved events that the event claims `claim_ids` are about."""
    rows: set[str] = set()
    for chunk in chunked(sorted(set(claim_ids))):
        rows.update(
            conn.execute(
                sa.select(claims.c.subject_id).where(
                    claims.c.id.in_(chunk), claims.c.subject_type == "event"
                )
            ).scalars()
        )
    return event_keys_of_rows(conn, rows)


def _date_text(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("value") is not None:
        return str(value["value"])
    return None


def index_rows(conn: Connection, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The index rows of the resolved events `keys` that exist, computed from their rows and
    claims."""
    from veeduria.query.events import _load, _summary
    from veeduria.query.geo import _points
    from veeduria.review.state import claim_state

    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    for chunk in chunked(list(keys), _CHUNK):
        groups = _load(conn, chunk)
        points = {p.id: p for p in _points(conn, [(k, None) for k in chunk], reviewed_only=False)}
        for key in chunk:
            rows, group_claims, docs, actor_ids = groups[key]
            if not rows:
                continue
            states = [(c, claim_state(c)) for c in group_claims]
            usable = [c for c, s in states if s in ("accepted", "unreviewed")]
            reviewed = [c for c, s in states if s == "accepted"]
            dates = [d for d in (_date_text(c.value) for c in usable if c.property == "date") if d]
            reviewed_dates = [
                d for d in (_date_text(c.value) for c in reviewed if c.property == "date") if d
            ]
            countries = [c.value for c in usable if c.property == "country"]
            texts = [v for v in countries if isinstance(v, str) and len(v) == 2]
            summary = _summary(key, rows, group_claims, docs, actor_ids, reviewed_only=False)
            point = points[key]
            stamps = [r.created_at for r in rows] + [c.created_at for c in group_claims]
            stamps += [rv["created_at"] for c in group_claims for rv in c.reviews]
            out.append(
                {
                    "key": key,
                    "type": point.type,
                    "sort_date": max(dates) if dates else None,
                    "sort_date_reviewed": max(reviewed_dates) if reviewed_dates else None,
                    "date_precision": summary.date_precision,
                    "date_end": summary.date_end,
                    "country": point.country,
                    "place": point.place,
                    "lat": point.lat,
                    "lon": point.lon,
                    "geo_precision": point.precision,
                    "fatalities": summary.fatalities,
                    "reviewed": bool(reviewed),
                    "simple": len(rows) == 1
                    and len(texts) == len(countries)
                    and len(set(texts)) <= 1,
                    "reports": summary.reports,
                    "updated_at": max((_aware(s) for s in stamps if s is not None), default=now),
                }
            )
    return out


def _aware(stamp: Any) -> datetime:
    if isinstance(stamp, str):
        stamp = datetime.fromisoformat(stamp)
    assert isinstance(stamp, datetime)
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def refresh_keys(
    conn: Connection, keys: Iterable[str] | None = None, *, facets: bool = True
) -> int:
    """Rebuild the index rows of `keys` (all of them when None) inside the caller's
    transaction; keys that no longer name an event lose their row. Returns rows written.

    A full rebuild writes the plain events (`_plain_rows`) with one INSERT ... SELECT and
    computes the others in Python, as a refresh of their keys would. The facets of the events
    that are not simple are written alongside (`facets=False`: only by migrations older than
    the `event_facets` table)."""
    written = 0
    if keys is None:
        conn.execute(event_index.delete())
        if facets:
            conn.execute(event_facets.delete())
        written += _insert_plain(conn)
        key = sa.func.coalesce(events.c.cluster_id, events.c.id)
        done = sa.select(event_index.c.key)
        wanted = sorted(
            set(conn.execute(sa.select(key).where(key.not_in(done)).distinct()).scalars())
        )
    else:
        wanted = sorted(set(keys))
        for chunk in chunked(wanted):
            conn.execute(event_index.delete().where(event_index.c.key.in_(chunk)))
            if facets:
                conn.execute(event_facets.delete().where(event_facets.c.key.in_(chunk)))
    for chunk in chunked(wanted, _CHUNK):
        rows = index_rows(conn, chunk)
        if rows:
            conn.execute(event_index.insert(), rows)
            written += len(rows)
            if facets:
                write_facets(conn, [row["key"] for row in rows if not row["simple"]])
    return written


def facet_rows(conn: Connection, keys: Sequence[str]) -> list[dict[str, str]]:
    """The `event_facets` rows of the resolved events `keys` (events that are not simple): the
    type of each of their rows, and the value of each of their country claims whatever its
    review state (a superset of what a row filter can match)."""
    found: set[tuple[str, str, str]] = set()
    key_of_row: dict[str, str] = {}
    key = sa.func.coalesce(events.c.cluster_id, events.c.id)
    for chunk in chunked(list(keys), _CHUNK):
        # Rows through the cluster_id and primary key indexes (see reading._row_event_page).
        member_rows = sa.union_all(
            sa.select(events.c.id).where(events.c.cluster_id.in_(chunk)),
            sa.select(events.c.id).where(events.c.cluster_id.is_(None), events.c.id.in_(chunk)),
        )
        for event_key, row_id, row_type in conn.execute(
            sa.select(key, events.c.id, events.c.type).where(events.c.id.in_(member_rows))
        ):
            found.add(("type", row_type, event_key))
            key_of_row[row_id] = event_key
    for chunk in chunked(sorted(key_of_row)):
        for row_id, value in conn.execute(
            sa.select(claims.c.subject_id, claims.c.value).where(
                claims.c.subject_type == "event",
                claims.c.subject_id.in_(chunk),
                claims.c.property == "country",
            )
        ):
            found.add(("country", value, key_of_row[row_id]))
    return [{"facet": f, "value": v, "key": k} for f, v, k in sorted(found)]


def write_facets(conn: Connection, keys: Sequence[str]) -> int:
    """Write the `event_facets` rows of `keys` (their old rows must be gone); returns how many."""
    rows = facet_rows(conn, keys)
    if rows:
        conn.execute(event_facets.insert(), rows)
    return len(rows)


def refresh_facets(conn: Connection) -> int:
    """Rebuild all of `event_facets` from `event_index` (the events that are not simple)."""
    conn.execute(event_facets.delete())
    keys = list(
        conn.execute(
            sa.select(event_index.c.key).where(event_index.c.simple == sa.false())
        ).scalars()
    )
    return write_facets(conn, keys)


def _json_parts(conn: Connection) -> tuple[Any, Any]:
    """(text of a top-level field, its JSON type) as SQL for this dialect; types are named as
    SQLite's json_type names them ('text', 'integer', 'real', 'null'; NULL when missing)."""
    if conn.dialect.name == "postgresql":

        def field(column: Any, key: str) -> Any:
            return sa.cast(column, sa.JSON).op("->>")(sa.literal(key))

        def kind(column: Any, key: str) -> Any:
            typeof = sa.func.json_typeof(sa.cast(column, sa.JSON).op("->")(sa.literal(key)))
            return sa.case((typeof == "string", "text"), (typeof == "number", "real"), else_=typeof)

        return field, kind

    def sqlite_field(column: Any, key: str) -> Any:
        return sa.func.json_extract(column, f"$.{key}")

    def sqlite_kind(column: Any, key: str) -> Any:
        kind = sa.func.json_type(column, f"$.{key}")
        return sa.case((kind == "integer", "real"), else_=kind)

    return sqlite_field, sqlite_kind


def _plain_rows(conn: Connection) -> sa.Select[Any]:
    """The index rows of *plain* events, computed in one set-based query.

    A plain event has a single row (no cluster) whose claims carry no review decision and no
    reviewer's edit, and at most one claim each of date, country, place and fatalities, each
    in the usual shape (a date object with a text value; a country code as a JSON string; a
    place object with numeric or absent coordinates; fatalities as a whole number). For it,
    `index_rows` reduces to reading those claims' fields: this query does that. Every other
    event is left to `index_rows`. Events placed at their country's capital get their
    coordinates afterwards (`_place_at_capitals`).
    """
    field, kind = _json_parts(conn)
    c = claims
    decided = sa.select(review_decisions.c.claim_id).distinct().subquery("decided")

    def count_of(prop: str) -> Any:
        return sa.func.sum(sa.case((c.c.property == prop, 1), else_=0))

    def value_of(prop: str) -> Any:
        return sa.func.max(sa.case((c.c.property == prop, c.c.value)))

    per_row = (
        sa.select(
            c.c.subject_id.label("row_id"),
            count_of("date").label("n_date"),
            count_of("country").label("n_country"),
            count_of("place").label("n_place"),
            count_of("fatalities").label("n_fatalities"),
            value_of("date").label("date_v"),
            value_of("country").label("country_v"),
            value_of("place").label("place_v"),
            value_of("fatalities").label("fatalities_v"),
            sa.func.sum(
                sa.case(
                    (sa.or_(c.c.corrects.is_not(None), decided.c.claim_id.is_not(None)), 1), else_=0
                )
            ).label("n_reviewed"),
            sa.func.max(c.c.created_at).label("last_claim"),
        )
        .select_from(c.outerjoin(decided, decided.c.claim_id == c.c.id))
        .where(c.c.subject_type == "event")
        .group_by(c.c.subject_id)
        .subquery("per_row")
    )
    clusters = (
        sa.select(events.c.cluster_id.label("cluster"))
        .where(events.c.cluster_id.is_not(None))
        .distinct()
        .subquery("clusters")
    )
    e = events
    r = per_row.c
    date_v, country_v, place_v, fat_v = r.date_v, r.country_v, r.place_v, r.fatalities_v
    optional_text = ("text", "null")

    def absent_or(kind_expr: Any, kinds: tuple[str, ...]) -> Any:
        return sa.or_(kind_expr.is_(None), kind_expr.in_(kinds))

    date_ok = sa.or_(
        date_v.is_(None),
        sa.and_(
            sa.func.substr(date_v, 1, 1) == "{",
            kind(date_v, "value") == "text",
            field(date_v, "value") != "",
            absent_or(kind(date_v, "precision"), optional_text),
            absent_or(kind(date_v, "end"), optional_text),
        ),
    )
    country_ok = sa.or_(
        country_v.is_(None),
        sa.and_(
            sa.func.length(country_v) == 4,
            sa.func.substr(country_v, 1, 1) == '"',
            sa.func.substr(country_v, 4, 1) == '"',
            sa.func.substr(country_v, 2, 1) != "\\",
            sa.func.substr(country_v, 3, 1) != "\\",
            sa.func.substr(country_v, 2, 1) != '"',
            sa.func.substr(country_v, 3, 1) != '"',
        ),
    )
    place_ok = sa.or_(
        place_v.is_(None),
        sa.and_(
            sa.func.substr(place_v, 1, 1) == "{",
            absent_or(kind(place_v, "lat"), ("real", "null")),
            absent_or(kind(place_v, "lon"), ("real", "null")),
            absent_or(kind(place_v, "name"), optional_text),
            absent_or(kind(place_v, "precision"), optional_text),
        ),
    )
    digits: ColumnElement[bool]
    if conn.dialect.name == "postgresql":
        digits = fat_v.op("~")("^[0-9]{1,9}$")
    else:
        digits = sa.and_(fat_v.op("NOT GLOB")("*[^0-9]*"), sa.func.length(fat_v).between(1, 9))
    fatalities_ok = sa.or_(fat_v.is_(None), digits)
    has_coords = sa.and_(kind(place_v, "lat") == "real", kind(place_v, "lon") == "real")
    place_name = sa.func.nullif(field(place_v, "name"), "")
    date_text = field(date_v, "value")
    return (
        sa.select(
            e.c.id.label("key"),
            e.c.type.label("type"),
            date_text.label("sort_date"),
            sa.null().label("sort_date_reviewed"),
            field(date_v, "precision").label("date_precision"),
            field(date_v, "end").label("date_end"),
            sa.func.substr(country_v, 2, 2).label("country"),
            place_name.label("place"),
            sa.case((has_coords, sa.cast(field(place_v, "lat"), sa.Float))).label("lat"),
            sa.case((has_coords, sa.cast(field(place_v, "lon"), sa.Float))).label("lon"),
            sa.case(
                (
                    has_coords,
                    sa.func.coalesce(sa.func.nullif(field(place_v, "precision"), ""), "place"),
                )
            ).label("geo_precision"),
            sa.cast(fat_v, sa.Integer).label("fatalities"),
            sa.false().label("reviewed"),
            sa.true().label("simple"),
            sa.literal(1).label("reports"),
            sa.case(
                (
                    sa.and_(r.last_claim.is_not(None), r.last_claim > e.c.created_at),
                    r.last_claim,
                ),
                else_=e.c.created_at,
            ).label("updated_at"),
        )
        .select_from(
            e.outerjoin(per_row, r.row_id == e.c.id).outerjoin(
                clusters, clusters.c.cluster == e.c.id
            )
        )
        .where(
            e.c.cluster_id.is_(None),
            clusters.c.cluster.is_(None),
            sa.func.coalesce(r.n_reviewed, 0) == 0,
            sa.func.coalesce(r.n_date, 0) <= 1,
            sa.func.coalesce(r.n_country, 0) <= 1,
            sa.func.coalesce(r.n_place, 0) <= 1,
            sa.func.coalesce(r.n_fatalities, 0) <= 1,
            date_ok,
            country_ok,
            place_ok,
            fatalities_ok,
        )
    )


_PLAIN_COLUMNS = [
    "key",
    "type",
    "sort_date",
    "sort_date_reviewed",
    "date_precision",
    "date_end",
    "country",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "fatalities",
    "reviewed",
    "simple",
    "reports",
    "updated_at",
]


def _insert_plain(conn: Connection) -> int:
    """Write the index rows of every plain event (`_plain_rows`); returns how many."""
    before = conn.execute(sa.select(sa.func.count()).select_from(event_index)).scalar_one()
    conn.execute(event_index.insert().from_select(_PLAIN_COLUMNS, _plain_rows(conn)))
    _place_at_capitals(conn)
    after = conn.execute(sa.select(sa.func.count()).select_from(event_index)).scalar_one()
    return int(after) - int(before)


def _place_at_capitals(conn: Connection) -> None:
    """Events with no coordinates but a country sit at its capital (`geo.country_point`), as
    `index_rows` places them; rows it wrote already have theirs."""
    from veeduria.query.geo import country_point

    ix = event_index
    unplaced = sa.select(ix.c.country).where(ix.c.lat.is_(None), ix.c.country.is_not(None))
    for country in sorted(set(conn.execute(unplaced.distinct()).scalars())):
        where = country_point(country)
        if where is None:
            continue
        conn.execute(
            ix.update()
            .where(ix.c.lat.is_(None), ix.c.country == country)
            .values(lat=where[0], lon=where[1], geo_precision="country")
        )


def refresh_event_index(store: Any, keys: Iterable[str] | None = None) -> int:
    """Rebuild the event index of `store` (only `keys` when given), in one transaction."""
    with store.engine.begin() as conn:
        return refresh_keys(conn, keys)
