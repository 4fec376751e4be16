"""Reads of methodology versions: the chain of an amendment and the version in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from bagalau.methodology.catalogue_rules import (
    Catalogue,
    Cell,
    CompetencyEntry,
    Indicator,
    competencies_for,
)
from bagalau.methodology.models import (
    BehaviouralIndicator,
    CatalogueRevision,
    CatalogueRow,
    MethodologyVersion,
)
from bagalau.methodology.rules import MethodologyRules, merge_parameters
from bagalau.orgstructure.models import Organisation


class NoMethodologyInForce(LookupError):
    """No version of the body's methodology is in force on the date."""


def methodology_version_list() -> QuerySet[MethodologyVersion]:
    return MethodologyVersion.objects.select_related("organisation", "parent").order_by(
        "organisation__code", "effective_from", "code"
    )


def version_chain(version: MethodologyVersion) -> list[MethodologyVersion]:
    """The version and every version it amends or adopts, base first."""
    chain = [version]
    seen = {version.pk}
    while chain[-1].parent_id is not None:
        parent = chain[-1].parent
        if parent.pk in seen:  # a hand-edited loop: stop rather than spin
            raise ValueError(f"methodology versions amend each other in a loop at {parent.code}")
        seen.add(parent.pk)
        chain.append(parent)
    return list(reversed(chain))


def version_parameters(version: MethodologyVersion) -> dict:
    """The merged parameters of a version: its base act as amended by it."""
    return merge_parameters([v.parameters for v in version_chain(version)])


def version_rules(version: MethodologyVersion) -> MethodologyRules:
    return MethodologyRules.from_parameters(version_parameters(version))


