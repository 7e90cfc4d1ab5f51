"""The real Olist B2B funnel, read with the mapped importer, gives the figures its README publishes.

The data lives beside the repository (``../shared/data/olist-marketing-funnel``, as in CI's clean
clone with ``shared`` next to it); it is never copied in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from koers.sources import ImportContext, import_file
from koers.store.warehouse import ImportRecord, Warehouse

REPOSITORY = Path(__file__).parents[2]
DATA = REPOSITORY.parent / "shared" / "data" / "olist-marketing-funnel"
OPTIONS = {"table": "crm_contacts", "source_system": "olist"}


def _import(warehouse: Warehouse, name: str, mapping: dict[str, str]) -> ImportRecord:
    path = DATA / name
    assert path.is_file(), f"the Olist data set is expected at {path}"
    return import_file(path, warehouse, ImportContext(mapping=mapping, options=OPTIONS), format="mapped")


@pytest.fixture(scope="module")
def olist() -> Warehouse:
    warehouse = Warehouse(None)
    _import(
        warehouse,
        "olist_marketing_qualified_leads_dataset.csv",
        {"contact_id": "mql_id", "mql_at": "first_contact_date", "channel": "origin"},
    )
    _import(warehouse, "olist_closed_deals_dataset.csv", {"contact_id": "mql_id", "customer_at": "won_date"})
    return warehouse


def test_both_files_import_with_the_counts_of_their_rows() -> None:
    warehouse = Warehouse(None)
    leads = _import(
        warehouse,
        "olist_marketing_qualified_leads_dataset.csv",
        {"contact_id": "mql_id", "mql_at": "first_contact_date", "channel": "origin"},
    )
    won = _import(
        warehouse, "olist_closed_deals_dataset.csv", {"contact_id": "mql_id", "customer_at": "won_date"}
    )
    assert (leads.rows_added, leads.rows_replaced) == (8000, 0)
    # every won deal is one of the MQLs: it updates that contact and adds none
    assert (won.rows_added, won.rows_replaced) == (0, 842)
    assert (leads.first_date, leads.last_date) == (date(2017, 6, 14), date(2018, 5, 31))


def test_overall_figures(olist: Warehouse) -> None:
    row = olist.connection.execute(
        "SELECT count(mql_at), count(customer_at), round(100.0 * count(customer_at) / count(mql_at), 2), "
        "count(*) FILTER (WHERE customer_at IS NOT NULL AND mql_at IS NULL) "
        "FROM current_crm_contacts WHERE source_system = 'olist'"
    ).fetchone()
    assert row is not None
    mqls, won, rate, won_without_mql = row
    assert (mqls, won, won_without_mql) == (8000, 842, 0)
    assert Decimal(str(rate)) == Decimal("10.53")


def test_figures_by_origin(olist: Warehouse) -> None:
    by_origin = {
        channel: (mqls, won, Decimal(str(rate)))
        for channel, mqls, won, rate in olist.connection.execute(
            "SELECT channel, count(mql_at), count(customer_at), "
            "round(100.0 * count(customer_at) / count(mql_at), 2) "
            "FROM current_crm_contacts WHERE source_system = 'olist' GROUP BY channel"
        ).fetchall()
    }
    expected = {
        "organic search": (2296, 271, Decimal("11.80")),
        "paid search": (1586, 195, Decimal("12.30")),
        "social": (1350, 75, Decimal("5.56")),
        "email": (493, 15, Decimal("3.04")),
        "direct traffic": (499, 56, Decimal("11.22")),
        "unknown": (1099, 179, Decimal("16.29")),
    }
    assert {channel: by_origin[channel] for channel in expected} == expected
    assert sum(mqls for mqls, _, _ in by_origin.values()) == 8000
