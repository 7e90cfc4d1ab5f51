"""The application database's tables, as SQLAlchemy 2 typed models.

A workspace is stored normalised: one row per workspace, goal, KPI, plan and tracked metric,
each keyed by its workspace and its own readable id (``(workspace_id, id)``), so that SQL can
ask across workspaces ("every KPI of every client on metric ``leads``"). What is only ever read
whole stays JSON: a KPI's segment, a plan's funnel, the workspace's custom journeys and metrics.

Numbers a user wrote (targets, baselines) are stored as the exact decimal text (``0.333333``,
``1234.5678``, ``5E+3``): no database rounding, no float, and the written precision kept, which
the workspace checks read (``1.500`` with three decimals is a Dutch thousands separator gone
wrong). Enumerations are stored as their values in plain text columns, so a new value needs no
migration; the repository turns them back into the domain's enums.

Users, memberships, API tokens, sessions and invitations are here for the web app; the
repository does not use them yet. Secrets are only ever stored hashed.

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
    MetaData,
    String,
    Text,
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
    "NAMING_CONVENTION",
    "ROLES",
    "ApiTokenRow",
    "Base",
    "DecimalText",
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
