"""The workspace: one client's or team's goals, KPIs, plans and settings.

:func:`validate_workspace` holds the rules that span more than one field (a KPI's metric must be
in the catalog, its phase in the journey model, ids unique...). It returns :class:`Issue` items
with the place of each, rather than raising, so that a file reader can list them all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.funnel import FunnelPlan
from koers.domain.journey import BUILTIN_JOURNEYS, JourneyModel
from koers.domain.kpi import DIMENSIONS, Goal, Kpi, Named
from koers.domain.metric import Catalog, MetricDef, MetricKind, Unit, check_catalog
from koers.domain.period import Grain
from koers.domain.steering import Action, Experiment
from koers.i18n import Lang, Msg, msg


class FocusSettings(BaseModel):
    """Limits behind the "number soup" warnings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_kpis_per_goal: int = Field(default=5, ge=1)
    max_kpis: int = Field(default=15, ge=1)


class AlertSettings(BaseModel):
    """Who hears when a KPI changes status: e-mail recipients and webhooks (Slack, Teams...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    recipients: tuple[str, ...] = ()
    webhooks: tuple[str, ...] = ()


class ReportSettings(BaseModel):
    """The monthly report: who receives it by e-mail on the month's first working day, in which
    language (by default the workspace's), and whether it is sent at all."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    recipients: tuple[str, ...] = ()
    language: Lang | None = None
    monthly: bool = True


class Workspace(Named):
    """Everything one team steers on. A new workspace speaks Dutch, in euros, in Amsterdam."""

    language: Lang = Lang.NL
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    timezone: str = "Europe/Amsterdam"
    journey: str = "see_think_do_care"
    journeys: tuple[JourneyModel, ...] = ()
    goals: tuple[Goal, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    plans: tuple[FunnelPlan, ...] = ()
    metrics: tuple[MetricDef, ...] = ()
    tracked_metrics: tuple[str, ...] = ()
    focus: FocusSettings = FocusSettings()
    alerts: AlertSettings = AlertSettings()
    reports: ReportSettings = ReportSettings()
    actions: tuple[Action, ...] = ()
    experiments: tuple[Experiment, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError("timezone", "unknown time zone {zone}", {"zone": zone}) from None
        return zone

    @property
    def catalog(self) -> Catalog:
        """The standard metrics plus the workspace's own."""
        return STANDARD_CATALOG.extended(self.metrics)

    @property
    def journey_model(self) -> JourneyModel:
        for model in self.journeys:
            if model.key == self.journey:
                return model
        return BUILTIN_JOURNEYS[self.journey]

    def all_kpis(self) -> Iterator[tuple[Goal | None, Kpi]]:
        """Every KPI with its goal; KPIs without a goal come last with ``None``."""
        for goal in self.goals:
            for kpi in goal.kpis:
                yield goal, kpi
        for kpi in self.kpis:
            yield None, kpi

    def kpi(self, kpi_id: str) -> Kpi:
        for _, kpi in self.all_kpis():
            if kpi.id == kpi_id:
                return kpi
        raise KeyError(kpi_id)

    def kpi_places(self) -> Iterator[tuple[str, Goal | None, Kpi]]:
        """Every KPI with its place in the workspace file (``goals[1].kpis[0]``) and its goal."""
        for goal_index, goal in enumerate(self.goals):
            for kpi_index, kpi in enumerate(goal.kpis):
                yield f"goals[{goal_index}].kpis[{kpi_index}]", goal, kpi
        for kpi_index, kpi in enumerate(self.kpis):
            yield f"kpis[{kpi_index}]", None, kpi

    def kpi_path(self, kpi_id: str) -> str:
        """Where the KPI sits in the workspace file, such as ``goals[1].kpis[0]``."""
        for path, _, kpi in self.kpi_places():
            if kpi.id == kpi_id:
                return path
        raise KeyError(kpi_id)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found in a workspace, with its place (``goals[1].kpis[0].metric``)."""

    path: str
    message: Msg
    severity: Severity = Severity.ERROR


def validate_workspace(workspace: Workspace) -> list[Issue]:
    """Every cross-field problem in ``workspace``; an empty list means it is consistent."""
    issues: list[Issue] = []
    known_journeys = {**BUILTIN_JOURNEYS, **{model.key: model for model in workspace.journeys}}
    if workspace.journey not in known_journeys:
        issues.append(
            Issue(
                "journey", msg("ws.unknown_journey", journey=workspace.journey, known=sorted(known_journeys))
            )
        )
        phases: tuple[str, ...] | None = None
    else:
        phases = known_journeys[workspace.journey].phase_keys

    _check_unique(
        issues, "metrics", [metric.key for metric in workspace.metrics], "ws.duplicate_metric", "key"
    )
    _check_unique(
        issues, "journeys", [model.key for model in workspace.journeys], "ws.duplicate_journey", "key"
    )
    for key, problem in check_catalog([*STANDARD_CATALOG.values(), *workspace.metrics]):
        index = next((i for i, m in enumerate(workspace.metrics) if m.key == key), None)
        issues.append(Issue(f"metrics[{index}]" if index is not None else "metrics", problem))
    standard_reused = [m for m in workspace.metrics if m.key in STANDARD_CATALOG]
    for metric in standard_reused:
        index = workspace.metrics.index(metric)
        issues.append(Issue(f"metrics[{index}].key", msg("ws.metric_reused", metric=metric.key)))
    catalog = {**STANDARD_CATALOG, **{metric.key: metric for metric in workspace.metrics}}
    catalog_keys = set(catalog)

    _check_unique(issues, "goals", [goal.id for goal in workspace.goals], "ws.duplicate_goal")
    seen_kpis: dict[str, str] = {}
    for path, _, kpi in workspace.kpi_places():
        if kpi.id in seen_kpis:
            issues.append(Issue(f"{path}.id", msg("ws.duplicate_kpi", id=kpi.id, other=seen_kpis[kpi.id])))
        else:
            seen_kpis[kpi.id] = path
        issues.extend(_check_kpi(path, kpi, catalog, phases, workspace.journey))

    for index, tracked in enumerate(workspace.tracked_metrics):
        if tracked not in catalog_keys:
            issues.append(Issue(f"tracked_metrics[{index}]", msg("ws.unknown_metric", metric=tracked)))
    for index, action in enumerate(workspace.actions):
        if action.kpi is not None and action.kpi not in seen_kpis:
            issues.append(Issue(f"actions[{index}].kpi", msg("ws.unknown_kpi", kpi=action.kpi)))
    _check_unique(
        issues,
        "experiments",
        [experiment.id for experiment in workspace.experiments],
        "ws.duplicate_experiment",
    )
    for index, experiment in enumerate(workspace.experiments):
        if experiment.kpi is not None and experiment.kpi not in seen_kpis:
            issues.append(Issue(f"experiments[{index}].kpi", msg("ws.unknown_kpi", kpi=experiment.kpi)))
    goal_ids = {goal.id for goal in workspace.goals}
    _check_unique(issues, "plans", [plan.id for plan in workspace.plans], "ws.duplicate_plan")
    for index, plan in enumerate(workspace.plans):
        if plan.goal is not None and plan.goal not in goal_ids:
            issues.append(Issue(f"plans[{index}].goal", msg("ws.unknown_goal", goal=plan.goal)))
        if plan.seasonal_weights is not None and plan.period is not None:
            months = len(plan.period.subperiods(Grain.MONTH))
            if len(plan.seasonal_weights) != months:
                issues.append(
                    Issue(
                        f"plans[{index}].seasonal_weights",
                        msg("ws.weights_count", given=len(plan.seasonal_weights), months=months),
                    )
                )
    return issues


def _check_unique(issues: list[Issue], collection: str, ids: list[str], key: str, field: str = "id") -> None:
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            issues.append(Issue(f"{collection}[{index}].{field}", msg(key, id=item_id)))
        else:
            first[item_id] = index


def _check_kpi(
    path: str, kpi: Kpi, catalog: Mapping[str, MetricDef], phases: tuple[str, ...] | None, journey: str
) -> list[Issue]:
    issues: list[Issue] = []
    if kpi.metric not in catalog:
        issues.append(Issue(f"{path}.metric", msg("ws.unknown_metric", metric=kpi.metric)))
    if kpi.phase is not None and phases is not None and kpi.phase not in phases:
        issues.append(
            Issue(
                f"{path}.phase",
                msg("ws.unknown_phase", phase=kpi.phase, journey=journey, phases=list(phases)),
            )
        )
    if kpi.subperiod is not None and kpi.period is not None:
        own = kpi.period.grain
        if not kpi.period.complete_subperiods(kpi.subperiod) or (
            own is not None and own.order < kpi.subperiod.order
        ):
            issues.append(
                Issue(f"{path}.subperiod", msg("ws.subperiod_too_big", subperiod=kpi.subperiod.value))
            )
    metric = catalog.get(kpi.metric)
    if metric is not None and metric.kind is MetricKind.BASE and metric.unit is Unit.COUNT:
        # YAML reads "1.500" as one and a half: a Dutch thousands separator gone wrong
        for field, value in (("target", kpi.target), ("target_upper", kpi.target_upper)):
            if value is not None and value.as_tuple().exponent == -3 and value != value.to_integral_value():
                whole = int(value.scaleb(3))
                issues.append(
                    Issue(
                        f"{path}.{field}",
                        msg("ws.fractional_count", target=str(value), whole=str(whole)),
                        Severity.WARNING,
                    )
                )
    for dimension in kpi.segment:
        if dimension not in DIMENSIONS:
            issues.append(
                Issue(
                    f"{path}.segment.{dimension}",
                    msg("ws.unknown_dimension", dimension=dimension, known=sorted(DIMENSIONS)),
                    Severity.WARNING,
                )
            )
    return issues
