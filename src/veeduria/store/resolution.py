"""The SQL side of cross-document resolution: read what `veeduria.resolve` needs from the
store, and write back what it derived (`actors.resolved_id`, `events.cluster_id`, the
embedding cache).

Everything written here is derived and recomputed by every run: decisions live only in claims,
review decisions and judgements. Writes touch only rows whose value changes, so a second run
over an unchanged store writes nothing (idempotent).

Which event rows count: for each document, the rows of its latest extraction (the newest
`extraction_runs` row). Rows of older extractor versions are kept (reviewed claims hang from
them) and join the cluster of the current row they correspond to (same document and type,
overlapping evidence), so a re-extracted document is still one source of one event. A
judgement about an old row applies to that current row: judgements survive re-extraction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.resolve.actors import GEO_KINDS, ActorMention, ActorResolution, resolve_actor_nodes
from veeduria.resolve.events import EventReport, cluster_events, pair_toll_counts
from veeduria.resolve.judgements import JudgementRecord
from veeduria.store.dialect import IMMEDIATE, chunked
from veeduria.store.ids import make_id
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    death_tolls,
    documents,
    event_embeddings,
    events,
    extraction_runs,
    judgements,
    review_decisions,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from veeduria.store.sql import SQLStore

__all__ = [
    "ResolveReport",
    "actor_mentions",
    "load_judgements",
    "resolve_store",
    "resolve_store_actors",
    "syndication_map",
]

Embedder = Callable[[Sequence[str]], "NDArray[np.float32]"]


@dataclass
class ResolveReport:
    """What one `veeduria resolve` run found and changed."""

    actor_nodes: int = 0
    actors: int = 0
    actor_links: dict[str, int] = field(default_factory=dict)  # cue -> links
    actors_refused: int = 0  # machine links a "not same" refused
    actors_changed: int = 0
    event_rows: int = 0  # current rows clustered
    events: int = 0  # resolved events among them
    multi_source_events: int = 0  # reported by two or more documents
    events_changed: int = 0
    embedded: int = 0  # sentences embedded in this run (the rest came from the cache)
    embeddings: bool = False  # whether similarity was used
    near_misses: int = 0  # pairs almost linked, recorded in this run for review
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


# ---------------------------------------------------------------------------- reading


def _usable(claim_table: Any) -> Any:
    """Claims not rejected and not superseded by an edit (the latest decision decides)."""
    latest = (
        sa.select(review_decisions.c.decision)
        .where(review_decisions.c.claim_id == claim_table.c.id)
        .order_by(review_decisions.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, "none").not_in(("reject", "edit"))


def actor_mentions(conn: Connection) -> list[ActorMention]:
    """One mention per (actor row, document), from the actors' name claims; the first of an
    actor's mentions carries its surface forms."""
    rows = conn.execute(
        sa.select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).order_by(actors.c.id)
    ).all()
    aliases: dict[str, list[str]] = {}
    for actor_id, alias in conn.execute(
        sa.select(actor_aliases.c.actor_id, actor_aliases.c.alias)
    ).all():
        aliases.setdefault(actor_id, []).append(alias)
    docs: dict[str, list[str]] = {}
    for actor_id, doc_id in conn.execute(
        sa.select(claims.c.subject_id, claims.c.document_id)
        .where(claims.c.subject_type == "actor", claims.c.property == "name")
        .distinct()
    ).all():
        docs.setdefault(actor_id, []).append(doc_id)
    out: list[ActorMention] = []
    for row in rows:
        forms = tuple(sorted(aliases.get(row.id, [])))
        for i, doc_id in enumerate(sorted(docs.get(row.id, [])) or [None]):
            out.append(
                ActorMention(
                    key=row.id,
                    name=row.name,
                    kind=row.kind,
                    document_id=doc_id,
                    aliases=forms if i == 0 else (),
                    country=row.country,
                )
            )
    return out


def load_judgements(conn: Connection, subject_type: str) -> list[JudgementRecord]:
    return [
        JudgementRecord(
            left=row.left_id,
            right=row.right_id,
            judgement=row.judgement,
            author=row.author,
            machine=bool(row.machine),
            created_at=row.created_at,
            id=row.id,
        )
        for row in conn.execute(
            sa.select(judgements)
            .where(judgements.c.subject_type == subject_type)
            .order_by(judgements.c.id)
        ).all()
    ]


