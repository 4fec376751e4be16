"""`bagalau import-staff FILE --org CODE [--dry-run]`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.core.console import parse_iso_date
from bagalau.methodology.selectors import NoMethodologyInForce
from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.staff_files import StaffFileError
from bagalau.orgstructure.staff_import import ImportRejected, staff_import_in_force

MAX_LISTED = 200


class Command(BaseCommand):
    help = (
        "Load a state body's subdivisions, positions, servants, appointments and absences "
        "from an XLSX or CSV file. All or nothing: a file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv (UTF-8) or .xlsx staff file")
        parser.add_argument("--org", required=True, help="the state body's code")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then change nothing"
        )
        parser.add_argument(
            "--date",
            help="categories are checked against the methodology in force on this date "
            "(YYYY-MM-DD, default today)",
        )

    def handle(self, *args, file: Path, org: str, dry_run: bool, date: str | None, **opts):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            raise CommandError(f"no state body with the code {org!r} (see: bagalau org list)")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        on = parse_iso_date(date) if date else timezone.localdate()
        verbosity = opts.get("verbosity", 1)

        def progress(stage: str, count: int) -> None:
            if verbosity > 0:
                sys.stderr.write(f"import-staff: {stage} {count}\n")
                sys.stderr.flush()

        try:
            report = staff_import_in_force(
                organisation=organisation,
                path=file,
                on=on,
                dry_run=dry_run,
                progress=progress,
            )
        except NoMethodologyInForce:
            raise CommandError(
                f"{org} has no methodology version in force on {on.isoformat()}, so its "
                f"categories cannot be checked; add one (admin) or pass --date"
            ) from None
        except StaffFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from None
        except ImportRejected as exc:
            lines = [f"  {error}" for error in exc.errors[:MAX_LISTED]]
            if len(exc.errors) > MAX_LISTED:
                lines.append(f"  … +{len(exc.errors) - MAX_LISTED}")
            raise CommandError(
                _("%(file)s was refused: %(count)d problem(s); nothing was changed.")
                % {"file": file.name, "count": len(exc.errors)}
                + "\n"
                + "\n".join(lines)
            ) from None
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{report.summary()}")
