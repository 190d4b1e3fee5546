"""Turn one `Extraction` into the rows the store writes: actors, events, relations, tolls, claims.

A pure function of the extraction and the stored document text, so it can be tested without a
database. Every claim's quote is cut from the stored text, never taken from the extractor, and
a span outside the text raises ValueError naming the document and the span.

Claims per item (subject type, property: value):

- entity -> actor: `name` (canonical name) once per mention; `kind` and `country` at the first
  mention. The actor is one per (accent/case-folded name, kind) across the store for now.
- event: `type` (evidence sentence); `date` {"value", "precision", "end"}; `country`;
  `place` {"name", "geonames_id", "lat", "lon", "admin1", "country", "precision"};
  `fatalities`, `injured` (numbers); `actor` {"name", "role"} per actor.
- relation: `relation` {"type", "source", "target"} (one claim: the reviewer judges the whole).
- toll: `count` (the figure's words); `country`, `as_of`, `scope` (the sentence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from veeduria.store.ids import canonical_json, make_id, name_key
from veeduria.types import Extraction, Span

__all__ = ["ExtractionRows", "extraction_rows"]


@dataclass
class ExtractionRows:
    actors: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    tolls: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, extraction: Extraction, text: str, now: datetime) -> None:
        self.x = extraction
        self.text = text
        self.now = now
        self.rows = ExtractionRows()
        self._claim_ids: set[str] = set()
        self._item_ids: set[str] = set()

    def quote(self, start: int, end: int, what: str) -> str:
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(
                f"document {self.x.document_id!r}: span [{start}, {end}) of {what} is out of "
                f"range (the text has {len(self.text)} characters; spans must be non-empty)"
            )
        return self.text[start:end]

    def claim(
        self,
        subject_type: str,
        subject_id: str,
        prop: str,
        value: Any,
        span: Span,
        confidence: float,
    ) -> None:
        quote = self.quote(span.start, span.end, f"{subject_type} {prop}")
        value_json = canonical_json(value)
        claim_id = make_id(
            "c",
            self.x.document_id,
            span.start,
            span.end,
            subject_type,
            subject_id,
            prop,
            value,
            self.x.extractor,
            self.x.version,
        )
        if claim_id in self._claim_ids:
            return
        self._claim_ids.add(claim_id)
        self.rows.claims.append(
            {
                "id": claim_id,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "property": prop,
                "value": value_json,
                "document_id": self.x.document_id,
                "start": span.start,
                "end": span.end,
                "quote": quote,
                "extractor": self.x.extractor,
                "extractor_version": self.x.version,
                "confidence": float(confidence),
                "created_at": self.now,
                "corrects": None,
                "author": None,
            }
        )

    def unique_id(self, prefix: str, *parts: Any) -> str:
        """A deterministic id; identical items in one extraction get an ordinal suffix."""
        base = make_id(prefix, self.x.document_id, self.x.extractor, self.x.version, *parts)
        candidate, n = base, 0
        while candidate in self._item_ids:
            n += 1
            candidate = f"{base}.{n}"
        self._item_ids.add(candidate)
        return candidate


def extraction_rows(extraction: Extraction, text: str, now: datetime) -> ExtractionRows:
    """The rows for `extraction` of a document whose stored text is `text`."""
    b = _Builder(extraction, text, now)
    rows = b.rows
    actor_ids: dict[str, str] = {}  # name key -> actor id, for relations
    seen_actors: set[str] = set()
    seen_aliases: set[tuple[str, str]] = set()

    for entity in extraction.entities:
        key = name_key(entity.name)
        actor_id = make_id("a", entity.kind, key)
        actor_ids.setdefault(key, actor_id)
        if actor_id not in seen_actors:
            seen_actors.add(actor_id)
            rows.actors.append(
                {
                    "id": actor_id,
                    "name": entity.name,
                    "kind": entity.kind,
                    "key": key,
                    "country": entity.country,
                    "created_at": now,
                }
            )
        aliases = [entity.name] + [
            b.quote(m.start, m.end, f"mention of {entity.name!r}") for m in entity.mentions
        ]
        for alias in aliases:
            if (actor_id, alias) not in seen_aliases:
                seen_aliases.add((actor_id, alias))
                rows.aliases.append(
                    {"actor_id": actor_id, "alias": alias, "normalized": name_key(alias)}
                )
        for mention in entity.mentions:
            span = Span(mention.start, mention.end)
            b.claim("actor", actor_id, "name", entity.name, span, entity.confidence)
        if entity.mentions:
            first = Span(entity.mentions[0].start, entity.mentions[0].end)
            b.claim("actor", actor_id, "kind", entity.kind, first, entity.confidence)
            if entity.country:
                b.claim("actor", actor_id, "country", entity.country, first, entity.confidence)

    for event in extraction.events:
        ev, trig = event.evidence, event.trigger
        b.quote(ev.start, ev.end, f"{event.type} event evidence")
        b.quote(trig.start, trig.end, f"{event.type} event trigger")
        actors_key = sorted((a.name, a.role) for a in event.actors)
        event_id = b.unique_id("e", ev.start, ev.end, event.type, trig.start, trig.end, actors_key)
        rows.events.append(
            {
                "id": event_id,
                "document_id": extraction.document_id,
                "type": event.type,
                "start": ev.start,
                "end": ev.end,
                "trigger_start": trig.start,
                "trigger_end": trig.end,
                "extractor": extraction.extractor,
                "extractor_version": extraction.version,
                "cluster_id": None,
                "created_at": now,
            }
        )
        conf = event.confidence
        b.claim("event", event_id, "type", event.type, ev, conf)
        if event.date is not None:
            date_value = {
                "value": event.date.value,
                "precision": event.date.precision,
                "end": event.date.end_value,
            }
            b.claim("event", event_id, "date", date_value, event.date.span, conf)
        if event.country:
            b.claim("event", event_id, "country", event.country, event.country_span or ev, conf)
        if event.place is not None:
            p = event.place
            place_value = {
                "name": p.name,
                "geonames_id": p.geonames_id,
                "lat": p.lat,
                "lon": p.lon,
                "admin1": p.admin1,
                "country": p.country,
                "precision": p.precision,
            }
            b.claim("event", event_id, "place", place_value, p.span or ev, conf)
        for prop, number in (("fatalities", event.fatalities), ("injured", event.injured)):
            if number is not None:
                b.claim("event", event_id, prop, number.value, number.span, conf)
        for actor in event.actors:
            value = {"name": actor.name, "role": actor.role}
            b.claim("event", event_id, "actor", value, actor.span or ev, conf)

    for relation in extraction.relations:
        ev = relation.evidence
        b.quote(ev.start, ev.end, f"{relation.type} relation evidence")
        source_key, target_key = name_key(relation.source), name_key(relation.target)
        relation_id = b.unique_id("r", ev.start, ev.end, relation.type, source_key, target_key)
        rows.relations.append(
            {
                "id": relation_id,
                "document_id": extraction.document_id,
                "type": relation.type,
                "source_name": relation.source,
                "target_name": relation.target,
                "source_actor_id": actor_ids.get(source_key),
                "target_actor_id": actor_ids.get(target_key),
                "start": ev.start,
                "end": ev.end,
                "extractor": extraction.extractor,
                "extractor_version": extraction.version,
                "created_at": now,
                # Looked up among stored actors by the store, then dropped.
                "_source_key": source_key,
                "_target_key": target_key,
            }
        )
        value = {"type": relation.type, "source": relation.source, "target": relation.target}
        b.claim("relation", relation_id, "relation", value, ev, relation.confidence)

    for toll in extraction.tolls:
        b.quote(toll.evidence.start, toll.evidence.end, "death toll evidence")
        toll_id = b.unique_id(
            "t", toll.span.start, toll.span.end, toll.evidence.start, toll.evidence.end, toll.count
        )
        rows.tolls.append(
            {
                "id": toll_id,
                "document_id": extraction.document_id,
                "country": toll.country,
                "count": toll.count,
                "as_of": toll.as_of,
                "scope": toll.scope,
                "start": toll.span.start,
                "end": toll.span.end,
                "extractor": extraction.extractor,
                "extractor_version": extraction.version,
                "created_at": now,
            }
        )
        b.claim("toll", toll_id, "count", toll.count, toll.span, 0.6)
        for prop, toll_value in (
            ("country", toll.country),
            ("as_of", toll.as_of),
            ("scope", toll.scope),
        ):
            if toll_value is not None:
                b.claim("toll", toll_id, prop, toll_value, toll.evidence, 0.6)
    return rows
