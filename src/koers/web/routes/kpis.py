"""Goals and KPIs: the list by goal, a KPI's detail (chart, SMART, diagnosis, actions) and the KPI
editor with its sentence box and live SMART check; the same as JSON under ``/api``.

The editor reads a form of text fields (numbers as the reader writes them: ``1.500`` in Dutch) into
a :class:`~koers.domain.kpi.Kpi` with :func:`read_kpi`, which collects every problem per field
instead of stopping at the first, so the page can show each next to its field. A sentence fills the
fields through :func:`koers.domain.sentence.parse_kpi_sentence`; the live check runs
:func:`koers.domain.smart.check_smart` with the warehouse's history, as ``koers check`` does.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Annotated, Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from koers.charts import kpi_chart
from koers.domain.kpi import DIMENSIONS, Aggregation, Comparator, Goal, Kpi, SubperiodRule, slugify
from koers.domain.metric import Catalog, MetricDef, Unit
from koers.domain.period import Grain, Period, today_in
from koers.domain.sentence import ProposedKpi, SentenceError, parse_kpi_sentence
from koers.domain.smart import (
    FocusWarning,
    SmartReport,
    Verdict,
    WorkspaceReport,
    check_smart,
    check_workspace,
    phase_coverage,
)
from koers.domain.steering import Action, Experiment
from koers.domain.workspace import Severity, Workspace, validate_workspace
from koers.errors import KoersError
from koers.i18n import LOCALES, Lang, Localized, Msg, msg, render
from koers.metrics.actuals import smart_inputs
from koers.monitor.diagnosis import CAUSE_KINDS, Diagnosis, diagnose
from koers.monitor.evaluate import KpiEvaluation
from koers.monitor.experiments import ExperimentError, ExperimentResult, analyse_experiment
from koers.monitor.forecast import load_daily_series
from koers.monitor.status import Status
from koers.monitor.steering import Suggestion, suggest
from koers.present import describe_kpi_target, describe_period
from koers.web.deps import EditorAccess, NotFound, SiteDep, ViewerAccess, WorkspaceAccess
from koers.web.site import Site, WorkspaceHandle
from koers.web.templating import env, page
from koers.web.views import KpiTile, kpi_tile

router = APIRouter(tags=["kpis"])
api = APIRouter(prefix="/api", tags=["kpis"])

RESERVED_IDS = frozenset({"new"})
"""KPI ids that would clash with a page's path (``/kpis/new``)."""

MAX_FIELD = 2000
"""The longest text a field takes (a description); names and ids are shorter."""
MAX_NAME = 200
MAX_ABS = Decimal("1e15")
"""Numbers beyond this are typing errors, and would overflow the charts' floats."""

TEXT_FIELDS = (
    "sentence",
    "id",
    "name",
    "metric",
    "comparator",
    "target",
    "target_upper",
    "start",
    "end",
    "aggregation",
    "subperiod",
    "subperiod_rule",
    "phase",
    "goal",
    "owner",
    "baseline",
    "segment",
    "description",
    "accepted_by",
    "accepted_on",
)
"""The editor's fields, as text. ``end`` is the inclusive last day, as users read a period."""

FILLED_BY_SENTENCE = (
    "metric",
    "comparator",
    "target",
    "target_upper",
    "start",
    "end",
    "aggregation",
    "subperiod",
    "subperiod_rule",
    "phase",
    "baseline",
    "segment",
)

ATTENTION = (Status.AT_RISK, Status.OFF_TRACK)
"""Statuses whose detail page shows a diagnosis."""


# --- the form: text fields <-> a Kpi ---------------------------------------------------------------


@dataclass
class Draft:
    """The editor's state: the fields as text, the problems per field, what the sentence assumed."""

    values: dict[str, str]
    errors: dict[str, Msg] = field(default_factory=dict)
    assumptions: list[Msg] = field(default_factory=list)
    kpi: Kpi | None = None
    goal: str | None = None

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def problems(self) -> list[tuple[Msg | None, Msg]]:
        """Every problem with the label of its field (where the editor shows that field)."""
        return [(field_label(name), problem) for name, problem in self.errors.items()]


def field_label(name: str) -> Msg | None:
    if name == "sentence":
        return msg("web.kpi.sentence")
    if name in TEXT_FIELDS:
        return msg(f"web.kpi.field.{name}")
    return None


class _FieldProblem(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(message.key)
        self.message = message


def clean_values(form: Mapping[str, Any]) -> dict[str, str]:
    """The editor's fields from a submitted form, trimmed (anything else is ignored)."""
    values: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str):
            values[name] = value.strip()[: MAX_FIELD + 1]
    return values


def number_text(value: Decimal | None, unit: Unit | None, lang: Lang) -> str:
    """A number as the reader writes it in a field (a percentage as ``40%``)."""
    if value is None:
        return ""
    if unit is Unit.PERCENT:
        return format_decimal(value * 100, locale=LOCALES[lang], decimal_quantization=False) + "%"
    return format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)


_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_number(text: str, lang: Lang, unit: Unit | None) -> Decimal:
    """A number written in ``lang`` (``1.500`` is fifteen hundred in Dutch); ``40%`` and, for a
    percentage metric, a plain ``40`` read as 0.4. Raises :class:`_FieldProblem`."""
    cleaned = re.sub(r"[\s\u00a0\u202f€$£]", "", text)
    percent = cleaned.endswith("%")
    cleaned = cleaned.rstrip("%")
    try:
        value = parse_decimal(cleaned, locale=LOCALES[lang], strict=True)
    except NumberFormatError:
        if not _PLAIN_NUMBER.match(cleaned):
            raise _FieldProblem(msg("web.kpi.error.number", text=text[:40])) from None
        value = Decimal(cleaned)
    if not value.is_finite():
        raise _FieldProblem(msg("web.kpi.error.number", text=text[:40]))
    if abs(value) >= MAX_ABS:
        raise _FieldProblem(msg("web.kpi.error.too_large"))
    if percent or (unit is Unit.PERCENT and value > 1):
        value = value / 100
    return value


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _FieldProblem(msg("web.kpi.error.date", text=text[:40])) from None


def segment_text(segment: Mapping[str, str]) -> str:
    return "; ".join(f"{key}: {value}" for key, value in segment.items())


def parse_segment(text: str) -> dict[str, str]:
    segment: dict[str, str] = {}
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        key, sep, value = part.partition(":") if ":" in part else part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise _FieldProblem(msg("web.kpi.error.segment"))
        if key not in DIMENSIONS:
            raise _FieldProblem(msg("ws.unknown_dimension", dimension=key, known=sorted(DIMENSIONS)))
        segment[key] = value
    return segment


