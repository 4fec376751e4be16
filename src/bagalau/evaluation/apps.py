from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "bagalau.evaluation"
    verbose_name = _("Evaluation cycles")

    def ready(self) -> None:
        from bagalau.evaluation import signals  # noqa: F401 - connects the re-check
