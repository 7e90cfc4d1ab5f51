"""The funnel planner: as you type, saved into the workspace, and made into KPIs."""

from __future__ import annotations

import html
import re
from typing import Any

from conftest import DEMO_ID, Browser, text_of

from koers.web.site import Site

SEED_004 = {
    "name": "Honderd klanten",
    "target_kind": "customers",
    "customers": "100",
    "share": "100%",
    "stages": "lead, mql, sql, opportunity, customer",
    "rate_0": "39%",
    "rate_1": "0,38",
    "rate_2": "42%",
    "rate_3": "1/3",
    "cost_per_lead": "45",
    "year": "2027",
}
EN = {"accept-language": "en"}


def plain(page: str) -> str:
    """The visible text with entities read (an apostrophe is &#39; in the page)."""
    return html.unescape(text_of(page))


def stage_counts(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<tr data-stage="([^"]+)">\s*<td>[^<]*</td>\s*<td class="num"><strong>([^<]+)</strong>', html
        )
    )


def test_the_planner_works_out_seed_004_as_you_type(viewer: Browser) -> None:
    response = viewer.htmx(f"/w/{DEMO_ID}/plans/preview", SEED_004, headers=EN)
    assert response.status_code == 200
    assert stage_counts(response.text) == {
        "lead": "4,826",
        "mql": "1,882",
        "sql": "715",
        "opportunity": "300",
        "customer": "100",
    }
    text = plain(response.text)
    assert "Budget: 4,826 lead × €45.00 = €217,170.00" in text
    assert "CAC of €2,171.70 per customer" in text
    # the sensitivity ranking: which step one point better cuts the leads most, biggest first
    rows = re.findall(r"<td>(\w+) → (\w+)</td>\s*<td class=\"num\">[^<]*</td>\s*<td class=\"num\">([\d,]+)</td>"
                      r"\s*<td class=\"num\">([\d,]+)</td>", response.text)  # fmt: skip
    assert len(rows) == 4
    reductions = [int(row[3].replace(",", "")) for row in rows]
    assert reductions == sorted(reductions, reverse=True)
    assert rows[0][:2] == ("opportunity", "customer")  # the lowest rate (1/3) gains most from a point
    # months: the year 2027 in twelve months that add up to the total
    months = re.findall(r"<tr><td>2027-\d\d</td>", response.text)
    assert len(months) == 12


def test_the_planner_in_dutch_shows_dutch_numbers(viewer: Browser) -> None:
    response = viewer.htmx(f"/w/{DEMO_ID}/plans/preview", SEED_004, headers={"accept-language": "nl"})
    assert stage_counts(response.text)["lead"] == "4.826"
    assert "€ 217.170,00" in plain(response.text)


def test_a_bad_rate_is_named_by_its_step_and_nothing_is_computed(viewer: Browser) -> None:
    data = {**SEED_004, "rate_1": "140%", "rate_2": "veel", "customers": "-3"}
    response = viewer.htmx(f"/w/{DEMO_ID}/plans/preview", data, headers=EN)
    assert response.status_code == 200
    text = plain(response.text)
    assert "mql → sql: '140%' is not a rate above 0% and at most 100%" in text
    assert "sql → opportunity: 'veel' is not a rate" in text
    assert "Customers: '-3' is not a number of customers" in text
    assert "data-stage" not in response.text
    dutch = viewer.htmx(f"/w/{DEMO_ID}/plans/preview", data, headers={"accept-language": "nl"})
    assert "'veel' is geen conversie boven 0% en tot en met 100%" in plain(dutch.text)


def test_a_revenue_target_with_a_marketing_share(viewer: Browser) -> None:
    data = {
        **SEED_004,
        "target_kind": "revenue",
        "revenue": "€ 500.000",
        "deal_value": "2.500",
        "share": "60%",
    }
    response = viewer.htmx(f"/w/{DEMO_ID}/plans/preview", data, headers=EN)
    counts = stage_counts(response.text)
    assert counts["customer"] == "120"  # 500,000 / 2,500 = 200 customers, 60% of them marketing's
    assert "Marketing brings in 60% of the 200 customers: 120" in plain(response.text)


