"""`bagalau documents export`: every document of a cycle as files (or one ZIP archive)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bagalau.documents.catalog import FORMATS, LANGUAGES, build, cycle_documents
from bagalau.documents.render import render
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


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name-2`, `name-3`, … when another document took it: file names carry the
    servant's surname, and two servants of one surname must not overwrite each other."""
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


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
        documents = list(cycle_documents(cycle))
        total = len(documents) * len(langs) * len(formats)
        archive = None
        if opts["zip"]:
            name = f"{cycle.organisation.code}-{cycle.label}-documents.zip"
            archive = zipfile.ZipFile(out / name, "w", compression=zipfile.ZIP_DEFLATED)
        written, failed, done = 0, [], 0
        used: set[str] = set()
        try:
            for kind, obj in documents:
                for lang in langs:
                    try:
                        form = build(kind, obj, lang)
                    except (ValueError, KeyError, LookupError) as exc:
                        failed.append(f"{kind} {obj.pk} ({lang}): {exc}")
                        done += len(formats)
                        continue
                    stem = unique_name(form.filename, used)
                    for fmt in formats:
                        data = render(form, fmt)
                        filename = f"{stem}.{fmt}"
                        if archive is not None:
                            archive.writestr(filename, data)
                        else:
                            (out / filename).write_bytes(data)
                        written += 1
                        done += 1
                        progress(done, total, filename, self.stderr._out)
        finally:
            if archive is not None:
                archive.close()
        where = Path(archive.filename) if archive is not None else out
        self.stdout.write(f"{written} files written to {where}")
        for line in failed:
            self.stderr.write(f"not written: {line}")
        if failed:
            raise CommandError(f"{len(failed)} documents could not be built")
