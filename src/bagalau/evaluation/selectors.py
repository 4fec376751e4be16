"""Reads of evaluation cycles and cases, and who each person is to a case.

A case's officials follow the positions, not names typed on it: the direct supervisor is
whoever holds the position the case's position reports to; the approver is the holder of
the position above that, or the first head where the direct supervisor is the first head
(§11, §20).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from bagalau.core.workflow import Role
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.orgstructure.access import (
    held_positions,
    hr_body_ids,
    is_operator,
    subordinate_position_ids,
)
from bagalau.orgstructure.models import Organisation, Position


@dataclass(frozen=True)
class ReportingLines:
    """A body's positions as a reporting map (one query), for deciding roles in bulk."""

    reports_to: dict[int, int | None]
    first_head: int | None

    def direct_supervisor(self, position_id: int) -> int | None:
        return self.reports_to.get(position_id)

    def approver(self, position_id: int) -> int | None:
        """The superior supervisor's position, or the first head's where the direct
        supervisor is the first head (§11, §20)."""
        direct = self.reports_to.get(position_id)
        if direct is None:
            return None
        above = self.reports_to.get(direct)
        return direct if above is None or direct == self.first_head else above


def reporting_lines_of(organisation_ids: Iterable[int]) -> dict[int, ReportingLines]:
    """Each body's reporting map, in one query. The first head is the top with subordinates
    (a lone top in a one-position body), as orgstructure's `first_head_position` says;
    several tops mean the lines are incomplete and there is none."""
    pairs: dict[int, dict[int, int | None]] = {org: {} for org in organisation_ids}
    for pk, org, parent in Position.objects.filter(organisation_id__in=pairs).values_list(
        "pk", "organisation_id", "reports_to_id"
    ):
        pairs[org][pk] = parent
    lines = {}
    for org, reports_to in pairs.items():
        tops = [pk for pk, parent in reports_to.items() if parent is None]
        above = {parent for parent in reports_to.values() if parent is not None}
        heads = [pk for pk in tops if pk in above] or tops
        lines[org] = ReportingLines(reports_to, heads[0] if len(heads) == 1 else None)
    return lines


def reporting_lines(organisation_id: int) -> ReportingLines:
    return reporting_lines_of([organisation_id])[organisation_id]


@dataclass(frozen=True)
class Viewer:
    """What a user is, once per request: positions held today, bodies as HR, operator."""

    user: Any
    positions: frozenset[int]
    hr_bodies: frozenset[int]
    operator: bool

    def roles(self, case: EvaluationCase, lines: ReportingLines) -> set[str]:
        roles: set[str] = set()
        if case.servant.user_id is not None and case.servant.user_id == self.user.pk:
            roles.add(Role.SERVANT)
        if lines.direct_supervisor(case.position_id) in self.positions:
            roles.add(Role.DIRECT_SUPERVISOR)
        if lines.approver(case.position_id) in self.positions:
            roles.add(Role.APPROVER)
        if case.cycle.organisation_id in self.hr_bodies:
            roles.add(Role.HR)
        if self.operator:
            roles.add(Role.OPERATOR)
        return roles


def viewer(user: Any, on: dt.date | None = None) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return Viewer(user=user, positions=frozenset(), hr_bodies=frozenset(), operator=False)
    return Viewer(
        user=user,
        positions=frozenset(held_positions(user, on).values_list("pk", flat=True)),
        hr_bodies=frozenset(hr_body_ids(user, on)),
        operator=is_operator(user),
    )


def case_roles(user: Any, case: EvaluationCase, on: dt.date | None = None) -> set[str]:
    """Who `user` is to this case today (object-level roles)."""
    return viewer(user, on).roles(case, reporting_lines(case.cycle.organisation_id))


def visible_cases(user: Any, on: dt.date | None = None) -> QuerySet[EvaluationCase]:
    """Cases the user may read: their own, their subordinates', their body's as HR."""
    cases = EvaluationCase.objects.all()
    if is_operator(user):
        return cases
    if not getattr(user, "is_authenticated", False):
        return cases.none()
    on = on or timezone.localdate()
    return cases.filter(
        Q(servant__user=user)
        | Q(cycle__organisation_id__in=hr_body_ids(user, on))
        | Q(position_id__in=subordinate_position_ids(user, on))
    )


def visible_cycles(user: Any, on: dt.date | None = None) -> QuerySet[EvaluationCycle]:
    """Cycles of the bodies where the user is HR, or where they have a visible case."""
    cycles = EvaluationCycle.objects.select_related("organisation", "methodology_version")
    if is_operator(user):
        return cycles
    return cycles.filter(
        Q(organisation_id__in=hr_body_ids(user, on))
        | Q(pk__in=visible_cases(user, on).values("cycle_id"))
    )


def cycle_list(organisation: Organisation | None = None) -> QuerySet[EvaluationCycle]:
    cycles = EvaluationCycle.objects.select_related("organisation", "methodology_version")
    if organisation is not None:
        cycles = cycles.filter(organisation=organisation)
    return cycles.order_by("organisation__code", "-period_start")


def case_list(cycle: EvaluationCycle) -> QuerySet[EvaluationCase]:
    return (
        EvaluationCase.objects.filter(cycle=cycle)
        .select_related("servant", "position", "cycle")
        .order_by("servant__surname", "servant__first_name", "pk")
    )
