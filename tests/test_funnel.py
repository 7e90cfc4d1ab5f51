import json
import math
import subprocess
import sys
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.domain.catalog import FUNNEL_STAGES
from koers.domain.funnel import (
    FunnelPlan,
    Phasing,
    PlanError,
    PlanTarget,
    RateError,
    RateSource,
    Scenario,
    StageRate,
    apportion,
    compute_plan,
    customers_needed,
    link_rates,
    month_weights,
    phase_by_month,
    plan_backwards,
    plan_budget,
    plan_forwards,
    plan_scenario,
    plan_to_kpis,
    rank_sensitivity,
    target_customers,
)
from koers.domain.journey import LEAD_FUNNEL, SEE_THINK_DO_CARE
from koers.domain.kpi import Aggregation
from koers.domain.period import Grain, Period
from koers.i18n import Lang

SEED_RATES = link_rates(FUNNEL_STAGES, ["39%", "38%", "42%", "1/3"])


def _seed_plan(**changes: object) -> FunnelPlan:
    data: dict[str, object] = {
        "name": "Nieuwe klanten 2024",
        "rates": [rate.model_dump(by_alias=True) for rate in SEED_RATES],
        "target": {"customers": 100},
        **changes,
    }
    return FunnelPlan.model_validate(data)


# --- backwards ---------------------------------------------------------------------------------


def test_seed_004_numbers_come_out_exactly() -> None:
    result = plan_backwards(FUNNEL_STAGES, SEED_RATES, 100)

    assert [(stage.name, stage.required) for stage in result.stages] == [
        ("lead", 4826),
        ("mql", 1882),
        ("sql", 715),
        ("opportunity", 300),
        ("customer", 100),
    ]
    assert [stage.rate_to_next for stage in result.stages] == [
        Fraction(39, 100),
        Fraction(38, 100),
        Fraction(42, 100),
        Fraction(1, 3),
        None,
    ]
    assert result.top.required == 4826
    assert result.customers == 100
    assert result.required("sql") == 715


def test_one_in_three_gives_300_not_301() -> None:
    result = plan_backwards(
        ["opportunity", "customer"], link_rates(["opportunity", "customer"], ["1/3"]), 100
    )

    assert result.required("opportunity") == 300


def test_exact_rates_avoid_float_rounding_up_one_too_many() -> None:
    # Why the planner insists on Fractions: as floats, 21 / 0.35 is 60.00000000000001.
    assert math.ceil(21 / 0.35) == 61
    assert plan_backwards(["a", "b"], link_rates(["a", "b"], ["35%"]), 21).top.required == 60
    assert plan_backwards(["a", "b"], link_rates(["a", "b"], [0.35]), 21).top.required == 60


def test_each_stage_rounds_up() -> None:
    result = plan_backwards(["lead", "customer"], link_rates(["lead", "customer"], ["30%"]), 10)

    assert result.required("lead") == 34  # 10 / 0.3 = 33.3...


def test_stages_carry_the_rate_source() -> None:
    rates = link_rates(["lead", "customer"], ["10%"], source=RateSource.BENCHMARK)

    result = plan_backwards(["lead", "customer"], rates, 5)

    assert result.stages[0].rate_source is RateSource.BENCHMARK
    assert result.stages[0].to_dict() == {
        "name": "lead",
        "required": 50,
        "rate_to_next": "10%",
        "rate_source": "benchmark",
    }


def test_custom_stages_work() -> None:
    stages = ["visitors", "leads", "customers"]

    result = plan_backwards(stages, link_rates(stages, ["2%", "10%"]), 50)

    assert [(stage.name, stage.required) for stage in result.stages] == [
        ("visitors", 25000),
        ("leads", 500),
        ("customers", 50),
    ]


def test_a_longer_custom_funnel_works() -> None:
    stages = [f"s{index}" for index in range(7)]

    result = plan_backwards(stages, link_rates(stages, ["50%"] * 6), 1)

    assert [stage.required for stage in result.stages] == [64, 32, 16, 8, 4, 2, 1]


# --- forwards ----------------------------------------------------------------------------------


def test_forwards_from_the_seed_leads_reaches_the_seed_customers() -> None:
    forecast = plan_forwards(FUNNEL_STAGES, SEED_RATES, 4826)

    assert [stage.expected for stage in forecast.stages] == [4826, 1882, 715, 300, 100]
    assert forecast.customers == 100
    assert forecast.stages[1].exact == Fraction(4826 * 39, 100)
    assert forecast.stages[-1].exact == 4826 * Fraction(39, 100) * Fraction(38, 100) * Fraction(42, 100) / 3


