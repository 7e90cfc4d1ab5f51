"""``koers abtest``, ``koers experiments`` and ``koers benchmarks``: test en meet, and compare."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.table import Table

from koers.cli._app import (
    JsonOption,
    LangOption,
    UsageProblem,
    WorkspaceOption,
    app,
    console,
    display_lang,
    parse_date_option,
    print_json,
    reports_input_errors,
    say,
    today,
    workspace_file,
)
from koers.cli.data import open_workspace
from koers.domain.period import Period
from koers.domain.steering import Experiment
from koers.i18n import Lang, Percent, format_value, msg, render
from koers.metrics.engine import MetricEngine
from koers.monitor.benchmarks import BenchmarkComparison, compare
from koers.monitor.experiments import (
    DEFAULT_CONFIDENCE,
    DEFAULT_MINIMUM_EFFECT,
    ExperimentError,
    ExperimentResult,
    analyse,
    analyse_experiment,
)
from koers.store.workspace_file import load_workspace

# --- koers abtest --------------------------------------------------------------------------------


@app.command("abtest")
@reports_input_errors
def abtest_command(
    visitors: Annotated[
        str | None,
        typer.Option(help="Visitors per variant, the control first, comma-separated: 1000,1000."),
    ] = None,
    conversions: Annotated[
        str | None, typer.Option(help="Conversions per variant, in the same order: 100,130.")
    ] = None,
    mde: Annotated[
        str | None,
        typer.Option(help="The smallest relative uplift worth finding, such as 10% (default 10%)."),
    ] = None,
    confidence: Annotated[
        str | None, typer.Option(help="The confidence level, such as 95% (default 95%).")
    ] = None,
    experiment: Annotated[
        str | None, typer.Option(help="Analyse this A/B test of the workspace, by its id.")
    ] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Analyse an A/B test: rates, uplift with its interval, p-value, sample still needed, verdict.

    Give the figures with --visitors and --conversions, or name a test of the workspace with
    --experiment.
    """
    effect = _fraction(mde, "--mde")
    level = _fraction(confidence, "--confidence")
    if experiment is not None:
        if visitors is not None or conversions is not None:
            raise UsageProblem(msg("abtest.cli.not_both"))
        loaded = load_workspace(workspace_file(workspace))
        language = display_lang(lang, loaded.language)
        found = _experiment(loaded.experiments, experiment)
        result = analyse_experiment(found, minimum_effect=effect, confidence=level)
    else:
        if visitors is None or conversions is None:
            raise UsageProblem(msg("abtest.cli.needs_figures"))
        language = display_lang(lang)
        result = analyse(
            _counts(visitors, "--visitors"),
            _counts(conversions, "--conversions"),
            minimum_effect=effect if effect is not None else DEFAULT_MINIMUM_EFFECT,
            confidence=level if level is not None else DEFAULT_CONFIDENCE,
        )
    if as_json:
        data = result.to_dict(language)
        if experiment is not None:
            data = {"id": found.id, "name": found.name, "kpi": found.kpi, **data}
        print_json(data)
    else:
        show_result(result, language)


