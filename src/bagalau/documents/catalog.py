"""Which documents exist, who may download each, and every document of a cycle.

A document is a kind and an object: `work-plan` (Annex 1, a WorkPlan), `kpi-sheet` (Annex 2),
`competency-sheet` (Annex 3), `annex4` (the behavioural indicators of a case's position),
`protocol` (Annex 5, a CommissionMeeting) and `refusal-act`. The evaluation's own documents
are readable by whoever may read the case (the servant, their supervisors, the body's HR,
the authorized person); a protocol by whoever may read the meeting (HR, the commission, the
authorized person): a protocol lists every servant's results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.commission.models import CommissionMeeting, RefusalAct
from bagalau.commission.selectors import may_read_case, visible_meetings
from bagalau.commission.workflow import MeetingState
from bagalau.competency.models import CompetencySheet
from bagalau.documents.forms_commission import protocol_form, refusal_act_form
from bagalau.documents.forms_tracks import (
    annex4_form,
    competency_sheet_form,
    kpi_sheet_form,
    work_plan_form,
)
from bagalau.documents.layout import Form
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.rules import Eligibility
from bagalau.kpi.models import KpiSheet, WorkPlan
from bagalau.kpi.workflow import PlanState

LANGUAGES = ("kk", "ru")
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    build: Callable[[Any, str], Form]
    case_of: Callable[[Any], int] | None  # None: readable through the meeting instead


KINDS: dict[str, Kind] = {
    "work-plan": Kind(WorkPlan, work_plan_form, lambda o: o.case_id),
    "kpi-sheet": Kind(KpiSheet, kpi_sheet_form, lambda o: o.case_id),
    "competency-sheet": Kind(CompetencySheet, competency_sheet_form, lambda o: o.case_id),
    "annex4": Kind(EvaluationCase, annex4_form, lambda o: o.pk),
    "protocol": Kind(CommissionMeeting, protocol_form, None),
    "refusal-act": Kind(RefusalAct, refusal_act_form, lambda o: o.acquaintance.case_id),
}


def document_object(user: Any, kind: str, pk: int) -> Any:
    """The object of a document the user may read, else Http404 (as if it did not exist)."""
    if kind not in KINDS:
        raise Http404(
            _("no kind of document %(kind)r; the kinds are %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    spec = KINDS[kind]
    on = timezone.localdate()
    obj = spec.model.objects.filter(pk=pk).first()
    if obj is not None:
        if spec.case_of is None:
            visible = visible_meetings(user, on).filter(pk=pk).exists()
        else:
            case = EvaluationCase.objects.select_related("cycle__organisation").get(
                pk=spec.case_of(obj)
            )
            visible = may_read_case(user, case, on)
        if visible:
            return obj
    raise Http404(_("no %(kind)s with the id %(id)d") % {"kind": kind, "id": pk})


def build(kind: str, obj: Any, lang: str) -> Form:
    return KINDS[kind].build(obj, lang)


def cycle_documents(cycle: EvaluationCycle) -> Iterator[tuple[str, Any]]:
    """Every document of a cycle, in order: per evaluated servant the current work plan, the
    KPI sheet, the competency sheet and the Annex 4 reference; then each meeting's protocol
    and each act of refusal."""
    cases: QuerySet[EvaluationCase] = (
        EvaluationCase.objects.filter(cycle=cycle)
        .exclude(eligibility=Eligibility.EXCLUDED)
        .select_related("servant")
        .order_by("servant__surname", "servant__first_name", "pk")
    )
    plans: dict[int, WorkPlan] = {}
    for plan in (
        WorkPlan.objects.filter(case__cycle=cycle)
        .exclude(state=PlanState.SUPERSEDED)
        .order_by("case_id", "version")
    ):
        plans[plan.case_id] = plan  # the newest version that stands
    kpi = {s.case_id: s for s in KpiSheet.objects.filter(case__cycle=cycle)}
    competency = {s.case_id: s for s in CompetencySheet.objects.filter(case__cycle=cycle)}
    for case in cases:
        if case.pk in plans:
            yield "work-plan", plans[case.pk]
        if case.pk in kpi:
            yield "kpi-sheet", kpi[case.pk]
        if case.pk in competency:
            yield "competency-sheet", competency[case.pk]
        yield "annex4", case
    for meeting in CommissionMeeting.objects.filter(
        cycle=cycle, state__in=[MeetingState.CLOSED, MeetingState.APPROVED]
    ).order_by("date", "pk"):
        yield "protocol", meeting
    for act in RefusalAct.objects.filter(acquaintance__case__cycle=cycle).order_by("pk"):
        yield "refusal-act", act
