"""What is waiting for whom on the KPI track, by which working-day deadline.

`pending_actions` reads every open case of the given bodies in a fixed number of queries
(cases, plans, reviews, sheets, positions, calendar) and lists each action someone must
take, with the role that takes it and the due date. `inbox` picks a person's own;
`reminders` groups them by person for `bagalau remind`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.utils import timezone

from bagalau.commission.inbox import DOCUMENTS as COMMISSION_DOCUMENTS
from bagalau.commission.inbox import commission_actions
from bagalau.competency.models import CompetencySheet
from bagalau.competency.workflow import CompetencySheetState
from bagalau.core.workflow import Role
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import Viewer, reporting_lines_of, viewer
from bagalau.evaluation.signals import RECHECK_AFTER_EVALUATION
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.rules import quarters
from bagalau.kpi.services import QUARTERLY_REVIEW_WORKING_DAYS
from bagalau.kpi.workflow import PlanState, SheetState
from bagalau.orgstructure.models import Appointment, Position, Servant
from bagalau.orgstructure.selectors import appointments_on
from bagalau.workcalendar.selectors import calendar_between

# What an inbox item is about, one per document type of the two tracks and the commission.
DOCUMENTS = (
    "work_plan",
    "quarterly_review",
    "kpi_sheet",
    "competency_sheet",
    *COMMISSION_DOCUMENTS,
)


# The servant's acknowledgements HR does not chase when the servant has no login.
SIGNED_ON_PAPER_WITHOUT_LOGIN = ("work_plan", "quarterly_review")


@dataclass(frozen=True)
class PendingAction:
    case_id: int | None  # None for a meeting's own actions
    organisation_id: int
    servant_id: int | None
    servant: str
    position_id: int | None
    document: str  # one of DOCUMENTS
    document_id: int | None
    action: str  # draft | resubmit | approve | record_q1… | fill | sign | agree | ...
    role: str
    responsible_position_id: int | None  # for the direct supervisor and the approver
    due: dt.date | None
    overdue: bool
    servant_has_login: bool = True
    # Set when HR sees an action that is not theirs because nobody else can take it:
    # "vacant" (no one holds the responsible position) or "no_login" (the servant has none).
    escalation: str = ""
    # For the chair of the commission: the person, not a position, who must act.
    responsible_servant_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "servant": self.servant,
            "document": self.document,
            "document_id": self.document_id,
            "action": self.action,
            "role": self.role,
            "due": self.due,
            "overdue": self.overdue,
            "escalation": self.escalation or None,
        }


def pending_actions(
    organisation_ids: Iterable[int],
    on: dt.date,
    *,
    only: Viewer | None = None,
    servant_ids: Iterable[int] = (),
) -> list[PendingAction]:
    """Every action waiting on the KPI track of the bodies' cycles.

    Drafting, monitoring, filling in and the servant's signing the approved plan and each
    quarterly review as seen are asked of the current cycles (evaluated at most
    RECHECK_AFTER_EVALUATION ago); a document already under way stays until it is done,
    however old its cycle. `only` narrows the reading to what one person may have to do.
    """
    organisation_ids = set(organisation_ids)
    lines = reporting_lines_of(organisation_ids)
    recent_since = on - RECHECK_AFTER_EVALUATION
    open_documents = (
        Q(work_plans__state__in=[PlanState.SUBMITTED, PlanState.RETURNED])
        | Q(kpi_sheet__state__in=[SheetState.SIGNED, SheetState.RETURNED, SheetState.AGREED])
        | Q(kpi_sheet__state=SheetState.WITH_COMMISSION, kpi_sheet__acknowledged_at__isnull=True)
        | Q(competency_sheet__state=CompetencySheetState.SIGNED)
        | Q(
            competency_sheet__state=CompetencySheetState.WITH_COMMISSION,
            competency_sheet__acknowledged_at__isnull=True,
        )
    )
    cases_q = EvaluationCase.objects.filter(
        cycle__organisation_id__in=organisation_ids, cycle__period_start__lte=on
    ).filter(Q(cycle__evaluation_date__gte=recent_since) | open_documents)
    if only is not None:
        mine = {
            position
            for org_lines in lines.values()
            for position in org_lines.reports_to
            if org_lines.direct_supervisor(position) in only.positions
            or org_lines.approver(position) in only.positions
        }
        cases_q = cases_q.filter(
            Q(position_id__in=mine)
            | Q(servant_id__in=set(servant_ids))
            # HR: their own actions, and what no one else can take (see `inbox`)
            | Q(cycle__organisation_id__in=only.hr_bodies)
        )
    cases = list(
        cases_q.exclude(eligibility=Eligibility.EXCLUDED)
        .select_related("servant", "cycle")
        .distinct()
        .order_by("cycle__organisation_id", "servant__surname", "servant__first_name", "pk")
    )
    ids = [c.pk for c in cases]
    plans: dict[int, WorkPlan] = {}
    approved: dict[int, WorkPlan] = {}
    for plan in WorkPlan.objects.filter(case_id__in=ids).order_by("case_id", "version"):
        plans[plan.case_id] = plan  # the newest version wins
        if plan.state == PlanState.APPROVED:
            approved[plan.case_id] = plan
    reviewed: set[tuple[int, int, int]] = set()
    unseen_reviews: dict[int, list[int]] = {}  # case → reviews the servant has not seen
    for pk, case_id, year, quarter, seen in (
        QuarterlyReview.objects.filter(case_id__in=ids)
        .order_by("case_id", "year", "quarter")
        .values_list("pk", "case_id", "year", "quarter", "acknowledged_at")
    ):
        reviewed.add((case_id, year, quarter))
        if seen is None:
            unseen_reviews.setdefault(case_id, []).append(pk)
    sheets = {s.case_id: s for s in KpiSheet.objects.filter(case_id__in=ids)}
    competency = {s.case_id: s for s in CompetencySheet.objects.filter(case_id__in=ids)}
    calendar = calendar_between(on - dt.timedelta(days=400), on + dt.timedelta(days=400))
    found: list[PendingAction] = []
    for case in cases:
        org_lines = lines[case.cycle.organisation_id]
        recent = case.cycle.evaluation_date >= recent_since
        direct = org_lines.direct_supervisor(case.position_id)
        approver = org_lines.approver(case.position_id)

        def add(
            document, document_id, action, role, due, *, case=case, direct=direct, approver=approver
        ):
            responsible = {Role.DIRECT_SUPERVISOR: direct, Role.APPROVER: approver}.get(role)
            found.append(
                PendingAction(
                    case_id=case.pk,
                    organisation_id=case.cycle.organisation_id,
                    servant_id=case.servant_id,
                    servant=case.servant.short_name,
                    position_id=case.position_id,
                    document=document,
                    document_id=document_id,
                    action=action,
                    role=role,
                    responsible_position_id=responsible,
                    due=due,
                    overdue=due is not None and on > due,
                    servant_has_login=case.servant.user_id is not None,
                )
            )

        plan = plans.get(case.pk)
        if plan is None or plan.state == PlanState.DRAFT:
            if recent:  # an old cycle's plan never drawn up is history, not a task
                due = plan.due if plan else case.plan_due
                add("work_plan", plan and plan.pk, "draft", Role.DIRECT_SUPERVISOR, due)
        elif plan.state == PlanState.RETURNED:
            add("work_plan", plan.pk, "resubmit", Role.DIRECT_SUPERVISOR, plan.resubmit_due)
        elif plan.state == PlanState.SUBMITTED:
            add("work_plan", plan.pk, "approve", Role.APPROVER, None)
        elif plan.state == PlanState.APPROVED and plan.acknowledged_at is None and recent:
            # The servant signs the approved plan as seen (Annex 1); no deadline is set.
            add("work_plan", plan.pk, "acknowledge", Role.SERVANT, None)
        if recent:  # the servant sees each quarter's written recommendations (§16)
            for review_id in unseen_reviews.get(case.pk, ()):
                add("quarterly_review", review_id, "acknowledge", Role.SERVANT, None)
        _competency_actions(case, competency.get(case.pk), recent, on, add)
        current = approved.get(case.pk)
        if current is None:
            continue
        for q, first, last in quarters(current.period_start, current.period_end):
            if recent and last < on and (case.pk, first.year, q) not in reviewed:
                due = calendar.add_working_days(last, QUARTERLY_REVIEW_WORKING_DAYS)
                add(
                    "quarterly_review",
                    None,
                    f"record_q{q}_{first.year}",
                    Role.DIRECT_SUPERVISOR,
                    due,
                )
        sheet = sheets.get(case.pk)
        if sheet is None or sheet.state == SheetState.DRAFT:
            if recent and on > case.cycle.period_end:
                add(
                    "kpi_sheet",
                    sheet and sheet.pk,
                    "fill",
                    Role.DIRECT_SUPERVISOR,
                    case.deferred_due,
                )
        elif sheet.state == SheetState.RETURNED:
            add("kpi_sheet", sheet.pk, "resign", Role.DIRECT_SUPERVISOR, sheet.resubmit_due)
        elif sheet.state == SheetState.SIGNED:
            add("kpi_sheet", sheet.pk, "agree", Role.APPROVER, None)
        elif sheet.state == SheetState.AGREED:
            add("kpi_sheet", sheet.pk, "to_commission", Role.HR, sheet.commission_due)
        if (
            sheet is not None
            and sheet.acknowledged_at is None
            and sheet.state
            in (
                SheetState.SIGNED,
                SheetState.AGREED,
                SheetState.WITH_COMMISSION,
            )
        ):
            add("kpi_sheet", sheet.pk, "acknowledge", Role.SERVANT, None)
    found += commission_actions(organisation_ids, on, lines, _commission_item(on))
    return found


def _commission_item(on: dt.date):
    """Builds the commission stage's PendingActions (see bagalau.commission.inbox)."""

    def make(
        *,
        document: str,
        document_id: int | None,
        action: str,
        role: str,
        due: dt.date | None,
        case: EvaluationCase | None = None,
        meeting: Any = None,
        responsible_position_id: int | None = None,
        responsible_servant_id: int | None = None,
    ) -> PendingAction:
        cycle = case.cycle if case is not None else meeting.cycle
        return PendingAction(
            case_id=case.pk if case else None,
            organisation_id=cycle.organisation_id,
            servant_id=case.servant_id if case else None,
            servant=case.servant.short_name if case else "",
            position_id=case.position_id if case else None,
            document=document,
            document_id=document_id,
            action=action,
            role=role,
            responsible_position_id=responsible_position_id,
            due=due,
            overdue=due is not None and on > due,
            servant_has_login=case.servant.user_id is not None if case else True,
            responsible_servant_id=responsible_servant_id,
        )

    return make


