"""The list of workspaces a user belongs to, the agency overview of every client's KPIs that need
attention, and making a new workspace."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from koers.domain.workspace import Workspace
from koers.i18n import Lang, msg
from koers.web import accounts
from koers.web.accounts import Role
from koers.web.deps import SiteDep, UserDep, VisitorDep
from koers.web.routes.dashboard import dashboard_tiles
from koers.web.site import Site, WorkspaceConflict
from koers.web.templating import page
from koers.web.views import ATTENTION, STATUS_ORDER, KpiTile, status_counts

router = APIRouter(tags=["workspaces"])


def overview(site: Site, user_id: int, lang: Lang) -> list[dict[str, object]]:
    """Each of the user's workspaces with its status counts and the KPIs that need attention."""
    with site.database.begin() as session:
        roles = accounts.memberships(session, user_id)
    rows = []
    for handle in site.handles():
        role = roles.get(handle.id)
        if role is None:
            continue
        workspace = handle.current()
        as_of = site.as_of(workspace)
        all_tiles = dashboard_tiles(handle, as_of, lang)
        attention: list[KpiTile] = sorted(
            (tile for tile in all_tiles if tile.status in ATTENTION),
            key=lambda tile: (STATUS_ORDER[tile.status], tile.evaluation.probability or 0.0),
        )
        rows.append(
            {
                "workspace": workspace,
                "role": role,
                "as_of": as_of,
                "counts": status_counts(all_tiles),
                "attention": attention,
                "total": len(all_tiles),
            }
        )
    return rows


@router.get("/", include_in_schema=False)
def home(user: UserDep) -> Response:
    return RedirectResponse("/workspaces", status_code=303)


@router.get("/workspaces", include_in_schema=False)
def workspaces_page(request: Request, site: SiteDep, user: UserDep, visitor: VisitorDep) -> Response:
    rows = overview(site, user.id, visitor.lang)
    return page(request, "workspaces.html", {"rows": rows, "can_create": site.root is not None})


@router.post("/workspaces", include_in_schema=False)
def create_workspace(
    request: Request,
    site: SiteDep,
    user: UserDep,
    visitor: VisitorDep,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    language: Annotated[Lang, Form()] = Lang.NL,
) -> Response:
    """A new, empty workspace whose maker is its owner."""
    try:
        workspace = Workspace.model_validate({"name": name.strip(), "language": language})
        handle = site.create(workspace)
    except (ValidationError, WorkspaceConflict) as error:
        text = (
            error.render(visitor.lang)
            if isinstance(error, WorkspaceConflict)
            else msg("web.workspaces.bad_name")
        )
        rows = overview(site, user.id, visitor.lang)
        return page(
            request,
            "workspaces.html",
            {"rows": rows, "can_create": True, "error": text, "name": name},
            status_code=422,
        )
    with site.database.begin() as session:
        accounts.set_role(session, user.id, handle.id, Role.OWNER)
    return RedirectResponse(f"/w/{handle.id}", status_code=303)
