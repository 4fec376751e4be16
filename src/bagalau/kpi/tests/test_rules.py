"""The KPI track's pure rules: §13/§14 checks, achievement, the §18 rating, the quarters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.kpi.rules import (
    Achievement,
    KpiDraft,
    KpiRating,
    kpi_rating,
    plan_problems,
    proposed_achievement,
    quarters,
)

D = dt.date
SCALE_001 = ((5, "excellent"), (4, "effective"), (3, "satisfactory"))
RANK = list(KpiRating)  # unsatisfactory … excellent
START, END = D(2025, 1, 1), D(2025, 12, 31)


def kpi(n: int, **changes) -> KpiDraft:
    fields = {
        "name": f"Көрсеткіш {n}",
        "source": "strategic_plan",
        "source_reference": "2-мақсат",
        "unit": "%",
        "planned_value": Decimal(90),
        "achievement": "at_least",
        "deadline": END,
        "key_result": "Нәтиже",
        **changes,
    }
    return KpiDraft(**fields)


@pytest.mark.parametrize(
    ("achieved", "rating"),
    [
        (5, "excellent"),
        (4, "effective"),
        (3, "satisfactory"),
        (2, "unsatisfactory"),
        (1, "unsatisfactory"),
        (0, "unsatisfactory"),
    ],
)
def test_the_rating_follows_the_001_table(achieved, rating) -> None:  # §18
    assert kpi_rating(achieved, SCALE_001) == rating


@given(st.integers(0, 5), st.integers(0, 5))
def test_more_kpis_achieved_never_rates_lower(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert RANK.index(kpi_rating(low, SCALE_001)) <= RANK.index(kpi_rating(high, SCALE_001))


@given(
    st.integers(0, 10),
    st.lists(st.integers(1, 10), min_size=1, max_size=4, unique=True).map(
        lambda xs: sorted(xs, reverse=True)
    ),
)
def test_any_scale_gives_the_first_step_reached_else_unsatisfactory(achieved, minimums):
    ratings = ["excellent", "effective", "satisfactory", "satisfactory"][: len(minimums)]
    scale = list(zip(minimums, ratings, strict=True))
    expected = next((r for m, r in scale if achieved >= m), "unsatisfactory")
    assert kpi_rating(achieved, scale) == expected


@given(
    achievement=st.sampled_from(list(Achievement)),
    planned=st.decimals(-1000, 1000, places=2),
    actual=st.one_of(st.none(), st.decimals(-1000, 1000, places=2)),
    done=st.one_of(st.none(), st.dates(D(2025, 1, 1), D(2026, 3, 1))),
)
def test_the_proposal_judges_each_way_as_the_plan_says(achievement, planned, actual, done):
    proposal = proposed_achievement(achievement, planned, actual, END, done)
    if achievement == Achievement.BY_DEADLINE:
        assert proposal == (None if done is None else done <= END)
    elif actual is None:
        assert proposal is None
    else:
        expected = {
            Achievement.AT_LEAST: actual >= planned,
            Achievement.AT_MOST: actual <= planned,
            Achievement.EXACTLY: actual == planned,
        }[achievement]
        assert proposal == expected


def test_a_complete_plan_passes() -> None:
    assert plan_problems([kpi(n) for n in range(1, 6)], kpi_count=5, start=START, end=END) == []


def test_exactly_five_kpis() -> None:  # §14
    problems = plan_problems([kpi(n) for n in range(1, 7)], kpi_count=5, start=START, end=END)
    assert [(p.kpi, p.code) for p in problems] == [(None, "count")]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"unit": " "}, "unit", "missing"),
        ({"planned_value": None}, "planned_value", "missing"),
        ({"deadline": None}, "deadline", "missing"),
        ({"deadline": D(2026, 1, 1)}, "deadline", "outside_period"),
        ({"deadline": D(2024, 12, 31)}, "deadline", "outside_period"),
        ({"source": ""}, "source", "missing"),
        ({"source": "rumour"}, "source", "unknown"),
        ({"source_reference": ""}, "source_reference", "missing"),
        ({"key_result": ""}, "key_result", "missing"),
        ({"achievement": ""}, "achievement", "missing"),
        ({"name": "  КӨРСЕТКІШ   1 "}, "name", "duplicate"),
    ],
)
def test_each_check_names_the_kpi_and_field(change, field, code) -> None:  # §13
    kpis = [kpi(n) for n in range(1, 6)]
    kpis[2] = kpi(3, **change)
    problems = plan_problems(kpis, kpi_count=5, start=START, end=END)
    assert [(p.kpi, p.field, p.code) for p in problems] == [(3, field, code)]


def test_quarters_of_a_year_and_of_a_late_appointment() -> None:
    assert [q for q, *_ in quarters(START, END)] == [1, 2, 3, 4]
    assert quarters(D(2025, 8, 15), END) == [
        (3, D(2025, 7, 1), D(2025, 9, 30)),
        (4, D(2025, 10, 1), D(2025, 12, 31)),
    ]
