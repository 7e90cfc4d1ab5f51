"""KPI actuals: a KPI's value so far, in its own aggregation form, and its sub-period series.

For a KPI and an as-of date (facts known by the end of that day):

- ``total``: the metric over the period up to the as-of date;
- ``ratio``: the ratio or average over that stretch, from its totals;
- ``last_subperiod``: the value of the latest sub-period begun (the last one, once the period is
  over); ``partial`` says when that sub-period is not complete yet;
- ``each_subperiod``: with rule ``every``, the worst complete sub-period (so the KPI meets its
  target exactly when every sub-period does); with rule ``mean``, the mean of the complete ones;
- ``cumulative``: the running total reached by the as-of date.

The series holds each sub-period's own value (running totals for cumulative KPIs), so that a
chart and the monitoring can follow the KPI through its period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.period import Grain, Period, add, floor_to
from koers.errors import KoersError
from koers.i18n import Lang, Msg, msg
from koers.metrics.engine import MetricEngine, MetricRequest, MetricResult, Query


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One sub-period of a KPI: its value, and whether it was complete by the as-of date."""

    period: Period
    value: Decimal | None
    complete: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "value": _number(self.value),
            "complete": self.complete,
        }


@dataclass(frozen=True, slots=True)
class KpiActual:
    """Where a KPI stands at ``as_of``."""

    kpi_id: str
    as_of: date
    value: Decimal | None
    series: tuple[SeriesPoint, ...]
    started: bool
    ended: bool
    partial: bool = False
    """The value is of a sub-period (or period) not complete by ``as_of``."""
    notes: tuple[Msg, ...] = ()
    queries: tuple[Query, ...] = field(default_factory=tuple)
    meets: bool | None = None
    attainment: Decimal | None = None

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "kpi": self.kpi_id,
            "as_of": self.as_of.isoformat(),
            "value": _number(self.value),
            "meets_target": self.meets,
            "attainment": _number(self.attainment),
            "started": self.started,
            "ended": self.ended,
            "partial": self.partial,
            "series": [point.to_dict() for point in self.series],
            "notes": [note.render(lang) for note in self.notes],
        }


def kpi_actual(kpi: Kpi, engine: MetricEngine, as_of: date) -> KpiActual:
    """The KPI's actual value at ``as_of`` in its aggregation form, with its sub-period series."""
    if kpi.period is None:
        return KpiActual(kpi.id, as_of, None, (), False, False, notes=(msg("actual.no_period"),))
    period = kpi.period
    started, ended = as_of >= period.start, as_of >= period.last_day
    if not started:
        return KpiActual(
            kpi.id, as_of, None, (), False, False, notes=(msg("engine.not_started", start=period.start),)
        )
    grain = kpi.subperiod or _default_grain(period)
    where = tuple(sorted(kpi.segment.items()))
    series_result = engine.query(MetricRequest(kpi.metric, period, grain, where=where, as_of=as_of))
    series = _series(series_result, as_of)
    notes = list(series_result.notes)
    queries = list(series_result.queries)
    partial = False
    value: Decimal | None

    match kpi.aggregation:
        case Aggregation.TOTAL | Aggregation.RATIO | Aggregation.CUMULATIVE:
            whole = engine.query(MetricRequest(kpi.metric, period, None, where=where, as_of=as_of))
            value = whole.value
            notes += [note for note in whole.notes if note not in notes]
            queries += whole.queries
            partial = not ended
            if kpi.aggregation is Aggregation.CUMULATIVE and series_result.metric.is_additive:
                series = _running(series)
        case Aggregation.LAST_SUBPERIOD:
            begun = [point for point in series if point.period.start <= as_of]
            value = begun[-1].value if begun else None
            partial = bool(begun) and not begun[-1].complete
        case Aggregation.EACH_SUBPERIOD:
            complete = [point.value for point in series if point.complete]
            known = [point for point in complete if point is not None]
            if not complete:
                value, partial = (series[0].value if series else None), True
            elif len(known) < len(complete):
                value = None
                notes.append(msg("actual.gap"))
            elif kpi.subperiod_rule is SubperiodRule.MEAN:
                value = sum(known, Decimal(0)) / len(known)
            else:
                value = _worst(known, kpi)
    meets = _decided(kpi, value, partial, series_result.metric.is_additive)
    return KpiActual(
        kpi.id,
        as_of,
        value,
        tuple(series),
        started,
        ended,
        partial,
        tuple(notes),
        tuple(queries),
        meets,
        kpi.attainment(value) if value is not None else None,
    )


