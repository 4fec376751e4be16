from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "bagalau.workcalendar"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        # Every fresh database gets Kazakhstan's calendar facts (data/kz_calendar.json).
        post_migrate.connect(
            load_shipped_after_migrate, sender=self, dispatch_uid="workcalendar_load_shipped"
        )


def load_shipped_after_migrate(
    sender: AppConfig, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: object
) -> None:
    from bagalau.core.models import AuditEvent
    from bagalau.workcalendar.models import CalendarDay
    from bagalau.workcalendar.services import calendar_load_shipped

    if using != DEFAULT_DB_ALIAS:
        return
    # After `migrate workcalendar zero` (or before core's tables exist) there is nowhere to
    # load into; the next full migrate loads.
    tables = set(connections[using].introspection.table_names())
    if not {CalendarDay._meta.db_table, AuditEvent._meta.db_table} <= tables:
        return
    result = calendar_load_shipped()
    if verbosity >= 2 and result.created:
        print(f"  Working-day calendar: {len(result.created)} shipped days loaded")
