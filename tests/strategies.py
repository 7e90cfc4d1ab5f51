"""Hypothesis strategies for the domain model, shared by the property tests.

Everything built here is valid: models pass their own validation, and :func:`workspaces`
also passes :func:`koers.domain.workspace.validate_workspace` without errors (unique ids,
phases of the chosen journey, metrics from the catalog, subperiods that fit their period,
seasonal weights that fit their plan's months, actions and A/B tests on KPIs that exist, variants
with no more conversions than visitors). Warnings may occur (a custom segment
dimension), as they may in a real file.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from koers.domain.catalog import FUNNEL_STAGES, STANDARD_CATALOG
from koers.domain.funnel import FunnelPlan, PlanTarget, RateSource, Scenario, StageRate
from koers.domain.journey import BUILTIN_JOURNEYS, JourneyModel, Phase
from koers.domain.kpi import (
    DIMENSIONS,
    Acceptance,
    Aggregation,
    Comparator,
    Goal,
    Kpi,
    SubperiodRule,
)
from koers.domain.metric import (
    Additivity,
    MetricDef,
    MetricKind,
    RateBasis,
    SourceKind,
    Stage,
    Unit,
)
from koers.domain.period import Grain, Period, add, floor_to
from koers.domain.steering import Action, Experiment, Variant
from koers.domain.workspace import AlertSettings, FocusSettings, Workspace
from koers.i18n import Lang

MIN_DAY = date(1990, 1, 1)
MAX_DAY = date(2100, 12, 31)

# --- scalars -------------------------------------------------------------------------------

DUTCH_TEXTS = (
    "Nieuwe bezoekers",
    "Meer omzet uit de webshop",
    "Kosten per lead onder € 50",
    "Vrouwen van 25–35 jaar",
    "Doorklikratio nieuwsbrief",
    "Klanttevredenheid (NPS) ≥ 40",
    "tot en met 1 april",
    "Zeeuws-Vlaanderen",
    "café’s en hôtels",
    "no",
    "on",
    "yes",
    "null",
    "~",
    "1.500",
    "2023-04-01",
    "39%",
    "- lijst",
    "key: value",
    "# geen commentaar",
    "  spaties rondom  ",
    "regel één\nregel twee",
    "eindigt met regeleinde\n",
)


def texts(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text as users write it: Dutch phrases, YAML look-alikes, and arbitrary unicode."""
    arbitrary = st.text(
        st.characters(exclude_categories=("Cs",)),  # lone surrogates cannot be UTF-8 encoded
        min_size=min_size,
        max_size=max_size,
    )
    return st.one_of(st.sampled_from([t for t in DUTCH_TEXTS if len(t) >= min_size]), arbitrary)


def optional_texts() -> st.SearchStrategy[str | None]:
    return st.none() | texts()


ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True)
"""Ids of goals, KPIs, plans and workspaces (``ID_PATTERN``)."""

keys = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
"""Keys of metrics, journeys and phases (``KEY_PATTERN``)."""


@st.composite
def decimals(draw: st.DrawFn, *, positive: bool = False, max_exponent: int = 4) -> Decimal:
    """Exact decimals with exponents from -6 to ``max_exponent`` (``0.4``, ``1234.56``, ``5E+3``)."""
    low = 1 if positive else -(10**9)
    mantissa = draw(st.integers(min_value=low, max_value=10**9))
    exponent = draw(st.integers(min_value=-6, max_value=max_exponent))
    return Decimal(mantissa).scaleb(exponent)


def days(min_value: date = MIN_DAY, max_value: date = MAX_DAY) -> st.SearchStrategy[date]:
    return st.dates(min_value=min_value, max_value=max_value)


grains = st.sampled_from(list(Grain))


# --- periods -------------------------------------------------------------------------------


@st.composite
def periods(draw: st.DrawFn, max_days: int = 800) -> Period:
    """Custom ranges and whole calendar units (a week, a month, a quarter, a year)."""
    start = draw(days())
    if draw(st.booleans()):
        return Period.containing(start, draw(grains))
    return Period(start=start, end=start + timedelta(days=draw(st.integers(1, max_days))))


@st.composite
def periods_holding(draw: st.DrawFn, grain: Grain) -> Period:
    """A period holding at least one whole ``grain``, with optional partial edges."""
    first = floor_to(draw(days(max_value=date(2090, 1, 1))), grain)
    count = draw(st.integers(1, 3 if grain.order >= Grain.QUARTER.order else 6))
    before = draw(st.integers(0, 20))
    after = draw(st.integers(0, 20))
    return Period(start=first - timedelta(days=before), end=add(first, grain, count) + timedelta(days=after))


# --- KPIs and goals ------------------------------------------------------------------------


def acceptances() -> st.SearchStrategy[Acceptance]:
    return st.builds(Acceptance, by=texts(), on=days(), note=optional_texts())


