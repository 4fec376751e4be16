"""Writes of the commission: orders forming it (§5, §31), meetings from the schedule to the
approved protocol (§29–§39), votes and decisions (§32–§38).

Every write runs in one transaction, checks the workflow table and the rules first and
audits what changed; a refused write raises before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.commission.models import (
    AgendaItem,
    Attendance,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    Decision,
    DecisionState,
    SeatRole,
    Vote,
    VoteChoice,
)
from bagalau.commission.notices import bilingual, bilingual_subject, notice, send
from bagalau.commission.rules import (
    Composition,
    composition_problems,
    is_quorate,
    quorum_needed,
    tally,
)
from bagalau.commission.selectors import (
    composition_of,
    meeting_roles,
    order_in_force,
    protocol_document,
    ready_cases,
    servant_of,
    vote_choice_of,
)
from bagalau.commission.workflow import MEETING, MeetingState
from bagalau.competency.models import CompetencyAssessment
from bagalau.competency.rules import CompetencyResult
from bagalau.core.audit import audit_record, jsonable
from bagalau.core.workflow import Role
from bagalau.evaluation.acting import moment
from bagalau.evaluation.models import EvaluationCycle
from bagalau.kpi.models import KpiSheet
from bagalau.kpi.rules import KpiRating
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import NoMethodologyInForce, rules_in_force, version_rules
from bagalau.orgstructure.access import hr_body_ids, is_operator
from bagalau.orgstructure.models import Organisation, Servant
from bagalau.orgstructure.selectors import appointments_on, hr_positions
from bagalau.workcalendar.selectors import add_working_days


def _audit(actor: Any, obj: Any, action: str, organisation_id: int, before=None, after=None):
    audit_record(
        actor=actor,
        channel="commission",
        action=action,
        obj=obj,
        organisation_id=organisation_id,
        before=before,
        after=after,
    )


def _names(ids: list[int]) -> str:
    people = Servant.objects.in_bulk(ids)
    return ", ".join(people[i].short_name if i in people else str(i) for i in ids)


# --- orders (§5, §31) -----------------------------------------------------------------------

ORDER_PROBLEMS = {
    "repeated": lambda d: (
        _("a person sits only once on the commission: %(names)s") % {"names": _names(d["servants"])}
    ),
    "too_few": lambda d: (
        _(
            "the chair and members number %(count)d; the methodology asks for at least %(minimum)d"
            " (§5; the secretary is not a member)"
        )
        % d
    ),
    "outside_body": lambda d: (
        _("not appointed in the body on the date the order takes effect: %(names)s")
        % {"names": _names(d["servants"])}
    ),
    "secretary_not_hr": lambda d: (
        _("the secretary must be a servant of the personnel service (§34): %(name)s is not")
        % {"name": _names([d["servant"]])}
    ),
}


def _may_issue_orders(actor: Any, organisation: Organisation, on: dt.date) -> bool:
    from bagalau.commission.selectors import is_authorized_person

    return (
        is_operator(actor)
        or organisation.pk in hr_body_ids(actor, on)
        or is_authorized_person(actor, organisation, on)
    )


@transaction.atomic
def commission_order_issue(
    *,
    organisation: Organisation,
    number: str,
    signed_on: dt.date,
    chair: int,
    members: list[int],
    secretary: int,
    actor: Any,
    effective_from: dt.date | None = None,
    amends: int | None = None,
) -> CommissionOrder:
    """Record the authorized person's order forming the commission (§5) or amending its
    composition (§31). Each order states the whole composition; a body's first order amends
    nothing, every later one amends the order in force on its date. The authorized person or
    HR (entering the signed order) may record it."""
    effective_from = effective_from or signed_on
    if not _may_issue_orders(actor, organisation, timezone.localdate()):
        raise PermissionDenied(
            _(
                "only the authorized person or the personnel service of %(body)s records its"
                " commission orders"
            )
            % {"body": organisation.code}
        )
    errors: dict[str, list[str]] = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = [_("give the order's number")]
    if effective_from < signed_on:
        errors.setdefault("effective_from", []).append(
            _("a composition cannot take effect before the order is signed")
        )
    current = (
        CommissionOrder.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("-effective_from", "-pk")
        .first()
    )
    in_force = order_in_force(organisation.pk, effective_from)
    if current is None and amends is not None:
        errors.setdefault("amends", []).append(
            _("the body has no commission yet: its first order amends nothing")
        )
    elif current is not None:
        if amends is None:
            errors.setdefault("amends", []).append(
                _(
                    "the commission of %(body)s was formed by order %(order)s: its composition"
                    " changes only by an order amending it (§31)"
                )
                % {"body": organisation.code, "order": str(current)}
            )
        elif in_force is None or amends != in_force.pk or current.effective_from > effective_from:
            errors.setdefault("amends", []).append(
                _("an amending order amends the latest order, %(order)s, and takes effect after it")
                % {"order": str(current)}
            )
    try:
        min_members = rules_in_force(organisation, effective_from).commission_min_members
    except NoMethodologyInForce:
        min_members = 0  # the other checks still run; the date itself is refused
        errors.setdefault("effective_from", []).append(
            _(
                "no methodology of %(body)s is in force on %(date)s: the commission's minimum"
                " size (§5) cannot be checked"
            )
            % {"body": organisation.code, "date": effective_from.isoformat()}
        )
    composition = Composition(chair=chair, members=tuple(members), secretary=secretary)
    in_body = set(
        appointments_on(effective_from)
        .filter(position__organisation=organisation)
        .values_list("servant_id", flat=True)
    )
    in_hr = set(
        appointments_on(effective_from)
        .filter(position__in=hr_positions(organisation))
        .values_list("servant_id", flat=True)
    )
    problems = composition_problems(
        composition, min_members=min_members, in_body=in_body, in_hr=in_hr
    )
    if problems:
        errors.setdefault("composition", []).extend(
            ORDER_PROBLEMS[code](details) for code, details in problems
        )
    if errors:
        raise ValidationError(errors)
    order = CommissionOrder(
        organisation=organisation,
        number=number,
        signed_on=signed_on,
        effective_from=effective_from,
        amends_id=amends,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    order.full_clean()
    order.save()
    seats = [(chair, SeatRole.CHAIR)] + [(m, SeatRole.MEMBER) for m in members]
    seats.append((secretary, SeatRole.SECRETARY))
    CommissionSeat.objects.bulk_create(
        CommissionSeat(order=order, servant_id=s, role=role, number=n)
        for n, (s, role) in enumerate(seats, start=1)
    )
    _audit(
        actor,
        order,
        "commission_order.issue" if amends is None else "commission_order.amend",
        organisation.pk,
        None if amends is None else {"composition": jsonable(composition_of(in_force).__dict__)},
        {
            "number": number,
            "signed_on": signed_on,
            "effective_from": effective_from,
            "amends": amends,
            "composition": jsonable(composition.__dict__),
        },
    )
    return order


# --- meetings (§29–§39) ---------------------------------------------------------------------


@dataclass
class MeetingContext:
    meeting: CommissionMeeting
    roles: set[str]
    rules: MethodologyRules
    on: dt.date


def _meeting_context(meeting_id: int, actor: Any, on: dt.date | None) -> MeetingContext:
    on = on or timezone.localdate()
    meeting = (
        CommissionMeeting.objects.select_for_update(of=("self",))
        .select_related("cycle__organisation", "cycle__methodology_version", "order")
        .get(pk=meeting_id)
    )
    roles = meeting_roles(actor, meeting, on)
    if not roles:
        raise CommissionMeeting.DoesNotExist(_("no commission meeting %(id)s") % {"id": meeting_id})
    return MeetingContext(meeting, roles, version_rules(meeting.cycle.methodology_version), on)


def _fire(ctx: MeetingContext, action: str) -> str:
    """The state after `action`, or TransitionRefused (nothing changed)."""
    return MEETING.next(ctx.meeting.state, action, ctx.roles)


def earliest_meeting_date(on: dt.date, rules: MethodologyRules) -> dt.date:
    """§29: the participants are told 7 working days before the meeting (reading: notified on
    `on`, the meeting is on the 7th working day after it or later)."""
    return add_working_days(on, rules.deadlines["schedule_notice"])


def _check_notice(date: dt.date, on: dt.date, rules: MethodologyRules) -> None:
    earliest = earliest_meeting_date(on, rules)
    if date < earliest:
        raise ValidationError(
            {
                "date": [
                    _(
                        "the participants must be told %(days)d working days before the meeting"
                        " (§29): notified on %(on)s, the earliest date is %(earliest)s"
                    )
                    % {
                        "days": rules.deadlines["schedule_notice"],
                        "on": on.isoformat(),
                        "earliest": earliest.isoformat(),
                    }
                ]
            }
        )


def _require_order(organisation: Organisation, date: dt.date) -> CommissionOrder:
    order = order_in_force(organisation.pk, date)
    if order is None:
        raise ValidationError(
            {
                "date": [
                    _("%(body)s has no commission formed by an order in force on %(date)s (§5)")
                    % {"body": organisation.code, "date": date.isoformat()}
                ]
            }
        )
    return order


@transaction.atomic
def meeting_propose(
    *, cycle_id: int, date: dt.date, actor: Any, place: str = "", on: dt.date | None = None
) -> CommissionMeeting:
    """HR draws up a meeting of the schedule (§29) with the cases whose sheets it has put
    before the commission as its agenda; the chair then agrees it."""
    on = on or timezone.localdate()
    cycle = (
        EvaluationCycle.objects.select_for_update().select_related("organisation").get(pk=cycle_id)
    )
    if cycle.organisation_id not in hr_body_ids(actor, on):
        raise PermissionDenied(
            _("only the personnel service of %(body)s schedules its commission's meetings")
            % {"body": cycle.organisation.code}
        )
    rules = version_rules(cycle.methodology_version)
    _require_order(cycle.organisation, date)
    _check_notice(date, on, rules)
    ready = ready_cases(cycle)
    if not ready:
        raise ValidationError(
            _(
                "no case of %(cycle)s is before the commission: HR puts both sheets before it"
                " first (§24, §28)"
            )
            % {"cycle": str(cycle)}
        )
    meeting = CommissionMeeting.objects.create(
        cycle=cycle,
        date=date,
        place=place.strip(),
        state=MEETING.initial,
        proposed_on=on,
        proposed_by=actor,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, case=case, number=n, reason=reason)
        for n, (case, reason) in enumerate(ready, start=1)
    )
    _audit(
        actor,
        meeting,
        "meeting.propose",
        cycle.organisation_id,
        None,
        {"state": meeting.state, "date": date, "agenda": [c.pk for c, _r in ready]},
    )
    return meeting


@transaction.atomic
def meeting_agenda_refresh(*, meeting_id: int, actor: Any, on: dt.date | None = None):
    """HR adds the cases put before the commission since the meeting was proposed."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    _fire(ctx, "agenda")
    ready = ready_cases(meeting.cycle)
    start = meeting.items.count()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, case=case, number=start + n, reason=reason)
        for n, (case, reason) in enumerate(ready, start=1)
    )
    if ready:
        _audit(
            actor,
            meeting,
            "meeting.agenda",
            meeting.cycle.organisation_id,
            None,
            {"added": [c.pk for c, _r in ready]},
        )
    return meeting


