"""Input and output shapes of the commission API: orders forming the commission (§5, §31),
meetings and their protocol (§29–§39, Annex 5), the outcomes of a case (§40–§44), the HR
decisions view (§7), notices and retention (§8).

Inputs are taken loosely and checked by the services, so that each problem is reported on
its field (`date`, `witnesses`, `filed_on`, `members`, …).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from bagalau.commission.workflow import MEETING_ACTIONS

MeetingAction = Literal[MEETING_ACTIONS]
CompetencyResult = Literal["meets", "does_not_meet"]


# --- inputs ---------------------------------------------------------------------------------


class OrderIn(Schema):
    """An order of the authorized person forming the commission (§5) or amending it (§31)."""

    organisation: str = Field(description="the body's code")
    number: str = Field(description="the order's number")
    signed_on: dt.date
    effective_from: dt.date | None = Field(
        None, description="the composition is in force from this date; the signing date if none"
    )
    chair: int = Field(description="the chair's servant id")
    members: list[int] = Field(description="the members' servant ids (the chair not repeated)")
    secretary: int = Field(description="an HR servant's id; the secretary does not vote (§34)")
    amends: int | None = Field(
        None, description="the order in force that this one amends; none for a body's first"
    )


class MeetingIn(Schema):
    """A meeting of the schedule (§29): at least 7 working days after today."""

    cycle: int = Field(description="the evaluation cycle's id")
    date: dt.date
    place: str = ""


class RescheduleIn(Schema):
    date: dt.date = Field(description="at least 7 working days after today (§29)")
    place: str | None = Field(None, description="left as it was when not given")


class ReasonIn(Schema):
    reason: str = Field("", description="required")


class PresentIn(Schema):
    present: list[int] = Field(
        description="the servant ids of the voting members present (not the secretary, §34)"
    )


class CloseIn(Schema):
    conclusion: str = Field("", description="the commission's conclusion (Annex 5); required")
    protocol_number: str = ""


class VoteIn(Schema):
    """A member's open vote on a case (§32, §37, §38)."""

    choice: Literal["approve", "revise"]
    member: int | None = Field(
        None, description="the member voting; only the secretary (HR) may minute another's vote"
    )
    kpi_rating: str = Field("", description="a revision: the corrected KPI rating (§18)")
    competencies: dict[str, str] = Field(
        default_factory=dict,
        description="a revision: competency code → meets | does_not_meet",
        examples=[{"integrity": "meets"}],
    )
    comment: str = ""


class RecuseIn(Schema):
    member: int | None = Field(None, description="the member recusing; the caller by default")
    reason: str = ""


class DecideIn(Schema):
    recommendation: str = Field("", description="required when the results are revised (§38)")


class RefusalActIn(Schema):
    """The act of refusal (§41): signed by the HR officer and two other servants."""

    witnesses: list[int] = Field(description="the servant ids of the two other signatories")
    statement: str = Field("", description="who refused, what and when")
    number: str = ""


class AppealIn(Schema):
    grounds: str = Field("", description="why the servant disagrees; required")


class AppealAnswerIn(Schema):
    outcome: Literal["upheld", "rejected"] = Field(
        description="upheld: the decision cancelled and the result reviewed; rejected: the"
        " result left unchanged (§42)"
    )
    reference: str = Field("", description="the agency's answer, its number and date (001 §42)")
    note: str = ""


class CourtCaseIn(Schema):
    court: str
    number: str = Field(description="the court case number")
    filed_on: dt.date


class CourtDecisionIn(Schema):
    changed: bool = Field(description="whether the court changed the result")
    decided_on: dt.date
    reference: str = Field("", description="the court decision's number and date; required")
    kpi_rating: str = Field("", description="the KPI rating as the court decided, if changed")
    competencies: dict[str, str] = Field(
        default_factory=dict, description="competency code → meets | does_not_meet, if changed"
    )


# --- orders ---------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str
    short_name: str


class OrderRefOut(Schema):
    id: int
    number: str
    signed_on: dt.date


class OrderOut(Schema):
    """An order and the whole composition it states (§5, §31)."""

    id: int
    organisation: str
    number: str
    signed_on: dt.date
    effective_from: dt.date
    amends: OrderRefOut | None
    chair: PersonOut | None
    members: list[PersonOut]
    secretary: PersonOut | None
    recorded_at: dt.datetime


# --- meetings -------------------------------------------------------------------------------


class MeetingListOut(Schema):
    id: int
    organisation: str
    cycle: int
    period: str
    date: dt.date
    place: str
    state: str
    state_label: str
    proposed_on: dt.date
    agreed_on: dt.date | None
    order: OrderRefOut | None = Field(description="the composition fixed when the meeting opened")
    cases: int = Field(description="cases on the agenda")
    decided: int = Field(description="cases decided")
    protocol_number: str
    approved_on: dt.date | None


class SeatOut(PersonOut):
    role: Literal["chair", "member", "secretary"]
    votes: bool
    present: bool | None = Field(description="none for the secretary and before the opening")


class QuorumOut(Schema):
    """Present voting members against the quorum (§30)."""

    members: int
    present: int
    needed: int | None
    share: str
    quorate: bool
    recorded: bool = Field(description="the attendance was recorded on opening")


class ResultsOut(Schema):
    kpi_rating: str | None
    kpi_achieved: int | None = None
    competencies: dict[str, str]


