"""The warehouse: a workspace's facts in one DuckDB file, written by imports, read by metrics.

Writing is all-or-nothing: an import's rows, the rows they replace and the import's record go in
one transaction. Replaced rows are kept, marked ``superseded_by`` the import that replaced them,
so undoing an import deletes its rows and restores exactly the rows it had replaced. Readers use
the ``current_<table>`` views.

DuckDB allows one process to write a file while it is open; within that process, readers and a
writer work side by side on their own connections (multi-version concurrency), which is how the
web app will read while an import writes. Another process that wants the file while it is held
gets :class:`WarehouseBusy`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pyarrow as pa

from koers.errors import MessageError
from koers.i18n import Lang, Msg, msg
from koers.store.schema import FACT_TABLES, IMPORTS_DDL, FactTable, Replace

WAREHOUSE_FILE = "warehouse.duckdb"


class WarehouseBusy(MessageError):
    """The warehouse file is held by another process (the web app, another import)."""


@dataclass(frozen=True, slots=True)
class TablePart:
    """The rows an import brings for one table: in memory, or as a SELECT DuckDB runs itself.

    ``covers`` is the date range ``[start, end)`` a by-range import replaces in its partitions;
    without it the range is the rows' own first to last date.
    """

    table: str
    rows: pa.Table | None = None
    select_sql: str | None = None
    covers: tuple[date, date] | None = None
    merge: bool = False
    """For by-key tables: keep a current row's values where the incoming row has none (a CRM
    export that only says when a contact was won does not erase when it became an MQL)."""


@dataclass(frozen=True, slots=True)
class ImportBatch:
    """Everything one file brings, ready to be written in one transaction."""

    format: str
    parts: tuple[TablePart, ...]
    rows_rejected: int = 0
    notes: tuple[Msg, ...] = ()
    """What the reader noticed and the user should know (rows it left out, a sampled report)."""


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import as the warehouse remembers it."""

    import_id: str
    file_name: str
    file_sha256: str
    format: str
    tables: tuple[str, ...]
    imported_at: datetime
    first_date: date | None
    last_date: date | None
    rows_added: int
    rows_replaced: int
    rows_rejected: int
    undone_at: datetime | None = None
    notes: tuple[Msg, ...] = ()
    """The import's notes, as the reader made them (kept with this record, not in the log)."""

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "file": self.file_name,
            "sha256": self.file_sha256,
            "format": self.format,
            "tables": list(self.tables),
            "imported_at": self.imported_at.isoformat(),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "rows_added": self.rows_added,
            "rows_replaced": self.rows_replaced,
            "rows_rejected": self.rows_rejected,
            "undone_at": self.undone_at.isoformat() if self.undone_at else None,
            "notes": [note.render(lang) for note in self.notes],
        }


@dataclass(slots=True)
class _Counts:
    added: int = 0
    replaced: int = 0
    first: date | None = None
    last: date | None = None
    tables: list[str] = field(default_factory=list)


