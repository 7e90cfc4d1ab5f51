"""The workspace-level JSON API: who am I, my workspaces, a workspace's settings and dashboard, its
members and invitations.

Signed in with a session cookie (then unsafe methods need the CSRF header) or with
``Authorization: Bearer <token>`` (an API token from the account page): a token sees and may do
exactly what its user sees and may do, through the same Access dependencies as the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from koers.i18n import Lang, msg
from koers.web import accounts
from koers.web.accounts import AccountError, Role
from koers.web.deps import NotFound, OwnerAccess, SiteDep, UserDep, ViewerAccess, VisitorDep
from koers.web.routes.dashboard import dashboard_tiles
from koers.web.routes.settings import invitation_url, save_settings
from koers.web.routes.workspaces import overview
from koers.web.views import status_counts

router = APIRouter()
api = APIRouter(prefix="/api", tags=["workspaces"])


# --- the shapes -----------------------------------------------------------------------------------


class MeOut(BaseModel):
    """The signed-in user."""

    id: int
    email: str
    name: str | None
    language: Lang | None = Field(description="The language chosen for every page; none: the browser's.")
    by_token: bool = Field(description="Whether this request was signed with an API token.")


class WorkspaceSummaryOut(BaseModel):
    """One of the user's workspaces, with how its KPIs stand."""

    id: str
    name: str
    role: Role
    as_of: date
    kpis: int
    counts: dict[str, int] = Field(description="KPIs per status (on_track, at_risk, off_track...).")
    attention: list[str] = Field(description="Ids of the KPIs off track, at risk or missed, worst first.")


class SettingsOut(BaseModel):
    name: str
    language: Lang
    currency: str
    timezone: str
    journey: str


class SettingsPatch(BaseModel):
    """Settings to change; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    language: Lang | None = None
    currency: str | None = Field(None, max_length=3, description="An ISO 4217 code, such as EUR.")
    timezone: str | None = Field(
        None, max_length=100, description="An IANA time zone, such as Europe/Amsterdam."
    )
    journey: str | None = Field(None, max_length=100, description="The key of a journey model.")


class TileOut(BaseModel):
    """A KPI as its dashboard tile shows it, with the full evaluation."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    goal: str | None
    phase: str | None
    status: str
    status_label: str
    reason: str
    value_text: str
    target_text: str
    unit: str
    target: float | None
    expected: float | None
    probability: float | None


class WorkspaceOut(BaseModel):
    """A workspace's settings and its dashboard."""

    id: str
    role: Role
    settings: SettingsOut
    as_of: date
    counts: dict[str, int]
    tiles: list[TileOut]


class MemberOut(BaseModel):
    user_id: int
    email: str
    name: str | None
    role: Role


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class InvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=254)
    role: Role = Role.VIEWER


class InvitationOut(BaseModel):
    key: str = Field(description="Names the invitation, to revoke it; not its link.")
    email: str
    role: Role
    expires_at: datetime


class InvitationCreated(InvitationOut):
    url: str = Field(description="The link to send; shown this once.")


# --- the routes -------------------------------------------------------------------------------------


def _settings(workspace: Any) -> SettingsOut:
    return SettingsOut(
        name=workspace.name,
        language=workspace.language,
        currency=workspace.currency,
        timezone=workspace.timezone,
        journey=workspace.journey,
    )


@api.get("/me", response_model=MeOut)
def me(user: UserDep, visitor: VisitorDep) -> MeOut:
    return MeOut(
        id=user.id, email=user.email, name=user.name, language=user.language, by_token=visitor.by_token
    )


def _summary(row: dict[str, Any]) -> WorkspaceSummaryOut:
    return WorkspaceSummaryOut(
        id=row["workspace"].id,
        name=row["workspace"].name,
        role=row["role"],
        as_of=row["as_of"],
        kpis=row["total"],
        counts={status.value: count for status, count in row["counts"].items()},
        attention=[tile.kpi.id for tile in row["attention"]],
    )


@api.get("/workspaces", response_model=list[WorkspaceSummaryOut])
def list_workspaces(site: SiteDep, user: UserDep, visitor: VisitorDep) -> list[WorkspaceSummaryOut]:
    """The user's workspaces with their role and how the KPIs stand."""
    return [_summary(row) for row in overview(site, user.id, visitor.lang)]