def test_the_page_shows_the_demo_plan(viewer: Browser) -> None:
    page = viewer.get(f"/w/{DEMO_ID}/plans", headers=EN)
    assert page.status_code == 200
    assert "100 nieuwe klanten in 2027" in page.text
    assert stage_counts(page.text)["lead"] == "4,826"
    assert 'hx-post="/w/badkamerwinkel/plans/preview"' in page.text
    assert "Scenario MQL → SQL naar 45%" in plain(page.text)
    # a viewer plays with the planner but saves nothing
    assert "Save the plan" not in page.text
    assert "Turn this plan into KPIs" not in page.text


def test_the_stage_fields_follow_the_stages(viewer: Browser) -> None:
    response = viewer.htmx(f"/w/{DEMO_ID}/plans/steps", {"stages": "visitor, lead, customer", "rate_0": "2%"})
    assert 'name="rate_0" value="2%"' in response.text
    assert "visitor → lead" in response.text
    assert "lead → customer" in response.text
    assert 'name="rate_2"' not in response.text


def test_a_viewer_cannot_save_a_plan_or_make_kpis(viewer: Browser) -> None:
    assert viewer.post(f"/w/{DEMO_ID}/plans", SEED_004).status_code == 403
    assert viewer.post(f"/w/{DEMO_ID}/plans/nieuwe-klanten/kpis").status_code == 403


def test_save_a_plan_and_turn_it_into_kpis_on_the_dashboard(editor: Browser, site: Site) -> None:
    response = editor.post(
        f"/w/{DEMO_ID}/plans", {**SEED_004, "goal": "leads-en-verkopen"}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"/w/{DEMO_ID}/plans?plan=honderd-klanten")
    saved = site.get(DEMO_ID).current()
    plan = next(plan for plan in saved.plans if plan.id == "honderd-klanten")
    assert plan.goal == "leads-en-verkopen"
    page = editor.get(response.headers["location"], headers=EN)
    assert "Plan 'Honderd klanten' is saved." in plain(page.text)
    row = re.search(r'<tr data-plan="honderd-klanten">.*?</tr>', page.text, re.S)
    assert row is not None
    assert "no KPIs yet" in row.group(0)

    made = editor.post(f"/w/{DEMO_ID}/plans/honderd-klanten/kpis", follow_redirects=False)
    assert made.status_code == 303
    workspace = site.get(DEMO_ID).current()
    goal = next(goal for goal in workspace.goals if goal.id == "leads-en-verkopen")
    made_kpis = {kpi.id: kpi for kpi in goal.kpis if kpi.id.startswith("honderd-klanten-")}
    assert {kpi_id: int(kpi.target) for kpi_id, kpi in made_kpis.items()} == {
        "honderd-klanten-leads": 4826,
        "honderd-klanten-mqls": 1882,
        "honderd-klanten-sqls": 715,
        "honderd-klanten-opportunities": 300,
        "honderd-klanten-customers": 100,
    }
    page = editor.get(made.headers["location"], headers=EN)
    assert "5 KPIs made from plan" in plain(page.text)
    row = re.search(r'<tr data-plan="honderd-klanten">.*?</tr>', page.text, re.S)
    assert row is not None
    assert "KPIs made" in row.group(0)
    dashboard = editor.get(f"/w/{DEMO_ID}")
    for kpi_id in made_kpis:
        assert f'data-kpi="{kpi_id}"' in dashboard.text
    # made again (after a change of plan), the KPIs are replaced, not doubled
    editor.post(f"/w/{DEMO_ID}/plans", {**SEED_004, "plan_id": "honderd-klanten", "customers": "200"})
    editor.post(f"/w/{DEMO_ID}/plans/honderd-klanten/kpis")
    workspace = site.get(DEMO_ID).current()
    ids = [kpi.id for _, kpi in workspace.all_kpis()]
    assert ids.count("honderd-klanten-customers") == 1
    assert workspace.kpi("honderd-klanten-customers").target == 200


