"""`bagalau meeting list|show`: a body's commission meetings, and one meeting as its minutes
read: the composition, attendance and quorum (§30, §34), the votes by name (§32), each
decision with any revision beside the original results (§33, §37, §38), the conclusion
and the approval (§39)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from bagalau.commission.models import (
    MEETING_STATES,
    AgendaReason,
    CommissionMeeting,
    CommissionOrder,
    DecisionOutcome,
    DecisionState,
    SeatRole,
    VoteChoice,
)
from bagalau.commission.rules import is_quorate, quorum_needed
from bagalau.commission.selectors import meeting_document, meeting_full, meeting_list
from bagalau.core.console import dumps, table
from bagalau.kpi.models import RATINGS
from bagalau.methodology.rules import MethodologyRules
from bagalau.methodology.selectors import version_parameters_bulk, version_rules
from bagalau.orgstructure.models import Organisation

STATE_LABELS = dict(MEETING_STATES)
RATING_LABELS = dict(RATINGS)


def organisation_by_code(code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise CommandError(_("no state body with the code %(code)r") % {"code": code})
    return organisation


def _in_force(orders: list[CommissionOrder], meeting: CommissionMeeting):
    """The meeting's composition: fixed when it opened, else the body's order in force on its
    date (`selectors.order_in_force`, over orders already read)."""
    if meeting.order_id is not None:
        return next((o for o in orders if o.pk == meeting.order_id), None)
    candidates = [o for o in orders if o.effective_from <= meeting.date]
    return max(candidates, key=lambda o: (o.effective_from, o.pk), default=None)


def meeting_rows(organisation: Organisation) -> list[dict[str, Any]]:
    """The body's meetings with their agenda size, decisions and quorum. Four queries, however
    many meetings: meetings with their counts, the body's orders with their voting seats,
    the methodology versions' parameters."""
    meetings = list(
        meeting_list(organisation)
        .select_related("cycle__methodology_version")
        .annotate(
            agenda=Count("items", distinct=True),
            decided=Count("items__decision", distinct=True),
            present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        )
    )
    if not meetings:
        return []
    orders = list(
        CommissionOrder.objects.filter(organisation=organisation).annotate(
            voting=Count("seats", filter=~Q(seats__role=SeatRole.SECRETARY))
        )
    )
    versions = {m.cycle.methodology_version_id: m.cycle.methodology_version for m in meetings}
    rules = {
        pk: MethodologyRules.from_parameters(params)
        for pk, params in version_parameters_bulk(list(versions.values())).items()
    }
    rows = []
    for meeting in meetings:
        order = _in_force(orders, meeting)
        members = order.voting if order is not None else 0
        share = rules[meeting.cycle.methodology_version_id].commission_quorum
        recorded = meeting.opened_at is not None
        rows.append(
            {
                "id": meeting.pk,
                "organisation": meeting.cycle.organisation.code,
                "cycle": meeting.cycle_id,
                "period": meeting.cycle.label,
                "date": meeting.date,
                "place": meeting.place,
                "state": meeting.state,
                "agenda": meeting.agenda,
                "decided": meeting.decided,
                "order": None if order is None else {"id": order.pk, "number": order.number},
                "quorum": {
                    "present": meeting.present if recorded else None,
                    "members": members,
                    "needed": quorum_needed(members, share) if members else None,
                    "quorate": is_quorate(meeting.present, members, share) if recorded else None,
                },
                "protocol_number": meeting.protocol_number,
                "approved_on": meeting.approved_on,
            }
        )
    return rows


def _quorum_cell(quorum: dict[str, Any]) -> str:
    if quorum["present"] is None:
        return f"-/{quorum['members']}"
    mark = _("quorate") if quorum["quorate"] else _("not quorate")
    return f"{quorum['present']}/{quorum['members']} {mark}"


def _rating(code: str | None) -> str:
    return str(RATING_LABELS.get(code, code)) if code else "-"


def _result_word(result: str) -> str:
    return _("meets") if result == "meets" else _("does not meet")


def _corrected(results: dict[str, str]) -> str:
    """Competency results as a revision sets them: "integrity meets"."""
    return ", ".join(f"{code} {_result_word(result)}" for code, result in sorted(results.items()))


