"""How values read: one place that turns a number of some unit into text for a reader.

The CLI, the web app and the reports all show KPI values through these functions, so that a
target reads the same everywhere (``minimaal 40%``, ``at most €45.00``, ``1 min 30 s``).
"""

from __future__ import annotations

from decimal import Decimal

from koers.domain.kpi import Aggregation, Comparator, Kpi, SubperiodRule
from koers.domain.metric import Catalog, Unit
from koers.domain.period import Grain, Period
from koers.i18n import Lang, Money, Percent, Seconds, format_value, msg, render


def format_measure(value: Decimal, unit: Unit, lang: Lang | str, currency: str = "EUR") -> str:
    """``value`` in ``unit`` as a reader of ``lang`` expects it (percentages are fractions)."""
    match unit:
        case Unit.PERCENT:
            return format_value(Percent(value), lang)
        case Unit.MONEY:
            return format_value(Money(value, currency), lang)
        case Unit.SECONDS:
            return format_value(Seconds(value), lang)
        case Unit.MULTIPLE:
            return format_value(value, lang) + "×"
        case _:
            return format_value(value, lang)


def describe_target(
    comparator: Comparator,
    target: Decimal,
    upper: Decimal | None,
    unit: Unit,
    lang: Lang | str,
    currency: str = "EUR",
) -> str:
    """``minimaal 2.000``, ``at most €45.00``, ``between 55% and 70%``."""
    low = format_measure(target, unit, lang, currency)
    if comparator is Comparator.BETWEEN and upper is not None:
        high = format_measure(upper, unit, lang, currency)
        return render(msg("common.between", low=low, high=high), lang)
    return render(msg(f"common.{comparator.value}", value=low), lang)


def kpi_unit(kpi: Kpi, catalog: Catalog) -> Unit:
    """The KPI's own unit, or its metric's."""
    if kpi.unit is not None:
        return kpi.unit
    metric = catalog.get(kpi.metric)
    return metric.unit if metric is not None else Unit.COUNT


def describe_kpi_target(kpi: Kpi, catalog: Catalog, lang: Lang | str, currency: str = "EUR") -> str:
    return describe_target(
        kpi.comparator, kpi.target, kpi.target_upper, kpi_unit(kpi, catalog), lang, currency
    )


def describe_aggregation(
    aggregation: Aggregation, subperiod: Grain | None, rule: SubperiodRule, lang: Lang | str
) -> str:
    """``totaal over de periode``, ``value of the last month``, ``gemiddeld per week``."""
    grain = render(msg(f"common.grain.{(subperiod or Grain.MONTH).value}"), lang)
    key = f"common.aggregation.{aggregation.value}"
    if aggregation is Aggregation.EACH_SUBPERIOD and rule is SubperiodRule.MEAN:
        key += "_mean"
    return render(msg(key, grain=grain), lang)


def describe_period(period: Period, lang: Lang | str) -> str:
    """``1 januari 2023 t/m 31 maart 2023``: always the inclusive last day."""
    return render(msg("common.period", start=period.start, last_day=period.last_day), lang)
