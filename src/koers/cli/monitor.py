"""``koers status`` (each KPI's actual, pace, forecast, probability, status and next review) and
``koers backtest`` (how well the forecast's 80% interval held the outcome in the past)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import JustifyMethod
from rich.table import Table

from koers.cli._app import (
    AsOfOption,
    JsonOption,
    LangOption,
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
from koers.cli.data import open_workspace, show_status
from koers.i18n import Lang, Percent, format_value, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.backtest import AS_OF_DATES, backtest_workspace
from koers.monitor.evaluate import evaluate_workspace


@app.command("status")
@reports_input_errors
def status_command(
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each KPI as of a day: its value against the target and the pace, the forecast for the end of
    its period with an 80% interval and the chance of making it, its status and next review."""
    loaded, warehouse = open_workspace(workspace)
    day = parse_date_option(as_of, "--as-of") or last_full_day(loaded.timezone)
    with warehouse:
        evaluations = evaluate_workspace(loaded, MetricEngine(warehouse, loaded.catalog), day)
    language = display_lang(lang, loaded.language)
    if as_json:
        print_json({"as_of": day.isoformat(), "kpis": [item.to_dict(language) for item in evaluations]})
        return
    show_status(loaded, evaluations, day, language)


@app.command("backtest")
@reports_input_errors
def backtest_command(
    as_of_dates: Annotated[
        int, typer.Option("--as-of-dates", min=1, help="As-of dates replayed in each past period.")
    ] = AS_OF_DATES,
    cases: Annotated[bool, typer.Option("--cases", help="With --json: every replayed forecast.")] = False,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replay the forecasts over the workspace's history: how often the 80% interval held what the
    period turned out to be (about 80% is right), and the mean absolute percentage error."""
    loaded, warehouse = open_workspace(workspace)
    language = display_lang(lang, loaded.language)
    with warehouse:
        report = backtest_workspace(
            loaded, MetricEngine(warehouse, loaded.catalog), today(loaded.timezone), as_of_dates=as_of_dates
        )
    if as_json:
        print_json(report.to_dict(language, cases=cases))
        return
    if not report.cases:
        say(msg("backtest.cli.none"), language)
    else:
        table = Table(title=render(msg("backtest.cli.title"), language))
        for key in ("kpi", "forecasts", "coverage", "mape"):
            justify: JustifyMethod = "left" if key == "kpi" else "right"
            table.add_column(render(msg(f"backtest.cli.{key}"), language), justify=justify)
        for kpi, (count, coverage, mape) in report.by_kpi().items():
            table.add_row(kpi, str(count), _percent(coverage, language), _percent(mape, language))
        console.print(table)
        say(
            msg("backtest.cli.summary", coverage=_share(report.coverage), forecasts=report.forecasts,
                mape=_share(report.mape)),
            language,
        )  # fmt: skip
    for kpi, reason in report.skipped:
        say(msg("backtest.cli.skipped", kpi=kpi, reason=reason), language, style="yellow")


def _share(value: float | None) -> Percent | str:
    return "—" if value is None else Percent(value, 0)


def _percent(value: float | None, lang: Lang) -> str:
    shown = _share(value)
    return shown if isinstance(shown, str) else format_value(shown, lang)
