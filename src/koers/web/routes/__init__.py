"""One module per resource. Each has ``router`` (its pages, under ``/w/{workspace_id}/...``) and
may have ``api`` (the same resource as JSON under ``/api``, with the same permissions);
:data:`ROUTERS` is what the app factory includes, in this order."""

from __future__ import annotations

from fastapi import APIRouter

from koers.web.routes import (
    account,
    api,
    auth,
    dashboard,
    data,
    goals,
    kpis,
    plans,
    reports,
    settings,
    workspaces,
)

MODULES = (auth, workspaces, dashboard, kpis, goals, plans, data, reports, settings, account, api)

ROUTERS: tuple[APIRouter, ...] = tuple(
    router
    for module in MODULES
    for router in (getattr(module, "router", None), getattr(module, "api", None))
    if router
)
