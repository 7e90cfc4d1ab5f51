"""The SMART check and the focus ("number soup") warnings."""

from __future__ import annotations

import ast
import string
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from koers.domain import smart as smart_module
from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.journey import BUILTIN_JOURNEYS, JourneyModel, Phase
from koers.domain.kpi import Acceptance, Aggregation, Comparator, Goal, Kpi, SubperiodRule
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.domain.smart import (
    FocusKind,
    FocusWarning,
    Letter,
    LetterCheck,
    SmartReport,
    Verdict,
    WorkspaceReport,
    check_focus,
    check_smart,
    check_workspace,
    overall_verdict,
    phase_coverage,
)
from koers.domain.workspace import FocusSettings, Workspace
from koers.i18n import Lang, Msg, msg
from koers.i18n.messages import smart as smart_messages

STDC = BUILTIN_JOURNEYS["see_think_do_care"]
Q1_2023 = Period.of(date(2023, 1, 1), date(2023, 4, 1))
ACCEPTED = Acceptance(by="Sanne de Vries", on=date(2022, 12, 15))


def kpi(metric: str = "new_users", target: str | int = 2000, **fields: Any) -> Kpi:
    fields.setdefault("period", Q1_2023)
    return Kpi(
        id=fields.pop("id", "k"),
        name=fields.pop("name", "KPI"),
        metric=metric,
        target=Decimal(target),
        **fields,
    )


def check(k: Kpi, **options: Any) -> SmartReport:
    options.setdefault("catalog", STANDARD_CATALOG)
    options.setdefault("journey", STDC)
    return check_smart(k, **options)


def letter(k: Kpi, which: str, **options: Any) -> LetterCheck:
    return check(k, **options).letter(which)


def texts(check_: LetterCheck) -> tuple[str, str, str | None, str | None]:
    """Reason and fix rendered in Dutch and English."""
    fix = check_.fix
    return (
        check_.reason.render("nl"),
        check_.reason.render("en"),
        fix.render("nl") if fix else None,
        fix.render("en") if fix else None,
    )


def monthly(first: date, values: list[int | str]) -> list[tuple[date, Decimal]]:
    """Consecutive months from ``first``."""
    index = first.year * 12 + first.month - 1
    series = []
    for offset, value in enumerate(values):
        year, month = divmod(index + offset, 12)
        series.append((date(year, month + 1, 1), Decimal(value)))
    return series


# seed 001: 4,000 visitors a month in December 2021, doubling to 8,000 in December 2022
SEED_001_HISTORY = monthly(date(2021, 12, 1), [4000 + 4000 * i // 12 for i in range(13)])


def seed_001_kpi(**fields: Any) -> Kpi:
    return kpi(
        "users",
        fields.pop("target", 20000),
        name="20.000 bezoekers per maand",
        period=Period.year(2023),
        aggregation=Aggregation.LAST_SUBPERIOD,
        subperiod=Grain.MONTH,
        **fields,
    )


# --- the report --------------------------------------------------------------------------------


def test_report_has_the_five_letters_in_order() -> None:
    report = check(kpi())
    assert [c.letter.value for c in report.letters] == ["S", "M", "A", "R", "T"]
    assert report.kpi_id == "k"
    assert Letter.SPECIFIC == "S"
    assert report.letter("T") is report.letters[4]


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([Verdict.PASS, Verdict.PASS], Verdict.PASS),
        ([Verdict.PASS, Verdict.UNKNOWN], Verdict.UNKNOWN),
        ([Verdict.UNKNOWN, Verdict.FAIL, Verdict.PASS], Verdict.FAIL),
        ([], Verdict.PASS),
    ],
)
def test_overall_verdict(verdicts: list[Verdict], expected: Verdict) -> None:
    assert overall_verdict(verdicts) is expected


def test_a_fully_smart_kpi_passes_overall() -> None:
    k = seed_001_kpi(target=15000, accepted=ACCEPTED)
    report = check(k, history=SEED_001_HISTORY, measurable={"users"}, today=date(2023, 2, 1))
    assert [c.verdict for c in report.letters] == [Verdict.PASS] * 5
    assert report.verdict is Verdict.PASS
    assert all(c.fix is None for c in report.letters)


def test_overall_is_unknown_when_only_data_is_missing() -> None:
    report = check(kpi(accepted=ACCEPTED))
    assert report.letter("M").verdict is Verdict.UNKNOWN
    assert report.letter("R").verdict is Verdict.UNKNOWN
    assert report.verdict is Verdict.UNKNOWN


def test_to_dict_renders_every_letter() -> None:
    report = check(seed_001_kpi(), history=SEED_001_HISTORY)
    data = report.to_dict(Lang.EN)
    assert data["kpi"] == "k"
    assert data["verdict"] == "fail"
    realistic = data["letters"][3]
    assert realistic["letter"] == "R"
    assert realistic["name"] == "Realistic"
    assert realistic["verdict"] == "fail"
    assert "+150%" in realistic["reason"]
    assert "16,000" in realistic["fix"]
    assert realistic["facts"]["needed"] == "1.5"
    assert data["letters"][0]["fix"] is None
    assert report.to_dict("nl")["letters"][3]["name"] == "Realistisch"


# --- Specific ---------------------------------------------------------------------------------