def test_forwards_rounds_down_each_stage() -> None:
    forecast = plan_forwards(
        ["lead", "mql", "customer"], link_rates(["lead", "mql", "customer"], ["50%"] * 2), 5
    )

    assert [stage.expected for stage in forecast.stages] == [5, 2, 1]
    assert [stage.exact for stage in forecast.stages] == [5, Fraction(5, 2), Fraction(5, 4)]
    assert forecast.to_dict()["stages"][1] == {
        "name": "mql",
        "expected": 2,
        "exact": "5/2",
        "rate_to_next": "50%",
    }


def test_forwards_refuses_a_negative_top() -> None:
    with pytest.raises(PlanError, match="0 or more"):
        plan_forwards(FUNNEL_STAGES, SEED_RATES, -1)


# --- targets -----------------------------------------------------------------------------------


def test_revenue_target_gives_customers_rounded_up() -> None:
    target = PlanTarget(revenue=Decimal("250001"), deal_value=Decimal("2500"))

    assert target_customers(target) == 101
    assert customers_needed(target) == 101
    assert target_customers(PlanTarget(revenue=Decimal("250000"), deal_value=Decimal("2500"))) == 100


def test_marketing_share_plans_only_marketings_part() -> None:
    target = PlanTarget(customers=100)

    assert customers_needed(target, Fraction(60, 100)) == 60
    assert customers_needed(target, Fraction(1, 3)) == 34
    assert customers_needed(PlanTarget(customers=7), Fraction(1, 2)) == 4


def test_marketing_share_outside_0_and_1_is_refused() -> None:
    with pytest.raises(PlanError, match="share"):
        customers_needed(PlanTarget(customers=100), Fraction(0))
    with pytest.raises(PlanError, match="share"):
        customers_needed(PlanTarget(customers=100), Fraction(3, 2))


def test_compute_plan_from_revenue_and_share() -> None:
    plan = _seed_plan(
        target={"revenue": "500000", "deal_value": "2500"},
        marketing_share="50%",
    )

    result = compute_plan(plan)

    assert result.customers_total == 200
    assert result.customers == 100
    assert [stage.required for stage in result.stages] == [4826, 1882, 715, 300, 100]


# --- phasing -----------------------------------------------------------------------------------


def test_even_phasing_over_a_year_sums_exactly() -> None:
    result = plan_backwards(FUNNEL_STAGES, SEED_RATES, 100)

    months = phase_by_month(result, Period.year(2024))

    assert len(months) == 12
    for stage in result.stages:
        assert sum(month.required(stage.name) for month in months) == stage.required
    # 4826 = 12 x 402 + 2: the two leftover leads go to the earliest months.
    assert [month.required("lead") for month in months] == [403, 403] + [402] * 10
    assert [month.required("customer") for month in months] == [9, 9, 9, 9] + [8] * 8


def test_even_phasing_weighs_a_partial_month_by_its_days() -> None:
    period = Period.of(date(2024, 3, 16), date(2024, 5, 1))

    weights = month_weights(period)

    assert weights == (Fraction(16, 31), Fraction(1))
    assert apportion(47, weights) == (16, 31)


def test_seasonal_phasing_follows_the_weights() -> None:
    result = plan_backwards(["lead", "customer"], link_rates(["lead", "customer"], ["10%"]), 10)
    weights = [Decimal(1), Decimal(2), Decimal(0), Decimal(1)]

    months = phase_by_month(result, Period.of(date(2024, 1, 1), date(2024, 5, 1)), weights)

    assert [month.required("lead") for month in months] == [25, 50, 0, 25]
    assert [month.required("customer") for month in months] == [3, 5, 0, 2]
    assert months[0].to_dict() == {
        "start": "2024-01-01",
        "end": "2024-02-01",
        "stages": {"lead": 25, "customer": 3},
    }


def test_largest_remainder_ties_go_to_the_earliest_month() -> None:
    assert apportion(2, [1, 1, 1]) == (1, 1, 0)
    assert apportion(1, [1, 1, 1]) == (1, 0, 0)
    assert apportion(10, [Decimal("0.15"), Decimal("0.85")]) == (2, 8)  # 1.5 and 8.5: first wins


def test_largest_remainder_gives_the_leftover_to_the_largest_remainder() -> None:
    assert apportion(10, [1, 1, 3]) == (2, 2, 6)  # 2, 2, 6 exact
    assert apportion(7, [1, 2, 4]) == (1, 2, 4)
    assert apportion(8, [1, 2, 4]) == (1, 2, 5)  # 1.14, 2.29, 4.57: .57 is largest


