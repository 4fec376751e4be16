"""The KPI track's pages: the work plan (Annex 1, §9–§15), quarterly monitoring (§16), the KPI
sheet (Annex 2, §17–§24), the direct supervisor's team and the approver's queue.

Thin views: each finds the case among those the person may see (404 otherwise, as the API
does), calls the same service as the API, and redirects back (PRG) or re-renders the form
with the refusal's errors beside each field. The live checks (htmx) run the same pure rule
functions the services run and write nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bagalau.core.models import AuditEvent
from bagalau.core.workflow import Role, Workflow
from bagalau.evaluation.actions import case_actions, quarterly_review_actions
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import case_roles, viewer
from bagalau.kpi.inbox import inbox
from bagalau.kpi.models import ACHIEVEMENTS, SOURCES, Kpi, WorkPlan
from bagalau.kpi.rules import quarters
from bagalau.kpi.schemas import number_text
from bagalau.kpi.selectors import (
    cases_with_documents,
    kpi_sheet_of,
    quarterly_review_list,
    visible_case_with_documents,
)
from bagalau.kpi.services import (
    KPI_FIELDS,
    kpi_sheet_act,
    kpi_sheet_preview,
    kpi_sheet_save_results,
    quarterly_due,
    quarterly_review_acknowledge,
    quarterly_review_record,
    work_plan_act,
    work_plan_check,
    work_plan_save_kpis,
)
from bagalau.kpi.workflow import KPI_SHEET, PLAN_ACTIONS, SHEET_ACTIONS, WORK_PLAN, PlanState
from bagalau.methodology.selectors import version_rules
from bagalau.web.views.base import back, perform, save_then_act
from bagalau.web.views.home import with_sheets

PLAN_DONE = {
    "save": gettext_lazy("The work plan is saved as a draft."),
    "submit": gettext_lazy("The work plan is submitted for approval."),
    "approve": gettext_lazy("The work plan is approved."),
    "return": gettext_lazy("The work plan is returned for rework."),
    "acknowledge": gettext_lazy("You have confirmed that you have seen the work plan."),
    "revise": gettext_lazy(
        "A new version of the work plan is drawn up: change it and submit it for approval."
    ),
}
SHEET_DONE = {
    "save": gettext_lazy("The KPI sheet is saved."),
    "sign": gettext_lazy("The KPI sheet is signed."),
    "acknowledge": gettext_lazy("You have confirmed that you have seen the KPI sheet."),
    "agree": gettext_lazy("The KPI sheet is agreed."),
    "return": gettext_lazy("The KPI sheet is returned for rework."),
    "to_commission": gettext_lazy("The KPI sheet is put before the commission."),
}


# --- finding the case -----------------------------------------------------------------------


def _case(user: Any, case_id: int) -> EvaluationCase:
    """The case with its documents, among those the user may see; 404 otherwise."""
    return with_sheets(visible_case_with_documents(user, case_id))


def _saved_then(
    actions: list[str], document: Any, workflow: Workflow, roles: set[str], action: str
) -> list[str]:
    """The buttons of a form that saves and then fires `action` (submit, sign) in one go
    (`save_then_act`): before the document exists only "edit" is open, but the first save
    makes it a draft, so `action` is offered when the workflow allows it from there."""
    allowed = list(actions)
    if document is None and "edit" in allowed:
        allowed += [a for a in workflow.actions(workflow.initial, roles) if a == action]
    return allowed


def _approved(case: EvaluationCase) -> WorkPlan | None:
    """The newest approved plan version (the one in force), from the loaded versions."""
    return next((p for p in case.newest_plans if p.state == PlanState.APPROVED), None)


def _page(case: EvaluationCase, user: Any) -> dict[str, Any]:
    roles = case_roles(user, case)
    return {
        "case": case,
        "roles": [r for r in Role if r in roles],
        "role_set": roles,
        "actions": case_actions(case, roles),
        "excluded": case.eligibility == Eligibility.EXCLUDED,
    }


# --- work plan (Annex 1) --------------------------------------------------------------------


def _numbered(kpis: list[Kpi]) -> list[Kpi]:
    """Set `planned_text`: the planned value as written ("91", "12.5"), as the API shows it."""
    for k in kpis:
        k.planned_text = number_text(k.planned_value) or ""
    return kpis


def _plan_items(data: Any, count: int) -> list[dict[str, str]]:
    """The form's KPI rows (`kpis-N-field`) as the service's input: exactly `count` rows."""
    return [
        {name: str(data.get(f"kpis-{n}-{name}", "")).strip() for name in KPI_FIELDS}
        for n in range(1, count + 1)
    ]


def _kpi_values(kpi: Kpi) -> dict[str, str]:
    values = {name: getattr(kpi, name) or "" for name in KPI_FIELDS}
    values["planned_value"] = number_text(kpi.planned_value) or ""
    values["deadline"] = kpi.deadline.isoformat() if kpi.deadline else ""
    return values


def _plan_rows(items: list[dict[str, str]], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Rows for the form: each field's value and its errors (`kpis.N.field`)."""
    return [
        {
            "n": n,
            "fields": {
                name: {"value": item.get(name, ""), "errors": errors.get(f"kpis.{n}.{name}", [])}
                for name in KPI_FIELDS
            },
            "errors": errors.get(f"kpis.{n}", []),
        }
        for n, item in enumerate(items, start=1)
    ]


