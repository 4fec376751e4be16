"""The commission's pure rules: its composition (§5, §34), the quorum (§30), the open vote and
the chair's casting vote (§32–§34), the act of refusal (§41), the appeal deadline (§42) and
how long the papers are kept (§8)."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.commission.rules import (
    Composition,
    appeal_in_time,
    composition_problems,
    is_quorate,
    quorum_needed,
    refusal_act_problems,
    retention_ends,
    tally,
)

D = dt.date
TWO_THIRDS = Fraction(2, 3)
A = "approve"
R_EFFECTIVE = ("revise", "effective", ())
R_SATISFACTORY = ("revise", "satisfactory", ())
R_COMPETENCY = ("revise", "", (("integrity", "does_not_meet"),))
OPTIONS = (A, R_EFFECTIVE, R_SATISFACTORY, R_COMPETENCY)


# --- quorum (§30) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "needed"),
    [(1, 1), (3, 2), (5, 4), (6, 4), (7, 5), (8, 6), (9, 6), (10, 7), (11, 8), (12, 8)],
)
def test_two_thirds_of_the_members_rounded_up(members, needed) -> None:
    assert quorum_needed(members, TWO_THIRDS) == needed
    assert is_quorate(needed, members, TWO_THIRDS)
    assert not is_quorate(needed - 1, members, TWO_THIRDS)


def test_five_of_seven_is_a_quorum_four_is_not() -> None:
    assert is_quorate(5, 7, TWO_THIRDS)
    assert not is_quorate(4, 7, TWO_THIRDS)  # 4/7 ≈ 0.571 < 2/3


def test_a_commission_without_members_is_never_quorate() -> None:
    assert not is_quorate(0, 0, TWO_THIRDS)


@given(st.integers(1, 300), st.data())
def test_quorum_is_exactly_two_thirds_present(members: int, data) -> None:
    present = data.draw(st.integers(0, members))
    needed = quorum_needed(members, TWO_THIRDS)
    assert needed == math.ceil(Fraction(2 * members, 3))
    assert (present >= needed) == (Fraction(present, members) >= TWO_THIRDS)
    assert is_quorate(present, members, TWO_THIRDS) == (Fraction(present, members) >= TWO_THIRDS)


@given(
    st.integers(1, 300),
    st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100),
    st.data(),
)
def test_any_share_the_version_sets_is_applied_exactly(members, share, data) -> None:
    present = data.draw(st.integers(0, members))
    needed = quorum_needed(members, share)
    assert 1 <= needed <= members
    assert Fraction(needed, members) >= share > Fraction(needed - 1, members)
    assert is_quorate(present, members, share) == (Fraction(present, members) >= share)


@given(st.integers(1, 100), st.data())
def test_one_more_member_present_never_loses_the_quorum(members: int, data) -> None:
    present = data.draw(st.integers(0, members - 1))
    if is_quorate(present, members, TWO_THIRDS):
        assert is_quorate(present + 1, members, TWO_THIRDS)


# --- the vote (§32–§34) ---------------------------------------------------------------------

CHAIR = 1


@pytest.mark.parametrize(
    ("votes", "winner", "casting"),
    [
        ({1: A, 2: A, 3: A, 4: R_EFFECTIVE, 5: R_EFFECTIVE}, A, False),  # 3 of 5
        ({1: R_EFFECTIVE, 2: A, 3: A, 4: A, 5: A, 6: A, 7: A}, A, False),  # 6 of 7
        ({2: R_EFFECTIVE, 3: R_EFFECTIVE, 4: R_EFFECTIVE, 1: A, 5: A}, R_EFFECTIVE, False),
        ({1: A, 2: A, 3: R_EFFECTIVE, 4: R_EFFECTIVE}, A, True),  # 2 : 2, the chair approves
        ({1: R_EFFECTIVE, 2: R_EFFECTIVE, 3: A, 4: A}, R_EFFECTIVE, True),
        ({1: A, 2: A, 3: A, 4: R_EFFECTIVE, 5: R_EFFECTIVE, 6: R_EFFECTIVE}, A, True),  # 3 : 3
        ({1: A}, A, False),  # a single vote cast is a majority of the votes cast
    ],
)
def test_the_majority_decides_and_the_chair_breaks_a_tie(votes, winner, casting) -> None:
    result = tally(votes, CHAIR)
    assert (result.winner, result.casting) == (winner, casting)
    assert result.voters == len(votes)


@pytest.mark.parametrize(
    "votes",
    [
        {2: A, 3: A, 4: R_EFFECTIVE, 5: R_EFFECTIVE},  # 2 : 2, the chair absent or recused
        {1: A, 2: A, 3: R_EFFECTIVE, 4: R_SATISFACTORY},  # 2 : 1 : 1, no majority
        {1: A, 2: R_EFFECTIVE, 3: R_SATISFACTORY},  # three ways, the chair in none's majority
        {1: R_EFFECTIVE, 2: R_EFFECTIVE, 3: R_SATISFACTORY, 4: R_SATISFACTORY, 5: A},
        {1: A, 2: A, 3: R_EFFECTIVE, 4: R_EFFECTIVE, 5: R_SATISFACTORY, 6: R_SATISFACTORY},
        {},
    ],
)
def test_no_majority_and_no_two_way_tie_with_the_chair_decides_nothing(votes) -> None:
    result = tally(votes, CHAIR)
    assert result.winner is None
    assert not result.casting


def test_different_revisions_are_different_options() -> None:
    # four members want a revision, but two want "effective" and two "satisfactory"
    votes = {1: A, 2: R_EFFECTIVE, 3: R_EFFECTIVE, 4: R_SATISFACTORY, 5: R_SATISFACTORY}
    assert tally(votes, CHAIR).winner is None
    # equal revisions, written the same way, are one option
    same = {1: A, 2: ("revise", "effective", ()), 3: ("revise", "effective", ())}
    assert tally(same, CHAIR).winner == ("revise", "effective", ())
    assert dict(tally(same, CHAIR).counts) == {("revise", "effective", ()): 2, A: 1}


votes_strategy = st.dictionaries(st.integers(0, 8), st.sampled_from(OPTIONS), max_size=9)


@given(votes_strategy, st.integers(0, 8))
def test_a_winner_has_more_than_half_or_half_with_the_chair(votes, chair) -> None:
    result = tally(votes, chair)
    counts = dict(result.counts)
    assert sum(counts.values()) == result.voters == len(votes)
    majority = [o for o, n in counts.items() if 2 * n > len(votes)]
    if majority:
        assert result.winner == majority[0]
        assert not result.casting
    elif result.winner is not None:
        assert 2 * counts[result.winner] == len(votes)
        assert len(counts) == 2  # an even split in two
        assert votes.get(chair) == result.winner  # the chair voted, and for it
        assert result.casting
    else:
        even_split_with_chair = (
            len(counts) == 2 and len(set(counts.values())) == 1 and chair in votes
        )
        assert not even_split_with_chair


@given(votes_strategy, st.integers(0, 8), st.permutations(list(range(9))), st.randoms())
def test_the_count_does_not_depend_on_who_is_who_or_the_order(votes, chair, perm, rnd) -> None:
    """Renaming the members (the chair's seat renamed the same way) or listing the votes in
    another order changes nothing in the count."""
    result = tally(votes, chair)
    renamed = {perm[m]: o for m, o in votes.items()}
    items = list(renamed.items())
    rnd.shuffle(items)
    other = tally(dict(items), perm[chair])
    assert (other.winner, other.casting, other.voters) == (
        result.winner,
        result.casting,
        result.voters,
    )
    assert dict(other.counts) == dict(result.counts)


@given(votes_strategy, st.integers(0, 8))
def test_the_chair_decides_only_an_even_split_they_voted_in(votes, chair) -> None:
    without_chair = {m: o for m, o in votes.items() if m != chair}
    result = tally(without_chair, chair)
    assert not result.casting
    if result.winner is not None:
        assert 2 * dict(result.counts)[result.winner] > len(without_chair)


# --- composition (§5, §34) ------------------------------------------------------------------

BODY = set(range(1, 20))
HR = {10, 11}
GOOD = Composition(chair=1, members=(2, 3, 4, 5), secretary=10)


def problems_of(composition: Composition, *, min_members=5, in_body=BODY, in_hr=HR):
    return composition_problems(composition, min_members=min_members, in_body=in_body, in_hr=in_hr)


def test_a_chair_four_members_and_an_hr_secretary_is_lawful() -> None:
    assert problems_of(GOOD) == []
    assert GOOD.voting == (1, 2, 3, 4, 5)  # the secretary does not vote (§34)


def test_too_few_voting_members() -> None:
    small = Composition(chair=1, members=(2, 3, 4), secretary=10)
    assert problems_of(small) == [("too_few", {"count": 4, "minimum": 5})]
    # the secretary does not make up the number (§34)
    assert problems_of(small, min_members=4) == []


def test_nobody_sits_twice() -> None:
    chair_also_member = Composition(chair=1, members=(1, 2, 3, 4, 5), secretary=10)
    assert problems_of(chair_also_member) == [("repeated", {"servants": [1]})]
    secretary_also_member = Composition(chair=1, members=(2, 3, 4, 5, 10), secretary=10)
    assert ("repeated", {"servants": [10]}) in problems_of(secretary_also_member)
    # a repeated member does not count twice towards the minimum
    twice = Composition(chair=1, members=(2, 2, 3, 4), secretary=10)
    assert problems_of(twice) == [
        ("repeated", {"servants": [2]}),
        ("too_few", {"count": 4, "minimum": 5}),
    ]


def test_everyone_is_a_servant_of_the_body() -> None:
    outsiders = Composition(chair=1, members=(2, 3, 4, 99), secretary=98)
    assert problems_of(outsiders) == [("outside_body", {"servants": [98, 99]})]


def test_the_secretary_is_an_hr_servant() -> None:
    assert problems_of(Composition(chair=1, members=(2, 3, 4, 5), secretary=6)) == [
        ("secretary_not_hr", {"servant": 6})
    ]
    # an HR servant may sit as a voting member; the secretary still must be HR
    assert problems_of(Composition(chair=11, members=(2, 3, 4, 5), secretary=10)) == []


@given(
    chair=st.integers(1, 25),
    members=st.lists(st.integers(1, 25), max_size=8),
    secretary=st.integers(1, 25),
    min_members=st.integers(1, 7),
)
def test_a_composition_is_lawful_exactly_when_every_rule_holds(
    chair, members, secretary, min_members
) -> None:
    composition = Composition(chair=chair, members=tuple(members), secretary=secretary)
    people = [chair, *members, secretary]
    lawful = (
        len(set(people)) == len(people)
        and len({chair, *members}) >= min_members
        and set(people) <= BODY
        and secretary in HR
    )
    found = problems_of(composition, min_members=min_members)
    assert (found == []) == lawful
    codes = [code for code, _d in found]
    assert len(codes) == len(set(codes))  # each problem named once


# --- the act of refusal (§41) ---------------------------------------------------------------


def test_an_hr_officer_and_two_other_servants_sign_the_act() -> None:
    assert refusal_act_problems(servant=5, hr_officer=10, witnesses=[6, 7], in_body=BODY) == []


@pytest.mark.parametrize(
    ("servant", "hr_officer", "witnesses", "code"),
    [
        (5, 10, [6], "two_witnesses"),
        (5, 10, [6, 6], "two_witnesses"),
        (5, 10, [6, 7, 8], "two_witnesses"),
        (5, 10, [], "two_witnesses"),
        (5, 10, [5, 7], "witness_is_servant"),
        (5, 10, [10, 7], "witness_is_hr"),
        (5, 10, [6, 99], "witness_outside_body"),
        (10, 10, [6, 7], "hr_is_servant"),
    ],
)
def test_the_act_is_refused(servant, hr_officer, witnesses, code) -> None:
    found = refusal_act_problems(
        servant=servant, hr_officer=hr_officer, witnesses=witnesses, in_body=BODY
    )
    assert code in [c for c, _d in found]


@given(
    servant=st.integers(1, 22),
    hr_officer=st.integers(1, 22),
    witnesses=st.lists(st.integers(1, 22), max_size=3),
)
def test_the_act_is_lawful_exactly_when_every_rule_holds(servant, hr_officer, witnesses) -> None:
    lawful = (
        servant != hr_officer
        and len(witnesses) == 2
        and len(set(witnesses)) == 2
        and servant not in witnesses
        and hr_officer not in witnesses
        and set(witnesses) <= BODY
    )
    found = refusal_act_problems(
        servant=servant, hr_officer=hr_officer, witnesses=witnesses, in_body=BODY
    )
    assert (found == []) == lawful


# --- the appeal deadline (§42) and retention (§8) --------------------------------------------


def test_an_appeal_on_the_last_day_is_in_time_the_next_day_is_late() -> None:
    assert appeal_in_time(D(2026, 2, 17), D(2026, 2, 17))
    assert appeal_in_time(D(2026, 2, 3), D(2026, 2, 17))
    assert not appeal_in_time(D(2026, 2, 18), D(2026, 2, 17))


@given(st.dates(), st.dates())
def test_in_time_means_not_after_the_last_day(filed_on, last_day) -> None:
    assert appeal_in_time(filed_on, last_day) == (filed_on <= last_day)


@pytest.mark.parametrize(
    ("completed", "years", "ends"),
    [
        (D(2026, 3, 4), 3, D(2029, 3, 4)),
        (D(2024, 2, 29), 3, D(2027, 2, 28)),  # no 29 February in 2027
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2025, 2, 28), 3, D(2028, 2, 28)),
        (D(2025, 12, 31), 3, D(2028, 12, 31)),
    ],
)
def test_papers_are_kept_three_calendar_years(completed, years, ends) -> None:
    assert retention_ends(completed, years) == ends


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), st.integers(1, 5))
def test_retention_ends_the_same_day_years_later(completed, years) -> None:
    ends = retention_ends(completed, years)
    assert ends.year == completed.year + years
    if (completed.month, completed.day) == (2, 29):
        assert (ends.month, ends.day) in {(2, 28), (2, 29)}
    else:
        assert (ends.month, ends.day) == (completed.month, completed.day)
    assert 365 * years - 1 <= (ends - completed).days <= 366 * years
