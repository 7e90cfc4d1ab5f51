"""The ``koers`` command: JSON for scripts, readable text for people, exit code 2 for bad input."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from koers.cli import app

runner = CliRunner()

SEED_RATES = [
    "--rate", "lead:mql=39%", "--rate", "mql:sql=38%", "--rate", "sql:opportunity=42%",
    "--rate", "opportunity:customer=1/3",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in an empty folder, so no workspace is found by accident."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOERS_LANG", raising=False)
    monkeypatch.delenv("KOERS_WORKSPACE", raising=False)


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_parse_json_has_the_documented_fields() -> None:
    data = _json(
        "parse",
        "De website heeft 2.000 nieuwe bezoekers in de periode van 1 januari 2023 tot 1 april 2023",
        "--ref-date",
        "2023-01-01",
    )
    assert isinstance(data, dict)
    assert data["metric"] == "new_users"
    assert data["target"] == 2000
    assert data["comparator"] == "at_least"
    assert data["aggregation"] == "total"
    assert data["period"]["start"] == "2023-01-01"
    assert data["period"]["end"] == "2023-04-01"
    assert data["segment"] == {}


def test_parse_resolves_relative_dates_against_ref_date() -> None:
    data = _json("parse", "20.000 bezoekers per maand aan het eind van het jaar", "--ref-date", "2024-03-05")
    assert isinstance(data, dict)
    assert (data["period"]["start"], data["period"]["end"]) == ("2024-01-01", "2025-01-01")
    assert data["aggregation"] == "last_subperiod"


def test_parse_text_output_reads_in_the_sentence_language() -> None:
    result = runner.invoke(app, ["parse", "2,000 new visitors in Q1 2023", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "New users (new_users)" in result.stdout
    assert "at least 2,000" in result.stdout
    assert "1 January 2023 to 31 March 2023" in result.stdout


def test_parse_without_number_exits_2_with_a_clear_message() -> None:
    result = runner.invoke(app, ["parse", "meer bezoekers op de website"])
    assert result.exit_code == 2
    assert "Geen doelgetal gevonden" in result.stderr


def test_parse_with_a_bad_ref_date_names_the_option() -> None:
    result = runner.invoke(app, ["parse", "2.000 bezoekers in Q1", "--ref-date", "1-4-2023", "--lang", "en"])
    assert result.exit_code == 2
    assert "--ref-date" in result.stderr


def test_plan_json_gives_the_seed_004_stages_top_first() -> None:
    data = _json("plan", "--target", "customers=100", *SEED_RATES)
    assert isinstance(data, dict)
    assert [(stage["name"], stage["required"]) for stage in data["stages"]] == [
        ("lead", 4826), ("mql", 1882), ("sql", 715), ("opportunity", 300), ("customer", 100),
    ]  # fmt: skip


@pytest.mark.parametrize("rate", ["lead:mql=0.39", "lead:mql=39%", "lead:mql=39/100"])
def test_plan_reads_percentages_fractions_and_decimals(rate: str) -> None:
    data = _json("plan", "--target", "customers=39", "--rate", rate)
    assert isinstance(data, dict)
    assert data["stages"][0] == {
        "name": "lead",
        "required": 100,
        "rate_to_next": "39%",
        "rate_source": "manual",
    }


def test_plan_text_shows_budget_scenario_and_sensitivity() -> None:
    result = runner.invoke(
        app,
        ["plan", "--target", "customers=100", *SEED_RATES, "--cost-per-lead", "45", "--scenario", "mql:sql=45%",
         "--lang", "en"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "4,826" in result.stdout
    assert "€217,170.00" in result.stdout
    assert "4,075" in result.stdout  # the 45% scenario
    assert "opportunity → customer" in result.stdout


def test_plan_forward_and_by_month() -> None:
    forward = _json("plan", "--forward", "4826", *SEED_RATES)
    assert isinstance(forward, dict)
    assert forward["stages"][-1]["expected"] == 100
    monthly = _json("plan", "--target", "customers=120", "--rate", "lead:customer=10%", "--year", "2024")
    assert isinstance(monthly, dict)
    assert len(monthly["months"]) == 12
    assert sum(month["stages"]["lead"] for month in monthly["months"]) == 1200


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--target", "customers=100", "--rate", "lead:mql=0%"], "lead:mql"),
        (["--target", "customers=100", "--rate", "lead:mql=120%"], "lead:mql"),
        (["--target", "customers=100", "--rate", "lead-mql"], "lead-mql"),
        (["--target", "customers=0", "--rate", "lead:mql=39%"], "customers=0"),
        (["--target", "customers=10", "--rate", "lead:mql=39%", "--rate", "sql:won=20%"], "sql:won"),
        (["--rate", "lead:mql=39%"], "--target"),
        (["--target", "revenue=1000", "--rate", "lead:mql=39%"], "--deal-value"),
    ],
)
def test_plan_bad_input_exits_2_naming_the_place(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["plan", *args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr


def test_plan_from_revenue_with_marketing_share() -> None:
    data = _json(
        "plan",
        "--target",
        "revenue=500000",
        "--deal-value",
        "5000",
        "--share",
        "60%",
        "--rate",
        "lead:customer=10%",
    )
    assert isinstance(data, dict)
    assert (data["customers_total"], data["customers"]) == (100, 60)
    assert data["stages"][0]["required"] == 600


def test_metrics_lists_the_catalog() -> None:
    data = _json("metrics")
    assert isinstance(data, list)
    keys = {metric["key"] for metric in data}
    assert {"users", "new_users", "engagement_rate", "cost_per_lead", "roas", "nps"} <= keys
    users = next(metric for metric in data if metric["key"] == "users")
    assert users["additivity"] == "non_additive"


def test_init_writes_a_dutch_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    first = runner.invoke(app, ["init", "--name", "Mijn webshop"])
    assert first.exit_code == 0, first.output
    text = (tmp_path / "koers.yaml").read_text(encoding="utf-8")
    assert "name: Mijn webshop" in text
    assert "language:" not in text  # Dutch, EUR and Europe/Amsterdam are the defaults left out
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 2
    assert "--force" in again.stderr


def test_check_reports_smart_letters_as_json() -> None:
    assert runner.invoke(app, ["init", "--lang", "en"]).exit_code == 0
    data = _json("check")
    assert isinstance(data, dict)
    (kpi,) = data["kpis"]
    verdicts = {letter["letter"]: letter["verdict"] for letter in kpi["letters"]}
    assert verdicts == {"S": "pass", "M": "unknown", "A": "fail", "R": "unknown", "T": "pass"}


def test_check_of_a_broken_file_names_file_line_and_place(tmp_path: Path) -> None:
    (tmp_path / "koers.yaml").write_text(
        "name: Shop\ngoals:\n- name: G\n- name: Meer leads\n  kpis:\n  - name: Leads\n    metric: leads\n"
        "    target: 100\n    period: {start: 2023-04-01, end: 2023-01-01}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", "--lang", "en"])
    assert result.exit_code == 2
    assert "koers.yaml:9: goals[1].kpis[0].period.end: before start" in result.stderr


def test_check_of_a_wrong_type_exits_2(tmp_path: Path) -> None:
    (tmp_path / "koers.yaml").write_text("name: Shop\nfocus: {max_kpis: many}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "koers.yaml"), "--lang", "en"])
    assert result.exit_code == 2
    assert "focus.max_kpis" in result.stderr


def test_check_strict_fails_when_a_letter_fails() -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 1


def test_demo_builds_the_bathroom_shop_with_data_and_shows_it(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--dir", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for text in ("Online badkamerwinkel", "See", "Think", "Do", "Care", "4,826", "1,882", "715", "300"):
        assert text in result.stdout
    assert (folder / "koers.yaml").exists()
    assert (folder / "data" / "warehouse.duckdb").exists()
    imports = runner.invoke(app, ["imports", "--workspace", str(folder), "--json"])
    assert len(json.loads(imports.stdout)) >= 8  # one undoable import per source


def test_demo_json_holds_workspace_check_status_and_plan(tmp_path: Path) -> None:
    data = _json("demo", "--dir", str(tmp_path / "demo"))
    assert isinstance(data, dict)
    assert data["workspace"]["id"] == "badkamerwinkel"
    phases = {kpi["phase"] for goal in data["workspace"]["goals"] for kpi in goal["kpis"]}
    assert phases == {"see", "think", "do", "care"}
    assert [stage["required"] for stage in data["plans"][0]["stages"]] == [4826, 1882, 715, 300, 100]
    assert all(actual["value"] is not None for actual in data["status"])
    measurable = {kpi["kpi"]: kpi["letters"][1]["verdict"] for kpi in data["check"]["kpis"]}
    assert set(measurable.values()) == {"pass"}
    again = _json("demo", "--dir", str(tmp_path / "demo"))
    assert isinstance(again, dict)
    assert (data["built"], again["built"]) == (True, False)
