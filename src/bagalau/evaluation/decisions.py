"""What HR decisions on a servant stand on (§7).

§7: the results of the KPI evaluation are the basis for decisions on bonuses, incentives,
rotation, demotion or dismissal; the results of the competency evaluation are the basis for
developing the servant's competencies only and do not affect those decisions. So this
module reads the KPI results and nothing of the competency track: the KPI sheet, the KPI
rating as the commission approved or corrected it (§37–§39) and as a court changed it
(§43). It must never import `bagalau.competency` (`competency/tests/test_section7.py` checks
it, and that changing every competency mark leaves its answer unchanged).
"""

from __future__ import annotations

from typing import Any

from bagalau.commission.models import CourtCase, CourtState, Decision, DecisionState
from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.selectors import case_list
from bagalau.kpi.models import KpiSheet
from bagalau.kpi.rules import KpiRating

# What a final KPI rating is the basis for (§7): every rating for bonuses and incentives;
# an unsatisfactory one also for rotation, demotion or dismissal.
FOR_PAY = ("bonus", "incentive")
FOR_CAREER = ("rotation", "demotion", "dismissal")


def _final_kpi(cycle: EvaluationCycle) -> dict[int, dict[str, Any]]:
    """Each case's final KPI rating: the decision in an approved protocol, as corrected by
    the commission, then as a court changed it. Two queries; competency fields unread."""
    found: dict[int, dict[str, Any]] = {}
    decisions = (
        Decision.objects.filter(case__cycle=cycle, state=DecisionState.FINAL)
        .only("case_id", "decided_on", "kpi_rating_original", "kpi_rating_revised")
        .order_by("decided_on", "pk")
    )
    for d in decisions:
        found[d.case_id] = {
            "rating": d.kpi_rating_revised or d.kpi_rating_original or None,
            "source": "commission" if d.kpi_rating_revised else "sheet",
            "decided_on": d.decided_on,
            "reference": "",
        }
    courts = (
        CourtCase.objects.filter(case__cycle=cycle, state=CourtState.CHANGED)
        .exclude(kpi_rating="")
        .only("case_id", "kpi_rating", "decided_on", "reference")
        .order_by("decided_on", "pk")
    )
    for c in courts:
        if c.case_id not in found or c.decided_on < found[c.case_id]["decided_on"]:
            continue  # no final decision, or a later review stands over the ruling
        found[c.case_id] = {
            "rating": c.kpi_rating,
            "source": "court",
            "decided_on": c.decided_on,
            "reference": c.reference,
        }
    return found


def hr_decision_basis(cycle: EvaluationCycle) -> list[dict[str, Any]]:
    """Per servant of the cycle, the KPI results that decisions on bonuses, incentives,
    rotation, demotion or dismissal stand on (§7, §18): the KPI sheet's state, the number of
    KPIs achieved and its rating; the final rating once the authorized person approved the
    commission's results (None before); what it is the basis for, and whether it is flagged
    (unsatisfactory: rotation, demotion or dismissal). Excluded servants (§4) are listed with
    their eligibility and no sheet. Four queries."""
    sheets = {
        sheet.case_id: sheet
        for sheet in KpiSheet.objects.filter(case__cycle=cycle).only(
            "case_id", "state", "achieved_count", "rating"
        )
    }
    cases = list(case_list(cycle))
    finals = _final_kpi(cycle)
    basis = []
    for case in cases:
        sheet = sheets.get(case.pk)
        final = finals.get(case.pk)
        rating = final["rating"] if final else None
        flagged = rating == KpiRating.UNSATISFACTORY
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
                "final": final,
                "basis_for": [] if rating is None else [*FOR_PAY, *(FOR_CAREER if flagged else ())],
                "flagged": flagged,
            }
        )
    return basis
