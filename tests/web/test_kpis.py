"""The goals and KPIs pages: the list, a KPI's detail, the editor with its live SMART check, and
the KPI API."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from conftest import DEMO_ID, Browser, text_of

from koers.web.site import Site

SEED_SENTENCE = "De website heeft 2.000 nieuwe bezoekers in de periode van 1 januari 2023 tot 1 april 2023"
NL = {"accept-language": "nl"}


def words(page: str) -> str:
    """What a reader sees: the text with entities (&#39;) read."""
    return html.unescape(text_of(page))


def _kpi_ids(site: Site) -> list[str]:
    return [kpi.id for _, kpi in site.get(DEMO_ID).current().all_kpis()]


def test_the_list_shows_goals_kpis_smart_verdicts_and_edit_links_for_editors(editor: Browser) -> None:
    page = editor.get(f"/w/{DEMO_ID}/kpis", headers=NL)
    assert page.status_code == 200
    text = words(page.text)
    assert "Naamsbekendheid opbouwen" in text
    assert "Terugkerende bezoekers" in text
    assert 'id="goal-interesse"' in page.text
    assert page.text.count('<tr data-kpi="') == 8
    # every KPI has its overall SMART verdict; the demo has failing and unknown ones
    assert 'class="badge fail"' in page.text
    assert 'class="badge pass"' in page.text
    assert "KPI's per fase: See 3, Think 2, Do 2, Care 1" in text
    assert f'href="/w/{DEMO_ID}/kpis/terugkerende-bezoekers/edit"' in page.text
    assert f'href="/w/{DEMO_ID}/goals/new"' in page.text


def test_viewers_see_the_list_without_edit_buttons(viewer: Browser) -> None:
    page = viewer.get(f"/w/{DEMO_ID}/kpis")
    assert page.status_code == 200
    assert "Terugkerende bezoekers" in page.text
    assert "/edit" not in page.text
    assert "/delete" not in page.text


def test_focus_warnings_are_shown(editor: Browser, site: Site) -> None:
    handle = site.get(DEMO_ID)
    workspace = handle.current()
    lonely = workspace.goals[0].model_copy(update={"id": "leeg-doel", "name": "Leeg doel", "kpis": ()})
    handle.save(workspace.model_copy(update={"goals": (*workspace.goals, lonely)}), site.database)
    page = editor.get(f"/w/{DEMO_ID}/kpis", headers=NL)
    assert 'id="focus"' in page.text
    assert "Leeg doel" in words(page.text.split('id="focus"')[1].split("</section>")[0])


def test_the_detail_of_an_off_track_kpi(viewer: Browser) -> None:
    page = viewer.get(f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers", headers=NL)
    assert page.status_code == 200
    text = words(page.text)
    assert 'class="badge status-off_track" id="status">uit koers' in page.text
    assert "kans op het doel van 1.200" in text  # the reason
    assert "minimaal 1.200" in text  # the target
    assert re.search(r'id="forecast">\d', page.text)
    assert "80%:" in text
    # the sub-period table: October complete, November running
    assert "1 oktober 2026 t/m 31 oktober 2026" in text
    assert "nog bezig" in text
    # SMART per letter, diagnosis with suggestions
    assert page.text.count('class="letter"') == 5
    assert 'id="diagnosis"' in page.text
    assert "Per kanaal" in text
    assert 'id="suggestions"' in page.text
    assert "Test en meet" in text
    # the chart: a Vega-Lite specification in a JSON block, with the forecast band
    assert '<div class="chart" data-spec="chart-terugkerende-bezoekers"></div>' in page.text
    found = re.search(
        r'<script type="application/json" id="chart-terugkerende-bezoekers">(.*?)</script>', page.text, re.S
    )
    assert found is not None
    spec = json.loads(found.group(1))
    kinds = {row["kind"] for row in spec["data"]["values"]}
    assert {"actual", "target", "pace", "forecast", "interval"} <= kinds
    band = [row for row in spec["data"]["values"] if row["kind"] == "interval"]
    assert band[-1]["low"] < band[-1]["value"] < band[-1]["high"]
    assert "/static/vendor/vega.min.js" in page.text
    # a viewer gets no edit button and no action form
    assert 'id="edit-kpi"' not in page.text
    assert 'id="action-form"' not in page.text


def test_the_detail_in_english(viewer: Browser) -> None:
    viewer.post("/language", {"lang": "en", "next": "/"})
    page = viewer.get(f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers")
    text = words(page.text)
    assert "off track" in text
    assert "at least 1,200" in text
    assert "Diagnosis" in text


def test_an_unknown_kpi_is_not_found(viewer: Browser) -> None:
    assert viewer.get(f"/w/{DEMO_ID}/kpis/bestaat-niet").status_code == 404
    assert viewer.get(f"/api/workspaces/{DEMO_ID}/kpis/bestaat-niet").status_code == 404


def test_an_editor_logs_an_action_on_the_kpi(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers"
    response = editor.post(
        f"{url}/actions",
        {
            "description": "Nieuwsbrief <b>extra</b> verstuurd",
            "date": "2026-11-20",
            "cause": "",
            "by": "Sanne",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    actions = site.get(DEMO_ID).current().actions
    assert actions[-1].kpi == "terugkerende-bezoekers"
    assert actions[-1].description == "Nieuwsbrief <b>extra</b> verstuurd"
    page = editor.get(url, headers=NL)
    assert "Nieuwsbrief &lt;b&gt;extra&lt;/b&gt; verstuurd" in page.text
    bad = editor.post(f"{url}/actions", {"description": "", "date": "morgen"})
    assert bad.status_code == 422
    assert "Vul dit veld in" in bad.text
    assert len(site.get(DEMO_ID).current().actions) == len(actions)


def test_the_live_check_reads_the_seed_sentence(editor: Browser) -> None:
    response = editor.htmx(f"/w/{DEMO_ID}/kpis/check", {"sentence": SEED_SENTENCE}, headers=NL)
    assert response.status_code == 200
    assert "<html" not in response.text  # a fragment
    for letter in "SMART":
        assert f'data-letter="{letter}"' in response.text
    assert 'data-letter="T" data-verdict="pass"' in response.text
    assert 'data-letter="A" data-verdict="fail"' in response.text  # nobody accepted it yet
    assert "Specifiek" in words(response.text)


def test_the_live_check_follows_the_fields(editor: Browser) -> None:
    fields = {
        "name": "Leads",
        "metric": "leads",
        "target": "1.500",
        "start": "2027-01-01",
        "end": "2027-03-31",
    }
    response = editor.htmx(f"/w/{DEMO_ID}/kpis/check", fields, headers=NL)
    assert 'data-letter="S" data-verdict="pass"' in response.text
    missing = editor.htmx(f"/w/{DEMO_ID}/kpis/check", {"name": "Leads", "target": "veel"}, headers=NL)
    assert "data-letter" not in missing.text
    assert "'veel' is geen getal" in words(missing.text)


def test_the_sentence_fills_the_fields(editor: Browser) -> None:
    response = editor.htmx(f"/w/{DEMO_ID}/kpis/parse", {"sentence": SEED_SENTENCE}, headers=NL)
    assert response.status_code == 200
    assert '<option value="new_users" selected>' in response.text
    assert 'name="target" inputmode="decimal" maxlength="60" value="2.000"' in response.text
    assert 'name="start" value="2023-01-01"' in response.text
    assert 'name="end" value="2023-03-31"' in response.text  # shown inclusive
    assert 'hx-swap-oob="innerHTML"' in response.text


def test_the_editor_page_has_the_sentence_box_and_live_check(editor: Browser) -> None:
    page = editor.get(f"/w/{DEMO_ID}/kpis/new?goal=interesse", headers=NL)
    assert page.status_code == 200
    assert "Schrijf je KPI als zin" in page.text
    assert f'hx-post="/w/{DEMO_ID}/kpis/check"' in page.text
    assert 'hx-trigger="input changed delay:400ms from:form"' in page.text
    assert 'hx-target="#smart"' in page.text
    assert '<option value="interesse" selected>' in page.text
    assert '<option value="new_users">Nieuwe gebruikers</option>' in page.text  # metrics by their Dutch names


def test_saving_a_kpi_from_a_sentence_puts_it_on_the_dashboard(editor: Browser, site: Site) -> None:
    response = editor.post(
        f"/w/{DEMO_ID}/kpis",
        {"sentence": SEED_SENTENCE, "name": "Nieuwe bezoekers Q1", "goal": "naamsbekendheid"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/w/{DEMO_ID}/kpis/nieuwe-bezoekers-q1"
    kpi = site.get(DEMO_ID).current().kpi("nieuwe-bezoekers-q1")
    assert kpi.metric == "new_users"
    assert str(kpi.target) == "2000"
    assert kpi.period is not None
    assert kpi.period.end.isoformat() == "2023-04-01"
    assert site.get(DEMO_ID).current().goals[0].kpis[-1].id == "nieuwe-bezoekers-q1"
    dashboard = editor.get(f"/w/{DEMO_ID}", headers=NL)
    assert 'data-kpi="nieuwe-bezoekers-q1"' in dashboard.text
    assert editor.get(response.headers["location"]).status_code == 200


def test_the_fields_save_with_the_inclusive_last_day_stored_exclusive(editor: Browser, site: Site) -> None:
    fields = {
        "name": "Leads in het eerste kwartaal",
        "metric": "leads",
        "target": "1.500",
        "comparator": "at_least",
        "start": "2027-01-01",
        "end": "2027-03-31",
        "aggregation": "total",
        "phase": "do",
        "goal": "leads-en-verkopen",
        "owner": "Sanne",
        "segment": "channel: Email",
        "accepted_by": "Sanne",
        "accepted_on": "2026-11-01",
    }
    response = editor.post(f"/w/{DEMO_ID}/kpis", fields, headers=NL, follow_redirects=False)
    assert response.status_code == 303, words(response.text)
    kpi = site.get(DEMO_ID).current().kpi("leads-in-het-eerste-kwartaal")
    assert kpi.period is not None
    assert kpi.period.end.isoformat() == "2027-04-01"
    assert kpi.target == 1500
    assert kpi.segment == {"channel": "Email"}
    assert kpi.accepted is not None
    assert kpi.accepted.by == "Sanne"
    edit = editor.get(f"/w/{DEMO_ID}/kpis/{kpi.id}/edit", headers=NL)
    assert 'name="end" value="2027-03-31"' in edit.text
    assert 'value="1.500"' in edit.text


def test_field_errors_are_shown_and_nothing_is_saved(editor: Browser, site: Site) -> None:
    before = _kpi_ids(site)
    fields = {
        "name": "Kapot",
        "id": "nieuwe-bezoekers",
        "metric": "geen_metriek",
        "target": "twaalf",
        "start": "2027-03-01",
        "end": "2027-01-31",
    }
    response = editor.post(f"/w/{DEMO_ID}/kpis", fields, headers=NL)
    assert response.status_code == 422
    text = words(response.text)
    assert "Niet opgeslagen" in text
    assert "'twaalf' is geen getal" in text
    assert "De laatste dag ligt vóór de eerste dag" in text
    assert "Metriek 'geen_metriek' bestaat niet" in text
    assert "Er is al een KPI met id 'nieuwe-bezoekers'" in text
    assert 'aria-invalid="true" aria-describedby="error-target"' in response.text
    assert _kpi_ids(site) == before
    english = editor.post(f"/w/{DEMO_ID}/kpis", {**fields, "target": "x"}, headers={"accept-language": "en"})
    assert "'x' is not a number" in words(english.text)


def test_editing_moves_a_kpi_and_keeps_its_id(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/kpis/extra-decoratie/edit"
    page = editor.get(url, headers=NL)
    assert page.status_code == 200
    assert f'hx-post="/w/{DEMO_ID}/kpis/check?kpi=extra-decoratie"' in page.text
    fields = dict(re.findall(r'<input type="(?:text|date)" name="(\w+)"[^>]*value="([^"]*)"', page.text))
    fields.update(name="Decoratie erbij", target="120", goal="interesse", metric="repeat_customers")
    fields.update(comparator="at_least", aggregation="total", subperiod_rule="every", phase="care")
    response = editor.post(url, fields, headers=NL, follow_redirects=False)
    assert response.status_code == 303, words(response.text)
    workspace = site.get(DEMO_ID).current()
    kpi = workspace.kpi("extra-decoratie")
    assert kpi.name == "Decoratie erbij"
    assert kpi.target == 120
    assert kpi.segment == {"product": "decoratie"}
    assert [k.id for k in workspace.goals[1].kpis][-1] == "extra-decoratie"
    assert not workspace.goals[3].kpis


def test_deleting_a_kpi_asks_first(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/kpis/whitepaper-downloads/delete"
    ask = editor.post(url, {}, headers=NL)
    assert ask.status_code == 200
    assert "KPI 'Whitepaper-downloads' verwijderen?" in words(ask.text)
    assert "whitepaper-downloads" in _kpi_ids(site)
    done = editor.post(url, {"confirm": "yes"}, follow_redirects=False)
    assert done.status_code == 303
    assert "whitepaper-downloads" not in _kpi_ids(site)


def test_a_kpi_name_with_a_script_tag_is_shown_not_run(editor: Browser, site: Site) -> None:
    name = "<script>alert('x')</script> Leads"
    response = editor.post(
        f"/w/{DEMO_ID}/kpis",
        {"name": name, "metric": "leads", "target": "10", "goal": "interesse", "start": "2026-10-01",
         "end": "2026-12-31"},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, words(response.text)
    for url in (response.headers["location"], f"/w/{DEMO_ID}/kpis", f"/w/{DEMO_ID}"):
        page = editor.get(url)
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;alert(" in page.text


def test_a_viewer_may_not_write(viewer: Browser, site: Site) -> None:
    before = site.get(DEMO_ID).current()
    kpi_url = f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers"
    attempts = [
        viewer.get(f"/w/{DEMO_ID}/kpis/new"),
        viewer.get(f"{kpi_url}/edit"),
        viewer.post(f"/w/{DEMO_ID}/kpis", {"sentence": SEED_SENTENCE}),
        viewer.post(f"{kpi_url}/edit", {"name": "x"}),
        viewer.post(f"{kpi_url}/delete", {"confirm": "yes"}),
        viewer.post(f"{kpi_url}/actions", {"description": "x"}),
        viewer.htmx(f"/w/{DEMO_ID}/kpis/check", {"sentence": SEED_SENTENCE}),
        viewer.htmx(f"/w/{DEMO_ID}/kpis/parse", {"sentence": SEED_SENTENCE}),
        _api(viewer, "post", f"/api/workspaces/{DEMO_ID}/kpis", json={"sentence": SEED_SENTENCE}),
        _api(viewer, "put", f"/api/workspaces/{DEMO_ID}/kpis/terugkerende-bezoekers", json={"name": "x"}),
        _api(viewer, "delete", f"/api/workspaces/{DEMO_ID}/kpis/terugkerende-bezoekers"),
        _api(viewer, "post", f"/api/workspaces/{DEMO_ID}/smart-check", json={"sentence": SEED_SENTENCE}),
    ]
    assert [response.status_code for response in attempts] == [403] * len(attempts)
    assert site.get(DEMO_ID).current() == before


def test_an_outsider_gets_nothing(outsider: Browser) -> None:
    assert outsider.get(f"/w/{DEMO_ID}/kpis").status_code == 404
    assert outsider.get(f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers").status_code == 404
    assert outsider.get(f"/api/workspaces/{DEMO_ID}/kpis").status_code == 404


# --- the API ---------------------------------------------------------------------------------------


def _api(browser: Browser, method: str, url: str, **kwargs: Any) -> Any:
    headers = {"X-CSRF-Token": browser.csrf, **kwargs.pop("headers", {})}
    return browser.client.request(method.upper(), url, headers=headers, **kwargs)


def test_the_api_lists_every_kpi_with_its_evaluation(viewer: Browser) -> None:
    response = viewer.get(f"/api/workspaces/{DEMO_ID}/kpis")
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()}
    assert len(items) == 8
    returning = items["terugkerende-bezoekers"]
    assert returning["goal"] == "interesse"
    assert returning["evaluation"]["status"] == "off_track"
    assert returning["evaluation"]["target"] == 1200
    assert returning["evaluation"]["forecast"]["low"] <= returning["evaluation"]["forecast"]["high"]
    assert 0 <= returning["evaluation"]["probability"] <= 1
    assert returning["definition"]["metric"] == "returning_users"


def test_the_api_gives_one_kpi_with_its_series_and_smart_check(viewer: Browser) -> None:
    response = viewer.get(f"/api/workspaces/{DEMO_ID}/kpis/badkamers-verkocht", headers=NL)
    assert response.status_code == 200
    body = response.json()
    assert body["series"][0]["start"] == "2026-10-01"
    assert body["series"][0]["complete"] is True
    assert body["smart"]["verdict"] == "fail"
    assert [letter["letter"] for letter in body["smart"]["letters"]] == list("SMART")


def test_the_api_creates_changes_and_deletes_a_kpi(editor: Browser, site: Site) -> None:
    base = f"/api/workspaces/{DEMO_ID}/kpis"
    created = _api(editor, "post", base, json={"sentence": SEED_SENTENCE, "goal": "naamsbekendheid"})
    assert created.status_code == 201, created.text
    body = created.json()
    kpi_id = body["id"]
    assert body["definition"]["metric"] == "new_users"
    assert body["definition"]["period"] == {"start": "2023-01-01", "end": "2023-04-01"}
    assert body["evaluation"]["status"] == "no_data"  # the demo's data start in November 2024
    changed = _api(editor, "put", f"{base}/{kpi_id}", json={"name": "Bezoekers Q1", "target": 2500})
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Bezoekers Q1"
    assert site.get(DEMO_ID).current().kpi(kpi_id).target == 2500
    assert _api(editor, "delete", f"{base}/{kpi_id}").status_code == 204
    assert kpi_id not in _kpi_ids(site)
    fields = _api(
        editor,
        "post",
        base,
        json={"name": "Omzet", "metric": "revenue", "target": 1234.5, "start": "2027-01-01",
              "last_day": "2027-12-31"},
    )  # fmt: skip
    assert fields.status_code == 201, fields.text
    assert site.get(DEMO_ID).current().kpi("omzet").target == 1234.5


def test_the_api_refuses_a_bad_kpi_with_readable_errors(editor: Browser, site: Site) -> None:
    before = _kpi_ids(site)
    base = f"/api/workspaces/{DEMO_ID}/kpis"
    response = _api(
        editor, "post", base, json={"name": "Fout", "metric": "nope", "target": 5, "start": "2027-02-01",
                                    "last_day": "2027-01-01"}, headers=NL,
    )  # fmt: skip
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["metric"] == "Metriek 'nope' bestaat niet in deze werkruimte."
    assert errors["end"] == "De laatste dag ligt vóór de eerste dag."
    wrong_type = _api(editor, "post", base, json={"target": "veel"})
    assert wrong_type.status_code == 422
    sentence = _api(editor, "post", base, json={"sentence": "iets zonder getal"})
    assert sentence.status_code == 422
    assert "sentence" in sentence.json()["errors"]
    assert _kpi_ids(site) == before


def test_the_api_smart_check(editor: Browser) -> None:
    response = _api(
        editor, "post", f"/api/workspaces/{DEMO_ID}/smart-check", json={"sentence": SEED_SENTENCE}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kpi"]["metric"] == "new_users"
    assert {letter["letter"]: letter["verdict"] for letter in body["smart"]["letters"]}["T"] == "pass"
    assert body["errors"] == {}


EXPERIMENT = {
    "name": "Groene <b>knop</b>",
    "hypothesis": "Een groene knop valt meer op.",
    "start": "2026-10-01",
    "end": "2026-10-31",
    "variant_0_name": "A",
    "variant_0_visitors": "1.000",
    "variant_0_conversions": "100",
    "variant_1_name": "B",
    "variant_1_visitors": "1000",
    "variant_1_conversions": "130",
    "variant_2_name": "C",
    "variant_2_visitors": "",
    "variant_2_conversions": "",
    "mde": "",
}


def test_an_editor_records_an_ab_test_and_sees_its_verdict(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers"
    assert 'action="/w/badkamerwinkel/kpis/terugkerende-bezoekers/experiments"' in editor.get(url).text
    before = len(site.get(DEMO_ID).current().experiments)
    response = editor.post(f"{url}/experiments", EXPERIMENT, headers=NL, follow_redirects=False)
    assert response.status_code == 303, words(response.text)
    experiments = site.get(DEMO_ID).current().experiments
    assert len(experiments) == before + 1
    saved = experiments[-1]
    assert saved.kpi == "terugkerende-bezoekers"
    assert saved.name == "Groene <b>knop</b>"
    assert [(v.name, v.visitors, v.conversions) for v in saved.variants] == [
        ("A", 1000, 100),
        ("B", 1000, 130),
    ]
    assert saved.minimum_effect is None
    page = editor.get(url, headers={"accept-language": "en"})
    section = page.text[page.text.index('id="experiments"') :]
    assert "Groene &lt;b&gt;knop&lt;/b&gt;" in section
    assert '<span class="badge">winner</span>' in section
    assert "B: 130 of 1,000" in words(section)


def test_a_bad_number_in_an_ab_test_is_named_and_nothing_is_saved(editor: Browser, site: Site) -> None:
    url = f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers/experiments"
    before = site.get(DEMO_ID).current()
    data = {**EXPERIMENT, "variant_1_conversions": "veel", "variant_0_conversions": "2000", "mde": "150%"}
    response = editor.post(url, data, headers=NL)
    assert response.status_code == 422
    text = words(response.text)
    assert "'veel' is geen geheel getal van 0 of meer." in text
    assert "Meer conversies dan bezoekers." in text
    assert "Kies een effect boven 0% en onder 100%." in text
    assert 'name="variant_1_conversions" inputmode="numeric" maxlength="30"' in response.text
    assert 'value="veel" required aria-invalid="true"' in response.text
    english = editor.post(
        url, {**EXPERIMENT, "name": "", "variant_1_visitors": "-5"}, headers={"accept-language": "en"}
    )
    assert english.status_code == 422
    assert "'-5' is not a whole number of 0 or more." in words(english.text)
    assert "Fill in this field." in words(english.text)
    assert site.get(DEMO_ID).current() == before


def test_a_viewer_may_not_record_an_ab_test(viewer: Browser, site: Site) -> None:
    before = site.get(DEMO_ID).current()
    url = f"/w/{DEMO_ID}/kpis/terugkerende-bezoekers"
    assert "experiment-form" not in viewer.get(url).text
    assert viewer.post(f"{url}/experiments", EXPERIMENT).status_code == 403
    assert site.get(DEMO_ID).current() == before
