"""Benchmark: an evaluation cycle of a body of N servants (opening, re-check, inbox, case list).

    .venv/bin/python bench/bench_cycle.py --rows 10000           # SQLite in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_cycle.py --rows 10000

Builds the body with bench_import's rows through the staff import (one subdivision is the
personnel service; some servants are on probation, new, on leave at the year's end, back
from social leave, or gone mid-year, so every §4 branch is decided), then times and counts
the SQL queries of:

- `cycle_open` by the body's HR officer: the methodology version fixed, a case per servant
  with eligibility decided and audited;
- `cycle_refresh` with nothing changed;
- `pending_actions` for the body, after KPI-track documents are written for most cases
  (written directly in bulk, not through the services: plans approved, submitted, returned
  or in draft, and Q1–Q3 quarterly reviews for some), and one department head's `inbox`;
- the HR case list (`evaluation.selectors.case_list`): the whole list and a page of 50.

Queries are counted with CaptureQueriesContext (so timings include Django's query log).
The target is opening a 10,000-servant cycle in under 10 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import rows as staff_rows


def vary(data: list[dict[str, str]], year: int) -> None:
    """Mark the personnel service and give some servants a §4 exclusion or deferral."""
    for i, row in enumerate(data):
        if row.get("subdivision_code") == "S0000":
            row["personnel_service"] = "yes"
        if i < 200:  # keep the personnel service and the first department plain
            continue
        if i % 50 == 7:  # on probation at the year's end
            row["appointed_from"] = f"{year}-09-01"
            row["probation_end"] = f"{year + 1}-02-28"
        elif i % 60 == 11:  # under 3 months in the position
            row["appointed_from"] = f"{year}-11-02"
        elif i % 40 == 3:  # on annual leave at the year's end: deferred
            row |= {
                "absence_kind": "annual_leave",
                "absence_from": f"{year}-12-15",
                "absence_to": f"{year + 1}-01-09",
            }
        elif i % 90 == 5:  # back from social leave in November: tenure counts again
            row |= {
                "absence_kind": "social_leave",
                "absence_from": f"{year - 1}-02-01",
                "absence_to": f"{year}-11-15",
            }
        elif i % 97 == 13:  # left in June
            row["appointed_to"] = f"{year}-06-30"


def measure(label: str, work: Callable[[], Any], figures: list[tuple], note=None) -> Any:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
    figures.append((label, f"{seconds:.2f}", len(queries), note(result) if note else ""))
    print(f"  {label}: {seconds:.2f} s, {len(queries)} queries", file=sys.stderr)
    return result


def write_documents(cycle, on: dt.date) -> dict[str, int]:
    """KPI-track documents for most evaluated cases, in bulk (not through the services)."""
    from decimal import Decimal

    from django.utils import timezone

    from bagalau.evaluation.models import EvaluationCase
    from bagalau.kpi.models import Kpi, QuarterlyReview, WorkPlan

    cases = list(
        EvaluationCase.objects.filter(cycle=cycle)
        .exclude(eligibility="excluded")
        .order_by("pk")
        .values_list("pk", "plan_start", "plan_due")
    )
    states = ["approved"] * 14 + ["submitted", "returned", "draft"]
    plans = []
    for n, (case_id, start, due) in enumerate(cases):
        if n % 20 == 19:
            continue  # no plan yet
        state = states[n % len(states)]
        plans.append(
            WorkPlan(
                case_id=case_id,
                version=1,
                state=state,
                period_start=start,
                period_end=cycle.period_end,
                due=due,
                submitted_at=timezone.now() if state != "draft" else None,
                approved_at=timezone.now() if state == "approved" else None,
                return_reason="2-НМИ өлшенбейді" if state == "returned" else "",
                resubmit_due=due if state == "returned" else None,
            )
        )
    plans = WorkPlan.objects.bulk_create(plans, batch_size=2000)
    kpis = [
        Kpi(
            plan=plan,
            number=k,
            name=f"Көрсеткіш {k}: мемлекеттік қызметтерді мерзімінде көрсету үлесі",
            source="strategic_plan",
            source_reference=f"Стратегиялық жоспар, {k}-мақсат",
            unit="%",
            planned_value=Decimal(90 + k),
            achievement="at_least",
            deadline=cycle.period_end,
            key_result="Қызмет алушылардың қанағаттануы артады",
        )
        for plan in plans
        for k in range(1, 6)
    ]
    Kpi.objects.bulk_create(kpis, batch_size=5000)
    reviews = []
    year = cycle.period_start.year
    for n, plan in enumerate(p for p in plans if p.state == "approved"):
        for quarter in range(1, 4 - n % 3):  # Q1–Q3, Q1–Q2 or Q1 only
            if dt.date(year, 3 * quarter + 1, 1) <= on:
                reviews.append(
                    QuarterlyReview(
                        case_id=plan.case_id,
                        plan=plan,
                        year=year,
                        quarter=quarter,
                        progress=[{"kpi": 1, "value": "50", "comment": ""}],
                        recommendations="Жоспар кестеге сай орындалуда",
                    )
                )
    QuarterlyReview.objects.bulk_create(reviews, batch_size=5000)
    return {"plans": len(plans), "kpis": len(kpis), "reviews": len(reviews)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("BAGALAU_DATA_DIR", tempfile.mkdtemp(prefix="bagalau-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagalau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    connection.queries_limit = 10**8  # count every query, not only the last 9,000
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)

    from bagalau.core.console import table
    from bagalau.evaluation.models import EvaluationCase
    from bagalau.evaluation.selectors import case_list
    from bagalau.evaluation.services import cycle_open, cycle_refresh
    from bagalau.kpi.inbox import inbox, pending_actions
    from bagalau.methodology.models import MethodologyVersion
    from bagalau.methodology.selectors import version_rules
    from bagalau.methodology.services import methodology_load_shipped
    from bagalau.orgstructure.models import Organisation, Position
    from bagalau.orgstructure.rules import iin_check_digit
    from bagalau.orgstructure.selectors import position_holder
    from bagalau.orgstructure.staff_files import COLUMN_NAMES
    from bagalau.orgstructure.staff_import import staff_import

    methodology_load_shipped()
    stamp = time.strftime("%H%M%S")
    org = Organisation.objects.create(code=f"bench-cycle-{stamp}", name_kk="Бенч", name_ru="Бенч")
    version = MethodologyVersion.objects.create(
        code=f"bench-cycle-{stamp}",
        organisation=org,
        kind="adopted",
        parent=MethodologyVersion.objects.get(code="arys-714"),
        act_issuer_kk="bench",
        act_title_kk="bench",
        act_number="1",
        act_date=dt.date(2024, 1, 1),
        effective_from=dt.date(2024, 1, 1),
    )
    serial_base = int(stamp) * 3 % 9000

    def iin_for(i: int) -> str:
        birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        serial = (serial_base + i * 7) % 10000
        while True:
            first = f"{birth:%y%m%d}{3 + i % 2}{serial:04d}"
            check = iin_check_digit(first)
            if check is not None:
                return first + str(check)
            serial = (serial + 1) % 10000

    data = staff_rows(args.rows, iin_for)
    vary(data, args.year)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; servants: {len(data)}; cycle: {args.year}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "staff.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, restval="")
            writer.writeheader()
            writer.writerows(data)
        start = time.perf_counter()
        report = staff_import(
            organisation=org, path=path, rules=version_rules(version), version_label=version.code
        )
        print(
            f"  staff import (setup): {time.perf_counter() - start:.2f} s, {report.summary()}",
            file=sys.stderr,
        )

    # "Today" inside the cycle's year: its current cycle, as people's inboxes show it.
    on = min(max(dt.date.today(), dt.date(args.year, 1, 20)), dt.date(args.year, 12, 31))
    User = get_user_model()

    def user_of(code: str):
        servant = position_holder(Position.objects.get(organisation=org, code=code), on)
        user = User.objects.create_user(f"{org.code}-{code}".lower())
        servant.user = user
        servant.save(update_fields=["user"])
        return user

    hr = user_of("S0000-2")  # a specialist of the personnel service
    head = user_of("S0001-H")  # a department head, 99 subordinates

    figures: list[tuple] = []
    cycle, _report = measure(
        "cycle_open (eligibility for every servant)",
        lambda: cycle_open(organisation=org, year=args.year, actor=hr, channel="bench"),
        figures,
        note=lambda result: f"{result[1].created} cases",
    )
    decided = {
        f"{eligibility} ({reason})": n
        for eligibility, reason, n in EvaluationCase.objects.filter(cycle=cycle)
        .values_list("eligibility", "reason")
        .annotate(n=Count("pk"))
        .order_by()
    }
    measure(
        "cycle_refresh, nothing changed",
        lambda: cycle_refresh(cycle=cycle, actor=hr, channel="bench"),
        figures,
        note=lambda r: f"{r.unchanged} unchanged, {r.changed} changed, {r.created} new",
    )
    written = write_documents(cycle, on)
    measure(
        f"pending_actions for the body on {on}",
        lambda: pending_actions({org.pk}, on),
        figures,
        note=lambda actions: f"{len(actions)} actions",
    )
    measure(
        "inbox of a department head",
        lambda: inbox(head, on),
        figures,
        note=lambda actions: f"{len(actions)} actions",
    )
    measure(
        "case_list, whole list",
        lambda: list(case_list(cycle)),
        figures,
        note=lambda cases: f"{len(cases)} cases",
    )

    def page():
        cases = case_list(cycle)
        count = cases.count()
        return count, list(cases[count // 2 : count // 2 + 50])

    measure(
        "case_list, count and a page of 50",
        page,
        figures,
        note=lambda result: f"{len(result[1])} of {result[0]}",
    )
    print(f"database: {engine}; servants: {len(data)}; cycle: {args.year}")
    print(
        "eligibility: "
        + ", ".join(f"{name} {count}" for name, count in sorted(decided.items()))
        + f"; documents written for the inbox: {written['plans']} plans, "
        f"{written['kpis']} KPIs, {written['reviews']} quarterly reviews"
    )
    print(table(figures, ("step", "seconds", "queries", "result")))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
