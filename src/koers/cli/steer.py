"""``koers diagnose`` and ``koers actions``: why a KPI is behind, what to do, and what was done."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from koers.cli._app import (
    AsOfOption,
    JsonOption,
    LangOption,
    UsageProblem,
    WorkspaceOption,
    app,
    console,
    display_lang,
    last_full_day,
    parse_date_option,
    print_json,
    reports_input_errors,
    say,
    today,
    workspace_file,
)
from koers.domain.kpi import Kpi
from koers.domain.steering import Action
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Percent, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.diagnosis import CAUSE_KINDS, Diagnosis, PaceKind, diagnose
from koers.monitor.steering import Suggestion, suggest
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import load_workspace, save_workspace

actions_app = typer.Typer(
    help="The action log: what was done to steer, per KPI.",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(actions_app, name="actions")

KpiOption = Annotated[str | None, typer.Option("--kpi", help="A KPI's id.", show_default=False)]


# --- the action log --------------------------------------------------------------------------------


@actions_app.callback()
@reports_input_errors
def actions_command(
    ctx: typer.Context,
    kpi: KpiOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the actions taken (of one KPI with --kpi), oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    loaded = load_workspace(workspace_file(workspace))
    if kpi is not None:
        known_kpi(loaded, kpi)
    actions = sorted(
        (action for action in loaded.actions if kpi is None or action.kpi == kpi), key=lambda a: a.date
    )
    if as_json:
        print_json([action_dict(action) for action in actions])
        return
    language = display_lang(lang, loaded.language)
    if not actions:
        say(msg("steer.cli.no_actions"), language)
        return
    console.print(actions_table(actions, language))


@actions_app.command("add")
@reports_input_errors
def add_command(
    description: Annotated[str, typer.Argument(help="What was done, in a sentence.")],
    kpi: KpiOption = None,
    on: Annotated[
        str | None, typer.Option("--date", help="When it was done, YYYY-MM-DD (default: today).")
    ] = None,
    cause: Annotated[
        str | None,
        typer.Option("--cause", help="The kind of cause it answers, as koers diagnose names it."),
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who did it.")] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log an action in koers.yaml: what was done, when, for which KPI (and which cause)."""
    file = workspace_file(workspace)
    loaded = load_workspace(file)
    if kpi is not None:
        known_kpi(loaded, kpi)
    if cause is not None and cause not in CAUSE_KINDS:
        raise UsageProblem(msg("steer.cli.unknown_cause", cause=cause, kinds=", ".join(CAUSE_KINDS)))
    if not description.strip():
        raise UsageProblem(msg("steer.cli.empty_description"))
    day = parse_date_option(on, "--date") or today(loaded.timezone)
    action = Action(date=day, description=description.strip(), kpi=kpi, by=by, cause=cause)
    save_workspace(loaded.model_copy(update={"actions": (*loaded.actions, action)}), file)
    if as_json:
        print_json(action_dict(action))
        return
    language = display_lang(lang, loaded.language)
    say(
        msg("steer.cli.added", kpi=kpi or "—", date=day, description=action.description),
        language,
        style="green",
    )


def known_kpi(workspace: Workspace, kpi_id: str) -> Kpi:
    """The workspace's KPI ``kpi_id``, or a usage error that lists the ids there are."""
    try:
        return workspace.kpi(kpi_id)
    except KeyError:
        ids = ", ".join(kpi.id for _, kpi in workspace.all_kpis())
        raise UsageProblem(msg("steer.cli.unknown_kpi", kpi=kpi_id, ids=ids)) from None


def action_dict(action: Action) -> dict[str, Any]:
    return {
        "date": action.date.isoformat(),
        "kpi": action.kpi,
        "description": action.description,
        "cause": action.cause,
        "by": action.by,
    }


def actions_table(actions: list[Action], lang: Lang) -> Table:
    table = Table()
    for key in ("date", "kpi", "description", "cause", "by"):
        table.add_column(render(msg(f"steer.cli.{key}"), lang))
    for action in actions:
        cause = (
            render(msg(f"diagnosis.cause.{action.cause}", subject=""), lang) if _known(action.cause) else ""
        )
        table.add_row(
            action.date.isoformat(),
            action.kpi or "—",
            action.description,
            cause or action.cause or "",
            action.by or "",
        )
    return table


def _known(cause: str | None) -> bool:
    return cause is not None and cause in CAUSE_KINDS


# --- diagnosis ------------------------------------------------------------------------------------


@app.command("diagnose")
@reports_input_errors
def diagnose_command(
    kpi_id: Annotated[str, typer.Argument(help="The KPI's id.")],
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Why a KPI is behind: its gap to target or pace, the segments and funnel stages behind it
    ranked, the suggested actions, and the actions already taken."""
    file = workspace_file(workspace)
    loaded = load_workspace(file)
    kpi = known_kpi(loaded, kpi_id)
    day = parse_date_option(as_of, "--as-of") or last_full_day(loaded.timezone)
    language = display_lang(lang, loaded.language)
    with Warehouse.for_workspace(file.parent, read_only=True, timezone=loaded.timezone) as warehouse:
        found = diagnose(kpi, MetricEngine(warehouse, loaded.catalog), day, workspace=loaded)
    suggestions = suggest(found)
    taken = sorted((action for action in loaded.actions if action.kpi == kpi.id), key=lambda a: a.date)
    if as_json:
        print_json(
            {
                **found.to_dict(language),
                "suggestions": [suggestion.to_dict(language) for suggestion in suggestions],
                "actions": [action_dict(action) for action in taken],
            }
        )
        return
    show_diagnosis(found, suggestions, taken, language)


def show_diagnosis(found: Diagnosis, suggestions: list[Suggestion], taken: list[Action], lang: Lang) -> None:
    """The diagnosis as text: the headline, the ranked findings, causes, suggestions, actions."""
    console.print(render(found.headline(), lang), style="bold", markup=False)
    if found.pace is not PaceKind.TARGET and found.elapsed is not None:
        say(msg(f"steer.cli.pace_{found.pace.value}", elapsed=Percent(found.elapsed, 0)), lang, style="dim")
    for title, lines in found.sections():
        console.print()
        console.print(render(title, lang), markup=False)
        for line in lines:
            console.print(f"  • {render(line, lang)}", markup=False)
    if found.causes:
        console.print()
        console.print(render(msg("steer.cli.findings"), lang), style="bold", markup=False)
        for number, cause in enumerate(found.causes, 1):
            console.print(f"  {number}. {render(cause.label, lang)}", markup=False)
    console.print()
    if suggestions:
        console.print(render(msg("steer.cli.suggestions"), lang), style="bold", markup=False)
        for number, suggestion in enumerate(suggestions, 1):
            console.print(f"  {number}. {suggestion.render(lang)}", markup=False)
    else:
        say(msg("steer.cli.nothing_to_steer"), lang, style="green")
    console.print()
    console.print(render(msg("steer.cli.actions_taken"), lang), style="bold", markup=False)
    if not taken:
        say(msg("steer.cli.none_taken"), lang, style="dim")
    for action in taken:
        console.print(f"  {action.date.isoformat()}  {action.description}", markup=False)
    for note in found.notes:
        console.print(f"• {render(note, lang)}", style="yellow", markup=False)
