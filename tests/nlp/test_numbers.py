"""Numbers, vague quantities and casualty attachment, English and Spanish."""

from __future__ import annotations

import pytest

from veeduria.nlp.numbers import find_casualties, find_quantities, parse_number


@pytest.mark.parametrize(
    ("s", "lang", "value"),
    [
        ("17", "en", 17),
        ("1,200", "en", 1200),
        ("1.200", "es", 1200),
        ("1 200", "es", 1200),
        ("12,500", "en", 12500),
        ("2.5 million", "en", 2_500_000),
        ("seventeen", "en", 17),
        ("Seventeen", "en", 17),
        ("twenty-one", "en", 21),
        ("two hundred", "en", 200),
        ("two hundred and forty", "en", 240),
        ("three thousand", "en", 3000),
        ("a dozen", "en", 12),
        ("diecisiete", "es", 17),
        ("dieciséis", "es", 16),
        ("veintiún", "es", 21),
        ("veintidós", "es", 22),
        ("cuarenta y siete", "es", 47),
        ("doscientos cincuenta", "es", 250),
        ("ciento veinte", "es", 120),
        ("dos mil", "es", 2000),
        ("una docena", "es", 12),
        # ACLED vague quantities
        ("tens", "en", 10),
        ("decenas", "es", 10),
        ("dozens", "en", 12),
        ("docenas", "es", 12),
        ("hundreds", "en", 100),
        ("cientos", "es", 100),
        ("centenares", "es", 100),
        ("un centenar", "es", 100),
        ("thousands", "en", 1000),
        ("miles", "es", 1000),
        # qualified numbers are the number
        ("more than 50", "en", 50),
        ("over 50", "en", 50),
        ("at least 17", "en", 17),
        ("nearly 50", "en", 50),
        ("más de 50", "es", 50),
        ("al menos 17", "es", 17),
        ("por lo menos diez", "es", 10),
        ("casi 50", "es", 50),
    ],
)
def test_parse_number(s: str, lang: str, value: int) -> None:
    assert parse_number(s, lang) == value


@pytest.mark.parametrize("s", ["several", "varios", "some", "many", "muchos", "", "COVID-19x"])
def test_parse_number_rejects(s: str) -> None:
    assert parse_number(s, "en") is None


def test_quantities_offsets_and_flags() -> None:
    text = "More than 300 people marched and at least twelve were detained; dozens fled."
    qs = find_quantities(text, "en")
    assert [(text[q.start : q.end], q.value, q.approx, q.vague) for q in qs] == [
        ("More than 300", 300, True, False),
        ("at least twelve", 12, True, False),
        ("dozens", 12, True, True),
    ]
    assert qs[0].qualifier == "more than" and text[qs[0].number_start : qs[0].end] == "300"


def test_quantities_spanish() -> None:
    text = "Unas 1.500 personas marcharon; decenas de heridos y cuarenta y siete detenidos."
    qs = find_quantities(text, "es")
    assert [(text[q.start : q.end], q.value) for q in qs] == [
        ("Unas 1.500", 1500),
        ("decenas", 10),
        ("cuarenta y siete", 47),
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A 17-year-old girl was among them.", "en"),
        ("La joven de 17 años de edad.", "es"),
        ("The 1954 coup ousted him.", "en"),
        ("It happened on January 9.", "en"),
        ("Ocurrió el 9 de enero.", "es"),
        ("The project costs $1954 million.", "en"),
        ("He won 55% of the vote.", "en"),
        ("Obtuvo el 55,10 % de los votos.", "es"),
        ("He had COVID-19.", "en"),
        ("Polls closed at 5 p.m.", "en"),
        ("Law 406 renewed the contract.", "en"),
        ("La Ley 1234 fue aprobada.", "es"),
        ("under Article 117 of the constitution", "en"),
        ("Bulletin No. 4", "en"),
        ("Un incendio destruyó la casa.", "es"),
    ],
)
def test_quantities_ignore_non_counts(text: str, lang: str) -> None:
    assert find_quantities(text, lang) == []


