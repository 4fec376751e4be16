"""REST endpoints of the competency track: the competency sheet (Annex 3) marked by the direct
supervisor, signed, seen by the servant and put before the commission by HR (§25–§28), and
the servant's development needs it shows (§27).

Every read and write first finds the case among those the caller may see (their own as a
servant, their subordinates' as a supervisor, their body's as HR; everything for an
operator): any other answers 404, as if it did not exist. The services then decide who the
caller is to the case and whether the workflow table lets them act now: an action out of
turn or by the wrong person is 409 and changes nothing; marks outside the sheet are 422 with
one entry per competency (`marks.integrity`).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from bagalau.competency import schemas as s
from bagalau.competency.models import CompetencySheet
from bagalau.competency.selectors import competency_sheet_document, development_needs
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.selectors import visible_cases

router = Router(tags=["competency"])


# --- lookups: what the caller may see, else 404 ---------------------------------------------


def _sheets():
    # what competency_sheet_document reads besides the items
    return CompetencySheet.objects.select_related(
        "case__cycle__methodology_version", "revision__version"
    )


def _case(user: Any, case_id: int) -> EvaluationCase:
    case = visible_cases(user).filter(pk=case_id).first()
    if case is None:
        raise Http404(_("no evaluation case with the id %(id)d") % {"id": case_id})
    return case


def _sheet_of(user: Any, case_id: int) -> CompetencySheet:
    case = _case(user, case_id)
    sheet = _sheets().filter(case=case).first()
    if sheet is None:
        message = _(
            "the competency sheet of case %(id)d is not drawn up yet: the direct supervisor "
            "makes it by marking the indicators shown"
        )
        raise Http404(message % {"id": case_id})
    return sheet


def _sheet(user: Any, sheet_id: int) -> CompetencySheet:
    sheet = _sheets().filter(pk=sheet_id, case__in=visible_cases(user)).first()
    if sheet is None:
        raise Http404(_("no competency sheet with the id %(id)d") % {"id": sheet_id})
    return sheet


def _document(sheet: CompetencySheet) -> dict[str, Any]:
    return competency_sheet_document(_sheets().get(pk=sheet.pk))


# --- the competency sheet -------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/competency-sheet",
    response=s.CompetencySheetOut,
    summary="The competency sheet of a case",
)
def competency_sheet_detail(request: HttpRequest, case_id: int):
    """The case's competency sheet (Annex 3): per competency of the position's Annex 4 row
    (§26), each effective indicator and whether it was shown, how many are needed and the
    result (§27), and where a competency is not met the indicators not observed.

    404 until the direct supervisor first marks it (the sheet is made then).
    """
    return competency_sheet_document(_sheet_of(request.auth, case_id))


@router.put(
    "/cases/{case_id}/competency-sheet/marks",
    response=s.CompetencySheetOut,
    summary="Mark the indicators shown",
)
def competency_sheet_marks_save(request: HttpRequest, case_id: int, payload: s.MarksIn):
    """The direct supervisor marks, per competency, the effective indicators the servant
    showed (§25–§26); each competency marked is then met when at least three quarters of
    its indicators were shown (§27). The sheet is made on the first call from the Annex 4
    catalogue in force for the position's category (Annex 3; the starred competencies only
    where the position provides public services); `{"marks": {}}` just makes it.

    Allowed while the sheet is a draft (409 once signed: `reopen` it first); anyone but the
    direct supervisor is 409. A code not on the sheet or a number outside 1..n is 422 on
    `marks.<code>`; a servant not evaluated in the cycle (§4) is 422.
    """
    _case(request.auth, case_id)
    sheet = competency_sheet_mark(case_id=case_id, marks=payload.marks, actor=request.auth)
    return _document(sheet)


@router.post(
    "/competency-sheets/{sheet_id}/{action}",
    response=s.CompetencySheetOut,
    summary="Act on a competency sheet",
)
def competency_sheet_act_endpoint(request: HttpRequest, sheet_id: int, action: s.SheetAction):
    """Act on a competency sheet (§25–§28):

    - `sign` (direct supervisor, a draft): every competency must be assessed (422 on
      `marks` otherwise, §25); HR then has 2 working days to put it before the commission
      (`commission_due`, §28);
    - `reopen` (direct supervisor, a signed sheet not yet with the commission): back to a
      draft for a correction; the signature and the servant's acknowledgement are cleared;
    - `acknowledge` (the servant, once signed): they have seen it (Annex 3); once only;
    - `to_commission` (HR, a signed sheet, §28).

    Anyone else, or any action out of turn, is 409 with the reason, and nothing changes.
    """
    _sheet(request.auth, sheet_id)
    sheet = competency_sheet_act(sheet_id=sheet_id, action=action, actor=request.auth)
    return _document(sheet)


# --- development needs ----------------------------------------------------------------------


@router.get(
    "/cases/{case_id}/development-needs",
    response=list[s.DevelopmentNeedOut],
    summary="The servant's development needs",
)
def development_needs_endpoint(request: HttpRequest, case_id: int):
    """For each competency the servant does not meet, the behavioural indicators not
    observed (§7 second paragraph, §27): what to develop. Empty when every competency
    marked is met; 404 until the competency sheet is made. For the servant, their
    supervisors and HR.
    """
    return development_needs(_sheet_of(request.auth, case_id))
