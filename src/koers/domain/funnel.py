"""Funnel planning: from the customers (or revenue) a goal needs to the leads that must come in.

Rates are exact fractions, so 100 customers at a win rate of 1/3 need 300 opportunities, not
301. Planning backwards rounds each stage up, which is how seed 004 gets 300, 715, 1,882 and
4,826 from 100 customers.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from koers.domain.catalog import FUNNEL_COUNT_METRICS, FUNNEL_STAGES, STANDARD_CATALOG
from koers.domain.journey import JourneyModel
from koers.domain.kpi import Aggregation, Comparator, Kpi, Named, slugify
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.errors import InputError, MessageError
from koers.i18n import Lang, msg


class RateError(InputError, ValueError):
    """A rate that cannot be read, or is not above 0% and at most 100%."""


def parse_rate(value: Any) -> Fraction:
    """A conversion rate from ``"39%"``, ``"39,5 %"``, ``"1/3"``, ``"0.39"`` or a number.

    Numbers above 1 are not read as percentages: write ``"39%"`` for 39 percent. The result is
    exact and lies in (0, 1].
    """
    if isinstance(value, bool):
        raise RateError(f"not a rate: {value!r}")
    if isinstance(value, Fraction):
        rate = value
    elif isinstance(value, int | Decimal):
        rate = Fraction(value)
    elif isinstance(value, float):
        rate = Fraction(Decimal(repr(value)))
    elif isinstance(value, str):
        rate = _parse_rate_text(value)
    else:
        raise RateError(f"not a rate: {value!r}")
    if not 0 < rate <= 1:
        raise RateError(f"{_show(value)} is not above 0% and at most 100%")
    return rate


def _parse_rate_text(text: str) -> Fraction:
    cleaned = text.strip().replace(" ", "").replace("\u202f", "")
    try:
        if cleaned.endswith("%"):
            return Fraction(Decimal(cleaned[:-1].replace(",", "."))) / 100
        if match := re.fullmatch(r"(\d+)/(\d+)", cleaned):
            numerator, denominator = int(match[1]), int(match[2])
            if denominator == 0:
                raise RateError(f"{text!r}: division by zero")
            return Fraction(numerator, denominator)
        return Fraction(Decimal(cleaned.replace(",", ".")))
    except (InvalidOperation, ValueError) as error:
        if isinstance(error, RateError):
            raise
        raise RateError(f"not a rate: {text!r} (write 39%, 1/3 or 0.39)") from None


def _show(value: Any) -> str:
    return f"{value!r}" if isinstance(value, str) else str(value)


def format_rate(rate: Fraction) -> str:
    """The shortest exact text for a rate: ``39%``, ``12.5%`` or ``1/3``."""
    percent = rate * 100
    shifted = percent
    for _ in range(6):
        if shifted.denominator == 1:
            return f"{Decimal(percent.numerator) / Decimal(percent.denominator):f}%"
        shifted *= 10
    return f"{rate.numerator}/{rate.denominator}"


def _validate_rate(value: Any) -> Fraction:
    try:
        return parse_rate(value)
    except RateError as error:
        raise PydanticCustomError("rate", "{reason}", {"reason": str(error)}) from None


Rate = Annotated[Fraction, BeforeValidator(_validate_rate), PlainSerializer(format_rate, return_type=str)]
"""A conversion rate in (0, 1], read from ``39%``, ``1/3`` or ``0.39`` and written back exactly."""


class RateSource(StrEnum):
    """Where a plan's rate comes from, so the plan can say so."""

    MANUAL = "manual"
    BENCHMARK = "benchmark"
    HISTORY = "history"


class StageRate(BaseModel):
    """The share of one stage that reaches the next."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_stage: str = Field(alias="from", min_length=1)
    to_stage: str = Field(alias="to", min_length=1)
    rate: Rate
    source: RateSource = RateSource.MANUAL
    note: str | None = None


class PlanTarget(BaseModel):
    """What the plan must deliver: customers, or revenue at an average deal value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    customers: int | None = Field(default=None, gt=0)
    revenue: Decimal | None = Field(default=None, gt=0)
    deal_value: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_kind(self) -> PlanTarget:
        by_revenue = self.revenue is not None or self.deal_value is not None
        if self.customers is not None and by_revenue:
            raise PydanticCustomError("target_both", "give customers, or revenue with deal_value, not both")
        if self.customers is None and not (self.revenue is not None and self.deal_value is not None):
            raise PydanticCustomError("target_missing", "give customers, or revenue with deal_value")
        return self


