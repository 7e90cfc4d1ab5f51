"""Published marketing benchmarks, and the workspace's own rates next to them (seed 004: "gebruik
ook benchmark gegevens").

:data:`BENCHMARKS` holds the figures of ``reference/benchmarks.md`` as declared data: each with its
source, publication date, sample and definition, the region and currency where they matter, the
catalog metric it compares with (``None`` when Koers has no metric that means the same), and its
range (a point figure has ``low == high``). Every figure is directional: summaries of the same
study disagree, and no source publishes its method in full.

:func:`compare` puts the workspace's value of each figure's metric, over a period, next to the
figure, split by channel (or ad platform) where the figure is per channel and the engine can
split, and flags it:

- ``below`` / ``within`` / ``above`` the range, judged at the precision the source publishes
  (a figure of 39% holds any value that rounds to 39%, half up); whether that is better or
  worse follows the metric's ``higher_is_better``;
- ``no_data``: the workspace has no value for it in the period (or cannot split it that way);
- ``not_comparable``: a money figure in another currency than the workspace's (amounts are
  never converted: an exchange rate would add a guess to a guess), a channel Koers cannot single
  out, or a figure without a matching metric.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from koers.domain.metric import MetricDef, Unit
from koers.domain.period import Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Localized, Money, Msg, Percent, format_value, msg
from koers.metrics.engine import MetricEngine, MetricError, MetricRequest

Where = tuple[tuple[str, str], ...]


class BenchmarkFlag(StrEnum):
    """How the workspace's value stands against a figure."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"
    NO_DATA = "no_data"
    NOT_COMPARABLE = "not_comparable"

    @property
    def label(self) -> Msg:
        return msg(f"bench.flag.{self.value}")


@dataclass(frozen=True, slots=True)
class BenchmarkFigure:
    """One published figure, with what a reader needs to judge it."""

    id: str
    label: Localized
    """What the figure is, short: "Bezoeker → lead, SEO"."""
    source: Localized
    """Who published it, and the publication's title."""
    published: str | None
    """The publication (or update) date as precise as the source gives it: ``2025-06-11``,
    ``2023-12`` or ``2024``; ``None`` where the reference does not say."""
    sample: Localized
    definition: Localized
    low: Decimal
    high: Decimal
    """The range; a point figure has ``low == high``. Rates are fractions, money is an amount."""
    unit: Unit
    metric: str | None
    """The catalog metric it compares with; ``None`` when Koers has none that means the same."""
    currency: str | None = None
    """For money: the currency of the amounts (never converted)."""
    region: str | None = None
    segment: Localized | None = None
    channel: str | None = None
    """The channel the figure is about, as the source names it (SEO, PPC, LinkedIn)."""
    where: Where | None = ()
    """The engine filter that singles the channel out; ``None`` when Koers cannot."""
    caveat: Localized | None = None

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def shown(self, lang: Lang | str) -> str:
        """The figure as a reader sees it: ``36% – 44%``, ``2,1%`` or ``US$ 66,69``."""
        low, high = (format_value(self._value(bound), lang) for bound in (self.low, self.high))
        return low if self.is_point else f"{low} – {high}"

    def _value(self, amount: Decimal) -> Any:
        if self.unit is Unit.MONEY:
            return Money(amount, self.currency or "EUR")
        if self.unit is Unit.PERCENT:
            return Percent(amount, max(0, -_exponent(amount) - 2))
        return amount

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label.in_(lang),
            "source": self.source.in_(lang),
            "published": self.published,
            "sample": self.sample.in_(lang),
            "definition": self.definition.in_(lang),
            "metric": self.metric,
            "unit": self.unit.value,
            "low": self.low,
            "high": self.high,
            "currency": self.currency,
            "region": self.region,
            "segment": self.segment.in_(lang) if self.segment else None,
            "channel": self.channel,
            "where": dict(self.where) if self.where else None,
            "caveat": self.caveat.in_(lang) if self.caveat else None,
        }


