"""Working days (жұмыс күндері): pure rules, stdlib only.

Every deadline of the methodology counts working days ("Deadlines are working days"): §4
"within 5 working days after they return", §9 "within 10 working days after the period
starts", §12/§23 rework "no later than 2 working days", §24/§28/§40 "2 working days", §29
"7 working days before" the meeting, §42 appeal "within 10 working days".

The counting convention, used by every function here: the day a period is counted from never
counts; the day it is counted to does. "Within N working days after X" therefore ends on
`add_working_days(X, N)`, and `working_days_between(X, add_working_days(X, N)) == N`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SATURDAY = 5
SUNDAY = 6
WEEKEND: frozenset[int] = frozenset({SATURDAY, SUNDAY})
ONE_DAY = dt.timedelta(days=1)


class CalendarRangeError(ValueError):
    """A day outside the range a calendar was built for: its days off there are unknown."""


@dataclass(frozen=True)
class WorkingCalendar:
    """A working-day calendar (жұмыс күндерінің күнтізбесі).

    `days_off`: dates that are not working days although they may fall on a weekday
    (holidays, holidays moved off a weekend, days off moved by order). `working_days`:
    weekend dates made working days (the other half of a moved day off). A date may be in
    at most one of the two. `first`/`last`, when given, bound the range the data covers;
    asking about a day outside raises `CalendarRangeError` rather than guessing.
    """

    days_off: frozenset[dt.date] = frozenset()
    working_days: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = WEEKEND
    first: dt.date | None = None
    last: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "working_days", frozenset(self.working_days))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        both = self.days_off & self.working_days
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"dates both days off and working days: {listed}")
        if not self.weekend <= set(range(7)):
            raise ValueError("weekend days are weekday numbers 0 (Monday) to 6 (Sunday)")
        # A week without a working weekday would make add_working_days search forever.
        if len(self.weekend) >= 7:
            raise ValueError("a week needs at least one working weekday")
        if self.first and self.last and self.first > self.last:
            raise ValueError("first must not be after last")

    def covers(self, day: dt.date) -> bool:
        """Whether `day` lies within the range the calendar's data covers."""
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is a working day: a weekday not off, or a weekend day made working."""
        if not self.covers(day):
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the calendar "
                f"({_iso(self.first)} to {_iso(self.last)})"
            )
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return day.weekday() not in self.weekend

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after `start` (n ≥ 1), or strictly before it (n < 0).

        `start` itself never counts, working or not: §4 "within 5 working days after they
        return" ends on `add_working_days(return_day, 5)`; §12 rework "no later than 2 working
        days" from the return ends on `add_working_days(returned_on, 2)`. n = 0 returns
        `start` unchanged. n < 0 counts backwards: §29 "7 working days before" the meeting is
        `add_working_days(meeting_day, -7)`. For n ≠ 0 the result is always a working day.
        """
        if n == 0:
            return start
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        day = start
        while True:
            day += step
            if self.is_working_day(day):
                remaining -= 1
                if remaining == 0:
                    return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working-day steps from `a` to `b`: the working days d with a < d ≤ b.

        If b < a the count runs backwards and is negative: minus the working days d with
        b ≤ d < a. Either way `a` never counts and `b` does, mirroring `add_working_days`,
        so `working_days_between(a, add_working_days(a, n)) == n` for every integer n.
        (When both `a` and `b` are working days, `working_days_between(b, a)` is
        `-working_days_between(a, b)`.)
        """
        if b >= a:
            return sum(1 for d in _days(a + ONE_DAY, b) if self.is_working_day(d))
        return -sum(1 for d in _days(b, a - ONE_DAY) if self.is_working_day(d))

    def days_off_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Every non-working day from `first` to `last` inclusive, weekends included."""
        return [d for d in _days(first, last) if not self.is_working_day(d)]

    def exceptions_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Days from `first` to `last` that break the weekend rule.

        That is the non-working weekdays and the working weekend days: the list a
        published production calendar gives for a year.
        """
        return [
            d for d in _days(first, last) if self.is_working_day(d) == (d.weekday() in self.weekend)
        ]


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "open"


def working_calendar(
    *,
    days_off: Iterable[dt.date] = (),
    working_days: Iterable[dt.date] = (),
    overrides: Iterable[tuple[dt.date, bool]] = (),
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> WorkingCalendar:
    """A calendar from a base (`days_off`, `working_days`) and `overrides` that win over it.

    Each override is (date, is_working): True makes the date a working day even if the base
    has it off, False makes it a day off even if the base has it working. This is how an
    operator's correction beats a library's guess.
    """
    off = set(days_off)
    working = set(working_days)
    for day, is_working in overrides:
        if is_working:
            off.discard(day)
            working.add(day)
        else:
            working.discard(day)
            off.add(day)
    return WorkingCalendar(
        days_off=frozenset(off), working_days=frozenset(working), first=first, last=last
    )


def is_working_day(calendar: WorkingCalendar, day: dt.date) -> bool:
    """Whether `day` is a working day in `calendar`."""
    return calendar.is_working_day(day)


def add_working_days(calendar: WorkingCalendar, start: dt.date, n: int) -> dt.date:
    """See `WorkingCalendar.add_working_days`."""
    return calendar.add_working_days(start, n)


def working_days_between(calendar: WorkingCalendar, a: dt.date, b: dt.date) -> int:
    """See `WorkingCalendar.working_days_between`."""
    return calendar.working_days_between(a, b)