class Scenario(BaseModel):
    """A what-if: the plan with some rates changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    rates: tuple[StageRate, ...] = Field(min_length=1)


class FunnelPlan(Named):
    """A funnel plan as the workspace stores it; the planner functions compute its numbers."""

    goal: str | None = None
    stages: tuple[str, ...] = Field(default=FUNNEL_STAGES, min_length=2)
    rates: tuple[StageRate, ...]
    target: PlanTarget
    marketing_share: Rate = Fraction(1)
    period: Period | None = None
    seasonal_weights: tuple[Decimal, ...] | None = None
    cost_per_lead: Decimal | None = Field(default=None, gt=0)
    scenarios: tuple[Scenario, ...] = ()

    @model_validator(mode="after")
    def _rates_link_stages(self) -> FunnelPlan:
        if len(set(self.stages)) != len(self.stages):
            raise PydanticCustomError("stages_repeat", "stage names must be unique")
        wanted = list(zip(self.stages, self.stages[1:], strict=False))
        given = [(rate.from_stage, rate.to_stage) for rate in self.rates]
        if given != wanted:
            steps = ", ".join(f"{a}:{b}" for a, b in wanted)
            raise PydanticCustomError(
                "rates_mismatch",
                "rates must link each stage to the next, in order: {steps}",
                {"steps": steps},
            )
        for scenario in self.scenarios:
            for rate in scenario.rates:
                if (rate.from_stage, rate.to_stage) not in wanted:
                    raise PydanticCustomError(
                        "scenario_step",
                        "scenario {name}: no step {step}",
                        {"name": scenario.name, "step": f"{rate.from_stage}:{rate.to_stage}"},
                    )
        if self.seasonal_weights is not None and (
            any(weight < 0 for weight in self.seasonal_weights) or not any(self.seasonal_weights)
        ):
            raise PydanticCustomError("weights", "seasonal weights must be 0 or more, not all 0")
        return self


# --- the planner ------------------------------------------------------------------------------
#
# Everything below is exact: counts are ints, rates Fractions, money Decimal. A stage that must
# deliver ``n`` at a rate ``r`` needs ``ceil(n / r)`` entries, never a float that rounds 300.0000001
# up to 301.

ONE_POINT = Fraction(1, 100)
"""One percentage point: the improvement the sensitivity table tries on each rate."""

LEAD_STAGE = "lead"
"""The stage whose count a plan's ``cost_per_lead`` prices, when the funnel has it."""


class PlanError(MessageError, ValueError):
    """Input the funnel planner cannot compute from; ``message`` says why in both languages."""


class Phasing(StrEnum):
    """How a plan's totals are spread over its months."""

    EVEN = "even"
    SEASONAL = "seasonal"


@dataclass(frozen=True, slots=True)
class StageRequirement:
    """What one stage must deliver, and the share of it that moves on to the next stage."""

    name: str
    required: int
    rate_to_next: Fraction | None = None
    rate_source: RateSource | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "required": self.required,
            "rate_to_next": _rate_text(self.rate_to_next),
            "rate_source": self.rate_source.value if self.rate_source else None,
        }


@dataclass(frozen=True, slots=True)
class FunnelResult:
    """A funnel planned backwards: every stage's requirement, top of the funnel first."""

    stages: tuple[StageRequirement, ...]

    @property
    def top(self) -> StageRequirement:
        """The stage everything starts from: what must come in."""
        return self.stages[0]

    @property
    def customers(self) -> int:
        """What the last stage must deliver."""
        return self.stages[-1].required

    def required(self, stage: str) -> int:
        """The requirement of ``stage``; raises :class:`PlanError` for a stage not in the funnel."""
        for requirement in self.stages:
            if requirement.name == stage:
                return requirement.required
        raise PlanError(msg("funnel.unknown_stage", stage=stage, stages=[item.name for item in self.stages]))

    def to_dict(self) -> dict[str, Any]:
        return {"stages": [stage.to_dict() for stage in self.stages]}


