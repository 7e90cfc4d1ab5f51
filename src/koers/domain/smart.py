"""The SMART check of a KPI and the focus ("number soup") warnings of a workspace.

:func:`check_smart` judges one KPI letter by letter and returns a :class:`SmartReport`; it never
raises for a bad KPI. Each letter is ``pass``, ``fail`` or ``unknown``, with a reason and, for
every verdict but ``pass``, a concrete fix. Where data is missing the verdict is ``unknown``,
never ``pass``.

The Realistic rule
------------------
``history`` is the metric's past, one value per month (month start -> value). The KPI's target
is held against a *level* read from that history:

- for an intensive value (a ratio or derived metric, or ``aggregation: ratio``) the level is the
  month's value itself;
- for a count over a span of whole months (a quarter's total, a per-quarter sub-period) the
  level is the rolling sum of that many months, so a Q1 total is compared with three-month totals;
- for a count over a span that is not whole months (a week, a custom range) the target is scaled
  to a monthly rate (``target * 30.4375 / days``) and compared with the monthly values;
- distinct counts (``users``, ``ad_reach``) cannot be summed, so they get ``unknown`` unless the
  span is a single month.

The level must reach the target by the *target month*: the last month of the period (of its last
sub-period for ``last_subperiod``); for ``each_subperiod`` with ``rule: every`` the first
sub-period still ahead of the history, with ``rule: mean`` the middle one. The current level is
the level at the last history month before the target month (or ``kpi.baseline`` where set); the
horizon is the number of months from there to the target month. The change needed (target vs
current level) is held against the change seen over an equally long horizon just before (the level
at the last history month vs the level ``horizon`` months earlier). Changes are relative (+150%)
when the levels are positive, absolute otherwise. ``at_least``: pass when the growth needed is no
more than the growth seen; ``at_most``: pass when the reduction needed is no more than the
reduction seen; ``between``: whichever bound the current level is outside of. A current level that
already meets the target passes. Seed 001: 8,000 to 20,000 visitors a month in twelve months needs
+150%, the twelve months before grew +100% (4,000 to 8,000): fail.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.journey import JourneyModel
from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.metric import Catalog, MetricDef, MetricKind, SourceKind, Unit, walk_inputs
from koers.domain.period import Grain, Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Money, Msg, Percent, Seconds, msg

History = Sequence[tuple[date, Decimal | int]]
"""A metric's past values per month: ``(first day of the month, value)``, in any order."""

HistoryFor = Callable[[Kpi], History | None]
"""Gives the history of a KPI's metric (for its segment), or ``None`` where there is none."""

AVERAGE_MONTH_DAYS = Decimal("30.4375")
"""Days in an average month (365.25 / 12): scales a weekly or custom-range target to a month."""

_EXAMPLE_METRICS = ("new_users", "sessions", "leads", "revenue")


class Verdict(StrEnum):
    """The outcome of one SMART letter, or of a whole report."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


class Letter(StrEnum):
    """The letters of SMART; each value is the letter itself (``Letter.SPECIFIC == "S"``)."""

    SPECIFIC = "S"
    MEASURABLE = "M"
    ACCEPTABLE = "A"
    REALISTIC = "R"
    TIME_BOUND = "T"

    @property
    def label(self) -> Msg:
        """The letter's name: Specifiek / Specific..."""
        return msg(f"smart.letter.{self.value}")


@dataclass(frozen=True, slots=True)
class LetterCheck:
    """The verdict on one letter, why, and (for every verdict but pass) what to do about it.

    ``facts`` holds the numbers behind the verdict where there are any (the Realistic check's
    levels and changes), so that the verdict can be explained and tested.
    """

    letter: Letter
    verdict: Verdict
    reason: Msg
    fix: Msg | None = None
    facts: Mapping[str, Decimal | int] = field(default_factory=dict)

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        """JSON-ready: letter, its name, verdict, reason and fix as text in ``lang``."""
        return {
            "letter": self.letter.value,
            "name": self.letter.label.render(lang),
            "verdict": self.verdict.value,
            "reason": self.reason.render(lang),
            "fix": self.fix.render(lang) if self.fix is not None else None,
            "facts": {key: str(value) for key, value in self.facts.items()},
        }


def overall_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """``fail`` if any fails, else ``unknown`` if any is unknown, else ``pass``."""
    seen = set(verdicts)
    if Verdict.FAIL in seen:
        return Verdict.FAIL
    if Verdict.UNKNOWN in seen:
        return Verdict.UNKNOWN
    return Verdict.PASS


