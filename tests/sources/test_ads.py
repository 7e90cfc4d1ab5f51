"""Google Ads, Meta Ads and LinkedIn Ads cost reports, as their web interfaces export them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.sources import ImportContext, ImportProblem, SourceFile, detect, import_file
from koers.sources.ads import GoogleAds, LinkedInAds, MetaAds
from koers.store.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ads"
USD = ImportContext(currency="USD")
EUR = ImportContext()

FIELDS = (
    "date", "platform", "account", "campaign", "ad_group", "impressions", "clicks", "cost", "conversions",
    "conversion_value", "reach", "leads", "currency",
)  # fmt: skip


@pytest.fixture
def warehouse() -> Iterator[Warehouse]:
    with Warehouse(None) as memory:
        yield memory


def rows(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    """The current ``ads_daily`` rows as tuples of :data:`FIELDS`, in key order."""
    return warehouse.connection.execute(
        f"SELECT {', '.join(FIELDS)} FROM current_ads_daily ORDER BY platform, account, date, campaign, ad_group"
    ).fetchall()


def state(warehouse: Warehouse) -> tuple[int, int, int]:
    """What a failed import must leave as it was: current rows, all rows, imports."""
    current = warehouse.count("ads_daily")
    stored = warehouse.connection.execute("SELECT count(*) FROM ads_daily").fetchone()
    return current, int(stored[0]) if stored else 0, len(warehouse.imports())


def ad(
    day: date,
    platform: str,
    campaign: str,
    impressions: int,
    clicks: int | None,
    cost: str,
    *,
    account: str = "",
    ad_group: str = "",
    conversions: float | None = None,
    value: str | None = None,
    reach: int | None = None,
    leads: int | None = None,
    currency: str = "EUR",
) -> tuple[Any, ...]:
    return (
        day, platform, account, campaign, ad_group, impressions, clicks, Decimal(cost), conversions,
        Decimal(value) if value is not None else None, reach, leads, currency,
    )  # fmt: skip


# --- Google Ads ----------------------------------------------------------------------------------

GOOGLE_EN = [
    ad(
        date(2026, 9, 1),
        "google_ads",
        "Brand search",
        1204,
        41,
        "172.45",
        conversions=2.0,
        value="240",
        currency="USD",
    ),
    ad(
        date(2026, 9, 1),
        "google_ads",
        "Prospecting",
        12530,
        38,
        "41.80",
        conversions=0.0,
        value="0",
        currency="USD",
    ),
    ad(
        date(2026, 9, 2),
        "google_ads",
        "Brand search",
        1090,
        45,
        "179.55",
        conversions=3.0,
        value="360",
        currency="USD",
    ),
    ad(
        date(2026, 9, 2),
        "google_ads",
        "Prospecting",
        11872,
        29,
        "34.80",
        conversions=1.0,
        value="95.50",
        currency="USD",
    ),
    ad(
        date(2026, 9, 3),
        "google_ads",
        "Brand search",
        500,
        46,
        "39.75",
        conversions=1.0,
        value="120",
        currency="USD",
    ),
    ad(date(2026, 9, 3), "google_ads", "Prospecting", 0, 0, "0", conversions=0.0, value="0", currency="USD"),
]


def test_google_ads_english_export_reads_past_title_date_range_and_total_rows(warehouse: Warehouse) -> None:
    record = import_file(FIXTURES / "google_ads_en.csv", warehouse, USD)

    assert rows(warehouse) == GOOGLE_EN
    assert record.format == "google_ads"
    assert (record.rows_added, record.rows_replaced, record.rows_rejected) == (6, 0, 1)
    assert (record.first_date, record.last_date) == (date(2026, 9, 1), date(2026, 9, 3))


def test_google_ads_dutch_export_with_ad_groups_currency_column_and_decimal_commas(
    warehouse: Warehouse,
) -> None:
    import_file(FIXTURES / "google_ads_nl.csv", warehouse)

    assert rows(warehouse) == [
        ad(
            date(2026, 3, 1),
            "google_ads",
            "Merk zoeken",
            1204,
            41,
            "172.45",
            ad_group="Merknaam",
            conversions=2.0,
            value="240",
        ),
        ad(
            date(2026, 3, 1),
            "google_ads",
            "Merk zoeken",
            310,
            12,
            "35.10",
            ad_group="Merknaam exact",
            conversions=0.5,
            value="60",
        ),
        ad(
            date(2026, 3, 2),
            "google_ads",
            "Merk zoeken",
            1090,
            45,
            "179.55",
            ad_group="Merknaam",
            conversions=3.0,
            value="360",
        ),
    ]


def test_google_ads_reimport_counts_nothing_twice(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "google_ads_en.csv", warehouse, USD)
    again = import_file(FIXTURES / "google_ads_en.csv", warehouse, USD)

    assert rows(warehouse) == GOOGLE_EN
    assert (again.rows_added, again.rows_replaced) == (0, 6)


def test_google_ads_overlapping_export_replaces_its_stated_range_only(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "google_ads_en.csv", warehouse, USD)
    overlap = import_file(FIXTURES / "google_ads_overlap.csv", warehouse, USD)

    # September 3 is in the new report's range: both campaigns' rows of that day go, also
    # Prospecting, which the new report has no row for
    assert rows(warehouse) == [
        *GOOGLE_EN[:4],
        ad(date(2026, 9, 3), "google_ads", "Brand search", 512, 47, "40.10", conversions=1.0, currency="USD"),
        ad(
            date(2026, 9, 4),
            "google_ads",
            "Brand search",
            1310,
            52,
            "188.00",
            conversions=4.0,
            currency="USD",
        ),
    ]
    assert overlap.rows_replaced == 2


def test_google_ads_account_comes_from_the_import_options(warehouse: Warehouse) -> None:
    import_file(
        FIXTURES / "google_ads_overlap.csv",
        warehouse,
        ImportContext(currency="USD", options={"account": "Shop"}),
    )

    assert {row[2] for row in rows(warehouse)} == {"Shop"}


def test_a_usd_google_ads_export_is_refused_in_a_eur_workspace(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "google_ads_nl.csv", warehouse)
    before = state(warehouse)

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "google_ads_en.csv", warehouse)

    assert (caught.value.file, caught.value.row, caught.value.column) == ("google_ads_en.csv", 4, "Cost")
    assert caught.value.message.key == "import.wrong_currency"
    assert "USD" in caught.value.render("nl")
    assert "EUR" in caught.value.render("nl")
    assert state(warehouse) == before


@pytest.mark.parametrize(
    ("name", "row", "column", "key"),
    [
        ("google_ads_truncated.csv", 6, None, "import.too_few_cells"),
        ("google_ads_no_total.csv", 5, None, "ads.no_total_row"),
        ("google_ads_bad_number.csv", 5, "Clicks", "import.not_a_number"),
        ("google_ads_wrong_columns.csv", 3, None, "import.missing_columns"),
        ("google_ads_duplicate.csv", 6, None, "import.duplicate_row"),
    ],
)
def test_a_broken_google_ads_export_names_its_place_and_changes_nothing(
    warehouse: Warehouse, name: str, row: int, column: str | None, key: str
) -> None:
    import_file(FIXTURES / "google_ads_en.csv", warehouse, USD)
    before = state(warehouse)

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / name, warehouse, USD)

    assert (caught.value.file, caught.value.row, caught.value.column, caught.value.message.key) == (
        name, row, column, key,
    )  # fmt: skip
    assert state(warehouse) == before
    assert rows(warehouse) == GOOGLE_EN


# --- Meta Ads ------------------------------------------------------------------------------------


def test_meta_ads_rows_add_up_to_ad_sets_and_reach_is_never_summed(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "meta_ads_en.csv", warehouse)

    assert rows(warehouse) == [
        # two ads of one ad set: additive columns summed, reach unknown
        ad(
            date(2026, 9, 1), "meta_ads", "Leads NL", 8500, 83, "76.10", ad_group="Ondernemers 25-45", leads=8
        ),
        ad(
            date(2026, 9, 1),
            "meta_ads",
            "Webshop",
            2200,
            35,
            "19.75",
            ad_group="Retargeting",
            conversions=3.0,
            reach=900,
        ),
        # results of a reach objective are no leads or conversions
        ad(date(2026, 9, 2), "meta_ads", "Bereik", 10000, 12, "10.00", ad_group="Breed", reach=8000),
        ad(
            date(2026, 9, 2),
            "meta_ads",
            "Leads NL",
            5000,
            58,
            "45.10",
            ad_group="Ondernemers 25-45",
            reach=3900,
            leads=5,
        ),
        ad(date(2026, 9, 2), "meta_ads", "Webshop", 2100, None, "18.40", ad_group="Retargeting", reach=870),
    ]


def test_meta_ads_dutch_export_with_account_and_decimal_commas(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "meta_ads_nl.csv", warehouse)

    assert rows(warehouse) == [
        ad(
            date(2026, 9, 1),
            "meta_ads",
            "Leads NL",
            8500,
            83,
            "76.10",
            account="Koers Demo",
            ad_group="Ondernemers 25-45",
            reach=6210,
            leads=8,
        ),
        ad(
            date(2026, 9, 2),
            "meta_ads",
            "Leads NL",
            5000,
            58,
            "45.10",
            account="Koers Demo",
            ad_group="Ondernemers 25-45",
            reach=3900,
            leads=5,
        ),
    ]


def test_meta_ads_reimport_is_idempotent(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "meta_ads_en.csv", warehouse)
    first = rows(warehouse)
    again = import_file(FIXTURES / "meta_ads_en.csv", warehouse)

    assert rows(warehouse) == first
    assert (again.rows_added, again.rows_replaced) == (0, 5)


def test_meta_ads_summary_row_is_skipped(warehouse: Warehouse, tmp_path: Path) -> None:
    export = tmp_path / "meta.csv"
    export.write_text(
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Impressions,Amount spent (EUR)\n"
        "2026-09-01,2026-09-01,,,9000,80.00\n"
        "2026-09-01,2026-09-01,Leads NL,Ondernemers,9000,80.00\n",
        encoding="utf-8-sig",
    )

    record = import_file(export, warehouse)

    assert rows(warehouse) == [
        ad(date(2026, 9, 1), "meta_ads", "Leads NL", 9000, None, "80.00", ad_group="Ondernemers")
    ]
    assert record.rows_rejected == 1


def test_meta_ads_day_breakdown_column_gives_the_day(warehouse: Warehouse, tmp_path: Path) -> None:
    export = tmp_path / "meta.csv"
    export.write_text(
        "Day,Reporting starts,Reporting ends,Campaign name,Impressions,Amount spent (EUR)\n"
        "2026-09-01,2026-09-01,2026-09-30,Leads NL,9000,80.00\n"
        "2026-09-02,2026-09-01,2026-09-30,Leads NL,8000,70.00\n"
    )

    import_file(export, warehouse)

    assert [(row[0], row[5]) for row in rows(warehouse)] == [
        (date(2026, 9, 1), 9000),
        (date(2026, 9, 2), 8000),
    ]


@pytest.mark.parametrize(
    ("name", "row", "column", "key"),
    [
        ("meta_ads_multiday.csv", 2, "Reporting ends", "ads.row_spans_days"),
        ("meta_ads_usd.csv", 2, "Amount spent (USD)", "import.wrong_currency"),
        ("meta_ads_duplicate.csv", 4, None, "import.duplicate_row"),
        ("meta_ads_cp1252.csv", 3, None, "import.not_utf8"),
    ],
)
def test_a_broken_meta_ads_export_names_its_place_and_changes_nothing(
    warehouse: Warehouse, name: str, row: int, column: str | None, key: str
) -> None:
    import_file(FIXTURES / "meta_ads_nl.csv", warehouse)
    before = state(warehouse)

    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / name, warehouse)

    assert (caught.value.row, caught.value.column, caught.value.message.key) == (row, column, key)
    assert state(warehouse) == before


def test_meta_ads_with_its_encoding_given_reads_the_accents(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "meta_ads_cp1252.csv", warehouse, ImportContext(encoding="cp1252"))

    assert [row[3] for row in rows(warehouse)] == ["Café Utrecht", "Leads NL"]


def test_a_row_over_several_days_says_how_to_export_by_day() -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "meta_ads_multiday.csv", Warehouse(None))

    assert "30 September 2026" in caught.value.render("en")
    assert "Op tijd > Dag" in caught.value.render("nl")


# --- LinkedIn Ads ----------------------------------------------------------------------------------

LINKEDIN = [
    ad(
        date(2026, 9, 1),
        "linkedin_ads",
        "Webinar HR",
        3012,
        19,
        "86.15",
        account="Koers Demo BV",
        conversions=0.0,
        leads=2,
    ),
    ad(
        date(2026, 9, 1),
        "linkedin_ads",
        "Whitepaper CFO",
        4210,
        23,
        "112.40",
        account="Koers Demo BV",
        conversions=1.0,
        leads=3,
    ),
    ad(
        date(2026, 9, 2),
        "linkedin_ads",
        "Whitepaper CFO",
        40120,
        212,
        "1104.90",
        account="Koers Demo BV",
        conversions=4.0,
        leads=21,
    ),
    ad(
        date(2026, 9, 3),
        "linkedin_ads",
        "Webinar HR",
        0,
        0,
        "0",
        account="Koers Demo BV",
        conversions=0.0,
        leads=0,
    ),
]


def test_linkedin_export_reads_past_its_preamble_with_us_dates(warehouse: Warehouse) -> None:
    record = import_file(FIXTURES / "linkedin_ads.csv", warehouse)

    assert rows(warehouse) == LINKEDIN
    assert record.format == "linkedin_ads"


def test_linkedin_reimport_is_idempotent(warehouse: Warehouse) -> None:
    import_file(FIXTURES / "linkedin_ads.csv", warehouse)
    again = import_file(FIXTURES / "linkedin_ads.csv", warehouse)

    assert rows(warehouse) == LINKEDIN
    assert again.rows_added == 0


def test_linkedin_report_range_replaces_days_without_rows(warehouse: Warehouse, tmp_path: Path) -> None:
    import_file(FIXTURES / "linkedin_ads.csv", warehouse)
    later = tmp_path / "later.csv"
    later.write_text(
        "Campaign Performance Report (in UTC)\n"
        "Report Start: 9/2/2026, 12:00 AM\n"
        "Report End: 9/3/2026, 11:59 PM\n"
        "\n"
        "Start Date (in UTC),Account Name,Campaign Name,Currency,Total Spent,Impressions,Clicks,Leads\n"
        "9/2/2026,Koers Demo BV,Whitepaper CFO,EUR,1000.00,40000,200,20\n"
    )

    import_file(later, warehouse)

    assert [(row[0], row[3], row[5]) for row in rows(warehouse)] == [
        (date(2026, 9, 1), "Webinar HR", 3012),
        (date(2026, 9, 1), "Whitepaper CFO", 4210),
        (date(2026, 9, 2), "Whitepaper CFO", 40000),
    ]


@pytest.mark.parametrize(("first", "second"), [("9/1/2026", "9/13/2026"), ("1/9/2026", "13/9/2026")])
def test_linkedin_date_order_follows_a_date_that_reads_one_way_only(
    warehouse: Warehouse, tmp_path: Path, first: str, second: str
) -> None:
    export = tmp_path / "linkedin.csv"
    export.write_text(
        "Start Date (in UTC),Campaign Name,Currency,Total Spent,Impressions,Clicks\n"
        f"{first},Webinar HR,EUR,10.00,100,1\n{second},Webinar HR,EUR,12.00,120,2\n"
    )

    import_file(export, warehouse)

    assert [row[0] for row in rows(warehouse)] == [date(2026, 9, 1), date(2026, 9, 13)]


def test_a_linkedin_export_in_another_currency_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(ImportProblem) as caught:
        import_file(FIXTURES / "linkedin_ads_gbp.csv", warehouse)

    assert (caught.value.row, caught.value.column, caught.value.message.key) == (
        8,
        "Currency",
        "import.wrong_currency",
    )
    assert warehouse.count("ads_daily") == 0


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda path: path.name)
def test_detection_picks_the_platform_of_every_fixture(path: Path) -> None:
    expected = next(fmt for fmt in ("google_ads", "meta_ads", "linkedin_ads") if path.name.startswith(fmt))

    assert detect(SourceFile(path)).format == expected


@pytest.mark.parametrize(
    "path", [*sorted(FIXTURES.glob("*_en.csv")), FIXTURES / "linkedin_ads.csv"], ids=lambda path: path.name
)
def test_each_platform_scores_the_others_exports_zero(path: Path) -> None:
    source = SourceFile(path)
    scores = {importer.format: importer.sniff(source) for importer in (GoogleAds(), MetaAds(), LinkedInAds())}

    assert sorted(scores.values()) == [0, 0, 90]


@pytest.mark.parametrize(
    "path",
    [*sorted((FIXTURES.parent / "matomo").iterdir()), *sorted((FIXTURES.parent / "mapped").iterdir())],
    ids=lambda path: path.name,
)
def test_ad_platforms_score_other_files_zero(path: Path) -> None:
    source = SourceFile(path)

    assert [importer.sniff(source) for importer in (GoogleAds(), MetaAds(), LinkedInAds())] == [0, 0, 0]
