"""Where each KPI stands at an as-of date: its actual, pace, forecast, probability, status and
when to review it next.

The status follows these rules, in this order (the first that applies decides):

1. **not started**: the period begins after the as-of date;
2. **no data**: the KPI has no period, or no value to judge (no data for its metric yet);
3. **achieved** / **missed**: decided. The period is over and the value meets the target or not
   (exactly on target meets it); or it can no longer turn: a running total that already reached
   an "at least" target is achieved early, one that passed an "at most" target is missed early,
   and an "every sub-period" KPI with a complete sub-period below target is missed;
4. with a forecast, by the probability *p* of meeting the target at the end of the period:
   **on track** when *p* ≥ 0.7; **at risk** when 0.3 ≤ *p* < 0.7, except that a KPI at or ahead
   of its pace with *p* ≥ 0.5 counts as on track (pace breaks the tie while the odds are even
   or better); **off track** when *p* < 0.3;
5. without a forecast (too little history to fit one): **on track** when the actual is at or
   ahead of its pace, **at risk** when it is behind or when there is no pace to hold it against
   either. Without a forecast Koers does not call a KPI off track: one number so far is too
   little evidence for that.

The review cadence follows the period (seed 000: a quarterly KPI is reviewed monthly): periods of
60 days or more are reviewed monthly, from 14 days weekly, shorter ones daily. The next review is
the first day of the next month, week (Monday) or day after the as-of date; when that falls after
the period, it is the day after the period's last day (the final review); none once that passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from koers.domain.kpi import Aggregation, Kpi, SubperiodRule
from koers.domain.metric import Catalog, MetricKind, Unit
from koers.domain.period import Grain, Period, add, floor_to
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Money, Msg, Percent, Seconds, msg
from koers.metrics.actuals import KpiActual, kpi_actual
from koers.metrics.engine import MetricEngine
from koers.monitor.forecast import DailySeries, Forecast, forecast_kpi, load_daily_series
from koers.monitor.pace import Pace, PaceBasis, complete_points, kpi_pace
from koers.monitor.status import Status

ON_TRACK = 0.7
"""From this probability of meeting the target on, a KPI is on track."""
OFF_TRACK = 0.3
"""Below this probability a KPI is off track."""
EVEN = 0.5
"""In between, a KPI at or ahead of its pace is on track from this probability on."""


# --- review cadence ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Review:
    """How often a KPI is reviewed, and the next review date (``None`` once the last is past)."""

    cadence: Grain
    next: date | None

    def to_dict(self) -> dict[str, Any]:
        return {"cadence": self.cadence.value, "next": self.next.isoformat() if self.next else None}


def review_cadence(period: Period) -> Grain:
    """Monthly for a quarter or longer (seed 000), weekly for a month, daily for a week."""
    if period.days >= 60:
        return Grain.MONTH
    if period.days >= 14:
        return Grain.WEEK
    return Grain.DAY


def next_review(period: Period, as_of: date) -> date | None:
    """The next review after ``as_of``: the start of the next month, week or day, or the day after
    the period for its final review; ``None`` when that too is past."""
    cadence = review_cadence(period)
    if as_of >= period.end:
        return None
    day = max(as_of, period.start)
    following = add(floor_to(day, cadence), cadence)
    return min(following, period.end)


# --- the evaluation ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiEvaluation:
    """A KPI judged at ``as_of``: what it is, what it should be by now, where it is heading, how
    sure that is, the status that follows and why, and when to look again."""

    kpi_id: str
    name: str
    as_of: date
    actual: KpiActual
    pace: Pace
    forecast: Forecast | None
    status: Status
    reason: Msg
    review: Review | None
    target: Decimal
    target_upper: Decimal | None = None
    unit: Unit = Unit.COUNT

    @property
    def value(self) -> Decimal | None:
        return self.actual.value

    @property
    def expected(self) -> Decimal | None:
        return self.pace.expected

    @property
    def probability(self) -> float | None:
        return self.forecast.probability if self.forecast else None

    @property
    def cadence(self) -> Grain | None:
        """How often the KPI is reviewed (monthly for a quarter, seed 000)."""
        return self.review.cadence if self.review else None

    @property
    def next_review(self) -> date | None:
        return self.review.next if self.review else None

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        """The evaluation for scripts: the actual's fields, then the monitoring's."""
        return {
            **self.actual.to_dict(lang),
            "name": self.name,
            "status": self.status.value,
            "status_label": self.status.label.render(lang),
            "reason": self.reason.render(lang),
            "target": _number(self.target),
            "target_upper": _number(self.target_upper),
            "unit": self.unit.value,
            "expected": _number(self.pace.expected),
            "pace": self.pace.to_dict(),
            "forecast": (
                {key: value for key, value in self.forecast.to_dict(lang).items() if key != "probability"}
                if self.forecast
                else None
            ),
            "probability": None if self.probability is None else round(self.probability, 3),
            "review_cadence": self.review.cadence.value if self.review else None,
            "next_review": self.next_review.isoformat() if self.next_review else None,
        }


def evaluate_kpi(
    kpi: Kpi, engine: MetricEngine, as_of: date, *, catalog: Catalog | None = None, currency: str = "EUR"
) -> KpiEvaluation:
    """The KPI's actual, pace, forecast and status at ``as_of`` (facts known by the end of that
    day), read through ``engine``."""
    metrics = catalog or engine.catalog
    actual = kpi_actual(kpi, engine, as_of)
    series: DailySeries | None = None
    judged = kpi.period is not None and not actual.ended and (actual.value is not None or not actual.started)
    if judged and kpi.metric in metrics:
        series = load_daily_series(kpi, engine, as_of)
    metric = metrics.get(kpi.metric)
    accumulates = metric is not None and metric.kind is MetricKind.BASE
    pace = kpi_pace(kpi, actual, accumulates=accumulates, series=series)
    forecast = forecast_kpi(kpi, actual, series) if judged or actual.ended else None
    unit = kpi.unit or (metric.unit if metric is not None else Unit.COUNT)
    not_daily = judged and series is None
    status, reason = judge(kpi, actual, pace, forecast, unit=unit, currency=currency, not_daily=not_daily)
    return KpiEvaluation(
        kpi.id,
        kpi.name,
        as_of,
        actual,
        pace,
        forecast,
        status,
        reason,
        Review(review_cadence(kpi.period), next_review(kpi.period, as_of)) if kpi.period else None,
        kpi.target,
        kpi.target_upper,
        unit,
    )


def evaluate_workspace(workspace: Workspace, engine: MetricEngine, as_of: date) -> list[KpiEvaluation]:
    """Every KPI of ``workspace`` evaluated at ``as_of``, in the workspace's order."""
    return [
        evaluate_kpi(kpi, engine, as_of, catalog=workspace.catalog, currency=workspace.currency)
        for _, kpi in workspace.all_kpis()
    ]


