"""Where each base metric comes from: declared bindings of catalog metrics onto the fact tables.

A base metric may be computable from several tables (sessions from raw GA4 events, or from the
daily report); its bindings are listed best first, and the engine uses the first one that has
data for the requested period. A binding says:

- the table, and the date (or moment) column that places a row in time;
- the measure: ``sum`` of a column, ``count`` of rows, or ``count_distinct`` of a column;
- an optional row filter (only won deals, only promoters);
- which request dimensions it can break down or filter by, and on which column;
- how it treats distinct counts: ``exact`` when computed from raw rows for any range,
  ``daily_only`` when the table holds per-day distinct counts that may not be summed, and
  ``range_only`` for a table of values computed for exactly one date range (GA4 web_ranges).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Measure(StrEnum):
    SUM = "sum"
    COUNT = "count"
    COUNT_DISTINCT = "count_distinct"


@dataclass(frozen=True, slots=True)
class Condition:
    """A row filter, declared so that every backend can run it: ``column op value``.

    ``op`` is one of ``true``, ``false``, ``not_null``, ``=``, ``in``, ``>=``, ``<=``, or ``repeat``
    (the row's ``contact_id`` has more than one row meeting the binding's other conditions).
    """

    column: str
    op: str
    value: str | int | tuple[str, ...] | None = None

    def __str__(self) -> str:
        return f"{self.column} {self.op}" + (f" {self.value!r}" if self.value is not None else "")


class Span(StrEnum):
    """Over which date ranges a binding's values are right."""

    ANY = "any"
    """Computed from rows for any range (additive sums, distinct counts over raw rows)."""
    DAILY_ONLY = "daily_only"
    """Per-day values of a non-additive metric: right for a one-day bucket only."""
    RANGE_ONLY = "range_only"
    """Values computed by the tool for exactly one range (``web_ranges``)."""


WEB_DIMS = {d: d for d in ("channel", "source", "medium", "campaign", "landing_page", "device", "country")}
SESSION_DIMS = {**WEB_DIMS}
EVENT_DIMS = {"channel": "channel", "source": "source", "medium": "medium", "campaign": "campaign",
              "device": "device", "country": "country", "page": "~page_location"}  # fmt: skip
"""Raw GA4 events; a column named with ``~`` matches a filter value anywhere in it, case-blind
(``content=whitepaper`` finds ``whitepaper-badkamer-renoveren.pdf``)."""
ADS_DIMS = {"platform": "platform", "campaign": "campaign", "ad_group": "ad_group", "account": "account",
            "channel": "channel"}  # fmt: skip
CRM_DIMS = {"channel": "channel", "origin": "channel", "source": "source", "campaign": "campaign",
            "landing_page": "landing_page", "segment": "segment", "business_segment": "segment"}  # fmt: skip
DEAL_DIMS = {"channel": "channel", "pipeline": "pipeline", "product": "pipeline"}
"""A deal's pipeline stands for its product line (a shop's bathrooms and its decoration)."""
EMAIL_DIMS = {"campaign": "campaign"}
SURVEY_DIMS = {"channel": "channel", "survey": "survey"}


@dataclass(frozen=True, slots=True)
class Binding:
    """One way to compute a base metric from a fact table."""

    metric: str
    table: str
    time: str
    measure: Measure
    column: str | None = None
    where: tuple[Condition, ...] = ()
    """Row filters (only won deals, only promoters)."""
    dims: Mapping[str, str] = field(default_factory=dict)
    span: Span = Span.ANY
    grained: bool = False
    """Rows carry a ``grain`` (web_daily, web_ranges): only rows of one grain may be combined."""
    note: str = ""

    @property
    def label(self) -> str:
        what = f"{self.measure.value}({self.column or '*'})"
        return f"{self.table}.{what}" + (f" where {' and '.join(map(str, self.where))}" if self.where else "")


def _web_daily(metric: str, column: str | None = None, span: Span = Span.ANY) -> Binding:
    return Binding(
        metric, "web_daily", "date", Measure.SUM, column or metric, dims=WEB_DIMS, span=span, grained=True
    )


