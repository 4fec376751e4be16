"""After the approval (§39): acquainting the servant with the results or drawing up the act
of refusal (§40–§41), appeals (§42; 004: §43) and court cases (§43; 004: §44)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionMeeting,
    CourtCase,
    Decision,
    DecisionState,
    RefusalAct,
)
from bagalau.commission.notices import bilingual, bilingual_subject, notice, notify, send
from bagalau.commission.rules import appeal_in_time, refusal_act_problems
from bagalau.commission.selectors import is_authorized_person, servant_of
from bagalau.commission.workflow import (
    ACQUAINTANCE,
    APPEAL,
    APPEAL_FILERS,
    COURT_CASE,
    AcquaintanceState,
    AppealState,
    CourtState,
)
from bagalau.competency.rules import CompetencyResult
from bagalau.core.workflow import Role, TransitionRefused
from bagalau.evaluation.acting import CaseContext, audit_case, case_context, moment
from bagalau.evaluation.models import EvaluationCase
from bagalau.kpi.rules import KpiRating
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.selectors import appointments_on
from bagalau.workcalendar.selectors import add_working_days


def _audit(actor: Any, obj: Any, action: str, case: EvaluationCase, before=None, after=None):
    audit_case(actor, obj, action, case, before, after, channel="commission")


DEFAULT_PARAGRAPHS = {"acquaintance": 40, "refusal": 41, "appeal": 42, "court": 43}


def paragraph(rules: MethodologyRules, key: str) -> str:
    """The version's own number of a paragraph (002 renumbers §41 as §40, 004 has the appeal
    in §43), for messages that cite it."""
    number = rules.extra.get("paragraphs", {}).get(key, DEFAULT_PARAGRAPHS[key])
    return f"§{number}"


def _context(case_id: int, actor: Any, on: dt.date | None) -> CaseContext:
    """The case locked, with who the actor is to it; the body's authorized person (§39,
    004 §43) counts too, even without a part in the case's own documents."""
    try:
        ctx = case_context(case_id, actor, on)
    except (EvaluationCase.DoesNotExist, PermissionDenied):
        case = (
            EvaluationCase.objects.select_for_update(of=("self",))
            .select_related(
                "servant", "position", "cycle__organisation", "cycle__methodology_version"
            )
            .get(pk=case_id)
        )
        from django.utils import timezone

        day = on or timezone.localdate()
        if not is_authorized_person(actor, case.cycle.organisation, day):
            raise
        ctx = CaseContext(case, set(), version_rules(case.cycle.methodology_version), day)
    if is_authorized_person(actor, ctx.case.cycle.organisation, ctx.on):
        ctx.roles.add(Role.AUTHORIZED_PERSON)
    return ctx


def open_acquaintances(
    decisions: list[Decision], meeting: CommissionMeeting, on: dt.date, rules: MethodologyRules
) -> dt.date:
    """On approval: each servant is to be acquainted within 2 working days (§40, reading:
    counted from the approval) and is notified of the approved results."""
    due = add_working_days(on, rules.deadlines["acquaintance"])
    Acquaintance.objects.bulk_create(
        Acquaintance(decision=d, case=d.case, state=ACQUAINTANCE.initial, due=due)
        for d in decisions
    )
    org = meeting.cycle.organisation
    subject = bilingual_subject(
        lambda lang: (
            _("Your evaluation results for %(period)s are approved")
            % {"period": meeting.cycle.label}
        )
    )
    text = bilingual(
        lambda lang: (
            _(
                "The authorized person approved the evaluation commission's results on %(on)s."
                " Acquaint yourself with them in writing by %(due)s (%(paragraph)s)."
            )
            % {
                "on": on.isoformat(),
                "due": due.isoformat(),
                "paragraph": f"{paragraph(rules, 'acquaintance')}–{paragraph(rules, 'refusal')}",
            }
        )
    )
    send(
        notice(
            decision.case.servant,
            organisation=org,
            kind="results_approved",
            subject=subject,
            body=text,
            case=decision.case,
            on=on,
        )
        for decision in decisions
    )
    return due


def _results_text(decision: Decision):
    """The final results in words, for a notice: `render(lang)` gives the KPI rating's label
    and each competency's name with its result, in the active language."""
    from bagalau.competency.models import RESULTS, CompetencyAssessment
    from bagalau.kpi.models import RATINGS

    names = {
        code: (kk, ru)
        for code, kk, ru in CompetencyAssessment.objects.filter(sheet__case_id=decision.case_id)
        .order_by("number")
        .values_list("competency__code", "competency__name_kk", "competency__name_ru")
    }
    ratings, results = dict(RATINGS), dict(RESULTS)

    def render(lang: str) -> dict[str, str]:
        rating = decision.kpi_rating_final
        competencies = [
            f"{names.get(code, (code, code))[1 if lang == 'ru' else 0]} — {results.get(r, r)}"
            for code, r in decision.competency_final.items()
        ]
        return {
            "rating": str(ratings.get(rating, rating)) if rating else "—",
            "competencies": "; ".join(competencies) or "—",
        }

    return render


