"""The commission's meetings from the schedule to the approved protocol (§29–§39): notice in
working days, the chair's agreement, attendance and quorum, open votes by name, recusal,
decisions by majority with the chair's casting vote, closing, adjourning and approval. Every
refused action leaves the data exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bagalau.commission.models import CommissionMeeting, Decision, Notice, Vote
from bagalau.commission.selectors import (
    meeting_document,
    meeting_full,
    protocol_document,
    ready_cases,
    visible_meetings,
    visible_orders,
)
from bagalau.commission.services import (
    case_decide,
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
from bagalau.commission.tests.factories import (
    MEETING_DAY,
    NOTIFIED,
    VOTERS,
    case_of,
    cast_votes,
    decide,
    form_commission,
    make_commission_body,
    open_meeting,
    refused,
    scheduled_meeting,
    shipped_methodology,
    to_commission,
)
from bagalau.core.models import AuditEvent
from bagalau.core.workflow import TransitionRefused
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.tests.factories import make_user

D = dt.date
pytestmark = pytest.mark.django_db
EFFECTIVE = {"kpi_rating": "effective"}
SATISFACTORY = {"kpi_rating": "satisfactory"}


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The shipped methodology loaded once for the module (rolled back after it)."""
    with shipped_methodology(django_db_blocker):
        yield


@pytest.fixture
def body():
    """The body, its commission formed on 1 December 2025, and spec1's sheets (5 of 5 KPIs
    achieved: "excellent") before the commission."""
    body = make_commission_body()
    form_commission(body)
    to_commission(body, "spec1")
    return body


def ids(body, roles) -> list[int]:
    return [body[r].pk for r in roles]


def propose(body, date=MEETING_DAY, on=NOTIFIED, actor=None):
    return meeting_propose(
        cycle_id=body["cycle"].pk, date=date, actor=actor or body["hr"].user, on=on
    )


def vote(body, meeting, role, choice="approve", case=None, **kwargs):
    return vote_cast(
        meeting_id=meeting.pk,
        case_id=(case or case_of(body, "spec1")).pk,
        choice=choice,
        actor=body[role].user,
        on=meeting.date,
        **kwargs,
    )


# --- the schedule (§29) ---------------------------------------------------------------------


def test_seven_working_days_notice_names_the_earliest_date(body) -> None:
    # notified on Wednesday 14 January 2026: the 7th working day after it is Friday 23 January
    error = refused(ValidationError, propose, body=body, date=D(2026, 1, 22), on=NOTIFIED)
    assert error.message_dict["date"] == [
        "the participants must be told 7 working days before the meeting (§29): notified on"
        " 2026-01-14, the earliest date is 2026-01-23"
    ]
    meeting = propose(body, date=D(2026, 1, 23), on=NOTIFIED)
    assert (meeting.state, meeting.proposed_on) == ("proposed", NOTIFIED)
    assert list(meeting.items.values_list("case_id", "reason")) == [
        (case_of(body, "spec1").pk, "first")
    ]


@pytest.mark.parametrize(
    ("on", "too_early", "earliest"),
    [
        # 8 March 2026 is a Sunday: Monday 9 March is the day off in its place
        (D(2026, 2, 27), D(2026, 3, 10), D(2026, 3, 11)),
        # Nauryz 2026: 21–22 March fall on the weekend, so 23, 24 and 25 March are off
        (D(2026, 3, 13), D(2026, 3, 26), D(2026, 3, 27)),
        # Independence Day, Wednesday 16 December 2026
        (D(2026, 12, 10), D(2026, 12, 21), D(2026, 12, 22)),
        # New Year: 1 January 2027, and Saturday 2 January carried to Monday 4 January;
        # Orthodox Christmas, Thursday 7 January
        (D(2026, 12, 28), D(2027, 1, 8), D(2027, 1, 11)),
    ],
)
def test_the_notice_counts_working_days_over_holidays(body, on, too_early, earliest) -> None:
    refused(
        ValidationError,
        propose,
        match=f"the earliest date is {earliest}",
        body=body,
        date=too_early,
        on=on,
    )
    assert propose(body, date=earliest, on=on).date == earliest


