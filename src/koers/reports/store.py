"""The history of generated reports, in the application database (table ``reports``).

The web app lists, shows and downloads them; the schedule asks whether a month's report went
out already::

    with db.begin() as session:
        stored = save_report(session, "badkamerwinkel", date(2023, 3, 1), date(2023, 3, 31),
                             "nl", "pdf", pdf_bytes)
    with db.begin() as session:
        listed = list_reports(session, "badkamerwinkel")    # newest first, without the files
        one = get_report(session, listed[0].id)             # with ``content``
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from koers.reports.render import ReportFormat
from koers.store.appdb.models import ReportRow


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A generated report; ``content`` is ``None`` in lists (only :func:`get_report` loads it)."""

    id: int
    workspace_id: str
    month: date
    as_of: date
    lang: str
    format: ReportFormat
    scheduled: bool
    created_at: datetime
    size: int
    sent_to: tuple[str, ...] = ()
    sent_at: datetime | None = None
    error: str | None = None
    content: bytes | None = None

    @property
    def media_type(self) -> str:
        return self.format.media_type

    @property
    def file_name(self) -> str:
        """``koers-badkamerwinkel-2023-03-nl.pdf``: what a download is saved as."""
        return f"koers-{self.workspace_id}-{self.month:%Y-%m}-{self.lang}.{self.format.value}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "workspace": self.workspace_id,
            "month": f"{self.month:%Y-%m}",
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "format": self.format.value,
            "scheduled": self.scheduled,
            "created_at": self.created_at.isoformat(),
            "size": self.size,
            "sent_to": list(self.sent_to),
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "error": self.error,
            "file_name": self.file_name,
        }


_LISTED = (
    ReportRow.id,
    ReportRow.workspace_id,
    ReportRow.month,
    ReportRow.as_of,
    ReportRow.lang,
    ReportRow.format,
    ReportRow.scheduled,
    ReportRow.created_at,
    ReportRow.size,
    ReportRow.sent_to,
    ReportRow.sent_at,
    ReportRow.error,
)


def save_report(
    session: Session,
    workspace_id: str,
    month: date,
    as_of: date,
    lang: str,
    format: ReportFormat | str,
    content: bytes,
    *,
    scheduled: bool = False,
    now: datetime | None = None,
) -> StoredReport:
    """Keep a generated report; ``month`` may be any day of the month (the first is stored)."""
    row = ReportRow(
        workspace_id=workspace_id,
        month=month.replace(day=1),
        as_of=as_of,
        lang=str(lang),
        format=ReportFormat(format).value,
        scheduled=scheduled,
        created_at=_aware(now or datetime.now(UTC)),
        content=content,
        size=len(content),
        sent_to=[],
    )
    session.add(row)
    session.flush()
    return _stored(row)


def list_reports(
    session: Session, workspace_id: str, *, month: date | None = None, limit: int | None = None
) -> list[StoredReport]:
    """The workspace's reports, newest first (of one month with ``month``), without their files."""
    statement = select(*_LISTED).where(ReportRow.workspace_id == workspace_id)
    if month is not None:
        statement = statement.where(ReportRow.month == month.replace(day=1))
    statement = statement.order_by(ReportRow.created_at.desc(), ReportRow.id.desc()).limit(limit)
    return [_stored(row) for row in session.execute(statement)]


def get_report(session: Session, report_id: int, *, workspace_id: str | None = None) -> StoredReport | None:
    """One report with its file; ``None`` when there is none (or not in ``workspace_id``)."""
    row = session.get(ReportRow, report_id)
    if row is None or (workspace_id is not None and row.workspace_id != workspace_id):
        return None
    return _stored(row, content=True)


def mark_sent(
    session: Session,
    report_id: int,
    recipients: Sequence[str],
    *,
    error: str | None = None,
    now: datetime | None = None,
) -> None:
    """Record a sending: to whom it went (and when), and why it did not reach the others."""
    values: dict[str, Any] = {"error": error}
    if recipients:
        values |= {"sent_to": list(recipients), "sent_at": _aware(now or datetime.now(UTC))}
    session.execute(update(ReportRow).where(ReportRow.id == report_id).values(**values))


def sent_for_month(session: Session, workspace_id: str, month: date) -> StoredReport | None:
    """The scheduled report of ``month`` that was sent, if any: the schedule sends each month once."""
    statement = (
        select(*_LISTED)
        .where(
            ReportRow.workspace_id == workspace_id,
            ReportRow.month == month.replace(day=1),
            ReportRow.scheduled.is_(True),
            ReportRow.sent_at.is_not(None),
        )
        .order_by(ReportRow.sent_at)
        .limit(1)
    )
    found = session.execute(statement).first()
    return _stored(found) if found is not None else None


def _stored(row: Any, *, content: bool = False) -> StoredReport:
    return StoredReport(
        id=row.id,
        workspace_id=row.workspace_id,
        month=row.month,
        as_of=row.as_of,
        lang=row.lang,
        format=ReportFormat(row.format),
        scheduled=bool(row.scheduled),
        created_at=_aware(row.created_at),
        size=row.size,
        sent_to=tuple(row.sent_to or ()),
        sent_at=_aware(row.sent_at) if row.sent_at is not None else None,
        error=row.error,
        content=bytes(row.content) if content else None,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite gives times back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


__all__ = ["StoredReport", "get_report", "list_reports", "mark_sent", "save_report", "sent_for_month"]
