# Vendored byte-for-byte (logic unchanged) from shared/eval/score.py, the reference scorer, so
# `veeduria eval` reports exactly its numbers; style rules that would force edits are waived.
# ruff: noqa: UP035, RUF005, B905, B023
"""Reference scorer for veeduria evaluation sets.

Usage:
    python score.py GOLD.jsonl PRED.jsonl [--json] [--per-doc] [--clusters CLUSTERS.jsonl]

Compares a gold file and a prediction file (formats in FORMAT.md, next to this script) and
prints a plain-text report, or one JSON object with --json. --per-doc adds a breakdown per
document. --clusters names the gold event clusters across documents, needed to score
cross-document event resolution. Only the Python standard library is used.

Scoring rules (FORMAT.md)
-------------------------
* Names are normalized with `normalize_name`: NFKD, combining marks removed, case folded,
  possessive 's / ’s removed, punctuation (Unicode category P*) deleted, whitespace collapsed,
  and a leading "the", "el", "la", "los" or "las" dropped (only when another word follows).
* Entities: a prediction matches a gold entity when its normalized name equals the normalized
  canonical name or one of the normalized aliases. Each gold entity is matched at most once, so a
  second prediction for the same gold entity is a false positive. Kind accuracy is measured on
  the matched pairs.
* Events: a gold and a predicted event are compatible when the types are equal, the dates are
  compatible (equal, one a prefix of the other compared part by part, "2023-01" ~ "2023-01-09",
  or either is null) and the countries are compatible (equal, or either is null). A maximum
  matching of compatible pairs is taken per document. Because compatible events share a type,
  the matching splits by type, so dropping `other` before matching ("events_no_other") gives the
  same pairs as summing the per-type counts of the other types, which is how it is computed.
  On matched pairs: exact date, exact country, place (normalized equality, or one contains the
  other as whole words), exact fatalities, and actor precision/recall/F1 (micro-averaged over
  matched pairs). A null value agrees with null only.
* Strict events: a second, separate maximum matching per document ("events_strict",
  "events_strict_no_other", "events_strict_by_type") that leaving a value out cannot satisfy.
  Types must be equal; a non-null predicted date must be compatible with the gold date (rule
  above, so a null gold date accepts any predicted date), and a null predicted date is
  compatible only with a null gold date; the same for countries. Every strictly compatible pair
  is also leniently compatible. Same agreement scores (tie-breaks) as the lenient matching.
* Valued attributes ("event_attrs_valued"): on the pairs of the lenient matching, for date
  (exact), country (exact), place (as above), fatalities (exact) and injured (exact), only pairs
  whose gold value is non-null are counted (n; a gold place that normalizes to "" counts as
  null), and "correct" counts those where the prediction agrees, so a null prediction against a
  gold value is wrong and gold-null pairs count for nothing. acc = correct / n (null if n = 0).
* Actors: a gold actor name is looked up among the document's gold entities by normalized
  canonical name; a predicted actor matches it when its normalized form equals that entity's
  canonical name or one of its aliases. A gold actor that is not among the entities is compared
  with its own name. Each gold actor and each predicted actor is matched at most once.
* Death tolls: a prediction matches a gold toll with the same country and count whose `as_of`
  is compatible (same rule as event dates). Each gold toll is matched at most once.
  "death_tolls_strict" is a separate matching where, in addition, a null predicted `as_of` is
  compatible only with a null gold `as_of` (a null gold `as_of` still accepts any).
* Distractors: every event predicted on a document with "distractor": true is a false positive
  (gold has no events there); their number is also reported as `distractor_events`.
* Quotes: the share of predicted events whose quote has integer offsets with
  0 <= start < end <= len(text) (characters of the gold `text`). A missing quote is invalid.
* Cross-document resolution ("resolution", in "all" only; the cross-language links it counts
  belong to no single language). It works on the pairs of the per-document matchings only (the
  entity matching for actors, the lenient event matching for events), so an entity or event
  that was missed or invented is not counted a second time. Each matched pair is a link with a
  gold identity and a predicted id. Actors: the gold identity is the gold entity's normalized
  canonical name together with its kind; the predicted id is the predicted entity's "actor".
  Events: the gold identity is the gold event's cluster in the --clusters file (an event that
  is not listed is a singleton); the predicted id is the predicted event's "cluster". A missing,
  null or empty id is a singleton (never "same" as anything).
  Pairwise: every unordered pair of links in different documents; gold says "same" when the
  gold identities are equal, the prediction when both ids are set and equal; tp = both, fp =
  prediction only, fn = gold only. gold_pairs = tp + fn; cross_language_gold_pairs counts those
  between an "en" and an "es" document. A system that never merges gets p null and r 0.
  Events also get B-cubed P/R/F1 over all their links (every matched gold event, same-document
  links included): gold clusters against predicted clusters, both restricted to those events.
  actors_per_entity_mean: over the gold identities linked in two or more documents, the mean
  number of distinct predicted ids (each link without an id counts as one more); "worst" lists
  the identities with more than one, most first (ties in order of first match), at most 10, as
  [canonical name first seen, n]. Without --clusters the "events" block is null.
* Everything else is reported for all documents ("all") and for "en" and "es" separately.
* Precision, recall and F1 are null where the denominator is zero (precision of no predictions,
  recall of no gold, F1 of neither). F1 is computed as 2tp / (2tp + fp + fn).

Matching and ties
-----------------
Entities, events (lenient and strict), death tolls (lenient and strict) and the actors of an
event pair are aligned with `max_matching`.
It returns a maximum-cardinality bipartite matching and, among all maximum-cardinality
matchings, one with the largest total agreement score. It works by successive augmenting paths:
starting from the empty matching it repeatedly augments along the augmenting path with the largest
gain in score (found with Bellman-Ford on the alternating graph). After k steps the matching has
the largest score of all matchings of size k; when no augmenting path is left it is maximum
(Berge). Remaining ties are broken by input order. Agreement scores:
  entities:    +1 if the predicted name equals the canonical name (not only an alias),
               +1 if the kinds are equal;
  events:      +1 each for exact date, exact country, matching place and exact fatalities,
               +1 for every matched actor;
  death tolls: +1 if `as_of` is exactly equal;
  actors:      none (any maximum matching).

Input checks
------------
Blank lines are skipped. A line that is not UTF-8, not a JSON object, lacks a required field or
has a field of the wrong type (dates must be "YYYY", "YYYY-MM" or "YYYY-MM-DD") stops the scorer
with "FILE:LINE: message" on stderr and exit code 2; so do duplicate ids and a distractor document
with gold events. Required: gold `id`, `lang` ("en"/"es"), `text`, `gold`, gold entity `name`
and `kind`, gold toll `count`, every event's `type`, prediction `id`, predicted entity `name`;
other fields default to null or an empty list (an event's `injured`, like `fatalities`, must be
an integer or null; a predicted entity's `actor` and a predicted event's `cluster` must be a
string or null). Fields the scorer does not use (mentions, ...) are not checked, and an event's
quote is only judged valid or invalid. In the clusters file only `cluster` (a non-empty string,
unique in the file) and `members` (a non-empty list of [document id, 0-based index into that
document's gold events]) are read and checked; an unknown document id, an index out of range
or an event listed twice (in one cluster or in two) stops the scorer the same way. Prediction
lines whose id is not in the gold file are ignored with a warning; gold documents without a
prediction line count as empty predictions (also noted as a warning). Warnings go to stderr.

Output
------
--json prints {"all": S, "en": S, "es": S, "warnings": [...]} plus "per_doc": {id: {"lang", **S}}
with --per-doc, where each summary S has, in this order:
  docs, distractor_docs,
  entities         {p, r, f1, tp, fp, fn, kind_acc},
  events           {p, r, f1, tp, fp, fn},
  events_no_other  {p, r, f1, tp, fp, fn},
  events_by_type   {type: {p, r, f1, tp, fp, fn}} (every ontology type, then unknown types),
  event_attrs      {matched, date, country, place, fatalities, actors: {p, r, f1, tp, fp, fn}},
  death_tolls      {p, r, f1, tp, fp, fn},
  distractor_events, quote_valid (share), quote_valid_count, predicted_events,
  events_strict           {p, r, f1, tp, fp, fn},
  events_strict_no_other  {p, r, f1, tp, fp, fn},
  events_strict_by_type   {type: {p, r, f1, tp, fp, fn}} (same types as events_by_type),
  event_attrs_valued      {date, country, place, fatalities, injured: {n, correct, acc}},
  death_tolls_strict      {p, r, f1, tp, fp, fn},
and "all" (only) ends with
  resolution  {actors: {p, r, f1, tp, fp, fn, gold_pairs, cross_language_gold_pairs,
                        actors_per_entity_mean, worst: [[name, n], ...]},
               events: {p, r, f1, tp, fp, fn, gold_pairs, cross_language_gold_pairs,
                        bcubed: {p, r, f1}} or null without --clusters}.
The headline figures are events_strict_no_other F1 and the event_attrs_valued accuracies.
The text report shows the resolution figures in a block of their own, with the 5 worst actors.
"""

