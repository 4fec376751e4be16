"""Input and output shapes of the competency track API: the competency sheet (Annex 3, with
Annex 4's indicators) and the servant's development needs (§25–§28).

Marks are given per competency code as the numbers (1..n, in the sheet's order) of the
effective indicators the servant showed; the service names each problem on its competency,
`marks.integrity`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictInt

from bagalau.competency.rules import CompetencyResult
from bagalau.competency.workflow import SHEET_ACTIONS, CompetencySheetState
from bagalau.core.messages import state_name

SheetAction = Literal[SHEET_ACTIONS]


class MarksIn(Schema):
    """The indicators shown, per competency (§25–§26)."""

    marks: dict[str, list[StrictInt]] = Field(
        description="competency code → the numbers (1..n, as on the sheet) of the effective "
        "indicators the servant showed; an empty list assesses it as none shown; a competency "
        "left out keeps its marks",
        examples=[{"integrity": [1, 2, 3], "cooperation": [1, 3]}],
    )


class IndicatorOut(Schema):
    """A behavioural indicator of the competency's Annex 4 row, and whether it was shown."""

    number: int = Field(description="1..n, as marked")
    id: int
    effective_kk: str
    effective_ru: str
    ineffective_kk: str | None
    ineffective_ru: str | None
    shown: bool


class CompetencyOut(Schema):
    """One competency on the sheet with its §27 result."""

    number: int
    code: str
    name_kk: str
    name_ru: str
    public_services_only: bool = Field(description="the starred ones of Annex 3 (§26)")
    indicators: list[IndicatorOut]
    needed: int = Field(description="indicators to show to meet expectations (§27)")
    shown: int
    result: CompetencyResult | None = Field(description="none until the competency is marked")
    not_observed: list[IndicatorOut] = Field(
        description="where it is not met, the indicators not observed (§27)"
    )


class CompetencySheetOut(Schema):
    """Competency evaluation sheet (құзыреттер бойынша бағалау парағы, Annex 3)."""

    id: int
    case: int = Field(description="the evaluation case's id")
    state: CompetencySheetState
    state_label: str
    revision: int = Field(description="the Annex 4 catalogue revision the sheet was built from")
    catalogue_of: str = Field(description="the methodology version of that catalogue")
    category: str
    heads_subdivision: bool
    provides_public_services: bool
    group: str = Field(description="the Annex 4 category group (§26)")
    threshold: str = Field(description='share of indicators to show, "3/4" (§27)')
    signed_at: dt.datetime | None = Field(description="by the direct supervisor (§25)")
    acknowledged_at: dt.datetime | None = Field(description="the servant has seen it")
    commission_due: dt.date | None = Field(description="HR puts it before the commission (§28)")
    to_commission_at: dt.datetime | None
    competencies: list[CompetencyOut]

    @staticmethod
    def resolve_state_label(obj: dict[str, Any]) -> str:
        return state_name("competency_sheet", obj["state"])


class NeedIndicatorOut(Schema):
    number: int
    id: int
    effective_kk: str
    effective_ru: str


class DevelopmentNeedOut(Schema):
    """A competency not met and the indicators not observed in it (§7, §27)."""

    code: str
    name_kk: str
    name_ru: str
    indicators: list[NeedIndicatorOut]