def _acquaintance(acquaintance_id: int, actor: Any, on: dt.date | None):
    case_id = Acquaintance.objects.values_list("case_id", flat=True).get(pk=acquaintance_id)
    ctx = _context(case_id, actor, on)
    return ctx, Acquaintance.objects.select_for_update().get(pk=acquaintance_id)


@transaction.atomic
def acquaintance_acknowledge(
    *, acquaintance_id: int, actor: Any, on: dt.date | None = None
) -> Acquaintance:
    """The servant acknowledges the final results in writing, dated (§41); HR records a
    signature given on paper where the servant has no login."""
    ctx, acq = _acquaintance(acquaintance_id, actor, on)
    roles = ctx.roles & {Role.SERVANT} or ctx.roles
    new_state = ACQUAINTANCE.next(acq.state, "acknowledge", roles)
    acq.state, acq.acknowledged_at = new_state, moment(ctx.on)
    acq.on_paper = Role.SERVANT not in ctx.roles
    acq.recorded_by = actor
    acq.save()
    _audit(
        actor,
        acq,
        "acquaintance.acknowledge",
        ctx.case,
        {"state": AcquaintanceState.PENDING},
        {"state": new_state, "on_paper": acq.on_paper, "due": acq.due, "met": ctx.on <= acq.due},
    )
    return acq


REFUSAL_PROBLEMS = {
    "hr_is_servant": lambda d: _(
        "the HR officer drawing up the act cannot be the servant who refused"
    ),
    "two_witnesses": lambda d: (
        _(
            "the act is signed by two other servants of the body, two different people"
            " (%(paragraph)s)"
        )
        % d
    ),
    "witness_is_servant": lambda d: _("the servant who refused cannot sign as a witness"),
    "witness_is_hr": lambda d: _("the HR officer signs as such; the two others are other servants"),
    "witness_outside_body": lambda d: (
        _("not servants of the body on that day: %(ids)s")
        % {"ids": ", ".join(str(i) for i in d["servants"])}
    ),
}


@transaction.atomic
def refusal_act_draw_up(
    *,
    acquaintance_id: int,
    actor: Any,
    witnesses: list[int],
    statement: str,
    number: str = "",
    on: dt.date | None = None,
) -> RefusalAct:
    """The servant refused to be acquainted: HR draws up the act of refusal, signed by the HR
    officer and two other servants of the body (§41), and the results go to the servant
    through the system's notices and e-mail within the same deadline. The refusal does not
    stop the results entering the servant's record (004 §42)."""
    ctx, acq = _acquaintance(acquaintance_id, actor, on)
    new_state = ACQUAINTANCE.next(acq.state, "refuse", ctx.roles & {Role.HR})
    officer = servant_of(actor)
    if officer is None:
        raise PermissionDenied(_("the act is signed by an HR officer with a servant's record"))
    case = ctx.case
    in_body = set(
        appointments_on(ctx.on)
        .filter(position__organisation_id=case.cycle.organisation_id)
        .values_list("servant_id", flat=True)
    )
    problems = refusal_act_problems(
        servant=case.servant_id, hr_officer=officer.pk, witnesses=witnesses, in_body=in_body
    )
    errors: dict[str, list[str]] = {}
    if problems:
        where = {"paragraph": paragraph(ctx.rules, "refusal")}
        errors["witnesses"] = [REFUSAL_PROBLEMS[code]({**d, **where}) for code, d in problems]
    if not statement.strip():
        errors["statement"] = [_("state who refused, what and when (the act of refusal)")]
    if errors:
        raise ValidationError(errors)
    results = _results_text(acq.decision)
    notice = notify(
        case.servant,
        organisation=case.cycle.organisation,
        kind="results_sent_after_refusal",
        subject=bilingual_subject(
            lambda lang: _("Your evaluation results for %(period)s") % {"period": case.cycle.label}
        ),
        body=bilingual(
            lambda lang: (
                _(
                    "You refused to be acquainted with your evaluation results; an act of refusal"
                    " was drawn up on %(on)s (%(paragraph)s). The results are sent to you here:"
                    " KPI rating %(rating)s; competencies: %(competencies)s."
                )
                % {
                    "on": ctx.on.isoformat(),
                    "paragraph": paragraph(ctx.rules, "refusal"),
                    **results(lang),
                }
            )
        ),
        case=case,
        on=ctx.on,
    )
    via = ["bagalau_notice"] + (["email"] if notice.emailed_to else [])
    act = RefusalAct.objects.create(
        acquaintance=acq,
        number=number.strip(),
        drawn_up_on=ctx.on,
        statement=statement.strip(),
        hr_officer=officer,
        witness_one_id=witnesses[0],
        witness_two_id=witnesses[1],
        delivered_on=ctx.on,
        delivered_via=via,
        delivery_due=acq.due,
    )
    acq.state, acq.recorded_by = new_state, actor
    acq.save()
    _audit(
        actor,
        acq,
        "acquaintance.refuse",
        case,
        {"state": AcquaintanceState.PENDING},
        {
            "state": new_state,
            "act": act.pk,
            "witnesses": witnesses,
            "delivered_via": via,
            "due": acq.due,
            "met": ctx.on <= acq.due,
        },
    )
    return act


