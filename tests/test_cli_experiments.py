"""``koers abtest``, ``koers experiments`` and ``koers benchmarks``: JSON fields, text, bad input."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from koers.cli import app
from koers.monitor.experiments import required_sample_size
from koers.sources.base import to_arrow
from koers.store.warehouse import ImportBatch, TablePart, Warehouse

runner = CliRunner()
SEED = ["abtest", "--visitors", "1000,1000", "--conversions", "100,130"]
WORKSPACE = """\
name: Badkamers
experiments:
- id: teksten
  name: Nieuwe productteksten
  minimum_effect: 0.2
  variants:
  - {name: oud, visitors: 1000, conversions: 100}
  - {name: nieuw, visitors: 1000, conversions: 130}
- id: knop
  name: Groene knop
  variants:
  - {name: blauw, visitors: 0, conversions: 0}
  - {name: groen, visitors: 0, conversions: 0}
"""


@pytest.fixture(autouse=True)
def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KOERS_LANG", raising=False)
    monkeypatch.delenv("KOERS_WORKSPACE", raising=False)


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _text(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- koers abtest --------------------------------------------------------------------------------


def test_abtest_json_has_the_documented_fields() -> None:
    data = _json(*SEED)
    assert data["rates"] == [0.1, 0.13]
    assert data["uplift"] == 0.3
    low, high = data["uplift_interval"]
    assert 0 < low < 0.3 < high
    assert data["p_value"] == pytest.approx(0.0355, abs=1e-4)
    assert data["required_sample_size"] == 2 * (14_751 - 1000)
    assert data["sample_size_per_variant"] == 14_751
    assert data["verdict"] == "winner"
    assert all(isinstance(data[key], int | float) for key in ("uplift", "p_value", "required_sample_size"))


def test_abtest_minimum_effect_and_confidence() -> None:
    data = _json(*SEED, "--mde", "50%")
    assert data["minimum_effect"] == 0.5
    assert data["sample_size_per_variant"] == required_sample_size(0.1, 0.5)
    assert (data["required_sample_size"], data["notes"]) == (0, [])  # 686 a variant: there, so no early call
    assert _json(*SEED, "--mde", "0,5")["minimum_effect"] == 0.5
    strict = _json(*SEED, "--confidence", "99%")
    assert (strict["confidence"], strict["verdict"]) == (0.99, "keep_running")


def test_abtest_minimum_effect_reached() -> None:
    data = _json("abtest", "--visitors", "20000,20000", "--conversions", "2000,2010")
    assert (data["required_sample_size"], data["verdict"]) == (0, "no_difference")


def test_abtest_text_in_dutch_and_english() -> None:
    dutch = _text(*SEED, "--lang", "nl")
    assert "A (controle)" in dutch
    assert "+30%" in dutch
    assert "Oordeel: winnaar." in dutch
    assert "14.751 bezoekers per variant nodig; nog 27.502 te gaan" in dutch
    english = _text(*SEED, "--lang", "en")
    assert "Verdict: winner." in english
    assert "each variant needs 14,751 visitors; 27,502 still to go" in english
    assert "p-value 0.035" in english


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["--visitors", "1000,1000", "--conversions", "100"], "voor elke variant", "for every variant"),
        (["--visitors", "1000,1000", "--conversions", "100,1300"], "meer conversies (1.300) dan bezoekers",
         "more conversions (1,300) than visitors"),
        ([*SEED[1:], "--mde", "0%"], "minimale effect 0%", "minimum effect 0%"),
        ([*SEED[1:], "--mde", "100%"], "minimale effect 100%", "minimum effect 100%"),
        ([*SEED[1:], "--mde", "150%"], "minimale effect 150%", "minimum effect 150%"),
        ([*SEED[1:], "--mde", "tien"], "--mde tien", "--mde tien"),
        ([*SEED[1:], "--confidence", "100%"], "betrouwbaarheid 100%", "confidence 100%"),
        (["--visitors", "1000,duizend", "--conversions", "100,130"], "hele getallen", "whole numbers"),
        (["--visitors", "1000,1000"], "--conversions", "--conversions"),
        (["--visitors", "1000"  , "--conversions", "100"], "minstens twee varianten", "at least two variants"),
        ([*SEED[1:], "--experiment", "teksten"], "niet allebei", "not both"),
    ],
)  # fmt: skip
def test_abtest_bad_input_exits_2_with_a_message(args: list[str], dutch: str, english: str) -> None:
    for lang, expected in (("nl", dutch), ("en", english)):
        result = runner.invoke(app, ["abtest", *args, "--lang", lang])
        assert result.exit_code == 2, result.output
        assert expected in result.stderr


def test_abtest_of_a_stored_experiment(tmp_path: Path) -> None:
    (tmp_path / "koers.yaml").write_text(WORKSPACE, encoding="utf-8")
    data = _json("abtest", "--experiment", "teksten")
    assert (data["id"], data["name"], data["minimum_effect"]) == ("teksten", "Nieuwe productteksten", 0.2)
    assert data["rates"] == [0.1, 0.13]
    assert data["verdict"] == "winner"
    assert data["sample_size_per_variant"] == required_sample_size(0.1, 0.2)
    assert _json("abtest", "--experiment", "teksten", "--mde", "10%")["sample_size_per_variant"] == 14_751
    unknown = runner.invoke(app, ["abtest", "--experiment", "nope", "--lang", "en"])
    assert unknown.exit_code == 2
    assert "no test nope; it has: teksten, knop" in unknown.stderr
    empty = runner.invoke(app, ["abtest", "--experiment", "knop", "--lang", "en"])
    assert empty.exit_code == 2
    assert "variant blauw has no visitors yet" in empty.stderr


# --- koers experiments ---------------------------------------------------------------------------


def test_experiments_lists_each_with_its_verdict(tmp_path: Path) -> None:
    (tmp_path / "koers.yaml").write_text(WORKSPACE, encoding="utf-8")
    listed = _json("experiments")
    assert [(item["id"], item["verdict"]) for item in listed] == [("teksten", "winner"), ("knop", None)]
    assert listed[0]["uplift"] == 0.3
    assert "error" in listed[1]
    text = _text("experiments", "--lang", "nl")
    assert "Nieuwe productteksten" in text
    assert "winnaar" in text
    assert "heeft nog geen bezoekers" in text


def test_experiments_none_yet(tmp_path: Path) -> None:
    (tmp_path / "koers.yaml").write_text("name: Leeg\n", encoding="utf-8")
    assert _json("experiments") == []
    assert "no A/B tests yet" in _text("experiments", "--lang", "en")


# --- koers benchmarks ----------------------------------------------------------------------------


def _write(warehouse: Warehouse, table: str, rows: list[dict[str, Any]]) -> None:
    warehouse.write(ImportBatch("test", (TablePart(table, rows=to_arrow(table, rows)),)), file_name=table,
                    file_sha256=table)  # fmt: skip


@pytest.fixture
def funnel(tmp_path: Path) -> Path:
    """A workspace with 100 leads in March 2024, 40 MQLs, 20 SQLs, 9 opportunities, 3 customers."""
    (tmp_path / "koers.yaml").write_text("name: Funnel\nlanguage: en\n", encoding="utf-8")
    at = datetime(2024, 3, 4, 12, tzinfo=UTC)
    contacts = [
        {"source_system": "t", "contact_id": str(n), "channel": "Organic Search", "lead_at": at,
         "mql_at": at if n < 40 else None, "sql_at": at if n < 20 else None,
         "opportunity_at": at if n < 9 else None, "customer_at": at if n < 3 else None}
        for n in range(100)
    ]  # fmt: skip
    ads = [{"date": date(2024, 3, 5), "platform": "google_ads", "channel": "Paid Search", "account": "a",
            "campaign": "c", "ad_group": "g", "impressions": 1000, "clicks": 70, "cost": Decimal("350"),
            "currency": "EUR"}]  # fmt: skip
    with Warehouse.for_workspace(tmp_path) as warehouse:
        _write(warehouse, "crm_contacts", contacts)
        _write(warehouse, "ads_daily", ads)
    return tmp_path


def test_benchmarks_json(funnel: Path) -> None:
    data = _json("benchmarks", "--from", "2024-03-01", "--to", "2024-03-31")
    assert data["period"] == {"start": "2024-03-01", "end": "2024-04-01"}
    assert data["currency"] == "EUR"
    assert "direction" in data["note"]
    by_id = {item["id"]: item for item in data["comparisons"]}
    lead_mql = by_id["fps_lead_mql"]
    for field in ("source", "published", "sample", "definition", "low", "high", "value", "flag", "figure"):
        assert field in lead_mql
    assert (lead_mql["value"], lead_mql["flag"], lead_mql["low"], lead_mql["high"]) == (
        0.4,
        "within",
        0.36,
        0.44,
    )
    assert (by_id["fps_sql_opportunity"]["value"], by_id["fps_sql_opportunity"]["flag"]) == (0.45, "within")
    assert (by_id["fps_other_sql_opportunity"]["flag"], by_id["fps_other_sql_opportunity"]["better"]) == (
        "below",
        False,
    )
    assert (by_id["wordstream_2026_ctr"]["value"], by_id["wordstream_2026_ctr"]["flag"]) == (0.07, "above")
    cpc = by_id["wordstream_2026_cpc"]
    assert (cpc["flag"], cpc["value"], cpc["currency"]) == ("not_comparable", 5, "USD")
    assert "not converted" in cpc["reason"]


def test_benchmarks_text(funnel: Path) -> None:
    english = _text("benchmarks", "--from", "2024-03-01", "--to", "2024-03-31")
    assert "First Page Sage, “B2B SaaS Funnel Conversion Benchmarks” · 2025-06-11" in english
    assert "within the benchmark" in english
    assert "not comparable: Amounts in USD" in english
    assert "date not stated" in english
    dutch = _text("benchmarks", "--from", "2024-03-01", "--to", "2024-03-31", "--lang", "nl")
    assert "binnen de benchmark" in dutch
    assert "Benchmarks zijn een richting" in dutch


def test_benchmarks_bad_dates(funnel: Path) -> None:
    result = runner.invoke(app, ["benchmarks", "--from", "2024-04-01", "--to", "2024-03-01", "--lang", "en"])
    assert result.exit_code == 2
    assert "is before --from" in result.stderr
    result = runner.invoke(app, ["benchmarks", "--from", "maart", "--lang", "en"])
    assert result.exit_code == 2
    assert "is not a date" in result.stderr
