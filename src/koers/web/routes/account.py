"""The signed-in user's own account: name, language, password and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from koers.errors import MessageError
from koers.i18n import Lang, msg, render
from koers.web import accounts
from koers.web.deps import LANG_COOKIE, SESSION_COOKIE, SiteDep, UserDep, VisitorDep
from koers.web.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from koers.web.site import Site
from koers.web.templating import page

router = APIRouter(tags=["account"])

NAME_LENGTH = 200
TOKEN_NAME_LENGTH = 100


def _account_page(
    request: Request, site: Site, user: accounts.User, *, status_code: int = 200, **extra: Any
) -> Response:
    with site.database.begin() as session:
        fresh = accounts.get_user(session, user.id) or user
        tokens = accounts.api_tokens(session, user.id)
        roles = accounts.memberships(session, user.id)
    memberships = [
        (site.get(workspace_id).workspace, role)
        for workspace_id, role in roles.items()
        if workspace_id in site
    ]
    context: dict[str, Any] = {
        "me": fresh,
        "tokens": tokens,
        "memberships": sorted(memberships, key=lambda item: item[0].name.casefold()),
        "langs": list(Lang),
        "min_password": MIN_PASSWORD_LENGTH,
        "max_password": MAX_PASSWORD_LENGTH,
    }
    context.update(extra)
    return page(request, "account.html", context, status_code=status_code)


@router.get("/account", include_in_schema=False)
def account_page(request: Request, site: SiteDep, user: UserDep, saved: bool = False) -> Response:
    return _account_page(request, site, user, notice=msg("web.me.saved") if saved else None)


@router.post("/account", include_in_schema=False)
def save_profile(
    request: Request,
    site: SiteDep,
    user: UserDep,
    name: Annotated[str, Form(max_length=NAME_LENGTH)] = "",
    language: Annotated[Lang | None, Form()] = None,
) -> Response:
    with site.database.begin() as session:
        accounts.set_name(session, user.id, name)
        if language is not None:
            accounts.set_language(session, user.id, language)
    response = RedirectResponse("/account?saved=true", status_code=303)
    if language is not None:
        response.set_cookie(LANG_COOKIE, language.value, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    site: SiteDep,
    user: UserDep,
    visitor: VisitorDep,
    current: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
    new: Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)],
    repeat: Annotated[str | None, Form(max_length=MAX_PASSWORD_LENGTH)] = None,
) -> Response:
    """A new password ends every sign-in of the user; this one goes on with a new session."""
    try:
        with site.database.begin() as session:
            if accounts.authenticate(session, user.email, current) is None:
                raise accounts.AccountError(msg("web.me.wrong_password"))
            if repeat is not None and repeat != new:
                raise accounts.AccountError(msg("web.me.passwords_differ"))
            accounts.set_password(session, user.id, new)
            token = accounts.start_session(session, user.id) if not visitor.by_token else None
    except MessageError as error:
        return _account_page(
            request, site, user, status_code=422, error=error.render(visitor.lang), error_field="password"
        )
    response = _account_page(request, site, user, notice=msg("web.me.password_changed"))
    if token is not None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=accounts.SESSION_DAYS * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=request.app.state.options.secure_cookies,
        )
    return response


@router.post("/account/tokens", include_in_schema=False)
def create_token(
    request: Request,
    site: SiteDep,
    user: UserDep,
    name: Annotated[str, Form(max_length=TOKEN_NAME_LENGTH)] = "",
) -> Response:
    """A new API token, shown on this page once."""
    with site.database.begin() as session:
        token = accounts.create_api_token(session, user.id, name)
    shown = name.strip()[:TOKEN_NAME_LENGTH] or "API"
    return _account_page(request, site, user, new_token={"name": shown, "token": token})


@router.post("/account/tokens/{token_id}/revoke", include_in_schema=False)
def revoke_token(
    request: Request, site: SiteDep, user: UserDep, visitor: VisitorDep, token_id: int
) -> Response:
    with site.database.begin() as session:
        revoked = accounts.revoke_api_token(session, user.id, token_id)
    if not revoked:
        return _account_page(
            request,
            site,
            user,
            status_code=404,
            error=render(msg("web.me.unknown_token"), visitor.lang),
            error_field="tokens",
        )
    return _account_page(request, site, user, notice=msg("web.me.revoked"))
