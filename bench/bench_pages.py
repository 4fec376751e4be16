"""Benchmark: server time of the web pages on the demo data plus a body of 300 servants.

    .venv/bin/python bench/bench_pages.py [--servants 300] [--repeat 7]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_pages.py

The database is a fresh SQLite in a temporary directory (or DATABASE_URL). It holds the demo
(`demo_setup`: the demo body, its 2025 cycle through the commission and its 2026 cycle in
progress) and a body of N servants built by bench_commission's `run`: the staff import, the
2025 cycle, every case's two sheets before the commission, the commission's order, a meeting
with N cases voted, decided, closed and approved (acquaintances open).

Each page is requested through Django's test client as the person who uses it (force_login),
once to warm up, then `--repeat` times; the median time is the server time (URL resolution,
middleware, view, queries, template), with the number of SQL statements and the page's table
rows. It measures and prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commission import QueryCount
from bench_commission import run as build_commission


def timed(client, url: str, repeat: int) -> tuple[float, int, int, int]:
    """Median seconds, queries, status and table rows of GET url."""
    from django.db import connection

    response = client.get(url)  # warm-up
    times, queries = [], []
    for _ in range(repeat):
        counter = QueryCount()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries.append(counter.count)
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    rows = body.count("<tr") - body.count("<thead")
    return statistics.median(times), max(queries), response.status_code, max(rows, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servants", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("BAGALAU_DATA_DIR", tempfile.mkdtemp(prefix="bagalau-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagalau.settings")
    os.environ["HTTPS"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import NoReverseMatch, reverse

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    setup_test_environment()

    from bagalau.commission.models import CommissionMeeting
    from bagalau.core.console import table
    from bagalau.demo.services import demo_setup
    from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
    from bagalau.methodology.services import methodology_load_shipped

    methodology_load_shipped()
    start = time.perf_counter()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        demo_setup()
        stamp = time.strftime("%H%M%S")
        build_commission(args.servants, stamp)
    print(f"setup: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    code = f"bench-com-{stamp}-{args.servants}"
    User = get_user_model()
    hr = User.objects.get(username=f"{code}-hr")
    chair = User.objects.get(username=f"{code}-chair")  # heads the 100-position subdivision
    authorized = User.objects.get(username=f"{code}-authorized")
    cycle = EvaluationCycle.objects.get(organisation__code=code)
    meeting = CommissionMeeting.objects.filter(cycle=cycle).latest("pk")
    case = EvaluationCase.objects.filter(cycle=cycle, eligibility="included").first()
    servant = User.objects.get(username="servant")  # the demo's

    pages = [
        ("HR", hr, "web:home", []),
        ("HR", hr, "web:hr_cycles", []),
        ("HR", hr, "web:hr_cycle", [cycle.pk]),
        ("HR", hr, "web:hr_decisions", [cycle.pk]),
        ("HR", hr, "web:hr_development_needs", [], f"?cycle={cycle.pk}"),
        ("HR", hr, "web:meetings", []),
        ("HR", hr, "web:meeting", [meeting.pk]),
        ("HR", hr, "web:meeting_case", [meeting.pk, case.pk]),
        ("HR", hr, "web:meeting_protocol", [meeting.pk]),
        ("HR", hr, "web:orders", []),
        ("HR", hr, "web:case", [case.pk]),
        ("HR", hr, "web:case_audit", [case.pk]),
        ("HR", hr, "web:outcome", [case.pk]),
        ("chair (100 subordinates)", chair, "web:team", [], f"?cycle={cycle.pk}"),
        ("chair (100 subordinates)", chair, "web:approvals", []),
        ("authorized person", authorized, "web:home", []),
        ("authorized person", authorized, "web:meetings", []),
        ("servant (demo)", servant, "web:my_cases", []),
        ("servant (demo)", servant, "web:home", []),
        ("anyone", servant, "web:calendar", []),
    ]
    rows = []
    for who, user, name, url_args, *query in pages:
        try:
            url = reverse(name, args=url_args) + (query[0] if query else "")
        except NoReverseMatch:
            rows.append((who, name, "missing", "", "", ""))
            continue
        client = Client()
        client.force_login(user)
        seconds, queries, status, count = timed(client, url, args.repeat)
        rows.append((who, name, f"{seconds * 1000:.0f} ms", str(queries), str(status), str(count)))
        print(f"  {who} {url}: {seconds * 1000:.0f} ms, {queries} queries", file=sys.stderr)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}; body of {args.servants} servants; median of {args.repeat}")
    print(table(rows, ("who", "page", "server time", "queries", "status", "table rows")))


if __name__ == "__main__":
    main()
