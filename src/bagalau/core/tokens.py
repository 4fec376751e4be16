"""API tokens: create, revoke, and the django-ninja authentication that checks them."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer

from bagalau.core.audit import audit_record
from bagalau.core.models import ApiToken


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str = "", actor: Any = None) -> tuple[ApiToken, str]:
    """A new token for `user`; the key is returned once and only its digest is kept."""
    key = "bg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], digest=_digest(key))
    audit_record(
        actor=actor,
        channel="" if actor else "console",
        action="api_token.create",
        obj=token,
        after={"user": user.get_username(), "name": name},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            channel="" if actor else "console",
            action="api_token.revoke",
            obj=token,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer bg_…`; sets request.user to the token's user."""

    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        request.user = found.user
        return found.user
