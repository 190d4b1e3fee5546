"""`create_app(settings)`: the FastAPI application behind `veeduria serve`.

One factory taking its settings (no globals), one map from domain errors to HTTP errors (JSON
under /api, a page elsewhere), read-only database connections for every read, and security
headers on every response: a Content-Security-Policy that allows no inline or foreign script,
so article text can never run as code even if an escaping bug slipped in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from veeduria.store import StoreError
from veeduria.web.auth import SESSION_COOKIE, SID_COOKIE, Auth, AuthError
from veeduria.web.cache import ListCache
from veeduria.web.deps import NotFound, Services
from veeduria.web.i18n import pick_language
from veeduria.web.settings import WebSettings

__all__ = ["create_app"]

HERE = Path(__file__).parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]", "testserver")


def create_app(settings: WebSettings, *, store: Any = None) -> FastAPI:
    """The app for `settings`; `store` (a SQLStore) is opened from settings.db_url if None."""
    from veeduria import __version__
    from veeduria.store import open_store
    from veeduria.web.sqlutil import read_only_engine

    settings = settings.checked()
    own_store = store is None
    if store is None:
        store = open_store(settings.db_url, must_exist=True)
    url = store.url
    read_engine = store.engine if url == "sqlite://" else read_only_engine(url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import threading

        from veeduria.query.geo import country_point

        # Load the capitals table (GeoNames, ~1 s) before the first map request needs it.
        threading.Thread(target=country_point, args=("PE",), daemon=True).start()
        yield
        if read_engine is not store.engine:
            read_engine.dispose()
        if own_store:
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="veeduria",
        version=__version__,
        description="Read the evidence base: documents, claims with their quotes, events, actors, "
        "timeline, map and network; review claims.",
        docs_url=None,  # Swagger UI loads from a CDN; /api/docs is served from the package
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.services = Services(
        settings, Auth(settings), store, read_engine, ListCache(settings.list_cache_ttl_s)
    )

    @app.middleware("http")
    async def _context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        services: Services = request.app.state.services
        host = (request.headers.get("host") or "").rsplit(":", 1)[0]
        if not settings.team and host not in LOOPBACK_HOSTS:
            # Local mode answers only to loopback names (no DNS rebinding onto 127.0.0.1).
            return JSONResponse({"error": "unknown host", "status": 400}, status_code=400)
        lang = pick_language(
            request.query_params.get("lang"),
            request.cookies.get("veeduria_lang"),
            request.headers.get("accept-language"),
        )
        sid = request.cookies.get(SID_COOKIE) or ""
        new_sid = "" if sid else services.auth.new_sid()
        cookies = dict(request.cookies)
        if new_sid:
            cookies[SID_COOKIE] = new_sid
        principal = services.auth.principal(cookies)
        request.state.lang = lang
        request.state.sid = sid or new_sid
        request.state.principal = principal
        request.state.csrf = services.auth.csrf_token(principal, sid or new_sid)
        response = await call_next(request)
        if new_sid:
            response.set_cookie(
                SID_COOKIE,
                new_sid,
                httponly=True,
                samesite="strict",
                secure=settings.secure_cookies,
            )
        if request.query_params.get("lang") in ("en", "es"):
            response.set_cookie(
                "veeduria_lang",
                lang,
                samesite="lax",
                max_age=365 * 86400,
                secure=settings.secure_cookies,
            )
        tiles = " https://*.tile.openstreetmap.org" if settings.online_tiles else ""
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: blob:{tiles}; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    _install_error_map(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    from veeduria.web.api import router as api_router
    from veeduria.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    return app


# -- errors ----------------------------------------------------------------------------------
def _install_error_map(app: FastAPI) -> None:
    """One map from domain errors to HTTP statuses, JSON for /api and pages elsewhere."""

    def respond(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        if status == 401:
            from fastapi.responses import RedirectResponse

            target = request.url.path
            return RedirectResponse(f"/login?next={target}", status_code=303)
        from veeduria.web.pages import render_error

        return render_error(request, status, message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return respond(request, 404, str(exc))

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> Response:
        response = respond(request, exc.status, exc.message)
        if exc.status == 401:
            response.delete_cookie(SESSION_COOKIE)
        return response

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError) -> Response:
        return respond(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return respond(request, 422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        return respond(request, 503, str(exc))

    @app.exception_handler(404)
    async def _no_route(request: Request, exc: Exception) -> Response:
        return respond(request, 404, "not found")
