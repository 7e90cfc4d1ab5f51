"""The application database: lossless workspaces, all-or-nothing saves, migrations, ``koers db``.

Every test that takes ``db_url`` runs on SQLite and on PostgreSQL. The PostgreSQL runs need a
server: ``export KOERS_TEST_POSTGRES_URL=$(scripts/postgres-for-tests start)``; each test gets
a schema of its own there, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, reject, settings
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from koers.cli import app
from koers.config import get_settings
from koers.demo import demo_workspace
from koers.domain.kpi import Goal, Kpi
from koers.domain.workspace import Workspace
from koers.i18n import Lang
from koers.store import appdb
from koers.store.appdb import (
    Database,
    DatabaseError,
    InvalidWorkspaceError,
    UnknownWorkspaceError,
    UnstorableTextError,
    current_revision,
    database,
    default_database_url,
    delete_workspace,
    downgrade,
    head_revision,
    list_workspaces,
    load_workspace,
    save_workspace,
    upgrade,
)
from koers.store.appdb.models import Base, GoalRow, KpiRow, MembershipRow, PlanRow, UserRow
from koers.store.workspace_file import loads_workspace
from koers.store.workspace_file import save_workspace as write_workspace_file
from strategies import workspaces

POSTGRES_URL = os.environ.get("KOERS_TEST_POSTGRES_URL")
NO_POSTGRES = (
    "KOERS_TEST_POSTGRES_URL is not set: run `export KOERS_TEST_POSTGRES_URL=$(scripts/postgres-for-tests start)` "
    "to test against PostgreSQL too"
)
runner = CliRunner()


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new schema in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'koers.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    opened = database(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    opened = database(f"sqlite:///{tmp_path / 'koers.sqlite'}")
    yield opened
    opened.dispose()


@pytest.fixture(autouse=True)
def _own_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads or writes the real ~/.local/share/koers, or follows KOERS_LANG."""
    for name in ("KOERS_DATABASE_URL", "KOERS_LANG", "KOERS_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KOERS_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _save(db: Database, workspace: Workspace) -> None:
    with db.begin() as session:
        save_workspace(session, workspace)


def _load(db: Database, workspace_id: str) -> Workspace:
    with db.begin() as session:
        return load_workspace(session, workspace_id)


def _count(db: Database, table: type[Base], workspace_id: str) -> int:
    with db.begin() as session:
        column = table.__table__.c.workspace_id
        return session.scalar(select(func.count()).select_from(table).where(column == workspace_id)) or 0


DEMO = demo_workspace(date(2024, 3, 1))


def _kpi(kpi_id: str, target: str, **fields: object) -> Kpi:
    return Kpi.model_validate(
        {"id": kpi_id, "name": kpi_id, "metric": "new_users", "target": target, **fields}
    )


# --- lossless ---------------------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(workspace=workspaces())
def test_a_workspace_comes_back_exactly_as_saved(db: Database, workspace: Workspace) -> None:
    # The fixture's database is shared by the examples: each save replaces that id's state.
    try:
        _save(db, workspace)
    except UnstorableTextError:
        reject()  # PostgreSQL cannot keep NUL characters; see the test about them below
    loaded = _load(db, workspace.id)
    assert loaded == workspace
    # repr shows what == forgives: each Decimal's exponent (5E+3 is not 5000) and dict order
    assert repr(loaded) == repr(workspace)


def test_targets_keep_their_exact_digits(db: Database) -> None:
    kpis = (
        _kpi("third", "0.333333"),
        _kpi("money", "1234.5678", baseline="-0.000001"),
        _kpi("thousands", "5E+3"),
        _kpi("dutch-dot", "1.500", comparator="between", target_upper="12345678901234567890.123456789"),
    )
    workspace = Workspace(id="exact", name="Exact", kpis=kpis)
    _save(db, workspace)
    loaded = _load(db, "exact")
    assert [str(kpi.target) for kpi in loaded.kpis] == ["0.333333", "1234.5678", "5E+3", "1.500"]
    assert str(loaded.kpis[1].baseline) == "-0.000001"
    assert str(loaded.kpis[3].target_upper) == "12345678901234567890.123456789"
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT target FROM kpis WHERE id = 'third'")).scalar_one()
    assert stored == "0.333333"  # text in the database too, not a float a reader must round


def test_goals_kpis_and_segments_keep_their_order(db: Database) -> None:
    goals = tuple(
        Goal(id=goal_id, name=goal_id.upper(), kpis=(_kpi(f"{goal_id}-b", "2"), _kpi(f"{goal_id}-a", "1")))
        for goal_id in ("zeta", "alpha", "mid")
    )
    loose = (_kpi("z-loose", "3", segment={"device": "mobile", "channel": "email", "age": "25-35"}),)
    _save(db, Workspace(id="order", name="Order", goals=goals, kpis=loose))
    loaded = _load(db, "order")
    assert [goal.id for goal in loaded.goals] == ["zeta", "alpha", "mid"]
    assert [kpi.id for kpi in loaded.goals[1].kpis] == ["alpha-b", "alpha-a"]
    assert list(loaded.kpis[0].segment) == ["device", "channel", "age"]


def test_the_demo_workspace_round_trips(db: Database) -> None:
    _save(db, DEMO)
    loaded = _load(db, DEMO.id)
    assert loaded == DEMO
    assert repr(loaded) == repr(DEMO)


def test_nul_characters_are_kept_by_sqlite_and_refused_with_their_place_by_postgresql(db: Database) -> None:
    workspace = Workspace(id="nul", name="Badkamers", goals=(Goal(id="g", name="a\x00b"),))
    if db.engine.dialect.name == "sqlite":
        _save(db, workspace)
        assert _load(db, "nul").goals[0].name == "a\x00b"
        return
    with pytest.raises(UnstorableTextError) as caught:
        _save(db, workspace)
    assert "goals[0].name" in caught.value.render(Lang.EN)
    with db.begin() as session:
        assert list_workspaces(session) == []


# --- replacing, all or nothing ----------------------------------------------------------------


def test_saving_again_replaces_the_workspace_and_leaves_others_alone(db: Database) -> None:
    other = Workspace(id="other", name="Ander", goals=(Goal(id="g", name="G", kpis=(_kpi("k", "1"),)),))
    _save(db, other)
    _save(db, DEMO)
    smaller = DEMO.model_copy(
        update={"goals": DEMO.goals[:1], "kpis": (), "plans": (), "tracked_metrics": ()}
    )
    _save(db, smaller)

    assert _load(db, DEMO.id) == smaller
    assert _count(db, GoalRow, DEMO.id) == 1
    assert _count(db, KpiRow, DEMO.id) == len(DEMO.goals[0].kpis)
    assert _count(db, PlanRow, DEMO.id) == 0
    assert _load(db, "other") == other


def test_a_failed_save_changes_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _save(db, DEMO)

    def broken(*args: object) -> object:
        raise RuntimeError("disk full")

    # fails after the old goals and KPIs were deleted: only the transaction can undo that
    monkeypatch.setattr(appdb.repository, "_kpi_values", broken)
    changed = DEMO.model_copy(update={"name": "Nieuwe naam", "goals": DEMO.goals[:1], "plans": ()})
    with pytest.raises(RuntimeError, match="disk full"):
        _save(db, changed)
    assert _load(db, DEMO.id) == DEMO


def test_saving_twice_in_one_session_and_loading_between_works(db: Database) -> None:
    changed = DEMO.model_copy(update={"name": "Tweede versie", "goals": DEMO.goals[1:], "plans": ()})
    with db.begin() as session:
        save_workspace(session, DEMO)
        assert load_workspace(session, DEMO.id) == DEMO
        save_workspace(session, changed)
        assert load_workspace(session, DEMO.id) == changed


def test_an_inconsistent_workspace_is_refused_and_nothing_is_written(db: Database) -> None:
    twice = Workspace(id="twice", name="Twice", kpis=(_kpi("same", "1"), _kpi("same", "2")))
    with pytest.raises(InvalidWorkspaceError) as caught:
        _save(db, twice)
    text_en = caught.value.render(Lang.EN)
    assert text_en.startswith("Workspace twice was not saved")
    assert "kpis[1].id" in text_en
    assert caught.value.render(Lang.NL).startswith("Werkruimte twice is niet opgeslagen")
    with db.begin() as session:
        assert list_workspaces(session) == []


def test_memberships_survive_a_save_and_go_with_the_workspace(db: Database) -> None:
    _save(db, DEMO)
    now = datetime.now(UTC)
    with db.begin() as session:
        user = UserRow(email="anna@example.nl", is_active=True, created_at=now, language="nl")
        session.add(user)
        session.flush()
        session.add(MembershipRow(user_id=user.id, workspace_id=DEMO.id, role="owner", created_at=now))
    _save(db, DEMO.model_copy(update={"name": "Hernoemd"}))
    assert _count(db, MembershipRow, DEMO.id) == 1

    with db.begin() as session:
        assert delete_workspace(session, DEMO.id) is True
    with db.begin() as session:
        assert delete_workspace(session, DEMO.id) is False
        assert session.scalar(select(func.count()).select_from(UserRow)) == 1
    assert _count(db, MembershipRow, DEMO.id) == 0
    assert _count(db, KpiRow, DEMO.id) == 0
    assert _count(db, GoalRow, DEMO.id) == 0


def test_a_membership_role_must_be_known(db: Database) -> None:
    _save(db, DEMO)
    now = datetime.now(UTC)
    with db.begin() as session:
        user = UserRow(email="bob@example.nl", is_active=True, created_at=now)
        session.add(user)
    with pytest.raises(Exception, match=r"(?i)check"), db.begin() as session:
        session.add(MembershipRow(user_id=user.id, workspace_id=DEMO.id, role="admin", created_at=now))


def test_a_kpi_cannot_point_to_a_goal_that_is_not_there(db: Database) -> None:
    _save(db, Workspace(id="fk", name="FK"))
    with pytest.raises(Exception, match=r"(?i)foreign key"), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kpis (workspace_id, id, goal_id, position, name, metric, target, comparator,"
                " aggregation, subperiod_rule, segment) VALUES ('fk', 'k', 'nope', 0, 'K', 'leads', '1',"
                " 'at_least', 'total', 'every', '{}')"
            )
        )


