"""Reads: Kazakhstan's working-day calendar, the `holidays` package merged with CalendarDay rows.

The `holidays` package (country KZ, Kazakh names) gives the public holidays, holidays carried
over from a weekend (its "observed" days), the days off moved by order (its "substituted"
days) and the weekend days those moves made working (`weekend_workdays`). CalendarDay rows
(shipped facts and the operator's corrections) win over it, day by day. Each public function
costs one database query.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import holidays

from bagalau.workcalendar import rules
from bagalau.workcalendar.models import CalendarDay, DayKind
from bagalau.workcalendar.names import holiday_name_ru
from bagalau.workcalendar.rules import CalendarRangeError, WorkingCalendar

LIBRARY_SOURCE = f"holidays {holidays.__version__}, country KZ"
ORIGIN_LIBRARY = "library"
MOVED_WORKING_KK = "Жұмыс күні (демалыс күні ауыстырылды)"
MOVED_WORKING_RU = "Рабочий день (выходной перенесён)"


@dataclass(frozen=True)
class LibraryYear:
    """What the `holidays` package says about one year: days off (with names), worked weekends."""

    days_off: Mapping[dt.date, str]
    working_days: frozenset[dt.date]


@functools.cache
def library_year(year: int) -> LibraryYear:
    """The `holidays` package's Kazakhstan calendar for `year`, Kazakh names (cached).

    A move of a day off is recorded under the year of the day off, so a weekend day of
    `year` made working may only show when the next year is built (2014's 3 Jan took
    28 Dec 2013); both years are built and the result trimmed to `year`.
    """
    kz = holidays.country_holidays("KZ", years=(year, year + 1), language="kk")
    days_off = {day: name for day, name in kz.items() if day.year == year}
    working = frozenset(day for day in kz.weekend_workdays if day.year == year)
    return LibraryYear(days_off=MappingProxyType(days_off), working_days=working)


def _rows(first: dt.date, last: dt.date) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__range=(first, last)).order_by("date"))


def _calendar(first: dt.date, last: dt.date, rows: list[CalendarDay]) -> WorkingCalendar:
    days_off: list[dt.date] = []
    working: list[dt.date] = []
    for year in range(first.year, last.year + 1):
        lib = library_year(year)
        days_off.extend(lib.days_off)
        working.extend(lib.working_days)
    return rules.working_calendar(
        days_off=days_off,
        working_days=working,
        overrides=[(row.date, row.kind == DayKind.WORKING_DAY) for row in rows],
        first=first,
        last=last,
    )


def library_calendar(start_year: int, end_year: int) -> WorkingCalendar:
    """The `holidays` package's calendar alone, without any CalendarDay row (no query)."""
    return _calendar(dt.date(start_year, 1, 1), dt.date(end_year, 12, 31), [])


def calendar_between(first: dt.date, last: dt.date) -> WorkingCalendar:
    """The calendar from `first` to `last` inclusive (one query); outside it raises."""
    return _calendar(first, last, _rows(first, last))


def kazakhstan_calendar(start_year: int, end_year: int) -> WorkingCalendar:
    """Kazakhstan's working-day calendar for whole years `start_year`..`end_year` (one query)."""
    return calendar_between(dt.date(start_year, 1, 1), dt.date(end_year, 12, 31))


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day in Kazakhstan (operator's rows first, then the law)."""
    return calendar_between(day, day).is_working_day(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day strictly after `start` (n ≥ 1), strictly before it (n < 0).

    `start` itself never counts; n = 0 returns `start`. §4 "within 5 working days after
    return" ends on `add_working_days(return_day, 5)`; §12 rework "no later than 2 working
    days" on `add_working_days(returned_on, 2)`; §29 "7 working days before" the meeting is
    `add_working_days(meeting_day, -7)`.
    """
    if n == 0:
        return start
    # Kazakhstan never has more non-working than working days in a stretch this long; the
    # loop only widens the window for a calendar an operator has filled with days off.
    span = dt.timedelta(days=2 * abs(n) + 31)
    while True:
        first, last = (start, start + span) if n > 0 else (start - span, start)
        try:
            return calendar_between(first, last).add_working_days(start, n)
        except CalendarRangeError:
            span *= 2


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d ≤ b; if b < a, minus those with b ≤ d < a.

    `a` never counts, `b` does, so `working_days_between(a, add_working_days(a, n)) == n`.
    """
    first, last = min(a, b), max(a, b)
    return calendar_between(first, last).working_days_between(a, b)


@dataclass(frozen=True)
class DayInfo:
    """One day of the calendar: working or not, its name in Kazakh and Russian, and why."""

    date: dt.date
    is_working: bool
    name_kk: str
    name_ru: str
    source: str
    # "operator" or "shipped" (a CalendarDay row), "library" (the holidays package), or ""
    # (an ordinary weekday or weekend day).
    origin: str

    @property
    def weekday(self) -> str:
        return pycalendar.day_abbr[self.date.weekday()]

    def name(self, lang: str = "kk") -> str:
        """The name in `lang` ("kk" or "ru"), falling back to the other language."""
        first, second = (
            (self.name_ru, self.name_kk) if lang == "ru" else (self.name_kk, self.name_ru)
        )
        return first or second

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "weekday": self.weekday,
            "working": self.is_working,
            "name_kk": self.name_kk,
            "name_ru": self.name_ru,
            "source": self.source,
            "origin": self.origin,
        }


def days_between(first: dt.date, last: dt.date) -> list[DayInfo]:
    """Every day from `first` to `last` inclusive, with its working flag and names (one query)."""
    rows = _rows(first, last)
    cal = _calendar(first, last, rows)
    by_date = {row.date: row for row in rows}
    result = []
    day = first
    while day <= last:
        row = by_date.get(day)
        lib_name = library_year(day.year).days_off.get(day, "")
        if row is not None:
            info = DayInfo(
                day, cal.is_working_day(day), row.name_kk, row.name_ru, row.source, row.origin
            )
        elif lib_name and not cal.is_working_day(day):
            info = DayInfo(
                day, False, lib_name, holiday_name_ru(lib_name), LIBRARY_SOURCE, ORIGIN_LIBRARY
            )
        elif cal.is_working_day(day) and day.weekday() in cal.weekend:
            # A weekend day the package says is worked for a moved day off.
            info = DayInfo(
                day, True, MOVED_WORKING_KK, MOVED_WORKING_RU, LIBRARY_SOURCE, ORIGIN_LIBRARY
            )
        else:
            info = DayInfo(day, cal.is_working_day(day), "", "", "", "")
        result.append(info)
        day += rules.ONE_DAY
    return result


def month_days(year: int, month: int) -> list[DayInfo]:
    """Every day of the month with its working flag and its name in Kazakh and Russian.

    Raises ValueError for a month outside 1–12.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"unknown month {month}: expected 1 to 12")
    last = pycalendar.monthrange(year, month)[1]
    return days_between(dt.date(year, month, 1), dt.date(year, month, last))


def calendar_exceptions(year: int) -> list[DayInfo]:
    """The year's non-working weekdays and working weekend days, the production calendar's list."""
    return [
        info
        for info in days_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if info.is_working == (info.date.weekday() in rules.WEEKEND)
    ]
