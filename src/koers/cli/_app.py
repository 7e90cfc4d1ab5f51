"""The Typer app and what every command shares: options, output, errors, the workspace.

Commands are thin: they read options, call the domain or store, and render the result either as
Rich text for people or, with ``--json``, as plain JSON for scripts. Input a user can fix (an
:class:`~koers.errors.InputError`) prints its message and exits with code 2.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from koers.config import get_settings
from koers.domain.period import today_in
from koers.errors import InputError, MessageError
from koers.i18n import Lang, Msg, msg, render

app = typer.Typer(
    name="koers",
    help="Koers: marketing KPIs that say whether you are on course, why not, and what to steer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)

WORKSPACE_FILE = "koers.yaml"
DEFAULT_TIMEZONE = "Europe/Amsterdam"
USAGE_ERROR = 2

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of text.")]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="The workspace folder or its koers.yaml (default: the current folder).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The day to judge at, YYYY-MM-DD (default: yesterday).")
]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of the text: nl or en.", case_sensitive=False, show_default=False),
]

P = ParamSpec("P")
R = TypeVar("R")


class UsageProblem(MessageError):
    """A command-line option that cannot be used."""


def reports_input_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn an :class:`InputError` into its message on stderr and exit code 2."""

    @functools.wraps(command)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            chosen = kwargs.get("lang")
            lang = display_lang(chosen if isinstance(chosen, Lang) else None)
            # never wrap: "file:line: place: message" lines are read by editors and grep
            error_console.print(error.render(lang), markup=False, style="red", soft_wrap=True)
            raise typer.Exit(USAGE_ERROR) from None

    return guarded


def display_lang(preferred: Lang | None = None, workspace_lang: Lang | None = None) -> Lang:
    """The language to talk in: an explicit choice, ``KOERS_LANG``, the workspace's, else Dutch."""
    return preferred or get_settings().lang or workspace_lang or Lang.NL


def workspace_file(path: Path | None) -> Path:
    """The ``koers.yaml`` that ``--workspace`` (or ``KOERS_WORKSPACE``, or the cwd) points to."""
    chosen = path or get_settings().workspace or Path()
    return chosen if chosen.suffix in (".yaml", ".yml") else chosen / WORKSPACE_FILE


def print_json(data: Any) -> None:
    """Plain JSON on stdout: Decimals and Fractions as numbers or exact text, dates as ISO."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def say(message: Msg, lang: Lang, *, style: str | None = None) -> None:
    console.print(render(message, lang), style=style, markup=False)


def today(timezone: str = DEFAULT_TIMEZONE) -> date:
    return today_in(timezone)


def last_full_day(timezone: str = DEFAULT_TIMEZONE) -> date:
    """The default as-of date for judging KPIs: yesterday, the last day whose data can be complete
    (today's is still coming in, and would count as a day of zeros)."""
    return today_in(timezone) - timedelta(days=1)


def parse_date_option(value: str | None, option: str) -> date | None:
    """An ISO date from an option, or a :class:`UsageProblem` that names the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(msg("cli.bad_date", option=option, value=value)) from None
