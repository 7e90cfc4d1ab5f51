"""The workspace-level JSON API: the same people see and may do the same as on the pages."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DEMO_ID, OTHER_ID, USERS, Browser

from koers.store.workspace_file import load_workspace
from koers.web import accounts
from koers.web.site import Site

WS = f"/api/workspaces/{DEMO_ID}"


def bearer(site: Site, role: str) -> dict[str, str]:
    with site.database.begin() as session:
        user = accounts.find_user(session, USERS[role])
        assert user is not None
        token = accounts.create_api_token(session, user.id, f"{role} script")
    return {"Authorization": f"Bearer {token}"}


def test_me_answers_who_is_asking(anonymous: Browser, viewer: Browser, site: Site) -> None:
    assert anonymous.get("/api/me").status_code == 401
    by_cookie = viewer.get("/api/me").json()
    assert by_cookie["email"] == USERS["viewer"]
    assert by_cookie["by_token"] is False
    by_token = anonymous.get("/api/me", headers=bearer(site, "viewer")).json()
    assert by_token["email"] == USERS["viewer"]
    assert by_token["by_token"] is True
    assert anonymous.get("/api/me", headers={"Authorization": "Bearer koers_forged"}).status_code == 401


def test_the_workspace_list_has_role_and_status_counts(anonymous: Browser, site: Site) -> None:
    rows = anonymous.get("/api/workspaces", headers=bearer(site, "editor")).json()
    assert [row["id"] for row in rows] == [DEMO_ID]
    (row,) = rows
    assert row["role"] == "editor"
    assert row["kpis"] == 8
    assert sum(row["counts"].values()) == 8
    assert row["as_of"] == "2026-11-21"
    assert "whitepaper-downloads" in row["attention"]
    outsider = anonymous.get("/api/workspaces", headers=bearer(site, "outsider")).json()
    assert [row["id"] for row in outsider] == [OTHER_ID]


def test_a_workspace_gives_its_settings_and_dashboard(anonymous: Browser, site: Site) -> None:
    headers = {**bearer(site, "viewer"), "Accept-Language": "en"}
    body = anonymous.get(WS, headers=headers).json()
    assert body["role"] == "viewer"
    assert body["settings"] == {
        "name": "Online badkamerwinkel",
        "language": "nl",
        "currency": "EUR",
        "timezone": "Europe/Amsterdam",
        "journey": "see_think_do_care",
    }
    assert len(body["tiles"]) == 8
    tile = next(tile for tile in body["tiles"] if tile["id"] == "terugkerende-bezoekers")
    assert tile["status"] in body["counts"]
    assert tile["value_text"]
    assert tile["target_text"]
    earlier = anonymous.get(f"{WS}?as_of=2026-11-01", headers=headers).json()
    assert earlier["as_of"] == "2026-11-01"
    assert anonymous.get(f"/api/workspaces/{OTHER_ID}", headers=headers).status_code == 404
    assert anonymous.get("/api/workspaces/nowhere", headers=headers).status_code == 404


def test_an_owner_patches_settings_and_others_may_not(anonymous: Browser, site: Site) -> None:
    change = {"name": "Badkamerwinkel API", "currency": "GBP", "timezone": "Europe/London"}
    for role in ("viewer", "editor"):
        response = anonymous.client.patch(WS, json=change, headers=bearer(site, role))
        assert response.status_code == 403
    response = anonymous.client.patch(WS, json=change, headers=bearer(site, "owner"))
    assert response.status_code == 200, response.text
    assert response.json()["currency"] == "GBP"
    saved = load_workspace(site.get(DEMO_ID).file)
    assert (saved.name, saved.currency, saved.timezone) == ("Badkamerwinkel API", "GBP", "Europe/London")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "Currency"),
        ({"timezone": "Nowhere/City"}, "Time zone"),
        ({"journey": "lead_funnel"}, "Customer journey model"),
    ],
)
def test_a_bad_setting_answers_422_naming_the_field(
    anonymous: Browser, site: Site, change: dict[str, Any], field: str
) -> None:
    headers = {**bearer(site, "owner"), "Accept-Language": "en"}
    response = anonymous.client.patch(WS, json=change, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}:")


def test_wrong_types_and_unknown_fields_are_refused(anonymous: Browser, site: Site) -> None:
    headers = bearer(site, "owner")
    for body in ({"name": ["a", "b"]}, {"currency": 978}, {"colour": "red"}, {"name": ""}, ["name"]):
        response = anonymous.client.patch(WS, json=body, headers=headers)
        assert response.status_code == 422, body
    assert load_workspace(site.get(DEMO_ID).file).name == "Online badkamerwinkel"


def test_members_roles_and_invitations_through_the_api(anonymous: Browser, site: Site) -> None:
    owner = bearer(site, "owner")
    viewer = bearer(site, "viewer")
    members = anonymous.get(f"{WS}/members", headers=viewer).json()
    assert {member["email"]: member["role"] for member in members} == {
        USERS["owner"]: "owner",
        USERS["editor"]: "editor",
        USERS["viewer"]: "viewer",
    }
    ids = {member["email"]: member["user_id"] for member in members}
    editor_url = f"{WS}/members/{ids[USERS['editor']]}"
    assert anonymous.client.patch(editor_url, json={"role": "owner"}, headers=viewer).status_code == 403
    promoted = anonymous.client.patch(editor_url, json={"role": "owner"}, headers=owner)
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "owner"
    assert anonymous.client.patch(editor_url, json={"role": "boss"}, headers=owner).status_code == 422

    # the last owner cannot go, an unknown member is not found
    only_owner = f"{WS}/members/{ids[USERS['owner']]}"
    anonymous.client.patch(editor_url, json={"role": "editor"}, headers=owner)
    assert anonymous.client.delete(only_owner, headers=owner).status_code == 422
    assert anonymous.client.delete(f"{WS}/members/99999", headers=owner).status_code == 404
    assert anonymous.client.delete(f"{WS}/members/{ids[USERS['viewer']]}", headers=owner).status_code == 204
    assert anonymous.get(WS, headers=viewer).status_code == 404

    assert anonymous.get(f"{WS}/invitations", headers=owner).json() == []
    made = anonymous.client.post(
        f"{WS}/invitations", json={"email": "api@example.nl", "role": "editor"}, headers=owner
    )
    assert made.status_code == 201, made.text
    invitation = made.json()
    assert invitation["url"].startswith("http://localhost/invitations/")
    listed = anonymous.get(f"{WS}/invitations", headers=owner).json()
    assert [item["key"] for item in listed] == [invitation["key"]]
    assert "url" not in listed[0]
    assert (
        anonymous.client.post(f"{WS}/invitations", json={"email": "no address"}, headers=owner).status_code
        == 422
    )
    assert anonymous.client.delete(f"{WS}/invitations/{invitation['key']}", headers=owner).status_code == 204
    assert anonymous.client.delete(f"{WS}/invitations/{invitation['key']}", headers=owner).status_code == 404
    path = invitation["url"].removeprefix("http://localhost")
    assert anonymous.get(path).status_code == 404


def test_a_cookie_client_needs_the_csrf_header_a_token_client_does_not(owner: Browser, site: Site) -> None:
    assert owner.client.patch(WS, json={"name": "Zonder token"}).status_code == 403
    with_header = owner.client.patch(WS, json={"name": "Met token"}, headers={"X-CSRF-Token": owner.csrf})
    assert with_header.status_code == 200
    assert load_workspace(site.get(DEMO_ID).file).name == "Met token"


def test_the_openapi_description_lists_the_api_and_no_pages(anonymous: Browser) -> None:
    description = anonymous.get("/api/openapi.json").json()
    paths = description["paths"]
    for path in (
        "/api/me",
        "/api/workspaces",
        "/api/workspaces/{workspace_id}",
        "/api/workspaces/{workspace_id}/members",
        "/api/workspaces/{workspace_id}/members/{user_id}",
        "/api/workspaces/{workspace_id}/invitations",
        "/api/workspaces/{workspace_id}/invitations/{key}",
    ):
        assert path in paths, path
    assert all(path.startswith("/api/") for path in paths), sorted(paths)
    schemas = description["components"]["schemas"]
    for name in ("MeOut", "WorkspaceSummaryOut", "WorkspaceOut", "TileOut", "SettingsPatch", "MemberOut"):
        assert name in schemas, name
    get_ws = paths["/api/workspaces/{workspace_id}"]["get"]
    assert get_ws["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WorkspaceOut"
    }
    assert "patch" in paths["/api/workspaces/{workspace_id}"]
    assert anonymous.get("/api/docs").status_code == 200
