"""The forecast of a KPI for the end of its period: a value, an 80% interval and the probability
of reaching the target.

The method, in short: **simulate the rest of the period day by day, a thousand times, from a
statsmodels exponential-smoothing model of the KPI's metric per week, shaped by last year's
season and by the weekday pattern; then compute the KPI from each simulated period the way the
KPI itself is computed** (total, ratio, last sub-period, worst or mean of the sub-periods). The
80% interval is the 10th to the 90th percentile of the simulated values, the forecast their
median, and the probability the share of simulations that meet the target.

Why this way:

- **Weekly blocks.** Marketing series have a strong week rhythm (Sunday evenings, quiet
  Saturdays) and a lot of day-to-day noise. The model is fitted on sums over 7-day blocks that
  end the day before the last known day (that day may still be filling up), so every block holds
  each weekday once: the week rhythm drops out of the fit and the noise averages down. A
  simulated week is spread over its days by the weekday pattern of the same weeks, with the
  day-to-day scatter the history shows (a Dirichlet draw whose concentration is measured on the
  history) where the period cuts a week: the first and the last week ahead.
- **Simple exponential smoothing, ETS(A,N,N), on the log scale**
  (:class:`statsmodels.tsa.holtwinters.SimpleExpSmoothing`, fitted by least squares of the
  one-step errors, on the last 26 weeks at most, leaving out the start-up weeks of a source:
  leading weeks below a fifth of the usual level). A local level that the data may move: how
  fast it moves (``alpha``) is estimated, so a stable series gets a steady level and narrow
  intervals, and a series that shifts (a campaign, a new lead source) gets a level that follows
  and intervals that widen with the horizon. The log scale makes changes relative (a 10% better
  week, not 10 more leads) and keeps simulations positive. No trend: a trend extrapolated over a
  quarter is the classic way to be confidently wrong; growth shows up as a level that keeps
  moving, and in last year's season. Simulation errors are normal with the fit's variance
  (degrees of freedom corrected); the fitted level itself is an estimate, so each path also
  draws its starting level, as uncertain as a mean of the weeks it rests on.
- **Last year's season** (seed 002: a seasonal shop compares with its own season, not with a
  straight line): when the data reaches back a year before at least 8 of the weeks the model
  needs and before every day ahead, each day's value is divided by last year's level around
  the same day (the mean of the 28 days centred on the day 364 days earlier: the same weekday,
  and smooth enough not to copy last year's noise). The model then follows *this year against
  last year*, and the simulated rest of the period is multiplied back by last year's shape: a
  quiet December is expected to be quiet. Last year's level ahead is itself a noisy sum, so the
  paths also draw its error. Without a year of history the level is carried forward.
- **Ratios and averages** (conversion rate, time per user) are forecast as a weekly ratio level
  (the same model, without the season: a rate's season is weak next to the season of the volumes
  it divides) times a simulated denominator, so that the period's ratio is weighted the way the
  engine computes it: the period's numerator over its denominator. A cohort rate is forecast
  from the conversions so far (recent entrants may still convert: said in the notes).
- **Counts that are not additive** (distinct users over a range) are simulated through their
  daily values and scaled by the ratio between the KPI's real value so far and the sum of its
  daily values so far. That assumes the overlap between days stays as it was: an approximation,
  said in the notes. A metric that only GA4's range reports hold for past dates cannot be read
  per day there: no forecast rather than one query per day.
- **Checked, not assumed**: :mod:`koers.monitor.backtest` replays history and measures how often
  the 80% interval held the outcome (0.79 on the demo shop, 0.83 on the Olist funnel).

It is fast on purpose: a forecast takes 5 to 20 ms after the one query for the daily history,
because the status of every KPI is computed on every page and every alert run.
"""

from __future__ import annotations

import hashlib
import warnings
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray
from statsmodels.tsa.holtwinters import SimpleExpSmoothing

from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.metric import MetricDef, MetricKind, RateBasis
from koers.domain.period import Grain, Period
from koers.i18n import Lang, Msg, msg
from koers.metrics.actuals import KpiActual
from koers.metrics.bindings import Binding, Span, bindings_for
from koers.metrics.engine import MetricEngine, MetricRequest
from koers.store.schema import FACT_TABLES

Floats = NDArray[np.float64]

