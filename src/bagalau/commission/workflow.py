"""The commission meeting as a state machine (§29–§39). Pure: standard library only.

A meeting is proposed by HR with a date and the agenda (§29), agreed by the chair (the
notices go out then, at least 7 working days before, §29), opened by HR with the attendance
(§30), where the members vote and HR records each decision (§32–§38); closing it fixes the
protocol (Annex 5), and the authorized person's approval makes the results final (§39). A
meeting without a quorum is adjourned: its cases go to another meeting.
"""

from __future__ import annotations

from enum import StrEnum

from bagalau.core.workflow import Role, Workflow


class MeetingState(StrEnum):
    PROPOSED = "proposed"  # drawn up by HR, awaiting the chair's agreement (§29)
    SCHEDULED = "scheduled"  # agreed by the chair; the participants notified (§29)
    IN_SESSION = "in_session"  # opened with the attendance recorded (§30, §35)
    ADJOURNED = "adjourned"  # closed without a decision, e.g. for want of a quorum (§30)
    CLOSED = "closed"  # decisions taken, protocol fixed, awaiting approval (§36–§38)
    APPROVED = "approved"  # the authorized person approved the results (§39)
    CANCELLED = "cancelled"


M = MeetingState
H, C, V, P = Role.HR, Role.COMMISSION_CHAIR, Role.COMMISSION_MEMBER, Role.AUTHORIZED_PERSON

MEETING = Workflow(
    name="commission_meeting",
    initial=M.PROPOSED,
    states=list(M),
    rows=[
        # state          action        role  next state
        (M.PROPOSED, "agree", C, M.SCHEDULED),  # §29: the chair agrees the schedule
        (M.PROPOSED, "reschedule", H, M.PROPOSED),
        (M.SCHEDULED, "reschedule", H, M.PROPOSED),  # a new date needs the chair again
        (M.PROPOSED, "agenda", H, M.PROPOSED),  # cases put before the commission since
        (M.SCHEDULED, "agenda", H, M.SCHEDULED),  # ... join the agenda until it opens
        (M.PROPOSED, "cancel", H, M.CANCELLED),
        (M.SCHEDULED, "cancel", H, M.CANCELLED),
        (M.SCHEDULED, "open", H, M.IN_SESSION),  # §30, §35: attendance recorded
        (M.IN_SESSION, "attendance", H, M.IN_SESSION),  # a late arrival, an early departure
        (M.IN_SESSION, "vote", V, M.IN_SESSION),  # §32: a member's open vote
        (M.IN_SESSION, "vote", H, M.IN_SESSION),  # the secretary minutes a member's vote
        (M.IN_SESSION, "recuse", V, M.IN_SESSION),  # a conflict of interest (version setting)
        (M.IN_SESSION, "recuse", H, M.IN_SESSION),
        (M.IN_SESSION, "decide", H, M.IN_SESSION),  # §33, §37, §38: the count is recorded
        (M.IN_SESSION, "close", H, M.CLOSED),  # §36: the protocol is fixed
        (M.IN_SESSION, "adjourn", H, M.ADJOURNED),  # no quorum, nothing decided
        (M.CLOSED, "approve", P, M.APPROVED),  # §39
    ],
)

MEETING_ACTIONS = MEETING.action_names


class AcquaintanceState(StrEnum):
    PENDING = "pending"  # the results approved; HR to acquaint within 2 working days (§40)
    ACKNOWLEDGED = "acknowledged"  # in writing: by the servant in the system, or on paper (§41)
    REFUSED = "refused"  # the act of refusal drawn up, the results sent (§41)


S = Role.SERVANT

ACQUAINTANCE = Workflow(
    name="acquaintance",
    initial=AcquaintanceState.PENDING,
    states=list(AcquaintanceState),
    rows=[
        (AcquaintanceState.PENDING, "acknowledge", S, AcquaintanceState.ACKNOWLEDGED),
        # HR records a signature given on paper (a servant without a login)
        (AcquaintanceState.PENDING, "acknowledge", H, AcquaintanceState.ACKNOWLEDGED),
        (AcquaintanceState.PENDING, "refuse", H, AcquaintanceState.REFUSED),  # §41: the act
    ],
)


class AppealState(StrEnum):
    FILED = "filed"  # within 10 working days of the decision (§42); filing creates it
    UPHELD = "upheld"  # recommend cancelling the decision and reviewing the result
    REJECTED = "rejected"  # the result left unchanged


APPEAL = Workflow(
    name="appeal",
    initial=AppealState.FILED,
    states=list(AppealState),
    rows=[
        # Who answers is the version's appeal body: the authorized person answers himself
        # (004 §43); the civil-service agency's answer (001 §42) is recorded by HR.
        (AppealState.FILED, "uphold", P, AppealState.UPHELD),
        (AppealState.FILED, "uphold", H, AppealState.UPHELD),
        (AppealState.FILED, "reject", P, AppealState.REJECTED),
        (AppealState.FILED, "reject", H, AppealState.REJECTED),
    ],
)
# Who files an appeal: the servant, or HR entering one received on paper.
APPEAL_FILERS = (S, H)


class CourtState(StrEnum):
    PENDING = "pending"
    UNCHANGED = "unchanged"
    CHANGED = "changed"


COURT_CASE = Workflow(
    name="court_case",
    initial=CourtState.PENDING,
    states=list(CourtState),
    rows=[
        # HR records the court's decision (§43; 004: §44)
        (CourtState.PENDING, "stands", H, CourtState.UNCHANGED),
        (CourtState.PENDING, "change", H, CourtState.CHANGED),
    ],
)