def _web_range(metric: str, column: str | None = None) -> Binding:
    return Binding(metric, "web_ranges", "start_date", Measure.SUM, column or metric, dims=WEB_DIMS,
                   span=Span.RANGE_ONLY, grained=True)  # fmt: skip


def _sessions(metric: str, measure: Measure, column: str | None, *where: Condition) -> Binding:
    return Binding(metric, "web_sessions", "session_date", measure, column, where=where, dims=SESSION_DIMS)


def _crm_stage(metric: str, column: str) -> Binding:
    return Binding(
        metric, "crm_contacts", column, Measure.COUNT, where=(Condition(column, "not_null"),), dims=CRM_DIMS
    )


def _value(metric: str) -> Binding:
    """Any metric's values from a mapped file (``metric_values``), by day."""
    return Binding(
        metric, "metric_values", "date", Measure.SUM, "value", where=(Condition("metric", "=", metric),)
    )


WON = Condition("is_won", "true")

BINDINGS: dict[str, tuple[Binding, ...]] = {
    # --- web analytics: raw sessions first, then the tool's own reports -------------------------
    "users": (
        Binding(
            "users",
            "web_sessions",
            "session_date",
            Measure.COUNT_DISTINCT,
            "user_pseudo_id",
            dims=SESSION_DIMS,
        ),
        _web_range("users"),
        _web_daily("users", span=Span.DAILY_ONLY),
    ),
    "new_users": (
        _sessions("new_users", Measure.COUNT_DISTINCT, "user_pseudo_id", Condition("is_new_user", "true")),
        _web_daily("new_users"),
        _web_range("new_users"),
    ),
    "returning_users": (
        _sessions(
            "returning_users", Measure.COUNT_DISTINCT, "user_pseudo_id", Condition("is_new_user", "false")
        ),
        _web_range("returning_users"),
        _web_daily("returning_users", span=Span.DAILY_ONLY),
    ),
    "sessions": (_sessions("sessions", Measure.COUNT, None), _web_daily("sessions"), _web_range("sessions")),
    "engaged_sessions": (
        _sessions("engaged_sessions", Measure.COUNT, None, Condition("engaged", "true")),
        _web_daily("engaged_sessions"),
        _web_range("engaged_sessions"),
    ),
    "session_duration": (
        _sessions("session_duration", Measure.SUM, "duration_seconds"),
        _web_daily("session_duration"),
        _web_range("session_duration"),
    ),
    "engagement_time": (
        _sessions("engagement_time", Measure.SUM, "engagement_time"),
        _web_daily("engagement_time"),
        _web_range("engagement_time"),
    ),
    **{
        name: (_sessions(name, Measure.SUM, name), _web_daily(name), _web_range(name))
        for name in ("pageviews", "scrolls", "key_events")
    },
    # which form or which file needs the events themselves: sessions only count them
    "form_submissions": (
        _sessions("form_submissions", Measure.SUM, "form_submissions"),
        Binding(
            "form_submissions",
            "web_events",
            "event_date",
            Measure.COUNT,
            where=(Condition("event_name", "in", ("form_submit", "generate_lead")),),
            dims={**EVENT_DIMS, "form": "~form_id"},
        ),
        _web_daily("form_submissions"),
        _web_range("form_submissions"),
    ),
    "downloads": (
        _sessions("downloads", Measure.SUM, "downloads"),
        Binding(
            "downloads",
            "web_events",
            "event_date",
            Measure.COUNT,
            where=(Condition("event_name", "=", "file_download"),),
            dims={**EVENT_DIMS, "content": "~file_name"},
        ),
        _web_daily("downloads"),
        _web_range("downloads"),
    ),
    "orders": (
        _sessions("orders", Measure.SUM, "orders"),
        _web_daily("orders"),
        _web_range("orders"),
        Binding(
            "orders",
            "deals",
            "closed_at",
            Measure.COUNT,
            where=(WON,),
            dims=DEAL_DIMS,
            note="won deals: one order each",
        ),
    ),
    **{name: (_web_daily(name), _web_range(name)) for name in ("cart_additions", "carts")},
    "newsletter_signups": (
        Binding("newsletter_signups", "email_daily", "date", Measure.SUM, "signups", dims=EMAIL_DIMS),
        _web_daily("newsletter_signups"),
        _value("newsletter_signups"),
    ),
    # --- advertising ------------------------------------------------------------------------------
    "ad_impressions": (
        Binding("ad_impressions", "ads_daily", "date", Measure.SUM, "impressions", dims=ADS_DIMS),
    ),
    "ad_clicks": (Binding("ad_clicks", "ads_daily", "date", Measure.SUM, "clicks", dims=ADS_DIMS),),
    "ad_cost": (Binding("ad_cost", "ads_daily", "date", Measure.SUM, "cost", dims=ADS_DIMS),),
    "ad_reach": (
        Binding("ad_reach", "ads_daily", "date", Measure.SUM, "reach", dims=ADS_DIMS, span=Span.DAILY_ONLY),
    ),
    "marketing_cost": (
        _value("marketing_cost"),
        Binding(
            "marketing_cost",
            "ads_daily",
            "date",
            Measure.SUM,
            "cost",
            dims=ADS_DIMS,
            note="media spend only: import other marketing costs as metric marketing_cost",
        ),
    ),
    # --- lead funnel: a contact counts on the day it entered the stage ----------------------------
    "leads": (_crm_stage("leads", "lead_at"),),
    "mqls": (_crm_stage("mqls", "mql_at"),),
    "sqls": (_crm_stage("sqls", "sql_at"),),
    "opportunities": (
        _crm_stage("opportunities", "opportunity_at"),
        Binding("opportunities", "deals", "created_at", Measure.COUNT, dims=DEAL_DIMS),
    ),
    "customers": (
        _crm_stage("customers", "customer_at"),
        Binding(
            "customers",
            "deals",
            "closed_at",
            Measure.COUNT_DISTINCT,
            "contact_id|deal_id",
            where=(WON,),
            dims=DEAL_DIMS,
        ),
    ),
    "revenue": (
        _sessions("revenue", Measure.SUM, "revenue"),
        _web_daily("revenue"),
        Binding("revenue", "deals", "closed_at", Measure.SUM, "amount", where=(WON,), dims=DEAL_DIMS),
    ),
    "repeat_customers": (
        Binding(
            "repeat_customers",
            "deals",
            "closed_at",
            Measure.COUNT_DISTINCT,
            "contact_id",
            where=(WON, Condition("contact_id", "repeat")),
            dims=DEAL_DIMS,
            note="customers with more than one won deal, counted when a won deal closes",
        ),
    ),
    "subscriber_customers": (_value("subscriber_customers"),),
    # --- surveys and other values -----------------------------------------------------------------
    "survey_responses": (
        Binding("survey_responses", "survey_answers", "answered_on", Measure.COUNT, dims=SURVEY_DIMS),
    ),
    "promoters": (
        Binding(
            "promoters",
            "survey_answers",
            "answered_on",
            Measure.COUNT,
            where=(Condition("score", ">=", 9),),
            dims=SURVEY_DIMS,
        ),
    ),
    "detractors": (
        Binding(
            "detractors",
            "survey_answers",
            "answered_on",
            Measure.COUNT,
            where=(Condition("score", "<=", 6),),
            dims=SURVEY_DIMS,
        ),
    ),
    "ad_revenue": (_value("ad_revenue"),),
}
"""Base metric key -> its bindings, best first. A metric without bindings is read from
``metric_values`` (values a user imported for it)."""


def bindings_for(metric: str) -> tuple[Binding, ...]:
    """The bindings of a base metric; any metric can at least come from imported values."""
    return BINDINGS.get(metric, (_value(metric),))


STAGE_COLUMNS: dict[str, str] = {
    "leads": "lead_at",
    "mqls": "mql_at",
    "sqls": "sql_at",
    "opportunities": "opportunity_at",
    "customers": "customer_at",
}
"""The CRM column holding the moment a contact entered the stage each funnel count metric counts:
cohort conversion rates follow contacts from one stage column to another."""
