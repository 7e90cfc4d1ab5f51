"""Workspace settings, members and invitations: every member may look, only an owner may change."""

from __future__ import annotations

import html
import re

from conftest import DEMO_ID, PASSWORD, USERS, Browser
from conftest import text_of as raw_text

from koers.store.workspace_file import load_workspace
from koers.web import accounts
from koers.web.accounts import Role
from koers.web.site import Site

SETTINGS = f"/w/{DEMO_ID}/settings"


def text_of(page: str) -> str:
    return html.unescape(raw_text(page))


def _user_id(site: Site, role: str) -> int:
    with site.database.begin() as session:
        user = accounts.find_user(session, USERS[role])
    assert user is not None
    return user.id


def _role(site: Site, role: str) -> Role | None:
    with site.database.begin() as session:
        return accounts.role_of(session, _user_id(site, role), DEMO_ID)


def test_every_member_sees_the_settings_but_only_an_owner_gets_the_forms(
    viewer: Browser, owner: Browser
) -> None:
    page = viewer.get(SETTINGS)
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Alleen een eigenaar kan de instellingen en leden wijzigen." in text
    assert "<fieldset disabled>" in page.text
    assert "viewer@example.nl" in text
    assert "lezer" in text
    assert "eigenaar" in text
    assert "Iemand uitnodigen" not in text  # no invitations for a viewer
    assert 'aria-current="page"' in page.text
    assert f"/w/{DEMO_ID}/settings" in page.text

    own = owner.get(SETTINGS)
    assert own.status_code == 200
    assert "<fieldset >" in own.text or "<fieldset>" in own.text
    assert "<option selected>Europe/Amsterdam</option>" in own.text
    assert 'value="EUR" selected' in own.text
    assert "Iemand uitnodigen" in text_of(own.text)


def test_only_an_owner_changes_settings(viewer: Browser, editor: Browser, site: Site) -> None:
    for browser in (viewer, editor):
        response = browser.post(SETTINGS, {"name": "Gekaapt"})
        assert response.status_code == 403
    assert site.get(DEMO_ID).current().name != "Gekaapt"


