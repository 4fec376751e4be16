"""Words for the codes the services return (inbox documents and actions, roles), in the
request's language. States have theirs in core.messages (`state_name`)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

DOCUMENT_LABELS = {
    "work_plan": gettext_lazy("Work plan"),
    "quarterly_review": gettext_lazy("Quarterly monitoring"),
    "kpi_sheet": gettext_lazy("KPI sheet"),
    "competency_sheet": gettext_lazy("Competency sheet"),
    "commission_meeting": gettext_lazy("Commission meeting"),
    "acquaintance": gettext_lazy("Acquaintance with the result"),
    "appeal": gettext_lazy("Appeal"),
}

ACTION_LABELS = {
    "draft": pgettext_lazy("inbox action", "draw up and submit"),
    "resubmit": pgettext_lazy("inbox action", "rework and submit again"),
    "approve": pgettext_lazy("inbox action", "approve"),
    "fill": pgettext_lazy("inbox action", "fill in and sign"),
    "resign": pgettext_lazy("inbox action", "correct and sign again"),
    "agree": pgettext_lazy("inbox action", "agree"),
    "to_commission": pgettext_lazy("inbox action", "put before the commission"),
    "acknowledge": pgettext_lazy("inbox action", "acknowledge"),
    "assess": pgettext_lazy("inbox action", "assess and sign"),
    "schedule": pgettext_lazy("inbox action", "schedule a meeting"),
    "open": pgettext_lazy("inbox action", "open the meeting"),
    "close": pgettext_lazy("inbox action", "close the meeting"),
    "acquaint": pgettext_lazy("inbox action", "acquaint the servant"),
    "answer": pgettext_lazy("inbox action", "answer the appeal"),
    "record_answer": pgettext_lazy("inbox action", "record the agency's answer"),
}

ESCALATION_LABELS = {
    "vacant": gettext_lazy("the responsible position is vacant"),
    "no_login": gettext_lazy("the servant has no login"),
}

_QUARTER = re.compile(r"^record_q(\d)_(\d{4})$")


def document_label(code: str) -> str:
    return str(DOCUMENT_LABELS.get(code, code))


def action_label(code: str) -> str:
    match = _QUARTER.match(code)
    if match:
        return _("record quarter %(quarter)s of %(year)s") % {
            "quarter": match.group(1),
            "year": match.group(2),
        }
    return str(ACTION_LABELS.get(code, code))
