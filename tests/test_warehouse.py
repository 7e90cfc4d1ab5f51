"""The warehouse itself, on small batches in memory: all-or-nothing, replacing, merging, undoing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from koers.errors import MessageError
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, ImportRecord, TablePart, Warehouse

JAN_1 = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def part(table: str, records: Sequence[Mapping[str, Any]], **options: Any) -> TablePart:
    return TablePart(table, rows=to_arrow(table, records), **options)


def write(warehouse: Warehouse, *parts: TablePart, name: str = "file.csv") -> ImportRecord:
    return warehouse.write(ImportBatch("test", parts), file_name=name, file_sha256="0" * 64)


def contact(contact_id: str, **values: Any) -> dict[str, Any]:
    return {"source_system": "crm", "contact_id": contact_id, "created_at": JAN_1, **values}


def web(property_: str, day: int, sessions: int) -> dict[str, Any]:
    return {"date": date(2024, 1, day), "source_system": "ga4", "property": property_, "grain": "",
            "sessions": sessions}  # fmt: skip


def current(warehouse: Warehouse, table: str, order: str) -> list[tuple[Any, ...]]:
    return warehouse.connection.execute(
        f"SELECT * EXCLUDE (import_id) FROM current_{table} ORDER BY {order}"
    ).fetchall()


def sessions(warehouse: Warehouse) -> dict[tuple[str, int], int]:
    result = warehouse.connection.execute(
        "SELECT property, day(date), sessions FROM current_web_daily ORDER BY ALL"
    ).fetchall()
    return {(property_, day): value for property_, day, value in result}


def test_a_batch_whose_second_part_fails_leaves_nothing() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="lead")]))
    before = current(warehouse, "crm_contacts", "contact_id")

    duplicated = [{"source_system": "crm", "deal_id": "d1"}, {"source_system": "crm", "deal_id": "d1"}]
    with pytest.raises(MessageError) as caught:
        write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="mql"), contact("b")]),
              part("deals", duplicated))  # fmt: skip

    assert caught.value.message.key == "warehouse.duplicate_key"
    assert current(warehouse, "crm_contacts", "contact_id") == before
    assert warehouse.connection.execute("SELECT count(*) FROM crm_contacts").fetchone() == (1,)
    assert warehouse.count("deals") == 0
    assert len(warehouse.imports()) == 1  # no record of the failed import


def test_an_empty_warehouse_stays_empty_after_a_failed_first_import() -> None:
    warehouse = Warehouse(None)
    with pytest.raises(MessageError):
        write(
            warehouse,
            part("crm_contacts", [contact("a")]),
            part("crm_contacts", [contact("x"), contact("x")]),
        )
    assert warehouse.count("crm_contacts") == 0
    assert warehouse.imports() == []


def test_duplicate_keys_within_a_batch_are_refused() -> None:
    warehouse = Warehouse(None)
    with pytest.raises(MessageError) as caught:
        write(warehouse, part("crm_contacts", [contact("a"), contact("b"), contact("a")]))
    assert caught.value.message.key == "warehouse.duplicate_key"
    assert caught.value.message.params["key"] == "source_system=crm, contact_id=a"
    assert warehouse.count("crm_contacts") == 0


def test_by_key_a_new_row_supersedes_the_old_and_undo_restores_it() -> None:
    warehouse = Warehouse(None)
    first = write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="lead"), contact("b")]))
    before = current(warehouse, "crm_contacts", "contact_id")

    second = write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="mql"), contact("c")]))

    assert [row[8] for row in current(warehouse, "crm_contacts", "contact_id")] == ["mql", None, None]
    assert (second.rows_added, second.rows_replaced) == (1, 1)
    assert warehouse.rows_of(first.import_id) == {"crm_contacts": 1}
    assert warehouse.rows_of(second.import_id) == {"crm_contacts": 2}
    kept = warehouse.connection.execute(
        "SELECT superseded_by FROM crm_contacts WHERE import_id = ? AND contact_id = 'a'", [first.import_id]
    ).fetchone()
    assert kept == (second.import_id,)  # replaced, not deleted

    undone = warehouse.undo(second.import_id)

    assert current(warehouse, "crm_contacts", "contact_id") == before
    assert undone.undone_at is not None
    assert [record.import_id for record in warehouse.imports(include_undone=False)] == [first.import_id]


def test_rows_added_and_replaced_are_counted_per_import() -> None:
    warehouse = Warehouse(None)
    first = write(warehouse, part("crm_contacts", [contact("a"), contact("b")]))
    again = write(warehouse, part("crm_contacts", [contact("a"), contact("b")]))
    more = write(warehouse, part("crm_contacts", [contact("b"), contact("c"), contact("d")]))
    assert [(r.rows_added, r.rows_replaced) for r in (first, again, more)] == [(2, 0), (0, 2), (2, 1)]
    assert warehouse.count("crm_contacts") == 4
    assert [record.rows_added for record in warehouse.imports()] == [2, 0, 2]


def test_merge_keeps_old_values_where_the_new_row_has_none() -> None:
    warehouse = Warehouse(None)
    mql = datetime(2024, 2, 1, tzinfo=UTC)
    won = datetime(2024, 3, 1, tzinfo=UTC)
    write(warehouse, part("crm_contacts", [contact("a", mql_at=mql, channel="Email")], merge=True))

    write(warehouse, part("crm_contacts", [contact("a", customer_at=won, channel="Direct")], merge=True))

    row = warehouse.connection.execute(
        "SELECT mql_at, customer_at, channel FROM current_crm_contacts"
    ).fetchone()
    assert row == (mql, won, "Direct")


def test_without_merge_a_new_row_replaces_the_old_one_whole() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("crm_contacts", [contact("a", mql_at=datetime(2024, 2, 1, tzinfo=UTC))]))
    write(warehouse, part("crm_contacts", [contact("a", customer_at=datetime(2024, 3, 1, tzinfo=UTC))]))
    row = warehouse.connection.execute("SELECT mql_at FROM current_crm_contacts").fetchone()
    assert row == (None,)


def test_by_range_replaces_the_overlap_within_its_partition_only() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("web_daily", [web("p1", day, 10) for day in (1, 2, 3)]))
    write(warehouse, part("web_daily", [web("p2", day, 20) for day in (1, 2, 3)]))

    overlap = write(warehouse, part("web_daily", [web("p1", 2, 12), web("p1", 3, 13), web("p1", 4, 14)]))

    assert sessions(warehouse) == {
        ("p1", 1): 10, ("p1", 2): 12, ("p1", 3): 13, ("p1", 4): 14,
        ("p2", 1): 20, ("p2", 2): 20, ("p2", 3): 20,
    }  # fmt: skip
    assert (overlap.rows_added, overlap.rows_replaced) == (1, 2)
    assert (overlap.first_date, overlap.last_date) == (date(2024, 1, 2), date(2024, 1, 4))

    warehouse.undo(overlap.import_id)
    assert sessions(warehouse) == {
        (p, day): 10 if p == "p1" else 20 for p in ("p1", "p2") for day in (1, 2, 3)
    }


def test_by_range_covers_replaces_days_the_new_export_has_no_rows_for() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("web_daily", [web("p1", day, 10) for day in (1, 2, 3)]))
    record = write(
        warehouse, part("web_daily", [web("p1", 1, 11)], covers=(date(2024, 1, 1), date(2024, 1, 3)))
    )
    assert sessions(warehouse) == {("p1", 1): 11, ("p1", 3): 10}
    assert record.rows_replaced == 2


def test_find_import_by_a_unique_prefix() -> None:
    warehouse = Warehouse(None)
    first = write(warehouse, part("crm_contacts", [contact("a")]), name="one.csv")
    second = write(warehouse, part("crm_contacts", [contact("b")]), name="two.csv")
    assert warehouse.find_import(first.import_id[:6]).file_name == "one.csv"
    assert warehouse.find_import(second.import_id).file_name == "two.csv"
    with pytest.raises(MessageError) as unknown:
        warehouse.find_import("not-an-id")
    assert unknown.value.message.key == "warehouse.unknown_import"
    with pytest.raises(MessageError):
        warehouse.find_import("")  # a prefix of both


def test_undoing_twice_is_refused() -> None:
    warehouse = Warehouse(None)
    record = write(warehouse, part("crm_contacts", [contact("a")]))
    warehouse.undo(record.import_id)
    with pytest.raises(MessageError) as caught:
        warehouse.undo(record.import_id)
    assert caught.value.message.key == "warehouse.already_undone"
    assert warehouse.count("crm_contacts") == 0


@pytest.mark.parametrize(
    ("timezone", "day"), [("Europe/Amsterdam", date(2024, 1, 2)), ("UTC", date(2024, 1, 1))]
)
def test_moments_count_on_the_day_of_the_workspace_time_zone(timezone: str, day: date) -> None:
    warehouse = Warehouse(None, timezone=timezone)
    late = datetime(2024, 1, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 January in Amsterdam
    record = write(warehouse, part("crm_contacts", [contact("a", created_at=late)]))
    assert (record.first_date, record.last_date) == (day, day)
    assert warehouse.has_rows("crm_contacts", day, date.fromordinal(day.toordinal() + 1))
    assert not warehouse.has_rows("crm_contacts", date(2023, 12, 1), day)


def test_undoing_an_import_that_was_replaced_in_turn_keeps_one_current_row() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="lead")]))
    middle = write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="mql")]))
    write(warehouse, part("crm_contacts", [contact("a", lifecycle_stage="sql")]))
    warehouse.undo(middle.import_id)
    assert warehouse.count("crm_contacts") == 1


def test_a_part_with_two_partitions_replaces_only_those_partitions() -> None:
    warehouse = Warehouse(None)
    write(warehouse, part("web_daily", [{**web("p1", 1, 10), "grain": "channel", "channel": "Direct"}]))
    write(
        warehouse,
        part("web_daily", [web("p1", 1, 5), {**web("p2", 1, 7), "grain": "channel", "channel": "Direct"}]),
    )
    assert warehouse.count("web_daily") == 3
