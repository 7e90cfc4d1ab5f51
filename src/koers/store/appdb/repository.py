"""Workspaces in the application database: save, load, list and delete them whole.

A workspace goes in and comes out as the domain's :class:`~koers.domain.workspace.Workspace`,
losslessly: ``load_workspace(session, ws.id) == ws``, down to each decimal's written precision
and the order of goals, KPIs, plans, segment entries, logged actions and A/B tests.

These functions never commit: the caller's transaction decides, so a save is all or nothing::

    db = database()
    with db.begin() as session:
        save_workspace(session, workspace)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, select, update
from sqlalchemy.orm import Session

from koers.domain.funnel import FunnelPlan
from koers.domain.journey import JourneyModel
from koers.domain.kpi import Acceptance, Aggregation, Comparator, Goal, Kpi, SubperiodRule
from koers.domain.metric import MetricDef, Unit
from koers.domain.period import Grain, Period
from koers.domain.steering import Action, Experiment
from koers.domain.workspace import (
    AlertSettings,
    FocusSettings,
    Issue,
    ReportSettings,
    Severity,
    Workspace,
    validate_workspace,
)
from koers.errors import InputError, MessageError
from koers.i18n import Lang, msg
from koers.store.appdb.models import (
    ActionRow,
    ExperimentRow,
    GoalRow,
    KpiRow,
    PlanRow,
    TrackedMetricRow,
    WorkspaceRow,
)


class UnknownWorkspaceError(MessageError, LookupError):
    """No workspace with that id is in the database."""

    def __init__(self, workspace_id: str) -> None:
        super().__init__(msg("db.unknown_workspace", workspace=workspace_id))
        self.workspace_id = workspace_id


class InvalidWorkspaceError(InputError):
    """A workspace that is not saved because :func:`validate_workspace` finds errors in it."""

    def __init__(self, workspace_id: str, issues: Sequence[Issue]) -> None:
        self.workspace_id = workspace_id
        self.issues = tuple(issues)
        super().__init__(self.render(Lang.EN))

    def render(self, lang: Lang | str) -> str:
        """The refusal, then one line per problem with its place: ``goals[0].id: ...``."""
        lines = [msg("db.invalid_workspace", workspace=self.workspace_id).render(lang)]
        lines.extend(f"  {issue.path}: {issue.message.render(lang)}" for issue in self.issues)
        return "\n".join(lines)


class UnstorableTextError(MessageError):
    """Text the database cannot keep as it is (PostgreSQL refuses the NUL character)."""


@dataclass(frozen=True, slots=True)
class WorkspaceSummary:
    """A workspace in a list: its name and language, what it holds, and when it last changed."""

    id: str
    name: str
    language: Lang
    goals: int
    kpis: int
    plans: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "language": self.language.value,
            "goals": self.goals,
            "kpis": self.kpis,
            "plans": self.plans,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


# --- writing ------------------------------------------------------------------------------------


def save_workspace(session: Session, workspace: Workspace) -> None:
    """Store ``workspace``, replacing everything the database held for its id.

    The workspace row itself is updated in place, so what hangs off it from outside the
    workspace (memberships, invitations) stays. Raises :class:`InvalidWorkspaceError` when
    :func:`~koers.domain.workspace.validate_workspace` finds errors (warnings are fine), and
    :class:`UnstorableTextError` for text PostgreSQL cannot keep; then nothing is written.

    On SQLite, let the save be the first thing its transaction does: a transaction that read
    first may find, when it comes to write, that another writer committed since, and fail.
    """
    errors = [issue for issue in validate_workspace(workspace) if issue.severity is Severity.ERROR]
    if errors:
        raise InvalidWorkspaceError(workspace.id, errors)
    if session.get_bind().dialect.name == "postgresql":
        place = _first_nul(workspace.model_dump(mode="json"), "")
        if place is not None:
            raise UnstorableTextError(msg("db.nul_text", workspace=workspace.id, place=place))

    now = datetime.now(UTC)
    values = _workspace_values(workspace)
    # Writing first takes the write lock at once: on PostgreSQL the row lock makes concurrent
    # saves of one workspace wait for each other; on SQLite a transaction that read first could
    # find its snapshot stale when it comes to write, and fail.
    updated = _changed(
        session,
        update(WorkspaceRow)
        .where(WorkspaceRow.id == workspace.id)
        .values(**values, updated_at=now)
        .execution_options(synchronize_session=False),
    )
    if updated == 0:
        session.execute(insert(WorkspaceRow).values(**values, created_at=now, updated_at=now))
    # KPIs before the goals they point to
    for table in (KpiRow, GoalRow, PlanRow, TrackedMetricRow, ActionRow, ExperimentRow):
        session.execute(
            delete(table)
            .where(table.workspace_id == workspace.id)
            .execution_options(synchronize_session=False)
        )

    goals = [_goal_values(workspace.id, position, goal) for position, goal in enumerate(workspace.goals)]
    kpis = [
        _kpi_values(workspace.id, goal, position, kpi)
        for goal, position, kpi in _kpis_with_position(workspace)
    ]
    plans = [_plan_values(workspace.id, position, plan) for position, plan in enumerate(workspace.plans)]
    tracked = [
        {"workspace_id": workspace.id, "position": position, "metric": metric}
        for position, metric in enumerate(workspace.tracked_metrics)
    ]
    actions = [
        _action_values(workspace.id, position, action) for position, action in enumerate(workspace.actions)
    ]
    experiments = [
        _experiment_values(workspace.id, position, experiment)
        for position, experiment in enumerate(workspace.experiments)
    ]
    for table, rows in (
        (GoalRow, goals),
        (KpiRow, kpis),
        (PlanRow, plans),
        (TrackedMetricRow, tracked),
        (ActionRow, actions),
        (ExperimentRow, experiments),
    ):
        if rows:
            session.execute(insert(table), rows)


def delete_workspace(session: Session, workspace_id: str) -> bool:
    """Remove a workspace and everything in it (memberships too); whether there was one."""
    deleted = _changed(
        session,
        delete(WorkspaceRow)
        .where(WorkspaceRow.id == workspace_id)
        .execution_options(synchronize_session=False),
    )
    return deleted > 0


def _changed(session: Session, statement: Any) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def _kpis_with_position(workspace: Workspace) -> Iterator[tuple[Goal | None, int, Kpi]]:
    for goal in workspace.goals:
        for position, kpi in enumerate(goal.kpis):
            yield goal, position, kpi
    for position, kpi in enumerate(workspace.kpis):
        yield None, position, kpi


def _workspace_values(workspace: Workspace) -> dict[str, Any]:
    return {
        "id": workspace.id,
        "name": workspace.name,
        "language": workspace.language.value,
        "currency": workspace.currency,
        "timezone": workspace.timezone,
        "journey": workspace.journey,
        "max_kpis_per_goal": workspace.focus.max_kpis_per_goal,
        "max_kpis": workspace.focus.max_kpis,
        "journeys": [model.model_dump(mode="json") for model in workspace.journeys],
        "metrics": [metric.model_dump(mode="json") for metric in workspace.metrics],
        "alerts": workspace.alerts.model_dump(mode="json"),
        "reports": workspace.reports.model_dump(mode="json", exclude_defaults=True),
    }


def _goal_values(workspace_id: str, position: int, goal: Goal) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "id": goal.id,
        "position": position,
        "name": goal.name,
        "description": goal.description,
        "owner": goal.owner,
    }


def _kpi_values(workspace_id: str, goal: Goal | None, position: int, kpi: Kpi) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "id": kpi.id,
        "goal_id": goal.id if goal is not None else None,
        "position": position,
        "name": kpi.name,
        "metric": kpi.metric,
        "target": kpi.target,
        "target_upper": kpi.target_upper,
        "unit": kpi.unit.value if kpi.unit is not None else None,
        "comparator": kpi.comparator.value,
        "period_start": kpi.period.start if kpi.period is not None else None,
        "period_end": kpi.period.end if kpi.period is not None else None,
        "aggregation": kpi.aggregation.value,
        "subperiod": kpi.subperiod.value if kpi.subperiod is not None else None,
        "subperiod_rule": kpi.subperiod_rule.value,
        "segment": dict(kpi.segment),
        "phase": kpi.phase,
        "owner": kpi.owner,
        "source": kpi.source,
        "baseline": kpi.baseline,
        "accepted_by": kpi.accepted.by if kpi.accepted is not None else None,
        "accepted_on": kpi.accepted.on if kpi.accepted is not None else None,
        "accepted_note": kpi.accepted.note if kpi.accepted is not None else None,
        "description": kpi.description,
    }


def _plan_values(workspace_id: str, position: int, plan: FunnelPlan) -> dict[str, Any]:
    # Every field is written, defaults too: a default that changes in a later version must not
    # change a stored plan.
    return {
        "workspace_id": workspace_id,
        "id": plan.id,
        "position": position,
        "name": plan.name,
        "goal_id": plan.goal,
        "spec": plan.model_dump(mode="json", by_alias=True, exclude={"id", "name", "goal"}),
    }


def _action_values(workspace_id: str, position: int, action: Action) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "position": position,
        "done_on": action.date,
        "description": action.description,
        "kpi_id": action.kpi,
        "by": action.by,
        "cause": action.cause,
    }


def _experiment_values(workspace_id: str, position: int, experiment: Experiment) -> dict[str, Any]:
    # Every field is written, defaults too (the confidence level), as for plans.
    return {
        "workspace_id": workspace_id,
        "id": experiment.id,
        "position": position,
        "name": experiment.name,
        "kpi_id": experiment.kpi,
        "spec": experiment.model_dump(mode="json", by_alias=True, exclude={"id", "name", "kpi"}),
    }


def _first_nul(value: Any, place: str) -> str | None:
    """The place of the first text holding a NUL character, such as ``goals[0].name``."""
    if isinstance(value, str):
        return place if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{place}.{key}" if place else str(key)
            if "\x00" in str(key):
                return inner
            found = _first_nul(item, inner)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_nul(item, f"{place}[{index}]")
            if found is not None:
                return found
    return None


# --- reading ------------------------------------------------------------------------------------


def load_workspace(session: Session, workspace_id: str) -> Workspace:
    """The workspace stored under ``workspace_id``; raises :class:`UnknownWorkspaceError`."""
    row = session.get(WorkspaceRow, workspace_id, populate_existing=True)
    if row is None:
        raise UnknownWorkspaceError(workspace_id)

    def rows_of(table: Any, *order: Any) -> Sequence[Any]:
        query = select(table).where(table.workspace_id == workspace_id).order_by(*order)
        return session.scalars(query.execution_options(populate_existing=True)).all()

    goal_rows: Sequence[GoalRow] = rows_of(GoalRow, GoalRow.position)
    kpi_rows: Sequence[KpiRow] = rows_of(KpiRow, KpiRow.position, KpiRow.id)
    plan_rows: Sequence[PlanRow] = rows_of(PlanRow, PlanRow.position)
    tracked_rows: Sequence[TrackedMetricRow] = rows_of(TrackedMetricRow, TrackedMetricRow.position)
    action_rows: Sequence[ActionRow] = rows_of(ActionRow, ActionRow.position)
    experiment_rows: Sequence[ExperimentRow] = rows_of(ExperimentRow, ExperimentRow.position)

    kpis_by_goal: dict[str | None, list[Kpi]] = {}
    for kpi_row in kpi_rows:
        kpis_by_goal.setdefault(kpi_row.goal_id, []).append(_kpi(kpi_row))
    goals = tuple(
        Goal(
            id=goal.id,
            name=goal.name,
            description=goal.description,
            owner=goal.owner,
            kpis=tuple(kpis_by_goal.get(goal.id, ())),
        )
        for goal in goal_rows
    )
    return Workspace(
        id=row.id,
        name=row.name,
        language=Lang(row.language),
        currency=row.currency,
        timezone=row.timezone,
        journey=row.journey,
        journeys=tuple(JourneyModel.model_validate(model) for model in row.journeys),
        goals=goals,
        kpis=tuple(kpis_by_goal.get(None, ())),
        plans=tuple(_plan(plan) for plan in plan_rows),
        metrics=tuple(MetricDef.model_validate(metric) for metric in row.metrics),
        tracked_metrics=tuple(tracked.metric for tracked in tracked_rows),
        focus=FocusSettings(max_kpis_per_goal=row.max_kpis_per_goal, max_kpis=row.max_kpis),
        alerts=AlertSettings.model_validate(row.alerts),
        reports=ReportSettings.model_validate(row.reports),
        actions=tuple(
            Action(
                date=action.done_on,
                description=action.description,
                kpi=action.kpi_id,
                by=action.by,
                cause=action.cause,
            )
            for action in action_rows
        ),
        experiments=tuple(
            Experiment.model_validate({"id": ex.id, "name": ex.name, "kpi": ex.kpi_id, **ex.spec})
            for ex in experiment_rows
        ),
    )


def _kpi(row: KpiRow) -> Kpi:
    period = (
        Period(start=row.period_start, end=row.period_end)
        if row.period_start is not None and row.period_end is not None
        else None
    )
    accepted = (
        Acceptance(by=row.accepted_by, on=row.accepted_on, note=row.accepted_note)
        if row.accepted_by is not None and row.accepted_on is not None
        else None
    )
    return Kpi(
        id=row.id,
        name=row.name,
        metric=row.metric,
        target=row.target,
        target_upper=row.target_upper,
        unit=Unit(row.unit) if row.unit is not None else None,
        comparator=Comparator(row.comparator),
        period=period,
        aggregation=Aggregation(row.aggregation),
        subperiod=Grain(row.subperiod) if row.subperiod is not None else None,
        subperiod_rule=SubperiodRule(row.subperiod_rule),
        segment=dict(row.segment),
        phase=row.phase,
        owner=row.owner,
        source=row.source,
        baseline=row.baseline,
        accepted=accepted,
        description=row.description,
    )


def _plan(row: PlanRow) -> FunnelPlan:
    return FunnelPlan.model_validate({"id": row.id, "name": row.name, "goal": row.goal_id, **row.spec})


def list_workspaces(session: Session) -> list[WorkspaceSummary]:
    """Every workspace in the database, by id, with how many goals, KPIs and plans it holds."""

    def count(table: Any) -> Any:
        return (
            select(func.count())
            .select_from(table)
            .where(table.workspace_id == WorkspaceRow.id)
            .correlate(WorkspaceRow)
            .scalar_subquery()
        )

    query = select(
        WorkspaceRow.id,
        WorkspaceRow.name,
        WorkspaceRow.language,
        count(GoalRow),
        count(KpiRow),
        count(PlanRow),
        WorkspaceRow.created_at,
        WorkspaceRow.updated_at,
    ).order_by(WorkspaceRow.id)
    return [
        WorkspaceSummary(
            id=row[0],
            name=row[1],
            language=Lang(row[2]),
            goals=row[3],
            kpis=row[4],
            plans=row[5],
            created_at=_aware(row[6]),
            updated_at=_aware(row[7]),
        )
        for row in session.execute(query)
    ]


def _aware(moment: datetime) -> datetime:
    # SQLite keeps no time zone; every time stored here is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


__all__ = [
    "InvalidWorkspaceError",
    "UnknownWorkspaceError",
    "UnstorableTextError",
    "WorkspaceSummary",
    "delete_workspace",
    "list_workspaces",
    "load_workspace",
    "save_workspace",
]