def kpi_values(kpi: Kpi, goal: Goal | None, workspace: Workspace, lang: Lang) -> dict[str, str]:
    """The fields of a stored KPI, for its edit form."""
    unit = _unit(kpi.metric, kpi.unit, workspace.catalog)
    return {
        "id": kpi.id,
        "name": kpi.name,
        "metric": kpi.metric,
        "comparator": kpi.comparator.value,
        "target": number_text(kpi.target, unit, lang),
        "target_upper": number_text(kpi.target_upper, unit, lang),
        "start": kpi.period.start.isoformat() if kpi.period else "",
        "end": kpi.period.last_day.isoformat() if kpi.period else "",
        "aggregation": kpi.aggregation.value,
        "subperiod": kpi.subperiod.value if kpi.subperiod else "",
        "subperiod_rule": kpi.subperiod_rule.value,
        "phase": kpi.phase or "",
        "goal": goal.id if goal else "",
        "owner": kpi.owner or "",
        "baseline": number_text(kpi.baseline, unit, lang),
        "segment": segment_text(kpi.segment),
        "description": kpi.description or "",
        "accepted_by": kpi.accepted.by if kpi.accepted else "",
        "accepted_on": kpi.accepted.on.isoformat() if kpi.accepted else "",
    }


def proposal_values(proposed: ProposedKpi, workspace: Workspace, lang: Lang) -> dict[str, str]:
    """The fields a sentence fills."""
    unit = _unit(proposed.metric, proposed.unit, workspace.catalog)
    phases = workspace.journey_model.phase_keys
    phase = proposed.phase or proposed.suggested_phase or ""
    return {
        "metric": proposed.metric,
        "comparator": proposed.comparator.value,
        "target": number_text(proposed.target, unit, lang),
        "target_upper": number_text(proposed.target_upper, unit, lang),
        "start": proposed.period.start.isoformat() if proposed.period else "",
        "end": proposed.period.last_day.isoformat() if proposed.period else "",
        "aggregation": proposed.aggregation.value,
        "subperiod": proposed.subperiod.value if proposed.subperiod else "",
        "subperiod_rule": proposed.subperiod_rule.value,
        "phase": phase if phase in phases else "",
        "baseline": number_text(proposed.baseline, unit, lang),
        "segment": segment_text(proposed.segment),
        "name": proposed.name[:MAX_NAME],
    }


def _unit(metric: str, unit: Unit | None, catalog: Catalog) -> Unit | None:
    if unit is not None:
        return unit
    found = catalog.get(metric)
    return found.unit if found is not None else None


def read_sentence(draft: Draft, workspace: Workspace, *, overwrite: bool) -> None:
    """Fill the draft's fields from its sentence: every field the sentence speaks of when
    ``overwrite`` (the user asked), else only the empty ones, and only when the metric and target
    are both still empty (the structured fields win once they are used)."""
    sentence = draft.value("sentence")
    if not sentence:
        if overwrite:
            draft.errors["sentence"] = msg("web.kpi.error.required")
        return
    if not overwrite and (draft.value("metric") or draft.value("target")):
        return
    if len(sentence) > 1000:
        draft.errors["sentence"] = msg("web.kpi.error.too_long", length=1000)
        return
    try:
        proposed = parse_kpi_sentence(
            sentence,
            ref_date=today_in(workspace.timezone),
            catalog=workspace.catalog,
            journey=workspace.journey_model,
            currency=workspace.currency,
        )
    except SentenceError as error:
        draft.errors["sentence"] = error.message
        return
    lang = _draft_lang(draft)
    for name, value in proposal_values(proposed, workspace, lang).items():
        if name == "name":
            if not draft.value("name"):
                draft.values["name"] = value
        elif overwrite or not draft.value(name):
            draft.values[name] = value
    draft.assumptions = list(proposed.assumptions)


def _draft_lang(draft: Draft) -> Lang:
    return Lang(draft.values.get("_lang", Lang.NL))


def read_kpi(
    draft: Draft, workspace: Workspace, *, original: Kpi | None = None, number_lang: Lang | None = None
) -> Kpi | None:
    """The KPI the draft's fields describe, or ``None`` with the problems in ``draft.errors``.

    ``original`` is the KPI being edited: its id stays, and what the form does not show (its
    source, and its unit while the metric stays the same) carries over."""
    values = draft.values
    lang = number_lang or _draft_lang(draft)
    errors = draft.errors
    catalog = workspace.catalog
    data: dict[str, Any] = {}

    def text(name: str, *, required: bool = False, length: int = MAX_FIELD) -> str | None:
        value = values.get(name, "")
        if len(value) > length:
            errors[name] = msg("web.kpi.error.too_long", length=length)
            return None
        if not value:
            if required:
                errors[name] = msg("web.kpi.error.required")
            return None
        return value

    def choice(name: str, options: Iterable[str], default: str | None = None) -> str | None:
        value = values.get(name, "") or default
        if value is None:
            return None
        if value not in set(options):
            errors[name] = msg("web.kpi.error.choice")
            return None
        return value

    name = text("name", required=True, length=MAX_NAME)
    metric_key = text("metric", required=True, length=100)
    metric: MetricDef | None = None
    if metric_key is not None:
        metric = catalog.get(metric_key)
        if metric is None:
            errors["metric"] = msg("web.kpi.error.unknown_metric", metric=metric_key)
    unit = original.unit if original is not None and original.metric == metric_key else None
    number_unit = unit or (metric.unit if metric is not None else None)

    def number(name: str, *, required: bool = False) -> Decimal | None:
        value = text(name, required=required, length=60)
        if value is None:
            return None
        try:
            return parse_number(value, lang, number_unit)
        except _FieldProblem as problem:
            errors[name] = problem.message
            return None

    def day(name: str) -> date | None:
        value = text(name, length=20)
        if value is None:
            return None
        try:
            return parse_day(value)
        except _FieldProblem as problem:
            errors[name] = problem.message
            return None

    data["target"] = number("target", required=True)
    data["target_upper"] = number("target_upper")
    data["baseline"] = number("baseline")
    data["comparator"] = choice("comparator", [c.value for c in Comparator], Comparator.AT_LEAST.value)
    data["aggregation"] = choice("aggregation", [a.value for a in Aggregation], Aggregation.TOTAL.value)
    data["subperiod"] = choice("subperiod", [g.value for g in Grain]) if values.get("subperiod") else None
    data["subperiod_rule"] = choice(
        "subperiod_rule", [r.value for r in SubperiodRule], SubperiodRule.EVERY.value
    )
    start, last = day("start"), day("end")
    period: Period | None = None
    if start is not None and last is not None:
        if last < start:
            errors["end"] = msg("web.kpi.error.end_before_start")
        else:
            period = Period.inclusive(start, last)
    elif (start is None) != (last is None) and "start" not in errors and "end" not in errors:
        errors["end" if start is not None else "start"] = msg("web.kpi.error.half_period")
    phase = text("phase", length=100)
    if phase is not None and phase not in workspace.journey_model.phase_keys:
        errors["phase"] = msg("web.kpi.error.unknown_phase", phase=phase)
    goal = text("goal", length=100)
    if goal is not None and goal not in {g.id for g in workspace.goals}:
        errors["goal"] = msg("web.kpi.error.unknown_goal", goal=goal)
    segment: dict[str, str] = dict(original.segment) if original is not None else {}
    if "segment" in values:
        try:
            segment = parse_segment(values["segment"])
        except _FieldProblem as problem:
            errors["segment"] = problem.message
    accepted_by = text("accepted_by", length=MAX_NAME)
    accepted_on = day("accepted_on")
    accepted = None
    if accepted_by is not None:
        accepted = {"by": accepted_by, "on": accepted_on or today_in(workspace.timezone)}

    kpi_id = original.id if original is not None else _new_id(values.get("id", ""), name, workspace, errors)
    if errors:
        return None
    data.update(
        id=kpi_id,
        name=name,
        metric=metric_key,
        unit=unit,
        period=period,
        segment=segment,
        phase=phase,
        owner=text("owner", length=MAX_NAME),
        source=original.source if original is not None else None,
        accepted=accepted,
        description=text("description"),
    )
    try:
        kpi = Kpi.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            place, found = _pydantic_problem(detail)
            errors.setdefault(place, found)
        return None
    draft.kpi, draft.goal = kpi, goal
    return kpi


