"""``koers import``, ``koers imports``, ``koers value`` and ``koers explain``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from babel.dates import format_date
from rich.console import JustifyMethod
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.syntax import Syntax
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
    workspace_file,
)
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.domain.workspace import Workspace
from koers.i18n import LOCALES, Lang, msg, render
from koers.metrics.actuals import KpiActual, kpi_actual
from koers.metrics.engine import Compare, MetricEngine, MetricRequest
from koers.monitor.evaluate import KpiEvaluation
from koers.present import describe_kpi_target, format_measure
from koers.sources import ImportContext, import_file
from koers.store.warehouse import ImportRecord, Warehouse
from koers.store.workspace_file import load_workspace

imports_app = typer.Typer(
    help="List the imports, or undo one.", no_args_is_help=False, invoke_without_command=True
)
app.add_typer(imports_app, name="imports")


def open_workspace(path: Path | None, *, read_only: bool = True) -> tuple[Workspace, Warehouse]:
    """The workspace and its warehouse (``data/warehouse.duckdb`` beside ``koers.yaml``)."""
    file = workspace_file(path)
    workspace = load_workspace(file)
    warehouse = Warehouse.for_workspace(file.parent, read_only=read_only, timezone=workspace.timezone)
    return workspace, warehouse


# --- imports -------------------------------------------------------------------------------------


@app.command("import")
@reports_input_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="The exported file to import.")],
    format: Annotated[
        str | None, typer.Option("--format", help="The file's format, when detection should not guess.")
    ] = None,
    table: Annotated[str | None, typer.Option(help="For a mapped file: the table to import into.")] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="For a mapped file: FIELD=COLUMN, once per field.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="For a mapped file: the source system's name.")] = None,
    encoding: Annotated[str | None, typer.Option(help="The file's encoding when it is not UTF-8.")] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import an export (GA4, Matomo, HubSpot, Salesforce, Google/Meta/LinkedIn Ads, or any CSV or
    Excel file with --table and --map): all of it, or nothing."""
    loaded, warehouse = open_workspace(workspace, read_only=False)
    language = display_lang(lang, loaded.language)
    mapping = dict(_pair(item, "--map") for item in map_ or [])
    options = {key: value for key, value in (("table", table), ("source_system", source)) if value}
    if mapping and format is None:
        format = "mapped"
    context = ImportContext(loaded.currency, loaded.timezone, encoding, mapping, options)
    with warehouse, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
        transient=True, disable=as_json,
    ) as progress:  # fmt: skip
        progress.add_task(render(msg("cli.import.busy", file=file.name), language))
        record = import_file(file, warehouse, context, format=format)
    if as_json:
        print_json(record.to_dict(language))
    else:
        for note in record.notes:
            console.print(f"• {note.render(language)}", style="yellow", markup=False)
        say(msg("cli.import.done", file=record.file_name, format=record.format, added=record.rows_added,
                replaced=record.rows_replaced, rejected=record.rows_rejected, id=record.import_id), language,
            style="green")  # fmt: skip


