"""The evaluation API: opening cycles, who sees which cases, roles and actions, query counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.services import work_plan_act, work_plan_save_kpis
from bagalau.kpi.tests.factories import kpi_items, make_body_under
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

pytestmark = pytest.mark.django_db

# A past year: every quarter has ended and the year can be walked through today.
YEAR = timezone.localdate().year - 1
ROLES = ("operator", "hr", "head", "chief", "spec1", "other_hr", "anon")
TOKEN_ROLES = {"operator", "other_hr"}  # by bearer token; the others by session


@pytest.fixture
def w(db) -> SimpleNamespace:
    """Two bodies under Arys' act: `head` (first head, outside the "B" corps) → HR officer;
    head → department head `chief` → spec1, spec2; and an operator."""
    body, other = make_body_under(), make_body_under()
    operator = make_user("operator", is_superuser=True, is_staff=True)
    users = {r: body[r].user for r in ("hr", "head", "chief", "spec1", "spec2")}
    return SimpleNamespace(
        **body,
        other=other,
        code=body["org"].code,
        users={**users, "operator": operator, "other_hr": other["hr"].user, "anon": None},
        keys={
            "operator": api_token_create(user=operator)[1],
            "other_hr": api_token_create(user=other["hr"].user)[1],
        },
    )


@pytest.fixture
def cycle(w) -> EvaluationCycle:
    opened, _report = cycle_open(organisation=w.org, year=YEAR, actor=w.hr.user)
    return opened


def case_of(cycle: EvaluationCycle, servant) -> EvaluationCase:
    return EvaluationCase.objects.get(cycle=cycle, servant=servant)


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
    models = (EvaluationCycle, EvaluationCase, AuditEvent)
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


# --- permission matrix ------------------------------------------------------------------

# operator hr head chief spec1 other_hr anon
MATRIX = [
    ("cycles", "get", "/cycles", None, "200 200 200 200 200 200 401"),
    ("open", "post", "/cycles", {"org": "{w.code}", "year": YEAR + 1},
     "201 201 403 403 403 404 401"),
    # spec1 sees the cycle with their own case only; another body's HR sees nothing
    ("cycle", "get", "/cycles/{cycle.pk}", None, "200 200 200 200 200 404 401"),
    ("refresh", "post", "/cycles/{cycle.pk}/refresh", None, "200 200 403 403 403 404 401"),
    ("own case", "get", "/cases/{spec1_case.pk}", None, "200 200 200 200 200 404 401"),
    ("colleague's case", "get", "/cases/{spec2_case.pk}", None, "200 200 200 200 404 404 401"),
    # the first head is outside the "B" corps: no case
    ("HR officer's case", "get", "/cases/{hr_case.pk}", None, "200 200 200 404 404 404 401"),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "path", "payload", "expected"), MATRIX, ids=[c[0] for c in MATRIX]
)
def test_permission_matrix(client, w, cycle, role, name, method, path, payload, expected):
    # given an open cycle and the data before the request
    want = int(expected.split()[ROLES.index(role)])
    names = {
        "w": w,
        "cycle": cycle,
        "spec1_case": case_of(cycle, w.spec1),
        "spec2_case": case_of(cycle, w.spec2),
        "hr_case": case_of(cycle, w.hr),
    }
    if payload is not None:
        payload = {k: v.format(**names) if isinstance(v, str) else v for k, v in payload.items()}
    before = state()
    # when the role calls the endpoint
    response = call(client, w, role, method, path.format(**names), payload)
    # then the status is the matrix's, and a refused request changed nothing
    assert response.status_code == want, (name, role, response.content)
    if want >= 400:
        assert response.json()["detail"]
        assert state() == before


# --- opening and refreshing a cycle -----------------------------------------------------


def test_hr_opens_a_cycle_and_gets_it_with_the_cases_made(client, w):
    response = call(client, w, "hr", "post", "/cycles", {"org": w.code, "year": YEAR})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["organisation"], data["period"]) == (w.code, str(YEAR))
    assert data["evaluation_date"] == f"{YEAR}-12-31"
    assert data["methodology_version"] == f"{w.code}-arys-714"
    assert data["report"] == {"created": 4, "changed": 0, "unchanged": 0, "changes": []}
    event = AuditEvent.objects.get(action="evaluation_cycle.open")
    assert (event.actor, event.channel) == (w.hr.user, "api")


def test_opening_twice_or_with_a_bad_date_is_422_on_the_field(client, w, cycle):
    again = call(client, w, "hr", "post", "/cycles", {"org": w.code, "year": YEAR})
    assert again.status_code == 422
    assert "already open" in again.json()["errors"]["year"][0]
    early = {"org": w.code, "year": YEAR + 1, "evaluation_date": f"{YEAR}-06-30"}
    response = call(client, w, "hr", "post", "/cycles", early)
    assert response.status_code == 422
    assert "evaluation_date" in response.json()["errors"]
    missing = call(client, w, "hr", "post", "/cycles", {"org": w.code})
    assert set(missing.json()["errors"]) == {"year"}
    assert EvaluationCycle.objects.count() == 1


def test_an_unknown_body_is_404(client, w):
    response = call(client, w, "operator", "post", "/cycles", {"org": "nope", "year": YEAR})
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_refresh_makes_a_case_for_a_newcomer(client, w, cycle):
    position = make_position(w.org, code="D1-new", category="E-4", reports_to=w.chief_position)
    newcomer = make_servant()
    make_appointment(newcomer, position, date_from=dt.date(YEAR, 2, 3))
    response = call(client, w, "hr", "post", f"/cycles/{cycle.pk}/refresh")
    assert response.json() == {"created": 1, "changed": 0, "unchanged": 4, "changes": []}
    assert case_of(cycle, newcomer).plan_start == dt.date(YEAR, 2, 3)


def test_refresh_reports_each_changed_eligibility(client, w, cycle):
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    response = call(client, w, "operator", "post", f"/cycles/{cycle.pk}/refresh")
    assert response.json()["changes"] == [
        {
            "servant_id": w.spec2.pk,
            "eligibility_before": "included",
            "eligibility_after": "excluded",
        }
    ]


# --- reading cycles and cases -----------------------------------------------------------


def test_cycle_list_shows_the_cycles_the_caller_may_see(client, w, cycle):
    cycle_open(organisation=w.other["org"], year=YEAR, actor=w.other["hr"].user)
    assert [c["id"] for c in call(client, w, "spec1", "get", "/cycles").json()] == [cycle.pk]
    assert len(call(client, w, "operator", "get", "/cycles").json()) == 2
    only = call(client, w, "operator", "get", f"/cycles?org={w.code}").json()
    assert [c["organisation"] for c in only] == [w.code]
    assert call(client, w, "other_hr", "get", f"/cycles?org={w.code}").json() == []


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("hr", {"hr", "chief", "spec1", "spec2"}),
        ("operator", {"hr", "chief", "spec1", "spec2"}),
        ("head", {"hr", "chief", "spec1", "spec2"}),  # everyone reports to the first head
        ("chief", {"chief", "spec1", "spec2"}),  # own and subordinates'
        ("spec1", {"spec1"}),
    ],
)
def test_a_cycle_shows_the_cases_the_caller_may_see(client, w, cycle, role, seen):
    data = call(client, w, role, "get", f"/cycles/{cycle.pk}").json()
    assert {c["servant"]["id"] for c in data["cases"]} == {getattr(w, r).pk for r in seen}


def test_a_case_names_servant_position_eligibility_and_documents(client, w, cycle):
    # given spec2 on probation on the evaluation date, spec1's plan submitted
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    call(client, w, "hr", "post", f"/cycles/{cycle.pk}/refresh")
    case = case_of(cycle, w.spec1)
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=kpi_items(case.plan_start, cycle.period_end), actor=w.chief.user
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    # when HR reads the cycle
    data = call(client, w, "hr", "get", f"/cycles/{cycle.pk}").json()
    cases = {c["servant"]["id"]: c for c in data["cases"]}
    # then each case carries what the HR officer needs to see
    spec1 = cases[w.spec1.pk]
    assert spec1["servant"] == {
        "id": w.spec1.pk,
        "iin": w.spec1.iin,
        "full_name": w.spec1.full_name,
    }
    assert (spec1["position"]["code"], spec1["position"]["category"]) == ("D1-spec1", "E-4")
    assert (spec1["eligibility"], spec1["reason"]) == ("included", "in_position")
    assert spec1["reason_label"] == "in the position for the period"
    assert (spec1["plan_start"], spec1["paragraph"]) == (f"{YEAR}-01-01", "§4")
    assert spec1["work_plan"]["state"] == "submitted"
    assert spec1["work_plan"]["version"] == 1
    assert (spec1["quarterly_reviews"], spec1["kpi_sheet"]) == (0, None)
    spec2 = cases[w.spec2.pk]
    assert (spec2["eligibility"], spec2["reason"]) == ("excluded", "probation")
    assert spec2["reason_label"] == "on probation"
    assert spec2["until"] == f"{YEAR + 1}-01-31"
    assert spec2["work_plan"] is None


def test_a_case_tells_the_caller_their_roles_and_what_they_may_do_now(client, w, cycle):
    case = case_of(cycle, w.spec1)
    path = f"/cases/{case.pk}"

    def seen(role):
        data = call(client, w, role, "get", path).json()
        return data["roles"], data["actions"]

    # before any plan: the direct supervisor writes the KPIs
    none = {"work_plan": [], "kpi_sheet": [], "competency_sheet": []}
    assert seen("chief") == (
        ["direct_supervisor"],
        {"work_plan": ["edit"], "kpi_sheet": [], "competency_sheet": ["edit"]},
    )
    assert seen("head") == (["approver"], none)
    assert seen("spec1") == (["servant"], none)
    assert seen("hr") == (["hr"], none)
    assert seen("operator")[0] == ["operator"]
    # once drafted the supervisor may submit; once submitted the approver decides
    items = kpi_items(case.plan_start, cycle.period_end)
    plan = work_plan_save_kpis(case_id=case.pk, kpis=items, actor=w.chief.user)
    assert seen("chief")[1]["work_plan"] == ["edit", "submit"]
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    assert seen("chief")[1]["work_plan"] == []
    assert seen("head")[1]["work_plan"] == ["approve", "return"]
    # approved: the supervisor may revise the plan and start the KPI sheet
    work_plan_act(plan_id=plan.pk, action="approve", actor=w.head.user)
    assert seen("chief")[1] == {
        "work_plan": ["revise"],
        "kpi_sheet": ["edit"],
        "competency_sheet": ["edit"],
    }
    data = call(client, w, "chief", "get", path).json()
    assert (data["cycle"]["id"], data["work_plan"]["state"]) == (cycle.pk, "approved")


def test_an_excluded_case_offers_no_actions(client, w, cycle):
    w.spec2.appointments.update(probation_end=dt.date(YEAR + 1, 1, 31))
    call(client, w, "hr", "post", f"/cycles/{cycle.pk}/refresh")
    data = call(client, w, "chief", "get", f"/cases/{case_of(cycle, w.spec2).pk}").json()
    assert data["actions"] == {"work_plan": [], "kpi_sheet": [], "competency_sheet": []}


# --- query counts -----------------------------------------------------------------------


def staff_with_documents(size: int) -> tuple[dict, EvaluationCycle]:
    """A body with `size` specialists under the department head, each with an approved
    plan, a quarterly review and a KPI sheet."""
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


# session, user; the visible cycle: HR bodies (twice: visible_cycles asks, then its
# visible_cases), positions held, the body's reporting map, the cycle; the visible cases: HR
# bodies, positions held, reporting map, the cases with servant, position, sheet and
# review count; their plans. Nothing per case.
CYCLE_DETAIL_QUERIES = 12


@pytest.mark.parametrize("size", [3, 30])
def test_a_cycle_is_read_in_the_same_number_of_queries_for_3_or_30(
    client, django_assert_num_queries, size
):
    body, opened = staff_with_documents(size)
    for who in ("hr", "chief"):
        client.force_login(body[who].user)
        with django_assert_num_queries(CYCLE_DETAIL_QUERIES):
            response = client.get(f"/api/v1/cycles/{opened.pk}")
        cases = response.json()["cases"]
        assert len(cases) == (size + 2 if who == "hr" else size + 1)
        assert sum(c["quarterly_reviews"] for c in cases) == size
        assert sum(1 for c in cases if c["kpi_sheet"]) == size


# --- authentication and the OpenAPI document --------------------------------------------


def test_anonymous_callers_are_401(client, w, cycle):
    for path in ("/cycles", f"/cycles/{cycle.pk}", f"/cases/{case_of(cycle, w.spec1).pk}"):
        response = client.get(f"/api/v1{path}")
        assert response.status_code == 401
        assert "authentication" in response.json()["detail"]


def test_the_openapi_document_lists_the_evaluation_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/cycles"]) == {"get", "post"}
    assert "get" in paths["/api/v1/cycles/{cycle_id}"]
    assert "post" in paths["/api/v1/cycles/{cycle_id}/refresh"]
    assert paths["/api/v1/cases/{case_id}"]["get"]["tags"] == ["evaluation"]
