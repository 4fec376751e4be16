"""The commission stage in each person's inbox: HR schedules and runs the meeting, the chair
agrees it, the authorized person approves, the servant acknowledges, an appeal waits."""

from __future__ import annotations

import datetime as dt

import pytest

from bagalau.commission.models import Acquaintance
from bagalau.commission.outcomes import acquaintance_acknowledge, appeal_file
from bagalau.commission.services import (
    case_decide,
    meeting_agree,
    meeting_approve,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.kpi.inbox import inbox, reminders

D = dt.date
pytestmark = pytest.mark.django_db


def waiting(user, on, document=None):
    return {
        (a.document, a.action, a.case_id)
        for a in inbox(user, on)
        if a.document in ("commission_meeting", "acquaintance", "appeal")
        and (document is None or a.document == document)
    }


def test_each_step_of_the_commission_waits_in_the_right_inbox() -> None:
    body = make_commission_body()
    form_commission(body)
    hr, head, chief, spec1 = (body[r].user for r in ("hr", "head", "chief", "spec1"))
    case = to_commission(body, "spec1")
    assert waiting(hr, D(2026, 1, 14)) == {("commission_meeting", "schedule", case.pk)}
    assert waiting(chief, D(2026, 1, 14)) == set()

    meeting = meeting_propose(
        cycle_id=body["cycle"].pk, date=D(2026, 1, 23), actor=hr, on=D(2026, 1, 14)
    )
    assert waiting(hr, D(2026, 1, 14)) == set()
    assert waiting(chief, D(2026, 1, 14)) == {("commission_meeting", "agree", None)}
    assert [
        p.name
        for p, actions in reminders([body["org"].pk], D(2026, 1, 14))
        if any(a.action == "agree" and a.document == "commission_meeting" for a in actions)
    ] == [body["chief"].short_name]

    meeting_agree(meeting_id=meeting.pk, actor=chief, on=D(2026, 1, 14))
    assert waiting(hr, D(2026, 1, 22)) == set()  # not before the meeting's day
    assert waiting(hr, D(2026, 1, 23)) == {("commission_meeting", "open", None)}

    present = [body[r].pk for r in ("chief", *SPECIALISTS)]
    meeting_open(meeting_id=meeting.pk, present=present, actor=hr, on=D(2026, 1, 23))
    assert waiting(hr, D(2026, 1, 23)) == {("commission_meeting", "close", None)}
    for role in ("chief", *SPECIALISTS):
        vote_cast(
            meeting_id=meeting.pk,
            case_id=case.pk,
            choice="approve",
            actor=body[role].user,
            on=D(2026, 1, 23),
        )
    case_decide(meeting_id=meeting.pk, case_id=case.pk, actor=hr, on=D(2026, 1, 23))
    meeting_close(meeting_id=meeting.pk, actor=hr, conclusion="Бекітуге", on=D(2026, 1, 23))
    assert waiting(head, D(2026, 1, 26)) == {("commission_meeting", "approve", None)}

    meeting_approve(meeting_id=meeting.pk, actor=head, on=D(2026, 1, 26))
    acq = Acquaintance.objects.get(case=case)
    assert waiting(spec1, D(2026, 1, 26)) >= {("acquaintance", "acknowledge", case.pk)}
    [item] = [a for a in inbox(hr, D(2026, 1, 29)) if a.document == "acquaintance"]
    assert (item.action, item.due, item.overdue) == ("acquaint", D(2026, 1, 28), True)  # §40

    acquaintance_acknowledge(acquaintance_id=acq.pk, actor=spec1, on=D(2026, 1, 27))
    assert waiting(hr, D(2026, 1, 27), "acquaintance") == set()
    appeal = appeal_file(case_id=case.pk, actor=spec1, grounds="Келіспеймін", on=D(2026, 1, 28))
    # Arys: the civil-service agency hears it (§42); HR records its answer
    assert waiting(hr, D(2026, 1, 28), "appeal") == {("appeal", "record_answer", case.pk)}
    assert appeal.hearing_body == "civil_service_agency"


def test_an_anonymous_caller_is_not_the_authorized_person_of_a_head_without_login() -> None:
    """A servant record without a login matches no caller: `None` is nobody (§39)."""
    from bagalau.commission.selectors import is_authorized_person

    body = make_commission_body()
    head = body["head"]
    head.user = None
    head.save()
    assert not is_authorized_person(None, body["org"], D(2026, 1, 5))
