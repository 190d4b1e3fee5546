"""Find every chain of events that fits a pattern, with the evidence for each step.

The search is breadth-first over the pattern's steps (`Pattern.evaluation_order`): for each
step, one SQL query selects candidates by type, by the countries the partial chains allow and by
the union of their time windows (`candidates.load_candidates`); the partial chains are then
extended in Python with the exact per-chain windows, countries, places and actors. Negative
steps drop the chains for which any possibly matching event exists (an event whose country or
place is unknown counts as possibly matching: absence is claimed cautiously), and chains whose
negative window has not closed by `as_of` (default: the newest publication date stored).

Chains that share their first step's happening (the same cluster, or reports of the same
country within a few days of each other) and bind the same actors' countries are one
`Finding`: each step lists every event that completes such a chain, best evidence first.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from veeduria.query.patterns.actors import ActorInfo
from veeduria.query.patterns.candidates import (
    DateInterval,
    Evidence,
    ResolvedEvent,
    StepActor,
    load_candidates,
)
from veeduria.query.patterns.model import CountryConstraint, Pattern, Step
from veeduria.store.schema import documents

__all__ = [
    "Chain",
    "Finding",
    "PatternRun",
    "StepMatch",
    "TooManyChains",
    "run_pattern",
]

#: Reports of a first step within this many days of each other (same country) are one happening.
SAME_HAPPENING_DAYS = 3
#: Date ranges one candidate query asks for at most (closer ones are joined).
MAX_WINDOWS = 20
#: A guard against patterns so loose that chains multiply without end.
MAX_PARTIAL_CHAINS = 200_000


class TooManyChains(RuntimeError):
    """The pattern is too loose for this evidence base; the message says what to narrow."""


@dataclass(frozen=True)
class BoundActor:
    name: str
    kind: str
    country: str | None
    country_source: str | None


@dataclass
class Chain:
    """One assignment of events to the positive steps, and the actors they bind."""

    events: dict[str, ResolvedEvent] = field(default_factory=dict)
    actors: dict[str, StepActor] = field(default_factory=dict)  # step id -> matched actor
    bound: dict[str, BoundActor] = field(default_factory=dict)  # `as:` name -> actor
    # negative step id -> the window in which nothing was found
    empty_windows: dict[str, tuple[date, date]] = field(default_factory=dict)
    # `at_least` step id -> every (event, actor) that counted
    counted: dict[str, list[tuple[ResolvedEvent, StepActor | None]]] = field(default_factory=dict)

    def extended(
        self, step: Step, event: ResolvedEvent, actor: StepActor | None, info: ActorInfo | None
    ) -> Chain:
        chain = Chain(
            dict(self.events),
            dict(self.actors),
            dict(self.bound),
            dict(self.empty_windows),
            dict(self.counted),
        )
        chain.events[step.id] = event
        if actor is not None:
            chain.actors[step.id] = actor
            if step.actor is not None and step.actor.bind and info is not None:
                chain.bound[step.actor.bind] = BoundActor(
                    actor.name, info.kind, info.country, info.country_source
                )
        return chain


@dataclass
class StepMatch:
    """What a finding shows for one step."""

    step: Step
    events: list[ResolvedEvent] = field(default_factory=list)
    actors: dict[str, list[StepActor]] = field(default_factory=dict)  # event id -> actors
    window: tuple[date, date] | None = None  # for a negative step: where nothing was found

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "step": self.step.number,
            "id": self.step.id,
            "label": self.step.title,
            "types": list(self.step.types),
            "absent": self.step.absent,
        }
        if self.step.absent:
            out["window"] = (
                {"from": self.window[0].isoformat(), "to": self.window[1].isoformat()}
                if self.window
                else None
            )
            out["events"] = []
            return out
        out["events"] = [_event_dict(e, self.actors.get(e.id, [])) for e in self.events]
        return out


@dataclass
class Finding:
    number: int
    country: str | None
    date: DateInterval | None
    bound: dict[str, BoundActor]
    steps: list[StepMatch]
    chains: int

    def as_dict(self, pattern: Pattern) -> dict[str, Any]:
        return {
            "pattern": pattern.name,
            "finding": self.number,
            "country": self.country,
            "date": self.date.as_dict() if self.date else None,
            "actors": {
                k: {"name": b.name, "kind": b.kind, "country": b.country}
                for k, b in sorted(self.bound.items())
            },
            "chains": self.chains,
            "steps": [s.as_dict() for s in self.steps],
        }


@dataclass
class PatternRun:
    pattern: Pattern
    findings: list[Finding]
    as_of: date | None
    country: str | None = None
    reviewed_only: bool = False
    candidates: dict[str, int] = field(default_factory=dict)  # step id -> events considered

    def as_dicts(self) -> list[dict[str, Any]]:
        return [f.as_dict(self.pattern) for f in self.findings]


# ------------------------------------------------------------------------------ windows


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _window_of(
    step: Step, chain: Chain, span: tuple[date, date] | None
) -> tuple[date, date] | None:
    if step.after is not None:
        ref = chain.events[step.after.step].date
        assert ref is not None
        end = ref.hi + timedelta(days=step.after.days)
        if step.after.months:
            end = add_months(end, step.after.months)
        return ref.lo, end
    if step.during_span:
        return span
    return None


def _span(pattern: Pattern, chain: Chain) -> tuple[date, date] | None:
    """From the earliest to the latest date of the positive steps without `during: span`
    (every event a merged chain holds for them)."""
    dated = [
        event.date
        for s in pattern.steps
        if not s.absent and not s.during_span and s.id in chain.events
        for event in [chain.events[s.id], *(e for e, _ in chain.counted.get(s.id, []))]
    ]
    intervals = [d for d in dated if d is not None]
    if not intervals:
        return None
    return min(d.lo for d in intervals), max(d.hi for d in intervals)


def _overlaps(interval: DateInterval | None, window: tuple[date, date]) -> bool:
    return interval is not None and interval.lo <= window[1] and interval.hi >= window[0]


# ------------------------------------------------------------------------------ constraints


def _ref_countries(ref: str, chain: Chain) -> set[str] | None:
    """The countries a reference stands for in this chain; None when unknown."""
    if ref in chain.bound:
        country = chain.bound[ref].country
        return {country} if country else None
    event = chain.events.get(ref)
    if event is None or not event.countries:
        return None
    return set(event.countries)


def _country_ok(
    constraint: CountryConstraint, countries: Iterable[str | None], chain: Chain, *, unknown: bool
) -> bool:
    """Whether some country in `countries` meets the constraint. An unknown country (or an
    unknown reference) gives `unknown`: False for positive steps, True for negative ones."""
    known = [c for c in countries if c]
    if not known:
        return unknown
    for country in known:
        ok = True
        if constraint.in_ and country not in constraint.in_:
            ok = False
        if constraint.same_as:
            # the same as any of the references
            known_refs = [_ref_countries(ref, chain) for ref in constraint.same_as]
            if any(r is not None and country in r for r in known_refs):
                pass
            elif any(r is None for r in known_refs):
                ok = ok and unknown
            else:
                ok = False
        for ref in constraint.differs_from:
            ref_countries = _ref_countries(ref, chain)
            if ref_countries is None:
                ok = ok and unknown
            elif country in ref_countries:
                ok = False
        if ok:
            return True
    return False


def _actor_options(
    step: Step, event: ResolvedEvent, chain: Chain, *, unknown: bool
) -> list[tuple[StepActor | None, ActorInfo | None]]:
    """The (actor, reading) pairs of `event` that satisfy the step's actor constraint."""
    constraint = step.actor
    if constraint is None:
        return [(None, None)]
    options: list[tuple[StepActor | None, ActorInfo | None]] = []
    seen: set[tuple[str, str | None]] = set()
    pool = event.actors + (event.mentions if constraint.mentioned else [])
    for actor in pool:
        if constraint.roles and actor.role not in constraint.roles:
            continue
        if constraint.names and actor.name not in constraint.names:
            continue
        infos = list(actor.infos) or [ActorInfo(actor.name, "", None)]
        for info in infos:
            if constraint.kinds and info.kind not in constraint.kinds:
                continue
            if constraint.country is not None and not _country_ok(
                constraint.country, [info.country], chain, unknown=unknown
            ):
                continue
            key = (actor.name, info.country)
            if key in seen:
                continue
            seen.add(key)
            options.append((actor, info))
    return options


