"""`bagalau hr-decisions --org CODE --year YYYY [--xlsx FILE] [--json]`: what HR decisions on
each servant stand on (§7): the final KPI rating, where it comes from, what it is the basis
for, and the unsatisfactory ones flagged for rotation, demotion or dismissal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bagalau.commission.management.commands.meeting import organisation_by_code
from bagalau.core.console import dumps, table
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.decisions_report import hr_decisions_xlsx
from bagalau.evaluation.selectors import cycle_list
from bagalau.kpi.models import RATINGS

RATING_LABELS = dict(RATINGS)


def _sources() -> dict[str, str]:
    return {
        "sheet": _("the sheet, approved by the commission"),
        "commission": _("corrected by the commission (§38)"),
        "court": _("a court decision (§43)"),
    }


def _basis() -> dict[str, str]:
    return {
        "bonus": _("bonus"),
        "incentive": _("incentive"),
        "rotation": _("rotation"),
        "demotion": _("demotion"),
        "dismissal": _("dismissal"),
    }


def _rating(code: str | None) -> str:
    return str(RATING_LABELS.get(code, code)) if code else "-"


def _achieved(count: int | None) -> str:
    return "" if count is None else f"{count}/5"


def _row(item: dict[str, Any]) -> tuple:
    sheet = item["kpi_sheet"]
    final = item["final"]
    source = ""
    if final:
        source = _sources().get(final["source"], final["source"])
        if final["reference"]:
            source += f" ({final['reference']})"
    return (
        item["iin"],
        item["name"],
        item["position"],
        item["eligibility"],
        "-" if sheet is None else f"{sheet['state']} {_achieved(sheet['achieved_count'])}",
        _rating(final["rating"]) if final else _("not final yet"),
        source,
        ", ".join(_basis()[b] for b in item["basis_for"]),
        _("FLAGGED") if item["flagged"] else "",
    )


class Command(BaseCommand):
    help = (
        "The basis of HR decisions (§7) for a body's evaluation year: per servant the final KPI "
        "rating and its source, what it is the basis for (bonus, incentive; rotation, demotion "
        "or dismissal if unsatisfactory). From KPI results only. A table, JSON or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the state body's code")
        parser.add_argument("--year", required=True, type=int, help="the evaluation year")
        parser.add_argument("--xlsx", metavar="FILE", help="write the XLSX workbook to FILE")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, org: str, year: int, xlsx: str | None, json: bool, **opts):
        organisation = organisation_by_code(org)
        cycle = cycle_list(organisation).filter(period_start__year=year).first()
        if cycle is None:
            raise CommandError(
                _("%(body)s has no evaluation cycle for %(year)d") % {"body": org, "year": year}
            )
        if xlsx:
            path = Path(xlsx)
            if path.suffix.lower() != ".xlsx":
                raise CommandError(
                    _("%(file)s: the file to write is an .xlsx workbook") % {"file": xlsx}
                )
            try:
                path.write_bytes(hr_decisions_xlsx(cycle))
            except OSError as exc:
                raise CommandError(
                    _("cannot write %(file)s: %(error)s") % {"file": xlsx, "error": exc.strerror}
                ) from None
            (self.stderr if json else self.stdout).write(_("wrote %(file)s") % {"file": path})
            if not json:
                return
        basis = hr_decision_basis(cycle)
        if json:
            self.stdout.write(
                dumps(
                    {
                        "cycle": cycle.pk,
                        "organisation": organisation.code,
                        "period": cycle.label,
                        "servants": basis,
                    }
                )
            )
            return
        final = sum(1 for b in basis if b["final"])
        flagged = sum(1 for b in basis if b["flagged"])
        self.stdout.write(
            _(
                "HR decisions, %(body)s %(period)s (cycle %(cycle)s), from the KPI results only"
                " (§7): %(count)d servants, %(final)d with final results, %(flagged)d flagged"
                " unsatisfactory (rotation, demotion or dismissal)"
            )
            % {
                "body": organisation.code,
                "period": cycle.label,
                "cycle": cycle.pk,
                "count": len(basis),
                "final": final,
                "flagged": flagged,
            }
        )
        if not basis:
            return
        self.stdout.write(
            table(
                [_row(b) for b in basis],
                [
                    _("IIN"),
                    _("servant"),
                    _("position"),
                    _("eligibility"),
                    _("KPI sheet"),
                    _("final rating"),
                    _("source"),
                    _("basis for"),
                    _("flag"),
                ],
            )
        )
