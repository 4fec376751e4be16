"""Pure rules of methodology versions: parameters, merging amendments, category groups.

A version's `parameters` hold what its act states; an amendment holds only what it changes.
The rules in force are the merge of the chain from the base act to the newest amendment.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

RATINGS = ("unsatisfactory", "satisfactory", "effective", "excellent")  # §18, low to high
APPEAL_BODIES = ("civil_service_agency", "authorized_person")  # 001 §42 / 004 §43
DEADLINES = (
    "work_plan",  # §9: KPIs set within 10 working days after the period starts
    "work_plan_rework",  # §12
    "kpi_sheet_rework",  # §23
    "kpi_sheet_to_commission",  # §24
    "competency_sheet_to_commission",  # §28
    "schedule_notice",  # §29
    "acquaintance",  # §40
    "appeal",  # §42
    "after_return",  # §4
)

# key → (type check, description for messages)
_SCALARS: dict[str, tuple[type, str]] = {
    "kpi_count": (int, "number of KPIs in a work plan (§14)"),
    "max_indicators_per_competency": (int, "maximum behavioural indicators (§26)"),
    "min_tenure_months": (int, "minimum months in the position (§4)"),
    "commission_min_members": (int, "minimum commission size (§5)"),
    "retention_years": (int, "years the papers are kept (§8)"),
    "competency_threshold": (str, "share of indicators to meet expectations (§27)"),
    "commission_quorum": (str, "quorum as a share of members (§30)"),
    "appeal_body": (str, "who hears appeals (§42)"),
    "hr_working_body_kk": (str, "the commission's working body, Kazakh (§5)"),
    "hr_working_body_ru": (str, "the commission's working body, Russian (§5)"),
    "refusal_act_signatories": (str, "who signs the act of refusal (§41)"),
}
# Yes/no settings, each with its default where the act is silent.
_FLAGS: dict[str, tuple[bool, str]] = {
    # Not in the acts: a member whose own evaluation is on the agenda may declare a conflict of
    # interest and does not vote on that case. Bagalau's addition, on unless a version says no.
    "commission_recusal": (True, "members may declare a conflict of interest (addition)"),
}
_STRUCTURED = {
    "kpi_rating_scale",
    "deadlines_working_days",
    "category_groups",
    "results_sent_on_refusal",
    "paragraphs",
}
_OPTIONAL = {"hr_working_body_kk", "hr_working_body_ru", "refusal_act_signatories"}
REQUIRED = (
    *(k for k in _SCALARS if k not in _OPTIONAL),
    "kpi_rating_scale",
    "deadlines_working_days",
    "category_groups",
)
KNOWN = frozenset(_SCALARS) | _STRUCTURED | frozenset(_FLAGS)


def merge_parameters(chain: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge a version chain, base first: a later version's key replaces the earlier one.

    Nested dictionaries (deadlines, paragraph numbers) merge key by key, so an amendment may
    change one deadline; lists (Annex 4's category groups, the rating scale) are replaced
    whole, as an act replaces an annex "in a new wording" (жаңа редакцияда).
    """
    merged: dict[str, Any] = {}
    for params in chain:
        for key, value in params.items():
            if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def _fraction_problem(text: Any) -> str | None:
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return "is not a fraction like 3/4"
    return None if 0 < value <= 1 else "must be above 0 and at most 1"


def parameter_problems(params: Mapping[str, Any], *, complete: bool) -> list[str]:
    """What is wrong with a version's parameters; `complete` for a version in force."""
    problems: list[str] = []
    for key in params:
        if key not in KNOWN:
            problems.append(f"{key}: unknown parameter")
    if complete:
        problems += [f"{key}: missing" for key in REQUIRED if key not in params]
    for key, (kind, label) in _SCALARS.items():
        if key in params and (not isinstance(params[key], kind) or isinstance(params[key], bool)):
            problems.append(f"{key}: {label} must be {kind.__name__}")
    for key, (_default, label) in _FLAGS.items():
        if key in params and not isinstance(params[key], bool):
            problems.append(f"{key}: {label} must be true or false")
    for key in ("kpi_count", "max_indicators_per_competency", "commission_min_members"):
        if isinstance(params.get(key), int) and params[key] < 1:
            problems.append(f"{key}: must be at least 1")
    for key in ("competency_threshold", "commission_quorum"):
        if key in params and (problem := _fraction_problem(params[key])):
            problems.append(f"{key}: {problem}")
    if "appeal_body" in params and params["appeal_body"] not in APPEAL_BODIES:
        problems.append(f"appeal_body: must be one of {', '.join(APPEAL_BODIES)}")
    if "kpi_rating_scale" in params:
        problems += _scale_problems(params["kpi_rating_scale"], params.get("kpi_count"))
    if "deadlines_working_days" in params:
        deadlines = params["deadlines_working_days"]
        if not isinstance(deadlines, Mapping):
            problems.append("deadlines_working_days: must be a mapping")
        else:
            for name, days in deadlines.items():
                if name not in DEADLINES:
                    problems.append(f"deadlines_working_days.{name}: unknown deadline")
                elif not isinstance(days, int) or isinstance(days, bool) or days < 1:
                    problems.append(f"deadlines_working_days.{name}: must be a whole number ≥ 1")
            if complete:
                problems += [
                    f"deadlines_working_days.{name}: missing"
                    for name in DEADLINES
                    if name not in deadlines
                ]
    if "category_groups" in params:
        problems += _group_problems(params["category_groups"])
    return problems


