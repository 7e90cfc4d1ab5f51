"""The web app's factory: :func:`create_app` wires the site, security and one router per resource.

``koers serve`` calls it; tests call it with a site of their own.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from koers.errors import KoersError
from koers.i18n import msg, render
from koers.web import routes
from koers.web.assets import VENDOR, AssetsMissing, assets_ready
from koers.web.deps import CSRF_COOKIE, CsrfFailed, Forbidden, NotFound, NotSignedIn, get_visitor
from koers.web.security import csrf_valid
from koers.web.site import Site, WorkspaceHandle
from koers.web.templating import STATIC, page

log = logging.getLogger("koers.web")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class WebOptions:
    """How the app runs."""

    secret_key: bytes
    secure_cookies: bool = False
    """Mark cookies ``Secure`` (sent over HTTPS only); on behind a TLS proxy, off on loopback."""
    max_upload_bytes: int = 100 * 1024 * 1024
    """The largest request body accepted (an export upload); larger ones get 413 at once."""
    warm: Callable[[], None] | None = None
    """Run in a background thread at start-up (evaluating the KPIs ahead of the first visit)."""


def _prepared_pages() -> tuple[Callable[[WorkspaceHandle, date], None], ...]:
    from koers.web.routes.dashboard import prepare_dashboard
    from koers.web.routes.kpis import prepare_details

    return (prepare_dashboard, prepare_details)


PREPARED_PAGES = _prepared_pages()
"""What :meth:`Site.warm` prepares at start: the dashboards, then every KPI's detail."""


def create_app(site: Site, options: WebOptions) -> FastAPI:
    """The Koers web app on ``site``."""
    if not assets_ready():
        raise AssetsMissing(msg("web.assets.missing", folder=str(VENDOR)))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if options.warm is not None:
            threading.Thread(target=options.warm, name="koers-warm", daemon=True).start()
        yield
        site.close()

    app = FastAPI(
        title="Koers",
        summary="Marketing KPIs: goals, SMART KPIs, funnel plans, monitoring and steering.",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(check_csrf)],
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        max_body_size=options.max_upload_bytes,  # a body streamed past the limit: 413, not 400
    )
    app.state.site = site
    app.state.secret_key = options.secret_key
    app.state.options = options

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.ROUTERS:
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, object]:
        """For a load balancer or a benchmark: the app answers, and whether it has warmed up."""
        return {"status": "ok", "ready": site.ready.is_set()}

    _install_error_pages(app)
    app.add_middleware(SecurityHeaders, secure_cookies=options.secure_cookies)
    return app


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request from a browser without the CSRF token of its cookie."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return  # an API client: no cookies, so nothing to forge
    token = request.headers.get("x-csrf-token")
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        token = value if isinstance(value, str) else None
    if not csrf_valid(request.app.state.secret_key, request.cookies.get(CSRF_COOKIE), token):
        raise CsrfFailed


CONTENT_SECURITY_POLICY = (
    # Vega compiles its expressions with Function(): 'unsafe-eval', but no inline script
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)

SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeaders:
    """Gives every browser a CSRF cookie (a new one when it has none, readable by the pages of
    this request through ``request.state.csrf_cookie``) and every response the security headers
    (unless a route set its own, as the report viewer does for its stricter policy)."""

    def __init__(self, app: ASGIApp, secure_cookies: bool) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = [value for name, value in scope.get("headers", []) if name == b"cookie"]
        names = {part.split(b"=", 1)[0].strip() for value in cookies for part in value.split(b";")}
        has_cookie = CSRF_COOKIE.encode() in names
        new_cookie = None if has_cookie else secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_cookie"] = new_cookie

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                if new_cookie is not None:
                    secure = "; Secure" if self.secure_cookies else ""
                    cookie = f"{CSRF_COOKIE}={new_cookie}; HttpOnly; Path=/; SameSite=strict{secure}"
                    headers.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "not signed in"}, status_code=401)
        target = "/sign-in?next=" + request.url.path
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return _error(request, 403, "web.error.forbidden")

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, error: CsrfFailed) -> Response:
        return _error(request, 403, "web.error.csrf")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, "web.error.not_found")

    @app.exception_handler(404)
    async def missing(request: Request, error: Any) -> Response:
        return _error(request, 404, "web.error.not_found")

    @app.exception_handler(KoersError)
    async def input_error(request: Request, error: KoersError) -> Response:
        lang = get_visitor(request).lang
        if _wants_json(request):
            return JSONResponse({"detail": error.render(lang)}, status_code=422)
        return page(request, "error.html", {"status": 422, "message": error.render(lang)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _plain_errors(error)}, status_code=422)
        return _error(request, 422, "web.error.invalid")


def _plain_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": list(item.get("loc", ())), "msg": str(item.get("msg", "")), "type": str(item.get("type", ""))}
        for item in error.errors()
    ]


def _error(request: Request, status: int, key: str) -> Response:
    lang = get_visitor(request).lang
    text = render(msg(key), lang)
    if _wants_json(request):
        return JSONResponse({"detail": text}, status_code=status)
    return page(request, "error.html", {"status": status, "message": text}, status_code=status)
