"""The statuses a KPI can have at a date, in the order a reader should attend to them."""

from __future__ import annotations

from enum import StrEnum

from koers.i18n import Msg, msg


class Status(StrEnum):
    """Where a KPI stands at an as-of date.

    - ``not_started``: its period begins after the as-of date;
    - ``no_data``: the period runs (or ran) but there is no value to judge;
    - ``on_track``: heading for the target;
    - ``at_risk``: could still make it, but it is far from sure;
    - ``off_track``: unlikely to make it without steering;
    - ``achieved`` / ``missed``: decided: the period is over, or the target can no longer be
      missed (a total that already reached an "at least" target) or made.

    The rules that choose between on track, at risk and off track (pace and the forecast's
    probability) live with the forecast.
    """

    OFF_TRACK = "off_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> Msg:
        return msg(f"status.{self.value}")

    @property
    def needs_attention(self) -> bool:
        return self in (Status.OFF_TRACK, Status.AT_RISK, Status.MISSED, Status.NO_DATA)
