"""The workflow engine: each document's states and transitions, with who may fire each, as a
table in one place (STYLE.md). Pure: standard library only.

`Workflow.next(state, action, roles)` gives the next state or raises TransitionRefused,
saying why: the action does not exist, it is out of turn in this state, or the actor holds
none of the roles that may fire it. `Workflow.actions(state, roles)` lists what the actor may
do now (the page's buttons, the API's hints).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who someone is to one evaluation case, decided per object (not a global group)."""

    SERVANT = "servant"  # the evaluated servant (қызметші)
    DIRECT_SUPERVISOR = "direct_supervisor"  # тікелей басшы (§2)
    # The superior supervisor (жоғары тұрған басшы), or the first head where the direct
    # supervisor is the first head (§11, §20).
    APPROVER = "approver"
    HR = "hr"  # персоналды басқару қызметі (§5, §15, §24)
    OPERATOR = "operator"  # the system's operator: reads everything, fires nothing for others
    # The evaluation commission (§5, §30–§34): its chair, and any voting member (the chair too).
    COMMISSION_CHAIR = "commission_chair"
    COMMISSION_MEMBER = "commission_member"
    # уәкілетті тұлға: appoints and dismisses the servant, forms the commission and approves
    # its results (§5, §31, §39).
    AUTHORIZED_PERSON = "authorized_person"


class TransitionRefused(Exception):
    """An action the workflow does not allow: out of turn, or not the actor's to fire."""

    def __init__(
        self,
        *,
        workflow: str,
        state: str,
        action: str,
        reason: str,
        allowed_roles: tuple[str, ...] = (),
        allowed_states: tuple[str, ...] = (),
    ) -> None:
        self.workflow = workflow
        self.state = state
        self.action = action
        self.reason = reason  # "unknown_action" | "out_of_turn" | "not_your_role"
        self.allowed_roles = allowed_roles
        self.allowed_states = allowed_states
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.reason == "unknown_action":
            return f"{self.workflow}: there is no action {self.action!r}"
        if self.reason == "out_of_turn":
            return (
                f"{self.workflow}: cannot {self.action} while {self.state}; only while "
                + ", ".join(self.allowed_states)
            )
        return (
            f"{self.workflow}: only the {' or the '.join(self.allowed_roles)} may"
            f" {self.action} while {self.state}"
        )


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    role: str
    next_state: str


class Workflow:
    """A document's state machine: rows of (state, action, role, next state)."""

    def __init__(
        self,
        *,
        name: str,
        initial: str,
        states: Iterable[str],
        rows: Iterable[tuple[str, str, str, str]],
    ) -> None:
        self.name = name
        self.initial = initial
        self.states = tuple(states)
        self.transitions = tuple(Transition(*row) for row in rows)
        seen = set()
        for t in self.transitions:
            if t.state not in self.states or t.next_state not in self.states:
                raise ValueError(f"{name}: unknown state in {t}")
            if (t.state, t.action, t.role) in seen:
                raise ValueError(f"{name}: the row {t} repeats")
            seen.add((t.state, t.action, t.role))

    @property
    def action_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.action for t in self.transitions))

    def next(self, state: str, action: str, roles: Collection[str]) -> str:
        """The state after `action`, or TransitionRefused naming why it cannot happen."""
        rows = [t for t in self.transitions if t.action == action]
        if not rows:
            raise TransitionRefused(
                workflow=self.name, state=state, action=action, reason="unknown_action"
            )
        here = [t for t in rows if t.state == state]
        if not here:
            raise TransitionRefused(
                workflow=self.name,
                state=state,
                action=action,
                reason="out_of_turn",
                allowed_states=tuple(dict.fromkeys(t.state for t in rows)),
            )
        for t in here:
            if t.role in roles:
                return t.next_state
        raise TransitionRefused(
            workflow=self.name,
            state=state,
            action=action,
            reason="not_your_role",
            allowed_roles=tuple(dict.fromkeys(t.role for t in here)),
        )

    def actions(self, state: str, roles: Collection[str]) -> list[str]:
        """What someone with `roles` may do in `state`, in the table's order."""
        return list(
            dict.fromkeys(
                t.action for t in self.transitions if t.state == state and t.role in roles
            )
        )

    def reachable(self) -> set[str]:
        """States reachable from the initial one (a test checks every state is)."""
        found, stack = {self.initial}, [self.initial]
        while stack:
            state = stack.pop()
            for t in self.transitions:
                if t.state == state and t.next_state not in found:
                    found.add(t.next_state)
                    stack.append(t.next_state)
        return found
