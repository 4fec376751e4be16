"""The evaluation tracks' forms as `layout.Form`s, in Kazakh or Russian: Annex 1 (a work
plan), Annex 2 (a KPI sheet), Annex 3 (a competency sheet) and Annex 4 (the behavioural
indicators of a case's position).

Each builder reads its document in a fixed number of queries whatever the number of KPIs
or competencies, takes the printed wording from `data/forms_tracks.yaml` for the cycle's
methodology version (`wording.form_wording`), and lays the document out as the law's form.
The officials who sign are the holders of the positions above the servant's (the direct
supervisor; the superior supervisor, or the first head, as approver), on the day they
signed. Dates are ISO in signatures, DD.MM.YYYY in table cells.

Besides the layout's fields, each Form's `extra` carries the renderers' hints
(`documents/render.py`): `landscape` (a table of many columns), `form_mark` (the "Нысан" /
"Форма" line under the annex line; "" where the act prints none) and `labels` (the words
before the date and signature blanks, as the act prints them). A table cell listing
indicators puts one a line ("\n").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone

from bagalau.competency.models import CompetencySheet
from bagalau.competency.rules import CompetencyResult
from bagalau.competency.selectors import sheet_items
from bagalau.documents.layout import Approval, Form, Signature, Table
from bagalau.documents.wording import form_wording
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import reporting_lines
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, WorkPlan
from bagalau.kpi.workflow import PlanState
from bagalau.methodology.catalogue_rules import Cell, Indicator, competencies_for
from bagalau.methodology.rules import CategoryGroup
from bagalau.methodology.selectors import (
    catalogue_revision_of,
    revision_catalogue,
    version_rules,
)
from bagalau.orgstructure.models import Servant
from bagalau.orgstructure.rules import normalise_category
from bagalau.orgstructure.selectors import position_holder

LANGUAGES = ("kk", "ru")

# A plan stands approved in these states (a superseded plan was approved once).
_APPROVED = (PlanState.APPROVED, PlanState.SUPERSEDED)
# The direct supervisor has signed (submitted) the plan in these states.
_SUBMITTED = (PlanState.SUBMITTED, *_APPROVED)


# --- small helpers ----------------------------------------------------------------------------


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"no forms in {lang!r}; the languages are {', '.join(LANGUAGES)}")


def _in(lang: str, kk: str | None, ru: str | None) -> str:
    """The text in `lang`, else in the other language, else ""."""
    first, second = (kk, ru) if lang == "kk" else (ru, kk)
    return first or second or ""


def _iso(moment: dt.datetime | None) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


def _day(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _number(value: Decimal | None) -> str:
    """A decimal as printed: no trailing zeros, a decimal comma ("91", "12,5")."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


def _on(moment: dt.datetime | None) -> dt.date:
    """The day whose position holders sign: the day signed, else today."""
    return timezone.localdate(moment) if moment else timezone.localdate()


def _short(servant: Servant | None) -> str:
    return servant.short_name if servant is not None else ""


# Kazakh and Russian letters in Latin (ъ and ь dropped), for file names only.
_LATIN = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
    **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ю": "iu", "я": "ia", "ъ": "", "ь": ""},
}


