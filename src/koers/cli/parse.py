"""``koers parse``: a KPI sentence becomes a proposed KPI."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from koers.cli._app import (
    JsonOption,
    LangOption,
    WorkspaceOption,
    app,
    console,
    parse_date_option,
    print_json,
    reports_input_errors,
    say,
    today,
    workspace_file,
)
from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.metric import Catalog
from koers.domain.sentence import ProposedKpi, parse_kpi_sentence
from koers.domain.workspace import Workspace
from koers.i18n import format_value, msg, render
from koers.present import describe_aggregation, describe_period, describe_target
from koers.store.workspace_file import load_workspace


@app.command("parse")
@reports_input_errors
def parse_command(
    sentence: Annotated[str, typer.Argument(help="The KPI as a sentence, in Dutch or English.")],
    lang: LangOption = None,
    ref_date: Annotated[
        str | None,
        typer.Option("--ref-date", help="Date that relative dates count from (YYYY-MM-DD; default today)."),
    ] = None,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a KPI sentence and propose the structured KPI (metric, target, period, segment...)."""
    found = _workspace_if_any(workspace)
    catalog = found.catalog if found else STANDARD_CATALOG
    reference = parse_date_option(ref_date, "--ref-date") or today(
        found.timezone if found else "Europe/Amsterdam"
    )
    proposal = parse_kpi_sentence(
        sentence,
        ref_date=reference,
        lang=lang,
        catalog=catalog,
        journey=found.journey_model if found else None,
        currency=found.currency if found else "EUR",
    )
    if as_json:
        print_json(proposal.to_dict())
    else:
        show_proposal(proposal, catalog, found)


def _workspace_if_any(path: WorkspaceOption) -> Workspace | None:
    """The workspace if there is one; parsing works without one too, unless one was named."""
    file = workspace_file(path)
    if file.exists() or path is not None:
        return load_workspace(file)
    return None


def show_proposal(proposal: ProposedKpi, catalog: Catalog, workspace: Workspace | None) -> None:
    """The proposal as a two-column table, then what was assumed and what is missing."""
    lang = proposal.language
    metric = catalog[proposal.metric]
    rows = [
        ("cli.field.metric", f"{metric.name.in_(lang)} ({proposal.metric})"),
        ("cli.field.target", _target_text(proposal)),
        (
            "cli.field.aggregation",
            describe_aggregation(proposal.aggregation, proposal.subperiod, proposal.subperiod_rule, lang),
        ),
    ]
    if proposal.period:
        rows.append(("cli.field.period", describe_period(proposal.period, lang)))
    if proposal.segment:
        rows.append(
            ("cli.field.segment", ", ".join(f"{key} = {value}" for key, value in proposal.segment.items()))
        )
    if proposal.phase or proposal.suggested_phase:
        journey = workspace.journey_model if workspace else None
        key = proposal.phase or proposal.suggested_phase or ""
        name = journey.phase(key).name.in_(lang) if journey and key in journey.phase_keys else key
        rows.append(
            ("cli.field.phase", name if proposal.phase else render(msg("cli.suggested", phase=name), lang))
        )
    if proposal.baseline is not None:
        rows.append(("cli.field.baseline", format_value(proposal.baseline, lang)))

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        table.add_row(render(msg(label), lang), value)
    console.print(table)
    for assumption in proposal.assumptions:
        console.print(f"• {assumption.render(lang)}", style="yellow", markup=False)
    for missing in proposal.missing:
        say(msg(f"cli.missing.{missing}"), lang, style="red")


def _target_text(proposal: ProposedKpi) -> str:
    currency = proposal.currency or "EUR"
    return describe_target(
        proposal.comparator,
        proposal.target,
        proposal.target_upper,
        proposal.unit,
        proposal.language,
        currency,
    )
