"""A workspace's settings (name, language, currency, time zone, journey model) and its members:
roles, removing a member and invitations.

Every member may look; only an owner may change anything. The checks on a setting live in
:func:`updated_settings`, shared with the JSON API, so that a page and an API client are told the
same thing in the same words.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from email.message import EmailMessage
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel.numbers import get_currency_name, list_currencies
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from koers.config import get_settings
from koers.domain.journey import BUILTIN_JOURNEYS, JourneyModel
from koers.domain.workspace import Severity, Workspace, validate_workspace
from koers.errors import MessageError
from koers.i18n import Lang, Msg, msg, render
from koers.monitor.alerts import AlertChannels
from koers.web import accounts
from koers.web.accounts import AccountError, Role
from koers.web.deps import OwnerAccess, SiteDep, ViewerAccess, WorkspaceAccess
from koers.web.site import Site
from koers.web.templating import page

log = logging.getLogger("koers.web")

router = APIRouter(tags=["settings"])

NAME_LENGTH = 200
FIELDS = ("name", "language", "currency", "timezone", "journey")


class SettingsError(MessageError):
    """A setting that cannot be saved; :attr:`field` names the one at fault."""

    def __init__(self, message: Msg, field: str) -> None:
        super().__init__(message)
        self.field = field


@cache
def timezones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


@cache
def currencies() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3 and code.isalpha())


@cache
def currency_choices(lang: Lang) -> tuple[tuple[str, str], ...]:
    locale = "nl_NL" if lang is Lang.NL else "en_GB"
    return tuple((code, get_currency_name(code, locale=locale)) for code in sorted(currencies()))


def journeys(workspace: Workspace) -> dict[str, JourneyModel]:
    """The journey models a workspace may use: the built-in ones and its own."""
    return {**BUILTIN_JOURNEYS, **{model.key: model for model in workspace.journeys}}


def updated_settings(workspace: Workspace, changes: Mapping[str, object]) -> Workspace:
    """``workspace`` with the given settings changed (``None`` leaves one as it is).

    Raises :class:`SettingsError`, naming the field, for a value that cannot be used.
    """
    update: dict[str, Any] = {}
    for field in FIELDS:
        value = changes.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise SettingsError(msg("web.settings.bad_field", field=field), field)
        text = value.strip()
        if field == "name":
            if not text or len(text) > NAME_LENGTH:
                raise SettingsError(msg("web.settings.bad_name", length=NAME_LENGTH), field)
            update["name"] = text
        elif field == "language":
            if text not in {lang.value for lang in Lang}:
                raise SettingsError(msg("web.settings.bad_language", value=text[:40]), field)
            update["language"] = Lang(text)
        elif field == "currency":
            code = text.upper()
            if code not in currencies():
                raise SettingsError(msg("web.settings.bad_currency", value=text[:40]), field)
            update["currency"] = code
        elif field == "timezone":
            if text not in available_timezones():
                raise SettingsError(msg("web.settings.bad_timezone", value=text[:80]), field)
            update["timezone"] = text
        elif field == "journey":
            if text not in journeys(workspace):
                raise SettingsError(msg("web.settings.bad_journey", value=text[:80]), field)
            update["journey"] = text
    if not update:
        return workspace
    new = workspace.model_copy(update=update)
    if "journey" in update:
        before = {(issue.path, issue.message.key) for issue in _errors(workspace)}
        for issue in _errors(new):
            if (issue.path, issue.message.key) not in before:
                raise SettingsError(msg("web.settings.journey_conflict", problem=issue.message), "journey")
    return new


def _errors(workspace: Workspace) -> list[Any]:
    return [issue for issue in validate_workspace(workspace) if issue.severity is Severity.ERROR]


def save_settings(access: WorkspaceAccess, site: Site, changes: Mapping[str, object]) -> Workspace:
    """Check and save settings of the access's workspace; returns the workspace as saved."""
    with access.handle.lock:
        current = access.handle.current()
        new = updated_settings(current, changes)
        if new is not current:
            access.handle.save(new, site.database)
    return new


def member_name(site: Site, workspace_id: str, user_id: int) -> str:
    """The name of a member, or :class:`AccountError` when ``user_id`` is none."""
    with site.database.begin() as session:
        for member in accounts.members(session, workspace_id):
            if member.user.id == user_id:
                return member.user.display_name
    raise AccountError(msg("web.settings.not_member"))


def invitation_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/invitations/{token}"


def send_invitation_mail(
    workspace: Workspace, email: str, role: Role, url: str, inviter: str, expires: Any, lang: Lang
) -> bool:
    """E-mail an invitation when a mail server is set (``KOERS_SMTP_HOST``); ``True`` when sent."""
    if not os.environ.get("KOERS_SMTP_HOST"):
        return False
    try:
        with AlertChannels.from_settings(get_settings()) as channels:
            message = EmailMessage()
            message["From"] = channels.mailer.sender
            message["To"] = email
            message["Subject"] = render(msg("web.settings.invite_subject", workspace=workspace.name), lang)
            message.set_content(
                render(
                    msg(
                        "web.settings.invite_body",
                        inviter=inviter,
                        workspace=workspace.name,
                        role=msg(f"web.role.{role.value}"),
                        expires=expires,
                        url=url,
                    ),
                    lang,
                )
            )
            return channels.mailer.send([message]) == [None]
    except Exception:  # mail is a courtesy: the link on the page is what counts
        log.warning("could not e-mail the invitation to %s", email, exc_info=True)
        return False


