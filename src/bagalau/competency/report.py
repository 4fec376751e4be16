"""The development-needs report of a cycle (құзыреттерді дамыту қажеттіліктері), for HR.

§7: competency results are the basis for developing the servants' competencies only; this
report is what HR plans training on. Over the cycle's competency sheets that the direct
supervisor has signed (or that HR has put before the commission, §28) it counts, per
competency, the servants who did not meet it (§27) and, per behavioural indicator, the
servants who did not show it while not meeting its competency — each by subdivision and by
position category, with the totals. No servant is named.

Three queries whatever the number of sheets (the assessments with their sheets, positions,
subdivisions and competencies; the indicators of the rows not met; the indicators shown on
the assessments not met), plus one per act the cycle's methodology version amends or
adopts (its chain of versions, to name the Annex 4 groups) unless the caller loaded it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from bagalau.competency.models import CompetencyAssessment
from bagalau.competency.rules import CompetencyResult
from bagalau.competency.workflow import CompetencySheetState
from bagalau.evaluation.models import EvaluationCycle
from bagalau.methodology.models import BehaviouralIndicator
from bagalau.methodology.selectors import version_rules

# The sheets that count: the direct supervisor's assessment is final (§25, §28).
COUNTED_STATES = (CompetencySheetState.SIGNED, CompetencySheetState.WITH_COMMISSION)
NO_SUBDIVISION = ""  # the key of positions outside any structural subdivision
NO_SUBDIVISION_KK = "Құрылымдық бөлімшеден тыс"
NO_SUBDIVISION_RU = "Вне структурных подразделений"


def _breakdown(
    counts: dict[tuple[str, str], int], subdivisions: list[str], categories: list[str]
) -> dict[str, Any]:
    """{total, by_subdivision, by_category} from counts keyed (subdivision, category); every
    subdivision and category of the report is listed, zeros included."""
    by_subdivision = dict.fromkeys(subdivisions, 0)
    by_category = dict.fromkeys(categories, 0)
    for (subdivision, category), n in counts.items():
        by_subdivision[subdivision] += n
        by_category[category] += n
    return {
        "total": sum(counts.values()),
        "by_subdivision": by_subdivision,
        "by_category": by_category,
    }


def development_needs_report(cycle: EvaluationCycle) -> dict[str, Any]:
    """The cycle's development needs by competency and indicator, by subdivision and by
    position category (§7 second paragraph, §27).

    `assessed` counts the servants whose sheets count (signed or before the commission);
    a competency's `assessed` leaves out those not evaluated on it (the starred ones,
    Annex 3 footnote). An indicator is keyed by its Annex 4 group and its number among the
    competency's indicators there (a sheet built from an earlier catalogue revision counts
    under the same number; the wording shown is the first met); indicators no one lacks are
    left out. Pass the cycle with its organisation and methodology version loaded
    (`cycle_list`, `visible_cycles` do) to keep to the queries counted above.
    """
    assessments = list(
        CompetencyAssessment.objects.filter(
            sheet__case__cycle=cycle, sheet__state__in=COUNTED_STATES
        ).values_list(
            "pk",
            "sheet_id",
            "result",
            "row_id",
            "sheet__category",
            "sheet__group",
            "competency__code",
            "competency__position",
            "competency__name_kk",
            "competency__name_ru",
            "sheet__case__position__subdivision__code",
            "sheet__case__position__subdivision__name_kk",
            "sheet__case__position__subdivision__name_ru",
        )
    )
    not_met = [a for a in assessments if a[2] == CompetencyResult.DOES_NOT_MEET]
    # The effective indicators of each row not met, numbered as on the sheet (§26–§27).
    row_indicators: dict[int, list[BehaviouralIndicator]] = defaultdict(list)
    if not_met:
        for indicator in (
            BehaviouralIndicator.objects.filter(row_id__in={a[3] for a in not_met})
            .exclude(effective_kk="")
            .order_by("row_id", "position", "pk")
        ):
            row_indicators[indicator.row_id].append(indicator)
    shown: dict[int, set[int]] = defaultdict(set)
    if not_met:
        through = CompetencyAssessment.shown.through
        for assessment_id, indicator_id in through.objects.filter(
            competencyassessment__sheet__case__cycle=cycle,
            competencyassessment__sheet__state__in=COUNTED_STATES,
            competencyassessment__result=CompetencyResult.DOES_NOT_MEET,
        ).values_list("competencyassessment_id", "behaviouralindicator_id"):
            shown[assessment_id].add(indicator_id)

    subdivision_names: dict[str, tuple[str, str]] = {}
    sheets: dict[int, tuple[str, str]] = {}  # sheet → (subdivision, category)
    competencies: dict[str, dict[str, Any]] = {}
    assessed_on: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    unmet: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    indicators: dict[tuple[str, str, int], dict[str, Any]] = {}
    not_shown: dict[tuple[str, str, int], dict[tuple[str, str], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for (
        pk,
        sheet_id,
        result,
        row_id,
        category,
        group,
        code,
        position,
        name_kk,
        name_ru,
        sub_code,
        sub_kk,
        sub_ru,
    ) in assessments:
        subdivision = sub_code or NO_SUBDIVISION
        subdivision_names.setdefault(
            subdivision,
            (sub_kk, sub_ru) if sub_code else (NO_SUBDIVISION_KK, NO_SUBDIVISION_RU),
        )
        where = (subdivision, category)
        sheets[sheet_id] = where
        competencies.setdefault(
            code, {"code": code, "position": position, "name_kk": name_kk, "name_ru": name_ru}
        )
        assessed_on[code][where] += 1
        if result != CompetencyResult.DOES_NOT_MEET:
            continue
        unmet[code][where] += 1
        for number, indicator in enumerate(row_indicators[row_id], start=1):
            if indicator.pk in shown[pk]:
                continue
            key = (code, group, number)
            indicators.setdefault(
                key,
                {
                    "group": group,
                    "number": number,
                    "effective_kk": indicator.effective_kk,
                    "effective_ru": indicator.effective_ru,
                },
            )
            not_shown[key][where] += 1

    subdivisions = sorted(subdivision_names, key=lambda code: (code == NO_SUBDIVISION, code))
    categories = sorted({category for _sub, category in sheets.values()})
    groups = {g.code: g for g in version_rules(cycle.methodology_version).category_groups}
    order = {code: n for n, code in enumerate(groups)}  # Annex 4's rows, top to bottom
    servants: dict[tuple[str, str], int] = defaultdict(int)
    for where in sheets.values():
        servants[where] += 1
    total = _breakdown(servants, subdivisions, categories)
    organisation = cycle.organisation
    return {
        "cycle": {
            "id": cycle.pk,
            "organisation": organisation.code,
            "organisation_kk": organisation.name_kk,
            "organisation_ru": organisation.name_ru,
            "period": cycle.label,
            "methodology_version": cycle.methodology_version.code,
        },
        "states": [str(s) for s in COUNTED_STATES],
        "assessed": total,
        "subdivisions": [
            {
                "code": code,
                "name_kk": subdivision_names[code][0],
                "name_ru": subdivision_names[code][1],
                "assessed": total["by_subdivision"][code],
            }
            for code in subdivisions
        ],
        "categories": [
            {"code": code, "assessed": total["by_category"][code]} for code in categories
        ],
        "competencies": [
            {
                "code": c["code"],
                "name_kk": c["name_kk"],
                "name_ru": c["name_ru"],
                "assessed": _breakdown(assessed_on[c["code"]], subdivisions, categories),
                "not_met": _breakdown(unmet[c["code"]], subdivisions, categories),
                "indicators": [
                    {
                        **indicators[key],
                        "group_kk": groups[key[1]].name_kk if key[1] in groups else key[1],
                        "group_ru": groups[key[1]].name_ru if key[1] in groups else key[1],
                        "not_shown": _breakdown(not_shown[key], subdivisions, categories),
                    }
                    for key in sorted(
                        (k for k in indicators if k[0] == c["code"]),
                        key=lambda k: (order.get(k[1], len(order)), k[1], k[2]),
                    )
                ],
            }
            for c in sorted(competencies.values(), key=lambda c: (c["position"], c["code"]))
        ],
    }


# --- XLSX ----------------------------------------------------------------------------------

HEADER_ROWS = 6  # title kk, title ru, body kk, body ru, column headers kk, column headers ru
SHEETS = {
    # view: (sheet title (at most 31 characters), title kk, title ru)
    "competency": (
        "Құзыреттер – Компетенции",
        "Дамыту қажеттіліктері: құзыреттер бойынша",
        "Потребности в развитии: по компетенциям",
    ),
    "indicator": (
        "Индикаторлар – Индикаторы",
        "Дамыту қажеттіліктері: мінез-құлық индикаторлары бойынша",
        "Потребности в развитии: по поведенческим индикаторам",
    ),
    "subdivision": (
        "Бөлімшелер – Подразделения",
        "Дамыту қажеттіліктері: құрылымдық бөлімшелер бойынша",
        "Потребности в развитии: по структурным подразделениям",
    ),
    "category": (
        "Санаттар – Категории",
        "Дамыту қажеттіліктері: лауазым санаттары бойынша",
        "Потребности в развитии: по категориям должностей",
    ),
}
ASSESSED_KK, ASSESSED_RU = "Бағаланғандар", "Оценено"
NOT_MET_KK, NOT_MET_RU = "Күтілген нәтижеге сәйкес емес", "Не соответствует ожиданиям"
NOT_SHOWN_KK, NOT_SHOWN_RU = "Индикаторды көрсетпегендер", "Не проявили индикатор"
TOTAL_KK, TOTAL_RU = "Барлығы", "Всего"


# competency kk, competency ru, Annex 4 group, number, indicator kk, indicator ru
INDICATOR_KK = [
    "Құзырет",
    "Құзырет (орысша)",
    "Санаттар тобы",
    "№",
    "Мінез-құлық индикаторы",
    "Индикатор (орысша)",
]
INDICATOR_RU = [
    "Компетенция (на казахском)",
    "Компетенция",
    "Группа категорий",
    "№",
    "Поведенческий индикатор (на казахском)",
    "Поведенческий индикатор",
]


def _indicator_cells(competency: dict[str, Any], indicator: dict[str, Any]) -> list:
    return [
        competency["name_kk"],
        competency["name_ru"],
        f"{indicator['group_kk']} / {indicator['group_ru']}",
        indicator["number"],
        indicator["effective_kk"],
        indicator["effective_ru"],
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _begin(workbook: Any, view: str, report: dict[str, Any], kk: list, ru: list) -> Any:
    title, title_kk, title_ru = SHEETS[view]
    sheet = workbook.create_sheet(title)
    cycle = report["cycle"]
    states = "қол қойылған және комиссияға ұсынылған парақтар"
    sheet.append([title_kk])
    sheet.append([title_ru])
    sheet.append([f"{cycle['organisation_kk']}, {cycle['period']} ж.; {states}"])
    sheet.append(
        [f"{cycle['organisation_ru']}, {cycle['period']} г.; подписанные и внесённые на комиссию"]
    )
    sheet.append(kk)
    sheet.append(ru)
    return sheet


def development_needs_xlsx(cycle: EvaluationCycle) -> bytes:
    """The report as a workbook: a sheet per view (by competency, by indicator, by
    subdivision, by category), each with its header rows in Kazakh and Russian and the
    figures from row HEADER_ROWS + 1."""
    from openpyxl import Workbook

    report = development_needs_report(cycle)
    workbook = Workbook()
    workbook.remove(workbook.active)
    subdivisions, categories = report["subdivisions"], report["categories"]

    sheet = _begin(
        workbook,
        "competency",
        report,
        ["№", "Құзырет", "Компетенция", ASSESSED_KK, NOT_MET_KK, "Үлесі, %"],
        ["№", "Құзырет", "Компетенция", ASSESSED_RU, NOT_MET_RU, "Доля, %"],
    )
    for n, c in enumerate(report["competencies"], start=1):
        assessed, not_met = c["assessed"]["total"], c["not_met"]["total"]
        sheet.append([n, c["name_kk"], c["name_ru"], assessed, not_met, _share(not_met, assessed)])

    sheet = _begin(
        workbook,
        "indicator",
        report,
        [*INDICATOR_KK, NOT_SHOWN_KK],
        [*INDICATOR_RU, NOT_SHOWN_RU],
    )
    for c in report["competencies"]:
        for i in c["indicators"]:
            sheet.append([*_indicator_cells(c, i), i["not_shown"]["total"]])

    for view, columns, key in (
        ("subdivision", subdivisions, "by_subdivision"),
        ("category", categories, "by_category"),
    ):
        codes = [c["code"] for c in columns]
        sheet = _begin(
            workbook,
            view,
            report,
            [*INDICATOR_KK, *(c.get("name_kk", c["code"]) for c in columns), TOTAL_KK],
            [*INDICATOR_RU, *(c.get("name_ru", c["code"]) for c in columns), TOTAL_RU],
        )

        def figures(breakdown: dict[str, Any], key: str = key, codes: list = codes) -> list:
            return [*(breakdown[key][code] for code in codes), breakdown["total"]]

        sheet.append([ASSESSED_KK, ASSESSED_RU, "", None, "", "", *figures(report["assessed"])])
        for c in report["competencies"]:
            sheet.append([c["name_kk"], c["name_ru"], "", None, "", "", *figures(c["not_met"])])
            for i in c["indicators"]:
                sheet.append([*_indicator_cells(c, i), *figures(i["not_shown"])])

    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
