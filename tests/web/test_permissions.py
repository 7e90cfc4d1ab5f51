"""The permission matrix: every route of the app, with every method, tried as owner, editor, viewer,
someone of another workspace and nobody.

Routes are found by walking ``app.routes``, so a route added tomorrow is tried tomorrow without a
change here. The role a route needs is read from its dependency tree: the Access dependency made
by :func:`koers.web.deps.require` carries ``needed_role``. To tell "let in" from "let in, then the
KPI asked for was not found", each Access dependency is replaced by a spy that records what the
real one decided.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_ID, PASSWORD, SECRET, USERS, Browser, make_site
from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from koers.web import accounts, deps
from koers.web.accounts import Role
from koers.web.app import WebOptions, create_app
from koers.web.deps import SiteDep, VisitorDep, WorkspaceAccess
from koers.web.site import Site

ROLES = ("anonymous", "outsider", "viewer", "editor", "owner")
"""In this order: the ones refused first, so nothing they could change gets in the way."""
SPARE = "spare@example.nl"
"""A viewer of the demo whose id fills ``{user_id}``: whatever an owner does to it is undone."""

DECISIONS: list[tuple[Role, str]] = []
"""What the Access dependencies decided during the last request: (needed role, outcome)."""


# --- reading the routes -----------------------------------------------------------------------------


def _calls(dependant: Any) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def needed_role(route: Any) -> Role | None:
    """The role the route's Access dependency asks for (the highest, should there be several)."""
    roles = [call.needed_role for call in _calls(route.dependant) if hasattr(call, "needed_role")]
    return max(roles, key=lambda role: role.rank) if roles else None


def needs_user(route: Any) -> bool:
    return needed_role(route) is not None or any(call is deps.get_user for call in _calls(route.dependant))


def api_routes(app: FastAPI) -> list[Any]:
    """Every route of the app as it is served: full path, methods and dependency tree (included
    routers are walked, with their prefixes and dependencies)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # a FastAPI that lists included routes flat
        return [route for route in app.routes if isinstance(route, APIRoute)]
    return [
        context for context in iter_route_contexts(app.routes) if isinstance(context.original_route, APIRoute)
    ]


def access_functions(app: FastAPI) -> set[Any]:
    return {
        call for route in api_routes(app) for call in _calls(route.dependant) if hasattr(call, "needed_role")
    }


def spy(original: Any) -> Any:
    def access(workspace_id: str, request: Request, site: SiteDep, visitor: VisitorDep) -> WorkspaceAccess:
        try:
            granted: WorkspaceAccess = original(workspace_id, request, site, visitor)
        except Exception as error:
            DECISIONS.append((original.needed_role, type(error).__name__))
            raise
        DECISIONS.append((original.needed_role, "granted"))
        return granted

    return access


# --- the site the matrix runs on ------------------------------------------------------------------


@dataclass
class World:
    app: FastAPI
    site: Site
    values: dict[str, str]
    browsers: dict[str, Browser]
    tokens: dict[str, str]
    memberships: dict[int, tuple[str, Role]]
    workspace: Any

    def restore(self) -> None:
        """Undo what the last route may have changed: memberships, the workspace, sign-ins."""
        with self.site.database.begin() as session:
            for user_id, (workspace_id, role) in self.memberships.items():
                current = accounts.role_of(session, user_id, workspace_id)
                if current is not role:
                    accounts.set_role(session, user_id, workspace_id, role)
        handle = self.site.get(DEMO_ID)
        if handle.current() != self.workspace:
            handle.save(self.workspace, self.site.database)
        for role, browser in self.browsers.items():
            if role != "anonymous" and browser.get("/api/me").status_code != 200:
                browser.sign_in(USERS[role])


@pytest.fixture(scope="module")
def world(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    site = make_site(demo_source, tmp_path_factory.mktemp("permissions"))
    with site.database.begin() as session:
        spare = accounts.create_user(session, SPARE, PASSWORD, name="Spare")
        accounts.set_role(session, spare.id, DEMO_ID, Role.VIEWER)
        accounts.create_api_token(session, spare.id, "not yours")
        (spare_token,) = accounts.api_tokens(session, spare.id)
        users = {role: accounts.find_user(session, email) for role, email in USERS.items()}
        tokens = {
            role: accounts.create_api_token(session, user.id, "matrix")
            for role, user in users.items()
            if user is not None
        }
        memberships = {
            user.id: (workspace_id, role)
            for user in [*users.values(), spare]
            if user is not None
            for workspace_id, role in accounts.memberships(session, user.id).items()
        }
    app = create_app(site, WebOptions(SECRET))
    for original in access_functions(app):
        app.dependency_overrides[original] = spy(original)
    workspace = site.get(DEMO_ID).current()
    with site.get(DEMO_ID).warehouse() as warehouse:
        imports = warehouse.imports()
    values = {
        "workspace_id": DEMO_ID,
        "kpi_id": "terugkerende-bezoekers",
        "goal_id": workspace.goals[0].id,
        "plan_id": workspace.plans[0].id if workspace.plans else "plan",
        "import_id": imports[0].import_id if imports else "import",
        "user_id": str(spare.id),
        "token_id": str(spare_token.id),  # another's: revoking it must change nothing
    }
    clients = [TestClient(app, base_url="http://localhost", raise_server_exceptions=False) for _ in ROLES]
    for client in clients:
        client.__enter__()
    browsers = dict(zip(ROLES, (Browser(client) for client in clients), strict=True))
    for role, browser in browsers.items():
        if role != "anonymous":
            browser.sign_in(USERS[role])
    yield World(app, site, values, browsers, tokens, memberships, workspace)
    for client in clients:
        client.__exit__(None, None, None)
    site.close()


def _path_fields(dependant: Any) -> Iterator[Any]:
    yield from dependant.path_params
    for sub in dependant.dependencies:
        yield from _path_fields(sub)


def fill(route: Any, values: dict[str, str]) -> str:
    """The route's path with real ids where known and a dummy of the right type elsewhere."""
    types = {
        field.name: getattr(field.field_info, "annotation", None) for field in _path_fields(route.dependant)
    }
    params: dict[str, str] = {}
    for name in re.findall(r"{(\w+)(?::\w+)?}", route.path):
        params[name] = values.get(name) or ("1" if types.get(name) is int else "nothing-here")
    return str(re.sub(r"{(\w+)(?::\w+)?}", lambda found: params[found.group(1)], route.path))


