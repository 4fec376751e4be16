"""Reads of the KPI track: work plans with their KPIs, quarterly reviews, KPI sheets with
their results, and the cases they belong to with the state of each document.

Every list here reads in a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import visible_cases
from bagalau.kpi.models import KpiResult, KpiSheet, QuarterlyReview, WorkPlan


def cases_with_documents(cases: QuerySet[EvaluationCase]) -> QuerySet[EvaluationCase]:
    """The cases with their work plan versions (newest first, as `newest_plans`), the number
    of quarterly reviews (`review_count`), the KPI sheet and the competency sheet: two
    queries for any number."""
    reviews = (
        QuarterlyReview.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        cases.select_related("servant", "position", "kpi_sheet", "competency_sheet")
        .prefetch_related(
            Prefetch(
                "work_plans", queryset=WorkPlan.objects.order_by("-version"), to_attr="newest_plans"
            )
        )
        .annotate(review_count=Coalesce(Subquery(reviews, output_field=IntegerField()), 0))
    )


def visible_case_with_documents(user: Any, case_id: int) -> EvaluationCase:
    """One case `user` may see (`visible_cases`), with its body, methodology version, the
    position's subdivision and its documents as `cases_with_documents` reads them; else
    Http404, as if it did not exist."""
    qs = (
        visible_cases(user)
        .filter(pk=case_id)
        .select_related(
            "cycle__organisation", "cycle__methodology_version", "position__subdivision"
        )
    )
    case = cases_with_documents(qs).first()
    if case is None:
        raise Http404(_("no evaluation case with the id %(id)d") % {"id": case_id})
    return case


def work_plans(qs: QuerySet[WorkPlan] | None = None) -> QuerySet[WorkPlan]:
    """Work plans with their KPIs in order (one query for the plans, one for the KPIs)."""
    qs = WorkPlan.objects.all() if qs is None else qs
    return qs.select_related("case", "approved_by").prefetch_related("kpis")


def work_plan_list(case: EvaluationCase) -> QuerySet[WorkPlan]:
    """Every version of the case's work plan, newest first."""
    return work_plans(WorkPlan.objects.filter(case=case)).order_by("-version")


def visible_work_plans(user: Any) -> QuerySet[WorkPlan]:
    """Work plans of the cases the user may read."""
    return work_plans(WorkPlan.objects.filter(case__in=visible_cases(user)))


def quarterly_review_list(case: EvaluationCase) -> QuerySet[QuarterlyReview]:
    return (
        QuarterlyReview.objects.filter(case=case)
        .select_related("plan", "recorded_by")
        .order_by("year", "quarter")
    )


def visible_quarterly_reviews(user: Any) -> QuerySet[QuarterlyReview]:
    """Quarterly reviews of the cases the user may read."""
    return QuarterlyReview.objects.filter(case__in=visible_cases(user)).select_related(
        "plan", "recorded_by"
    )


def kpi_sheets(qs: QuerySet[KpiSheet] | None = None) -> QuerySet[KpiSheet]:
    """KPI sheets with their results and each result's KPI."""
    qs = KpiSheet.objects.all() if qs is None else qs
    results = KpiResult.objects.select_related("kpi").order_by("kpi__number")
    return qs.select_related("plan").prefetch_related(Prefetch("results", queryset=results))


def kpi_sheet_of(case: EvaluationCase) -> KpiSheet | None:
    return kpi_sheets(KpiSheet.objects.filter(case=case)).first()


def visible_kpi_sheets(user: Any) -> QuerySet[KpiSheet]:
    return kpi_sheets(KpiSheet.objects.filter(case__in=visible_cases(user)))
