"""Benchmark: the evaluation commission on a body with N cases before it.

    .venv/bin/python bench/bench_commission.py --cases 50 500         # SQLite in a temp dir
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_commission.py --cases 50 500

For each size N a body of N servants is built through the staff import (bench_import's
rows; the first subdivision is the personnel service) and its 2025 cycle opened with
`cycle_open`. Then, for speed, every case's two sheets are written directly with
bulk_create, not through the KPI and competency services, in the states and with the fields
the commission's selectors and services read:

- a work plan (approved) and a KPI sheet `with_commission` with `achieved_count` and
  `rating` (no KPI or KPI result rows: nothing of the commission reads them);
- a competency sheet `with_commission` built from the version's Annex 4 for the position
  (as the competency service builds it) with a result for each competency, some not met.

The commission's order is issued through `commission_order_issue` (a chair, six members, an
HR secretary), and the rest goes through the services and selectors, which are timed and
their SQL statements counted (with an execute wrapper):

- `ready_cases` for the cycle;
- `meeting_propose` with N agenda items; `meeting_agree` (notices to the commission and to
  the N servants) and `meeting_open`;
- `vote_cast` per vote, for the seven members on the first 5 cases; the other cases' votes
  are then written with bulk_create (every tenth case revised by 4 of 7);
- `case_decide` for every case (total, and per case);
- `meeting_close` (the protocol fixed) and `meeting_document(meeting_full(id), rules)`,
  whose query count must not grow with N;
- `meeting_approve` (N decisions final, N acquaintances opened and notices given);
- `hr_decision_basis` for the cycle and `retention_list` for the body.

It measures and prints; it asserts no timing. One table, a column pair per size; a small
unreported warm-up size runs first so that the first size does not pay for Django's first
calls (translations, imports).
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

D = dt.date
PROPOSED, MEETING, APPROVED = D(2026, 1, 23), D(2026, 2, 3), D(2026, 2, 4)


class QueryCount:
    """Counts the SQL statements run (an execute wrapper: no query log, no debug cursor)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(figures: dict, label: str, work: Callable[[], Any], per: int | None = None) -> Any:
    """Run `work`, keep its seconds and queries under `label` (per item when `per`)."""
    from django.db import DatabaseError, connection

    counter = QueryCount()
    failed = None
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        try:
            result = work()
        except DatabaseError as error:  # reported in the table, the run goes on
            result, failed = None, f"{type(error).__name__}: {error}".splitlines()[0]
        seconds = time.perf_counter() - start
    figures[label] = (seconds, counter.count, per, failed)
    if failed:
        print(f"    {label}: FAILED after {seconds:.3f} s: {failed}", file=sys.stderr)
        return None
    note = (
        f" ({seconds / per * 1000:.1f} ms, {counter.count / per:.1f} queries each)" if per else ""
    )
    print(f"    {label}: {seconds:.3f} s, {counter.count} queries{note}", file=sys.stderr)
    return result