SEED_000_KPIS = [
    # "De SEA campagne is 1.500 keer gezien op 1 april 2023."
    kpi(
        "ad_impressions",
        1500,
        aggregation=Aggregation.CUMULATIVE,
        period=Period.inclusive(date(2023, 1, 1), date(2023, 4, 1)),
        segment={"campaign": "sea"},
        phase="see",
    ),
    # "De website heeft 2.000 nieuwe bezoekers in de periode van 1 januari 2023 tot 1 april 2023."
    kpi("new_users", 2000, phase="see"),
    # "De time-on-site is gemiddeld 1 minuut per gebruiker ..."
    kpi("avg_engagement_time_per_user", 60, aggregation=Aggregation.RATIO, phase="see"),
    kpi("returning_users", 1200, phase="think"),
    kpi("downloads", 500, segment={"content": "whitepaper"}, phase="think"),
    kpi("form_submissions", 300, segment={"form": "contact"}, phase="do"),
    kpi("orders", 250, phase="do"),
    kpi("orders", 100, segment={"product": "decoratie"}, phase="care"),
]


@pytest.mark.parametrize("k", SEED_000_KPIS, ids=lambda k: k.metric)
def test_seed_000_kpis_are_specific_and_time_bound(k: Kpi) -> None:
    report = check(k)
    assert report.letter("S").verdict is Verdict.PASS
    assert report.letter("T").verdict is Verdict.PASS
    assert report.letter("S").fix is None


def test_specific_reason_reads_the_kpi_back() -> None:
    nl, en, _, _ = texts(letter(kpi(), "S"))
    assert nl == "Nieuwe gebruikers: minstens 2.000, opgeteld over de periode."
    assert en == "New users: at least 2,000, in total over the period."


def test_specific_reason_shows_units_segment_and_direction() -> None:
    time_on_site = letter(kpi("avg_engagement_time_per_user", 60, aggregation=Aggregation.RATIO), "S")
    assert time_on_site.reason.render("en") == (
        "Average engagement time per user: at least 1 min, computed over the whole period."
    )
    cheap = kpi("cost_per_lead", 25, comparator=Comparator.AT_MOST, segment={"channel": "paid_search"})
    assert letter(cheap, "S").reason.render("nl") == (
        "Kosten per lead voor channel=paid_search: maximaal €\u00a025,00, opgeteld over de periode."
    )
    band = kpi("ctr", "0.02", comparator=Comparator.BETWEEN, target_upper=Decimal("0.05"))
    assert "between 2% and 5%" in letter(band, "S").reason.render("en")
    monthly_mean = kpi(
        "newsletter_signups",
        40,
        period=Period.year(2023),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=Grain.MONTH,
        subperiod_rule=SubperiodRule.MEAN,
    )
    assert "gemiddeld per maand" in letter(monthly_mean, "S").reason.render("nl")
    every_quarter = monthly_mean.model_copy(
        update={"subperiod": Grain.QUARTER, "subperiod_rule": SubperiodRule.EVERY}
    )
    assert "elk kwartaal" in letter(every_quarter, "S").reason.render("nl")


def test_unknown_metric_suggests_the_nearest_one() -> None:
    check_ = letter(kpi("new_user"), "S")
    assert check_.verdict is Verdict.FAIL
    _nl, en, fix_nl, fix_en = texts(check_)
    assert en == "new_user is not in the metric catalog."
    assert fix_en is not None
    assert "did you mean" in fix_en
    assert "new_users" in fix_en
    assert fix_nl is not None
    assert "new_users" in fix_nl


def test_unknown_metric_without_a_near_one_gives_examples() -> None:
    fix = letter(kpi("bezoekers"), "S").fix
    assert fix is not None
    assert fix.render("en").startswith("Choose a metric from the catalog, for example new_users")


def test_percent_written_as_whole_number_fails_with_the_fraction() -> None:
    check_ = letter(kpi("ctr", 40, aggregation=Aggregation.RATIO), "S")
    assert check_.verdict is Verdict.FAIL
    _, en, fix_nl, fix_en = texts(check_)
    assert "between 0 and 1" in en
    assert fix_en == "A percentage is stored as a fraction: write 40% as 0.4."
    assert fix_nl == "Een percentage wordt als fractie opgeslagen: schrijf 40% als 0.4."


@pytest.mark.parametrize(
    ("target", "verdict"), [("0", Verdict.PASS), ("1", Verdict.PASS), ("0.4", Verdict.PASS)]
)
def test_percent_fraction_edges_pass(target: str, verdict: Verdict) -> None:
    assert letter(kpi("ctr", target), "S").verdict is verdict


@pytest.mark.parametrize("target", ["150", "-0.1"])
def test_percent_beyond_a_hundred_or_below_zero_fails(target: str) -> None:
    check_ = letter(kpi("ctr", target), "S")
    assert check_.verdict is Verdict.FAIL
    assert check_.fix == msg("smart.fix.percent_range")


def test_derived_percentage_may_exceed_one() -> None:
    # ROI of 250% is a real target; only rates and shares are bounded by 100%
    assert letter(kpi("roi", "2.5"), "S").verdict is Verdict.PASS


def test_negative_count_fails_and_zero_passes() -> None:
    negative = letter(kpi("leads", -5), "S")
    assert negative.verdict is Verdict.FAIL
    assert negative.reason.render("en") == "Leads cannot be negative, but the target is -5."
    assert letter(kpi("leads", 0), "S").verdict is Verdict.PASS


def test_negative_upper_bound_is_checked_too() -> None:
    band = kpi("ad_cost", -20, comparator=Comparator.BETWEEN, target_upper=Decimal(10))
    assert letter(band, "S").verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("target", "verdict"), [(-20, Verdict.PASS), (100, Verdict.PASS), (150, Verdict.FAIL)]
)
def test_score_range(target: int, verdict: Verdict) -> None:
    assert letter(kpi("nps", target, aggregation=Aggregation.RATIO), "S").verdict is verdict


def test_unit_that_does_not_fit_the_metric_fails() -> None:
    check_ = letter(kpi("new_users", unit=Unit.MONEY), "S")
    assert check_.verdict is Verdict.FAIL
    _nl, en, _, fix_en = texts(check_)
    assert en == "The KPI's unit (amount of money) does not fit New users (count)."
    assert fix_en == "Leave the unit out or set it to count."
    assert letter(kpi("new_users", unit=Unit.COUNT), "S").verdict is Verdict.PASS


