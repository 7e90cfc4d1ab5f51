"""Opening the application database: the URL, the engine, sessions and migrations.

SQLite is the embedded default (``koers.sqlite`` in ``KOERS_HOME``); PostgreSQL is used when
``KOERS_DATABASE_URL`` names it. :func:`database` opens either and brings its tables up to the
newest migration before handing it out, so a new file or an older one simply works.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from koers.config import get_settings
from koers.errors import MessageError
from koers.i18n import msg

DEFAULT_HOME = Path("~/.local/share/koers")
"""Where Koers keeps its files when ``KOERS_HOME`` is not set."""

DATABASE_FILE = "koers.sqlite"
"""The default SQLite database's file name, in the Koers home folder."""

MIGRATIONS = Path(__file__).parent / "migrations"
"""The Alembic migration scripts, shipped inside the package."""

_MIGRATION_LOCK = 0x6B6F657273
"""PostgreSQL advisory lock key ("koers"): workers starting together migrate one at a time."""


class DatabaseError(MessageError):
    """The application database cannot be opened: a bad URL, a missing driver, no connection."""


@dataclass(frozen=True, slots=True)
class Database:
    """An open application database: its engine and a factory of ORM sessions."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        """The database URL with any password hidden, for messages and logs."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on an error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def default_database_url() -> str:
    """``KOERS_DATABASE_URL`` if set, else the SQLite file ``koers.sqlite`` in the Koers home."""
    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    home = (settings.home or DEFAULT_HOME).expanduser()
    return URL.create("sqlite", database=str(home / DATABASE_FILE)).render_as_string()


def database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open the application database at ``url`` (default: :func:`default_database_url`).

    Unless ``migrate`` is false, its tables are first brought up to the newest migration; that
    does nothing when they already are. A SQLite file's folder is created when missing.

    SQLite connections enforce foreign keys (``PRAGMA foreign_keys=ON``, off by default in
    SQLite) and use write-ahead logging (``journal_mode=WAL``), so that readers such as the web
    app keep reading while an import writes, and wait up to 30 seconds for a lock rather than
    failing at once. ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver.

    Raises :class:`DatabaseError` for a URL that cannot be used, a driver that is not
    installed, a database that cannot be reached, or one at a migration this Koers does not
    know (made by a newer version).
    """
    target = _normalised_url(url if url is not None else default_database_url())
    engine = _engine(target)
    try:
        if migrate:
            upgrade(engine)
        else:
            with _explained(engine), engine.connect():
                pass
    except DatabaseError:
        engine.dispose()
        raise
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def _normalised_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(msg("db.bad_url", url=url)) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _engine(url: URL) -> Engine:
    shown = url.render_as_string(hide_password=True)
    options: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": 30}
    try:
        engine = create_engine(url, **options)
    except NoSuchModuleError:
        raise DatabaseError(msg("db.unknown_driver", url=shown)) from None
    except ModuleNotFoundError as error:
        extra = "postgres" if url.get_backend_name() == "postgresql" else None
        if extra is None:
            raise DatabaseError(msg("db.missing_module", url=shown, module=str(error.name))) from None
        raise DatabaseError(
            msg("db.missing_driver", url=shown, install=f"pip install 'koers[{extra}]'")
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Python's sqlite3 begins a transaction only before INSERT, UPDATE or DELETE: two SELECTs
    # could then see different commits, and a migration's DDL would not be atomic. It is told
    # to leave transactions alone, and _sqlite_begin starts each one (SQLAlchemy's recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


# --- migrations -------------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the packaged migrations, built in code (no ``alembic.ini``).

    With ``connection``, the migration environment runs on it, inside its transaction.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision``, in one transaction (SQLite and PostgreSQL both
    undo a failed migration whole). Raises :class:`DatabaseError` as :func:`database` does."""
    with _explained(engine), engine.begin() as connection:
        _lock_for_migration(connection)
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` drops every table)."""
    with _explained(engine), engine.begin() as connection:
        _lock_for_migration(connection)
        command.downgrade(alembic_config(connection), revision)


@contextmanager
def _explained(engine: Engine) -> Iterator[None]:
    """Turn a failure to connect or to migrate into a :class:`DatabaseError` a user can act on."""
    shown = engine.url.render_as_string(hide_password=True)
    try:
        yield
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        raise DatabaseError(msg("db.unreachable", url=shown, reason=reason)) from None
    except CommandError as error:
        # Typically a database migrated by a newer Koers than this one.
        raise DatabaseError(msg("db.migration_failed", url=shown, reason=str(error))) from None


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at; ``None`` for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest migration this version of Koers ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def _lock_for_migration(connection: Connection) -> None:
    # Several web workers may start at once; on PostgreSQL the lock serialises their upgrades
    # (it is released when the migration's transaction ends). SQLite locks the file itself.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


__all__ = [
    "DATABASE_FILE",
    "DEFAULT_HOME",
    "Database",
    "DatabaseError",
    "alembic_config",
    "current_revision",
    "database",
    "default_database_url",
    "downgrade",
    "head_revision",
    "upgrade",
]
