"""Alerts when a KPI changes status: recorded once, sent by e-mail and webhook, retried, reported.

The statuses come in from outside (:func:`koers.monitor.evaluate.evaluate_workspace` gives them;
tests give them by hand), so this module only compares, records and delivers::

    db = database()
    with AlertChannels.from_settings(get_settings()) as channels:
        run = run_alerts(db, workspace, {"nieuwe-bezoekers": Status.OFF_TRACK}, date(2024, 3, 31),
                         channels=channels)
    run.changes            # the status changes recorded by this run (events)
    run.delivery.failed    # messages given up after the last attempt

The rules:

- **Once.** The application database keeps each KPI's last recorded status
  (``alert_states``). A status that differs from it is a change: one event
  (``alert_events``), and the recorded status moves on in the same transaction, so running
  again with the same statuses records nothing new. Two runs at once do not record a change
  twice: the recorded status is only moved on from the value that run read.
- **First reading.** A KPI without a recorded status (the first run ever, or a KPI added
  since) has its status recorded as the baseline. It is alerted only when that status needs
  attention (off track, at risk, missed, no data: :attr:`Status.needs_attention`), as a
  change from nothing; one that starts on track, achieved or not started is recorded
  silently. Switching alerts on thus tells the team what already needs work, and nothing else.
- **The past stays past.** Statuses as of a date before the one recorded for a KPI are
  skipped: replaying history (``--as-of`` last month) does not alert the present.
- **Deliveries.** Each change gets one delivery per e-mail recipient and per webhook in the
  workspace's alert settings at that moment (``alert_deliveries``). The due deliveries to one
  recipient or webhook go out as one message that lists every change (two changes in one run
  make one e-mail). E-mail goes through SMTP (``KOERS_SMTP_*``, see :mod:`koers.config`) with
  a plain-text and an HTML part; a webhook gets a JSON POST ``{"text": "..."}``, which Slack's
  incoming webhooks and Microsoft Teams' incoming webhooks both show as a message.
- **Retries.** A failed attempt is recorded on the delivery (``attempts``, ``last_error``,
  ``last_attempt_at``) and tried again by a later run once its backoff has passed
  (:class:`RetryPolicy`: 15 minutes, doubling); after the last attempt it is marked ``failed``
  and stays listed (``koers alerts list``). Nothing is dropped silently: every run reports what
  was sent, what waits for a retry and what was given up.
- **At least once.** A run claims the deliveries it is about to send (their next attempt moves
  ahead by :attr:`RetryPolicy.claim`) before it sends them outside any transaction, so a second
  run at the same moment leaves them alone. A run that dies after sending but before recording
  sends them again once the claim runs out: a duplicate is better than a lost alert.

The alert tables are keyed by the workspace's id, without a foreign key to ``workspaces``:
``koers alerts run`` works from a workspace file that need not be stored in the database.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from koers.config import Settings
from koers.domain.workspace import Workspace
from koers.i18n import Lang, Msg, format_value, msg, render
from koers.monitor.status import Status
from koers.store.appdb import Database
from koers.store.appdb.models import AlertDeliveryRow, AlertEventRow, AlertStateRow

SMTP_TIMEOUT = 10.0
"""Seconds to wait for the mail server, per connection and per command."""

WEBHOOK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""How long a webhook may take: 5 seconds to connect, 10 for each read or write."""

_ERROR_LENGTH = 500
"""The longest error text kept with a delivery (a server may answer with a whole HTML page)."""


class Channel(StrEnum):
    """How an alert reaches people."""

    EMAIL = "email"
    WEBHOOK = "webhook"

    @property
    def label(self) -> Msg:
        return msg(f"alerts.channel.{self.value}")


