from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bagalau.orgstructure.rules import IinProblem, iin_problem

IIN_MESSAGES = {
    IinProblem.LENGTH: _("an IIN is exactly 12 digits"),
    IinProblem.CENTURY: _("the 7th digit of an IIN (century and sex) must be 1 to 6"),
    IinProblem.BIRTH_DATE: _("the first 6 digits of an IIN must be a date of birth (YYMMDD)"),
    IinProblem.CHECK_DIGIT: _("the check digit (12th) of the IIN does not match"),
}


def iin_message(problem: IinProblem) -> str:
    return str(IIN_MESSAGES[problem])


class OrganisationKind(models.TextChoices):
    AKIMAT_APPARATUS = "akimat_apparatus", _("akimat apparatus")
    MASLIKHAT_APPARATUS = "maslikhat_apparatus", _("maslikhat apparatus")
    CENTRAL = "central", _("central state body")
    OTHER = "other", _("other state body")


class Organisation(models.Model):
    """State body (мемлекеттік орган) whose servants are evaluated."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500)
    name_ru = models.CharField(_("name (Russian)"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Subdivision(models.Model):
    """Structural subdivision (құрылымдық бөлімше) of a state body."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="subdivisions"
    )
    code = models.CharField(_("code"), max_length=40)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500)
    name_ru = models.CharField(_("name (Russian)"), max_length=500)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # §5: the personnel service is the commission's working body (004: the Administrative
    # Work Department); its servants are the body's HR officers.
    is_personnel_service = models.BooleanField(_("personnel service"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("structural subdivision")
        verbose_name_plural = _("structural subdivisions")
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="subdivision_code_unique",
                violation_error_message=_("The body already has a subdivision with this code."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="subdivision_not_own_parent",
                violation_error_message=_("A subdivision cannot contain itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_ru}"

    def clean(self) -> None:
        errors = {}
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A subdivision cannot contain itself.")
        same_code = Subdivision.objects.filter(organisation_id=self.organisation_id, code=self.code)
        if self.organisation_id and same_code.exclude(pk=self.pk).exists():
            errors["code"] = _("The body already has a subdivision with this code.")
        if errors:
            raise ValidationError(errors)


class Position(models.Model):
    """Position (лауазым): its category, role and the position it reports to."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="positions"
    )
    code = models.CharField(_("code"), max_length=40)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    subdivision = models.ForeignKey(
        Subdivision, null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    # Blank for a position outside the "B" corps (political or "A" corps), not evaluated.
    category = models.CharField(_("category"), max_length=16, blank=True)
    # Annex 4 rows are keyed by category and role: "E-3 (head of structural subdivision)".
    heads_subdivision = models.BooleanField(_("heads a structural subdivision"), default=False)
    # Annex 3: without public services the two starred competencies are not evaluated.
    provides_public_services = models.BooleanField(_("provides public services"), default=True)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subordinates"
    )
    # §5: a person charged with HR duties where there is no personnel service.
    hr_duties = models.BooleanField(_("HR duties"), default=False)
    # §5: the official with the right to appoint and dismiss; the first head if none.
    is_authorized_person = models.BooleanField(_("authorized person"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="position_code_unique",
                violation_error_message=_("The body already has a position with this code."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_authorized_person=True),
                name="one_authorized_person_per_body",
                violation_error_message=_("The body already has an authorized person (§5)."),
            ),
            models.CheckConstraint(
                condition=~Q(reports_to=F("id")),
                name="position_not_own_supervisor",
                violation_error_message=_("A position cannot report to itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_ru}"

    def clean(self) -> None:
        errors = {}
        if self.pk and self.reports_to_id == self.pk:
            errors["reports_to"] = _("A position cannot report to itself.")
        same_code = Position.objects.filter(organisation_id=self.organisation_id, code=self.code)
        if self.organisation_id and same_code.exclude(pk=self.pk).exists():
            errors["code"] = _("The body already has a position with this code.")
        if self.is_authorized_person and self.organisation_id:
            others = Position.objects.filter(
                organisation_id=self.organisation_id, is_authorized_person=True
            ).exclude(pk=self.pk)
            if others.exists():
                errors["is_authorized_person"] = _(
                    "The body already has an authorized person (§5)."
                )
        if errors:
            raise ValidationError(errors)


class Servant(models.Model):
    """Administrative civil servant of the "B" corps (қызметші), one per IIN."""

    iin = models.CharField(_("IIN"), max_length=12, unique=True)
    surname = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="servant",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("servant")
        verbose_name_plural = _("servants")
        ordering = ["surname", "first_name", "patronymic"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """Surname and initials, as signature blocks write them ("Асанов А.Б.")."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.surname} {initials}".strip()

    def clean(self) -> None:
        problem = iin_problem(self.iin)
        if problem:
            raise ValidationError({"iin": iin_message(problem)})


class Appointment(models.Model):
    """A servant's tenure in a position (лауазымға тағайындау), with any probation."""

    servant = models.ForeignKey(Servant, on_delete=models.CASCADE, related_name="appointments")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="appointments")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"), null=True, blank=True)
    # §4: a servant on probation is not evaluated.
    probation_end = models.DateField(_("probation ends"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["position", "-date_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["servant", "position", "date_from"],
                name="appointment_unique",
                violation_error_message=_("This appointment is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(date_to__isnull=True) | Q(date_to__gte=F("date_from")),
                name="appointment_dates_in_order",
                violation_error_message=_("An appointment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(probation_end__isnull=True) | Q(probation_end__gte=F("date_from")),
                name="probation_after_appointment",
                violation_error_message=_("Probation cannot end before the appointment starts."),
            ),
        ]
        indexes = [models.Index(fields=["position", "date_from"])]

    def __str__(self) -> str:
        return f"{self.servant} → {self.position.code} {self.date_from}"

    def clean(self) -> None:
        errors = {}
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = _("An appointment cannot end before it starts.")
        if self.date_from and self.probation_end and self.probation_end < self.date_from:
            errors["probation_end"] = _("Probation cannot end before the appointment starts.")
        if errors:
            raise ValidationError(errors)


class AbsenceKind(models.TextChoices):
    # §4: servants absent for these reasons are evaluated within 5 working days of return.
    ANNUAL_LEAVE = "annual_leave", _("annual leave")
    UNPAID_LEAVE = "unpaid_leave", _("unpaid leave")
    SICK_LEAVE = "sick_leave", _("sick leave")
    BUSINESS_TRIP = "business_trip", _("business trip")
    INTERNSHIP = "internship", _("internship")
    RETRAINING = "retraining", _("retraining")
    ADVANCED_TRAINING = "advanced_training", _("advanced training")
    # §4: the 3 months of tenure count again from return from social leave, or from the
    # end of study (оқуды аяқтағаннан кейін).
    SOCIAL_LEAVE = "social_leave", _("social leave")
    STUDY = "study", _("study")


class Absence(models.Model):
    """A servant's absence from work (leave, sick leave, business trip, training)."""

    servant = models.ForeignKey(Servant, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("kind"), max_length=32, choices=AbsenceKind.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["servant", "-date_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["servant", "kind", "date_from"],
                name="absence_unique",
                violation_error_message=_("This absence is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="absence_dates_in_order",
                violation_error_message=_("An absence cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.servant} {self.kind} {self.date_from}–{self.date_to}"

    def clean(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": _("An absence cannot end before it starts.")})
