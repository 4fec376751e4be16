"""Writes of the KPI track: work plans (§9–§15), quarterly monitoring (§16), KPI sheets
(§17–§24).

Each write locks its document, decides the actor's roles on the case, asks the workflow
table whether the action may happen (TransitionRefused if not), checks the methodology's
rules, then writes and audits in the same transaction: a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.core.messages import errors_by_field
from bagalau.core.workflow import Role, TransitionRefused
from bagalau.evaluation.acting import (
    audit_case,
    case_context,
    deadline_met,
    moment,
    require_evaluated,
)
from bagalau.evaluation.models import EvaluationCase
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.rules import (
    Achievement,
    KpiDraft,
    KpiProblem,
    KpiSource,
    kpi_rating,
    plan_problems,
    proposed_achievement,
    quarters,
)
from bagalau.kpi.workflow import (
    KPI_SHEET,
    PLAN_ACTIONS,
    SHEET_ACTIONS,
    WORK_PLAN,
    PlanState,
    SheetState,
)
from bagalau.workcalendar.selectors import add_working_days

KPI_FIELDS = (
    "name",
    "source",
    "source_reference",
    "unit",
    "planned_value",
    "achievement",
    "deadline",
    "key_result",
)


# --- work plan ------------------------------------------------------------------------------


def current_plan(case: EvaluationCase) -> WorkPlan | None:
    return case.work_plans.order_by("-version").first()


def approved_plan(case: EvaluationCase) -> WorkPlan | None:
    return case.work_plans.filter(state=PlanState.APPROVED).order_by("-version").first()


def _parse_decimal(value: Any, where: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        errors.setdefault(where, []).append(_("%(value)r is not a number") % {"value": value})
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        errors.setdefault(where, []).append(_("%(value)r is not a number") % {"value": value})
        return None
    return number


def _parse_date(value: Any, where: str, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(where, []).append(
            _("%(value)r is not a date in the form YYYY-MM-DD") % {"value": value}
        )
        return None


def _kpi_drafts(items: list[dict[str, Any]], limit: int) -> list[KpiDraft]:
    errors: dict[str, list[str]] = {}
    if len(items) > limit:
        errors["kpis"] = [
            _("a work plan has exactly %(count)s KPIs (§14); %(given)s were given")
            % {"count": limit, "given": len(items)}
        ]
    drafts = []
    for n, item in enumerate(items, start=1):
        unknown = set(item) - set(KPI_FIELDS)
        if unknown:
            errors.setdefault(f"kpis.{n}", []).append(
                _("unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        texts = {
            name: str(item.get(name) or "").strip()
            for name in ("name", "source", "source_reference", "unit", "achievement", "key_result")
        }
        for name, choices in (("source", KpiSource), ("achievement", Achievement)):
            if texts[name] and texts[name] not in set(choices):
                errors.setdefault(f"kpis.{n}.{name}", []).append(
                    _("%(value)r is not one of: %(choices)s")
                    % {"value": texts[name], "choices": ", ".join(choices)}
                )
        drafts.append(
            KpiDraft(
                **texts,
                planned_value=_parse_decimal(
                    item.get("planned_value"), f"kpis.{n}.planned_value", errors
                ),
                deadline=_parse_date(item.get("deadline"), f"kpis.{n}.deadline", errors),
            )
        )
    if errors:
        raise ValidationError(errors)
    return drafts


def _plan_snapshot(plan: WorkPlan) -> list[dict[str, Any]]:
    return [
        {name: getattr(k, name) for name in ("number", *KPI_FIELDS)}
        for k in plan.kpis.order_by("number")
    ]


@transaction.atomic
def work_plan_save_kpis(
    *, case_id: int, kpis: list[dict[str, Any]], actor: Any, on: dt.date | None = None
) -> WorkPlan:
    """The direct supervisor writes the plan's KPIs with the servant (§9, Annex 1); the plan
    is made on the first save. Allowed while it is a draft or returned for rework."""
    ctx = case_context(case_id, actor, on)
    require_evaluated(ctx.case)
    plan = current_plan(ctx.case)
    state = plan.state if plan else PlanState.DRAFT
    WORK_PLAN.next(state, "edit", ctx.roles)
    drafts = _kpi_drafts(kpis, ctx.rules.kpi_count)
    before = None
    if plan is None:
        plan = WorkPlan.objects.create(
            case=ctx.case,
            version=1,
            state=PlanState.DRAFT,
            period_start=ctx.case.plan_start,
            period_end=ctx.case.cycle.period_end,
            due=ctx.case.plan_due,
        )
    else:
        before = _plan_snapshot(plan)
        plan.kpis.all().delete()
    Kpi.objects.bulk_create(
        Kpi(plan=plan, number=n, **{name: getattr(d, name) for name in KPI_FIELDS})
        for n, d in enumerate(drafts, start=1)
    )
    plan.save(update_fields=["updated_at"])
    audit_case(actor, plan, "work_plan.edit", ctx.case, before, _plan_snapshot(plan))
    return plan


def _problem_messages(problems: list[KpiProblem], plan: WorkPlan, count: int) -> dict:
    labels = {f.name: f.verbose_name for f in Kpi._meta.fields}
    errors: dict[str, list[str]] = {}
    for p in problems:
        key = "kpis" if p.kpi is None else f"kpis.{p.kpi}.{p.field}"
        label = str(labels.get(p.field, p.field))
        if p.code == "count":
            message = _("a work plan has exactly %(count)s KPIs (§14); this one has %(given)s") % {
                "count": count,
                "given": plan.kpis.count(),
            }
        elif p.code == "outside_period":
            message = _(
                "KPI %(n)s: the deadline is outside the plan's period %(start)s – %(end)s (§13)"
            ) % {"n": p.kpi, "start": plan.period_start, "end": plan.period_end}
        elif p.code == "duplicate":
            message = _("KPI %(n)s repeats KPI %(other)s (§13)") % {"n": p.kpi, "other": p.other}
        elif p.code == "unknown":
            message = _("KPI %(n)s: the %(field)s is not one the methodology knows (§13)") % {
                "n": p.kpi,
                "field": label,
            }
        else:
            message = _("KPI %(n)s: the %(field)s is missing (§13)") % {"n": p.kpi, "field": label}
        errors.setdefault(key, []).append(message)
    return errors


@transaction.atomic
def work_plan_act(
    *, plan_id: int, action: str, actor: Any, reason: str = "", on: dt.date | None = None
) -> WorkPlan:
    """Submit, approve, return for rework, or revise an approved plan (§10–§12); the
    servant acknowledges the approved plan: they have seen it (their signature on Annex 1),
    once per version."""
    # The case first, then the document: every write locks in that order.
    ctx = case_context(WorkPlan.objects.get(pk=plan_id).case_id, actor, on)
    plan = WorkPlan.objects.select_for_update().get(pk=plan_id)
    plan.case = ctx.case
    require_evaluated(ctx.case)
    if action not in PLAN_ACTIONS:  # "supersede" follows an approval; nobody fires it
        raise TransitionRefused(
            workflow=WORK_PLAN.name, state=plan.state, action=action, reason="unknown_action"
        )
    newest = current_plan(ctx.case)
    if newest is not None and newest.pk != plan.pk:
        raise TransitionRefused(
            workflow=WORK_PLAN.name,
            state=plan.state,
            action=action,
            reason="out_of_turn",
            allowed_states=(f"version {newest.version}",),
        )
    new_state = WORK_PLAN.next(plan.state, action, ctx.roles)
    reason = reason.strip()
    before = {"state": plan.state}
    after: dict[str, Any] = {"state": new_state}
    if action == "submit":
        problems = plan_problems(
            [
                KpiDraft(
                    **{
                        name: getattr(k, name) or ""
                        for name in KPI_FIELDS
                        if name not in ("planned_value", "deadline")
                    },
                    planned_value=k.planned_value,
                    deadline=k.deadline,
                )
                for k in plan.kpis.order_by("number")
            ],
            kpi_count=ctx.rules.kpi_count,
            start=plan.period_start,
            end=plan.period_end,
        )
        if problems:
            raise ValidationError(_problem_messages(problems, plan, ctx.rules.kpi_count))
        due = plan.resubmit_due if plan.state == PlanState.RETURNED else plan.due
        after.update(deadline_met(due, ctx.on))
        plan.submitted_at = moment(ctx.on)
    elif action == "approve":
        plan.approved_at = moment(ctx.on)
        plan.approved_by = actor if getattr(actor, "pk", None) else None
        plan.return_reason, plan.resubmit_due = "", None
    elif action == "return":
        if not reason:
            raise ValidationError({"reason": _("say why the plan is returned for rework (§12)")})
        plan.return_reason = reason
        plan.resubmit_due = add_working_days(ctx.on, ctx.rules.deadlines["work_plan_rework"])
        after.update(reason=reason, resubmit_due=plan.resubmit_due)
    elif action == "acknowledge":
        if plan.acknowledged_at is not None:
            raise ValidationError(
                _("the servant saw the work plan on %(date)s already")
                % {"date": timezone.localdate(plan.acknowledged_at).isoformat()}
            )
        plan.acknowledged_at = moment(ctx.on)
        before["acknowledged_at"] = None
        after["acknowledged_at"] = plan.acknowledged_at
    elif action == "revise":
        successor = WorkPlan.objects.create(
            case=ctx.case,
            version=plan.version + 1,
            state=PlanState.DRAFT,
            period_start=plan.period_start,
            period_end=plan.period_end,
            # A revision is drawn up anew: the §9 allowance counts from the day it starts.
            due=add_working_days(ctx.on, ctx.rules.deadlines["work_plan"]),
        )
        Kpi.objects.bulk_create(
            Kpi(plan=successor, number=k.number, **{n: getattr(k, n) for n in KPI_FIELDS})
            for k in plan.kpis.order_by("number")
        )
        audit_case(
            actor,
            successor,
            "work_plan.revise",
            ctx.case,
            {"version": plan.version},
            {"version": successor.version, "state": successor.state, "reason": reason},
        )
        return successor
    plan.state = new_state
    plan.full_clean()
    plan.save()
    audit_case(actor, plan, f"work_plan.{action}", ctx.case, before, after)
    if action == "approve":
        for older in ctx.case.work_plans.filter(state=PlanState.APPROVED).exclude(pk=plan.pk):
            older_state = WORK_PLAN.next(older.state, "supersede", ctx.roles)
            older.state = older_state
            older.save(update_fields=["state", "updated_at"])
            audit_case(
                actor,
                older,
                "work_plan.supersede",
                ctx.case,
                {"state": PlanState.APPROVED},
                {"state": older_state, "by_version": plan.version},
            )
    return plan


# --- quarterly monitoring -------------------------------------------------------------------


@transaction.atomic
def quarterly_review_record(
    *,
    case_id: int,
    year: int,
    quarter: int,
    progress: list[dict[str, Any]],
    recommendations: str,
    actor: Any,
    on: dt.date | None = None,
) -> QuarterlyReview:
    """After a quarter the direct supervisor records each KPI's progress and written
    recommendations to the servant (§16). Recording a quarter again replaces it, and the
    servant is asked to see the new recommendations: its acknowledgement is cleared."""
    ctx = case_context(case_id, actor, on)
    if Role.DIRECT_SUPERVISOR not in ctx.roles:
        raise PermissionDenied(_("only the direct supervisor records quarterly monitoring (§16)"))
    require_evaluated(ctx.case)
    plan = approved_plan(ctx.case)
    if plan is None:
        raise ValidationError(_("the work plan is not approved yet; there is nothing to monitor"))
    spans = {
        (first.year, q): last for q, first, last in quarters(plan.period_start, plan.period_end)
    }
    if (year, quarter) not in spans:
        raise ValidationError(
            {
                "quarter": _("%(year)s Q%(q)s is outside the plan's period")
                % {"year": year, "q": quarter}
            }
        )
    if ctx.on <= spans[(year, quarter)]:
        raise ValidationError(
            {"quarter": _("%(year)s Q%(q)s has not ended yet") % {"year": year, "q": quarter}}
        )
    recommendations = recommendations.strip()
    if not recommendations:
        raise ValidationError(
            {"recommendations": _("written recommendations to the servant are required (§16)")}
        )
    numbers = set(plan.kpis.values_list("number", flat=True))
    errors: dict[str, list[str]] = {}
    cleaned = []
    for item in progress:
        number = item.get("kpi")
        if number not in numbers:
            errors.setdefault("progress", []).append(_("the plan has no KPI %(n)s") % {"n": number})
            continue
        value = _parse_decimal(item.get("value"), f"progress.{number}.value", errors)
        cleaned.append(
            {"kpi": number, "value": value, "comment": str(item.get("comment") or "").strip()}
        )
    if errors:
        raise ValidationError(errors)
    review, created = QuarterlyReview.objects.select_for_update().get_or_create(
        case=ctx.case,
        year=year,
        quarter=quarter,
        defaults={"plan": plan, "recommendations": recommendations},
    )
    before = (
        None
        if created
        else {
            "progress": review.progress,
            "recommendations": review.recommendations,
            "acknowledged_at": review.acknowledged_at,
        }
    )
    review.plan = plan
    review.progress = [
        {**c, "value": None if c["value"] is None else str(c["value"])} for c in cleaned
    ]
    review.recommendations = recommendations
    review.recorded_by = actor if getattr(actor, "pk", None) else None
    review.recorded_at = moment(ctx.on)
    review.acknowledged_at = None  # the servant sees the new recommendations again
    review.save()
    last = spans[(year, quarter)]
    after: dict[str, Any] = {
        "progress": review.progress,
        "recommendations": recommendations,
        **deadline_met(quarterly_due(last), ctx.on),
    }
    if not created:
        after["acknowledged_at"] = None
    audit_case(actor, review, "quarterly_review.record", ctx.case, before, after)
    return review


@transaction.atomic
def quarterly_review_acknowledge(
    *, review_id: int, actor: Any, on: dt.date | None = None
) -> QuarterlyReview:
    """The servant confirms they have seen a quarter's written recommendations (§16), once
    per recording: recording the quarter again asks them anew. Only the servant of the
    case (PermissionDenied for anyone else, as for recording, which is the direct
    supervisor's alone); a second acknowledgement is refused naming the date."""
    ctx = case_context(QuarterlyReview.objects.get(pk=review_id).case_id, actor, on)
    review = QuarterlyReview.objects.select_for_update().get(pk=review_id)
    if Role.SERVANT not in ctx.roles:
        raise PermissionDenied(
            _("only the servant confirms having seen the quarterly recommendations (§16)")
        )
    require_evaluated(ctx.case)
    if review.acknowledged_at is not None:
        raise ValidationError(
            _("the servant saw the recommendations for %(year)s Q%(q)s on %(date)s already")
            % {
                "year": review.year,
                "q": review.quarter,
                "date": timezone.localdate(review.acknowledged_at).isoformat(),
            }
        )
    review.acknowledged_at = moment(ctx.on)
    review.save(update_fields=["acknowledged_at"])
    audit_case(
        actor,
        review,
        "quarterly_review.acknowledge",
        ctx.case,
        {"acknowledged_at": None},
        {"acknowledged_at": review.acknowledged_at},
    )
    return review


def quarterly_due(quarter_end: dt.date) -> dt.date:
    """§16 says "after each quarter"; we expect the review within 5 working days (a reading)."""
    return add_working_days(quarter_end, QUARTERLY_REVIEW_WORKING_DAYS)


QUARTERLY_REVIEW_WORKING_DAYS = 5


# --- KPI evaluation sheet -------------------------------------------------------------------

RESULT_FIELDS = ("actual_value", "done_on", "evidence", "achieved")


@transaction.atomic
def kpi_sheet_save_results(
    *, case_id: int, results: list[dict[str, Any]], actor: Any, on: dt.date | None = None
) -> KpiSheet:
    """The direct supervisor enters each KPI's actual value and evidence; the system
    proposes achieved or not, the supervisor confirms (§17–§18). The sheet is made from the
    approved plan on the first save."""
    ctx = case_context(case_id, actor, on)
    require_evaluated(ctx.case)
    sheet = KpiSheet.objects.select_for_update().filter(case=ctx.case).first()
    KPI_SHEET.next(sheet.state if sheet else SheetState.DRAFT, "edit", ctx.roles)
    if sheet is None:
        plan = approved_plan(ctx.case)
        if plan is None:
            raise ValidationError(_("the work plan is not approved; there is nothing to evaluate"))
        sheet = KpiSheet.objects.create(case=ctx.case, plan=plan, state=SheetState.DRAFT)
        KpiResult.objects.bulk_create(
            KpiResult(sheet=sheet, kpi=k) for k in plan.kpis.order_by("number")
        )
    rows = {r.kpi.number: r for r in sheet.results.select_related("kpi")}
    before = {n: _result_snapshot(r) for n, r in rows.items()}
    errors: dict[str, list[str]] = {}
    for item in results:
        number = item.get("kpi")
        row = rows.get(number)
        if row is None:
            errors.setdefault("results", []).append(_("the plan has no KPI %(n)s") % {"n": number})
            continue
        if "actual_value" in item:
            row.actual_value = _parse_decimal(
                item["actual_value"], f"results.{number}.actual_value", errors
            )
        if "done_on" in item:
            row.done_on = _parse_date(item["done_on"], f"results.{number}.done_on", errors)
        if "evidence" in item:
            row.evidence = str(item["evidence"] or "").strip()
        if "achieved" in item:
            if item["achieved"] not in (True, False, None):
                errors.setdefault(f"results.{number}.achieved", []).append(
                    _("achieved is true, false or empty")
                )
            else:
                row.achieved = item["achieved"]
        k = row.kpi
        row.proposed = proposed_achievement(
            k.achievement, k.planned_value, row.actual_value, k.deadline, row.done_on
        )
    if errors:
        raise ValidationError(errors)
    KpiResult.objects.bulk_update(list(rows.values()), [*RESULT_FIELDS, "proposed"])
    sheet.save(update_fields=["updated_at"])
    audit_case(
        actor,
        sheet,
        "kpi_sheet.edit",
        ctx.case,
        before,
        {n: _result_snapshot(r) for n, r in rows.items()},
    )
    return sheet


def _result_snapshot(row: KpiResult) -> dict[str, Any]:
    return {name: getattr(row, name) for name in (*RESULT_FIELDS, "proposed")}


@transaction.atomic
def kpi_sheet_act(
    *, sheet_id: int, action: str, actor: Any, reason: str = "", on: dt.date | None = None
) -> KpiSheet:
    """Sign (direct supervisor), acknowledge (servant), agree or return (superior supervisor,
    or the first head), put before the commission (HR) (§17–§24)."""
    ctx = case_context(KpiSheet.objects.get(pk=sheet_id).case_id, actor, on)
    sheet = KpiSheet.objects.select_for_update().get(pk=sheet_id)
    require_evaluated(ctx.case)
    if action not in SHEET_ACTIONS:
        raise TransitionRefused(
            workflow=KPI_SHEET.name, state=sheet.state, action=action, reason="unknown_action"
        )
    new_state = KPI_SHEET.next(sheet.state, action, ctx.roles)
    reason = reason.strip()
    before = {"state": sheet.state}
    after: dict[str, Any] = {"state": new_state}
    now = moment(ctx.on)
    if action == "sign":
        results = list(sheet.results.select_related("kpi"))
        errors: dict[str, list[str]] = {}
        for row in results:
            n = row.kpi.number
            if row.achieved is None:
                errors.setdefault(f"results.{n}.achieved", []).append(
                    _("KPI %(n)s: confirm whether it was achieved in full (§18)") % {"n": n}
                )
            if not row.evidence:
                errors.setdefault(f"results.{n}.evidence", []).append(
                    _("KPI %(n)s: state the facts that show the result (§21)") % {"n": n}
                )
        if errors:
            raise ValidationError(errors)
        sheet.achieved_count = sum(1 for row in results if row.achieved)
        sheet.rating = kpi_rating(sheet.achieved_count, ctx.rules.kpi_rating_scale)
        sheet.signed_at = now
        if sheet.state == SheetState.RETURNED:
            after.update(deadline_met(sheet.resubmit_due, ctx.on))
        sheet.return_reason, sheet.resubmit_due = "", None
        after.update(achieved=sheet.achieved_count, rating=sheet.rating)
    elif action == "acknowledge":
        if sheet.acknowledged_at is not None:
            raise ValidationError(
                _("the servant saw the sheet on %(date)s already")
                % {"date": timezone.localdate(sheet.acknowledged_at).isoformat()}
            )
        sheet.acknowledged_at = now
    elif action == "agree":
        sheet.agreed_at = now
        sheet.commission_due = add_working_days(
            ctx.on, ctx.rules.deadlines["kpi_sheet_to_commission"]
        )
        after.update(commission_due=sheet.commission_due)
    elif action == "return":
        if not reason:
            raise ValidationError(
                {"reason": _("say which evidence is insufficient or unreliable (§22)")}
            )
        sheet.return_reason = reason
        sheet.resubmit_due = add_working_days(ctx.on, ctx.rules.deadlines["kpi_sheet_rework"])
        sheet.signed_at = None
        sheet.acknowledged_at = None  # the servant sees the sheet again once it is re-signed
        after.update(reason=reason, resubmit_due=sheet.resubmit_due)
    elif action == "to_commission":
        sheet.to_commission_at = now
        after.update(deadline_met(sheet.commission_due, ctx.on))
    sheet.state = new_state
    sheet.full_clean()
    sheet.save()
    audit_case(actor, sheet, f"kpi_sheet.{action}", ctx.case, before, after)
    return sheet


# --- live checks of unsaved forms (the web pages show them as a form is filled) ------------


def work_plan_check(
    case: EvaluationCase, plan: WorkPlan | None, items: list[dict[str, str]], count: int
) -> dict[str, list[str]]:
    """The §13–§14 checks `submit` makes, on unsaved form values: the service's parsing
    (malformed numbers and dates, unknown choices) and `rules.plan_problems`, with the
    service's messages, by field. Writes nothing."""
    errors: dict[str, list[str]] = {}
    try:
        drafts = _kpi_drafts(items, count)
    except ValidationError as exc:
        errors = errors_by_field(exc)
        for key, messages in errors.items():  # "KPI 2: '12,x' is not a number", as §13's read
            parts = key.split(".")
            if len(parts) == 3:
                errors[key] = [
                    _("KPI %(n)s: %(message)s") % {"n": parts[1], "message": m} for m in messages
                ]
        # Check the rest as if the malformed values were not there yet.
        blanked = [
            {k: ("" if f"kpis.{n}.{k}" in errors else v) for k, v in item.items()}
            for n, item in enumerate(items, start=1)
        ]
        try:
            drafts = _kpi_drafts(blanked, count)
        except ValidationError:
            return errors
    period = plan or WorkPlan(
        case=case, period_start=case.plan_start, period_end=case.cycle.period_end
    )
    problems = [
        p
        for p in plan_problems(
            drafts, kpi_count=count, start=period.period_start, end=period.period_end
        )
        if f"kpis.{p.kpi}.{p.field}" not in errors and (period.pk or p.code != "count")
    ]
    for key, messages in _problem_messages(problems, period, count).items():
        errors.setdefault(key, []).extend(messages)
    return errors


def kpi_sheet_preview(kpis: list[Kpi], items: list[dict[str, Any]], scale: Any) -> dict[str, Any]:
    """What the system proposes per KPI and the rating the marks give (§18), by the same
    pure rules the service applies when saving and signing. Writes nothing."""
    errors: dict[str, list[str]] = {}
    rows = []
    for k, item in zip(kpis, items, strict=True):
        n = k.number
        actual = _parse_decimal(item["actual_value"], f"results.{n}.actual_value", errors)
        done_on = _parse_date(item["done_on"], f"results.{n}.done_on", errors)
        proposed = proposed_achievement(k.achievement, k.planned_value, actual, k.deadline, done_on)
        rows.append({"n": n, "proposed": proposed, "achieved": item["achieved"]})
    achieved = sum(1 for r in rows if r["achieved"] is True)
    unmarked = sum(1 for r in rows if r["achieved"] is None)
    return {
        "preview_rows": rows,
        "achieved": achieved,
        "total": len(rows),
        "unmarked": unmarked,
        "rating": kpi_rating(achieved, scale),
        "preview_errors": errors,
    }
