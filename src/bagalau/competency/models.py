from django.db import models
from django.utils.translation import gettext_lazy as _

from bagalau.competency.rules import CompetencyResult
from bagalau.competency.workflow import CompetencySheetState
from bagalau.core.messages import register_state_labels
from bagalau.evaluation.models import EvaluationCase
from bagalau.methodology.models import (
    BehaviouralIndicator,
    CatalogueCompetency,
    CatalogueRevision,
    CatalogueRow,
)

SHEET_STATES = [
    (CompetencySheetState.DRAFT, _("draft")),
    (CompetencySheetState.SIGNED, _("signed by the direct supervisor")),
    (CompetencySheetState.WITH_COMMISSION, _("before the commission")),
]
register_state_labels("competency_sheet", SHEET_STATES)
RESULTS = [
    (CompetencyResult.MEETS, _("meets expectations")),
    (CompetencyResult.DOES_NOT_MEET, _("does not meet expectations")),
]


class CompetencySheet(models.Model):
    """Competency evaluation sheet (құзыреттер бойынша бағалау парағы, Annex 3) (§25–§28).

    Built once from the catalogue revision in force under the cycle's methodology version,
    for the position's category, head flag and public-service duties; a later catalogue
    revision does not change it.
    """

    case = models.OneToOneField(
        EvaluationCase, on_delete=models.CASCADE, related_name="competency_sheet"
    )
    revision = models.ForeignKey(
        CatalogueRevision, on_delete=models.PROTECT, related_name="+", verbose_name=_("Annex 4")
    )
    category = models.CharField(_("category"), max_length=16)
    heads_subdivision = models.BooleanField(_("heads a structural subdivision"))
    provides_public_services = models.BooleanField(_("provides public services"))
    group = models.CharField(_("category group"), max_length=60)
    state = models.CharField(_("state"), max_length=16, choices=SHEET_STATES)
    signed_at = models.DateTimeField(_("signed by the direct supervisor"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("seen by the servant"), null=True, blank=True)
    commission_due = models.DateField(_("due before the commission"), null=True, blank=True)
    to_commission_at = models.DateTimeField(_("put before the commission"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competency sheet")
        verbose_name_plural = _("competency sheets")

    def __str__(self) -> str:
        return f"{self.case} — competency sheet"


class CompetencyAssessment(models.Model):
    """One competency on a sheet: the indicators shown, and the §27 result."""

    sheet = models.ForeignKey(CompetencySheet, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    competency = models.ForeignKey(CatalogueCompetency, on_delete=models.PROTECT, related_name="+")
    row = models.ForeignKey(CatalogueRow, on_delete=models.PROTECT, related_name="+")
    shown = models.ManyToManyField(
        BehaviouralIndicator, blank=True, related_name="+", verbose_name=_("indicators shown")
    )
    result = models.CharField(_("result"), max_length=16, choices=RESULTS, blank=True)

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["sheet_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="assessment_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.competency}"
