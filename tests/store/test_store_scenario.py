"""One scenario, run on every backend (the `store` fixture: SQLite and PostgreSQL).

It walks the life of an evidence base: schema, documents, search, extraction, review,
judgements, and the guarantees that evidence is never edited.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from veeduria.store.sql import SQLStore
from veeduria.types import (
    DeathToll,
    DocumentInput,
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
    "Bolivia's interim president Jeanine Anez said on Monday that new elections would be held. "
    "The OAS audit found irregularities in the October vote."
)
TEXT_EN_COPY = TEXT_EN + " Reporting by a wire service."
RAW_ES = b"<html><body><p>La senadora Jeanine \xc3\x81\xc3\xb1ez ...</p></body></html>"


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def sentence(text: str, n: int) -> Span:
    """The span of the nth sentence (they end with '. ' or '.' at the end)."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "." and i + 2 <= len(text) - 1 and text[i + 1] == " ":
            starts.append(i + 2)
    start = starts[n]
    end = text.index(".", start) + 1
    return Span(start, end)


def mention(text: str, phrase: str, nth: int = 0) -> Mention:
    s = span(text, phrase, nth)
    return Mention(s.start, s.end, phrase)


def add_documents(store: SQLStore) -> None:
    es = IngestedDocument(
        text=TEXT_ES,
        source_kind="html",
        source="https://example.org/bolivia/anez.html",
        raw=RAW_ES,
        raw_mime="text/html",
        url="https://example.org/bolivia/anez.html",
        title="Jeanine Áñez asume la presidencia",
        publisher="Diario Ejemplo",
        author="Redacción",
        published="2019-11-16",
        published_precision="day",
        retrieved_at=datetime(2024, 3, 1, 12, 30, tzinfo=UTC),
        language="es",
        page_starts=[0, 87],
    )
    en = IngestedDocument(
        text=TEXT_EN,
        source_kind="txt",
        source="reports/anez.txt",
        title="Anez promises elections",
        published="2019-11",
        published_precision="month",
        language="en",
    )
    copy = IngestedDocument(
        text=TEXT_EN_COPY,
        source_kind="txt",
        source="reports/anez-wire.txt",
        title="Anez promises elections (wire)",
        language="en",
    )
    assert store.add_document(es, doc_id="doc-es", sha256="sha-es") is True
    assert store.add_document(en, doc_id="doc-en", sha256="sha-en", minhash=b"\x01\x02") is True
    assert (
        store.add_document(
            copy,
            doc_id="doc-en2",
            sha256="sha-en2",
            syndicated_of="doc-en",
            syndication_similarity=0.93,
        )
        is True
    )


def extraction_es() -> Extraction:
    t = TEXT_ES
    return Extraction(
        document_id="doc-es",
        extractor="rules",
        version="1",
        language="es",
        entities=[
            Entity(
                "Jeanine Áñez",
                "person",
                [mention(t, "Jeanine Áñez"), mention(t, "Áñez", 1)],
                country="BO",
                confidence=0.9,
            ),
            Entity("Policía Boliviana", "government_body", [mention(t, "policía")]),
            Entity("Brasil", "country", [mention(t, "Brasil")]),
            Entity("Sacaba", "place", [mention(t, "Sacaba")]),
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
                place=Place(
                    "Sacaba",
                    span(t, "Sacaba"),
                    geonames_id=3906209,
                    lat=-17.4,
                    lon=-66.04,
                    admin1="Cochabamba",
                    country="BO",
                    precision="place",
                ),
                fatalities=ValueSpan(9, span(t, "nueve")),
                actors=[EventActor("Policía Boliviana", "agent", span(t, "policía"))],
            ),
        ],
        relations=[Relation("recognizes", "Brasil", "Jeanine Áñez", sentence(t, 2))],
        tolls=[
            DeathToll(
                country="BO",
                count=9,
                span=span(t, "nueve"),
                evidence=sentence(t, 1),
                as_of="2019-11-15",
                scope="protesters killed in Sacaba",
            )
        ],
    )


