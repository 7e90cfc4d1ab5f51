"""The application database: workspaces, goals, KPIs and plans, and later users and access.

SQLite by default (``koers.sqlite`` in ``KOERS_HOME``, ``~/.local/share/koers``), PostgreSQL when
``KOERS_DATABASE_URL`` names one; tables through SQLAlchemy, their changes through the Alembic
migrations packaged in ``migrations/``, applied by :func:`database` when it opens a database::

    from koers.store.appdb import database, load_workspace, save_workspace

    db = database()                     # migrated to the newest schema
    with db.begin() as session:         # one transaction: all of it or nothing
        save_workspace(session, workspace)
    with db.begin() as session:
        same = load_workspace(session, workspace.id)

The tables are described in :mod:`koers.store.appdb.models`.
"""

from __future__ import annotations

from koers.store.appdb.engine import (
    DATABASE_FILE,
    DEFAULT_HOME,
    Database,
    DatabaseError,
    alembic_config,
    current_revision,
    database,
    default_database_url,
    downgrade,
    head_revision,
    upgrade,
)
from koers.store.appdb.models import Base
from koers.store.appdb.repository import (
    InvalidWorkspaceError,
    UnknownWorkspaceError,
    UnstorableTextError,
    WorkspaceSummary,
    delete_workspace,
    list_workspaces,
    load_workspace,
    save_workspace,
)

__all__ = [
    "DATABASE_FILE",
    "DEFAULT_HOME",
    "Base",
    "Database",
    "DatabaseError",
    "InvalidWorkspaceError",
    "UnknownWorkspaceError",
    "UnstorableTextError",
    "WorkspaceSummary",
    "alembic_config",
    "current_revision",
    "database",
    "default_database_url",
    "delete_workspace",
    "downgrade",
    "head_revision",
    "list_workspaces",
    "load_workspace",
    "save_workspace",
    "upgrade",
]
