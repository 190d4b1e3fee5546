"""Import FollowTheMoney entities as `veeduria export ftm` writes them.

Round trip: exporting, importing into an empty database and exporting again gives the same
entities. What comes back:

- `Article` / `Document` with `bodyText` → a document (text, title, publisher, sourceUrl,
  publishedAt, language; `keywords` = source kind, `fileName` = source). Without `bodyText`
  there is nothing to quote: such documents, and what only they prove, are skipped.
- Person, Organization, Company, PublicBody, LegalEntity, and `Address` entities with the
  keyword "place" → actors; kind from `keywords` (else from the schema and `topics`). Each
  `Mention` (or, without one, the name itself) found in a proof document becomes a name claim
  quoting its first occurrence.
- `Event` → an event of type `keywords` in its proof document; the evidence is `summary`
  found in the text. Its date, country, place (`addressEntity`) and the "fatalities: N" lines of
  `description` become claims quoting that evidence sentence (FtM keeps no finer spans);
  `organizer` → agents, `involved` → participants.
- Ownership, Membership, Representation, UnknownLink → relations (type from `role`), quoting
  `summary` in the proof document.

Ids: `vd-...` ids give back the veeduria ids they came from; other entities get ids derived
from their content. Claims carry the extractor "import:ftm". All or nothing: one transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.export.ftm import KIND_SCHEMA, PREFIX, require_ftm
from veeduria.export.imports import ImportFailure
from veeduria.ingest.normalize import clean_text, document_id, text_sha256
from veeduria.store.dialect import IMMEDIATE, insert_ignore
from veeduria.store.extraction import extraction_rows
from veeduria.store.ids import canonical_json, make_id, name_key
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    documents,
    events,
    extraction_runs,
    relations,
)
from veeduria.store.sql import SQLStore
from veeduria.types import (
    Entity,
    Event,
    EventActor,
    Extraction,
    Mention,
    Place,
    Relation,
    Span,
    ValueSpan,
)

__all__ = ["EXTRACTOR", "FtmImportResult", "import_ftm"]

EXTRACTOR = "import:ftm"
VERSION = "1"
_DOCUMENT_SCHEMATA = ("Article", "Document", "PlainText", "HyperText", "Pages")
_ACTOR_SCHEMATA = ("Person", "Organization", "Company", "PublicBody", "LegalEntity")
_LINK_ENDS = {
    "Ownership": ("owner", "asset"),
    "Membership": ("member", "organization"),
    "Representation": ("agent", "client"),
    "UnknownLink": ("subject", "object"),
}
_TOPIC_KIND = {"pol.party": "political_party", "gov.national": "country"}
_SCHEMA_KIND = {v: k for k, v in KIND_SCHEMA.items() if k not in ("political_party", "country")}


@dataclass
class FtmImportResult:
    entities: int = 0
    documents: int = 0
    actors: int = 0
    events: int = 0
    relations: int = 0
    claims: int = 0
    skipped: int = 0  # entities that could not be tied to a quote


def _strip(entity_id: str, kind: str) -> str | None:
    """The veeduria id inside a `vd-` FtM id, if it is one of ours of this kind."""
    if not entity_id.startswith(PREFIX):
        return None
    inner = entity_id[len(PREFIX) :]
    if kind == "doc":
        return inner[4:] if inner.startswith("doc-") else None
    return inner if inner.startswith(kind + "-") else None


def _first(proxy: Any, prop: str) -> str | None:
    values = proxy.get(prop)
    return str(values[0]) if values else None


def _language(code: str | None) -> str | None:
    if not code:
        return None
    if len(code) == 2:
        return code
    import pycountry

    found = pycountry.languages.get(alpha_3=code)
    return getattr(found, "alpha_2", None) or code[:8]


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def import_ftm(store: SQLStore, path: Path | str) -> FtmImportResult:
    """Read the entity stream at `path` and write it in one transaction."""
    model = require_ftm()
    from followthemoney.exc import InvalidData

    path = Path(path)
    proxies: list[Any] = []
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                proxy = model.get_proxy(data, cleaned=False)
            except json.JSONDecodeError as exc:
                raise ImportFailure(f"{path}, line {n}: not valid JSON ({exc.msg})") from None
            except (InvalidData, TypeError, KeyError, AttributeError) as exc:
                raise ImportFailure(
                    f"{path}, line {n}: not a FollowTheMoney entity ({exc})"
                ) from None
            if not proxy.id:
                raise ImportFailure(f"{path}, line {n}: entity without an id")
            proxies.append(proxy)
    store.upgrade()
    with store.engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            return _Importer(conn, str(path), model).run(proxies)


class _Importer:
    def __init__(self, conn: Connection, where: str, model: Any) -> None:
        self.conn = conn
        self.where = where
        self.model = model
        self.now = datetime.now(UTC)
        self.result = FtmImportResult()
        self.doc_ids: dict[str, str] = {}  # FtM id -> document id
        self.texts: dict[str, str] = {}  # document id -> text
        self.actor_info: dict[str, tuple[str, str, str]] = {}  # FtM id -> (actor id, name, kind)

    def run(self, proxies: list[Any]) -> FtmImportResult:
        self.result.entities = len(proxies)
        by_id = {p.id: p for p in proxies}
        for p in proxies:
            if p.schema.name in _DOCUMENT_SCHEMATA:
                self.document(p)
        extractions: dict[str, Extraction] = {}
        event_ids: dict[str, list[str]] = defaultdict(list)  # doc id -> original event ids
        relation_rows: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)

        def extraction(doc_id: str) -> Extraction:
            if doc_id not in extractions:
                extractions[doc_id] = Extraction(doc_id, EXTRACTOR, VERSION, None)
            return extractions[doc_id]

        mentions: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in proxies:
            if p.schema.name == "Mention":
                doc = self.doc_ids.get(_first(p, "document") or "")
                resolved = _first(p, "resolved")
                if doc and resolved:
                    mentions[(resolved, doc)].extend(str(v) for v in p.get("name"))
        for p in proxies:
            if p.schema.name in _ACTOR_SCHEMATA or (
                p.schema.name == "Address" and "place" in p.get("keywords")
            ):
                self.actor(p, mentions, extraction)
        for p in proxies:
            if p.schema.name == "Event":
                self.event(p, by_id, extraction, event_ids)
            elif p.schema.name in _LINK_ENDS:
                self.link(p, extraction, relation_rows)
        for doc_id, x in sorted(extractions.items()):
            self.write(x, event_ids.get(doc_id, []), relation_rows.get(doc_id, []))
        return self.result

    def skip(self) -> None:
        self.result.skipped += 1

    # -- documents ---------------------------------------------------------------------
    def document(self, p: Any) -> None:
        body = _first(p, "bodyText")
        text = clean_text(body or "")
        if not text:
            self.skip()
            return
        sha = text_sha256(text)
        existing = self.conn.execute(
            sa.select(documents.c.id, documents.c.text).where(documents.c.sha256 == sha)
        ).first()
        if existing is not None:
            self.doc_ids[p.id] = existing.id
            self.texts[existing.id] = existing.text
            return
        doc_id = _strip(p.id, "doc") or document_id(sha)
        published = _first(p, "publishedAt")
        published = published[:10] if published else None
        self.conn.execute(
            documents.insert().values(
                id=doc_id,
                sha256=sha,
                text=text,
                length=len(text),
                url=_first(p, "sourceUrl"),
                title=_first(p, "title"),
                publisher=_first(p, "publisher"),
                author=_first(p, "author"),
                published=published,
                published_precision=_precision(published) if published else None,
                ingested_at=self.now,
                language=_language(_first(p, "language")),
                source_kind=(_first(p, "keywords") or "ftm")[:16],
                source=_first(p, "fileName") or f"ftm:{self.where}#{p.id}",
            )
        )
        self.doc_ids[p.id] = doc_id
        self.texts[doc_id] = text
        self.result.documents += 1

    # -- actors ------------------------------------------------------------------------
    def actor(self, p: Any, mentions: dict[tuple[str, str], list[str]], extraction: Any) -> None:
        name = _first(p, "name")
        if not name:
            self.skip()
            return
        kind = next((k for k in p.get("keywords") if k in KIND_SCHEMA), None)
        if kind is None:
            kind = next((_TOPIC_KIND[t] for t in p.get("topics") if t in _TOPIC_KIND), None)
        kind = kind or _SCHEMA_KIND.get(p.schema.name, "organization")
        country = _first(p, "country")
        country = country.upper() if country else None
        actor_id = make_id("a", kind, name_key(name))
        self.actor_info[p.id] = (actor_id, name, kind)
        found = False
        for proof in p.get("proof"):
            doc_id = self.doc_ids.get(proof)
            if doc_id is None:
                continue
            text = self.texts[doc_id]
            quotes = mentions.get((p.id, doc_id)) or [name, *p.get("alias")]
            spans = []
            for quote in dict.fromkeys(quotes):
                start = text.find(quote)
                if start >= 0:
                    spans.append(Mention(start, start + len(quote), quote))
            if spans:
                found = True
                extraction(doc_id).entities.append(
                    Entity(name, kind, spans, country=country, source="ftm", confidence=1.0)
                )
        if found:
            self.result.actors += 1
        else:
            self.skip()

    # -- events and relations ----------------------------------------------------------
    def _evidence(self, p: Any) -> tuple[str, Span] | None:
        quote = _first(p, "summary")
        for proof in p.get("proof"):
            doc_id = self.doc_ids.get(proof)
            if doc_id is None or not quote:
                continue
            start = self.texts[doc_id].find(quote)
            if start >= 0:
                return doc_id, Span(start, start + len(quote))
        return None

    def event(
        self, p: Any, by_id: dict[str, Any], extraction: Any, event_ids: dict[str, list[str]]
    ) -> None:
        found = self._evidence(p)
        if found is None:
            self.skip()
            return
        doc_id, ev = found
        kind = _first(p, "keywords") or "other"
        facts: dict[str, str] = {}
        for line in (_first(p, "description") or "").splitlines():
            key, _, value = line.partition(": ")
            facts[key.strip()] = value.strip()
        date = _first(p, "date") or _first(p, "startDate")
        end = _first(p, "endDate")
        precision = facts.get("date precision") or (_precision(date) if date else None)
        place = None
        loc = by_id.get(_first(p, "addressEntity") or "")
        if loc is not None or _first(p, "location"):
            lat = _first(loc, "latitude") if loc is not None else None
            lon = _first(loc, "longitude") if loc is not None else None
            place = Place(
                name=_first(p, "location") or (_first(loc, "name") or ""),
                span=ev,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                admin1=_first(loc, "region") if loc is not None else None,
                country=(_first(loc, "country") or "").upper() or None if loc is not None else None,
                precision=facts.get("geo precision") if lat else None,  # type: ignore[arg-type]
            )
        country = _first(p, "country")
        actors_: list[EventActor] = []
        for prop, role in (("organizer", "agent"), ("involved", "participant")):
            for ref in p.get(prop):
                info = self.actor_info.get(ref)
                if info is not None:
                    actors_.append(EventActor(info[1], role, ev))  # type: ignore[arg-type]
        numbers = {
            k: ValueSpan(int(facts[k]), ev)
            for k in ("fatalities", "injured")
            if facts.get(k, "").isdigit()
        }
        extraction(doc_id).events.append(
            Event(
                type=kind,
                evidence=ev,
                trigger=ev,
                date=ValueSpan(date, ev, precision, end) if date else None,  # type: ignore[arg-type]
                country=country.upper() if country else None,
                country_span=ev if country else None,
                place=place,
                fatalities=numbers.get("fatalities"),
                injured=numbers.get("injured"),
                actors=actors_,
                confidence=1.0,
            )
        )
        event_ids[doc_id].append(_strip(p.id, "e") or "")
        self.result.events += 1

    def link(
        self,
        p: Any,
        extraction: Any,
        relation_rows: dict[str, list[tuple[str, str | None, str | None]]],
    ) -> None:
        first, second = _LINK_ENDS[p.schema.name]
        role = (_first(p, "role") or "").replace(" ", "_") or "supports"
        source, target = _first(p, first), _first(p, second)
        if role == "subsidiary_of":
            source, target = target, source
        a, b = self.actor_info.get(source or ""), self.actor_info.get(target or "")
        found = self._evidence(p)
        if a is None or b is None or found is None:
            self.skip()
            return
        doc_id, ev = found
        extraction(doc_id).relations.append(Relation(role, a[1], b[1], ev, confidence=1.0))
        relation_rows[doc_id].append((_strip(p.id, "r") or "", a[0], b[0]))
        self.result.relations += 1

    # -- writing -----------------------------------------------------------------------
    def write(
        self,
        x: Extraction,
        event_ids: list[str],
        relation_info: list[tuple[str, str | None, str | None]],
    ) -> None:
        rows = extraction_rows(x, self.texts[x.document_id], self.now)
        rename: dict[str, str] = {}
        for row, original in zip(rows.events, event_ids, strict=True):
            if original:
                rename[row["id"]] = original
                row["id"] = original
        for row, (original, src, dst) in zip(rows.relations, relation_info, strict=True):
            if original:
                rename[row["id"]] = original
                row["id"] = original
            row["source_actor_id"], row["target_actor_id"] = src, dst
            row.pop("_source_key", None)
            row.pop("_target_key", None)
        for claim in rows.claims:
            if claim["subject_id"] in rename:
                claim["subject_id"] = rename[claim["subject_id"]]
                claim["id"] = make_id(
                    "c", claim["document_id"], claim["start"], claim["end"],
                    claim["subject_type"], claim["subject_id"], claim["property"],
                    json.loads(claim["value"]), claim["extractor"], claim["extractor_version"],
                )  # fmt: skip
        insert_ignore(self.conn, actors, sorted(rows.actors, key=lambda r: r["id"]))
        insert_ignore(self.conn, actor_aliases, rows.aliases)
        insert_ignore(self.conn, events, rows.events)
        insert_ignore(self.conn, relations, rows.relations)
        insert_ignore(self.conn, claims, rows.claims)
        insert_ignore(
            self.conn,
            extraction_runs,
            [
                {
                    "document_id": x.document_id,
                    "extractor": EXTRACTOR,
                    "version": VERSION,
                    "claims_written": len(rows.claims),
                    "created_at": self.now,
                }
            ],
        )
        self.result.claims += len(rows.claims)
        _ = canonical_json  # ids above hash the decoded value, as the store does
