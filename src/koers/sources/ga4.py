"""Google Analytics 4: the UI's CSV download, Data API ``runReport`` responses and the BigQuery
event export.

**Reports** (``ga4_csv``, ``ga4_api``) land in ``web_daily`` when they have a date dimension (one
row per day and dimension values) and otherwise in ``web_ranges``: a report without dates is
GA4's own answer for exactly its date range, the only way to know, say, the distinct users of a
month without raw events. ``grain`` names the report's other dimensions, sorted and joined with
``,`` (``"channel"``, ``"medium,source"``, ``""`` for totals); dimension columns the report is
not broken down by hold ``''``. Averages are turned into additive totals where the report
allows it (average session duration x sessions = session duration; average engagement time per
session x sessions = engagement time); rates (engagement rate, bounce rate, key event rate) are
never stored, since they follow from the stored counts. A daily report ``covers`` its date range,
so an overlapping export replaces exactly that range, for that property and grain.

**Events** (``ga4_bigquery``) are flattened into ``web_events`` and grouped into ``web_sessions``
inside DuckDB, never row by row in Python, so that millions of events import in seconds.

Conventions Koers chose, where GA4 leaves a choice:

- ``property``: the ``property`` import option, else the CSV's ``# Property:`` line or the API
  file's ``property``, else ``ga4`` (an event export never names its property: BigQuery keeps
  it in the dataset's name, ``analytics_<id>``).
- A runReport response does not say its date range. A file may carry it in one of three ways:
  ``{"dateRanges": [{"startDate": "2024-06-01", "endDate": "2024-06-30"}], "response": {...}}``
  (the documented convention: the request's date range next to the response, optionally with
  ``"property"``), ``{"request": {<the runReport request body>}, "response": {...}}``, or the
  bare response with a top-level ``dateRanges`` added. A report without a date dimension needs
  it; a daily report uses it to replace days that had no data too.
- Key events from raw events: :data:`DEFAULT_KEY_EVENTS`, unless the ``key_events`` import option
  lists others (``key_events=purchase,generate_lead``). Form submissions are ``form_submit`` and
  ``generate_lead`` events, downloads ``file_download`` events.
- A session's source is that of its first event that has one, taken from
  ``session_traffic_source_last_click`` (cross-channel, then manual campaign), else from
  ``collected_traffic_source`` (a ``gclid`` alone means ``google / cpc``), else from the event
  parameters ``source``, ``medium`` and ``campaign``; never from ``traffic_source``, which is
  the user's first touch. A session without any is ``(direct) / (none)``.
- Orders count each transaction id once per import (a reloaded thank-you page repeats the
  ``purchase`` event); purchases without an id (``(not set)``) count neither as order nor as
  revenue, since they cannot be told apart from duplicates.
- A session's date is the day of its first event in the workspace's time zone (``event_date``
  is the property's); it is engaged when GA4 flagged it (``session_engaged``), or it lasted over
  10 seconds, had a key event or 2 or more page views.

Limits: sessions are built from the events of one import, so a session that runs past midnight
into the next day's file is counted once in each (as GA4's own daily reports count it); the
channel group follows Google's published rules with its site lists abridged (see
:mod:`koers.sources.channels`).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from koers.i18n import Localized, Msg, msg
from koers.sources.base import (
    SAMPLE_BYTES,
    TOTAL_ROW,
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
    register,
    sniff_delimiter,
    to_arrow,
)
from koers.sources.channels import channel_sql
from koers.store.schema import WEB_DIMENSIONS
from koers.store.warehouse import ImportBatch, TablePart

SOURCE_SYSTEM = "ga4"
DEFAULT_PROPERTY = "ga4"
DEFAULT_KEY_EVENTS = ("purchase", "generate_lead", "form_submit", "sign_up", "file_download")
"""Events that count as key events when the ``key_events`` option does not say otherwise: the
ones GA4 properties mark most often (``purchase`` is a key event by default in GA4 itself)."""
FORM_EVENTS = ("form_submit", "generate_lead")
DOWNLOAD_EVENTS = ("file_download",)


def _loose(name: str) -> str:
    """A column or metric name compared loosely: case, spaces and punctuation do not count."""
    return re.sub(r"[\s_.\-/+()]+", " ", name.strip().lstrip("\ufeff").lower()).strip()


# --- the vocabulary of GA4 reports: API names, English and Dutch UI names ----------------------

Kind = Literal["count", "money", "seconds", "per_session", "per_user"]


@dataclass(frozen=True, slots=True)
class Metric:
    """Where a GA4 metric goes: a canonical column, how to read it, and its rank when two
    metrics feed the same column (``0`` wins over ``1``)."""

    target: str
    kind: Kind
    rank: int = 0


DIMENSION_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "Datum"),
    "nth_day": ("nthDay", "Nth day", "N-de dag", "Nde dag"),
    "channel": (
        "sessionDefaultChannelGroup", "Session default channel group", "Standaard kanaalgroep voor sessie",
        "sessionPrimaryChannelGroup", "Session primary channel group (Default Channel Group)",
        "Primaire kanaalgroep voor sessie (standaard kanaalgroep)", "Default channel group",
        "Standaard kanaalgroep",
    ),
    "source_medium": (
        "sessionSourceMedium", "Session source / medium", "Sessiebron/-medium", "Sessiebron / medium",
    ),
    "source": ("sessionSource", "Session source", "Sessiebron"),
    "medium": ("sessionMedium", "Session medium", "Sessiemedium"),
    "campaign": ("sessionCampaignName", "Session campaign", "Sessiecampagne", "Session campaign name"),
    "landing_page": (
        "landingPage", "Landing page", "Bestemmingspagina", "landingPagePlusQueryString",
        "Landing page + query string", "Bestemmingspagina + queryreeks",
    ),
    "device": ("deviceCategory", "Device category", "Apparaatcategorie"),
    "country": ("country", "Land"),
}  # fmt: skip
"""Report dimensions Koers stores, by API name and by their names in the English and Dutch UI."""

METRIC_NAMES: tuple[tuple[Metric, tuple[str, ...]], ...] = (
    # GA4's reports call active users "Users"; total users only stand in when they are all there is
    (Metric("users", "count"), ("activeUsers", "Active users", "Actieve gebruikers", "Users", "Gebruikers")),
    (Metric("users", "count", 1), ("totalUsers", "Total users", "Totaal aantal gebruikers")),
    (Metric("new_users", "count"), ("newUsers", "New users", "Nieuwe gebruikers")),
    (Metric("returning_users", "count"), ("returningUsers", "Returning users", "Terugkerende gebruikers")),
    (Metric("sessions", "count"), ("sessions", "Sessies")),
    (
        Metric("engaged_sessions", "count"),
        ("engagedSessions", "Engaged sessions", "Sessies met betrokkenheid"),
    ),
    (
        Metric("session_duration", "per_session"),
        ("averageSessionDuration", "Average session duration", "Gemiddelde sessieduur"),
    ),
    (
        Metric("engagement_time", "seconds"),
        ("userEngagementDuration", "User engagement", "Gebruikersbetrokkenheid"),
    ),
    (
        Metric("engagement_time", "per_session", 1),
        ("Average engagement time per session", "Gemiddelde betrokkenheidstijd per sessie"),
    ),
    (Metric("engagement_time", "per_user", 2), ("Average engagement time", "Gemiddelde betrokkenheidstijd")),
    (Metric("pageviews", "count"), ("screenPageViews", "Views", "Weergaven")),
    (Metric("key_events", "count"), ("keyEvents", "Key events", "Belangrijke gebeurtenissen")),
    (Metric("key_events", "count", 1), ("conversions", "Conversies")),
    (Metric("orders", "count"), ("ecommercePurchases", "Ecommerce purchases", "E-commerce-aankopen")),
    (Metric("orders", "count", 1), ("transactions", "Transacties")),
    (Metric("revenue", "money"), ("totalRevenue", "Total revenue", "Totale opbrengst")),
    (Metric("revenue", "money", 1), ("purchaseRevenue", "Purchase revenue", "Aankoopopbrengst")),
)  # fmt: skip
"""Report metrics Koers stores, with the canonical column each one feeds."""

NOT_STORED = (
    "eventCount", "Event count", "Aantal gebeurtenissen", "engagementRate", "Engagement rate",
    "Betrokkenheidspercentage", "bounceRate", "Bounce rate", "Bouncepercentage", "eventsPerSession",
    "Events per session", "Gebeurtenissen per sessie", "screenPageViewsPerSession", "Views per session",
    "Weergaven per sessie", "Views per user", "Weergaven per gebruiker", "sessionKeyEventRate",
    "Session key event rate", "Percentage belangrijke gebeurtenissen voor sessie", "userKeyEventRate",
    "User key event rate", "Engaged sessions per user", "Sessies met betrokkenheid per gebruiker",
    "Event count per user", "Aantal gebeurtenissen per gebruiker", "scrolledUsers", "Scrolled users",
)  # fmt: skip
"""GA4 metrics that are known but not stored: rates, per-user ratios, counts without a column."""

_DIMENSIONS: dict[str, str] = {
    _loose(name): kind for kind, names in DIMENSION_NAMES.items() for name in (kind, *names)
}
_METRICS: dict[str, Metric] = {_loose(name): metric for metric, names in METRIC_NAMES for name in names}
_KNOWN = {*_DIMENSIONS, *_METRICS, *(_loose(name) for name in NOT_STORED)}
# Names only GA4 uses, so that a file without GA4's preamble is still known by its columns; names
# such as "Users" or "Bounce rate" occur in other tools' exports too (Matomo's translated CSV).
_SPECIFIC = {
    *(_loose(name) for kind in ("channel", "source_medium", "source", "medium", "campaign")
      for name in DIMENSION_NAMES[kind]),
    *(_loose(name) for name in (
        "Engaged sessions", "Sessies met betrokkenheid", "Key events", "Belangrijke gebeurtenissen",
        "Engagement rate", "Betrokkenheidspercentage", "Active users", "Actieve gebruikers",
        "Average engagement time per session", "Gemiddelde betrokkenheidstijd per sessie",
        "Event count", "Aantal gebeurtenissen", "screenPageViews", "activeUsers", "engagedSessions",
    )),
}  # fmt: skip
_DATE_DIMENSIONS = ("date", "nth_day")


@dataclass(frozen=True, slots=True)
class _Column:
    """A report column as Koers reads it: a dimension, a metric, or neither (not stored)."""

    name: str
    dimension: str | None = None
    metric: Metric | None = None


@dataclass(frozen=True, slots=True)
class _Report:
    """A GA4 report read from a CSV or an API response, before it becomes canonical rows."""

    file: str
    property: str
    period: tuple[date, date] | None
    """The report's date range ``[start, end)``, when the file says it."""
    columns: tuple[_Column, ...]
    rows: Sequence[CsvRow]
    number: Callable[[str], Decimal]
    """Reads one metric value as the file writes numbers; raises ``ValueError`` for none."""
    no_period: Msg
    header_line: int | None = None