def show_result(result: ExperimentResult, lang: Lang) -> None:
    """The variants in a table, then the uplift, the sample size and the verdict in words."""
    table = Table(title=render(msg("abtest.cli.title"), lang))
    for key in ("variant", "visitors", "conversions", "rate", "uplift", "interval", "p_value", "verdict"):
        table.add_column(
            render(msg(f"abtest.cli.{key}"), lang), justify="left" if key == "variant" else "right"
        )
    control = result.control
    table.add_row(
        render(msg("abtest.cli.control", name=control.name), lang),
        format_value(control.visitors, lang),
        format_value(control.conversions, lang),
        format_value(Percent(control.rate, 2), lang),
        "", "", "", "",
    )  # fmt: skip
    for comparison in result.comparisons:
        variant = comparison.variant
        table.add_row(
            variant.name,
            format_value(variant.visitors, lang),
            format_value(variant.conversions, lang),
            format_value(Percent(variant.rate, 2), lang),
            _signed(comparison.uplift, lang),
            f"{_signed(comparison.interval[0], lang)} – {_signed(comparison.interval[1], lang)}",
            _p_value(comparison.p_value, lang),
            render(comparison.verdict.label, lang),
        )
    console.print(table)
    lead = result.lead
    level = Percent(1 - lead.alpha, 1)
    say(
        msg("abtest.cli.uplift_line", variant=lead.variant.name, control=control.name,
            uplift=_signed(lead.uplift, lang), confidence=level, low=_signed(lead.interval[0], lang),
            high=_signed(lead.interval[1], lang), p_value=_p_value(lead.p_value, lang)),
        lang,
    )  # fmt: skip
    effect = Percent(result.minimum_effect, 1)
    if result.sample_size_per_variant is None:
        say(msg("abtest.cli.sample_unknown", effect=effect), lang)
    elif result.required_sample_size:
        say(
            msg("abtest.cli.sample_line", effect=effect, size=result.sample_size_per_variant,
                needed=result.required_sample_size),
            lang,
        )  # fmt: skip
    else:
        say(msg("abtest.cli.sample_reached", effect=effect, size=result.sample_size_per_variant), lang)
    style = {"winner": "green", "loser": "red"}.get(result.verdict.value, "yellow")
    say(
        msg("abtest.cli.verdict_line", verdict=result.verdict.label, rule=result.verdict.rule),
        lang,
        style=f"bold {style}",
    )
    for note in result.notes:
        console.print(f"• {render(note, lang)}", style="yellow", markup=False)


# --- koers experiments ---------------------------------------------------------------------------


@app.command("experiments")
@reports_input_errors
def experiments_command(
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the workspace's A/B tests with their verdicts."""
    loaded = load_workspace(workspace_file(workspace))
    language = display_lang(lang, loaded.language)
    rows: list[tuple[Experiment, ExperimentResult | ExperimentError]] = []
    for item in loaded.experiments:
        try:
            rows.append((item, analyse_experiment(item)))
        except ExperimentError as error:
            rows.append((item, error))
    if as_json:
        print_json([_experiment_dict(item, outcome, language) for item, outcome in rows])
        return
    if not rows:
        say(msg("abtest.cli.none"), language)
        return
    table = Table()
    for key in ("id", "name", "kpi", "rate", "uplift", "p_value", "verdict", "needed"):
        table.add_column(render(msg(f"abtest.cli.{key}"), language))
    for item, outcome in rows:
        if isinstance(outcome, ExperimentError):
            table.add_row(item.id, item.name, item.kpi or "", "", "", "", outcome.render(language), "")
            continue
        lead = outcome.lead
        rates = " / ".join(
            f"{variant.name} {format_value(Percent(variant.rate, 1), language)}"
            for variant in outcome.variants
        )
        needed = outcome.required_sample_size
        table.add_row(
            item.id, item.name, item.kpi or "", rates, _signed(lead.uplift, language),
            _p_value(lead.p_value, language), render(outcome.verdict.label, language),
            "—" if needed is None else format_value(needed, language),
        )  # fmt: skip
    console.print(table)


def _experiment_dict(
    item: Experiment, outcome: ExperimentResult | ExperimentError, lang: Lang
) -> dict[str, Any]:
    head: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "kpi": item.kpi,
        "start": item.start,
        "end": item.end,
    }
    if isinstance(outcome, ExperimentError):
        return {**head, "verdict": None, "error": outcome.render(lang)}
    return {**head, **outcome.to_dict(lang)}


# --- koers benchmarks ----------------------------------------------------------------------------


