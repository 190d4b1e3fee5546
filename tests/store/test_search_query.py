"""User search queries become plain words, phrases and prefixes; nothing is an operator."""

from __future__ import annotations

import pytest

from veeduria.store.search import Term, _fts5_query, parse_query


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Anez", [Term("Anez")]),
        ("  Jeanine   Áñez ", [Term("Jeanine"), Term("Áñez")]),
        (
            '"asumió la presidencia" Bolivia',
            [Term("asumió la presidencia", phrase=True), Term("Bolivia")],
        ),
        ('"Áñez', [Term("Áñez")]),
        ('"Áñez"', [Term("Áñez")]),
        ("Boluart*", [Term("Boluart", prefix=True)]),
        ("AND (", [Term("AND")]),
        ("A\u0301n\u0303ez", [Term("Áñez")]),
        ("* - ( ) \" ' ^", []),
        ("", []),
    ],
)
def test_parse_query(query: str, terms: list[Term]) -> None:
    assert parse_query(query) == terms


def test_fts5_query_quotes_every_term() -> None:
    terms = parse_query('NEAR(a b) "x y" c"d pre*')
    assert _fts5_query(terms) == '"NEAR(a" "b)" "x y" "cd" "pre"*'
