"""`bagalau token create USER | list [--json] | revoke PREFIX`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bagalau.core.console import dumps, table
from bagalau.core.models import ApiToken
from bagalau.core.tokens import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "API tokens: create one for a user (printed once), list them, revoke one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="a new token for USER, printed once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = sub.add_parser("list", help="tokens with their user and state")
        listing.add_argument("--json", action="store_true", help="print one JSON document")
        revoke = sub.add_parser("revoke", help="revoke the token whose key starts with PREFIX")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **opts):
        if action == "create":
            user = get_user_model().objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(f"no user with the login {opts['username']!r}")
            _token, key = api_token_create(user=user, name=opts["name"])
            self.stdout.write(key)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("created_at")
            docs = [
                {
                    "prefix": t.prefix,
                    "user": t.user.get_username(),
                    "name": t.name,
                    "created_at": t.created_at,
                    "last_used_at": t.last_used_at,
                    "revoked_at": t.revoked_at,
                }
                for t in tokens
            ]
            if opts["json"]:
                self.stdout.write(dumps(docs))
            else:
                self.stdout.write(
                    table(
                        [
                            (
                                d["prefix"],
                                d["user"],
                                d["name"],
                                f"{d['created_at']:%Y-%m-%d}",
                                "revoked" if d["revoked_at"] else "active",
                            )
                            for d in docs
                        ],
                        ("prefix", "user", "name", "created", "state"),
                    )
                )
        else:
            prefix = opts["prefix"][:8]
            token = ApiToken.objects.filter(prefix=prefix).first()
            if token is None:
                raise CommandError(f"no token starts with {prefix!r}")
            api_token_revoke(token=token)
            self.stdout.write(f"revoked {prefix}…")
