"""The KPI chart: one Vega-Lite specification for the web page and the report."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from koers.charts import chart_svg, kpi_chart
from koers.domain.workspace import Workspace
from koers.metrics.engine import MetricEngine
from koers.monitor.evaluate import evaluate_kpi
from koers.monitor.forecast import load_daily_series

AS_OF = date(2023, 3, 19)


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        spec["data"]["values"] if "data" in spec else spec["layer"][0]["data"]["values"]
    )
    return rows


def _spec(workspace: Workspace, engine: MetricEngine, kpi_id: str, lang: str, daily: bool) -> dict[str, Any]:
    kpi = workspace.kpi(kpi_id)
    evaluation = evaluate_kpi(kpi, engine, AS_OF, catalog=workspace.catalog)
    series = load_daily_series(kpi, engine, AS_OF) if daily else None
    return kpi_chart(evaluation, kpi, lang=lang, daily=series, currency=workspace.currency)


def test_a_total_shows_its_running_actual_target_pace_and_forecast_band(
    demo_workspace: Workspace, engine: MetricEngine
) -> None:
    spec = _spec(demo_workspace, engine, "whitepaper-downloads", "nl", daily=True)
    json.dumps(spec)  # JSON-able as it is, data inlined
    rows = _rows(spec)
    kinds = {row["kind"] for row in rows}
    assert kinds == {"actual", "target", "pace", "forecast", "interval"}
    actual = [row for row in rows if row["kind"] == "actual"]
    assert actual[-1]["date"] == AS_OF.isoformat()
    values = [row["value"] for row in actual]
    assert values == sorted(values)  # a running total never goes down
    assert {row["value"] for row in rows if row["kind"] == "target"} == {500}
    band = [row for row in rows if row["kind"] == "interval"][-1]
    assert band["date"] == "2023-03-31"
    assert band["low"] <= band["value"] <= band["high"]
    assert {row["series"] for row in rows} >= {"Realisatie", "Doel", "Schema", "Voorspelling", "80%-interval"}
    assert spec["config"]["locale"]["number"]["thousands"] == "."


def test_without_the_daily_series_the_lines_go_by_month_and_english_labels_read_english(
    demo_workspace: Workspace, engine: MetricEngine
) -> None:
    spec = _spec(demo_workspace, engine, "whitepaper-downloads", "en", daily=False)
    actual = [row for row in _rows(spec) if row["kind"] == "actual"]
    assert [row["date"] for row in actual] == ["2023-01-01", "2023-01-31", "2023-02-28", "2023-03-19"]
    assert "Actual" in {row["series"] for row in _rows(spec)}
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "Mar"


def test_a_ratio_shows_its_months_and_the_value_so_far_not_a_line_through_daily_ratios(
    demo_workspace: Workspace, engine: MetricEngine
) -> None:
    spec = _spec(demo_workspace, engine, "time-on-site", "nl", daily=True)
    rows = _rows(spec)
    assert [row["date"] for row in rows if row["kind"] == "actual"] == [AS_OF.isoformat()]
    assert len([row for row in rows if row["kind"] == "subperiod"]) == 3
    assert "pace" not in {row["kind"] for row in rows}  # a ratio's pace is its target


def test_the_chart_renders_to_svg_with_dutch_months(demo_workspace: Workspace, engine: MetricEngine) -> None:
    svg = chart_svg(_spec(demo_workspace, engine, "nieuwe-bezoekers", "nl", daily=True))
    assert svg.startswith("<svg")
    assert "mrt" in svg
    assert "Realisatie" in svg
