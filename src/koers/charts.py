"""The KPI chart: actual, target, pace and forecast in one Vega-Lite specification.

The web app embeds the specification with vega-embed and the monthly report renders the very
same one to SVG without a browser (:func:`chart_svg`, through vl-convert), so a KPI looks the
same on screen and on paper. How to call it::

    from koers.charts import chart_svg, kpi_chart
    from koers.monitor.evaluate import evaluate_kpi
    from koers.monitor.forecast import load_daily_series

    evaluation = evaluate_kpi(kpi, engine, as_of, catalog=workspace.catalog, currency=workspace.currency)
    daily = load_daily_series(kpi, engine, as_of)  # optional: one query, for day-by-day lines
    spec = kpi_chart(evaluation, kpi, lang="nl", daily=daily, currency=workspace.currency)
    # web: vegaEmbed("#chart", spec)  (the spec is a plain JSON-able dict, data inlined)
    svg = chart_svg(spec)  # report: an <svg> element to inline in HTML

What it draws:

- **actual**: for totals of a volume (leads, sessions, revenue) the running total through the
  period, so it can be held against the target; for ratios and averages the value so far (the
  period's numerator over its denominator up to each day, never a mean of daily ratios); for
  "last sub-period" and "each sub-period" KPIs each sub-period's own value. With ``daily`` the
  line goes day by day; without it, sub-period by sub-period (cheaper: no extra query). A count
  that does not add up over days (distinct users) is drawn through its daily values scaled to
  the real value so far: the shape is an approximation, the last point is exact (the forecast
  makes the same assumption);
- **target**: a horizontal line (two for a "between" target);
- **pace**: where the actual should be on each day to be on schedule: for totals a line from
  zero to the target, straight or shaped like last year's same period when the pace is (and
  ``daily`` reaches back that far); for "last sub-period" KPIs the straight path from the
  starting value to the target; ratios and "each sub-period" KPIs have the target as their pace,
  so no separate line;
- **forecast**: from the actual at the as-of date to the median at the period's end, with the
  80% interval as a band widening toward the end.

Numbers and dates follow the reader's language (the locale travels inside the specification's
``config``, so vega-embed and vl-convert format alike: 1.500 and "mrt" in Dutch). Dates are UTC
calendar days, so a browser in any time zone shows the same day. Nothing is cached: the web
page calls this per request, and building a specification takes a few milliseconds.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import altair as alt
import numpy as np
import vl_convert as vlc
from babel.numbers import get_currency_symbol

from koers.domain.kpi import Aggregation, Kpi
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.i18n import LOCALES, Lang, msg, render
from koers.metrics.actuals import SeriesPoint
from koers.monitor.evaluate import KpiEvaluation
from koers.monitor.forecast import DailySeries
from koers.monitor.pace import PaceBasis, complete_points

COLORS: dict[str, str] = {
    "actual": "#1f4e79",
    "subperiod": "#5d8aa8",
    "target": "#b03a2e",
    "target_upper": "#b03a2e",
    "pace": "#7f8c8d",
    "forecast": "#d68910",
    "interval": "#f5cba7",
}
"""One colour per line, the same on screen and on paper (and readable in black and white: the
pace and forecast are dashed)."""

_WHOLE_PERIOD = (Aggregation.TOTAL, Aggregation.RATIO, Aggregation.CUMULATIVE)

_MONTHS = {
    Lang.NL: (
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"],
        ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        ["zo", "ma", "di", "wo", "do", "vr", "za"],
    ),
    Lang.EN: (
        ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    ),
}  # fmt: skip
"""d3's time locale in both languages (the same texts as Babel's month names)."""

SVG_WIDTH = 640
"""The width of a rendered chart when the specification fills its container (the web page)."""


Point = tuple[date, float, float | None, float | None]
"""A point of a line: (day, value, low, high); low and high only for the forecast band."""


@dataclass(frozen=True, slots=True)
class _Line:
    kind: str
    points: list[Point]
    """(day, value, low, high)."""


def kpi_chart(
    evaluation: KpiEvaluation,
    kpi: Kpi,
    *,
    lang: Lang | str = Lang.NL,
    daily: DailySeries | None = None,
    currency: str = "EUR",
    width: int | str = "container",
    height: int = 240,
    title: str | None = None,
) -> dict[str, Any]:
    """The Vega-Lite specification (a JSON-able dict, data inlined) of ``evaluation``'s KPI: the
    actual, target, pace and forecast band, labelled in ``lang``.

    ``daily`` is the KPI's metric per day (:func:`koers.monitor.forecast.load_daily_series` at
    the same as-of date); without it the lines go sub-period by sub-period. ``width`` is pixels
    or ``"container"`` (fills the element vega-embed draws into; :func:`chart_svg` then uses
    :data:`SVG_WIDTH`). ``title`` defaults to none (the page or report names the KPI)."""
    language = Lang(lang)
    period = kpi.period
    lines: list[_Line] = []
    if period is not None and evaluation.actual.started:
        accumulates = kpi.aggregation in (Aggregation.TOTAL, Aggregation.CUMULATIVE) and (
            evaluation.pace.basis in (PaceBasis.LINEAR, PaceBasis.LAST_YEAR)
        )
        as_of = min(evaluation.as_of, period.last_day)
        actual = _actual_line(evaluation, kpi, period, as_of, daily, accumulates)
        value = evaluation.actual.value
        if not accumulates and kpi.aggregation in _WHOLE_PERIOD:
            # a ratio over the period so far is not a line through its months' ratios: show the
            # months, and the value so far as one point
            lines.append(_Line("subperiod", actual))
            actual = [(as_of, float(value), None, None)] if value is not None else []
        if actual:
            lines.append(_Line("actual", actual))
        lines += _target_lines(kpi, period)
        pace = _pace_line(evaluation, kpi, period, daily, accumulates)
        if pace:
            lines.append(_Line("pace", pace))
        lines += _forecast_lines(evaluation, period, as_of, actual)
    elif period is not None:
        lines += _target_lines(kpi, period)
    series = evaluation.actual.series
    grain = kpi.subperiod or (series[0].period.grain if series else None) or Grain.MONTH
    return _spec(lines, evaluation.unit, grain, language, currency, width, height, title)


def chart_svg(spec: dict[str, Any], *, width: int = SVG_WIDTH) -> str:
    """The chart as an ``<svg>`` document, rendered without a browser; a specification that fills
    its container is drawn ``width`` pixels wide."""
    if spec.get("width") == "container":
        spec = copy.copy(spec)
        spec["width"] = width
    svg: str = vlc.vegalite_to_svg(spec, vl_version="v6.4")
    return svg


# --- the lines ---------------------------------------------------------------------------------------


def _actual_line(
    evaluation: KpiEvaluation,
    kpi: Kpi,
    period: Period,
    as_of: date,
    daily: DailySeries | None,
    accumulates: bool,
) -> list[Point]:
    value = evaluation.actual.value
    if daily is not None and accumulates and value is not None:
        drawn = _daily_actual(daily, period, as_of, float(value))
        if drawn:
            return drawn
    series = evaluation.actual.series
    if accumulates:
        # the sub-period series of a cumulative KPI holds running totals already; a total's holds
        # each sub-period's own value, which adds up only for an additive metric
        points: list[Point] = [(period.start, 0.0, None, None)]
        if kpi.aggregation is Aggregation.CUMULATIVE:
            points += [_at_end(point, as_of, point.value) for point in series if point.value is not None]
        elif daily is None or daily.additive:
            running = Decimal(0)
            for point in series:
                if point.value is None:
                    break
                running += point.value
                points.append(_at_end(point, as_of, running))
        if value is not None and points[-1][0] < as_of:
            points.append((as_of, float(value), None, None))
        elif value is not None:
            points[-1] = (as_of, float(value), None, None)  # the KPI's own value is exact
        return points
    return [_at_end(point, as_of, point.value) for point in series if point.value is not None]


def _at_end(point: SeriesPoint, as_of: date, value: Decimal | None) -> tuple[date, float, None, None]:
    """A sub-period's value drawn at its last day (or the as-of date, for one still running)."""
    return (min(point.period.last_day, as_of), float(value or 0), None, None)


