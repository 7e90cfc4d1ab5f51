"""Ad platform cost reports: Google Ads, Meta Ads and LinkedIn Ads, as their web interfaces export them.

Every format lands in ``ads_daily``: one row per day, account, campaign and ad group, replaced by
date range within a platform and account (an overlapping export replaces the overlap). The
conventions, the same for the three platforms:

- **Account**: the file's account column when it has one (``Account``, ``Account name``...),
  else the import option ``account``, else ``''``. Exports of one account should be imported the
  same way each time: rows of account ``''`` are not replaced by rows of account ``Shop BV``.
- **Currency**: every amount must be in the workspace's currency, or the file is refused. It
  comes from a currency column (``Currency code``, ``Currency``), else the header (``Amount
  spent (EUR)``), else the sign in the amount (``$`` is USD, ``€`` EUR, ``£`` GBP), else the
  workspace's currency is assumed.
- **Derived columns** (CTR, average CPC, cost per result, CPM) are not stored: metrics compute
  them from the stored counts.
- **Whole file or nothing**: a row with fewer cells than the header (a file cut off), a number
  that is none, a duplicated row or a wrong currency refuses the file, naming row and column.

Per platform:

- ``google_ads``: the UI's CSV with a title line and a date-range line before the header and
  total rows at the end, in English or Dutch. The date-range line is the range the import
  replaces (widened to the rows' own dates); when it is there the file must end with a total
  row, else it is taken to be cut off. ``--`` in an optional column is empty.
- ``meta_ads``: the Ads Manager export. A row covers ``Reporting starts`` to ``Reporting
  ends``; only rows of one day can be stored (export with a breakdown by day), a row spanning
  several days is refused. Ad-level rows are added up to their ad set (``ad_group``): impressions,
  clicks, spend, results are summed; ``reach`` is kept only when one row makes the ad set's day
  and is left empty when rows had to be combined, because the people reached by two ads overlap.
  ``Results`` count as ``leads`` when the result indicator is a lead (``actions:lead``,
  ``leadgen...``, ``...fb_pixel_lead``) and as ``conversions`` when it is a purchase,
  registration or other conversion; other results (link clicks, reach, video views) are not
  stored. A first row without campaign, ad set or ad name is Meta's summary row and is skipped.
- ``linkedin_ads``: the Campaign Manager campaign performance export, with its preamble
  (``Report Start: 9/1/2026, 12:00 AM``...). LinkedIn writes dates month first in English
  (``9/1/2026`` is 1 September); the file's own dates decide when one cannot be read both ways,
  else the header's language does. The report start and end are the range the import replaces.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from koers.i18n import Localized, msg
from koers.sources.base import (
    TOTAL_ROW,
    CellReader,
    CsvRow,
    CsvTable,
    ImportContext,
    Importer,
    ImportProblem,
    NumberFormat,
    SourceFile,
    check_currency,
    check_unique,
    parse_date,
    read_csv,
    register,
    sniff_delimiter,
    to_arrow,
)
from koers.store.warehouse import ImportBatch, TablePart

# --- column names, English and Dutch ---------------------------------------------------------

_ACCOUNT = ("Account", "Account name", "Accountnaam", "Naam account", "Customer name")
_CURRENCY = ("Currency code", "Currency", "Valutacode", "Valuta")

_G_DAY = ("Day", "Dag", "Date", "Datum")
_G_CAMPAIGN = ("Campaign", "Campagne")
_G_AD_GROUP = ("Ad group", "Advertentiegroep")
_G_IMPRESSIONS = ("Impr.", "Impressions", "Vertoningen", "Vert.")
_G_CLICKS = ("Clicks", "Klikken")
_G_COST = ("Cost", "Kosten")
_G_CONVERSIONS = ("Conversions", "Conversies")
_G_VALUE = ("Conv. value", "Conversion value", "Conv.waarde", "Conv. waarde", "Conversiewaarde")

_M_START = ("Reporting starts", "Begin rapportage", "Rapportage begint", "Start rapportage")
_M_END = ("Reporting ends", "Einde rapportage", "Rapportage eindigt", "Eind rapportage")
_M_DAY = ("Day", "Dag")
_M_CAMPAIGN = ("Campaign name", "Campagnenaam", "Naam campagne")
_M_AD_SET = ("Ad set name", "Naam advertentieset", "Advertentiesetnaam")
_M_AD = ("Ad name", "Advertentienaam", "Naam advertentie")
_M_IMPRESSIONS = ("Impressions", "Weergaven")
_M_REACH = ("Reach", "Bereik")
_M_CLICKS = ("Link clicks", "Klikken op link", "Linkklikken")
_M_SPEND = r"^(amount spent|besteed bedrag)\b"
_M_RESULTS = ("Results", "Resultaten")
_M_INDICATOR = ("Result indicator", "Resultaatindicator", "Indicator resultaat", "Resultaatindicatie")

_L_DAY = ("Start Date (in UTC)", "Start Date", "Begindatum (in UTC)", "Begindatum")
_L_END = ("End Date (in UTC)", "End Date", "Einddatum (in UTC)", "Einddatum")
_L_CAMPAIGN = ("Campaign Name", "Campagnenaam")
_L_IMPRESSIONS = ("Impressions", "Vertoningen", "Weergaven")
_L_CLICKS = ("Clicks", "Klikken")
_L_SPENT = ("Total Spent", "Amount Spent", "Totaal uitgegeven", "Totaal besteed")
_L_LEADS = ("Leads",)
_L_CONVERSIONS = ("Conversions", "Conversies")

_LEAD = re.compile(r"lead", re.I)
_CONVERSION = re.compile(r"purchase|conversion|complete_registration|subscribe|start_trial", re.I)
_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_IN_TEXT = re.compile(r"[€$£]|\b([A-Z]{3})\b")
_HEADER_CURRENCY = re.compile(r"\(\s*([A-Z]{3})\s*\)")


# --- shared helpers ----------------------------------------------------------------------------


def _loose(name: str) -> str:
    # the same comparison CsvTable.column makes
    return re.sub(r"[\s_.\-]+", " ", name.strip().lstrip("\ufeff").lower())


def _head_rows(source: SourceFile, lines: int = 30) -> list[set[str]]:
    """The first lines of the file as sets of loosely compared cells, for sniffing."""
    head = source.head_text.splitlines()[:lines]
    delimiter = sniff_delimiter(head)
    return [
        {_loose(cell) for cell in record if cell.strip()} for record in csv.reader(head, delimiter=delimiter)
    ]


def _has(cells: set[str], candidates: Iterable[str]) -> bool:
    return any(_loose(candidate) in cells for candidate in candidates)


def _header_test(*groups: Sequence[str]) -> Callable[[Sequence[str]], bool]:
    """A header test for :func:`read_csv`: the row names a column of every group."""

    def is_header(record: Sequence[str]) -> bool:
        cells = {_loose(cell) for cell in record if cell.strip()}
        return all(_has(cells, group) for group in groups)

    return is_header


def _require(table: CsvTable, *candidates: str) -> str:
    column = table.column(*candidates)
    if column is None:
        raise ImportProblem(
            table.file,
            msg("import.missing_columns", missing=candidates[0], found=", ".join(table.header)),
            row=table.header_line,
        )
    return column


_GOOGLE_CHANNELS = (
    (re.compile(r"display|weergave", re.I), "Display"),
    (re.compile(r"video", re.I), "Paid Video"),
    (re.compile(r"shopping", re.I), "Paid Shopping"),
    (re.compile(r"performance\s*max|pmax", re.I), "Cross-network"),
    (re.compile(r"demand\s*gen|discovery", re.I), "Paid Social"),
)


def google_channel(campaign_type: str) -> str:
    """GA4's channel group for a Google Ads campaign type; a search campaign, or an export that
    does not say the type, is Paid Search."""
    for pattern, channel in _GOOGLE_CHANNELS:
        if pattern.search(campaign_type):
            return channel
    return "Paid Search"


def _optional(cells: CellReader, row: CsvRow, column: str | None) -> Decimal | None:
    """An optional number; empty and ``--`` (Google's "not applicable") are none."""
    if column is None or row.get(column) in ("", "--", "-"):
        return None
    return cells.decimal(row, column)


def _whole(cells: CellReader, row: CsvRow, column: str | None, *, required: bool = False) -> int | None:
    if not required and column is not None and row.get(column) in ("--", "-"):
        return None
    return cells.integer(row, column, required=required)


def _money(cells: CellReader, row: CsvRow, column: str) -> Decimal:
    value = cells.decimal(row, column, required=True)
    if value is None:  # required=True raises instead; this tells the type checker
        raise ValueError(column)
    return value


def _day(cells: CellReader, row: CsvRow, column: str) -> date:
    value = cells.day(row, column, required=True)
    if value is None:  # required=True raises instead; this tells the type checker
        raise ValueError(column)
    return value


def _currency_of(text: str) -> str | None:
    """The currency an amount is written in: its sign or its code, if any."""
    match = _CURRENCY_IN_TEXT.search(text)
    if match is None:
        return None
    return match[1] or _SIGNS[match[0]]


def _header_currency(column: str | None) -> str | None:
    match = _HEADER_CURRENCY.search(column or "")
    return match[1] if match else None


def _check_row_currency(
    table: CsvTable,
    row: CsvRow,
    context: ImportContext,
    currency_column: str | None,
    amount_columns: Sequence[str | None],
) -> str:
    """The row's currency (see the module's conventions), refused when not the workspace's."""
    found: str | None = None
    column: str | None = None
    if currency_column is not None and row.get(currency_column):
        found, column = row.get(currency_column), currency_column
    else:
        for amount in amount_columns:
            if amount is None:
                continue
            found = _header_currency(amount) or _currency_of(row.get(amount))
            if found is not None:
                column = amount
                break
    check_currency(table.file, found, context.currency, row=row.line, column=column)
    return (found or context.currency).strip().upper()


def _account(row: CsvRow, column: str | None, context: ImportContext) -> str:
    return (row.get(column) if column else "") or context.options.get("account", "")


def _covers(rows_dates: Iterable[date], stated: tuple[date, date] | None) -> tuple[date, date] | None:
    """The range ``[start, end)`` an import replaces: what the file states, widened to its rows
    (a row outside the replaced range would sit next to the row it should have replaced)."""
    days = list(rows_dates)
    if stated is None:
        return None
    first = min([stated[0], *days])
    last = max([stated[1], *days])
    return first, last + timedelta(days=1)


def _batch(
    format: str, records: list[dict[str, Any]], covers: tuple[date, date] | None, skipped: int
) -> ImportBatch:
    part = TablePart(table="ads_daily", rows=to_arrow("ads_daily", records), covers=covers)
    return ImportBatch(format=format, parts=(part,), rows_rejected=skipped)


def _parse_day(text: str) -> date:
    """:func:`parse_date`, also for Dutch ``maart`` (which it does not read)."""
    return parse_date(re.sub(r"\bmaart\b", "mrt", text, flags=re.I))


# --- Google Ads --------------------------------------------------------------------------------

_GOOGLE_TOTAL = re.compile(r"^\s*(total|totaal)\s*:", re.I)


@register
class GoogleAds(Importer):
    """The Google Ads web interface's report download (CSV), English or Dutch."""

    format = "google_ads"
    name = Localized("Google Ads-rapport (CSV)", "Google Ads report (CSV)")
    suffixes = (".csv",)

    def sniff(self, source: SourceFile) -> int:
        """Sure when a line names a campaign, impressions and cost in Google's words."""
        for cells in _head_rows(source):
            if _has(cells, _G_CAMPAIGN) and _has(cells, _G_IMPRESSIONS) and _has(cells, _G_COST):
                return 90
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every row of the report as a day of a campaign (or ad group) in ``ads_daily``."""
        table = read_csv(source, is_header=_header_test(_G_CAMPAIGN, _G_IMPRESSIONS))
        day = _require(table, *_G_DAY)
        campaign = _require(table, *_G_CAMPAIGN)
        impressions = _require(table, *_G_IMPRESSIONS)
        clicks = _require(table, *_G_CLICKS)
        cost = table.column(*_G_COST) or table.column_matching(r"^(cost|kosten)\s*\(")
        if cost is None:
            cost = _require(table, *_G_COST)
        conversions = table.column(*_G_CONVERSIONS)
        value = table.column(*_G_VALUE)
        ad_group = table.column(*_G_AD_GROUP)
        account = table.column(*_ACCOUNT)
        currency = table.column(*_CURRENCY)
        campaign_type = table.column("Campaign type", "Campagnetype", "Type campagne")
        stated = _stated_range(table)

        numeric = [name for name in (impressions, clicks, cost, conversions, value) if name]
        cells = CellReader(table, NumberFormat.guess(table, numeric))
        records: list[dict[str, Any]] = []
        lines: list[int] = []
        skipped = table.skipped
        for row in table.rows:
            if not _is_day(row.get(day)) and any(_GOOGLE_TOTAL.match(cell) for cell in row.cells.values()):
                skipped += 1  # a total row whose label is not in the first column
                continue
            found = _check_row_currency(table, row, context, currency, (cost, value))
            conv = _optional(cells, row, conversions)
            records.append(
                {
                    "date": _day(cells, row, day),
                    "platform": self.format,
                    "channel": google_channel(cells.text(row, campaign_type)),
                    "account": _account(row, account, context),
                    "campaign": cells.text(row, campaign),
                    "ad_group": cells.text(row, ad_group),
                    "impressions": _whole(cells, row, impressions, required=True),
                    "clicks": _whole(cells, row, clicks, required=True),
                    "cost": _money(cells, row, cost),
                    "conversions": float(conv) if conv is not None else None,
                    "conversion_value": _optional(cells, row, value),
                    "currency": found,
                }
            )
            lines.append(row.line)
        if stated is not None:
            _check_total_row(source, table)
        _check_names(table, records, lines, campaign)
        check_unique(
            source.name,
            (
                ((r["account"], r["date"], r["campaign"], r["ad_group"]), line)
                for r, line in zip(records, lines, strict=True)
            ),
        )
        return _batch(self.format, records, _covers((r["date"] for r in records), stated), skipped)


def _is_day(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _stated_range(table: CsvTable) -> tuple[date, date] | None:
    """The report's date range from the line above the header: ``September 1, 2026 - September 3,
    2026`` or ``1 september 2026 - 3 september 2026`` (inclusive)."""
    for line in table.preamble:
        parts = re.split(r"\s+[-–]\s+", line.strip().rstrip(",;\t ").strip('"'))
        if len(parts) != 2:
            continue
        try:
            start, end = _parse_day(parts[0]), _parse_day(parts[1])
        except ValueError:
            continue
        if end < start:
            raise ImportProblem(
                table.file,
                msg("ads.end_before_start", start=start, end=end),
                row=table.preamble.index(line) + 1,
            )
        return start, end
    return None


def _check_total_row(source: SourceFile, table: CsvTable) -> None:
    """A Google Ads download ends with total rows; without them it was cut off."""
    lines = source.text.splitlines()
    last = next((number for number in range(len(lines), 0, -1) if lines[number - 1].strip()), 0)
    if last <= table.header_line:
        return  # nothing after the header: an empty report
    record = next(csv.reader([lines[last - 1]], delimiter=table.delimiter), [])
    if not any(TOTAL_ROW.match(cell) for cell in record):
        raise ImportProblem(source.name, msg("ads.no_total_row"), row=last)


def _check_names(
    table: CsvTable, records: Sequence[Mapping[str, Any]], lines: Sequence[int], column: str
) -> None:
    for record, line in zip(records, lines, strict=True):
        if not record["campaign"]:
            raise ImportProblem(table.file, msg("import.empty_value", value=""), row=line, column=column)


# --- Meta Ads ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _MetaRow:
    line: int
    key: tuple[str, date, str, str]
    impressions: int | None
    clicks: int | None
    cost: Decimal
    reach: int | None
    leads: int | None
    conversions: Decimal | None
    currency: str


@register
class MetaAds(Importer):
    """The Meta Ads Manager export (CSV), in the user's language, one row per day."""

    format = "meta_ads"
    name = Localized("Meta Ads Manager-export (CSV)", "Meta Ads Manager export (CSV)")
    suffixes = (".csv",)

    def sniff(self, source: SourceFile) -> int:
        """Sure when a line names the reporting start, a campaign name and impressions."""
        for cells in _head_rows(source):
            if _has(cells, _M_START) and _has(cells, _M_CAMPAIGN) and _has(cells, _M_IMPRESSIONS):
                return 90
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every day of every ad set (ads added up) in ``ads_daily``; see the module's notes."""
        table = read_csv(source, is_header=_header_test(_M_START, _M_CAMPAIGN))
        start = _require(table, *_M_START)
        end = _require(table, *_M_END)
        day = table.column(*_M_DAY)
        campaign = _require(table, *_M_CAMPAIGN)
        impressions = _require(table, *_M_IMPRESSIONS)
        spend = table.column_matching(_M_SPEND)
        if spend is None:
            spend = _require(table, "Amount spent (EUR)")
        ad_set = table.column(*_M_AD_SET)
        ad = table.column(*_M_AD)
        reach = table.column(*_M_REACH)
        clicks = table.column(*_M_CLICKS)
        results = table.column(*_M_RESULTS)
        indicator = table.column(*_M_INDICATOR)
        account = table.column(*_ACCOUNT)
        currency = table.column(*_CURRENCY)

        numeric = [name for name in (impressions, spend, reach, clicks, results) if name]
        cells = CellReader(table, NumberFormat.guess(table, numeric))
        rows: list[_MetaRow] = []
        ads: list[str] = []
        skipped = table.skipped
        for index, row in enumerate(table.rows):
            names = [row.get(name) for name in (campaign, ad_set, ad) if name]
            if index == 0 and not any(names):
                skipped += 1  # the summary row Meta puts first when asked to
                continue
            if not row.get(campaign):
                raise ImportProblem(
                    table.file, msg("import.empty_value", value=""), row=row.line, column=campaign
                )
            when = _meta_day(cells, row, start, end, day)
            found = _check_row_currency(table, row, context, currency, (spend,))
            count = _optional(cells, row, results)
            kind = row.get(indicator) if indicator else ""
            is_lead = count is not None and bool(_LEAD.search(kind))
            rows.append(
                _MetaRow(
                    line=row.line,
                    key=(_account(row, account, context), when, row.get(campaign), cells.text(row, ad_set)),
                    impressions=_whole(cells, row, impressions, required=True),
                    clicks=_whole(cells, row, clicks),
                    cost=_money(cells, row, spend),
                    reach=_whole(cells, row, reach),
                    leads=_whole(cells, row, results) if is_lead else None,
                    conversions=count
                    if count is not None and not is_lead and _CONVERSION.search(kind)
                    else None,
                    currency=found,
                )
            )
            ads.append(cells.text(row, ad))
        check_unique(
            source.name, (((*meta.key, name), meta.line) for meta, name in zip(rows, ads, strict=True))
        )
        records = [_combine(group) for group in _grouped(rows).values()]
        return _batch(self.format, records, None, skipped)


def _meta_day(cells: CellReader, row: CsvRow, start: str, end: str, day: str | None) -> date:
    """The day a row is about: its ``Day``, or its reporting start when it also ends that day."""
    if day is not None and row.get(day):
        return _day(cells, row, day)
    first, last = _day(cells, row, start), _day(cells, row, end)
    if last < first:
        raise ImportProblem(
            cells.table.file, msg("ads.end_before_start", start=first, end=last), row=row.line, column=end
        )
    if last != first:
        raise ImportProblem(
            cells.table.file, msg("ads.row_spans_days", start=first, end=last), row=row.line, column=end
        )
    return first


def _grouped(rows: Iterable[_MetaRow]) -> dict[tuple[str, date, str, str], list[_MetaRow]]:
    groups: dict[tuple[str, date, str, str], list[_MetaRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    return groups


def _total(values: Iterable[Any]) -> Any:
    """The sum of the values that are known; ``None`` when none is."""
    known = [value for value in values if value is not None]
    return sum(known[1:], known[0]) if known else None


def _combine(group: Sequence[_MetaRow]) -> dict[str, Any]:
    """One ad set's day from its ads' rows: additive columns summed, reach only when alone."""
    account, when, campaign, ad_set = group[0].key
    conversions = _total(row.conversions for row in group)
    return {
        "date": when,
        "platform": MetaAds.format,
        "channel": "Paid Social",
        "account": account,
        "campaign": campaign,
        "ad_group": ad_set,
        "impressions": _total(row.impressions for row in group),
        "clicks": _total(row.clicks for row in group),
        "cost": _total(row.cost for row in group),
        "conversions": float(conversions) if conversions is not None else None,
        "reach": group[0].reach if len(group) == 1 else None,
        "leads": _total(row.leads for row in group),
        "currency": group[0].currency,
    }


# --- LinkedIn Ads ------------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_REPORT_BOUND = re.compile(
    r"^\s*(report start|report end|begin rapport|einde rapport|startdatum rapport|einddatum rapport)"
    r"[^:]*:\s*([0-9][0-9/.\-]*)",
    re.I,
)


@register
class LinkedInAds(Importer):
    """The LinkedIn Campaign Manager campaign performance export (CSV)."""

    format = "linkedin_ads"
    name = Localized("LinkedIn Campaign Manager-export (CSV)", "LinkedIn Campaign Manager export (CSV)")
    suffixes = (".csv",)

    def sniff(self, source: SourceFile) -> int:
        """Sure when a line names LinkedIn's start date, campaign name and total spent."""
        for cells in _head_rows(source):
            if _has(cells, _L_DAY) and _has(cells, _L_CAMPAIGN) and _has(cells, _L_SPENT):
                return 90
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every day of every campaign in ``ads_daily`` (``ad_group`` is ``''``)."""
        table = read_csv(source, is_header=_header_test(_L_DAY, _L_CAMPAIGN))
        day = _require(table, *_L_DAY)
        until = table.column(*_L_END)
        campaign = _require(table, *_L_CAMPAIGN)
        impressions = _require(table, *_L_IMPRESSIONS)
        clicks = _require(table, *_L_CLICKS)
        spent = _require(table, *_L_SPENT)
        leads = table.column(*_L_LEADS)
        conversions = table.column(*_L_CONVERSIONS)
        account = table.column(*_ACCOUNT, "Account Name")
        currency = table.column(*_CURRENCY)

        stated_dates = [m[2] for line in table.preamble if (m := _REPORT_BOUND.match(line))]
        english = day.lower().startswith("start")
        dates = [row.get(day) for row in table.rows] + stated_dates
        month_first = _month_first(dates, default=english)
        numeric = [name for name in (impressions, clicks, spent, leads, conversions) if name]
        cells = CellReader(table, NumberFormat.guess(table, numeric))
        records: list[dict[str, Any]] = []
        for row in table.rows:
            when = _us_day(table, row, day, month_first)
            if until is not None and row.get(until) and _us_day(table, row, until, month_first) != when:
                raise ImportProblem(
                    table.file,
                    msg("ads.row_spans_days", start=when, end=_us_day(table, row, until, month_first)),
                    row=row.line,
                    column=until,
                )
            if not row.get(campaign):
                raise ImportProblem(
                    table.file, msg("import.empty_value", value=""), row=row.line, column=campaign
                )
            conv = _optional(cells, row, conversions)
            records.append(
                {
                    "date": when,
                    "platform": self.format,
                    "channel": "Paid Social",
                    "account": _account(row, account, context),
                    "campaign": row.get(campaign),
                    "ad_group": "",
                    "impressions": _whole(cells, row, impressions, required=True),
                    "clicks": _whole(cells, row, clicks, required=True),
                    "cost": _money(cells, row, spent),
                    "conversions": float(conv) if conv is not None else None,
                    "leads": _whole(cells, row, leads),
                    "currency": _check_row_currency(table, row, context, currency, (spent,)),
                }
            )
        check_unique(
            source.name,
            (
                ((r["account"], r["date"], r["campaign"]), row.line)
                for r, row in zip(records, table.rows, strict=True)
            ),
        )
        stated = _report_range(table, month_first)
        return _batch(self.format, records, _covers((r["date"] for r in records), stated), table.skipped)


def _month_first(values: Iterable[str], *, default: bool) -> bool:
    """Whether ``1/9/2026``-style dates in a file put the month first: the first date that can
    only be read one way decides, else ``default``."""
    for value in values:
        match = _NUMERIC_DATE.match(value.strip())
        if match is None:
            continue
        if int(match[1]) > 12:
            return False
        if int(match[2]) > 12:
            return True
    return default


def _us_date(text: str, month_first: bool) -> date:
    match = _NUMERIC_DATE.fullmatch(text.strip().split(",")[0].strip())
    if match is None:
        return _parse_day(text)
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    return date(year, first, second) if month_first else date(year, second, first)


def _us_day(table: CsvTable, row: CsvRow, column: str, month_first: bool) -> date:
    text = row.get(column)
    if not text:
        raise ImportProblem(table.file, msg("import.empty_value", value=""), row=row.line, column=column)
    try:
        return _us_date(text, month_first)
    except ValueError:
        raise ImportProblem(
            table.file, msg("import.not_a_date", value=text), row=row.line, column=column
        ) from None


def _report_range(table: CsvTable, month_first: bool) -> tuple[date, date] | None:
    """The report's range (inclusive) from the preamble's ``Report Start:`` and ``Report End:``."""
    starts: list[str] = []
    ends: list[str] = []
    for line in table.preamble:
        match = _REPORT_BOUND.match(line)
        if match is None:
            continue
        kind = match[1].lower()
        (starts if ("start" in kind or "begin" in kind) else ends).append(match[2])
    if not starts or not ends:
        return None
    try:
        first, last = _us_date(starts[0], month_first), _us_date(ends[0], month_first)
    except ValueError:
        return None
    if last < first:
        raise ImportProblem(table.file, msg("ads.end_before_start", start=first, end=last))
    return first, last


__all__ = ["GoogleAds", "LinkedInAds", "MetaAds"]
