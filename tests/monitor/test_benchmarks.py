"""The benchmark table: every figure documented, and a small warehouse's funnel judged against it."""

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.metric import Unit
from koers.domain.period import Period
from koers.domain.workspace import Workspace
from koers.i18n import Lang
from koers.metrics.engine import MetricEngine
from koers.monitor.benchmarks import BENCHMARKS, BenchmarkComparison, BenchmarkFlag, compare, judge
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "benchmarks.md"
JAN = Period.month(2024, 1)
FIGURES = {figure.id: figure for figure in BENCHMARKS}
# the reference gives no publication date for these: they say "date not stated" rather than guess
UNDATED = {
    "fps_other_lead_mql", "fps_other_mql_sql", "fps_other_sql_opportunity", "fps_other_opportunity_customer",
    "saas_visitor_lead", "saas_lead_mql", "saas_mql_sql", "saas_sql_opportunity", "saas_opportunity_customer",
    "salesforce_mql_sql", "ruler_visitor_lead", "fps_cac_email", "fps_cac_webinar", "fps_cac_seo", "fps_cac_ppc",
    "fps_cac_linkedin", "fps_cac_organic", "fps_cac_paid",
}  # fmt: skip


# --- the table itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("figure", BENCHMARKS, ids=lambda figure: figure.id)
def test_every_figure_has_source_date_sample_and_definition(figure: Any) -> None:
    for text in (figure.label, figure.source, figure.sample, figure.definition):
        assert text.nl.strip()
        assert text.en.strip()
    if figure.id in UNDATED:
        assert figure.published is None
    else:
        assert figure.published is not None
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", figure.published)
    assert Decimal(0) < figure.low <= figure.high
    if figure.unit is Unit.MONEY:
        assert figure.currency == "USD"
    else:
        assert figure.unit is Unit.PERCENT
        assert figure.high < 1
        assert figure.currency is None
    assert figure.metric is None or figure.metric in STANDARD_CATALOG
    if figure.metric is not None:
        assert STANDARD_CATALOG[figure.metric].unit is figure.unit


def test_figure_ids_are_unique() -> None:
    assert len(FIGURES) == len(BENCHMARKS)


def test_every_number_of_the_reference_is_in_the_table() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    # percentages, with ranges (15-30%, 36% to 44%) and amounts ($510, $1,907, $10.48-$15.72)
    percents = {Decimal(n) / 100 for n in re.findall(r"(\d+(?:\.\d+)?)(?=%|-\d+(?:\.\d+)?%| to \d)", text)}
    amounts = {Decimal(n.replace(",", "")) for n in re.findall(r"\$(\d[\d,]*(?:\.\d+)?)", text)}
    table_percents = {bound for f in BENCHMARKS if f.unit is Unit.PERCENT for bound in (f.low, f.high)}
    table_amounts = {bound for f in BENCHMARKS if f.unit is Unit.MONEY for bound in (f.low, f.high)}
    assert len(percents) > 40
    assert percents - table_percents == set()
    assert amounts - table_amounts == set()


def test_shown_as_published() -> None:
    assert FIGURES["fps_lead_mql"].shown(Lang.NL) == "36% – 44%"
    assert FIGURES["fps_visitor_lead_seo"].shown(Lang.NL) == "2,1%"
    assert FIGURES["mailchimp_2023_open"].shown(Lang.EN) == "35.63%"
    assert FIGURES["wordstream_2026_cpl"].shown(Lang.EN) == "US$66.69"


# --- judging a value at the edges ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "flag", "better"),
    [
        ("0.36", BenchmarkFlag.WITHIN, None),
        ("0.355", BenchmarkFlag.WITHIN, None),  # reads 36% at the source's precision
        ("0.3549", BenchmarkFlag.BELOW, False),
        ("0.44", BenchmarkFlag.WITHIN, None),
        ("0.4449", BenchmarkFlag.WITHIN, None),
        ("0.445", BenchmarkFlag.ABOVE, True),
    ],
)
def test_a_range_at_its_edges(value: str, flag: BenchmarkFlag, better: bool | None) -> None:
    judged = judge(FIGURES["fps_lead_mql"], Decimal(value), STANDARD_CATALOG)
    assert (judged.flag, judged.better) == (flag, better)


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("0.021", BenchmarkFlag.WITHIN),
        ("0.0205", BenchmarkFlag.WITHIN),
        ("0.02049", BenchmarkFlag.BELOW),
        ("0.02149", BenchmarkFlag.WITHIN),
        ("0.0215", BenchmarkFlag.ABOVE),
    ],
)
def test_a_point_figure_holds_what_rounds_to_it(value: str, flag: BenchmarkFlag) -> None:
    assert judge(FIGURES["fps_visitor_lead_seo"], Decimal(value), STANDARD_CATALOG).flag is flag


