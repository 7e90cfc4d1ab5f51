"""Settings: the only place Koers reads its environment.

Every setting has a ``KOERS_`` environment variable (``KOERS_LANG=en``); code asks
:func:`get_settings` instead of reading ``os.environ``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from koers.i18n import Lang


class Settings(BaseSettings):
    """Koers's settings, from ``KOERS_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="KOERS_", extra="ignore")

    lang: Lang | None = None
    """The language to show text in; by default the workspace's own."""

    workspace: Path | None = None
    """The workspace folder (or its ``koers.yaml``) when no ``--workspace`` is given."""

    database_url: str | None = None
    """The application database (SQLAlchemy URL, ``postgresql+psycopg://...``); by default the
    SQLite file ``koers.sqlite`` in :attr:`home`."""

    home: Path | None = None
    """Where Koers keeps its own files, such as the default database; ``~/.local/share/koers``
    when not set."""

    smtp_host: str | None = None
    """The mail server that sends alert e-mails; without it, e-mail alerts wait and are reported."""

    smtp_port: int = 587
    """Its port: 587 (submission, with STARTTLS), 465 (TLS from the start) or 25."""

    smtp_user: str | None = None
    """The login at the mail server, when it asks for one."""

    smtp_password: SecretStr | None = None
    """The password for :attr:`smtp_user`; never shown in messages or logs."""

    smtp_from: str | None = None
    """The sender of alert e-mails (``Koers <koers@example.nl>``); by default :attr:`smtp_user`."""

    smtp_starttls: bool = True
    """Switch to TLS with STARTTLS before logging in (not used on port 465, which is TLS already)."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