@dataclass(frozen=True, slots=True)
class StageExpectation:
    """What one stage is expected to deliver when the funnel is run forwards."""

    name: str
    expected: int
    exact: Fraction
    rate_to_next: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "expected": self.expected,
            "exact": str(self.exact),
            "rate_to_next": _rate_text(self.rate_to_next),
        }


@dataclass(frozen=True, slots=True)
class FunnelForecast:
    """A funnel run forwards from the top: expected counts per stage, top first."""

    stages: tuple[StageExpectation, ...]

    @property
    def customers(self) -> int:
        """Whole customers expected at the bottom."""
        return self.stages[-1].expected

    def to_dict(self) -> dict[str, Any]:
        return {"stages": [stage.to_dict() for stage in self.stages]}


@dataclass(frozen=True, slots=True)
class MonthlyPhase:
    """One month of a phased plan: each stage's share of its total, in funnel order."""

    period: Period
    counts: tuple[tuple[str, int], ...]

    def required(self, stage: str) -> int:
        """This month's number for ``stage``."""
        for name, count in self.counts:
            if name == stage:
                return count
        raise PlanError(msg("funnel.unknown_stage", stage=stage, stages=[name for name, _ in self.counts]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "stages": dict(self.counts),
        }


@dataclass(frozen=True, slots=True)
class Budget:
    """What the plan's entries cost, and the cost per customer (CAC) that implies."""

    stage: str
    count: int
    cost_per_lead: Decimal
    total: Decimal
    customers: int
    cac: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "count": self.count,
            "cost_per_lead": str(self.cost_per_lead),
            "budget": str(self.total),
            "customers": self.customers,
            "cac": str(self.cac),
        }


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """A what-if planned in full, and how many more (or, below 0, fewer) leads it needs."""

    name: str
    changes: tuple[StageRate, ...]
    funnel: FunnelResult
    leads_needed: int
    leads_difference: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "changes": [
                {"from": rate.from_stage, "to": rate.to_stage, "rate": format_rate(rate.rate)}
                for rate in self.changes
            ],
            "stages": [stage.to_dict() for stage in self.funnel.stages],
            "leads_needed": self.leads_needed,
            "leads_difference": self.leads_difference,
        }


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    """One step's rate one point better: the leads needed then, and how many fewer that is."""

    from_stage: str
    to_stage: str
    rate: Fraction
    improved_rate: Fraction
    leads_needed: int
    reduction: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_stage,
            "to": self.to_stage,
            "rate": format_rate(self.rate),
            "improved_rate": format_rate(self.improved_rate),
            "leads_needed": self.leads_needed,
            "reduction": self.reduction,
        }


@dataclass(frozen=True, slots=True)
class PlanResult:
    """Everything a stored plan works out to: requirements, months, budget, what-ifs."""

    plan_id: str
    name: str
    goal: str | None
    target: PlanTarget
    customers_total: int
    marketing_share: Fraction
    funnel: FunnelResult
    period: Period | None = None
    phasing: Phasing | None = None
    months: tuple[MonthlyPhase, ...] = ()
    budget: Budget | None = None
    scenarios: tuple[ScenarioResult, ...] = ()
    sensitivity: tuple[SensitivityRow, ...] = ()

    @property
    def stages(self) -> tuple[StageRequirement, ...]:
        """The requirements, top of the funnel first."""
        return self.funnel.stages

    @property
    def customers(self) -> int:
        """The customers marketing must bring in: the plan's bottom stage."""
        return self.funnel.customers

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "name": self.name,
            "goal": self.goal,
            "target": {
                "customers": self.target.customers,
                "revenue": _money_text(self.target.revenue),
                "deal_value": _money_text(self.target.deal_value),
            },
            "customers_total": self.customers_total,
            "marketing_share": format_rate(self.marketing_share),
            "customers": self.customers,
            "stages": [stage.to_dict() for stage in self.stages],
            "period": (
                {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
                if self.period
                else None
            ),
            "phasing": self.phasing.value if self.phasing else None,
            "months": [month.to_dict() for month in self.months],
            "budget": self.budget.to_dict() if self.budget else None,
            "scenarios": [scenario.to_dict() for scenario in self.scenarios],
            "sensitivity": [row.to_dict() for row in self.sensitivity],
        }


