"""Pure working-day rules: properties for any calendar, examples on a small one."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.workcalendar.rules import (
    CalendarRangeError,
    WorkingCalendar,
    add_working_days,
    is_working_day,
    working_calendar,
    working_days_between,
)

DAYS = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31))
STARTS = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
STEPS = st.integers(min_value=-40, max_value=40)
NATURAL = st.integers(min_value=0, max_value=30)


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    days_off = draw(st.frozensets(DAYS, max_size=80))
    working = draw(st.frozensets(DAYS, max_size=20)) - days_off
    return WorkingCalendar(days_off=days_off, working_days=working)


def brute_working_days(cal: WorkingCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    return [
        first + dt.timedelta(days=i)
        for i in range((last - first).days + 1)
        if cal.is_working_day(first + dt.timedelta(days=i))
    ]


# Given any calendar and start, when n working days are added, then counting gives n back.
@given(calendars(), STARTS, STEPS)
def test_add_then_count_round_trips(cal: WorkingCalendar, start: dt.date, n: int) -> None:
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@given(calendars(), STARTS, STEPS.filter(lambda n: n != 0))
def test_result_is_a_working_day_on_the_right_side(
    cal: WorkingCalendar, start: dt.date, n: int
) -> None:
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert (end > start) if n > 0 else (end < start)


@given(calendars(), STARTS, st.integers(min_value=-40, max_value=39))
def test_strictly_monotonic_in_n(cal: WorkingCalendar, start: dt.date, n: int) -> None:
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@given(calendars(), STARTS, NATURAL, NATURAL)
def test_adding_in_two_steps_equals_adding_at_once(
    cal: WorkingCalendar, start: dt.date, a: int, b: int
) -> None:
    assert cal.add_working_days(cal.add_working_days(start, a), b) == cal.add_working_days(
        start, a + b
    )
    assert cal.add_working_days(cal.add_working_days(start, -a), -b) == cal.add_working_days(
        start, -(a + b)
    )


@given(calendars(), STARTS, st.integers(min_value=1, max_value=30))
def test_there_and_back_returns_to_a_working_start(
    cal: WorkingCalendar, start: dt.date, n: int
) -> None:
    forward = cal.add_working_days(start, n)
    back = cal.add_working_days(forward, -n)
    if cal.is_working_day(start):
        assert back == start
    else:  # a non-working start comes back to the last working day before it
        assert back == cal.add_working_days(start, -1)


@given(calendars(), STARTS, st.integers(min_value=1, max_value=30))
def test_nth_working_day_has_exactly_n_working_days_after_start(
    cal: WorkingCalendar, start: dt.date, n: int
) -> None:
    end = cal.add_working_days(start, n)
    assert brute_working_days(cal, start + dt.timedelta(days=1), end)[-1] == end
    assert len(brute_working_days(cal, start + dt.timedelta(days=1), end)) == n


@given(calendars(), STARTS, STARTS)
def test_count_matches_its_definition(cal: WorkingCalendar, a: dt.date, b: dt.date) -> None:
    one = dt.timedelta(days=1)
    if b >= a:
        expected = len(brute_working_days(cal, a + one, b))  # a < d <= b
    else:
        expected = -len(brute_working_days(cal, b, a - one))  # b <= d < a
    assert cal.working_days_between(a, b) == expected


@given(calendars(), STARTS, STARTS, STARTS)
def test_count_adds_up_along_a_monotone_chain(
    cal: WorkingCalendar, x: dt.date, y: dt.date, z: dt.date
) -> None:
    for a, b, c in (sorted((x, y, z)), sorted((x, y, z), reverse=True)):
        between = cal.working_days_between
        assert between(a, b) + between(b, c) == between(a, c)


@given(calendars(), STARTS, STARTS)
def test_count_is_antisymmetric_between_working_days(
    cal: WorkingCalendar, a: dt.date, b: dt.date
) -> None:
    if cal.is_working_day(a) and cal.is_working_day(b):
        assert cal.working_days_between(b, a) == -cal.working_days_between(a, b)


@given(calendars(), STARTS)
def test_zero_days_is_the_start_itself(cal: WorkingCalendar, start: dt.date) -> None:
    assert cal.add_working_days(start, 0) == start
    assert cal.working_days_between(start, start) == 0


@given(st.frozensets(DAYS, max_size=40), st.frozensets(DAYS, max_size=40), DAYS)
def test_an_override_wins_over_the_base(
    base_off: frozenset[dt.date], overridden: frozenset[dt.date], day: dt.date
) -> None:
    cal = working_calendar(
        days_off=base_off,
        overrides=[(d, True) for d in overridden] + [(day, False)],
    )
    assert not cal.is_working_day(day)
    for d in overridden - {day}:
        assert cal.is_working_day(d)


# Examples on a hand-made calendar: Kazakhstan, January 2025.
JAN_2025 = WorkingCalendar(
    days_off=frozenset(
        {dt.date(2025, 1, 1), dt.date(2025, 1, 2), dt.date(2025, 1, 3), dt.date(2025, 1, 7)}
    ),
    working_days=frozenset({dt.date(2025, 1, 5)}),
)


def test_a_weekend_day_made_working_counts() -> None:
    assert is_working_day(JAN_2025, dt.date(2025, 1, 5))  # Sunday, worked for Fri 3 Jan
    assert not is_working_day(JAN_2025, dt.date(2025, 1, 4))
    assert add_working_days(JAN_2025, dt.date(2024, 12, 31), 1) == dt.date(2025, 1, 5)
    assert add_working_days(JAN_2025, dt.date(2024, 12, 31), 3) == dt.date(2025, 1, 8)
    assert working_days_between(JAN_2025, dt.date(2024, 12, 31), dt.date(2025, 1, 8)) == 3


def test_counting_back_skips_days_off() -> None:
    # §29: "7 working days before" a meeting on Friday 17 Jan 2025.
    assert add_working_days(JAN_2025, dt.date(2025, 1, 17), -7) == dt.date(2025, 1, 8)
    assert add_working_days(JAN_2025, dt.date(2025, 1, 8), -2) == dt.date(2025, 1, 5)
    assert working_days_between(JAN_2025, dt.date(2025, 1, 17), dt.date(2025, 1, 8)) == -7


def test_a_bounded_calendar_refuses_days_outside_it() -> None:
    cal = WorkingCalendar(first=dt.date(2025, 1, 1), last=dt.date(2025, 1, 31))
    assert cal.is_working_day(dt.date(2025, 1, 31))
    with pytest.raises(CalendarRangeError, match="2025-02-01 is outside"):
        cal.add_working_days(dt.date(2025, 1, 30), 2)


def test_a_day_cannot_be_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="2025-01-05"):
        WorkingCalendar(
            days_off=frozenset({dt.date(2025, 1, 5)}),
            working_days=frozenset({dt.date(2025, 1, 5)}),
        )


def test_a_week_needs_a_working_weekday() -> None:
    with pytest.raises(ValueError, match="working weekday"):
        WorkingCalendar(weekend=frozenset(range(7)))


def test_exceptions_are_non_working_weekdays_and_working_weekends() -> None:
    got = JAN_2025.exceptions_in(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert got == [
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 2),
        dt.date(2025, 1, 3),
        dt.date(2025, 1, 5),
        dt.date(2025, 1, 7),
    ]
