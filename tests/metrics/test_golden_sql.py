"""The SQL the engine generates, checked against golden files, and portable to other engines.

Run with ``KOERS_UPDATE_GOLDEN=1`` to rewrite the golden files after an intended change.
"""

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from koers.domain.period import Grain, Period
from koers.metrics.engine import MetricEngine, MetricRequest
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse

GOLDEN = Path(__file__).parent / "golden"
JAN = Period.month(2024, 1)
REQUESTS = {
    "users_by_week": MetricRequest("users", JAN, Grain.WEEK),
    "sessions_by_channel": MetricRequest("sessions", JAN, by=("channel",)),
    "engaged_sessions_email": MetricRequest("engaged_sessions", JAN, where=(("channel", "Email"),)),
    "mql_to_sql_cohort_as_of": MetricRequest("mql_to_sql_rate", JAN, Grain.MONTH, as_of=date(2024, 2, 15)),
    "ad_cost_by_campaign": MetricRequest("ad_cost", JAN, by=("campaign",)),
}


@pytest.fixture(scope="module")
def engine() -> MetricEngine:
    warehouse = Warehouse(None)
    rows = {
        "web_sessions": [{"session_date": date(2024, 1, 2), "property": "p", "user_pseudo_id": "u", "session_id": 1,
                          "started_at": datetime(2024, 1, 2, tzinfo=UTC), "is_new_user": True, "engaged": True}],
        "crm_contacts": [{"source_system": "crm", "contact_id": "1", "mql_at": datetime(2024, 1, 3, tzinfo=UTC)}],
        "ads_daily": [{"date": date(2024, 1, 4), "platform": "google_ads", "campaign": "Brand", "currency": "EUR"}],
    }  # fmt: skip
    for table, records in rows.items():
        warehouse.write(ImportBatch("test", (TablePart(table, rows=to_arrow(table, records)),)), file_name=table,
                        file_sha256="0")  # fmt: skip
    return MetricEngine(warehouse)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_generated_sql_matches_the_golden_file(engine: MetricEngine, name: str) -> None:
    sql = "\n\n".join(query.sql for query in engine.query(REQUESTS[name]).queries) + "\n"
    golden = GOLDEN / f"{name}.sql"
    if os.environ.get("KOERS_UPDATE_GOLDEN"):
        golden.write_text(sql, encoding="utf-8")
    assert sql == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("dialect", ["postgres", "bigquery", "snowflake"])
def test_the_same_queries_compile_for_other_engines(engine: MetricEngine, dialect: str) -> None:
    for request in REQUESTS.values():
        for query in engine.query(request).queries:
            sql = query.sql_for(dialect)
            assert "SELECT" in sql
            assert "current_" in sql
