"""The competency track through the API: a sheet's round, who may see and do what, refusals
that change nothing, field-keyed errors, development needs, the case's actions, query counts,
the OpenAPI document (§25–§28, Annex 3)."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open, cycle_refresh
from bagalau.evaluation.tests.test_api import CYCLE_DETAIL_QUERIES
from bagalau.kpi.tests.factories import make_body_under
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_subdivision,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # a past year: the sheet can be drawn up today
ROLES = ("operator", "hr", "head", "chief", "spec1", "spec2", "other_hr", "anon")
TOKEN_ROLES = {"chief", "other_hr"}  # by bearer token; the others by session
# Arys' act, a specialist providing public services: the 11 competencies of Annex 4
CODES = [
    "activity-management",
    "cooperation",
    "decision-making",
    "promptness",
    "self-development",
    "service-orientation",
    "service-informing",
    "integrity",
    "responsibility",
    "initiative",
    "stress-resistance",
]
ALL_SHOWN_FIRST = {code: [1] for code in CODES}  # marks every competency (not all met)


@pytest.fixture
def w(db) -> SimpleNamespace:
    """Arys' act: head (first head) → HR; head → chief → spec1, spec2; another body; an
    operator; last year's cycle open, with spec1's case."""
    body, other = make_body_under(), make_body_under()
    operator = make_user("operator", is_superuser=True)
    cycle, _report = cycle_open(organisation=body["org"], year=YEAR, actor=body["hr"].user)
    users = {r: body[r].user for r in ("hr", "head", "chief", "spec1", "spec2")}
    return SimpleNamespace(
        **body,
        other=other,
        cycle=cycle,
        case=EvaluationCase.objects.get(cycle=cycle, servant=body["spec1"]),
        users={**users, "operator": operator, "other_hr": other["hr"].user, "anon": None},
        keys={r: api_token_create(user=users.get(r) or other["hr"].user)[1] for r in TOKEN_ROLES},
    )


def call(client: Client, w: SimpleNamespace, role: str, method: str, path: str, data: Any = None):
    """One request to /api/v1 as `role`."""
    client.logout()
    headers = {}
    if role in TOKEN_ROLES:
        headers["Authorization"] = f"Bearer {w.keys[role]}"
    elif w.users[role] is not None:
        client.force_login(w.users[role])
    body = {"data": "" if data is None else data, "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1{path}", headers=headers, **body)


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def state() -> dict[str, list[str]]:
    """Every row of the competency track and the audit log, to show a refusal changed
    nothing."""
    models = (CompetencySheet, CompetencyAssessment, CompetencyAssessment.shown.through)
    rows = {m.__name__: sorted(map(repr, m.objects.values())) for m in models}
    return {**rows, "AuditEvent": sorted(map(repr, AuditEvent.objects.values()))}


def marked_sheet(w, marks: dict[str, list[int]] | None = None) -> CompetencySheet:
    """spec1's sheet, every competency marked (a draft ready to sign)."""
    return competency_sheet_mark(
        case_id=w.case.pk, marks=ALL_SHOWN_FIRST if marks is None else marks, actor=w.chief.user
    )


def signed_sheet(w) -> CompetencySheet:
    sheet = marked_sheet(w)
    return competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=w.chief.user)


def actions(client, w, role: str) -> list[str]:
    return ok(call(client, w, role, "get", f"/cases/{w.case.pk}"))["actions"]["competency_sheet"]


# --- the round a user walks through -----------------------------------------------------


