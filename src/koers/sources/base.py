"""What every importer shares: the source file, reading it as real exports come, and its errors.

An importer turns one exported file into an :class:`~koers.store.warehouse.ImportBatch` of
canonical rows. It reads the whole file before anything is written and raises
:class:`ImportProblem` at the first row it cannot use, naming the file, the row and the column:
an import is all-or-nothing.

Real exports are untidy, and this module reads them as they come: a UTF-8 byte order mark,
comment and title lines before the header, total rows at the end, ``;`` as separator with
decimal commas from a Dutch Excel, thousands separators and currency signs in numbers, and
dates as ``2024-06-13``, ``20240613``, ``1-4-2023`` or ``Sep 1, 2026``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from koers.errors import InputError
from koers.i18n import Lang, Localized, Msg, msg
from koers.store.schema import FACT_TABLES, MONEY_SCALE
from koers.store.warehouse import ImportBatch

SAMPLE_BYTES = 64 * 1024


class ImportProblem(InputError):
    """A file that cannot be imported, with the place: file, row (1-based line) and column."""

    def __init__(self, file: str, message: Msg, *, row: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.render(Lang.EN))

    def render(self, lang: Lang | str) -> str:
        place = self.file + (f":{self.row}" if self.row is not None else "")
        column = f" {msg('import.column', column=self.column).render(lang)}:" if self.column else ""
        return f"{place}:{column} {self.message.render(lang)}"


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What an importer needs to know about the workspace it imports into."""

    currency: str = "EUR"
    timezone: str = "Europe/Amsterdam"
    encoding: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    """For mapped files: canonical field -> column name in the file."""
    options: Mapping[str, str] = field(default_factory=dict)