@dataclass(frozen=True, slots=True)
class SmartReport:
    """The SMART check of one KPI: a :class:`LetterCheck` for each of S, M, A, R and T."""

    kpi_id: str
    letters: tuple[LetterCheck, ...]

    @property
    def verdict(self) -> Verdict:
        """Fail if any letter fails, unknown if any is unknown, else pass."""
        return overall_verdict(check.verdict for check in self.letters)

    def letter(self, letter: Letter | str) -> LetterCheck:
        """The check of one letter (``report.letter("R")``)."""
        wanted = Letter(letter)
        return next(check for check in self.letters if check.letter is wanted)

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        """JSON-ready: the KPI id, the overall verdict and every letter's check."""
        return {
            "kpi": self.kpi_id,
            "verdict": self.verdict.value,
            "letters": [check.to_dict(lang) for check in self.letters],
        }


def check_smart(
    kpi: Kpi,
    *,
    catalog: Mapping[str, MetricDef],
    journey: JourneyModel | None = None,
    history: History | None = None,
    measurable: Set[str] | None = None,
    today: date | None = None,
    currency: str = "EUR",
) -> SmartReport:
    """Judge ``kpi`` on each SMART letter.

    ``catalog`` holds the metrics the KPI may use; ``journey`` the workspace's journey model (the
    KPI's phase must be one of its phases). ``history`` is the metric's past per month (see the
    module docstring for how Realistic uses it). ``measurable`` is the set of metric keys the data
    layer has data for, or ``None`` while no source is connected. ``today`` only adds a note when
    the period is over; ``currency`` is used to show amounts of money.
    """
    metric = catalog.get(kpi.metric)
    return SmartReport(
        kpi_id=kpi.id,
        letters=(
            _check_specific(kpi, metric, catalog, journey, currency),
            _check_measurable(kpi, metric, catalog, measurable),
            _check_acceptable(kpi),
            _check_realistic(kpi, metric, catalog, history, currency),
            _check_time_bound(kpi, today),
        ),
    )


# --- S ---------------------------------------------------------------------------------------


def _check_specific(
    kpi: Kpi,
    metric: MetricDef | None,
    catalog: Mapping[str, MetricDef],
    journey: JourneyModel | None,
    currency: str,
) -> LetterCheck:
    def fail(reason: Msg, fix: Msg) -> LetterCheck:
        return LetterCheck(Letter.SPECIFIC, Verdict.FAIL, reason, fix)

    if metric is None:
        return fail(
            msg("smart.specific.unknown_metric", metric=kpi.metric), _catalog_fix(kpi.metric, catalog)
        )
    bounds = [kpi.target] if kpi.target_upper is None else [kpi.target, kpi.target_upper]
    for bound in bounds:
        if not isinstance(bound, Decimal) or not bound.is_finite():
            return fail(
                msg("smart.specific.target_not_number", target=str(bound)), msg("smart.fix.target_number")
            )
    if kpi.comparator is Comparator.BETWEEN and kpi.target_upper is None:
        return fail(msg("smart.specific.between_no_upper"), msg("smart.fix.between_upper"))
    if kpi.aggregation.needs_subperiod and kpi.subperiod is None:
        return fail(
            msg("smart.specific.no_subperiod", aggregation=kpi.aggregation.value), msg("smart.fix.subperiod")
        )
    if kpi.unit is not None and kpi.unit is not metric.unit:
        unit_names = {"unit": _unit_name(kpi.unit), "metric_unit": _unit_name(metric.unit)}
        return fail(
            msg("smart.specific.unit_mismatch", metric=metric.name, **unit_names),
            msg("smart.fix.unit", metric_unit=unit_names["metric_unit"]),
        )
    for bound in bounds:
        problem = _range_problem(metric, bound)
        if problem is not None:
            return fail(*problem)
    if journey is not None and kpi.phase is not None and kpi.phase not in journey.phase_keys:
        return fail(
            msg("smart.specific.unknown_phase", phase=kpi.phase, journey=journey.name),
            msg("smart.fix.phase", phases=list(journey.phase_keys)),
        )
    target = _show(kpi.target, metric.unit, currency)
    match kpi.comparator:
        case Comparator.BETWEEN:
            assert kpi.target_upper is not None
            upper = _show(kpi.target_upper, metric.unit, currency)
            direction = msg("smart.direction.between", target=target, upper=upper)
        case comparator:
            direction = msg(f"smart.direction.{comparator.value}", target=target)
    params: dict[str, Any] = {
        "metric": metric.name,
        "direction": direction,
        "aggregation": _aggregation_phrase(kpi),
    }
    if kpi.segment:
        params["segment"] = [f"{key}={value}" for key, value in sorted(kpi.segment.items())]
        return LetterCheck(Letter.SPECIFIC, Verdict.PASS, msg("smart.specific.pass_segment", **params))
    return LetterCheck(Letter.SPECIFIC, Verdict.PASS, msg("smart.specific.pass", **params))