class DeliveryState(StrEnum):
    """Where a delivery stands: to send (or retry), sent, or given up after its last attempt."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> Msg:
        return msg(f"alerts.state.{self.value}")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a failed delivery is tried again, across runs.

    After attempt ``n`` fails, the next waits ``first_delay * factor ** (n - 1)``: with the
    defaults 15 minutes, 30, 1 hour, 2 hours; the fifth failed attempt is the last. A scheduler
    that runs every 15 minutes thus keeps trying for close to four hours.
    """

    max_attempts: int = 5
    first_delay: timedelta = timedelta(minutes=15)
    factor: int = 2
    claim: timedelta = timedelta(minutes=10)
    """How long a run holds the deliveries it is sending, against a run at the same moment."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.factor < 1:
            raise ValueError("a retry policy needs at least one attempt and a factor of at least 1")

    def delay_after(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        factor: int = self.factor ** max(attempts - 1, 0)
        return self.first_delay * factor


# --- what is recorded ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    """One change to one recipient or webhook, and how its sending went."""

    id: int
    event_id: int
    channel: Channel
    target: str
    state: DeliveryState
    attempts: int
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    sent_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel.value,
            "target": shown_target(self.channel, self.target),
            "state": self.state.value,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "last_attempt_at": _iso(self.last_attempt_at),
            "next_attempt_at": _iso(self.next_attempt_at) if self.state is DeliveryState.PENDING else None,
            "sent_at": _iso(self.sent_at),
        }


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """A KPI's status change; ``from_status`` is ``None`` for a first reading that needs attention."""

    id: int
    workspace_id: str
    kpi_id: str
    kpi_name: str
    from_status: Status | None
    to_status: Status
    as_of: date
    created_at: datetime
    deliveries: tuple[Delivery, ...] = ()

    def describe(self) -> Msg:
        """``Nieuwe bezoekers: op koers → uit koers (per 31 maart 2024)``."""
        if self.from_status is None:
            return msg("alerts.first", kpi=self.kpi_name, after=self.to_status.label, day=self.as_of)
        return msg(
            "alerts.change",
            kpi=self.kpi_name,
            before=self.from_status.label,
            after=self.to_status.label,
            day=self.as_of,
        )

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "id": self.id,
            "workspace": self.workspace_id,
            "kpi": self.kpi_id,
            "kpi_name": self.kpi_name,
            "from": self.from_status.value if self.from_status is not None else None,
            "to": self.to_status.value,
            "as_of": self.as_of.isoformat(),
            "created_at": _iso(self.created_at),
            "text": self.describe().render(lang),
            "deliveries": [delivery.to_dict() for delivery in self.deliveries],
        }


@dataclass(frozen=True, slots=True)
class Recorded:
    """What comparing the statuses with the recorded ones did."""

    changes: tuple[AlertEvent, ...]
    """The changes recorded now, each with its (pending) deliveries."""
    baseline: tuple[str, ...]
    """KPIs read for the first time and recorded without an alert (their status needs none)."""
    skipped: tuple[str, ...]
    """KPIs whose recorded status is as of a later date than this run's: left alone."""


# --- recording changes --------------------------------------------------------------------------