def test_only_the_chair_agrees_the_schedule(body) -> None:  # §29
    meeting = propose(body)
    for role in ("spec1", "hr"):
        error = refused(
            TransitionRefused,
            meeting_agree,
            meeting_id=meeting.pk,
            actor=body[role].user,
            on=NOTIFIED,
        )
        assert (error.reason, error.allowed_roles) == ("not_your_role", ("commission_chair",))
    meeting = meeting_agree(meeting_id=meeting.pk, actor=body["chief"].user, on=NOTIFIED)
    assert (meeting.state, meeting.agreed_on, meeting.notified_on) == (
        "scheduled",
        NOTIFIED,
        NOTIFIED,
    )
    # the chair, six members and the secretary are told (spec1, on the agenda, sits on it)
    notified = set(Notice.objects.filter(meeting=meeting).values_list("recipient_id", flat=True))
    assert notified == set(ids(body, (*VOTERS, "hr")))
    # agreeing twice is out of turn
    error = refused(
        TransitionRefused,
        meeting_agree,
        meeting_id=meeting.pk,
        actor=body["chief"].user,
        on=NOTIFIED,
    )
    assert error.reason == "out_of_turn"


def test_an_agreement_too_late_for_the_notice_is_refused(body) -> None:
    meeting = propose(body)  # for 23 January
    refused(
        ValidationError,
        meeting_agree,
        match="the earliest date is 2026-01-26",
        meeting_id=meeting.pk,
        actor=body["chief"].user,
        on=D(2026, 1, 15),
    )


def test_a_new_date_needs_the_chairs_agreement_again(body) -> None:
    meeting = scheduled_meeting(body)
    hr = body["hr"].user
    refused(
        ValidationError,
        meeting_reschedule,
        match="the earliest date is 2026-01-27",
        meeting_id=meeting.pk,
        date=D(2026, 1, 26),
        actor=hr,
        on=D(2026, 1, 16),
    )
    meeting = meeting_reschedule(
        meeting_id=meeting.pk, date=D(2026, 2, 3), actor=hr, on=D(2026, 1, 16), place="204"
    )
    assert (meeting.state, meeting.date, meeting.agreed_on, meeting.place) == (
        "proposed",
        D(2026, 2, 3),
        None,
        "204",
    )
    # not agreed: it cannot open on its new date
    error = refused(
        TransitionRefused,
        meeting_open,
        meeting_id=meeting.pk,
        present=ids(body, VOTERS),
        actor=hr,
        on=D(2026, 2, 3),
    )
    assert error.reason == "out_of_turn"
    meeting_agree(meeting_id=meeting.pk, actor=body["chief"].user, on=D(2026, 1, 16))
    meeting = meeting_open(
        meeting_id=meeting.pk, present=ids(body, VOTERS), actor=hr, on=D(2026, 2, 3)
    )
    assert meeting.state == "in_session"


def test_no_meeting_without_a_commission_order_in_force() -> None:  # §5
    body = make_commission_body()
    to_commission(body, "spec1")
    refused(
        ValidationError,
        propose,
        match="has no commission formed by an order in force on 2026-01-23",
        body=body,
    )
    form_commission(body, signed_on=D(2026, 1, 26))  # in force only after the date
    refused(ValidationError, propose, match="no commission formed by an order", body=body)


def test_no_meeting_without_a_case_before_the_commission() -> None:
    body = make_commission_body()
    form_commission(body)
    refused(ValidationError, propose, match="HR puts both sheets before it first", body=body)


def test_only_hr_schedules_meetings(body) -> None:
    for role in ("chief", "head", "spec1"):
        refused(PermissionDenied, propose, body=body, actor=body[role].user)


def test_a_case_is_on_one_open_meetings_agenda_only(body) -> None:
    spec1, hr = case_of(body, "spec1"), body["hr"].user
    first = propose(body)
    to_commission(body, "spec2")
    second = propose(body, date=D(2026, 1, 26))
    assert list(second.items.values_list("case_id", flat=True)) == [case_of(body, "spec2").pk]
    refused(ValidationError, propose, match="no case of", body=body, date=D(2026, 1, 27))
    # cancelled, the first meeting lets spec1 go onto the second's agenda
    refused(
        ValidationError,
        meeting_cancel,
        match="say why",
        meeting_id=first.pk,
        actor=hr,
        reason=" ",
    )
    meeting_cancel(meeting_id=first.pk, actor=hr, reason="Төраға іссапарда", on=NOTIFIED)
    assert [c.pk for c, _r in ready_cases(body["cycle"])] == [spec1.pk]
    meeting_agenda_refresh(meeting_id=second.pk, actor=hr, on=NOTIFIED)
    assert list(second.items.order_by("number").values_list("case_id", "number")) == [
        (case_of(body, "spec2").pk, 1),
        (spec1.pk, 2),
    ]
    assert ready_cases(body["cycle"]) == []