def test_compute_plan_phases_evenly_or_by_season() -> None:
    even = compute_plan(_seed_plan(period={"start": "2024-01-01", "end": "2024-04-01"}))
    seasonal = compute_plan(
        _seed_plan(period={"start": "2024-01-01", "end": "2024-04-01"}, seasonal_weights=["1", "1", "2"])
    )
    unphased = compute_plan(_seed_plan())

    assert even.phasing is Phasing.EVEN
    assert [month.required("lead") for month in even.months] == [1609, 1609, 1608]
    assert seasonal.phasing is Phasing.SEASONAL
    assert [month.required("lead") for month in seasonal.months] == [1207, 1206, 2413]
    assert unphased.phasing is None
    assert unphased.months == ()


def test_weights_that_do_not_match_the_months_are_refused() -> None:
    plan = _seed_plan(period={"start": "2024-01-01", "end": "2024-04-01"}, seasonal_weights=["1", "2"])

    with pytest.raises(PlanError, match="2 seasonal weights, but the period has 3 months"):
        compute_plan(plan)


def test_bad_weights_are_refused() -> None:
    with pytest.raises(PlanError, match="not all 0"):
        apportion(10, [0, 0])
    with pytest.raises(PlanError, match="0 or more"):
        apportion(10, [Decimal(-1), Decimal(2)])
    with pytest.raises(PlanError, match="0 or more"):
        apportion(-1, [1])


# --- budget ------------------------------------------------------------------------------------


def test_budget_is_leads_times_cost_per_lead_and_implies_the_cac() -> None:
    result = plan_backwards(FUNNEL_STAGES, SEED_RATES, 100)

    budget = plan_budget(result, Decimal("12.50"))

    assert budget.stage == "lead"
    assert budget.count == 4826
    assert budget.total == Decimal("60325.00")
    assert budget.cac == Decimal("603.25")
    assert budget.to_dict() == {
        "stage": "lead",
        "count": 4826,
        "cost_per_lead": "12.50",
        "budget": "60325.00",
        "customers": 100,
        "cac": "603.25",
    }


def test_cac_rounds_half_up_to_cents() -> None:
    stages = ["lead", "customer"]
    # 3 leads at 0.25 for 2 customers: 0.75 / 2 = 0.375, which rounds up to 0.38.
    result = plan_backwards(stages, link_rates(stages, ["2/3"]), 2)

    budget = plan_budget(result, Decimal("0.25"))

    assert budget.count == 3
    assert budget.cac == Decimal("0.38")
    # 10 leads at 1.00 for 3 customers: 3.333... rounds down to 3.33.
    third = plan_budget(plan_backwards(stages, link_rates(stages, ["30%"]), 3), Decimal("1.00"))
    assert (third.count, str(third.cac)) == (10, "3.33")


def test_budget_prices_the_top_stage_when_there_is_no_lead_stage() -> None:
    stages = ["visitors", "leads", "customers"]
    result = plan_backwards(stages, link_rates(stages, ["2%", "10%"]), 50)

    assert plan_budget(result, Decimal("0.10")).stage == "visitors"
    assert plan_budget(result, Decimal("20"), stage="leads").total == Decimal("10000")


def test_a_cost_per_lead_of_zero_is_refused() -> None:
    with pytest.raises(PlanError, match="cost per lead"):
        plan_budget(plan_backwards(FUNNEL_STAGES, SEED_RATES, 100), Decimal(0))


def test_compute_plan_has_a_budget_only_with_a_cost_per_lead() -> None:
    assert compute_plan(_seed_plan()).budget is None
    budget = compute_plan(_seed_plan(cost_per_lead="25")).budget
    assert budget is not None
    assert (budget.total, budget.cac) == (Decimal("120650"), Decimal("1206.50"))


# --- scenarios and sensitivity -----------------------------------------------------------------


def test_a_better_mql_to_sql_rate_lowers_the_leads_needed() -> None:
    scenario = Scenario(
        name="Betere kwalificatie", rates=(StageRate(from_stage="mql", to_stage="sql", rate="45%"),)
    )

    result = plan_scenario(FUNNEL_STAGES, SEED_RATES, 100, scenario)

    # 715 / 0.45 = 1588.9 -> 1589 MQLs; 1589 / 0.39 = 4074.4 -> 4075 leads.
    assert result.funnel.required("mql") == 1589
    assert result.leads_needed == 4075
    assert result.leads_difference == 4075 - 4826
    assert result.funnel.required("sql") == 715


