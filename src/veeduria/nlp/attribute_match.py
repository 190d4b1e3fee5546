"""A faster `match` for spaCy's AttributeRuler, with the same output.

Why: the English model's attribute ruler (179 one- and two-token patterns that map tags to
parts of speech and morphology) runs spaCy's general Matcher over every token, which costs
about a tenth of the full parse. Its patterns only compare a few token attributes with a value
or a set, so a token can look its candidate patterns up in dicts keyed by those attributes and
check only those. `speed_up(ruler)` swaps the ruler's `match` for this one when every pattern
has that shape, and leaves the ruler as it is otherwise. The ruler still applies the matches
itself (`set_annotations`), so only how matches are found changes; a test compares both
methods' matches over the evaluation texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.tokens import Doc

__all__ = ["FastAttributeMatch", "speed_up"]

# Pattern keys this matcher understands, and the array column each one reads.
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "POS": 3, "IS_SPACE": 4}
_ARRAY_ATTRS = [TAG, LOWER, DEP, POS, IS_SPACE]
# Anchor preference: the rarer a key's values, the fewer candidates a token gets.
_ANCHOR_ORDER = ("LOWER", "TAG", "POS", "DEP", "IS_SPACE")

Check = Callable[[tuple[int, ...]], bool]


def _equals(col: int, want: int) -> Check:
    return lambda row: row[col] == want


def _member(col: int, members: frozenset[int], inside: bool) -> Check:
    return lambda row: (row[col] in members) is inside


def _searches(regex: re.Pattern[str], strings: Any) -> Check:
    return lambda row: regex.search(strings[row[1]]) is not None


class _Unsupported(ValueError):
    """A pattern this matcher cannot reproduce exactly (the ruler is then left alone)."""


class FastAttributeMatch:
    """`AttributeRuler.match` for rulers whose patterns compare TAG, LOWER, DEP, POS or
    IS_SPACE with a value, an `IN`/`NOT_IN` list or (LOWER only) a `REGEX`."""

    def __init__(self, ruler: Any) -> None:
        self.strings = ruler.vocab.strings
        # One entry per (rule, alternative pattern): the rule's number, its match key, and a
        # check per token of the pattern.
        self.patterns: list[tuple[int, int, list[Check], int]] = []
        self.by_value: dict[tuple[int, int], list[int]] = {}
        self.always: list[int] = []
        for rule, entry in enumerate(ruler.patterns):
            match_id = self.strings[str(rule)]
            for pattern in entry["patterns"]:
                if not pattern:
                    raise _Unsupported("empty pattern")
                anchor = self._index(len(self.patterns), pattern[0])
                # The anchor's own test is passed by every token filed under it.
                first = {k: v for k, v in pattern[0].items() if k != anchor}
                checks = [self._check(spec) for spec in [first, *pattern[1:]]]
                if len(checks) == 1 and not first:
                    checks = []  # a one-token pattern the lookup alone decides
                self.patterns.append((rule, match_id, checks, len(pattern)))

    def _hash(self, key: str, value: Any) -> int:
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise _Unsupported(f"IS_SPACE {value!r}")
            return int(value)
        if not isinstance(value, str):
            raise _Unsupported(f"{key} {value!r}")
        if key == "POS":
            from spacy.parts_of_speech import IDS

            if value not in IDS:
                raise _Unsupported(f"POS {value!r}")
            return int(IDS[value])
        return int(self.strings.add(value))

    def _check(self, spec: dict[str, Any]) -> Check:
        tests: list[Check] = []
        for key, value in spec.items():
            if key not in _COLUMNS:
                raise _Unsupported(f"key {key!r}")
            col = _COLUMNS[key]
            if not isinstance(value, dict):
                want = self._hash(key, value)
                tests.append(_equals(col, want))
                continue
            if len(value) != 1:
                raise _Unsupported(f"{key} {value!r}")
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN"):
                members = frozenset(self._hash(key, v) for v in arg)
                if op == "IN":
                    tests.append(_member(col, members, True))
                else:
                    tests.append(_member(col, members, False))
            elif op == "REGEX" and key == "LOWER":
                tests.append(_searches(re.compile(arg), self.strings))
            else:
                raise _Unsupported(f"{key} {op}")
        if len(tests) == 1:
            return tests[0]
        return lambda row: all(t(row) for t in tests)

    def _index(self, number: int, first: dict[str, Any]) -> str | None:
        """File a pattern under one value of its first token's most selective key; returns
        that key when a token filed under it passes its test by being there."""
        for key in _ANCHOR_ORDER:
            value = first.get(key)
            if value is None:
                continue
            if not isinstance(value, dict):
                self.by_value.setdefault((_COLUMNS[key], self._hash(key, value)), []).append(number)
                return key
            if set(value) == {"IN"}:
                for v in value["IN"]:
                    self.by_value.setdefault((_COLUMNS[key], self._hash(key, v)), []).append(number)
                return key
        self.always.append(number)
        return None

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(r) for r in doc.to_array(_ARRAY_ATTRS).tolist()]
        n = len(rows)
        found: list[tuple[int, int, int, int]] = []
        by_value, patterns, always = self.by_value, self.patterns, self.always
        for i, row in enumerate(rows):
            numbers: list[int] = list(always)
            for col in range(5):
                hit = by_value.get((col, row[col]))
                if hit:
                    numbers.extend(hit)
            for number in numbers:
                rule, match_id, checks, length = patterns[number]
                end = i + length
                if end > n:
                    continue
                if not checks or all(check(rows[i + k]) for k, check in enumerate(checks)):
                    found.append((rule, match_id, i, end))
        # The Matcher reports a match once even when two alternatives of a rule find it.
        return sorted(set(found))


def speed_up(ruler: Any) -> bool:
    """Give `ruler` (an AttributeRuler) the fast `match` when its patterns allow it."""
    try:
        fast = FastAttributeMatch(ruler)
    except _Unsupported:
        return False
    ruler.match = fast
    return True
