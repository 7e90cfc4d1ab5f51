"""Funnel planning: from the customers (or revenue) a goal needs to the leads that must come in.

Rates are exact fractions, so 100 customers at a win rate of 1/3 need 300 opportunities, not
301. Planning backwards rounds each stage up, which is how seed 004 gets 300, 715, 1,882 and
4,826 from 100 customers.
"""

from __future__ import annotations

import re
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

from koers.domain.catalog import FUNNEL_STAGES
from koers.domain.kpi import ID_PATTERN, slugify
from koers.domain.period import Period


class RateError(ValueError):
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


class FunnelPlan(BaseModel):
    """A funnel plan as the workspace stores it; the planner functions compute its numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    goal: str | None = None
    stages: tuple[str, ...] = Field(default=FUNNEL_STAGES, min_length=2)
    rates: tuple[StageRate, ...]
    target: PlanTarget
    marketing_share: Rate = Fraction(1)
    period: Period | None = None
    seasonal_weights: tuple[Decimal, ...] | None = None
    cost_per_lead: Decimal | None = Field(default=None, gt=0)
    scenarios: tuple[Scenario, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _id_from_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id") and isinstance(data.get("name"), str):
            return {**data, "id": slugify(data["name"])}
        return data

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