def _matches(
    step: Step,
    event: ResolvedEvent,
    chain: Chain,
    span: tuple[date, date] | None,
) -> list[tuple[StepActor | None, ActorInfo | None]]:
    """The ways `event` can fill `step` in `chain` (empty: it cannot)."""
    unknown = step.absent
    window = _window_of(step, chain, span)
    if window is not None and not _overlaps(event.date, window):
        return []
    if step.country is not None and not _country_ok(
        step.country, event.countries, chain, unknown=unknown
    ):
        return []
    if step.same_place_as is not None:
        ref_places = chain.events[step.same_place_as].places
        if event.places and ref_places:
            if not (event.places & ref_places):
                return []
        elif not unknown:
            return []
    if any(e.id == event.id for e in chain.events.values()):
        return []  # one event fills one step
    return _actor_options(step, event, chain, unknown=unknown)


def _prefilter(
    step: Step, partials: Sequence[Chain], pattern: Pattern, country: str | None
) -> tuple[set[str] | None, list[tuple[date, date]] | None]:
    """The countries and the date range that every partial chain's needs fall within, for
    the SQL candidate query. None means "no restriction"."""
    countries: set[str] | None = None
    if step.country is not None and not step.absent:
        if step.country.in_:
            countries = set(step.country.in_)
        elif step.country.same_as:
            allowed: set[str] = set()
            for chain in partials:
                for ref in step.country.same_as:
                    allowed |= _ref_countries(ref, chain) or set()
            countries = allowed if countries is None else countries & allowed
    elif country is not None and not partials[0].events:
        countries = {country}
    windows = [
        w for chain in partials if (w := _window_of(step, chain, _span(pattern, chain))) is not None
    ]
    return countries, merge_windows(windows) or None


