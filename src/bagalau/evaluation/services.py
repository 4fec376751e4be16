"""Writes of evaluation cycles: opening one, deciding and re-checking eligibility (§4, §9).

Opening a cycle for a body reads the body's appointments and absences in a fixed number of
queries and writes the cases in bulk, so a body of 10,000 servants opens in seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.core.audit import audit_event, audit_record
from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.rules import (
    AbsenceFact,
    AppointmentFact,
    EligibilityDecision,
    EligibilityReason,
    eligibility,
    plan_due,
    plan_start,
)
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.selectors import NoMethodologyInForce, version_in_force, version_rules
from bagalau.orgstructure.access import can_manage_body
from bagalau.orgstructure.models import Absence, Appointment, Organisation, Servant
from bagalau.workcalendar.selectors import kazakhstan_calendar

CASE_FIELDS = (
    "position_id",
    "appointment_id",
    "eligibility",
    "reason",
    "paragraph",
    "counted_from",
    "until",
    "absence_kind",
    "plan_start",
    "plan_due",
    "deferred_due",
)


@dataclass
class RefreshReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # servant, from, to


def cycle_version(organisation: Organisation, start: dt.date, evaluation_date: dt.date):
    """The methodology version the cycle is judged by: the one in force when the evaluation
    takes place, else the one in force when the period starts."""
    for day in (evaluation_date, start):
        try:
            return version_in_force(organisation, day)
        except NoMethodologyInForce:
            continue
    raise ValidationError(
        {
            "year": _("no methodology version of %(body)s is in force for %(start)s–%(end)s")
            % {"body": organisation.code, "start": start.isoformat(), "end": evaluation_date}
        }
    )


@transaction.atomic
def cycle_open(
    *,
    organisation: Organisation,
    year: int,
    actor: Any,
    evaluation_date: dt.date | None = None,
    channel: str = "",
    console: bool = False,
) -> tuple[EvaluationCycle, RefreshReport]:
    """HR opens the year's cycle: the methodology version is fixed on it, and one case is
    made per servant with their eligibility decided and recorded (§4). `console` is the
    operator's console, which may open any body's cycle."""
    if not console and not can_manage_body(actor, organisation.pk):
        raise PermissionDenied(_("only the body's personnel service may open a cycle"))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    evaluation_date = evaluation_date or end
    if evaluation_date < start:
        raise ValidationError(
            {"evaluation_date": _("the evaluation cannot take place before the period starts")}
        )
    if EvaluationCycle.objects.filter(organisation=organisation, period_start=start).exists():
        raise ValidationError(
            {
                "year": _("a cycle of %(body)s for %(year)s is already open")
                % {"body": organisation.code, "year": year}
            }
        )
    version = cycle_version(organisation, start, evaluation_date)
    cycle = EvaluationCycle(
        organisation=organisation,
        period_start=start,
        period_end=end,
        evaluation_date=evaluation_date,
        methodology_version=version,
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    cycle.full_clean()
    cycle.save()
    audit_record(
        actor=actor,
        channel=channel,
        action="evaluation_cycle.open",
        obj=cycle,
        organisation_id=organisation.pk,
        after={
            "period": [start, end],
            "evaluation_date": evaluation_date,
            "methodology_version": version.code,
        },
    )
    report = _refresh(cycle, actor=actor, channel=channel)
    return cycle, report


def cycle_refresh(
    *, cycle: EvaluationCycle, actor: Any, channel: str = "", system: bool = False
) -> RefreshReport:
    """Decide eligibility again from today's appointments and absences (§4); new servants
    get a case. Changes are audited one by one. HR or an operator asks for it; `system` is
    the automatic re-check after a staff change, and the operator's console."""
    if not system and not can_manage_body(actor, cycle.organisation_id):
        raise PermissionDenied(_("only the body's personnel service may re-check a cycle"))
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
        return _refresh(cycle, actor=actor, channel=channel)


