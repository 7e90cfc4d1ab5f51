"""The frame of the web app: signing in, the workspace list with its overview, the dashboard."""

from __future__ import annotations

from conftest import DEMO_ID, OTHER_ID, PASSWORD, USERS, Browser, text_of

from koers.web import accounts
from koers.web.accounts import Role
from koers.web.site import Site


def test_pages_need_a_signed_in_user(anonymous: Browser) -> None:
    response = anonymous.get(f"/w/{DEMO_ID}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next=/w/{DEMO_ID}"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous: Browser) -> None:
    response = anonymous.post("/sign-in", {"email": USERS["owner"], "password": "wrong password!"})
    assert response.status_code == 401
    assert "Dit e-mailadres en wachtwoord passen niet bij elkaar" in text_of(response.text)
    unknown = anonymous.post("/sign-in", {"email": "nobody@example.nl", "password": PASSWORD})
    assert unknown.status_code == 401


def test_sign_in_leads_to_the_page_asked_for_but_never_off_site(anonymous: Browser) -> None:
    response = anonymous.post(
        "/sign-in",
        {"email": USERS["viewer"], "password": PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_a_form_without_its_csrf_token_is_refused(anonymous: Browser) -> None:
    response = anonymous.client.post("/sign-in", data={"email": USERS["owner"], "password": PASSWORD})
    assert response.status_code == 403


def test_the_dashboard_shows_a_tile_per_kpi_by_phase(viewer: Browser) -> None:
    page = viewer.get(f"/w/{DEMO_ID}", headers={"accept-language": "nl"})
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Online badkamerwinkel" in text
    assert "Stand per 21 november 2026" in text
    for phase in ("See", "Think", "Do", "Care"):
        assert f'id="phase-{phase.lower()}"' in page.text
    assert page.text.count('class="tile ') == 8
    assert "Terugkerende bezoekers" in text
    assert "uit koers" in text


def test_the_overview_lists_what_needs_attention_in_every_client(owner: Browser) -> None:
    page = owner.get("/workspaces")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Wat aandacht nodig heeft" in text
    assert "Whitepaper-downloads" in text
    assert OTHER_ID not in page.text  # the owner of the demo is no member of the other workspace


def test_an_outsider_sees_nothing_of_a_workspace_not_theirs(outsider: Browser) -> None:
    assert outsider.get(f"/w/{DEMO_ID}").status_code == 404
    assert "badkamerwinkel" not in outsider.get("/workspaces").text


def test_a_new_workspace_makes_its_maker_owner(viewer: Browser) -> None:
    response = viewer.post("/workspaces", {"name": "Fietsenwinkel <b>Noord</b>"}, follow_redirects=False)
    assert response.status_code == 303
    page = viewer.get(response.headers["location"])
    assert page.status_code == 200
    assert "Fietsenwinkel &lt;b&gt;Noord&lt;/b&gt;" in page.text


def test_access_taken_away_is_gone_at_the_next_request(site: Site, owner: Browser, viewer: Browser) -> None:
    """Who may see what is kept between requests, and forgotten as soon as it changes."""
    assert viewer.get(f"/w/{DEMO_ID}").status_code == 200
    with site.database.begin() as session:
        found = accounts.find_user(session, USERS["viewer"])
    assert found is not None
    removed = owner.post(f"/w/{DEMO_ID}/settings/members/{found.id}/remove", follow_redirects=False)
    assert removed.status_code in (200, 303)
    assert viewer.get(f"/w/{DEMO_ID}").status_code == 404
    with site.database.begin() as session:
        accounts.set_role(session, found.id, DEMO_ID, Role.VIEWER)
    assert viewer.get(f"/w/{DEMO_ID}").status_code == 200
    viewer.post("/sign-out")
    assert viewer.get(f"/w/{DEMO_ID}", follow_redirects=False).status_code == 303


def test_a_total_still_growing_trends_up_on_its_tile(site: Site) -> None:
    """The trend of a KPI counted over its period is the running total: a half-finished month
    must not read as a fall."""
    from conftest import AS_OF

    from koers.i18n import Lang
    from koers.web.routes.dashboard import dashboard_tiles

    by_id = {tile.kpi.id: tile for tile in dashboard_tiles(site.get(DEMO_ID), AS_OF, Lang.NL)}
    points = [tuple(map(float, pair.split(","))) for pair in by_id["nieuwe-bezoekers"].spark.split()]
    assert len(points) >= 2
    assert points[-1][1] < points[0][1]  # SVG y grows downwards: the line rises
