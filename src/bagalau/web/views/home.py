"""Everyone's pages: the inbox, one's own evaluations, a case at a glance, the calendar."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bagalau.commission.selectors import final_results
from bagalau.core.workflow import Role
from bagalau.documents.catalog import FORMATS, LANGUAGES, build, document_object
from bagalau.documents.render import CONTENT_TYPES, filename
from bagalau.documents.render import render as render_document
from bagalau.evaluation.actions import case_actions
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.schemas import case_competency_sheet, case_sheet
from bagalau.evaluation.selectors import case_roles, visible_cases
from bagalau.kpi.inbox import PendingAction, inbox
from bagalau.kpi.selectors import cases_with_documents, visible_case_with_documents
from bagalau.workcalendar.selectors import month_days

MONDAY = dt.date(2024, 1, 1)

# Where an inbox item is acted on: the document's page (by case) or the meeting's.
CASE_PAGES = {
    "work_plan": "web:work_plan",
    "quarterly_review": "web:quarterly",
    "kpi_sheet": "web:kpi_sheet",
    "competency_sheet": "web:competency_sheet",
    "acquaintance": "web:outcome",
    "appeal": "web:outcome",
}


def action_url(item: PendingAction) -> str:
    """The page where the inbox item's action is taken."""
    try:
        if item.document == "commission_meeting":
            if item.document_id is None:
                return reverse("web:meetings")
            return reverse("web:meeting", args=[item.document_id])
        if item.case_id is not None and item.document in CASE_PAGES:
            return reverse(CASE_PAGES[item.document], args=[item.case_id])
    except NoReverseMatch:
        pass
    return reverse("web:case", args=[item.case_id]) if item.case_id else ""


def with_sheets(case: EvaluationCase) -> EvaluationCase:
    """Set `kpi_sheet_or_none` and `competency_sheet_or_none` for templates (loaded already
    by `cases_with_documents`; a missing sheet is None, not an error)."""
    case.kpi_sheet_or_none = case_sheet(case)
    case.competency_sheet_or_none = case_competency_sheet(case)
    return case


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The inbox: what waits for the signed-in person, soonest deadline first, overdue marked."""
    today = timezone.localdate()
    items = inbox(request.user, today)
    items.sort(key=lambda a: (a.due is None, a.due or today, a.servant))
    rows = [{"item": a, "url": action_url(a)} for a in items]
    return render(request, "web/home.html", {"rows": rows, "today": today})


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    """The signed-in servant's own evaluations, newest cycle first, with the final result."""
    cases = list(
        cases_with_documents(
            visible_cases(request.user)
            .filter(servant__user=request.user)
            .select_related("cycle__organisation")
            .order_by("-cycle__period_start")
        )
    )
    for case in cases:
        with_sheets(case)
    finals = final_results([c.pk for c in cases])
    return render(
        request,
        "web/my_cases.html",
        {"rows": [{"case": c, "final": finals.get(c.pk)} for c in cases]},
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """One case at a glance: eligibility, each document's state, and what the viewer may do."""
    case = with_sheets(visible_case_with_documents(request.user, case_id))
    roles = case_roles(request.user, case)
    final = final_results([case.pk]).get(case.pk)
    return render(
        request,
        "web/case.html",
        {
            "case": case,
            "roles": [r for r in Role if r in roles],
            "actions": case_actions(case, roles),
            "plan": case.newest_plans[0] if case.newest_plans else None,
            "final": final,
        },
    )


@login_required
def work_calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Kazakhstan's working days for a year, month by month, with each day off named."""
    today = timezone.localdate()
    year = year or today.year
    if not 2000 <= year <= 2100:
        raise Http404(_("no calendar for the year %(year)d") % {"year": year})
    lang = "ru" if (get_language() or "kk").startswith("ru") else "kk"
    months = []
    for month in range(1, 13):
        days = month_days(year, month)
        lead = dt.date(year, month, 1).weekday()
        weeks: list[list[object]] = [[None] * lead]
        for info in days:
            if len(weeks[-1]) == 7:
                weeks.append([])
            weeks[-1].append(
                {
                    "date": info.date,
                    "working": info.is_working,
                    "name": info.name(lang),
                    "today": info.date == today,
                }
            )
        weeks[-1] += [None] * (7 - len(weeks[-1]))
        months.append(
            {
                "number": month,
                "first": dt.date(year, month, 1),
                "weeks": weeks,
                "working": sum(1 for d in days if d.is_working),
                "named": [{"date": d.date, "name": d.name(lang)} for d in days if d.name(lang)],
            }
        )
    return render(
        request,
        "web/calendar.html",
        {
            "year": year,
            "months": months,
            "working_total": sum(m["working"] for m in months),
            "weekday_names": [date_format(MONDAY + dt.timedelta(days=i), "D") for i in range(7)],
        },
    )


@login_required
def document(request: HttpRequest, kind: str, object_id: int, fmt: str) -> HttpResponse:
    """A form (Annexes 1–5, the act of refusal) as PDF or DOCX in the page's language, or in
    `?lang=` — the API's download, for whoever may read the document."""
    if fmt not in FORMATS:
        raise Http404(_("no format %(format)r; the formats are pdf, docx") % {"format": fmt})
    lang = request.GET.get("lang") or ("ru" if (get_language() or "").startswith("ru") else "kk")
    if lang not in LANGUAGES:
        raise Http404(_("no language %(lang)r; the languages are kk, ru") % {"lang": lang})
    obj = document_object(request.user, kind, object_id)
    form = build(kind, obj, lang)
    response = HttpResponse(render_document(form, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename(form, fmt))
    return response
