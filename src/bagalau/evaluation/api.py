"""REST endpoints of evaluation cycles (§4) and the cases in them.

Reads go through what the caller may see: a cycle of a body where they are HR or have a
visible case, and within it the cases of `visible_cases` (all for the body's HR and
operators, a supervisor's subordinates', a servant's own). Anything else answers 404, as if
it did not exist. Opening and refreshing a cycle is for the body's HR officers and
operators (403 for the others).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from bagalau.core.workflow import Role
from bagalau.evaluation import schemas as s
from bagalau.evaluation.actions import case_actions
from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.selectors import (
    case_list,
    case_roles,
    visible_cases,
    visible_cycles,
)
from bagalau.evaluation.services import cycle_open, cycle_refresh
from bagalau.kpi.selectors import cases_with_documents, visible_case_with_documents
from bagalau.orgstructure.access import can_manage_body, visible_bodies

router = Router(tags=["evaluation"])


def _cycle(user: Any, cycle_id: int) -> EvaluationCycle:
    cycle = visible_cycles(user).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": cycle_id})
    return cycle


def _require_manage(user: Any, organisation_id: int) -> None:
    if not can_manage_body(user, organisation_id):
        raise PermissionDenied(_("only the body's personnel service may open or refresh a cycle"))


@router.get("/cycles", response=list[s.CycleOut], summary="List evaluation cycles")
def cycle_list_endpoint(request: HttpRequest, org: str | None = None):
    """The evaluation cycles the caller may see, by body then newest first: every cycle of
    a body where they are HR, and the cycles where they have a case to see (their own or a
    subordinate's). `?org=CODE` keeps one body's."""
    cycles = visible_cycles(request.auth)
    if org:
        cycles = cycles.filter(organisation__code=org)
    return cycles.order_by("organisation__code", "-period_start")


@router.post("/cycles", response={201: s.CycleOpenOut}, summary="Open a cycle")
def cycle_open_endpoint(request: HttpRequest, payload: s.CycleIn):
    """Open a body's evaluation cycle for a calendar year (§4).

    The methodology version in force on the evaluation date (else at the period's start) is
    fixed on the cycle, and one case is made per servant of the body's "B" corps positions
    with their eligibility decided: included, excluded (probation, social leave, study, less
    than 3 months in the position) or deferred (absent on the evaluation date). For the
    body's HR officers and operators (403); an unknown body is 404; a second cycle for the
    same year, or no methodology in force, is 422.
    """
    body = visible_bodies(request.auth).filter(code=payload.org).first()
    if body is None:
        raise Http404(_("no state body with the code %(code)r") % {"code": payload.org})
    cycle, report = cycle_open(
        organisation=body,
        year=payload.year,
        evaluation_date=payload.evaluation_date,
        actor=request.auth,
        channel="api",
    )
    cycle.report = report
    return Status(201, cycle)


@router.get("/cycles/{cycle_id}", response=s.CycleDetailOut, summary="A cycle with its cases")
def cycle_detail(request: HttpRequest, cycle_id: int):
    """A cycle with the cases the caller may see: each case's servant, position,
    eligibility with its reason and paragraph (§4), due dates, and the state of the work
    plan, quarterly reviews, KPI sheet and competency sheet (Annex 3). Read in a fixed
    number of queries."""
    cycle = _cycle(request.auth, cycle_id)
    cases = case_list(cycle).filter(pk__in=visible_cases(request.auth).values("pk"))
    cycle.cases_seen = list(cases_with_documents(cases))
    for case in cycle.cases_seen:
        case.cycle = cycle  # the organisation and version are loaded once, on the cycle
    return cycle


@router.post(
    "/cycles/{cycle_id}/refresh", response=s.RefreshReportOut, summary="Decide eligibility again"
)
def cycle_refresh_endpoint(request: HttpRequest, cycle_id: int):
    """Decide eligibility again from today's appointments and absences (§4); a servant new
    to the body's "B" corps gets a case. (The same happens by itself whenever HR changes an
    appointment or absence.) For the body's HR officers and operators."""
    cycle = _cycle(request.auth, cycle_id)
    _require_manage(request.auth, cycle.organisation_id)
    return cycle_refresh(cycle=cycle, actor=request.auth, channel="api")


@router.get("/cases/{case_id}", response=s.CaseDetailOut, summary="A case, your roles and actions")
def case_detail(request: HttpRequest, case_id: int):
    """One case with its documents' state, who the caller is to it (`roles`) and what they
    may do now on the work plan, the KPI sheet and the competency sheet (`actions`)."""
    case = visible_case_with_documents(request.auth, case_id)
    held = case_roles(request.auth, case)
    case.caller_roles = [str(r) for r in Role if r in held]
    case.caller_actions = case_actions(case, held)
    return case
