"""``koers check``, ``koers init`` and ``koers demo``: the workspace and its SMART report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from koers.cli._app import (
    DEFAULT_TIMEZONE,
    WORKSPACE_FILE,
    JsonOption,
    LangOption,
    UsageProblem,
    WorkspaceOption,
    app,
    console,
    display_lang,
    last_full_day,
    print_json,
    reports_input_errors,
    say,
    today,
    workspace_file,
)
from koers.cli.data import show_status
from koers.cli.plan import show_plan
from koers.demo import build_demo
from koers.domain.funnel import compute_plan
from koers.domain.smart import Verdict, WorkspaceReport, check_workspace, phase_coverage
from koers.domain.starter import starter_workspace
from koers.domain.workspace import Workspace
from koers.errors import FileProblem
from koers.i18n import Lang, msg, render
from koers.metrics.actuals import smart_inputs
from koers.metrics.engine import MetricEngine
from koers.monitor.evaluate import evaluate_workspace
from koers.present import describe_kpi_target, describe_period
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import load_workspace_with_warnings, save_workspace

_MARK = {
    Verdict.PASS: "[green]✓[/green]",
    Verdict.FAIL: "[red]✗[/red]",
    Verdict.UNKNOWN: "[yellow]?[/yellow]",
}


@app.command("check")
@reports_input_errors
def check_command(
    file: Annotated[
        Path | None, typer.Argument(help="The workspace file (default: koers.yaml here).")
    ] = None,
    workspace: WorkspaceOption = None,
    strict: Annotated[bool, typer.Option(help="Exit with code 1 when any KPI fails a SMART letter.")] = False,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check every KPI on SMART and the workspace on focus ("number soup")."""
    path = workspace_file(file or workspace)
    loaded = load_workspace_with_warnings(path)
    report = check_with_data(loaded.workspace, path.parent)
    language = display_lang(lang, loaded.workspace.language)
    if as_json:
        print_json(
            {**report.to_dict(language), "warnings": [_problem_dict(w, language) for w in loaded.warnings]}
        )
    else:
        for warning in loaded.warnings:
            console.print(
                warning.render(language, loaded_source(file or workspace)), style="yellow", markup=False
            )
        show_report(loaded.workspace, report, language)
    if strict and report.verdict is Verdict.FAIL:
        raise typer.Exit(1)


