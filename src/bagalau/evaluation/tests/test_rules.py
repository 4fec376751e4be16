"""§4 eligibility as a pure rule, on Kazakhstan's real calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.evaluation.rules import (
    AbsenceFact,
    AppointmentFact,
    Eligibility,
    add_months,
    eligibility,
    plan_start,
)
from bagalau.workcalendar.selectors import library_calendar

D = dt.date
CAL = library_calendar(2024, 2027)
EVAL = D(2025, 12, 31)


LONG_AGO = D(2020, 1, 1)


def decide(appointed=LONG_AGO, probation=None, absences=(), on=EVAL):
    return eligibility(
        evaluation_date=on,
        appointment=AppointmentFact(1, appointed, None, probation),
        absences=list(absences),
        min_tenure_months=3,
        calendar_=CAL,
        deferral_working_days=5,
    )


def test_in_the_position_all_year_is_included() -> None:
    d = decide()
    assert (d.eligibility, d.reason, d.paragraph) == ("included", "in_position", "§4")


def test_on_probation_is_excluded() -> None:
    d = decide(appointed=D(2025, 6, 1), probation=D(2026, 1, 31))
    assert (d.eligibility, d.reason, d.until) == ("excluded", "probation", D(2026, 1, 31))


def test_a_probation_that_ended_does_not_exclude() -> None:
    assert decide(appointed=D(2025, 6, 1), probation=D(2025, 9, 1)).eligibility == "included"


@pytest.mark.parametrize(
    ("appointed", "eligible"),
    [
        (D(2025, 9, 30), "included"),  # 30 Sep + 3 months = 30 Dec ≤ 31 Dec
        (D(2025, 10, 1), "excluded"),  # 1 Oct + 3 months = 1 Jan > 31 Dec
        (D(2025, 11, 15), "excluded"),
    ],
)
def test_less_than_three_months_in_the_position_is_excluded(appointed, eligible) -> None:
    d = decide(appointed=appointed)
    assert d.eligibility == eligible
    if eligible == "excluded":
        assert (d.reason, d.counted_from) == ("short_tenure", appointed)


def test_the_three_months_count_again_from_the_return_from_social_leave() -> None:
    d = decide(absences=[AbsenceFact("social_leave", D(2023, 3, 1), D(2025, 10, 20))])
    assert (d.eligibility, d.reason) == ("excluded", "short_since_social_leave")
    assert (d.counted_from, d.until) == (D(2025, 10, 21), D(2026, 1, 21))


def test_the_three_months_count_again_from_the_end_of_study() -> None:
    d = decide(absences=[AbsenceFact("study", D(2024, 9, 1), D(2025, 11, 30))])
    assert (d.eligibility, d.reason) == ("excluded", "short_since_study")


def test_an_old_social_leave_does_not_matter() -> None:
    d = decide(absences=[AbsenceFact("social_leave", D(2023, 1, 1), D(2025, 6, 30))])
    assert d.eligibility == "included"


def test_still_on_social_leave_is_excluded() -> None:
    d = decide(absences=[AbsenceFact("social_leave", D(2025, 5, 1), D(2027, 5, 1))])
    assert (d.eligibility, d.reason) == ("excluded", "on_social_leave")


@pytest.mark.parametrize(
    "kind",
    [
        "annual_leave",
        "unpaid_leave",
        "sick_leave",
        "business_trip",
        "internship",
        "retraining",
        "advanced_training",
    ],
)
def test_away_on_the_day_is_deferred_to_five_working_days_after_return(kind) -> None:
    d = decide(absences=[AbsenceFact(kind, D(2025, 12, 22), D(2026, 1, 9))])
    # back on 10 Jan 2026: 5 working days after 9 Jan (a Friday) end on 16 Jan
    assert (d.eligibility, d.reason, d.absence_kind) == ("deferred", "absent", kind)
    assert (d.until, d.due) == (D(2026, 1, 9), D(2026, 1, 16))


def test_deferral_counts_holidays_and_a_run_of_absences() -> None:
    absences = [
        AbsenceFact("annual_leave", D(2025, 12, 15), D(2025, 12, 30)),
        AbsenceFact("sick_leave", D(2025, 12, 31), D(2026, 1, 5)),
    ]
    d = decide(absences=absences)
    # back on 6 Jan; 7 Jan (Orthodox Christmas) is a day off: 7 → 8, 9, 12, 13, 14
    assert (d.until, d.due) == (D(2026, 1, 5), D(2026, 1, 13))


def test_no_appointment_on_the_day_is_excluded_as_left() -> None:
    d = eligibility(
        evaluation_date=EVAL,
        appointment=None,
        absences=[],
        min_tenure_months=3,
        calendar_=CAL,
        deferral_working_days=5,
    )
    assert (d.eligibility, d.reason) == ("excluded", "left")


def test_a_late_appointment_plans_from_its_date() -> None:
    assert plan_start(D(2025, 1, 1), D(2025, 6, 2)) == D(2025, 6, 2)
    assert plan_start(D(2025, 1, 1), D(2019, 6, 2)) == D(2025, 1, 1)


@given(st.dates(D(2000, 1, 1), D(2090, 12, 31)), st.integers(0, 36))
def test_add_months_lands_in_the_right_month_never_past_its_end(day, months) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


@given(
    appointed=st.dates(D(2024, 1, 1), D(2025, 12, 31)),
    leave=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.integers(0, 60))),
)
def test_eligibility_is_one_of_three_and_deferred_always_has_a_working_due_date(
    appointed, leave
) -> None:
    absences = []
    if leave:
        start = D(2025, 1, 1) + dt.timedelta(days=leave[0])
        absences.append(AbsenceFact("annual_leave", start, start + dt.timedelta(days=leave[1])))
    d = decide(appointed=appointed, absences=absences)
    assert d.eligibility in set(Eligibility)
    if d.eligibility == Eligibility.DEFERRED:
        assert d.due > d.until
        assert CAL.is_working_day(d.due)
    if add_months(appointed, 3) > EVAL:
        assert d.eligibility == Eligibility.EXCLUDED
