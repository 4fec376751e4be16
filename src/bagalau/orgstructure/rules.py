"""Pure rules of the organisation structure: IIN, category codes, reporting lines.

Standard library only (core/tests/test_layering.py checks it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Mapping
from enum import StrEnum
from typing import TypeVar

# The national algorithm weighs the first 11 digits 1..11; when the sum mod 11 is 10 it
# weighs them again 3..11,1,2; a second 10 means no IIN carries those 11 digits.
_WEIGHTS_FIRST = tuple(range(1, 12))
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def iin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN (ЖСН) whose first 11 digits are given; None if none exists."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _WEIGHTS_SECOND, strict=True)) % 11
    return None if total == 10 else total


class IinProblem(StrEnum):
    """Why a string is not an IIN; the messages users read are in models.IIN_MESSAGES."""

    LENGTH = "length"
    CENTURY = "century"
    BIRTH_DATE = "birth_date"
    CHECK_DIGIT = "check_digit"


def iin_problem(iin: str) -> IinProblem | None:
    """Why `iin` is not a valid individual identification number, or None when it is.

    Checks the length, the birth date in digits 1-6, the century-and-sex digit 7 and the
    check digit 12 (both weightings of the national algorithm).
    """
    if not re.fullmatch(r"\d{12}", iin):
        return IinProblem.LENGTH
    century = _CENTURY.get(int(iin[6]))
    if century is None:
        return IinProblem.CENTURY
    try:
        dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return IinProblem.BIRTH_DATE
    expected = iin_check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        return IinProblem.CHECK_DIGIT
    return None


def iin_birth_date(iin: str) -> dt.date:
    return dt.date(_CENTURY[int(iin[6])] + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))


# Acts write category codes with Cyrillic or Latin letters and assorted dashes: "Е-R-2",
# "E–3", "С-4" all occur (METHODOLOGY.md, Annex 4). Codes are kept in Latin letters.
_TO_LATIN = str.maketrans(
    {
        "Е": "E",
        "е": "E",
        "С": "C",
        "с": "C",
        "Р": "R",
        "р": "R",
        "Г": "G",
        "г": "G",
        "А": "A",
        "а": "A",
        "В": "B",
        "в": "B",
        "О": "O",
        "о": "O",
        "Д": "D",
        "д": "D",
    }
)
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")


def normalise_category(code: str) -> str:
    """'е–r-2 ' → 'E-R-2'; an Annex 4 asterisk ('E-3*') is a role, not part of the code."""
    code = code.strip().translate(_TO_LATIN).upper().rstrip("*").strip()
    code = _DASHES.sub("-", code)
    return re.sub(r"\s+", "", code)


K = TypeVar("K", bound=Hashable)


def find_cycle(parent_of: Mapping[K, K | None]) -> list[K] | None:
    """A cycle in a parent map (child → parent), as the list of its members, or None.

    Used for reporting lines (position → the position it reports to) and the tree of
    subdivisions. A parent that is not itself a key ends the walk (the caller checks it
    exists).
    """
    done: set[K] = set()
    for start in parent_of:
        path: list[K] = []
        on_path: set[K] = set()
        node: K | None = start
        while node is not None and node not in done:
            if node in on_path:
                return path[path.index(node) :]
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        done.update(path)
    return None


_TRUE = {"1", "yes", "y", "true", "t", "иә", "ия", "да", "+", "x", "✓"}
_FALSE = {"", "0", "no", "n", "false", "f", "жоқ", "нет", "-"}


def parse_flag(value: str) -> bool | None:
    """A yes/no cell in Kazakh, Russian or English; None when it is neither."""
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def parse_date(value: str) -> dt.date | None:
    """ISO 'YYYY-MM-DD' or the Kazakh office habit 'DD.MM.YYYY'; None when neither."""
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
