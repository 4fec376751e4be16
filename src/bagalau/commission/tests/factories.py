"""A body with a commission of seven voting members and a secretary, and servants whose
sheets reach the commission, for commission tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    Attendance,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    Decision,
    Notice,
    RefusalAct,
    Vote,
)
from bagalau.commission.services import (
    case_decide,
    commission_order_issue,
    meeting_agree,
    meeting_approve,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
)
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import CATEGORIES, kpi_items, make_body_under
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

D = dt.date


@contextmanager
def shipped_methodology(django_db_blocker) -> Iterator[None]:
    """The shipped methodology versions loaded once for a whole test module, in a
    transaction rolled back when the module ends (each test runs in a savepoint inside it).
    A module's fixture:

        @pytest.fixture(scope="module", autouse=True)
        def shipped(django_db_setup, django_db_blocker):
            with shipped_methodology(django_db_blocker):
                yield
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        methodology_load_shipped()
        yield
        transaction.set_rollback(True)


SPECIALISTS = ("spec1", "spec2", "m1", "m2", "m3", "m4")


def make_commission_body(
    act: str = "arys-714", *, parameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """make_body_under's body (head → HR officer; head → chief → spec1, spec2) with four more
    specialists m1–m4 under the chief, a second HR officer `hr2`, and the 2025 cycle open.

    `parameters`: the body's own amendment of the adopted act, in force from 2021 (e.g.
    {"commission_recusal": False}), which the 2025 cycle is then judged by."""
    body = make_body_under(act)
    org = body["org"]
    if parameters is not None:
        adopted = MethodologyVersion.objects.get(code=f"{org.code}-{act}")
        MethodologyVersion.objects.create(
            code=f"{org.code}-{act}-amended",
            organisation=org,
            kind="amendment",
            parent=adopted,
            act_issuer_kk=adopted.act_issuer_kk,
            act_title_kk=adopted.act_title_kk,
            act_number=f"{adopted.act_number}-1",
            act_date=D(2021, 1, 1),
            effective_from=D(2021, 1, 1),
            parameters=parameters,
        )
    specialist = CATEGORIES[act][0]
    chief = body["chief_position"]
    for name in ("m1", "m2", "m3", "m4"):
        position = make_position(
            org,
            code=f"D1-{name}",
            category=specialist,
            subdivision=chief.subdivision,
            reports_to=chief,
        )
        servant = make_servant(user=make_user(f"{org.code}-{name}"))
        make_appointment(servant, position, date_from=D(2020, 1, 1))
        body[name], body[f"{name}_position"] = servant, position
    hr2_position = make_position(
        org,
        code="HR2",
        category=specialist,
        subdivision=body["hr_position"].subdivision,
        reports_to=body["head_position"],
    )
    body["hr2"] = make_servant(user=make_user(f"{org.code}-hr2"))
    make_appointment(body["hr2"], hr2_position, date_from=D(2020, 1, 1))
    body["cycle"], _ = cycle_open(organisation=org, year=2025, actor=body["hr"].user)
    return body


def form_commission(body: dict[str, Any], *, signed_on: D | None = None):
    """Order № 1: the chief chairs; spec1, spec2, m1–m4 are members (7 voting); the HR
    officer is the secretary."""
    return commission_order_issue(
        organisation=body["org"],
        number="1",
        signed_on=signed_on or D(2025, 12, 1),
        chair=body["chief"].pk,
        members=[body[n].pk for n in SPECIALISTS],
        secretary=body["hr"].pk,
        actor=body["head"].user,
    )


def case_of(body: dict[str, Any], role: str) -> EvaluationCase:
    return EvaluationCase.objects.get(cycle=body["cycle"], servant=body[role])


def to_commission(body: dict[str, Any], role: str, achieved: int = 5, shown: int | None = None):
    """The servant's KPI sheet (`achieved` of 5) and competency sheet (`shown` indicators of
    each competency, all by default) signed and put before the commission in January 2026."""
    case = case_of(body, role)
    head, hr = body["head"].user, body["hr"].user
    ds = head if role in ("chief", "hr", "hr2") else body["chief"].user
    approver = head
    plan = work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, body["cycle"].period_end),
        actor=ds,
        on=D(2025, 1, 9),
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=ds, on=D(2025, 1, 9))
    work_plan_act(plan_id=plan.pk, action="approve", actor=approver, on=D(2025, 1, 10))
    results = [
        {
            "kpi": n,
            "actual_value": 95 if n <= achieved else 10,
            "evidence": f"есеп №{n}",
            "achieved": n <= achieved,
        }
        for n in range(1, 6)
    ]
    sheet = kpi_sheet_save_results(case_id=case.pk, results=results, actor=ds, on=D(2026, 1, 5))
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=D(2026, 1, 5))
    kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=approver, on=D(2026, 1, 6))
    kpi_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=hr, on=D(2026, 1, 8))
    competency = competency_sheet_mark(case_id=case.pk, marks={}, actor=ds, on=D(2026, 1, 12))
    document = competency_sheet_document(competency)
    marks = {
        c["code"]: list(range(1, (len(c["indicators"]) if shown is None else shown) + 1))
        for c in document["competencies"]
    }
    competency_sheet_mark(case_id=case.pk, marks=marks, actor=ds, on=D(2026, 1, 12))
    competency_sheet_act(sheet_id=competency.pk, action="sign", actor=ds, on=D(2026, 1, 12))
    competency_sheet_act(
        sheet_id=competency.pk, action="to_commission", actor=hr, on=D(2026, 1, 13)
    )
    return case


