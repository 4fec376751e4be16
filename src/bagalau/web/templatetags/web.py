"""Template filters of the web pages: codes to words in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from bagalau.competency.models import RESULTS as COMPETENCY_RESULTS
from bagalau.core.messages import role_name, state_name
from bagalau.kpi.models import RATINGS
from bagalau.web import labels

register = template.Library()


@register.filter
def state_label(state: str, workflow: str) -> str:
    """`{{ plan.state|state_label:"work_plan" }}`: a document's state in words."""
    return state_name(workflow, state)


@register.filter
def role_label(role: str) -> str:
    return role_name(role)


@register.filter
def document_label(code: str) -> str:
    return labels.document_label(code)


@register.filter
def action_label(code: str) -> str:
    return labels.action_label(code)


@register.filter
def escalation_label(code: str) -> str:
    return str(labels.ESCALATION_LABELS.get(code, code))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ errors|get_item:"kpis.1.name" }}`: a dict's entry by a computed key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def localized(obj: Any, field: str) -> str:
    """`{{ position|localized:"title" }}`: `title_kk` or `title_ru` by the page's language,
    falling back to the other when empty."""
    if obj is None:
        return ""
    first, second = ("ru", "kk") if (get_language() or "").startswith("ru") else ("kk", "ru")
    if isinstance(obj, dict):
        return obj.get(f"{field}_{first}") or obj.get(f"{field}_{second}") or ""
    return getattr(obj, f"{field}_{first}", "") or getattr(obj, f"{field}_{second}", "") or ""


@register.filter
def rating_label(code: str) -> str:
    """A KPI rating (§23) in words: excellent, effective, satisfactory, unsatisfactory."""
    return str(dict(RATINGS).get(code, code or "—"))


@register.filter
def competency_result_label(code: str) -> str:
    """A competency's result (§27) in words."""
    return str(dict(COMPETENCY_RESULTS).get(code, code or "—"))
