"""Diagnosis: the decomposition on plain numbers, on small warehouses worked out by hand, and on
the demo shop's off-track KPIs."""

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.demo import build_demo
from koers.domain.funnel import FunnelPlan
from koers.domain.kpi import Kpi
from koers.domain.period import Period
from koers.domain.workspace import Workspace
from koers.i18n import MESSAGES
from koers.metrics.engine import MetricEngine
from koers.monitor.diagnosis import (
    CAUSE_KINDS,
    DIMENSIONS,
    Comparison,
    DiagnosisState,
    FactorKind,
    PaceKind,
    SegmentGap,
    diagnose,
    funnel_factors,
    shift_share,
    spread_gap,
)
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse
from koers.store.workspace_file import load_workspace

F = Fraction
JAN_2024 = Period.month(2024, 1)


# --- the arithmetic on plain numbers ----------------------------------------------------------------


def test_a_total_gap_is_spread_by_each_segments_earlier_share() -> None:
    spread = spread_gap({"Email": F(10), "Direct": F(70)}, F(80), F(100), {"Email": F(30), "Direct": F(70)})
    by_name = {segment.segment: segment for segment in spread.segments}
    assert by_name["Email"].expected == 30
    assert by_name["Email"].contribution == -20
    assert by_name["Direct"].contribution == 0
    assert spread.gap == -20
    assert spread.unexplained == 0


def test_a_new_segment_was_expected_nothing_and_a_gone_one_brings_nothing() -> None:
    spread = spread_gap({"New": F(5), "Old": F(45)}, F(50), F(60), {"Old": F(20), "Gone": F(10)})
    by_name = {segment.segment: segment for segment in spread.segments}
    assert (by_name["New"].expected, by_name["New"].contribution) == (0, 5)
    assert (by_name["Gone"].actual, by_name["Gone"].expected) == (0, 20)
    assert by_name["Old"].expected == 40
    assert spread.unexplained == 0


def test_overlapping_segments_leave_an_unexplained_rest() -> None:
    # distinct visitors: 80 in all last year, though the channels held 100 between them
    spread = spread_gap({"A": F(40), "B": F(40)}, F(60), F(80), {"A": F(40), "B": F(60)}, F(80))
    assert [segment.expected for segment in spread.segments] == [40, 60]
    assert spread.gap == -20
    assert spread.unexplained == -20 - ((40 - 40) + (40 - 60))


def test_without_a_comparison_no_segment_has_an_expectation() -> None:
    spread = spread_gap({"A": F(3)}, F(3), F(10))
    assert spread.segments == (SegmentGap("A", F(3)),)
    assert spread.unexplained is None


def test_shift_share_of_a_pure_mix_shift() -> None:
    # both channels keep their rate (10% and 40%), but the weak one grew from half to three quarters
    before = {"A": (F(10), F(100)), "B": (F(40), F(100))}
    after = {"A": (F(15), F(150)), "B": (F(20), F(50))}
    result = shift_share(after, F(1, 5), before)
    assert (result.rate_before, result.rate) == (F(1, 4), F(7, 40))
    assert result.change == F(-3, 40)
    assert result.rate_effect == 0
    assert result.mix == F(-3, 40)
    by_name = {segment.segment: segment for segment in result.segments}
    # measured against the mean pooled rate (0.2125): A is below it and grew, B above it and shrank
    assert by_name["A"].mix == F(1, 4) * (F(1, 10) - F(17, 80))
    assert by_name["B"].mix == F(-1, 4) * (F(2, 5) - F(17, 80))
    # against the 20% target: A pulls the whole down by 7.5 points, B lifts it by 5
    assert (by_name["A"].contribution, by_name["B"].contribution) == (F(-3, 40), F(1, 20))
    assert result.gap == by_name["A"].contribution + by_name["B"].contribution


def test_shift_share_of_a_pure_rate_change() -> None:
    before = {"A": (F(10), F(100)), "B": (F(40), F(100))}
    after = {"A": (F(5), F(100)), "B": (F(40), F(100))}
    result = shift_share(after, F(1, 2), before)
    assert result.mix == 0
    assert result.rate_effect == result.change == F(-5, 200)
    assert {s.segment: s.rate_effect for s in result.segments} == {"A": F(-5, 200), "B": 0}


