"""The competency sheet (Annex 3) as a state machine. Pure: standard library only."""

from __future__ import annotations

from enum import StrEnum

from bagalau.core.workflow import Role, Workflow


class CompetencySheetState(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"  # by the direct supervisor (§25)
    WITH_COMMISSION = "with_commission"  # put before the commission by HR (§28)


C = CompetencySheetState
D, S, H = Role.DIRECT_SUPERVISOR, Role.SERVANT, Role.HR

COMPETENCY_SHEET = Workflow(
    name="competency_sheet",
    initial=C.DRAFT,
    states=list(C),
    rows=[
        # state          action          role  next state
        (C.DRAFT, "edit", D, C.DRAFT),  # §25–§26: mark the indicators shown
        (C.DRAFT, "sign", D, C.SIGNED),  # §25
        (C.SIGNED, "reopen", D, C.DRAFT),  # a correction before HR sends it on
        (C.SIGNED, "acknowledge", S, C.SIGNED),  # the servant has seen it (Annex 3)
        (C.SIGNED, "to_commission", H, C.WITH_COMMISSION),  # §28: within 2 working days
        (C.WITH_COMMISSION, "acknowledge", S, C.WITH_COMMISSION),
    ],
)

# The actions a person fires through `competency_sheet_act` and the API ("edit" is marking).
SHEET_ACTIONS = ("sign", "reopen", "acknowledge", "to_commission")
