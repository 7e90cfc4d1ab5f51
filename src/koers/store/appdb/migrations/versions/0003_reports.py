"""The workspace's report settings and the history of generated monthly reports.

``workspaces.reports`` is JSON (settings read whole), like the alert settings. ``reports`` keeps
each generated report with its file, so the web app can list, show and download it, and the
schedule can tell whether a month's report went out already. Keyed by the workspace's id
without a foreign key, like the alert tables: ``koers report`` works from a workspace file.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, as in 0002: a batch copy of workspaces would cascade-delete its rows.
    op.add_column("workspaces", sa.Column("reports", sa.JSON(), server_default="{}", nullable=False))
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("lang", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("scheduled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sent_to", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("format IN ('html', 'pdf')", name=op.f("ck_reports_format")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index("ix_reports_workspace_id_month", "reports", ["workspace_id", "month"])


def downgrade() -> None:
    op.drop_index("ix_reports_workspace_id_month", table_name="reports")
    op.drop_table("reports")
    op.drop_column("workspaces", "reports")
