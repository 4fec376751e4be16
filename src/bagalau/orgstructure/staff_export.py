"""`export-staff`: a body's structure and staff in the import columns (see staff_files)."""

from __future__ import annotations

from collections import defaultdict

from bagalau.orgstructure.models import Absence, Appointment, Organisation, Position, Subdivision


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _date(value) -> str:
    return value.isoformat() if value else ""


def staff_rows(organisation: Organisation) -> list[dict[str, str]]:
    """Rows that `import-staff` reads back to the same data.

    Five queries whatever the body's size: subdivisions, positions, appointments with
    their servants, absences.
    """
    subdivisions = {
        s.pk: s
        for s in Subdivision.objects.filter(organisation=organisation)
        .select_related("parent")
        .order_by("code")
    }
    positions = list(
        Position.objects.filter(organisation=organisation)
        .select_related("reports_to")
        .order_by("code")
    )
    appointments: dict[int, list[Appointment]] = defaultdict(list)
    latest: dict[int, Appointment] = {}
    for a in (
        Appointment.objects.filter(position__organisation=organisation)
        .select_related("servant")
        .order_by("date_from", "pk")
    ):
        appointments[a.position_id].append(a)
        latest[a.servant_id] = a
    absences: dict[int, list[Absence]] = defaultdict(list)
    for absence in Absence.objects.filter(servant_id__in=list(latest)).order_by(
        "date_from", "kind"
    ):
        absences[absence.servant_id].append(absence)

    def subdivision_cells(sub: Subdivision | None) -> dict[str, str]:
        if sub is None:
            return {
                "subdivision_code": "",
                "subdivision_name_kk": "",
                "subdivision_name_ru": "",
                "parent_subdivision_code": "",
                "personnel_service": "",
            }
        return {
            "subdivision_code": sub.code,
            "subdivision_name_kk": sub.name_kk,
            "subdivision_name_ru": sub.name_ru,
            "parent_subdivision_code": sub.parent.code if sub.parent else "",
            "personnel_service": _yes(sub.is_personnel_service),
        }

    rows: list[dict[str, str]] = []
    used_subdivisions = {p.subdivision_id for p in positions}
    for sub in subdivisions.values():
        if sub.pk not in used_subdivisions:
            rows.append(subdivision_cells(sub))
    for position in positions:
        base = {
            **subdivision_cells(subdivisions.get(position.subdivision_id)),
            "position_code": position.code,
            "position_title_kk": position.title_kk,
            "position_title_ru": position.title_ru,
            "category": position.category,
            "heads_subdivision": _yes(position.heads_subdivision),
            "public_services": _yes(position.provides_public_services),
            "reports_to": position.reports_to.code if position.reports_to else "",
            "hr_duties": _yes(position.hr_duties),
            "authorized_person": _yes(position.is_authorized_person),
        }
        if not appointments[position.pk]:
            rows.append(base)
            continue
        for a in appointments[position.pk]:
            row = {
                **base,
                "iin": a.servant.iin,
                "surname": a.servant.surname,
                "first_name": a.servant.first_name,
                "patronymic": a.servant.patronymic,
                "appointed_from": _date(a.date_from),
                "appointed_to": _date(a.date_to),
                "probation_end": _date(a.probation_end),
            }
            # A servant's absences ride on the rows of their latest appointment here.
            listed = absences[a.servant_id] if latest[a.servant_id] is a else []
            if not listed:
                rows.append(row)
            for absence in listed:
                rows.append(
                    {
                        **row,
                        "absence_kind": absence.kind,
                        "absence_from": _date(absence.date_from),
                        "absence_to": _date(absence.date_to),
                    }
                )
    return rows
