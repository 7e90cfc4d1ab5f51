"""``koers alerts``: record status changes and send them (``run``, for a scheduler), list them.

``koers alerts run`` judges every KPI of the workspace at the as-of date, records what changed
since the last run in the application database and sends the alerts (see
:mod:`koers.monitor.alerts` for the rules). A delivery that fails is reported and retried by a
later run; the exit code stays 0 then, so a scheduler does not stop calling. Bad input (an
unreadable workspace, a bad date) exits with 2.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from koers.cli._app import (
    AsOfOption,
    JsonOption,
    LangOption,
    WorkspaceOption,
    app,
    console,
    display_lang,
    error_console,
    last_full_day,
    parse_date_option,
    print_json,
    reports_input_errors,
    workspace_file,
)
from koers.cli.data import open_workspace
from koers.cli.db import DatabaseOption
from koers.config import get_settings
from koers.i18n import Lang, Msg, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.alerts import (
    AlertChannels,
    AlertEvent,
    AlertRun,
    Delivery,
    DeliveryState,
    Outcome,
    RetryPolicy,
    list_alerts,
    run_alerts,
    shown_target,
)
from koers.monitor.evaluate import evaluate_workspace
from koers.store.appdb import database
from koers.store.workspace_file import load_workspace

alerts_app = typer.Typer(
    name="alerts",
    help="Alerts when a KPI changes status: record and send them (run), or list them.",
    no_args_is_help=True,
)
app.add_typer(alerts_app, name="alerts")

LimitOption = Annotated[
    int, typer.Option("--limit", min=1, help="Show at most this many alerts, newest first.")
]


@alerts_app.command("run")
@reports_input_errors
def run_command(
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    database_url: DatabaseOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Judge every KPI, record the status changes since the last run and send them by e-mail and
    webhook; failed sends are retried by the next run. For a scheduler (cron, systemd timer)."""
    loaded, warehouse = open_workspace(workspace)
    day = parse_date_option(as_of, "--as-of") or last_full_day(loaded.timezone)
    language = display_lang(lang, loaded.language)
    with warehouse:
        evaluations = evaluate_workspace(loaded, MetricEngine(warehouse, loaded.catalog), day)
    statuses = {evaluation.kpi_id: evaluation.status for evaluation in evaluations}
    policy = RetryPolicy()
    db = database(database_url)
    try:
        with AlertChannels.from_settings(get_settings()) as channels:
            run = run_alerts(db, loaded, statuses, day, channels=channels, policy=policy)
    finally:
        db.dispose()
    if as_json:
        print_json(run.to_dict(language))
        return
    _show_run(run, loaded.name, bool(loaded.alerts.recipients or loaded.alerts.webhooks), policy, language)


def _show_run(run: AlertRun, name: str, has_channels: bool, policy: RetryPolicy, lang: Lang) -> None:
    if run.changes:
        table = Table(title=render(msg("alerts.run.title", workspace=name, day=run.as_of), lang))
        for key in ("kpi", "from", "to"):
            table.add_column(render(msg(f"alerts.column.{key}"), lang))
        for change in run.changes:
            before = change.from_status.label if change.from_status is not None else msg("alerts.new")
            table.add_row(Text(change.kpi_name), render(before, lang), render(change.to_status.label, lang))
        console.print(table)
        if not has_channels:
            _say(msg("alerts.run.no_channels"), lang, style="yellow")
    else:
        _say(msg("alerts.run.none", workspace=name, day=run.as_of), lang)
    if run.recorded.baseline:
        _say(msg("alerts.run.baseline", count=len(run.recorded.baseline)), lang)
    if run.recorded.skipped:
        _say(msg("alerts.run.stale", count=len(run.recorded.skipped)), lang, style="yellow")
    report = run.delivery
    if report.sent:
        _say(msg("alerts.run.sent", count=len(report.sent)), lang, style="green")
    for outcome in report.retrying:
        _complain(_retrying(outcome, policy), lang, style="yellow")
    for outcome in report.failed:
        _complain(_given_up(outcome), lang, style="red")
    if report.waiting:
        _say(msg("alerts.run.waiting", count=report.waiting), lang)


def _retrying(outcome: Outcome, policy: RetryPolicy) -> Msg:
    return msg(
        "alerts.run.retrying",
        attempts=outcome.attempts,
        max=policy.max_attempts,
        at=_moment(outcome.next_attempt_at),
        channel=outcome.channel.label,
        target=shown_target(outcome.channel, outcome.target),
        error=outcome.error or "",
    )


def _given_up(outcome: Outcome) -> Msg:
    return msg(
        "alerts.run.failed",
        attempts=outcome.attempts,
        channel=outcome.channel.label,
        target=shown_target(outcome.channel, outcome.target),
        error=outcome.error or "",
    )


@alerts_app.command("list")
@reports_input_errors
def list_command(
    workspace: WorkspaceOption = None,
    limit: LimitOption = 50,
    database_url: DatabaseOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the workspace's status changes, newest first, with how each was delivered."""
    loaded = load_workspace(workspace_file(workspace))
    language = display_lang(lang, loaded.language)
    db = database(database_url)
    try:
        with db.begin() as session:
            events = list_alerts(session, loaded.id, limit=limit)
    finally:
        db.dispose()
    if as_json:
        print_json([event.to_dict(language) for event in events])
        return
    if not events:
        _say(msg("alerts.list.empty", workspace=loaded.name), language)
        return
    table = Table(title=render(msg("alerts.list.title", workspace=loaded.name), language))
    table.add_column(render(msg("alerts.column.id"), language), justify="right")
    table.add_column(render(msg("alerts.column.as_of"), language), no_wrap=True)
    for key in ("kpi", "from", "to", "deliveries"):
        table.add_column(render(msg(f"alerts.column.{key}"), language))
    for event in events:
        table.add_row(*_event_row(event, language))
    console.print(table)


def _event_row(event: AlertEvent, lang: Lang) -> list[str | Text]:
    before = event.from_status.label if event.from_status is not None else msg("alerts.new")
    deliveries = [render(_delivery_line(delivery), lang) for delivery in event.deliveries]
    return [
        str(event.id),
        event.as_of.isoformat(),
        Text(event.kpi_name),  # a name is shown as written, never read as Rich markup
        render(before, lang),
        render(event.to_status.label, lang),
        Text("\n".join(deliveries) or render(msg("alerts.list.none_sent"), lang)),
    ]


def _delivery_line(delivery: Delivery) -> Msg:
    target = shown_target(delivery.channel, delivery.target)
    if delivery.state is not DeliveryState.SENT and delivery.last_error:
        return msg(
            "alerts.delivery_error",
            channel=delivery.channel.label,
            target=target,
            state=delivery.state.label,
            attempts=delivery.attempts,
            error=delivery.last_error,
        )
    return msg("alerts.delivery", channel=delivery.channel.label, target=target, state=delivery.state.label)


def _moment(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "—"


def _say(message: Msg, lang: Lang, *, style: str | None = None) -> None:
    console.print(render(message, lang), style=style, markup=False, soft_wrap=True)


def _complain(message: Msg, lang: Lang, *, style: str) -> None:
    # Failures go to stderr, where a scheduler's log or cron's mail picks them up.
    error_console.print(render(message, lang), style=style, markup=False, soft_wrap=True)


__all__ = ["alerts_app"]
