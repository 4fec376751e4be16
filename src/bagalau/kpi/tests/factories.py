"""A body evaluated under one of the shipped acts, with its people, for KPI-track tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_organisation,
    make_position,
    make_servant,
    make_subdivision,
    make_user,
)

# act → (category of HR and specialists, category of a subdivision head)
CATEGORIES = {
    "arys-714": ("E-4", "E-3"),
    "nchr-1": ("C-4", "C-3"),
    "tayynsha-85": ("E-4", "E-3"),
    "kentau-131": ("E-4", "E-3"),
    "zhanaozen-8-76": ("E-4", "E-2"),
}


def make_body_under(act: str = "arys-714", *, since: dt.date = dt.date(2020, 1, 1)) -> dict:
    """head (first head, outside the "B" corps) → HR officer; head → department head →
    specialists spec1, spec2. The body adopts the shipped act `act` from `since`."""
    if not MethodologyVersion.objects.filter(code=act).exists():
        methodology_load_shipped()
    base = MethodologyVersion.objects.get(code=act)
    org = make_organisation()
    MethodologyVersion.objects.create(
        code=f"{org.code}-{act}",
        organisation=org,
        kind="adopted",
        parent=base,
        act_issuer_kk=base.act_issuer_kk,
        act_title_kk=base.act_title_kk,
        act_number=base.act_number,
        act_date=since,
        effective_from=since,
    )
    specialist, head_category = CATEGORIES[act]
    hr_dept = make_subdivision(org, code="HR", is_personnel_service=True)
    dept = make_subdivision(org, code="D1")
    head_pos = make_position(org, code="HEAD", category="")
    positions = {
        "head": head_pos,
        "hr": make_position(
            org, code="HR1", category=specialist, subdivision=hr_dept, reports_to=head_pos
        ),
    }
    positions["chief"] = make_position(
        org,
        code="D1-HEAD",
        category=head_category,
        heads_subdivision=True,
        subdivision=dept,
        reports_to=head_pos,
    )
    for name in ("spec1", "spec2"):
        positions[name] = make_position(
            org,
            code=f"D1-{name}",
            category=specialist,
            subdivision=dept,
            reports_to=positions["chief"],
        )
    people: dict[str, Any] = {"org": org}
    for role, position in positions.items():
        servant = make_servant(user=make_user(f"{org.code}-{role}"))
        make_appointment(servant, position, date_from=since)
        people[role] = servant
        people[f"{role}_position"] = position
    return people


def kpi_items(start: dt.date, end: dt.date, count: int = 5) -> list[dict[str, Any]]:
    """`count` complete, distinct KPIs inside [start, end] (§13)."""
    return [
        {
            "name": f"Өтініштерді қарау мерзімін қысқарту {n}",
            "source": "strategic_plan",
            "source_reference": f"Стратегиялық жоспар, {n}-мақсат",
            "unit": "%",
            "planned_value": 90 + n,
            "achievement": "at_least",
            "deadline": end.isoformat(),
            "key_result": "Қызмет алушылардың қанағаттануы артады",
        }
        for n in range(1, count + 1)
    ]