def _daily_actual(daily: DailySeries, period: Period, as_of: date, value: float) -> list[Point]:
    """The running total day by day from the period's start."""
    a, b = daily.index(period.start), daily.index(as_of) + 1
    if a < 0 or b > len(daily.values) or b <= a:
        return []
    numerator = np.nan_to_num(daily.values[a:b])
    running = np.cumsum(numerator)
    if not daily.additive and running[-1] > 0:
        running = running * (value / running[-1])  # distinct counts: the shape from the days
    days = [period.start + timedelta(days=offset) for offset in range(b - a)]
    points: list[Point] = [
        (day, float(v), None, None) for day, v in zip(days, running, strict=True) if not np.isnan(v)
    ]
    if points:
        points[-1] = (points[-1][0], value, None, None)  # the KPI's own value is exact
    points.insert(0, (period.start - timedelta(days=1), 0.0, None, None))
    return points


def _target_lines(kpi: Kpi, period: Period) -> list[_Line]:
    lines = [_Line("target", [(period.start, float(kpi.target), None, None),
                              (period.last_day, float(kpi.target), None, None)])]  # fmt: skip
    if kpi.target_upper is not None:
        upper = float(kpi.target_upper)
        lines.append(
            _Line("target_upper", [(period.start, upper, None, None), (period.last_day, upper, None, None)])
        )
    return lines