def _catalog_fix(key: str, catalog: Mapping[str, MetricDef]) -> Msg:
    close = difflib.get_close_matches(key, list(catalog), n=3, cutoff=0.6)
    if close:
        return msg("smart.fix.unknown_metric_close", suggestions=close)
    examples = [example for example in _EXAMPLE_METRICS if example in catalog] or sorted(catalog)[:3]
    return msg("smart.fix.unknown_metric", examples=examples)


def _range_problem(metric: MetricDef, target: Decimal) -> tuple[Msg, Msg] | None:
    """Whether ``target`` makes sense for the metric's unit: (reason, fix) when it does not."""
    match metric.unit:
        case Unit.PERCENT if metric.kind is not MetricKind.DERIVED:
            # rates and shares lie in [0, 1]; a derived percentage such as ROI may go beyond
            if 0 <= target <= 1:
                return None
            reason = msg("smart.specific.percent_range", metric=metric.name, target=target)
            if 1 < target <= 100:
                fraction = target / 100
                return reason, msg("smart.fix.percent_as_fraction", percent=target, fraction=_plain(fraction))
            return reason, msg("smart.fix.percent_range")
        case Unit.SCORE:
            if -100 <= target <= 100:
                return None
            return (
                msg("smart.specific.score_range", metric=metric.name, target=target),
                msg("smart.fix.score_range"),
            )
        case Unit.COUNT | Unit.MONEY | Unit.SECONDS | Unit.MULTIPLE:
            if target >= 0:
                return None
            return msg("smart.specific.negative", metric=metric.name, target=target), msg(
                "smart.fix.not_negative"
            )
        case _:
            return None


def _aggregation_phrase(kpi: Kpi) -> Msg:
    grain = kpi.subperiod or Grain.MONTH
    match kpi.aggregation:
        case Aggregation.LAST_SUBPERIOD:
            return msg(f"smart.grain.{grain.value}.last")
        case Aggregation.EACH_SUBPERIOD if kpi.subperiod_rule is SubperiodRule.MEAN:
            return msg("smart.aggregation.each_mean", per=msg(f"smart.grain.{grain.value}.per"))
        case Aggregation.EACH_SUBPERIOD:
            return msg(f"smart.grain.{grain.value}.every")
        case aggregation:
            return msg(f"smart.aggregation.{aggregation.value}")


# --- M ---------------------------------------------------------------------------------------


def _check_measurable(
    kpi: Kpi, metric: MetricDef | None, catalog: Mapping[str, MetricDef], measurable: Set[str] | None
) -> LetterCheck:
    if metric is None:
        return LetterCheck(
            Letter.MEASURABLE,
            Verdict.FAIL,
            msg("smart.measurable.unknown_metric", metric=kpi.metric),
            _catalog_fix(kpi.metric, catalog),
        )
    inputs = _base_inputs(metric.key, catalog)
    if measurable is None:
        return LetterCheck(
            Letter.MEASURABLE,
            Verdict.UNKNOWN,
            msg("smart.measurable.no_source"),
            msg("smart.fix.connect_source", sources=_source_names(inputs, catalog)),
        )
    if metric.key in measurable:
        return LetterCheck(Letter.MEASURABLE, Verdict.PASS, msg("smart.measurable.pass", metric=metric.name))
    missing = [key for key in inputs if key not in measurable]
    if metric.kind is not MetricKind.BASE and not missing:
        names = [_metric_name(key, catalog) for key in inputs]
        return LetterCheck(
            Letter.MEASURABLE,
            Verdict.PASS,
            msg("smart.measurable.pass_inputs", metric=metric.name, inputs=names),
        )
    missing = missing or [metric.key]
    missing_names = [_metric_name(key, catalog) for key in missing]
    return LetterCheck(
        Letter.MEASURABLE,
        Verdict.FAIL,
        msg("smart.measurable.no_data", missing=missing_names),
        msg("smart.fix.import_data", missing=missing_names, sources=_source_names(missing, catalog)),
    )


def _base_inputs(key: str, catalog: Mapping[str, MetricDef]) -> list[str]:
    """The base (or unknown) metrics ``key`` is computed from, in order."""
    if key in catalog and catalog[key].kind is MetricKind.BASE:
        return [key]
    return [
        part
        for part in walk_inputs(key, catalog)
        if part not in catalog or catalog[part].kind is MetricKind.BASE
    ]