def test_a_competency_sheet_round_mark_sign_acknowledge_to_commission(client, w):
    case = f"/cases/{w.case.pk}"
    # before the first marks there is no sheet; only the direct supervisor may start it
    missing = call(client, w, "chief", "get", f"{case}/competency-sheet")
    assert missing.status_code == 404
    assert "not drawn up yet" in missing.json()["detail"]
    assert call(client, w, "spec1", "get", f"{case}/development-needs").status_code == 404
    assert {r: actions(client, w, r) for r in ("chief", "head", "spec1", "hr")} == {
        "chief": ["edit"],
        "head": [],
        "spec1": [],
        "hr": [],
    }
    # the direct supervisor (by token) marks two competencies: the sheet is made (Annex 3)
    marks = {"activity-management": [1, 2, 3], "cooperation": [1, 2]}
    sheet = ok(call(client, w, "chief", "put", f"{case}/competency-sheet/marks", {"marks": marks}))
    assert (sheet["case"], sheet["state"], sheet["state_label"]) == (w.case.pk, "draft", "draft")
    assert (sheet["group"], sheet["threshold"], sheet["catalogue_of"]) == (
        "specialists",
        "3/4",
        "arys-714",
    )
    assert [c["code"] for c in sheet["competencies"]] == CODES
    am, coop = sheet["competencies"][:2]
    # §27: 3 of 4 meet expectations; 2 of 3 do not, and the third is not observed
    assert (am["shown"], am["needed"], am["result"], am["not_observed"]) == (3, 3, "meets", [])
    assert (coop["shown"], coop["needed"], coop["result"]) == (2, 3, "does_not_meet")
    assert [e["number"] for e in coop["not_observed"]] == [3]
    assert [e["shown"] for e in coop["indicators"]] == [True, True, False]
    assert sheet["competencies"][2]["result"] is None
    assert actions(client, w, "chief") == ["edit", "sign"]
    # signing before every competency is assessed is 422 on `marks` (§25)
    act = f"/competency-sheets/{sheet['id']}"
    early = call(client, w, "chief", "post", f"{act}/sign")
    assert early.status_code == 422
    assert "assess every competency" in early.json()["errors"]["marks"][0]
    # the rest marked, every indicator shown (the two before keep their marks); signed
    rest = {c["code"]: [e["number"] for e in c["indicators"]] for c in sheet["competencies"][2:]}
    ok(call(client, w, "chief", "put", f"{case}/competency-sheet/marks", {"marks": rest}))
    signed = ok(call(client, w, "chief", "post", f"{act}/sign"))
    assert signed["state"] == "signed"
    assert signed["signed_at"] is not None
    assert signed["commission_due"] > TODAY.isoformat()  # §28: 2 working days
    assert signed["competencies"][1]["result"] == "does_not_meet"
    assert {r: actions(client, w, r) for r in ("chief", "head", "spec1", "hr")} == {
        "chief": ["reopen"],
        "head": [],
        "spec1": ["acknowledge"],
        "hr": ["to_commission"],
    }
    # the servant has seen it, once
    seen = ok(call(client, w, "spec1", "post", f"{act}/acknowledge"))
    assert seen["acknowledged_at"] is not None
    assert actions(client, w, "spec1") == []
    # HR puts it before the commission (§28)
    done = ok(call(client, w, "hr", "post", f"{act}/to_commission"))
    assert (done["state"], done["state_label"]) == ("with_commission", "before the commission")
    assert done["to_commission_at"] is not None
    assert {r: actions(client, w, r) for r in ("chief", "spec1", "hr")} == {
        "chief": [],
        "spec1": [],
        "hr": [],
    }
    # everyone concerned reads the same sheet; the case and the cycle show its state
    for role in ("spec1", "head", "operator"):
        assert ok(call(client, w, role, "get", f"{case}/competency-sheet")) == done
    detail = ok(call(client, w, "spec1", "get", case))
    assert detail["competency_sheet"]["state"] == "with_commission"
    assert detail["competency_sheet"]["id"] == done["id"]
    cycle = ok(call(client, w, "hr", "get", f"/cycles/{w.cycle.pk}"))
    states = {c["servant"]["id"]: c["competency_sheet"] for c in cycle["cases"]}
    assert states[w.spec1.pk]["state"] == "with_commission"
    assert states[w.spec2.pk] is None
    # the development needs: cooperation's third indicator (§27)
    needs = ok(call(client, w, "spec1", "get", f"{case}/development-needs"))
    assert [(n["code"], [i["number"] for i in n["indicators"]]) for n in needs] == [
        ("cooperation", [3])
    ]
    events = AuditEvent.objects.filter(action__startswith="competency_sheet.").order_by("pk")
    assert list(events.values_list("action", "actor")) == [
        ("competency_sheet.create", w.chief.user.pk),
        ("competency_sheet.edit", w.chief.user.pk),
        ("competency_sheet.edit", w.chief.user.pk),
        ("competency_sheet.sign", w.chief.user.pk),
        ("competency_sheet.acknowledge", w.spec1.user.pk),
        ("competency_sheet.to_commission", w.hr.user.pk),
    ]