_pair = st.tuples(st.integers(0, 500), st.integers(0, 1000)).map(lambda p: (F(min(p)), F(max(p))))
_segments = st.dictionaries(st.sampled_from("ABCDEF"), _pair, min_size=1, max_size=6)


@given(before=_segments, after=_segments, target=st.fractions(0, 1))
def test_mix_and_rate_effects_add_up_exactly_to_the_change(
    before: dict[str, tuple[Fraction, Fraction]],
    after: dict[str, tuple[Fraction, Fraction]],
    target: Fraction,
) -> None:
    result = shift_share(after, target, before)
    if result.change is None:  # no denominator on one side: nothing to compare
        assert result.mix is None or sum(den for _, den in after.values()) == 0
        return
    assert result.mix is not None
    assert result.rate_effect is not None
    assert result.mix + result.rate_effect == result.change
    assert sum((s.change or F(0) for s in result.segments), F(0)) == result.change
    assert sum((s.contribution for s in result.segments), F(0)) == result.gap


def test_funnel_factors_put_the_whole_gap_on_the_step_that_lags() -> None:
    factors = funnel_factors(["lead", "mql", "customer"], [F(100), F(20), F(5)], [F(100), F(40), F(10)])
    assert [factor.kind for factor in factors] == [FactorKind.VOLUME, FactorKind.RATE, FactorKind.RATE]
    assert [factor.contribution for factor in factors] == [0, -5, 0]
    assert (factors[1].actual, factors[1].planned) == (F(1, 5), F(2, 5))


def test_funnel_factors_add_up_exactly_and_rank_the_worst_step() -> None:
    factors = funnel_factors(["lead", "mql", "customer"], [F(80), F(16), F(4)], [F(100), F(40), F(10)])
    parts = [factor.contribution for factor in factors]
    assert sum(part for part in parts if part is not None) == -6
    # ln(0.8) for the volume against ln(0.5) for lead -> mql: the step takes three quarters
    assert parts[0] is not None
    assert parts[1] is not None
    assert parts[1] < parts[0] < 0
    assert float(parts[1] / parts[0]) == pytest.approx(0.6931 / 0.2231, rel=1e-3)
    assert parts[2] == 0


def test_a_funnel_stage_with_nobody_takes_the_whole_gap() -> None:
    factors = funnel_factors(["lead", "mql", "customer"], [F(50), F(0), F(0)], [F(100), F(40), F(10)])
    assert [factor.contribution for factor in factors] == [0, -10, 0]
    assert factors[2].actual is None  # no MQLs: no ratio from MQL to customer


def test_funnel_factors_on_plan_explain_nothing() -> None:
    factors = funnel_factors(["lead", "mql"], [F(100), F(40)], [F(100), F(40)])
    assert [factor.contribution for factor in factors] == [0, 0]


# --- small warehouses ---------------------------------------------------------------------------


def _load(warehouse: Warehouse, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    batch = ImportBatch("test", (TablePart(table, rows=to_arrow(table, rows)),))
    warehouse.write(batch, file_name=f"{table}.test", file_sha256=str(len(rows)))


def _daily(day: date, grain: str = "", **values: Any) -> dict[str, Any]:
    return {"date": day, "source_system": "ga4", "property": "p", "grain": grain, **values}


def _days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(count)]


def _web(rows_by_day: Mapping[date, Mapping[str, Mapping[str, int]]]) -> Warehouse:
    """A GA4 daily report by channel, with its totals rows, from {day: {channel: {measure: n}}}."""
    warehouse = Warehouse(None)
    rows = []
    for day, channels in rows_by_day.items():
        totals: dict[str, int] = {}
        for channel, values in channels.items():
            rows.append(_daily(day, "channel", channel=channel, **values))
            for key, value in values.items():
                totals[key] = totals.get(key, 0) + value
        rows.append(_daily(day, **totals))
    _load(warehouse, "web_daily", rows)
    return warehouse


