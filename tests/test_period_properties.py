"""Property tests of period arithmetic: the laws every caller of ``koers.domain.period`` relies on."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from koers.domain.period import Grain, Period, add, floor_to
from strategies import days, grains, periods

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HOUR = timedelta(hours=1)
GRAIN_DAYS = {
    Grain.DAY: {1},
    Grain.WEEK: {7},
    Grain.MONTH: {28, 29, 30, 31},
    Grain.QUARTER: {90, 91, 92},
    Grain.YEAR: {365, 366},
}
counts = st.integers(min_value=-30, max_value=30)
short_periods = periods(max_days=120)


def calendar_periods(min_grain: Grain = Grain.DAY) -> st.SearchStrategy[Period]:
    """Whole calendar units of ``min_grain`` or larger."""
    return st.builds(
        Period.containing, days(), st.sampled_from([g for g in Grain if g.order >= min_grain.order])
    )


# --- cutting into sub-periods --------------------------------------------------------------


@given(periods(), grains)
def test_subperiods_partition_the_period(period: Period, grain: Grain) -> None:
    pieces = period.subperiods(grain)
    assert pieces[0].start == period.start
    assert pieces[-1].end == period.end
    assert all(left.end == right.start for left, right in itertools.pairwise(pieces))
    assert sum(piece.days for piece in pieces) == period.days
    # each piece lies inside one calendar unit, and every cut is on a unit boundary
    assert all(floor_to(piece.start, grain) == floor_to(piece.last_day, grain) for piece in pieces)
    assert all(floor_to(piece.start, grain) == piece.start for piece in pieces[1:])


@given(periods(), grains)
def test_complete_subperiods_are_the_whole_units(period: Period, grain: Grain) -> None:
    pieces = period.subperiods(grain)
    complete = period.complete_subperiods(grain)
    whole = [piece for piece in pieces if add(floor_to(piece.start, grain), grain) == piece.end]
    whole = [piece for piece in whole if floor_to(piece.start, grain) == piece.start]
    assert list(complete) == whole
    assert all(piece.grain is grain for piece in complete)
    # only the first and the last piece can be partial
    assert len(complete) >= len(pieces) - 2


@given(days(), grains)
def test_containing_holds_the_day(day: date, grain: Grain) -> None:
    period = Period.containing(day, grain)
    assert period.contains(day)
    assert period.start == floor_to(day, grain)
    assert period.grain is grain
    assert period.days in GRAIN_DAYS[grain]


# --- moving --------------------------------------------------------------------------------


@given(periods(), st.sampled_from([Grain.DAY, Grain.WEEK]), counts)
def test_shifting_by_days_or_weeks_is_exact_and_reversible(period: Period, grain: Grain, count: int) -> None:
    moved = period.shifted(grain, count)
    step = timedelta(days=count * (7 if grain is Grain.WEEK else 1))
    assert (moved.start, moved.end) == (period.start + step, period.end + step)
    assert moved.shifted(grain, -count) == period


@given(calendar_periods(Grain.MONTH), st.sampled_from([Grain.MONTH, Grain.QUARTER, Grain.YEAR]), counts)
def test_shifting_a_calendar_unit_keeps_it_whole(period: Period, grain: Grain, count: int) -> None:
    own = period.grain
    assert own is not None
    moved = period.shifted(grain, count)
    assert moved.start == add(period.start, grain, count)
    assert moved.end == add(moved.start, own)
    if grain.order >= own.order:  # a quarter moved by a month cannot stay a calendar quarter
        assert moved.grain is own
        assert moved.shifted(grain, -count) == period


@given(periods(), st.sampled_from([Grain.MONTH, Grain.QUARTER, Grain.YEAR]), counts)
def test_shifting_by_months_moves_the_start(period: Period, grain: Grain, count: int) -> None:
    moved = period.shifted(grain, count)
    assert moved.start == add(period.start, grain, count)
    assert moved.days >= 1


@given(periods(), st.sampled_from([Grain.MONTH, Grain.QUARTER, Grain.YEAR]), counts)
def test_shifting_by_months_moves_the_last_day_alike(period: Period, grain: Grain, count: int) -> None:
    # The law users read: the first and the last day each move by the same calendar step.
    # Whole months, quarters and years follow their own law (they stay whole: see above).
    assume(period.grain is None or period.grain.order < Grain.MONTH.order)
    moved = period.shifted(grain, count)
    assert moved.last_day == max(add(period.last_day, grain, count), moved.start)


def test_a_year_earlier_keeps_the_last_day_when_that_day_exists() -> None:
    # 1 to 28 February 2024 (a custom range: 2024 has a 29th) a year earlier is 1 to 28
    # February 2023, not 1 to 27 February: year-on-year views must not drop a day.
    period = Period.inclusive(date(2024, 2, 1), date(2024, 2, 28))
    assert period.shifted(Grain.YEAR, -1) == Period.inclusive(date(2023, 2, 1), date(2023, 2, 28))


@given(periods())
def test_previous_ends_where_the_period_starts(period: Period) -> None:
    before = period.previous()
    assert before.end == period.start
    own = period.grain
    if own is None or own.order < Grain.MONTH.order:
        assert before.days == period.days
    else:
        assert before.grain is own
        assert before.shifted(own, 1) == period


# --- reading -------------------------------------------------------------------------------


@given(periods())
def test_inclusive_last_day_round_trips(period: Period) -> None:
    assert Period.inclusive(period.start, period.last_day) == period
    assert period.contains(period.last_day)
    assert not period.contains(period.end)
    assert period.contains(period.start)
    assert str(period) == f"{period.start.isoformat()}..{period.last_day.isoformat()}"


@given(short_periods)
def test_iter_days_lists_each_day_once(period: Period) -> None:
    listed = list(period.iter_days())
    assert len(listed) == period.days
    assert listed == [period.start + timedelta(days=n) for n in range(period.days)]


@given(periods(), days())
def test_elapsed_days_is_bounded_and_counts_as_of(period: Period, as_of: date) -> None:
    elapsed = period.elapsed_days(as_of)
    assert 0 <= elapsed <= period.days
    if as_of < period.start:
        assert elapsed == 0
    elif as_of >= period.last_day:
        assert elapsed == period.days
    else:
        assert elapsed == (as_of - period.start).days + 1
    assert 0 <= period.elapsed_fraction(as_of) <= 1


@given(periods(), days(max_value=date(2100, 12, 30)))
def test_elapsed_days_grows_by_at_most_one_a_day(period: Period, as_of: date) -> None:
    today, tomorrow = period.elapsed_days(as_of), period.elapsed_days(as_of + timedelta(days=1))
    assert today <= tomorrow <= today + 1
    assert (tomorrow == today + 1) == period.contains(as_of + timedelta(days=1))


@given(short_periods, short_periods)
def test_intersection_and_overlaps_agree(first: Period, second: Period) -> None:
    common = first.intersection(second)
    assert first.overlaps(second) == (common is not None) == second.overlaps(first)
    assert common == second.intersection(first)
    shared_days = set(first.iter_days()) & set(second.iter_days())
    if common is None:
        assert not shared_days
    else:
        assert first.covers(common)
        assert second.covers(common)
        assert set(common.iter_days()) == shared_days
    assert first.covers(second) == (common == second)


# --- instants ------------------------------------------------------------------------------


def _last_sunday(year: int, month: int) -> date:
    last = add(date(year, month, 1), Grain.MONTH) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


# Days near the switch to and from summer time, where a day is not 24 hours long.
near_dst = st.builds(
    lambda year, month, offset: _last_sunday(year, month) + timedelta(days=offset),
    st.integers(1997, 2099),
    st.sampled_from([3, 10]),
    st.integers(-3, 3),
)


def _expected_hours(day: date) -> int:
    if day == _last_sunday(day.year, 3):
        return 23
    if day == _last_sunday(day.year, 10):
        return 25
    return 24


@given(
    st.one_of(near_dst, days(min_value=date(1997, 1, 1))),
    st.integers(min_value=1, max_value=40),
)
def test_bounds_are_local_midnights_24_hours_apart_except_on_dst_days(start: date, length: int) -> None:
    period = Period(start=start, end=start + timedelta(days=length))
    first, last = period.bounds("Europe/Amsterdam")
    assert first.tzinfo == AMSTERDAM
    assert last.tzinfo == AMSTERDAM
    assert (first.date(), first.time(), last.date(), last.time()) == (
        period.start,
        time(),
        period.end,
        time(),
    )
    total = timedelta()
    for day in period.iter_days():
        begin, end = Period(start=day, end=day + timedelta(days=1)).bounds(AMSTERDAM)
        # Subtracting two datetimes in one zone ignores the offset change; UTC does not.
        hours = (end.astimezone(UTC) - begin.astimezone(UTC)) / HOUR
        assert hours == _expected_hours(day)
        total += end.astimezone(UTC) - begin.astimezone(UTC)
    assert last.astimezone(UTC) - first.astimezone(UTC) == total


def test_dst_days_of_2023_in_amsterdam() -> None:
    # Pins the helper above to the calendar: 26 March and 29 October 2023.
    assert (_last_sunday(2023, 3), _last_sunday(2023, 10)) == (date(2023, 3, 26), date(2023, 10, 29))
    spring = Period.containing(date(2023, 3, 26), Grain.DAY).bounds("Europe/Amsterdam")
    assert spring[0].utcoffset() == HOUR
    assert spring[1].utcoffset() == 2 * HOUR
    assert datetime.fromisoformat("2023-03-26T00:00:00+01:00") == spring[0]