# --- the rules -----------------------------------------------------------------------------------------


def judge(
    kpi: Kpi,
    actual: KpiActual,
    pace: Pace,
    forecast: Forecast | None,
    *,
    unit: Unit = Unit.COUNT,
    currency: str = "EUR",
    not_daily: bool = False,
) -> tuple[Status, Msg]:
    """The status and the reason for it, by the rules in this module's docstring; ``not_daily``
    says that a missing forecast is for want of day-by-day data rather than of history."""

    def shown(value: Decimal | None) -> Any:
        return _shown(value, unit, currency)

    if kpi.period is None:
        return Status.NO_DATA, msg("status.reason.no_period")
    if not actual.started:
        return Status.NOT_STARTED, msg("status.reason.not_started", start=kpi.period.start)
    if actual.value is None:
        return Status.NO_DATA, msg("status.reason.no_data")
    value, target = shown(actual.value), shown(kpi.target)
    decided = actual.meets
    if not actual.ended and kpi.aggregation not in (Aggregation.TOTAL, Aggregation.CUMULATIVE):
        decided = None  # only a running total can be decided before its period ends
    if decided is not None:
        if actual.ended:
            key = "status.reason.achieved" if decided else "status.reason.missed"
        else:
            key = "status.reason.achieved_early" if decided else "status.reason.missed_early"
        return (Status.ACHIEVED if decided else Status.MISSED), msg(key, value=value, target=target)
    missed = _missed_subperiod(kpi, actual)
    if missed is not None:
        return Status.MISSED, msg(
            "status.reason.missed_subperiod", start=missed[0].start, last_day=missed[0].last_day,
            value=shown(missed[1]), target=target,
        )  # fmt: skip
    expected = shown(pace.expected) if pace.expected is not None else None
    if forecast is not None and forecast.probability is not None:
        p = forecast.probability
        if p >= ON_TRACK or (p >= EVEN and pace.ahead is True):
            status = Status.ON_TRACK
        elif p >= OFF_TRACK:
            status = Status.AT_RISK
        else:
            status = Status.OFF_TRACK
        params: Mapping[str, Any] = {
            "probability": Percent(Decimal(repr(p)), 0),
            "forecast": shown(forecast.value),
            "low": shown(forecast.low),
            "high": shown(forecast.high),
            "target": target,
            "value": value,
        }
        if expected is None or pace.basis is PaceBasis.LEVEL:
            return status, msg("status.reason.forecast", **params)
        key = "status.reason.forecast_ahead" if pace.ahead else "status.reason.forecast_behind"
        return status, msg(key, expected=expected, **params)
    why = msg("status.reason.not_daily" if not_daily else "status.reason.short_history")
    if pace.ahead is None or expected is None:
        return Status.AT_RISK, msg("status.reason.unknown", why=why, value=value, target=target)
    if pace.ahead:
        return Status.ON_TRACK, msg("status.reason.pace_ahead", why=why, value=value, expected=expected)
    return Status.AT_RISK, msg("status.reason.pace_behind", why=why, value=value, expected=expected)


def _missed_subperiod(kpi: Kpi, actual: KpiActual) -> tuple[Period, Decimal] | None:
    """For an "every sub-period" KPI: the first complete sub-period that missed the target."""
    if kpi.aggregation is not Aggregation.EACH_SUBPERIOD or kpi.subperiod_rule is not SubperiodRule.EVERY:
        return None
    for point in complete_points(kpi, actual):
        if point.value is not None and not kpi.meets(point.value):
            return point.period, point.value
    return None


def _shown(value: Decimal | None, unit: Unit, currency: str) -> Any:
    """A value as a message parameter that formats in its unit, rounded for reading."""
    if value is None:
        return "—"
    match unit:
        case Unit.PERCENT:
            return Percent(value)
        case Unit.MONEY:
            return Money(value.quantize(Decimal("0.01")), currency)
        case Unit.SECONDS:
            return Seconds(value)
    rounded = value.quantize(Decimal(1)) if abs(value) >= 10 else value.quantize(Decimal("0.01"))
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


__all__ = [
    "KpiEvaluation",
    "Review",
    "evaluate_kpi",
    "evaluate_workspace",
    "judge",
    "next_review",
    "review_cadence",
]
