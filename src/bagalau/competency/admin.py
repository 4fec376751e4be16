from django.contrib import admin

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline


class AssessmentInline(ReadOnlyInline):
    model = CompetencyAssessment
    fields = ("number", "competency", "row", "result")


@admin.register(CompetencySheet)
class CompetencySheetAdmin(ReadOnlyAdmin):
    list_display = ("case", "state", "category", "group", "commission_due")
    list_filter = ("state", "case__cycle__organisation")
    search_fields = ("case__servant__iin", "case__servant__surname")
    list_select_related = ("case__servant", "case__cycle__organisation")
    inlines = (AssessmentInline,)