def test_reopening_a_signed_sheet_allows_a_correction_and_a_new_signature(client, w):
    sheet = signed_sheet(w)
    competency_sheet_act(sheet_id=sheet.pk, action="acknowledge", actor=w.spec1.user)
    act = f"/competency-sheets/{sheet.pk}"
    reopened = ok(call(client, w, "chief", "post", f"{act}/reopen"))
    assert (reopened["state"], reopened["signed_at"], reopened["acknowledged_at"]) == (
        "draft",
        None,
        None,
    )
    marks = {"marks": {"integrity": [1, 2, 3]}}
    fixed = ok(call(client, w, "chief", "put", f"/cases/{w.case.pk}/competency-sheet/marks", marks))
    assert fixed["competencies"][CODES.index("integrity")]["result"] == "meets"
    assert ok(call(client, w, "chief", "post", f"{act}/sign"))["state"] == "signed"
    assert actions(client, w, "spec1") == ["acknowledge"]  # to see the corrected sheet


# --- permission matrix ------------------------------------------------------------------

# operator hr head chief spec1 spec2 other_hr anon
READ = "200 200 200 200 200 404 404 401"  # spec2 is a colleague: spec1's sheet is not theirs
MATRIX = [
    ("sheet", "get", "/cases/{case}/competency-sheet", None, READ),
    ("needs", "get", "/cases/{case}/development-needs", None, READ),
    # only the direct supervisor marks and signs; whoever else sees the case is refused (409)
    ("marks", "put", "/cases/{case}/competency-sheet/marks", {"marks": {"integrity": [1]}},
     "409 409 409 200 409 404 404 401"),
    ("sign", "post", "/competency-sheets/{sheet}/sign", None, "409 409 409 200 409 404 404 401"),
    # and given a signed sheet
    ("reopen", "post", "/competency-sheets/{signed}/reopen", None,
     "409 409 409 200 409 404 404 401"),
    ("acknowledge", "post", "/competency-sheets/{signed}/acknowledge", None,
     "409 409 409 409 200 404 404 401"),
    ("to commission", "post", "/competency-sheets/{signed}/to_commission", None,
     "409 200 409 409 409 404 404 401"),
    ("marks when signed", "put", "/cases/{case}/competency-sheet/marks",
     {"marks": {"integrity": [1]}}, "409 409 409 409 409 404 404 401"),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "payload", "expected"), MATRIX, ids=[c[0] for c in MATRIX]
)
def test_permission_matrix(client, w, role, name, method, path, payload, expected):
    # given spec1's sheet marked in full: a draft, or signed for the rows that say so
    sheet = signed_sheet(w) if "signed" in path or name == "marks when signed" else marked_sheet(w)
    names = {"case": w.case.pk, "sheet": sheet.pk, "signed": sheet.pk}
    want = int(expected.split()[ROLES.index(role)])
    before = state()
    # when the role calls the endpoint
    response = call(client, w, role, method, path.format(**names), payload)
    # then the status is the matrix's, and a refused request changed nothing
    assert response.status_code == want, (name, role, response.content)
    if want >= 400:
        assert response.json()["detail"]
        assert state() == before
    elif method == "get":
        assert state() == before
    else:
        assert AuditEvent.objects.latest("pk").actor == w.users[role]


def test_a_servant_cannot_see_a_colleagues_sheet(client, w):
    sheet = marked_sheet(w)
    response = call(client, w, "spec2", "get", f"/cases/{w.case.pk}/competency-sheet")
    assert response.status_code == 404
    assert response.json()["detail"] == f"no evaluation case with the id {w.case.pk}"
    by_id = call(client, w, "spec2", "post", f"/competency-sheets/{sheet.pk}/acknowledge")
    assert by_id.status_code == 404
    assert by_id.json()["detail"] == f"no competency sheet with the id {sheet.pk}"


