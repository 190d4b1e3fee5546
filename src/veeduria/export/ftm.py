"""FollowTheMoney entities, one JSON object per line, built and cleaned by `followthemoney`.

- document → `Article` (`Document` for dataset rows): title, author, publisher, sourceUrl,
  publishedAt, language, bodyText; `keywords` = source kind, `fileName` = source.
- actor → `Person` (person), `Company` (company), `Organization` (organization; political_party
  with topic `pol.party`), `PublicBody` (government_body; country with topic `gov.national`),
  `Address` (place); `keywords` = kind, `alias`, `country`, `proof` = the documents naming it.
- an actor named in a document → `Mention` (document, resolved, name as written, detectedSchema).
- event → `Event`: name, summary = the evidence quote, date (or startDate/endDate), country,
  location, addressEntity (an `Address` with coordinates), organizer = agents, involved =
  the other roles, proof, sourceUrl, publisher, recordId = event id, keywords = type,
  description = "fatalities: N" / "injured: N" / precision lines.
- relation → `Ownership` (owns, subsidiary_of, when the asset is a company), `Membership`
  (member_of, holds_position), `Representation` (represents), else `UnknownLink`; `role` = the
  relation type, summary = quote, proof, sourceUrl, recordId = relation id.

Ids are deterministic: `vd-` + the veeduria id (`vd-doc-` + document id), `vd-m-` / `vd-loc-` +
a hash for mentions and event places. Death tolls have no FtM schema and are left out (use the
CSV or JSON Lines export). Needs the `ftm` extra: pip install 'veeduria[ftm]'.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.export import ExportError, ExportOptions
from veeduria.export.selection import DocumentInfo, Selection
from veeduria.export.textio import json_line
from veeduria.store.ids import make_id
from veeduria.store.schema import documents

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

__all__ = [
    "KIND_SCHEMA",
    "KIND_TOPIC",
    "actor_entity_id",
    "document_entity_id",
    "export_ftm",
    "ftm_entities",
    "require_ftm",
]

PREFIX = "vd-"
KIND_SCHEMA = {
    "person": "Person",
    "company": "Company",
    "organization": "Organization",
    "government_body": "PublicBody",
    "political_party": "Organization",
    "country": "PublicBody",
    "place": "Address",
}
KIND_TOPIC = {"political_party": "pol.party", "country": "gov.national"}
DOCUMENT_SCHEMA = {"dataset": "Document"}  # source kind -> schema; the rest are Articles


def require_ftm() -> Any:
    """The followthemoney model, or ExportError naming the extra to install."""
    try:
        from followthemoney import model
    except ImportError as exc:  # pragma: no cover - the extra is installed in dev
        raise ExportError(
            "the FollowTheMoney format needs the followthemoney package: "
            "pip install 'veeduria[ftm]'"
        ) from exc
    return model


def document_entity_id(doc_id: str) -> str:
    return f"{PREFIX}doc-{doc_id}"


def actor_entity_id(actor_id: str) -> str:
    return PREFIX + actor_id


class _Builder:
    def __init__(self, conn: Connection, sel: Selection) -> None:
        self.model = require_ftm()
        self.conn = conn
        self.sel = sel
        self.seen_documents: set[str] = set()
        self.seen_places: set[str] = set()
        self.actor_schema: dict[str, str] = {}

    def make(self, schema: str, entity_id: str) -> EntityProxy:
        proxy: EntityProxy = self.model.make_entity(schema)
        proxy.id = entity_id
        return proxy

    def document(self, info: DocumentInfo) -> Iterator[EntityProxy]:
        if info.id in self.seen_documents:
            return
        self.seen_documents.add(info.id)
        text = self.conn.execute(
            sa.select(documents.c.text).where(documents.c.id == info.id)
        ).scalar_one()
        proxy = self.make(
            DOCUMENT_SCHEMA.get(info.source_kind, "Article"), document_entity_id(info.id)
        )
        proxy.add("title", info.title)
        proxy.add("publisher", info.publisher)
        proxy.add("sourceUrl", info.url)
        proxy.add("publishedAt", info.published)
        proxy.add("language", info.language)
        proxy.add("keywords", info.source_kind)
        proxy.add("fileName", info.source)
        proxy.add("bodyText", text)
        if not proxy.get("title"):
            proxy.add("title", info.source)
        yield proxy

    def cite(self, proxy: EntityProxy, info: DocumentInfo) -> None:
        proxy.add("proof", document_entity_id(info.id))
        proxy.add("sourceUrl", info.url)
        proxy.add("publisher", info.publisher)

    def entities(self) -> Iterator[EntityProxy]:
        sel = self.sel
        for actor in sel.actors():
            schema = KIND_SCHEMA.get(actor.kind, "LegalEntity")
            self.actor_schema[actor.id] = schema
            proxy = self.make(schema, actor_entity_id(actor.id))
            proxy.add("name", actor.name)
            proxy.add("keywords", actor.kind)
            proxy.add("topics", KIND_TOPIC.get(actor.kind))
            if schema == "Address":
                proxy.add("full", actor.name)
            else:
                proxy.add("alias", actor.aliases)
            proxy.add("country", actor.country)
            docs = sel.documents(actor.document_ids)
            for doc_id in actor.document_ids:
                yield from self.document(docs[doc_id])
                proxy.add("proof", document_entity_id(doc_id))
            yield proxy
            if schema == "Address":
                continue  # a Mention resolves to a legal entity, not a place
            names: dict[str, list[str]] = {}
            for claim in actor.claims:
                if claim.property == "name":
                    names.setdefault(claim.document_id, []).append(claim.quote)
            for doc_id, quotes in sorted(names.items()):
                mention = self.make("Mention", f"{PREFIX}m-{make_id('m', actor.id, doc_id)[2:]}")
                mention.add("document", document_entity_id(doc_id))
                mention.add("resolved", proxy.id)
                mention.add("name", sorted(set(quotes)))
                mention.add("detectedSchema", schema)
                yield mention

        for event in sel.events():
            yield from self.document(event.document)
            proxy = self.make("Event", PREFIX + event.id)
            date = event.date or {}
            label = event.type.replace("_", " ").capitalize()
            where = (event.place or {}).get("name") or event.country
            proxy.add("name", " ".join(p for p in (label, where, date.get("value")) if p))
            proxy.add("summary", event.quote)
            if date.get("end"):
                proxy.add("startDate", date.get("value"))
                proxy.add("endDate", date.get("end"))
            else:
                proxy.add("date", date.get("value"))
            proxy.add("country", event.country)
            proxy.add("keywords", event.type)
            proxy.add("recordId", event.id)
            self.cite(proxy, event.document)
            facts = [
                f"{k}: {v}"
                for k, v in (
                    ("fatalities", event.fatalities),
                    ("injured", event.injured),
                    ("date precision", date.get("precision")),
                    ("geo precision", event.geo_precision),
                )
                if v is not None
            ]
            proxy.add("description", "\n".join(facts) or None)
            for a in event.actors:
                if a.actor_id is not None and self.actor_schema.get(a.actor_id, "") not in (
                    "",
                    "Address",
                ):
                    prop = "organizer" if a.role == "agent" else "involved"
                    proxy.add(prop, actor_entity_id(a.actor_id))
            place = event.place
            if place and place.get("name"):
                proxy.add("location", place["name"])
                # Only what the Address shows, so an imported copy gets the same id.
                shown = [place.get(k) for k in ("name", "admin1", "country", "lat", "lon")]
                loc_id = f"{PREFIX}loc-{make_id('l', *shown)[2:]}"
                proxy.add("addressEntity", loc_id)
                if loc_id not in self.seen_places:
                    self.seen_places.add(loc_id)
                    address = self.make("Address", loc_id)
                    address.add("name", place["name"])
                    address.add("full", place["name"])
                    address.add("region", place.get("admin1"))
                    address.add("country", place.get("country") or event.country)
                    if place.get("lat") is not None and place.get("lon") is not None:
                        address.add("latitude", str(place["lat"]))
                        address.add("longitude", str(place["lon"]))
                    yield address
            yield proxy

        for rel in sel.relations():
            if rel.source_actor_id is None or rel.target_actor_id is None:
                continue  # FtM links need both ends
            src = self.actor_schema.get(rel.source_actor_id)
            dst = self.actor_schema.get(rel.target_actor_id)
            if src is None or dst is None:
                continue
            yield from self.document(rel.document)
            link = self._link(rel.type, rel.source_actor_id, src, rel.target_actor_id, dst)
            link.id = PREFIX + rel.id
            link.add("role", rel.type.replace("_", " "))
            link.add("summary", rel.quote)
            link.add("recordId", rel.id)
            link.add("date", rel.document.published)
            self.cite(link, rel.document)
            yield link

    def _link(self, kind: str, src_id: str, src: str, dst_id: str, dst: str) -> EntityProxy:
        model = self.model
        a, b = actor_entity_id(src_id), actor_entity_id(dst_id)
        legal = {"Person", "Company", "Organization", "PublicBody", "LegalEntity"}
        if kind == "owns" and src in legal and model.get(dst).is_a("Asset"):
            return self._edge("Ownership", owner=a, asset=b)
        if kind == "subsidiary_of" and dst in legal and model.get(src).is_a("Asset"):
            return self._edge("Ownership", owner=b, asset=a)
        if (
            kind in ("member_of", "holds_position")
            and src in legal
            and model.get(dst).is_a("Organization")
        ):
            return self._edge("Membership", member=a, organization=b)
        if kind == "represents" and src in legal and dst in legal:
            return self._edge("Representation", agent=a, client=b)
        return self._edge("UnknownLink", subject=a, object=b)

    def _edge(self, schema: str, **ends: str) -> EntityProxy:
        proxy = self.make(schema, "pending")
        for prop, value in ends.items():
            proxy.add(prop, value)
        return proxy


def ftm_entities(conn: Connection, options: ExportOptions) -> Iterator[EntityProxy]:
    """The export's entities as FtM proxies (cleaned by followthemoney as they are built)."""
    return _Builder(conn, Selection(conn, options.filters)).entities()


def export_ftm(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    batch: list[str] = []
    for proxy in ftm_entities(conn, options):
        batch.append(json_line(proxy.to_dict()))
        if len(batch) >= 200:
            yield "".join(batch).encode("utf-8")
            batch = []
    yield "".join(batch).encode("utf-8")
