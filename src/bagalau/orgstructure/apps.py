from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgstructureConfig(AppConfig):
    name = "bagalau.orgstructure"
    verbose_name = _("Organisation structure")
