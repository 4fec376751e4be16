"""Writes of methodology versions: loading the shipped acts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bagalau.core.audit import audit_record, snapshot
from bagalau.methodology.catalogue_rules import (
    Catalogue,
    catalogue_digest,
    catalogue_document,
    catalogue_problems,
    parse_catalogue,
)
from bagalau.methodology.models import (
    BehaviouralIndicator,
    CatalogueCompetency,
    CatalogueRevision,
    CatalogueRow,
    MethodologyVersion,
)
from bagalau.methodology.rules import MethodologyRules, parameter_problems
from bagalau.methodology.selectors import (
    catalogue_revision_of,
    revision_catalogue,
    version_parameters,
)
from bagalau.orgstructure.models import Organisation

SHIPPED = "versions.json"


def shipped_data() -> dict[str, Any]:
    """The five acts' versions, extracted from their texts into the package."""
    text = resources.files("bagalau.methodology").joinpath("data", SHIPPED).read_text("utf-8")
    return json.loads(text)


def shipped_text(source_file: str) -> str:
    """The full text of a shipped act (Kazakh), as published."""
    return (
        resources.files("bagalau.methodology")
        .joinpath("data", "texts", source_file)
        .read_text("utf-8")
    )


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    catalogues_created: list[str] = field(default_factory=list)
    catalogues_kept: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)


def _version_fields(entry: dict[str, Any]) -> dict[str, Any]:
    act = entry["act"]
    return {
        "kind": entry["kind"],
        "act_issuer_kk": act.get("issuer_kk", ""),
        "act_issuer_ru": act.get("issuer_ru", ""),
        "act_kind_kk": act.get("kind_kk", ""),
        "act_kind_ru": act.get("kind_ru", ""),
        "act_title_kk": act.get("title_kk", ""),
        "act_title_ru": act.get("title_ru") or "",
        "act_number": act["number"],
        "act_date": dt.date.fromisoformat(act["date"]),
        "registry_number": act.get("registry_number") or "",
        "entry_into_force": act.get("entry_into_force_kk") or "",
        "source_file": act.get("source_file") or "",
        "effective_from": dt.date.fromisoformat(entry["effective_from"]),
        "effective_to": (
            dt.date.fromisoformat(entry["effective_to"]) if entry.get("effective_to") else None
        ),
        "repealed_by": entry.get("repealed_by"),
        "assumptions": entry.get("assumptions", []),
        "notes": entry.get("notes", []),
        "parameters": entry.get("parameters", {}),
    }


@transaction.atomic
def methodology_load_shipped(
    *, update: bool = False, actor: Any = None, data: dict[str, Any] | None = None
) -> LoadReport:
    """Create the shipped versions (and their bodies) that are missing.

    A version already in the database is kept as it is, since an operator may have
    corrected it (e.g. replaced an assumed base act); `update=True` restores the shipped
    wording. All or nothing: one invalid version rolls the whole load back.
    """
    data = data or shipped_data()
    report = LoadReport()
    orgs: dict[str, Organisation] = {}
    for entry in data["organisations"]:
        org, created = Organisation.objects.get_or_create(
            code=entry["code"],
            defaults={k: entry[k] for k in ("name_kk", "name_ru", "kind")},
        )
        if created:
            report.organisations_created.append(org.code)
            audit_record(
                actor=actor,
                channel="methodology-load",
                action="organisation.create",
                obj=org,
                organisation_id=org.pk,
                after=snapshot(org),
            )
        orgs[org.code] = org
    versions: dict[str, MethodologyVersion] = {}
    for entry in data["versions"]:
        fields = _version_fields(entry)
        fields["organisation"] = orgs[entry["organisation"]] if entry.get("organisation") else None
        fields["parent"] = versions[entry["parent"]] if entry.get("parent") else None
        version = MethodologyVersion.objects.filter(code=entry["code"]).first()
        if version is not None and not update:
            report.kept.append(version.code)
            versions[version.code] = version
            continue
        before = snapshot(version) if version else None
        version = version or MethodologyVersion(code=entry["code"])
        for name, value in fields.items():
            setattr(version, name, value)
        version.full_clean()
        version.save()
        problems = parameter_problems(version_parameters(version), complete=True)
        if problems:
            raise ValidationError({version.code: problems})
        (report.updated if before else report.created).append(version.code)
        audit_record(
            actor=actor,
            channel="methodology-load",
            action="methodology_version.update" if before else "methodology_version.create",
            obj=version,
            organisation_id=version.organisation_id,
            before=before,
            after=snapshot(version),
        )
        versions[version.code] = version
    for entry in data["versions"]:
        if entry.get("catalogue"):
            version = versions[entry["code"]]
            _revision, created = catalogue_load(
                version,
                shipped_catalogue(entry["catalogue"]),
                source="shipped",
                source_name=entry["catalogue"],
                actor=actor,
                channel="methodology-load",
            )
            (report.catalogues_created if created else report.catalogues_kept).append(version.code)
    for version in versions.values():
        if problems := version_catalogue_problems(version):
            raise ValidationError({version.code: problems})
    return report


CATALOGUE_DIR = "catalogue"