@app.command("benchmarks")
@reports_input_errors
def benchmarks_command(
    start: Annotated[
        str | None, typer.Option("--from", help="First day of your values (default: a year before --to).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, included (default: today).")] = None,
    workspace: WorkspaceOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Published benchmarks (source, date, sample, definition) with your own rates next to them."""
    loaded, warehouse = open_workspace(workspace)
    language = display_lang(lang, loaded.language)
    last = parse_date_option(end, "--to") or today(loaded.timezone)
    first = parse_date_option(start, "--from") or last.replace(year=last.year - 1) + timedelta(days=1)
    if last < first:
        raise UsageProblem(msg("cli.plan.end_before_start", start=first, end=last))
    period = Period.inclusive(first, last)
    with warehouse:
        comparisons = compare(loaded, MetricEngine(warehouse, loaded.catalog), period)
    if as_json:
        print_json(
            {
                "period": {"start": period.start, "end": period.end},
                "currency": loaded.currency,
                "note": render(msg("bench.directional"), language),
                "comparisons": [_comparison_dict(item, language, loaded.currency) for item in comparisons],
            }
        )
        return
    say(msg("bench.cli.title", start=period.start, last_day=period.last_day), language, style="bold")
    # one table per publication, under its source, date and sample: they repeat for every figure
    for (source, published, sample), group in itertools.groupby(
        comparisons, key=lambda item: (item.figure.source, item.figure.published, item.figure.sample)
    ):
        items = list(group)
        date_text = published or render(msg("bench.undated"), language)
        title = f"{source.in_(language)} · {date_text} · {sample.in_(language)}"
        caveat = items[0].figure.caveat
        table = Table(title=title, title_justify="left", caption=caveat.in_(language) if caveat else None)
        for key in ("figure", "definition", "range", "yours", "flag"):
            table.add_column(
                render(msg(f"bench.cli.{key}"), language),
                justify="right" if key in ("range", "yours") else "left",
            )
        for item in items:
            table.add_row(*_comparison_row(item, language, loaded.currency))
        console.print(table)
    console.print(render(msg("bench.directional"), language), style="yellow", markup=False)


def _comparison_dict(item: BenchmarkComparison, lang: Lang, currency: str) -> dict[str, Any]:
    return {
        **item.to_dict(lang),
        "figure": item.figure.shown(lang),
        "your_value": item.shown_value(lang, currency),
    }


def _comparison_row(item: BenchmarkComparison, lang: Lang, currency: str) -> list[str]:
    figure = item.figure
    what = figure.label.in_(lang) + (f" ({figure.segment.in_(lang)})" if figure.segment else "")
    if figure.region:
        what += f", {figure.region}"
    flag = render(item.judgement, lang)
    if item.reason is not None:
        flag = f"{flag}: {render(item.reason, lang)}"
    return [what, figure.definition.in_(lang), figure.shown(lang), item.shown_value(lang, currency), flag]


# --- parsing and formatting ----------------------------------------------------------------------


def _experiment(experiments: tuple[Experiment, ...], wanted: str) -> Experiment:
    for item in experiments:
        if item.id == wanted:
            return item
    known = ", ".join(item.id for item in experiments) or "—"
    raise UsageProblem(msg("abtest.cli.unknown_experiment", id=wanted, known=known))


def _counts(text: str, option: str) -> list[int]:
    """``1000,1000`` as whole numbers (spaces and ``_`` allowed as in ``1 000`` or ``1_000``)."""
    counts = []
    for part in text.split(","):
        cleaned = part.strip().replace(" ", "").replace("_", "")
        if not cleaned.isdigit():
            raise UsageProblem(msg("abtest.cli.bad_list", option=option, value=text))
        counts.append(int(cleaned))
    return counts


def _fraction(text: str | None, option: str) -> float | None:
    """``10%``, ``12,5%`` or ``0.1`` as a fraction; a number without % is read as a fraction."""
    if text is None:
        return None
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    try:
        if cleaned.endswith("%"):
            return float(Decimal(cleaned[:-1]) / 100)
        return float(Decimal(cleaned))
    except InvalidOperation:
        raise UsageProblem(msg("abtest.cli.bad_percent", option=option, value=text)) from None


def _signed(value: float | None, lang: Lang) -> str:
    """A relative change as ``+30,0%`` or ``−12,5%``; ``—`` when unknown."""
    if value is None:
        return "—"
    text = format_value(Percent(abs(value), 1), lang)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _p_value(value: float, lang: Lang) -> str:
    if value < 0.001:
        return "< " + format_value(Decimal("0.001"), lang)
    return format_value(Decimal(f"{value:.3f}"), lang)
