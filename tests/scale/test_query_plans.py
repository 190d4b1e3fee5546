"""The read paths use indexes: no query of the timeline, the event page, the network, search,
actor look-ups, resolution or a pattern run scans a big table.

Each test seeds a store with a few thousand synthetic events (bench/synthetic.py: documents,
events, claims, actors, relations, reviews, the event index), runs ANALYZE, then calls the
public query functions while a `before_cursor_execute` listener records every SELECT they
issue, and which veeduria function issued it. Every recorded statement is then explained:

- SQLite: `EXPLAIN QUERY PLAN`; a `SCAN <big table>` that uses no index fails (a scan through
  an index, a covering index or the FTS5 virtual table is fine, and so are tiny tables).
- PostgreSQL: `EXPLAIN` with `enable_seqscan = off`; a `Seq Scan` on a big table fails: the
  planner avoids sequential scans whenever an index path exists, so one left means none does.

Capturing the SQL (rather than asserting on query text) keeps the tests valid while the query
functions are rewritten. Queries that read everything by nature are exempt, by the function
that issues them and the table: see `EXEMPT`.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from synthetic import insert_store

from veeduria.store.sql import SQLStore

N_DOCS = 3000

#: Tables that grow with the evidence base; scanning one of them is a failure.
BIG = {
    "documents",
    "documents_fts",
    "blobs",
    "claims",
    "events",
    "event_index",
    "event_embeddings",
    "actors",
    "actor_aliases",
    "relations",
    "death_tolls",
    "review_decisions",
    "judgements",
    "extraction_runs",
    "alert_deliveries",
}

#: (issuing function, table) -> why reading the whole table is right there.
EXEMPT: dict[tuple[str, str], str] = {
    # A resolution run resolves every actor and clusters every current event row: it reads
    # them all once (its blocking is done in memory, on name keys and (type, country, month)).
    ("store/resolution.py:actor_mentions", "actors"): "resolution reads every actor node",
    ("store/resolution.py:actor_mentions", "actor_aliases"): "and every alias",
    ("store/resolution.py:actor_mentions", "claims"): "and every actor-name claim",
    ("store/resolution.py:resolve_store_actors", "actors"): "compares every node's resolved id",
    ("store/resolution.py:_current_versions", "extraction_runs"): "every document's version",
    ("store/resolution.py:_event_rows", "events"): "clustering reads every event row",
    ("store/resolution.py:_event_reports", "documents"): "every document's language",
}


@dataclass
class Issued:
    sql: str
    params: Any
    origin: str  # "store/reading.py:event_page": the innermost veeduria function


def _origin() -> str:
    for frame in reversed(traceback.extract_stack()):
        path = frame.filename.replace("\\", "/")
        if "/src/veeduria/" in path:
            return f"{path.split('/src/veeduria/')[1]}:{frame.name}"
    return "?"


@contextmanager
def capture(engine: sa.engine.Engine) -> Iterator[list[Issued]]:
    """Every SELECT (or WITH) executed on `engine` inside the block."""
    issued: list[Issued] = []

    def listener(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if not many and head in ("SELECT", "WITH"):
            issued.append(Issued(statement, params, _origin()))

    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield issued
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def _sqlite_scans(engine: sa.engine.Engine, stmt: Issued) -> list[tuple[str, str]]:
    """(table, plan line) of every SCAN of a big table without an index."""
    out = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN QUERY PLAN " + stmt.sql, stmt.params or ())
        lines = [row[3] for row in cursor.fetchall()]
    finally:
        raw.close()
    for line in lines:
        match = re.match(r"SCAN (?:TABLE )?(\S+)(?: AS (\S+))?(.*)$", line)
        if match is None:
            continue
        name, alias, rest = match.group(1), match.group(2), match.group(3)
        if "USING INDEX" in rest or "COVERING INDEX" in rest or "VIRTUAL TABLE" in rest:
            continue
        table = _table_of(alias or name, stmt.sql) or name
        if table in BIG:
            out.append((table, line))
    return out


def _table_of(name: str, sql: str) -> str | None:
    """The table behind a name in a plan: a table, or an alias of one in the statement."""
    if name in BIG:
        return name
    for table in BIG:
        if re.search(rf"\b{table}\b\s+(?:AS\s+)?{re.escape(name)}\b", sql, re.IGNORECASE):
            return table
    return None


def _pg_scans(engine: sa.engine.Engine, stmt: Issued) -> list[tuple[str, str]]:
    """(table, node) of every Seq Scan of a big table, with sequential scans disabled."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + stmt.sql, stmt.params or None)
        plan = cursor.fetchone()[0]
        raw.rollback()
    finally:
        raw.close()
    if isinstance(plan, str):
        plan = json.loads(plan)
    out = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in BIG:
            out.append((node["Relation Name"], f"Seq Scan on {node['Relation Name']}"))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return out


