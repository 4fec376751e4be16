"""Audit records: every write records who, when, what, before and after.

Call these inside the write's own `transaction.atomic`, so a refused or failed write leaves
no audit row behind and a committed one always has its row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from bagalau.core.models import AuditEvent


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values, JSON-ready (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: jsonable(getattr(obj, name)) for name in names}


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_event(
    *,
    actor: Any = None,
    channel: str = "",
    action: str,
    obj: models.Model,
    organisation_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """An unsaved audit record, for callers that write many at once (bulk_create)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        channel=channel or ("" if user else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        organisation_id=organisation_id,
        before=jsonable(before),
        after=jsonable(after),
    )


def audit_record(**kwargs: Any) -> AuditEvent:
    event = audit_event(**kwargs)
    event.save()
    return event
