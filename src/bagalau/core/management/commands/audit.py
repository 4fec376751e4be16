"""`bagalau audit [--org CODE] [--object TYPE:ID] [--limit N] [--json]`."""

from __future__ import annotations

import json as json_module

from django.core.management.base import BaseCommand, CommandError

from bagalau.core.console import dumps, table
from bagalau.core.models import AuditEvent
from bagalau.orgstructure.models import Organisation


class Command(BaseCommand):
    help = "List audit records, newest first: who, when, what, before and after."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this state body's records")
        parser.add_argument("--object", help="only one object, as TYPE:ID (e.g. servant:12)")
        parser.add_argument("--action", help="only this action, e.g. servant.update")
        parser.add_argument("--limit", type=int, default=50, help="at most N records (50)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, org, object, action, limit, json, **opts):
        events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
        if org:
            body = Organisation.objects.filter(code=org).first()
            if body is None:
                raise CommandError(f"no state body with the code {org!r}")
            events = events.filter(organisation_id=body.pk)
        if object:
            kind, _, pk = object.partition(":")
            if not pk:
                raise CommandError(f"--object {object!r}: write TYPE:ID, e.g. servant:12")
            events = events.filter(object_id=pk)
            if "." in kind:  # "orgstructure.servant"
                events = events.filter(object_type=kind)
            else:  # "servant"
                events = events.filter(object_type__endswith=f".{kind}")
        if action:
            events = events.filter(action=action)
        docs = [
            {
                "at": e.at,
                "actor": e.actor.get_username() if e.actor else None,
                "channel": e.channel,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object": e.object_repr,
                "before": e.before,
                "after": e.after,
            }
            for e in events[: max(limit, 0)]
        ]
        if json:
            self.stdout.write(dumps(docs))
            return
        self.stdout.write(
            table(
                [
                    (
                        f"{d['at']:%Y-%m-%d %H:%M:%S}",
                        d["actor"] or d["channel"],
                        d["action"],
                        d["object"][:50],
                        json_module.dumps(d["after"], ensure_ascii=False)[:60]
                        if d["after"]
                        else "",
                    )
                    for d in docs
                ],
                ("when", "who", "action", "object", "after"),
            )
        )
