"""What someone may do now on a case's documents, from the workflow tables less what the
documents' state rules out: one answer for the API's `actions` and the web's buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bagalau.competency.workflow import COMPETENCY_SHEET
from bagalau.core.workflow import Role
from bagalau.evaluation import schemas as s
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.rules import Eligibility
from bagalau.kpi.workflow import KPI_SHEET, PLAN_ACTIONS, WORK_PLAN, PlanState

if TYPE_CHECKING:
    from bagalau.kpi.models import QuarterlyReview


def competency_actions(case: EvaluationCase, roles: set[str]) -> list[str]:
    """What someone with `roles` may do now on the case's competency sheet (§25–§28)."""
    sheet = s.case_competency_sheet(case)
    if sheet is None:  # the sheet is made by the direct supervisor's first marks
        return [a for a in COMPETENCY_SHEET.actions(COMPETENCY_SHEET.initial, roles) if a == "edit"]
    actions = COMPETENCY_SHEET.actions(sheet.state, roles)
    if sheet.acknowledged_at is not None:  # seen once is seen
        actions = [a for a in actions if a != "acknowledge"]
    return actions


def case_actions(case: EvaluationCase, roles: set[str]) -> dict[str, list[str]]:
    """What someone with `roles` may do now on the case's work plan, KPI sheet and
    competency sheet, from the workflow tables, less what the state of the documents rules
    out."""
    if case.eligibility == Eligibility.EXCLUDED:  # §4: nothing to draw up
        return {"work_plan": [], "kpi_sheet": [], "competency_sheet": []}
    plans = case.newest_plans
    plan = plans[0] if plans else None
    plan_actions = WORK_PLAN.actions(plan.state if plan else WORK_PLAN.initial, roles)
    plan_actions = [a for a in plan_actions if a == "edit" or a in PLAN_ACTIONS]
    if plan is None:  # KPIs are written first; the plan is made by the first save
        plan_actions = [a for a in plan_actions if a == "edit"]
    elif plan.acknowledged_at is not None:  # seen once is seen (this version)
        plan_actions = [a for a in plan_actions if a != "acknowledge"]
    sheet = s.case_sheet(case)
    if sheet is None:
        approved = any(p.state == PlanState.APPROVED for p in plans)
        sheet_actions = (
            [a for a in KPI_SHEET.actions(KPI_SHEET.initial, roles) if a == "edit"]
            if approved
            else []
        )
    else:
        sheet_actions = KPI_SHEET.actions(sheet.state, roles)
        if sheet.acknowledged_at is not None:
            sheet_actions = [a for a in sheet_actions if a != "acknowledge"]
    return {
        "work_plan": plan_actions,
        "kpi_sheet": sheet_actions,
        "competency_sheet": competency_actions(case, roles),
    }


def quarterly_review_actions(
    case: EvaluationCase, review: QuarterlyReview, roles: set[str]
) -> list[str]:
    """What someone with `roles` may do now on a recorded quarterly review (§16): the servant
    acknowledges its written recommendations, once per recording."""
    if case.eligibility == Eligibility.EXCLUDED or review.acknowledged_at is not None:
        return []
    return ["acknowledge"] if Role.SERVANT in roles else []
