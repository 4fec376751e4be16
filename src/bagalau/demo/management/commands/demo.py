"""`bagalau demo [--no-serve]`: a working Bagalau on this machine in one command."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bagalau.core.console import table
from bagalau.demo.cycles import commission_summary, cycle_summary
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
            self.write_commission(commission_summary(cycle))
        self.stdout.write("What waits for whom: bagalau remind --no-mail")
        if no_serve:
            return
        self.stdout.write(
            f"Serving on http://{addrport}/ — sign in with a login above"
            " (admin: /admin/, API: /api/v1/docs)"
        )
        # The demo is served over plain HTTP on this machine: its cookies cannot require
        # HTTPS, and nothing redirects to HTTPS. A real deployment keeps HTTPS on.
        settings.SESSION_COOKIE_SECURE = False
        settings.CSRF_COOKIE_SECURE = False
        settings.LANGUAGE_COOKIE_SECURE = False
        settings.SECURE_SSL_REDIRECT = False
        settings.SECURE_HSTS_SECONDS = 0
        call_command("serve", addrport)

    def write_commission(self, summary: dict) -> None:
        """The cycle's commission meetings, decisions, acquaintance and appeals."""
        if not summary["meetings"]:
            self.stdout.write("  commission: no meeting yet")
            return
        for m in summary["meetings"]:
            decided = sum(m["decisions"].values())
            outcomes = ", ".join(
                f"{m['decisions'][key]} {word}"
                for key, word in (("approve", "approved"), ("revise", "revised"))
                if m["decisions"].get(key)
            )
            details = [f"{decided} decision{'s' if decided != 1 else ''} ({outcomes or 'none'})"]
            if m["chair_casting"]:
                details.append(f"{m['chair_casting']} by the chair's casting vote")
            if m["recusals"]:
                details.append(f"{m['recusals']} recusal{'s' if m['recusals'] != 1 else ''}")
            approved = f" on {m['approved_on']}" if m["approved_on"] else ""
            protocol = f", protocol № {m['protocol_number']}" if m["protocol_number"] else ""
            self.stdout.write(
                f"  commission meeting {m['date']} (bagalau meeting show {m['id']}):"
                f" {m['state']}{approved}{protocol}; " + ", ".join(details)
            )
        states = summary["acquaintances"]
        acquainted = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
        appeals = ", ".join(f"{n} {state}" for state, n in sorted(summary["appeals"].items()))
        acts = summary["refusal_acts"]
        self.stdout.write(
            f"  results: acquaintance {acquainted or 'none'}"
            f" ({acts} act{'s' if acts != 1 else ''} of refusal); appeals {appeals or 'none'}"
        )
