"""Actor resolution as a pure function: mentions of several documents in, actor ids out."""

from __future__ import annotations

from datetime import UTC, datetime

from veeduria.resolve.actors import ActorMention, node_id, resolve_actor_nodes, resolve_actors
from veeduria.resolve.judgements import JudgementRecord


def _m(key: str, name: str, kind: str = "person", doc: str = "d1", **kw: object) -> ActorMention:
    return ActorMention(key=key, name=name, kind=kind, document_id=doc, **kw)  # type: ignore[arg-type]


def _groups(result: dict[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for key, actor in result.items():
        groups.setdefault(actor, []).append(key)
    return sorted(sorted(g) for g in groups.values())


def test_accents_and_surname_make_one_actor() -> None:
    result = resolve_actors(
        [
            _m("es", "Jeanine Áñez", doc="d1", country="BO"),
            _m("en", "Añez", doc="d2"),
            _m("en2", "ÁÑEZ", doc="d3"),
            _m("morales", "Evo Morales", doc="d1", country="BO"),
        ]
    )
    assert _groups(result) == [["en", "en2", "es"], ["morales"]]
    # the actor is named by its full name's node
    assert result["en"] == node_id("Jeanine Áñez", "person")


def test_a_surname_two_people_share_stays_apart() -> None:
    result = resolve_actors(
        [
            _m("evo", "Evo Morales", doc="d1"),
            _m("jimmy", "Jimmy Morales", doc="d2"),
            _m("short", "Morales", doc="d3"),
        ]
    )
    assert _groups(result) == [["evo"], ["jimmy"], ["short"]]


def test_given_name_and_surname_of_a_longer_name() -> None:
    result = resolve_actors(
        [_m("full", "Juan Evo Morales Ayma", doc="d1"), _m("short", "Evo Morales", doc="d2")]
    )
    assert _groups(result) == [["full", "short"]]


def test_acronyms_translations_and_curated_aliases() -> None:
    result = resolve_actors(
        [
            _m("oas", "Organization of American States", "organization", "d1"),
            _m("oea", "OEA", "organization", "d2"),
            _m("es", "Organización de los Estados Americanos", "organization", "d3"),
            _m("pnp_full", "Policía Nacional del Perú", "government_body", "d4"),
            _m("pnp_en", "Peruvian National Police", "government_body", "d5"),
            _m("pnp", "PNP", "government_body", "d6"),
            _m("minem", "Ministerio de Energía y Minas", "government_body", "d7", country="PE"),
            _m("mem", "Ministry of Energy and Mines", "government_body", "d8", country="PE"),
            _m("mm_bo", "Ministerio de Minería", "government_body", "d9", country="BO"),
        ]
    )
    assert _groups(result) == [
        ["es", "oas", "oea"],
        ["mem", "minem"],
        ["mm_bo"],
        ["pnp", "pnp_en", "pnp_full"],
    ]


def test_word_order_across_languages() -> None:
    result = resolve_actors(
        [
            _m("en", "Ayacucho Regional Hospital", "place", "d1"),
            _m("es", "Hospital Regional de Ayacucho", "place", "d2"),
            _m("cusco", "Hospital Regional del Cusco", "place", "d3"),
            _m("p1", "Pedro Castillo", "person", "d4"),
            _m("p2", "Castillo Pedro", "person", "d5"),
        ]
    )
    assert _groups(result) == [["cusco"], ["en", "es"], ["p1"], ["p2"]]


def test_countries_disagreeing_keep_acronyms_apart() -> None:
    result = resolve_actors(
        [
            _m("pnc_gt", "Policía Nacional Civil", "government_body", "d1", country="GT"),
            _m("pnc", "PNC", "government_body", "d2", country="SV"),
        ]
    )
    assert _groups(result) == [["pnc"], ["pnc_gt"]]


def test_a_place_named_like_a_country_is_the_country() -> None:
    result = resolve_actors(
        [
            _m("mx", "Mexico", "country", "d1"),
            _m("mx_place", "México", "place", "d2"),
            _m("lima", "Lima", "place", "d3"),
        ]
    )
    assert _groups(result) == [["lima"], ["mx", "mx_place"]]
    assert result["mx_place"] == node_id("Mexico", "country")


def test_kinds_keep_actors_apart() -> None:
    result = resolve_actors(
        [_m("co", "Antapaccay", "company", "d1"), _m("mine", "Antapaccay", "place", "d2")]
    )
    assert _groups(result) == [["co"], ["mine"]]


def test_not_same_splits_and_same_merges() -> None:
    mentions = [
        _m("full", "Jeanine Áñez", doc="d1"),
        _m("short", "Áñez", doc="d2"),
        _m("other", "J. Anez", doc="d3"),
    ]
    full, short, other = (node_id(m.name, m.kind) for m in mentions)
    when = datetime(2026, 11, 24, tzinfo=UTC)
    judged = [
        JudgementRecord(short, full, "not_same", "ana", created_at=when, id=1),
        JudgementRecord(other, full, "same", "ana", created_at=when, id=2),
    ]
    resolution = resolve_actor_nodes(mentions, judged)
    assert resolution.actor_of[short] != resolution.actor_of[full]
    assert resolution.actor_of[other] == resolution.actor_of[full]
    assert [cue for _, _, cue in resolution.refused] == ["surname"]
    assert [cue for _, _, cue in resolution.links] == ["judgement"]
