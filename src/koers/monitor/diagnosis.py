"""Diagnosis ("analyseer de oorzaak", seed 000): why a KPI is behind, in numbers a manager reads.

``diagnose(kpi, engine, as_of, workspace=...)`` answers three questions.

**How far behind?** The gap is the KPI's actual (as :func:`~koers.metrics.actuals.kpi_actual`
computes it) minus what was expected by the as-of date. A total over a running period (a count
or a sum) is expected to have reached the target pro rata: target x days elapsed / days (a
linear pace; ``Diagnosis.pace`` says which pace was used, so that a seasonal pace from
:mod:`koers.monitor.pace` can take its place in one function, ``_pace_fraction``). A ratio, an
average, a sub-period value or a finished period is judged on the target itself. A "between"
target is judged against its nearer bound.

**Which segments explain it?** The KPI's metric is broken down by every dimension its bindings
support (channel, campaign, landing page, device):

- *Totals* (counts, sums): each segment is expected to deliver the share it had in a comparison
  (the *target spread by each segment's share*): ``expected_s = expected x before_s / before``.
  The comparison is the same stretch a year earlier (1 October to 22 November last year, for
  a quarter judged on 22 November); when that cannot be computed (a distinct count that only
  comes in reports for whole months or quarters), the whole same period a year earlier; then
  the same stretch of the previous period; then, when the KPI filters on something the history
  cannot (``content=whitepaper`` in events kept for a few weeks only), the same metric without
  that filter a year earlier. Without any, segments are listed by size without an expectation.
  A segment's contribution is ``actual_s - expected_s``; for additive metrics the contributions
  add up exactly to the gap. Distinct counts (users) overlap between segments (a visitor who
  came through two channels is in both), so there the rest is shown as ``unexplained``.
  This asks "which segments fall short of the share they had", not "which segments shrank":
  a segment that grew less than the target requires is behind too.
- *Ratios* (engagement rate, CTR, time on site, cost per lead, conversion rates): each
  segment's contribution to the gap to target is ``weight_s x (rate_s - target)`` with
  ``weight_s`` its share of the denominator; these add up exactly to the pooled rate minus the
  target. Against the comparison, the change of the pooled rate is split into a *mix effect*
  (segments' shares changed) and a *rate effect* (segments' rates changed), the symmetric
  (midpoint) shift-share: ``rate_s = (r1 - r0) x (w0 + w1) / 2`` and
  ``mix_s = (w1 - w0) x ((r0 + r1) / 2 - R)`` with ``R`` the mean of the two pooled rates, so
  that a segment that grows at an average rate changes nothing. Mix and rate effects add up
  exactly to the change (computed with exact fractions).

**Which funnel stage lags the plan?** For funnel KPIs (leads, MQLs, SQLs, opportunities,
customers and the rates between them) the workspace's funnel plan gives planned stage numbers,
spread over the period by the plan's months and taken pro rata up to the as-of date. The
KPI's stage count is the top stage's volume times the step ratios (SQLs this period per MQL
this period...), so its gap to plan splits exactly into the top volume's part and each step's
part (logarithmic mean Divisia index, LMDI-I). The step ratios use the period's own counts
rather than cohorts, so that leads that came in yesterday and had no time to convert yet do not
look like a leak. Rate KPIs compare each step's cohort rate with the plan's rate.

Everything is ranked by how much it pulls the KPI back. The arithmetic is in pure functions at
the top of this module (:func:`spread_gap`, :func:`shift_share`, :func:`funnel_factors`), on
plain numbers; :func:`diagnose` feeds them from the metric engine.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from koers.domain.catalog import FUNNEL_COUNT_METRICS
from koers.domain.funnel import FunnelPlan, PlanResult, compute_plan, stage_metric
from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.metric import Catalog, MetricDef, MetricKind, RateBasis, Unit
from koers.domain.period import Grain, Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Money, Msg, Percent, Seconds, msg
from koers.metrics.actuals import KpiActual, kpi_actual
from koers.metrics.bindings import STAGE_COLUMNS, bindings_for
from koers.metrics.engine import MetricEngine, MetricRequest

DIMENSIONS: tuple[str, ...] = ("channel", "campaign", "landing_page", "device")
"""The dimensions a gap is decomposed by, in the order they are shown."""

LAGGING_SHARE = Fraction(1, 4)
"""Besides the worst segment of a dimension, any segment behind by at least this share of the
dimension's shortfall is named as a cause."""


# --- pure decomposition -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentGap:
    """One segment of a total: what it brought, what it was expected to bring, and before."""

    segment: str
    actual: Fraction
    expected: Fraction | None = None
    before: Fraction | None = None
    """The segment's value in the comparison."""

    @property
    def contribution(self) -> Fraction | None:
        """The segment's part of the gap: ``actual - expected`` (below 0: behind, for "more is
        better" KPIs)."""
        return None if self.expected is None else self.actual - self.expected


@dataclass(frozen=True, slots=True)
class Spread:
    """A total's gap to its expectation spread over segments by their share in a comparison."""

    segments: tuple[SegmentGap, ...]
    actual: Fraction
    expected: Fraction

    @property
    def gap(self) -> Fraction:
        return self.actual - self.expected

    @property
    def unexplained(self) -> Fraction | None:
        """What the segments do not add up to: 0 for additive metrics, the overlap for distinct
        counts; ``None`` without a comparison."""
        parts = [segment.contribution for segment in self.segments]
        if any(part is None for part in parts):
            return None
        return self.gap - sum((part for part in parts if part is not None), Fraction(0))


def spread_gap(
    actual: Mapping[str, Fraction],
    actual_total: Fraction,
    expected_total: Fraction,
    before: Mapping[str, Fraction] | None = None,
    before_total: Fraction | None = None,
) -> Spread:
    """Spread ``expected_total`` over segments in proportion to their ``before`` values.

    ``expected_s = expected_total x before_s / before_total`` (``before_total`` defaults to the
    sum of ``before``, right for additive metrics; give the real total for distinct counts). A
    segment missing on one side counts 0 there. Without ``before`` (or with a zero total) no
    segment has an expectation.
    """
    if before is not None and before_total is None:
        before_total = sum(before.values(), Fraction(0))
    usable = before is not None and before_total is not None and before_total > 0
    names = list(dict.fromkeys([*actual, *(before or {})]))
    segments = []
    for name in names:
        expected = None
        previous = before.get(name, Fraction(0)) if before is not None else None
        if usable:
            assert previous is not None
            assert before_total is not None
            expected = expected_total * previous / before_total
        segments.append(SegmentGap(name, actual.get(name, Fraction(0)), expected, previous))
    return Spread(tuple(segments), actual_total, expected_total)


@dataclass(frozen=True, slots=True)
class RatioSegment:
    """One segment of a ratio, now and (optionally) in the comparison, with its effects.

    ``weight`` is the segment's share of the pooled denominator; ``contribution`` its part of
    the pooled rate's gap to target, ``weight x (rate - target)``. ``mix`` and ``rate_effect``
    are its parts of the change against the comparison; ``change`` is their sum.
    """

    segment: str
    numerator: Fraction
    denominator: Fraction
    weight: Fraction
    contribution: Fraction
    numerator_before: Fraction | None = None
    denominator_before: Fraction | None = None
    weight_before: Fraction | None = None
    mix: Fraction | None = None
    rate_effect: Fraction | None = None

    @property
    def rate(self) -> Fraction | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def rate_before(self) -> Fraction | None:
        if self.numerator_before is None or not self.denominator_before:
            return None
        return self.numerator_before / self.denominator_before

    @property
    def change(self) -> Fraction | None:
        if self.mix is None or self.rate_effect is None:
            return None
        return self.mix + self.rate_effect


