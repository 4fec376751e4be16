"""After the approval (§39): acquaintance in writing or the act of refusal (§40–§41), appeals
(001 §42 to the civil-service agency; 004 §43 to the authorized person), court cases (001
§43; 004 §44), the HR decisions that stand on the KPI results only (§7), and the retention
of the papers (§8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionMeeting,
    CourtCase,
    Decision,
    Notice,
)
from bagalau.commission.outcomes import (
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    court_case_decide,
    court_case_record,
    refusal_act_draw_up,
)
from bagalau.commission.retention import purge, retention_list
from bagalau.commission.selectors import final_results, ready_cases, visible_meetings
from bagalau.commission.services import meeting_approve, meeting_close
from bagalau.commission.tests.factories import (
    APPROVAL_DAY,
    MEETING_DAY,
    approved_meeting,
    case_of,
    decide,
    form_commission,
    make_commission_body,
    open_meeting,
    refused,
    shipped_methodology,
    to_commission,
)
from bagalau.core.models import AuditEvent
from bagalau.core.workflow import TransitionRefused
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.models import EvaluationCycle
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_organisation,
    make_position,
    make_servant,
    make_user,
)

D = dt.date
pytestmark = pytest.mark.django_db
ACQUAINTANCE_DUE = D(2026, 1, 28)  # 2 working days after the approval on 26 January (§40)
LAST_DAY_TO_APPEAL = D(2026, 2, 6)  # 10 working days after the decision on 23 January (§42)
EMAIL = "spec2@example.kz"


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The shipped methodology loaded once for the module (rolled back after it)."""
    with shipped_methodology(django_db_blocker):
        yield


def results_approved(act: str = "arys-714", choices=None, *, email: bool = True) -> dict:
    """A body under `act` whose commission decided on spec1 (5 of 5 KPIs: "excellent") and
    spec2 (2 of 5: "unsatisfactory") on 23 January 2026, approved on 26 January; spec2's
    login has an e-mail address."""
    body = make_commission_body(act)
    form_commission(body)
    to_commission(body, "spec1", achieved=5)
    to_commission(body, "spec2", achieved=2)
    if email:
        body["spec2"].user.email = EMAIL
        body["spec2"].user.save()
    body["meeting"] = approved_meeting(body, choices or {"spec1": "approve", "spec2": "approve"})
    return body