@api.get("/workspaces/{workspace_id}", response_model=WorkspaceOut)
def get_workspace(
    access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None, description="Default: yesterday.")
) -> WorkspaceOut:
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    all_tiles = dashboard_tiles(access.handle, day, access.lang)
    return WorkspaceOut(
        id=workspace.id,
        role=access.role,
        settings=_settings(workspace),
        as_of=day,
        counts={status.value: count for status, count in status_counts(all_tiles).items()},
        tiles=[TileOut.model_validate(tile.to_dict(access.lang)) for tile in all_tiles],
    )


@api.patch("/workspaces/{workspace_id}", response_model=SettingsOut)
def change_workspace(access: OwnerAccess, site: SiteDep, changes: SettingsPatch) -> SettingsOut:
    """Change settings (owners only); a value that cannot be used answers 422 naming the field."""
    return _settings(save_settings(access, site, changes.model_dump(mode="json", exclude_none=True)))


@api.get("/workspaces/{workspace_id}/members", response_model=list[MemberOut])
def list_members(access: ViewerAccess, site: SiteDep) -> list[MemberOut]:
    with site.database.begin() as session:
        found = accounts.members(session, access.workspace.id)
    return [
        MemberOut(user_id=item.user.id, email=item.user.email, name=item.user.name, role=item.role)
        for item in found
    ]


def _member(site: Any, workspace_id: str, user_id: int) -> None:
    with site.database.begin() as session:
        if accounts.role_of(session, user_id, workspace_id) is None:
            raise NotFound


@api.patch("/workspaces/{workspace_id}/members/{user_id}", response_model=MemberOut)
def change_member(access: OwnerAccess, site: SiteDep, user_id: int, change: RoleIn) -> MemberOut:
    """Give a member another role (owners only); the last owner stays owner (422)."""
    workspace_id = access.workspace.id
    _member(site, workspace_id, user_id)
    with site.database.begin() as session:
        accounts.set_role(session, user_id, workspace_id, change.role)
        user = accounts.get_user(session, user_id)
    if user is None:
        raise NotFound
    return MemberOut(user_id=user.id, email=user.email, name=user.name, role=change.role)


@api.delete("/workspaces/{workspace_id}/members/{user_id}", status_code=204)
def delete_member(access: OwnerAccess, site: SiteDep, user_id: int) -> Response:
    """Remove a member (owners only); the last owner cannot go (422)."""
    workspace_id = access.workspace.id
    _member(site, workspace_id, user_id)
    with site.database.begin() as session:
        accounts.remove_member(session, user_id, workspace_id)
    return Response(status_code=204)


@api.get("/workspaces/{workspace_id}/invitations", response_model=list[InvitationOut])
def list_invitations(access: OwnerAccess, site: SiteDep) -> list[InvitationOut]:
    with site.database.begin() as session:
        found = accounts.pending_invitations(session, access.workspace.id)
    return [
        InvitationOut(key=item.key, email=item.email, role=item.role, expires_at=item.expires_at)
        for item in found
    ]


@api.post("/workspaces/{workspace_id}/invitations", response_model=InvitationCreated, status_code=201)
def create_invitation(
    request: Request, access: OwnerAccess, site: SiteDep, invitation: InvitationIn
) -> InvitationCreated:
    """Invite someone (owners only): the answer holds the link, this once."""
    with site.database.begin() as session:
        token = accounts.invite(
            session, access.workspace.id, invitation.email, invitation.role, access.user.id
        )
        found = accounts.invitation(session, token)
    if found is None:  # pragma: no cover - just made
        raise AccountError(msg("web.invite.invalid"))
    return InvitationCreated(
        key=found.key,
        email=found.email,
        role=found.role,
        expires_at=found.expires_at,
        url=invitation_url(request, token),
    )


@api.delete("/workspaces/{workspace_id}/invitations/{key}", status_code=204)
def delete_invitation(access: OwnerAccess, site: SiteDep, key: str) -> Response:
    with site.database.begin() as session:
        if not accounts.revoke_invitation(session, access.workspace.id, key):
            raise NotFound
    return Response(status_code=204)
