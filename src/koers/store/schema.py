"""The canonical fact tables, declared once: every importer writes into these, every metric reads them.

Each table says its columns (name, DuckDB type), its key and how a new import replaces what is
there:

- ``by_key``: a row with the same key replaces the old one (a CRM contact that moved to a later
  stage, a deal that closed);
- ``by_range``: the new import covers a date range within a partition (the same source, the same
  property, the same report shape) and replaces every row of that partition in that range (an
  overlapping GA4 export replaces the overlap).

Replaced rows are not deleted but marked ``superseded_by`` the import that replaced them, so that
undoing an import restores exactly what was there before. Queries read the ``current_<table>``
views, which hold only rows that are not superseded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa


class Replace(StrEnum):
    BY_KEY = "by_key"
    BY_RANGE = "by_range"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class FactTable:
    """A canonical table: its columns, key, date column and how imports replace rows."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    replace: Replace
    date_column: str
    partition: tuple[str, ...] = ()
    """For ``by_range``: the columns that say which rows one import may replace."""
    earliest: tuple[str, ...] = ()
    """For merged ``by_key`` rows: columns where the earlier of the old and new value stands
    (a contact was created when first seen, whichever export says so)."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def view(self) -> str:
        return f"current_{self.name}"

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, _ARROW[c.type], nullable=c.nullable) for c in self.columns])

    def ddl(self) -> str:
        columns = [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns]
        columns += ["import_id VARCHAR NOT NULL", "superseded_by VARCHAR"]
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(columns)})"


_ARROW: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    "BOOLEAN": pa.bool_(),
    "DECIMAL(18,4)": pa.decimal128(18, 4),
    "DECIMAL(38,10)": pa.decimal128(38, 10),
    "JSON": pa.string(),
}


def _c(name: str, type_: str, nullable: bool = True) -> Column:
    return Column(name, type_, nullable)


TEXT, INT, NUM, DAY, TS, BOOL, MONEY = (
    "VARCHAR",
    "BIGINT",
    "DOUBLE",
    "DATE",
    "TIMESTAMPTZ",
    "BOOLEAN",
    "DECIMAL(18,4)",
)
MONEY_SCALE = 4

# The dimensions a web or ads row can be broken down by; '' means "not broken down by this".
WEB_DIMENSIONS = ("channel", "source", "medium", "campaign", "landing_page", "device", "country")
WEB_MEASURES = (
    "users", "new_users", "returning_users", "sessions", "engaged_sessions", "session_duration",
    "engagement_time", "pageviews", "scrolls", "key_events", "form_submissions", "downloads",
    "cart_additions", "carts", "newsletter_signups", "orders",
)  # fmt: skip

_REPORT_COLUMNS = (
    *(_c(name, TEXT, False) for name in WEB_DIMENSIONS),
    *(_c(name, NUM if name in ("session_duration", "engagement_time") else INT) for name in WEB_MEASURES),
    _c("revenue", MONEY),
)
"""What a web analytics report holds, per day (web_daily) or per range (web_ranges)."""

WEB_DAILY = FactTable(
    name="web_daily",
    columns=(
        _c("date", DAY, False),
        _c("source_system", TEXT, False),
        _c("property", TEXT, False),
        _c("grain", TEXT, False),
        *_REPORT_COLUMNS,
    ),
    key=("source_system", "property", "grain", "date", *WEB_DIMENSIONS),
    replace=Replace.BY_RANGE,
    date_column="date",
    partition=("source_system", "property", "grain"),
)
"""Web analytics per day as a tool reports it (GA4 UI and Data API, Matomo). ``grain`` names the
dimensions the report was broken down by (``""`` for totals, ``"channel"``, ``"channel,device"``):
rows of one grain add up for additive metrics; rows of different grains are never mixed."""

WEB_RANGES = FactTable(
    name="web_ranges",
    columns=(
        _c("start_date", DAY, False),
        _c("end_date", DAY, False),
        _c("source_system", TEXT, False),
        _c("property", TEXT, False),
        _c("grain", TEXT, False),
        *_REPORT_COLUMNS,
    ),
    key=("source_system", "property", "grain", "start_date", "end_date", *WEB_DIMENSIONS),
    replace=Replace.BY_KEY,
    date_column="start_date",
)
"""Web analytics for exactly one date range [start_date, end_date), as the tool computed it: the
only way to know distinct users over a range without raw events."""

WEB_EVENTS = FactTable(
    name="web_events",
    columns=(
        _c("event_date", DAY, False),
        _c("event_ts", TS, False),
        _c("property", TEXT, False),
        _c("event_name", TEXT, False),
        _c("user_pseudo_id", TEXT, False),
        _c("user_id", TEXT),
        _c("session_id", INT),
        _c("session_number", INT),
        _c("session_engaged", BOOL),
        _c("engagement_time_msec", INT),
        _c("page_location", TEXT),
        _c("form_id", TEXT),
        _c("file_name", TEXT),
        _c("source", TEXT),
        _c("medium", TEXT),
        _c("campaign", TEXT),
        _c("channel", TEXT),
        _c("device", TEXT),
        _c("country", TEXT),
        _c("transaction_id", TEXT),
        _c("revenue", MONEY),
    ),
    key=("property", "event_date", "user_pseudo_id", "event_ts", "event_name"),
    replace=Replace.BY_RANGE,
    date_column="event_date",
    partition=("property",),
)
"""Raw events from the GA4 BigQuery export, one row per event, flattened."""

WEB_SESSIONS = FactTable(
    name="web_sessions",
    columns=(
        _c("session_date", DAY, False),
        _c("property", TEXT, False),
        _c("user_pseudo_id", TEXT, False),
        _c("session_id", INT, False),
        _c("started_at", TS, False),
        _c("is_new_user", BOOL, False),
        _c("engaged", BOOL, False),
        _c("duration_seconds", NUM),
        _c("engagement_time", NUM),
        _c("pageviews", INT),
        _c("scrolls", INT),
        _c("key_events", INT),
        _c("form_submissions", INT),
        _c("downloads", INT),
        _c("orders", INT),
        _c("revenue", MONEY),
        _c("landing_page", TEXT),
        *(_c(name, TEXT) for name in ("channel", "source", "medium", "campaign", "device", "country")),
    ),
    key=("property", "user_pseudo_id", "session_id"),
    replace=Replace.BY_RANGE,
    date_column="session_date",
    partition=("property",),
)
"""Sessions derived from ``web_events`` when events are imported (sessionisation)."""

ADS_DAILY = FactTable(
    name="ads_daily",
    columns=(
        _c("date", DAY, False),
        _c("platform", TEXT, False),
        _c("channel", TEXT, False),
        _c("account", TEXT, False),
        _c("campaign", TEXT, False),
        _c("ad_group", TEXT, False),
        _c("impressions", INT),
        _c("clicks", INT),
        _c("cost", MONEY),
        _c("conversions", NUM),
        _c("conversion_value", MONEY),
        _c("reach", INT),
        _c("leads", INT),
        _c("currency", TEXT, False),
    ),
    key=("platform", "account", "date", "campaign", "ad_group"),
    replace=Replace.BY_RANGE,
    date_column="date",
    partition=("platform", "account"),
)
"""Ad platform results per day and campaign (Google Ads, Meta Ads, LinkedIn Ads). ``channel`` is
GA4's channel group the clicks land in (a Google search campaign is Paid Search, Meta is Paid
Social), so that ads and web analytics break down alike. ``reach`` is distinct people: never
summed across days or campaigns."""

CRM_CONTACTS = FactTable(
    name="crm_contacts",
    columns=(
        _c("source_system", TEXT, False),
        _c("contact_id", TEXT, False),
        _c("created_at", TS),
        _c("lead_at", TS),
        _c("mql_at", TS),
        _c("sql_at", TS),
        _c("opportunity_at", TS),
        _c("customer_at", TS),
        _c("lifecycle_stage", TEXT),
        _c("channel", TEXT),
        _c("source", TEXT),
        _c("campaign", TEXT),
        _c("landing_page", TEXT),
        _c("segment", TEXT),
        _c("attributes", "JSON"),
    ),
    key=("source_system", "contact_id"),
    replace=Replace.BY_KEY,
    date_column="created_at",
    earliest=("created_at",),
)
"""CRM contacts (HubSpot contacts, Salesforce leads, any mapped file) with the moment each
funnel stage was entered; a later export updates the contact."""

DEALS = FactTable(
    name="deals",
    columns=(
        _c("source_system", TEXT, False),
        _c("deal_id", TEXT, False),
        _c("contact_id", TEXT),
        _c("name", TEXT),
        _c("amount", MONEY),
        _c("currency", TEXT),
        _c("created_at", TS),
        _c("closed_at", TS),
        _c("stage", TEXT),
        _c("is_closed", BOOL),
        _c("is_won", BOOL),
        _c("pipeline", TEXT),
        _c("channel", TEXT),
    ),
    key=("source_system", "deal_id"),
    replace=Replace.BY_KEY,
    date_column="created_at",
    earliest=("created_at",),
)
"""Deals and opportunities (HubSpot deals, Salesforce opportunities)."""

EMAIL_DAILY = FactTable(
    name="email_daily",
    columns=(
        _c("date", DAY, False),
        _c("source_system", TEXT, False),
        _c("campaign", TEXT, False),
        _c("sent", INT),
        _c("opens", INT),
        _c("clicks", INT),
        _c("unsubscribes", INT),
        _c("signups", INT),
    ),
    key=("source_system", "date", "campaign"),
    replace=Replace.BY_RANGE,
    date_column="date",
    partition=("source_system",),
)
"""Newsletter statistics per day and campaign, with new sign-ups."""

SURVEY_ANSWERS = FactTable(
    name="survey_answers",
    columns=(
        _c("answered_on", DAY, False),
        _c("survey", TEXT, False),
        _c("respondent_id", TEXT, False),
        _c("score", INT, False),
        _c("channel", TEXT),
        _c("comment", TEXT),
    ),
    key=("survey", "respondent_id", "answered_on"),
    replace=Replace.BY_KEY,
    date_column="answered_on",
)
"""Survey answers on a 0-10 scale (NPS)."""

METRIC_VALUES = FactTable(
    name="metric_values",
    columns=(
        _c("date", DAY, False),
        _c("metric", TEXT, False),
        _c("segment", TEXT, False),
        _c("value", "DECIMAL(38,10)", False),
    ),
    key=("metric", "date", "segment"),
    replace=Replace.BY_KEY,
    date_column="date",
)
"""Values of any metric by day, from a mapped file (ad revenue, a custom metric...); ``segment``
is ``dimension=value`` pairs joined by ``;`` (``''`` for all)."""

FACT_TABLES: dict[str, FactTable] = {
    table.name: table
    for table in (
        WEB_DAILY, WEB_RANGES, WEB_EVENTS, WEB_SESSIONS, ADS_DAILY, CRM_CONTACTS, DEALS, EMAIL_DAILY,
        SURVEY_ANSWERS, METRIC_VALUES,
    )
}  # fmt: skip

IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    import_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    tables VARCHAR NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    first_date DATE,
    last_date DATE,
    rows_added BIGINT NOT NULL,
    rows_replaced BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    undone_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS import_scopes (
    import_id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    partition_values VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL
)
"""
"""``imports`` is the import log; ``import_scopes`` says which partition and date range each
by-range import replaced, so that undoing an earlier import can leave a later one's
replacements in place."""
