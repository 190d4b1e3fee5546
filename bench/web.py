"""Web API latency on a large synthetic evidence base, on SQLite and on PostgreSQL.

Builds 100,000 events (in 10,000 documents) and 20,000 actors with their claims written
straight into the tables (the extractor is not what is measured), then times the JSON API
in-process (FastAPI TestClient, so routing, validation and serialization count) for the
timeline, the map, the network and search, each with no filter and with a typical filter.
Reports p50/p95 per endpoint and backend, the PostgreSQL/SQLite ratio, and the machine.

Targets: SQLite p95 < 200 ms; PostgreSQL within 2x of SQLite.

    .venv/bin/python bench/web.py [--events 100000] [--actors 20000] [--runs 30]
        [--pg postgresql://postgres@127.0.0.1:5432/test] [--no-pg] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

COUNTRIES = {
    "PE": (-12.05, -77.04),
    "BO": (-16.5, -68.15),
    "HN": (14.08, -87.21),
    "GT": (14.63, -90.51),
    "EC": (-0.22, -78.51),
    "CO": (4.61, -74.08),
    "VE": (10.49, -66.88),
    "CL": (-33.45, -70.67),
    "AR": (-34.6, -58.38),
    "BR": (-15.78, -47.93),
    "MX": (19.43, -99.13),
    "NI": (12.13, -86.25),
    "PY": (-25.29, -57.65),
    "SV": (13.69, -89.19),
    "PA": (8.98, -79.52),
}
TYPES = [
    "protest",
    "repression_killing",
    "clash",
    "arrest",
    "election",
    "diplomatic_statement",
    "diplomatic_recognition",
    "state_of_emergency",
    "mining_deal_or_investment",
    "mining_conflict",
    "legal_action",
    "resignation_or_appointment",
    "regime_change",
    "other",
]
KINDS = ["person", "organization", "company", "government_body", "political_party"]
RELATIONS = ["recognizes", "supports", "opposes", "owns", "member_of", "accuses", "meets"]
WORDS = [
    "protesters",
    "police",
    "army",
    "congress",
    "president",
    "minister",
    "company",
    "mining",
    "embassy",
    "statement",
    "killed",
    "wounded",
    "prosecutor",
    "investigation",
    "region",
    "city",
    "union",
    "farmers",
    "students",
    "decree",
    "manifestantes",
    "policía",
    "ejército",
    "congreso",
    "presidenta",
    "ministro",
    "empresa",
    "minería",
    "embajada",
    "comunicado",
    "muertos",
    "heridos",
    "fiscal",
    "investigación",
    "región",
    "ciudad",
    "sindicato",
    "campesinos",
]
EVENTS_PER_DOC = 10


def build(url: str, n_events: int, n_actors: int, seed: int = 7) -> dict[str, float]:
    """Fill an empty database; returns seconds per step."""
    import sqlalchemy as sa

    from veeduria.store import open_store
    from veeduria.store.ids import canonical_json, name_key
    from veeduria.store.schema import (
        actor_aliases,
        actors,
        claims,
        documents,
        events,
        relations,
    )

    rng = random.Random(seed)
    now = datetime.now(UTC)
    timings: dict[str, float] = {}
    store = open_store(url)
    t0 = time.perf_counter()
    store.upgrade()
    timings["schema"] = time.perf_counter() - t0

    actor_rows: list[dict[str, Any]] = []
    for i in range(n_actors):
        name = (
            f"{rng.choice(['Ana', 'Luis', 'Rosa', 'Jorge', 'Frente', 'Minera', 'Consejo'])} "
            f"{rng.choice(['Quispe', 'Mamani', 'Andina', 'del Sur', 'Nacional', 'Condori'])} {i}"
        )
        actor_rows.append(
            {
                "id": f"a-{i:08d}",
                "name": name,
                "kind": KINDS[i % len(KINDS)],
                "key": name_key(name),
                "country": rng.choice(list(COUNTRIES)),
                "created_at": now,
            }
        )
    n_docs = max(1, n_events // EVENTS_PER_DOC)
    doc_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    claim_rows: list[dict[str, Any]] = []
    relation_rows: list[dict[str, Any]] = []
    for d in range(n_docs):
        country = rng.choice(list(COUNTRIES))
        year = rng.randint(2000, 2024)
        sentences = []
        offsets = []
        pos = 0
        doc_actors = rng.sample(actor_rows, 4)
        for _ in range(EVENTS_PER_DOC):
            who = rng.choice(doc_actors)
            words = " ".join(rng.choice(WORDS) for _ in range(14))
            sentence = f"{who['name']} {words}."
            offsets.append((pos, pos + len(sentence), who))
            sentences.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(sentences)
        doc_id = f"d{d:08d}"
        doc_rows.append(
            {
                "id": doc_id,
                "sha256": f"{d:064d}",
                "text": text,
                "length": len(text),
                "title": f"Report {d}",
                "publisher": f"Outlet {d % 50}",
                "published": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "published_precision": "day",
                "ingested_at": now,
                "language": "es" if d % 2 else "en",
                "source_kind": "txt",
                "source": f"bench/{doc_id}.txt",
            }
        )
        for k, (start, end, who) in enumerate(offsets):
            e_id = f"e-{d:08d}-{k}"
            etype = rng.choice(TYPES)
            event_rows.append(
                {
                    "id": e_id,
                    "document_id": doc_id,
                    "type": etype,
                    "start": start,
                    "end": end,
                    "trigger_start": start,
                    "trigger_end": start + 3,
                    "extractor": "bench",
                    "extractor_version": "1",
                    "created_at": now,
                }
            )
            lat, lon = COUNTRIES[country]
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            name_end = start + len(who["name"])

            def claim(
                subject_type: str,
                subject: str,
                prop: str,
                value: Any,
                s: int,
                e: int,
                _text: str = text,
                _doc: str = doc_id,
            ) -> None:
                claim_rows.append(
                    {
                        "id": f"c-{uuid.UUID(int=rng.getrandbits(128)).hex[:24]}",
                        "subject_type": subject_type,
                        "subject_id": subject,
                        "property": prop,
                        "value": canonical_json(value),
                        "document_id": _doc,
                        "start": s,
                        "end": e,
                        "quote": _text[s:e],
                        "extractor": "bench",
                        "extractor_version": "1",
                        "confidence": 0.6,
                        "created_at": now,
                    }
                )

            claim("event", e_id, "type", etype, start, end)
            claim(
                "event", e_id, "date", {"value": date, "precision": "day", "end": None}, start, end
            )
            claim("event", e_id, "country", country, start, end)
            if k % 2 == 0:
                place = {
                    "name": f"Town {k}",
                    "geonames_id": None,
                    "lat": lat + rng.uniform(-3, 3),
                    "lon": lon + rng.uniform(-3, 3),
                    "admin1": None,
                    "country": country,
                    "precision": "place",
                }
                claim("event", e_id, "place", place, start, end)
            if etype == "repression_killing":
                claim("event", e_id, "fatalities", rng.randint(1, 40), start, end)
            claim("event", e_id, "actor", {"name": who["name"], "role": "agent"}, start, name_end)
            claim("actor", who["id"], "name", who["name"], start, name_end)
        a, b = rng.sample(doc_actors, 2)
        r_id = f"r-{d:08d}"
        relation_rows.append(
            {
                "id": r_id,
                "document_id": doc_id,
                "type": rng.choice(RELATIONS),
                "source_name": a["name"],
                "target_name": b["name"],
                "source_actor_id": a["id"],
                "target_actor_id": b["id"],
                "start": 0,
                "end": offsets[0][1],
                "extractor": "bench",
                "extractor_version": "1",
                "created_at": now,
            }
        )
        claim_rows.append(
            {
                "id": f"c-rel-{d:08d}",
                "subject_type": "relation",
                "subject_id": r_id,
                "property": "relation",
                "value": canonical_json(
                    {"type": relation_rows[-1]["type"], "source": a["name"], "target": b["name"]}
                ),
                "document_id": doc_id,
                "start": 0,
                "end": offsets[0][1],
                "quote": text[: offsets[0][1]],
                "extractor": "bench",
                "extractor_version": "1",
                "confidence": 0.6,
                "created_at": now,
            }
        )
    alias_rows = [
        {"actor_id": r["id"], "alias": r["name"], "normalized": r["key"]} for r in actor_rows
    ]
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        for table, rows in (
            (documents, doc_rows),
            (actors, actor_rows),
            (actor_aliases, alias_rows),
            (events, event_rows),
            (relations, relation_rows),
            (claims, claim_rows),
        ):
            for i in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[i : i + 5000])
    timings["insert"] = time.perf_counter() - t0
    # Planner statistics for the bulk-loaded tables (PostgreSQL's autovacuum would get there
    # later; the index rebuild and the requests should not run on empty statistics).
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    timings["analyze"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    # Rows went straight into the tables: build the derived event index as `resolve` would.
    from veeduria.store.event_index import refresh_event_index

    refresh_event_index(store)
    timings["event_index"] = time.perf_counter() - t0
    with store.engine.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    timings["claims"] = float(len(claim_rows))
    store.close()
    return timings


def measure(url: str, runs: int, *, cache: bool = False) -> dict[str, dict[str, float]]:
    """p50/p95 in ms per request kind; without `cache` every request does the full work
    (the list cache of the timeline, map and network is off)."""
    from fastapi.testclient import TestClient

    from veeduria.store import open_store
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    store = open_store(url)
    settings = WebSettings(db_url=url, list_cache_ttl_s=60.0 if cache else 0.0)
    app = create_app(settings, store=store)
    requests = {
        "timeline": "/api/timeline",
        "timeline PE protest 2019": "/api/timeline?country=PE&type=protest&from=2019&to=2019",
        "map zoom 3 (newest 5000)": "/api/map?zoom=3",
        "map zoom 3, all events": "/api/map?zoom=3&limit=100000",
        "map BO killings": "/api/map?zoom=5&country=BO&type=repression_killing",
        "network 300 events": "/api/network",
        "network actors": "/api/network?mode=actors&limit=500",
        "search": "/api/search?q=policia+campesinos",
        "search prefix": "/api/search?q=minis*",
    }
    out: dict[str, dict[str, float]] = {}
    with TestClient(app) as client:
        for name, path in requests.items():
            first = client.get(path)
            assert first.status_code == 200, (path, first.text[:200])
            times = []
            # Drawing every event is measured a few times only: it takes seconds.
            for _ in range(3 if "all events" in name else runs):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            times.sort()
            out[name] = {
                "p50": round(statistics.median(times), 1),
                "p95": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                "bytes": len(first.content),
            }
    store.close()
    return out


def _pg_database(admin: str) -> tuple[str, Any]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url

    name = f"veeduria_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(resolve_db_url(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    url = make_url(resolve_db_url(admin)).set(database=name)
    return url.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--pg", default=os.environ.get("VEEDURIA_TEST_PG", "postgresql://postgres@127.0.0.1/test")
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="keep the SQLite file here")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "events": args.events,
        "actors": args.actors,
        "runs": args.runs,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = (args.keep or Path(tmp)) / "bench-web.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        sqlite_url = f"sqlite:///{path}"
        results["sqlite_build_s"] = {
            k: round(v, 1) for k, v in build(sqlite_url, args.events, args.actors).items()
        }
        results["sqlite"] = measure(sqlite_url, args.runs)
        results["sqlite_cached"] = measure(sqlite_url, args.runs, cache=True)
    if not args.no_pg:
        pg_url, drop = _pg_database(args.pg)
        try:
            results["postgresql_build_s"] = {
                k: round(v, 1) for k, v in build(pg_url, args.events, args.actors).items()
            }
            results["postgresql"] = measure(pg_url, args.runs)
            results["postgresql_cached"] = measure(pg_url, args.runs, cache=True)
        finally:
            drop()
    print("cold: every request does the full work; cached: the list cache on (p50)")
    print(
        f"{'request':<28} {'SQLite p50':>10} {'p95':>8}   {'PG p50':>8} {'p95':>8}  PG/SQLite"
        f"  {'cached SQLite':>13} {'cached PG':>9}"
    )
    for name, lite in results["sqlite"].items():
        pg = results.get("postgresql", {}).get(name)
        ratio = f"{pg['p95'] / lite['p95']:.2f}x" if pg and lite["p95"] else "-"
        pg_text = f"{pg['p50']:>8} {pg['p95']:>8}" if pg else f"{'-':>8} {'-':>8}"
        warm_lite = results["sqlite_cached"][name]["p50"]
        warm_pg = results.get("postgresql_cached", {}).get(name, {}).get("p50", "-")
        print(
            f"{name:<28} {lite['p50']:>10} {lite['p95']:>8}   {pg_text}  {ratio:>9}"
            f"  {warm_lite:>13} {warm_pg:>9}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
