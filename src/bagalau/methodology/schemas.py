"""Output shapes of the methodology API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class VersionOut(Schema):
    """A methodology version from its legal act, with its parameters merged along the
    chain of acts it amends (base first)."""

    id: int
    code: str
    organisation: str | None
    kind: str
    parent: str | None
    act_issuer: str
    act_title: str
    act_number: str
    act_date: dt.date
    registry_number: str | None
    effective_from: dt.date
    effective_to: dt.date | None
    assumptions: list[Any]
    own_parameters: dict[str, Any]
    parameters: dict[str, Any]


class IndicatorOut(Schema):
    """A behavioural indicator: the effective wording and its ineffective twin (null where
    the act gives none). Russian wordings are Bagalau's translation."""

    id: int | None
    effective_kk: str | None
    ineffective_kk: str | None
    effective_ru: str | None
    ineffective_ru: str | None
    note: str | None


class PositionCompetencyOut(Schema):
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    public_services_only: bool
    group: str
    categories_kk: str
    indicators: list[IndicatorOut]


class PositionCatalogueOut(Schema):
    """The competencies a position of the category is evaluated on (§25–§26, Annex 4)."""

    version: str
    revision: int
    catalogue_of: str
    category: str
    head: bool
    public_services: bool
    group: str
    competencies: list[PositionCompetencyOut]


class CatalogueRowOut(Schema):
    group: str
    categories_kk: str
    indicators: list[IndicatorOut]


class CatalogueCompetencyOut(Schema):
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    public_services_only: bool
    annex3_kk: str | None
    annex4_kk: str | None
    rows: list[CatalogueRowOut]


class CatalogueOut(Schema):
    """A version's whole Annex 4, with the cleanings and oddities recorded on extraction."""

    version: str
    revision: int
    catalogue_of: str
    digest: str
    source_file: str
    translation_ru: str
    competencies: list[CatalogueCompetencyOut]
    notes: list[dict[str, Any]]


class CatalogueRevisionOut(Schema):
    number: int
    digest: str
    source: str
    source_name: str
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.get_username() if obj.created_by else None


class CatalogueLoadOut(Schema):
    revision: int
    created: bool
