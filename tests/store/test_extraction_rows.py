"""Extraction -> rows, without a database: ids, quotes and refusals."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from veeduria.store.extraction import extraction_rows
from veeduria.store.ids import make_id, name_key
from veeduria.types import Entity, Event, EventActor, Extraction, Mention, Span

TEXT = "Brasil y Argentina reconocieron al gobierno de Áñez."
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def recognition(country: str) -> Event:
    start = TEXT.index(country)
    return Event(
        "diplomatic_recognition",
        Span(0, len(TEXT)),
        Span(19, 31),
        actors=[EventActor(country, "agent", Span(start, start + len(country)))],
    )


def test_two_events_in_one_sentence_keep_apart() -> None:
    x = Extraction(
        "d1", "rules", "1", "es", events=[recognition("Brasil"), recognition("Argentina")]
    )
    rows = extraction_rows(x, TEXT, NOW)
    assert len({e["id"] for e in rows.events}) == 2
    assert [c["quote"] for c in rows.claims if c["property"] == "actor"] == ["Brasil", "Argentina"]


def test_identical_items_get_ordinal_ids_and_rerun_gives_the_same() -> None:
    same = recognition("Brasil")
    x = Extraction("d1", "rules", "1", "es", events=[same, same])
    first = [e["id"] for e in extraction_rows(x, TEXT, NOW).events]
    assert first[1] == first[0] + ".1"
    assert [e["id"] for e in extraction_rows(x, TEXT, NOW).events] == first


def test_actor_ids_fold_accents_and_case() -> None:
    assert name_key("  Jeanine   ÁÑEZ ") == "jeanine anez"
    x = Extraction("d1", "rules", "1", "es", entities=[Entity("Jeanine Añez", "person")])
    [actor] = extraction_rows(x, TEXT, NOW).actors
    assert actor["id"] == make_id("a", "person", "jeanine anez")


@pytest.mark.parametrize("bad", [Span(-1, 3), Span(5, 5), Span(40, 999)])
def test_spans_out_of_range_are_refused(bad: Span) -> None:
    entity = Entity("Áñez", "person", [Mention(bad.start, bad.end, "Áñez")])
    x = Extraction("d1", "rules", "1", "es", entities=[entity])
    with pytest.raises(ValueError, match=rf"document 'd1': span \[{bad.start}, {bad.end}\)"):
        extraction_rows(x, TEXT, NOW)
