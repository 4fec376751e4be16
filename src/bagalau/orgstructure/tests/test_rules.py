import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bagalau.orgstructure.rules import (
    IinProblem,
    find_cycle,
    iin_birth_date,
    iin_check_digit,
    iin_problem,
    normalise_category,
    parse_date,
    parse_flag,
)

birth_dates = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))


def build_iin(birth: dt.date, sex_digit: int, serial: int) -> str | None:
    century = {19: 3, 20: 5}[birth.year // 100] + sex_digit
    first = f"{birth:%y%m%d}{century}{serial:04d}"
    check = iin_check_digit(first)
    return None if check is None else first + str(check)


@given(birth_dates, st.integers(0, 1), st.integers(0, 9999))
def test_an_iin_with_its_check_digit_is_valid_and_any_other_last_digit_is_not(
    birth: dt.date, sex: int, serial: int
) -> None:
    iin = build_iin(birth, sex, serial)
    if iin is None:  # both weightings give 10: no IIN has these first 11 digits
        return
    assert iin_problem(iin) is None
    assert iin_birth_date(iin) == birth
    for digit in "0123456789":
        if digit != iin[11]:
            assert iin_problem(iin[:11] + digit) is IinProblem.CHECK_DIGIT


def test_check_digit_uses_the_second_weighting_when_the_first_gives_ten() -> None:
    # 1st weighting: 1*0+2*0+... chosen so the sum mod 11 is 10; the 2nd decides.
    first = "00000000001"  # 11 * 1 = 11 → 0 with the first weighting
    assert iin_check_digit(first) == 0
    first = "10000000000"  # 1*1 = 1
    assert iin_check_digit(first) == 1
    first = "00000000010"  # weight 10 → 10: second weighting, weight 1 → 1
    assert iin_check_digit(first) == 1


def test_eleven_digits_that_give_ten_twice_have_no_check_digit() -> None:
    found = next(f"{n:011d}" for n in range(10**6) if iin_check_digit(f"{n:011d}") is None)
    assert iin_check_digit(found) is None


@pytest.mark.parametrize(
    ("iin", "problem"),
    [
        ("12345", IinProblem.LENGTH),
        ("90051730001a", IinProblem.LENGTH),
        ("900517700012", IinProblem.CENTURY),
        ("901317300012", IinProblem.BIRTH_DATE),
    ],
)
def test_malformed_iins_are_refused_with_the_reason(iin: str, problem: IinProblem) -> None:
    assert iin_problem(iin) is problem


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Е-R-2", "E-R-2"),
        ("е–r–2 ", "E-R-2"),
        ("E-3*", "E-3"),
        ("С-4", "C-4"),
        ("E - G - 1", "E-G-1"),
        ("Е-Г-1", "E-G-1"),
    ],
)
def test_category_codes_are_normalised_to_latin_letters(raw: str, code: str) -> None:
    assert normalise_category(raw) == code


@given(st.text(alphabet="ЕеEeСсCcRrGg-–*0123456789 ", max_size=12))
def test_normalising_a_category_twice_changes_nothing(raw: str) -> None:
    once = normalise_category(raw)
    assert normalise_category(once) == once


def test_find_cycle_reports_the_loop_and_ignores_trees() -> None:
    assert find_cycle({"a": None, "b": "a", "c": "b"}) is None
    loop = find_cycle({"a": "b", "b": "c", "c": "a", "d": "a"})
    assert loop is not None
    assert set(loop) == {"a", "b", "c"}


@given(st.dictionaries(st.integers(0, 20), st.one_of(st.none(), st.integers(0, 20))))
def test_a_reported_cycle_really_is_one(parents: dict[int, int | None]) -> None:
    loop = find_cycle(parents)
    if loop is None:
        # then walking up from any node ends
        for start in parents:
            seen, node = set(), start
            while node is not None and node in parents:
                assert node not in seen
                seen.add(node)
                node = parents[node]
    else:
        for child, parent in zip(loop, loop[1:] + loop[:1], strict=True):
            assert parents[child] == parent


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("иә", True),
        ("Да", True),
        ("yes", True),
        ("", False),
        ("жоқ", False),
        ("нет", False),
        ("maybe", None),
    ],
)
def test_flags_read_kazakh_russian_and_english(text: str, flag: bool | None) -> None:
    assert parse_flag(text) is flag


def test_dates_read_iso_and_dotted() -> None:
    assert parse_date("2026-03-23") == dt.date(2026, 3, 23)
    assert parse_date("23.03.2026") == dt.date(2026, 3, 23)
    assert parse_date("2026-02-30") is None
