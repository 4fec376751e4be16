"""Every document of a cycle written out at once: as files in a directory, or as one ZIP
archive (the console's `bagalau documents export` and the HR officer's download).

Each document of `catalog.cycle_documents` is built once per language and rendered in each
format; a document that cannot be built is listed in `ExportReport.failed` and the others
are still written.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO

from bagalau.documents.catalog import FORMATS, LANGUAGES, build, cycle_documents
from bagalau.documents.render import render
from bagalau.evaluation.models import EvaluationCycle

# (done, total, file name) after each file.
ExportProgress = Callable[[int, int, str], None]
# (file name, content): where each file goes.
Writer = Callable[[str, bytes], None]


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name-2`, `name-3`, … when another document took it: file names carry the
    servant's surname, and two servants of one surname must not overwrite each other."""
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


def archive_name(cycle: EvaluationCycle) -> str:
    return f"{cycle.organisation.code}-{cycle.label}-documents.zip"


def export_documents(
    cycle: EvaluationCycle,
    write: Writer,
    *,
    langs: Sequence[str] = LANGUAGES,
    formats: Sequence[str] = FORMATS,
    progress: ExportProgress | None = None,
) -> ExportReport:
    """Build and render every document of the cycle in each language and format, handing
    each file to `write`."""
    documents = list(cycle_documents(cycle))
    total = len(documents) * len(langs) * len(formats)
    report = ExportReport()
    used: set[str] = set()
    done = 0
    for kind, obj in documents:
        for lang in langs:
            try:
                form = build(kind, obj, lang)
            except (ValueError, KeyError, LookupError) as exc:
                report.failed.append(f"{kind} {obj.pk} ({lang}): {exc}")
                done += len(formats)
                continue
            stem = unique_name(form.filename, used)
            for fmt in formats:
                filename = f"{stem}.{fmt}"
                write(filename, render(form, fmt))
                report.written.append(filename)
                done += 1
                if progress:
                    progress(done, total, filename)
    return report


def export_zip(
    cycle: EvaluationCycle,
    target: str | IO[bytes],
    *,
    langs: Sequence[str] = LANGUAGES,
    formats: Sequence[str] = FORMATS,
    progress: ExportProgress | None = None,
) -> ExportReport:
    """Every document of the cycle in one ZIP archive written to `target` (a path or a
    binary stream)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        return export_documents(
            cycle, archive.writestr, langs=langs, formats=formats, progress=progress
        )
