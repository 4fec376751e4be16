"""The commission's records, view-only for the operator: orders, meetings with their
attendance and agenda, votes, decisions and what followed them. Every change goes through
the commission's services (the API and the console)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    Attendance,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    Decision,
    Notice,
    RefusalAct,
    Vote,
)
from bagalau.core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline

CASE = ("case__servant", "case__cycle__organisation")
SERVANT_SEARCH = ("case__servant__iin", "case__servant__surname")


class SeatInline(ReadOnlyInline):
    model = CommissionSeat
    fields = ("number", "role", "servant")


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("servant", "present")


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("number", "case", "reason")


@admin.register(CommissionOrder)
class CommissionOrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "organisation", "signed_on", "effective_from", "amends")
    list_filter = ("organisation",)
    search_fields = ("number", "organisation__code")
    list_select_related = ("organisation", "amends")
    inlines = (SeatInline,)


@admin.register(CommissionMeeting)
class CommissionMeetingAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "cycle",
        "date",
        "state",
        "order",
        "protocol_number",
        "approved_on",
    )
    list_filter = ("state", "cycle__organisation")
    search_fields = ("cycle__organisation__code", "protocol_number")
    list_select_related = ("cycle__organisation", "order")
    date_hierarchy = "date"
    inlines = (AttendanceInline, AgendaItemInline)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("item", "member", "choice", "kpi_rating", "recorded_at")
    list_filter = ("choice", "item__meeting__cycle__organisation")
    search_fields = ("member__iin", "member__surname")
    list_select_related = ("item__meeting__cycle__organisation", "member")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        "case",
        "outcome",
        "state",
        "decided_on",
        "votes_for",
        "votes_cast",
        "chair_casting",
        "kpi_rating_original",
        "kpi_rating_revised",
    )
    list_filter = ("outcome", "state", "case__cycle__organisation")
    search_fields = SERVANT_SEARCH
    list_select_related = CASE


@admin.register(Acquaintance)
class AcquaintanceAdmin(ReadOnlyAdmin):
    list_display = ("case", "state", "due", "acknowledged_at", "on_paper")
    list_filter = ("state", "case__cycle__organisation")
    search_fields = SERVANT_SEARCH
    list_select_related = CASE


@admin.register(RefusalAct)
class RefusalActAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "servant", "drawn_up_on", "hr_officer", "delivered_on")
    search_fields = ("number", "acquaintance__case__servant__iin")
    list_select_related = ("acquaintance__case__servant", "hr_officer")

    @admin.display(description=_("servant"))
    def servant(self, act: RefusalAct):
        return act.acquaintance.case.servant


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("case", "hearing_body", "filed_on", "last_day", "state", "answered_on")
    list_filter = ("state", "hearing_body", "case__cycle__organisation")
    search_fields = SERVANT_SEARCH
    list_select_related = CASE


@admin.register(CourtCase)
class CourtCaseAdmin(ReadOnlyAdmin):
    list_display = ("case", "court", "number", "filed_on", "state", "decided_on", "kpi_rating")
    list_filter = ("state", "case__cycle__organisation")
    search_fields = ("number", *SERVANT_SEARCH)
    list_select_related = CASE


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "recipient", "organisation", "kind", "subject", "emailed_to")
    list_filter = ("kind", "organisation")
    search_fields = ("recipient__iin", "recipient__surname", "subject")
    list_select_related = ("recipient", "organisation")
