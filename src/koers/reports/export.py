"""KPI values and their monthly series as CSV and Excel.

One row per KPI: what it is (id, name, goal, phase, unit, period, target), where it stands at the
as-of date (status, value, forecast, probability), then one column per month (``2023-01``) with
the KPI's value in that month (running totals for cumulative KPIs, as the KPI itself counts).

- **CSV** is for scripts and spreadsheets alike: comma-separated, UTF-8 with a byte order mark
  (Excel then reads the accents right), numbers with a decimal point and no grouping, dates as
  ISO (``2023-03-31``), percentages as fractions (0.25), amounts exact.
- **Excel** holds real numbers with number formats (``€ #,##0.00`` for money, ``0.0%`` for
  percentages, ``#,##0`` for counts), so Excel shows them in the reader's own format and can
  compute with them; dates are date cells. Money stays a ``Decimal`` up to the cell.

Column names follow the language (``waarde`` / ``value``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from koers.domain.metric import Unit
from koers.domain.workspace import Workspace
from koers.i18n import Lang, msg, render
from koers.monitor.evaluate import KpiEvaluation

_COLUMNS = (
    "kpi", "name", "goal", "phase", "unit", "period_start", "period_end", "target", "as_of", "status",
    "value", "forecast", "probability",
)  # fmt: skip

_EXCEL_FORMATS = {
    Unit.MONEY: '"€" #,##0.00',
    Unit.PERCENT: "0.0%",
    Unit.COUNT: "#,##0.##",
    Unit.SECONDS: "#,##0",
    Unit.SCORE: "0.0",
    Unit.MULTIPLE: '0.00"×"',
}


@dataclass(frozen=True, slots=True)
class ExportTable:
    """The export as a table: header, rows (typed values) and each row's unit."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    units: tuple[Unit, ...]
    months: tuple[str, ...]

    @property
    def value_columns(self) -> tuple[int, ...]:
        """The columns that hold the KPI's values (in its unit): target, value, forecast, months."""
        first_month = len(_COLUMNS)
        return (7, 10, 11, *range(first_month, first_month + len(self.months)))


def export_table(workspace: Workspace, evaluations: Sequence[KpiEvaluation], lang: Lang | str) -> ExportTable:
    """The rows of the export, one per evaluated KPI, with a column per month seen in any series."""
    language = Lang(lang)
    kpis = {kpi.id: (goal, kpi) for goal, kpi in workspace.all_kpis()}
    months = sorted(
        {f"{point.period.start:%Y-%m}" for evaluation in evaluations for point in evaluation.actual.series}
    )
    rows = []
    units = []
    for evaluation in evaluations:
        goal, kpi = kpis[evaluation.kpi_id]
        by_month = {f"{point.period.start:%Y-%m}": point.value for point in evaluation.actual.series}
        forecast = evaluation.forecast
        rows.append(
            (
                kpi.id,
                kpi.name,
                goal.name if goal else None,
                kpi.phase,
                evaluation.unit.value,
                kpi.period.start if kpi.period else None,
                kpi.period.last_day if kpi.period else None,
                kpi.target,
                evaluation.as_of,
                evaluation.status.value,
                evaluation.value,
                forecast.value if forecast is not None else None,
                Decimal(repr(round(evaluation.probability, 3)))
                if evaluation.probability is not None
                else None,
                *(by_month.get(month) for month in months),
            )
        )
        units.append(evaluation.unit)
    header = tuple(render(msg(f"export.col.{name}"), language) for name in _COLUMNS) + tuple(months)
    return ExportTable(header, tuple(rows), tuple(units), tuple(months))


def to_csv(table: ExportTable) -> bytes:
    """The table as CSV bytes (UTF-8 with a byte order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: ExportTable, lang: Lang | str) -> bytes:
    """The table as an Excel workbook: numbers as numbers with their unit's format, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = render(msg("export.sheet.kpis"), lang)
    sheet.append(list(table.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    value_columns = set(table.value_columns)
    for row, unit in zip(table.rows, table.units, strict=True):
        sheet.append([_xlsx_cell(value) for value in row])
        for index in range(len(row)):
            cell = sheet.cell(row=sheet.max_row, column=index + 1)
            if index in value_columns and cell.value is not None:
                cell.number_format = _EXCEL_FORMATS.get(unit, "#,##0.##")
            elif isinstance(row[index], date):
                cell.number_format = "yyyy-mm-dd"
            elif index == 12 and cell.value is not None:  # the probability
                cell.number_format = "0%"
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 34
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral_value() else value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_cell(value: Any) -> Any:
    # openpyxl writes a Decimal as a number cell with all its digits; a whole Decimal as an integer
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


__all__ = ["ExportTable", "export_table", "to_csv", "to_xlsx"]
