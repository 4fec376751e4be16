"""The KPI track's documents as state machines: who may do what, in which state.

Pure: standard library only. Services fire these; only services assign the state field.
"""

from __future__ import annotations

from enum import StrEnum

from bagalau.core.workflow import Role, Workflow


class PlanState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    SUPERSEDED = "superseded"  # an approved plan replaced by a newer approved version


class SheetState(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"  # by the direct supervisor: with the superior supervisor (§19–§20)
    RETURNED = "returned"  # for insufficient or unreliable evidence (§22)
    AGREED = "agreed"  # signed by the superior supervisor (§21)
    WITH_COMMISSION = "with_commission"  # put before the commission by HR (§24)


D, A, S, H = Role.DIRECT_SUPERVISOR, Role.APPROVER, Role.SERVANT, Role.HR

WORK_PLAN = Workflow(
    name="work_plan",
    initial=PlanState.DRAFT,
    states=list(PlanState),
    rows=[
        # state               action       role  next state
        (PlanState.DRAFT, "edit", D, PlanState.DRAFT),  # §9: with the servant
        (PlanState.DRAFT, "submit", D, PlanState.SUBMITTED),  # §10
        (PlanState.SUBMITTED, "approve", A, PlanState.APPROVED),  # §10, §11
        (PlanState.SUBMITTED, "return", A, PlanState.RETURNED),  # §12
        (PlanState.RETURNED, "edit", D, PlanState.RETURNED),
        (PlanState.RETURNED, "submit", D, PlanState.SUBMITTED),  # §12: within 2 working days
        (PlanState.APPROVED, "acknowledge", S, PlanState.APPROVED),  # the servant has seen it
        (PlanState.APPROVED, "revise", D, PlanState.APPROVED),  # a new version, to approve again
        (PlanState.APPROVED, "supersede", A, PlanState.SUPERSEDED),  # its successor approved
    ],
)

# The actions a person fires through the services and the API; "edit" has its own
# services, and "supersede" follows the approval of a newer version. "acknowledge": the
# servant has seen the approved plan (their signature on Annex 1).
PLAN_ACTIONS = ("submit", "approve", "return", "acknowledge", "revise")

KPI_SHEET = Workflow(
    name="kpi_sheet",
    initial=SheetState.DRAFT,
    states=list(SheetState),
    rows=[
        (SheetState.DRAFT, "edit", D, SheetState.DRAFT),  # §17: actual values and evidence
        (SheetState.DRAFT, "sign", D, SheetState.SIGNED),  # §17, §19
        (SheetState.SIGNED, "acknowledge", S, SheetState.SIGNED),  # the servant has seen it
        (SheetState.SIGNED, "agree", A, SheetState.AGREED),  # §21
        (SheetState.SIGNED, "return", A, SheetState.RETURNED),  # §22
        (SheetState.RETURNED, "edit", D, SheetState.RETURNED),
        (SheetState.RETURNED, "sign", D, SheetState.SIGNED),  # §23: within 2 working days
        (SheetState.AGREED, "acknowledge", S, SheetState.AGREED),
        (SheetState.AGREED, "to_commission", H, SheetState.WITH_COMMISSION),  # §24
        (SheetState.WITH_COMMISSION, "acknowledge", S, SheetState.WITH_COMMISSION),
    ],
)

SHEET_ACTIONS = ("sign", "acknowledge", "agree", "return", "to_commission")
