"""The data page: upload, preview, column mapping, import, history and undo; and the imports API."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from conftest import AS_OF, DEMO_ID, Browser, text_of

from koers.web.site import Site

FIXTURES = Path(__file__).parents[1] / "fixtures"
GA4 = FIXTURES / "ga4" / "traffic_daily_en.csv"
EN = {"accept-language": "en"}
NEWSLETTER = {
    "date": "Datum", "campaign": "Campagne", "sent": "Verzonden", "opens": "Geopend", "clicks": "Kliks",
    "unsubscribes": "Afmeldingen", "signups": "Nieuwe inschrijvingen",
}  # fmt: skip


def plain(page: str) -> str:
    return html.unescape(text_of(page))


def upload(browser: Browser, name: str, content: bytes, **data: str) -> Any:
    return browser.post(
        f"/w/{DEMO_ID}/data/upload", data, files={"file": (name, content, "text/csv")}, headers=EN
    )


def token_of(page: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f]{32})"', page)
    assert found is not None, page
    return found.group(1)


def uploads(site: Site) -> list[Path]:
    folder = site.get(DEMO_ID).folder / "data" / "uploads"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def import_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-import="([0-9a-f]+)"', page)


def test_a_viewer_sees_the_history_but_cannot_upload_or_undo(viewer: Browser) -> None:
    page = viewer.get(f"/w/{DEMO_ID}/data", headers=EN)
    assert page.status_code == 200
    assert "Import history" in plain(page.text)
    assert "demo-ga4-daily" in page.text
    assert 'type="file"' not in page.text
    assert ">Undo<" not in page.text
    assert upload(viewer, "x.csv", GA4.read_bytes()).status_code == 403
    first = import_rows(page.text)[0]
    assert viewer.post(f"/w/{DEMO_ID}/data/imports/{first}/undo").status_code == 403
    assert viewer.get(f"/w/{DEMO_ID}/data/imports/{first}/undo").status_code == 403
    assert viewer.post(f"/w/{DEMO_ID}/data/import", {"token": "0" * 32}).status_code == 403


def test_a_ga4_export_previewed_imported_and_undone(editor: Browser, site: Site) -> None:
    handle = site.get(DEMO_ID)
    with handle.warehouse() as warehouse:
        before = len(warehouse.imports())
    preview = upload(editor, "traffic <script>alert(1).csv", GA4.read_bytes())
    assert preview.status_code == 200, preview.text
    text = plain(preview.text)
    assert "Preview of traffic <script>alert(1).csv" in text
    assert "<script>alert" not in preview.text  # shown, never run
    assert "Detected: ga4_csv" in text
    assert 'data-table="web_daily"' in preview.text
    assert "7 rows" in text
    assert "Organic Search" in text
    assert "Nothing has been written yet." in text
    token = token_of(preview.text)
    stored = uploads(site)
    assert [path.name for path in stored] == sorted([f"{token}.csv", f"{token}.json"])
    with handle.warehouse() as warehouse:
        assert len(warehouse.imports()) == before  # a preview writes nothing

    done = editor.post(f"/w/{DEMO_ID}/data/import", {"token": token, "format": ""}, headers=EN)
    assert done.status_code == 200, done.text
    text = plain(done.text)
    assert "is imported as ga4_csv" in text
    assert "7 rows added, 0 replaced, 1 skipped." in text
    assert uploads(site) == []  # the upload is gone after its import
    with handle.warehouse() as warehouse:
        records = warehouse.imports()
        count = warehouse.connection.execute(
            "SELECT count(*) FROM current_web_daily WHERE date = DATE '2024-06-01' AND property <> 'demo'"
        ).fetchone()
    assert len(records) == before + 1
    new = records[-1]
    assert new.file_name == "traffic <script>alert(1).csv"
    assert count is not None
    assert count[0] >= 3

    history = editor.get(f"/w/{DEMO_ID}/data", headers=EN)
    assert import_rows(history.text)[0] == new.import_id
    assert "traffic &lt;script&gt;alert(1).csv" in history.text

    confirm = editor.get(f"/w/{DEMO_ID}/data/imports/{new.import_id}/undo", headers=EN)
    assert "Undo the import of traffic <script>alert(1).csv" in plain(confirm.text)
    undone = editor.post(f"/w/{DEMO_ID}/data/imports/{new.import_id}/undo", follow_redirects=False)
    assert undone.status_code == 303
    after = editor.get(undone.headers["location"], headers=EN)
    assert "is undone" in plain(after.text)
    row = re.search(rf'<tr data-import="{new.import_id}".*?</tr>', after.text, re.S)
    assert row is not None
    assert "undone" in row.group(0)
    with handle.warehouse() as warehouse:
        assert warehouse.find_import(new.import_id).undone_at is not None
    # undoing twice says so, and changes nothing
    again = editor.post(f"/w/{DEMO_ID}/data/imports/{new.import_id}/undo", headers=EN)
    assert again.status_code == 422
    assert "undone" in plain(again.text)


def test_an_import_moves_the_dashboard_and_undo_moves_it_back(editor: Browser, site: Site) -> None:
    handle = site.get(DEMO_ID)

    def impressions() -> Any:
        return handle.evaluation("sea-vertoningen", AS_OF).value

    start = impressions()
    text = (FIXTURES / "ads" / "google_ads_nl.csv").read_text(encoding="utf-8-sig")
    november = text.replace("2026-03-0", "2026-11-0").replace("maart", "november").encode()
    token = token_of(upload(editor, "google-ads-november.csv", november).text)
    editor.post(f"/w/{DEMO_ID}/data/import", {"token": token})
    raised = impressions()
    assert raised > start
    dashboard = editor.get(f"/w/{DEMO_ID}")
    tile = re.search(r'data-kpi="sea-vertoningen">.*?</a>', dashboard.text, re.S)
    assert tile is not None
    with handle.warehouse() as warehouse:
        import_id = warehouse.imports()[-1].import_id
    editor.post(f"/w/{DEMO_ID}/data/imports/{import_id}/undo")
    assert impressions() == start


def test_a_file_no_importer_knows_is_mapped_onto_a_table(editor: Browser, site: Site) -> None:
    content = (FIXTURES / "mapped" / "nieuwsbrief.csv").read_bytes()
    first = upload(editor, "nieuwsbrief.csv", content)
    assert first.status_code == 200
    text = plain(first.text)
    assert "Detected: mapped" in text
    assert "Choose a table and map the columns to see a preview." in text
    assert 'id="import-button" disabled' in first.text
    token = token_of(first.text)
    # choosing the table offers a select of the file's columns for each of its fields
    table = editor.htmx(f"/w/{DEMO_ID}/data/preview", {"token": token, "format": "mapped", "table": "email_daily"},
                        headers=EN)  # fmt: skip
    assert table.status_code == 200
    assert table.text.lstrip().startswith('<section id="import-preview">')
    assert 'name="map_campaign"' in table.text
    assert '<option value="Nieuwe inschrijvingen"' in table.text
    form = {"token": token, "format": "mapped", "table": "email_daily", "mapping_shown": "1",
            "fixed_source_system": "mailchimp", **{f"map_{key}": value for key, value in NEWSLETTER.items()}}  # fmt: skip
    mapped = editor.htmx(f"/w/{DEMO_ID}/data/preview", form, headers=EN)
    text = plain(mapped.text)
    assert "3 rows" in text
    assert "Lentenieuwsbrief" in text
    assert "1234" in text  # 1.234 in the Dutch file, read as a number
    assert 'id="import-button" disabled' not in mapped.text
    done = editor.post(f"/w/{DEMO_ID}/data/import", form, headers=EN)
    assert "3 rows added" in plain(done.text)
    with site.get(DEMO_ID).warehouse() as warehouse:
        record = warehouse.imports()[-1]
        rows = warehouse.connection.execute(
            "SELECT count(*) FROM current_email_daily WHERE source_system = 'mailchimp' AND date < DATE '2024-01-01'"
        ).fetchone()
    assert (record.file_name, record.format) == ("nieuwsbrief.csv", "mapped")
    assert rows == (3,)


def test_a_broken_file_shows_each_problem_with_row_and_column_and_writes_nothing(
    editor: Browser, site: Site
) -> None:
    with site.get(DEMO_ID).warehouse() as warehouse:
        before = warehouse.imports()
    preview = upload(editor, "broken.csv", (FIXTURES / "ga4" / "broken_number.csv").read_bytes())
    assert preview.status_code == 200
    problem = re.search(
        r'<tr class="problem" data-row="(\d+)" data-column="([^"]*)">(.*?)</tr>', preview.text, re.S
    )
    assert problem is not None
    assert problem.group(1) == "13"
    assert problem.group(2) == "Sessions"
    assert "n.v.t." in plain(problem.group(3))
    assert 'id="import-button" disabled' in preview.text
    # forcing the import anyway writes nothing and shows the problem again
    forced = editor.post(f"/w/{DEMO_ID}/data/import", {"token": token_of(preview.text)}, headers=EN)
    assert forced.status_code == 422
    assert 'data-row="13" data-column="Sessions"' in forced.text
    with site.get(DEMO_ID).warehouse() as warehouse:
        assert warehouse.imports() == before
    # a mapped file with a bad number: the row and column of the file
    content = (FIXTURES / "mapped" / "nieuwsbrief_bad_number.csv").read_bytes()
    token = token_of(upload(editor, "nieuwsbrief.csv", content).text)
    form = {"token": token, "format": "mapped", "table": "email_daily", "mapping_shown": "1",
            **{f"map_{key}": value for key, value in NEWSLETTER.items()}}  # fmt: skip
    mapped = editor.htmx(f"/w/{DEMO_ID}/data/preview", form, headers=EN)
    assert 'data-row="3" data-column="Verzonden"' in mapped.text


def test_empty_binary_and_missing_uploads_are_refused_readably(editor: Browser, site: Site) -> None:
    empty = upload(editor, "leeg.csv", b"")
    assert empty.status_code == 422
    assert "leeg.csv is empty." in plain(empty.text)
    garbage = upload(editor, "rommel.csv", b"\x00\x01\x02\xff" * 1000)
    assert garbage.status_code == 422
    assert "rommel.csv is no text file" in plain(garbage.text)
    assert uploads(site) == []
    unknown = upload(editor, "../../etc/passwd", b"root:x:0:0\n")
    assert unknown.status_code == 200
    assert "passwd" in plain(unknown.text)
    assert all(path.parent.name == "uploads" and "passwd" not in path.name for path in uploads(site))
    gone = editor.post(f"/w/{DEMO_ID}/data/import", {"token": "../koers.yaml"}, headers=EN)
    assert gone.status_code == 422
    assert "This upload is gone" in plain(gone.text)


def test_a_huge_upload_is_refused_by_the_app(editor: Browser) -> None:
    response = editor.client.post(
        f"/w/{DEMO_ID}/data/upload",
        content=b"x" * 10,
        headers={"content-type": "multipart/form-data; boundary=x", "content-length": str(200 * 1024 * 1024)},
    )
    assert response.status_code == 413


def test_old_uploads_are_cleared_after_an_hour(editor: Browser, site: Site) -> None:
    import os
    import time

    token_of(upload(editor, "a.csv", GA4.read_bytes()).text)
    old = time.time() - 2 * 3600
    for path in uploads(site):
        os.utime(path, (old, old))
    editor.get(f"/w/{DEMO_ID}/data")
    assert uploads(site) == []


def test_the_imports_api(editor: Browser, viewer: Browser, site: Site) -> None:
    listed = viewer.get(f"/api/workspaces/{DEMO_ID}/imports")
    assert listed.status_code == 200
    assert any(item["file"] == "demo-ga4-daily" for item in listed.json())
    headers = {"X-CSRF-Token": editor.csrf}
    created = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/imports", files={"file": ("ga4.csv", GA4.read_bytes(), "text/csv")},
        headers=headers,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    record = created.json()
    assert (record["file"], record["format"], record["rows_added"]) == ("ga4.csv", "ga4_csv", 7)
    assert uploads(site) == []
    mapped = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/imports",
        files={"file": ("nb.csv", (FIXTURES / "mapped" / "nieuwsbrief.csv").read_bytes(), "text/csv")},
        data={"table": "email_daily", "map": [f"{key}={value}" for key, value in NEWSLETTER.items()]},
        headers=headers,
    )
    assert mapped.status_code == 201, mapped.text
    assert mapped.json()["rows_added"] == 3
    broken = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/imports",
        files={"file": ("broken.csv", (FIXTURES / "ga4" / "broken_number.csv").read_bytes(), "text/csv")},
        headers=headers,
    )
    assert broken.status_code == 422
    assert broken.json()["file"] == "broken.csv"
    [problem] = broken.json()["detail"]
    assert (problem["row"], problem["column"]) == (13, "Sessions")
    assert uploads(site) == []
    undone = editor.client.post(
        f"/api/workspaces/{DEMO_ID}/imports/{record['import_id']}/undo", headers=headers
    )
    assert undone.status_code == 200
    assert undone.json()["undone_at"] is not None
    assert editor.client.post(f"/api/workspaces/{DEMO_ID}/imports/{record['import_id']}/undo",
                              headers=headers).status_code == 422  # fmt: skip
    refused = viewer.client.post(
        f"/api/workspaces/{DEMO_ID}/imports", files={"file": ("ga4.csv", GA4.read_bytes(), "text/csv")},
        headers={"X-CSRF-Token": viewer.csrf},
    )  # fmt: skip
    assert refused.status_code == 403
