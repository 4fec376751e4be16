from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bagalau.evaluation.rules import Eligibility, EligibilityReason
from bagalau.methodology.models import MethodologyVersion
from bagalau.orgstructure.models import Appointment, Organisation, Position, Servant


class EvaluationCycle(models.Model):
    """An evaluation period of one state body (бағалау кезеңі), normally a calendar year.

    The methodology version in force for the body and period is fixed on the cycle when it
    is opened; every rule of the cycle is that version's.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
        verbose_name=_("state body"),
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    evaluation_date = models.DateField(
        _("evaluation date"),
        help_text=_("The day eligibility is judged on (§4); by default the period's last day."),
    )
    methodology_version = models.ForeignKey(
        MethodologyVersion,
        on_delete=models.PROTECT,
        related_name="evaluation_cycles",
        verbose_name=_("methodology version"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        ordering = ["organisation__code", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_start"], name="cycle_one_per_body_and_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="cycle_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        if (self.period_start.month, self.period_start.day) == (1, 1) and (
            self.period_end.month,
            self.period_end.day,
        ) == (12, 31):
            return str(self.period_start.year)
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"


class EvaluationCase(models.Model):
    """One servant's evaluation in one cycle: eligibility (§4), the position evaluated and the
    dates the documents are due."""

    cycle = models.ForeignKey(EvaluationCycle, on_delete=models.CASCADE, related_name="cases")
    servant = models.ForeignKey(Servant, on_delete=models.PROTECT, related_name="evaluation_cases")
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("position")
    )
    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eligibility = models.CharField(
        _("eligibility"),
        max_length=16,
        choices=[
            (Eligibility.INCLUDED, _("included")),
            (Eligibility.EXCLUDED, _("excluded")),
            (Eligibility.DEFERRED, _("deferred")),
        ],
    )
    reason = models.CharField(
        _("reason"),
        max_length=32,
        choices=[
            (EligibilityReason.IN_POSITION, _("in the position for the period")),
            (EligibilityReason.PROBATION, _("on probation")),
            (EligibilityReason.SHORT_TENURE, _("in the position less than 3 months")),
            (
                EligibilityReason.SHORT_SINCE_SOCIAL_LEAVE,
                _("less than 3 months since social leave"),
            ),
            (EligibilityReason.SHORT_SINCE_STUDY, _("less than 3 months since the end of study")),
            (EligibilityReason.ON_SOCIAL_LEAVE, _("on social leave")),
            (EligibilityReason.ON_STUDY, _("on study")),
            (EligibilityReason.ABSENT, _("absent when the evaluation takes place")),
            (EligibilityReason.LEFT, _('no longer in a "B" corps position of the body')),
        ],
    )
    paragraph = models.CharField(_("paragraph"), max_length=16, default="§4")
    counted_from = models.DateField(_("tenure counted from"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    absence_kind = models.CharField(_("absence"), max_length=32, blank=True)
    plan_start = models.DateField(_("plan period starts"))
    plan_due = models.DateField(_("work plan due"))
    deferred_due = models.DateField(_("deferred evaluation due"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluation case")
        verbose_name_plural = _("evaluation cases")
        ordering = ["cycle_id", "servant__surname", "servant__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "servant"], name="case_one_per_servant"),
        ]
        indexes = [models.Index(fields=["cycle", "position"])]

    def __str__(self) -> str:
        return f"{self.servant} — {self.cycle}"
