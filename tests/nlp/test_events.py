"""Event triggers and arguments, on texts written for these tests (not dev texts).

Each event type has at least one positive; the key negatives are negation, calls for
something, hypotheticals and distractor-style sentences that share words with the domain.
"""

from __future__ import annotations

import pytest

from veeduria.nlp.extractor import extract
from veeduria.types import DocumentInput, Event

pytestmark = pytest.mark.slow


def _events(text: str, lang: str = "en", published: str | None = "2024-03-08") -> list[Event]:
    return extract(DocumentInput("t", text, lang, published)).events


def _types(events: list[Event]) -> list[str]:
    return sorted(e.type for e in events)


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.date and e.date.value) for e in events]
    return found[0]


# ----------------------------------------------------------------------------- positives

EN_POSITIVES = [
    (
        "regime_change",
        "Ecuador's Congress removed President Pablo Rivas from office on Tuesday after a "
        "vote of 80 to 30, and Vice President Ana Torres was sworn in.",
    ),
    (
        "protest",
        "Thousands of teachers marched through Quito on Wednesday to protest against the "
        "new mining law, and the government's police watched.",
    ),
    (
        "repression_killing",
        "Police opened fire on protesters blocking a highway near Cuenca on Monday, killing "
        "three people, according to the government's ombudsman.",
    ),
    (
        "arrest",
        "Police arrested 25 protesters on Tuesday outside the presidential palace in Quito, "
        "the government said.",
    ),
    (
        "election",
        "Voters in Ecuador chose a new president in the general election on Sunday, and the "
        "electoral council said turnout was high; the government praised the calm.",
    ),
    (
        "state_of_emergency",
        "Ecuador's government declared a 60-day state of emergency in three provinces on "
        "Monday after protests blocked roads.",
    ),
    (
        "legal_action",
        "Ecuador's Constitutional Court ruled on Tuesday that the mining concession was "
        "illegal, the government said.",
    ),
    (
        "meeting_or_convention",
        "Ecuador's mining minister, facing protests at home, met with Canadian investors in "
        "Quito on Monday to discuss new concessions, the government said.",
    ),
]


@pytest.mark.parametrize(("etype", "text"), EN_POSITIVES)
def test_english_positive(etype: str, text: str) -> None:
    ev = _one(_events(text), etype)
    assert ev.date is not None
    assert ev.country == "EC"


def test_one_recognition_per_country() -> None:
    text = (
        "LA PAZ, March 8 - Bolivia's military forced President Juan Pérez to resign on "
        "Monday and installed General Luis Soria. The United States, Brazil and Canada "
        "recognized Soria's government on Tuesday. Mexico refused to recognize him."
    )
    evs = _events(text)
    rec = [e for e in evs if e.type == "diplomatic_recognition"]
    assert len(rec) == 3
    agents = {a.name for e in rec for a in e.actors if a.role == "agent"}
    assert agents == {"United States", "Brazil", "Canada"}
    assert all(e.country == "BO" and e.date and e.date.value == "2024-03-05" for e in rec)
    st = [e for e in evs if e.type == "diplomatic_statement"]
    assert [a.name for e in st for a in e.actors if a.role == "agent"] == ["Mexico"]


def test_dates_relative_to_published() -> None:
    # Published Friday 8 March 2024: "on Monday" is 4 March, "last month" is February.
    ev = _one(
        _events("Soldiers shot dead two protesters in Oruro, Bolivia, on Monday."),
        "repression_killing",
    )
    assert ev.date is not None and ev.date.value == "2024-03-04"
    assert ev.fatalities is not None and ev.fatalities.value == 2


def test_acled_vague_numbers() -> None:
    text = (
        "Police fired on a march in Sucre, Bolivia, on Tuesday, killing dozens of people and "
        "injuring hundreds, witnesses said."
    )
    ev = _one(_events(text), "repression_killing")
    assert ev.fatalities is not None and ev.fatalities.value == 12
    assert ev.injured is not None and ev.injured.value == 100


def test_spanish_killing_and_protest() -> None:
    text = (
        "Cochabamba, 8 de marzo.- Al menos cinco manifestantes murieron el martes cuando la "
        "policía disparó contra una marcha de campesinos en Sacaba, Bolivia."
    )
    evs = _events(text, "es")
    kill = _one(evs, "repression_killing")
    assert kill.fatalities is not None and kill.fatalities.value == 5
    assert kill.date is not None and kill.date.value == "2024-03-05"
    assert kill.country == "BO"
    assert _one(evs, "protest").date is not None


