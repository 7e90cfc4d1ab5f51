"""The reports page: making a report in the background (PDF and HTML), its history, view and
download, the monthly e-mail's recipients, the KPI export as CSV and Excel; and the reports API."""

from __future__ import annotations

import csv
import html
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_ID, OTHER_ID, SECRET, USERS, Browser, make_site, text_of
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from koers.store.workspace_file import load_workspace
from koers.web import accounts
from koers.web.app import WebOptions, create_app
from koers.web.site import Site

PAGE = f"/w/{DEMO_ID}/reports"
API = f"/api/workspaces/{DEMO_ID}"
EN = {"accept-language": "en"}


def plain(page: str) -> str:
    return html.unescape(text_of(page))


def bearer(site: Site, role: str) -> dict[str, str]:
    with site.database.begin() as session:
        user = accounts.find_user(session, USERS[role])
        assert user is not None
        token = accounts.create_api_token(session, user.id, f"{role} reports")
    return {"Authorization": f"Bearer {token}"}


def job_url(fragment: str) -> str:
    found = re.search(r'hx-get="(/w/[^"]+/reports/jobs/[^"]+)"', fragment)
    assert found is not None, fragment
    return found.group(1)


def wait_for(browser: Browser, url: str, seconds: float = 90) -> Any:
    """Poll the status fragment as the page does, until the job is no longer running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = browser.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        if 'data-state="running"' not in response.text:
            return response
        assert 'hx-trigger="every 1s"' in response.text
        time.sleep(0.25)
    raise AssertionError(f"the report at {url} was not done in {seconds} s")


@dataclass
class Made:
    """A site on which the owner made an October PDF through the page and the editor an HTML
    report through the API: shared by the tests of this module (a PDF takes seconds)."""

    site: Site
    owner: Browser
    editor: Browser
    viewer: Browser
    outsider: Browser
    started: Any
    finished: Any
    pdf_id: int
    html: dict[str, Any]


@pytest.fixture(scope="module")
def made(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    site = make_site(demo_source, tmp_path_factory.mktemp("reports"))
    app = create_app(site, WebOptions(SECRET))
    roles = ("owner", "editor", "viewer", "outsider")
    clients = [TestClient(app, base_url="http://localhost") for _ in roles]
    with clients[0], clients[1], clients[2], clients[3]:
        owner, editor, viewer, outsider = (Browser(client) for client in clients)
        for browser, role in zip((owner, editor, viewer, outsider), roles, strict=True):
            browser.sign_in(USERS[role])
        started = owner.htmx(PAGE, {"month": "2026-10", "lang": "nl", "format": "pdf"})
        assert started.status_code == 200, started.text
        finished = wait_for(owner, job_url(started.text))
        found = re.search(r"/reports/(\d+)/download", finished.text)
        assert found is not None, finished.text
        made_html = owner.client.post(
            f"{API}/reports",
            json={"month": "2026-10", "lang": "en", "format": "html"},
            headers=bearer(site, "editor"),
        )
        assert made_html.status_code == 201, made_html.text
        yield Made(
            site, owner, editor, viewer, outsider, started, finished, int(found.group(1)), made_html.json()
        )
    site.close()


# --- making a report through the page ---------------------------------------------------------------


def test_the_page_makes_a_pdf_in_the_background_and_polls_until_done(made: Made) -> None:
    assert 'data-state="running"' in made.started.text
    assert (
        made.started.headers["hx-replace-url"] == f"{PAGE}?job={job_url(made.started.text).rsplit('/', 1)[1]}"
    )
    assert 'hx-trigger="every 1s"' in made.started.text
    assert "oktober 2026 wordt gemaakt" in plain(made.started.text)
    assert 'data-state="done"' in made.finished.text
    assert "hx-trigger" not in made.finished.text  # polling stops
    assert made.finished.headers["hx-trigger"] == "reports-changed"  # the history reloads
    assert "Het rapport over oktober 2026 is klaar." in plain(made.finished.text)


def test_the_pdf_downloads_and_views(made: Made) -> None:
    download = made.owner.get(f"{PAGE}/{made.pdf_id}/download")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == (
        f'attachment; filename="koers-{DEMO_ID}-2026-10-nl.pdf"'
    )
    view = made.owner.get(f"{PAGE}/{made.pdf_id}")
    assert view.status_code == 200
    assert view.content == download.content
    assert view.headers["content-disposition"].startswith("inline;")


def test_an_html_report_is_served_under_a_csp_that_runs_nothing(made: Made) -> None:
    assert made.html["format"] == "html"
    assert made.html["lang"] == "en"
    assert made.html["month"] == "2026-10"
    assert made.html["as_of"] == "2026-10-31"
    assert made.html["scheduled"] is False
    view = made.viewer.get(f"{PAGE}/{made.html['id']}")
    assert view.status_code == 200
    assert view.headers["content-type"].startswith("text/html")
    policy = view.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    assert "October 2026" in plain(view.text)
    assert view.headers["content-disposition"].startswith("inline;")
    download = made.viewer.get(made.html["download_url"])
    assert (
        download.headers["content-disposition"] == f'attachment; filename="koers-{DEMO_ID}-2026-10-en.html"'
    )


def test_the_history_lists_the_reports_made(made: Made) -> None:
    page = made.viewer.get(PAGE)
    assert page.status_code == 200
    text = plain(page.text)
    assert "Gemaakte rapporten" in text
    assert "oktober 2026" in text
    assert f"{PAGE}/{made.pdf_id}/download" in page.text
    assert f"{PAGE}/{made.html['id']}/download" in page.text
    assert "met de hand" in text
    row = re.search(rf'<tr id="report-{made.pdf_id}">(.*?)</tr>', page.text, flags=re.S)
    assert row is not None
    assert "PDF" in row.group(1)
    assert "Nederlands" in row.group(1)
    fragment = made.viewer.get(f"{PAGE}/history", headers={"HX-Request": "true"})
    assert 'hx-trigger="reports-changed from:body"' in fragment.text
    assert "<html" not in fragment.text
    assert f"report-{made.pdf_id}" in fragment.text


def test_a_viewer_may_download_but_not_make_a_report(made: Made) -> None:
    assert made.viewer.get(f"{PAGE}/{made.pdf_id}/download").content.startswith(b"%PDF")
    assert made.viewer.post(PAGE, {"month": "2026-10"}).status_code == 403
    assert made.viewer.htmx(PAGE, {"month": "2026-10"}).status_code == 403
    headers = bearer(made.site, "viewer")
    assert made.viewer.client.post(f"{API}/reports", json={}, headers=headers).status_code == 403
    page = plain(made.viewer.get(PAGE).text)
    assert "Alleen bewerkers en eigenaren kunnen rapporten maken" in page
    assert 'id="report-form"' not in made.viewer.get(PAGE).text


def test_a_report_of_another_workspace_is_not_found(made: Made) -> None:
    other = f"/w/{OTHER_ID}/reports/{made.pdf_id}"
    assert made.outsider.get(other).status_code == 404
    assert made.outsider.get(f"{other}/download").status_code == 404
    assert made.outsider.get(f"/api/workspaces/{OTHER_ID}/reports/{made.pdf_id}/download").status_code == 404
    assert made.outsider.get(f"{PAGE}/{made.pdf_id}/download").status_code == 404  # not a member
    assert made.owner.get(f"{PAGE}/999999").status_code == 404
    assert made.owner.get(f"{PAGE}/abc/download").status_code == 404
    assert made.outsider.get(f"/api/workspaces/{OTHER_ID}/reports").json() == []
    job = job_url(made.started.text).replace(DEMO_ID, OTHER_ID)
    assert "niet (meer) bekend" in plain(made.outsider.get(job).text)


def test_the_api_lists_and_downloads_reports(made: Made) -> None:
    headers = bearer(made.site, "viewer")
    listed = made.viewer.client.get(f"{API}/reports", headers=headers).json()
    assert [item["id"] for item in listed] == [made.html["id"], made.pdf_id]  # newest first
    pdf = listed[1]
    assert pdf["format"] == "pdf"
    assert pdf["month"] == "2026-10"
    assert pdf["size"] > 10_000
    assert pdf["download_url"] == f"{API}/reports/{made.pdf_id}/download"
    one = made.viewer.client.get(f"{API}/reports/{made.pdf_id}", headers=headers).json()
    assert one == pdf
    file = made.viewer.client.get(pdf["download_url"], headers=headers)
    assert file.content.startswith(b"%PDF")
    assert file.headers["content-disposition"].startswith("attachment;")
    assert made.viewer.client.get(f"{API}/reports/424242", headers=headers).status_code == 404


# --- bad input, failures -------------------------------------------------------------------------------


def test_the_page_offers_24_months_and_defaults_to_the_last_complete_one(owner: Browser) -> None:
    page = owner.get(PAGE).text
    options = re.findall(r'<option value="(\d{4}-\d{2})"', page)
    assert len(options) == 24
    assert options[0] == "2026-11"
    assert options[-1] == "2024-12"
    assert '<option value="2026-10" selected>oktober 2026</option>' in page
    assert "november 2026 (lopend)" in page
    assert '<option value="nl" selected>' in page
    assert '<option value="pdf" selected>' in page
    assert "Nog geen rapporten gemaakt." in plain(page)


def test_bad_choices_are_told_in_the_users_language(made: Made) -> None:
    owner, anonymous, site = made.owner, made.owner, made.site
    future = owner.htmx(PAGE, {"month": "2027-05", "lang": "nl", "format": "pdf"})
    assert future.status_code == 200  # htmx swaps the fragment with the message
    assert "Maand: 2027-05 is nog niet begonnen; kies een maand tot en met 2026-11." in plain(future.text)
    assert "hx-trigger" not in future.text
    page = owner.post(PAGE, {"month": "<script>x</script>", "format": "pdf"})
    assert page.status_code == 422
    assert "<script>x</script>" not in page.text
    assert "is geen maand" in plain(page.text)
    assert 'aria-invalid="true"' in page.text
    english = owner.post(PAGE, {"month": "2026-10", "format": "docx"}, headers=EN)
    assert english.status_code == 422
    assert "Format: 'docx' is not a report format (pdf or html)." in plain(english.text)
    api = anonymous.client.post(
        f"{API}/reports", json={"month": "1999-12"}, headers={**bearer(site, "editor"), **EN}
    )
    assert api.status_code == 422
    assert api.json()["detail"] == "Month: choose a month from 2000-01 on."
    invalid = anonymous.client.post(f"{API}/reports", json={"format": "docx"}, headers=bearer(site, "editor"))
    assert invalid.status_code == 422


def test_a_failing_report_shows_an_error_not_a_500(owner: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    from koers.web.routes import reports

    def broken(*args: Any) -> Any:
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(reports, "make_report", broken)
    started = owner.htmx(PAGE, {"month": "2026-09", "lang": "en", "format": "pdf"})
    assert started.status_code == 200
    done = wait_for(owner, job_url(started.text), seconds=10)
    text = plain(done.text)
    assert 'data-state="failed"' in done.text
    assert "hx-trigger" not in done.text
    assert "Het rapport over september 2026 kon niet worden gemaakt: er ging iets mis" in text
    assert "printer" not in text
    # a plain form (no htmx) is sent to the page, which shows the job
    again = owner.post(PAGE, {"month": "2026-08"}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith(f"{PAGE}?job=")
    shown = owner.get(again.headers["location"])
    assert shown.status_code == 200
    assert 'id="report-job"' in shown.text


# --- the export -----------------------------------------------------------------------------------------


def kpi_names(site: Site) -> set[str]:
    return {kpi.name for _, kpi in site.get(DEMO_ID).current().all_kpis()}


def test_the_kpis_export_as_csv(made: Made) -> None:
    viewer, site = made.viewer, made.site
    response = viewer.get(f"{PAGE}/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="koers-{DEMO_ID}-kpis-2026-11-21.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["kpi", "naam", "doel"]
    assert "2026-10" in header
    assert {row[1] for row in rows[1:]} == kpi_names(site)
    assert {row[8] for row in rows[1:]} == {"2026-11-21"}  # the as-of day, as on the dashboard


def test_the_kpis_export_as_excel(made: Made) -> None:
    viewer, site = made.viewer, made.site
    response = viewer.get(f"{PAGE}/export.xlsx", headers=EN)
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["content-disposition"].endswith('kpis-2026-11-21.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("kpi", "name")
    assert {row[1] for row in rows[1:]} == kpi_names(site)
    page = viewer.get(PAGE, headers=EN).text
    assert f'href="{PAGE}/export.xlsx"' in page
    assert "Export KPIs (Excel)" in page
    assert f'href="{PAGE}/export.csv"' in page
    assert "Export KPIs (CSV)" in page


def test_the_export_api(made: Made) -> None:
    anonymous, site = made.viewer, made.site
    headers = bearer(site, "viewer")
    xlsx = anonymous.get(f"{API}/export?format=xlsx", headers=headers)
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.max_row == len(kpi_names(site)) + 1
    earlier = anonymous.get(f"{API}/export?format=csv&as_of=2026-10-31", headers=headers)
    assert earlier.status_code == 200
    assert "2026-10-31" in earlier.content.decode("utf-8-sig")
    assert earlier.headers["content-disposition"].endswith('kpis-2026-10-31.csv"')
    assert anonymous.get(f"{API}/export?format=pdf", headers=headers).status_code == 422
    assert anonymous.get(f"/api/workspaces/{OTHER_ID}/export", headers=headers).status_code == 404


# --- the monthly e-mail --------------------------------------------------------------------------------


def test_the_owner_sets_the_recipients(owner: Browser, site: Site) -> None:
    saved = owner.post(
        f"{PAGE}/schedule",
        {"recipients": "Directie@Example.nl\nmarketing@example.nl, directie@example.nl", "monthly": "on"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = owner.get(saved.headers["location"])
    assert "De maandelijkse e-mail is bijgewerkt." in plain(page.text)
    assert "Aan: naar 2 ontvanger(s)." in plain(page.text)
    reports = load_workspace(site.get(DEMO_ID).file).reports
    assert reports.recipients == ("Directie@Example.nl", "marketing@example.nl")
    assert reports.monthly is True
    assert reports.language is None
    off = owner.post(f"{PAGE}/schedule", {"recipients": "marketing@example.nl", "language": "en"})
    assert off.status_code == 200
    reports = site.get(DEMO_ID).current().reports
    assert reports.monthly is False
    assert reports.language == "en"
    assert "Uit: er wordt niets gemaild." in plain(off.text)


@pytest.mark.parametrize(
    ("recipients", "shown"),
    [
        ("a@example.nl\nniet-een-adres", "'niet-een-adres' is geen e-mailadres"),
        ("a@b", "'a@b' is geen e-mailadres"),
        ("<script>alert(1)</script>@example.nl", "is geen e-mailadres"),
        ("\n".join(f"p{n}@example.nl" for n in range(51)), "hoogstens 50 adressen"),
    ],
)
def test_bad_recipients_are_refused(made: Made, recipients: str, shown: str) -> None:
    owner, site = made.owner, made.site
    before = site.get(DEMO_ID).current().reports
    response = owner.post(f"{PAGE}/schedule", {"recipients": recipients, "monthly": "on"})
    assert response.status_code == 422
    assert shown in plain(response.text)
    assert "<script>alert" not in response.text
    assert 'aria-describedby="schedule-error"' in response.text
    assert site.get(DEMO_ID).current().reports == before


def test_only_an_owner_changes_the_recipients(made: Made) -> None:
    editor, viewer, site = made.editor, made.viewer, made.site
    assert editor.post(f"{PAGE}/schedule", {"recipients": "x@example.nl"}).status_code == 403
    page = viewer.get(PAGE).text
    assert "Alleen een eigenaar kan de ontvangers" in plain(page)
    assert re.search(r'<fieldset disabled>\s*<label>\s*<input type="checkbox" role="switch"', page)
    headers = bearer(site, "editor")
    body = {"recipients": ["x@example.nl"], "monthly": True}
    assert editor.client.put(f"{API}/reports/schedule", json=body, headers=headers).status_code == 403


def test_the_schedule_api(anonymous: Browser, site: Site) -> None:
    headers = {**bearer(site, "owner"), **EN}
    assert anonymous.get(f"{API}/reports/schedule", headers=headers).json() == {
        "recipients": [],
        "monthly": True,
        "language": None,
    }
    body = {"recipients": ["team@example.nl"], "monthly": True, "language": "nl"}
    changed = anonymous.client.put(f"{API}/reports/schedule", json=body, headers=headers)
    assert changed.status_code == 200
    assert changed.json() == body
    assert site.get(DEMO_ID).current().reports.recipients == ("team@example.nl",)
    bad = anonymous.client.put(f"{API}/reports/schedule", json={"recipients": ["nobody"]}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Recipients: 'nobody' is not an e-mail address."