import argparse
import functools
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator, TypeGuard

EVENT_TYPES = (
    "regime_change",
    "protest",
    "repression_killing",
    "clash",
    "arrest",
    "election",
    "election_postponed",
    "diplomatic_recognition",
    "diplomatic_statement",
    "state_of_emergency",
    "mining_deal_or_investment",
    "mining_conflict",
    "legal_action",
    "resignation_or_appointment",
    "death_toll_update",
    "meeting_or_convention",
    "other",
)
OTHER_TYPE = "other"
LANGS = ("en", "es")
SPLITS = ("all",) + LANGS
LEADING_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
POSSESSIVE = re.compile(r"['\u2019]s\b")
DATE_PATTERN = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
DATE_EXPECTED = '"YYYY", "YYYY-MM", "YYYY-MM-DD" or null'
EXIT_OK = 0
EXIT_BAD_INPUT = 2
MISSING = object()
VALUED_ATTRS = ("date", "country", "place", "fatalities", "injured")
WORST_ACTORS_JSON = 10
WORST_ACTORS_TEXT = 5

JsonObject = dict[str, Any]
EventKey = tuple[str, int]  # (document id, 0-based index into that document's gold events)


# --------------------------------------------------------------------------- normalization


@functools.cache
def normalize_name(name: str) -> str:
    """Normalize a name for comparison (see the module docstring); results are cached."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.casefold()
    text = POSSESSIVE.sub("", text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    words = text.split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


def dates_compatible(a: str | None, b: str | None) -> bool:
    """True when either date is null, or one is a part-wise prefix of the other."""
    if a is None or b is None:
        return True
    parts_a, parts_b = a.split("-"), b.split("-")
    common = min(len(parts_a), len(parts_b))
    return parts_a[:common] == parts_b[:common]


def countries_compatible(a: str | None, b: str | None) -> bool:
    """True when either country is null or both are equal."""
    return a is None or b is None or a == b


def dates_compatible_strict(gold: str | None, pred: str | None) -> bool:
    """Like `dates_compatible`, but a null predicted date is compatible with a null gold only."""
    if pred is None:
        return gold is None
    return dates_compatible(gold, pred)


def countries_compatible_strict(gold: str | None, pred: str | None) -> bool:
    """Like `countries_compatible`, but a null predicted country matches a null gold only."""
    if pred is None:
        return gold is None
    return countries_compatible(gold, pred)


def places_match(gold: str | None, pred: str | None) -> bool:
    """Normalized equality, or one place contains the other as whole words; null matches null."""
    gold_norm = normalize_name(gold) if gold is not None else ""
    pred_norm = normalize_name(pred) if pred is not None else ""
    if not gold_norm or not pred_norm:
        return gold_norm == pred_norm
    return f" {gold_norm} " in f" {pred_norm} " or f" {pred_norm} " in f" {gold_norm} "


# --------------------------------------------------------------------------- matching


def max_matching(
    n_left: int, n_right: int, weights: dict[tuple[int, int], int]
) -> list[tuple[int, int]]:
    """Maximum-cardinality bipartite matching with the largest total weight among those.

    `weights` maps every allowed pair (left index, right index) to an integer agreement score.
    Returns the matched pairs sorted by left index. See "Matching and ties" in the module
    docstring for the method.
    """
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_left)]
    for (left, right), weight in sorted(weights.items()):
        adjacency[left].append((right, weight))
    match_of_left: list[int | None] = [None] * n_left
    match_of_right: list[int | None] = [None] * n_right
    while True:
        path = _best_augmenting_path(adjacency, weights, match_of_left, match_of_right)
        if path is None:
            break
        for left, right in path:
            match_of_left[left] = right
            match_of_right[right] = left
    return [(left, right) for left, right in enumerate(match_of_left) if right is not None]


def _best_augmenting_path(
    adjacency: list[list[tuple[int, int]]],
    weights: dict[tuple[int, int], int],
    match_of_left: list[int | None],
    match_of_right: list[int | None],
) -> list[tuple[int, int]] | None:
    """The new pairs of the augmenting path with the largest gain, or None if there is none."""
    gain_right, came_from = _longest_alternating_paths(
        adjacency, weights, match_of_left, match_of_right
    )
    ends = [right for right in gain_right if match_of_right[right] is None]
    if not ends:
        return None
    best_end = max(ends, key=lambda right: (gain_right[right], -right))
    return _trace_back(best_end, came_from, match_of_left)


def _longest_alternating_paths(
    adjacency: list[list[tuple[int, int]]],
    weights: dict[tuple[int, int], int],
    match_of_left: list[int | None],
    match_of_right: list[int | None],
) -> tuple[dict[int, int], dict[int, int]]:
    """Largest gain of an alternating path from a free left vertex to each right vertex.

    Bellman-Ford for longest paths: free left vertices start at gain 0; an unmatched edge
    left -> right adds its weight, the matched edge right -> left subtracts it. The current
    matching has the largest weight for its size, so there is no positive cycle. Returns the
    gain of each reachable right vertex and the left vertex it is reached from.
    """
    gain_left = {left: 0 for left, right in enumerate(match_of_left) if right is None}
    gain_right: dict[int, int] = {}
    came_from: dict[int, int] = {}
    for _ in range(len(match_of_left) + len(match_of_right) + 1):
        changed = False
        for left in range(len(match_of_left)):
            if left not in gain_left:
                continue
            for right, weight in adjacency[left]:
                if right == match_of_left[left]:
                    continue  # the matched edge is only walked right -> left
                candidate = gain_left[left] + weight
                if right not in gain_right or candidate > gain_right[right]:
                    gain_right[right], came_from[right] = candidate, left
                    changed = True
        for right, partner in enumerate(match_of_right):
            if partner is None or right not in gain_right:
                continue
            candidate = gain_right[right] - weights[(partner, right)]
            if partner not in gain_left or candidate > gain_left[partner]:
                gain_left[partner] = candidate
                changed = True
        if not changed:
            break
    return gain_right, came_from


def _trace_back(
    end: int, came_from: dict[int, int], match_of_left: list[int | None]
) -> list[tuple[int, int]]:
    """The new (left, right) pairs of the augmenting path ending at the free right vertex `end`."""
    pairs = []
    right: int | None = end
    while right is not None:
        left = came_from[right]
        pairs.append((left, right))
        right = match_of_left[left]  # the partner left gives up, None at the path's start
    return pairs


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Event:
    """A gold or predicted event; `quote` is only set for predictions."""

    type: str
    date: str | None
    country: str | None
    place: str | None
    fatalities: int | None
    actors: tuple[str, ...]
    injured: int | None = None
    quote: Any = None
    cluster: str | None = None  # predictions: id of the event across the file (None: unresolved)


@dataclass(frozen=True)
class Entity:
    """A gold entity (with aliases) or a predicted entity (without)."""

    name: str
    kind: str | None
    aliases: tuple[str, ...] = ()
    actor: str | None = None  # predictions: id of the actor across the file (None: unresolved)


@dataclass(frozen=True)
class DeathToll:
    """A cumulative death count for a country, valid as of a date."""

    country: str | None
    as_of: str | None
    count: int | None


@dataclass
class GoldDoc:
    """One line of the gold file."""

    doc_id: str
    lang: str
    distractor: bool
    text: str
    events: list[Event]
    entities: list[Entity]
    death_tolls: list[DeathToll]


@dataclass
class Prediction:
    """One line of the prediction file."""

    doc_id: str
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    death_tolls: list[DeathToll] = field(default_factory=list)


# --------------------------------------------------------------------------- input


class InputError(Exception):
    """Unusable input; the message names the file and, where known, the line."""


class FieldError(Exception):
    """A JSON line has a missing field or a field of the wrong type."""


# Checks of JSON values (bool is not accepted as an integer).


def is_str(value: Any) -> bool:
    return isinstance(value, str)


def is_nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def is_list(value: Any) -> bool:
    return isinstance(value, list)


def is_dict(value: Any) -> bool:
    return isinstance(value, dict)


def is_date(value: Any) -> bool:
    return isinstance(value, str) and DATE_PATTERN.fullmatch(value) is not None


def is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """Extend a check so that it also accepts null."""
    return lambda value: value is None or check(value)


def short_repr(value: Any, limit: int = 60) -> str:
    """repr() of a value, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def get_field(
    obj: JsonObject,
    key: str,
    check: Callable[[Any], bool],
    expected: str,
    where: str,
    default: Any = MISSING,
) -> Any:
    """Return obj[key] after checking it; `default` is used when the key is absent."""
    if key not in obj:
        if default is MISSING:
            raise FieldError(f"{where}{key}: required field is missing")
        return default
    value = obj[key]
    if not check(value):
        raise FieldError(f"{where}{key}: expected {expected}, got {short_repr(value)}")
    return value


