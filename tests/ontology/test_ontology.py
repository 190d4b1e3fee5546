"""The ontology data file agrees with the code's literal types and with the spec's lists."""

from typing import get_args

from veeduria.ontology import load_ontology
from veeduria.types import DatePrecision, GeoPrecision, Role

EVENT_TYPES = [
    "regime_change", "protest", "repression_killing", "clash", "arrest", "election",
    "election_postponed", "diplomatic_recognition", "diplomatic_statement", "state_of_emergency",
    "mining_deal_or_investment", "mining_conflict", "legal_action", "resignation_or_appointment",
    "death_toll_update", "meeting_or_convention", "other",
]  # fmt: skip


def test_event_types_match_the_spec() -> None:
    assert list(load_ontology().event_types) == EVENT_TYPES


def test_entity_kinds_match_the_spec() -> None:
    assert list(load_ontology().entity_kinds) == [
        "person", "organization", "company", "government_body", "political_party", "country",
        "place",
    ]  # fmt: skip


def test_every_label_is_bilingual() -> None:
    onto = load_ontology()
    for et in onto.event_types.values():
        assert et.en and et.es and et.description
    for kind in onto.entity_kinds.values():
        assert set(kind) == {"en", "es"}
    for rel in onto.relation_types.values():
        assert rel.en and rel.es
        assert set(rel.source_kinds) <= set(onto.entity_kinds)
        assert set(rel.target_kinds) <= set(onto.entity_kinds)


def test_literal_types_in_code_agree_with_the_data() -> None:
    onto = load_ontology()
    assert onto.event_roles == get_args(Role)
    assert onto.date_precisions == get_args(DatePrecision)
    assert onto.geo_precisions == get_args(GeoPrecision)


def test_check_event_type_names_the_valid_ones() -> None:
    onto = load_ontology()
    assert onto.check_event_type("protest") == "protest"
    try:
        onto.check_event_type("riot")
    except ValueError as exc:
        assert "unknown event type 'riot'" in str(exc)
        assert "regime_change" in str(exc)
    else:
        raise AssertionError("expected ValueError")
