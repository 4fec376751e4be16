"""Reads of methodology versions: the chain of an amendment and the version in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from bagalau.methodology.models import MethodologyVersion
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