def catalogue_from_yaml(content: bytes | str) -> dict[str, Any]:
    """Read a catalogue file (YAML, in the shape of data/catalogue/README.md)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"annex4": [_("the catalogue file is not UTF-8 text")]}) from None
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ValidationError(
            {"annex4": [_("the catalogue file is not valid YAML%(where)s") % {"where": where}]}
        ) from None
    if not isinstance(data, dict):
        raise ValidationError(
            {"annex4": [_("the catalogue file must hold a mapping with a list of competencies")]}
        )
    return data


def catalogue_to_yaml(catalogue: Catalogue) -> str:
    """The catalogue as a file an HR administrator can edit and load again."""
    return yaml.safe_dump(
        catalogue_document(catalogue), allow_unicode=True, sort_keys=False, width=10_000
    )


def shipped_catalogue(name: str) -> dict[str, Any]:
    """A shipped catalogue file: Annex 4 of one act."""
    text = (
        resources.files("bagalau.methodology")
        .joinpath("data", CATALOGUE_DIR, name)
        .read_text("utf-8")
    )
    return catalogue_from_yaml(text)


def catalogue_check(
    data: dict[str, Any], parameters: dict[str, Any]
) -> tuple[Catalogue, list[str]]:
    """Parse a catalogue and check it against merged version parameters (§26).

    Returns the catalogue and the problems; raises ValidationError when it cannot be read.
    """
    catalogue, problems = parse_catalogue(data)
    if catalogue is None:
        raise ValidationError({"annex4": problems})
    rules = MethodologyRules.from_parameters(parameters)
    return catalogue, catalogue_problems(
        catalogue, rules.category_groups, rules.max_indicators_per_competency
    )


def version_catalogue_problems(
    version: MethodologyVersion, parameters: dict[str, Any] | None = None
) -> list[str]:
    """Whether the Annex 4 in force under a version still fits its category groups.

    `parameters` are the merged parameters to check against (those of an edit not yet
    saved); by default the version's own.
    """
    revision = catalogue_revision_of(version) if version.pk or version.parent_id else None
    if revision is None:
        return []
    parameters = parameters if parameters is not None else version_parameters(version)
    rules = MethodologyRules.from_parameters(parameters)
    return [
        f"{problem} ({revision})"
        for problem in catalogue_problems(
            revision_catalogue(revision),
            rules.category_groups,
            rules.max_indicators_per_competency,
        )
    ]


@transaction.atomic
def catalogue_load(
    version: MethodologyVersion,
    data: dict[str, Any],
    *,
    source: str,
    source_name: str = "",
    actor: Any = None,
    channel: str = "",
) -> tuple[CatalogueRevision, bool]:
    """Load a catalogue as the version's Annex 4: a new revision unless nothing changed.

    Validated against the version's category groups and indicator limit (§26) first; a
    refused catalogue writes nothing. A shipped file is compared with the last revision
    loaded from the shipped files, so an operator's own revision is not undone by loading
    an unchanged package again. Returns the revision in force and whether it is new.
    """
    catalogue, problems = catalogue_check(data, version_parameters(version))
    if problems:
        raise ValidationError({"annex4": problems})
    digest = catalogue_digest(catalogue)
    revisions = CatalogueRevision.objects.select_for_update().filter(version=version)
    compared = revisions.filter(source=source) if source == "shipped" else revisions
    last = compared.order_by("-number").first()
    if last is not None and last.digest == digest:
        return last, False
    number = (revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    revision = CatalogueRevision.objects.create(
        version=version,
        number=number,
        digest=digest,
        source=source,
        source_name=source_name[:200],
        extracted_for=catalogue.extracted_for[:60],
        source_file=catalogue.source_file[:100],
        translation_ru=catalogue.translation_ru,
        notes=[dict(n) for n in catalogue.notes],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    competencies = CatalogueCompetency.objects.bulk_create(
        CatalogueCompetency(
            revision=revision,
            position=n,
            code=c.code,
            name_kk=c.name_kk,
            name_ru=c.name_ru,
            annex3_kk=c.annex3_kk or "",
            annex4_kk=c.annex4_kk or "",
            public_services_only=c.public_services_only,
        )
        for n, c in enumerate(catalogue.competencies, start=1)
    )
    rows = CatalogueRow.objects.bulk_create(
        CatalogueRow(
            competency=stored,
            position=n,
            group=cell.group,
            categories_kk=cell.categories_kk,
            categories=(
                [{"code": code, "heads_subdivision": heads} for code, heads in cell.categories]
                if cell.categories is not None
                else None
            ),
        )
        for stored, c in zip(competencies, catalogue.competencies, strict=True)
        for n, cell in enumerate(c.cells, start=1)
    )
    cells = [cell for c in catalogue.competencies for cell in c.cells]
    BehaviouralIndicator.objects.bulk_create(
        BehaviouralIndicator(
            row=row,
            position=n,
            effective_kk=i.effective_kk or "",
            ineffective_kk=i.ineffective_kk or "",
            effective_ru=i.effective_ru or "",
            ineffective_ru=i.ineffective_ru or "",
            note=i.note,
        )
        for row, cell in zip(rows, cells, strict=True)
        for n, i in enumerate(cell.indicators, start=1)
    )
    audit_record(
        actor=actor,
        channel=channel or source,
        action="catalogue_revision.create",
        obj=revision,
        organisation_id=version.organisation_id,
        before={"revision": last.number, "digest": last.digest} if last else None,
        after={
            "revision": number,
            "digest": digest,
            "source": source,
            "file": source_name,
            "competencies": len(catalogue.competencies),
            "indicators": catalogue.indicator_count,
        },
    )
    return revision, True