@dataclass(frozen=True, slots=True)
class ShiftShare:
    """A ratio's segments: their pull on the gap to target and, against a comparison, the
    change of the pooled rate split into mix and rate effects (which add up to it exactly)."""

    segments: tuple[RatioSegment, ...]
    rate: Fraction | None
    target: Fraction
    rate_before: Fraction | None = None

    @property
    def gap(self) -> Fraction | None:
        """The pooled rate minus the target: the sum of the segments' contributions."""
        return None if self.rate is None else self.rate - self.target

    @property
    def change(self) -> Fraction | None:
        if self.rate is None or self.rate_before is None:
            return None
        return self.rate - self.rate_before

    @property
    def mix(self) -> Fraction | None:
        return _sum_or_none(segment.mix for segment in self.segments)

    @property
    def rate_effect(self) -> Fraction | None:
        return _sum_or_none(segment.rate_effect for segment in self.segments)


def shift_share(
    after: Mapping[str, tuple[Fraction, Fraction]],
    target: Fraction,
    before: Mapping[str, tuple[Fraction, Fraction]] | None = None,
) -> ShiftShare:
    """Decompose a ratio by segment: ``after`` and ``before`` map segments to (numerator,
    denominator).

    Against the target: ``contribution_s = (num_s - target x den_s) / den`` (den the pooled
    denominator), which adds up to the pooled rate minus the target. Against ``before``: the
    symmetric shift-share. A segment's total part of the change is its change in pooled share
    of the rate, ``num1_s / den1 - num0_s / den0``, less ``(w1 - w0) x R`` (R the mean pooled
    rate), so that a segment growing at an average rate changes nothing; its rate effect is
    ``(r1 - r0) x (w0 + w1) / 2`` where it has a rate on both sides (else 0), and its mix effect
    the rest. Both sums add up to the pooled change exactly.
    """
    den_after = sum((den for _, den in after.values()), Fraction(0))
    num_after = sum((num for num, _ in after.values()), Fraction(0))
    rate_after = num_after / den_after if den_after else None
    comparable = before is not None and sum((den for _, den in before.values()), Fraction(0)) > 0
    if not comparable or rate_after is None:
        segments = tuple(
            RatioSegment(
                name,
                num,
                den,
                den / den_after if den_after else Fraction(0),
                (num - target * den) / den_after if den_after else Fraction(0),
            )
            for name, (num, den) in after.items()
        )
        return ShiftShare(segments, rate_after, target)
    assert before is not None
    den_before = sum((den for _, den in before.values()), Fraction(0))
    rate_before = sum((num for num, _ in before.values()), Fraction(0)) / den_before
    mean_rate = (rate_after + rate_before) / 2
    segments_list = []
    for name in dict.fromkeys([*after, *before]):
        num1, den1 = after.get(name, (Fraction(0), Fraction(0)))
        num0, den0 = before.get(name, (Fraction(0), Fraction(0)))
        w1, w0 = den1 / den_after, den0 / den_before
        total = num1 / den_after - num0 / den_before - (w1 - w0) * mean_rate
        rate_effect = (num1 / den1 - num0 / den0) * (w0 + w1) / 2 if den1 and den0 else Fraction(0)
        segments_list.append(
            RatioSegment(
                name,
                num1,
                den1,
                w1,
                (num1 - target * den1) / den_after,
                num0,
                den0,
                w0,
                total - rate_effect,
                rate_effect,
            )
        )
    return ShiftShare(tuple(segments_list), rate_after, target, rate_before)


class FactorKind(StrEnum):
    """A funnel factor: the top stage's volume, or the ratio of one step."""

    VOLUME = "volume"
    RATE = "rate"


@dataclass(frozen=True, slots=True)
class FunnelFactor:
    """One factor of a funnel stage's count: the top volume, or a step's ratio, against plan.

    ``contribution`` is its part of the gap between the last stage's actual and planned count
    (the parts add up to that gap exactly); ``None`` where the plan gives no volumes.
    """

    kind: FactorKind
    stage: str
    from_stage: str | None
    actual: Fraction | None
    planned: Fraction | None
    contribution: Fraction | None = None
    plan_rate: Fraction | None = None
    """For a step: the plan's own rate (the planned ratio may differ a little by rounding)."""

    @property
    def attainment(self) -> Fraction | None:
        if self.actual is None or not self.planned:
            return None
        return self.actual / self.planned


def funnel_factors(
    stages: Sequence[str], actual: Sequence[Fraction], planned: Sequence[Fraction]
) -> tuple[FunnelFactor, ...]:
    """Split a funnel's last-stage gap (``actual[-1] - planned[-1]``) over its factors.

    The last stage's count is the first stage's count times each step's ratio (``count_i /
    count_(i-1)``); with ``L = (a - p) / (ln a - ln p)`` (``a`` if equal), each factor's part is
    ``L x ln(actual factor / planned factor)`` (LMDI-I). They add up to the gap (the rounding of
    the logarithms, far below a unit, goes to the largest part so the sum is exact). A stage
    with no entries at all takes the whole gap: nothing below it can be explained. Planned
    counts must be above 0.
    """
    if not (len(stages) == len(actual) == len(planned)) or not stages:
        raise ValueError("stages, actual and planned must have the same, non-zero length")
    if any(value <= 0 for value in planned):
        raise ValueError("planned counts must be above 0")
    factors_actual: list[Fraction | None] = [actual[0]]
    factors_planned = [planned[0]]
    for index in range(1, len(stages)):
        factors_actual.append(actual[index] / actual[index - 1] if actual[index - 1] else None)
        factors_planned.append(planned[index] / planned[index - 1])
    gap = actual[-1] - planned[-1]
    zero = next((index for index, value in enumerate(actual) if value == 0), None)
    parts: list[Fraction]
    if zero is not None:
        parts = [gap if index == zero else Fraction(0) for index in range(len(stages))]
    else:
        a, p = actual[-1], planned[-1]
        weight = a if a == p else (a - p) / Fraction(math.log(a) - math.log(p))
        logs = [
            Fraction(math.log(value) - math.log(plan)) if value is not None else Fraction(0)
            for value, plan in zip(factors_actual, factors_planned, strict=True)
        ]
        parts = [weight * log for log in logs]
        largest = max(range(len(parts)), key=lambda index: abs(parts[index]))
        parts[largest] += gap - sum(parts, Fraction(0))
    return tuple(
        FunnelFactor(
            FactorKind.VOLUME if index == 0 else FactorKind.RATE,
            stage,
            None if index == 0 else stages[index - 1],
            factors_actual[index],
            factors_planned[index],
            parts[index],
        )
        for index, stage in enumerate(stages)
    )


def _sum_or_none(values: Iterable[Fraction | None]) -> Fraction | None:
    items = list(values)
    if any(item is None for item in items):
        return None
    return sum((item for item in items if item is not None), Fraction(0))


# --- the diagnosis --------------------------------------------------------------------------------