@transaction.atomic
def meeting_agree(*, meeting_id: int, actor: Any, on: dt.date | None = None):
    """The chair agrees the meeting (§29); the participants are notified the same day, at
    least 7 working days before it."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "agree")
    _check_notice(meeting.date, ctx.on, ctx.rules)
    order = _require_order(meeting.cycle.organisation, meeting.date)
    meeting.state, meeting.agreed_on, meeting.notified_on = new_state, ctx.on, ctx.on
    meeting.save()
    composition = composition_of(order)
    people = [*composition.voting, composition.secretary]
    people += list(meeting.items.values_list("case__servant_id", flat=True))
    org = meeting.cycle.organisation
    subject = bilingual_subject(
        lambda lang: _("Evaluation commission meeting on %(date)s") % {"date": meeting.date}
    )
    text = bilingual(
        lambda lang: (
            _(
                "The evaluation commission of %(body)s meets on %(date)s%(place)s to consider"
                " the results of the evaluation for %(period)s (§29)."
            )
            % {
                "body": org.name_ru if lang == "ru" and org.name_ru else org.name_kk,
                "date": meeting.date.isoformat(),
                "place": f", {meeting.place}" if meeting.place else "",
                "period": meeting.cycle.label,
            }
        )
    )
    send(
        notice(
            servant,
            organisation=org,
            kind="meeting_scheduled",
            subject=subject,
            body=text,
            meeting=meeting,
            on=ctx.on,
        )
        for servant in Servant.objects.filter(pk__in=people).select_related("user")
    )
    _audit(
        actor,
        meeting,
        "meeting.agree",
        org.pk,
        {"state": MeetingState.PROPOSED},
        {"state": new_state, "notified": sorted(set(people))},
    )
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    meeting_id: int,
    date: dt.date,
    actor: Any,
    place: str | None = None,
    on: dt.date | None = None,
):
    """HR moves the meeting; the new date needs the chair's agreement again (§29)."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "reschedule")
    _require_order(meeting.cycle.organisation, date)
    _check_notice(date, ctx.on, ctx.rules)
    before = {"state": meeting.state, "date": meeting.date, "place": meeting.place}
    meeting.state, meeting.date = new_state, date
    meeting.agreed_on = meeting.notified_on = None
    if place is not None:
        meeting.place = place.strip()
    meeting.save()
    _audit(
        actor,
        meeting,
        "meeting.reschedule",
        meeting.cycle.organisation_id,
        before,
        {"state": new_state, "date": date, "place": meeting.place},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting_id: int, actor: Any, reason: str, on: dt.date | None = None):
    """HR cancels a meeting that has not opened; its cases may go to another."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "cancel")
    if not reason.strip():
        raise ValidationError({"reason": [_("say why the meeting is cancelled")]})
    before = {"state": meeting.state}
    meeting.state, meeting.cancel_reason = new_state, reason.strip()
    meeting.save()
    _audit(
        actor,
        meeting,
        "meeting.cancel",
        meeting.cycle.organisation_id,
        before,
        {"state": new_state, "reason": meeting.cancel_reason},
    )
    return meeting


def _record_attendance(ctx: MeetingContext, present: list[int]) -> dict[str, Any]:
    meeting = ctx.meeting
    composition = composition_of(meeting.order)
    voting = list(composition.voting)
    strangers = sorted(set(present) - set(voting))
    if composition.secretary in strangers:
        raise ValidationError(
            {"present": [_("the secretary does not vote and is not counted for the quorum (§34)")]}
        )
    if strangers:
        raise ValidationError(
            {
                "present": [
                    _("not members of the commission by order %(order)s: %(names)s")
                    % {"order": str(meeting.order), "names": _names(strangers)}
                ]
            }
        )
    rows = {a.servant_id: a for a in meeting.attendance.all()}
    for servant in voting:
        here = servant in set(present)
        if servant in rows:
            if rows[servant].present != here:
                rows[servant].present = here
                rows[servant].save(update_fields=["present"])
        else:
            Attendance.objects.create(meeting=meeting, servant_id=servant, present=here)
    count = len(set(present))
    return {
        "present": sorted(set(present)),
        "members": len(voting),
        "needed": quorum_needed(len(voting), ctx.rules.commission_quorum),
        "quorate": is_quorate(count, len(voting), ctx.rules.commission_quorum),
    }


@transaction.atomic
def meeting_open(*, meeting_id: int, present: list[int], actor: Any, on: dt.date | None = None):
    """HR opens the meeting on its date with the members present (§30, §35). The meeting sits
    with the composition in force on its date; a quorum is at least two thirds of the
    members (the secretary is not counted, §34)."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "open")
    if ctx.on != meeting.date:
        raise ValidationError(
            _("the meeting is set for %(date)s; it opens on that day")
            % {"date": meeting.date.isoformat()}
        )
    meeting.order = _require_order(meeting.cycle.organisation, meeting.date)
    meeting.state, meeting.opened_at = new_state, moment(ctx.on)
    meeting.save()
    after = _record_attendance(ctx, present)
    _audit(
        actor,
        meeting,
        "meeting.open",
        meeting.cycle.organisation_id,
        {"state": MeetingState.SCHEDULED},
        {"state": new_state, "order": meeting.order_id, **after},
    )
    return meeting