@pytest.fixture
def body(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return results_approved()


def acquaintance(body, role) -> Acquaintance:
    return Acquaintance.objects.get(case=case_of(body, role))


APPEALED = D(2026, 2, 2)


def file(body, role="spec2", on=APPEALED, actor=None, grounds="Келіспеймін"):
    return appeal_file(
        case_id=case_of(body, role).pk,
        actor=actor or body[role].user,
        grounds=grounds,
        on=on,
    )


# --- acquaintance (§40–§41) ------------------------------------------------------------------


def test_each_servant_is_notified_and_acquainted_within_two_working_days(body) -> None:
    for role in ("spec1", "spec2"):
        acq = acquaintance(body, role)
        assert (acq.state, acq.due) == ("pending", ACQUAINTANCE_DUE)
        assert acq.decision.state == "final"
        notice = Notice.objects.get(case=case_of(body, role), kind="results_approved")
        assert "2026-01-28" in notice.body
    # spec2 has an address: the notices were e-mailed once each action was committed (the
    # schedule, as spec2 sits on the commission, then the results)
    results = Notice.objects.get(case=case_of(body, "spec2"), kind="results_approved")
    assert results.emailed_to == EMAIL
    assert [(m.to, m.subject) for m in mail.outbox][-1] == ([EMAIL], results.subject)
    assert all(m.to == [EMAIL] for m in mail.outbox)


def test_the_servant_acknowledges_in_writing_dated(body) -> None:  # §41
    acq = acquaintance(body, "spec1")
    # nobody else acknowledges for the servant; HR records a paper signature only
    for role in ("chief", "head"):
        refused(
            TransitionRefused,
            acquaintance_acknowledge,
            acquaintance_id=acq.pk,
            actor=body[role].user,
            on=D(2026, 1, 27),
        )
    acq = acquaintance_acknowledge(
        acquaintance_id=acq.pk, actor=body["spec1"].user, on=D(2026, 1, 27)
    )
    assert (acq.state, acq.on_paper, acq.acknowledged_at.date()) == (
        "acknowledged",
        False,
        D(2026, 1, 27),
    )
    event = AuditEvent.objects.get(action="acquaintance.acknowledge")
    assert (event.before["state"], event.after["state"], event.after["met"]) == (
        "pending",
        "acknowledged",
        True,
    )
    error = refused(
        TransitionRefused,
        acquaintance_acknowledge,
        acquaintance_id=acq.pk,
        actor=body["spec1"].user,
        on=D(2026, 1, 28),
    )
    assert error.reason == "out_of_turn"


def test_hr_records_a_signature_given_on_paper(body) -> None:
    acq = acquaintance_acknowledge(
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["hr2"].user,
        on=D(2026, 1, 29),
    )
    assert (acq.state, acq.on_paper, acq.recorded_by) == (
        "acknowledged",
        True,
        body["hr2"].user,
    )
    # a day after it was due: the audit says so
    assert AuditEvent.objects.get(action="acquaintance.acknowledge").after["met"] is False


@pytest.mark.parametrize(
    ("witnesses", "message"),
    [
        (["m3"], "two other servants of the body, two different people"),
        (["m3", "m3"], "two other servants of the body, two different people"),
        (["m3", "spec2"], "the servant who refused cannot sign as a witness"),
        (["m3", "hr"], "the HR officer signs as such"),
        (["m3", "stranger"], "not servants of the body on that day"),
    ],
)
def test_the_act_of_refusal_needs_two_other_servants_of_the_body(
    body, witnesses, message
) -> None:  # §41
    stranger = make_servant()
    make_appointment(stranger, make_position(make_organisation()))
    people = {**body, "stranger": stranger}
    refused(
        ValidationError,
        refusal_act_draw_up,
        match=message,
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["hr"].user,
        witnesses=[people[w].pk for w in witnesses],
        statement="Танысудан бас тартты",
        on=D(2026, 1, 27),
    )


def test_a_witness_who_has_left_the_body_cannot_sign(body) -> None:
    body["m4"].appointments.update(date_to=D(2026, 1, 26))
    refused(
        ValidationError,
        refusal_act_draw_up,
        match="not servants of the body on that day",
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["hr"].user,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Танысудан бас тартты",
        on=D(2026, 1, 27),
    )


def test_only_hr_draws_up_the_act_and_it_states_what_happened(body) -> None:
    kwargs = {
        "acquaintance_id": acquaintance(body, "spec2").pk,
        "witnesses": [body["m3"].pk, body["m4"].pk],
        "on": D(2026, 1, 27),
    }
    refused(
        TransitionRefused,
        refusal_act_draw_up,
        actor=body["chief"].user,
        statement="Танысудан бас тартты",
        **kwargs,
    )
    error = refused(
        ValidationError, refusal_act_draw_up, actor=body["hr"].user, statement=" ", **kwargs
    )
    assert set(error.message_dict) == {"statement"}


def test_after_a_refusal_the_results_are_sent_by_notice_and_email(
    body, django_capture_on_commit_callbacks
) -> None:  # §41
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act = refusal_act_draw_up(
            acquaintance_id=acquaintance(body, "spec2").pk,
            actor=body["hr"].user,
            witnesses=[body["m3"].pk, body["m4"].pk],
            statement="Қызметші хаттамамен танысудан бас тартты",
            number="1",
            on=D(2026, 1, 27),
        )
    assert (act.hr_officer, act.witness_one, act.witness_two) == (
        body["hr"],
        body["m3"],
        body["m4"],
    )
    assert act.delivered_via == ["bagalau_notice", "email"]
    assert (act.delivered_on, act.delivery_due) == (D(2026, 1, 27), ACQUAINTANCE_DUE)
    assert acquaintance(body, "spec2").state == "refused"
    sent = Notice.objects.get(kind="results_sent_after_refusal")
    assert (sent.recipient, sent.emailed_to) == (body["spec2"], EMAIL)
    assert "қанағаттанарлықсыз" in sent.body  # the rating in words, Kazakh and Russian
    assert "неудовлетворительно" in sent.body
    [message] = mail.outbox
    assert (message.to, message.subject) == ([EMAIL], sent.subject)
    # the refusal does not stop the results standing (004 §42)
    assert (
        final_results([case_of(body, "spec2").pk])[case_of(body, "spec2").pk]["kpi_rating"]
        == "unsatisfactory"
    )
    # an act cannot be drawn up twice, nor the results acknowledged after it
    refused(
        TransitionRefused,
        acquaintance_acknowledge,
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["spec2"].user,
        on=D(2026, 1, 28),
    )


def test_without_an_address_the_results_go_by_notice_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        body = results_approved(email=False)
        act = refusal_act_draw_up(
            acquaintance_id=acquaintance(body, "spec2").pk,
            actor=body["hr"].user,
            witnesses=[body["m3"].pk, body["m4"].pk],
            statement="Танысудан бас тартты",
            on=D(2026, 1, 29),
        )
    assert act.delivered_via == ["bagalau_notice"]
    assert mail.outbox == []
    assert AuditEvent.objects.get(action="acquaintance.refuse").after["met"] is False


def test_a_refused_action_sends_no_mail(body, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refused(
            ValidationError,
            refusal_act_draw_up,
            acquaintance_id=acquaintance(body, "spec2").pk,
            actor=body["hr"].user,
            witnesses=[body["m3"].pk],
            statement="Танысудан бас тартты",
            on=D(2026, 1, 27),
        )
    assert mail.outbox == []


# --- appeals (§42; 004: §43) -----------------------------------------------------------------


def test_the_appeal_deadline_runs_from_the_decision_not_the_acquaintance(body) -> None:
    acquaintance_acknowledge(
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["spec2"].user,
        on=D(2026, 1, 28),
    )
    # 10 working days from 28 January would run to 11 February; from the decision, 6 February
    error = refused(ValidationError, file, body=body, on=D(2026, 2, 9))
    assert error.message_dict["filed_on"] == [
        "the appeal is late: the decision was made on 2026-01-23 and the last day to appeal"
        " was 2026-02-06 (10 working days, §42)"
    ]
    appeal = file(body, on=LAST_DAY_TO_APPEAL)
    assert (appeal.state, appeal.last_day, appeal.hearing_body) == (
        "filed",
        LAST_DAY_TO_APPEAL,
        "civil_service_agency",
    )
    assert appeal.decision == Decision.objects.get(case=case_of(body, "spec2"))
    event = AuditEvent.objects.get(action="appeal.file")
    assert (event.before, event.after["state"]) == (None, "filed")


def test_the_appeal_deadline_counts_working_days_over_nauryz() -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec2", achieved=2)
    # decided on Friday 13 March 2026; 23–25 March are days off: the last day is 1 April
    approved_meeting(
        body,
        {"spec2": "approve"},
        on=D(2026, 3, 3),
        date=D(2026, 3, 13),
        approve_on=D(2026, 3, 16),
    )
    refused(ValidationError, file, match="was 2026-04-01", body=body, on=D(2026, 4, 2))
    assert file(body, on=D(2026, 4, 1)).last_day == D(2026, 4, 1)


def test_who_files_an_appeal_and_with_what(body) -> None:
    refused(TransitionRefused, file, body=body, actor=body["chief"].user)
    refused(ValidationError, file, match="grounds", body=body, grounds=" ")
    # HR enters an appeal received on paper
    appeal = file(body, actor=body["hr"].user, on=D(2026, 2, 3))
    assert appeal.filed_by == body["hr"].user


def test_no_appeal_before_the_commission_decides() -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec2")
    refused(ValidationError, file, match="no decision on .* to appeal against", body=body)


def test_a_second_pending_appeal_is_refused(body) -> None:
    first = file(body, on=D(2026, 2, 2))
    refused(ValidationError, file, match="awaits its answer already", body=body, on=D(2026, 2, 3))
    appeal_answer(
        appeal_id=first.pk,
        actor=body["hr"].user,
        outcome="reject",
        reference="Агенттік хаты № 5, 2026-02-04",
        on=D(2026, 2, 4),
    )
    # answered, a new appeal within the deadline may be filed
    assert file(body, on=D(2026, 2, 5)).state == "filed"


def test_under_arys_hr_records_the_agencys_answer_with_its_reference(body) -> None:  # 001 §42
    appeal = file(body)
    # the authorized person does not answer an appeal heard by the agency
    error = refused(
        TransitionRefused,
        appeal_answer,
        appeal_id=appeal.pk,
        actor=body["head"].user,
        outcome="reject",
        reference="№ 5",
        on=D(2026, 2, 4),
    )
    assert error.reason == "not_your_role"
    refused(
        ValidationError,
        appeal_answer,
        match="give the number and date of the agency's answer",
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="reject",
        on=D(2026, 2, 4),
    )
    appeal = appeal_answer(
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="reject",
        reference="Агенттік хаты № 5, 2026-02-04",
        note="Нәтиже өзгеріссіз қалдырылды",
        on=D(2026, 2, 4),
    )
    assert (appeal.state, appeal.answered_on, appeal.answer_reference) == (
        "rejected",
        D(2026, 2, 4),
        "Агенттік хаты № 5, 2026-02-04",
    )
    # a rejected appeal leaves the decision standing
    spec2 = case_of(body, "spec2")
    assert Decision.objects.get(case=spec2).state == "final"
    assert final_results([spec2.pk])[spec2.pk]["kpi_rating"] == "unsatisfactory"
    assert ready_cases(body["cycle"]) == []
    event = AuditEvent.objects.get(action="appeal.reject")
    assert (event.before["state"], event.after["state"]) == ("filed", "rejected")
    refused(
        TransitionRefused,
        appeal_answer,
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="uphold",
        reference="№ 6",
        on=D(2026, 2, 5),
    )


def test_an_upheld_appeal_cancels_the_decision_and_the_case_is_reviewed(body) -> None:
    spec2 = case_of(body, "spec2")
    appeal = file(body)
    appeal_answer(
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="upheld",
        reference="Агенттік хаты № 7, 2026-02-05",
        on=D(2026, 2, 5),
    )
    decision = Decision.objects.get(case=spec2)
    assert decision.state == "cancelled"
    assert AuditEvent.objects.get(action="appeal.uphold").after["decision_cancelled"] == (
        decision.pk
    )
    # no final result stands until the commission reviews it
    assert final_results([spec2.pk]) == {}
    basis = {b["case"]: b for b in hr_decision_basis(body["cycle"])}
    assert (basis[spec2.pk]["final"], basis[spec2.pk]["basis_for"]) == (None, [])
    assert [(c.pk, reason) for c, reason in ready_cases(body["cycle"])] == [(spec2.pk, "appeal")]
    # nothing to appeal against now
    refused(ValidationError, file, match="no decision", body=body, on=D(2026, 2, 6))


def test_under_the_nchr_act_the_authorized_person_answers() -> None:  # 004 §43
    body = results_approved("nchr-1")
    # the NCHR act has the appeal in its own §43, and the message cites it
    error = refused(ValidationError, file, body=body, on=D(2026, 2, 9))
    assert error.message_dict["filed_on"][0].endswith("(10 working days, §43)")
    appeal = file(body)
    assert appeal.hearing_body == "authorized_person"
    error = refused(
        TransitionRefused,
        appeal_answer,
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="uphold",
        reference="№ 3",
        on=D(2026, 2, 4),
    )
    assert error.reason == "not_your_role"
    appeal = appeal_answer(
        appeal_id=appeal.pk,
        actor=body["head"].user,
        outcome="uphold",
        note="Комиссия шешімі жойылды, қайта қарауға ұсынылады",
        on=D(2026, 2, 4),
    )
    assert (appeal.state, appeal.answered_by) == ("upheld", body["head"].user)
    assert Decision.objects.get(case=case_of(body, "spec2")).state == "cancelled"


def test_a_marked_authorized_person_without_a_part_in_the_case_answers() -> None:
    """The body marks a deputy's position as the authorized person (§5): the deputy, who
    has no part in the servants' own documents, approves the protocol and answers the
    appeal (004 §43); the first head no longer may."""
    body = make_commission_body("nchr-1")
    form_commission(body)
    to_commission(body, "spec2", achieved=2)
    deputy = make_servant(user=make_user())
    position = make_position(
        body["org"], code="DEPUTY", reports_to=body["head_position"], is_authorized_person=True
    )
    make_appointment(deputy, position, date_from=D(2020, 1, 1))
    first_head = body["head"]
    body["head"] = deputy  # approved_meeting: the authorized person approves
    meeting = approved_meeting(body, {"spec2": "approve"})
    assert (meeting.state, meeting.approved_by) == ("approved", deputy.user)
    assert meeting in visible_meetings(deputy.user, APPROVAL_DAY)
    assert meeting not in visible_meetings(first_head.user, APPROVAL_DAY)
    appeal = file(body)
    refused(
        TransitionRefused,
        appeal_answer,
        appeal_id=appeal.pk,
        actor=first_head.user,
        outcome="reject",
        on=D(2026, 2, 4),
    )
    appeal = appeal_answer(
        appeal_id=appeal.pk, actor=deputy.user, outcome="reject", on=D(2026, 2, 4)
    )
    assert (appeal.state, appeal.answered_by) == ("rejected", deputy.user)


# --- court (001 §43; 004 §44) ----------------------------------------------------------------


def court(body, role="spec2"):
    return court_case_record(
        case_id=case_of(body, role).pk,
        actor=body["hr"].user,
        court="Арыс қалалық соты",
        number="2-115/2026",
        filed_on=D(2026, 2, 10),
        on=D(2026, 2, 11),
    )


def test_a_court_decision_that_changes_the_result_is_applied_with_its_reference(body) -> None:
    spec2 = case_of(body, "spec2")
    refused(
        TransitionRefused,
        court_case_record,
        case_id=spec2.pk,
        actor=body["spec2"].user,
        court="сот",
        number="1",
        filed_on=D(2026, 2, 10),
    )
    refused(
        ValidationError,
        court_case_record,
        case_id=spec2.pk,
        actor=body["hr"].user,
        court=" ",
        number=" ",
        filed_on=D(2026, 2, 10),
    )
    case = court(body)
    assert case.state == "pending"
    decide_kwargs = {
        "court_case_id": case.pk,
        "actor": body["hr"].user,
        "decided_on": D(2026, 4, 20),
        "on": D(2026, 4, 21),
    }
    for changes, field in [
        ({"changed": True, "reference": "№ 2-115"}, "kpi_rating"),
        ({"changed": True, "reference": "№ 2-115", "kpi_rating": "good"}, "kpi_rating"),
        ({"changed": False, "reference": "№ 2-115", "kpi_rating": "effective"}, "kpi_rating"),
        ({"changed": True, "reference": " ", "kpi_rating": "effective"}, "reference"),
        (
            {"changed": True, "reference": "№ 2-115", "competencies": {"nope": "meets"}},
            "competencies",
        ),
    ]:
        error = refused(ValidationError, court_case_decide, **decide_kwargs, **changes)
        assert field in error.message_dict, changes
    refused(
        TransitionRefused,
        court_case_decide,
        **{**decide_kwargs, "actor": body["head"].user},
        changed=True,
        reference="№ 2-115",
        kpi_rating="satisfactory",
    )
    case = court_case_decide(
        **decide_kwargs,
        changed=True,
        reference="Арыс қалалық сотының 2026-04-20 шешімі № 2-115/2026",
        kpi_rating="satisfactory",
    )
    assert case.state == "changed"
    final = final_results([spec2.pk])[spec2.pk]
    assert (final["kpi_rating"], final["kpi_source"]) == ("satisfactory", "court")
    assert final["court"] == {"id": case.pk, "reference": case.reference}
    basis = {b["case"]: b for b in hr_decision_basis(body["cycle"])}[spec2.pk]
    assert basis["final"] == {
        "rating": "satisfactory",
        "source": "court",
        "decided_on": D(2026, 4, 20),
        "reference": case.reference,
    }
    assert (basis["flagged"], basis["basis_for"]) == (False, ["bonus", "incentive"])
    # the commission's decision is kept as it was
    decision = Decision.objects.get(case=spec2)
    assert (decision.state, decision.kpi_rating_final) == ("final", "unsatisfactory")
    refused(
        TransitionRefused,
        court_case_decide,
        **decide_kwargs,
        changed=False,
        reference="№ 2-115",
    )


def test_a_court_decision_that_leaves_the_result_changes_nothing_in_it(body) -> None:
    spec2 = case_of(body, "spec2")
    before = final_results([spec2.pk])
    case = court_case_decide(
        court_case_id=court(body).pk,
        actor=body["hr"].user,
        changed=False,
        decided_on=D(2026, 4, 20),
        reference="№ 2-115/2026",
        on=D(2026, 4, 21),
    )
    assert case.state == "unchanged"
    assert final_results([spec2.pk]) == before
    basis = {b["case"]: b for b in hr_decision_basis(body["cycle"])}[spec2.pk]
    assert basis["final"]["source"] == "sheet"


# --- HR decisions stand on the KPI results only (§7) ----------------------------------------


def test_unsatisfactory_final_ratings_are_flagged(django_capture_on_commit_callbacks) -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1", achieved=5)
    to_commission(body, "spec2", achieved=2)
    to_commission(body, "m1", achieved=4)
    cycle = body["cycle"]
    basis = {b["servant"]: b for b in hr_decision_basis(cycle)}
    # before the approval no final rating stands, and nothing is a basis for anything
    assert basis[body["spec2"].pk]["kpi_sheet"]["rating"] == "unsatisfactory"
    assert (basis[body["spec2"].pk]["final"], basis[body["spec2"].pk]["flagged"]) == (
        None,
        False,
    )
    approved_meeting(
        body,
        {
            "spec1": "approve",
            "spec2": "approve",
            # the commission lowers m1 from "effective" to "unsatisfactory"
            "m1": {"kpi_rating": "unsatisfactory"},
        },
    )
    basis = {b["servant"]: b for b in hr_decision_basis(cycle)}
    career = ["bonus", "incentive", "rotation", "demotion", "dismissal"]
    assert (basis[body["spec1"].pk]["flagged"], basis[body["spec1"].pk]["basis_for"]) == (
        False,
        ["bonus", "incentive"],
    )
    assert (basis[body["spec2"].pk]["flagged"], basis[body["spec2"].pk]["basis_for"]) == (
        True,
        career,
    )
    m1 = basis[body["m1"].pk]
    assert (m1["flagged"], m1["basis_for"], m1["final"]["source"]) == (True, career, "commission")
    assert m1["kpi_sheet"]["rating"] == "effective"  # the sheet is never overwritten


def test_competency_results_never_change_the_basis_of_hr_decisions(body) -> None:  # §7
    spec1, spec2 = case_of(body, "spec1"), case_of(body, "spec2")
    codes = sorted(Decision.objects.get(case=spec1).competency_original)
    reference = hr_decision_basis(body["cycle"])
    decisions = Decision.objects.filter(case__in=[spec1, spec2])
    court_case = court(body)
    court_case_decide(
        court_case_id=court_case.pk,
        actor=body["hr"].user,
        changed=True,
        decided_on=D(2026, 4, 20),
        reference="№ 2-115/2026",
        competencies={codes[0]: "does_not_meet"},
        on=D(2026, 4, 21),
    )
    assert hr_decision_basis(body["cycle"]) == reference  # a court's competency change too
    assert final_results([spec2.pk])[spec2.pk]["competencies"][codes[0]] == "does_not_meet"
    results = st.sampled_from(["meets", "does_not_meet"])

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        st.dictionaries(st.sampled_from(codes), results),
        st.dictionaries(st.sampled_from(codes), results),
    )
    def any_competency_marks(original, revised) -> None:
        decisions.update(
            competency_original={**dict.fromkeys(codes, "meets"), **original},
            competency_revised=revised,
            outcome="revise" if revised else "approve",
        )
        assert hr_decision_basis(body["cycle"]) == reference

    any_competency_marks()


def test_a_competency_revision_by_the_commission_leaves_the_kpi_basis(
    django_capture_on_commit_callbacks,
) -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1", achieved=2)
    to_commission(body, "spec2", achieved=2)
    approved_meeting(
        body,
        {"spec1": "approve", "spec2": {"competencies": {"integrity": "does_not_meet"}}},
    )
    basis = {b["servant"]: b for b in hr_decision_basis(body["cycle"])}
    one, two = basis[body["spec1"].pk], basis[body["spec2"].pk]
    assert Decision.objects.get(case=case_of(body, "spec2")).outcome == "revise"
    assert {k: one[k] for k in ("final", "basis_for", "flagged")} == {
        k: two[k] for k in ("final", "basis_for", "flagged")
    }
    assert two["final"]["source"] == "sheet"


# --- retention (§8) -------------------------------------------------------------------------


def entry_of(cycle, today):
    return next(e for e in retention_list(today) if e.cycle.pk == cycle.pk)


def test_papers_go_only_three_years_after_completion(body) -> None:
    cycle = body["cycle"]
    entry = entry_of(cycle, D(2029, 1, 26))
    assert (entry.completed_on, entry.kept_until, entry.expired) == (
        APPROVAL_DAY,
        D(2029, 1, 26),
        False,
    )
    assert purge(actor=None, today=D(2029, 1, 26), execute=True) == []
    assert EvaluationCycle.objects.filter(pk=cycle.pk).exists()
    [row] = purge(actor=None, today=D(2029, 1, 27), execute=True)
    assert (row["cycle"], row["completed_on"], row["kept_until"]) == (
        cycle.pk,
        APPROVAL_DAY,
        D(2029, 1, 26),
    )
    assert not EvaluationCycle.objects.filter(pk=cycle.pk).exists()
    assert not Decision.objects.exists()
    event = AuditEvent.objects.get(action="retention.purge")
    assert event.after["purged_on"] == "2029-01-27"
    assert event.before["completed_on"] == "2026-01-26"


def test_the_purge_deletes_every_paper_of_the_cycle(body) -> None:
    spec2 = case_of(body, "spec2")
    refusal_act_draw_up(
        acquaintance_id=acquaintance(body, "spec2").pk,
        actor=body["hr"].user,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Танысудан бас тартты",
        on=D(2026, 1, 27),
    )
    appeal_answer(
        appeal_id=file(body).pk,
        actor=body["hr"].user,
        outcome="reject",
        reference="№ 5",
        on=D(2026, 2, 10),
    )
    court_case_decide(
        court_case_id=court(body).pk,
        actor=body["hr"].user,
        changed=True,
        decided_on=D(2026, 5, 4),
        reference="№ 2-115/2026",
        kpi_rating="satisfactory",
        on=D(2026, 5, 5),
    )
    entry = entry_of(body["cycle"], D(2029, 5, 5))
    assert (entry.completed_on, entry.kept_until, entry.expired) == (
        D(2026, 5, 4),
        D(2029, 5, 4),
        True,
    )
    [row] = purge(actor=None, today=D(2029, 5, 5), execute=True)
    assert row["deleted"]["court_cases"] == 1
    for model in (Acquaintance, Appeal, CourtCase, Decision, CommissionMeeting):
        assert not model.objects.exists(), model
    assert not Notice.objects.filter(case_id=spec2.pk).exists()
    assert body["org"].commission_orders.count() == 1  # the body's order stays


def test_the_answer_to_an_appeal_completes_the_evaluation_later(body) -> None:
    appeal = file(body)
    entry = entry_of(body["cycle"], D(2040, 1, 1))
    assert (entry.completed_on, entry.why_open, entry.expired) == (None, "appeal", False)
    assert purge(actor=None, today=D(2040, 1, 1), execute=True) == []
    appeal_answer(
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="reject",
        reference="№ 5",
        on=D(2026, 2, 20),
    )
    entry = entry_of(body["cycle"], D(2029, 2, 20))
    assert (entry.completed_on, entry.kept_until, entry.expired) == (
        D(2026, 2, 20),
        D(2029, 2, 20),
        False,
    )


def test_a_pending_court_case_or_a_review_keeps_the_papers(body) -> None:
    case = court(body)
    assert entry_of(body["cycle"], D(2040, 1, 1)).why_open == "court"
    court_case_decide(
        court_case_id=case.pk,
        actor=body["hr"].user,
        changed=False,
        decided_on=D(2026, 6, 1),
        reference="№ 2-115/2026",
        on=D(2026, 6, 2),
    )
    assert entry_of(body["cycle"], D(2040, 1, 1)).completed_on == D(2026, 6, 1)
    appeal = file(body, role="spec1", actor=body["spec1"].user)
    appeal_answer(
        appeal_id=appeal.pk,
        actor=body["hr"].user,
        outcome="uphold",
        reference="№ 9",
        on=D(2026, 2, 5),
    )
    entry = entry_of(body["cycle"], D(2040, 1, 1))
    assert (entry.completed_on, entry.why_open) == (None, "review")
    assert purge(actor=None, today=D(2040, 1, 1), execute=True) == []
    assert EvaluationCycle.objects.filter(pk=body["cycle"].pk).exists()


def test_an_unapproved_meeting_keeps_the_papers() -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1")
    meeting = open_meeting(body)
    decide(body, meeting, case_of(body, "spec1"))
    meeting_close(
        meeting_id=meeting.pk, actor=body["hr"].user, conclusion="Бекітуге", on=MEETING_DAY
    )
    assert entry_of(body["cycle"], D(2040, 1, 1)).why_open == "meeting"
    assert purge(actor=None, today=D(2040, 1, 1), execute=True) == []
    assert CommissionMeeting.objects.filter(pk=meeting.pk).exists()
    # a cycle with no approved results is not completed either
    other = make_commission_body()
    assert entry_of(other["cycle"], D(2040, 1, 1)).why_open == "no_approved_results"


def test_a_case_left_undecided_keeps_the_cycle_open() -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1")
    to_commission(body, "spec2")
    hr = body["hr"].user
    meeting = open_meeting(body)
    decide(body, meeting, case_of(body, "spec1"))  # spec2 is not reached
    meeting_close(meeting_id=meeting.pk, actor=hr, conclusion="Бекітуге", on=MEETING_DAY)
    meeting_approve(meeting_id=meeting.pk, actor=body["head"].user, on=APPROVAL_DAY)
    # spec2's evaluation is not completed: nothing of the cycle may go yet (§8)
    entry = entry_of(body["cycle"], D(2040, 1, 1))
    assert (entry.completed_on, entry.why_open, entry.expired) == (
        None,
        "no_approved_results",
        False,
    )
    assert purge(actor=None, today=D(2040, 1, 1), execute=True) == []
    # decided and approved at the next meeting, the cycle is completed on that approval
    approved_meeting(
        body, {"spec2": "approve"}, on=MEETING_DAY, date=D(2026, 2, 3), approve_on=D(2026, 2, 4)
    )
    entry = entry_of(body["cycle"], D(2040, 1, 1))
    assert (entry.completed_on, entry.kept_until) == (D(2026, 2, 4), D(2029, 2, 4))


def test_papers_completed_on_29_february_are_kept_to_28_february() -> None:
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1")
    meeting = open_meeting(body)
    decide(body, meeting, case_of(body, "spec1"))
    meeting_close(
        meeting_id=meeting.pk, actor=body["hr"].user, conclusion="Бекітуге", on=MEETING_DAY
    )
    meeting_approve(meeting_id=meeting.pk, actor=body["head"].user, on=D(2028, 2, 29))
    entry = entry_of(body["cycle"], D(2031, 2, 28))
    assert (entry.completed_on, entry.kept_until, entry.expired) == (
        D(2028, 2, 29),
        D(2031, 2, 28),
        False,
    )
    assert entry_of(body["cycle"], D(2031, 3, 1)).expired


def test_the_purge_of_one_body_leaves_the_others(body) -> None:
    other = results_approved(email=False)
    done = purge(actor=None, today=D(2030, 1, 1), organisation=other["org"], execute=True)
    assert [row["cycle"] for row in done] == [other["cycle"].pk]
    assert EvaluationCycle.objects.filter(pk=body["cycle"].pk).exists()
    assert Appeal.objects.count() == CourtCase.objects.count() == 0
