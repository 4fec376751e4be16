"""What every page's view shares: running a service the way the API does, and telling the
person what happened in their language.

Views are thin. They find the object among those the person may see (404 otherwise, as the
API does), call the same service as the API, and turn its refusal into a message on the
page and errors beside the fields. A refused action changes nothing: the services run in a
transaction and raise before they write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bagalau.core.messages import errors_by_field, refusal_message
from bagalau.core.workflow import TransitionRefused


@dataclass
class Outcome:
    """What a service call came to: its result, or why it was refused."""

    ok: bool
    result: Any = None
    errors: dict[str, list[str]] = field(default_factory=dict)  # by field, "__all__" too
    message: str = ""

    def field(self, name: str) -> list[str]:
        return self.errors.get(name, [])


def perform(
    request: HttpRequest, service: Callable[..., Any], /, *args: Any, success: str = "", **kw: Any
) -> Outcome:
    """Run `service(*args, **kw)`. On success flash `success`; on a refusal (invalid input,
    an action out of turn, a missing permission) flash why and return the errors by field."""
    try:
        result = service(*args, **kw)
    except ValidationError as exc:
        errors = errors_by_field(exc)
        message = _("Not saved: please correct what is marked.")
        if set(errors) == {"__all__"}:
            message = " ".join(errors["__all__"])
        messages.error(request, message)
        return Outcome(False, errors=errors, message=message)
    except TransitionRefused as exc:
        message = refusal_message(exc)
        messages.error(request, message)
        return Outcome(False, errors={"__all__": [message]}, message=message)
    except PermissionDenied as exc:
        message = str(exc) or _("You do not have permission for this action.")
        messages.error(request, message)
        return Outcome(False, errors={"__all__": [message]}, message=message)
    if success:
        messages.success(request, success)
    return Outcome(True, result=result)


def save_then_act(
    request: HttpRequest,
    save: Callable[..., Any],
    save_kw: dict[str, Any],
    act: Callable[..., Any] | None,
    act_kw: Callable[[Any], dict[str, Any]],
    *,
    saved: str,
    acted: str,
) -> Outcome:
    """Save a form with `save(**save_kw)` and then, when `act` is given, fire
    `act(**act_kw(saved_object))` (submit, sign) — in one transaction: a refused action keeps
    nothing, not even the save. Flashes `saved` for a save alone, `acted` after the action."""
    with transaction.atomic():
        out = perform(request, save, success="" if act else saved, **save_kw)
        if out.ok and act is not None:
            out = perform(request, act, success=acted, **act_kw(out.result))
            if not out.ok:
                transaction.set_rollback(True)
    return out


def back(request: HttpRequest, fallback: str, *args: Any) -> HttpResponse:
    """After a POST, back to the page it came from (PRG), else to `fallback`. Only a local
    path is followed."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback, *args)
