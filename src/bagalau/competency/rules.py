"""Pure rules of the competency track (§25–§28). Standard library only.

§27: a competency meets expectations when at least the threshold share (3/4) of its
behavioural indicators were shown, computed exactly: with 3 indicators all 3 are needed,
with 6 five, with 10 eight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class CompetencyResult(StrEnum):
    MEETS = "meets"  # күтілген нәтижеге сәйкес
    DOES_NOT_MEET = "does_not_meet"  # күтілген нәтижеге сәйкес емес


def indicators_needed(total: int, threshold: Fraction) -> int:
    """How many of `total` indicators must be shown to meet expectations (§27)."""
    if total < 1:
        raise ValueError("a competency has at least one indicator")
    return math.ceil(threshold * total)


def competency_result(shown: int, total: int, threshold: Fraction) -> CompetencyResult:
    if not 0 <= shown <= total:
        raise ValueError(f"{shown} shown of {total} indicators")
    if Fraction(shown, total) >= threshold:
        return CompetencyResult.MEETS
    return CompetencyResult.DOES_NOT_MEET


@dataclass(frozen=True)
class CompetencyMarks:
    code: str
    indicators: Sequence[int]  # the ids of the competency's indicators, in order
    shown: frozenset[int]


def development_needs(
    marks: Sequence[CompetencyMarks], threshold: Fraction
) -> dict[str, list[int]]:
    """For each competency not met, its indicators not observed: the servant's development
    needs (§7 second paragraph, §27)."""
    needs = {}
    for m in marks:
        if competency_result(len(m.shown), len(m.indicators), threshold) != CompetencyResult.MEETS:
            needs[m.code] = [i for i in m.indicators if i not in m.shown]
    return needs