# --- the page -------------------------------------------------------------------------------------


def _settings_page(
    request: Request, access: WorkspaceAccess, site: Site, *, status_code: int = 200, **extra: Any
) -> Response:
    workspace = access.handle.current()
    with site.database.begin() as session:
        members = accounts.members(session, workspace.id)
        pending = accounts.pending_invitations(session, workspace.id) if access.is_owner else []
    context: dict[str, Any] = {
        "access": access,
        "workspace": workspace,
        "section": "settings",
        "members": members,
        "pending": pending,
        "roles": list(Role),
        "langs": list(Lang),
        "timezones": timezones(),
        "currencies": currency_choices(access.lang),
        "journeys": journeys(workspace),
        "form": {field: getattr(workspace, field) for field in FIELDS},
        "invitation_days": accounts.INVITATION_DAYS,
    }
    context.update(extra)
    return page(request, "settings.html", context, status_code=status_code)


@router.get("/w/{workspace_id}/settings", include_in_schema=False)
def settings_page(request: Request, access: ViewerAccess, site: SiteDep, saved: bool = False) -> Response:
    notice = msg("web.settings.saved") if saved else None
    return _settings_page(request, access, site, notice=notice)


@router.post("/w/{workspace_id}/settings", include_in_schema=False)
def change_settings(
    request: Request,
    access: OwnerAccess,
    site: SiteDep,
    name: Annotated[str | None, Form(max_length=1000)] = None,
    language: Annotated[str | None, Form(max_length=100)] = None,
    currency: Annotated[str | None, Form(max_length=100)] = None,
    timezone: Annotated[str | None, Form(max_length=100)] = None,
    journey: Annotated[str | None, Form(max_length=100)] = None,
) -> Response:
    changes = {"name": name, "language": language, "currency": currency, "timezone": timezone}
    changes["journey"] = journey
    try:
        save_settings(access, site, changes)
    except SettingsError as error:
        form = {field: getattr(access.workspace, field) for field in FIELDS}
        form.update({key: value for key, value in changes.items() if value is not None})
        return _settings_page(
            request,
            access,
            site,
            status_code=422,
            error=error.render(access.lang),
            error_field=error.field,
            form=form,
        )
    return RedirectResponse(f"/w/{access.workspace.id}/settings?saved=true", status_code=303)


@router.post("/w/{workspace_id}/settings/members/{user_id}", include_in_schema=False)
def change_role(
    request: Request,
    access: OwnerAccess,
    site: SiteDep,
    user_id: int,
    role: Annotated[Role, Form()],
) -> Response:
    workspace_id = access.workspace.id
    try:
        name = member_name(site, workspace_id, user_id)
        with site.database.begin() as session:
            accounts.set_role(session, user_id, workspace_id, role)
    except AccountError as error:
        return _settings_page(request, access, site, status_code=422, error=error.render(access.lang))
    if user_id == access.user.id and role is not Role.OWNER:
        return RedirectResponse(f"/w/{workspace_id}/settings", status_code=303)
    notice = msg("web.settings.role_changed", name=name, role=msg(f"web.role.{role.value}"))
    return _settings_page(request, access, site, notice=notice)


@router.post("/w/{workspace_id}/settings/members/{user_id}/remove", include_in_schema=False)
def remove_member(request: Request, access: OwnerAccess, site: SiteDep, user_id: int) -> Response:
    workspace_id = access.workspace.id
    try:
        name = member_name(site, workspace_id, user_id)
        with site.database.begin() as session:
            accounts.remove_member(session, user_id, workspace_id)
    except AccountError as error:
        return _settings_page(request, access, site, status_code=422, error=error.render(access.lang))
    if user_id == access.user.id:
        return RedirectResponse("/workspaces", status_code=303)
    return _settings_page(request, access, site, notice=msg("web.settings.member_removed", name=name))


@router.post("/w/{workspace_id}/settings/invitations", include_in_schema=False)
def invite(
    request: Request,
    access: OwnerAccess,
    site: SiteDep,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[Role, Form()] = Role.VIEWER,
) -> Response:
    """Invite someone: the link is shown on the page this once (and e-mailed when mail is set)."""
    workspace = access.workspace
    try:
        with site.database.begin() as session:
            token = accounts.invite(session, workspace.id, email, role, access.user.id)
            found = accounts.invitation(session, token)
    except AccountError as error:
        return _settings_page(
            request, access, site, status_code=422, error=error.render(access.lang), invite_email=email
        )
    url = invitation_url(request, token)
    address = accounts.normalise_email(email)
    mailed = found is not None and send_invitation_mail(
        workspace, address, role, url, access.user.display_name, found.expires_at.date(), access.lang
    )
    return _settings_page(request, access, site, invited={"email": address, "url": url, "mailed": mailed})


@router.post("/w/{workspace_id}/settings/invitations/{key}/revoke", include_in_schema=False)
def revoke_invitation(request: Request, access: OwnerAccess, site: SiteDep, key: str) -> Response:
    with site.database.begin() as session:
        revoked = accounts.revoke_invitation(session, access.workspace.id, key)
    if not revoked:
        return _settings_page(
            request,
            access,
            site,
            status_code=404,
            error=render(msg("web.settings.unknown_invitation"), access.lang),
        )
    return _settings_page(request, access, site, notice=msg("web.settings.revoked"))