class DiagnosisState(StrEnum):
    """Where the KPI stands against its expectation."""

    NOT_STARTED = "not_started"
    NO_DATA = "no_data"
    BEHIND = "behind"
    ON_COURSE = "on_course"


class PaceKind(StrEnum):
    """What the actual is held against: the target pro rata (linear or seasonal), or the target."""

    LINEAR = "linear"
    SEASONAL = "seasonal"
    TARGET = "target"


class Comparison(StrEnum):
    """Where each segment's expected share (or its earlier rate) comes from."""

    PREVIOUS_YEAR = "previous_year"
    """The same stretch a year earlier (cut at the same day)."""
    PREVIOUS_YEAR_PERIOD = "previous_year_period"
    """The whole period a year earlier."""
    PREVIOUS_PERIOD = "previous_period"
    """The same stretch of the period before."""
    PREVIOUS_YEAR_UNFILTERED = "previous_year_unfiltered"
    """A year earlier, without the KPI's own filter (the history cannot filter on it)."""
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Cause:
    """A kind of cause the diagnosis found, with what it is about: the key of the suggestions
    (:mod:`koers.monitor.steering`) and of the action log's ``cause``."""

    kind: str
    subject: str | None = None
    dimension: str | None = None
    amount: Fraction | None = None
    """How far it pulls the KPI back, in the KPI's unit (above 0 is behind)."""
    share: Fraction | None = None
    """That amount as a share of the shortfall it is part of."""

    @property
    def label(self) -> Msg:
        return msg(f"diagnosis.cause.{self.kind}", subject=_subject(self.subject))

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "dimension": self.dimension,
            "amount": _number(self.amount),
            "share": _number(self.share),
            "text": self.label.render(lang),
        }


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The KPI's metric by one dimension: a :class:`Spread` (totals) or a :class:`ShiftShare`
    (ratios), ranked by how much each segment pulls the KPI back."""

    dimension: str
    comparison: Comparison
    comparison_period: Period | None
    higher_is_better: bool
    spread: Spread | None = None
    ratio: ShiftShare | None = None
    per: int = 1
    """The judged value is a mean of this many sub-periods: contributions are divided by it."""

    def harm(self, contribution: Fraction | None) -> Fraction | None:
        """How far a contribution pulls the KPI back (above 0: behind), per judged value."""
        if contribution is None:
            return None
        return (-contribution if self.higher_is_better else contribution) / self.per

    @property
    def ranked(self) -> tuple[SegmentGap | RatioSegment, ...]:
        """The segments, the one pulling the KPI back most first; without a comparison, by size."""
        items: Sequence[SegmentGap | RatioSegment]
        if self.ratio is not None:
            return tuple(
                sorted(self.ratio.segments, key=lambda s: (-(self.harm(s.contribution) or 0), s.segment))
            )
        assert self.spread is not None
        items = self.spread.segments
        if self.comparison is Comparison.NONE:
            return tuple(sorted(items, key=lambda s: (-s.actual, s.segment)))
        return tuple(sorted(items, key=lambda s: (-(self.harm(_contribution(s)) or 0), s.segment)))

    @property
    def shortfall(self) -> Fraction:
        """The sum of the segments' harm where they are behind."""
        return sum(
            (h for s in self.ranked if (h := self.harm(_contribution(s))) is not None and h > 0), Fraction(0)
        )

    def lagging(self) -> list[tuple[SegmentGap | RatioSegment, Fraction]]:
        """The segments behind, worst first, with their harm."""
        found = []
        for segment in self.ranked:
            harm = self.harm(_contribution(segment))
            if harm is not None and harm > 0:
                found.append((segment, harm))
        return found

    def causes(self) -> list[tuple[SegmentGap | RatioSegment, Fraction, Fraction | None]]:
        """The segments that explain the shortfall, with their harm and share of it.

        For a total, a segment is a cause when it is behind *more than the dimension as a whole*
        (its actual over its expected is below the segments' together): when every segment lags
        alike, the cause is not in this dimension. For a ratio, a segment below target pulls the
        whole down. Of those, the worst is named, and any other with at least
        :data:`LAGGING_SHARE` of the shortfall.
        """
        shortfall = self.shortfall
        overall = self._attainment()
        named: list[tuple[SegmentGap | RatioSegment, Fraction, Fraction | None]] = []
        for segment, harm in self.lagging():
            if isinstance(segment, SegmentGap):
                if overall is None or not segment.expected:
                    continue
                attainment = segment.actual / segment.expected
                if (attainment >= overall) if self.higher_is_better else (attainment <= overall):
                    continue
            share = harm / shortfall if shortfall else None
            if not named or (share is not None and share >= LAGGING_SHARE):
                named.append((segment, harm, share))
        return named

    def _attainment(self) -> Fraction | None:
        """For a total: the segments' actual over their expected, together."""
        if self.spread is None:
            return None
        expected = sum((s.expected for s in self.spread.segments if s.expected is not None), Fraction(0))
        if not expected:
            return None
        return sum((s.actual for s in self.spread.segments if s.expected is not None), Fraction(0)) / expected

    def pooled_differs(self, actual: Fraction) -> Fraction | None:
        """For a ratio: the segments' pooled rate when it is not the KPI's own (visitors who came
        through several segments count in each), else ``None``."""
        if self.ratio is None or self.ratio.rate is None or self.ratio.rate == actual:
            return None
        return self.ratio.rate

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "dimension": self.dimension,
            "kind": "ratio" if self.ratio is not None else "total",
            "comparison": self.comparison.value,
            "comparison_text": msg(f"diagnosis.comparison.{self.comparison.value}").render(lang),
            "comparison_period": _period_dict(self.comparison_period),
        }
        shortfall = self.shortfall
        if self.spread is not None:
            data.update(
                actual=_number(self.spread.actual / self.per),
                expected=_number(self.spread.expected / self.per),
                gap=_number(self.spread.gap / self.per),
                unexplained=_number(None if (u := self.spread.unexplained) is None else u / self.per),
                segments=[
                    _segment_dict(s, self, shortfall) for s in self.ranked if isinstance(s, SegmentGap)
                ],
            )
        if self.ratio is not None:
            ratio = self.ratio
            data.update(
                rate=_number(ratio.rate),
                target=_number(ratio.target),
                gap=_number(ratio.gap),
                rate_before=_number(ratio.rate_before),
                change=_number(ratio.change),
                mix_effect=_number(ratio.mix),
                rate_effect=_number(ratio.rate_effect),
                segments=[
                    _ratio_dict(s, self, shortfall) for s in self.ranked if isinstance(s, RatioSegment)
                ],
            )
        return data


@dataclass(frozen=True, slots=True)
class StageCount:
    """A funnel stage's count so far and what the plan has for it by now."""

    stage: str
    metric: str
    actual: Fraction | None
    planned: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "metric": self.metric,
            "actual": _number(self.actual),
            "planned": _number(self.planned),
        }