def _pace_line(
    evaluation: KpiEvaluation, kpi: Kpi, period: Period, daily: DailySeries | None, accumulates: bool
) -> list[Point]:
    target = float(kpi.target)
    if accumulates:
        start = period.start - timedelta(days=1)
        shares = _last_year_shares(daily, period) if evaluation.pace.basis is PaceBasis.LAST_YEAR else None
        if shares is None:
            return [(start, 0.0, None, None), (period.last_day, target, None, None)]
        # weekly points are enough to show last year's shape and keep the specification small
        points: list[Point] = [(start, 0.0, None, None)]
        points += [
            (period.start + timedelta(days=offset), target * share, None, None)
            for offset, share in enumerate(shares)
            if offset % 7 == 6 or offset == len(shares) - 1
        ]
        return points
    if evaluation.pace.basis is PaceBasis.PATH and kpi.subperiod is not None:
        pieces = period.subperiods(kpi.subperiod)
        begin = kpi.baseline
        done = complete_points(kpi, evaluation.actual)
        if begin is None and done and done[0].period == pieces[0]:
            begin = done[0].value
        if begin is None or len(pieces) < 2:
            return []
        steps = len(pieces) - 1
        return [
            (piece.last_day, float(begin) + (target - float(begin)) * index / steps, None, None)
            for index, piece in enumerate(pieces)
        ]
    return []


def _last_year_shares(daily: DailySeries | None, period: Period) -> list[float] | None:
    """For each day of the period, the share of last year's same-period total in by then."""
    if daily is None:
        return None
    before = period.shifted(Grain.YEAR, -1)
    a, b = daily.index(before.start), daily.index(before.end)
    if a < 0 or b > len(daily.values):
        return None
    values = daily.values[a:b]
    total = float(np.nansum(values))
    if np.isnan(values).any() or total <= 0:
        return None
    shares = np.cumsum(values) / total
    # last year may be a day longer or shorter (a leap day): stretch it onto this year's days
    positions = np.linspace(0, len(shares) - 1, period.days)
    return [float(share) for share in np.interp(positions, np.arange(len(shares)), shares)]


def _forecast_lines(
    evaluation: KpiEvaluation,
    period: Period,
    as_of: date,
    actual: list[Point],
) -> list[_Line]:
    forecast = evaluation.forecast
    if forecast is None or evaluation.actual.ended or as_of >= period.last_day:
        return []
    median, low, high = float(forecast.value), float(forecast.low), float(forecast.high)
    now = actual[-1][1] if actual else median
    start = actual[-1][0] if actual else as_of
    return [
        _Line("interval", [(start, now, now, now), (period.last_day, median, low, high)]),
        _Line("forecast", [(start, now, None, None), (period.last_day, median, None, None)]),
    ]


# --- the specification ----------------------------------------------------------------------------


