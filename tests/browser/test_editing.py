"""The user stories that change a workspace, in a real browser: a KPI written as a sentence, a CSV
imported, a funnel planned and made into KPIs; each ends on the dashboard that shows it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from browser.conftest import DEMO_ID, Console

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SENTENCE = "De website heeft 3.000 nieuwe bezoekers in de periode van 1 oktober 2026 tot 1 januari 2027"


def test_a_kpi_written_as_a_sentence_gets_its_smart_verdict_live(editor_page: Page, console: Console) -> None:
    page = editor_page
    page.goto(f"/w/{DEMO_ID}/kpis/new")
    smart = page.locator("#smart")
    expect(smart.locator("[data-letter]")).to_have_count(0)  # nothing to check yet

    page.locator("#sentence").press_sequentially(SENTENCE, delay=5)
    # the check arrives while typing, without submitting: the page stays the editor
    expect(smart.locator("#smart-verdict")).to_be_visible()
    expect(smart.locator("[data-letter]")).to_have_count(5)
    expect(smart.locator('[data-letter="M"]')).to_have_attribute("data-verdict", "pass")
    expect(smart.locator('[data-letter="T"]')).to_have_attribute("data-verdict", "pass")
    expect(smart.locator('[data-letter="A"]')).to_have_attribute("data-verdict", "fail")  # nobody accepted it
    expect(page).to_have_url(re.compile(r"/kpis/new$"))

    # the sentence fills the fields; name it and save
    page.locator("#fill-from-sentence").click()
    expect(page.locator('select[name="metric"]')).to_have_value("new_users")
    expect(page.locator('input[name="target"]')).to_have_value("3.000")
    page.locator('input[name="name"]').fill("Nieuwe bezoekers uit de browser")
    with page.expect_navigation():
        page.locator('button[name="intent"][value="save"]').click()
    expect(page).to_have_url(re.compile(r"/w/badkamerwinkel/kpis/nieuwe-bezoekers-uit-de-browser$"))

    page.goto(f"/w/{DEMO_ID}")
    tile = page.locator('.tile[data-kpi="nieuwe-bezoekers-uit-de-browser"]')
    expect(tile).to_be_visible()
    expect(tile.locator(".tile-name")).to_have_text("Nieuwe bezoekers uit de browser")
    expect(tile.locator(".tile-target")).to_contain_text("3.000")
    expect(tile.locator(".tile-value strong")).to_have_text(re.compile(r"\d"))
    console.assert_clean()


def test_an_imported_csv_shows_in_the_history_and_moves_the_dashboard(
    editor_page: Page, console: Console, tmp_path: Path
) -> None:
    page = editor_page
    impressions = page.locator('.tile[data-kpi="sea-vertoningen"] .tile-value strong')
    before = impressions.inner_text()

    # the fixture's Google Ads report (Dutch), moved from March into this November
    text = (FIXTURES / "ads" / "google_ads_nl.csv").read_text(encoding="utf-8-sig")
    upload = tmp_path / "google-ads-november.csv"
    upload.write_text(text.replace("2026-03-0", "2026-11-0").replace("maart", "november"), encoding="utf-8")

    page.goto(f"/w/{DEMO_ID}/data")
    history = page.locator("#history table.imports tbody tr")
    imports_before = history.count()
    page.locator('#upload input[type="file"]').set_input_files(upload)
    with page.expect_navigation():
        page.locator("#upload button[type=submit]").click()
    preview = page.locator("#import-preview")
    expect(preview.locator("h2")).to_contain_text("google-ads-november.csv")
    expect(preview.locator(".import-part .preview-rows tbody tr").first).to_be_visible()
    expect(preview.locator(".import-problems")).to_have_count(0)
    expect(page.locator("#import-button")).to_be_enabled()
    with page.expect_navigation():
        page.locator("#import-button").click()

    expect(page.locator(".import-done")).to_contain_text("google-ads-november.csv")
    expect(history).to_have_count(imports_before + 1)
    expect(page.locator("#history tbody tr", has_text="google-ads-november.csv")).to_have_count(1)

    page.goto(f"/w/{DEMO_ID}")
    expect(impressions).not_to_have_text(before)
    console.assert_clean()


def test_a_funnel_planned_live_becomes_kpis_on_the_dashboard(editor_page: Page, console: Console) -> None:
    page = editor_page
    page.goto(f"/w/{DEMO_ID}/plans?plan=")  # a fresh planner, not the demo's saved plan
    planner = page.locator("#planner")
    expect(planner.locator("#stages")).to_have_value("lead, mql, sql, opportunity, customer")
    rates = planner.locator("#plan-steps input[name^=rate_]")
    expect(rates).to_have_count(4)
    lead = page.locator('#plan-result tr[data-stage="lead"] strong')

    planner.locator('input[name="name"]').fill("Plan uit de browser")
    planner.locator('select[name="goal"]').select_option("leads-en-verkopen")
    planner.locator('input[name="target_kind"][value="customers"]').check()
    planner.locator('input[name="customers"]').fill("100")
    for index, rate in enumerate(["39%", "38%", "42%", "1/3"]):
        planner.locator(f'input[name="rate_{index}"]').fill(rate)
    # worked out as the fields change, in Dutch numbers, before anything is saved
    expect(lead).to_have_text("4.826")
    expect(page.locator('#plan-result tr[data-stage="customer"] strong')).to_have_text("100")
    expect(page).to_have_url(re.compile(r"/plans\?plan=$"))

    with page.expect_navigation():
        planner.locator("button[type=submit]").click()
    row = page.locator('#saved-plans tr[data-plan="plan-uit-de-browser"]')
    expect(row).to_be_visible()
    with page.expect_navigation():
        row.locator('form[action$="/kpis"] button').click()  # the one click: the plan's KPIs
    expect(page.get_by_role("status")).to_contain_text("5")

    page.goto(f"/w/{DEMO_ID}")
    for stage in ("leads", "mqls", "sqls", "opportunities", "customers"):
        expect(page.locator(f'.tile[data-kpi="plan-uit-de-browser-{stage}"]')).to_be_visible()
    expect(page.locator('.tile[data-kpi="plan-uit-de-browser-leads"] .tile-target')).to_contain_text("4.826")
    console.assert_clean()
