"""The workspace file: lossless round trip, exact numbers, and errors a marketer can act on."""

from __future__ import annotations

import os
import re
import stat
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from string import Formatter
from textwrap import dedent

import pytest
from hypothesis import HealthCheck, given, settings

from koers.domain.period import Grain, Period
from koers.domain.starter import starter_workspace
from koers.domain.workspace import Workspace, validate_workspace
from koers.errors import FileProblem, InputError, KoersError, WorkspaceFileError
from koers.i18n import Lang
from koers.i18n.messages import MESSAGES
from koers.store import workspace_file
from koers.store.workspace_file import (
    dump_workspace,
    load_workspace,
    load_workspace_with_warnings,
    load_yaml,
    loads_workspace,
    loads_workspace_with_warnings,
    save_workspace,
)
from strategies import workspaces

GOOD = dedent(
    """\
    id: badkamers
    name: Badkamerwinkel
    goals:
      - name: Meer bezoekers
        kpis:
          - name: Nieuwe bezoekers Q1
            metric: new_users
            target: 2000
            period: {start: 2023-01-01, end: 2023-04-01}
            phase: see
      - name: Meer leads
        kpis:
          - name: Nieuwsbriefleads
            metric: newsletter_signups
            target: 40
            aggregation: each_subperiod
            subperiod: month
            period:
              start: 2023-01-01
              end: 2023-04-01
            phase: think
    plans:
      - name: Leadfunnel 2023
        target: {customers: 100}
        rates:
          - {from: lead, to: mql, rate: 39%}
          - {from: mql, to: sql, rate: 38%}
          - {from: sql, to: opportunity, rate: 42%}
          - {from: opportunity, to: customer, rate: 1/3}
    """
)


