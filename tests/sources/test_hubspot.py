"""HubSpot contacts and deals, from API JSON and from the UI's CSV export in English and Dutch."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from koers.sources import ImportContext, ImportProblem, SourceFile, detect, import_file
from koers.sources.hubspot import entered_stage, parse_moment
from koers.store.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "hubspot"


def rows(warehouse: Warehouse, table: str) -> list[dict[str, Any]]:
    """The current rows of a table without the import they came with, ordered by their key."""
    key = "contact_id" if table == "crm_contacts" else "deal_id"
    cursor = warehouse.connection.execute(f"SELECT * EXCLUDE (import_id) FROM current_{table} ORDER BY {key}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def contact(contact_id: str, created_at: datetime, stage: str, channel: str, **more: Any) -> dict[str, Any]:
    return {
        "source_system": "hubspot",
        "contact_id": contact_id,
        "created_at": created_at,
        "lead_at": None,
        "mql_at": None,
        "sql_at": None,
        "opportunity_at": None,
        "customer_at": None,
        "lifecycle_stage": stage,
        "channel": channel,
        "source": None,
        "campaign": None,
        "landing_page": None,
        "segment": None,
        "attributes": None,
        **more,
    }


API_CONTACTS = [
    contact(
        "512",
        utc(2019, 10, 30, 3, 30, 17, 883000),
        "mql",
        "Organic Search",
        source="google",
        lead_at=utc(2019, 10, 30, 3, 30, 17, 883000),
        mql_at=utc(2019, 11, 2, 10, 1),
    ),
    contact(
        "601",
        utc(2024, 1, 15, 8, 12),
        "customer",
        "Paid Search",
        source="google",
        lead_at=utc(2024, 1, 15, 8, 12),
        mql_at=utc(2024, 1, 20, 13, 0),
        sql_at=utc(2024, 2, 1, 9, 30),
        opportunity_at=utc(2024, 2, 5, 15, 45),
        customer_at=utc(2024, 3, 28, 11, 0),
    ),
    contact(
        "733",
        utc(2024, 3, 31, 21, 30),
        "lead",
        "Email",
        source="newsletter",
        lead_at=utc(2024, 3, 31, 21, 30),
    ),
    contact("845", utc(2024, 4, 2, 6, 0), "subscriber", "Direct"),
]

# The UI writes minutes in the account's time zone (CET in October 2019 and January, CEST from
# 31 March 2024 on): the same moments as the API's, without the seconds.
UI_CONTACTS = [
    {
        **API_CONTACTS[0],
        "created_at": utc(2019, 10, 30, 3, 30),
        "lead_at": utc(2019, 10, 30, 3, 30),
    },
    API_CONTACTS[1],
    API_CONTACTS[2],
    API_CONTACTS[3],
]


def test_api_contacts_over_two_pages_become_contacts_with_their_stage_dates() -> None:
    warehouse = Warehouse(None)
    record = import_file(FIXTURES / "contacts.json", warehouse)
    assert rows(warehouse, "crm_contacts") == API_CONTACTS
    assert (record.format, record.rows_added, record.rows_replaced) == ("hubspot_contacts", 4, 0)
    assert record.tables == ("crm_contacts",)


@pytest.mark.parametrize("name", ["contacts_en.csv", "contacts_nl.csv"])
def test_ui_export_gives_the_contacts_in_either_language(name: str) -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / name, warehouse)
    assert rows(warehouse, "crm_contacts") == UI_CONTACTS


def test_dutch_and_english_ui_exports_give_the_same_rows() -> None:
    english, dutch = Warehouse(None), Warehouse(None)
    import_file(FIXTURES / "contacts_en.csv", english)
    import_file(FIXTURES / "contacts_nl.csv", dutch)
    assert rows(dutch, "crm_contacts") == rows(english, "crm_contacts")
    assert len(rows(dutch, "crm_contacts")) == 4


def test_ui_times_are_read_in_the_workspace_time_zone() -> None:
    warehouse = Warehouse(None, timezone="UTC")
    import_file(FIXTURES / "contacts_en.csv", warehouse, ImportContext(timezone="UTC"))
    created = {row["contact_id"]: row["created_at"] for row in rows(warehouse, "crm_contacts")}
    assert created["733"] == utc(2024, 3, 31, 23, 30)  # the cell's own clock time, now in UTC


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("contacts.json", "crm_contacts"),
        ("contacts_en.csv", "crm_contacts"),
        ("contacts_nl.csv", "crm_contacts"),
        ("deals.json", "deals"),
        ("deals_en.csv", "deals"),
        ("deals_nl.csv", "deals"),
    ],
)
def test_importing_the_same_export_twice_changes_nothing(name: str, table: str) -> None:
    warehouse = Warehouse(None)
    first = import_file(FIXTURES / name, warehouse)
    before = rows(warehouse, table)
    second = import_file(FIXTURES / name, warehouse)
    assert rows(warehouse, table) == before
    assert warehouse.count(table) == len(before) == first.rows_added
    assert (second.rows_added, second.rows_replaced) == (0, len(before))


def test_a_later_export_moves_a_contact_on_and_keeps_its_earlier_stage_dates() -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "contacts.json", warehouse)
    before = rows(warehouse, "crm_contacts")

    later = import_file(FIXTURES / "contacts_later.json", warehouse)

    after = {row["contact_id"]: row for row in rows(warehouse, "crm_contacts")}
    assert after["512"] == {
        **API_CONTACTS[0],
        "lifecycle_stage": "sql",
        "sql_at": utc(2019, 12, 7, 16, 50, 6, 678000),
    }  # the MQL date, channel and source the later export did not repeat are kept
    assert after["901"]["lifecycle_stage"] == "lead"
    assert after["601"] == API_CONTACTS[1]
    assert (later.rows_added, later.rows_replaced) == (1, 1)
    assert warehouse.count("crm_contacts") == 5

    warehouse.undo(later.import_id)
    assert rows(warehouse, "crm_contacts") == before


def deal(deal_id: str, name: str, amount: str | None, **more: Any) -> dict[str, Any]:
    return {
        "source_system": "hubspot",
        "deal_id": deal_id,
        "contact_id": None,
        "name": name,
        "amount": None if amount is None else Decimal(amount),
        "currency": "EUR",
        "created_at": None,
        "closed_at": None,
        "stage": None,
        "is_closed": False,
        "is_won": False,
        "pipeline": "default",
        "channel": None,
        **more,
    }


DEALS = [
    deal(
        "1001",
        "Voorbeeld BV - jaarcontract",
        "50000.0000",
        created_at=utc(2024, 2, 5, 15, 45),
        closed_at=utc(2024, 3, 28, 11, 0),
        stage="closedwon",
        is_closed=True,
        is_won=True,
    ),
    deal(
        "1002",
        "Grand Hotel - keukens",
        "12500.5000",
        created_at=utc(2024, 2, 20, 10, 0),
        closed_at=utc(2024, 4, 10, 9, 0),
        stage="closedlost",
        is_closed=True,
    ),
    # open: HubSpot's close date is a forecast, not a close
    deal(
        "1003",
        "Bakkerij Kim - webshop",
        "8000.0000",
        created_at=utc(2024, 3, 31, 22, 15),
        stage="appointmentscheduled",
    ),
    deal("1004", "Jansen & Zn", None, created_at=utc(2024, 4, 2, 7, 30), stage="qualifiedtobuy"),
]


@pytest.mark.parametrize("name", ["deals.json", "deals_en.csv", "deals_nl.csv"])
def test_deals_from_the_api_and_from_either_ui_export(name: str) -> None:
    warehouse = Warehouse(None)
    record = import_file(FIXTURES / name, warehouse)
    assert rows(warehouse, "deals") == DEALS
    assert record.format == "hubspot_deals"


def test_amounts_stay_exact_decimals() -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "deals_nl.csv", warehouse)
    total = warehouse.connection.execute("SELECT sum(amount) FROM current_deals").fetchone()
    assert total == (Decimal("70500.5000"),)


@pytest.mark.parametrize(
    ("name", "row", "column", "key"),
    [
        ("contacts_missing_id.json", 2, "id", "crm.missing_id"),
        ("contacts_bad_date.csv", 3, "Became a Customer Date", "import.not_a_date"),
        ("contacts_duplicate.json", 3, None, "import.duplicate_row"),
        ("contacts_truncated.json", 4, None, "import.bad_json"),
        ("contacts_incomplete.json", None, None, "crm.more_pages"),
        ("deals_bad_amount.json", 2, "amount", "import.not_a_number"),
        ("deals_usd.json", 2, "deal_currency_code", "import.wrong_currency"),
        ("deals_usd.csv", 4, "Currency", "import.wrong_currency"),
    ],
)
def test_a_broken_file_is_refused_with_its_place_and_changes_nothing(
    name: str, row: int | None, column: str | None, key: str
) -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "contacts.json", warehouse)
    import_file(FIXTURES / "deals.json", warehouse)
    contacts, deals = rows(warehouse, "crm_contacts"), rows(warehouse, "deals")

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / name, warehouse)

    problem = caught.value
    assert (problem.file, problem.row, problem.column, problem.message.key) == (name, row, column, key)
    assert rows(warehouse, "crm_contacts") == contacts
    assert rows(warehouse, "deals") == deals
    assert len(warehouse.imports()) == 2


def test_the_error_names_the_place_in_the_readers_language() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "contacts_missing_id.json", Warehouse(None))
    assert caught.value.render("nl").startswith("contacts_missing_id.json:2: kolom id: heeft geen id")


def test_a_workspace_in_another_currency_refuses_euro_deals() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "deals.json", Warehouse(None), ImportContext(currency="USD"))
    assert (caught.value.row, caught.value.column) == (1, "deal_currency_code")


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("contacts.json", "hubspot_contacts"),
        ("contacts_later.json", "hubspot_contacts"),
        ("contacts_en.csv", "hubspot_contacts"),
        ("contacts_nl.csv", "hubspot_contacts"),
        ("deals.json", "hubspot_deals"),
        ("deals_en.csv", "hubspot_deals"),
        ("deals_nl.csv", "hubspot_deals"),
    ],
)
def test_each_export_is_recognised(name: str, format: str) -> None:
    assert detect(SourceFile(FIXTURES / name)).format == format


@pytest.mark.parametrize("name", ["leads.json", "leads_report.csv", "opportunities_report.csv"])
def test_salesforce_files_are_not_taken_for_hubspot(name: str) -> None:
    source = SourceFile(FIXTURES.parent / "salesforce" / name)
    assert detect(source).format.startswith("salesforce_")


@pytest.mark.parametrize(
    ("header", "stage"),
    [
        ("hs_lifecyclestage_salesqualifiedlead_date", "sql"),
        ("hs_v2_date_entered_customer", "customer"),
        ("Became a Marketing Qualified Lead Date", "mql"),
        ("Became an Opportunity Date", "opportunity"),
        ("Date entered 'Customer (Lifecycle Stage Pipeline)'", "customer"),
        ("Werd een marketing gekwalificeerde lead op", "mql"),
        ("Werd een klant op", "customer"),
        ("Date exited 'Lead (Lifecycle Stage Pipeline)'", None),
        ("Time in 'Opportunity (Lifecycle Stage Pipeline)'", None),
        ("Lead Status", None),
        ("Lifecycle Stage", None),
        ("Create Date", None),
    ],
)
def test_stage_date_columns_are_recognised_by_what_they_say(header: str, stage: str | None) -> None:
    assert entered_stage(header) == stage


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2019-10-30T03:30:17.883Z", utc(2019, 10, 30, 3, 30, 17, 883000)),
        ("1572406217883", utc(2019, 10, 30, 3, 30, 17, 883000)),
        ("2024-03-31 23:30", utc(2024, 3, 31, 21, 30)),
        ("2024-01-15", utc(2024, 1, 14, 23, 0)),
    ],
)
def test_moments_as_hubspot_writes_them(text: str, moment: datetime) -> None:
    assert parse_moment(text, ZoneInfo("Europe/Amsterdam")) == moment
