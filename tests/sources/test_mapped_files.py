"""The generic mapped importer on the files marketers keep by hand: Dutch Excel CSV and .xlsx."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from koers.sources import ImportContext, ImportProblem, SourceFile, detect, import_file
from koers.store.warehouse import ImportRecord, Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mapped"

NEWSLETTER = {
    "date": "Datum", "campaign": "Campagne", "sent": "Verzonden", "opens": "Geopend", "clicks": "Kliks",
    "unsubscribes": "Afmeldingen", "signups": "Nieuwe inschrijvingen",
}  # fmt: skip
NPS = {
    "answered_on": "Datum",
    "respondent_id": "Respondent",
    "score": "Score",
    "channel": "Kanaal",
    "comment": "Opmerking",
}
AD_REVENUE = {"date": "Datum", "metric": "Metriek", "value": "Waarde"}


@pytest.fixture
def warehouse() -> Iterator[Warehouse]:
    with Warehouse(None) as memory:
        yield memory


def mapped(
    path: Path,
    warehouse: Warehouse,
    table: str,
    mapping: Mapping[str, str],
    encoding: str | None = None,
    **options: str,
) -> ImportRecord:
    context = ImportContext(mapping=mapping, options={"table": table, **options}, encoding=encoding)
    return import_file(path, warehouse, context, format="mapped")


def rows(warehouse: Warehouse, table: str) -> list[tuple[Any, ...]]:
    """Current rows of ``table`` without their import, ordered by every column."""
    return warehouse.connection.execute(
        f"SELECT * EXCLUDE (import_id) FROM current_{table} ORDER BY ALL"
    ).fetchall()


def state(warehouse: Warehouse, table: str) -> tuple[int, int, int]:
    stored = warehouse.connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return warehouse.count(table), int(stored[0]) if stored else 0, len(warehouse.imports())


NEWSLETTER_ROWS = [
    (date(2023, 4, 1), "mailchimp", "Lentenieuwsbrief", 1234, 512, 87, 3, 14),
    (date(2023, 4, 2), "mailchimp", "Lentenieuwsbrief", 1180, 498, 80, 2, 9),
    (date(2023, 4, 15), "mailchimp", "Webinar-uitnodiging", 2045, 1102, 233, 5, 31),
]


def test_dutch_newsletter_statistics_into_email_daily(warehouse: Warehouse) -> None:
    record = mapped(
        FIXTURES / "nieuwsbrief.csv", warehouse, "email_daily", NEWSLETTER, source_system="mailchimp"
    )

    # 1.234 is a thousand two hundred and thirty-four; 1-4-2023 is the first of April
    assert rows(warehouse, "email_daily") == NEWSLETTER_ROWS
    assert (record.rows_added, record.first_date, record.last_date) == (
        3,
        date(2023, 4, 1),
        date(2023, 4, 15),
    )


def test_newsletter_reimport_is_idempotent(warehouse: Warehouse) -> None:
    mapped(FIXTURES / "nieuwsbrief.csv", warehouse, "email_daily", NEWSLETTER, source_system="mailchimp")
    again = mapped(
        FIXTURES / "nieuwsbrief.csv", warehouse, "email_daily", NEWSLETTER, source_system="mailchimp"
    )

    assert rows(warehouse, "email_daily") == NEWSLETTER_ROWS
    assert (again.rows_added, again.rows_replaced) == (0, 3)


def test_nps_answers_into_survey_answers(warehouse: Warehouse) -> None:
    mapped(FIXTURES / "nps.csv", warehouse, "survey_answers", NPS)

    assert rows(warehouse, "survey_answers") == [
        (date(2023, 4, 1), "nps", "R-001", 9, "E-mail", "Snelle levering"),
        (date(2023, 4, 1), "nps", "R-002", 10, "Website", None),
        (date(2023, 4, 3), "nps", "R-003", 6, "E-mail", "Prijs; te hoog"),
        (date(2023, 4, 12), "nps", "R-004", 0, "Telefoon", "Pakket kwijt"),
    ]


def test_ad_revenue_with_thousands_and_decimal_commas_into_metric_values(warehouse: Warehouse) -> None:
    mapped(FIXTURES / "advertentie_inkomsten.csv", warehouse, "metric_values", AD_REVENUE)

    assert rows(warehouse, "metric_values") == [
        (date(2023, 4, 1), "ad_revenue", "", Decimal("1234.56")),
        (date(2023, 4, 2), "ad_revenue", "", Decimal("987.10")),
        (date(2023, 4, 3), "ad_revenue", "", Decimal("0")),
    ]


def test_excel_workbook_with_title_real_dates_numbers_and_a_total_row(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Advertentie-inkomsten april 2023"])
    sheet.append([])
    sheet.append(["Datum", "Metriek", "Waarde"])
    sheet.append([datetime(2023, 4, 1), "ad_revenue", 1234.56])
    sheet.append([date(2023, 4, 2), "ad_revenue", 987.1])
    sheet.append(["3-4-2023", "ad_revenue", 12])
    sheet.append(["Totaal", None, 2233.66])
    workbook.save(tmp_path / "inkomsten.xlsx")

    record = mapped(tmp_path / "inkomsten.xlsx", warehouse, "metric_values", AD_REVENUE)

    assert rows(warehouse, "metric_values") == [
        (date(2023, 4, 1), "ad_revenue", "", Decimal("1234.56")),
        (date(2023, 4, 2), "ad_revenue", "", Decimal("987.1")),
        (date(2023, 4, 3), "ad_revenue", "", Decimal("12")),
    ]
    assert record.rows_added == 3


def test_excel_newsletter_into_email_daily(warehouse: Warehouse, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(NEWSLETTER.values()))
    sheet.append([datetime(2023, 4, 1), "Lentenieuwsbrief", 1234, 512, 87, 3, 14])
    workbook.save(tmp_path / "nieuwsbrief.xlsx")

    mapped(tmp_path / "nieuwsbrief.xlsx", warehouse, "email_daily", NEWSLETTER)

    assert rows(warehouse, "email_daily") == [
        (date(2023, 4, 1), "csv", "Lentenieuwsbrief", 1234, 512, 87, 3, 14)
    ]


@pytest.mark.parametrize(
    ("name", "table", "mapping", "row", "column", "key"),
    [
        ("nieuwsbrief_bad_number.csv", "email_daily", NEWSLETTER, 3, "Verzonden", "import.not_a_number"),
        ("nieuwsbrief_duplicate.csv", "email_daily", NEWSLETTER, 4, None, "import.duplicate_row"),
        ("nieuwsbrief_cp1252.csv", "email_daily", NEWSLETTER, 2, None, "import.not_utf8"),
        ("nps_bad_score.csv", "survey_answers", NPS, 3, "Score", "import.not_a_number"),
        ("nps.csv", "survey_answers", {**NPS, "score": "Cijfer"}, 1, None, "import.mapped_column_missing"),
    ],
)
def test_a_broken_file_names_its_place_and_changes_nothing(
    warehouse: Warehouse,
    name: str,
    table: str,
    mapping: dict[str, str],
    row: int,
    column: str | None,
    key: str,
) -> None:
    mapped(FIXTURES / "nieuwsbrief.csv", warehouse, "email_daily", NEWSLETTER)
    mapped(FIXTURES / "nps.csv", warehouse, "survey_answers", NPS)
    before = state(warehouse, table)

    with pytest.raises(ImportProblem) as caught:
        mapped(FIXTURES / name, warehouse, table, mapping)

    assert (caught.value.file, caught.value.row, caught.value.column, caught.value.message.key) == (
        name, row, column, key,
    )  # fmt: skip
    assert state(warehouse, table) == before


def test_a_file_in_the_encoding_given_reads_its_accents(warehouse: Warehouse) -> None:
    mapped(FIXTURES / "nieuwsbrief_cp1252.csv", warehouse, "email_daily", NEWSLETTER, encoding="cp1252")

    assert [row[2] for row in rows(warehouse, "email_daily")] == ["Café-actie"]


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_detection_leaves_hand_made_files_to_the_mapping(path: Path) -> None:
    assert detect(SourceFile(path)).format == "mapped"


# --- what the mapped importer does not do yet (see the report to the lead engineer) ---------------


def test_a_constant_metric_name_can_come_from_the_options(warehouse: Warehouse) -> None:
    path = FIXTURES / "advertentie_inkomsten_zonder_metriek.csv"
    mapped(path, warehouse, "metric_values", {"date": "Datum", "value": "Opbrengst"}, metric="ad_revenue")

    assert [row[1] for row in rows(warehouse, "metric_values")] == ["ad_revenue", "ad_revenue"]


def test_a_cut_off_last_row_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    cut = tmp_path / "cut.csv"
    cut.write_text("Datum;Campagne;Verzonden;Geopend\n1-4-2023;Lente;1.234;512\n2-4-2023;Lente\n")

    with pytest.raises(ImportProblem):
        mapped(cut, warehouse, "email_daily", {"date": "Datum", "campaign": "Campagne", "sent": "Verzonden"})


def test_a_campaign_named_total_is_not_taken_for_a_total_row(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "campagnes.csv"
    path.write_text("Campagne;Datum;Verzonden\nTotal Recall-actie;1-4-2023;1.234\nLente;2-4-2023;12\n")

    mapped(path, warehouse, "email_daily", {"date": "Datum", "campaign": "Campagne", "sent": "Verzonden"})

    assert warehouse.count("email_daily") == 2


def test_a_huge_number_is_refused_with_its_place(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "inkomsten.csv"
    path.write_text("Datum;Metriek;Waarde\n1-4-2023;ad_revenue;1.000.000.000.000.000.000.000.000.000.000\n")

    with pytest.raises(ImportProblem):
        mapped(path, warehouse, "metric_values", AD_REVENUE)
