"""Rendering pages: Jinja2 templates with the translation and formatting layer as globals.

Templates call ``t("key", name=value)`` for text (the message catalog, in the visitor's
language), ``fmt(value)`` for a number, date, :class:`~koers.i18n.Percent` or
:class:`~koers.i18n.Money`, and ``measure(value, unit)`` for a KPI's value in its unit. Autoescape
is on for every template: a name with ``<script>`` in it is shown, never run.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup

from koers.domain.metric import Unit
from koers.i18n import Lang, Money, Percent, format_value, msg, render
from koers.present import format_measure
from koers.web.security import csrf_token

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES))
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True


@pass_context
def _t(context: Any, key: str, /, **params: Any) -> str:
    return render(msg(key, **params), context["lang"])


@pass_context
def _fmt(context: Any, value: Any) -> str:
    if value is None:
        return "—"
    return format_value(value, context["lang"])


@pass_context
def _measure(context: Any, value: Decimal | None, unit: Unit | str, currency: str = "EUR") -> str:
    if value is None:
        return "—"
    return format_measure(value, Unit(unit), context["lang"], currency)


@pass_context
def _render_msg(context: Any, message: Any) -> str:
    return format_value(message, context["lang"])


def _json_script(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block, safe inside HTML."""
    text = json.dumps(value, default=str, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _asset_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(STATIC.glob("*.*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


env.globals.update(
    t=_t,
    fmt=_fmt,
    measure=_measure,
    say=_render_msg,
    Percent=Percent,
    Money=Money,
    asset_version=_asset_version(),
)
env.filters["json_script"] = _json_script


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` for this request's visitor, with what every page needs."""
    from koers.web.deps import CSRF_COOKIE, get_visitor

    visitor = get_visitor(request)
    cookie = request.cookies.get(CSRF_COOKIE) or request.state.csrf_cookie
    values: dict[str, Any] = {
        "request": request,
        "lang": visitor.lang,
        "other_lang": Lang.EN if visitor.lang is Lang.NL else Lang.NL,
        "user": visitor.user,
        "csrf_token": csrf_token(request.app.state.secret_key, cookie),
        "today": date.today(),
    }
    values.update(context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)
