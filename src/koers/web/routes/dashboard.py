"""The dashboard of one workspace: its goals, and a tile per KPI by journey phase."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from koers.web.deps import SiteDep, ViewerAccess
from koers.web.templating import page
from koers.web.views import phase_groups, status_counts, tiles

router = APIRouter(tags=["dashboard"])


@router.get("/w/{workspace_id}", include_in_schema=False)
def dashboard(
    request: Request, access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)
) -> Response:
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    all_tiles = tiles(workspace, access.handle.evaluations(day), access.lang)
    return page(
        request,
        "dashboard.html",
        {
            "access": access,
            "workspace": workspace,
            "as_of": day,
            "groups": phase_groups(workspace, all_tiles),
            "counts": status_counts(all_tiles),
            "goals": workspace.goals,
            "tiles": all_tiles,
        },
    )
