"""What routes depend on, as ``Annotated`` aliases: the site, the visitor, the signed-in user and
their access to a workspace.

Access is the one place roles are enforced: a route that takes :data:`ViewerAccess`,
:data:`EditorAccess` or :data:`OwnerAccess` runs only for a member with at least that role in the
``workspace_id`` of its path. Someone who is not a member gets 404, as for a workspace that does
not exist (nothing of it is revealed, not even that it exists); a member with too small a role
gets 403. The same dependencies guard the HTML pages and ``/api``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from koers.domain.workspace import Workspace
from koers.i18n import Lang
from koers.web import accounts
from koers.web.accounts import Role, User
from koers.web.security import secret_hash
from koers.web.site import Site, WorkspaceHandle

SESSION_COOKIE = "koers_session"
CSRF_COOKIE = "koers_csrf"
LANG_COOKIE = "koers_lang"


class NotSignedIn(Exception):
    """The route needs a signed-in user and there is none."""


class Forbidden(Exception):
    """The user's role in the workspace does not allow this."""


class CsrfFailed(Exception):
    """An unsafe request from a browser without the CSRF token of its cookie."""


class NotFound(Exception):
    """Nothing here (or nothing this user may know of)."""


def get_site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


SiteDep = Annotated[Site, Depends(get_site)]


@dataclass(frozen=True, slots=True)
class Visitor:
    """Whoever made the request: a user (by session cookie or API token) or nobody, and the
    language to answer in."""

    user: User | None
    lang: Lang
    by_token: bool = False


def _preferred_lang(request: Request) -> Lang:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("nl", "en"):
        return Lang(chosen)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("nl", "en"):
            return Lang(code)
    return Lang.NL


def get_visitor(request: Request) -> Visitor:
    """Who is asking: read once per request from the API token or the session cookie."""
    cached = getattr(request.state, "visitor", None)
    if isinstance(cached, Visitor):
        return cached
    site = get_site(request)
    user: User | None = None
    by_token = False
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        with site.database.begin() as session:
            user = accounts.token_user(session, authorization[7:].strip())
        by_token = True
    elif cookie := request.cookies.get(SESSION_COOKIE):
        user = accounts.cached(("session", secret_hash(cookie)), lambda: _session_user(site, cookie))
    lang = user.language if user is not None and user.language else _preferred_lang(request)
    visitor = Visitor(user, lang, by_token)
    request.state.visitor = visitor
    return visitor


def _session_user(site: Site, cookie: str) -> User | None:
    with site.database.begin() as session:
        return accounts.session_user(session, cookie)


def _role(site: Site, user_id: int, workspace_id: str) -> Role | None:
    with site.database.begin() as session:
        return accounts.role_of(session, user_id, workspace_id)


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


def get_user(visitor: VisitorDep) -> User:
    if visitor.user is None:
        raise NotSignedIn
    return visitor.user


UserDep = Annotated[User, Depends(get_user)]


@dataclass(frozen=True, slots=True)
class WorkspaceAccess:
    """A member's access to one workspace: the workspace (as now), its handle and the role."""

    handle: WorkspaceHandle
    workspace: Workspace
    role: Role
    user: User
    lang: Lang

    @property
    def can_edit(self) -> bool:
        return self.role.allows(Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role is Role.OWNER


def require(needed: Role) -> Callable[..., WorkspaceAccess]:
    """A dependency that admits members of the path's workspace with at least ``needed``."""

    def access(workspace_id: str, request: Request, site: SiteDep, visitor: VisitorDep) -> WorkspaceAccess:
        user = get_user(visitor)
        role = accounts.cached(("role", user.id, workspace_id), lambda: _role(site, user.id, workspace_id))
        if role is None or workspace_id not in site:
            raise NotFound
        if not role.allows(needed):
            raise Forbidden
        handle = site.get(workspace_id)
        return WorkspaceAccess(handle, handle.current(), role, user, visitor.lang)

    access.needed_role = needed  # type: ignore[attr-defined]  # read by the permission tests
    return access


ViewerAccess = Annotated[WorkspaceAccess, Depends(require(Role.VIEWER))]
EditorAccess = Annotated[WorkspaceAccess, Depends(require(Role.EDITOR))]
OwnerAccess = Annotated[WorkspaceAccess, Depends(require(Role.OWNER))]