def full_scans(store: SQLStore, issued: list[Issued]) -> list[str]:
    """A readable line per statement that scans a big table and is not exempt."""
    explain = _pg_scans if store.engine.dialect.name == "postgresql" else _sqlite_scans
    problems = []
    for stmt in issued:
        for table, line in explain(store.engine, stmt):
            if (stmt.origin, table) in EXEMPT:
                continue
            sql = " ".join(stmt.sql.split())
            problems.append(f"{stmt.origin}: {line}\n    {sql[:400]}")
    return sorted(set(problems))


#: SQLite plans as for a store this many times bigger (see `seeded`).
SQLITE_STATS_SCALE = 1000
#: An index prefix with fewer distinct values is categorical (a type, a flag, a column that is
#: all NULL): its rows per value grow with the store. Others (ids, names, dates) keep theirs.
CATEGORICAL = 100


def _scaled(stat: str) -> str:
    """A sqlite_stat1 entry ("rows avg1 avg2 ...") as for a store SQLITE_STATS_SCALE bigger."""
    first, *rest = stat.split(" ")
    rows = int(first)
    averages = []
    for item in rest:
        if not item.isdigit():  # "unordered", "sz=..." and other flags
            averages.append(item)
            continue
        per_value = int(item)
        categorical = per_value > 1 and per_value * CATEGORICAL > rows
        averages.append(str(per_value * SQLITE_STATS_SCALE if categorical else per_value))
    return " ".join([str(rows * SQLITE_STATS_SCALE), *averages])


@pytest.fixture(params=["clustered", "unresolved"])
def seeded(store: SQLStore, request: pytest.FixtureRequest) -> SQLStore:
    """The store with N_DOCS synthetic documents and their evidence, analyzed.

    On SQLite, the row counts ANALYZE measured are then multiplied by SQLITE_STATS_SCALE, and
    so are the rows per value of categorical index prefixes (see `_scaled`): with a few
    thousand rows a scan really is the cheapest plan for a 500-value IN list, so the planner is
    shown the store's shape at production size instead; PostgreSQL gets `enable_seqscan = off`
    for the same purpose.

    "clustered": every 10th event is a second report of the one before (a two-row cluster);
    "unresolved": no clusters yet, as after ingest and extraction before `veeduria resolve`
    (every `events.cluster_id` NULL: statistics then call that index useless to SQLite).
    """
    insert_store(store.engine, N_DOCS, pairs=request.param == "clustered")
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
        if conn.dialect.name == "sqlite":
            rows = conn.execute(sa.text("SELECT tbl, idx, stat FROM sqlite_stat1")).all()
            for tbl, idx, stat in rows:
                conn.execute(
                    sa.text(
                        "UPDATE sqlite_stat1 SET stat = :stat WHERE tbl = :tbl AND idx IS :idx"
                    ),
                    {"stat": _scaled(stat), "tbl": tbl, "idx": idx},
                )
            conn.execute(sa.text("ANALYZE sqlite_schema"))  # reload the statistics
    return store


