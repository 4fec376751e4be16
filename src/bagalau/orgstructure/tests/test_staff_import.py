import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bagalau.core.models import AuditEvent
from bagalau.demo.staff import demo_rows
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.models import Absence, Appointment, Position, Servant, Subdivision
from bagalau.orgstructure.selectors import (
    authorized_person,
    direct_supervisor,
    first_head,
    hr_officers,
    superior_supervisor,
)
from bagalau.orgstructure.staff_export import staff_rows
from bagalau.orgstructure.staff_files import COLUMN_NAMES, StaffFileError, write_staff_xlsx
from bagalau.orgstructure.staff_import import ImportRejected, staff_import
from bagalau.orgstructure.tests.factories import (
    ARYS_LIKE_PARAMETERS,
    make_iin,
    make_methodology,
    make_organisation,
)

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 24)


@pytest.fixture
def body():
    org = make_organisation(code="district")
    version = make_methodology(
        org,
        parameters={
            **ARYS_LIKE_PARAMETERS,
            "category_groups": [
                {
                    "code": "managers",
                    "categories": [
                        {"code": "E-R-1", "heads_subdivision": None},
                        {"code": "E-R-2", "heads_subdivision": None},
                    ],
                },
                {
                    "code": "specialists",
                    "categories": [
                        {"code": "E-R-4", "heads_subdivision": None},
                        {"code": "E-R-5", "heads_subdivision": None},
                    ],
                },
            ],
        },
    )
    return org, version_rules(version)


def write_csv(path: Path, rows: list[dict[str, str]], columns=COLUMN_NAMES) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(body, path: Path, **kwargs):
    org, rules = body
    return staff_import(organisation=org, path=path, rules=rules, version_label="test-1", **kwargs)


def export_text(org) -> str:
    out = io.StringIO()
    call_command("export_staff", org=org.code, stdout=out)
    return out.getvalue()


def test_demo_staff_loads_and_derives_each_official(body, tmp_path) -> None:
    org, _rules = body
    report = run(body, write_csv(tmp_path / "staff.csv", demo_rows()))
    assert report.created["servant"] == 39
    assert report.created["position"] == 39
    land_lead = Servant.objects.get(appointments__position__code="LAND-LEAD1")
    assert direct_supervisor(land_lead, ON) == Servant.objects.get(
        appointments__position__code="LAND-HEAD"
    )
    assert superior_supervisor(land_lead, ON) == Servant.objects.get(
        appointments__position__code="APP-DEP"
    )
    assert first_head(org, ON) == Servant.objects.get(appointments__position__code="AKIM")
    assert authorized_person(org, ON) == Servant.objects.get(
        appointments__position__code="APP-HEAD"
    )
    assert {s.appointments.get().position.code for s in hr_officers(org, ON)} == {
        "HR-HEAD",
        "HR-CHIEF",
        "HR-LEAD1",
        "HR-LEAD2",
        "HR-LEAD3",
    }
    # The former holder's appointment ended in 2020: the current holder is the new one.
    assert Appointment.objects.filter(position__code="LEGAL-LEAD3").count() == 2
    assert Absence.objects.count() == 3
    assert AuditEvent.objects.filter(channel="import-staff", action="servant.create").count() == 39


def test_importing_the_same_file_twice_changes_nothing(body, tmp_path) -> None:
    org, _rules = body
    path = write_csv(tmp_path / "staff.csv", demo_rows())
    run(body, path)
    before, audits = export_text(org), AuditEvent.objects.count()
    report = run(body, path)
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert export_text(org) == before
    assert AuditEvent.objects.count() == audits + 1  # only the import's own summary row


def test_export_then_import_round_trips_in_csv_and_xlsx(body, tmp_path) -> None:
    org, _rules = body
    run(body, write_csv(tmp_path / "staff.csv", demo_rows()))
    exported = export_text(org)
    rows = staff_rows(org)
    write_staff_xlsx(rows, tmp_path / "staff.xlsx")
    (tmp_path / "exported.csv").write_text(exported, encoding="utf-8")
    for name in ("exported.csv", "staff.xlsx"):
        report = run(body, tmp_path / name)
        assert sum(report.created.values()) + sum(report.updated.values()) == 0, name
    assert export_text(org) == exported


