"""Eligibility is re-checked when appointments or absences change (§4).

The structure announces a committed change of a body's staff; the body's current cycles
(those whose evaluation has not long passed) decide eligibility again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.services import cycle_refresh
from bagalau.orgstructure.signals import staff_changed

# A cycle is re-checked while its evaluation is at most this far in the past: deferred
# evaluations and appeals still follow staff changes, older cycles are history.
RECHECK_AFTER_EVALUATION = dt.timedelta(days=120)


@receiver(staff_changed)
def recheck_cycles(sender: Any, organisation_id: int, actor: Any = None, **_: Any) -> None:
    since = timezone.localdate() - RECHECK_AFTER_EVALUATION
    for cycle in EvaluationCycle.objects.filter(
        organisation_id=organisation_id, evaluation_date__gte=since
    ).select_related("organisation", "methodology_version"):
        cycle_refresh(cycle=cycle, actor=actor, channel="recheck", system=True)
