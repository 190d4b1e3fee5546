"""Entity extraction: kinds, canonical names, metonyms, linking, offsets, curated data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from veeduria.nlp.entities import EntityIndex, extract_entities, kind_from_cues
from veeduria.nlp.gazetteer import KINDS, get_gazetteer
from veeduria.nlp.names import normalize_name
from veeduria.types import Entity

DEV = Path("/work/shared/eval/dev.jsonl")
DATA = Path(__file__).resolve().parents[2] / "src" / "veeduria" / "nlp" / "data"


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def check_offsets(text: str, entities: list[Entity]) -> None:
    for e in entities:
        assert e.kind in KINDS
        assert e.mentions, e
        for m in e.mentions:
            assert text[m.start : m.end] == m.text, (e.name, m)


# ---------------------------------------------------------------- curated data (no models)


def test_actors_file_loads_with_version_and_valid_kinds() -> None:
    doc = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc["version"], int | str) and str(doc["version"])
    names = [a["name"] for a in doc["actors"]]
    assert len(names) == len(set(names)), "duplicate canonical names"
    for a in doc["actors"]:
        assert a["kind"] in KINDS, a
        assert set(a) <= {"name", "kind", "country", "aliases", "generic", "short"}, a
        if a.get("generic"):
            assert a.get("country"), f"{a['name']}: generic forms need a country"
    countries = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))
    assert countries["version"]


def test_no_alias_names_two_actors() -> None:
    gz = get_gazetteer()
    clashes = {k: v for k, v in gz.alias_index.items() if len(v) > 1}
    assert not clashes, clashes
    # a generic form names at most one body per country (guaranteed by the index shape),
    # and a surname-only form never doubles as an always-on alias of another actor
    for form, keys in gz.short_index.items():
        for key in keys:
            assert gz.actors[key].kind == "person"
        other = gz.alias_index.get(form)
        assert other is None or set(other) <= set(keys), form


def test_gazetteer_lookups() -> None:
    gz = get_gazetteer()
    assert gz.country("EE.UU.") == "US" and gz.country("Perú") == "PE"
    assert gz.country("Reino Unido") == "GB" and gz.country("Canadá") == "CA"
    assert gz.demonym("canadienses") == "CA" and gz.demonym("Peruvian") == "PE"
    assert gz.country("Peruvian") is None
    congress = gz.generic("Congreso", "PE")
    assert congress is not None and congress.name == "Congreso de la República del Perú"
    assert gz.generic("Congress", "BO").name == "Asamblea Legislativa Plurinacional"  # type: ignore[union-attr]
    gov = gz.government("CA")
    assert gov is not None and gov.name == "Government of Canada"
    assert gz.actor("OEA").name == "Organization of American States"  # type: ignore[union-attr]
    assert gz.actor("Las Bambas").kind == "place"  # type: ignore[union-attr]
    assert gz.actor("MMG").kind == "company"  # type: ignore[union-attr]


def test_kind_from_cues() -> None:
    assert kind_from_cues("Ministerio de Transportes") == "government_body"
    assert kind_from_cues("Partido Verde") == "political_party"
    assert kind_from_cues("Andes Copper Corp.") == "company"
    assert kind_from_cues("Red de Mujeres Rurales") == "organization"
    assert kind_from_cues("Juliaca") is None


# ---------------------------------------------------------------- extraction (models)


@pytest.mark.slow
def test_demonyms_are_not_countries() -> None:
    text = (
        "Peruvian and Bolivian farmers met Canadian activists. Los manifestantes peruanos y "
        "los mineros canadienses marcharon."
    )
    ents = extract_entities(text, "en")
    assert not [e for e in ents if e.kind == "country"], ents
    es = extract_entities("Los campesinos bolivianos y las empresas canadienses.", "es")
    assert not [e for e in es if e.kind == "country"], es


@pytest.mark.slow
def test_metonym_and_literal_capital() -> None:
    text = (
        "Ottawa said on Tuesday it would not comment on the vote in Lima.\n\n"
        "In Ottawa, dozens of people marched past Parliament Hill."
    )
    ents = extract_entities(text, "en")
    names = by_name(ents)
    gov = names["Government of Canada"]
    assert gov.kind == "government_body"
    assert [m.text for m in gov.mentions] == ["Ottawa"] and gov.mentions[0].start == 0
    assert names["Ottawa"].kind == "place"
    assert names["Lima"].kind == "place"
    check_offsets(text, ents)


@pytest.mark.slow
def test_spanish_metonym() -> None:
    text = "Tegucigalpa rechazó las críticas y Washington guardó silencio."
    names = by_name(extract_entities(text, "es"))
    assert names["Gobierno de Honduras"].kind == "government_body"
    assert names["Government of the United States"].kind == "government_body"


@pytest.mark.slow
def test_surname_links_to_full_name_and_titles_are_stripped() -> None:
    text = (
        "President Dina Boluarte met the farmer leader Marta Quilca Huanca on Monday. "
        "Boluarte promised a dialogue table, and Quilca said she would wait.\n"
        "La presidenta Boluarte viajó después a Cusco."
    )
    ents = extract_entities(text, "en")
    people = {e.name: e for e in ents if e.kind == "person"}
    assert set(people) == {"Dina Boluarte", "Marta Quilca Huanca"}, people
    assert [m.text for m in people["Dina Boluarte"].mentions] == [
        "Dina Boluarte",
        "Boluarte",
        "Boluarte",
    ]
    assert "Quilca" in [m.text for m in people["Marta Quilca Huanca"].mentions]
    check_offsets(text, ents)


@pytest.mark.slow
def test_surname_prefers_the_person_named_in_the_document() -> None:
    text = "El delantero Carlos Morales marcó dos goles. Morales celebró con la hinchada."
    people = [e for e in extract_entities(text, "es") if e.kind == "person"]
    assert [e.name for e in people] == ["Carlos Morales"]
    assert len(people[0].mentions) == 2


@pytest.mark.slow
def test_anez_spellings_are_one_canonical_person() -> None:
    for text, lang in [
        ("La senadora Jeanine Añez asumió la presidencia. Añez juró en La Paz.", "es"),
        ("Jeanine Anez declared herself interim president; Anez then flew to Santa Cruz.", "en"),
    ]:
        ents = extract_entities(text, lang)
        people = [e for e in ents if e.kind == "person"]
        assert [e.name for e in people] == ["Jeanine Áñez"], people
        assert len(people[0].mentions) == 2
        check_offsets(text, ents)


@pytest.mark.slow
def test_country_dependent_bodies_and_kinds() -> None:
    text = (
        "LIMA, 5 de febrero. El Congreso rechazó adelantar las elecciones, mientras la "
        "Defensoría del Pueblo informó de 58 muertos. La Policía Nacional del Perú (PNP) "
        "detuvo a 20 personas. La empresa Hudbay Minerals suspendió Constancia."
    )
    ents = extract_entities(text, "es")
    names = by_name(ents)
    assert names["Congreso de la República del Perú"].kind == "government_body"
    assert names["Defensoría del Pueblo del Perú"].kind == "government_body"
    pnp = names["Policía Nacional del Perú"]
    assert {m.text for m in pnp.mentions} == {"Policía Nacional del Perú", "PNP"}
    assert names["Hudbay Minerals"].kind == "company"
    assert names["Constancia"].kind == "place"  # the mine
    assert names["Lima"].kind == "place"  # dateline
    check_offsets(text, ents)


@pytest.mark.slow
def test_government_phrases() -> None:
    text = (
        "The Canadian government and the caretaker administration in La Paz disagreed.\n"
        "El gobierno de facto de Roberto Micheletti expulsó a diplomáticos."
    )
    ents = extract_entities(text, "en")
    names = by_name(ents)
    assert "Government of Canada" in names
    assert "Canada" not in names  # a demonym inside a phrase is no country mention


@pytest.mark.slow
def test_code_is_not_an_entity() -> None:
    text = (
        "Protesters gathered in Juliaca.\n"
        'var ad = googletag.defineSlot("/Peru/Lima", [300, 250]); window.Amnesty = 1;\n'
        "<script>Organization of American States</script>"
    )
    ents = extract_entities(text, "en")
    assert [e.name for e in ents] == ["Juliaca"]


@pytest.mark.slow
def test_entity_index() -> None:
    text = "Evo Morales spoke in El Alto. Morales later left for Mexico."
    ents = extract_entities(text, "en")
    idx = EntityIndex(ents)
    s = text.index("Morales later")
    found = idx.at(s, s + len("Morales"))
    assert found is not None and found.name == "Evo Morales"
    assert idx.at(s - 2, s - 1) is None
    inside = idx.within(0, text.index("."))
    assert [(m.text, e.name) for m, e in inside] == [
        ("Evo Morales", "Evo Morales"),
        ("El Alto", "El Alto"),
    ]


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_file(), reason="dev set not available")
def test_mention_offsets_over_the_dev_set() -> None:
    from veeduria.nlp.pipeline import parse

    n = 0
    for line in DEV.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"]
        ents = extract_entities(text, doc["lang"], parse(text, doc["lang"]))
        check_offsets(text, ents)
        keys = [(normalize_name(e.name), e.kind) for e in ents]
        assert len(keys) == len(set(keys)), doc["id"]  # one entity per thing
        n += len(ents)
    assert n > 400


def test_acronyms_match_only_in_capitals() -> None:
    gz = get_gazetteer()
    assert gz.actor("MAS") is not None and gz.actor("MAS").kind == "political_party"  # type: ignore[union-attr]
    assert gz.actor("Más") is None and gz.actor("mas") is None
    assert gz.actor("oea") is None
    assert gz.actor("organización de los estados americanos") is not None


@pytest.mark.slow
def test_subdivision_and_embassy_phrases() -> None:
    text = (
        "The company operated in the Mexican state of Chiapas. The Canadian Embassy in "
        "Mexico City said it had raised the case with Mexican authorities."
    )
    ents = extract_entities(text, "en")
    names = by_name(ents)
    assert "Gobierno de México" not in names  # "state of Chiapas" is a subdivision
    assert names["Embassy of Canada to Mexico"].kind == "government_body"
    assert "Canadian Embassy" not in names
    assert names["Chiapas"].kind == "place"
