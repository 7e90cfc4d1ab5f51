"""Steering: the declared advice per kind of cause, in Dutch and English."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from koers.domain.metric import Unit
from koers.i18n import MESSAGES
from koers.monitor.diagnosis import CAUSE_KINDS, Cause, Diagnosis, DiagnosisState
from koers.monitor.steering import SUGGESTIONS, TEST_AND_MEASURE, suggest, suggestions_for


def _diagnosis(*causes: Cause) -> Diagnosis:
    return Diagnosis(
        "time-on-site", "Time on site", "avg_engagement_time_per_user", Unit.SECONDS, "EUR", date(2024, 3, 1),
        DiagnosisState.BEHIND if causes else DiagnosisState.ON_COURSE, Decimal(60), True,
        actual=Fraction(45), expected=Fraction(60), causes=causes,
    )  # fmt: skip


def test_every_cause_the_diagnosis_names_has_suggestions_and_nothing_else_does() -> None:
    assert set(SUGGESTIONS) == set(CAUSE_KINDS)
    assert all(SUGGESTIONS[kind] for kind in CAUSE_KINDS)


@pytest.mark.parametrize(
    "key", sorted({key for keys in SUGGESTIONS.values() for key in keys} | {TEST_AND_MEASURE})
)
def test_every_suggestion_reads_in_both_languages(key: str) -> None:
    dutch, english = MESSAGES[key]
    assert dutch.strip()
    assert english.strip()
    assert dutch != english


def test_low_time_on_site_calls_for_rewriting_the_texts_as_the_seed_says() -> None:
    suggestions = suggest(_diagnosis(Cause("low_time_on_site")))
    assert suggestions[0].render("nl") == "Herschrijf de teksten, zodat mensen langer op de website blijven."
    assert suggestions[0].render("en") == "Rewrite the texts, so that people stay on the website longer."
    assert suggestions[-1].cause == "test_and_measure"
    assert suggestions[-1].render("nl").startswith("Test en meet")


def test_a_lagging_channel_points_to_its_campaigns_and_budget() -> None:
    [first, *_] = suggestions_for(Cause("channel_lag", "Paid Search", "channel"))
    assert first.render("nl") == "Bekijk de campagnes en het budget van kanaal Paid Search."
    assert first.render("en") == "Look at the campaigns and the budget of channel Paid Search."
    assert first.to_dict("en")["subject"] == "Paid Search"


def test_a_segment_without_a_value_reads_as_not_set() -> None:
    [suggestion] = suggestions_for(Cause("device_lag", "", "device"))
    assert "(not set)" in suggestion.render("en")
    assert "(niet ingesteld)" in suggestion.render("nl")


def test_funnel_steps_get_nurturing_and_qualification() -> None:
    nurture = suggest(_diagnosis(Cause("funnel_nurture", "lead → mql")))
    assert "e-mailreeks" in nurture[0].render("nl")
    assert "(lead → mql)" in nurture[0].render("en")
    qualification = suggest(_diagnosis(Cause("funnel_qualification", "mql → sql")))
    assert "lead scoring" in qualification[0].render("en")


def test_low_ctr_is_tested_with_new_ad_copy_and_returning_visitors_get_a_newsletter() -> None:
    assert "test en meet" in suggest(_diagnosis(Cause("low_ctr")))[0].render("nl")
    returning = [s.render("en") for s in suggest(_diagnosis(Cause("low_returning")))]
    assert any("newsletter" in text for text in returning)
    assert any("remarketing" in text for text in returning)


def test_suggestions_follow_the_causes_ranking_each_once_then_test_and_measure() -> None:
    causes = (
        Cause("low_returning"),
        Cause("channel_lag", "Direct", "channel"),
        Cause("channel_lag", "Direct", "channel"),
        Cause("channel_lag", "Email", "channel"),
    )
    suggestions = suggest(_diagnosis(*causes))
    assert [(s.cause, s.subject) for s in suggestions] == [
        ("low_returning", None), ("low_returning", None), ("low_returning", None),
        ("channel_lag", "Direct"), ("channel_lag", "Direct"),
        ("channel_lag", "Email"), ("channel_lag", "Email"),
        ("test_and_measure", None),
    ]  # fmt: skip


def test_nothing_behind_means_nothing_to_suggest() -> None:
    assert suggest(_diagnosis()) == []
    assert suggestions_for(Cause("not_a_kind")) == []
