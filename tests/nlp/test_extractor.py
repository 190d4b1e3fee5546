"""extract(): a pure, deterministic function whose every quote slices back into the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veeduria.nlp.extractor import EXTRACTOR_NAME, EXTRACTOR_VERSION, extract
from veeduria.types import DocumentInput, Extraction

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev.jsonl"

pytestmark = pytest.mark.slow

SAMPLE = DocumentInput(
    "s1",
    "QUITO, March 8 - Police arrested 12 protesters on Tuesday during a march against the "
    "mining law in Quito, Ecuador. The government declared a state of emergency on "
    "Wednesday.\nThe ombudsman said 3 people had died in the protests so far.",
    "en",
    "2024-03-08",
)


def _dev_docs() -> list[DocumentInput]:
    if not DEV.exists():
        pytest.skip(f"dev set not found at {DEV} (shared/ is absent)")
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    return [DocumentInput(r["id"], r["text"], r["lang"], r["published"]) for r in rows]


def _check_quotes(doc: DocumentInput, ex: Extraction) -> None:
    text = doc.text
    n = len(text)
    for ev in ex.events:
        for span in (ev.evidence, ev.trigger):
            assert 0 <= span.start < span.end <= n, (doc.id, ev.type)
        assert ev.trigger.start >= ev.evidence.start or ev.type == "death_toll_update"
        if ev.date is not None:
            assert 0 <= ev.date.span.start < ev.date.span.end <= n
        for a in ev.actors:
            if a.span is not None:
                assert 0 <= a.span.start < a.span.end <= n
    for t in ex.tolls:
        assert 0 <= t.span.start < t.span.end <= n
        assert 0 <= t.evidence.start < t.evidence.end <= n
    for r in ex.relations:
        assert 0 <= r.evidence.start < r.evidence.end <= n
    for ent in ex.entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text, (doc.id, ent.name)


def test_identity() -> None:
    ex = extract(SAMPLE)
    assert ex.extractor == EXTRACTOR_NAME == "veeduria-rules"
    assert ex.version == EXTRACTOR_VERSION
    assert ex.document_id == "s1"
    assert ex.language == "en"


def test_deterministic_and_pure() -> None:
    first = extract(SAMPLE)
    # Another document in between must not change the result (no state carried over).
    extract(DocumentInput("other", "Bolivia's army ousted the president on Sunday.", "en", None))
    second = extract(SAMPLE)
    assert first == second
    assert first.events, "the sample reports events"


def test_empty_text() -> None:
    ex = extract(DocumentInput("e", "   ", "es", None))
    assert ex.events == [] and ex.tolls == [] and ex.entities == []


def test_every_quote_slices_back_over_dev() -> None:
    for doc in _dev_docs():
        ex = extract(doc)
        _check_quotes(doc, ex)


def test_distractors_in_dev_have_no_events() -> None:
    ids = {"d033", "d034", "d035", "d036"}
    for doc in _dev_docs():
        if doc.id in ids:
            assert extract(doc).events == [], doc.id


def test_relations_recognizes_and_operates() -> None:
    text = (
        "LA PAZ, March 8 - The army forced Bolivia's president to resign on Monday. Brazil "
        "recognized the new government on Tuesday.\n"
        "Protesters blocked the road to the San Cristóbal mine, which is operated by Sumitomo "
        "Corporation, on Wednesday."
    )
    ex = extract(DocumentInput("r", text, "en", "2024-03-08"))
    rels = {(r.type, r.source, r.target) for r in ex.relations}
    assert ("recognizes", "Brazil", "Gobierno de Bolivia") in rels
    for r in ex.relations:
        assert 0 <= r.evidence.start < r.evidence.end <= len(text)
