from django.contrib import admin

from bagalau.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan


class KpiInline(ReadOnlyInline):
    model = Kpi


class KpiResultInline(ReadOnlyInline):
    model = KpiResult


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ("case", "version", "state", "due", "resubmit_due", "approved_at")
    list_filter = ("state", "case__cycle__organisation")
    search_fields = ("case__servant__iin", "case__servant__surname")
    list_select_related = ("case__servant", "case__cycle__organisation")
    inlines = (KpiInline,)


@admin.register(QuarterlyReview)
class QuarterlyReviewAdmin(ReadOnlyAdmin):
    list_display = ("case", "year", "quarter", "recorded_at")
    list_select_related = ("case__servant", "case__cycle__organisation")


@admin.register(KpiSheet)
class KpiSheetAdmin(ReadOnlyAdmin):
    list_display = ("case", "state", "achieved_count", "rating", "commission_due")
    list_filter = ("state", "rating", "case__cycle__organisation")
    search_fields = ("case__servant__iin", "case__servant__surname")
    list_select_related = ("case__servant", "case__cycle__organisation")
    inlines = (KpiResultInline,)
