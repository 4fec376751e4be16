"""Downloads of the methodology's forms (Annexes 1–5, the act of refusal) as DOCX or PDF in
Kazakh or Russian, for whoever may read the document (else 404, as if it did not exist)."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema
from pydantic import WithJsonSchema

from bagalau.documents.catalog import KINDS, build, document_object
from bagalau.documents.render import CONTENT_TYPES, filename, render

router = Router(tags=["documents"])

# The kinds are listed in the schema but not checked by it: an unknown kind is a 404.
KindName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(KINDS)})]


class DocumentQuery(Schema):
    lang: Literal["kk", "ru"] = "kk"
    format: Literal["pdf", "docx"] = "pdf"


@router.get(
    "/documents/{kind}/{object_id}",
    summary="Download a form as PDF or DOCX, in Kazakh or Russian",
    response={200: bytes},
)
def document_download(
    request: HttpRequest, kind: KindName, object_id: int, query: Query[DocumentQuery]
):
    """`work-plan` (Annex 1, a work plan's id), `kpi-sheet` (Annex 2), `competency-sheet`
    (Annex 3), `annex4` (a case's id: the behavioural indicators of its position),
    `protocol` (Annex 5, a meeting's id), `refusal-act`. An unsigned or unapproved document
    is marked as a draft."""
    obj = document_object(request.auth, kind, object_id)
    form = build(kind, obj, query.lang)
    data = render(form, query.format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[query.format])
    response["Content-Disposition"] = content_disposition_header(True, filename(form, query.format))
    return response
