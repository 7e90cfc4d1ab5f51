"""The funnel planner: from the customers (or revenue) a goal needs back to the leads that must come
in, as you type; saved plans, and a saved plan made into KPIs with one click.

Everything is worked out by :mod:`koers.domain.funnel` (the same functions ``koers plan`` uses);
this module reads the form, shows each field's problem beside it, and stores plans and KPIs in the
workspace.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import FormData

from koers.domain.catalog import FUNNEL_STAGES
from koers.domain.funnel import (
    FunnelPlan,
    PlanError,
    PlanResult,
    RateError,
    StageRate,
    compute_plan,
    format_rate,
    parse_rate,
    plan_to_kpis,
    stage_metric,
)
from koers.domain.kpi import Kpi, slugify
from koers.domain.period import Period
from koers.domain.workspace import Severity, Workspace, validate_workspace
from koers.i18n import Lang, msg, render
from koers.web.deps import EditorAccess, SiteDep, ViewerAccess, WorkspaceAccess
from koers.web.templating import page

router = APIRouter(tags=["plans"])
api = APIRouter(prefix="/api", tags=["plans"])

MAX_STAGES = 12
MAX_CUSTOMERS = 10**9


# --- reading the planner's form ------------------------------------------------------------------


@dataclass
class PlanForm:
    """The planner's fields as typed (text), so that a form with errors shows what was typed."""

    name: str = ""
    plan_id: str = ""
    goal: str = ""
    target_kind: str = "customers"
    customers: str = "100"
    revenue: str = ""
    deal_value: str = ""
    share: str = "100%"
    stages: str = ", ".join(FUNNEL_STAGES)
    rates: list[str] = field(default_factory=list)
    cost_per_lead: str = ""
    year: str = ""
    weights: str = ""

    @property
    def stage_names(self) -> list[str]:
        return [part.strip() for part in re.split(r"[,;\n]+", self.stages) if part.strip()]

    def steps(self) -> list[tuple[int, str, str, str]]:
        """Each step of the funnel: its index, from, to and the rate typed for it."""
        names = self.stage_names[:MAX_STAGES]
        return [
            (index, first, second, self.rates[index] if index < len(self.rates) else "")
            for index, (first, second) in enumerate(itertools.pairwise(names))
        ]

    @classmethod
    def from_form(cls, form: FormData) -> PlanForm:
        def text(key: str, default: str = "") -> str:
            value = form.get(key)
            return value.strip()[:500] if isinstance(value, str) else default

        rates = []
        for index in range(MAX_STAGES):
            value = form.get(f"rate_{index}")
            rates.append(value.strip()[:50] if isinstance(value, str) else "")
        return cls(
            name=text("name"),
            plan_id=text("plan_id"),
            goal=text("goal"),
            target_kind="revenue" if text("target_kind") == "revenue" else "customers",
            customers=text("customers"),
            revenue=text("revenue"),
            deal_value=text("deal_value"),
            share=text("share") or "100%",
            stages=text("stages") or ", ".join(FUNNEL_STAGES),
            rates=rates,
            cost_per_lead=text("cost_per_lead"),
            year=text("year"),
            weights=text("weights"),
        )

    @classmethod
    def from_plan(cls, plan: FunnelPlan) -> PlanForm:
        target = plan.target
        return cls(
            name=plan.name,
            plan_id=plan.id,
            goal=plan.goal or "",
            target_kind="customers" if target.customers is not None else "revenue",
            customers=str(target.customers or ""),
            revenue=_plain(target.revenue),
            deal_value=_plain(target.deal_value),
            share=format_rate(plan.marketing_share),
            stages=", ".join(plan.stages),
            rates=[format_rate(rate.rate) for rate in plan.rates],
            cost_per_lead=_plain(plan.cost_per_lead),
            year=str(plan.period.start.year) if plan.period is not None and _is_year(plan.period) else "",
            weights="; ".join(_plain(weight) for weight in plan.seasonal_weights or ()),
        )


def _plain(amount: Decimal | None) -> str:
    return "" if amount is None else format(amount.normalize(), "f")


def _is_year(period: Period) -> bool:
    return period == Period.year(period.start.year)


def default_form(workspace: Workspace) -> PlanForm:
    """A fresh planner: the workspace's lead funnel (its journey, when that is a funnel)."""
    phases = workspace.journey_model.phase_keys
    stages = phases if all(stage_metric(phase) for phase in phases) else FUNNEL_STAGES
    return PlanForm(stages=", ".join(stages), rates=[""] * (len(stages) - 1))


