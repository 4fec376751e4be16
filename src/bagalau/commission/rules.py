"""Pure rules of the evaluation commission: its composition (§5, §34), quorum (§30), the open
vote with the chair's casting vote (§32–§34), the refusal act's signatories (§41) and the
appeal deadline (§42). Standard library only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Composition:
    """Who sits on the commission by an order: the chair and members vote; the secretary, an
    HR servant, does not and is not counted for quorum or majority (§34)."""

    chair: int
    members: tuple[int, ...]
    secretary: int

    @property
    def voting(self) -> tuple[int, ...]:
        """The chair and the members: "the commission's members" of §5, §30 and §33."""
        return (self.chair, *self.members)


def composition_problems(
    composition: Composition,
    *,
    min_members: int,
    in_body: Iterable[int],
    in_hr: Iterable[int],
) -> list[tuple[str, dict]]:
    """What makes an order's composition unlawful, as (code, details) pairs.

    `in_body` are the servants appointed in the body on the date the order takes effect;
    `in_hr` those of them in HR positions. The chair and members must number at least
    `min_members` (§5, reading: the chair is a member, the secretary is not), and the secretary
    must be an HR servant (§34). Nobody sits twice.
    """
    problems: list[tuple[str, dict]] = []
    people = [*composition.voting, composition.secretary]
    repeated = sorted(p for p, n in Counter(people).items() if n > 1)
    if repeated:
        problems.append(("repeated", {"servants": repeated}))
    voting = set(composition.voting)
    if len(voting) < min_members:
        problems.append(("too_few", {"count": len(voting), "minimum": min_members}))
    outside = sorted(set(people) - set(in_body))
    if outside:
        problems.append(("outside_body", {"servants": outside}))
    if composition.secretary in set(in_body) and composition.secretary not in set(in_hr):
        problems.append(("secretary_not_hr", {"servant": composition.secretary}))
    return problems


def quorum_needed(members: int, share: Fraction) -> int:
    """The fewest members present for a quorate meeting (§30): at least `share` of them."""
    return -((-members * share.numerator) // share.denominator)  # ceiling, exact


def is_quorate(present: int, members: int, share: Fraction) -> bool:
    """§30: quorate when at least `share` (two thirds) of the members are present."""
    return members > 0 and present >= quorum_needed(members, share)


APPROVE = "approve"
REVISE = "revise"
RECUSED = "recused"


@dataclass(frozen=True)
class Tally:
    """The count of one case's votes. `winner` is the option decided, or None when no option
    has a majority and the chair's vote breaks no tie (the commission votes again)."""

    counts: tuple[tuple[Hashable, int], ...]  # option → votes, most first
    voters: int
    winner: Hashable | None
    casting: bool  # the chair's vote decided a tie (§33)


def tally(votes: Mapping[int, Hashable], chair: int) -> Tally:
    """Decide a case by the open votes of the members present (§32, §33).

    `votes` maps each voting member to the option they voted for: "approve", or a revision
    (any hashable describing the corrected results; equal revisions are one option). Recused
    members are not in `votes`. An option wins with more than half of the votes; when the
    votes split in two equal halves, the half with the chair wins (§33: on a tie the chair's
    vote decides). Otherwise there is no decision.
    """
    counts = Counter(votes.values())
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    voters = len(votes)
    if not voters:
        return Tally(ordered, 0, None, False)
    option, top = ordered[0]
    if 2 * top > voters:
        return Tally(ordered, voters, option, False)
    if 2 * top == voters and len(ordered) == 2 and chair in votes:
        return Tally(ordered, voters, votes[chair], True)
    return Tally(ordered, voters, None, False)


def refusal_act_problems(
    *, servant: int, hr_officer: int, witnesses: Iterable[int], in_body: Iterable[int]
) -> list[tuple[str, dict]]:
    """§41: the act of refusal is signed by the HR officer and two other servants of the body:
    two different people, neither of them the refusing servant nor the HR officer."""
    witnesses = list(witnesses)
    problems: list[tuple[str, dict]] = []
    if hr_officer == servant:
        problems.append(("hr_is_servant", {}))
    if len(witnesses) != 2 or len(set(witnesses)) != 2:
        problems.append(("two_witnesses", {"count": len(set(witnesses))}))
    if servant in witnesses:
        problems.append(("witness_is_servant", {}))
    if hr_officer in witnesses:
        problems.append(("witness_is_hr", {}))
    outside = sorted(set(witnesses) - set(in_body))
    if outside:
        problems.append(("witness_outside_body", {"servants": outside}))
    return problems


def appeal_in_time(filed_on: dt.date, last_day: dt.date) -> bool:
    """§42: an appeal filed on or before the last allowed day is in time."""
    return filed_on <= last_day


def retention_ends(completed_on: dt.date, years: int) -> dt.date:
    """§8: the day the papers may go, `years` calendar years after the evaluation was
    completed (29 February falls back to 28 February)."""
    try:
        return completed_on.replace(year=completed_on.year + years)
    except ValueError:
        return completed_on.replace(year=completed_on.year + years, day=28)