@st.composite
def kpis(
    draw: st.DrawFn,
    metric_keys: Sequence[str] = tuple(STANDARD_CATALOG),
    phases: Sequence[str] = (),
    kpi_id: str | None = None,
) -> Kpi:
    """A KPI over every comparator and aggregation; its subperiod always fits its period."""
    comparator = draw(st.sampled_from(list(Comparator)))
    target = draw(decimals())
    upper = target + draw(decimals(positive=True)) if comparator is Comparator.BETWEEN else None
    aggregation = draw(st.sampled_from(list(Aggregation)))
    needs = aggregation.needs_subperiod
    subperiod = draw(grains) if needs else draw(st.none() | grains)
    if subperiod is None:
        period = draw(st.none() | periods())
    else:
        period = draw(st.none() | periods_holding(subperiod))
    segment = draw(
        st.dictionaries(st.sampled_from(sorted(DIMENSIONS)) | texts(max_size=12), texts(), max_size=3)
    )
    return Kpi(
        id=kpi_id if kpi_id is not None else draw(ids),
        name=draw(texts()),
        metric=draw(st.sampled_from(list(metric_keys))),
        target=target,
        target_upper=upper,
        unit=draw(st.none() | st.sampled_from(list(Unit))),
        comparator=comparator,
        period=period,
        aggregation=aggregation,
        subperiod=subperiod,
        subperiod_rule=draw(st.sampled_from(list(SubperiodRule))),
        segment=segment,
        phase=draw(st.none() | st.sampled_from(list(phases))) if phases else None,
        owner=draw(optional_texts()),
        source=draw(st.none() | st.sampled_from(["ga4", "matomo", "hubspot", "google_ads"]) | texts()),
        baseline=draw(st.none() | decimals()),
        accepted=draw(st.none() | acceptances()),
        description=draw(optional_texts()),
    )


@st.composite
def goals(
    draw: st.DrawFn,
    metric_keys: Sequence[str] = tuple(STANDARD_CATALOG),
    phases: Sequence[str] = (),
    kpi_ids: Sequence[str] | None = None,
    goal_id: str | None = None,
) -> Goal:
    """A goal with up to three KPIs; ``kpi_ids`` gives them their (unique) ids."""
    if kpi_ids is None:
        kpi_ids = draw(st.lists(ids, max_size=3, unique=True))
    return Goal(
        id=goal_id if goal_id is not None else draw(ids),
        name=draw(texts()),
        description=draw(optional_texts()),
        owner=draw(optional_texts()),
        kpis=tuple(draw(kpis(metric_keys, phases, kpi_id)) for kpi_id in kpi_ids),
    )


# --- funnel plans --------------------------------------------------------------------------

rates: st.SearchStrategy[Fraction] = st.one_of(
    st.integers(1, 100).map(lambda percent: Fraction(percent, 100)),  # 39%
    st.integers(1, 1000).map(lambda permille: Fraction(permille, 1000)),  # 12.5%
    st.tuples(st.integers(1, 50), st.integers(1, 50)).map(lambda nd: Fraction(min(nd), max(nd))),  # 1/3
    st.fractions(min_value=0, max_value=1, max_denominator=10**6).filter(lambda rate: rate > 0),
)
"""Conversion rates in (0, 1] as exact fractions."""


@st.composite
def stage_rates(draw: st.DrawFn, step: tuple[str, str]) -> StageRate:
    # Not st.builds: it reads the aliased signature (``from``, ``to``) and mixes both names.
    return StageRate(
        from_stage=step[0],
        to_stage=step[1],
        rate=draw(rates),
        source=draw(st.sampled_from(list(RateSource))),
        note=draw(optional_texts()),
    )


def plan_targets() -> st.SearchStrategy[PlanTarget]:
    return st.one_of(
        st.builds(PlanTarget, customers=st.integers(1, 10**6)),
        st.builds(
            PlanTarget,
            revenue=decimals(positive=True),
            deal_value=decimals(positive=True),
        ),
    )


