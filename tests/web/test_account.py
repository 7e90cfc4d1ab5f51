"""The user's own account: name, language, password and API tokens."""

from __future__ import annotations

import html
import re

from conftest import DEMO_ID, PASSWORD, USERS, Browser
from conftest import text_of as raw_text

from koers.web import accounts
from koers.web.deps import SESSION_COOKIE
from koers.web.site import Site

NEW_PASSWORD = "a much longer new secret"


def text_of(page: str) -> str:
    return html.unescape(raw_text(page))


def test_the_account_page_needs_a_signed_in_user(anonymous: Browser) -> None:
    response = anonymous.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/account"


def test_the_account_page_shows_the_user_and_their_workspaces(editor: Browser) -> None:
    page = editor.get("/account")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "editor@example.nl" in text
    assert "Online badkamerwinkel · bewerker" in text
    assert "Je hebt nog geen API-tokens." in text


def test_name_and_language_are_kept_per_user_and_used_on_every_page(
    viewer: Browser, app: object, site: Site
) -> None:
    response = viewer.post(
        "/account", {"name": "Vera <b>Viewer</b>", "language": "en"}, follow_redirects=False
    )
    assert response.status_code == 303
    page = viewer.get(response.headers["location"])
    assert "Your details are saved." in text_of(page.text)
    assert "Vera &lt;b&gt;Viewer&lt;/b&gt;" in page.text
    with site.database.begin() as session:
        user = accounts.find_user(session, USERS["viewer"])
    assert user is not None
    assert user.name == "Vera <b>Viewer</b>"
    assert user.language == "en"
    # without the language cookie (another device) the dashboard still speaks English
    viewer.client.cookies.delete("koers_lang")
    dashboard = viewer.get(f"/w/{DEMO_ID}", headers={"accept-language": "nl"})
    assert "As of 21 November 2026" in text_of(dashboard.text)


def test_changing_the_password_needs_the_current_one_and_ends_other_sign_ins(
    owner: Browser, app: object, site: Site
) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://localhost") as other_client:  # type: ignore[arg-type]
        other = Browser(other_client)
        other.sign_in(USERS["owner"])
        assert other.get("/account").status_code == 200

        wrong = owner.post("/account/password", {"current": "not my password", "new": NEW_PASSWORD})
        assert wrong.status_code == 422
        assert "Huidig wachtwoord: dit is niet je wachtwoord." in text_of(wrong.text)
        short = owner.post("/account/password", {"current": PASSWORD, "new": "short", "repeat": "short"})
        assert short.status_code == 422
        assert "Een wachtwoord heeft minstens 10 tekens." in text_of(short.text)
        differ = owner.post(
            "/account/password", {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD + "!"}
        )
        assert differ.status_code == 422

        done = owner.post(
            "/account/password", {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
        )
        assert done.status_code == 200
        assert "Je wachtwoord is gewijzigd" in text_of(done.text)
        assert SESSION_COOKIE in done.headers["set-cookie"]
        # this browser goes on; the other sign-in has ended
        assert owner.get("/account").status_code == 200
        assert other.get("/account", follow_redirects=False).status_code == 303
    with site.database.begin() as session:
        assert accounts.authenticate(session, USERS["owner"], NEW_PASSWORD) is not None
        assert accounts.authenticate(session, USERS["owner"], PASSWORD) is None


def test_an_api_token_is_shown_once_works_and_can_be_revoked(viewer: Browser, anonymous: Browser) -> None:
    made = viewer.post("/account/tokens", {"name": "Looker <Studio>"})
    assert made.status_code == 200
    found = re.search(r'id="new-token".*?value="(koers_[^"]+)"', made.text, flags=re.S)
    assert found is not None
    token = found.group(1)
    assert "Looker &lt;Studio&gt;" in made.text

    listed = viewer.get("/account")
    assert token not in listed.text
    assert "Looker &lt;Studio&gt;" in listed.text
    assert "nooit" in text_of(listed.text)

    bearer = {"Authorization": f"Bearer {token}"}
    me = anonymous.get("/api/me", headers=bearer)
    assert me.status_code == 200
    assert me.json()["email"] == USERS["viewer"]
    assert "nooit" not in text_of(viewer.get("/account").text)  # last used is noted

    token_id = int(re.findall(r'id="token-(\d+)"', listed.text)[0])
    revoked = viewer.post(f"/account/tokens/{token_id}/revoke")
    assert revoked.status_code == 200
    assert "Het token is ingetrokken." in text_of(revoked.text)
    assert anonymous.get("/api/me", headers=bearer).status_code == 401
    assert viewer.post(f"/account/tokens/{token_id}/revoke").status_code == 404


def test_no_one_revokes_the_token_of_another(viewer: Browser, editor: Browser, anonymous: Browser) -> None:
    made = viewer.post("/account/tokens", {"name": "mine"})
    token = re.findall(r'value="(koers_[^"]+)"', made.text)[0]
    token_id = int(re.findall(r'id="token-(\d+)"', made.text)[0])
    assert editor.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert anonymous.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