def get_list(obj: JsonObject, key: str, where: str) -> list[Any]:
    """Return an optional list field (default: empty list)."""
    items: list[Any] = get_field(obj, key, is_list, "a list", where, [])
    return items


def require_object(value: Any, where: str) -> JsonObject:
    """Check that a list item is a JSON object."""
    if not isinstance(value, dict):
        raise FieldError(f"{where}: expected an object, got {short_repr(value)}")
    return value


def get_resolution_id(obj: JsonObject, key: str, where: str) -> str | None:
    """A predicted "actor" or "cluster" id; absent, null and "" all mean unresolved (None)."""
    value: str | None = get_field(obj, key, optional(is_str), "a string or null", where, None)
    return value or None


def parse_event(value: Any, where: str, is_gold: bool) -> Event:
    """Check and convert one event object (gold or predicted)."""
    obj = require_object(value, where)
    prefix = where + "."
    return Event(
        type=get_field(obj, "type", is_str, "a string", prefix),
        date=get_field(obj, "date", optional(is_date), DATE_EXPECTED, prefix, None),
        country=get_field(obj, "country", optional(is_str), "a string or null", prefix, None),
        place=get_field(obj, "place", optional(is_str), "a string or null", prefix, None),
        fatalities=get_field(
            obj, "fatalities", optional(is_int), "an integer or null", prefix, None
        ),
        actors=tuple(get_field(obj, "actors", is_str_list, "a list of strings", prefix, [])),
        injured=get_field(obj, "injured", optional(is_int), "an integer or null", prefix, None),
        quote=None if is_gold else obj.get("quote"),
        cluster=None if is_gold else get_resolution_id(obj, "cluster", prefix),
    )


def parse_entity(value: Any, where: str, is_gold: bool) -> Entity:
    """Check and convert one entity object (gold entities need a kind and may have aliases)."""
    obj = require_object(value, where)
    prefix = where + "."
    name = get_field(obj, "name", is_str, "a string", prefix)
    if is_gold:
        kind = get_field(obj, "kind", is_str, "a string", prefix)
        aliases = get_field(obj, "aliases_in_text", is_str_list, "a list of strings", prefix, [])
        return Entity(name=name, kind=kind, aliases=tuple(aliases))
    kind = get_field(obj, "kind", optional(is_str), "a string or null", prefix, None)
    return Entity(name=name, kind=kind, actor=get_resolution_id(obj, "actor", prefix))


def parse_death_toll(value: Any, where: str, is_gold: bool) -> DeathToll:
    """Check and convert one death toll object (the gold count is required)."""
    obj = require_object(value, where)
    prefix = where + "."
    count_check = is_int if is_gold else optional(is_int)
    return DeathToll(
        country=get_field(obj, "country", optional(is_str), "a string or null", prefix, None),
        as_of=get_field(obj, "as_of", optional(is_date), DATE_EXPECTED, prefix, None),
        count=get_field(
            obj, "count", count_check, "an integer" if is_gold else "an integer or null", prefix
        ),
    )


def parse_items(
    obj: JsonObject, key: str, where: str, parse: Callable[[Any, str, bool], Any], is_gold: bool
) -> list[Any]:
    """Parse the optional list obj[key] item by item."""
    return [
        parse(item, f"{where}{key}[{index}]", is_gold)
        for index, item in enumerate(get_list(obj, key, where))
    ]


def parse_gold_line(obj: JsonObject) -> GoldDoc:
    """Check and convert one line of the gold file."""
    doc_id = get_field(obj, "id", is_nonempty_str, "a non-empty string", "")
    lang = get_field(obj, "lang", lambda v: v in LANGS, '"en" or "es"', "")
    distractor = get_field(obj, "distractor", is_bool, "true or false", "", False)
    text = get_field(obj, "text", is_str, "a string", "")
    gold = get_field(obj, "gold", is_dict, "an object", "")
    doc = GoldDoc(
        doc_id=doc_id,
        lang=lang,
        distractor=distractor,
        text=text,
        events=parse_items(gold, "events", "gold.", parse_event, True),
        entities=parse_items(gold, "entities", "gold.", parse_entity, True),
        death_tolls=parse_items(gold, "death_tolls", "gold.", parse_death_toll, True),
    )
    if doc.distractor and doc.events:
        raise FieldError("gold.events: a distractor document must have no gold events")
    return doc


