"""Pages of the competency track: the competency sheet (Annex 3) a direct supervisor marks
indicator by indicator with the §27 result shown live, signs, and HR puts before the
commission; the servant's acknowledgement and development needs; HR's development-needs
report of a cycle (§7 second paragraph, §25–§28).

Thin: the case and the sheet are found among those the person may see, as
competency/api.py does (404 otherwise); the writes are the API's services
(`competency_sheet_mark`, `competency_sheet_act`); the live check uses the pure rules of
competency/rules.py and writes nothing; the buttons come from `case_actions`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bagalau.competency.api_report import XLSX, hr_cycle
from bagalau.competency.models import CompetencySheet
from bagalau.competency.report import (
    COUNTED_STATES,
    development_needs_report,
    development_needs_xlsx,
)
from bagalau.competency.rules import (
    CompetencyMarks,
    competency_result,
    development_needs,
    indicators_needed,
)
from bagalau.competency.selectors import (
    competency_sheet_document,
    cycle_development_needs,
)
from bagalau.competency.selectors import development_needs as sheet_development_needs
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.competency.workflow import SHEET_ACTIONS
from bagalau.evaluation.actions import case_actions
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import case_roles, visible_cycles
from bagalau.kpi.selectors import visible_case_with_documents
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.access import hr_body_ids, is_operator
from bagalau.web.views.base import Outcome, back, perform

# What each button says, by the workflow's action name (competency/workflow.py).
SUCCESS = {
    "save": gettext_lazy("The marks are saved."),
    "create": gettext_lazy("The competency sheet is drawn up: mark the indicators shown."),
    "sign": gettext_lazy("The competency sheet is signed."),
    "reopen": gettext_lazy("The competency sheet is reopened for a correction."),
    "acknowledge": gettext_lazy("You have confirmed that you have seen the competency sheet."),
    "to_commission": gettext_lazy("The competency sheet is put before the commission."),
}


# --- lookups: what the person may see, else 404 (as competency/api.py) ----------------------


def _sheet(case: EvaluationCase) -> CompetencySheet | None:
    # what competency_sheet_document reads besides the items
    return (
        CompetencySheet.objects.select_related(
            "case__cycle__methodology_version", "revision__version"
        )
        .filter(case=case)
        .first()
    )


def _ticks(doc: dict[str, Any] | None, data: Any) -> dict[str, set[int]]:
    """The indicators ticked in a posted form (`indicator-<id>`), per competency code; only
    the sheet's own indicators count."""
    if doc is None:
        return {}
    return {
        c["code"]: {e["id"] for e in c["indicators"] if f"indicator-{e['id']}" in data}
        for c in doc["competencies"]
    }


def _marks(doc: dict[str, Any] | None, ticks: dict[str, set[int]]) -> dict[str, list[int]]:
    """The API's `marks` from the ticks: per competency, the numbers of the indicators shown.
    Every competency on the page is sent: one not ticked at all shows none (§27)."""
    if doc is None:
        return {}
    return {
        c["code"]: [e["number"] for e in c["indicators"] if e["id"] in ticks[c["code"]]]
        for c in doc["competencies"]
    }


def _rows(
    doc: dict[str, Any], ticks: dict[str, set[int]] | None, case: EvaluationCase
) -> list[dict[str, Any]]:
    """The sheet's competencies for the page. With `ticks` (a form being filled) each result
    is what saving would store, by the pure §27 rules; without, the stored results."""
    threshold = version_rules(case.cycle.methodology_version).competency_threshold
    marks = []
    rows = []
    for c in doc["competencies"]:
        ids = [e["id"] for e in c["indicators"]]
        stored = {e["id"] for e in c["indicators"] if e["shown"]}
        shown = ticks[c["code"]] if ticks is not None else stored
        marks.append(CompetencyMarks(code=c["code"], indicators=ids, shown=frozenset(shown)))
        rows.append(
            {
                **c,
                "indicators": [{**e, "ticked": e["id"] in shown} for e in c["indicators"]],
                "shown": len(shown),
                "total": len(ids),
                "needed": indicators_needed(len(ids), threshold) if ids else 0,
            }
        )
    if ticks is None:
        return rows
    unobserved = development_needs(marks, threshold)  # §27: the indicators not observed
    for row in rows:
        if row["total"]:
            row["result"] = str(competency_result(row["shown"], row["total"], threshold))
        missing = set(unobserved.get(row["code"], ()))
        row["not_observed"] = [e for e in row["indicators"] if e["id"] in missing]
    return rows


def _page(
    request: HttpRequest,
    case: EvaluationCase,
    *,
    outcome: Outcome | None = None,
    ticks: dict[str, set[int]] | None = None,
) -> HttpResponse:
    roles = case_roles(request.user, case)
    sheet = _sheet(case)
    doc = competency_sheet_document(sheet) if sheet else None
    actions = case_actions(case, roles)["competency_sheet"]  # none where excluded (§4)
    rows = _rows(doc, ticks, case) if doc else []
    return render(
        request,
        "web/competency/sheet.html",
        {
            "case": case,
            "sheet": sheet,
            "doc": doc,
            "rows": rows,
            "starred": any(r["public_services_only"] for r in rows),
            "live": ticks is not None,
            "can_edit": "edit" in actions,
            "buttons": [a for a in actions if a in SHEET_ACTIONS],
            "needs": sheet_development_needs(sheet) if sheet else [],
            "roles": roles,
            "errors": outcome.errors if outcome else {},
        },
    )