def _new_id(given: str, name: str | None, workspace: Workspace, errors: dict[str, Msg]) -> str:
    taken = {kpi.id for _, kpi in workspace.all_kpis()} | RESERVED_IDS
    if given:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", given) or len(given) > 80:
            errors["id"] = msg("web.kpi.error.bad_id")
        elif given in taken:
            errors["id"] = msg("web.kpi.error.duplicate_id", id=given)
        return given
    base = slugify(name or "kpi")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


_MODEL_PROBLEMS = {
    "between_needs_upper": ("target_upper", "web.kpi.error.between_needs_upper"),
    "upper_without_between": ("target_upper", "web.kpi.error.upper_without_between"),
    "target_upper_not_above": ("target_upper", "web.kpi.error.upper_not_above"),
    "subperiod_missing": ("subperiod", "web.kpi.error.subperiod_missing"),
    "period_end_before_start": ("end", "web.kpi.error.end_before_start"),
}


def _pydantic_problem(detail: Mapping[str, Any]) -> tuple[str, Msg]:
    """A pydantic error as (field, message): never pydantic's English."""
    kind = str(detail.get("type", ""))
    loc = [str(step) for step in detail.get("loc", ())]
    if kind in _MODEL_PROBLEMS:
        place, key = _MODEL_PROBLEMS[kind]
        return place, msg(key)
    place = loc[0] if loc else "name"
    if place == "period":
        place = "end"
    if place == "id" and kind == "string_pattern_mismatch":
        return "id", msg("web.kpi.error.bad_id")
    return place, msg("web.kpi.error.invalid")


def place_kpi(workspace: Workspace, kpi: Kpi, goal_id: str | None, replaces: str | None = None) -> Workspace:
    """The workspace with ``kpi`` under goal ``goal_id`` (or among the KPIs without a goal); when
    it ``replaces`` a KPI it takes that one's place if the goal stays the same."""

    def put(kpis: tuple[Kpi, ...], here: bool) -> tuple[Kpi, ...]:
        result: list[Kpi] = []
        placed = False
        for item in kpis:
            if item.id == replaces:
                if here:
                    result.append(kpi)
                    placed = True
                continue
            result.append(item)
        if here and not placed:
            result.append(kpi)
        return tuple(result)

    goals = tuple(
        goal.model_copy(update={"kpis": put(goal.kpis, goal.id == goal_id)}) for goal in workspace.goals
    )
    return workspace.model_copy(update={"goals": goals, "kpis": put(workspace.kpis, goal_id is None)})


def without_kpi(workspace: Workspace, kpi_id: str) -> Workspace:
    """The workspace without KPI ``kpi_id``; actions and A/B tests that named it are kept, untied."""
    goals = tuple(
        goal.model_copy(update={"kpis": tuple(k for k in goal.kpis if k.id != kpi_id)})
        for goal in workspace.goals
    )
    actions = tuple(a.model_copy(update={"kpi": None}) if a.kpi == kpi_id else a for a in workspace.actions)
    experiments = tuple(
        e.model_copy(update={"kpi": None}) if e.kpi == kpi_id else e for e in workspace.experiments
    )
    return workspace.model_copy(
        update={
            "goals": goals,
            "kpis": tuple(k for k in workspace.kpis if k.id != kpi_id),
            "actions": actions,
            "experiments": experiments,
        }
    )


def consistency_errors(workspace: Workspace, kpi_id: str) -> dict[str, Msg]:
    """The cross-field errors :func:`validate_workspace` finds in the KPI ``kpi_id``, by field."""
    path = workspace.kpi_path(kpi_id)
    found: dict[str, Msg] = {}
    for issue in validate_workspace(workspace):
        if issue.severity is Severity.ERROR and issue.path.startswith(path + "."):
            place = issue.path[len(path) + 1 :].split(".")[0].split("[")[0]
            found.setdefault("end" if place == "period" else place, issue.message)
    return found


def save_draft(
    draft: Draft,
    access: WorkspaceAccess,
    site: Site,
    *,
    original: Kpi | None,
    number_lang: Lang | None = None,
) -> Kpi | None:
    """Read the draft into a KPI and save the workspace with it; ``None`` (and the problems in
    ``draft.errors``) when anything is wrong, and then nothing is saved."""
    handle = access.handle
    with handle.lock:  # read, change and write the workspace as one step
        workspace = handle.current()
        if original is not None:
            try:
                original = workspace.kpi(original.id)
            except KeyError:
                raise NotFound from None
        read_sentence(draft, workspace, overwrite=False)
        kpi = read_kpi(draft, workspace, original=original, number_lang=number_lang)
        if kpi is None:
            return None
        changed = place_kpi(workspace, kpi, draft.goal, original.id if original else None)
        problems = consistency_errors(changed, kpi.id)
        if problems:
            draft.errors.update(problems)
            return None
        handle.save(changed, site.database)
        return kpi


# --- SMART with the warehouse's data ---------------------------------------------------------------


