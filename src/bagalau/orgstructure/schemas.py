"""Input and output shapes of the organisation structure API.

Inputs name related objects by code within the body (a subdivision's parent, a position's
subdivision and the position it reports to); outputs give the code and the id.
"""

import datetime as dt

from ninja import Schema

from bagalau.orgstructure.models import (
    AbsenceKind,
    Appointment,
    OrganisationKind,
    Position,
    Servant,
    Subdivision,
)


class OfficialOut(Schema):
    """A servant named as an official (first head, supervisor, HR officer)."""

    id: int
    iin: str
    full_name: str


class OrganisationOut(Schema):
    id: int
    code: str
    name_kk: str
    name_ru: str
    kind: OrganisationKind


class OrganisationDetailOut(OrganisationOut):
    """A body with its officials derived from the structure on `on` (§5, §11)."""

    on: dt.date
    first_head: OfficialOut | None
    authorized_person: OfficialOut | None
    hr_officers: list[OfficialOut]


class OrganisationIn(Schema):
    code: str
    name_kk: str
    name_ru: str
    kind: OrganisationKind = OrganisationKind.OTHER


class OrganisationPatchIn(Schema):
    """The code is the body's key in URLs and files; it is not changed here."""

    name_kk: str
    name_ru: str
    kind: OrganisationKind


class SubdivisionOut(Schema):
    id: int
    organisation: str
    code: str
    name_kk: str
    name_ru: str
    parent: str | None
    parent_id: int | None
    is_personnel_service: bool

    @staticmethod
    def resolve_organisation(obj: Subdivision) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_parent(obj: Subdivision) -> str | None:
        return obj.parent.code if obj.parent_id else None


class SubdivisionIn(Schema):
    code: str
    name_kk: str
    name_ru: str
    parent: str | None = None
    is_personnel_service: bool = False


class PositionOut(Schema):
    id: int
    organisation: str
    code: str
    title_kk: str
    title_ru: str
    subdivision: str | None
    subdivision_id: int | None
    category: str
    heads_subdivision: bool
    provides_public_services: bool
    reports_to: str | None
    reports_to_id: int | None
    hr_duties: bool
    is_authorized_person: bool

    @staticmethod
    def resolve_organisation(obj: Position) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_subdivision(obj: Position) -> str | None:
        return obj.subdivision.code if obj.subdivision_id else None

    @staticmethod
    def resolve_reports_to(obj: Position) -> str | None:
        return obj.reports_to.code if obj.reports_to_id else None


class PositionIn(Schema):
    code: str
    title_kk: str
    title_ru: str
    subdivision: str | None = None
    category: str = ""
    heads_subdivision: bool = False
    provides_public_services: bool = True
    reports_to: str | None = None
    hr_duties: bool = False
    is_authorized_person: bool = False


class ServantOut(Schema):
    id: int
    iin: str
    surname: str
    first_name: str
    patronymic: str
    full_name: str
    user_id: int | None


class ServantInBodyOut(ServantOut):
    """A servant in a body's staff list, with the positions they hold there today."""

    positions: list[str]

    @staticmethod
    def resolve_positions(obj: Servant) -> list[str]:
        return [a.position.code for a in getattr(obj, "current_here", [])]


class ServantIn(Schema):
    iin: str
    surname: str
    first_name: str
    patronymic: str = ""


class SupervisorsOut(Schema):
    """Тікелей басшы and жоғары тұрған басшы (§2), derived from the reporting lines."""

    on: dt.date
    direct_supervisor: OfficialOut | None
    superior_supervisor: OfficialOut | None


class AppointmentOut(Schema):
    id: int
    servant: OfficialOut
    organisation: str
    position: str
    position_id: int
    date_from: dt.date
    date_to: dt.date | None
    probation_end: dt.date | None

    @staticmethod
    def resolve_organisation(obj: Appointment) -> str:
        return obj.position.organisation.code

    @staticmethod
    def resolve_position(obj: Appointment) -> str:
        return obj.position.code


class AppointmentIn(Schema):
    """The servant by id or by IIN (exactly one); the position by its code in the body."""

    servant_id: int | None = None
    iin: str | None = None
    position: str
    date_from: dt.date
    date_to: dt.date | None = None
    probation_end: dt.date | None = None


class AppointmentPatchIn(Schema):
    position: str
    date_from: dt.date
    date_to: dt.date | None = None
    probation_end: dt.date | None = None


class AbsenceOut(Schema):
    id: int
    servant_id: int
    kind: AbsenceKind
    date_from: dt.date
    date_to: dt.date


class AbsenceIn(Schema):
    kind: AbsenceKind
    date_from: dt.date
    date_to: dt.date
