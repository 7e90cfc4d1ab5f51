"""Reading while an import writes: readers in the process see a consistent snapshot; another
process that wants the file while it is held is told so, in plain words."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse


def _batch(days: range) -> ImportBatch:
    rows = [{"date": date(2024, 1, day), "source_system": "ga4", "property": "p", "grain": "", "sessions": 10}
            for day in days]  # fmt: skip
    return ImportBatch("test", (TablePart("web_daily", rows=to_arrow("web_daily", rows)),))


def test_a_reader_keeps_its_snapshot_while_an_import_writes(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    warehouse.write(_batch(range(1, 11)), file_name="first", file_sha256="1")
    reader = warehouse.cursor()
    reader.execute("BEGIN TRANSACTION")
    before = reader.execute("SELECT sum(sessions) FROM current_web_daily").fetchone()
    warehouse.write(_batch(range(5, 21)), file_name="second", file_sha256="2")  # replaces 5-10, adds 11-20
    during = reader.execute("SELECT sum(sessions) FROM current_web_daily").fetchone()
    reader.execute("COMMIT")
    after = reader.execute("SELECT sum(sessions) FROM current_web_daily").fetchone()
    assert (before, during, after) == ((100,), (100,), (200,))


def test_another_process_is_told_the_warehouse_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    holder = Warehouse(path)
    code = (
        "import sys; from pathlib import Path; from koers.store.warehouse import Warehouse, WarehouseBusy\n"
        "try:\n    Warehouse(Path(sys.argv[1]))\nexcept WarehouseBusy as error:\n"
        "    print(error.render('en')); sys.exit(3)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    holder.close()
    assert result.returncode == 3, result.stderr
    assert "in use by another process" in result.stdout
