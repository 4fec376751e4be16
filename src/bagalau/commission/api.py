"""REST endpoints of the evaluation commission and what follows its decisions: the orders
forming it (§5, §31), its meetings from the schedule to the approved protocol (§29–§39,
Annex 5), each case's outcome — acquaintance or the act of refusal, appeals, court cases
(§40–§44) — the HR decisions view (§7), the caller's notices and the retention list (§8).

Every read and write first finds the object among those the caller may see (a meeting of
their body as HR or as its authorized person, or of a commission they sit on; a case as
`visible_cases` allows, or of the body whose authorized person they are; everything for an
operator): any other answers 404, as if it did not exist. The services then decide who the
caller is and whether they may act now: a missing permission is 403, an action out of turn
or by the wrong person 409, invalid input 422 naming the field. A refused request changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from bagalau.commission import schemas as s
from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    Decision,
    Notice,
    RefusalAct,
    SeatRole,
)
from bagalau.commission.outcomes import (
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    court_case_decide,
    court_case_record,
    refusal_act_draw_up,
)
from bagalau.commission.retention import retention_list
from bagalau.commission.selectors import (
    decision_document,
    final_results,
    is_authorized_person,
    meeting_document,
    meeting_full,
    meeting_roles,
    protocol_document,
    readable_case,
    readable_case_of,
    visible_meetings,
    visible_orders,
)
from bagalau.commission.services import (
    case_decide,
    commission_order_issue,
    meeting_adjourn,
    meeting_agenda_refresh,
    meeting_agree,
    meeting_approve,
    meeting_attendance,
    meeting_cancel,
    meeting_close,
    meeting_open,
    meeting_propose,
    meeting_reschedule,
    vote_cast,
    vote_recuse,
)
from bagalau.commission.workflow import MEETING
from bagalau.core.messages import state_name
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.decisions_report import hr_decisions_xlsx
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import visible_cycles
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.access import (
    can_manage_body,
    hr_body_ids,
    is_operator,
    visible_bodies,
)
from bagalau.orgstructure.models import Organisation, Servant

router = Router(tags=["commission"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- lookups: what the caller may see, else 404 ---------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _body(user: Any, code: str) -> Organisation:
    body = visible_bodies(user).filter(code=code).first()
    if body is None:
        raise Http404(_("no state body with the code %(code)r") % {"code": code})
    return body


def _orders(user: Any) -> QuerySet[CommissionOrder]:
    """Orders the caller may read; the authorized person, who signs them (§5, §31), reads
    their body's even before it has a meeting."""
    orders = visible_orders(user)
    seats = CommissionSeat.objects.select_related("servant").order_by("number")
    return orders.prefetch_related(Prefetch("seats", queryset=seats))


def _meeting(user: Any, meeting_id: int) -> CommissionMeeting:
    """A meeting the caller may read: of their body as HR or as its authorized person, or
    of a commission they sit on."""
    meeting = visible_meetings(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("no commission meeting with the id %(id)d") % {"id": meeting_id})
    return meeting


# --- documents ------------------------------------------------------------------------------


def _person(servant: Servant | None) -> dict[str, Any] | None:
    if servant is None:
        return None
    return {"id": servant.pk, "name": servant.full_name, "short_name": servant.short_name}


def _order_ref(order: CommissionOrder | None) -> dict[str, Any] | None:
    if order is None:
        return None
    return {"id": order.pk, "number": order.number, "signed_on": order.signed_on}


def _order_document(order: CommissionOrder) -> dict[str, Any]:
    seats = list(order.seats.all())

    def holder(role: str) -> dict[str, Any] | None:
        return next((_person(x.servant) for x in seats if x.role == role), None)

    return {
        "id": order.pk,
        "organisation": order.organisation.code,
        "number": order.number,
        "signed_on": order.signed_on,
        "effective_from": order.effective_from,
        "amends": _order_ref(order.amends),
        "chair": holder(SeatRole.CHAIR),
        "members": [_person(x.servant) for x in seats if x.role == SeatRole.MEMBER],
        "secretary": holder(SeatRole.SECRETARY),
        "recorded_at": order.recorded_at,
    }


