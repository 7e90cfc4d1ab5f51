"""Alerts: each status change recorded once, sent through a real SMTP server and a real HTTP
receiver on loopback, and failures retried, reported and finally marked failed."""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from koers.cli import app
from koers.cli._app import console, error_console
from koers.config import get_settings
from koers.domain.kpi import Goal, Kpi
from koers.domain.workspace import AlertSettings, Workspace
from koers.i18n import Lang
from koers.monitor.alerts import (
    AlertChannels,
    AlertRun,
    Channel,
    DeliveryState,
    MissingMailer,
    RetryPolicy,
    SmtpMailer,
    list_alerts,
    run_alerts,
)
from koers.monitor.status import Status
from koers.store.appdb import Database, database, downgrade, load_workspace, save_workspace, upgrade
from koers.store.workspace_file import save_workspace as write_workspace_file

AS_OF = date(2024, 3, 31)
NOW = datetime(2024, 3, 31, 6, 0, tzinfo=UTC)
FAST = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=15))
runner = CliRunner()
POSTGRES_URL = os.environ.get("KOERS_TEST_POSTGRES_URL")


# --- a real SMTP server and a real HTTP receiver on loopback -----------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class MailBox:
    """An aiosmtpd handler that keeps what it receives, or answers with ``reply`` (451, 554...)."""

    received: list[Envelope] = field(default_factory=list)
    reject_data: str | None = None
    reject_rcpt: str | None = None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.reject_rcpt:
            return self.reject_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.reject_data:
            return self.reject_data
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


@dataclass
class SmtpServer:
    box: MailBox
    port: int

    def mailer(self) -> SmtpMailer:
        return SmtpMailer(host="127.0.0.1", port=self.port, sender="Koers <koers@example.nl>", starttls=False)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield SmtpServer(box, controller.port)
    finally:
        controller.stop()


