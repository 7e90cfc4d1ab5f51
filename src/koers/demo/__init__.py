"""The demo workspace: the online bathroom shop of seed 000, with the funnel plan of seed 004.

Its KPIs are the seed's own sentences, read by the sentence parser, one goal per
See-Think-Do-Care phase. The seed set them for the first quarter of 2023; the demo moves them to
the quarter of the day it is built, so that the demo is always a current quarter.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from koers.domain.funnel import FunnelPlan
from koers.domain.kpi import Acceptance, Goal, Kpi, slugify
from koers.domain.period import Grain, Period
from koers.domain.sentence import parse_kpi_sentence
from koers.domain.workspace import Workspace
from koers.i18n import Lang, format_value

DEMO_ID = "badkamerwinkel"

_GOALS: list[tuple[str, str, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "naamsbekendheid",
        "see",
        "Naamsbekendheid opbouwen",
        "Verkeer naar de website en de sociale kanalen leiden: mensen leren de winkel kennen.",
        [
            (
                "sea-vertoningen",
                "SEA-vertoningen",
                "De SEA campagne is 1.500 keer gezien op {end}.",
                "Google Ads",
            ),
            (
                "nieuwe-bezoekers",
                "Nieuwe bezoekers",
                "De website heeft 2.000 nieuwe bezoekers in de periode van {start} tot {end}.",
                "Google Analytics 4",
            ),
            (
                "time-on-site",
                "Time-on-site per gebruiker",
                "De time-on-site is gemiddeld 1 minuut per gebruiker in de periode van {start} tot {end}.",
                "Google Analytics 4",
            ),
        ],
    ),
    (
        "interesse",
        "think",
        "De doelgroep interesseren",
        "De doelgroep aansporen tot interactie met het merk.",
        [
            (
                "terugkerende-bezoekers",
                "Terugkerende bezoekers",
                "De website heeft 1.200 terugkerende bezoekers in de periode van {start} tot {end}.",
                "Google Analytics 4",
            ),
            (
                "whitepaper-downloads",
                "Whitepaper-downloads",
                "Het whitepaper is 500 keer gedownload in de periode van {start} tot {end}.",
                "Google Analytics 4",
            ),
        ],
    ),
    (
        "leads-en-verkopen",
        "do",
        "Nieuwe leads en verkopen binnenhalen",
        "Geïnteresseerden laten overgaan tot een offerteaanvraag, contactaanvraag of aankoop.",
        [
            (
                "contactformulieren",
                "Ingevulde contactformulieren",
                "Het contactformulier is 300 keer ingevuld in de periode van {start} tot {end}.",
                "Google Analytics 4",
            ),
            (
                "badkamers-verkocht",
                "Verkochte badkamers",
                "Er zijn 250 badkamers verkocht in de periode van {start} tot {end}.",
                "HubSpot",
            ),
        ],
    ),
    (
        "loyaliteit",
        "care",
        "Loyale klanten",
        "Een langetermijnrelatie opbouwen met wie al een badkamer kocht.",
        [
            (
                "extra-decoratie",
                "Klanten die extra decoratie kochten",
                "Van de nieuwe klanten hebben 100 extra decoratie gekocht voor hun badkamer "
                "in de periode van {start} tot {end}.",
                "HubSpot",
            ),
        ],
    ),
]
"""Per goal: its id, phase, name and description, and its KPIs as (id, name, seed sentence, source)."""

_NOT_YET_ACCEPTED = {"extra-decoratie"}  # so the demo shows what an unaccepted KPI looks like


def demo_workspace(today: date) -> Workspace:
    """The bathroom shop, with its KPIs in the quarter that holds ``today``."""
    quarter = Period.containing(today, Grain.QUARTER)
    words = {
        "start": format_value(quarter.start, Lang.NL),
        "end": format_value(quarter.end, Lang.NL),
    }
    accepted = Acceptance(by="Sanne de Vries, marketingmanager", on=quarter.start)
    goals = []
    for goal_id, phase, name, description, sentences in _GOALS:
        kpis: list[Kpi] = []
        for kpi_id, kpi_name, sentence, source in sentences:
            proposal = parse_kpi_sentence(sentence.format(**words), ref_date=quarter.start, lang=Lang.NL)
            kpi = proposal.to_kpi(kpi_id, name=kpi_name, phase=phase)
            kpis.append(
                kpi.model_copy(
                    update={
                        "owner": "Sanne de Vries",
                        "source": source,
                        "accepted": None if kpi_id in _NOT_YET_ACCEPTED else accepted,
                    }
                )
            )
        goals.append(Goal(id=goal_id, name=name, description=description, kpis=tuple(kpis)))
    return Workspace(
        id=DEMO_ID,
        name="Online badkamerwinkel",
        language=Lang.NL,
        currency="EUR",
        timezone="Europe/Amsterdam",
        journey="see_think_do_care",
        goals=tuple(goals),
        plans=(demo_plan(today),),
        tracked_metrics=("sessions", "engagement_rate"),
    )


def demo_plan(today: date) -> FunnelPlan:
    """Seed 004: 100 new customers next year, on First Page Sage's B2B rates."""
    source = {"source": "benchmark", "note": "First Page Sage, B2B SaaS funnel (seed 004)"}
    return FunnelPlan.model_validate(
        {
            "id": "nieuwe-klanten",
            "name": f"100 nieuwe klanten in {today.year + 1}",
            "goal": "leads-en-verkopen",
            "rates": [
                {"from": "lead", "to": "mql", "rate": "39%", **source},
                {"from": "mql", "to": "sql", "rate": "38%", **source},
                {"from": "sql", "to": "opportunity", "rate": "42%", **source},
                {"from": "opportunity", "to": "customer", "rate": "1/3", "source": "manual",
                 "note": "Het salesteam scoort gemiddeld 1 op de 3 offertes"},
            ],
            "target": {"customers": 100},
            "period": Period.year(today.year + 1),
            "cost_per_lead": Decimal("45"),
            "scenarios": [
                {"name": "MQL → SQL naar 45%", "rates": [{"from": "mql", "to": "sql", "rate": "45%"}]},
            ],
        }
    )  # fmt: skip


def build_demo(folder: Path, today: date, *, seed: int = 2023, name: str | None = None) -> Workspace:
    """Write the demo workspace to ``folder``: its ``koers.yaml`` and two years of generated data
    in its warehouse (replacing what was there). ``name`` makes it another client of the same kind
    (its id follows the name), with ``seed`` giving it numbers of its own: an agency's second shop."""
    from koers.demo.generate import generate_demo_data
    from koers.store.warehouse import Warehouse
    from koers.store.workspace_file import WORKSPACE_FILE, save_workspace

    workspace = demo_workspace(today)
    if name is not None:
        workspace = workspace.model_copy(update={"name": name, "id": slugify(name)})
    folder.mkdir(parents=True, exist_ok=True)
    save_workspace(workspace, folder / WORKSPACE_FILE)
    (folder / "data" / "warehouse.duckdb").unlink(missing_ok=True)
    with Warehouse.for_workspace(folder, timezone=workspace.timezone) as warehouse:
        generate_demo_data(warehouse, today=today, seed=seed)
    return workspace