def _latin(text: str) -> str:
    """ASCII for a file name: Kazakh and Russian letters transliterated, the rest dropped."""
    out = "".join(_LATIN.get(ch, ch) for ch in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", out.encode("ascii", "ignore").decode()).strip("-")


def _filename(annex: int, case: EvaluationCase, lang: str) -> str:
    """ "annex1-2025-asanov-17-kk": the surname to find it by, the case's id to keep servants
    of one surname apart."""
    who = "-".join(p for p in (_latin(case.servant.surname), str(case.pk)) if p)
    return f"annex{annex}-{case.cycle.period_start.year}-{who}-{lang}"


def _extra(words: Mapping[str, Any], *, landscape: bool) -> dict[str, Any]:
    return {
        "landscape": landscape,
        "form_mark": words.get("form_mark", ""),
        "labels": dict(words.get("labels") or {}),
    }


def _signature(
    words: Mapping[str, Any], name: str = "", moment: dt.datetime | None = None
) -> Signature:
    return Signature(
        role=words["role"],
        name=name,
        date=_iso(moment),
        signed=moment is not None,
        hint=words.get("hint", ""),
    )


def _approval(words: Mapping[str, Any], name: str, moment: dt.datetime | None) -> Approval:
    """The "APPROVED" block: blank until the approver has signed."""
    block = words["approval"]
    return Approval(
        heading=block["heading"],
        signature=_signature(block, name if moment else "", moment),
    )


def _table(columns: Mapping[str, str], keys: Iterable[str], widths, rows) -> Table:
    keys = tuple(keys)
    return Table(
        columns=tuple(columns[k] for k in keys),
        rows=tuple(tuple(row) for row in rows),
        widths=tuple(widths),
    )


def _lines(texts: Iterable[str | None]) -> str:
    """Indicator wordings in a cell, one a line (each keeps the act's own ";")."""
    return "\n".join(t for t in texts if t)


# --- Annex 1: the individual work plan --------------------------------------------------------

_PLAN_COLUMNS = ("number", "name", "source", "unit", "planned", "deadline", "key_result")


def _source(kpi: Kpi, sources: Mapping[str, str]) -> str:
    label = sources.get(kpi.source, "") if kpi.source else ""
    reference = kpi.source_reference.strip()
    return f"{label}: {reference}" if label and reference else label or reference


def work_plan_form(plan: WorkPlan, lang: str) -> Form:
    """Annex 1: the plan's KPIs under the approval of the superior supervisor (or the first
    head, §11). A plan not approved is a draft with a blank approval block."""
    _check(lang)
    plan = (
        WorkPlan.objects.select_related(
            "case__servant",
            "case__position__subdivision",
            "case__cycle__methodology_version",
            "approved_by__servant",
        )
        .prefetch_related(Prefetch("kpis", queryset=Kpi.objects.order_by("number")))
        .get(pk=plan.pk)
    )
    case = plan.case
    words = form_wording(case.cycle.methodology_version, "annex1", lang)
    lines = reporting_lines(case.cycle.organisation_id)
    approved = plan.state in _APPROVED and plan.approved_at is not None
    approver = ""
    if approved:
        try:
            approver = _short(plan.approved_by.servant) if plan.approved_by else ""
        except ObjectDoesNotExist:  # approved by a user who is no servant (an operator)
            approver = ""
        if not approver:
            approver = _short(
                position_holder(lines.approver(case.position_id), _on(plan.approved_at))
            )
    submitted = plan.submitted_at if plan.state in _SUBMITTED else None
    supervisor = position_holder(lines.direct_supervisor(case.position_id), _on(submitted))
    position = case.position
    subdivision = position.subdivision
    columns = words["columns"]
    return Form(
        lang=lang,
        annex=words["annex"],
        title=words["title"],
        approval=_approval(words, approver, plan.approved_at if approved else None),
        fields=(
            (
                words["period"]["label"],
                words["period"]["value"].format(year=plan.period_start.year),
            ),
            (words["fields"]["full_name"], case.servant.full_name),
            (words["fields"]["position"], _in(lang, position.title_kk, position.title_ru)),
            (
                words["fields"]["subdivision"],
                _in(lang, subdivision.name_kk, subdivision.name_ru) if subdivision else "",
            ),
        ),
        tables=(
            _table(
                columns,
                _PLAN_COLUMNS,
                (0.6, 3.2, 3.4, 1.3, 1.3, 1.5, 3.2),
                (
                    (
                        str(k.number),
                        k.name,
                        _source(k, words["sources"]),
                        k.unit,
                        _number(k.planned_value),
                        _day(k.deadline),
                        k.key_result,
                    )
                    for k in plan.kpis.all()
                ),
            ),
        ),
        footnotes=tuple(words["footnotes"]),
        signatures=(
            # The servant signs the approved plan as seen ("acknowledge"); a blank before.
            _signature(
                words["signatures"]["servant"], case.servant.short_name, plan.acknowledged_at
            ),
            _signature(words["signatures"]["supervisor"], _short(supervisor), submitted),
        ),
        draft=not approved,
        draft_mark=words["draft_mark"],
        filename=_filename(1, case, lang),
        extra=_extra(words, landscape=True),
    )


# --- Annex 2: the KPI evaluation sheet --------------------------------------------------------

_SHEET_COLUMNS = ("number", "name", "unit", "planned", "actual", "achieved")


def kpi_sheet_form(sheet: KpiSheet, lang: str) -> Form:
    """Annex 2: each KPI's planned and actual value, achieved or not, and the year's rating
    (§18) in words; the approval block is the superior supervisor's agreement (§21). A sheet
    the direct supervisor has not signed is a draft, without a rating."""
    _check(lang)
    results = KpiResult.objects.select_related("kpi").order_by("kpi__number")
    sheet = (
        KpiSheet.objects.select_related(
            "case__servant", "case__position", "case__cycle__methodology_version"
        )
        .prefetch_related(Prefetch("results", queryset=results))
        .get(pk=sheet.pk)
    )
    case = sheet.case
    words = form_wording(case.cycle.methodology_version, "annex2", lang)
    lines = reporting_lines(case.cycle.organisation_id)
    approver = (
        position_holder(lines.approver(case.position_id), _on(sheet.agreed_at))
        if sheet.agreed_at
        else None
    )
    supervisor = position_holder(lines.direct_supervisor(case.position_id), _on(sheet.signed_at))
    signed = sheet.signed_at is not None
    position = _in(lang, case.position.title_kk, case.position.title_ru)

    def achieved(value: bool | None) -> str:
        if value is None:
            return ""
        return words["achieved"] if value else words["not_achieved"]

    return Form(
        lang=lang,
        annex=words["annex"],
        title=words["title"],
        approval=_approval(words, _short(approver), sheet.agreed_at),
        fields=(
            (words["fields"]["servant"], f"{case.servant.full_name}, {position}"),
            (
                words["fields"]["period"],
                words["period_value"].format(year=case.cycle.period_start.year),
            ),
        ),
        tables=(
            _table(
                words["columns"],
                _SHEET_COLUMNS,
                (0.6, 4.2, 1.3, 1.3, 1.3, 2.3),
                (
                    (
                        str(r.kpi.number),
                        r.kpi.name,
                        r.kpi.unit,
                        _number(r.kpi.planned_value),
                        _number(r.actual_value),
                        achieved(r.achieved),
                    )
                    for r in sheet.results.all()
                ),
            ),
        ),
        results=(
            (
                words["result_label"],
                words["ratings"][sheet.rating] if signed and sheet.rating else "",
            ),
            ("", words["scale"]),
        ),
        signatures=(
            _signature(
                words["signatures"]["servant"], case.servant.short_name, sheet.acknowledged_at
            ),
            _signature(words["signatures"]["supervisor"], _short(supervisor), sheet.signed_at),
        ),
        draft=not signed,
        draft_mark=words["draft_mark"],
        filename=_filename(2, case, lang),
        extra=_extra(words, landscape=False),
    )


# --- Annex 3: the competency evaluation sheet -------------------------------------------------

_COMPETENCY_COLUMNS = ("number", "name", "result", "not_observed")


def competency_sheet_form(sheet: CompetencySheet, lang: str) -> Form:
    """Annex 3: each competency the sheet evaluates (the starred two only where the position
    provides public services), met or not, and the indicators not observed where not met."""
    _check(lang)
    sheet = CompetencySheet.objects.select_related(
        "case__servant", "case__position__subdivision", "case__cycle__methodology_version"
    ).get(pk=sheet.pk)
    case = sheet.case
    words = form_wording(case.cycle.methodology_version, "annex3", lang)
    lines = reporting_lines(case.cycle.organisation_id)
    supervisor = position_holder(lines.direct_supervisor(case.position_id), _on(sheet.signed_at))
    position = case.position
    subdivision = position.subdivision
    rows = []
    for item in sheet_items(sheet):
        competency = item.competency
        name = _in(lang, competency.name_kk, competency.name_ru)
        if competency.public_services_only:
            name += words["star"]
        not_observed = ""
        if item.result == CompetencyResult.DOES_NOT_MEET:
            shown = {i.pk for i in item.shown.all()}
            not_observed = _lines(
                _in(lang, i.effective_kk, i.effective_ru)
                for i in item.row.indicators.all()
                if i.pk not in shown
            )
        result = words["results"][item.result] if item.result else ""
        rows.append((str(item.number), name, result, not_observed))
    return Form(
        lang=lang,
        annex=words["annex"],
        title=words["title"],
        fields=(
            (
                words["fields"]["year"],
                words["year_value"].format(year=case.cycle.period_start.year),
            ),
            (words["fields"]["full_name"], case.servant.full_name),
            (words["fields"]["position"], _in(lang, position.title_kk, position.title_ru)),
            (
                words["fields"]["subdivision"],
                _in(lang, subdivision.name_kk, subdivision.name_ru) if subdivision else "",
            ),
        ),
        tables=(_table(words["columns"], _COMPETENCY_COLUMNS, (0.6, 3.0, 2.6, 5.0), rows),),
        footnotes=tuple(words["footnotes"]),
        signatures=(
            _signature(
                words["signatures"]["servant"], case.servant.short_name, sheet.acknowledged_at
            ),
            _signature(words["signatures"]["supervisor"], _short(supervisor), sheet.signed_at),
        ),
        draft=sheet.signed_at is None,
        draft_mark=words["draft_mark"],
        filename=_filename(3, case, lang),
        extra=_extra(words, landscape=False),
    )


# --- Annex 4: the behavioural indicators of a position ----------------------------------------

_ANNEX4_COLUMNS = ("competency", "category", "effective", "ineffective")


def _category_label(group: CategoryGroup, category: str, heads: bool, lang: str) -> str:
    for code, covers_heads, label_kk, label_ru in group.categories:
        if code == category and (covers_heads is None or covers_heads == heads):
            return _in(lang, label_kk, label_ru) or code
    return category


def _category_cell(cell: Cell, group: CategoryGroup, lang: str) -> str:
    """The Annex 4 category cell of a competency's row: as printed in Kazakh; in Russian the
    row's name, or, where this competency's row lists other categories, their labels."""
    if lang == "kk":
        return cell.categories_kk or group.name_kk
    if cell.categories is None:
        return group.name_ru or cell.categories_kk
    labels = {(code, heads): label_ru for code, heads, _kk, label_ru in group.categories}
    return "; ".join(labels.get((code, heads)) or code for code, heads in cell.categories)


def _wordings(indicators: Iterable[Indicator], lang: str, effective: bool) -> str:
    if effective:
        return _lines(_in(lang, i.effective_kk, i.effective_ru) for i in indicators)
    return _lines(_in(lang, i.ineffective_kk, i.ineffective_ru) for i in indicators)


def annex4_form(case: EvaluationCase, lang: str) -> Form:
    """Annex 4 for one servant: the competencies of their position's Annex 4 row (§26), each
    with its effective and ineffective indicators. The catalogue revision and the position's
    category, role and public-service duties are the competency sheet's where the case has
    one (the indicators it was evaluated on), else those in force and the position's now."""
    _check(lang)
    case = EvaluationCase.objects.select_related(
        "servant", "position", "cycle__methodology_version"
    ).get(pk=case.pk)
    version = case.cycle.methodology_version
    words = form_wording(version, "annex4", lang)
    rules = version_rules(version)
    sheet = CompetencySheet.objects.filter(case=case).select_related("revision").first()
    if sheet is not None:
        revision, category = sheet.revision, sheet.category
        heads, public = sheet.heads_subdivision, sheet.provides_public_services
    else:
        position = case.position
        revision = catalogue_revision_of(version)
        category = normalise_category(position.category)
        heads, public = position.heads_subdivision, position.provides_public_services
    if revision is None:
        raise LookupError(f"{version.code} has no competency catalogue (Annex 4) loaded")
    group = rules.category_group(category, heads)
    if group is None:
        raise LookupError(f"{category} is in no row of Annex 4 of {version.code}")
    chosen = competencies_for(
        revision_catalogue(revision),
        rules.category_groups,
        category,
        heads,
        provides_public_services=public,
    )
    rows = (
        (
            _in(lang, competency.name_kk, competency.name_ru),
            _category_cell(cell, group, lang),
            _wordings(cell.indicators, lang, effective=True),
            _wordings(cell.indicators, lang, effective=False),
        )
        for competency, cell in chosen
    )
    return Form(
        lang=lang,
        annex=words["annex"],
        title=words["title"],
        fields=(
            (words["fields"]["full_name"], case.servant.full_name),
            (
                words["fields"]["position"],
                _in(lang, case.position.title_kk, case.position.title_ru),
            ),
            (words["fields"]["category"], _category_label(group, category, heads, lang)),
        ),
        tables=(_table(words["columns"], _ANNEX4_COLUMNS, (2.2, 2.4, 4.7, 4.7), rows),),
        draft=False,
        filename=_filename(4, case, lang),
        extra=_extra(words, landscape=True),
    )