@st.composite
def funnel_plans(draw: st.DrawFn, goal_ids: Sequence[str] = (), plan_id: str | None = None) -> FunnelPlan:
    """A plan over the standard lead funnel or custom stages, with scenarios and phasing."""
    if draw(st.booleans()):
        stages = FUNNEL_STAGES
    else:
        stages = tuple(draw(st.lists(keys, min_size=2, max_size=6, unique=True)))
    steps = list(itertools.pairwise(stages))
    scenarios = draw(
        st.lists(
            st.builds(
                Scenario,
                name=texts(),
                rates=st.lists(st.sampled_from(steps).flatmap(stage_rates), min_size=1, max_size=3).map(
                    tuple
                ),
            ),
            max_size=2,
        )
    )
    period = draw(st.none() | periods(max_days=730))
    if draw(st.booleans()):
        weights = None
    else:
        # The workspace check wants one weight per month the period touches.
        months = len(period.subperiods(Grain.MONTH)) if period is not None else draw(st.integers(1, 12))
        weights = draw(
            st.lists(decimals(max_exponent=0).map(abs), min_size=months, max_size=months).filter(any)
        )
    return FunnelPlan(
        id=plan_id if plan_id is not None else draw(ids),
        name=draw(texts()),
        goal=draw(st.none() | st.sampled_from(list(goal_ids))) if goal_ids else None,
        stages=stages,
        rates=tuple(draw(stage_rates(step)) for step in steps),
        target=draw(plan_targets()),
        marketing_share=draw(rates),
        period=period,
        seasonal_weights=tuple(weights) if weights is not None else None,
        cost_per_lead=draw(st.none() | decimals(positive=True)),
        scenarios=tuple(scenarios),
    )


# --- journeys and metrics ------------------------------------------------------------------


@st.composite
def journey_models(draw: st.DrawFn) -> JourneyModel:
    """A custom journey model with one to six phases."""
    phase_keys = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    return JourneyModel(
        key=draw(keys),
        name_nl=draw(texts()),
        name_en=draw(texts()),
        phases=tuple(
            Phase(
                key=key,
                name_nl=draw(texts()),
                name_en=draw(texts()),
                stage=draw(st.none() | st.sampled_from(list(Stage))),
            )
            for key in phase_keys
        ),
    )


@st.composite
def metric_defs(draw: st.DrawFn, key: str, known: Sequence[str]) -> MetricDef:
    """A custom metric ``key``: base, or a ratio or formula over ``known`` metrics (no cycles)."""
    kind = draw(st.sampled_from(list(MetricKind)))
    parts = draw(st.lists(st.sampled_from(list(known)), min_size=3, max_size=3))
    numerator = denominator = expression = None
    if kind is MetricKind.RATIO:
        numerator, denominator = parts[0], parts[1]
    elif kind is MetricKind.DERIVED:
        expression = draw(
            st.sampled_from(
                [
                    f"{parts[0]} - {parts[1]}",
                    f"({parts[0]} + {parts[1]}) / {parts[2]} * 100",
                    f"{parts[0]} / {parts[1]}",
                ]
            )
        )
    additivity = (
        draw(st.sampled_from(list(Additivity))) if kind is MetricKind.BASE else Additivity.NON_ADDITIVE
    )
    return MetricDef(
        key=key,
        name_nl=draw(texts()),
        name_en=draw(texts()),
        definition_nl=draw(st.just("") | texts()),
        definition_en=draw(st.just("") | texts()),
        unit=draw(st.sampled_from(list(Unit))),
        higher_is_better=draw(st.booleans()),
        additivity=additivity,
        kind=kind,
        numerator=numerator,
        denominator=denominator,
        expression=expression,
        basis=draw(st.none() | st.sampled_from(list(RateBasis))),
        source=draw(st.none() | st.sampled_from(list(SourceKind))),
        stage=draw(st.none() | st.sampled_from(list(Stage))),
    )


@st.composite
def custom_metrics(draw: st.DrawFn, max_size: int = 3) -> tuple[MetricDef, ...]:
    """Workspace metrics with fresh keys, each built only from metrics declared before it."""
    new_keys = draw(
        st.lists(keys.filter(lambda key: key not in STANDARD_CATALOG), max_size=max_size, unique=True)
    )
    known = list(STANDARD_CATALOG)
    metrics = []
    for key in new_keys:
        metrics.append(draw(metric_defs(key, known)))
        known.append(key)
    return tuple(metrics)


# --- alerts, the action log and A/B tests --------------------------------------------------

email_addresses = st.from_regex(r"[a-z][a-z0-9.]{0,10}@[a-z][a-z0-9-]{0,10}\.(nl|com|be)", fullmatch=True)
"""Recipients such as ``a@b.nl``."""

webhook_urls = st.builds(
    "http://127.0.0.1:{}/{}".format,
    st.integers(1024, 65535),
    st.from_regex(r"[a-z0-9/_-]{0,30}", fullmatch=True),
)
"""Webhook URLs on loopback: nothing generated here could ever reach a real service."""


def alert_settings() -> st.SearchStrategy[AlertSettings]:
    return st.builds(
        AlertSettings,
        recipients=st.lists(email_addresses, max_size=3, unique=True).map(tuple),
        webhooks=st.lists(webhook_urls, max_size=2, unique=True).map(tuple),
    )


@st.composite
def actions(draw: st.DrawFn, kpi_ids: Sequence[str] = ()) -> Action:
    """A logged action, on one of ``kpi_ids`` or on the workspace as a whole."""
    return Action(
        date=draw(days()),
        description=draw(texts()),
        kpi=draw(st.none() | st.sampled_from(list(kpi_ids))) if kpi_ids else None,
        by=draw(optional_texts()),
        cause=draw(st.none() | st.sampled_from(["content", "traffic", "conversion"]) | texts()),
    )