def _cases(store: SQLStore) -> dict[str, Callable[[], Any]]:
    """Each public read, as the CLI and the web app call it."""
    from veeduria.query.events import EventFilters, get_event, list_events
    from veeduria.query.geo import event_points
    from veeduria.query.network import EventRef, actor_network, event_network
    from veeduria.query.patterns import get_pattern, run_pattern
    from veeduria.store import reading
    from veeduria.store.resolution import actor_detail, find_actors, list_actors
    from veeduria.store.schema import actors, event_index, events

    with store.engine.connect() as conn:
        simple = conn.execute(
            sa.select(event_index.c.key).where(event_index.c.simple).limit(1)
        ).scalar_one()
        cluster = conn.execute(
            sa.select(events.c.cluster_id).where(events.c.cluster_id.is_not(None)).limit(1)
        ).scalar_one_or_none()
        actor = conn.execute(sa.select(actors.c.id, actors.c.name).limit(1)).one()
        document = conn.execute(sa.select(events.c.document_id).limit(1)).scalar_one()

    def listing(**filters: Any) -> Callable[[], Any]:
        return lambda: list_events(store, EventFilters(**filters), limit=50)

    def points(**filters: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.engine.connect() as conn:
                return event_points(conn, newest_first=True, limit=1001, **filters)

        return run

    def network() -> Any:
        with store.engine.connect() as conn:
            refs = [
                EventRef(p.id, p.type, p.id, p.date, p.country, tuple(p.rows))
                for p in event_points(conn, newest_first=True, limit=300)
            ]
            return event_network(conn, refs)

    def actor_graph(**filters: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.engine.connect() as conn:
                return actor_network(conn, **filters)

        return run

    def lookups() -> Any:
        with store.engine.connect() as conn:
            names = reading.actor_names(conn, actor.name)
            keys = reading.actor_ids_by_key(conn, [n.lower() for n in names])
        return names, keys, find_actors(store, actor.name), find_actors(store, actor.id)

    return {
        "timeline": listing(),
        "timeline newest": listing(newest_first=True),
        "timeline type+country": listing(types=["protest"], countries=["PE"]),
        "timeline dates": listing(date_from="2019-01", date_to="2019-12"),
        "timeline reviewed": listing(reviewed_only=True),
        "timeline reviewed+country": listing(reviewed_only=True, countries=["BO"]),
        "timeline actor": listing(actor=actor.name),
        "timeline document": listing(document_id=document),
        "timeline text": listing(text="police"),
        "web timeline": points(),
        "web timeline filtered": points(types=["protest"], countries=["PE"], date_from="2019"),
        "web timeline reviewed": points(reviewed_only=True),
        "web timeline actor": points(actor=actor.id),
        "event page": lambda: get_event(store, simple),
        "event page, cluster": lambda: get_event(store, cluster or simple, reviewed_only=True),
        "network": network,
        "actor network": actor_graph(),
        "actor network, country": actor_graph(country="PE"),
        "actor network, actor": actor_graph(actor_id=actor.id),
        "search": lambda: store.search("policía manifestantes"),
        "search prefix, language": lambda: store.search("Quisp*", language="es"),
        "search phrase": lambda: store.search('"state of emergency"', limit=500),
        "actor look-ups": lookups,
        "actor page": lambda: actor_detail(store, actor.id),
        "actors list": lambda: list_actors(store, limit=20),
        "pattern": lambda: run_pattern(
            store.engine, get_pattern("coup-to-concession"), country="PE"
        ),
    }


_ROW_QUERY = (
    "store/reading.py:_row_event_page (web-performance engineer's file): a text or "
    "document filter, or a country filter with reviewed_only, bypasses event_index and groups "
    "every event row (GROUP BY coalesce(cluster_id, id)), testing the filter with a correlated "
    "EXISTS on claims per row; SQLite walks the whole events table. PostgreSQL passes the "
    "Seq Scan check only through a full scan of pk_events plus a bitmap scan of every claim "
    "of that property: the same cost class. A fix needs the query driven from the filter, as "
    "the actor filter is since migration 0009 (events.id IN the event actor claims of the "
    "actor's names, a partial index): for text, FTS on the document instead of LIKE)"
)


#: Cases that read a whole table by nature: case -> why.
EXEMPT_CASES: dict[str, str] = {
    "actor network": "the unfiltered actor graph counts every relation to rank the edges",
}

#: Reads that scan today, owned elsewhere: case -> (backends, where and why). A listed case
#: that stops scanning fails the test, so the list only shrinks.
KNOWN_SCANS: dict[str, tuple[set[str], str]] = {
    "timeline reviewed+country": ({"sqlite"}, _ROW_QUERY),
    "timeline text": ({"sqlite"}, _ROW_QUERY),
}


def test_reads_use_indexes(seeded: SQLStore) -> None:
    problems: dict[str, list[str]] = {}
    for name, run in _cases(seeded).items():
        with capture(seeded.engine) as issued:
            run()
        assert issued, f"{name}: no SELECT captured"
        found = full_scans(seeded, issued)
        if found and name not in EXEMPT_CASES:
            problems[name] = found
    backend = seeded.engine.dialect.name
    known = {name for name, (backends, _) in KNOWN_SCANS.items() if backend in backends}
    unexpected = {k: v for k, v in problems.items() if k not in known}
    fixed = sorted(k for k in known if k not in problems)
    report = "\n".join(f"[{name}]\n  " + "\n  ".join(lines) for name, lines in unexpected.items())
    assert not unexpected, f"full scans of big tables:\n{report}"
    assert not fixed, f"no longer scanning, drop from KNOWN_SCANS: {fixed}"


def test_resolution_reads_use_indexes(seeded: SQLStore) -> None:
    """A resolution run reads everything once (exempt above); its per-chunk look-ups (claims
    of the current rows, evidence sentences, actor spans, tolls, embeddings, cluster writes and
    the event-index refresh) go through indexes."""
    from veeduria.store.resolution import resolve_store

    with capture(seeded.engine) as issued:
        report = resolve_store(seeded, embedder=None)
    assert report.event_rows == N_DOCS
    assert issued
    found = full_scans(seeded, issued)
    assert not found, "full scans of big tables:\n" + "\n".join(found)


def test_capture_sees_a_scan(seeded: SQLStore) -> None:
    """The check itself: a query that must scan is reported."""
    with capture(seeded.engine) as issued, seeded.engine.connect() as conn:
        conn.execute(sa.text("SELECT count(*) FROM claims WHERE quote LIKE '%x%'")).all()
    found = full_scans(seeded, issued)
    assert found and "claims" in found[0]
