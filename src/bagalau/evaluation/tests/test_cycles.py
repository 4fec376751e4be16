"""Opening a cycle, eligibility on real data, the re-check, the console."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.tests.factories import make_body_under
from bagalau.orgstructure.models import Absence
from bagalau.orgstructure.services import structure_save
from bagalau.orgstructure.tests.factories import (
    make_absence,
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

pytestmark = pytest.mark.django_db
D = dt.date


def case(cycle, servant) -> EvaluationCase:
    return EvaluationCase.objects.get(cycle=cycle, servant=servant)


def test_hr_opens_a_cycle_with_the_version_in_force_and_a_case_per_servant() -> None:
    body = make_body_under("nchr-1")
    cycle, report = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    assert (cycle.period_start, cycle.period_end, cycle.evaluation_date) == (
        D(2025, 1, 1),
        D(2025, 12, 31),
        D(2025, 12, 31),
    )
    assert cycle.methodology_version.code == f"{body['org'].code}-nchr-1"
    assert report.created == 4
    assert set(cycle.cases.values_list("servant", flat=True)) == {
        body[r].pk for r in ("hr", "chief", "spec1", "spec2")
    }
    assert AuditEvent.objects.filter(action="evaluation_cycle.open").count() == 1
    assert AuditEvent.objects.filter(action="evaluation_case.create").count() == 4


def test_only_the_bodys_hr_opens_its_cycle_and_only_once() -> None:
    body, other = make_body_under(), make_body_under()
    for user in (body["spec1"].user, other["hr"].user, make_user()):
        with pytest.raises(PermissionDenied):
            cycle_open(organisation=body["org"], year=2025, actor=user)
    assert not EvaluationCycle.objects.exists()
    cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    with pytest.raises(ValidationError, match="already open"):
        cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)


def test_a_year_without_a_methodology_in_force_is_refused() -> None:
    body = make_body_under(since=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="no methodology version"):
        cycle_open(organisation=body["org"], year=2022, actor=body["hr"].user)
    assert not EvaluationCycle.objects.exists()


def test_each_exclusion_and_deferral_on_real_data() -> None:  # §4
    body = make_body_under()
    org = body["org"]
    probation = make_servant()
    make_appointment(
        probation,
        make_position(org, code="P-PROB", category="E-4", reports_to=body["chief_position"]),
        date_from=D(2025, 9, 1),
        probation_end=D(2026, 2, 28),
    )
    newcomer = make_servant()
    make_appointment(
        newcomer,
        make_position(org, code="P-NEW", category="E-4", reports_to=body["chief_position"]),
        date_from=D(2025, 11, 3),
    )
    make_absence(
        body["spec2"], kind="social_leave", date_from=D(2024, 2, 1), date_to=D(2025, 11, 9)
    )
    make_absence(body["hr"], kind="sick_leave", date_from=D(2025, 12, 29), date_to=D(2026, 1, 6))
    cycle, _ = cycle_open(organisation=org, year=2025, actor=body["hr"].user)
    got = {
        s: (c.eligibility, c.reason, c.deferred_due)
        for s, c in ((s, case(cycle, s)) for s in (probation, newcomer, body["spec2"], body["hr"]))
    }
    assert got[probation] == ("excluded", "probation", None)
    assert got[newcomer] == ("excluded", "short_tenure", None)
    assert got[body["spec2"]] == ("excluded", "short_since_social_leave", None)
    # back on 7 Jan 2026, a holiday: 5 working days after 6 Jan are 8, 9, 12, 13, 14 Jan
    assert got[body["hr"]] == ("deferred", "absent", D(2026, 1, 14))
    assert case(cycle, body["spec1"]).eligibility == "included"


def test_eligibility_is_rechecked_when_an_absence_is_recorded(
    django_capture_on_commit_callbacks,
) -> None:
    body = make_body_under()
    cycle, _ = cycle_open(
        organisation=body["org"],
        year=2026,
        actor=body["hr"].user,
        evaluation_date=dt.date.today() + dt.timedelta(days=30),
    )
    assert case(cycle, body["spec1"]).eligibility == "included"
    on = cycle.evaluation_date
    absence = Absence(
        servant=body["spec1"],
        kind="business_trip",
        date_from=on - dt.timedelta(3),
        date_to=on + dt.timedelta(3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        structure_save(obj=absence, actor=body["hr"].user, channel="api")
    rechecked = case(cycle, body["spec1"])
    assert (rechecked.eligibility, rechecked.absence_kind) == ("deferred", "business_trip")
    event = AuditEvent.objects.get(action="evaluation_case.recheck")
    assert (event.before["eligibility"], event.after["eligibility"]) == ("included", "deferred")


def test_opening_takes_the_same_number_of_queries_for_3_or_30_servants() -> None:
    counts = []
    for size in (3, 30):
        body = make_body_under()
        for n in range(size - 2):
            make_appointment(
                make_servant(),
                make_position(
                    body["org"], code=f"X{n}", category="E-4", reports_to=body["chief_position"]
                ),
            )
        with CaptureQueriesContext(connection) as queries:
            cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def run(*args: str) -> str:
    out = StringIO()
    call_command("cycle", *args, stdout=out)
    return out.getvalue()


def test_the_console_opens_lists_and_shows_cycles() -> None:
    body = make_body_under()
    make_absence(
        body["spec2"], kind="annual_leave", date_from=D(2025, 12, 20), date_to=D(2026, 1, 5)
    )
    assert "5 cases" not in run("open", "--org", body["org"].code, "--year", "2025")
    listing = json.loads(run("list", "--org", body["org"].code, "--json"))
    assert listing[0]["cases"] == 4
    assert listing[0]["eligibility"] == {"included": 3, "deferred": 1}
    shown = json.loads(run("show", str(listing[0]["id"]), "--json"))
    spec2 = next(c for c in shown["cases"] if c["iin"] == body["spec2"].iin)
    assert (spec2["eligibility"], spec2["reason"], spec2["paragraph"]) == (
        "deferred",
        "absent",
        "§4",
    )
    assert spec2["deferred_due"] == "2026-01-13"
    text = run("show", str(listing[0]["id"]))
    assert body["spec2"].iin in text
    assert "absent when the evaluation takes place" in text