def _workspace(*kpis: Kpi, plans: Sequence[FunnelPlan] = ()) -> Workspace:
    return Workspace(id="test", name="Test", kpis=kpis, plans=tuple(plans))


@pytest.fixture
def sessions() -> MetricEngine:
    """January 2023: 3 Email and 7 Direct sessions a day; 1 to 10 January 2024: 1 and 7."""
    data: dict[date, dict[str, dict[str, int]]] = {}
    for day in _days(date(2023, 1, 1), 31):
        data[day] = {"Email": {"sessions": 3}, "Direct": {"sessions": 7}}
    for day in _days(date(2024, 1, 1), 10):
        data[day] = {"Email": {"sessions": 1}, "Direct": {"sessions": 7}}
    return MetricEngine(_web(data))


def test_a_running_total_is_held_against_a_linear_pace_and_the_lagging_channel_named(
    sessions: MetricEngine,
) -> None:
    kpi = Kpi(id="sessions", name="Sessions", metric="sessions", target=Decimal(310), period=JAN_2024)
    found = diagnose(kpi, sessions, date(2024, 1, 10), workspace=_workspace(kpi))
    assert found.state is DiagnosisState.BEHIND
    assert found.pace is PaceKind.LINEAR
    assert (found.actual, found.expected, found.gap) == (80, 100, -20)  # 310 x 10 / 31 = 100
    [channel] = [b for b in found.breakdowns if b.dimension == "channel"]
    assert channel.comparison is Comparison.PREVIOUS_YEAR
    assert channel.comparison_period == Period.month(2023, 1)
    assert [(s.segment, s.contribution) for s in channel.ranked if isinstance(s, SegmentGap)] == [
        ("Email", -20),
        ("Direct", 0),
    ]
    assert channel.spread is not None
    assert channel.spread.unexplained == 0
    assert [(c.kind, c.subject) for c in found.causes] == [("low_traffic", None), ("channel_lag", "Email")]
    assert found.causes[1].share == 1
    english = " ".join(line.render("en") for line in found.findings())
    assert "Email: 10, expected 30: 20 behind (100% of the shortfall)" in english
    assert "Email: 10, verwacht 30: 20 achter (100% van het tekort)" in " ".join(
        line.render("nl") for line in found.findings()
    )


def test_a_dimension_without_a_report_is_noted_not_guessed(sessions: MetricEngine) -> None:
    kpi = Kpi(id="sessions", name="Sessions", metric="sessions", target=Decimal(310), period=JAN_2024)
    found = diagnose(kpi, sessions, date(2024, 1, 10), workspace=_workspace(kpi))
    assert [breakdown.dimension for breakdown in found.breakdowns] == ["channel"]
    assert any(note.key == "diagnosis.no_breakdown" for note in found.notes)


def test_exactly_on_pace_is_on_course_with_nothing_to_name(sessions: MetricEngine) -> None:
    kpi = Kpi(id="sessions", name="Sessions", metric="sessions", target=Decimal(248), period=JAN_2024)
    found = diagnose(kpi, sessions, date(2024, 1, 10), workspace=_workspace(kpi))
    assert (found.actual, found.expected, found.shortfall) == (80, 80, 0)
    assert found.state is DiagnosisState.ON_COURSE
    assert found.causes == ()


def test_an_at_most_total_is_behind_when_above_its_pace(sessions: MetricEngine) -> None:
    kpi = Kpi(
        id="budget", name="Sessions cap", metric="sessions", target=Decimal(155), comparator="at_most",
        period=JAN_2024,
    )  # fmt: skip
    found = diagnose(kpi, sessions, date(2024, 1, 10), workspace=_workspace(kpi))
    assert (found.expected, found.shortfall, found.state) == (50, 30, DiagnosisState.BEHIND)
    [channel] = found.breakdowns
    # expected 15 Email and 35 Direct: Direct is 35 over, Email 5 under
    assert [s.segment for s in channel.ranked] == ["Direct", "Email"]
    assert channel.harm(F(35)) == 35


