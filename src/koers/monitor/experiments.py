"""A/B tests ("test en meet"): did a variant convert better than the control, and how sure is that?

From the visitors and conversions of each variant (the control first) this module works out,
for each variant against the control:

- the **conversion rates**, conversions / visitors;
- the **relative uplift**, ``rate_variant / rate_control - 1`` (``0.3`` is +30%), with a
  confidence interval by the delta method on the log of the rate ratio (Katz's log method):
  ``se = sqrt(1/x_v - 1/n_v + 1/x_c - 1/n_c)`` and ``exp(log(ratio) ± z · se) - 1``. The
  interval is asymmetric, as a ratio's should be, and never goes below -100%. When either side
  has no conversions, 0.5 is added to each count and each number of visitors for the interval
  only (the Haldane-Anscombe correction, statsmodels' ``log-adjusted``); the point uplift stays
  the observed one, and is unknown when the control has no conversions;
- the **p-value** of the two-sided two-proportion z-test with the pooled rate under the null
  hypothesis: ``z = (p_v - p_c) / sqrt(p(1 - p)(1/n_v + 1/n_c))``. When nobody or everybody
  converted in both variants there is no difference to test and the p-value is 1;
- the **sample size** each variant needs to find the minimum effect (a relative uplift, such as
  10%) at the confidence level with 80% power, by the standard formula for two proportions
  (pooled variance under the null, unpooled under the alternative; Fleiss, without continuity
  correction)::

      n = (z_(1-α/2) · sqrt(2 p̄ (1 - p̄)) + z_(1-β) · sqrt(p_c (1 - p_c) + p_1 (1 - p_1)))² / (p_1 - p_c)²

  with ``p_1 = p_c (1 + minimum effect)`` and ``p̄ = (p_c + p_1) / 2``, rounded up. It is based on
  the control's observed rate, so it is unknown while the control has no conversions, or when the
  minimum effect would take the rate above 100%. What is still needed is the shortfall of every
  variant below that size, added up: 0 once every variant has it.

With more than one variant against the control, each comparison is made at ``α / k`` for ``k``
variants (Bonferroni), so the chance that any of them is a false winner stays within ``α``; the
intervals and sample sizes use the same level.

The verdict of a comparison (``VERDICT_RULES`` holds the same rules in Dutch and English):

- ``winner``: significant (p-value below α) and the uplift's interval lies wholly above 0;
- ``loser``: significant and the interval lies wholly below 0;
- otherwise the test shows no difference (a p-value and an interval that disagree at the
  edge count as no difference), and then
- ``keep_running``: "no difference yet": some variant has fewer visitors than the sample size
  needed for the minimum effect, or that size is unknown, or a variant has fewer than 5
  expected conversions or non-conversions (the z-test's normal approximation needs them);
- ``no_difference``: every variant has the sample needed for the minimum effect, so an effect of
  that size would most likely have shown: the variants do not differ by as much as that.

A winner or loser found before the planned sample size carries a note: looking at a running test
every day and stopping at the first significant result raises the chance of a false winner.

The statistics are closed-form formulas with the normal distribution of the standard library
(:class:`statistics.NormalDist`), so every number can be traced to its formula and the CLI stays
quick to start; the tests check them against statsmodels and scipy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import Any

from koers.domain.steering import Experiment
from koers.errors import MessageError
from koers.i18n import Msg, Percent, msg

DEFAULT_MINIMUM_EFFECT = 0.10
"""The smallest relative uplift worth finding when an experiment names none: +10%."""
DEFAULT_CONFIDENCE = 0.95
POWER = 0.80
"""The chance of finding an effect of the minimum size when it is there."""
MIN_EXPECTED = 5
"""Fewer expected conversions (or non-conversions) per variant than this: too few for a z-test."""

_NORMAL = NormalDist()


class ExperimentError(MessageError):
    """Experiment figures that cannot be analysed (more conversions than visitors, a 0% minimum effect)."""


class Verdict(StrEnum):
    """What a test says, in plain words; the rules are in the module's docstring."""

    WINNER = "winner"
    LOSER = "loser"
    KEEP_RUNNING = "keep_running"
    NO_DIFFERENCE = "no_difference"

    @property
    def label(self) -> Msg:
        return msg(f"abtest.verdict.{self.value}")

    @property
    def rule(self) -> Msg:
        """The rule that gives this verdict, for a reader."""
        return msg(f"abtest.rule.{self.value}")


VERDICT_RULES: dict[Verdict, Msg] = {verdict: verdict.rule for verdict in Verdict}
"""Each verdict's rule as a message, in Dutch and English."""