@dataclass(frozen=True, slots=True)
class FunnelDiagnosis:
    """The KPI's funnel stages against a plan, and the factors ranked by how much they lag."""

    plan_id: str
    plan_name: str
    kpi_stage: str
    stages: tuple[StageCount, ...]
    factors: tuple[FunnelFactor, ...]
    volumes_planned: bool
    """Whether the plan gives volumes for this stretch (its months overlap it)."""
    cohort: bool = False
    """Rates are cohort rates (a rate KPI), compared with the plan's rates."""

    @property
    def ranked(self) -> tuple[FunnelFactor, ...]:
        """Worst first: by part of the gap when the plan gives volumes, else by attainment."""
        if self.volumes_planned and not self.cohort:
            return tuple(sorted(self.factors, key=lambda f: f.contribution or 0))
        return tuple(
            sorted(self.factors, key=lambda f: f.attainment if f.attainment is not None else Fraction(10**9))
        )

    def lagging(self) -> list[FunnelFactor]:
        if self.volumes_planned and not self.cohort:
            return [f for f in self.ranked if f.contribution is not None and f.contribution < 0]
        return [f for f in self.ranked if f.attainment is not None and f.attainment < 1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "plan_name": self.plan_name,
            "stage": self.kpi_stage,
            "volumes_planned": self.volumes_planned,
            "cohort_rates": self.cohort,
            "stages": [stage.to_dict() for stage in self.stages],
            "factors": [
                {
                    "kind": f.kind.value,
                    "stage": f.stage,
                    "from": f.from_stage,
                    "actual": _number(f.actual),
                    "planned": _number(f.planned),
                    "plan_rate": _number(f.plan_rate),
                    "attainment": _number(f.attainment),
                    "contribution": _number(f.contribution),
                }
                for f in self.ranked
            ],
        }


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Why a KPI is where it is at ``as_of``: its gap, the segments and stages behind it, and
    the kinds of cause found (ranked)."""

    kpi_id: str
    kpi_name: str
    metric: str
    unit: Unit
    currency: str
    as_of: date
    state: DiagnosisState
    target: Decimal
    higher_is_better: bool
    actual: Fraction | None = None
    expected: Fraction | None = None
    pace: PaceKind = PaceKind.TARGET
    elapsed: Fraction | None = None
    """The share of the judged stretch elapsed (for a pace)."""
    stretch: Period | None = None
    breakdowns: tuple[Breakdown, ...] = ()
    funnel: FunnelDiagnosis | None = None
    causes: tuple[Cause, ...] = ()
    notes: tuple[Msg, ...] = ()

    @property
    def gap(self) -> Fraction | None:
        """Actual minus expected (in the KPI's unit)."""
        if self.actual is None or self.expected is None:
            return None
        return self.actual - self.expected

    @property
    def shortfall(self) -> Fraction | None:
        """How far behind (above 0) or ahead (below 0) the KPI is, whichever way is better."""
        gap = self.gap
        if gap is None:
            return None
        return -gap if self.higher_is_better else gap

    def headline(self) -> Msg:
        """One sentence: where the KPI stands against what was expected."""
        if self.state is DiagnosisState.NOT_STARTED:
            return msg(
                "diagnosis.not_started", kpi=self.kpi_name, start=self.stretch.start if self.stretch else ""
            )
        if self.state is DiagnosisState.NO_DATA or self.actual is None or self.expected is None:
            return msg("diagnosis.no_data", kpi=self.kpi_name, as_of=self.as_of)
        shortfall = self.shortfall or Fraction(0)
        side = "behind" if shortfall > 0 else "ahead"
        values = {
            "kpi": self.kpi_name,
            "actual": self.shown(self.actual),
            "expected": self.shown(self.expected),
            "target": self.shown(Fraction(self.target)),
            "amount": self.amount(abs(shortfall)),
            "as_of": self.as_of,
            "attainment": Percent(_decimal(self.actual / self.expected), 0) if self.expected else "—",
        }
        return msg(f"diagnosis.headline.{self.pace.value}.{side}", **values)

    def sections(self, limit: int = 3) -> list[tuple[Msg, list[Msg]]]:
        """The ranked findings as (title, lines): the funnel's stages against plan, then per
        dimension the segments behind (at most ``limit`` each), worst first."""
        found = [self._funnel_lines(self.funnel)] if self.funnel is not None else []
        found += [self._breakdown_lines(breakdown, limit) for breakdown in self.breakdowns]
        return [(lines[0], lines[1:]) for lines in found]

    def findings(self, limit: int = 3) -> list[Msg]:
        """:meth:`sections` as one list of sentences."""
        return [line for title, lines in self.sections(limit) for line in (title, *lines)]

    def _breakdown_lines(self, breakdown: Breakdown, limit: int) -> list[Msg]:
        dimension = msg(f"diagnosis.dimension.{breakdown.dimension}")
        comparison = msg(f"diagnosis.comparison.{breakdown.comparison.value}")
        if breakdown.comparison is Comparison.NONE and breakdown.spread is not None:
            biggest = [
                msg("diagnosis.segment.size", segment=_subject(s.segment), actual=self.shown(s.actual))
                for s in breakdown.ranked[:limit]
                if isinstance(s, SegmentGap)
            ]
            return [msg("diagnosis.breakdown.no_comparison", dimension=dimension, segments=biggest)]
        if breakdown.ratio is not None:
            lines = [msg("diagnosis.breakdown.ratio_title", dimension=dimension)]
        else:
            lines = [msg("diagnosis.breakdown.title", dimension=dimension, comparison=comparison)]
        shortfall = breakdown.shortfall
        for segment, harm in breakdown.lagging()[:limit]:
            share = Percent(_decimal(harm / shortfall), 0) if shortfall else "—"
            if isinstance(segment, SegmentGap):
                assert segment.expected is not None
                lines.append(
                    msg(
                        "diagnosis.segment.total",
                        segment=_subject(segment.segment),
                        actual=self.shown(segment.actual / breakdown.per),
                        expected=self.shown(segment.expected / breakdown.per),
                        amount=self.amount(harm),
                        share=share,
                    )
                )
            else:
                lines.append(
                    msg(
                        "diagnosis.segment.ratio",
                        segment=_subject(segment.segment),
                        rate=self.shown(segment.rate) if segment.rate is not None else "—",
                        weight=Percent(_decimal(segment.weight), 0),
                        amount=self.amount(harm),
                        share=share,
                    )
                )
        if len(lines) == 1:
            lines.append(msg("diagnosis.breakdown.none_behind"))
        ratio = breakdown.ratio
        if ratio is not None and self.actual is not None:
            pooled = breakdown.pooled_differs(self.actual)
            if pooled is not None:
                lines.append(
                    msg(
                        "diagnosis.breakdown.pooled",
                        pooled=self.shown(pooled),
                        actual=self.shown(self.actual),
                    )
                )
        if ratio is not None and ratio.rate is not None and ratio.rate_before is not None:
            lines.append(
                msg(
                    "diagnosis.shift_share",
                    comparison=comparison,
                    before=self.shown(ratio.rate_before),
                    after=self.shown(ratio.rate),
                    mix=self.amount(ratio.mix or Fraction(0), signed=True),
                    rate=self.amount(ratio.rate_effect or Fraction(0), signed=True),
                )
            )
        return lines

    def _funnel_lines(self, funnel: FunnelDiagnosis) -> list[Msg]:
        lines = [msg("diagnosis.funnel.title", plan=funnel.plan_name)]
        for factor in funnel.lagging():
            amount = (
                msg(
                    "diagnosis.funnel.amount",
                    amount=self.amount(-factor.contribution),
                    stage=funnel.kpi_stage,
                )
                if factor.contribution is not None and not funnel.cohort
                else ""
            )
            if factor.kind is FactorKind.VOLUME:
                lines.append(
                    msg(
                        "diagnosis.funnel.volume",
                        stage=factor.stage,
                        actual=_count(factor.actual),
                        planned=_count(factor.planned),
                        amount=amount,
                    )
                )
            else:
                lines.append(
                    msg(
                        "diagnosis.funnel.rate",
                        step=f"{factor.from_stage} → {factor.stage}",
                        actual=Percent(_decimal(factor.actual), 1) if factor.actual is not None else "—",
                        planned=Percent(_decimal(factor.plan_rate or factor.planned or Fraction(0)), 1),
                        amount=amount,
                    )
                )
        if len(lines) == 1:
            lines.append(msg("diagnosis.funnel.none_behind"))
        return lines

    def shown(self, value: Fraction) -> Any:
        """A value in the KPI's unit, as a message parameter the i18n layer formats."""
        return _shown(value, self.unit, self.currency)

    def amount(self, value: Fraction, *, signed: bool = False) -> Any:
        """A difference in the KPI's unit (percentage points for percentages), without its sign
        unless ``signed``."""
        size = abs(value)
        if self.unit is Unit.PERCENT:
            shown: Any = msg("diagnosis.points", value=_decimal(size * 100, 1))
        elif self.unit is Unit.SECONDS and size < 60:
            shown = msg("diagnosis.seconds", value=_decimal(size, 1 if size < 10 else 0))
        else:
            shown = _shown(size, self.unit, self.currency)
        if not signed or _decimal(size, 1) == 0:
            return shown
        return msg("diagnosis.plus" if value > 0 else "diagnosis.minus", value=shown)

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "kpi": self.kpi_id,
            "name": self.kpi_name,
            "metric": self.metric,
            "unit": self.unit.value,
            "as_of": self.as_of.isoformat(),
            "state": self.state.value,
            "target": _number(Fraction(self.target)),
            "actual": _number(self.actual),
            "expected": _number(self.expected),
            "gap": _number(self.gap),
            "shortfall": _number(self.shortfall),
            "higher_is_better": self.higher_is_better,
            "pace": self.pace.value,
            "elapsed": _number(self.elapsed),
            "stretch": _period_dict(self.stretch),
            "headline": self.headline().render(lang),
            "findings": [line.render(lang) for line in self.findings()],
            "breakdowns": [breakdown.to_dict(lang) for breakdown in self.breakdowns],
            "funnel": self.funnel.to_dict() if self.funnel else None,
            "causes": [cause.to_dict(lang) for cause in self.causes],
            "notes": [note.render(lang) for note in self.notes],
        }


