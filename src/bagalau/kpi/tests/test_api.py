"""The KPI track through the API: plan and sheet rounds, who may see and do what, refusals
that change nothing, field-keyed errors, query counts, the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# A past year: every quarter has ended, so the whole track can be walked through today.
YEAR = TODAY.year - 1
ROLES = ("operator", "hr", "head", "chief", "spec1", "spec2", "other_hr", "anon")
TOKEN_ROLES = {"chief", "other_hr"}  # by bearer token; the others by session


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
    # no data: an empty body, as `curl -X POST` sends
    body = {"data": "" if data is None else data, "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1{path}", headers=headers, **body)


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def state() -> dict[str, list[str]]:
    """Every row of the KPI track and the audit log, to show a refusal changed nothing."""
    models = (WorkPlan, Kpi, QuarterlyReview, KpiSheet, KpiResult, AuditEvent)
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


def items(w) -> list[dict[str, Any]]:
    return kpi_items(w.case.plan_start, w.cycle.period_end)


def approved_plan(w) -> WorkPlan:
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    return work_plan_act(plan_id=plan.pk, action="approve", actor=w.head.user)


def signed_sheet(w) -> KpiSheet:
    approved_plan(w)
    results = [
        {"kpi": n, "actual_value": 99, "evidence": f"акт №{n}", "achieved": True}
        for n in range(1, 6)
    ]
    sheet = kpi_sheet_save_results(case_id=w.case.pk, results=results, actor=w.chief.user)
    return kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=w.chief.user)


# --- the rounds a user walks through ----------------------------------------------------


def test_a_plan_round_save_submit_return_resubmit_approve(client, w):
    case = f"/cases/{w.case.pk}"
    # the direct supervisor writes the KPIs (by token) and submits
    plan = ok(call(client, w, "chief", "put", f"{case}/work-plan/kpis", {"kpis": items(w)}))
    assert (plan["version"], plan["state"], len(plan["kpis"])) == (1, "draft", 5)
    assert plan["kpis"][0]["planned_value"] == "91"
    assert plan["kpis"][0]["deadline"] == f"{YEAR}-12-31"
    act = f"/work-plans/{plan['id']}"
    assert ok(call(client, w, "chief", "post", f"{act}/submit", {}))["state"] == "submitted"
    # the superior supervisor returns it, saying why; rework is due in 2 working days
    returned = ok(
        call(client, w, "head", "post", f"{act}/return", {"reason": "KPI 3 is not measurable"})
    )
    assert (returned["state"], returned["return_reason"]) == ("returned", "KPI 3 is not measurable")
    assert returned["resubmit_due"] > TODAY.isoformat()
    # the supervisor reworks KPI 3 and resubmits (no body needed)
    fixed = items(w)
    fixed[2]["name"] = "Жаңа өлшенетін көрсеткіш"
    ok(call(client, w, "chief", "put", f"{case}/work-plan/kpis", {"kpis": fixed}))
    assert ok(call(client, w, "chief", "post", f"{act}/submit"))["state"] == "submitted"
    # the superior supervisor approves: the plan is locked
    approved = ok(call(client, w, "head", "post", f"{act}/approve", {}))
    assert (approved["state"], approved["approved_by"]) == ("approved", w.head.user.username)
    assert approved["return_reason"] == ""
    assert approved["kpis"][2]["name"] == "Жаңа өлшенетін көрсеткіш"
    locked = call(client, w, "chief", "put", f"{case}/work-plan/kpis", {"kpis": fixed})
    assert locked.status_code == 409
    # everyone concerned reads the same plan
    for role in ("spec1", "hr", "operator"):
        assert ok(call(client, w, role, "get", act)) == approved
    actions = AuditEvent.objects.filter(object_type="kpi.workplan").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == [
        "work_plan.edit",
        "work_plan.submit",
        "work_plan.return",
        "work_plan.edit",
        "work_plan.submit",
        "work_plan.approve",
    ]


def test_revising_an_approved_plan_answers_the_new_version_and_keeps_the_old(client, w):
    plan = approved_plan(w)
    second = ok(call(client, w, "chief", "post", f"/work-plans/{plan.pk}/revise", {}))
    assert (second["version"], second["state"], len(second["kpis"])) == (2, "draft", 5)
    changed = items(w)
    changed[4]["planned_value"] = "50.5"
    ok(call(client, w, "chief", "put", f"/cases/{w.case.pk}/work-plan/kpis", {"kpis": changed}))
    ok(call(client, w, "chief", "post", f"/work-plans/{second['id']}/submit"))
    ok(call(client, w, "head", "post", f"/work-plans/{second['id']}/approve"))
    versions = ok(call(client, w, "spec1", "get", f"/cases/{w.case.pk}/work-plans"))
    assert [(v["version"], v["state"]) for v in versions] == [(2, "approved"), (1, "superseded")]
    assert [v["kpis"][4]["planned_value"] for v in versions] == ["50.5", "95"]


def test_a_quarterly_review_is_recorded_and_read(client, w):
    approved_plan(w)
    path = f"/cases/{w.case.pk}/quarterly-reviews"
    body = {
        "progress": [{"kpi": 1, "value": "45.5", "comment": "жартысы орындалды"}],
        "recommendations": "Өтініштер тізілімін жүргізу",
    }
    review = ok(call(client, w, "chief", "put", f"{path}/{YEAR}/1", body))
    assert (review["year"], review["quarter"], review["plan_version"]) == (YEAR, 1, 1)
    assert review["progress"] == [{"kpi": 1, "value": "45.5", "comment": "жартысы орындалды"}]
    # recording the quarter again replaces it
    body["recommendations"] = "Тізілімді апта сайын тексеру"
    ok(call(client, w, "chief", "put", f"{path}/{YEAR}/1", body))
    listed = ok(call(client, w, "spec1", "get", path))
    assert [(r["quarter"], r["recommendations"]) for r in listed] == [
        (1, "Тізілімді апта сайын тексеру")
    ]
    # only the direct supervisor records it; recommendations are required; Q5 does not exist
    assert call(client, w, "head", "put", f"{path}/{YEAR}/2", body).status_code == 403
    empty = {**body, "recommendations": " "}
    refused = call(client, w, "chief", "put", f"{path}/{YEAR}/2", empty)
    assert "recommendations" in refused.json()["errors"]
    assert "quarter" in call(client, w, "chief", "put", f"{path}/{YEAR}/5", body).json()["errors"]
    bad = {**body, "progress": [{"kpi": 2, "value": "a lot"}, {"kpi": 9}]}
    errors = call(client, w, "chief", "put", f"{path}/{YEAR}/2", bad).json()["errors"]
    assert set(errors) == {"progress.2.value", "progress"}
    assert QuarterlyReview.objects.count() == 1


def test_a_kpi_sheet_round(client, w):
    approved_plan(w)
    case = f"/cases/{w.case.pk}"
    assert call(client, w, "chief", "get", f"{case}/kpi-sheet").status_code == 404
    # the supervisor enters values and evidence; the system proposes achieved or not
    results = [
        {"kpi": n, "actual_value": 95 if n <= 4 else 10, "evidence": f"есеп №{n}"}
        for n in range(1, 6)
    ]
    sheet = ok(call(client, w, "chief", "put", f"{case}/kpi-sheet/results", {"results": results}))
    assert [r["proposed"] for r in sheet["results"]] == [True, True, True, True, False]
    assert [r["achieved"] for r in sheet["results"]] == [None] * 5
    assert sheet["results"][0]["actual_value"] == "95"
    # and confirms; the fields not given keep their values
    confirm = [{"kpi": n, "achieved": n <= 4} for n in range(1, 6)]
    sheet = ok(call(client, w, "chief", "put", f"{case}/kpi-sheet/results", {"results": confirm}))
    assert sheet["results"][3]["evidence"] == "есеп №4"
    act = f"/kpi-sheets/{sheet['id']}"
    signed = ok(call(client, w, "chief", "post", f"{act}/sign"))
    assert (signed["state"], signed["achieved_count"], signed["rating"]) == (
        "signed",
        4,
        "effective",
    )
    # the servant has seen it; the superior supervisor returns it for weak evidence
    seen = ok(call(client, w, "spec1", "post", f"{act}/acknowledge"))
    assert seen["acknowledged_at"] is not None
    returned = ok(call(client, w, "head", "post", f"{act}/return", {"reason": "KPI 4: no report"}))
    assert (returned["state"], returned["return_reason"]) == ("returned", "KPI 4: no report")
    evidence = [{"kpi": 4, "evidence": "есеп №4, тіркеу №118"}]
    ok(call(client, w, "chief", "put", f"{case}/kpi-sheet/results", {"results": evidence}))
    ok(call(client, w, "chief", "post", f"{act}/sign"))
    agreed = ok(call(client, w, "head", "post", f"{act}/agree"))
    assert agreed["state"] == "agreed"
    assert agreed["commission_due"] > TODAY.isoformat()
    done = ok(call(client, w, "hr", "post", f"{act}/to_commission"))
    assert done["state"] == "with_commission"
    assert ok(call(client, w, "spec1", "get", f"{case}/kpi-sheet")) == done


# --- permission matrix ------------------------------------------------------------------

# operator hr head chief spec1 spec2 other_hr anon
READ = "200 200 200 200 200 404 404 401"  # spec2 is a colleague: spec1's case is not theirs
MATRIX = [
    ("plans", "get", "/cases/{case}/work-plans", None, READ),
    ("plan", "get", "/work-plans/{plan}", None, READ),
    ("reviews", "get", "/cases/{case}/quarterly-reviews", None, READ),
    ("sheet", "get", "/cases/{case}/kpi-sheet", None, READ),
    # only the direct supervisor writes the plan; who else sees the case is refused (409)
    ("write KPIs", "put", "/cases/{case}/work-plan/kpis", "KPIS",
     "409 409 409 200 409 404 404 401"),
    ("submit", "post", "/work-plans/{plan}/submit", {}, "409 409 409 200 409 404 404 401"),
    # the approver of spec1's plan is the chief's superior, the first head
    ("approve", "post", "/work-plans/{plan}/approve", {}, "409 409 200 409 409 404 404 401"),
    # the servant signs the approved plan as seen (Annex 1)
    ("see plan", "post", "/work-plans/{plan}/acknowledge", {}, "409 409 409 409 200 404 404 401"),
    ("review", "put", "/cases/{case}/quarterly-reviews/{year}/2",
     {"progress": [], "recommendations": "жақсы"}, "403 403 403 200 403 404 404 401"),
    ("results", "put", "/cases/{case}/kpi-sheet/results", {"results": [{"kpi": 1}]},
     "409 409 409 409 409 404 404 401"),  # signed: nobody edits
    ("acknowledge", "post", "/kpi-sheets/{sheet}/acknowledge", {},
     "409 409 409 409 200 404 404 401"),
    ("agree", "post", "/kpi-sheets/{sheet}/agree", {}, "409 409 200 409 409 404 404 401"),
    ("to commission", "post", "/kpi-sheets/{sheet}/to_commission", {},
     "409 409 409 409 409 404 404 401"),  # out of turn for everyone: not agreed yet
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "payload", "expected"), MATRIX, ids=[c[0] for c in MATRIX]
)
def test_permission_matrix(client, w, role, name, method, path, payload, expected):
    # given spec1's plan approved and their sheet signed, or a draft plan for plan actions
    if name in ("write KPIs", "submit", "approve"):
        plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
        if name == "approve":
            work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
        sheet = None
    else:
        sheet = signed_sheet(w)
        plan = sheet.plan
    names = {"case": w.case.pk, "plan": plan.pk, "sheet": sheet and sheet.pk, "year": YEAR}
    if payload == "KPIS":
        payload = {"kpis": items(w)}
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


def test_a_servant_cannot_see_a_colleagues_plan(client, w):
    plan = approved_plan(w)
    assert call(client, w, "spec2", "get", f"/work-plans/{plan.pk}").status_code == 404
    response = call(client, w, "spec2", "get", f"/cases/{w.case.pk}/work-plans")
    assert response.status_code == 404
    assert response.json()["detail"] == f"no evaluation case with the id {w.case.pk}"


def test_the_direct_supervisor_cannot_approve_in_the_superiors_place(client, w):
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    before = state()
    response = call(client, w, "chief", "post", f"/work-plans/{plan.pk}/approve")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Only the superior supervisor (or the first head) may “approve” while the document "
        "is submitted for approval."
    )
    assert state() == before


def test_an_action_out_of_turn_is_409_and_changes_nothing(client, w):
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    before = state()
    response = call(client, w, "head", "post", f"/work-plans/{plan.pk}/approve")
    assert response.status_code == 409
    assert "only while submitted" in response.json()["detail"]
    sheet = signed_sheet(w)
    again = call(client, w, "chief", "post", f"/kpi-sheets/{sheet.pk}/sign")
    assert again.status_code == 409
    assert WorkPlan.objects.get(pk=plan.pk).state == "approved"
    assert KpiSheet.objects.get(pk=sheet.pk).state == "signed"
    assert len(state()["AuditEvent"]) > len(before["AuditEvent"])  # only signed_sheet's


def test_an_older_plan_version_cannot_be_acted_on(client, w):
    plan = approved_plan(w)
    work_plan_act(plan_id=plan.pk, action="revise", actor=w.chief.user)
    response = call(client, w, "chief", "post", f"/work-plans/{plan.pk}/revise")
    assert response.status_code == 409
    assert "version 2" in response.json()["detail"]


def test_an_unknown_action_is_422_and_unknown_ids_404(client, w):
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    assert call(client, w, "chief", "post", f"/work-plans/{plan.pk}/supersede").status_code == 422
    assert call(client, w, "chief", "post", "/work-plans/999999/submit").status_code == 404
    assert call(client, w, "chief", "post", "/kpi-sheets/999999/sign").status_code == 404
    assert call(client, w, "operator", "get", "/cases/999999/kpi-sheet").status_code == 404


def test_anonymous_callers_are_401(client, w):
    for method, path in [
        ("get", f"/cases/{w.case.pk}/work-plans"),
        ("put", f"/cases/{w.case.pk}/work-plan/kpis"),
        ("get", "/inbox"),
    ]:
        response = getattr(client, method)(
            f"/api/v1{path}", data={"kpis": []}, content_type="application/json"
        )
        assert response.status_code == 401


def local_day(moment: str) -> dt.date:
    return timezone.localdate(dt.datetime.fromisoformat(moment))


def test_the_servant_signs_the_approved_plan_as_seen_once(client, w):
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    act = f"/work-plans/{plan.pk}/acknowledge"
    # a draft is not signed as seen
    assert call(client, w, "spec1", "post", act).status_code == 409
    approved_plan(w)
    assert ok(call(client, w, "spec1", "get", f"/work-plans/{plan.pk}"))["acknowledged_at"] is None
    seen = ok(call(client, w, "spec1", "post", act))
    assert seen["state"] == "approved"
    assert local_day(seen["acknowledged_at"]) == TODAY
    assert ok(call(client, w, "spec1", "get", f"/cases/{w.case.pk}"))["actions"]["work_plan"] == []
    # twice: refused, naming the day, nothing changed
    before = state()
    again = call(client, w, "spec1", "post", act)
    assert again.status_code == 422
    assert again.json()["detail"] == f"the servant saw the work plan on {TODAY.isoformat()} already"
    assert state() == before
    # the supervisor and the approver may not; a colleague does not see it
    for role, status in (("chief", 409), ("head", 409), ("spec2", 404), ("other_hr", 404)):
        assert call(client, w, role, "post", act).status_code == status, role
    assert state() == before


def test_the_servant_signs_a_quarterly_review_as_seen(client, w):
    approved_plan(w)
    path = f"/cases/{w.case.pk}/quarterly-reviews"
    body = {"progress": [], "recommendations": "Өтініштер тізілімін жүргізу"}
    review = ok(call(client, w, "chief", "put", f"{path}/{YEAR}/1", body))
    assert review["acknowledged_at"] is None
    act = f"/quarterly-reviews/{review['id']}/acknowledge"
    before = state()
    for role, status in (("chief", 403), ("head", 403), ("hr", 403), ("spec2", 404)):
        assert call(client, w, role, "post", act).status_code == status, role
    assert call(client, w, "other_hr", "post", act).status_code == 404
    unknown = call(client, w, "spec1", "post", "/quarterly-reviews/999999/acknowledge")
    assert unknown.status_code == 404
    assert state() == before
    seen = ok(call(client, w, "spec1", "post", act))
    assert local_day(seen["acknowledged_at"]) == TODAY
    assert (
        ok(call(client, w, "chief", "get", path))[0]["acknowledged_at"] == seen["acknowledged_at"]
    )
    again = call(client, w, "spec1", "post", act)
    assert again.status_code == 422
    assert f"on {TODAY.isoformat()} already" in again.json()["detail"]
    # recorded again: the servant is asked to see the new recommendations
    body["recommendations"] = "Тізілімді апта сайын тексеру"
    assert ok(call(client, w, "chief", "put", f"{path}/{YEAR}/1", body))["acknowledged_at"] is None
    assert ok(call(client, w, "spec1", "post", act))["acknowledged_at"] is not None


# --- refused input: 422 keyed by field, nothing changed ----------------------------------


def test_a_plan_failing_the_section_13_checks_is_422_per_kpi_and_stays_a_draft(client, w):
    bad = kpi_items(w.case.plan_start, w.cycle.period_end, count=4)
    bad[0]["unit"] = ""
    bad[1]["deadline"] = f"{YEAR + 1}-03-01"
    bad[2]["name"] = bad[3]["name"].upper()
    bad[3]["key_result"] = " "
    plan = ok(call(client, w, "chief", "put", f"/cases/{w.case.pk}/work-plan/kpis", {"kpis": bad}))
    before = state()
    response = call(client, w, "chief", "post", f"/work-plans/{plan['id']}/submit")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["kpis"] == ["a work plan has exactly 5 KPIs (§14); this one has 4"]
    assert errors["kpis.1.unit"] == ["KPI 1: the unit of measure is missing (§13)"]
    assert errors["kpis.2.deadline"] == [
        f"KPI 2: the deadline is outside the plan's period {YEAR}-01-01 – {YEAR}-12-31 (§13)"
    ]
    assert errors["kpis.4.name"] == ["KPI 4 repeats KPI 3 (§13)"]
    assert "kpis.4.key_result" in errors
    assert state() == before


def test_malformed_kpis_are_422_on_the_kpis_number(client, w):
    bad = items(w)
    bad[0]["planned_value"] = "ninety"
    bad[1]["deadline"] = "31.12.2025"
    bad[2]["source"] = "gut_feeling"
    bad[3]["planed_value"] = 5
    before = state()
    path = f"/cases/{w.case.pk}/work-plan/kpis"
    response = call(client, w, "chief", "put", path, {"kpis": [*bad, bad[4]]})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "kpis",  # six given
        "kpis.1.planned_value",
        "kpis.2.deadline",
        "kpis.3.source",
        "kpis.4",  # the misspelt field is named, not dropped
    }
    assert "planed_value" in response.json()["errors"]["kpis.4"][0]
    assert state() == before


def test_returning_without_a_reason_is_422_on_reason(client, w):
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    response = call(client, w, "head", "post", f"/work-plans/{plan.pk}/return", {"reason": " "})
    assert response.status_code == 422
    assert "reason" in response.json()["errors"]
    assert WorkPlan.objects.get(pk=plan.pk).state == "submitted"


def test_signing_needs_every_kpi_confirmed_with_evidence(client, w):
    approved_plan(w)
    sheet = kpi_sheet_save_results(
        case_id=w.case.pk, results=[{"kpi": 1, "actual_value": "99"}], actor=w.chief.user
    )
    response = call(client, w, "chief", "post", f"/kpi-sheets/{sheet.pk}/sign")
    assert response.status_code == 422
    assert {"results.1.achieved", "results.1.evidence", "results.5.achieved"} <= set(
        response.json()["errors"]
    )
    assert KpiSheet.objects.get(pk=sheet.pk).state == "draft"


def test_results_before_the_plan_is_approved_are_422(client, w):
    work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    path = f"/cases/{w.case.pk}/kpi-sheet/results"
    response = call(client, w, "chief", "put", path, {"results": [{"kpi": 1}]})
    assert response.status_code == 422
    assert "not approved" in response.json()["detail"]
    assert not KpiSheet.objects.exists()


# --- the inbox --------------------------------------------------------------------------


def current_cycle_body(subordinates: int) -> dict:
    """A body with this year's cycle open and `subordinates` specialists under the chief."""
    body = make_body_under()
    for n in range(subordinates - 2):
        position = make_position(
            body["org"], code=f"X{n}", category="E-4", reports_to=body["chief_position"]
        )
        make_appointment(make_servant(), position)
    cycle_open(organisation=body["org"], year=TODAY.year, actor=body["hr"].user)
    return body


