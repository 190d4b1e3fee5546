"""veeduria.query: reading the evidence base (timeline, map, event pages).

The stable entry points for the web and the CLI:

- `list_events(store, EventFilters(...), limit=, offset=) -> list[EventSummary]`
- `get_event(store, event_id, reviewed_only=False) -> EventDetail | None`
- `veeduria.resolve.figures.toll_series(store, country, reviewed_only=False) -> list[TollPoint]`
- `veeduria.resolve.figures.event_figures(store, event_id) -> dict[str, Figures] | None`
"""

from veeduria.query.events import (
    EventActorRef,
    EventClaim,
    EventDetail,
    EventFilters,
    EventSource,
    EventSummary,
    get_event,
    list_events,
    normalize_country,
)

__all__ = [
    "EventActorRef",
    "EventClaim",
    "EventDetail",
    "EventFilters",
    "EventSource",
    "EventSummary",
    "get_event",
    "list_events",
    "normalize_country",
]
