"""The servant signs as seen their approved work plan (Annex 1) and each quarter's written
recommendations (§16): who may, when, once, audited; what the inbox asks of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bagalau.core.models import AuditEvent
from bagalau.core.workflow import Role, TransitionRefused
from bagalau.evaluation.actions import case_actions, quarterly_review_actions
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.inbox import inbox
from bagalau.kpi.management.commands.remind import describe
from bagalau.kpi.models import QuarterlyReview, WorkPlan
from bagalau.kpi.selectors import cases_with_documents
from bagalau.kpi.services import (
    quarterly_review_acknowledge,
    quarterly_review_record,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under
from bagalau.kpi.workflow import WORK_PLAN, PlanState

pytestmark = pytest.mark.django_db
D = dt.date
APPROVED_ON = D(2025, 1, 15)
AFTER_Q1 = D(2025, 4, 2)


@pytest.fixture
def body():
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    body["cycle"] = cycle
    body["case"] = EvaluationCase.objects.get(cycle=cycle, servant=body["spec1"])
    return body


def draft(body) -> WorkPlan:
    case = body["case"]
    return work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, D(2025, 12, 31)),
        actor=body["chief"].user,
        on=D(2025, 1, 13),
    )


def approve(body) -> WorkPlan:
    plan = draft(body)
    work_plan_act(plan_id=plan.pk, action="submit", actor=body["chief"].user, on=D(2025, 1, 14))
    return work_plan_act(plan_id=plan.pk, action="approve", actor=body["head"].user, on=APPROVED_ON)


def record(body, quarter=1, text="Тізілімді апта сайын тексеру", on=AFTER_Q1):
    return quarterly_review_record(
        case_id=body["case"].pk,
        year=2025,
        quarter=quarter,
        progress=[{"kpi": 1, "value": "45"}],
        recommendations=text,
        actor=body["chief"].user,
        on=on,
    )


def audit_rows() -> list[tuple]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", "before", "after"))


def servant_actions(body) -> list[str]:
    case = cases_with_documents(EvaluationCase.objects.filter(pk=body["case"].pk)).get()
    return case_actions(case, {Role.SERVANT})["work_plan"]


# --- the work plan ----------------------------------------------------------------------


def test_the_workflow_lets_only_the_servant_acknowledge_an_approved_plan() -> None:
    assert WORK_PLAN.actions(PlanState.APPROVED, {Role.SERVANT}) == ["acknowledge"]
    assert "acknowledge" not in WORK_PLAN.actions(
        PlanState.APPROVED, {Role.DIRECT_SUPERVISOR, Role.APPROVER, Role.HR}
    )
    for state in (PlanState.DRAFT, PlanState.SUBMITTED, PlanState.RETURNED):
        assert WORK_PLAN.actions(state, {Role.SERVANT}) == []


def test_the_servant_signs_the_approved_plan_as_seen_once(body) -> None:
    plan = approve(body)
    assert servant_actions(body) == ["acknowledge"]
    seen = work_plan_act(
        plan_id=plan.pk, action="acknowledge", actor=body["spec1"].user, on=D(2025, 1, 16)
    )
    assert (seen.state, seen.acknowledged_at.date()) == ("approved", D(2025, 1, 16))
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor) == ("work_plan.acknowledge", body["spec1"].user)
    assert event.before == {"state": "approved", "acknowledged_at": None}
    assert event.after["acknowledged_at"].startswith("2025-01-16")
    assert servant_actions(body) == []  # seen once is seen
    # a second time is refused, naming the day, and changes nothing
    before = audit_rows()
    with pytest.raises(ValidationError) as refused:
        work_plan_act(
            plan_id=plan.pk, action="acknowledge", actor=body["spec1"].user, on=D(2025, 1, 20)
        )
    assert refused.value.messages == ["the servant saw the work plan on 2025-01-16 already"]
    assert WorkPlan.objects.get(pk=plan.pk).acknowledged_at == seen.acknowledged_at
    assert audit_rows() == before


@pytest.mark.parametrize("role", ["chief", "head", "hr"])
def test_no_one_else_signs_the_plan_as_seen(body, role) -> None:
    plan = approve(body)
    before = audit_rows()
    with pytest.raises(TransitionRefused) as refused:
        work_plan_act(plan_id=plan.pk, action="acknowledge", actor=body[role].user)
    assert (refused.value.reason, refused.value.allowed_roles) == ("not_your_role", ("servant",))
    assert WorkPlan.objects.get(pk=plan.pk).acknowledged_at is None
    assert audit_rows() == before


def test_a_plan_not_approved_is_not_signed_as_seen(body) -> None:
    plan = draft(body)
    assert servant_actions(body) == []
    with pytest.raises(TransitionRefused) as refused:
        work_plan_act(plan_id=plan.pk, action="acknowledge", actor=body["spec1"].user)
    assert (refused.value.reason, refused.value.allowed_states) == ("out_of_turn", ("approved",))
    assert WorkPlan.objects.get(pk=plan.pk).acknowledged_at is None


def test_each_approved_version_is_signed_as_seen_anew(body) -> None:
    plan = approve(body)
    spec1, chief, head = body["spec1"].user, body["chief"].user, body["head"].user
    work_plan_act(plan_id=plan.pk, action="acknowledge", actor=spec1, on=D(2025, 1, 16))
    second = work_plan_act(plan_id=plan.pk, action="revise", actor=chief, on=D(2025, 6, 2))
    # the version in force is no longer the newest: nothing to sign until the new one is approved
    with pytest.raises(TransitionRefused):
        work_plan_act(plan_id=second.pk, action="acknowledge", actor=spec1, on=D(2025, 6, 2))
    work_plan_act(plan_id=second.pk, action="submit", actor=chief, on=D(2025, 6, 3))
    work_plan_act(plan_id=second.pk, action="approve", actor=head, on=D(2025, 6, 4))
    assert servant_actions(body) == ["acknowledge"]
    work_plan_act(plan_id=second.pk, action="acknowledge", actor=spec1, on=D(2025, 6, 5))
    assert [
        (p.version, p.state, p.acknowledged_at.date())
        for p in WorkPlan.objects.filter(case=body["case"]).order_by("version")
    ] == [(1, "superseded", D(2025, 1, 16)), (2, "approved", D(2025, 6, 5))]


# --- quarterly reviews (§16) ------------------------------------------------------------


def test_the_servant_signs_a_quarterly_review_as_seen_once(body) -> None:
    approve(body)
    review = record(body)
    case = body["case"]
    assert quarterly_review_actions(case, review, {Role.SERVANT}) == ["acknowledge"]
    assert quarterly_review_actions(case, review, {Role.DIRECT_SUPERVISOR}) == []
    seen = quarterly_review_acknowledge(
        review_id=review.pk, actor=body["spec1"].user, on=D(2025, 4, 3)
    )
    assert seen.acknowledged_at.date() == D(2025, 4, 3)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.before) == (
        "quarterly_review.acknowledge",
        body["spec1"].user,
        {"acknowledged_at": None},
    )
    assert event.after["acknowledged_at"].startswith("2025-04-03")
    assert quarterly_review_actions(case, seen, {Role.SERVANT}) == []
    before = audit_rows()
    with pytest.raises(ValidationError) as refused:
        quarterly_review_acknowledge(review_id=review.pk, actor=body["spec1"].user)
    assert refused.value.messages == [
        "the servant saw the recommendations for 2025 Q1 on 2025-04-03 already"
    ]
    assert audit_rows() == before


@pytest.mark.parametrize("role", ["chief", "head", "hr"])
def test_no_one_else_signs_a_review_as_seen(body, role) -> None:
    approve(body)
    review = record(body)
    before = audit_rows()
    with pytest.raises(PermissionDenied):
        quarterly_review_acknowledge(review_id=review.pk, actor=body[role].user)
    assert QuarterlyReview.objects.get(pk=review.pk).acknowledged_at is None
    assert audit_rows() == before


def test_recording_a_quarter_again_asks_the_servant_to_see_it_anew(body) -> None:
    approve(body)
    review = record(body)
    spec1 = body["spec1"].user
    quarterly_review_acknowledge(review_id=review.pk, actor=spec1, on=D(2025, 4, 3))
    again = record(body, text="Жаңа ұсыныстар", on=D(2025, 4, 7))
    assert (again.pk, again.acknowledged_at) == (review.pk, None)
    event = AuditEvent.objects.latest("pk")
    assert event.action == "quarterly_review.record"
    assert event.before["acknowledged_at"].startswith("2025-04-03")
    assert event.after["acknowledged_at"] is None
    seen = quarterly_review_acknowledge(review_id=review.pk, actor=spec1, on=D(2025, 4, 8))
    assert seen.acknowledged_at.date() == D(2025, 4, 8)


# --- the inbox ----------------------------------------------------------------------------


def waiting(user, on) -> set[tuple]:
    return {
        (a.document, a.document_id, a.action, a.role, a.due, a.escalation)
        for a in inbox(user, on)
        if a.action == "acknowledge"
    }


def test_the_servants_inbox_asks_them_to_see_the_plan_and_each_review(body) -> None:
    spec1 = body["spec1"].user
    plan = draft(body)
    assert waiting(spec1, D(2025, 1, 13)) == set()
    approve(body)
    assert waiting(spec1, D(2025, 1, 15)) == {
        ("work_plan", plan.pk, "acknowledge", "servant", None, "")
    }
    q1 = record(body)
    q2 = record(body, quarter=2, on=D(2025, 7, 2))
    assert waiting(spec1, D(2025, 7, 2)) == {
        ("work_plan", plan.pk, "acknowledge", "servant", None, ""),
        ("quarterly_review", q1.pk, "acknowledge", "servant", None, ""),
        ("quarterly_review", q2.pk, "acknowledge", "servant", None, ""),
    }
    assert sorted(describe(a) for a in inbox(spec1, D(2025, 7, 2))) == [
        "read and sign the approved work plan (Annex 1)",
        "read the quarter's written recommendations (§16)",
        "read the quarter's written recommendations (§16)",
    ]
    # only the servant's own: the supervisor's inbox has none of these
    assert waiting(body["chief"].user, D(2025, 7, 2)) == set()
    work_plan_act(plan_id=plan.pk, action="acknowledge", actor=spec1, on=D(2025, 7, 3))
    quarterly_review_acknowledge(review_id=q1.pk, actor=spec1, on=D(2025, 7, 3))
    assert waiting(spec1, D(2025, 7, 3)) == {
        ("quarterly_review", q2.pk, "acknowledge", "servant", None, "")
    }
    quarterly_review_acknowledge(review_id=q2.pk, actor=spec1, on=D(2025, 7, 3))
    assert waiting(spec1, D(2025, 7, 3)) == set()
    # recorded again: asked again
    record(body, quarter=2, text="Жаңа ұсыныстар", on=D(2025, 7, 4))
    assert waiting(spec1, D(2025, 7, 4)) == {
        ("quarterly_review", q2.pk, "acknowledge", "servant", None, "")
    }


def test_hr_is_not_asked_to_chase_a_plan_seen_on_paper(body) -> None:
    """Without a login the servant signs the plan and the recommendations on paper; HR's
    inbox is not filled with one item per plan and quarter for them."""
    approve(body)
    record(body)
    hr = body["hr"].user
    body["spec1"].user = None
    body["spec1"].save()
    assert waiting(hr, D(2025, 4, 2)) == set()


def test_the_servants_inbox_takes_the_same_queries_for_1_or_3_reviews(body) -> None:
    approve(body)
    spec1 = body["spec1"].user
    record(body)
    with CaptureQueriesContext(connection) as one:
        assert len(inbox(spec1, D(2025, 10, 6))) == 2
    record(body, quarter=2, on=D(2025, 7, 2))
    record(body, quarter=3, on=D(2025, 10, 2))
    with CaptureQueriesContext(connection) as three:
        assert len(inbox(spec1, D(2025, 10, 6))) == 4
    assert len(one) == len(three)