# --- opening and attendance (§30, §34, §35) -------------------------------------------------


def test_the_meeting_opens_on_its_date_only(body) -> None:
    meeting = scheduled_meeting(body)
    for day in (D(2026, 1, 22), D(2026, 1, 26)):
        refused(
            ValidationError,
            meeting_open,
            match="set for 2026-01-23; it opens on that day",
            meeting_id=meeting.pk,
            present=ids(body, VOTERS),
            actor=body["hr"].user,
            on=day,
        )
    assert CommissionMeeting.objects.get(pk=meeting.pk).state == "scheduled"


def test_only_members_are_counted_present(body) -> None:
    meeting = scheduled_meeting(body)
    hr = body["hr"].user
    refused(
        ValidationError,
        meeting_open,
        match="the secretary does not vote",
        meeting_id=meeting.pk,
        present=ids(body, (*VOTERS[:5], "hr")),
        actor=hr,
        on=MEETING_DAY,
    )
    refused(
        ValidationError,
        meeting_open,
        match="not members of the commission by order",
        meeting_id=meeting.pk,
        present=ids(body, (*VOTERS[:5], "head")),
        actor=hr,
        on=MEETING_DAY,
    )
    refused(
        TransitionRefused,
        meeting_open,
        meeting_id=meeting.pk,
        present=ids(body, VOTERS),
        actor=body["chief"].user,
        on=MEETING_DAY,
    )
    meeting = meeting_open(
        meeting_id=meeting.pk, present=ids(body, VOTERS[:5]), actor=hr, on=MEETING_DAY
    )
    attendance = dict(meeting.attendance.values_list("servant_id", "present"))
    assert attendance == {
        **dict.fromkeys(ids(body, VOTERS[:5]), True),
        **dict.fromkeys(ids(body, VOTERS[5:]), False),
    }
    refused(
        ValidationError,
        meeting_attendance,
        match="the secretary does not vote",
        meeting_id=meeting.pk,
        present=ids(body, ("chief", "hr")),
        actor=hr,
        on=MEETING_DAY,
    )
    meeting_attendance(meeting_id=meeting.pk, present=ids(body, VOTERS), actor=hr, on=MEETING_DAY)
    assert meeting.attendance.filter(present=True).count() == 7


# --- votes (§32–§34, §37, §38) --------------------------------------------------------------


def test_nothing_is_voted_without_a_quorum(body) -> None:  # §30
    meeting = open_meeting(body, VOTERS[:4])
    refused(
        ValidationError,
        vote,
        match=r"4 of 7 members present, 5 needed \(§30\)",
        body=body,
        meeting=meeting,
        role="chief",
    )
    refused(
        ValidationError,
        case_decide,
        match="not quorate",
        meeting_id=meeting.pk,
        case_id=case_of(body, "spec1").pk,
        actor=body["hr"].user,
        on=MEETING_DAY,
    )
    # a fifth member arrives: 5 of 7 is a quorum
    meeting_attendance(
        meeting_id=meeting.pk,
        present=ids(body, VOTERS[:5]),
        actor=body["hr"].user,
        on=MEETING_DAY,
    )
    assert vote(body, meeting, "chief").choice == "approve"


def test_the_quorum_is_the_methodology_versions() -> None:
    body = make_commission_body(parameters={"commission_quorum": "3/4"})
    form_commission(body)
    to_commission(body, "spec1")
    meeting = open_meeting(body, VOTERS[:5])
    refused(
        ValidationError,
        vote,
        match="5 of 7 members present, 6 needed",
        body=body,
        meeting=meeting,
        role="chief",
    )
    rules = version_rules(body["cycle"].methodology_version)
    quorum = meeting_document(meeting_full(meeting.pk), rules)["quorum"]
    assert (quorum["needed"], quorum["share"], quorum["quorate"]) == (6, "3/4", False)