@app.command("init")
@reports_input_errors
def init_command(
    name: Annotated[str, typer.Option(help="The workspace's name.")] = "Mijn werkruimte",
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing koers.yaml.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Write a starter koers.yaml: Dutch, euros and Amsterdam time, with one example goal and KPI."""
    target = workspace_file(workspace)
    language = display_lang(lang)
    if target.exists() and not force:
        raise UsageProblem(msg("cli.init.exists", path=str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    starter = starter_workspace(name, language, today=today(DEFAULT_TIMEZONE))
    save_workspace(starter, target)
    if as_json:
        print_json({"path": str(target), "workspace": starter.id})
    else:
        say(msg("cli.init.written", path=str(target)), language, style="green")


@app.command("demo")
@reports_input_errors
def demo_command(
    folder: Annotated[Path, typer.Option("--dir", help="The folder to build the demo workspace in.")] = Path(
        "demo-workspace"
    ),
    fresh: Annotated[bool, typer.Option(help="Build it anew, even when the folder holds one.")] = False,
    name: Annotated[
        str | None, typer.Option(help="Another client of the same kind, by this name (its id follows).")
    ] = None,
    seed: Annotated[int, typer.Option(help="The generated data's seed: other numbers, same shop.")] = 2023,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """The demo: the bathroom shop with two years of generated data, built once in a folder; shows
    its SMART check, where each KPI stands, and its funnel plan."""
    day = today(DEFAULT_TIMEZONE)
    file = folder / WORKSPACE_FILE
    built = fresh or not file.exists()
    if built:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True,
                      disable=as_json) as progress:  # fmt: skip
            progress.add_task(render(msg("cli.demo.building", folder=str(folder)), display_lang(lang)))
            build_demo(folder, day, seed=seed, name=name)
    demo = load_workspace_with_warnings(file).workspace
    language = display_lang(lang, demo.language)
    report = check_with_data(demo, folder)
    with Warehouse.for_workspace(folder, read_only=True, timezone=demo.timezone) as warehouse:
        judged = last_full_day(demo.timezone)  # the data runs through yesterday
        evaluations = evaluate_workspace(demo, MetricEngine(warehouse, demo.catalog), judged)
    plans = [compute_plan(plan) for plan in demo.plans]
    if as_json:
        print_json({
            "folder": str(folder), "built": built, "workspace": demo.model_dump(mode="json"),
            "check": report.to_dict(language), "status": [item.to_dict(language) for item in evaluations],
            "plans": [plan.to_dict() for plan in plans],
        })  # fmt: skip
        return
    show_report(demo, report, language)
    console.print()
    show_status(demo, evaluations, judged, language)
    for result in plans:
        console.print()
        show_plan(result, language, demo.currency)
    console.print()
    say(msg("cli.demo.next", folder=str(folder)), language, style="green")


def check_with_data(workspace: Workspace, folder: Path) -> WorkspaceReport:
    """The SMART and focus check, with the warehouse's data for Measurable and Realistic: which
    metrics have data, and each KPI's metric per month before its period."""
    day = today(workspace.timezone)
    with Warehouse.for_workspace(folder, read_only=True, timezone=workspace.timezone) as warehouse:
        engine = MetricEngine(warehouse, workspace.catalog)
        history, measurable = smart_inputs(engine, [kpi for _, kpi in workspace.all_kpis()], day)
        return check_workspace(workspace, history_for=history, measurable=measurable, today=day)


def loaded_source(path: Path | None) -> str:
    return workspace_file(path).name


def show_report(workspace: Workspace, report: WorkspaceReport, lang: Lang) -> None:
    """Goals and KPIs by journey phase with a mark per SMART letter, then what to fix."""
    catalog = workspace.catalog
    journey = workspace.journey_model
    console.print(f"[bold]{workspace.name}[/bold] · {journey.name.in_(lang)}")
    table = Table(show_lines=False)
    for key in ("phase", "goal", "kpi", "target", "period"):
        table.add_column(render(msg(f"cli.check.{key}"), lang))
    table.add_column("S M A R T", no_wrap=True)
    paths = {report_.kpi_id: path for path, report_ in report.smart.items()}
    order = {key: index for index, key in enumerate(journey.phase_keys)}
    rows = sorted(workspace.all_kpis(), key=lambda pair: order.get(pair[1].phase or "", len(order)))
    for goal, kpi in rows:
        smart = report.smart[paths[kpi.id]]
        phase = journey.phase(kpi.phase).name.in_(lang) if kpi.phase in order else (kpi.phase or "—")
        table.add_row(
            phase,
            goal.name if goal else "—",
            kpi.name,
            describe_kpi_target(kpi, catalog, lang, workspace.currency),
            describe_period(kpi.period, lang) if kpi.period else "—",
            " ".join(_MARK[check.verdict] for check in smart.letters),
        )
    console.print(table)

    unknown: Counter[str] = Counter()
    for smart in report.smart.values():
        for check in smart.letters:
            if check.verdict is Verdict.FAIL:
                fix = f" → {check.fix.render(lang)}" if check.fix else ""
                console.print(
                    f"✗ {smart.kpi_id} · {check.letter.label.render(lang)}: {check.reason.render(lang)}{fix}",
                    style="red",
                    markup=False,
                )
            elif check.verdict is Verdict.UNKNOWN:
                unknown[f"{check.letter.label.render(lang)}: {check.reason.render(lang)}"] += 1
    for text, count in unknown.items():
        kpis = render(msg("cli.check.kpis" if count > 1 else "cli.check.one_kpi", count=count), lang)
        console.print(f"? {text} ({kpis})", style="yellow", markup=False)
    for warning in report.focus:
        console.print(
            f"! {warning.message.render(lang)} → {warning.fix.render(lang)}", style="magenta", markup=False
        )
    coverage = phase_coverage(workspace)
    counts = ", ".join(f"{journey.phase(key).name.in_(lang)} {len(ids)}" for key, ids in coverage.items())
    say(msg("cli.check.coverage", counts=counts), lang)


def _problem_dict(problem: FileProblem, lang: Lang) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "message": problem.message.render(lang)}