FIT_WEEKS = 26
"""The model sees at most this many recent weeks: enough to estimate how fast the level moves,
recent enough to be about this business as it is now."""
MIN_WEEKS = 4
"""Fewer complete weeks of history than this: no forecast."""
SEASON_LAG = 364
"""Last year, in days: 52 weeks, so that a day is compared with the same weekday."""
SEASON_HALF_WIDTH = 14
"""Last year's level around a day is the mean of the 28 days centred on it."""
SEASON_MIN_WEEKS = 8
"""Last year's season shapes the forecast when it is known for at least this many of the weeks
the model is fitted on (and for every day ahead); the fit then uses only those weeks."""
STARTUP_SHARE = 0.2
"""Weeks at the start of the data below this share of the median week are a source starting up."""
PATHS = 1000
"""Simulated periods per forecast."""
LOW, HIGH = 0.10, 0.90
"""The quantiles of the 80% interval."""
ZERO_OFFSET = 0.5
"""Added to weekly sums before taking logs, so that a week without a single lead is a value."""


# --- the daily history ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DailySeries:
    """A KPI's metric per day, from ``start``: ``values`` (the numerator, for a ratio) and, for
    ratios and derived metrics, ``weights`` (the denominator, or 1 per day). Unknown days are NaN.

    ``additive`` says whether the sum of the daily values over a range is the metric over that
    range (sessions, leads, revenue); when it is not (distinct users), daily values are a proxy.
    """

    start: date
    values: Floats
    weights: Floats | None = None
    additive: bool = True
    cohort: bool = False
    """A cohort rate: of the contacts that entered on a day, those that converted by the as-of date."""

    def index(self, day: date) -> int:
        return (day - self.start).days

    @property
    def end(self) -> date:
        """The day after the last day of the series."""
        return self.start + timedelta(days=len(self.values))

    @property
    def is_ratio(self) -> bool:
        return self.weights is not None

    def known(self) -> NDArray[np.bool_]:
        known: NDArray[np.bool_] = ~np.isnan(self.values)
        if self.weights is not None:
            known &= ~np.isnan(self.weights)
        return known

    def last_known(self, on_or_before: date) -> date | None:
        """The last day up to ``on_or_before`` with a known value."""
        stop = min(self.index(on_or_before) + 1, len(self.values))
        if stop <= 0:
            return None
        found = np.flatnonzero(self.known()[:stop])
        return self.start + timedelta(days=int(found[-1])) if len(found) else None

    def until(self, last_day: date) -> DailySeries:
        """The series cut after ``last_day`` (what was known then, for a backtest)."""
        stop = max(0, min(len(self.values), self.index(last_day) + 1))
        weights = None if self.weights is None else self.weights[:stop]
        return DailySeries(self.start, self.values[:stop], weights, self.additive, self.cohort)


_SPANS: weakref.WeakKeyDictionary[MetricEngine, dict[tuple[str, str, bool], tuple[date, date] | None]] = (
    weakref.WeakKeyDictionary()
)


def load_daily_series(
    kpi: Kpi, engine: MetricEngine, as_of: date, *, first_day: date | None = None
) -> DailySeries | None:
    """The KPI's metric (with its segment) per day, as known at ``as_of``, from far enough back for
    the forecast and last year's season (or from ``first_day``); ``None`` when it cannot be read
    per day."""
    if kpi.period is None:
        return None
    metric = engine.catalog[kpi.metric]
    first = first_day or (as_of - timedelta(days=7 * FIT_WEEKS + SEASON_LAG + SEASON_HALF_WIDTH + 7))
    start = _daily_start(engine, metric, set(kpi.segment), first, as_of)
    if start is None:
        return None
    first = max(first, start)
    if first > as_of:  # its day-by-day data begin after as_of: nothing is known yet
        return None
    where = tuple(sorted(kpi.segment.items()))
    result = engine.query(
        MetricRequest(kpi.metric, Period.inclusive(first, as_of), Grain.DAY, where=where, as_of=as_of)
    )
    values = np.array([_float(row.value) for row in result.rows], dtype=np.float64)
    weights: Floats | None = None
    if metric.kind is MetricKind.RATIO:
        values = np.array([_float(row.numerator) for row in result.rows], dtype=np.float64)
        weights = np.array([_float(row.denominator) for row in result.rows], dtype=np.float64)
    elif metric.kind is MetricKind.DERIVED:
        weights = np.where(np.isnan(values), np.nan, 1.0)
    cohort = metric.kind is MetricKind.RATIO and metric.basis is RateBasis.COHORT
    return DailySeries(first, values, weights, additive=metric.is_additive, cohort=cohort)


