"""Deterministic ids and name keys, so that a re-run writes nothing new.

An id is a short prefix naming what it identifies and the first 24 hex digits (96 bits) of the
SHA-256 of its defining fields, serialized as canonical JSON.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

__all__ = ["canonical_json", "make_id", "name_key"]


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spacing: equal values give equal text (and equal ids)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def make_id(prefix: str, *parts: Any) -> str:
    digest = hashlib.sha256(canonical_json(list(parts)).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:24]}"


def name_key(name: str) -> str:
    """Accent-, case- and spacing-insensitive key: "Jeanine  ÁÑEZ" -> "jeanine anez"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
