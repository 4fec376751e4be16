"""Acting on an evaluation case: lock it, decide who the actor is to it, check the case is
evaluated, stamp and audit the action. Shared by the KPI and the competency track."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.core.audit import audit_record
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import case_roles, visible_cases
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import version_rules


@dataclass
class CaseContext:
    case: EvaluationCase
    roles: set[str]
    rules: MethodologyRules
    on: dt.date


def case_context(case_id: int, actor: Any, on: dt.date | None) -> CaseContext:
    """Lock the case and decide who the actor is to it. A case the actor has no part in
    does not exist for them (404, as for other bodies' objects)."""
    on = on or timezone.localdate()
    case = (
        EvaluationCase.objects.select_for_update(of=("self",))
        .select_related("servant", "position", "cycle", "cycle__methodology_version")
        .get(pk=case_id)
    )
    roles = case_roles(actor, case, on)
    if not roles:
        if visible_cases(actor, on).filter(pk=case.pk).exists():
            raise PermissionDenied(_("you may read this case but take no part in its evaluation"))
        raise EvaluationCase.DoesNotExist(_("no evaluation case %(id)s") % {"id": case_id})
    return CaseContext(case, roles, version_rules(case.cycle.methodology_version), on)


def require_evaluated(case: EvaluationCase) -> None:
    if case.eligibility == Eligibility.EXCLUDED:
        raise ValidationError(
            _("%(servant)s is not evaluated in this cycle (%(reason)s, %(paragraph)s)")
            % {
                "servant": case.servant.short_name,
                "reason": case.get_reason_display(),
                "paragraph": case.paragraph,
            }
        )


def moment(on: dt.date) -> dt.datetime:
    """When an action happened: now, or noon of `on` when it is recorded for another day
    (the demo's history, a paper document entered later)."""
    if on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def deadline_met(due: dt.date | None, on: dt.date) -> dict[str, Any]:
    return {"due": due, "met": None if due is None else on <= due}


def audit_case(
    actor: Any,
    obj: Any,
    action: str,
    case: EvaluationCase,
    before: Any,
    after: Any,
    channel: str = "kpi",
):
    audit_record(
        actor=actor,
        channel=channel,
        action=action,
        obj=obj,
        organisation_id=case.cycle.organisation_id,
        before=before,
        after=after,
    )
