"""Each person's inbox: what waits for them, by which working-day deadline; `bagalau remind`."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.inbox import inbox
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under
from bagalau.orgstructure.tests.factories import make_appointment, make_position, make_servant

pytestmark = pytest.mark.django_db
D = dt.date


def mine(user, on):
    return sorted((a.servant, a.document, a.action, a.due, a.overdue) for a in inbox(user, on))


@pytest.fixture
def body():
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    body["cycle"] = cycle
    body["case"] = EvaluationCase.objects.get(cycle=cycle, servant=body["spec1"])
    return body


def test_the_direct_supervisor_sees_plans_to_draft_by_their_due_date(body) -> None:
    chief = body["chief"].user
    due = D(2025, 1, 17)
    assert mine(chief, D(2025, 1, 10)) == [
        (body[s].short_name, "work_plan", "draft", due, False) for s in ("spec1", "spec2")
    ]
    assert all(a.overdue for a in inbox(chief, D(2025, 1, 20)))
    assert mine(body["spec1"].user, D(2025, 1, 10)) == []


def test_the_approver_then_the_supervisor_see_a_returned_plan(body) -> None:
    chief, head = body["chief"].user, body["head"].user
    case = body["case"]
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, D(2025, 12, 31)), actor=chief
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=chief, on=D(2025, 1, 14))
    assert (body["spec1"].short_name, "work_plan", "approve", None, False) in mine(
        head, D(2025, 1, 14)
    )
    work_plan_act(plan_id=plan.pk, action="return", actor=head, reason="3", on=D(2025, 1, 16))
    assert (body["spec1"].short_name, "work_plan", "resubmit", D(2025, 1, 20), True) in mine(
        chief, D(2025, 1, 21)
    )


def test_missing_quarterly_monitoring_is_flagged_after_the_quarter(body) -> None:  # §16
    chief, head = body["chief"].user, body["head"].user
    case = body["case"]
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, D(2025, 12, 31)), actor=chief
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=chief, on=D(2025, 1, 14))
    work_plan_act(plan_id=plan.pk, action="approve", actor=head, on=D(2025, 1, 15))
    assert not [a for a in inbox(chief, D(2025, 3, 31)) if a.document == "quarterly_review"]
    flagged = [a for a in inbox(chief, D(2025, 4, 10)) if a.document == "quarterly_review"]
    # Q1 ended 31 Mar; the 5 working days after it end on 7 Apr
    assert [(a.action, a.due, a.overdue) for a in flagged] == [
        ("record_q1_2025", D(2025, 4, 7), True)
    ]


def test_a_signed_sheet_waits_for_the_servant_and_the_approver_then_hr(body) -> None:
    chief, head, hr = body["chief"].user, body["head"].user, body["hr"].user
    case = body["case"]
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, D(2025, 12, 31)), actor=chief
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=chief)
    work_plan_act(plan_id=plan.pk, action="approve", actor=head)
    sheet = kpi_sheet_save_results(
        case_id=case.pk,
        results=[
            {"kpi": n, "actual_value": 99, "evidence": "акт", "achieved": True} for n in range(1, 6)
        ],
        actor=chief,
        on=D(2026, 1, 5),
    )
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief, on=D(2026, 1, 5))
    assert ("kpi_sheet", "acknowledge") in {
        (a.document, a.action) for a in inbox(body["spec1"].user, D(2026, 1, 5))
    }
    assert ("kpi_sheet", "agree") in {(a.document, a.action) for a in inbox(head, D(2026, 1, 5))}
    kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=head, on=D(2026, 1, 6))
    # §24: 2 working days after 6 Jan; 7 Jan (Orthodox Christmas) is a day off
    assert (body["spec1"].short_name, "kpi_sheet", "to_commission", D(2026, 1, 9), False) in mine(
        hr, D(2026, 1, 6)
    )


def test_an_inbox_takes_the_same_number_of_queries_for_3_or_30_subordinates() -> None:
    counts = []
    for size in (3, 30):
        body = make_body_under()
        for n in range(size - 2):
            make_appointment(
                make_servant(),
                make_position(
                    body["org"], code=f"X{n}", category="E-4", reports_to=body["chief_position"]
                ),
            )
        cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
        with CaptureQueriesContext(connection) as queries:
            items = inbox(body["chief"].user, D(2025, 1, 10))
        assert len(items) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_remind_lists_and_mails_each_person_their_own(body, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    body["chief"].user.email = "chief@example.kz"
    body["chief"].user.save()
    out = StringIO()
    call_command("remind", "--date", "2025-01-20", "--org", body["org"].code, stdout=out)
    assert "draw up the work plan (§9)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["chief@example.kz"]]
    assert "OVERDUE" in mail.outbox[0].body
    out = StringIO()
    call_command("remind", "--date", "2025-01-20", "--no-mail", "--json", stdout=out)
    people = {p["person"]: p for p in json.loads(out.getvalue())}
    assert len(people[body["chief"].short_name]["actions"]) == 2
    assert len(mail.outbox) == 1


def test_hr_sees_what_no_one_else_can_take(body) -> None:
    from bagalau.orgstructure.models import Appointment

    # the department head leaves: the plans of the department wait on a vacant position
    Appointment.objects.filter(servant=body["chief"]).update(date_to=D(2025, 1, 5))
    body["spec2"].user = None
    body["spec2"].save()
    escalated = {
        (a.servant, a.action, a.escalation)
        for a in inbox(body["hr"].user, D(2025, 1, 10))
        if a.escalation
    }
    assert escalated == {
        (body["spec1"].short_name, "draft", "vacant"),
        (body["spec2"].short_name, "draft", "vacant"),
    }
    assert not [
        a
        for a in inbox(body["hr"].user, D(2025, 1, 10))
        if a.servant == body["hr"].short_name and a.escalation
    ]
