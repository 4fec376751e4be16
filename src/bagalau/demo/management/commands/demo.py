"""`bagalau demo [--no-serve]`: a working Bagalau on this machine in one command."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bagalau.core.console import table
from bagalau.demo.cycles import cycle_summary
from bagalau.demo.services import demo_setup
from bagalau.evaluation.models import EvaluationCycle


class Command(BaseCommand):
    help = (
        "Create and migrate the database, load the five methodologies and the demo body "
        "(code 'demo', about 40 servants), create one login per role, print them, and serve "
        "on http://127.0.0.1:8000 unless --no-serve. Running it again keeps existing data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="set up, then exit")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve")

    def handle(self, *args, no_serve: bool, addrport: str, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        org, logins = demo_setup()
        self.stdout.write(f"Demo state body: {org.code} — {org.name_kk} / {org.name_ru}")
        self.stdout.write(
            table(
                [(u.username, u.password or "(unchanged)", u.role, u.servant) for u in logins],
                ("login", "password", "role", "servant"),
            )
        )
        for cycle in EvaluationCycle.objects.filter(organisation=org).order_by("period_start"):
            summary = cycle_summary(cycle)
            plans = ", ".join(f"{n} {state}" for state, n in sorted(summary["plans"].items()))
            sheets = ", ".join(f"{n} {state}" for state, n in sorted(summary["sheets"].items()))
            self.stdout.write(
                f"Cycle {cycle.label} (bagalau cycle show {cycle.pk}): plans {plans or 'none'};"
                f" KPI sheets {sheets or 'none'}"
            )
        self.stdout.write("What waits for whom: bagalau remind --no-mail")
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{addrport}/ (admin: /admin/, API: /api/v1/docs)")
        call_command("serve", addrport)