def _money(text: str) -> Decimal:
    """An amount as people type it: ``45``, ``€ 1.234,56``, ``1,234.56``; above 0."""
    cleaned = text.strip().lstrip("€$£").replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.500 is fifteen hundred, as a Dutch reader means it
    value = Decimal(cleaned)
    if not value.is_finite() or value <= 0 or value >= Decimal(10) ** 12:
        raise InvalidOperation(text)
    return value


def _weights(text: str) -> list[Decimal]:
    parts = re.split(r"[;\s]+", text) if ";" in text or " " in text.strip() else text.split(",")
    weights = [Decimal(part.strip().replace(",", ".")) for part in parts if part.strip()]
    if any(not weight.is_finite() or weight < 0 for weight in weights):
        raise InvalidOperation(text)
    return weights


def build_plan(form: PlanForm, workspace: Workspace) -> tuple[FunnelPlan | None, dict[str, str]]:
    """The plan the form describes, or the problem of each field (in the workspace's terms)."""
    errors: dict[str, Any] = {}
    names = form.stage_names
    if len(names) < 2:
        errors["stages"] = msg("web.plans.too_few_stages")
    elif len(names) > MAX_STAGES:
        errors["stages"] = msg("web.plans.too_many_stages", most=MAX_STAGES)
    elif len(set(names)) != len(names):
        errors["stages"] = msg("web.plans.stages_repeat")
    rates: list[StageRate] = []
    if "stages" not in errors:
        for index, first, second, typed in form.steps():
            if not typed:
                errors[f"rate_{index}"] = msg("web.plans.rate_missing")
                continue
            try:
                rate = parse_rate(typed)
            except RateError:
                errors[f"rate_{index}"] = msg("web.plans.bad_rate", value=typed)
                continue
            rates.append(StageRate(from_stage=first, to_stage=second, rate=rate))
    target: dict[str, Any] = {}
    if form.target_kind == "revenue":
        for key in ("revenue", "deal_value"):
            try:
                target[key] = _money(getattr(form, key))
            except (InvalidOperation, ValueError):
                errors[key] = msg("web.plans.bad_amount", value=getattr(form, key))
    else:
        if not form.customers.isdigit() or not 0 < int(form.customers) <= MAX_CUSTOMERS:
            errors["customers"] = msg("web.plans.bad_customers", value=form.customers)
        else:
            target["customers"] = int(form.customers)
    try:
        share = parse_rate(form.share)
    except RateError:
        errors["share"] = msg("web.plans.bad_share", value=form.share)
        share = Fraction(1)
    cost = None
    if form.cost_per_lead:
        try:
            cost = _money(form.cost_per_lead)
        except (InvalidOperation, ValueError):
            errors["cost_per_lead"] = msg("web.plans.bad_amount", value=form.cost_per_lead)
    period = None
    if form.year:
        if not re.fullmatch(r"\d{4}", form.year) or not 1900 < int(form.year) < 2200:
            errors["year"] = msg("web.plans.bad_year", value=form.year)
        else:
            period = Period.year(int(form.year))
    weights = None
    if form.weights:
        try:
            weights = _weights(form.weights)
        except (InvalidOperation, ValueError):
            errors["weights"] = msg("web.plans.bad_weights", value=form.weights)
        else:
            if period is None:
                errors["weights"] = msg("web.plans.weights_need_year")
            elif len(weights) != 12:
                errors["weights"] = msg("web.plans.weights_count", given=len(weights))
            elif not any(weights):
                errors["weights"] = msg("web.plans.weights_zero")
    goal = form.goal if form.goal in {goal.id for goal in workspace.goals} else None
    if errors:
        return None, {key: render(message, workspace.language) for key, message in errors.items()}
    name = form.name or render(msg("web.plans.default_name"), workspace.language)
    try:
        plan = FunnelPlan.model_validate(
            {
                "id": form.plan_id or slugify(name) or "plan",
                "name": name,
                "goal": goal,
                "stages": names,
                "rates": [rate.model_dump(by_alias=True) for rate in rates],
                "target": target,
                "marketing_share": share,
                "period": period,
                "seasonal_weights": weights,
                "cost_per_lead": cost,
            }
        )
    except ValidationError:
        return None, {"name": render(msg("web.plans.bad_plan"), workspace.language)}
    return plan, {}


def _check(
    form: PlanForm, access: WorkspaceAccess
) -> tuple[FunnelPlan | None, PlanResult | None, dict[str, str]]:
    """The form's plan worked out, or the problems of its fields in the reader's language."""
    reader = access.workspace.model_copy(update={"language": access.lang})
    plan, errors = build_plan(form, reader)
    result = None
    saved = next((item for item in access.workspace.plans if item.id == form.plan_id), None)
    if plan is not None and saved is not None:
        plan = _keep_sources(plan, saved)
    if plan is not None:
        try:
            result = compute_plan(plan)
        except PlanError as error:
            errors = {"plan": error.render(access.lang)}
            plan = None
    return plan, result, errors