def _broken(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def _problems(text: str | bytes) -> list[FileProblem]:
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace(text)
    return caught.value.problems


def _only(text: str | bytes) -> tuple[str, int | None, str]:
    problems = _problems(text)
    assert len(problems) == 1, [p.render(Lang.EN, "koers.yaml") for p in problems]
    problem = problems[0]
    return problem.path, problem.line, problem.message.render(Lang.EN)


# --- round trip ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_round_trip_is_lossless_and_stable(workspace: Workspace) -> None:
    text = dump_workspace(workspace)
    again = loads_workspace(text)
    assert again == workspace
    assert dump_workspace(workspace) == text
    assert dump_workspace(again) == text


def test_good_file_loads() -> None:
    workspace = loads_workspace(GOOD)
    assert [goal.id for goal in workspace.goals] == ["meer-bezoekers", "meer-leads"]
    assert workspace.goals[1].kpis[0].subperiod is Grain.MONTH
    assert workspace.plans[0].rates[3].rate == Fraction(1, 3)
    assert validate_workspace(workspace) == []


def test_dump_reads_naturally() -> None:
    text = dump_workspace(loads_workspace(GOOD))
    assert text.startswith("id: badkamers\nname: Badkamerwinkel\n")
    assert "target: 2000\n" in text
    assert "start: 2023-01-01\n" in text
    assert "rate: 39%\n" in text
    assert "rate: 1/3\n" in text
    assert "aggregation: each_subperiod\n" in text
    # defaults stay out: the comparator, the language, the funnel's standard stages
    assert "comparator" not in text
    assert "language" not in text
    assert "stages" not in text


def test_decimals_are_written_as_plain_numbers() -> None:
    workspace = loads_workspace(
        GOOD.replace("target: 2000", "target: 1234.56\n        baseline: 0.40", 1).replace(
            "target: 40", "target: 0.0000001", 1
        )
    )
    text = dump_workspace(workspace)
    assert "target: 1234.56\n" in text
    assert "baseline: 0.40\n" in text  # the written precision survives
    assert "target: 0.0000001\n" in text
    assert "'" not in text
    assert "!!" not in text


def test_large_exponent_decimal_is_written_in_full() -> None:
    workspace = loads_workspace(GOOD)
    goal = workspace.goals[0]
    kpi = goal.kpis[0].model_copy(update={"target": Decimal("5E+3")})
    changed = workspace.model_copy(update={"goals": (goal.model_copy(update={"kpis": (kpi,)}),)})
    text = dump_workspace(changed)
    assert "target: 5000\n" in text
    assert loads_workspace(text) == changed


def test_dutch_text_stays_readable() -> None:
    text = GOOD.replace("name: Badkamerwinkel", "name: Café ’t Hoekje — één zaak", 1)
    dumped = dump_workspace(loads_workspace(text))
    assert "name: Café ’t Hoekje — één zaak\n" in dumped


def test_long_and_multiline_text_round_trips_without_wrapping() -> None:
    workspace = loads_workspace(GOOD)
    long = "woord " * 60 + "einde"
    changed = workspace.model_copy(update={"name": long.strip(), "goals": ()})
    changed = changed.model_copy(update={"plans": ()})
    text = dump_workspace(changed)
    assert len(text.splitlines()) == 2
    multiline = changed.model_copy(update={"name": "regel één\nregel twee\n"})
    assert "name: |\n" in dump_workspace(multiline)
    assert loads_workspace(dump_workspace(multiline)) == multiline


# --- exact numbers and the YAML dialect ----------------------------------------------------


def test_yaml_floats_become_exact_decimals_and_ints_stay_ints() -> None:
    data = load_yaml("a: 0.1\nb: 1_000.50\nc: 10\nd: -2.5e+3\n")
    assert data == {"a": Decimal("0.1"), "b": Decimal("1000.50"), "c": 10, "d": Decimal("-2500")}
    assert type(data["a"]) is Decimal
    assert str(data["a"]) == "0.1"
    assert type(data["c"]) is int


def test_target_point_one_stays_exact() -> None:
    workspace = loads_workspace(GOOD.replace("target: 2000", "target: 0.1", 1))
    target = workspace.goals[0].kpis[0].target
    assert target == Decimal("0.1")
    assert target * 3 == Decimal("0.3")  # through a float this would be 0.30000000000000004


def test_only_true_and_false_are_booleans() -> None:
    assert load_yaml("a: no\nb: on\nc: true\nd: False\nNO: yes\n") == {
        "a": "no",
        "b": "on",
        "c": True,
        "d": False,
        "NO": "yes",
    }
    text = GOOD.replace("phase: see", "phase: see\n        segment: {country: NO}", 1)
    assert loads_workspace(text).goals[0].kpis[0].segment == {"country": "NO"}


def test_acceptance_with_key_on_round_trips() -> None:
    text = GOOD.replace("phase: see", "phase: see\n        accepted: {by: Els, on: 2023-01-05}", 1)
    workspace = loads_workspace(text)
    accepted = workspace.goals[0].kpis[0].accepted
    assert accepted is not None
    assert accepted.on == date(2023, 1, 5)
    assert "on: 2023-01-05" in dump_workspace(workspace)


# --- errors: places, lines and messages ----------------------------------------------------


def test_period_end_before_start_names_the_exact_place() -> None:
    text = _broken("end: 2023-04-01\n        phase: think", "end: 2022-12-01\n        phase: think")
    with pytest.raises(WorkspaceFileError) as caught:
        loads_workspace(text)
    line = _line_of(text, "end: 2022-12-01")
    assert caught.value.lines(Lang.EN) == [f"koers.yaml:{line}: goals[1].kpis[0].period.end: before start"]
    assert (
        caught.value.render(Lang.NL) == f"koers.yaml:{line}: goals[1].kpis[0].period.end: ligt vóór de start"
    )
    assert str(caught.value) == f"koers.yaml:{line}: goals[1].kpis[0].period.end: before start"


def test_empty_period_is_explained() -> None:
    text = _broken("end: 2023-04-01}", "end: 2023-01-01}")
    path, _, message = _only(text)
    assert path == "goals[0].kpis[0].period.end"
    assert "empty" in message


def test_wrong_type_for_target() -> None:
    text = _broken("target: 2000", "target: veel")
    assert _only(text) == (
        "goals[0].kpis[0].target",
        _line_of(text, "target: veel"),
        "must be a number, with a point for decimals (1500 or 0.4)",
    )


def test_unknown_field_suggests_the_near_one() -> None:
    text = _broken("target: 40", "target: 40\n        ownr: Els")
    assert _only(text) == (
        "goals[1].kpis[0].ownr",
        _line_of(text, "ownr: Els"),
        "unknown field; did you mean owner?",
    )


def test_unknown_field_without_a_near_one_lists_the_fields() -> None:
    text = _broken("name: Badkamerwinkel", "name: Badkamerwinkel\nkleur: blauw")
    path, line, message = _only(text)
    assert (path, line) == ("kleur", 3)
    assert message.startswith("unknown field; known are: id, name, language, currency")


def test_unknown_metric_is_a_semantic_error_with_its_line() -> None:
    text = _broken("metric: new_users", "metric: nieuwe_gebruikers")
    assert _only(text) == (
        "goals[0].kpis[0].metric",
        _line_of(text, "metric: nieuwe_gebruikers"),
        "unknown metric nieuwe_gebruikers (see 'koers metrics')",
    )


def test_phase_not_in_journey() -> None:
    text = _broken("phase: think", "phase: mql")
    path, line, message = _only(text)
    assert (path, line) == ("goals[1].kpis[0].phase", _line_of(text, "phase: mql"))
    assert message == "phase mql is not a phase of see_think_do_care (see, think, do, care)"


@pytest.mark.parametrize("rate", ["0%", "120%"])
def test_rate_out_of_range_in_a_plan(rate: str) -> None:
    text = _broken("rate: 38%", f"rate: {rate}")
    assert _only(text) == (
        "plans[0].rates[1].rate",
        _line_of(text, f"rate: {rate}"),
        f"'{rate}' is not above 0% and at most 100%",
    )


def test_unreadable_rate_in_dutch() -> None:
    text = _broken("rate: 38%", "rate: veel")
    problem = _problems(text)[0]
    assert problem.message.render(Lang.NL) == "'veel' is geen percentage; schrijf 39%, 1/3 of 0.39"


def test_enum_lists_the_allowed_values() -> None:
    text = _broken("subperiod: month", "subperiod: maand")
    path, _, message = _only(text)
    assert path == "goals[1].kpis[0].subperiod"
    assert message == "'maand' is not allowed; choose from day, week, month, quarter, year"


def test_missing_field_points_at_its_mapping() -> None:
    text = _broken("        metric: new_users\n", "")
    assert _only(text) == (
        "goals[0].kpis[0].metric",
        _line_of(text, "name: Nieuwe bezoekers Q1"),
        "required, but missing",
    )


def test_several_problems_are_listed_in_file_order() -> None:
    text = (
        _broken("target: 2000", "target: veel")
        .replace("rate: 38%", "rate: 120%")
        .replace("id: badkamers", "id: Badkamers!")
    )
    problems = _problems(text)
    assert [p.path for p in problems] == ["id", "goals[0].kpis[0].target", "plans[0].rates[1].rate"]
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)
    assert problems[0].message.render(Lang.NL).startswith("alleen kleine letters, cijfers en streepjes")


