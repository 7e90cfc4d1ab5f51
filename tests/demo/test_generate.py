"""The demo data generator: deterministic, consistent between sources, and shaped like the shop."""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.demo import build_demo, demo_workspace
from koers.demo.generate import DemoSummary, generate_demo_data
from koers.domain.period import Grain, Period
from koers.metrics.actuals import kpi_actual
from koers.metrics.engine import MetricEngine
from koers.store.schema import FACT_TABLES
from koers.store.warehouse import Warehouse

TODAY = date(2026, 11, 22)
QUARTER = Period.containing(TODAY, Grain.QUARTER)
GENERATED = [name for name in FACT_TABLES if name != "metric_values"]  # ad revenue: not a bathroom shop's


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Warehouse, DemoSummary]]:
    warehouse = Warehouse(None)
    summary = generate_demo_data(warehouse, today=TODAY)
    yield warehouse, summary
    warehouse.close()


@pytest.fixture
def warehouse(demo: tuple[Warehouse, DemoSummary]) -> Warehouse:
    return demo[0]


def _rows(warehouse: Warehouse, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return warehouse.connection.execute(sql, list(params)).fetchall()


def _contents(warehouse: Warehouse) -> dict[str, Any]:
    """Every table's current rows in a fixed order, without the import ids (which are random)."""
    return {
        name: warehouse.cursor()
        .sql(f"SELECT * EXCLUDE (import_id) FROM {FACT_TABLES[name].view} ORDER BY ALL")
        .to_arrow_table()
        for name in FACT_TABLES
    }


# --- determinism and imports ----------------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(warehouse: Warehouse) -> None:
    again, other = Warehouse(None), Warehouse(None)
    generate_demo_data(again, today=TODAY)
    generate_demo_data(again, today=TODAY)  # generating twice replaces, it does not add up
    generate_demo_data(other, today=TODAY, seed=7)
    expected = _contents(warehouse)
    assert {name: rows.equals(expected[name]) for name, rows in _contents(again).items()} == dict.fromkeys(
        FACT_TABLES, True
    )
    differing = {name for name, rows in _contents(other).items() if not rows.equals(expected[name])}
    assert differing == set(GENERATED)


def test_every_source_is_an_import_of_its_own_that_can_be_undone(
    demo: tuple[Warehouse, DemoSummary],
) -> None:
    _, summary = demo
    names = [record.file_name for record in summary.imports]
    assert len(names) == len(set(names)) == 9
    assert {table for record in summary.imports for table in record.tables} == set(GENERATED)
    events = next(record for record in summary.imports if record.format == "ga4_bigquery")
    assert set(events.tables) == {"web_events", "web_sessions"}

    fresh = Warehouse(None)
    records = {record.file_name: record for record in generate_demo_data(fresh, today=TODAY).imports}
    fresh.undo(records["demo-google-ads"].import_id)
    assert _rows(fresh, "SELECT DISTINCT platform FROM current_ads_daily") == [("meta_ads",)]
    assert fresh.count("web_daily") == summary.rows["web_daily"]


def test_every_table_has_rows_and_nothing_is_dated_today_or_later(
    demo: tuple[Warehouse, DemoSummary],
) -> None:
    warehouse, summary = demo
    assert summary.first_day == date(2024, 11, 1)
    assert summary.last_day == TODAY - timedelta(days=1)
    for name in GENERATED:
        table = FACT_TABLES[name]
        assert summary.rows[name] > 0, name
        last = _rows(warehouse, f"SELECT max(CAST({table.date_column} AS DATE)) FROM {table.view}")[0][0]
        assert last < TODAY, name


# --- web analytics -------------------------------------------------------------------------------


def test_channel_and_device_rows_add_up_to_the_totals_every_day(warehouse: Warehouse) -> None:
    for grain in ("channel", "device"):
        days = _rows(
            warehouse,
            """
            SELECT t.date, t.sessions, t.orders, t.revenue, sum(g.sessions), sum(g.orders), sum(g.revenue)
            FROM current_web_daily t JOIN current_web_daily g ON g.date = t.date AND g.grain = ?
            WHERE t.grain = '' GROUP BY ALL
            """,
            grain,
        )
        assert len(days) == (TODAY - date(2024, 11, 1)).days
        assert [day for day in days if day[1:4] != day[4:]] == []


def test_channels_are_the_six_the_shop_has(warehouse: Warehouse) -> None:
    channels = _rows(
        warehouse, "SELECT DISTINCT channel FROM current_web_daily WHERE grain = 'channel' ORDER BY 1"
    )
    assert [row[0] for row in channels] == [
        "Direct", "Email", "Organic Search", "Organic Social", "Paid Search", "Referral",
    ]  # fmt: skip
    raw = _rows(warehouse, "SELECT DISTINCT channel FROM current_web_sessions ORDER BY 1")
    assert raw == channels  # the importer's channel rules agree with the generated sources


def test_a_month_has_fewer_distinct_users_than_the_sum_of_its_daily_users(warehouse: Warehouse) -> None:
    months = _rows(
        warehouse,
        """
        SELECT r.start_date, r.users, r.new_users, r.returning_users, sum(d.users), sum(d.new_users)
        FROM current_web_ranges r
        JOIN current_web_daily d ON d.grain = '' AND d.date >= r.start_date AND d.date < r.end_date
        WHERE r.grain = '' AND r.end_date = r.start_date + INTERVAL 1 MONTH
        GROUP BY ALL ORDER BY 1
        """,
    )
    assert len(months) == 24
    for start, users, new, returning, daily_users, daily_new in months:
        assert users < daily_users, start
        assert new == daily_new, start  # new users are counted once, on their first day
        assert max(new, returning) <= users <= new + returning, start


def test_ranges_are_every_whole_month_quarter_and_year(warehouse: Warehouse) -> None:
    spans = _rows(
        warehouse,
        "SELECT date_diff('month', start_date, end_date), count(*) FROM current_web_ranges "
        "WHERE grain = '' GROUP BY 1 ORDER BY 1",
    )
    assert spans == [(1, 24), (3, 7), (12, 1)]


def test_the_year_and_the_week_have_their_seasons(warehouse: Warehouse) -> None:
    def average(sql: str) -> float:
        return float(
            _rows(warehouse, f"SELECT avg(sessions) FROM current_web_daily WHERE grain = '' AND {sql}")[0][0]
        )

    assert average("month(date) = 2") > 1.3 * average("month(date) = 7")
    assert average("month(date) = 10") > average("month(date) = 12")
    assert average("dayname(date) = 'Sunday'") > average("dayname(date) = 'Saturday'")
    first, last = (
        average(f"date >= '{start}' AND date < '{end}'")
        for start, end in (("2024-11-01", "2025-11-01"), ("2025-11-01", "2026-11-01"))
    )
    assert first < last  # slow growth


def test_raw_events_agree_with_the_daily_report(warehouse: Warehouse) -> None:
    october = ("2026-10-01", "2026-11-01")
    from_events = _rows(
        warehouse,
        "SELECT count(*), count_if(engaged), sum(pageviews), sum(form_submissions), sum(downloads), "
        "sum(orders), sum(revenue), round(sum(engagement_time), 3) "
        "FROM current_web_sessions WHERE session_date >= ? AND session_date < ?",
        *october,
    )
    from_report = _rows(
        warehouse,
        "SELECT sum(sessions), sum(engaged_sessions), sum(pageviews), sum(form_submissions), sum(downloads), "
        "sum(orders), sum(revenue), round(sum(engagement_time), 3) "
        "FROM current_web_daily WHERE grain = '' AND date >= ? AND date < ?",
        *october,
    )
    assert from_events == from_report
    assert from_events[0][0] > 500
    distinct = _rows(
        warehouse,
        "SELECT count(DISTINCT user_pseudo_id), count(DISTINCT user_pseudo_id) FILTER (WHERE NOT is_new_user) "
        "FROM current_web_sessions WHERE session_date >= ? AND session_date < ?",
        *october,
    )
    reported = _rows(
        warehouse,
        "SELECT users, returning_users FROM current_web_ranges WHERE grain = '' AND start_date = ? AND end_date = ?",
        *october,
    )
    assert distinct == reported


def test_orders_are_bathrooms_and_decoration(warehouse: Warehouse) -> None:
    sizes = _rows(
        warehouse,
        "SELECT count_if(revenue >= 4000), count_if(revenue < 2000), avg(revenue) FILTER (WHERE revenue >= 4000) "
        "FROM current_web_events WHERE event_name = 'purchase'",
    )
    bathrooms, decoration, average = sizes[0]
    assert bathrooms > 0
    assert decoration > 0
    assert Decimal(6000) <= average <= Decimal(9000)


# --- CRM, ads, newsletter, survey --------------------------------------------------------------


def test_the_funnel_converts_at_sensible_rates_in_order(warehouse: Warehouse) -> None:
    counts = _rows(
        warehouse,
        "SELECT count(lead_at), count(mql_at), count(sql_at), count(opportunity_at), count(customer_at) "
        "FROM current_crm_contacts WHERE lead_at < ?",
        TODAY - timedelta(days=120),  # contacts that had time to move on
    )[0]
    leads, mqls, sqls, opportunities, customers = counts
    assert 0.2 <= mqls / leads <= 0.6
    assert 0.2 <= sqls / mqls <= 0.7
    assert 0.2 <= opportunities / sqls <= 0.7
    assert 0.2 <= customers / opportunities <= 0.6
    out_of_order = _rows(
        warehouse,
        "SELECT count(*) FROM current_crm_contacts WHERE NOT (created_at <= lead_at AND lead_at < mql_at "
        "AND mql_at < sql_at AND sql_at < opportunity_at AND opportunity_at < customer_at) "
        "AND customer_at IS NOT NULL",
    )
    assert out_of_order == [(0,)]


def test_deals_are_won_and_lost_and_some_customers_buy_decoration_later(warehouse: Warehouse) -> None:
    bathrooms = _rows(
        warehouse,
        "SELECT count_if(is_won), count_if(is_closed AND NOT is_won), min(amount), max(amount), "
        "count_if(closed_at < created_at) FROM current_deals WHERE pipeline = 'badkamers'",
    )[0]
    won, lost, smallest, largest, closed_before_created = bathrooms
    assert won > 0
    assert lost > 0
    assert Decimal(4000) <= smallest
    assert largest <= Decimal(15000)
    assert closed_before_created == 0
    repeat = _rows(
        warehouse,
        "SELECT count(*) FROM (SELECT contact_id FROM current_deals WHERE is_won GROUP BY 1 "
        "HAVING count(*) > 1 AND bool_or(pipeline = 'decoratie'))",
    )
    assert repeat[0][0] > 20


def test_ads_newsletter_and_survey_look_like_their_tools(warehouse: Warehouse) -> None:
    campaigns = _rows(
        warehouse,
        "SELECT platform, campaign, sum(clicks) < sum(impressions) FROM current_ads_daily GROUP BY ALL",
    )
    assert {(platform, campaign) for platform, campaign, _ in campaigns} == {
        ("google_ads", "Brand"), ("google_ads", "Badkamers generiek"), ("google_ads", "Showroom"),
        ("meta_ads", "Prospecting badkamerinspiratie"),
    }  # fmt: skip
    assert all(fewer for _, _, fewer in campaigns)
    signups = _rows(
        warehouse,
        "SELECT (SELECT sum(signups) FROM current_email_daily), "
        "(SELECT sum(newsletter_signups) FROM current_web_daily WHERE grain = '')",
    )
    assert signups[0][0] == signups[0][1] > 0  # the sign-ups the website saw are the list's
    scores = _rows(warehouse, "SELECT min(score), max(score), count(*) FROM current_survey_answers")[0]
    assert 0 <= scores[0] < scores[1] <= 10
    assert 200 < scores[2] < 1000  # a few a week over two years


# --- the demo workspace's KPIs -----------------------------------------------------------------

_KPIS = [kpi for goal in demo_workspace(TODAY).goals for kpi in goal.kpis]


@pytest.mark.parametrize("kpi", _KPIS, ids=lambda kpi: kpi.id)
def test_every_demo_kpi_has_a_value(warehouse: Warehouse, kpi: Any) -> None:
    actual = kpi_actual(kpi, MetricEngine(warehouse), TODAY)
    assert actual.value is not None
    assert actual.value > 0


def test_the_kpis_tell_a_story_some_on_track_some_behind(warehouse: Warehouse) -> None:
    engine = MetricEngine(warehouse)
    elapsed = Decimal(QUARTER.elapsed_days(TODAY)) / QUARTER.days
    kpis = {kpi.id: kpi for kpi in _KPIS}

    def pace(kpi_id: str) -> Decimal:
        value = kpi_actual(kpis[kpi_id], engine, TODAY).value
        assert value is not None
        return value / (kpis[kpi_id].target * elapsed)

    assert pace("nieuwe-bezoekers") > Decimal("1.05")
    assert pace("terugkerende-bezoekers") < Decimal("0.8")
    time_on_site = kpi_actual(kpis["time-on-site"], engine, TODAY).value
    assert time_on_site is not None
    assert time_on_site > kpis["time-on-site"].target


def test_a_second_client_of_the_same_kind_has_its_own_name_and_id(tmp_path: Path) -> None:
    from koers.store.workspace_file import load_workspace

    built = build_demo(tmp_path / "zuid", date(2026, 11, 22), seed=7, name="Badkamerwinkel Zuid")

    assert (built.id, built.name) == ("badkamerwinkel-zuid", "Badkamerwinkel Zuid")
    assert load_workspace(tmp_path / "zuid" / "koers.yaml").id == "badkamerwinkel-zuid"