def test_saving_a_plan_with_errors_shows_them_beside_the_fields(editor: Browser, site: Site) -> None:
    before = site.get(DEMO_ID).current()
    response = editor.post(f"/w/{DEMO_ID}/plans", {**SEED_004, "rate_3": "1/0", "name": "<script>x</script>"},
                           headers=EN)  # fmt: skip
    assert response.status_code == 422
    assert (
        'name="rate_3" value="1/0" inputmode="decimal" placeholder="39%" autocomplete="off"' in response.text
    )
    assert 'aria-invalid="true"' in response.text
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text
    assert site.get(DEMO_ID).current() == before


def test_the_plans_api(viewer: Browser) -> None:
    plans = viewer.get(f"/api/workspaces/{DEMO_ID}/plans").json()
    assert [plan["id"] for plan in plans] == ["nieuwe-klanten"]
    assert [stage["required"] for stage in plans[0]["result"]["stages"]] == [4826, 1882, 715, 300, 100]
    assert plans[0]["kpis_created"] is False
    body: dict[str, Any] = {"rates": ["39%", "38%", "42%", "1/3"], "customers": 100, "cost_per_lead": "45"}
    headers = {"X-CSRF-Token": viewer.csrf}
    result = viewer.client.post(f"/api/workspaces/{DEMO_ID}/plans/preview", json=body, headers=headers)
    assert result.status_code == 200, result.text
    data = result.json()
    assert [stage["required"] for stage in data["stages"]] == [4826, 1882, 715, 300, 100]
    assert data["budget"]["cac"] == "2171.70"
    assert data["sensitivity"][0]["from"] == "opportunity"
    bad = viewer.client.post(
        f"/api/workspaces/{DEMO_ID}/plans/preview", json={**body, "rates": ["39%", "x"]}, headers=headers
    )
    assert bad.status_code == 422
    fields = {problem["field"] for problem in bad.json()["detail"]}
    assert fields == {"rate_1", "rate_2", "rate_3"}


def test_deleting_a_plan_asks_first_and_keeps_its_kpis(editor: Browser, site: Site) -> None:
    editor.post(f"/w/{DEMO_ID}/plans", SEED_004)
    editor.post(f"/w/{DEMO_ID}/plans/honderd-klanten/kpis")
    kpis_before = [kpi.id for _, kpi in site.get(DEMO_ID).current().all_kpis()]
    assert "honderd-klanten-leads" in kpis_before
    page = editor.get(f"/w/{DEMO_ID}/plans?plan=honderd-klanten", headers=EN)
    assert 'action="/w/badkamerwinkel/plans/honderd-klanten/delete"' in page.text
    url = f"/w/{DEMO_ID}/plans/honderd-klanten/delete"
    ask = editor.post(url, {}, headers=EN)
    assert ask.status_code == 200
    text = plain(ask.text)
    assert "Delete plan 'Honderd klanten'?" in text
    assert "The 5 KPIs made from this plan stay; only the plan goes." in text
    assert "honderd-klanten" in [plan.id for plan in site.get(DEMO_ID).current().plans]
    done = editor.post(url, {"confirm": "yes"}, follow_redirects=False)
    assert done.status_code == 303
    workspace = site.get(DEMO_ID).current()
    assert "honderd-klanten" not in [plan.id for plan in workspace.plans]
    assert [kpi.id for _, kpi in workspace.all_kpis()] == kpis_before
    after = editor.get(done.headers["location"], headers=EN)
    assert "The plan was deleted." in plain(after.text)
    assert 'data-plan="honderd-klanten"' not in after.text
    assert editor.post(url, {"confirm": "yes"}).status_code == 404


def test_a_viewer_cannot_delete_a_plan(viewer: Browser, site: Site) -> None:
    before = site.get(DEMO_ID).current()
    plan_id = before.plans[0].id
    assert "/delete" not in viewer.get(f"/w/{DEMO_ID}/plans").text
    assert viewer.post(f"/w/{DEMO_ID}/plans/{plan_id}/delete", {"confirm": "yes"}).status_code == 403
    assert viewer.post(f"/w/{DEMO_ID}/plans/{plan_id}/delete", {}).status_code == 403
    assert site.get(DEMO_ID).current() == before