def test_the_inbox_lists_what_waits_for_the_caller(client):
    body = current_cycle_body(2)
    client.force_login(body["chief"].user)
    waiting = ok(client.get("/api/v1/inbox"))
    assert sorted(a["servant"] for a in waiting) == sorted(
        body[s].short_name for s in ("spec1", "spec2")
    )
    first = waiting[0]
    assert (first["document"], first["action"], first["role"]) == (
        "work_plan",
        "draft",
        "direct_supervisor",
    )
    assert first["due"] == EvaluationCase.objects.get(pk=first["case"]).plan_due.isoformat()
    client.force_login(body["spec1"].user)
    assert ok(client.get("/api/v1/inbox")) == []


def test_the_inbox_lists_competency_sheets_and_hrs_escalations(client):
    body = make_body_under()
    # last year's cycle, evaluated ten days ago: its competency sheets are due now (§25)
    cycle_open(
        organisation=body["org"],
        year=TODAY.year - 1,
        actor=body["hr"].user,
        evaluation_date=TODAY - dt.timedelta(days=10),
    )
    client.force_login(body["chief"].user)
    waiting = ok(client.get("/api/v1/inbox"))
    assert {(a["document"], a["action"], a["escalation"]) for a in waiting} >= {
        ("competency_sheet", "assess", None)
    }
    body["chief"].appointments.update(date_to=TODAY - dt.timedelta(days=1))
    client.force_login(body["hr"].user)
    escalated = {
        (a["servant"], a["document"], a["escalation"])
        for a in ok(client.get("/api/v1/inbox"))
        if a["escalation"]
    }
    assert (body["spec1"].short_name, "competency_sheet", "vacant") in escalated