@pytest.mark.parametrize(
    ("etype", "text"),
    [
        (
            "state_of_emergency",
            "El Gobierno de Bolivia declaró el lunes el estado de "
            "emergencia en La Paz por 30 días tras las protestas de la policía.",
        ),
        (
            "legal_action",
            "Un juez de Bolivia ordenó el martes seis meses de prisión preventiva "
            "contra el exministro, investigado por la policía.",
        ),
        (
            "resignation_or_appointment",
            "El ministro de Gobierno de Bolivia, Carlos Vega, "
            "renunció el miércoles tras la represión policial de las protestas.",
        ),
        (
            "election_postponed",
            "El tribunal electoral de Bolivia aplazó el lunes las "
            "elecciones generales hasta octubre por las protestas y el Gobierno lo aceptó.",
        ),
        (
            "clash",
            "Manifestantes y policías se enfrentaron el jueves en el centro de La Paz, "
            "Bolivia, durante una protesta contra el Gobierno; hubo varios heridos.",
        ),
        (
            "mining_deal_or_investment",
            "El Gobierno de Bolivia otorgó el lunes una concesión "
            "minera de litio a una empresa china, pese a las protestas de la policía.",
        ),
        (
            "mining_conflict",
            "En Bolivia, comuneros atacaron el martes el campamento de la mina "
            "San Cristóbal, en Potosí, e incendiaron vehículos de la minera; la policía intervino.",
        ),
    ],
)
def test_spanish_positive(etype: str, text: str) -> None:
    ev = _one(_events(text, "es"), etype)
    assert ev.country == "BO"
    assert ev.date is not None and str(ev.date.value).startswith("2024-03")


# ----------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        # negation
        "The government of Peru did not declare a state of emergency on Monday, and police "
        "stayed in their barracks.",
        # calls
        "Opposition leaders in Peru called for new elections and urged the president to "
        "resign, but the government refused.",
        # hypothetical
        "The minister said the army could impose a curfew in Lima if protests against the "
        "government continue.",
    ],
)
def test_negation_calls_hypotheticals(text: str) -> None:
    types = _types(_events(text))
    assert "state_of_emergency" not in types
    assert "election" not in types
    assert "resignation_or_appointment" not in types


def test_refusal_to_recognize_is_a_statement() -> None:
    text = (
        "The interim government in Honduras took power after the army ousted the president "
        "on Sunday. Venezuela refused to recognize the new government on Monday."
    )
    evs = _events(text, published="2024-03-08")
    assert "diplomatic_recognition" not in _types(evs)
    st = _one(evs, "diplomatic_statement")
    assert [a.name for a in st.actors if a.role == "agent"] == ["Venezuela"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "CUSCO, Peru - Striker Luis Morales scored in the 90th minute as Peru beat Chile 2-1 "
            "in a friendly, after a furious protest from the visitors to the referee.",
            "en",
        ),
        (
            "Receta: bata los huevos, agregue el ají y dele un golpe de licuadora antes de servir "
            "con arroz, como en Puno.",
            "es",
        ),
        (
            "Desde Juliaca, los turistas toman el tren a Puno y visitan las islas del lago "
            "Titicaca; la mejor época va de mayo a octubre.",
            "es",
        ),
        (
            "Andes Copper Corp. reported drill results of 120 m grading 0.5% Cu near Macusani, "
            "Puno, and said the program continues.",
            "en",
        ),
    ],
)
def test_distractors_have_no_events(text: str, lang: str) -> None:
    assert _events(text, lang) == []


def test_repeated_mentions_are_one_event() -> None:
    text = (
        "Police killed four protesters in Potosí, Bolivia, on Tuesday.\n"
        "The killings on Tuesday in Potosí drew condemnation from the government's critics, "
        "who said four protesters were killed by police."
    )
    evs = [e for e in _events(text) if e.type == "repression_killing"]
    assert len(evs) == 1


def test_motorist_killing_is_other() -> None:
    text = (
        "A motorist shot dead two protesters at a road blockade near Colón, Panama, on "
        "Tuesday, police said, as protests against the mining contract continued."
    )
    evs = _events(text)
    assert "repression_killing" not in _types(evs)
    other = [e for e in evs if e.type == "other"]
    assert other and other[0].fatalities is not None and other[0].fatalities.value == 2


def test_single_identified_victim() -> None:
    text = (
        "A Q'eqchi' farmer was killed on Thursday when police evicted families near a nickel "
        "plant in Izabal, Guatemala, community leaders said."
    )
    ev = _one(_events(text), "repression_killing")
    assert ev.fatalities is not None and ev.fatalities.value == 1
    assert ev.date is not None and ev.date.value == "2024-03-07"


def test_spanish_verb_of_killing() -> None:
    text = "La policía mató a tres manifestantes en Cusco el lunes, dijo el Gobierno del Perú."
    ev = _one(_events(text, "es"), "repression_killing")
    assert ev.fatalities is not None and ev.fatalities.value == 3
    assert ev.country == "PE"


def test_headline_only_paraphrase_is_dropped() -> None:
    text = (
        "Bolivian minister resigns amid protests\n\n"
        "LA PAZ, March 8 - Thousands of miners marched in La Paz, Bolivia, on Thursday against "
        "the government's new mining law, and police fired tear gas."
    )
    evs = _events(text)
    assert "resignation_or_appointment" not in _types(evs)
    assert _one(evs, "protest").date is not None


def test_coup_named_in_passing_takes_its_own_year() -> None:
    text = (
        "Honduras has been ruled by elites since the 2009 coup, the opposition said on "
        "Monday at a rally of the police union in Tegucigalpa."
    )
    ev = _one(_events(text), "regime_change")
    assert ev.date is not None and ev.date.value == "2009"
    assert ev.country == "HN"


def test_confident_other_events() -> None:
    text = (
        "Peru's president signed a decree on Tuesday that lets the army patrol highways, "
        "after weeks of protests against the government."
    )
    assert "other" in _types(_events(text))
