"""SQL for the readers of reviewed evidence: events, figures, tolls, the review queue.

The query layer (`veeduria.query`, `veeduria.resolve.figures`, `veeduria.review`) turns these
rows into records; this module only talks to the database, through indexes:

- events are filtered on `events.type`, `events.document_id` and `events.cluster_id`;
- an event row's claims are found with `claims(subject_type, subject_id, property)`, whose
  values are compared as canonical JSON text (`'"PE"'`), so no JSON parsing is needed to filter;
- a claim's decisions with `review_decisions(claim_id)`;
- death tolls with `death_tolls(country, as_of)`.

A resolved event is the group of event rows sharing a `cluster_id`; a row without one is an
event of its own. Its key is `COALESCE(cluster_id, id)`.

What a claim's decisions amount to (accepted, rejected, edited, unreviewed) is defined in
`veeduria.review.state`; `state_expression` is the same rule in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql.elements import ColumnElement

from veeduria.store.api import ClaimRecord
from veeduria.store.dialect import chunked
from veeduria.store.ids import canonical_json, name_key
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    death_tolls,
    documents,
    event_facets,
    event_index,
    events,
    review_decisions,
)

__all__ = [
    "ACTOR_ROLES",
    "actor_ids_by_key",
    "actor_names",
    "claim_records",
    "decisions_in_order",
    "document_rows",
    "event_key",
    "event_key_of",
    "event_members",
    "event_page",
    "event_page_rows",
    "match_claim_ids",
    "queue_claims",
    "state_expression",
    "toll_rows",
]

#: The roles an event actor claim may carry (`veeduria.types.Role`).
ACTOR_ROLES = ("agent", "target", "victim", "participant")

#: The order in which a reviewer sees a claim's properties: figures first.
PROPERTY_RANK = {
    "fatalities": 0,
    "injured": 1,
    "count": 2,
    "type": 3,
    "date": 4,
    "as_of": 5,
    "country": 6,
    "place": 7,
    "actor": 8,
    "scope": 9,
    "relation": 10,
    "name": 11,
    "kind": 12,
}

_DOCUMENT_COLUMNS = [
    documents.c.id,
    documents.c.title,
    documents.c.publisher,
    documents.c.url,
    documents.c.published,
    documents.c.language,
    documents.c.syndicated_of,
]


def event_key(table: Any = events) -> ColumnElement[Any]:
    """The id of the resolved event an event row belongs to."""
    return sa.func.coalesce(table.c.cluster_id, table.c.id)


def state_expression(claim_table: Any) -> ColumnElement[Any]:
    """'accept', 'reject', 'edit' (the latest decision) or 'none'; a reviewer's edit claim with
    no decision of its own counts as 'accept' (see `veeduria.review.state`)."""
    rd = review_decisions.alias("rd_latest")
    latest = (
        sa.select(rd.c.decision)
        .where(rd.c.claim_id == claim_table.c.id)
        .order_by(rd.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    implicit = sa.case((claim_table.c.corrects.is_not(None), "accept"), else_="none")
    return sa.func.coalesce(latest, implicit)


def _usable(claim_table: Any, reviewed_only: bool) -> ColumnElement[bool]:
    state = state_expression(claim_table)
    return state == "accept" if reviewed_only else state.in_(("accept", "none"))


def _json_text(conn: Connection, column: Any, key: str) -> ColumnElement[Any]:
    """The text of one top-level key of a JSON column."""
    if conn.dialect.name == "postgresql":
        return sa.func.json_extract_path_text(sa.cast(column, sa.JSON), key)
    return sa.func.json_extract(column, f"$.{key}")


def _event_claim_exists(
    prop: str, values: Sequence[str] | None, reviewed_only: bool, extra: Any = None
) -> ColumnElement[bool]:
    """EXISTS a usable claim of `prop` on the current event row (values as canonical JSON)."""
    c = claims.alias(f"f_{prop}")
    query = sa.select(sa.literal(1)).where(
        c.c.subject_type == "event",
        c.c.subject_id == events.c.id,
        c.c.property == prop,
        _usable(c, reviewed_only),
    )
    if values is not None:
        query = query.where(c.c.value.in_(list(values)))
    if extra is not None:
        query = query.where(extra(c))
    return query.exists()


def event_actor_claims(names: Iterable[str], reviewed_only: bool) -> sa.Select[tuple[str]]:
    """The ids of the event rows with a usable actor claim of one of `names`, read from the
    partial index on event actor claims (its conditions are rendered as literals, not bound
    parameters, or the planners would not match the index: migration 0009)."""
    c = claims.alias("f_actor")
    return sa.select(c.c.subject_id).where(
        c.c.subject_type == sa.literal_column("'event'"),
        c.c.property == sa.literal_column("'actor'"),
        c.c.value.in_(_actor_values(names)),
        _usable(c, reviewed_only),
    )


def actor_names(conn: Connection, actor: str) -> list[str]:
    """The names an actor goes by: `actor` may be an actor id or any of its names (accents and
    case do not matter). The names of every node that cross-document resolution put in the
    same actor (`actors.resolved_id`) count too. Unknown names are matched as written."""
    ids = set(conn.execute(sa.select(actors.c.id).where(actors.c.id == actor)).scalars())
    names: set[str] = set() if ids else {actor}
    if not ids:
        key = name_key(actor)
        ids.update(conn.execute(sa.select(actors.c.id).where(actors.c.key == key)).scalars())
        ids.update(
            conn.execute(
                sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key)
            ).scalars()
        )
    if ids:
        resolved = sa.func.coalesce(actors.c.resolved_id, actors.c.id)
        groups = set(
            conn.execute(sa.select(resolved).where(actors.c.id.in_(sorted(ids)))).scalars()
        )
        ids.update(
            conn.execute(
                sa.select(actors.c.id).where(
                    sa.or_(
                        actors.c.id.in_(sorted(groups)), actors.c.resolved_id.in_(sorted(groups))
                    )
                )
            ).scalars()
        )
        names.update(
            conn.execute(sa.select(actors.c.name).where(actors.c.id.in_(sorted(ids)))).scalars()
        )
        names.update(
            conn.execute(
                sa.select(actor_aliases.c.alias).where(actor_aliases.c.actor_id.in_(sorted(ids)))
            ).scalars()
        )
    return sorted(names)


def actor_ids_by_key(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    """Name key -> the resolved actor's id (`actors.resolved_id`, else the name node's own id;
    the smallest when several kinds share a name)."""
    out: dict[str, str] = {}
    resolved = sa.func.coalesce(actors.c.resolved_id, actors.c.id).label("resolved")
    for chunk in chunked(sorted(set(keys))):
        for row in conn.execute(
            sa.select(actors.c.key, resolved).where(actors.c.key.in_(chunk)).order_by(actors.c.id)
        ).all():
            out.setdefault(row.key, row.resolved)
    return out


def _actor_values(names: Iterable[str]) -> list[str]:
    """The canonical JSON of an event actor claim, for every name and role."""
    return [canonical_json({"name": n, "role": r}) for n in names for r in ACTOR_ROLES]


def event_page(
    conn: Connection,
    *,
    types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    actor_names: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reviewed_only: bool = False,
    document_id: str | None = None,
    text: str | None = None,
    newest_first: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[tuple[str, str | None]]:
    """(event key, sort date) for one page of resolved events, ordered by date (undated last),
    then key: the rules of `_row_event_page`, read from `event_index` where it gives the same
    answer.

    The index serves no filter, type, date range and reviewed-only filters, and a country
    filter without reviewed-only; events that are not `simple` (several rows, or several
    usable countries) are then checked row by row (`_row_event_page` limited to their rows).
    Actor, text and document filters use the row query.
    """
    page = event_page_rows(
        conn,
        (),
        types=types,
        countries=countries,
        actor_names=actor_names,
        date_from=date_from,
        date_to=date_to,
        reviewed_only=reviewed_only,
        document_id=document_id,
        text=text,
        newest_first=newest_first,
        limit=limit,
        offset=offset,
    )
    return [(key, date) for key, date, _ in page]


def event_page_rows(
    conn: Connection,
    columns: Sequence[Any],
    *,
    types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    actor_names: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reviewed_only: bool = False,
    document_id: str | None = None,
    text: str | None = None,
    newest_first: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[tuple[str, str | None, tuple[Any, ...] | None]]:
    """`event_page`, each event with the values of the `event_index` `columns` (None for an
    event the index does not hold), read in the same query when the index serves the filters:
    the map and the timeline draw thousands of events from these columns alone."""
    if actor_names is not None or text or document_id is not None or (countries and reviewed_only):
        keyed = _row_event_page(
            conn,
            types=types,
            countries=countries,
            actor_names=actor_names,
            date_from=date_from,
            date_to=date_to,
            reviewed_only=reviewed_only,
            document_id=document_id,
            text=text,
            newest_first=newest_first,
            limit=limit,
            offset=offset,
        )
        return _with_index_columns(conn, keyed, columns)
    ix = event_index
    sort_col = ix.c.sort_date_reviewed if reviewed_only else ix.c.sort_date
    where: list[ColumnElement[bool]] = []
    if reviewed_only:
        where.append(ix.c.reviewed == sa.true())
    row_level = bool(types or countries)
    if types:
        where.append(ix.c.type.in_(list(types)))
    if countries:
        where.append(ix.c.country.in_([cc.upper() for cc in countries]))
    if row_level:
        where.append(ix.c.simple == sa.true())
    if date_from:
        where.append(sort_col.op("||")("~") >= date_from)
    if date_to:
        where.append(sort_col <= date_to + "~")
    wanted = offset + limit
    dated_order = sort_col.desc() if newest_first else sort_col.asc()
    key_order = ix.c.key.asc()
    width = len(columns)
    found: list[tuple[str, str | None, tuple[Any, ...] | None]] = [
        (row[0], row[1], tuple(row[2:]) if width else ())
        for row in conn.execute(
            sa.select(ix.c.key, sort_col, *columns)
            .where(*where, sort_col.is_not(None))
            .order_by(dated_order, key_order)
            .limit(wanted)
        )
    ]
    if len(found) < wanted and not date_from and not date_to:
        found += [
            (row[0], None, tuple(row[1:]) if width else ())
            for row in conn.execute(
                sa.select(ix.c.key, *columns)
                .where(*where, sort_col.is_(None))
                .order_by(key_order)
                .limit(wanted - len(found))
            )
        ]
    # Events with several rows (or countries): the row filters decide, row by row, for those
    # whose facets (`event_facets`: their rows' types, their country claims) can match. When
    # there are none, that query is not run at all.
    complex_keys = sa.select(ix.c.key).where(ix.c.simple == sa.false())
    facet_values = (
        ("type", list(types or ())),
        ("country", [canonical_json(cc.upper()) for cc in countries or ()]),
    )
    for facet, values in facet_values:
        if values:
            complex_keys = complex_keys.where(
                ix.c.key.in_(
                    sa.select(event_facets.c.key).where(
                        event_facets.c.facet == facet, event_facets.c.value.in_(values)
                    )
                )
            )
    dated_found = [f[1] for f in found if f[1] is not None]
    if row_level and newest_first and len(dated_found) >= wanted:
        # A row filter keeps some of an event's rows, whose latest date is at most the
        # event's own sort date: events dated before the page's last date cannot enter it.
        complex_keys = complex_keys.where(sort_col >= min(dated_found))
    if row_level:
        if conn.execute(complex_keys.limit(1)).first() is not None:
            extra = _row_event_page(
                conn,
                types=types,
                countries=countries,
                date_from=date_from,
                date_to=date_to,
                reviewed_only=reviewed_only,
                newest_first=newest_first,
                limit=wanted,
                offset=0,
                within=complex_keys,
            )
            found += _with_index_columns(conn, extra, columns)

        def order(item: tuple[str, str | None, Any]) -> tuple[bool, str, str]:
            return (item[1] is None, item[1] or "", item[0])

        found.sort(key=order)
        if newest_first:
            dated = [f for f in found if f[1] is not None]
            dated.sort(key=lambda item: item[0])
            dated.sort(key=lambda item: item[1] or "", reverse=True)
            found = dated + [f for f in found if f[1] is None]
    return found[offset:wanted]


def _with_index_columns(
    conn: Connection, page: Sequence[tuple[str, str | None]], columns: Sequence[Any]
) -> list[tuple[str, str | None, tuple[Any, ...] | None]]:
    """`page` with the `event_index` `columns` of each event, looked up by key."""
    if not columns:
        return [(key, date, ()) for key, date in page]
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in chunked([key for key, _ in page]):
        for row in conn.execute(
            sa.select(event_index.c.key, *columns).where(event_index.c.key.in_(chunk))
        ):
            found[row[0]] = tuple(row[1:])
    return [(key, date, found.get(key)) for key, date in page]


def _row_event_page(
    conn: Connection,
    *,
    types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    actor_names: Sequence[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reviewed_only: bool = False,
    document_id: str | None = None,
    text: str | None = None,
    newest_first: bool = False,
    limit: int = 50,
    offset: int = 0,
    within: Any = None,
) -> list[tuple[str, str | None]]:
    """(event key, sort date) for one page of resolved events, ordered by date, computed from
    the event rows and their claims (`within`: a query of the keys to consider).

    A group is listed when one of its rows passes the row filters (type, document, country,
    actor, text, reviewed); its sort date is the latest usable `date` value of those rows
    ("2019-11-12" sorts after "2019-11", so the most precise of consistent dates wins). Dates
    compare as prefixes: "2019-11" is within --since 2019-11-15 and --until 2019-11-30, and
    "2019-11-12" within --until 2019.
    """
    key = event_key().label("key")
    dc = claims.alias("d")
    date_value = _json_text(conn, dc.c.value, "value")
    sort_date = sa.func.max(date_value)
    query = (
        sa.select(key, sort_date.label("sort_date"))
        .select_from(
            events.outerjoin(
                dc,
                sa.and_(
                    dc.c.subject_type == "event",
                    dc.c.subject_id == events.c.id,
                    dc.c.property == "date",
                    _usable(dc, reviewed_only),
                ),
            )
        )
        .group_by(key)
    )
    if within is not None:
        # The rows of those events, found through the cluster_id and primary key indexes
        # (an OR of the two conditions on `events` is a scan of it on PostgreSQL).
        member_rows = sa.union_all(
            sa.select(events.c.id).where(events.c.cluster_id.in_(within)),
            sa.select(events.c.id).where(events.c.cluster_id.is_(None), events.c.id.in_(within)),
        )
        query = query.where(events.c.id.in_(member_rows))
    if types:
        query = query.where(events.c.type.in_(list(types)))
    if document_id is not None:
        query = query.where(events.c.document_id == document_id)
    if countries:
        values = [canonical_json(cc.upper()) for cc in countries]
        query = query.where(_event_claim_exists("country", values, reviewed_only))
    if actor_names is not None:
        # Driven from the actor's claims: only that actor's rows, where an EXISTS per event
        # row would test every row of the store.
        query = query.where(events.c.id.in_(event_actor_claims(actor_names, reviewed_only)))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            _event_claim_exists(
                "type", None, reviewed_only, lambda c: sa.func.lower(c.c.quote).like(pattern)
            )
        )
    if reviewed_only:
        rc = claims.alias("r")
        query = query.where(
            sa.select(sa.literal(1))
            .where(
                rc.c.subject_type == "event",
                rc.c.subject_id == events.c.id,
                _usable(rc, True),
            )
            .exists()
        )
    if date_from:
        query = query.having(sort_date.op("||")("~") >= date_from)
    if date_to:
        query = query.having(sort_date <= date_to + "~")
    order = sort_date.desc() if newest_first else sort_date.asc()
    query = query.order_by(sa.nulls_last(order), key).limit(limit).offset(offset)
    return [(row.key, row.sort_date) for row in conn.execute(query)]


def event_key_of(conn: Connection, event_id: str) -> str | None:
    """The resolved event `event_id` names: a cluster id, or an event row's id."""
    if conn.execute(sa.select(events.c.id).where(events.c.cluster_id == event_id).limit(1)).first():
        return event_id
    row = conn.execute(sa.select(event_key().label("key")).where(events.c.id == event_id)).first()
    return None if row is None else str(row.key)