@dataclass(frozen=True, slots=True)
class BenchmarkComparison:
    """A figure and the workspace's value next to it."""

    figure: BenchmarkFigure
    value: Decimal | None
    flag: BenchmarkFlag
    better: bool | None = None
    """Outside the range on the good side (``True``) or the bad side (``False``); else ``None``."""
    reason: Msg | None = None
    """Why there is no flag of below, within or above."""

    @property
    def judgement(self) -> Msg:
        """The flag with what it means: "boven de benchmark (beter)"."""
        if self.better is None:
            return self.flag.label
        return msg(
            "bench.judged", flag=self.flag.label, meaning=msg(f"bench.{'better' if self.better else 'worse'}")
        )

    def shown_value(self, lang: Lang | str, currency: str) -> str:
        """The workspace's value as a reader sees it, in the workspace's own currency."""
        if self.value is None:
            return "—"
        if self.figure.unit is Unit.MONEY:
            return format_value(Money(self.value.quantize(Decimal("0.01")), currency), lang)
        if self.figure.unit is Unit.PERCENT:
            return format_value(Percent(self.value, 1), lang)
        return format_value(self.value, lang)

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            **self.figure.to_dict(lang),
            "value": float(self.value) if self.value is not None else None,
            "flag": self.flag.value,
            "better": self.better,
            "judgement": self.judgement.render(lang),
            "reason": self.reason.render(lang) if self.reason else None,
        }


def compare(workspace: Workspace, engine: MetricEngine, period: Period) -> list[BenchmarkComparison]:
    """Every benchmark figure with the workspace's value over ``period`` next to it, flagged."""
    catalog = workspace.catalog
    values: dict[tuple[str, Where], tuple[Decimal | None, Msg | None]] = {}
    comparisons = []
    for figure in BENCHMARKS:
        if figure.metric is None or figure.metric not in catalog:
            comparisons.append(
                BenchmarkComparison(figure, None, BenchmarkFlag.NOT_COMPARABLE, reason=msg("bench.no_metric"))
            )
            continue
        if figure.where is None:
            reason = msg("bench.no_channel", channel=figure.channel or "")
            comparisons.append(BenchmarkComparison(figure, None, BenchmarkFlag.NOT_COMPARABLE, reason=reason))
            continue
        key = (figure.metric, figure.where)
        if key not in values:
            values[key] = _value(engine, figure.metric, period, figure.where)
        value, note = values[key]
        if figure.unit is Unit.MONEY and figure.currency != workspace.currency:
            reason = msg("bench.other_currency", currency=figure.currency or "", own=workspace.currency)
            comparisons.append(
                BenchmarkComparison(figure, value, BenchmarkFlag.NOT_COMPARABLE, reason=reason)
            )
        elif value is None:
            comparisons.append(
                BenchmarkComparison(figure, None, BenchmarkFlag.NO_DATA, reason=note or msg("bench.no_value"))
            )
        else:
            comparisons.append(judge(figure, value, catalog))
    return comparisons


def judge(figure: BenchmarkFigure, value: Decimal, catalog: Mapping[str, MetricDef]) -> BenchmarkComparison:
    """Flag ``value`` against ``figure``'s range, at the precision the figure was published with."""
    step = min(_exponent(figure.low), _exponent(figure.high))
    seen = value.quantize(Decimal(1).scaleb(step), rounding=ROUND_HALF_UP)
    if seen < figure.low:
        flag = BenchmarkFlag.BELOW
    elif seen > figure.high:
        flag = BenchmarkFlag.ABOVE
    else:
        return BenchmarkComparison(figure, value, BenchmarkFlag.WITHIN)
    metric = catalog.get(figure.metric) if figure.metric else None
    higher_is_better = metric.higher_is_better if metric is not None else True
    return BenchmarkComparison(figure, value, flag, better=(flag is BenchmarkFlag.ABOVE) == higher_is_better)


def _value(
    engine: MetricEngine, metric: str, period: Period, where: Where
) -> tuple[Decimal | None, Msg | None]:
    try:
        result = engine.query(MetricRequest(metric, period, where=where))
    except MetricError as error:
        return None, error.message
    return result.value, (result.notes[0] if result.value is None and result.notes else None)


