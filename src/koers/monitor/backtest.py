"""Backtests of the forecast: replay history and count how often the 80% interval held the outcome.

For every KPI whose value can be rebuilt from its metric's daily values (totals and cumulative
totals of additive metrics, ratios of two additive metrics, their last-sub-period and
each-sub-period forms), the backtest takes the periods of the same length that lie wholly in the
data (Q1, Q2... for a quarterly KPI; every month for a monthly one), and within each period
:data:`AS_OF_DATES` as-of dates spread evenly from its first day to the day before its last. At
each, it forecasts from the data known by then (:func:`koers.monitor.forecast.forecast_kpi`,
exactly as the status does) and compares with what the period turned out to be.

It reports the share of outcomes inside the 80% interval (``coverage``; about 0.8 is right, much
lower means overconfident intervals, much higher means uselessly wide ones), the mean absolute
percentage error of the forecast's median (``mape``), and how many forecasts both are based on.

KPIs left out say why: a metric counted distinct over a range (users) has no day-by-day history
to rebuild a past value so far from; a cohort rate's value keeps changing after its period (its
contacts go on converting), so it has no outcome to hold a forecast against; a segment whose data
covers only recent weeks has no complete past period. As-of dates with less history before them
than a forecast needs are left out too: the report counts forecasts made, not attempted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.metric import MetricKind, RateBasis
from koers.domain.period import Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Msg, msg
from koers.metrics.actuals import KpiActual, SeriesPoint
from koers.metrics.engine import MetricEngine
from koers.monitor.forecast import DailySeries, Forecast, forecast_kpi, load_daily_series

AS_OF_DATES = 10
"""As-of dates per past period."""
EARLIEST = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class BacktestCase:
    """One replayed forecast: the KPI, the past period, the as-of date, the forecast and what
    the period turned out to be."""

    kpi_id: str
    period: Period
    as_of: date
    forecast: Forecast
    outcome: Decimal

    @property
    def covered(self) -> bool:
        return self.forecast.low <= self.outcome <= self.forecast.high

    @property
    def error(self) -> float | None:
        """The absolute percentage error of the forecast's median; ``None`` for a zero outcome."""
        if self.outcome == 0:
            return None
        return abs(float(self.forecast.value - self.outcome) / float(self.outcome))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi_id,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "as_of": self.as_of.isoformat(),
            "forecast": _number(self.forecast.value),
            "low": _number(self.forecast.low),
            "high": _number(self.forecast.high),
            "outcome": _number(self.outcome),
            "covered": self.covered,
        }


@dataclass(frozen=True, slots=True)
class BacktestReport:
    """The replayed forecasts of a workspace, and the KPIs that could not be replayed (and why)."""

    cases: tuple[BacktestCase, ...]
    skipped: tuple[tuple[str, Msg], ...] = field(default_factory=tuple)

    @property
    def forecasts(self) -> int:
        return len(self.cases)

    @property
    def coverage(self) -> float | None:
        """The share of outcomes inside their 80% interval."""
        return _coverage(self.cases)

    @property
    def mape(self) -> float | None:
        """The mean absolute percentage error of the forecasts (outcomes of zero left out)."""
        return _mape(self.cases)

    def by_kpi(self) -> dict[str, tuple[int, float | None, float | None]]:
        """Per KPI: its number of forecasts, coverage and MAPE."""
        ids = list(dict.fromkeys(case.kpi_id for case in self.cases))
        return {
            kpi: (len(mine), _coverage(mine), _mape(mine))
            for kpi in ids
            if (mine := [case for case in self.cases if case.kpi_id == kpi])
        }

    def to_dict(self, lang: Lang | str = Lang.EN, *, cases: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "coverage": _rounded(self.coverage),
            "mape": _rounded(self.mape),
            "forecasts": self.forecasts,
            "interval": 0.8,
            "kpis": [
                {"kpi": kpi, "forecasts": count, "coverage": _rounded(coverage), "mape": _rounded(mape)}
                for kpi, (count, coverage, mape) in self.by_kpi().items()
            ],
            "skipped": [{"kpi": kpi, "reason": reason.render(lang)} for kpi, reason in self.skipped],
        }
        if cases:
            data["cases"] = [case.to_dict() for case in self.cases]
        return data


def backtest_workspace(
    workspace: Workspace, engine: MetricEngine, today: date, *, as_of_dates: int = AS_OF_DATES
) -> BacktestReport:
    """Replay the forecast of every KPI of ``workspace`` over the history known at ``today``."""
    cases: list[BacktestCase] = []
    skipped: list[tuple[str, Msg]] = []
    for _, kpi in workspace.all_kpis():
        found = backtest_kpi(kpi, engine, today, as_of_dates=as_of_dates)
        if isinstance(found, Msg):
            skipped.append((kpi.id, found))
        else:
            cases.extend(found)
    return BacktestReport(tuple(cases), tuple(skipped))


