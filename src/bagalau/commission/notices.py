"""The system's own notices (хабарлама): kept as proof of delivery and e-mailed where the
person has an address (§29 schedule, §40–§41 results)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail

from bagalau.commission.models import Notice
from bagalau.evaluation.acting import moment
from bagalau.orgstructure.models import Organisation, Servant

log = logging.getLogger(__name__)


def notify(
    servant: Servant,
    *,
    organisation: Organisation,
    kind: str,
    subject: str,
    body: str,
    on: dt.date,
    meeting=None,
    case=None,
) -> Notice:
    """Record a notice to `servant` and e-mail it when their login has an address. The mail
    goes after the transaction commits, so a refused action sends nothing."""
    from django.db import transaction

    email = getattr(getattr(servant, "user", None), "email", "") or ""
    notice = Notice.objects.create(
        organisation=organisation,
        recipient=servant,
        kind=kind,
        subject=subject[:300],
        body=body,
        meeting=meeting,
        case=case,
        sent_at=moment(on),
        emailed_to=email,
    )
    if email:

        def send() -> None:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
            except OSError:  # the notice stands in the system; the mail server is down
                log.warning("could not e-mail notice %s to %s", notice.pk, email)

        transaction.on_commit(send)
    return notice
