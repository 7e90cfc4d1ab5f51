"""The dashboard of one workspace: its goals, and a tile per KPI by journey phase.

The page's content depends only on the workspace's version, the day, the reader's language and
whether they may edit; it is rendered once per such combination (:meth:`WorkspaceHandle.memo`),
so that a dashboard opened by the whole team costs the formatting of its tiles once.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from koers.i18n import Lang
from koers.web.deps import SiteDep, ViewerAccess
from koers.web.site import WorkspaceHandle
from koers.web.templating import env, page
from koers.web.views import KpiTile, phase_groups, status_counts, tiles

router = APIRouter(tags=["dashboard"])


def dashboard_tiles(handle: WorkspaceHandle, day: date, lang: Lang) -> list[KpiTile]:
    """The workspace's tiles as of ``day`` in ``lang``, computed once per version."""
    return handle.memo(("tiles", day, lang), lambda: tiles(handle.current(), handle.evaluations(day), lang))


def dashboard_body(handle: WorkspaceHandle, day: date, lang: Lang, can_edit: bool) -> Markup:
    def render() -> Markup:
        workspace = handle.current()
        all_tiles = dashboard_tiles(handle, day, lang)
        html = env.get_template("_dashboard_body.html").render(
            lang=lang,
            workspace=workspace,
            access={"can_edit": can_edit},
            as_of=day,
            groups=phase_groups(workspace, all_tiles),
            counts=status_counts(all_tiles),
            goals=workspace.goals,
        )
        return Markup(html)

    return handle.memo(("dashboard", day, lang, can_edit), render)


def prepare_dashboard(handle: WorkspaceHandle, day: date) -> None:
    """Render the dashboard ahead of the first visit, in the workspace's language."""
    for can_edit in (False, True):
        dashboard_body(handle, day, handle.current().language, can_edit)


@router.get("/w/{workspace_id}", include_in_schema=False)
def dashboard(
    request: Request, access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)
) -> Response:
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    body = dashboard_body(access.handle, day, access.lang, access.can_edit)
    return page(
        request, "dashboard.html", {"access": access, "workspace": workspace, "as_of": day, "body": body}
    )