def version_in_force(organisation: Organisation | int, on: dt.date) -> MethodologyVersion:
    """The version of the body's methodology in force on `on`.

    Among the body's versions whose effective period covers the date, the newest takes
    effect (an amendment supersedes the text it amends from its own entry into force).
    """
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    version = (
        MethodologyVersion.objects.filter(organisation_id=org_id, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("parent", "organisation")
        .order_by("-effective_from", "-act_date", "-pk")
        .first()
    )
    if version is None:
        raise NoMethodologyInForce(
            f"no methodology version is in force for state body {org_id} on {on.isoformat()}"
        )
    return version


def rules_in_force(organisation: Organisation | int, on: dt.date) -> MethodologyRules:
    return version_rules(version_in_force(organisation, on))


def version_document(version: MethodologyVersion, merged: dict[str, Any]) -> dict[str, Any]:
    """As `bagalau methodology show --json` prints it (dates stay dates until rendered)."""
    return {
        "id": version.pk,
        "code": version.code,
        "organisation": version.organisation.code if version.organisation else None,
        "kind": version.kind,
        "parent": version.parent.code if version.parent else None,
        "act_issuer": version.act_issuer_kk,
        "act_title": version.act_title_kk,
        "act_number": version.act_number,
        "act_date": version.act_date,
        "registry_number": version.registry_number or None,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
        "assumptions": version.assumptions,
        "own_parameters": version.parameters,
        "parameters": merged,
    }


def version_parameters_bulk(versions: list[MethodologyVersion]) -> dict[int, dict[str, Any]]:
    """Merged parameters of each version, in one query whatever the length of the chains.

    The same merge as version_parameters, which walks one parent per query.
    """
    own = {
        pk: (parent, params)
        for pk, parent, params in MethodologyVersion.objects.values_list(
            "pk", "parent_id", "parameters"
        )
    }
    merged: dict[int, dict[str, Any]] = {}
    for version in versions:
        chain, seen, pk = [], set(), version.pk
        while pk is not None:
            if pk in seen:  # a hand-edited loop: refuse, as version_chain does
                raise ValueError(f"methodology versions amend each other in a loop at {pk}")
            seen.add(pk)
            parent, params = own[pk]
            chain.append(params)
            pk = parent
        merged[version.pk] = merge_parameters(list(reversed(chain)))
    return merged


def catalogue_revision_of(version: MethodologyVersion) -> CatalogueRevision | None:
    """The Annex 4 in force under a version: the newest revision of its own catalogue, else
    of the nearest act it amends or adopts (an amendment that leaves Annex 4 alone)."""
    chain = version_chain(version)
    revisions = (
        CatalogueRevision.objects.filter(version__in=chain)
        .select_related("version")
        .order_by("-number")
    )
    newest = {}
    for revision in revisions:
        newest.setdefault(revision.version_id, revision)
    for link in reversed(chain):
        if link.pk in newest:
            return newest[link.pk]
    return None


def revision_catalogue(revision: CatalogueRevision) -> Catalogue:
    """A stored revision as the pure rules read it (three queries whatever its size)."""
    competencies = revision.competencies.order_by("position").prefetch_related(
        Prefetch("rows", queryset=CatalogueRow.objects.order_by("position")),
        Prefetch("rows__indicators", queryset=BehaviouralIndicator.objects.order_by("position")),
    )
    return Catalogue(
        competencies=tuple(
            CompetencyEntry(
                code=c.code,
                name_kk=c.name_kk,
                name_ru=c.name_ru,
                annex3_kk=c.annex3_kk or None,
                annex4_kk=c.annex4_kk or None,
                public_services_only=c.public_services_only,
                cells=tuple(
                    Cell(
                        group=row.group,
                        categories_kk=row.categories_kk,
                        categories=(
                            tuple((x["code"], x.get("heads_subdivision")) for x in row.categories)
                            if row.categories is not None
                            else None
                        ),
                        indicators=tuple(
                            Indicator(
                                effective_kk=i.effective_kk or None,
                                ineffective_kk=i.ineffective_kk or None,
                                effective_ru=i.effective_ru or None,
                                ineffective_ru=i.ineffective_ru or None,
                                note=i.note,
                                key=i.pk,
                            )
                            for i in row.indicators.all()
                        ),
                    )
                    for row in c.rows.all()
                ),
            )
            for c in competencies
        ),
        extracted_for=revision.extracted_for,
        source_file=revision.source_file,
        translation_ru=revision.translation_ru,
        notes=tuple(revision.notes),
    )


def _indicator_document(indicator: Indicator) -> dict[str, Any]:
    return {
        "id": indicator.key,
        "effective_kk": indicator.effective_kk,
        "ineffective_kk": indicator.ineffective_kk,
        "effective_ru": indicator.effective_ru,
        "ineffective_ru": indicator.ineffective_ru,
        "note": indicator.note or None,
    }


def _competency_document(competency: CompetencyEntry) -> dict[str, Any]:
    return {
        "code": competency.code,
        "name_kk": competency.name_kk,
        "name_ru": competency.name_ru,
        "name_en": competency.name_en,
        "public_services_only": competency.public_services_only,
    }


def catalogue_for_position(
    version: MethodologyVersion,
    category: str,
    heads_subdivision: bool,
    *,
    provides_public_services: bool = True,
) -> dict[str, Any]:
    """The competencies, with their indicators, that a position is evaluated on (§25–§26).

    As `bagalau methodology show VERSION --category CODE --json` prints it. Raises
    LookupError naming the problem when the version has no catalogue or no such category.
    """
    rules = version_rules(version)
    group = rules.category_group(category, heads_subdivision)
    if group is None:
        raise LookupError(
            f"{category} ({'heading' if heads_subdivision else 'not heading'} a subdivision)"
            f" is in no row of Annex 4 of {version.code}; its categories are "
            + ", ".join(sorted(rules.categories))
        )
    revision = catalogue_revision_of(version)
    if revision is None:
        raise LookupError(f"{version.code} has no competency catalogue (Annex 4) loaded")
    chosen = competencies_for(
        revision_catalogue(revision),
        rules.category_groups,
        category,
        heads_subdivision,
        provides_public_services=provides_public_services,
    )
    return {
        "version": version.code,
        "revision": revision.number,
        "catalogue_of": revision.version.code,
        "category": category,
        "head": heads_subdivision,
        "public_services": provides_public_services,
        "group": group.code,
        "competencies": [
            {
                **_competency_document(competency),
                "group": cell.group,
                "categories_kk": cell.categories_kk,
                "indicators": [_indicator_document(i) for i in cell.indicators],
            }
            for competency, cell in chosen
        ],
    }


def catalogue_full_document(version: MethodologyVersion) -> dict[str, Any]:
    """A version's whole catalogue: every competency with its rows, and the notes."""
    revision = catalogue_revision_of(version)
    if revision is None:
        raise LookupError(f"{version.code} has no competency catalogue (Annex 4) loaded")
    catalogue = revision_catalogue(revision)
    return {
        "version": version.code,
        "revision": revision.number,
        "catalogue_of": revision.version.code,
        "digest": revision.digest,
        "source_file": revision.source_file,
        "translation_ru": revision.translation_ru,
        "competencies": [
            {
                **_competency_document(c),
                "annex3_kk": c.annex3_kk,
                "annex4_kk": c.annex4_kk,
                "rows": [
                    {
                        "group": cell.group,
                        "categories_kk": cell.categories_kk,
                        "indicators": [_indicator_document(i) for i in cell.indicators],
                    }
                    for cell in c.cells
                ],
            }
            for c in catalogue.competencies
        ],
        "notes": list(catalogue.notes),
    }


def catalogue_revision_list(version: MethodologyVersion) -> QuerySet[CatalogueRevision]:
    return version.catalogue_revisions.select_related("created_by").order_by("-number")
