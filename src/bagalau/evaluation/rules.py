"""Pure rules of an evaluation cycle: who is evaluated, and by when (§4, §9).

Standard library only (core/tests/test_layering.py checks it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bagalau.workcalendar.rules import WorkingCalendar

ONE_DAY = dt.timedelta(days=1)


class Eligibility(StrEnum):
    INCLUDED = "included"  # evaluated
    EXCLUDED = "excluded"  # not evaluated this period (§4)
    DEFERRED = "deferred"  # evaluated within 5 working days after returning (§4)


class EligibilityReason(StrEnum):
    IN_POSITION = "in_position"
    PROBATION = "probation"  # §4: сынақ мерзімінде
    SHORT_TENURE = "short_tenure"  # §4: in the position less than 3 months
    SHORT_SINCE_SOCIAL_LEAVE = "short_since_social_leave"  # §4: counted from the return
    SHORT_SINCE_STUDY = "short_since_study"  # §4: counted from the end of study (оқу)
    ON_SOCIAL_LEAVE = "on_social_leave"  # §4: the 3 months will count from the return
    ON_STUDY = "on_study"
    ABSENT = "absent"  # §4: leave, sickness, business trip, internship, (re)training
    LEFT = "left"  # no longer holds a "B" corps position of the body on the evaluation date


# §4: absences that put the evaluation off until 5 working days after the return.
DEFERRING_ABSENCES = frozenset(
    {
        "annual_leave",
        "unpaid_leave",
        "sick_leave",
        "business_trip",
        "internship",
        "retraining",
        "advanced_training",
    }
)
# §4: the 3 months of tenure count again from the return from these.
RESTARTING_ABSENCES = {"social_leave": "social", "study": "study"}


@dataclass(frozen=True)
class AppointmentFact:
    position_id: int
    date_from: dt.date
    date_to: dt.date | None
    probation_end: dt.date | None


@dataclass(frozen=True)
class AbsenceFact:
    kind: str
    date_from: dt.date
    date_to: dt.date


@dataclass(frozen=True)
class EligibilityDecision:
    eligibility: Eligibility
    reason: EligibilityReason
    counted_from: dt.date | None = None  # start of the tenure the 3 months are counted on
    until: dt.date | None = None  # end of the probation, the absence, or the 3 months
    due: dt.date | None = None  # deferred: the last day to evaluate (§4)
    absence_kind: str = ""
    paragraph: str = "§4"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _covering(absences: Sequence[AbsenceFact], day: dt.date, kinds) -> AbsenceFact | None:
    for absence in absences:
        if absence.kind in kinds and absence.date_from <= day <= absence.date_to:
            return absence
    return None


def absence_return(absences: Sequence[AbsenceFact], first: AbsenceFact) -> dt.date:
    """The last day of an absence run: absences that follow each other without a day back
    in between (leave, then sick leave) end together."""
    end = first.date_to
    extended = True
    while extended:
        extended = False
        for absence in absences:
            if absence.date_from <= end + ONE_DAY and absence.date_to > end:
                end, extended = absence.date_to, True
    return end


def eligibility(
    *,
    evaluation_date: dt.date,
    appointment: AppointmentFact | None,
    absences: Sequence[AbsenceFact],
    min_tenure_months: int,
    calendar_: WorkingCalendar,
    deferral_working_days: int,
) -> EligibilityDecision:
    """Whether a servant is evaluated on `evaluation_date` (§4), and why.

    `appointment` is the servant's appointment on that date (None if they hold no "B"
    corps position of the body then). Excluded: on probation; on social leave or study;
    less than `min_tenure_months` calendar months in the position, counted from the
    appointment or from the return from social leave or study, whichever is later.
    Deferred: away on leave, sick, on a business trip, an internship or (re)training that
    day; due `deferral_working_days` working days after the return.
    """
    if appointment is None:
        return EligibilityDecision(Eligibility.EXCLUDED, EligibilityReason.LEFT)
    if appointment.probation_end is not None and appointment.probation_end >= evaluation_date:
        return EligibilityDecision(
            Eligibility.EXCLUDED,
            EligibilityReason.PROBATION,
            counted_from=appointment.date_from,
            until=appointment.probation_end,
        )
    ongoing = _covering(absences, evaluation_date, RESTARTING_ABSENCES)
    if ongoing is not None:
        return EligibilityDecision(
            Eligibility.EXCLUDED,
            EligibilityReason.ON_SOCIAL_LEAVE
            if ongoing.kind == "social_leave"
            else EligibilityReason.ON_STUDY,
            until=ongoing.date_to,
            absence_kind=ongoing.kind,
        )
    counted_from, reason = appointment.date_from, EligibilityReason.SHORT_TENURE
    for absence in absences:
        returned = absence.date_to + ONE_DAY
        if (
            absence.kind in RESTARTING_ABSENCES
            and counted_from < returned <= evaluation_date
            and absence.date_to >= appointment.date_from
        ):
            counted_from = returned
            reason = (
                EligibilityReason.SHORT_SINCE_SOCIAL_LEAVE
                if absence.kind == "social_leave"
                else EligibilityReason.SHORT_SINCE_STUDY
            )
    enough = add_months(counted_from, min_tenure_months)
    if evaluation_date < enough:
        return EligibilityDecision(
            Eligibility.EXCLUDED, reason, counted_from=counted_from, until=enough
        )
    away = _covering(absences, evaluation_date, DEFERRING_ABSENCES)
    if away is not None:
        back = absence_return(absences, away)
        return EligibilityDecision(
            Eligibility.DEFERRED,
            EligibilityReason.ABSENT,
            counted_from=counted_from,
            until=back,
            due=calendar_.add_working_days(back, deferral_working_days),
            absence_kind=away.kind,
        )
    return EligibilityDecision(
        Eligibility.INCLUDED, EligibilityReason.IN_POSITION, counted_from=counted_from
    )


def plan_start(period_start: dt.date, appointment_from: dt.date) -> dt.date:
    """A servant appointed during the period plans for the rest of it (§9)."""
    return max(period_start, appointment_from)


def plan_due(calendar_: WorkingCalendar, start: dt.date, working_days: int) -> dt.date:
    """§9: KPIs are set within `working_days` working days after the (plan's) period starts."""
    return calendar_.add_working_days(start, working_days)