def test_only_a_present_member_votes_and_only_their_own_vote(body) -> None:
    meeting = open_meeting(body, VOTERS[:6])  # m4 absent
    spec1 = case_of(body, "spec1")
    refused(
        ValidationError,
        vote,
        match="is not recorded as present",
        body=body,
        meeting=meeting,
        role="m4",
    )
    # a member cannot vote for another; the secretary minutes a member's vote
    refused(
        PermissionDenied,
        vote,
        match="a member casts only their own vote",
        body=body,
        meeting=meeting,
        role="chief",
        member=body["m1"].pk,
    )
    minuted = vote(body, meeting, "hr", member=body["m1"].pk)
    assert (minuted.member_id, minuted.recorded_by) == (body["m1"].pk, body["hr"].user)
    # the secretary does not vote (§34); nor does anyone else who is not a member
    refused(
        ValidationError,
        vote,
        match=r"the secretary does not vote \(§34\)",
        body=body,
        meeting=meeting,
        role="hr",
    )
    refused(TransitionRefused, vote, body=body, meeting=meeting, role="head")
    refused(
        ValidationError,
        vote,
        match="is not a member",
        body=body,
        meeting=meeting,
        role="hr",
        member=body["head"].pk,
    )
    refused(
        ValidationError,
        vote,
        match="is not on this meeting's agenda",
        body=body,
        meeting=meeting,
        role="chief",
        case=case_of(body, "spec2"),
    )
    assert list(Vote.objects.values_list("item__case_id", "member_id")) == [
        (spec1.pk, body["m1"].pk)
    ]


def test_a_revision_must_correct_something_valid(body) -> None:  # §37, §38
    meeting = open_meeting(body)
    # spec1's sheets: "excellent", every competency "meets"
    for kwargs, field in [
        ({}, "__all__"),
        ({"kpi_rating": "excellent"}, "__all__"),
        ({"competencies": {"integrity": "meets"}}, "__all__"),
        ({"kpi_rating": "good"}, "kpi_rating"),
        ({"competencies": {"leadership": "does_not_meet"}}, "competencies"),
        ({"competencies": {"integrity": "partly"}}, "competencies"),
    ]:
        error = refused(
            ValidationError,
            vote,
            body=body,
            meeting=meeting,
            role="chief",
            choice="revise",
            **kwargs,
        )
        assert field in getattr(error, "error_dict", {"__all__": ()}), kwargs
    refused(
        ValidationError,
        vote,
        match="a vote to approve carries no corrections",
        body=body,
        meeting=meeting,
        role="chief",
        kpi_rating="effective",
    )
    refused(
        ValidationError,
        vote,
        match="a vote is approve or revise",
        body=body,
        meeting=meeting,
        role="chief",
        choice="abstain",
    )
    revision = vote(
        body,
        meeting,
        "chief",
        "revise",
        kpi_rating="excellent",
        competencies={"integrity": "does_not_meet", "cooperation": "meets"},
    )
    # only what differs from the sheets is kept as the correction
    assert (revision.kpi_rating, revision.competency_results) == (
        "",
        {"integrity": "does_not_meet"},
    )


def test_a_member_may_change_their_vote_until_the_decision(body) -> None:
    meeting = open_meeting(body)
    spec1 = case_of(body, "spec1")
    vote(body, meeting, "m1", "revise", **EFFECTIVE)
    vote(body, meeting, "m1", "approve")
    assert list(Vote.objects.values_list("member_id", "choice", "kpi_rating")) == [
        (body["m1"].pk, "approve", "")
    ]
    changed = AuditEvent.objects.filter(action="meeting.vote").order_by("pk").last()
    assert (changed.before["choice"], changed.after["choice"]) == ("revise", "approve")
    cast_votes(body, meeting, spec1, dict.fromkeys(VOTERS, "approve"))
    case_decide(meeting_id=meeting.pk, case_id=spec1.pk, actor=body["hr"].user, on=MEETING_DAY)
    refused(
        ValidationError,
        vote,
        match="has decided on .* already",
        body=body,
        meeting=meeting,
        role="m1",
        choice="revise",
        **EFFECTIVE,
    )


# --- decisions (§33, §37, §38) --------------------------------------------------------------