def syndication_map(
    conn: Connection, doc_ids: Sequence[str] | None = None
) -> dict[str, str | None]:
    """documents.syndicated_of for `doc_ids` (all documents when None)."""
    out: dict[str, str | None] = {}
    query = sa.select(documents.c.id, documents.c.syndicated_of)
    if doc_ids is None:
        out.update({r.id: r.syndicated_of for r in conn.execute(query).all()})
        return out
    for chunk in chunked(list(doc_ids)):
        out.update(
            {r.id: r.syndicated_of for r in conn.execute(query.where(documents.c.id.in_(chunk)))}
        )
    return out


def _current_versions(conn: Connection) -> dict[str, tuple[str, str]]:
    """document id -> (extractor, version) of its newest extraction run."""
    out: dict[str, tuple[str, str]] = {}
    for row in conn.execute(
        sa.select(
            extraction_runs.c.document_id,
            extraction_runs.c.extractor,
            extraction_runs.c.version,
        ).order_by(extraction_runs.c.created_at, extraction_runs.c.version)
    ).all():
        out[row.document_id] = (row.extractor, row.version)
    return out


@dataclass
class _EventRow:
    id: str
    document_id: str
    type: str
    start: int
    end: int
    current: bool
    cluster_id: str | None


def _event_rows(conn: Connection) -> list[_EventRow]:
    current = _current_versions(conn)
    out = []
    for row in conn.execute(
        sa.select(
            events.c.id,
            events.c.document_id,
            events.c.type,
            events.c.start,
            events.c.end,
            events.c.extractor,
            events.c.extractor_version,
            events.c.cluster_id,
        ).order_by(events.c.document_id, events.c.start, events.c.id)
    ).all():
        now = current.get(row.document_id)
        is_current = now is None or now == (row.extractor, row.extractor_version)
        out.append(
            _EventRow(
                row.id, row.document_id, row.type, row.start, row.end, is_current, row.cluster_id
            )
        )
    return out


def _counterpart(row: _EventRow, current_rows: Sequence[_EventRow]) -> _EventRow | None:
    """The current row of the same document and type whose evidence overlaps `row`'s most."""
    best, best_overlap = None, 0
    for cur in current_rows:
        if cur.type != row.type:
            continue
        overlap = min(cur.end, row.end) - max(cur.start, row.start)
        if overlap > best_overlap:
            best, best_overlap = cur, overlap
    return best


# ---------------------------------------------------------------------------- actors


def resolve_store_actors(store: SQLStore) -> tuple[ActorResolution, int]:
    """Resolve the store's actors and write `actors.resolved_id`; returns the resolution and
    the number of rows changed."""
    with store.engine.connect() as conn:
        mentions = actor_mentions(conn)
        records = load_judgements(conn, "actor")
        stored = dict(conn.execute(sa.select(actors.c.id, actors.c.resolved_id)).all())
    resolution = resolve_actor_nodes(mentions, records)
    changes = {
        node: actor for node, actor in resolution.actor_of.items() if stored.get(node) != actor
    }
    if changes:
        with store.engine.connect() as conn:
            conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                _update_column(conn, actors, actors.c.resolved_id, changes)
    return resolution, len(changes)


def _update_column(
    conn: Connection, table: Any, column: Any, values: Mapping[str, str | None]
) -> None:
    stmt = (
        table.update()
        .where(table.c.id == sa.bindparam("_id"))
        .values({column.name: sa.bindparam("_value")})
    )
    items = [{"_id": k, "_value": v} for k, v in sorted(values.items())]
    for start in range(0, len(items), 1000):
        conn.execute(stmt, items[start : start + 1000])


# ---------------------------------------------------------------------------- events