def _report_batch(
    report: _Report, format_: str, *, rejected: int = 0, notes: Sequence[Msg] = ()
) -> ImportBatch:
    """A report's rows as canonical ``web_daily`` or ``web_ranges`` rows."""
    dated = [column for column in report.columns if column.dimension in _DATE_DIMENSIONS]
    if len(dated) > 1:
        raise ImportProblem(
            report.file,
            msg("ga4.two_dates", columns=", ".join(column.name for column in dated)),
            row=report.header_line,
        )
    date_column = dated[0] if dated else None
    others = [column for column in report.columns if column.dimension and column not in dated]
    dimensions: list[str] = []
    for column in others:
        names = ("source", "medium") if column.dimension == "source_medium" else (str(column.dimension),)
        if set(names) & set(dimensions):
            clash = [c.name for c in others if set(names) & set(_canonical(c))]
            raise ImportProblem(
                report.file, msg("ga4.same_dimension", columns=", ".join(clash)), row=report.header_line
            )
        dimensions.extend(names)
    grain = ",".join(sorted(dimensions))

    chosen: dict[str, _Column] = {}
    for column in report.columns:
        if column.metric is not None:
            best = chosen.get(column.metric.target)
            if best is None or (best.metric is not None and column.metric.rank < best.metric.rank):
                chosen[column.metric.target] = column
    # an average can only become a total when the count it is an average over is there too
    needs = {"per_session": "sessions", "per_user": "users"}
    usable = {
        target: column
        for target, column in chosen.items()
        if column.metric is not None and needs.get(column.metric.kind, target) in chosen
    }
    ignored = [c.name for c in report.columns if not c.dimension and c not in usable.values()]
    if ignored:
        notes = (*notes, msg("ga4.ignored_columns", columns=", ".join(ignored)))

    needs_period = date_column is None or date_column.dimension == "nth_day"
    if needs_period and report.period is None:
        raise ImportProblem(report.file, report.no_period, row=report.header_line)

    records: list[dict[str, Any]] = []
    keys: list[tuple[tuple[Any, ...], int]] = []
    for row in report.rows:
        record: dict[str, Any] = {
            "source_system": SOURCE_SYSTEM,
            "property": report.property,
            "grain": grain,
            **dict.fromkeys(WEB_DIMENSIONS, ""),
        }
        for column in others:
            value = row.get(column.name)
            if column.dimension == "source_medium":
                source, medium = _split_source_medium(value)
                record["source"], record["medium"] = source, medium
            else:
                record[str(column.dimension)] = value
        values = {target: _metric_value(report, row, column) for target, column in usable.items()}
        for target, column in usable.items():
            record[target] = _measure(column, values)
        if date_column is not None:
            record["date"] = _report_day(report, row, date_column)
        else:
            assert report.period is not None
            record["start_date"], record["end_date"] = report.period
        records.append(record)
        keys.append(((record.get("date"), *(record[name] for name in WEB_DIMENSIONS)), row.line))
    check_unique(report.file, keys)

    if date_column is not None:
        part = TablePart("web_daily", rows=to_arrow("web_daily", records), covers=report.period)
    else:
        part = TablePart("web_ranges", rows=to_arrow("web_ranges", records))
    return ImportBatch(format_, (part,), rows_rejected=rejected, notes=tuple(notes))


def _canonical(column: _Column) -> tuple[str, ...]:
    return ("source", "medium") if column.dimension == "source_medium" else (str(column.dimension),)