def test_a_changed_row_updates_only_what_changed_and_audits_before_and_after(body, tmp_path):
    _org, _rules = body
    rows = demo_rows()
    run(body, write_csv(tmp_path / "a.csv", rows))
    target = next(r for r in rows if r["position_code"] == "LAND-LEAD1")
    target["surname"] = "Жаңаұлы"
    target["appointed_to"] = "2026-12-31"
    report = run(body, write_csv(tmp_path / "b.csv", rows))
    assert dict(report.updated) == {"servant": 1, "appointment": 1}
    event = AuditEvent.objects.get(action="servant.update")
    assert event.after == {"surname": "Жаңаұлы"}
    assert event.before["surname"] != "Жаңаұлы"


def test_a_bad_file_is_refused_row_by_row_and_changes_nothing(body, tmp_path) -> None:
    org, _rules = body
    run(body, write_csv(tmp_path / "good.csv", demo_rows()))
    before, audits = export_text(org), AuditEvent.objects.count()
    rows = demo_rows()
    rows[3]["iin"] = rows[3]["iin"][:11] + str((int(rows[3]["iin"][11]) + 1) % 10)
    rows[4]["category"] = "E-9"  # §26: not in Annex 4
    rows[5]["appointed_to"] = "2001-01-01"  # before appointed_from
    rows[6]["reports_to"] = "NOWHERE"
    rows[7]["public_services"] = "perhaps"
    rows.append({**rows[8], "position_code": "NEW-1", "reports_to": "NEW-2", "iin": ""})
    rows.append({**rows[8], "position_code": "NEW-2", "reports_to": "NEW-1", "iin": ""})
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert {
        (5, "iin"),
        (6, "category"),
        (7, "appointed_to"),
        (8, "reports_to"),
        (9, "public_services"),
    } <= found
    assert any("loop" in e.message for e in caught.value.errors)
    assert export_text(org) == before
    assert AuditEvent.objects.count() == audits


def test_rows_describing_one_position_differently_are_refused(body, tmp_path) -> None:
    rows = demo_rows()
    twin = dict(next(r for r in rows if r["position_code"] == "LAND-HEAD"))
    twin.update(
        {
            "position_title_ru": "Другое название",
            "iin": make_iin(),
            "appointed_from": "2010-01-01",
            "appointed_to": "2010-12-31",
        }
    )
    rows.append(twin)
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "twin.csv", rows))
    (error,) = caught.value.errors
    assert error.row == len(rows) + 1
    assert error.column == "position_title_ru"
    assert "described differently" in error.message
    assert not Position.objects.exists()


def test_two_holders_of_one_position_at_once_are_refused(body, tmp_path) -> None:
    rows = demo_rows()
    twin = dict(next(r for r in rows if r["position_code"] == "LAND-LEAD1"))
    twin.update({"iin": make_iin(), "surname": "Екінші", "appointed_from": "2024-01-01"})
    rows.append(twin)
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "twin.csv", rows))
    assert "already has a holder" in caught.value.errors[0].message


def test_only_one_position_may_report_to_no_one(body, tmp_path) -> None:
    rows = demo_rows()
    rows[2]["reports_to"] = ""
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "tops.csv", rows))
    assert "only the first head's position may report to no one" in str(caught.value.errors[0])


def test_the_authorized_person_can_move_to_another_position(body, tmp_path) -> None:
    org, _rules = body
    rows = demo_rows()
    run(body, write_csv(tmp_path / "a.csv", rows))
    for row in rows:
        if row["position_code"] == "APP-HEAD":
            row["authorized_person"] = "no"
        if row["position_code"] == "APP-DEP":
            row["authorized_person"] = "yes"
    run(body, write_csv(tmp_path / "b.csv", rows))
    assert authorized_person(org, ON) == Servant.objects.get(appointments__position__code="APP-DEP")