def call(browser: Browser, method: str, url: str, *, token: str | None = None) -> Any:
    """One request with a minimal body: a form with the CSRF token for a page, JSON for the API."""
    client = browser.client
    headers: dict[str, str] = {"Authorization": f"Bearer {token}"} if token else {}
    if method in ("GET", "HEAD", "OPTIONS"):
        return client.request(method, url, headers=headers, follow_redirects=False)
    if url.startswith("/api/"):
        if not token:
            headers["X-CSRF-Token"] = browser.csrf
        return client.request(method, url, json={}, headers=headers, follow_redirects=False)
    return client.request(
        method, url, data={"csrf_token": browser.csrf}, headers=headers, follow_redirects=False
    )


def judge(route: Any, method: str, role: str, url: str, response: Any) -> str | None:
    """What is wrong with this answer, or ``None``."""
    status = response.status_code
    needed = needed_role(route)
    where = f"{method} {route.path} as {role}: {status}"
    if status >= 500:
        return f"{where} (server error)"
    if role == "anonymous":
        if not needs_user(route):
            return None
        if url.startswith("/api/"):
            return None if status == 401 else f"{where}, expected 401"
        location = response.headers.get("location", "")
        return (
            None
            if status == 303 and location.startswith("/sign-in")
            else f"{where}, expected 303 to /sign-in"
        )
    if needed is None:
        return None if status not in (401, 403) else where
    decided = [outcome for _, outcome in DECISIONS]
    if role == "outsider":
        ok = status == 404 and decided and all(outcome == "NotFound" for outcome in decided)
        return None if ok else f"{where}, expected 404 (decided {decided})"
    if not Role(role).allows(needed):
        return None if status == 403 else f"{where}, expected 403 for a {role} (needs {needed})"
    if status in (401, 403) or "granted" not in decided or "NotFound" in decided or "Forbidden" in decided:
        return f"{where}: the {role} may use a route needing {needed} (decided {decided})"
    return None


def run_matrix(world: World, routes: list[Any], *, by_token: bool) -> list[str]:
    problems: list[str] = []
    for route in routes:
        for method, role in itertools.product(sorted(route.methods), ROLES):
            url = fill(route, world.values)
            token = world.tokens.get(role) if by_token else None
            DECISIONS.clear()
            response = call(world.browsers[role], method, url, token=token)
            problem = judge(route, method, role, url, response)
            if problem:
                problems.append(problem)
        world.restore()
    return problems


def test_every_workspace_route_has_an_access_dependency(world: World) -> None:
    missing = [
        f"{sorted(route.methods)} {route.path} ({route.endpoint.__module__}.{route.name})"
        for route in api_routes(world.app)
        if "{workspace_id}" in route.path and needed_role(route) is None
    ]
    assert not missing, "routes of a workspace without ViewerAccess/EditorAccess/OwnerAccess: " + ", ".join(
        missing
    )


def test_the_matrix_finds_the_routes_of_every_module(world: World) -> None:
    routes = api_routes(world.app)
    paths = {route.path for route in routes}
    assert {"/w/{workspace_id}", "/w/{workspace_id}/settings", "/account", "/api/me"} <= paths
    assert any(needed_role(route) is Role.OWNER for route in routes)
    assert any(needed_role(route) is Role.VIEWER for route in routes)


def test_every_route_with_every_role(world: World) -> None:
    problems = run_matrix(world, api_routes(world.app), by_token=False)
    assert not problems, "\n".join(problems)


def test_the_api_with_bearer_tokens(world: World) -> None:
    routes = [route for route in api_routes(world.app) if route.path.startswith("/api/")]
    assert len(routes) >= 8
    problems = run_matrix(world, routes, by_token=True)
    assert not problems, "\n".join(problems)


def test_the_spy_sees_what_access_decides(world: World) -> None:
    """The matrix's own check: a viewer on an owner's route is refused, and the spy saw it."""
    DECISIONS.clear()
    response = world.browsers["viewer"].post(f"/w/{DEMO_ID}/settings", {"name": "x"})
    assert response.status_code == 403
    assert DECISIONS == [(Role.OWNER, "Forbidden")]