def _source_names(keys: Iterable[str], catalog: Mapping[str, MetricDef]) -> list[Msg]:
    kinds: list[SourceKind] = []
    for key in keys:
        metric = catalog.get(key)
        kind = metric.source if metric is not None and metric.source is not None else SourceKind.CUSTOM
        if kind not in kinds:
            kinds.append(kind)
    return [msg(f"smart.source.{kind.value}") for kind in kinds]


def _metric_name(key: str, catalog: Mapping[str, MetricDef]) -> Any:
    metric = catalog.get(key)
    return metric.name if metric is not None else key


# --- A ---------------------------------------------------------------------------------------


def _check_acceptable(kpi: Kpi) -> LetterCheck:
    if kpi.accepted is None:
        return LetterCheck(
            Letter.ACCEPTABLE, Verdict.FAIL, msg("smart.acceptable.fail"), msg("smart.fix.accept")
        )
    return LetterCheck(
        Letter.ACCEPTABLE,
        Verdict.PASS,
        msg("smart.acceptable.pass", by=kpi.accepted.by, on=kpi.accepted.on),
    )


# --- R ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """Where and how the target is compared with monthly history."""

    target_month: int  # month index (year * 12 + month - 1) at which the level must meet the target
    window: int  # months summed into one level
    scale: Decimal  # KPI terms -> level terms (1 unless a count target is turned into a monthly rate)


def _check_realistic(
    kpi: Kpi,
    metric: MetricDef | None,
    catalog: Mapping[str, MetricDef],
    history: History | None,
    currency: str,
) -> LetterCheck:
    def unknown(reason: Msg, fix: Msg, **facts: Decimal | int) -> LetterCheck:
        return LetterCheck(Letter.REALISTIC, Verdict.UNKNOWN, reason, fix, facts)

    if metric is None:
        return unknown(msg("smart.realistic.unknown_metric"), _catalog_fix(kpi.metric, catalog))
    if kpi.period is None:
        return unknown(msg("smart.realistic.no_period"), msg("smart.fix.period"))

    months = _monthly(history or ())
    spans = _realism_spans(kpi, kpi.period)
    last_seen = max(months) if months else None
    span_period = spans[-1]
    if kpi.aggregation is Aggregation.EACH_SUBPERIOD and kpi.subperiod_rule is SubperiodRule.EVERY:
        # every sub-period must meet the target: the next one still ahead of the history binds
        ahead = [piece for piece in spans if last_seen is None or _month_index(piece.last_day) > last_seen]
        span_period = ahead[0] if ahead else spans[-1]
    span = _span(kpi, metric, span_period)
    if span is None:
        whole_months = _month_index(span_period.end) - _month_index(span_period.start)
        return unknown(
            msg("smart.realistic.non_additive", metric=metric.name, span=_months_phrase(whole_months)),
            msg("smart.fix.non_additive"),
        )

    before_target = {month: value for month, value in months.items() if month < span.target_month}
    unit = metric.unit
    # without history before the target month, judge from the month before the period starts
    last = max(before_target) if before_target else _month_index(kpi.period.start) - 1
    horizon = span.target_month - last
    earlier_month = last - horizon
    needed_months = _window(earlier_month, span.window) | _window(last, span.window)
    first_needed = min(needed_months)

    if not months:
        fix = msg(
            "smart.fix.import_history",
            metric=metric.name,
            first=_month_msg(first_needed),
            count=last - first_needed + 1,
        )
        if kpi.baseline is None:
            return unknown(msg("smart.realistic.no_history", metric=metric.name), fix)
        current = kpi.baseline * span.scale
        outcome = _compare(kpi, current, None, span.scale)
        if outcome.met:
            return _met(current, outcome.target, span, unit, currency)
        shown = _shower(span, unit, currency)
        return unknown(
            msg(
                "smart.realistic.no_history_baseline",
                current=shown(current),
                target=shown(outcome.target),
                needed=_change(outcome.needed, outcome.relative, unit, currency),
                span=_months_phrase(horizon),
                metric=metric.name,
            ),
            fix,
            current=current,
            target=outcome.target,
            needed=outcome.needed,
            months=horizon,
        )

    missing = sorted(needed_months - before_target.keys())
    if missing:
        return unknown(
            msg(
                "smart.realistic.short_history",
                span=_months_phrase(horizon),
                metric=metric.name,
                first=_month_msg(first_needed),
                last=_month_msg(last),
                gap=_months_phrase(len(missing)),
                first_missing=_month_msg(missing[0]),
            ),
            msg("smart.fix.import_missing_history", metric=metric.name, first=_month_msg(missing[0])),
        )

    def level(month: int) -> Decimal:
        return sum((before_target[m] for m in _window(month, span.window)), Decimal(0))

    latest, earlier = level(last), level(earlier_month)
    # the baseline, where set, is the level the team states it starts from; the trend is history's
    current = kpi.baseline * span.scale if kpi.baseline is not None else latest
    outcome = _compare(kpi, current, (earlier, latest), span.scale)
    if outcome.met:
        return _met(current, outcome.target, span, unit, currency)
    assert outcome.seen is not None
    shown = _shower(span, unit, currency)
    params = {
        "current": shown(current),
        "target": shown(outcome.target),
        "earlier": shown(earlier),
        "latest": shown(latest),
        "needed": _change(outcome.needed, outcome.relative, unit, currency),
        "seen": _change(outcome.seen, outcome.relative, unit, currency),
        "span": _months_phrase(horizon),
        "before": _before_phrase(horizon),
    }
    facts: dict[str, Decimal | int] = {
        "current": current,
        "target": outcome.target,
        "earlier": earlier,
        "latest": latest,
        "needed": outcome.needed,
        "seen": outcome.seen,
        "months": horizon,
        "window": span.window,
    }
    upward = outcome.upward
    realistic = outcome.needed <= outcome.seen if upward else outcome.needed >= outcome.seen
    if realistic:
        return LetterCheck(Letter.REALISTIC, Verdict.PASS, msg("smart.realistic.pass", **params), None, facts)
    trend = current * (1 + outcome.seen) if outcome.relative else current + outcome.seen
    # a falling trend does not make "lower the target below today" the advice for an at-least KPI
    trend = max(trend, current) if upward else min(trend, current)
    suggestion = trend / span.scale
    if unit is Unit.COUNT:  # a count target is a whole number
        suggestion = suggestion.quantize(Decimal(1), ROUND_HALF_UP)
    suggested = _show(_tidy(suggestion, unit), unit, currency)
    return LetterCheck(
        Letter.REALISTIC,
        Verdict.FAIL,
        msg("smart.realistic.fail", **params),
        msg("smart.fix.realistic_target", suggested=suggested),
        facts,
    )


