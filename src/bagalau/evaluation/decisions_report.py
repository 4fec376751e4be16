"""The HR decisions view as a workbook (§7): per servant the final KPI rating and what it is
the basis for, the unsatisfactory ones flagged for rotation, demotion or dismissal. Built
from `hr_decision_basis`, so from KPI results only."""

from __future__ import annotations

import io

from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.models import EvaluationCycle

# Column headers, Kazakh row then Russian row (the workbook serves both languages at once).
HEADER_KK = [
    "№",
    "ЖСН",
    "Қызметшінің аты-жөні",
    "Лауазымы",
    "НМИ бағалау парағы",
    "Қол жеткізілген НМИ",
    "Парақтағы баға",
    "Қорытынды баға",
    "Қорытынды бағаның көзі",
    "Негіз",
    "Ротация, төмендету немесе босату мәселесі",
]
HEADER_RU = [
    "№",
    "ИИН",
    "Ф.И.О. служащего",
    "Должность",
    "Лист оценки КЦИ",
    "Достигнуто КЦИ",
    "Оценка в листе",
    "Итоговая оценка",
    "Источник итоговой оценки",
    "Основание для",
    "Вопрос ротации, понижения или увольнения",
]
RATING_WORDS = {
    "excellent": ("өте жақсы", "отлично"),
    "effective": ("тиімді", "эффективно"),
    "satisfactory": ("қанағаттанарлық", "удовлетворительно"),
    "unsatisfactory": ("қанағаттанарлықсыз", "неудовлетворительно"),
}
SOURCE_WORDS = {
    "sheet": ("парақ, комиссия бекіткен", "лист, утверждён комиссией"),
    "commission": ("комиссия түзеткен", "скорректировано комиссией"),
    "court": ("сот шешімі", "решение суда"),
}
BASIS_WORDS = {
    "bonus": ("сыйақы", "премирование"),
    "incentive": ("көтермелеу", "поощрение"),
    "rotation": ("ротация", "ротация"),
    "demotion": ("төмендету", "понижение"),
    "dismissal": ("босату", "увольнение"),
}


def _both(words: tuple[str, str] | None) -> str:
    return "" if words is None else f"{words[0]} / {words[1]}"


def hr_decisions_xlsx(cycle: EvaluationCycle) -> bytes:
    """One sheet: two header rows (Kazakh, Russian), then a row per servant of the cycle."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"HR {cycle.label}"[:31]
    sheet.append([f"{cycle.organisation.name_kk} — {cycle.label}"])
    sheet.append(HEADER_KK)
    sheet.append(HEADER_RU)
    for row in sheet.iter_rows(min_row=2, max_row=3):
        for cell in row:
            cell.font = Font(bold=True)
    flagged_fill = PatternFill("solid", fgColor="F8D7DA")
    for n, item in enumerate(hr_decision_basis(cycle), start=1):
        kpi = item["kpi_sheet"] or {}
        final = item["final"] or {}
        sheet.append(
            [
                n,
                item["iin"],
                item["name"],
                item["position"],
                kpi.get("state", ""),
                kpi.get("achieved_count"),
                _both(RATING_WORDS.get(kpi.get("rating") or "")),
                _both(RATING_WORDS.get(final.get("rating") or "")),
                _both(SOURCE_WORDS.get(final.get("source") or ""))
                + (f" ({final['reference']})" if final.get("reference") else ""),
                ", ".join(_both(BASIS_WORDS[b]) for b in item["basis_for"]),
                "✓" if item["flagged"] else "",
            ]
        )
        if item["flagged"]:
            for cell in sheet[sheet.max_row]:
                cell.fill = flagged_fill
    for letter, width in zip(
        "ABCDEFGHIJK", (5, 14, 34, 14, 16, 10, 26, 26, 30, 40, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
