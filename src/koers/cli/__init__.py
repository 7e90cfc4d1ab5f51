"""The ``koers`` command: a thin layer over the Python API (see :mod:`koers.cli._app`)."""

from __future__ import annotations

import koers.cli.db  # noqa: F401  (registers koers db)
from koers.cli import alerts, check, data, experiments, metrics, monitor, parse, plan, report, serve, steer  # noqa: F401  (each module registers its commands)
from koers.cli._app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