def test_the_decision_waits_for_every_present_member(body) -> None:
    meeting = open_meeting(body, VOTERS[:6])  # m4 absent, not waited for
    spec1 = case_of(body, "spec1")
    cast_votes(body, meeting, spec1, dict.fromkeys(VOTERS[:4], "approve"))
    error = refused(
        ValidationError,
        case_decide,
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["hr"].user,
        on=MEETING_DAY,
    )
    waiting = f"{body['m2'].short_name}, {body['m3'].short_name}"
    assert error.messages == [
        f"not every member present has voted on {body['spec1'].short_name}: {waiting}"
    ]
    cast_votes(body, meeting, spec1, dict.fromkeys(("m2", "m3"), "approve"))
    refused(
        TransitionRefused,
        case_decide,
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["chief"].user,
        on=MEETING_DAY,
    )
    decision = case_decide(
        meeting_id=meeting.pk, case_id=spec1.pk, actor=body["hr"].user, on=MEETING_DAY
    )
    assert (decision.outcome, decision.votes_for, decision.votes_cast) == ("approve", 6, 6)
    assert (decision.state, decision.decided_on) == ("taken", MEETING_DAY)
    refused(
        ValidationError,
        case_decide,
        match="decided on .* already",
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["hr"].user,
        on=MEETING_DAY,
    )


def test_without_a_majority_the_members_vote_again(body) -> None:  # §33
    meeting = open_meeting(body)
    spec1, hr = case_of(body, "spec1"), body["hr"].user
    cast_votes(
        body,
        meeting,
        spec1,
        {
            "chief": "approve",
            "spec1": "approve",
            "spec2": "approve",
            "m1": EFFECTIVE,
            "m2": EFFECTIVE,
            "m3": SATISFACTORY,
            "m4": SATISFACTORY,
        },
    )
    refused(
        ValidationError,
        case_decide,
        match=r"no majority .* \(3, 2, 2 of 7 votes\).*vote again",
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=hr,
        on=MEETING_DAY,
    )
    # m3 and m4 come round to "effective": 4 of 7 revise the rating
    cast_votes(body, meeting, spec1, {"m3": EFFECTIVE, "m4": EFFECTIVE})
    decision = case_decide(
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=hr,
        on=MEETING_DAY,
        recommendation="Есептерді уақытында тапсыру",
    )
    assert (decision.outcome, decision.votes_for, decision.votes_cast) == ("revise", 4, 7)
    assert (decision.kpi_rating_original, decision.kpi_rating_revised) == (
        "excellent",
        "effective",
    )
    assert decision.kpi_rating_final == "effective"
    assert not decision.chair_casting


def test_a_tie_without_the_chair_decides_nothing(body) -> None:  # §33
    meeting = open_meeting(body, VOTERS[1:])  # the chair absent: 6 of 7
    spec1 = case_of(body, "spec1")
    cast_votes(
        body,
        meeting,
        spec1,
        {
            "spec1": "approve",
            "spec2": "approve",
            "m1": "approve",
            "m2": EFFECTIVE,
            "m3": EFFECTIVE,
            "m4": EFFECTIVE,
        },
    )
    refused(
        ValidationError,
        case_decide,
        match="no majority",
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["hr"].user,
        on=MEETING_DAY,
    )


def test_the_chairs_vote_decides_a_tie(body) -> None:  # §33
    meeting = open_meeting(body, VOTERS[:6])
    spec1 = case_of(body, "spec1")
    cast_votes(
        body,
        meeting,
        spec1,
        {
            "chief": EFFECTIVE,
            "spec1": "approve",
            "spec2": "approve",
            "m1": "approve",
            "m2": EFFECTIVE,
            "m3": EFFECTIVE,
        },
    )
    decision = case_decide(
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["hr"].user,
        on=MEETING_DAY,
        recommendation="Қайта қаралды",
    )
    assert (decision.outcome, decision.kpi_rating_revised) == ("revise", "effective")
    assert (decision.votes_for, decision.votes_cast, decision.chair_casting) == (3, 6, True)


def test_a_competency_revision_is_kept_beside_the_sheet(body) -> None:  # §38
    meeting = open_meeting(body)
    correction = {"competencies": {"integrity": "does_not_meet"}}
    decision = decide(body, meeting, case_of(body, "spec1"), correction)
    assert decision.outcome == "revise"
    assert decision.kpi_rating_revised == ""
    assert decision.competency_original["integrity"] == "meets"
    assert decision.competency_revised == {"integrity": "does_not_meet"}
    assert decision.competency_final["integrity"] == "does_not_meet"
    assert decision.kpi_rating_final == "excellent"


