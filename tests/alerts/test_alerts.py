"""Watchlists and alerts: each new report once per channel; failed channels retried alone."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

import pytest
from alert_servers import SmtpServer, WebhookServer, free_port
from pattern_helpers import COUP, KILLING, PERU_ENTITIES, Article, Ev, add_article

from veeduria.alerts import ChannelSettings, SmtpSettings, WatchlistNotFound, atom_feed
from veeduria.alerts import run_watchlists as _run
from veeduria.store.sql import SQLStore
from veeduria.store.watch import add_rule, remove_rule
from veeduria.types import Event, EventActor, Extraction, Span, ValueSpan

JULIACA = Ev(
    "Security forces killed 17 protesters in Juliaca on January 9.",
    "repression_killing",
    "2023-01-09",
    "PE",
    place="Juliaca",
)
SENKATA = Ev(
    "Soldiers killed ten people at Senkata on November 19.",
    "repression_killing",
    "2019-11-19",
    "BO",
    place="Senkata",
)


class Printed(list[str]):
    def __call__(self, line: str) -> None:
        self.append(line)


def run(
    store: SQLStore, printed: Printed, smtp: SmtpSettings | None = None, **kw: object
) -> dict[str, object]:
    settings = ChannelSettings(echo=printed, smtp=smtp or SmtpSettings())
    return _run(store.engine, settings, **kw).as_dict()  # type: ignore[arg-type]


def test_stdout_once_per_new_report_and_no_backlog(store: SQLStore) -> None:
    add_article(store, Article([KILLING], "2022-12-16", "Highland Times"))
    add_rule(store.engine, watchlist="peru", event_type="repression_killing", country="PE")
    printed = Printed()
    report = run(store, printed)
    assert printed == []
    assert report["baseline"] == {"peru": 1}
    doc = add_article(store, Article([JULIACA, SENKATA], "2023-01-10", "La Voz"))
    report = run(store, printed)
    assert printed == [
        "[peru] repression_killing · 2023-01-09 · Juliaca, PE",
        f"  “{JULIACA.sentence}”",
        f"  — La Voz, 2023-01-10 [document {doc}]",
    ]
    assert report["delivered"] == [
        {"watchlist": "peru", "channel": "stdout", "events": 1},
        {"watchlist": "peru", "channel": "atom", "events": 1},
    ]
    printed.clear()
    assert run(store, printed)["delivered"] == []
    assert printed == []


def test_since_delivers_the_backlog_dated_since(store: SQLStore) -> None:
    add_article(store, Article([KILLING, JULIACA], "2023-01-10"))
    add_rule(store.engine, watchlist="peru", event_type="repression_killing")
    printed = Printed()
    run(store, printed, since=date(2023, 1, 1))
    assert [line for line in printed if line.startswith("[")] == [
        "[peru] repression_killing · 2023-01-09 · Juliaca, PE"
    ]
    printed.clear()
    run(store, printed, since=date(2022, 12, 1))  # the older one now; the newer not again
    assert [line for line in printed if line.startswith("[")] == [
        "[peru] repression_killing · 2022-12-15 · Ayacucho, PE · 7 killed"
    ]


def test_actor_rules_match_aliases_and_reextraction_does_not_alert_again(
    store: SQLStore,
) -> None:
    add_rule(store.engine, watchlist="mining", actor="Hudbay")
    printed = Printed()
    run(store, printed)
    deal = Ev(
        "Hudbay Minerals signed an agreement with Chumbivilcas communities.",
        "mining_deal_or_investment",
        "2023-03-02",
        "PE",
        [("Hudbay Minerals", "agent")],
    )
    doc = add_article(store, Article([COUP, deal], "2023-03-03", entities=PERU_ENTITIES))
    run(store, printed)
    assert printed[0] == "[mining] mining_deal_or_investment · 2023-03-02 · PE"
    # A new extractor version finds the same event again: no second alert.
    extraction = Extraction(document_id=doc, extractor="handmade", version="2", language="en")
    start = len(COUP.sentence) + 1
    span = Span(start, start + len(deal.sentence))
    extraction.events.append(
        Event(
            type=deal.type,
            evidence=span,
            trigger=span,
            date=ValueSpan("2023-03-02", span, precision="day"),
            country="PE",
            actors=[EventActor("Hudbay Minerals", "agent")],
        )
    )
    store.save_extraction(extraction)
    printed.clear()
    run(store, printed)
    assert printed == []


def test_smtp_delivery_once_and_retry_after_failure(
    store: SQLStore, smtp_server: SmtpServer
) -> None:
    add_rule(store.engine, watchlist="peru", country="PE", email="desk@example.org")
    printed = Printed()
    run(store, printed)
    add_article(store, Article([JULIACA], "2023-01-10", "La Voz"))
    down = SmtpSettings(host="127.0.0.1", port=free_port())
    report = run(store, printed, smtp=down)
    failed = report["failed"]
    assert isinstance(failed, list) and [f["channel"] for f in failed] == ["email"]
    assert "e-mail to desk@example.org via 127.0.0.1:" in failed[0]["error"]
    assert len([line for line in printed if line.startswith("[")]) == 1
    up = SmtpSettings(host=smtp_server.host, port=smtp_server.port, sender="alerts@example.org")
    report = run(store, printed, smtp=up)
    assert report["delivered"] == [{"watchlist": "peru", "channel": "email", "events": 1}]
    assert len([line for line in printed if line.startswith("[")]) == 1  # stdout not again
    (message,) = smtp_server.messages
    assert message["To"] == "desk@example.org"
    assert message["From"] == "alerts@example.org"
    assert message["Subject"] == "veeduria: 1 new event on peru"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert JULIACA.sentence in body.decode("utf-8")
    run(store, printed, smtp=up)
    assert len(smtp_server.messages) == 1


def test_smtp_settings_from_env() -> None:
    settings = SmtpSettings.from_env(
        {
            "VEEDURIA_SMTP_HOST": "mail.example.org",
            "VEEDURIA_SMTP_PORT": "587",
            "VEEDURIA_SMTP_USER": "u",
            "VEEDURIA_SMTP_PASSWORD": "p",
            "VEEDURIA_SMTP_FROM": "a@example.org",
            "VEEDURIA_SMTP_STARTTLS": "1",
        }
    )
    assert settings == SmtpSettings("mail.example.org", 587, "u", "p", "a@example.org", True)


def test_webhook_delivery_once_and_retry_after_failure(
    store: SQLStore, webhook_server: WebhookServer
) -> None:
    add_rule(store.engine, watchlist="bolivia", country="BO", webhook=webhook_server.url)
    printed = Printed()
    run(store, printed)
    add_article(store, Article([SENKATA], "2019-11-20", "Correo del Sur"))
    webhook_server.status = 500
    report = run(store, printed)
    failed = report["failed"]
    assert isinstance(failed, list)
    assert failed[0]["error"].endswith("answered 500 Internal Server Error")
    webhook_server.status = 200
    run(store, printed)
    run(store, printed)
    (payload,) = webhook_server.received
    assert payload["watchlist"]["name"] == "bolivia"
    (event,) = payload["events"]
    assert event["quote"] == SENKATA.sentence
    assert event["publisher"] == "Correo del Sur"
    assert event["date"] == {"value": "2019-11-19", "precision": "day", "end": None}
    assert len([line for line in printed if line.startswith("[")]) == 1


def test_atom_feed_lists_each_delivered_report_once(store: SQLStore) -> None:
    rule = add_rule(store.engine, watchlist="peru", country="PE")
    printed = Printed()
    run(store, printed)
    empty = ET.fromstring(atom_feed(store, rule.watchlist_id))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert empty.findall("a:entry", ns) == []
    add_article(store, Article([KILLING], "2022-12-16", "Highland Times"))
    run(store, printed)
    add_article(store, Article([JULIACA], "2023-01-10", "La Voz"))
    run(store, printed)
    run(store, printed)
    feed = ET.fromstring(atom_feed(store, rule.watchlist_id))
    assert feed.findtext("a:title", namespaces=ns) == "veeduria watchlist: peru"
    titles = [e.findtext("a:title", namespaces=ns) or "" for e in feed.findall("a:entry", ns)]
    assert sorted(titles) == [
        "repression_killing · 2022-12-15 · Ayacucho, PE · 7 killed",
        "repression_killing · 2023-01-09 · Juliaca, PE",
    ]
    ids = [e.findtext("a:id", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(set(ids)) == 2
    summary = feed.findall("a:entry", ns)[0].findtext("a:summary", namespaces=ns) or ""
    assert "document" in summary
    with pytest.raises(WatchlistNotFound):
        atom_feed(store, rule.watchlist_id + 100)


def test_removing_the_last_rule_removes_the_list(store: SQLStore) -> None:
    first = add_rule(store.engine, watchlist="peru", country="PE")
    second = add_rule(store.engine, watchlist="peru", event_type="state_of_emergency")
    assert first.watchlist_id == second.watchlist_id
    assert remove_rule(store.engine, first.id) is not None
    atom_feed(store, first.watchlist_id)
    assert remove_rule(store.engine, second.id) is not None
    assert remove_rule(store.engine, second.id) is None
    with pytest.raises(WatchlistNotFound):
        atom_feed(store, first.watchlist_id)


def test_two_runs_at_once_send_each_report_once(
    store: SQLStore, webhook_server: WebhookServer
) -> None:
    """An overlapping second run (a slow webhook, cron starting the next run) waits for the
    first and finds its reports delivered."""
    from concurrent.futures import ThreadPoolExecutor

    add_rule(store.engine, watchlist="bolivia", country="BO", webhook=webhook_server.url)
    run(store, Printed())
    add_article(store, Article([SENKATA], "2019-11-20", "Correo del Sur"))
    webhook_server.delay = 0.5
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: run(store, Printed()), range(2)))
    assert len(webhook_server.received) == 1
    delivered = sorted(len(r["delivered"]) for r in reports)  # type: ignore[arg-type]
    assert delivered == [0, 3]  # webhook, stdout and atom once, by one of the runs
