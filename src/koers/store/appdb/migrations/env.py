"""Alembic's migration environment for the application database.

Koers runs migrations in code (:func:`koers.store.appdb.engine.upgrade`), handing over an open
connection in ``config.attributes["connection"]``; the migrations then run inside that
connection's transaction. Without one (the ``alembic`` command with an ``alembic.ini`` of your
own), the URL comes from ``sqlalchemy.url`` or, failing that, from Koers's settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from koers.store.appdb.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite alters tables by copying them: "batch" mode makes later migrations portable.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    configured = config.get_main_option("sqlalchemy.url")
    if configured:
        return configured
    from koers.store.appdb.engine import default_database_url

    return default_database_url()


if context.is_offline_mode():
    _run_offline()
else:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
    else:
        from koers.store.appdb.engine import database

        opened = database(_url(), migrate=False)
        try:
            with opened.engine.begin() as connection:
                _run(connection)
        finally:
            opened.dispose()
