"""Shared fixtures of the web app's tests: the demo workspace served by an app with a member of
each role, someone of another workspace, and signed-in test clients that carry the CSRF token
like a browser does."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from koers.demo import build_demo
from koers.domain.workspace import Workspace
from koers.store.appdb import database
from koers.store.workspace_file import save_workspace
from koers.web import accounts
from koers.web.accounts import Role
from koers.web.app import WebOptions, create_app
from koers.web.assets import build_assets
from koers.web.deps import CSRF_COOKIE
from koers.web.security import csrf_token
from koers.web.site import Site

DEMO_DAY = date(2026, 11, 22)
AS_OF = date(2026, 11, 21)
DEMO_ID = "badkamerwinkel"
OTHER_ID = "andere-klant"
PASSWORD = "correct horse battery"
SECRET = b"k" * 32

USERS = {
    "owner": "owner@example.nl",
    "editor": "editor@example.nl",
    "viewer": "viewer@example.nl",
    "outsider": "outsider@example.nl",
}
"""The outsider owns another workspace and is no member of the demo's."""


class Browser:
    """A test client that signs in and sends the CSRF token with every form, as the pages do."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    @property
    def csrf(self) -> str:
        cookie = self.client.cookies.get(CSRF_COOKIE)
        if cookie is None:
            self.client.get("/sign-in")
            cookie = self.client.cookies.get(CSRF_COOKIE)
        assert cookie is not None
        return csrf_token(SECRET, cookie)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.post(url, data={**(data or {}), "csrf_token": self.csrf}, **kwargs)

    def htmx(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """A POST as htmx sends it: the token in a header."""
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(url, data=data, headers=headers, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        response = self.post("/sign-in", {"email": email, "password": password}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return response


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once per test run; tests work on copies."""
    build_assets()
    folder = tmp_path_factory.mktemp("demo") / "demo-workspace"
    build_demo(folder, DEMO_DAY)
    return folder


def make_site(demo_source: Path, tmp_path: Path) -> Site:
    folder = tmp_path / "workspaces" / "demo"
    shutil.copytree(demo_source, folder)
    other = tmp_path / "workspaces" / OTHER_ID
    other.mkdir(parents=True)
    save_workspace(Workspace.model_validate({"name": "Andere klant", "id": OTHER_ID}), other / "koers.yaml")
    site = Site(
        database(f"sqlite:///{tmp_path / 'koers.sqlite'}"),
        root=tmp_path / "workspaces",
        today=AS_OF,
    )
    with site.database.begin() as session:
        for role, email in USERS.items():
            user = accounts.create_user(session, email, PASSWORD, name=role.title())
            if role == "outsider":
                accounts.set_role(session, user.id, OTHER_ID, Role.OWNER)
            else:
                accounts.set_role(session, user.id, DEMO_ID, Role(role))
    return site


@pytest.fixture
def site(demo_source: Path, tmp_path: Path) -> Iterator[Site]:
    site = make_site(demo_source, tmp_path)
    yield site
    site.close()


@pytest.fixture
def app(site: Site) -> Any:
    return create_app(site, WebOptions(SECRET))


@pytest.fixture
def anonymous(app: Any) -> Iterator[Browser]:
    with TestClient(app, base_url="http://localhost") as client:
        yield Browser(client)


def _signed_in(app: Any, role: str) -> Iterator[Browser]:
    with TestClient(app, base_url="http://localhost") as client:
        browser = Browser(client)
        browser.sign_in(USERS[role])
        yield browser


@pytest.fixture
def owner(app: Any) -> Iterator[Browser]:
    yield from _signed_in(app, "owner")


@pytest.fixture
def editor(app: Any) -> Iterator[Browser]:
    yield from _signed_in(app, "editor")


@pytest.fixture
def viewer(app: Any) -> Iterator[Browser]:
    yield from _signed_in(app, "viewer")


@pytest.fixture
def outsider(app: Any) -> Iterator[Browser]:
    yield from _signed_in(app, "outsider")


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed (for assertions on what a user reads)."""
    without_tags = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", without_tags).strip()
