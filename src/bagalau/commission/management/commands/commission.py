"""`bagalau commission show|order`: a body's evaluation commission — the composition in force
on a date and the history of the orders forming and amending it (§5, §31) — and recording a
signed order from the console."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bagalau.commission.management.commands.meeting import organisation_by_code
from bagalau.commission.models import CommissionOrder, CommissionSeat, SeatRole
from bagalau.commission.services import commission_order_issue
from bagalau.core.console import dumps, parse_iso_date, table
from bagalau.orgstructure.models import Organisation, Servant


def _operator() -> Any:
    """The console acts as the operator: the first superuser, if any (recorded in the audit)."""
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def order_document(order: CommissionOrder) -> dict[str, Any]:
    return {
        "id": order.pk,
        "number": order.number,
        "signed_on": order.signed_on,
        "effective_from": order.effective_from,
        "amends": None
        if order.amends is None
        else {"id": order.amends.pk, "number": order.amends.number},
        "composition": [
            {
                "id": seat.servant.pk,
                "iin": seat.servant.iin,
                "name": seat.servant.full_name,
                "short_name": seat.servant.short_name,
                "role": seat.role,
                "votes": seat.role != SeatRole.SECRETARY,
            }
            for seat in order.seats.all()
        ],
        "recorded_at": order.recorded_at,
    }


def commission_document(organisation: Organisation, on: dt.date) -> dict[str, Any]:
    """The composition in force on `on` and every order of the body, oldest first. Three
    queries."""
    orders = list(
        CommissionOrder.objects.filter(organisation=organisation)
        .select_related("amends")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=CommissionSeat.objects.select_related("servant").order_by("number"),
            )
        )
        .order_by("effective_from", "pk")
    )
    # as `selectors.order_in_force`: the latest to take effect on or before the date
    in_force = max(
        (o for o in orders if o.effective_from <= on),
        key=lambda o: (o.effective_from, o.pk),
        default=None,
    )
    return {
        "organisation": organisation.code,
        "on": on,
        "in_force": None if in_force is None else order_document(in_force),
        "orders": [order_document(o) for o in orders],
    }


def _composition_line(order: dict[str, Any]) -> str:
    people = order["composition"]
    chair = [p["short_name"] for p in people if p["role"] == SeatRole.CHAIR]
    members = [p["short_name"] for p in people if p["role"] == SeatRole.MEMBER]
    secretary = [p["short_name"] for p in people if p["role"] == SeatRole.SECRETARY]
    return _("chair %(chair)s; members %(members)s; secretary %(secretary)s") % {
        "chair": ", ".join(chair) or "-",
        "members": ", ".join(members) or "-",
        "secretary": ", ".join(secretary) or "-",
    }


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return [m for messages in exc.message_dict.values() for m in messages]
        return exc.messages
    return [str(exc)]


class Command(BaseCommand):
    help = (
        "The evaluation commission (§5, §31): show a body's composition in force and the "
        "history of its orders, or record a signed order forming or amending it."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = sub.add_parser("show", help="the composition in force and the orders")
        show.add_argument("--org", required=True, help="the state body's code")
        show.add_argument("--on", help="YYYY-MM-DD (default today)")
        show.add_argument("--json", action="store_true", help="print one JSON document")
        order = sub.add_parser(
            "order", help="record the authorized person's order forming or amending it"
        )
        order.add_argument("--org", required=True, help="the state body's code")
        order.add_argument("--number", required=True, help="the order's number")
        order.add_argument("--date", required=True, help="the order's date, YYYY-MM-DD")
        order.add_argument(
            "--effective-from", help="the composition is in force from, YYYY-MM-DD (the date)"
        )
        order.add_argument("--chair", required=True, metavar="IIN", help="the chair")
        order.add_argument(
            "--member",
            required=True,
            action="append",
            metavar="IIN",
            help="a voting member (repeat for each)",
        )
        order.add_argument(
            "--secretary", required=True, metavar="IIN", help="the secretary, of HR (§34)"
        )
        order.add_argument(
            "--amends", type=int, metavar="ORDER_ID", help="the order this one amends (§31)"
        )
        order.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="record it as this user (default: the first administrator)",
        )

    def handle(self, *args, **opts):
        return getattr(self, "handle_" + opts["action"])(**opts)

    def handle_show(self, *, org: str, on: str | None, json: bool, **opts):
        organisation = organisation_by_code(org)
        day = parse_iso_date(on) if on else timezone.localdate()
        doc = commission_document(organisation, day)
        if json:
            self.stdout.write(dumps(doc))
            return
        current = doc["in_force"]
        if current is None:
            self.stdout.write(
                _("%(body)s has no commission in force on %(date)s (§5).")
                % {"body": org, "date": day}
            )
        else:
            self.stdout.write(
                _(
                    "Commission of %(body)s on %(date)s: order № %(number)s of %(signed)s,"
                    " in force from %(from)s"
                )
                % {
                    "body": org,
                    "date": day,
                    "number": current["number"],
                    "signed": current["signed_on"],
                    "from": current["effective_from"],
                }
            )
            self.stdout.write(
                table(
                    [
                        (
                            SeatRole(p["role"]).label,
                            p["name"],
                            p["iin"],
                            _("yes") if p["votes"] else _("no (§34)"),
                        )
                        for p in current["composition"]
                    ],
                    [_("role"), _("name"), _("IIN"), _("votes")],
                )
            )
        if not doc["orders"]:
            self.stdout.write(
                _(
                    "No orders recorded. Record the order forming it: bagalau commission order"
                    " --org CODE --number N --date YYYY-MM-DD --chair IIN --member IIN ..."
                    " --secretary IIN"
                )
            )
            return
        self.stdout.write("")
        self.stdout.write(_("Orders:"))
        self.stdout.write(
            table(
                [
                    (
                        o["id"],
                        o["number"],
                        o["signed_on"],
                        o["effective_from"],
                        f"№ {o['amends']['number']} (id {o['amends']['id']})"
                        if o["amends"]
                        else "",
                        _composition_line(o),
                    )
                    for o in doc["orders"]
                ],
                [
                    "id",
                    _("number"),
                    _("signed on"),
                    _("in force from"),
                    _("amends"),
                    _("composition"),
                ],
            )
        )

    def _actor(self, username: str | None) -> Any:
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("no user with the login %(login)r") % {"login": username})
            return user
        actor = _operator()
        if actor is None:
            raise CommandError(
                _(
                    "no administrator account to record the order as: create one with"
                    " `bagalau createsuperuser`, or name the body's HR officer or authorized"
                    " person with --as USERNAME"
                )
            )
        return actor

    def handle_order(
        self,
        *,
        org: str,
        number: str,
        date: str,
        effective_from: str | None,
        chair: str,
        member: list[str],
        secretary: str,
        amends: int | None,
        as_user: str | None,
        **opts,
    ):
        organisation = organisation_by_code(org)
        signed_on = parse_iso_date(date, "--date")
        starts = parse_iso_date(effective_from, "--effective-from") if effective_from else None
        iins = [chair.strip(), *(m.strip() for m in member), secretary.strip()]
        servants = {s.iin: s for s in Servant.objects.filter(iin__in=iins)}
        unknown = [iin for iin in dict.fromkeys(iins) if iin not in servants]
        if unknown:
            raise CommandError(
                _("no servant with the IIN %(iins)s; nothing was recorded")
                % {"iins": ", ".join(unknown)}
            )
        actor = self._actor(as_user)
        try:
            order = commission_order_issue(
                organisation=organisation,
                number=number,
                signed_on=signed_on,
                effective_from=starts,
                chair=servants[chair.strip()].pk,
                members=[servants[m.strip()].pk for m in member],
                secretary=servants[secretary.strip()].pk,
                amends=amends,
                actor=actor,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(
                _("the order was refused, nothing was recorded: %(problems)s")
                % {"problems": "; ".join(_messages(exc))}
            ) from None
        order = (
            CommissionOrder.objects.select_related("amends")
            .prefetch_related(
                Prefetch("seats", queryset=CommissionSeat.objects.select_related("servant"))
            )
            .get(pk=order.pk)
        )
        doc = order_document(order)
        self.stdout.write(
            _(
                "recorded order № %(number)s of %(signed)s (id %(id)s): the commission of"
                " %(body)s from %(from)s — %(composition)s"
            )
            % {
                "number": doc["number"],
                "signed": doc["signed_on"],
                "id": doc["id"],
                "body": org,
                "from": doc["effective_from"],
                "composition": _composition_line(doc),
            }
        )
