"""One router per resource; :data:`ROUTERS` is what the app factory includes, in this order."""

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

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    workspaces.router,
    dashboard.router,
    kpis.router,
    goals.router,
    plans.router,
    data.router,
    reports.router,
    settings.router,
    account.router,
    api.router,
)