# --- computing a diagnosis from the engine ------------------------------------------------------


METRIC_CAUSES: Mapping[str, str] = {
    "avg_engagement_time_per_user": "low_time_on_site",
    "avg_session_duration": "low_time_on_site",
    "engagement_time": "low_time_on_site",
    "session_duration": "low_time_on_site",
    "engagement_rate": "low_engagement",
    "engaged_sessions": "low_engagement",
    "ctr": "low_ctr",
    "ad_clicks": "low_ctr",
    "returning_users": "low_returning",
    "users": "low_traffic",
    "new_users": "low_traffic",
    "sessions": "low_traffic",
    "pageviews": "low_traffic",
    "ad_impressions": "low_reach",
    "ad_reach": "low_reach",
    "downloads": "low_downloads",
    "form_submissions": "low_conversion",
    "key_events": "low_conversion",
    "visitor_to_lead_rate": "low_conversion",
    "leads": "low_leads",
    "newsletter_signups": "low_signups",
    "newsletter_signup_rate": "low_signups",
    "orders": "low_sales",
    "revenue": "low_sales",
    "carts": "low_sales",
    "cart_additions": "low_sales",
    "items_per_cart": "low_sales",
    "roas": "low_sales",
    "repeat_customers": "low_loyalty",
    "retained_customers": "low_loyalty",
    "retention_rate": "low_loyalty",
    "subscriber_to_customer_rate": "low_loyalty",
    "cpc": "high_cost",
    "cost_per_lead": "high_cost",
    "cac": "high_cost",
    "ad_cost": "high_cost",
    "marketing_cost": "high_cost",
    "nps": "low_satisfaction",
    "promoters": "low_satisfaction",
}
"""The kind of cause a KPI's own metric points to when the KPI is behind (seed 000: low time on
site calls for other texts)."""

FUNNEL_STEP_CAUSES: Mapping[tuple[str, str], str] = {
    ("lead", "mql"): "funnel_nurture",
    ("mql", "sql"): "funnel_qualification",
    ("sql", "opportunity"): "funnel_follow_up",
    ("opportunity", "customer"): "funnel_closing",
}
"""The kind of cause a lagging funnel step points to; other steps are ``funnel_rate``."""

SEGMENT_CAUSES: Mapping[str, str] = {dimension: f"{dimension}_lag" for dimension in DIMENSIONS}
"""The kind of cause a lagging segment of each dimension points to."""

CAUSE_KINDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *METRIC_CAUSES.values(),
            *FUNNEL_STEP_CAUSES.values(),
            "funnel_rate",
            "funnel_volume",
            *SEGMENT_CAUSES.values(),
            "mix_shift",
        ]
    )
)
"""Every kind of cause :func:`diagnose` can name."""

_STAGE_OF_METRIC: Mapping[str, str] = {metric: stage for stage, metric in FUNNEL_COUNT_METRICS.items()}


@dataclass(frozen=True, slots=True)
class _Judged:
    """The stretch whose value is judged, and what was expected of it."""

    period: Period
    as_of: date | None
    expected: Fraction | None
    pace: PaceKind
    elapsed: Fraction | None
    higher_is_better: bool
    per: int = 1


def diagnose(kpi: Kpi, engine: MetricEngine, as_of: date, *, workspace: Workspace) -> Diagnosis:
    """Why ``kpi`` is where it is at ``as_of``: its gap to the target (or to the pace for a
    running total), the segments of each supported dimension and the funnel stages behind it,
    ranked, and the kinds of cause they point to."""
    catalog = workspace.catalog
    metric = catalog[kpi.metric]
    unit = kpi.unit or metric.unit
    actual = kpi_actual(kpi, engine, as_of)

    def made(state: DiagnosisState, higher: bool, **found: Any) -> Diagnosis:
        return Diagnosis(
            kpi.id, kpi.name, kpi.metric, unit, workspace.currency, as_of, state, kpi.target, higher, **found
        )

    if kpi.period is None or not actual.started or actual.value is None:
        state = DiagnosisState.NOT_STARTED if kpi.period and not actual.started else DiagnosisState.NO_DATA
        return made(state, _higher_is_better(kpi, metric), stretch=kpi.period, notes=actual.notes)
    value = Fraction(actual.value)
    judged = _judge(kpi, metric, actual, value, as_of, engine)
    shortfall = (
        _harm(value - judged.expected, judged.higher_is_better) if judged.expected is not None else None
    )
    state = DiagnosisState.BEHIND if shortfall is not None and shortfall > 0 else DiagnosisState.ON_COURSE
    notes = list(actual.notes)
    breakdowns = []
    where = tuple(sorted(kpi.segment.items()))
    for dimension in breakdown_dimensions(kpi.metric, catalog, tuple(kpi.segment)):
        found = _breakdown(engine, metric, dimension, judged, value, kpi.target, where)
        if isinstance(found, Breakdown):
            breakdowns.append(found)
        elif found is not None:
            label = msg(f"diagnosis.dimension.{dimension}")
            notes.append(msg("diagnosis.no_breakdown", dimension=label, reason=found))
    funnel = _funnel(kpi, metric, engine, judged, workspace)
    if funnel is not None and funnel.cohort and judged.as_of is not None:
        notes.append(msg("diagnosis.funnel.young_cohorts"))
    if kpi.segment and funnel is not None and not funnel.volumes_planned:
        notes.append(msg("diagnosis.funnel.segment_no_volumes"))
    causes = _causes(kpi, breakdowns, funnel) if state is DiagnosisState.BEHIND else ()
    return made(
        state,
        judged.higher_is_better,
        actual=value,
        expected=judged.expected,
        pace=judged.pace,
        elapsed=judged.elapsed,
        stretch=judged.period,
        breakdowns=tuple(breakdowns),
        funnel=funnel,
        causes=tuple(causes),
        notes=tuple(note for i, note in enumerate(notes) if note not in notes[:i]),
    )