def problems(errors: dict[str, str], form: PlanForm, lang: Lang) -> list[tuple[str, str, str]]:
    """Each error with the name of its field, as the result panel lists them."""
    steps = {f"rate_{index}": f"{first} → {second}" for index, first, second, _ in form.steps()}
    rows = []
    for key, text in errors.items():
        label = steps.get(key) or render(
            msg(f"web.plans.{key}" if key != "plan" else "web.plans.field.plan"), lang
        )
        rows.append((key, label, text))
    return rows


# --- saved plans -------------------------------------------------------------------------------


def kpi_ids(plan: FunnelPlan, workspace: Workspace) -> list[str]:
    """The ids of the KPIs the plan makes (one per stage a metric counts)."""
    kpis, _ = plan_to_kpis(plan, compute_plan(plan), journey=workspace.journey_model, lang=workspace.language)
    return [kpi.id for kpi in kpis]


def kpis_created(plan: FunnelPlan, workspace: Workspace) -> bool:
    existing = {kpi.id for _, kpi in workspace.all_kpis()}
    wanted = kpi_ids(plan, workspace)
    return bool(wanted) and all(kpi_id in existing for kpi_id in wanted)


@dataclass(frozen=True, slots=True)
class SavedPlan:
    plan: FunnelPlan
    result: PlanResult | None
    kpis_created: bool
    goal_name: str | None


def saved_plans(workspace: Workspace) -> list[SavedPlan]:
    goals = {goal.id: goal.name for goal in workspace.goals}
    rows = []
    for plan in workspace.plans:
        try:
            result: PlanResult | None = compute_plan(plan)
            created = kpis_created(plan, workspace)
        except PlanError:
            result, created = None, False
        rows.append(SavedPlan(plan, result, created, goals.get(plan.goal or "")))
    return rows


def _keep_sources(plan: FunnelPlan, before: FunnelPlan | None) -> FunnelPlan:
    """A saved plan edited keeps each unchanged rate's source and note, and its scenarios that
    still fit its steps."""
    if before is None:
        return plan
    old = {(rate.from_stage, rate.to_stage): rate for rate in before.rates}
    rates = tuple(
        old[(rate.from_stage, rate.to_stage)]
        if (rate.from_stage, rate.to_stage) in old and old[(rate.from_stage, rate.to_stage)].rate == rate.rate
        else rate
        for rate in plan.rates
    )
    steps = {(rate.from_stage, rate.to_stage) for rate in plan.rates}
    scenarios = tuple(
        scenario
        for scenario in before.scenarios
        if all((rate.from_stage, rate.to_stage) in steps for rate in scenario.rates)
    )
    return plan.model_copy(update={"rates": rates, "scenarios": scenarios})


def store_plan(workspace: Workspace, plan: FunnelPlan) -> Workspace:
    """The workspace with ``plan`` added, or in the place of the saved plan with its id."""
    plans = list(workspace.plans)
    for index, existing in enumerate(plans):
        if existing.id == plan.id:
            plans[index] = _keep_sources(plan, existing)
            break
    else:
        plans.append(plan)
    return workspace.model_copy(update={"plans": tuple(plans)})


def with_plan_kpis(workspace: Workspace, plan: FunnelPlan) -> tuple[Workspace, list[Kpi], list[str]]:
    """The workspace with the plan's KPIs in its goal (or among the KPIs without one); KPIs made
    earlier from the same plan are replaced, so that a changed plan updates its targets."""
    kpis, skipped = plan_to_kpis(
        plan, compute_plan(plan), journey=workspace.journey_model, lang=workspace.language
    )
    new_ids = {kpi.id for kpi in kpis}
    goal_ids = {goal.id for goal in workspace.goals}
    home = plan.goal if plan.goal in goal_ids else None

    def merged(existing: tuple[Kpi, ...], here: bool) -> tuple[Kpi, ...]:
        kept = [kpi for kpi in existing if kpi.id not in new_ids]
        return (*kept, *kpis) if here else tuple(kept)

    goals = tuple(
        goal.model_copy(update={"kpis": merged(goal.kpis, goal.id == home)}) for goal in workspace.goals
    )
    updated = workspace.model_copy(update={"goals": goals, "kpis": merged(workspace.kpis, home is None)})
    return updated, kpis, skipped


