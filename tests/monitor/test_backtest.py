"""Backtests: the forecast's 80% interval holds the outcome about 80% of the time, on the demo shop
and on the Olist funnel; and the parts the backtest is made of."""

import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from koers.cli import app
from koers.demo import demo_workspace
from koers.demo.generate import generate_demo_data
from koers.domain.kpi import Kpi
from koers.domain.period import Period
from koers.domain.workspace import Workspace
from koers.metrics.actuals import kpi_actual
from koers.metrics.engine import MetricEngine
from koers.monitor.backtest import (
    _as_of_dates,
    _periods_within,
    backtest_kpi,
    backtest_workspace,
    daily_actual,
)
from koers.monitor.evaluate import evaluate_workspace
from koers.monitor.forecast import DailySeries, load_daily_series
from koers.store.warehouse import Warehouse
from olist import MQLS, MQLS_FILE, WON, WON_FILE, cli_json

TODAY = date(2026, 11, 22)
runner = CliRunner()


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Workspace, MetricEngine]]:
    workspace = demo_workspace(TODAY)
    warehouse = Warehouse(None, timezone=workspace.timezone)
    generate_demo_data(warehouse, today=TODAY)
    yield workspace, MetricEngine(warehouse, workspace.catalog)
    warehouse.close()


def test_the_80_percent_interval_holds_the_outcome_about_80_percent_of_the_time_on_the_demo(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    report = backtest_workspace(workspace, engine, TODAY)
    assert report.coverage is not None
    assert 0.75 <= report.coverage <= 0.85
    assert report.forecasts >= 200
    assert report.mape is not None
    assert report.mape < 0.2
    assert set(report.by_kpi()) == {"sea-vertoningen", "nieuwe-bezoekers", "badkamers-verkocht"}
    skipped = dict(report.skipped)
    assert "Returning users does not add up over days" in skipped["terugkerende-bezoekers"].render("en")
    assert "no complete past period" in skipped["whitepaper-downloads"].render(
        "en"
    )  # its segment: recent weeks only


def test_every_demo_kpi_is_evaluated_in_well_under_a_few_seconds(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    evaluate_workspace(workspace, engine, TODAY - np.timedelta64(1, "D").item())  # warm up the engine
    started = time.perf_counter()
    evaluations = evaluate_workspace(workspace, engine, date(2026, 11, 21))
    assert time.perf_counter() - started < 4  # about 0.1 s per KPI on a laptop; generous for CI
    assert all(item.forecast is not None for item in evaluations)
    assert [item.kpi_id for item in evaluations] == [kpi.id for _, kpi in workspace.all_kpis()]


def test_a_metric_read_from_range_reports_has_no_day_by_day_history_in_the_past(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    returning = workspace.kpi("terugkerende-bezoekers")
    past = returning.model_copy(update={"period": Period.quarter(2025, 4)})
    started = time.perf_counter()
    assert load_daily_series(past, engine, date(2025, 11, 21)) is None  # GA4's range reports: not per day
    assert time.perf_counter() - started < 2


def test_a_total_rebuilt_from_daily_values_is_the_engines_value(demo: tuple[Workspace, MetricEngine]) -> None:
    workspace, engine = demo
    kpi = workspace.kpi("nieuwe-bezoekers").model_copy(update={"period": Period.quarter(2026, 1)})
    series = load_daily_series(kpi, engine, TODAY, first_day=date(2024, 1, 1))
    assert series is not None
    for as_of in (date(2026, 1, 1), date(2026, 2, 14), date(2026, 3, 31)):
        assert daily_actual(kpi, series, as_of).value == kpi_actual(kpi, engine, as_of).value


# --- the Olist funnel ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def olist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Monthly MQLs and monthly won sellers: replayed over every month of the data."""
    folder = tmp_path_factory.mktemp("olist")
    (folder / "koers.yaml").write_text(
        "name: Olist\njourney: lead_funnel\ngoals:\n- name: Sellers\n  kpis:\n"
        "  - {id: mqls, name: Monthly MQLs, metric: mqls, target: 1000, phase: mql,\n"
        "     period: {start: 2018-03-01, end: 2018-04-01}}\n"
        "  - {id: won, name: Won sellers, metric: customers, target: 150, phase: customer,\n"
        "     period: {start: 2018-03-01, end: 2018-04-01}}\n"
        "  - {id: conversion, name: MQL to seller, metric: mql_to_customer_rate, target: 0.12, phase: mql,\n"
        "     aggregation: ratio, period: {start: 2018-01-01, end: 2018-04-01}}\n",
        encoding="utf-8",
    )
    cli_json(
        "import",
        str(MQLS_FILE),
        *MQLS,
        "--workspace",
        str(folder),
    )
    cli_json("import", str(WON_FILE), *WON, "--workspace", str(folder))
    return folder


def test_the_80_percent_interval_holds_the_outcome_about_80_percent_of_the_time_on_olist(olist: Path) -> None:
    data = cli_json("backtest", "--workspace", str(olist))
    assert 0.75 <= data["coverage"] <= 0.85
    assert data["forecasts"] >= 150
    assert {kpi["kpi"] for kpi in data["kpis"]} == {"mqls", "won"}
    assert all(kpi["forecasts"] >= 70 for kpi in data["kpis"])  # every month of each series replayed
    assert [skip["kpi"] for skip in data["skipped"]] == ["conversion"]  # a cohort rate: not rebuildable
    assert 0 < data["mape"] < 0.3


def test_koers_backtest_reports_as_text_and_can_list_every_case(olist: Path) -> None:
    result = runner.invoke(app, ["backtest", "--workspace", str(olist), "--lang", "en", "--as-of-dates", "2"])
    assert result.exit_code == 0, result.output
    assert "The 80% interval held the outcome in" in result.stdout.replace("\n", " ")
    assert "conversion: not tested" in result.stdout
    cases = cli_json("backtest", "--workspace", str(olist), "--as-of-dates", "2", "--cases")["cases"]
    assert {case["as_of"][8:] for case in cases} >= {"01", "15"}  # the first day, and halfway
    assert all(case["covered"] == (case["low"] <= case["outcome"] <= case["high"]) for case in cases)


# --- the parts -------------------------------------------------------------------------------------------


def test_past_periods_are_the_kpis_own_shape_tiled_over_the_data() -> None:
    march = Period.month(2018, 3)
    periods = _periods_within(march, date(2017, 6, 14), date(2018, 5, 31))
    assert periods[0] == Period.month(2017, 7)  # June 2017 is not whole in the data
    assert periods[-1] == Period.month(2018, 5)
    assert len(periods) == 11
    custom = Period.of(date(2025, 1, 10), date(2025, 1, 20))
    assert _periods_within(custom, date(2025, 1, 1), date(2025, 2, 7)) == [
        Period.of(date(2025, 1, 10), date(2025, 1, 20)), Period.of(date(2025, 1, 20), date(2025, 1, 30)),
    ]  # fmt: skip


def test_as_of_dates_run_from_the_first_day_to_before_the_last() -> None:
    days = _as_of_dates(Period.month(2025, 4), 10)
    assert days[0] == date(2025, 4, 1)
    assert days[-1] < date(2025, 4, 30)
    assert len(days) == 10
    assert _as_of_dates(Period.of(date(2025, 4, 1), date(2025, 4, 3)), 10) == [date(2025, 4, 1)]


def test_a_kpi_without_daily_history_is_skipped_with_its_reason(demo: tuple[Workspace, MetricEngine]) -> None:
    _, engine = demo
    rate = Kpi(
        id="r", name="R", metric="engagement_rate", target=Decimal("0.6"), period=Period.quarter(2026, 1)
    )
    found = backtest_kpi(rate, engine, TODAY)
    assert isinstance(found, list)
    assert len(found) > 0
    assert all(case.outcome > 0 for case in found)
    no_period = Kpi(id="n", name="N", metric="sessions", target=Decimal(1))
    assert not isinstance(backtest_kpi(no_period, engine, TODAY), list)


def test_daily_actual_ends_a_period_and_takes_the_worst_whole_month() -> None:
    series = DailySeries(
        date(2025, 1, 1), np.concatenate([np.full(31, 2.0), np.full(28, 1.0), np.full(31, 3.0)])
    )
    kpi = Kpi(id="m", name="M", metric="sessions", target=Decimal(40), period=Period.quarter(2025, 1),
              aggregation="each_subperiod", subperiod="month")  # fmt: skip
    assert daily_actual(kpi, series, date(2025, 3, 10)).value == 28  # February, the worst whole month
    ended = daily_actual(kpi, series, date(2025, 3, 31))
    assert (ended.ended, ended.meets) == (True, False)
