"""The `bagalau` console command: Django's management commands without manage.py.

`bagalau import-staff FILE --org CODE` runs the management command `import_staff`; every
Django command (migrate, createsuperuser, shell, ...) passes through unchanged.
"""

import os
import sys

# The operator's commands, in the order `bagalau --help` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("demo", "Create the demo database and body, print the demo logins and serve it"),
    ("serve", "Serve Bagalau on http://127.0.0.1:8000 (or ADDRESS:PORT)"),
    ("import-staff", "Load subdivisions, positions, servants, appointments from XLSX or CSV"),
    ("export-staff", "Write a body's staff in the import columns, as CSV or XLSX"),
    ("org", "List state bodies (org list) or show one with its derived officials"),
    ("methodology", "List methodology versions, show one in force, load the shipped acts"),
    ("calendar", "Working days: add N days to a date, count, show a month, load days"),
    ("cycle", "Open a body's evaluation cycle, list cycles, show each case's eligibility"),
    ("remind", "List due and overdue KPI-track actions and e-mail each person their own"),
    ("development-needs", "A cycle's competency development needs for HR: table, JSON or XLSX"),
    ("commission", "Show a body's evaluation commission and its orders; record an order"),
    ("meeting", "List a body's commission meetings; show one with its votes and decisions"),
    ("hr-decisions", "The KPI basis of HR decisions (§7) for a body and year: table, JSON, XLSX"),
    ("purge", "Delete evaluation papers past their retention (§8); a dry run by default"),
    ("documents", "Export a cycle's forms (Annexes 1–5, refusal acts) as DOCX and PDF"),
    ("token", "Create or revoke an API token for a user"),
    ("audit", "List audit records (who changed what, from which state to which)"),
    ("migrate", "Create or upgrade the database tables"),
    ("createsuperuser", "Create an administrator account"),
]

HELP = """usage: bagalau COMMAND [ARGS...]

Bagalau - the yearly performance evaluation of "B" corps civil servants.

Commands:
{commands}

Listing commands take --json and then print one JSON document on stdout.
Every other Django management command passes through too (bagalau help lists them all);
`bagalau COMMAND --help` explains one command.

Configuration comes from the environment: DATABASE_URL, SECRET_KEY, DEBUG,
ALLOWED_HOSTS, EMAIL_*, BAGALAU_DATA_DIR (default ./var/), BAGALAU_LANGUAGE (kk or ru
for messages in Kazakh or Russian; default English).
"""


def usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS)
    return HELP.format(commands=lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        sys.stdout.write(usage())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagalau.settings")
    import django
    from django.conf import settings
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    # The console speaks English unless the operator asks for Kazakh or Russian; the web
    # and the API follow each request's language (kk by default).
    translation.activate(os.environ.get("BAGALAU_LANGUAGE") or "en")
    try:
        execute_from_command_line(["bagalau", args[0].replace("-", "_"), *args[1:]])
    except BrokenPipeError:  # `bagalau export-staff ... | head` is not an error
        sys.stderr.close()


if __name__ == "__main__":
    main()