def _valid(workspace: Workspace) -> Workspace:
    """The workspace checked as a whole (pydantic and the cross-field rules), or a PlanError."""
    checked = Workspace.model_validate(workspace.model_dump(mode="python", by_alias=True))
    problems = [issue for issue in validate_workspace(checked) if issue.severity is Severity.ERROR]
    if problems:
        raise PlanError(msg("web.plans.not_saved", reason=problems[0].message))
    return checked


# --- pages -------------------------------------------------------------------------------------


def _context(
    access: WorkspaceAccess,
    form: PlanForm,
    result: PlanResult | None,
    errors: dict[str, str],
    **extra: Any,
) -> dict[str, Any]:
    workspace = access.workspace
    return {
        "access": access,
        "workspace": workspace,
        "section": "plans",
        "form": form,
        "result": result,
        "errors": errors,
        "problems": problems(errors, form, access.lang),
        "plans": saved_plans(workspace),
        "currency": workspace.currency,
        **extra,
    }


@router.get("/w/{workspace_id}/plans", include_in_schema=False)
def plans_page(request: Request, access: ViewerAccess, plan: str | None = None) -> Response:
    workspace = access.workspace
    chosen = next((item for item in workspace.plans if item.id == plan), None)
    if chosen is None and plan is None and workspace.plans:
        chosen = workspace.plans[0]
    form = PlanForm.from_plan(chosen) if chosen is not None else default_form(workspace)
    _, result, errors = _check(form, access)
    return page(request, "plans.html", _context(access, form, result, errors))


@router.post("/w/{workspace_id}/plans/preview", include_in_schema=False)
async def plan_preview(request: Request, access: ViewerAccess) -> Response:
    """The planner's result for the form as it is now (htmx swaps it in as you type)."""
    form = PlanForm.from_form(await request.form())
    _, result, errors = _check(form, access)
    return page(
        request,
        "_plan_result.html",
        {
            "result": result,
            "errors": errors,
            "problems": problems(errors, form, access.lang),
            "currency": access.workspace.currency,
            "form": form,
        },
    )


@router.post("/w/{workspace_id}/plans/steps", include_in_schema=False)
async def plan_steps(request: Request, access: ViewerAccess) -> Response:
    """The rate fields for the stages as typed now (when the stages change)."""
    form = PlanForm.from_form(await request.form())
    return page(request, "_plan_steps.html", {"form": form, "errors": {}})


@router.post("/w/{workspace_id}/plans", include_in_schema=False)
async def save_plan(request: Request, access: EditorAccess, site: SiteDep) -> Response:
    form = PlanForm.from_form(await request.form())
    plan, result, errors = _check(form, access)
    if plan is None:
        return page(request, "plans.html", _context(access, form, result, errors), status_code=422)
    try:
        updated = _valid(store_plan(access.handle.current(), plan))
    except PlanError as error:
        errors = {"name": error.render(access.lang)}
        return page(request, "plans.html", _context(access, form, result, errors), status_code=422)
    access.handle.save(updated, site.database)
    return RedirectResponse(f"/w/{access.workspace.id}/plans?plan={plan.id}&saved=1", status_code=303)


@router.post("/w/{workspace_id}/plans/{plan_id}/kpis", include_in_schema=False)
def make_kpis(request: Request, plan_id: str, access: EditorAccess, site: SiteDep) -> Response:
    """Turn a saved plan into KPIs: one per stage a metric counts, in the plan's goal."""
    workspace = access.handle.current()
    plan = next((item for item in workspace.plans if item.id == plan_id), None)
    if plan is None:
        return page(
            request,
            "error.html",
            {"status": 404, "message": render(msg("web.plans.unknown", plan=plan_id), access.lang)},
            status_code=404,
        )
    try:
        updated, kpis, _ = with_plan_kpis(workspace, plan)
        updated = _valid(updated)
    except PlanError as error:
        form = PlanForm.from_plan(plan)
        _, result, _ = _check(form, access)
        errors = {"plan": error.render(access.lang)}
        return page(request, "plans.html", _context(access, form, result, errors), status_code=422)
    access.handle.save(updated, site.database)
    return RedirectResponse(f"/w/{workspace.id}/plans?plan={plan.id}&kpis={len(kpis)}", status_code=303)


