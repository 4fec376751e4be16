"""Kazakhstan's calendar 2024–2026 (METHODOLOGY.md, "Deadlines are working days")."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from bagalau.workcalendar import selectors
from bagalau.workcalendar.models import CalendarDay, DayKind
from bagalau.workcalendar.services import shipped_days
from bagalau.workcalendar.tests.factories import make_calendar_day

D = dt.date


def _days(year: int, spec: dict[int, tuple[int, ...]]) -> list[dt.date]:
    return sorted(D(year, month, day) for month, days in spec.items() for day in days)


# The digest's non-working weekdays, month -> days.
NON_WORKING_WEEKDAYS = {
    2024: _days(2024, {1: (1, 2), 3: (8, 21, 22, 25), 5: (1, 7, 8, 9), 7: (8,), 8: (30,),
                       10: (25,), 12: (16,)}),
    2025: _days(2025, {1: (1, 2, 3, 7), 3: (10, 21, 24, 25), 5: (1, 7, 9), 6: (6,), 7: (7,),
                       9: (1,), 10: (27,), 12: (16,)}),
    2026: _days(2026, {1: (1, 2, 7), 3: (9, 23, 24, 25), 5: (1, 7, 11, 27), 7: (6,),
                       10: (26,), 12: (16,)}),
}  # fmt: skip
# Weekend days made working by order: 2024 (order No. 109), 2025 (order No. 436); 2026 none.
WORKING_WEEKEND_DAYS = {2024: [D(2024, 5, 4)], 2025: [D(2025, 1, 5)], 2026: []}
YEARS = sorted(NON_WORKING_WEEKDAYS)


def _non_working_weekdays(cal, year: int) -> list[dt.date]:
    return [
        d
        for d in cal.exceptions_in(D(year, 1, 1), D(year, 12, 31))
        if d.weekday() < 5 and not cal.is_working_day(d)
    ]


def _working_weekend_days(cal, year: int) -> list[dt.date]:
    return [
        d
        for d in cal.exceptions_in(D(year, 1, 1), D(year, 12, 31))
        if d.weekday() >= 5 and cal.is_working_day(d)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_non_working_weekdays_equal_the_digest(year: int) -> None:
    cal = selectors.kazakhstan_calendar(year, year)
    assert _non_working_weekdays(cal, year) == NON_WORKING_WEEKDAYS[year]
    assert _working_weekend_days(cal, year) == WORKING_WEEKEND_DAYS[year]


@pytest.mark.parametrize("year", YEARS)
def test_the_holidays_package_alone_agrees_with_the_digest(year: int) -> None:
    cal = selectors.library_calendar(year, year)
    assert _non_working_weekdays(cal, year) == NON_WORKING_WEEKDAYS[year]
    assert _working_weekend_days(cal, year) == WORKING_WEEKEND_DAYS[year]


@pytest.mark.parametrize("year", YEARS)
def test_the_shipped_data_alone_agrees_with_the_digest(year: int) -> None:
    days = [d for d in shipped_days() if d.date.year == year]
    off = [d.date for d in days if d.kind == DayKind.DAY_OFF]
    working = [d.date for d in days if d.kind == DayKind.WORKING_DAY]
    assert sorted(off) == NON_WORKING_WEEKDAYS[year]
    # 31 Aug 2026 is a weekday made working explicitly: no Constitution Day in 2026.
    assert sorted(d for d in working if d.weekday() >= 5) == WORKING_WEEKEND_DAYS[year]


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_the_year_list_equals_the_digest(year: int) -> None:
    listed = selectors.calendar_exceptions(year)
    assert [d.date for d in listed if not d.is_working] == NON_WORKING_WEEKDAYS[year]
    assert [d.date for d in listed if d.is_working] == WORKING_WEEKEND_DAYS[year]
    assert all(d.name_kk and d.name_ru and d.source for d in listed)


def test_combining_the_package_gives_its_own_working_days() -> None:
    # Our reading of `holidays` (holidays, observed, substituted, weekend_workdays) must agree
    # with the package's own is_working_day on every day it knows.
    cal = selectors.library_calendar(2002, 2030)
    kz = holidays.country_holidays("KZ", years=range(2002, 2032))
    day = D(2002, 1, 1)
    while day <= D(2030, 12, 31):
        assert cal.is_working_day(day) == kz.is_working_day(day), day
        day += dt.timedelta(days=1)


EXAMPLES = [
    # (start, n, expected, why)
    (D(2024, 12, 31), 1, D(2025, 1, 5), "1-3 Jan 2025 off, Sun 5 Jan worked (order No. 436)"),
    (D(2024, 12, 31), 2, D(2025, 1, 6), "then Monday"),
    (D(2025, 1, 6), 1, D(2025, 1, 8), "7 Jan Orthodox Christmas"),
    (D(2024, 1, 5), 1, D(2024, 1, 8), "7 Jan 2024 is a Sunday and is not carried over"),
    (D(2026, 3, 20), 1, D(2026, 3, 26), "Nauryz 2026: 23 Mar, and 21-22 Mar moved to 24-25"),
    (D(2024, 3, 20), 1, D(2024, 3, 26), "Nauryz 2024: 21, 22, and Sat 23 moved to Mon 25"),
    (D(2024, 5, 3), 1, D(2024, 5, 4), "Sat 4 May 2024 is a working day"),
    (D(2024, 5, 6), 1, D(2024, 5, 10), "7, 8 (moved from 4 May), 9 May 2024 off"),
    (D(2024, 5, 10), -7, D(2024, 4, 26), "§29: 7 working days before, across 4 May worked"),
    (D(2024, 8, 29), 1, D(2024, 9, 2), "Constitution Day, Fri 30 Aug 2024"),
    (D(2025, 8, 29), 1, D(2025, 9, 2), "Sat 30 Aug 2025 moved to Mon 1 Sep"),
    (D(2026, 8, 28), 1, D(2026, 8, 31), "no Constitution Day in 2026: 31 Aug works"),
    (D(2024, 10, 24), 1, D(2024, 10, 28), "Republic Day, Fri 25 Oct 2024"),
    (D(2025, 10, 24), 1, D(2025, 10, 28), "Sat 25 Oct 2025 moved to Mon 27 Oct"),
    (D(2026, 10, 23), 1, D(2026, 10, 27), "Sun 25 Oct 2026 moved to Mon 26 Oct"),
    (D(2025, 12, 15), 1, D(2025, 12, 17), "Independence Day 16 Dec"),
    (D(2025, 6, 5), 1, D(2025, 6, 9), "Kurban ait, Fri 6 Jun 2025"),
    (D(2024, 6, 14), 1, D(2024, 6, 17), "Kurban ait Sun 16 Jun 2024 is not carried over"),
    (D(2026, 5, 26), 1, D(2026, 5, 28), "Kurban ait, Wed 27 May 2026"),
    (D(2026, 5, 8), 1, D(2026, 5, 12), "Sat 9 May 2026 moved to Mon 11 May"),
    (D(2025, 3, 7), 1, D(2025, 3, 11), "Sat 8 Mar 2025 moved to Mon 10 Mar"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "n", "expected", "why"), EXAMPLES)
def test_adding_working_days_on_real_dates(
    start: dt.date, n: int, expected: dt.date, why: str
) -> None:
    assert selectors.add_working_days(start, n) == expected, why
    assert selectors.working_days_between(start, expected) == n


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 5, 4), True),
        (D(2024, 5, 8), False),
        (D(2025, 1, 3), False),
        (D(2025, 1, 5), True),
        (D(2024, 8, 30), False),
        (D(2025, 9, 1), False),
        (D(2026, 8, 31), True),
        (D(2024, 10, 25), False),
        (D(2025, 10, 27), False),
        (D(2026, 10, 26), False),
        (D(2024, 12, 16), False),
        (D(2024, 1, 8), True),
        (D(2026, 3, 23), False),
        (D(2026, 3, 24), False),
        (D(2026, 3, 25), False),
        (D(2026, 3, 26), True),
    ],
)
def test_is_working_day_on_real_dates(day: dt.date, working: bool) -> None:
    assert selectors.is_working_day(day) is working


@pytest.mark.django_db
def test_counting_around_new_year() -> None:
    assert selectors.working_days_between(D(2024, 12, 31), D(2025, 1, 6)) == 2
    assert selectors.working_days_between(D(2025, 1, 6), D(2024, 12, 31)) == -2
    assert selectors.working_days_between(D(2025, 1, 1), D(2025, 1, 1)) == 0


@pytest.mark.django_db
def test_an_operator_row_makes_a_holiday_working() -> None:
    assert not selectors.is_working_day(D(2030, 1, 1))  # New Year by the package
    make_calendar_day(date=D(2030, 1, 1), kind=DayKind.WORKING_DAY)
    assert selectors.is_working_day(D(2030, 1, 1))
    assert selectors.add_working_days(D(2029, 12, 31), 1) == D(2030, 1, 1)


@pytest.mark.django_db
def test_an_operator_row_makes_a_working_day_off() -> None:
    assert selectors.is_working_day(D(2030, 1, 10))
    make_calendar_day(date=D(2030, 1, 10), kind=DayKind.DAY_OFF)
    assert not selectors.is_working_day(D(2030, 1, 10))
    assert selectors.add_working_days(D(2030, 1, 9), 1) == D(2030, 1, 11)
    month = {d.date: d for d in selectors.month_days(2030, 1)}
    assert month[D(2030, 1, 10)].name_ru == "Тестовый день"
    assert month[D(2030, 1, 10)].origin == "operator"


@pytest.mark.django_db
def test_without_the_shipped_rows_2026_aug_31_follows_the_package() -> None:
    # The package (0.109) drops Constitution Day from 2026 too; the shipped row pins it.
    CalendarDay.objects.all().delete()
    assert selectors.is_working_day(D(2026, 8, 31))
    assert selectors.is_working_day(D(2024, 5, 4))  # the package has the 2024 move too


@pytest.mark.django_db
def test_month_days_names_each_day_in_kazakh_and_russian() -> None:
    days = selectors.month_days(2026, 3)
    assert len(days) == 31
    by_date = {d.date: d for d in days}
    assert by_date[D(2026, 3, 23)].name_kk == "Наурыз мейрамы"
    assert by_date[D(2026, 3, 23)].name_ru == "Наурыз мейрамы"
    assert by_date[D(2026, 3, 21)].is_working is False
    assert by_date[D(2026, 3, 21)].origin == "library"  # a weekend holiday: no row needed
    assert by_date[D(2026, 3, 8)].name_ru == "Международный женский день"
    assert by_date[D(2026, 3, 26)].is_working
    assert by_date[D(2026, 3, 26)].name_kk == ""
    assert sum(d.is_working for d in days) == 18  # 22 weekdays, 4 off


@pytest.mark.django_db
def test_a_month_outside_1_to_12_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown month 13"):
        selectors.month_days(2026, 13)


@pytest.mark.django_db
def test_each_call_costs_one_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        selectors.is_working_day(D(2025, 1, 5))
    with django_assert_num_queries(1):
        selectors.add_working_days(D(2025, 1, 5), 250)
    with django_assert_num_queries(1):
        selectors.add_working_days(D(2025, 1, 5), -250)
    with django_assert_num_queries(1):
        selectors.working_days_between(D(2024, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(1):
        selectors.month_days(2026, 3)
    with django_assert_num_queries(1):
        selectors.calendar_exceptions(2025)
    with django_assert_num_queries(1):
        selectors.kazakhstan_calendar(2024, 2026)


@pytest.mark.django_db
def test_a_year_of_working_days() -> None:
    # 2025: 261 weekdays, 16 of them off, one Sunday worked.
    assert selectors.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 261 - 16 + 1