_SMART_CACHE: weakref.WeakKeyDictionary[WorkspaceHandle, tuple[int, date, WorkspaceReport]] = (
    weakref.WeakKeyDictionary()
)


def workspace_smart(handle: WorkspaceHandle, day: date) -> WorkspaceReport:
    """Every KPI's SMART check and the focus warnings, once per version of the workspace."""
    with handle.lock:
        workspace = handle.current()
        cached = _SMART_CACHE.get(handle)
        if cached is not None and cached[0] == handle.version and cached[1] == day:
            return cached[2]
        with handle.engine() as engine:
            history, measurable = smart_inputs(engine, [kpi for _, kpi in workspace.all_kpis()], day)
            report = check_workspace(workspace, history_for=history, measurable=measurable, today=day)
        _SMART_CACHE[handle] = (handle.version, day, report)
        return report


def kpi_smart(handle: WorkspaceHandle, workspace: Workspace, kpi: Kpi, day: date) -> SmartReport:
    """The SMART check of one KPI (a stored one or a draft), with the warehouse's data."""
    with handle.engine() as engine:
        history, measurable = smart_inputs(engine, [kpi], day)
        return check_smart(
            kpi,
            catalog=workspace.catalog,
            journey=workspace.journey_model,
            history=history(kpi) if history is not None else None,
            measurable=measurable,
            today=day,
            currency=workspace.currency,
        )


def check_draft(draft: Draft, access: WorkspaceAccess, day: date) -> SmartReport | None:
    """The live check: the draft (its sentence read where the fields are still empty) checked on
    SMART; ``None`` while it is no KPI yet (the problems are in ``draft.errors``)."""
    workspace = access.handle.current()
    read_sentence(draft, workspace, overwrite=False)
    original: Kpi | None = None
    editing = draft.values.get("_editing")
    if editing:
        try:
            original = workspace.kpi(editing)
        except KeyError:
            original = None
    kpi = read_kpi(draft, workspace, original=original)
    if kpi is None:
        return None
    return kpi_smart(access.handle, workspace, kpi, day)


# --- pages -----------------------------------------------------------------------------------------


async def form_fields(request: Request) -> dict[str, str]:
    """The editor's fields from the submitted form (and, as ``_intent``, which button sent it)."""
    form = await request.form()
    values = clean_values(form)
    if form.get("intent") == "parse":
        values["_intent"] = "parse"
    return values


FormFields = Annotated[dict[str, str], Depends(form_fields)]


@dataclass(frozen=True, slots=True)
class KpiRow:
    kpi: Kpi
    tile: KpiTile | None
    smart: SmartReport | None
    phase: Localized | None


@dataclass(frozen=True, slots=True)
class GoalSection:
    goal: Goal | None
    rows: list[KpiRow]


def _phase_name(workspace: Workspace, key: str | None) -> Localized | None:
    if key is None or key not in workspace.journey_model.phase_keys:
        return None
    return workspace.journey_model.phase(key).name


def goal_sections(
    workspace: Workspace, evaluations: list[KpiEvaluation], report: WorkspaceReport, lang: Lang
) -> list[GoalSection]:
    """Each goal with its KPIs in journey order, then the KPIs without a goal."""
    by_id = {item.kpi_id: item for item in evaluations}
    smart = {item.kpi_id: item for item in report.smart.values()}
    order = {key: index for index, key in enumerate(workspace.journey_model.phase_keys)}

    def rows(goal: Goal | None, kpis: Iterable[Kpi]) -> list[KpiRow]:
        ordered = sorted(kpis, key=lambda kpi: order.get(kpi.phase or "", len(order)))
        return [
            KpiRow(
                kpi,
                kpi_tile(workspace, goal, kpi, by_id[kpi.id], lang) if kpi.id in by_id else None,
                smart.get(kpi.id),
                _phase_name(workspace, kpi.phase),
            )
            for kpi in ordered
        ]

    sections = [GoalSection(goal, rows(goal, goal.kpis)) for goal in workspace.goals]
    if workspace.kpis:
        sections.append(GoalSection(None, rows(None, workspace.kpis)))
    return sections


def coverage_text(workspace: Workspace, lang: Lang) -> str:
    journey = workspace.journey_model
    return ", ".join(
        f"{journey.phase(key).name.in_(lang)} {len(ids)}" for key, ids in phase_coverage(workspace).items()
    )


@router.get("/w/{workspace_id}/kpis", include_in_schema=False)
def kpis_page(
    request: Request, access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)
) -> Response:
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    report = workspace_smart(access.handle, day)
    focus: tuple[FocusWarning, ...] = report.focus
    return page(
        request,
        "kpis.html",
        {
            "access": access,
            "workspace": workspace,
            "section": "kpis",
            "as_of": day,
            "sections": goal_sections(workspace, access.handle.evaluations(day), report, access.lang),
            "focus": focus,
            "coverage": coverage_text(workspace, access.lang),
        },
    )


def _form_page(
    request: Request,
    access: WorkspaceAccess,
    draft: Draft,
    *,
    original: Kpi | None,
    smart: SmartReport | None,
    status_code: int = 200,
) -> Response:
    workspace = access.handle.current()
    return page(
        request,
        "kpi_form.html",
        {
            **form_context(workspace, access, draft, smart),
            "original": original,
            "not_saved": bool(draft.errors) and status_code == 422,
        },
        status_code=status_code,
    )


def form_context(
    workspace: Workspace, access: WorkspaceAccess, draft: Draft, smart: SmartReport | None
) -> dict[str, Any]:
    """What the editor's templates need besides the draft."""
    catalog = workspace.catalog
    lang = access.lang
    metrics = sorted(
        ((key, metric.name_nl if lang is Lang.NL else metric.name_en) for key, metric in catalog.items()),
        key=lambda item: item[1].casefold(),
    )
    return {
        "access": access,
        "workspace": workspace,
        "section": "kpis",
        "draft": draft,
        "smart": smart,
        "metrics": metrics,
        "phases": workspace.journey_model.phases,
        "goals": workspace.goals,
        "comparators": list(Comparator),
        "aggregations": list(Aggregation),
        "grains": list(Grain),
        "rules": list(SubperiodRule),
    }


def _new_draft(values: dict[str, str], lang: Lang, editing: str | None = None) -> Draft:
    values = {**values, "_lang": lang.value}
    if editing:
        values["_editing"] = editing
    return Draft(values)


def _filled_page(
    request: Request, access: WorkspaceAccess, site: Site, draft: Draft, original: Kpi | None
) -> Response:
    workspace = access.handle.current()
    read_sentence(draft, workspace, overwrite=True)
    smart = check_draft(Draft(dict(draft.values)), access, site.as_of(workspace))
    return _form_page(request, access, draft, original=original, smart=smart)