def test_lower_is_better_for_costs() -> None:
    figure = FIGURES["wordstream_2026_cpl"]
    above = judge(figure, Decimal("66.70"), STANDARD_CATALOG)
    below = judge(figure, Decimal("66.68"), STANDARD_CATALOG)
    assert (above.flag, above.better) == (BenchmarkFlag.ABOVE, False)
    assert (below.flag, below.better) == (BenchmarkFlag.BELOW, True)
    assert judge(figure, Decimal("66.694"), STANDARD_CATALOG).flag is BenchmarkFlag.WITHIN
    assert above.judgement.render(Lang.NL) == "boven de benchmark (slechter)"
    assert below.judgement.render(Lang.EN) == "below the benchmark (better)"


# --- a small warehouse with a funnel --------------------------------------------------------------


def _load(warehouse: Warehouse, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    batch = ImportBatch("test", (TablePart(table, rows=to_arrow(table, rows)),))
    warehouse.write(batch, file_name=f"{table}.test", file_sha256=table)


def _at(day: int) -> datetime:
    return datetime(2024, 1, day, 12, tzinfo=UTC)


def _contacts(
    channel: str, leads: int, mqls: int, sqls: int, opportunities: int, customers: int
) -> list[dict[str, Any]]:
    """Contacts that entered each stage in January, each stage a subset of the one before."""
    rows = []
    for n in range(leads):
        rows.append({
            "source_system": "test", "contact_id": f"{channel}-{n}", "channel": channel, "created_at": _at(2),
            "lead_at": _at(2), "mql_at": _at(5) if n < mqls else None, "sql_at": _at(9) if n < sqls else None,
            "opportunity_at": _at(14) if n < opportunities else None,
            "customer_at": _at(20) if n < customers else None,
        })  # fmt: skip
    return rows


def _ads(platform: str, channel: str, impressions: int, clicks: int, cost: str) -> dict[str, Any]:
    return {"date": date(2024, 1, 10), "platform": platform, "channel": channel, "account": "a", "campaign": "c",
            "ad_group": "g", "impressions": impressions, "clicks": clicks, "cost": Decimal(cost), "currency": "EUR"}  # fmt: skip


def _users(grain: str, channel: str, users: int) -> dict[str, Any]:
    return {"start_date": date(2024, 1, 1), "end_date": date(2024, 2, 1), "source_system": "ga4", "property": "p",
            "grain": grain, "channel": channel, "users": users}  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> MetricEngine:
    """January 2024: 200 leads, half from search and half from email, through to 6 customers.

    Lead -> MQL 72/200 = 36%; MQL -> SQL 20/40 (search) and 16/32 (email), 50% overall;
    SQL -> opportunity 18/36 = 50%; opportunity -> customer 6/18 = 33.3%; visitor -> lead
    100/5,000 = 2% for both channels; CTR 6.64% on Google, 2% on Meta, 1.05% on LinkedIn.
    """
    warehouse = Warehouse(None)
    _load(
        warehouse,
        "crm_contacts",
        _contacts("Organic Search", 100, 40, 20, 10, 3) + _contacts("Email", 100, 32, 16, 8, 3),
    )
    _load(warehouse, "web_ranges", [_users("", "", 10_000), _users("channel", "Organic Search", 5_000),
                                    _users("channel", "Email", 5_000)])  # fmt: skip
    _load(warehouse, "ads_daily", [_ads("google_ads", "Paid Search", 10_000, 664, "4000"),
                                   _ads("meta_ads", "Paid Social", 10_000, 200, "300"),
                                   _ads("linkedin_ads", "Paid Social", 10_000, 105, "1200")])  # fmt: skip
    return MetricEngine(warehouse)


def _by_id(comparisons: list[BenchmarkComparison]) -> dict[str, BenchmarkComparison]:
    return {item.figure.id: item for item in comparisons}


def test_the_funnel_against_the_benchmarks(engine: MetricEngine) -> None:
    workspace = Workspace.model_validate({"name": "Test"})
    judged = _by_id(compare(workspace, engine, JAN))
    assert len(judged) == len(BENCHMARKS)
    expected = {
        "fps_lead_mql": (Decimal("0.36"), BenchmarkFlag.WITHIN, None),  # on the low edge
        "fps_other_lead_mql": (Decimal("0.36"), BenchmarkFlag.ABOVE, True),
        "fps_mql_sql_seo": (Decimal("0.5"), BenchmarkFlag.BELOW, False),  # 50% against 51% for SEO
        "fps_mql_sql_email": (Decimal("0.5"), BenchmarkFlag.ABOVE, True),  # 50% against 46% for email
        "fps_other_mql_sql": (Decimal("0.5"), BenchmarkFlag.WITHIN, None),  # on the high edge
        "salesforce_mql_sql": (Decimal("0.5"), BenchmarkFlag.ABOVE, True),
        "fps_sql_opportunity": (Decimal("0.5"), BenchmarkFlag.ABOVE, True),
        "fps_quoted_win_rate": (Decimal(1) / 3, BenchmarkFlag.WITHIN, None),
        "saas_opportunity_customer": (Decimal(1) / 3, BenchmarkFlag.ABOVE, True),
        "fps_visitor_lead_seo": (Decimal("0.02"), BenchmarkFlag.BELOW, False),
        "fps_visitor_lead_email": (Decimal("0.02"), BenchmarkFlag.ABOVE, True),
        "ruler_visitor_lead": (Decimal("0.02"), BenchmarkFlag.BELOW, False),
        "saas_visitor_lead": (Decimal("0.02"), BenchmarkFlag.WITHIN, None),
        "wordstream_2026_ctr": (Decimal("0.0664"), BenchmarkFlag.WITHIN, None),
        "meta_2025_ctr": (Decimal("0.02"), BenchmarkFlag.BELOW, False),
        "linkedin_2025_ctr": (Decimal("0.0105"), BenchmarkFlag.WITHIN, None),  # on the high edge
    }
    for id, (value, flag, better) in expected.items():
        assert (judged[id].value, judged[id].flag, judged[id].better) == (value, flag, better), id


def test_other_currencies_and_unmatched_channels_are_not_compared(engine: MetricEngine) -> None:
    judged = _by_id(compare(Workspace.model_validate({"name": "Test"}), engine, JAN))
    cpc = judged["wordstream_2026_cpc"]
    assert (cpc.flag, cpc.better) == (BenchmarkFlag.NOT_COMPARABLE, None)
    assert cpc.value == Decimal(4000) / 664  # the own value is shown, in its own currency
    assert cpc.reason is not None
    assert cpc.reason.render(Lang.EN).startswith("Amounts in USD, the workspace counts in EUR")
    linkedin = judged["fps_visitor_lead_linkedin"]
    assert (linkedin.flag, linkedin.value) == (BenchmarkFlag.NOT_COMPARABLE, None)
    assert linkedin.reason is not None
    assert linkedin.reason.key == "bench.no_channel"
    open_rate = judged["mailchimp_2023_open"]
    assert open_rate.reason is not None
    assert (open_rate.flag, open_rate.reason.key) == (BenchmarkFlag.NOT_COMPARABLE, "bench.no_metric")


def test_a_workspace_in_dollars_is_compared_on_costs(engine: MetricEngine) -> None:
    judged = _by_id(compare(Workspace.model_validate({"name": "Test", "currency": "USD"}), engine, JAN))
    cpc = judged["wordstream_2026_cpc"]
    assert (cpc.flag, cpc.better) == (BenchmarkFlag.ABOVE, False)  # $6.02 a click against $5.42
    meta = judged["meta_2025_cpc"]
    assert (meta.value, meta.flag, meta.better) == (Decimal("1.5"), BenchmarkFlag.BELOW, True)
    # Meta's cost per lead needs leads by ad platform, which the CRM does not have
    assert judged["meta_2025_cpl"].flag is BenchmarkFlag.NO_DATA
    assert judged["meta_2025_cpl"].reason is not None


def test_a_period_without_data(engine: MetricEngine) -> None:
    judged = _by_id(compare(Workspace.model_validate({"name": "Test"}), engine, Period.month(2023, 6)))
    for id in ("fps_lead_mql", "fps_visitor_lead_seo", "wordstream_2026_ctr"):
        assert (judged[id].flag, judged[id].value) == (BenchmarkFlag.NO_DATA, None), id
        assert judged[id].reason is not None


def test_comparison_as_json(engine: MetricEngine) -> None:
    judged = _by_id(compare(Workspace.model_validate({"name": "Test"}), engine, JAN))
    data = judged["fps_mql_sql_seo"].to_dict(Lang.EN)
    assert data["source"] == "First Page Sage, “B2B SaaS Funnel Conversion Benchmarks”"
    assert data["published"] == "2025-06-11"
    assert data["sample"] == "First Page Sage's clients (50+ companies)"
    assert (data["low"], data["high"], data["value"], data["flag"], data["better"]) == (
        Decimal("0.51"), Decimal("0.51"), 0.5, "below", False,
    )  # fmt: skip
    assert data["where"] == {"channel": "Organic Search"}