# --- appeals (§42; 004: §43) -----------------------------------------------------------------


def standing_decision(case: EvaluationCase) -> Decision:
    """The decision an appeal is against: the newest taken or final one (§42)."""
    decision = (
        Decision.objects.filter(case=case, state__in=(DecisionState.TAKEN, DecisionState.FINAL))
        .order_by("-decided_on", "-pk")
        .first()
    )
    if decision is None:
        raise ValidationError(
            _("the commission has taken no decision on %(servant)s to appeal against")
            % {"servant": case.servant.short_name}
        )
    return decision


@transaction.atomic
def appeal_file(*, case_id: int, actor: Any, grounds: str, on: dt.date | None = None) -> Appeal:
    """The servant appeals against the commission's decision within 10 working days from the
    day it was made (§42, not from the acquaintance); HR may enter an appeal received on
    paper. It goes to the version's appeal body."""
    ctx = _context(case_id, actor, on)
    if not ctx.roles & set(APPEAL_FILERS):
        raise TransitionRefused(
            workflow=APPEAL.name,
            state="-",
            action="file",
            reason="not_your_role",
            allowed_roles=tuple(APPEAL_FILERS),
        )
    decision = standing_decision(ctx.case)
    if Appeal.objects.filter(decision=decision, state=AppealState.FILED).exists():
        raise ValidationError(_("an appeal against this decision awaits its answer already"))
    if ctx.on < decision.decided_on:
        raise ValidationError(
            {
                "filed_on": [
                    _("the decision was made on %(decided)s; an appeal cannot be dated before it")
                    % {"decided": decision.decided_on.isoformat()}
                ]
            }
        )
    last_day = add_working_days(decision.decided_on, ctx.rules.deadlines["appeal"])
    if not appeal_in_time(ctx.on, last_day):
        raise ValidationError(
            {
                "filed_on": [
                    _(
                        "the appeal is late: the decision was made on %(decided)s and the last day"
                        " to appeal was %(last)s (%(days)d working days, %(paragraph)s)"
                    )
                    % {
                        "paragraph": paragraph(ctx.rules, "appeal"),
                        "decided": decision.decided_on.isoformat(),
                        "last": last_day.isoformat(),
                        "days": ctx.rules.deadlines["appeal"],
                    }
                ]
            }
        )
    if not grounds.strip():
        raise ValidationError({"grounds": [_("state the grounds of the appeal")]})
    appeal = Appeal.objects.create(
        case=ctx.case,
        decision=decision,
        hearing_body=ctx.rules.appeal_body,
        filed_on=ctx.on,
        last_day=last_day,
        grounds=grounds.strip(),
        state=APPEAL.initial,
        filed_by=actor,
    )
    _audit(
        actor,
        appeal,
        "appeal.file",
        ctx.case,
        None,
        {
            "state": appeal.state,
            "decision": decision.pk,
            "hearing_body": appeal.hearing_body,
            "last_day": last_day,
        },
    )
    return appeal