def _event_reports(
    conn: Connection, rows: Sequence[_EventRow], resolution: ActorResolution
) -> list[EventReport]:
    """Reports of the current event rows, from their usable claims, evidence sentences and the
    actors named inside those sentences."""
    current = [r for r in rows if r.current]
    ids = [r.id for r in current]
    values: dict[str, dict[str, list[Any]]] = {}
    for chunk in chunked(ids):
        for row in conn.execute(
            sa.select(claims.c.subject_id, claims.c.property, claims.c.value, claims.c.extractor)
            .where(
                claims.c.subject_type == "event",
                claims.c.subject_id.in_(chunk),
                claims.c.property.in_(("date", "country", "place", "fatalities", "actor")),
                _usable(claims),
            )
            .order_by(claims.c.subject_id, claims.c.start, claims.c.id)
        ).all():
            props = values.setdefault(row.subject_id, {})
            value = json.loads(row.value)
            bucket = props.setdefault(row.property, [])
            # a reviewer's edit goes first: it is the value a person stands behind
            if row.extractor == "review":
                bucket.insert(0, value)
            else:
                bucket.append(value)
    texts: dict[str, str] = {}
    length = events.c.end - events.c.start
    for chunk in chunked(ids):
        for event_id, sentence in conn.execute(
            sa.select(events.c.id, sa.func.substr(documents.c.text, events.c.start + 1, length))
            .select_from(events.join(documents, documents.c.id == events.c.document_id))
            .where(events.c.id.in_(chunk))
        ):
            texts[event_id] = sentence
    # actors named inside each evidence sentence (not countries or places)
    geo = {a for a, k in resolution.kinds.items() if k in GEO_KINDS}
    docs = sorted({r.document_id for r in current})
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for chunk in chunked(docs):
        for row in conn.execute(
            sa.select(
                claims.c.document_id, claims.c.start, claims.c.end, claims.c.subject_id
            ).where(
                claims.c.subject_type == "actor",
                claims.c.property == "name",
                claims.c.document_id.in_(chunk),
            )
        ).all():
            actor = resolution.actor_of.get(row.subject_id, row.subject_id)
            if actor not in geo:
                spans.setdefault(row.document_id, []).append((row.start, row.end, actor))
    tolls: dict[str, list[tuple[str | None, str | None, int]]] = {}
    current_versions = _current_versions(conn)
    for chunk in chunked(docs):
        for row in conn.execute(
            sa.select(death_tolls)
            .where(death_tolls.c.document_id.in_(chunk))
            .order_by(death_tolls.c.document_id, death_tolls.c.start, death_tolls.c.id)
        ).all():
            if current_versions.get(row.document_id) == (row.extractor, row.extractor_version):
                tolls.setdefault(row.document_id, []).append(
                    (row.country, row.as_of, int(row._mapping["count"]))
                )
    by_name = _actor_ids_by_name(resolution)
    languages = dict(conn.execute(sa.select(documents.c.id, documents.c.language)).all())

    reports: list[EventReport] = []
    by_doc: dict[str, list[_EventRow]] = {}
    for r in current:
        by_doc.setdefault(r.document_id, []).append(r)
    for doc_id, doc_rows in by_doc.items():
        facts = []
        for r in doc_rows:
            props = values.get(r.id, {})
            date = props.get("date", [None])[0]
            facts.append(
                (
                    r,
                    props,
                    date.get("value") if isinstance(date, dict) else date,
                    props.get("country", [None])[0],
                )
            )
        counts = pair_toll_counts(
            [(r.type, country, when) for r, _, when, country in facts], tolls.get(doc_id, [])
        )
        for (r, props, when, country), count in zip(facts, counts, strict=True):
            place = props.get("place", [None])[0]
            named = []
            for actor in props.get("actor", []):
                name = actor.get("name") if isinstance(actor, dict) else actor
                if name:
                    named.append(by_name.get(name_of(name), "name:" + name_of(name)))
            inside = sorted({a for s, e, a in spans.get(doc_id, []) if r.start <= s and e <= r.end})
            fatalities = props.get("fatalities", [None])[0]
            reports.append(
                EventReport(
                    key=r.id,
                    document_id=doc_id,
                    type=r.type,
                    date=str(when) if when is not None else None,
                    country=country,
                    place=place.get("name") if isinstance(place, dict) else place,
                    fatalities=int(fatalities) if fatalities is not None else count,
                    actors=tuple(dict.fromkeys([*named, *inside])),
                    text=texts.get(r.id, ""),
                    language=languages.get(doc_id),
                    admin1=place.get("admin1") if isinstance(place, dict) else None,
                )
            )
    return reports


def name_of(name: str) -> str:
    from veeduria.nlp.names import normalize_name

    return normalize_name(name)


def _actor_ids_by_name(resolution: ActorResolution) -> dict[str, str]:
    """Normalized name -> resolved actor id, over every node's resolved name."""
    out: dict[str, str] = {}
    for actor, name in resolution.names.items():
        out.setdefault(name_of(name), actor)
    return out


