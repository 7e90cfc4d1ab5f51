"""``koers diagnose`` and ``koers actions``: on the demo shop, and the action log through koers.yaml."""

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from koers.cli import app
from koers.demo import build_demo
from koers.store.workspace_file import load_workspace

runner = CliRunner()
DEMO_DAY = date(2026, 11, 22)
CHANNELS = {"Organic Search", "Paid Search", "Direct", "Email", "Organic Social", "Referral"}
SMALL = (
    "name: Winkel\n"
    "kpis:\n"
    "  - {id: bezoekers, name: Bezoekers, metric: sessions, target: 1000,\n"
    "     period: {start: 2024-01-01, end: 2024-04-01}}\n"
    "  - {id: leads, name: Leads, metric: leads, target: 50, period: {start: 2024-01-01, end: 2024-04-01}}\n"
)


@pytest.fixture(autouse=True)
def _clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOERS_LANG", raising=False)
    monkeypatch.delenv("KOERS_WORKSPACE", raising=False)


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder, DEMO_DAY)
    return folder


@pytest.fixture
def demo(built_demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo workspace for one test (the action log writes to its koers.yaml)."""
    return Path(shutil.copytree(built_demo, tmp_path / "demo"))


@pytest.fixture
def small(tmp_path: Path) -> Path:
    (tmp_path / "koers.yaml").write_text(SMALL, encoding="utf-8")
    return tmp_path


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_diagnose_json_names_the_lagging_channels_of_returning_visitors(demo: Path) -> None:
    data = _json(
        "diagnose", "terugkerende-bezoekers", "--as-of", "2026-11-22", "-w", str(demo), "--lang", "en"
    )
    assert data["state"] == "behind"
    assert data["pace"] == "linear"
    assert data["actual"] < data["expected"]
    assert "behind" in data["headline"]
    channel = next(b for b in data["breakdowns"] if b["dimension"] == "channel")
    assert channel["comparison"] == "previous_year_period"
    assert {segment["segment"] for segment in channel["segments"]} <= CHANNELS
    behind = [segment["behind"] for segment in channel["segments"]]
    assert behind == sorted(behind, reverse=True)
    lagging = [cause["subject"] for cause in data["causes"] if cause["kind"] == "channel_lag"]
    assert lagging
    assert lagging[0] in CHANNELS
    texts = [suggestion["text"] for suggestion in data["suggestions"]]
    assert any("newsletter" in text for text in texts)
    assert any(lagging[0] in text for text in texts)
    assert data["suggestions"][-1]["cause"] == "test_and_measure"
    assert data["actions"] == []


def test_diagnose_reads_in_dutch_by_default_with_the_ranked_numbers(demo: Path) -> None:
    result = runner.invoke(
        app, ["diagnose", "whitepaper-downloads", "--as-of", "2026-11-22", "-w", str(demo)]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Whitepaper-downloads: 185 t/m 22 november 2026" in text
    assert "Per kanaal" in text
    assert "achter" in text
    assert "Voorgestelde acties" in text
    assert "Geef de download een prominentere plek" in text
    assert "nog geen acties voor deze KPI" in text


def test_diagnose_of_a_kpi_on_course_has_nothing_to_steer(demo: Path) -> None:
    data = _json("diagnose", "time-on-site", "--as-of", "2026-11-22", "-w", str(demo))
    assert data["state"] == "on_course"
    assert data["suggestions"] == []
    result = runner.invoke(app, ["diagnose", "time-on-site", "--as-of", "2026-11-22", "-w", str(demo)])
    assert "Niets bij te sturen" in result.stdout


def test_diagnose_an_unknown_kpi_exits_with_2(demo: Path) -> None:
    result = runner.invoke(app, ["diagnose", "onbekend", "-w", str(demo)])
    assert result.exit_code == 2
    assert "geen KPI onbekend" in result.stderr
    assert "terugkerende-bezoekers" in result.stderr


def test_diagnose_a_bad_as_of_date_exits_with_2(demo: Path) -> None:
    result = runner.invoke(app, ["diagnose", "time-on-site", "--as-of", "22-11-2026", "-w", str(demo)])
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


def test_an_action_added_is_in_koers_yaml_and_listed(small: Path) -> None:
    added = _json(
        "actions", "add", "--kpi", "bezoekers", "--date", "2024-02-05", "Teksten herschreven",
        "--cause", "low_time_on_site", "--by", "Sanne",
    )  # fmt: skip
    assert added == {
        "date": "2024-02-05", "kpi": "bezoekers", "description": "Teksten herschreven",
        "cause": "low_time_on_site", "by": "Sanne",
    }  # fmt: skip
    _json("actions", "add", "--kpi", "leads", "--date", "2024-01-20", "Whitepaper gepromoot")
    stored = load_workspace(small / "koers.yaml").actions
    assert [(action.date, action.kpi, action.cause) for action in stored] == [
        (date(2024, 2, 5), "bezoekers", "low_time_on_site"),
        (date(2024, 1, 20), "leads", None),
    ]
    assert [action["description"] for action in _json("actions")] == [
        "Whitepaper gepromoot",
        "Teksten herschreven",
    ]
    assert [action["kpi"] for action in _json("actions", "--kpi", "bezoekers")] == ["bezoekers"]
    listed = runner.invoke(app, ["actions", "--lang", "en"])
    assert listed.exit_code == 0, listed.output
    assert "Teksten herschreven" in listed.stdout
    assert "time on site is" in listed.stdout  # the cause, in words


def test_the_actions_taken_show_in_the_diagnosis(small: Path) -> None:
    _json("actions", "add", "--kpi", "bezoekers", "--date", "2024-02-05", "Teksten herschreven")
    data = _json("diagnose", "bezoekers", "--as-of", "2024-02-10")
    assert data["state"] == "no_data"
    assert [action["description"] for action in data["actions"]] == ["Teksten herschreven"]
    text = runner.invoke(app, ["diagnose", "bezoekers", "--as-of", "2024-02-10"]).stdout
    assert "2024-02-05  Teksten herschreven" in text


def test_without_actions_the_list_says_so(small: Path) -> None:
    assert _json("actions") == []
    result = runner.invoke(app, ["actions"])
    assert "Nog geen acties vastgelegd." in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["actions", "add", "--kpi", "onbekend", "Iets gedaan"], "geen KPI onbekend"),
        (["actions", "add", "--kpi", "leads", "--cause", "pech", "Iets gedaan"], "--cause pech"),
        (["actions", "add", "--kpi", "leads", "--date", "2024-02-30", "Iets gedaan"], "--date"),
        (["actions", "add", "--kpi", "leads", "  "], "beschrijf wat er gedaan is"),
        (["actions", "--kpi", "onbekend"], "geen KPI onbekend"),
    ],
)
def test_bad_action_input_exits_with_2_and_leaves_the_file_alone(
    small: Path, args: list[str], fragment: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert (small / "koers.yaml").read_text(encoding="utf-8") == SMALL