class Warehouse:
    """A workspace's facts: a DuckDB file, or memory when ``path`` is ``None``."""

    def __init__(
        self, path: Path | None = None, *, read_only: bool = False, timezone: str = "Europe/Amsterdam"
    ) -> None:
        self.path = path
        self.timezone = timezone
        database = str(path) if path is not None else ":memory:"
        if path is not None and not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = duckdb.connect(database, read_only=read_only and path is not None)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise WarehouseBusy(msg("warehouse.busy", path=str(path))) from None
            raise
        # dates of instants are the workspace's calendar days, not UTC's; GLOBAL, because a
        # session setting does not reach the cursors that Ibis and transactions open
        self.connection.execute(f"SET GLOBAL TimeZone = '{timezone}'")
        if not read_only:
            self._create_schema()
        self._ibis: Any = None
        self._tables: dict[str, Any] = {}

    @classmethod
    def for_workspace(
        cls, folder: Path, *, read_only: bool = False, timezone: str = "Europe/Amsterdam"
    ) -> Warehouse:
        """The warehouse in a workspace folder's ``data/`` folder."""
        path = folder / "data" / WAREHOUSE_FILE
        if read_only and not path.exists():
            return cls(None, timezone=timezone)  # an empty warehouse: nothing imported yet
        return cls(path, read_only=read_only, timezone=timezone)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create_schema(self) -> None:
        for table in FACT_TABLES.values():
            self.connection.execute(table.ddl())
            self.connection.execute(
                f"CREATE OR REPLACE VIEW {table.view} AS "
                f"SELECT * EXCLUDE (superseded_by) FROM {table.name} WHERE superseded_by IS NULL"
            )
        self.connection.execute(IMPORTS_DDL)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own, for a thread or a transaction."""
        return self.connection.cursor()

    # --- reading ----------------------------------------------------------------------------

    @property
    def ibis(self) -> Any:
        """An Ibis backend on this warehouse, for metric queries."""
        if self._ibis is None:
            self._ibis = ibis.duckdb.from_connection(self.connection)
            # Ibis sets its session to UTC when it attaches: days must be the workspace's
            self.connection.execute(f"SET TimeZone = '{self.timezone}'")
        return self._ibis

    def table(self, name: str) -> Any:
        """The current rows of a fact table, as an Ibis table (looked up once: Ibis asks the
        database for the schema each time, and the schema does not change)."""
        if name not in self._tables:
            self._tables[name] = self.ibis.table(FACT_TABLES[name].view)
        return self._tables[name]

    def count(self, name: str) -> int:
        row = self.connection.execute(f"SELECT count(*) FROM {FACT_TABLES[name].view}").fetchone()
        return int(row[0]) if row else 0

    def has_rows(self, name: str, start: date | None = None, end: date | None = None) -> bool:
        table = FACT_TABLES[name]
        sql = f"SELECT 1 FROM {table.view}"
        params: list[Any] = []
        if start is not None and end is not None:
            sql += f" WHERE CAST({table.date_column} AS DATE) >= ? AND CAST({table.date_column} AS DATE) < ?"
            params = [start, end]
        return self.connection.execute(sql + " LIMIT 1", params).fetchone() is not None

    # --- writing ----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.cursor()
        cursor.execute("BEGIN TRANSACTION")
        try:
            yield cursor
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        else:
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    def write(self, batch: ImportBatch, *, file_name: str, file_sha256: str) -> ImportRecord:
        """Write ``batch`` in one transaction: all of it, or (on any error) nothing."""
        import_id = uuid.uuid4().hex[:12]
        counts = _Counts()
        with self._transaction() as cursor:
            for part in batch.parts:
                self._write_part(cursor, part, import_id, counts)
            record = ImportRecord(
                import_id=import_id,
                file_name=file_name,
                file_sha256=file_sha256,
                format=batch.format,
                tables=tuple(dict.fromkeys(counts.tables)),
                imported_at=datetime.now(UTC),
                first_date=counts.first,
                last_date=counts.last,
                rows_added=counts.added,
                rows_replaced=counts.replaced,
                rows_rejected=batch.rows_rejected,
                notes=batch.notes,
            )
            cursor.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                [
                    record.import_id, record.file_name, record.file_sha256, record.format,
                    ",".join(record.tables), record.imported_at, record.first_date, record.last_date,
                    record.rows_added, record.rows_replaced, record.rows_rejected,
                ],
            )  # fmt: skip
        return record

    def _write_part(
        self, cursor: duckdb.DuckDBPyConnection, part: TablePart, import_id: str, counts: _Counts
    ) -> None:
        table = FACT_TABLES[part.table]
        incoming = f"incoming_{table.name}"
        columns = ", ".join(table.column_names)
        if part.rows is not None:
            rows = part.rows
            cursor.register("_incoming_rows", rows)
            cursor.execute(f"CREATE OR REPLACE TEMP TABLE {incoming} AS SELECT {columns} FROM _incoming_rows")
            cursor.unregister("_incoming_rows")
        elif part.select_sql is not None:
            cursor.execute(
                f"CREATE OR REPLACE TEMP TABLE {incoming} AS SELECT {columns} FROM ({part.select_sql})"
            )
        else:
            raise ValueError(f"part for {table.name} has neither rows nor a query")

        duplicates = _duplicate_key(cursor, table, incoming)
        if duplicates is not None:
            raise MessageError(msg("warehouse.duplicate_key", table=table.name, key=duplicates))
        day = f"CAST({table.date_column} AS DATE)"
        span = cursor.execute(f"SELECT min({day}), max({day}) FROM {incoming}").fetchone()
        first: date | None = span[0] if span else None
        last: date | None = span[1] if span else None
        size = cursor.execute(f"SELECT count(*) FROM {incoming}").fetchone()
        if not (size and size[0]) and part.covers is None:
            return  # an empty file part replaces nothing
        if table.replace is Replace.BY_KEY and part.merge:
            keys = " AND ".join(f"i.{name} = c.{name}" for name in table.key)
            merged = ", ".join(_merged(name, table) for name in table.column_names)
            cursor.execute(
                f"CREATE OR REPLACE TEMP TABLE {incoming} AS SELECT {merged} FROM {incoming} i "
                f"LEFT JOIN {table.view} c ON {keys}"
            )
        if table.replace is Replace.BY_KEY:
            key = ", ".join(table.key)
            replaced = cursor.execute(
                f"UPDATE {table.name} SET superseded_by = ? WHERE superseded_by IS NULL "
                f"AND ({key}) IN (SELECT ({key}) FROM {incoming})",
                [import_id],
            ).fetchone()
        else:
            if part.covers is not None:
                start, end = part.covers
            elif first is not None and last is not None:
                start, end = first, last + timedelta(days=1)
            else:
                raise ValueError(f"rows for {table.name} without {table.date_column}")
            # each partition the import holds (as a whole tuple: p1 with "" and p2 with "channel"
            # must not replace p1 with "channel") is replaced over the import's date range
            values = _partition_json(table.partition)
            cursor.execute(
                f"INSERT INTO import_scopes SELECT DISTINCT ?, ?, {values}, ?, ? FROM {incoming}",
                [import_id, table.name, start, end],
            )
            replaced = cursor.execute(
                f"UPDATE {table.name} SET superseded_by = ? WHERE superseded_by IS NULL "
                f"AND {values} IN (SELECT partition_values FROM import_scopes WHERE import_id = ? "
                f"AND table_name = ?) AND CAST({table.date_column} AS DATE) >= ? "
                f"AND CAST({table.date_column} AS DATE) < ?",
                [import_id, import_id, table.name, start, end],
            ).fetchone()
        cursor.execute(
            f"INSERT INTO {table.name} ({columns}, import_id) SELECT {columns}, ? FROM {incoming}",
            [import_id],
        )
        key = ", ".join(table.key)
        new_keys = cursor.execute(
            f"SELECT count(*) FROM {incoming} WHERE ({key}) NOT IN "
            f"(SELECT ({key}) FROM {table.name} WHERE superseded_by = ?)",
            [import_id],
        ).fetchone()
        counts.added += int(new_keys[0]) if new_keys else 0
        counts.replaced += int(replaced[0]) if replaced else 0
        counts.tables.append(table.name)
        if first is not None and last is not None:
            counts.first = first if counts.first is None else min(counts.first, first)
            counts.last = last if counts.last is None else max(counts.last, last)
        cursor.execute(f"DROP TABLE {incoming}")

    # --- the import log -----------------------------------------------------------------------

    def imports(self, *, include_undone: bool = True) -> list[ImportRecord]:
        sql = "SELECT * FROM imports" + ("" if include_undone else " WHERE undone_at IS NULL")
        rows = self.connection.execute(sql + " ORDER BY imported_at").fetchall()
        return [_record(row) for row in rows]

    def find_import(self, import_id: str) -> ImportRecord:
        """The import with this id, or a unique prefix of it."""
        rows = self.connection.execute(
            "SELECT * FROM imports WHERE starts_with(import_id, ?)", [import_id]
        ).fetchall()
        if len(rows) != 1:
            raise MessageError(msg("warehouse.unknown_import", import_id=import_id))
        return _record(rows[0])

    def undo(self, import_id: str) -> ImportRecord:
        """Take an import back, as if it had never been made: its rows go, and the rows it had
        replaced come back, unless a later import has replaced them too.

        One limit: a later import that merged into this import's rows (CRM contacts) keeps the
        values it took over from them.
        """
        record = self.find_import(import_id)
        if record.undone_at is not None:
            raise MessageError(msg("warehouse.already_undone", import_id=record.import_id))
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE imports SET undone_at = ? WHERE import_id = ?", [datetime.now(UTC), record.import_id]
            )
            for table in FACT_TABLES.values():
                _undo_table(cursor, table, record.import_id)
        return self.find_import(record.import_id)

    def rows_of(self, import_id: str) -> dict[str, int]:
        """How many current rows each table holds from this import."""
        counts = {}
        for name, table in FACT_TABLES.items():
            row = self.connection.execute(
                f"SELECT count(*) FROM {table.view} WHERE import_id = ?", [import_id]
            ).fetchone()
            if row and row[0]:
                counts[name] = int(row[0])
        return counts


def _merged(column: str, table: FactTable) -> str:
    """A merged row's column: the new value where there is one (the earlier one for ``earliest``
    columns such as a contact's creation), else the current row's."""
    if column in table.key:
        return f"i.{column}"
    if column in table.earliest:
        return f"coalesce(least(i.{column}, c.{column}), i.{column}, c.{column}) AS {column}"
    return f"coalesce(i.{column}, c.{column}) AS {column}"


def _undo_table(cursor: duckdb.DuckDBPyConnection, table: FactTable, import_id: str) -> None:
    """Delete an import's rows from ``table`` and restore what it replaced, leaving replaced what a
    later (not undone) import replaced in turn."""
    name = table.name
    cursor.execute(f"DELETE FROM {name} WHERE import_id = ?", [import_id])
    cursor.execute(
        f"CREATE OR REPLACE TEMP TABLE restored AS "
        f"SELECT rowid AS row_id FROM {name} WHERE superseded_by = ?",
        [import_id],
    )
    cursor.execute(f"UPDATE {name} SET superseded_by = NULL WHERE superseded_by = ?", [import_id])
    if table.replace is Replace.BY_KEY:
        key = " AND ".join(f"later.{column} = {name}.{column}" for column in table.key)
        cursor.execute(
            f"UPDATE {name} SET superseded_by = later.import_id FROM {table.view} AS later "
            f"WHERE {name}.rowid IN (SELECT row_id FROM restored) AND {key} "
            f"AND later.import_id <> {name}.import_id"
        )
    else:
        day = f"CAST({name}.{table.date_column} AS DATE)"
        latest = (
            "SELECT s.import_id FROM import_scopes s JOIN imports i ON i.import_id = s.import_id "
            f"WHERE i.undone_at IS NULL AND s.table_name = '{name}' "
            f"AND s.partition_values = {_partition_json(table.partition, name)} "
            f"AND {day} >= s.start_date AND {day} < s.end_date "
            f"AND i.imported_at > (SELECT imported_at FROM imports WHERE import_id = {name}.import_id) "
            "ORDER BY i.imported_at DESC LIMIT 1"
        )
        cursor.execute(
            f"UPDATE {name} SET superseded_by = ({latest}) "
            f"WHERE rowid IN (SELECT row_id FROM restored) AND ({latest}) IS NOT NULL"
        )
    cursor.execute("DROP TABLE restored")


def _partition_json(columns: Sequence[str], table: str | None = None) -> str:
    """A row's partition as one comparable value: the JSON list of its partition columns."""
    prefix = f"{table}." if table else ""
    return f"to_json([{', '.join(prefix + column for column in columns)}])::VARCHAR" if columns else "'[]'"


def _duplicate_key(cursor: duckdb.DuckDBPyConnection, table: FactTable, incoming: str) -> str | None:
    key = ", ".join(table.key)
    row = cursor.execute(f"SELECT {key} FROM {incoming} GROUP BY ALL HAVING count(*) > 1 LIMIT 1").fetchone()
    if row is None:
        return None
    return ", ".join(f"{name}={value}" for name, value in zip(table.key, row, strict=True))


def _record(row: Sequence[Any]) -> ImportRecord:
    return ImportRecord(
        import_id=row[0],
        file_name=row[1],
        file_sha256=row[2],
        format=row[3],
        tables=tuple(filter(None, str(row[4]).split(","))),
        imported_at=row[5],
        first_date=row[6],
        last_date=row[7],
        rows_added=int(row[8]),
        rows_replaced=int(row[9]),
        rows_rejected=int(row[10]),
        undone_at=row[11],
    )