def merge_windows(
    windows: Sequence[tuple[date, date]], limit: int = MAX_WINDOWS
) -> list[tuple[date, date]]:
    """Overlapping windows merged, then the closest neighbours joined until at most `limit`
    remain: coups of 2009, 2019 and 2022 ask for three date ranges, not 2009 to 2024."""
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    while len(merged) > limit:
        gaps = [(merged[i + 1][0] - merged[i][1], i) for i in range(len(merged) - 1)]
        _, i = min(gaps)
        merged[i : i + 2] = [(merged[i][0], max(merged[i][1], merged[i + 1][1]))]
    return merged


# ------------------------------------------------------------------------------ the run


def newest_publication(conn: Connection) -> date | None:
    """The newest publication date in the store: what the store can speak for."""
    value = conn.execute(sa.select(sa.func.max(documents.c.published))).scalar_one_or_none()
    if not value:
        return None
    from veeduria.query.patterns.candidates import parse_date_interval

    interval = parse_date_interval(str(value))
    return interval.hi if interval else None


def run_pattern(
    engine: Engine,
    pattern: Pattern,
    *,
    country: str | None = None,
    reviewed_only: bool = False,
    as_of: date | None = None,
) -> PatternRun:
    """Every finding of `pattern` in the store behind `engine`."""
    with engine.connect() as conn:
        if as_of is None:
            as_of = newest_publication(conn)
        run = PatternRun(pattern, [], as_of, country, reviewed_only)
        actor_cache: dict[str, list[ActorInfo]] = {}
        partials: list[Chain] = [Chain()]
        for step in pattern.evaluation_order():
            countries, windows = _prefilter(step, partials, pattern, country)
            candidates = load_candidates(
                conn,
                step.types,
                countries=countries,
                windows=windows,
                reviewed_only=reviewed_only,
                actor_cache=actor_cache,
                mentions=step.actor is not None and step.actor.mentioned,
            )
            if not partials[0].events:
                # The first step anchors dates and countries: it needs both.
                candidates = [c for c in candidates if c.date is not None and c.countries]
                if country is not None:
                    candidates = [c for c in candidates if country in c.countries]
            run.candidates[step.id] = len(candidates)
            partials = _extend(step, partials, candidates, pattern, as_of)
            if not step.absent:
                partials = _merge_equivalent(pattern, step, partials)
            if len(partials) > MAX_PARTIAL_CHAINS:
                raise TooManyChains(
                    f"pattern {pattern.name!r}: more than {MAX_PARTIAL_CHAINS} partial chains "
                    f"at step {step.number} ({step.id}); narrow it with --country or tighter "
                    "windows"
                )
            if not partials:
                break
        run.findings = _findings(pattern, partials)
    return run


