"""Input and output shapes of the KPI track API: work plans (Annex 1), quarterly reviews
(§16), KPI sheets (Annex 2) and the inbox.

Inputs are taken loosely (a number may come as a string, a date as text) and checked by the
services, so that every problem is reported on its KPI's number: `kpis.3.deadline`,
`results.2.achieved`, `progress.1.value`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from bagalau.kpi.inbox import DOCUMENTS
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.rules import Achievement, KpiRating, KpiSource
from bagalau.kpi.workflow import PLAN_ACTIONS, SHEET_ACTIONS, PlanState, SheetState

PlanAction = Literal[PLAN_ACTIONS]
SheetAction = Literal[SHEET_ACTIONS]

SOURCES = ", ".join(KpiSource)
ACHIEVEMENTS = ", ".join(Achievement)


def number_text(value: Decimal | None) -> str | None:
    """A decimal as written, without the column's trailing zeros ("91", "12.5")."""
    if value is None:
        return None
    return format(value.normalize(), "f")


# --- work plan ------------------------------------------------------------------------------


class KpiIn(BaseModel):  # pydantic's own model: ninja's Schema would drop unknown fields
    """One KPI of the plan (§13): all fields are needed to submit, not to save a draft.
    A field not listed here is refused (422), not dropped."""

    # Unknown fields reach the service, which names them per KPI; the document says they
    # are not accepted.
    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": False})

    name: str = Field("", description="the indicator")
    source: str = Field("", description=f"what it derives from: one of {SOURCES}")
    source_reference: str = Field("", description="the strategic plan's goal, memorandum, …")
    unit: str = Field("", description="unit of measure")
    planned_value: Decimal | str | None = Field(None, description="a number", examples=["95"])
    achievement: str = Field("", description=f"how achievement is judged: {ACHIEVEMENTS}")
    deadline: dt.date | str | None = Field(None, description="inside the plan's period")
    key_result: str = Field("", description="the expected positive change")


class KpisIn(Schema):
    kpis: list[KpiIn] = Field(description="in order: KPI 1 first; exactly 5 to submit (§14)")


class ActIn(Schema):
    reason: str = Field("", description="required to return a document (§12, §22)")


class KpiOut(Schema):
    number: int
    name: str
    source: KpiSource | Literal[""]
    source_reference: str
    unit: str
    planned_value: str | None = Field(description="a decimal number, as text")
    achievement: Achievement | Literal[""]
    deadline: dt.date | None
    key_result: str

    @staticmethod
    def resolve_planned_value(obj: Kpi) -> str | None:
        return number_text(obj.planned_value)


class WorkPlanOut(Schema):
    """Individual work plan (жеке жұмыс жоспары, Annex 1), one version of it."""

    id: int
    case_id: int
    version: int
    state: PlanState
    state_label: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date = Field(description="submission due (§9)")
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_by: str | None = Field(description="the approver's user name")
    acknowledged_at: dt.datetime | None = Field(
        description="the servant has seen the approved plan (their signature on Annex 1)"
    )
    return_reason: str
    resubmit_due: dt.date | None = Field(description="after a return, within 2 working days")
    updated_at: dt.datetime
    kpis: list[KpiOut]

    @staticmethod
    def resolve_state_label(obj: WorkPlan) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_approved_by(obj: WorkPlan) -> str | None:
        return obj.approved_by.get_username() if obj.approved_by_id else None

    @staticmethod
    def resolve_kpis(obj: WorkPlan) -> list[Kpi]:
        return sorted(obj.kpis.all(), key=lambda k: k.number)


# --- quarterly monitoring -------------------------------------------------------------------


class ProgressIn(Schema):
    kpi: int = Field(description="the KPI's number in the approved plan")
    value: Decimal | str | None = Field(None, description="progress so far, a number")
    comment: str = ""


class QuarterlyReviewIn(Schema):
    progress: list[ProgressIn] = Field(default_factory=list)
    recommendations: str = Field(description="written recommendations to the servant (§16)")


class ProgressOut(Schema):
    kpi: int
    value: str | None
    comment: str


