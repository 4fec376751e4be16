"""The REST API: one NinjaAPI under /api/v1/ that mounts each app's router.

Errors are JSON: {"detail": "...", "errors": {"field": ["message", ...]}} with 422 for
invalid input, 403 for a missing permission, 404 for what does not exist or is not
visible to the caller, 409 for an action out of turn.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import django_auth

from bagalau.core.messages import errors_by_field, refusal_message
from bagalau.core.tokens import TokenAuth
from bagalau.core.workflow import TransitionRefused


class ReadableJSONRenderer(JSONRenderer):
    """Kazakh and Russian letters as themselves, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012 - ninja's own class attribute


api = NinjaAPI(
    renderer=ReadableJSONRenderer(),
    title="Bagalau API",
    version="1",
    description='Performance evaluation of "B" corps civil servants. Authenticate with '
    "`Authorization: Bearer <token>` (bagalau token create USER) or a logged-in session.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = errors_by_field(exc)
    detail = "; ".join(
        f"{f}: {' '.join(m)}" if f != "__all__" else " ".join(m) for f, m in errors.items()
    )
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(NinjaValidationError)
def on_input_error(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", []) if p not in {"body", "payload", "query"}]
        errors.setdefault(".".join(loc) or "__all__", []).append(error.get("msg", _("invalid")))
    detail = "; ".join(f"{f}: {' '.join(m)}" for f, m in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    message = str(exc) or _("you do not have permission for this action")
    return api.create_response(request, {"detail": message, "errors": {}}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": _("authentication required: a token or a session"), "errors": {}},
        status=401,
    )


@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(Http404)
def on_not_found(request, exc):
    message = str(exc) or _("not found")
    return api.create_response(request, {"detail": message, "errors": {}}, status=404)


@api.exception_handler(TransitionRefused)
def on_transition_refused(request, exc: TransitionRefused):
    return api.create_response(request, {"detail": refusal_message(exc), "errors": {}}, status=409)


def _mount() -> None:
    from bagalau.commission.api import router as commission_router
    from bagalau.competency.api import router as competency_router
    from bagalau.competency.api_report import router as development_needs_router
    from bagalau.documents.api import router as documents_router
    from bagalau.evaluation.api import router as evaluation_router
    from bagalau.kpi.api import router as kpi_router
    from bagalau.methodology.api import router as methodology_router
    from bagalau.orgstructure.api import router as orgstructure_router
    from bagalau.orgstructure.api_staff import router as staff_router

    api.add_router("/", orgstructure_router)
    api.add_router("/", staff_router)
    api.add_router("/methodology", methodology_router)
    api.add_router("/", evaluation_router)
    api.add_router("/", kpi_router)
    api.add_router("/", competency_router)
    api.add_router("/", development_needs_router)
    api.add_router("/", commission_router)
    api.add_router("/", documents_router)


_mount()
