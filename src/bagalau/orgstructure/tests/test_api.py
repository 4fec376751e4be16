"""The organisation structure API: who may do what, refused writes, audit, query counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)
from bagalau.orgstructure.tests.factories import (
    make_absence,
    make_appointment,
    make_iin,
    make_organisation,
    make_position,
    make_servant,
    make_staffed_body,
    make_subdivision,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ("operator", "hr", "chief", "spec1", "other_hr", "anon")
# These two call with a bearer token (api_token_create); the others with a session.
TOKEN_ROLES = {"operator", "other_hr"}


@pytest.fixture
def w(db) -> SimpleNamespace:
    """Two staffed bodies, an operator, and spare objects to write to."""
    body, other = make_staffed_body(), make_staffed_body()
    org = body["org"]
    operator = make_user("operator", is_superuser=True, is_staff=True)
    return SimpleNamespace(
        **body,
        other=other,
        code=org.code,
        dept=body["chief_position"].subdivision,
        spare_sub=make_subdivision(org, code="SPARE"),
        spare_pos=make_position(org, code="SPARE-P", category="E-4"),
        absence=make_absence(body["spec1"]),
        spec1_appointment=body["spec1"].appointments.get(),
        newcomer=make_servant(),
        unused_iin=make_iin(),
        users={
            "operator": operator,
            "hr": body["hr"].user,
            "chief": body["chief"].user,
            "spec1": body["spec1"].user,
            "other_hr": other["hr"].user,
            "anon": None,
        },
        keys={
            "operator": api_token_create(user=operator)[1],
            "other_hr": api_token_create(user=other["hr"].user)[1],
        },
    )


def call(client: Client, w: SimpleNamespace, role: str, method: str, path: str, data: Any = None):
    """One request to /api/v1 as `role`."""
    client.logout()
    headers = {}
    if role in TOKEN_ROLES:
        headers["Authorization"] = f"Bearer {w.keys[role]}"
    elif w.users[role] is not None:
        client.force_login(w.users[role])
    extra = {} if data is None else {"data": data, "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1{path}", headers=headers, **extra)


def state() -> dict[str, list[str]]:
    """Every row of the structure and the audit log, to show a refused write changed none."""
    models = (Organisation, Subdivision, Position, Servant, Appointment, Absence, AuditEvent)
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


READ = "200 200 200 200 404 401"  # the body's members read; another body's HR sees nothing
WRITE = "200 200 403 403 404 401"  # operator and the body's HR change; members may not
CREATE = "201 201 403 403 404 401"
DELETE = "204 204 403 403 404 401"
SUB = {"code": "D2", "name_kk": "Бөлім", "name_ru": "Отдел", "parent": "D1"}
POS = {"code": "D1-3", "title_kk": "Маман", "title_ru": "Специалист", "subdivision": "D1",
       "category": "E-5", "reports_to": "D1-HEAD"}  # fmt: skip
NEWCOMER = {"iin": "{w.newcomer.iin}", "position": "SPARE-P", "date_from": "2024-02-01"}
PERSON = {"iin": "{w.unused_iin}", "surname": "Омарова", "first_name": "Айгүл"}
SICK = {"kind": "sick_leave", "date_from": "2026-03-02", "date_to": "2026-03-06"}

# name, method, path, payload ("{w.…}" filled from the fixture), status for each of ROLES
MATRIX = [
    ("organisations", "get", "/organisations", None, "200 200 200 200 200 401"),
    ("organisation", "get", "/organisations/{w.code}", None, READ),
    ("organisation create", "post", "/organisations",
     {"code": "new-body", "name_kk": "Жаңа", "name_ru": "Новый"}, "201 403 403 403 403 401"),
    ("organisation update", "patch", "/organisations/{w.code}", {"name_ru": "Аппарат"}, WRITE),
    ("subdivisions", "get", "/organisations/{w.code}/subdivisions", None, READ),
    ("subdivision", "get", "/subdivisions/{w.dept.pk}", None, READ),
    ("subdivision create", "post", "/organisations/{w.code}/subdivisions", SUB, CREATE),
    ("subdivision update", "patch", "/subdivisions/{w.spare_sub.pk}", {"parent": "D1"}, WRITE),
    ("subdivision delete", "delete", "/subdivisions/{w.spare_sub.pk}", None, DELETE),
    ("positions", "get", "/organisations/{w.code}/positions", None, READ),
    ("position", "get", "/positions/{w.spec1_position.pk}", None, READ),
    ("position create", "post", "/organisations/{w.code}/positions", POS, CREATE),
    ("position update", "patch", "/positions/{w.spare_pos.pk}", {"reports_to": "HEAD"}, WRITE),
    ("position delete", "delete", "/positions/{w.spare_pos.pk}", None, DELETE),
    ("servants", "get", "/organisations/{w.code}/servants", None, READ),
    # a plain servant sees their own record, not a colleague's
    ("servant", "get", "/servants/{w.spec2.pk}", None, "200 200 200 404 404 401"),
    ("servant self", "get", "/servants/{w.spec1.pk}", None, READ),
    ("supervisors", "get", "/servants/{w.spec2.pk}/supervisors", None, "200 200 200 404 404 401"),
    # any body's HR may add a person; the record is nobody's until appointed
    ("servant create", "post", "/servants", PERSON, "201 201 403 403 201 401"),
    ("servant update", "patch", "/servants/{w.spec1.pk}", {"patronymic": "Маратұлы"}, WRITE),
    ("appointments", "get", "/organisations/{w.code}/appointments", None, READ),
    ("appointment create", "post", "/organisations/{w.code}/appointments", NEWCOMER, CREATE),
    ("appointment update", "patch", "/appointments/{w.spec1_appointment.pk}",
     {"probation_end": "2020-04-01"}, WRITE),
    ("appointment delete", "delete", "/appointments/{w.spec1_appointment.pk}", None, DELETE),
    ("absences", "get", "/servants/{w.spec1.pk}/absences", None, READ),
    ("absence create", "post", "/servants/{w.spec1.pk}/absences", SICK, CREATE),
    ("absence update", "patch", "/absences/{w.absence.pk}", {"date_to": "2026-07-20"}, WRITE),
    ("absence delete", "delete", "/absences/{w.absence.pk}", None, DELETE),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "payload", "expected"), MATRIX, ids=[c[0] for c in MATRIX]
)
def test_permission_matrix(client, w, role, name, method, path, payload, expected) -> None:
    # given the data before the request
    want = int(expected.split()[ROLES.index(role)])
    before = state()
    # when the role calls the endpoint
    if payload is not None:
        payload = {k: v.format(w=w) if isinstance(v, str) else v for k, v in payload.items()}
    response = call(client, w, role, method, path.format(w=w), payload)
    # then the status is the matrix's; a refused request changed nothing, a write is audited
    assert response.status_code == want, (name, role, response.content)
    after = state()
    if want >= 400:
        assert after == before
        assert response.json()["detail"]
    elif method != "get":
        assert len(after["AuditEvent"]) == len(before["AuditEvent"]) + 1
        assert AuditEvent.objects.order_by("-pk").first().actor == w.users[role]
    else:
        assert after == before


# --- what each role sees ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "bodies"),
    [
        ("operator", {"body", "other"}),
        ("hr", {"body"}),
        ("spec1", {"body"}),
        ("other_hr", {"other"}),
    ],
)
def test_organisation_list_shows_the_bodies_the_caller_works_in(client, w, role, bodies):
    codes = {"body": w.code, "other": w.other["org"].code}
    response = call(client, w, role, "get", "/organisations")
    assert {o["code"] for o in response.json()} == {codes[b] for b in bodies}


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("operator", {"head", "hr", "chief", "spec1", "spec2"}),
        ("hr", {"head", "hr", "chief", "spec1", "spec2"}),
        ("chief", {"chief", "spec1", "spec2"}),  # self and subordinates
        ("spec1", {"spec1"}),
    ],
)
def test_servant_and_appointment_lists_show_whom_the_caller_may_see(client, w, role, seen):
    ids = {getattr(w, name).pk for name in seen}
    servants = call(client, w, role, "get", f"/organisations/{w.code}/servants").json()
    assert {s["id"] for s in servants} == ids
    appointments = call(client, w, role, "get", f"/organisations/{w.code}/appointments").json()
    assert {a["servant"]["id"] for a in appointments} == ids


def test_servant_list_names_the_positions_held_in_the_body_today(client, w):
    servants = call(client, w, "hr", "get", f"/organisations/{w.code}/servants").json()
    assert {s["id"]: s["positions"] for s in servants}[w.spec1.pk] == ["D1-1"]


def test_organisation_detail_derives_its_officials(client, w):
    data = call(client, w, "spec1", "get", f"/organisations/{w.code}").json()
    assert data["first_head"] == {"id": w.head.pk, "iin": w.head.iin, "full_name": w.head.full_name}
    assert data["authorized_person"]["id"] == w.head.pk  # none marked: the first head (§5)
    assert [o["id"] for o in data["hr_officers"]] == [w.hr.pk]


def test_supervisors_are_derived_from_the_reporting_lines(client, w):
    data = call(client, w, "spec1", "get", f"/servants/{w.spec1.pk}/supervisors").json()
    assert data["direct_supervisor"]["id"] == w.chief.pk
    assert data["superior_supervisor"]["id"] == w.head.pk
    before = call(client, w, "hr", "get", f"/servants/{w.spec1.pk}/supervisors?date=2019-06-01")
    assert before.json()["direct_supervisor"] is None  # not yet appointed then


def test_positions_name_subdivision_and_supervisor_by_code_and_id(client, w):
    data = call(client, w, "chief", "get", f"/positions/{w.spec1_position.pk}").json()
    assert (data["subdivision"], data["subdivision_id"]) == ("D1", w.dept.pk)
    assert (data["reports_to"], data["reports_to_id"]) == ("D1-HEAD", w.chief_position.pk)


# --- authentication -----------------------------------------------------------------


def test_a_wrong_or_missing_token_is_401(client, w):
    response = client.get("/api/v1/organisations", headers={"Authorization": "Bearer bg_nope"})
    assert response.status_code == 401
    assert "authentication" in response.json()["detail"]


def test_token_and_session_see_the_same(client, w):
    by_token = call(client, w, "operator", "get", f"/organisations/{w.code}").json()
    client.force_login(w.users["operator"])
    assert client.get(f"/api/v1/organisations/{w.code}").json() == by_token


# --- refused writes: 422 naming the field, nothing changed ------------------------------


def refused(client, w, role, method, path, data=None) -> dict[str, list[str]]:
    before = state()
    response = call(client, w, role, method, path, data)
    assert response.status_code == 422, response.content
    assert state() == before
    return response.json()["errors"]


def test_a_wrong_iin_is_422_on_iin(client, w):
    bad = w.spec2.iin[:11] + str((int(w.spec2.iin[11]) + 1) % 10)
    errors = refused(
        client,
        w,
        "hr",
        "post",
        "/servants",
        {"iin": bad, "surname": "Омаров", "first_name": "Ерлан"},
    )
    assert "check digit" in errors["iin"][0]
    errors = refused(client, w, "hr", "patch", f"/servants/{w.spec1.pk}", {"iin": "12345"})
    assert errors["iin"] == ["an IIN is exactly 12 digits"]


def test_a_duplicate_iin_is_422_on_iin(client, w):
    errors = refused(
        client,
        w,
        "operator",
        "post",
        "/servants",
        {"iin": w.spec2.iin, "surname": "Омаров", "first_name": "Ерлан"},
    )
    assert "iin" in errors


def test_a_reporting_loop_is_422_on_reports_to(client, w):
    # the head would report to a specialist who reports (via the chief) to the head
    errors = refused(
        client, w, "hr", "patch", f"/positions/{w.head_position.pk}", {"reports_to": "D1-1"}
    )
    assert "loop" in errors["reports_to"][0]


def test_a_subdivision_loop_is_422_on_parent(client, w):
    # given SPARE inside D1
    response = call(client, w, "hr", "patch", f"/subdivisions/{w.spare_sub.pk}", {"parent": "D1"})
    assert response.json()["parent"] == "D1"
    # D1 may not go inside SPARE
    errors = refused(client, w, "hr", "patch", f"/subdivisions/{w.dept.pk}", {"parent": "SPARE"})
    assert "loop" in errors["parent"][0]


def test_an_unknown_category_is_422_on_category(client, w):
    errors = refused(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/positions",
        {"code": "X1", "title_kk": "Маман", "title_ru": "Спец", "category": "Z-9"},
    )
    assert "Z-9" in errors["category"][0]
    errors = refused(
        client, w, "operator", "patch", f"/positions/{w.spec1_position.pk}", {"category": "B-1"}
    )
    assert "Annex 4" in errors["category"][0]


def test_an_unknown_code_in_input_is_422_on_that_field(client, w):
    errors = refused(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/positions",
        {"code": "X1", "title_kk": "М", "title_ru": "С", "subdivision": "NOPE"},
    )
    assert errors["subdivision"] == [f"no structural subdivision with the code 'NOPE' in {w.code}"]
    other_code = w.other["head_position"].code  # same code in another body is not ours
    errors = refused(
        client, w, "hr", "patch", f"/positions/{w.spare_pos.pk}", {"reports_to": other_code + "-X"}
    )
    assert "reports_to" in errors


def test_missing_and_malformed_input_is_422_per_field(client, w):
    errors = refused(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/appointments",
        {"iin": w.newcomer.iin, "date_from": "2024-13-01"},
    )
    assert set(errors) == {"position", "date_from"}


def test_deleting_a_subdivision_still_in_use_is_422(client, w):
    errors = refused(client, w, "hr", "delete", f"/subdivisions/{w.dept.pk}")
    assert "still referred to" in errors["__all__"][0]
    refused(client, w, "hr", "delete", f"/positions/{w.spec1_position.pk}")


def test_an_overlapping_appointment_is_422_on_date_from(client, w):
    errors = refused(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/appointments",
        {"iin": w.newcomer.iin, "position": "D1-1", "date_from": "2024-01-01"},
    )
    assert "held by" in errors["date_from"][0]


def test_an_appointment_names_its_servant_by_id_or_iin_but_not_both(client, w):
    data = {
        "servant_id": w.newcomer.pk,
        "iin": w.newcomer.iin,
        "position": "SPARE-P",
        "date_from": "2024-01-01",
    }
    assert "servant_id" in refused(
        client, w, "hr", "post", f"/organisations/{w.code}/appointments", data
    )
    # another body's servant is not found by id (their record is not visible here)
    data = {"servant_id": w.other["spec1"].pk, "position": "SPARE-P", "date_from": "2024-01-01"}
    assert "servant_id" in refused(
        client, w, "hr", "post", f"/organisations/{w.code}/appointments", data
    )


def test_a_new_servant_is_appointed_by_id_then_visible_to_hr(client, w):
    # given a servant just added by HR, not yet visible to them
    created = call(
        client,
        w,
        "hr",
        "post",
        "/servants",
        {"iin": make_iin(), "surname": "Нұрланов", "first_name": "Бекзат"},
    ).json()
    assert call(client, w, "hr", "get", f"/servants/{created['id']}").status_code == 404
    # when HR appoints them by id
    response = call(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/appointments",
        {"servant_id": created["id"], "position": "SPARE-P", "date_from": "2024-01-01"},
    )
    # then the appointment names body and position, and HR sees the record
    assert response.status_code == 201, response.content
    assert (response.json()["organisation"], response.json()["position"]) == (w.code, "SPARE-P")
    assert call(client, w, "hr", "get", f"/servants/{created['id']}").status_code == 200


# --- audit ------------------------------------------------------------------------


def test_writes_are_audited_with_actor_body_and_changes(client, w):
    already = set(AuditEvent.objects.values_list("pk", flat=True))
    call(
        client,
        w,
        "hr",
        "post",
        f"/organisations/{w.code}/subdivisions",
        {"code": "D2", "name_kk": "Бөлім", "name_ru": "Отдел"},
    )
    call(client, w, "hr", "patch", f"/positions/{w.spare_pos.pk}", {"category": "E-5"})
    call(client, w, "operator", "delete", f"/absences/{w.absence.pk}")
    events = {e.action: e for e in AuditEvent.objects.exclude(pk__in=already)}
    assert set(events) == {"subdivision.create", "position.update", "absence.delete"}
    created = events["subdivision.create"]
    assert (created.actor, created.organisation_id) == (w.users["hr"], w.org.pk)
    assert created.after["code"] == "D2"
    updated = events["position.update"]
    assert (updated.before, updated.after) == ({"category": "E-4"}, {"category": "E-5"})
    assert events["absence.delete"].actor == w.users["operator"]
    # an absence is filed under the body of its servant's latest appointment
    assert (
        events["absence.delete"].organisation_id
        == w.absence.servant.appointments.get().position.organisation_id
    )
    assert events["absence.delete"].before["kind"] == "annual_leave"


# --- query counts: lists do not grow with their length ------------------------------


def _grow_subdivisions(org, w, n):
    for _ in range(n):
        make_subdivision(org, parent=Subdivision.objects.filter(organisation=org).first())


def _grow_positions(org, w, n):
    for _ in range(n):
        make_position(
            org,
            subdivision=make_subdivision(org),
            reports_to=Position.objects.filter(organisation=org).first(),
        )


def _grow_staff(org, w, n):
    for _ in range(n):
        position = make_position(org, reports_to=w.chief_position)
        make_appointment(make_servant(), position, date_from=dt.date(2021, 1, 1))


def _grow_absences(org, w, n):
    for _ in range(n):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=Absence.objects.count())
        make_absence(w.spec1, date_from=day, date_to=day)


def _grow_organisations(org, w, n):
    for _ in range(n):
        make_organisation()


LISTS = [
    # path, caller, add n items, queries: auth (token 1, session 2), the caller's bodies
    # (1; none for an operator, who sees all), the body (1), and then:
    ("/organisations", "operator", _grow_organisations, 2),  # the list
    ("/organisations/{fresh}/subdivisions", "operator", _grow_subdivisions, 3),  # the list
    ("/organisations/{fresh}/positions", "operator", _grow_positions, 3),  # the list
    # visible servants: HR bodies (1), held positions (1), reporting lines (1 per body held);
    # the list, and the positions each holds there today (1, prefetched)
    ("/organisations/{code}/servants", "chief", _grow_staff, 9),
    ("/organisations/{code}/appointments", "chief", _grow_staff, 8),  # ... and the list
    # auth (2) + visible servants (3) + the servant + the list
    ("/servants/{spec1}/absences", "hr", _grow_absences, 7),
]


@pytest.mark.parametrize(("path", "role", "grow", "queries"), LISTS, ids=[x[0] for x in LISTS])
def test_list_queries_do_not_grow(client, w, django_assert_num_queries, path, role, grow, queries):
    # given a body with nothing in it beside the fixture's two
    fresh = make_organisation()
    url = "/api/v1" + path.format(code=w.code, fresh=fresh.code, spec1=w.spec1.pk)
    org = fresh if "{fresh}" in path else w.org
    headers = {}
    if role in TOKEN_ROLES:
        headers["Authorization"] = f"Bearer {w.keys[role]}"
    else:
        client.force_login(w.users[role])
    shown = len(client.get(url, headers=headers).json())
    for total in (3, 30):
        # when the list has 3 items, then 30
        grow(org, w, total - shown)
        with django_assert_num_queries(queries):
            response = client.get(url, headers=headers)
        # then the same number of queries fetched them
        assert response.status_code == 200
        shown = len(response.json())
        assert shown == total


# --- the OpenAPI document -------------------------------------------------------------


def test_openapi_document_lists_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/organisations",
        "/api/v1/organisations/{code}",
        "/api/v1/organisations/{code}/subdivisions",
        "/api/v1/positions/{position_id}",
        "/api/v1/servants/{servant_id}/supervisors",
        "/api/v1/absences/{absence_id}",
        "/api/v1/organisations/{code}/appointments",
        "/api/v1/methodology/in-force",
    ):
        assert path in paths
    assert set(paths["/api/v1/subdivisions/{subdivision_id}"]) == {"get", "patch", "delete"}
