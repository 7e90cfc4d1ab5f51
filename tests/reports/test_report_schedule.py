"""The schedule: the first working day, once a month, the PDF e-mailed through a real SMTP server
on loopback; and the report history in the application database."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from koers.domain.workspace import ReportSettings, Workspace
from koers.metrics.engine import MetricEngine
from koers.monitor.alerts import SmtpMailer
from koers.reports.schedule import RunState, dutch_holidays, easter, first_working_day, run_schedule
from koers.reports.store import get_report, list_reports, save_report
from koers.store.appdb import Database, database


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class MailBox:
    received: list[Envelope] = field(default_factory=list)
    reject: str | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.reject:
            return self.reject
        self.received.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        parsed = []
        for envelope in self.received:
            content = envelope.original_content or envelope.content
            assert isinstance(content, bytes)
            message = message_from_bytes(content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed


@pytest.fixture
def smtp() -> Iterator[tuple[MailBox, SmtpMailer]]:
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield (
            box,
            SmtpMailer(
                host="127.0.0.1", port=controller.port, sender="Koers <koers@example.nl>", starttls=False
            ),
        )
    finally:
        controller.stop()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    opened = database(f"sqlite:///{tmp_path / 'koers.sqlite'}")
    yield opened
    opened.dispose()


def test_easter_and_the_first_working_day_follow_the_dutch_calendar() -> None:
    assert [easter(year) for year in (2023, 2024, 2025)] == [
        date(2023, 4, 9),
        date(2024, 3, 31),
        date(2025, 4, 20),
    ]
    assert first_working_day(2024, 4) == date(2024, 4, 2)  # 1 April 2024 was Easter Monday
    assert first_working_day(2023, 4) == date(2023, 4, 3)  # a Saturday first
    assert first_working_day(2023, 1) == date(2023, 1, 2)  # New Year's Day, a Sunday
    assert first_working_day(2023, 5) == date(2023, 5, 1)  # 1 May is no day off
    assert date(2025, 5, 5) in dutch_holidays(2025)
    assert date(2024, 5, 5) not in dutch_holidays(2024)
    assert date(2023, 5, 18) in dutch_holidays(2023)  # Ascension Day


def test_the_schedule_sends_the_pdf_once_on_the_first_working_day(
    demo_workspace: Workspace, engine: MetricEngine, db: Database, smtp: tuple[MailBox, SmtpMailer]
) -> None:
    box, mailer = smtp
    workspace = demo_workspace.model_copy(
        update={"reports": ReportSettings(recipients=("sanne@example.nl", "directie@example.nl"))}
    )
    # the data ends on 20 March; the schedule is asked about the March report in April
    early = run_schedule(db, workspace, engine, mailer, today=date(2023, 3, 1))
    assert early.state is RunState.SENT  # 1 March 2023 is a Wednesday: February's report goes
    messages = box.messages()
    assert sorted(message["To"] for message in messages) == ["directie@example.nl", "sanne@example.nl"]
    message = messages[0]
    assert message["Subject"] == "Online badkamerwinkel: maandrapportage februari 2023"
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "koers-badkamerwinkel-2023-02-nl.pdf"
    pdf = attachment.get_content()
    assert pdf.startswith(b"%PDF-")
    body = message.get_body(("plain",))
    assert body is not None
    assert "vragen aandacht" in body.get_content()

    again = run_schedule(db, workspace, engine, mailer, today=date(2023, 3, 2))
    assert again.state is RunState.NOT_DUE
    assert len(box.received) == 2
    with db.begin() as session:
        stored = list_reports(session, workspace.id)
        assert len(stored) == 1
        assert stored[0].scheduled
        assert set(stored[0].sent_to) == {"sanne@example.nl", "directie@example.nl"}
        full = get_report(session, stored[0].id)
    assert full is not None
    assert full.content == pdf


def test_not_before_the_first_working_day_and_not_without_recipients(
    demo_workspace: Workspace, engine: MetricEngine, db: Database, smtp: tuple[MailBox, SmtpMailer]
) -> None:
    box, mailer = smtp
    workspace = demo_workspace.model_copy(
        update={"reports": ReportSettings(recipients=("sanne@example.nl",))}
    )
    weekend = run_schedule(db, workspace, engine, mailer, today=date(2023, 4, 1))
    assert weekend.state is RunState.NOT_DUE
    assert weekend.reason is not None
    assert "3 april 2023" in weekend.reason.render("nl")
    nobody = run_schedule(db, demo_workspace, engine, mailer, today=date(2023, 3, 1))
    assert nobody.state is RunState.NOT_DUE
    assert box.received == []


def test_a_refused_mail_is_recorded_and_sent_again_by_the_next_run(
    demo_workspace: Workspace, engine: MetricEngine, db: Database, smtp: tuple[MailBox, SmtpMailer]
) -> None:
    box, mailer = smtp
    workspace = demo_workspace.model_copy(
        update={"reports": ReportSettings(recipients=("sanne@example.nl",))}
    )
    box.reject = "451 Try again later"
    failed = run_schedule(db, workspace, engine, mailer, today=date(2023, 3, 1))
    assert failed.state is RunState.FAILED
    assert failed.report is not None
    assert failed.report.error
    assert "451" in failed.report.error
    box.reject = None
    sent = run_schedule(db, workspace, engine, mailer, today=date(2023, 3, 2))
    assert sent.state is RunState.SENT
    assert len(box.received) == 1
    with db.begin() as session:
        assert len(list_reports(session, workspace.id)) == 1  # the same file, sent on the second try


def test_the_history_lists_newest_first_without_files_and_gets_one_with_its_file(db: Database) -> None:
    with db.begin() as session:
        first = save_report(session, "ws", date(2023, 2, 14), date(2023, 2, 28), "nl", "pdf", b"%PDF-1",
                            now=datetime(2023, 3, 1, 8, tzinfo=UTC))  # fmt: skip
        save_report(session, "ws", date(2023, 3, 1), date(2023, 3, 31), "en", "html", b"<html>",
                    now=datetime(2023, 4, 3, 8, tzinfo=UTC))  # fmt: skip
        save_report(session, "other", date(2023, 3, 1), date(2023, 3, 31), "en", "html", b"<html>")
    with db.begin() as session:
        listed = list_reports(session, "ws")
        assert [(item.month, item.format.value, item.content) for item in listed] == [
            (date(2023, 3, 1), "html", None),
            (date(2023, 2, 1), "pdf", None),
        ]
        one = get_report(session, first.id)
        assert one is not None
        assert one.content == b"%PDF-1"
        assert one.file_name == "koers-ws-2023-02-nl.pdf"
        assert get_report(session, first.id, workspace_id="other") is None