def backtest_kpi(
    kpi: Kpi, engine: MetricEngine, today: date, *, as_of_dates: int = AS_OF_DATES
) -> list[BacktestCase] | Msg:
    """The replayed forecasts of one KPI, or why it cannot be replayed."""
    if kpi.period is None:
        return msg("backtest.no_period")
    metric = engine.catalog[kpi.metric]
    if not _rebuildable(kpi, engine):
        return msg("backtest.not_additive", metric=metric.name)
    series = load_daily_series(kpi, engine, today, first_day=EARLIEST)
    if series is None:
        return msg("backtest.no_daily", metric=metric.name)
    known = series.known()
    if not known.any():
        return msg("backtest.no_period_in_data")
    first = series.start + timedelta(days=int(np.flatnonzero(known)[0]))
    last = series.start + timedelta(days=int(np.flatnonzero(known)[-1]))
    cases: list[BacktestCase] = []
    for period in _periods_within(kpi.period, first, last):
        days = np.arange(series.index(period.start), series.index(period.end))
        if not known[days].all():
            continue
        past = kpi.model_copy(update={"period": period})
        outcome = daily_actual(past, series, period.last_day).value
        if outcome is None:
            continue
        for as_of in _as_of_dates(period, as_of_dates):
            actual = daily_actual(past, series, as_of)
            forecast = forecast_kpi(past, actual, series.until(as_of))
            if forecast is not None:
                cases.append(BacktestCase(kpi.id, period, as_of, forecast, outcome))
    if not cases:
        return msg("backtest.no_period_in_data")
    return cases


def _rebuildable(kpi: Kpi, engine: MetricEngine) -> bool:
    """Whether the KPI's value so far can be rebuilt from its metric's daily values."""
    metric = engine.catalog[kpi.metric]
    if metric.kind is MetricKind.BASE:
        return metric.is_additive
    if metric.kind is MetricKind.RATIO and metric.basis is not RateBasis.COHORT:
        return all(engine.catalog[part].is_additive for part in metric.inputs)
    return False


def _periods_within(period: Period, first: date, last: date) -> list[Period]:
    """The periods like ``period`` (before and after it) that lie wholly in ``[first, last]``."""
    found: list[Period] = []
    current = period
    while current.start >= first:
        if current.last_day <= last:
            found.append(current)
        current = current.previous()
    current = _following(period)
    while current.last_day <= last:
        if current.start >= first:
            found.append(current)
        current = _following(current)
    return sorted(found, key=lambda p: p.start)


def _following(period: Period) -> Period:
    grain = period.grain
    if grain is not None:
        return period.shifted(grain, 1)
    return Period.of(period.end, period.end + timedelta(days=period.days))


def _as_of_dates(period: Period, count: int) -> list[date]:
    """``count`` days spread evenly from the period's first day to the day before its last."""
    span = period.days - 1
    steps = sorted({round(i * span / count) for i in range(count)})
    return [period.start + timedelta(days=step) for step in steps if step < span]


def daily_actual(kpi: Kpi, series: DailySeries, as_of: date) -> KpiActual:
    """The KPI's actual at ``as_of`` rebuilt from daily values (for additive metrics this is the
    value the engine computes): what the KPI said on that day."""
    assert kpi.period is not None
    period = kpi.period
    ended = as_of >= period.last_day
    grain = kpi.subperiod
    pieces = period.subperiods(grain) if grain else (period,)
    points = []
    for piece in pieces:
        if piece.start > as_of:
            break
        upto = min(piece.last_day, as_of)
        points.append(SeriesPoint(piece, _over(series, piece.start, upto), piece.last_day <= as_of))
    value: Decimal | None
    partial = not ended
    match kpi.aggregation:
        case Aggregation.TOTAL | Aggregation.RATIO | Aggregation.CUMULATIVE:
            value = _over(series, period.start, min(period.last_day, as_of))
        case Aggregation.LAST_SUBPERIOD:
            value = points[-1].value if points else None
            partial = bool(points) and not points[-1].complete
        case Aggregation.EACH_SUBPERIOD:
            complete = [point.value for point in points if point.complete and point.value is not None]
            if not complete:
                value, partial = (points[0].value if points else None), True
            elif kpi.subperiod_rule is SubperiodRule.MEAN:
                value = sum(complete, Decimal(0)) / len(complete)
            else:
                value = _worst(kpi, complete)
    meets = kpi.meets(value) if value is not None and not partial else None
    return KpiActual(kpi.id, as_of, value, tuple(points), True, ended, partial, meets=meets)


def _over(series: DailySeries, first: date, last: date) -> Decimal | None:
    a, b = series.index(first), series.index(last) + 1
    total = float(np.sum(series.values[a:b]))
    if series.weights is None:
        return Decimal(repr(total))
    bottom = float(np.sum(series.weights[a:b]))
    return Decimal(repr(total / bottom)) if bottom else None


def _worst(kpi: Kpi, values: Sequence[Decimal]) -> Decimal:
    if kpi.comparator is Comparator.AT_MOST:
        return max(values)
    if kpi.comparator is Comparator.AT_LEAST:
        return min(values)
    return min(values, key=lambda value: kpi.attainment(value) or Decimal(0))


def _coverage(cases: Sequence[BacktestCase]) -> float | None:
    return sum(case.covered for case in cases) / len(cases) if cases else None


def _mape(cases: Sequence[BacktestCase]) -> float | None:
    errors = [error for case in cases if (error := case.error) is not None]
    return sum(errors) / len(errors) if errors else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