# session, user; the viewer: positions held, HR bodies; the caller's servant records, their
# positions' bodies, their cases' bodies; the cases, plans, reviews, sheets, reporting map,
# calendar; the commission stage: the authorized position, cases ready for a meeting,
# meetings, orders, acquaintances, appeals. Nothing per subordinate.
INBOX_QUERIES = 19  # with competency sheets; an HR officer's costs one more (vacancies)


@pytest.mark.parametrize("subordinates", [3, 30])
def test_the_inbox_takes_the_same_number_of_queries_for_3_or_30(
    client, django_assert_num_queries, subordinates
):
    body = current_cycle_body(subordinates)
    client.force_login(body["chief"].user)
    with django_assert_num_queries(INBOX_QUERIES):
        waiting = ok(client.get("/api/v1/inbox"))
    assert len(waiting) == subordinates


# --- the OpenAPI document ---------------------------------------------------------------


def test_the_openapi_document_lists_the_kpi_endpoints_and_their_actions(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/cases/{case_id}/work-plans": "get",
        "/api/v1/cases/{case_id}/work-plan/kpis": "put",
        "/api/v1/work-plans/{plan_id}": "get",
        "/api/v1/work-plans/{plan_id}/{action}": "post",
        "/api/v1/cases/{case_id}/quarterly-reviews": "get",
        "/api/v1/cases/{case_id}/quarterly-reviews/{year}/{quarter}": "put",
        "/api/v1/cases/{case_id}/kpi-sheet": "get",
        "/api/v1/cases/{case_id}/kpi-sheet/results": "put",
        "/api/v1/kpi-sheets/{sheet_id}/{action}": "post",
        "/api/v1/inbox": "get",
    }
    for path, method in expected.items():
        assert paths[path][method]["tags"] == ["kpi"], path
        assert paths[path][method]["description"], path

    def actions(path):
        params = paths[path]["post"]["parameters"]
        return next(p["schema"]["enum"] for p in params if p["name"] == "action")

    assert actions("/api/v1/work-plans/{plan_id}/{action}") == [
        "submit",
        "approve",
        "return",
        "acknowledge",
        "revise",
    ]
    assert paths["/api/v1/quarterly-reviews/{review_id}/acknowledge"]["post"]["tags"] == ["kpi"]
    assert actions("/api/v1/kpi-sheets/{sheet_id}/{action}") == [
        "sign",
        "acknowledge",
        "agree",
        "return",
        "to_commission",
    ]
