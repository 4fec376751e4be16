"""Whole cycles through the commission to the end (§29–§44, §8): an inquorate and a quorate
meeting, a recusal and a tie broken by the chair, a revision kept beside the original, the
approval, an acquaintance and an act of refusal, an appeal filed a day late and one upheld
and re-decided, the HR decisions view, and the purge of expired papers."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from bagalau.commission.models import (
    Acquaintance,
    CommissionMeeting,
    Decision,
    Notice,
    Vote,
)
from bagalau.commission.outcomes import (
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    refusal_act_draw_up,
)
from bagalau.commission.retention import purge, retention_list
from bagalau.commission.selectors import final_results, meeting_document, meeting_full
from bagalau.commission.services import (
    case_decide,
    meeting_adjourn,
    meeting_agree,
    meeting_approve,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
    vote_recuse,
)
from bagalau.commission.tests.factories import (
    case_of,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.core.models import AuditEvent
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import KpiSheet
from bagalau.methodology.selectors import version_rules

D = dt.date
pytestmark = pytest.mark.django_db


def votes(body, meeting, case, choices, **extra):
    for role, choice in choices.items():
        kwargs = extra.get(role, {})
        vote_cast(
            meeting_id=meeting.pk,
            case_id=case.pk,
            choice=choice,
            actor=body[role].user,
            on=meeting.date,
            **kwargs,
        )


def test_a_cycle_from_the_sheets_to_the_purge() -> None:
    body = make_commission_body()
    form_commission(body)
    hr, head, chief = body["hr"].user, body["head"].user, body["chief"].user
    spec1 = to_commission(body, "spec1", achieved=5)
    spec2 = to_commission(body, "spec2", achieved=2)
    m1 = to_commission(body, "m1", achieved=4)
    cycle = body["cycle"]

    # §29: seven working days' notice, or the date that would be allowed
    with pytest.raises(ValidationError, match="2026-01-23"):
        meeting_propose(cycle_id=cycle.pk, date=D(2026, 1, 22), actor=hr, on=D(2026, 1, 14))
    first = meeting_propose(cycle_id=cycle.pk, date=D(2026, 1, 23), actor=hr, on=D(2026, 1, 14))
    assert set(first.items.values_list("case_id", flat=True)) == {spec1.pk, spec2.pk, m1.pk}
    meeting_agree(meeting_id=first.pk, actor=chief, on=D(2026, 1, 14))
    # the commission (chair, six members, secretary) is told; the servants on the agenda sit on it
    assert Notice.objects.filter(meeting=first, kind="meeting_scheduled").count() == 8

    # §30: 4 of 7 present is not a quorum; nothing can be voted; the meeting is adjourned
    present = [body[r].pk for r in ("chief", "spec1", "spec2", "m1")]
    meeting_open(meeting_id=first.pk, present=present, actor=hr, on=D(2026, 1, 23))
    document = meeting_document(meeting_full(first.pk), version_rules(cycle.methodology_version))
    assert document["quorum"] == {
        "members": 7,
        "present": 4,
        "needed": 5,
        "share": "2/3",
        "quorate": False,
        "recorded": True,
    }
    with pytest.raises(ValidationError, match="4 of 7 members present, 5 needed"):
        vote_cast(
            meeting_id=first.pk, case_id=spec1.pk, choice="approve", actor=chief, on=D(2026, 1, 23)
        )
    assert not Vote.objects.exists()
    meeting_adjourn(meeting_id=first.pk, actor=hr, reason="кворум жоқ", on=D(2026, 1, 23))

    # the cases come back for the next meeting: 5 of 7 present is a quorum
    second = meeting_propose(cycle_id=cycle.pk, date=D(2026, 2, 3), actor=hr, on=D(2026, 1, 23))
    assert second.items.count() == 3
    meeting_agree(meeting_id=second.pk, actor=chief, on=D(2026, 1, 23))
    present = [body[r].pk for r in ("chief", "spec1", "spec2", "m1", "m2")]
    meeting_open(meeting_id=second.pk, present=present, actor=hr, on=D(2026, 2, 3))
    on = D(2026, 2, 3)

    # spec1 recuses from their own case; 2 : 2, the chair's vote decides (§33)
    vote_recuse(meeting_id=second.pk, case_id=spec1.pk, actor=body["spec1"].user, on=on)
    revise_spec1 = {"kpi_rating": "effective"}
    votes(
        body,
        second,
        spec1,
        {"chief": "approve", "m1": "approve", "spec2": "revise", "m2": "revise"},
        spec2=revise_spec1,
        m2=revise_spec1,
    )
    decision1 = case_decide(meeting_id=second.pk, case_id=spec1.pk, actor=hr, on=on)
    assert (decision1.outcome, decision1.votes_for, decision1.votes_cast) == ("approve", 2, 4)
    assert decision1.chair_casting

    # spec2: 3 of 5 revise the rating; the original stays beside it (§38)
    raise_rating = {"kpi_rating": "satisfactory"}
    votes(
        body,
        second,
        spec2,
        {"chief": "revise", "m1": "revise", "m2": "revise", "spec1": "approve", "spec2": "approve"},
        chief=raise_rating,
        m1=raise_rating,
        m2=raise_rating,
    )
    with pytest.raises(ValidationError, match="recommendation"):
        case_decide(meeting_id=second.pk, case_id=spec2.pk, actor=hr, on=on)
    decision2 = case_decide(
        meeting_id=second.pk,
        case_id=spec2.pk,
        actor=hr,
        on=on,
        recommendation="Кәсіби біліктілікті арттыру",
    )
    assert (decision2.kpi_rating_original, decision2.kpi_rating_revised) == (
        "unsatisfactory",
        "satisfactory",
    )
    assert KpiSheet.objects.get(case=spec2).rating == "unsatisfactory"  # never overwritten

    votes(body, second, m1, {r: "approve" for r in ("chief", "spec1", "spec2", "m1", "m2")})
    case_decide(meeting_id=second.pk, case_id=m1.pk, actor=hr, on=on)
    meeting_close(
        meeting_id=second.pk,
        actor=hr,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="2",
        on=on,
    )
    assert final_results([spec1.pk]) == {}  # not final before the approval (§39)
    meeting_approve(meeting_id=second.pk, actor=head, on=D(2026, 2, 4))
    assert final_results([spec2.pk])[spec2.pk]["kpi_rating"] == "satisfactory"

    # §40: acquaintance within 2 working days; spec2 refuses and an act is drawn up
    acq1 = Acquaintance.objects.get(case=spec1)
    assert acq1.due == D(2026, 2, 6)
    acquaintance_acknowledge(acquaintance_id=acq1.pk, actor=body["spec1"].user, on=D(2026, 2, 5))
    acq2 = Acquaintance.objects.get(case=spec2)
    with pytest.raises(ValidationError, match="two other servants"):
        refusal_act_draw_up(
            acquaintance_id=acq2.pk,
            actor=hr,
            witnesses=[body["m3"].pk],
            statement="Танысудан бас тартты",
            on=D(2026, 2, 5),
        )
    act = refusal_act_draw_up(
        acquaintance_id=acq2.pk,
        actor=hr,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Танысудан бас тартты",
        on=D(2026, 2, 5),
    )
    assert act.delivered_via == ["bagalau_notice"]
    sent = Notice.objects.get(case=spec2, kind="results_sent_after_refusal")
    # in Kazakh and in Russian, with the rating in words, not codes
    assert "қанағаттанарлық" in sent.body
    assert "удовлетворительно" in sent.body
    assert "satisfactory" not in sent.body
    assert Acquaintance.objects.get(pk=acq2.pk).state == "refused"
    assert final_results([spec2.pk])[spec2.pk]["kpi_rating"] == "satisfactory"

    # §42: 10 working days from the decision (3 February): the last day is 17 February
    with pytest.raises(ValidationError, match="2026-02-17"):
        appeal_file(
            case_id=spec2.pk, actor=body["spec2"].user, grounds="Келіспеймін", on=D(2026, 2, 18)
        )
    appeal = appeal_file(
        case_id=m1.pk, actor=body["m1"].user, grounds="Келіспеймін", on=D(2026, 2, 17)
    )
    assert appeal.hearing_body == "civil_service_agency"
    appeal_answer(
        appeal_id=appeal.pk,
        actor=hr,
        outcome="upheld",
        reference="Агенттік хаты № 12, 2026-02-19",
        on=D(2026, 2, 19),
    )
    assert Decision.objects.get(case=m1).state == "cancelled"

    # the case returns to the agenda and is decided anew under the same rules
    third = meeting_propose(cycle_id=cycle.pk, date=D(2026, 3, 3), actor=hr, on=D(2026, 2, 20))
    assert list(third.items.values_list("case_id", "reason")) == [(m1.pk, "appeal")]
    meeting_agree(meeting_id=third.pk, actor=chief, on=D(2026, 2, 20))
    present = [body[r].pk for r in ("chief", "spec1", "spec2", "m1", "m2", "m3")]
    meeting_open(meeting_id=third.pk, present=present, actor=hr, on=D(2026, 3, 3))
    excellent = {"kpi_rating": "excellent"}
    votes(
        body,
        third,
        m1,
        {r: "revise" for r in ("chief", "spec1", "spec2", "m1", "m2", "m3")},
        **{r: excellent for r in ("chief", "spec1", "spec2", "m1", "m2", "m3")},
    )
    case_decide(
        meeting_id=third.pk,
        case_id=m1.pk,
        actor=hr,
        on=D(2026, 3, 3),
        recommendation="Жаңа деректер бойынша қайта қаралды",
    )
    meeting_close(
        meeting_id=third.pk, actor=hr, conclusion="Шағым бойынша қайта қаралды", on=D(2026, 3, 3)
    )
    meeting_approve(meeting_id=third.pk, actor=head, on=D(2026, 3, 4))
    assert final_results([m1.pk])[m1.pk]["kpi_rating"] == "excellent"

    # the operator's view of the cycle shows the final results beside the sheets
    out = io.StringIO()
    call_command("cycle", "show", str(cycle.pk), "--json", stdout=out)
    shown = {c["id"]: c for c in json.loads(out.getvalue())["cases"]}
    assert shown[spec2.pk]["kpi_sheet"]["rating"] == "unsatisfactory"
    assert shown[spec2.pk]["final"] == {"kpi_rating": "satisfactory", "source": "commission"}
    assert shown[case_of(body, "m4").pk]["final"] is None

    # HR decisions from KPI results only (§7)
    basis = {b["case"]: b for b in hr_decision_basis(cycle)}
    assert basis[spec2.pk]["final"]["rating"] == "satisfactory"
    assert basis[spec2.pk]["final"]["source"] == "commission"
    assert basis[m1.pk]["final"]["rating"] == "excellent"
    assert basis[spec1.pk]["basis_for"] == ["bonus", "incentive"]

    # §8: completed on 4 March 2026, kept until 4 March 2029; a later cycle is kept
    later, _ = cycle_open(organisation=body["org"], year=2026, actor=hr)
    [entry] = [e for e in retention_list(D(2029, 3, 5)) if e.cycle.pk == cycle.pk]
    assert (entry.completed_on, entry.kept_until, entry.expired) == (
        D(2026, 3, 4),
        D(2029, 3, 4),
        True,
    )
    assert purge(actor=None, today=D(2029, 3, 4)) == []
    dry = purge(actor=None, today=D(2029, 3, 5))
    assert [row["cycle"] for row in dry] == [cycle.pk]
    assert EvaluationCycle.objects.filter(pk=cycle.pk).exists()  # a dry run deletes nothing
    done = purge(actor=None, today=D(2029, 3, 5), execute=True)
    assert done[0]["deleted"]["meetings"] == 3
    assert not EvaluationCycle.objects.filter(pk=cycle.pk).exists()
    assert not CommissionMeeting.objects.exists()
    assert EvaluationCycle.objects.filter(pk=later.pk).exists()
    assert EvaluationCase.objects.filter(cycle=later).exists()
    entry = AuditEvent.objects.get(action="retention.purge")
    assert entry.after["deleted"]["cases"] == EvaluationCase.objects.filter(cycle=later).count()
    assert len(mail.outbox) == 0  # no e-mail addresses in this body