def _signature(pattern: Pattern, chain: Chain, remaining: list[Step]) -> tuple[Any, ...]:
    """What the remaining steps and the grouping into findings can tell apart: the first
    step's event, the events and actors' countries the remaining steps refer to, every bound
    actor's country, and where a span is still needed, its start."""
    first = pattern.evaluation_order()[0]
    refs: set[str] = set()
    for step in remaining:
        if step.after is not None:
            refs.add(step.after.step)
        if step.same_place_as:
            refs.add(step.same_place_as)
        if step.country is not None:
            refs.update(step.country.refs())
        if step.actor is not None and step.actor.country is not None:
            refs.update(step.actor.country.refs())
    events = tuple(sorted((r, chain.events[r].id) for r in refs if r in chain.events))
    bound = tuple(sorted((k, b.country or b.name) for k, b in chain.bound.items()))
    span = _span(pattern, chain) if any(s.during_span for s in remaining) else None
    return (chain.events[first.id].id, events, bound, span[0] if span else None)


def _merge_equivalent(pattern: Pattern, step: Step, partials: list[Chain]) -> list[Chain]:
    """One chain per signature, holding every event its members found for each step (a
    span still needed then runs to the latest of them: the members share its start, so a
    later event in it lies in some member's span)."""
    order = pattern.evaluation_order()
    remaining = order[order.index(step) + 1 :]
    merged: dict[tuple[Any, ...], Chain] = {}
    # per merged chain and step: the (event, actor) keys it holds, in a list made here
    seen: dict[tuple[int, str], set[tuple[str, str | None]]] = {}

    def key_of(pair: tuple[ResolvedEvent, StepActor | None]) -> tuple[str, str | None]:
        return pair[0].id, pair[1].name if pair[1] is not None else None

    for chain in partials:
        into = merged.setdefault(_signature(pattern, chain, remaining), chain)
        if into is chain:
            continue
        for step_id, event in chain.events.items():
            held = seen.get((id(into), step_id))
            if held is None:
                # A fresh list: extended chains share their parents' lists.
                pairs = list(
                    into.counted.get(step_id) or [(into.events[step_id], into.actors.get(step_id))]
                )
                into.counted[step_id] = pairs
                held = seen[(id(into), step_id)] = {key_of(p) for p in pairs}
            for pair in chain.counted.get(step_id) or [(event, chain.actors.get(step_id))]:
                if key_of(pair) not in held:
                    held.add(key_of(pair))
                    into.counted[step_id].append(pair)
    return list(merged.values())


class _CandidateIndex:
    """A step's candidates by country and start date, so each chain looks only at the events
    its countries and window allow instead of every candidate."""

    def __init__(self, candidates: list[ResolvedEvent], step: Step) -> None:
        self.all = candidates
        # event ids by the countries of the actors the step could take
        self.by_actor_country: dict[str, set[str]] = {}
        if step.actor is not None:
            for event in candidates:
                pool = event.actors + (event.mentions if step.actor.mentioned else [])
                for actor in pool:
                    for info in actor.infos:
                        if info.country:
                            self.by_actor_country.setdefault(info.country, set()).add(event.id)
        self.by_country: dict[str, list[ResolvedEvent]] = {}
        for event in candidates:
            for country in event.countries or {""}:
                self.by_country.setdefault(country, []).append(event)
        self.sorted: dict[str, tuple[list[date], list[ResolvedEvent], timedelta]] = {}
        for country, events in self.by_country.items():
            dated = sorted((e for e in events if e.date is not None), key=lambda e: e.date.lo)  # type: ignore[union-attr]
            longest = max((e.date.hi - e.date.lo for e in dated), default=timedelta(0))  # type: ignore[union-attr]
            self.sorted[country] = ([e.date.lo for e in dated], dated, longest)  # type: ignore[union-attr]

    def lookup(
        self, countries: set[str] | None, window: tuple[date, date] | None, *, unknown: bool
    ) -> list[ResolvedEvent]:
        """Candidates in `countries` (None: all; with `unknown`, also those of no country)
        whose dates may overlap `window` (None: all, dated or not)."""
        keys = list(self.by_country) if countries is None else sorted(countries)
        if countries is not None and unknown:
            keys.append("")
        out: dict[str, ResolvedEvent] = {}
        for key in keys:
            if window is None:
                out.update((e.id, e) for e in self.by_country.get(key, []))
                continue
            starts, events, longest = self.sorted.get(key, ([], [], timedelta(0)))
            lo = bisect_left(starts, window[0] - longest)
            hi = bisect_right(starts, window[1])
            out.update((e.id, e) for e in events[lo:hi])
        return list(out.values())