@dataclass(frozen=True, slots=True)
class VariantResult:
    """One variant's figures and conversion rate."""

    name: str
    visitors: int
    conversions: int

    @property
    def rate(self) -> float:
        return self.conversions / self.visitors

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "visitors": self.visitors,
            "conversions": self.conversions,
            "rate": rounded(self.rate),
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """One variant against the control."""

    control: VariantResult
    variant: VariantResult
    alpha: float
    """The significance level of this comparison (1 - confidence, split over the variants)."""
    minimum_effect: float
    uplift: float | None
    """``rate_variant / rate_control - 1``; ``None`` when the control has no conversions."""
    interval: tuple[float, float]
    """The uplift's confidence interval at ``1 - alpha``."""
    z: float
    p_value: float
    sample_size_per_variant: int | None
    """The visitors each variant needs to find the minimum effect; ``None`` when unknown."""
    verdict: Verdict
    notes: tuple[Msg, ...] = ()

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha

    @property
    def still_needed(self) -> int | None:
        """Visitors still needed over both variants before the minimum effect can be found."""
        return _shortfall(self.sample_size_per_variant, (self.control, self.variant))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "variant": self.variant.name,
            "control": self.control.name,
            "uplift": rounded(self.uplift),
            "uplift_interval": [rounded(self.interval[0]), rounded(self.interval[1])],
            "z": rounded(self.z),
            "p_value": rounded(self.p_value),
            "alpha": rounded(self.alpha),
            "significant": self.significant,
            "sample_size_per_variant": self.sample_size_per_variant,
            "required_sample_size": self.still_needed,
            "verdict": self.verdict.value,
            "notes": [note.render(lang) for note in self.notes],
        }


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    """Every variant against the control, and the verdict on the test as a whole."""

    variants: tuple[VariantResult, ...]
    comparisons: tuple[Comparison, ...]
    confidence: float
    minimum_effect: float
    power: float
    verdict: Verdict
    """``winner`` when any variant wins; else ``keep_running`` when any comparison needs more
    visitors; else ``loser`` when every variant loses; else ``no_difference``."""
    lead: Comparison
    """The comparison the verdict is about: the best winner, else the variant with the best rate."""
    sample_size_per_variant: int | None
    required_sample_size: int | None
    """Visitors still needed over all variants (0 when every variant has enough; ``None`` unknown)."""

    @property
    def control(self) -> VariantResult:
        return self.variants[0]

    @property
    def notes(self) -> tuple[Msg, ...]:
        notes: list[Msg] = []
        for comparison in self.comparisons:
            notes.extend(note for note in comparison.notes if note not in notes)
        return tuple(notes)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain JSON: rates as fractions, the lead comparison's figures at the top level."""
        lead = self.lead
        return {
            "variants": [variant.to_dict() for variant in self.variants],
            "rates": [rounded(variant.rate) for variant in self.variants],
            "control": self.control.name,
            "variant": lead.variant.name,
            "uplift": rounded(lead.uplift),
            "uplift_interval": [rounded(lead.interval[0]), rounded(lead.interval[1])],
            "p_value": rounded(lead.p_value),
            "significant": lead.significant,
            "confidence": rounded(self.confidence),
            "alpha": rounded(lead.alpha),
            "minimum_effect": rounded(self.minimum_effect),
            "power": rounded(self.power),
            "sample_size_per_variant": self.sample_size_per_variant,
            "required_sample_size": self.required_sample_size,
            "verdict": self.verdict.value,
            "verdict_text": self.verdict.label.render(lang),
            "comparisons": [comparison.to_dict(lang) for comparison in self.comparisons],
            "notes": [note.render(lang) for note in self.notes],
        }


def analyse_experiment(
    experiment: Experiment, *, minimum_effect: float | None = None, confidence: float | None = None
) -> ExperimentResult:
    """Analyse an experiment stored in a workspace.

    ``minimum_effect`` and ``confidence`` override the experiment's own; without either, its
    minimum effect is used, else :data:`DEFAULT_MINIMUM_EFFECT`.
    """
    if minimum_effect is None:
        stored = experiment.minimum_effect
        minimum_effect = float(stored) if stored is not None else DEFAULT_MINIMUM_EFFECT
    return analyse(
        [variant.visitors for variant in experiment.variants],
        [variant.conversions for variant in experiment.variants],
        names=[variant.name for variant in experiment.variants],
        minimum_effect=minimum_effect,
        confidence=float(experiment.confidence) if confidence is None else confidence,
    )


