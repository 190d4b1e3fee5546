"""Language detection restricted to EN/ES/PT/FR."""

from __future__ import annotations

import pytest

from veeduria.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada was one of the first countries to support the Bolivian coup government.", "en"),
        (
            "El gobierno de facto reprimió las protestas en Senkata y Sacaba con armas de fuego.",
            "es",
        ),
        (
            "O governo de fato reprimiu os protestos com armas de fogo e muitas pessoas morreram.",
            "pt",
        ),
        ("Le gouvernement de facto a réprimé les manifestations avec des armes à feu.", "fr"),
        ("Hola", None),
        ("123 456 — 789", None),
        ("", None),
    ],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_detects_on_the_start_of_long_documents() -> None:
    spanish = "Las fuerzas armadas dispararon contra los manifestantes en la plaza. " * 40
    english = "The armed forces fired on the protesters in the square. " * 400
    assert detect_language(spanish + english) == "es"
