"""``koers report`` (the monthly report as PDF or HTML), ``koers reports`` (the schedule that
e-mails it on the first working day, and the history) and ``koers export`` (KPI values and
their monthly series as CSV or Excel)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

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
)
from koers.cli.data import open_workspace
from koers.config import get_settings
from koers.i18n import Lang, format_value, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.alerts import AlertChannels
from koers.monitor.evaluate import evaluate_workspace
from koers.reports.export import export_table, to_csv, to_xlsx
from koers.reports.gather import gather, previous_month
from koers.reports.model import build_report
from koers.reports.render import ReportFormat, render_html, render_pdf
from koers.reports.schedule import RunState, run_schedule
from koers.reports.store import list_reports, save_report
from koers.store.appdb import database

reports_app = typer.Typer(
    help="The monthly report's schedule and history.", no_args_is_help=True, invoke_without_command=False
)
app.add_typer(reports_app, name="reports")

MonthOption = Annotated[
    str | None,
    typer.Option(
        "--month", help="The month to report on, YYYY-MM (default: last month).", show_default=False
    ),
]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | None, default: date) -> date:
    """The first day of ``--month`` (``2023-03``), or of ``default``'s month."""
    if value is None:
        return default.replace(day=1)
    found = _MONTH.match(value.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise UsageProblem(msg("report.cli.bad_month", value=value))
    return date(int(found.group(1)), int(found.group(2)), 1)


@app.command("report")
@reports_input_errors
def report_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write (report.pdf, report.html).")],
    month: MonthOption = None,
    format: Annotated[
        str | None, typer.Option("--format", help="pdf or html (default: from --out's extension, else pdf).")
    ] = None,
    keep: Annotated[
        bool, typer.Option("--keep", help="Also keep it in the report history of the application database.")
    ] = False,
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """The monthly management report (seed 004): a summary of goals and statuses by journey phase
    and what changed, then per KPI its chart, monthly values, diagnosis and actions, the funnel
    plan against actuals and the A/B tests; PDF (A4) or HTML, in Dutch or English."""
    chosen = format or (out.suffix.lstrip(".").lower() if out.suffix.lower() in (".pdf", ".html") else "pdf")
    if chosen not in ("pdf", "html"):
        raise UsageProblem(msg("report.cli.bad_format", value=chosen, choices="pdf, html"))
    kind = ReportFormat(chosen)
    loaded, warehouse = open_workspace(workspace)
    day = parse_date_option(as_of, "--as-of")
    # the report judges at the month's last day or, for a month still running, the day before "now"
    now = day + timedelta(days=1) if day is not None else today(loaded.timezone)
    first = parse_month(month, day if day is not None else previous_month(now))
    language = lang or get_settings().lang or loaded.reports.language or loaded.language
    with warehouse:
        report = build_report(
            gather(loaded, MetricEngine(warehouse, loaded.catalog), first, today=now), language
        )
    content = render_pdf(report) if kind is ReportFormat.PDF else render_html(report).encode("utf-8")
    out.write_bytes(content)
    if keep:
        db = database()
        with db.begin() as session:
            save_report(session, loaded.id, first, report.as_of, language.value, kind, content)
    if as_json:
        print_json({"path": str(out), "format": kind.value, "month": f"{first:%Y-%m}", "size": len(content)})
        return
    say(msg("report.cli.written", path=str(out), size=len(content)), display_lang(lang, loaded.language))


@reports_app.command("run")
@reports_input_errors
def reports_run_command(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Run as if today were this day, YYYY-MM-DD (for testing).")
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """For a daily scheduler: on the month's first working day (Mon-Fri, not a Dutch public
    holiday) e-mail last month's report as PDF to the workspace's report recipients, once."""
    loaded, warehouse = open_workspace(workspace)
    now = parse_date_option(as_of, "--as-of") or today(loaded.timezone)
    db = database()
    with warehouse, AlertChannels.from_settings(get_settings()) as channels:
        run = run_schedule(db, loaded, MetricEngine(warehouse, loaded.catalog), channels.mailer, today=now)
    language = display_lang(lang, loaded.language)
    if as_json:
        print_json(run.to_dict(language))
    elif run.state is RunState.NOT_DUE and run.reason is not None:
        say(msg("report.cli.not_due", reason=run.reason), language)
    else:
        results = run.results or {}
        reached = [address for address, error in results.items() if error is None]
        if reached:
            say(msg("report.cli.sent", month=f"{run.month:%Y-%m}", recipients=", ".join(reached)), language)
        for address, error in results.items():
            if error is not None:
                say(msg("report.cli.failed", recipients=address, error=error), language, style="red")
    if run.state is RunState.FAILED:
        raise typer.Exit(1)


@reports_app.command("list")
@reports_input_errors
def reports_list_command(
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """The reports made for the workspace and kept in the application database, newest first."""
    loaded, warehouse = open_workspace(workspace)
    warehouse.close()
    with database().begin() as session:
        stored = list_reports(session, loaded.id)
    if as_json:
        print_json([item.to_dict() for item in stored])
        return
    language = display_lang(lang, loaded.language)
    if not stored:
        say(msg("report.cli.history_empty"), language)
        return
    table = Table()
    for key in ("id", "month", "lang", "format", "created", "sent"):
        table.add_column(render(msg(f"report.cli.col_{key}"), language))
    for item in stored:
        table.add_row(
            str(item.id),
            f"{item.month:%Y-%m}",
            item.lang,
            item.format.value,
            format_value(item.created_at.date(), language),
            ", ".join(item.sent_to) or (item.error or "—"),
        )
    console.print(table)


@app.command("export")
@reports_input_errors
def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write (kpis.csv, kpis.xlsx).")],
    format: Annotated[
        str | None, typer.Option("--format", help="csv or xlsx (default: from --out's extension, else csv).")
    ] = None,
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """KPI values and their monthly series as CSV or Excel: per KPI its target, status, value,
    forecast and chance, then a column per month."""
    chosen = format or (out.suffix.lstrip(".").lower() if out.suffix.lower() in (".csv", ".xlsx") else "csv")
    if chosen not in ("csv", "xlsx"):
        raise UsageProblem(msg("report.cli.bad_format", value=chosen, choices="csv, xlsx"))
    loaded, warehouse = open_workspace(workspace)
    day = parse_date_option(as_of, "--as-of") or last_full_day(loaded.timezone)
    with warehouse:
        evaluations = evaluate_workspace(loaded, MetricEngine(warehouse, loaded.catalog), day)
    language: Lang = display_lang(lang, loaded.language)
    table = export_table(loaded, evaluations, language)
    out.write_bytes(to_csv(table) if chosen == "csv" else to_xlsx(table, language))
    if as_json:
        print_json(
            {"path": str(out), "format": chosen, "kpis": len(table.rows), "months": list(table.months)}
        )
        return
    cells = (
        sum(1 for row in table.rows for value in row[-len(table.months) :] if value is not None)
        if table.months
        else 0
    )
    say(msg("export.cli.written", rows=len(table.rows), months=cells, path=str(out)), language)