def test_model_level_error_points_at_the_kpi() -> None:
    text = _broken("target: 2000", "target: 2000\n        comparator: between")
    assert _only(text) == (
        "goals[0].kpis[0]",
        _line_of(text, "name: Nieuwe bezoekers Q1"),
        "comparator between needs a target_upper too",
    )


def test_unknown_time_zone() -> None:
    text = GOOD + "timezone: Europe/Amsterdamm\n"
    assert _only(text)[2] == "unknown time zone Europe/Amsterdamm; write, for example, Europe/Amsterdam"


def test_yaml_syntax_error_has_its_line() -> None:
    text = _broken("    kpis:\n      - name: Nieuwsbriefleads", "    kpis:\n      - name: [Nieuwsbriefleads")
    path, line, message = _only(text)
    assert path == ""
    assert line is not None
    assert line >= _line_of(text, "[Nieuwsbriefleads")
    assert message.startswith("YAML syntax error: ")


def test_tab_indentation_is_named() -> None:
    assert _only("name: x\n\tid: y\n") == ("", 2, "YAML syntax error: a tab cannot indent; use spaces")


def test_duplicate_key_is_an_error() -> None:
    assert _only("name: x\nid: y\nname: z\n") == ("", 3, "key 'name' appears twice (first on line 1)")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "koers.yaml"
    path.write_bytes("id: cafe\nname: Café\n".encode("cp1252"))
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(path)
    assert caught.value.lines(Lang.EN) == [
        f"{path}:2: not UTF-8 text (byte 0xe9 in column 10); save the file as UTF-8"
    ]


