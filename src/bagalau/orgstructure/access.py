"""Who may see and change what of the structure: by role and by object.

An operator (superuser) sees every body. A body's HR officers (§5, derived from the
structure) see and change their own body. A servant sees their own record; a supervisor
also sees the servants whose positions report to theirs, directly or further down.
Everyone sees the structure (subdivisions, positions) of the bodies they work in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bagalau.orgstructure.models import Appointment, Organisation, Position, Servant
from bagalau.orgstructure.selectors import appointments_on


def is_operator(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False))


def held_positions(user: Any, on: dt.date | None = None) -> QuerySet[Position]:
    """Positions the user holds on the date; none for an anonymous caller (a servant without
    a login is nobody's user)."""
    if not getattr(user, "is_authenticated", False):
        return Position.objects.none()
    on = on or timezone.localdate()
    # A semi-join on the appointments' positions, unordered: no DISTINCT and no join to the
    # organisation for the default ordering. Asked on every request and every action, it must
    # stay cheap on PostgreSQL whatever its statistics say.
    return Position.objects.filter(
        pk__in=appointments_on(on).filter(servant__user=user).values("position_id")
    ).order_by()


def hr_body_ids(user: Any, on: dt.date | None = None) -> set[int]:
    """Bodies whose HR officer the user is today (§5)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        held_positions(user, on)
        .filter(Q(subdivision__is_personnel_service=True) | Q(hr_duties=True))
        .values_list("organisation_id", flat=True)
    )


def member_body_ids(user: Any, on: dt.date | None = None) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(held_positions(user, on).values_list("organisation_id", flat=True))


def visible_bodies(user: Any) -> QuerySet[Organisation]:
    if is_operator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=member_body_ids(user))


def can_manage_body(user: Any, organisation_id: int | None) -> bool:
    """May change the body's structure and staff: an operator, or the body's HR."""
    if is_operator(user):
        return True
    return organisation_id is not None and organisation_id in hr_body_ids(user)


def can_manage_servant(user: Any, servant: Servant) -> bool:
    """May change a servant's record and absences: an operator, or HR of a body where the
    servant has (or had) an appointment (§5)."""
    if is_operator(user):
        return True
    bodies = set(
        Appointment.objects.filter(servant=servant).values_list(
            "position__organisation_id", flat=True
        )
    )
    return bool(bodies & hr_body_ids(user))


def subordinate_position_ids(user: Any, on: dt.date | None = None) -> set[int]:
    """Positions reporting to the user's, directly or through others (one query per body)."""
    mine = list(held_positions(user, on).values_list("pk", "organisation_id"))
    found: set[int] = set()
    for org_id in {org for _pk, org in mine}:
        children: dict[int, list[int]] = {}
        for pk, parent in Position.objects.filter(organisation_id=org_id).values_list(
            "pk", "reports_to_id"
        ):
            children.setdefault(parent, []).append(pk)
        stack = [pk for pk, org in mine if org == org_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
    return found


def visible_servants(user: Any, on: dt.date | None = None) -> QuerySet[Servant]:
    """Servants whose records the user may read."""
    if is_operator(user):
        return Servant.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Servant.objects.none()
    on = on or timezone.localdate()
    in_hr_bodies = Appointment.objects.filter(
        position__organisation_id__in=hr_body_ids(user, on)
    ).values("servant_id")
    subordinates = (
        appointments_on(on)
        .filter(position_id__in=subordinate_position_ids(user, on))
        .values("servant_id")
    )
    return Servant.objects.filter(Q(user=user) | Q(pk__in=in_hr_bodies) | Q(pk__in=subordinates))
