"""Reads of competency sheets: the sheet as shown, and a servant's development needs."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.report import COUNTED_STATES
from bagalau.competency.rules import CompetencyResult, indicators_needed
from bagalau.methodology.models import BehaviouralIndicator
from bagalau.methodology.selectors import version_rules


def sheet_items(sheet: CompetencySheet) -> list[CompetencyAssessment]:
    """The sheet's competencies in order, with their indicators and those shown (3 queries)."""
    return list(
        sheet.items.select_related("competency", "row")
        .prefetch_related(
            Prefetch(
                "row__indicators",
                queryset=BehaviouralIndicator.objects.exclude(effective_kk="").order_by("position"),
            ),
            "shown",
        )
        .order_by("number")
    )


def competency_sheet_document(sheet: CompetencySheet) -> dict[str, Any]:
    """The sheet as the servant, the supervisor and HR see it (Annex 3 with Annex 4's
    indicators): per competency, each indicator shown or not, the §27 result, and the
    indicators not observed where it is not met."""
    rules = version_rules(sheet.case.cycle.methodology_version)
    items = []
    for item in sheet_items(sheet):
        indicators = list(item.row.indicators.all())
        shown = {i.pk for i in item.shown.all()}
        entries = [
            {
                "number": n,
                "id": i.pk,
                "effective_kk": i.effective_kk,
                "effective_ru": i.effective_ru,
                "ineffective_kk": i.ineffective_kk or None,
                "ineffective_ru": i.ineffective_ru or None,
                "shown": i.pk in shown,
            }
            for n, i in enumerate(indicators, start=1)
        ]
        items.append(
            {
                "number": item.number,
                "code": item.competency.code,
                "name_kk": item.competency.name_kk,
                "name_ru": item.competency.name_ru,
                "public_services_only": item.competency.public_services_only,
                "indicators": entries,
                "needed": indicators_needed(len(indicators), rules.competency_threshold),
                "shown": len(shown),
                "result": item.result or None,
                "not_observed": [e for e in entries if not e["shown"]]
                if item.result == CompetencyResult.DOES_NOT_MEET
                else [],
            }
        )
    return {
        "id": sheet.pk,
        "case": sheet.case_id,
        "state": sheet.state,
        "revision": sheet.revision.number,
        "catalogue_of": sheet.revision.version.code,
        "category": sheet.category,
        "heads_subdivision": sheet.heads_subdivision,
        "provides_public_services": sheet.provides_public_services,
        "group": sheet.group,
        "threshold": str(rules.competency_threshold),
        "signed_at": sheet.signed_at,
        "acknowledged_at": sheet.acknowledged_at,
        "commission_due": sheet.commission_due,
        "to_commission_at": sheet.to_commission_at,
        "competencies": items,
    }


def development_needs(sheet: CompetencySheet) -> list[dict[str, Any]]:
    """The servant's development needs: for each competency not met, the indicators not
    observed (§7 second paragraph, §27)."""
    doc = competency_sheet_document(sheet)
    return [
        {
            "code": c["code"],
            "name_kk": c["name_kk"],
            "name_ru": c["name_ru"],
            "indicators": [
                {k: e[k] for k in ("number", "id", "effective_kk", "effective_ru")}
                for e in c["not_observed"]
            ],
        }
        for c in doc["competencies"]
        if c["result"] == CompetencyResult.DOES_NOT_MEET
    ]


def cycle_development_needs(cycle: Any) -> list[dict[str, Any]]:
    """Per servant of the cycle whose competency sheet counts for the development-needs
    report (signed, or before the commission: `report.COUNTED_STATES`), the competencies
    not met and their indicators not observed (§7 second paragraph, §27), in the shape of
    `development_needs`; servants meeting every competency have no needs. For HR only (the
    report names no one; this list is what HR reads case by case). Four queries whatever
    the number of servants: the sheets, the assessments not met, their indicators and the
    indicators shown."""
    sheets = list(
        CompetencySheet.objects.filter(case__cycle=cycle, state__in=COUNTED_STATES)
        .select_related("case__servant", "case__position__subdivision")
        .order_by("case__servant__surname", "case__servant__first_name", "case_id")
    )
    not_met = (
        CompetencyAssessment.objects.filter(
            sheet__case__cycle=cycle,
            sheet__state__in=COUNTED_STATES,
            result=CompetencyResult.DOES_NOT_MEET,
        )
        .select_related("competency")
        .prefetch_related(
            Prefetch(
                "row__indicators",
                queryset=BehaviouralIndicator.objects.exclude(effective_kk="").order_by("position"),
            ),
            "shown",
        )
        .order_by("sheet_id", "number")
    )
    needs: dict[int, list[dict[str, Any]]] = {s.pk: [] for s in sheets}
    for item in not_met:
        if item.sheet_id not in needs:  # moved out of the counted states meanwhile
            continue
        shown = {i.pk for i in item.shown.all()}
        needs[item.sheet_id].append(
            {
                "code": item.competency.code,
                "name_kk": item.competency.name_kk,
                "name_ru": item.competency.name_ru,
                "indicators": [
                    {
                        "number": n,
                        "id": i.pk,
                        "effective_kk": i.effective_kk,
                        "effective_ru": i.effective_ru,
                    }
                    for n, i in enumerate(item.row.indicators.all(), start=1)
                    if i.pk not in shown
                ],
            }
        )
    return [
        {
            "case_id": s.case_id,
            "sheet_id": s.pk,
            "state": s.state,
            "servant": s.case.servant,
            "position": s.case.position,
            "subdivision": s.case.position.subdivision,
            "needs": needs[s.pk],
        }
        for s in sheets
    ]