@transaction.atomic
def meeting_attendance(
    *, meeting_id: int, present: list[int], actor: Any, on: dt.date | None = None
):
    """HR corrects the attendance while the meeting sits (a member arrives or leaves). Votes
    already cast by a member who has left stay; they are counted only while present."""
    ctx = _meeting_context(meeting_id, actor, on)
    _fire(ctx, "attendance")
    before = sorted(a.servant_id for a in ctx.meeting.attendance.all() if a.present)
    after = _record_attendance(ctx, present)
    _audit(
        actor,
        ctx.meeting,
        "meeting.attendance",
        ctx.meeting.cycle.organisation_id,
        {"present": before},
        after,
    )
    return ctx.meeting


def _present(meeting: CommissionMeeting) -> set[int]:
    return set(meeting.attendance.filter(present=True).values_list("servant_id", flat=True))


def _require_quorum(ctx: MeetingContext) -> set[int]:
    meeting = ctx.meeting
    members = len(composition_of(meeting.order).voting)
    present = _present(meeting)
    if not is_quorate(len(present), members, ctx.rules.commission_quorum):
        raise ValidationError(
            _(
                "the meeting is not quorate: %(present)d of %(members)d members present,"
                " %(needed)d needed (§30); no vote can be recorded"
            )
            % {
                "present": len(present),
                "members": members,
                "needed": quorum_needed(members, ctx.rules.commission_quorum),
            }
        )
    return present