def test_phase_outside_the_journey_fails() -> None:
    check_ = letter(kpi(phase="mql"), "S")
    assert check_.verdict is Verdict.FAIL
    _, en, _, fix_en = texts(check_)
    assert en == "Phase mql is not part of the journey model See-Think-Do-Care."
    assert fix_en == "Choose one of the phases: see, think, do, care."
    assert letter(kpi(phase="mql"), "S", journey=BUILTIN_JOURNEYS["lead_funnel"]).verdict is Verdict.PASS


def test_missing_subperiod_fails_even_when_model_checks_were_skipped() -> None:
    # Kpi's own validator refuses this; a KPI built without validation must still not pass
    broken = Kpi.model_construct(
        id="b",
        name="b",
        metric="leads",
        target=Decimal(40),
        target_upper=None,
        unit=None,
        comparator=Comparator.AT_LEAST,
        period=Period.year(2023),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=None,
        subperiod_rule=SubperiodRule.EVERY,
        segment={},
        phase=None,
        accepted=None,
        baseline=None,
    )
    check_ = letter(broken, "S")
    assert check_.verdict is Verdict.FAIL
    assert check_.fix == msg("smart.fix.subperiod")


def test_between_without_upper_fails_when_model_checks_were_skipped() -> None:
    broken = kpi("ctr", "0.02").model_copy(update={"comparator": Comparator.BETWEEN})
    check_ = letter(broken, "S")
    assert check_.verdict is Verdict.FAIL
    assert check_.reason == msg("smart.specific.between_no_upper")


def test_non_finite_target_fails_when_model_checks_were_skipped() -> None:
    broken = kpi().model_copy(update={"target": Decimal("NaN")})
    check_ = letter(broken, "S")
    assert check_.verdict is Verdict.FAIL
    assert check_.reason.render("en") == "The target NaN is not a number."


# --- Measurable -------------------------------------------------------------------------------


def test_measurable_unknown_without_a_source() -> None:
    check_ = letter(kpi(), "M", measurable=None)
    assert check_.verdict is Verdict.UNKNOWN
    _, en, _, fix_en = texts(check_)
    assert en == "No data source is connected yet."
    assert (
        fix_en == "Import an export or connect a source: web analytics (such as Google Analytics or Matomo)."
    )


def test_measurable_passes_when_data_is_present() -> None:
    check_ = letter(kpi(), "M", measurable={"new_users"})
    assert check_.verdict is Verdict.PASS
    assert check_.reason.render("nl") == "Er zijn gegevens voor Nieuwe gebruikers."


def test_measurable_fails_without_data_and_names_the_source() -> None:
    check_ = letter(kpi("leads", 10), "M", measurable={"new_users"})
    assert check_.verdict is Verdict.FAIL
    _, en, _, fix_en = texts(check_)
    assert en == "There is no data yet for Leads."
    assert fix_en is not None
    assert "CRM (such as HubSpot or Salesforce)" in fix_en


def test_ratio_is_measurable_from_its_inputs() -> None:
    cpl = kpi("cost_per_lead", 25, comparator=Comparator.AT_MOST)
    both = letter(cpl, "M", measurable={"ad_cost", "leads"})
    assert both.verdict is Verdict.PASS
    assert (
        both.reason.render("en")
        == "Cost per lead is computed from Ad cost, Leads; data is present for each of them."
    )
    half = letter(cpl, "M", measurable={"ad_cost"})
    assert half.verdict is Verdict.FAIL
    _, en, _, fix_en = texts(half)
    assert en == "There is no data yet for Leads."
    assert fix_en is not None
    assert "CRM" in fix_en
    assert "ad platform" not in fix_en


def test_derived_metric_needs_all_base_inputs() -> None:
    roi = kpi("roi", "2.5")
    check_ = letter(roi, "M", measurable={"revenue"})
    assert check_.verdict is Verdict.FAIL
    assert "Marketing cost" in check_.reason.render("en")
    assert letter(roi, "M", measurable={"revenue", "marketing_cost"}).verdict is Verdict.PASS


def test_unknown_metric_is_not_measurable() -> None:
    check_ = letter(kpi("bezoekers"), "M", measurable={"users"})
    assert check_.verdict is Verdict.FAIL
    assert check_.fix is not None


def test_empty_data_set_fails_rather_than_unknown() -> None:
    assert letter(kpi(), "M", measurable=set()).verdict is Verdict.FAIL


# --- Acceptable -------------------------------------------------------------------------------


def test_acceptable_names_who_and_when() -> None:
    check_ = letter(kpi(accepted=ACCEPTED), "A")
    assert check_.verdict is Verdict.PASS
    nl, en, _, _ = texts(check_)
    assert nl == "Geaccepteerd door Sanne de Vries op 15 december 2022."
    assert en == "Accepted by Sanne de Vries on 15 December 2022."


def test_not_accepted_fails_with_a_fix() -> None:
    check_ = letter(kpi(), "A")
    assert check_.verdict is Verdict.FAIL
    assert check_.fix is not None
    assert "accepted: by, on" in check_.fix.render("en")


# --- Realistic --------------------------------------------------------------------------------