def test_dry_run_reports_and_writes_nothing(body, tmp_path) -> None:
    audits = AuditEvent.objects.count()
    report = run(body, write_csv(tmp_path / "staff.csv", demo_rows()), dry_run=True)
    assert report.created["servant"] == 39
    assert not Servant.objects.exists()
    assert not Subdivision.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_a_file_with_wrong_columns_is_refused_before_any_row(body, tmp_path) -> None:
    path = write_csv(
        tmp_path / "cols.csv",
        demo_rows(),
        columns=[c for c in COLUMN_NAMES if c != "iin"] + ["inn"],
    )
    with pytest.raises(StaffFileError, match="unknown columns: inn; missing columns: iin"):
        run(body, path)
    (tmp_path / "latin1.csv").write_bytes("position_code\nБ".encode("cp1251"))
    with pytest.raises(StaffFileError, match="not UTF-8"):
        run(body, tmp_path / "latin1.csv")
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    with pytest.raises(StaffFileError, match="not a readable XLSX"):
        run(body, tmp_path / "fake.xlsx")


def test_semicolon_csv_and_dotted_dates_from_office_spreadsheets_are_read(body, tmp_path):
    rows = demo_rows()
    for row in rows:
        if row.get("appointed_from"):
            y, m, d = row["appointed_from"].split("-")
            row["appointed_from"] = f"{d}.{m}.{y}"
    path = tmp_path / "semi.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, restval="", delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    assert run(body, path).created["appointment"] == 39


def test_the_command_prints_each_bad_row_and_exits_non_zero(body, tmp_path) -> None:
    org, _rules = body
    rows = demo_rows()
    rows[0]["iin"] = "123"
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError) as caught:
        call_command("import_staff", str(path), org=org.code, date="2026-11-24", verbosity=0)
    message = str(caught.value)
    assert "bad.csv was refused: 1 problem(s); nothing was changed." in message
    assert "row 2, iin: '123': an IIN is exactly 12 digits" in message
    with pytest.raises(CommandError, match="no state body with the code 'nope'"):
        call_command("import_staff", str(path), org="nope")
    with pytest.raises(CommandError, match="no methodology version in force on 2019-01-01"):
        call_command("import_staff", str(path), org=org.code, date="2019-01-01")


def test_examples_shipped_with_the_project_import_as_documented(body, tmp_path) -> None:
    _org, _rules = body
    examples = Path(__file__).resolve().parents[4] / "examples"
    report = run(body, examples / "staff-demo.csv")
    assert report.created["servant"] == 39
    report = run(body, examples / "staff-demo.xlsx")
    assert sum(report.created.values()) == 0
    with pytest.raises(ImportRejected) as caught:
        run(body, examples / "staff-bad.csv")
    assert len(caught.value.errors) >= 5


def test_subdivisions_inside_each_other_or_inside_nothing_are_refused(body, tmp_path) -> None:
    rows = demo_rows()
    for row in rows:
        if row["subdivision_code"] == "LAND":
            row["parent_subdivision_code"] = "SOC"
        if row["subdivision_code"] == "SOC":
            row["parent_subdivision_code"] = "LAND"
        if row["subdivision_code"] == "ECON":
            row["parent_subdivision_code"] = "NOWHERE"
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "loop.csv", rows))
    messages = [e.message for e in caught.value.errors]
    assert any(m.startswith("subdivisions contain each other in a loop") for m in messages)
    assert "subdivision NOWHERE does not exist in the file or in district" in messages
    assert not Subdivision.objects.exists()


def test_two_authorized_persons_are_refused(body, tmp_path) -> None:
    rows = demo_rows()
    for row in rows:
        if row["position_code"] == "APP-DEP":
            row["authorized_person"] = "yes"
    with pytest.raises(ImportRejected) as caught:
        run(body, write_csv(tmp_path / "two.csv", rows))
    assert caught.value.errors[0].message == (
        "only one position may be the authorized person (§5): APP-DEP, APP-HEAD"
    )
