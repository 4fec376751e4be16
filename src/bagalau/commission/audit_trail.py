"""The audit trail of one evaluation case: every audit record of the case and of its
documents on both tracks and before the commission."""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    CourtCase,
    Decision,
    Notice,
    RefusalAct,
    Vote,
)
from bagalau.competency.models import CompetencySheet
from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan

# Each audited model of a case, with the lookup from it to the case.
CASE_OBJECTS: list[tuple[type, str]] = [
    (EvaluationCase, "pk"),
    (WorkPlan, "case"),
    (QuarterlyReview, "case"),
    (KpiSheet, "case"),
    (CompetencySheet, "case"),
    (AgendaItem, "case"),
    (Vote, "item__case"),
    (Decision, "case"),
    (Acquaintance, "case"),
    (RefusalAct, "acquaintance__case"),
    (Appeal, "case"),
    (CourtCase, "case"),
    (Notice, "case"),
]


def case_audit_events(case: EvaluationCase) -> QuerySet[AuditEvent]:
    """Every audit record of the case and of its documents (work plans, quarterly reviews,
    sheets, the commission's items, votes and decision, acquaintance, act of refusal,
    appeal, court case, notices), newest first: one query."""
    found = Q()
    for model, to_case in CASE_OBJECTS:
        ids = model.objects.filter(**{to_case: case.pk}).order_by()
        found |= Q(
            object_type=model._meta.label_lower,
            object_id__in=ids.annotate(key=Cast("pk", CharField())).values("key"),
        )
    return (
        AuditEvent.objects.filter(found)
        .filter(Q(organisation_id=case.cycle.organisation_id) | Q(organisation_id=None))
        .select_related("actor__servant")
        .order_by("-at", "-id")
    )
