"""Rules about the code itself: a pure domain, and every message in both languages."""

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest

import koers
from koers.i18n.messages import MESSAGES

SRC = Path(koers.__file__).parent
IO_LIBRARIES = {
    "duckdb", "ibis", "sqlalchemy", "alembic", "fastapi", "starlette", "httpx", "requests", "typer",
    "rich", "jinja2", "yaml", "sqlite3", "socket", "urllib", "http", "smtplib", "pandas", "pyarrow",
    "subprocess", "shutil", "tempfile", "koers.cli", "koers.store", "koers.web",
}  # fmt: skip
# What may not even be loaded indirectly (pydantic itself loads some of the standard library's I/O).
EDGE_LIBRARIES = {
    "duckdb", "ibis", "sqlalchemy", "fastapi", "starlette", "httpx", "requests", "typer", "rich",
    "jinja2", "yaml", "pandas", "pyarrow", "koers.cli", "koers.store", "koers.web",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((SRC / "domain").glob("*.py")), ids=lambda p: p.name)
def test_domain_modules_import_no_io_library(path: Path) -> None:
    forbidden = {
        name
        for name in _imports(path)
        if any(name == lib or name.startswith(lib + ".") for lib in IO_LIBRARIES)
    }
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


def test_importing_the_domain_loads_no_io_library() -> None:
    """The static check above misses imports made by what the domain imports; this run sees all."""
    code = (
        "import sys, koers.domain.workspace, koers.domain.sentence, koers.domain.funnel, koers.domain.smart\n"
        f"libs = {sorted(EDGE_LIBRARIES)!r}\n"
        "print(sorted(m for m in sys.modules if any(m == l or m.startswith(l + '.') for l in libs)))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    dutch, english = MESSAGES[key]
    assert dutch.strip()
    assert english.strip()

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert fields(dutch) == fields(english)


def test_every_message_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.add(node.args[0].value)
    assert sorted(used - MESSAGES.keys()) == []


def test_durations_read_as_minutes_and_seconds_both_ways() -> None:
    from decimal import Decimal

    from koers.i18n import format_duration

    assert format_duration(Decimal(83), "nl") == "1 min 23 s"
    assert format_duration(Decimal(-3), "en") == "−3 s"
    assert format_duration(Decimal(-125), "en") == "−2 min 5 s"
