"""Matomo: Reporting API responses (JSON) and Matomo's CSV export of the same reports.

Three reports are read, each into its own partition of the web tables:

- ``VisitsSummary.get`` -> ``source_system='matomo'``, ``grain=''``: ``users`` is
  ``nb_uniq_visitors`` (distinct visitors of that period: never summed over days), ``sessions``
  ``nb_visits``, ``pageviews`` ``nb_actions`` (Matomo counts downloads and outlinks as actions
  too), ``session_duration`` ``sum_visit_length`` (seconds), and ``engaged_sessions`` the visits
  that did not bounce, ``nb_visits - bounce_count``. Matomo has no engaged session; a visit of
  more than one action is the nearest it counts (GA4's also counts a single page view of over 10
  seconds or with a key event, so the two do not compare exactly).
- ``Referrers.getReferrerType`` -> ``source_system='matomo'``, ``grain='channel'``, one row per
  referrer type: Direct Entry -> Direct, Websites -> Referral, Search Engines -> Organic Search,
  Campaigns -> (campaign), Social Networks -> Organic Social, AI Assistants -> AI Assistant
  (read from the row's ``segment`` ``referrerType==...`` when there, so a translated label reads
  the same; an unknown type keeps its label). The same measures as above, plus ``key_events``
  (``nb_conversions``) and ``revenue``.
- ``Goals.get`` -> ``source_system='matomo_goals'``, ``grain=''``: ``key_events``
  (``nb_conversions``) and ``revenue``. A partition of its own, because an import replaces the
  whole of its partition over its range: in ``matomo`` a goals import would take away the visits
  imported before. Queries add the two up (the other's columns are empty).

Rates (``bounce_rate``, ``conversion_rate``, ``"50%"``) and averages are not stored: metrics
compute them from the stored counts.

**Periods.** A response for ``period=day`` and a date range is an object keyed by day
(``{"2024-03-01": {...}, "2024-03-02": []}``, ``[]`` for a day without data): the days go to
``web_daily`` and the import replaces the whole range of days, the empty ones included. Keys of
other periods (``2024-03-04,2024-03-10`` for weeks, ``2024-03`` for months, ``2024`` for years) go
to ``web_ranges``, whose ``end_date`` is the day after the period. A response for one period is
a flat object (a list of rows for referrer types) that does not say which period it is: wrap it
as ``{"method": ..., "period": "range", "date": "2024-03-01,2024-03-31", "data": <response>}`` or
give the import options ``period`` and ``date``; a single day goes to ``web_daily``, any other
period to ``web_ranges``.

**Which report.** The wrapper's ``method`` or the import option ``method`` says it; without them
the shape does: rows with a ``label`` are referrer types, an object with ``nb_visits`` is the
visits summary, one with ``nb_conversions`` (and no ``nb_visits``) is goals. The CSV export is
read the same way from its column names (``nb_visits``... or the translated ``Visits``...), with
an optional ``date`` column for several periods; Matomo writes it as UTF-16 with a byte order
mark, which is read as such.

**Property** is the import option ``property``, else the wrapper's ``idSite``, else ``''``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from koers.i18n import Localized, msg
from koers.sources.base import (
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
    to_arrow,
)
from koers.store.warehouse import ImportBatch, TablePart

VISITS = "VisitsSummary.get"
REFERRERS = "Referrers.getReferrerType"
GOALS = "Goals.get"
METHODS = (VISITS, REFERRERS, GOALS)

SYSTEM = "matomo"
GOALS_SYSTEM = "matomo_goals"

CHANNELS = {
    "direct": "Direct",
    "website": "Referral",
    "search": "Organic Search",
    "campaign": "(campaign)",
    "social": "Organic Social",
    "ai_assistant": "AI Assistant",
}
"""Matomo's referrer types (as in ``referrerType==direct``) and the channel each becomes."""

_LABELS = {
    "direct entry": "direct", "directe toegang": "direct", "directe binnenkomst": "direct",
    "websites": "website", "search engines": "search", "zoekmachines": "search",
    "campaigns": "campaign", "campagnes": "campaign", "social networks": "social",
    "sociale netwerken": "social", "ai assistants": "ai_assistant", "ai-assistenten": "ai_assistant",
}  # fmt: skip