def _sheet_competencies(results: dict[str, str]) -> str:
    """Competency results as on the sheet: how many met, and those not met (§27)."""
    not_met = sorted(code for code, result in results.items() if result != "meets")
    if not not_met:
        return _("competencies: all %(count)d met") % {"count": len(results)}
    return _("competencies: %(met)d of %(count)d met; not met: %(codes)s") % {
        "met": len(results) - len(not_met),
        "count": len(results),
        "codes": ", ".join(not_met),
    }


def _results(results: dict[str, Any], *, on_sheet: bool) -> str:
    parts = []
    if results.get("kpi_rating") or on_sheet:
        kpi = _("KPI %(rating)s") % {"rating": _rating(results.get("kpi_rating"))}
        if on_sheet and results.get("kpi_achieved") is not None:
            kpi += " " + _("(%(count)d of 5 achieved)") % {"count": results["kpi_achieved"]}
        parts.append(kpi)
    competencies = results.get("competencies") or {}
    if competencies:
        parts.append(
            _sheet_competencies(competencies)
            if on_sheet
            else _("competencies: %(results)s") % {"results": _corrected(competencies)}
        )
    return "; ".join(parts)


def _vote(vote: dict[str, Any]) -> tuple[str, str, str]:
    choice = str(VoteChoice(vote["choice"]).label)
    corrections = []
    if vote["kpi_rating"]:
        corrections.append(_("KPI %(rating)s") % {"rating": _rating(vote["kpi_rating"])})
    if vote["competencies"]:
        corrections.append(_corrected(vote["competencies"]))
    if corrections:
        choice += ": " + "; ".join(corrections)
    return vote["member"]["name"], choice, vote["comment"]


def render_meeting(doc: dict[str, Any]) -> str:
    """A meeting as the operator reads it, from `selectors.meeting_document`."""
    lines = [
        _("Commission meeting %(id)s of %(body)s, evaluation of %(period)s (cycle %(cycle)s)")
        % {
            "id": doc["id"],
            "body": doc["organisation"],
            "period": doc["period"],
            "cycle": doc["cycle"],
        },
        _("Date: %(date)s")
        % {"date": f"{doc['date']}, {doc['place']}" if doc["place"] else doc["date"]},
        _("State: %(state)s") % {"state": STATE_LABELS.get(doc["state"], doc["state"])},
        _("Proposed on %(proposed)s; agreed by the chair on %(agreed)s; notified on %(notified)s")
        % {
            "proposed": doc["proposed_on"],
            "agreed": doc["agreed_on"] or "-",
            "notified": doc["notified_on"] or "-",
        },
        "",
    ]
    order = doc["order"]
    if order is None:
        lines.append(_("Composition: no commission order in force on the meeting's date (§5)"))
    else:
        lines.append(
            _("Composition by order № %(number)s of %(date)s:")
            % {"number": order["number"], "date": order["signed_on"]}
        )
        rows = []
        for seat in doc["composition"]:
            if not seat["votes"]:
                presence = _("not counted (§34)")
            elif seat["present"] is None:
                presence = "-"
            else:
                presence = _("present") if seat["present"] else _("absent")
            rows.append((SeatRole(seat["role"]).label, seat["name"], presence))
        lines.append(table(rows, [_("role"), _("name"), _("attendance")]))
    quorum = doc["quorum"]
    if quorum["members"] and quorum["recorded"]:
        lines.append(
            _(
                "Quorum: %(present)d of %(members)d members present, %(needed)d needed"
                " (%(share)s, §30): %(verdict)s"
            )
            % {
                **quorum,
                "verdict": _("quorate") if quorum["quorate"] else _("not quorate"),
            }
        )
    elif quorum["members"]:
        lines.append(
            _(
                "Quorum: attendance not recorded yet; %(members)d members, %(needed)d needed"
                " (%(share)s, §30)"
            )
            % quorum
        )
    lines.append("")
    if not doc["items"]:
        lines.append(_("The agenda is empty."))
    for item in doc["items"]:
        lines.append(
            _("%(number)d. %(name)s, %(position)s — %(reason)s")
            % {
                "number": item["number"],
                "name": item["servant"]["name"],
                "position": item["position"],
                "reason": AgendaReason(item["reason"]).label,
            }
        )
        if item["votes"]:
            lines.append("   " + _("Votes (open, by name, §32):"))
            votes = table([_vote(v) for v in item["votes"]], [_("member"), _("vote"), _("comment")])
            lines += ["     " + line for line in votes.splitlines()]
        else:
            lines.append("   " + _("No votes recorded."))
        decision = item["decision"]
        if decision is None:
            lines.append("   " + _("Decision: not taken"))
            lines.append("")
            continue
        verdict = _("Decision: %(outcome)s, %(for)d of %(cast)d votes") % {
            "outcome": DecisionOutcome(decision["outcome"]).label,
            "for": decision["votes_for"],
            "cast": decision["votes_cast"],
        }
        if decision["chair_casting"]:
            verdict += ", " + _("the chair's casting vote decided the tie (§33)")
        lines.append("   " + verdict)
        lines.append(
            "   "
            + _("Decided on %(date)s; %(state)s")
            % {"date": decision["decided_on"], "state": DecisionState(decision["state"]).label}
        )
        lines.append(
            "   "
            + _("Results on the sheets: %(results)s")
            % {"results": _results(decision["original"], on_sheet=True)}
        )
        if decision["revised"] is not None:
            lines.append(
                "   "
                + _("As corrected by the commission (§38): %(results)s")
                % {"results": _results(decision["revised"], on_sheet=False)}
            )
        if decision["recommendation"]:
            lines.append(
                "   " + _("Recommendation: %(text)s") % {"text": decision["recommendation"]}
            )
        lines.append("")
    if doc["protocol_number"]:
        lines.append(_("Protocol № %(number)s") % {"number": doc["protocol_number"]})
    if doc["conclusion"]:
        lines.append(_("Conclusion: %(text)s") % {"text": doc["conclusion"]})
    if doc["approved_on"]:
        lines.append(
            _("Approved on %(date)s by %(name)s (§39)")
            % {"date": doc["approved_on"], "name": doc["approved_by"] or "-"}
        )
    else:
        lines.append(_("Not approved by the authorized person."))
    return "\n".join(lines).rstrip()


