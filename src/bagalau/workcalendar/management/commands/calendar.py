"""`bagalau calendar`: Kazakhstan's working days from the console."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bagalau.workcalendar import selectors, services
from bagalau.workcalendar.selectors import DayInfo

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
YEAR_RE = re.compile(r"^\d{4}$")


def parse_date(text: str, what: str = "date") -> dt.date:
    if DATE_RE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            raise CommandError(f"malformed {what} {text!r}: {error}") from error
    raise CommandError(f"malformed {what} {text!r}: expected YYYY-MM-DD, e.g. 2026-03-23")


def parse_int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"{what} must be an integer, got {text!r}") from None


def parse_month(text: str) -> tuple[int, int]:
    match = MONTH_RE.match(text)
    if not match:
        raise CommandError(f"unknown month {text!r}: expected YYYY-MM, e.g. 2026-03")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1:
        raise CommandError(f"unknown month {text!r}: the month must be 01 to 12")
    return year, month


def parse_year(text: str) -> int:
    if not YEAR_RE.match(text) or int(text) < 1:
        raise CommandError(f"malformed year {text!r}: expected YYYY, e.g. 2026")
    return int(text)


class Command(BaseCommand):
    help = (
        "Kazakhstan's working days: add N working days to a date, count working days, "
        "show a month or a year's exceptions, load the shipped calendar facts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        add = sub.add_parser(
            "add",
            help="The N-th working day after DATE (N < 0: before); DATE itself never counts",
        )
        add.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
        add.add_argument("n", metavar="N", help="number of working days, may be negative")

        count = sub.add_parser(
            "count", help="Working days d with FROM < d <= TO (negative if TO is before FROM)"
        )
        count.add_argument("start", metavar="FROM", help="YYYY-MM-DD")
        count.add_argument("end", metavar="TO", help="YYYY-MM-DD")

        is_working = sub.add_parser("is-working", help="Whether DATE is a working day: yes or no")
        is_working.add_argument("date", metavar="DATE", help="YYYY-MM-DD")

        month = sub.add_parser("month", help="Every day of a month, days off marked and named")
        month.add_argument("month", metavar="YYYY-MM")
        month.add_argument("--lang", choices=("kk", "ru"), default="kk", help="names' language")
        month.add_argument("--json", action="store_true", help="print one JSON document")

        listing = sub.add_parser(
            "list", help="A year's non-working weekdays and working weekend days, with sources"
        )
        listing.add_argument("--year", required=True, metavar="YYYY")
        listing.add_argument("--lang", choices=("kk", "ru"), default="kk", help="names' language")
        listing.add_argument("--json", action="store_true", help="print one JSON document")

        sub.add_parser("load", help="Load the shipped calendar facts (keeps operators' edits)")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "handle_" + options["subcommand"].replace("-", "_"))
        try:
            handler(options)
        except OverflowError:
            raise CommandError("date out of range (years 1 to 9999)") from None

    def handle_add(self, options: dict[str, Any]) -> None:
        start = parse_date(options["date"])
        n = parse_int(options["n"], "N")
        self.stdout.write(selectors.add_working_days(start, n).isoformat())

    def handle_count(self, options: dict[str, Any]) -> None:
        start = parse_date(options["start"], "FROM date")
        end = parse_date(options["end"], "TO date")
        self.stdout.write(str(selectors.working_days_between(start, end)))

    def handle_is_working(self, options: dict[str, Any]) -> None:
        day = parse_date(options["date"])
        self.stdout.write("yes" if selectors.is_working_day(day) else "no")

    def handle_month(self, options: dict[str, Any]) -> None:
        year, month = parse_month(options["month"])
        days = selectors.month_days(year, month)
        working = sum(1 for d in days if d.is_working)
        if options["json"]:
            document = {
                "month": f"{year:04d}-{month:02d}",
                "working_days": working,
                "days_off": len(days) - working,
                "days": [d.as_dict() for d in days],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        for day in days:
            self.stdout.write(self._line(day, options["lang"]))
        self.stdout.write(
            f"{year:04d}-{month:02d}: {working} working days, {len(days) - working} days off"
        )

    def handle_list(self, options: dict[str, Any]) -> None:
        year = parse_year(options["year"])
        days = selectors.calendar_exceptions(year)
        if options["json"]:
            document = {"year": year, "days": [d.as_dict() for d in days]}
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        for day in days:
            self.stdout.write(self._line(day, options["lang"]))
            if day.source:
                self.stdout.write(f"{'':17}source: {day.source}")
        off = sum(1 for d in days if not d.is_working)
        self.stdout.write(
            f"{year}: {off} non-working weekdays, {len(days) - off} working weekend days"
        )

    def handle_load(self, options: dict[str, Any]) -> None:
        result = services.calendar_load_shipped()
        self.stdout.write(
            f"created {len(result.created)}, updated {len(result.updated)}, "
            f"unchanged {len(result.unchanged)}, "
            f"kept {len(result.kept_operator)} operator-corrected days"
        )

    @staticmethod
    def _line(day: DayInfo, lang: str) -> str:
        # "2026-03-23 Mon  off   Наурыз мейрамы": the flag column is blank on working days.
        flag = "work" if day.is_working else "off"
        if day.is_working and day.date.weekday() < 5:
            flag = ""
        return f"{day.date.isoformat()} {day.weekday}  {flag:<4}  {day.name(lang)}".rstrip()