@dataclass(frozen=True, slots=True)
class _Outcome:
    met: bool
    upward: bool  # the target asks for growth (at least) rather than a reduction (at most)
    target: Decimal  # in level terms: the bound the current level has to reach
    relative: bool  # changes as fractions (+150%) rather than in the metric's unit (+30)
    needed: Decimal
    seen: Decimal | None


def _compare(kpi: Kpi, current: Decimal, trend: tuple[Decimal, Decimal] | None, scale: Decimal) -> _Outcome:
    """The change the target needs from ``current``, and the one seen from ``trend`` (earlier, latest)."""
    lower = kpi.target * scale
    match kpi.comparator:
        case Comparator.AT_LEAST:
            upward, target = True, lower
        case Comparator.AT_MOST:
            upward, target = False, lower
        case Comparator.BETWEEN:
            assert kpi.target_upper is not None
            upper = kpi.target_upper * scale
            upward = current < lower
            target = lower if upward else upper
    met = current >= target if upward else current <= target
    relative = current > 0 and (trend is None or min(trend) > 0)
    seen: Decimal | None = None
    if relative:
        needed = target / current - 1
        if trend is not None:
            seen = trend[1] / trend[0] - 1
    else:
        needed = target - current
        if trend is not None:
            seen = trend[1] - trend[0]
    return _Outcome(met, upward, target, relative, needed, seen)


def _met(current: Decimal, target: Decimal, span: _Span, unit: Unit, currency: str) -> LetterCheck:
    shown = _shower(span, unit, currency)
    return LetterCheck(
        Letter.REALISTIC,
        Verdict.PASS,
        msg("smart.realistic.met", current=shown(current), target=shown(target)),
        None,
        {"current": current, "target": target},
    )