def _float(value: Decimal | None) -> float:
    return float("nan") if value is None else float(value)


def _daily_start(
    engine: MetricEngine, metric: MetricDef, dims: set[str], first: date, last: date
) -> date | None:
    """The first day from ``first`` on that the metric can be read per day up to ``last`` (where
    its base metrics' day-by-day sources begin); ``None`` when the engine would read a base
    metric from reports made for exact ranges (GA4's month and quarter reports): asking those for
    single days finds nothing, one query per day."""
    if metric.kind is not MetricKind.BASE:
        starts = [_daily_start(engine, engine.catalog[part], dims, first, last) for part in metric.inputs]
        known = [start for start in starts if start is not None]
        return max(known) if len(known) == len(starts) else None
    bindings = [binding for binding in bindings_for(metric.key) if not dims - binding.dims.keys()]
    daily = [span for b in bindings if b.span is not Span.RANGE_ONLY and (span := _span(engine, b))]
    if not daily:
        return None
    start = max(first, min(span[0] for span in daily))
    for binding in bindings:  # the engine takes the first binding that covers the whole range
        span = _span(engine, binding)
        if span is not None and span[0] <= start and span[1] >= last:
            return None if binding.span is Span.RANGE_ONLY else start
    return start


def _span(engine: MetricEngine, binding: Binding) -> tuple[date, date] | None:
    """The first and last day a binding's table has rows for (its whole table, unfiltered)."""
    spans = _SPANS.setdefault(engine, {})
    key = (binding.table, binding.time, binding.span is Span.RANGE_ONLY)
    if key not in spans:
        table = engine.warehouse.table(binding.table)
        if binding.span is Span.RANGE_ONLY:
            column = table[FACT_TABLES[binding.table].date_column]
            row = table.aggregate(first=column.min(), last=table.end_date.max()).to_pyarrow().to_pylist()[0]
            if row["last"] is not None:
                row["last"] = row["last"] - timedelta(days=1)
        else:
            column = table[binding.time]
            if column.type().is_timestamp():
                column = column.cast("date")
            row = table.aggregate(first=column.min(), last=column.max()).to_pyarrow().to_pylist()[0]
        spans[key] = (_as_date(row["first"]), _as_date(row["last"])) if row["first"] is not None else None
    return spans[key]


def _as_date(value: Any) -> date:
    day: date = value.date() if hasattr(value, "date") and callable(value.date) else value
    return day


# --- the forecast ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Forecast:
    """The KPI's value at the end of its period: the median of the simulations, an 80% interval,
    and the probability of meeting the target (``None`` without a target to meet)."""

    value: Decimal
    low: Decimal
    high: Decimal
    probability: float | None
    seasonal: bool = False
    """Shaped by last year's season."""
    notes: tuple[Msg, ...] = ()

    def contains(self, value: Decimal | float) -> bool:
        return self.low <= Decimal(str(value)) <= self.high

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "value": _number(self.value),
            "low": _number(self.low),
            "high": _number(self.high),
            "probability": None if self.probability is None else round(self.probability, 3),
            "seasonal": self.seasonal,
            "notes": [note.render(lang) for note in self.notes],
        }


def forecast_kpi(
    kpi: Kpi,
    actual: KpiActual,
    series: DailySeries | None,
    *,
    paths: int = PATHS,
    seed: int | None = None,
) -> Forecast | None:
    """The KPI's value at the end of its period, simulated from ``series`` (the daily history as
    known at ``actual.as_of``); ``None`` when the history is too short to forecast from.

    Once the period is over the forecast is the actual itself."""
    if kpi.period is None:
        return None
    period = kpi.period
    if actual.ended:
        if actual.value is None:
            return None
        probability = None if actual.meets is None else float(actual.meets)
        return Forecast(actual.value, actual.value, actual.value, probability)
    if series is None:
        return None
    rng = np.random.default_rng(seed if seed is not None else _seed(kpi.id, actual.as_of))
    last_known = series.last_known(min(actual.as_of, period.last_day))
    if last_known is None:
        return None
    horizon = (period.last_day - last_known).days
    if horizon <= 0:
        return None
    simulation = _simulate_period(series, last_known, horizon, rng, paths)
    if simulation is None:
        return None
    finals = _final_values(kpi, actual, series, last_known, simulation)
    if finals is None:
        return None
    notes: list[Msg] = []
    if not series.additive and not series.is_ratio:
        notes.append(msg("forecast.not_additive"))
    if series.cohort:
        notes.append(msg("forecast.cohort"))
    return _summarise(kpi, finals, simulation.seasonal, notes, whole=_whole_numbers(series))


