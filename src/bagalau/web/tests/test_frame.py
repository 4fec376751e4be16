"""The frame every page shares: signing in (with the demo's logins listed where the demo
body exists), signing out, the password, the language switch, the inbox, a case at a
glance, the calendar and the forms' downloads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bagalau.commission.tests.factories import make_commission_body
from bagalau.demo.services import DEMO_CODE
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.services import work_plan_save_kpis
from bagalau.kpi.tests.factories import kpi_items
from bagalau.orgstructure.tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return make_commission_body()


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_sign_in_lists_the_demo_logins_only_where_the_demo_body_exists(client):
    make_user("hr")
    assert b"Demo logins" not in client.get(reverse("web:login")).content
    make_organisation(code=DEMO_CODE)
    page = client.get(reverse("web:login")).content.decode()
    assert "Demo logins" in page
    assert "<code>hr</code>" in page
    assert "bagalau-demo" in page


def test_sign_in_then_out(client):
    user = make_user("ainur")
    user.set_password("a-long-secret-1")
    user.save()
    wrong = client.post(reverse("web:login"), {"username": "ainur", "password": "nope"})
    assert wrong.status_code == 200
    assert "correct username and password" in wrong.content.decode()
    response = client.post(
        reverse("web:login"), {"username": "ainur", "password": "a-long-secret-1"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("web:logout"))
    assert client.get("/").status_code == 302


def test_change_password(client):
    user = make_user("ainur")
    user.set_password("a-long-secret-1")
    user.save()
    client.force_login(user)
    short = client.post(
        reverse("web:password_change"),
        {"old_password": "a-long-secret-1", "new_password1": "x", "new_password2": "x"},
    )
    assert "too short" in short.content.decode()
    done = client.post(
        reverse("web:password_change"),
        {
            "old_password": "a-long-secret-1",
            "new_password1": "another-secret-2",
            "new_password2": "another-secret-2",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-secret-2")


@pytest.mark.parametrize(("language", "word"), [("kk", "Кіріс"), ("ru", "Входящие")])
def test_language_switch_changes_the_page_and_its_lang(client, settings, language, word):
    settings.LANGUAGE_CODE = "kk"
    client.force_login(make_user("ainur"))
    response = client.post(
        reverse("web:set_language"), {"language": language, "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert word in page


def test_inbox_lists_what_waits_with_a_link_to_act(client, body):
    cycle, _report = cycle_open(organisation=body["org"], year=2026, actor=body["hr"].user)
    case = cycle.cases.get(servant=body["spec1"])
    client.force_login(body["chief"].user)  # the direct supervisor of spec1 and spec2
    page = client.get("/").content.decode()
    assert "Work plan: draw up and submit" in page
    assert body["spec1"].short_name in page
    assert reverse("web:work_plan", args=[case.pk]) in page


def test_the_menu_follows_the_roles(client, body):
    client.force_login(body["spec1"].user)
    servant_page = client.get("/").content.decode()
    assert "My evaluation" in servant_page
    assert reverse("web:calendar") in servant_page
    client.force_login(body["hr"].user)
    hr_page = client.get("/").content.decode()
    assert "My evaluation" in hr_page  # HR is a servant too


def test_case_page_shows_the_documents_and_hides_other_servants_cases(client, body):
    case = body["cycle"].cases.get(servant=body["spec1"])
    work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, case.cycle.period_end),
        actor=body["chief"].user,
    )
    client.force_login(body["spec1"].user)
    page = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert body["spec1"].full_name in page
    assert "Work plan" in page
    assert "draft" in page
    client.force_login(body["spec2"].user)
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 404


def test_own_evaluations_list_has_a_fixed_number_of_queries(client, body):
    client.force_login(body["spec1"].user)
    url = reverse("web:my_cases")
    client.get(url)
    from django.db import connection

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    cycle_open(organisation=body["org"], year=2024, actor=body["hr"].user)
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert "2024" in page
    assert "2025" in page
    assert len(two) == len(one)


def test_calendar_names_the_days_off(client):
    client.force_login(make_user("ainur"))
    page = client.get(reverse("web:calendar_year", args=[2026])).content.decode()
    assert "2026" in page
    assert "Наурыз" in page  # the spring holiday, named in Kazakh by default
    assert client.get(reverse("web:calendar_year", args=[1900])).status_code == 404


def test_a_form_downloads_as_pdf_and_docx_for_who_may_read_it(client, body):
    case = body["cycle"].cases.get(servant=body["spec1"])
    plan = work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, case.cycle.period_end),
        actor=body["chief"].user,
    )
    client.force_login(body["spec1"].user)
    pdf = client.get(reverse("web:document", args=["work-plan", plan.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("web:document", args=["work-plan", plan.pk, "docx"]) + "?lang=ru")
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")
    assert (
        client.get(reverse("web:document", args=["work-plan", plan.pk, "odt"])).status_code == 404
    )
    client.force_login(body["spec2"].user)
    assert (
        client.get(reverse("web:document", args=["work-plan", plan.pk, "pdf"])).status_code == 404
    )


def test_production_configuration_passes_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q!" * 10,
        "ALLOWED_HOSTS": "bagalau.example.kz",
        "BAGALAU_DATA_DIR": str(tmp_path),
    }
    env.pop("HTTPS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' process only
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "bagalau.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_security_headers(client):
    client.force_login(make_user("ainur"))
    response = client.get(reverse("web:calendar"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
