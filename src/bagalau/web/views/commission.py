"""The evaluation commission's pages (§29–§39): the meetings and the agenda to be, the
schedule with its 7-working-day notice check (§29), the meeting page — attendance with the
quorum as it changes (§30), the agenda as one table, closing — and each case's page (its
block also loads in place in the agenda's row): the sheets side by side, the open votes by
name (§32), the decision with the chair's casting vote on a tie (§33), revisions beside the
original (§37, §38); the protocol as it will print (Annex 5) and its approval (§39).

Views are thin: a meeting is found among `visible_meetings` (404 otherwise, as the API
does), every write calls the same service as the API endpoint, and the buttons shown are
those of `MEETING.actions(state, meeting_roles(...))`; the services refuse the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bagalau.commission.models import (
    CommissionMeeting,
    Decision,
    VoteChoice,
)
from bagalau.commission.rules import is_quorate, quorum_needed, tally
from bagalau.commission.selectors import (
    agenda_items,
    agenda_neighbours,
    agenda_sheets,
    agenda_table,
    authorized_bodies,
    composition_of,
    meeting_order,
    meeting_roles,
    meeting_sitting,
    order_in_force,
    ready_cases,
    servant_of,
    visible_meetings,
    vote_choice_of,
)
from bagalau.commission.services import (
    case_decide,
    earliest_meeting_date,  # §29: the same notice rule meeting_propose and meeting_agree apply
    meeting_adjourn,
    meeting_agenda_refresh,
    meeting_agree,
    meeting_approve,
    meeting_attendance,
    meeting_cancel,
    meeting_close,
    meeting_open,
    meeting_propose,
    meeting_reschedule,
    vote_cast,
    vote_recuse,
)
from bagalau.commission.workflow import MEETING, MeetingState
from bagalau.competency.models import RESULTS as COMPETENCY_RESULTS
from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.core.workflow import Role
from bagalau.documents.forms_commission import protocol_form
from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.selectors import visible_cycles
from bagalau.kpi.models import RATINGS, KpiResult, KpiSheet
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.access import hr_body_ids
from bagalau.web.templatetags.web import competency_result_label, localized, rating_label
from bagalau.web.views.base import Outcome, back, perform

# --- lookups: what the person may see, else 404 ---------------------------------------------


def _meeting(user: Any, meeting_id: int) -> CommissionMeeting:
    """A meeting the person may read (their body's as HR or authorized person, or of a
    commission they sit on), exactly as the API's lookup."""
    meeting = visible_meetings(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("no commission meeting with the id %(id)d") % {"id": meeting_id})
    return meeting