def _step_countries(step: Step, chain: Chain) -> set[str] | None:
    """The countries a step's event may have in this chain (None: any)."""
    if step.country is None:
        return None
    if step.country.in_:
        return set(step.country.in_)
    if step.country.same_as:
        known = [_ref_countries(ref, chain) for ref in step.country.same_as]
        if any(k is None for k in known):
            return None  # an unknown reference: leave it to _matches
        return set().union(*[k for k in known if k is not None])
    return None


def _actor_countries(step: Step, chain: Chain) -> set[str] | None:
    """The countries the step's actor must belong to in this chain (None: not restricted)."""
    if step.actor is None or step.actor.country is None:
        return None
    constraint = step.actor.country
    if constraint.in_:
        return set(constraint.in_)
    if constraint.same_as:
        known = [_ref_countries(ref, chain) for ref in constraint.same_as]
        if any(k is None for k in known):
            return None
        return set().union(*[k for k in known if k is not None])
    return None


def _extend(
    step: Step,
    partials: list[Chain],
    candidates: list[ResolvedEvent],
    pattern: Pattern,
    as_of: date | None,
) -> list[Chain]:
    out: list[Chain] = []
    index = _CandidateIndex(candidates, step)
    leaf = step.at_least > 1 or pattern.is_leaf(step)
    for chain in partials:
        span = _span(pattern, chain)
        window = _window_of(step, chain, span)
        if window is None and (step.after is not None or step.during_span):
            continue  # the reference has no date
        pool = index.lookup(_step_countries(step, chain), window, unknown=step.absent)
        actor_countries = None if step.absent else _actor_countries(step, chain)
        if actor_countries is not None:
            ids = set().union(*(index.by_actor_country.get(c, set()) for c in actor_countries))
            pool = [e for e in pool if e.id in ids]
        if step.absent:
            if window is not None and (as_of is None or window[1] > as_of):
                continue  # the window is still open: absence cannot be claimed yet
            if any(_matches(step, e, chain, span) for e in pool):
                continue
            if window is not None:
                chain.empty_windows[step.id] = window
            out.append(chain)
            continue
        if leaf:
            counted = _counted(step, chain, pool, span)
            if counted is not None:
                out.append(counted)
            continue
        for event in pool:
            for actor, info in _matches(step, event, chain, span):
                out.append(chain.extended(step, event, actor, info))
    return out


def _counted(
    step: Step, chain: Chain, candidates: list[ResolvedEvent], span: tuple[date, date] | None
) -> Chain | None:
    """The chain extended by every matching event, when they reach `at_least` distinct actor
    countries (or events); the earliest stands for the step in windows that refer to it. Also
    for leaf steps (at_least 1): one chain holding every match instead of one chain each."""
    found: list[tuple[ResolvedEvent, StepActor | None]] = []
    keys: set[str] = set()
    for event in candidates:
        for actor, info in _matches(step, event, chain, span):
            found.append((event, actor))
            keys.add(
                info.country or actor.name if info is not None and actor is not None else event.id
            )
    if len(keys) < step.at_least:
        return None
    first = min(found, key=lambda f: _event_order(f[0]))[0]
    new = chain.extended(step, first, None, None)
    new.counted[step.id] = found
    return new


# ------------------------------------------------------------------------------ findings


