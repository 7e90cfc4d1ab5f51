"""The forecast: simulated from the daily history, shaped by last year, computed like the KPI."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from koers.domain.kpi import Kpi, SubperiodRule
from koers.domain.period import Period
from koers.metrics.actuals import KpiActual
from koers.monitor.backtest import daily_actual
from koers.monitor.forecast import DailySeries, Forecast, forecast_kpi, meets_target, simulate_volume

START = date(2024, 1, 1)
WEEKDAY = np.array([1.12, 1.06, 1.0, 0.97, 0.82, 0.8, 1.18])  # Monday first
Q2 = Period.quarter(2025, 2)


def _poisson(level: float, days: int, seed: int = 1, season: np.ndarray | None = None) -> DailySeries:
    rng = np.random.default_rng(seed)
    shape = WEEKDAY[(np.arange(days) + START.weekday()) % 7] * (season if season is not None else 1.0)
    return DailySeries(START, rng.poisson(level * shape).astype(np.float64))


def _kpi(**fields: object) -> Kpi:
    return Kpi.model_validate(
        {"id": "k", "name": "K", "metric": "sessions", "target": 2700, "period": Q2, **fields}
    )


def _forecast(kpi: Kpi, series: DailySeries, as_of: date) -> Forecast:
    cut = series.until(as_of)
    forecast = forecast_kpi(kpi, daily_actual(kpi, cut, as_of), cut)
    assert forecast is not None
    return forecast


def test_a_total_is_the_value_so_far_plus_the_simulated_rest_of_the_period() -> None:
    series = _poisson(30, 600)  # about 30 a day: 2,730 in a quarter of 91 days
    forecast = _forecast(_kpi(), series, date(2025, 5, 15))
    outcome = float(series.values[series.index(Q2.start) : series.index(Q2.end)].sum())
    assert forecast.low < forecast.value < forecast.high
    assert forecast.low <= outcome <= forecast.high
    assert float(forecast.value) == pytest.approx(2711, rel=0.05)  # 30 × the mean weekday × 91 days
    assert forecast.seasonal is True  # a year and a half of history: last year's season is used
    at_the_forecast = _forecast(_kpi(target=forecast.value), series, date(2025, 5, 15))
    assert 0.4 < (at_the_forecast.probability or 0) < 0.6  # a target at the median: even odds


def test_the_probability_falls_as_the_target_rises() -> None:
    series = _poisson(30, 600)
    chances = [
        _forecast(_kpi(target=target), series, date(2025, 5, 15)).probability or 0
        for target in (2600, 2770, 2950)
    ]
    assert chances[0] > 0.9 > chances[1] > 0.1 > chances[2]


def test_the_interval_narrows_as_the_period_runs_out() -> None:
    series = _poisson(30, 600)
    widths = [float(_forecast(_kpi(), series, day).high - _forecast(_kpi(), series, day).low)
              for day in (date(2025, 4, 5), date(2025, 5, 15), date(2025, 6, 25))]  # fmt: skip
    assert widths[0] > widths[1] > widths[2] > 0


def test_the_same_kpi_on_the_same_day_gives_the_same_forecast() -> None:
    series = _poisson(30, 600)
    assert _forecast(_kpi(), series, date(2025, 5, 15)) == _forecast(_kpi(), series, date(2025, 5, 15))


def test_last_years_season_shapes_the_rest_of_the_period() -> None:
    # a shop whose June is twice as busy as its April and May, both years
    days = 600
    dates = [START + timedelta(days=i) for i in range(days)]
    season = np.array([2.0 if day.month == 6 else 1.0 for day in dates])
    series = _poisson(30, days, season=season)
    seasonal = _forecast(_kpi(), series, date(2025, 5, 15))
    young = DailySeries(date(2025, 1, 1), series.values[series.index(date(2025, 1, 1)) :])
    flat = _forecast(_kpi(), young, date(2025, 5, 15))  # under a year of history: no season
    outcome = float(series.values[series.index(Q2.start) : series.index(Q2.end)].sum())
    assert (seasonal.seasonal, flat.seasonal) == (True, False)
    assert seasonal.low <= outcome <= seasonal.high
    assert float(flat.high) < outcome  # a straight line misses the busy June


def test_too_little_history_gives_no_forecast() -> None:
    series = DailySeries(date(2025, 4, 1), np.full(20, 30.0))
    kpi = _kpi()
    assert forecast_kpi(kpi, daily_actual(kpi, series, date(2025, 4, 20)), series) is None


def test_an_ended_period_forecasts_its_actual_with_a_decided_probability() -> None:
    kpi = _kpi()
    ended = KpiActual("k", date(2025, 7, 1), Decimal(2700), (), True, True, False, meets=True)
    assert forecast_kpi(kpi, ended, None) == Forecast(Decimal(2700), Decimal(2700), Decimal(2700), 1.0)
    missed = KpiActual("k", date(2025, 7, 1), Decimal(2699), (), True, True, False, meets=False)
    forecast = forecast_kpi(kpi, missed, None)
    assert forecast is not None
    assert forecast.probability == 0.0


def test_a_ratio_is_forecast_as_numerator_over_denominator() -> None:
    sessions = _poisson(200, 600)
    rng = np.random.default_rng(3)
    engaged = rng.binomial(sessions.values.astype(np.int64), 0.6).astype(np.float64)
    series = DailySeries(START, engaged, sessions.values)
    kpi = _kpi(metric="engagement_rate", target="0.61", aggregation="ratio")
    forecast = _forecast(kpi, series, date(2025, 5, 1))
    assert float(forecast.value) == pytest.approx(0.6, abs=0.01)
    assert forecast.low < Decimal("0.6") < forecast.high
    assert (forecast.probability or 0) < 0.2


def test_each_sub_period_takes_the_worst_month_and_last_sub_period_the_final_month() -> None:
    series = _poisson(30, 600)
    every = _kpi(target=800, aggregation="each_subperiod", subperiod="month")
    worst = _forecast(every, series, date(2025, 4, 10))
    mean = _forecast(
        every.model_copy(update={"subperiod_rule": SubperiodRule.MEAN}), series, date(2025, 4, 10)
    )
    last = _forecast(
        _kpi(target=900, aggregation="last_subperiod", subperiod="month"), series, date(2025, 4, 10)
    )
    assert worst.value < mean.value  # the worst of three months is below their mean
    assert float(mean.value) == pytest.approx(910, rel=0.06)
    assert float(last.value) == pytest.approx(900, rel=0.06)  # June alone: 30 days of about 30


def test_a_not_started_period_is_forecast_whole() -> None:
    series = _poisson(30, 450)  # up to 25 March 2025
    kpi = _kpi()
    as_of = START + timedelta(days=449)
    actual = KpiActual("k", as_of, None, (), False, False)
    forecast = forecast_kpi(kpi, actual, series)
    assert forecast is not None
    assert float(forecast.value) == pytest.approx(2730, rel=0.08)


def test_meets_target_follows_the_comparator_with_bounds_included() -> None:
    values = np.array([99.0, 100.0, 101.0])
    assert meets_target(_kpi(target=100), values).tolist() == [False, True, True]
    assert meets_target(_kpi(target=100, comparator="at_most"), values).tolist() == [True, True, False]
    between = _kpi(target=99, target_upper=100, comparator="between")
    assert meets_target(between, values).tolist() == [True, True, False]


def test_the_80_percent_interval_holds_about_80_percent_of_outcomes() -> None:
    hits = []
    for seed in range(60):
        series = _poisson(25, 300, seed=seed)
        last_known = START + timedelta(days=250)
        simulated = simulate_volume(series.values, START, last_known, 28, np.random.default_rng(seed), 1000)
        assert simulated is not None
        low, high = np.quantile(simulated[0].sum(axis=1), [0.1, 0.9])
        outcome = series.values[251:279].sum()
        hits.append(low <= outcome <= high)
    assert 0.65 <= np.mean(hits) <= 0.95