def _check_context(items: list[dict[str, str]], errors: dict[str, list[str]]) -> dict:
    """What the live check shows: problems per KPI, inline errors for the rows begun."""
    rows = []
    for n, item in enumerate(items, start=1):
        begun = any(item.values())
        problems = [m for name in KPI_FIELDS for m in errors.get(f"kpis.{n}.{name}", [])]
        rows.append(
            {
                "n": n,
                "begun": begun,
                "problems": problems,
                "fields": [
                    {"id": f"err-kpis-{n}-{name}", "errors": errors.get(f"kpis.{n}.{name}", [])}
                    for name in KPI_FIELDS
                ],
            }
        )
    return {
        "check_rows": rows,
        "plan_errors": errors.get("kpis", []) + errors.get("__all__", []),
        # An untouched KPI counts once ("not filled in yet"), not once per empty field.
        "problem_count": sum(len(r["problems"]) if r["begun"] else 1 for r in rows if r["problems"])
        + len(errors.get("kpis", []) + errors.get("__all__", [])),
    }


def _return_history(plans: list[WorkPlan]) -> dict[int, list[AuditEvent]]:
    """Each version's returns for rework with their reasons, from the audit trail (one
    query): a reason is cleared from the plan once it is approved, the record stays."""
    found: dict[int, list[AuditEvent]] = {p.pk: [] for p in plans}
    events = AuditEvent.objects.filter(
        object_type="kpi.workplan",
        object_id__in=[str(p.pk) for p in plans],
        action="work_plan.return",
    ).select_related("actor")
    for event in events.order_by("at", "pk"):
        found.setdefault(int(event.object_id), []).append(event)
    return found