def test_an_owner_saves_name_language_currency_time_zone_and_journey(owner: Browser, site: Site) -> None:
    handle = site.get(DEMO_ID)
    before = handle.current()
    response = owner.post(
        SETTINGS,
        {
            "name": "Badkamers & Co",
            "language": "en",
            "currency": "usd",
            "timezone": "America/New_York",
            "journey": before.journey,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = owner.get(response.headers["location"])
    assert "De instellingen zijn opgeslagen." in text_of(page.text)
    assert "Badkamers &amp; Co" in page.text
    saved = load_workspace(handle.file)
    assert (saved.name, saved.language, saved.currency, saved.timezone) == (
        "Badkamers & Co",
        "en",
        "USD",
        "America/New_York",
    )
    assert saved.goals == before.goals  # nothing else changed
    # the dashboard speaks the new currency at once (the caches were cleared)
    assert handle.current().currency == "USD"


def test_a_bad_setting_is_refused_naming_the_field_and_nothing_is_saved(owner: Browser, site: Site) -> None:
    handle = site.get(DEMO_ID)
    before = handle.file.read_text()
    cases = {
        "currency": ("EURO", "Valuta: 'EURO' is geen valutacode"),
        "timezone": ("Mars/Olympus_Mons", "Tijdzone: 'Mars/Olympus_Mons' is geen tijdzone"),
        "language": ("fr", "Taal: 'fr' is geen taal van Koers"),
        "journey": ("no-such-model", "Klantreismodel: 'no-such-model' is geen model"),
        "name": ("   ", "Naam: kies een naam van 1 tot 200 tekens."),
    }
    for field, (value, message) in cases.items():
        response = owner.post(SETTINGS, {field: value})
        assert response.status_code == 422, field
        assert message in text_of(response.text), field
        assert f'name="{field}"' in response.text
        assert 'aria-invalid="true"' in response.text
    assert handle.file.read_text() == before


def test_a_journey_model_that_does_not_fit_the_kpis_is_refused(owner: Browser, site: Site) -> None:
    response = owner.post(SETTINGS, {"journey": "lead_funnel"})
    assert response.status_code == 422
    assert "dit model past niet bij de KPI's" in text_of(response.text)
    assert site.get(DEMO_ID).current().journey == "see_think_do_care"


def test_an_owner_changes_a_role_and_removes_a_member(owner: Browser, viewer: Browser, site: Site) -> None:
    editor_id = _user_id(site, "editor")
    response = owner.post(f"{SETTINGS}/members/{editor_id}", {"role": "viewer"})
    assert response.status_code == 200
    assert "De rol van Editor is nu lezer." in text_of(response.text)
    assert _role(site, "editor") is Role.VIEWER

    viewer_id = _user_id(site, "viewer")
    response = owner.post(f"{SETTINGS}/members/{viewer_id}/remove")
    assert response.status_code == 200
    assert "Viewer is geen lid meer." in text_of(response.text)
    assert _role(site, "viewer") is None
    assert viewer.get(f"/w/{DEMO_ID}").status_code == 404


def test_the_last_owner_stays(owner: Browser, site: Site) -> None:
    owner_id = _user_id(site, "owner")
    demoted = owner.post(f"{SETTINGS}/members/{owner_id}", {"role": "editor"})
    assert demoted.status_code == 422
    assert "Een werkruimte houdt minstens één eigenaar." in text_of(demoted.text)
    removed = owner.post(f"{SETTINGS}/members/{owner_id}/remove")
    assert removed.status_code == 422
    assert _role(site, "owner") is Role.OWNER


def test_no_member_is_made_by_changing_the_role_of_a_stranger(owner: Browser, site: Site) -> None:
    outsider_id = _user_id(site, "outsider")
    response = owner.post(f"{SETTINGS}/members/{outsider_id}", {"role": "owner"})
    assert response.status_code == 422
    assert "Dit is geen lid van deze werkruimte." in text_of(response.text)
    assert _role(site, "outsider") is None


def test_an_invitation_link_is_shown_once_and_lets_a_new_person_join(
    owner: Browser, anonymous: Browser, site: Site
) -> None:
    response = owner.post(f"{SETTINGS}/invitations", {"email": " Nieuw@Example.nl ", "role": "editor"})
    assert response.status_code == 200
    found = re.search(r'value="(http://localhost/invitations/[A-Za-z0-9_-]+)"', response.text)
    assert found is not None, response.text
    link = found.group(1)
    assert "nieuw@example.nl" in text_of(response.text)
    # listed as pending, without the link
    again = owner.get(SETTINGS)
    assert "nieuw@example.nl" in text_of(again.text)
    assert link not in again.text

    path = link.removeprefix("http://localhost")
    assert anonymous.get(path).status_code == 200
    joined = anonymous.post(path, {"name": "Nieuwe collega", "password": PASSWORD}, follow_redirects=False)
    assert joined.status_code == 303
    assert anonymous.get(f"/w/{DEMO_ID}").status_code == 200
    with site.database.begin() as session:
        user = accounts.find_user(session, "nieuw@example.nl")
        assert user is not None
        assert accounts.role_of(session, user.id, DEMO_ID) is Role.EDITOR
        assert accounts.pending_invitations(session, DEMO_ID) == []


def test_a_revoked_invitation_no_longer_opens(owner: Browser, anonymous: Browser, site: Site) -> None:
    response = owner.post(f"{SETTINGS}/invitations", {"email": "weg@example.nl"})
    link = re.search(r'value="http://localhost(/invitations/[A-Za-z0-9_-]+)"', response.text)
    assert link is not None
    with site.database.begin() as session:
        (pending,) = accounts.pending_invitations(session, DEMO_ID)
    assert pending.role is Role.VIEWER
    revoked = owner.post(f"{SETTINGS}/invitations/{pending.key}/revoke")
    assert revoked.status_code == 200
    assert "De uitnodiging is ingetrokken." in text_of(revoked.text)
    assert anonymous.get(link.group(1)).status_code == 404
    assert owner.post(f"{SETTINGS}/invitations/{pending.key}/revoke").status_code == 404


def test_a_bad_invitation_address_is_refused(owner: Browser) -> None:
    response = owner.post(f"{SETTINGS}/invitations", {"email": "geen adres", "role": "viewer"})
    assert response.status_code == 422
    assert "'geen adres' is geen e-mailadres." in text_of(response.text)
    assert 'value="geen adres"' in response.text


def test_the_settings_page_speaks_the_users_language(viewer: Browser) -> None:
    viewer.post("/account", {"name": "Viewer", "language": "en"})
    text = text_of(viewer.get(SETTINGS).text)
    assert "Only an owner can change the settings and members." in text
    assert "Members" in text
    assert "viewer" in text