def test_a_mean_per_day_is_decomposed_per_day(sessions: MetricEngine) -> None:
    kpi = Kpi(
        id="daily", name="Sessions a day", metric="sessions", target=Decimal(10), aggregation="each_subperiod",
        subperiod="day", subperiod_rule="mean", period=Period.inclusive(date(2024, 1, 1), date(2024, 1, 10)),
    )  # fmt: skip
    found = diagnose(kpi, sessions, date(2024, 1, 10), workspace=_workspace(kpi))
    assert (found.actual, found.expected, found.pace) == (8, 10, PaceKind.TARGET)
    [channel] = found.breakdowns
    assert channel.per == 10
    segments = found.to_dict("en")["breakdowns"][0]["segments"]
    assert [(s["segment"], s["actual"], s["expected"], s["contribution"]) for s in segments] == [
        ("Email", 1, 3, -2), ("Direct", 7, 7, 0),
    ]  # fmt: skip


def test_a_period_not_started_and_a_metric_without_data(sessions: MetricEngine) -> None:
    later = Kpi(id="later", name="Later", metric="sessions", target=Decimal(1), period=Period.month(2024, 3))
    found = diagnose(later, sessions, date(2024, 1, 10), workspace=_workspace(later))
    assert (found.state, found.breakdowns, found.gap) == (DiagnosisState.NOT_STARTED, (), None)
    assert "1 March 2024" in found.headline().render("en")
    empty = Kpi(id="empty", name="Leads", metric="leads", target=Decimal(5), period=JAN_2024)
    assert (
        diagnose(empty, sessions, date(2024, 1, 10), workspace=_workspace(empty)).state
        is DiagnosisState.NO_DATA
    )


@pytest.fixture
def engagement() -> MetricEngine:
    """January 2023: Email 20 of 100 sessions engaged, Direct 60 of 100; January 2024: Email 60 of
    300, Direct 60 of 100. Same rates, but the weak channel grew."""
    return MetricEngine(
        _web(
            {
                date(2023, 1, 1): {
                    "Email": {"sessions": 100, "engaged_sessions": 20},
                    "Direct": {"sessions": 100, "engaged_sessions": 60},
                },
                date(2024, 1, 1): {
                    "Email": {"sessions": 300, "engaged_sessions": 60},
                    "Direct": {"sessions": 100, "engaged_sessions": 60},
                },
                date(2024, 1, 31): {"Email": {"sessions": 0, "engaged_sessions": 0}},
            }
        )
    )


def test_a_ratio_kpi_splits_its_change_into_mix_and_rate_effects(engagement: MetricEngine) -> None:
    kpi = Kpi(
        id="engagement", name="Engagement", metric="engagement_rate", target=Decimal("0.5"),
        aggregation="ratio", period=JAN_2024,
    )  # fmt: skip
    found = diagnose(kpi, engagement, date(2024, 2, 1), workspace=_workspace(kpi))
    assert (found.actual, found.expected, found.pace) == (F(3, 10), F(1, 2), PaceKind.TARGET)
    [channel] = found.breakdowns
    ratio = channel.ratio
    assert ratio is not None
    assert channel.comparison is Comparison.PREVIOUS_YEAR
    assert (ratio.rate_before, ratio.rate, ratio.change) == (F(2, 5), F(3, 10), F(-1, 10))
    assert ratio.mix is not None
    assert ratio.rate_effect is not None
    assert (ratio.mix, ratio.rate_effect) == (F(-1, 10), 0)
    assert ratio.mix + ratio.rate_effect == ratio.change
    # against the 50% target: Email (20% on three quarters of the sessions) pulls it down 22.5 points
    contributions = {s.segment: s.contribution for s in ratio.segments}
    assert contributions == {"Email": F(-9, 40), "Direct": F(1, 40)}
    assert sum(contributions.values()) == found.gap
    assert channel.pooled_differs(F(3, 10)) is None
    assert [(c.kind, c.subject) for c in found.causes] == [
        ("low_engagement", None), ("channel_lag", "Email"), ("mix_shift", None),
    ]  # fmt: skip
    text = " ".join(line.render("en") for line in found.findings())
    assert "mix effect −10 percentage points" in text