def _cycle(user: Any, cycle_id: Any) -> EvaluationCycle:
    try:
        pk = int(cycle_id)
    except (TypeError, ValueError):
        raise Http404(_("no evaluation cycle with the id %(id)s") % {"id": cycle_id}) from None
    cycle = visible_cycles(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": pk})
    return cycle


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _refused(request: HttpRequest, errors: dict[str, list[str]]) -> Outcome:
    """An input refused before any service ran (e.g. a date that is not a date)."""
    message = _("Not saved: please correct what is marked.")
    messages.error(request, message)
    return Outcome(False, errors=errors, message=message)


# --- the meetings and the agenda to be (§29) ------------------------------------------------


def _hr_cycles(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """For an HR officer, each cycle of their bodies with the cases ready for the commission
    (`ready_cases`: both sheets before it, no decision standing, on no open meeting) and the
    earliest date a meeting may be set today (§29)."""
    bodies = hr_body_ids(user, today)
    if not bodies:
        return []
    cycles = EvaluationCycle.objects.filter(organisation_id__in=bodies).select_related(
        "organisation", "methodology_version"
    )
    result = []
    for cycle in cycles.order_by("-period_start", "organisation__code", "pk"):
        rules = version_rules(cycle.methodology_version)
        result.append(
            {
                "cycle": cycle,
                "ready": ready_cases(cycle),
                "earliest": earliest_meeting_date(today, rules),
                "notice_days": rules.deadlines["schedule_notice"],
                "form_id": f"propose-form-{cycle.pk}",
            }
        )
    ready = [c for c in result if c["ready"]]
    if ready:
        ready[0]["form_id"] = "propose-form"  # the first form on the page, for automation
    return result


def _meetings_page(
    request: HttpRequest, *, errors: dict | None = None, posted: Any = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    user = request.user
    rows = list(
        visible_meetings(user, today)
        .annotate(
            agenda=Count("items", distinct=True),
            decided_count=Count("items__decision", distinct=True),
        )
        .order_by("-date", "-pk")
    )
    approving = authorized_bodies(user, today)
    awaiting = [
        m for m in rows if m.state == MeetingState.CLOSED and m.cycle.organisation_id in approving
    ]
    return render(
        request,
        "web/commission/meetings.html",
        {
            "rows": rows,
            "awaiting": awaiting,
            "cycles": _hr_cycles(user, today),
            "today": today,
            "errors": errors or {},
            "posted": posted or {},
        },
        status=status,
    )


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings the person may see, newest first; for HR the agenda to be and the form
    to schedule a meeting (§29); for the authorized person the protocols to approve (§39)."""
    return _meetings_page(request)


@login_required
@require_POST
def meeting_new(request: HttpRequest) -> HttpResponse:
    """HR proposes a meeting for a date with the ready cases as its agenda (§29)."""
    cycle = _cycle(request.user, request.POST.get("cycle"))
    date = _date(request.POST.get("date"))
    if date is None:
        outcome = _refused(request, {"date": [_("give the meeting's date")]})
    else:
        outcome = perform(
            request,
            meeting_propose,
            cycle_id=cycle.pk,
            date=date,
            place=request.POST.get("place", ""),
            actor=request.user,
            success=_("The meeting is proposed; the chair of the commission is to agree it."),
        )
    if outcome.ok:
        return redirect("web:meeting", outcome.result.pk)
    return _meetings_page(
        request,
        errors={"cycle": cycle.pk, **outcome.errors},
        posted=request.POST,
        status=422,
    )


@login_required
@require_GET
def meeting_date_check(request: HttpRequest) -> HttpResponse:
    """htmx: as the date is typed, whether a meeting may be set for it today — the §29
    notice (the same function the service applies) and a commission order in force on it
    (§5) — and, if not, the earliest allowed date. Writes nothing."""
    cycle = _cycle(request.user, request.GET.get("cycle"))
    today = timezone.localdate()
    rules = version_rules(cycle.methodology_version)
    earliest = earliest_meeting_date(today, rules)
    raw = request.GET.get("date", "")
    date = _date(raw)
    context: dict[str, Any] = {
        "earliest": earliest,
        "days": rules.deadlines["schedule_notice"],
        "date": date,
        "empty": not raw.strip(),
        "invalid": bool(raw.strip()) and date is None,
        "too_soon": date is not None and date < earliest,
        "no_order": date is not None
        and date >= earliest
        and order_in_force(cycle.organisation_id, date) is None,
    }
    context["allowed"] = date is not None and not context["too_soon"] and not context["no_order"]
    return render(request, "web/commission/_date_check.html", context)


# --- the meeting page and each case's page --------------------------------------------------


def _sheets(case_ids: list[int]) -> tuple[dict, dict, dict]:
    """Each case's KPI sheet with its results, competency sheet and assessments: three
    queries whatever the agenda's length (four with the KPI results)."""
    kpi = {
        s.case_id: s
        for s in KpiSheet.objects.filter(case_id__in=case_ids).prefetch_related(
            Prefetch(
                "results",
                queryset=KpiResult.objects.select_related("kpi").order_by("kpi__number"),
            )
        )
    }
    competency = {s.case_id: s for s in CompetencySheet.objects.filter(case_id__in=case_ids)}
    assessments: dict[int, list[CompetencyAssessment]] = defaultdict(list)
    for a in (
        CompetencyAssessment.objects.filter(sheet__case_id__in=case_ids)
        .select_related("competency", "sheet")
        .order_by("sheet__case_id", "number")
    ):
        assessments[a.sheet.case_id].append(a)
    return kpi, competency, assessments


def _corrections_text(rating: str, competencies: dict[str, str], names: dict[str, str]) -> str:
    parts = []
    if rating:
        parts.append(_("KPI rating: %(rating)s") % {"rating": rating_label(rating)})
    for code, result in sorted(competencies.items(), key=lambda kv: names.get(kv[0], kv[0])):
        parts.append(f"{names.get(code, code)}: {competency_result_label(result)}")
    return "; ".join(parts)


def _option_label(option: Any, names: dict[str, str]) -> str:
    """A tally option in words: approve, or a revision with its corrections."""
    if option == VoteChoice.APPROVE.value:
        return _("approve the results")
    _revise, rating, pairs = option
    return _("revise: %(corrections)s") % {
        "corrections": _corrections_text(rating, dict(pairs), names)
    }


def _decision_of(item: Any) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


def _sitting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """What the meeting page and a case's page share: the meeting (404 unless the person may
    see it), who the person is to it and what they may press, the composition it sits with,
    the attendance and the quorum (`meeting_sitting`, not the agenda). A fixed number of
    queries."""
    meeting = _meeting(request.user, meeting_id)
    prefetch_related_objects([meeting], "attendance", "cycle__methodology_version")
    today = timezone.localdate()
    rules = version_rules(meeting.cycle.methodology_version)
    document = meeting_sitting(meeting, rules)
    roles = meeting_roles(request.user, meeting, today)
    actions = MEETING.actions(meeting.state, roles)
    composition = document["composition"]
    voting = [c for c in composition if c["votes"]]
    return {
        "meeting": meeting,
        "today": today,
        "rules": rules,
        "document": document,
        "roles": roles,
        "actions": actions,
        "me": servant_of(request.user),
        "is_hr": Role.HR in roles,
        "voting": voting,
        "chair": next((c["id"] for c in composition if c["role"] == "chair"), None),
        "present": {c["id"] for c in voting if c["present"]},
        "quorum": document["quorum"],
    }


def _counted(votes: dict[int, Any], sitting: dict[str, Any]) -> dict[int, Any]:
    """The votes the tally counts: of the voting members present, recusals left out."""
    return {
        m: vote_choice_of(votes[m])
        for m in (c["id"] for c in sitting["voting"])
        if m in sitting["present"] and m in votes and votes[m].choice != VoteChoice.RECUSED
    }


def _case_block(
    item: Any,
    sitting: dict[str, Any],
    sheets: tuple[dict, dict, dict],
) -> dict[str, Any]:
    """One case as its block shows it: the two sheets side by side, the votes by name, the
    running tally, the decision with any revision beside the original, and the forms the
    person may use on it now."""
    kpi, competency, assessments = sheets
    actions, voting, present = sitting["actions"], sitting["voting"], sitting["present"]
    me, chair, is_hr = sitting["me"], sitting["chair"], sitting["is_hr"]
    quorate = sitting["quorum"]["quorate"]
    recusal = sitting["rules"].flag("commission_recusal")
    case = item.case
    names = {a.competency.code: localized(a.competency, "name") for a in assessments[case.pk]}
    votes = {v.member_id: v for v in item.votes.all()}
    decision = _decision_of(item)
    open_case = decision is None
    waiting = [c for c in voting if c["id"] in present and c["id"] not in votes]
    result = tally(_counted(votes, sitting), chair) if chair is not None else None
    sheet = kpi.get(case.pk)
    original_results = {a.competency.code: a.result for a in assessments[case.pk]}
    members = []
    for c in voting:
        vote = votes.get(c["id"])
        recused = vote is not None and vote.choice == VoteChoice.RECUSED
        revising = vote is not None and vote.choice == VoteChoice.REVISE
        mine = me is not None and me.pk == c["id"]
        may_act = open_case and c["id"] in present and (is_hr or mine)
        members.append(
            {
                **c,
                "vote": vote,
                "mine": mine,
                "chair": c["id"] == chair,
                "corrections": _corrections_text(vote.kpi_rating, vote.competency_results, names)
                if revising
                else "",
                "may_vote": "vote" in actions and quorate and may_act and not recused,
                "may_recuse": "recuse" in actions
                and recusal
                and may_act
                and not recused
                and case.servant_id == c["id"],
                "form_id": f"vote-{case.pk}-{c['id']}",
                # the revise form opens on the sheets' results, or this member's revision
                "selected_rating": (revising and vote.kpi_rating)
                or (sheet.rating if sheet else ""),
                "selected": {
                    **original_results,
                    **(vote.competency_results if revising else {}),
                },
            }
        )
    revision_rows = []
    if decision is not None and decision.outcome != "approve":
        if decision.kpi_rating_revised:
            revision_rows.append(
                {
                    "label": _("KPI rating"),
                    "original": rating_label(decision.kpi_rating_original),
                    "revised": rating_label(decision.kpi_rating_revised),
                }
            )
        for code, revised in decision.competency_revised.items():
            revision_rows.append(
                {
                    "label": names.get(code, code),
                    "original": competency_result_label(decision.competency_original.get(code, "")),
                    "revised": competency_result_label(revised),
                }
            )
    return {
        "item": item,
        "case": case,
        "kpi": sheet,
        "competency": competency.get(case.pk),
        "assessments": assessments[case.pk],
        "met": sum(1 for a in assessments[case.pk] if a.result == "meets"),
        "not_met": [a for a in assessments[case.pk] if a.result == "does_not_meet"],
        "original_results": original_results,
        "members": members,
        "voting_rows": [m for m in members if m["may_vote"] or m["may_recuse"]],
        "decision": decision,
        "revision_rows": revision_rows,
        "tally": result,
        "tally_rows": [
            {"label": _option_label(option, names), "count": count}
            for option, count in (result.counts if result else ())
        ],
        "winner_label": _option_label(result.winner, names)
        if result is not None and result.winner is not None
        else "",
        "waiting": waiting,
        "may_decide": "decide" in actions and open_case,
        "decide_id": f"decide-{case.pk}",
        "revise_id": f"revise-{case.pk}",
        "minute_revise": any(m["may_vote"] and not m["mine"] for m in members),
    }


def _agenda_words() -> dict[str, Any]:
    """The words of the agenda's cells, translated once for all its rows."""
    return {
        "approve": _("approve %(n)s"),
        "revise": _("revise %(n)s"),
        "recused": _("recused %(n)s"),
        "votes": _("%(f)s of %(n)s votes"),
        "no_vote": _("no vote yet"),
        "waiting": _("to vote: %(n)s"),
        "tie": _("a tie: the chair's vote decides (§33)"),
        "ratings": {code: str(label) for code, label in RATINGS},
        "title": "title_ru" if (get_language() or "").startswith("ru") else "title_kk",
    }


def _agenda_row(
    item: Any, sitting: dict[str, Any], sheets: dict[str, Any], words: dict[str, Any]
) -> dict[str, Any]:
    """One case as a row of the agenda's table, its cells in words (hundreds of rows: the
    template only prints them): the sheets' results in brief, the votes so far counted with
    the tally's tie, or the decision with the chair's casting vote; whether the person has a
    vote to cast on it now."""
    me, present, voting = sitting["me"], sitting["present"], sitting["voting"]
    votes = {v.member_id: v for v in item.vote_rows}
    decision = _decision_of(item)
    case = item.case
    choices = [votes[c["id"]].choice for c in voting if c["id"] in votes]
    badges = [
        (css, words[choice] % {"n": n})
        for css, choice in (("good", "approve"), ("warn", "revise"), ("", "recused"))
        if (n := choices.count(choice))
    ]
    note = ""
    if decision is not None:
        badges = []
        note = words["votes"] % {"f": decision.votes_for, "n": decision.votes_cast}
    elif not badges:
        note = words["no_vote"]
    else:
        waiting = sum(1 for c in voting if c["id"] in present and c["id"] not in votes)
        if waiting:
            note = words["waiting"] % {"n": waiting}
        elif (
            sitting["chair"] is not None
            and tally(_counted(votes, sitting), sitting["chair"]).casting
        ):
            badges.append(("warn", words["tie"]))
    rating = sheets["rating"]
    return {
        "id": case.pk,
        "number": str(item.number),
        "url": reverse("web:meeting_case", args=[item.meeting_id, case.pk]),
        "servant": case.servant.full_name,
        "appeal": item.reason == "appeal",
        # the position's title in the page's language, else the other (`localized`)
        "position": getattr(case.position, words["title"]) or localized(case.position, "title"),
        "rating": words["ratings"].get(rating, rating) if rating else "—" if sheets["kpi"] else "",
        "achieved": "" if sheets["achieved"] is None else str(sheets["achieved"]),
        "competencies": f"{sheets['met']} / {sheets['of']}" if sheets["competency"] else "",
        "all_met": sheets["met"] == sheets["of"],
        "badges": badges,
        "note": note,
        "decision": decision,
        "revised": decision is not None and decision.outcome != "approve",
        "to_vote": decision is None
        and me is not None
        and me.pk in present
        and me.pk not in votes
        and "vote" in sitting["actions"]
        and sitting["quorum"]["quorate"],
    }


def _page_context(meeting: CommissionMeeting, sitting: dict[str, Any]) -> dict[str, Any]:
    """What both pages put around the cases: the meeting, the person's roles, the quorum,
    the answer lists of the revise form, a refusal's errors (none yet)."""
    roles = sitting["roles"]
    return {
        "meeting": meeting,
        "document": sitting["document"],
        "roles": [r for r in Role if r in roles],
        "actions": sitting["actions"],
        "is_hr": sitting["is_hr"],
        # a member who is not HR reads the sheets here, not through visible_cases' pages
        "sheet_links": bool(roles & {Role.HR, Role.AUTHORIZED_PERSON, Role.OPERATOR}),
        "me": sitting["me"],
        "voting": sitting["voting"],
        "quorum": sitting["quorum"],
        "today": sitting["today"],
        "ratings": RATINGS,
        "competency_results": COMPETENCY_RESULTS,
        "state_closed": meeting.state in (MeetingState.CLOSED, MeetingState.APPROVED),
        "errors": {},
        "failed": "",
        "posted": {},
    }


def _meeting_context(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """Everything the meeting page shows — the agenda as one compact table, a row per
    case — in a fixed number of queries whatever the number of cases (`agenda_table`, the
    sheets' results counted in the database). Each case's full block is on its own page."""
    sitting = _sitting(request, meeting_id)
    meeting = sitting["meeting"]
    items = agenda_table(meeting_id)
    sheets = agenda_sheets(i.case_id for i in items)
    words = _agenda_words()
    rows = [_agenda_row(item, sitting, sheets[item.case_id], words) for item in items]
    today, rules, actions = sitting["today"], sitting["rules"], sitting["actions"]
    return {
        **_page_context(meeting, sitting),
        "rows": rows,
        "decided": sum(1 for r in rows if r["decision"] is not None),
        "order": sitting["document"]["order"],
        "opens_today": meeting.date == today,
        "attendance_action": "open"
        if "open" in actions and meeting.date == today
        else ("attendance" if "attendance" in actions else ""),
        "earliest": earliest_meeting_date(today, rules),
        "notice_days": rules.deadlines["schedule_notice"],
    }


def _meeting_page(
    request: HttpRequest,
    meeting_id: int,
    *,
    failed: str = "",
    outcome: Outcome | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _meeting_context(request, meeting_id)
    if outcome is not None:
        context.update(failed=failed, errors=outcome.errors, posted=request.POST)
    return render(request, "web/commission/meeting.html", context, status=status)


@login_required
@require_GET
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting page: the schedule, attendance and quorum, the agenda as one table — a
    row per case with its sheets' results, the votes so far and the decision, each opening
    the case's page (or its block in place, with htmx) — and the buttons the person may
    press now."""
    return _meeting_page(request, meeting_id)


def _case_page(
    request: HttpRequest,
    meeting_id: int,
    case_id: int,
    *,
    failed: str = "",
    outcome: Outcome | None = None,
    status: int = 200,
) -> HttpResponse:
    """One case of the meeting: its block (the sheets side by side, the votes by name, the
    vote, recusal, revise and decide forms) on a page of its own with the previous and next
    cases, or the block alone for htmx. A fixed number of queries."""
    sitting = _sitting(request, meeting_id)
    meeting = sitting["meeting"]
    items = agenda_items(meeting_id, case_id)
    if not items:
        raise Http404(_("no case with the id %(id)d on the meeting's agenda") % {"id": case_id})
    item = items[0]
    case = _case_block(item, sitting, _sheets([item.case_id]))
    context = {**_page_context(meeting, sitting), "c": case}
    if outcome is not None:
        context.update(failed=failed, errors=outcome.errors, posted=request.POST)
    if request.htmx and not request.htmx.boosted:
        template = "web/commission/_case.html"
    else:
        template = "web/commission/meeting_case.html"
        before, after = agenda_neighbours(meeting_id, item.number)
        context.update(previous=before, following=after)
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def meeting_case(request: HttpRequest, meeting_id: int, case_id: int) -> HttpResponse:
    """A case on the meeting's agenda, where the members vote on it and HR minutes and
    records the decision; its block alone when htmx asks (the agenda's row opened)."""
    return _case_page(request, meeting_id, case_id)


@login_required
@require_POST
def meeting_quorum(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """htmx: the quorum for the boxes ticked on the attendance form (§30) — present voting
    members against `quorum_needed`, the secretary not counted (§34). Writes nothing."""
    meeting = _meeting(request.user, meeting_id)
    rules = version_rules(meeting.cycle.methodology_version)
    order = meeting_order(meeting)
    voting = set(composition_of(order).voting) if order is not None else set()
    ticked = set(_present(request))
    members = len(voting)
    present = len(ticked & voting)
    share = rules.commission_quorum
    return render(
        request,
        "web/commission/_quorum.html",
        {
            "quorum": {
                "members": members,
                "present": present,
                "needed": quorum_needed(members, share) if members else None,
                "quorate": is_quorate(present, members, share),
                "share": str(share),
            },
            "live": True,
        },
    )


def _present(request: HttpRequest) -> list[int]:
    ids = []
    for value in request.POST.getlist("present"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


MEETING_SUCCESS = {
    "agree": gettext_lazy("The meeting is agreed; the participants are notified (§29)."),
    "reschedule": gettext_lazy("The meeting is moved; the chair is to agree the new date (§29)."),
    "cancel": gettext_lazy("The meeting is cancelled."),
    "agenda": gettext_lazy("The agenda is brought up to date."),
    "open": gettext_lazy("The meeting is open; the attendance is recorded (§30)."),
    "attendance": gettext_lazy("The attendance is recorded (§30)."),
    "close": gettext_lazy("The meeting is closed; the protocol is fixed (§36)."),
    "adjourn": gettext_lazy("The meeting is adjourned."),
    "approve": gettext_lazy("The protocol is approved; the results are final (§39)."),
}


def _run(request: HttpRequest, meeting_id: int, action: str) -> Outcome:
    post, user = request.POST, request.user
    success = str(MEETING_SUCCESS[action])
    if action == "agree":
        return perform(request, meeting_agree, meeting_id=meeting_id, actor=user, success=success)
    if action == "reschedule":
        date = _date(post.get("date"))
        if date is None:
            return _refused(request, {"date": [_("give the meeting's new date")]})
        return perform(
            request,
            meeting_reschedule,
            meeting_id=meeting_id,
            date=date,
            place=post.get("place", ""),
            actor=user,
            success=success,
        )
    if action == "cancel":
        return perform(
            request,
            meeting_cancel,
            meeting_id=meeting_id,
            reason=post.get("reason", ""),
            actor=user,
            success=success,
        )
    if action == "agenda":
        return perform(
            request, meeting_agenda_refresh, meeting_id=meeting_id, actor=user, success=success
        )
    if action in ("open", "attendance"):
        service = meeting_open if action == "open" else meeting_attendance
        return perform(
            request,
            service,
            meeting_id=meeting_id,
            present=_present(request),
            actor=user,
            success=success,
        )
    if action == "close":
        return perform(
            request,
            meeting_close,
            meeting_id=meeting_id,
            conclusion=post.get("conclusion", ""),
            protocol_number=post.get("protocol_number", ""),
            actor=user,
            success=success,
        )
    if action == "adjourn":
        return perform(
            request,
            meeting_adjourn,
            meeting_id=meeting_id,
            reason=post.get("reason", ""),
            actor=user,
            success=success,
        )
    return perform(request, meeting_approve, meeting_id=meeting_id, actor=user, success=success)


ANCHORS = {
    "open": "#attendance",
    "attendance": "#attendance",
    "close": "#closing",
    "adjourn": "#closing",
    "approve": "#closing",
}


@login_required
@require_POST
def meeting_act(request: HttpRequest, meeting_id: int, action: str) -> HttpResponse:
    """One action on the meeting, by the same service as the API's endpoint. A refusal
    re-renders the page with the reason beside the form and changes nothing."""
    if action not in MEETING_SUCCESS:
        raise Http404(_("no action %(action)r on a meeting") % {"action": action})
    _meeting(request.user, meeting_id)
    outcome = _run(request, meeting_id, action)
    if not outcome.ok:
        return _meeting_page(
            request, meeting_id, failed=f"{action}-form", outcome=outcome, status=422
        )
    if request.POST.get("next"):
        return back(request, "web:meeting", meeting_id)
    return redirect(reverse("web:meeting", args=[meeting_id]) + ANCHORS.get(action, ""))


@login_required
@require_POST
def meeting_case_act(
    request: HttpRequest, meeting_id: int, case_id: int, action: str
) -> HttpResponse:
    """A vote (§32), a recusal, or HR's record of the decision (§33) on one case; back to the
    case's page (the person votes case after case there), or to `next`. A refusal re-renders
    the case's page with the reason beside the form and changes nothing."""
    if action not in ("vote", "recuse", "decide"):
        raise Http404(_("no action %(action)r on a case") % {"action": action})
    _meeting(request.user, meeting_id)
    post, user = request.POST, request.user
    member = None
    if post.get("member"):
        try:
            member = int(post["member"])
        except ValueError:
            member = None
    failed = f"decide-{case_id}"
    if action == "vote":
        failed = post.get("form") or f"vote-{case_id}-{member or ''}"
        choice = post.get("choice", "")
        corrections: dict[str, Any] = {}
        if choice == VoteChoice.REVISE:
            corrections = {
                "kpi_rating": post.get("kpi_rating", ""),
                "competencies": {
                    key[len("comp-") :]: value
                    for key, value in post.items()
                    if key.startswith("comp-") and value
                },
            }
        outcome = perform(
            request,
            vote_cast,
            meeting_id=meeting_id,
            case_id=case_id,
            choice=choice,
            member=member,
            comment=post.get("comment", ""),
            actor=user,
            success=_("The vote is recorded (§32)."),
            **corrections,
        )
    elif action == "recuse":
        failed = f"vote-{case_id}-{member or ''}"
        outcome = perform(
            request,
            vote_recuse,
            meeting_id=meeting_id,
            case_id=case_id,
            member=member,
            reason=post.get("reason", ""),
            actor=user,
            success=_("The member does not vote on this case: a conflict of interest."),
        )
    else:
        outcome = perform(
            request,
            case_decide,
            meeting_id=meeting_id,
            case_id=case_id,
            recommendation=post.get("recommendation", ""),
            actor=user,
            success=_("The commission's decision is recorded (§33)."),
        )
    if not outcome.ok:
        return _case_page(request, meeting_id, case_id, failed=failed, outcome=outcome, status=422)
    if post.get("next"):
        return back(request, "web:meeting_case", meeting_id, case_id)
    return redirect(reverse("web:meeting_case", args=[meeting_id, case_id]) + f"#case-{case_id}")


# --- the protocol (Annex 5) -----------------------------------------------------------------


@login_required
@require_GET
def meeting_protocol(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The protocol as it will print (Annex 5): the same form the PDF and DOCX draw, in the
    page's language (Kazakh or Russian), a draft until the authorized person approves it."""
    meeting = _meeting(request.user, meeting_id)
    lang = "ru" if (get_language() or "").startswith("ru") else "kk"
    form = protocol_form(meeting, lang)
    signatures = [{"s": s, "date": _date(s.date)} for s in form.signatures]
    return render(
        request,
        "web/commission/protocol.html",
        {
            "meeting": meeting,
            "form": form,
            "table": form.tables[0] if form.tables else None,
            "approved_on": _date(form.approval.signature.date) if form.approval else None,
            "signatures": signatures,
        },
    )


urlpatterns: list = [
    path("commission/meetings/", meetings, name="meetings"),
    path("commission/meetings/new/", meeting_new, name="meeting_new"),
    path("commission/meetings/date-check/", meeting_date_check, name="meeting_date_check"),
    path("commission/meetings/<int:meeting_id>/", meeting, name="meeting"),
    path("commission/meetings/<int:meeting_id>/quorum/", meeting_quorum, name="meeting_quorum"),
    path(
        "commission/meetings/<int:meeting_id>/cases/<int:case_id>/",
        meeting_case,
        name="meeting_case",
    ),
    path(
        "commission/meetings/<int:meeting_id>/protocol/", meeting_protocol, name="meeting_protocol"
    ),
    path(
        "commission/meetings/<int:meeting_id>/cases/<int:case_id>/<str:action>/",
        meeting_case_act,
        name="meeting_case_act",
    ),
    path("commission/meetings/<int:meeting_id>/<str:action>/", meeting_act, name="meeting_act"),
]
