"""What HR decisions on a servant stand on (§7).

§7: the results of the KPI evaluation are the basis for decisions on bonuses, incentives,
rotation, demotion or dismissal; the results of the competency evaluation are the basis for
developing the servant's competencies only and do not affect those decisions. So this
module reads the KPI sheet and nothing of the competency track: it must never import
`bagalau.competency` (`competency/tests/test_section7.py` checks it, and that changing every
competency mark leaves its answer unchanged).
"""

from __future__ import annotations

from typing import Any

from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.selectors import case_list
from bagalau.kpi.models import KpiSheet


def hr_decision_basis(cycle: EvaluationCycle) -> list[dict[str, Any]]:
    """Per servant of the cycle, the KPI results that decisions on bonuses, incentives,
    rotation, demotion or dismissal stand on (§7, §18): the KPI sheet's state, the number of
    KPIs achieved and the rating (None where there is no sheet yet). Excluded servants (§4)
    are listed with their eligibility and no sheet. Two queries."""
    sheets = {
        sheet.case_id: sheet
        for sheet in KpiSheet.objects.filter(case__cycle=cycle).only(
            "case_id", "state", "achieved_count", "rating"
        )
    }
    basis = []
    for case in case_list(cycle):
        sheet = sheets.get(case.pk)
        basis.append(
            {
                "case": case.pk,
                "servant": case.servant_id,
                "iin": case.servant.iin,
                "name": case.servant.full_name,
                "position": case.position.code,
                "eligibility": case.eligibility,
                "kpi_sheet": None
                if sheet is None
                else {
                    "state": sheet.state,
                    "achieved_count": sheet.achieved_count,
                    "rating": sheet.rating or None,
                },
            }
        )
    return basis
