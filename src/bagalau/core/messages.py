"""User-facing wording of the workflow's refusals, in the request's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bagalau.core.workflow import Role, TransitionRefused

ROLE_NAMES = {
    Role.SERVANT: gettext_lazy("servant"),
    Role.DIRECT_SUPERVISOR: gettext_lazy("direct supervisor"),
    Role.APPROVER: gettext_lazy("superior supervisor (or the first head)"),
    Role.HR: gettext_lazy("personnel service"),
    Role.OPERATOR: gettext_lazy("operator"),
    Role.COMMISSION_CHAIR: gettext_lazy("chair of the commission"),
    Role.COMMISSION_MEMBER: gettext_lazy("member of the commission"),
    Role.AUTHORIZED_PERSON: gettext_lazy("authorized person"),
}


# workflow name → state code → its label, registered by each app beside its models
STATE_LABELS: dict[str, dict[str, Any]] = {}


def register_state_labels(workflow: str, labels: Iterable[tuple[str, Any]]) -> None:
    STATE_LABELS[workflow] = dict(labels)


def role_name(role: str) -> str:
    return str(ROLE_NAMES.get(role, role))


def state_name(workflow: str, state: str) -> str:
    return str(STATE_LABELS.get(workflow, {}).get(state, state))


def refusal_message(exc: TransitionRefused) -> str:
    """Why an action was refused, for the person who tried it."""
    if exc.reason == "unknown_action":
        return _("There is no action “%(action)s”.") % {"action": exc.action}
    if exc.reason == "out_of_turn":
        return _(
            "“%(action)s” cannot be done while the document is %(state)s; only while %(states)s."
        ) % {
            "action": exc.action,
            "state": state_name(exc.workflow, exc.state),
            "states": ", ".join(state_name(exc.workflow, s) for s in exc.allowed_states),
        }
    return _("Only the %(roles)s may “%(action)s” while the document is %(state)s.") % {
        "roles": _(" or the ").join(role_name(r) for r in exc.allowed_roles),
        "action": exc.action,
        "state": state_name(exc.workflow, exc.state),
    }


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A refusal's messages by field (`kpis.3.deadline`), `__all__` for the whole input: the
    API's `errors` and the web form's messages beside each field."""
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}
