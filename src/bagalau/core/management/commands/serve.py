"""`bagalau serve [ADDRESS:PORT]`: Django's server with static files, without reloading.

Fine for the demo and a small body's intranet; a larger deployment runs the WSGI
application (bagalau.wsgi) under a production server such as gunicorn.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Bagalau on http://127.0.0.1:8000 (or ADDRESS:PORT)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **opts):
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
