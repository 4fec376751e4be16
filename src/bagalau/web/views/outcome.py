"""The commission's orders (§5, §31) and each case's outcome: the decision, the acquaintance
or the act of refusal (§40–§41), appeals (§42; 004: §43) and court cases (§43; 004: §44).

Thin views: each finds the object among those the person may see, as commission/api.py does
(404 otherwise), and calls the same service as the API endpoint. Buttons show only for what
the person may do now (the workflow tables); the services refuse the rest anyway.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    Decision,
    DecisionState,
    RefusalAct,
    SeatRole,
)
from bagalau.commission.outcomes import (
    DEFAULT_PARAGRAPHS,
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    court_case_decide,
    court_case_record,
    paragraph,
    refusal_act_draw_up,
    standing_decision,
)
from bagalau.commission.rules import appeal_in_time
from bagalau.commission.selectors import (
    OPEN_MEETING_STATES,
    authorized_bodies,
    final_results,
    is_authorized_person,
    readable_case,
    readable_case_of,
    servant_of,
    visible_orders,
)
from bagalau.commission.services import commission_order_issue
from bagalau.commission.workflow import (
    ACQUAINTANCE,
    APPEAL,
    APPEAL_FILERS,
    COURT_CASE,
    AppealState,
)
from bagalau.competency.models import RESULTS, CompetencyAssessment
from bagalau.core.workflow import Role
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import case_roles
from bagalau.kpi.models import RATINGS
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.access import hr_body_ids, is_operator, visible_bodies
from bagalau.orgstructure.models import Appointment, Organisation
from bagalau.orgstructure.selectors import appointments_on
from bagalau.web.views.base import perform
from bagalau.workcalendar.selectors import add_working_days

TEMPLATE = "web/outcome/outcome.html"

# Who hears an appeal, by the methodology version (001 §42, 004 §43).
HEARING_BODIES = {
    "authorized_person": gettext_lazy("the authorized person"),
    "civil_service_agency": gettext_lazy("the civil-service agency"),
}


def _today() -> dt.date:
    return timezone.localdate()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _plain(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Errors by field for a template, whose variables cannot read `__all__`."""
    return {("all" if k == "__all__" else k): v for k, v in errors.items()}


# --- lookups: what the person may see, else 404 (as commission/api.py) ----------------------


# --- the outcome page (§37–§44) -------------------------------------------------------------


def _roles(user: Any, case: EvaluationCase, today: dt.date) -> set[str]:
    """Who the person is to the case, the body's authorized person included (§39, 004 §43):
    the same roles the outcome services act on."""
    roles = set(case_roles(user, case, today))
    if is_authorized_person(user, case.cycle.organisation, today):
        roles.add(Role.AUTHORIZED_PERSON)
    return roles


def _body_servants(organisation_id: int, on: dt.date) -> list[Appointment]:
    return list(
        appointments_on(on)
        .filter(position__organisation_id=organisation_id)
        .select_related("servant", "position")
        .order_by("servant__surname", "servant__first_name", "servant__patronymic", "pk")
    )


def _decision_rows(case: EvaluationCase) -> list[dict[str, Any]]:
    """Every decision on the case with the original results beside the corrected ones
    (§37, §38), the meeting and its protocol."""
    names = {
        a.competency.code: a.competency
        for a in CompetencyAssessment.objects.filter(sheet__case=case)
        .select_related("competency")
        .order_by("number")
    }
    rows = []
    for d in (
        Decision.objects.filter(case=case)
        .select_related("item__meeting")
        .order_by("decided_on", "pk")
    ):
        codes = list(dict.fromkeys([*d.competency_original, *d.competency_revised]))
        rows.append(
            {
                "decision": d,
                "meeting": d.item.meeting,
                "competencies": [
                    {
                        "code": code,
                        "competency": names.get(code),
                        "original": d.competency_original.get(code, ""),
                        "revised": d.competency_revised.get(code, ""),
                    }
                    for code in codes
                ],
            }
        )
    return rows


