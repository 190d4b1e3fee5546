"""Death tolls: cumulative counts become a DeathToll and a death_toll_update event."""

from __future__ import annotations

import pytest

from veeduria.nlp.extractor import extract
from veeduria.types import DocumentInput, Extraction

pytestmark = pytest.mark.slow


def _x(text: str, lang: str = "en", published: str | None = "2024-03-08") -> Extraction:
    return extract(DocumentInput("t", text, lang, published))


def test_toll_and_update_event_share_country_and_date() -> None:
    ex = _x(
        "LA PAZ, March 8 - Bolivia's human rights ombudsman said on Wednesday that 23 people "
        "had been killed since the protests against the government began in February."
    )
    assert [(t.count, t.as_of, t.country) for t in ex.tolls] == [(23, "2024-03-06", "BO")]
    upd = [e for e in ex.events if e.type == "death_toll_update"]
    assert len(upd) == 1
    assert upd[0].date is not None and upd[0].date.value == "2024-03-06"
    assert upd[0].country == "BO"
    # A cumulative count is not an incident.
    assert not [e for e in ex.events if e.type == "repression_killing"]


def test_spanish_toll_in_all_the_country() -> None:
    ex = _x(
        "Lima, 8 de marzo.- La Defensoría del Pueblo del Perú elevó el jueves a 31 el número de "
        "muertos en todo el país desde el inicio de las protestas contra el Gobierno.",
        lang="es",
    )
    assert [(t.count, t.as_of, t.country) for t in ex.tolls] == [(31, "2024-03-07", "PE")]


def test_series_of_tolls_keeps_each_figure_with_its_date() -> None:
    ex = _x(
        "Lima, 8 de marzo.- La Defensoría del Pueblo del Perú informó este viernes que 40 "
        "personas han muerto en el marco de las protestas contra el Gobierno. La cifra era de "
        "35 el 1 de marzo.",
        lang="es",
    )
    assert sorted((t.count, t.as_of) for t in ex.tolls) == [(35, "2024-03-01"), (40, "2024-03-08")]


def test_per_incident_count_is_not_a_toll() -> None:
    ex = _x(
        "Soldiers shot dead four protesters at a roadblock near Oruro, Bolivia, on Tuesday, "
        "and the government blamed the opposition."
    )
    assert ex.tolls == []
    kill = [e for e in ex.events if e.type == "repression_killing"]
    assert kill and kill[0].fatalities is not None and kill[0].fatalities.value == 4


def test_so_far_is_valid_as_of_publication() -> None:
    ex = _x(
        "Over 30 protesters have been killed so far in Peru by police and soldiers, and the "
        "government refuses to resign."
    )
    assert [(t.count, t.as_of) for t in ex.tolls] == [(30, "2024-03-08")]


def test_breakdowns_are_not_tolls() -> None:
    ex = _x(
        "Peru's ombudsman said on Thursday that 20 people had died in the protests, including "
        "two police officers and three people who died in road accidents."
    )
    assert [t.count for t in ex.tolls] == [20]