def _item(meeting: CommissionMeeting, case_id: int) -> AgendaItem:
    item = (
        meeting.items.select_for_update(of=("self",))
        .select_related("case__servant")
        .filter(case_id=case_id)
        .first()
    )
    if item is None:
        raise ValidationError(
            {"case": [_("case %(id)s is not on this meeting's agenda") % {"id": case_id}]}
        )
    if Decision.objects.filter(item=item).exists():
        raise ValidationError(
            _("the commission has decided on %(servant)s already")
            % {"servant": item.case.servant.short_name}
        )
    return item


def _member(ctx: MeetingContext, member_id: int | None, actor: Any) -> int:
    """The member a vote or recusal is for: the actor themselves, or, when HR (the secretary)
    minutes it, the member named."""
    me = servant_of(actor)
    if member_id is None:
        if me is None:
            raise ValidationError({"member": [_("name the member who votes")]})
        member_id = me.pk
    if Role.HR not in ctx.roles and (me is None or me.pk != member_id):
        raise PermissionDenied(
            _("a member casts only their own vote; the secretary minutes others'")
        )
    composition = composition_of(ctx.meeting.order)
    if member_id == composition.secretary:
        raise ValidationError({"member": [_("the secretary does not vote (§34)")]})
    if member_id not in composition.voting:
        raise ValidationError(
            {
                "member": [
                    _("%(name)s is not a member of the commission") % {"name": _names([member_id])}
                ]
            }
        )
    return member_id


