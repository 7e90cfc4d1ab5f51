"""The workspace's alert settings, action log and A/B tests; alert state, events and deliveries.

``workspaces.alerts`` is JSON (settings read whole); actions and experiments get tables of their
own, like goals and plans, so that SQL can ask for a KPI's action log across workspaces.

The alert tables are keyed by the workspace's id without a foreign key: ``koers alerts run``
works from a workspace file that need not be stored in this database, and the alert history
outlives a workspace removed from it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"],
        ["workspaces.id"],
        name=op.f(f"fk_{table}_workspace_id_workspaces"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy): on SQLite, copying the workspaces table would drop it,
    # and with foreign keys on that deletes every goal, KPI and plan by cascade.
    op.add_column("workspaces", sa.Column("alerts", sa.JSON(), server_default="{}", nullable=False))
    op.create_table(
        "actions",
        sa.Column("workspace_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kpi_id", sa.String(), nullable=True),
        sa.Column("by", sa.Text(), nullable=True),
        sa.Column("cause", sa.Text(), nullable=True),
        _workspace_fk("actions"),
        sa.PrimaryKeyConstraint("workspace_id", "position", name=op.f("pk_actions")),
    )
    op.create_table(
        "experiments",
        sa.Column("workspace_id", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kpi_id", sa.String(), nullable=True),
        sa.Column("spec", sa.JSON(), nullable=False),
        _workspace_fk("experiments"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_experiments")),
    )

    op.create_table(
        "alert_states",
        sa.Column("workspace_id", sa.String(), nullable=False),
        sa.Column("kpi_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "kpi_id", name=op.f("pk_alert_states")),
    )
    op.create_table(
        "alert_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(), nullable=False),
        sa.Column("kpi_id", sa.String(), nullable=False),
        sa.Column("kpi_name", sa.Text(), nullable=False),
        sa.Column("from_status", sa.String(), nullable=True),
        sa.Column("to_status", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    op.create_index(op.f("ix_alert_events_workspace_id"), "alert_events", ["workspace_id"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("channel IN ('email', 'webhook')", name=op.f("ck_alert_deliveries_channel")),
        sa.CheckConstraint("state IN ('pending', 'sent', 'failed')", name=op.f("ck_alert_deliveries_state")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["alert_events.id"],
            name=op.f("fk_alert_deliveries_event_id_alert_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint("event_id", "channel", "target", name=op.f("uq_alert_deliveries_event_id")),
    )
    op.create_index(op.f("ix_alert_deliveries_state"), "alert_deliveries", ["state"])


def downgrade() -> None:
    for table in ("alert_deliveries", "alert_events", "alert_states", "experiments", "actions"):
        op.drop_table(table)
    op.drop_column("workspaces", "alerts")
