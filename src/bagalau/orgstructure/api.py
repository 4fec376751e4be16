"""REST endpoints of the organisation structure: bodies, subdivisions, positions, servants,
appointments and absences.

Reads go through the selectors and what `access` lets the caller see: a body, subdivision,
position, servant, appointment or absence the caller may not see answers 404, as if it did
not exist. Writes go through `structure_save` / `structure_delete` (validated, atomic,
audited) once the caller is allowed: an operator, or the HR officers of the body (§5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import PatchDict, Router, Status

from bagalau.orgstructure import schemas as s
from bagalau.orgstructure.access import (
    can_manage_body,
    can_manage_servant,
    hr_body_ids,
    is_operator,
    visible_bodies,
    visible_servants,
)
from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)
from bagalau.orgstructure.selectors import (
    appointment_list,
    appointments_on,
    authorized_person,
    direct_supervisor,
    first_head,
    hr_officers,
    organisation_list,
    position_list,
    servant_list,
    subdivision_list,
    superior_supervisor,
)
from bagalau.orgstructure.services import (
    organisation_create,
    structure_delete,
    structure_save,
)

router = Router(tags=["orgstructure"])


# --- lookups: what the caller may see, else 404; what they may change, else 403 ----------


def _body(user: Any, code: str) -> Organisation:
    body = visible_bodies(user).filter(code=code).first()
    if body is None:
        raise Http404(_("no state body with the code %(code)r") % {"code": code})
    return body


def _visible(qs: QuerySet, pk: int, noun: str) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404(_("no %(what)s with the id %(id)d") % {"what": noun, "id": pk})
    return found


def _subdivision(user: Any, pk: int) -> Subdivision:
    qs = Subdivision.objects.select_related("organisation", "parent")
    return _visible(qs.filter(organisation__in=visible_bodies(user)), pk, "subdivision")


def _position(user: Any, pk: int) -> Position:
    qs = Position.objects.select_related("organisation", "subdivision", "reports_to")
    return _visible(qs.filter(organisation__in=visible_bodies(user)), pk, "position")


def _servant(user: Any, pk: int) -> Servant:
    return _visible(visible_servants(user), pk, "servant")


def _appointment(user: Any, pk: int) -> Appointment:
    qs = Appointment.objects.select_related("servant", "position__organisation").filter(
        position__organisation__in=visible_bodies(user), servant__in=visible_servants(user)
    )
    return _visible(qs, pk, "appointment")


def _absence(user: Any, pk: int) -> Absence:
    qs = Absence.objects.select_related("servant").filter(servant__in=visible_servants(user))
    return _visible(qs, pk, "absence")


def _require_manage(user: Any, organisation_id: int) -> None:
    if not can_manage_body(user, organisation_id):
        raise PermissionDenied(_("only the body's HR officers or an operator may change this"))


def _require_servant_hr(user: Any, servant: Servant) -> None:
    if not can_manage_servant(user, servant):
        raise PermissionDenied(
            _(
                "only an operator or the HR officers of a body where the servant is appointed "
                "may change the servant's record"
            )
        )


def _by_code(model: type[Model], body: Organisation, code: str | None, field: str) -> Any:
    """A subdivision or position of the body named by code in the input; 422 on `field`."""
    if code is None:
        return None
    found = model.objects.filter(organisation=body, code=code).first()
    if found is None:
        raise ValidationError(
            {
                field: _("no %(what)s with the code %(code)r in %(body)s")
                % {"what": model._meta.verbose_name, "code": code, "body": body.code}
            }
        )
    return found


def _assign(obj: Model, fields: dict[str, Any]) -> Model:
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _save(request: HttpRequest, obj: Model) -> Model:
    return structure_save(obj=obj, actor=request.auth)


def _on(date: dt.date | None) -> dt.date:
    return date or timezone.localdate()


# --- state bodies ---------------------------------------------------------------------


@router.get("/organisations", response=list[s.OrganisationOut])
def organisation_list_endpoint(request: HttpRequest):
    """The bodies the caller works in (every body for an operator)."""
    return organisation_list().filter(pk__in=visible_bodies(request.auth))


@router.get("/organisations/{code}", response=s.OrganisationDetailOut)
def organisation_detail(request: HttpRequest, code: str, date: dt.date | None = None):
    """A body with its first head, authorized person and HR officers on the date (today)."""
    body, on = _body(request.auth, code), _on(date)
    return {
        **s.OrganisationOut.from_orm(body).model_dump(),
        "on": on,
        "first_head": first_head(body, on),
        "authorized_person": authorized_person(body, on),
        "hr_officers": list(hr_officers(body, on).order_by("surname", "first_name", "pk")),
    }


@router.post("/organisations", response={201: s.OrganisationOut})
def organisation_create_endpoint(request: HttpRequest, payload: s.OrganisationIn):
    if not is_operator(request.auth):
        raise PermissionDenied(_("only an operator may add a state body"))
    return Status(201, organisation_create(actor=request.auth, **payload.model_dump()))


@router.patch("/organisations/{code}", response=s.OrganisationOut)
def organisation_update(request: HttpRequest, code: str, payload: PatchDict[s.OrganisationPatchIn]):
    body = _body(request.auth, code)
    _require_manage(request.auth, body.pk)
    return _save(request, _assign(body, payload))


# --- subdivisions ---------------------------------------------------------------------


@router.get("/organisations/{code}/subdivisions", response=list[s.SubdivisionOut])
def subdivision_list_endpoint(request: HttpRequest, code: str):
    body = _body(request.auth, code)
    return subdivision_list(body).select_related("organisation")


@router.post("/organisations/{code}/subdivisions", response={201: s.SubdivisionOut})
def subdivision_create(request: HttpRequest, code: str, payload: s.SubdivisionIn):
    body = _body(request.auth, code)
    _require_manage(request.auth, body.pk)
    fields = payload.model_dump()
    fields["parent"] = _by_code(Subdivision, body, fields["parent"], "parent")
    return Status(201, _save(request, Subdivision(organisation=body, **fields)))


@router.get("/subdivisions/{subdivision_id}", response=s.SubdivisionOut)
def subdivision_detail(request: HttpRequest, subdivision_id: int):
    return _subdivision(request.auth, subdivision_id)


@router.patch("/subdivisions/{subdivision_id}", response=s.SubdivisionOut)
def subdivision_update(
    request: HttpRequest, subdivision_id: int, payload: PatchDict[s.SubdivisionIn]
):
    sub = _subdivision(request.auth, subdivision_id)
    _require_manage(request.auth, sub.organisation_id)
    if "parent" in payload:
        payload["parent"] = _by_code(Subdivision, sub.organisation, payload["parent"], "parent")
    return _save(request, _assign(sub, payload))


@router.delete("/subdivisions/{subdivision_id}", response={204: None})
def subdivision_delete(request: HttpRequest, subdivision_id: int):
    sub = _subdivision(request.auth, subdivision_id)
    _require_manage(request.auth, sub.organisation_id)
    structure_delete(obj=sub, actor=request.auth)
    return Status(204, None)


# --- positions ------------------------------------------------------------------------


def _position_refs(body: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    for name, model in (("subdivision", Subdivision), ("reports_to", Position)):
        if name in fields:
            fields[name] = _by_code(model, body, fields[name], name)
    return fields


@router.get("/organisations/{code}/positions", response=list[s.PositionOut])
def position_list_endpoint(request: HttpRequest, code: str):
    body = _body(request.auth, code)
    return position_list(body).select_related("organisation")


@router.post("/organisations/{code}/positions", response={201: s.PositionOut})
def position_create(request: HttpRequest, code: str, payload: s.PositionIn):
    body = _body(request.auth, code)
    _require_manage(request.auth, body.pk)
    fields = _position_refs(body, payload.model_dump())
    return Status(201, _save(request, Position(organisation=body, **fields)))


@router.get("/positions/{position_id}", response=s.PositionOut)
def position_detail(request: HttpRequest, position_id: int):
    return _position(request.auth, position_id)


@router.patch("/positions/{position_id}", response=s.PositionOut)
def position_update(request: HttpRequest, position_id: int, payload: PatchDict[s.PositionIn]):
    position = _position(request.auth, position_id)
    _require_manage(request.auth, position.organisation_id)
    return _save(request, _assign(position, _position_refs(position.organisation, payload)))


@router.delete("/positions/{position_id}", response={204: None})
def position_delete(request: HttpRequest, position_id: int):
    position = _position(request.auth, position_id)
    _require_manage(request.auth, position.organisation_id)
    structure_delete(obj=position, actor=request.auth)
    return Status(204, None)


# --- servants -------------------------------------------------------------------------


@router.get("/organisations/{code}/servants", response=list[s.ServantInBodyOut])
def servant_list_endpoint(request: HttpRequest, code: str):
    """The body's servants the caller may see: all for HR and operators, a supervisor's
    own and subordinates' records, a servant's own."""
    body = _body(request.auth, code)
    here = appointments_on(timezone.localdate()).filter(position__organisation=body)
    return (
        servant_list(body)
        .filter(pk__in=visible_servants(request.auth))
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=here.select_related("position").order_by("position__code"),
                to_attr="current_here",
            )
        )
    )


@router.get("/servants/{servant_id}", response=s.ServantOut)
def servant_detail(request: HttpRequest, servant_id: int):
    return _servant(request.auth, servant_id)


@router.get("/servants/{servant_id}/supervisors", response=s.SupervisorsOut)
def servant_supervisors(request: HttpRequest, servant_id: int, date: dt.date | None = None):
    """The direct and superior supervisors (§2) on the date (today), from the structure."""
    servant, on = _servant(request.auth, servant_id), _on(date)
    return {
        "on": on,
        "direct_supervisor": direct_supervisor(servant, on),
        "superior_supervisor": superior_supervisor(servant, on),
    }


@router.post("/servants", response={201: s.ServantOut})
def servant_create(request: HttpRequest, payload: s.ServantIn):
    if not (is_operator(request.auth) or hr_body_ids(request.auth)):
        raise PermissionDenied(_("only HR officers or an operator may add a servant"))
    return Status(201, _save(request, Servant(**payload.model_dump())))


@router.patch("/servants/{servant_id}", response=s.ServantOut)
def servant_update(request: HttpRequest, servant_id: int, payload: PatchDict[s.ServantIn]):
    servant = _servant(request.auth, servant_id)
    _require_servant_hr(request.auth, servant)
    return _save(request, _assign(servant, payload))


# --- appointments ---------------------------------------------------------------------


def _appointee(user: Any, servant_id: int | None, iin: str | None) -> Servant:
    """The servant to appoint, by IIN (the HR officer holds the person's papers) or by id.

    By id, a servant the caller can see, or one not yet appointed anywhere (just added
    with POST /servants, which no body's HR can see until appointed).
    """
    if (servant_id is None) == (iin is None):
        raise ValidationError({"servant_id": _("give either the servant's id or their IIN")})
    if iin is not None:
        found = Servant.objects.filter(iin=iin).first()
        if found is None:
            raise ValidationError(
                {"iin": _("no servant with the IIN %(iin)s; add them first") % {"iin": iin}}
            )
        return found
    unplaced = ~Q(pk__in=Appointment.objects.values("servant_id"))
    found = Servant.objects.filter(Q(pk__in=visible_servants(user)) | unplaced, pk=servant_id)
    if (servant := found.first()) is None:
        raise ValidationError(
            {"servant_id": _("no servant with the id %(id)d") % {"id": servant_id}}
        )
    return servant


def _appointments(qs: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return qs.select_related("servant", "position__organisation")


@router.get("/organisations/{code}/appointments", response=list[s.AppointmentOut])
def appointment_list_endpoint(request: HttpRequest, code: str):
    """The body's appointments, past and present, of the servants the caller may see."""
    body = _body(request.auth, code)
    visible = visible_servants(request.auth)
    return _appointments(appointment_list(body).filter(servant__in=visible))


@router.post("/organisations/{code}/appointments", response={201: s.AppointmentOut})
def appointment_create(request: HttpRequest, code: str, payload: s.AppointmentIn):
    body = _body(request.auth, code)
    _require_manage(request.auth, body.pk)
    fields = payload.model_dump()
    servant = _appointee(request.auth, fields.pop("servant_id"), fields.pop("iin"))
    fields["position"] = _by_code(Position, body, fields["position"], "position")
    return Status(201, _save(request, Appointment(servant=servant, **fields)))


@router.patch("/appointments/{appointment_id}", response=s.AppointmentOut)
def appointment_update(
    request: HttpRequest, appointment_id: int, payload: PatchDict[s.AppointmentPatchIn]
):
    appointment = _appointment(request.auth, appointment_id)
    body = appointment.position.organisation
    _require_manage(request.auth, body.pk)
    if "position" in payload:
        payload["position"] = _by_code(Position, body, payload["position"], "position")
    return _save(request, _assign(appointment, payload))


@router.delete("/appointments/{appointment_id}", response={204: None})
def appointment_delete(request: HttpRequest, appointment_id: int):
    appointment = _appointment(request.auth, appointment_id)
    _require_manage(request.auth, appointment.position.organisation_id)
    structure_delete(obj=appointment, actor=request.auth)
    return Status(204, None)


# --- absences -------------------------------------------------------------------------


@router.get("/servants/{servant_id}/absences", response=list[s.AbsenceOut])
def absence_list_endpoint(request: HttpRequest, servant_id: int):
    servant = _servant(request.auth, servant_id)
    return Absence.objects.filter(servant=servant).order_by("-date_from", "kind")


@router.post("/servants/{servant_id}/absences", response={201: s.AbsenceOut})
def absence_create(request: HttpRequest, servant_id: int, payload: s.AbsenceIn):
    servant = _servant(request.auth, servant_id)
    _require_servant_hr(request.auth, servant)
    return Status(201, _save(request, Absence(servant=servant, **payload.model_dump())))


@router.patch("/absences/{absence_id}", response=s.AbsenceOut)
def absence_update(request: HttpRequest, absence_id: int, payload: PatchDict[s.AbsenceIn]):
    absence = _absence(request.auth, absence_id)
    _require_servant_hr(request.auth, absence.servant)
    return _save(request, _assign(absence, payload))


@router.delete("/absences/{absence_id}", response={204: None})
def absence_delete(request: HttpRequest, absence_id: int):
    absence = _absence(request.auth, absence_id)
    _require_servant_hr(request.auth, absence.servant)
    structure_delete(obj=absence, actor=request.auth)
    return Status(204, None)