class SourceFile:
    """An exported file, read lazily: its bytes, its text, its CSV rows or its JSON."""

    def __init__(self, path: Path, *, encoding: str | None = None) -> None:
        self.path = path
        self.name = path.name
        self.encoding = encoding

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def head(self) -> bytes:
        with self.path.open("rb") as handle:
            return handle.read(SAMPLE_BYTES)

    @cached_property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def text(self) -> str:
        return decode(self.data, self.name, self.encoding)

    @cached_property
    def head_text(self) -> str:
        """The start of the file as text, for sniffing (a cut character at the end is dropped)."""
        try:
            return decode(self.head, self.name, self.encoding)
        except ImportProblem:
            return self.head.decode("utf-8", errors="ignore").lstrip("\ufeff")

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except json.JSONDecodeError as error:
            raise ImportProblem(
                self.name, msg("import.bad_json", reason=error.msg), row=error.lineno
            ) from None

    def json_lines(self) -> Iterator[tuple[int, Any]]:
        """Newline-delimited JSON: (line number, value) for each non-empty line."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise ImportProblem(
                        self.name, msg("import.bad_json", reason=error.msg), row=number
                    ) from None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM, unless ``encoding`` says."""
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ImportProblem(name, msg("import.bad_encoding_given", encoding=encoding)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportProblem(name, msg("import.bad_encoding_given", encoding="UTF-16")) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(name, msg("import.not_utf8"), row=line) from None


# --- CSV ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: its line in the file and its cells by header name."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A CSV file's table: the header, the data rows and what came before the header."""

    file: str
    delimiter: str
    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    preamble: tuple[str, ...]
    header_line: int
    skipped: int = 0
    """Rows left out on purpose: total rows and blank lines."""

    def require(self, *columns: str) -> None:
        missing = [column for column in columns if column not in self.header]
        if missing:
            raise ImportProblem(
                self.file,
                msg("import.missing_columns", missing=", ".join(missing), found=", ".join(self.header)),
                row=self.header_line,
            )

    def column(self, *candidates: str) -> str | None:
        """The first of ``candidates`` that is a column here (header names compared loosely)."""
        wanted = {_loose(candidate): candidate for candidate in candidates}
        for name in self.header:
            if _loose(name) in wanted:
                return name
        return None

    def column_matching(self, pattern: str) -> str | None:
        """The first column whose name matches the regular expression ``pattern`` (case-blind)."""
        return next((name for name in self.header if re.search(pattern, name, re.I)), None)


def _loose(name: str) -> str:
    return re.sub(r"[\s_.\-]+", " ", name.strip().lower())


TOTAL_ROW = re.compile(r"^\s*(grand\s+)?(totals?|totaal|totalen|eindtotaal)\s*(:.*|\(.*\))?\s*$", re.I)
"""A total row's first cell: ``Total``, ``Total: All campaigns``, ``Grand Totals (3 records)``,
``Totaal``; not a campaign that happens to start with the word (``Total Recall-actie``)."""


def read_csv(
    source: SourceFile,
    *,
    is_header: Callable[[Sequence[str]], bool] | None = None,
    delimiter: str | None = None,
) -> CsvTable:
    """Read a CSV export: find the header (the first row ``is_header`` accepts, by default the
    first non-comment row), drop blank lines and total rows, and keep each row's line number.
    """
    text = source.text
    lines = text.splitlines()
    chosen = delimiter or sniff_delimiter(lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    preamble: list[str] = []
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[CsvRow] = []
    skipped = 0
    after_blank = False
    try:
        for record in reader:
            line = reader.line_num
            if header is None:
                joined = chosen.join(record).strip()
                if not joined or joined.startswith("#") or (is_header is not None and not is_header(record)):
                    preamble.append(joined)
                    continue
                if (
                    is_header is None
                    and len([cell for cell in record if cell.strip()]) < 2
                    and len(lines) > line
                ):
                    preamble.append(joined)  # a title line such as "Campaign report"
                    continue
                header = tuple(cell.strip().lstrip("\ufeff") for cell in record)
                header_line = line
                continue
            filled = [cell for cell in record if cell.strip()]
            if not filled:
                after_blank = True
                continue
            if record[0].startswith("#"):
                skipped += 1
                continue
            if record and TOTAL_ROW.match(record[0]):
                skipped += 1
                continue
            if after_blank and len(filled) == 1 and len(header) > 1:
                continue  # a footer after the table ("Copyright...", "Generated By: ...")
            if len(record) != len(header):
                # more cells than columns is a shifted line; fewer is a line cut off
                key = "import.too_many_cells" if len(record) > len(header) else "import.too_few_cells"
                raise ImportProblem(source.name, msg(key, count=len(record), expected=len(header)), row=line)
            rows.append(CsvRow(line, dict(zip(header, record, strict=False))))
    except csv.Error as error:
        raise ImportProblem(
            source.name, msg("import.bad_csv", reason=str(error)), row=reader.line_num
        ) from None
    if header is None:
        raise ImportProblem(source.name, msg("import.no_header"))
    return CsvTable(source.name, chosen, header, tuple(rows), tuple(preamble), header_line, skipped)


def sniff_delimiter(lines: Sequence[str]) -> str:
    """``;`` (Dutch Excel), tab or ``,``: whichever splits the first real lines most consistently."""
    sample = [line for line in lines[:30] if line.strip() and not line.startswith("#")]
    best, best_score = ",", -1.0
    for candidate in (";", "\t", ","):
        counts = [_count_outside_quotes(line, candidate) for line in sample]
        if not counts or max(counts) == 0:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) + common / 100
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


# --- numbers and dates ----------------------------------------------------------------------

_CURRENCY_SIGNS = re.compile(r"[€$£]|\b(?:EUR|USD|GBP)\b", re.I)


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """How a file writes numbers: the decimal mark (``.`` or ``,``); thousands use the other."""

    decimal_mark: str = "."

    @classmethod
    def guess(cls, table: CsvTable, columns: Iterable[str] = ()) -> NumberFormat:
        """Decimal comma for ``;``-separated files, unless the values say otherwise."""
        comma = point = 0
        for row in table.rows[:500]:
            for column in columns or table.header:
                value = _CURRENCY_SIGNS.sub("", row.get(column)).strip().rstrip("%").strip()
                if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+|-?\d+,\d{1,2}", value):
                    comma += 1
                elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+|-?\d+\.\d{1,2}", value):
                    point += 1
        if comma != point:
            return cls("," if comma > point else ".")
        return cls("," if table.delimiter == ";" else ".")

    def decimal(self, text: str) -> Decimal:
        """A number as the file writes it; raises ``ValueError`` when it is none."""
        cleaned = _CURRENCY_SIGNS.sub("", text).replace("\u00a0", "").replace(" ", "").strip()
        negative = cleaned.startswith("(") and cleaned.endswith(")")
        cleaned = cleaned.strip("()")
        if cleaned.endswith("%"):
            return self.decimal(cleaned[:-1]) / 100
        thousands = "," if self.decimal_mark == "." else "."
        cleaned = cleaned.replace(thousands, "").replace(self.decimal_mark, ".")
        if cleaned in ("", "-", "--"):
            raise ValueError("empty")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(text) from None
        if not value.is_finite():
            raise ValueError(text)
        return -value if negative else value


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "maa": 3, "mrt": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def parse_date(text: str) -> date:
    """A calendar date as exports write it; raises ``ValueError`` for anything else.

    ``2024-06-13``, ``20240613``, ``13-6-2024`` and ``13/06/2024`` (day first, as in Dutch),
    ``Sep 1, 2026``, ``1 sep 2026``, and the date part of an ISO timestamp.
    """
    value = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", value):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value):
        return date(int(match[3]), int(match[2]), int(match[1]))
    if match := re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})", value):
        return date(int(match[3]), _month(match[1]), int(match[2]))
    if match := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", value):
        return date(int(match[3]), _month(match[2]), int(match[1]))
    raise ValueError(text)


