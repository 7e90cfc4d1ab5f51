"""The browser tests' fixtures: the real app served by uvicorn on loopback, and Debian's Chromium
driven headless by Playwright.

One server runs for the whole session, on a copy of the demo workspace (as of 2026-11-21); each
test gets a fresh browser context (no cookies) and leaves a full-page screenshot of where it ended
in ``test-artifacts/screenshots/<test>.png``, also when it fails. Tests that change the workspace
only add to it (a KPI, an import, a plan), so they do not depend on each other's order.

Without ``/usr/bin/chromium`` the tests are skipped, except in CI (``CI=true``), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright

from koers.demo import build_demo
from koers.web import accounts
from koers.web.accounts import Role
from koers.web.app import WebOptions, create_app
from koers.web.assets import build_assets
from web.conftest import DEMO_DAY, DEMO_ID, PASSWORD, SECRET, USERS, make_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000
"""The longest any one wait may take (a first KPI evaluation takes a second or two)."""
expect.set_options(timeout=TIMEOUT_MS)

__all__ = ["DEMO_ID", "PASSWORD", "USERS", "Console", "sign_in"]


@dataclass
class Server:
    url: str
    site: Any


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a free loopback port, in a background thread, until the session ends."""
    build_assets()
    demo = tmp_path_factory.mktemp("browser-demo") / "demo-workspace"
    build_demo(demo, DEMO_DAY)
    site = make_site(demo, tmp_path_factory.mktemp("browser-site"))
    app = create_app(site, WebOptions(SECRET, warm=site.warm))

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if uvicorn_server.started and httpx.get(f"{url}/sign-in", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the app did not start on {url}")
        time.sleep(0.05)
    yield Server(url, site)
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Console:
    """What the page reported as wrong: console errors (CSP violations among them) and uncaught
    exceptions."""

    errors: list[str] = field(default_factory=list)

    def on_message(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not _favicon(message):
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught: {error}")

    def assert_clean(self) -> None:
        assert not self.errors, "the page reported errors:\n" + "\n".join(self.errors)


def _favicon(message: ConsoleMessage) -> bool:
    """Chromium asks for /favicon.ico on its own; the pages do not link one."""
    return message.location.get("url", "").endswith("/favicon.ico")


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, chromium: Browser, server: Server, console: Console
) -> Iterator[Page]:
    """A fresh tab in its own context (Dutch, like the demo's team), screenshotted at the end."""
    context = chromium.new_context(
        base_url=server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.on("console", console.on_message)
    tab.on("pageerror", console.on_page_error)
    # CSP violations also reach the console; this catches them even where the console is quiet
    tab.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    try:
        yield tab
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, timeout=TIMEOUT_MS)
        finally:
            context.close()


def sign_in(page: Page, email: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Sign in through the form, as a person does, and wait for the page it leads to."""
    page.goto(f"/sign-in?next={next_path}")
    form = page.locator('form[action="/sign-in"]')
    form.locator('input[name="email"]').fill(email)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator("button").click()


@pytest.fixture
def editor_page(page: Page) -> Page:
    """A tab signed in as the demo workspace's editor, on its dashboard."""
    sign_in(page, USERS["editor"], next_path=f"/w/{DEMO_ID}")
    page.wait_for_selector(".tiles .tile")
    return page


@pytest.fixture
def new_user(server: Server, request: pytest.FixtureRequest) -> str:
    """A user of its own (an editor of the demo), for a test that changes what a user prefers."""
    email = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-") + "@example.nl"
    with server.site.database.begin() as session:
        user = accounts.create_user(session, email, PASSWORD, name="Browser Test")
        accounts.set_role(session, user.id, DEMO_ID, Role.EDITOR)
    return email
