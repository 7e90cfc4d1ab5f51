"""Steering ("bijsturen"): what to do about each kind of cause a diagnosis finds.

The advice is declared as data: :data:`SUGGESTIONS` maps every kind of cause the diagnosis
names (:data:`koers.monitor.diagnosis.CAUSE_KINDS`) to the messages that suggest what to do,
in Dutch and English (:mod:`koers.i18n.messages.steer`). It follows the seeds: low time on
site calls for rewriting the texts so people stay longer (seed 000, "bekijk andere opties"); a
lagging channel for a look at that channel's campaigns and budget; a lagging funnel step for
nurturing or qualification (seed 004); low click rates for testing new ad copy; and every
change is tested and measured again ("test en meet", seed 000), the suggestion that closes
every list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from koers.i18n import Lang, Msg, msg
from koers.monitor.diagnosis import Cause, Diagnosis

SUGGESTIONS: Mapping[str, tuple[str, ...]] = {
    "low_time_on_site": ("steer.low_time_on_site.rewrite", "steer.low_time_on_site.pages"),
    "low_engagement": ("steer.low_engagement.relevance", "steer.low_engagement.speed"),
    "low_ctr": ("steer.low_ctr.copy", "steer.low_ctr.targeting"),
    "low_returning": (
        "steer.low_returning.newsletter",
        "steer.low_returning.remarketing",
        "steer.low_returning.content",
    ),
    "low_traffic": ("steer.low_traffic.channels", "steer.low_traffic.findability"),
    "low_reach": ("steer.low_reach.budget", "steer.low_reach.limits"),
    "low_downloads": ("steer.low_downloads.placement", "steer.low_downloads.promote"),
    "low_conversion": ("steer.low_conversion.form", "steer.low_conversion.pages"),
    "low_leads": ("steer.low_leads.offers",),
    "low_signups": ("steer.low_signups.reason",),
    "low_sales": ("steer.low_sales.funnel", "steer.low_sales.follow_up"),
    "low_loyalty": ("steer.low_loyalty.offer", "steer.low_loyalty.newsletter"),
    "high_cost": ("steer.high_cost.shift", "steer.high_cost.bids"),
    "low_satisfaction": ("steer.low_satisfaction.detractors",),
    "funnel_volume": ("steer.funnel_volume.inflow",),
    "funnel_nurture": ("steer.funnel_nurture.nurture",),
    "funnel_qualification": ("steer.funnel_qualification.criteria",),
    "funnel_follow_up": ("steer.funnel_follow_up.speed",),
    "funnel_closing": ("steer.funnel_closing.quotes",),
    "funnel_rate": ("steer.funnel_rate.investigate",),
    "channel_lag": ("steer.channel_lag.campaigns", "steer.channel_lag.compare"),
    "campaign_lag": ("steer.campaign_lag.review",),
    "landing_page_lag": ("steer.landing_page_lag.improve",),
    "device_lag": ("steer.device_lag.check",),
    "mix_shift": ("steer.mix_shift.budget",),
}
"""Kind of cause -> the suggestions for it (message keys), most direct first."""

TEST_AND_MEASURE = "steer.test_and_measure"
"""Closes every list of suggestions: test the change and measure again (seed 000, step 3)."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested action, for one cause (and the segment or step it is about)."""

    cause: str
    subject: str | None
    message: Msg

    def render(self, lang: Lang | str) -> str:
        return self.message.render(lang)

    def to_dict(self, lang: Lang | str = Lang.EN) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "subject": self.subject,
            "key": self.message.key,
            "text": self.render(lang),
        }


def suggestions_for(cause: Cause) -> list[Suggestion]:
    """The suggestions for one cause, its subject filled in; none for a kind not in the table."""
    subject: Any = cause.subject if cause.subject else msg("diagnosis.not_set")
    return [
        Suggestion(cause.kind, cause.subject, msg(key, subject=subject))
        for key in SUGGESTIONS.get(cause.kind, ())
    ]


def suggest(diagnosis: Diagnosis) -> list[Suggestion]:
    """What to do about a diagnosis: the suggestions for each cause in its ranked order, each
    once, then "test and measure". Empty when nothing is behind."""
    found: dict[tuple[str, str | None], Suggestion] = {}
    for cause in diagnosis.causes:
        for suggestion in suggestions_for(cause):
            found.setdefault((suggestion.message.key, suggestion.subject), suggestion)
    if not found:
        return []
    return [*found.values(), Suggestion("test_and_measure", None, msg(TEST_AND_MEASURE))]


__all__ = ["SUGGESTIONS", "TEST_AND_MEASURE", "Suggestion", "suggest", "suggestions_for"]