@transaction.atomic
def appeal_answer(
    *,
    appeal_id: int,
    actor: Any,
    outcome: str,
    reference: str = "",
    note: str = "",
    on: dt.date | None = None,
) -> Appeal:
    """The appeal body's answer: uphold (recommend cancelling the commission's decision and
    reviewing the result; 004: the authorized person cancels it) or reject (the result left
    unchanged). The authorized person answers in the system (004); the civil-service
    agency's letter is recorded by HR with its reference (001). An upheld appeal cancels the
    decision, and the case goes back on the commission's agenda."""
    case_id = Appeal.objects.values_list("case_id", flat=True).get(pk=appeal_id)
    ctx = _context(case_id, actor, on)
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("decision").get(pk=appeal_id)
    )
    action = {"upheld": "uphold", "uphold": "uphold", "rejected": "reject", "reject": "reject"}.get(
        outcome, outcome
    )
    answers = {Role.AUTHORIZED_PERSON} if appeal.hearing_body == "authorized_person" else {Role.HR}
    new_state = APPEAL.next(appeal.state, action, ctx.roles & answers)
    if appeal.hearing_body != "authorized_person" and not reference.strip():
        raise ValidationError({"reference": [_("give the number and date of the agency's answer")]})
    before = {"state": appeal.state}
    appeal.state, appeal.answered_on, appeal.answered_by = new_state, ctx.on, actor
    appeal.answer_reference, appeal.answer_note = reference.strip(), note.strip()
    appeal.save()
    after: dict[str, Any] = {"state": new_state, "reference": appeal.answer_reference}
    if new_state == AppealState.UPHELD:
        decision = Decision.objects.select_for_update().get(pk=appeal.decision_id)
        after["decision_cancelled"] = decision.pk
        decision.state = DecisionState.CANCELLED
        decision.save(update_fields=["state"])
    _audit(actor, appeal, f"appeal.{action}", ctx.case, before, after)
    return appeal


# --- court cases (§43; 004: §44) -------------------------------------------------------------


@transaction.atomic
def court_case_record(
    *,
    case_id: int,
    actor: Any,
    court: str,
    number: str,
    filed_on: dt.date,
    on: dt.date | None = None,
) -> CourtCase:
    """HR records that the servant went to court over the evaluation."""
    ctx = _context(case_id, actor, on)
    if Role.HR not in ctx.roles:
        raise TransitionRefused(
            workflow=COURT_CASE.name,
            state="-",
            action="record",
            reason="not_your_role",
            allowed_roles=(Role.HR,),
        )
    errors = {}
    if not court.strip():
        errors["court"] = [_("name the court")]
    if not number.strip():
        errors["number"] = [_("give the court case number")]
    if filed_on > ctx.on:
        errors["filed_on"] = [
            _("a court case cannot be filed after today (%(on)s)") % {"on": ctx.on}
        ]
    if errors:
        raise ValidationError(errors)
    standing_decision(ctx.case)
    court_case = CourtCase.objects.create(
        case=ctx.case,
        court=court.strip(),
        number=number.strip(),
        filed_on=filed_on,
        state=COURT_CASE.initial,
        recorded_by=actor,
    )
    _audit(
        actor,
        court_case,
        "court_case.record",
        ctx.case,
        None,
        {"court": court_case.court, "number": court_case.number, "filed_on": filed_on},
    )
    return court_case


@transaction.atomic
def court_case_decide(
    *,
    court_case_id: int,
    actor: Any,
    changed: bool,
    decided_on: dt.date,
    reference: str,
    kpi_rating: str = "",
    competencies: dict[str, str] | None = None,
    on: dt.date | None = None,
) -> CourtCase:
    """HR records the court's decision. One that changes the result is applied with a
    reference to it: the final results read the court's rating and competency results."""
    case_id = CourtCase.objects.values_list("case_id", flat=True).get(pk=court_case_id)
    ctx = _context(case_id, actor, on)
    court_case = CourtCase.objects.select_for_update().get(pk=court_case_id)
    new_state = COURT_CASE.next(court_case.state, "change" if changed else "stands", ctx.roles)
    errors: dict[str, list[str]] = {}
    if not reference.strip():
        errors["reference"] = [_("give the court decision's number and date")]
    competencies = competencies or {}
    if changed:
        if not kpi_rating and not competencies:
            errors["kpi_rating"] = [_("say which result the court changed")]
        if kpi_rating and kpi_rating not in set(KpiRating):
            errors["kpi_rating"] = [_("a KPI rating is one of %(r)s") % {"r": ", ".join(KpiRating)}]
        decision = standing_decision(ctx.case)
        for code, result in competencies.items():
            if code not in decision.competency_original or result not in set(CompetencyResult):
                errors.setdefault("competencies", []).append(
                    _("%(code)s: not a competency of the sheet, or not meets/does_not_meet")
                    % {"code": code}
                )
    elif kpi_rating or competencies:
        errors["kpi_rating"] = [_("a decision that leaves the result unchanged changes nothing")]
    if errors:
        raise ValidationError(errors)
    court_case.state, court_case.decided_on = new_state, decided_on
    court_case.reference = reference.strip()
    court_case.kpi_rating, court_case.competency_results = kpi_rating, competencies
    court_case.save()
    _audit(
        actor,
        court_case,
        "court_case.decide",
        ctx.case,
        {"state": CourtState.PENDING},
        {
            "state": new_state,
            "reference": court_case.reference,
            "kpi_rating": kpi_rating,
            "competencies": competencies,
        },
    )
    return court_case