def record_changes(
    session: Session,
    workspace: Workspace,
    statuses: Mapping[str, Status],
    as_of: date,
    *,
    now: datetime | None = None,
) -> Recorded:
    """Compare ``statuses`` (KPI id to status, at ``as_of``) with the recorded ones; store changes.

    Each change becomes an event with a pending delivery for every recipient and webhook in
    ``workspace.alerts``. Runs in the caller's transaction; see the module's rules.
    """
    moment = _utc(now)
    recorded = {
        state.kpi_id: state
        for state in session.scalars(
            select(AlertStateRow)
            .where(AlertStateRow.workspace_id == workspace.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    names = {kpi.id: kpi.name for _, kpi in workspace.all_kpis()}
    changes: list[AlertEvent] = []
    baseline: list[str] = []
    skipped: list[str] = []
    for kpi_id, given in statuses.items():
        status = Status(given)
        state = recorded.get(kpi_id)
        before: Status | None
        if state is None:
            session.execute(
                insert(AlertStateRow).values(
                    workspace_id=workspace.id,
                    kpi_id=kpi_id,
                    status=status.value,
                    as_of=as_of,
                    changed_at=moment,
                )
            )
            if not status.needs_attention:
                baseline.append(kpi_id)
                continue
            before = None
        elif as_of < state.as_of:
            skipped.append(kpi_id)
            continue
        else:
            before = Status(state.status)
            moved = _changed_rows(
                session,
                update(AlertStateRow)
                .where(
                    AlertStateRow.workspace_id == workspace.id,
                    AlertStateRow.kpi_id == kpi_id,
                    AlertStateRow.status == state.status,
                )
                .values(
                    status=status.value,
                    as_of=as_of,
                    **({"changed_at": moment} if status is not before else {}),
                ),
            )
            if status is before or moved == 0:  # unchanged, or another run recorded it first
                continue
        changes.append(
            _new_event(session, workspace, kpi_id, names.get(kpi_id, kpi_id), before, status, as_of, moment)
        )
    return Recorded(tuple(changes), tuple(baseline), tuple(skipped))


def _new_event(
    session: Session,
    workspace: Workspace,
    kpi_id: str,
    kpi_name: str,
    before: Status | None,
    after: Status,
    as_of: date,
    moment: datetime,
) -> AlertEvent:
    event_id = session.execute(
        insert(AlertEventRow)
        .values(
            workspace_id=workspace.id,
            kpi_id=kpi_id,
            kpi_name=kpi_name.replace("\x00", ""),  # PostgreSQL keeps no NUL in text
            from_status=before.value if before is not None else None,
            to_status=after.value,
            as_of=as_of,
            created_at=moment,
        )
        .returning(AlertEventRow.id)
    ).scalar_one()
    deliveries = []
    for channel, target in dict.fromkeys(iter_targets(workspace)):
        delivery_id = session.execute(
            insert(AlertDeliveryRow)
            .values(
                event_id=event_id,
                channel=channel.value,
                target=target,
                state=DeliveryState.PENDING.value,
                attempts=0,
            )
            .returning(AlertDeliveryRow.id)
        ).scalar_one()
        deliveries.append(
            Delivery(delivery_id, event_id, channel, target, DeliveryState.PENDING, 0, None, None, None, None)
        )
    return AlertEvent(
        event_id, workspace.id, kpi_id, kpi_name, before, after, as_of, moment, tuple(deliveries)
    )


def _changed_rows(session: Session, statement: Any) -> int:
    result: Any = session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount)


# --- reading ------------------------------------------------------------------------------------


def list_alerts(session: Session, workspace_id: str, *, limit: int | None = None) -> list[AlertEvent]:
    """The workspace's status changes, newest first, each with its deliveries."""
    query = (
        select(AlertEventRow)
        .where(AlertEventRow.workspace_id == workspace_id)
        .order_by(AlertEventRow.id.desc())
        .limit(limit)
    )
    rows = session.scalars(query.execution_options(populate_existing=True)).all()
    by_event: dict[int, list[Delivery]] = {row.id: [] for row in rows}
    if rows:
        deliveries = session.scalars(
            select(AlertDeliveryRow)
            .where(AlertDeliveryRow.event_id.in_(list(by_event)))
            .order_by(AlertDeliveryRow.id)
            .execution_options(populate_existing=True)
        )
        for delivery in deliveries:
            by_event[delivery.event_id].append(_delivery(delivery))
    return [_event(row, tuple(by_event[row.id])) for row in rows]


def _event(row: AlertEventRow, deliveries: tuple[Delivery, ...] = ()) -> AlertEvent:
    return AlertEvent(
        id=row.id,
        workspace_id=row.workspace_id,
        kpi_id=row.kpi_id,
        kpi_name=row.kpi_name,
        from_status=Status(row.from_status) if row.from_status is not None else None,
        to_status=Status(row.to_status),
        as_of=row.as_of,
        created_at=_aware(row.created_at),
        deliveries=deliveries,
    )


def _delivery(row: AlertDeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        event_id=row.event_id,
        channel=Channel(row.channel),
        target=row.target,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        last_error=row.last_error,
        last_attempt_at=_aware_or_none(row.last_attempt_at),
        next_attempt_at=_aware_or_none(row.next_attempt_at),
        sent_at=_aware_or_none(row.sent_at),
    )


# --- the messages -------------------------------------------------------------------------------


def alert_subject(workspace_name: str, changes: Sequence[AlertEvent], lang: Lang | str) -> str:
    """``Badkamerwinkel: Nieuwe bezoekers → uit koers``, or how many KPIs changed; on one line."""
    if len(changes) == 1:
        only = changes[0]
        subject = msg(
            "alerts.subject.one", workspace=workspace_name, kpi=only.kpi_name, status=only.to_status.label
        )
    else:
        subject = msg("alerts.subject.many", workspace=workspace_name, count=len(changes))
    return " ".join(render(subject, lang).split())  # a header holds no line breaks


def alert_text(workspace_name: str, changes: Sequence[AlertEvent], lang: Lang | str) -> str:
    """The changes as plain text: a line to introduce them, one line each, and where to see all."""
    lines = [render(msg("alerts.intro", workspace=workspace_name), lang), ""]
    lines.extend(f"- {change.describe().render(lang)}" for change in _in_order(changes))
    lines.extend(["", render(msg("alerts.footer"), lang)])
    return "\n".join(lines) + "\n"


def alert_html(workspace_name: str, changes: Sequence[AlertEvent], lang: Lang | str) -> str:
    """The changes as an HTML table (KPI, was, now, as of); every text escaped."""

    def cell(text: str, tag: str = "td") -> str:
        return f'<{tag} style="text-align:left;padding:4px 12px 4px 0">{html.escape(text)}</{tag}>'

    header = "".join(
        cell(render(msg(f"alerts.column.{key}"), lang), "th") for key in ("kpi", "from", "to", "as_of")
    )
    rows = []
    for change in _in_order(changes):
        before = change.from_status.label if change.from_status is not None else msg("alerts.new")
        rows.append(
            "<tr>"
            + cell(change.kpi_name)
            + cell(render(before, lang))
            + cell(render(change.to_status.label, lang))
            + cell(format_value(change.as_of, lang))
            + "</tr>"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{Lang(lang).value}"><body>\n'
        f"<p>{html.escape(render(msg('alerts.intro', workspace=workspace_name), lang))}</p>\n"
        f"<table><thead><tr>{header}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
        f'<p style="color:#666">{html.escape(render(msg("alerts.footer"), lang))}</p>\n'
        "</body></html>\n"
    )


def alert_email(
    workspace_name: str, changes: Sequence[AlertEvent], lang: Lang | str, *, sender: str, recipient: str
) -> EmailMessage:
    """One e-mail listing ``changes``: plain text, with the same as HTML as the alternative."""
    message = EmailMessage()
    message["Subject"] = alert_subject(workspace_name, changes, lang)
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(" >") or "koers.invalid")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    message["Content-Language"] = Lang(lang).value
    message.set_content(alert_text(workspace_name, changes, lang))
    message.add_alternative(alert_html(workspace_name, changes, lang), subtype="html")
    return message


def webhook_payload(workspace_name: str, changes: Sequence[AlertEvent], lang: Lang | str) -> dict[str, str]:
    """The JSON a webhook receives: only ``text``, which Slack and Teams both show as it is."""
    return {"text": alert_text(workspace_name, changes, lang).strip()}


def _in_order(changes: Sequence[AlertEvent]) -> list[AlertEvent]:
    return sorted(changes, key=lambda change: (change.as_of, change.id))


def shown_target(channel: Channel, target: str) -> str:
    """A target as output may show it: a webhook's URL holds its secret, so only its host shows."""
    if channel is Channel.WEBHOOK:
        parts = urlsplit(target)
        return f"{parts.scheme}://{parts.netloc}/…" if parts.netloc else "…"
    return target


# --- sending ------------------------------------------------------------------------------------


class Mailer(Protocol):
    """Sends e-mails; for each message, ``None`` when sent or why it was not."""

    @property
    def sender(self) -> str:
        """The ``From`` address of the e-mails it sends."""
        ...

    def send(self, messages: Sequence[EmailMessage]) -> list[str | None]: ...


@dataclass(frozen=True, slots=True)
class SmtpMailer:
    """E-mail through an SMTP server: one connection for all messages of a run.

    Port 465 speaks TLS from the start; on other ports ``starttls`` switches to TLS first (on
    by default, as mail servers expect before a login).
    """

    host: str
    sender: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    timeout: float = SMTP_TIMEOUT

    def send(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        if not messages:
            return []
        try:
            server = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            return [f"cannot reach the mail server {self.host}:{self.port}: {_smtp_error(error)}"] * len(
                messages
            )
        results: list[str | None] = []
        try:
            for message in messages:
                try:
                    refused = server.send_message(message)
                except smtplib.SMTPServerDisconnected as error:
                    # the connection is gone: no later message gets through either
                    results.extend([_smtp_error(error)] * (len(messages) - len(results)))
                    break
                except (OSError, smtplib.SMTPException) as error:
                    results.append(_smtp_error(error))  # smtplib reset the transaction: go on
                else:
                    results.append(_smtp_error(smtplib.SMTPRecipientsRefused(refused)) if refused else None)
        finally:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        return results

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        server: smtplib.SMTP
        if self.port == 465:
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls and self.port != 465:
                server.starttls(context=context)
            if self.user:
                server.login(self.user, self.password or "")
        except BaseException:
            server.close()
            raise
        return server


@dataclass(frozen=True, slots=True)
class MissingMailer:
    """Stands in when no mail server is set: every e-mail fails with a reason to act on."""

    reason: str = "no mail server is set: set KOERS_SMTP_HOST (and KOERS_SMTP_FROM)"
    sender: str = ""

    def send(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        return [self.reason] * len(messages)


def _smtp_error(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address} refused: SMTP {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code} {_text(error.smtp_error)}"
    if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
        return str(error) or type(error).__name__  # "[Errno 111] Connection refused", "timed out"
    return f"{type(error).__name__}: {error}".strip(": ")


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def post_webhook(client: httpx.Client, url: str, payload: Mapping[str, Any]) -> str | None:
    """POST ``payload`` as JSON to ``url``; ``None`` when the receiver took it (any 2xx)."""
    try:
        response = client.post(url, json=dict(payload))
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        return f"{type(error).__name__}: {error}".strip()
    if response.is_success:
        return None
    return f"HTTP {response.status_code} {response.reason_phrase}: {response.text.strip()}".strip(": ")


class AlertChannels(AbstractContextManager["AlertChannels"]):
    """What sends alerts: a mailer and an HTTP client for webhooks (closed with the channels).

    Tests and the web app pass their own: ``AlertChannels(mailer, httpx.Client(transport=...))``.
    """

    def __init__(self, mailer: Mailer, http: httpx.Client | None = None) -> None:
        self.mailer = mailer
        self._own_http = http is None
        self.http = (
            http if http is not None else httpx.Client(timeout=WEBHOOK_TIMEOUT, follow_redirects=False)
        )

    @classmethod
    def from_settings(cls, settings: Settings, http: httpx.Client | None = None) -> AlertChannels:
        """SMTP as ``KOERS_SMTP_*`` says (or a :class:`MissingMailer`), and a new HTTP client."""
        sender = settings.smtp_from or settings.smtp_user
        if not settings.smtp_host:
            return cls(MissingMailer(), http)
        if not sender:
            return cls(MissingMailer("no sender is set for alert e-mails: set KOERS_SMTP_FROM"), http)
        mailer = SmtpMailer(
            host=settings.smtp_host,
            sender=sender,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            starttls=settings.smtp_starttls,
        )
        return cls(mailer, http)

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


# --- delivering ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """One message of a run (to one recipient or webhook, listing one or more changes) and its fate."""

    channel: Channel
    target: str
    event_ids: tuple[int, ...]
    state: DeliveryState
    attempts: int
    error: str | None = None
    next_attempt_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel.value,
            "target": shown_target(self.channel, self.target),
            "events": list(self.event_ids),
            "state": self.state.value,
            "attempts": self.attempts,
            "error": self.error,
            "next_attempt_at": _iso(self.next_attempt_at),
        }


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What a run sent, what waits for a retry, and what it gave up."""

    sent: tuple[Outcome, ...] = ()
    retrying: tuple[Outcome, ...] = ()
    """Failed this time; tried again by a later run."""
    failed: tuple[Outcome, ...] = ()
    """Failed for the last time: marked failed, listed by ``koers alerts list``."""
    waiting: int = 0
    """Deliveries still in their backoff, not tried by this run."""

    @property
    def ok(self) -> bool:
        return not self.retrying and not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "sent": [outcome.to_dict() for outcome in self.sent],
            "retrying": [outcome.to_dict() for outcome in self.retrying],
            "failed": [outcome.to_dict() for outcome in self.failed],
            "waiting": self.waiting,
        }


@dataclass(frozen=True, slots=True)
class _Due:
    delivery_id: int
    attempts: int
    event: AlertEvent
    channel: Channel
    target: str


def deliver_pending(
    db: Database,
    workspace: Workspace,
    channels: AlertChannels,
    *,
    policy: RetryPolicy | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send the workspace's due deliveries, one message per recipient or webhook; record how it went.

    Messages are in the workspace's language. The database is not held while sending: the
    deliveries are claimed in one transaction, sent, and their results recorded in another.
    """
    rules = policy or RetryPolicy()
    moment = _utc(now)
    due, waiting = _claim_due(db, workspace.id, moment, rules)
    groups: dict[tuple[Channel, str], list[_Due]] = {}
    for item in due:
        groups.setdefault((item.channel, item.target), []).append(item)

    results: dict[tuple[Channel, str], str | None] = {}
    emails: list[tuple[Channel, str]] = []
    messages: list[EmailMessage] = []
    for key in groups:
        if key[0] is not Channel.EMAIL:
            continue
        events = [item.event for item in groups[key]]
        try:
            message = alert_email(
                workspace.name, events, workspace.language, sender=channels.mailer.sender, recipient=key[1]
            )
        except ValueError as problem:  # an address no e-mail header can hold (a line break in it)
            results[key] = f"cannot write an e-mail to {key[1]!r}: {problem}"
            continue
        emails.append(key)
        messages.append(message)
    for key, error in zip(emails, channels.mailer.send(messages), strict=True):
        results[key] = error
    for key in groups:
        if key[0] is Channel.WEBHOOK:
            payload = webhook_payload(
                workspace.name, [item.event for item in groups[key]], workspace.language
            )
            results[key] = post_webhook(channels.http, key[1], payload)

    sent: list[Outcome] = []
    retrying: list[Outcome] = []
    failed: list[Outcome] = []
    with db.begin() as session:
        for key, items in groups.items():
            error = results[key]
            for state, batch in _record_attempts(session, items, error, moment, rules).items():
                attempts = max(item.attempts + 1 for item in batch)
                outcome = Outcome(
                    channel=key[0],
                    target=key[1],
                    event_ids=tuple(item.event.id for item in batch),
                    state=state,
                    attempts=attempts,
                    error=error,
                    next_attempt_at=moment + rules.delay_after(attempts)
                    if state is DeliveryState.PENDING
                    else None,
                )
                {DeliveryState.SENT: sent, DeliveryState.PENDING: retrying, DeliveryState.FAILED: failed}[
                    state
                ].append(outcome)
    return DeliveryReport(tuple(sent), tuple(retrying), tuple(failed), waiting)


def _claim_due(
    db: Database, workspace_id: str, moment: datetime, rules: RetryPolicy
) -> tuple[list[_Due], int]:
    due_now = or_(AlertDeliveryRow.next_attempt_at.is_(None), AlertDeliveryRow.next_attempt_at <= moment)
    with db.begin() as session:
        rows = session.execute(
            select(AlertDeliveryRow, AlertEventRow)
            .join(AlertEventRow, AlertEventRow.id == AlertDeliveryRow.event_id)
            .where(
                AlertEventRow.workspace_id == workspace_id,
                AlertDeliveryRow.state == DeliveryState.PENDING.value,
            )
            .order_by(AlertDeliveryRow.id)
            .with_for_update(of=AlertDeliveryRow, skip_locked=True)
            .execution_options(populate_existing=True)
        ).all()
        due: list[_Due] = []
        waiting = 0
        for delivery, event in rows:
            next_at = _aware_or_none(delivery.next_attempt_at)
            if next_at is not None and next_at > moment:
                waiting += 1
                continue
            claimed = _changed_rows(
                session,
                update(AlertDeliveryRow)
                .where(
                    and_(
                        AlertDeliveryRow.id == delivery.id,
                        AlertDeliveryRow.state == DeliveryState.PENDING.value,
                        due_now,
                    )
                )
                .values(next_attempt_at=moment + rules.claim),
            )
            if claimed:
                due.append(
                    _Due(
                        delivery.id,
                        delivery.attempts,
                        _event(event),
                        Channel(delivery.channel),
                        delivery.target,
                    )
                )
    return due, waiting


def _record_attempts(
    session: Session, items: Sequence[_Due], error: str | None, moment: datetime, rules: RetryPolicy
) -> dict[DeliveryState, list[_Due]]:
    by_state: dict[DeliveryState, list[_Due]] = {}
    for item in items:
        attempts = item.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "last_attempt_at": moment}
        if error is None:
            state = DeliveryState.SENT
            values.update(state=state.value, sent_at=moment, next_attempt_at=None)
        else:
            values["last_error"] = error[:_ERROR_LENGTH]
            if attempts >= rules.max_attempts:
                state = DeliveryState.FAILED
                values.update(state=state.value, next_attempt_at=None)
            else:
                state = DeliveryState.PENDING
                values["next_attempt_at"] = moment + rules.delay_after(attempts)
        session.execute(
            update(AlertDeliveryRow)
            .where(AlertDeliveryRow.id == item.delivery_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        by_state.setdefault(state, []).append(item)
    return by_state


# --- a whole run --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlertRun:
    """One run: the changes it recorded and how the deliveries went."""

    workspace_id: str
    as_of: date
    recorded: Recorded
    delivery: DeliveryReport

    @property
    def changes(self) -> tuple[AlertEvent, ...]:
        return self.recorded.changes

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "workspace": self.workspace_id,
            "as_of": self.as_of.isoformat(),
            "changes": [change.to_dict(lang) for change in self.changes],
            "baseline": list(self.recorded.baseline),
            "skipped": list(self.recorded.skipped),
            "deliveries": self.delivery.to_dict(),
        }


def run_alerts(
    db: Database,
    workspace: Workspace,
    statuses: Mapping[str, Status],
    as_of: date,
    *,
    channels: AlertChannels,
    policy: RetryPolicy | None = None,
    now: datetime | None = None,
) -> AlertRun:
    """Record the changes in ``statuses`` (in one transaction), then send every due delivery:
    this run's and earlier runs' retries alike."""
    moment = _utc(now)
    with db.begin() as session:
        recorded = record_changes(session, workspace, statuses, as_of, now=moment)
    report = deliver_pending(db, workspace, channels, policy=policy, now=moment)
    return AlertRun(workspace.id, as_of, recorded, report)


# --- time ---------------------------------------------------------------------------------------


def _utc(moment: datetime | None) -> datetime:
    # SQLite keeps no time zone: every time stored here is UTC, so they compare as text too.
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("give times with a time zone")
    return moment.astimezone(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _aware_or_none(moment: datetime | None) -> datetime | None:
    return _aware(moment) if moment is not None else None


def _iso(moment: datetime | None) -> str | None:
    return _aware(moment).isoformat() if moment is not None else None


def iter_targets(workspace: Workspace) -> Iterator[tuple[Channel, str]]:
    """Every recipient and webhook the workspace's alerts go to."""
    for address in workspace.alerts.recipients:
        yield Channel.EMAIL, address
    for url in workspace.alerts.webhooks:
        yield Channel.WEBHOOK, url


__all__ = [
    "SMTP_TIMEOUT",
    "WEBHOOK_TIMEOUT",
    "AlertChannels",
    "AlertEvent",
    "AlertRun",
    "Channel",
    "Delivery",
    "DeliveryReport",
    "DeliveryState",
    "Mailer",
    "MissingMailer",
    "Outcome",
    "Recorded",
    "RetryPolicy",
    "SmtpMailer",
    "alert_email",
    "alert_html",
    "alert_subject",
    "alert_text",
    "deliver_pending",
    "iter_targets",
    "list_alerts",
    "post_webhook",
    "record_changes",
    "run_alerts",
    "shown_target",
    "webhook_payload",
]
