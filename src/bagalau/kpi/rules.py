"""Pure rules of the KPI track: the §13 checks of a work plan, whether a KPI was achieved,
the year's rating (§18), the quarters to monitor (§16). Standard library only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class KpiRating(StrEnum):
    UNSATISFACTORY = "unsatisfactory"  # қанағаттанарлықсыз
    SATISFACTORY = "satisfactory"  # қанағаттанарлық
    EFFECTIVE = "effective"  # тиімді
    EXCELLENT = "excellent"  # өте жақсы


class KpiSource(StrEnum):
    """What a KPI derives from (§2, §13)."""

    STRATEGIC_PLAN = "strategic_plan"  # the body's strategic plan
    MEMORANDUM = "memorandum"  # a political servant's memorandum
    A_CORPS_AGREEMENT = "a_corps_agreement"  # an "A" corps servant's agreement
    WORK_SPECIFICS = "work_specifics"  # the specifics of the servant's work (004 §13)


class Achievement(StrEnum):
    """How achieving a KPI is judged against its planned value."""

    AT_LEAST = "at_least"  # the actual value reaches the planned one or more
    AT_MOST = "at_most"  # the actual value stays at the planned one or below
    EXACTLY = "exactly"
    BY_DEADLINE = "by_deadline"  # done (the planned result) by the deadline


@dataclass(frozen=True)
class KpiDraft:
    name: str
    source: str
    source_reference: str
    unit: str
    planned_value: Decimal | None
    achievement: str
    deadline: dt.date | None
    key_result: str


@dataclass(frozen=True)
class KpiProblem:
    """One §13/§14 check failed: `kpi` is the KPI's number (None for the plan as a whole)."""

    kpi: int | None
    field: str
    code: str  # count | missing | deadline_outside | unknown_source | duplicate | ...
    other: int | None = None  # the other KPI, for a duplicate


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def plan_problems(
    kpis: Sequence[KpiDraft], *, kpi_count: int, start: dt.date, end: dt.date
) -> list[KpiProblem]:
    """The checks a machine can make of a work plan on submission (§13, §14).

    Exactly `kpi_count` KPIs; each with a name, a source and its reference, a unit and a
    planned value, a way of judging achievement, a deadline inside the plan's period, and
    the key result (the expected positive change); no two KPIs alike.
    """
    problems: list[KpiProblem] = []
    if len(kpis) != kpi_count:
        problems.append(KpiProblem(None, "kpis", "count"))
    seen: dict[str, int] = {}
    for n, kpi in enumerate(kpis, start=1):
        for name in ("name", "source_reference", "unit", "key_result"):
            if not getattr(kpi, name).strip():
                problems.append(KpiProblem(n, name, "missing"))
        if kpi.source not in set(KpiSource):
            problems.append(KpiProblem(n, "source", "missing" if not kpi.source else "unknown"))
        if kpi.achievement not in set(Achievement):
            problems.append(
                KpiProblem(n, "achievement", "missing" if not kpi.achievement else "unknown")
            )
        if kpi.planned_value is None:
            problems.append(KpiProblem(n, "planned_value", "missing"))
        if kpi.deadline is None:
            problems.append(KpiProblem(n, "deadline", "missing"))
        elif not start <= kpi.deadline <= end:
            problems.append(KpiProblem(n, "deadline", "outside_period"))
        if kpi.name.strip():
            key = _key(kpi.name)
            if key in seen:
                problems.append(KpiProblem(n, "name", "duplicate", other=seen[key]))
            else:
                seen[key] = n
    return problems


def proposed_achievement(
    achievement: str,
    planned: Decimal | None,
    actual: Decimal | None,
    deadline: dt.date | None,
    done_on: dt.date | None,
) -> bool | None:
    """What the system proposes for a KPI at the year's end; None when it cannot tell.

    Achieved means achieved in full (§18): the planned value reached the way the plan
    judges it; a KPI judged by its deadline is achieved when done on or before it.
    """
    if achievement == Achievement.BY_DEADLINE:
        if done_on is None or deadline is None:
            return None
        return done_on <= deadline
    if actual is None or planned is None:
        return None
    if achievement == Achievement.AT_LEAST:
        return actual >= planned
    if achievement == Achievement.AT_MOST:
        return actual <= planned
    if achievement == Achievement.EXACTLY:
        return actual == planned
    return None


def kpi_rating(achieved: int, scale: Sequence[tuple[int, str]]) -> KpiRating:
    """The year's rating of a KPI sheet (§18), from the methodology version's scale:
    steps of (minimum achieved, rating), highest first; below the last, unsatisfactory."""
    for minimum, rating in scale:
        if achieved >= minimum:
            return KpiRating(rating)
    return KpiRating.UNSATISFACTORY


def quarters(start: dt.date, end: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    """The calendar quarters (number, first day, last day) that overlap [start, end] (§16)."""
    found = []
    for year in range(start.year, end.year + 1):
        for q in range(1, 5):
            first = dt.date(year, 3 * q - 2, 1)
            last = (
                dt.date(year, 12, 31) if q == 4 else dt.date(year, 3 * q + 1, 1) - dt.timedelta(1)
            )
            if first <= end and last >= start:
                found.append((q, first, last))
    return found
