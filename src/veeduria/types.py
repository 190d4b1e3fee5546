"""The values that flow between pipeline stages.

Ingest produces `IngestedDocument`s; extraction turns a `DocumentInput` into an `Extraction`
(a pure function: text, language and date in, spans and values out); the store turns an
`Extraction` into claims. Every extracted value carries character offsets into the document
text, so that `text[start:end]` is its quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

DatePrecision = Literal["day", "month", "year"]
GeoPrecision = Literal["place", "admin1", "country"]
Role = Literal["agent", "target", "victim", "participant"]


@dataclass(frozen=True)
class Span:
    """A half-open character range `[start, end)` into a document's text."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class IngestedDocument:
    """One document as ingest read it, before it is stored.

    `text` is the normalized text that will never change again; `raw` the original bytes.
    """

    text: str
    source_kind: str  # "txt", "md", "html", "pdf", "docx", "jsonl", "csv", "url", "feed"
    source: str  # path or URL it came from (with "#row=N" for a table row)
    raw: bytes | None = None
    raw_mime: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    published_precision: DatePrecision | None = None
    retrieved_at: datetime | None = None
    language: str | None = None  # ISO 639-1: "en", "es", "pt", "fr"
    # For PDFs: the character offset at which each page starts (page 1 at index 0).
    page_starts: list[int] | None = None


@dataclass(frozen=True)
class DocumentInput:
    """What extraction needs of a document, and nothing else."""

    id: str
    text: str
    language: str | None
    published: str | None  # "YYYY", "YYYY-MM", "YYYY-MM-DD" or None


@dataclass
class Mention:
    """One span of text naming an entity."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An entity found in one document, with its canonical name and every mention."""

    name: str  # canonical name per the ontology (e.g. "Policía Nacional del Perú")
    kind: str  # person, organization, company, government_body, political_party, country, place
    mentions: list[Mention] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2 the entity belongs to, when known
    source: str = "ner"  # "ner", "gazetteer", "rule"
    confidence: float = 0.8


@dataclass
class EventActor:
    name: str  # canonical entity name
    role: Role
    span: Span | None = None


@dataclass
class Place:
    name: str
    span: Span | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: GeoPrecision | None = None


@dataclass
class ValueSpan:
    """A number or date with the span of text that states it."""

    value: int | str
    span: Span
    precision: DatePrecision | None = None  # for dates
    end_value: str | None = None  # for date ranges: the last day/month


@dataclass
class Event:
    """One event reported in one document."""

    type: str  # ontology event type
    evidence: Span  # the sentence (or clause) that reports it
    trigger: Span
    date: ValueSpan | None = None
    country: str | None = None
    country_span: Span | None = None
    place: Place | None = None
    fatalities: ValueSpan | None = None
    injured: ValueSpan | None = None
    actors: list[EventActor] = field(default_factory=list)
    confidence: float = 0.6


@dataclass
class DeathToll:
    """A cumulative count of deaths for a country and scope, valid as of a date."""

    country: str | None
    count: int
    span: Span  # the words that state the figure
    evidence: Span  # the sentence
    as_of: str | None = None
    scope: str | None = None


@dataclass
class Relation:
    type: str  # ontology relation type, e.g. "recognizes"
    source: str  # canonical entity name
    target: str
    evidence: Span
    confidence: float = 0.6


@dataclass
class Extraction:
    """Everything one extractor found in one document."""

    document_id: str
    extractor: str
    version: str
    language: str | None
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    tolls: list[DeathToll] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
