"""Goals: add, rename, describe and delete them, on the page and through the API."""

from __future__ import annotations

import html
from typing import Any

from conftest import DEMO_ID, Browser, text_of

from koers.web.site import Site

NL = {"accept-language": "nl"}


def words(page: str) -> str:
    return html.unescape(text_of(page))


def _goals(site: Site) -> dict[str, Any]:
    return {goal.id: goal for goal in site.get(DEMO_ID).current().goals}


def test_an_editor_adds_a_goal(editor: Browser, site: Site) -> None:
    form = editor.get(f"/w/{DEMO_ID}/goals/new", headers=NL)
    assert form.status_code == 200
    assert "Nieuw doel" in words(form.text)
    response = editor.post(
        f"/w/{DEMO_ID}/goals/new",
        {"name": "Meer <i>reviews</i>", "description": "Klanten laten vertellen", "owner": "Sanne"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    goal = _goals(site)["meer-i-reviews-i"]
    assert goal.name == "Meer <i>reviews</i>"
    assert goal.owner == "Sanne"
    page = editor.get(f"/w/{DEMO_ID}/kpis", headers=NL)
    assert "Meer &lt;i&gt;reviews&lt;/i&gt;" in page.text
    assert "Nog geen KPI's bij dit doel." in words(page.text)


def test_a_goal_needs_a_name_that_is_not_taken(editor: Browser, site: Site) -> None:
    before = _goals(site)
    empty = editor.post(f"/w/{DEMO_ID}/goals/new", {"name": "  "}, headers=NL)
    assert empty.status_code == 422
    assert "Vul dit veld in." in words(empty.text)
    taken = editor.post(f"/w/{DEMO_ID}/goals/new", {"name": "loyale KLANTEN"}, headers=NL)
    assert taken.status_code == 422
    assert "Er is al een doel 'loyale KLANTEN'." in words(taken.text)
    assert _goals(site) == before


def test_renaming_a_goal_keeps_its_id_and_kpis(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/goals/interesse/edit"
    page = editor.get(url)
    assert 'value="De doelgroep interesseren"' in page.text
    response = editor.post(
        url, {"name": "Interesse wekken", "description": "", "owner": "Piet"}, follow_redirects=False
    )
    assert response.status_code == 303
    goal = _goals(site)["interesse"]
    assert goal.name == "Interesse wekken"
    assert goal.description is None
    assert [kpi.id for kpi in goal.kpis] == ["terugkerende-bezoekers", "whitepaper-downloads"]


def test_deleting_a_goal_with_kpis_asks_first_and_says_how_many(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/goals/interesse/delete"
    ask = editor.post(url, {}, headers=NL)
    assert ask.status_code == 200
    text = words(ask.text)
    assert "Doel 'De doelgroep interesseren' verwijderen?" in text
    assert "Met dit doel gaan ook zijn 2 KPI's weg: Terugkerende bezoekers, Whitepaper-downloads." in text
    assert "interesse" in _goals(site)
    done = editor.post(url, {"confirm": "yes"}, follow_redirects=False)
    assert done.status_code == 303
    workspace = site.get(DEMO_ID).current()
    assert "interesse" not in _goals(site)
    assert "terugkerende-bezoekers" not in [kpi.id for _, kpi in workspace.all_kpis()]
    assert editor.get(f"/w/{DEMO_ID}/kpis").status_code == 200


def test_a_goal_without_kpis_goes_at_once(editor: Browser, site: Site) -> None:
    editor.post(f"/w/{DEMO_ID}/goals/new", {"name": "Tijdelijk"})
    response = editor.post(f"/w/{DEMO_ID}/goals/tijdelijk/delete", {}, follow_redirects=False)
    assert response.status_code == 303
    assert "tijdelijk" not in _goals(site)


def test_a_viewer_may_not_change_goals(viewer: Browser, site: Site) -> None:
    before = site.get(DEMO_ID).current()
    attempts = [
        viewer.get(f"/w/{DEMO_ID}/goals/new"),
        viewer.post(f"/w/{DEMO_ID}/goals/new", {"name": "x"}),
        viewer.get(f"/w/{DEMO_ID}/goals/interesse/edit"),
        viewer.post(f"/w/{DEMO_ID}/goals/interesse/edit", {"name": "x"}),
        viewer.post(f"/w/{DEMO_ID}/goals/interesse/delete", {"confirm": "yes"}),
        viewer.client.post(f"/api/workspaces/{DEMO_ID}/goals", json={"name": "x"},
                           headers={"X-CSRF-Token": viewer.csrf}),
    ]  # fmt: skip
    assert [response.status_code for response in attempts] == [403] * len(attempts)
    assert site.get(DEMO_ID).current() == before


def test_unknown_goals_are_not_found(editor: Browser) -> None:
    assert editor.get(f"/w/{DEMO_ID}/goals/bestaat-niet/edit").status_code == 404


def test_the_goals_api(editor: Browser, viewer: Browser, site: Site) -> None:
    listed = viewer.get(f"/api/workspaces/{DEMO_ID}/goals")
    assert listed.status_code == 200
    assert listed.json()[1] == {
        "id": "interesse",
        "name": "De doelgroep interesseren",
        "description": "De doelgroep aansporen tot interactie met het merk.",
        "owner": None,
        "kpis": ["terugkerende-bezoekers", "whitepaper-downloads"],
    }
    headers = {"X-CSRF-Token": editor.csrf}
    created = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/goals", json={"name": "Merkvoorkeur"}, headers=headers
    )
    assert created.status_code == 201
    assert created.json()["id"] == "merkvoorkeur"
    duplicate = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/goals", json={"name": "Merkvoorkeur"}, headers={**headers, **NL}
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"]["name"] == "Er is al een doel 'Merkvoorkeur'."
    assert editor.client.post(f"/api/workspaces/{DEMO_ID}/goals", json={}, headers=headers).status_code == 422
    assert "merkvoorkeur" in _goals(site)
