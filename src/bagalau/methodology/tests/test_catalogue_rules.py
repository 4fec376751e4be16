"""The pure rules of the competency catalogue (§25–§27, Annexes 3 and 4)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.methodology.catalogue_rules import (
    COMPETENCY_CODES,
    catalogue_digest,
    catalogue_problems,
    competencies_for,
    parse_catalogue,
)
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.tests.catalogue_factory import catalogue_data
from bagalau.orgstructure.tests.factories import ARYS_LIKE_PARAMETERS

GROUPS = MethodologyRules.from_parameters(ARYS_LIKE_PARAMETERS).category_groups


def parsed(data):
    catalogue, problems = parse_catalogue(data)
    assert problems == []
    return catalogue


def test_a_complete_catalogue_has_no_problems() -> None:
    catalogue = parsed(catalogue_data())
    assert catalogue_problems(catalogue, GROUPS, 10) == []
    assert catalogue.indicator_count == 11 * 2 * 4


def test_there_are_eleven_competencies_two_of_them_for_public_services_only() -> None:
    catalogue = parsed(catalogue_data())
    assert [c.code for c in catalogue.competencies] == list(COMPETENCY_CODES)
    starred = [c.code for c in catalogue.competencies if c.public_services_only]
    assert starred == ["service-orientation", "service-informing"]
    assert catalogue.competency("stress-resistance").name_en == "Stress resistance"


def test_at_most_ten_indicators_per_competency_and_row() -> None:  # §26
    catalogue = parsed(catalogue_data(indicators=11))
    problems = catalogue_problems(catalogue, GROUPS, 10)
    assert "activity-management / managers: 11 indicators, at most 10 (§26)" in problems
    assert catalogue_problems(catalogue, GROUPS, 11) == []


def test_every_competency_must_be_there_once() -> None:
    data = catalogue_data()
    data["competencies"] = data["competencies"][1:] + data["competencies"][-1:]
    data["competencies"].append({**data["competencies"][0], "code": "charisma"})
    problems = catalogue_problems(parsed(data), GROUPS, 10)
    assert "activity-management: missing" in problems
    assert "stress-resistance: appears more than once" in problems
    assert "charisma: not one of the 11 competencies of Annex 3" in problems


def test_every_competency_has_a_row_for_every_group_and_no_other() -> None:
    data = catalogue_data(groups=("managers", "clerks"))
    problems = catalogue_problems(parsed(data), GROUPS, 10)
    assert "cooperation: no row for the category group specialists" in problems
    assert any(p.startswith("cooperation / clerks: not a category group") for p in problems)
    # E-4 then falls in no row of any competency
    assert "cooperation: E-4 (not heading a subdivision) falls in no row" in problems


def test_a_row_that_leaves_out_a_category_is_caught_per_competency() -> None:
    data = catalogue_data()
    initiative = next(c for c in data["competencies"] if c["code"] == "initiative")
    initiative["cells"][1]["categories"] = [
        {"code": "E-3", "heads_subdivision": False},
        {"code": "E-4", "heads_subdivision": None},
    ]  # E-5 left out, as 001's initiative block leaves out E-G-4
    problems = catalogue_problems(parsed(data), GROUPS, 10)
    assert problems == [
        "initiative: E-5 (not heading a subdivision) falls in no row",
        "initiative: E-5 (heading a subdivision) falls in no row",
    ]


def test_a_row_for_heads_only_asks_nothing_of_others_in_that_category() -> None:
    # 000: "E-3 (head of structural subdivision)" and no E-3* row at all
    groups = MethodologyRules.from_parameters(
        {
            **ARYS_LIKE_PARAMETERS,
            "category_groups": [
                {"code": "heads", "categories": [{"code": "E-3", "heads_subdivision": True}]},
                {"code": "others", "categories": [{"code": "E-4"}]},
            ],
        }
    ).category_groups
    catalogue = parsed(catalogue_data(groups=("heads", "others")))
    assert catalogue_problems(catalogue, groups, 10) == []
    assert competencies_for(catalogue, groups, "E-3", False) == []


def test_a_category_in_two_rows_is_caught() -> None:
    data = catalogue_data()
    data["competencies"][0]["cells"][0]["categories"] = [
        {"code": "E-2", "heads_subdivision": None},
        {"code": "E-4", "heads_subdivision": None},
    ]
    problems = catalogue_problems(parsed(data), GROUPS, 10)
    assert (
        "activity-management: E-4 (heading a subdivision) falls in 2 rows (managers, specialists)"
        in problems
    )


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("competencies"), "competencies: must be a non-empty list"),
        (lambda d: d["competencies"][0].pop("name_kk"), "activity-management.name_kk: missing"),
        (
            lambda d: d["competencies"][1]["cells"][0].update(indicators=[]),
            "cooperation / managers.indicators: must be a non-empty list",
        ),
        (
            lambda d: d["competencies"][2]["cells"][1]["indicators"][0].update(
                effective_kk=None, ineffective_kk="  "
            ),
            "decision-making / specialists / 1: has neither an effective nor an ineffective"
            " wording",
        ),
        (
            lambda d: d["competencies"][3]["cells"][0]["indicators"][1].update(effective_ru=None),
            "promptness / managers / 2.effective_ru: Kazakh and Russian wordings go together",
        ),
        (
            lambda d: d["competencies"][4].update(public_services_only="yes"),
            "self-development.public_services_only: must be true or false",
        ),
        (lambda d: d["notes"].append({"kind": "gossip"}), "notes[2]: needs a kind"),
    ],
)
def test_a_malformed_file_is_refused_with_the_place_named(mutate, expected) -> None:
    data = catalogue_data()
    mutate(data)
    catalogue, problems = parse_catalogue(data)
    assert catalogue is None
    assert any(p.startswith(expected) for p in problems), problems


def test_an_indicator_without_its_twin_is_allowed() -> None:
    data = catalogue_data()
    data["competencies"][0]["cells"][0]["indicators"][0].update(
        ineffective_kk=None, ineffective_ru=None, note="the act gives no ineffective twin"
    )
    catalogue = parsed(data)
    indicator = catalogue.competencies[0].cells[0].indicators[0]
    assert indicator.ineffective_kk is None
    assert indicator.note == "the act gives no ineffective twin"
    assert catalogue_problems(catalogue, GROUPS, 10) == []


def test_wordings_lose_line_breaks_and_doubled_spaces_only() -> None:
    data = catalogue_data()
    data["competencies"][0]["cells"][0]["indicators"][0]["effective_kk"] = (
        " Бөлімшенің  қызметін\n жоспарлайды;"
    )
    indicator = parsed(data).competencies[0].cells[0].indicators[0]
    assert indicator.effective_kk == "Бөлімшенің қызметін жоспарлайды;"


@pytest.mark.parametrize(
    ("category", "heads", "group"),
    [
        ("E-2", False, "managers"),
        ("E-2", True, "managers"),
        ("E-3", True, "managers"),  # "E-3 (head of structural subdivision)"
        ("E-3", False, "specialists"),  # "E-3*": everyone else in E-3
        ("E-4", True, "specialists"),
        ("E-5", False, "specialists"),
    ],
)
def test_a_position_gets_the_row_of_its_category_and_role(category, heads, group) -> None:
    chosen = competencies_for(parsed(catalogue_data()), GROUPS, category, heads)
    assert len(chosen) == 11
    assert {cell.group for _c, cell in chosen} == {group}


def test_no_public_services_leaves_out_the_two_starred_competencies() -> None:
    catalogue = parsed(catalogue_data())
    chosen = competencies_for(catalogue, GROUPS, "E-4", False, provides_public_services=False)
    assert len(chosen) == 9
    assert {c.code for c, _cell in chosen}.isdisjoint({"service-orientation", "service-informing"})


def test_a_category_outside_annex_4_gets_nothing() -> None:
    assert competencies_for(parsed(catalogue_data()), GROUPS, "E-1", False) == []


def test_the_digest_follows_the_content_not_the_layout() -> None:
    data = catalogue_data()
    reordered = {key: data[key] for key in reversed(list(data))}
    reordered["competencies"][0]["name_kk"] = "activity-management   kk"
    assert catalogue_digest(parsed(data)) == catalogue_digest(parsed(reordered))


@given(
    competency=st.integers(0, 10),
    cell=st.integers(0, 1),
    indicator=st.integers(0, 3),
    field=st.sampled_from(["effective_kk", "ineffective_kk", "effective_ru", "ineffective_ru"]),
    extra=st.text(alphabet="абвгқңүұө", min_size=1, max_size=5),
)
def test_any_change_of_wording_changes_the_digest(competency, cell, indicator, field, extra):
    data = catalogue_data()
    changed = copy.deepcopy(data)
    item = changed["competencies"][competency]["cells"][cell]["indicators"][indicator]
    item[field] = item[field] + extra
    assert catalogue_digest(parsed(data)) != catalogue_digest(parsed(changed))


@given(
    sizes=st.lists(st.integers(1, 10), min_size=22, max_size=22),
    category=st.sampled_from(["E-2", "E-3", "E-4", "E-5"]),
    heads=st.booleans(),
    public=st.booleans(),
)
def test_a_valid_catalogue_gives_every_position_one_row_per_competency(
    sizes, category, heads, public
) -> None:
    data = catalogue_data()
    for n, competency in enumerate(data["competencies"]):
        for k, row in enumerate(competency["cells"]):
            row["indicators"] = row["indicators"][:1] * sizes[2 * n + k]
    catalogue = parsed(data)
    assert catalogue_problems(catalogue, GROUPS, 10) == []
    chosen = competencies_for(catalogue, GROUPS, category, heads, provides_public_services=public)
    assert len(chosen) == (11 if public else 9)
    group = next(g for g in GROUPS if g.covers(category, heads))
    assert all(cell.group == group.code for _c, cell in chosen)