def _originals(case_id: int) -> tuple[KpiSheet | None, dict[str, str]]:
    sheet = KpiSheet.objects.filter(case_id=case_id).first()
    competencies = dict(
        CompetencyAssessment.objects.filter(sheet__case_id=case_id)
        .order_by("number")
        .values_list("competency__code", "result")
    )
    return sheet, competencies


def _corrections(
    case_id: int, kpi_rating: str, competencies: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """The corrections a revising vote proposes, checked against the sheets: a rating of §18,
    results of the competencies on the sheet, and at least one that differs."""
    sheet, original = _originals(case_id)
    errors: dict[str, list[str]] = {}
    kpi_rating = (kpi_rating or "").strip()
    if kpi_rating and kpi_rating not in set(KpiRating):
        errors["kpi_rating"] = [
            _("a KPI rating is one of %(ratings)s (§18)") % {"ratings": ", ".join(KpiRating)}
        ]
    for code, result in competencies.items():
        if code not in original:
            errors.setdefault("competencies", []).append(
                _("%(code)s is not a competency of this servant's sheet") % {"code": code}
            )
        elif result not in set(CompetencyResult):
            errors.setdefault("competencies", []).append(
                _("%(code)s: a result is meets or does_not_meet (§27)") % {"code": code}
            )
    if errors:
        raise ValidationError(errors)
    changed_rating = (
        kpi_rating if kpi_rating and kpi_rating != (sheet.rating if sheet else "") else ""
    )
    changed = {c: r for c, r in competencies.items() if original.get(c) != r}
    if not changed_rating and not changed:
        raise ValidationError(
            _(
                "a revision corrects the KPI rating or a competency result; these are the results"
                " on the sheets already — vote to approve them"
            )
        )
    return changed_rating, changed


@transaction.atomic
def vote_cast(
    *,
    meeting_id: int,
    case_id: int,
    choice: str,
    actor: Any,
    member: int | None = None,
    kpi_rating: str = "",
    competencies: dict[str, str] | None = None,
    comment: str = "",
    on: dt.date | None = None,
) -> Vote:
    """A present member's open vote on a case (§32): approve the results, or revise them
    with the corrected KPI rating and/or competency results (§37, §38). Cast by the member,
    or minuted by the secretary; a member may change their vote until the case is decided."""
    ctx = _meeting_context(meeting_id, actor, on)
    _fire(ctx, "vote")
    present = _require_quorum(ctx)
    item = _item(ctx.meeting, case_id)
    member_id = _member(ctx, member, actor)
    if member_id not in present:
        raise ValidationError(
            {"member": [_("%(name)s is not recorded as present") % {"name": _names([member_id])}]}
        )
    if choice not in (VoteChoice.APPROVE, VoteChoice.REVISE):
        raise ValidationError({"choice": [_("a vote is approve or revise (§37)")]})
    rating, changed = "", {}
    if choice == VoteChoice.REVISE:
        rating, changed = _corrections(case_id, kpi_rating, competencies or {})
    elif kpi_rating or competencies:
        raise ValidationError({"choice": [_("a vote to approve carries no corrections")]})
    vote = Vote.objects.filter(item=item, member_id=member_id).first()
    before = (
        None
        if vote is None
        else {
            "choice": vote.choice,
            "kpi_rating": vote.kpi_rating,
            "competencies": vote.competency_results,
        }
    )
    if vote is not None and vote.choice == VoteChoice.RECUSED:
        raise ValidationError(
            {
                "member": [
                    _("%(name)s declared a conflict of interest on this case and does not vote")
                    % {"name": _names([member_id])}
                ]
            }
        )
    vote = vote or Vote(item=item, member_id=member_id)
    vote.choice, vote.kpi_rating, vote.competency_results = choice, rating, changed
    vote.comment = comment.strip()
    vote.recorded_at, vote.recorded_by = moment(ctx.on), actor
    vote.save()
    _audit(
        actor,
        vote,
        "meeting.vote",
        ctx.meeting.cycle.organisation_id,
        before,
        {
            "case": case_id,
            "member": member_id,
            "choice": choice,
            "kpi_rating": rating,
            "competencies": changed,
        },
    )
    return vote


@transaction.atomic
def vote_recuse(
    *,
    meeting_id: int,
    case_id: int,
    actor: Any,
    member: int | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> Vote:
    """A member whose own evaluation is on the agenda declares a conflict of interest and is
    recorded as not voting on that case. Not in the acts: Bagalau's addition, a setting of
    the methodology version (`commission_recusal`, on unless the version says no)."""
    ctx = _meeting_context(meeting_id, actor, on)
    _fire(ctx, "recuse")
    if not ctx.rules.flag("commission_recusal"):
        raise ValidationError(
            _("the methodology %(version)s does not provide for recusal")
            % {"version": ctx.meeting.cycle.methodology_version.code}
        )
    item = _item(ctx.meeting, case_id)
    member_id = _member(ctx, member, actor)
    if item.case.servant_id != member_id:
        raise ValidationError(
            {"case": [_("a member recuses only from the case of their own evaluation")]}
        )
    vote = Vote.objects.filter(item=item, member_id=member_id).first() or Vote(
        item=item, member_id=member_id
    )
    before = None if vote.pk is None else {"choice": vote.choice}
    vote.choice, vote.kpi_rating, vote.competency_results = VoteChoice.RECUSED, "", {}
    vote.comment = reason.strip() or _("own evaluation on the agenda")
    vote.recorded_at, vote.recorded_by = moment(ctx.on), actor
    vote.save()
    _audit(
        actor,
        vote,
        "meeting.recuse",
        ctx.meeting.cycle.organisation_id,
        before,
        {"case": case_id, "member": member_id, "choice": VoteChoice.RECUSED},
    )
    return vote


@transaction.atomic
def case_decide(
    *,
    meeting_id: int,
    case_id: int,
    actor: Any,
    recommendation: str = "",
    on: dt.date | None = None,
) -> Decision:
    """HR (the secretary) records the commission's decision on a case once every present
    member who does not recuse has voted: the majority of their votes, the chair's vote
    deciding a tie (§33). A revised result is kept beside the original (§38); a revision
    carries the commission's recommendation."""
    ctx = _meeting_context(meeting_id, actor, on)
    _fire(ctx, "decide")
    present = _require_quorum(ctx)
    item = _item(ctx.meeting, case_id)
    composition = composition_of(ctx.meeting.order)
    votes = {v.member_id: v for v in item.votes.all()}
    voters = [m for m in composition.voting if m in present]
    counted = {
        m: vote_choice_of(votes[m])
        for m in voters
        if m in votes and votes[m].choice != VoteChoice.RECUSED
    }
    waiting = [m for m in voters if m not in votes]
    if waiting:
        raise ValidationError(
            _("not every member present has voted on %(servant)s: %(names)s")
            % {"servant": item.case.servant.short_name, "names": _names(waiting)}
        )
    result = tally(counted, composition.chair)
    if result.winner is None:
        raise ValidationError(
            _(
                "no majority on %(servant)s (%(counts)s of %(voters)d votes): the members vote"
                " again (§33)"
            )
            % {
                "servant": item.case.servant.short_name,
                "counts": ", ".join(str(n) for _o, n in result.counts) or "0",
                "voters": result.voters,
            }
        )
    recommendation = recommendation.strip()
    winner_is_approve = result.winner == VoteChoice.APPROVE
    if not winner_is_approve and not recommendation:
        raise ValidationError(
            {"recommendation": [_("a revision carries the commission's recommendation (§38)")]}
        )
    sheet, competencies = _originals(case_id)
    revised_rating, revised_competencies = "", {}
    if not winner_is_approve:
        _revise, revised_rating, pairs = result.winner
        revised_competencies = dict(pairs)
    decision = Decision(
        item=item,
        case_id=case_id,
        outcome="approve" if winner_is_approve else "revise",
        state=DecisionState.TAKEN,
        decided_on=ctx.meeting.date,  # made at the meeting, whenever minuted (§42 counts from it)
        kpi_rating_original=sheet.rating if sheet else "",
        kpi_achieved_original=sheet.achieved_count if sheet else None,
        kpi_rating_revised=revised_rating,
        competency_original=competencies,
        competency_revised=revised_competencies,
        recommendation=recommendation,
        votes_for=dict(result.counts)[result.winner],
        votes_cast=result.voters,
        chair_casting=result.casting,
        recorded_by=actor,
    )
    decision.full_clean(exclude=["item"])
    decision.save()
    _audit(
        actor,
        decision,
        "meeting.decide",
        ctx.meeting.cycle.organisation_id,
        None,
        {
            "case": case_id,
            "outcome": decision.outcome,
            "votes_for": decision.votes_for,
            "votes_cast": decision.votes_cast,
            "chair_casting": decision.chair_casting,
            "kpi_rating_revised": revised_rating,
            "competency_revised": revised_competencies,
        },
    )
    return decision


@transaction.atomic
def meeting_close(
    *,
    meeting_id: int,
    actor: Any,
    conclusion: str,
    protocol_number: str = "",
    on: dt.date | None = None,
):
    """HR closes a meeting that decided at least one case and fixes its protocol (Annex 5)
    with the commission's conclusion (§36). Cases left undecided may go to another meeting.
    Each decision was taken with a quorum (§30); a meeting that has since lost it still
    closes, or it could neither close nor be adjourned."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "close")
    if not Decision.objects.filter(item__meeting=meeting).exists():
        raise ValidationError(
            _("the commission has decided on no case: adjourn the meeting instead")
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("write the commission's conclusion (Annex 5)")]})
    meeting.state, meeting.closed_at = new_state, moment(ctx.on)
    meeting.conclusion, meeting.protocol_number = conclusion.strip(), protocol_number.strip()
    meeting.save()
    from bagalau.commission.selectors import meeting_full

    meeting.protocol = jsonable(protocol_document(meeting_full(meeting.pk), ctx.rules))
    meeting.save(update_fields=["protocol"])
    undecided = list(meeting.items.filter(decision__isnull=True).values_list("case_id", flat=True))
    _audit(
        actor,
        meeting,
        "meeting.close",
        meeting.cycle.organisation_id,
        {"state": MeetingState.IN_SESSION},
        {"state": new_state, "protocol_number": meeting.protocol_number, "undecided": undecided},
    )
    return meeting


@transaction.atomic
def meeting_adjourn(*, meeting_id: int, actor: Any, reason: str, on: dt.date | None = None):
    """HR adjourns a meeting that decided nothing, for want of a quorum (§30) or otherwise;
    its cases may go to another meeting."""
    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "adjourn")
    if Decision.objects.filter(item__meeting=meeting).exists():
        raise ValidationError(_("the commission has decided on cases: close the meeting instead"))
    if not reason.strip():
        raise ValidationError({"reason": [_("say why the meeting is adjourned")]})
    meeting.state, meeting.cancel_reason, meeting.closed_at = (
        new_state,
        reason.strip(),
        moment(ctx.on),
    )
    meeting.save()
    _audit(
        actor,
        meeting,
        "meeting.adjourn",
        meeting.cycle.organisation_id,
        {"state": MeetingState.IN_SESSION},
        {"state": new_state, "reason": meeting.cancel_reason},
    )
    return meeting


@transaction.atomic
def meeting_approve(*, meeting_id: int, actor: Any, on: dt.date | None = None):
    """The authorized person approves the results (§39): the decisions become final, and HR
    is to acquaint each servant within 2 working days (§40); each is notified."""
    from bagalau.commission.outcomes import open_acquaintances

    ctx = _meeting_context(meeting_id, actor, on)
    meeting = ctx.meeting
    new_state = _fire(ctx, "approve")
    if ctx.on < meeting.date:
        raise ValidationError(
            _("the meeting sat on %(date)s; its results cannot be approved before that")
            % {"date": meeting.date.isoformat()}
        )
    me = servant_of(actor)
    meeting.state, meeting.approved_on, meeting.approved_by = new_state, ctx.on, actor
    meeting.approved_by_name = me.short_name if me else str(actor)
    meeting.save()
    decisions = list(
        Decision.objects.select_for_update(of=("self",))
        .filter(item__meeting=meeting, state=DecisionState.TAKEN)
        .select_related("case__servant__user")
    )
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(state=DecisionState.FINAL)
    due = open_acquaintances(decisions, meeting, ctx.on, ctx.rules)
    _audit(
        actor,
        meeting,
        "meeting.approve",
        meeting.cycle.organisation_id,
        {"state": MeetingState.CLOSED},
        {"state": new_state, "final": [d.case_id for d in decisions], "acquaintance_due": due},
    )
    return meeting
