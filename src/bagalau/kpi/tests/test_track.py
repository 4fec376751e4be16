"""A whole KPI track walked through, with real calendar dates, under 001 and 004."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bagalau.core.models import AuditEvent
from bagalau.core.workflow import TransitionRefused
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import KpiSheet, WorkPlan
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    quarterly_review_record,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under

pytestmark = pytest.mark.django_db
D = dt.date


def case_of(cycle, servant) -> EvaluationCase:
    return EvaluationCase.objects.get(cycle=cycle, servant=servant)


JAN_10 = D(2025, 1, 10)


def approve_plan(body, case, on=JAN_10) -> WorkPlan:
    ds, approver = body["chief"].user, body["head"].user
    if case.servant == body["chief"]:
        ds = approver
    items = kpi_items(case.plan_start, case.cycle.period_end)
    plan = work_plan_save_kpis(case_id=case.pk, kpis=items, actor=ds, on=on)
    work_plan_act(plan_id=plan.pk, action="submit", actor=ds, on=on)
    return work_plan_act(plan_id=plan.pk, action="approve", actor=approver, on=on)


@pytest.mark.parametrize("act", ["arys-714", "nchr-1"])
def test_a_complete_kpi_track(act) -> None:
    body = make_body_under(act)
    hr, head, chief, spec = (body[r].user for r in ("hr", "head", "chief", "spec1"))
    cycle, report = cycle_open(organisation=body["org"], year=2025, actor=hr)
    assert report.created == 4  # the akim-like head is outside the "B" corps
    assert cycle.methodology_version.parent.code == act
    case = case_of(cycle, body["spec1"])
    assert (case.eligibility, case.plan_start) == ("included", D(2025, 1, 1))
    # §9: 10 working days after 1 Jan 2025 (1, 2 and 7 Jan are holidays) end on 17 Jan
    assert case.plan_due == D(2025, 1, 17)

    items = kpi_items(case.plan_start, cycle.period_end)
    plan = work_plan_save_kpis(case_id=case.pk, kpis=items, actor=chief, on=D(2025, 1, 13))
    plan = work_plan_act(plan_id=plan.pk, action="submit", actor=chief, on=D(2025, 1, 14))
    assert plan.state == "submitted"
    # §12: the superior supervisor returns it; rework is due 2 working days later
    plan = work_plan_act(
        plan_id=plan.pk,
        action="return",
        actor=head,
        reason="KPI 3 is not measurable",
        on=D(2025, 1, 16),
    )
    assert (plan.state, plan.resubmit_due) == ("returned", D(2025, 1, 20))
    items[2]["name"] = "Жаңа көрсеткіш"
    work_plan_save_kpis(case_id=case.pk, kpis=items, actor=chief, on=D(2025, 1, 20))
    plan = work_plan_act(plan_id=plan.pk, action="submit", actor=chief, on=D(2025, 1, 20))
    resubmitted = AuditEvent.objects.filter(action="work_plan.submit").latest("at")
    assert resubmitted.after["met"] is True
    assert resubmitted.after["due"] == "2025-01-20"
    plan = work_plan_act(plan_id=plan.pk, action="approve", actor=head, on=D(2025, 1, 21))
    assert plan.state == "approved"

    review = quarterly_review_record(
        case_id=case.pk,
        year=2025,
        quarter=1,
        progress=[{"kpi": 1, "value": "45", "comment": "жартысы орындалды"}],
        recommendations="Екінші тоқсанда өтініштер тізілімін жүргізу",
        actor=chief,
        on=D(2025, 4, 2),
    )
    assert review.quarter == 1

    results = [
        {"kpi": n, "actual_value": 95 if n <= 4 else 10, "evidence": f"есеп №{n}"}
        for n in range(1, 6)
    ]
    sheet = kpi_sheet_save_results(case_id=case.pk, results=results, actor=chief, on=D(2026, 1, 5))
    proposed = list(sheet.results.order_by("kpi__number").values_list("proposed", flat=True))
    assert proposed == [True, True, True, True, False]  # planned 91…95, at least
    sheet = kpi_sheet_save_results(
        case_id=case.pk,
        results=[{"kpi": n, "achieved": p} for n, p in enumerate(proposed, start=1)],
        actor=chief,
        on=D(2026, 1, 5),
    )
    sheet = kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief, on=D(2026, 1, 5))
    assert (sheet.state, sheet.achieved_count, sheet.rating) == ("signed", 4, "effective")
    sheet = kpi_sheet_act(sheet_id=sheet.pk, action="acknowledge", actor=spec, on=D(2026, 1, 6))
    # §22: the superior supervisor returns it for weak evidence; due 2 working days later
    sheet = kpi_sheet_act(
        sheet_id=sheet.pk,
        action="return",
        actor=head,
        reason="KPI 4: no report attached",
        on=D(2026, 1, 6),
    )
    assert (sheet.state, sheet.resubmit_due) == ("returned", D(2026, 1, 9))
    kpi_sheet_save_results(
        case_id=case.pk,
        results=[{"kpi": 4, "evidence": "есеп №4, тіркеу №118 от 2025-12-20"}],
        actor=chief,
        on=D(2026, 1, 8),
    )
    sheet = kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief, on=D(2026, 1, 8))
    sheet = kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=head, on=D(2026, 1, 9))
    # §24: HR puts it before the commission within 2 working days
    assert (sheet.state, sheet.commission_due) == ("agreed", D(2026, 1, 13))
    sheet = kpi_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=hr, on=D(2026, 1, 12))
    assert sheet.state == "with_commission"
    actions = list(
        AuditEvent.objects.filter(object_type="kpi.kpisheet")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "kpi_sheet.edit",
        "kpi_sheet.edit",
        "kpi_sheet.sign",
        "kpi_sheet.acknowledge",
        "kpi_sheet.return",
        "kpi_sheet.edit",
        "kpi_sheet.sign",
        "kpi_sheet.agree",
        "kpi_sheet.to_commission",
    ]


def test_the_first_head_approves_where_they_are_the_direct_supervisor() -> None:  # §11
    body = make_body_under("nchr-1")
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, body["chief"])
    head = body["head"].user
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, cycle.period_end), actor=head
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=head, on=D(2025, 1, 10))
    plan = work_plan_act(plan_id=plan.pk, action="approve", actor=head, on=D(2025, 1, 10))
    assert plan.state == "approved"


def test_a_supervisor_cannot_approve_in_the_superiors_place() -> None:
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, body["spec1"])
    chief = body["chief"].user
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, cycle.period_end), actor=chief
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=chief)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        work_plan_act(plan_id=plan.pk, action="approve", actor=chief)
    assert refused.value.reason == "not_your_role"
    assert refused.value.allowed_roles == ("approver",)
    plan.refresh_from_db()
    assert (plan.state, AuditEvent.objects.count()) == ("submitted", before)


def test_submission_names_each_failed_check_and_changes_nothing() -> None:  # §13, §14
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, body["spec1"])
    chief = body["chief"].user
    items = kpi_items(case.plan_start, cycle.period_end, count=4)
    items[0]["unit"] = ""
    items[1]["deadline"] = "2026-03-01"
    items[2]["name"] = items[3]["name"].upper()
    items[3]["key_result"] = " "
    plan = work_plan_save_kpis(case_id=case.pk, kpis=items, actor=chief)
    with pytest.raises(ValidationError) as refused:
        work_plan_act(plan_id=plan.pk, action="submit", actor=chief)
    errors = refused.value.message_dict
    assert errors["kpis"] == ["a work plan has exactly 5 KPIs (§14); this one has 4"]
    assert errors["kpis.1.unit"] == ["KPI 1: the unit of measure is missing (§13)"]
    assert errors["kpis.2.deadline"] == [
        "KPI 2: the deadline is outside the plan's period 2025-01-01 – 2025-12-31 (§13)"
    ]
    assert errors["kpis.4.name"] == ["KPI 4 repeats KPI 3 (§13)"]
    assert "kpis.4.key_result" in errors
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_an_approved_plan_is_locked_and_a_revision_keeps_the_earlier_version() -> None:
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, body["spec1"])
    plan = approve_plan(body, case)
    chief, head = body["chief"].user, body["head"].user
    with pytest.raises(TransitionRefused):
        work_plan_save_kpis(
            case_id=case.pk, kpis=kpi_items(D(2025, 1, 1), D(2025, 12, 31)), actor=chief
        )
    second = work_plan_act(plan_id=plan.pk, action="revise", actor=chief, reason="new task")
    assert (second.version, second.state, second.kpis.count()) == (2, "draft", 5)
    items = kpi_items(D(2025, 1, 1), D(2025, 12, 31))
    items[4]["planned_value"] = 50
    work_plan_save_kpis(case_id=case.pk, kpis=items, actor=chief)
    work_plan_act(plan_id=second.pk, action="submit", actor=chief)
    work_plan_act(plan_id=second.pk, action="approve", actor=head)
    plan.refresh_from_db()
    assert plan.state == "superseded"
    assert plan.kpis.get(number=5).planned_value == 95


def test_a_late_appointment_plans_for_the_rest_of_the_period() -> None:  # §9
    from bagalau.orgstructure.tests.factories import make_appointment, make_servant

    body = make_body_under()
    newcomer = make_servant()
    body["spec2"].appointments.update(date_to=D(2025, 5, 31))
    make_appointment(newcomer, body["spec2_position"], date_from=D(2025, 6, 2))
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, newcomer)
    assert case.eligibility == "included"
    assert case.plan_start == D(2025, 6, 2)
    # 10 working days after 2 June 2025; 6 June was Kurban Ait, a day off
    assert case.plan_due == D(2025, 6, 17)
    left = case_of(cycle, body["spec2"])
    assert (left.eligibility, left.reason) == ("excluded", "left")
    plan = approve_plan(body, case)
    assert (plan.period_start, plan.period_end) == (D(2025, 6, 2), D(2025, 12, 31))


def test_a_sheet_cannot_be_signed_until_every_kpi_is_confirmed() -> None:
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    case = case_of(cycle, body["spec1"])
    approve_plan(body, case)
    chief = body["chief"].user
    sheet = kpi_sheet_save_results(
        case_id=case.pk,
        results=[{"kpi": 1, "actual_value": "99", "evidence": "акт"}],
        actor=chief,
    )
    with pytest.raises(ValidationError) as refused:
        kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief)
    assert "results.2.achieved" in refused.value.message_dict
    assert KpiSheet.objects.get(pk=sheet.pk).state == "draft"