@dataclass
class Receiver:
    """A local webhook: records each POST's path, content type and JSON body; answers ``status``."""

    url: str
    posts: list[tuple[str, str, Any]] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    record = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/koers-secret-token")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            record.posts.append((self.path, self.headers.get("Content-Type", ""), json.loads(body)))
            answer = b"ok" if record.status < 300 else b"internal error"
            self.send_response(record.status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # keep the test output quiet
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An application database: a SQLite file, or a schema of its own in the test PostgreSQL
    (``KOERS_TEST_POSTGRES_URL``, as in ``tests/store/test_appdb.py``)."""
    if request.param == "sqlite":
        opened = database(f"sqlite:///{tmp_path / 'koers.sqlite'}")
        yield opened
        opened.dispose()
        return
    if not POSTGRES_URL:
        pytest.skip(
            "KOERS_TEST_POSTGRES_URL is not set: run `export KOERS_TEST_POSTGRES_URL=$(scripts/postgres-for-tests start)`"
        )
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    opened = database(url.render_as_string(hide_password=False))
    try:
        yield opened
    finally:
        opened.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


@pytest.fixture(autouse=True)
def _own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in ("KOERS_DATABASE_URL", "KOERS_LANG", "KOERS_WORKSPACE", "KOERS_SMTP_HOST", "KOERS_SMTP_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KOERS_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _kpi(kpi_id: str, name: str, **fields: object) -> Kpi:
    return Kpi.model_validate({"id": kpi_id, "name": name, "metric": "new_users", "target": "100", **fields})


def _workspace(
    language: Lang = Lang.NL,
    recipients: tuple[str, ...] = ("sanne@badkamer.nl",),
    webhooks: tuple[str, ...] = (),
) -> Workspace:
    return Workspace(
        id="badkamerwinkel",
        name="Online badkamerwinkel",
        language=language,
        goals=(
            Goal(
                id="bekendheid",
                name="Naamsbekendheid",
                kpis=(_kpi("bezoekers", "Nieuwe bezoekers"), _kpi("leads", "Offerte-aanvragen")),
            ),
        ),
        kpis=(_kpi("nps", "Klanttevredenheid <NPS> & co"),),
        alerts=AlertSettings(recipients=recipients, webhooks=webhooks),
    )


def _run(
    db: Database,
    workspace: Workspace,
    statuses: dict[str, Status],
    channels: AlertChannels,
    *,
    at: datetime = NOW,
    as_of: date = AS_OF,
    policy: RetryPolicy = FAST,
) -> AlertRun:
    return run_alerts(db, workspace, statuses, as_of, channels=channels, policy=policy, now=at)


ON = {"bezoekers": Status.ON_TRACK, "leads": Status.ON_TRACK, "nps": Status.NOT_STARTED}


# --- recording: first reading, once only, the past ----------------------------------------------


def test_the_first_run_alerts_only_what_needs_attention(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace()
    run = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, AlertChannels(smtp.mailer(), http))
    assert [(change.kpi_id, change.from_status, change.to_status) for change in run.changes] == [
        ("leads", None, Status.OFF_TRACK)
    ]
    assert sorted(run.recorded.baseline) == ["bezoekers", "nps"]
    [message] = smtp.box.messages()
    assert message["Subject"] == "Online badkamerwinkel: Offerte-aanvragen → uit koers"
    assert (
        "Offerte-aanvragen: uit koers (eerste meting, per 31 maart 2024)"
        in message.get_body(("plain",)).get_content()
    )


def test_each_change_is_alerted_once(db: Database, smtp: SmtpServer, http: httpx.Client) -> None:
    workspace = _workspace()
    channels = AlertChannels(smtp.mailer(), http)
    assert _run(db, workspace, ON, channels).changes == ()
    changed = {**ON, "bezoekers": Status.AT_RISK}
    first = _run(db, workspace, changed, channels, at=NOW + timedelta(hours=1))
    again = _run(db, workspace, changed, channels, at=NOW + timedelta(hours=2))
    next_day = _run(
        db, workspace, changed, channels, at=NOW + timedelta(days=1), as_of=AS_OF + timedelta(days=1)
    )
    assert [change.to_status for change in first.changes] == [Status.AT_RISK]
    assert again.changes == ()
    assert next_day.changes == ()
    assert again.delivery.sent == ()
    assert next_day.delivery.sent == ()
    assert len(smtp.box.received) == 1
    with db.begin() as session:
        [event] = list_alerts(session, workspace.id)
    assert (event.kpi_id, event.from_status, event.to_status) == (
        "bezoekers",
        Status.ON_TRACK,
        Status.AT_RISK,
    )
    assert [(d.channel, d.target, d.state, d.attempts) for d in event.deliveries] == [
        (Channel.EMAIL, "sanne@badkamer.nl", DeliveryState.SENT, 1)
    ]


def test_a_change_back_is_a_new_change(db: Database, http: httpx.Client) -> None:
    workspace = _workspace(recipients=())
    channels = AlertChannels(MissingMailer(), http)
    _run(db, workspace, ON, channels)
    _run(db, workspace, {**ON, "leads": Status.AT_RISK}, channels)
    back = _run(db, workspace, ON, channels)
    assert [(c.from_status, c.to_status) for c in back.changes] == [(Status.AT_RISK, Status.ON_TRACK)]
    with db.begin() as session:
        assert len(list_alerts(session, workspace.id)) == 2


def test_statuses_as_of_an_earlier_date_change_nothing(db: Database, http: httpx.Client) -> None:
    workspace = _workspace(recipients=())
    channels = AlertChannels(MissingMailer(), http)
    _run(db, workspace, ON, channels)
    replay = _run(db, workspace, {**ON, "leads": Status.MISSED}, channels, as_of=AS_OF - timedelta(days=30))
    assert replay.changes == ()
    assert sorted(replay.recorded.skipped) == ["bezoekers", "leads", "nps"]
    later = _run(db, workspace, {**ON, "leads": Status.MISSED}, channels)
    assert [c.kpi_id for c in later.changes] == ["leads"]


def test_changes_are_kept_without_recipients_and_listed(db: Database, http: httpx.Client) -> None:
    workspace = _workspace(recipients=())
    run = _run(db, workspace, {**ON, "nps": Status.NO_DATA}, AlertChannels(MissingMailer(), http))
    assert [c.kpi_id for c in run.changes] == ["nps"]
    assert run.delivery.sent == run.delivery.retrying == run.delivery.failed == ()
    with db.begin() as session:
        [event] = list_alerts(session, workspace.id)
    assert event.deliveries == ()
    assert (
        event.to_dict(Lang.EN)["text"]
        == "Klanttevredenheid <NPS> & co: no data (first reading, as of 31 March 2024)"
    )


# --- e-mail ---------------------------------------------------------------------------------------


def test_two_changes_in_one_run_go_in_one_email_per_recipient_in_dutch(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace(recipients=("sanne@badkamer.nl", "piet@badkamer.nl"))
    channels = AlertChannels(smtp.mailer(), http)
    _run(db, workspace, ON, channels)
    run = _run(db, workspace, {**ON, "bezoekers": Status.OFF_TRACK, "leads": Status.AT_RISK}, channels)
    assert len(run.changes) == 2
    assert [(o.target, len(o.event_ids)) for o in run.delivery.sent] == [
        ("sanne@badkamer.nl", 2),
        ("piet@badkamer.nl", 2),
    ]
    assert [envelope.rcpt_tos for envelope in smtp.box.received] == [
        ["sanne@badkamer.nl"],
        ["piet@badkamer.nl"],
    ]
    assert all(envelope.mail_from == "koers@example.nl" for envelope in smtp.box.received)
    message = smtp.box.messages()[0]
    assert message["To"] == "sanne@badkamer.nl"
    assert message["Subject"] == "Online badkamerwinkel: 2 KPI's van status veranderd"
    assert message["Auto-Submitted"] == "auto-generated"
    plain = message.get_body(("plain",)).get_content()
    assert "Statuswijzigingen in Online badkamerwinkel:" in plain
    assert "- Nieuwe bezoekers: op koers → uit koers (per 31 maart 2024)" in plain
    assert "- Offerte-aanvragen: op koers → risico (per 31 maart 2024)" in plain
    rich = message.get_body(("html",)).get_content()
    assert '<html lang="nl">' in rich
    assert "Nieuwe bezoekers" in rich
    assert "uit koers" in rich
    assert "31 maart 2024" in rich


def test_the_email_speaks_english_for_an_english_workspace_and_escapes_html(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace(Lang.EN)
    channels = AlertChannels(smtp.mailer(), http)
    _run(db, workspace, {**ON, "nps": Status.ON_TRACK}, channels)
    _run(db, workspace, {**ON, "nps": Status.MISSED}, channels, as_of=date(2024, 4, 1))
    [message] = smtp.box.messages()
    assert message["Subject"] == "Online badkamerwinkel: Klanttevredenheid <NPS> & co → missed"
    plain = message.get_body(("plain",)).get_content()
    assert "Status changes in Online badkamerwinkel:" in plain
    assert "- Klanttevredenheid <NPS> & co: on track → missed (as of 1 April 2024)" in plain
    rich = message.get_body(("html",)).get_content()
    assert "Klanttevredenheid &lt;NPS&gt; &amp; co" in rich
    assert "<NPS>" not in rich


def test_a_mail_server_that_cannot_be_reached_is_retried_reported_and_finally_failed(
    db: Database, http: httpx.Client
) -> None:
    closed = SmtpMailer(host="127.0.0.1", port=_free_port(), sender="koers@example.nl", starttls=False)
    workspace = _workspace()
    channels = AlertChannels(closed, http)
    first = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels)
    [retry] = first.delivery.retrying
    assert (retry.target, retry.attempts, retry.state) == ("sanne@badkamer.nl", 1, DeliveryState.PENDING)
    assert retry.error is not None
    assert "cannot reach the mail server 127.0.0.1" in retry.error
    assert "refused" in retry.error.lower()
    assert retry.next_attempt_at == NOW + timedelta(minutes=15)

    too_soon = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, at=NOW + timedelta(minutes=5))
    assert too_soon.delivery.retrying == ()
    assert too_soon.delivery.waiting == 1

    second = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, at=NOW + timedelta(minutes=15))
    assert [o.attempts for o in second.delivery.retrying] == [2]
    assert second.delivery.retrying[0].next_attempt_at == NOW + timedelta(minutes=15 + 30)
    third = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, at=NOW + timedelta(minutes=45))
    [given_up] = third.delivery.failed
    assert (given_up.attempts, given_up.state) == (3, DeliveryState.FAILED)
    assert _run(db, workspace, ON, channels, at=NOW + timedelta(days=1)).delivery.failed == ()

    with db.begin() as session:
        events = list_alerts(session, workspace.id)
    [failed] = [d for event in events for d in event.deliveries if d.state is DeliveryState.FAILED]
    assert failed.attempts == 3
    assert failed.last_error is not None
    assert "refused" in failed.last_error.lower()


def test_a_mail_server_answering_451_is_retried_and_the_next_run_sends_once(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace()
    channels = AlertChannels(smtp.mailer(), http)
    smtp.box.reject_data = "451 4.3.0 Mailbox temporarily unavailable"
    first = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels)
    assert [o.error for o in first.delivery.retrying] == ["SMTP 451 4.3.0 Mailbox temporarily unavailable"]
    assert smtp.box.received == []

    smtp.box.reject_data = None
    second = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, at=NOW + timedelta(minutes=20))
    assert [(o.attempts, o.state) for o in second.delivery.sent] == [(2, DeliveryState.SENT)]
    assert len(smtp.box.received) == 1
    third = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, at=NOW + timedelta(hours=5))
    assert third.delivery.sent == ()
    assert len(smtp.box.received) == 1


def test_a_recipient_refused_with_554_ends_failed_and_the_others_still_get_theirs(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace(recipients=("sanne@badkamer.nl",))
    channels = AlertChannels(smtp.mailer(), http)
    smtp.box.reject_rcpt = "554 5.7.1 Relay access denied"
    once = RetryPolicy(max_attempts=1)
    run = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, channels, policy=once)
    [failed] = run.delivery.failed
    assert failed.error is not None
    assert "554 5.7.1 Relay access denied" in failed.error
    assert smtp.box.received == []

    smtp.box.reject_rcpt = None  # a later change still goes out over the same kind of connection
    later = _run(db, workspace, {**ON, "leads": Status.MISSED}, channels, policy=once)
    assert [o.event_ids for o in later.delivery.sent] == [(later.changes[0].id,)]
    assert len(smtp.box.received) == 1


def test_smtp_settings_come_from_koers_smtp_variables(
    monkeypatch: pytest.MonkeyPatch, db: Database, smtp: SmtpServer
) -> None:
    monkeypatch.setenv("KOERS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KOERS_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("KOERS_SMTP_FROM", "alerts@koers.example")
    monkeypatch.setenv("KOERS_SMTP_STARTTLS", "false")
    monkeypatch.setenv("KOERS_SMTP_PASSWORD", "geheim")
    get_settings.cache_clear()
    with AlertChannels.from_settings(get_settings()) as channels:
        assert isinstance(channels.mailer, SmtpMailer)
        assert "geheim" not in repr(channels.mailer)
        _run(db, _workspace(), {**ON, "leads": Status.AT_RISK}, channels)
    assert [envelope.mail_from for envelope in smtp.box.received] == ["alerts@koers.example"]


def test_without_a_mail_server_email_fails_with_what_to_set(db: Database, http: httpx.Client) -> None:
    with AlertChannels.from_settings(get_settings(), http) as channels:
        run = _run(db, _workspace(), {**ON, "leads": Status.AT_RISK}, channels)
    assert [o.error for o in run.delivery.retrying] == [
        "no mail server is set: set KOERS_SMTP_HOST (and KOERS_SMTP_FROM)"
    ]


def test_a_broken_address_or_url_fails_alone_and_a_line_break_stays_out_of_the_subject(
    db: Database, smtp: SmtpServer, http: httpx.Client
) -> None:
    workspace = _workspace(
        recipients=("stuk\nBcc: iedereen@x.nl", "sanne@badkamer.nl"), webhooks=("geen url",)
    )
    workspace = workspace.model_copy(update={"kpis": (_kpi("nps", "regel één\nregel twee"),)})
    run = _run(db, workspace, {"nps": Status.OFF_TRACK}, AlertChannels(smtp.mailer(), http))
    assert [o.target for o in run.delivery.sent] == ["sanne@badkamer.nl"]
    assert sorted(o.target for o in run.delivery.retrying) == ["geen url", "stuk\nBcc: iedereen@x.nl"]
    [message] = smtp.box.messages()
    assert message["Subject"] == "Online badkamerwinkel: regel één regel twee → uit koers"
    assert [envelope.rcpt_tos for envelope in smtp.box.received] == [["sanne@badkamer.nl"]]


# --- webhooks -------------------------------------------------------------------------------------


def test_a_webhook_gets_one_json_post_with_text(db: Database, receiver: Receiver, http: httpx.Client) -> None:
    workspace = _workspace(Lang.EN, recipients=(), webhooks=(receiver.url,))
    channels = AlertChannels(MissingMailer(), http)
    _run(db, workspace, ON, channels)
    run = _run(db, workspace, {**ON, "bezoekers": Status.AT_RISK, "leads": Status.ACHIEVED}, channels)
    assert [o.target for o in run.delivery.sent] == [receiver.url]
    [(path, content_type, body)] = receiver.posts
    assert path == "/hooks/koers-secret-token"
    assert content_type == "application/json"
    assert list(body) == ["text"]
    assert body["text"].splitlines() == [
        "Status changes in Online badkamerwinkel:",
        "",
        "- Nieuwe bezoekers: on track → at risk (as of 31 March 2024)",
        "- Offerte-aanvragen: on track → achieved (as of 31 March 2024)",
        "",
        "Sent by Koers. Every alert: koers alerts list",
    ]
    # the URL holds the webhook's secret: output shows only its host
    assert (
        run.to_dict()["deliveries"]["sent"][0]["target"]
        == f"http://127.0.0.1:{receiver.url.split(':')[2].split('/')[0]}/…"
    )


def test_a_webhook_answering_500_is_retried_each_run_and_then_failed(
    db: Database, receiver: Receiver, http: httpx.Client
) -> None:
    receiver.status = 500
    workspace = _workspace(recipients=(), webhooks=(receiver.url,))
    channels = AlertChannels(MissingMailer(), http)
    statuses = {**ON, "leads": Status.OFF_TRACK}
    runs = [_run(db, workspace, statuses, channels, at=NOW + timedelta(hours=hours)) for hours in range(4)]
    assert len(receiver.posts) == 3  # three attempts, none after the last
    assert [len(r.delivery.retrying) for r in runs] == [1, 1, 0, 0]
    assert [len(r.delivery.failed) for r in runs] == [0, 0, 1, 0]
    assert runs[0].delivery.retrying[0].error == "HTTP 500 Internal Server Error: internal error"
    with db.begin() as session:
        [event] = list_alerts(session, workspace.id)
    [delivery] = event.deliveries
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)
    assert delivery.last_error == "HTTP 500 Internal Server Error: internal error"


def test_a_webhook_that_times_out_is_recorded_through_an_injected_transport(db: Database) -> None:
    def timing_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    workspace = _workspace(recipients=(), webhooks=("https://hooks.slack.com/services/T000/B000/XXXX",))
    with httpx.Client(transport=httpx.MockTransport(timing_out)) as client:
        run = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, AlertChannels(MissingMailer(), client))
    [retry] = run.delivery.retrying
    assert retry.error == "ConnectTimeout: timed out"
    assert retry.to_dict()["target"] == "https://hooks.slack.com/…"


def test_email_and_webhook_fail_and_succeed_independently(
    db: Database, smtp: SmtpServer, receiver: Receiver, http: httpx.Client
) -> None:
    receiver.status = 503
    workspace = _workspace(webhooks=(receiver.url,))
    run = _run(db, workspace, {**ON, "leads": Status.OFF_TRACK}, AlertChannels(smtp.mailer(), http))
    assert [o.channel for o in run.delivery.sent] == [Channel.EMAIL]
    assert [o.channel for o in run.delivery.retrying] == [Channel.WEBHOOK]
    receiver.status = 200
    later = _run(
        db,
        workspace,
        {**ON, "leads": Status.OFF_TRACK},
        AlertChannels(smtp.mailer(), http),
        at=NOW + timedelta(hours=1),
    )
    assert [o.channel for o in later.delivery.sent] == [Channel.WEBHOOK]
    assert len(smtp.box.received) == 1
    assert len(receiver.posts) == 2


# --- the application database -------------------------------------------------------------------


def test_migrating_an_older_database_keeps_its_workspaces(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'oud.sqlite'}"
    db = database(url, migrate=False)
    try:
        upgrade(db.engine, "0001")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO workspaces (id, name, language, currency, timezone, journey, max_kpis_per_goal,"
                    " max_kpis, journeys, metrics, created_at, updated_at) VALUES ('oud', 'Oud', 'nl', 'EUR',"
                    " 'Europe/Amsterdam', 'see_think_do_care', 5, 15, '[]', '[]', '2024-01-01', '2024-01-01')"
                )
            )
            connection.execute(text("INSERT INTO goals VALUES ('oud', 'doel', 0, 'Doel', NULL, NULL)"))
        upgrade(db.engine)
        with db.begin() as session:
            old = load_workspace(session, "oud")
        assert old.alerts == AlertSettings()
        assert old.actions == ()
        assert old.experiments == ()
        assert [goal.id for goal in old.goals] == ["doel"]
        downgrade(db.engine, "0001")  # and back: the goal survives the column's removal
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM goals")).scalar_one() == 1
    finally:
        db.dispose()


def test_alert_settings_round_trip_through_the_database(db: Database) -> None:
    workspace = _workspace(recipients=("a@b.nl",), webhooks=("http://127.0.0.1:9/x",))
    with db.begin() as session:
        save_workspace(session, workspace)
    with db.begin() as session:
        assert load_workspace(session, workspace.id).alerts == workspace.alerts


# --- koers alerts ---------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> Path:
    """A workspace folder without data: a KPI of a past period has no data, one of a future period
    has not started; and the SMTP settings pointing to the test server."""
    workspace = Workspace(
        id="winkel",
        name="Winkel",
        language=Lang.EN,
        kpis=(
            _kpi("voorbij", "Last quarter's visitors", period={"start": "2024-01-01", "end": "2024-04-01"}),
            _kpi("straks", "Next year's visitors", period={"start": "2030-01-01", "end": "2031-01-01"}),
        ),
        alerts=AlertSettings(recipients=("team@winkel.nl",)),
    )
    (tmp_path / "ws").mkdir()
    write_workspace_file(workspace, tmp_path / "ws" / "koers.yaml")
    for name, value in (
        ("KOERS_SMTP_HOST", "127.0.0.1"),
        ("KOERS_SMTP_PORT", str(smtp.port)),
        ("KOERS_SMTP_FROM", "koers@winkel.nl"),
        ("KOERS_SMTP_STARTTLS", "false"),
        ("KOERS_DATABASE_URL", f"sqlite:///{tmp_path / 'koers.sqlite'}"),
    ):
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    return tmp_path / "ws"


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as their text, so that a test reads each cell on one line."""
    monkeypatch.setattr(console, "_width", 200)
    monkeypatch.setattr(error_console, "_width", 200)


def _invoke(*args: str) -> Any:
    return runner.invoke(app, ["alerts", *args])


def test_koers_alerts_run_records_sends_and_lists(folder: Path, smtp: SmtpServer) -> None:
    result = _invoke("run", "--as-of", "2024-05-01", "-w", str(folder), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(c["kpi"], c["from"], c["to"]) for c in data["changes"]] == [("voorbij", None, "no_data")]
    assert data["baseline"] == ["straks"]
    assert [d["target"] for d in data["deliveries"]["sent"]] == ["team@winkel.nl"]
    [message] = smtp.box.messages()
    assert message["Subject"] == "Winkel: Last quarter's visitors → no data"

    again = _invoke("run", "--as-of", "2024-05-02", "-w", str(folder))
    assert again.exit_code == 0
    assert "No status changes in Winkel as of 2 May 2024." in again.stdout
    assert len(smtp.box.received) == 1

    listed = _invoke("list", "-w", str(folder), "--json")
    [event] = json.loads(listed.stdout)
    assert event["text"] == "Last quarter's visitors: no data (first reading, as of 1 May 2024)"
    assert [(d["channel"], d["state"], d["attempts"]) for d in event["deliveries"]] == [("email", "sent", 1)]
    shown = _invoke("list", "-w", str(folder), "--lang", "nl")
    assert "Last quarter's visitors" in shown.stdout
    assert "verstuurd" in shown.stdout


def test_koers_alerts_run_exits_0_when_sending_fails_and_says_so(folder: Path, smtp: SmtpServer) -> None:
    smtp.box.reject_data = "451 4.3.0 Try again later"
    result = _invoke("run", "--as-of", "2024-05-01", "-w", str(folder), "--json")
    assert result.exit_code == 0
    [retry] = json.loads(result.stdout)["deliveries"]["retrying"]
    assert (retry["target"], retry["attempts"], retry["error"]) == (
        "team@winkel.nl",
        1,
        "SMTP 451 4.3.0 Try again later",
    )

    # the retry is due after its backoff, not yet on this run
    text_run = _invoke("run", "--as-of", "2024-05-01", "-w", str(folder))
    assert text_run.exit_code == 0
    assert "Last quarter's visitors" not in text_run.stdout  # nothing new changed
    assert "1 message(s) still waiting for a next attempt." in text_run.stdout
    listed = _invoke("list", "-w", str(folder))
    assert "pending after 1 attempt(s): SMTP 451 4.3.0 Try again later" in listed.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "--as-of", "31-03-2024"], "--as-of"),
        (["run", "-w", "no-such-folder"], "koers.yaml"),
        (["list", "-w", "no-such-folder"], "koers.yaml"),
    ],
)
def test_koers_alerts_refuses_bad_input_with_exit_2(folder: Path, args: list[str], expected: str) -> None:
    if "-w" not in args:
        args = [*args, "-w", str(folder)]
    result = _invoke(*args)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_koers_alerts_list_of_a_workspace_without_alerts(folder: Path) -> None:
    result = _invoke("list", "-w", str(folder))
    assert result.exit_code == 0
    assert "No alerts for Winkel yet" in result.stdout
