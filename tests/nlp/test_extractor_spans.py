"""Every span the extractor returns is non-empty and inside the text: the store refuses others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from veeduria.nlp.extractor import extract
from veeduria.types import DocumentInput, Extraction, Span

OWN_GOLD = Path(__file__).resolve().parents[2] / "eval" / "own.jsonl"


def spans(extraction: Extraction) -> Iterator[tuple[str, Span]]:
    for entity in extraction.entities:
        for m in entity.mentions:
            yield f"entity {entity.name}", Span(m.start, m.end)
    for event in extraction.events:
        yield f"{event.type} evidence", event.evidence
        yield f"{event.type} trigger", event.trigger
        for actor in event.actors:
            if actor.span is not None:
                yield f"{event.type} actor {actor.name}", actor.span
        for value in (event.date, event.fatalities, event.injured):
            if value is not None:
                yield f"{event.type} value", value.span
        if event.place is not None and event.place.span is not None:
            yield f"{event.type} place", event.place.span
    for toll in extraction.tolls:
        yield "toll", toll.span
        yield "toll evidence", toll.evidence
    for relation in extraction.relations:
        yield f"relation {relation.type}", relation.evidence


@pytest.mark.slow
def test_no_empty_or_outside_span_on_the_projects_own_gold() -> None:
    bad = []
    for line in OWN_GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"]
        extraction = extract(DocumentInput(doc["id"], text, doc["lang"], doc["published"]))
        for what, span in spans(extraction):
            if not 0 <= span.start < span.end <= len(text):
                bad.append((doc["id"], what, span))
    assert bad == []
