"""What the team did and tested: the action log and the A/B tests ("test en meet") of a workspace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from koers.domain.kpi import Named


class Action(BaseModel):
    """One thing the team did to steer (rewrote the product texts, raised a campaign's budget)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date
    description: str = Field(min_length=1)
    kpi: str | None = None
    """The KPI it was meant to move, by id (``None`` for the workspace as a whole)."""
    by: str | None = None
    cause: str | None = None
    """The kind of cause it answers, as the diagnosis names it."""


class Variant(BaseModel):
    """One arm of an A/B test, with how many saw it and how many converted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    visitors: int = Field(ge=0)
    conversions: int = Field(ge=0)

    @model_validator(mode="after")
    def _not_more_than_visitors(self) -> Variant:
        if self.conversions > self.visitors:
            raise PydanticCustomError("conversions_above_visitors", "conversions cannot exceed visitors")
        return self


class Experiment(Named):
    """An A/B test tied to a KPI: the control first, then the variants."""

    kpi: str | None = None
    hypothesis: str | None = None
    start: date | None = None
    end: date | None = None
    variants: tuple[Variant, ...] = Field(min_length=2)
    minimum_effect: Decimal | None = Field(default=None, gt=0, lt=1)
    """The smallest relative uplift worth finding (0.1 is +10%), for the sample size still needed."""
    confidence: Decimal = Field(default=Decimal("0.95"), gt=0, lt=1)