@login_required
def work_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's work plan: the newest version as Annex 1, the form for the direct
    supervisor, the approver's decision, and every version with its returns."""
    case = _case(request.user, case_id)
    ctx = _page(case, request.user)
    plans = list(
        WorkPlan.objects.filter(case=case)
        .select_related("approved_by")
        .prefetch_related("kpis")
        .order_by("-version")
    )
    plan = plans[0] if plans else None
    count = version_rules(case.cycle.methodology_version).kpi_count
    allowed = _saved_then(ctx["actions"]["work_plan"], plan, WORK_PLAN, ctx["role_set"], "submit")
    errors: dict[str, list[str]] = {}
    items: list[dict[str, str]] | None = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("save", "submit"):
            items = _plan_items(request.POST, count)
            out = save_then_act(  # a refused submission keeps nothing, not even the save
                request,
                work_plan_save_kpis,
                {"case_id": case.pk, "kpis": items, "actor": request.user},
                work_plan_act if action == "submit" else None,
                lambda saved: {"plan_id": saved.pk, "action": "submit", "actor": request.user},
                saved=str(PLAN_DONE["save"]),
                acted=str(PLAN_DONE["submit"]),
            )
        elif action in PLAN_ACTIONS and plan is not None:
            out = perform(
                request,
                work_plan_act,
                plan_id=plan.pk,
                action=action,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                success=str(PLAN_DONE[action]),
            )
        else:
            raise Http404(_("no such action on the work plan"))
        if out.ok:
            return back(request, "web:work_plan", case.pk)
        errors, status = out.errors, 422
    editing = "edit" in allowed
    if editing and items is None:
        saved = (
            [_kpi_values(k) for k in sorted(plan.kpis.all(), key=lambda k: k.number)]
            if plan
            else []
        )
        blank = dict.fromkeys(KPI_FIELDS, "")
        items = (saved + [blank] * count)[: max(count, len(saved))]
    returns = _return_history(plans)
    ctx.update(
        {
            "plan": plan,
            "kpis": _numbered(sorted(plan.kpis.all(), key=lambda k: k.number)) if plan else [],
            "versions": [
                {
                    "plan": p,
                    "kpis": _numbered(sorted(p.kpis.all(), key=lambda k: k.number)),
                    "returns": returns.get(p.pk, []),
                }
                for p in plans
            ],
            "allowed": allowed,
            "editing": editing,
            "rows": _plan_rows(items, errors) if editing and items is not None else [],
            "errors": errors,
            "plan_errors": errors.get("kpis", []) + errors.get("__all__", []),
            "count": count,
            "sources": SOURCES,
            "achievements": ACHIEVEMENTS,
            "period_start": plan.period_start if plan else case.plan_start,
            "period_end": plan.period_end if plan else case.cycle.period_end,
            "reason": request.POST.get("reason", "") if request.method == "POST" else "",
        }
    )
    return render(request, "web/kpi/work_plan.html", ctx, status=status)