@router.get("/w/{workspace_id}/kpis/new", include_in_schema=False)
def new_kpi_page(request: Request, access: EditorAccess, goal: str | None = Query(None)) -> Response:
    values = {"goal": goal} if goal and goal in {g.id for g in access.workspace.goals} else {}
    return _form_page(request, access, _new_draft(values, access.lang), original=None, smart=None)


@router.post("/w/{workspace_id}/kpis", include_in_schema=False)
def create_kpi(request: Request, access: EditorAccess, site: SiteDep, fields: FormFields) -> Response:
    draft = _new_draft(fields, access.lang)
    if fields.get("_intent") == "parse":  # the sentence button, without JavaScript
        return _filled_page(request, access, site, draft, original=None)
    kpi = save_draft(draft, access, site, original=None)
    if kpi is None:
        return _form_page(request, access, draft, original=None, smart=None, status_code=422)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis/{kpi.id}", status_code=303)


@router.post("/w/{workspace_id}/kpis/check", include_in_schema=False)
def check_fragment(request: Request, access: EditorAccess, site: SiteDep, fields: FormFields) -> Response:
    """The live SMART check of the editor's fields (htmx swaps it into ``#smart``)."""
    editing = (request.query_params.get("kpi") or "")[:100] or None
    draft = _new_draft(fields, access.lang, editing)
    smart = check_draft(draft, access, site.as_of(access.workspace))
    return page(request, "_smart.html", {"smart": smart, "draft": draft})


@router.post("/w/{workspace_id}/kpis/parse", include_in_schema=False)
def parse_fragment(request: Request, access: EditorAccess, site: SiteDep, fields: FormFields) -> Response:
    """The editor's fields filled from the sentence (htmx swaps them into ``#kpi-fields``), with
    the SMART check alongside."""
    editing = (request.query_params.get("kpi") or "")[:100] or None
    draft = _new_draft(fields, access.lang, editing)
    workspace = access.handle.current()
    read_sentence(draft, workspace, overwrite=True)
    smart = check_draft(Draft(dict(draft.values)), access, site.as_of(workspace))
    return page(
        request,
        "_kpi_fields.html",
        {**form_context(workspace, access, draft, smart), "oob": True, "original": None},
    )


def _known_kpi(workspace: Workspace, kpi_id: str) -> tuple[Goal | None, Kpi]:
    for goal, kpi in workspace.all_kpis():
        if kpi.id == kpi_id:
            return goal, kpi
    raise NotFound


@dataclass(frozen=True, slots=True)
class ExperimentView:
    name: str
    hypothesis: str | None
    start: date | None
    end: date | None
    variants: list[tuple[str, int, int]]
    result: ExperimentResult | None
    problem: Msg | None


def experiment_views(workspace: Workspace, kpi_id: str) -> list[ExperimentView]:
    views = []
    for experiment in workspace.experiments:
        if experiment.kpi != kpi_id:
            continue
        result: ExperimentResult | None = None
        problem: Msg | None = None
        try:
            result = analyse_experiment(experiment)
        except KoersError as error:
            problem = getattr(error, "message", None)
        views.append(
            ExperimentView(
                experiment.name,
                experiment.hypothesis,
                experiment.start,
                experiment.end,
                [(v.name, v.visitors, v.conversions) for v in experiment.variants],
                result,
                problem,
            )
        )
    return views


@dataclass
class KpiDetail:
    """Everything the detail page and the API show of one KPI."""

    goal: Goal | None
    kpi: Kpi
    evaluation: KpiEvaluation
    tile: KpiTile
    smart: SmartReport
    chart: dict[str, Any] | None
    diagnosis: Diagnosis | None
    suggestions: list[Suggestion]


def kpi_detail(access: WorkspaceAccess, kpi_id: str, day: date, *, with_chart: bool = True) -> KpiDetail:
    """What the detail page shows of a KPI; computed once per version of the workspace, day and
    language (the chart, the daily series and the diagnosis take a fifth of a second)."""
    _known_kpi(access.workspace, kpi_id)
    return access.handle.memo(
        ("kpi_detail", kpi_id, day, access.lang, with_chart),
        lambda: _kpi_detail(access.handle, access.lang, kpi_id, day, with_chart=with_chart),
    )


def prepare_details(handle: WorkspaceHandle, day: date) -> None:
    """Compute every KPI's detail ahead of the first visit, in the workspace's language."""
    workspace = handle.current()
    lang = workspace.language
    for _, kpi in workspace.all_kpis():
        detail = handle.memo(
            ("kpi_detail", kpi.id, day, lang, True),
            partial(_kpi_detail, handle, lang, kpi.id, day, with_chart=True),
        )
        for can_edit in (False, True):
            detail_main(handle, detail, day, lang, can_edit)


def _kpi_detail(
    handle: WorkspaceHandle, lang: Lang, kpi_id: str, day: date, *, with_chart: bool
) -> KpiDetail:
    workspace = handle.current()
    goal, kpi = _known_kpi(workspace, kpi_id)
    try:
        evaluation = handle.evaluation(kpi.id, day)
    except KeyError:
        raise NotFound from None
    tile = kpi_tile(workspace, goal, kpi, evaluation, lang)
    smart = kpi_smart(handle, workspace, kpi, day)
    chart: dict[str, Any] | None = None
    found: Diagnosis | None = None
    with handle.engine() as engine:
        if with_chart and kpi.period is not None and evaluation.actual.started:
            try:
                daily = load_daily_series(kpi, engine, day) if kpi.metric in workspace.catalog else None
            except KoersError:
                daily = None
            chart = kpi_chart(evaluation, kpi, lang=lang, daily=daily, currency=workspace.currency)
        if evaluation.status in ATTENTION:
            try:
                found = diagnose(kpi, engine, day, workspace=workspace)
            except KoersError:
                found = None
    suggestions = suggest(found) if found is not None else []
    return KpiDetail(goal, kpi, evaluation, tile, smart, chart, found, suggestions)


def detail_main(handle: WorkspaceHandle, detail: KpiDetail, day: date, lang: Lang, can_edit: bool) -> Markup:
    """The page up to the actions, rendered once per version, KPI, day, language and rights."""

    def render() -> Markup:
        workspace = handle.current()
        html = env.get_template("_kpi_detail_main.html").render(
            lang=lang,
            access={"can_edit": can_edit},
            workspace=workspace,
            as_of=day,
            d=detail,
            period_text=describe_period(detail.kpi.period, lang) if detail.kpi.period else None,
            target_text=describe_kpi_target(detail.kpi, workspace.catalog, lang, workspace.currency),
            causes=CAUSE_KINDS,
        )
        return Markup(html)

    return handle.memo(("kpi_detail_html", detail.kpi.id, day, lang, can_edit), render)


