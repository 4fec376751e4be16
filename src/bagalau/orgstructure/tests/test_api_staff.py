"""Staff files over the API: the console's import and export, for HR and operators."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from bagalau.core.models import AuditEvent
from bagalau.orgstructure.models import Servant
from bagalau.orgstructure.staff_files import COLUMN_NAMES
from bagalau.orgstructure.tests.factories import make_iin, make_staffed_body, make_user

pytestmark = pytest.mark.django_db


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
         "position_title_ru": "Специалист", "category": "Е-4", "reports_to": "D9-HEAD",
         "iin": iin_spec, "surname": "Сейітова", "first_name": "Айгүл",
         "appointed_from": "2025-02-01"},
    )  # fmt: skip


@pytest.fixture
def body():
    return make_staffed_body()


def upload(client, code: str, content: bytes, name: str = "staff.csv", query: str = ""):
    return client.post(
        f"/api/v1/organisations/{code}/staff-import{query}",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_hr_imports_a_staff_file_and_it_is_audited_as_theirs(client, body) -> None:
    client.force_login(body["hr"].user)
    response = upload(client, body["org"].code, new_department(make_iin(), make_iin()))
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "rows": 2, "dry_run": False,
        "created": {"subdivision": 1, "position": 2, "servant": 2, "appointment": 2},
        "updated": {},
    }  # fmt: skip
    event = AuditEvent.objects.get(action="staff.import")
    assert event.actor == body["hr"].user


def test_a_dry_run_counts_and_writes_nothing(client, body) -> None:
    client.force_login(body["hr"].user)
    servants = Servant.objects.count()
    response = upload(
        client, body["org"].code, new_department(make_iin(), make_iin()), query="?dry_run=true"
    )
    assert response.json()["created"]["servant"] == 2
    assert response.json()["dry_run"] is True
    assert Servant.objects.count() == servants


def test_a_bad_file_answers_422_row_by_row_and_changes_nothing(client, body) -> None:
    client.force_login(body["hr"].user)
    servants = Servant.objects.count()
    response = upload(client, body["org"].code, new_department("123", make_iin()))
    assert response.status_code == 422
    assert response.json()["errors"] == {"2.iin": ["'123': an IIN is exactly 12 digits"]}
    assert Servant.objects.count() == servants
    response = upload(client, body["org"].code, b"nonsense,columns\n1,2\n")
    assert response.status_code == 422
    assert "unknown columns: nonsense" in response.json()["errors"]["file"][0]
    response = upload(client, body["org"].code, b"x", name="staff.pdf")
    assert "a staff file is .csv or .xlsx" in response.json()["errors"]["file"][0]


@pytest.mark.parametrize(("who", "status"), [("spec1", 403), ("chief", 403), ("other", 404)])
def test_only_the_bodys_hr_and_operators_import(client, body, who, status) -> None:
    user = make_staffed_body()["hr"].user if who == "other" else body[who].user
    client.force_login(user)
    response = upload(client, body["org"].code, new_department(make_iin(), make_iin()))
    assert response.status_code == status
    client.logout()
    assert upload(client, body["org"].code, b"").status_code == 401


def test_export_is_the_consoles_export_as_csv_and_xlsx(client, body) -> None:
    client.force_login(make_user(is_superuser=True))
    code = body["org"].code
    response = client.get(f"/api/v1/organisations/{code}/staff-export")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{code}-staff.csv"'
    console = io.StringIO()
    call_command("export_staff", org=code, stdout=console)
    assert response.content.decode("utf-8") == console.getvalue()
    response = client.get(f"/api/v1/organisations/{code}/staff-export?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == COLUMN_NAMES
    assert sheet.max_row == 1 + len(console.getvalue().splitlines()) - 1
    assert client.get(f"/api/v1/organisations/{code}/staff-export?format=pdf").status_code == 422
    client.force_login(body["spec1"].user)
    assert client.get(f"/api/v1/organisations/{code}/staff-export").status_code == 403