def analyse(
    visitors: Sequence[int],
    conversions: Sequence[int],
    *,
    names: Sequence[str] | None = None,
    minimum_effect: float = DEFAULT_MINIMUM_EFFECT,
    confidence: float = DEFAULT_CONFIDENCE,
    power: float = POWER,
) -> ExperimentResult:
    """Analyse a test from its visitors and conversions per variant, the control first.

    ``minimum_effect`` is relative (0.1 is +10%) and lies in (0, 1); ``confidence`` in (0, 1).
    Raises :class:`ExperimentError` for figures that cannot be analysed.
    """
    variants = _variants(visitors, conversions, names)
    if not 0 < minimum_effect < 1:
        raise ExperimentError(msg("abtest.bad_minimum_effect", value=Percent(minimum_effect)))
    if not 0 < confidence < 1:
        raise ExperimentError(msg("abtest.bad_confidence", value=Percent(confidence)))
    if not 0 < power < 1:
        raise ValueError(f"power must lie in (0, 1), not {power}")
    control, others = variants[0], variants[1:]
    alpha = (1 - confidence) / len(others)
    size = required_sample_size(control.rate, minimum_effect, alpha=alpha, power=power)
    comparisons = tuple(_compare(control, variant, alpha, minimum_effect, size) for variant in others)
    return ExperimentResult(
        variants=variants,
        comparisons=comparisons,
        confidence=confidence,
        minimum_effect=minimum_effect,
        power=power,
        verdict=_overall(comparisons),
        lead=_lead(comparisons),
        sample_size_per_variant=size,
        required_sample_size=_shortfall(size, variants),
    )


# --- the statistics ----------------------------------------------------------------------------


def z_test(control: tuple[int, int], variant: tuple[int, int]) -> tuple[float, float]:
    """``(z, p)`` of the two-sided two-proportion z-test, pooled; each side is (conversions, visitors).

    A positive ``z`` means the variant converts better. With nobody (or everybody) converting on
    both sides the rates are equal and there is nothing to test: ``(0.0, 1.0)``.
    """
    (x_c, n_c), (x_v, n_v) = control, variant
    pooled = (x_c + x_v) / (n_c + n_v)
    variance = pooled * (1 - pooled) * (1 / n_c + 1 / n_v)
    if variance <= 0:
        return 0.0, 1.0
    z = (x_v / n_v - x_c / n_c) / math.sqrt(variance)
    # erfc keeps its precision far into the tail, where 1 - cdf would round to 0
    return z, math.erfc(abs(z) / math.sqrt(2))


def uplift_interval(control: tuple[int, int], variant: tuple[int, int], alpha: float) -> tuple[float, float]:
    """The relative uplift's ``1 - alpha`` interval: the delta method on the log of the rate ratio.

    With a zero count on either side, 0.5 is added to both counts and both numbers of visitors
    (the Haldane-Anscombe correction), as statsmodels' ``log-adjusted`` method does.
    """
    (x_c, n_c), (x_v, n_v) = (float(n) for n in control), (float(n) for n in variant)
    if x_c == 0 or x_v == 0:
        x_c, n_c, x_v, n_v = x_c + 0.5, n_c + 0.5, x_v + 0.5, n_v + 0.5
    log_ratio = math.log((x_v / n_v) / (x_c / n_c))
    se = math.sqrt(1 / x_v - 1 / n_v + 1 / x_c - 1 / n_c)
    half = _NORMAL.inv_cdf(1 - alpha / 2) * se
    return math.exp(log_ratio - half) - 1, math.exp(log_ratio + half) - 1


def required_sample_size(
    baseline: float, minimum_effect: float, *, alpha: float = 0.05, power: float = POWER
) -> int | None:
    """Visitors per variant to find a relative uplift of ``minimum_effect`` on ``baseline``.

    The standard two-proportion formula (see the module's docstring), two-sided at ``alpha``;
    ``None`` when the baseline is 0 or the uplift would take the rate to 100% or beyond.
    """
    target = baseline * (1 + minimum_effect)
    if baseline <= 0 or target >= 1:
        return None
    mean = (baseline + target) / 2
    z_alpha = _NORMAL.inv_cdf(1 - alpha / 2)
    z_beta = _NORMAL.inv_cdf(power)
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        baseline * (1 - baseline) + target * (1 - target)
    )
    # a hair of tolerance so that a size that is whole in exact arithmetic is not rounded up
    return math.ceil(spread**2 / (target - baseline) ** 2 - 1e-9)


# --- the verdict -------------------------------------------------------------------------------


