"""The application database's tables, as SQLAlchemy 2 typed models.

A workspace is stored normalised: one row per workspace, goal, KPI, plan, tracked metric, logged
action and A/B test, each keyed by its workspace and its own readable id (``(workspace_id, id)``,
or its position), so that SQL can ask across workspaces ("every KPI of every client on metric
``leads``"). What is only ever read
whole stays JSON: a KPI's segment, a plan's funnel, an A/B test's variants, the workspace's custom
journeys and metrics and its alert settings.

Numbers a user wrote (targets, baselines) are stored as the exact decimal text (``0.333333``,
``1234.5678``, ``5E+3``): no database rounding, no float, and the written precision kept, which
the workspace checks read (``1.500`` with three decimals is a Dutch thousands separator gone
wrong). Enumerations are stored as their values in plain text columns, so a new value needs no
migration; the repository turns them back into the domain's enums.

Users, memberships, API tokens, sessions and invitations are here for the web app; the
repository does not use them yet. The alert tables (the last status per KPI, status changes and
their deliveries) belong to :mod:`koers.monitor.alerts`. Secrets are only ever stored hashed.

Changing a table means a new migration in ``migrations/versions``; a test checks that the
migrations and these models agree.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names are fixed by convention, the same on every database, so migrations can name them."""

ROLES = ("owner", "editor", "viewer")
"""A user's role in a workspace."""

_ROLE_CHECK = "role IN ({})".format(", ".join(f"'{role}'" for role in ROLES))


class DecimalText(TypeDecorator[Decimal]):
    """An exact decimal kept as its text: ``Decimal(text)`` gives back the very same value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"expected a Decimal, got {type(value).__name__}")
        return str(value)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    """The base of every table in the application database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- workspaces and what they hold ------------------------------------------------------------


class WorkspaceRow(Base):
    """One workspace: its settings; its goals, KPIs and plans are rows of their own."""

    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String)
    currency: Mapped[str] = mapped_column(String)
    timezone: Mapped[str] = mapped_column(String)
    journey: Mapped[str] = mapped_column(String)
    max_kpis_per_goal: Mapped[int] = mapped_column(Integer)
    max_kpis: Mapped[int] = mapped_column(Integer)
    journeys: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Custom journey models, as the workspace file writes them."""
    metrics: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Custom metric definitions, as the workspace file writes them."""
    alerts: Mapped[dict[str, Any]] = mapped_column(JSON, server_default="{}")
    """Who hears of status changes (recipients, webhooks), as the workspace file writes it."""
    reports: Mapped[dict[str, Any]] = mapped_column(JSON, server_default="{}")
    """Who receives the monthly report, in which language, as the workspace file writes it."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class GoalRow(Base):
    """A goal; ``position`` keeps the workspace's order."""

    __tablename__ = "goals"

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)


class KpiRow(Base):
    """A KPI, under its goal (``goal_id``) or, without one, directly under the workspace.

    ``position`` is the KPI's place among its goal's KPIs, or among the KPIs without a goal.
    ``period_end`` is exclusive, like :class:`koers.domain.period.Period`.
    """

    __tablename__ = "kpis"
    __table_args__ = (
        ForeignKeyConstraint(
            ["workspace_id", "goal_id"],
            ["goals.workspace_id", "goals.id"],
            ondelete="CASCADE",
        ),
        Index("ix_kpis_workspace_id_goal_id", "workspace_id", "goal_id"),
        Index("ix_kpis_metric", "metric"),
        CheckConstraint("(period_start IS NULL) = (period_end IS NULL)", name="period"),
        CheckConstraint("(accepted_by IS NULL) = (accepted_on IS NULL)", name="accepted"),
    )

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String, primary_key=True)
    goal_id: Mapped[str | None] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String)
    target: Mapped[Decimal] = mapped_column(DecimalText)
    target_upper: Mapped[Decimal | None] = mapped_column(DecimalText)
    unit: Mapped[str | None] = mapped_column(String)
    comparator: Mapped[str] = mapped_column(String)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    aggregation: Mapped[str] = mapped_column(String)
    subperiod: Mapped[str | None] = mapped_column(String)
    subperiod_rule: Mapped[str] = mapped_column(String)
    segment: Mapped[dict[str, str]] = mapped_column(JSON)
    phase: Mapped[str | None] = mapped_column(String)
    owner: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    baseline: Mapped[Decimal | None] = mapped_column(DecimalText)
    accepted_by: Mapped[str | None] = mapped_column(Text)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    accepted_note: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class PlanRow(Base):
    """A funnel plan: what SQL filters on in columns, the rest of the plan as JSON.

    ``spec`` holds every field but ``id``, ``name`` and ``goal``, as the workspace file writes
    them (rates as ``39%`` or ``1/3``, money as exact decimal text). ``goal_id`` is not a
    foreign key: a plan may name a goal the workspace check reports as unknown.
    """

    __tablename__ = "plans"

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    goal_id: Mapped[str | None] = mapped_column(String)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)


class TrackedMetricRow(Base):
    """A metric the workspace tracks (the focus check warns about those tied to no goal)."""

    __tablename__ = "tracked_metrics"

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String)


