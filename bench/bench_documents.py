"""Benchmark: the methodology's forms rendered as PDF and DOCX.

    .venv/bin/python bench/bench_documents.py                     # SQLite in a temp dir
    .venv/bin/python bench/bench_documents.py --servants 300 --repeat 3
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_documents.py

The target: a protocol (Annex 5) of a commission of 9 with 300 servants on the agenda renders
in under 5 s as PDF and as DOCX on this machine.

The body is bench_commission's (`build_body`: N servants through the staff import, the 2025
cycle opened; `write_sheets`: both sheets of every evaluated case before the commission,
written in bulk). Two more members are given users, and the order issued through
`commission_order_issue`: the personnel service's head chairs, eight members, an HR
specialist is the secretary. The meeting is proposed with every case on its agenda,
agreed and opened with all nine present; the votes are written with bulk_create (every tenth
case revised by 5 of 9), every case decided with `case_decide`, the meeting closed and
approved. One case's plan is given five KPIs and its sheet their results, so that its
Annex 2 has rows.

Then, for each language, timed: `protocol_form(meeting, lang)` (its SQL statements counted)
and `render(form, "pdf")` and `render(form, "docx")`; the PDF's pages counted with pypdf.
One Annex 2 (`kpi_sheet_form`) and one Annex 3 (`competency_sheet_form`) are timed the same
way for scale. A warm-up render of a small form runs first (fonts loaded, modules
imported) and is reported on its own line. With --repeat R each figure is the best of R.
It measures and prints; it asserts no timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commission import MEETING, PROPOSED, QueryCount, build_body, write_sheets

D = dt.date
APPROVED = D(2026, 2, 4)
MEMBERS = 8  # and the chair: a commission of nine
TARGET = 5.0  # seconds, for the protocol in each format


def timed(work: Callable[[], Any], repeat: int) -> tuple[Any, float, int]:
    """`work`'s result, its best time of `repeat` runs, and the SQL statements of one run."""
    from django.db import connection

    best, result, queries = float("inf"), None, 0
    for _ in range(repeat):
        counter = QueryCount()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            result = work()
            best = min(best, time.perf_counter() - start)
        queries = counter.count
    return result, best, queries


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def docx_rows(data: bytes) -> int:
    """The table rows of a DOCX (it has no pages until a word processor lays it out)."""
    from docx import Document

    return sum(len(table.rows) for table in Document(io.BytesIO(data)).tables)


def seat_members(org, people: dict[str, Any]) -> None:
    """Users for members 7 and 8: the next specialists of the personnel service."""
    from django.contrib.auth import get_user_model

    from bagalau.orgstructure.models import Position
    from bagalau.orgstructure.selectors import position_holder

    User = get_user_model()
    for k in range(7, MEMBERS + 1):
        position = Position.objects.get(organisation=org, code=f"S0000-{3 + k}")
        servant = position_holder(position, MEETING)
        servant.user = User.objects.create_user(f"{org.code}-member{k}")
        servant.save(update_fields=["user"])
        people[f"member{k}"] = servant


def give_kpis(cycle) -> Any:
    """The first case's plan with five KPIs and its sheet with their results: an Annex 2
    with rows. Returns the sheet."""
    from decimal import Decimal

    from bagalau.kpi.models import Kpi, KpiResult, KpiSheet

    sheet = KpiSheet.objects.filter(case__cycle=cycle).select_related("plan").order_by("pk").first()
    kpis = Kpi.objects.bulk_create(
        [
            Kpi(
                plan=sheet.plan,
                number=n,
                name=f"Өтініштерді қарау мерзімін қысқарту {n}",
                source="strategic_plan",
                source_reference=f"Стратегиялық жоспар, {n}-мақсат",
                unit="%",
                planned_value=Decimal(90 + n),
                achievement="at_least",
                deadline=cycle.period_end,
                key_result="Қызмет алушылардың қанағаттануы артады",
            )
            for n in range(1, 6)
        ]
    )
    KpiResult.objects.bulk_create(
        [
            KpiResult(
                sheet=sheet,
                kpi=kpi,
                actual_value=Decimal(95 if kpi.number <= sheet.achieved_count else 10),
                evidence=f"есеп №{kpi.number}",
                proposed=kpi.number <= sheet.achieved_count,
                achieved=kpi.number <= sheet.achieved_count,
            )
            for kpi in kpis
        ]
    )
    return sheet


