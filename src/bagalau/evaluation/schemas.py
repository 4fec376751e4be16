"""Input and output shapes of the evaluation API: cycles (§4) and the cases in them.

A case names its servant and position and carries the state of each KPI-track document
(the newest work plan version, the quarterly reviews recorded, the KPI sheet), so a list of
a body's cases is one answer, not one call per servant.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, Schema

from bagalau.competency.workflow import CompetencySheetState
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.rules import Eligibility, EligibilityReason
from bagalau.kpi.rules import KpiRating
from bagalau.kpi.workflow import PlanState, SheetState


class CycleIn(Schema):
    """Open a body's evaluation cycle for a calendar year (§4)."""

    org: str = Field(description="the state body's code")
    year: int = Field(description="the calendar year evaluated", examples=[2026])
    evaluation_date: dt.date | None = Field(
        None, description="the day eligibility is judged on (§4); by default 31 December"
    )


class CycleOut(Schema):
    """An evaluation cycle: a body's period with the methodology version fixed on it."""

    id: int
    organisation: str = Field(description="the state body's code")
    period: str = Field(description='"2026" for a calendar year, else "start–end"')
    period_start: dt.date
    period_end: dt.date
    evaluation_date: dt.date = Field(description="the day eligibility is judged on (§4)")
    methodology_version: str = Field(description="code of the methodology version in force")
    opened_at: dt.datetime
    checked_at: dt.datetime | None = Field(description="when eligibility was last decided")

    @staticmethod
    def resolve_organisation(obj: EvaluationCycle) -> str:
        return obj.organisation.code

    @staticmethod
    def resolve_period(obj: EvaluationCycle) -> str:
        return obj.label

    @staticmethod
    def resolve_methodology_version(obj: EvaluationCycle) -> str:
        return obj.methodology_version.code


class ChangeOut(Schema):
    servant_id: int
    eligibility_before: Eligibility
    eligibility_after: Eligibility


class RefreshReportOut(Schema):
    """What deciding eligibility again did: new cases, changed and unchanged ones, and
    each case whose eligibility changed."""

    created: int
    changed: int
    unchanged: int
    changes: list[ChangeOut]

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        return [
            {"servant_id": int(servant), "eligibility_before": before, "eligibility_after": after}
            for servant, before, after in obj.changes
        ]


class CycleOpenOut(CycleOut):
    """The cycle just opened, with the cases made (§4)."""

    report: RefreshReportOut


class ServantRefOut(Schema):
    id: int
    iin: str
    full_name: str


class PositionRefOut(Schema):
    id: int
    code: str
    title_kk: str
    title_ru: str
    category: str


class PlanStateOut(Schema):
    """The newest version of the case's work plan."""

    id: int
    version: int
    state: PlanState
    due: dt.date
    resubmit_due: dt.date | None
    return_reason: str
    acknowledged_at: dt.datetime | None = Field(description="the servant has seen it (Annex 1)")


class SheetStateOut(Schema):
    """The case's KPI sheet."""

    id: int
    state: SheetState
    achieved_count: int | None
    rating: KpiRating | None
    resubmit_due: dt.date | None
    commission_due: dt.date | None
    return_reason: str
    acknowledged_at: dt.datetime | None

    @staticmethod
    def resolve_rating(obj) -> str | None:
        return obj.rating or None


class CompetencySheetStateOut(Schema):
    """The case's competency sheet (Annex 3)."""

    id: int
    state: CompetencySheetState
    signed_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    commission_due: dt.date | None = Field(description="HR puts it before the commission (§28)")
    to_commission_at: dt.datetime | None


def _newest_plan(case: EvaluationCase):
    """The newest plan version from `case.newest_plans` (prefetched, newest first)."""
    plans = getattr(case, "newest_plans", None)
    if plans is None:
        return case.work_plans.order_by("-version").first()
    return plans[0] if plans else None


def case_sheet(case: EvaluationCase):
    try:
        return case.kpi_sheet
    except EvaluationCase.kpi_sheet.RelatedObjectDoesNotExist:
        return None


def case_competency_sheet(case: EvaluationCase):
    """The case's competency sheet, none before the direct supervisor first marks it."""
    try:
        return case.competency_sheet
    except ObjectDoesNotExist:
        return None


class CaseOut(Schema):
    """One servant's evaluation in a cycle: eligibility with its reason (§4), the dates the
    documents are due, and where each KPI-track document stands."""

    id: int
    cycle_id: int
    servant: ServantRefOut
    position: PositionRefOut
    eligibility: Eligibility
    reason: EligibilityReason
    reason_label: str = Field(description="the reason in the request's language")
    paragraph: str = Field(description="the methodology's paragraph the decision rests on")
    counted_from: dt.date | None = Field(description="start of the tenure counted (§4)")
    until: dt.date | None = Field(description="end of the probation, absence or 3 months")
    absence_kind: str
    plan_start: dt.date
    plan_due: dt.date = Field(description="the work plan is due (§9)")
    deferred_due: dt.date | None = Field(description="a deferred evaluation is due (§4)")
    work_plan: PlanStateOut | None = Field(description="the newest version, none before one")
    quarterly_reviews: int = Field(description="quarterly reviews recorded (§16)")
    kpi_sheet: SheetStateOut | None
    competency_sheet: CompetencySheetStateOut | None = Field(
        description="none before the direct supervisor first marks it (§25)"
    )

    @staticmethod
    def resolve_reason_label(obj: EvaluationCase) -> str:
        return str(obj.get_reason_display())

    @staticmethod
    def resolve_work_plan(obj: EvaluationCase):
        return _newest_plan(obj)

    @staticmethod
    def resolve_quarterly_reviews(obj: EvaluationCase) -> int:
        count = getattr(obj, "review_count", None)
        return obj.quarterly_reviews.count() if count is None else count

    @staticmethod
    def resolve_kpi_sheet(obj: EvaluationCase):
        return case_sheet(obj)

    @staticmethod
    def resolve_competency_sheet(obj: EvaluationCase):
        return case_competency_sheet(obj)


class CycleDetailOut(CycleOut):
    """A cycle with the cases the caller may see: every case for the body's HR and
    operators, a supervisor's subordinates' cases, a servant's own."""

    cases: list[CaseOut]

    @staticmethod
    def resolve_cases(obj: EvaluationCycle) -> list[EvaluationCase]:
        return obj.cases_seen


class ActionsOut(Schema):
    """What the caller may do now on each document (the buttons to show)."""

    work_plan: list[str] = Field(
        description="of submit, approve, return, acknowledge, revise; edit = PUT kpis"
    )
    kpi_sheet: list[str] = Field(
        description="of sign, acknowledge, agree, return, to_commission; edit = PUT results"
    )
    competency_sheet: list[str] = Field(
        description="of sign, reopen, acknowledge, to_commission; edit = PUT marks"
    )


class CaseDetailOut(CaseOut):
    """A case with who the caller is to it and what they may do now."""

    cycle: CycleOut
    roles: list[str] = Field(
        description="servant, direct_supervisor, approver (the superior supervisor, or the "
        "first head, §11), hr, operator"
    )
    actions: ActionsOut

    @staticmethod
    def resolve_roles(obj: EvaluationCase) -> list[str]:
        return obj.caller_roles

    @staticmethod
    def resolve_actions(obj: EvaluationCase) -> dict[str, list[str]]:
        return obj.caller_actions
