"""Pace: the value a KPI should have by the as-of date to be on schedule for its target.

Each aggregation form gets the pace that fits how its value grows:

- **Totals and cumulative totals** accumulate: by the as-of date a share of the target should be
  in. The share is *linear* (the share of the period's days gone by, the as-of day included) or,
  when the data holds last year's same period completely, *last year's*: the share of last
  year's same-period total that had come in by the same day (seed 002: a seasonal shop judged on
  a straight line is always "behind" in its quiet months and "ahead" in its busy ones). An "at
  most" total (a budget) has the same pace: spending faster than the pace is being behind.
- **Ratios and averages** (and totals of a ratio metric) do not accumulate: their pace is the
  target itself, and the KPI is judged on its current value; the trend (the change per
  sub-period of the values so far) says whether it is moving toward the target.
- **Last sub-period** ("20,000 visitors a month by December"): only the final sub-period counts,
  so the pace is a straight path from the starting value (the KPI's baseline, else the first
  complete sub-period) to the target in the final sub-period, read at the latest sub-period
  begun; for a volume in a sub-period still running, pro rata to its days.
- **Each sub-period** ("40 leads every month"): the target holds for every sub-period, so the
  pace is the target for the complete ones (the actual is the worst of them, or their mean) and,
  while none is complete, the target pro rata to the days of the running one.

``ahead`` says whether the actual is at or better than the pace (higher for "at least", lower
for "at most", inside the band for "between"); the status rules use it next to the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from koers.domain.kpi import Aggregation, Comparator, Kpi
from koers.domain.period import Grain, Period, add
from koers.metrics.actuals import KpiActual, SeriesPoint
from koers.monitor.forecast import DailySeries


class PaceBasis(StrEnum):
    """Where the expected value comes from."""

    LINEAR = "linear"
    LAST_YEAR = "last_year"
    LEVEL = "level"
    PATH = "path"
    SUBPERIODS = "subperiods"


@dataclass(frozen=True, slots=True)
class Pace:
    """The value expected by ``as_of``, how it was found, and how the actual compares."""

    expected: Decimal | None
    basis: PaceBasis
    share: float | None = None
    """For accumulating values: the share of the target expected by now."""
    expected_upper: Decimal | None = None
    """For a "between" target: the upper end of the expected band."""
    ahead: bool | None = None
    """Whether the actual is at or better than the pace; ``None`` when either is unknown."""
    trend: Decimal | None = None
    """The change per sub-period of the complete sub-periods' values (for ratios and last
    sub-period KPIs); ``None`` with fewer than two."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "expected": _number(self.expected),
            "expected_upper": _number(self.expected_upper),
            "basis": self.basis.value,
            "share": None if self.share is None else round(self.share, 4),
            "ahead": self.ahead,
            "trend": _number(self.trend),
        }


def kpi_pace(kpi: Kpi, actual: KpiActual, *, accumulates: bool, series: DailySeries | None = None) -> Pace:
    """The KPI's pace at ``actual.as_of``.

    ``accumulates`` says whether the KPI's metric is a volume that grows over a range (counts,
    sums, distinct counts) rather than a ratio or average; ``series``, the metric per day, lets
    last year's same period shape the pace of totals.
    """
    if kpi.period is None:
        return Pace(None, PaceBasis.LINEAR)
    period = kpi.period
    as_of = actual.as_of
    if as_of < period.start:
        return Pace(None, PaceBasis.LINEAR)
    match kpi.aggregation:
        case Aggregation.TOTAL | Aggregation.CUMULATIVE if accumulates:
            shaped = last_year_share(series, period, as_of) if series is not None else None
            share = shaped if shaped is not None else float(period.elapsed_fraction(as_of))
            basis = PaceBasis.LAST_YEAR if shaped is not None else PaceBasis.LINEAR
            return _compared(kpi, actual, basis, share)
        case Aggregation.TOTAL | Aggregation.CUMULATIVE | Aggregation.RATIO:
            return _compared(kpi, actual, PaceBasis.LEVEL, None, trend=_trend(kpi, actual))
        case Aggregation.LAST_SUBPERIOD:
            return _path_pace(kpi, actual, accumulates)
        case Aggregation.EACH_SUBPERIOD:
            complete = complete_points(kpi, actual)
            running: float | None = None
            if not complete and accumulates and actual.series:
                running = float(_whole(kpi, actual.series[0].period).elapsed_fraction(as_of))
            return _compared(kpi, actual, PaceBasis.SUBPERIODS, running)
    return Pace(None, PaceBasis.LINEAR)  # pragma: no cover (every aggregation is matched above)