def _compare(
    control: VariantResult, variant: VariantResult, alpha: float, minimum_effect: float, size: int | None
) -> Comparison:
    pair_c, pair_v = (control.conversions, control.visitors), (variant.conversions, variant.visitors)
    z, p_value = z_test(pair_c, pair_v)
    low, high = uplift_interval(pair_c, pair_v, alpha)
    uplift = variant.rate / control.rate - 1 if control.conversions else None
    notes: list[Msg] = []
    reached = size is not None and min(control.visitors, variant.visitors) >= size
    too_small = _too_small(control, variant)
    if p_value < alpha and low > 0:
        verdict = Verdict.WINNER
    elif p_value < alpha and high < 0:
        verdict = Verdict.LOSER
    elif reached and not too_small:
        verdict = Verdict.NO_DIFFERENCE
    else:
        verdict = Verdict.KEEP_RUNNING
    if too_small:
        notes.append(msg("abtest.note.small_sample", minimum=MIN_EXPECTED))
        if verdict in (Verdict.WINNER, Verdict.LOSER):
            verdict = Verdict.KEEP_RUNNING
    if size is None:
        reason = "abtest.note.no_baseline" if control.conversions == 0 else "abtest.note.effect_too_large"
        notes.append(msg(reason, effect=Percent(minimum_effect)))
    elif verdict in (Verdict.WINNER, Verdict.LOSER) and not reached:
        notes.append(msg("abtest.note.early", size=size))
    if control.conversions == 0 and variant.conversions > 0:
        notes.append(msg("abtest.note.control_zero"))
    return Comparison(
        control=control,
        variant=variant,
        alpha=alpha,
        minimum_effect=minimum_effect,
        uplift=uplift,
        interval=(low, high),
        z=z,
        p_value=p_value,
        sample_size_per_variant=size,
        verdict=verdict,
        notes=tuple(notes),
    )


def _too_small(*variants: VariantResult) -> bool:
    """Fewer than :data:`MIN_EXPECTED` expected conversions or non-conversions in some variant."""
    visitors = sum(variant.visitors for variant in variants)
    pooled = sum(variant.conversions for variant in variants) / visitors
    if pooled in (0, 1):
        return False  # no difference to approximate: the p-value is exactly 1
    return any(min(pooled, 1 - pooled) * variant.visitors < MIN_EXPECTED for variant in variants)


def _overall(comparisons: Sequence[Comparison]) -> Verdict:
    verdicts = {comparison.verdict for comparison in comparisons}
    if Verdict.WINNER in verdicts:
        return Verdict.WINNER
    if Verdict.KEEP_RUNNING in verdicts:
        return Verdict.KEEP_RUNNING
    if verdicts == {Verdict.LOSER}:
        return Verdict.LOSER
    return Verdict.NO_DIFFERENCE


def _lead(comparisons: Sequence[Comparison]) -> Comparison:
    winners = [comparison for comparison in comparisons if comparison.verdict is Verdict.WINNER]
    return max(winners or comparisons, key=lambda comparison: comparison.variant.rate)


def _shortfall(size: int | None, variants: Sequence[VariantResult]) -> int | None:
    if size is None:
        return None
    return sum(max(0, size - variant.visitors) for variant in variants)


def _variants(
    visitors: Sequence[int], conversions: Sequence[int], names: Sequence[str] | None
) -> tuple[VariantResult, ...]:
    if len(visitors) != len(conversions):
        raise ExperimentError(
            msg("abtest.unequal_lengths", visitors=len(visitors), conversions=len(conversions))
        )
    if len(visitors) < 2:
        raise ExperimentError(msg("abtest.too_few_variants", count=len(visitors)))
    labels = list(names) if names is not None else [_letter(index) for index in range(len(visitors))]
    if len(labels) != len(visitors):
        raise ValueError("one name per variant")
    result = []
    for name, seen, converted in zip(labels, visitors, conversions, strict=True):
        if seen <= 0:
            raise ExperimentError(msg("abtest.no_visitors", variant=name))
        if converted < 0:
            raise ExperimentError(msg("abtest.negative", variant=name, value=converted))
        if converted > seen:
            raise ExperimentError(
                msg("abtest.conversions_above_visitors", variant=name, conversions=converted, visitors=seen)
            )
        result.append(VariantResult(name, seen, converted))
    return tuple(result)


def _letter(index: int) -> str:
    """A, B, ... Z, then V27, V28 for very wide tests."""
    return chr(ord("A") + index) if index < 26 else f"V{index + 1}"


def rounded(value: float | None, digits: int = 4) -> float | None:
    """``value`` to ``digits`` significant digits, for reports (a p-value of 3.2e-12 keeps its size)."""
    if value is None:
        return None
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_MINIMUM_EFFECT",
    "POWER",
    "VERDICT_RULES",
    "Comparison",
    "ExperimentError",
    "ExperimentResult",
    "VariantResult",
    "Verdict",
    "analyse",
    "analyse_experiment",
    "required_sample_size",
    "rounded",
    "uplift_interval",
    "z_test",
]
