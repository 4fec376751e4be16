"""`bagalau development-needs CYCLE_ID [--json] [-o FILE.xlsx]`: the cycle's competency
development needs for HR (§7 second paragraph, §27), by subdivision and position category."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bagalau.competency.report import development_needs_report, development_needs_xlsx
from bagalau.core.console import dumps, table
from bagalau.evaluation.selectors import cycle_list

WORDING = 60  # characters of an indicator's wording shown in the table


def _short(text: str) -> str:
    return text if len(text) <= WORDING else text[: WORDING - 1] + "…"


def _label(code: str) -> str:
    return code or "(none)"


class Command(BaseCommand):
    help = (
        "Competency development needs of a cycle (§7): per competency the servants who did not "
        "meet it, per indicator those who did not show it, by subdivision and category; "
        "signed sheets and those before the commission. A table, JSON, or an XLSX file."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int, metavar="CYCLE_ID")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("-o", "--output", metavar="FILE.xlsx", help="write an XLSX workbook")

    def handle(self, *args, cycle_id: int, json: bool, output: str | None, **opts):
        cycle = cycle_list().filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"no evaluation cycle {cycle_id}")
        if output:
            path = Path(output)
            if path.suffix.lower() != ".xlsx":
                raise CommandError(f"{output}: the file to write is an .xlsx workbook")
            path.write_bytes(development_needs_xlsx(cycle))
            (self.stderr if json else self.stdout).write(f"wrote {path}")
            if not json:
                return
        report = development_needs_report(cycle)
        if json:
            self.stdout.write(dumps(report))
            return
        self.stdout.write(self.render(report))

    def render(self, report: dict[str, Any]) -> str:
        cycle = report["cycle"]
        subdivisions = [s["code"] for s in report["subdivisions"]]
        categories = [c["code"] for c in report["categories"]]
        lines = [
            f"Development needs, cycle {cycle['id']}: {cycle['organisation']} {cycle['period']}"
            f" ({cycle['methodology_version']}); {report['assessed']['total']} servants with a"
            f" competency sheet signed or before the commission",
        ]
        if not report["assessed"]["total"]:
            return lines[0]

        def split(breakdown: dict[str, Any]) -> list[int]:
            return [
                *(breakdown["by_subdivision"][s] for s in subdivisions),
                *(breakdown["by_category"][c] for c in categories),
            ]

        columns = [*map(_label, subdivisions), *categories]
        lines += [
            "",
            "Subdivisions: "
            + "; ".join(f"{_label(s['code'])} {s['name_kk']}" for s in report["subdivisions"]),
            "",
            table(
                [
                    (
                        "(servants assessed)",
                        report["assessed"]["total"],
                        "",
                        *split(report["assessed"]),
                    ),
                    *(
                        (
                            c["code"],
                            c["assessed"]["total"],
                            c["not_met"]["total"],
                            *split(c["not_met"]),
                        )
                        for c in report["competencies"]
                    ),
                ],
                ["competency", "assessed", "not met", *columns],
            ),
            "",
            table(
                [
                    (
                        c["code"],
                        i["group"],
                        i["number"],
                        _short(i["effective_kk"]),
                        i["not_shown"]["total"],
                        *split(i["not_shown"]),
                    )
                    for c in report["competencies"]
                    for i in c["indicators"]
                ],
                ["competency", "group", "No.", "indicator not shown", "servants", *columns],
            ),
        ]
        return "\n".join(lines)
