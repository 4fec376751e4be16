"""REST endpoints of the methodology: its versions, the one in force for a body, and the
competency catalogue (Annex 4) of each.

Reads are open to any authenticated user: the acts are public. Loading a new catalogue
revision is for operators and for the HR officers of the version's body.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router
from ninja.files import UploadedFile

from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.schemas import (
    CatalogueLoadOut,
    CatalogueOut,
    CatalogueRevisionOut,
    PositionCatalogueOut,
    VersionOut,
)
from bagalau.methodology.selectors import (
    NoMethodologyInForce,
    catalogue_for_position,
    catalogue_full_document,
    catalogue_revision_list,
    methodology_version_list,
    version_document,
    version_in_force,
    version_parameters,
    version_parameters_bulk,
)
from bagalau.methodology.services import catalogue_from_yaml, catalogue_load
from bagalau.orgstructure.access import hr_body_ids, is_operator
from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.rules import normalise_category

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


def _version(code: str) -> MethodologyVersion:
    version = methodology_version_list().filter(code=code).first()
    if version is None:
        raise Http404(_("no methodology version with the code %(code)r") % {"code": code})
    return version


@router.get("/versions/{code}", response=VersionOut)
def version_detail(request: HttpRequest, code: str):
    version = _version(code)
    return version_document(version, version_parameters(version))


@router.get("/versions/{code}/catalogue", response=CatalogueOut)
def catalogue_detail(request: HttpRequest, code: str):
    """The whole Annex 4 in force under the version: every competency with its rows."""
    try:
        return catalogue_full_document(_version(code))
    except LookupError as exc:
        raise Http404(str(exc)) from None


@router.get("/versions/{code}/competencies", response=PositionCatalogueOut)
def catalogue_for_position_endpoint(
    request: HttpRequest,
    code: str,
    category: str,
    head: bool = False,
    public_services: bool = True,
):
    """The competencies, with their behavioural indicators, that a position of `category`
    is evaluated on; `head` when it heads a structural subdivision; `public_services=false`
    leaves out the two starred competencies (Annex 3 footnote)."""
    try:
        return catalogue_for_position(
            _version(code),
            normalise_category(category),
            head,
            provides_public_services=public_services,
        )
    except LookupError as exc:
        raise ValidationError({"category": str(exc)}) from None


@router.get("/versions/{code}/catalogue/revisions", response=list[CatalogueRevisionOut])
def catalogue_revisions(request: HttpRequest, code: str):
    """The version's own catalogue revisions, newest first."""
    return list(catalogue_revision_list(_version(code)))


@router.post("/versions/{code}/catalogue", response=CatalogueLoadOut)
def catalogue_upload(request: HttpRequest, code: str, file: File[UploadedFile]):
    """Load a catalogue file (YAML, the shape of the shipped files) as the version's Annex 4.

    Validated first (§26): a refused file answers 422 with every problem and changes
    nothing. An unchanged file keeps the current revision."""
    version = _version(code)
    if not (is_operator(request.auth) or version.organisation_id in hr_body_ids(request.auth)):
        raise PermissionDenied(
            _("only the HR officers of the version's state body may load its catalogue")
        )
    revision, created = catalogue_load(
        version,
        catalogue_from_yaml(file.read()),
        source="api",
        source_name=file.name or "",
        actor=request.auth,
        channel="api",
    )
    return {"revision": revision.number, "created": created}


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
