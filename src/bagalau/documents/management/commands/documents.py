"""`bagalau documents export`: every document of a cycle as files (or one ZIP archive)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bagalau.documents.catalog import FORMATS, LANGUAGES
from bagalau.documents.export import archive_name, export_documents, export_zip
from bagalau.evaluation.models import EvaluationCycle


def progress(done: int, total: int, label: str, stream=sys.stderr) -> None:
    """A one-line progress bar on stderr (nothing when stderr is not a terminal)."""
    if not stream.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:40]:<40}")
    if done == total:
        stream.write("\n")
    stream.flush()


class Command(BaseCommand):
    help = (
        "Write the documents of an evaluation cycle — Annexes 1–4 per servant, the protocols "
        "(Annex 5) and the acts of refusal — as DOCX and PDF, in Kazakh and Russian."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a cycle's documents")
        export.add_argument("--cycle", type=int, required=True, help="the cycle's id")
        export.add_argument("--out", required=True, help="a directory (created if missing)")
        export.add_argument("--lang", choices=LANGUAGES, help="one language (default: both)")
        export.add_argument("--format", choices=FORMATS, help="one format (default: both)")
        export.add_argument("--zip", action="store_true", help="one ZIP archive in --out")

    def handle(self, *args, action: str, **opts):
        cycle = EvaluationCycle.objects.select_related("organisation").filter(pk=opts["cycle"])
        cycle = cycle.first()
        if cycle is None:
            raise CommandError(f"no evaluation cycle with the id {opts['cycle']}")
        out = Path(opts["out"])
        out.mkdir(parents=True, exist_ok=True)
        langs = [opts["lang"]] if opts["lang"] else list(LANGUAGES)
        formats = [opts["format"]] if opts["format"] else list(FORMATS)

        def show(done: int, total: int, filename: str) -> None:
            progress(done, total, filename, self.stderr._out)

        if opts["zip"]:
            where = out / archive_name(cycle)
            report = export_zip(cycle, where, langs=langs, formats=formats, progress=show)
        else:
            where = out
            report = export_documents(
                cycle,
                lambda filename, data: (out / filename).write_bytes(data),
                langs=langs,
                formats=formats,
                progress=show,
            )
        self.stdout.write(f"{len(report.written)} files written to {where}")
        for line in report.failed:
            self.stderr.write(f"not written: {line}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} documents could not be built")
