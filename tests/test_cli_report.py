"""``koers report``, ``koers reports`` and ``koers export`` on the demo shop."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from koers.cli import app
from koers.config import get_settings
from koers.demo import build_demo

runner = CliRunner()
DEMO_DAY = date(2023, 3, 20)


@pytest.fixture(autouse=True)
def _own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("KOERS_LANG", "KOERS_WORKSPACE", "KOERS_DATABASE_URL", "KOERS_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KOERS_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder, DEMO_DAY)
    return folder


def test_koers_report_writes_html_and_keeps_it_in_the_history(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", "--month", "2023-02", "--lang", "en", "--out", str(out), "-w", str(demo), "--keep",
              "--as-of", "2023-03-19"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Monthly report February 2023" in html
    assert "<svg" in html
    listed = runner.invoke(app, ["reports", "list", "-w", str(demo), "--json"])
    assert [(item["month"], item["format"], item["lang"]) for item in json.loads(listed.output)] == [
        ("2023-02", "html", "en")
    ]


def test_a_bad_month_says_how_to_write_one(demo: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", "--month", "maart", "--out", str(tmp_path / "r.pdf"), "-w", str(demo)]
    )
    assert result.exit_code == 2
    assert "JJJJ-MM" in result.output


def test_koers_reports_run_without_recipients_sends_nothing(demo: Path) -> None:
    result = runner.invoke(app, ["reports", "run", "-w", str(demo), "--as-of", "2023-03-01", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["state"] == "not_due"


def test_koers_export_csv_and_xlsx_read_back(demo: Path, tmp_path: Path) -> None:
    csv_file, xlsx_file = tmp_path / "kpis.csv", tmp_path / "kpis.xlsx"
    for out in (csv_file, xlsx_file):
        result = runner.invoke(
            app, ["export", "--out", str(out), "-w", str(demo), "--as-of", "2023-03-19", "--lang", "en"]
        )
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    by_kpi = {row["kpi"]: row for row in rows}
    assert len(rows) == 8
    visitors = by_kpi["nieuwe-bezoekers"]
    assert visitors["target"] == "2000"
    assert visitors["as_of"] == "2023-03-19"
    assert [visitors[month] for month in ("2023-01", "2023-02", "2023-03")] == ["743", "708", "448"]
    assert Decimal(by_kpi["time-on-site"]["value"]) > 60  # seconds, exact, with a decimal point

    sheet = load_workbook(xlsx_file).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "nieuwe-bezoekers")
    cells = dict(zip(header, row, strict=True))
    assert cells["value"].value == 1899
    assert cells["value"].number_format == "#,##0.##"
    assert cells["2023-01"].value == 743
    assert cells["period_start"].value.date() == date(2023, 1, 1)