def parse_prediction_line(obj: JsonObject) -> Prediction:
    """Check and convert one line of the prediction file."""
    return Prediction(
        doc_id=get_field(obj, "id", is_nonempty_str, "a non-empty string", ""),
        events=parse_items(obj, "events", "", parse_event, False),
        entities=parse_items(obj, "entities", "", parse_entity, False),
        death_tolls=parse_items(obj, "death_tolls", "", parse_death_toll, False),
    )


def read_jsonl(path: str) -> Iterator[tuple[int, JsonObject]]:
    """Yield (line number, object) for every non-blank line of a JSON Lines file."""
    try:
        with open(path, "rb") as handle:
            raw_lines = handle.read().splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror}") from exc
    for number, raw in enumerate(raw_lines, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid UTF-8 ({exc.reason})") from exc
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})"
            ) from exc
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{number}: expected a JSON object, got {short_repr(obj)}")
        yield number, obj


def load_lines(path: str, parse: Callable[[JsonObject], Any]) -> Iterator[tuple[int, Any]]:
    """Parse every line of a JSONL file; duplicate ids and field errors raise InputError."""
    first_line: dict[str, int] = {}
    for number, obj in read_jsonl(path):
        try:
            item = parse(obj)
        except FieldError as exc:
            raise InputError(f"{path}:{number}: {exc}") from exc
        if item.doc_id in first_line:
            raise InputError(
                f"{path}:{number}: duplicate id {item.doc_id!r}"
                f" (first on line {first_line[item.doc_id]})"
            )
        first_line[item.doc_id] = number
        yield number, item


def load_gold(path: str) -> list[GoldDoc]:
    """Read the gold file."""
    return [doc for _, doc in load_lines(path, parse_gold_line)]


def load_predictions(path: str, gold_ids: set[str]) -> tuple[dict[str, Prediction], list[str]]:
    """Read the prediction file; return predictions by id and warnings about unknown ids."""
    predictions: dict[str, Prediction] = {}
    warnings: list[str] = []
    for number, prediction in load_lines(path, parse_prediction_line):
        if prediction.doc_id not in gold_ids:
            warnings.append(
                f"{path}:{number}: unknown id {prediction.doc_id!r} (not in gold), line ignored"
            )
            continue
        predictions[prediction.doc_id] = prediction
    return predictions, warnings


def parse_cluster_member(value: Any, where: str, event_counts: dict[str, int]) -> EventKey:
    """Check one [document id, event index] member against the gold file."""
    if not (isinstance(value, list) and len(value) == 2 and is_str(value[0]) and is_int(value[1])):
        raise FieldError(
            f"{where}: expected a [document id, event index] pair, got {short_repr(value)}"
        )
    doc_id, index = value
    if doc_id not in event_counts:
        raise FieldError(f"{where}: unknown document id {doc_id!r} (not in the gold file)")
    if not 0 <= index < event_counts[doc_id]:
        raise FieldError(
            f"{where}: event index {index} out of range: document {doc_id!r} has"
            f" {event_counts[doc_id]} gold event(s) (indices are 0-based)"
        )
    return doc_id, index


def load_clusters(path: str, gold_docs: list[GoldDoc]) -> dict[EventKey, str]:
    """Read a gold event clusters file; return the cluster id of every listed gold event.

    Only `cluster` (a non-empty string, unique in the file) and `members` (a non-empty list of
    [document id, 0-based index into that document's gold events]) are read and checked; an
    unknown document, an index out of range or an event listed twice raises InputError.
    """
    event_counts = {doc.doc_id: len(doc.events) for doc in gold_docs}
    cluster_of: dict[EventKey, str] = {}
    listed_on: dict[EventKey, int] = {}
    first_line: dict[str, int] = {}
    for number, obj in read_jsonl(path):
        try:
            cluster_id: str = get_field(obj, "cluster", is_nonempty_str, "a non-empty string", "")
            if cluster_id in first_line:
                raise FieldError(
                    f"duplicate cluster id {cluster_id!r} (first on line {first_line[cluster_id]})"
                )
            first_line[cluster_id] = number
            members = get_field(
                obj, "members", lambda v: is_list(v) and len(v) > 0, "a non-empty list", ""
            )
            for index, member in enumerate(members):
                where = f"members[{index}]"
                key = parse_cluster_member(member, where, event_counts)
                if key in cluster_of:
                    raise FieldError(
                        f"{where}: event {json.dumps(list(key))} is listed twice (first on line"
                        f" {listed_on[key]}, cluster {cluster_of[key]!r})"
                    )
                cluster_of[key], listed_on[key] = cluster_id, number
        except FieldError as exc:
            raise InputError(f"{path}:{number}: {exc}") from exc
    return cluster_of


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def counts_from(matched: int, predicted: int, gold: int) -> Counts:
    """Counts of a matching with `matched` pairs between `predicted` and `gold` items."""
    return Counts(tp=matched, fp=predicted - matched, fn=gold - matched)


@dataclass
class Agreement:
    """How a predicted event agrees with the gold event it is compared with."""

    date: bool
    country: bool
    place: bool
    fatalities: bool
    actors: Counts

    def score(self) -> int:
        """Tie-break score: exact attributes plus matched actors."""
        exact = (self.date, self.country, self.place, self.fatalities)
        return sum(int(flag) for flag in exact) + self.actors.tp


@dataclass
class AttrTally:
    """Attribute agreement summed over matched event pairs."""

    matched: int = 0
    date: int = 0
    country: int = 0
    place: int = 0
    fatalities: int = 0
    actors: Counts = field(default_factory=Counts)

    def add(self, agreement: Agreement) -> None:
        """Count one matched pair."""
        self.matched += 1
        self.date += int(agreement.date)
        self.country += int(agreement.country)
        self.place += int(agreement.place)
        self.fatalities += int(agreement.fatalities)
        self.actors = self.actors + agreement.actors

    def __add__(self, other: "AttrTally") -> "AttrTally":
        return AttrTally(
            matched=self.matched + other.matched,
            date=self.date + other.date,
            country=self.country + other.country,
            place=self.place + other.place,
            fatalities=self.fatalities + other.fatalities,
            actors=self.actors + other.actors,
        )


def valued_agreement(gold: Event, pred: Event) -> dict[str, bool]:
    """Agreement on each attribute of VALUED_ATTRS whose gold value is set (others are absent).

    A null prediction never agrees with a gold value; a gold place that normalizes to "" counts
    as null (places_match would let a null prediction agree with it).
    """
    agreement: dict[str, bool] = {}
    if gold.date is not None:
        agreement["date"] = pred.date == gold.date
    if gold.country is not None:
        agreement["country"] = pred.country == gold.country
    if gold.place is not None and normalize_name(gold.place):
        agreement["place"] = places_match(gold.place, pred.place)
    if gold.fatalities is not None:
        agreement["fatalities"] = pred.fatalities == gold.fatalities
    if gold.injured is not None:
        agreement["injured"] = pred.injured == gold.injured
    return agreement


