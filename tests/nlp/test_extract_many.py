"""extract_many() gives what extract() gives, document by document; run_extraction's batched
path (in-process and in worker processes) stores the same claims."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from veeduria.nlp.entities import _rule_candidates
from veeduria.nlp.extractor import extract, extract_many
from veeduria.nlp.gazetteer import get_gazetteer
from veeduria.nlp.pipeline import parse, parse_many
from veeduria.types import DocumentInput

DOCS = [
    DocumentInput(
        "a",
        "QUITO, March 8 - Police arrested 12 protesters on Tuesday in Quito, Ecuador.\n\n"
        "The government declared a state of emergency on Wednesday.",
        "en",
        "2024-03-08",
    ),
    DocumentInput(
        "b",
        "La Policía Nacional del Perú detuvo a 20 manifestantes en Lima el lunes.\n"
        "La Defensoría del Pueblo informó que dos personas murieron en Juliaca.",
        "es",
        "2023-01-10",
    ),
    DocumentInput("c", "   \n  ", "en", None),
    DocumentInput(
        "d",
        "Bolivian police fired tear gas at protesters in La Paz on Monday, witnesses said.",
        None,
        "2019-11-12",
    ),
]


@pytest.mark.slow
def test_extract_many_equals_extract() -> None:
    many = extract_many(DOCS)
    assert [dataclasses.asdict(x) for x in many] == [dataclasses.asdict(extract(d)) for d in DOCS]


@pytest.mark.slow
def test_parse_many_equals_parse() -> None:
    texts = [d.text for d in DOCS if d.language == "en"]
    for one, many in zip((parse(t, "en") for t in texts), parse_many(texts, "en"), strict=True):
        assert [(s.start, s.end, s.text, [e.text for e in s.doc.ents]) for s in one] == [
            (s.start, s.end, s.text, [e.text for e in s.doc.ents]) for s in many
        ]


def test_rule_candidates_are_linear_on_one_long_word() -> None:
    """A 5,000-letter capitalized word used to take seconds in the name regexes; `_find`
    tries each word once and finds what `finditer` finds (no timing asserted)."""
    from veeduria.nlp.entities import _CAP1_LED, _Doc, _find

    for word in ("A" * 5000, "Ab" * 2500):
        text = word + " government and the Pérez Molina administration, Jorge Chávez airport"
        d = _Doc(text=text, lang="en", gz=get_gazetteer())
        _rule_candidates(d, [])
        assert all("\n" not in text[c.start : c.end] for c in d.cands)
    text = "pro-Morales government; lowerCase regime; the Áñez's administration; Tía María mine"
    for rx in _CAP1_LED:
        assert [m.span() for m in _find(rx, text)] == [m.span() for m in rx.finditer(text)]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_run_extraction_batched_stores_every_document(tmp_path: Path, workers: int) -> None:
    from veeduria.ingest.normalize import document_id, text_sha256
    from veeduria.nlp.run import run_extraction
    from veeduria.store import open_store
    from veeduria.types import IngestedDocument

    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    store.upgrade()
    expected = 0
    for i, d in enumerate(DOCS):
        sha = text_sha256(d.text)
        store.add_document(
            IngestedDocument(text=d.text, source_kind="txt", source=f"t{i}", language=d.language),
            doc_id=document_id(sha),
            sha256=sha,
        )
    report = run_extraction(store, workers=workers)
    assert report.documents == len(DOCS) and not report.failed
    for d in DOCS:
        doc_id = document_id(text_sha256(d.text))
        expected += len(store.claims_for_document(doc_id))
    assert report.claims == expected > 0
    assert run_extraction(store, workers=workers).documents == 0  # nothing left to do
    store.close()
