"""Writes of the competency track: building a sheet from Annex 4, marking the indicators
shown, signing, acknowledging, putting it before the commission (§25–§28)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.rules import competency_result
from bagalau.competency.workflow import COMPETENCY_SHEET, SHEET_ACTIONS, CompetencySheetState
from bagalau.core.workflow import TransitionRefused
from bagalau.evaluation.acting import (
    CaseContext,
    audit_case,
    case_context,
    deadline_met,
    moment,
    require_evaluated,
)
from bagalau.methodology.catalogue_rules import competencies_for
from bagalau.methodology.models import BehaviouralIndicator, CatalogueRow
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import catalogue_revision_of, revision_catalogue
from bagalau.orgstructure.rules import normalise_category
from bagalau.workcalendar.selectors import add_working_days


def _build(ctx: CaseContext, actor: Any) -> CompetencySheet:
    """The sheet for the case's position: the competencies of its Annex 4 row (§26), without
    the starred ones where the position provides no public services (Annex 3 footnote)."""
    case = ctx.case
    version = case.cycle.methodology_version
    revision = catalogue_revision_of(version)
    if revision is None:
        raise ValidationError(
            _("the methodology %(version)s has no competency catalogue (Annex 4) loaded")
            % {"version": version.code}
        )
    position = case.position
    category = normalise_category(position.category)
    group = ctx.rules.category_group(category, position.heads_subdivision)
    chosen = competencies_for(
        revision_catalogue(revision),
        ctx.rules.category_groups,
        category,
        position.heads_subdivision,
        provides_public_services=position.provides_public_services,
    )
    if group is None or not chosen:
        raise ValidationError(
            _("the position's category %(category)s is in no row of Annex 4 of %(version)s")
            % {"category": category, "version": version.code}
        )
    sheet = CompetencySheet.objects.create(
        case=case,
        revision=revision,
        category=category,
        heads_subdivision=position.heads_subdivision,
        provides_public_services=position.provides_public_services,
        group=group.code,
        state=CompetencySheetState.DRAFT,
    )
    rows = {
        (row.competency.code, row.group): row
        for row in CatalogueRow.objects.filter(competency__revision=revision).select_related(
            "competency"
        )
    }
    CompetencyAssessment.objects.bulk_create(
        CompetencyAssessment(
            sheet=sheet,
            number=n,
            competency=rows[(competency.code, cell.group)].competency,
            row=rows[(competency.code, cell.group)],
        )
        for n, (competency, cell) in enumerate(chosen, start=1)
    )
    audit_case(
        actor,
        sheet,
        "competency_sheet.create",
        case,
        None,
        {
            "revision": revision.number,
            "of": revision.version.code,
            "category": category,
            "heads_subdivision": position.heads_subdivision,
            "public_services": position.provides_public_services,
            "competencies": [c.code for c, _cell in chosen],
        },
        channel="competency",
    )
    return sheet


def _effective(row_id_indicators: list[BehaviouralIndicator]) -> list[BehaviouralIndicator]:
    """The indicators that count: those with an effective wording (§26–§27)."""
    return [i for i in row_id_indicators if i.effective_kk]


def _threshold(rules: MethodologyRules):
    return rules.competency_threshold


@transaction.atomic
def competency_sheet_mark(
    *,
    case_id: int,
    marks: dict[str, list[int]],
    actor: Any,
    on: dt.date | None = None,
) -> CompetencySheet:
    """The direct supervisor marks, per competency code, the numbers of the effective
    indicators the servant showed; each result follows §27. The sheet is built on the
    first mark. A competency marked with an empty list is assessed as showing none."""
    ctx = case_context(case_id, actor, on)
    require_evaluated(ctx.case)
    sheet = CompetencySheet.objects.select_for_update().filter(case=ctx.case).first()
    COMPETENCY_SHEET.next(sheet.state if sheet else CompetencySheetState.DRAFT, "edit", ctx.roles)
    if sheet is None:
        sheet = _build(ctx, actor)
    items = {
        item.competency.code: item
        for item in sheet.items.select_related("competency", "row").prefetch_related(
            "row__indicators", "shown"
        )
    }
    errors: dict[str, list[str]] = {}
    changes = {}
    for code, numbers in marks.items():
        item = items.get(code)
        if item is None:
            errors.setdefault(f"marks.{code}", []).append(
                _("%(code)s is not a competency of this sheet") % {"code": code}
            )
            continue
        indicators = _effective(sorted(item.row.indicators.all(), key=lambda i: i.position))
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            errors.setdefault(f"marks.{code}", []).append(_("a list of indicator numbers"))
            continue
        wrong = sorted({n for n in numbers if not 1 <= n <= len(indicators)})
        if wrong:
            errors.setdefault(f"marks.{code}", []).append(
                _("%(code)s has indicators 1–%(count)s; there is no %(numbers)s")
                % {
                    "code": code,
                    "count": len(indicators),
                    "numbers": ", ".join(map(str, wrong)),
                }
            )
            continue
        shown = [indicators[n - 1] for n in sorted(set(numbers))]
        number = {i.pk: n for n, i in enumerate(indicators, start=1)}
        before = sorted(number[i.pk] for i in item.shown.all() if i.pk in number)
        item.shown.set(shown)
        item.result = competency_result(len(shown), len(indicators), _threshold(ctx.rules))
        item.save(update_fields=["result"])
        changes[code] = {
            "before": before,
            "after": sorted(set(numbers)),
            "result": item.result,
        }
    if errors:
        raise ValidationError(errors)
    sheet.save(update_fields=["updated_at"])
    audit_case(actor, sheet, "competency_sheet.edit", ctx.case, None, changes, channel="competency")
    return sheet


@transaction.atomic
def competency_sheet_act(
    *, sheet_id: int, action: str, actor: Any, on: dt.date | None = None
) -> CompetencySheet:
    """Sign or reopen (direct supervisor), acknowledge (servant), put before the commission
    (HR, within 2 working days of the signature, §28)."""
    # The case first, then the sheet: every write locks in that order.
    ctx = case_context(CompetencySheet.objects.get(pk=sheet_id).case_id, actor, on)
    sheet = CompetencySheet.objects.select_for_update().get(pk=sheet_id)
    require_evaluated(ctx.case)
    if action not in SHEET_ACTIONS:
        raise TransitionRefused(
            workflow=COMPETENCY_SHEET.name,
            state=sheet.state,
            action=action,
            reason="unknown_action",
        )
    new_state = COMPETENCY_SHEET.next(sheet.state, action, ctx.roles)
    before = {"state": sheet.state}
    after: dict[str, Any] = {"state": new_state}
    now = moment(ctx.on)
    if action == "sign":
        missing = [
            item.competency.name_kk
            for item in sheet.items.select_related("competency")
            if not item.result
        ]
        if missing:
            raise ValidationError(
                {
                    "marks": [
                        _("assess every competency before signing; not yet: %(names)s")
                        % {"names": "; ".join(missing)}
                    ]
                }
            )
        sheet.signed_at = now
        sheet.commission_due = add_working_days(
            ctx.on, ctx.rules.deadlines["competency_sheet_to_commission"]
        )
        after["commission_due"] = sheet.commission_due
        after["results"] = dict(
            sheet.items.values_list("competency__code", "result").order_by("number")
        )
    elif action == "reopen":
        sheet.signed_at = sheet.commission_due = sheet.acknowledged_at = None
    elif action == "acknowledge":
        if sheet.acknowledged_at is not None:
            raise ValidationError(_("the servant has seen this sheet already"))
        sheet.acknowledged_at = now
    elif action == "to_commission":
        sheet.to_commission_at = now
        after.update(deadline_met(sheet.commission_due, ctx.on))
    sheet.state = new_state
    sheet.full_clean()
    sheet.save()
    audit_case(
        actor, sheet, f"competency_sheet.{action}", ctx.case, before, after, channel="competency"
    )
    return sheet