@dataclass
class ValuedTally:
    """Per attribute: matched pairs with a gold value (`n`) and those the prediction got right."""

    n: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Event, pred: Event) -> None:
        """Count one matched pair."""
        for attr, agrees in valued_agreement(gold, pred).items():
            self.n[attr] += 1
            self.correct[attr] += int(agrees)

    def __add__(self, other: "ValuedTally") -> "ValuedTally":
        return ValuedTally(n=self.n + other.n, correct=self.correct + other.correct)


@dataclass
class EventScores:
    """Event counts of one document: lenient and strict matchings, attribute agreement."""

    by_type: dict[str, Counts]
    attrs: AttrTally
    strict_by_type: dict[str, Counts]
    valued: ValuedTally
    pairs: list[tuple[int, int]]  # the lenient matching: (gold index, predicted index)


@dataclass
class DocScore:
    """Everything counted on one document."""

    doc_id: str
    lang: str
    distractor: bool
    entities: Counts
    kind_correct: int
    events_by_type: dict[str, Counts]
    event_attrs: AttrTally
    death_tolls: Counts
    predicted_events: int
    valid_quotes: int
    events_strict_by_type: dict[str, Counts]
    event_attrs_valued: ValuedTally
    death_tolls_strict: Counts
    entity_pairs: list[tuple[int, int]]  # the entity matching: (gold index, predicted index)
    event_pairs: list[tuple[int, int]]  # the lenient event matching


def entity_keys(entity: Entity) -> set[str]:
    """Normalized canonical name and aliases of a gold entity."""
    keys = {normalize_name(entity.name)} | {normalize_name(alias) for alias in entity.aliases}
    keys.discard("")
    return keys


def score_entities(
    gold: list[Entity], pred: list[Entity]
) -> tuple[Counts, int, list[tuple[int, int]]]:
    """Match predicted to gold entities; return the counts, correct kinds and matched pairs."""
    gold_keys = [entity_keys(entity) for entity in gold]
    weights: dict[tuple[int, int], int] = {}
    for j, predicted in enumerate(pred):
        name = normalize_name(predicted.name)
        for i, entity in enumerate(gold):
            if name in gold_keys[i]:
                is_canonical = name == normalize_name(entity.name)
                weights[(i, j)] = int(is_canonical) + int(predicted.kind == entity.kind)
    pairs = max_matching(len(gold), len(pred), weights)
    kind_correct = sum(1 for i, j in pairs if gold[i].kind == pred[j].kind)
    return counts_from(len(pairs), len(pred), len(gold)), kind_correct, pairs


def actor_keys(actor: str, entities_by_name: dict[str, Entity]) -> set[str]:
    """Names a predicted actor may use for a gold actor: its entity's names, or the name itself."""
    entity = entities_by_name.get(normalize_name(actor))
    if entity is not None:
        return entity_keys(entity)
    return {normalize_name(actor)} - {""}


def score_actors(
    gold_actors: tuple[str, ...], pred_actors: tuple[str, ...], entities_by_name: dict[str, Entity]
) -> Counts:
    """Match the actors of one event pair."""
    gold_keys = [actor_keys(actor, entities_by_name) for actor in gold_actors]
    weights = {
        (i, j): 0
        for j, actor in enumerate(pred_actors)
        for i, keys in enumerate(gold_keys)
        if normalize_name(actor) in keys
    }
    matched = len(max_matching(len(gold_actors), len(pred_actors), weights))
    return counts_from(matched, len(pred_actors), len(gold_actors))


def events_compatible(gold: Event, pred: Event) -> bool:
    """Same type, compatible dates and compatible countries."""
    return (
        gold.type == pred.type
        and dates_compatible(gold.date, pred.date)
        and countries_compatible(gold.country, pred.country)
    )


def events_compatible_strict(gold: Event, pred: Event) -> bool:
    """Same type, strictly compatible dates and countries (a null prediction fits null gold only).

    Strict compatibility implies `events_compatible`.
    """
    return (
        gold.type == pred.type
        and dates_compatible_strict(gold.date, pred.date)
        and countries_compatible_strict(gold.country, pred.country)
    )


def compare_events(gold: Event, pred: Event, entities_by_name: dict[str, Entity]) -> Agreement:
    """Attribute agreement of a predicted event with a gold event."""
    return Agreement(
        date=pred.date == gold.date,
        country=pred.country == gold.country,
        place=places_match(gold.place, pred.place),
        fatalities=pred.fatalities == gold.fatalities,
        actors=score_actors(gold.actors, pred.actors, entities_by_name),
    )


def index_entities(entities: list[Entity]) -> dict[str, Entity]:
    """Gold entities by normalized canonical name (the first one wins)."""
    index: dict[str, Entity] = {}
    for entity in entities:
        index.setdefault(normalize_name(entity.name), entity)
    return index


def counts_by_type(
    gold: list[Event], pred: list[Event], pairs: list[tuple[int, int]]
) -> dict[str, Counts]:
    """Counts per event type of a matching (pairs of gold index, predicted index)."""
    gold_types = Counter(event.type for event in gold)
    pred_types = Counter(event.type for event in pred)
    matched_types = Counter(gold[i].type for i, _ in pairs)
    return {
        event_type: counts_from(
            matched_types[event_type], pred_types[event_type], gold_types[event_type]
        )
        for event_type in sorted(gold_types | pred_types)
    }


def score_events(doc: GoldDoc, pred: list[Event]) -> EventScores:
    """Match predicted to gold events, leniently and strictly (two separate matchings).

    Returns counts per type of both matchings, the attribute agreement (all pairs, and pairs
    with a gold value) on the lenient matching, and the lenient pairs.
    """
    entities_by_name = index_entities(doc.entities)
    agreements = {
        (i, j): compare_events(gold, predicted, entities_by_name)
        for i, gold in enumerate(doc.events)
        for j, predicted in enumerate(pred)
        if events_compatible(gold, predicted)
    }
    weights = {pair: agreement.score() for pair, agreement in agreements.items()}
    pairs = max_matching(len(doc.events), len(pred), weights)
    # Strictly compatible pairs are leniently compatible, so they are all among `weights`.
    strict_weights = {
        (i, j): weight
        for (i, j), weight in weights.items()
        if events_compatible_strict(doc.events[i], pred[j])
    }
    strict_pairs = max_matching(len(doc.events), len(pred), strict_weights)
    attrs = AttrTally()
    valued = ValuedTally()
    for i, j in pairs:
        attrs.add(agreements[(i, j)])
        valued.add(doc.events[i], pred[j])
    return EventScores(
        by_type=counts_by_type(doc.events, pred, pairs),
        attrs=attrs,
        strict_by_type=counts_by_type(doc.events, pred, strict_pairs),
        valued=valued,
        pairs=pairs,
    )


def tolls_compatible(gold: DeathToll, pred: DeathToll) -> bool:
    """Same country and count, compatible as_of dates."""
    return (
        pred.count is not None
        and pred.count == gold.count
        and pred.country == gold.country
        and dates_compatible(gold.as_of, pred.as_of)
    )


