"""A view-only admin: documents that change only through their workflow services."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to the operator for inspection; every change goes through a service, which
    checks the workflow and audits it (the API and the console are the ways to act)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
