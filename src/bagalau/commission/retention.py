"""Retention of evaluation papers (§8): HR keeps a completed evaluation's documents for 3
years (the version's `retention_years`) after it was completed; then `bagalau purge` may
delete them, leaving an audit entry of what went, when and by whom.

A cycle's evaluation is completed when the authorized person has approved its results and
nothing about them is open: no meeting still pending, no appeal awaiting its answer, no
cancelled decision awaiting review, no case before the commission left undecided, no court
case pending. It was completed on the last of those dates (approval, appeal answer, court
decision). The commission's orders belong to the body, not to a cycle, and stay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bagalau.commission.models import (
    Appeal,
    CommissionMeeting,
    CourtCase,
    Decision,
    DecisionState,
    Notice,
)
from bagalau.commission.rules import retention_ends
from bagalau.commission.selectors import ready_cases
from bagalau.commission.workflow import AppealState, CourtState, MeetingState
from bagalau.competency.models import CompetencySheet
from bagalau.core.audit import audit_event
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.models import Organisation

PENDING_MEETINGS = (
    MeetingState.PROPOSED,
    MeetingState.SCHEDULED,
    MeetingState.IN_SESSION,
    MeetingState.CLOSED,
)


@dataclass(frozen=True)
class RetentionEntry:
    cycle: EvaluationCycle
    completed_on: dt.date | None  # None: not completed, kept
    kept_until: dt.date | None
    expired: bool
    why_open: str  # what keeps an uncompleted cycle open

    def as_dict(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle.pk,
            "organisation": self.cycle.organisation.code,
            "period": self.cycle.label,
            "completed_on": self.completed_on,
            "kept_until": self.kept_until,
            "expired": self.expired,
            "open": self.why_open or None,
        }


def _completion(cycle: EvaluationCycle) -> tuple[dt.date | None, str]:
    meetings = CommissionMeeting.objects.filter(cycle=cycle)
    if meetings.filter(state__in=PENDING_MEETINGS).exists():
        return None, "meeting"
    approved = list(
        meetings.filter(state=MeetingState.APPROVED).values_list("approved_on", flat=True)
    )
    if not approved:
        return None, "no_approved_results"
    if Appeal.objects.filter(case__cycle=cycle, state=AppealState.FILED).exists():
        return None, "appeal"
    if CourtCase.objects.filter(case__cycle=cycle, state=CourtState.PENDING).exists():
        return None, "court"
    cancelled = set(
        Decision.objects.filter(case__cycle=cycle, state=DecisionState.CANCELLED).values_list(
            "case_id", "decided_on"
        )
    )
    for case_id, decided_on in cancelled:
        if not Decision.objects.filter(
            case_id=case_id, state=DecisionState.FINAL, decided_on__gte=decided_on
        ).exists():
            return None, "review"
    # A case before the commission that no decision settles (its meeting adjourned, or
    # closed without reaching it): that servant's evaluation is not completed.
    if ready_cases(cycle):
        return None, "no_approved_results"
    answered = Appeal.objects.filter(case__cycle=cycle).exclude(answered_on=None)
    courts = CourtCase.objects.filter(case__cycle=cycle).exclude(decided_on=None)
    dates = [
        *approved,
        *answered.values_list("answered_on", flat=True),
        *courts.values_list("decided_on", flat=True),
    ]
    return max(dates), ""


def retention_list(
    today: dt.date | None = None, organisation: Organisation | None = None
) -> list[RetentionEntry]:
    """Every cycle with its completion and how long its papers are kept."""
    today = today or timezone.localdate()
    cycles = EvaluationCycle.objects.select_related("organisation", "methodology_version")
    if organisation is not None:
        cycles = cycles.filter(organisation=organisation)
    entries = []
    for cycle in cycles.order_by("organisation__code", "period_start"):
        completed_on, why = _completion(cycle)
        kept_until = (
            None
            if completed_on is None
            else retention_ends(
                completed_on, version_rules(cycle.methodology_version).retention_years
            )
        )
        entries.append(
            RetentionEntry(
                cycle=cycle,
                completed_on=completed_on,
                kept_until=kept_until,
                expired=kept_until is not None and today > kept_until,
                why_open=why,
            )
        )
    return entries


@transaction.atomic
def purge_cycle(entry: RetentionEntry, *, actor: Any, today: dt.date) -> dict[str, int]:
    """Delete one expired cycle's evaluation papers and records, leaving an audit entry."""
    if not entry.expired:
        raise ValueError(f"cycle {entry.cycle.pk} is kept until {entry.kept_until}")
    cycle = EvaluationCycle.objects.select_for_update().get(pk=entry.cycle.pk)
    event = audit_event(
        actor=actor,
        channel="console",
        action="retention.purge",
        obj=cycle,
        organisation_id=cycle.organisation_id,
    )
    cases = EvaluationCase.objects.filter(cycle=cycle)
    counted: dict[str, int] = {}
    # Children first: the KPI track's documents protect the plans they were made from.
    for label, qs in (
        ("notices", Notice.objects.filter(case__in=cases)),
        ("notices", Notice.objects.filter(meeting__cycle=cycle)),
        ("meetings", CommissionMeeting.objects.filter(cycle=cycle)),
        ("court_cases", CourtCase.objects.filter(case__in=cases)),
        ("kpi_results", KpiResult.objects.filter(sheet__case__in=cases)),
        ("kpi_sheets", KpiSheet.objects.filter(case__in=cases)),
        ("quarterly_reviews", QuarterlyReview.objects.filter(case__in=cases)),
        ("kpis", Kpi.objects.filter(plan__case__in=cases)),
        ("work_plans", WorkPlan.objects.filter(case__in=cases)),
        ("competency_sheets", CompetencySheet.objects.filter(case__in=cases)),
    ):
        counted[label] = counted.get(label, 0) + qs.count()
        qs.delete()
    counted["cases"] = cases.count()
    cycle.delete()
    event.before = {
        "period": entry.cycle.label,
        "completed_on": entry.completed_on.isoformat(),
        "kept_until": entry.kept_until.isoformat(),
    }
    event.after = {"purged_on": today.isoformat(), "deleted": counted}
    event.save()
    return counted


def purge(
    *,
    actor: Any,
    today: dt.date | None = None,
    organisation: Organisation | None = None,
    execute: bool = False,
) -> list[dict[str, Any]]:
    """What has passed its retention; with `execute`, delete it (each cycle in its own
    transaction, each leaving an audit entry)."""
    today = today or timezone.localdate()
    report = []
    for entry in retention_list(today, organisation):
        if not entry.expired:
            continue
        row = entry.as_dict()
        if execute:
            row["deleted"] = purge_cycle(entry, actor=actor, today=today)
        report.append(row)
    return report
