"""Request-scoped helpers shared by the API and the pages: connections, callers, filters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.engine import Connection

from veeduria.web.auth import CSRF_HEADER, Auth, AuthError, Principal
from veeduria.web.cache import ListCache
from veeduria.web.reads import EventFilters
from veeduria.web.settings import WebSettings

__all__ = [
    "ConnDep",
    "NotFound",
    "ReaderDep",
    "ReviewerDep",
    "date_param",
    "event_filters",
    "read_conn",
]


class NotFound(LookupError):
    """A document, event, actor or claim that is not in the evidence base."""


@dataclass
class Services:
    """What the app holds for its lifetime (app.state.services)."""

    settings: WebSettings
    auth: Auth
    store: object  # veeduria.store.sql.SQLStore: writes (reviews)
    read_engine: object  # sqlalchemy Engine, read-only connections
    lists: ListCache  # timeline / map / network event lists


def services(request: Request) -> Services:
    found = request.app.state.services
    assert isinstance(found, Services)
    return found


def read_conn(request: Request) -> Iterator[Connection]:
    from sqlalchemy.engine import Engine

    engine = services(request).read_engine
    assert isinstance(engine, Engine)
    with engine.connect() as conn:
        yield conn


ConnDep = Annotated[Connection, Depends(read_conn)]


def reader(request: Request) -> Principal:
    principal: Principal | None = request.state.principal
    if principal is None:
        raise AuthError(401, "log in first")
    return principal


async def reviewer(request: Request) -> Principal:
    principal = reader(request)
    if not principal.can("reviewer"):
        raise AuthError(403, "your role cannot review claims")
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        token = value if isinstance(value, str) else None
    services(request).auth.check_csrf(principal, request.state.sid, token)
    return principal


ReaderDep = Annotated[Principal, Depends(reader)]
ReviewerDep = Annotated[Principal, Depends(reviewer)]


def event_filters(
    type: Annotated[list[str] | None, Query(description="event types (repeatable)")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2")] = None,
    actor: Annotated[str | None, Query(description="actor id")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")] = None,
    reviewed: Annotated[bool, Query(description="only reviewed events")] = False,
) -> EventFilters:
    """The shared filter parameters of the timeline, map and network."""
    return EventFilters(
        types=[t for t in (type or []) if t],
        country=country.upper() if country else None,
        actor_id=actor or None,
        date_from=date_param(date_from),
        date_to=date_param(date_to),
        reviewed_only=reviewed,
    )


def date_param(value: str | None) -> str | None:
    if not value:
        return None
    import re

    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


FiltersDep = Annotated[EventFilters, Depends(event_filters)]
