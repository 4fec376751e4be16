"""The demo's evaluation cycles: 2025 finished with documents in every state and its
commission's approved protocol, 2026 in progress, and something waiting in the inbox of each
demo login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionMeeting,
    CommissionOrder,
    Decision,
    Notice,
    RefusalAct,
    Vote,
)
from bagalau.commission.retention import retention_list
from bagalau.commission.selectors import composition_of, meeting_document, meeting_full
from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.report import development_needs_report
from bagalau.core.models import AuditEvent
from bagalau.demo.cycles import commission_summary, cycle_summary
from bagalau.demo.services import demo_setup
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import cycle_list
from bagalau.kpi.inbox import inbox
from bagalau.kpi.models import Kpi, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.selectors import authorized_person, hr_officers
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
        "work_plan.acknowledge",  # the servant signs it as seen the next working day
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


def test_the_servant_has_seen_their_plans_and_all_but_the_latest_review(demo) -> None:
    servant = {"case__servant__user__username": "servant"}
    plans = WorkPlan.objects.filter(**servant, state__in=["approved", "superseded"])
    assert plans.exists()
    assert not plans.filter(acknowledged_at__isnull=True, case__cycle=demo[2025]).exists()
    reviews = QuarterlyReview.objects.filter(**servant)
    assert not reviews.filter(case__cycle=demo[2025], acknowledged_at__isnull=True).exists()
    unseen = reviews.filter(case__cycle=demo[2026], acknowledged_at__isnull=True)
    assert list(unseen.values_list("quarter", flat=True)) == [3]
    assert ("quarterly_review", "acknowledge") in kinds("servant", TODAY)


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
        CommissionOrder,
        CommissionMeeting,
        Vote,
        Decision,
        Acquaintance,
        Appeal,
        Notice,
        AuditEvent,
    )
    before = [model.objects.count() for model in counted]
    demo_setup()
    assert [model.objects.count() for model in counted] == before


def meetings_of(cycle: EvaluationCycle) -> list[CommissionMeeting]:
    return list(CommissionMeeting.objects.filter(cycle=cycle).order_by("date", "pk"))


def test_2025_has_a_lawful_commission_and_an_approved_protocol(demo) -> None:  # §5, §29–§39
    org, cycle = demo["org"], demo[2025]
    [order] = CommissionOrder.objects.filter(organisation=org)
    composition = composition_of(order)
    rules = version_rules(cycle.methodology_version)
    assert len(composition.voting) >= rules.commission_min_members
    assert len(composition.members) >= 5
    assert composition.secretary not in composition.voting
    assert composition.secretary in set(
        hr_officers(org, order.effective_from).values_list("pk", flat=True)
    )
    first, second = meetings_of(cycle)
    assert (first.state, first.protocol_number) == ("approved", "1")
    assert (second.state, second.protocol_number) == ("approved", "2")
    calendar = kazakhstan_calendar(2025, 2026)
    for meeting in (first, second):
        assert meeting.order_id == order.pk
        assert calendar.working_days_between(meeting.agreed_on, meeting.date) >= 7  # §29
        assert D(2026, 1, 1) < meeting.approved_on <= D(2026, 3, 31)
        assert meeting.approved_by_name == authorized_person(org, meeting.approved_on).short_name
        assert meeting.conclusion
        assert meeting.protocol is not None
    document = meeting_document(meeting_full(first.pk), rules)
    assert document["quorum"] | {"share": None} == {
        "members": 7,
        "present": 6,
        "needed": 5,
        "share": None,
        "quorate": True,
        "recorded": True,
    }
    # every case whose two sheets are before the commission is heard and decided by name
    heard = {item["case"] for item in document["items"]}
    ready = EvaluationCase.objects.filter(
        cycle=cycle,
        kpi_sheet__state="with_commission",
        competency_sheet__state="with_commission",
    )
    assert heard == set(ready.values_list("pk", flat=True))
    assert len(heard) >= 20
    present = sum(1 for seat in document["composition"] if seat["present"])
    for item in document["items"]:
        assert item["decision"] is not None
        assert len(item["votes"]) == present
    # the secretary does not vote (§34); members recuse from their own case
    recused = Vote.objects.filter(item__meeting=first, choice="recused")
    assert recused.count() >= 1
    assert all(vote.member_id == vote.item.case.servant_id for vote in recused)
    assert not Vote.objects.filter(member_id=composition.secretary).exists()
    casting = Decision.objects.get(item__meeting=first, chair_casting=True)
    assert (casting.outcome, casting.votes_for, casting.votes_cast) == ("approve", 3, 6)


def test_2025_revisions_are_kept_beside_the_originals(demo) -> None:  # §37, §38
    [first, _second] = meetings_of(demo[2025])
    revised = Decision.objects.filter(item__meeting=first, outcome="revise")
    assert revised.count() == 2
    kpi = revised.exclude(kpi_rating_revised="").get()
    assert (kpi.kpi_rating_original, kpi.kpi_rating_revised) == ("satisfactory", "effective")
    assert kpi.recommendation
    assert KpiSheet.objects.get(case=kpi.case).rating == "satisfactory"  # never overwritten
    competency = revised.filter(kpi_rating_revised="").get()
    [(code, result)] = competency.competency_revised.items()
    assert (competency.competency_original[code], result) == ("does_not_meet", "meets")
    assert (
        CompetencyAssessment.objects.get(sheet__case=competency.case, competency__code=code).result
        == "does_not_meet"
    )


def test_2025_acquaintance_refusal_and_an_appeal_reviewed(demo) -> None:  # §40–§42
    cycle = demo[2025]
    first, second = meetings_of(cycle)
    acquaintances = Acquaintance.objects.filter(case__cycle=cycle)
    assert acquaintances.count() == Decision.objects.filter(case__cycle=cycle).count()
    assert not acquaintances.filter(state="pending").exists()
    assert acquaintances.filter(state="acknowledged", on_paper=False).exists()  # in the system
    assert acquaintances.filter(state="acknowledged", on_paper=True).exists()  # signed on paper
    [refused] = acquaintances.filter(state="refused")
    act = RefusalAct.objects.get(acquaintance=refused)
    servant = refused.case.servant_id
    signatories = {act.hr_officer_id, act.witness_one_id, act.witness_two_id}
    assert len(signatories) == 3
    assert servant not in signatories
    assert act.hr_officer in hr_officers(demo["org"], act.drawn_up_on)
    assert act.drawn_up_on <= refused.due
    [appeal] = Appeal.objects.filter(case__cycle=cycle)
    assert (appeal.state, appeal.hearing_body) == ("upheld", "civil_service_agency")
    assert appeal.filed_on <= appeal.last_day
    assert appeal.answer_reference
    assert appeal.decision.state == "cancelled"
    assert appeal.decision.chair_casting
    review = Decision.objects.get(case=appeal.case, item__meeting=second)
    assert (review.item.reason, review.state, review.outcome) == ("appeal", "final", "revise")
    assert commission_summary(cycle) == {
        "meetings": [
            {
                "id": first.pk,
                "date": first.date,
                "state": "approved",
                "protocol_number": "1",
                "approved_on": first.approved_on,
                "agenda": first.items.count(),
                "decisions": {"approve": first.items.count() - 2, "revise": 2},
                "chair_casting": 1,
                "recusals": Vote.objects.filter(item__meeting=first, choice="recused").count(),
            },
            {
                "id": second.pk,
                "date": second.date,
                "state": "approved",
                "protocol_number": "2",
                "approved_on": second.approved_on,
                "agenda": 1,
                "decisions": {"revise": 1},
                "chair_casting": 0,
                "recusals": 0,
            },
        ],
        "acquaintances": {"acknowledged": acquaintances.count() - 1, "refused": 1},
        "refusal_acts": 1,
        "appeals": {"upheld": 1},
    }


def test_2025_final_ratings_are_the_basis_of_hr_decisions(demo) -> None:  # §7, §39
    cycle = demo[2025]
    basis = {row["case"]: row for row in hr_decision_basis(cycle)}
    decided = set(
        Decision.objects.filter(case__cycle=cycle, state="final").values_list("case_id", flat=True)
    )
    assert {case for case, row in basis.items() if row["final"]} == decided
    revised = Decision.objects.get(
        item__meeting__cycle=cycle, state="final", outcome="revise", kpi_rating_revised="effective"
    )
    assert basis[revised.case_id]["final"]["rating"] == "effective"
    assert basis[revised.case_id]["final"]["source"] == "commission"
    assert basis[revised.case_id]["kpi_sheet"]["rating"] == "satisfactory"
    # a sheet that never reached the commission has no final rating
    agreed = KpiSheet.objects.filter(case__cycle=cycle, state="agreed").first()
    assert basis[agreed.case_id]["final"] is None
    # the evaluation is completed with the last approval: kept 3 years (§8)
    entries = {entry.cycle.pk: entry for entry in retention_list(TODAY)}
    [_first, second] = meetings_of(cycle)
    assert entries[cycle.pk].completed_on == second.approved_on
    assert entries[cycle.pk].kept_until == second.approved_on.replace(year=2029)
    assert entries[demo[2026].pk].completed_on is None


def test_2026_has_no_approved_protocol(demo) -> None:
    cycle = demo[2026]
    assert not CommissionMeeting.objects.filter(cycle=cycle, state="approved").exists()
    assert not Decision.objects.filter(case__cycle=cycle).exists()
    assert all(row["final"] is None for row in hr_decision_basis(cycle))
    assert commission_summary(cycle)["meetings"] == []
