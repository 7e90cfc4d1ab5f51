"""What a monthly report reads from the data: every input of :func:`koers.reports.model.build_report`.

The KPIs are judged at the month's last day (yesterday, for the month still running) and at the
previous month's last day, so that the report can say what changed. Only the KPIs that need
steering (off track, at risk, missed) are diagnosed: the diagnosis is the costly part.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from koers.domain.funnel import compute_plan, stage_metric
from koers.domain.period import Grain, Period, add
from koers.domain.steering import Experiment
from koers.domain.workspace import Workspace
from koers.metrics.engine import MetricEngine, MetricRequest
from koers.monitor.diagnosis import Diagnosis, diagnose
from koers.monitor.evaluate import evaluate_workspace
from koers.monitor.experiments import ExperimentError, ExperimentResult, analyse_experiment
from koers.monitor.forecast import DailySeries, load_daily_series
from koers.monitor.status import Status
from koers.monitor.steering import Suggestion, suggest
from koers.reports.model import FunnelActuals, ReportInputs, StageActual, month_last_day, report_as_of

DIAGNOSED = (Status.OFF_TRACK, Status.AT_RISK, Status.MISSED)
"""The statuses whose KPIs get a diagnosis and suggested actions in the report."""


def gather(workspace: Workspace, engine: MetricEngine, month: date, *, today: date) -> ReportInputs:
    """The report inputs of ``month`` (any day in it), read through ``engine`` as known on ``today``."""
    first = month.replace(day=1)
    as_of = report_as_of(first, today)
    evaluations = evaluate_workspace(workspace, engine, as_of)
    previous = evaluate_workspace(workspace, engine, first - timedelta(days=1))
    daily: dict[str, DailySeries | None] = {}
    diagnoses: dict[str, Diagnosis] = {}
    suggestions: dict[str, list[Suggestion]] = {}
    for evaluation in evaluations:
        kpi = workspace.kpi(evaluation.kpi_id)
        if kpi.period is None or not evaluation.actual.started or kpi.metric not in workspace.catalog:
            continue
        daily[kpi.id] = load_daily_series(kpi, engine, as_of)
        if evaluation.status in DIAGNOSED:
            found = diagnose(kpi, engine, as_of, workspace=workspace)
            diagnoses[kpi.id] = found
            suggestions[kpi.id] = suggest(found)
    return ReportInputs(
        workspace=workspace,
        month=first,
        as_of=as_of,
        evaluations=evaluations,
        previous=previous,
        daily=daily,
        diagnoses=diagnoses,
        suggestions=suggestions,
        funnels=funnel_actuals(workspace, engine, first, as_of),
        experiments=experiments_in(workspace, first),
    )


def funnel_actuals(
    workspace: Workspace, engine: MetricEngine, month: date, as_of: date
) -> list[FunnelActuals]:
    """Each funnel plan's stages in ``month``: the plan's number for that month (its average month
    when the month lies outside the plan's period) against the count that came in."""
    found = []
    stretch = Period.inclusive(month, min(month_last_day(month), as_of))
    for plan in workspace.plans:
        result = compute_plan(plan)
        planned: dict[str, int] = {}
        in_plan = False
        for phase in result.months:
            if phase.period.start == month:
                planned, in_plan = dict(phase.counts), True
        if not in_plan:
            months = len(result.months) or 12
            planned = {stage.name: round(stage.required / months) for stage in result.stages}
        stages = []
        for stage in result.stages:
            metric = stage_metric(stage.name)
            actual: Decimal | None = None
            if metric is not None and metric in engine.catalog:
                actual = engine.query(MetricRequest(metric, stretch, None, as_of=as_of)).value
            stages.append(StageActual(stage.name, planned.get(stage.name), actual))
        found.append(FunnelActuals(plan.id, plan.name, in_plan, plan.period, tuple(stages)))
    return found


def experiments_in(workspace: Workspace, month: date) -> list[tuple[Experiment, ExperimentResult | None]]:
    """The A/B tests that ran during ``month`` (any overlap; a test without dates counts), analysed."""
    last_day = month_last_day(month)
    ran = []
    for experiment in workspace.experiments:
        if experiment.start is not None and experiment.start > last_day:
            continue
        if experiment.end is not None and experiment.end < month:
            continue
        try:
            result: ExperimentResult | None = analyse_experiment(experiment)
        except ExperimentError:  # a test that cannot be analysed yet still ran: list it
            result = None
        ran.append((experiment, result))
    return ran


def previous_month(day: date) -> date:
    """The first day of the month before the one holding ``day``."""
    return add(day.replace(day=1), Grain.MONTH, -1)