class Command(BaseCommand):
    help = (
        "Commission meetings (§29–§39): list a body's meetings, or show one with its "
        "composition, attendance and quorum, the votes by name and each decision."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="a body's meetings with agenda, decisions, quorum")
        listing.add_argument("--org", required=True, help="the state body's code")
        listing.add_argument("--json", action="store_true", help="print one JSON document")
        show = sub.add_parser("show", help="one meeting: composition, votes, decisions")
        show.add_argument("id", type=int, help="the meeting's id (see meeting list)")
        show.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **opts):
        return getattr(self, "handle_" + opts["action"])(**opts)

    def handle_list(self, *, org: str, json: bool, **opts):
        rows = meeting_rows(organisation_by_code(org))
        if json:
            self.stdout.write(dumps(rows))
            return
        if not rows:
            self.stdout.write(_("%(body)s has no commission meetings.") % {"body": org})
            return
        self.stdout.write(
            table(
                [
                    (
                        r["id"],
                        r["date"],
                        r["period"],
                        r["state"],
                        r["agenda"],
                        r["decided"],
                        _quorum_cell(r["quorum"]),
                        r["protocol_number"],
                        r["approved_on"],
                    )
                    for r in rows
                ],
                [
                    "id",
                    _("date"),
                    _("period"),
                    _("state"),
                    _("agenda"),
                    _("decided"),
                    _("quorum"),
                    _("protocol"),
                    _("approved on"),
                ],
            )
        )

    def handle_show(self, *, id: int, json: bool, **opts):
        try:
            meeting = meeting_full(id)
        except CommissionMeeting.DoesNotExist:
            raise CommandError(_("no commission meeting %(id)s") % {"id": id}) from None
        doc = meeting_document(meeting, version_rules(meeting.cycle.methodology_version))
        self.stdout.write(dumps(doc) if json else render_meeting(doc))
