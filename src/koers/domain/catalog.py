"""The standard metric catalog: every metric Koers knows out of the box, declared once.

Definitions follow the source tools' own (Google Analytics 4 for web metrics, the ad platforms
for cost metrics, the CRM's lifecycle stages for the funnel). Keys are what KPIs, workspace
files and the CLI use; later layers compute them, this module only declares them.
"""

from __future__ import annotations

import itertools

from koers.domain.metric import (
    Additivity,
    Catalog,
    MetricDef,
    MetricKind,
    RateBasis,
    SourceKind,
    Stage,
    Unit,
)

ADD = Additivity.ADDITIVE
NON = Additivity.NON_ADDITIVE


def _base(
    key: str,
    names: tuple[str, str],
    definitions: tuple[str, str],
    unit: Unit,
    additivity: Additivity,
    source: SourceKind,
    stage: Stage | None,
    *,
    higher_is_better: bool = True,
) -> MetricDef:
    return MetricDef(
        key=key,
        name_nl=names[0],
        name_en=names[1],
        definition_nl=definitions[0],
        definition_en=definitions[1],
        unit=unit,
        additivity=additivity,
        source=source,
        stage=stage,
        higher_is_better=higher_is_better,
    )


def _ratio(
    key: str,
    names: tuple[str, str],
    definitions: tuple[str, str],
    unit: Unit,
    numerator: str,
    denominator: str,
    stage: Stage | None,
    *,
    basis: RateBasis | None = None,
    higher_is_better: bool = True,
) -> MetricDef:
    return MetricDef(
        key=key,
        name_nl=names[0],
        name_en=names[1],
        definition_nl=definitions[0],
        definition_en=definitions[1],
        unit=unit,
        additivity=NON,
        kind=MetricKind.RATIO,
        numerator=numerator,
        denominator=denominator,
        basis=basis,
        stage=stage,
        higher_is_better=higher_is_better,
    )


def _derived(
    key: str,
    names: tuple[str, str],
    definitions: tuple[str, str],
    unit: Unit,
    expression: str,
    stage: Stage | None,
    *,
    higher_is_better: bool = True,
) -> MetricDef:
    return MetricDef(
        key=key,
        name_nl=names[0],
        name_en=names[1],
        definition_nl=definitions[0],
        definition_en=definitions[1],
        unit=unit,
        additivity=NON,
        kind=MetricKind.DERIVED,
        expression=expression,
        stage=stage,
        higher_is_better=higher_is_better,
    )


WEB, ADS, CRM, EMAIL, SALES, SURVEY = (
    SourceKind.WEB,
    SourceKind.ADS,
    SourceKind.CRM,
    SourceKind.EMAIL,
    SourceKind.SALES,
    SourceKind.SURVEY,
)
AWARE, CONSIDER, CONVERT, RETAIN = Stage.AWARENESS, Stage.CONSIDERATION, Stage.CONVERSION, Stage.RETENTION

_FUNNEL = [
    ("lead", "leads", ("Leads", "Leads")),
    ("mql", "mqls", ("MQL's", "MQLs")),
    ("sql", "sqls", ("SQL's", "SQLs")),
    ("opportunity", "opportunities", ("Opportunities", "Opportunities")),
    ("customer", "customers", ("Klanten", "Customers")),
]
"""The lead funnel's stages in order: stage key, its count metric, its names."""


def _funnel_rates() -> list[MetricDef]:
    rates = []
    for (stage_from, count_from, names_from), (stage_to, count_to, names_to) in itertools.pairwise(_FUNNEL):
        rates.append(
            _ratio(
                f"{stage_from}_to_{stage_to}_rate",
                (
                    f"Conversie {names_from[0]} → {names_to[0]}",
                    f"{names_from[1]} → {names_to[1]} conversion",
                ),
                (
                    f"Aandeel van de {names_from[0].lower()} dat {names_to[0].lower()} wordt "
                    "(cohort: van wie in de periode binnenkwam).",
                    f"Share of {names_from[1].lower()} that become {names_to[1].lower()} "
                    "(cohort: of those who entered in the period).",
                ),
                Unit.PERCENT,
                count_to,
                count_from,
                CONVERT if stage_to in ("opportunity", "customer") else CONSIDER,
                basis=RateBasis.COHORT,
            )
        )
    rates.append(
        _ratio(
            "mql_to_customer_rate",
            ("Conversie MQL → klant", "MQL → customer conversion"),
            (
                "Aandeel van de MQL's dat klant wordt (cohort).",
                "Share of MQLs that become customers (cohort).",
            ),
            Unit.PERCENT,
            "customers",
            "mqls",
            CONVERT,
            basis=RateBasis.COHORT,
        )
    )
    rates.append(
        _ratio(
            "lead_to_customer_rate",
            ("Conversie lead → klant", "Lead → customer conversion"),
            (
                "Aandeel van de leads dat klant wordt (cohort).",
                "Share of leads that become customers (cohort).",
            ),
            Unit.PERCENT,
            "customers",
            "leads",
            CONVERT,
            basis=RateBasis.COHORT,
        )
    )
    return rates


