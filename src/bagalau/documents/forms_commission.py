"""The commission's forms as neutral layouts (`layout.Form`), in Kazakh or Russian: the
protocol of the evaluation commission's meeting (бағалау жөніндегі комиссия отырысының
хаттамасы, Annex 5) and the act of refusal to be acquainted with the results (танысудан бас
тарту туралы акт, §41; 002 §40).

The document's language is chosen per document, so every word comes from
`data/forms_commission.yaml` through `form_wording`, never from gettext: ratings and
competency results are printed in words of that language. The builders load what they read
themselves, in a fixed number of queries whatever the size of the agenda.

Besides the layout's fields, `extra` carries the renderers' hints (`documents/render.py`):
`landscape` (the protocol's wide table), `form_mark` ("Нысан" / "Форма" under the annex
line), `signature_columns` (1: one signature a line) and `labels` (the words before a
signature's date and signature blanks: "Күні:" and none, as the hint says "қолы").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count

from bagalau.commission.models import CommissionMeeting, RefusalAct, SeatRole
from bagalau.commission.outcomes import DEFAULT_PARAGRAPHS
from bagalau.commission.selectors import meeting_full, protocol_document
from bagalau.commission.workflow import MeetingState
from bagalau.competency.models import CompetencyAssessment
from bagalau.competency.rules import CompetencyResult
from bagalau.documents.layout import Approval, Form, Signature, Table
from bagalau.documents.wording import form_wording
from bagalau.kpi.models import KpiResult
from bagalau.methodology.selectors import version_rules

LANGUAGES = ("kk", "ru")
# №, full name, information on results, as corrected, recommendations (Annex 5, landscape)
PROTOCOL_WIDTHS = (0.6, 3.2, 4.6, 3.6, 3.4)
SEAT_ORDER = {SeatRole.CHAIR: 0, SeatRole.MEMBER: 1, SeatRole.SECRETARY: 2}
# The refusal act's HR signatory where a version does not say (001 §41)
DEFAULT_SIGNATORIES = "hr_service"


# --- shared helpers ----------------------------------------------------------------------------


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"a form is in one of {', '.join(LANGUAGES)}, not {lang!r}")


def _day(value: Any) -> dt.date | None:
    """A date from the live document (a date) or the fixed protocol (an ISO string)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-") or "x"


def _period(label: str, wording: Mapping[str, Any]) -> str:
    """The cycle's label ("2025") as the form writes a year ("2025 жыл"); a period that is
    not a calendar year is printed as its dates."""
    return wording["period_year"].format(year=label) if label.isdigit() else label


def _in(lang: str, kk: str, ru: str) -> str:
    """A name stored in both languages, in `lang` (the Kazakh one where Russian is missing)."""
    return (ru or kk) if lang == "ru" else (kk or ru)


def _word(words: Mapping[str, str], code: str) -> str:
    return words.get(code, code)


def _competency_names(case_ids: Iterable[int], lang: str) -> dict[int, dict[str, str]]:
    """Per case, the competencies of its sheet in the sheet's order: code → name in `lang`.
    One query. (The results' own dicts do not keep the order once stored as JSON.)"""
    names: dict[int, dict[str, str]] = {}
    rows = (
        CompetencyAssessment.objects.filter(sheet__case_id__in=list(case_ids))
        .order_by("sheet__case_id", "number")
        .values_list(
            "sheet__case_id", "competency__code", "competency__name_kk", "competency__name_ru"
        )
    )
    for case_id, code, name_kk, name_ru in rows:
        names.setdefault(case_id, {})[code] = _in(lang, name_kk, name_ru)
    return names


def _kpi_totals(case_ids: Iterable[int]) -> dict[int, int]:
    """Per case, how many KPIs its KPI sheet judged (the "of 5" in "4 of 5"). One query."""
    return dict(
        KpiResult.objects.filter(sheet__case_id__in=list(case_ids))
        .order_by()
        .values("sheet__case_id")
        .annotate(total=Count("pk"))
        .values_list("sheet__case_id", "total")
    )