def test_the_servant_can_neither_mark_nor_sign_their_own_sheet(client, w):
    sheet = marked_sheet(w)
    before = state()
    path = f"/cases/{w.case.pk}/competency-sheet/marks"
    marked = call(client, w, "spec1", "put", path, {"marks": {"integrity": [1, 2, 3]}})
    assert marked.status_code == 409
    assert marked.json()["detail"] == (
        "Only the direct supervisor may “edit” while the document is draft."
    )
    signed = call(client, w, "spec1", "post", f"/competency-sheets/{sheet.pk}/sign")
    assert signed.status_code == 409
    assert state() == before


def test_only_the_direct_supervisor_signs(client, w):
    # the superior supervisor sees spec1's case but may not sign in the chief's place (409);
    # the head of another department does not see it at all (404)
    sheet = marked_sheet(w)
    other_dept = make_position(
        w.org,
        code="D2-HEAD",
        category="E-3",
        heads_subdivision=True,
        subdivision=make_subdivision(w.org, code="D2"),
        reports_to=w.head_position,
    )
    make_appointment(make_servant(user=make_user("d2-head")), other_dept)
    w.users["d2_head"] = other_dept.appointments.get().servant.user
    before = state()
    path = f"/competency-sheets/{sheet.pk}/sign"
    response = call(client, w, "head", "post", path)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Only the direct supervisor may “sign”")
    assert call(client, w, "d2_head", "post", path).status_code == 404
    marks = {"marks": {"integrity": [1]}}
    marks_path = f"/cases/{w.case.pk}/competency-sheet/marks"
    assert call(client, w, "d2_head", "put", marks_path, marks).status_code == 404
    assert state() == before


def test_another_bodys_hr_sees_nothing(client, w):
    sheet = signed_sheet(w)
    before = state()
    for method, path in [
        ("get", f"/cases/{w.case.pk}/competency-sheet"),
        ("get", f"/cases/{w.case.pk}/development-needs"),
        ("put", f"/cases/{w.case.pk}/competency-sheet/marks"),
        ("post", f"/competency-sheets/{sheet.pk}/to_commission"),
    ]:
        response = call(client, w, "other_hr", method, path, {"marks": {}})
        assert response.status_code == 404, path
    assert state() == before


def test_anonymous_callers_are_401(client, w):
    sheet = marked_sheet(w)
    for method, path in [
        ("get", f"/cases/{w.case.pk}/competency-sheet"),
        ("get", f"/cases/{w.case.pk}/development-needs"),
        ("put", f"/cases/{w.case.pk}/competency-sheet/marks"),
        ("post", f"/competency-sheets/{sheet.pk}/sign"),
    ]:
        response = getattr(client, method)(
            f"/api/v1{path}", data={"marks": {}}, content_type="application/json"
        )
        assert response.status_code == 401
        assert "authentication" in response.json()["detail"]


# --- refused input: 422 keyed by field, 409 out of turn, nothing changed ----------------


def test_bad_marks_are_422_on_the_competency_and_change_nothing(client, w):
    marked_sheet(w, {"integrity": [1]})
    path = f"/cases/{w.case.pk}/competency-sheet/marks"
    before = state()
    # integrity has indicators 1–3 (001 specialists); there is no competency "charisma"
    bad = {"integrity": [2, 9], "cooperation": [1], "charisma": [1]}
    response = call(client, w, "chief", "put", path, {"marks": bad})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"marks.integrity", "marks.charisma"}
    assert "there is no 9" in errors["marks.integrity"][0]
    assert "charisma" in errors["marks.charisma"][0]
    assert state() == before  # cooperation, marked right, is not saved either
    # malformed: a word, a yes, a fraction, no marks at all
    for body, field in [
        ({"marks": {"integrity": ["one"]}}, "marks.integrity.0"),
        ({"marks": {"integrity": [True]}}, "marks.integrity.0"),
        ({"marks": {"integrity": [1.5]}}, "marks.integrity.0"),
        ({"marks": {"integrity": 1}}, "marks.integrity"),
        ({}, "marks"),
    ]:
        refused = call(client, w, "chief", "put", path, body)
        assert refused.status_code == 422, body
        assert field in refused.json()["errors"], (body, refused.json())
    assert state() == before


