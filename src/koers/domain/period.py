"""Periods: half-open date ranges ``[start, end)`` and the calendar grains that cut them.

A KPI's period is a range of calendar days in the workspace's time zone. Storing the end
exclusively makes periods tile without gaps or overlap (March is ``[1 Mar, 1 Apr)``), while
users always see the inclusive last day (:attr:`Period.last_day`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Any, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError


class Grain(StrEnum):
    """A calendar unit: the size of a sub-period or of a standard period."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def order(self) -> int:
        return list(Grain).index(self)


def floor_to(day: date, grain: Grain) -> date:
    """The first day of the ``grain`` that holds ``day`` (weeks start on Monday, ISO 8601)."""
    match grain:
        case Grain.DAY:
            return day
        case Grain.WEEK:
            return day - timedelta(days=day.weekday())
        case Grain.MONTH:
            return day.replace(day=1)
        case Grain.QUARTER:
            return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        case Grain.YEAR:
            return date(day.year, 1, 1)


def add(day: date, grain: Grain, count: int = 1) -> date:
    """``day`` moved by ``count`` grains; month arithmetic clips to the month's last day."""
    match grain:
        case Grain.DAY:
            return day + timedelta(days=count)
        case Grain.WEEK:
            return day + timedelta(weeks=count)
        case Grain.MONTH | Grain.QUARTER | Grain.YEAR:
            months = count * {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}[grain]
            index = day.year * 12 + day.month - 1 + months
            year, month = divmod(index, 12)
            return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


class Period(BaseModel):
    """Calendar days from ``start`` up to but not including ``end``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date

    @model_validator(mode="before")
    @classmethod
    def _end_from_last_day(cls, data: Any) -> Any:
        """People write the last day they mean (``last_day: 2023-03-31``); store the day after."""
        if isinstance(data, dict) and "last_day" in data:
            if "end" in data:
                raise PydanticCustomError("period_end_and_last_day", "give end or last_day, not both")
            rest = {key: value for key, value in data.items() if key != "last_day"}
            last_day = data["last_day"]
            if isinstance(last_day, str):
                try:
                    last_day = date.fromisoformat(last_day)
                except ValueError:
                    return {**rest, "end": last_day}  # let the date field report it
            if isinstance(last_day, date):
                return {**rest, "end": last_day + timedelta(days=1)}
            return {**rest, "end": last_day}
        return data

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if isinstance(start, date):
            if end < start:
                raise PydanticCustomError("period_end_before_start", "before start")
            if end == start:
                raise PydanticCustomError("period_empty", "equal to start: a period is empty")
        return end

    # --- construction -------------------------------------------------------------------

    @classmethod
    def of(cls, start: date, end: date) -> Self:
        """``[start, end)``; raises ``ValueError`` when ``end`` is not after ``start``."""
        return cls(start=start, end=end)

    @classmethod
    def inclusive(cls, first_day: date, last_day: date) -> Self:
        """The period from ``first_day`` through ``last_day``, both included."""
        return cls(start=first_day, end=last_day + timedelta(days=1))

    @classmethod
    def containing(cls, day: date, grain: Grain) -> Self:
        """The whole ``grain`` (day, week, month, quarter, year) that holds ``day``."""
        start = floor_to(day, grain)
        return cls(start=start, end=add(start, grain))

    @classmethod
    def month(cls, year: int, month: int) -> Self:
        return cls.containing(date(year, month, 1), Grain.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Self:
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1 to 4, not {quarter}")
        return cls.containing(date(year, 3 * quarter - 2, 1), Grain.QUARTER)

    @classmethod
    def year(cls, year: int) -> Self:
        return cls.containing(date(year, 1, 1), Grain.YEAR)

    # --- reading ------------------------------------------------------------------------

    @property
    def last_day(self) -> date:
        """The last day inside the period: what users read as "through"."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def grain(self) -> Grain | None:
        """The calendar grain this period is exactly one of, or ``None`` for a custom range."""
        for grain in (Grain.YEAR, Grain.QUARTER, Grain.MONTH, Grain.WEEK, Grain.DAY):
            if floor_to(self.start, grain) == self.start and add(self.start, grain) == self.end:
                return grain
        return None

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start < other.end and other.start < self.end

    def intersection(self, other: Period) -> Period | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Period(start=start, end=end) if start < end else None

    def iter_days(self) -> Iterator[date]:
        day = self.start
        while day < self.end:
            yield day
            day += timedelta(days=1)

    # --- arithmetic ---------------------------------------------------------------------

    def subperiods(self, grain: Grain) -> tuple[Period, ...]:
        """The period cut at ``grain`` boundaries; the first and last pieces may be partial."""
        pieces: list[Period] = []
        start = self.start
        while start < self.end:
            end = min(add(floor_to(start, grain), grain), self.end)
            pieces.append(Period(start=start, end=end))
            start = end
        return tuple(pieces)

    def complete_subperiods(self, grain: Grain) -> tuple[Period, ...]:
        """Only the sub-periods that are a whole ``grain``."""
        return tuple(piece for piece in self.subperiods(grain) if piece.grain is grain)

    def shifted(self, grain: Grain, count: int) -> Period:
        """The period moved by ``count`` grains: ``shifted(Grain.YEAR, -1)`` is a year earlier.

        A period that is a whole calendar unit stays one (February stays all of February).
        """
        own = self.grain
        if own is not None and own.order >= Grain.MONTH.order and grain.order >= Grain.MONTH.order:
            start = add(self.start, grain, count)
            return Period(start=start, end=add(start, own))
        # move the last day, not the exclusive end: 1-28 Feb 2024 a year back is 1-28 Feb 2023,
        # where moving the end (29 Feb, clipped to 28 Feb) would lose the 28th
        start = add(self.start, grain, count)
        end = add(self.last_day, grain, count) + timedelta(days=1)
        return Period(start=start, end=max(end, start + timedelta(days=1)))

    def previous(self) -> Period:
        """The period of the same length just before this one (the same unit if calendar)."""
        own = self.grain
        if own is not None:
            return self.shifted(own, -1)
        return Period(start=self.start - timedelta(days=self.days), end=self.start)

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period on or before ``as_of`` (``as_of`` counts as elapsed)."""
        return max(0, min(self.days, (as_of - self.start).days + 1))

    def elapsed_fraction(self, as_of: date) -> Fraction:
        return Fraction(self.elapsed_days(as_of), self.days)

    def bounds(self, tz: str | ZoneInfo) -> tuple[datetime, datetime]:
        """The period as aware instants in the time zone ``tz``: midnight to midnight."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        return (
            datetime.combine(self.start, time(), tzinfo=zone),
            datetime.combine(self.end, time(), tzinfo=zone),
        )

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"


def today_in(tz: str) -> date:
    """Today's date in the time zone ``tz`` (the workspace's, not the machine's)."""
    return datetime.now(ZoneInfo(tz)).date()
