"""Server-rendered pages (Jinja2, autoescaped). Each page calls the same read functions as the
API; the timeline, map and network pages load their data from the API with small scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from veeduria.web import reads
from veeduria.web.auth import SESSION_COOKIE, AuthError
from veeduria.web.deps import ConnDep, FiltersDep, NotFound, ReaderDep, services
from veeduria.web.i18n import translator

__all__ = ["render_error", "router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _labels(lang: str) -> dict[str, Any]:
    from veeduria.ontology import load_ontology

    onto = load_ontology()
    return {
        "types": {k: t.label(lang) for k, t in onto.event_types.items()},
        "kinds": {k: v.get(lang, k) for k, v in onto.entity_kinds.items()},
        "relations": {k: (r.es if lang == "es" else r.en) for k, r in onto.relation_types.items()},
    }


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = request.state.lang
    principal = request.state.principal
    svc = services(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "_": translator(lang),
            "me": principal,
            "can_review": bool(principal and principal.can("reviewer")),
            "team": svc.settings.team,
            "csrf": request.state.csrf,
            "labels": _labels(lang),
            "online_tiles": svc.settings.online_tiles,
            "tile_url": svc.settings.tile_url,
            "path": request.url.path,
            **context,
        },
        status_code=status,
    )


def render_error(request: Request, status: int, message: str) -> Response:
    if not hasattr(request.state, "lang"):
        return HTMLResponse(message, status_code=status)
    return page(request, "error.html", status=status, status_code=status, message=message)


# -- pages -----------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, conn: ConnDep, who: ReaderDep) -> HTMLResponse:
    from veeduria.web.api import _stats

    series = reads.toll_series(services(request).store, conn)
    return page(
        request,
        "dashboard.html",
        counts=_stats(request),
        latest=reads.list_events(
            services(request).store, reads.EventFilters(), limit=10, newest_first=True
        ),
        charts=[toll_chart(s) for s in series],
    )


def toll_chart(series: reads.TollSeries, width: int = 320, height: int = 120) -> dict[str, Any]:
    """Coordinates for a small step chart of one country's toll figures (drawn as inline SVG)."""
    pad = 24
    points = series.points
    top = max(p.count for p in points) or 1
    n = len(points)
    coords = []
    for i, p in enumerate(points):
        x = pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5)
        y = height - pad - (height - 2 * pad) * (p.count / top)
        coords.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "date": p.date,
                "count": p.count,
                "document_id": p.document_id,
            }
        )
    return {
        "country": series.country,
        "width": width,
        "height": height,
        "polyline": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "points": coords,
        "max": top,
    }


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    q: Annotated[str, Query(max_length=500)] = "",
    language: Annotated[str | None, Query(max_length=8)] = None,
) -> HTMLResponse:
    from veeduria.web.api import run_search

    result = run_search(request, conn, q, language, 50)
    return page(request, "search.html", q=q, language=language or "", result=result)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(
    request: Request, doc_id: str, conn: ConnDep, who: ReaderDep, claim: str | None = None
) -> HTMLResponse:
    view = reads.document_view(conn, doc_id)
    if view is None:
        raise NotFound(f"no document {doc_id!r}")
    return page(
        request, "document.html", doc=view, focus=claim or "", claims={c.id: c for c in view.claims}
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: str, conn: ConnDep, who: ReaderDep) -> HTMLResponse:
    detail = reads.event_detail(services(request).store, conn, event_id)
    if detail is None:
        raise NotFound(f"no event {event_id!r}")
    order = ["type", "date", "country", "place", "fatalities", "injured", "actor"]
    grouped: dict[str, list[reads.ClaimView]] = {}
    for c in sorted(
        detail.claims, key=lambda c: (order.index(c.property) if c.property in order else 99, c.id)
    ):
        grouped.setdefault(c.property, []).append(c)
    return page(request, "event.html", ev=detail, grouped=grouped)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str, conn: ConnDep, who: ReaderDep) -> HTMLResponse:
    detail = reads.actor_detail(services(request).store, conn, actor_id)
    if detail is None:
        raise NotFound(f"no actor {actor_id!r}")
    top = max((n for _, n in detail.by_month), default=1)
    return page(request, "actor.html", actor=detail, month_max=top)