# Matomo's metric names, and what its CSV export writes with translated column names.
_CSV_NAMES: dict[str, tuple[str, ...]] = {
    "nb_uniq_visitors": ("nb_uniq_visitors", "Unique visitors", "Unieke bezoekers"),
    "nb_visits": ("nb_visits", "Visits", "Bezoeken"),
    "nb_actions": ("nb_actions", "Actions", "Acties"),
    "sum_visit_length": ("sum_visit_length", "Total time spent by visitors (in seconds)"),
    "bounce_count": ("bounce_count", "Bounces"),
    "nb_conversions": ("nb_conversions", "Conversions", "Conversies"),
    "revenue": ("revenue", "Revenue", "Opbrengst", "Omzet"),
    "nb_visits_converted": ("nb_visits_converted", "Visits with Conversions"),
}
_DATE_NAMES = ("date", "Date", "Datum", "Period", "Periode")
_LABEL_NAMES = ("label", "Label", "Channel Type", "Channel type", "Referrer type", "Kanaaltype")
_SEGMENT_NAMES = ("metadata_segment", "segment")

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*,\s*(\d{4}-\d{2}-\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


# --- periods -------------------------------------------------------------------------------------


def period_range(key: str) -> tuple[date, date] | None:
    """The days ``[start, end)`` of a Matomo period key: ``2024-03-01``, ``2024-03-04,2024-03-10``,
    ``2024-03`` or ``2024``; ``None`` for anything else."""
    text = key.strip()
    try:
        if _DAY.fullmatch(text):
            day = date.fromisoformat(text)
            return day, day + timedelta(days=1)
        if match := _RANGE.fullmatch(text):
            start, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            return (start, last + timedelta(days=1)) if last >= start else None
        if match := _MONTH.fullmatch(text):
            start = date(int(match[1]), int(match[2]), 1)
            return start, (start + timedelta(days=32)).replace(day=1)
        if _YEAR.fullmatch(text):
            return date(int(text), 1, 1), date(int(text) + 1, 1, 1)
    except ValueError:
        return None
    return None


def request_range(period: str, value: str) -> tuple[date, date] | None:
    """The days ``[start, end)`` a request's ``period`` and ``date`` parameters cover, when they
    name them (``last7`` or ``today`` depend on when it ran, so they do not)."""
    kind = period.strip().lower()
    text = value.strip()
    if kind == "range" or _RANGE.fullmatch(text):
        return period_range(text) if _RANGE.fullmatch(text) else None
    try:
        day = parse_date(text)
    except ValueError:
        return None
    if kind == "day":
        return day, day + timedelta(days=1)
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    if kind == "month":
        return period_range(f"{day.year:04d}-{day.month:02d}")
    if kind == "year":
        return period_range(f"{day.year:04d}")
    return None


def _is_day(period: tuple[date, date]) -> bool:
    return period[1] - period[0] == timedelta(days=1)


# --- one period's values, from JSON or from a CSV row -------------------------------------------


class _Values(ABC):
    """Matomo metrics of one row, read with the place to name when one is not a number."""

    @abstractmethod
    def has(self, name: str) -> bool: ...

    @abstractmethod
    def number(self, name: str) -> Decimal | None: ...

    @abstractmethod
    def fail(self, name: str, key: str) -> ImportProblem: ...

    @abstractmethod
    def currency(self, name: str) -> str | None: ...

    def place(self, name: str) -> tuple[int | None, str]:
        """The row and column to name for a problem with metric ``name``."""
        problem = self.fail(name, "import.not_a_number")
        return problem.row, problem.column or name

    def whole(self, name: str) -> int | None:
        value = self.number(name)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise self.fail(name, "import.not_whole")
        return int(value)


class _JsonValues(_Values):
    def __init__(self, values: Mapping[str, Any], file: str, line: int | None, locate: _Locator) -> None:
        self.values = values
        self.file = file
        self.line = line
        self.locate = locate

    def has(self, name: str) -> bool:
        return name in self.values

    def number(self, name: str) -> Decimal | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise self.fail(name, "import.not_a_number")
        if isinstance(value, int | float):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = str(value)
        # formatted metrics (format_metrics=1) follow the user's locale: "12,50 €" or "$1,204.50"
        mark = "," if re.search(r",\d{1,2}(?!\d)", text) and "." not in text else "."
        try:
            return NumberFormat(mark).decimal(text)
        except ValueError:
            raise self.fail(name, "import.not_a_number") from None

    def currency(self, name: str) -> str | None:
        value = self.values.get(name)
        return _currency_in(value) if isinstance(value, str) else None

    def fail(self, name: str, key: str) -> ImportProblem:
        line = self.locate.find(self.line or 1, f'"{name}"')
        return ImportProblem(self.file, msg(key, value=str(self.values.get(name))), row=line, column=name)


class _CsvValues(_Values):
    def __init__(self, row: CsvRow, columns: Mapping[str, str], cells: CellReader) -> None:
        self.row = row
        self.columns = columns
        self.cells = cells

    def has(self, name: str) -> bool:
        return name in self.columns

    def number(self, name: str) -> Decimal | None:
        return self.cells.decimal(self.row, self.columns.get(name))

    def currency(self, name: str) -> str | None:
        column = self.columns.get(name)
        return _currency_in(self.row.get(column)) if column else None

    def fail(self, name: str, key: str) -> ImportProblem:
        column = self.columns.get(name, name)
        return ImportProblem(
            self.cells.table.file, msg(key, value=self.row.get(column)), row=self.row.line, column=column
        )


_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP"}


def _currency_in(text: str) -> str | None:
    """The currency of a formatted amount (``"€ 12,50"`` with ``format_metrics=1``), if any."""
    match = re.search(r"[€$£]|\b([A-Z]{3})\b", text)
    if match is None:
        return None
    return match[1] or _SIGNS[match[0]]


def _measures(method: str, values: _Values, file: str, context: ImportContext) -> dict[str, Any]:
    """The canonical measures of one Matomo row (see the module's notes)."""
    record: dict[str, Any] = {}
    if method in (VISITS, REFERRERS):
        visits = values.whole("nb_visits")
        bounces = values.whole("bounce_count")
        duration = values.number("sum_visit_length")
        record |= {
            "users": values.whole("nb_uniq_visitors"),
            "sessions": visits,
            "pageviews": values.whole("nb_actions"),
            "session_duration": float(duration) if duration is not None else None,
            "engaged_sessions": visits - bounces if visits is not None and bounces is not None else None,
        }
    if method in (REFERRERS, GOALS):
        revenue = values.number("revenue")
        found = values.currency("revenue")
        if found is not None:
            row, column = values.place("revenue")
            check_currency(file, found, context.currency, row=row, column=column)
        record |= {"key_events": values.whole("nb_conversions"), "revenue": revenue}
    return record


def _channel(label: str, segment: str) -> str:
    """The channel of a referrer type row: by its segment when it has one, else by its label."""
    if match := re.search(r"referrerType==(\w+)", segment):
        kind = match[1].lower()
        if kind in CHANNELS:
            return CHANNELS[kind]
    kind = _LABELS.get(label.strip().lower(), "")
    return CHANNELS.get(kind, label.strip())


# --- building the batch -------------------------------------------------------------------------


class _Rows:
    """Canonical rows collected from one file, with the line each came from."""

    def __init__(self, file: str, method: str, prop: str) -> None:
        self.file = file
        self.method = method
        self.property = prop
        self.daily: list[tuple[dict[str, Any], int | None]] = []
        self.ranges: list[tuple[dict[str, Any], int | None]] = []
        self.days: list[date] = []

    @property
    def grain(self) -> str:
        return "channel" if self.method == REFERRERS else ""

    def period(self, period: tuple[date, date]) -> None:
        """Note a period the file covers, even when it holds no data."""
        if _is_day(period):
            self.days.append(period[0])

    def add(
        self, period: tuple[date, date], measures: Mapping[str, Any], line: int | None, channel: str = ""
    ) -> None:
        record = {
            "source_system": GOALS_SYSTEM if self.method == GOALS else SYSTEM,
            "property": self.property,
            "grain": self.grain,
            "channel": channel,
            **measures,
        }
        self.period(period)
        if _is_day(period):
            self.daily.append(({"date": period[0], **record}, line))
        else:
            self.ranges.append(({"start_date": period[0], "end_date": period[1], **record}, line))

    def batch(self, format: str) -> ImportBatch:
        parts: list[TablePart] = []
        check_unique(self.file, ((self._key(record), line or 0) for record, line in self.daily + self.ranges))
        if self.daily or self.days:
            covers = (min(self.days), max(self.days) + timedelta(days=1)) if self.days else None
            rows = to_arrow("web_daily", [record for record, _ in self.daily])
            parts.append(TablePart(table="web_daily", rows=rows, covers=covers))
        if self.ranges:
            parts.append(
                TablePart(table="web_ranges", rows=to_arrow("web_ranges", [r for r, _ in self.ranges]))
            )
        return ImportBatch(format=format, parts=tuple(parts))

    @staticmethod
    def _key(record: Mapping[str, Any]) -> tuple[Any, ...]:
        return (record.get("date"), record.get("start_date"), record.get("end_date"), record["channel"])


def _method(given: str | None, file: str) -> str | None:
    if given is None:
        return None
    for method in METHODS:
        if given.strip().lower() == method.lower():
            return method
    raise ImportProblem(file, msg("matomo.unsupported_method", method=given, methods=", ".join(METHODS)))


# --- the Reporting API's JSON -------------------------------------------------------------------


@register
class MatomoApi(Importer):
    """A Matomo Reporting API response (``format=JSON``) of a supported report."""

    format = "matomo_api"
    name = Localized("Matomo Reporting API (JSON)", "Matomo Reporting API (JSON)")
    suffixes = (".json",)

    _MARKERS = (
        '"nb_visits"',
        '"nb_uniq_visitors"',
        '"nb_conversions"',
        '"nb_visits_converted"',
        '"sum_visit_length"',
    )

    def sniff(self, source: SourceFile) -> int:
        """Sure when the start of the file holds two of Matomo's own metric names."""
        head = source.head_text
        found = sum(1 for marker in self._MARKERS if marker in head)
        if found >= 2 or (found == 1 and '"label"' in head):
            return 85
        if found == 1:
            return 50
        if re.search(r'"result"\s*:\s*"error"', head):
            return 30  # Matomo's error answer: read() says what Matomo said
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """The response's periods as ``web_daily`` or ``web_ranges`` rows; see the module's notes."""
        data = source.json()
        wrapper: Mapping[str, Any] = {}
        if isinstance(data, dict) and data.get("result") == "error":
            raise ImportProblem(source.name, msg("matomo.api_error", message=str(data.get("message", ""))))
        if isinstance(data, dict) and "data" in data and ({"method", "period", "date"} & data.keys()):
            wrapper, data = data, data["data"]
        locate = _Locator(source.text)
        method = _method(context.options.get("method") or wrapper.get("method"), source.name)
        prop = context.options.get("property") or str(wrapper.get("idSite", "") or "")
        values = list(data.values()) if _keyed_by_period(data) else [data]
        method = method or _shape_method(source.name, values)
        periods = self._periods(source, data, wrapper, context, locate)
        rows = _Rows(source.name, method, prop)
        for period, value, line in periods:
            rows.period(period)
            self._add(source.name, method, rows, period, value, line, context, locate)
        return rows.batch(self.format)

    def _periods(
        self,
        source: SourceFile,
        data: Any,
        wrapper: Mapping[str, Any],
        context: ImportContext,
        locate: _Locator,
    ) -> list[tuple[tuple[date, date], Any, int | None]]:
        """(period, its value, the line it starts on) for every period in the response."""
        if _keyed_by_period(data):
            return [
                (_checked_period(source.name, str(key), locate), value, locate.key(str(key)))
                for key, value in data.items()
            ]
        if not isinstance(data, dict | list):
            raise ImportProblem(source.name, msg("matomo.unknown_shape"))
        period_text = context.options.get("period") or str(wrapper.get("period", ""))
        date_text = context.options.get("date") or str(wrapper.get("date", ""))
        period = request_range(period_text, date_text) if date_text else None
        if period is None:
            raise ImportProblem(source.name, msg("matomo.range_needed"))
        return [(period, data, 1)]

    def _add(
        self,
        file: str,
        method: str,
        rows: _Rows,
        period: tuple[date, date],
        value: Any,
        line: int | None,
        context: ImportContext,
        locate: _Locator,
    ) -> None:
        if value == [] or value == {} or value is None:
            return  # a period without data
        if method == REFERRERS:
            if not isinstance(value, list):
                raise ImportProblem(file, msg("matomo.unknown_shape"), row=line)
            for item in value:
                item_line = locate.after(line, '"label"')
                if not isinstance(item, dict) or "label" not in item:
                    raise ImportProblem(file, msg("matomo.bad_row", value=str(item)[:80]), row=item_line)
                values = _JsonValues(item, file, item_line, locate)
                channel = _channel(str(item["label"]), str(item.get("segment", "")))
                rows.add(period, _measures(method, values, file, context), item_line, channel)
            return
        if not isinstance(value, dict):
            raise ImportProblem(file, msg("matomo.unknown_shape"), row=line)
        rows.add(period, _measures(method, _JsonValues(value, file, line, locate), file, context), line)


_PERIOD_KEY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(\s*,\s*\d{4}-\d{2}-\d{2})?")


def _keyed_by_period(data: Any) -> bool:
    """Whether a response is an object of periods (``{"2024-03-01": {...}, ...}``), not one period."""
    return isinstance(data, dict) and bool(data) and all(_PERIOD_KEY.fullmatch(str(key)) for key in data)


def _checked_period(file: str, key: str, locate: _Locator) -> tuple[date, date]:
    period = period_range(key)
    if period is None:
        raise ImportProblem(file, msg("matomo.bad_period", value=key), row=locate.key(key))
    return period


def _shape_method(file: str, values: Sequence[Any]) -> str:
    """Which report a response is, from the first period with data."""
    for value in values:
        if isinstance(value, list) and value:
            first = value[0]
            if isinstance(first, dict) and "label" in first and "nb_visits" in first and "url" not in first:
                return REFERRERS
            raise ImportProblem(file, msg("matomo.unknown_shape"))
        if isinstance(value, dict) and value:
            if "nb_visits" in value:
                return VISITS
            if "nb_conversions" in value:
                return GOALS
            raise ImportProblem(file, msg("matomo.unknown_shape"))
    raise ImportProblem(file, msg("matomo.method_needed"))


class _Locator:
    """Finds the line a JSON key is on, so that an error can name it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.cursor: dict[str, int] = {}

    def key(self, key: str) -> int | None:
        needle = f'"{key}"'
        return next((number for number, line in enumerate(self.lines, 1) if needle in line), None)

    def find(self, start: int, needle: str) -> int:
        """The first line from ``start`` on that holds ``needle`` (``start`` when none does)."""
        return next(
            (number for number in range(start, len(self.lines) + 1) if needle in self.lines[number - 1]),
            start,
        )

    def after(self, start: int | None, needle: str) -> int | None:
        """The next line from ``start`` on (past the ones found before) that holds ``needle``."""
        begin = max(start or 1, self.cursor.get(needle, 0) + 1)
        for number in range(begin, len(self.lines) + 1):
            if needle in self.lines[number - 1]:
                self.cursor[needle] = number
                return number
        return start


# --- the CSV export -------------------------------------------------------------------------------


@register
class MatomoCsv(Importer):
    """Matomo's CSV export (``format=CSV``, or Export in the web interface) of a supported report."""

    format = "matomo_csv"
    name = Localized("Matomo-export (CSV)", "Matomo export (CSV)")
    suffixes = (".csv", ".tsv")

    def sniff(self, source: SourceFile) -> int:
        """Sure when the header holds Matomo's metric names (raw, or the translated visits columns)."""
        first = next((line for line in source.head_text.splitlines() if line.strip()), "")
        names = {name.strip().strip('"').lower() for name in re.split(r"[,;\t]", first)}
        raw = {"nb_visits", "nb_uniq_visitors", "nb_conversions", "nb_visits_converted", "sum_visit_length"}
        if len(names & raw) >= 2:
            return 85
        if {"visits", "unique visitors", "actions"} <= names or {"bezoeken", "unieke bezoekers"} <= names:
            return 60
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every row as ``web_daily`` or ``web_ranges`` rows; see the module's notes."""
        if source.text.strip().lower() == "no data available":  # what Matomo writes for an empty report
            return self._empty(source, context)
        table = read_csv(source)
        columns = {name: column for name, names in _CSV_NAMES.items() if (column := table.column(*names))}
        date_column = table.column(*_DATE_NAMES)
        label = table.column(*_LABEL_NAMES)
        segment = table.column(*_SEGMENT_NAMES)
        method = _method(context.options.get("method"), source.name) or _csv_method(table, columns, label)
        if method == REFERRERS and label is None:
            raise ImportProblem(
                source.name,
                msg("import.missing_columns", missing="label", found=", ".join(table.header)),
                row=table.header_line,
            )
        single, days = _requested(context)
        if date_column is None and single is None:
            raise ImportProblem(source.name, msg("matomo.range_needed"))
        cells = CellReader(table, NumberFormat("."))
        rows = _Rows(source.name, method, context.options.get("property", ""))
        if date_column is not None:
            for day in days:  # days the request covered, also those Matomo wrote no row for
                rows.period((day, day + timedelta(days=1)))
        for row in table.rows:
            period = _row_period(table, row, date_column, single)
            measures = _measures(method, _CsvValues(row, columns, cells), source.name, context)
            channel = _channel(row.get(label), row.get(segment) if segment else "") if label else ""
            rows.add(period, measures, row.line, channel)
        return rows.batch(self.format)

    def _empty(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        method = _method(context.options.get("method"), source.name)
        if method is None:
            raise ImportProblem(source.name, msg("matomo.method_needed"))
        rows = _Rows(source.name, method, context.options.get("property", ""))
        for day in _requested(context)[1]:
            rows.period((day, day + timedelta(days=1)))
        return rows.batch(self.format)


def _requested(context: ImportContext) -> tuple[tuple[date, date] | None, list[date]]:
    """What the options ``period`` and ``date`` say: the one period a file without a date column
    covers, and the days a ``period=day`` request for a range covered."""
    period = context.options.get("period", "")
    requested = request_range(period, context.options.get("date", ""))
    if requested is None:
        return None, []
    days = [requested[0] + timedelta(days=n) for n in range((requested[1] - requested[0]).days)]
    if period.strip().lower() == "day":
        return (requested if len(days) == 1 else None), days
    return requested, []


def _csv_method(table: CsvTable, columns: Mapping[str, str], label: str | None) -> str:
    if label is not None and "nb_visits" in columns:
        return REFERRERS
    if "nb_visits" in columns:
        return VISITS
    if "nb_conversions" in columns:
        return GOALS
    raise ImportProblem(
        table.file,
        msg("import.missing_columns", missing="nb_visits", found=", ".join(table.header)),
        row=table.header_line,
    )


def _row_period(
    table: CsvTable, row: CsvRow, column: str | None, stated: tuple[date, date] | None
) -> tuple[date, date]:
    if column is None:
        if stated is None:  # read() checks this before
            raise ImportProblem(table.file, msg("matomo.range_needed"))
        return stated
    text = row.get(column)
    period = period_range(text)
    if period is None:
        raise ImportProblem(table.file, msg("matomo.bad_period", value=text), row=row.line, column=column)
    return period


__all__ = ["CHANNELS", "MatomoApi", "MatomoCsv", "period_range", "request_range"]
