from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bagalau.core.messages import register_state_labels
from bagalau.evaluation.models import EvaluationCase
from bagalau.kpi.rules import Achievement, KpiRating, KpiSource
from bagalau.kpi.workflow import PlanState, SheetState

PLAN_STATES = [
    (PlanState.DRAFT, _("draft")),
    (PlanState.SUBMITTED, _("submitted for approval")),
    (PlanState.RETURNED, _("returned for rework")),
    (PlanState.APPROVED, _("approved")),
    (PlanState.SUPERSEDED, _("superseded by a newer version")),
]
SHEET_STATES = [
    (SheetState.DRAFT, _("draft")),
    (SheetState.SIGNED, _("signed by the direct supervisor")),
    (SheetState.RETURNED, _("returned for rework")),
    (SheetState.AGREED, _("agreed by the superior supervisor")),
    (SheetState.WITH_COMMISSION, _("before the commission")),
]
SOURCES = [
    (KpiSource.STRATEGIC_PLAN, _("strategic plan")),
    (KpiSource.MEMORANDUM, _("memorandum of a political servant")),
    (KpiSource.A_CORPS_AGREEMENT, _('agreement of an "A" corps servant')),
    (KpiSource.WORK_SPECIFICS, _("specifics of the servant's work")),
]
ACHIEVEMENTS = [
    (Achievement.AT_LEAST, _("at least the planned value")),
    (Achievement.AT_MOST, _("at most the planned value")),
    (Achievement.EXACTLY, _("exactly the planned value")),
    (Achievement.BY_DEADLINE, _("done by the deadline")),
]
register_state_labels("work_plan", PLAN_STATES)
register_state_labels("kpi_sheet", SHEET_STATES)

RATINGS = [
    (KpiRating.EXCELLENT, _("excellent")),
    (KpiRating.EFFECTIVE, _("effective")),
    (KpiRating.SATISFACTORY, _("satisfactory")),
    (KpiRating.UNSATISFACTORY, _("unsatisfactory")),
]


class WorkPlan(models.Model):
    """Individual work plan (жеке жұмыс жоспары, Annex 1): the servant's 5 KPIs (§9–§15).

    An approved plan is locked; a change is a new version approved again, the earlier kept.
    """

    case = models.ForeignKey(EvaluationCase, on_delete=models.CASCADE, related_name="work_plans")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=PLAN_STATES)
    period_start = models.DateField(_("plan period starts"))
    period_end = models.DateField(_("plan period ends"))
    due = models.DateField(_("due"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The servant's signature on the approved plan (Annex 1): they have seen it.
    acknowledged_at = models.DateTimeField(_("seen by the servant"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    resubmit_due = models.DateField(_("resubmission due"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["case_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="work_plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} — plan v{self.version}"


class Kpi(models.Model):
    """A target indicator (нысаналы мақсатты индикатор, НМИ) of a work plan (§13)."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="kpis")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.TextField(_("indicator"))
    source = models.CharField(_("derived from"), max_length=24, choices=SOURCES, blank=True)
    source_reference = models.TextField(_("reference to the source"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    planned_value = models.DecimalField(
        _("planned value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    achievement = models.CharField(
        _("achievement judged"), max_length=16, choices=ACHIEVEMENTS, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    key_result = models.TextField(_("key result (expected positive change)"), blank=True)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="kpi_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class QuarterlyReview(models.Model):
    """Quarterly monitoring of KPI progress with written recommendations to the servant (§16)."""

    case = models.ForeignKey(
        EvaluationCase, on_delete=models.CASCADE, related_name="quarterly_reviews"
    )
    plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    progress = models.JSONField(_("progress per KPI"), default=list)
    recommendations = models.TextField(_("written recommendations"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The servant has seen the recommendations; cleared when the quarter is recorded again.
    acknowledged_at = models.DateTimeField(_("seen by the servant"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarterly review")
        verbose_name_plural = _("quarterly reviews")
        ordering = ["case_id", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "year", "quarter"], name="quarterly_review_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.year} Q{self.quarter}"


class KpiSheet(models.Model):
    """KPI evaluation sheet (НМИ бойынша бағалау парағы, Annex 2) (§17–§24)."""

    case = models.OneToOneField(EvaluationCase, on_delete=models.CASCADE, related_name="kpi_sheet")
    plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=SHEET_STATES)
    achieved_count = models.PositiveSmallIntegerField(_("KPIs achieved"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=16, choices=RATINGS, blank=True)
    signed_at = models.DateTimeField(_("signed by the direct supervisor"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("seen by the servant"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("signed by the superior supervisor"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    resubmit_due = models.DateField(_("resubmission due"), null=True, blank=True)
    commission_due = models.DateField(_("due before the commission"), null=True, blank=True)
    to_commission_at = models.DateTimeField(_("put before the commission"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("KPI evaluation sheet")
        verbose_name_plural = _("KPI evaluation sheets")

    def __str__(self) -> str:
        return f"{self.case} — KPI sheet"


class KpiResult(models.Model):
    """A KPI's year-end result on the sheet: actual value, evidence, achieved or not (§18)."""

    sheet = models.ForeignKey(KpiSheet, on_delete=models.CASCADE, related_name="results")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    actual_value = models.DecimalField(
        _("actual value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence of achievement"), blank=True)
    proposed = models.BooleanField(_("proposed as achieved"), null=True, blank=True)
    achieved = models.BooleanField(_("achieved"), null=True, blank=True)

    class Meta:
        verbose_name = _("KPI result")
        verbose_name_plural = _("KPI results")
        ordering = ["sheet_id", "kpi__number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "kpi"], name="kpi_result_unique")]

    def __str__(self) -> str:
        return f"{self.kpi} — {self.achieved}"
