"""The operator's corrections to the calendar; every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from bagalau.workcalendar import services
from bagalau.workcalendar.models import CalendarDay, DayOrigin


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name_kk", "name_ru", "origin", "source")
    list_filter = ("kind", "origin")
    search_fields = ("name_kk", "name_ru", "source", "note")
    date_hierarchy = "date"
    ordering = ("-date",)
    readonly_fields = ("origin", "created_at", "updated_at")
    fields = ("date", "kind", "name_kk", "name_ru", "source", "note", *readonly_fields)

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return obj.date.strftime("%a")

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        services.calendar_day_save(day=obj, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        # A shipped fact is corrected by editing it (it then becomes the operator's row);
        # deleting it would only bring it back from the shipped data.
        if obj is not None and obj.origin == DayOrigin.SHIPPED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        restored = services.calendar_day_delete(day=obj, actor=request.user)
        if restored is not None:
            self.message_user(
                request,
                _("The shipped fact for %(date)s is back in force.") % {"date": restored.date},
                messages.INFO,
            )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        shipped = queryset.filter(origin=DayOrigin.SHIPPED).count()
        for day in queryset.exclude(origin=DayOrigin.SHIPPED):
            self.delete_model(request, day)
        if shipped:
            self.message_user(
                request,
                _("%(count)d shipped days were kept: edit a shipped day to correct it.")
                % {"count": shipped},
                messages.WARNING,
            )
