"""A small evidence base built from handmade Extractions (no spaCy): two documents, events
with places, dates, fatalities and actors, a relation, a toll, reviews and a judgement."""

from __future__ import annotations

from datetime import UTC, datetime

from veeduria.store.sql import SQLStore
from veeduria.types import (
    DeathToll,
    Entity,
    Event,
    EventActor,
    Extraction,
    IngestedDocument,
    Mention,
    Place,
    Relation,
    Span,
    ValueSpan,
)

TEXT_ES = (
    "La senadora Jeanine Áñez asumió la presidencia de Bolivia el 12 de noviembre de 2019. "
    "En Sacaba, la policía mató a nueve manifestantes el 15 de noviembre. "
    "Brasil reconoció al gobierno de Áñez."
)
TEXT_EN = (
    "Police killed 10 protesters in Juliaca on January 9, 2023. "
    "Glencore owns the Antapaccay mine in Espinar."
)


def span(text: str, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def sentence(text: str, n: int) -> Span:
    parts = text.split(". ")
    start = sum(len(p) + 2 for p in parts[:n])
    end = start + len(parts[n]) + (0 if parts[n].endswith(".") else 1)
    return Span(start, end)


def mention(text: str, phrase: str, nth: int = 0) -> Mention:
    s = span(text, phrase, nth)
    return Mention(s.start, s.end, phrase)


def extraction_es() -> Extraction:
    t = TEXT_ES
    return Extraction(
        document_id="doc-es",
        extractor="rules",
        version="1",
        language="es",
        entities=[
            Entity("Jeanine Áñez", "person", [mention(t, "Jeanine Áñez"), mention(t, "Áñez", 1)],
                   country="BO", confidence=0.9),
            Entity("Policía Boliviana", "government_body", [mention(t, "policía")], country="BO"),
            Entity("Brasil", "country", [mention(t, "Brasil")], country="BR"),
            Entity("Sacaba", "place", [mention(t, "Sacaba")], country="BO"),
        ],
        events=[
            Event(
                type="regime_change",
                evidence=sentence(t, 0),
                trigger=span(t, "asumió"),
                date=ValueSpan("2019-11-12", span(t, "12 de noviembre de 2019"), "day"),
                country="BO",
                country_span=span(t, "Bolivia"),
                actors=[EventActor("Jeanine Áñez", "agent", span(t, "Jeanine Áñez"))],
                confidence=0.7,
            ),
            Event(
                type="repression_killing",
                evidence=sentence(t, 1),
                trigger=span(t, "mató"),
                date=ValueSpan("2019-11-15", span(t, "15 de noviembre"), "day"),
                country="BO",
                place=Place("Sacaba", span(t, "Sacaba"), geonames_id=3906209, lat=-17.4,
                            lon=-66.04, admin1="Cochabamba", country="BO", precision="place"),
                fatalities=ValueSpan(9, span(t, "nueve")),
                actors=[EventActor("Policía Boliviana", "agent", span(t, "policía"))],
            ),
        ],
        relations=[Relation("recognizes", "Brasil", "Jeanine Áñez", sentence(t, 2))],
        tolls=[
            DeathToll(country="BO", count=9, span=span(t, "nueve"), evidence=sentence(t, 1),
                      as_of="2019-11-15", scope="protesters killed in Sacaba")
        ],
    )  # fmt: skip


def extraction_en() -> Extraction:
    t = TEXT_EN
    return Extraction(
        document_id="doc-en",
        extractor="rules",
        version="1",
        language="en",
        entities=[
            Entity("Policía Nacional del Perú", "government_body", [mention(t, "Police")],
                   country="PE"),
            Entity("Glencore", "company", [mention(t, "Glencore")]),
            Entity("Antapaccay", "place", [mention(t, "Antapaccay")], country="PE"),
        ],
        events=[
            Event(
                type="repression_killing",
                evidence=sentence(t, 0),
                trigger=span(t, "killed"),
                date=ValueSpan("2023-01", span(t, "January 9, 2023"), "month"),
                country="PE",
                place=Place("Juliaca", span(t, "Juliaca"), geonames_id=3937513, lat=-15.5,
                            lon=-70.13333, admin1="Puno", country="PE", precision="place"),
                fatalities=ValueSpan(10, span(t, "10")),
                actors=[
                    EventActor("Policía Nacional del Perú", "agent", span(t, "Police")),
                ],
            ),
        ],
        relations=[Relation("owns", "Glencore", "Antapaccay", sentence(t, 1))],
    )  # fmt: skip


def build_evidence(store: SQLStore) -> dict[str, str]:
    """Fill `store`; returns a few ids the tests look at."""
    es = IngestedDocument(
        text=TEXT_ES, source_kind="html", source="https://example.org/bolivia/anez.html",
        raw=b"<html><body>\x00\xff raw bytes</body></html>", raw_mime="text/html",
        url="https://example.org/bolivia/anez.html", title="Jeanine Áñez asume la presidencia",
        publisher="Diario Ejemplo", author="Redacción", published="2019-11-16",
        published_precision="day", retrieved_at=datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
        language="es", page_starts=[0, 87],
    )  # fmt: skip
    en = IngestedDocument(
        text=TEXT_EN, source_kind="txt", source="reports/juliaca.txt", title="Juliaca",
        publisher="Example Wire", published="2023-01-10", published_precision="day",
        language="en",
    )  # fmt: skip
    assert store.add_document(es, doc_id="doc-es", sha256="sha-es", minhash=b"\x01\x02")
    assert store.add_document(en, doc_id="doc-en", sha256="sha-en")
    store.save_extraction(extraction_es())
    store.save_extraction(extraction_en())
    claims = {(c.subject_type, c.property): c for c in store.claims_for_document("doc-es")}
    en_claims = {(c.subject_type, c.property): c for c in store.claims_for_document("doc-en")}
    # Accept the Sacaba killing's type and fatalities; edit the Bolivia regime change's date.
    killing = next(
        c
        for c in store.claims_for_document("doc-es")
        if c.property == "type" and c.value == "repression_killing"
    )
    store.add_review(killing.id, "accept", "ana")
    fat = claims[("event", "fatalities")]
    store.add_review(fat.id, "accept", "ana")
    rel = claims[("relation", "relation")]
    store.add_review(rel.id, "accept", "ana", comment="clear")
    date = next(
        c
        for c in store.claims_for_document("doc-es")
        if c.property == "date" and c.value["value"] == "2019-11-12"
    )
    new_date = store.add_review(
        date.id, "edit", "ben", new_value={"value": "2019-11-12", "precision": "day", "end": None}
    )
    # Reject the Juliaca event's fatalities figure.
    store.add_review(en_claims[("event", "fatalities")].id, "reject", "ben")
    store.add_judgement(
        "event",
        killing.subject_id,
        en_claims[("event", "type")].subject_id,
        "not_same",
        "ana",
        comment="different events",
    )
    return {"killing": killing.subject_id, "edited_date": new_date,
            "juliaca": en_claims[("event", "type")].subject_id}  # fmt: skip