def test_store_scenario(store: SQLStore) -> None:
    # -- schema: upgrading again is harmless ------------------------------------------
    store.upgrade()
    store.upgrade()
    assert store.schema_revision() == "0009"
    store.check_schema()
    assert store.stats()["documents"] == 0

    # -- documents ----------------------------------------------------------------------
    add_documents(store)
    duplicate = IngestedDocument(text=TEXT_ES, source_kind="txt", source="again.txt")
    assert store.add_document(duplicate, doc_id="doc-other", sha256="sha-es") is False
    assert store.add_document(duplicate, doc_id="doc-es", sha256="sha-new") is False
    with pytest.raises(ValueError, match="syndicated_of 'doc-zz' is not a stored document"):
        store.add_document(duplicate, doc_id="doc-new", sha256="sha-new", syndicated_of="doc-zz")
    assert store.find_document_by_sha("sha-es") == "doc-es"
    assert store.find_document_by_sha("nope") is None

    doc = store.get_document("doc-es")
    assert doc is not None
    assert doc.text == TEXT_ES
    assert doc.length == len(TEXT_ES)
    assert doc.title == "Jeanine Áñez asume la presidencia"
    assert (doc.published, doc.published_precision) == ("2019-11-16", "day")
    assert doc.retrieved_at == datetime(2024, 3, 1, 12, 30, tzinfo=UTC)
    assert doc.ingested_at.tzinfo is not None
    assert doc.raw_sha256 == hashlib.sha256(RAW_ES).hexdigest()
    assert doc.page_starts == [0, 87]
    assert (doc.syndicated_of, doc.syndication_similarity) == (None, None)
    assert store.get_document("missing") is None
    copy = store.get_document("doc-en2")
    assert copy is not None
    assert (copy.syndicated_of, copy.syndication_similarity) == ("doc-en", 0.93)

    listed = store.list_documents()
    assert [d.id for d in listed] == ["doc-es", "doc-en", "doc-en2"]
    assert all(d.text is None for d in listed)
    assert [d.id for d in store.list_documents(language="en")] == ["doc-en", "doc-en2"]
    assert [d.id for d in store.list_documents(limit=1, offset=1)] == ["doc-en"]
    assert [d.id for d in store.list_documents(source_kind="html")] == ["doc-es"]
    assert store.match_document_ids("doc-en") == ["doc-en", "doc-en2"]
    assert store.match_document_ids("doc_") == []
    assert list(store.iter_minhashes()) == [("doc-en", b"\x01\x02")]

    # -- search: accent- and case-insensitive, safe with any input ------------------------
    def found(query: str, language: str | None = None) -> set[str]:
        return {hit.document_id for hit in store.search(query, language=language)}

    everything = {"doc-es", "doc-en", "doc-en2"}
    assert found("Anez") == everything
    assert found("áñez") == everything
    assert found("ANEZ") == everything
    assert found("policia") == {"doc-es"}
    assert found("POLICÍA mato") == {"doc-es"}
    assert found("Anez", language="es") == {"doc-es"}
    assert found("Anez wire") == {"doc-en2"}
    assert found('"asumió la presidencia"') == {"doc-es"}
    assert found('"presidencia la asumió"') == set()
    assert found("manifest*") == {"doc-es"}
    assert found("zapatero") == set()
    for nasty in ['"Áñez', "(Anez)", "Anez)", "Anez:"]:
        assert found(nasty) == everything, nasty
    for nasty in ["AND (", "NEAR(", "*", '"', "'", "-", "title:x", "a OR", "^", ""]:
        store.search(nasty)  # must not raise
    assert store.search("") == []
    hit = store.search("sacaba manifestantes")[0]
    assert hit.document_id == "doc-es"
    assert hit.title == "Jeanine Áñez asume la presidencia"
    assert hit.language == "es"
    assert hit.published == "2019-11-16"
    assert "Sacaba" in hit.snippet
    assert "\n" not in hit.snippet
    assert "Áñez" in store.search("anez", language="es")[0].snippet

    # -- extraction ---------------------------------------------------------------------
    pending = list(store.documents_to_extract("rules", "1"))
    assert [d.id for d in pending] == ["doc-en", "doc-en2", "doc-es"]
    assert pending[2] == DocumentInput("doc-es", TEXT_ES, "es", "2019-11-16")
    assert [d.id for d in store.documents_to_extract("rules", "1", limit=2)] == [
        "doc-en",
        "doc-en2",
    ]

    assert store.save_extraction(extraction_es()) == 24
    assert store.save_extraction(extraction_es()) == 0  # deterministic ids: nothing new
    assert [d.id for d in store.documents_to_extract("rules", "1")] == ["doc-en", "doc-en2"]
    assert len(list(store.documents_to_extract("rules", "2"))) == 3

    claims = store.claims_for_document("doc-es")
    assert len(claims) == 24
    for claim in claims:
        assert claim.quote == TEXT_ES[claim.start : claim.end]
        assert (claim.extractor, claim.extractor_version) == ("rules", "1")
        assert claim.created_at.tzinfo is not None
    by_prop = {(c.subject_type, c.property): c for c in claims}
    assert by_prop[("event", "date")].value in (
        {"value": "2019-11-12", "precision": "day", "end": None},
        {"value": "2019-11-15", "precision": "day", "end": None},
    )
    fatalities = by_prop[("event", "fatalities")]
    assert (fatalities.value, fatalities.quote) == (9, "nueve")
    place = by_prop[("event", "place")]
    assert place.value == {
        "name": "Sacaba",
        "geonames_id": 3906209,
        "lat": -17.4,
        "lon": -66.04,
        "admin1": "Cochabamba",
        "country": "BO",
        "precision": "place",
    }
    assert by_prop[("relation", "relation")].value == {
        "type": "recognizes",
        "source": "Brasil",
        "target": "Jeanine Áñez",
    }
    assert by_prop[("relation", "relation")].quote == "Brasil reconoció al gobierno de Áñez."
    assert sorted(
        (c.value["name"], c.value["role"], c.quote) for c in claims if c.property == "actor"
    ) == [("Jeanine Áñez", "agent", "Jeanine Áñez"), ("Policía Boliviana", "agent", "policía")]
    name_quotes = sorted(c.quote for c in claims if c.property == "name")
    assert name_quotes == ["Brasil", "Jeanine Áñez", "Sacaba", "policía", "Áñez"]
    toll_claims = {c.property: c.value for c in claims if c.subject_type == "toll"}
    assert toll_claims == {
        "count": 9,
        "country": "BO",
        "as_of": "2019-11-15",
        "scope": "protesters killed in Sacaba",
    }

    # The same person without accents, in another document, is the same actor.
    t = TEXT_EN
    anez_en = Extraction(
        "doc-en",
        "rules",
        "1",
        "en",
        entities=[Entity("Jeanine Anez", "person", [mention(t, "Jeanine Anez")])],
    )
    assert store.save_extraction(anez_en) == 2
    with store.engine.connect() as conn:
        people = conn.execute(sa.text("SELECT name, kind FROM actors WHERE kind = 'person'")).all()
        aliases = conn.execute(
            sa.text("SELECT alias FROM actor_aliases WHERE normalized = 'jeanine anez'")
        ).scalars()
        assert sorted(aliases) == ["Jeanine Anez", "Jeanine Áñez"]
        relation = conn.execute(
            sa.text("SELECT source_actor_id, target_actor_id FROM relations")
        ).one()
    assert [tuple(p) for p in people] == [("Jeanine Áñez", "person")]
    assert all(relation)

    # Bad input is refused whole, with the document and span named.
    bad = Extraction(
        "doc-en",
        "rules",
        "2",
        "en",
        entities=[Entity("OAS", "organization", [mention(t, "OAS")])],
        events=[Event("other", Span(10, 9999), Span(10, 12))],
    )
    with pytest.raises(ValueError, match=r"document 'doc-en': span \[10, 9999\)"):
        store.save_extraction(bad)
    with pytest.raises(ValueError, match="unknown document 'nope'"):
        store.save_extraction(Extraction("nope", "rules", "1", "en"))
    assert store.stats()["actors"] == 4  # nothing of the refused extraction was written

    # -- review ---------------------------------------------------------------------------
    assert store.add_review(fatalities.id, "accept", "ana") == fatalities.id
    edited = store.add_review(
        fatalities.id, "edit", "luis", comment="the toll was revised", new_value=10
    )
    assert edited != fatalities.id
    after = {c.id: c for c in store.claims_for_document("doc-es")}
    assert len(after) == 25
    old, new = after[fatalities.id], after[edited]
    assert old.value == 9  # the original claim stays
    assert (new.value, new.corrects, new.author) == (10, fatalities.id, "luis")
    assert (new.start, new.end, new.quote) == (old.start, old.end, "nueve")
    assert (new.subject_id, new.property) == (old.subject_id, "fatalities")
    assert [(r["decision"], r["reviewer"], r["new_claim_id"]) for r in old.reviews] == [
        ("accept", "ana", None),
        ("edit", "luis", edited),
    ]
    assert old.reviews[1]["comment"] == "the toll was revised"
    with pytest.raises(ValueError, match="unknown claim 'c-missing'"):
        store.add_review("c-missing", "accept", "ana")
    with pytest.raises(ValueError, match="an edit needs new_value"):
        store.add_review(fatalities.id, "edit", "ana")
    with pytest.raises(ValueError, match="unknown decision"):
        store.add_review(fatalities.id, "maybe", "ana")  # type: ignore[arg-type]

    # -- judgements -----------------------------------------------------------------------
    first = store.add_judgement("actor", "a-1", "a-2", "same", "ana")
    second = store.add_judgement(
        "event", "e-1", "e-2", "not_same", "resolver", machine=True, comment="dates differ"
    )
    assert second == first + 1
    with pytest.raises(ValueError, match="unknown judgement"):
        store.add_judgement("actor", "a-1", "a-2", "maybe", "ana")  # type: ignore[arg-type]

    # -- evidence cannot be edited, decisions cannot be undone -------------------------------
    refused = [
        ("UPDATE documents SET text = 'rewritten' WHERE id = 'doc-es'", "evidence"),
        ("UPDATE documents SET sha256 = 'other' WHERE id = 'doc-es'", "evidence"),
        ("UPDATE documents SET id = 'doc-xx' WHERE id = 'doc-en2'", "evidence"),
        ("UPDATE claims SET quote = 'x'", "claims never change"),
        ('UPDATE claims SET "start" = 0', "claims never change"),
        ('UPDATE claims SET "end" = "end" + 1', "claims never change"),
        ("UPDATE claims SET document_id = 'doc-en'", "claims never change"),
        ("UPDATE claims SET value = '11'", "claims never change"),
        ("UPDATE claims SET property = 'injured'", "claims never change"),
        ("UPDATE review_decisions SET decision = 'reject'", "append-only"),
        ("DELETE FROM review_decisions", "append-only"),
        ("UPDATE judgements SET judgement = 'unsure'", "append-only"),
        ("DELETE FROM judgements", "append-only"),
    ]
    for statement, message in refused:
        with pytest.raises(sa.exc.IntegrityError, match=message), store.engine.begin() as conn:
            conn.execute(sa.text(statement))
    # Metadata may be corrected, and search follows it.
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE documents SET title = 'Zapatero' WHERE id = 'doc-en2'"))
        conn.execute(sa.text("UPDATE claims SET confidence = 0.5 WHERE id = :id"), {"id": edited})
    assert found("zapatero") == {"doc-en2"}
    assert store.get_document("doc-es").text == TEXT_ES  # type: ignore[union-attr]

    # -- counts ---------------------------------------------------------------------------
    assert store.stats() == {
        "documents": 3,
        "blobs": 1,
        "actors": 4,
        "actor_aliases": 7,
        "events": 2,
        "relations": 1,
        "death_tolls": 1,
        "claims": 27,
        "reviews": 2,
        "judgements": 2,
        "extraction_runs": 2,
        "syndicated": 1,
        "documents_en": 2,
        "documents_es": 1,
    }
