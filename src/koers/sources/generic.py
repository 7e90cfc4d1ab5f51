"""Any CSV or Excel file, with a column mapping onto one canonical table.

``koers import leads.csv --table crm_contacts --map contact_id=mql_id --map mql_at=first_contact_date
--map channel=origin`` reads a file no importer knows. Every mapped column is converted to the
canonical column's type with the file's own number format (a Dutch ``;`` file with decimal
commas reads as such); dates without a time are midnight in the workspace's time zone.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from koers.i18n import Localized, msg
from koers.sources.base import (
    CellReader,
    CsvRow,
    ImportContext,
    Importer,
    ImportProblem,
    SourceFile,
    check_currency,
    check_unique,
    complete_contact,
    read_csv,
    read_excel,
    register,
    to_arrow,
)
from koers.store.schema import FACT_TABLES, Column, FactTable, Replace
from koers.store.warehouse import ImportBatch, TablePart

SYSTEM_COLUMNS = {"source_system": "csv", "property": "csv", "grain": "", "platform": "csv", "account": "",
                  "survey": "nps", "segment": ""}  # fmt: skip
"""Columns a mapped file rarely has, with the value they get when it is not mapped."""

_TRUE = {"1", "true", "yes", "ja", "waar", "y", "j", "won", "closed won"}
_FALSE = {"0", "false", "no", "nee", "onwaar", "n", ""}


@register
class MappedFile(Importer):
    """A CSV or Excel file whose columns the user maps onto a canonical table."""

    format = "mapped"
    name = Localized("CSV- of Excel-bestand met kolomkoppeling", "CSV or Excel file with a column mapping")
    suffixes = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")

    def sniff(self, source: SourceFile) -> int:
        return 1  # the fallback: anything tabular, once the user maps it

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        table_name = context.options.get("table")
        if not table_name or not context.mapping:
            shown = table_name or "crm_contacts"
            fields = ", ".join(FACT_TABLES[shown].column_names) if shown in FACT_TABLES else ""
            raise ImportProblem(source.name, msg("import.mapping_needed", table=shown, fields=fields))
        if table_name not in FACT_TABLES:
            raise ImportProblem(
                source.name, msg("import.unknown_table", table=table_name, tables=", ".join(FACT_TABLES))
            )
        fact = FACT_TABLES[table_name]
        for field in context.mapping:
            if field not in fact.column_names:
                raise ImportProblem(
                    source.name,
                    msg(
                        "import.unknown_field",
                        table=fact.name,
                        field=field,
                        fields=", ".join(fact.column_names),
                    ),
                )
        data = (
            read_excel(source, context.options.get("sheet"))
            if source.suffix in (".xlsx", ".xlsm")
            else read_csv(source)
        )
        for field, column in context.mapping.items():
            if column not in data.header:
                raise ImportProblem(
                    source.name,
                    msg(
                        "import.mapped_column_missing",
                        column=column,
                        field=field,
                        found=", ".join(data.header),
                    ),
                    row=data.header_line,
                )
        unmapped_keys = [
            name
            for name in fact.key
            if name not in context.mapping and name not in SYSTEM_COLUMNS and name not in context.options
        ]
        if unmapped_keys:
            raise ImportProblem(
                source.name, msg("import.key_not_mapped", table=fact.name, fields=", ".join(unmapped_keys))
            )

        zone = ZoneInfo(context.timezone)
        reader = CellReader(data, zone=zone)
        records = [self._record(row, fact, context, reader, zone) for row in data.rows]
        if fact.name == "crm_contacts":
            records = [complete_contact(record) for record in records]
        check_unique(
            source.name,
            (
                (tuple(record[k] for k in fact.key), row.line)
                for record, row in zip(records, data.rows, strict=True)
            ),
        )
        if "currency" in context.mapping:
            for row in data.rows:
                check_currency(source.name, row.get(context.mapping["currency"]), context.currency,
                               row=row.line, column=context.mapping["currency"])  # fmt: skip
        if fact.name == "survey_answers":
            score_column = context.mapping.get("score", "score")
            for record, row in zip(records, data.rows, strict=True):
                if record.get("score") is not None and not 0 <= record["score"] <= 10:
                    raise ImportProblem(
                        source.name,
                        msg("import.score_range", value=record["score"]),
                        row=row.line,
                        column=score_column,
                    )
        lines = [row.line for row in data.rows]
        rows = to_arrow(fact.name, records, file=source.name, lines=lines)
        part = TablePart(table=fact.name, rows=rows, merge=fact.replace is Replace.BY_KEY)
        return ImportBatch(format=self.format, parts=(part,), rows_rejected=data.skipped)

    def _record(
        self, row: CsvRow, fact: FactTable, context: ImportContext, reader: CellReader, zone: ZoneInfo
    ) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for column in fact.columns:
            source_column = context.mapping.get(column.name)
            if source_column is None:
                # a column the file does not have can be one value for every row (metric=ad_revenue)
                if column.name in context.options:
                    record[column.name] = context.options[column.name]
                elif column.name in SYSTEM_COLUMNS:
                    record[column.name] = SYSTEM_COLUMNS[column.name]
                continue
            record[column.name] = _convert(row, source_column, column, reader, zone, context)
        return record


def _convert(
    row: CsvRow,
    source_column: str,
    column: Column,
    reader: CellReader,
    zone: ZoneInfo,
    context: ImportContext,
) -> Any:
    kind = column.type
    if kind == "DATE":
        return reader.day(row, source_column, required=not column.nullable)
    if kind == "TIMESTAMPTZ":
        text = row.get(source_column)
        if not text:
            return None
        return reader.moment(row, source_column)  # without an offset: the workspace's time
    if kind == "BIGINT":
        return reader.integer(row, source_column, required=not column.nullable)
    if kind.startswith("DECIMAL") or kind == "DOUBLE":
        value = reader.decimal(row, source_column, required=not column.nullable)
        return float(value) if kind == "DOUBLE" and value is not None else value
    if kind == "BOOLEAN":
        text = row.get(source_column).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ImportProblem(
            reader.table.file, msg("import.not_a_boolean", value=text), row=row.line, column=source_column
        )
    if kind == "JSON":
        return json.dumps({source_column: row.get(source_column)}, ensure_ascii=False)
    text = row.get(source_column)
    return text if text or not column.nullable else None


__all__ = ["MappedFile"]
