"""Pace: what a KPI should be by the as-of date, per aggregation form, at the edges."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from koers.domain.kpi import Kpi
from koers.domain.period import Period
from koers.metrics.actuals import KpiActual, SeriesPoint
from koers.monitor.forecast import DailySeries
from koers.monitor.pace import PaceBasis, complete_points, kpi_pace, last_year_share

APRIL = Period.month(2025, 4)  # 30 days
Q2 = Period.quarter(2025, 2)


def _kpi(**fields: object) -> Kpi:
    return Kpi.model_validate(
        {"id": "k", "name": "K", "metric": "sessions", "target": 300, "period": APRIL, **fields}
    )


def _actual(value: str | None, as_of: date, series: tuple[SeriesPoint, ...] = ()) -> KpiActual:
    return KpiActual("k", as_of, Decimal(value) if value is not None else None, series, True, False, True)


# --- totals ----------------------------------------------------------------------------------------


def test_a_total_is_paced_linearly_over_the_days_and_exactly_on_pace_is_ahead() -> None:
    pace = kpi_pace(_kpi(), _actual("100", date(2025, 4, 10)), accumulates=True)
    assert pace.basis is PaceBasis.LINEAR
    assert pace.share == pytest.approx(10 / 30)  # the as-of day counts as gone by
    assert pace.expected == 100
    assert pace.ahead is True
    assert kpi_pace(_kpi(), _actual("99", date(2025, 4, 10)), accumulates=True).ahead is False


def test_an_at_most_total_is_ahead_while_it_spends_slower_than_the_pace() -> None:
    budget = _kpi(comparator="at_most")
    assert kpi_pace(budget, _actual("90", date(2025, 4, 10)), accumulates=True).ahead is True
    assert kpi_pace(budget, _actual("101", date(2025, 4, 10)), accumulates=True).ahead is False


def test_a_between_total_is_ahead_inside_the_paced_band() -> None:
    band = _kpi(comparator="between", target_upper=600)
    pace = kpi_pace(band, _actual("150", date(2025, 4, 15)), accumulates=True)
    assert (pace.expected, pace.expected_upper, pace.ahead) == (150, 300, True)
    assert kpi_pace(band, _actual("301", date(2025, 4, 15)), accumulates=True).ahead is False


def test_the_pace_is_the_whole_target_on_the_last_day_and_none_before_the_start() -> None:
    assert kpi_pace(_kpi(), _actual("300", date(2025, 4, 30)), accumulates=True).expected == 300
    before = kpi_pace(_kpi(), KpiActual("k", date(2025, 3, 31), None, (), False, False), accumulates=True)
    assert (before.expected, before.ahead) == (None, None)


def _last_year_series(first_half: float, second_half: float) -> DailySeries:
    """Daily values from 1 March 2024 to 30 April 2025: last April front-loaded."""
    start = date(2024, 3, 1)
    days = (date(2025, 4, 30) - start).days + 1
    values = np.full(days, 10.0)
    april = (date(2024, 4, 1) - start).days
    values[april : april + 15] = first_half
    values[april + 15 : april + 30] = second_half
    return DailySeries(start, values)


def test_last_years_same_period_shapes_the_pace_of_a_total() -> None:
    series = _last_year_series(first_half=30, second_half=10)  # 75% came in by the 15th
    assert last_year_share(series, APRIL, date(2025, 4, 15)) == pytest.approx(0.75)
    pace = kpi_pace(_kpi(), _actual("200", date(2025, 4, 15)), accumulates=True, series=series)
    assert pace.basis is PaceBasis.LAST_YEAR
    assert pace.expected == 225
    assert pace.ahead is False  # linear would have said 150 and ahead


def test_a_gap_in_last_years_period_falls_back_to_the_linear_pace() -> None:
    series = _last_year_series(first_half=30, second_half=10)
    series.values[(date(2024, 4, 20) - series.start).days] = np.nan
    assert last_year_share(series, APRIL, date(2025, 4, 15)) is None
    pace = kpi_pace(_kpi(), _actual("200", date(2025, 4, 15)), accumulates=True, series=series)
    assert pace.basis is PaceBasis.LINEAR
    assert pace.expected == 150


def test_a_history_too_short_for_last_year_gives_no_share() -> None:
    short = DailySeries(date(2025, 1, 1), np.ones(100))
    assert last_year_share(short, APRIL, date(2025, 4, 15)) is None


# --- ratios and averages ------------------------------------------------------------------------------


def test_a_ratio_is_judged_on_its_current_value_against_the_target_with_its_trend() -> None:
    rate = _kpi(metric="engagement_rate", target="0.6", aggregation="ratio", period=Q2)
    months = (
        SeriesPoint(Period.month(2025, 4), Decimal("0.50"), True),
        SeriesPoint(Period.month(2025, 5), Decimal("0.55"), True),
        SeriesPoint(Period.of(date(2025, 6, 1), date(2025, 6, 11)), Decimal("0.70"), True),  # cut: running
    )
    pace = kpi_pace(rate, _actual("0.6", date(2025, 6, 10), months), accumulates=False)
    assert pace.basis is PaceBasis.LEVEL
    assert pace.expected == Decimal("0.6")
    assert pace.ahead is True  # exactly on target
    assert pace.trend == Decimal("0.05")  # from the two whole months only
    assert kpi_pace(rate, _actual("0.59", date(2025, 6, 10), months), accumulates=False).ahead is False


def test_a_total_of_a_ratio_metric_does_not_accumulate() -> None:
    pace = kpi_pace(
        _kpi(metric="engagement_rate", target="0.6"), _actual("0.6", date(2025, 4, 2)), accumulates=False
    )
    assert (pace.basis, pace.expected, pace.share) == (PaceBasis.LEVEL, Decimal("0.6"), None)


# --- sub-periods -----------------------------------------------------------------------------------------


def _months(*values: str, running: str | None = None, as_of: date) -> tuple[SeriesPoint, ...]:
    points = [SeriesPoint(Period.month(2025, 1 + i), Decimal(v), True) for i, v in enumerate(values)]
    if running is not None:
        month = Period.month(2025, 1 + len(values))
        points.append(SeriesPoint(Period.of(month.start, as_of + timedelta(days=1)), Decimal(running), True))
    return tuple(points)


def test_a_last_sub_period_kpi_follows_a_path_from_its_baseline_to_the_target() -> None:
    year = _kpi(
        target=2000, baseline=1000, period=Period.year(2025), aggregation="last_subperiod", subperiod="month"
    )
    as_of = date(2025, 3, 31)  # March is the third of twelve months: 2 of 11 steps along the path
    pace = kpi_pace(
        year, _actual("1200", as_of, _months("1000", "1100", "1200", as_of=as_of)), accumulates=True
    )
    assert pace.basis is PaceBasis.PATH
    assert pace.expected == Decimal("1181.82")
    assert pace.ahead is True
    assert pace.trend == 100


def test_a_running_sub_period_of_a_volume_is_paced_pro_rata() -> None:
    year = _kpi(
        target=2000, baseline=1000, period=Period.year(2025), aggregation="last_subperiod", subperiod="month"
    )
    as_of = date(2025, 4, 15)  # half of April, the fourth month: (1000 + 3/11 × 1000) × 15/30
    actual = _actual("600", as_of, _months("1000", "1100", "1200", running="600", as_of=as_of))
    pace = kpi_pace(year, actual, accumulates=True)
    assert pace.share == pytest.approx(0.5)
    assert pace.expected == Decimal("636.364")
    assert pace.ahead is False


def test_a_last_sub_period_kpi_without_baseline_or_a_whole_first_month_has_no_pace() -> None:
    year = _kpi(target=2000, period=Period.year(2025), aggregation="last_subperiod", subperiod="month")
    as_of = date(2025, 1, 20)
    pace = kpi_pace(year, _actual("700", as_of, _months(running="700", as_of=as_of)), accumulates=True)
    assert (pace.expected, pace.ahead) == (None, None)


def test_each_sub_period_is_paced_at_the_target_once_one_is_complete() -> None:
    monthly = _kpi(target=40, period=Q2, aggregation="each_subperiod", subperiod="month")
    running = _actual(
        "20",
        date(2025, 4, 15),
        (SeriesPoint(Period.of(date(2025, 4, 1), date(2025, 4, 16)), Decimal(20), True),),
    )
    early = kpi_pace(monthly, running, accumulates=True)
    assert (early.basis, early.expected, early.ahead) == (PaceBasis.SUBPERIODS, 20, True)
    done = (SeriesPoint(Period.month(2025, 4), Decimal(40), True),)
    later = kpi_pace(monthly, _actual("40", date(2025, 5, 3), done), accumulates=True)
    assert (later.expected, later.ahead) == (40, True)


def test_a_sub_period_cut_at_the_as_of_date_is_not_complete() -> None:
    monthly = _kpi(target=40, period=Q2, aggregation="each_subperiod", subperiod="month")
    as_of = date(2025, 5, 20)
    points = (
        SeriesPoint(Period.month(2025, 4), Decimal(45), True),
        SeriesPoint(Period.of(date(2025, 5, 1), date(2025, 5, 21)), Decimal(10), True),
    )
    assert [point.period for point in complete_points(monthly, _actual("10", as_of, points))] == [
        Period.month(2025, 4)
    ]
