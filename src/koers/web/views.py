"""What pages show of an evaluated KPI, computed once for the dashboard, the overview and the API.

A :class:`KpiTile` is the KPI's status, actual against target (formatted in the reader's language)
and the points of a small trend line; :func:`phase_groups` orders a workspace's tiles by its
journey's phases, the way the team thinks about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import Any

from koers.domain.kpi import Aggregation, Goal, Kpi
from koers.domain.metric import Unit
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Localized, msg, render
from koers.monitor.evaluate import KpiEvaluation
from koers.monitor.status import Status
from koers.present import describe_kpi_target, format_measure

ATTENTION = (Status.OFF_TRACK, Status.AT_RISK, Status.MISSED)
"""Statuses that ask for steering, worst first."""

NO_PHASE = msg("web.dashboard.no_phase")

STATUS_ORDER = {status: index for index, status in enumerate(Status)}


@dataclass(frozen=True, slots=True)
class KpiTile:
    kpi: Kpi
    goal: Goal | None
    evaluation: KpiEvaluation
    value_text: str
    target_text: str
    expected_text: str
    progress: float | None
    """The actual as a share of the target (0..1.2), for the bar; ``None`` when not meaningful."""
    spark: str
    """An SVG polyline's points (100 x 24 box), empty without two values."""

    @property
    def status(self) -> Status:
        return self.evaluation.status

    @property
    def needs_attention(self) -> bool:
        return self.status in ATTENTION

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.kpi.id,
            "name": self.kpi.name,
            "goal": self.goal.id if self.goal else None,
            "phase": self.kpi.phase,
            "value_text": self.value_text,
            "target_text": self.target_text,
            **self.evaluation.to_dict(lang),
        }


def kpi_tile(
    workspace: Workspace, goal: Goal | None, kpi: Kpi, evaluation: KpiEvaluation, lang: Lang
) -> KpiTile:
    unit = evaluation.unit
    value = evaluation.value
    value_text = "—" if value is None else format_measure(value, unit, lang, workspace.currency)
    expected = evaluation.expected
    expected_text = (
        "—" if expected is None else format_measure(_shown(expected, unit), unit, lang, workspace.currency)
    )
    target_text = describe_kpi_target(kpi, workspace.catalog, lang, workspace.currency)
    progress = None
    if value is not None and kpi.target > 0:
        progress = float(min(Decimal("1.2"), max(Decimal(0), value / kpi.target)))
    return KpiTile(
        kpi, goal, evaluation, value_text, target_text, expected_text, progress, _spark(kpi, evaluation)
    )


def _shown(value: Decimal, unit: Unit) -> Decimal:
    """A computed value (a pace) as precise as the unit reads: whole counts and seconds, cents."""
    if unit in (Unit.COUNT, Unit.SECONDS):
        return value.quantize(Decimal(1), ROUND_HALF_UP)
    if unit is Unit.MONEY:
        return value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return value


def _spark(kpi: Kpi, evaluation: KpiEvaluation) -> str:
    """The trend line's points: a running total for a KPI that accumulates towards its target
    (a half-finished month would otherwise read as a fall), else each sub-period's value."""
    values = [float(point.value) for point in evaluation.actual.series if point.value is not None]
    if kpi.aggregation is Aggregation.TOTAL and evaluation.pace.share is not None:
        values = list(accumulate(values))
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = 100 / (len(values) - 1)
    return " ".join(
        f"{index * step:.1f},{22 - (value - low) / span * 20:.1f}" for index, value in enumerate(values)
    )


def tiles(workspace: Workspace, evaluations: list[KpiEvaluation], lang: Lang) -> list[KpiTile]:
    by_id = {item.kpi_id: item for item in evaluations}
    return [
        kpi_tile(workspace, goal, kpi, by_id[kpi.id], lang)
        for goal, kpi in workspace.all_kpis()
        if kpi.id in by_id
    ]


@dataclass(frozen=True, slots=True)
class PhaseGroup:
    key: str | None
    name: Localized
    tiles: list[KpiTile]


def phase_groups(workspace: Workspace, all_tiles: list[KpiTile]) -> list[PhaseGroup]:
    """Tiles by the journey's phases in order; KPIs without a (known) phase last."""
    model = workspace.journey_model
    groups = [PhaseGroup(phase.key, phase.name, []) for phase in model.phases]
    by_key = {group.key: group for group in groups}
    other = PhaseGroup(None, Localized(render(NO_PHASE, Lang.NL), render(NO_PHASE, Lang.EN)), [])
    for tile in all_tiles:
        by_key.get(tile.kpi.phase or "", other).tiles.append(tile)
    return [group for group in [*groups, other] if group.tiles or group.key is not None]


def status_counts(all_tiles: list[KpiTile]) -> dict[Status, int]:
    counts: dict[Status, int] = {}
    for tile in all_tiles:
        counts[tile.status] = counts.get(tile.status, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: STATUS_ORDER[item[0]]))