def build_body(n: int, stamp: str):
    """A body of n servants (staff import), its 2025 cycle, users for the people acting."""
    from django.contrib.auth import get_user_model

    from bagalau.evaluation.services import cycle_open
    from bagalau.methodology.models import MethodologyVersion
    from bagalau.methodology.selectors import version_rules
    from bagalau.orgstructure.models import Organisation, Position
    from bagalau.orgstructure.rules import iin_check_digit
    from bagalau.orgstructure.selectors import position_holder
    from bagalau.orgstructure.staff_files import COLUMN_NAMES
    from bagalau.orgstructure.staff_import import staff_import

    code = f"bench-com-{stamp}-{n}"
    org = Organisation.objects.create(code=code, name_kk="Бенч", name_ru="Бенч")
    version = MethodologyVersion.objects.create(
        code=code,
        organisation=org,
        kind="adopted",
        parent=MethodologyVersion.objects.get(code="arys-714"),
        act_issuer_kk="bench",
        act_title_kk="bench",
        act_number="1",
        act_date=D(2024, 1, 1),
        effective_from=D(2024, 1, 1),
    )
    serial_base = (int(stamp) * 3 + n) % 9000

    def iin_for(i: int) -> str:
        birth = D(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        serial = (serial_base + i * 7) % 10000
        while True:
            first = f"{birth:%y%m%d}{3 + i % 2}{serial:04d}"
            check = iin_check_digit(first)
            if check is not None:
                return first + str(check)
            serial = (serial + 1) % 10000

    data = staff_rows(n, iin_for)
    for row in data:
        if row.get("subdivision_code") == "S0000":
            row["personnel_service"] = "yes"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "staff.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, restval="")
            writer.writeheader()
            writer.writerows(data)
        staff_import(
            organisation=org, path=path, rules=version_rules(version), version_label=version.code
        )
    User = get_user_model()
    people: dict[str, Any] = {}

    def person(role: str, position_code: str) -> None:
        servant = position_holder(
            Position.objects.get(organisation=org, code=position_code), MEETING
        )
        servant.user = User.objects.create_user(f"{code}-{role}")
        servant.save(update_fields=["user"])
        people[role] = servant

    # In the first subdivision (the personnel service, 100 positions): its head chairs, HR
    # specialists act as HR and as the secretary, six others are members; TOP is the body's
    # first head and so its authorized person.
    person("authorized", "TOP")
    person("chair", "S0000-H")
    person("hr", "S0000-2")
    person("secretary", "S0000-3")
    for k in range(1, 7):
        person(f"member{k}", f"S0000-{3 + k}")
    cycle, _report = cycle_open(
        organisation=org, year=2025, actor=people["hr"].user, channel="bench"
    )
    return org, cycle, people


def write_sheets(cycle) -> int:
    """Both sheets of every evaluated case before the commission, written in bulk."""
    from django.utils import timezone

    from bagalau.competency.models import CompetencyAssessment, CompetencySheet
    from bagalau.evaluation.models import EvaluationCase
    from bagalau.kpi.models import KpiSheet, WorkPlan
    from bagalau.methodology.catalogue_rules import competencies_for
    from bagalau.methodology.models import CatalogueRow
    from bagalau.methodology.selectors import (
        catalogue_revision_of,
        revision_catalogue,
        version_rules,
    )
    from bagalau.orgstructure.rules import normalise_category

    rules = version_rules(cycle.methodology_version)
    revision = catalogue_revision_of(cycle.methodology_version)
    catalogue = revision_catalogue(revision)
    rows = {
        (row.competency.code, row.group): row
        for row in CatalogueRow.objects.filter(competency__revision=revision).select_related(
            "competency"
        )
    }
    cases = list(
        EvaluationCase.objects.filter(cycle=cycle)
        .exclude(eligibility="excluded")
        .select_related("position")
        .order_by("pk")
    )
    sent = timezone.make_aware(dt.datetime(2026, 1, 14, 12))
    plans = WorkPlan.objects.bulk_create(
        [
            WorkPlan(
                case=case,
                version=1,
                state="approved",
                period_start=case.plan_start,
                period_end=cycle.period_end,
                due=case.plan_due,
                submitted_at=sent,
                approved_at=sent,
            )
            for case in cases
        ],
        batch_size=2000,
    )
    ratings = {5: "excellent", 4: "effective", 3: "satisfactory"}
    KpiSheet.objects.bulk_create(
        [
            KpiSheet(
                case=case,
                plan=plan,
                state="with_commission",
                achieved_count=5 - n % 3,
                rating=ratings[5 - n % 3],
                signed_at=sent,
                agreed_at=sent,
                to_commission_at=sent,
            )
            for n, (case, plan) in enumerate(zip(cases, plans, strict=True))
        ],
        batch_size=2000,
    )
    chosen: dict[tuple, tuple] = {}
    sheets = []
    for case in cases:
        position = case.position
        category = normalise_category(position.category)
        key = (category, position.heads_subdivision, position.provides_public_services)
        if key not in chosen:
            group = rules.category_group(category, position.heads_subdivision)
            chosen[key] = (
                group.code,
                [
                    rows[(competency.code, cell.group)]
                    for competency, cell in competencies_for(
                        catalogue,
                        rules.category_groups,
                        category,
                        position.heads_subdivision,
                        provides_public_services=position.provides_public_services,
                    )
                ],
            )
        sheets.append(
            CompetencySheet(
                case=case,
                revision=revision,
                category=category,
                heads_subdivision=position.heads_subdivision,
                provides_public_services=position.provides_public_services,
                group=chosen[key][0],
                state="with_commission",
                signed_at=sent,
                to_commission_at=sent,
            )
        )
    sheets = CompetencySheet.objects.bulk_create(sheets, batch_size=2000)
    items = [
        CompetencyAssessment(
            sheet=sheet,
            number=k,
            competency=row.competency,
            row=row,
            result="does_not_meet" if (n + k) % 7 == 0 else "meets",
        )
        for n, sheet in enumerate(sheets)
        for k, row in enumerate(
            chosen[(sheet.category, sheet.heads_subdivision, sheet.provides_public_services)][1],
            start=1,
        )
    ]
    CompetencyAssessment.objects.bulk_create(items, batch_size=5000)
    return len(cases)


def run(n: int, stamp: str) -> tuple[dict, dict]:
    from django.utils import timezone

    from bagalau.commission.models import Vote
    from bagalau.commission.retention import retention_list
    from bagalau.commission.selectors import meeting_document, meeting_full, ready_cases
    from bagalau.commission.services import (
        case_decide,
        commission_order_issue,
        meeting_agree,
        meeting_approve,
        meeting_close,
        meeting_open,
        meeting_propose,
        vote_cast,
    )
    from bagalau.evaluation.decisions import hr_decision_basis
    from bagalau.kpi.models import KpiSheet
    from bagalau.methodology.selectors import version_rules

    start = time.perf_counter()
    org, cycle, people = build_body(n, stamp)
    cases = write_sheets(cycle)
    print(
        f"  N={n}: body, cycle and {cases} cases' sheets (setup): "
        f"{time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    hr, secretary = people["hr"].user, people["secretary"].user
    members = [people[f"member{k}"] for k in range(1, 7)]
    voting = [people["chair"], *members]
    commission_order_issue(
        organisation=org,
        number="1",
        signed_on=D(2025, 12, 1),
        chair=people["chair"].pk,
        members=[m.pk for m in members],
        secretary=people["secretary"].pk,
        actor=people["authorized"].user,
    )
    rules = version_rules(cycle.methodology_version)
    figures: dict[str, tuple] = {}
    ready = measure(figures, "ready_cases", lambda: ready_cases(cycle))
    meeting = measure(
        figures,
        "meeting_propose (N agenda items)",
        lambda: meeting_propose(cycle_id=cycle.pk, date=MEETING, actor=hr, on=PROPOSED),
    )
    measure(
        figures,
        "meeting_agree (notices)",
        lambda: meeting_agree(meeting_id=meeting.pk, actor=people["chair"].user, on=PROPOSED),
    )
    measure(
        figures,
        "meeting_open (attendance)",
        lambda: meeting_open(
            meeting_id=meeting.pk, present=[s.pk for s in voting], actor=secretary, on=MEETING
        ),
    )
    items = list(meeting.items.select_related("case").order_by("number"))
    ratings = dict(KpiSheet.objects.filter(case__cycle=cycle).values_list("case_id", "rating"))

    def revised(number: int) -> bool:
        return number % 10 == 1

    def corrected(case_id: int) -> str:
        return "excellent" if ratings[case_id] != "excellent" else "effective"

    sampled = items[:5]

    def cast_sample() -> None:
        for item in sampled:
            for k, member in enumerate(voting):
                revise = revised(item.number) and k < 4
                vote_cast(
                    meeting_id=meeting.pk,
                    case_id=item.case_id,
                    choice="revise" if revise else "approve",
                    kpi_rating=corrected(item.case_id) if revise else "",
                    actor=secretary,
                    member=member.pk,
                    on=MEETING,
                )

    measure(figures, "vote_cast, per vote", cast_sample, per=len(sampled) * len(voting))
    at = timezone.make_aware(dt.datetime.combine(MEETING, dt.time(12)))
    Vote.objects.bulk_create(
        [
            Vote(
                item=item,
                member=member,
                choice="revise" if revised(item.number) and k < 4 else "approve",
                kpi_rating=corrected(item.case_id) if revised(item.number) and k < 4 else "",
                recorded_at=at,
                recorded_by=secretary,
            )
            for item in items[len(sampled) :]
            for k, member in enumerate(voting)
        ],
        batch_size=5000,
    )

    def decide_all() -> None:
        for item in items:
            case_decide(
                meeting_id=meeting.pk,
                case_id=item.case_id,
                actor=secretary,
                recommendation="Кәсіби біліктілікті арттыру" if revised(item.number) else "",
                on=MEETING,
            )

    measure(figures, "case_decide, per case", decide_all, per=len(items))
    measure(
        figures,
        "meeting_close (protocol fixed)",
        lambda: meeting_close(
            meeting_id=meeting.pk, actor=secretary, conclusion="Бекітуге ұсынылады", on=MEETING
        ),
    )
    document = measure(
        figures,
        "meeting_document(meeting_full(id))",
        lambda: meeting_document(meeting_full(meeting.pk), rules),
    )
    measure(
        figures,
        "meeting_approve (acquaintances, notices)",
        lambda: meeting_approve(
            meeting_id=meeting.pk, actor=people["authorized"].user, on=APPROVED
        ),
    )
    basis = measure(figures, "hr_decision_basis", lambda: hr_decision_basis(cycle))
    retention = measure(
        figures, "retention_list (the body)", lambda: retention_list(organisation=org)
    )
    facts = {
        "ready": len(ready),
        "items": len(document["items"]),
        "revised": sum(1 for i in document["items"] if i["decision"]["outcome"] == "revise"),
        "final": sum(1 for row in basis if row["final"]),
        "completed_on": retention[0].completed_on or f"- ({retention[0].why_open})",
    }
    return figures, facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--cases", type=int, nargs="+", default=[50, 500], help="sizes N (default 50 500)"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=20,
        help="first run this size, not reported, so that no size pays for the first calls"
        " (0: none)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("BAGALAU_DATA_DIR", tempfile.mkdtemp(prefix="bagalau-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagalau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)

    from bagalau.core.console import table
    from bagalau.methodology.services import methodology_load_shipped

    methodology_load_shipped()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; sizes: {args.cases}", file=sys.stderr)
    stamp = time.strftime("%H%M%S")
    results = []
    # The bench's people have no e-mail addresses; no mail goes out whatever the settings.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        if args.warmup:
            print(f"  warm-up (not reported): N={args.warmup}", file=sys.stderr)
            run(args.warmup, stamp)
        for n in args.cases:
            results.append((n, *run(n, stamp)))
    labels = list(results[0][1])
    header = ["step"]
    for n, _figures, _facts in results:
        header += [f"N={n} s", "queries"]
    body = []
    for label in labels:
        row = [label]
        for _n, figures, _facts in results:
            seconds, queries, per, failed = figures[label]
            if failed:
                row += ["failed", str(queries)]
            elif per:
                row += [f"{seconds / per * 1000:.1f} ms", f"{queries / per:.1f}"]
            else:
                row += [f"{seconds:.3f}", str(queries)]
        body.append(row)
    print(f"database: {engine}")
    for n, _figures, facts in results:
        print(
            f"N={n}: {facts['ready']} ready, {facts['items']} on the agenda, "
            f"{facts['revised']} revised, {facts['final']} final ratings in hr_decision_basis, "
            f"completed on {facts['completed_on']}"
        )
    print(table(body, header))
    failures = {
        label: figures[label][3]
        for _n, figures, _facts in results
        for label in labels
        if figures[label][3]
    }
    for label, error in failures.items():
        print(f"failed: {label}: {error}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