def _split_source_medium(value: str) -> tuple[str, str]:
    """``google / organic`` is source ``google`` and medium ``organic``."""
    source, separator, medium = value.partition(" / ")
    if not separator:
        source, separator, medium = value.partition("/")
    return source.strip(), medium.strip()


def _metric_value(report: _Report, row: CsvRow, column: _Column) -> Decimal | None:
    text = row.get(column.name)
    if not text:
        return None
    assert column.metric is not None
    try:
        if column.metric.kind in ("seconds", "per_session", "per_user") and ":" in text:
            return _clock_seconds(text)  # a duration written as 00:03:05
        value = report.number(text)
    except ValueError:
        raise ImportProblem(
            report.file, msg("import.not_a_number", value=text), row=row.line, column=column.name
        ) from None
    if column.metric.kind == "count" and value != value.to_integral_value():
        raise ImportProblem(
            report.file, msg("import.not_whole", value=text), row=row.line, column=column.name
        )
    return value


def _clock_seconds(text: str) -> Decimal:
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(part.strip().replace(".", "", 1).isdigit() for part in parts):
        raise ValueError(text)
    seconds = Decimal(0)
    for part in parts:
        seconds = seconds * 60 + Decimal(part.strip())
    return seconds


def _measure(column: _Column, values: Mapping[str, Decimal | None]) -> Any:
    assert column.metric is not None
    value = values[column.metric.target]
    if value is None:
        return None
    match column.metric.kind:
        case "count":
            return int(value)
        case "money":
            return value
        case "seconds":
            return float(value)
        case "per_session" | "per_user":
            base = values["sessions" if column.metric.kind == "per_session" else "users"]
            return None if base is None else float(value * base)
    raise AssertionError(column.metric.kind)


def _report_day(report: _Report, row: CsvRow, column: _Column) -> date:
    text = row.get(column.name)
    try:
        if column.dimension == "nth_day":
            assert report.period is not None
            day = report.period[0] + timedelta(days=int(text))
        else:
            day = parse_date(text)
    except ValueError:
        raise ImportProblem(
            report.file, msg("import.not_a_date", value=text), row=row.line, column=column.name
        ) from None
    if report.period is not None and not report.period[0] <= day < report.period[1]:
        raise ImportProblem(
            report.file,
            msg(
                "ga4.date_outside_range",
                value=text,
                start=report.period[0],
                end=report.period[1] - timedelta(days=1),
            ),
            row=row.line,
            column=column.name,
        )
    return day


def _property(context: ImportContext, found: str | None) -> str:
    return context.options.get("property") or (found or "").strip() or DEFAULT_PROPERTY


# --- the UI's CSV download ------------------------------------------------------------------

_PREAMBLE_KEYS = {
    "start date": "start", "startdatum": "start", "end date": "end", "einddatum": "end",
    "property": "property", "eigenschap": "property", "account": "account",
}  # fmt: skip
_RANGE_LINE = re.compile(r"(\d{8})\s*-\s*(\d{8})")
_DATE_MARKER = re.compile(
    r"(start\s*date|startdatum|end\s*date|einddatum)\s*:\s*\d{8}|^#\s*\d{8}\s*-\s*\d{8}", re.I
)
_NUMERIC = re.compile(r"^[\s\d.,:%€$£()+\-]*$")


@register
class Ga4Csv(Importer):
    """A GA4 report downloaded from the UI as CSV (Reports -> Share -> Download CSV), in English
    or Dutch, with its ``#`` preamble naming the property and the date range."""

    format = "ga4_csv"
    name = Localized(
        "Google Analytics 4, CSV-download van een rapport", "Google Analytics 4, CSV download of a report"
    )
    suffixes = (".csv", ".tsv", ".txt")

    def sniff(self, source: SourceFile) -> int:
        lines = source.head_text.splitlines()[:80]
        comments = [line for line in lines if line.lstrip().startswith("#")]
        header = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), None)
        if header is None:
            return 0
        cells = [_loose(cell) for cell in next(csv.reader([header], delimiter=sniff_delimiter([header])))]
        known = [cell for cell in cells if cell in _KNOWN]
        if known and any(_DATE_MARKER.search(line.strip()) for line in comments):
            return 95  # GA4's preamble: even a table it cannot use is best explained by this importer
        metrics = [cell for cell in known if cell not in _DIMENSIONS]
        return 60 if len(metrics) >= 2 and _SPECIFIC & set(cells) else 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        preamble, sections = _csv_sections(source)
        info = _preamble(preamble)
        table = _main_section(source.name, sections)
        columns = _csv_columns(table)
        metric_columns = [column for column in columns if column.metric is not None]
        numbers = _guess_numbers(table, metric_columns)
        for column in metric_columns:
            if column.metric is not None and column.metric.kind == "money":
                for row in table.rows:
                    check_currency(
                        source.name, _currency_sign(row.get(column.name)), context.currency,
                        row=row.line, column=column.name,
                    )  # fmt: skip
        report = _Report(
            file=source.name,
            property=_property(context, str(info.get("property", ""))),
            period=_period(source.name, info),
            columns=columns,
            rows=table.rows,
            number=numbers.decimal,
            no_period=msg("ga4.no_range_csv"),
            header_line=table.header_line,
        )
        return _report_batch(report, self.format, rejected=table.skipped)


def _csv_sections(source: SourceFile) -> tuple[list[tuple[int, str]], list[CsvTable]]:
    """The preamble lines (with their line numbers) and every table in the file.

    A GA4 download can hold more than one table (the report's table and a chart's series), each
    after its own block of ``#`` lines; a blank or ``#`` line ends a table.
    """
    text = source.text
    delimiter = sniff_delimiter(text.splitlines()[:60])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    preamble: list[tuple[int, str]] = []
    sections: list[CsvTable] = []
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[CsvRow] = []
    skipped = 0

    def close() -> None:
        if header is not None:
            sections.append(CsvTable(source.name, delimiter, header, tuple(rows), (), header_line, skipped))

    try:
        for record in reader:
            line = reader.line_num
            first = record[0].strip() if record else ""
            blank = not any(cell.strip() for cell in record)
            if header is None:
                if first.startswith("#") and not sections:
                    preamble.append((line, delimiter.join(record)))
                if not blank and not first.startswith("#"):
                    header, header_line, rows, skipped = tuple(c.strip() for c in record), line, [], 0
                continue
            if blank or first.startswith("#"):
                close()
                header = None
                continue
            if TOTAL_ROW.match(first):
                skipped += 1
                continue
            if len(record) != len(header):
                key = "import.too_many_cells" if len(record) > len(header) else "ga4.too_few_cells"
                raise ImportProblem(source.name, msg(key, count=len(record), expected=len(header)), row=line)
            rows.append(CsvRow(line, dict(zip(header, record, strict=True))))
    except csv.Error as error:
        raise ImportProblem(
            source.name, msg("import.bad_csv", reason=str(error)), row=reader.line_num
        ) from None
    close()
    if not sections:
        raise ImportProblem(source.name, msg("import.no_header"))
    return preamble, sections