class QuarterlyReviewOut(Schema):
    """Quarterly monitoring of progress with written recommendations (§16)."""

    id: int
    case_id: int
    plan_id: int
    plan_version: int
    year: int
    quarter: int
    progress: list[ProgressOut]
    recommendations: str
    recorded_at: dt.datetime
    recorded_by: str | None
    acknowledged_at: dt.datetime | None = Field(
        description="the servant has seen the recommendations; cleared when recorded again"
    )

    @staticmethod
    def resolve_plan_version(obj: QuarterlyReview) -> int:
        return obj.plan.version

    @staticmethod
    def resolve_recorded_by(obj: QuarterlyReview) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by_id else None


# --- KPI sheet ------------------------------------------------------------------------------


class ResultIn(Schema):
    """A KPI's year-end result; a field left out keeps its value."""

    kpi: int = Field(description="the KPI's number in the approved plan")
    actual_value: Decimal | str | None = Field(None, description="a number")
    done_on: dt.date | str | None = Field(None, description="for a KPI judged by its deadline")
    evidence: str | None = Field(None, description="the facts that show the result (§21)")
    achieved: bool | None = Field(None, description="confirmed achieved in full (§18)")


class ResultsIn(Schema):
    results: list[ResultIn]


class KpiResultOut(Schema):
    kpi: int
    name: str
    unit: str
    planned_value: str | None
    achievement: Achievement | Literal[""]
    deadline: dt.date | None
    actual_value: str | None
    done_on: dt.date | None
    evidence: str
    proposed: bool | None = Field(description="what the system proposes from the values")
    achieved: bool | None = Field(description="what the direct supervisor confirmed")

    @staticmethod
    def resolve_kpi(obj: KpiResult) -> int:
        return obj.kpi.number

    @staticmethod
    def resolve_name(obj: KpiResult) -> str:
        return obj.kpi.name

    @staticmethod
    def resolve_unit(obj: KpiResult) -> str:
        return obj.kpi.unit

    @staticmethod
    def resolve_planned_value(obj: KpiResult) -> str | None:
        return number_text(obj.kpi.planned_value)

    @staticmethod
    def resolve_achievement(obj: KpiResult) -> str:
        return obj.kpi.achievement

    @staticmethod
    def resolve_deadline(obj: KpiResult) -> dt.date | None:
        return obj.kpi.deadline

    @staticmethod
    def resolve_actual_value(obj: KpiResult) -> str | None:
        return number_text(obj.actual_value)


class KpiSheetOut(Schema):
    """KPI evaluation sheet (НМИ бойынша бағалау парағы, Annex 2)."""

    id: int
    case_id: int
    plan_id: int
    plan_version: int
    state: SheetState
    state_label: str
    achieved_count: int | None
    rating: KpiRating | None = Field(description="by the methodology's scale, on signing (§18)")
    signed_at: dt.datetime | None
    acknowledged_at: dt.datetime | None = Field(description="the servant has seen it")
    agreed_at: dt.datetime | None
    return_reason: str
    resubmit_due: dt.date | None
    commission_due: dt.date | None = Field(description="HR puts it before the commission (§24)")
    to_commission_at: dt.datetime | None
    results: list[KpiResultOut]

    @staticmethod
    def resolve_plan_version(obj: KpiSheet) -> int:
        return obj.plan.version

    @staticmethod
    def resolve_state_label(obj: KpiSheet) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_rating(obj: KpiSheet) -> str | None:
        return obj.rating or None

    @staticmethod
    def resolve_results(obj: KpiSheet) -> list[KpiResult]:
        return sorted(obj.results.all(), key=lambda r: r.kpi.number)


# --- inbox ----------------------------------------------------------------------------------


class PendingActionOut(Schema):
    """Something waiting for the caller on the KPI or the competency track."""

    case: int | None = Field(description="the evaluation case's id; none for a meeting's own")
    servant: str = Field(description="the evaluated servant, surname and initials")
    document: Literal[DOCUMENTS]
    document_id: int | None = Field(description="none while the document is not made yet")
    action: str = Field(
        description="draft, resubmit, approve, record_q1_2026…, fill, resign, agree, "
        "to_commission, acknowledge; at the commission: schedule, agree, open, close, approve, "
        "acquaint, answer, record_answer"
    )
    role: str = Field(description="the caller's role in it")
    due: dt.date | None = Field(description="the working-day deadline, if the act sets one")
    overdue: bool
    escalation: Literal["vacant", "no_login"] | None = Field(
        description="for HR: an action no one else can take, because the responsible "
        "position is vacant or the servant has no login"
    )
