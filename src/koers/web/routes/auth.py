"""Signing in and out, the language switch, and accepting an invitation."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from koers.errors import MessageError
from koers.i18n import Lang, msg
from koers.web import accounts
from koers.web.deps import LANG_COOKIE, SESSION_COOKIE, SiteDep, VisitorDep
from koers.web.templating import page

router = APIRouter(tags=["sign-in"])


def safe_next(target: str | None) -> str:
    """Only a path on this site: ``next=https://evil.example`` goes home instead."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _set_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=accounts.SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.app.state.options.secure_cookies,
    )


@router.get("/sign-in", include_in_schema=False)
def sign_in_page(request: Request, visitor: VisitorDep, next: str | None = None) -> Response:
    if visitor.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return page(request, "sign_in.html", {"next": safe_next(next), "email": ""})


@router.post("/sign-in", include_in_schema=False)
def sign_in(
    request: Request,
    site: SiteDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    with site.database.begin() as session:
        user = accounts.authenticate(session, email, password)
        token = accounts.start_session(session, user.id) if user is not None else None
    if user is None or token is None:
        return page(
            request,
            "sign_in.html",
            {"next": safe_next(next), "email": email, "failed": True},
            status_code=401,
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    _set_session(request, response, token)
    if user.language is not None:
        response.set_cookie(LANG_COOKIE, user.language.value, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request, site: SiteDep) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with site.database.begin() as session:
            accounts.end_session(session, cookie)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/language", include_in_schema=False)
def choose_language(
    site: SiteDep,
    visitor: VisitorDep,
    lang: Annotated[Lang, Form()],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Switch the language: remembered for the user (every device) and in a cookie."""
    if visitor.user is not None:
        with site.database.begin() as session:
            accounts.set_language(session, visitor.user.id, lang)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, lang.value, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/invitations/{token}", include_in_schema=False)
def invitation_page(request: Request, token: str, site: SiteDep, visitor: VisitorDep) -> Response:
    with site.database.begin() as session:
        found = accounts.invitation(session, token)
        has_account = found is not None and accounts.find_user(session, found.email) is not None
    workspace = site.get(found.workspace_id).workspace if found and found.workspace_id in site else None
    return page(
        request,
        "invitation.html",
        {"invitation": found, "workspace": workspace, "token": token, "has_account": has_account},
        status_code=200 if found else 404,
    )


@router.post("/invitations/{token}", include_in_schema=False)
def accept_invitation(
    request: Request,
    token: str,
    site: SiteDep,
    visitor: VisitorDep,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Join: a signed-in user joins as they are; a new person makes an account with a password."""
    try:
        with site.database.begin() as session:
            found = accounts.invitation(session, token)
            if found is None:
                raise accounts.AccountError(msg("web.invite.invalid"))
            user = visitor.user
            new_token = None
            if user is None:
                if accounts.find_user(session, found.email) is not None:
                    return RedirectResponse(f"/sign-in?next=/invitations/{token}", status_code=303)
                user = accounts.create_user(session, found.email, password, name=name, language=visitor.lang)
                new_token = accounts.start_session(session, user.id)
            workspace_id = accounts.accept_invitation(session, token, user.id)
    except MessageError as error:
        return page(
            request,
            "invitation.html",
            {"invitation": None, "error": error.render(visitor.lang), "token": token},
            status_code=422,
        )
    response = RedirectResponse(f"/w/{workspace_id}", status_code=303)
    if new_token is not None:
        _set_session(request, response, new_token)
    return response
