"""Goals: add, rename, describe and delete the goals KPIs hang under; the same as JSON under ``/api``.

A goal's id is made from its name when it is added and stays when it is renamed (KPIs, funnel
plans and links name it). Deleting a goal deletes its KPIs, after a confirmation that says how
many; funnel plans that named the goal keep their numbers and lose the link.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from koers.domain.kpi import Goal, slugify
from koers.domain.workspace import Workspace
from koers.i18n import Msg, msg, render
from koers.web.deps import EditorAccess, NotFound, SiteDep, ViewerAccess, WorkspaceAccess
from koers.web.routes.kpis import MAX_FIELD, MAX_NAME, without_kpi
from koers.web.site import Site
from koers.web.templating import page

router = APIRouter(tags=["goals"])
api = APIRouter(prefix="/api", tags=["goals"])


def _known_goal(workspace: Workspace, goal_id: str) -> Goal:
    for goal in workspace.goals:
        if goal.id == goal_id:
            return goal
    raise NotFound


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def goal_errors(
    workspace: Workspace, name: str | None, description: str | None, owner: str | None, editing: str | None
) -> dict[str, Msg]:
    """The problems with a goal's fields, by field."""
    errors: dict[str, Msg] = {}
    if not name:
        errors["name"] = msg("web.kpi.error.required")
    elif len(name) > MAX_NAME:
        errors["name"] = msg("web.kpi.error.too_long", length=MAX_NAME)
    elif any(g.name.casefold() == name.casefold() and g.id != editing for g in workspace.goals):
        errors["name"] = msg("web.goal.error.duplicate", goal=name)
    if description and len(description) > MAX_FIELD:
        errors["description"] = msg("web.kpi.error.too_long", length=MAX_FIELD)
    if owner and len(owner) > MAX_NAME:
        errors["owner"] = msg("web.kpi.error.too_long", length=MAX_NAME)
    return errors


def add_goal(
    access: WorkspaceAccess, site: Site, name: str | None, description: str | None, owner: str | None
) -> Goal | dict[str, Msg]:
    """Add a goal (its id from its name, made unique); the problems by field when it cannot be."""
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        errors = goal_errors(workspace, name, description, owner, None)
        if errors or name is None:
            return errors
        taken = {goal.id for goal in workspace.goals}
        base = slugify(name)
        goal_id, number = base, 2
        while goal_id in taken:
            goal_id, number = f"{base}-{number}", number + 1
        goal = Goal(id=goal_id, name=name, description=description, owner=owner)
        handle.save(workspace.model_copy(update={"goals": (*workspace.goals, goal)}), site.database)
        return goal


def change_goal(
    access: WorkspaceAccess,
    site: Site,
    goal_id: str,
    name: str | None,
    description: str | None,
    owner: str | None,
) -> Goal | dict[str, Msg]:
    """Rename or describe a goal (its id and KPIs stay)."""
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        _known_goal(workspace, goal_id)
        errors = goal_errors(workspace, name, description, owner, goal_id)
        if errors or name is None:
            return errors
        changed: Goal | None = None
        goals = []
        for goal in workspace.goals:
            if goal.id == goal_id:
                goal = goal.model_copy(update={"name": name, "description": description, "owner": owner})
                changed = goal
            goals.append(goal)
        handle.save(workspace.model_copy(update={"goals": tuple(goals)}), site.database)
        assert changed is not None
        return changed


def remove_goal(access: WorkspaceAccess, site: Site, goal_id: str) -> None:
    """Delete a goal and its KPIs; plans that named it keep their numbers, untied."""
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        goal = _known_goal(workspace, goal_id)
        for kpi in goal.kpis:
            workspace = without_kpi(workspace, kpi.id)
        plans = tuple(
            plan.model_copy(update={"goal": None}) if plan.goal == goal_id else plan
            for plan in workspace.plans
        )
        goals = tuple(g for g in workspace.goals if g.id != goal_id)
        handle.save(workspace.model_copy(update={"goals": goals, "plans": plans}), site.database)


# --- pages -----------------------------------------------------------------------------------------


def _form(
    request: Request,
    access: WorkspaceAccess,
    goal: Goal | None,
    values: dict[str, str],
    errors: dict[str, Msg],
    status_code: int = 200,
) -> Response:
    return page(
        request,
        "goal_form.html",
        {
            "access": access,
            "workspace": access.workspace,
            "section": "kpis",
            "goal": goal,
            "values": values,
            "errors": errors,
        },
        status_code=status_code,
    )


Text = Annotated[str, Form(max_length=MAX_FIELD + 1)]


@router.get("/w/{workspace_id}/goals/new", include_in_schema=False)
def new_goal_page(request: Request, access: EditorAccess) -> Response:
    return _form(request, access, None, {}, {})