def test_a_first_mark_refused_makes_no_sheet(client, w):
    path = f"/cases/{w.case.pk}/competency-sheet/marks"
    response = call(client, w, "chief", "put", path, {"marks": {"integrity": [4]}})
    assert response.status_code == 422
    assert not CompetencySheet.objects.exists()


def test_actions_out_of_turn_are_409_and_change_nothing(client, w):
    sheet = marked_sheet(w)
    act = f"/competency-sheets/{sheet.pk}"
    before = state()
    # a draft cannot be acknowledged, sent on or reopened
    for role, action in [("spec1", "acknowledge"), ("hr", "to_commission"), ("chief", "reopen")]:
        response = call(client, w, role, "post", f"{act}/{action}")
        assert response.status_code == 409, action
        assert "only while" in response.json()["detail"]
    assert state() == before
    competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=w.chief.user)
    before = state()
    # signed: no second signature, no more marks
    assert call(client, w, "chief", "post", f"{act}/sign").status_code == 409
    marks = {"marks": {"integrity": [1, 2, 3]}}
    locked = call(client, w, "chief", "put", f"/cases/{w.case.pk}/competency-sheet/marks", marks)
    assert locked.status_code == 409
    assert state() == before
    assert CompetencySheet.objects.get(pk=sheet.pk).state == "signed"


def test_a_second_acknowledgement_is_refused_and_changes_nothing(client, w):
    sheet = signed_sheet(w)
    act = f"/competency-sheets/{sheet.pk}/acknowledge"
    first = ok(call(client, w, "spec1", "post", act))
    before = state()
    again = call(client, w, "spec1", "post", act)
    assert again.status_code == 422  # the service raises a ValidationError, not a refusal
    assert "already" in again.json()["detail"]
    assert state() == before
    sheet_path = f"/cases/{w.case.pk}/competency-sheet"
    assert (
        ok(call(client, w, "spec1", "get", sheet_path))["acknowledged_at"]
        == (first["acknowledged_at"])
    )


def test_an_unknown_action_is_422_and_unknown_ids_404(client, w):
    sheet = marked_sheet(w)
    assert call(client, w, "chief", "post", f"/competency-sheets/{sheet.pk}/edit").status_code == (
        422
    )
    assert call(client, w, "chief", "post", "/competency-sheets/999999/sign").status_code == 404
    assert call(client, w, "operator", "get", "/cases/999999/competency-sheet").status_code == 404
    marks = {"marks": {}}
    put = call(client, w, "operator", "put", "/cases/999999/competency-sheet/marks", marks)
    assert put.status_code == 404


def test_a_servant_not_evaluated_has_no_sheet_to_mark(client, w):
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    cycle_refresh(cycle=w.cycle, actor=w.hr.user)
    case = EvaluationCase.objects.get(cycle=w.cycle, servant=w.spec2)
    path = f"/cases/{case.pk}/competency-sheet/marks"
    response = call(client, w, "chief", "put", path, {"marks": {}})
    assert response.status_code == 422
    assert "not evaluated" in response.json()["detail"]
    assert ok(call(client, w, "chief", "get", f"/cases/{case.pk}"))["actions"] == {
        "work_plan": [],
        "kpi_sheet": [],
        "competency_sheet": [],
    }
    assert not CompetencySheet.objects.exists()


# --- development needs ------------------------------------------------------------------


