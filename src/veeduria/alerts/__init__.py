"""Watchlists and alerts: watch actors, companies, event types and countries, and hear of each
new matching report once per channel (stdout, e-mail, webhook, Atom feed).

    from veeduria.alerts import ChannelSettings, atom_feed, run_watchlists
    report = run_watchlists(store.engine, ChannelSettings())
    xml = atom_feed(store, watchlist_id)      # served by the web app at /watch/ID/feed.atom

The SQL lives in `veeduria.store.watch`; the CLI is `veeduria watch`.
"""

from veeduria.alerts.atom import WatchlistNotFound, atom_feed
from veeduria.alerts.channels import (
    CHANNELS,
    ChannelSettings,
    DeliveryError,
    SmtpSettings,
    register,
)
from veeduria.alerts.run import WatchReport, run_watchlists

__all__ = [
    "CHANNELS",
    "ChannelSettings",
    "DeliveryError",
    "SmtpSettings",
    "WatchReport",
    "WatchlistNotFound",
    "atom_feed",
    "register",
    "run_watchlists",
]