@login_required
@require_POST
def work_plan_check_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx: the §13–§14 problems of the unsaved form, per KPI field (writes nothing)."""
    case = _case(request.user, case_id)
    if "edit" not in case_actions(case, case_roles(request.user, case))["work_plan"]:
        raise PermissionDenied(_("you may not draw up this work plan now"))
    plan = case.newest_plans[0] if case.newest_plans else None
    count = version_rules(case.cycle.methodology_version).kpi_count
    items = _plan_items(request.POST, count)
    errors = work_plan_check(case, plan, items, count)
    return render(request, "web/kpi/_plan_check.html", _check_context(items, errors))


# --- quarterly monitoring (§16) -------------------------------------------------------------


def _quarter_key(value: str) -> tuple[int, int] | None:
    try:
        year, quarter = (int(x) for x in value.split("-"))
    except ValueError:
        return None
    return year, quarter


@login_required
def quarterly(request: HttpRequest, case_id: int) -> HttpResponse:
    """Each quarter of the approved plan's period with its review (recorded, due, overdue,
    not ended), the direct supervisor's form to record one, and the servant's confirmation
    that they have seen each review's recommendations."""
    case = _case(request.user, case_id)
    ctx = _page(case, request.user)
    today = timezone.localdate()
    plan = _approved(case)
    kpis = _numbered(sorted(plan.kpis.all(), key=lambda k: k.number)) if plan else []
    reviews = {(r.year, r.quarter): r for r in quarterly_review_list(case)}
    rows = []
    if plan is not None:
        for q, first, last in quarters(plan.period_start, plan.period_end):
            due = quarterly_due(last)
            review = reviews.get((first.year, q))
            rows.append(
                {
                    "key": f"{first.year}-{q}",
                    "year": first.year,
                    "quarter": q,
                    "first": first,
                    "last": last,
                    "due": due,
                    "ended": last < today,
                    "overdue": review is None and today > due,
                    "review": review,
                    "review_actions": (
                        quarterly_review_actions(case, review, ctx["role_set"]) if review else []
                    ),
                    "progress": {p.get("kpi"): p for p in (review.progress if review else [])},
                }
            )
    can_record = (
        plan is not None and Role.DIRECT_SUPERVISOR in ctx["role_set"] and not ctx["excluded"]
    )
    errors: dict[str, list[str]] = {}
    status = 200
    posted: dict[str, Any] | None = None
    if request.method == "POST" and request.POST.get("action") == "acknowledge":
        wanted = request.POST.get("review", "")
        review = next((r for r in reviews.values() if str(r.pk) == wanted), None)
        if review is None:
            raise Http404(_("no such quarterly review"))
        out = perform(
            request,
            quarterly_review_acknowledge,
            review_id=review.pk,
            actor=request.user,
            success=_("You have confirmed that you have seen the quarter's recommendations."),
        )
        if out.ok:
            return back(request, "web:quarterly", case.pk)
        status = 422
    elif request.method == "POST":
        key = _quarter_key(request.POST.get("quarter", ""))
        if key is None:
            raise Http404(_("no such quarter"))
        progress = [
            {
                "kpi": k.number,
                "value": request.POST.get(f"progress-{k.number}-value", "").strip() or None,
                "comment": request.POST.get(f"progress-{k.number}-comment", ""),
            }
            for k in kpis
        ]
        recommendations = request.POST.get("recommendations", "")
        out = perform(
            request,
            quarterly_review_record,
            case_id=case.pk,
            year=key[0],
            quarter=key[1],
            progress=progress,
            recommendations=recommendations,
            actor=request.user,
            success=_("The quarter's monitoring and recommendations are recorded."),
        )
        if out.ok:
            return back(request, "web:quarterly", case.pk)
        errors, status = out.errors, 422
        posted = {
            "key": request.POST.get("quarter", ""),
            "progress": {p["kpi"]: p for p in progress},
            "recommendations": recommendations,
        }
    ended = [r for r in rows if r["ended"]]
    if posted is None:
        wanted = request.GET.get("quarter", "")
        chosen = next((r for r in ended if r["key"] == wanted), None)
        chosen = chosen or next((r for r in ended if r["review"] is None), None)
        chosen = chosen or (ended[-1] if ended else None)
        review = chosen["review"] if chosen else None
        posted = {
            "key": chosen["key"] if chosen else "",
            "progress": chosen["progress"] if chosen else {},
            "recommendations": review.recommendations if review else "",
        }
    form_rows = [
        {
            "kpi": k,
            "value": (posted["progress"].get(k.number) or {}).get("value") or "",
            "comment": (posted["progress"].get(k.number) or {}).get("comment") or "",
            "errors": errors.get(f"progress.{k.number}.value", []),
        }
        for k in kpis
    ]
    ctx.update(
        {
            "plan": plan,
            "kpis": kpis,
            "rows": rows,
            "ended": ended,
            "can_record": can_record and bool(ended),
            "form": posted,
            "form_rows": form_rows,
            "errors": errors,
            "all_errors": errors.get("__all__", []),
            "today": today,
        }
    )
    return render(request, "web/kpi/quarterly.html", ctx, status=status)


# --- KPI sheet (Annex 2) --------------------------------------------------------------------

ACHIEVED = {"yes": True, "no": False}


def _result_items(data: Any, kpis: list[Kpi]) -> list[dict[str, Any]]:
    """The form's rows (`results-N-field`) as the service's input."""
    return [
        {
            "kpi": k.number,
            "actual_value": str(data.get(f"results-{k.number}-actual_value", "")).strip(),
            "done_on": str(data.get(f"results-{k.number}-done_on", "")).strip(),
            "evidence": str(data.get(f"results-{k.number}-evidence", "")),
            "achieved": ACHIEVED.get(data.get(f"results-{k.number}-achieved", "")),
        }
        for k in kpis
    ]


def _sheet_rows(
    kpis: list[Kpi], items: list[dict[str, Any]], errors: dict[str, list[str]], preview: dict
) -> list[dict[str, Any]]:
    proposed = {r["n"]: r["proposed"] for r in preview["preview_rows"]}
    rows = []
    for k, item in zip(kpis, items, strict=True):
        n = k.number
        rows.append(
            {
                "kpi": k,
                "n": n,
                "item": item,
                "achieved": {True: "yes", False: "no"}.get(item["achieved"], ""),
                "proposed": proposed.get(n),
                "done_date": _iso_date(item["done_on"]),
                "errors": {
                    name: errors.get(f"results.{n}.{name}", [])
                    for name in ("actual_value", "done_on", "evidence", "achieved")
                },
            }
        )
    return rows


