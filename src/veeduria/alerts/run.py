"""`watch run`: deliver every new matching report once per channel, cron-friendly.

For each watchlist:

1. reports matching a rule that has run before are candidates; on a rule's first run, what
   already matches is recorded as the baseline and not sent (no old backlog), unless `since`
   is given: then every matching report dated on or after `since` is a candidate, baseline or
   not (an undated report counts by its document's publication date);
2. per channel of the list, the candidates not yet delivered on that channel are sent in one
   go; success marks them delivered on that channel, failure records the error so the next run
   retries that channel alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from veeduria.alerts.channels import ChannelSettings, DeliveryError, make_channel
from veeduria.store import watch as db

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["ChannelOutcome", "WatchReport", "run_watchlists"]


@dataclass
class ChannelOutcome:
    watchlist: str
    channel: str
    events: int
    error: str | None = None


@dataclass
class WatchReport:
    outcomes: list[ChannelOutcome] = field(default_factory=list)
    baseline: dict[str, int] = field(default_factory=dict)  # watchlist -> reports recorded

    @property
    def failures(self) -> list[ChannelOutcome]:
        return [o for o in self.outcomes if o.error]

    def as_dict(self) -> dict[str, Any]:
        return {
            "delivered": [
                {"watchlist": o.watchlist, "channel": o.channel, "events": o.events}
                for o in self.outcomes
                if not o.error
            ],
            "failed": [
                {
                    "watchlist": o.watchlist,
                    "channel": o.channel,
                    "events": o.events,
                    "error": o.error,
                }
                for o in self.failures
            ],
            "baseline": self.baseline,
        }


def _rule_items(engine: Engine, rule: db.WatchRule) -> dict[str, str]:
    names = db.actor_names(engine, rule.actor) | _curated_names(rule.actor) if rule.actor else None
    return db.matching_items(engine, event_type=rule.event_type, country=rule.country, names=names)


def _curated_names(name: str) -> set[str]:
    """The curated canonical name for an alias ("Hudbay" -> "Hudbay Minerals")."""
    from veeduria.nlp.gazetteer import get_gazetteer

    actor = get_gazetteer().actor(name)
    return {actor.name} if actor is not None else set()


def _on_or_after(event: db.AlertEvent, since: date) -> bool:
    from veeduria.query.patterns.candidates import parse_date_interval

    interval = parse_date_interval(event.date) if event.date else None
    if interval is None and event.published:
        interval = parse_date_interval(event.published)
    return interval is not None and interval.hi >= since


def run_watchlists(
    engine: Engine,
    settings: ChannelSettings,
    *,
    since: date | None = None,
    watchlist_ids: Sequence[int] | None = None,
) -> WatchReport:
    """Deliver each watchlist's new reports on its channels; one run at a time per store
    (`run_lock`): a run that starts while another goes on waits for it."""
    with db.run_lock(engine):
        return _run_watchlists(engine, settings, since=since, watchlist_ids=watchlist_ids)


def _run_watchlists(
    engine: Engine,
    settings: ChannelSettings,
    *,
    since: date | None,
    watchlist_ids: Sequence[int] | None,
) -> WatchReport:
    report = WatchReport()
    started_now = datetime.now(UTC)
    for wl in db.list_watchlists(engine):
        if watchlist_ids is not None and wl.id not in watchlist_ids:
            continue
        ongoing: dict[str, str] = {}
        fresh: dict[str, str] = {}
        for rule in wl.rules:
            (ongoing if rule.started_at else fresh).update(_rule_items(engine, rule))
        state = db.delivery_state(engine, wl.id)
        # New since the rules started: matches of started rules that were not the baseline.
        candidates = {
            k: v for k, v in ongoing.items() if state.get(k, {}).get(db.BASELINE) != "baseline"
        }
        if since is not None:
            # Asked for: everything that matches and is dated on or after `since`.
            everything = {**fresh, **ongoing}
            for event in db.alert_events(engine, everything):
                if _on_or_after(event, since):
                    candidates[event.item_key] = event.event_id
        baseline = {k: v for k, v in fresh.items() if k not in candidates and k not in state}
        if baseline:
            db.record_baseline(engine, wl.id, baseline)
            report.baseline[wl.name] = len(baseline)
        for channel in wl.channels:
            pending = {
                k: v for k, v in candidates.items() if state.get(k, {}).get(channel) != "delivered"
            }
            if not pending:
                continue
            events = db.alert_events(engine, pending)
            try:
                make_channel(channel, settings).send(wl, events)
            except DeliveryError as exc:
                db.record_delivery(engine, wl.id, events, channel, error=str(exc))
                report.outcomes.append(ChannelOutcome(wl.name, channel, len(events), str(exc)))
                continue
            db.record_delivery(engine, wl.id, events, channel)
            report.outcomes.append(ChannelOutcome(wl.name, channel, len(events)))
        db.mark_started(engine, [r.id for r in wl.rules if not r.started_at], started_now)
    return report
