"""`bagalau cycle open|list|show|refresh`: evaluation cycles and the eligibility of each case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Prefetch

from bagalau.commission.selectors import final_results
from bagalau.core.console import dumps, parse_iso_date, table
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import case_list, cycle_list
from bagalau.evaluation.services import cycle_open, cycle_refresh
from bagalau.kpi.models import KpiSheet, WorkPlan
from bagalau.orgstructure.models import Organisation


def _operator() -> Any:
    """The console acts as the operator: the first superuser, if any (recorded in the audit)."""
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def cycle_document(cycle: EvaluationCycle, *, cases: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": cycle.pk,
        "organisation": cycle.organisation.code,
        "period": cycle.label,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "evaluation_date": cycle.evaluation_date,
        "methodology_version": cycle.methodology_version.code,
        "opened_at": cycle.opened_at,
    }
    if not cases:
        return doc
    rows = (
        case_list(cycle)
        .prefetch_related(Prefetch("work_plans", queryset=WorkPlan.objects.order_by("-version")))
        .annotate(reviews=Count("quarterly_reviews", distinct=True))
    )
    sheets = {s.case_id: s for s in KpiSheet.objects.filter(case__cycle=cycle)}
    finals = final_results(EvaluationCase.objects.filter(cycle=cycle).values_list("pk", flat=True))
    doc["cases"] = []
    for case in rows:
        plans = list(case.work_plans.all())
        sheet = sheets.get(case.pk)
        doc["cases"].append(
            {
                "id": case.pk,
                "iin": case.servant.iin,
                "name": case.servant.full_name,
                "position": case.position.code,
                "eligibility": case.eligibility,
                "reason": case.reason,
                "reason_text": str(case.get_reason_display()),
                "paragraph": case.paragraph,
                "counted_from": case.counted_from,
                "until": case.until,
                "plan_start": case.plan_start,
                "plan_due": case.plan_due,
                "deferred_due": case.deferred_due,
                "work_plan": {"state": plans[0].state, "version": plans[0].version}
                if plans
                else None,
                "quarterly_reviews": case.reviews,
                "kpi_sheet": {"state": sheet.state, "rating": sheet.rating or None}
                if sheet
                else None,
                # the results approved by the authorized person (§39), as the commission or a
                # court corrected them; none before the approval
                "final": {
                    "kpi_rating": finals[case.pk]["kpi_rating"],
                    "source": finals[case.pk]["kpi_source"],
                }
                if case.pk in finals
                else None,
            }
        )
    return doc


class Command(BaseCommand):
    help = "Evaluation cycles (§4): open one for a body and year, list them, show the cases."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        opening = sub.add_parser("open", help="open a body's cycle for a calendar year")
        opening.add_argument("--org", required=True)
        opening.add_argument("--year", required=True, type=int)
        opening.add_argument(
            "--evaluation-date", help="the day eligibility is judged on (default 31 Dec)"
        )
        listing = sub.add_parser("list", help="cycles, with their case counts")
        listing.add_argument("--org")
        listing.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="one cycle with every case")
        show.add_argument("id", type=int)
        show.add_argument("--json", action="store_true")
        refresh = sub.add_parser("refresh", help="decide eligibility again (§4)")
        refresh.add_argument("id", type=int)

    def handle(self, *args, **opts):
        return getattr(self, "handle_" + opts["action"])(**opts)

    def _cycle(self, pk: int) -> EvaluationCycle:
        cycle = cycle_list().filter(pk=pk).first()
        if cycle is None:
            raise CommandError(f"no evaluation cycle {pk}")
        return cycle

    def handle_open(self, *, org: str, year: int, evaluation_date: str | None, **_):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            raise CommandError(f"no state body with the code {org!r}")
        try:
            cycle, report = cycle_open(
                organisation=organisation,
                year=year,
                actor=_operator(),
                evaluation_date=parse_iso_date(evaluation_date) if evaluation_date else None,
                channel="console",
                console=True,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(_messages(exc))) from None
        counts = dict(cycle.cases.values_list("eligibility").annotate(n=Count("pk")).order_by())
        self.stdout.write(
            f"opened cycle {cycle.pk}: {org} {cycle.label} under {cycle.methodology_version.code}"
            f"; {report.created} cases — included {counts.get('included', 0)}, excluded "
            f"{counts.get('excluded', 0)}, deferred {counts.get('deferred', 0)}"
        )

    def handle_list(self, *, org: str | None, json: bool, **_):
        cycles = cycle_list()
        if org:
            cycles = cycles.filter(organisation__code=org)
        cycles = list(cycles.annotate(n=Count("cases")))
        counts: dict[int, dict[str, int]] = {}
        for cycle_id, eligibility, n in (
            EvaluationCase.objects.filter(cycle__in=cycles)
            .values_list("cycle_id", "eligibility")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            counts.setdefault(cycle_id, {})[eligibility] = n
        documents = [
            {**cycle_document(c, cases=False), "cases": c.n, "eligibility": counts.get(c.pk, {})}
            for c in cycles
        ]
        if json:
            self.stdout.write(dumps(documents))
            return
        if not documents:
            self.stdout.write(
                "No evaluation cycles. Open one: bagalau cycle open --org CODE --year YYYY"
            )
            return
        self.stdout.write(
            table(
                [
                    (
                        d["id"],
                        d["organisation"],
                        d["period"],
                        d["methodology_version"],
                        d["evaluation_date"],
                        d["cases"],
                        d["eligibility"].get("included", 0),
                        d["eligibility"].get("excluded", 0),
                        d["eligibility"].get("deferred", 0),
                    )
                    for d in documents
                ],
                [
                    "id",
                    "body",
                    "period",
                    "methodology",
                    "evaluated on",
                    "cases",
                    "included",
                    "excluded",
                    "deferred",
                ],
            )
        )

    def handle_show(self, *, id: int, json: bool, **_):
        doc = cycle_document(self._cycle(id), cases=True)
        if json:
            self.stdout.write(dumps(doc))
            return
        self.stdout.write(
            f"cycle {doc['id']}: {doc['organisation']} {doc['period']}, methodology"
            f" {doc['methodology_version']}, eligibility judged on {doc['evaluation_date']}"
        )
        rows = []
        for c in doc["cases"]:
            why = c["reason_text"]
            if c["until"]:
                why += f" (until {c['until']})"
            if c["deferred_due"]:
                why += f", due {c['deferred_due']}"
            plan = c["work_plan"]
            sheet = c["kpi_sheet"]
            final = c["final"]
            rows.append(
                (
                    c["iin"],
                    c["name"],
                    c["position"],
                    c["eligibility"],
                    f"{why} {c['paragraph']}",
                    c["plan_due"],
                    f"{plan['state']} v{plan['version']}" if plan else "-",
                    c["quarterly_reviews"],
                    f"{sheet['state']} {sheet['rating'] or ''}".strip() if sheet else "-",
                    f"{final['kpi_rating']} ({final['source']})" if final else "-",
                )
            )
        self.stdout.write(
            table(
                rows,
                [
                    "IIN",
                    "servant",
                    "position",
                    "eligibility",
                    "why",
                    "plan due",
                    "work plan",
                    "quarters",
                    "KPI sheet",
                    "final",
                ],
            )
        )

    def handle_refresh(self, *, id: int, **_):
        report = cycle_refresh(
            cycle=self._cycle(id), actor=_operator(), channel="console", system=True
        )
        self.stdout.write(
            f"{report.created} new cases, {report.changed} changed, {report.unchanged} unchanged"
        )


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return (
            [m for messages in exc.message_dict.values() for m in messages]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
    return [str(exc)]
