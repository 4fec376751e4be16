from django.contrib import admin

from bagalau.core.admin_readonly import ReadOnlyAdmin
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(ReadOnlyAdmin):
    list_display = (
        "organisation",
        "period_start",
        "period_end",
        "evaluation_date",
        "methodology_version",
        "opened_at",
    )
    list_filter = ("organisation",)
    list_select_related = ("organisation", "methodology_version")


@admin.register(EvaluationCase)
class EvaluationCaseAdmin(ReadOnlyAdmin):
    list_display = (
        "servant",
        "cycle",
        "position",
        "eligibility",
        "reason",
        "plan_due",
        "deferred_due",
    )
    list_filter = ("eligibility", "reason", "cycle__organisation")
    search_fields = ("servant__iin", "servant__surname")
    list_select_related = ("servant", "cycle__organisation", "position")
