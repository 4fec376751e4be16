"""Pure rules of the competency catalogue: Annex 3's competencies and Annex 4's indicators.

A catalogue (мінез-құлық индикаторлары) gives, for each of the 11 competencies of Annex 3 and
each category group (row) of Annex 4, the behavioural indicators in the act's order, each with
its effective wording and its mirrored ineffective wording (§26). The shipped files are in
`data/catalogue/`; their shape is described in its README. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bagalau.methodology.rules import CategoryGroup

# The 11 competencies of Annex 3 by stable code, in the order of the form, with the English
# name (no act is in English) and whether only servants who provide public services are
# evaluated on it (the two starred, Annex 3 footnote).
COMPETENCIES: tuple[tuple[str, str, bool], ...] = (
    ("activity-management", "Activity management", False),
    ("cooperation", "Cooperation", False),
    ("decision-making", "Decision making", False),
    ("promptness", "Promptness", False),
    ("self-development", "Self-development", False),
    ("service-orientation", "Orientation to service recipients", True),
    ("service-informing", "Informing service recipients", True),
    ("integrity", "Integrity", False),
    ("responsibility", "Responsibility", False),
    ("initiative", "Initiative", False),
    ("stress-resistance", "Stress resistance", False),
)
COMPETENCY_CODES = tuple(code for code, _en, _ps in COMPETENCIES)
ENGLISH_NAMES = {code: en for code, en, _ps in COMPETENCIES}
NOTE_KINDS = ("cleaning", "oddity", "reading")
_TEXT_FIELDS = ("effective_kk", "ineffective_kk", "effective_ru", "ineffective_ru")


@dataclass(frozen=True)
class Indicator:
    """One behavioural indicator: the effective wording and its ineffective twin.

    Either wording may be None where the act gives one without its twin (noted in `note`).
    """

    effective_kk: str | None
    ineffective_kk: str | None
    effective_ru: str | None
    ineffective_ru: str | None
    note: str = ""
    key: int | None = None  # the stored indicator's id, once loaded; not part of the content


@dataclass(frozen=True)
class Cell:
    """The indicators of one competency for one Annex 4 row (category group)."""

    group: str
    categories_kk: str  # the category cell as printed
    # Set only where this competency's row covers other categories than its group.
    categories: tuple[tuple[str, bool | None], ...] | None
    indicators: tuple[Indicator, ...]

    def covers(self, group: CategoryGroup, category: str, heads_subdivision: bool) -> bool:
        if self.categories is None:
            return group.covers(category, heads_subdivision)
        return any(
            code == category and (heads is None or heads == heads_subdivision)
            for code, heads in self.categories
        )


@dataclass(frozen=True)
class CompetencyEntry:
    code: str
    name_kk: str
    name_ru: str
    annex3_kk: str | None
    annex4_kk: str | None
    public_services_only: bool
    cells: tuple[Cell, ...]

    @property
    def name_en(self) -> str:
        return ENGLISH_NAMES.get(self.code, self.code)

    def cell(self, group: str) -> Cell | None:
        return next((c for c in self.cells if c.group == group), None)


@dataclass(frozen=True)
class Catalogue:
    """Annex 4 of one act, with the competency names of its Annex 3."""

    competencies: tuple[CompetencyEntry, ...]
    extracted_for: str = ""  # the version the file was extracted for
    source_file: str = ""
    translation_ru: str = ""
    notes: tuple[Mapping[str, str], ...] = ()

    def competency(self, code: str) -> CompetencyEntry | None:
        return next((c for c in self.competencies if c.code == code), None)

    @property
    def indicator_count(self) -> int:
        return sum(len(cell.indicators) for c in self.competencies for cell in c.cells)


def _text(value: Any, path: str, problems: list[str], *, required: bool) -> str | None:
    if value is None:
        if required:
            problems.append(f"{path}: missing")
        return None
    if not isinstance(value, str):
        problems.append(f"{path}: must be text")
        return None
    text = " ".join(value.split())
    if not text:
        if required:
            problems.append(f"{path}: empty")
        return None
    return text


def parse_catalogue(data: Any) -> tuple[Catalogue | None, list[str]]:
    """Read a catalogue document (the YAML file's data) into a Catalogue, or say what is wrong.

    Whitespace inside wordings is collapsed, so a wording keeps no line breaks or doubled
    spaces; nothing else is changed.
    """
    problems: list[str] = []
    if not isinstance(data, Mapping):
        return None, ["the catalogue must be a mapping with a list of competencies"]
    raw_competencies = data.get("competencies")
    if not isinstance(raw_competencies, list) or not raw_competencies:
        return None, ["competencies: must be a non-empty list"]
    competencies = []
    for i, raw in enumerate(raw_competencies, start=1):
        path = f"competencies[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(f"{path}: must be a mapping")
            continue
        code = raw.get("code")
        if isinstance(code, str):
            path = f"{code}"
        else:
            problems.append(f"{path}.code: missing")
            continue
        cells = []
        raw_cells = raw.get("cells")
        if not isinstance(raw_cells, list) or not raw_cells:
            problems.append(f"{path}.cells: must be a non-empty list")
            raw_cells = []
        for j, raw_cell in enumerate(raw_cells, start=1):
            cell = _parse_cell(raw_cell, f"{path} / row {j}", problems)
            if cell is not None:
                cells.append(cell)
        public = raw.get("public_services_only", False)
        if not isinstance(public, bool):
            problems.append(f"{path}.public_services_only: must be true or false")
            public = False
        competencies.append(
            CompetencyEntry(
                code=code,
                name_kk=_text(raw.get("name_kk"), f"{path}.name_kk", problems, required=True) or "",
                name_ru=_text(raw.get("name_ru"), f"{path}.name_ru", problems, required=True) or "",
                annex3_kk=_text(
                    raw.get("annex3_kk"), f"{path}.annex3_kk", problems, required=False
                ),
                annex4_kk=_text(
                    raw.get("annex4_kk"), f"{path}.annex4_kk", problems, required=False
                ),
                public_services_only=public,
                cells=tuple(cells),
            )
        )
    notes = []
    for k, note in enumerate(data.get("notes") or [], start=1):
        if (
            not isinstance(note, Mapping)
            or note.get("kind") not in NOTE_KINDS
            or not isinstance(note.get("text"), str)
        ):
            problems.append(f"notes[{k}]: needs a kind ({', '.join(NOTE_KINDS)}) and a text")
            continue
        notes.append(
            {"kind": note["kind"], "where": str(note.get("where", "")), "text": note["text"]}
        )
    if problems:
        return None, problems
    return (
        Catalogue(
            competencies=tuple(competencies),
            extracted_for=str(data.get("version") or ""),
            source_file=str(data.get("source_file") or ""),
            translation_ru=" ".join(str(data.get("translation_ru") or "").split()),
            notes=tuple(notes),
        ),
        [],
    )


def _parse_cell(raw: Any, path: str, problems: list[str]) -> Cell | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("group"), str):
        problems.append(f"{path}: needs a group")
        return None
    path = f"{path.rsplit(' / ', 1)[0]} / {raw['group']}"
    categories = None
    if raw.get("categories") is not None:
        items = raw["categories"]
        if not isinstance(items, list) or not all(
            isinstance(c, Mapping)
            and isinstance(c.get("code"), str)
            and c.get("heads_subdivision") in (True, False, None)
            for c in items
        ):
            problems.append(f"{path}.categories: a list of {{code, heads_subdivision}}")
        else:
            categories = tuple((c["code"], c.get("heads_subdivision")) for c in items)
    indicators = []
    raw_indicators = raw.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        problems.append(f"{path}.indicators: must be a non-empty list")
        raw_indicators = []
    for k, item in enumerate(raw_indicators, start=1):
        where = f"{path} / {k}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a mapping")
            continue
        texts = {
            name: _text(item.get(name), f"{where}.{name}", problems, required=False)
            for name in _TEXT_FIELDS
        }
        if texts["effective_kk"] is None and texts["ineffective_kk"] is None:
            problems.append(f"{where}: has neither an effective nor an ineffective wording")
        for side in ("effective", "ineffective"):
            if (texts[f"{side}_kk"] is None) != (texts[f"{side}_ru"] is None):
                problems.append(f"{where}.{side}_ru: Kazakh and Russian wordings go together")
        indicators.append(Indicator(**texts, note=str(item.get("note") or "")))
    return Cell(
        group=raw["group"],
        categories_kk=" ".join(str(raw.get("categories_kk") or "").split()),
        categories=categories,
        indicators=tuple(indicators),
    )


def catalogue_problems(
    catalogue: Catalogue, groups: Sequence[CategoryGroup], max_indicators: int
) -> list[str]:
    """What makes a catalogue unusable with a version's Annex 4 rows (§26).

    Every competency of Annex 3 appears once; each has one row per category group and no
    other; a row has at most `max_indicators` indicators; and every category the version
    names resolves, for each competency and each head flag its rows admit, to exactly one
    row.
    """
    problems: list[str] = []
    codes = [c.code for c in catalogue.competencies]
    for code in codes:
        if code not in COMPETENCY_CODES:
            problems.append(f"{code}: not one of the 11 competencies of Annex 3")
        elif codes.count(code) > 1:
            problems.append(f"{code}: appears more than once")
    problems += [f"{code}: missing" for code in COMPETENCY_CODES if code not in codes]
    group_codes = [g.code for g in groups]
    by_code = {g.code: g for g in groups}
    for competency in catalogue.competencies:
        cell_groups = [cell.group for cell in competency.cells]
        for group in group_codes:
            if group not in cell_groups:
                problems.append(f"{competency.code}: no row for the category group {group}")
            elif cell_groups.count(group) > 1:
                problems.append(f"{competency.code}: more than one row for {group}")
        for cell in competency.cells:
            if cell.group not in by_code:
                problems.append(
                    f"{competency.code} / {cell.group}: not a category group of this version"
                    f" ({', '.join(group_codes)})"
                )
            if len(cell.indicators) > max_indicators:
                problems.append(
                    f"{competency.code} / {cell.group}: {len(cell.indicators)} indicators,"
                    f" at most {max_indicators} (§26)"
                )
        for category, heads in _positions(groups):
            rows = [
                cell.group
                for cell in competency.cells
                if cell.group in by_code and cell.covers(by_code[cell.group], category, heads)
            ]
            role = "heading a subdivision" if heads else "not heading a subdivision"
            if len(rows) != 1:
                problems.append(
                    f"{competency.code}: {category} ({role}) falls in "
                    + (f"{len(rows)} rows ({', '.join(rows)})" if rows else "no row")
                )
    return problems


def _positions(groups: Sequence[CategoryGroup]) -> list[tuple[str, bool]]:
    """Every (category, heads a subdivision) the version's Annex 4 rows admit.

    A category without a role qualifier admits both; "E-3 (head of structural subdivision)"
    admits only heads. A position outside these has no row at all, and the staff import
    refuses it already (000 has no row for an E-3 who heads nothing).
    """
    found = set()
    for group in groups:
        for code, heads, *_labels in group.categories:
            found |= {(code, True), (code, False)} if heads is None else {(code, heads)}
    return sorted(found)


def competencies_for(
    catalogue: Catalogue,
    groups: Sequence[CategoryGroup],
    category: str,
    heads_subdivision: bool,
    *,
    provides_public_services: bool = True,
) -> list[tuple[CompetencyEntry, Cell]]:
    """The competencies a position is evaluated on, each with its Annex 4 row (§25–§26).

    A position that provides no public services is not evaluated on the starred
    competencies (Annex 3 footnote). A competency whose rows do not cover the category is
    left out; a validated catalogue covers every category of its version.
    """
    by_code = {g.code: g for g in groups}
    chosen = []
    for competency in catalogue.competencies:
        if competency.public_services_only and not provides_public_services:
            continue
        for cell in competency.cells:
            group = by_code.get(cell.group)
            if group is not None and cell.covers(group, category, heads_subdivision):
                chosen.append((competency, cell))
                break
    return chosen


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data in the file's shape (what the digest is taken over)."""
    competencies = []
    for c in catalogue.competencies:
        cells = []
        for cell in c.cells:
            doc: dict[str, Any] = {"group": cell.group, "categories_kk": cell.categories_kk}
            if cell.categories is not None:
                doc["categories"] = [
                    {"code": code, "heads_subdivision": heads} for code, heads in cell.categories
                ]
            doc["indicators"] = [
                {k: v for k, v in asdict(i).items() if k != "key" and (k != "note" or v)}
                for i in cell.indicators
            ]
            cells.append(doc)
        competencies.append(
            {
                "code": c.code,
                "annex3_kk": c.annex3_kk,
                "annex4_kk": c.annex4_kk,
                "name_kk": c.name_kk,
                "name_ru": c.name_ru,
                "public_services_only": c.public_services_only,
                "cells": cells,
            }
        )
    return {
        "version": catalogue.extracted_for,
        "source_file": catalogue.source_file,
        "translation_ru": catalogue.translation_ru,
        "competencies": competencies,
        "notes": [dict(n) for n in catalogue.notes],
    }


def catalogue_digest(catalogue: Catalogue) -> str:
    """A fingerprint of the content: equal files give equal digests, any change a new one."""
    text = json.dumps(catalogue_document(catalogue), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