def _preamble(lines: Iterable[tuple[int, str]]) -> dict[str, tuple[int, str] | str]:
    """What the ``#`` lines say: the property, and the start and end date of the report."""
    info: dict[str, tuple[int, str] | str] = {}
    for line, raw in lines:
        # Excel pads a re-saved preamble line with separators: "# Start date: 20240601;;;"
        text = raw.strip().lstrip("#").strip().rstrip(";,\t ").strip()
        if match := _RANGE_LINE.fullmatch(text):
            info.setdefault("start", (line, match[1]))
            info.setdefault("end", (line, match[2]))
            continue
        key, separator, value = text.partition(":")
        name = _PREAMBLE_KEYS.get(_loose(key))
        if separator and name and value.strip():
            info.setdefault(name, value.strip() if name in ("property", "account") else (line, value.strip()))
    return info


def _period(file: str, info: Mapping[str, tuple[int, str] | str]) -> tuple[date, date] | None:
    start, end = info.get("start"), info.get("end")
    if not isinstance(start, tuple) or not isinstance(end, tuple):
        return None
    days = []
    for line, text in (start, end):
        try:
            days.append(parse_date(text))
        except ValueError:
            raise ImportProblem(file, msg("import.not_a_date", value=text), row=line) from None
    if days[1] < days[0]:
        raise ImportProblem(file, msg("ga4.bad_range", start=days[0], end=days[1]), row=end[0])
    return days[0], days[1] + timedelta(days=1)


def _main_section(file: str, sections: Sequence[CsvTable]) -> CsvTable:
    """The report's table: of all tables in the file, the one with the most GA4 metrics."""

    def metrics(table: CsvTable) -> int:
        return sum(1 for name in table.header if _loose(name) in _METRICS)

    best = max(sections, key=metrics)  # max keeps the first of equals: the table before a chart
    if metrics(best) == 0:
        raise ImportProblem(
            file, msg("ga4.no_table", found=", ".join(sections[0].header)), row=sections[0].header_line
        )
    return best


def _csv_columns(table: CsvTable) -> tuple[_Column, ...]:
    """Each header cell as a dimension, a metric or a column not stored; a text column Koers does
    not know is a dimension it cannot store, and stops the import (its rows would collide)."""
    columns = []
    for name in table.header:
        loose = _loose(name)
        if loose in _DIMENSIONS:
            columns.append(_Column(name, dimension=_DIMENSIONS[loose]))
        elif loose in _METRICS:
            columns.append(_Column(name, metric=_METRICS[loose]))
        elif loose in _KNOWN or all(_NUMERIC.match(row.get(name)) for row in table.rows):
            columns.append(_Column(name))
        else:
            raise ImportProblem(
                table.file, msg("ga4.unsupported_dimension", column=name), row=table.header_line, column=name
            )
    return tuple(columns)


def _guess_numbers(table: CsvTable, columns: Sequence[_Column]) -> NumberFormat:
    """The file's decimal mark, from the metric values: ``1.234`` in a count column is a
    thousands separator, ``0,6667`` a decimal comma; when nothing tells, ``NumberFormat.guess``."""
    votes = {",": 0, ".": 0}
    other = {",": ".", ".": ","}
    for column in columns:
        whole = column.metric is not None and column.metric.kind == "count"
        for row in table.rows[:500]:
            value = re.sub(r"[^\d.,]", "", row.get(column.name))
            marks = [char for char in value if char in ",."]
            if not marks:
                continue
            if len(set(marks)) == 2:
                votes[marks[-1]] += 1  # 1.234,5 or 1,234.5: the last mark is the decimal one
            elif len(marks) > 1:
                votes[other[marks[0]]] += 1  # 1.234.567: the repeated mark groups thousands
            elif len(value.rsplit(marks[0], 1)[1]) != 3:
                votes[marks[0]] += 1  # 0,6667 or 12.5: three digits after would be a thousands group
            elif whole:
                votes[other[marks[0]]] += 1  # a count cannot have decimals: 1.234 is 1234
    if votes[","] != votes["."]:
        return NumberFormat("," if votes[","] > votes["."] else ".")
    return NumberFormat.guess(table, [column.name for column in columns])


def _currency_sign(text: str) -> str | None:
    for sign, code in (("€", "EUR"), ("$", "USD"), ("£", "GBP")):
        if sign in text:
            return code
    match = re.search(r"\b([A-Z]{3})\b", text)
    return match[1] if match else None


# --- Data API runReport responses ---------------------------------------------------------

_RANGE_EXAMPLE = '{"dateRanges": [{"startDate": "2024-06-01", "endDate": "2024-06-30"}], "response": {...}}'
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@register
class Ga4Api(Importer):
    """A GA4 Data API v1beta ``runReport`` response saved as JSON, with its request's date range."""

    format = "ga4_api"
    name = Localized(
        "Google Analytics 4, antwoord van de Data API (runReport)",
        "Google Analytics 4, Data API response (runReport)",
    )
    suffixes = (".json",)

    def sniff(self, source: SourceFile) -> int:
        head = source.head_text
        if "analyticsData#runReport" in head or re.search(r'"(dimensionHeaders|metricHeaders)"\s*:', head):
            return 90
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        data = source.json()
        response, ranges, found_property = _unwrap(source.name, data)
        dimension_headers = _list_of_names(source.name, response, "dimensionHeaders")
        metric_headers = _list_of_names(source.name, response, "metricHeaders")
        columns: list[_Column] = []
        for name in dimension_headers:
            if name == "dateRange":
                raise ImportProblem(source.name, msg("ga4.many_ranges"), column=name)
            if _loose(name) not in _DIMENSIONS:
                raise ImportProblem(source.name, msg("ga4.unsupported_dimension", column=name), column=name)
            columns.append(_Column(name, dimension=_DIMENSIONS[_loose(name)]))
        columns += [_Column(name, metric=_METRICS.get(_loose(name))) for name in metric_headers]
        if len(set(dimension_headers + metric_headers)) != len(columns):
            raise ImportProblem(
                source.name, msg("ga4.bad_report_part", part="dimensionHeaders/metricHeaders")
            )

        rows = _api_rows(source.name, response, dimension_headers, metric_headers)
        total = response.get("rowCount", len(rows))
        if isinstance(total, int | str) and str(total).isdigit() and int(total) > len(rows):
            raise ImportProblem(source.name, msg("ga4.incomplete", count=len(rows), total=int(total)))

        metadata = response.get("metadata") if isinstance(response.get("metadata"), dict) else {}
        assert isinstance(metadata, dict)
        if any(column.metric is not None and column.metric.kind == "money" for column in columns):
            currency = metadata.get("currencyCode")
            check_currency(source.name, currency if isinstance(currency, str) else None, context.currency)
        notes: list[Msg] = []
        if metadata.get("dataLossFromOtherRow"):
            notes.append(msg("ga4.other_row"))
        if metadata.get("samplingMetadatas"):
            notes.append(msg("ga4.sampled"))

        report = _Report(
            file=source.name,
            property=_property(context, found_property),
            period=_api_period(source.name, ranges),
            columns=tuple(columns),
            rows=rows,
            number=_api_number,
            no_period=msg("ga4.no_range_api", example=_RANGE_EXAMPLE),
        )
        return _report_batch(report, self.format, notes=notes)


