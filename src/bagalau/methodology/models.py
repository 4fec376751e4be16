from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bagalau.methodology.rules import parameter_problems
from bagalau.orgstructure.models import Organisation


class VersionKind(models.TextChoices):
    FULL = "full", _("full methodology")
    AMENDMENT = "amendment", _("amendment")
    # The base act of an amendment whose text is not at hand; its rules are assumed.
    ASSUMED_BASE = "assumed_base", _("assumed base act")
    # A body's own act taking another version's rules, stating only what it changes.
    ADOPTED = "adopted", _("adopted from another version")


class MethodologyVersion(models.Model):
    """A version of a body's evaluation methodology (бағалау әдістемесі), from its legal act.

    `parameters` holds what this act states; an amendment holds only what it changes and
    names the version it amends as `parent`. The rules in force merge the chain.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="methodology_versions",
        help_text=_("Empty for a template that bodies adopt."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=VersionKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    act_issuer_kk = models.CharField(_("issuer (Kazakh)"), max_length=500)
    act_issuer_ru = models.CharField(_("issuer (Russian)"), max_length=500, blank=True)
    act_kind_kk = models.CharField(_("kind of act (Kazakh)"), max_length=64, blank=True)
    act_kind_ru = models.CharField(_("kind of act (Russian)"), max_length=64, blank=True)
    act_title_kk = models.TextField(_("title (Kazakh)"))
    act_title_ru = models.TextField(_("title (Russian)"), blank=True)
    act_number = models.CharField(_("act number"), max_length=32)
    act_date = models.DateField(_("act date"))
    registry_number = models.CharField(_("registry number"), max_length=32, blank=True)
    entry_into_force = models.TextField(_("entry into force"), blank=True)
    source_file = models.CharField(_("source text"), max_length=100, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    repealed_by = models.JSONField(_("repealed by"), null=True, blank=True)
    assumptions = models.JSONField(_("assumptions"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["organisation__code", "effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="methodology_effective_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="methodology_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} (№ {self.act_number}, {self.act_date:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.kind in (VersionKind.AMENDMENT, VersionKind.ADOPTED) and self.parent_id is None:
            errors.setdefault("parent", []).append(_("An amendment names the version it amends."))
        if self.parent_id is None:
            problems = parameter_problems(self.parameters or {}, complete=True)
        else:
            problems = parameter_problems(self.parameters or {}, complete=False)
        if problems:
            errors["parameters"] = problems
        if self.effective_to and self.effective_to < self.effective_from:
            errors.setdefault("effective_to", []).append(
                _("A version cannot end before it takes effect.")
            )
        if errors:
            raise ValidationError(errors)


class CatalogueRevision(models.Model):
    """A revision of a version's Annex 4, the behavioural indicators of the competencies
    (құзыреттердің мінез-құлық индикаторлары), with the competency names of Annex 3.

    Revisions are never changed: a changed catalogue file is loaded as a new revision, and a
    competency sheet keeps the revision it was built from.
    """

    version = models.ForeignKey(
        MethodologyVersion,
        on_delete=models.PROTECT,
        related_name="catalogue_revisions",
        verbose_name=_("methodology version"),
    )
    number = models.PositiveIntegerField(_("revision"))
    digest = models.CharField(_("content digest"), max_length=64)
    source = models.CharField(_("source"), max_length=16)  # shipped | admin | api
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    extracted_for = models.CharField(_("extracted for version"), max_length=60, blank=True)
    source_file = models.CharField(_("source text"), max_length=100, blank=True)
    translation_ru = models.TextField(_("about the Russian wording"), blank=True)
    notes = models.JSONField(_("cleanings and oddities"), default=list, blank=True)
    created_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        verbose_name = _("competency catalogue revision")
        verbose_name_plural = _("competency catalogue revisions")
        ordering = ["version__code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="catalogue_revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version.code} Annex 4 r{self.number}"


class CatalogueCompetency(models.Model):
    """One of the 11 competencies (құзырет) as a catalogue revision names it."""

    revision = models.ForeignKey(
        CatalogueRevision, on_delete=models.CASCADE, related_name="competencies"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=40)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    annex3_kk = models.CharField(_("name in Annex 3"), max_length=200, blank=True)
    annex4_kk = models.CharField(_("heading in Annex 4"), max_length=200, blank=True)
    public_services_only = models.BooleanField(_("only for public services"), default=False)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["revision_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "code"], name="catalogue_competency_unique")
        ]

    def __str__(self) -> str:
        return self.name_kk


class CatalogueRow(models.Model):
    """The indicators of one competency for one Annex 4 row (category group)."""

    competency = models.ForeignKey(
        CatalogueCompetency, on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveSmallIntegerField(_("number"))
    group = models.CharField(_("category group"), max_length=60)
    categories_kk = models.TextField(_("categories as printed"), blank=True)
    categories = models.JSONField(_("categories of this row"), null=True, blank=True)

    class Meta:
        verbose_name = _("Annex 4 row")
        verbose_name_plural = _("Annex 4 rows")
        ordering = ["competency_id", "position"]

    def __str__(self) -> str:
        return f"{self.competency.code} / {self.group}"


class BehaviouralIndicator(models.Model):
    """A behavioural indicator (мінез-құлық индикаторы): effective and ineffective wording."""

    row = models.ForeignKey(CatalogueRow, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("number"))
    effective_kk = models.TextField(_("effective (Kazakh)"), blank=True)
    ineffective_kk = models.TextField(_("ineffective (Kazakh)"), blank=True)
    effective_ru = models.TextField(_("effective (Russian)"), blank=True)
    ineffective_ru = models.TextField(_("ineffective (Russian)"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("behavioural indicator")
        verbose_name_plural = _("behavioural indicators")
        ordering = ["row_id", "position"]

    def __str__(self) -> str:
        return self.effective_kk or self.ineffective_kk
