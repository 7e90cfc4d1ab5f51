"""The monthly report as data: what management reads, in one language, before any HTML.

:func:`build_report` is pure: it takes the monitoring results (the evaluations at the month's
last day and at the previous month's, the diagnoses and suggestions of the KPIs that need
attention, the funnel plan's actuals, the A/B tests) and arranges them the way the management
meeting reads them (seed 004: "maandelijks rapporteren"):

1. a summary page: the goals, every KPI's status by journey phase, what changed since last
   month, and first of all the KPIs that need attention;
2. per KPI, those that need attention first: the chart of actual, target, pace and forecast,
   the values per month, and for a KPI off track, at risk or missed the diagnosis, the
   suggested actions and the actions already taken;
3. the funnel plan against the month's actuals;
4. the A/B tests that ran in the month.

Every text is rendered in the report's language here, numbers and dates through Babel (Dutch
formats in Dutch: 1.500; € 1.234,56; 1 april 2023), so the templates only place them.
:meth:`Report.to_dict` is what the golden test compares (everything but the chart
specifications, which :mod:`koers.charts` tests itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from koers.charts import kpi_chart
from koers.domain.kpi import Goal, Kpi
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period, add
from koers.domain.steering import Action, Experiment
from koers.domain.workspace import Workspace
from koers.i18n import LOCALES, Lang, Money, Msg, Percent, Seconds, format_value, msg, render
from koers.monitor.diagnosis import Diagnosis
from koers.monitor.evaluate import KpiEvaluation
from koers.monitor.experiments import ExperimentResult
from koers.monitor.forecast import DailySeries
from koers.monitor.status import Status
from koers.monitor.steering import Suggestion
from koers.present import describe_kpi_target

ATTENTION_ORDER: tuple[Status, ...] = tuple(Status)
"""Statuses in the order a reader should attend to them (off track first)."""

MAX_CAUSES = 3
"""The diagnosis lists this many causes at most: a manager reads the biggest ones."""


# --- inputs ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageActual:
    """One funnel stage in the report's month: what the plan asks and what came in."""

    stage: str
    planned: int | None
    actual: Decimal | None


@dataclass(frozen=True, slots=True)
class FunnelActuals:
    """A funnel plan held against the month: ``in_plan`` says whether the month lies in the
    plan's period (else ``planned`` is the plan's average month)."""

    plan_id: str
    plan_name: str
    in_plan: bool
    period: Period | None
    stages: tuple[StageActual, ...]


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Everything :func:`build_report` reads, gathered by :func:`koers.reports.gather.gather`."""

    workspace: Workspace
    month: date
    """The first day of the reported month."""
    as_of: date
    evaluations: Sequence[KpiEvaluation]
    previous: Sequence[KpiEvaluation] = ()
    """The same KPIs judged at the previous month's last day."""
    daily: Mapping[str, DailySeries | None] = field(default_factory=dict)
    diagnoses: Mapping[str, Diagnosis] = field(default_factory=dict)
    suggestions: Mapping[str, Sequence[Suggestion]] = field(default_factory=dict)
    funnels: Sequence[FunnelActuals] = ()
    experiments: Sequence[tuple[Experiment, ExperimentResult | None]] = ()


# --- the report -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KpiLine:
    """One KPI in a table: its status now and a month ago, value, target, forecast, chance."""

    kpi_id: str
    name: str
    goal: str | None
    phase: str | None
    status: str
    status_label: str
    previous_status: str | None
    previous_label: str | None
    value: str
    target: str
    forecast: str
    chance: str

    @property
    def changed(self) -> bool:
        return self.previous_status != self.status


@dataclass(frozen=True, slots=True)
class MonthValue:
    label: str
    value: str
    partial: bool


@dataclass(frozen=True, slots=True)
class KpiDetail:
    """A KPI's page section: chart, monthly values, why it stands where it does, and what to do."""

    line: KpiLine
    period: str
    reason: str
    chart: dict[str, Any] | None
    months: tuple[MonthValue, ...]
    diagnosis: str | None = None
    causes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    needs_attention: bool = False


