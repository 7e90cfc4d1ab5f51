"""Metrics as declared data: what a number means, before anything computes it.

A :class:`MetricDef` says what a metric is (names, definition, unit, direction), how it may be
combined (:class:`Additivity`) and, for ratios and derived metrics, which metrics it is made
of. The standard catalog is in :mod:`koers.domain.catalog`; a workspace adds its own metrics
in the same form. :func:`check_catalog` validates a catalog and returns its issues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from koers.i18n import Localized, Msg, msg

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"


class Unit(StrEnum):
    """How a value reads. Percentages are stored as fractions (0.4 is 40%)."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    SECONDS = "seconds"
    SCORE = "score"
    MULTIPLE = "multiple"


class Additivity(StrEnum):
    """Whether values of a metric may be added up.

    ``additive``: the value over a range is the sum of its parts (sessions, cost).
    ``non_additive``: it is not (distinct users, every ratio); over a range it is computed from
    raw data or fetched for exactly that range, never summed.
    """

    ADDITIVE = "additive"
    NON_ADDITIVE = "non_additive"


class MetricKind(StrEnum):
    """``base``: read from a source; ``ratio``: numerator / denominator; ``derived``: a formula."""

    BASE = "base"
    RATIO = "ratio"
    DERIVED = "derived"


class RateBasis(StrEnum):
    """For conversion rates: cohort (of the SQLs created in March, how many won) or period."""

    COHORT = "cohort"
    PERIOD = "period"


class SourceKind(StrEnum):
    """The kind of source a base metric is read from."""

    WEB = "web"
    ADS = "ads"
    CRM = "crm"
    EMAIL = "email"
    SALES = "sales"
    SURVEY = "survey"
    CUSTOM = "custom"


class Stage(StrEnum):
    """The generic journey stage a metric usually measures; journey phases map onto these."""

    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    CONVERSION = "conversion"
    RETENTION = "retention"


class MetricDef(BaseModel):
    """One metric, declared once."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=KEY_PATTERN)
    name_nl: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    definition_nl: str = ""
    definition_en: str = ""
    unit: Unit
    higher_is_better: bool = True
    additivity: Additivity
    kind: MetricKind = MetricKind.BASE
    numerator: str | None = None
    denominator: str | None = None
    expression: str | None = None
    basis: RateBasis | None = None
    source: SourceKind | None = None
    stage: Stage | None = None

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> MetricDef:
        if self.kind is MetricKind.RATIO and not (self.numerator and self.denominator):
            raise ValueError("a ratio metric needs a numerator and a denominator")
        if self.kind is MetricKind.DERIVED and not self.expression:
            raise ValueError("a derived metric needs an expression")
        if self.kind is not MetricKind.BASE and self.additivity is Additivity.ADDITIVE:
            raise ValueError("ratios and derived metrics are never additive")
        return self

    @property
    def name(self) -> Localized:
        return Localized(self.name_nl, self.name_en)

    @property
    def definition(self) -> Localized:
        return Localized(self.definition_nl, self.definition_en)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The metrics this one is computed from (empty for a base metric)."""
        if self.kind is MetricKind.RATIO:
            return (str(self.numerator), str(self.denominator))
        if self.kind is MetricKind.DERIVED and self.expression:
            return tuple(dict.fromkeys(re.findall(r"[a-z][a-z0-9_]*", self.expression)))
        return ()

    @property
    def is_additive(self) -> bool:
        return self.additivity is Additivity.ADDITIVE


class Catalog(Mapping[str, MetricDef]):
    """The metrics a workspace can use: the standard ones plus its own, by key."""

    def __init__(self, metrics: Iterable[MetricDef]) -> None:
        self._metrics: dict[str, MetricDef] = {}
        for metric in metrics:
            if metric.key in self._metrics:
                raise ValueError(f"metric {metric.key!r} is declared twice")
            self._metrics[metric.key] = metric

    def __getitem__(self, key: str) -> MetricDef:
        return self._metrics[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._metrics)

    def __len__(self) -> int:
        return len(self._metrics)

    def extended(self, metrics: Iterable[MetricDef]) -> Catalog:
        """This catalog plus ``metrics`` (a workspace's own); a key may not be reused."""
        return Catalog([*self._metrics.values(), *metrics])

    def base_inputs(self, key: str) -> frozenset[str]:
        """The base metrics that ``key`` is ultimately computed from (unknown parts are skipped)."""
        return frozenset(
            part
            for part in (key, *walk_inputs(key, self))
            if part in self and self[part].kind is MetricKind.BASE
        )


def walk_inputs(key: str, catalog: Mapping[str, MetricDef]) -> list[str]:
    """Every metric ``key`` is computed from, nearest first, each once (``key`` itself only if a
    cycle leads back to it). Unknown parts are listed but not followed; a cyclic custom catalog
    cannot make it loop."""
    found: list[str] = []
    pending = list(catalog[key].inputs) if key in catalog else []
    while pending:
        part = pending.pop(0)
        if part in found:
            continue
        found.append(part)
        if part in catalog:
            pending.extend(catalog[part].inputs)
    return found


def check_catalog(metrics: Iterable[MetricDef]) -> list[tuple[str, Msg]]:
    """Rule checks over a list of metrics: ``(metric key, problem)`` for each issue found.

    Catches references to unknown metrics and cycles (a ratio that divides by itself).
    """
    by_key = {metric.key: metric for metric in metrics}
    issues: list[tuple[str, Msg]] = []
    for metric in by_key.values():
        for part in metric.inputs:
            if part not in by_key:
                issues.append((metric.key, msg("catalog.unknown_input", metric=metric.key, part=part)))
    for metric in by_key.values():
        if _reaches(metric.key, metric.key, by_key, set()):
            issues.append((metric.key, msg("catalog.cycle", metric=metric.key)))
    return issues


def _reaches(target: str, key: str, by_key: Mapping[str, MetricDef], seen: set[str]) -> bool:
    metric = by_key.get(key)
    if metric is None:
        return False
    for part in metric.inputs:
        if part == target:
            return True
        if part not in seen:
            seen.add(part)
            if _reaches(target, part, by_key, seen):
                return True
    return False