def test_compute_plan_runs_the_stored_scenarios() -> None:
    plan = _seed_plan(scenarios=[{"name": "45%", "rates": [{"from": "mql", "to": "sql", "rate": "45%"}]}])

    result = compute_plan(plan)

    assert [(scenario.name, scenario.leads_difference) for scenario in result.scenarios] == [("45%", -751)]
    assert result.to_dict()["scenarios"][0]["changes"] == [{"from": "mql", "to": "sql", "rate": "45%"}]


def test_a_scenario_for_a_step_the_funnel_lacks_is_refused() -> None:
    scenario = Scenario(name="x", rates=(StageRate(from_stage="lead", to_stage="sql", rate="50%"),))

    with pytest.raises(PlanError, match="no step lead:sql"):
        plan_scenario(FUNNEL_STAGES, SEED_RATES, 100, scenario)


def test_sensitivity_ranks_the_improvement_that_cuts_leads_most_first() -> None:
    rows = rank_sensitivity(FUNNEL_STAGES, SEED_RATES, 100)

    assert [(row.from_stage, row.to_stage, row.leads_needed, row.reduction) for row in rows] == [
        ("opportunity", "customer", 4698, 128),
        ("mql", "sql", 4703, 123),
        ("lead", "mql", 4705, 121),
        ("sql", "opportunity", 4711, 115),
    ]
    assert rows[1].improved_rate == Fraction(39, 100)
    assert rows[0].improved_rate == Fraction(1, 3) + Fraction(1, 100)


def test_sensitivity_caps_at_100_percent_and_breaks_ties_top_first() -> None:
    stages = ["a", "b", "c"]

    rows = rank_sensitivity(stages, link_rates(stages, ["100%", "100%"]), 10)

    assert [(row.from_stage, row.improved_rate, row.reduction) for row in rows] == [
        ("a", Fraction(1), 0),
        ("b", Fraction(1), 0),
    ]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("customers", [0, -5])
def test_customers_must_be_above_zero(customers: int) -> None:
    with pytest.raises(PlanError, match="above 0"):
        plan_backwards(FUNNEL_STAGES, SEED_RATES, customers)


@pytest.mark.parametrize("rate", ["0%", "0", "101%", "1.5", "-10%"])
def test_rates_outside_0_and_100_percent_are_refused(rate: str) -> None:
    with pytest.raises(RateError, match="above 0% and at most 100%"):
        link_rates(["lead", "customer"], [rate])


def test_a_rate_that_skipped_validation_is_still_refused() -> None:
    rate = StageRate.model_construct(from_stage="lead", to_stage="customer", rate=Fraction(0))

    with pytest.raises(PlanError, match="lead:customer is 0%"):
        plan_backwards(["lead", "customer"], [rate], 10)


def test_rates_that_do_not_link_the_stages_in_order_are_refused() -> None:
    swapped = [SEED_RATES[1], SEED_RATES[0], *SEED_RATES[2:]]

    with pytest.raises(PlanError, match="lead:mql, mql:sql, sql:opportunity, opportunity:customer"):
        plan_backwards(FUNNEL_STAGES, swapped, 100)
    with pytest.raises(PlanError, match="in order"):
        plan_backwards(FUNNEL_STAGES, SEED_RATES[:-1], 100)


def test_a_funnel_needs_two_distinct_stages() -> None:
    with pytest.raises(PlanError, match="at least two stages"):
        plan_backwards(["customer"], [], 1)
    with pytest.raises(PlanError, match="appears twice"):
        plan_backwards(["lead", "lead"], link_rates(["lead", "x"], ["50%"]), 1)


def test_errors_speak_dutch_too() -> None:
    with pytest.raises(PlanError) as caught:
        plan_backwards(FUNNEL_STAGES, SEED_RATES, 0)

    assert (
        caught.value.message.render(Lang.NL) == "het aantal klanten moet een heel getal boven 0 zijn, niet 0"
    )


# --- the stored plan, as data and as KPIs ------------------------------------------------------


def test_plan_result_is_json_ready_with_stages_top_first() -> None:
    plan = _seed_plan(period={"start": "2024-01-01", "end": "2025-01-01"}, cost_per_lead="12.50")

    data = json.loads(json.dumps(compute_plan(plan).to_dict()))

    assert [(stage["name"], stage["required"]) for stage in data["stages"]] == [
        ("lead", 4826),
        ("mql", 1882),
        ("sql", 715),
        ("opportunity", 300),
        ("customer", 100),
    ]
    assert data["stages"][3]["rate_to_next"] == "1/3"
    assert data["budget"]["budget"] == "60325.00"
    assert data["marketing_share"] == "100%"
    assert len(data["months"]) == 12
    assert data["sensitivity"][0]["from"] == "opportunity"