@dataclass(frozen=True, slots=True)
class GoalSummary:
    name: str
    description: str | None
    counts: str


@dataclass(frozen=True, slots=True)
class PhaseGroup:
    phase: str
    kpis: tuple[KpiLine, ...]


@dataclass(frozen=True, slots=True)
class FunnelRow:
    stage: str
    planned: str
    actual: str
    difference: str
    behind: bool


@dataclass(frozen=True, slots=True)
class FunnelSection:
    name: str
    note: str
    rows: tuple[FunnelRow, ...]


@dataclass(frozen=True, slots=True)
class ExperimentLine:
    name: str
    kpi: str
    period: str
    verdict: str
    detail: str


@dataclass(frozen=True, slots=True)
class Report:
    """The monthly report in one language, ready to render."""

    lang: Lang
    workspace_id: str
    workspace_name: str
    month: date
    as_of: date
    title: str
    subtitle: str
    status_counts: tuple[tuple[str, str, int], ...]
    """(status, label, count) for each status that occurs, attention first."""
    goals: tuple[GoalSummary, ...]
    attention: tuple[KpiLine, ...]
    phases: tuple[PhaseGroup, ...]
    changes: tuple[str, ...]
    kpis: tuple[KpiDetail, ...]
    funnels: tuple[FunnelSection, ...]
    experiments: tuple[ExperimentLine, ...]
    labels: Mapping[str, str]
    """Headings and column names in the report's language, by short key."""

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (without the chart specifications), for golden tests and JSON."""

        def line(item: KpiLine) -> dict[str, Any]:
            return {
                "kpi": item.kpi_id,
                "name": item.name,
                "goal": item.goal,
                "phase": item.phase,
                "status": item.status,
                "status_label": item.status_label,
                "previous_status": item.previous_status,
                "value": item.value,
                "target": item.target,
                "forecast": item.forecast,
                "chance": item.chance,
            }

        return {
            "lang": self.lang.value,
            "workspace": self.workspace_id,
            "month": self.month.isoformat(),
            "as_of": self.as_of.isoformat(),
            "title": self.title,
            "subtitle": self.subtitle,
            "status_counts": [list(item) for item in self.status_counts],
            "goals": [{"name": g.name, "description": g.description, "counts": g.counts} for g in self.goals],
            "attention": [item.kpi_id for item in self.attention],
            "phases": [
                {"phase": group.phase, "kpis": [line(item) for item in group.kpis]} for group in self.phases
            ],
            "changes": list(self.changes),
            "kpis": [
                {
                    "kpi": detail.line.kpi_id,
                    "period": detail.period,
                    "reason": detail.reason,
                    "chart": detail.chart is not None,
                    "months": [[m.label, m.value, m.partial] for m in detail.months],
                    "diagnosis": detail.diagnosis,
                    "causes": list(detail.causes),
                    "suggestions": list(detail.suggestions),
                    "actions": list(detail.actions),
                }
                for detail in self.kpis
            ],
            "funnels": [
                {
                    "name": section.name,
                    "note": section.note,
                    "rows": [[r.stage, r.planned, r.actual, r.difference, r.behind] for r in section.rows],
                }
                for section in self.funnels
            ],
            "experiments": [
                {"name": e.name, "kpi": e.kpi, "period": e.period, "verdict": e.verdict, "detail": e.detail}
                for e in self.experiments
            ],
        }


# --- building it ----------------------------------------------------------------------------------


def month_label(month: date, lang: Lang | str) -> str:
    """``maart 2023`` / ``March 2023``."""
    return format_date(month, "LLLL y", locale=LOCALES[Lang(lang)])


def month_last_day(month: date) -> date:
    """The last day of the month that holds ``month``."""
    first = month.replace(day=1)
    return add(first, Grain.MONTH) - timedelta(days=1)


def report_as_of(month: date, today: date) -> date:
    """The day a month's report judges at: the month's last day, or yesterday while the month
    runs (today's data is still coming in)."""
    return min(month_last_day(month), today - timedelta(days=1))


def build_report(inputs: ReportInputs, lang: Lang | str, *, with_charts: bool = True) -> Report:
    """The report of ``inputs`` in ``lang``; ``with_charts`` off leaves the chart specifications
    out (for a quick JSON view)."""
    language = Lang(lang)
    workspace = inputs.workspace
    currency = workspace.currency
    kpis = {kpi.id: (goal, kpi) for goal, kpi in workspace.all_kpis()}
    previous = {item.kpi_id: item for item in inputs.previous}
    journey = workspace.journey_model
    phase_names = {phase.key: phase.name.in_(language) for phase in journey.phases}

    def text(message: Msg) -> str:
        return render(message, language)

    lines: dict[str, KpiLine] = {}
    for evaluation in inputs.evaluations:
        goal, kpi = kpis[evaluation.kpi_id]
        before = previous.get(evaluation.kpi_id)
        forecast = evaluation.forecast
        lines[kpi.id] = KpiLine(
            kpi_id=kpi.id,
            name=kpi.name,
            goal=goal.name if goal else None,
            phase=phase_names.get(kpi.phase or "", kpi.phase) if kpi.phase else None,
            status=evaluation.status.value,
            status_label=text(evaluation.status.label),
            previous_status=before.status.value if before else None,
            previous_label=text(before.status.label) if before else None,
            value=_measure(evaluation.value, evaluation.unit, language, currency),
            target=describe_kpi_target(kpi, workspace.catalog, language, currency),
            forecast=(
                text(
                    msg(
                        "report.forecast",
                        value=_shown(forecast.value, evaluation.unit, currency),
                        low=_shown(forecast.low, evaluation.unit, currency),
                        high=_shown(forecast.high, evaluation.unit, currency),
                    )
                )
                if forecast is not None and not evaluation.actual.ended
                else "—"
            ),
            chance=(
                format_value(Percent(Decimal(repr(evaluation.probability)), 0), language)
                if evaluation.probability is not None and not evaluation.actual.ended
                else "—"
            ),
        )

    ordered = sorted(lines.values(), key=lambda item: ATTENTION_ORDER.index(Status(item.status)))
    attention = tuple(item for item in ordered if Status(item.status).needs_attention)
    counts: dict[Status, int] = {}
    for item in lines.values():
        counts[Status(item.status)] = counts.get(Status(item.status), 0) + 1
    status_counts = tuple(
        (status.value, text(status.label), counts[status]) for status in ATTENTION_ORDER if status in counts
    )

    goals = tuple(
        GoalSummary(goal.name, goal.description, _goal_counts(goal, lines, language))
        for goal in workspace.goals
    )
    phases: list[PhaseGroup] = []
    for phase in journey.phases:
        members = tuple(
            lines[kpi.id] for _, kpi in workspace.all_kpis() if kpi.phase == phase.key and kpi.id in lines
        )
        if members:
            phases.append(PhaseGroup(phase.name.in_(language), members))
    loose = tuple(
        lines[kpi.id]
        for _, kpi in workspace.all_kpis()
        if kpi.id in lines and (kpi.phase is None or kpi.phase not in phase_names)
    )
    if loose:
        phases.append(PhaseGroup(text(msg("report.no_phase")), loose))

    changes = tuple(
        text(
            msg("report.change", kpi=item.name, before=item.previous_label or "—", after=item.status_label)
            if item.previous_label
            else msg("report.change_new", kpi=item.name, after=item.status_label)
        )
        for item in ordered
        if item.changed
    )

    evaluations = {item.kpi_id: item for item in inputs.evaluations}
    details = tuple(
        _detail(
            lines[item.kpi_id],
            evaluations[item.kpi_id],
            kpis[item.kpi_id][1],
            inputs,
            language,
            with_charts,
        )
        for item in ordered
    )
    month_text = month_label(inputs.month, language)
    return Report(
        lang=language,
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        month=inputs.month,
        as_of=inputs.as_of,
        title=text(msg("report.title", month=month_text)),
        subtitle=text(msg("report.subtitle", workspace=workspace.name, as_of=inputs.as_of)),
        status_counts=status_counts,
        goals=goals,
        attention=attention,
        phases=tuple(phases),
        changes=changes,
        kpis=details,
        funnels=tuple(_funnel(section, inputs.month, language) for section in inputs.funnels),
        experiments=tuple(_experiment(item, result, kpis, language) for item, result in inputs.experiments),
        labels=_labels(language, inputs, month_text),
    )


def _detail(
    line: KpiLine,
    evaluation: KpiEvaluation,
    kpi: Kpi,
    inputs: ReportInputs,
    lang: Lang,
    with_charts: bool,
) -> KpiDetail:
    currency = inputs.workspace.currency
    chart = (
        kpi_chart(evaluation, kpi, lang=lang, daily=inputs.daily.get(kpi.id), currency=currency, height=170)
        if with_charts and kpi.period is not None
        else None
    )
    months = tuple(
        MonthValue(
            _subperiod_label(point.period, lang),
            _measure(point.value, evaluation.unit, lang, currency),
            not point.complete,
        )
        for point in evaluation.actual.series
    )
    status = evaluation.status
    detail = KpiDetail(
        line=line,
        period=render(msg("common.period", start=kpi.period.start, last_day=kpi.period.last_day), lang)
        if kpi.period
        else "—",
        reason=render(evaluation.reason, lang),
        chart=chart,
        months=months,
        needs_attention=status.needs_attention,
    )
    if status not in (Status.OFF_TRACK, Status.AT_RISK, Status.MISSED):
        return detail
    diagnosis = inputs.diagnoses.get(kpi.id)
    suggestions = inputs.suggestions.get(kpi.id, ())
    taken = sorted(
        (action for action in inputs.workspace.actions if action.kpi == kpi.id), key=lambda a: a.date
    )
    return KpiDetail(
        line=line,
        period=detail.period,
        reason=detail.reason,
        chart=chart,
        months=months,
        diagnosis=render(diagnosis.headline(), lang) if diagnosis else None,
        causes=tuple(render(cause.label, lang) for cause in diagnosis.causes[:MAX_CAUSES])
        if diagnosis
        else (),
        suggestions=tuple(suggestion.render(lang) for suggestion in suggestions),
        actions=tuple(_action(action, lang) for action in taken),
        needs_attention=True,
    )


def _action(action: Action, lang: Lang) -> str:
    by = f" ({action.by})" if action.by else ""
    return f"{format_value(action.date, lang)}: {action.description}{by}"


def _funnel(actuals: FunnelActuals, month: date, lang: Lang) -> FunnelSection:
    month_text = month_label(month, lang)
    if actuals.in_plan or actuals.period is None:
        note = msg("report.funnel.in_plan", month=month_text)
    else:
        note = msg(
            "report.funnel.outside_plan",
            month=month_text,
            start=actuals.period.start,
            last_day=actuals.period.last_day,
        )
    rows = []
    for stage in actuals.stages:
        planned = "—" if stage.planned is None else format_value(stage.planned, lang)
        actual = "—" if stage.actual is None else format_value(_rounded(stage.actual), lang)
        difference, behind = "—", False
        if stage.planned and stage.actual is not None:
            share = (stage.actual - stage.planned) / Decimal(stage.planned)
            difference = ("+" if share >= 0 else "") + format_value(Percent(share, 0), lang)
            behind = share < 0
        label = (
            render(msg(f"report.stage.{stage.stage}"), lang)
            if f"report.stage.{stage.stage}" in _STAGES
            else stage.stage
        )
        rows.append(FunnelRow(label, planned, actual, difference, behind))
    return FunnelSection(actuals.plan_name, render(note, lang), tuple(rows))


_STAGES = {f"report.stage.{stage}" for stage in ("lead", "mql", "sql", "opportunity", "customer")}


def _experiment(
    experiment: Experiment,
    result: ExperimentResult | None,
    kpis: Mapping[str, tuple[Goal | None, Kpi]],
    lang: Lang,
) -> ExperimentLine:
    kpi = kpis[experiment.kpi][1].name if experiment.kpi is not None and experiment.kpi in kpis else "—"
    if experiment.start and experiment.end:
        period = render(msg("common.period", start=experiment.start, last_day=experiment.end), lang)
    elif experiment.start:
        period = render(msg("report.experiment.since", start=experiment.start), lang)
    else:
        period = "—"
    if result is None:
        return ExperimentLine(experiment.name, kpi, period, "—", "")
    lead = result.lead
    detail = render(
        msg(
            "report.experiment.detail",
            variant=lead.variant.name,
            control=lead.control.name,
            rate=Percent(Decimal(repr(lead.variant.rate)), 1),
            control_rate=Percent(Decimal(repr(lead.control.rate)), 1),
            uplift="—" if lead.uplift is None else Percent(Decimal(repr(lead.uplift)), 1),
        ),
        lang,
    )
    return ExperimentLine(experiment.name, kpi, period, render(result.verdict.label, lang), detail)


def _goal_counts(goal: Goal, lines: Mapping[str, KpiLine], lang: Lang) -> str:
    counts: dict[Status, int] = {}
    for kpi in goal.kpis:
        if kpi.id in lines:
            status = Status(lines[kpi.id].status)
            counts[status] = counts.get(status, 0) + 1
    return ", ".join(
        f"{count} {render(status.label, lang)}"
        for status in ATTENTION_ORDER
        if (count := counts.get(status, 0))
    )


def _labels(lang: Lang, inputs: ReportInputs, month_text: str) -> dict[str, str]:
    keys = (
        "summary", "goals", "attention", "nothing_needs_attention", "by_phase", "changes", "kpis",
        "months", "diagnosis", "causes", "suggestions", "actions_taken", "none_taken", "funnel",
        "no_funnel", "experiments", "col_kpi", "col_status", "col_previous", "col_value", "col_target",
        "col_forecast", "col_chance", "col_stage", "col_planned", "col_actual", "col_difference",
        "col_test", "col_period", "col_verdict", "period", "page", "reason", "partial",
    )  # fmt: skip
    labels = {key: render(msg(f"report.label.{key}"), lang) for key in keys}
    previous_end = add(inputs.month, Grain.MONTH, -1)
    labels["no_changes"] = render(msg("report.no_changes", month=month_label(previous_end, lang)), lang)
    labels["no_experiments"] = render(msg("report.no_experiments", month=month_text), lang)
    labels["footer"] = render(msg("report.footer", workspace=inputs.workspace.name, month=month_text), lang)
    return labels


def _subperiod_label(period: Period, lang: Lang) -> str:
    if period.grain is Grain.MONTH or (period.start.day == 1 and period.days <= 31):
        return month_label(period.start, lang)
    return render(msg("common.period", start=period.start, last_day=period.last_day), lang)


def _rounded(value: Decimal) -> Decimal:
    rounded = value.quantize(Decimal(1)) if abs(value) >= 10 else value.quantize(Decimal("0.01"))
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded


def _shown(value: Decimal, unit: Unit, currency: str) -> Any:
    """A value as a message parameter that formats in its unit, rounded for reading."""
    match unit:
        case Unit.PERCENT:
            return Percent(value)
        case Unit.MONEY:
            return Money(value.quantize(Decimal("0.01")), currency)
        case Unit.SECONDS:
            return Seconds(value)
    return _rounded(value)


def _measure(value: Decimal | None, unit: Unit, lang: Lang, currency: str) -> str:
    if value is None:
        return "—"
    shown = _shown(value, unit, currency)
    text = format_value(shown, lang)
    return text + "×" if unit is Unit.MULTIPLE else text