def _filter_page(
    request: Request, conn: Any, name: str, filters: reads.EventFilters, **extra: Any
) -> HTMLResponse:
    from veeduria.web.api import export_links, filter_options

    options = filter_options(conn, request.state.lang)
    actor_name = ""
    if filters.actor_id:
        found = reads.actor_detail(services(request).store, conn, filters.actor_id)
        actor_name = found.name if found else ""
    return page(
        request,
        name,
        options=options,
        f=filters,
        actor_name=actor_name,
        query=request.url.query,
        downloads=export_links(filters),
        **extra,
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, conn: ConnDep, who: ReaderDep, filters: FiltersDep) -> HTMLResponse:
    return _filter_page(request, conn, "timeline.html", filters)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, conn: ConnDep, who: ReaderDep, filters: FiltersDep) -> HTMLResponse:
    return _filter_page(request, conn, "map.html", filters)


@router.get("/network", response_class=HTMLResponse)
def network(
    request: Request, conn: ConnDep, who: ReaderDep, filters: FiltersDep, mode: str = "events"
) -> HTMLResponse:
    return _filter_page(
        request, conn, "network.html", filters, mode="actors" if mode == "actors" else "events"
    )


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, conn: ConnDep, who: ReaderDep) -> HTMLResponse:
    from veeduria.review.candidates import merge_candidates
    from veeduria.web.review import queue

    store = services(request).store
    return page(
        request,
        "review.html",
        queue=queue(store, conn, limit=50),
        candidates=merge_candidates(store, limit=20),
    )


@router.get("/patterns", response_class=HTMLResponse)
def patterns(request: Request, who: ReaderDep) -> HTMLResponse:
    from veeduria.web.api import pattern_items

    return page(request, "patterns.html", patterns=pattern_items(request.state.lang))


@router.get("/patterns/{name}", response_class=HTMLResponse)
def pattern_run(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    name: str,
    country: Annotated[str | None, Query(max_length=2)] = None,
    reviewed: bool = False,
    as_of: str | None = None,
) -> HTMLResponse:
    from veeduria.web.api import run_pattern_for

    result = run_pattern_for(request, name, country or None, reviewed, as_of or None)
    return page(
        request,
        "pattern_run.html",
        result=result,
        countries=reads.distinct_countries(conn),
        as_of=as_of or "",
    )


@router.get("/watch", response_class=HTMLResponse)
def watchlists(request: Request, who: ReaderDep) -> HTMLResponse:
    from veeduria.web.api import list_watchlists

    return page(request, "watch.html", watchlists=list_watchlists(request))


@router.get("/watch/{watchlist_id}/feed.atom")
def watch_feed(request: Request, watchlist_id: int, who: ReaderDep) -> Response:
    """The list's delivered reports (`veeduria.alerts.atom_feed`); in team mode a logged-in
    user (any role) only, like every page."""
    from veeduria.alerts import WatchlistNotFound, atom_feed

    try:
        xml = atom_feed(services(request).store, watchlist_id)
    except WatchlistNotFound as exc:
        raise NotFound(str(exc)) from exc
    return Response(xml, media_type="application/atom+xml")


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request, who: ReaderDep) -> HTMLResponse:
    spec = request.app.openapi()
    endpoints = []
    for path, methods in sorted(spec.get("paths", {}).items()):
        for method, op in methods.items():
            params = [p.get("name", "") for p in op.get("parameters", [])]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": params,
                }
            )
    return page(request, "api_docs.html", endpoints=endpoints)


# -- login -----------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", next=_safe_next(next), error="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    svc = services(request)
    svc.auth.check_csrf(None, request.state.sid, csrf_token)
    if not svc.settings.team:
        return RedirectResponse(_safe_next(next), status_code=303)
    address = request.client.host if request.client else "?"
    try:
        user = svc.auth.login(username, password, address)
    except AuthError as exc:
        return page(request, "login.html", status=429, next=_safe_next(next), error=exc.message)
    if user is None:
        return page(
            request,
            "login.html",
            status=401,
            next=_safe_next(next),
            error="Wrong user name or password.",
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        svc.auth.session_cookie(user),
        httponly=True,
        samesite="strict",
        secure=svc.settings.secure_cookies,
        max_age=svc.settings.session_max_age_s,
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    svc = services(request)
    svc.auth.check_csrf(request.state.principal, request.state.sid, csrf_token)
    response = RedirectResponse("/login" if svc.settings.team else "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(target: str) -> str:
    """Only paths on this site: no scheme, no host, no protocol-relative '//'."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