def detail_context(access: WorkspaceAccess, kpi_id: str, day: date) -> dict[str, Any]:
    workspace = access.workspace
    detail = kpi_detail(access, kpi_id, day)
    return {
        "access": access,
        "workspace": workspace,
        "section": "kpis",
        "as_of": day,
        "d": detail,
        "main": detail_main(access.handle, detail, day, access.lang, access.can_edit),
        "actions": sorted((a for a in workspace.actions if a.kpi == kpi_id), key=lambda a: a.date),
        "experiments": experiment_views(workspace, kpi_id),
        "causes": CAUSE_KINDS,
        "action_day": today_in(workspace.timezone),
        "action_errors": {},
        "action_values": {"by": access.user.display_name},
        "experiment_errors": {},
        "experiment_values": {},
        "experiment_rows": EXPERIMENT_ROWS,
        "saved": False,
    }


@router.get("/w/{workspace_id}/kpis/{kpi_id}", include_in_schema=False)
def kpi_page(
    request: Request, access: ViewerAccess, site: SiteDep, kpi_id: str, as_of: date | None = Query(None)
) -> Response:
    context = detail_context(access, kpi_id, as_of or site.as_of(access.workspace))
    context["saved"] = request.query_params.get("saved") == "action"
    context["experiment_saved"] = request.query_params.get("saved") == "experiment"
    return page(request, "kpi_detail.html", context)


@router.get("/w/{workspace_id}/kpis/{kpi_id}/edit", include_in_schema=False)
def edit_kpi_page(request: Request, access: EditorAccess, site: SiteDep, kpi_id: str) -> Response:
    workspace = access.workspace
    goal, kpi = _known_kpi(workspace, kpi_id)
    draft = _new_draft(kpi_values(kpi, goal, workspace, access.lang), access.lang, kpi.id)
    smart = kpi_smart(access.handle, workspace, kpi, site.as_of(workspace))
    return _form_page(request, access, draft, original=kpi, smart=smart)


@router.post("/w/{workspace_id}/kpis/{kpi_id}/edit", include_in_schema=False)
def update_kpi(
    request: Request, access: EditorAccess, site: SiteDep, kpi_id: str, fields: FormFields
) -> Response:
    _, kpi = _known_kpi(access.workspace, kpi_id)
    draft = _new_draft(fields, access.lang, kpi.id)
    if fields.get("_intent") == "parse":
        return _filled_page(request, access, site, draft, original=kpi)
    saved = save_draft(draft, access, site, original=kpi)
    if saved is None:
        return _form_page(request, access, draft, original=kpi, smart=None, status_code=422)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis/{saved.id}", status_code=303)


@router.post("/w/{workspace_id}/kpis/{kpi_id}/delete", include_in_schema=False)
async def delete_kpi(request: Request, access: EditorAccess, site: SiteDep, kpi_id: str) -> Response:
    """Without ``confirm`` the confirmation page; with it, the KPI goes."""
    form = await request.form()
    _, kpi = _known_kpi(access.workspace, kpi_id)
    if form.get("confirm") != "yes":
        workspace = access.workspace
        return page(
            request,
            "kpi_form.html",
            {
                "access": access,
                "workspace": workspace,
                "section": "kpis",
                "confirm_delete": kpi,
                "linked_actions": sum(1 for a in workspace.actions if a.kpi == kpi.id),
                "linked_experiments": sum(1 for e in workspace.experiments if e.kpi == kpi.id),
            },
        )
    remove_kpi(access, site, kpi.id)
    return RedirectResponse(f"/w/{access.workspace.id}/kpis", status_code=303)


def remove_kpi(access: WorkspaceAccess, site: Site, kpi_id: str) -> None:
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        _known_kpi(workspace, kpi_id)
        handle.save(without_kpi(workspace, kpi_id), site.database)


@router.post("/w/{workspace_id}/kpis/{kpi_id}/actions", include_in_schema=False)
async def log_action(request: Request, access: EditorAccess, site: SiteDep, kpi_id: str) -> Response:
    """Log an action for the KPI in the workspace's action log (as ``koers actions add``)."""
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("description", "date", "cause", "by")}
    errors: dict[str, Msg] = {}
    if not values["description"]:
        errors["description"] = msg("web.kpi.error.required")
    elif len(values["description"]) > MAX_FIELD:
        errors["description"] = msg("web.kpi.error.too_long", length=MAX_FIELD)
    day: date | None = None
    try:
        day = parse_day(values["date"]) if values["date"] else today_in(access.workspace.timezone)
    except _FieldProblem as problem:
        errors["date"] = problem.message
    if values["cause"] and values["cause"] not in CAUSE_KINDS:
        errors["cause"] = msg("web.kpi.error.choice")
    if len(values["by"]) > MAX_NAME:
        errors["by"] = msg("web.kpi.error.too_long", length=MAX_NAME)
    handle = access.handle
    if not errors and day is not None:
        with handle.lock:
            workspace = handle.current()
            _known_kpi(workspace, kpi_id)
            action = Action(
                date=day,
                description=values["description"],
                kpi=kpi_id,
                by=values["by"] or None,
                cause=values["cause"] or None,
            )
            handle.save(workspace.model_copy(update={"actions": (*workspace.actions, action)}), site.database)
        return RedirectResponse(
            f"/w/{access.workspace.id}/kpis/{kpi_id}?saved=action#actions", status_code=303
        )
    context = detail_context(access, kpi_id, site.as_of(access.workspace))
    context.update(action_errors=errors, action_values=values)
    return page(request, "kpi_detail.html", context, status_code=422)


# --- recording an A/B test -------------------------------------------------------------------------

EXPERIMENT_ROWS = 3
"""Variant rows in the form: the control, a variant, and an optional third."""
EXPERIMENT_FIELDS = (
    "name",
    "hypothesis",
    "start",
    "end",
    "mde",
    *(
        f"variant_{row}_{part}"
        for row in range(EXPERIMENT_ROWS)
        for part in ("name", "visitors", "conversions")
    ),
)


def _count(text: str, lang: Lang) -> int:
    """A whole number of 0 or more, as the reader writes it (``1.000`` in Dutch)."""
    try:
        value = parse_number(text, lang, None)
    except _FieldProblem:
        raise _FieldProblem(msg("web.kpi.error.whole_number", text=text[:40])) from None
    if value < 0 or value != value.to_integral_value():
        raise _FieldProblem(msg("web.kpi.error.whole_number", text=text[:40]))
    return int(value)