def _scale_problems(scale: Any, kpi_count: Any) -> list[str]:
    if not isinstance(scale, list) or not scale:
        return ["kpi_rating_scale: must be a list of [minimum achieved, rating]"]
    problems = []
    minimums = []
    for step in scale:
        if (
            not isinstance(step, list | tuple)
            or len(step) != 2
            or not isinstance(step[0], int)
            or step[1] not in RATINGS
        ):
            problems.append(f"kpi_rating_scale: bad step {step!r}")
            continue
        minimums.append(step[0])
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        problems.append("kpi_rating_scale: minimums must fall strictly from the first step")
    if isinstance(kpi_count, int) and minimums and minimums[0] > kpi_count:
        problems.append("kpi_rating_scale: a step asks for more KPIs than a plan has")
    return problems


def _group_problems(groups: Any) -> list[str]:
    if not isinstance(groups, list) or not groups:
        return ["category_groups: must be a non-empty list (Annex 4)"]
    problems = []
    seen: dict[tuple[str, bool | None], str] = {}
    for group in groups:
        code = group.get("code") if isinstance(group, Mapping) else None
        if not code or not isinstance(group.get("categories"), list):
            problems.append(f"category_groups: a group needs a code and categories: {group!r}")
            continue
        for cat in group["categories"]:
            key = (cat.get("code"), cat.get("heads_subdivision"))
            if not key[0]:
                problems.append(f"category_groups.{code}: a category without a code")
            elif (
                key in seen
                or (key[0], None) in seen
                or (key[1] is None and any(k[0] == key[0] for k in seen))
            ):
                problems.append(f"category_groups.{code}: {key[0]} is in more than one row")
            seen[key] = code
    return problems


@dataclass(frozen=True)
class CategoryGroup:
    """A row of Annex 4: the categories (and roles) sharing one set of indicators."""

    code: str
    name_kk: str
    name_ru: str
    categories: tuple[tuple[str, bool | None, str, str], ...]  # code, heads, label kk, label ru

    def covers(self, category: str, heads_subdivision: bool) -> bool:
        return any(
            code == category and (heads is None or heads == heads_subdivision)
            for code, heads, _kk, _ru in self.categories
        )


@dataclass(frozen=True)
class MethodologyRules:
    """The rules in force: a version's merged parameters, typed."""

    kpi_count: int
    kpi_rating_scale: tuple[tuple[int, str], ...]
    competency_threshold: Fraction
    max_indicators_per_competency: int
    min_tenure_months: int
    deadlines: Mapping[str, int]
    commission_min_members: int
    commission_quorum: Fraction
    appeal_body: str
    retention_years: int
    category_groups: tuple[CategoryGroup, ...]
    extra: Mapping[str, Any]

    @classmethod
    def from_parameters(cls, params: Mapping[str, Any]) -> MethodologyRules:
        problems = parameter_problems(params, complete=True)
        if problems:
            raise ValueError("; ".join(problems))
        groups = tuple(
            CategoryGroup(
                code=g["code"],
                name_kk=g.get("name_kk", ""),
                name_ru=g.get("name_ru", ""),
                categories=tuple(
                    (
                        c["code"],
                        c.get("heads_subdivision"),
                        c.get("label_kk", ""),
                        c.get("label_ru", ""),
                    )
                    for c in g["categories"]
                ),
            )
            for g in params["category_groups"]
        )
        return cls(
            kpi_count=params["kpi_count"],
            kpi_rating_scale=tuple((int(m), str(r)) for m, r in params["kpi_rating_scale"]),
            competency_threshold=Fraction(params["competency_threshold"]),
            max_indicators_per_competency=params["max_indicators_per_competency"],
            min_tenure_months=params["min_tenure_months"],
            deadlines=dict(params["deadlines_working_days"]),
            commission_min_members=params["commission_min_members"],
            commission_quorum=Fraction(params["commission_quorum"]),
            appeal_body=params["appeal_body"],
            retention_years=params["retention_years"],
            category_groups=groups,
            extra={k: v for k, v in params.items() if k not in REQUIRED},
        )

    def flag(self, name: str) -> bool:
        """A yes/no setting of the version, or its default where the act is silent."""
        return bool(self.extra.get(name, _FLAGS[name][0]))

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(c[0] for g in self.category_groups for c in g.categories)

    def category_group(self, category: str, heads_subdivision: bool) -> CategoryGroup | None:
        """The Annex 4 row for a position's category and role (§26), or None."""
        for group in self.category_groups:
            if group.covers(category, heads_subdivision):
                return group
        return None
