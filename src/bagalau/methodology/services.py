"""Writes of methodology versions: loading the shipped acts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from bagalau.core.audit import audit_record, snapshot
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.rules import parameter_problems
from bagalau.methodology.selectors import version_parameters
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
    return report