@imports_app.callback()
@reports_input_errors
def imports_command(
    ctx: typer.Context,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """List every import, newest last."""
    if ctx.invoked_subcommand is not None:
        return
    loaded, warehouse = open_workspace(workspace)
    with warehouse:
        records = warehouse.imports()
    if as_json:
        print_json([record.to_dict() for record in records])
        return
    language = display_lang(lang, loaded.language)
    if not records:
        say(msg("cli.imports.none"), language)
        return
    table = Table()
    for key in ("id", "when", "file", "format", "dates", "added", "replaced", "state"):
        table.add_column(render(msg(f"cli.imports.{key}"), language))
    for record in records:
        table.add_row(*_import_row(record, language))
    console.print(table)


@imports_app.command("undo")
@reports_input_errors
def undo_command(
    import_id: Annotated[str, typer.Argument(help="The import's id (or the start of it).")],
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Undo an import: its rows go, and the rows it had replaced come back."""
    loaded, warehouse = open_workspace(workspace, read_only=False)
    with warehouse:
        record = warehouse.undo(import_id)
    if as_json:
        print_json(record.to_dict())
    else:
        say(
            msg("cli.imports.undone", id=record.import_id, file=record.file_name),
            display_lang(lang, loaded.language),
        )


def _import_row(record: ImportRecord, lang: Lang) -> list[str]:
    dates = f"{record.first_date} – {record.last_date}" if record.first_date else ""
    state = render(msg("cli.imports.undone_state" if record.undone_at else "cli.imports.active"), lang)
    return [record.import_id, f"{record.imported_at:%Y-%m-%d %H:%M}", record.file_name, record.format, dates,
            str(record.rows_added), str(record.rows_replaced), state]  # fmt: skip


# --- values --------------------------------------------------------------------------------------


@app.command("value")
@reports_input_errors
def value_command(
    metric: Annotated[str, typer.Argument(help="A metric key (see koers metrics).")],
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="Last day, included (YYYY-MM-DD).")],
    by: Annotated[
        list[str] | None,
        typer.Option(help="day, week, month, quarter or year, and/or a dimension such as channel."),
    ] = None,
    where: Annotated[
        list[str] | None, typer.Option(help="A filter: DIMENSION=VALUE, such as channel=Email.")
    ] = None,
    compare: Annotated[
        Compare | None, typer.Option(help="Compare with the previous period or the previous year.")
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """A metric's value over a range, by grain and dimensions, with the queries behind it."""
    first, last = parse_date_option(start, "--from"), parse_date_option(end, "--to")
    assert first is not None
    assert last is not None
    if last < first:
        raise UsageProblem(msg("cli.plan.end_before_start", start=first, end=last))
    grains = [Grain(item) for item in by or [] if item in Grain._value2member_map_]
    dims = tuple(item for item in by or [] if item not in Grain._value2member_map_)
    if len(grains) > 1:
        raise UsageProblem(msg("cli.value.one_grain"))
    loaded, warehouse = open_workspace(workspace)
    language = display_lang(lang, loaded.language)
    request = MetricRequest(
        metric, Period.inclusive(first, last), grains[0] if grains else None, dims,
        tuple(_pair(item, "--where") for item in where or []), compare,
    )  # fmt: skip
    with warehouse:
        result = MetricEngine(warehouse, loaded.catalog).query(request)
    if as_json:
        print_json(result.to_dict(language))
        return
    table = Table(title=f"{result.metric.name.in_(language)} ({result.metric.key})")
    table.add_column(render(msg("cli.check.period"), language))
    for dim in dims:
        table.add_column(dim)
    table.add_column(render(msg("cli.value.value"), language), justify="right")
    if compare:
        table.add_column(render(msg("cli.value.previous"), language), justify="right")
        table.add_column("Δ", justify="right")
    for row in result.rows:
        cells = [str(row.period), *row.dims, _shown(row.value, result.metric.unit, language, loaded.currency)]
        if compare:
            cells += [
                _shown(row.previous, result.metric.unit, language, loaded.currency),
                f"{row.change:+.1%}" if row.change is not None else "",
            ]
        table.add_row(*cells)
    console.print(table)
    for note in result.notes:
        console.print(f"• {note.render(language)}", style="yellow", markup=False)


def _shown(value: Decimal | None, unit: Unit, lang: Lang, currency: str) -> str:
    return "—" if value is None else format_measure(value, unit, lang, currency)


def _pair(text: str, option: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageProblem(msg("cli.bad_pair", option=option, value=text))
    return key.strip(), value.strip()


# --- KPI status and explanation ---------------------------------------------------------------------


def show_status(workspace: Workspace, evaluations: Sequence[KpiEvaluation], day: date, lang: Lang) -> None:
    """A table of every KPI: target, actual so far (… while the period runs), pace, forecast with
    its 80% interval, the chance of making the target, status and next review; then the reasons."""
    table = Table(title=render(msg("status.cli.title", name=workspace.name, day=day), lang))
    for key in ("kpi", "target", "actual", "expected", "forecast", "probability", "status", "review"):
        justify: JustifyMethod = "left" if key in ("kpi", "status") else "right"
        table.add_column(render(msg(f"status.cli.{key}"), lang), justify=justify)
    for item in evaluations:
        running = not item.actual.ended
        forecast, review = item.forecast, item.review

        def about(value: Decimal | None, unit: Unit = item.unit) -> str:
            return _about(value, unit, lang, workspace.currency)

        actual = about(item.value) + (" …" if item.actual.partial else "")
        if item.actual.meets is not None:
            actual += " ✓" if item.actual.meets else " ✗"
        expected = about(item.expected) if running else "—"
        ahead = "—"
        if forecast is not None and running:
            ahead = f"{about(forecast.value)} ({about(forecast.low)} – {about(forecast.high)})"
        chance = f"{item.probability:.0%}" if item.probability is not None and running else "—"
        when = "—"
        if review is not None and review.next is not None:
            cadence = render(msg(f"status.cli.cadence.{review.cadence.value}"), lang)
            when = f"{format_date(review.next, 'medium', locale=LOCALES[lang])} ({cadence})"
        target = describe_kpi_target(workspace.kpi(item.kpi_id), workspace.catalog, lang, workspace.currency)
        status = render(item.status.label, lang)
        table.add_row(item.name, target, actual, expected, ahead, chance, status, when)
    console.print(table)
    for item in evaluations:
        console.print(f"• {item.name}: {item.reason.render(lang)}", markup=False)


def _about(value: Decimal | None, unit: Unit, lang: Lang, currency: str) -> str:
    """An estimate for reading: counts and scores whole from 10 on, else to two decimals."""
    if value is not None and unit in (Unit.COUNT, Unit.SCORE, Unit.MULTIPLE):
        value = value.quantize(Decimal(1) if abs(value) >= 10 else Decimal("0.01"))
    return _shown(value, unit, lang, currency)


@app.command("explain")
@reports_input_errors
def explain_command(
    kpi_id: Annotated[str, typer.Argument(help="The KPI's id.")],
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """How a KPI's value is computed: the metric's definition, the inputs and the queries."""
    loaded, warehouse = open_workspace(workspace)
    language = display_lang(lang, loaded.language)
    try:
        kpi = loaded.kpi(kpi_id)
    except KeyError:
        ids = ", ".join(k.id for _, k in loaded.all_kpis())
        raise UsageProblem(msg("cli.explain.unknown_kpi", kpi=kpi_id, ids=ids)) from None
    day = parse_date_option(as_of, "--as-of") or last_full_day(loaded.timezone)
    metric = loaded.catalog[kpi.metric]
    with warehouse:
        actual = kpi_actual(kpi, MetricEngine(warehouse, loaded.catalog), day)
    if as_json:
        print_json({**actual.to_dict(language), "metric": metric.model_dump(mode="json"),
                    "queries": [{"binding": q.binding, "sql": q.sql} for q in actual.queries]})  # fmt: skip
        return
    _explain_text(
        kpi.name, metric.name.in_(language), metric.definition.in_(language), metric.key, actual, language
    )


def _explain_text(name: str, metric: str, definition: str, key: str, actual: KpiActual, lang: Lang) -> None:
    console.print(f"[bold]{name}[/bold]")
    say(msg("cli.explain.metric", metric=metric, key=key, definition=definition), lang)
    for note in actual.notes:
        console.print(f"• {note.render(lang)}", style="yellow", markup=False)
    for query in actual.queries:
        console.print(f"[dim]{query.binding}[/dim]")
        console.print(Syntax(query.sql, "sql", theme="ansi_dark", background_color="default"))