# --- reading ----------------------------------------------------------------------------------


def test_loading_an_unknown_workspace_says_which_and_how_to_list(db: Database) -> None:
    with pytest.raises(UnknownWorkspaceError) as caught, db.begin() as session:
        load_workspace(session, "bestaat-niet")
    assert isinstance(caught.value, LookupError)
    assert caught.value.render(Lang.NL) == (
        "De database heeft geen werkruimte bestaat-niet; 'koers db list' toont welke er zijn"
    )


def test_list_workspaces_counts_what_each_holds(db: Database) -> None:
    _save(db, DEMO)
    _save(db, Workspace(id="aaa", name="Leeg", language=Lang.EN))
    with db.begin() as session:
        summaries = list_workspaces(session)
    assert [summary.id for summary in summaries] == ["aaa", DEMO.id]
    empty, demo = summaries
    assert (empty.goals, empty.kpis, empty.plans, empty.language) == (0, 0, 0, Lang.EN)
    assert (demo.goals, demo.kpis, demo.plans) == (
        len(DEMO.goals),
        sum(1 for _ in DEMO.all_kpis()),
        len(DEMO.plans),
    )
    assert demo.updated_at.tzinfo is not None
    assert demo.to_dict()["name"] == DEMO.name


def test_a_reader_sees_one_snapshot_while_a_writer_commits(db: Database) -> None:
    _save(db, DEMO)
    renamed = DEMO.model_copy(update={"name": "Tijdens het lezen"})
    with db.begin() as reader:
        assert load_workspace(reader, DEMO.id).name == DEMO.name
        _save(db, renamed)  # SQLite in WAL mode lets it write while the reader reads
        if db.engine.dialect.name == "sqlite":  # PostgreSQL's default isolation reads each commit
            assert load_workspace(reader, DEMO.id).name == DEMO.name
    assert _load(db, DEMO.id).name == "Tijdens het lezen"