def read_experiment(
    values: Mapping[str, str], workspace: Workspace, kpi_id: str, lang: Lang, errors: dict[str, Msg]
) -> Experiment | None:
    """The A/B test the form describes, tied to ``kpi_id``, or ``None`` with the problems per field.

    Its figures are analysed once with :func:`analyse_experiment` so that a test the page could not
    judge is refused here, beside its fields."""
    name = values.get("name", "")
    if not name:
        errors["name"] = msg("web.kpi.error.required")
    elif len(name) > MAX_NAME:
        errors["name"] = msg("web.kpi.error.too_long", length=MAX_NAME)
    hypothesis = values.get("hypothesis", "")
    if len(hypothesis) > MAX_FIELD:
        errors["hypothesis"] = msg("web.kpi.error.too_long", length=MAX_FIELD)
    days: dict[str, date | None] = {}
    for key in ("start", "end"):
        days[key] = None
        if values.get(key):
            try:
                days[key] = parse_day(values[key])
            except _FieldProblem as problem:
                errors[key] = problem.message
    if days["start"] and days["end"] and days["end"] < days["start"]:
        errors["end"] = msg("web.kpi.error.end_before_start")
    effect: Decimal | None = None
    if values.get("mde"):
        try:
            effect = parse_number(values["mde"], lang, Unit.PERCENT)
        except _FieldProblem as problem:
            errors["mde"] = problem.message
        else:
            if not 0 < effect < 1:
                errors["mde"] = msg("web.kpi.error.mde_range")
    variants: list[dict[str, Any]] = []
    for row in range(EXPERIMENT_ROWS):
        prefix = f"variant_{row}_"
        label = values.get(prefix + "name", "") or chr(ord("A") + row)
        typed = [values.get(prefix + part, "") for part in ("visitors", "conversions")]
        if row >= 2 and not any(typed):
            continue  # the optional row, left empty
        if len(label) > 100:
            errors[prefix + "name"] = msg("web.kpi.error.too_long", length=100)
        counts: dict[str, int] = {}
        for part, text in zip(("visitors", "conversions"), typed, strict=True):
            if not text:
                errors[prefix + part] = msg("web.kpi.error.required")
                continue
            try:
                counts[part] = _count(text, lang)
            except _FieldProblem as problem:
                errors[prefix + part] = problem.message
        if counts.get("visitors") == 0:
            errors[prefix + "visitors"] = msg("web.kpi.error.no_visitors")
        elif len(counts) == 2 and counts["conversions"] > counts["visitors"]:
            errors[prefix + "conversions"] = msg("web.kpi.error.conversions_above_visitors")
        variants.append({"name": label, **counts})
    if errors:
        return None
    taken = {experiment.id for experiment in workspace.experiments}
    base = slugify(name)
    experiment_id, number = base, 2
    while experiment_id in taken:
        experiment_id, number = f"{base}-{number}", number + 1
    try:
        experiment = Experiment.model_validate(
            {
                "id": experiment_id,
                "name": name,
                "kpi": kpi_id,
                "hypothesis": hypothesis or None,
                "start": days["start"],
                "end": days["end"],
                "variants": variants,
                "minimum_effect": effect,
            }
        )
        analyse_experiment(experiment)
    except ValidationError:
        errors["variants"] = msg("web.kpi.error.invalid")
        return None
    except ExperimentError as error:
        errors["variants"] = error.message
        return None
    return experiment


@router.post("/w/{workspace_id}/kpis/{kpi_id}/experiments", include_in_schema=False)
async def record_experiment(request: Request, access: EditorAccess, site: SiteDep, kpi_id: str) -> Response:
    """Record an A/B test of the KPI in the workspace (as ``koers experiments`` lists them)."""
    form = await request.form()
    values = {}
    for key in EXPERIMENT_FIELDS:
        value = form.get(key)
        values[key] = value.strip()[: MAX_FIELD + 1] if isinstance(value, str) else ""
    errors: dict[str, Msg] = {}
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        _known_kpi(workspace, kpi_id)
        experiment = read_experiment(values, workspace, kpi_id, access.lang, errors)
        if experiment is not None:
            updated = workspace.model_copy(update={"experiments": (*workspace.experiments, experiment)})
            handle.save(updated, site.database)
            return RedirectResponse(
                f"/w/{workspace.id}/kpis/{kpi_id}?saved=experiment#experiments", status_code=303
            )
    context = detail_context(access, kpi_id, site.as_of(access.workspace))
    context.update(experiment_errors=errors, experiment_values=values)
    return page(request, "kpi_detail.html", context, status_code=422)


# --- the JSON API ----------------------------------------------------------------------------------


class LetterOut(BaseModel):
    letter: str
    name: str
    verdict: Verdict
    reason: str
    fix: str | None = None


class SmartOut(BaseModel):
    verdict: Verdict
    letters: list[LetterOut]


class ForecastOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    value: float | None = None
    low: float | None = None
    high: float | None = None


class EvaluationOut(BaseModel):
    """Where the KPI stands at ``as_of`` (:meth:`KpiEvaluation.to_dict`)."""

    model_config = ConfigDict(extra="allow")

    as_of: date
    status: Status
    status_label: str
    reason: str
    value: float | None = None
    target: float | None = None
    target_upper: float | None = None
    expected: float | None = Field(None, description="Where the actual should be by now (the pace).")
    forecast: ForecastOut | None = Field(None, description="The median at the period's end, 80% interval.")
    probability: float | None = Field(None, description="The chance of meeting the target.")
    unit: str


class KpiOut(BaseModel):
    id: str
    name: str
    goal: str | None
    definition: Kpi
    evaluation: EvaluationOut


class SeriesPointOut(BaseModel):
    start: date
    end: date
    last_day: date
    value: float | None
    complete: bool


class KpiDetailOut(KpiOut):
    series: list[SeriesPointOut]
    smart: SmartOut