def _competency_actions(case, sheet, recent: bool, on: dt.date, add) -> None:
    """The competency sheet's waiting actions (§25–§28); assessed at the period's end."""
    if sheet is None or sheet.state == CompetencySheetState.DRAFT:
        if recent and on > case.cycle.period_end:
            add(
                "competency_sheet",
                sheet and sheet.pk,
                "assess",
                Role.DIRECT_SUPERVISOR,
                case.deferred_due,
            )
        return
    if sheet.state == CompetencySheetState.SIGNED:
        add("competency_sheet", sheet.pk, "to_commission", Role.HR, sheet.commission_due)
    if sheet.acknowledged_at is None:
        add("competency_sheet", sheet.pk, "acknowledge", Role.SERVANT, None)


def _mine(action: PendingAction, me: Viewer, servant_ids: set[int]) -> bool:
    if action.role == Role.HR:
        return action.organisation_id in me.hr_bodies
    if action.role == Role.SERVANT:
        return action.servant_id in servant_ids
    if action.role == Role.COMMISSION_CHAIR:
        return action.responsible_servant_id in servant_ids
    return action.responsible_position_id in me.positions


def inbox(user: Any, on: dt.date | None = None) -> list[PendingAction]:
    """What is waiting for `user`: as direct supervisor, approver, HR or servant. HR also
    sees the actions no one else can take: the responsible position is vacant, or the
    servant who must acknowledge has no login — HR follows these up."""
    on = on or timezone.localdate()
    me = viewer(user, on)
    if not getattr(user, "is_authenticated", False):
        return []
    servant_ids = set(Servant.objects.filter(user=user).values_list("pk", flat=True))
    bodies = (
        set(me.hr_bodies)
        | set(
            Position.objects.filter(pk__in=me.positions).values_list("organisation_id", flat=True)
        )
        | set(
            EvaluationCase.objects.filter(servant_id__in=servant_ids).values_list(
                "cycle__organisation_id", flat=True
            )
        )
    )
    actions = pending_actions(bodies, on, only=me, servant_ids=servant_ids)
    responsible = {
        a.responsible_position_id
        for a in actions
        if a.organisation_id in me.hr_bodies and a.responsible_position_id is not None
    }
    held = set(
        appointments_on(on)
        .filter(position_id__in=responsible)
        .values_list("position_id", flat=True)
    )
    mine = []
    for a in actions:
        if _mine(a, me, servant_ids):
            mine.append(a)
        elif a.organisation_id in me.hr_bodies:
            if a.role == Role.SERVANT and not a.servant_has_login:
                # A plan's or a quarter's "seen" is the servant's own signature: without a
                # login it is given on paper, and HR has nothing to follow up in the system.
                if a.document not in SIGNED_ON_PAPER_WITHOUT_LOGIN:
                    mine.append(replace(a, escalation="no_login"))
            elif a.role in (Role.DIRECT_SUPERVISOR, Role.APPROVER, Role.AUTHORIZED_PERSON) and (
                a.responsible_position_id not in held
            ):
                mine.append(replace(a, escalation="vacant"))
    return mine