def _rate_text(rate: Fraction | None) -> str | None:
    return format_rate(rate) if rate is not None else None


def _money_text(amount: Decimal | None) -> str | None:
    return str(amount) if amount is not None else None


# --- checks --------------------------------------------------------------------------------


def _step_text(from_stage: str, to_stage: str) -> str:
    return f"{from_stage}:{to_stage}"


def _check_stages(stages: Sequence[str]) -> tuple[str, ...]:
    names = tuple(stages)
    if len(names) < 2:
        raise PlanError(msg("funnel.too_few_stages", count=len(names)))
    for position, name in enumerate(names, start=1):
        if not isinstance(name, str) or not name.strip():
            raise PlanError(msg("funnel.stage_name", position=position))
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PlanError(msg("funnel.duplicate_stage", stage=name))
        seen.add(name)
    return names


def _linked_rates(
    stages: Sequence[str], rates: Sequence[StageRate]
) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
    """The stages checked, and the rate of each step, top first."""
    names = _check_stages(stages)
    wanted = list(itertools.pairwise(names))
    given = [(rate.from_stage, rate.to_stage) for rate in rates]
    if given != wanted:
        steps = ", ".join(_step_text(a, b) for a, b in wanted)
        raise PlanError(msg("funnel.rates_mismatch", steps=steps))
    for rate in rates:
        # StageRate validates on construction, but model_construct() and copies skip that.
        if not isinstance(rate.rate, Fraction) or not 0 < rate.rate <= 1:
            raise PlanError(
                msg(
                    "funnel.bad_rate",
                    step=_step_text(rate.from_stage, rate.to_stage),
                    rate=format_rate(rate.rate) if isinstance(rate.rate, Fraction) else str(rate.rate),
                )
            )
    return names, tuple(rate.rate for rate in rates)


def _check_customers(customers: int) -> int:
    if isinstance(customers, bool) or not isinstance(customers, int) or customers <= 0:
        raise PlanError(msg("funnel.customers_not_positive", count=str(customers)))
    return customers


def _check_share(share: Fraction) -> Fraction:
    if isinstance(share, bool) or not isinstance(share, Fraction | int) or not 0 < share <= 1:
        raise PlanError(msg("funnel.share_invalid", share=str(share)))
    return Fraction(share)


# --- planning --------------------------------------------------------------------------------


def link_rates(
    stages: Sequence[str], rates: Sequence[Any], source: RateSource = RateSource.MANUAL
) -> tuple[StageRate, ...]:
    """Stage rates linking each stage to the next, from one rate per step (``"39%"``, ``"1/3"``...).

    ``link_rates(["visitor", "lead", "customer"], ["2%", "10%"])`` gives visitor:lead at 2% and
    lead:customer at 10%.
    """
    names = _check_stages(stages)
    if len(rates) != len(names) - 1:
        steps = ", ".join(_step_text(a, b) for a, b in itertools.pairwise(names))
        raise PlanError(msg("funnel.rates_mismatch", steps=steps))
    return tuple(
        StageRate(from_stage=a, to_stage=b, rate=parse_rate(rate), source=source)
        for (a, b), rate in zip(itertools.pairwise(names), rates, strict=True)
    )


def plan_backwards(stages: Sequence[str], rates: Sequence[StageRate], customers: int) -> FunnelResult:
    """Plan from the customers needed up to the top of the funnel, rounding each stage up.

    A stage that must deliver ``n`` to the next at rate ``r`` needs ``ceil(n / r)``: the fewest
    whole entries that are enough. ``rates`` must link each stage to the next, in order. Seed
    004: 100 customers at 1/3, 42%, 38% and 39% need 300, 715, 1,882 and 4,826.
    """
    names, values = _linked_rates(stages, rates)
    required = [_check_customers(customers)]
    for rate in reversed(values):
        required.append(math.ceil(required[-1] / rate))
    required.reverse()
    return FunnelResult(
        tuple(
            StageRequirement(
                name=name,
                required=count,
                rate_to_next=rates[index].rate if index < len(rates) else None,
                rate_source=rates[index].source if index < len(rates) else None,
            )
            for index, (name, count) in enumerate(zip(names, required, strict=True))
        )
    )