def cas(text: str, lang: str) -> list[tuple[str, int, str | None]]:
    return [(c.kind, c.value, c.head) for c in find_casualties(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("17 people were killed near the bridge.", "en", [("killed", 17, "people")]),
        ("Troops opened fire, killing 17.", "en", [("killed", 17, None)]),
        ("At least 17 dead after the raid.", "en", [("killed", 17, None)]),
        ("The death toll rose to 54.", "en", [("killed", 54, None)]),
        (
            "Nine protesters died and more than 100 were injured.",
            "en",
            [("killed", 9, "protesters"), ("injured", 100, None)],
        ),
        ("Dozens more were wounded.", "en", [("injured", 12, None)]),
        ("Soldiers shot dead two farmers.", "en", [("killed", 2, "farmers")]),
        (
            "A police officer, Juan Pérez, died in the fire.",
            "en",
            [("killed", 1, "police officer")],
        ),
        ("Police killed another protester on the highway.", "en", [("killed", 1, "protester")]),
        ("Se confirmó la muerte de 17 personas.", "es", [("killed", 17, "personas")]),
        ("Hubo 17 muertos en la plaza.", "es", [("killed", 17, None)]),
        ("El choque dejó 18 fallecidos.", "es", [("killed", 18, None)]),
        ("El saldo de muertos ascendió a 47.", "es", [("killed", 47, None)]),
        ("Un centenar de heridos llegó al hospital.", "es", [("injured", 100, None)]),
        ("Murieron diez personas en el puente.", "es", [("killed", 10, "personas")]),
        (
            "Al menos 12 manifestantes murieron y decenas resultaron heridos.",
            "es",
            [("killed", 12, "manifestantes"), ("injured", 10, None)],
        ),
        (
            "20 personas, 19 civiles y un policía, han muerto.",
            "es",
            [("killed", 20, "personas"), ("killed", 19, "civiles"), ("killed", 1, "policía")],
        ),
        (
            "Ocho hombres que fueron heridos a balazos demandaron a la empresa.",
            "es",
            [("injured", 8, "hombres")],
        ),
        (
            "Twelve people were killed in the region, five of them on the same day.",
            "en",
            [("killed", 12, "people"), ("killed", 5, "people")],
        ),
    ],
)
def test_casualties(text: str, lang: str, expected: list[tuple[str, int, str | None]]) -> None:
    assert cas(text, lang) == expected


def test_casualties_keep_the_police_apart() -> None:
    text = "Eleven civilians and one police officer were killed."
    heads = {c.head: c.value for c in find_casualties(text, "en")}
    assert heads == {"civilians": 11, "police officer": 1}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("193 people were detained at the university.", "en"),
        ("111 deputies voted against his return.", "en"),
        ("A 17-year-old was killed.", "en"),
        ("Medics helped the wounded near the airport.", "en"),
        ("The mine employs 2,000 workers.", "en"),
        ("Unas 1.500 personas marcharon el jueves.", "es"),
        ("Obtuvo el 55 % de los votos tras la muerte del dictador.", "es"),
        ("Several people were injured.", "en"),
        ("Varios manifestantes resultaron heridos.", "es"),
    ],
)
def test_not_casualties(text: str, lang: str) -> None:
    assert find_casualties(text, lang) == []


def test_casualty_offsets_and_toll_flags() -> None:
    doc = "Intro sentence. The death toll has risen to 58 since December."
    start = doc.index("The")
    (c,) = find_casualties(doc[start:], "en", offset=start)
    assert doc[c.start : c.end] == "58" and c.toll_like and not c.weak
    assert doc[c.trigger_start : c.trigger_end].lower().startswith("death toll")
    (w,) = find_casualties("On Tuesday it put the overall figure at 47.", "en")
    assert (w.value, w.weak) == (47, True)