# --- the funnel --------------------------------------------------------------------------------


def _contact(number: int, **stages: datetime) -> dict[str, Any]:
    return {"source_system": "crm", "contact_id": f"c{number}", "channel": "Email" if number % 2 else "Direct",
            **stages}  # fmt: skip


@pytest.fixture
def funnel() -> MetricEngine:
    """January 2024: 100 leads, 20 of them MQLs, 5 of those customers."""
    moment = datetime(2024, 1, 10, 12, tzinfo=UTC)
    rows = []
    for number in range(100):
        stages = {"lead_at": moment}
        if number < 20:
            stages["mql_at"] = moment
        if number < 5:
            stages["customer_at"] = moment
        rows.append(_contact(number, **stages))
    warehouse = Warehouse(None)
    _load(warehouse, "crm_contacts", rows)
    return MetricEngine(warehouse)


PLAN = FunnelPlan.model_validate(
    {
        "id": "plan", "name": "Plan", "stages": ["lead", "mql", "customer"],
        "rates": [{"from": "lead", "to": "mql", "rate": "50%"}, {"from": "mql", "to": "customer", "rate": "20%"}],
        "target": {"customers": 10}, "period": {"start": "2024-01-01", "end": "2024-02-01"},
    }
)  # fmt: skip


def test_a_funnel_kpi_ranks_the_step_that_lags_its_plan(funnel: MetricEngine) -> None:
    kpi = Kpi(id="customers", name="Customers", metric="customers", target=Decimal(10), period=JAN_2024)
    found = diagnose(kpi, funnel, date(2024, 2, 1), workspace=_workspace(kpi, plans=[PLAN]))
    assert found.funnel is not None
    assert [(s.stage, s.actual, s.planned) for s in found.funnel.stages] == [
        ("lead", 100, 100), ("mql", 20, 50), ("customer", 5, 10),
    ]  # fmt: skip
    worst, *_ = found.funnel.ranked
    assert (worst.kind, worst.from_stage, worst.stage) == (FactorKind.RATE, "lead", "mql")
    assert (worst.actual, worst.planned, worst.plan_rate) == (F(1, 5), F(1, 2), F(1, 2))
    parts = [factor.contribution or F(0) for factor in found.funnel.factors]
    assert sum(parts) == -5  # 5 customers of the 10 planned
    assert parts[0] == 0  # the leads came in as planned
    assert parts[2] > 0  # MQL -> customer did better than planned
    assert [f.stage for f in found.funnel.lagging()] == ["mql"]
    assert ("funnel_nurture", "lead → mql") in [(c.kind, c.subject) for c in found.causes]
    assert "lead → mql: 20%, plan 50%" in " ".join(line.render("en") for line in found.findings())


def test_planned_stage_numbers_are_taken_pro_rata_by_the_as_of_date(funnel: MetricEngine) -> None:
    kpi = Kpi(id="leads", name="Leads", metric="leads", target=Decimal(100), period=JAN_2024)
    found = diagnose(kpi, funnel, date(2024, 1, 15), workspace=_workspace(kpi, plans=[PLAN]))
    assert found.funnel is not None
    assert [(s.stage, s.planned) for s in found.funnel.stages] == [("lead", F(100 * 15, 31))]
    assert found.funnel.factors[0].kind is FactorKind.VOLUME
    assert found.state is DiagnosisState.ON_COURSE  # 100 leads by the 15th, 48 expected


def test_a_rate_kpi_compares_the_cohort_rate_with_the_plans_rate(funnel: MetricEngine) -> None:
    kpi = Kpi(
        id="lead-mql", name="Lead to MQL", metric="lead_to_mql_rate", target=Decimal("0.5"),
        aggregation="ratio", period=JAN_2024,
    )  # fmt: skip
    found = diagnose(kpi, funnel, date(2024, 2, 1), workspace=_workspace(kpi, plans=[PLAN]))
    assert found.funnel is not None
    assert found.funnel.cohort
    [step] = found.funnel.factors
    assert (step.actual, step.planned, step.attainment) == (F(1, 5), F(1, 2), F(2, 5))
    assert "funnel_nurture" in [c.kind for c in found.causes]
    channel = next(b for b in found.breakdowns if b.dimension == "channel")  # contacts carry one
    assert {s.segment: s.rate for s in channel.ranked} == {"Email": F(1, 5), "Direct": F(1, 5)}
    assert channel.ratio is not None
    assert channel.ratio.gap == F(1, 5) - F(1, 2)


