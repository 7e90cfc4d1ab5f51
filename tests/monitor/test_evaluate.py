"""Status rules at their edges, the review cadence, and ``koers status`` on the Olist funnel."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from koers.cli import app
from koers.domain.kpi import Kpi
from koers.domain.period import Grain, Period
from koers.i18n import Lang
from koers.metrics.actuals import KpiActual, SeriesPoint
from koers.metrics.engine import MetricEngine
from koers.monitor.evaluate import evaluate_kpi, evaluate_workspace, judge, next_review, review_cadence
from koers.monitor.forecast import Forecast
from koers.monitor.pace import Pace, PaceBasis
from koers.monitor.status import Status
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import load_workspace
from olist import MQLS, MQLS_FILE, WON, WON_FILE, cli_json

Q1 = Period.quarter(2025, 1)
MID = date(2025, 2, 14)
runner = CliRunner()


def _kpi(**fields: object) -> Kpi:
    return Kpi.model_validate(
        {"id": "k", "name": "K", "metric": "sessions", "target": 1000, "period": Q1, **fields}
    )


def _actual(
    value: str | None, *, as_of: date = MID, meets: bool | None = None, series: tuple[SeriesPoint, ...] = ()
) -> KpiActual:
    ended = as_of >= Q1.last_day
    number = Decimal(value) if value is not None else None
    return KpiActual("k", as_of, number, series, as_of >= Q1.start, ended, not ended, meets=meets)


def _pace(ahead: bool | None, expected: str | None = "500") -> Pace:
    return Pace(Decimal(expected) if expected else None, PaceBasis.LINEAR, 0.5, None, ahead)


def _chance(probability: float) -> Forecast:
    return Forecast(Decimal(1000), Decimal(900), Decimal(1100), probability)


def _status(kpi: Kpi, actual: KpiActual, pace: Pace, forecast: Forecast | None) -> Status:
    return judge(kpi, actual, pace, forecast)[0]


# --- decided, not started, no data ------------------------------------------------------------------


def test_a_period_that_has_not_started_is_not_started() -> None:
    actual = KpiActual("k", date(2024, 12, 31), None, (), False, False)
    status, reason = judge(_kpi(), actual, Pace(None, PaceBasis.LINEAR), _chance(0.9))
    assert status is Status.NOT_STARTED
    assert "1 January 2025" in reason.render(Lang.EN)


def test_no_value_is_no_data_and_a_kpi_without_period_too() -> None:
    assert _status(_kpi(), _actual(None), _pace(None), None) is Status.NO_DATA
    assert _status(_kpi(period=None), _actual("5"), _pace(None), None) is Status.NO_DATA


def test_exactly_on_target_when_the_period_ends_is_achieved_and_just_below_is_missed() -> None:
    end = Q1.last_day
    status, reason = judge(_kpi(), _actual("1000", as_of=end, meets=True), _pace(True), _chance(1.0))
    assert status is Status.ACHIEVED
    assert reason.render(Lang.EN) == "target met: 1,000 against a target of 1,000"
    assert (
        _status(_kpi(), _actual("999", as_of=end, meets=False), _pace(False), _chance(0.0)) is Status.MISSED
    )


def test_an_ended_period_is_decided_whatever_the_forecast_said() -> None:
    after = date(2025, 6, 30)
    assert _status(_kpi(), _actual("1200", as_of=after, meets=True), _pace(True), None) is Status.ACHIEVED


def test_a_total_that_reached_its_target_early_is_achieved_early() -> None:
    status, reason = judge(_kpi(), _actual("1000", meets=True), _pace(True), _chance(1.0))
    assert status is Status.ACHIEVED
    assert "before the period's end" in reason.render(Lang.EN)


def test_a_budget_already_over_its_maximum_is_missed_early() -> None:
    budget = _kpi(comparator="at_most")
    assert _status(budget, _actual("1001", meets=False), _pace(False), _chance(0.0)) is Status.MISSED


def test_every_sub_period_kpi_is_missed_once_a_whole_sub_period_missed() -> None:
    monthly = _kpi(target=40, aggregation="each_subperiod", subperiod="month")
    january = SeriesPoint(Period.month(2025, 1), Decimal(39), True)
    running = SeriesPoint(Period.of(date(2025, 2, 1), date(2025, 2, 15)), Decimal(10), True)
    status, reason = judge(
        monthly, _actual("39", series=(january, running)), _pace(False, "40"), _chance(0.9)
    )
    assert status is Status.MISSED
    assert "1 January 2025 to 31 January 2025" in reason.render(Lang.EN)
    on_target = SeriesPoint(Period.month(2025, 1), Decimal(40), True)
    # exactly on target in January, and February's running count is not judged yet
    assert (
        _status(monthly, _actual("40", series=(on_target, running)), _pace(True, "40"), _chance(0.9))
        is Status.ON_TRACK
    )


def test_a_running_last_sub_period_is_not_decided_by_its_value_so_far() -> None:
    last = _kpi(aggregation="last_subperiod", subperiod="month")
    assert _status(last, _actual("1200", meets=True), _pace(True), _chance(0.4)) is Status.AT_RISK


# --- probability and pace -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probability", "ahead", "expected"),
    [
        (0.7, False, Status.ON_TRACK),  # the on-track bound is inclusive
        (0.699, False, Status.AT_RISK),
        (0.699, True, Status.ON_TRACK),  # ahead of pace breaks the tie
        (0.5, True, Status.ON_TRACK),
        (0.499, True, Status.AT_RISK),
        (0.3, False, Status.AT_RISK),  # the off-track bound is exclusive
        (0.299, True, Status.OFF_TRACK),
        (0.0, False, Status.OFF_TRACK),
    ],
)
def test_the_probability_decides_on_track_at_risk_and_off_track(
    probability: float, ahead: bool, expected: Status
) -> None:
    assert _status(_kpi(), _actual("500"), _pace(ahead), _chance(probability)) is expected


def test_without_a_forecast_the_pace_decides_and_nothing_is_called_off_track() -> None:
    assert _status(_kpi(), _actual("500"), _pace(True), None) is Status.ON_TRACK
    status, reason = judge(_kpi(), _actual("100"), _pace(False), None)
    assert status is Status.AT_RISK
    assert reason.render(Lang.EN) == "too little history for a forecast; 100 is behind the pace of 500"
    assert _status(_kpi(), _actual("100"), _pace(None, None), None) is Status.AT_RISK
    _, unreadable = judge(_kpi(), _actual("600"), _pace(True), None, not_daily=True)
    assert unreadable.render(Lang.EN).startswith("no forecast: the metric cannot be read per day here;")


def test_the_reason_gives_chance_forecast_interval_and_pace_in_dutch_and_english() -> None:
    _, reason = judge(_kpi(), _actual("520"), _pace(True), _chance(0.8))
    assert reason.render(Lang.EN) == (
        "80% chance of the target of 1,000: expected 1,000 (80%: 900 – 1,100); now 520, ahead of the pace of 500"
    )
    assert reason.render(Lang.NL).startswith(
        "80% kans op het doel van 1.000: verwacht 1.000 (80%: 900 – 1.100)"
    )


# --- review cadence ----------------------------------------------------------------------------------


def test_the_review_cadence_follows_the_period() -> None:
    assert review_cadence(Period.year(2025)) is Grain.MONTH
    assert review_cadence(Q1) is Grain.MONTH  # seed 000: a quarterly KPI is reviewed monthly
    assert review_cadence(Period.month(2025, 2)) is Grain.WEEK
    assert review_cadence(Period.containing(date(2025, 2, 12), Grain.WEEK)) is Grain.DAY


def test_the_next_review_is_the_next_cadence_boundary_then_the_final_review() -> None:
    assert next_review(Q1, date(2025, 2, 14)) == date(2025, 3, 1)
    assert next_review(Q1, date(2025, 3, 15)) == date(2025, 4, 1)  # the final review, after the period
    assert next_review(Q1, Q1.last_day) == date(2025, 4, 1)
    assert next_review(Q1, date(2025, 4, 1)) is None
    assert next_review(Q1, date(2024, 11, 3)) == date(2025, 2, 1)  # the first month's review
    assert next_review(Period.month(2025, 2), date(2025, 2, 12)) == date(2025, 2, 17)  # Monday
    assert next_review(Period.containing(date(2025, 2, 12), Grain.WEEK), date(2025, 2, 12)) == date(
        2025, 2, 13
    )


# --- on real data: the Olist funnel ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def olist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("olist")
    (folder / "koers.yaml").write_text(
        "name: Olist\njourney: lead_funnel\ngoals:\n- name: Sellers\n  kpis:\n"
        "  - {id: won, name: Won sellers, metric: customers, target: 400, phase: customer,\n"
        "     period: {start: 2018-01-01, end: 2018-07-01}}\n"
        "  - {id: mqls, name: MQLs in March, metric: mqls, target: 1174, phase: mql,\n"
        "     period: {start: 2018-03-01, end: 2018-04-01}}\n",
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


def test_status_over_a_kpis_life_on_the_olist_funnel(olist: Path) -> None:
    workspace = load_workspace(olist / "koers.yaml")
    with Warehouse.for_workspace(olist, read_only=True, timezone=workspace.timezone) as warehouse:
        engine = MetricEngine(warehouse, workspace.catalog)
        kpi = workspace.kpi("mqls")
        assert evaluate_kpi(kpi, engine, date(2018, 2, 27)).status is Status.NOT_STARTED
        running = evaluate_kpi(kpi, engine, date(2018, 3, 20))
        assert running.status in (Status.ON_TRACK, Status.AT_RISK)
        assert running.forecast is not None
        assert running.forecast.low < running.forecast.high
        assert running.review is not None
        assert running.review.cadence is Grain.WEEK
        exactly = evaluate_kpi(kpi, engine, date(2018, 3, 31))  # 1,174 MQLs in March: exactly the target
        assert (exactly.status, exactly.value) == (Status.ACHIEVED, 1174)
        missed = evaluate_kpi(kpi.model_copy(update={"target": Decimal(1175)}), engine, date(2018, 4, 2))
        assert missed.status is Status.MISSED
        assert evaluate_kpi(kpi, engine, date(2018, 3, 31)).next_review == date(2018, 4, 1)
        early = evaluate_workspace(workspace, engine, date(2018, 5, 10))[0]
        assert (early.kpi_id, early.status) == ("won", Status.ACHIEVED)  # 400 sellers won before July
        nothing = evaluate_kpi(kpi.model_copy(update={"metric": "sessions"}), engine, date(2018, 3, 20))
        assert nothing.status is Status.NO_DATA


def test_koers_status_json_holds_status_value_target_pace_forecast_probability_and_review(
    olist: Path,
) -> None:
    data = cli_json("status", "--as-of", "2018-03-20", "--workspace", str(olist))
    mqls = next(kpi for kpi in data["kpis"] if kpi["kpi"] == "mqls")
    assert mqls["status"] in ("on_track", "at_risk", "off_track")
    assert mqls["target"] == 1174
    assert mqls["value"] > 0
    assert mqls["expected"] == pytest.approx(1174 * 20 / 31, rel=0.01)
    assert set(mqls["forecast"]) >= {"value", "low", "high"}
    assert mqls["forecast"]["low"] <= mqls["forecast"]["value"] <= mqls["forecast"]["high"]
    assert 0 <= mqls["probability"] <= 1
    assert mqls["next_review"] == "2018-03-26"
    won = next(kpi for kpi in data["kpis"] if kpi["kpi"] == "won")
    assert won["status"] == "on_track"


def test_koers_status_shows_the_statuses_as_text(olist: Path) -> None:
    result = runner.invoke(
        app, ["status", "--as-of", "2018-03-31", "--workspace", str(olist), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "achieved" in result.stdout
    assert "target met: 1,174 against a target of 1,174" in result.stdout.replace("\n", " ")