class ActionRow(Base):
    """One entry of the action log, in the workspace's order (``position``).

    ``kpi_id`` is not a foreign key: the log outlives a KPI that is later removed.
    """

    __tablename__ = "actions"

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    done_on: Mapped[date] = mapped_column(Date)
    """The action's ``date``."""
    description: Mapped[str] = mapped_column(Text)
    kpi_id: Mapped[str | None] = mapped_column(String)
    by: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str | None] = mapped_column(Text)


class ExperimentRow(Base):
    """An A/B test: what SQL filters on in columns, the rest (variants, dates, effect) as JSON.

    ``spec`` holds every field but ``id``, ``name`` and ``kpi``, as the workspace file writes them.
    """

    __tablename__ = "experiments"

    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    kpi_id: Mapped[str | None] = mapped_column(String)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)


# --- alerts (written by koers.monitor.alerts) -------------------------------------------------
#
# Keyed by the workspace's id without a foreign key: ``koers alerts run`` works from a workspace
# file that need not be stored here, and the alert history outlives a workspace removed from it.

CHANNELS = ("email", "webhook")
"""How an alert is delivered."""

DELIVERY_STATES = ("pending", "sent", "failed")
"""Where a delivery stands: still to send (or to retry), sent, or given up after its attempts."""


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


class AlertStateRow(Base):
    """The last status recorded for a KPI: what the next run compares with."""

    __tablename__ = "alert_states"

    workspace_id: Mapped[str] = mapped_column(String, primary_key=True)
    kpi_id: Mapped[str] = mapped_column(String, primary_key=True)
    status: Mapped[str] = mapped_column(String)
    as_of: Mapped[date] = mapped_column(Date)
    """The as-of date of the run that recorded it last."""
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """When the status was first recorded or last changed."""


class AlertEventRow(Base):
    """A status change of one KPI; ``from_status`` is empty when the KPI was seen the first time."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(String, index=True)
    kpi_id: Mapped[str] = mapped_column(String)
    kpi_name: Mapped[str] = mapped_column(Text)
    """The KPI's name when it changed, so a retried message reads the same."""
    from_status: Mapped[str | None] = mapped_column(String)
    to_status: Mapped[str] = mapped_column(String)
    as_of: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlertDeliveryRow(Base):
    """One event to one recipient or webhook, with its attempts; several go out in one message."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "target"),
        CheckConstraint(_one_of("channel", CHANNELS), name="channel"),
        CheckConstraint(_one_of("state", DELIVERY_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("alert_events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String)
    target: Mapped[str] = mapped_column(Text)
    """An e-mail address or a webhook URL."""
    state: Mapped[str] = mapped_column(String, index=True)
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Not before then: the backoff after a failure, or the claim of a run that is sending it."""
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# --- generated reports (written by koers.reports.store) ----------------------------------------
#
# Keyed by the workspace's id without a foreign key, like the alerts: ``koers report`` works from a
# workspace file that need not be stored here, and the history outlives a removed workspace.

REPORT_FORMATS = ("html", "pdf")
"""The forms a stored report comes in."""


class ReportRow(Base):
    """A monthly report as generated: the file itself, and to whom and when it was sent."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(_one_of("format", REPORT_FORMATS), name="format"),
        Index("ix_reports_workspace_id_month", "workspace_id", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(String)
    month: Mapped[date] = mapped_column(Date)
    """The first day of the reported month."""
    as_of: Mapped[date] = mapped_column(Date)
    lang: Mapped[str] = mapped_column(String)
    format: Mapped[str] = mapped_column(String)
    scheduled: Mapped[bool] = mapped_column(Boolean)
    """Made by the monthly schedule (which sends each month once) rather than on demand."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    sent_to: Mapped[list[str]] = mapped_column(JSON, server_default="[]")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    """Why sending failed the last time (the schedule tries again on its next run)."""


# --- people and access (filled by the web app) ------------------------------------------------


class UserRow(Base):
    """A person who logs in. ``password_hash`` is an argon2 hash; empty until a password is set."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String, unique=True)
    """Stored as the web app normalises it (lower case), so that uniqueness means one person."""
    name: Mapped[str | None] = mapped_column(Text)
    password_hash: Mapped[str | None] = mapped_column(String)
    language: Mapped[str | None] = mapped_column(String)
    is_active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MembershipRow(Base):
    """A user's role in one workspace: owner, editor or viewer."""

    __tablename__ = "memberships"
    __table_args__ = (CheckConstraint(_ROLE_CHECK, name="role"),)

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A REST API token. Only a hash of the token is kept (SHA-256 suffices: tokens are random)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    """A logged-in browser session, keyed by a hash of its cookie value."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InvitationRow(Base):
    """An invitation to join a workspace in a role, keyed by a hash of the link's token."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint(_ROLE_CHECK, name="role"),)

    token_hash: Mapped[str] = mapped_column(String, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        String, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)
    invited_by: Mapped[int | None] = mapped_column(Integer, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


__all__ = [
    "CHANNELS",
    "DELIVERY_STATES",
    "NAMING_CONVENTION",
    "ROLES",
    "ActionRow",
    "AlertDeliveryRow",
    "AlertEventRow",
    "AlertStateRow",
    "ApiTokenRow",
    "Base",
    "DecimalText",
    "ExperimentRow",
    "GoalRow",
    "InvitationRow",
    "KpiRow",
    "MembershipRow",
    "PlanRow",
    "SessionRow",
    "TrackedMetricRow",
    "UserRow",
    "WorkspaceRow",
]
