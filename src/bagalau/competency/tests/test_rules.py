"""§27 with exact arithmetic, over every count of indicators."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.competency.rules import (
    CompetencyMarks,
    competency_result,
    development_needs,
    indicators_needed,
)

THREE_QUARTERS = Fraction(3, 4)


@pytest.mark.parametrize(
    ("total", "needed"),
    [(1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (6, 5), (7, 6), (8, 6), (9, 7), (10, 8)],
)
def test_how_many_indicators_meet_expectations(total, needed) -> None:
    assert indicators_needed(total, THREE_QUARTERS) == needed
    assert competency_result(needed, total, THREE_QUARTERS) == "meets"
    assert competency_result(needed - 1, total, THREE_QUARTERS) == "does_not_meet"


@given(total=st.integers(1, 10), data=st.data())
def test_meets_exactly_when_shown_is_at_least_three_quarters(total, data) -> None:
    shown = data.draw(st.integers(0, total))
    expected = "meets" if 4 * shown >= 3 * total else "does_not_meet"
    assert competency_result(shown, total, THREE_QUARTERS) == expected


@given(total=st.integers(1, 10), a=st.integers(0, 10), b=st.integers(0, 10))
def test_showing_more_never_lowers_the_result(total, a, b) -> None:
    low, high = sorted((min(a, total), min(b, total)))
    if competency_result(low, total, THREE_QUARTERS) == "meets":
        assert competency_result(high, total, THREE_QUARTERS) == "meets"


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        indicators_needed(0, THREE_QUARTERS)
    with pytest.raises(ValueError, match="5 shown of 4"):
        competency_result(5, 4, THREE_QUARTERS)


@given(
    st.lists(
        st.tuples(st.integers(1, 10), st.data()),
        min_size=1,
        max_size=11,
    )
)
def test_development_needs_are_the_unshown_indicators_of_competencies_not_met(cells) -> None:
    marks = []
    for n, (total, data) in enumerate(cells):
        ids = list(range(100 * n, 100 * n + total))
        shown = frozenset(data.draw(st.sets(st.sampled_from(ids))))
        marks.append(CompetencyMarks(code=f"c{n}", indicators=ids, shown=shown))
    needs = development_needs(marks, THREE_QUARTERS)
    for m in marks:
        met = 4 * len(m.shown) >= 3 * len(m.indicators)
        assert (m.code in needs) == (not met)
        if not met:
            assert needs[m.code] == [i for i in m.indicators if i not in m.shown]
