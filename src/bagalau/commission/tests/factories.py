"""A body with a commission of seven voting members and a secretary, and servants whose
sheets reach the commission, for commission tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bagalau.commission.services import commission_order_issue
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import CATEGORIES, kpi_items, make_body_under
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

D = dt.date
SPECIALISTS = ("spec1", "spec2", "m1", "m2", "m3", "m4")


def make_commission_body(act: str = "arys-714") -> dict[str, Any]:
    """make_body_under's body (head → HR officer; head → chief → spec1, spec2) with four more
    specialists m1–m4 under the chief, a second HR officer `hr2`, and the 2025 cycle open."""
    body = make_body_under(act)
    org = body["org"]
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