def _iso_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _saved_items(sheet: Any, kpis: list[Kpi]) -> list[dict[str, Any]]:
    results = {r.kpi_id: r for r in sheet.results.all()} if sheet else {}
    items = []
    for k in kpis:
        r = results.get(k.pk)
        items.append(
            {
                "kpi": k.number,
                "actual_value": number_text(r.actual_value) or "" if r else "",
                "done_on": r.done_on.isoformat() if r and r.done_on else "",
                "evidence": r.evidence if r else "",
                "achieved": r.achieved if r else None,
            }
        )
    return items


@login_required
def kpi_sheet(request: HttpRequest, case_id: int) -> HttpResponse:
    """The KPI sheet: the direct supervisor's results and marks with the rating live, then
    signing, the servant's acknowledgement, the approver's agreement or return, HR's
    putting it before the commission."""
    case = _case(request.user, case_id)
    ctx = _page(case, request.user)
    sheet = kpi_sheet_of(case)
    if sheet is not None:
        kpis = [r.kpi for r in sheet.results.all()]
        plan = sheet.plan
    else:
        plan = _approved(case)
        kpis = sorted(plan.kpis.all(), key=lambda k: k.number) if plan else []
    _numbered(kpis)
    scale = version_rules(case.cycle.methodology_version).kpi_rating_scale
    allowed = _saved_then(ctx["actions"]["kpi_sheet"], sheet, KPI_SHEET, ctx["role_set"], "sign")
    errors: dict[str, list[str]] = {}
    items: list[dict[str, Any]] | None = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("save", "sign"):
            items = _result_items(request.POST, kpis)
            out = save_then_act(  # a refused signature keeps nothing, not even the save
                request,
                kpi_sheet_save_results,
                {"case_id": case.pk, "results": items, "actor": request.user},
                kpi_sheet_act if action == "sign" else None,
                lambda saved: {"sheet_id": saved.pk, "action": "sign", "actor": request.user},
                saved=str(SHEET_DONE["save"]),
                acted=str(SHEET_DONE["sign"]),
            )
        elif action in SHEET_ACTIONS and action != "sign" and sheet is not None:
            out = perform(
                request,
                kpi_sheet_act,
                sheet_id=sheet.pk,
                action=action,
                actor=request.user,
                reason=request.POST.get("reason", ""),
                success=str(SHEET_DONE[action]),
            )
        else:
            raise Http404(_("no such action on the KPI sheet"))
        if out.ok:
            return back(request, "web:kpi_sheet", case.pk)
        errors, status = out.errors, 422
    editing = "edit" in allowed and bool(kpis)
    if items is None:
        items = _saved_items(sheet, kpis)
    preview = kpi_sheet_preview(kpis, items, scale)
    ctx.update(
        {
            "sheet": sheet,
            "plan": plan,
            "kpis": kpis,
            "allowed": allowed,
            "editing": editing,
            "rows": _sheet_rows(kpis, items, errors, preview),
            "errors": errors,
            "sheet_errors": errors.get("results", []) + errors.get("__all__", []),
            "reason": request.POST.get("reason", "") if request.method == "POST" else "",
            **preview,
        }
    )
    return render(request, "web/kpi/kpi_sheet.html", ctx, status=status)


@login_required
@require_POST
def kpi_sheet_check(request: HttpRequest, case_id: int) -> HttpResponse:
    """htmx: the proposals and the rating the unsaved marks give (writes nothing)."""
    case = _case(request.user, case_id)
    if "edit" not in case_actions(case, case_roles(request.user, case))["kpi_sheet"]:
        raise PermissionDenied(_("you may not fill in this KPI sheet now"))
    sheet = kpi_sheet_of(case)
    if sheet is not None:
        kpis = [r.kpi for r in sheet.results.all()]
    else:
        plan = _approved(case)
        kpis = sorted(plan.kpis.all(), key=lambda k: k.number) if plan else []
    scale = version_rules(case.cycle.methodology_version).kpi_rating_scale
    items = _result_items(request.POST, kpis)
    return render(
        request, "web/kpi/_sheet_check.html", {"oob": True, **kpi_sheet_preview(kpis, items, scale)}
    )


