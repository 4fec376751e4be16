"""REST endpoints of the KPI track: the work plan (§9–§15), quarterly monitoring (§16), the
KPI sheet (§17–§24) and each person's inbox.

Every read and write first finds the case among those the caller may see (their own as a
servant, their subordinates' as a supervisor, their body's as HR; everything for an
operator): any other answers 404, as if it did not exist. The services then decide who the
caller is to the case and whether the workflow table lets them act now: an action out of
turn or by the wrong person is 409 and changes nothing; input failing the methodology's
checks is 422 with one entry per field, keyed by KPI number (`kpis.3.deadline`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import visible_cases
from bagalau.kpi import schemas as s
from bagalau.kpi.inbox import inbox
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.selectors import (
    kpi_sheet_of,
    kpi_sheets,
    quarterly_review_list,
    visible_kpi_sheets,
    visible_quarterly_reviews,
    visible_work_plans,
    work_plan_list,
    work_plans,
)
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    quarterly_review_acknowledge,
    quarterly_review_record,
    work_plan_act,
    work_plan_save_kpis,
)

router = Router(tags=["kpi"])


# --- lookups: what the caller may see, else 404 ---------------------------------------------


def _case(user: Any, case_id: int) -> EvaluationCase:
    case = visible_cases(user).filter(pk=case_id).first()
    if case is None:
        raise Http404(_("no evaluation case with the id %(id)d") % {"id": case_id})
    return case


def _plan(user: Any, plan_id: int) -> WorkPlan:
    plan = visible_work_plans(user).filter(pk=plan_id).first()
    if plan is None:
        raise Http404(_("no work plan with the id %(id)d") % {"id": plan_id})
    return plan


def _sheet(user: Any, sheet_id: int) -> KpiSheet:
    sheet = visible_kpi_sheets(user).filter(pk=sheet_id).first()
    if sheet is None:
        raise Http404(_("no KPI sheet with the id %(id)d") % {"id": sheet_id})
    return sheet


def _review(user: Any, review_id: int) -> QuarterlyReview:
    review = visible_quarterly_reviews(user).filter(pk=review_id).first()
    if review is None:
        raise Http404(_("no quarterly review with the id %(id)d") % {"id": review_id})
    return review


def _reason(payload: s.ActIn | None) -> str:
    return payload.reason if payload is not None else ""


# --- work plan ------------------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/work-plans",
    response=list[s.WorkPlanOut],
    summary="Work plan versions of a case",
)
def work_plan_list_endpoint(request: HttpRequest, case_id: int):
    """Every version of the case's work plan with its KPIs, newest first. An approved plan
    that was revised is kept as *superseded* once its successor is approved."""
    return work_plan_list(_case(request.auth, case_id))


@router.put(
    "/cases/{case_id}/work-plan/kpis", response=s.WorkPlanOut, summary="Write the work plan's KPIs"
)
def work_plan_kpis_save(request: HttpRequest, case_id: int, payload: s.KpisIn):
    """The direct supervisor writes the KPIs of the newest plan version with the servant
    (§9, Annex 1), replacing the ones saved before; the plan is made on the first save.

    Allowed while the plan is a draft or returned for rework (409 otherwise, e.g. once
    submitted or approved: `revise` an approved plan first). A draft may be incomplete; the
    §13 checks run on `submit`. A malformed number or date, an unknown `source` or
    `achievement`, more KPIs than the methodology's count or an unknown field is 422 on
    `kpis.N.field`.
    """
    _case(request.auth, case_id)
    kpis = [kpi.model_dump() for kpi in payload.kpis]
    plan = work_plan_save_kpis(case_id=case_id, kpis=kpis, actor=request.auth)
    return work_plans().get(pk=plan.pk)


@router.get("/work-plans/{plan_id}", response=s.WorkPlanOut, summary="A work plan version")
def work_plan_detail(request: HttpRequest, plan_id: int):
    """One version of a work plan with its KPIs."""
    return _plan(request.auth, plan_id)


@router.post("/work-plans/{plan_id}/{action}", response=s.WorkPlanOut, summary="Act on a work plan")
def work_plan_act_endpoint(
    request: HttpRequest, plan_id: int, action: s.PlanAction, payload: s.ActIn | None = None
):
    """Act on the newest version of a work plan (§10–§12):

    - `submit` (direct supervisor; a draft or a returned plan): runs the §13–§14 checks —
      exactly the methodology's number of KPIs, each complete, deadlines inside the plan's
      period, no two alike — and is 422 naming each failed check on `kpis.N.field`;
    - `approve` (the superior supervisor, or the first head where the direct supervisor is
      the first head, §11) locks the plan; an earlier approved version becomes superseded;
    - `return` (the same approver) for rework, with a `reason` (422 without one); the
      resubmission is due 2 working days later (§12);
    - `acknowledge` (the servant, an approved plan): they have seen it — their signature
      on Annex 1; once per version (422 naming the date if seen already);
    - `revise` (direct supervisor, an approved plan): answers the NEW version, a draft
      copy of the KPIs to change and approve again; the approved one stays in force until
      then.

    Anyone else, or any action out of turn, is 409 with the reason, and nothing changes.
    """
    _plan(request.auth, plan_id)
    plan = work_plan_act(
        plan_id=plan_id, action=action, actor=request.auth, reason=_reason(payload)
    )
    return work_plans().get(pk=plan.pk)


# --- quarterly monitoring -------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/quarterly-reviews",
    response=list[s.QuarterlyReviewOut],
    summary="Quarterly reviews of a case",
)
def quarterly_review_list_endpoint(request: HttpRequest, case_id: int):
    """The quarterly reviews recorded for the case (§16), oldest first."""
    return quarterly_review_list(_case(request.auth, case_id))


@router.put(
    "/cases/{case_id}/quarterly-reviews/{year}/{quarter}",
    response=s.QuarterlyReviewOut,
    summary="Record a quarterly review",
)
def quarterly_review_put(
    request: HttpRequest, case_id: int, year: int, quarter: int, payload: s.QuarterlyReviewIn
):
    """The direct supervisor records a quarter's progress per KPI and written
    recommendations to the servant (§16); recording it again replaces it.

    Only once the plan is approved and the quarter (inside the plan's period) has ended;
    recommendations are required. Others are 403; problems are 422 on `quarter`,
    `recommendations`, `progress` or `progress.N.value`.
    """
    _case(request.auth, case_id)
    review = quarterly_review_record(
        case_id=case_id,
        year=year,
        quarter=quarter,
        progress=[item.model_dump() for item in payload.progress],
        recommendations=payload.recommendations,
        actor=request.auth,
    )
    return QuarterlyReview.objects.select_related("plan", "recorded_by").get(pk=review.pk)


@router.post(
    "/quarterly-reviews/{review_id}/acknowledge",
    response=s.QuarterlyReviewOut,
    summary="The servant has seen a quarter's recommendations",
)
def quarterly_review_acknowledge_endpoint(request: HttpRequest, review_id: int):
    """The servant confirms they have seen the quarter's written recommendations (§16),
    once per recording: recording the quarter again asks them anew. Anyone else who sees
    the case is 403; seen already is 422 naming the date."""
    _review(request.auth, review_id)
    review = quarterly_review_acknowledge(review_id=review_id, actor=request.auth)
    return QuarterlyReview.objects.select_related("plan", "recorded_by").get(pk=review.pk)


# --- KPI sheet ------------------------------------------------------------------------------


@router.get("/cases/{case_id}/kpi-sheet", response=s.KpiSheetOut, summary="The KPI sheet of a case")
def kpi_sheet_detail(request: HttpRequest, case_id: int):
    """The case's KPI sheet with each KPI's result; 404 until the direct supervisor first
    saves results."""
    case = _case(request.auth, case_id)
    sheet = kpi_sheet_of(case)
    if sheet is None:
        raise Http404(_("the KPI sheet of case %(id)d is not drawn up yet") % {"id": case_id})
    return sheet


@router.put(
    "/cases/{case_id}/kpi-sheet/results", response=s.KpiSheetOut, summary="Enter KPI results"
)
def kpi_sheet_results_save(request: HttpRequest, case_id: int, payload: s.ResultsIn):
    """The direct supervisor enters KPIs' actual values, dates done and evidence; the
    system proposes achieved or not (at least / at most / exactly the planned value, or
    done by the deadline) and the supervisor confirms with `achieved` (§17–§18).

    Only the fields given change. The sheet is made from the approved plan on the first
    save (422 while no plan is approved); allowed while it is a draft or returned (409
    otherwise).
    """
    _case(request.auth, case_id)
    results = [item.model_dump(exclude_unset=True) for item in payload.results]
    sheet = kpi_sheet_save_results(case_id=case_id, results=results, actor=request.auth)
    return kpi_sheets().get(pk=sheet.pk)


@router.post(
    "/kpi-sheets/{sheet_id}/{action}", response=s.KpiSheetOut, summary="Act on a KPI sheet"
)
def kpi_sheet_act_endpoint(
    request: HttpRequest, sheet_id: int, action: s.SheetAction, payload: s.ActIn | None = None
):
    """Act on a KPI sheet (§17–§24):

    - `sign` (direct supervisor; a draft or a returned sheet): every KPI confirmed and with
      evidence (422 on `results.N.achieved` / `results.N.evidence` otherwise); rates the year
      by the methodology's scale (§18);
    - `acknowledge` (the servant, once signed): they have seen it;
    - `agree` (the superior supervisor, or the first head, §21); HR then has 2 working days;
    - `return` (the same) for insufficient or unreliable evidence, with a `reason` (§22);
    - `to_commission` (HR, once agreed, §24).

    Anyone else, or any action out of turn, is 409 with the reason, and nothing changes.
    """
    _sheet(request.auth, sheet_id)
    sheet = kpi_sheet_act(
        sheet_id=sheet_id, action=action, actor=request.auth, reason=_reason(payload)
    )
    return kpi_sheets().get(pk=sheet.pk)


# --- inbox ----------------------------------------------------------------------------------


@router.get("/inbox", response=list[s.PendingActionOut], summary="What waits for you")
def inbox_endpoint(request: HttpRequest):
    """What is waiting for the caller today on the KPI track of the current cycles — as
    direct supervisor, approver, HR officer or servant — with the working-day deadline and
    whether it has passed. Read in a fixed number of queries."""
    return [action.as_dict() for action in inbox(request.auth)]