def _load_vectors(
    conn: Connection, ids: Sequence[str], model: str
) -> dict[str, NDArray[np.float32]]:
    from veeduria.resolve.embed import decode_vector

    out: dict[str, NDArray[np.float32]] = {}
    for chunk in chunked(list(ids)):
        for row in conn.execute(
            sa.select(event_embeddings.c.event_id, event_embeddings.c.vector).where(
                event_embeddings.c.model == model, event_embeddings.c.event_id.in_(chunk)
            )
        ).all():
            out[row.event_id] = decode_vector(bytes(row.vector))
    return out


def resolve_store(
    store: SQLStore,
    *,
    embedder: Embedder | bool | None = True,
) -> ResolveReport:
    """Resolve actors, then cluster events, over the whole store; write what changed."""
    started = time.perf_counter()
    report = ResolveReport()
    resolution, report.actors_changed = resolve_store_actors(store)
    report.actor_nodes = len(resolution.actor_of)
    report.actors = len(set(resolution.actor_of.values()))
    for _, _, cue in resolution.links:
        report.actor_links[cue] = report.actor_links.get(cue, 0) + 1
    report.actors_refused = len(resolution.refused)

    if embedder is True:
        from veeduria.evaluation.resolution import default_embedder

        embed_fn = default_embedder()
    else:
        embed_fn = embedder or None
    report.embeddings = embed_fn is not None
    from veeduria.resolve.embed import MODEL

    with store.engine.connect() as conn:
        rows = _event_rows(conn)
        reports = _event_reports(conn, rows, resolution)
        records = load_judgements(conn, "event")
        vectors = _load_vectors(conn, [r.key for r in reports], MODEL) if embed_fn else {}
    cached = set(vectors)
    current_by_doc: dict[str, list[_EventRow]] = {}
    for r in rows:
        if r.current:
            current_by_doc.setdefault(r.document_id, []).append(r)
    row_by_id = {r.id: r for r in rows}
    # judgements name rows of any version: point them at the current counterpart
    mapped: list[JudgementRecord] = []
    for rec in records:
        ends = []
        for side in (rec.left, rec.right):
            row = row_by_id.get(side)
            if row is not None and not row.current:
                row = _counterpart(row, current_by_doc.get(row.document_id, []))
            ends.append(row.id if row is not None else side)
        mapped.append(
            JudgementRecord(
                ends[0], ends[1], rec.judgement, rec.author, rec.machine, rec.created_at, rec.id
            )
        )
    geo = frozenset(a for a, k in resolution.kinds.items() if k in GEO_KINDS)
    clustering = cluster_events(
        reports, embed=embed_fn, vectors=vectors, judgements=mapped, geo_actors=geo
    )
    report.embedded = clustering.embedded
    report.event_rows = len(reports)

    # cluster ids from what does not change on re-extraction: document and evidence span
    groups = clustering.members()
    wanted: dict[str, str | None] = {}
    for keys in groups.values():
        members = [row_by_id[k] for k in keys]
        stable = min((m.document_id, m.start, m.end, m.type) for m in members)
        cid = make_id("k", *stable)
        for m in members:
            wanted[m.id] = cid
    # older rows join their current counterpart's cluster
    for r in rows:
        if not r.current:
            cur = _counterpart(r, current_by_doc.get(r.document_id, []))
            wanted[r.id] = wanted.get(cur.id) if cur is not None else None
    size: dict[str | None, int] = {}
    for target in wanted.values():
        size[target] = size.get(target, 0) + 1
    final = {
        rid: (cid if cid is not None and size[cid] > 1 else None) for rid, cid in wanted.items()
    }
    report.events = len(groups)
    report.multi_source_events = sum(
        1 for keys in groups.values() if len({row_by_id[k].document_id for k in keys}) > 1
    )
    changes = {rid: cid for rid, cid in final.items() if row_by_id[rid].cluster_id != cid}
    new_vectors = {k: v for k, v in vectors.items() if k not in cached}
    near = _near_misses(clustering.unsure, final, mapped)
    report.near_misses = len(near)
    if changes or new_vectors or near:
        from veeduria.resolve.embed import encode_vector
        from veeduria.store.dialect import insert_ignore

        with store.engine.connect() as conn:
            conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                _update_column(conn, events, events.c.cluster_id, changes)
                if changes:
                    from veeduria.store.event_index import refresh_keys

                    # The groups a changed row left and joined, and the row on its own.
                    touched = set(changes) | {c for c in changes.values() if c is not None}
                    touched |= {
                        old for rid in changes if (old := row_by_id[rid].cluster_id) is not None
                    }
                    refresh_keys(conn, touched)
                now = _now()
                insert_ignore(
                    conn,
                    event_embeddings,
                    [
                        {
                            "event_id": k,
                            "model": MODEL,
                            "vector": encode_vector(v),
                            "created_at": now,
                        }
                        for k, v in sorted(new_vectors.items())
                    ],
                )
                if near:
                    from veeduria.review.candidates import RESOLVER

                    conn.execute(
                        judgements.insert(),
                        [
                            {
                                "subject_type": "event",
                                "left_id": left,
                                "right_id": right,
                                "judgement": "unsure",
                                "author": RESOLVER,
                                "machine": True,
                                "comment": f"near miss: sentence similarity {score:.2f}",
                                "created_at": now,
                            }
                            for left, right, score in near
                        ],
                    )
    report.events_changed = len(changes)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