def test_a_member_who_left_is_not_counted(body) -> None:
    meeting = open_meeting(body)
    spec1, hr = case_of(body, "spec1"), body["hr"].user
    cast_votes(body, meeting, spec1, {"m3": EFFECTIVE, "m4": EFFECTIVE})
    meeting_attendance(
        meeting_id=meeting.pk, present=ids(body, VOTERS[:5]), actor=hr, on=MEETING_DAY
    )
    cast_votes(body, meeting, spec1, dict.fromkeys(VOTERS[:5], "approve"))
    decision = case_decide(meeting_id=meeting.pk, case_id=spec1.pk, actor=hr, on=MEETING_DAY)
    assert (decision.outcome, decision.votes_for, decision.votes_cast) == ("approve", 5, 5)
    assert Vote.objects.filter(member=body["m4"]).exists()  # the vote stays on record


# --- recusal (Bagalau's addition, a version setting) ----------------------------------------


def test_a_member_recuses_from_their_own_case_only(body) -> None:
    to_commission(body, "spec2")
    meeting = open_meeting(body)
    spec1, spec2, hr = case_of(body, "spec1"), case_of(body, "spec2"), body["hr"].user
    refused(
        ValidationError,
        vote_recuse,
        match="only from the case of their own evaluation",
        meeting_id=meeting.pk,
        case_id=spec2.pk,
        actor=body["spec1"].user,
        on=MEETING_DAY,
    )
    refused(
        PermissionDenied,
        vote_recuse,
        meeting_id=meeting.pk,
        case_id=spec1.pk,
        actor=body["chief"].user,
        member=body["spec1"].pk,
        on=MEETING_DAY,
    )
    vote(body, meeting, "spec1")
    recusal = vote_recuse(
        meeting_id=meeting.pk, case_id=spec1.pk, actor=body["spec1"].user, on=MEETING_DAY
    )
    assert (recusal.choice, recusal.comment) == ("recused", "own evaluation on the agenda")
    assert Vote.objects.filter(member=body["spec1"], item__case=spec1).count() == 1
    refused(
        ValidationError,
        vote,
        match="declared a conflict of interest",
        body=body,
        meeting=meeting,
        role="spec1",
    )
    # the others decide without waiting for spec1
    cast_votes(
        body, meeting, spec1, dict.fromkeys(("chief", "spec2", "m1", "m2", "m3", "m4"), "approve")
    )
    decision = case_decide(meeting_id=meeting.pk, case_id=spec1.pk, actor=hr, on=MEETING_DAY)
    assert (decision.votes_for, decision.votes_cast) == (6, 6)
    # spec1 votes on spec2's case as usual
    assert vote(body, meeting, "spec1", case=spec2).choice == "approve"


def test_recusal_is_refused_where_the_version_does_not_provide_for_it() -> None:
    body = make_commission_body(parameters={"commission_recusal": False})
    assert not version_rules(body["cycle"].methodology_version).flag("commission_recusal")
    form_commission(body)
    to_commission(body, "spec1")
    meeting = open_meeting(body)
    refused(
        ValidationError,
        vote_recuse,
        match="does not provide for recusal",
        meeting_id=meeting.pk,
        case_id=case_of(body, "spec1").pk,
        actor=body["spec1"].user,
        on=MEETING_DAY,
    )
    # spec1 votes on their own case like any other member
    decide(body, meeting, case_of(body, "spec1"))


# --- closing, adjourning, approving (§36, §39) ----------------------------------------------


def test_closing_needs_a_conclusion_and_a_decision(body) -> None:
    to_commission(body, "spec2")
    meeting = open_meeting(body)
    hr = body["hr"].user
    refused(
        ValidationError,
        meeting_close,
        match="decided on no case: adjourn",
        meeting_id=meeting.pk,
        actor=hr,
        conclusion="Қорытынды",
        on=MEETING_DAY,
    )
    decide(body, meeting, case_of(body, "spec1"))
    refused(
        ValidationError,
        meeting_close,
        match="conclusion",
        meeting_id=meeting.pk,
        actor=hr,
        conclusion="  ",
        on=MEETING_DAY,
    )
    refused(
        ValidationError,
        meeting_adjourn,
        match="close the meeting instead",
        meeting_id=meeting.pk,
        actor=hr,
        reason="Уақыт бітті",
        on=MEETING_DAY,
    )
    meeting = meeting_close(
        meeting_id=meeting.pk,
        actor=hr,
        conclusion="Бекітуге ұсынылады",
        protocol_number="3",
        on=MEETING_DAY,
    )
    assert meeting.state == "closed"
    # the undecided case goes to another meeting
    assert [c.pk for c, _r in ready_cases(body["cycle"])] == [case_of(body, "spec2").pk]
    refused(
        TransitionRefused,
        vote,
        body=body,
        meeting=meeting,
        role="chief",
        case=case_of(body, "spec2"),
    )


