"""The metric engine on small warehouses whose values are worked out by hand."""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from koers.domain.period import Grain, Period
from koers.metrics.engine import Compare, MetricEngine, MetricError, MetricRequest
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse

JAN = Period.month(2024, 1)


def _load(warehouse: Warehouse, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    batch = ImportBatch("test", (TablePart(table, rows=to_arrow(table, rows)),))
    warehouse.write(batch, file_name=f"{table}.test", file_sha256="0")


def _session(day: int, user: str, session: int, **values: Any) -> dict[str, Any]:
    return {
        "session_date": date(2024, 1, day), "property": "p", "user_pseudo_id": user, "session_id": session,
        "started_at": datetime(2024, 1, day, 12, tzinfo=UTC), "is_new_user": False, "engaged": False,
        "channel": "Organic Search", **values,
    }  # fmt: skip


@pytest.fixture
def sessions() -> MetricEngine:
    """Three sessions: user a on 1 and 2 January, user b on 2 January."""
    warehouse = Warehouse(None)
    _load(
        warehouse,
        "web_sessions",
        [
            _session(1, "a", 1, is_new_user=True, engaged=True, engagement_time=30.0, pageviews=2),
            _session(2, "a", 2, engagement_time=10.0, pageviews=1),
            _session(
                2, "b", 3, is_new_user=True, engaged=True, engagement_time=50.0, pageviews=3, channel="Email"
            ),
        ],
    )
    return MetricEngine(warehouse)


def test_users_over_a_month_are_distinct_not_the_sum_of_days(sessions: MetricEngine) -> None:
    daily = sessions.query(MetricRequest("users", JAN, Grain.DAY))
    assert [row.value for row in daily.rows[:2]] == [1, 2]
    assert sum(row.value or 0 for row in daily.rows) == 3
    assert sessions.value("users", JAN) == 2
    assert "COUNT(DISTINCT" in sessions.query(MetricRequest("users", JAN)).queries[0].sql


def test_a_ratio_over_a_period_comes_from_its_totals(sessions: MetricEngine) -> None:
    # engagement rate: 2 engaged of 3 sessions; the daily rates (1/1 and 1/2) average 75%
    assert sessions.value("engagement_rate", JAN) == Decimal(2) / 3
    # time on site per user: 90 seconds of engagement over 2 distinct users
    result = sessions.query(MetricRequest("avg_engagement_time_per_user", JAN))
    assert (result.rows[0].numerator, result.rows[0].denominator, result.value) == (90, 2, 45)


def test_breakdown_and_filter_by_channel(sessions: MetricEngine) -> None:
    by_channel = sessions.query(MetricRequest("sessions", JAN, by=("channel",)))
    assert {row.dims: row.value for row in by_channel.rows} == {("Email",): 1, ("Organic Search",): 2}
    assert sessions.value("users", JAN, where=(("channel", "Organic Search"),)) == 1


def test_days_without_data_inside_the_coverage_are_zero_and_outside_unknown(sessions: MetricEngine) -> None:
    days = sessions.query(
        MetricRequest("sessions", Period.of(date(2023, 12, 31), date(2024, 1, 4)), Grain.DAY)
    )
    assert [row.value for row in days.rows] == [None, 1, 2, None]
    assert days.notes  # says the data only runs from 1 to 2 January


def _daily(day: date, grain: str = "", **values: Any) -> dict[str, Any]:
    return {"date": day, "source_system": "ga4", "property": "p", "grain": grain, **values}


@pytest.fixture
def reports() -> MetricEngine:
    """A GA4 daily report in two shapes (totals and by channel) and one report for all of January."""
    warehouse = Warehouse(None)
    rows = []
    for day in range(1, 32):
        rows.append(_daily(date(2024, 1, day), users=10, sessions=12, engaged_sessions=6))
        rows.append(
            _daily(date(2024, 1, day), "channel", channel="Email", users=4, sessions=5, engaged_sessions=1)
        )
        rows.append(
            _daily(date(2024, 1, day), "channel", channel="Direct", users=7, sessions=7, engaged_sessions=5)
        )
    _load(warehouse, "web_daily", rows)
    return MetricEngine(warehouse)


def test_daily_distinct_counts_are_never_summed(reports: MetricEngine) -> None:
    month = reports.query(MetricRequest("users", JAN))
    assert month.value is None
    assert any(note.key == "engine.not_exact" for note in month.notes)
    assert reports.value("users", Period.of(date(2024, 1, 5), date(2024, 1, 6))) == 10


def test_one_report_shape_at_a_time(reports: MetricEngine) -> None:
    assert reports.value("sessions", JAN) == 12 * 31  # the totals rows, not totals plus channels
    by_channel = reports.query(MetricRequest("sessions", JAN, by=("channel",)))
    assert {row.dims[0]: row.value for row in by_channel.rows} == {"Email": 5 * 31, "Direct": 7 * 31}
    assert reports.value("engagement_rate", JAN, where=(("channel", "Email"),)) == Decimal(1) / 5


def test_a_report_for_exactly_the_range_gives_distinct_users(reports: MetricEngine) -> None:
    _load(
        reports.warehouse,
        "web_ranges",
        [{"start_date": date(2024, 1, 1), "end_date": date(2024, 2, 1), "source_system": "ga4", "property": "p",
          "grain": "", "users": 120}],
    )  # fmt: skip
    reports._coverage.clear()
    assert reports.value("users", JAN) == 120
    assert reports.value("users", Period.of(date(2024, 1, 1), date(2024, 1, 15))) is None


def test_months_compare_with_the_year_before() -> None:
    warehouse = Warehouse(None)
    rows = [
        _daily(date(year, month, 1), sessions=100 * year - 202_300 + month)
        for year in (2023, 2024)
        for month in (1, 2)
    ]
    _load(warehouse, "web_daily", rows)
    result = MetricEngine(warehouse).query(
        MetricRequest(
            "sessions",
            Period.of(date(2024, 1, 1), date(2024, 3, 1)),
            Grain.MONTH,
            compare=Compare.PREVIOUS_YEAR,
        )
    )
    assert [(row.value, row.previous) for row in result.rows] == [(101, 1), (102, 2)]
    assert result.rows[0].change == 100


def _contact(number: int, channel: str, mql: date, won: date | None = None) -> dict[str, Any]:
    moment = lambda day: datetime(day.year, day.month, day.day, 10, tzinfo=UTC) if day else None  # noqa: E731
    return {"source_system": "crm", "contact_id": str(number), "created_at": moment(mql), "mql_at": moment(mql),
            "customer_at": moment(won) if won else None, "channel": channel}  # fmt: skip


def test_conversion_rates_are_cohorts_by_the_as_of_date() -> None:
    warehouse = Warehouse(None)
    _load(
        warehouse,
        "crm_contacts",
        [
            _contact(1, "Email", date(2024, 1, 5), date(2024, 1, 20)),
            _contact(2, "Email", date(2024, 1, 9), date(2024, 3, 2)),
            _contact(3, "Direct", date(2024, 1, 12)),
            _contact(4, "Direct", date(2024, 2, 1), date(2024, 2, 3)),
        ],
    )
    engine = MetricEngine(warehouse)
    january = engine.query(MetricRequest("mql_to_customer_rate", JAN))
    # of January's 3 MQLs, 2 were won (one of them in March): cohort, not period
    assert (january.rows[0].numerator, january.rows[0].denominator) == (2, 3)
    assert january.basis is not None
    assert january.basis.value == "cohort"
    as_of_february = engine.query(MetricRequest("mql_to_customer_rate", JAN, as_of=date(2024, 2, 29)))
    assert as_of_february.value == Decimal(1) / 3
    by_channel = engine.query(MetricRequest("mql_to_customer_rate", JAN, by=("channel",)))
    assert {row.dims[0]: row.value for row in by_channel.rows} == {"Email": 1, "Direct": 0}


def test_money_stays_exact_and_derived_metrics_follow_their_formula() -> None:
    warehouse = Warehouse(None)
    _load(warehouse, "ads_daily", [
        {"date": date(2024, 1, day), "platform": "google_ads", "account": "", "campaign": "Brand", "ad_group": "",
         "impressions": 1000, "clicks": 10, "cost": Decimal("0.10") * day, "currency": "EUR"} for day in (1, 2)
    ])  # fmt: skip
    _load(
        warehouse,
        "metric_values",
        [{"date": date(2024, 1, 1), "metric": "marketing_cost", "segment": "", "value": Decimal("0.30")}],
    )
    _load(warehouse, "survey_answers", [
        {"answered_on": date(2024, 1, 3), "survey": "nps", "respondent_id": str(i), "score": score}
        for i, score in enumerate([10, 9, 9, 7, 3])
    ])  # fmt: skip
    engine = MetricEngine(warehouse)
    assert engine.value("ad_cost", JAN) == Decimal("0.3")
    assert engine.value("cpc", JAN) == Decimal("0.015")
    assert engine.value("ctr", JAN) == Decimal("0.01")
    assert engine.value("nps", JAN) == 40  # 3 promoters, 1 detractor of 5: (3 - 1) / 5 * 100
    assert engine.value("roi", JAN) is None  # no revenue data: unknown, not -100%


def test_unknown_metric_and_dimension() -> None:
    engine = MetricEngine(Warehouse(None))
    with pytest.raises(MetricError):
        engine.query(MetricRequest("visits_from_mars", JAN))
    result = engine.query(MetricRequest("ad_cost", JAN, by=("device",)))
    assert [note.key for note in result.notes] == ["engine.no_dimension"]


def test_moments_count_on_the_workspace_day_not_the_utc_day() -> None:
    warehouse = Warehouse(None, timezone="Europe/Amsterdam")
    late = {"source_system": "crm", "contact_id": "1", "mql_at": datetime(2023, 12, 31, 23, 30, tzinfo=UTC),
            "created_at": datetime(2023, 12, 31, 23, 30, tzinfo=UTC)}  # fmt: skip
    _load(warehouse, "crm_contacts", [late])
    engine = MetricEngine(warehouse)
    assert engine.value("mqls", JAN) == 1  # 00:30 on 1 January in Amsterdam
    assert engine.value("mqls", Period.year(2023)) is None  # outside the data: unknown
