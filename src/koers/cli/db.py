"""``koers db``: the application database: migrate it, import and export workspaces, list them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from koers.cli._app import (
    JsonOption,
    LangOption,
    WorkspaceOption,
    app,
    console,
    display_lang,
    print_json,
    reports_input_errors,
    workspace_file,
)
from koers.i18n import Lang, Msg, format_number, msg, render
from koers.store.appdb import (
    current_revision,
    database,
    list_workspaces,
    load_workspace,
    save_workspace,
    upgrade,
)
from koers.store.workspace_file import dump_workspace, load_workspace_with_warnings
from koers.store.workspace_file import save_workspace as write_workspace_file

db_app = typer.Typer(
    name="db",
    help="The application database: migrate it, import and export workspaces, list them.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="The database (default: KOERS_DATABASE_URL, else koers.sqlite in KOERS_HOME).",
        show_default=False,
    ),
]


@db_app.command("upgrade")
@reports_input_errors
def upgrade_command(
    database_url: DatabaseOption = None, lang: LangOption = None, as_json: JsonOption = False
) -> None:
    """Bring the database's tables up to the newest migration (creating them when new)."""
    language = display_lang(lang)
    db = database(database_url, migrate=False)
    try:
        before = current_revision(db.engine)
        upgrade(db.engine)
        after = current_revision(db.engine)
    finally:
        db.dispose()
    if as_json:
        print_json({"database": db.url, "before": before, "after": after})
    elif before == after:
        _say(msg("db.up_to_date", url=db.url, revision=after), language, style="green")
    else:
        empty = msg("db.no_revision")
        _say(msg("db.upgraded", url=db.url, before=before or empty, after=after), language, style="green")


@db_app.command("import")
@reports_input_errors
def import_command(
    file: Annotated[
        Path | None, typer.Argument(help="The workspace file or its folder (default: koers.yaml here).")
    ] = None,
    workspace: WorkspaceOption = None,
    database_url: DatabaseOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Store a koers.yaml in the database, replacing what it held for that workspace."""
    path = workspace_file(file or workspace)
    loaded = load_workspace_with_warnings(path)
    imported = loaded.workspace
    language = display_lang(lang, imported.language)
    db = database(database_url)
    try:
        with db.begin() as session:
            save_workspace(session, imported)
    finally:
        db.dispose()
    kpis = sum(1 for _ in imported.all_kpis())
    if as_json:
        print_json(
            {
                "database": db.url,
                "workspace": imported.id,
                "name": imported.name,
                "goals": len(imported.goals),
                "kpis": kpis,
                "plans": len(imported.plans),
                "warnings": [
                    {"path": w.path, "line": w.line, "message": w.message.render(language)}
                    for w in loaded.warnings
                ],
            }
        )
        return
    for warning in loaded.warnings:
        console.print(warning.render(language, path.name), style="yellow", markup=False)
    _say(
        msg(
            "db.imported",
            workspace=imported.id,
            name=imported.name,
            url=db.url,
            goals=len(imported.goals),
            kpis=kpis,
            plans=len(imported.plans),
        ),
        language,
        style="green",
    )


@db_app.command("export")
@reports_input_errors
def export_command(
    workspace_id: Annotated[
        str, typer.Argument(help="The id of the workspace ('koers db list' shows them).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write to this file, or to koers.yaml in this folder (default: print the YAML).",
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a workspace from the database back to YAML, as koers.yaml reads it."""
    db = database(database_url)
    try:
        with db.begin() as session:
            exported = load_workspace(session, workspace_id)
    finally:
        db.dispose()
    language = display_lang(lang, exported.language)
    if out is None:
        if as_json:
            print_json(exported.model_dump(mode="json", by_alias=True, exclude_defaults=True))
        else:
            sys.stdout.write(dump_workspace(exported))
        return
    target = workspace_file(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_workspace_file(exported, target)
    if as_json:
        print_json({"workspace": exported.id, "path": str(target)})
    else:
        _say(msg("db.exported", workspace=exported.id, path=str(target)), language, style="green")


@db_app.command("list")
@reports_input_errors
def list_command(
    database_url: DatabaseOption = None, lang: LangOption = None, as_json: JsonOption = False
) -> None:
    """List the workspaces in the database, with their goals, KPIs and plans."""
    language = display_lang(lang)
    db = database(database_url)
    try:
        with db.begin() as session:
            summaries = list_workspaces(session)
    finally:
        db.dispose()
    if as_json:
        print_json([summary.to_dict() for summary in summaries])
        return
    if not summaries:
        _say(msg("db.empty", url=db.url), language)
        return
    table = Table()
    table.add_column(render(msg("db.column.id"), language), no_wrap=True)
    for key in ("name", "language"):
        table.add_column(render(msg(f"db.column.{key}"), language))
    for key in ("goals", "kpis", "plans"):
        table.add_column(render(msg(f"db.column.{key}"), language), justify="right")
    table.add_column(render(msg("db.column.updated"), language), no_wrap=True)
    for summary in summaries:
        table.add_row(
            Text(summary.id),
            Text(summary.name),  # a name is shown as written, never read as Rich markup
            summary.language.value,
            format_number(summary.goals, language),
            format_number(summary.kpis, language),
            format_number(summary.plans, language),
            summary.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
        )
    console.print(table)


def _say(message: Msg, lang: Lang, *, style: str | None = None) -> None:
    # Never wrapped: the URLs and paths in these messages must stay whole to be copied.
    console.print(render(message, lang), style=style, markup=False, soft_wrap=True)