def _meeting_out(user: Any, meeting_id: int) -> dict[str, Any]:
    meeting = meeting_full(meeting_id)
    document = meeting_document(meeting, version_rules(meeting.cycle.methodology_version))
    return {
        **document,
        "state_label": state_name("commission_meeting", meeting.state),
        "reason": meeting.cancel_reason,
        "actions": MEETING.actions(meeting.state, meeting_roles(user, meeting)),
    }


def _refusal_act(acquaintance: Acquaintance) -> dict[str, Any] | None:
    try:
        act = acquaintance.refusal_act
    except RefusalAct.DoesNotExist:
        return None
    return {
        "id": act.pk,
        "number": act.number,
        "drawn_up_on": act.drawn_up_on,
        "statement": act.statement,
        "hr_officer": _person(act.hr_officer),
        "witnesses": [_person(act.witness_one), _person(act.witness_two)],
        "delivered_on": act.delivered_on,
        "delivered_via": act.delivered_via,
        "delivery_due": act.delivery_due,
    }


def _acquaintances() -> QuerySet[Acquaintance]:
    return Acquaintance.objects.select_related(
        "refusal_act__hr_officer", "refusal_act__witness_one", "refusal_act__witness_two"
    ).order_by("pk")


def _acquaintance_document(acq: Acquaintance) -> dict[str, Any]:
    return {
        "id": acq.pk,
        "case": acq.case_id,
        "decision": acq.decision_id,
        "state": acq.state,
        "state_label": state_name("acquaintance", acq.state),
        "due": acq.due,
        "acknowledged_at": acq.acknowledged_at,
        "on_paper": acq.on_paper,
        "refusal_act": _refusal_act(acq),
    }


def _appeal_document(appeal: Appeal) -> dict[str, Any]:
    return {
        "id": appeal.pk,
        "case": appeal.case_id,
        "decision": appeal.decision_id,
        "state": appeal.state,
        "state_label": state_name("appeal", appeal.state),
        "hearing_body": appeal.hearing_body,
        "filed_on": appeal.filed_on,
        "last_day": appeal.last_day,
        "grounds": appeal.grounds,
        "answered_on": appeal.answered_on,
        "answer_reference": appeal.answer_reference,
        "answer_note": appeal.answer_note,
    }


def _court_document(court: CourtCase) -> dict[str, Any]:
    return {
        "id": court.pk,
        "case": court.case_id,
        "court": court.court,
        "number": court.number,
        "filed_on": court.filed_on,
        "state": court.state,
        "state_label": state_name("court_case", court.state),
        "decided_on": court.decided_on,
        "reference": court.reference,
        "kpi_rating": court.kpi_rating or None,
        "competencies": court.competency_results,
    }


def _outcome(case: EvaluationCase) -> dict[str, Any]:
    decisions = (
        Decision.objects.filter(case=case).select_related("item").order_by("decided_on", "pk")
    )
    return {
        "case": case.pk,
        "servant": _person(case.servant),
        "organisation": case.cycle.organisation.code,
        "cycle": case.cycle_id,
        "period": case.cycle.label,
        "decisions": [{**decision_document(d), "meeting": d.item.meeting_id} for d in decisions],
        "final": final_results([case.pk]).get(case.pk),
        "acquaintances": [_acquaintance_document(a) for a in _acquaintances().filter(case=case)],
        "appeals": [
            _appeal_document(a) for a in Appeal.objects.filter(case=case).order_by("filed_on", "pk")
        ],
        "court_cases": [
            _court_document(c)
            for c in CourtCase.objects.filter(case=case).order_by("filed_on", "pk")
        ],
    }


# --- orders (§5, §31) -----------------------------------------------------------------------


@router.get("/commission/orders", response=list[s.OrderOut], summary="Commission orders")
def order_list(request: HttpRequest, organisation: str | None = None):
    """The orders forming the commissions the caller may see (§5) and amending them (§31),
    oldest first, each with the whole composition it states: the chair, the members and the
    secretary, who does not vote (§34). `?organisation=CODE` keeps one body's."""
    orders = _orders(request.auth)
    if organisation:
        orders = orders.filter(organisation__code=organisation)
    orders = orders.order_by("organisation__code", "effective_from", "pk")
    return [_order_document(order) for order in orders]


