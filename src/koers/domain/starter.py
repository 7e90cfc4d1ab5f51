"""The starter workspace that ``koers init`` writes: small, valid, and showing the shape."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from koers.domain.kpi import Aggregation, Comparator, Goal, Kpi, slugify
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang, msg, render


def starter_workspace(name: str, lang: Lang | str = Lang.NL, *, today: date) -> Workspace:
    """A new workspace called ``name``: one example goal with one example KPI.

    Dutch, in euros and Amsterdam time unless ``lang`` says English (then only the texts and
    the workspace language change: currency and time zone stay the product's defaults). The
    example KPI runs over the quarter holding ``today``, which the caller passes so that this
    stays a pure function (the CLI passes today in the workspace's time zone).
    """
    language = Lang(lang)

    def text(key: str) -> str:
        return render(msg(key), language)

    kpi_name = text("file.starter.kpi_name")
    goal_name = text("file.starter.goal_name")
    kpi = Kpi(
        id=slugify(kpi_name),
        name=kpi_name,
        metric="new_users",
        target=Decimal(2000),
        unit=Unit.COUNT,
        comparator=Comparator.AT_LEAST,
        period=Period.containing(today, Grain.QUARTER),
        aggregation=Aggregation.TOTAL,
        phase="see",
        description=text("file.starter.kpi_description"),
    )
    goal = Goal(
        id=slugify(goal_name),
        name=goal_name,
        description=text("file.starter.goal_description"),
        kpis=(kpi,),
    )
    return Workspace(id=slugify(name), name=name, language=language, goals=(goal,))
