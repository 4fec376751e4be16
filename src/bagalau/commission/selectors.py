"""Reads of the commission: the composition in force on a date, who someone is to a meeting,
the cases ready for the agenda, a meeting as `meeting show` prints it, the protocol
(Annex 5), and the final results of each case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.commission.models import (
    AgendaItem,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    CourtState,
    Decision,
    DecisionState,
    SeatRole,
    Vote,
    VoteChoice,
)
from bagalau.commission.rules import Composition, is_quorate, quorum_needed
from bagalau.commission.workflow import MeetingState
from bagalau.competency.models import CompetencyAssessment
from bagalau.competency.rules import CompetencyResult
from bagalau.core.workflow import Role
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import visible_cases
from bagalau.kpi.models import KpiSheet
from bagalau.kpi.workflow import SheetState
from bagalau.methodology.rules import MethodologyRules
from bagalau.orgstructure.access import held_positions, hr_body_ids, is_operator
from bagalau.orgstructure.models import Organisation, Servant
from bagalau.orgstructure.selectors import authorized_position

# A meeting whose agenda still holds its cases: nobody may put them on another.
OPEN_MEETING_STATES = (MeetingState.PROPOSED, MeetingState.SCHEDULED, MeetingState.IN_SESSION)
# Decisions that stand (one cancelled on appeal sends the case back to the commission).
LIVE_DECISIONS = (DecisionState.TAKEN, DecisionState.FINAL)


def order_in_force(organisation_id: int, on: dt.date) -> CommissionOrder | None:
    """The order whose composition is in force on `on` (§5, §31): the latest to take effect."""
    return (
        CommissionOrder.objects.filter(organisation_id=organisation_id, effective_from__lte=on)
        .order_by("-effective_from", "-pk")
        .first()
    )


def composition_of(order: CommissionOrder) -> Composition:
    seats = list(order.seats.all())
    return Composition(
        chair=next(s.servant_id for s in seats if s.role == SeatRole.CHAIR),
        members=tuple(s.servant_id for s in seats if s.role == SeatRole.MEMBER),
        secretary=next(s.servant_id for s in seats if s.role == SeatRole.SECRETARY),
    )


def meeting_order(meeting: CommissionMeeting) -> CommissionOrder | None:
    """The meeting's composition: fixed when it opened, else the order in force on its date."""
    return meeting.order or order_in_force(meeting.cycle.organisation_id, meeting.date)


def servant_of(user: Any) -> Servant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Servant.objects.filter(user=user).first()


def meeting_roles(user: Any, meeting: CommissionMeeting, on: dt.date | None = None) -> set[str]:
    """Who `user` is to the meeting: the body's HR (the working body, §5), the chair or a
    voting member by the composition it sits with, the authorized person (§39), operator."""
    on = on or timezone.localdate()
    roles: set[str] = set()
    org = meeting.cycle.organisation
    if is_operator(user):
        roles.add(Role.OPERATOR)
    if org.pk in hr_body_ids(user, on):
        roles.add(Role.HR)
    me = servant_of(user)
    order = meeting_order(meeting)
    if me is not None and order is not None:
        composition = composition_of(order)
        if me.pk in composition.voting:
            roles.add(Role.COMMISSION_MEMBER)
        if me.pk == composition.chair:
            roles.add(Role.COMMISSION_CHAIR)
    if is_authorized_person(user, org, on):
        roles.add(Role.AUTHORIZED_PERSON)
    return roles


def is_authorized_person(user: Any, organisation: Organisation, on: dt.date) -> bool:
    position = authorized_position(organisation)
    return position is not None and held_positions(user, on).filter(pk=position.pk).exists()


def visible_meetings(user: Any, on: dt.date | None = None) -> QuerySet[CommissionMeeting]:
    """Meetings the user may read: their body's as HR or as its authorized person, and those
    of a commission they sit on (any order of it). Everything for an operator."""
    meetings = CommissionMeeting.objects.select_related("cycle__organisation", "order")
    if is_operator(user):
        return meetings
    if not getattr(user, "is_authenticated", False):
        return meetings.none()
    on = on or timezone.localdate()
    me = servant_of(user)
    seated = (
        CommissionSeat.objects.filter(servant=me).values("order__organisation_id")
        if me
        else CommissionSeat.objects.none().values("order__organisation_id")
    )
    return meetings.filter(
        Q(cycle__organisation_id__in=hr_body_ids(user, on))
        | Q(cycle__organisation_id__in=seated)
        | Q(cycle__organisation_id__in=authorized_bodies(user, on))
    )