def metric_history(
    kpi: Kpi, engine: MetricEngine, *, before: date, months: int = 24
) -> list[tuple[date, Decimal]]:
    """The KPI's metric per month (with its segment) for the months before ``before``: the series
    the SMART check's Realistic letter compares the target with. Unknown months are left out."""
    end = floor_to(before, Grain.MONTH)
    period = Period.of(add(end, Grain.MONTH, -months), end)
    result = engine.query(
        MetricRequest(kpi.metric, period, Grain.MONTH, where=tuple(sorted(kpi.segment.items())))
    )
    return [(row.period.start, row.value) for row in result.rows if row.value is not None]


def smart_inputs(
    engine: MetricEngine, kpis: Iterable[Kpi], day: date
) -> tuple[Callable[[Kpi], list[tuple[date, Decimal]] | None] | None, set[str] | None]:
    """What the SMART check reads from the warehouse: the metrics that have data (Measurable), and
    a function giving each KPI's metric per month before its period (Realistic). Both ``None``
    while no source is imported, so those letters stay unknown rather than fail."""
    if not engine.warehouse.imports(include_undone=False):
        return None, None
    measurable = {kpi.metric for kpi in kpis if kpi.metric in engine.catalog and engine.available(kpi.metric)}

    def history(kpi: Kpi) -> list[tuple[date, Decimal]] | None:
        if kpi.metric not in measurable:
            return None
        try:
            return metric_history(kpi, engine, before=kpi.period.start if kpi.period else day)
        except KoersError:  # a segment the source cannot filter on: no history, R stays unknown
            return None

    return history, measurable


def _decided(kpi: Kpi, value: Decimal | None, partial: bool, additive: bool) -> bool | None:
    """Whether the KPI meets its target, as far as that is decided: a running total that already
    reached an "at least" target (or passed an "at most" one) is decided; anything else waits for
    the period to end (how it is heading is the monitoring's question, not this one's)."""
    if value is None:
        return None
    if not partial:
        return kpi.meets(value)
    running_total = additive and kpi.aggregation in (Aggregation.TOTAL, Aggregation.CUMULATIVE)
    if running_total and kpi.comparator is Comparator.AT_LEAST and kpi.meets(value):
        return True
    if running_total and kpi.comparator is Comparator.AT_MOST and not kpi.meets(value):
        return False
    return None


def _series(result: MetricResult, as_of: date) -> list[SeriesPoint]:
    """The rows as points; a sub-period is complete when all of it (not the part up to the as-of
    date) lies on or before the as-of date."""
    grain = result.request.grain
    whole = {piece.start: piece for piece in result.request.period.subperiods(grain)} if grain else {}
    return [
        SeriesPoint(row.period, row.value, whole.get(row.period.start, row.period).last_day <= as_of)
        for row in result.rows
    ]


def _running(series: Sequence[SeriesPoint]) -> list[SeriesPoint]:
    total: Decimal | None = Decimal(0)
    points = []
    for point in series:
        total = None if total is None or point.value is None else total + point.value
        points.append(SeriesPoint(point.period, total, point.complete))
    return points


def _worst(values: Sequence[Decimal], kpi: Kpi) -> Decimal:
    """The sub-period value furthest from meeting the target."""
    if kpi.comparator is Comparator.AT_MOST:
        return max(values)
    if kpi.comparator is Comparator.AT_LEAST:
        return min(values)
    return min(values, key=lambda value: kpi.attainment(value) or Decimal(0))


def _default_grain(period: Period) -> Grain:
    """The sub-period a chart shows when the KPI names none: months, or days for a short period."""
    return Grain.MONTH if period.days > 62 else (Grain.WEEK if period.days > 14 else Grain.DAY)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
