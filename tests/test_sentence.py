"""The KPI sentence parser: every KPI sentence of the seeds, and sentences of our own."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.domain.catalog import STANDARD_CATALOG
from koers.domain.journey import AIDA_LOYALTY, SEE_THINK_DO_CARE
from koers.domain.kpi import Aggregation, Comparator, SubperiodRule
from koers.domain.metric import Unit
from koers.domain.period import Grain, Period
from koers.domain.sentence import SentenceError, detect_language, parse_kpi_sentence
from koers.i18n import Lang

REF = date(2023, 1, 1)  # the seeds were written for the year 2023
Q1_2023 = Period.of(date(2023, 1, 1), date(2023, 4, 1))
YEAR_2023 = Period.year(2023)

# seed 000: the bathroom shop, one bullet per line, with what each must become
SEED_000 = [
    (
        "De SEA campagne is 1.500 keer gezien op 1 april 2023.",
        {"metric": "ad_impressions", "target": 1500, "aggregation": Aggregation.CUMULATIVE,
         "period": Q1_2023, "segment": {"channel": "Paid Search"}},
    ),
    (
        "De website heeft 2.000 nieuwe bezoekers in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "new_users", "target": 2000, "aggregation": Aggregation.TOTAL, "period": Q1_2023},
    ),
    (
        "De time-on-site is gemiddeld 1 minuut per gebruiker in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "avg_engagement_time_per_user", "target": 60, "unit": Unit.SECONDS,
         "aggregation": Aggregation.RATIO, "period": Q1_2023},
    ),
    (
        "De website heeft 1.200 terugkerende bezoekers in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "returning_users", "target": 1200, "aggregation": Aggregation.TOTAL, "period": Q1_2023},
    ),
    (
        "Het whitepaper is 500 keer gedownload in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "downloads", "target": 500, "period": Q1_2023, "segment": {"content": "whitepaper"}},
    ),
    (
        "Het contactformulier is 300 keer ingevuld in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "form_submissions", "target": 300, "period": Q1_2023, "segment": {"form": "contact"}},
    ),
    (
        "Er zijn 250 badkamers verkocht in de periode van 1 januari 2023 tot 1 april 2023.",
        {"metric": "orders", "target": 250, "period": Q1_2023, "segment": {"product": "badkamers"}},
    ),
    (
        "Van de nieuwe klanten hebben 100 extra decoratie gekocht voor hun badkamer in de periode "
        "van 1 januari 2023 tot 1 april 2023.",
        {"metric": "repeat_customers", "target": 100, "period": Q1_2023, "segment": {"product": "decoratie"}},
    ),
]  # fmt: skip

# seed 001: the four "SMART Digital marketing KPI's" plus 20,000 visitors a month by year end
SEED_001 = [
    (
        "300 euro advertentie opbrengsten per maand aan het eind van het jaar.",
        {"metric": "ad_revenue", "target": 300, "unit": Unit.MONEY, "aggregation": Aggregation.LAST_SUBPERIOD,
         "subperiod": Grain.MONTH, "period": YEAR_2023},
    ),
    (
        "40 nieuwe leads per maand voor je nieuwsbrief lijst",
        {"metric": "newsletter_signups", "target": 40, "aggregation": Aggregation.EACH_SUBPERIOD,
         "subperiod": Grain.MONTH, "period": YEAR_2023},
    ),
    (
        "20 directe conversies per maand via jouw blogberichten",
        {"metric": "key_events", "target": 20, "aggregation": Aggregation.EACH_SUBPERIOD,
         "segment": {"content": "blog"}},
    ),
    (
        "20 conversies per maand via de nieuwsbrief (indirect via blogberichten)",
        {"metric": "key_events", "target": 20, "aggregation": Aggregation.EACH_SUBPERIOD,
         "segment": {"channel": "Email"}},
    ),
    (
        "20.000 bezoekers per maand aan het eind van het jaar",
        {"metric": "users", "target": 20000, "aggregation": Aggregation.LAST_SUBPERIOD,
         "subperiod": Grain.MONTH, "period": YEAR_2023},
    ),
]  # fmt: skip

# seed 003: the fashion shop's AIDA bullets; they give no period, so the proposal says so
SEED_003 = [
    (
        "De online advertenties die je inzet zijn succesvol wanneer 40% van de vrouwen tussen de 25 en 35 "
        "jaar doorklikt naar je website (attention).",
        {"metric": "ctr", "target": Decimal("0.4"), "unit": Unit.PERCENT, "aggregation": Aggregation.RATIO,
         "segment": {"gender": "female", "age": "25-35"}, "phase": "attention", "period": None},
    ),
    (
        "Een websitebezoeker is waardevol als deze tenminste 2 artikelen in haar winkelmandje heeft "
        "geplaatst (interest).",
        {"metric": "items_per_cart", "target": 2, "comparator": Comparator.AT_LEAST, "phase": "interest",
         "period": None},
    ),
    (
        "Eén op de tien van deze potentiële klanten schrijft zich in voor je nieuwsbrief om direct een "
        "kortingscode te ontvangen (desire).",
        {"metric": "newsletter_signup_rate", "target": Decimal("0.1"), "unit": Unit.PERCENT,
         "phase": "desire", "period": None},
    ),
    (
        "Van die inschrijvers schaft 10% een artikel aan (action).",
        {"metric": "subscriber_to_customer_rate", "target": Decimal("0.1"), "unit": Unit.PERCENT,
         "phase": "action", "period": None},
    ),
]  # fmt: skip


def _check(sentence: str, expected: dict[str, Any], *, ref: date = REF, lang: str | None = None) -> None:
    proposal = parse_kpi_sentence(sentence, ref_date=ref, lang=lang)
    for field, value in expected.items():
        actual = getattr(proposal, field)
        if field == "segment":
            actual = dict(actual)
        assert actual == value, f"{field}: {actual!r} != {value!r} for {sentence!r}"


@pytest.mark.parametrize(("sentence", "expected"), SEED_000 + SEED_001 + SEED_003)
def test_every_seed_sentence_parses(sentence: str, expected: dict[str, Any]) -> None:
    _check(sentence, expected)


def test_seed_003_proposals_report_the_missing_period() -> None:
    for sentence, _ in SEED_003:
        assert parse_kpi_sentence(sentence, ref_date=REF).missing == ("period",)


def test_seed_000_sentences_are_dutch_and_complete() -> None:
    for sentence, _ in SEED_000:
        proposal = parse_kpi_sentence(sentence, ref_date=REF)
        assert proposal.language is Lang.NL
        assert proposal.missing == ()
        assert proposal.comparator is Comparator.AT_LEAST


def test_seed_001_from_8000_to_20000_keeps_the_baseline() -> None:
    proposal = parse_kpi_sentence(
        "om van 8000 bezoekers per maand 20.000 bezoekers per maand te maken aan het eind van het jaar",
        ref_date=REF,
    )
    assert (proposal.baseline, proposal.target, proposal.metric) == (8000, 20000, "users")
    assert proposal.aggregation is Aggregation.LAST_SUBPERIOD


def test_seed_004_win_rate_of_one_in_three() -> None:
    proposal = parse_kpi_sentence("Het salesteam scoort gemiddeld 1 op de 3 offertes", ref_date=REF)
    assert proposal.metric == "opportunity_to_customer_rate"
    assert proposal.target == Decimal("0.3333")
    assert proposal.assumptions  # says it rounded


# --- dates: "tot" excludes, "tot en met" and "t/m" include ---------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "2.000 nieuwe bezoekers van 1 januari 2023 tot 1 april 2023",
        "2.000 nieuwe bezoekers van 1 januari 2023 tot en met 31 maart 2023",
        "2.000 nieuwe bezoekers van 1-1-2023 t/m 31-3-2023",
        "2.000 nieuwe bezoekers tussen 1 januari en 31 maart 2023",
        "2.000 nieuwe bezoekers in het eerste kwartaal van 2023",
        "2.000 nieuwe bezoekers in Q1 2023",
        "2.000 nieuwe bezoekers van 2023-01-01 tot 2023-04-01",
    ],
)
def test_dutch_ways_to_say_the_first_quarter(sentence: str) -> None:
    assert parse_kpi_sentence(sentence, ref_date=REF).period == Q1_2023


def test_tot_excludes_and_tot_en_met_includes_the_end_date() -> None:
    until = parse_kpi_sentence("500 leads van 1 maart 2023 tot 31 maart 2023", ref_date=REF).period
    through = parse_kpi_sentence("500 leads van 1 maart 2023 tot en met 31 maart 2023", ref_date=REF).period
    assert until is not None
    assert through is not None
    assert until.last_day == date(2023, 3, 30)
    assert through.last_day == date(2023, 3, 31)


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("2.000 nieuwe bezoekers dit kwartaal", date(2023, 4, 1), date(2023, 7, 1)),
        ("2.000 nieuwe bezoekers volgend kwartaal", date(2023, 7, 1), date(2023, 10, 1)),
        ("2.000 nieuwe bezoekers deze maand", date(2023, 5, 1), date(2023, 6, 1)),
        ("20.000 bezoekers dit jaar", date(2023, 1, 1), date(2024, 1, 1)),
        ("200 leads binnen 3 maanden", date(2023, 5, 10), date(2023, 8, 10)),
        ("200 leads van 1 januari tot 1 april", date(2023, 1, 1), date(2023, 4, 1)),
        ("2,000 new visitors this quarter", date(2023, 4, 1), date(2023, 7, 1)),
        ("2,000 new visitors next month", date(2023, 6, 1), date(2023, 7, 1)),
        ("2,000 new visitors in March 2024", date(2024, 3, 1), date(2024, 4, 1)),
    ],
)
def test_relative_dates_resolve_against_the_reference_date(sentence: str, start: date, end: date) -> None:
    assert parse_kpi_sentence(sentence, ref_date=date(2023, 5, 10)).period == Period.of(start, end)


def test_end_of_year_follows_the_reference_date() -> None:
    proposal = parse_kpi_sentence(
        "20.000 bezoekers per maand aan het eind van het jaar", ref_date=date(2025, 6, 3)
    )
    assert proposal.period == Period.year(2025)
    assert proposal.subperiod is Grain.MONTH


def test_deadline_without_year_takes_the_next_occurrence() -> None:
    proposal = parse_kpi_sentence("200 nieuwe klanten tot en met 31 januari", ref_date=date(2023, 5, 10))
    assert proposal.period == Period.of(date(2023, 5, 10), date(2024, 2, 1))
    assert proposal.aggregation is Aggregation.CUMULATIVE


# --- our own sentences, Dutch and English ----------------------------------------------------

OWN = [
    ("en", "The website gets 2,000 new visitors from 1 January 2024 to 1 April 2024.",
     {"metric": "new_users", "target": 2000, "period": Period.quarter(2024, 1)}),
    ("en", "At least 40 newsletter sign-ups every month in 2024",
     {"metric": "newsletter_signups", "target": 40, "aggregation": Aggregation.EACH_SUBPERIOD,
      "subperiod": Grain.MONTH, "period": Period.year(2024)}),
    ("en", "Cost per lead stays below €45 this quarter",
     {"metric": "cost_per_lead", "target": 45, "unit": Unit.MONEY, "comparator": Comparator.AT_MOST,
      "period": Period.quarter(2024, 2), "currency": "EUR"}),
    ("en", "ROAS of at least 4x in Q3 2024",
     {"metric": "roas", "target": 4, "unit": Unit.MULTIPLE, "period": Period.quarter(2024, 3)}),
    ("en", "Engagement rate between 55% and 70% in June 2024",
     {"metric": "engagement_rate", "target": Decimal("0.55"), "target_upper": Decimal("0.7"),
      "comparator": Comparator.BETWEEN, "period": Period.month(2024, 6)}),
    ("en", "Reach 10k sessions from organic search next month",
     {"metric": "sessions", "target": 10000, "segment": {"channel": "Organic Search"},
      "period": Period.month(2024, 6)}),
    ("en", "Average session duration of 2 minutes on mobile this year",
     {"metric": "avg_session_duration", "target": 120, "segment": {"device": "mobile"}}),
    ("en", "MQL to SQL conversion of 45% in Q4",
     {"metric": "mql_to_sql_rate", "target": Decimal("0.45"), "period": Period.quarter(2024, 4)}),
    ("en", "Grow from 8,000 to 20,000 visitors a month by the end of the year",
     {"metric": "users", "target": 20000, "baseline": 8000, "aggregation": Aggregation.LAST_SUBPERIOD}),
    ("en", "No more than $1,200.50 customer acquisition cost in Q1 2025",
     {"metric": "cac", "target": Decimal("1200.50"), "comparator": Comparator.AT_MOST, "currency": "USD"}),
    ("en", "On average 30 downloads of the e-book per week in June 2024",
     {"metric": "downloads", "aggregation": Aggregation.EACH_SUBPERIOD, "subperiod": Grain.WEEK,
      "subperiod_rule": SubperiodRule.MEAN, "segment": {"content": "ebook"}}),
    ("nl", "Minimaal 150 MQL's in het derde kwartaal van 2024",
     {"metric": "mqls", "target": 150, "period": Period.quarter(2024, 3)}),
    ("nl", "De kosten per lead blijven onder de 50 euro van 1-7-2024 t/m 30-9-2024",
     {"metric": "cost_per_lead", "target": 50, "comparator": Comparator.AT_MOST,
      "period": Period.quarter(2024, 3)}),
    ("nl", "We willen 1,5 miljoen euro omzet in 2025",
     {"metric": "revenue", "target": 1500000, "unit": Unit.MONEY, "period": Period.year(2025)}),
    ("nl", "Elke maand 300 offerteaanvragen via Google Ads dit jaar",
     {"metric": "form_submissions", "target": 300, "segment": {"channel": "Paid Search"},
      "aggregation": Aggregation.EACH_SUBPERIOD}),
    ("nl", "Het betrokkenheidspercentage is gemiddeld 60 in mei 2024",
     {"metric": "engagement_rate", "target": Decimal("0.6"), "period": Period.month(2024, 5)}),
    ("nl", "De CAC is maximaal € 1.250,50 in Q1 2025",
     {"metric": "cac", "target": Decimal("1250.50"), "comparator": Comparator.AT_MOST}),
    ("nl", "Binnen 6 maanden 500 leads uit LinkedIn",
     {"metric": "leads", "target": 500, "segment": {"source": "linkedin"},
      "period": Period.of(date(2024, 5, 15), date(2024, 11, 15))}),
    ("nl", "Een NPS van minimaal 50 aan het eind van 2025",
     {"metric": "nps", "target": 50, "unit": Unit.SCORE, "period": Period.year(2025)}),
    ("nl", "De klantretentie is ten minste 80% in 2024",
     {"metric": "retention_rate", "target": Decimal("0.8"), "aggregation": Aggregation.RATIO}),
    ("nl", "Hoogstens 2.500 euro advertentiekosten per maand in het tweede kwartaal",
     {"metric": "ad_cost", "target": 2500, "comparator": Comparator.AT_MOST,
      "aggregation": Aggregation.EACH_SUBPERIOD, "period": Period.quarter(2024, 2)}),
    ("nl", "Een CTR van 2,5% op mobiel in juli 2024",
     {"metric": "ctr", "target": Decimal("0.025"), "segment": {"device": "mobile"}}),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "expected"), OWN)
def test_own_sentences(lang: str, sentence: str, expected: dict[str, Any]) -> None:
    _check(sentence, expected, ref=date(2024, 5, 15), lang=lang)


def test_language_is_detected() -> None:
    assert detect_language("de website heeft 2.000 nieuwe bezoekers") is Lang.NL
    assert detect_language("the website gets 2,000 new visitors per month") is Lang.EN


def test_numbers_follow_the_language() -> None:
    dutch = parse_kpi_sentence("1.500 sessies in 2024", ref_date=REF, lang="nl")
    english = parse_kpi_sentence("1,500 sessions in 2024", ref_date=REF, lang="en")
    decimal_comma = parse_kpi_sentence("gemiddelde sessieduur 1,5 minuut in 2024", ref_date=REF, lang="nl")
    assert dutch.target == english.target == 1500
    assert decimal_comma.target == 90


def test_phase_is_limited_to_the_journey_and_suggested_from_the_metric() -> None:
    named = parse_kpi_sentence("40% CTR in 2024 (attention)", ref_date=REF, journey=AIDA_LOYALTY)
    assert named.phase == "attention"
    suggested = parse_kpi_sentence("2.000 nieuwe bezoekers in 2024", ref_date=REF, journey=SEE_THINK_DO_CARE)
    assert (suggested.phase, suggested.suggested_phase) == (None, "see")
    in_the_phase = parse_kpi_sentence("500 downloads in de think-fase in 2024", ref_date=REF)
    assert in_the_phase.phase == "think"


def test_proposal_becomes_a_kpi() -> None:
    kpi = parse_kpi_sentence(SEED_000[1][0], ref_date=REF).to_kpi(phase="see")
    assert kpi.metric == "new_users"
    assert kpi.period == Q1_2023
    assert kpi.phase == "see"
    assert kpi.id.startswith("de-website-heeft-2-000-nieuwe-bezoekers")


def test_to_dict_has_iso_dates_with_exclusive_end() -> None:
    data = parse_kpi_sentence(SEED_000[1][0], ref_date=REF).to_dict()
    assert data["period"] == {"start": "2023-01-01", "end": "2023-04-01", "last_day": "2023-03-31"}
    assert (data["metric"], data["target"], data["comparator"], data["aggregation"], data["segment"]) == (
        "new_users", 2000, "at_least", "total", {},
    )  # fmt: skip


# --- what cannot become a KPI --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("Meer bezoekers op de website", "parse.no_number"),
        ("We want more visitors this year", "parse.no_number"),
        ("De website moet 40 keer beter", "parse.no_metric"),
        ("10% meer bezoekers dan vorig jaar", "parse.relative_target"),
        ("   ", "parse.empty"),
        ("2.000 bezoekers van 1 april 2023 tot 1 januari 2023", "parse.end_before_start"),
        ("tussen 500 en 300 leads in 2024", "parse.between_order"),
    ],
)
def test_what_is_missing_is_said(sentence: str, key: str) -> None:
    with pytest.raises(SentenceError) as caught:
        parse_kpi_sentence(sentence, ref_date=REF)
    assert caught.value.message.key == key
    assert caught.value.message.render(Lang.NL) != caught.value.message.render(Lang.EN)


@given(st.text(max_size=80), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_any_text_gives_a_proposal_or_a_clear_error(text: str, ref: date) -> None:
    problem: str | None = None
    try:
        proposal = parse_kpi_sentence(text, ref_date=ref)
    except SentenceError as error:
        problem = error.message.render(Lang.EN)
    if problem is not None:
        assert problem.strip()
    else:
        assert proposal.metric in STANDARD_CATALOG
        assert proposal.period is None or proposal.period.end > proposal.period.start


@given(
    st.integers(min_value=1, max_value=9_999_999),
    st.sampled_from(["nieuwe bezoekers", "leads", "sessies", "downloads", "nieuwe klanten"]),
    st.integers(min_value=2000, max_value=2080),
    st.integers(min_value=1, max_value=4),
)
def test_generated_dutch_sentences_keep_their_numbers(count: int, noun: str, year: int, quarter: int) -> None:
    written = f"{count:,}".replace(",", ".")
    proposal = parse_kpi_sentence(f"{written} {noun} in Q{quarter} {year}", ref_date=REF, lang="nl")
    assert proposal.target == count
    assert proposal.period == Period.quarter(year, quarter)
