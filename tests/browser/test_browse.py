"""Signing in, the dashboard, the language switch and a KPI's chart, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from browser.conftest import DEMO_ID, USERS, Console, sign_in


def test_sign_in_leads_to_the_dashboard_tiles(page: Page, console: Console) -> None:
    page.goto(f"/w/{DEMO_ID}")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/w/badkamerwinkel$"))

    form = page.locator('form[action="/sign-in"]')
    form.locator('input[name="email"]').fill(USERS["viewer"])
    form.locator('input[name="password"]').fill("wrong password")
    form.locator("button").click()
    expect(page.get_by_role("alert")).to_be_visible()
    console.errors.clear()  # the browser logs the refused sign-in's 401: that one was meant

    sign_in(page, USERS["viewer"], next_path=f"/w/{DEMO_ID}")
    expect(page).to_have_url(re.compile(r"/w/badkamerwinkel$"))
    expect(page.locator("h1")).to_have_text("Online badkamerwinkel")
    tiles = page.locator(".tiles .tile")
    expect(tiles.first).to_be_visible()
    assert tiles.count() >= 8
    first = tiles.first
    expect(first.locator(".tile-value strong")).not_to_be_empty()
    expect(first.locator(".badge")).not_to_be_empty()
    expect(page.locator(".counts .badge").first).to_be_visible()
    expect(page.get_by_text("Stand per 21 november 2026")).to_be_visible()
    console.assert_clean()


def test_switching_to_english_is_remembered(page: Page, new_user: str, console: Console) -> None:
    sign_in(page, new_user, next_path=f"/w/{DEMO_ID}")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    with page.expect_navigation():
        page.locator("#switch-language").click()
    expect(page).to_have_url(re.compile(r"/w/badkamerwinkel$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("As of 21 November 2026")).to_be_visible()
    expect(page.locator("#switch-language")).to_have_text("Nederlands")

    # the choice belongs to the user: a new browser (no cookies) signing in gets English too
    page.context.clear_cookies()
    sign_in(page, new_user, next_path=f"/w/{DEMO_ID}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    console.assert_clean()


def test_kpi_detail_draws_its_chart_without_errors(editor_page: Page, console: Console) -> None:
    page = editor_page
    tile = page.locator('.tile[data-kpi="nieuwe-bezoekers"]')
    with page.expect_navigation():
        tile.click()
    expect(page).to_have_url(re.compile(r"/w/badkamerwinkel/kpis/nieuwe-bezoekers$"))
    page.wait_for_selector('.chart[data-ready="1"], .chart svg')
    chart = page.locator(".chart svg").first
    expect(chart).to_be_visible()
    assert chart.locator("path, rect, line, symbol").count() > 0
    expect(page.locator("h1")).to_contain_text("Nieuwe bezoekers")
    console.assert_clean()