STANDARD_METRICS: tuple[MetricDef, ...] = (
    # --- web analytics (GA4 definitions) --------------------------------------------------
    _base(
        "users",
        ("Gebruikers", "Users"),
        (
            "Unieke gebruikers (GA4: distinct user_pseudo_id) met een sessie in de periode.",
            "Distinct users (GA4: distinct user_pseudo_id) with a session in the period.",
        ),
        Unit.COUNT,
        NON,
        WEB,
        AWARE,
    ),
    _base(
        "new_users",
        ("Nieuwe gebruikers", "New users"),
        (
            "Gebruikers met hun eerste bezoek in de periode (GA4: het first_visit-event).",
            "Users whose first visit fell in the period (GA4: the first_visit event).",
        ),
        Unit.COUNT,
        ADD,
        WEB,
        AWARE,
    ),
    _base(
        "returning_users",
        ("Terugkerende gebruikers", "Returning users"),
        (
            "Unieke gebruikers in de periode die al eerder op de site waren.",
            "Distinct users in the period who had visited before.",
        ),
        Unit.COUNT,
        NON,
        WEB,
        CONSIDER,
    ),
    _base(
        "sessions",
        ("Sessies", "Sessions"),
        (
            "Bezoeken: begint met session_start en eindigt na 30 minuten zonder activiteit.",
            "Visits: starts with session_start, ends after 30 minutes without activity.",
        ),
        Unit.COUNT,
        ADD,
        WEB,
        AWARE,
    ),
    _base(
        "engaged_sessions",
        ("Sessies met betrokkenheid", "Engaged sessions"),
        (
            "Sessies van meer dan 10 seconden, met een key event, of met 2 of meer weergaven.",
            "Sessions lasting over 10 seconds, with a key event, or with 2 or more page views.",
        ),
        Unit.COUNT,
        ADD,
        WEB,
        CONSIDER,
    ),
    _ratio(
        "engagement_rate",
        ("Betrokkenheidspercentage", "Engagement rate"),
        ("Sessies met betrokkenheid / sessies.", "Engaged sessions / sessions."),
        Unit.PERCENT,
        "engaged_sessions",
        "sessions",
        CONSIDER,
        basis=RateBasis.PERIOD,
    ),
    _base(
        "session_duration",
        ("Totale sessieduur", "Total session duration"),
        ("Opgetelde duur van alle sessies, in seconden.", "Summed duration of all sessions, in seconds."),
        Unit.SECONDS,
        ADD,
        WEB,
        None,
    ),
    _ratio(
        "avg_session_duration",
        ("Gemiddelde sessieduur", "Average session duration"),
        ("Totale sessieduur / sessies.", "Total session duration / sessions."),
        Unit.SECONDS,
        "session_duration",
        "sessions",
        CONSIDER,
        basis=RateBasis.PERIOD,
    ),
    _base(
        "engagement_time",
        ("Betrokkenheidstijd", "Engagement time"),
        (
            "Som van engagement_time_msec: de tijd dat de pagina in beeld en actief was, in seconden.",
            "Sum of engagement_time_msec: time the page was in focus, in seconds.",
        ),
        Unit.SECONDS,
        ADD,
        WEB,
        None,
    ),
    _ratio(
        "avg_engagement_time_per_user",
        ("Gemiddelde betrokkenheidsduur per gebruiker", "Average engagement time per user"),
        (
            "Betrokkenheidstijd / gebruikers over de hele periode (de time-on-site per gebruiker).",
            "Engagement time / users over the whole period (time on site per user).",
        ),
        Unit.SECONDS,
        "engagement_time",
        "users",
        AWARE,
        basis=RateBasis.PERIOD,
    ),
    _base(
        "pageviews",
        ("Weergaven", "Views"),
        ("Aantal page_view-events.", "Number of page_view events."),
        Unit.COUNT,
        ADD,
        WEB,
        AWARE,
    ),
    _base(
        "scrolls",
        ("Scrolls", "Scrolls"),
        ("Pagina's die tot 90% zijn gescrold (scroll-events).", "Pages scrolled to 90% (scroll events)."),
        Unit.COUNT,
        ADD,
        WEB,
        CONSIDER,
    ),
    _base(
        "key_events",
        ("Key events (conversies)", "Key events (conversions)"),
        (
            "Events die als key event (voorheen conversie) zijn gemarkeerd.",
            "Events marked as key events (formerly conversions).",
        ),
        Unit.COUNT,
        ADD,
        WEB,
        CONVERT,
    ),
    _base(
        "form_submissions",
        ("Formulierinzendingen", "Form submissions"),
        ("Ingevulde en verzonden formulieren.", "Forms filled in and submitted."),
        Unit.COUNT,
        ADD,
        WEB,
        CONVERT,
    ),
    _base(
        "downloads",
        ("Downloads", "Downloads"),
        ("Gedownloade bestanden (file_download-events).", "Files downloaded (file_download events)."),
        Unit.COUNT,
        ADD,
        WEB,
        CONSIDER,
    ),
    _base(
        "cart_additions",
        ("Toevoegingen aan winkelmandje", "Add-to-carts"),
        ("Artikelen in het winkelmandje gelegd (add_to_cart).", "Items added to a cart (add_to_cart)."),
        Unit.COUNT,
        ADD,
        WEB,
        CONSIDER,
    ),
    _base(
        "carts",
        ("Winkelmandjes", "Carts"),
        (
            "Sessies waarin iets in het winkelmandje is gelegd.",
            "Sessions in which an item was added to the cart.",
        ),
        Unit.COUNT,
        ADD,
        WEB,
        CONSIDER,
    ),
    _ratio(
        "items_per_cart",
        ("Artikelen per winkelmandje", "Items per cart"),
        ("Toevoegingen aan winkelmandje / winkelmandjes.", "Add-to-carts / carts."),
        Unit.COUNT,
        "cart_additions",
        "carts",
        CONSIDER,
        basis=RateBasis.PERIOD,
    ),
    _base(
        "newsletter_signups",
        ("Nieuwsbriefinschrijvingen", "Newsletter sign-ups"),
        ("Nieuwe inschrijvingen op de nieuwsbrief.", "New subscriptions to the newsletter."),
        Unit.COUNT,
        ADD,
        EMAIL,
        CONSIDER,
    ),
    _ratio(
        "newsletter_signup_rate",
        ("Inschrijfpercentage nieuwsbrief", "Newsletter sign-up rate"),
        ("Nieuwsbriefinschrijvingen / gebruikers.", "Newsletter sign-ups / users."),
        Unit.PERCENT,
        "newsletter_signups",
        "users",
        CONSIDER,
        basis=RateBasis.PERIOD,
    ),
    _base(
        "subscriber_customers",
        ("Kopende inschrijvers", "Buying subscribers"),
        (
            "Nieuwsbriefinschrijvers die daarna iets kochten.",
            "Newsletter subscribers who went on to buy.",
        ),
        Unit.COUNT,
        ADD,
        SALES,
        CONVERT,
    ),
    _ratio(
        "subscriber_to_customer_rate",
        ("Conversie inschrijver → klant", "Subscriber → customer conversion"),
        (
            "Kopende inschrijvers / nieuwsbriefinschrijvingen (cohort).",
            "Buying subscribers / newsletter sign-ups (cohort).",
        ),
        Unit.PERCENT,
        "subscriber_customers",
        "newsletter_signups",
        CONVERT,
        basis=RateBasis.COHORT,
    ),
    # --- advertising ------------------------------------------------------------------------
    _base(
        "ad_impressions",
        ("Advertentievertoningen", "Ad impressions"),
        ("Hoe vaak een advertentie is getoond.", "How often an ad was shown."),
        Unit.COUNT,
        ADD,
        ADS,
        AWARE,
    ),
    _base(
        "ad_reach",
        ("Bereik", "Reach"),
        (
            "Unieke personen die een advertentie zagen; niet optelbaar over dagen of campagnes.",
            "Distinct people who saw an ad; not additive across days or campaigns.",
        ),
        Unit.COUNT,
        NON,
        ADS,
        AWARE,
    ),
    _base(
        "ad_clicks",
        ("Advertentieklikken", "Ad clicks"),
        ("Klikken op advertenties.", "Clicks on ads."),
        Unit.COUNT,
        ADD,
        ADS,
        AWARE,
    ),
    _base(
        "ad_cost",
        ("Advertentiekosten", "Ad cost"),
        ("Uitgegeven mediabudget.", "Media budget spent."),
        Unit.MONEY,
        ADD,
        ADS,
        None,
        higher_is_better=False,
    ),
    _ratio(
        "ctr",
        ("Doorklikratio (CTR)", "Click-through rate (CTR)"),
        ("Advertentieklikken / advertentievertoningen.", "Ad clicks / ad impressions."),
        Unit.PERCENT,
        "ad_clicks",
        "ad_impressions",
        AWARE,
        basis=RateBasis.PERIOD,
    ),
    _ratio(
        "cpc",
        ("Kosten per klik (CPC)", "Cost per click (CPC)"),
        ("Advertentiekosten / advertentieklikken.", "Ad cost / ad clicks."),
        Unit.MONEY,
        "ad_cost",
        "ad_clicks",
        AWARE,
        higher_is_better=False,
    ),
    # --- lead funnel (CRM lifecycle stages, counted on the date a stage was entered) -------
    _base(
        "leads",
        ("Leads", "Leads"),
        ("Contacten die in de periode lead werden.", "Contacts who became a lead in the period."),
        Unit.COUNT,
        ADD,
        CRM,
        CONSIDER,
    ),
    _base(
        "mqls",
        ("MQL's", "MQLs"),
        (
            "Contacten die in de periode marketing qualified lead werden.",
            "Contacts who became a marketing qualified lead in the period.",
        ),
        Unit.COUNT,
        ADD,
        CRM,
        CONSIDER,
    ),
    _base(
        "sqls",
        ("SQL's", "SQLs"),
        (
            "Contacten die in de periode sales qualified lead werden.",
            "Contacts who became a sales qualified lead in the period.",
        ),
        Unit.COUNT,
        ADD,
        CRM,
        CONVERT,
    ),
    _base(
        "opportunities",
        ("Opportunities", "Opportunities"),
        (
            "Contacten die in de periode een offerte kregen (opportunity).",
            "Contacts who got a quote in the period (opportunity).",
        ),
        Unit.COUNT,
        ADD,
        CRM,
        CONVERT,
    ),
    _base(
        "customers",
        ("Nieuwe klanten", "New customers"),
        (
            "Contacten die in de periode klant werden (deal gewonnen).",
            "Contacts who became a customer in the period (deal won).",
        ),
        Unit.COUNT,
        ADD,
        CRM,
        CONVERT,
    ),
    _ratio(
        "visitor_to_lead_rate",
        ("Conversie bezoeker → lead", "Visitor → lead conversion"),
        ("Leads / gebruikers.", "Leads / users."),
        Unit.PERCENT,
        "leads",
        "users",
        CONSIDER,
        basis=RateBasis.PERIOD,
    ),
    *_funnel_rates(),
    # --- sales and value --------------------------------------------------------------------
    _base(
        "orders",
        ("Bestellingen", "Orders"),
        (
            "Afgeronde aankopen (GA4: purchase-events met een transactie-id).",
            "Completed purchases (GA4: purchase events with a transaction id).",
        ),
        Unit.COUNT,
        ADD,
        SALES,
        CONVERT,
    ),
    _base(
        "revenue",
        ("Omzet", "Revenue"),
        ("Omzet uit bestellingen en gewonnen deals.", "Revenue from orders and won deals."),
        Unit.MONEY,
        ADD,
        SALES,
        CONVERT,
    ),
    _base(
        "marketing_cost",
        ("Marketingkosten", "Marketing cost"),
        (
            "Alle marketinguitgaven: media plus overige kosten die de werkruimte invoert.",
            "All marketing spend: media plus other costs the workspace records.",
        ),
        Unit.MONEY,
        ADD,
        SALES,
        None,
        higher_is_better=False,
    ),
    _ratio(
        "cost_per_lead",
        ("Kosten per lead", "Cost per lead"),
        ("Advertentiekosten / leads.", "Ad cost / leads."),
        Unit.MONEY,
        "ad_cost",
        "leads",
        CONSIDER,
        higher_is_better=False,
    ),
    _ratio(
        "cac",
        ("Klantacquisitiekosten (CAC)", "Customer acquisition cost (CAC)"),
        ("Marketingkosten / nieuwe klanten.", "Marketing cost / new customers."),
        Unit.MONEY,
        "marketing_cost",
        "customers",
        CONVERT,
        higher_is_better=False,
    ),
    _ratio(
        "roas",
        ("Rendement op advertentie-uitgaven (ROAS)", "Return on ad spend (ROAS)"),
        ("Omzet / advertentiekosten.", "Revenue / ad cost."),
        Unit.MULTIPLE,
        "revenue",
        "ad_cost",
        CONVERT,
    ),
    _derived(
        "roi",
        ("Rendement op investering (ROI)", "Return on investment (ROI)"),
        (
            "(Omzet − marketingkosten) / marketingkosten, als percentage.",
            "(Revenue − marketing cost) / marketing cost, as a percentage.",
        ),
        Unit.PERCENT,
        "(revenue - marketing_cost) / marketing_cost",
        CONVERT,
    ),
    _ratio(
        "clv",
        ("Customer lifetime value (CLV)", "Customer lifetime value (CLV)"),
        (
            "Omzet per klant over de hele klantrelatie tot nu toe (cohort).",
            "Revenue per customer over the whole relationship so far (cohort).",
        ),
        Unit.MONEY,
        "revenue",
        "customers",
        RETAIN,
        basis=RateBasis.COHORT,
    ),
    _base(
        "repeat_customers",
        ("Terugkerende klanten", "Repeat customers"),
        (
            "Unieke klanten die in de periode opnieuw kochten.",
            "Distinct customers who bought again in the period.",
        ),
        Unit.COUNT,
        NON,
        SALES,
        RETAIN,
    ),
    _base(
        "customers_at_start",
        ("Klanten aan het begin", "Customers at start"),
        ("Klanten bij het begin van de periode.", "Customers at the start of the period."),
        Unit.COUNT,
        NON,
        CRM,
        None,
    ),
    _base(
        "retained_customers",
        ("Behouden klanten", "Retained customers"),
        (
            "Klanten van het begin van de periode die aan het eind nog klant zijn.",
            "Customers at the start of the period who are still customers at its end.",
        ),
        Unit.COUNT,
        NON,
        CRM,
        RETAIN,
    ),
    _ratio(
        "retention_rate",
        ("Klantretentie", "Customer retention rate"),
        ("Behouden klanten / klanten aan het begin.", "Retained customers / customers at start."),
        Unit.PERCENT,
        "retained_customers",
        "customers_at_start",
        RETAIN,
        basis=RateBasis.COHORT,
    ),
    # --- survey and other revenue -----------------------------------------------------------
    _base(
        "survey_responses",
        ("Enquêteantwoorden", "Survey responses"),
        ("Beantwoorde NPS-vragen (0 tot 10).", "Answered NPS questions (0 to 10)."),
        Unit.COUNT,
        ADD,
        SURVEY,
        None,
    ),
    _base(
        "promoters",
        ("Promotors", "Promoters"),
        ("Antwoorden van 9 of 10.", "Answers of 9 or 10."),
        Unit.COUNT,
        ADD,
        SURVEY,
        None,
    ),
    _base(
        "detractors",
        ("Criticasters", "Detractors"),
        ("Antwoorden van 0 tot en met 6.", "Answers of 0 to 6."),
        Unit.COUNT,
        ADD,
        SURVEY,
        None,
    ),
    _derived(
        "nps",
        ("Net Promoter Score (NPS)", "Net Promoter Score (NPS)"),
        (
            "Percentage promotors min percentage criticasters, van −100 tot 100.",
            "Percentage of promoters minus percentage of detractors, from −100 to 100.",
        ),
        Unit.SCORE,
        "(promoters - detractors) / survey_responses * 100",
        RETAIN,
    ),
    _base(
        "ad_revenue",
        ("Advertentie-opbrengsten", "Ad revenue"),
        (
            "Opbrengst uit advertenties op de eigen site (zoals AdSense).",
            "Revenue from ads shown on the site itself (such as AdSense).",
        ),
        Unit.MONEY,
        ADD,
        SALES,
        CONVERT,
    ),
)

STANDARD_CATALOG = Catalog(STANDARD_METRICS)
"""The standard catalog; a workspace's own metrics extend it (:meth:`Catalog.extended`)."""

FUNNEL_STAGES: tuple[str, ...] = tuple(stage for stage, _, _ in _FUNNEL)
"""The lead funnel's stages, top first."""

FUNNEL_COUNT_METRICS: dict[str, str] = {stage: count for stage, count, _ in _FUNNEL}
"""The metric that counts entries into each lead-funnel stage."""
