"""`bagalau demo [--no-serve]`: a working Bagalau on this machine in one command."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bagalau.core.console import table
from bagalau.demo.services import demo_setup


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
        if no_serve:
            return
        self.stdout.write(f"Serving on http://{addrport}/ (admin: /admin/, API: /api/v1/docs)")
        call_command("serve", addrport)