def plan_forwards(stages: Sequence[str], rates: Sequence[StageRate], top_count: int) -> FunnelForecast:
    """Run the funnel forwards from ``top_count`` entries: the expected count at every stage.

    Each stage holds whole entries, so it rounds down what the stage above passes on;
    ``exact`` keeps the unrounded expectation (``top_count`` times the rates so far).
    """
    names, values = _linked_rates(stages, rates)
    if isinstance(top_count, bool) or not isinstance(top_count, int) or top_count < 0:
        raise PlanError(msg("funnel.top_count_negative", count=str(top_count)))
    expected = [top_count]
    exact = [Fraction(top_count)]
    for rate in values:
        expected.append(math.floor(expected[-1] * rate))
        exact.append(exact[-1] * rate)
    return FunnelForecast(
        tuple(
            StageExpectation(
                name=name,
                expected=expected[index],
                exact=exact[index],
                rate_to_next=values[index] if index < len(values) else None,
            )
            for index, name in enumerate(names)
        )
    )


def target_customers(target: PlanTarget) -> int:
    """The customers a target stands for: its customers, or ``ceil(revenue / deal_value)``."""
    if target.customers is not None:
        return _check_customers(target.customers)
    if target.revenue is None or target.deal_value is None or target.deal_value <= 0 or target.revenue <= 0:
        raise PlanError(msg("funnel.target_incomplete"))
    return math.ceil(Fraction(target.revenue) / Fraction(target.deal_value))


def customers_needed(target: PlanTarget, marketing_share: Fraction = Fraction(1)) -> int:
    """The customers marketing must bring in: ``ceil(customers * share)`` of the target's customers.

    Marketing is not answerable for every sale ("afbakenen"): with a share of 60%, a target of
    100 customers plans for 60.
    """
    return math.ceil(target_customers(target) * _check_share(marketing_share))


# --- phasing ---------------------------------------------------------------------------------


def apportion(total: int, weights: Sequence[Fraction | Decimal | int]) -> tuple[int, ...]:
    """Split ``total`` into whole parts in proportion to ``weights`` that add up to ``total``.

    Largest-remainder method: each part gets the whole part of its exact share, and what is
    left goes one by one to the largest remainders, the earliest first on a tie. A weight of 0
    gets 0.
    """
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise PlanError(msg("funnel.total_negative", total=str(total)))
    exact_weights = [_weight(weight) for weight in weights]
    weight_sum = sum(exact_weights, Fraction(0))
    if weight_sum <= 0:
        raise PlanError(msg("funnel.weights_invalid"))
    shares = [total * weight / weight_sum for weight in exact_weights]
    parts = [math.floor(share) for share in shares]
    left = total - sum(parts)
    by_remainder = sorted(range(len(shares)), key=lambda index: (-(shares[index] - parts[index]), index))
    for index in by_remainder[:left]:
        parts[index] += 1
    return tuple(parts)


def _weight(weight: Fraction | Decimal | int) -> Fraction:
    if isinstance(weight, Decimal) and not weight.is_finite():
        raise PlanError(msg("funnel.weights_invalid"))
    if isinstance(weight, bool) or not isinstance(weight, Fraction | Decimal | int) or weight < 0:
        raise PlanError(msg("funnel.weights_invalid"))
    return Fraction(weight)


def month_weights(period: Period, seasonal_weights: Sequence[Decimal] | None = None) -> tuple[Fraction, ...]:
    """Each month's weight in ``period``: the seasonal weights given, or an even spread.

    Evenly means the same for every whole month; a month the period only partly covers weighs
    the part of its days it covers, so a plan starting on 15 March gives March about half.
    """
    months = period.subperiods(Grain.MONTH)
    if seasonal_weights is not None:
        if len(seasonal_weights) != len(months):
            raise PlanError(msg("funnel.weights_count", given=len(seasonal_weights), months=len(months)))
        weights = tuple(_weight(weight) for weight in seasonal_weights)
        if not any(weights):
            raise PlanError(msg("funnel.weights_invalid"))
        return weights
    return tuple(Fraction(month.days, Period.containing(month.start, Grain.MONTH).days) for month in months)


