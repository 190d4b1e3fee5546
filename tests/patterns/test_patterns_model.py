"""Pattern files: the shipped ones load, and a bad file fails with file, step and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from veeduria.query.patterns import PatternError, builtin_patterns, get_pattern, load_pattern
from veeduria.query.patterns.model import parse_pattern


def test_shipped_patterns_load() -> None:
    patterns = builtin_patterns()
    assert set(patterns) >= {
        "coup-to-concession",
        "killings-without-legal-action",
        "emergency-then-killings",
        "recognition-wave",
    }
    coup = patterns["coup-to-concession"]
    assert [s.id for s in coup.steps] == ["coup", "backing", "deal", "killing"]
    assert coup.step("deal").actor is not None
    assert coup.step("deal").actor.country.same_as == ("backer",)  # type: ignore[union-attr]
    assert patterns["killings-without-legal-action"].steps[1].absent


def good() -> dict[str, Any]:
    return {
        "version": 1,
        "name": "p",
        "steps": [
            {"id": "a", "types": ["regime_change"]},
            {
                "id": "b",
                "types": ["diplomatic_recognition"],
                "after": {"step": "a", "within_days": 10},
                "actor": {"as": "x", "kinds": ["country"], "country": {"differs_from": "a"}},
            },
        ],
    }


def error_of(raw: dict[str, Any]) -> str:
    with pytest.raises(PatternError) as info:
        parse_pattern(raw, "p.yaml")
    return str(info.value)


def test_a_good_pattern_parses() -> None:
    assert parse_pattern(good(), "p.yaml").steps[1].after.days == 10  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("steps", 1, "after", "step"),
            "c",
            "p.yaml: step 2 (b) after.step: unknown step 'c'",
        ),
        (
            ("steps", 1, "types"),
            ["coup"],
            "p.yaml: step 2 (b) types: unknown event type 'coup'; expected one of",
        ),
        (
            ("steps", 0, "when"),
            "now",
            "p.yaml: step 1 when: unknown field; expected one of",
        ),
        (
            ("steps", 1, "actor", "kinds"),
            ["firm"],
            "p.yaml: step 2 (b) actor.kinds: unknown kind 'firm'",
        ),
        (
            ("steps", 1, "actor", "country"),
            {"same_as": "y"},
            "p.yaml: step 2 (b) actor.country: 'y' is neither a step id nor an actor",
        ),
        (
            ("steps", 1, "after"),
            {"step": "a", "within_days": 3, "within_months": 1},
            "p.yaml: step 2 (b) after: give exactly one of within_days, within_months",
        ),
        (
            ("steps", 1, "after"),
            {"step": "b", "within_days": 3},
            "p.yaml: step 2 (b) after.step: step 'b' must come before this step",
        ),
        (
            ("steps", 1, "country"),
            {"in": ["Peru"]},
            "p.yaml: step 2 (b) country.in: 'Peru' is not an ISO 3166-1 alpha-2 code",
        ),
        (("version",), "one", "p.yaml: version: expected a whole number"),
        (
            ("steps", 1, "at_least"),
            3,
            "p.yaml: step 2 (b) actor.as: a step with at_least binds no single actor",
        ),
        (
            ("steps", 1, "actor", "mentioned"),
            "yes",
            "p.yaml: step 2 (b) actor.mentioned: expected true or false",
        ),
    ],
)
def test_errors_name_file_step_and_field(path: tuple[Any, ...], value: Any, message: str) -> None:
    raw = good()
    target: Any = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert error_of(raw).startswith(message)


def test_a_negative_first_step_is_refused() -> None:
    raw = good()
    raw["steps"] = [{"id": "a", "types": ["legal_action"], "absent": True}]
    assert error_of(raw) == "p.yaml: steps: the first step must be a positive step"


def test_load_pattern_checks_the_name_and_yaml(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(good()), encoding="utf-8")
    with pytest.raises(PatternError, match=r"other\.yaml: name: 'p' differs from the file name"):
        load_pattern(path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: [", encoding="utf-8")
    with pytest.raises(PatternError, match=r"bad\.yaml: not valid YAML"):
        load_pattern(bad)
    with pytest.raises(PatternError, match="unknown pattern 'nope'; shipped patterns: "):
        get_pattern("nope")