def tolls_compatible_strict(gold: DeathToll, pred: DeathToll) -> bool:
    """Compatible, and a null predicted as_of only where the gold as_of is null."""
    return tolls_compatible(gold, pred) and dates_compatible_strict(gold.as_of, pred.as_of)


def score_death_tolls(
    gold: list[DeathToll], pred: list[DeathToll], strict: bool = False
) -> Counts:
    """Match predicted to gold death tolls (with `tolls_compatible_strict` if `strict`)."""
    compatible = tolls_compatible_strict if strict else tolls_compatible
    weights = {
        (i, j): int(gold_toll.as_of == pred_toll.as_of)
        for i, gold_toll in enumerate(gold)
        for j, pred_toll in enumerate(pred)
        if compatible(gold_toll, pred_toll)
    }
    return counts_from(len(max_matching(len(gold), len(pred), weights)), len(pred), len(gold))


def quote_is_valid(quote: Any, text_length: int) -> bool:
    """A quote is an object with integer offsets 0 <= start < end <= text length."""
    if not isinstance(quote, dict):
        return False
    start, end = quote.get("start"), quote.get("end")
    return is_int(start) and is_int(end) and 0 <= start < end <= text_length


def score_document(doc: GoldDoc, pred: Prediction) -> DocScore:
    """Score one document against its prediction."""
    entities, kind_correct, entity_pairs = score_entities(doc.entities, pred.entities)
    events = score_events(doc, pred.events)
    return DocScore(
        doc_id=doc.doc_id,
        lang=doc.lang,
        distractor=doc.distractor,
        entities=entities,
        kind_correct=kind_correct,
        events_by_type=events.by_type,
        event_attrs=events.attrs,
        death_tolls=score_death_tolls(doc.death_tolls, pred.death_tolls),
        predicted_events=len(pred.events),
        valid_quotes=sum(1 for event in pred.events if quote_is_valid(event.quote, len(doc.text))),
        events_strict_by_type=events.strict_by_type,
        event_attrs_valued=events.valued,
        death_tolls_strict=score_death_tolls(doc.death_tolls, pred.death_tolls, strict=True),
        entity_pairs=entity_pairs,
        event_pairs=events.pairs,
    )


# --------------------------------------------------------------------------- summaries


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


def prf(counts: Counts) -> dict[str, Any]:
    """Precision, recall, F1 and the underlying counts."""
    return {
        "p": ratio(counts.tp, counts.tp + counts.fp),
        "r": ratio(counts.tp, counts.tp + counts.fn),
        "f1": ratio(2 * counts.tp, 2 * counts.tp + counts.fp + counts.fn),
        "tp": counts.tp,
        "fp": counts.fp,
        "fn": counts.fn,
    }


def sum_counts(items: Iterable[Counts]) -> Counts:
    """Sum of Counts."""
    total = Counts()
    for item in items:
        total = total + item
    return total


def type_order(types: Iterable[str]) -> list[str]:
    """Ontology types in ontology order, then any unknown types alphabetically."""
    unknown = sorted(set(types) - set(EVENT_TYPES))
    return list(EVENT_TYPES) + unknown


def valued_summary(valued: ValuedTally) -> dict[str, Any]:
    """{attr: {n, correct, acc}} for every attribute of VALUED_ATTRS."""
    return {
        attr: {
            "n": valued.n[attr],
            "correct": valued.correct[attr],
            "acc": ratio(valued.correct[attr], valued.n[attr]),
        }
        for attr in VALUED_ATTRS
    }


def summarize(scores: list[DocScore]) -> dict[str, Any]:
    """Aggregate document scores into the report of one split."""
    types = type_order(
        t for score in scores for t in (*score.events_by_type, *score.events_strict_by_type)
    )
    by_type = {
        t: sum_counts(score.events_by_type.get(t, Counts()) for score in scores) for t in types
    }
    strict_by_type = {
        t: sum_counts(score.events_strict_by_type.get(t, Counts()) for score in scores)
        for t in types
    }
    entities = sum_counts(score.entities for score in scores)
    attrs = sum((score.event_attrs for score in scores), AttrTally())
    valued = sum((score.event_attrs_valued for score in scores), ValuedTally())
    predicted_events = sum(score.predicted_events for score in scores)
    valid_quotes = sum(score.valid_quotes for score in scores)
    return {
        "docs": len(scores),
        "distractor_docs": sum(1 for score in scores if score.distractor),
        "entities": {
            **prf(entities),
            "kind_acc": ratio(sum(score.kind_correct for score in scores), entities.tp),
        },
        "events": prf(sum_counts(by_type.values())),
        "events_no_other": prf(sum_counts(c for t, c in by_type.items() if t != OTHER_TYPE)),
        "events_by_type": {t: prf(counts) for t, counts in by_type.items()},
        "event_attrs": {
            "matched": attrs.matched,
            "date": ratio(attrs.date, attrs.matched),
            "country": ratio(attrs.country, attrs.matched),
            "place": ratio(attrs.place, attrs.matched),
            "fatalities": ratio(attrs.fatalities, attrs.matched),
            "actors": prf(attrs.actors),
        },
        "death_tolls": prf(sum_counts(score.death_tolls for score in scores)),
        "distractor_events": sum(s.predicted_events for s in scores if s.distractor),
        "quote_valid": ratio(valid_quotes, predicted_events),
        "quote_valid_count": valid_quotes,
        "predicted_events": predicted_events,
        "events_strict": prf(sum_counts(strict_by_type.values())),
        "events_strict_no_other": prf(
            sum_counts(c for t, c in strict_by_type.items() if t != OTHER_TYPE)
        ),
        "events_strict_by_type": {t: prf(counts) for t, counts in strict_by_type.items()},
        "event_attrs_valued": valued_summary(valued),
        "death_tolls_strict": prf(sum_counts(score.death_tolls_strict for score in scores)),
    }


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Link:
    """One matched (gold, predicted) pair of a document, as cross-document resolution sees it.

    `gold` is the gold identity (equal for the same real-world actor or event); `pred` is the
    predicted actor or cluster id, None where the prediction has none (a singleton).
    """

    doc_id: str
    lang: str
    gold: Hashable
    pred: str | None


def pairs_across(parts: Counter[str]) -> int:
    """Unordered pairs of items in different parts, given the number of items in each part."""
    total = sum(parts.values())
    return (total * total - sum(n * n for n in parts.values())) // 2


def linked_pairs(
    links: list[Link],
    key: Callable[[Link], Hashable | None],
    part: Callable[[Link], str] = lambda link: link.doc_id,
) -> int:
    """Unordered pairs of links in different parts (documents) whose keys are equal, not None."""
    groups: dict[Hashable, Counter[str]] = {}
    for link in links:
        value = key(link)
        if value is not None:
            groups.setdefault(value, Counter())[part(link)] += 1
    return sum(pairs_across(parts) for parts in groups.values())


