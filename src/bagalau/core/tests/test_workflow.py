"""The workflow engine and every document's table."""

from __future__ import annotations

import pytest

from bagalau.competency.workflow import COMPETENCY_SHEET
from bagalau.core.workflow import Role, TransitionRefused, Workflow
from bagalau.kpi.workflow import KPI_SHEET, WORK_PLAN

TABLES = [WORK_PLAN, KPI_SHEET, COMPETENCY_SHEET]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_state_is_reachable(table: Workflow) -> None:
    assert table.reachable() == set(table.states)


def test_a_repeated_row_or_unknown_state_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="repeats"):
        Workflow(
            name="w",
            initial="a",
            states=["a", "b"],
            rows=[("a", "go", "x", "b"), ("a", "go", "x", "b")],
        )
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(name="w", initial="a", states=["a"], rows=[("a", "go", "x", "b")])


def test_next_says_why_an_action_is_refused() -> None:
    with pytest.raises(TransitionRefused) as out_of_turn:
        WORK_PLAN.next("approved", "approve", {Role.APPROVER})
    assert out_of_turn.value.reason == "out_of_turn"
    assert out_of_turn.value.allowed_states == ("submitted",)
    with pytest.raises(TransitionRefused) as wrong_person:
        WORK_PLAN.next("submitted", "approve", {Role.DIRECT_SUPERVISOR, Role.SERVANT})
    assert wrong_person.value.reason == "not_your_role"
    assert "only the approver may approve" in str(wrong_person.value)
    with pytest.raises(TransitionRefused) as unknown:
        WORK_PLAN.next("draft", "burn", {Role.HR})
    assert unknown.value.reason == "unknown_action"


def test_actions_drive_what_each_person_may_do() -> None:
    assert WORK_PLAN.actions("draft", {Role.DIRECT_SUPERVISOR}) == ["edit", "submit"]
    assert WORK_PLAN.actions("submitted", {Role.DIRECT_SUPERVISOR}) == []
    assert WORK_PLAN.actions("submitted", {Role.APPROVER}) == ["approve", "return"]
    assert KPI_SHEET.actions("signed", {Role.SERVANT}) == ["acknowledge"]
    assert KPI_SHEET.actions("agreed", {Role.HR}) == ["to_commission"]
    assert KPI_SHEET.actions("with_commission", {Role.DIRECT_SUPERVISOR, Role.APPROVER}) == []


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_only_the_servant_acknowledges_and_only_hr_sends_to_the_commission(table) -> None:
    for t in table.transitions:
        if t.action == "acknowledge":
            assert t.role == Role.SERVANT
        if t.action == "to_commission":
            assert t.role == Role.HR
        if t.action in {"approve", "agree", "return"}:
            assert t.role == Role.APPROVER
