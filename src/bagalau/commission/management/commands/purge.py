"""`bagalau purge [--org CODE] [--today DATE] [--execute] [--json]`: evaluation papers past
their retention (§8: HR keeps them 3 years after the evaluation was completed). A dry run
by default; with --execute each expired cycle is deleted, leaving an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.commission.management.commands.commission import _operator
from bagalau.commission.management.commands.meeting import organisation_by_code
from bagalau.commission.retention import purge, retention_list
from bagalau.core.console import dumps, parse_iso_date, table


def _real_today() -> dt.date:
    return timezone.localdate()


def _why_open() -> dict[str, str]:
    return {
        "meeting": _("a commission meeting is pending"),
        "no_approved_results": _("no results approved yet (§39)"),
        "appeal": _("an appeal awaits its answer (§42)"),
        "court": _("a court case is pending (§43)"),
        "review": _("a cancelled decision awaits review (§42)"),
    }


def _deleted(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in counts.items() if n)


class Command(BaseCommand):
    help = (
        "Evaluation papers past their retention (§8: kept 3 years after the evaluation was "
        "completed). Lists them (a dry run); with --execute deletes them, each cycle leaving "
        "an audit entry. -v 2 lists the cycles still kept too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this state body's cycles")
        parser.add_argument("--today", help="judge retention on this date, YYYY-MM-DD (today)")
        parser.add_argument(
            "--execute", action="store_true", help="delete them (without it, a dry run)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, org: str | None, today: str | None, execute: bool, json: bool, **opts):
        organisation = organisation_by_code(org) if org else None
        real_today = _real_today()
        day = parse_iso_date(today, "--today") if today else real_today
        if execute and day > real_today:
            raise CommandError(
                _(
                    "--today %(day)s is later than today (%(today)s): papers are deleted only"
                    " once their retention has really passed; without --execute the date shows"
                    " what will be due"
                )
                % {"day": day, "today": real_today}
            )
        verbosity = opts.get("verbosity", 1)
        kept: list[dict[str, Any]] = []
        if json or verbosity >= 2:
            kept = [e.as_dict() for e in retention_list(day, organisation) if not e.expired]
        rows = purge(actor=_operator(), today=day, organisation=organisation, execute=execute)
        if json:
            self.stdout.write(
                dumps({"today": day, "executed": execute, "expired": rows, "kept": kept})
            )
            return
        self.render(
            rows,
            kept,
            day=day,
            execute=execute,
            org=org,
            today=today,
            future=day > real_today,
            verbosity=verbosity,
        )

    def render(self, rows, kept, *, day, execute, org, today, future, verbosity) -> None:
        write = self.stdout.write
        if not rows:
            write(_("Nothing has passed its retention on %(day)s (§8).") % {"day": day})
        else:
            header = [_("cycle"), _("body"), _("period"), _("completed on"), _("kept until")]
            if execute:
                write(_("Deleted, past their retention on %(day)s (§8):") % {"day": day})
                header.append(_("deleted"))
            else:
                write(_("Past their retention on %(day)s (§8):") % {"day": day})
            write(
                table(
                    [
                        (
                            r["cycle"],
                            r["organisation"],
                            r["period"],
                            r["completed_on"],
                            r["kept_until"],
                            *([_deleted(r["deleted"])] if execute else []),
                        )
                        for r in rows
                    ],
                    header,
                )
            )
            if execute:
                write(
                    _(
                        "Deleted the papers of %(count)d cycle(s); each deletion is in the audit"
                        " (bagalau audit --action retention.purge)."
                    )
                    % {"count": len(rows)}
                )
            elif future:
                write(
                    _(
                        "Dry run for a future date: nothing was deleted. On or after that date,"
                        " run it again with --execute to delete them."
                    )
                )
            else:
                again = " ".join(
                    [
                        "bagalau purge",
                        *(["--org", org] if org else []),
                        *(["--today", today] if today else []),
                        "--execute",
                    ]
                )
                write(
                    _("Dry run: nothing was deleted. To delete these papers, run: %(command)s")
                    % {"command": again}
                )
        if verbosity < 2:
            return
        write("")
        if not kept:
            write(_("No other cycles are kept."))
            return
        why = _why_open()
        write(_("Kept:"))
        write(
            table(
                [
                    (
                        k["cycle"],
                        k["organisation"],
                        k["period"],
                        k["completed_on"] or "-",
                        k["kept_until"] or why.get(k["open"], k["open"]),
                    )
                    for k in kept
                ],
                [_("cycle"), _("body"), _("period"), _("completed on"), _("kept until")],
            )
        )
