"""Reads of the organisation structure and the officials derived from it (§2, §5).

Nothing here is typed twice: a servant's direct supervisor is whoever holds the position
their position reports to on the day asked, and so on up the reporting lines.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)


def _held_on(on: dt.date) -> Q:
    return Q(date_from__lte=on) & (Q(date_to__isnull=True) | Q(date_to__gte=on))


def appointments_on(on: dt.date) -> QuerySet[Appointment]:
    return Appointment.objects.filter(_held_on(on))


def position_holder(position: Position | None, on: dt.date) -> Servant | None:
    """The servant holding the position on the date, or None if it is vacant."""
    if position is None:
        return None
    appointment = (
        appointments_on(on)
        .filter(position=position)
        .select_related("servant")
        .order_by("-date_from", "-pk")
        .first()
    )
    return appointment.servant if appointment else None


def current_appointment(
    servant: Servant, on: dt.date, organisation: Organisation | None = None
) -> Appointment | None:
    """The servant's appointment on the date (the latest, if several overlap)."""
    qs = appointments_on(on).filter(servant=servant)
    if organisation is not None:
        qs = qs.filter(position__organisation=organisation)
    return (
        qs.select_related("position__reports_to__reports_to", "position__organisation")
        .order_by("-date_from", "-pk")
        .first()
    )


def direct_supervisor(servant: Servant, on: dt.date) -> Servant | None:
    """Тікелей басшы (§2): the holder of the position the servant's position reports to."""
    appointment = current_appointment(servant, on)
    if appointment is None:
        return None
    return position_holder(appointment.position.reports_to, on)


def superior_supervisor(servant: Servant, on: dt.date) -> Servant | None:
    """Жоғары тұрған басшы (§2): the direct supervisor's own direct supervisor."""
    appointment = current_appointment(servant, on)
    if appointment is None or appointment.position.reports_to is None:
        return None
    return position_holder(appointment.position.reports_to.reports_to, on)


def first_head_position(organisation: Organisation) -> Position | None:
    """Бірінші басшы's position (§11): the top of the body's reporting lines."""
    roots = list(
        Position.objects.filter(organisation=organisation, reports_to__isnull=True)
        .filter(subordinates__isnull=False)
        .distinct()[:2]
    )
    if len(roots) == 1:
        return roots[0]
    if not roots:  # a body of one position, or none yet
        return Position.objects.filter(organisation=organisation, reports_to__isnull=True).first()
    return None  # several tops: the reporting lines are incomplete


def first_head(organisation: Organisation, on: dt.date) -> Servant | None:
    return position_holder(first_head_position(organisation), on)


def authorized_position(organisation: Organisation) -> Position | None:
    """Уәкілетті тұлға's position (§5): the one marked so, else the first head's."""
    marked = Position.objects.filter(organisation=organisation, is_authorized_person=True).first()
    return marked or first_head_position(organisation)


def authorized_person(organisation: Organisation, on: dt.date) -> Servant | None:
    return position_holder(authorized_position(organisation), on)


def hr_positions(organisation: Organisation) -> QuerySet[Position]:
    """Positions of the personnel service, or charged with HR duties (§5)."""
    return Position.objects.filter(organisation=organisation).filter(
        Q(subdivision__is_personnel_service=True) | Q(hr_duties=True)
    )


def hr_officers(organisation: Organisation, on: dt.date) -> QuerySet[Servant]:
    return Servant.objects.filter(
        appointments__in=appointments_on(on).filter(position__in=hr_positions(organisation))
    ).distinct()


def servant_organisations(servant: Servant, on: dt.date) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        positions__appointments__in=appointments_on(on).filter(servant=servant)
    ).distinct()


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("code")


def subdivision_list(organisation: Organisation) -> QuerySet[Subdivision]:
    return Subdivision.objects.filter(organisation=organisation).select_related("parent")


def position_list(organisation: Organisation) -> QuerySet[Position]:
    return Position.objects.filter(organisation=organisation).select_related(
        "subdivision", "reports_to"
    )


def servant_list(organisation: Organisation) -> QuerySet[Servant]:
    """Everyone with an appointment, past or present, in the body."""
    return Servant.objects.filter(
        pk__in=Appointment.objects.filter(position__organisation=organisation).values("servant_id")
    )


def appointment_list(organisation: Organisation) -> QuerySet[Appointment]:
    return Appointment.objects.filter(position__organisation=organisation).select_related(
        "servant", "position"
    )


def absence_list(organisation: Organisation) -> QuerySet[Absence]:
    return Absence.objects.filter(servant__in=servant_list(organisation)).select_related("servant")
