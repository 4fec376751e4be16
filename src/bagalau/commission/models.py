"""The evaluation commission and what follows its decisions (§5, §29–§44, §8).

Orders form the commission (бағалау комиссиясы); meetings (отырыс) hear the cases put before
it, with attendance, open votes by name and a decision per case; the protocol (хаттама,
Annex 5) is fixed on closing and approved by the authorized person. Then each servant is
acquainted with the results (танысу) or an act of refusal is drawn up, may appeal
(шағымдану) and may go to court.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bagalau.commission.workflow import (
    AcquaintanceState as AQ,
)
from bagalau.commission.workflow import (
    AppealState as AP,
)
from bagalau.commission.workflow import (
    CourtState as CS,
)
from bagalau.commission.workflow import (
    MeetingState,
)
from bagalau.core.messages import register_state_labels
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.kpi.models import RATINGS
from bagalau.orgstructure.models import Organisation, Servant

USER = settings.AUTH_USER_MODEL


class CommissionOrder(models.Model):
    """An order of the authorized person forming the commission (§5) or amending its
    composition (§31). Each order states the whole composition in force from its date; an
    amending order names the order it amends, and the earlier compositions are kept."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commission_orders"
    )
    number = models.CharField(_("order number"), max_length=32)
    signed_on = models.DateField(_("order date"))
    effective_from = models.DateField(_("composition in force from"))
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("amends the order"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("commission order")
        verbose_name_plural = _("commission orders")
        ordering = ["organisation_id", "effective_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number", "signed_on"], name="commission_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.signed_on:%Y-%m-%d})"


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary (does not vote)")


class CommissionSeat(models.Model):
    """A person's place on the commission by one order."""

    order = models.ForeignKey(CommissionOrder, on_delete=models.CASCADE, related_name="seats")
    servant = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=SeatRole.choices)
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        verbose_name = _("commission seat")
        verbose_name_plural = _("commission seats")
        ordering = ["order_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "servant"], name="seat_once_per_order"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(role="chair"), name="seat_one_chair"
            ),
            models.UniqueConstraint(
                fields=["order"], condition=Q(role="secretary"), name="seat_one_secretary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.role} {self.servant_id}"


MEETING_STATES = [
    (MeetingState.PROPOSED, _("proposed, awaiting the chair's agreement")),
    (MeetingState.SCHEDULED, _("scheduled")),
    (MeetingState.IN_SESSION, _("in session")),
    (MeetingState.ADJOURNED, _("adjourned without decisions")),
    (MeetingState.CLOSED, _("closed, awaiting approval")),
    (MeetingState.APPROVED, _("approved by the authorized person")),
    (MeetingState.CANCELLED, _("cancelled")),
]
register_state_labels("commission_meeting", MEETING_STATES)


class CommissionMeeting(models.Model):
    """A meeting of the commission (§29–§39) and its protocol (Annex 5)."""

    cycle = models.ForeignKey(
        EvaluationCycle, on_delete=models.CASCADE, related_name="commission_meetings"
    )
    date = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=MEETING_STATES)
    # The composition the meeting sits with: the order in force on its date, fixed when the
    # meeting opens.
    order = models.ForeignKey(
        CommissionOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_on = models.DateField(_("agreed by the chair on"), null=True, blank=True)
    notified_on = models.DateField(_("participants notified on"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    protocol_number = models.CharField(_("protocol number"), max_length=32, blank=True)
    conclusion = models.TextField(_("the commission's conclusion"), blank=True)
    protocol = models.JSONField(_("protocol as fixed"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField(_("approved by"), max_length=300, blank=True)
    cancel_reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commission meeting")
        verbose_name_plural = _("commission meetings")
        ordering = ["cycle_id", "date", "pk"]
        indexes = [models.Index(fields=["cycle", "state"])]

    def __str__(self) -> str:
        return f"{self.cycle.organisation.code} {self.date:%Y-%m-%d}"


class Attendance(models.Model):
    """A voting member's presence at a meeting (§30). The secretary is not counted (§34)."""

    meeting = models.ForeignKey(
        CommissionMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    servant = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "servant"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.servant_id} {'present' if self.present else 'absent'}"


class AgendaReason(models.TextChoices):
    FIRST = "first", _("results put before the commission (§24, §28)")
    APPEAL = "appeal", _("review after an upheld appeal (§42)")


class AgendaItem(models.Model):
    """A case on a meeting's agenda: its sheets, put before the commission by HR."""

    meeting = models.ForeignKey(CommissionMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.CharField(_("why on the agenda"), max_length=16, choices=AgendaReason.choices)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("approve the results")
    REVISE = "revise", _("revise the results")
    RECUSED = "recused", _("does not vote: conflict of interest")


class Vote(models.Model):
    """A member's open vote on one case, by name (§32), or their recusal."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=16, choices=VoteChoice.choices)
    kpi_rating = models.CharField(
        _("corrected KPI rating"), max_length=16, choices=RATINGS, blank=True
    )
    competency_results = models.JSONField(
        _("corrected competency results"), default=dict, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["item_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="vote_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.member_id} {self.choice}"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approve", _("results approved")
    REVISED = "revise", _("results revised")


class DecisionState(models.TextChoices):
    TAKEN = "taken", _("taken, the protocol not yet approved")
    FINAL = "final", _("final: the protocol approved (§39)")
    CANCELLED = "cancelled", _("cancelled on appeal, to be reviewed (§42)")


class Decision(models.Model):
    """The commission's decision on one case (§33, §37, §38). The results as the sheets gave
    them are kept beside the results as corrected, never overwritten."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    state = models.CharField(_("state"), max_length=16, choices=DecisionState.choices)
    decided_on = models.DateField(_("decided on"))
    kpi_rating_original = models.CharField(
        _("KPI rating on the sheet"), max_length=16, choices=RATINGS, blank=True
    )
    kpi_achieved_original = models.PositiveSmallIntegerField(null=True, blank=True)
    kpi_rating_revised = models.CharField(
        _("KPI rating as corrected"), max_length=16, choices=RATINGS, blank=True
    )
    competency_original = models.JSONField(
        _("competency results on the sheet"), default=dict, blank=True
    )
    competency_revised = models.JSONField(
        _("competency results as corrected"), default=dict, blank=True
    )
    recommendation = models.TextField(_("the commission's recommendations"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for the decision"))
    votes_cast = models.PositiveSmallIntegerField(_("votes cast"))
    chair_casting = models.BooleanField(_("decided by the chair's casting vote"), default=False)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("commission decision")
        verbose_name_plural = _("commission decisions")
        ordering = ["case_id", "decided_on", "pk"]
        indexes = [models.Index(fields=["case", "state"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome} ({self.decided_on:%Y-%m-%d})"

    @property
    def kpi_rating_final(self) -> str:
        return self.kpi_rating_revised or self.kpi_rating_original

    @property
    def competency_final(self) -> dict[str, str]:
        return {**self.competency_original, **self.competency_revised}


class AcquaintanceState(models.TextChoices):
    PENDING = AQ.PENDING, _("awaiting acquaintance")
    ACKNOWLEDGED = AQ.ACKNOWLEDGED, _("acquainted in writing")
    REFUSED = AQ.REFUSED, _("refused; act of refusal drawn up")


class Acquaintance(models.Model):
    """The servant's acquaintance with the final results (§40–§41), due within 2 working days
    of the approval."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="acquaintance")
    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="acquaintances")
    state = models.CharField(_("state"), max_length=16, choices=AcquaintanceState.choices)
    due = models.DateField(_("due"))
    acknowledged_at = models.DateTimeField(_("acquainted at"), null=True, blank=True)
    on_paper = models.BooleanField(_("signed on paper, recorded by HR"), default=False)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("acquaintance with the results")
        verbose_name_plural = _("acquaintances with the results")
        ordering = ["case_id", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.state}"


class RefusalAct(models.Model):
    """The act of refusal to be acquainted with the results (§41), signed by the HR officer
    and two other servants of the body."""

    acquaintance = models.OneToOneField(
        Acquaintance, on_delete=models.CASCADE, related_name="refusal_act"
    )
    number = models.CharField(_("act number"), max_length=32, blank=True)
    drawn_up_on = models.DateField(_("drawn up on"))
    statement = models.TextField(_("what happened"))
    hr_officer = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    witness_one = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    witness_two = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField(_("results sent on"))
    delivered_via = models.JSONField(_("results sent through"), default=list, blank=True)
    delivery_due = models.DateField(_("results due to be sent by"))

    class Meta:
        verbose_name = _("act of refusal")
        verbose_name_plural = _("acts of refusal")

    def __str__(self) -> str:
        return f"№ {self.number or self.pk} ({self.drawn_up_on:%Y-%m-%d})"


class AppealState(models.TextChoices):
    FILED = AP.FILED, _("filed, awaiting the answer")
    UPHELD = AP.UPHELD, _("upheld: the decision to be cancelled and the result reviewed")
    REJECTED = AP.REJECTED, _("the result left unchanged")


class Appeal(models.Model):
    """A servant's appeal against the commission's decision (§42; 004: §43)."""

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="appeals")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="appeals")
    hearing_body = models.CharField(_("heard by"), max_length=32)
    filed_on = models.DateField(_("filed on"))
    last_day = models.DateField(_("last day to appeal"))
    grounds = models.TextField(_("grounds"))
    state = models.CharField(_("state"), max_length=16, choices=AppealState.choices)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reference = models.CharField(_("answer reference"), max_length=200, blank=True)
    answer_note = models.TextField(_("answer"), blank=True)
    filed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case_id", "filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: appeal of {self.filed_on:%Y-%m-%d}"


class CourtState(models.TextChoices):
    PENDING = CS.PENDING, _("before the court")
    UNCHANGED = CS.UNCHANGED, _("decided: the result stands")
    CHANGED = CS.CHANGED, _("decided: the result changed")


class CourtCase(models.Model):
    """A servant's court case about the evaluation (§43; 004: §44), and its outcome. A court
    decision that changes the result is applied with a reference to it."""

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="court_cases")
    court = models.CharField(_("court"), max_length=300)
    number = models.CharField(_("court case number"), max_length=100)
    filed_on = models.DateField(_("filed on"))
    state = models.CharField(_("state"), max_length=16, choices=CourtState.choices)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference = models.CharField(_("court decision"), max_length=300, blank=True)
    kpi_rating = models.CharField(
        _("KPI rating as the court decided"), max_length=16, choices=RATINGS, blank=True
    )
    competency_results = models.JSONField(
        _("competency results as the court decided"), default=dict
    )
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("court case")
        verbose_name_plural = _("court cases")
        ordering = ["case_id", "filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.court} № {self.number}"


class Notice(models.Model):
    """A notice the system gives a person (the schedule, §29; the results, §40–§41), kept as
    the proof of delivery and e-mailed where the person has an address."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Servant, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=32)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    meeting = models.ForeignKey(
        CommissionMeeting, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    case = models.ForeignKey(
        EvaluationCase, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    sent_at = models.DateTimeField(_("sent at"))
    emailed_to = models.CharField(_("e-mailed to"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.subject}"


register_state_labels("acquaintance", AcquaintanceState.choices)
register_state_labels("appeal", AppealState.choices)
register_state_labels("court_case", CourtState.choices)