def breakdown_dimensions(metric: str, catalog: Catalog, segment: Sequence[str] = ()) -> tuple[str, ...]:
    """The dimensions of :data:`DIMENSIONS` that ``metric``'s bindings can break down by (with
    the KPI's own ``segment`` filter); derived metrics (a formula) are not decomposed."""
    return tuple(dimension for dimension in DIMENSIONS if _supports(metric, {dimension, *segment}, catalog))


def _supports(key: str, needed: set[str], catalog: Catalog) -> bool:
    metric = catalog.get(key)
    if metric is None:
        return False
    if metric.kind is MetricKind.BASE:
        return any(needed <= binding.dims.keys() for binding in bindings_for(key))
    if metric.kind is MetricKind.RATIO:
        assert metric.numerator is not None
        assert metric.denominator is not None
        if (
            metric.basis is RateBasis.COHORT
            and {metric.numerator, metric.denominator} <= STAGE_COLUMNS.keys()
        ):
            return needed <= bindings_for(metric.denominator)[0].dims.keys()
        return _supports(metric.numerator, needed, catalog) and _supports(metric.denominator, needed, catalog)
    return False


# --- the expectation --------------------------------------------------------------------------


def _judge(
    kpi: Kpi, metric: MetricDef, actual: KpiActual, value: Fraction, as_of: date, engine: MetricEngine
) -> _Judged:
    """The stretch judged and what was expected of it by ``as_of``."""
    assert kpi.period is not None
    period, per = kpi.period, 1
    if kpi.aggregation is Aggregation.LAST_SUBPERIOD:
        begun = [point for point in actual.series if point.period.start <= as_of]
        period = begun[-1].period if begun else period
    elif kpi.aggregation is Aggregation.EACH_SUBPERIOD:
        complete = [point for point in actual.series if point.complete]
        if not complete:
            period = actual.series[0].period if actual.series else period
        elif kpi.subperiod_rule is SubperiodRule.MEAN:
            period, per = Period.of(complete[0].period.start, complete[-1].period.end), len(complete)
        else:
            worst = next(
                (p for p in complete if p.value is not None and Fraction(p.value) == value), complete[0]
            )
            period = worst.period
    cut = as_of if as_of < period.last_day else None
    paced = metric.kind is MetricKind.BASE and kpi.aggregation in (
        Aggregation.TOTAL, Aggregation.CUMULATIVE, Aggregation.LAST_SUBPERIOD, Aggregation.EACH_SUBPERIOD,
    ) and cut is not None  # fmt: skip
    fraction, pace = Fraction(1), PaceKind.TARGET
    if paced:
        fraction, pace = _pace_fraction(kpi, period, as_of, engine)
    low = Fraction(kpi.target) * fraction
    if kpi.comparator is Comparator.BETWEEN:
        assert kpi.target_upper is not None
        high = Fraction(kpi.target_upper) * fraction
        if value < low:
            expected, higher = low, True
        elif value > high:
            expected, higher = high, False
        else:
            expected, higher = value, metric.higher_is_better
    else:
        expected, higher = low, kpi.comparator is Comparator.AT_LEAST
    return _Judged(period, cut, expected, pace, fraction if paced else None, higher, per)


def _pace_fraction(kpi: Kpi, period: Period, as_of: date, engine: MetricEngine) -> tuple[Fraction, PaceKind]:
    """The share of the target expected by ``as_of``: linear, days elapsed / days.

    :mod:`koers.monitor.pace` (a seasonal pace shaped by last year) did not exist when this was
    written; this is the one place to call it from, returning :attr:`PaceKind.SEASONAL`.
    """
    return period.elapsed_fraction(as_of), PaceKind.LINEAR


def _higher_is_better(kpi: Kpi, metric: MetricDef) -> bool:
    if kpi.comparator is Comparator.AT_MOST:
        return False
    if kpi.comparator is Comparator.AT_LEAST:
        return True
    return metric.higher_is_better


def _harm(gap: Fraction, higher_is_better: bool) -> Fraction:
    return -gap if higher_is_better else gap


# --- breakdowns --------------------------------------------------------------------------------


_Rows = dict[str, tuple[Fraction, Fraction | None, Fraction | None]]
"""Segment -> (value or 0, numerator, denominator)."""


def _breakdown(
    engine: MetricEngine,
    metric: MetricDef,
    dimension: str,
    judged: _Judged,
    value: Fraction,
    target: Decimal,
    where: tuple[tuple[str, str], ...],
) -> Breakdown | Msg | None:
    """The breakdown by ``dimension``, or why there is none (the engine's note)."""
    now, note = _rows(engine, metric, judged.period, judged.as_of, (dimension,), where)
    if now is None:
        return note
    ratio = metric.kind is MetricKind.RATIO
    for comparison, period, as_of, filters in _comparisons(judged, where):
        before, _ = _rows(engine, metric, period, as_of, (dimension,), filters)
        if before is None:
            continue
        if ratio:
            pairs = {name: (num or Fraction(0), den or Fraction(0)) for name, (_, num, den) in before.items()}
            if sum(den for _, den in pairs.values()) <= 0:
                continue
            return Breakdown(
                dimension, comparison, period, judged.higher_is_better,
                ratio=shift_share(_pairs(now), _target(judged, target), pairs),
            )  # fmt: skip
        before_total = _total(engine, metric, period, as_of, filters, before)
        if before_total is None or before_total <= 0:
            continue
        spread = spread_gap(
            {name: row[0] for name, row in now.items()},
            _total(engine, metric, judged.period, judged.as_of, where, now) or value * judged.per,
            (judged.expected or Fraction(0)) * judged.per,
            {name: row[0] for name, row in before.items()},
            before_total,
        )
        return Breakdown(
            dimension, comparison, period, judged.higher_is_better, spread=spread, per=judged.per
        )
    if ratio:
        return Breakdown(
            dimension, Comparison.NONE, None, judged.higher_is_better,
            ratio=shift_share(_pairs(now), _target(judged, target)),
        )  # fmt: skip
    spread = spread_gap(
        {name: row[0] for name, row in now.items()},
        value * judged.per,
        (judged.expected or Fraction(0)) * judged.per,
    )
    return Breakdown(dimension, Comparison.NONE, None, judged.higher_is_better, spread=spread, per=judged.per)