def _unwrap(file: str, data: Any) -> tuple[dict[str, Any], Any, str | None]:
    """The response, the date ranges and the property, from any of the accepted file shapes."""
    if not isinstance(data, dict):
        raise ImportProblem(file, msg("ga4.not_a_report"))
    if "response" in data:
        response = data["response"]
        request = data.get("request") if isinstance(data.get("request"), dict) else {}
        assert isinstance(request, dict)
        ranges = data.get("dateRanges", request.get("dateRanges"))
        found = data.get("property") or request.get("property")
    else:
        response, ranges, found = data, data.get("dateRanges"), data.get("property")
    if not isinstance(response, dict) or not ("metricHeaders" in response or "dimensionHeaders" in response):
        raise ImportProblem(file, msg("ga4.not_a_report"))
    name = str(found).removeprefix("properties/") if isinstance(found, str | int) else None
    return response, ranges, name


def _list_of_names(file: str, response: Mapping[str, Any], part: str) -> list[str]:
    headers = response.get(part, [])
    if not isinstance(headers, list) or not all(
        isinstance(header, dict) and isinstance(header.get("name"), str) for header in headers
    ):
        raise ImportProblem(file, msg("ga4.bad_report_part", part=part))
    return [header["name"] for header in headers]


def _api_rows(
    file: str, response: Mapping[str, Any], dimensions: Sequence[str], metrics: Sequence[str]
) -> list[CsvRow]:
    """The response's rows as numbered rows of text cells (``rows`` is missing when there is no data)."""
    raw = response.get("rows", [])
    if not isinstance(raw, list):
        raise ImportProblem(file, msg("ga4.bad_report_part", part="rows"))
    rows = []
    for index, item in enumerate(raw, start=1):
        cells: dict[str, str] = {}
        for part, names in (("dimensionValues", dimensions), ("metricValues", metrics)):
            values = item.get(part, []) if isinstance(item, dict) else None
            if not isinstance(values, list) or len(values) != len(names):
                found = len(values) if isinstance(values, list) else 0
                raise ImportProblem(
                    file, msg("ga4.bad_row_shape", index=index, found=found, expected=len(names)), row=index
                )
            for name, value in zip(names, values, strict=True):
                text = value.get("value", "") if isinstance(value, dict) else None
                if not isinstance(text, str):
                    raise ImportProblem(file, msg("ga4.bad_report_part", part=part), row=index, column=name)
                cells[name] = text
        rows.append(CsvRow(index, cells))
    return rows


def _api_period(file: str, ranges: Any) -> tuple[date, date] | None:
    if ranges is None:
        return None
    if not isinstance(ranges, list) or not all(isinstance(item, dict) for item in ranges):
        raise ImportProblem(file, msg("ga4.bad_report_part", part="dateRanges"))
    if len(ranges) > 1:
        raise ImportProblem(file, msg("ga4.many_ranges"))
    if not ranges:
        return None
    days = []
    for key in ("startDate", "endDate"):
        text = str(ranges[0].get(key, ""))
        if not text:
            raise ImportProblem(file, msg("ga4.bad_report_part", part="dateRanges"), column=key)
        if not _ISO_DAY.fullmatch(text):
            raise ImportProblem(file, msg("ga4.relative_date", value=text), column=key)
        try:
            days.append(parse_date(text))
        except ValueError:
            raise ImportProblem(file, msg("import.not_a_date", value=text), column=key) from None
    if days[1] < days[0]:
        raise ImportProblem(file, msg("ga4.bad_range", start=days[0], end=days[1]))
    return days[0], days[1] + timedelta(days=1)