@router.post("/w/{workspace_id}/plans/{plan_id}/delete", include_in_schema=False)
async def delete_plan(request: Request, plan_id: str, access: EditorAccess, site: SiteDep) -> Response:
    """Without ``confirm`` the confirmation page; with it, the plan goes (its KPIs stay)."""
    form = await request.form()
    handle = access.handle
    with handle.lock:
        workspace = handle.current()
        plan = next((item for item in workspace.plans if item.id == plan_id), None)
        if plan is None:
            return page(
                request,
                "error.html",
                {"status": 404, "message": render(msg("web.plans.unknown", plan=plan_id), access.lang)},
                status_code=404,
            )
        if form.get("confirm") != "yes":
            existing = {kpi.id for _, kpi in workspace.all_kpis()}
            try:
                made = sum(1 for kpi_id in kpi_ids(plan, workspace) if kpi_id in existing)
            except PlanError:
                made = 0
            return page(
                request,
                "plans.html",
                {
                    "access": access,
                    "workspace": workspace,
                    "section": "plans",
                    "confirm_delete": plan,
                    "kpis_made": made,
                },
            )
        remaining = tuple(item for item in workspace.plans if item.id != plan_id)
        handle.save(workspace.model_copy(update={"plans": remaining}), site.database)
    return RedirectResponse(f"/w/{workspace.id}/plans?deleted=1", status_code=303)


# --- the JSON API ------------------------------------------------------------------------------


class StageOut(BaseModel):
    name: str
    required: int
    rate_to_next: str | None = Field(description="The rate to the next stage, exactly: 39% or 1/3.")


class MonthOut(BaseModel):
    start: str
    end: str
    stages: dict[str, int]


class BudgetOut(BaseModel):
    stage: str
    count: int
    cost_per_lead: str
    budget: str
    customers: int
    cac: str


class SensitivityOut(BaseModel):
    from_stage: str = Field(alias="from")
    to_stage: str = Field(alias="to")
    rate: str
    improved_rate: str
    leads_needed: int
    reduction: int = Field(description="How many fewer entries at the top one point better saves.")


class ScenarioOut(BaseModel):
    name: str
    leads_needed: int
    leads_difference: int


class PlanResultOut(BaseModel):
    plan: str
    name: str
    goal: str | None
    customers_total: int
    marketing_share: str
    customers: int
    stages: list[StageOut]
    months: list[MonthOut]
    budget: BudgetOut | None
    scenarios: list[ScenarioOut]
    sensitivity: list[SensitivityOut]

    @classmethod
    def of(cls, result: PlanResult) -> PlanResultOut:
        return cls.model_validate(result.to_dict())


class PlanOut(BaseModel):
    id: str
    name: str
    goal: str | None
    kpis_created: bool
    result: PlanResultOut | None


class PlanIn(BaseModel):
    """A plan to work out: the stages top first, one rate per step (``39%``, ``1/3``, ``0.39``)."""

    stages: list[str] = Field(default=list(FUNNEL_STAGES), max_length=MAX_STAGES)
    rates: list[str | float]
    customers: int | None = None
    revenue: str | None = None
    deal_value: str | None = None
    marketing_share: str = "100%"
    cost_per_lead: str | None = None
    year: int | None = None
    weights: list[str] | None = None
    name: str = "plan"


class FieldProblem(BaseModel):
    field: str
    message: str


class ProblemsOut(BaseModel):
    detail: list[FieldProblem]


@api.get("/workspaces/{workspace_id}/plans", response_model=list[PlanOut])
def api_plans(access: ViewerAccess) -> list[PlanOut]:
    return [
        PlanOut(
            id=item.plan.id,
            name=item.plan.name,
            goal=item.plan.goal,
            kpis_created=item.kpis_created,
            result=PlanResultOut.of(item.result) if item.result is not None else None,
        )
        for item in saved_plans(access.workspace)
    ]


@api.post(
    "/workspaces/{workspace_id}/plans/preview",
    response_model=PlanResultOut,
    responses={422: {"model": ProblemsOut}},
)
def api_plan_preview(body: PlanIn, access: ViewerAccess) -> Any:
    """Work out a plan without saving it: every stage's requirement, months, budget, sensitivity."""
    form = PlanForm(
        name=body.name,
        target_kind="customers" if body.customers is not None else "revenue",
        customers=str(body.customers) if body.customers is not None else "",
        revenue=body.revenue or "",
        deal_value=body.deal_value or "",
        share=body.marketing_share,
        stages=", ".join(body.stages),
        rates=[str(rate) for rate in body.rates],
        cost_per_lead=body.cost_per_lead or "",
        year=str(body.year) if body.year is not None else "",
        weights="; ".join(body.weights) if body.weights else "",
    )
    _, result, errors = _check(form, access)
    if result is None:
        problems = [{"field": key, "message": text} for key, text in errors.items()]
        return JSONResponse({"detail": problems}, status_code=422)
    return PlanResultOut.of(result)