def test_a_meeting_that_loses_its_quorum_after_a_decision_can_still_close(body) -> None:
    to_commission(body, "spec2")
    meeting = open_meeting(body, VOTERS[:5])
    hr = body["hr"].user
    decide(body, meeting, case_of(body, "spec1"), voters=VOTERS[:5])
    # a member leaves: 4 of 7, nothing more can be voted (§30) …
    meeting_attendance(
        meeting_id=meeting.pk, present=ids(body, VOTERS[:4]), actor=hr, on=MEETING_DAY
    )
    refused(
        ValidationError,
        vote,
        match="not quorate",
        body=body,
        meeting=meeting,
        role="chief",
        case=case_of(body, "spec2"),
    )
    # … and the meeting cannot be adjourned, having decided: it closes with the decision
    # taken while it was quorate, and spec2 goes to another meeting
    refused(
        ValidationError,
        meeting_adjourn,
        match="close the meeting instead",
        meeting_id=meeting.pk,
        actor=hr,
        reason="Кворум жоқ",
        on=MEETING_DAY,
    )
    meeting = meeting_close(
        meeting_id=meeting.pk, actor=hr, conclusion="Бекітуге ұсынылады", on=MEETING_DAY
    )
    assert meeting.state == "closed"
    assert [c.pk for c, _r in ready_cases(body["cycle"])] == [case_of(body, "spec2").pk]
    assert AuditEvent.objects.get(action="meeting.close").after["undecided"] == [
        case_of(body, "spec2").pk
    ]


def test_an_adjourned_meeting_decides_nothing_and_frees_its_cases(body) -> None:
    meeting = open_meeting(body, VOTERS[:4])
    hr = body["hr"].user
    refused(
        ValidationError,
        meeting_adjourn,
        match="say why",
        meeting_id=meeting.pk,
        actor=hr,
        reason="",
        on=MEETING_DAY,
    )
    meeting = meeting_adjourn(meeting_id=meeting.pk, actor=hr, reason="Кворум жоқ", on=MEETING_DAY)
    assert (meeting.state, meeting.cancel_reason) == ("adjourned", "Кворум жоқ")
    assert [c.pk for c, _r in ready_cases(body["cycle"])] == [case_of(body, "spec1").pk]
    refused(
        TransitionRefused,
        meeting_approve,
        meeting_id=meeting.pk,
        actor=body["head"].user,
        on=D(2026, 1, 26),
    )


def test_only_the_authorized_person_approves_a_closed_meeting(body) -> None:  # §39
    meeting = open_meeting(body)
    decision = decide(body, meeting, case_of(body, "spec1"))
    head = body["head"].user
    # the first head is the authorized person (no position is marked so): they see the
    # meeting they are to approve, and the order it sits by
    assert not body["head_position"].is_authorized_person
    assert meeting in visible_meetings(head, MEETING_DAY)
    assert meeting.order in visible_orders(head, MEETING_DAY)
    assert meeting not in visible_meetings(make_user(), MEETING_DAY)
    error = refused(
        TransitionRefused, meeting_approve, meeting_id=meeting.pk, actor=head, on=MEETING_DAY
    )
    assert error.reason == "out_of_turn"
    meeting_close(
        meeting_id=meeting.pk, actor=body["hr"].user, conclusion="Бекітуге", on=MEETING_DAY
    )
    for role in ("chief", "hr"):
        error = refused(
            TransitionRefused,
            meeting_approve,
            meeting_id=meeting.pk,
            actor=body[role].user,
            on=D(2026, 1, 26),
        )
        assert (error.reason, error.allowed_roles) == ("not_your_role", ("authorized_person",))
    meeting = meeting_approve(meeting_id=meeting.pk, actor=head, on=D(2026, 1, 26))
    assert (meeting.state, meeting.approved_on) == ("approved", D(2026, 1, 26))
    assert meeting.approved_by_name == body["head"].short_name
    assert Decision.objects.get(pk=decision.pk).state == "final"
    refused(
        TransitionRefused, meeting_approve, meeting_id=meeting.pk, actor=head, on=D(2026, 1, 27)
    )


