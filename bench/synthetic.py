"""Synthetic headline-length evidence bases, written straight into the tables.

`headline_store(n_docs)` yields, table by table, the rows of an evidence base of `n_docs`
one-sentence documents (English and Spanish headlines), one event per document, with the claims
an extraction would leave: type, date and country of every event, an actor and the actor's name,
a place for half of them, fatalities for killings, a relation every 20th document. Every 10th
document reports the same event as the one before (a two-row cluster with the same values),
every 50th event has its date claim accepted by a reviewer. It also yields the `event_index`
rows that `veeduria.store.event_index.index_rows` would compute for these events, and the
`event_facets` rows of the clusters (the callers check both on a sample), so a million events
need no Python pass over the store.

Used by bench/scale.py (`--million`: COPY into PostgreSQL) and tests/scale (a few thousand rows
through SQLAlchemy). Deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

__all__ = ["TABLE_ORDER", "headline_store"]

#: Insert order (foreign keys first).
TABLE_ORDER = (
    "documents",
    "actors",
    "actor_aliases",
    "events",
    "relations",
    "claims",
    "review_decisions",
    "extraction_runs",
    "event_index",
    "event_facets",
)

_COUNTRIES = {
    "PE": ("Peru", "Perú"),
    "BO": ("Bolivia", "Bolivia"),
    "HN": ("Honduras", "Honduras"),
    "GT": ("Guatemala", "Guatemala"),
    "EC": ("Ecuador", "Ecuador"),
    "CO": ("Colombia", "Colombia"),
    "VE": ("Venezuela", "Venezuela"),
    "CL": ("Chile", "Chile"),
    "AR": ("Argentina", "Argentina"),
    "BR": ("Brazil", "Brasil"),
    "MX": ("Mexico", "México"),
    "NI": ("Nicaragua", "Nicaragua"),
}
# event type -> (English verb phrase, Spanish verb phrase)
_TYPES = {
    "protest": ("march against the government", "marchan contra el gobierno"),
    "repression_killing": ("police kill protesters", "la policía mata a manifestantes"),
    "clash": ("clash with soldiers", "se enfrentan con soldados"),
    "arrest": ("arrested by prosecutors", "detenido por la fiscalía"),
    "election": ("wins disputed election", "gana elección disputada"),
    "diplomatic_recognition": ("recognized by the embassy", "reconocido por la embajada"),
    "state_of_emergency": ("declares state of emergency", "declara estado de emergencia"),
    "mining_deal_or_investment": ("signs mining concession", "firma concesión minera"),
    "legal_action": ("faces investigation", "enfrenta investigación"),
    "regime_change": ("takes power after coup", "asume el poder tras golpe"),
}
_KINDS = ("person", "organization", "company", "government_body", "political_party")
_FIRST = ("Ana", "Luis", "Rosa", "Jorge", "Frente", "Minera", "Consejo", "Marta", "Pedro")
_LAST = ("Quispe", "Mamani", "Andina", "del Sur", "Nacional", "Condori", "Huanca", "Rojas")
_TOWNS = ("Juliaca", "Ayacucho", "Senkata", "Sacaba", "Cusco", "Oruro", "Tegucigalpa", "Quito")
_RELATIONS = ("recognizes", "supports", "opposes", "owns", "accuses")
EXTRACTOR = ("bench", "1")


def _json(value: Any) -> str:
    from veeduria.store.ids import canonical_json

    return canonical_json(value)


def headline_store(
    n_docs: int,
    *,
    seed: int = 7,
    n_actors: int | None = None,
    now: datetime | None = None,
    pairs: bool = True,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table name, row) for every row, in `TABLE_ORDER` within each document; actors first.
    Without `pairs`, no event is reported twice: no cluster, as before `veeduria resolve`."""
    from veeduria.query.geo import country_point
    from veeduria.store.ids import name_key

    rng = random.Random(seed)
    now = now or datetime(2026, 1, 1, tzinfo=UTC)
    n_actors = n_actors or max(20, n_docs // 50)
    countries = list(_COUNTRIES)
    actor_rows: list[dict[str, Any]] = []
    for i in range(n_actors):
        name = f"{_FIRST[i % len(_FIRST)]} {rng.choice(_LAST)} {i}"
        actor_rows.append(
            {
                "id": f"a-{i:09d}",
                "name": name,
                "kind": _KINDS[i % len(_KINDS)],
                "key": name_key(name),
                "country": rng.choice(countries),
                "created_at": now,
                "resolved_id": None,
            }
        )
    for row in actor_rows:
        yield "actors", row
        yield (
            "actor_aliases",
            {"actor_id": row["id"], "alias": row["name"], "normalized": row["key"]},
        )

    seen: set[str] = set()
    previous: dict[str, Any] = {}  # the event a pair's second report repeats
    claim_serial = 0
    for d in range(n_docs):
        lang = "es" if d % 2 else "en"
        pair_head = pairs and d % 10 == 8 and d + 1 < n_docs
        repeat = pairs and d % 10 == 9  # a second report of the previous document's event
        if repeat:
            etype, country, date, town, actor, fatalities = previous["facts"]
        else:
            etype = rng.choice(list(_TYPES))
            country = rng.choice(countries)
            date = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            town = rng.choice(_TOWNS) if d % 2 == 0 else None
            actor = rng.choice(actor_rows)
            fatalities = rng.randint(1, 60) if etype == "repression_killing" else None
        verb = _TYPES[etype][1 if lang == "es" else 0]
        where = _COUNTRIES[country][1 if lang == "es" else 0]
        head = f"{actor['name']} {verb}"
        at = " en " if lang == "es" else " in "
        text = f"{head}{at}{town}, {where}" if town else f"{head}{at}{where}"
        sha = hashlib.sha256(text.encode()).hexdigest()
        while sha in seen:  # the same headline twice: a follow-up
            text += " (actualización)" if lang == "es" else " (update)"
            sha = hashlib.sha256(text.encode()).hexdigest()
        seen.add(sha)
        doc_id = sha[:16]
        published = date if d % 3 else f"{date[:8]}{min(28, int(date[8:]) + 1):02d}"
        yield (
            "documents",
            {
                "id": doc_id,
                "sha256": sha,
                "text": text,
                "length": len(text),
                "title": head,
                "publisher": f"Outlet {d % 40}",
                "published": published,
                "published_precision": "day",
                "ingested_at": now,
                "language": lang,
                "source_kind": "jsonl",
                "source": f"synthetic.jsonl#{d}",
            },
        )
        event_id = f"e-{d:09d}"
        if pair_head:
            cluster_id: str | None = f"k-{d:09d}"
        elif repeat:
            cluster_id = previous["cluster"]
        else:
            cluster_id = None
        yield (
            "events",
            {
                "id": event_id,
                "document_id": doc_id,
                "type": etype,
                "start": 0,
                "end": len(text),
                "trigger_start": len(actor["name"]) + 1,
                "trigger_end": len(head),
                "extractor": EXTRACTOR[0],
                "extractor_version": EXTRACTOR[1],
                "cluster_id": cluster_id,
                "created_at": now,
            },
        )
        name_end = len(actor["name"])
        end = len(text)
        claims: list[tuple[str, str, str, Any, int, int]] = [
            ("event", event_id, "type", etype, 0, end),
            ("event", event_id, "date", {"value": date, "precision": "day", "end": None}, 0, end),
            ("event", event_id, "country", country, end - len(where), end),
            ("event", event_id, "actor", {"name": actor["name"], "role": "agent"}, 0, name_end),
            ("actor", actor["id"], "name", actor["name"], 0, name_end),
        ]
        lat: float | None = None
        lon: float | None = None
        if town:
            lat0, lon0 = country_point(country) or (0.0, 0.0)
            lat, lon = round(lat0 + _TOWNS.index(town) / 10, 4), round(lon0 - 0.5, 4)
            place = {
                "name": town,
                "geonames_id": None,
                "lat": lat,
                "lon": lon,
                "admin1": None,
                "country": country,
                "precision": "place",
            }
            start = text.index(town)
            claims.append(("event", event_id, "place", place, start, start + len(town)))
        if fatalities is not None:
            claims.append(("event", event_id, "fatalities", fatalities, 0, end))
        if d % 20 == 3:
            other = rng.choice(actor_rows)
            rtype = rng.choice(_RELATIONS)
            relation_id = f"r-{d:09d}"
            yield (
                "relations",
                {
                    "id": relation_id,
                    "document_id": doc_id,
                    "type": rtype,
                    "source_name": actor["name"],
                    "target_name": other["name"],
                    "source_actor_id": actor["id"],
                    "target_actor_id": other["id"],
                    "start": 0,
                    "end": end,
                    "extractor": EXTRACTOR[0],
                    "extractor_version": EXTRACTOR[1],
                    "created_at": now,
                },
            )
            value = {"type": rtype, "source": actor["name"], "target": other["name"]}
            claims.append(("relation", relation_id, "relation", value, 0, end))
        date_claim_id = ""
        for subject_type, subject_id, prop, value, start, stop in claims:
            claim_serial += 1
            claim_id = f"c-{claim_serial:011d}"
            if prop == "date":
                date_claim_id = claim_id
            yield (
                "claims",
                {
                    "id": claim_id,
                    "subject_type": subject_type,
                    "subject_id": subject_id,
                    "property": prop,
                    "value": _json(value),
                    "document_id": doc_id,
                    "start": start,
                    "end": stop,
                    "quote": text[start:stop],
                    "extractor": EXTRACTOR[0],
                    "extractor_version": EXTRACTOR[1],
                    "confidence": 0.6,
                    "created_at": now,
                    "corrects": None,
                    "author": None,
                },
            )
        # a reviewer accepted the date of every 50th event (never a pair's: d % 10 == 0)
        reviewed = d % 50 == 0
        if reviewed:
            yield (
                "review_decisions",
                {
                    "claim_id": date_claim_id,
                    "decision": "accept",
                    "reviewer": "bench",
                    "comment": None,
                    "new_claim_id": None,
                    "created_at": now,
                },
            )
        yield (
            "extraction_runs",
            {
                "document_id": doc_id,
                "extractor": EXTRACTOR[0],
                "version": EXTRACTOR[1],
                "claims_written": len(claims),
                "created_at": now,
            },
        )
        if pair_head:
            previous = {
                "facts": (etype, country, date, town, actor, fatalities),
                "cluster": cluster_id,
            }
            continue  # its index row comes with the second report
        if lat is None:
            lat, lon = country_point(country) or (None, None)
        yield (
            "event_index",
            {
                "key": cluster_id or event_id,
                "type": etype,
                "sort_date": date,
                "sort_date_reviewed": date if reviewed else None,
                "date_precision": "day",
                "date_end": None,
                "country": country,
                "place": town,
                "lat": lat,
                "lon": lon,
                "geo_precision": "place" if town else ("country" if lat is not None else None),
                "fatalities": fatalities,
                "reviewed": reviewed,
                "simple": not repeat,
                "reports": 2 if repeat else 1,
                "updated_at": now,
            },
        )
        if repeat:  # a cluster is not simple: its rows' type and country claims as facets
            yield ("event_facets", {"facet": "type", "value": etype, "key": cluster_id})
            yield ("event_facets", {"facet": "country", "value": _json(country), "key": cluster_id})


def batches(
    rows: Iterator[tuple[str, dict[str, Any]]], docs_per_batch: int = 20_000
) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """The rows grouped by table, about `docs_per_batch` documents at a time; write each
    batch's tables in `TABLE_ORDER`."""
    batch: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_ORDER}
    for table, row in rows:
        batch[table].append(row)
        if table == "documents" and len(batch["documents"]) >= docs_per_batch:
            yield batch
            batch = {name: [] for name in TABLE_ORDER}
    yield batch


def insert_store(engine: Any, n_docs: int, *, seed: int = 7, pairs: bool = True) -> dict[str, int]:
    """Fill an upgraded, empty store through SQLAlchemy (any backend); rows per table."""
    from veeduria.store import schema

    counts = dict.fromkeys(TABLE_ORDER, 0)
    with engine.begin() as conn:
        for batch in batches(headline_store(n_docs, seed=seed, pairs=pairs), 5_000):
            for name in TABLE_ORDER:
                if batch[name]:
                    conn.execute(getattr(schema, name).insert(), batch[name])
                    counts[name] += len(batch[name])
    return counts
