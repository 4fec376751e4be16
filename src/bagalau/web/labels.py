"""Words for the codes the services return (inbox documents and actions, roles), in the
request's language. States have theirs in core.messages (`state_name`)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    "draft": gettext_lazy("draw up and submit"),
    "resubmit": gettext_lazy("rework and submit again"),
    "approve": gettext_lazy("approve"),
    "fill": gettext_lazy("fill in and sign"),
    "resign": gettext_lazy("correct and sign again"),
    "agree": gettext_lazy("agree"),
    "to_commission": gettext_lazy("put before the commission"),
    "acknowledge": gettext_lazy("acknowledge"),
    "assess": gettext_lazy("assess and sign"),
    "schedule": gettext_lazy("schedule a meeting"),
    "open": gettext_lazy("open the meeting"),
    "close": gettext_lazy("close the meeting"),
    "acquaint": gettext_lazy("acquaint the servant"),
    "answer": gettext_lazy("answer the appeal"),
    "record_answer": gettext_lazy("record the agency's answer"),
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