def test_the_protocol_is_fixed_when_the_meeting_closes(body) -> None:  # Annex 5
    meeting = open_meeting(body)
    rules = version_rules(body["cycle"].methodology_version)
    draft = protocol_document(meeting_full(meeting.pk), rules)
    assert draft["draft"] is True
    decide(body, meeting, case_of(body, "spec1"), EFFECTIVE)
    meeting_close(
        meeting_id=meeting.pk,
        actor=body["hr"].user,
        conclusion="Бекітуге ұсынылады",
        protocol_number="7",
        on=MEETING_DAY,
    )
    fixed = CommissionMeeting.objects.get(pk=meeting.pk).protocol
    assert fixed["draft"] is False
    assert fixed["number"] == "7"
    assert fixed["conclusion"] == "Бекітуге ұсынылады"
    [row] = fixed["rows"]
    old_name = body["spec1"].full_name
    assert (row["servant"], row["corrected"]["kpi_rating"]) == (old_name, "effective")
    assert row["results"]["kpi_rating"] == "excellent"
    assert [s["role"] for s in fixed["signatories"]] == ["chair", *["member"] * 6, "secretary"]

    # spec1 changes their surname afterwards: the fixed protocol does not change
    body["spec1"].surname = "Жаңатегі"
    body["spec1"].save()
    meeting_approve(meeting_id=meeting.pk, actor=body["head"].user, on=D(2026, 1, 26))
    stored = CommissionMeeting.objects.get(pk=meeting.pk)
    assert stored.protocol == fixed
    shown = protocol_document(meeting_full(meeting.pk), rules)
    assert shown["rows"][0]["servant"] == old_name
    assert (shown["approved_on"], shown["approved_by"]) == (
        D(2026, 1, 26),
        body["head"].short_name,
    )
    # the live view of the meeting shows the servant as they are now
    live = meeting_document(meeting_full(meeting.pk), rules)
    assert live["items"][0]["servant"]["name"].startswith("Жаңатегі")


def test_every_state_change_is_audited_with_its_states(body) -> None:
    hr, chief = body["hr"].user, body["chief"].user
    meeting = propose(body)
    meeting_agree(meeting_id=meeting.pk, actor=chief, on=NOTIFIED)
    meeting_reschedule(meeting_id=meeting.pk, date=D(2026, 1, 26), actor=hr, on=D(2026, 1, 15))
    meeting_agree(meeting_id=meeting.pk, actor=chief, on=D(2026, 1, 15))
    day = D(2026, 1, 26)
    meeting_open(meeting_id=meeting.pk, present=ids(body, VOTERS[:6]), actor=hr, on=day)
    meeting_attendance(meeting_id=meeting.pk, present=ids(body, VOTERS), actor=hr, on=day)
    meeting = CommissionMeeting.objects.get(pk=meeting.pk)
    decision = decide(body, meeting, case_of(body, "spec1"))
    meeting_close(meeting_id=meeting.pk, actor=hr, conclusion="Бекітуге", on=day)
    meeting_approve(meeting_id=meeting.pk, actor=body["head"].user, on=D(2026, 1, 27))

    rows = list(
        AuditEvent.objects.filter(
            object_type="commission.commissionmeeting", object_id=str(meeting.pk)
        )
        .order_by("pk")
        .values_list("action", "before", "after", "actor")
    )
    states = [
        (action, (before or {}).get("state"), after.get("state"))
        for action, before, after, _actor in rows
    ]
    assert states == [
        ("meeting.propose", None, "proposed"),
        ("meeting.agree", "proposed", "scheduled"),
        ("meeting.reschedule", "scheduled", "proposed"),
        ("meeting.agree", "proposed", "scheduled"),
        ("meeting.open", "scheduled", "in_session"),
        ("meeting.attendance", None, None),
        ("meeting.close", "in_session", "closed"),
        ("meeting.approve", "closed", "approved"),
    ]
    assert [r[3] for r in rows] == [
        hr.pk,
        chief.pk,
        hr.pk,
        chief.pk,
        hr.pk,
        hr.pk,
        hr.pk,
        body["head"].user.pk,
    ]
    reschedule = rows[2]
    assert (reschedule[1]["date"], reschedule[2]["date"]) == ("2026-01-23", "2026-01-26")
    attendance = rows[5]
    assert (len(attendance[1]["present"]), len(attendance[2]["present"])) == (6, 7)
    assert AuditEvent.objects.filter(action="meeting.vote").count() == 7
    decided = AuditEvent.objects.get(action="meeting.decide")
    assert (decided.object_id, decided.after["outcome"]) == (str(decision.pk), "approve")
