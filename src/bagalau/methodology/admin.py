from django.contrib import admin

from bagalau.methodology.models import MethodologyVersion
from bagalau.orgstructure.admin import AuditedAdmin


@admin.register(MethodologyVersion)
class MethodologyVersionAdmin(AuditedAdmin):
    list_display = (
        "code",
        "organisation",
        "kind",
        "act_number",
        "act_date",
        "effective_from",
        "effective_to",
        "parent",
    )
    list_filter = ("kind", "organisation")
    search_fields = ("code", "act_number", "act_title_kk")
    list_select_related = ("organisation", "parent")
    autocomplete_fields = ("organisation", "parent")
