"""Test factories: each returns a saved object with sane defaults; override any field."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth import get_user_model

from bagalau.methodology.models import MethodologyVersion
from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)
from bagalau.orgstructure.rules import iin_check_digit

_seq = itertools.count(1)

ARYS_LIKE_PARAMETERS: dict[str, Any] = {
    "kpi_count": 5,
    "kpi_rating_scale": [[5, "excellent"], [4, "effective"], [3, "satisfactory"]],
    "competency_threshold": "3/4",
    "max_indicators_per_competency": 10,
    "min_tenure_months": 3,
    "deadlines_working_days": {
        "work_plan": 10,
        "work_plan_rework": 2,
        "kpi_sheet_rework": 2,
        "kpi_sheet_to_commission": 2,
        "competency_sheet_to_commission": 2,
        "schedule_notice": 7,
        "acquaintance": 2,
        "appeal": 10,
        "after_return": 5,
    },
    "commission_min_members": 5,
    "commission_quorum": "2/3",
    "appeal_body": "civil_service_agency",
    "retention_years": 3,
    "hr_working_body_kk": "персоналды басқару қызметі",
    "hr_working_body_ru": "служба управления персоналом",
    "category_groups": [
        {
            "code": "managers",
            "name_kk": "басшылар",
            "name_ru": "руководители",
            "categories": [
                {"code": "E-2", "heads_subdivision": None},
                {"code": "E-3", "heads_subdivision": True},
            ],
        },
        {
            "code": "specialists",
            "name_kk": "мамандар",
            "name_ru": "специалисты",
            "categories": [
                {"code": "E-3", "heads_subdivision": False},
                {"code": "E-4", "heads_subdivision": None},
                {"code": "E-5", "heads_subdivision": None},
            ],
        },
    ],
}


def make_iin(birth: dt.date = dt.date(1990, 5, 17), male: bool = True) -> str:
    """A valid IIN, unique per call (serial from a counter)."""
    century = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (0 if male else 1)
    while True:
        first = f"{birth:%y%m%d}{century}{next(_seq) % 10000:04d}"
        check = iin_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def make_organisation(**overrides: Any) -> Organisation:
    n = next(_seq)
    fields = {
        "code": f"body-{n}",
        "name_kk": f"Орган {n}",
        "name_ru": f"Орган {n}",
        "kind": "akimat_apparatus",
        **overrides,
    }
    return Organisation.objects.create(**fields)


def make_methodology(organisation: Organisation | None, **overrides: Any) -> MethodologyVersion:
    n = next(_seq)
    fields = {
        "code": f"method-{n}",
        "organisation": organisation,
        "kind": "full",
        "act_issuer_kk": "әкімдік",
        "act_title_kk": "Әдістеме",
        "act_number": str(n),
        "act_date": dt.date(2020, 1, 1),
        "effective_from": dt.date(2020, 1, 1),
        "parameters": ARYS_LIKE_PARAMETERS,
        **overrides,
    }
    return MethodologyVersion.objects.create(**fields)


def make_subdivision(organisation: Organisation, **overrides: Any) -> Subdivision:
    n = next(_seq)
    fields = {"code": f"S{n}", "name_kk": f"Бөлім {n}", "name_ru": f"Отдел {n}", **overrides}
    return Subdivision.objects.create(organisation=organisation, **fields)


def make_position(organisation: Organisation, **overrides: Any) -> Position:
    n = next(_seq)
    fields = {
        "code": f"P{n}",
        "title_kk": f"Маман {n}",
        "title_ru": f"Специалист {n}",
        "category": "E-4",
        **overrides,
    }
    return Position.objects.create(organisation=organisation, **fields)


def make_servant(**overrides: Any) -> Servant:
    n = next(_seq)
    fields = {
        "iin": make_iin(),
        "surname": f"Асанов{n}",
        "first_name": "Ерлан",
        "patronymic": "Серікұлы",
        **overrides,
    }
    return Servant.objects.create(**fields)


def make_appointment(servant: Servant, position: Position, **overrides: Any) -> Appointment:
    fields = {"date_from": dt.date(2020, 1, 1), **overrides}
    return Appointment.objects.create(servant=servant, position=position, **fields)


def make_absence(servant: Servant, **overrides: Any) -> Absence:
    fields = {
        "kind": "annual_leave",
        "date_from": dt.date(2026, 7, 1),
        "date_to": dt.date(2026, 7, 24),
        **overrides,
    }
    return Absence.objects.create(servant=servant, **fields)


def make_user(username: str | None = None, **overrides: Any):
    return get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password="pw-For-tests-1", **overrides
    )


def make_staffed_body(**overrides: Any) -> dict[str, Any]:
    """A small body: head → HR officer, head → department head → two specialists.

    Every holder has a user account. Returns the objects by role name.
    """
    org = make_organisation(**overrides)
    make_methodology(org)
    hr_dept = make_subdivision(org, code="HR", is_personnel_service=True)
    dept = make_subdivision(org, code="D1")
    head_pos = make_position(org, code="HEAD", category="E-2")
    hr_pos = make_position(
        org, code="HR1", category="E-4", subdivision=hr_dept, reports_to=head_pos
    )
    chief_pos = make_position(
        org,
        code="D1-HEAD",
        category="E-3",
        heads_subdivision=True,
        subdivision=dept,
        reports_to=head_pos,
    )
    spec_pos = [
        make_position(org, code=f"D1-{i}", category="E-4", subdivision=dept, reports_to=chief_pos)
        for i in (1, 2)
    ]
    people: dict[str, Any] = {"org": org}
    for role, position in [
        ("head", head_pos),
        ("hr", hr_pos),
        ("chief", chief_pos),
        ("spec1", spec_pos[0]),
        ("spec2", spec_pos[1]),
    ]:
        servant = make_servant(user=make_user(f"{org.code}-{role}"))
        make_appointment(servant, position)
        people[role] = servant
        people[f"{role}_position"] = position
    return people