def _target(judged: _Judged, target: Decimal) -> Fraction:
    return judged.expected if judged.expected is not None else Fraction(target)


def _pairs(rows: _Rows) -> dict[str, tuple[Fraction, Fraction]]:
    return {name: (num or Fraction(0), den or Fraction(0)) for name, (_, num, den) in rows.items()}


def _comparisons(
    judged: _Judged, where: tuple[tuple[str, str], ...]
) -> list[tuple[Comparison, Period, date | None, tuple[tuple[str, str], ...]]]:
    """The comparisons to try, best first (see the module's docstring)."""
    stretch, as_of = judged.period, judged.as_of
    year = stretch.shifted(Grain.YEAR, -1)
    year_cut = year.start + (as_of - stretch.start) if as_of is not None else None
    previous = stretch.previous()
    previous_cut = previous.start + (as_of - stretch.start) if as_of is not None else None
    found: list[tuple[Comparison, Period, date | None, tuple[tuple[str, str], ...]]] = [
        (Comparison.PREVIOUS_YEAR, year, year_cut, where)
    ]
    if year_cut is not None:
        found.append((Comparison.PREVIOUS_YEAR_PERIOD, year, None, where))
    found.append((Comparison.PREVIOUS_PERIOD, previous, previous_cut, where))
    if where:
        found.append((Comparison.PREVIOUS_YEAR_UNFILTERED, year, year_cut, ()))
        if year_cut is not None:
            found.append((Comparison.PREVIOUS_YEAR_UNFILTERED, year, None, ()))
    return found


def _rows(
    engine: MetricEngine,
    metric: MetricDef,
    period: Period,
    as_of: date | None,
    by: tuple[str, ...],
    where: tuple[tuple[str, str], ...],
) -> tuple[_Rows | None, Msg | None]:
    """The metric by segment over ``period`` (cut at ``as_of``); ``None`` when any segment's
    value is unknown or there are none, with the engine's first note."""
    result = engine.query(MetricRequest(metric.key, period, None, by, where, as_of=as_of))
    note = result.notes[0] if result.notes else None
    if not result.rows:
        return None, note
    ratio = metric.kind is MetricKind.RATIO
    rows: _Rows = {}
    numerators_known = any(row.numerator is not None for row in result.rows)
    denominators_known = any(row.denominator is not None for row in result.rows)
    for row in result.rows:
        name = row.dims[0] if row.dims else ""
        if ratio:
            # a segment missing from one side's query (no engaged sessions) has a zero there
            num = (
                _fraction(row.numerator)
                if row.numerator is not None
                else (Fraction(0) if numerators_known else None)
            )
            den = (
                _fraction(row.denominator)
                if row.denominator is not None
                else (Fraction(0) if denominators_known else None)
            )
            if num is None or den is None:
                return None, note
            rows[name] = (num / den if den else Fraction(0), num, den)
        else:
            if row.value is None:
                return None, note
            rows[name] = (Fraction(row.value), None, None)
    return rows, note


def _total(
    engine: MetricEngine,
    metric: MetricDef,
    period: Period,
    as_of: date | None,
    where: tuple[tuple[str, str], ...],
    rows: _Rows,
) -> Fraction | None:
    """The total over the segments: their sum for an additive metric, else queried (distinct
    visitors are fewer than the sum of each channel's)."""
    if metric.is_additive:
        return sum((row[0] for row in rows.values()), Fraction(0))
    value = engine.query(MetricRequest(metric.key, period, None, (), where, as_of=as_of)).rows
    return Fraction(value[0].value) if value and value[0].value is not None else None


# --- the funnel -----------------------------------------------------------------------------


def _funnel(
    kpi: Kpi, metric: MetricDef, engine: MetricEngine, judged: _Judged, workspace: Workspace
) -> FunnelDiagnosis | None:
    """The KPI's funnel stages against the workspace's best-fitting plan, if it is a funnel KPI."""
    top: str | None = None
    if metric.key in _STAGE_OF_METRIC:
        bottom, cohort = metric.key, False
    elif metric.kind is MetricKind.RATIO and metric.numerator and metric.denominator in _STAGE_OF_METRIC:
        top, bottom, cohort = metric.denominator, metric.numerator, True
        if bottom not in _STAGE_OF_METRIC:
            return None
    else:
        return None
    stretch = _effective(judged)
    chosen = _plan_for(kpi, workspace, top, bottom, stretch)
    if chosen is None:
        return None
    plan, chain = chosen
    result = compute_plan(plan)
    planned = [_planned_by(result, stage, stretch) for stage, _ in chain]
    volumes = not kpi.segment and all(value is not None and value > 0 for value in planned)
    rates = {(rate.from_stage, rate.to_stage): rate.rate for rate in plan.rates}
    where = tuple(sorted(kpi.segment.items()))
    counts = [_value(engine, count_metric, judged, where) for _, count_metric in chain]
    stages = tuple(
        StageCount(stage, count_metric, count, plan_count)
        for (stage, count_metric), count, plan_count in zip(chain, counts, planned, strict=True)
    )
    names = [stage for stage, _ in chain]
    factors: tuple[FunnelFactor, ...]
    if cohort:
        factors = tuple(
            FunnelFactor(
                FactorKind.RATE,
                b,
                a,
                _value(engine, _rate_metric(a, b, workspace.catalog), judged, where),
                rates[(a, b)],
                plan_rate=rates[(a, b)],
            )
            for a, b in itertools.pairwise(names)
        )
    elif volumes and all(count is not None for count in counts):
        split = funnel_factors(names, [c or Fraction(0) for c in counts], [p or Fraction(0) for p in planned])
        factors = tuple(
            f if f.from_stage is None else dataclasses.replace(f, plan_rate=rates[(f.from_stage, f.stage)])
            for f in split
        )
    else:
        volumes = False
        factors = tuple(
            FunnelFactor(
                FactorKind.RATE,
                b,
                a,
                count_b / count_a if count_a and count_b is not None else None,
                rates[(a, b)],
                plan_rate=rates[(a, b)],
            )
            for (a, b), count_a, count_b in zip(itertools.pairwise(names), counts, counts[1:], strict=False)
        )
    return FunnelDiagnosis(plan.id, plan.name, names[-1], stages, factors, volumes, cohort)


def _plan_for(
    kpi: Kpi, workspace: Workspace, top: str | None, bottom: str, stretch: Period
) -> tuple[FunnelPlan, list[tuple[str, str]]] | None:
    """The plan to hold the KPI against, and its stages from ``top`` (or as high as stage
    metrics reach) down to ``bottom``, each with its count metric. A plan whose period overlaps
    the stretch comes first, then one for the KPI's goal."""
    goal = next((g.id for g, k in workspace.all_kpis() if k.id == kpi.id and g is not None), None)
    fitting: list[tuple[tuple[int, int, int], FunnelPlan, list[tuple[str, str]]]] = []
    for index, plan in enumerate(workspace.plans):
        metrics = [stage_metric(stage) for stage in plan.stages]
        if bottom not in metrics:
            continue
        end = metrics.index(bottom)
        start = end
        while start > 0 and metrics[start - 1] is not None and (top is None or metrics[start] != top):
            start -= 1
        if top is not None and metrics[start] != top:
            continue
        chain = [(plan.stages[i], str(metrics[i])) for i in range(start, end + 1)]
        overlaps = plan.period is not None and plan.period.overlaps(stretch)
        fitting.append(((0 if overlaps else 1, 0 if plan.goal == goal else 1, index), plan, chain))
    if not fitting:
        return None
    _, plan, chain = min(fitting, key=lambda item: item[0])
    return plan, chain