def pairwise_resolution(links: list[Link]) -> dict[str, Any]:
    """Pairwise P/R/F1 over pairs of links in different documents, and the gold pair counts.

    Gold says "same" when the gold identities are equal, the prediction when both predicted ids
    are set and equal. Counted in O(n) from group sizes instead of enumerating the pairs.
    """
    gold_pairs = linked_pairs(links, lambda link: link.gold)
    pred_pairs = linked_pairs(links, lambda link: link.pred)
    tp = linked_pairs(links, lambda link: None if link.pred is None else (link.gold, link.pred))
    return {
        **prf(Counts(tp=tp, fp=pred_pairs - tp, fn=gold_pairs - tp)),
        "gold_pairs": gold_pairs,
        "cross_language_gold_pairs": linked_pairs(
            links, lambda link: link.gold, lambda link: link.lang
        ),
    }


def bcubed(links: list[Link]) -> dict[str, float | None]:
    """B-cubed P/R/F1 of the predicted clusters against the gold ones, over all the links.

    A link without a predicted id is a predicted singleton. Same-document links count too.
    """
    if not links:
        return {"p": None, "r": None, "f1": None}
    gold = [link.gold for link in links]
    pred: list[Hashable] = [
        link.pred if link.pred is not None else ("unresolved", index)
        for index, link in enumerate(links)
    ]
    gold_size, pred_size, cells = Counter(gold), Counter(pred), Counter(zip(gold, pred))
    # Each of the n links of a cell (g, p) has |G ∩ P| = n: P_i = n / |P|, R_i = n / |G|.
    precision = sum((Fraction(n * n, pred_size[p]) for (_, p), n in cells.items()), Fraction())
    recall = sum((Fraction(n * n, gold_size[g]) for (g, _), n in cells.items()), Fraction())
    precision, recall = precision / len(links), recall / len(links)
    return {
        "p": float(precision),
        "r": float(recall),
        "f1": float(2 * precision * recall / (precision + recall)),
    }


def actor_splits(
    links: list[Link], names: dict[Hashable, str]
) -> tuple[float | None, list[list[Any]]]:
    """Mean number of distinct predicted ids per gold identity matched in two or more documents
    (a link without an id counts as one more), and the worst identities ([name, n] with n > 1,
    most first, at most WORST_ACTORS_JSON)."""
    groups: dict[Hashable, list[Link]] = {}
    for link in links:
        groups.setdefault(link.gold, []).append(link)
    split_counts: list[tuple[str, int]] = []
    for identity, group in groups.items():
        if len({link.doc_id for link in group}) < 2:
            continue
        resolved = {link.pred for link in group if link.pred is not None}
        unresolved = sum(1 for link in group if link.pred is None)
        split_counts.append((names[identity], len(resolved) + unresolved))
    mean = ratio(sum(n for _, n in split_counts), len(split_counts))
    # Stable sort: ties keep the order in which the identities are first matched (file order).
    worst = sorted((item for item in split_counts if item[1] > 1), key=lambda item: -item[1])
    return mean, [[name, n] for name, n in worst[:WORST_ACTORS_JSON]]


# Countries and places dominate actor pairs (one country appears in many documents); the
# "actors_core" block leaves them out, so it measures people, bodies, companies and parties.
GEOGRAPHIC_KINDS = frozenset({"country", "place"})


def resolution_summary(
    gold_docs: list[GoldDoc],
    preds: list[Prediction],
    scores: list[DocScore],
    clusters: dict[EventKey, str] | None,
) -> dict[str, Any]:
    """Cross-document resolution of actors and events over the matched pairs of all documents.

    Actors: the gold identity of a matched gold entity is (normalized canonical name, kind);
    events: the gold event's cluster in `clusters`, or a singleton if it is not listed. The
    event block is None without a clusters file.
    """
    actor_links: list[Link] = []
    core_links: list[Link] = []
    event_links: list[Link] = []
    names: dict[Hashable, str] = {}
    for doc, pred, score in zip(gold_docs, preds, scores):
        for i, j in score.entity_pairs:
            gold_entity = doc.entities[i]
            identity = (normalize_name(gold_entity.name), gold_entity.kind)
            names.setdefault(identity, gold_entity.name)
            link = Link(doc.doc_id, doc.lang, identity, pred.entities[j].actor)
            actor_links.append(link)
            if gold_entity.kind not in GEOGRAPHIC_KINDS:
                core_links.append(link)
        for i, j in score.event_pairs:
            key = (doc.doc_id, i)
            gold_cluster: Hashable = clusters.get(key, key) if clusters is not None else key
            event_links.append(Link(doc.doc_id, doc.lang, gold_cluster, pred.events[j].cluster))
    mean, worst = actor_splits(actor_links, names)
    actors = {
        **pairwise_resolution(actor_links),
        "actors_per_entity_mean": mean,
        "worst": worst,
    }
    core_mean, _ = actor_splits(core_links, names)
    actors_core = {**pairwise_resolution(core_links), "actors_per_entity_mean": core_mean}
    events = (
        None
        if clusters is None
        else {**pairwise_resolution(event_links), "bcubed": bcubed(event_links)}
    )
    return {"actors": actors, "events": events, "actors_core": actors_core}


def build_report(
    gold_docs: list[GoldDoc],
    predictions: dict[str, Prediction],
    warnings: list[str],
    per_doc: bool,
    clusters: dict[EventKey, str] | None = None,
) -> dict[str, Any]:
    """Score every gold document and summarize all, en and es (and each document if asked).

    Cross-document resolution ("resolution") is added to "all" only.
    """
    preds = [predictions.get(doc.doc_id, Prediction(doc.doc_id)) for doc in gold_docs]
    scores = [score_document(doc, pred) for doc, pred in zip(gold_docs, preds)]
    report: dict[str, Any] = {
        split: summarize([s for s in scores if split in ("all", s.lang)]) for split in SPLITS
    }
    report["all"]["resolution"] = resolution_summary(gold_docs, preds, scores, clusters)
    report["warnings"] = warnings
    if per_doc:
        report["per_doc"] = {
            score.doc_id: {"lang": score.lang, **summarize([score])} for score in scores
        }
    return report


def missing_prediction_warning(
    gold_docs: list[GoldDoc], predictions: dict[str, Prediction]
) -> list[str]:
    """A warning listing gold documents without a prediction line, if any."""
    missing = [doc.doc_id for doc in gold_docs if doc.doc_id not in predictions]
    if not missing:
        return []
    shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
    return [f"no prediction line for {len(missing)} gold document(s), scored as empty: {shown}"]


# --------------------------------------------------------------------------- text report


