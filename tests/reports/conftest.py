"""Shared fixtures of the report tests: the demo shop built once, and its February report inputs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from koers.demo import build_demo
from koers.domain.workspace import Workspace
from koers.metrics.engine import MetricEngine
from koers.reports import ReportInputs, gather
from koers.store.warehouse import Warehouse
from koers.store.workspace_file import load_workspace

DEMO_DAY = date(2023, 3, 20)
"""The demo's data runs to this day; its KPIs are the first quarter of 2023."""
MONTH = date(2023, 2, 1)


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-demo")
    build_demo(folder, DEMO_DAY)
    return folder


@pytest.fixture(scope="session")
def demo_workspace(demo_folder: Path) -> Workspace:
    return load_workspace(demo_folder / "koers.yaml")


@pytest.fixture(scope="session")
def engine(demo_folder: Path, demo_workspace: Workspace) -> Iterator[MetricEngine]:
    with Warehouse.for_workspace(demo_folder, read_only=True, timezone=demo_workspace.timezone) as warehouse:
        yield MetricEngine(warehouse, demo_workspace.catalog)


@pytest.fixture(scope="session")
def february(demo_workspace: Workspace, engine: MetricEngine) -> ReportInputs:
    """The inputs of the demo's February 2023 report, as known on 20 March 2023."""
    return gather(demo_workspace, engine, MONTH, today=DEMO_DAY)
