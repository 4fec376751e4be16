"""The staff file: its columns, and reading and writing them as CSV or XLSX.

One row describes a position and, when it is filled, one appointment to it (a vacant
position has an empty `iin`). A row with only the subdivision columns declares a
subdivision without positions. A servant's absences go in the absence columns; a row may
repeat the same position and appointment to list another absence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

# (column, required in every file, what it holds) — README documents the same list.
COLUMNS: list[tuple[str, bool, str]] = [
    ("subdivision_code", True, "code of the structural subdivision (blank: none)"),
    ("subdivision_name_kk", True, "its name in Kazakh"),
    ("subdivision_name_ru", True, "its name in Russian"),
    ("parent_subdivision_code", True, "code of the subdivision it belongs to (blank: top)"),
    ("personnel_service", True, "yes if it is the personnel service (HR), §5"),
    ("position_code", True, "code of the position, unique in the body"),
    ("position_title_kk", True, "position title in Kazakh"),
    ("position_title_ru", True, "position title in Russian"),
    ("category", True, 'category code, e.g. E-4, E-R-2, C-3 (blank: not "B" corps)'),
    ("heads_subdivision", True, "yes if the position heads a structural subdivision"),
    ("public_services", True, "yes if its duties include providing public services"),
    ("reports_to", True, "code of the position it reports to (blank: the first head)"),
    ("hr_duties", True, "yes if charged with HR duties where there is no personnel service"),
    ("authorized_person", True, "yes for the position with the right to appoint (§5)"),
    ("iin", True, "servant's IIN, 12 digits (blank: a vacant position)"),
    ("surname", True, "servant's surname"),
    ("first_name", True, "servant's first name"),
    ("patronymic", True, "servant's patronymic (optional)"),
    ("appointed_from", True, "first day in the position, YYYY-MM-DD or DD.MM.YYYY"),
    ("appointed_to", True, "last day in the position (blank: still holds it)"),
    ("probation_end", True, "last day of probation (blank: none)"),
    ("absence_kind", False, "annual_leave, unpaid_leave, sick_leave, business_trip, ..."),
    ("absence_from", False, "first day of the absence"),
    ("absence_to", False, "last day of the absence"),
]
COLUMN_NAMES = [name for name, _required, _text in COLUMNS]
REQUIRED_COLUMNS = [name for name, required, _text in COLUMNS if required]


class StaffFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header)."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: Sequence[str]) -> list[str]:
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h and h not in COLUMN_NAMES]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    problems = []
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if len(set(names) - {""}) != len([n for n in names if n]):
        problems.append("a column appears twice")
    if problems:
        raise StaffFileError("; ".join(problems) + f" (expected: {', '.join(COLUMN_NAMES)})")
    return names


def read_staff_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, {column: text}); blank rows are skipped."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _read_xlsx(path)
    elif suffix in {".csv", ".txt"}:
        yield from _read_csv(path)
    else:
        raise StaffFileError(f"{path.name}: a staff file is .csv or .xlsx, not {suffix or 'none'}")


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StaffFileError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _check_header(next(reader))
    except StopIteration:
        raise StaffFileError(f"{path.name} is empty") from None
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                raise StaffFileError(
                    f"row {number} has {len(cells)} cells but the header has {len(header)}"
                )
        yield (
            number,
            {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h},
        )


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise StaffFileError(f"{path.name} is not a readable XLSX workbook ({exc})") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        try:
            header = _check_header([_cell_text(c) for c in next(rows)])
        except StopIteration:
            raise StaffFileError(f"{path.name}: the first sheet is empty") from None
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in values]
            if not any(cells):
                continue
            yield (
                number,
                {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h},
            )
    finally:
        workbook.close()


def write_staff_csv(rows: Sequence[dict[str, str]], stream: io.TextIOBase) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def write_staff_xlsx(rows: Sequence[dict[str, str]], path_or_stream: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("staff")
    sheet.append(COLUMN_NAMES)
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMN_NAMES])
    workbook.save(path_or_stream)