class KpiIn(BaseModel):
    """A KPI to create or change: a ``sentence`` alone, or the fields (they win over the sentence).
    Periods are ``start`` and ``last_day``, both included; numbers as JSON numbers."""

    model_config = ConfigDict(extra="forbid")

    sentence: str | None = Field(None, max_length=1000)
    id: str | None = Field(None, max_length=80)
    name: str | None = Field(None, max_length=MAX_NAME)
    metric: str | None = Field(None, max_length=100)
    comparator: Comparator | None = None
    target: Decimal | None = None
    target_upper: Decimal | None = None
    start: date | None = None
    last_day: date | None = None
    aggregation: Aggregation | None = None
    subperiod: Grain | None = None
    subperiod_rule: SubperiodRule | None = None
    phase: str | None = Field(None, max_length=100)
    goal: str | None = Field(None, max_length=100)
    owner: str | None = Field(None, max_length=MAX_NAME)
    baseline: Decimal | None = None
    segment: dict[str, str] | None = None
    description: str | None = Field(None, max_length=MAX_FIELD)
    accepted_by: str | None = Field(None, max_length=MAX_NAME)
    accepted_on: date | None = None

    def values(self) -> dict[str, str]:
        """The fields as the editor's text (numbers in English notation)."""
        values: dict[str, str] = {}
        for name, value in self.model_dump(exclude_unset=True).items():
            if value is None:
                values[name] = ""
            elif name == "segment":
                values[name] = segment_text(value)
            elif isinstance(value, Decimal):
                values[name] = format(value, "f")
            elif isinstance(value, date):
                values[name] = value.isoformat()
            else:
                values[name] = str(getattr(value, "value", value)).strip()
        if "last_day" in values:
            values["end"] = values.pop("last_day")
        return values


class SmartCheckOut(BaseModel):
    kpi: Kpi | None = Field(None, description="The KPI as read from the input, when it is one.")
    smart: SmartOut | None = None
    errors: dict[str, str] = Field(default_factory=dict, description="Problems by field.")
    assumptions: list[str] = Field(default_factory=list)


def smart_out(report: SmartReport, lang: Lang) -> SmartOut:
    return SmartOut(
        verdict=report.verdict,
        letters=[LetterOut.model_validate(letter.to_dict(lang)) for letter in report.letters],
    )


def kpi_out(
    workspace: Workspace, goal: Goal | None, kpi: Kpi, evaluation: KpiEvaluation, lang: Lang
) -> KpiOut:
    return KpiOut(
        id=kpi.id,
        name=kpi.name,
        goal=goal.id if goal else None,
        definition=kpi,
        evaluation=EvaluationOut.model_validate(evaluation.to_dict(lang)),
    )


def _errors_response(errors: Mapping[str, Msg], lang: Lang) -> JSONResponse:
    texts = {name: render(problem, lang) for name, problem in errors.items()}
    summary = "; ".join(f"{name}: {text}" for name, text in texts.items())
    return JSONResponse({"detail": summary, "errors": texts}, status_code=422)


@api.get("/workspaces/{workspace_id}/kpis", response_model=list[KpiOut])
def api_kpis(access: ViewerAccess, site: SiteDep, as_of: date | None = Query(None)) -> list[KpiOut]:
    """Every KPI with where it stands at ``as_of`` (default: the last full day)."""
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    by_id = {item.kpi_id: item for item in access.handle.evaluations(day)}
    return [
        kpi_out(workspace, goal, kpi, by_id[kpi.id], access.lang)
        for goal, kpi in workspace.all_kpis()
        if kpi.id in by_id
    ]


@api.get("/workspaces/{workspace_id}/kpis/{kpi_id}", response_model=KpiDetailOut)
def api_kpi(
    access: ViewerAccess, site: SiteDep, kpi_id: str, as_of: date | None = Query(None)
) -> KpiDetailOut:
    """One KPI: where it stands, its value per sub-period and its SMART check."""
    workspace = access.workspace
    day = as_of or site.as_of(workspace)
    detail = kpi_detail(access, kpi_id, day, with_chart=False)
    base = kpi_out(workspace, detail.goal, detail.kpi, detail.evaluation, access.lang)
    series = [
        SeriesPointOut(
            start=point.period.start,
            end=point.period.end,
            last_day=point.period.last_day,
            value=float(point.value) if point.value is not None else None,
            complete=point.complete,
        )
        for point in detail.evaluation.actual.series
    ]
    return KpiDetailOut(**base.model_dump(), series=series, smart=smart_out(detail.smart, access.lang))


def _api_save(access: WorkspaceAccess, site: Site, body: KpiIn, original: Kpi | None) -> Response:
    workspace = access.workspace
    values = body.values()
    if original is not None:
        goal, _ = _known_kpi(workspace, original.id)
        values = {**kpi_values(original, goal, workspace, Lang.EN), **values}
    draft = _new_draft(values, Lang.EN)
    saved = save_draft(draft, access, site, original=original, number_lang=Lang.EN)
    if saved is None:
        return _errors_response(draft.errors, access.lang)
    current = access.handle.current()
    goal = next((g for g, k in current.all_kpis() if k.id == saved.id), None)
    evaluation = access.handle.evaluation(saved.id, site.as_of(current))
    out = kpi_out(current, goal, saved, evaluation, access.lang)
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if original is None else 200)


@api.post(
    "/workspaces/{workspace_id}/kpis",
    response_model=KpiOut,
    status_code=201,
    responses={422: {"description": "The problems by field, in the user's language."}},
)
def api_create_kpi(access: EditorAccess, site: SiteDep, body: KpiIn) -> Response:
    """Create a KPI from a sentence or from its fields."""
    return _api_save(access, site, body, None)


@api.put(
    "/workspaces/{workspace_id}/kpis/{kpi_id}",
    response_model=KpiOut,
    responses={422: {"description": "The problems by field, in the user's language."}},
)
def api_update_kpi(access: EditorAccess, site: SiteDep, kpi_id: str, body: KpiIn) -> Response:
    """Change a KPI: the fields given replace its own; the others stay."""
    _, kpi = _known_kpi(access.workspace, kpi_id)
    return _api_save(access, site, body, kpi)


@api.delete("/workspaces/{workspace_id}/kpis/{kpi_id}", status_code=204)
def api_delete_kpi(access: EditorAccess, site: SiteDep, kpi_id: str) -> Response:
    """Delete a KPI; actions and A/B tests that named it are kept, untied."""
    remove_kpi(access, site, kpi_id)
    return Response(status_code=204)


@api.post("/workspaces/{workspace_id}/smart-check", response_model=SmartCheckOut)
def api_smart_check(access: EditorAccess, site: SiteDep, body: KpiIn) -> SmartCheckOut:
    """The editor's live SMART check: a sentence or fields, checked without saving anything."""
    draft = _new_draft(body.values(), Lang.EN)
    workspace = access.handle.current()
    read_sentence(draft, workspace, overwrite=False)
    kpi = read_kpi(draft, workspace, number_lang=Lang.EN)
    report = kpi_smart(access.handle, workspace, kpi, site.as_of(workspace)) if kpi is not None else None
    return SmartCheckOut(
        kpi=kpi,
        smart=smart_out(report, access.lang) if report is not None else None,
        errors={name: render(problem, access.lang) for name, problem in draft.errors.items()},
        assumptions=[render(item, access.lang) for item in draft.assumptions],
    )