def _exponent(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return min(exponent, 0)


# --- the figures ---------------------------------------------------------------------------------


def _l(nl: str, en: str | None = None) -> Localized:
    """A text in both languages; a name reads the same in both."""
    return Localized(nl, nl if en is None else en)


_UNSTATED = _l("niet vermeld in de bron", "not stated in the reference")
_B2B_SAAS = _l("B2B SaaS")

_CHANNELS: dict[str, Where | None] = {
    "SEO": (("channel", "Organic Search"),),
    "PPC": (("channel", "Paid Search"),),
    "email": (("channel", "Email"),),
    # LinkedIn traffic lands in GA4's Organic or Paid Social with every other network, and
    # webinars have no channel of their own: Koers cannot single either out
    "LinkedIn": None,
    "webinar": None,
}

_STAGES: dict[str, tuple[Localized, Localized]] = {
    "visitor_to_lead_rate": (
        _l("Bezoeker → lead", "Visitor → lead"),
        _l("Aandeel van de websitebezoekers dat lead wordt", "Share of website visitors who become a lead"),
    ),
    "lead_to_mql_rate": (
        _l("Lead → MQL"),
        _l("Aandeel van de leads dat marketing qualified lead wordt", "Share of leads that become an MQL"),
    ),
    "mql_to_sql_rate": (
        _l("MQL → SQL"),
        _l("Aandeel van de MQL's dat sales qualified lead wordt", "Share of MQLs that become an SQL"),
    ),
    "sql_to_opportunity_rate": (
        _l("SQL → opportunity"),
        _l("Aandeel van de SQL's dat een offerte krijgt", "Share of SQLs that get a quote (opportunity)"),
    ),
    "opportunity_to_customer_rate": (
        _l("Opportunity → klant", "Opportunity → customer"),
        _l("Aandeel van de offertes dat gewonnen wordt", "Share of opportunities that are won"),
    ),
}


@dataclass(frozen=True, slots=True)
class _Publication:
    """What the figures of one publication share."""

    source: Localized
    published: str | None
    sample: Localized
    segment: Localized | None = None
    region: str | None = None
    caveat: Localized | None = None


def _rate(
    publication: _Publication,
    id: str,
    metric: str,
    low: str,
    high: str | None = None,
    *,
    channel: str | None = None,
    definition: Localized | None = None,
) -> BenchmarkFigure:
    """A funnel conversion rate, named and defined after its stage (and channel)."""
    label, stage = _STAGES[metric]
    if channel:
        label = _l(f"{label.nl}, {channel}", f"{label.en}, {channel}")
        stage = _l(f"{stage.nl}, voor het kanaal {channel}", f"{stage.en}, for the {channel} channel")
    return _figure(
        publication, id, (label, definition or _l(f"{stage.nl}.", f"{stage.en}.")), metric, low, high,
        unit=Unit.PERCENT, channel=channel, where=_CHANNELS[channel] if channel else (),
    )  # fmt: skip


def _figure(
    publication: _Publication,
    id: str,
    what: tuple[Localized, Localized],
    metric: str | None,
    low: str,
    high: str | None = None,
    *,
    unit: Unit,
    currency: str | None = None,
    channel: str | None = None,
    where: Where | None = (),
    segment: Localized | None = None,
) -> BenchmarkFigure:
    """A figure of ``publication``; ``what`` is its label and definition."""
    label, definition = what
    return BenchmarkFigure(
        id=id,
        label=label,
        source=publication.source,
        published=publication.published,
        sample=publication.sample,
        definition=definition,
        low=Decimal(low),
        high=Decimal(high or low),
        unit=unit,
        metric=metric,
        currency=currency,
        region=publication.region,
        segment=segment or publication.segment,
        channel=channel,
        where=where,
        caveat=publication.caveat,
    )


def _funnel_rates() -> list[BenchmarkFigure]:
    study = _Publication(
        _l("First Page Sage, “B2B SaaS Funnel Conversion Benchmarks”"),
        "2025-06-11",
        _l("klanten van First Page Sage (50+ bedrijven)", "First Page Sage's clients (50+ companies)"),
        _B2B_SAAS,
        caveat=_l(
            "Overgenomen uit een secundaire samenvatting; niet gecontroleerd op de pagina zelf.",
            "Taken from a secondary compilation; not checked against the page.",
        ),
    )
    quoted = _Publication(
        _l(
            "First Page Sage, geciteerd in de blog “Zo bepaal je in 4 stappen de juiste marketing KPI's”",
            "First Page Sage, quoted in the blog “Zo bepaal je in 4 stappen de juiste marketing KPI's”",
        ),
        "2022-11-03",
        _l(
            "B2B SaaS-bedrijven (onderzoek van First Page Sage)",
            "B2B SaaS companies (First Page Sage research)",
        ),
        _B2B_SAAS,
    )
    others = _Publication(
        _l(
            "First Page Sage, volgens andere samenvattingen van hetzelfde onderzoek",
            "First Page Sage, in other summaries of the same study",
        ),
        None,
        _UNSTATED,
        _B2B_SAAS,
        caveat=_l(
            "Deze samenvattingen geven ruimere bandbreedtes dan de pagina van het onderzoek zelf.",
            "These summaries give wider ranges than the study's own page.",
        ),
    )
    compilation = _Publication(
        _l("cufinder.io, compilatie van SaaS-benchmarks", "cufinder.io, compilation of SaaS benchmarks"),
        None,
        _l(
            "niet gepubliceerd (een compilatie van andere bronnen)",
            "not published (a compilation of other sources)",
        ),
        _l("SaaS"),
    )
    salesforce = _Publication(_l("Salesforce, “State of Sales”"), None, _UNSTATED)
    ruler = _Publication(_l("Ruler Analytics"), None, _UNSTATED)
    return [
        *(
            _rate(study, f"fps_visitor_lead_{channel.lower()}", "visitor_to_lead_rate", rate, channel=channel)
            for channel, rate in (("SEO", "0.021"), ("PPC", "0.007"), ("LinkedIn", "0.022"),
                                  ("email", "0.013"), ("webinar", "0.009"))
        ),
        _rate(study, "fps_lead_mql", "lead_to_mql_rate", "0.36", "0.44"),
        *(
            _rate(study, f"fps_mql_sql_{channel.lower()}", "mql_to_sql_rate", rate, channel=channel)
            for channel, rate in (("SEO", "0.51"), ("email", "0.46"), ("webinar", "0.39"),
                                  ("LinkedIn", "0.30"), ("PPC", "0.26"))
        ),
        _rate(study, "fps_sql_opportunity", "sql_to_opportunity_rate", "0.38", "0.49"),
        _rate(study, "fps_opportunity_customer", "opportunity_to_customer_rate", "0.32", "0.40"),
        _rate(quoted, "fps_quoted_lead_mql", "lead_to_mql_rate", "0.39"),
        _rate(quoted, "fps_quoted_mql_sql", "mql_to_sql_rate", "0.38"),
        _rate(quoted, "fps_quoted_sql_opportunity", "sql_to_opportunity_rate", "0.42"),
        _rate(quoted, "fps_quoted_win_rate", "opportunity_to_customer_rate", "0.33",
              definition=_l("Gewonnen offertes: 1 op de 3 (≈ 33%).", "Quotes won: 1 in 3 (≈ 33%).")),
        _rate(others, "fps_other_lead_mql", "lead_to_mql_rate", "0.15", "0.30"),
        _rate(others, "fps_other_mql_sql", "mql_to_sql_rate", "0.30", "0.50"),
        _rate(others, "fps_other_sql_opportunity", "sql_to_opportunity_rate", "0.50", "0.75"),
        _rate(others, "fps_other_opportunity_customer", "opportunity_to_customer_rate", "0.15", "0.30"),
        _rate(compilation, "saas_visitor_lead", "visitor_to_lead_rate", "0.01", "0.03"),
        _rate(compilation, "saas_lead_mql", "lead_to_mql_rate", "0.20", "0.40"),
        _rate(compilation, "saas_mql_sql", "mql_to_sql_rate", "0.15", "0.30"),
        _rate(compilation, "saas_sql_opportunity", "sql_to_opportunity_rate", "0.40", "0.60"),
        _rate(compilation, "saas_opportunity_customer", "opportunity_to_customer_rate", "0.15", "0.25"),
        _rate(salesforce, "salesforce_mql_sql", "mql_to_sql_rate", "0.13"),
        _rate(ruler, "ruler_visitor_lead", "visitor_to_lead_rate", "0.026"),
    ]  # fmt: skip


def _acquisition_cost() -> list[BenchmarkFigure]:
    study = _Publication(
        _l(
            "First Page Sage, B2B-klantacquisitiekosten per kanaal",
            "First Page Sage, B2B customer acquisition cost by channel",
        ),
        None,
        _UNSTATED,
        _l("B2B"),
    )
    figures = []
    for id, channel, amount, where in (
        ("email", "email", "510", _CHANNELS["email"]),
        ("webinar", "webinar", "603", None),
        ("seo", "thought-leadership SEO", "647", _CHANNELS["SEO"]),
        ("ppc", "PPC", "802", _CHANNELS["PPC"]),
        ("linkedin", "LinkedIn Ads", "982", None),
        ("organic", "organic (average)", "942", None),
        ("paid", "paid (average)", "1907", None),
    ):
        definition = _l(
            f"Marketingkosten per nieuwe B2B-klant via {channel}.",
            f"Marketing cost per new B2B customer acquired through {channel}.",
        )
        figures.append(
            _figure(study, f"fps_cac_{id}", (_l(f"CAC, {channel}"), definition), "cac", amount,
                    unit=Unit.MONEY, currency="USD", channel=channel, where=where)
        )  # fmt: skip
    return figures


_CTR = (
    _l("Doorklikratio (CTR)", "Click-through rate (CTR)"),
    _l("Klikken / vertoningen.", "Clicks / impressions."),
)
_CPC = (
    _l("Kosten per klik (CPC)", "Cost per click (CPC)"),
    _l("Advertentiekosten / klikken.", "Ad cost / clicks."),
)
_CPL = (_l("Kosten per lead", "Cost per lead"), _l("Advertentiekosten / leads.", "Ad cost / leads."))
_CR = (
    _l("Conversiepercentage advertentieklikken", "Ad click conversion rate"),
    _l(
        "Conversies die het advertentieplatform telt / klikken (Koers heeft daar geen metriek voor).",
        "Conversions the ad platform counts / clicks (Koers has no metric for it).",
    ),
)


def _advertising() -> list[BenchmarkFigure]:
    google = _l("Google Ads, alle branches", "Google Ads, all industries")
    report_2026 = _Publication(
        _l("WordStream / LocaliQ, Google Ads benchmarks 2026"),
        "2026",
        _l(
            "13.000+ Google Ads-campagnes, april 2025 – maart 2026",
            "13,000+ Google Ads campaigns, April 2025 – March 2026",
        ),
        google,
        "US",
    )
    report_2023 = _Publication(
        _l("WordStream / LocaliQ, Google Ads benchmarks 2023"), "2023", _UNSTATED, google, "US"
    )
    services = _Publication(
        _l("WordStream / LocaliQ, Google Ads benchmarks 2025"),
        "2025",
        _UNSTATED,
        _l("Google Ads, zakelijke dienstverlening", "Google Ads, business services"),
        "US",
    )
    meta = _Publication(
        _l("LocaliQ, Meta lead campaigns 2025"),
        "2025",
        _UNSTATED,
        _l("Meta-leadcampagnes", "Meta lead campaigns"),
    )
    linkedin = _Publication(
        _l("HockeyStack, LinkedIn Ads benchmarks"), "2025-12", _UNSTATED, _l("LinkedIn Ads")
    )
    search: dict[str, Any] = {"channel": "Google Ads", "where": (("channel", "Paid Search"),)}
    on_meta: dict[str, Any] = {"channel": "Meta", "where": (("platform", "meta_ads"),)}
    on_linkedin: dict[str, Any] = {"channel": "LinkedIn Ads", "where": (("platform", "linkedin_ads"),)}
    pct: dict[str, Any] = {"unit": Unit.PERCENT}
    usd: dict[str, Any] = {"unit": Unit.MONEY, "currency": "USD"}
    return [
        _figure(report_2026, "wordstream_2026_ctr", _CTR, "ctr", "0.0664", **pct, **search),
        _figure(report_2026, "wordstream_2026_cpc", _CPC, "cpc", "5.42", **usd, **search),
        _figure(report_2026, "wordstream_2026_conversion", _CR, None, "0.0818", **pct, **search),
        _figure(report_2026, "wordstream_2026_cpl", _CPL, "cost_per_lead", "66.69", **usd, **search),
        _figure(report_2023, "wordstream_2023_cpl", _CPL, "cost_per_lead", "53.52", **usd, **search),
        _figure(report_2023, "wordstream_2023_conversion", _CR, None, "0.0704", **pct, **search),
        _figure(services, "wordstream_2025_services_cpl", _CPL, "cost_per_lead", "93.69", **usd, **search),
        _figure(services, "wordstream_2025_services_conversion", _CR, None, "0.0485", **pct,
                **search),
        _figure(meta, "meta_2025_ctr", _CTR, "ctr", "0.0259", **pct, **on_meta),
        _figure(meta, "meta_2025_cpc", _CPC, "cpc", "1.92", **usd, **on_meta),
        _figure(meta, "meta_2025_conversion", _CR, None, "0.0772", **pct, **on_meta),
        _figure(meta, "meta_2025_cpl", _CPL, "cost_per_lead", "27.66", **usd, **on_meta),
        _figure(linkedin, "linkedin_2025_ctr", _CTR, "ctr", "0.0082", "0.0105", **pct, **on_linkedin),
        _figure(linkedin, "linkedin_2025_cpc", _CPC, "cpc", "10.48", "15.72", **usd, **on_linkedin),
    ]  # fmt: skip


def _email_and_landing_pages() -> list[BenchmarkFigure]:
    mailchimp_2023 = _Publication(_l("Mailchimp, email marketing benchmarks"), "2023-12", _UNSTATED)
    mailchimp_2019 = _Publication(_l("Mailchimp, email marketing benchmarks"), "2019", _UNSTATED)
    unbounce = _Publication(_l("Unbounce, Conversion Benchmark Report 2024"), "2024", _UNSTATED)
    opens = (
        _l("Openingspercentage e-mail", "Email open rate"),
        _l("Geopende e-mails / afgeleverde e-mails.", "Emails opened / emails delivered."),
    )
    clicks = (
        _l("Klikpercentage e-mail", "Email click rate"),
        _l("E-mails met een klik / afgeleverde e-mails.", "Emails clicked / emails delivered."),
    )
    unsubscribes = (
        _l("Afmeldpercentage e-mail", "Email unsubscribe rate"),
        _l("Afmeldingen / afgeleverde e-mails.", "Unsubscribes / emails delivered."),
    )
    landing = (
        _l("Conversie landingspagina", "Landing page conversion"),
        _l(
            "Conversies / bezoekers van een landingspagina (Koers meet conversie over de hele site).",
            "Conversions / visitors of a landing page (Koers measures conversion over the whole site).",
        ),
    )
    email: dict[str, Any] = {"unit": Unit.PERCENT, "channel": "email"}
    pages: dict[str, Any] = {"unit": Unit.PERCENT}
    mpp = _l("Opgeblazen door Apple Mail Privacy Protection.", "Inflated by Apple Mail Privacy Protection.")
    return [
        dataclasses.replace(
            _figure(mailchimp_2023, "mailchimp_2023_open", opens, None, "0.3563", **email), caveat=mpp
        ),
        _figure(mailchimp_2023, "mailchimp_2023_click", clicks, None, "0.0262", **email),
        _figure(mailchimp_2023, "mailchimp_2023_unsubscribe", unsubscribes, None, "0.0022", **email),
        _figure(mailchimp_2019, "mailchimp_2019_open", opens, None, "0.2271", **email),
        _figure(mailchimp_2019, "mailchimp_2019_click", clicks, None, "0.0291", **email),
        _figure(unbounce, "unbounce_2024_median", landing, None, "0.066", **pages,
                segment=_l("mediaan, alle branches", "median, all industries")),
        _figure(unbounce, "unbounce_2024_saas", landing, None, "0.038", **pages, segment=_l("SaaS")),
        _figure(unbounce, "unbounce_2024_email", landing, None, "0.193", **pages, channel="email"),
        _figure(unbounce, "unbounce_2024_paid_search", landing, None, "0.109", **pages,
                channel="paid search"),
    ]  # fmt: skip


BENCHMARKS: tuple[BenchmarkFigure, ...] = (
    *_funnel_rates(),
    *_acquisition_cost(),
    *_advertising(),
    *_email_and_landing_pages(),
)
"""The benchmark table, in the order of ``reference/benchmarks.md``."""


__all__ = [
    "BENCHMARKS",
    "BenchmarkComparison",
    "BenchmarkFigure",
    "BenchmarkFlag",
    "compare",
    "judge",
]