def approved_meeting(org, cycle, people: dict[str, Any]):
    """The order, and a meeting with every ready case decided, closed and approved."""
    from django.utils import timezone

    from bagalau.commission.models import Vote
    from bagalau.commission.services import (
        case_decide,
        commission_order_issue,
        meeting_agree,
        meeting_approve,
        meeting_close,
        meeting_open,
        meeting_propose,
    )
    from bagalau.kpi.models import KpiSheet

    hr, secretary = people["hr"].user, people["secretary"].user
    members = [people[f"member{k}"] for k in range(1, MEMBERS + 1)]
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
    meeting = meeting_propose(cycle_id=cycle.pk, date=MEETING, actor=hr, on=PROPOSED)
    meeting_agree(meeting_id=meeting.pk, actor=people["chair"].user, on=PROPOSED)
    meeting_open(meeting_id=meeting.pk, present=[s.pk for s in voting], actor=secretary, on=MEETING)
    items = list(meeting.items.select_related("case").order_by("number"))
    ratings = dict(KpiSheet.objects.filter(case__cycle=cycle).values_list("case_id", "rating"))

    def revised(number: int) -> bool:
        return number % 10 == 1

    def corrected(case_id: int) -> str:
        return "excellent" if ratings[case_id] != "excellent" else "effective"

    at = timezone.make_aware(dt.datetime.combine(MEETING, dt.time(12)))
    Vote.objects.bulk_create(
        [
            Vote(
                item=item,
                member=member,
                choice="revise" if revised(item.number) and k < 5 else "approve",
                kpi_rating=corrected(item.case_id) if revised(item.number) and k < 5 else "",
                recorded_at=at,
                recorded_by=secretary,
            )
            for item in items
            for k, member in enumerate(voting)
        ],
        batch_size=5000,
    )
    for item in items:
        case_decide(
            meeting_id=meeting.pk,
            case_id=item.case_id,
            actor=secretary,
            recommendation="Кәсіби біліктілікті арттыру" if revised(item.number) else "",
            on=MEETING,
        )
    meeting_close(
        meeting_id=meeting.pk,
        actor=secretary,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="1",
        on=MEETING,
    )
    meeting = meeting_approve(meeting_id=meeting.pk, actor=people["authorized"].user, on=APPROVED)
    return meeting, len(items), len(voting)


def run(servants: int, repeat: int) -> None:
    from bagalau.competency.models import CompetencySheet
    from bagalau.core.console import table
    from bagalau.documents.forms_commission import protocol_form
    from bagalau.documents.forms_tracks import competency_sheet_form, kpi_sheet_form
    from bagalau.documents.render import render

    stamp = time.strftime("%H%M%S")
    start = time.perf_counter()
    org, cycle, people = build_body(servants, stamp)
    cases = write_sheets(cycle)
    seat_members(org, people)
    kpi_sheet = give_kpis(cycle)
    meeting, agenda, commission = approved_meeting(org, cycle, people)
    competency_sheet = CompetencySheet.objects.get(case_id=kpi_sheet.case_id)
    print(
        f"setup: {servants} servants, {cases} cases evaluated, {agenda} on the agenda, "
        f"a commission of {commission}, decided and approved: "
        f"{time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )

    # warm-up: renderers imported, the static fonts instantiated into the (new) data
    # directory's cache and loaded (reported apart)
    warm = competency_sheet_form(competency_sheet, "kk")
    _, warm_pdf, _ = timed(lambda: render(warm, "pdf"), 1)
    _, warm_docx, _ = timed(lambda: render(warm, "docx"), 1)

    documents = [
        (f"Annex 5 protocol ({agenda} servants)", protocol_form, meeting),
        ("Annex 2 KPI sheet (5 KPIs)", kpi_sheet_form, kpi_sheet),
        ("Annex 3 competency sheet", competency_sheet_form, competency_sheet),
    ]
    header = ["document", "lang", "build s", "queries", "PDF s", "pages", "DOCX s", "DOCX rows"]
    rows, protocol_times = [], []
    for label, builder, obj in documents:
        for lang in ("kk", "ru"):
            form, build_s, queries = timed(lambda b=builder, o=obj, la=lang: b(o, la), repeat)
            pdf, pdf_s, _ = timed(lambda f=form: render(f, "pdf"), repeat)
            docx, docx_s, _ = timed(lambda f=form: render(f, "docx"), repeat)
            rows.append(
                [
                    label,
                    lang,
                    f"{build_s:.3f}",
                    str(queries),
                    f"{pdf_s:.3f}",
                    str(pdf_pages(pdf)),
                    f"{docx_s:.3f}",
                    str(docx_rows(docx)),
                ]
            )
            if builder is protocol_form:
                protocol_times += [build_s + pdf_s, build_s + docx_s]
            print(f"  {label} {lang}: done", file=sys.stderr)
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; best of {repeat}")
    print(
        f"warm-up, a small form's first render (the PDF's includes making the static fonts in "
        f"a new data directory's cache): PDF {warm_pdf:.3f} s, DOCX {warm_docx:.3f} s"
    )
    print(table(rows, header))
    worst = max(protocol_times)
    verdict = "under" if worst < TARGET else "OVER"
    print(
        f"protocol, build + render, slowest of kk/ru × PDF/DOCX: {worst:.3f} s "
        f"({verdict} the {TARGET:.0f} s target)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--servants",
        type=int,
        default=300,
        help="servants in the body, each evaluated and on the agenda (default 300)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="best of R runs (default 1)")
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

    from bagalau.methodology.services import methodology_load_shipped

    methodology_load_shipped()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        run(args.servants, args.repeat)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