def _spec(
    lines: list[_Line],
    unit: Unit,
    grain: Grain,
    lang: Lang,
    currency: str,
    width: int | str,
    height: int,
    title: str | None,
) -> dict[str, Any]:
    per = msg(f"common.grain.{grain.value}")
    labels = {
        kind: render(msg(f"chart.{kind}", grain=per), lang) for kind in COLORS if kind != "target_upper"
    }
    labels["target_upper"] = labels["target"]  # one legend entry for the band's two lines
    rows = [
        {"kind": line.kind, "series": labels[line.kind], "date": day.isoformat(), "value": _round(value),
         "low": _round(low), "high": _round(high)}
        for line in lines
        for day, value, low, high in line.points
    ]  # fmt: skip
    present = [kind for kind in COLORS if any(line.kind == kind for line in lines) and kind != "target_upper"]
    number = _number_format(unit)
    value_title = render(msg("chart.value"), lang)
    if unit is Unit.SECONDS:
        value_title += f" ({render(msg('chart.seconds'), lang)})"
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[labels[kind] for kind in present], range=[COLORS[kind] for kind in present]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    x = alt.X(
        "date:T",
        title=None,
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%e %b", labelOverlap=True, grid=False),
    )
    tooltip = [
        alt.Tooltip("series:N", title=" "),
        alt.Tooltip("date:T", title=render(msg("chart.date"), lang), format="%e %B %Y", formatType="utc"),
        alt.Tooltip("value:Q", title=value_title, format=number),
    ]
    base = alt.Chart(alt.InlineData(values=rows))

    def only(*kinds: str) -> alt.Chart:
        return base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(kinds)))

    y = alt.Y("value:Q", title=value_title, axis=alt.Axis(format=number), scale=alt.Scale(zero=True))
    layers: list[alt.Chart] = [
        only("interval").mark_area(opacity=0.5).encode(x=x, y=alt.Y("low:Q"), y2="high:Q", color=color),
        only("target", "target_upper")
        .mark_line(strokeWidth=1.5)
        .encode(x=x, y=y, color=color, detail="kind:N", tooltip=tooltip),
        only("pace")
        .mark_line(strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, y=y, color=color, tooltip=tooltip),
        only("forecast")
        .mark_line(strokeDash=[6, 3], strokeWidth=2)
        .encode(x=x, y=y, color=color, tooltip=tooltip),
        only("subperiod")
        .mark_line(strokeWidth=1.5, point=True)
        .encode(x=x, y=y, color=color, tooltip=tooltip),
        only("actual")
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=40))
        .encode(x=x, y=y, color=color, tooltip=tooltip),
    ]
    chart = alt.layer(*layers).properties(width=width, height=height)
    if title:
        chart = chart.properties(title=title)
    spec: dict[str, Any] = chart.to_dict(validate=False)
    # Altair moves inline data to named "datasets"; plain "data.values" reads simpler in the page
    spec.pop("datasets", None)
    spec["data"] = {"values": rows}
    spec.setdefault("config", {})["locale"] = _locale(lang, currency)
    spec["config"]["font"] = "DejaVu Sans, Helvetica, Arial, sans-serif"
    spec["config"]["view"] = {"stroke": None}
    return spec


def _number_format(unit: Unit) -> str:
    match unit:
        case Unit.PERCENT:
            return ".0%"
        case Unit.MONEY:
            return "$,.0f"
        case Unit.MULTIPLE:
            return ",.2~f"
        case _:
            return ",.1~f"


def _locale(lang: Lang, currency: str) -> dict[str, Any]:
    """d3's number and time locale for ``lang``, with the workspace's currency symbol as Babel
    writes it (``€ 1.234`` in Dutch, ``€1,234`` in English)."""
    symbol = get_currency_symbol(currency, locale=LOCALES[lang])
    months, short_months, days, short_days = _MONTHS[lang]
    if lang is Lang.NL:
        number = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": [symbol + "\u00a0", ""]}
        date_format = "%d-%m-%Y"
    else:
        number = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": [symbol, ""]}
        date_format = "%d/%m/%Y"
    time = {
        "dateTime": "%a %e %B %Y %X",
        "date": date_format,
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": days,
        "shortDays": short_days,
        "months": months,
        "shortMonths": short_months,
    }
    return {"number": number, "time": time}


def _round(value: float | None) -> float | None:
    """Six significant digits keep the inlined data small; a chart shows no more."""
    if value is None or np.isnan(value):
        return None
    return float(f"{value:.6g}")


__all__ = ["COLORS", "SVG_WIDTH", "chart_svg", "kpi_chart"]
