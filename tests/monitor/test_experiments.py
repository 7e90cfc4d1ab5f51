"""A/B test statistics, checked against statsmodels and scipy, and the verdict rules at their edges."""

import math
from decimal import Decimal

import pytest
from scipy.stats import chi2_contingency, norm
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
    samplesize_proportions_2indep_onetail,
)

from koers.domain.steering import Experiment
from koers.i18n import Lang, render
from koers.monitor.experiments import (
    VERDICT_RULES,
    ExperimentError,
    Verdict,
    analyse,
    analyse_experiment,
    required_sample_size,
    rounded,
    uplift_interval,
    z_test,
)

# (control conversions, control visitors, variant conversions, variant visitors)
CASES = [
    (100, 1000, 130, 1000),  # the seed-style example
    (130, 1000, 100, 1000),  # the same the other way round
    (48, 1200, 61, 1150),
    (7, 150, 15, 140),
    (2_000, 100_000, 2_100, 100_000),
    (31, 40, 35, 41),
    (100_000, 10_000_000, 101_500, 10_000_000),  # huge samples: a tiny p-value keeps its size
]


@pytest.mark.parametrize(("x_c", "n_c", "x_v", "n_v"), CASES)
def test_z_test_matches_statsmodels_and_scipy(x_c: int, n_c: int, x_v: int, n_v: int) -> None:
    z, p_value = z_test((x_c, n_c), (x_v, n_v))
    z_sm, p_sm = proportions_ztest([x_v, x_c], [n_v, n_c])  # pooled variance by default
    assert z == pytest.approx(z_sm, rel=1e-9)
    assert p_value == pytest.approx(p_sm, rel=1e-6)
    # a pooled two-proportion z-test is the chi-square test of the 2x2 table without correction
    chi2 = chi2_contingency([[x_v, n_v - x_v], [x_c, n_c - x_c]], correction=False)
    assert p_value == pytest.approx(chi2.pvalue, rel=1e-6)


@pytest.mark.parametrize(("x_c", "n_c", "x_v", "n_v"), CASES)
@pytest.mark.parametrize("alpha", [0.05, 0.10, 0.025])
def test_uplift_interval_matches_statsmodels_log_ratio(
    x_c: int, n_c: int, x_v: int, n_v: int, alpha: float
) -> None:
    low, high = uplift_interval((x_c, n_c), (x_v, n_v), alpha)
    low_sm, high_sm = confint_proportions_2indep(
        x_v, n_v, x_c, n_c, method="log", compare="ratio", alpha=alpha
    )
    assert (low, high) == (pytest.approx(low_sm - 1, rel=1e-9), pytest.approx(high_sm - 1, rel=1e-9))


@pytest.mark.parametrize(("baseline", "effect", "alpha"), [(0.1, 0.1, 0.05), (0.02, 0.2, 0.05), (0.3, 0.05, 0.1),
                                                           (0.5, 0.5, 0.01), (0.001, 0.1, 0.05)])  # fmt: skip
def test_sample_size_matches_statsmodels(baseline: float, effect: float, alpha: float) -> None:
    size = required_sample_size(baseline, effect, alpha=alpha, power=0.8)
    target = baseline * (1 + effect)
    exact = samplesize_proportions_2indep_onetail(target - baseline, baseline, 0.8, alpha=alpha)
    assert size == math.ceil(exact)
    # Cohen's h (arcsine) is another approximation of the same size: close for small effects,
    # a few percent apart for large ones
    cohen = NormalIndPower().solve_power(proportion_effectsize(target, baseline), alpha=alpha, power=0.8)
    assert size == pytest.approx(cohen, rel=0.005 if effect <= 0.2 else 0.03)


def test_the_seed_example_is_a_winner_decided_early() -> None:
    result = analyse([1000, 1000], [100, 130])
    assert [variant.rate for variant in result.variants] == [0.1, 0.13]
    assert result.lead.uplift == pytest.approx(0.3)
    assert result.lead.interval[0] > 0
    assert result.lead.p_value == pytest.approx(0.0355, abs=1e-4)
    assert result.verdict is Verdict.WINNER
    # 10% more than a 10% rate needs 14,751 visitors a variant; 2 x 13,751 are still to come
    assert (result.sample_size_per_variant, result.required_sample_size) == (14_751, 27_502)
    assert [note.key for note in result.notes] == ["abtest.note.early"]


