"""``koers plan``: plan the funnel backwards (or forwards) from a target."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer
from rich.table import Table

from koers.cli._app import (
    JsonOption,
    LangOption,
    UsageProblem,
    WorkspaceOption,
    app,
    console,
    display_lang,
    parse_date_option,
    print_json,
    reports_input_errors,
    say,
    workspace_file,
)
from koers.domain.funnel import (
    FunnelForecast,
    FunnelPlan,
    PlanResult,
    RateError,
    Scenario,
    StageRate,
    compute_plan,
    format_rate,
    parse_rate,
    plan_forwards,
)
from koers.domain.period import Period
from koers.i18n import Lang, Money, Percent, format_value, msg, render
from koers.store.workspace_file import load_workspace

_RATE = re.compile(r"^\s*([^:=\s]+)\s*:\s*([^:=\s]+)\s*=\s*(.+?)\s*$")


@app.command("plan")
@reports_input_errors
def plan_command(
    target: Annotated[
        str | None,
        typer.Option(
            help="What the funnel must deliver: customers=100 or revenue=500000 (with --deal-value)."
        ),
    ] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option(
            "--rate",
            help="A stage's rate to the next, top first: lead:mql=39% (also 1/3 or 0.39).",
        ),
    ] = None,
    deal_value: Annotated[str | None, typer.Option(help="Average deal value, for a revenue target.")] = None,
    share: Annotated[
        str | None, typer.Option(help="Marketing's share of the customers or revenue (e.g. 60%).")
    ] = None,
    cost_per_lead: Annotated[str | None, typer.Option(help="Cost per lead, for the budget and CAC.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day of the plan (YYYY-MM-DD).")] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the plan, included (YYYY-MM-DD).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Plan one calendar year, phased by month.")] = None,
    weights: Annotated[
        str | None, typer.Option(help="Seasonal weight per month, comma-separated (default: even).")
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option(help="A what-if: mql:sql=45% (several steps comma-separated)."),
    ] = None,
    forward: Annotated[
        int | None, typer.Option(help="Run the funnel forwards from this many at the top instead.")
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Work out the funnel: from the customers a goal needs back to the leads that must come in.

    Without --rate it works out the plans saved in the workspace.
    """
    language = display_lang(lang)
    if not rate:
        _saved_plans(workspace, lang, as_json)
        return
    rates = _rates(rate)
    stages = [rates[0].from_stage, *(item.to_stage for item in rates)]
    if forward is not None:
        forecast = plan_forwards(stages, rates, forward)
        if as_json:
            print_json(forecast.to_dict())
        else:
            _show_forecast(forecast, language)
        return
    plan = FunnelPlan.model_validate(
        {
            "name": "plan",
            "stages": stages,
            "rates": [item.model_dump(by_alias=True) for item in rates],
            "target": _target(target, deal_value),
            "marketing_share": _share(share),
            "period": _period(start, end, year),
            "seasonal_weights": _weights(weights),
            "cost_per_lead": _money(cost_per_lead, "--cost-per-lead"),
            "scenarios": [_scenario(text).model_dump(by_alias=True) for text in scenario or []],
        }
    )
    result = compute_plan(plan)
    if as_json:
        print_json(result.to_dict())
    else:
        show_plan(result, language)


def _saved_plans(workspace: WorkspaceOption, lang: Lang | None, as_json: bool) -> None:
    loaded = load_workspace(workspace_file(workspace))
    results = [compute_plan(plan) for plan in loaded.plans]
    if as_json:
        print_json({"plans": [result.to_dict() for result in results]})
        return
    language = display_lang(lang, loaded.language)
    if not results:
        say(msg("cli.plan.none"), language)
    for result in results:
        show_plan(result, language, loaded.currency)


# --- reading the options ------------------------------------------------------------------


def _rates(texts: list[str]) -> list[StageRate]:
    rates = []
    for text in texts:
        match = _RATE.match(text)
        if match is None:
            raise UsageProblem(msg("cli.plan.bad_rate", value=text))
        try:
            value = parse_rate(match[3])
        except RateError as error:
            raise UsageProblem(
                msg("cli.plan.rate_out_of_range", step=f"{match[1]}:{match[2]}", reason=str(error))
            ) from None
        rates.append(StageRate(from_stage=match[1], to_stage=match[2], rate=value))
    for before, after in itertools.pairwise(rates):
        if before.to_stage != after.from_stage:
            raise UsageProblem(
                msg("cli.plan.rates_not_linked", first=f"{before.from_stage}:{before.to_stage}",
                    second=f"{after.from_stage}:{after.to_stage}")
            )  # fmt: skip
    return rates


def _target(text: str | None, deal_value: str | None) -> dict[str, object]:
    if text is None:
        raise UsageProblem(msg("cli.plan.no_target"))
    kind, _, amount = text.partition("=")
    kind = kind.strip().lower()
    if kind == "customers":
        if not amount.strip().isdigit() or int(amount) <= 0:
            raise UsageProblem(msg("cli.plan.bad_customers", value=amount))
        return {"customers": int(amount)}
    if kind == "revenue":
        if deal_value is None:
            raise UsageProblem(msg("cli.plan.needs_deal_value"))
        return {
            "revenue": _money(amount, "--target revenue"),
            "deal_value": _money(deal_value, "--deal-value"),
        }
    raise UsageProblem(msg("cli.plan.bad_target", value=text))


