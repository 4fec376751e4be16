from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.methodology.rules import (
    MethodologyRules,
    merge_parameters,
    parameter_problems,
)
from bagalau.orgstructure.tests.factories import ARYS_LIKE_PARAMETERS

flat = st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers())


@given(flat, flat, flat)
def test_merging_is_associative_and_the_later_version_wins(a, b, c) -> None:
    assert merge_parameters([a, b, c]) == merge_parameters([merge_parameters([a, b]), c])
    merged = merge_parameters([a, b])
    for key, value in b.items():
        assert merged[key] == value


def test_an_amendment_changes_one_deadline_and_replaces_annex_4_whole() -> None:
    base = ARYS_LIKE_PARAMETERS
    amendment = {
        "deadlines_working_days": {"appeal": 15},
        "category_groups": [{"code": "all", "categories": [{"code": "E-4"}]}],
    }
    merged = merge_parameters([base, amendment])
    assert merged["deadlines_working_days"]["appeal"] == 15
    assert merged["deadlines_working_days"]["work_plan"] == 10  # kept from the base
    assert merged["category_groups"] == amendment["category_groups"]
    assert base["deadlines_working_days"]["appeal"] == 10  # the base is not mutated


def test_the_full_parameter_set_is_valid_and_typed() -> None:
    assert parameter_problems(ARYS_LIKE_PARAMETERS, complete=True) == []
    rules = MethodologyRules.from_parameters(ARYS_LIKE_PARAMETERS)
    assert rules.competency_threshold == Fraction(3, 4)  # §27, exact
    assert rules.commission_quorum == Fraction(2, 3)  # §30
    assert rules.deadlines["work_plan"] == 10  # §9
    assert rules.kpi_count == 5  # §14


def test_annex_4_rows_tell_heads_from_the_asterisked_rest() -> None:
    rules = MethodologyRules.from_parameters(ARYS_LIKE_PARAMETERS)
    assert rules.category_group("E-3", heads_subdivision=True).code == "managers"
    assert rules.category_group("E-3", heads_subdivision=False).code == "specialists"
    assert rules.category_group("E-4", heads_subdivision=True).code == "specialists"
    assert rules.category_group("E-9", heads_subdivision=False) is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kpi_count": "five"}, "kpi_count: number of KPIs in a work plan (§14) must be int"),
        ({"competency_threshold": "4/3"}, "competency_threshold: must be above 0 and at most 1"),
        ({"commission_quorum": "two thirds"}, "commission_quorum: is not a fraction like 3/4"),
        (
            {"appeal_body": "court"},
            "appeal_body: must be one of civil_service_agency, authorized_person",
        ),
        (
            {"deadlines_working_days": {"appeal": 0}},
            "deadlines_working_days.appeal: must be a whole number ≥ 1",
        ),
        (
            {"kpi_rating_scale": [[3, "satisfactory"], [4, "effective"]]},
            "kpi_rating_scale: minimums must fall strictly from the first step",
        ),
        ({"colour": "blue"}, "colour: unknown parameter"),
        (
            {
                "category_groups": [
                    {"code": "a", "categories": [{"code": "E-4"}]},
                    {"code": "b", "categories": [{"code": "E-4"}]},
                ]
            },
            "category_groups.b: E-4 is in more than one row",
        ),
    ],
)
def test_invalid_parameters_are_named(change: dict, problem: str) -> None:
    assert problem in parameter_problems({**ARYS_LIKE_PARAMETERS, **change}, complete=True)


def test_a_version_in_force_must_state_every_parameter() -> None:
    problems = parameter_problems({"kpi_count": 5}, complete=True)
    assert "category_groups: missing" in problems
    assert parameter_problems({"kpi_count": 5}, complete=False) == []