def _api_number(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# --- the BigQuery event export ------------------------------------------------------------

_PARAM_TYPE = (
    "STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value BIGINT, float_value DOUBLE, "
    "double_value DOUBLE))[]"
)
_LEAVES: dict[tuple[str, ...], str] = {
    ("event_date",): "VARCHAR",
    ("event_timestamp",): "BIGINT",
    ("event_name",): "VARCHAR",
    ("user_id",): "VARCHAR",
    ("user_pseudo_id",): "VARCHAR",
    ("device", "category"): "VARCHAR",
    ("geo", "country"): "VARCHAR",
    ("session_traffic_source_last_click", "cross_channel_campaign", "source"): "VARCHAR",
    ("session_traffic_source_last_click", "cross_channel_campaign", "medium"): "VARCHAR",
    ("session_traffic_source_last_click", "cross_channel_campaign", "campaign_name"): "VARCHAR",
    ("session_traffic_source_last_click", "manual_campaign", "source"): "VARCHAR",
    ("session_traffic_source_last_click", "manual_campaign", "medium"): "VARCHAR",
    ("session_traffic_source_last_click", "manual_campaign", "campaign_name"): "VARCHAR",
    ("collected_traffic_source", "manual_source"): "VARCHAR",
    ("collected_traffic_source", "manual_medium"): "VARCHAR",
    ("collected_traffic_source", "manual_campaign_name"): "VARCHAR",
    ("collected_traffic_source", "gclid"): "VARCHAR",
    ("ecommerce", "transaction_id"): "VARCHAR",
    ("ecommerce", "purchase_revenue"): "DOUBLE",
}
"""The parts of an exported event Koers reads, with the type DuckDB reads each as."""
_VALUE_FIELDS = {
    "string_value": "VARCHAR",
    "int_value": "BIGINT",
    "float_value": "DOUBLE",
    "double_value": "DOUBLE",
}
_REQUIRED = ("event_date", "event_timestamp", "event_name", "user_pseudo_id")
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def _json_columns() -> dict[str, str]:
    """The columns ``read_json`` reads from each line: a declared type for each (BigQuery writes
    INT64 values as JSON strings, which these types turn back into numbers)."""
    tree: dict[str, Any] = {}
    for path, type_ in _LEAVES.items():
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = type_

    def render(node: dict[str, Any] | str) -> str:
        if isinstance(node, str):
            return node
        return "STRUCT(" + ", ".join(f"{name} {render(child)}" for name, child in node.items()) + ")"

    return {"event_params": _PARAM_TYPE, **{name: render(child) for name, child in tree.items()}}


def _text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class _Scan:
    """How DuckDB reads one event file: the table function, and which fields the file has."""

    relation: str
    leaves: frozenset[tuple[str, ...]]
    params: bool
    value_fields: frozenset[str] = field(default_factory=frozenset)
    row_number: str | None = None
    """The column holding each record's 0-based position, when the reader offers one."""

    def leaf(self, path: tuple[str, ...]) -> str:
        type_ = _LEAVES[path]
        if path not in self.leaves:
            return f"CAST(NULL AS {type_})"
        expression = f'"{path[0]}"'
        for part in path[1:]:
            expression = f"struct_extract({expression}, {_text(part)})"
        return f"CAST({expression} AS {type_})"

    def source_sql(self) -> str:
        """Every field Koers reads, under a flat name, with ``_keys``: the event parameters' names."""
        columns = [f"{self.leaf(path)} AS {'_'.join(path)}" for path in _LEAVES]
        if self.params and self.value_fields == _VALUE_FIELDS.keys():
            columns.append("event_params AS _params")
        elif self.params:
            # an older export may lack a value field: give it as NULL so that every file has all four
            values = ", ".join(
                f"{name} := CAST({f'p.value.{name}' if name in self.value_fields else 'NULL'} AS {type_})"
                for name, type_ in _VALUE_FIELDS.items()
            )
            columns.append(
                f"[{{'key': p.key, 'value': struct_pack({values})}} for p in event_params] AS _params"
            )
        else:
            columns.append(f"CAST(NULL AS {_PARAM_TYPE}) AS _params")
        if self.row_number:
            columns.append(f"{self.row_number} AS _record")
        return f"SELECT {', '.join(columns)} FROM {self.relation}"


def _scan(source: SourceFile) -> _Scan:
    path = _text(str(source.path))
    if _is_parquet(source):
        try:
            schema = pq.read_schema(source.path)
        except Exception as error:  # pyarrow raises several kinds for a file that is no Parquet
            raise ImportProblem(source.name, msg("ga4.bad_parquet", reason=str(error))) from None
        leaves = frozenset(path_ for path_ in _LEAVES if _has_field(schema, path_))
        params_type = schema.field("event_params").type if "event_params" in schema.names else None
        value_fields: frozenset[str] = frozenset()
        has_params = False
        if params_type is not None and (pa.types.is_list(params_type) or pa.types.is_large_list(params_type)):
            item = params_type.value_type
            if (
                pa.types.is_struct(item)
                and item.get_field_index("key") >= 0
                and item.get_field_index("value") >= 0
            ):
                value = item.field("value").type
                if pa.types.is_struct(value):
                    has_params = True
                    value_fields = frozenset(
                        name for name in _VALUE_FIELDS if value.get_field_index(name) >= 0
                    )
        return _Scan(
            f"read_parquet({path}, file_row_number = true)",
            leaves,
            has_params,
            value_fields,
            "file_row_number",
        )
    columns = ", ".join(f"{_text(name)}: {_text(type_)}" for name, type_ in _json_columns().items())
    relation = f"read_json({path}, format = 'newline_delimited', columns = {{{columns}}})"
    return _Scan(relation, frozenset(_LEAVES), True, frozenset(_VALUE_FIELDS))


def _has_field(schema: pa.Schema, path: tuple[str, ...]) -> bool:
    if path[0] not in schema.names:
        return False
    type_ = schema.field(path[0]).type
    for part in path[1:]:
        if not pa.types.is_struct(type_) or type_.get_field_index(part) < 0:
            return False
        type_ = type_.field(part).type
    return True


def _is_parquet(source: SourceFile) -> bool:
    return source.suffix == ".parquet"


_PARAMS = ("ga_session_id", "ga_session_number", "session_engaged", "engagement_time_msec", "page_location",
           "source", "medium", "campaign", "form_id", "form_name", "file_name")  # fmt: skip
"""The event parameters Koers reads."""


def _events_sql(scan: _Scan, property_: str, *, deduplicate: bool) -> str:
    """The SELECT that turns exported events into ``web_events`` rows, all in DuckDB.

    Each parameter is looked up once per event (``list_position`` over the parameter names,
    measured fastest of list filters, maps and unnesting) into a column ``_p_<name>`` holding
    its ``value`` struct.
    """
    lookups = ", ".join(
        f"_params[list_position(_keys, {_text(name)})].value AS _p_{name}" for name in _PARAMS
    )

    def whole(name: str) -> str:
        value = f"_p_{name}"
        return (
            f"coalesce({value}.int_value, TRY_CAST({value}.string_value AS BIGINT), "
            f"CAST({value}.double_value AS BIGINT), CAST({value}.float_value AS BIGINT))"
        )

    last_click = "session_traffic_source_last_click"
    # the session's traffic source: one whole triple from the best place that has one
    origins = (
        (f"{last_click}_cross_channel_campaign_source", f"{last_click}_cross_channel_campaign_medium",
         f"{last_click}_cross_channel_campaign_campaign_name"),
        (f"{last_click}_manual_campaign_source", f"{last_click}_manual_campaign_medium",
         f"{last_click}_manual_campaign_campaign_name"),
        ("collected_traffic_source_manual_source", "collected_traffic_source_manual_medium",
         "collected_traffic_source_manual_campaign_name"),
        # a Google Ads click, auto-tagged with a gclid and nothing else
        ("'google'", "'cpc'", "collected_traffic_source_manual_campaign_name"),
        ("_p_source.string_value", "_p_medium.string_value", "_p_campaign.string_value"),
    )  # fmt: skip
    tests = (*(origin[0] for origin in origins[:3]), "collected_traffic_source_gclid", origins[4][0])
    pairs = list(zip(tests, origins, strict=True))
    cases = [
        "CASE " + " ".join(f"WHEN {test} IS NOT NULL THEN {origin[part]}" for test, origin in pairs) + " END"
        for part in range(3)
    ]
    engaged = "_p_session_engaged"
    flat = f"""
        SELECT
            CAST(strptime(event_date, '%Y%m%d') AS DATE) AS event_date,
            timezone('UTC', make_timestamp(event_timestamp)) AS event_ts,
            {_text(property_)} AS property,
            event_name,
            user_pseudo_id,
            user_id,
            {whole("ga_session_id")} AS session_id,
            {whole("ga_session_number")} AS session_number,
            CASE WHEN {engaged} IS NULL THEN NULL ELSE coalesce(
                {engaged}.string_value, CAST({engaged}.int_value AS VARCHAR),
                CAST(CAST({engaged}.double_value AS BIGINT) AS VARCHAR)
            ) = '1' END AS session_engaged,
            {whole("engagement_time_msec")} AS engagement_time_msec,
            _p_page_location.string_value AS page_location,
            coalesce(_p_form_id.string_value, _p_form_name.string_value) AS form_id,
            _p_file_name.string_value AS file_name,
            {cases[0]} AS source,
            {cases[1]} AS medium,
            {cases[2]} AS campaign,
            device_category AS device,
            geo_country AS country,
            ecommerce_transaction_id AS transaction_id,
            CAST(ecommerce_purchase_revenue AS DECIMAL(18,4)) AS revenue
        FROM (
            SELECT *, {lookups} FROM (SELECT *, [p.key for p in _params] AS _keys FROM ({scan.source_sql()}))
        )
    """
    select = f"SELECT * FROM ({flat})"
    if deduplicate:
        # GA4 exports now and then hold an event twice; the table's key allows it once
        select += (
            " QUALIFY row_number() OVER (PARTITION BY event_date, user_pseudo_id, event_ts, event_name "
            "ORDER BY session_id, page_location) = 1"
        )
    return _with_channel(select)


def _with_channel(select: str) -> str:
    """``select`` with a ``channel`` column: GA4's default channel group of its source, medium
    and campaign (``NULL`` without a source).

    The rules run once per distinct source, medium and campaign, and a join hands the result to
    every row: a file holds a few hundred distinct sources but millions of events, and the
    rules' regular expressions on every row would cost more than the rest of the import.
    """
    channel = channel_sql("source", "medium", "campaign")
    return f"""
        WITH _rows AS ({select}),
        _channels AS (
            SELECT source, medium, campaign, {channel} AS channel
            FROM (SELECT DISTINCT source, medium, campaign FROM _rows WHERE source IS NOT NULL)
        )
        SELECT _rows.*, _channels.channel FROM _rows LEFT JOIN _channels
            ON _rows.source = _channels.source AND _rows.medium IS NOT DISTINCT FROM _channels.medium
            AND _rows.campaign IS NOT DISTINCT FROM _channels.campaign
    """


def _sessions_sql(property_: str, period: tuple[date, date], key_events: Sequence[str]) -> str:
    """The SELECT that groups this import's events into ``web_sessions`` rows.

    It reads the events just written (the current ``web_events`` rows of this property in the
    import's date range, which the events part of the same transaction has just replaced).
    """

    def names(values: Sequence[str]) -> str:
        return "(" + ", ".join(_text(value) for value in values) + ")" if values else "(NULL)"

    landing = "regexp_extract(_landing, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)', 1)"
    return _with_channel(f"""
        WITH events AS (
            SELECT * FROM current_web_events
            WHERE property = {_text(property_)} AND session_id IS NOT NULL
              AND event_date >= DATE '{period[0].isoformat()}' AND event_date < DATE '{period[1].isoformat()}'
        ),
        -- each transaction counts once, in the session of its first purchase event
        orders AS (
            SELECT user_pseudo_id, session_id, count(*) AS orders, sum(revenue) AS revenue
            FROM (
                SELECT user_pseudo_id, session_id, revenue FROM events
                WHERE event_name = 'purchase' AND transaction_id IS NOT NULL
                  AND trim(transaction_id) NOT IN ('', '(not set)')
                QUALIFY row_number() OVER (PARTITION BY transaction_id ORDER BY event_ts, user_pseudo_id) = 1
            )
            GROUP BY ALL
        ),
        sessions AS (
            SELECT
                property, user_pseudo_id, session_id,
                min(event_ts) AS started_at,
                coalesce(bool_or(event_name = 'first_visit'), false)
                    OR coalesce(min(session_number) = 1, false) AS is_new_user,
                (epoch_us(max(event_ts)) - epoch_us(min(event_ts))) / 1000000.0 AS duration_seconds,
                coalesce(sum(engagement_time_msec), 0) / 1000.0 AS engagement_time,
                count_if(event_name = 'page_view') AS pageviews,
                count_if(event_name = 'scroll') AS scrolls,
                count_if(event_name IN {names(key_events)}) AS key_events,
                count_if(event_name IN {names(FORM_EVENTS)}) AS form_submissions,
                count_if(event_name IN {names(DOWNLOAD_EVENTS)}) AS downloads,
                coalesce(bool_or(session_engaged), false) AS engaged_flag,
                arg_min(page_location, event_ts) FILTER (WHERE event_name = 'page_view') AS _landing,
                arg_min({{'s': source, 'm': medium, 'c': campaign}}, event_ts)
                    FILTER (WHERE source IS NOT NULL) AS _found,
                arg_min(device, event_ts) FILTER (WHERE device IS NOT NULL) AS device,
                arg_min(country, event_ts) FILTER (WHERE country IS NOT NULL) AS country
            FROM events
            GROUP BY property, user_pseudo_id, session_id
        )
        , rows AS (
            SELECT
            CAST(started_at AS DATE) AS session_date,
            property, user_pseudo_id, session_id, started_at, is_new_user,
            engaged_flag OR duration_seconds > 10 OR key_events > 0 OR pageviews >= 2 AS engaged,
            duration_seconds, engagement_time, pageviews, scrolls, key_events, form_submissions, downloads,
            coalesce(orders.orders, 0) AS orders,
            CAST(coalesce(orders.revenue, 0) AS DECIMAL(18,4)) AS revenue,
            CASE WHEN _landing IS NULL THEN '(not set)' ELSE coalesce(nullif({landing}, ''), '/') END
                AS landing_page,
            _origin.s AS source, _origin.m AS medium, _origin.c AS campaign,
            device, country
        FROM (
            SELECT *, coalesce(_found, {{'s': '(direct)', 'm': '(none)', 'c': CAST(NULL AS VARCHAR)}})
                AS _origin
            FROM sessions
        ) LEFT JOIN orders USING (user_pseudo_id, session_id)
        )
        SELECT * FROM rows
    """)


@dataclass(frozen=True, slots=True)
class _EventFacts:
    """What one pass over an event file tells before anything is written."""

    count: int
    first_day: date
    last_day: date
    first_moment_day: date
    last_moment_day: date
    duplicates: int


@register
class Ga4BigQuery(Importer):
    """GA4's BigQuery event export (``events_YYYYMMDD``) as newline-delimited JSON or Parquet."""

    format = "ga4_bigquery"
    name = Localized(
        "Google Analytics 4, BigQuery-export van gebeurtenissen (NDJSON of Parquet)",
        "Google Analytics 4, BigQuery event export (NDJSON or Parquet)",
    )
    suffixes = (*_JSON_SUFFIXES, ".parquet", ".gz")

    def sniff(self, source: SourceFile) -> int:
        if _is_parquet(source):
            try:
                names = set(pq.read_schema(source.path).names)
            except Exception:  # not a Parquet file at all
                return 0
            return 95 if {"event_name", "event_timestamp", "user_pseudo_id"} <= names else 0
        head = _head_text(source)
        if head is None:
            return 0
        first = next((line for line in head.splitlines() if line.strip()), "")
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            # a first event longer than the sample: judge by its opening keys
            keys = set(re.findall(r'"(event_name|event_timestamp|user_pseudo_id)"\s*:', first))
            return 80 if first.lstrip().startswith("{") and len(keys) == 3 else 0
        if isinstance(record, dict) and {"event_name", "user_pseudo_id"} <= record.keys():
            return 95 if "event_timestamp" in record or "event_date" in record else 0
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        property_ = _property(context, None)
        option = context.options.get("key_events")
        key_events = (
            tuple(name.strip() for name in option.split(",") if name.strip())
            if option is not None
            else DEFAULT_KEY_EVENTS
        )
        scan = _scan(source)
        facts = _event_facts(source, scan, context.timezone)
        events_period = (facts.first_day, facts.last_day + timedelta(days=1))
        # a session's date is its first moment's day where the workspace is, which can differ
        # from GA4's event_date (the property's time zone)
        sessions_period = (
            min(facts.first_day, facts.first_moment_day),
            max(facts.last_day, facts.last_moment_day) + timedelta(days=1),
        )
        events = TablePart(
            "web_events",
            select_sql=_events_sql(scan, property_, deduplicate=facts.duplicates > 0),
            covers=events_period,
        )
        sessions = TablePart(
            "web_sessions",
            select_sql=_sessions_sql(property_, events_period, key_events),
            covers=sessions_period,
        )
        notes = (msg("ga4.duplicate_events", count=facts.duplicates),) if facts.duplicates else ()
        return ImportBatch(self.format, (events, sessions), rows_rejected=facts.duplicates, notes=notes)


def _head_text(source: SourceFile) -> str | None:
    if source.suffix == ".gz":
        if not source.name.lower().removesuffix(".gz").endswith(_JSON_SUFFIXES):
            return None
        try:
            with gzip.open(source.path, "rb") as handle:
                return handle.read(SAMPLE_BYTES).decode("utf-8", errors="ignore")
        except (OSError, EOFError):
            return None
    return source.head_text


def _event_facts(source: SourceFile, scan: _Scan, timezone: str) -> _EventFacts:
    """Check every event before anything is written, and find the file's date range.

    DuckDB reads the file here and again when the warehouse writes it: a second read costs far
    less than a half-written import, and only this pass can name the file's bad line.
    """
    bad = " OR ".join(
        [f"{name} IS NULL" for name in _REQUIRED] + ["try_strptime(event_date, '%Y%m%d') IS NULL"]
    )
    # DuckDB only converts the JSON fields a query uses: touch them all, so that an event of the
    # wrong shape fails here, before anything is written. Parquet is typed already.
    touch = (
        "0"
        if scan.row_number
        else "count(_params) + " + " + ".join(f"count({'_'.join(path)})" for path in _LEAVES)
    )
    connection = duckdb.connect()
    try:
        connection.execute(f"SET TimeZone = {_text(timezone)}")
        connection.execute("SET enable_progress_bar = false")  # the CLI shows its own progress
        source_sql = scan.source_sql()
        row = _run(
            source,
            connection,
            f"""
            SELECT count(*), count_if({bad}), {touch},
                min(event_date), max(event_date),
                CAST(min(timezone('UTC', make_timestamp(event_timestamp))) AS DATE),
                CAST(max(timezone('UTC', make_timestamp(event_timestamp))) AS DATE),
                count(*) - count(DISTINCT hash(event_date, user_pseudo_id, event_timestamp, event_name))
            FROM ({source_sql})
            """,
        )
        count, bad_count, _, first, last, first_moment, last_moment, duplicates = row
        if bad_count:
            raise _bad_record(source, scan, connection, bad)
        if duplicates:
            # distinct hashes are cheap but may collide: count the true duplicates only now
            duplicates = _run(
                source,
                connection,
                f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ({source_sql}) "
                "GROUP BY event_date, user_pseudo_id, event_timestamp, event_name HAVING n > 1)",
            )[0]
    finally:
        connection.close()
    if not count:
        raise ImportProblem(source.name, msg("import.empty_file"))
    return _EventFacts(
        count=int(count),
        first_day=parse_date(str(first)),
        last_day=parse_date(str(last)),
        first_moment_day=first_moment,
        last_moment_day=last_moment,
        duplicates=int(duplicates),
    )


def _bad_record(
    source: SourceFile, scan: _Scan, connection: duckdb.DuckDBPyConnection, bad: str
) -> ImportProblem:
    """The first event without a name, user, moment or valid date, with its place."""
    if not scan.row_number:
        return _json_problem(source, None)
    which = " ".join(f"WHEN {name} IS NULL THEN {_text(name)}" for name in _REQUIRED)
    record, column = _run(
        source,
        connection,
        f"SELECT _record, CASE {which} ELSE 'event_date' END FROM ({scan.source_sql()}) WHERE {bad} "
        "ORDER BY _record LIMIT 1",
    )
    # a Parquet file has no lines: the row is the record's number, counting from 1
    return ImportProblem(
        source.name, msg("ga4.bad_event", field=column), row=int(record) + 1, column=str(column)
    )


def _run(source: SourceFile, connection: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    """Run a query over the file; DuckDB's complaints about the file become an ImportProblem."""
    try:
        row = connection.execute(sql).fetchone()
    except (duckdb.InvalidInputException, duckdb.IOException, duckdb.ConversionException) as error:
        if _is_parquet(source):
            reason = str(error).split(":", 1)[-1].split("\n", 1)[0].strip()
            raise ImportProblem(source.name, msg("ga4.bad_parquet", reason=reason)) from None
        raise _json_problem(source, error) from None
    assert row is not None
    return tuple(row)


def _json_problem(source: SourceFile, error: duckdb.Error | None) -> ImportProblem:
    """The first line of an event file that is no JSON or no GA4 event, found by reading the file
    again in Python: DuckDB's own line numbers are approximate, and this runs only on failure."""
    for number, line in _lines(source):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as decode_error:
            return ImportProblem(source.name, msg("import.bad_json", reason=decode_error.msg), row=number)
        found = _shape_problem(record)
        if found is not None:
            column, message = found
            return ImportProblem(source.name, message, row=number, column=column)
    # DuckDB saw something this check does not: pass on its own words
    reason = str(error).split("\n", 1)[0] if error is not None else ""
    return ImportProblem(source.name, msg("ga4.bad_event_shape", reason=reason))


def _lines(source: SourceFile) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a (possibly gzipped) newline-delimited file, numbered from 1."""
    with gzip.open(source.path, "rb") if source.suffix == ".gz" else source.path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise ImportProblem(source.name, msg("import.not_utf8"), row=number) from None


_WHOLE = re.compile(r"-?\d+")


def _shape_problem(record: Any) -> tuple[str | None, Msg] | None:
    """What keeps one parsed JSON line from being a GA4 event as Koers reads it, if anything."""
    if not isinstance(record, dict):
        return None, msg("ga4.bad_event_shape", reason=f"expected an object, found {_kind(record)}")
    for name in _REQUIRED:
        if record.get(name) is None:
            return name, msg("ga4.bad_event", field=name)
    try:
        parse_date(str(record["event_date"]) if _WHOLE.fullmatch(str(record["event_date"])) else "")
    except ValueError:
        return "event_date", msg("ga4.bad_event", field="event_date")
    params = record.get("event_params")
    if params is not None:
        if not isinstance(params, list):
            return "event_params", msg(
                "ga4.bad_event_shape", reason=f"event_params: expected a list, found {_kind(params)}"
            )
        for item in params:
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(item, dict) or not isinstance(value, dict | None):
                return "event_params", msg(
                    "ga4.bad_event_shape", reason="event_params: expected {key, value} objects"
                )
            for name, type_ in _VALUE_FIELDS.items():
                if value is not None and not _fits(value.get(name), type_):
                    return "event_params", msg(
                        "ga4.bad_event_shape", reason=f"event_params: {name} {value.get(name)!r}"
                    )
    for path, type_ in _LEAVES.items():
        node: Any = record
        for depth, part in enumerate(path):
            if node is None:
                break
            if not isinstance(node, dict):
                where = ".".join(path[:depth])
                return where, msg(
                    "ga4.bad_event_shape", reason=f"{where}: expected an object, found {_kind(node)}"
                )
            node = node.get(part)
        else:
            if not _fits(node, type_):
                where = ".".join(path)
                return where, msg("ga4.bad_event_shape", reason=f"{where}: {node!r}")
    return None


def _fits(value: Any, type_: str) -> bool:
    """Whether DuckDB can read a JSON value as ``type_`` (BigQuery writes INT64 as strings)."""
    if value is None:
        return True
    if isinstance(value, dict | list):
        return False
    if type_ == "BIGINT":
        return (isinstance(value, int) and not isinstance(value, bool)) or bool(_WHOLE.fullmatch(str(value)))
    if type_ == "DOUBLE":
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        return not isinstance(value, bool)
    return True


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a text" if isinstance(value, str) else "a value"


__all__ = [
    "DEFAULT_KEY_EVENTS",
    "DIMENSION_NAMES",
    "METRIC_NAMES",
    "Ga4Api",
    "Ga4BigQuery",
    "Ga4Csv",
    "Metric",
]