@router.get("/commission/orders/{order_id}", response=s.OrderOut, summary="A commission order")
def order_detail(request: HttpRequest, order_id: int):
    """One order and the composition it states (§5, §31)."""
    order = _orders(request.auth).filter(pk=order_id).first()
    if order is None:
        raise Http404(_("no commission order with the id %(id)d") % {"id": order_id})
    return _order_document(order)


@router.post("/commission/orders", response={201: s.OrderOut}, summary="Record a commission order")
def order_issue(request: HttpRequest, payload: s.OrderIn):
    """Record the authorized person's order forming the body's commission (§5) or amending
    its composition (§31). Each order states the whole composition: the chair and the
    members number at least the methodology's minimum, the secretary is an HR servant and
    does not vote (§34), all appointed in the body on the date it takes effect. A body's
    first order amends nothing; every later one names the order in force in `amends`.

    For the authorized person and the body's HR officers (403 for others); problems are 422
    on `number`, `effective_from`, `amends` or `composition`.
    """
    body = _body(request.auth, payload.organisation)
    order = commission_order_issue(
        organisation=body,
        number=payload.number,
        signed_on=payload.signed_on,
        effective_from=payload.effective_from,
        chair=payload.chair,
        members=payload.members,
        secretary=payload.secretary,
        amends=payload.amends,
        actor=request.auth,
    )
    return Status(201, _order_document(_orders(request.auth).get(pk=order.pk)))


# --- meetings (§29–§39) ---------------------------------------------------------------------


@router.get("/commission/meetings", response=list[s.MeetingListOut], summary="Commission meetings")
def meeting_list(request: HttpRequest, organisation: str | None = None, cycle: int | None = None):
    """The commission meetings (§29–§39) the caller may see, by body and date: their body's
    as HR or as its authorized person, those of a commission they sit on, with how many
    cases are on the agenda and decided. `?organisation=CODE` and `?cycle=ID` narrow the
    list. Read in a fixed number of queries."""
    meetings = visible_meetings(request.auth)
    if organisation:
        meetings = meetings.filter(cycle__organisation__code=organisation)
    if cycle is not None:
        meetings = meetings.filter(cycle_id=cycle)
    meetings = meetings.annotate(
        agenda=Count("items", distinct=True), decided_count=Count("items__decision", distinct=True)
    ).order_by("cycle__organisation__code", "date", "pk")
    return [
        {
            "id": m.pk,
            "organisation": m.cycle.organisation.code,
            "cycle": m.cycle_id,
            "period": m.cycle.label,
            "date": m.date,
            "place": m.place,
            "state": m.state,
            "state_label": state_name("commission_meeting", m.state),
            "proposed_on": m.proposed_on,
            "agreed_on": m.agreed_on,
            "order": _order_ref(m.order),
            "cases": m.agenda,
            "decided": m.decided_count,
            "protocol_number": m.protocol_number,
            "approved_on": m.approved_on,
        }
        for m in meetings
    ]


@router.get("/commission/meetings/{meeting_id}", response=s.MeetingOut, summary="A meeting")
def meeting_detail(request: HttpRequest, meeting_id: int):
    """A meeting: the composition it sits with, attendance and quorum (§30), per case the
    open votes by name (§32), the decision and any revision beside the original results
    (§33, §37, §38), and `actions`: what the caller may do now by the workflow table."""
    _meeting(request.auth, meeting_id)
    return _meeting_out(request.auth, meeting_id)


@router.get(
    "/commission/meetings/{meeting_id}/protocol",
    response=s.ProtocolOut,
    summary="The protocol of a meeting (Annex 5)",
)
def meeting_protocol(request: HttpRequest, meeting_id: int):
    """The protocol (Annex 5): the body, the period, per servant the results, the result as
    corrected by the commission (if any) and its recommendations (§38), the conclusion and
    the signatories. A draft until the meeting closes, then fixed (§36); the approval is
    recorded on it (§39)."""
    _meeting(request.auth, meeting_id)
    meeting = meeting_full(meeting_id)
    return protocol_document(meeting, version_rules(meeting.cycle.methodology_version))