def fmt(value: Any) -> str:
    """Format a report value: null as '-', shares with three decimals."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def fmt_counts(block: dict[str, Any]) -> str:
    """tp/fp/fn of a P/R/F1 block."""
    return f"{block['tp']}/{block['fp']}/{block['fn']}"


def render_table(header: list[str], rows: list[list[str]], left_columns: int = 1) -> str:
    """Align a table: the first `left_columns` columns left, the rest right."""
    widths = [max(len(row[c]) for row in [header] + rows) for c in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(width) if c < left_columns else cell.rjust(width)
            for c, (cell, width) in enumerate(zip(cells, widths))
        ]
        return "  ".join(padded).rstrip()

    separator = ["-" * width for width in widths]
    return "\n".join([line(header), line(separator)] + [line(row) for row in rows])


def fmt_valued(block: dict[str, Any]) -> str:
    """Accuracy and correct/n of a valued attribute, e.g. "0.750 (3/4)"."""
    return f"{fmt(block['acc'])} ({block['correct']}/{block['n']})"


def prf_rows(group: str, block: JsonObject) -> list[tuple[str, str, str]]:
    """(group, metric, value) rows for a P/R/F1 block."""
    return [
        (group, "P", fmt(block["p"])),
        ("", "R", fmt(block["r"])),
        ("", "F1", fmt(block["f1"])),
        ("", "tp/fp/fn", fmt_counts(block)),
    ]


def summary_column(summary: JsonObject) -> list[tuple[str, str, str]]:
    """(group, metric, value) rows of the main table for one split."""
    attrs = summary["event_attrs"]
    rows = [
        ("documents", "", fmt(summary["docs"])),
        ("", "distractors", fmt(summary["distractor_docs"])),
    ]
    rows += prf_rows("entities", summary["entities"])
    rows.append(("", "kind acc", fmt(summary["entities"]["kind_acc"])))
    rows += prf_rows("events", summary["events"])
    rows += prf_rows("events w/o other", summary["events_no_other"])
    rows += prf_rows("events strict", summary["events_strict"])
    rows += prf_rows("events strict w/o other", summary["events_strict_no_other"])
    for index, attr in enumerate(VALUED_ATTRS):
        group = "valued attrs (ok/n)" if index == 0 else ""
        rows.append((group, f"{attr} acc", fmt_valued(summary["event_attrs_valued"][attr])))
    rows.append(("matched events", "n", fmt(attrs["matched"])))
    for attr in ("date", "country", "place", "fatalities"):
        rows.append(("", f"{attr} acc", fmt(attrs[attr])))
    for metric, key in (("actor P", "p"), ("actor R", "r"), ("actor F1", "f1")):
        rows.append(("", metric, fmt(attrs["actors"][key])))
    rows += prf_rows("death tolls", summary["death_tolls"])
    rows += prf_rows("death tolls strict", summary["death_tolls_strict"])
    rows.append(("distractor events", "", fmt(summary["distractor_events"])))
    rows.append(("quotes", "valid share", fmt(summary["quote_valid"])))
    rows.append(
        ("", "valid/predicted", f"{summary['quote_valid_count']}/{summary['predicted_events']}")
    )
    return rows


def summary_table(report: JsonObject) -> str:
    """The main table: one row per metric, one column per split."""
    columns = [summary_column(report[split]) for split in SPLITS]
    rows = [
        [group, metric] + [column[index][2] for column in columns]
        for index, (group, metric, _) in enumerate(columns[0])
    ]
    return render_table(["metric", ""] + list(SPLITS), rows, left_columns=2)


def by_type_table(summary: dict[str, Any]) -> str:
    """Events per type for one split (types with no gold and no predicted event are left out)."""
    rows = []
    for event_type, block in summary["events_by_type"].items():
        gold, pred = block["tp"] + block["fn"], block["tp"] + block["fp"]
        if gold or pred:
            rows.append(
                [event_type, str(gold), str(pred), str(block["tp"])]
                + [fmt(block[k]) for k in ("p", "r", "f1")]
            )
    if not rows:
        return "(no events)"
    return render_table(["type", "gold", "pred", "tp", "P", "R", "F1"], rows)


def per_doc_table(per_doc: dict[str, dict[str, Any]]) -> str:
    """One row per document with the main counts."""
    rows = [
        [
            doc_id,
            summary["lang"],
            "yes" if summary["distractor_docs"] else "",
            fmt_counts(summary["entities"]),
            fmt_counts(summary["events"]),
            fmt(summary["events"]["f1"]),
            fmt_counts(summary["death_tolls"]),
            f"{summary['quote_valid_count']}/{summary['predicted_events']}",
        ]
        for doc_id, summary in per_doc.items()
    ]
    header = ["id", "lang", "distractor", "entities tp/fp/fn", "events tp/fp/fn", "events F1",
              "tolls tp/fp/fn", "quotes ok"]
    return render_table(header, rows, left_columns=3)


def resolution_block(resolution: JsonObject) -> str:
    """Cross-document resolution: actor and event figures side by side, then the worst actors."""
    actors, events = resolution["actors"], resolution["events"]

    def cell(block: JsonObject | None, value: Callable[[JsonObject], str]) -> str:
        return "-" if block is None else value(block)

    rows = [
        [label, value(actors), cell(events, value)]
        for label, value in (
            ("pairwise P", lambda b: fmt(b["p"])),
            ("pairwise R", lambda b: fmt(b["r"])),
            ("pairwise F1", lambda b: fmt(b["f1"])),
            ("pairwise tp/fp/fn", fmt_counts),
            ("gold same-pairs", lambda b: fmt(b["gold_pairs"])),
            ("  of them cross-language", lambda b: fmt(b["cross_language_gold_pairs"])),
        )
    ]
    for key in ("p", "r", "f1"):
        rows.append([f"B-cubed {key.upper()}", "", cell(events, lambda b: fmt(b["bcubed"][key]))])
    rows.append(["predicted ids per gold actor", fmt(actors["actors_per_entity_mean"]), ""])
    core = resolution.get("actors_core")
    if core is not None:
        rows.append(["actors w/o countries, places: F1", fmt(core["f1"]), ""])
        rows.append(["  tp/fp/fn", fmt_counts(core), ""])
        rows.append(["  predicted ids per gold actor", fmt(core["actors_per_entity_mean"]), ""])
    lines = [
        "cross-document resolution (all documents; matched pairs in different documents)",
        render_table(["metric", "actors", "events"], rows),
    ]
    if events is None:
        lines.append("events: not scored (no --clusters file)")
    worst = actors["worst"][:WORST_ACTORS_TEXT]
    if worst:
        lines.append(f"gold actors split over most predicted ids (worst {WORST_ACTORS_TEXT}):")
        lines += [f"  {n:>3}  {name}" for name, n in worst]
    else:
        lines.append("gold actors split over several predicted ids: none")
    return "\n".join(lines)


def format_text(report: dict[str, Any], gold_path: str, pred_path: str) -> str:
    """The plain-text report."""
    parts = [f"veeduria scorer\ngold: {gold_path}\npred: {pred_path}", summary_table(report)]
    for split in SPLITS:
        parts.append(f"events by type ({split})\n{by_type_table(report[split])}")
    parts.append(resolution_block(report["all"]["resolution"]))
    if "per_doc" in report:
        parts.append(f"per document\n{per_doc_table(report['per_doc'])}")
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(
        description="Score veeduria predictions against a gold file (rules: FORMAT.md)."
    )
    parser.add_argument("gold", help="gold JSONL file")
    parser.add_argument("pred", help="prediction JSONL file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--per-doc", action="store_true", help="add a per-document breakdown")
    parser.add_argument(
        "--clusters",
        metavar="CLUSTERS.jsonl",
        help="gold event clusters across documents; without it, event resolution is not scored",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the scorer; return the exit code (0, or 2 for bad input)."""
    args = parse_args(argv)
    try:
        gold_docs = load_gold(args.gold)
        clusters = None if args.clusters is None else load_clusters(args.clusters, gold_docs)
        predictions, warnings = load_predictions(args.pred, {doc.doc_id for doc in gold_docs})
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    warnings += missing_prediction_warning(gold_docs, predictions)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    report = build_report(gold_docs, predictions, warnings, args.per_doc, clusters)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_text(report, args.gold, args.pred), end="")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
