"""The operator's calendar days: facts that win over the `holidays` package."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("day off")  # демалыс күні
    WORKING_DAY = "working_day", _("working day")  # жұмыс күні


class DayOrigin(models.TextChoices):
    SHIPPED = "shipped", _("shipped with Bagalau")
    OPERATOR = "operator", _("entered by an operator")


class CalendarDay(models.Model):
    """A day of the production calendar (өндірістік күнтізбе күні): off or working, and why.

    A row decides the day whatever the `holidays` package says: kind "day_off" makes it a
    non-working day, "working_day" a working day (a weekend day worked for a moved day off).
    `source` names the act (law, decree, order) the fact comes from. Rows of origin
    "shipped" come from data/kz_calendar.json; any edit in the admin makes a row the
    operator's, and the loader never overwrites those.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("The act this fact comes from.")
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=DayOrigin.choices, default=DayOrigin.OPERATOR
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ("date",)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values),
                name="workcalendar_calendarday_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=DayOrigin.values),
                name="workcalendar_calendarday_origin_valid",
            ),
        )

    def __str__(self) -> str:
        name = self.name_kk or self.name_ru
        return f"{self.date.isoformat()} {self.get_kind_display()}" + (f" ({name})" if name else "")

    @property
    def is_working(self) -> bool:
        return self.kind == DayKind.WORKING_DAY
