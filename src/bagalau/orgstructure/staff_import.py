"""`import-staff`: load a body's subdivisions, positions, servants, appointments, absences.

All or nothing: every row is validated before anything is written, and the writes run in
one transaction, so a rejected file leaves the database exactly as it was. Servants are
matched by IIN, subdivisions and positions by code, appointments by (servant, position,
first day), absences by (servant, kind, first day): importing the same file twice changes
nothing, and what `export-staff` writes imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bagalau.core.audit import audit_event, audit_record, jsonable
from bagalau.core.models import AuditEvent
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import NoMethodologyInForce, version_in_force, version_rules
from bagalau.orgstructure.models import (
    Absence,
    AbsenceKind,
    Appointment,
    Organisation,
    Position,
    Servant,
    Subdivision,
    iin_message,
)
from bagalau.orgstructure.rules import (
    find_cycle,
    iin_problem,
    normalise_category,
    parse_date,
    parse_flag,
)
from bagalau.orgstructure.signals import staff_changed
from bagalau.orgstructure.staff_files import StaffFileError, read_staff_rows

Progress = Callable[[str, int], None]
NOUNS = {
    "subdivision": gettext_lazy("subdivision"),
    "position": gettext_lazy("position"),
    "servant": gettext_lazy("servant"),
    "appointment": gettext_lazy("appointment"),
    "absence": gettext_lazy("absence"),
}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row} if self.row else _("file")
        return f"{where}, {self.column or '-'}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.row, e.column))
        super().__init__(f"{len(errors)} problem(s) in the staff file")


@dataclass
class ImportReport:
    rows: int = 0
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dry_run: bool = False
    # Row → what the row brought (kind, "created" or "updated", key), by the row that first
    # describes each entity: the row-by-row report. Rows absent changed nothing.
    row_changes: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)

    def summary(self) -> str:
        kinds = ("subdivision", "position", "servant", "appointment", "absence")
        parts = [f"{k}s +{self.created[k]} ~{self.updated[k]}" for k in kinds]
        verb = "would change" if self.dry_run else "changed"
        return f"{self.rows} rows; {verb}: " + ", ".join(parts) + " (+created ~updated)"


_MAX = {  # column → the model field whose length bounds it
    "subdivision_code": Subdivision._meta.get_field("code").max_length,
    "subdivision_name_kk": Subdivision._meta.get_field("name_kk").max_length,
    "subdivision_name_ru": Subdivision._meta.get_field("name_ru").max_length,
    "position_code": Position._meta.get_field("code").max_length,
    "position_title_kk": Position._meta.get_field("title_kk").max_length,
    "position_title_ru": Position._meta.get_field("title_ru").max_length,
    "surname": Servant._meta.get_field("surname").max_length,
    "first_name": Servant._meta.get_field("first_name").max_length,
    "patronymic": Servant._meta.get_field("patronymic").max_length,
}
_FLAGS = (
    "personnel_service",
    "heads_subdivision",
    "public_services",
    "hr_duties",
    "authorized_person",
)
_DATES = ("appointed_from", "appointed_to", "probation_end", "absence_from", "absence_to")
_SUBDIVISION_FIELDS = {
    "name_kk": "subdivision_name_kk",
    "name_ru": "subdivision_name_ru",
    "parent": "parent_subdivision_code",
    "is_personnel_service": "personnel_service",
}
_POSITION_FIELDS = {
    "title_kk": "position_title_kk",
    "title_ru": "position_title_ru",
    "subdivision": "subdivision_code",
    "category": "category",
    "heads_subdivision": "heads_subdivision",
    "provides_public_services": "public_services",
    "reports_to": "reports_to",
    "hr_duties": "hr_duties",
    "is_authorized_person": "authorized_person",
}
_SERVANT_FIELDS = {"surname": "surname", "first_name": "first_name", "patronymic": "patronymic"}


class _Collector:
    """Parses rows and gathers each entity once, noting rows that contradict each other."""

    def __init__(self, rules: MethodologyRules, version_label: str):
        self.rules = rules
        self.version_label = version_label
        self.errors: list[RowError] = []
        self.subdivisions: dict[str, dict[str, Any]] = {}
        self.positions: dict[str, dict[str, Any]] = {}
        self.servants: dict[str, dict[str, Any]] = {}
        self.appointments: dict[tuple[str, str, dt.date], dict[str, Any]] = {}
        self.absences: dict[tuple[str, str, dt.date], dict[str, Any]] = {}
        self.first_row: dict[tuple[str, Any], int] = {}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def _put(
        self,
        kind: str,
        store: dict,
        key: Any,
        values: dict[str, Any],
        row: int,
        columns: dict[str, str],
    ) -> None:
        """Record an entity; a later row must describe it the same way."""
        known = store.get(key)
        if known is None:
            store[key] = values
            self.first_row[(kind, key)] = row
            return
        for name, value in values.items():
            if known[name] != value:
                self.error(
                    row,
                    columns.get(name, name),
                    _(
                        "%(what)s %(key)s is described differently in row %(row)d "
                        "(%(there)r there, %(here)r here)"
                    )
                    % {
                        "what": NOUNS[kind],
                        "key": _label(key),
                        "row": self.first_row[(kind, key)],
                        "there": known[name],
                        "here": value,
                    },
                )

    def add(self, number: int, raw: dict[str, str]) -> None:
        before = len(self.errors)
        value: dict[str, Any] = {}
        for column, text in raw.items():
            limit = _MAX.get(column)
            if limit and len(text) > limit:
                self.error(number, column, _("longer than %(limit)d characters") % {"limit": limit})
            value[column] = text
        for column in _FLAGS:
            flag = parse_flag(raw.get(column, ""))
            if flag is None:
                self.error(number, column, _("%(text)r is not yes or no") % {"text": raw[column]})
            value[column] = bool(flag)
        for column in _DATES:
            text = raw.get(column, "")
            parsed = parse_date(text) if text else None
            if text and parsed is None:
                self.error(
                    number,
                    column,
                    _("%(text)r is not a date (YYYY-MM-DD or DD.MM.YYYY)") % {"text": text},
                )
            value[column] = parsed
        if len(self.errors) > before:
            return
        self._add_subdivision(number, value)
        if value["position_code"]:
            self._add_position(number, value)
        elif any(
            raw.get(c)
            for c in ("position_title_kk", "position_title_ru", "iin", "category", "reports_to")
        ):
            self.error(number, "position_code", _("a row that describes a position needs its code"))
        if raw.get("iin"):
            self._add_appointment(number, value)
        elif any(raw.get(c) for c in ("surname", "first_name", "appointed_from", "absence_kind")):
            self.error(number, "iin", _("a row with a servant needs the servant's IIN"))

    def _add_subdivision(self, number: int, v: dict[str, Any]) -> None:
        code = v["subdivision_code"]
        named = v["subdivision_name_kk"] or v["subdivision_name_ru"]
        if not code:
            if named or v["parent_subdivision_code"] or v["personnel_service"]:
                self.error(
                    number,
                    "subdivision_code",
                    _("a row that describes a subdivision needs its code"),
                )
            return
        if not named:  # only a reference to a subdivision described elsewhere
            self.first_row.setdefault(("subdivision-ref", code), number)
            return
        for column in ("subdivision_name_kk", "subdivision_name_ru"):
            if not v[column]:
                self.error(number, column, _("a subdivision needs its name in Kazakh and Russian"))
        if v["parent_subdivision_code"] == code:
            self.error(number, "parent_subdivision_code", _("a subdivision cannot contain itself"))
        self._put(
            "subdivision",
            self.subdivisions,
            code,
            {
                "name_kk": v["subdivision_name_kk"],
                "name_ru": v["subdivision_name_ru"],
                "parent": v["parent_subdivision_code"] or None,
                "is_personnel_service": v["personnel_service"],
            },
            number,
            _SUBDIVISION_FIELDS,
        )

    def _add_position(self, number: int, v: dict[str, Any]) -> None:
        code = v["position_code"]
        for column in ("position_title_kk", "position_title_ru"):
            if not v[column]:
                self.error(number, column, _("a position needs its title in Kazakh and Russian"))
        category = normalise_category(v["category"]) if v["category"] else ""
        if category and self.rules.category_group(category, v["heads_subdivision"]) is None:
            message = (
                _(
                    "category %(category)s (heading a subdivision) is not in Annex 4 of "
                    "%(version)s (§26); known categories: %(known)s"
                )
                if v["heads_subdivision"]
                else _(
                    "category %(category)s (not heading a subdivision) is not in Annex 4 "
                    "of %(version)s (§26); known categories: %(known)s"
                )
            )
            known = ", ".join(sorted(self.rules.categories))
            self.error(
                number,
                "category",
                message % {"category": category, "version": self.version_label, "known": known},
            )
        if v["reports_to"] == code:
            self.error(number, "reports_to", _("a position cannot report to itself"))
        self._put(
            "position",
            self.positions,
            code,
            {
                "title_kk": v["position_title_kk"],
                "title_ru": v["position_title_ru"],
                "subdivision": v["subdivision_code"] or None,
                "category": category,
                "heads_subdivision": v["heads_subdivision"],
                "provides_public_services": v["public_services"],
                "reports_to": v["reports_to"] or None,
                "hr_duties": v["hr_duties"],
                "is_authorized_person": v["authorized_person"],
            },
            number,
            _POSITION_FIELDS,
        )

    def _add_appointment(self, number: int, v: dict[str, Any]) -> None:
        iin = v["iin"]
        problem = iin_problem(iin)
        if problem:
            self.error(number, "iin", f"{iin!r}: {iin_message(problem)}")
            return
        for column in ("surname", "first_name", "appointed_from"):
            if not v[column]:
                self.error(number, column, _("required for a servant"))
        if not v["position_code"] or not v["appointed_from"]:
            return
        self._put(
            "servant",
            self.servants,
            iin,
            {
                "surname": v["surname"],
                "first_name": v["first_name"],
                "patronymic": v["patronymic"],
            },
            number,
            _SERVANT_FIELDS,
        )
        start, end, probation = v["appointed_from"], v["appointed_to"], v["probation_end"]
        if end and end < start:
            self.error(number, "appointed_to", _("ends before the appointment starts"))
        if probation and probation < start:
            self.error(number, "probation_end", _("ends before the appointment starts"))
        self._put(
            "appointment",
            self.appointments,
            (iin, v["position_code"], start),
            {"date_to": end, "probation_end": probation},
            number,
            {"date_to": "appointed_to", "probation_end": "probation_end"},
        )
        self._add_absence(number, v)

    def _add_absence(self, number: int, v: dict[str, Any]) -> None:
        kind, start, end = v["absence_kind"], v["absence_from"], v["absence_to"]
        if not (kind or start or end):
            return
        if kind not in AbsenceKind.values:
            self.error(
                number,
                "absence_kind",
                _("%(kind)r is not one of %(kinds)s")
                % {"kind": kind, "kinds": ", ".join(AbsenceKind.values)},
            )
        if not start or not end:
            self.error(
                number,
                "absence_from" if not start else "absence_to",
                _("an absence needs its first and last day"),
            )
            return
        if end < start:
            self.error(number, "absence_to", _("ends before the absence starts"))
        self._put(
            "absence",
            self.absences,
            (v["iin"], kind, start),
            {"date_to": end},
            number,
            {"date_to": "absence_to"},
        )


def _label(key: Any) -> str:
    if isinstance(key, tuple):
        return " / ".join(str(k) for k in key)
    return str(key)


def _chunks(items: list, size: int = 900) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Writer:
    """Applies a validated file: creates what is new, updates what differs."""

    def __init__(self, org: Organisation, c: _Collector, report: ImportReport, actor: Any):
        self.org, self.c, self.report, self.actor = org, c, report, actor
        self.events: list[AuditEvent] = []
        self.created: dict[tuple[str, int], AuditEvent] = {}

    def audit(self, obj: Any, before: dict | None, after: dict) -> None:
        kind = obj._meta.model_name
        created = self.created.get((kind, obj.pk))
        if created is not None:
            # A second pass (parents, reporting lines) over an object this import created:
            # part of its creation, not an update.
            created.after = {**created.after, **jsonable(after)}
            return
        action = f"{kind}.update" if before else f"{kind}.create"
        (self.report.updated if before else self.report.created)[kind] += 1
        key = self.key_of(obj)
        row = self.c.first_row.get((kind, key))
        if row:
            change = (kind, "updated" if before else "created", _label(key))
            self.report.row_changes.setdefault(row, []).append(change)
        event = audit_event(
            actor=self.actor,
            channel="import-staff",
            action=action,
            obj=obj,
            organisation_id=self.org.pk,
            before=before,
            after=after,
        )
        if before is None:
            self.created[(kind, obj.pk)] = event
        self.events.append(event)

    def apply(
        self,
        model: type,
        existing: dict,
        wanted: dict[Any, dict[str, Any]],
        build: Callable[[Any], Any],
        fields: list[str],
        update_first: Callable[[Any], bool] = lambda obj: False,
    ) -> dict:
        """Create the missing objects, update those whose `fields` differ; returns key→obj."""
        new = [build(key) for key in wanted if key not in existing]
        changed: list[tuple[Any, dict, dict]] = []
        for key, values in wanted.items():
            obj = existing.get(key)
            if obj is None:
                continue
            diff = {f: v for f, v in values.items() if f in fields and getattr(obj, f) != v}
            if diff:
                before = {f: getattr(obj, f) for f in diff}
                for f, v in diff.items():
                    setattr(obj, f, v)
                changed.append((obj, before, diff))
        model.objects.bulk_create(new, batch_size=500)
        # Two passes where a unique condition moves from one row to another.
        for first in (True, False):
            batch = [obj for obj, _b, _a in changed if update_first(obj) == first]
            if batch:
                model.objects.bulk_update(batch, fields, batch_size=500)
        for obj in new:
            self.audit(obj, None, {f: getattr(obj, f) for f in fields})
        for obj, before, after in changed:
            self.audit(obj, before, after)
        result = dict(existing)
        result.update({self.key_of(obj): obj for obj in new})
        return result

    key_of: Callable[[Any], Any]


def _parse(
    path: Path, rules: MethodologyRules, label: str, progress: Progress | None
) -> tuple[_Collector, int]:
    collector = _Collector(rules, label)
    count = 0
    for number, raw in read_staff_rows(path):
        collector.add(number, raw)
        count += 1
        if progress and count % 1000 == 0:
            progress("read", count)
    return collector, count


def staff_import(
    *,
    organisation: Organisation,
    path: Path,
    rules: MethodologyRules,
    version_label: str,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the whole file, then apply it in one transaction (or roll back: dry run).

    Raises ImportRejected with every problem found (row, column, reason); the database is
    then untouched. StaffFileError when the file itself cannot be read.
    """
    collector, rows = _parse(path, rules, version_label, progress)
    report = ImportReport(rows=rows, dry_run=dry_run)
    with transaction.atomic():
        # Lock the body's row: two imports of one body run one after the other.
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_against_database(org, collector)
        if collector.errors:
            raise ImportRejected(collector.errors)
        if progress:
            progress("validated", report.rows)
        _write(org, collector, report, actor, progress)
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(
                lambda: staff_changed.send(sender=Organisation, organisation_id=org.pk, actor=actor)
            )
    return report


