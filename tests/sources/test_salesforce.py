"""Salesforce leads and opportunities, from query API JSON and from report CSV exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.sources import ImportContext, ImportProblem, SourceFile, detect, import_file
from koers.sources.salesforce import lead_stage, salesforce_id
from koers.store.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "salesforce"


def rows(warehouse: Warehouse, table: str) -> list[dict[str, Any]]:
    """The current rows of a table without the import they came with, ordered by their key."""
    key = "contact_id" if table == "crm_contacts" else "deal_id"
    cursor = warehouse.connection.execute(f"SELECT * EXCLUDE (import_id) FROM current_{table} ORDER BY {key}")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def lead(
    lead_id: str, created: datetime, stage: str, channel: str, status: str, **more: Any
) -> dict[str, Any]:
    attributes = {"status": status, **more.pop("attributes", {})}
    return {
        "source_system": "salesforce",
        "contact_id": lead_id,
        "created_at": created,
        "lead_at": created,
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
        "attributes": json.dumps(attributes),
        **more,
    }


CONVERTED_ON = utc(2024, 7, 13, 22, 0)  # 14 July 2024, midnight in Amsterdam
LEADS = [
    lead("00Q5g00000Lk1AbEAJ", utc(2024, 7, 1, 9, 12), "lead", "Web", "Open - Not Contacted"),
    lead(
        "00Q5g00000Lk1AcEAJ",
        utc(2024, 7, 2, 14, 0),
        "mql",
        "Partner Referral",
        "Working - Contacted",
        mql_at=utc(2024, 7, 2, 14, 0),
    ),
    lead(
        "00Q5g00000Lk2XyEAJ",
        utc(2024, 7, 3, 8, 30),
        "opportunity",
        "Trade Show",
        "Closed - Converted",
        mql_at=utc(2024, 7, 3, 8, 30),
        sql_at=CONVERTED_ON,
        opportunity_at=CONVERTED_ON,
        attributes={"converted_opportunity_id": "0065g00000Op7WnAAJ"},
    ),
    lead("00Q5g00000Lk3PqEAJ", utc(2024, 7, 4, 22, 45), "lead", "Purchased List", "Closed - Not Converted"),
]


@pytest.mark.parametrize("name", ["leads.json", "leads_report.csv"])
def test_leads_become_contacts_with_their_funnel_stages(name: str) -> None:
    warehouse = Warehouse(None)
    record = import_file(FIXTURES / name, warehouse)
    assert rows(warehouse, "crm_contacts") == LEADS
    assert (record.format, record.rows_added) == ("salesforce_leads", 4)


def test_the_report_footer_is_left_out_and_its_grand_total_counted_as_skipped() -> None:
    record = import_file(FIXTURES / "leads_report.csv", Warehouse(None))
    assert (record.rows_added, record.rows_rejected) == (4, 1)


def test_a_report_after_the_api_export_counts_nothing_twice() -> None:
    """Reports show 15-character ids, the API 18: both name the same lead."""
    warehouse = Warehouse(None)
    import_file(FIXTURES / "leads.json", warehouse)
    record = import_file(FIXTURES / "leads_report.csv", warehouse)
    assert (record.rows_added, record.rows_replaced) == (0, 4)
    assert rows(warehouse, "crm_contacts") == LEADS


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("leads.json", "crm_contacts"),
        ("leads_report.csv", "crm_contacts"),
        ("opportunities.json", "deals"),
        ("opportunities_report.csv", "deals"),
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


def test_a_later_export_moves_leads_on_and_keeps_what_was_known() -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "leads.json", warehouse)
    before = rows(warehouse, "crm_contacts")

    later = import_file(FIXTURES / "leads_later.json", warehouse)

    after = {row["contact_id"]: row for row in rows(warehouse, "crm_contacts")}
    converted = utc(2024, 7, 15, 22, 0)
    assert after["00Q5g00000Lk1AcEAJ"] == {
        **LEADS[1],
        "lifecycle_stage": "opportunity",
        "sql_at": converted,
        "opportunity_at": converted,
        "attributes": json.dumps(
            {"status": "Closed - Converted", "converted_opportunity_id": "0065g00000Op9KzAAJ"}
        ),
    }
    assert after["00Q5g00000Lk1AbEAJ"]["lifecycle_stage"] == "mql"
    assert after["00Q5g00000Lk1AbEAJ"]["mql_at"] == LEADS[0]["created_at"]
    assert after["00Q5g00000Lk2XyEAJ"] == LEADS[2]
    assert (later.rows_added, later.rows_replaced) == (0, 2)

    warehouse.undo(later.import_id)
    assert rows(warehouse, "crm_contacts") == before


def test_an_export_with_an_earlier_status_keeps_a_known_mql_date() -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "leads_later.json", warehouse)  # Sanne: Working - Contacted
    import_file(FIXTURES / "leads.json", warehouse)  # an older export: Open - Not Contacted
    sanne = rows(warehouse, "crm_contacts")[0]
    assert (sanne["lifecycle_stage"], sanne["mql_at"]) == ("lead", utc(2024, 7, 1, 9, 12))


def opportunity(deal_id: str, name: str, amount: str, created: datetime, **more: Any) -> dict[str, Any]:
    return {
        "source_system": "salesforce",
        "deal_id": deal_id,
        "contact_id": None,
        "name": name,
        "amount": Decimal(amount),
        "currency": "EUR",
        "created_at": created,
        "closed_at": None,
        "stage": None,
        "is_closed": False,
        "is_won": False,
        "pipeline": None,
        "channel": None,
        **more,
    }


OPPORTUNITIES = [
    opportunity(
        "0065g00000Op7WnAAJ",
        "Edge Emergency Generator",
        "75000.0000",
        utc(2024, 7, 14, 10, 5),
        closed_at=CONVERTED_ON,
        stage="Closed Won",
        is_closed=True,
        is_won=True,
        channel="Trade Show",
    ),
    opportunity(
        "0065g00000Op8RtAAJ",
        "Grand Hotels Kitchen Generator",
        "12500.5000",
        utc(2024, 6, 10, 7, 0),
        closed_at=utc(2024, 7, 19, 22, 0),
        stage="Closed Lost",
        is_closed=True,
        channel="Web",
    ),
    opportunity(
        "0065g00000Op9KzAAJ",
        "Smit Logistiek - uitbreiding",
        "30000.0000",
        utc(2024, 7, 16, 12, 0),
        stage="Prospecting",
        channel="Partner Referral",
    ),
]


@pytest.mark.parametrize("name", ["opportunities.json", "opportunities_report.csv"])
def test_opportunities_become_deals(name: str) -> None:
    warehouse = Warehouse(None)
    record = import_file(FIXTURES / name, warehouse)
    assert rows(warehouse, "deals") == OPPORTUNITIES
    assert record.tables == ("deals",)
    assert warehouse.count("crm_contacts") == 0


def test_ambiguous_report_dates_need_the_date_order() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "leads_ambiguous.csv", Warehouse(None))
    assert caught.value.message.key == "crm.ambiguous_dates"

    warehouse = Warehouse(None)
    import_file(FIXTURES / "leads_ambiguous.csv", warehouse, ImportContext(options={"date_order": "mdy"}))
    edge = rows(warehouse, "crm_contacts")[1]
    assert (edge["created_at"], edge["sql_at"]) == (utc(2024, 7, 3, 8, 30), utc(2024, 7, 3, 22, 0))

    day_first = Warehouse(None)
    import_file(FIXTURES / "leads_ambiguous.csv", day_first, ImportContext(options={"date_order": "dmy"}))
    assert rows(day_first, "crm_contacts")[1]["sql_at"] == utc(2024, 4, 6, 22, 0)


@pytest.mark.parametrize(
    ("name", "row", "column", "key"),
    [
        ("leads_bad_date.csv", 3, "Create Date", "import.not_a_date"),
        ("leads_duplicate.csv", 4, None, "import.duplicate_row"),
        ("leads_missing_id.json", 3, "Id", "crm.missing_id"),
        ("leads_incomplete.json", None, None, "crm.more_pages"),
        ("opportunities_bad_amount.csv", 3, "Amount", "import.not_a_number"),
        ("opportunities_truncated.json", 7, None, "import.bad_json"),
        ("opportunities_usd.json", 2, "CurrencyIsoCode", "import.wrong_currency"),
        ("opportunities_usd.csv", 3, "Amount", "import.wrong_currency"),
    ],
)
def test_a_broken_file_is_refused_with_its_place_and_changes_nothing(
    name: str, row: int | None, column: str | None, key: str
) -> None:
    warehouse = Warehouse(None)
    import_file(FIXTURES / "leads.json", warehouse)
    import_file(FIXTURES / "opportunities.json", warehouse)
    contacts, deals = rows(warehouse, "crm_contacts"), rows(warehouse, "deals")

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / name, warehouse)

    problem = caught.value
    assert (problem.file, problem.row, problem.column, problem.message.key) == (name, row, column, key)
    assert rows(warehouse, "crm_contacts") == contacts
    assert rows(warehouse, "deals") == deals
    assert len(warehouse.imports()) == 2


def test_records_of_another_object_are_refused() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "leads.json", Warehouse(None), format="salesforce_opportunities")
    problem = caught.value
    assert (problem.row, problem.column, problem.message.key) == (1, "attributes.type", "crm.wrong_object")


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("leads.json", "salesforce_leads"),
        ("leads_later.json", "salesforce_leads"),
        ("leads_report.csv", "salesforce_leads"),
        ("opportunities.json", "salesforce_opportunities"),
        ("opportunities_report.csv", "salesforce_opportunities"),
    ],
)
def test_each_export_is_recognised(name: str, format: str) -> None:
    assert detect(SourceFile(FIXTURES / name)).format == format


@pytest.mark.parametrize("name", ["contacts.json", "contacts_en.csv", "deals_nl.csv"])
def test_hubspot_files_are_not_taken_for_salesforce(name: str) -> None:
    source = SourceFile(FIXTURES.parent / "hubspot" / name)
    assert detect(source).format.startswith("hubspot_")


@pytest.mark.parametrize(
    ("status", "converted", "opportunity", "stage"),
    [
        ("Open - Not Contacted", False, False, "lead"),
        ("Working - Contacted", False, False, "mql"),
        ("Closed - Not Converted", False, False, "lead"),
        ("Closed - Converted", True, False, "sql"),
        ("Closed - Converted", True, True, "opportunity"),
        ("Unqualified", False, False, "lead"),
        ("Qualified", False, False, "mql"),
    ],
)
def test_lead_status_to_stage(status: str, converted: bool, opportunity: bool, stage: str) -> None:
    assert lead_stage(status, converted, opportunity) == stage


def test_fifteen_character_ids_get_their_checksum() -> None:
    assert salesforce_id("001D000000IRFma") == "001D000000IRFmaIAH"
    assert salesforce_id("001D000000IRFmaIAH") == "001D000000IRFmaIAH"