# --- meetings (§29–§39) ---------------------------------------------------------------------

NOTIFIED = D(2026, 1, 14)  # a Wednesday, after every sheet reached the commission
MEETING_DAY = D(2026, 1, 23)  # the 7th working day after it (§29)
APPROVAL_DAY = D(2026, 1, 26)  # the next working day (a Monday)
VOTERS = ("chief", *SPECIALISTS)  # the chair and six members of order № 1


def scheduled_meeting(
    body: dict[str, Any], *, date: D = MEETING_DAY, on: D = NOTIFIED
) -> CommissionMeeting:
    """HR proposes a meeting with every case before the commission; the chair agrees it."""
    meeting = meeting_propose(cycle_id=body["cycle"].pk, date=date, actor=body["hr"].user, on=on)
    return meeting_agree(meeting_id=meeting.pk, actor=body["chief"].user, on=on)


def open_meeting(
    body: dict[str, Any],
    present: tuple[str, ...] = VOTERS,
    *,
    date: D = MEETING_DAY,
    on: D = NOTIFIED,
) -> CommissionMeeting:
    """A scheduled meeting opened by HR on its date with the members `present`."""
    meeting = scheduled_meeting(body, date=date, on=on)
    return meeting_open(
        meeting_id=meeting.pk,
        present=[body[r].pk for r in present],
        actor=body["hr"].user,
        on=date,
    )


def cast_votes(body: dict[str, Any], meeting: CommissionMeeting, case, choices: dict) -> None:
    """Each member named votes on the case themselves on the meeting's day: "approve", or a
    dict of corrections ({"kpi_rating": …, "competencies": {…}}) to revise."""
    for role, choice in choices.items():
        corrections = {} if choice == "approve" else choice
        vote_cast(
            meeting_id=meeting.pk,
            case_id=case.pk,
            choice="approve" if choice == "approve" else "revise",
            actor=body[role].user,
            on=meeting.date,
            **corrections,
        )


def decide(
    body: dict[str, Any],
    meeting: CommissionMeeting,
    case,
    choice: str | dict = "approve",
    *,
    voters: tuple[str, ...] = VOTERS,
) -> Decision:
    """Every one of `voters` (all present) votes `choice` and HR records the decision."""
    cast_votes(body, meeting, case, {role: choice for role in voters})
    return case_decide(
        meeting_id=meeting.pk,
        case_id=case.pk,
        actor=body["hr"].user,
        on=meeting.date,
        recommendation="" if choice == "approve" else "Біліктілікті арттыру",
    )


def approved_meeting(
    body: dict[str, Any],
    choices: dict[str, str | dict],
    *,
    date: D = MEETING_DAY,
    on: D = NOTIFIED,
    approve_on: D = APPROVAL_DAY,
) -> CommissionMeeting:
    """The cases of the servants in `choices` (their sheets before the commission) decided
    unanimously with all seven present, the protocol closed and approved by the head (§39)."""
    meeting = open_meeting(body, date=date, on=on)
    for role, choice in choices.items():
        decide(body, meeting, case_of(body, role), choice)
    meeting_close(
        meeting_id=meeting.pk,
        actor=body["hr"].user,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="1",
        on=date,
    )
    return meeting_approve(meeting_id=meeting.pk, actor=body["head"].user, on=approve_on)


# --- refusals change nothing ----------------------------------------------------------------

COMMISSION_DATA = (
    CommissionOrder,
    CommissionSeat,
    CommissionMeeting,
    Attendance,
    AgendaItem,
    Vote,
    Decision,
    Acquaintance,
    RefusalAct,
    Appeal,
    CourtCase,
    Notice,
    AuditEvent,
)


def commission_data() -> dict[str, list[dict[str, Any]]]:
    """Every row of the commission's tables and of the audit, as stored."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in COMMISSION_DATA
    }


def refused(error: type[Exception], call: Callable[..., Any], match: str | None = None, **kwargs):
    """Call `call(**kwargs)`, expect `error` (its message matching `match`), and check that
    nothing of the commission or the audit changed. Returns the exception."""
    before = commission_data()
    with pytest.raises(error, match=match) as caught:
        call(**kwargs)
    assert commission_data() == before
    return caught.value
