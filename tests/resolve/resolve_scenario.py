"""A store holding the test articles with hand-built extractions (no models): five reports
of the Juliaca killings (one a syndicated copy) and three spellings of Jeanine Áñez."""

from __future__ import annotations

import hashlib
import re

from resolve_articles import JULIACA

from veeduria.store.sql import SQLStore
from veeduria.types import (
    Entity,
    Event,
    Extraction,
    IngestedDocument,
    Mention,
    Place,
    Span,
    ValueSpan,
)

EXTRACTOR = "rules"

# name -> (language, published, the killing sentence's key phrase, the figure's words, figure)
JULIACA_FACTS = {
    "en_wire.txt": ("en", "2023-01-10", "Security forces killed", "17", 17),
    "en_wire_copy.txt": ("en", "2023-01-10", "Security forces killed", "17", 17),
    "en_daily.txt": ("en", "2023-01-11", "Eighteen people were killed", "Eighteen", 18),
    "es_radio.txt": ("es", "2023-01-10", "Diecisiete civiles murieron", "Diecisiete", 17),
    "es_diario.txt": ("es", "2023-01-11", "Dieciocho personas murieron", "Dieciocho", 18),
}

ANEZ_TEXTS = {
    "es_anez.txt": (
        "es",
        "2019-11-13",
        "La senadora Jeanine Áñez se proclamó presidenta interina de Bolivia el martes.",
        "Jeanine Áñez",
    ),
    "en_anez.txt": (
        "en",
        "2019-11-15",
        "Añez said on Friday that she would call elections.",
        "Añez",
    ),
    "en_anez2.txt": ("en", "2019-11-20", "Critics of Áñez marched in El Alto on Tuesday.", "Áñez"),
}


def doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start, start + len(phrase))


def _sentence(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    end = re.search(r"\.(\s|$)", text[start:])
    assert end is not None
    return Span(start, start + end.start() + 1)


def add_doc(
    store: SQLStore, name: str, text: str, language: str, published: str, of: str | None = None
) -> str:
    did = doc_id(text)
    doc = IngestedDocument(
        text=text, source_kind="txt", source=name, language=language, published=published
    )
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    store.add_document(doc, doc_id=did, sha256=sha, syndicated_of=of)
    return did


def juliaca_extraction(name: str, version: str = "1") -> Extraction:
    text = JULIACA[name]
    language, _, phrase, words, figure = JULIACA_FACTS[name]
    did = doc_id(text)
    evidence = _sentence(text, phrase)
    juliaca = _span(text, "Juliaca")
    entities = [Entity("Juliaca", "place", [Mention(juliaca.start, juliaca.end, "Juliaca")], "PE")]
    if "Boluarte" in text:
        b = _span(text, "Dina Boluarte")
        entities.append(
            Entity("Dina Boluarte", "person", [Mention(b.start, b.end, "Dina Boluarte")], "PE")
        )
    event = Event(
        type="repression_killing",
        evidence=evidence,
        trigger=_span(text, phrase.split()[-1]),
        date=ValueSpan("2023-01-09", _span(text, "lunes" if language == "es" else "Monday"), "day"),
        country="PE",
        place=Place("Juliaca", juliaca, admin1="Puno", country="PE", precision="place"),
        fatalities=ValueSpan(figure, _span(text, words)),
    )
    return Extraction(did, EXTRACTOR, version, language, entities=entities, events=[event])


def anez_extraction(name: str, version: str = "1") -> Extraction:
    language, _, text, surface = ANEZ_TEXTS[name]
    s = _span(text, surface)
    entity = Entity(surface, "person", [Mention(s.start, s.end, surface)], None)
    return Extraction(doc_id(text), EXTRACTOR, version, language, entities=[entity])


def build(store: SQLStore) -> dict[str, str]:
    """Store the documents and their version-1 extractions; returns document ids by name."""
    ids: dict[str, str] = {}
    for name in (
        "en_wire.txt",
        "en_wire_copy.txt",
        "en_daily.txt",
        "es_radio.txt",
        "es_diario.txt",
    ):
        language, published, *_ = JULIACA_FACTS[name]
        of = ids["en_wire.txt"] if name == "en_wire_copy.txt" else None
        ids[name] = add_doc(store, name, JULIACA[name], language, published, of)
        store.save_extraction(juliaca_extraction(name))
    for name, (language, published, text, _) in ANEZ_TEXTS.items():
        ids[name] = add_doc(store, name, text, language, published)
        store.save_extraction(anez_extraction(name))
    return ids


def reextract(store: SQLStore, version: str) -> None:
    """Save every extraction again under another extractor version (a re-extraction)."""
    for name in JULIACA_FACTS:
        store.save_extraction(juliaca_extraction(name, version))
    for name in ANEZ_TEXTS:
        store.save_extraction(anez_extraction(name, version))
