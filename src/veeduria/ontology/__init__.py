"""The ontology, declared in `ontology.yaml` and loaded into typed, immutable objects.

Code refers to types by their key; this module is the one place that says which keys exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["EventType", "Ontology", "RelationType", "load_ontology"]


@dataclass(frozen=True)
class EventType:
    key: str
    en: str
    es: str
    description: str

    def label(self, lang: str = "en") -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class RelationType:
    key: str
    en: str
    es: str
    source_kinds: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ontology:
    version: str
    event_types: dict[str, EventType]
    entity_kinds: dict[str, dict[str, str]]
    relation_types: dict[str, RelationType]
    event_roles: tuple[str, ...]
    date_precisions: tuple[str, ...]
    geo_precisions: tuple[str, ...]

    def check_event_type(self, key: str) -> str:
        """Return `key` if it is an event type, else raise ValueError naming the valid ones."""
        if key not in self.event_types:
            raise ValueError(
                f"unknown event type {key!r}; expected one of {', '.join(self.event_types)}"
            )
        return key

    def check_entity_kind(self, key: str) -> str:
        if key not in self.entity_kinds:
            raise ValueError(
                f"unknown entity kind {key!r}; expected one of {', '.join(self.entity_kinds)}"
            )
        return key


@cache
def load_ontology() -> Ontology:
    """Parse the bundled ontology once per process."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files(__package__).joinpath("ontology.yaml").read_text(encoding="utf-8")
    )
    events = {
        key: EventType(key=key, en=v["en"], es=v["es"], description=v["description"])
        for key, v in raw["event_types"].items()
    }
    relations = {
        key: RelationType(
            key=key,
            en=v["en"],
            es=v["es"],
            source_kinds=tuple(v.get("source", ())),
            target_kinds=tuple(v.get("target", ())),
        )
        for key, v in raw["relation_types"].items()
    }
    return Ontology(
        version=str(raw["version"]),
        event_types=events,
        entity_kinds={k: dict(v) for k, v in raw["entity_kinds"].items()},
        relation_types=relations,
        event_roles=tuple(raw["event_roles"]),
        date_precisions=tuple(raw["date_precisions"]),
        geo_precisions=tuple(raw["geo_precisions"]),
    )
