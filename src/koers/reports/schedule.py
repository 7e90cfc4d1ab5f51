"""The monthly schedule: on the first working day of a month, the previous month's report goes
by e-mail (PDF attached) to the workspace's report recipients, once.

A scheduler runs ``koers reports run`` every day (cron, a systemd timer); the run decides:

- **When.** The first working day is the first day of the month that is a weekday (Monday to
  Friday) and not a Dutch public holiday: New Year's Day, Easter Monday, King's Day (27 April,
  26 April when the 27th is a Sunday), Ascension Day, Whit Monday, Christmas and Boxing Day,
  and Liberation Day (5 May) in the lustrum years when it is a day off for most (2025, 2030...).
  Those are the holidays that can fall on a month's first days; Good Friday is not a general day
  off. A run after that day, when the report has not gone out yet (the scheduler was down),
  still sends it.
- **Once.** A month's scheduled report that was sent is recorded (:mod:`koers.reports.store`),
  and later runs that month send nothing. When sending failed for every recipient, the next run
  tries again with the same file; when it reached some, it counts as sent and the failures are
  recorded with it.
- **How.** Through the same SMTP settings and mailer as the alerts
  (:class:`koers.monitor.alerts.Mailer`, ``KOERS_SMTP_*``), one e-mail per recipient, in the
  workspace's report language (``reports.language``, else the workspace's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from enum import StrEnum
from typing import Any

from koers.domain.period import Grain, add
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Msg, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.alerts import Mailer
from koers.reports.gather import gather
from koers.reports.model import Report, build_report, month_label
from koers.reports.render import ReportFormat, render_pdf
from koers.reports.store import StoredReport, get_report, list_reports, mark_sent, save_report, sent_for_month
from koers.store.appdb import Database

# --- the calendar ----------------------------------------------------------------------------------


def easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def dutch_holidays(year: int) -> frozenset[date]:
    """The Dutch public holidays of ``year`` on which offices are closed."""
    sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = date(year, 4, 26)
    days = {
        date(year, 1, 1),
        sunday + timedelta(days=1),
        kings_day,
        sunday + timedelta(days=39),
        sunday + timedelta(days=50),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    if year % 5 == 0:
        days.add(date(year, 5, 5))
    return frozenset(days)


def first_working_day(year: int, month: int) -> date:
    """The first weekday of the month that is not a Dutch public holiday."""
    day = date(year, month, 1)
    holidays = dutch_holidays(year)
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


# --- the e-mail ---------------------------------------------------------------------------------


def report_email(
    report: Report, pdf: bytes, *, sender: str, recipient: str, file_name: str | None = None
) -> EmailMessage:
    """The e-mail that carries a report: a short text naming what needs attention, the PDF attached."""
    lang = report.lang
    month = month_label(report.month, lang)
    if report.attention:
        attention = msg(
            "report.email.attention",
            count=len(report.attention),
            kpis=", ".join(line.name for line in report.attention),
        )
    else:
        attention = msg("report.email.all_well")
    message = EmailMessage()
    message["Subject"] = render(
        msg("report.email.subject", workspace=report.workspace_name, month=month), lang
    )
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(" >") or "koers.invalid")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    message["Content-Language"] = lang.value
    message.set_content(
        render(
            msg("report.email.body", workspace=report.workspace_name, month=month, attention=attention), lang
        )
    )
    name = file_name or f"koers-{report.workspace_id}-{report.month:%Y-%m}-{lang.value}.pdf"
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=name)
    return message


def send_report(
    mailer: Mailer, report: Report, pdf: bytes, recipients: tuple[str, ...] | list[str]
) -> dict[str, str | None]:
    """Send the report to each recipient (one e-mail each): per recipient ``None`` or the error."""
    messages = [report_email(report, pdf, sender=mailer.sender, recipient=address) for address in recipients]
    return dict(zip(recipients, mailer.send(messages), strict=True))


# --- the scheduled run ------------------------------------------------------------------------------


class RunState(StrEnum):
    NOT_DUE = "not_due"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ScheduleRun:
    """What a scheduled run did, and why."""

    state: RunState
    month: date
    reason: Msg | None = None
    report: StoredReport | None = None
    results: dict[str, str | None] | None = None

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "month": f"{self.month:%Y-%m}",
            "reason": self.reason.render(lang) if self.reason else None,
            "report": self.report.to_dict() if self.report else None,
            "results": self.results,
        }


def due_month(today: date) -> date:
    """The month whose report the schedule sends in ``today``'s month: the previous one."""
    return add(today.replace(day=1), Grain.MONTH, -1)


def run_schedule(
    db: Database,
    workspace: Workspace,
    engine: MetricEngine,
    mailer: Mailer,
    *,
    today: date,
    now: datetime | None = None,
) -> ScheduleRun:
    """Send last month's report when it is due and was not sent yet (see the module's docstring)."""
    settings = workspace.reports
    month = due_month(today)
    if not settings.monthly:
        return ScheduleRun(RunState.NOT_DUE, month, msg("report.due.off"))
    if not settings.recipients:
        return ScheduleRun(RunState.NOT_DUE, month, msg("report.due.no_recipients"))
    lang = settings.language or workspace.language
    with db.begin() as session:
        done = sent_for_month(session, workspace.id, month)
    if done is not None and done.sent_at is not None:
        return ScheduleRun(
            RunState.NOT_DUE,
            month,
            msg("report.due.already_sent", month=month_label(month, lang), day=done.sent_at.date()),
            done,
        )
    due = first_working_day(today.year, today.month)
    if today < due:
        return ScheduleRun(
            RunState.NOT_DUE, month, msg("report.due.not_yet", month=month_label(month, lang), day=due)
        )
    report = build_report(gather(workspace, engine, month, today=today), lang)
    with db.begin() as session:
        earlier = [
            item
            for item in list_reports(session, workspace.id, month=month)
            if item.scheduled and item.lang == lang
        ]
        stored = get_report(session, earlier[0].id) if earlier else None
    pdf = stored.content if stored is not None and stored.content is not None else None
    if pdf is None or stored is None:
        pdf = render_pdf(report)
        with db.begin() as session:
            stored = save_report(
                session,
                workspace.id,
                month,
                report.as_of,
                lang,
                ReportFormat.PDF,
                pdf,
                scheduled=True,
                now=now,
            )
    results = send_report(mailer, report, pdf, settings.recipients)
    reached = [address for address, error in results.items() if error is None]
    failed = "; ".join(f"{address}: {error}" for address, error in results.items() if error is not None)
    with db.begin() as session:
        mark_sent(session, stored.id, reached, error=failed or None, now=now)
        final = get_report(session, stored.id)
    kept = replace(final, content=None) if final is not None else None
    return ScheduleRun(RunState.SENT if reached else RunState.FAILED, month, None, kept, results)


__all__ = [
    "RunState",
    "ScheduleRun",
    "due_month",
    "dutch_holidays",
    "easter",
    "first_working_day",
    "report_email",
    "run_schedule",
    "send_report",
]
