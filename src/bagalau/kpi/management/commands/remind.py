"""`bagalau remind`: what each person must do on the KPI track, by which deadline; e-mailed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand

from bagalau.core.console import dumps, parse_iso_date, table
from bagalau.kpi.inbox import PendingAction, reminders
from bagalau.orgstructure.models import Organisation

ACTIONS = {
    "draft": "draw up the work plan (§9)",
    "resubmit": "resubmit the returned work plan (§12)",
    "approve": "approve or return the work plan (§10–§12)",
    "fill": "fill in the KPI sheet (§17)",
    "resign": "sign the returned KPI sheet again (§23)",
    "agree": "agree or return the KPI sheet (§21–§22)",
    "to_commission": "put the KPI sheet before the commission (§24)",
    "acknowledge": "read and sign the KPI sheet",
}


COMPETENCY_ACTIONS = {
    "assess": "assess the competencies on the competency sheet (§25–§27)",
    "to_commission": "put the competency sheet before the commission (§28)",
    "acknowledge": "read and sign the competency sheet",
}


COMMISSION_ACTIONS = {
    "schedule": "put the case on a commission meeting's agenda (§29)",
    "agree": "agree the commission meeting's date as its chair (§29)",
    "open": "open the commission meeting and record the attendance (§30)",
    "close": "close the commission meeting and fix its protocol (§36)",
    "approve": "approve the commission's protocol and results (§39)",
    "acknowledge": "acknowledge the approved evaluation results in writing (§41)",
    "acquaint": "acquaint the servant with the approved results (§40–§41)",
    "answer": "answer the servant's appeal (§43)",
    "record_answer": "record the agency's answer to the servant's appeal (§42)",
}


# What the servant signs as seen, besides the sheets.
SEEN = {
    "work_plan": "read and sign the approved work plan (Annex 1)",
    "quarterly_review": "read the quarter's written recommendations (§16)",
}


def describe(action: PendingAction) -> str:
    if action.document in ("commission_meeting", "acquaintance", "appeal"):
        return COMMISSION_ACTIONS.get(action.action, action.action)
    if action.action == "acknowledge" and action.document in SEEN:
        return SEEN[action.document]
    if action.document == "competency_sheet":
        return COMPETENCY_ACTIONS.get(action.action, action.action)
    if action.action.startswith("record_q"):
        _record, quarter, year = action.action.split("_")
        return f"record {year} {quarter.upper()} monitoring and recommendations (§16)"
    return ACTIONS.get(action.action, action.action)


class Command(BaseCommand):
    help = (
        "List each person's due and overdue KPI-track actions and e-mail each their own "
        "(Django's mail settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this state body")
        parser.add_argument("--date", help="as of this day, YYYY-MM-DD (default: today)")
        parser.add_argument("--overdue", action="store_true", help="only overdue actions")
        parser.add_argument("--no-mail", action="store_true", help="list without e-mailing")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, org, date, overdue, no_mail, json, **opts):
        on = parse_iso_date(date) if date else dt.date.today()
        bodies = Organisation.objects.all()
        if org:
            bodies = bodies.filter(code=org)
        grouped = reminders(bodies.values_list("pk", flat=True), on)
        if overdue:
            grouped = [(p, [a for a in acts if a.overdue]) for p, acts in grouped]
            grouped = [(p, acts) for p, acts in grouped if acts]
        mails = []
        for person, actions in grouped:
            if person.email:
                lines = [
                    f"- {a.servant}: {describe(a)}"
                    + (f" — due {a.due:%d.%m.%Y}" if a.due else "")
                    + (" (OVERDUE)" if a.overdue else "")
                    for a in actions
                ]
                mails.append(
                    (
                        f"Bagalau: {len(actions)} actions waiting for you",
                        f"{person.name},\n\nwaiting for you on {on:%d.%m.%Y}:\n" + "\n".join(lines),
                        settings.DEFAULT_FROM_EMAIL,
                        [person.email],
                    )
                )
        sent = 0 if no_mail or not mails else send_mass_mail(mails, fail_silently=False)
        if json:
            self.stdout.write(
                dumps(
                    [
                        {
                            "person": p.name,
                            "email": p.email or None,
                            "actions": [{**a.as_dict(), "what": describe(a)} for a in acts],
                        }
                        for p, acts in grouped
                    ]
                )
            )
            return
        rows = [
            (p.name, a.servant, describe(a), a.due or "-", "overdue" if a.overdue else "")
            for p, acts in grouped
            for a in acts
        ]
        if rows:
            self.stdout.write(table(rows, ["person", "servant", "action", "due", ""]))
        self.stdout.write(
            f"{sum(len(a) for _p, a in grouped)} actions for {len(grouped)} people on {on};"
            f" {sent} e-mails sent"
            + ("" if no_mail else f" ({len(grouped) - len(mails)} people have no e-mail)")
        )
