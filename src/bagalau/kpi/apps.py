from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "bagalau.kpi"
    verbose_name = _("Work plans and KPI sheets")