def _merge_tree(
    c: _Collector, org: Organisation, kind: str, existing: dict[str, str | None]
) -> dict[str, str | None]:
    """The body's tree (subdivisions in subdivisions, or reporting lines) with the file's
    entries over the database's; reports parents that exist nowhere, and loops."""
    store, field, column, missing, loop = {
        "subdivision": (
            c.subdivisions,
            "parent",
            "parent_subdivision_code",
            _("subdivision %(code)s does not exist in the file or in %(body)s"),
            _("subdivisions contain each other in a loop: %(codes)s"),
        ),
        "position": (
            c.positions,
            "reports_to",
            "reports_to",
            _("position %(code)s does not exist in the file or in %(body)s"),
            _("reporting lines go round in a loop: %(codes)s"),
        ),
    }[kind]
    parents = dict(existing)
    parents.update({code: values[field] for code, values in store.items()})
    for code, values in store.items():
        if values[field] and values[field] not in parents:
            c.error(
                c.first_row[(kind, code)],
                column,
                missing % {"code": values[field], "body": org.code},
            )
    cycle = find_cycle({k: v for k, v in parents.items() if v in parents})
    if cycle:
        c.error(c.first_row.get((kind, cycle[0]), 0), column, loop % {"codes": " → ".join(cycle)})
    return parents