def _findings(pattern: Pattern, chains: list[Chain]) -> list[Finding]:
    first = pattern.evaluation_order()[0]
    anchors = {c.events[first.id].id: c.events[first.id] for c in chains}
    happening = _happenings(list(anchors.values()))
    groups: dict[tuple[Any, ...], list[Chain]] = {}
    for chain in chains:
        anchor = chain.events[first.id]
        bound = tuple(sorted((k, b.country or b.name) for k, b in chain.bound.items()))
        groups.setdefault((happening[anchor.id], bound), []).append(chain)
    findings: list[Finding] = []
    for key in sorted(groups, key=lambda k: _group_order(groups[k], first.id)):
        group = groups[key]
        steps: list[StepMatch] = []
        for step in pattern.steps:
            match = StepMatch(step)
            if step.absent:
                windows = [c.empty_windows[step.id] for c in group if step.id in c.empty_windows]
                if windows:
                    match.window = (min(w[0] for w in windows), max(w[1] for w in windows))
            else:
                by_id: dict[str, ResolvedEvent] = {}
                for chain in group:
                    pairs = chain.counted.get(step.id) or [
                        (chain.events[step.id], chain.actors.get(step.id))
                    ]
                    for event, actor in pairs:
                        by_id[event.id] = event
                        if actor is not None:
                            known = match.actors.setdefault(event.id, [])
                            if actor not in known:
                                known.append(actor)
                match.events = sorted(by_id.values(), key=_event_order)
            steps.append(match)
        anchor_events = steps[[s.id for s in pattern.steps].index(first.id)].events
        dates = [e.date for e in anchor_events if e.date is not None]
        best = min(dates, key=lambda d: (d.precision != "day", d.lo)) if dates else None
        countries = sorted({c for e in anchor_events for c in e.countries})
        findings.append(
            Finding(
                number=len(findings) + 1,
                country=countries[0] if len(countries) == 1 else ",".join(countries) or None,
                date=best,
                bound=dict(group[0].bound),
                steps=steps,
                chains=len(group),
            )
        )
    return findings


def _group_order(group: list[Chain], first_id: str) -> tuple[Any, ...]:
    anchors = [c.events[first_id] for c in group]
    lo = min((a.date.lo for a in anchors if a.date is not None), default=date.max)
    country = min((c for a in anchors for c in a.countries), default="")
    bound = sorted((k, b.country or "", b.name) for k, b in group[0].bound.items())
    return (lo, country, bound)


def _event_order(e: ResolvedEvent) -> tuple[Any, ...]:
    precision = {"day": 0, "month": 1, "year": 2}.get((e.date.precision if e.date else "") or "", 3)
    return (
        not e.reviewed,
        precision,
        e.date.lo if e.date else date.max,
        e.evidence[0].published if e.evidence and e.evidence[0].published else "9999",
        e.id,
    )


def _happenings(anchors: list[ResolvedEvent]) -> dict[str, int]:
    """Group first-step events that report the same happening: same country, dates within
    SAME_HAPPENING_DAYS of each other (connected), so one coup reported by five outlets is one
    finding even before the events are clustered."""
    parent = {a.id: a.id for a in anchors}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_country: dict[str, list[ResolvedEvent]] = {}
    for a in anchors:
        for c in a.countries:
            by_country.setdefault(c, []).append(a)
    gap = timedelta(days=SAME_HAPPENING_DAYS)
    for group in by_country.values():
        dated = sorted((a for a in group if a.date is not None), key=lambda a: (a.date.lo, a.id))  # type: ignore[union-attr]
        reach: date | None = None
        leader: str | None = None
        for a in dated:
            assert a.date is not None
            if leader is not None and reach is not None and a.date.lo <= reach + gap:
                parent[find(a.id)] = find(leader)
                reach = max(reach, a.date.hi)
            else:
                leader, reach = a.id, a.date.hi
    roots: dict[str, int] = {}
    return {a.id: roots.setdefault(find(a.id), len(roots)) for a in anchors}


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "quote": e.quote,
        "document_id": e.document_id,
        "title": e.title,
        "publisher": e.publisher,
        "published": e.published,
        "url": e.url,
        "claim_id": e.claim_id,
        "event_id": e.event_id,
        "start": e.start,
        "end": e.end,
        "reviewed": e.reviewed,
    }


def _event_dict(e: ResolvedEvent, actors: list[StepActor]) -> dict[str, Any]:
    return {
        "event": e.id,
        "type": e.type,
        "date": e.date.as_dict() if e.date else None,
        "countries": sorted(e.countries),
        "fatalities": e.fatalities,
        "reviewed": e.reviewed,
        "actors": [
            {
                "name": a.name,
                "role": a.role,
                "kinds": sorted({i.kind for i in a.infos}),
                "country": next((i.country for i in a.infos if i.country), None),
                "evidence": _evidence_dict(a.evidence),
            }
            for a in actors
        ],
        "evidence": [_evidence_dict(x) for x in e.evidence],
    }