# --- the direct supervisor's team, the approver's queue --------------------------------------


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """The direct supervisor's subordinates in a cycle with each one's stage and what waits
    for the supervisor. A fixed number of queries, whatever the team's size."""
    me = viewer(request.user)
    direct = EvaluationCase.objects.filter(position__reports_to_id__in=me.positions)
    cycles = list(
        EvaluationCycle.objects.filter(pk__in=direct.values("cycle_id"))
        .select_related("organisation")
        .order_by("-period_start", "organisation__code")
    )
    cycle = cycles[0] if cycles else None
    wanted = request.GET.get("cycle")
    if wanted:
        cycle = next((c for c in cycles if str(c.pk) == wanted), None)
        if cycle is None:
            raise Http404(_("no such cycle among your team's"))
    rows = []
    if cycle is not None:
        cases = list(
            cases_with_documents(
                direct.filter(cycle=cycle)
                .select_related("position__subdivision")
                .order_by("servant__surname", "servant__first_name", "pk")
            )
        )
        ids = {c.pk for c in cases}
        waiting: dict[int, list[Any]] = {}
        if cases:
            for item in inbox(request.user):
                if (
                    item.case_id in ids
                    and item.role == Role.DIRECT_SUPERVISOR
                    and not item.escalation
                ):
                    waiting.setdefault(item.case_id, []).append(item)
        for case in cases:
            with_sheets(case)
            rows.append(
                {
                    "case": case,
                    "plan": case.newest_plans[0] if case.newest_plans else None,
                    "waiting": sorted(
                        waiting.get(case.pk, []),
                        key=lambda a: (a.due is None, a.due or dt.date.max),
                    ),
                }
            )
    return render(
        request,
        "web/kpi/team.html",
        {"cycles": cycles, "cycle": cycle, "rows": rows, "today": timezone.localdate()},
    )


APPROVAL_PAGES = {"work_plan": "web:work_plan", "kpi_sheet": "web:kpi_sheet"}


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The approver's queue: submitted work plans and signed KPI sheets of the cases the
    user approves (the competency sheet has no approver's step). Fixed queries."""
    items = [
        a
        for a in inbox(request.user)
        if a.role == Role.APPROVER and not a.escalation and a.document in APPROVAL_PAGES
    ]
    cases = {
        c.pk: c
        for c in cases_with_documents(
            EvaluationCase.objects.filter(pk__in={a.case_id for a in items}).select_related(
                "cycle__organisation", "position__subdivision"
            )
        )
    }
    rows = []
    for a in items:
        case = cases.get(a.case_id)
        if case is None:
            continue
        with_sheets(case)
        if a.document == "work_plan":
            plan = case.newest_plans[0] if case.newest_plans else None
            since = plan.submitted_at if plan else None
            what = plan
        else:
            since = case.kpi_sheet_or_none.signed_at if case.kpi_sheet_or_none else None
            what = case.kpi_sheet_or_none
        rows.append(
            {
                "item": a,
                "case": case,
                "since": since,
                "document": what,
                "page": APPROVAL_PAGES[a.document],
            }
        )
    rows.sort(key=lambda r: (r["since"] is None, r["since"] or timezone.now(), r["item"].servant))
    return render(request, "web/kpi/approvals.html", {"rows": rows})


urlpatterns: list = [
    path("cases/<int:case_id>/work-plan/", work_plan, name="work_plan"),
    path("cases/<int:case_id>/work-plan/check/", work_plan_check_page, name="work_plan_check"),
    path("cases/<int:case_id>/quarterly/", quarterly, name="quarterly"),
    path("cases/<int:case_id>/kpi-sheet/", kpi_sheet, name="kpi_sheet"),
    path("cases/<int:case_id>/kpi-sheet/check/", kpi_sheet_check, name="kpi_sheet_check"),
    path("team/", team, name="team"),
    path("approvals/", approvals, name="approvals"),
]