def _outcome_context(
    request: HttpRequest,
    case: EvaluationCase,
    *,
    failed: str = "",
    failed_id: int | None = None,
    errors: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """What the outcome page shows, and which forms the person may use now. A refused form
    (`failed`, for the object `failed_id`) is shown again with its errors and input."""
    user, today = request.user, _today()
    rules = version_rules(case.cycle.methodology_version)
    roles = _roles(user, case, today)
    errors = _plain(errors or {})
    posted = request.POST if failed else {}

    def errors_for(form: str, pk: int | None = None) -> dict[str, list[str]]:
        return errors if failed == form and failed_id == pk else {}

    def values_for(form: str, pk: int | None = None) -> Any:
        return posted if failed == form and failed_id == pk else {}

    acquaintances = []
    need_servants = False
    for acq in (
        Acquaintance.objects.filter(case=case)
        .select_related(
            "refusal_act__hr_officer", "refusal_act__witness_one", "refusal_act__witness_two"
        )
        .order_by("pk")
    ):
        try:
            act = acq.refusal_act
        except RefusalAct.DoesNotExist:
            act = None
        self_ack = "acknowledge" in ACQUAINTANCE.actions(acq.state, roles & {Role.SERVANT})
        paper = Role.SERVANT not in roles and "acknowledge" in ACQUAINTANCE.actions(
            acq.state, roles
        )
        refuse = "refuse" in ACQUAINTANCE.actions(acq.state, roles & {Role.HR})
        need_servants = need_servants or refuse
        acquaintances.append(
            {
                "acq": acq,
                "act": act,
                "overdue": acq.state == "pending" and today > acq.due,
                "may_acknowledge": self_ack,
                "may_record_paper": paper,
                "may_refuse": refuse,
                "ack_errors": errors_for("acknowledge", acq.pk),
                "refusal_errors": errors_for("refusal", acq.pk),
                "refusal_values": values_for("refusal", acq.pk),
            }
        )

    # the appeal (§42; 004: §43): against the standing decision, within 10 working days of it
    try:
        standing = standing_decision(case)
    except ValidationError:
        standing = None
    appeals = list(Appeal.objects.filter(case=case).order_by("filed_on", "pk"))
    appeal_window = None
    if standing is not None:
        last_day = add_working_days(standing.decided_on, rules.deadlines["appeal"])
        pending = any(
            a.decision_id == standing.pk and a.state == AppealState.FILED for a in appeals
        )
        in_time = appeal_in_time(today, last_day)
        appeal_window = {
            "decided_on": standing.decided_on,
            "last_day": last_day,
            "days": rules.deadlines["appeal"],
            "in_time": in_time,
            "pending": pending,
            "may_file": bool(roles & set(APPEAL_FILERS))
            and in_time
            and not pending
            and today >= standing.decided_on,
            "on_paper": Role.SERVANT not in roles,
        }
    appeal_rows = []
    for appeal in appeals:
        answers = (
            {Role.AUTHORIZED_PERSON} if appeal.hearing_body == "authorized_person" else {Role.HR}
        )
        appeal_rows.append(
            {
                "appeal": appeal,
                "heard_by": HEARING_BODIES.get(appeal.hearing_body, appeal.hearing_body),
                "actions": APPEAL.actions(appeal.state, roles & answers),
                "needs_reference": appeal.hearing_body != "authorized_person",
                "errors": errors_for("answer", appeal.pk),
                "values": values_for("answer", appeal.pk),
            }
        )

    # an upheld appeal cancelled the decision: the case goes back on the agenda (§42)
    decisions = _decision_rows(case)
    back_on_agenda = None
    if standing is None and any(r["decision"].state == DecisionState.CANCELLED for r in decisions):
        item = (
            AgendaItem.objects.filter(case=case, meeting__state__in=OPEN_MEETING_STATES)
            .select_related("meeting")
            .order_by("-meeting__date", "-pk")
            .first()
        )
        back_on_agenda = {"meeting": item.meeting if item else None}

    # the court may change the results of the standing decision (§43)
    standing_row = next((r for r in decisions if r["decision"] == standing), None)
    court_rows = [
        {
            "court": c,
            "actions": COURT_CASE.actions(c.state, roles),
            "errors": errors_for("court_decision", c.pk),
            "values": values_for("court_decision", c.pk),
        }
        for c in CourtCase.objects.filter(case=case).order_by("filed_on", "pk")
    ]
    return {
        "case": case,
        "today": today,
        "roles": [r for r in Role if r in roles],
        "rules": rules,
        "decisions": decisions,
        "final": final_results([case.pk]).get(case.pk),
        "acquaintances": acquaintances,
        "officer": servant_of(user) if need_servants else None,
        "body_servants": _body_servants(case.cycle.organisation_id, today) if need_servants else [],
        "appeal_body": HEARING_BODIES.get(rules.appeal_body, rules.appeal_body),
        "paragraphs": {key: paragraph(rules, key) for key in DEFAULT_PARAGRAPHS},
        "appeal_window": appeal_window,
        "appeal_errors": errors_for("appeal"),
        "appeal_values": values_for("appeal"),
        "appeals": appeal_rows,
        "back_on_agenda": back_on_agenda,
        "court_cases": court_rows,
        "court_competencies": standing_row["competencies"] if standing_row else [],
        "may_record_court": Role.HR in roles and standing is not None,
        "court_errors": errors_for("court"),
        "court_values": values_for("court"),
        "ratings": RATINGS,
        "competency_results": RESULTS,
    }


def _back_to(case: EvaluationCase) -> HttpResponse:
    return redirect(reverse("web:outcome", args=[case.pk]))


def _refused(
    request: HttpRequest,
    case: EvaluationCase,
    form: str,
    errors: dict[str, list[str]],
    pk: int | None = None,
) -> HttpResponse:
    """A refused form: the page again with the errors beside the fields, nothing changed."""
    context = _outcome_context(request, case, failed=form, failed_id=pk, errors=errors)
    return render(request, TEMPLATE, context)


@login_required
def case_outcome(request: HttpRequest, case_id: int) -> HttpResponse:
    """What the commission decided on the case and what followed (§37–§44), with the forms
    the person may use now."""
    case = readable_case(request.user, case_id)
    return render(request, TEMPLATE, _outcome_context(request, case))


@login_required
@require_POST
def acknowledge(request: HttpRequest, acquaintance_id: int) -> HttpResponse:
    """The servant acknowledges the final results in writing (§40–§41); HR records a
    signature given on paper."""
    case = readable_case_of(
        request.user, Acquaintance, acquaintance_id, _("no acquaintance with the id %(id)d")
    )
    done = perform(
        request,
        acquaintance_acknowledge,
        acquaintance_id=acquaintance_id,
        actor=request.user,
        success=_("The acquaintance with the results is recorded."),
    )
    if not done.ok:
        return _refused(request, case, "acknowledge", done.errors, acquaintance_id)
    return _back_to(case)


@login_required
@require_POST
def refusal_act(request: HttpRequest, acquaintance_id: int) -> HttpResponse:
    """HR draws up the act of refusal, signed by the HR officer and two other servants of the
    body (§41)."""
    case = readable_case_of(
        request.user, Acquaintance, acquaintance_id, _("no acquaintance with the id %(id)d")
    )
    witnesses = [
        w for w in (_int(request.POST.get(f"signatory_{n}")) for n in (1, 2)) if w is not None
    ]
    done = perform(
        request,
        refusal_act_draw_up,
        acquaintance_id=acquaintance_id,
        witnesses=witnesses,
        statement=request.POST.get("statement", ""),
        number=request.POST.get("number", ""),
        actor=request.user,
        success=_("The act of refusal is drawn up and the results are sent to the servant."),
    )
    if not done.ok:
        return _refused(request, case, "refusal", done.errors, acquaintance_id)
    return _back_to(case)


@login_required
@require_POST
def appeal(request: HttpRequest, case_id: int) -> HttpResponse:
    """The servant appeals against the commission's decision within 10 working days of it
    (§42); HR enters an appeal received on paper."""
    case = readable_case(request.user, case_id)
    done = perform(
        request,
        appeal_file,
        case_id=case_id,
        grounds=request.POST.get("grounds", ""),
        actor=request.user,
        success=_("The appeal is filed."),
    )
    if not done.ok:
        return _refused(request, case, "appeal", done.errors)
    return _back_to(case)


@login_required
@require_POST
def answer(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """The appeal body's answer: the authorized person's (004 §43), or the agency's letter
    recorded by HR with its reference (001 §42)."""
    case = readable_case_of(request.user, Appeal, appeal_id, _("no appeal with the id %(id)d"))
    done = perform(
        request,
        appeal_answer,
        appeal_id=appeal_id,
        outcome=request.POST.get("outcome", ""),
        reference=request.POST.get("reference", ""),
        note=request.POST.get("note", ""),
        actor=request.user,
        success=_("The answer to the appeal is recorded."),
    )
    if not done.ok:
        return _refused(request, case, "answer", done.errors, appeal_id)
    return _back_to(case)


@login_required
@require_POST
def court_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """HR records that the servant went to court over the evaluation (§43; 004: §44)."""
    case = readable_case(request.user, case_id)
    filed_on = _date(request.POST.get("filed_on"))
    if filed_on is None:
        return _refused(request, case, "court", {"filed_on": [_("enter a date")]})
    done = perform(
        request,
        court_case_record,
        case_id=case_id,
        court=request.POST.get("court", ""),
        number=request.POST.get("number", ""),
        filed_on=filed_on,
        actor=request.user,
        success=_("The court case is recorded."),
    )
    if not done.ok:
        return _refused(request, case, "court", done.errors)
    return _back_to(case)


@login_required
@require_POST
def court_decision(request: HttpRequest, court_case_id: int) -> HttpResponse:
    """HR records the court's decision; one that changes the result gives it (§43)."""
    case = readable_case_of(
        request.user, CourtCase, court_case_id, _("no court case with the id %(id)d")
    )
    decided_on = _date(request.POST.get("decided_on"))
    if decided_on is None:
        return _refused(
            request, case, "court_decision", {"decided_on": [_("enter a date")]}, court_case_id
        )
    prefix = "competency."
    competencies = {
        key[len(prefix) :]: value
        for key, value in request.POST.items()
        if key.startswith(prefix) and value
    }
    done = perform(
        request,
        court_case_decide,
        court_case_id=court_case_id,
        changed=request.POST.get("changed") == "yes",
        decided_on=decided_on,
        reference=request.POST.get("reference", ""),
        kpi_rating=request.POST.get("kpi_rating", ""),
        competencies=competencies,
        actor=request.user,
        success=_("The court's decision is recorded."),
    )
    if not done.ok:
        return _refused(request, case, "court_decision", done.errors, court_case_id)
    return _back_to(case)


# --- commission orders (§5, §31) ------------------------------------------------------------


def _order_bodies(user: Any, on: dt.date) -> QuerySet[Organisation]:
    """Bodies whose commission orders the person records: as the authorized person who signs
    them or as the HR officer entering them (§5, §31); every body for an operator."""
    if is_operator(user):
        return visible_bodies(user).order_by("code")
    ids = set(hr_body_ids(user, on)) | authorized_bodies(user, on)
    return Organisation.objects.filter(pk__in=ids).order_by("code")


def _held_on(appointment: Appointment, on: dt.date) -> bool:
    return appointment.date_from <= on and (
        appointment.date_to is None or appointment.date_to >= on
    )


def _order_rows(user: Any) -> list[dict[str, Any]]:
    """The orders the person may read, oldest first, each with its composition and each
    member's position in the body on the day the order took effect. Three queries."""
    seats = CommissionSeat.objects.select_related("servant").order_by("number")
    orders = list(
        visible_orders(user)
        .prefetch_related(Prefetch("seats", queryset=seats))
        .order_by("organisation__code", "effective_from", "pk")
    )
    servants = {s.servant_id for o in orders for s in o.seats.all()}
    bodies = {o.organisation_id for o in orders}
    held: dict[tuple[int, int], list[Appointment]] = {}
    for a in (
        Appointment.objects.filter(servant_id__in=servants, position__organisation_id__in=bodies)
        .select_related("position")
        .order_by("-date_from", "-pk")
    ):
        held.setdefault((a.servant_id, a.position.organisation_id), []).append(a)

    def position(servant_id: int, order: CommissionOrder) -> Any:
        found = held.get((servant_id, order.organisation_id), [])
        then = next((a for a in found if _held_on(a, order.effective_from)), None)
        appointment = then or (found[0] if found else None)
        return appointment.position if appointment else None

    rows = []
    for order in orders:
        people = [
            {"seat": s, "servant": s.servant, "position": position(s.servant_id, order)}
            for s in order.seats.all()
        ]
        rows.append(
            {
                "order": order,
                "chair": next((p for p in people if p["seat"].role == SeatRole.CHAIR), None),
                "members": [p for p in people if p["seat"].role == SeatRole.MEMBER],
                "secretary": next(
                    (p for p in people if p["seat"].role == SeatRole.SECRETARY), None
                ),
            }
        )
    return rows


def _order_form(
    body: Organisation | None, today: dt.date, posted: Any, errors: dict[str, list[str]]
) -> dict[str, Any] | None:
    """The form recording a body's first order or an amendment of its latest one, filled
    with the posted input, else with the latest composition."""
    if body is None:
        return None
    latest = (
        CommissionOrder.objects.filter(organisation=body)
        .prefetch_related("seats")
        .order_by("-effective_from", "-pk")
        .first()
    )
    if posted:
        values = {
            "number": posted.get("number", ""),
            "signed_on": posted.get("signed_on", ""),
            "effective_from": posted.get("effective_from", ""),
            "chair": _int(posted.get("chair")),
            "members": {m for m in map(_int, posted.getlist("members")) if m is not None},
            "secretary": _int(posted.get("secretary")),
        }
    else:
        seats = list(latest.seats.all()) if latest else []
        values = {
            "number": "",
            "signed_on": today.isoformat(),
            "effective_from": "",
            "chair": next((s.servant_id for s in seats if s.role == SeatRole.CHAIR), None),
            "members": {s.servant_id for s in seats if s.role == SeatRole.MEMBER},
            "secretary": next((s.servant_id for s in seats if s.role == SeatRole.SECRETARY), None),
        }
    return {
        "body": body,
        "latest": latest,
        "servants": _body_servants(body.pk, today),
        "values": values,
        "errors": _plain(errors),
    }


@login_required
def orders(request: HttpRequest) -> HttpResponse:
    """The commission orders of the person's bodies with their compositions (§5, §31); the
    authorized person or HR records a body's first order or an amendment of the latest."""
    user, today = request.user, _today()
    bodies = list(_order_bodies(user, today))
    code = request.POST.get("organisation") or request.GET.get("organisation") or ""
    body = next((b for b in bodies if b.code == code), bodies[0] if bodies else None)
    errors: dict[str, list[str]] = {}
    posted = None
    if request.method == "POST":
        # as the API: a body the person may see (else 404); the service decides whether
        # they may record its orders
        body = visible_bodies(user).filter(code=code).first()
        if body is None:
            raise Http404(_("no state body with the code %(code)r") % {"code": code})
        posted = request.POST
        errors = _order_input_errors(posted)
        if not errors:
            done = perform(
                request,
                commission_order_issue,
                organisation=body,
                number=posted.get("number", ""),
                signed_on=_date(posted.get("signed_on")),
                effective_from=_date(posted.get("effective_from")),
                chair=_int(posted.get("chair")),
                members=[m for m in map(_int, posted.getlist("members")) if m is not None],
                secretary=_int(posted.get("secretary")),
                amends=_int(posted.get("amends")),
                actor=user,
                success=_("The commission order is recorded."),
            )
            if done.ok:
                return redirect(f"{reverse('web:orders')}?organisation={body.code}")
            errors = done.errors
    return render(
        request,
        "web/outcome/orders.html",
        {
            "rows": _order_rows(user),
            "bodies": bodies,
            "form": _order_form(body if body in bodies else None, today, posted, errors),
        },
    )


def _order_input_errors(posted: Any) -> dict[str, list[str]]:
    """What the form itself cannot pass on: a date that is not one, nobody chosen."""
    errors: dict[str, list[str]] = {}
    if _date(posted.get("signed_on")) is None:
        errors["signed_on"] = [_("enter a date")]
    if (posted.get("effective_from") or "").strip() and _date(posted["effective_from"]) is None:
        errors["effective_from"] = [_("enter a date")]
    if _int(posted.get("chair")) is None:
        errors["chair"] = [_("choose the chair")]
    if _int(posted.get("secretary")) is None:
        errors["secretary"] = [_("choose the secretary")]
    return errors


urlpatterns: list = [
    path("commission/orders/", orders, name="orders"),
    path("cases/<int:case_id>/outcome/", case_outcome, name="outcome"),
    path("cases/<int:case_id>/outcome/appeal/", appeal, name="outcome_appeal"),
    path("cases/<int:case_id>/outcome/court-cases/", court_case, name="outcome_court_case"),
    path(
        "outcome/acquaintances/<int:acquaintance_id>/acknowledge/",
        acknowledge,
        name="outcome_acknowledge",
    ),
    path(
        "outcome/acquaintances/<int:acquaintance_id>/refusal-act/",
        refusal_act,
        name="outcome_refusal_act",
    ),
    path("outcome/appeals/<int:appeal_id>/answer/", answer, name="outcome_appeal_answer"),
    path(
        "outcome/court-cases/<int:court_case_id>/decision/",
        court_decision,
        name="outcome_court_decision",
    ),
]