# --- the competency sheet --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def competency_sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's competency sheet (Annex 3). POST `action`: `save` the ticked indicators
    (the direct supervisor, §25–§27), `create` the sheet from Annex 4 (its first marks), or
    a workflow action — `sign`, `reopen`, `acknowledge`, `to_commission` (§25, §28)."""
    case = visible_case_with_documents(request.user, case_id)
    if request.method == "GET":
        return _page(request, case)
    action = request.POST.get("action", "")
    user = request.user
    ticks = None
    if action in ("save", "create"):
        sheet = _sheet(case)
        doc = competency_sheet_document(sheet) if sheet and action == "save" else None
        ticks = _ticks(doc, request.POST) if doc else None
        marks = _marks(doc, ticks) if doc else {}
        outcome = perform(
            request,
            competency_sheet_mark,
            case_id=case.pk,
            marks=marks,
            actor=user,
            success=str(SUCCESS[action]),
        )
    else:
        sheet = _sheet(case)
        if sheet is None:
            raise Http404(
                _("the competency sheet of case %(id)d is not drawn up yet") % {"id": case.pk}
            )
        outcome = perform(
            request,
            competency_sheet_act,
            sheet_id=sheet.pk,
            action=action,
            actor=user,
            success=str(SUCCESS.get(action, "")),
        )
    if outcome.ok:
        return back(request, "web:competency_sheet", case.pk)
    return _page(request, visible_case_with_documents(user, case_id), outcome=outcome, ticks=ticks)


@login_required
@require_POST
def competency_sheet_check(request: HttpRequest, case_id: int) -> HttpResponse:
    """The live check (htmx): for the ticked indicators, each competency's §27 result and
    the indicators not observed, by the same pure rules the service applies. Writes
    nothing."""
    case = visible_case_with_documents(request.user, case_id)
    sheet = _sheet(case)
    if sheet is None:
        raise Http404(
            _("the competency sheet of case %(id)d is not drawn up yet") % {"id": case.pk}
        )
    doc = competency_sheet_document(sheet)
    rows = _rows(doc, _ticks(doc, request.POST), case)
    return render(
        request,
        "web/competency/_check.html",
        {
            "rows": rows,
            "starred": any(r["public_services_only"] for r in rows),
            "live": True,
            "oob": True,
        },
    )


# --- HR: the development-needs report --------------------------------------------------------


def _hr_cycles(user: Any):
    """The cycles whose report the person may read: of the bodies where they are HR (every
    body for an operator), newest first, each marked `assessed` when it has a competency
    sheet signed or before the commission (one query)."""
    cycles = visible_cycles(user)
    if not is_operator(user):
        cycles = cycles.filter(organisation_id__in=hr_body_ids(user))
    assessed = CompetencySheet.objects.filter(case__cycle=OuterRef("pk"), state__in=COUNTED_STATES)
    return cycles.annotate(assessed=Exists(assessed)).order_by(
        "-period_start", "organisation__code", "pk"
    )


def _chosen_cycle(request: HttpRequest, cycles: list) -> Any:
    raw = request.GET.get("cycle", "")
    if raw:
        try:
            cycle_id = int(raw)
        except ValueError:
            raise Http404(_("no evaluation cycle with the id %(id)s") % {"id": raw}) from None
        return hr_cycle(request.user, cycle_id)  # 404 unseen, 403 not HR: as the API
    if not cycles:
        if not is_operator(request.user) and not hr_body_ids(request.user):
            raise PermissionDenied(
                _("only the body's personnel service may read its development needs")
            )
        return None
    # The newest cycle with something to report (a new year has no signed sheet for months).
    return next((c for c in cycles if c.assessed), cycles[0])


@login_required
def hr_development_needs(request: HttpRequest) -> HttpResponse:
    """A cycle's development needs (§7, §27) for the body's HR: per competency how many did
    not meet it, per indicator how many did not show it, and each servant's competencies
    not met with the indicators not observed. `?cycle=<id>`, else the newest cycle of a
    body where the person is HR that has an assessed sheet (else the newest). A fixed
    number of queries whatever the number of cases."""
    cycles = list(_hr_cycles(request.user))
    cycle = _chosen_cycle(request, cycles)
    servants = cycle_development_needs(cycle) if cycle else []
    return render(
        request,
        "web/competency/development_needs.html",
        {
            "cycles": cycles,
            "cycle": cycle,
            "report": development_needs_report(cycle) if cycle else None,
            "servants": servants,
            "with_needs": sum(1 for s in servants if s["needs"]),
        },
    )


@login_required
def hr_development_needs_xlsx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The same report as the API's workbook (a sheet per view, headed in kk and ru)."""
    cycle = hr_cycle(request.user, cycle_id)
    response = HttpResponse(development_needs_xlsx(cycle), content_type=XLSX)
    name = f"{cycle.organisation.code}-{cycle.label}-development-needs.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("cases/<int:case_id>/competency/", competency_sheet, name="competency_sheet"),
    path(
        "cases/<int:case_id>/competency/check/",
        competency_sheet_check,
        name="competency_sheet_check",
    ),
    path("hr/development-needs/", hr_development_needs, name="hr_development_needs"),
    path(
        "hr/development-needs/<int:cycle_id>.xlsx",
        hr_development_needs_xlsx,
        name="hr_development_needs_xlsx",
    ),
]