def test_utf8_with_bom_is_fine() -> None:
    assert loads_workspace("\ufeffname: Café\n".encode()).name == "Café"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty; start with, for example, 'name: My company'"),
        ("# only a comment\n", "the file is empty; start with, for example, 'name: My company'"),
        (
            "- name: x\n",
            "the top level must be a mapping (key: value), such as 'name: My company', not a list",
        ),
        (
            "Badkamerwinkel\n",
            "the top level must be a mapping (key: value), such as 'name: My company', not text",
        ),
    ],
)
def test_files_without_a_mapping(text: str, expected: str) -> None:
    assert _only(text) == ("", 1, expected)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_workspace(tmp_path / "nowhere.yaml")
    assert isinstance(caught.value, KoersError)
    assert "cannot read" in caught.value.render(Lang.EN)
    assert "kan " in caught.value.render(Lang.NL)


def test_python_tags_are_refused() -> None:
    path, line, message = _only("name: !!python/object/apply:os.system [echo hi]\n")
    assert (path, line) == ("", 1)
    assert "python/object" in message


def test_warnings_do_not_stop_loading() -> None:
    text = _broken("phase: see", "phase: see\n        segment: {kleur: blauw}")
    loaded = loads_workspace_with_warnings(text)
    assert loaded.workspace.goals[0].kpis[0].segment == {"kleur": "blauw"}
    assert [(w.path, w.line) for w in loaded.warnings] == [
        ("goals[0].kpis[0].segment.kleur", _line_of(text, "segment: {kleur"))
    ]
    assert loads_workspace(text) == loaded.workspace


# --- saving --------------------------------------------------------------------------------


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    workspace = loads_workspace(GOOD)
    path = tmp_path / "koers.yaml"
    save_workspace(workspace, path)
    save_workspace(workspace.model_copy(update={"name": "Tweede versie"}), path)
    assert os.listdir(tmp_path) == ["koers.yaml"]
    assert load_workspace(path).name == "Tweede versie"
    assert load_workspace_with_warnings(path).warnings == ()


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "koers.yaml"
    path.write_text("name: oud\n", encoding="utf-8")
    path.chmod(0o640)
    save_workspace(loads_workspace(GOOD), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "koers.yaml"
    path.write_text("name: oud\n", encoding="utf-8")

    def broken_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(workspace_file.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_workspace(loads_workspace(GOOD), path)
    assert path.read_text(encoding="utf-8") == "name: oud\n"
    assert os.listdir(tmp_path) == ["koers.yaml"]


# --- the starter workspace -----------------------------------------------------------------


def test_starter_workspace_is_valid_dutch_and_round_trips() -> None:
    workspace = starter_workspace("Badkamerwinkel Jansen", today=date(2024, 5, 3))
    assert (workspace.id, workspace.language, workspace.currency, workspace.timezone) == (
        "badkamerwinkel-jansen",
        Lang.NL,
        "EUR",
        "Europe/Amsterdam",
    )
    assert workspace.journey == "see_think_do_care"
    [goal] = workspace.goals
    [kpi] = goal.kpis
    assert kpi.period == Period.quarter(2024, 2)
    assert kpi.phase in workspace.journey_model.phase_keys
    assert goal.name == "Meer nieuwe bezoekers op de website"
    assert validate_workspace(workspace) == []
    assert loads_workspace(dump_workspace(workspace)) == workspace


def test_starter_workspace_in_english() -> None:
    workspace = starter_workspace("Acme", Lang.EN, today=date(2024, 12, 31))
    assert workspace.language is Lang.EN
    assert workspace.goals[0].kpis[0].name == "New visitors this quarter"
    assert workspace.goals[0].kpis[0].period == Period.quarter(2024, 4)


# --- the message catalog -------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_file_messages_have_both_languages_with_the_same_placeholders() -> None:
    file_keys = [key for key in MESSAGES if key.startswith("file.")]
    assert len(file_keys) > 40
    for key in file_keys:
        dutch, english = MESSAGES[key]
        assert dutch.strip(), key
        assert english.strip(), key
        assert _fields(dutch) == _fields(english), key


def test_every_translated_pydantic_type_has_a_message() -> None:
    targets = [*workspace_file._SIMPLE.values(), *workspace_file._PATTERNS.values()]
    assert [key for key in targets if key not in MESSAGES] == []


def test_paths_parse_back_to_locations() -> None:
    loc = ("goals", 1, "kpis", 0, "period", "end")
    path = workspace_file._format_path(loc)
    assert path == "goals[1].kpis[0].period.end"
    assert workspace_file._parse_path(path) == loc
    assert re.fullmatch(r"[\w.\[\]]+", path)
