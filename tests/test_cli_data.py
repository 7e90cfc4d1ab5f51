"""The data commands: import, imports, value, status and explain, on the Olist funnel."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from koers.cli import app
from olist import MQLS, MQLS_FILE, WON, WON_FILE, cli_json

runner = CliRunner()


@pytest.fixture
def olist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "koers.yaml").write_text(
        "name: Olist\njourney: lead_funnel\ngoals:\n- name: Sellers\n  kpis:\n"
        "  - {id: won, name: Won sellers, metric: customers, target: 400, phase: customer,\n"
        "     period: {start: 2018-01-01, end: 2018-07-01}}\n"
        "  - {id: conversion, name: MQL to seller, metric: mql_to_customer_rate, target: 0.12, phase: mql,\n"
        "     aggregation: ratio, period: {start: 2018-01-01, end: 2018-04-01}}\n",
        encoding="utf-8",
    )
    cli_json("import", str(MQLS_FILE), *MQLS)
    cli_json("import", str(WON_FILE), *WON)
    return tmp_path


def test_import_summary_and_idempotency(olist: Path) -> None:
    again = cli_json("import", str(WON_FILE), *WON)
    assert (again["rows_added"], again["rows_replaced"]) == (0, 842)
    imports = cli_json("imports")
    assert [record["file"] for record in imports][:2] == [
        "olist_marketing_qualified_leads_dataset.csv", "olist_closed_deals_dataset.csv",
    ]  # fmt: skip
    assert imports[0]["rows_added"] == 8000


def test_value_reproduces_the_published_conversion_by_origin(olist: Path) -> None:
    data = cli_json(
        "value", "mql_to_customer_rate", "--from", "2017-06-01", "--to", "2018-12-31", "--by", "channel"
    )
    by_origin = {row["channel"]: (row["numerator"], row["denominator"]) for row in data["rows"]}
    assert by_origin["organic search"] == (271, 2296)
    assert by_origin["paid search"] == (195, 1586)
    assert by_origin["unknown"] == (179, 1099)
    assert data["basis"] == "cohort"
    assert "COUNT(*)" in data["queries"][0]["sql"]


def test_undo_takes_the_won_dates_back(olist: Path) -> None:
    won = cli_json("imports")[1]["import_id"]
    undone = cli_json("imports", "undo", won[:6])
    assert undone["undone_at"] is not None
    total = cli_json("value", "customers", "--from", "2017-01-01", "--to", "2018-12-31")
    assert total["rows"][0]["value"] is None  # no won dates at all any more
    assert cli_json("value", "mqls", "--from", "2017-06-01", "--to", "2018-05-31")["rows"][0]["value"] == 8000


def test_status_and_explain(olist: Path) -> None:
    status = cli_json("status", "--as-of", "2018-06-30")
    won = next(kpi for kpi in status["kpis"] if kpi["kpi"] == "won")
    assert won["value"] == 719  # sellers won in the first half of 2018 (counted from the CSV)
    assert won["meets_target"] is True
    assert len(won["series"]) == 6
    explained = cli_json("explain", "conversion", "--as-of", "2018-12-31")
    assert explained["metric"]["key"] == "mql_to_customer_rate"
    assert explained["queries"]


def test_import_errors_name_the_place(olist: Path) -> None:
    broken = olist / "broken.csv"
    broken.write_text(
        "mql_id,first_contact_date,origin\nx1,2018-01-01,email\nx2,not a date,email\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["import", str(broken), "--table", "crm_contacts", "--map", "contact_id=mql_id",
                                 "--map", "mql_at=first_contact_date", "--lang", "en"])  # fmt: skip
    assert result.exit_code == 2
    assert "broken.csv:3: column first_contact_date: 'not a date' is not a date" in result.stderr
    assert len(cli_json("imports")) == 2  # nothing was written


def test_check_uses_the_data_for_measurable_and_realistic(olist: Path) -> None:
    report = cli_json("check")
    letters = {kpi["kpi"]: {letter["letter"]: letter for letter in kpi["letters"]} for kpi in report["kpis"]}
    assert letters["won"]["M"]["verdict"] == "pass"
    assert letters["conversion"]["M"]["verdict"] == "pass"
    # MQLs ran from June 2017: the months before 2018 are the history the target is held against
    assert letters["conversion"]["R"]["verdict"] in ("pass", "fail")
    assert letters["conversion"]["R"]["facts"]
