"""The system's own notices (хабарлама): kept as proof of delivery and e-mailed where the
person has an address (§29 schedule, §40–§41 results)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from bagalau.commission.models import Notice
from bagalau.evaluation.acting import moment
from bagalau.orgstructure.models import Organisation, Servant

log = logging.getLogger(__name__)


LANGUAGES = ("kk", "ru")


def _each_language(render) -> list[str]:
    """`render(lang)` with each language active, Kazakh first."""
    parts = []
    for lang in LANGUAGES:
        with translation.override(lang):
            parts.append(str(render(lang)))
    return parts


def bilingual(render) -> str:
    """A notice's text in Kazakh, then Russian (the recipient reads either; the system does
    not know which)."""
    parts = _each_language(render)
    return "\n\n".join(parts) if len(set(parts)) > 1 else parts[0]


def bilingual_subject(render) -> str:
    return " / ".join(dict.fromkeys(_each_language(render)))


def notice(
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
    """An unsaved notice to `servant` (its e-mail address taken from their login)."""
    return Notice(
        organisation=organisation,
        recipient=servant,
        kind=kind,
        subject=subject[:300],
        body=body,
        meeting=meeting,
        case=case,
        sent_at=moment(on),
        emailed_to=getattr(getattr(servant, "user", None), "email", "") or "",
    )


def send(notices: Iterable[Notice]) -> list[Notice]:
    """Record the notices in one query and e-mail those with an address. The mail goes
    after the transaction commits, so a refused action sends nothing."""
    saved = Notice.objects.bulk_create(list(notices))
    mailed = [n for n in saved if n.emailed_to]

    def deliver() -> None:
        for n in mailed:
            try:
                send_mail(n.subject, n.body, settings.DEFAULT_FROM_EMAIL, [n.emailed_to])
            except OSError:  # the notice stands in the system; the mail server is down
                log.warning("could not e-mail a %s notice to %s", n.kind, n.emailed_to)

    if mailed:
        transaction.on_commit(deliver)
    return saved


def notify(servant: Servant, **fields) -> Notice:
    """Record and e-mail one notice (see `notice` for the fields)."""
    return send([notice(servant, **fields)])[0]