#: Sentence similarity from which a pair the rules did not link is shown to reviewers
#: (`veeduria review candidates`); the lowest bar that links is 0.86 (SIM_SAME_DAY).
NEAR_MISS = 0.8


def _near_misses(
    unsure: Sequence[tuple[str, str, float]],
    final: dict[str, str | None],
    judged: Sequence[JudgementRecord],
) -> list[tuple[str, str, float]]:
    """The pairs (event row ids) that scored at least NEAR_MISS without being linked, still
    apart, and that no one (person or an earlier run) has judged: most similar first."""
    seen = {frozenset((r.left, r.right)) for r in judged}
    out: list[tuple[str, str, float]] = []
    for left, right, score in sorted(unsure, key=lambda u: (-u[2], u[0], u[1])):
        pair = frozenset((left, right))
        if score < NEAR_MISS or pair in seen or left == right:
            continue
        if final.get(left) is not None and final.get(left) == final.get(right):
            continue
        seen.add(pair)
        out.append((left, right, score))
    return out


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


# ---------------------------------------------------------------------------- actor reads

_ROLES = ("agent", "target", "victim", "participant")


@dataclass
class ActorSummary:
    id: str  # the resolved actor id (its representative name node)
    name: str
    kind: str
    country: str | None
    names: list[str]  # the names of its nodes
    documents: int


def _actor_groups(conn: Connection) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for row in conn.execute(sa.select(actors).order_by(actors.c.id)).all():
        groups.setdefault(row.resolved_id or row.id, []).append(row)
    return groups


def _summary(actor_id: str, rows: Sequence[Any], documents: int) -> ActorSummary:
    rep = next((r for r in rows if r.id == actor_id), rows[0])
    country = rep.country or next((r.country for r in rows if r.country), None)
    return ActorSummary(
        id=actor_id,
        name=rep.name,
        kind=rep.kind,
        country=country,
        names=sorted({r.name for r in rows}),
        documents=documents,
    )


def list_actors(
    store: SQLStore,
    *,
    kind: str | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> list[ActorSummary]:
    """Resolved actors (as of the last `veeduria resolve`), most documents first."""
    with store.engine.connect() as conn:
        groups = _actor_groups(conn)
        docs: dict[str, set[str]] = {}
        node_actor = {r.id: key for key, rows in groups.items() for r in rows}
        for subject_id, doc_id in conn.execute(
            sa.select(claims.c.subject_id, claims.c.document_id)
            .where(claims.c.subject_type == "actor", claims.c.property == "name")
            .distinct()
        ).all():
            docs.setdefault(node_actor.get(subject_id, subject_id), set()).add(doc_id)
    out = [_summary(key, rows, len(docs.get(key, ()))) for key, rows in groups.items()]
    out = [
        a
        for a in out
        if (kind is None or a.kind == kind) and (country is None or a.country == country.upper())
    ]
    out.sort(key=lambda a: (-a.documents, name_of(a.name), a.id))
    return out[:limit] if limit is not None else out


def find_actors(store: SQLStore, ref: str) -> list[str]:
    """Resolved actor ids that `ref` names: an actor id (resolved or of one name), or a name or
    surface form (accents, case and punctuation do not matter)."""
    from veeduria.store.ids import name_key

    with store.engine.connect() as conn:
        node_ids = set(
            conn.execute(
                sa.select(actors.c.id).where(
                    sa.or_(actors.c.id == ref, actors.c.resolved_id == ref)
                )
            ).scalars()
        )
        if not node_ids:
            key = name_key(ref)
            node_ids.update(
                conn.execute(sa.select(actors.c.id).where(actors.c.key == key)).scalars()
            )
            if not node_ids:
                node_ids.update(
                    conn.execute(
                        sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key)
                    ).scalars()
                )
        found: set[str] = set()
        for chunk in chunked(sorted(node_ids)):
            for row in conn.execute(
                sa.select(actors.c.id, actors.c.resolved_id).where(actors.c.id.in_(chunk))
            ).all():
                found.add(row.resolved_id or row.id)
    return sorted(found)


