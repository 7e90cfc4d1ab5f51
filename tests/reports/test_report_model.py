"""The report model of the demo shop's February 2023, against a golden file.

Run with ``KOERS_UPDATE_GOLDEN=1`` to rewrite the golden files after an intended change.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from koers.domain.steering import Action, Experiment, Variant
from koers.reports import ReportInputs, build_report
from koers.reports.gather import experiments_in

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_demo_report_matches_its_golden_file(february: ReportInputs, lang: str) -> None:
    report = build_report(february, lang, with_charts=False)
    found = json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
    golden = GOLDEN / f"demo-2023-02-{lang}.json"
    if os.environ.get("KOERS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(found, encoding="utf-8")
    assert found == golden.read_text(encoding="utf-8")


def test_attention_comes_first_and_dutch_formats_read_dutch(february: ReportInputs) -> None:
    report = build_report(february, "nl", with_charts=False)
    statuses = [detail.line.status for detail in report.kpis]
    needs = [detail.needs_attention for detail in report.kpis]
    assert needs == sorted(needs, reverse=True)  # every KPI that needs attention before the others
    assert statuses[0] == "off_track"
    assert report.title == "Maandrapportage februari 2023"
    assert report.subtitle.endswith("28 februari 2023")
    values = {line.kpi_id: line.value for group in report.phases for line in group.kpis}
    assert values["nieuwe-bezoekers"] == "1.451"
    off = next(detail for detail in report.kpis if detail.line.status == "off_track")
    assert off.diagnosis
    assert off.suggestions
    on = next(detail for detail in report.kpis if detail.line.status == "on_track")
    assert on.diagnosis is None


def test_changes_since_last_month_name_the_kpi_and_both_statuses(february: ReportInputs) -> None:
    report = build_report(february, "en", with_charts=False)
    assert "Contact forms filled in" not in report.changes  # names are the workspace's own
    assert any("→" in change for change in report.changes)


def test_logged_actions_and_tests_that_ran_in_the_month_are_in_the_report(february: ReportInputs) -> None:
    kpi = next(e.kpi_id for e in february.evaluations if e.status.value == "off_track")
    workspace = february.workspace.model_copy(
        update={
            "actions": (Action(date=date(2023, 2, 14), description="Nieuwe banner op de homepage", kpi=kpi),),
            "experiments": (
                Experiment(
                    id="cta", name="Knop groen", kpi=kpi, start=date(2023, 2, 1), end=date(2023, 2, 28),
                    variants=(Variant(name="A", visitors=2000, conversions=100),
                              Variant(name="B", visitors=2000, conversions=140)),
                ),
                Experiment(
                    id="oud", name="Oude test", start=date(2022, 10, 1), end=date(2022, 10, 31),
                    variants=(Variant(name="A", visitors=10, conversions=1), Variant(name="B", visitors=10, conversions=2)),
                ),
            ),
        }
    )  # fmt: skip
    inputs = ReportInputs(
        **{
            **{name: getattr(february, name) for name in ReportInputs.__dataclass_fields__},
            "workspace": workspace,
            "experiments": experiments_in(workspace, february.month),
        }
    )
    report = build_report(inputs, "nl", with_charts=False)
    detail = next(detail for detail in report.kpis if detail.line.kpi_id == kpi)
    assert detail.actions == ("14 februari 2023: Nieuwe banner op de homepage",)
    assert [line.name for line in report.experiments] == ["Knop groen"]
    assert report.experiments[0].detail == "B 7% tegen A 5% (40%)"  # 140 of 2.000 against 100 of 2.000
