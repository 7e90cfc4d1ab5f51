"""Goals and KPIs: where the team wants to go, and the numbers that say whether it got there."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from koers.domain.metric import Unit
from koers.domain.period import Grain, Period

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def slugify(text: str) -> str:
    """A readable id from a name: ``"Nieuwe bezoekers Q1"`` becomes ``nieuwe-bezoekers-q1``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "item"


class Named(BaseModel):
    """A model with a readable ``id`` and a ``name``; a missing id is made from the name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _id_from_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id") and isinstance(data.get("name"), str):
            return {**data, "id": slugify(data["name"])}
        return data


class Comparator(StrEnum):
    """How the actual value is held against the target."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    BETWEEN = "between"


class Aggregation(StrEnum):
    """How a KPI's period turns into the one value judged against the target.

    - ``total``: the metric over the whole period ("2,000 new visitors in Q1");
    - ``ratio``: a ratio or average over the period, from the period's totals, never a mean of
      daily ratios ("average time on site 1 minute");
    - ``last_subperiod``: the value of the last sub-period ("20,000 visitors a month by the end
      of the year": December counts);
    - ``each_subperiod``: every sub-period must meet the target, or their mean must
      (:class:`SubperiodRule`) ("40 newsletter leads per month");
    - ``cumulative``: the running total reached by the end date ("seen 1,500 times on 1 April").
    """

    TOTAL = "total"
    RATIO = "ratio"
    LAST_SUBPERIOD = "last_subperiod"
    EACH_SUBPERIOD = "each_subperiod"
    CUMULATIVE = "cumulative"

    @property
    def needs_subperiod(self) -> bool:
        return self in (Aggregation.LAST_SUBPERIOD, Aggregation.EACH_SUBPERIOD)


class SubperiodRule(StrEnum):
    """For ``each_subperiod``: must every sub-period meet the target, or their mean?"""

    EVERY = "every"
    MEAN = "mean"


DIMENSIONS: frozenset[str] = frozenset(
    {
        "channel",
        "source",
        "medium",
        "source_medium",
        "campaign",
        "landing_page",
        "page",
        "device",
        "country",
        "region",
        "city",
        "gender",
        "age",
        "audience",
        "content",
        "product",
        "form",
        "platform",
        "origin",
        "business_segment",
    }
)
"""Dimensions a KPI's segment may filter on."""


class Acceptance(BaseModel):
    """Who accepted a KPI, and when: the A of SMART."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: str = Field(min_length=1)
    on: date
    note: str | None = None


class Kpi(Named):
    """A key performance indicator: a metric, a target, a period and how the period counts."""

    metric: str = Field(min_length=1)
    target: Decimal
    target_upper: Decimal | None = None
    unit: Unit | None = None
    comparator: Comparator = Comparator.AT_LEAST
    period: Period | None = None
    aggregation: Aggregation = Aggregation.TOTAL
    subperiod: Grain | None = None
    subperiod_rule: SubperiodRule = SubperiodRule.EVERY
    segment: dict[str, str] = Field(default_factory=dict)
    phase: str | None = None
    owner: str | None = None
    source: str | None = None
    baseline: Decimal | None = None
    accepted: Acceptance | None = None
    description: str | None = None

    @field_validator("target_upper")
    @classmethod
    def _upper_above_target(cls, upper: Decimal | None, info: Any) -> Decimal | None:
        target = info.data.get("target")
        if upper is not None and isinstance(target, Decimal) and upper <= target:
            raise PydanticCustomError("target_upper_not_above", "must be above target")
        return upper

    @model_validator(mode="after")
    def _consistent(self) -> Kpi:
        if self.comparator is Comparator.BETWEEN and self.target_upper is None:
            raise PydanticCustomError("between_needs_upper", "between needs target_upper")
        if self.comparator is not Comparator.BETWEEN and self.target_upper is not None:
            raise PydanticCustomError(
                "upper_without_between", "target_upper is only for the comparator between"
            )
        if self.aggregation.needs_subperiod and self.subperiod is None:
            raise PydanticCustomError(
                "subperiod_missing",
                "aggregation {aggregation} needs a subperiod (month, week...)",
                {"aggregation": self.aggregation.value},
            )
        return self

    def meets(self, value: Decimal) -> bool:
        """Whether ``value`` meets the target (bounds included)."""
        match self.comparator:
            case Comparator.AT_LEAST:
                return value >= self.target
            case Comparator.AT_MOST:
                return value <= self.target
            case Comparator.BETWEEN:
                assert self.target_upper is not None
                return self.target <= value <= self.target_upper

    def attainment(self, value: Decimal) -> Decimal | None:
        """How far ``value`` got toward the target as a fraction (19,400 of 20,000 is 0.97).

        For "at most" targets it is target / value, so spending less than allowed scores above
        1; for "between" it is 1 inside the band and the nearer bound's ratio outside it.
        ``None`` where the ratio is undefined (a zero target or value).
        """
        match self.comparator:
            case Comparator.AT_LEAST:
                return value / self.target if self.target else None
            case Comparator.AT_MOST:
                return self.target / value if value else None
            case Comparator.BETWEEN:
                assert self.target_upper is not None
                if self.meets(value):
                    return Decimal(1)
                if value < self.target:
                    return value / self.target if self.target else None
                return self.target_upper / value if value else None


class Goal(Named):
    """Where the team wants to go ("doelstelling"); its KPIs measure whether it got there."""

    description: str | None = None
    owner: str | None = None
    kpis: tuple[Kpi, ...] = ()