def last_year_share(series: DailySeries, period: Period, as_of: date) -> float | None:
    """The share of last year's same-period total that had come in by the same day; ``None``
    unless the series holds all of last year's period with a total above zero."""
    if period.days > 366:
        return None
    before = period.shifted(Grain.YEAR, -1)
    a, b = series.index(before.start), series.index(before.end)
    if a < 0 or b > len(series.values):
        return None
    values = series.values[a:b]
    if np.isnan(values).any():
        return None
    total = float(values.sum())
    if total <= 0:
        return None
    upto = min(max(add(as_of, Grain.YEAR, -1), before.start - timedelta(days=1)), before.last_day)
    return float(values[: (upto - before.start).days + 1].sum()) / total


def is_ahead(kpi: Kpi, value: Decimal, expected: Decimal, expected_upper: Decimal | None = None) -> bool:
    """Whether ``value`` is at or better than ``expected`` for the KPI's comparator."""
    match kpi.comparator:
        case Comparator.AT_LEAST:
            return value >= expected
        case Comparator.AT_MOST:
            return value <= expected
        case Comparator.BETWEEN:
            return expected <= value <= (expected_upper if expected_upper is not None else expected)


def _compared(
    kpi: Kpi, actual: KpiActual, basis: PaceBasis, share: float | None, *, trend: Decimal | None = None
) -> Pace:
    factor = Decimal(1) if share is None else Decimal(repr(share))
    expected = kpi.target * factor
    upper = kpi.target_upper * factor if kpi.target_upper is not None else None
    ahead = None if actual.value is None else is_ahead(kpi, actual.value, expected, upper)
    return Pace(_tidy(expected), basis, share, _tidy(upper), ahead, trend)


def _path_pace(kpi: Kpi, actual: KpiActual, accumulates: bool) -> Pace:
    """A straight path from the starting value to the target in the final sub-period."""
    assert kpi.period is not None
    assert kpi.subperiod is not None
    pieces = kpi.period.subperiods(kpi.subperiod)
    begun = [point for point in actual.series if point.period.start <= actual.as_of]
    trend = _trend(kpi, actual)
    start = kpi.baseline
    done = complete_points(kpi, actual)
    if start is None and done and done[0].period == pieces[0]:
        start = done[0].value
    if start is None or not begun:
        return Pace(None, PaceBasis.PATH, trend=trend)
    index = len(begun) - 1
    steps = max(1, len(pieces) - 1)
    expected = start + (kpi.target - start) * Decimal(index) / Decimal(steps)
    upper = None
    if kpi.target_upper is not None:
        upper = start + (kpi.target_upper - start) * Decimal(index) / Decimal(steps)
    share = None
    current = begun[-1]
    if accumulates and current not in done:
        share = float(_whole(kpi, current.period).elapsed_fraction(actual.as_of))
        expected *= Decimal(repr(share))
        upper = upper * Decimal(repr(share)) if upper is not None else None
    ahead = None if actual.value is None else is_ahead(kpi, actual.value, expected, upper)
    return Pace(_tidy(expected), PaceBasis.PATH, share, _tidy(upper), ahead, trend)


def complete_points(kpi: Kpi, actual: KpiActual) -> list[SeriesPoint]:
    """The sub-periods of the actual's series that are whole and over by the as-of date (a
    sub-period cut at the as-of date is not complete, whatever its flag says)."""
    if kpi.period is None:
        return []
    grain = kpi.subperiod or (actual.series[0].period.grain if actual.series else None)
    whole = set(kpi.period.subperiods(grain)) if grain is not None else {kpi.period}
    return [
        point for point in actual.series if point.period in whole and point.period.last_day <= actual.as_of
    ]


def _whole(kpi: Kpi, piece: Period) -> Period:
    """The whole sub-period that ``piece`` (possibly cut at the as-of date) begins."""
    assert kpi.period is not None
    grain = kpi.subperiod or piece.grain
    pieces = kpi.period.subperiods(grain) if grain is not None else (kpi.period,)
    return next((whole for whole in pieces if whole.start == piece.start), piece)


def _trend(kpi: Kpi, actual: KpiActual) -> Decimal | None:
    """The least-squares slope of the complete sub-periods' values, per sub-period."""
    values = [float(point.value) for point in complete_points(kpi, actual) if point.value is not None]
    if len(values) < 2:
        return None
    slope = float(np.polyfit(np.arange(len(values)), np.array(values), 1)[0])
    return _tidy(Decimal(repr(slope)))


def _tidy(value: Decimal | None) -> Decimal | None:
    """Six significant digits: a pace is an estimate, not an amount to the cent."""
    if value is None:
        return None
    tidy = Decimal(f"{float(value):.6g}")
    return tidy.quantize(Decimal(1)) if tidy == tidy.to_integral_value() else tidy


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
