"""REST endpoints of the methodology: its versions and the one in force for a body.

Read-only, for any authenticated user: the acts are public.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from bagalau.methodology.schemas import VersionOut
from bagalau.methodology.selectors import (
    NoMethodologyInForce,
    methodology_version_list,
    version_document,
    version_in_force,
    version_parameters,
    version_parameters_bulk,
)
from bagalau.orgstructure.models import Organisation

router = Router(tags=["methodology"])


@router.get("/versions", response=list[VersionOut])
def version_list(request: HttpRequest, org: str | None = None):
    """Every version (or one body's, `?org=CODE`), with merged parameters."""
    versions = methodology_version_list()
    if org:
        versions = versions.filter(organisation__code=org)
    versions = list(versions)
    merged = version_parameters_bulk(versions)
    return [version_document(v, merged[v.pk]) for v in versions]


@router.get("/versions/{code}", response=VersionOut)
def version_detail(request: HttpRequest, code: str):
    version = methodology_version_list().filter(code=code).first()
    if version is None:
        raise Http404(_("no methodology version with the code %(code)r") % {"code": code})
    return version_document(version, version_parameters(version))


@router.get("/in-force", response=VersionOut)
def version_in_force_endpoint(request: HttpRequest, org: str, date: dt.date | None = None):
    """The version of the body's methodology in force on the date (today)."""
    organisation = Organisation.objects.filter(code=org).first()
    if organisation is None:
        raise Http404(_("no state body with the code %(code)r") % {"code": org})
    try:
        version = version_in_force(organisation, date or timezone.localdate())
    except NoMethodologyInForce:
        raise Http404(
            _("no methodology version of %(body)s is in force on %(date)s")
            % {"body": org, "date": (date or timezone.localdate()).isoformat()}
        ) from None
    return version_document(version, version_parameters(version))