def test_seed_001_needs_150_percent_where_100_was_seen() -> None:
    check_ = letter(seed_001_kpi(), "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.FAIL
    assert check_.facts["needed"] == Decimal("1.5")
    assert check_.facts["seen"] == Decimal(1)
    assert check_.facts["months"] == 12
    nl, en, fix_nl, fix_en = texts(check_)
    assert en == (
        "From 8,000 to 20,000 needs +150% in 12 months, while the 12 months before saw +100% "
        "(from 4,000 to 8,000)."
    )
    assert nl == (
        "Van 8.000 naar 20.000 vraagt +150% in 12 maanden, terwijl het verloop in de 12 maanden "
        "daarvoor +100% was (van 4.000 naar 8.000)."
    )
    assert fix_en is not None
    assert "around 16,000" in fix_en
    assert fix_nl is not None
    assert "zo'n 16.000" in fix_nl


def test_seed_001_with_a_baseline_uses_it_as_the_current_level() -> None:
    check_ = letter(seed_001_kpi(baseline=Decimal(10000)), "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.PASS  # +100% needed from 10,000, +100% seen
    assert check_.facts["current"] == Decimal(10000)
    assert "+100%" in check_.reason.render("en")


def test_growth_within_what_was_seen_passes() -> None:
    check_ = letter(seed_001_kpi(target=16000), "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.PASS  # exactly the +100% seen
    assert check_.fix is None
    assert check_.reason.render("en").startswith("From 8,000 to 16,000 needs +100% in 12 months; ")
    assert letter(seed_001_kpi(target=16001), "R", history=SEED_001_HISTORY).verdict is Verdict.FAIL


def test_target_already_met_passes() -> None:
    check_ = letter(seed_001_kpi(target=7500), "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.PASS
    assert check_.reason.render("en") == "The current level 8,000 already meets the target 7,500."


def test_no_history_is_unknown_never_pass() -> None:
    check_ = letter(seed_001_kpi(), "R", history=None)
    assert check_.verdict is Verdict.UNKNOWN
    _, en, _, fix_en = texts(check_)
    assert en == "There is no history of Users yet to compare the target with."
    assert fix_en == (
        "Import the monthly figures of Users from December 2021 onward (at least 13 months), "
        "from an export or a connected source."
    )
    assert letter(seed_001_kpi(), "R", history=[]).verdict is Verdict.UNKNOWN


def test_no_history_with_baseline_states_the_growth_needed() -> None:
    check_ = letter(seed_001_kpi(baseline=Decimal(8000)), "R")
    assert check_.verdict is Verdict.UNKNOWN
    nl, en, _, _ = texts(check_)
    assert en == (
        "From 8,000 to 20,000 needs +150% in 12 months, but there is no history of Users yet to compare that with."
    )
    assert "+150%" in nl
    assert "12 maanden" in nl


def test_no_history_but_baseline_already_meeting_the_target_passes() -> None:
    assert letter(seed_001_kpi(baseline=Decimal(21000)), "R").verdict is Verdict.PASS


def test_history_too_short_for_the_horizon_is_unknown() -> None:
    # January to December 2022: twelve values, but twelve months of growth needs thirteen
    check_ = letter(seed_001_kpi(), "R", history=SEED_001_HISTORY[1:])
    assert check_.verdict is Verdict.UNKNOWN
    _, en, _, fix_en = texts(check_)
    assert en == (
        "Comparing 12 months of growth needs monthly figures of Users from December 2021 to "
        "December 2022; 1 month missing, starting at December 2021."
    )
    assert fix_en == "Import the missing monthly figures of Users from December 2021 onward."


def test_gap_in_the_needed_months_is_unknown() -> None:
    without_december_2021 = [point for point in SEED_001_HISTORY if point[0] != date(2021, 12, 1)]
    assert letter(seed_001_kpi(), "R", history=without_december_2021).verdict is Verdict.UNKNOWN
    # months between the two windows are not needed
    without_june = [point for point in SEED_001_HISTORY if point[0] != date(2022, 6, 1)]
    assert letter(seed_001_kpi(), "R", history=without_june).verdict is Verdict.FAIL


def test_history_order_does_not_matter() -> None:
    forward = letter(seed_001_kpi(), "R", history=SEED_001_HISTORY)
    backward = letter(seed_001_kpi(), "R", history=list(reversed(SEED_001_HISTORY)))
    assert forward == backward


def test_history_inside_the_period_shortens_the_horizon() -> None:
    # by June 2023 the site is at 14,000; 6 months left to reach 20,000 (+42.9%)
    history = monthly(date(2022, 12, 1), [8000, 9000, 10000, 11000, 12000, 13000, 14000])
    check_ = letter(seed_001_kpi(), "R", history=history)
    assert check_.facts["months"] == 6
    assert check_.facts["current"] == Decimal(14000)
    assert check_.facts["earlier"] == Decimal(8000)
    assert check_.verdict is Verdict.PASS  # +42.9% needed, +75% seen
    assert "+42.9%" in check_.reason.render("en")


def test_history_at_or_after_the_target_month_is_ignored() -> None:
    late = [*SEED_001_HISTORY, *monthly(date(2023, 12, 1), [50000])]
    assert letter(seed_001_kpi(), "R", history=late) == letter(seed_001_kpi(), "R", history=SEED_001_HISTORY)


CPL_HISTORY = monthly(date(2021, 12, 1), [50 - 10 * i // 12 for i in range(13)])
"""Cost per lead fell from €50 to €40 over 2022: −20%."""


def cpl(target: int) -> Kpi:
    return kpi(
        "cost_per_lead",
        target,
        comparator=Comparator.AT_MOST,
        period=Period.year(2023),
        aggregation=Aggregation.LAST_SUBPERIOD,
        subperiod=Grain.MONTH,
    )


def test_at_most_fails_when_the_reduction_needed_exceeds_the_one_seen() -> None:
    check_ = letter(cpl(30), "R", history=CPL_HISTORY)
    assert check_.verdict is Verdict.FAIL
    assert check_.facts["needed"] == Decimal("-0.25")
    assert check_.facts["seen"] == Decimal("-0.2")
    nl, en, _, fix_en = texts(check_)
    assert (
        en
        == "From €40.00 to €30.00 needs −25% in 12 months, while the 12 months before saw −20% (from €50.00 to €40.00)."
    )
    assert nl.startswith("Van €\u00a040,00 naar €\u00a030,00 vraagt −25% in 12 maanden")
    assert fix_en is not None
    assert "around €32.00" in fix_en


def test_at_most_passes_within_the_reduction_seen() -> None:
    check_ = letter(cpl(35), "R", history=CPL_HISTORY)
    assert check_.verdict is Verdict.PASS
    assert "−12.5%" in check_.reason.render("en")


def test_at_most_already_below_the_target_passes() -> None:
    assert letter(cpl(45), "R", history=CPL_HISTORY).verdict is Verdict.PASS


def test_at_most_with_a_rising_trend_fails_and_does_not_suggest_going_higher() -> None:
    rising = monthly(date(2021, 12, 1), [30 + 10 * i // 12 for i in range(13)])
    check_ = letter(cpl(35), "R", history=rising)
    assert check_.verdict is Verdict.FAIL
    assert check_.fix is not None
    assert "€40.00" in check_.fix.render("en")


def test_between_below_the_band_is_judged_as_growth() -> None:
    band = seed_001_kpi().model_copy(
        update={"comparator": Comparator.BETWEEN, "target": Decimal(20000), "target_upper": Decimal(25000)}
    )
    check_ = letter(band, "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.FAIL
    assert check_.facts["target"] == Decimal(20000)
    inside = band.model_copy(update={"target": Decimal(5000), "target_upper": Decimal(9000)})
    assert letter(inside, "R", history=SEED_001_HISTORY).verdict is Verdict.PASS


def test_between_above_the_band_is_judged_as_reduction() -> None:
    band = cpl(30).model_copy(
        update={"comparator": Comparator.BETWEEN, "target": Decimal(20), "target_upper": Decimal(35)}
    )
    check_ = letter(band, "R", history=CPL_HISTORY)
    assert check_.verdict is Verdict.PASS  # 40 -> 35 is -12.5%, -20% seen
    assert check_.facts["target"] == Decimal(35)


def test_total_over_a_quarter_compares_three_month_totals() -> None:
    # Jul-Sep 2022: 900 new users, Oct-Dec 2022: 1,200 (+33.3%); Q1 2023 at least 2,000 (+66.7%)
    history = monthly(date(2022, 7, 1), [300, 300, 300, 400, 400, 400])
    check_ = letter(kpi("new_users", 2000), "R", history=history)
    assert check_.verdict is Verdict.FAIL
    assert check_.facts["window"] == 3
    assert check_.facts["current"] == Decimal(1200)
    assert check_.facts["earlier"] == Decimal(900)
    _, en, _, fix_en = texts(check_)
    assert en == (
        "From 1,200 to 2,000 needs +66.7% in 3 months, while the 3 months before saw +33.3% (from 900 to 1,200)."
    )
    assert fix_en is not None
    assert "around 1,600" in fix_en
    assert letter(kpi("new_users", 1500), "R", history=history).verdict is Verdict.PASS


def test_distinct_counts_over_several_months_are_unknown() -> None:
    history = monthly(date(2022, 7, 1), [300, 300, 300, 400, 400, 400])
    check_ = letter(kpi("returning_users", 1200), "R", history=history)
    assert check_.verdict is Verdict.UNKNOWN
    assert check_.reason.render("en") == (
        "Returning users cannot be added up (distinct counts), so monthly figures do not give its level over 3 months."
    )
    assert check_.fix is not None
    # over a single month the monthly figure is the level itself: judged, not unknown
    one_month = letter(kpi("returning_users", 500, period=Period.month(2023, 1)), "R", history=history)
    assert one_month.verdict is Verdict.FAIL  # +25% needed in a month, 0% seen
    assert one_month.facts["window"] == 1


def test_a_target_over_days_is_scaled_to_a_month() -> None:
    # 140 downloads in two weeks is 304.4 a month; a month ago 200, now 250 (+25%)
    fortnight = kpi("downloads", 140, period=Period.of(date(2023, 1, 2), date(2023, 1, 16)))
    history = monthly(date(2022, 11, 1), [200, 250])
    check_ = letter(fortnight, "R", history=history)
    assert check_.facts["target"] == Decimal(140) * Decimal("30.4375") / 14
    assert check_.verdict is Verdict.PASS  # +21.8% needed, +25% seen
    assert "from 250 per month to 304 per month" in check_.reason.render("en").lower()
    falling = letter(fortnight, "R", history=monthly(date(2022, 11, 1), [200, 150]))
    assert falling.verdict is Verdict.FAIL
    assert falling.fix is not None
    # keep today's 150 a month: 69 in the two weeks, a whole number
    assert "around 69," in falling.fix.render("en")


def test_ratio_kpi_uses_the_latest_monthly_value() -> None:
    ctr = kpi("ctr", "0.05", aggregation=Aggregation.RATIO)
    history = monthly(date(2022, 9, 1), ["0.02", "0.025", "0.03", "0.035"])  # September to December 2022
    check_ = letter(ctr, "R", history=history)
    assert check_.facts["current"] == Decimal("0.035")
    assert check_.facts["window"] == 1
    assert check_.verdict is Verdict.PASS  # 3.5% -> 5% is +42.9% by March; September -> December was +75%
    assert check_.reason.render("en") == (
        "From 3.5% to 5% needs +42.9% in 3 months; the 3 months before saw +75% (from 2% to 3.5%)."
    )
    assert (
        letter(ctr.model_copy(update={"target": Decimal("0.07")}), "R", history=history).verdict
        is Verdict.FAIL
    )


def test_every_subperiod_is_judged_by_the_next_one() -> None:
    signups = kpi(
        "newsletter_signups",
        40,
        period=Period.year(2024),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=Grain.MONTH,
    )
    history = monthly(date(2023, 11, 1), [19, 20])
    check_ = letter(signups, "R", history=history)
    assert check_.verdict is Verdict.FAIL  # January must already bring 40: +100% in one month
    assert check_.facts["months"] == 1
    _, en, _, _ = texts(check_)
    assert "+100% in 1 month, while the month before saw +5.3%" in en


def test_mean_of_subperiods_is_judged_halfway() -> None:
    signups = kpi(
        "newsletter_signups",
        40,
        period=Period.year(2024),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=Grain.MONTH,
        subperiod_rule=SubperiodRule.MEAN,
    )
    history = monthly(date(2022, 5, 1), [10 + i for i in range(20)])  # May 2022 (10) .. Dec 2023 (29)
    check_ = letter(signups, "R", history=history)
    assert check_.facts["months"] == 7  # December 2023 to July 2024
    assert check_.verdict is Verdict.FAIL  # 29 -> 40 is +37.9%; May -> Dec 2023 went 22 -> 29, +31.8%


def test_zero_level_is_compared_in_absolute_numbers() -> None:
    history = monthly(date(2022, 9, 1), [0, 0, 0, 30])
    leads = kpi("leads", 60, period=Period.month(2023, 3))
    check_ = letter(leads, "R", history=history)
    assert check_.verdict is Verdict.PASS  # +30 needed in 3 months, +30 seen
    assert check_.reason.render("en") == (
        "From 30 to 60 needs +30 in 3 months; the 3 months before saw +30 (from 0 to 30)."
    )
    assert (
        letter(leads.model_copy(update={"target": Decimal(61)}), "R", history=history).verdict is Verdict.FAIL
    )


def test_unknown_metric_or_period_makes_realistic_unknown() -> None:
    assert letter(kpi("bezoekers"), "R", history=SEED_001_HISTORY).verdict is Verdict.UNKNOWN
    no_period = kpi(period=None)
    check_ = letter(no_period, "R", history=SEED_001_HISTORY)
    assert check_.verdict is Verdict.UNKNOWN
    assert check_.fix == msg("smart.fix.period")


# --- Time-bound -------------------------------------------------------------------------------


def test_time_bound_shows_the_inclusive_dates() -> None:
    check_ = letter(kpi(), "T", today=date(2023, 2, 1))
    assert check_.verdict is Verdict.PASS
    nl, en, _, _ = texts(check_)
    assert nl == "Loopt van 1 januari 2023 t/m 31 maart 2023."
    assert en == "Runs from 1 January 2023 to 31 March 2023."


def test_time_bound_mentions_a_period_that_is_over() -> None:
    over = letter(kpi(), "T", today=date(2023, 4, 1))
    assert over.verdict is Verdict.PASS
    assert over.reason.render("en") == "Ran from 1 January 2023 to 31 March 2023; that period is over."
    last_day = letter(kpi(), "T", today=date(2023, 3, 31))
    assert last_day.reason.render("en").startswith("Runs from")


def test_no_period_fails() -> None:
    check_ = letter(kpi(period=None), "T")
    assert check_.verdict is Verdict.FAIL
    assert check_.fix is not None
    assert "1 January to 31 March" in check_.fix.render("en")


def test_no_whole_subperiod_fails() -> None:
    short = kpi(
        "leads",
        40,
        period=Period.of(date(2023, 1, 10), date(2023, 2, 5)),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=Grain.MONTH,
    )
    check_ = letter(short, "T")
    assert check_.verdict is Verdict.FAIL
    _nl, en, fix_nl, _ = texts(check_)
    assert en == "The period from 10 January 2023 to 4 February 2023 does not hold a whole month."
    assert fix_nl is not None
    assert "een hele maand" in fix_nl
    quarter = short.model_copy(update={"period": Period.month(2023, 1), "subperiod": Grain.QUARTER})
    assert "een heel kwartaal" in letter(quarter, "T").reason.render("nl")


def test_last_subperiod_cut_short_fails() -> None:
    cut = seed_001_kpi().model_copy(update={"period": Period.of(date(2023, 1, 1), date(2023, 12, 16))})
    check_ = letter(cut, "T")
    assert check_.verdict is Verdict.FAIL
    _, en, _, fix_en = texts(check_)
    assert en.startswith("The period ends on 15 December 2023, partway through a month")
    assert fix_en == "Let the period end on 30 November 2023, the end of the last whole sub-period."


def test_each_subperiod_with_partial_edges_still_passes() -> None:
    ragged = kpi(
        "leads",
        40,
        period=Period.of(date(2023, 1, 15), date(2023, 6, 15)),
        aggregation=Aggregation.EACH_SUBPERIOD,
        subperiod=Grain.MONTH,
    )
    assert letter(ragged, "T").verdict is Verdict.PASS


# --- focus ------------------------------------------------------------------------------------


def goal(goal_id: str, *kpis: Kpi) -> Goal:
    return Goal(id=goal_id, name=goal_id.capitalize(), kpis=kpis)


def covered_workspace(**fields: Any) -> Workspace:
    """A tidy workspace: one goal, one KPI in each See-Think-Do-Care phase."""
    kpis = (
        kpi("new_users", id="see", name="See", phase="see"),
        kpi("downloads", 500, id="think", name="Think", phase="think"),
        kpi("orders", 250, id="do", name="Do", phase="do"),
        kpi("repeat_customers", 100, id="care", name="Care", phase="care"),
    )
    fields.setdefault("goals", (goal("leads", *kpis),))
    return Workspace(id="badkamer", name="Badkamerwinkel", **fields)


def kinds(warnings: list[FocusWarning]) -> list[FocusKind]:
    return [w.kind for w in warnings]


def test_tidy_workspace_has_no_focus_warnings() -> None:
    warnings = check_focus(covered_workspace(tracked_metrics=("new_users",)))
    assert warnings == []


def test_kpi_without_goal() -> None:
    ws = covered_workspace(kpis=(kpi("leads", 10, id="loose", name="Losse leads"),))
    warnings = check_focus(ws)
    assert kinds(warnings) == [FocusKind.KPI_WITHOUT_GOAL]
    assert warnings[0].path == "kpis[0]"
    assert warnings[0].message.render("nl") == "KPI Losse leads hoort bij geen enkel doel."


def test_too_many_kpis_on_one_goal() -> None:
    many = tuple(
        kpi("leads", 10 + i, id=f"k{i}", name=f"K{i}", segment={"channel": f"c{i}"}) for i in range(3)
    )
    ws = covered_workspace(
        goals=(*covered_workspace().goals, goal("growth", *many)),
        focus=FocusSettings(max_kpis_per_goal=4, max_kpis=50),
    )
    assert kinds(check_focus(ws)) == []
    tighter = ws.model_copy(update={"focus": FocusSettings(max_kpis_per_goal=2, max_kpis=50)})
    warnings = check_focus(tighter)
    assert kinds(warnings) == [FocusKind.TOO_MANY_ON_GOAL, FocusKind.TOO_MANY_ON_GOAL]
    assert [w.path for w in warnings] == ["goals[0]", "goals[1]"]
    assert warnings[1].message.render("en") == "Goal Growth has 3 KPIs; more than 2 turns into number soup."


def test_too_many_kpis_overall() -> None:
    ws = covered_workspace(focus=FocusSettings(max_kpis=4))
    assert kinds(check_focus(ws)) == []
    ws = covered_workspace(focus=FocusSettings(max_kpis=3))
    warnings = check_focus(ws)
    assert kinds(warnings) == [FocusKind.TOO_MANY_KPIS]
    assert warnings[0].path == ""
    assert (
        warnings[0].message.render("en") == "The workspace has 4 KPIs; more than 3 is too many to steer on."
    )


def test_tracked_metric_tied_to_no_goal() -> None:
    ws = covered_workspace(tracked_metrics=("new_users", "scrolls", "leads"))
    warnings = check_focus(ws)
    assert kinds(warnings) == [FocusKind.UNTIED_METRIC, FocusKind.UNTIED_METRIC]
    assert [w.path for w in warnings] == ["tracked_metrics[1]", "tracked_metrics[2]"]
    assert warnings[0].message.render("en") == "Scrolls is tracked, but no KPI of any goal uses it."


def test_tracked_metric_used_only_by_a_goalless_kpi_is_still_untied() -> None:
    ws = covered_workspace(tracked_metrics=("leads",), kpis=(kpi("leads", 10, id="loose"),))
    assert kinds(check_focus(ws)) == [FocusKind.KPI_WITHOUT_GOAL, FocusKind.UNTIED_METRIC]


def test_tracked_input_of_a_ratio_kpi_is_tied() -> None:
    base = covered_workspace()
    cpl_kpi = kpi("cost_per_lead", 25, id="cpl", comparator=Comparator.AT_MOST, phase="think")
    ws = base.model_copy(
        update={
            "goals": (goal("leads", *base.goals[0].kpis, cpl_kpi),),
            "tracked_metrics": ("leads", "ad_cost"),
        }
    )
    assert kinds(check_focus(ws)) == []


def test_goal_without_kpis() -> None:
    ws = covered_workspace(goals=(*covered_workspace().goals, goal("brand")))
    warnings = check_focus(ws)
    assert kinds(warnings) == [FocusKind.GOAL_WITHOUT_KPIS]
    assert warnings[0].path == "goals[1]"


def test_duplicate_kpis() -> None:
    twin = kpi("new_users", 2500, id="twin", name="Tweeling", phase="see")
    ws = covered_workspace(kpis=(twin,))
    warnings = [w for w in check_focus(ws) if w.kind is FocusKind.DUPLICATE_KPI]
    assert len(warnings) == 1
    assert warnings[0].path == "kpis[0]"
    assert warnings[0].message.render("en").startswith("KPI Tweeling measures the same as See")
    other_segment = twin.model_copy(update={"segment": {"channel": "organic"}})
    other_period = twin.model_copy(update={"period": Period.quarter(2023, 2)})
    other_aggregation = twin.model_copy(update={"aggregation": Aggregation.CUMULATIVE})
    for different in (other_segment, other_period, other_aggregation):
        assert FocusKind.DUPLICATE_KPI not in kinds(check_focus(covered_workspace(kpis=(different,))))


def test_phase_without_kpi() -> None:
    base = covered_workspace()
    without_care = base.model_copy(update={"goals": (goal("leads", *base.goals[0].kpis[:3]),)})
    warnings = check_focus(without_care)
    assert kinds(warnings) == [FocusKind.PHASE_WITHOUT_KPI]
    assert warnings[0].path == "journey"
    assert warnings[0].message.render("en") == "Phase Care of See-Think-Do-Care has no KPI."
    assert "clv" in warnings[0].fix.render("en")


def test_phase_coverage_lists_kpis_per_phase_and_infers_missing_phases() -> None:
    base = covered_workspace()
    unphased = kpi("ad_impressions", 1500, id="seen", aggregation=Aggregation.CUMULATIVE)
    elsewhere = kpi("leads", 10, id="odd", phase="mql")
    ws = base.model_copy(update={"goals": (goal("leads", *base.goals[0].kpis, unphased, elsewhere),)})
    assert phase_coverage(ws) == {"see": ["see", "seen"], "think": ["think"], "do": ["do"], "care": ["care"]}


def test_phase_coverage_follows_a_custom_journey() -> None:
    custom = JourneyModel(
        key="simple",
        name_nl="Simpel",
        name_en="Simple",
        phases=(
            Phase(key="reach", name_nl="Bereik", name_en="Reach"),
            Phase(key="buy", name_nl="Koop", name_en="Buy"),
        ),
    )
    ws = covered_workspace(journey="simple", journeys=(custom,))
    coverage = phase_coverage(ws)
    assert coverage == {"reach": [], "buy": []}
    warnings = check_focus(ws)
    assert [w.message.render("nl") for w in warnings] == [
        "Fase Bereik van Simpel heeft geen KPI.",
        "Fase Koop van Simpel heeft geen KPI.",
    ]
    assert warnings[0].fix == msg("focus.fix.phase_without_kpi_plain")


def test_unknown_journey_gives_no_coverage() -> None:
    ws = covered_workspace(journey="nonexistent")
    assert phase_coverage(ws) == {}
    assert check_focus(ws) == []


# --- the whole workspace ----------------------------------------------------------------------


def test_check_workspace_reports_every_kpi_by_path() -> None:
    loose = seed_001_kpi(id="visitors")
    ws = covered_workspace(kpis=(loose,))
    asked: list[str] = []

    def history_for(k: Kpi) -> list[tuple[date, Decimal]] | None:
        asked.append(k.id)
        return SEED_001_HISTORY if k.id == "visitors" else None

    report = check_workspace(ws, history_for=history_for, measurable={"users"}, today=date(2023, 1, 5))
    assert isinstance(report, WorkspaceReport)
    assert list(report.smart) == [
        "goals[0].kpis[0]",
        "goals[0].kpis[1]",
        "goals[0].kpis[2]",
        "goals[0].kpis[3]",
        "kpis[0]",
    ]
    assert asked == ["see", "think", "do", "care", "visitors"]
    assert report.for_kpi("visitors").letter("R").verdict is Verdict.FAIL
    assert report.for_kpi("visitors").letter("M").verdict is Verdict.PASS
    assert report.for_kpi("see").letter("M").verdict is Verdict.FAIL
    assert kinds(list(report.focus)) == [FocusKind.KPI_WITHOUT_GOAL]
    assert report.verdict is Verdict.FAIL

    data = report.to_dict("en")
    assert data["workspace"] == "badkamer"
    assert data["kpis"][4]["path"] == "kpis[0]"
    assert data["kpis"][4]["kpi"] == "visitors"
    assert "+150%" in data["kpis"][4]["letters"][3]["reason"]
    assert data["focus"][0] == {
        "path": "kpis[0]",
        "kind": "kpi_without_goal",
        "message": "KPI 20.000 bezoekers per maand belongs to no goal.",
        "fix": "Move the KPI under the goal it measures, or drop it.",
    }


def test_check_workspace_uses_the_workspace_currency_and_catalog() -> None:
    own = STANDARD_CATALOG["leads"].model_copy(update={"key": "quote_requests", "name_en": "Quote requests"})
    quotes = kpi("quote_requests", 300, id="quotes", phase="do")
    spend = kpi("ad_cost", 1000, id="spend", comparator=Comparator.AT_MOST, phase="see")
    ws = Workspace(id="w", name="W", currency="USD", metrics=(own,), goals=(goal("g", quotes, spend),))
    report = check_workspace(ws)
    assert report.for_kpi("quotes").letter("S").verdict is Verdict.PASS
    assert "US$1,000.00" in report.for_kpi("spend").letter("S").reason.render("en")


def test_check_workspace_survives_a_reused_metric_key() -> None:
    reused = STANDARD_CATALOG["leads"]  # validate_workspace reports this; the check must not crash
    ws = covered_workspace(metrics=(reused,))
    report = check_workspace(ws)
    assert len(report.smart) == 4


# --- messages ---------------------------------------------------------------------------------

SMART_KEYS = sorted(smart_messages.MESSAGES)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", SMART_KEYS)
def test_every_message_renders_in_both_languages(key: str) -> None:
    assert key.startswith(("smart.", "focus."))
    nl, en = smart_messages.MESSAGES[key]
    assert nl.strip()
    assert en.strip()
    assert _fields(nl) == _fields(en)
    params = dict.fromkeys(_fields(nl), "X")
    for lang in Lang:
        text = msg(key, **params).render(lang)
        assert "{" not in text
        assert "}" not in text


def _every_msg_in(value: Any) -> list[Msg]:
    found: list[Msg] = []
    if isinstance(value, Msg):
        found.append(value)
        for param in value.params.values():
            found.extend(_every_msg_in(param))
    elif isinstance(value, list | tuple):
        for item in value:
            found.extend(_every_msg_in(item))
    return found


def test_checks_use_most_messages_and_all_render() -> None:
    """Run many scenarios; every message they build renders in both languages."""
    reports = [
        check(k, history=h, measurable=m, today=date(2024, 1, 1))
        for k in [*SEED_000_KPIS, seed_001_kpi(), cpl(30), kpi("bezoekers"), kpi("ctr", 40), kpi(period=None)]
        for h in (None, SEED_001_HISTORY, CPL_HISTORY)
        for m in (None, set(), {"users", "ad_cost"})
    ]
    used: set[str] = set()
    for report in reports:
        for check_ in report.letters:
            for message in _every_msg_in([check_.reason, check_.fix]):
                used.add(message.key)
        for lang in Lang:
            data = report.to_dict(lang)
            for item in data["letters"]:
                for text in (item["reason"], item["fix"] or ""):
                    assert "{" not in text
    assert len(used) > 40


def test_domain_smart_module_is_pure() -> None:
    tree = ast.parse(Path(smart_module.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "difflib",
        "enum",
        "typing",
        "koers",
    }