def test_every_message_the_diagnosis_builds_from_parts_exists() -> None:
    for kind in CAUSE_KINDS:
        assert f"diagnosis.cause.{kind}" in MESSAGES
    for comparison in Comparison:
        assert f"diagnosis.comparison.{comparison.value}" in MESSAGES
    for dimension in DIMENSIONS:
        assert f"diagnosis.dimension.{dimension}" in MESSAGES
    for pace in PaceKind:
        assert {f"diagnosis.headline.{pace.value}.behind", f"diagnosis.headline.{pace.value}.ahead"} <= set(
            MESSAGES
        )


# --- the demo ---------------------------------------------------------------------------------


DEMO_DAY = date(2026, 11, 22)
CHANNELS = {"Organic Search", "Paid Search", "Direct", "Email", "Organic Social", "Referral"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, MetricEngine]]:
    folder: Path = tmp_path_factory.mktemp("demo")
    build_demo(folder, DEMO_DAY)
    workspace = load_workspace(folder / "koers.yaml")
    with Warehouse.for_workspace(folder, read_only=True, timezone=workspace.timezone) as warehouse:
        yield workspace, MetricEngine(warehouse, workspace.catalog)


def test_the_demos_returning_visitors_lag_and_the_lagging_channel_is_named(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    found = diagnose(workspace.kpi("terugkerende-bezoekers"), engine, DEMO_DAY, workspace=workspace)
    assert found.state is DiagnosisState.BEHIND
    assert found.shortfall is not None
    assert found.shortfall > 200
    channel = next(b for b in found.breakdowns if b.dimension == "channel")
    # distinct visitors come in reports for whole quarters: the whole quarter last year it is
    assert channel.comparison is Comparison.PREVIOUS_YEAR_PERIOD
    assert channel.spread is not None
    assert channel.spread.unexplained != 0
    harms = [channel.harm(s.contribution) for s in channel.ranked if isinstance(s, SegmentGap)]
    assert harms == sorted(harms, key=lambda h: -(h or 0))
    named = [c.subject for c in found.causes if c.kind == "channel_lag"]
    assert named
    assert set(named) <= CHANNELS
    assert found.causes[0].kind == "low_returning"
    assert named[0] in " ".join(line.render("nl") for line in found.findings())


def test_the_demos_whitepaper_downloads_are_split_by_channel_without_the_content_filter(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    found = diagnose(workspace.kpi("whitepaper-downloads"), engine, DEMO_DAY, workspace=workspace)
    assert found.state is DiagnosisState.BEHIND
    channel = next(b for b in found.breakdowns if b.dimension == "channel")
    assert channel.comparison is Comparison.PREVIOUS_YEAR_UNFILTERED
    assert channel.spread is not None
    assert channel.spread.unexplained == 0
    assert channel.spread.gap == found.gap
    assert any(c.kind == "channel_lag" and c.subject in CHANNELS for c in found.causes)
    assert found.to_dict("en")["breakdowns"][0]["segments"][0]["behind"] > 0


def test_the_demos_time_on_site_is_on_course_and_its_ratio_decomposed(
    demo: tuple[Workspace, MetricEngine],
) -> None:
    workspace, engine = demo
    found = diagnose(workspace.kpi("time-on-site"), engine, DEMO_DAY, workspace=workspace)
    assert found.state is DiagnosisState.ON_COURSE
    assert found.causes == ()
    device = next(b for b in found.breakdowns if b.dimension == "device")
    assert device.ratio is not None
    assert device.ratio.change is not None
    assert device.ratio.mix is not None
    assert device.ratio.rate_effect is not None
    assert device.ratio.mix + device.ratio.rate_effect == device.ratio.change