@dataclass(frozen=True, slots=True)
class _Simulation:
    """Simulated days after ``last_known``: values (and weights for ratios), one row per path."""

    values: Floats
    weights: Floats | None
    seasonal: bool


def _simulate_period(
    series: DailySeries, last_known: date, horizon: int, rng: np.random.Generator, paths: int
) -> _Simulation | None:
    if series.weights is None:
        simulated = simulate_volume(series.values, series.start, last_known, horizon, rng, paths)
        if simulated is None:
            return None
        return _Simulation(simulated[0], None, simulated[1])
    weights = simulate_volume(series.weights, series.start, last_known, horizon, rng, paths)
    if weights is None:
        return None
    rates = simulate_rate(series.values, series.weights, series.start, last_known, horizon, rng, paths)
    if rates is None:
        return None
    return _Simulation(rates * weights[0], weights[0], weights[1])


def simulate_volume(
    values: Floats, start: date, last_known: date, horizon: int, rng: np.random.Generator, paths: int = PATHS
) -> tuple[Floats, bool] | None:
    """``paths`` simulations of the ``horizon`` days after ``last_known`` of a daily series that
    starts on ``start``, and whether last year's season shaped them; ``None`` with fewer than
    :data:`MIN_WEEKS` known weeks before ``last_known``."""
    end = (last_known - start).days  # the fit uses the days before the last known one
    weeks = _fit_weeks(values, end)
    if weeks < MIN_WEEKS:
        return None
    ahead = -(-(horizon + 1) // 7)  # blocks of 7 days from the last known day on
    days = np.arange(end - 7 * weeks, end + 7 * ahead)  # the fitted weeks, then the blocks ahead
    baseline = _season_baseline(values, days)
    unknown = np.flatnonzero(np.isnan(baseline))
    season_weeks = weeks if not len(unknown) else (7 * weeks - int(unknown[-1]) - 1) // 7
    seasonal = season_weeks >= SEASON_MIN_WEEKS  # negative when a day ahead has no season
    if seasonal:
        weeks = min(weeks, season_weeks)
        days, baseline = days[-7 * (weeks + ahead) :], baseline[-7 * (weeks + ahead) :]
    level = baseline if seasonal else np.ones(len(days))
    fitted = values[end - 7 * weeks : end]
    weekday = _weekday_factors(fitted / level[: 7 * weeks], days[0], start)
    shape = level * weekday[(days + start.toordinal()) % 7]  # the expected share of each day
    weekly = fitted.reshape(weeks, 7).sum(axis=1)
    expected = shape[: 7 * weeks].reshape(weeks, 7).sum(axis=1)
    if np.any(expected <= 0):
        return None
    log_scale = bool(np.all(weekly >= 0))
    observed = np.log((weekly + ZERO_OFFSET) / expected) if log_scale else weekly / expected
    simulated = _simulate_ets(observed, ahead, rng, paths)
    if simulated is None:
        return None
    future, sigma2 = simulated
    if seasonal and log_scale:
        # last year's level over the days ahead is itself a noisy sum: the model fits this year
        # against last year, so half its week-to-week variance is last year's, averaged over the
        # weeks that last year's level ahead rests on
        resting = (horizon + 2 * SEASON_HALF_WIDTH) / 7
        future = future + rng.normal(0.0, np.sqrt(sigma2 / 2 / resting), size=(paths, 1))
    blocks = shape[7 * weeks :].reshape(ahead, 7)
    totals = blocks.sum(axis=1)
    block_values = (
        np.maximum(np.exp(future) * totals - ZERO_OFFSET, 0.0) if log_scale else future * totals
    )  # (paths, ahead)
    # a week's total spreads over its days as the shape says, give or take the scatter the history
    # shows (Dirichlet); that scatter matters where the period cuts a week: its first and last week
    split = np.broadcast_to(blocks / totals[:, None], (paths, ahead, 7)).copy()
    concentration = _day_concentration(fitted.reshape(weeks, 7), shape[: 7 * weeks].reshape(weeks, 7))
    for block in {0, ahead - 1}:
        drawn = rng.gamma(np.maximum(concentration * split[0, block], 1e-9), size=(paths, 7))
        split[:, block] = drawn / drawn.sum(axis=1, keepdims=True)
    daily = (block_values[:, :, None] * split).reshape(paths, 7 * ahead)
    return daily[:, 1 : horizon + 1], seasonal


def _fit_weeks(values: Floats, end: int) -> int:
    """How many whole weeks before index ``end`` the model is fitted on: known without a gap, at
    most :data:`FIT_WEEKS`, leaving out leading weeks far below the usual level (mostly a source
    starting up: tracking installed mid-week, a CRM taken into use)."""
    known = ~np.isnan(values[:end])
    gaps = np.flatnonzero(~known)
    stretch = end - (int(gaps[-1]) + 1 if len(gaps) else 0)
    weeks = min(FIT_WEEKS, stretch // 7)
    if weeks < MIN_WEEKS:
        return weeks
    weekly = values[end - 7 * weeks : end].reshape(weeks, 7).sum(axis=1)
    usual = float(np.median(weekly))
    low = np.flatnonzero(weekly >= STARTUP_SHARE * usual) if usual > 0 else np.arange(weeks)
    return weeks - int(low[0]) if len(low) else weeks


def _day_concentration(weeks: Floats, shape: Floats) -> float:
    """How tightly a week's total spreads over its days like the expected shape: the concentration
    of the Dirichlet distribution that the days' shares of their week follow in the history (about
    the weekly count for counts that scatter like Poisson, less for lumpy ones)."""
    totals = weeks.sum(axis=1)
    usable = totals > 0
    if usable.sum() < 2:
        return 1e6
    shares = weeks[usable] / totals[usable, None]
    expected = shape[usable] / shape[usable].sum(axis=1, keepdims=True)
    spread = float(np.mean((shares - expected) ** 2))
    room = float(np.mean(expected * (1 - expected)))
    if spread <= 0:
        return 1e6
    return float(np.clip(room / spread - 1, 1.0, 1e6))


def simulate_rate(
    numerator: Floats,
    denominator: Floats,
    start: date,
    last_known: date,
    horizon: int,
    rng: np.random.Generator,
    paths: int = PATHS,
) -> Floats | None:
    """``paths`` simulations of a ratio's level for each of the ``horizon`` days after
    ``last_known``: the weekly ratio (numerator over denominator per 7-day block), modelled the
    same way as volumes but without last year's season."""
    end = (last_known - start).days + 1
    known = ~np.isnan(numerator) & ~np.isnan(denominator)
    stretch = 0
    while stretch < end - 1 and known[end - 2 - stretch]:
        stretch += 1
    weeks = min(FIT_WEEKS, stretch // 7)
    if weeks < MIN_WEEKS:
        return None
    first = end - 1 - 7 * weeks
    top = numerator[first : end - 1].reshape(weeks, 7).sum(axis=1)
    bottom = denominator[first : end - 1].reshape(weeks, 7).sum(axis=1)
    usable = bottom > 0
    if usable.sum() < MIN_WEEKS:
        return None
    rate = top[usable] / bottom[usable]
    log_scale = bool(np.all(rate > 0))
    observed = np.log(rate) if log_scale else rate
    ahead = -(-(horizon + 1) // 7)
    simulated = _simulate_ets(observed, ahead, rng, paths)
    if simulated is None:
        return None
    future = simulated[0]
    levels = np.exp(future) if log_scale else future
    daily = np.repeat(levels, 7, axis=1)
    return daily[:, 1 : horizon + 1]


def _simulate_ets(
    observed: Floats, ahead: int, rng: np.random.Generator, paths: int
) -> tuple[Floats, float] | None:
    """``paths`` simulated continuations of ``ahead`` steps of an ETS(A,N,N) fitted to
    ``observed``, shape (paths, ahead), and the variance of its one-step errors."""
    if np.ptp(observed) == 0:  # a constant series: the model has nothing to estimate
        return np.full((paths, ahead), observed[-1]), 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series; the fit still stands
        try:
            fitted = SimpleExpSmoothing(observed, initialization_method="estimated").fit(method="SLSQP")
            simulated = fitted.simulate(ahead, anchor="end", repetitions=paths, rng=rng)
        except (ValueError, np.linalg.LinAlgError):
            return None
    result = np.asarray(simulated, dtype=np.float64).reshape(ahead, paths).T
    # the simulation starts from the fitted level as if it were known; it is an estimate, as
    # uncertain as a mean of the weeks it rests on (1/n of the noise for a steady level, more for
    # a level that follows the last weeks): draw it per path
    alpha = float(fitted.params["smoothing_level"])
    sigma2 = float(fitted.sse) / max(1, len(observed) - 2)
    spread = np.sqrt(sigma2 * max(alpha / (2 - alpha), 1 / len(observed)))
    result += rng.normal(0.0, spread, size=(paths, 1))
    return (result, sigma2) if np.all(np.isfinite(result)) else None


def _season_baseline(values: Floats, days: NDArray[np.int64]) -> Floats:
    """Last year's level around each of ``days`` (indexes into ``values``): the mean of the 28
    days centred on the same weekday 52 weeks earlier (of at least 14 known ones, for the days
    whose window reaches past the history); NaN where that is unknown or not above zero."""
    lo = np.clip(days - SEASON_LAG - SEASON_HALF_WIDTH, 0, len(values))
    hi = np.clip(days - SEASON_LAG + SEASON_HALF_WIDTH, 0, len(values))  # exclusive
    known = ~np.isnan(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(known, values, 0.0))])
    counts = np.concatenate([[0], np.cumsum(known)])
    count = counts[hi] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        baseline: Floats = np.where(count >= SEASON_HALF_WIDTH, (sums[hi] - sums[lo]) / count, np.nan)
    return np.where(baseline > 0, baseline, np.nan)


def _weekday_factors(values: Floats, first: int, start: date) -> Floats:
    """Each weekday's level against the mean (Monday first), from whole weeks of ``values``."""
    weekdays = (np.arange(first, first + len(values)) + start.toordinal()) % 7
    means = np.array([values[weekdays == day].mean() for day in range(7)])
    overall = means.mean()
    if not np.isfinite(overall) or overall <= 0:
        return np.ones(7)
    factors: Floats = means / overall
    return factors


# --- from simulated days to the KPI's value --------------------------------------------------------


def _final_values(
    kpi: Kpi, actual: KpiActual, series: DailySeries, last_known: date, simulation: _Simulation
) -> Floats | None:
    """The KPI's value at the end of the period in each simulation."""
    assert kpi.period is not None
    period = kpi.period
    paths = simulation.values.shape[0]
    values = _whole_period(series.values, series, period, last_known, simulation.values)
    weights = (
        None
        if series.weights is None or simulation.weights is None
        else _whole_period(series.weights, series, period, last_known, simulation.weights)
    )

    def over(window: Period) -> Floats:
        a, b = (window.start - period.start).days, (window.end - period.start).days
        total: Floats = values[:, a:b].sum(axis=1)
        if weights is None:
            return total
        bottom = weights[:, a:b].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.where(bottom > 0, total / bottom, np.nan), dtype=np.float64)

    match kpi.aggregation:
        case Aggregation.TOTAL | Aggregation.CUMULATIVE | Aggregation.RATIO:
            known = Period.of(period.start, max(period.start, last_known) + timedelta(days=1))
            finals = over(period)
            if actual.value is None or last_known < period.start:
                return finals
            if series.additive and series.weights is None:
                return finals + (float(actual.value) - float(over(known)[0]))
            return finals * _scale(actual.value, over(known)[0])
        case Aggregation.LAST_SUBPERIOD:
            assert kpi.subperiod is not None
            pieces = period.subperiods(kpi.subperiod)
            finals = over(pieces[-1])
            begun = [piece for piece in pieces if piece.start <= last_known]
            if actual.value is None or not begun or (series.additive and series.weights is None):
                return finals
            return finals * _scale(actual.value, over(begun[-1])[0])
        case Aggregation.EACH_SUBPERIOD:
            assert kpi.subperiod is not None
            pieces = period.subperiods(kpi.subperiod)
            known_values = {point.period: point.value for point in actual.series if point.complete}
            reference = next(
                (p for p in reversed(actual.series) if p.value is not None and p.period.start <= last_known),
                None,
            )
            scale = 1.0
            if reference is not None and not (series.additive and series.weights is None):
                assert reference.value is not None
                scale = _scale(reference.value, over(reference.period)[0])
            columns = []
            for piece in pieces:
                done = known_values.get(piece)
                if done is not None:
                    columns.append(np.full(paths, float(done)))
                else:
                    columns.append(over(piece) * scale)
            table = np.column_stack(columns)
            if kpi.subperiod_rule is SubperiodRule.MEAN:
                return np.asarray(table.mean(axis=1), dtype=np.float64)
            return _worst(kpi, table)
    return None


def _whole_period(
    known: Floats, series: DailySeries, period: Period, last_known: date, simulated: Floats
) -> Floats:
    """The period's days for every path: the known days, then the simulated ones (which start the
    day after ``last_known``, possibly before the period)."""
    paths = simulated.shape[0]
    days = np.zeros((paths, period.days))
    known_days = max(0, min(period.days, (last_known - period.start).days + 1))
    if known_days:
        a = series.index(period.start)
        piece = known[a : a + known_days]
        gap = float(np.nanmean(piece)) if np.isfinite(piece).any() else 0.0
        days[:, :known_days] = np.nan_to_num(piece, nan=gap)  # an unknown day: like the others
    offset = (period.start - last_known).days - 1  # simulated index of the period's first day
    days[:, known_days:] = simulated[:, offset + known_days : offset + period.days]
    return days


def _scale(actual: Decimal, proxy: float) -> float:
    """How the KPI's real value relates to the same computed from daily values (distinct users
    over a range are fewer than the sum of daily users)."""
    return float(actual) / proxy if proxy and np.isfinite(proxy) else 1.0


def _worst(kpi: Kpi, table: Floats) -> Floats:
    match kpi.comparator:
        case Comparator.AT_MOST:
            return np.asarray(table.max(axis=1), dtype=np.float64)
        case Comparator.AT_LEAST:
            return np.asarray(table.min(axis=1), dtype=np.float64)
        case Comparator.BETWEEN:
            assert kpi.target_upper is not None
            low, high = float(kpi.target), float(kpi.target_upper)
            distance = np.where(table < low, low - table, np.where(table > high, table - high, 0.0))
            worst = distance.argmax(axis=1)
            return np.asarray(table[np.arange(len(table)), worst], dtype=np.float64)


def meets_target(kpi: Kpi, values: Floats) -> NDArray[np.bool_]:
    """Whether each value meets the KPI's target (bounds included)."""
    target = float(kpi.target)
    match kpi.comparator:
        case Comparator.AT_LEAST:
            return values >= target
        case Comparator.AT_MOST:
            return values <= target
        case Comparator.BETWEEN:
            assert kpi.target_upper is not None
            return (values >= target) & (values <= float(kpi.target_upper))


def _summarise(
    kpi: Kpi, finals: Floats, seasonal: bool, notes: Sequence[Msg], *, whole: bool
) -> Forecast | None:
    finals = finals[np.isfinite(finals)]
    if not len(finals):
        return None
    low, median, high = np.quantile(finals, [LOW, 0.5, HIGH])
    probability = float(meets_target(kpi, finals).mean())
    return Forecast(
        _decimal(median, whole),
        _decimal(low, whole),
        _decimal(high, whole),
        probability,
        seasonal,
        tuple(notes),
    )


def _whole_numbers(series: DailySeries) -> bool:
    """Whether the metric counts things (then its forecast is shown in whole numbers)."""
    if series.weights is not None:
        return False
    known = series.values[~np.isnan(series.values)]
    return bool(len(known)) and bool(np.all(known == np.round(known)))


def _decimal(value: float, whole: bool) -> Decimal:
    if whole:
        return Decimal(round(value))
    return Decimal(f"{value:.6g}")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _seed(kpi_id: str, as_of: date) -> int:
    """The same KPI on the same day gives the same forecast."""
    return int.from_bytes(hashlib.sha256(f"{kpi_id}:{as_of.isoformat()}".encode()).digest()[:8], "big")
