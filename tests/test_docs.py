"""The README tells the truth: its example file loads, and every command is documented."""

import re
from pathlib import Path

import typer

from koers.cli import app
from koers.store.workspace_file import loads_workspace

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_workspace_example_loads() -> None:
    block = re.search(r"```yaml\n(.*?)```", README, re.S)
    assert block is not None
    workspace = loads_workspace(block[1])
    assert workspace.goals[0].kpis[0].metric == "new_users"
    assert workspace.plans[0].target.customers == 100


def test_every_command_is_in_the_readme() -> None:
    commands = {command.name for command in typer.main.get_command(app).commands.values()}  # type: ignore[attr-defined]
    assert commands >= {"parse", "plan", "check", "init", "demo", "metrics"}
    undocumented = sorted(name for name in commands if f"koers {name}" not in README)
    assert undocumented == []


def test_ci_runs_the_readme_test_command() -> None:
    assert "./scripts/test" in README
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./scripts/run" in README