# --- opening and migrating --------------------------------------------------------------------


def test_sqlite_enforces_foreign_keys_and_uses_wal(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"


def test_the_migrations_build_exactly_the_models_and_undo_cleanly(db_url: str) -> None:
    db = database(db_url, migrate=False)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        downgrade(db.engine, "base")
        assert current_revision(db.engine) is None
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db.engine)
        assert set(inspect(db.engine).get_table_names()) >= set(Base.metadata.tables)
    finally:
        db.dispose()


def test_a_database_from_a_newer_koers_is_refused_with_a_reason(db_url: str) -> None:
    db = database(db_url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(DatabaseError) as caught:
        database(db_url)
    assert "newer version of Koers" in caught.value.render(Lang.EN)
    assert "9999" in caught.value.render(Lang.EN)
    result = runner.invoke(app, ["db", "upgrade", "--database-url", db_url])
    assert result.exit_code == 2
    assert "nieuwere versie van Koers" in result.stderr


def test_database_migrates_a_new_sqlite_file_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "map" / "koers.sqlite"
    db = database(f"sqlite:///{path}")
    try:
        assert path.exists()
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()
    again = database(f"sqlite:///{path}")  # opening it again migrates nothing and loses nothing
    again.dispose()
    assert current_revision(again.engine) == head_revision()


def test_the_default_database_is_koers_sqlite_in_koers_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert default_database_url() == f"sqlite:///{tmp_path / 'home' / 'koers.sqlite'}"
    db = database()
    db.dispose()
    assert (tmp_path / "home" / "koers.sqlite").exists()
    monkeypatch.setenv("KOERS_DATABASE_URL", "postgresql+psycopg://koers@db.example/koers")
    get_settings.cache_clear()
    assert default_database_url() == "postgresql+psycopg://koers@db.example/koers"


def test_an_unreachable_postgresql_is_named_without_its_password() -> None:
    # Plain postgresql:// means psycopg 3 (SQLAlchemy would pick psycopg2, which is not installed).
    with pytest.raises(DatabaseError) as caught:
        database("postgresql://koers:geheim@127.0.0.1:1/koers?connect_timeout=5")
    shown = caught.value.render(Lang.EN)
    assert shown.startswith("Cannot open the database postgresql+psycopg://koers:***@127.0.0.1:1/koers")
    assert "geheim" not in shown


def test_a_missing_postgresql_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(DatabaseError) as caught:
        database("postgresql://koers@127.0.0.1:1/koers")
    assert "pip install 'koers[postgres]'" in caught.value.render(Lang.NL)


@pytest.mark.parametrize("url", ["geen url", "mysql+nodriver://x@y/z"])
def test_an_unusable_url_is_an_input_error(url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        database(url)
    assert url in caught.value.render(Lang.EN)


# --- koers db ---------------------------------------------------------------------------------


def _invoke(*args: str) -> str:
    result = runner.invoke(app, ["db", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_koers_db_import_list_and_export_round_trip(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "koers.yaml"
    write_workspace_file(DEMO, source)

    imported = _invoke("import", str(source), "--database-url", db_url)
    assert f"Werkruimte {DEMO.id} ({DEMO.name}) staat in" in imported

    listed = json.loads(_invoke("list", "--database-url", db_url, "--json"))
    assert [(row["id"], row["kpis"]) for row in listed] == [(DEMO.id, sum(1 for _ in DEMO.all_kpis()))]
    assert DEMO.id in _invoke("list", "--database-url", db_url, "--lang", "en")

    printed = _invoke("export", DEMO.id, "--database-url", db_url)
    assert loads_workspace(printed) == DEMO
    assert "&id" not in printed  # no YAML anchors: what was loaded shares no objects

    out = tmp_path / "terug" / "koers.yaml"
    written = _invoke("export", DEMO.id, "--out", str(out), "--database-url", db_url, "--lang", "en")
    assert f"Workspace {DEMO.id} written to {out}" in written
    assert loads_workspace(out.read_text(encoding="utf-8")) == DEMO


def test_koers_db_import_replaces_and_reports_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    source = tmp_path / "koers.yaml"
    write_workspace_file(DEMO, source)
    _invoke("import", str(source), "--database-url", url)
    write_workspace_file(DEMO.model_copy(update={"goals": DEMO.goals[:1], "kpis": (), "plans": ()}), source)
    report = json.loads(_invoke("import", str(tmp_path), "--database-url", url, "--json"))
    assert (report["workspace"], report["goals"], report["kpis"]) == (
        DEMO.id,
        1,
        len(DEMO.goals[0].kpis),
    )
    listed = json.loads(_invoke("list", "--database-url", url, "--json"))
    assert listed[0]["goals"] == 1


def test_koers_db_upgrade_says_what_it_did(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    first = json.loads(_invoke("upgrade", "--database-url", url, "--json"))
    assert (first["before"], first["after"]) == (None, head_revision())
    again = _invoke("upgrade", "--database-url", url, "--lang", "en")
    assert f"is up to date: migration {head_revision()}" in again


def test_koers_db_uses_koers_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOERS_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    get_settings.cache_clear()
    assert "env.sqlite" in _invoke("list", "--lang", "en")
    assert (tmp_path / "env.sqlite").exists()


def test_koers_db_export_of_an_unknown_workspace_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["db", "export", "onbekend", "--database-url", f"sqlite:///{tmp_path / 'a.sqlite'}"]
    )
    assert result.exit_code == 2
    assert "geen werkruimte onbekend" in result.stderr


def test_koers_db_import_of_a_broken_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    broken = tmp_path / "koers.yaml"
    broken.write_text(
        "id: x\nname: X\ngoals:\n  - name: G\n    kpis:\n      - name: K\n        metric: leads\n"
    )
    result = runner.invoke(app, ["db", "import", str(broken), "--database-url", url])
    assert result.exit_code == 2
    assert "koers.yaml:" in result.stderr
    assert json.loads(_invoke("list", "--database-url", url, "--json")) == []


def test_koers_db_list_of_an_empty_database_says_how_to_add_one(tmp_path: Path) -> None:
    out = _invoke("list", "--database-url", f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert "koers db import koers.yaml" in out