def _realism_spans(kpi: Kpi, period: Period) -> list[Period]:
    """The stretches of time the target counts over: the period, or its sub-periods."""
    if kpi.subperiod is None or not kpi.aggregation.needs_subperiod:
        return [period]
    pieces = list(period.complete_subperiods(kpi.subperiod) or period.subperiods(kpi.subperiod))
    if kpi.aggregation is Aggregation.LAST_SUBPERIOD:
        return [pieces[-1]]
    if kpi.subperiod_rule is SubperiodRule.MEAN:
        # with steady growth the mean over the sub-periods is the value halfway
        return [pieces[len(pieces) // 2]]
    return pieces


def _span(kpi: Kpi, metric: MetricDef, piece: Period) -> _Span | None:
    """How to compare a target over ``piece`` with monthly values; ``None`` when it cannot be."""
    target_month = _month_index(piece.last_day)
    if metric.kind is not MetricKind.BASE or kpi.aggregation is Aggregation.RATIO:
        return _Span(target_month, 1, Decimal(1))
    if piece.start.day == 1 and piece.end.day == 1:
        window = _month_index(piece.end) - _month_index(piece.start)
        if window > 1 and not metric.is_additive:
            return None
        return _Span(target_month, window, Decimal(1))
    if not metric.is_additive:
        return None
    return _Span(target_month, 1, AVERAGE_MONTH_DAYS / piece.days)


def _monthly(history: History) -> dict[int, Decimal]:
    """History by month index; a later entry for the same month wins."""
    return {_month_index(day): Decimal(value) for day, value in history}


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _window(last: int, size: int) -> set[int]:
    return set(range(last - size + 1, last + 1))


def _month_msg(index: int) -> Msg:
    year, month = divmod(index, 12)
    return msg(f"smart.month.{month + 1}", year=str(year))


def _months_phrase(count: int) -> Msg:
    return msg("smart.span.one") if count == 1 else msg("smart.span.many", n=count)


def _before_phrase(count: int) -> Msg:
    return msg("smart.before.one") if count == 1 else msg("smart.before.many", n=count)


def _change(value: Decimal, relative: bool, unit: Unit, currency: str) -> Msg:
    size: Any = Percent(abs(value)) if relative else _show(_tidy(abs(value), unit), unit, currency)
    return msg("smart.change.up" if value >= 0 else "smart.change.down", value=size)


def _shower(span: _Span, unit: Unit, currency: str) -> Callable[[Decimal], Any]:
    """Shows a level: in the metric's unit, and "per month" when the target was made a rate."""

    def show(value: Decimal) -> Any:
        shown = _show(_tidy(value, unit), unit, currency)
        return msg("smart.per_month", value=shown) if span.scale != 1 else shown

    return show


# --- T ---------------------------------------------------------------------------------------


def _check_time_bound(kpi: Kpi, today: date | None) -> LetterCheck:
    period = kpi.period
    if period is None:
        return LetterCheck(
            Letter.TIME_BOUND, Verdict.FAIL, msg("smart.time.no_period"), msg("smart.fix.time_period")
        )
    dates = {"start": period.start, "last_day": period.last_day}
    grain = kpi.subperiod
    if kpi.aggregation.needs_subperiod and grain is not None:
        whole = period.complete_subperiods(grain)
        own = period.grain
        if not whole or (own is not None and own.order < grain.order):
            phrase = msg(f"smart.grain.{grain.value}.whole")
            return LetterCheck(
                Letter.TIME_BOUND,
                Verdict.FAIL,
                msg("smart.time.no_whole_subperiod", whole=phrase, **dates),
                msg("smart.fix.time_whole_subperiod", whole=phrase),
            )
        if kpi.aggregation is Aggregation.LAST_SUBPERIOD and period.subperiods(grain)[-1] != whole[-1]:
            return LetterCheck(
                Letter.TIME_BOUND,
                Verdict.FAIL,
                msg(
                    "smart.time.partial_last",
                    last_day=period.last_day,
                    name=msg(f"smart.grain.{grain.value}.name"),
                ),
                msg("smart.fix.time_partial_last", suggested=whole[-1].last_day),
            )
    if today is not None and period.end <= today:
        return LetterCheck(Letter.TIME_BOUND, Verdict.PASS, msg("smart.time.pass_over", **dates))
    return LetterCheck(Letter.TIME_BOUND, Verdict.PASS, msg("smart.time.pass", **dates))


# --- showing values --------------------------------------------------------------------------


def _show(value: Decimal, unit: Unit, currency: str) -> Any:
    """A value wrapped for the translation layer by its unit (a fraction shows as a percentage)."""
    match unit:
        case Unit.PERCENT:
            return Percent(value)
        case Unit.MONEY:
            return Money(value, currency)
        case Unit.SECONDS:
            return Seconds(value)
        case _:
            return value


def _tidy(value: Decimal, unit: Unit) -> Decimal:
    """A computed value rounded for reading: whole numbers from 100 up, else two decimals at most."""
    if unit is Unit.PERCENT:
        return value.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    if unit is Unit.MONEY:
        return value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    if abs(value) >= 100:
        return value.quantize(Decimal(1), ROUND_HALF_UP)
    rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    for places in (Decimal(1), Decimal("0.1")):
        if rounded == rounded.quantize(places):
            return rounded.quantize(places)
    return rounded


def _plain(value: Decimal) -> str:
    """A number as it is written in a workspace file: ``0.4``, never ``4E-1`` or ``0,4``."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unit_name(unit: Unit) -> Msg:
    return msg(f"smart.unit.{unit.value}")


# --- focus -----------------------------------------------------------------------------------


class FocusKind(StrEnum):
    """The kinds of "number soup" (cijferbrij) warnings of seed 004."""

    KPI_WITHOUT_GOAL = "kpi_without_goal"
    TOO_MANY_ON_GOAL = "too_many_on_goal"
    TOO_MANY_KPIS = "too_many_kpis"
    UNTIED_METRIC = "untied_metric"
    GOAL_WITHOUT_KPIS = "goal_without_kpis"
    DUPLICATE_KPI = "duplicate_kpi"
    PHASE_WITHOUT_KPI = "phase_without_kpi"


@dataclass(frozen=True, slots=True)
class FocusWarning:
    """A focus problem, with its place in the workspace file (``goals[0]``, ``kpis[2]``, or
    ``""`` for the workspace as a whole) and what to do about it."""

    path: str
    kind: FocusKind
    message: Msg
    fix: Msg

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        """JSON-ready: path, kind, message and fix as text in ``lang``."""
        return {
            "path": self.path,
            "kind": self.kind.value,
            "message": self.message.render(lang),
            "fix": self.fix.render(lang),
        }


def check_focus(workspace: Workspace) -> list[FocusWarning]:
    """The "number soup" warnings of ``workspace``, in the order of the workspace file.

    A tracked metric counts as tied to a goal when a KPI under a goal uses it, directly or as an
    input of its ratio or formula (tracking ``leads`` for a cost-per-lead KPI is fine). Journey
    coverage is :func:`phase_coverage`; phases of the journey model without any KPI are warned
    about with the path ``journey``.
    """
    warnings: list[FocusWarning] = []
    focus = workspace.focus
    catalog = _workspace_catalog(workspace)
    places = list(workspace.kpi_places())

    for index, goal in enumerate(workspace.goals):
        path = f"goals[{index}]"
        if not goal.kpis:
            warnings.append(
                FocusWarning(
                    path,
                    FocusKind.GOAL_WITHOUT_KPIS,
                    msg("focus.goal_without_kpis", goal=goal.name),
                    msg("focus.fix.goal_without_kpis"),
                )
            )
        elif len(goal.kpis) > focus.max_kpis_per_goal:
            warnings.append(
                FocusWarning(
                    path,
                    FocusKind.TOO_MANY_ON_GOAL,
                    msg(
                        "focus.too_many_on_goal",
                        goal=goal.name,
                        count=len(goal.kpis),
                        max=focus.max_kpis_per_goal,
                    ),
                    msg("focus.fix.too_many_on_goal", max=focus.max_kpis_per_goal),
                )
            )
    for index, kpi in enumerate(workspace.kpis):
        warnings.append(
            FocusWarning(
                f"kpis[{index}]",
                FocusKind.KPI_WITHOUT_GOAL,
                msg("focus.kpi_without_goal", kpi=kpi.name),
                msg("focus.fix.kpi_without_goal"),
            )
        )
    if len(places) > focus.max_kpis:
        warnings.append(
            FocusWarning(
                "",
                FocusKind.TOO_MANY_KPIS,
                msg("focus.too_many", count=len(places), max=focus.max_kpis),
                msg("focus.fix.too_many"),
            )
        )

    first_seen: dict[tuple[Any, ...], Kpi] = {}
    for path, _, kpi in places:
        identity = _kpi_identity(kpi)
        other = first_seen.setdefault(identity, kpi)
        if other is not kpi:
            warnings.append(
                FocusWarning(
                    path,
                    FocusKind.DUPLICATE_KPI,
                    msg("focus.duplicate_kpi", kpi=kpi.name, other=other.name),
                    msg("focus.fix.duplicate_kpi"),
                )
            )

    tied: set[str] = set()
    for _, owner, kpi in places:
        if owner is not None:
            tied.add(kpi.metric)
            tied.update(walk_inputs(kpi.metric, catalog))
    for index, key in enumerate(workspace.tracked_metrics):
        if key not in tied:
            warnings.append(
                FocusWarning(
                    f"tracked_metrics[{index}]",
                    FocusKind.UNTIED_METRIC,
                    msg("focus.untied_metric", metric=_metric_name(key, catalog)),
                    msg("focus.fix.untied_metric"),
                )
            )

    journey = _journey(workspace)
    if journey is not None:
        for phase_key, kpi_ids in phase_coverage(workspace).items():
            if kpi_ids:
                continue
            phase = journey.phase(phase_key)
            examples = [key for key, metric in catalog.items() if phase.stage and metric.stage is phase.stage]
            fix = (
                msg("focus.fix.phase_without_kpi", examples=examples[:3])
                if examples
                else msg("focus.fix.phase_without_kpi_plain")
            )
            warnings.append(
                FocusWarning(
                    "journey",
                    FocusKind.PHASE_WITHOUT_KPI,
                    msg("focus.phase_without_kpi", phase=phase.name, journey=journey.name),
                    fix,
                )
            )
    return warnings


def phase_coverage(workspace: Workspace) -> dict[str, list[str]]:
    """For each phase of the workspace's journey model, in order, the ids of the KPIs in it.

    A KPI without a phase counts in the first phase that stands for its metric's stage
    (``new_users`` is an awareness metric, so it sits in See); a KPI whose phase is not in the
    model counts nowhere. An unknown journey model gives an empty dict.
    """
    journey = _journey(workspace)
    if journey is None:
        return {}
    catalog = _workspace_catalog(workspace)
    coverage: dict[str, list[str]] = {key: [] for key in journey.phase_keys}
    for _, _, kpi in workspace.kpi_places():
        phase_key = kpi.phase
        if phase_key is None:
            metric = catalog.get(kpi.metric)
            phase = journey.phase_for_stage(metric.stage) if metric is not None else None
            phase_key = phase.key if phase is not None else None
        if phase_key in coverage:
            coverage[phase_key].append(kpi.id)
    return coverage


def _kpi_identity(kpi: Kpi) -> tuple[Any, ...]:
    """What makes two KPIs measure the same thing (the target and the comparator do not)."""
    period = (kpi.period.start, kpi.period.end) if kpi.period is not None else None
    subperiod = (kpi.subperiod, kpi.subperiod_rule) if kpi.aggregation.needs_subperiod else None
    return (kpi.metric, tuple(sorted(kpi.segment.items())), period, kpi.aggregation, subperiod)


def _journey(workspace: Workspace) -> JourneyModel | None:
    try:
        return workspace.journey_model
    except KeyError:  # an unknown journey is reported by validate_workspace
        return None


def _workspace_catalog(workspace: Workspace) -> Mapping[str, MetricDef]:
    """The workspace's catalog; a reused key (reported by validate_workspace) keeps the standard one."""
    try:
        return workspace.catalog
    except ValueError:
        own = [metric for metric in workspace.metrics if metric.key not in STANDARD_CATALOG]
        unique = {metric.key: metric for metric in own}
        return Catalog([*STANDARD_CATALOG.values(), *unique.values()])


# --- the whole workspace ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkspaceReport:
    """The SMART reports of every KPI (by its place in the workspace file) and the focus warnings."""

    workspace_id: str
    smart: dict[str, SmartReport]
    focus: tuple[FocusWarning, ...]

    @property
    def verdict(self) -> Verdict:
        """The worst SMART verdict over all KPIs (pass for a workspace without KPIs)."""
        return overall_verdict(report.verdict for report in self.smart.values())

    def for_kpi(self, kpi_id: str) -> SmartReport:
        """The SMART report of the KPI with id ``kpi_id``."""
        return next(report for report in self.smart.values() if report.kpi_id == kpi_id)

    def to_dict(self, lang: Lang | str) -> dict[str, Any]:
        """JSON-ready: every KPI's report with its path, and the focus warnings, as text in ``lang``."""
        return {
            "workspace": self.workspace_id,
            "verdict": self.verdict.value,
            "kpis": [{"path": path, **report.to_dict(lang)} for path, report in self.smart.items()],
            "focus": [warning.to_dict(lang) for warning in self.focus],
        }


def check_workspace(
    workspace: Workspace,
    *,
    history_for: HistoryFor | None = None,
    measurable: Set[str] | None = None,
    today: date | None = None,
) -> WorkspaceReport:
    """The SMART check of every KPI in ``workspace`` plus its focus warnings.

    ``history_for`` gives each KPI's metric history (see :func:`check_smart`); ``measurable`` is
    the set of metric keys with data, or ``None`` while no source is connected.
    """
    catalog = _workspace_catalog(workspace)
    journey = _journey(workspace)
    smart = {
        path: check_smart(
            kpi,
            catalog=catalog,
            journey=journey,
            history=history_for(kpi) if history_for is not None else None,
            measurable=measurable,
            today=today,
            currency=workspace.currency,
        )
        for path, _, kpi in workspace.kpi_places()
    }
    return WorkspaceReport(workspace.id, smart, tuple(check_focus(workspace)))
