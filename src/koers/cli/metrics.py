"""``koers metrics``: the metric catalog, standard and the workspace's own."""

from __future__ import annotations

from rich.table import Table

from koers.cli._app import (
    JsonOption,
    LangOption,
    WorkspaceOption,
    app,
    console,
    display_lang,
    print_json,
    workspace_file,
)
from koers.domain.catalog import STANDARD_CATALOG
from koers.i18n import msg, render
from koers.store.workspace_file import load_workspace


@app.command("metrics")
def metrics_command(
    workspace: WorkspaceOption = None, lang: LangOption = None, as_json: JsonOption = False
) -> None:
    """List every metric a KPI can use: key, name, unit, direction and whether it may be summed."""
    file = workspace_file(workspace)
    loaded = load_workspace(file) if file.exists() else None
    catalog = loaded.catalog if loaded else STANDARD_CATALOG
    if as_json:
        print_json([metric.model_dump(mode="json", exclude_none=True) for metric in catalog.values()])
        return
    language = display_lang(lang, loaded.language if loaded else None)
    table = Table()
    for key in ("key", "name", "unit", "kind", "additive", "definition"):
        table.add_column(render(msg(f"cli.metrics.{key}"), language))
    for metric in catalog.values():
        parts = f" = {metric.numerator} / {metric.denominator}" if metric.numerator else ""
        table.add_row(
            metric.key,
            metric.name.in_(language),
            metric.unit.value,
            metric.kind.value + parts,
            render(msg("cli.yes" if metric.is_additive else "cli.no"), language),
            metric.definition.in_(language),
        )
    console.print(table)
