"""Handmade extractions for pattern and alert tests: one sentence per event, saved with
`store.save_extraction`, so the engine reads exactly what the store would hold."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from veeduria.store.sql import SQLStore
from veeduria.types import (
    Entity,
    Event,
    EventActor,
    Extraction,
    IngestedDocument,
    Mention,
    Place,
    Span,
    ValueSpan,
)


@dataclass
class Ev:
    sentence: str
    type: str
    date: str | None = None
    country: str | None = None
    actors: Sequence[tuple[str, str]] = ()  # (canonical name, role)
    place: str | None = None
    fatalities: int | None = None


@dataclass
class Ent:
    name: str
    kind: str
    country: str | None = None


@dataclass
class Article:
    events: Sequence[Ev]
    published: str
    publisher: str = "Test Wire"
    title: str | None = None
    entities: Sequence[Ent] = field(default_factory=list)


def _precision(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def add_article(store: SQLStore, article: Article) -> str:
    """Store the article and its extraction; return the document id."""
    text = " ".join(e.sentence for e in article.events)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_id = sha[:16]
    store.add_document(
        IngestedDocument(
            text=text,
            source_kind="txt",
            source=f"test://{doc_id}",
            title=article.title or article.events[0].sentence[:60],
            publisher=article.publisher,
            published=article.published,
            published_precision=_precision(article.published),  # type: ignore[arg-type]
            language="en",
        ),
        doc_id=doc_id,
        sha256=sha,
    )
    events: list[Event] = []
    offset = 0
    for ev in article.events:
        span = Span(offset, offset + len(ev.sentence))
        offset = span.end + 1
        events.append(
            Event(
                type=ev.type,
                evidence=span,
                trigger=span,
                date=ValueSpan(ev.date, span, precision=_precision(ev.date))  # type: ignore[arg-type]
                if ev.date
                else None,
                country=ev.country,
                place=Place(name=ev.place, span=span) if ev.place else None,
                fatalities=ValueSpan(ev.fatalities, span) if ev.fatalities is not None else None,
                actors=[EventActor(name, role) for name, role in ev.actors],  # type: ignore[arg-type]
            )
        )
    entities = []
    for ent in article.entities:
        at = text.find(ent.name)
        mentions = [Mention(at, at + len(ent.name), ent.name)] if at >= 0 else []
        entities.append(Entity(ent.name, ent.kind, mentions, country=ent.country))
    store.save_extraction(
        Extraction(
            document_id=doc_id,
            extractor="handmade",
            version="1",
            language="en",
            entities=entities,
            events=events,
        )
    )
    return doc_id


# ---------------------------------------------------------------- a small Peru chain

COUP = Ev(
    "Congress removed Pedro Castillo and Dina Boluarte was sworn in on December 7.",
    "regime_change",
    "2022-12-07",
    "PE",
    [("Pedro Castillo", "target"), ("Dina Boluarte", "agent")],
)
US_BACKING = Ev(
    "The United States recognized the Boluarte government on December 12.",
    "diplomatic_recognition",
    "2022-12-12",
    "PE",
    [("United States", "agent")],
)
CANADA_BACKING = Ev(
    "Ottawa said it supports President Boluarte.",
    "diplomatic_statement",
    "2022-12-13",
    "PE",
    [("Government of Canada", "agent")],
)
KILLING = Ev(
    "Soldiers killed seven protesters in Ayacucho on December 15.",
    "repression_killing",
    "2022-12-15",
    "PE",
    place="Ayacucho",
    fatalities=7,
)
DEAL = Ev(
    "Hudbay Minerals signed a new exploration agreement in Peru in June 2023.",
    "mining_deal_or_investment",
    "2023-06",
    "PE",
    [("Hudbay Minerals", "agent")],
)

PERU_ENTITIES = [
    Ent("United States", "country", "US"),
    Ent("Government of Canada", "government_body", "CA"),
    Ent("Pedro Castillo", "person", "PE"),
    Ent("Dina Boluarte", "person", "PE"),
    Ent("Hudbay Minerals", "company"),  # country only in the curated actors.yaml
]


def peru_chain(store: SQLStore, *, deal: Ev | None = DEAL) -> dict[str, str]:
    """Store the Peru articles; return document ids by role."""
    ids = {
        "coup": add_article(
            store,
            Article([COUP], "2022-12-08", "The Andean Ledger", entities=PERU_ENTITIES),
        ),
        "backing": add_article(
            store,
            Article(
                [US_BACKING, CANADA_BACKING], "2022-12-13", "El Observador", entities=PERU_ENTITIES
            ),
        ),
        "killing": add_article(store, Article([KILLING], "2022-12-16", "Highland Times")),
    }
    if deal is not None:
        ids["deal"] = add_article(
            store, Article([deal], "2023-06-20", "Mining Weekly", entities=PERU_ENTITIES)
        )
    return ids
