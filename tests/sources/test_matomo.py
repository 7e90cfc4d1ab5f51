"""Matomo: Reporting API JSON (visits summary, referrer types, goals) and Matomo's CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.sources import ImportContext, ImportProblem, SourceFile, detect, import_file
from koers.sources.matomo import MatomoApi, MatomoCsv, period_range, request_range
from koers.store.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "matomo"
DAILY = (
    "date", "source_system", "property", "grain", "channel", "users", "sessions", "engaged_sessions",
    "session_duration", "pageviews", "key_events", "revenue",
)  # fmt: skip
RANGES = ("start_date", "end_date", *DAILY[1:])


@pytest.fixture
def warehouse() -> Iterator[Warehouse]:
    with Warehouse(None) as memory:
        yield memory


def daily(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    """Current ``web_daily`` rows as tuples of :data:`DAILY`, in key order."""
    return warehouse.connection.execute(
        f"SELECT {', '.join(DAILY)} FROM current_web_daily ORDER BY source_system, grain, date, channel"
    ).fetchall()


def ranges(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return warehouse.connection.execute(
        f"SELECT {', '.join(RANGES)} FROM current_web_ranges ORDER BY start_date, end_date, channel"
    ).fetchall()


def state(warehouse: Warehouse) -> tuple[int, int, int]:
    stored = warehouse.connection.execute("SELECT count(*) FROM web_daily").fetchone()
    return warehouse.count("web_daily"), int(stored[0]) if stored else 0, len(warehouse.imports())


def visits(
    day: date, users: int | None, sessions: int, engaged: int, duration: float, pageviews: int
) -> tuple[Any, ...]:
    return (day, "matomo", "", "", "", users, sessions, engaged, duration, pageviews, None, None)


def channel(day: date, name: str, users: int, sessions: int, engaged: int, duration: float, pageviews: int,
            key_events: int, revenue: str) -> tuple[Any, ...]:  # fmt: skip
    return (day, "matomo", "", "channel", name, users, sessions, engaged, duration, pageviews, key_events,
            Decimal(revenue))  # fmt: skip


VISITS = [
    visits(date(2024, 3, 1), 120, 140, 77, 25620.0, 410),
    visits(date(2024, 3, 2), 98, 110, 55, 18200.0, 300),
    visits(date(2024, 3, 4), 150, 171, 101, 31100.0, 520),
]


# --- VisitsSummary.get -----------------------------------------------------------------------------


def test_visits_summary_by_day_stores_counts_not_rates(warehouse: Warehouse) -> None:
    record = import_file(FIXTURES / "visits_summary_days.json", warehouse)

    # engaged sessions are the visits that did not bounce: 140 - 63
    assert daily(warehouse) == VISITS
    assert record.format == "matomo_api"
    assert record.tables == ("web_daily",)


def test_visits_summary_reimport_is_idempotent(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    again = import_file(FIXTURES / "visits_summary_days.json", warehouse)

    assert daily(warehouse) == VISITS
    assert (again.rows_added, again.rows_replaced) == (0, 3)


def test_an_overlapping_response_replaces_the_overlap_only(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    overlap = import_file(FIXTURES / "visits_summary_overlap.json", warehouse)

    assert daily(warehouse) == [
        *VISITS[:2],
        visits(date(2024, 3, 4), 151, 173, 102, 31250.0, 524),
        visits(date(2024, 3, 5), 131, 150, 84, 24000.0, 402),
    ]
    assert overlap.rows_replaced == 1


def test_a_day_without_data_replaces_what_was_there(warehouse: Warehouse, tmp_path: Path) -> None:
    import_file(FIXTURES / "visits_summary_overlap.json", warehouse)
    later = tmp_path / "later.json"
    later.write_text(json.dumps({"2024-03-04": [], "2024-03-05": {"nb_visits": 150, "nb_actions": 402}}))

    import_file(later, warehouse)

    assert daily(warehouse) == [
        (date(2024, 3, 5), "matomo", "", "", "", None, 150, None, None, 402, None, None)
    ]


def test_one_range_in_a_wrapper_goes_to_web_ranges_without_users(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_range.json", warehouse)

    # Matomo leaves out unique visitors for a custom range: users stay unknown, never summed
    assert ranges(warehouse) == [
        (
            date(2024, 3, 1),
            date(2024, 4, 1),
            "matomo",
            "1",
            "",
            "",
            None,
            4410,
            2420,
            791000.0,
            12650,
            None,
            None,
        )
    ]
    assert warehouse.count("web_daily") == 0


def test_one_period_takes_its_range_from_the_options(warehouse: Warehouse) -> None:
    context = ImportContext(options={"period": "month", "date": "2024-03-01", "property": "site-1"})
    import_file(FIXTURES / "visits_summary_month.json", warehouse, context)

    assert ranges(warehouse) == [
        (
            date(2024, 3, 1),
            date(2024, 4, 1),
            "matomo",
            "site-1",
            "",
            "",
            3605,
            4410,
            2420,
            791000.0,
            12650,
            None,
            None,
        )
    ]


def test_one_period_without_its_range_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "visits_summary_month.json", warehouse)

    assert caught.value.message.key == "matomo.range_needed"
    assert '{"period": ..., "date": ..., "data": ...}' in caught.value.render("en")


def test_weeks_go_to_web_ranges(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_weeks.json", warehouse)

    assert [(row[0], row[1], row[6], row[7]) for row in ranges(warehouse)] == [
        (date(2024, 3, 4), date(2024, 3, 11), 802, 990),
        (date(2024, 3, 11), date(2024, 3, 18), 841, 1032),
    ]


# --- Referrers.getReferrerType and Goals.get ---------------------------------------------------


def test_referrer_types_become_channels(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "referrer_types_days.json", warehouse)

    assert daily(warehouse) == [
        channel(date(2024, 3, 1), "(campaign)", 8, 9, 5, 1500.0, 22, 1, "19.95"),
        channel(date(2024, 3, 1), "Direct", 40, 45, 25, 8100.0, 120, 2, "50"),
        channel(date(2024, 3, 1), "Organic Search", 60, 70, 40, 13400.0, 230, 4, "120.50"),
        channel(date(2024, 3, 1), "Organic Social", 4, 4, 2, 520.0, 8, 0, "0"),
        channel(date(2024, 3, 1), "Referral", 10, 12, 5, 2100.0, 30, 0, "0"),
        # a translated label without a segment still reads as its channel
        channel(date(2024, 3, 2), "Organic Search", 55, 61, 36, 11000.0, 190, 2, "80"),
    ]


def test_goals_keep_their_own_partition_next_to_visits(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    import_file(FIXTURES / "goals_days.json", warehouse)

    assert daily(warehouse) == [
        *VISITS,
        (date(2024, 3, 1), "matomo_goals", "", "", "", None, None, None, None, None, 7, Decimal("190.45")),
        (date(2024, 3, 2), "matomo_goals", "", "", "", None, None, None, None, None, 2, Decimal("0")),
    ]


def test_referrer_types_do_not_replace_the_visits_summary(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    import_file(FIXTURES / "referrer_types_days.json", warehouse)

    assert [row for row in daily(warehouse) if row[3] == ""] == VISITS


def test_the_method_option_overrides_the_shape(warehouse: Warehouse) -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(
            FIXTURES / "visits_summary_days.json",
            warehouse,
            ImportContext(options={"method": "Actions.getPageUrls"}),
        )

    assert caught.value.message.key == "matomo.unsupported_method"


def test_formatted_revenue_in_another_currency_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    response = tmp_path / "goals.json"
    response.write_text('{\n"2024-03-01": {\n"nb_conversions": 2,\n"revenue": "$1,204.50"\n}\n}\n')

    with pytest.raises(ImportProblem) as caught:
        import_file(response, warehouse)

    assert (caught.value.row, caught.value.column, caught.value.message.key) == (
        4,
        "revenue",
        "import.wrong_currency",
    )


def test_formatted_revenue_with_a_decimal_comma(warehouse: Warehouse, tmp_path: Path) -> None:
    response = tmp_path / "goals.json"
    response.write_text('{"2024-03-01": {"nb_conversions": 2, "revenue": "1204,50 €"}}')

    import_file(response, warehouse)

    assert [row[-1] for row in daily(warehouse)] == [Decimal("1204.50")]


# --- broken responses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "column", "key"),
    [
        ("visits_summary_bad_number.json", 12, "nb_visits", "import.not_a_number"),
        ("visits_summary_truncated.json", 16, None, "import.bad_json"),
        ("api_error.json", None, None, "matomo.api_error"),
        ("page_urls.json", None, None, "matomo.unknown_shape"),
    ],
)
def test_a_broken_response_names_its_place_and_changes_nothing(
    warehouse: Warehouse, name: str, row: int | None, column: str | None, key: str
) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    before = state(warehouse)

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / name, warehouse)

    assert (caught.value.row, caught.value.column, caught.value.message.key) == (row, column, key)
    assert state(warehouse) == before
    assert daily(warehouse) == VISITS


def test_matomo_error_answer_is_shown_to_the_user() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "api_error.json", Warehouse(None))

    assert "requires 'view' access" in caught.value.render("nl")


def test_a_bad_period_key_is_named(warehouse: Warehouse, tmp_path: Path) -> None:
    response = tmp_path / "bad.json"
    response.write_text('{\n"2024-02-29": [],\n"2024-02-30": {"nb_visits": 3}\n}\n')

    with pytest.raises(ImportProblem) as caught:
        import_file(response, warehouse, format="matomo_api")

    assert (caught.value.row, caught.value.message.key) == (3, "matomo.bad_period")


def test_only_empty_days_need_the_method(warehouse: Warehouse, tmp_path: Path) -> None:
    response = tmp_path / "empty.json"
    response.write_text('{"2024-03-01": [], "2024-03-02": []}')

    with pytest.raises(ImportProblem) as caught:
        import_file(response, warehouse, format="matomo_api")
    record = import_file(
        response, warehouse, ImportContext(options={"method": "VisitsSummary.get"}), format="matomo_api"
    )

    assert caught.value.message.key == "matomo.method_needed"
    assert record.rows_added == 0


# --- the CSV export ------------------------------------------------------------------------------


def test_utf16_csv_export_reads_like_the_json(warehouse: Warehouse) -> None:
    record = import_file(FIXTURES / "visits_summary_days.csv", warehouse)

    assert daily(warehouse) == VISITS
    assert record.format == "matomo_csv"


def test_csv_export_replaces_the_requested_days_also_without_rows(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    stale = tmp_path / "stale.csv"
    stale.write_text("date,nb_visits,nb_actions\n2024-03-03,5,9\n")
    import_file(stale, warehouse, format="matomo_csv")

    import_file(
        FIXTURES / "visits_summary_days.csv",
        warehouse,
        ImportContext(options={"period": "day", "date": "2024-03-01,2024-03-04"}),
    )

    assert daily(warehouse) == VISITS


def test_csv_export_of_referrer_types(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "referrer_types_days.csv", warehouse)

    assert daily(warehouse) == [
        channel(date(2024, 3, 1), "Direct", 40, 45, 25, 8100.0, 120, 2, "50"),
        channel(date(2024, 3, 1), "Organic Search", 60, 70, 40, 13400.0, 230, 4, "120.50"),
        channel(date(2024, 3, 2), "Organic Search", 55, 61, 36, 11000.0, 190, 2, "80"),
    ]


def test_csv_export_with_translated_columns_for_one_month(warehouse: Warehouse) -> None:
    context = ImportContext(options={"period": "month", "date": "2024-03-01"})
    import_file(FIXTURES / "visits_summary_translated.csv", warehouse, context)

    assert ranges(warehouse) == [
        (
            date(2024, 3, 1),
            date(2024, 4, 1),
            "matomo",
            "",
            "",
            "",
            3605,
            4410,
            2420,
            791000.0,
            12650,
            None,
            None,
        )
    ]


def test_csv_export_of_one_period_needs_its_range(warehouse: Warehouse) -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "visits_summary_translated.csv", warehouse)

    assert caught.value.message.key == "matomo.range_needed"


def test_truncated_csv_export_names_the_row_and_changes_nothing(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "visits_summary_days.json", warehouse)
    before = state(warehouse)

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "visits_summary_truncated.csv", warehouse)

    assert (caught.value.row, caught.value.message.key) == (4, "import.too_few_cells")
    assert state(warehouse) == before


def test_csv_no_data_available_imports_nothing_with_the_method_given(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    empty = tmp_path / "export.csv"
    empty.write_bytes(b"\xff\xfe" + "No data available".encode("utf-16-le"))
    context = ImportContext(options={"method": "VisitsSummary.get", "period": "day", "date": "2024-03-01"})

    record = import_file(empty, warehouse, context, format="matomo_csv")

    assert record.rows_added == 0
    assert warehouse.count("web_daily") == 0


# --- periods and detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2024-03-01", (date(2024, 3, 1), date(2024, 3, 2))),
        ("2024-03-04,2024-03-10", (date(2024, 3, 4), date(2024, 3, 11))),
        ("2024-12", (date(2024, 12, 1), date(2025, 1, 1))),
        ("2024-02", (date(2024, 2, 1), date(2024, 3, 1))),
        ("2024", (date(2024, 1, 1), date(2025, 1, 1))),
        ("2024-02-30", None),
        ("2024-03-10,2024-03-04", None),
        ("last7", None),
    ],
)
def test_period_keys(key: str, expected: tuple[date, date] | None) -> None:
    assert period_range(key) == expected


@pytest.mark.parametrize(
    ("period", "value", "expected"),
    [
        ("day", "2024-03-01", (date(2024, 3, 1), date(2024, 3, 2))),
        ("week", "2024-03-06", (date(2024, 3, 4), date(2024, 3, 11))),
        ("month", "2024-03-15", (date(2024, 3, 1), date(2024, 4, 1))),
        ("year", "2024-03-15", (date(2024, 1, 1), date(2025, 1, 1))),
        ("range", "2024-03-01,2024-03-31", (date(2024, 3, 1), date(2024, 4, 1))),
        ("range", "last7", None),
        ("day", "yesterday", None),
    ],
)
def test_request_ranges(period: str, value: str, expected: tuple[date, date] | None) -> None:
    assert request_range(period, value) == expected


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_detection_picks_matomo_for_every_fixture(path: Path) -> None:
    expected = "matomo_api" if path.suffix == ".json" else "matomo_csv"

    assert detect(SourceFile(path)).format == expected


@pytest.mark.parametrize(
    "path", sorted((FIXTURES.parent / "ads").glob("*.csv")) + sorted((FIXTURES.parent / "mapped").glob("*.csv")),
    ids=lambda path: path.name,
)  # fmt: skip
def test_matomo_scores_other_exports_zero(path: Path) -> None:
    source = SourceFile(path)

    assert (MatomoApi().sniff(source), MatomoCsv().sniff(source)) == (0, 0)
