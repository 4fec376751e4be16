"""REST endpoints of the development-needs report (§7 second paragraph, §27): the same
figures as `bagalau development-needs`, as JSON or as an XLSX download.

For the body's HR officers (§5) and operators. A cycle the caller cannot see answers 404,
as if it did not exist; one they see without being HR (a supervisor, a servant) answers 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from bagalau.competency.report import development_needs_report, development_needs_xlsx
from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.selectors import visible_cycles
from bagalau.orgstructure.access import can_manage_body

router = Router(tags=["competency"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NeedsBreakdownOut(Schema):
    total: int
    by_subdivision: dict[str, int]
    by_category: dict[str, int]


class NeedsCycleOut(Schema):
    id: int
    organisation: str
    organisation_kk: str
    organisation_ru: str
    period: str
    methodology_version: str


class NeedsSubdivisionOut(Schema):
    code: str
    name_kk: str
    name_ru: str
    assessed: int


class NeedsCategoryOut(Schema):
    code: str
    assessed: int


class IndicatorNeedOut(Schema):
    group: str
    group_kk: str
    group_ru: str
    number: int
    effective_kk: str
    effective_ru: str
    not_shown: NeedsBreakdownOut


class CompetencyNeedOut(Schema):
    code: str
    name_kk: str
    name_ru: str
    assessed: NeedsBreakdownOut
    not_met: NeedsBreakdownOut
    indicators: list[IndicatorNeedOut]


class DevelopmentNeedsOut(Schema):
    cycle: NeedsCycleOut
    states: list[str]
    assessed: NeedsBreakdownOut
    subdivisions: list[NeedsSubdivisionOut]
    categories: list[NeedsCategoryOut]
    competencies: list[CompetencyNeedOut]


def hr_cycle(user: Any, cycle_id: int) -> EvaluationCycle:
    """The cycle for its body's HR (or an operator): 404 if unseen, 403 if seen but not HR."""
    cycle = visible_cycles(user).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": cycle_id})
    if not can_manage_body(user, cycle.organisation_id):
        raise PermissionDenied(
            _("only the body's personnel service may read its development needs")
        )
    return cycle


@router.get(
    "/cycles/{cycle_id}/development-needs",
    response=DevelopmentNeedsOut,
    summary="Development needs of a cycle",
)
def development_needs_endpoint(request: HttpRequest, cycle_id: int):
    """Over the cycle's competency sheets signed by the direct supervisor or before the
    commission: per competency, how many servants did not meet it (§27), and per
    behavioural indicator (wording in Kazakh and Russian) how many did not show it while not
    meeting its competency, each by subdivision and by position category with the totals.
    Competency results serve the servants' development only (§7). For the body's HR
    officers and operators; read in a fixed number of queries."""
    return development_needs_report(hr_cycle(request.auth, cycle_id))


@router.get(
    "/cycles/{cycle_id}/development-needs.xlsx",
    response={200: None},
    summary="Development needs of a cycle, as XLSX",
)
def development_needs_xlsx_endpoint(request: HttpRequest, cycle_id: int):
    """The same figures as a workbook: a sheet per view (by competency, by indicator, by
    subdivision, by category), headed in Kazakh and Russian."""
    cycle = hr_cycle(request.auth, cycle_id)
    response = HttpResponse(development_needs_xlsx(cycle), content_type=XLSX)
    name = f"{cycle.organisation.code}-{cycle.label}-development-needs.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
