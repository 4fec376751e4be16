import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from bagalau.demo.services import demo_setup
from bagalau.demo.staff import DEMO_USERS
from bagalau.orgstructure.models import Absence, Appointment, Position, Servant
from bagalau.orgstructure.selectors import direct_supervisor, hr_officers

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 24)


def test_demo_creates_the_body_with_every_exclusion_case_and_one_login_per_role() -> None:
    org, logins = demo_setup()
    assert org.code == "demo"
    assert 35 <= Servant.objects.count() <= 45
    # §4: probation, under 3 months, leave at evaluation time, social leave.
    assert Appointment.objects.filter(position__organisation=org, probation_end__gt=ON).exists()
    assert Appointment.objects.filter(
        position__organisation=org, date_from__gt=dt.date(2026, 10, 1)
    ).exists()
    assert set(Absence.objects.values_list("kind", flat=True)) >= {"annual_leave", "social_leave"}
    # Annex 3 footnote: positions without public services.
    assert Position.objects.filter(
        organisation=org, provides_public_services=False, category__startswith="E-"
    ).exists()
    assert {login.username for login in logins} == {"admin"} | {u for u, _p, _r in DEMO_USERS}
    servant = Servant.objects.get(user__username="servant")
    assert direct_supervisor(servant, ON) == Servant.objects.get(user__username="supervisor")
    assert Servant.objects.get(user__username="hr") in hr_officers(org, ON)


def test_running_the_demo_again_keeps_existing_data() -> None:
    demo_setup()
    user = get_user_model().objects.get(username="hr")
    user.set_password("changed-by-the-user-1")
    user.save()
    servants = Servant.objects.count()
    _org, logins = demo_setup()
    assert Servant.objects.count() == servants
    assert next(login for login in logins if login.username == "hr").password is None
    assert get_user_model().objects.get(username="hr").check_password("changed-by-the-user-1")


def test_the_demo_command_prints_the_logins_and_methodologies_are_listed() -> None:
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert "bagalau-demo" in out.getvalue()
    assert "supervisor" in out.getvalue()
    # the 2025 commission's meetings and what followed them; 2026 has none yet
    lines = out.getvalue().splitlines()
    meetings = [line for line in lines if line.startswith("  commission meeting 2026-")]
    assert len(meetings) == 2
    assert "approved on 2026-" in meetings[0]
    assert "protocol № 1" in meetings[0]
    assert "2 revised" in meetings[0]
    assert "1 by the chair's casting vote" in meetings[0]
    assert "recusal" in meetings[0]
    [results] = [line for line in lines if line.startswith("  results: acquaintance")]
    assert "1 refused (1 act of refusal); appeals 1 upheld" in results
    assert "  commission: no meeting yet" in lines
    listing = io.StringIO()
    call_command("methodology", "list", "--json", stdout=listing)
    versions = {v["code"]: v for v in json.loads(listing.getvalue())}
    assert {"arys-714", "nchr-1", "kentau-131", "tayynsha-85", "zhanaozen-8-76", "demo-1"} <= set(
        versions
    )
    assert versions["kentau-131"]["act_number"] == "131"
    assert versions["kentau-131"]["act_date"] == "2022-03-30"
    assert versions["kentau-131"]["parent"] == "kentau-161"
    assert [g["code"] for g in versions["kentau-131"]["parameters"]["category_groups"]] == [
        "managers",
        "specialists",
    ]