def test_json_shape_is_rounded_and_plain() -> None:
    data = analyse([1000, 1000], [100, 130]).to_dict()
    assert data["rates"] == [0.1, 0.13]
    assert data["uplift"] == 0.3
    assert data["uplift_interval"] == [0.01698, 0.6618]
    assert data["p_value"] == 0.03549
    assert data["required_sample_size"] == 27_502
    assert data["verdict"] == "winner"


def test_a_worse_variant_is_a_loser() -> None:
    result = analyse([1000, 1000], [130, 100])
    assert result.verdict is Verdict.LOSER
    assert result.lead.interval[1] < 0
    assert result.lead.uplift == pytest.approx(100 / 130 - 1)


def test_equal_rates_keep_running_until_the_sample_is_there() -> None:
    early = analyse([5_000, 5_000], [500, 500])
    assert (early.lead.z, early.lead.p_value, early.lead.uplift) == (0.0, 1.0, 0.0)
    assert early.lead.interval[0] < 0 < early.lead.interval[1]
    assert early.verdict is Verdict.KEEP_RUNNING
    enough = analyse([20_000, 20_000], [2_000, 2_000])
    assert enough.verdict is Verdict.NO_DIFFERENCE
    assert enough.required_sample_size == 0


def test_minimum_effect_reached_exactly_at_the_sample_size() -> None:
    size = required_sample_size(0.1, 0.1)
    assert size == 14_751
    reached = analyse([20_000, size], [2_000, round(size * 0.1)])
    assert reached.required_sample_size == 0
    assert reached.verdict is Verdict.NO_DIFFERENCE
    one_short = analyse([20_000, size - 1], [2_000, round(size * 0.1)])
    assert one_short.required_sample_size == 1
    assert one_short.verdict is Verdict.KEEP_RUNNING


def test_no_conversions_anywhere() -> None:
    result = analyse([500, 500], [0, 0])
    comparison = result.lead
    assert (comparison.p_value, comparison.uplift, result.sample_size_per_variant) == (1.0, None, None)
    assert result.required_sample_size is None
    assert result.verdict is Verdict.KEEP_RUNNING
    assert "abtest.note.no_baseline" in [note.key for note in result.notes]


def test_no_conversions_in_the_variant_uses_the_adjusted_interval() -> None:
    result = analyse([2_000, 2_000], [100, 0])
    assert result.lead.uplift == -1.0
    low_sm, high_sm = confint_proportions_2indep(0, 2_000, 100, 2_000, method="log-adjusted", compare="ratio")
    assert result.lead.interval == (pytest.approx(low_sm - 1), pytest.approx(high_sm - 1))
    assert result.verdict is Verdict.LOSER


def test_no_conversions_in_the_control_leaves_the_uplift_unknown_but_can_win() -> None:
    result = analyse([2_000, 2_000], [0, 60])
    assert result.lead.uplift is None
    assert result.lead.interval[0] > 0
    assert result.verdict is Verdict.WINNER
    keys = [note.key for note in result.notes]
    assert "abtest.note.control_zero" in keys
    assert "abtest.note.no_baseline" in keys


def test_tiny_samples_are_never_decided() -> None:
    result = analyse([10, 10], [0, 5])
    _, p_sm = proportions_ztest([5, 0], [10, 10])
    assert result.lead.p_value == pytest.approx(p_sm)
    assert result.lead.p_value < 0.05  # significant on paper, but 2.5 expected conversions is too few
    assert result.verdict is Verdict.KEEP_RUNNING
    assert "abtest.note.small_sample" in [note.key for note in result.notes]


def test_everybody_converting_is_no_evidence_of_a_difference() -> None:
    result = analyse([50, 50], [50, 50])
    assert (result.lead.p_value, result.lead.uplift, result.sample_size_per_variant) == (1.0, 0.0, None)
    assert result.verdict is Verdict.KEEP_RUNNING
    assert "abtest.note.effect_too_large" in [note.key for note in result.notes]


def test_a_p_value_and_interval_that_disagree_are_no_winner() -> None:
    result = analyse([200, 200], [11, 22])
    assert result.lead.p_value < 0.05
    assert result.lead.interval[0] < 0
    assert result.verdict is Verdict.KEEP_RUNNING


def test_more_variants_split_alpha_and_the_best_winner_leads() -> None:
    result = analyse([4_000, 4_000, 4_000], [400, 470, 520], names=["control", "blue", "green"])
    assert [comparison.alpha for comparison in result.comparisons] == [pytest.approx(0.025)] * 2
    low_sm, high_sm = confint_proportions_2indep(
        520, 4_000, 400, 4_000, method="log", compare="ratio", alpha=0.025
    )
    green = result.comparisons[1]
    assert green.interval == (pytest.approx(low_sm - 1), pytest.approx(high_sm - 1))
    assert green.significant == (green.p_value < 0.025)
    assert result.verdict is Verdict.WINNER
    assert result.lead.variant.name == "green"
    assert result.sample_size_per_variant == required_sample_size(0.1, 0.1, alpha=0.025)


