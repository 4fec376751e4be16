"""The demo's evaluation cycles: 2025 finished with documents in every state, 2026 in
progress, and something waiting in the inbox of each demo login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.report import development_needs_report
from bagalau.core.models import AuditEvent
from bagalau.demo.cycles import cycle_summary
from bagalau.demo.services import demo_setup
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import cycle_list
from bagalau.kpi.inbox import inbox
from bagalau.kpi.models import Kpi, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.workcalendar.selectors import kazakhstan_calendar

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 25)
# The 2025 cycle's evaluation (31 Dec 2025) is inside the inbox's window until 30 Apr 2026.
IN_2025_WINDOW = D(2026, 4, 30)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, set up once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        org, logins = demo_setup()
        yield {
            "org": org,
            "logins": logins,
            2025: EvaluationCycle.objects.get(organisation=org, period_start=D(2025, 1, 1)),
            2026: EvaluationCycle.objects.get(organisation=org, period_start=D(2026, 1, 1)),
        }
        transaction.set_rollback(True)


def actions(username: str, on: dt.date) -> set[tuple[str, str, str, bool]]:
    user = get_user_model().objects.get(username=username)
    return {(a.servant, a.document, a.action, a.overdue) for a in inbox(user, on)}


def kinds(username: str, on: dt.date) -> set[tuple[str, str]]:
    return {(document, action) for _s, document, action, _o in actions(username, on)}


def test_2025_is_finished_with_kpi_sheets_in_every_state(demo) -> None:
    cycle = demo[2025]
    assert cycle.opened_by.username == "hr"
    summary = cycle_summary(cycle)
    assert set(summary["sheets"]) == {"with_commission", "agreed", "signed", "returned"}
    assert summary["sheets"]["with_commission"] > sum(summary["sheets"].values()) / 2
    assert summary["plans"] == {"approved": 35, "superseded": 1}  # one revised in July
    # Ratings spread from excellent to unsatisfactory (§18).
    ratings = set(KpiSheet.objects.filter(case__cycle=cycle).values_list("rating", flat=True))
    assert ratings == {"excellent", "effective", "satisfactory", "unsatisfactory"}
    # Returned for weak evidence (§22), with the reason and the 2-working-day rework due.
    returned = KpiSheet.objects.get(case__cycle=cycle, state="returned")
    assert "растаушы құжат" in returned.return_reason
    assert returned.resubmit_due == D(2026, 1, 14)
    assert returned.results.get(kpi__number=3).evidence == "Бөлім басшысына ауызша баяндалды"
    # Four quarterly reviews per servant, the fourth in January 2026 (§16).
    assert QuarterlyReview.objects.filter(case__cycle=cycle).count() == 35 * 4


def test_2025_has_competency_sheets_assessed_in_january_2026(demo) -> None:  # §25–§28
    cycle = demo[2025]
    evaluated = EvaluationCase.objects.filter(cycle=cycle).exclude(eligibility="excluded")
    summary = cycle_summary(cycle)["competency_sheets"]
    assert summary == {"with_commission": 28, "signed": 3, "draft": 2}
    assert sum(summary.values()) == evaluated.count() - 2  # two not begun
    sheets = CompetencySheet.objects.filter(case__cycle=cycle)
    assert sheets.get(case__servant__user__username="servant").state == "signed"
    calendar = kazakhstan_calendar(2026, 2026)
    for sheet in sheets.exclude(state="draft"):
        day = sheet.signed_at.date()
        assert (day.year, day.month) == (2026, 1)
        assert calendar.is_working_day(day)
    for sheet in sheets.filter(state="with_commission"):
        assert calendar.is_working_day(sheet.to_commission_at.date())
    sent = AuditEvent.objects.filter(
        action="competency_sheet.to_commission", organisation_id=demo["org"].pk
    )
    assert (
        sorted(after["met"] for after in sent.values_list("after", flat=True))
        == [False] + [True] * 27
    )  # one put before the commission after the 2 working days of §28
    # Varied marks: some competencies not met (§27), some servants meeting every one.
    results = CompetencyAssessment.objects.filter(sheet__case__cycle=cycle)
    not_met = results.filter(result="does_not_meet")
    assert 0.05 < not_met.count() / results.count() < 0.3
    assert sheets.exclude(items__result="does_not_meet").exists()
    assert not_met.values("competency__code").distinct().count() >= 8
    report = development_needs_report(cycle_list().get(pk=cycle.pk))
    assert report["assessed"]["total"] == 31
    assert len(report["subdivisions"]) == 8  # seven departments and the apparatus' leadership
    assert sum(c["not_met"]["total"] for c in report["competencies"]) > 15


def test_2025_has_plans_returned_and_resubmitted_at_real_dates(demo) -> None:
    plan = WorkPlan.objects.get(case__cycle=demo[2025], case__servant__user__username="servant")
    events = list(
        AuditEvent.objects.filter(object_type="kpi.workplan", object_id=str(plan.pk))
        .order_by("pk")
        .values_list("action", "after")
    )
    assert [action for action, _after in events] == [
        "work_plan.edit",
        "work_plan.submit",
        "work_plan.return",
        "work_plan.edit",
        "work_plan.submit",
        "work_plan.approve",
    ]
    resubmitted = events[4][1]
    assert resubmitted["met"] is True  # §12: within 2 working days of the return
    assert plan.state == "approved"
    returns = AuditEvent.objects.filter(action="work_plan.return", organisation_id=demo["org"].pk)
    assert (
        sum(
            1 for after in returns.values_list("after", flat=True) if after["resubmit_due"] < "2026"
        )
        == 2
    )


def test_kpis_are_worded_as_real_plans(demo) -> None:
    kpis = Kpi.objects.filter(plan__case__cycle__organisation=demo["org"])
    names = set(kpis.values_list("name", flat=True))
    assert len(names) >= 40
    assert not any(name.startswith(("KPI", "НМИ")) for name in names)
    assert set(kpis.values_list("source", flat=True)) == {
        "strategic_plan",
        "memorandum",
        "a_corps_agreement",
        "work_specifics",
    }
    assert set(kpis.values_list("achievement", flat=True)) == {
        "at_least",
        "at_most",
        "exactly",
        "by_deadline",
    }
    assert {"%", "гектар", "адам", "млн теңге"} <= set(kpis.values_list("unit", flat=True))


def test_2026_is_in_progress_with_plans_at_every_stage(demo) -> None:
    cycle = demo[2026]
    summary = cycle_summary(cycle)
    assert {"draft", "submitted", "returned", "approved", "superseded"} <= set(summary["plans"])
    assert summary["sheets"] == {}  # the year has not ended
    assert summary["competency_sheets"] == {}
    assert not CompetencySheet.objects.filter(case__cycle=cycle).exists()
    cases = EvaluationCase.objects.filter(cycle=cycle)
    excluded = cases.filter(eligibility="excluded")
    assert set(excluded.values_list("reason", flat=True)) == {
        "probation",
        "short_tenure",
        "short_since_social_leave",
    }
    assert not WorkPlan.objects.filter(case__in=excluded).exists()
    assert cases.exclude(eligibility="excluded").filter(work_plans__isnull=True).count() == 1
    reviewed = {
        case.pk: set(case.quarterly_reviews.values_list("quarter", flat=True))
        for case in cases.filter(work_plans__state="approved").distinct()
    }
    assert sum(1 for quarters in reviewed.values() if quarters == {1, 2, 3}) > 20
    assert sum(1 for quarters in reviewed.values() if 3 not in quarters) >= 5
    assert not QuarterlyReview.objects.filter(case__cycle=cycle, quarter=4).exists()


def test_every_supervising_login_has_pending_actions_today(demo) -> None:
    supervisor = actions("supervisor", TODAY)
    user = get_user_model().objects.get(username="supervisor")
    # A revision returned on Monday 23 Nov: rework is due today, 2 working days later (§12).
    assert [(a.action, a.due, a.overdue) for a in inbox(user, TODAY) if a.action == "resubmit"] == [
        ("resubmit", TODAY, False)
    ]
    assert any(a[2] == "record_q3_2026" and a[3] for a in supervisor)  # overdue (§16)
    assert ("work_plan", "approve") in kinds("superior", TODAY)
    assert ("quarterly_review", "record_q3_2026") in kinds("superior", TODAY)
    assert ("work_plan", "approve") in kinds("head", TODAY)  # the deputy's revised plan
    assert ("work_plan", "approve") in kinds("authorized", TODAY)  # a department head's
    assert {("work_plan", "draft"), ("work_plan", "resubmit")} <= kinds("commission", TODAY)
    assert any(a[3] for a in actions("commission", TODAY))


def test_hr_the_servant_and_the_secretary_have_the_2025_sheets_waiting(demo) -> None:
    assert ("kpi_sheet", "to_commission") in kinds("hr", IN_2025_WINDOW)
    assert ("kpi_sheet", "to_commission") in kinds("secretary", IN_2025_WINDOW)
    assert ("kpi_sheet", "acknowledge") in kinds("servant", IN_2025_WINDOW)
    assert ("kpi_sheet", "agree") in kinds("superior", IN_2025_WINDOW)
    assert ("kpi_sheet", "resign") in kinds("supervisor", IN_2025_WINDOW)


def test_every_demo_login_has_something_in_the_inbox_today(demo) -> None:
    for login in demo["logins"]:
        if login.username != "admin":
            assert actions(login.username, TODAY), login.username


def test_running_the_demo_again_neither_fails_nor_duplicates(demo) -> None:
    counted = (
        EvaluationCycle,
        EvaluationCase,
        WorkPlan,
        QuarterlyReview,
        KpiSheet,
        CompetencySheet,
        CompetencyAssessment,
        AuditEvent,
    )
    before = [model.objects.count() for model in counted]
    demo_setup()
    assert [model.objects.count() for model in counted] == before