def may_read_case(user: Any, case: EvaluationCase, on: dt.date | None = None) -> bool:
    """Whoever may read the case (`visible_cases`), and the authorized person of its body,
    who approves its results and answers appeals (§39, 004 §43)."""
    on = on or timezone.localdate()
    return visible_cases(user, on).filter(pk=case.pk).exists() or is_authorized_person(
        user, case.cycle.organisation, on
    )


def visible_orders(user: Any, on: dt.date | None = None) -> QuerySet[CommissionOrder]:
    orders = CommissionOrder.objects.select_related("organisation", "amends")
    if is_operator(user):
        return orders
    if not getattr(user, "is_authenticated", False):
        return orders.none()
    on = on or timezone.localdate()
    meetings = visible_meetings(user, on)
    return orders.filter(
        Q(organisation_id__in=hr_body_ids(user, on))
        | Q(organisation_id__in=meetings.values("cycle__organisation_id"))
        | Q(organisation_id__in=authorized_bodies(user, on))
        | Q(seats__servant__user=user)
    ).distinct()


def authorized_bodies(user: Any, on: dt.date) -> set[int]:
    """Bodies whose authorized person the user is: the position marked so, else the first
    head's (§5) — the test of `is_authorized_person`, for every position the user holds."""
    return {
        position.organisation_id
        for position in held_positions(user, on).select_related("organisation")
        if authorized_position(position.organisation) == position
    }


def meeting_list(organisation: Organisation | None = None) -> QuerySet[CommissionMeeting]:
    meetings = CommissionMeeting.objects.select_related("cycle__organisation", "order")
    if organisation is not None:
        meetings = meetings.filter(cycle__organisation=organisation)
    return meetings.order_by("cycle__organisation__code", "date", "pk")


def ready_cases(cycle: EvaluationCycle) -> list[tuple[EvaluationCase, str]]:
    """Cases to put on a meeting's agenda, with why: both sheets are before the commission
    (§24, §28) and no decision stands, and no open meeting holds them. A case whose decision
    was cancelled on appeal comes back for review (§42). Four queries."""
    from bagalau.commission.models import AgendaReason

    cases = list(
        EvaluationCase.objects.filter(
            cycle=cycle,
            kpi_sheet__state=SheetState.WITH_COMMISSION,
            competency_sheet__state="with_commission",
        )
        .exclude(eligibility=Eligibility.EXCLUDED)
        .select_related("servant", "position")
        .order_by("servant__surname", "servant__first_name", "pk")
    )
    ids = [c.pk for c in cases]
    standing = set(
        Decision.objects.filter(case_id__in=ids, state__in=LIVE_DECISIONS).values_list(
            "case_id", flat=True
        )
    )
    held = set(
        AgendaItem.objects.filter(
            case_id__in=ids, meeting__state__in=OPEN_MEETING_STATES
        ).values_list("case_id", flat=True)
    )
    cancelled = set(
        Decision.objects.filter(case_id__in=ids, state=DecisionState.CANCELLED).values_list(
            "case_id", flat=True
        )
    )
    return [
        (c, AgendaReason.APPEAL if c.pk in cancelled else AgendaReason.FIRST)
        for c in cases
        if c.pk not in standing and c.pk not in held
    ]


def meeting_full(meeting_id: int) -> CommissionMeeting:
    """A meeting with everything `meeting_document` reads, in a fixed number of queries."""
    return (
        CommissionMeeting.objects.select_related(
            "cycle__organisation", "cycle__methodology_version", "order"
        )
        .prefetch_related(
            Prefetch("attendance"),
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related(
                    "case__servant", "case__position__subdivision", "decision"
                ).order_by("number"),
            ),
            Prefetch("items__votes", queryset=Vote.objects.select_related("member")),
        )
        .get(pk=meeting_id)
    )


