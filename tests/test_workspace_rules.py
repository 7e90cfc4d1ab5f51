"""Workspace rules that span fields, as a user meets them through the workspace file."""

from decimal import Decimal

import pytest

from koers.domain.period import Period
from koers.errors import WorkspaceFileError
from koers.i18n import Lang
from koers.store.workspace_file import dump_workspace, loads_workspace, loads_workspace_with_warnings

BASE = """
name: Shop
goals:
- name: Bekendheid
  kpis:
  - name: Nieuwe bezoekers
    metric: new_users
    target: {target}
    period: {period}
"""


def test_last_day_is_read_as_the_inclusive_end_and_written_back_as_end() -> None:
    workspace = loads_workspace(BASE.format(target=2000, period="{start: 2023-01-01, last_day: 2023-03-31}"))
    kpi = workspace.goals[0].kpis[0]
    assert kpi.period == Period.quarter(2023, 1)
    assert "end: 2023-04-01" in dump_workspace(workspace)
    assert loads_workspace(dump_workspace(workspace)) == workspace


def test_end_and_last_day_together_are_refused_at_the_period() -> None:
    text = BASE.format(target=2000, period="{start: 2023-01-01, end: 2023-04-01, last_day: 2023-03-31}")
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace(text)
    assert caught.value.problems[0].path == "goals[0].kpis[0].period"


def test_unknown_period_field_is_refused() -> None:
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace(BASE.format(target=2000, period="{start: 2023-01-01, through: 2023-03-31}"))
    assert "goals[0].kpis[0].period" in caught.value.render(Lang.EN)


def test_a_dutch_thousands_separator_in_a_count_target_is_warned_about() -> None:
    loaded = loads_workspace_with_warnings(
        BASE.format(target="1.500", period="{start: 2023-01-01, end: 2023-04-01}")
    )
    assert loaded.workspace.goals[0].kpis[0].target == Decimal("1.500")
    (warning,) = loaded.warnings
    assert warning.path == "goals[0].kpis[0].target"
    assert "1500" in warning.message.render(Lang.EN)


def test_a_ratio_target_with_decimals_is_not_warned_about() -> None:
    text = BASE.replace("new_users", "items_per_cart").format(
        target="2.125", period="{start: 2023-01-01, end: 2023-04-01}"
    )
    assert loads_workspace_with_warnings(text).warnings == ()


def test_duplicate_custom_metric_keys_are_an_error_not_a_crash() -> None:
    metric = "{key: my_metric, name_nl: Mijn, name_en: Mine, unit: count, additivity: additive}"
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace(f"name: Shop\nmetrics:\n- {metric}\n- {metric}\n")
    assert [problem.path for problem in caught.value.problems] == ["metrics[1].key"]


def test_an_unknown_time_zone_names_the_zone() -> None:
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace("name: Shop\ntimezone: Europe/Amsterdm\n")
    assert "Europe/Amsterdm" in caught.value.render(Lang.EN)
    assert "{" not in caught.value.render(Lang.EN)