def staff_import_in_force(
    *,
    organisation: Organisation,
    path: Path,
    on: dt.date,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """`staff_import` against the body's methodology in force on `on` (§26: categories).

    Raises NoMethodologyInForce when the body has none on that date.
    """
    version = version_in_force(organisation, on)
    return staff_import(
        organisation=organisation,
        path=path,
        rules=version_rules(version),
        version_label=f"{version.code} (No. {version.act_number} of "
        f"{version.act_date.isoformat()})",
        actor=actor,
        dry_run=dry_run,
        progress=progress,
    )


def _check_against_database(org: Organisation, c: _Collector) -> None:
    """Checks that need the body's current data: references, cycles, one first head."""
    subdivisions = _merge_tree(
        c,
        org,
        "subdivision",
        dict(Subdivision.objects.filter(organisation=org).values_list("code", "parent__code")),
    )
    for (kind, code), row in c.first_row.items():
        if kind == "subdivision-ref" and code not in subdivisions:
            c.error(
                row,
                "subdivision_code",
                _("subdivision %(code)s is not described (give its names) and does not exist")
                % {"code": code},
            )
    for code, values in c.positions.items():
        if values["subdivision"] and values["subdivision"] not in subdivisions:
            c.error(
                c.first_row[("position", code)],
                "subdivision_code",
                _("subdivision %(code)s does not exist") % {"code": values["subdivision"]},
            )
    reports_to = _merge_tree(
        c,
        org,
        "position",
        dict(Position.objects.filter(organisation=org).values_list("code", "reports_to__code")),
    )
    authorized = set(
        Position.objects.filter(organisation=org, is_authorized_person=True).values_list(
            "code", flat=True
        )
    )
    for code, values in c.positions.items():
        authorized.discard(code)
        if values["is_authorized_person"]:
            authorized.add(code)
    tops = sorted(code for code, parent in reports_to.items() if not parent)
    if len(tops) > 1:
        # §11: one first head; every other position reports to someone.
        row = min(c.first_row.get(("position", t), 10**9) for t in tops)
        c.error(
            row if row < 10**9 else 0,
            "reports_to",
            _("only the first head's position may report to no one; these do: %(codes)s")
            % {"codes": ", ".join(tops[:10]) + (" …" if len(tops) > 10 else "")},
        )
    if len(authorized) > 1:
        c.error(
            0,
            "authorized_person",
            _("only one position may be the authorized person (§5): %(codes)s")
            % {"codes": ", ".join(sorted(authorized))},
        )
    _check_overlaps(org, c)


def _check_overlaps(org: Organisation, c: _Collector) -> None:
    """A position has one holder at a time, or its holder's supervisor is ambiguous."""
    terms: dict[str, list[tuple[dt.date, dt.date, str, int]]] = defaultdict(list)
    seen = set()
    for (iin, code, start), values in c.appointments.items():
        seen.add((iin, code, start))
        terms[code].append(
            (
                start,
                values["date_to"] or dt.date.max,
                iin,
                c.first_row[("appointment", (iin, code, start))],
            )
        )
    existing = Appointment.objects.filter(
        position__organisation=org, position__code__in=list(terms)
    ).values_list("servant__iin", "position__code", "date_from", "date_to")
    for iin, code, start, end in existing.iterator():
        if (iin, code, start) not in seen:
            terms[code].append((start, end or dt.date.max, iin, 0))
    for code, spans in terms.items():
        spans.sort()
        for (s1, e1, iin1, _r1), (s2, _e2, iin2, row2) in itertools.pairwise(spans):
            if s2 <= e1:
                c.error(
                    row2,
                    "appointed_from",
                    _(
                        "position %(code)s already has a holder (%(holder)s) from %(start)s at "
                        "that time; %(iin)s cannot hold it too"
                    )
                    % {"code": code, "holder": iin1, "start": s1.isoformat(), "iin": iin2},
                )


def _write(
    org: Organisation, c: _Collector, report: ImportReport, actor: Any, progress: Progress | None
) -> None:
    w = _Writer(org, c, report, actor)

    # Subdivisions: create without parents, then set parents once every code has an id.
    w.key_of = lambda obj: obj.code
    existing_subs = {s.code: s for s in Subdivision.objects.filter(organisation=org)}
    wanted = {
        code: {k: v for k, v in values.items() if k != "parent"}
        for code, values in c.subdivisions.items()
    }
    subs = w.apply(
        Subdivision,
        existing_subs,
        wanted,
        lambda code: Subdivision(organisation=org, code=code, **wanted[code]),
        ["name_kk", "name_ru", "is_personnel_service"],
    )
    parents = {
        code: {"parent_id": subs[v["parent"]].pk if v["parent"] else None}
        for code, v in c.subdivisions.items()
    }
    w.apply(Subdivision, subs, parents, lambda code: None, ["parent_id"])
    if progress:
        progress("subdivisions", len(subs))

    # Positions: likewise, reporting lines after every position exists.
    existing_pos = {p.code: p for p in Position.objects.filter(organisation=org)}
    wanted = {
        code: {
            **{k: v for k, v in values.items() if k not in {"subdivision", "reports_to"}},
            "subdivision_id": subs[values["subdivision"]].pk if values["subdivision"] else None,
        }
        for code, values in c.positions.items()
    }
    fields = [
        "title_kk",
        "title_ru",
        "subdivision_id",
        "category",
        "heads_subdivision",
        "provides_public_services",
        "hr_duties",
        "is_authorized_person",
    ]
    positions = w.apply(
        Position,
        existing_pos,
        wanted,
        lambda code: Position(
            organisation=org, code=code, **{**wanted[code], "is_authorized_person": False}
        ),
        fields,
        update_first=lambda p: not p.is_authorized_person,
    )
    lines = {
        code: {
            "reports_to_id": positions[v["reports_to"]].pk if v["reports_to"] else None,
            "is_authorized_person": v["is_authorized_person"],
        }
        for code, v in c.positions.items()
    }
    w.apply(
        Position,
        positions,
        lines,
        lambda code: None,
        ["reports_to_id", "is_authorized_person"],
        update_first=lambda p: not p.is_authorized_person,
    )
    if progress:
        progress("positions", len(positions))

    # Servants by IIN, across bodies: a servant who moves keeps one record.
    w.key_of = lambda obj: obj.iin
    iins = list(c.servants)
    existing_servants: dict[str, Servant] = {}
    for chunk in _chunks(iins):
        existing_servants.update({s.iin: s for s in Servant.objects.filter(iin__in=chunk)})
    servants = w.apply(
        Servant,
        existing_servants,
        c.servants,
        lambda iin: Servant(iin=iin, **c.servants[iin]),
        list(_SERVANT_FIELDS),
    )
    if progress:
        progress("servants", len(servants))

    w.key_of = lambda obj: (obj.servant.iin, obj.position.code, obj.date_from)
    existing_app = {
        (a.servant.iin, a.position.code, a.date_from): a
        for a in Appointment.objects.filter(position__organisation=org).select_related(
            "servant", "position"
        )
    }
    w.apply(
        Appointment,
        existing_app,
        c.appointments,
        lambda key: Appointment(
            servant=servants[key[0]],
            position=positions[key[1]],
            date_from=key[2],
            **c.appointments[key],
        ),
        ["date_to", "probation_end"],
    )
    if progress:
        progress("appointments", len(c.appointments))

    w.key_of = lambda obj: (obj.servant.iin, obj.kind, obj.date_from)
    existing_abs: dict[tuple, Absence] = {}
    absent = sorted({key[0] for key in c.absences})
    for chunk in _chunks(absent):
        existing_abs.update(
            {
                (a.servant.iin, a.kind, a.date_from): a
                for a in Absence.objects.filter(servant__iin__in=chunk).select_related("servant")
            }
        )
    w.apply(
        Absence,
        existing_abs,
        c.absences,
        lambda key: Absence(
            servant=servants[key[0]], kind=key[1], date_from=key[2], **c.absences[key]
        ),
        ["date_to"],
    )

    AuditEvent.objects.bulk_create(w.events, batch_size=1000)
    audit_record(
        actor=actor,
        channel="import-staff",
        action="staff.import",
        obj=org,
        organisation_id=org.pk,
        after={
            "rows": report.rows,
            "created": dict(report.created),
            "updated": dict(report.updated),
        },
    )


def staff_import_or_refuse(*, organisation: Organisation, path: Path, on: dt.date, **kw: Any):
    """`staff_import_in_force` with every refusal as a ValidationError by field, as the API
    and the web page show it: "ROW.COLUMN" per problem, "file" for an unreadable file,
    "date" when no methodology is in force."""
    try:
        return staff_import_in_force(organisation=organisation, path=path, on=on, **kw)
    except NoMethodologyInForce:
        raise ValidationError(
            {
                "date": _("no methodology version of %(body)s is in force on %(date)s")
                % {"body": organisation.code, "date": on.isoformat()}
            }
        ) from None
    except StaffFileError as exc:
        raise ValidationError({"file": str(exc)}) from None
    except ImportRejected as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(f"{error.row}.{error.column}", []).append(error.message)
        raise ValidationError(errors) from None
