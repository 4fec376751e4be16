"""`bagalau export-staff --org CODE --format csv|xlsx [--output FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.staff_export import staff_rows
from bagalau.orgstructure.staff_files import write_staff_csv, write_staff_xlsx


class Command(BaseCommand):
    help = "Write a state body's staff in the columns import-staff reads (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the state body's code")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "--output", "-o", type=Path, help="file to write (default: CSV on stdout)"
        )

    def handle(self, *args, org: str, format: str, output: Path | None, **opts):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            raise CommandError(f"no state body with the code {org!r} (see: bagalau org list)")
        rows = staff_rows(organisation)
        if format == "xlsx":
            if output is None:
                if sys.stdout.isatty():
                    raise CommandError("an XLSX export needs --output FILE")
                write_staff_xlsx(rows, sys.stdout.buffer)
                return
            write_staff_xlsx(rows, output)
        elif output is None:
            write_staff_csv(rows, self.stdout)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                write_staff_csv(rows, stream)
        if output is not None:
            self.stderr.write(f"wrote {len(rows)} rows to {output}")