@router.post("/commission/meetings", response={201: s.MeetingOut}, summary="Propose a meeting")
def meeting_propose_endpoint(request: HttpRequest, payload: s.MeetingIn):
    """HR draws up a meeting of the schedule (§29) with the cases whose sheets are before
    the commission (§24, §28) as its agenda; the chair then agrees it. The date is at least
    7 working days away (422 on `date` naming the earliest); the body needs a commission
    formed by an order in force on it (§5). For the body's HR officers (403 for others)."""
    cycle = visible_cycles(request.auth).filter(pk=payload.cycle).first()
    if cycle is None:
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": payload.cycle})
    meeting = meeting_propose(
        cycle_id=cycle.pk, date=payload.date, place=payload.place, actor=request.auth
    )
    return Status(201, _meeting_out(request.auth, meeting.pk))


@router.post(
    "/commission/meetings/{meeting_id}/agree", response=s.MeetingOut, summary="Agree a meeting"
)
def meeting_agree_endpoint(request: HttpRequest, meeting_id: int):
    """The chair agrees the proposed meeting (§29); the commission and the servants on the
    agenda are notified today, at least 7 working days before it."""
    _meeting(request.auth, meeting_id)
    meeting_agree(meeting_id=meeting_id, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/reschedule",
    response=s.MeetingOut,
    summary="Move a meeting",
)
def meeting_reschedule_endpoint(request: HttpRequest, meeting_id: int, payload: s.RescheduleIn):
    """HR moves a meeting not yet opened to another date (and place); the chair agrees it
    again (§29). The new date is at least 7 working days away."""
    _meeting(request.auth, meeting_id)
    meeting_reschedule(
        meeting_id=meeting_id, date=payload.date, place=payload.place, actor=request.auth
    )
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/cancel", response=s.MeetingOut, summary="Cancel a meeting"
)
def meeting_cancel_endpoint(request: HttpRequest, meeting_id: int, payload: s.ReasonIn):
    """HR cancels a meeting not yet opened, with a `reason`; its cases may go to another."""
    _meeting(request.auth, meeting_id)
    meeting_cancel(meeting_id=meeting_id, reason=payload.reason, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/agenda",
    response=s.MeetingOut,
    summary="Refresh a meeting's agenda",
)
def meeting_agenda_endpoint(request: HttpRequest, meeting_id: int):
    """HR adds to a meeting not yet opened the cases put before the commission since it was
    proposed (§24, §28)."""
    _meeting(request.auth, meeting_id)
    meeting_agenda_refresh(meeting_id=meeting_id, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/open", response=s.MeetingOut, summary="Open a meeting"
)
def meeting_open_endpoint(request: HttpRequest, meeting_id: int, payload: s.PresentIn):
    """HR opens the agreed meeting on its date with the members `present` (§30, §35). It
    sits with the composition in force on its date; it is quorate with at least two thirds
    of the members present (the secretary is not counted, §34)."""
    _meeting(request.auth, meeting_id)
    meeting_open(meeting_id=meeting_id, present=payload.present, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/attendance",
    response=s.MeetingOut,
    summary="Correct the attendance",
)
def meeting_attendance_endpoint(request: HttpRequest, meeting_id: int, payload: s.PresentIn):
    """HR corrects who is present while the meeting sits (a late arrival, an early
    departure, §30)."""
    _meeting(request.auth, meeting_id)
    meeting_attendance(meeting_id=meeting_id, present=payload.present, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/cases/{case_id}/vote",
    response=s.MeetingOut,
    summary="Vote on a case",
)
def vote_endpoint(request: HttpRequest, meeting_id: int, case_id: int, payload: s.VoteIn):
    """A present member's open vote on a case (§32): `approve` the results, or `revise` them
    with the corrected `kpi_rating` and/or `competencies` (§37, §38). A member votes for
    themselves (403 for another's vote); the secretary (HR) minutes a member's vote naming
    the `member`. Only while the meeting sits with a quorum (§30); a vote may change until
    the case is decided."""
    _meeting(request.auth, meeting_id)
    vote_cast(
        meeting_id=meeting_id,
        case_id=case_id,
        choice=payload.choice,
        member=payload.member,
        kpi_rating=payload.kpi_rating,
        competencies=payload.competencies,
        comment=payload.comment,
        actor=request.auth,
    )
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/cases/{case_id}/recuse",
    response=s.MeetingOut,
    summary="Recuse from a case",
)
def recuse_endpoint(
    request: HttpRequest, meeting_id: int, case_id: int, payload: s.RecuseIn | None = None
):
    """A member whose own evaluation is on the agenda does not vote on it (a setting of the
    methodology version); the secretary may record it naming the `member`."""
    _meeting(request.auth, meeting_id)
    payload = payload or s.RecuseIn()
    vote_recuse(
        meeting_id=meeting_id,
        case_id=case_id,
        member=payload.member,
        reason=payload.reason,
        actor=request.auth,
    )
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/cases/{case_id}/decide",
    response=s.MeetingOut,
    summary="Record the decision on a case",
)
def decide_endpoint(
    request: HttpRequest, meeting_id: int, case_id: int, payload: s.DecideIn | None = None
):
    """HR (the secretary) records the commission's decision once every present member has
    voted: the majority of their votes, the chair's deciding a tie (§33). A revision keeps
    the original beside the corrected results and carries a `recommendation` (§38)."""
    _meeting(request.auth, meeting_id)
    payload = payload or s.DecideIn()
    case_decide(
        meeting_id=meeting_id,
        case_id=case_id,
        recommendation=payload.recommendation,
        actor=request.auth,
    )
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/close", response=s.MeetingOut, summary="Close a meeting"
)
def meeting_close_endpoint(request: HttpRequest, meeting_id: int, payload: s.CloseIn):
    """HR closes a meeting that decided at least one case, with the commission's
    `conclusion`; the protocol (Annex 5) is fixed (§36) and awaits the approval (§39)."""
    _meeting(request.auth, meeting_id)
    meeting_close(
        meeting_id=meeting_id,
        conclusion=payload.conclusion,
        protocol_number=payload.protocol_number,
        actor=request.auth,
    )
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/adjourn",
    response=s.MeetingOut,
    summary="Adjourn a meeting",
)
def meeting_adjourn_endpoint(request: HttpRequest, meeting_id: int, payload: s.ReasonIn):
    """HR adjourns a sitting meeting that decided nothing — for want of a quorum (§30) or
    otherwise — with a `reason`; its cases may go to another meeting."""
    _meeting(request.auth, meeting_id)
    meeting_adjourn(meeting_id=meeting_id, reason=payload.reason, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


@router.post(
    "/commission/meetings/{meeting_id}/approve",
    response=s.MeetingOut,
    summary="Approve the results",
)
def meeting_approve_endpoint(request: HttpRequest, meeting_id: int):
    """The authorized person approves the closed meeting's results (§39): its decisions
    become final, and each servant is to be acquainted with them within 2 working days
    (§40) and is notified."""
    _meeting(request.auth, meeting_id)
    meeting_approve(meeting_id=meeting_id, actor=request.auth)
    return _meeting_out(request.auth, meeting_id)


# --- outcomes of a case (§40–§44) -----------------------------------------------------------


@router.get("/cases/{case_id}/outcome", response=s.CaseOutcomeOut, summary="A case's outcome")
def case_outcome(request: HttpRequest, case_id: int):
    """What the commission decided on the case and what followed: every decision (§33,
    §37, §38), the final results (§39, as a court changed them, §43), the acquaintance or
    the act of refusal (§40–§41), appeals (§42) and court cases (§43). For the servant,
    their supervisors, the body's HR, its authorized person and operators."""
    return _outcome(readable_case(request.auth, case_id))


def _acquaintance_case(user: Any, acquaintance_id: int) -> EvaluationCase:
    return readable_case_of(
        user, Acquaintance, acquaintance_id, _("no acquaintance with the id %(id)d")
    )


@router.post(
    "/acquaintances/{acquaintance_id}/acknowledge",
    response=s.AcquaintanceOut,
    summary="Acknowledge the results",
)
def acquaintance_acknowledge_endpoint(request: HttpRequest, acquaintance_id: int):
    """The servant acknowledges the final results in writing, dated (§40–§41); HR records a
    signature given on paper (`on_paper`). Due within 2 working days of the approval."""
    _acquaintance_case(request.auth, acquaintance_id)
    acquaintance_acknowledge(acquaintance_id=acquaintance_id, actor=request.auth)
    return _acquaintance_document(_acquaintances().get(pk=acquaintance_id))


@router.post(
    "/acquaintances/{acquaintance_id}/refusal-act",
    response=s.AcquaintanceOut,
    summary="Draw up the act of refusal",
)
def refusal_act_endpoint(request: HttpRequest, acquaintance_id: int, payload: s.RefusalActIn):
    """The servant refused to be acquainted: HR draws up the act of refusal, signed by the
    HR officer and two other servants of the body (§41; 422 on `witnesses` otherwise), and
    the results are sent to the servant through the system's notices and e-mail."""
    _acquaintance_case(request.auth, acquaintance_id)
    refusal_act_draw_up(
        acquaintance_id=acquaintance_id,
        witnesses=payload.witnesses,
        statement=payload.statement,
        number=payload.number,
        actor=request.auth,
    )
    return _acquaintance_document(_acquaintances().get(pk=acquaintance_id))


@router.post(
    "/cases/{case_id}/appeals", response={201: s.AppealOut}, summary="Appeal against a decision"
)
def appeal_file_endpoint(request: HttpRequest, case_id: int, payload: s.AppealIn):
    """The servant appeals against the commission's decision within 10 working days of the
    day it was made (§42; a late one is 422 on `filed_on` naming the last day); HR may
    enter an appeal received on paper. It goes to the methodology version's appeal body:
    the civil-service agency (001 §42) or the authorized person (004 §43)."""
    readable_case(request.auth, case_id)
    appeal = appeal_file(case_id=case_id, grounds=payload.grounds, actor=request.auth)
    return Status(201, _appeal_document(appeal))


@router.post(
    "/appeals/{appeal_id}/answer", response=s.AppealOut, summary="Record the answer to an appeal"
)
def appeal_answer_endpoint(request: HttpRequest, appeal_id: int, payload: s.AppealAnswerIn):
    """The appeal body's answer (§42): `upheld` cancels the commission's decision and the
    case returns to the commission's agenda; `rejected` leaves the result unchanged. The
    authorized person answers in the system (004 §43); HR records the agency's letter with
    its `reference` (001 §42)."""
    readable_case_of(request.auth, Appeal, appeal_id, _("no appeal with the id %(id)d"))
    appeal = appeal_answer(
        appeal_id=appeal_id,
        outcome=payload.outcome,
        reference=payload.reference,
        note=payload.note,
        actor=request.auth,
    )
    return _appeal_document(appeal)


@router.post(
    "/cases/{case_id}/court-cases", response={201: s.CourtCaseOut}, summary="Record a court case"
)
def court_case_record_endpoint(request: HttpRequest, case_id: int, payload: s.CourtCaseIn):
    """HR records that the servant went to court over the evaluation (§43; 004: §44)."""
    readable_case(request.auth, case_id)
    court = court_case_record(
        case_id=case_id,
        court=payload.court,
        number=payload.number,
        filed_on=payload.filed_on,
        actor=request.auth,
    )
    return Status(201, _court_document(court))


@router.post(
    "/court-cases/{court_case_id}/decision",
    response=s.CourtCaseOut,
    summary="Record a court decision",
)
def court_case_decide_endpoint(
    request: HttpRequest, court_case_id: int, payload: s.CourtDecisionIn
):
    """HR records the court's decision (§43; 004: §44). One that `changed` the result
    gives the KPI rating and/or competency results as the court decided; the final results
    then read them, with the decision's `reference`."""
    readable_case_of(request.auth, CourtCase, court_case_id, _("no court case with the id %(id)d"))
    court = court_case_decide(
        court_case_id=court_case_id,
        changed=payload.changed,
        decided_on=payload.decided_on,
        reference=payload.reference,
        kpi_rating=payload.kpi_rating,
        competencies=payload.competencies,
        actor=request.auth,
    )
    return _court_document(court)


# --- HR decisions (§7) ----------------------------------------------------------------------


def decisions_cycle(user: Any, cycle_id: int) -> EvaluationCycle:
    """A cycle whose HR decisions view the caller may read: the body's HR, its authorized
    person, operators; 403 for others who see the cycle, 404 for the rest."""
    cycle = (
        EvaluationCycle.objects.select_related("organisation", "methodology_version")
        .filter(pk=cycle_id)
        .first()
    )
    authorized = cycle is not None and is_authorized_person(user, cycle.organisation, _today())
    if cycle is None or not (authorized or visible_cycles(user).filter(pk=cycle_id).exists()):
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": cycle_id})
    if not (authorized or can_manage_body(user, cycle.organisation_id)):
        raise PermissionDenied(
            _(
                "only the body's personnel service and its authorized person read the basis"
                " of HR decisions (§7)"
            )
        )
    return cycle


@router.get(
    "/cycles/{cycle_id}/hr-decisions",
    response=list[s.HrDecisionOut],
    summary="The basis of HR decisions (§7)",
)
def hr_decisions(request: HttpRequest, cycle_id: int):
    """Per servant of the cycle, the KPI results that decisions on bonuses, incentives,
    rotation, demotion or dismissal stand on (§7, §18): the KPI sheet, the final rating as
    the commission approved or corrected it and a court changed it (§37–§39, §43), what it
    is the basis for and whether it is flagged as unsatisfactory. Competency results do not
    enter it (§7). For the body's HR, its authorized person and operators."""
    return hr_decision_basis(decisions_cycle(request.auth, cycle_id))


@router.get(
    "/cycles/{cycle_id}/hr-decisions.xlsx",
    response={200: None},
    summary="The basis of HR decisions, as XLSX",
)
def hr_decisions_xlsx_endpoint(request: HttpRequest, cycle_id: int):
    """The same as a workbook headed in Kazakh and Russian, the unsatisfactory ratings
    flagged (§7)."""
    cycle = decisions_cycle(request.auth, cycle_id)
    response = HttpResponse(hr_decisions_xlsx(cycle), content_type=XLSX)
    name = f"hr-decisions-{cycle.organisation.code}-{cycle.period_start.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- notices and retention ------------------------------------------------------------------


@router.get("/notices", response=list[s.NoticeOut], summary="Your notices")
def notice_list(request: HttpRequest):
    """The notices the system gave the caller, newest first: the meeting schedule (§29),
    the approved results (§39–§40), the results sent after a refusal (§41)."""
    notices = (
        Notice.objects.filter(recipient__user=request.auth)
        .select_related("organisation")
        .order_by("-sent_at", "-pk")
    )
    return [
        {
            "id": n.pk,
            "organisation": n.organisation.code,
            "kind": n.kind,
            "subject": n.subject,
            "body": n.body,
            "meeting": n.meeting_id,
            "case": n.case_id,
            "sent_at": n.sent_at,
            "emailed_to": n.emailed_to,
        }
        for n in notices
    ]


@router.get(
    "/commission/retention", response=list[s.RetentionOut], summary="Retention of papers (§8)"
)
def retention_endpoint(request: HttpRequest, organisation: str | None = None):
    """Every cycle of the body with the day its evaluation was completed (approved, nothing
    left open) and the day its papers may go (§8: the version's years after). Read-only:
    the console purges. For the body's HR officers and operators (403 for others);
    `?organisation=CODE` keeps one body's."""
    user, today = request.auth, _today()
    if organisation:
        body = _body(user, organisation)
        if not can_manage_body(user, body.pk):
            raise PermissionDenied(_("only the body's personnel service keeps its papers (§8)"))
        entries = retention_list(today, body)
    elif is_operator(user):
        entries = retention_list(today)
    else:
        bodies = Organisation.objects.filter(pk__in=hr_body_ids(user, today)).order_by("code")
        if not bodies:
            raise PermissionDenied(_("only the body's personnel service keeps its papers (§8)"))
        entries = [entry for body in bodies for entry in retention_list(today, body)]
    return [entry.as_dict() for entry in entries]