def _in_sheet_order(results: Mapping[str, str], names: Mapping[str, str]) -> list[tuple[str, str]]:
    order = {code: n for n, code in enumerate(names)}
    return sorted(results.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _not_met(results: Mapping[str, str], names: Mapping[str, str]) -> list[str]:
    return [
        names.get(code, code)
        for code, result in _in_sheet_order(results, names)
        if result == CompetencyResult.DOES_NOT_MEET
    ]


def _meets(results: Mapping[str, str]) -> int:
    return sum(1 for result in results.values() if result == CompetencyResult.MEETS)


# --- Annex 5: the protocol ---------------------------------------------------------------------


def _information(
    results: Mapping[str, Any] | None,
    total: int | None,
    names: Mapping[str, str],
    wording: Mapping[str, Any],
) -> str:
    """The "information on results" cell: the sheets' results as put before the commission —
    the KPI rating in words with how many KPIs were achieved, and how many competencies meet
    expectations, naming those that do not."""
    if results is None:
        return wording["undecided"]
    lines = []
    rating = results.get("kpi_rating")
    if rating:
        word = _word(wording["ratings"], rating)
        achieved = results.get("kpi_achieved")
        if achieved is not None and total:
            lines.append(wording["kpi"].format(rating=word, achieved=achieved, total=total))
        else:
            lines.append(wording["kpi_without_count"].format(rating=word))
    competencies = results.get("competencies") or {}
    if competencies:
        line = wording["competencies"].format(total=len(competencies), meets=_meets(competencies))
        not_met = _not_met(competencies, names)
        if not_met:
            line += wording["competencies_not_met"].format(
                count=len(not_met), names=", ".join(not_met)
            )
        lines.append(line)
    return "\n".join(lines)


def _corrected(
    corrected: Mapping[str, Any] | None, names: Mapping[str, str], wording: Mapping[str, Any]
) -> str:
    """The "result as corrected by the commission" cell (§38): only what the commission
    revised — the rating it set and each competency whose result it changed."""
    if not corrected:
        return ""
    lines = []
    if corrected.get("kpi_rating"):
        rating = _word(wording["ratings"], corrected["kpi_rating"])
        lines.append(wording["corrected_kpi"].format(rating=rating))
    competencies = corrected.get("competencies") or {}
    if competencies:
        items = "; ".join(
            wording["corrected_competency"].format(
                name=names.get(code, code), result=_word(wording["results_words"], result)
            )
            for code, result in _in_sheet_order(competencies, names)
        )
        lines.append(wording["corrected_competencies"].format(items=items))
    return "\n".join(lines)


def _protocol_rows(
    rows: list[Mapping[str, Any]], lang: str, wording: Mapping[str, Any]
) -> tuple[tuple[str, ...], ...]:
    case_ids = [row["case"] for row in rows]
    names = _competency_names(case_ids, lang)
    totals = _kpi_totals(case_ids)
    built = []
    for row in sorted(rows, key=lambda r: r["number"]):
        decided = row.get("decided", row.get("results") is not None)
        case_names = names.get(row["case"], {})
        built.append(
            (
                wording["row_number"].format(number=row["number"]),
                row["servant"],
                _information(
                    row["results"] if decided else None,
                    totals.get(row["case"]),
                    case_names,
                    wording,
                ),
                _corrected(row["corrected"], case_names, wording) if decided else "",
                (row.get("recommendation") or "") if decided else "",
            )
        )
    return tuple(built)


def _protocol_signatures(
    document: Mapping[str, Any], closed: bool, wording: Mapping[str, Any]
) -> tuple[Signature, ...]:
    """The "Тексерілді:" block: the chair, each member, the secretary (Annex 5), dated the
    meeting's day once the protocol is fixed. Reading: a member recorded absent did not sit
    and does not sign; before attendance is recorded the whole composition is listed."""
    day = _day(document.get("date")) if closed else None
    roles = {
        SeatRole.CHAIR: wording["chair"],
        SeatRole.MEMBER: wording["member"],
        SeatRole.SECRETARY: wording["secretary"],
    }
    seats = sorted(
        (s for s in document.get("signatories", []) if s.get("present") is not False),
        key=lambda s: SEAT_ORDER.get(s["role"], len(SEAT_ORDER)),
    )
    return tuple(
        Signature(
            role=roles.get(seat["role"], wording["member"]),
            name=seat.get("name") or "",
            date=day.isoformat() if day else "",
            hint=wording["signature_hint"],
        )
        for seat in seats
    )


def protocol_form(meeting: CommissionMeeting, lang: str) -> Form:
    """The protocol of the commission's meeting (Annex 5), landscape: the "APPROVED" block of
    the authorized person (§39) with name and date once approved, else blank and the whole
    marked as a draft; the body and the period; per agenda case its results, the result as
    corrected by the commission (§38) and its recommendations; the conclusion; "Checked:"
    with the chair, the members and the secretary. A closed meeting's protocol is the one
    fixed when it closed; an open one is read live (`protocol_document`). Neither grows with
    the agenda: a fixed protocol takes four queries under an adopted act (one more per
    further act in the version chain), a live one about a dozen."""
    _check_language(lang)
    meeting = CommissionMeeting.objects.select_related(
        "cycle__organisation", "cycle__methodology_version"
    ).get(pk=meeting.pk)
    if meeting.protocol is None:
        meeting = meeting_full(meeting.pk)
    version = meeting.cycle.methodology_version
    wording = form_wording(version, "annex5", lang)
    document = protocol_document(meeting, version_rules(version))

    approved_on = _day(document.get("approved_on"))
    approved = meeting.state == MeetingState.APPROVED and approved_on is not None
    approval = Approval(
        heading=wording["approval_heading"],
        signature=Signature(
            role=wording["approval_role"],
            name=(document.get("approved_by") or "") if approved else "",
            date=approved_on.isoformat() if approved and approved_on else "",
            signed=approved,
            hint=wording["approval_hint"],
        ),
    )
    title = wording["title"]
    if document.get("number"):
        title = f"{title} {wording['number'].format(number=document['number'])}"
    body = document["body"]
    closed = meeting.state in (MeetingState.CLOSED, MeetingState.APPROVED)
    day = _day(document.get("date")) or meeting.date
    return Form(
        lang=lang,
        annex=wording["annex"],
        title=title,
        approval=approval,
        fields=(
            (wording["body_label"], _in(lang, body.get("name_kk", ""), body.get("name_ru", ""))),
            (wording["period_label"], _period(str(document["period"]), wording)),
        ),
        tables=(
            Table(
                columns=tuple(wording["columns"]),
                rows=_protocol_rows(document["rows"], lang, wording),
                widths=PROTOCOL_WIDTHS,
                caption=wording["caption"],
            ),
        ),
        results=((wording["conclusion"], document.get("conclusion") or ""),),
        signatures_heading=wording["checked"],
        signatures=_protocol_signatures(document, closed, wording),
        draft=not approved,
        draft_mark=wording["draft_mark"],
        page_numbers=True,
        filename=f"annex5-{_ascii(body['code'])}-{day.isoformat()}-{lang}",
        extra={
            "landscape": True,
            "form_mark": wording["form_mark"],
            "signature_columns": 1,  # one signature a line, as 004 prints "Тексерілді:"
            "labels": dict(wording["labels"]),
        },
    )


# --- the act of refusal ------------------------------------------------------------------------


def _final_results(decision: Any, names: Mapping[str, str], wording: Mapping[str, Any]) -> str:
    """The approved results in words: the KPI rating and the competencies (§38: as corrected
    by the commission where it revised them)."""
    parts = []
    if decision.kpi_rating_final:
        rating = _word(wording["ratings"], decision.kpi_rating_final)
        parts.append(wording["kpi"].format(rating=rating))
    competencies = decision.competency_final
    if competencies:
        not_met = _not_met(competencies, names)
        part = wording["competencies"].format(meets=_meets(competencies))
        if not_met:
            part += wording["competencies_not_met"].format(
                count=len(not_met), names=", ".join(not_met)
            )
        parts.append(part)
    return "; ".join(parts) or "—"


def refusal_act_form(act: RefusalAct, lang: str) -> Form:
    """The act of refusal to be acquainted with the results (free form, §41; 002 §40): who
    refused (full name and position), the results they refused to see (period, protocol,
    approval), when, what happened, how the results were then sent and by when, and the
    paragraph of the version it is drawn up under; signed by the HR officer (002: the HR
    specialist, by the version's `refusal_act_signatories`) and two other servants."""
    _check_language(lang)
    act = RefusalAct.objects.select_related(
        "acquaintance__decision__item__meeting",
        "acquaintance__case__servant",
        "acquaintance__case__position",
        "acquaintance__case__cycle__organisation",
        "acquaintance__case__cycle__methodology_version",
        "hr_officer",
        "witness_one",
        "witness_two",
    ).get(pk=act.pk)
    case = act.acquaintance.case
    decision = act.acquaintance.decision
    meeting = decision.item.meeting
    version = case.cycle.methodology_version
    wording = form_wording(version, "refusal_act", lang)
    rules = version_rules(version)
    signatories = wording["signatories"]
    hr = signatories.get(
        rules.extra.get("refusal_act_signatories") or DEFAULT_SIGNATORIES,
        signatories[DEFAULT_SIGNATORIES],
    )
    paragraph = rules.extra.get("paragraphs", {}).get("refusal", DEFAULT_PARAGRAPHS["refusal"])
    names = _competency_names([case.pk], lang).get(case.pk, {})

    def day(value: dt.date) -> str:
        return value.strftime(wording["date_format"])

    if meeting.protocol_number:
        protocol = wording["protocol"].format(
            date=day(meeting.date), number=meeting.protocol_number
        )
    else:
        protocol = wording["protocol_without_number"].format(date=day(meeting.date))
    results = _final_results(decision, names, wording)
    if meeting.approved_on:
        results_line = wording["results"].format(
            protocol=protocol, approved_on=day(meeting.approved_on), results=results
        )
    else:
        results_line = wording["results_not_approved"].format(protocol=protocol, results=results)
    channels = ", ".join(_word(wording["channels"], c) for c in act.delivered_via) or "—"
    body = [
        wording["intro"].format(
            hr_role=hr["in_text"],
            hr_name=act.hr_officer.full_name,
            witnesses_role=wording["witnesses_in_text"],
            witness_one=act.witness_one.full_name,
            witness_two=act.witness_two.full_name,
        ),
        wording["refused"].format(
            on=day(act.drawn_up_on),
            servant=case.servant.full_name,
            position=_in(lang, case.position.title_kk, case.position.title_ru),
            period=_period(case.cycle.label, wording),
        ),
        results_line,
        wording["statement"].format(statement=act.statement),
        wording["sent"].format(
            on=day(act.delivered_on), channels=channels, due=day(act.delivery_due)
        ),
        wording["basis"].format(paragraph=paragraph),
    ]
    if wording.get("closing"):
        body.append(wording["closing"])
    signed_on = act.drawn_up_on.isoformat()
    organisation = case.cycle.organisation
    return Form(
        lang=lang,
        annex="",
        title=wording["title"],
        fields=(
            (wording["body_label"], _in(lang, organisation.name_kk, organisation.name_ru)),
            (wording["number_label"], act.number or str(act.pk)),
            (wording["date_label"], day(act.drawn_up_on)),
        ),
        body=tuple(body),
        signatures=(
            # the HR officer drew the act up in the system; the witnesses sign on paper
            Signature(
                role=hr["role"],
                name=act.hr_officer.short_name,
                date=signed_on,
                signed=True,
                hint=wording["signature_hint"],
            ),
            Signature(
                role=wording["witness_role"],
                name=act.witness_one.short_name,
                date=signed_on,
                hint=wording["signature_hint"],
            ),
            Signature(
                role=wording["witness_role"],
                name=act.witness_two.short_name,
                date=signed_on,
                hint=wording["signature_hint"],
            ),
        ),
        draft=False,
        draft_mark=wording["draft_mark"],
        page_numbers=True,
        filename=f"refusal-act-{act.pk}-{lang}",
        extra={"signature_columns": 1, "labels": dict(wording["labels"])},
    )