def _month(name: str) -> int:
    try:
        return _MONTHS[name.lower()[:3]]
    except KeyError:
        raise ValueError(name) from None


def parse_timestamp(text: str, zone: tzinfo = UTC) -> datetime:
    """An ISO timestamp (``2019-10-30T03:30:17.883Z``) or a date, as an aware datetime; a time
    or date without an offset is read in ``zone`` (the workspace's, for files written by people)."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        day = parse_date(value)
        return datetime(day.year, day.month, day.day, tzinfo=zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


class CellReader:
    """Reads typed cells from CSV rows, raising :class:`ImportProblem` with file, row and column."""

    def __init__(self, table: CsvTable, numbers: NumberFormat | None = None, zone: tzinfo = UTC) -> None:
        self.table = table
        self.numbers = numbers or NumberFormat.guess(table)
        self.zone = zone

    def _fail(self, row: CsvRow, column: str, key: str, **params: Any) -> ImportProblem:
        return ImportProblem(
            self.table.file, msg(key, value=row.get(column), **params), row=row.line, column=column
        )

    def text(self, row: CsvRow, column: str | None, default: str = "") -> str:
        return row.get(column) if column else default

    def decimal(self, row: CsvRow, column: str | None, *, required: bool = False) -> Decimal | None:
        if column is None or not row.get(column):
            if required and column is not None:
                raise self._fail(row, column, "import.empty_value")
            return None
        try:
            return self.numbers.decimal(row.get(column))
        except ValueError:
            raise self._fail(row, column, "import.not_a_number") from None

    def integer(self, row: CsvRow, column: str | None, *, required: bool = False) -> int | None:
        value = self.decimal(row, column, required=required)
        if value is None:
            return None
        if value != value.to_integral_value():
            raise self._fail(row, str(column), "import.not_whole")
        return int(value)

    def day(self, row: CsvRow, column: str | None, *, required: bool = True) -> date | None:
        if column is None or not row.get(column):
            if required:
                raise ImportProblem(
                    self.table.file, msg("import.empty_value", value=""), row=row.line, column=column
                )
            return None
        try:
            return parse_date(row.get(column))
        except ValueError:
            raise self._fail(row, column, "import.not_a_date") from None

    def moment(self, row: CsvRow, column: str | None) -> datetime | None:
        if column is None or not row.get(column):
            return None
        try:
            return parse_timestamp(row.get(column), self.zone)
        except ValueError:
            raise self._fail(row, column, "import.not_a_date") from None


def check_currency(
    file: str, found: str | None, expected: str, *, row: int | None = None, column: str | None = None
) -> None:
    """A file in another currency than the workspace's cannot be mixed in: say so."""
    if found and found.strip().upper() != expected.upper():
        raise ImportProblem(
            file,
            msg("import.wrong_currency", found=found.strip().upper(), expected=expected),
            row=row,
            column=column,
        )


# --- importers ------------------------------------------------------------------------------