def agenda_neighbours(meeting_id: int, number: int) -> tuple[AgendaItem | None, AgendaItem | None]:
    """The agenda items just before and just after item `number`, with their servants: two
    queries."""
    items = AgendaItem.objects.filter(meeting_id=meeting_id).select_related("case__servant")
    before = items.filter(number__lt=number).order_by("-number").first()
    after = items.filter(number__gt=number).order_by("number").first()
    return before, after


def agenda_sheets(case_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Per case, what the agenda's table shows of its two sheets: the KPI rating and
    achieved count, and how many competencies meet expectations of how many assessed. Two
    queries whatever the number of cases."""
    ids = list(case_ids)
    found: dict[int, dict[str, Any]] = {
        i: {"kpi": False, "rating": "", "achieved": None, "competency": False, "met": 0, "of": 0}
        for i in ids
    }
    for case_id, rating, achieved in KpiSheet.objects.filter(case_id__in=ids).values_list(
        "case_id", "rating", "achieved_count"
    ):
        found[case_id].update(kpi=True, rating=rating, achieved=achieved)
    for row in (
        CompetencyAssessment.objects.filter(sheet__case_id__in=ids)
        .values("sheet__case_id")
        .annotate(of=Count("pk"), met=Count("pk", filter=Q(result=CompetencyResult.MEETS)))
        .order_by()
    ):
        found[row["sheet__case_id"]].update(competency=True, met=row["met"], of=row["of"])
    return found


def _seats(order: CommissionOrder | None) -> list[CommissionSeat]:
    if order is None:
        return []
    return list(order.seats.select_related("servant").order_by("number"))


def quorum_of(meeting: CommissionMeeting, rules: MethodologyRules) -> dict[str, Any]:
    """Present voting members against the quorum of §30 (the secretary is not counted)."""
    order = meeting_order(meeting)
    members = len(composition_of(order).voting) if order else 0
    present = sum(1 for a in meeting.attendance.all() if a.present)
    return {
        "members": members,
        "present": present,
        "needed": quorum_needed(members, rules.commission_quorum) if members else None,
        "share": str(rules.commission_quorum),
        "quorate": is_quorate(present, members, rules.commission_quorum),
        "recorded": meeting.opened_at is not None,
    }


def _person(servant: Servant) -> dict[str, Any]:
    return {"id": servant.pk, "name": servant.full_name, "short_name": servant.short_name}


def decision_document(decision: Decision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "id": decision.pk,
        "outcome": decision.outcome,
        "state": decision.state,
        "decided_on": decision.decided_on,
        "votes_for": decision.votes_for,
        "votes_cast": decision.votes_cast,
        "chair_casting": decision.chair_casting,
        "original": {
            "kpi_rating": decision.kpi_rating_original or None,
            "kpi_achieved": decision.kpi_achieved_original,
            "competencies": decision.competency_original,
        },
        "revised": None
        if decision.outcome == "approve"
        else {
            "kpi_rating": decision.kpi_rating_revised or None,
            "competencies": decision.competency_revised,
        },
        "recommendation": decision.recommendation,
    }


def _decision_of(item: AgendaItem) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


def meeting_document(meeting: CommissionMeeting, rules: MethodologyRules) -> dict[str, Any]:
    """A meeting as `bagalau meeting show` and the API print it: the composition it sits
    with, attendance and quorum, and per case the votes by name, the decision and any
    revision beside the original results."""
    sitting = meeting_sitting(meeting, rules)
    order = sitting["order"]
    items = []
    for item in meeting.items.all():
        votes = sorted(item.votes.all(), key=lambda v: v.pk)
        items.append(
            {
                "number": item.number,
                "case": item.case_id,
                "reason": item.reason,
                "servant": _person(item.case.servant),
                "position": item.case.position.title_kk,
                "votes": [
                    {
                        "member": _person(v.member),
                        "choice": v.choice,
                        "kpi_rating": v.kpi_rating or None,
                        "competencies": v.competency_results,
                        "comment": v.comment,
                    }
                    for v in votes
                ],
                "decision": decision_document(_decision_of(item)),
            }
        )
    return {
        "id": meeting.pk,
        "organisation": meeting.cycle.organisation.code,
        "cycle": meeting.cycle_id,
        "period": meeting.cycle.label,
        "date": meeting.date,
        "place": meeting.place,
        "state": meeting.state,
        "proposed_on": meeting.proposed_on,
        "agreed_on": meeting.agreed_on,
        "notified_on": meeting.notified_on,
        "order": None
        if order is None
        else {"id": order.pk, "number": order.number, "signed_on": order.signed_on},
        "composition": sitting["composition"],
        "quorum": sitting["quorum"],
        "items": items,
        "protocol_number": meeting.protocol_number,
        "conclusion": meeting.conclusion,
        "approved_on": meeting.approved_on,
        "approved_by": meeting.approved_by_name,
    }


def meeting_sitting(meeting: CommissionMeeting, rules: MethodologyRules) -> dict[str, Any]:
    """Who sits on the meeting and who is present: its order, the composition as
    `meeting_document` gives it (each seat with `votes` and `present`) and the quorum —
    without the agenda, for a page that reads the agenda otherwise (`agenda_items`). Reads
    `meeting.attendance` (prefetch it) and the order's seats: a fixed number of queries."""
    order = meeting_order(meeting)
    attendance = {a.servant_id: a.present for a in meeting.attendance.all()}
    return {
        "order": order,
        "composition": [
            {
                **_person(seat.servant),
                "role": seat.role,
                "votes": seat.role != SeatRole.SECRETARY,
                "present": attendance.get(seat.servant_id)
                if seat.role != SeatRole.SECRETARY
                else None,
            }
            for seat in _seats(order)
        ],
        "quorum": quorum_of(meeting, rules),
    }


class VoteRow(NamedTuple):
    """A vote as the agenda's table counts it (`vote_choice_of` reads it as a Vote)."""

    member_id: int
    choice: str
    kpi_rating: str
    competency_results: dict[str, str]


def agenda_table(meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda in order, for its table: each item with its case's servant and
    position and its decision, and `vote_rows`, its votes read as plain rows (`VoteRow`,
    cheaper than models for hundreds of cases). Two queries whatever the agenda's length."""
    rows: dict[int, list[VoteRow]] = {}
    for item_id, *vote in (
        Vote.objects.filter(item__meeting_id=meeting_id)
        .order_by("pk")
        .values_list("item_id", "member_id", "choice", "kpi_rating", "competency_results")
    ):
        rows.setdefault(item_id, []).append(VoteRow(*vote))
    items = list(
        AgendaItem.objects.filter(meeting_id=meeting_id)
        .select_related("case__servant", "case__position", "decision")
        .only(
            "meeting_id",
            "number",
            "reason",
            "case__servant__surname",
            "case__servant__first_name",
            "case__servant__patronymic",
            "case__position__title_kk",
            "case__position__title_ru",
            "decision__outcome",
            "decision__state",
            "decision__votes_for",
            "decision__votes_cast",
            "decision__chair_casting",
        )
        .order_by("number")
    )
    for item in items:
        item.vote_rows = rows.get(item.pk, [])
    return items


def agenda_items(meeting_id: int, case_id: int | None = None) -> list[AgendaItem]:
    """The meeting's agenda in order — or only the item of `case_id`, if on it — each item
    with its case's servant and position, its decision, and its votes (the members by id,
    not loaded: `meeting_sitting` names them). Two queries whatever the agenda's length."""
    items = AgendaItem.objects.filter(meeting_id=meeting_id)
    if case_id is not None:
        items = items.filter(case_id=case_id)
    votes = Vote.objects.only(
        "item_id", "member_id", "choice", "kpi_rating", "competency_results", "comment"
    ).order_by("pk")
    return list(
        items.select_related("case__servant", "case__position", "decision")
        .prefetch_related(Prefetch("votes", queryset=votes))
        .order_by("number")
    )


def protocol_document(meeting: CommissionMeeting, rules: MethodologyRules) -> dict[str, Any]:
    """The protocol (Annex 5): approval block, body, period, per servant the results, the
    result as corrected by the commission (if any) and its recommendations, the conclusion,
    and the "Checked" block (chair, members, secretary). A closed meeting's protocol is the
    one fixed when it closed."""
    if meeting.protocol is not None:
        return {
            **meeting.protocol,
            "approved_on": meeting.approved_on,
            "approved_by": meeting.approved_by_name,
        }
    shown = meeting_document(meeting, rules)
    org = meeting.cycle.organisation
    rows = []
    for item in shown["items"]:
        decision = item["decision"]
        rows.append(
            {
                "number": item["number"],
                "case": item["case"],
                "servant": item["servant"]["name"],
                "position": item["position"],
                "results": decision["original"] if decision else None,
                "corrected": decision["revised"] if decision else None,
                "recommendation": decision["recommendation"] if decision else "",
                "decided": decision is not None,
            }
        )
    return {
        "meeting": meeting.pk,
        "number": meeting.protocol_number,
        "date": meeting.date,
        "body": {"code": org.code, "name_kk": org.name_kk, "name_ru": org.name_ru},
        "period": meeting.cycle.label,
        "rows": rows,
        "conclusion": meeting.conclusion,
        "signatories": [
            {"role": c["role"], "name": c["short_name"], "present": c["present"]}
            for c in shown["composition"]
        ],
        "approved_on": meeting.approved_on,
        "approved_by": meeting.approved_by_name,
        "draft": meeting.state not in (MeetingState.CLOSED, MeetingState.APPROVED),
    }


def final_results(case_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Each case's final results: the decision in an approved protocol (§39), as corrected by
    the commission where it revised them (§38), then as a court changed them (§43). Cases
    without a final decision are absent. Two queries."""
    ids = list(case_ids)
    found: dict[int, dict[str, Any]] = {}
    for decision in Decision.objects.filter(case_id__in=ids, state=DecisionState.FINAL).order_by(
        "decided_on", "pk"
    ):
        found[decision.case_id] = {
            "decision": decision.pk,
            "decided_on": decision.decided_on,
            "kpi_rating": decision.kpi_rating_final or None,
            "kpi_source": "commission" if decision.kpi_rating_revised else "sheet",
            "competencies": decision.competency_final,
            "court": None,
        }
    for court in CourtCase.objects.filter(
        case_id__in=list(found), state=CourtState.CHANGED
    ).order_by("decided_on", "pk"):
        result = found[court.case_id]
        if court.decided_on < result["decided_on"]:
            continue  # a later commission decision (a review) stands over an earlier ruling
        if court.kpi_rating:
            result["kpi_rating"] = court.kpi_rating
            result["kpi_source"] = "court"
        result["competencies"] = {**result["competencies"], **court.competency_results}
        result["court"] = {"id": court.pk, "reference": court.reference}
    return found


def vote_choice_of(vote: Vote) -> Any:
    """The option a vote stands for, for the tally: equal revisions are one option."""
    if vote.choice == VoteChoice.APPROVE:
        return VoteChoice.APPROVE.value
    return (
        VoteChoice.REVISE.value,
        vote.kpi_rating,
        tuple(sorted(vote.competency_results.items())),
    )


def readable_case(user: Any, case_id: int) -> EvaluationCase:
    """A case `user` may read (`may_read_case`: the case's readers and the body's authorized
    person), with its servant, position, body and methodology; else Http404, as if it did
    not exist."""
    case = (
        EvaluationCase.objects.select_related(
            "servant", "position", "cycle__organisation", "cycle__methodology_version"
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None or not may_read_case(user, case, timezone.localdate()):
        raise Http404(_("no evaluation case with the id %(id)d") % {"id": case_id})
    return case


def readable_case_of(user: Any, model: Any, pk: int, message: str) -> EvaluationCase:
    """The case of an acquaintance, appeal or court case `pk` when `user` may read it; else
    Http404 with `message` (which names the id)."""
    case_id = model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404(message % {"id": pk})
    try:
        return readable_case(user, case_id)
    except Http404:
        raise Http404(message % {"id": pk}) from None