def phase_by_month(
    funnel: FunnelResult, period: Period, seasonal_weights: Sequence[Decimal] | None = None
) -> tuple[MonthlyPhase, ...]:
    """Spread every stage's requirement over the months of ``period`` in whole numbers.

    Each stage's months add up exactly to its requirement (see :func:`apportion`).
    """
    months = period.subperiods(Grain.MONTH)
    weights = month_weights(period, seasonal_weights)
    per_stage = [apportion(stage.required, weights) for stage in funnel.stages]
    return tuple(
        MonthlyPhase(
            period=month,
            counts=tuple(
                (stage.name, parts[index]) for stage, parts in zip(funnel.stages, per_stage, strict=True)
            ),
        )
        for index, month in enumerate(months)
    )


# --- budget ----------------------------------------------------------------------------------


def plan_budget(funnel: FunnelResult, cost_per_lead: Decimal, stage: str | None = None) -> Budget:
    """The budget for the leads a plan needs, and the CAC (cost per customer) it implies.

    ``stage`` is the stage ``cost_per_lead`` prices: by default ``lead`` when the funnel has
    it, else the top of the funnel. The budget is exact; the CAC is rounded half up to cents.
    """
    if not isinstance(cost_per_lead, Decimal) or not cost_per_lead.is_finite() or cost_per_lead <= 0:
        raise PlanError(msg("funnel.cost_invalid", cost=str(cost_per_lead)))
    names = [requirement.name for requirement in funnel.stages]
    priced = stage if stage is not None else (LEAD_STAGE if LEAD_STAGE in names else names[0])
    count = funnel.required(priced)
    total = cost_per_lead * count
    return Budget(
        stage=priced,
        count=count,
        cost_per_lead=cost_per_lead,
        total=total,
        customers=funnel.customers,
        cac=_cents_half_up(Fraction(total) / funnel.customers),
    )


def _cents_half_up(amount: Fraction) -> Decimal:
    """``amount`` (not negative) to cents, half up (ROUND_HALF_UP).

    Done on the exact fraction: dividing Decimals first would round twice, to the context's
    28 digits and then to cents.
    """
    cents = math.floor(amount * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2)


# --- scenarios and sensitivity -----------------------------------------------------------------


def apply_scenario(rates: Sequence[StageRate], scenario: Scenario) -> tuple[StageRate, ...]:
    """The plan's rates with the scenario's overrides in their place."""
    overrides = {(rate.from_stage, rate.to_stage): rate for rate in scenario.rates}
    steps = {(rate.from_stage, rate.to_stage) for rate in rates}
    for step in overrides:
        if step not in steps:
            raise PlanError(msg("funnel.scenario_step", name=scenario.name, step=_step_text(*step)))
    return tuple(overrides.get((rate.from_stage, rate.to_stage), rate) for rate in rates)


def plan_scenario(
    stages: Sequence[str], rates: Sequence[StageRate], customers: int, scenario: Scenario
) -> ScenarioResult:
    """Plan ``scenario`` in full and compare the leads it needs with the base plan's."""
    base = plan_backwards(stages, rates, customers)
    funnel = plan_backwards(stages, apply_scenario(rates, scenario), customers)
    return ScenarioResult(
        name=scenario.name,
        changes=scenario.rates,
        funnel=funnel,
        leads_needed=funnel.top.required,
        leads_difference=funnel.top.required - base.top.required,
    )


def rank_sensitivity(
    stages: Sequence[str], rates: Sequence[StageRate], customers: int, improvement: Fraction = ONE_POINT
) -> tuple[SensitivityRow, ...]:
    """Which step's improvement cuts the leads needed most?

    Each step's rate is raised by ``improvement`` (one percentage point, at most to 100%) on its
    own; the rows come biggest reduction first, and on a tie the step nearer the top first.
    """
    base = plan_backwards(stages, rates, customers)
    rows: list[tuple[int, SensitivityRow]] = []
    for index, rate in enumerate(rates):
        improved = min(rate.rate + improvement, Fraction(1))
        changed = [*rates[:index], rate.model_copy(update={"rate": improved}), *rates[index + 1 :]]
        needed = plan_backwards(stages, changed, customers).top.required
        row = SensitivityRow(
            from_stage=rate.from_stage,
            to_stage=rate.to_stage,
            rate=rate.rate,
            improved_rate=improved,
            leads_needed=needed,
            reduction=base.top.required - needed,
        )
        rows.append((index, row))
    rows.sort(key=lambda item: (-item[1].reduction, item[0]))
    return tuple(row for _, row in rows)


