"""REST endpoints for staff files: the same import and export as the console's
`import-staff` / `export-staff`, for a body's HR officers (§5) and operators."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from bagalau.orgstructure.api import _body, _require_manage
from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.staff_export import staff_rows
from bagalau.orgstructure.staff_files import write_staff_csv, write_staff_xlsx
from bagalau.orgstructure.staff_import import staff_import_or_refuse

router = Router(tags=["staff files"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StaffImportOut(Schema):
    rows: int
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]


def _managed_body(request: HttpRequest, code: str) -> Organisation:
    body = _body(request.auth, code)
    _require_manage(request.auth, body.pk)
    return body


@router.post("/organisations/{code}/staff-import", response=StaffImportOut)
def staff_import_endpoint(
    request: HttpRequest,
    code: str,
    file: File[UploadedFile],
    dry_run: bool = False,
    date: dt.date | None = None,
):
    """Load a staff file (.csv or .xlsx, the columns of README). All or nothing: a file with
    any problem answers 422 with one entry per problem, keyed "ROW.COLUMN", and changes
    nothing. `dry_run` checks and counts without writing."""
    body = _managed_body(request, code)
    on = date or timezone.localdate()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"staff{Path(file.name or '').suffix.lower()}"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        report = staff_import_or_refuse(
            organisation=body, path=path, on=on, actor=request.auth, dry_run=dry_run
        )
    return {
        "rows": report.rows,
        "dry_run": dry_run,
        "created": dict(report.created),
        "updated": dict(report.updated),
    }


@router.get("/organisations/{code}/staff-export", response={200: None})
def staff_export_endpoint(request: HttpRequest, code: str, format: str = "csv"):
    """The body's staff in the import columns, as a CSV (UTF-8) or XLSX download."""
    body = _managed_body(request, code)
    rows = staff_rows(body)
    if format == "xlsx":
        stream = io.BytesIO()
        write_staff_xlsx(rows, stream)
        response = HttpResponse(stream.getvalue(), content_type=XLSX)
    elif format == "csv":
        text = io.StringIO()
        write_staff_csv(rows, text)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise ValidationError({"format": _("the format is csv or xlsx")})
    response["Content-Disposition"] = f'attachment; filename="{body.code}-staff.{format}"'
    return response