class DecisionOut(Schema):
    """The commission's decision on a case (§33, §37, §38): the original results beside the
    revised ones."""

    id: int
    outcome: Literal["approve", "revise"]
    state: str
    decided_on: dt.date
    votes_for: int
    votes_cast: int
    chair_casting: bool
    original: ResultsOut
    revised: ResultsOut | None
    recommendation: str


class VoteOut(Schema):
    member: PersonOut
    choice: Literal["approve", "revise", "recused"]
    kpi_rating: str | None
    competencies: dict[str, str]
    comment: str


class ItemOut(Schema):
    number: int
    case: int
    reason: str
    servant: PersonOut
    position: str
    votes: list[VoteOut]
    decision: DecisionOut | None


class MeetingOut(Schema):
    """A meeting as `bagalau meeting show` prints it, with what the caller may do now."""

    id: int
    organisation: str
    cycle: int
    period: str
    date: dt.date
    place: str
    state: str
    state_label: str
    proposed_on: dt.date
    agreed_on: dt.date | None
    notified_on: dt.date | None
    order: OrderRefOut | None
    composition: list[SeatOut]
    quorum: QuorumOut
    items: list[ItemOut]
    protocol_number: str
    conclusion: str
    reason: str = Field(description="why it was cancelled or adjourned")
    approved_on: dt.date | None
    approved_by: str
    actions: list[MeetingAction] = Field(description="what the caller may do now")


class BodyOut(Schema):
    code: str
    name_kk: str
    name_ru: str


class ProtocolRowOut(Schema):
    number: int
    case: int
    servant: str
    position: str
    results: ResultsOut | None
    corrected: ResultsOut | None = Field(
        description="the result as corrected by the commission (if any), §38"
    )
    recommendation: str
    decided: bool


class SignatoryOut(Schema):
    role: str
    name: str
    present: bool | None


class ProtocolOut(Schema):
    """The protocol of the meeting (Annex 5); fixed when the meeting closes (§36)."""

    meeting: int
    number: str
    date: dt.date
    body: BodyOut
    period: str
    rows: list[ProtocolRowOut]
    conclusion: str
    signatories: list[SignatoryOut]
    approved_on: dt.date | None
    approved_by: str
    draft: bool


# --- outcomes of a case ---------------------------------------------------------------------


class CaseDecisionOut(DecisionOut):
    meeting: int


class CourtRefOut(Schema):
    id: int
    reference: str


class FinalResultsOut(Schema):
    """The results in force: approved (§39), as the commission revised them (§38), as a
    court changed them (§43)."""

    decision: int
    decided_on: dt.date
    kpi_rating: str | None
    kpi_source: Literal["sheet", "commission", "court"]
    competencies: dict[str, str]
    court: CourtRefOut | None


class RefusalActOut(Schema):
    id: int
    number: str
    drawn_up_on: dt.date
    statement: str
    hr_officer: PersonOut
    witnesses: list[PersonOut]
    delivered_on: dt.date
    delivered_via: list[str]
    delivery_due: dt.date


class AcquaintanceOut(Schema):
    """Acquaintance with the final results, due within 2 working days of the approval (§40,
    §41)."""

    id: int
    case: int
    decision: int
    state: str
    state_label: str
    due: dt.date
    acknowledged_at: dt.datetime | None
    on_paper: bool
    refusal_act: RefusalActOut | None


class AppealOut(Schema):
    """An appeal against the commission's decision (§42; 004: §43)."""

    id: int
    case: int
    decision: int
    state: str
    state_label: str
    hearing_body: str
    filed_on: dt.date
    last_day: dt.date
    grounds: str
    answered_on: dt.date | None
    answer_reference: str
    answer_note: str


class CourtCaseOut(Schema):
    """A court case over the evaluation and its decision (§43; 004: §44)."""

    id: int
    case: int
    court: str
    number: str
    filed_on: dt.date
    state: str
    state_label: str
    decided_on: dt.date | None
    reference: str
    kpi_rating: str | None
    competencies: dict[str, str]


class CaseOutcomeOut(Schema):
    case: int
    servant: PersonOut
    organisation: str
    cycle: int
    period: str
    decisions: list[CaseDecisionOut] = Field(description="every decision, oldest first")
    final: FinalResultsOut | None = Field(description="none until the approval (§39)")
    acquaintances: list[AcquaintanceOut]
    appeals: list[AppealOut]
    court_cases: list[CourtCaseOut]


# --- HR decisions (§7), notices, retention (§8) --------------------------------------------


class KpiSheetBasisOut(Schema):
    state: str
    achieved_count: int | None
    rating: str | None


class FinalKpiOut(Schema):
    rating: str | None
    source: Literal["sheet", "commission", "court"]
    decided_on: dt.date | None
    reference: str


class HrDecisionOut(Schema):
    """What HR decisions on a servant stand on: KPI results only (§7)."""

    case: int
    servant: int
    iin: str
    name: str
    position: str
    eligibility: str
    kpi_sheet: KpiSheetBasisOut | None
    final: FinalKpiOut | None
    basis_for: list[str] = Field(description="bonus, incentive; rotation, demotion, dismissal")
    flagged: bool = Field(description="unsatisfactory: rotation, demotion or dismissal")


class NoticeOut(Schema):
    id: int
    organisation: str
    kind: str
    subject: str
    body: str
    meeting: int | None
    case: int | None
    sent_at: dt.datetime
    emailed_to: str


class RetentionOut(Schema):
    """A cycle's completion and how long its papers are kept (§8)."""

    cycle: int
    organisation: str
    period: str
    completed_on: dt.date | None
    kept_until: dt.date | None
    expired: bool
    open: str | None = Field(description="what keeps an uncompleted cycle open")