def test_development_needs_are_the_indicators_not_observed_where_not_met(client, w):
    # §27: cooperation 1 of 3, promptness 0 of 4, integrity 3 of 3 (met), the rest not marked
    marks = {"cooperation": [2], "promptness": [], "integrity": [1, 2, 3]}
    marked_sheet(w, marks)
    path = f"/cases/{w.case.pk}/development-needs"
    needs = ok(call(client, w, "spec1", "get", path))
    assert [(n["code"], [i["number"] for i in n["indicators"]]) for n in needs] == [
        ("cooperation", [1, 3]),
        ("promptness", [1, 2, 3, 4]),
    ]
    assert needs[0]["name_kk"]
    assert needs[0]["indicators"][0]["effective_kk"]
    for role in ("chief", "head", "hr", "operator"):
        assert ok(call(client, w, role, "get", path)) == needs
    # both marked again, now met (3 of 3, 3 of 4): nothing to develop
    marked_sheet(w, {"cooperation": [1, 2, 3], "promptness": [1, 2, 4]})
    assert ok(call(client, w, "spec1", "get", path)) == []


# --- query counts -----------------------------------------------------------------------


def staff_with_sheets(size: int) -> tuple[dict, EvaluationCycle]:
    """A body with `size` specialists under the department head, each with a competency
    sheet marked in part."""
    body = make_body_under()
    for n in range(size - 2):
        position = make_position(
            body["org"], code=f"X{n}", category="E-4", reports_to=body["chief_position"]
        )
        make_appointment(make_servant(), position)
    opened, _report = cycle_open(organisation=body["org"], year=YEAR, actor=body["hr"].user)
    for case in opened.cases.exclude(servant__in=[body["hr"], body["chief"]]):
        competency_sheet_mark(case_id=case.pk, marks={"integrity": [1]}, actor=body["chief"].user)
    return body, opened


@pytest.mark.parametrize("size", [3, 30])
def test_a_cycle_with_competency_sheets_is_read_in_the_same_number_of_queries(
    client, django_assert_num_queries, size
):
    # the competency sheet comes in the cases' query (a join): still 12
    body, opened = staff_with_sheets(size)
    for who in ("hr", "chief"):
        client.force_login(body[who].user)
        with django_assert_num_queries(CYCLE_DETAIL_QUERIES):
            response = client.get(f"/api/v1/cycles/{opened.pk}")
        cases = response.json()["cases"]
        assert len(cases) == (size + 2 if who == "hr" else size + 1)
        assert [c["competency_sheet"]["state"] for c in cases if c["competency_sheet"]] == [
            "draft"
        ] * size


# session, user; visible case: HR bodies, positions held, subordinates' positions, the case;
# the sheet with its case, cycle, version, revision; the methodology's rules; the items, their
# indicators, those shown. The same for 1 or 11 competencies marked.
SHEET_QUERIES = 11


@pytest.mark.parametrize("marks", [{"integrity": [1]}, ALL_SHOWN_FIRST])
def test_a_sheet_is_read_in_a_fixed_number_of_queries(client, w, django_assert_num_queries, marks):
    marked_sheet(w, marks)
    client.force_login(w.chief.user)
    with django_assert_num_queries(SHEET_QUERIES):
        ok(client.get(f"/api/v1/cases/{w.case.pk}/competency-sheet"))


# --- the OpenAPI document ---------------------------------------------------------------


def test_the_openapi_document_lists_the_competency_endpoints_and_their_actions(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/cases/{case_id}/competency-sheet": "get",
        "/api/v1/cases/{case_id}/competency-sheet/marks": "put",
        "/api/v1/competency-sheets/{sheet_id}/{action}": "post",
        "/api/v1/cases/{case_id}/development-needs": "get",
    }
    for path, method in expected.items():
        operation = paths[path][method]
        assert operation["tags"] == ["competency"], path
        assert operation["summary"], path
        assert re.search(r"§2[5-8]", operation["description"]), path
    params = paths["/api/v1/competency-sheets/{sheet_id}/{action}"]["post"]["parameters"]
    assert next(p["schema"]["enum"] for p in params if p["name"] == "action") == [
        "sign",
        "reopen",
        "acknowledge",
        "to_commission",
    ]
    assert "Annex 3" in paths["/api/v1/cases/{case_id}/competency-sheet"]["get"]["description"]
