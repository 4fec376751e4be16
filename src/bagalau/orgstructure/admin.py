from django.contrib import admin

from bagalau.orgstructure.models import (
    Absence,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
)
from bagalau.orgstructure.services import structure_delete, structure_save


class AuditedAdmin(admin.ModelAdmin):
    """Admin writes go through the app's service, so they are validated and audited."""

    def save_model(self, request, obj, form, change):
        structure_save(obj=obj, actor=request.user, channel="admin")

    def delete_model(self, request, obj):
        structure_delete(obj=obj, actor=request.user, channel="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("code", "name_kk", "name_ru", "kind")
    search_fields = ("code", "name_kk", "name_ru")
    list_filter = ("kind",)


@admin.register(Subdivision)
class SubdivisionAdmin(AuditedAdmin):
    list_display = ("code", "name_kk", "organisation", "parent", "is_personnel_service")
    list_filter = ("organisation", "is_personnel_service")
    search_fields = ("code", "name_kk", "name_ru")
    list_select_related = ("organisation", "parent")
    autocomplete_fields = ("parent",)


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = (
        "code",
        "title_kk",
        "organisation",
        "category",
        "heads_subdivision",
        "provides_public_services",
        "reports_to",
    )
    list_filter = ("organisation", "category", "heads_subdivision", "provides_public_services")
    search_fields = ("code", "title_kk", "title_ru")
    list_select_related = ("organisation", "reports_to")
    autocomplete_fields = ("subdivision", "reports_to")


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ("position",)
    readonly_fields = ("position", "date_from", "date_to", "probation_end")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # added on their own page, so each one is validated and audited


@admin.register(Servant)
class ServantAdmin(AuditedAdmin):
    list_display = ("surname", "first_name", "patronymic", "iin", "user")
    search_fields = ("iin", "surname", "first_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    inlines = (AppointmentInline,)


@admin.register(Appointment)
class AppointmentAdmin(AuditedAdmin):
    list_display = ("servant", "position", "date_from", "date_to", "probation_end")
    list_filter = ("position__organisation",)
    search_fields = ("servant__iin", "servant__surname", "position__code")
    list_select_related = ("servant", "position")
    autocomplete_fields = ("servant", "position")


@admin.register(Absence)
class AbsenceAdmin(AuditedAdmin):
    list_display = ("servant", "kind", "date_from", "date_to")
    list_filter = ("kind",)
    search_fields = ("servant__iin", "servant__surname")
    list_select_related = ("servant",)
    autocomplete_fields = ("servant",)