class Importer(ABC):
    """One export format. Subclasses set ``format`` and ``name`` and implement two methods."""

    format: ClassVar[str]
    name: ClassVar[Localized]
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @abstractmethod
    def sniff(self, source: SourceFile) -> int:
        """How sure (0-100) this importer is that ``source`` is its format; cheap, reads the head."""

    @abstractmethod
    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """The whole file as canonical rows; raises :class:`ImportProblem` at the first bad row."""


REGISTRY: dict[str, Importer] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer known to detection and ``--format``."""
    instance = importer()
    if instance.format in REGISTRY:
        raise ValueError(f"two importers for format {instance.format!r}")
    REGISTRY[instance.format] = instance
    return importer


# --- building canonical rows ---------------------------------------------------------------


def to_arrow(
    table_name: str,
    records: Sequence[Mapping[str, Any]],
    *,
    file: str = "",
    lines: Sequence[int] | None = None,
) -> pa.Table:
    """Canonical rows as an Arrow table of the fact table's schema; missing columns are empty
    (``''`` for the dimension columns that may not be null). ``file`` and ``lines`` (each record's
    line in the file) let an amount too large to store be reported at its place."""
    table = FACT_TABLES[table_name]
    columns: dict[str, list[Any]] = {}
    for column in table.columns:
        default = "" if not column.nullable and column.type == "VARCHAR" else None
        values = [record.get(column.name, default) for record in records]
        if column.type.startswith("DECIMAL"):
            precision, scale = (18, MONEY_SCALE) if column.type == "DECIMAL(18,4)" else (38, 10)
            values = [
                _fixed(value, precision, scale, column.name, index, lines, file)
                for index, value in enumerate(values)
            ]
        columns[column.name] = values
    return pa.table(columns, schema=table.arrow_schema())


STAGE_COLUMNS = ("lead_at", "mql_at", "sql_at", "opportunity_at", "customer_at")


def complete_contact(record: dict[str, Any]) -> dict[str, Any]:
    """A contact exists from its first stage on: without a creation time, that is it."""
    if record.get("created_at") is None:
        moments = [record[name] for name in STAGE_COLUMNS if record.get(name) is not None]
        record["created_at"] = min(moments) if moments else None
    return record


def _fixed(
    value: Any, precision: int, scale: int, column: str, index: int, lines: Sequence[int] | None, file: str
) -> Decimal | None:
    """A decimal as the column stores it (rounded half up to its scale), or an :class:`ImportProblem`
    when it has more digits than the column holds."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = precision + 20
        number = Decimal(value).quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)
    if abs(number) >= Decimal(10) ** (precision - scale):
        row = lines[index] if lines is not None else None
        raise ImportProblem(file or "?", msg("import.too_large", value=str(value)), row=row, column=column)
    return number


def check_unique(file: str, keyed_rows: Iterable[tuple[tuple[Any, ...], int]]) -> None:
    """Duplicate rows (the same key twice in one file) make the file ambiguous: refuse it."""
    seen: dict[tuple[Any, ...], int] = {}
    for key, line in keyed_rows:
        if key in seen:
            shown = ", ".join(str(part) for part in key if part not in ("", None))
            raise ImportProblem(file, msg("import.duplicate_row", first=seen[key], key=shown), row=line)
        seen[key] = line


def read_excel(source: SourceFile, sheet: str | None = None) -> CsvTable:
    """The first sheet (or ``sheet``) of an Excel file as a table of text cells: numbers with a
    decimal point, dates as ISO dates, so the same cell readers apply as for CSV."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportProblem(source.name, msg("import.bad_excel", reason=str(error))) from None
    worksheet = book[sheet] if sheet else book.worksheets[0]
    header: tuple[str, ...] | None = None
    rows: list[CsvRow] = []
    header_line = 0
    for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cells = ["" if value is None else _excel_text(value) for value in values]
        if header is None:
            if sum(1 for cell in cells if cell) >= 2:
                header, header_line = tuple(cell.strip() for cell in cells), line
            continue
        if not any(cells) or TOTAL_ROW.match(cells[0]):
            continue
        rows.append(CsvRow(line, dict(zip(header, cells, strict=False))))
    book.close()
    if header is None:
        raise ImportProblem(source.name, msg("import.no_header"))
    return CsvTable(source.name, ",", header, tuple(rows), (), header_line)


def _excel_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)
