"""Output shapes of the methodology API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class VersionOut(Schema):
    """A methodology version from its legal act, with its parameters merged along the
    chain of acts it amends (base first)."""

    id: int
    code: str
    organisation: str | None
    kind: str
    parent: str | None
    act_issuer: str
    act_title: str
    act_number: str
    act_date: dt.date
    registry_number: str | None
    effective_from: dt.date
    effective_to: dt.date | None
    assumptions: list[Any]
    own_parameters: dict[str, Any]
    parameters: dict[str, Any]
