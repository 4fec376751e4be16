"""The HR officer's pages: cycles (§4), the basis of HR decisions (§7), a cycle's documents
as a ZIP, the staff import with its progress and row-by-row report, a case's audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.tests.factories import make_body_under
from bagalau.orgstructure.models import Servant, Subdivision
from bagalau.orgstructure.staff_files import COLUMN_NAMES
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_iin,
    make_position,
    make_servant,
    make_user,
)
from bagalau.web.views import hr as hr_views

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a past year: every deadline has passed


@pytest.fixture
def w(db) -> SimpleNamespace:
    """A body under Arys' act (head → HR; head → chief → spec1, spec2), another body whose
    HR officer is a stranger here, and an operator."""
    body, other = make_body_under(), make_body_under()
    return SimpleNamespace(
        **body,
        other=other,
        stranger=other["hr"].user,
        operator=make_user("operator", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def cycle(w) -> EvaluationCycle:
    opened, _report = cycle_open(organisation=w.org, year=YEAR, actor=w.hr.user)
    return opened


def snapshot() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (EvaluationCycle, EvaluationCase, AuditEvent, Servant, Subdivision)
    }


# --- cycles (§4) -------------------------------------------------------------------------


def test_hr_opens_a_cycle_through_the_form(client, w) -> None:
    client.force_login(w.hr.user)
    page = client.get("/hr/cycles/")
    assert page.status_code == 200
    assert 'id="cycle-open-form"' in page.content.decode()
    response = client.post(
        "/hr/cycles/",
        {"org": w.org.pk, "year": YEAR, "evaluation_date": f"{YEAR}-12-01"},
    )
    opened = EvaluationCycle.objects.get(organisation=w.org)
    assert response.status_code == 302
    assert response["Location"] == f"/hr/cycles/{opened.pk}/"
    assert opened.evaluation_date == dt.date(YEAR, 12, 1)
    event = AuditEvent.objects.get(action="evaluation_cycle.open")
    assert (event.actor, event.channel) == (w.hr.user, "web")
    page = client.get(response["Location"]).content.decode()
    assert "The cycle is open" in page
    assert w.spec1.full_name in page
    assert w.chief.full_name in page
    listing = client.get("/hr/cycles/").content.decode()
    assert f'href="/hr/cycles/{opened.pk}/"' in listing


def test_a_second_cycle_for_the_same_year_is_refused_beside_the_year(client, w, cycle) -> None:
    client.force_login(w.hr.user)
    before = snapshot()
    response = client.post("/hr/cycles/", {"org": w.org.pk, "year": YEAR})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="err-year"' in page
    assert "is already open" in page
    assert snapshot() == before


def test_unreadable_input_is_marked_and_the_service_is_not_called(client, w) -> None:
    client.force_login(w.hr.user)
    response = client.post(
        "/hr/cycles/", {"org": w.other["org"].pk, "year": "soon", "evaluation_date": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="err-org"' in page
    assert 'id="err-year"' in page
    assert 'id="err-date"' in page
    assert not EvaluationCycle.objects.exists()


def test_who_is_not_hr_may_not_open_or_refresh_cycles(client, w, cycle) -> None:
    before = snapshot()
    client.force_login(w.spec1.user)
    assert client.get("/hr/cycles/").status_code == 403
    assert client.post("/hr/cycles/", {"org": w.org.pk, "year": YEAR + 1}).status_code == 403
    # spec1 sees the cycle through their own case, but no HR button, and the server refuses
    page = client.get(f"/hr/cycles/{cycle.pk}/").content.decode()
    assert 'id="refresh-form"' not in page
    assert 'id="documents-form"' not in page
    response = client.post(f"/hr/cycles/{cycle.pk}/refresh/", follow=True)
    assert "personnel service" in response.content.decode()
    # the other body's HR does not see the cycle at all
    client.force_login(w.stranger)
    for url in (
        f"/hr/cycles/{cycle.pk}/",
        f"/hr/cycles/{cycle.pk}/hr-decisions/",
        f"/hr/cycles/{cycle.pk}/hr-decisions.xlsx",
        f"/hr/cycles/{cycle.pk}/documents.zip",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/hr/cycles/{cycle.pk}/refresh/").status_code == 404
    listing = client.get("/hr/cycles/").content.decode()
    assert f"/hr/cycles/{cycle.pk}/" not in listing
    assert snapshot() == before


def test_the_cycle_page_shows_eligibility_and_hr_refreshes_it(client, w, cycle) -> None:
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    client.force_login(w.hr.user)
    response = client.post(f"/hr/cycles/{cycle.pk}/refresh/", follow=True)
    page = response.content.decode()
    assert "Eligibility decided again: 0 new cases, 1 changed" in page
    spec2 = EvaluationCase.objects.get(cycle=cycle, servant=w.spec2)
    assert spec2.eligibility == "excluded"
    assert "on probation" in page
    assert "(§4)" in page
    assert f'href="/cases/{spec2.pk}/"' in page
    narrowed = client.get(f"/hr/cycles/{cycle.pk}/?eligibility=excluded").content.decode()
    assert w.spec2.full_name in narrowed
    assert w.spec1.full_name not in narrowed


def staff_with_documents(size: int) -> tuple[dict, EvaluationCycle]:
    """A body with `size` specialists under the chief, each with an approved plan, a
    quarterly review and a KPI sheet."""
    body = make_body_under()
    for n in range(size - 2):
        position = make_position(
            body["org"], code=f"X{n}", category="E-4", reports_to=body["chief_position"]
        )
        make_appointment(make_servant(), position)
    opened, _report = cycle_open(organisation=body["org"], year=YEAR, actor=body["hr"].user)
    for case in opened.cases.exclude(servant__in=[body["hr"], body["chief"]]):
        plan = WorkPlan.objects.create(
            case=case,
            state="approved",
            period_start=case.plan_start,
            period_end=opened.period_end,
            due=case.plan_due,
        )
        QuarterlyReview.objects.create(
            case=case, plan=plan, year=YEAR, quarter=1, recommendations="—"
        )
        KpiSheet.objects.create(case=case, plan=plan, state="draft")
    return body, opened


def test_the_cycle_page_reads_in_a_fixed_number_of_queries(client) -> None:
    counts = []
    for size in (2, 6):
        body, opened = staff_with_documents(size)
        client.force_login(body["hr"].user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/hr/cycles/{opened.pk}/")
        assert response.content.decode().count('<tr id="case-') == size + 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_cycles_list_reads_in_a_fixed_number_of_queries(client, w) -> None:
    client.force_login(w.operator)
    counts = []
    for year in (YEAR - 1, YEAR):
        cycle_open(organisation=w.org, year=year, actor=w.operator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/hr/cycles/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- HR decisions (§7) and documents ----------------------------------------------------------


def test_the_hr_decisions_page_and_its_workbook(client, w, cycle) -> None:
    client.force_login(w.hr.user)
    page = client.get(f"/hr/cycles/{cycle.pk}/hr-decisions/").content.decode()
    assert w.spec1.full_name in page
    assert w.spec1.iin in page
    response = client.get(f"/hr/cycles/{cycle.pk}/hr-decisions.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    iins = {row[1] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert {w.spec1.iin, w.spec2.iin} <= iins
    # a servant who sees the cycle through their own case is not the personnel service
    client.force_login(w.spec1.user)
    assert client.get(f"/hr/cycles/{cycle.pk}/hr-decisions.xlsx").status_code == 403


def test_the_documents_of_a_cycle_as_a_zip(client, w, cycle) -> None:
    client.force_login(w.hr.user)
    response = client.get(f"/hr/cycles/{cycle.pk}/documents.zip?lang=ru&format=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    included = EvaluationCase.objects.filter(cycle=cycle).exclude(eligibility="excluded")
    assert len(names) == included.count()  # Annex 4 per servant evaluated; no plans yet
    assert all(n.endswith(".docx") for n in names)
    assert archive.read(names[0])[:2] == b"PK"
    assert client.get(f"/hr/cycles/{cycle.pk}/documents.zip?format=odt").status_code == 404
    client.force_login(w.spec1.user)
    assert client.get(f"/hr/cycles/{cycle.pk}/documents.zip").status_code == 403


# --- the staff import -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def import_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(hr_views, "IMPORT_DIR", tmp_path / "imports")
    return tmp_path / "imports"


def staff_csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def new_department(iin_head: str, iin_spec: str) -> bytes:
    dept = {
        "subdivision_code": "D9",
        "subdivision_name_kk": "Жаңа бөлім",
        "subdivision_name_ru": "Новый отдел",
    }
    return staff_csv(
        {**dept, "position_code": "D9-HEAD", "position_title_kk": "Бөлім басшысы",
         "position_title_ru": "Руководитель отдела", "category": "E-3",
         "heads_subdivision": "yes", "reports_to": "HEAD", "iin": iin_head,
         "surname": "Жаңабаев", "first_name": "Ерлан", "appointed_from": "2025-01-10"},
        {**dept, "position_code": "D9-1", "position_title_kk": "Маман",
         "position_title_ru": "Специалист", "category": "E-4", "reports_to": "D9-HEAD",
         "iin": iin_spec, "surname": "Сейітова", "first_name": "Айгүл",
         "appointed_from": "2025-02-01"},
    )  # fmt: skip


def upload(client, w, content: bytes, **extra) -> str:
    """Upload a staff file; the job's address."""
    response = client.post(
        "/hr/import/",
        {"org": w.org.pk, "file": SimpleUploadedFile("staff.csv", content), **extra},
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_a_good_file_creates_servants_and_reports_each_row(client, w) -> None:
    client.force_login(w.hr.user)
    assert 'id="import-form"' in client.get("/hr/import/").content.decode()
    servants = Servant.objects.count()
    job = upload(client, w, new_department(make_iin(), make_iin()))
    page = client.get(job).content.decode()
    assert f'hx-post="{job}run/"' in page
    assert 'hx-trigger="load"' in page
    waiting = client.get(f"{job}progress/").content.decode()
    assert 'hx-trigger="every 500ms"' in waiting
    assert 'value="0"' in waiting
    report = client.post(f"{job}run/", headers={"HX-Request": "true"}).content.decode()
    assert Servant.objects.count() == servants + 2
    assert 'id="row-2"' in report
    assert 'id="row-3"' in report
    assert report.count("row-created") == 2
    assert "The staff file is imported." in report
    done = client.get(f"{job}progress/").content.decode()
    assert 'value="100"' in done
    assert "every 500ms" not in done
    # a second run does nothing more; the job's page shows the report
    client.post(f"{job}run/")
    assert Servant.objects.count() == servants + 2
    assert "row-created" in client.get(job).content.decode()


def test_the_same_file_twice_is_unchanged_row_by_row(client, w) -> None:
    client.force_login(w.hr.user)
    content = new_department(make_iin(), make_iin())
    client.post(f"{upload(client, w, content)}run/")
    job = upload(client, w, content)
    client.post(f"{job}run/")
    page = client.get(job).content.decode()
    assert page.count("row-unchanged") == 2


def test_a_bad_iin_refuses_the_whole_file_and_names_the_row(client, w) -> None:
    client.force_login(w.hr.user)
    before = snapshot()
    job = upload(client, w, new_department(make_iin(), "123"))
    report = client.post(f"{job}run/", headers={"HX-Request": "true"}).content.decode()
    assert 'class="row-refused"' in report
    row3 = report.split('id="row-3"')[1].split("</tr>")[0]
    assert "iin:" in row3
    assert "123" in row3
    assert "row-not_written" in report.split('id="row-2"')[1].split("</tr>")[0]
    assert "nothing was changed" in report
    assert snapshot() == before


def test_a_dry_run_writes_nothing(client, w) -> None:
    client.force_login(w.hr.user)
    before = snapshot()
    job = upload(client, w, new_department(make_iin(), make_iin()), dry_run="1")
    report = client.post(f"{job}run/", headers={"HX-Request": "true"}).content.decode()
    assert "would be created" in report
    assert snapshot() == before


def test_the_upload_form_marks_what_is_missing(client, w) -> None:
    client.force_login(w.hr.user)
    response = client.post("/hr/import/", {"org": w.other["org"].pk})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="err-org"' in page
    assert 'id="err-file"' in page
    response = client.post(
        "/hr/import/",
        {"org": w.org.pk, "file": SimpleUploadedFile("staff.csv", b"x")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 302 or response.headers.get("HX-Redirect")


def test_only_hr_imports_and_a_job_is_its_owners(client, w) -> None:
    client.force_login(w.spec1.user)
    assert client.get("/hr/import/").status_code == 403
    client.force_login(w.hr.user)
    job = upload(client, w, new_department(make_iin(), make_iin()))
    client.force_login(w.stranger)
    for url in (job, f"{job}progress/"):
        assert client.get(url).status_code == 404
    assert client.post(f"{job}run/").status_code == 404
    assert client.get("/hr/import/not-a-token/").status_code == 404


# --- a case's audit trail -----------------------------------------------------------------


def test_the_audit_trail_lists_the_case_and_its_documents(client, w, cycle) -> None:
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    client.force_login(w.hr.user)
    client.post(f"/hr/cycles/{cycle.pk}/refresh/")
    case = EvaluationCase.objects.get(cycle=cycle, servant=w.spec2)
    page = client.get(f"/cases/{case.pk}/audit/").content.decode()
    assert "evaluation_case.recheck" in page
    assert w.hr.short_name in page
    assert ">web<" in page
    assert "eligibility: included → excluded" in page
    other = EvaluationCase.objects.get(cycle=cycle, servant=w.spec1)
    assert "evaluation_case.recheck" not in client.get(f"/cases/{other.pk}/audit/").content.decode()
    client.force_login(w.stranger)
    assert client.get(f"/cases/{case.pk}/audit/").status_code == 404
    client.force_login(w.spec2.user)
    assert client.get(f"/cases/{case.pk}/audit/").status_code == 403


def test_the_audit_trail_reads_in_a_fixed_number_of_queries(client) -> None:
    body, opened = staff_with_documents(3)
    case = opened.cases.get(servant=body["spec1"])
    client.force_login(body["hr"].user)
    counts = []
    for state in ("submitted", "approved"):
        plan = case.work_plans.first()
        AuditEvent.objects.create(
            action="work_plan.submit",
            object_type="kpi.workplan",
            object_id=str(plan.pk),
            object_repr=str(plan),
            organisation_id=opened.organisation_id,
            actor=body["chief"].user,
            before={"state": "draft"},
            after={"state": state},
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/cases/{case.pk}/audit/").content.decode()
        counts.append(len(queries))
    assert page.count("work_plan.submit") == 2
    assert "Draft" in page or "draft" in page
    assert counts[0] == counts[1], counts
