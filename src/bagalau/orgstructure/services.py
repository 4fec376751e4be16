"""Writes of the organisation structure, one object at a time (API, admin, console).

Each write is atomic, validates the object and the body's structure (reporting lines
without loops, a category the methodology in force knows) and records its audit row.
Bulk loads go through staff_import instead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.core.audit import audit_record, snapshot
from bagalau.methodology.selectors import NoMethodologyInForce, rules_in_force
from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)
from bagalau.orgstructure.rules import find_cycle, normalise_category
from bagalau.orgstructure.signals import staff_changed


def organisation_of(obj: models.Model) -> int | None:
    """The id of the state body an audit record of `obj` is filed under.

    A servant (and their absences) belongs to no body by itself: their latest appointment
    decides; a servant not yet appointed anywhere is filed under none.
    """
    if isinstance(obj, Organisation):
        return obj.pk
    if isinstance(obj, Appointment):
        return obj.position.organisation_id
    servant_id = obj.pk if isinstance(obj, Servant) else getattr(obj, "servant_id", None)
    if servant_id is not None:
        return (
            Appointment.objects.filter(servant_id=servant_id)
            .order_by("-date_from", "-pk")
            .values_list("position__organisation_id", flat=True)
            .first()
        )
    return getattr(obj, "organisation_id", None)


def _would_loop(obj: Subdivision | Position, parent_field: str) -> bool:
    """Whether saving `obj` with its parent makes the body's tree go round in a loop."""
    parents = dict(
        type(obj)
        .objects.filter(organisation_id=obj.organisation_id)
        .exclude(pk=obj.pk)
        .values_list("pk", parent_field)
    )
    parents[obj.pk or 0] = getattr(obj, parent_field)
    return find_cycle(parents) is not None


def _check_structure(obj: models.Model) -> None:
    if isinstance(obj, Subdivision):
        if obj.parent_id and obj.parent.organisation_id != obj.organisation_id:
            raise ValidationError({"parent": _("the parent subdivision belongs to another body")})
        if _would_loop(obj, "parent_id"):
            raise ValidationError({"parent": _("subdivisions would contain each other in a loop")})
    elif isinstance(obj, Position):
        _check_position(obj)
    elif isinstance(obj, Appointment):
        overlapping = Appointment.objects.filter(position_id=obj.position_id).exclude(pk=obj.pk)
        overlapping = overlapping.filter(
            models.Q(date_to__isnull=True) | models.Q(date_to__gte=obj.date_from)
        )
        if obj.date_to:
            overlapping = overlapping.filter(date_from__lte=obj.date_to)
        holder = overlapping.select_related("servant").first()
        if holder:
            raise ValidationError(
                {
                    "date_from": (
                        _("the position is held by %(holder)s from %(start)s at that time")
                        % {"holder": holder.servant, "start": holder.date_from.isoformat()}
                    )
                }
            )


def _check_position(position: Position) -> None:
    errors: dict[str, str] = {}
    position.category = normalise_category(position.category) if position.category else ""
    if position.reports_to_id:
        if position.reports_to.organisation_id != position.organisation_id:
            errors["reports_to"] = _("the position reported to belongs to another body")
        if _would_loop(position, "reports_to_id"):
            errors["reports_to"] = _("reporting lines would go round in a loop")
    if position.subdivision_id and position.subdivision.organisation_id != position.organisation_id:
        errors["subdivision"] = _("the subdivision belongs to another body")
    if position.category:
        try:
            rules = rules_in_force(position.organisation_id, timezone.localdate())
        except NoMethodologyInForce:
            errors["category"] = _("the body has no methodology in force to check the category")
        else:
            if rules.category_group(position.category, position.heads_subdivision) is None:
                errors["category"] = _(
                    "category %(category)s is not in Annex 4 of the methodology in force (§26);"
                    " known: %(known)s"
                ) % {"category": position.category, "known": ", ".join(sorted(rules.categories))}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def structure_save(*, obj: models.Model, actor: Any, channel: str = "") -> models.Model:
    """Create or update one object of the structure; refused changes write nothing."""
    kind = obj._meta.model_name
    before = None
    if obj.pk:
        current = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
        before = snapshot(current) if current else None
    obj.full_clean()
    _check_structure(obj)
    obj.save()
    after = snapshot(obj)
    if before:
        keys = [k for k in after if before.get(k) != after.get(k) and k != "updated_at"]
        before, after = {k: before[k] for k in keys}, {k: after[k] for k in keys}
    audit_record(
        actor=actor,
        channel=channel,
        action=f"{kind}.{'update' if before is not None else 'create'}",
        obj=obj,
        organisation_id=organisation_of(obj),
        before=before,
        after=after,
    )
    _announce_staff_change(obj, actor)
    return obj


def _announce_staff_change(obj: models.Model, actor: Any) -> None:
    """Appointments and absences decide who is evaluated (§4): tell the cycles, once the
    change is committed."""
    if isinstance(obj, Appointment):
        bodies = {obj.position.organisation_id}
    elif isinstance(obj, Absence):
        bodies = set(
            Appointment.objects.filter(servant_id=obj.servant_id).values_list(
                "position__organisation_id", flat=True
            )
        )
    else:
        return
    for body in bodies:
        transaction.on_commit(
            lambda body=body: staff_changed.send(
                sender=type(obj), organisation_id=body, actor=actor
            )
        )


@transaction.atomic
def structure_delete(*, obj: models.Model, actor: Any, channel: str = "") -> None:
    """Delete one object; refused (ValidationError) while others still refer to it."""
    before = snapshot(obj)
    kind = obj._meta.model_name
    org_id = organisation_of(obj)
    pk = obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except models.ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in list(exc.protected_objects)[:5]}))
        raise ValidationError(
            _("the %(what)s is still referred to by: %(names)s")
            % {"what": obj._meta.verbose_name, "names": names}
        ) from None
    obj.pk = pk
    audit_record(
        actor=actor,
        channel=channel,
        action=f"{kind}.delete",
        obj=obj,
        organisation_id=org_id,
        before=before,
    )
    _announce_staff_change(obj, actor)


def organisation_create(*, actor: Any, channel: str = "", **fields: Any) -> Organisation:
    return structure_save(obj=Organisation(**fields), actor=actor, channel=channel)