@st.composite
def variants(draw: st.DrawFn, name: str) -> Variant:
    """An arm of an A/B test: never more conversions than visitors."""
    visitors = draw(st.integers(0, 10**7))
    return Variant(name=name, visitors=visitors, conversions=draw(st.integers(0, visitors)))


@st.composite
def experiments(draw: st.DrawFn, kpi_ids: Sequence[str] = (), experiment_id: str | None = None) -> Experiment:
    """An A/B test with two to four variants, on one of ``kpi_ids`` or on none."""
    names = draw(st.lists(texts(max_size=12), min_size=2, max_size=4, unique=True))
    start = draw(st.none() | days(max_value=date(2099, 1, 1)))
    end = (
        start + timedelta(days=draw(st.integers(1, 120)))
        if start is not None and draw(st.booleans())
        else None
    )
    return Experiment(
        id=experiment_id if experiment_id is not None else draw(ids),
        name=draw(texts()),
        kpi=draw(st.none() | st.sampled_from(list(kpi_ids))) if kpi_ids else None,
        hypothesis=draw(optional_texts()),
        start=start,
        end=end,
        variants=tuple(draw(variants(name)) for name in names),
        minimum_effect=draw(
            st.none() | st.integers(1, 999).map(lambda permille: Decimal(permille).scaleb(-3))
        ),
        confidence=draw(
            st.just(Decimal("0.95")) | st.integers(1, 999).map(lambda permille: Decimal(permille).scaleb(-3))
        ),
    )


# --- workspaces ----------------------------------------------------------------------------


@st.composite
def workspaces(draw: st.DrawFn) -> Workspace:
    """A whole valid workspace: custom journeys and metrics, goals with KPIs, loose KPIs, plans,
    alert settings, the action log and A/B tests."""
    journeys = tuple(draw(st.lists(journey_models(), max_size=2, unique_by=lambda model: model.key)))
    known_journeys = {**BUILTIN_JOURNEYS, **{model.key: model for model in journeys}}
    journey = draw(st.sampled_from(sorted(known_journeys)))
    phases = known_journeys[journey].phase_keys
    metrics = draw(custom_metrics())
    metric_keys = [*STANDARD_CATALOG, *(metric.key for metric in metrics)]

    goal_count = draw(st.integers(0, 3))
    kpi_counts = draw(st.lists(st.integers(0, 3), min_size=goal_count + 1, max_size=goal_count + 1))
    all_kpi_ids = draw(st.lists(ids, min_size=sum(kpi_counts), max_size=sum(kpi_counts), unique=True))
    goal_ids = draw(st.lists(ids, min_size=goal_count, max_size=goal_count, unique=True))
    kpi_id_groups = []
    taken = 0
    for count in kpi_counts:
        kpi_id_groups.append(all_kpi_ids[taken : taken + count])
        taken += count
    workspace_goals = tuple(
        draw(goals(metric_keys, phases, kpi_id_groups[index], goal_id))
        for index, goal_id in enumerate(goal_ids)
    )
    loose = tuple(draw(kpis(metric_keys, phases, kpi_id)) for kpi_id in kpi_id_groups[-1])
    plan_ids = draw(st.lists(ids, max_size=2, unique=True))
    plans = tuple(draw(funnel_plans(goal_ids, plan_id)) for plan_id in plan_ids)
    logged = tuple(draw(st.lists(actions(all_kpi_ids), max_size=3)))
    experiment_ids = draw(st.lists(ids, max_size=2, unique=True))
    tests = tuple(draw(experiments(all_kpi_ids, experiment_id)) for experiment_id in experiment_ids)

    return Workspace(
        id=draw(ids),
        name=draw(texts()),
        language=draw(st.sampled_from(list(Lang))),
        currency=draw(st.sampled_from(["EUR", "USD", "GBP"]) | st.from_regex(r"[A-Z]{3}", fullmatch=True)),
        timezone=draw(st.sampled_from(["Europe/Amsterdam", "Europe/Brussels", "UTC", "America/New_York"])),
        journey=journey,
        journeys=journeys,
        goals=workspace_goals,
        kpis=loose,
        plans=plans,
        metrics=metrics,
        tracked_metrics=tuple(draw(st.lists(st.sampled_from(metric_keys), max_size=4))),
        focus=draw(
            st.builds(FocusSettings, max_kpis_per_goal=st.integers(1, 20), max_kpis=st.integers(1, 50))
            | st.just(FocusSettings())
        ),
        alerts=draw(alert_settings() | st.just(AlertSettings())),
        actions=logged,
        experiments=tests,
    )
