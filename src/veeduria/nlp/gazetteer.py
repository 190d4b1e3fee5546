"""Gazetteers: curated actors, countries and places, as EntityRuler patterns and lookups."""

from __future__ import annotations

from typing import Any


def ruler_patterns(lang: str) -> list[dict[str, Any]]:
    """EntityRuler patterns for a pipeline language ("en" or "es")."""
    return []