@router.post("/w/{workspace_id}/goals/new", include_in_schema=False)
def create_goal(
    request: Request,
    access: EditorAccess,
    site: SiteDep,
    name: Text = "",
    description: Text = "",
    owner: Text = "",
) -> Response:
    result = add_goal(access, site, _clean(name), _clean(description), _clean(owner))
    if isinstance(result, dict):
        values = {"name": name, "description": description, "owner": owner}
        return _form(request, access, None, values, result, status_code=422)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis#goal-{result.id}", status_code=303)


@router.get("/w/{workspace_id}/goals/{goal_id}/edit", include_in_schema=False)
def edit_goal_page(request: Request, access: EditorAccess, goal_id: str) -> Response:
    goal = _known_goal(access.workspace, goal_id)
    values = {"name": goal.name, "description": goal.description or "", "owner": goal.owner or ""}
    return _form(request, access, goal, values, {})


@router.post("/w/{workspace_id}/goals/{goal_id}/edit", include_in_schema=False)
def update_goal(
    request: Request,
    access: EditorAccess,
    site: SiteDep,
    goal_id: str,
    name: Text = "",
    description: Text = "",
    owner: Text = "",
) -> Response:
    goal = _known_goal(access.workspace, goal_id)
    result = change_goal(access, site, goal_id, _clean(name), _clean(description), _clean(owner))
    if isinstance(result, dict):
        values = {"name": name, "description": description, "owner": owner}
        return _form(request, access, goal, values, result, status_code=422)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis#goal-{result.id}", status_code=303)


@router.post("/w/{workspace_id}/goals/{goal_id}/delete", include_in_schema=False)
def delete_goal(
    request: Request, access: EditorAccess, site: SiteDep, goal_id: str, confirm: Annotated[str, Form()] = ""
) -> Response:
    """A goal without KPIs goes at once; one with KPIs after a confirmation that names them."""
    goal = _known_goal(access.workspace, goal_id)
    if goal.kpis and confirm != "yes":
        return page(
            request,
            "goal_form.html",
            {
                "access": access,
                "workspace": access.workspace,
                "section": "kpis",
                "goal": goal,
                "confirm_delete": True,
                "kpi_names": [kpi.name for kpi in goal.kpis],
            },
        )
    remove_goal(access, site, goal_id)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis", status_code=303)


# --- the JSON API ----------------------------------------------------------------------------------


class GoalOut(BaseModel):
    id: str
    name: str
    description: str | None
    owner: str | None
    kpis: list[str] = Field(description="The ids of the goal's KPIs.")


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=MAX_NAME)
    description: str | None = Field(None, max_length=MAX_FIELD)
    owner: str | None = Field(None, max_length=MAX_NAME)


def goal_out(goal: Goal) -> GoalOut:
    return GoalOut(
        id=goal.id,
        name=goal.name,
        description=goal.description,
        owner=goal.owner,
        kpis=[kpi.id for kpi in goal.kpis],
    )


def _problems(errors: dict[str, Msg], access: WorkspaceAccess) -> JSONResponse:
    texts = {name: render(problem, access.lang) for name, problem in errors.items()}
    summary = "; ".join(f"{name}: {text}" for name, text in texts.items())
    return JSONResponse({"detail": summary, "errors": texts}, status_code=422)


@api.get("/workspaces/{workspace_id}/goals", response_model=list[GoalOut])
def api_goals(access: ViewerAccess) -> list[GoalOut]:
    """The workspace's goals with the ids of their KPIs."""
    return [goal_out(goal) for goal in access.workspace.goals]


@api.post(
    "/workspaces/{workspace_id}/goals",
    response_model=GoalOut,
    status_code=201,
    responses={422: {"description": "The problems by field, in the user's language."}},
)
def api_create_goal(access: EditorAccess, site: SiteDep, body: GoalIn) -> Response:
    """Add a goal; its id is made from its name."""
    result = add_goal(access, site, _clean(body.name), _clean(body.description), _clean(body.owner))
    if isinstance(result, dict):
        return _problems(result, access)
    return JSONResponse(goal_out(result).model_dump(mode="json"), status_code=201)


@api.put(
    "/workspaces/{workspace_id}/goals/{goal_id}",
    response_model=GoalOut,
    responses={422: {"description": "The problems by field, in the user's language."}},
)
def api_update_goal(access: EditorAccess, site: SiteDep, goal_id: str, body: GoalIn) -> Response:
    """Rename or describe a goal; its id and KPIs stay."""
    result = change_goal(
        access, site, goal_id, _clean(body.name), _clean(body.description), _clean(body.owner)
    )
    if isinstance(result, dict):
        return _problems(result, access)
    return JSONResponse(goal_out(result).model_dump(mode="json"))


@api.delete("/workspaces/{workspace_id}/goals/{goal_id}", status_code=204)
def api_delete_goal(access: EditorAccess, site: SiteDep, goal_id: str) -> Response:
    """Delete a goal and its KPIs."""
    remove_goal(access, site, goal_id)
    return Response(status_code=204)
