"""Alert channels behind a tiny registry: stdout, e-mail over SMTP, webhook, Atom feed.

A channel takes a watchlist and its new reports and either delivers them all or raises
`DeliveryError`; the caller records the outcome per report, so a failed channel is retried on
the next run and the others are not sent twice. Channels register by name and version
(`CHANNELS`); the name is what `alert_deliveries.channel` records.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from veeduria.store.watch import AlertEvent, Watchlist

__all__ = [
    "CHANNELS",
    "AtomChannel",
    "Channel",
    "ChannelSettings",
    "DeliveryError",
    "SmtpChannel",
    "SmtpSettings",
    "StdoutChannel",
    "WebhookChannel",
    "describe",
    "make_channel",
    "register",
]


class DeliveryError(RuntimeError):
    """A channel could not deliver; the message says why, in one line."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = None
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "veeduria@localhost"
    starttls: bool = False

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings:
        """VEEDURIA_SMTP_HOST / PORT / USER / PASSWORD / FROM / STARTTLS."""
        env = dict(os.environ) if env is None else env
        port = env.get("VEEDURIA_SMTP_PORT") or "25"
        return cls(
            host=env.get("VEEDURIA_SMTP_HOST") or None,
            port=int(port),
            user=env.get("VEEDURIA_SMTP_USER") or None,
            password=env.get("VEEDURIA_SMTP_PASSWORD") or None,
            sender=env.get("VEEDURIA_SMTP_FROM") or "veeduria@localhost",
            starttls=(env.get("VEEDURIA_SMTP_STARTTLS") or "").lower() in ("1", "true", "yes"),
        )


@dataclass(frozen=True)
class ChannelSettings:
    echo: Callable[[str], None] = print
    as_json: bool = False
    smtp: SmtpSettings = SmtpSettings()
    webhook_timeout: float = 10.0


class Channel(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]

    def send(self, watchlist: Watchlist, events: Sequence[AlertEvent]) -> None:
        """Deliver every report or raise DeliveryError."""


CHANNELS: dict[str, Callable[[ChannelSettings], Channel]] = {}


def register(cls: Any) -> Any:
    """Class decorator: make a channel available under its `name`."""
    CHANNELS[cls.name] = cls
    return cls


def make_channel(name: str, settings: ChannelSettings) -> Channel:
    try:
        factory = CHANNELS[name]
    except KeyError:
        raise DeliveryError(
            f"unknown channel {name!r}; known: {', '.join(sorted(CHANNELS))}"
        ) from None
    return factory(settings)


# ------------------------------------------------------------------------------ text


def describe(event: AlertEvent) -> str:
    """One line: type, date, place, deaths."""
    parts = [event.type]
    if event.date and event.date.get("value"):
        parts.append(str(event.date["value"]))
    where = ", ".join(x for x in (event.place, event.country) if x)
    if where:
        parts.append(where)
    if event.fatalities is not None:
        parts.append(f"{event.fatalities} killed")
    return " · ".join(parts)


def source_line(event: AlertEvent) -> str:
    source = ", ".join(x for x in (event.publisher or event.title, event.published) if x)
    return f"{source or 'unknown source'} [document {event.document_id}]"


def _text_body(watchlist: Watchlist, events: Sequence[AlertEvent]) -> str:
    lines = [f"{len(events)} new event(s) on the watchlist {watchlist.name!r}:", ""]
    for event in events:
        lines.append(describe(event))
        lines.append(f"  “{' '.join(event.quote.split())}”")
        lines.append(f"  — {source_line(event)}")
        if event.url:
            lines.append(f"  {event.url}")
        lines.append("")
    return "\n".join(lines)


def payload(watchlist: Watchlist, events: Sequence[AlertEvent]) -> dict[str, Any]:
    """What the webhook receives and `watch run --json` prints per list."""
    return {
        "watchlist": {"id": watchlist.id, "name": watchlist.name},
        "events": [e.as_dict() for e in events],
    }


# ------------------------------------------------------------------------------ channels


@register
class StdoutChannel:
    """Printed for people (or cron's mail), or as one JSON object per report with --json."""

    name: ClassVar[str] = "stdout"
    version: ClassVar[str] = "1"

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings

    def send(self, watchlist: Watchlist, events: Sequence[AlertEvent]) -> None:
        for event in events:
            if self.settings.as_json:
                line = {"watchlist": watchlist.name, "watchlist_id": watchlist.id}
                line.update(event.as_dict())
                self.settings.echo(json.dumps(line, ensure_ascii=False))
            else:
                self.settings.echo(f"[{watchlist.name}] {describe(event)}")
                self.settings.echo(f"  “{' '.join(event.quote.split())}”")
                self.settings.echo(f"  — {source_line(event)}")


@register
class SmtpChannel:
    """One message per watchlist and run, listing every new report."""

    name: ClassVar[str] = "email"
    version: ClassVar[str] = "1"

    def __init__(self, settings: ChannelSettings) -> None:
        self.smtp = settings.smtp

    def send(self, watchlist: Watchlist, events: Sequence[AlertEvent]) -> None:
        import smtplib
        from email.message import EmailMessage

        if not watchlist.email:
            raise DeliveryError(f"watchlist {watchlist.name!r} has no e-mail address")
        if not self.smtp.host:
            raise DeliveryError("no SMTP server: give --smtp-host or set VEEDURIA_SMTP_HOST")
        message = EmailMessage()
        message["From"] = self.smtp.sender
        message["To"] = watchlist.email
        count = len(events)
        message["Subject"] = (
            f"veeduria: {count} new event{'s' if count != 1 else ''} on {watchlist.name}"
        )
        message.set_content(_text_body(watchlist, events))
        try:
            with smtplib.SMTP(self.smtp.host, self.smtp.port, timeout=30) as client:
                if self.smtp.starttls:
                    client.starttls()
                if self.smtp.user:
                    client.login(self.smtp.user, self.smtp.password or "")
                client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                f"e-mail to {watchlist.email} via {self.smtp.host}:{self.smtp.port} failed: {exc}"
            ) from exc


@register
class WebhookChannel:
    """POST the watchlist's new reports as JSON; any 2xx answer is a delivery."""

    name: ClassVar[str] = "webhook"
    version: ClassVar[str] = "1"

    def __init__(self, settings: ChannelSettings) -> None:
        self.timeout = settings.webhook_timeout

    def send(self, watchlist: Watchlist, events: Sequence[AlertEvent]) -> None:
        import httpx

        if not watchlist.webhook:
            raise DeliveryError(f"watchlist {watchlist.name!r} has no webhook")
        try:
            response = httpx.post(
                watchlist.webhook,
                json=payload(watchlist, events),
                timeout=self.timeout,
                headers={"User-Agent": "veeduria-alerts/1"},
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook {watchlist.webhook} failed: {exc}") from exc
        if not response.is_success:
            raise DeliveryError(
                f"webhook {watchlist.webhook} answered {response.status_code} "
                f"{response.reason_phrase}"
            )


@register
class AtomChannel:
    """Nothing to send: a delivered report is an entry of the list's feed (`atom_feed`)."""

    name: ClassVar[str] = "atom"
    version: ClassVar[str] = "1"

    def __init__(self, settings: ChannelSettings) -> None:
        pass

    def send(self, watchlist: Watchlist, events: Sequence[AlertEvent]) -> None:
        return None