def _share(text: str | None) -> str:
    if text is None:
        return "100%"
    try:
        return format_rate(parse_rate(text))
    except RateError:
        raise UsageProblem(msg("cli.plan.bad_share", value=text)) from None


def _money(text: str | None, option: str) -> Decimal | None:
    if text is None:
        return None
    cleaned = text.strip().lstrip("€$").replace(" ", "")
    if "," in cleaned and "." in cleaned:
        cleaned = (
            cleaned.replace(".", "").replace(",", ".")
            if cleaned.rfind(",") > cleaned.rfind(".")
            else cleaned.replace(",", "")
        )
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UsageProblem(msg("cli.plan.bad_amount", option=option, value=text)) from None
    if value <= 0:
        raise UsageProblem(msg("cli.plan.bad_amount", option=option, value=text))
    return value


def _period(start: str | None, end: str | None, year: int | None) -> Period | None:
    if year is not None:
        return Period.year(year)
    first, last = parse_date_option(start, "--from"), parse_date_option(end, "--to")
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise UsageProblem(msg("cli.plan.needs_both_dates"))
    if last < first:
        raise UsageProblem(msg("cli.plan.end_before_start", start=first, end=last))
    return Period.inclusive(first, last)


def _weights(text: str | None) -> list[Decimal] | None:
    if text is None:
        return None
    try:
        return [Decimal(part.strip()) for part in text.split(",")]
    except InvalidOperation:
        raise UsageProblem(msg("cli.plan.bad_weights", value=text)) from None


def _scenario(text: str) -> Scenario:
    changes = _rates_loose(text)
    return Scenario(name=text, rates=tuple(changes))


def _rates_loose(text: str) -> list[StageRate]:
    """Scenario steps need not be linked to each other: each replaces one rate of the plan."""
    changes = []
    for part in text.split(","):
        match = _RATE.match(part)
        if match is None:
            raise UsageProblem(msg("cli.plan.bad_rate", value=part))
        try:
            changes.append(StageRate(from_stage=match[1], to_stage=match[2], rate=parse_rate(match[3])))
        except RateError as error:
            raise UsageProblem(
                msg("cli.plan.rate_out_of_range", step=f"{match[1]}:{match[2]}", reason=str(error))
            ) from None
    return changes


# --- showing the plan ---------------------------------------------------------------------


def show_plan(result: PlanResult, lang: Lang, currency: str = "EUR") -> None:
    """The stages, then phasing, budget, scenarios and sensitivity, as far as the plan has them."""
    console.print(f"[bold]{result.name}[/bold]" if result.name != "plan" else "")
    if result.marketing_share != 1:
        say(
            msg("funnel.marketing_share", share=Percent(result.marketing_share), total=result.customers_total,
                customers=result.customers),
            lang,
        )  # fmt: skip
    table = Table()
    table.add_column(render(msg("cli.plan.stage"), lang))
    table.add_column(render(msg("cli.plan.required"), lang), justify="right")
    table.add_column(render(msg("cli.plan.rate_to_next"), lang), justify="right")
    for stage in result.stages:
        rate = format_value(Percent(stage.rate_to_next), lang) if stage.rate_to_next is not None else ""
        table.add_row(stage.name, format_value(stage.required, lang), rate)
    console.print(table)

    if result.months:
        months = Table(title=render(msg("cli.plan.by_month"), lang))
        months.add_column(render(msg("cli.plan.month"), lang))
        for stage in result.stages:
            months.add_column(stage.name, justify="right")
        for month in result.months:
            label = f"{month.period.start:%Y-%m}"
            months.add_row(label, *(format_value(count, lang) for _, count in month.counts))
        console.print(months)
    if result.budget is not None:
        budget = result.budget
        say(
            msg("funnel.budget", count=budget.count, stage=budget.stage,
                cost=Money(budget.cost_per_lead, currency), budget=Money(budget.total, currency)),
            lang,
        )  # fmt: skip
        say(msg("funnel.cac", cac=Money(budget.cac, currency), customers=budget.customers), lang)
    for outcome in result.scenarios:
        say(
            msg("funnel.scenario", name=outcome.name, count=outcome.leads_needed,
                stage=outcome.funnel.top.name, difference=f"{outcome.leads_difference:+d}"),
            lang,
        )  # fmt: skip
    if result.sensitivity:
        table = Table(title=render(msg("cli.plan.sensitivity"), lang))
        table.add_column(render(msg("cli.plan.step"), lang))
        table.add_column(render(msg("cli.plan.rate"), lang), justify="right")
        table.add_column(render(msg("cli.plan.top_needed"), lang), justify="right")
        table.add_column(render(msg("cli.plan.fewer"), lang), justify="right")
        for row in result.sensitivity:
            table.add_row(
                f"{row.from_stage} → {row.to_stage}",
                f"{format_value(Percent(row.rate), lang)} → {format_value(Percent(row.improved_rate), lang)}",
                format_value(row.leads_needed, lang),
                format_value(row.reduction, lang),
            )
        console.print(table)


def _show_forecast(forecast: FunnelForecast, lang: Lang) -> None:
    table = Table()
    table.add_column(render(msg("cli.plan.stage"), lang))
    table.add_column(render(msg("cli.plan.expected"), lang), justify="right")
    table.add_column(render(msg("cli.plan.rate_to_next"), lang), justify="right")
    for stage in forecast.stages:
        rate = format_value(Percent(stage.rate_to_next), lang) if stage.rate_to_next is not None else ""
        table.add_row(stage.name, format_value(stage.expected, lang), rate)
    console.print(table)