def actor_detail(store: SQLStore, actor_id: str) -> dict[str, Any] | None:
    """Everything `veeduria actors show` prints about one resolved actor."""
    from veeduria.store.ids import canonical_json
    from veeduria.store.schema import relations

    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(actors)
            .where(sa.or_(actors.c.resolved_id == actor_id, actors.c.id == actor_id))
            .order_by(actors.c.id)
        ).all()
        rows = [r for r in rows if (r.resolved_id or r.id) == actor_id]
        if not rows:
            return None
        ids = [r.id for r in rows]
        aliases = sorted(
            set(
                conn.execute(
                    sa.select(actor_aliases.c.alias).where(actor_aliases.c.actor_id.in_(ids))
                ).scalars()
            )
        )
        doc_ids = sorted(
            set(
                conn.execute(
                    sa.select(claims.c.document_id).where(
                        claims.c.subject_type == "actor",
                        claims.c.property == "name",
                        claims.c.subject_id.in_(ids),
                    )
                ).scalars()
            )
        )
        docs = [
            {
                "id": r.id,
                "title": r.title,
                "published": r.published,
                "language": r.language,
                "syndicated_of": r.syndicated_of,
            }
            for chunk in chunked(doc_ids)
            for r in conn.execute(
                sa.select(
                    documents.c.id,
                    documents.c.title,
                    documents.c.published,
                    documents.c.language,
                    documents.c.syndicated_of,
                ).where(documents.c.id.in_(chunk))
            ).all()
        ]
        values = [
            canonical_json({"name": n, "role": role})
            for n in {r.name for r in rows}
            for role in _ROLES
        ]
        event_rows = conn.execute(
            sa.select(
                sa.func.coalesce(events.c.cluster_id, events.c.id).label("event"),
                events.c.id,
                events.c.type,
                events.c.document_id,
                claims.c.value,
            )
            .select_from(events.join(claims, claims.c.subject_id == events.c.id))
            .where(
                claims.c.subject_type == "event",
                claims.c.property == "actor",
                claims.c.value.in_(values),
            )
            .order_by(events.c.id)
        ).all()
        seen: dict[str, dict[str, Any]] = {}
        for e in event_rows:
            item = seen.setdefault(
                e.event, {"event": e.event, "type": e.type, "roles": set(), "documents": set()}
            )
            item["roles"].add(json.loads(e.value)["role"])
            item["documents"].add(e.document_id)
        event_list = [
            {**v, "roles": sorted(v["roles"]), "documents": len(v["documents"])}
            for v in seen.values()
        ]
        rels = [
            {
                "type": r.type,
                "source": r.source_name,
                "target": r.target_name,
                "document": r.document_id,
            }
            for r in conn.execute(
                sa.select(relations)
                .where(
                    sa.or_(
                        relations.c.source_actor_id.in_(ids), relations.c.target_actor_id.in_(ids)
                    )
                )
                .order_by(relations.c.document_id, relations.c.start)
            ).all()
        ]
        judged = [
            {
                "id": j.id,
                "left": j.left_id,
                "right": j.right_id,
                "judgement": j.judgement,
                "author": j.author,
                "machine": bool(j.machine),
                "comment": j.comment,
                "created_at": j.created_at,
            }
            for j in conn.execute(
                sa.select(judgements)
                .where(
                    judgements.c.subject_type == "actor",
                    sa.or_(judgements.c.left_id.in_(ids), judgements.c.right_id.in_(ids)),
                )
                .order_by(judgements.c.id)
            ).all()
        ]
    summary = _summary(actor_id, rows, len(docs))
    return {
        "id": actor_id,
        "name": summary.name,
        "kind": summary.kind,
        "country": summary.country,
        "names": [{"id": r.id, "name": r.name, "kind": r.kind} for r in rows],
        "aliases": aliases,
        "documents": docs,
        "events": event_list,
        "relations": rels,
        "judgements": judged,
    }