def _planned_by(result: PlanResult, stage: str, stretch: Period) -> Fraction | None:
    """The plan's number for ``stage`` over ``stretch``: each plan month's number times the
    share of its days inside the stretch. ``None`` when the plan's months miss the stretch."""
    total, touched = Fraction(0), False
    for month in result.months:
        overlap = month.period.intersection(stretch)
        if overlap is not None:
            touched = True
            total += Fraction(month.required(stage) * overlap.days, month.period.days)
    return total if touched else None


def _effective(judged: _Judged) -> Period:
    if judged.as_of is None:
        return judged.period
    return Period.of(judged.period.start, judged.as_of + timedelta(days=1))


def _value(
    engine: MetricEngine,
    metric: str | None,
    judged: _Judged,
    where: tuple[tuple[str, str], ...],
    *,
    cohort: bool = False,
) -> Fraction | None:
    if metric is None:
        return None
    rows = engine.query(MetricRequest(metric, judged.period, None, (), where, as_of=judged.as_of)).rows
    return Fraction(rows[0].value) if rows and rows[0].value is not None else None


def _rate_metric(a: str, b: str, catalog: Catalog) -> str | None:
    """The catalog's cohort rate from stage ``a`` to ``b`` (``mql_to_sql_rate``), if any."""
    first, second = _STAGE_OF_METRIC.get(stage_metric(a) or ""), _STAGE_OF_METRIC.get(stage_metric(b) or "")
    key = f"{first}_to_{second}_rate"
    return key if key in catalog else None


# --- causes --------------------------------------------------------------------------------------


def _causes(kpi: Kpi, breakdowns: Sequence[Breakdown], funnel: FunnelDiagnosis | None) -> list[Cause]:
    """The kinds of cause found, most telling first: the metric's own, the funnel's lagging
    factors, then per dimension the segments behind (and a mix shift)."""
    causes: list[Cause] = []
    if kpi.metric in METRIC_CAUSES:
        causes.append(Cause(METRIC_CAUSES[kpi.metric]))
    if funnel is not None:
        lagging = funnel.lagging()
        total = sum((-f.contribution for f in lagging if f.contribution is not None), Fraction(0))
        for factor in lagging:
            amount = -factor.contribution if factor.contribution is not None and not funnel.cohort else None
            share = amount / total if amount is not None and total else None
            if factor.kind is FactorKind.VOLUME:
                causes.append(Cause("funnel_volume", factor.stage, None, amount, share))
            else:
                assert factor.from_stage is not None
                kind = FUNNEL_STEP_CAUSES.get(
                    (_STAGE_OF_METRIC.get(stage_metric(factor.from_stage) or "", factor.from_stage),
                     _STAGE_OF_METRIC.get(stage_metric(factor.stage) or "", factor.stage)),
                    "funnel_rate",
                )  # fmt: skip
                causes.append(Cause(kind, f"{factor.from_stage} → {factor.stage}", None, amount, share))
    for breakdown in breakdowns:
        if breakdown.comparison is Comparison.NONE and breakdown.spread is not None:
            continue
        for segment, harm, share in breakdown.causes():
            causes.append(
                Cause(SEGMENT_CAUSES[breakdown.dimension], segment.segment, breakdown.dimension, harm, share)
            )
        ratio = breakdown.ratio
        if ratio is not None and ratio.mix is not None and ratio.rate_effect is not None:
            mix_harm, rate_harm = (
                _harm(ratio.mix, breakdown.higher_is_better),
                _harm(ratio.rate_effect, breakdown.higher_is_better),
            )
            if mix_harm > 0 and mix_harm > rate_harm:
                causes.append(Cause("mix_shift", None, breakdown.dimension, mix_harm))
    unique: dict[tuple[str, str | None], Cause] = {}
    for cause in causes:
        unique.setdefault((cause.kind, cause.subject), cause)
    return list(unique.values())


# --- formatting helpers -----------------------------------------------------------------------


def _contribution(segment: SegmentGap | RatioSegment) -> Fraction | None:
    return segment.contribution


def _segment_dict(segment: SegmentGap, breakdown: Breakdown, shortfall: Fraction) -> dict[str, Any]:
    harm = breakdown.harm(segment.contribution)
    return {
        "segment": segment.segment,
        "actual": _number(segment.actual / breakdown.per),
        "expected": _number(None if segment.expected is None else segment.expected / breakdown.per),
        "before": _number(segment.before),
        "contribution": _number(
            None if segment.contribution is None else segment.contribution / breakdown.per
        ),
        "behind": _number(harm),
        "share_of_shortfall": _number(
            harm / shortfall if harm is not None and harm > 0 and shortfall else None
        ),
    }


def _ratio_dict(segment: RatioSegment, breakdown: Breakdown, shortfall: Fraction) -> dict[str, Any]:
    harm = breakdown.harm(segment.contribution)
    return {
        "segment": segment.segment,
        "numerator": _number(segment.numerator),
        "denominator": _number(segment.denominator),
        "rate": _number(segment.rate),
        "weight": _number(segment.weight),
        "contribution": _number(segment.contribution),
        "behind": _number(harm),
        "share_of_shortfall": _number(
            harm / shortfall if harm is not None and harm > 0 and shortfall else None
        ),
        "rate_before": _number(segment.rate_before),
        "weight_before": _number(segment.weight_before),
        "mix_effect": _number(segment.mix),
        "rate_effect": _number(segment.rate_effect),
    }


def _subject(segment: str | None) -> Any:
    if segment is None:
        return ""
    return segment if segment else msg("diagnosis.not_set")


def _shown(value: Fraction, unit: Unit, currency: str) -> Any:
    match unit:
        case Unit.PERCENT:
            return Percent(_decimal(value), 1)
        case Unit.MONEY:
            return Money(_decimal(value, 2), currency)
        case Unit.SECONDS:
            return Seconds(_decimal(value, 0))
        case Unit.MULTIPLE | Unit.SCORE:
            return _decimal(value, 2)
        case _:
            return _count(value)


def _count(value: Fraction | None) -> Any:
    """A count as people read it: whole above 10, one decimal below."""
    if value is None:
        return "—"
    return _decimal(value, 0 if abs(value) >= 10 else 1)


def _decimal(value: Fraction, places: int | None = None) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if places is None:
        return exact
    rounded = exact.quantize(Decimal(1).scaleb(-places))
    return rounded.normalize() if places and rounded == rounded.to_integral_value() else rounded


def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def _number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(value)


def _period_dict(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


__all__ = [
    "CAUSE_KINDS",
    "DIMENSIONS",
    "Breakdown",
    "Cause",
    "Comparison",
    "Diagnosis",
    "DiagnosisState",
    "FactorKind",
    "FunnelDiagnosis",
    "FunnelFactor",
    "PaceKind",
    "RatioSegment",
    "SegmentGap",
    "ShiftShare",
    "Spread",
    "StageCount",
    "breakdown_dimensions",
    "diagnose",
    "funnel_factors",
    "shift_share",
    "spread_gap",
]