def event_members(conn: Connection, keys: Sequence[str]) -> list[Row[Any]]:
    """The event rows of the resolved events `keys`, with their key as `key`."""
    out: list[Row[Any]] = []
    for chunk in chunked(list(keys)):
        out.extend(
            conn.execute(
                sa.select(events, event_key().label("key"))
                .where(
                    sa.or_(
                        events.c.cluster_id.in_(chunk),
                        sa.and_(events.c.cluster_id.is_(None), events.c.id.in_(chunk)),
                    )
                )
                .order_by(events.c.id)
            ).all()
        )
    return out


def _reviews(conn: Connection, claim_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    reviews: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunked(list(claim_ids)):
        for review in conn.execute(
            sa.select(review_decisions)
            .where(review_decisions.c.claim_id.in_(chunk))
            .order_by(review_decisions.c.id)
        ).all():
            reviews.setdefault(review.claim_id, []).append(
                {
                    "id": review.id,
                    "decision": review.decision,
                    "reviewer": review.reviewer,
                    "comment": review.comment,
                    "new_claim_id": review.new_claim_id,
                    "created_at": review.created_at,
                }
            )
    return reviews


def claim_records(
    conn: Connection,
    subject_type: str,
    subject_ids: Sequence[str],
    properties: Sequence[str] | None = None,
) -> list[ClaimRecord]:
    """Every claim about these subjects (machine's and reviewers'), with its decisions."""
    from veeduria.store.sql import _claim_record

    rows: list[Row[Any]] = []
    for chunk in chunked(list(subject_ids)):
        query = sa.select(claims).where(
            claims.c.subject_type == subject_type, claims.c.subject_id.in_(chunk)
        )
        if properties is not None:
            query = query.where(claims.c.property.in_(list(properties)))
        rows.extend(conn.execute(query).all())
    rows.sort(key=lambda r: (r.document_id, r.start, r.end, r.property, r.id))
    reviews = _reviews(conn, [r.id for r in rows])
    return [_claim_record(row, reviews.get(row.id, [])) for row in rows]


def claims_by_id(conn: Connection, claim_ids: Sequence[str]) -> list[ClaimRecord]:
    from veeduria.store.sql import _claim_record

    rows: list[Row[Any]] = []
    for chunk in chunked(list(claim_ids)):
        rows.extend(conn.execute(sa.select(claims).where(claims.c.id.in_(chunk))).all())
    reviews = _reviews(conn, [r.id for r in rows])
    return [_claim_record(row, reviews.get(row.id, [])) for row in rows]


def match_claim_ids(conn: Connection, prefix: str, *, limit: int = 6) -> list[str]:
    """Claim ids equal to or starting with `prefix` (people type short ids)."""
    exact = conn.execute(sa.select(claims.c.id).where(claims.c.id == prefix)).first()
    if exact is not None:
        return [prefix]
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(
        conn.execute(
            sa.select(claims.c.id)
            .where(claims.c.id.like(escaped + "%", escape="\\"))
            .order_by(claims.c.id)
            .limit(limit)
        ).scalars()
    )


def document_rows(conn: Connection, doc_ids: Iterable[str]) -> dict[str, Row[Any]]:
    """Source metadata (no text) of these documents, by id."""
    out: dict[str, Row[Any]] = {}
    for chunk in chunked(sorted(set(doc_ids))):
        for row in conn.execute(
            sa.select(*_DOCUMENT_COLUMNS).where(documents.c.id.in_(chunk))
        ).all():
            out[row.id] = row
    return out


def toll_rows(conn: Connection, country: str) -> list[Row[Any]]:
    """The death-toll rows of a country, through the (country, as_of) index."""
    return list(
        conn.execute(
            sa.select(death_tolls)
            .where(death_tolls.c.country == country)
            .order_by(death_tolls.c.as_of, death_tolls.c.id)
        ).all()
    )


def queue_claims(
    conn: Connection,
    *,
    reviewer: str | None = None,
    second_opinion: bool = False,
    country: str | None = None,
    event_type: str | None = None,
    actor_names: Sequence[str] | None = None,
    limit: int = 1,
) -> list[tuple[ClaimRecord, int]]:
    """The next undecided claims, most valuable first, with their tier (0: a death figure or a
    claim about an event with fatalities; 1: the rest).

    Within a tier: lowest confidence first, then figures before types, dates, places and
    actors, then claim id. Reviewers' own edit claims are not queued. By default a claim
    anyone decided is done; with `second_opinion`, claims decided by others but not by
    `reviewer` are queued instead (for agreement).

    Tier 0 is read first and tier 1 only when tier 0 runs short, so the usual call sorts only
    the claims about deadly events and tolls.
    """
    c = claims
    decided_by_anyone = (
        sa.select(sa.literal(1)).where(review_decisions.c.claim_id == c.c.id).exists()
    )
    where: list[ColumnElement[bool]] = [c.c.corrects.is_(None)]
    if second_opinion:
        if reviewer is None:
            raise ValueError("a second opinion needs the reviewer's name")
        mine = (
            sa.select(sa.literal(1))
            .where(review_decisions.c.claim_id == c.c.id, review_decisions.c.reviewer == reviewer)
            .exists()
        )
        where += [decided_by_anyone, ~mine]
    else:
        where.append(~decided_by_anyone)

    event_filters: list[ColumnElement[bool]] = []
    if event_type is not None:
        event_filters.append(events.c.type == event_type)
    if country is not None:
        event_filters.append(_event_claim_exists("country", [canonical_json(country)], False))
    if actor_names is not None:
        event_filters.append(events.c.id.in_(event_actor_claims(actor_names, False)))
    if event_filters:
        subjects = sa.select(events.c.id).where(*event_filters)
        about_event = sa.and_(c.c.subject_type == "event", c.c.subject_id.in_(subjects))
        if country is not None and event_type is None and actor_names is None:
            tolls = sa.select(death_tolls.c.id).where(death_tolls.c.country == country)
            where.append(
                sa.or_(about_event, sa.and_(c.c.subject_type == "toll", c.c.subject_id.in_(tolls)))
            )
        else:
            where.append(about_event)

    # Event rows that report deaths, and every row of their clusters.
    fc = claims.alias("q_fc")
    dead = sa.select(fc.c.subject_id).where(
        fc.c.subject_type == "event", fc.c.property == "fatalities", fc.c.value != "0"
    )
    dead_clusters = sa.select(events.c.cluster_id).where(
        events.c.id.in_(dead), events.c.cluster_id.is_not(None)
    )
    dead_rows = sa.union(dead, sa.select(events.c.id).where(events.c.cluster_id.in_(dead_clusters)))
    deadly = sa.or_(
        c.c.subject_type == "toll",
        sa.and_(c.c.subject_type == "event", c.c.subject_id.in_(dead_rows)),
    )
    rank = sa.case(PROPERTY_RANK, value=c.c.property, else_=len(PROPERTY_RANK))
    order = (c.c.confidence, rank, c.c.document_id, c.c.start, c.c.id)

    rows: list[tuple[Row[Any], int]] = []
    for tier, condition in ((0, deadly), (1, ~deadly)):
        if len(rows) >= limit:
            break
        query = sa.select(c).where(*where, condition).order_by(*order)
        found = conn.execute(query.limit(limit - len(rows))).all()
        rows.extend((row, tier) for row in found)
    from veeduria.store.sql import _claim_record

    reviews = _reviews(conn, [r.id for r, _ in rows])
    return [(_claim_record(r, reviews.get(r.id, [])), tier) for r, tier in rows]


def decisions_in_order(conn: Connection) -> list[Any]:
    """(id, claim_id, reviewer, decision) of every review decision, oldest first."""
    return list(
        conn.execute(
            sa.select(
                review_decisions.c.id,
                review_decisions.c.claim_id,
                review_decisions.c.reviewer,
                review_decisions.c.decision,
            ).order_by(review_decisions.c.id)
        ).all()
    )