@dataclass(frozen=True)
class Person:
    user_id: int | None
    name: str
    email: str


def reminders(
    organisation_ids: Iterable[int], on: dt.date
) -> list[tuple[Person, list[PendingAction]]]:
    """Each person's pending actions across the bodies (`bagalau remind`)."""
    actions = pending_actions(organisation_ids, on)
    positions = {a.responsible_position_id for a in actions if a.responsible_position_id}
    holders: dict[int, list[Person]] = {}
    for appointment in (
        appointments_on(on).filter(position_id__in=positions).select_related("servant__user")
    ):
        holders.setdefault(appointment.position_id, []).append(_person(appointment.servant))
    hr: dict[int, list[Person]] = {}
    for appointment in (
        appointments_on(on)
        .filter(position__organisation_id__in={a.organisation_id for a in actions})
        .filter(Q(position__subdivision__is_personnel_service=True) | Q(position__hr_duties=True))
        .select_related("servant__user", "position")
    ):
        hr.setdefault(appointment.position.organisation_id, []).append(_person(appointment.servant))
    servants = {
        a.servant_id: _person(a.servant)
        for a in Appointment.objects.filter(
            servant_id__in={x.servant_id for x in actions if x.role == Role.SERVANT}
            | {x.responsible_servant_id for x in actions if x.responsible_servant_id}
        ).select_related("servant__user")
    }
    grouped: dict[tuple, tuple[Person, list[PendingAction]]] = {}
    for action in actions:
        if action.role == Role.HR:
            people = hr.get(action.organisation_id, [])
        elif action.role == Role.SERVANT:
            people = [servants[action.servant_id]] if action.servant_id in servants else []
        elif action.role == Role.COMMISSION_CHAIR:
            chair = action.responsible_servant_id
            people = [servants[chair]] if chair in servants else []
        else:
            people = holders.get(action.responsible_position_id, [])
        for person in people:
            grouped.setdefault((person.user_id, person.name), (person, []))[1].append(action)
    return sorted(grouped.values(), key=lambda item: item[0].name)


def _person(servant) -> Person:
    user = servant.user
    return Person(
        user_id=user.pk if user else None,
        name=servant.short_name,
        email=(user.email if user else "") or "",
    )