def test_plan_to_kpis_gives_one_total_kpi_per_stage() -> None:
    plan = _seed_plan(period={"start": "2024-01-01", "end": "2025-01-01"}, goal="groei")
    result = compute_plan(plan)

    kpis, skipped = plan_to_kpis(plan, result, journey=LEAD_FUNNEL, lang=Lang.EN)

    assert skipped == []
    assert [(kpi.metric, kpi.target, kpi.phase) for kpi in kpis] == [
        ("leads", Decimal(4826), "lead"),
        ("mqls", Decimal(1882), "mql"),
        ("sqls", Decimal(715), "sql"),
        ("opportunities", Decimal(300), "opportunity"),
        ("customers", Decimal(100), "customer"),
    ]
    assert {kpi.aggregation for kpi in kpis} == {Aggregation.TOTAL}
    assert {kpi.period for kpi in kpis} == {Period.year(2024)}
    assert kpis[0].id == "nieuwe-klanten-2024-leads"
    assert kpis[0].name == "Leads per funnel plan Nieuwe klanten 2024"
    assert kpis[0].description is not None
    assert "goal groei" in kpis[0].description


def test_plan_to_kpis_places_stages_in_the_phase_of_their_metric_outside_the_lead_funnel() -> None:
    plan = _seed_plan()

    kpis, _ = plan_to_kpis(plan, compute_plan(plan), journey=SEE_THINK_DO_CARE)

    # leads and MQLs are considering (Think), SQLs to customers are converting (Do)
    assert [kpi.phase for kpi in kpis] == ["think", "think", "do", "do", "do"]
    assert kpis[-1].name == "Nieuwe klanten volgens funnelplan Nieuwe klanten 2024"


def test_plan_to_kpis_skips_stages_no_metric_counts() -> None:
    stages = ["visitors", "leads", "customers"]
    plan = FunnelPlan(
        id="web",
        name="Web",
        stages=tuple(stages),
        rates=link_rates(stages, ["2%", "10%"]),
        target=PlanTarget(customers=50),
    )

    kpis, skipped = plan_to_kpis(plan, compute_plan(plan))

    assert skipped == ["visitors"]
    assert [(kpi.metric, kpi.target) for kpi in kpis] == [("leads", Decimal(500)), ("customers", Decimal(50))]


def test_the_planner_imports_no_io_library() -> None:
    code = (
        "import sys, koers.domain.funnel; "
        "print(sorted(m for m in ('yaml', 'typer', 'rich', 'sqlite3', 'httpx') if m in sys.modules))"
    )

    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert loaded.stdout.strip() == "[]"


# --- properties --------------------------------------------------------------------------------

rates_strategy = st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000)


@given(
    rates=st.lists(rates_strategy, min_size=1, max_size=6),
    customers=st.integers(min_value=1, max_value=10_000),
)
def test_backwards_then_forwards_reaches_the_target(rates: list[Fraction], customers: int) -> None:
    stages = [f"stage{index}" for index in range(len(rates) + 1)]
    linked = link_rates(stages, rates)

    planned = plan_backwards(stages, linked, customers)
    forecast = plan_forwards(stages, linked, planned.top.required)

    assert forecast.customers >= customers
    for requirement, expectation in zip(planned.stages, forecast.stages, strict=True):
        assert expectation.expected >= requirement.required
    # Each stage is the fewest whole entries that are enough: one fewer would fall short.
    for stage, below, rate in zip(planned.stages, planned.stages[1:], rates, strict=False):
        assert (stage.required - 1) * rate < below.required <= stage.required * rate


@given(
    total=st.integers(min_value=0, max_value=1_000_000),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=24).filter(any),
)
def test_apportion_always_sums_to_the_total(total: int, weights: list[int]) -> None:
    parts = apportion(total, weights)

    assert sum(parts) == total
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights, strict=True):
        share = Fraction(total * weight, sum(weights))
        assert math.floor(share) <= part <= math.ceil(share)
        if weight == 0:
            assert part == 0


@given(
    total=st.integers(min_value=1, max_value=100_000),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=1, max_value=800),
)
def test_monthly_phasing_always_sums_to_each_stage(total: int, start: date, days: int) -> None:
    period = Period.of(start, date.fromordinal(start.toordinal() + days))
    planned = plan_backwards(["lead", "customer"], link_rates(["lead", "customer"], ["7%"]), total)

    months = phase_by_month(planned, period)

    assert len(months) == len(period.subperiods(Grain.MONTH))
    for stage in planned.stages:
        assert sum(month.required(stage.name) for month in months) == stage.required
