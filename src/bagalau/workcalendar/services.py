"""Writes to the calendar: the shipped facts' loader and the operator's edits, each audited."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from bagalau.core.audit import audit_record, snapshot
from bagalau.workcalendar.models import CalendarDay, DayKind, DayOrigin

DATA_FILE = Path(__file__).resolve().parent / "data" / "kz_calendar.json"
# The fields a shipped entry sets; the loader compares these to decide on an update.
SHIPPED_FIELDS = ("kind", "name_kk", "name_ru", "source", "note")


@dataclass(frozen=True)
class ShippedDay:
    """One fact of data/kz_calendar.json: a day off or a working day, and the act behind it."""

    date: dt.date
    kind: str
    name_kk: str
    name_ru: str
    source: str
    note: str = ""

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in SHIPPED_FIELDS}


def shipped_days(path: Path = DATA_FILE) -> list[ShippedDay]:
    """The facts shipped with Bagalau, checked: ISO dates, known kinds, a source for each."""
    document = json.loads(path.read_text(encoding="utf-8"))
    days = []
    seen: set[dt.date] = set()
    for number, entry in enumerate(document["days"], start=1):
        try:
            day = ShippedDay(
                date=dt.date.fromisoformat(entry["date"]),
                kind=entry["kind"],
                name_kk=entry["name_kk"],
                name_ru=entry["name_ru"],
                source=entry["source"],
                note=entry.get("note", ""),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path.name}, entry {number}: {error!r}") from error
        if day.kind not in DayKind.values:
            raise ValueError(f"{path.name}, entry {number}: unknown kind {day.kind!r}")
        if not day.source.strip():
            raise ValueError(f"{path.name}, entry {number}: no source act")
        if day.date in seen:
            raise ValueError(f"{path.name}, entry {number}: {day.date} listed twice")
        seen.add(day.date)
        days.append(day)
    return days


@dataclass
class LoadResult:
    """What `calendar_load_shipped` did: rows created, updated, left alone."""

    created: list[dt.date] = field(default_factory=list)
    updated: list[dt.date] = field(default_factory=list)
    unchanged: list[dt.date] = field(default_factory=list)
    kept_operator: list[dt.date] = field(default_factory=list)


@transaction.atomic
def calendar_load_shipped(*, path: Path = DATA_FILE, actor: Any = None) -> LoadResult:
    """Load the shipped facts: create missing rows, refresh shipped ones, keep the operator's.

    Idempotent. A row whose origin is "operator" is never touched: the operator's correction
    wins over the facts we ship as it wins over the `holidays` package. A shipped row whose
    facts changed in a newer release is updated. Each create or update is audited.
    """
    days = shipped_days(path)
    existing = {
        row.date: row
        for row in CalendarDay.objects.select_for_update().filter(date__in=[d.date for d in days])
    }
    result = LoadResult()
    for day in days:
        row = existing.get(day.date)
        if row is None:
            _create_shipped(day, actor=actor)
            result.created.append(day.date)
        elif row.origin == DayOrigin.OPERATOR:
            result.kept_operator.append(day.date)
        elif any(getattr(row, name) != value for name, value in day.values().items()):
            before = snapshot(row)
            for name, value in day.values().items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
            audit_record(
                actor=actor,
                action="calendar_day.change",
                obj=row,
                before=before,
                after=snapshot(row),
            )
            result.updated.append(day.date)
        else:
            result.unchanged.append(day.date)
    return result


def _create_shipped(day: ShippedDay, *, actor: Any) -> CalendarDay:
    row = CalendarDay(date=day.date, origin=DayOrigin.SHIPPED, **day.values())
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="calendar_day.add", obj=row, before=None, after=snapshot(row))
    return row


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, actor: Any) -> CalendarDay:
    """Save an operator's new or corrected calendar day; it becomes the operator's row.

    From then on the loader leaves it alone and it wins over the `holidays` package.
    """
    before = None
    if day.pk is not None:
        # Lock the stored row so the audit's "before" is the state this save replaces.
        before = snapshot(CalendarDay.objects.select_for_update().get(pk=day.pk))
    day.origin = DayOrigin.OPERATOR
    day.full_clean()
    day.save()
    audit_record(
        actor=actor,
        action="calendar_day.change" if before is not None else "calendar_day.add",
        obj=day,
        before=before,
        after=snapshot(day),
    )
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: Any) -> CalendarDay | None:
    """Delete an operator's row: the day falls back to the shipped fact, else the library.

    If Bagalau ships a fact for that date, its row is restored at once (and returned) rather
    than at the next migrate, so the calendar does not change under the operator's feet later.
    """
    row = CalendarDay.objects.select_for_update().get(pk=day.pk)
    audit_record(
        actor=actor, action="calendar_day.delete", obj=row, before=snapshot(row), after=None
    )
    row.delete()
    shipped = {d.date: d for d in shipped_days()}.get(row.date)
    if shipped is None:
        return None
    return _create_shipped(shipped, actor=actor)
