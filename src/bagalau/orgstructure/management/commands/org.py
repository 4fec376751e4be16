"""`bagalau org list|show|create`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from bagalau.core.console import dumps, parse_iso_date, table
from bagalau.orgstructure import selectors
from bagalau.orgstructure.models import Organisation, OrganisationKind, Servant
from bagalau.orgstructure.services import organisation_create


def _person(servant: Servant | None) -> dict | None:
    if servant is None:
        return None
    return {"iin": servant.iin, "name": servant.full_name}


class Command(BaseCommand):
    help = "State bodies: list them, show one with its derived officials, create one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="every state body with its size")
        listing.add_argument("--json", action="store_true", help="print one JSON document")
        show = sub.add_parser("show", help="a body's first head, authorized person, HR")
        show.add_argument("code")
        show.add_argument("--date", help="YYYY-MM-DD (default today)")
        show.add_argument("--json", action="store_true")
        create = sub.add_parser("create", help="register a state body")
        create.add_argument("code")
        create.add_argument("--name-kk", required=True)
        create.add_argument("--name-ru", required=True)
        create.add_argument("--kind", choices=OrganisationKind.values, default="other")

    def handle(self, *args, **opts):
        return getattr(self, f"handle_{opts['action']}")(**opts)

    def handle_list(self, *, json: bool, **_):
        orgs = selectors.organisation_list().annotate(
            position_count=Count("positions", distinct=True)
        )
        documents = [
            {
                "id": o.pk,
                "code": o.code,
                "name_kk": o.name_kk,
                "name_ru": o.name_ru,
                "kind": o.kind,
                "positions": o.position_count,
            }
            for o in orgs
        ]
        if json:
            self.stdout.write(dumps(documents))
            return
        self.stdout.write(
            table(
                [(d["code"], d["kind"], d["positions"], d["name_ru"]) for d in documents],
                ("code", "kind", "positions", "name"),
            )
        )

    def handle_show(self, *, code: str, date: str | None, json: bool, **_):
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"no state body with the code {code!r}")
        on = parse_iso_date(date) if date else timezone.localdate()
        doc = {
            "code": org.code,
            "name_kk": org.name_kk,
            "name_ru": org.name_ru,
            "kind": org.kind,
            "date": on.isoformat(),
            "first_head": _person(selectors.first_head(org, on)),
            "authorized_person": _person(selectors.authorized_person(org, on)),
            "hr_officers": [_person(s) for s in selectors.hr_officers(org, on)],
            "servants": selectors.servant_list(org).count(),
        }
        if json:
            self.stdout.write(dumps(doc))
            return
        for key, value in doc.items():
            if isinstance(value, dict):
                value = f"{value['name']} ({value['iin']})"
            elif isinstance(value, list):
                value = "; ".join(f"{v['name']} ({v['iin']})" for v in value) or "none"
            self.stdout.write(f"{key:18} {value if value is not None else 'vacant'}")

    def handle_create(self, *, code: str, name_kk: str, name_ru: str, kind: str, **_):
        try:
            org = organisation_create(
                actor=None,
                channel="console",
                code=code,
                name_kk=name_kk,
                name_ru=name_ru,
                kind=kind,
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            ) from None
        self.stdout.write(f"created state body {org.code}")