# --- the stored plan ----------------------------------------------------------------------------


def compute_plan(plan: FunnelPlan) -> PlanResult:
    """Work out a stored plan: requirements, monthly phasing, budget, scenarios and sensitivity."""
    customers_total = target_customers(plan.target)
    customers = customers_needed(plan.target, plan.marketing_share)
    funnel = plan_backwards(plan.stages, plan.rates, customers)
    months: tuple[MonthlyPhase, ...] = ()
    phasing: Phasing | None = None
    if plan.period is not None:
        months = phase_by_month(funnel, plan.period, plan.seasonal_weights)
        phasing = Phasing.EVEN if plan.seasonal_weights is None else Phasing.SEASONAL
    return PlanResult(
        plan_id=plan.id,
        name=plan.name,
        goal=plan.goal,
        target=plan.target,
        customers_total=customers_total,
        marketing_share=plan.marketing_share,
        funnel=funnel,
        period=plan.period,
        phasing=phasing,
        months=months,
        budget=plan_budget(funnel, plan.cost_per_lead) if plan.cost_per_lead is not None else None,
        scenarios=tuple(
            plan_scenario(plan.stages, plan.rates, customers, scenario) for scenario in plan.scenarios
        ),
        sensitivity=rank_sensitivity(plan.stages, plan.rates, customers),
    )


def stage_metric(stage: str) -> str | None:
    """The catalog metric that counts ``stage``: ``lead`` is counted by ``leads``; else ``None``.

    A stage named after a funnel count metric (``leads``, ``customers``) is counted by it too.
    """
    if stage in FUNNEL_COUNT_METRICS:
        return FUNNEL_COUNT_METRICS[stage]
    if stage in FUNNEL_COUNT_METRICS.values():
        return stage
    return None


def _phase_of(stage: str, metric: str, phases: set[str], journey: JourneyModel | None) -> str | None:
    if stage in phases:
        return stage
    if journey is None:
        return None
    found = journey.phase_for_stage(STANDARD_CATALOG[metric].stage)
    return found.key if found is not None else None


def plan_to_kpis(
    plan: FunnelPlan,
    result: PlanResult,
    goal_id: str | None = None,
    *,
    journey: JourneyModel | None = None,
    lang: Lang | str = Lang.NL,
) -> tuple[list[Kpi], list[str]]:
    """One KPI per stage: its count over the plan's period must reach what the plan requires.

    Returns the KPIs, top of the funnel first, and the names of the stages left out because no
    metric counts them. A KPI's phase is its stage when ``journey`` has a phase of that key
    (the lead funnel has one for every stage), else the phase that stands for its metric's
    generic stage (leads and MQLs in Think, customers in Do in See-Think-Do-Care); otherwise it is
    left empty. ``goal_id`` (by
    default the plan's goal) is named in the KPIs' description; ``lang`` is the workspace's
    language, for names and descriptions.
    """
    goal = goal_id if goal_id is not None else plan.goal
    phases = set(journey.phase_keys) if journey is not None else set()
    kpis: list[Kpi] = []
    skipped: list[str] = []
    for stage in result.stages:
        metric = stage_metric(stage.name)
        if metric is None:
            skipped.append(stage.name)
            continue
        description = (
            msg("funnel.kpi_description", plan=plan.name, customers=result.customers)
            if goal is None
            else msg("funnel.kpi_description_goal", plan=plan.name, goal=goal, customers=result.customers)
        )
        name = msg("funnel.kpi_name", metric=STANDARD_CATALOG[metric].name, plan=plan.name)
        kpis.append(
            Kpi(
                id=f"{plan.id}-{slugify(metric)}",
                name=name.render(lang),
                metric=metric,
                target=Decimal(stage.required),
                unit=Unit.COUNT,
                comparator=Comparator.AT_LEAST,
                period=plan.period,
                aggregation=Aggregation.TOTAL,
                phase=_phase_of(stage.name, metric, phases, journey),
                description=description.render(lang),
            )
        )
    return kpis, skipped