def _decide(
    cycle: EvaluationCycle, version: MethodologyVersion
) -> tuple[dict[int, dict[str, Any]], dict[int, Servant]]:
    """servant id → the case's fields, for every servant of the body's "B" corps positions
    during the period, and the servants (queries: appointments, absences, calendar)."""
    rules = version_rules(version)
    appointments: dict[int, list[Appointment]] = {}
    for appointment in (
        Appointment.objects.filter(
            position__organisation_id=cycle.organisation_id,
            date_from__lte=cycle.period_end,
        )
        .exclude(position__category="")
        .exclude(date_to__lt=cycle.period_start)
        .select_related("servant")
        .order_by("date_from", "pk")
    ):
        appointments.setdefault(appointment.servant_id, []).append(appointment)
    absences: dict[int, list[AbsenceFact]] = {}
    window = cycle.evaluation_date - dt.timedelta(days=31 * (rules.min_tenure_months + 1))
    for servant_id, kind, date_from, date_to in (
        Absence.objects.filter(
            servant__appointments__position__organisation_id=cycle.organisation_id,
            date_to__gte=min(window, cycle.period_start),
        )
        .distinct()
        .values_list("servant_id", "kind", "date_from", "date_to")
    ):
        absences.setdefault(servant_id, []).append(AbsenceFact(kind, date_from, date_to))
    calendar = kazakhstan_calendar(cycle.period_start.year, cycle.evaluation_date.year + 1)
    decided: dict[int, dict[str, Any]] = {}
    for servant_id, held in appointments.items():
        on_the_day = [
            a
            for a in held
            if a.date_from <= cycle.evaluation_date
            and (a.date_to is None or a.date_to >= cycle.evaluation_date)
        ]
        appointment = on_the_day[-1] if on_the_day else None
        decision: EligibilityDecision = eligibility(
            evaluation_date=cycle.evaluation_date,
            appointment=AppointmentFact(
                appointment.position_id,
                appointment.date_from,
                appointment.date_to,
                appointment.probation_end,
            )
            if appointment
            else None,
            absences=absences.get(servant_id, []),
            min_tenure_months=rules.min_tenure_months,
            calendar_=calendar,
            deferral_working_days=rules.deadlines["after_return"],
        )
        basis = appointment or held[-1]
        start = plan_start(cycle.period_start, basis.date_from)
        decided[servant_id] = {
            "position_id": basis.position_id,
            "appointment_id": basis.pk,
            "eligibility": str(decision.eligibility),
            "reason": str(decision.reason),
            "paragraph": decision.paragraph,
            "counted_from": decision.counted_from,
            "until": decision.until,
            "absence_kind": decision.absence_kind,
            "plan_start": start,
            "plan_due": plan_due(calendar, start, rules.deadlines["work_plan"]),
            "deferred_due": decision.due,
        }
    servants = {sid: held[0].servant for sid, held in appointments.items()}
    return decided, servants


def _refresh(cycle: EvaluationCycle, *, actor: Any, channel: str) -> RefreshReport:
    decided, servants = _decide(cycle, cycle.methodology_version)
    existing = {
        case.servant_id: case
        for case in EvaluationCase.objects.filter(cycle=cycle).select_related("servant")
    }
    now = timezone.now()
    report = RefreshReport()
    new_cases, changed, events = [], [], []
    for servant_id, fields in decided.items():
        case = existing.pop(servant_id, None)
        if case is None:
            new_cases.append(EvaluationCase(cycle=cycle, servant=servants[servant_id], **fields))
            continue
        before = {name: getattr(case, name) for name in CASE_FIELDS}
        if before == fields:
            report.unchanged += 1
            continue
        for name, value in fields.items():
            setattr(case, name, value)
        case.cycle, case.updated_at = cycle, now
        changed.append(case)
        diff = [name for name in CASE_FIELDS if before[name] != fields[name]]
        events.append(
            audit_event(
                actor=actor,
                channel=channel,
                action="evaluation_case.recheck",
                obj=case,
                organisation_id=cycle.organisation_id,
                before={name: before[name] for name in diff},
                after={name: fields[name] for name in diff},
            )
        )
        if before["eligibility"] != fields["eligibility"]:
            report.changes.append((str(servant_id), before["eligibility"], fields["eligibility"]))
    for case in existing.values():  # no longer in the body's "B" corps positions at all
        if case.reason != EligibilityReason.LEFT:
            before = {"eligibility": case.eligibility, "reason": case.reason}
            case.eligibility, case.reason = "excluded", EligibilityReason.LEFT
            case.cycle, case.updated_at = cycle, now
            changed.append(case)
            events.append(
                audit_event(
                    actor=actor,
                    channel=channel,
                    action="evaluation_case.recheck",
                    obj=case,
                    organisation_id=cycle.organisation_id,
                    before=before,
                    after={"eligibility": case.eligibility, "reason": case.reason},
                )
            )
    created = EvaluationCase.objects.bulk_create(new_cases)
    events += [
        audit_event(
            actor=actor,
            channel=channel,
            action="evaluation_case.create",
            obj=case,
            organisation_id=cycle.organisation_id,
            after={name: getattr(case, name) for name in CASE_FIELDS},
        )
        for case in created
    ]
    if changed:
        EvaluationCase.objects.bulk_update(changed, [*CASE_FIELDS, "updated_at"])
    AuditEvent.objects.bulk_create(events)
    cycle.checked_at = timezone.now()
    cycle.save(update_fields=["checked_at"])
    report.created, report.changed = len(created), len(changed)
    return report