def test_overall_verdict_without_a_winner() -> None:
    # one variant is worse, one needs more visitors: keep running
    assert analyse([1_000, 1_000, 1_000], [130, 60, 128]).verdict is Verdict.KEEP_RUNNING
    # every variant worse: loser
    assert analyse([2_000, 2_000, 2_000], [300, 150, 160]).verdict is Verdict.LOSER


def test_confidence_changes_the_decision() -> None:
    assert analyse([1000, 1000], [100, 130], confidence=0.95).verdict is Verdict.WINNER
    assert analyse([1000, 1000], [100, 130], confidence=0.99).verdict is Verdict.KEEP_RUNNING


def test_a_stored_experiment_uses_its_own_settings() -> None:
    experiment = Experiment.model_validate(
        {"name": "Nieuwe productteksten", "minimum_effect": "0.2", "confidence": "0.9",
         "variants": [{"name": "oud", "visitors": 1000, "conversions": 100},
                      {"name": "nieuw", "visitors": 1000, "conversions": 130}]}
    )  # fmt: skip
    result = analyse_experiment(experiment)
    assert (result.minimum_effect, result.confidence) == (0.2, 0.9)
    assert result.sample_size_per_variant == required_sample_size(0.1, 0.2, alpha=0.1)
    assert result.control.name == "oud"
    default = analyse_experiment(experiment.model_copy(update={"minimum_effect": None}))
    assert default.minimum_effect == 0.1


@pytest.mark.parametrize(
    ("visitors", "conversions", "options", "key"),
    [
        ([1000, 1000], [100], {}, "abtest.unequal_lengths"),
        ([1000], [100], {}, "abtest.too_few_variants"),
        ([1000, 1000], [100, 1001], {}, "abtest.conversions_above_visitors"),
        ([1000, 0], [100, 0], {}, "abtest.no_visitors"),
        ([1000, 1000], [100, -1], {}, "abtest.negative"),
        ([1000, 1000], [100, 130], {"minimum_effect": 0.0}, "abtest.bad_minimum_effect"),
        ([1000, 1000], [100, 130], {"minimum_effect": 1.0}, "abtest.bad_minimum_effect"),
        ([1000, 1000], [100, 130], {"minimum_effect": 2.5}, "abtest.bad_minimum_effect"),
        ([1000, 1000], [100, 130], {"confidence": 1.0}, "abtest.bad_confidence"),
    ],
)
def test_bad_input_says_what_is_wrong(
    visitors: list[int], conversions: list[int], options: dict, key: str
) -> None:  # type: ignore[type-arg]
    with pytest.raises(ExperimentError) as raised:
        analyse(visitors, conversions, **options)
    assert raised.value.message.key == key


def test_every_verdict_has_its_rule_in_dutch_and_english() -> None:
    assert set(VERDICT_RULES) == set(Verdict)
    for verdict, rule in VERDICT_RULES.items():
        dutch, english = render(rule, Lang.NL), render(rule, Lang.EN)
        assert dutch != english
        assert render(verdict.label, Lang.EN).split(":")[0].lower() in english.lower()


def test_rounding_keeps_significant_digits() -> None:
    assert rounded(0.016984) == 0.01698
    assert rounded(3.21234e-12) == 3.212e-12
    assert rounded(27_502.0) == 27_500.0
    assert rounded(None) is None
    assert rounded(0.0) == 0.0


def test_p_value_in_the_far_tail_is_not_zero() -> None:
    _, p_value = z_test((1_000, 100_000), (2_000, 100_000))
    assert 0 < p_value < 1e-40
    assert p_value == pytest.approx(
        2 * norm.sf(abs(proportions_ztest([2_000, 1_000], [100_000] * 2)[0])), rel=1e-6
    )


def test_experiment_decimal_settings_are_read_as_numbers() -> None:
    experiment = Experiment(
        id="x", name="x", minimum_effect=Decimal("0.15"), variants=({"name": "a", "visitors": 10, "conversions": 1},  # type: ignore[arg-type]
                                                                   {"name": "b", "visitors": 10, "conversions": 2}),
    )  # fmt: skip
    assert analyse_experiment(experiment).minimum_effect == pytest.approx(0.15)
