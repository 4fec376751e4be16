"""What waits for whom at the commission stage (§29–§43), for the inbox and `bagalau remind`.

HR schedules a meeting for the cases before the commission (§29), the chair agrees it, HR
opens it on its date and closes it, the authorized person approves the protocol (§39);
each servant acknowledges the approved results and HR acquaints them within 2 working days
(§40–§41); an appeal waits for the authorized person's answer (004 §43) or for HR to record
the agency's (001 §42). A fixed number of queries for any number of bodies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    CommissionMeeting,
    CommissionOrder,
    Decision,
    SeatRole,
)
from bagalau.commission.selectors import LIVE_DECISIONS, OPEN_MEETING_STATES
from bagalau.commission.workflow import AcquaintanceState, AppealState, MeetingState
from bagalau.core.workflow import Role
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import ReportingLines
from bagalau.kpi.workflow import SheetState
from bagalau.orgstructure.models import Position

# What an inbox item is about at this stage.
DOCUMENTS = ("commission_meeting", "acquaintance", "appeal")


def commission_actions(
    organisation_ids: Iterable[int],
    on: dt.date,
    lines: Mapping[int, ReportingLines],
    make: Callable[..., Any],
) -> list[Any]:
    """Each waiting action of the commission stage, built with `make(**fields)` (the
    inbox's PendingAction). Six queries, and one more for the orders' seats when a body has
    orders."""
    orgs = set(organisation_ids)
    found: list[Any] = []
    authorized = dict(
        Position.objects.filter(organisation_id__in=orgs, is_authorized_person=True).values_list(
            "organisation_id", "pk"
        )
    )

    def authorized_of(org: int) -> int | None:
        return authorized.get(org) or lines[org].first_head

    # HR: cases before the commission that no meeting holds and no decision settles
    ready = EvaluationCase.objects.filter(
        cycle__organisation_id__in=orgs,
        kpi_sheet__state=SheetState.WITH_COMMISSION,
        competency_sheet__state="with_commission",
    ).exclude(eligibility=Eligibility.EXCLUDED)
    ready = (
        ready.exclude(pk__in=Decision.objects.filter(state__in=LIVE_DECISIONS).values("case_id"))
        .exclude(
            pk__in=AgendaItem.objects.filter(meeting__state__in=OPEN_MEETING_STATES).values(
                "case_id"
            )
        )
        .select_related("servant", "cycle")
        .order_by("cycle_id", "servant__surname", "pk")
    )
    for case in ready:
        found.append(
            make(
                case=case,
                document="commission_meeting",
                document_id=None,
                action="schedule",
                role=Role.HR,
                due=None,
            )
        )

    meetings = list(
        CommissionMeeting.objects.filter(
            cycle__organisation_id__in=orgs,
            state__in=[*OPEN_MEETING_STATES, MeetingState.CLOSED],
        ).select_related("cycle")
    )
    orders: dict[int, list[CommissionOrder]] = {}
    for order in (
        CommissionOrder.objects.filter(
            organisation_id__in={m.cycle.organisation_id for m in meetings}
        )
        .prefetch_related("seats")
        .order_by("effective_from", "pk")
    ):
        orders.setdefault(order.organisation_id, []).append(order)
    for meeting in meetings:
        org = meeting.cycle.organisation_id
        if meeting.state == MeetingState.PROPOSED:
            in_force = [o for o in orders.get(org, []) if o.effective_from <= meeting.date]
            chair = (
                next(
                    (s.servant_id for s in in_force[-1].seats.all() if s.role == SeatRole.CHAIR),
                    None,
                )
                if in_force
                else None
            )
            found.append(
                make(
                    meeting=meeting,
                    document="commission_meeting",
                    document_id=meeting.pk,
                    action="agree",
                    role=Role.COMMISSION_CHAIR,
                    due=None,
                    responsible_servant_id=chair,
                )
            )
        elif meeting.state == MeetingState.SCHEDULED and meeting.date <= on:
            found.append(
                make(
                    meeting=meeting,
                    document="commission_meeting",
                    document_id=meeting.pk,
                    action="open",
                    role=Role.HR,
                    due=meeting.date,
                )
            )
        elif meeting.state == MeetingState.IN_SESSION:
            found.append(
                make(
                    meeting=meeting,
                    document="commission_meeting",
                    document_id=meeting.pk,
                    action="close",
                    role=Role.HR,
                    due=meeting.date,
                )
            )
        elif meeting.state == MeetingState.CLOSED:
            found.append(
                make(
                    meeting=meeting,
                    document="commission_meeting",
                    document_id=meeting.pk,
                    action="approve",
                    role=Role.AUTHORIZED_PERSON,
                    due=None,
                    responsible_position_id=authorized_of(org),
                )
            )

    for acq in Acquaintance.objects.filter(
        case__cycle__organisation_id__in=orgs, state=AcquaintanceState.PENDING
    ).select_related("case__servant", "case__cycle"):
        for role, action in ((Role.SERVANT, "acknowledge"), (Role.HR, "acquaint")):
            found.append(
                make(
                    case=acq.case,
                    document="acquaintance",
                    document_id=acq.pk,
                    action=action,
                    role=role,
                    due=acq.due,
                )
            )
    for appeal in Appeal.objects.filter(
        case__cycle__organisation_id__in=orgs, state=AppealState.FILED
    ).select_related("case__servant", "case__cycle"):
        org = appeal.case.cycle.organisation_id
        if appeal.hearing_body == "authorized_person":
            found.append(
                make(
                    case=appeal.case,
                    document="appeal",
                    document_id=appeal.pk,
                    action="answer",
                    role=Role.AUTHORIZED_PERSON,
                    due=None,
                    responsible_position_id=authorized_of(org),
                )
            )
        else:
            found.append(
                make(
                    case=appeal.case,
                    document="appeal",
                    document_id=appeal.pk,
                    action="record_answer",
                    role=Role.HR,
                    due=None,
                )
            )
    return found
