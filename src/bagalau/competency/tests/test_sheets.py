"""Competency sheets from the real catalogue of each act; marking, §27, signing (§25–§28)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bagalau.competency.models import CompetencySheet
from bagalau.competency.selectors import competency_sheet_document, development_needs
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.core.models import AuditEvent
from bagalau.core.workflow import TransitionRefused
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.tests.factories import make_body_under
from bagalau.methodology.models import CatalogueRevision, MethodologyVersion
from bagalau.methodology.selectors import revision_catalogue
from bagalau.methodology.services import catalogue_load, catalogue_to_yaml

pytestmark = pytest.mark.django_db
D = dt.date
ALL = [
    "activity-management",
    "cooperation",
    "decision-making",
    "promptness",
    "self-development",
    "service-orientation",
    "service-informing",
    "integrity",
    "responsibility",
    "initiative",
    "stress-resistance",
]
NO_SERVICES = [c for c in ALL if not c.startswith("service-")]

# act → (manager's group, specialist's group, the first indicator of activity management
# for the manager, and for the specialist, as enacted)
ACTS = {
    "arys-714": ("managers", "specialists"),
    "nchr-1": ("managers", "specialists"),
    "tayynsha-85": ("subdivision-heads", "specialists"),
    "kentau-131": ("managers", "specialists"),
    "zhanaozen-8-76": ("managers", "specialists"),
}


def sheet_for(body, role, marks=None, actor=None):
    cycle = body.get("cycle")
    if cycle is None:
        cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
        body["cycle"] = cycle
    case = EvaluationCase.objects.get(cycle=cycle, servant=body[role])
    supervisor = body["head"] if role == "chief" else body["chief"]
    competency_sheet_mark(case_id=case.pk, marks=marks or {}, actor=actor or supervisor.user)
    return CompetencySheet.objects.get(case=case)


@pytest.mark.parametrize("act", list(ACTS))
def test_managers_and_specialists_get_their_own_rows_of_the_acts_annex_4(act) -> None:
    body = make_body_under(act)
    manager, specialist = ACTS[act]
    chief = competency_sheet_document(sheet_for(body, "chief"))
    spec = competency_sheet_document(sheet_for(body, "spec1"))
    assert (chief["group"], spec["group"]) == (manager, specialist)
    assert [c["code"] for c in chief["competencies"]] == ALL
    assert [c["code"] for c in spec["competencies"]] == ALL
    assert chief["catalogue_of"] == act
    first_chief = chief["competencies"][0]["indicators"][0]["effective_kk"]
    first_spec = spec["competencies"][0]["indicators"][0]["effective_kk"]
    assert first_chief != first_spec


def test_001_e3_head_of_subdivision_against_e3_specialist() -> None:
    from bagalau.orgstructure.tests.factories import make_position

    body = make_body_under("arys-714")
    body["spec2_position"].category = "E-3"
    body["spec2_position"].save()
    head = competency_sheet_document(sheet_for(body, "chief"))
    e3_specialist = competency_sheet_document(sheet_for(body, "spec2"))
    assert (head["category"], head["heads_subdivision"], head["group"]) == ("E-3", True, "managers")
    assert (e3_specialist["category"], e3_specialist["group"]) == ("E-3", "specialists")
    assert make_position  # the factory's positions suffice


def test_004_c5_is_a_specialist() -> None:
    body = make_body_under("nchr-1")
    body["spec1_position"].category = "C-5"
    body["spec1_position"].save()
    doc = competency_sheet_document(sheet_for(body, "spec1"))
    assert (doc["category"], doc["group"]) == ("C-5", "specialists")
    assert doc["competencies"][10]["name_kk"] == "Күйзеліске төзімділік"


def test_a_position_without_public_services_has_nine_competencies() -> None:
    body = make_body_under()
    body["spec1_position"].provides_public_services = False
    body["spec1_position"].save()
    doc = competency_sheet_document(sheet_for(body, "spec1"))
    assert [c["code"] for c in doc["competencies"]] == NO_SERVICES


def test_the_three_quarters_rule_and_the_indicators_not_observed() -> None:  # §27
    body = make_body_under()  # 001 specialists: activity management has 4 indicators
    sheet = sheet_for(body, "spec1", {"activity-management": [1, 2, 3], "cooperation": [1, 2]})
    doc = competency_sheet_document(sheet)
    am, coop = doc["competencies"][0], doc["competencies"][1]
    assert (len(am["indicators"]), am["needed"], am["result"]) == (4, 3, "meets")
    assert (len(coop["indicators"]), coop["needed"], coop["result"]) == (3, 3, "does_not_meet")
    assert [e["number"] for e in coop["not_observed"]] == [3]
    needs = development_needs(sheet)
    assert [(n["code"], [i["number"] for i in n["indicators"]]) for n in needs] == [
        ("cooperation", [3])
    ]


def test_signing_needs_every_competency_assessed_then_hr_has_two_working_days() -> None:
    body = make_body_under()
    chief, spec, hr = body["chief"].user, body["spec1"].user, body["hr"].user
    sheet = sheet_for(body, "spec1", {"activity-management": [1, 2, 3, 4]})
    with pytest.raises(ValidationError, match="assess every competency"):
        competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief)
    competency_sheet_mark(case_id=sheet.case_id, marks={code: [1] for code in ALL}, actor=chief)
    sheet = competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief, on=D(2026, 1, 6))
    # §28: 2 working days after 6 Jan 2026; 7 Jan is a day off
    assert (sheet.state, sheet.commission_due) == ("signed", D(2026, 1, 9))
    with pytest.raises(TransitionRefused):
        competency_sheet_mark(case_id=sheet.case_id, marks={"integrity": []}, actor=chief)
    with pytest.raises(TransitionRefused):
        competency_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=chief)
    competency_sheet_act(sheet_id=sheet.pk, action="acknowledge", actor=spec, on=D(2026, 1, 7))
    sheet = competency_sheet_act(
        sheet_id=sheet.pk, action="to_commission", actor=hr, on=D(2026, 1, 12)
    )
    assert sheet.state == "with_commission"
    sent = AuditEvent.objects.get(action="competency_sheet.to_commission")
    assert (sent.after["due"], sent.after["met"]) == ("2026-01-09", False)


def test_a_sheet_keeps_its_revision_when_the_catalogue_changes() -> None:
    body = make_body_under()
    sheet = sheet_for(body, "spec1", {"integrity": [1]})
    version = MethodologyVersion.objects.get(code="arys-714")
    data = __import__("yaml").safe_load(
        catalogue_to_yaml(revision_catalogue(CatalogueRevision.objects.get(pk=sheet.revision_id)))
    )
    data["competencies"][0]["cells"][2]["indicators"][0]["effective_kk"] = "Өзгертілген;"
    catalogue_load(version, data, source="admin")
    doc = competency_sheet_document(CompetencySheet.objects.get(pk=sheet.pk))
    assert doc["revision"] == 1
    assert doc["competencies"][0]["indicators"][0]["effective_kk"] != "Өзгертілген;"


def test_marks_outside_the_row_are_refused_and_nothing_changes() -> None:
    body = make_body_under()
    sheet = sheet_for(body, "spec1", {"integrity": [1]})
    with pytest.raises(ValidationError) as refused:
        competency_sheet_mark(
            case_id=sheet.case_id,
            marks={"integrity": [2, 9], "charisma": [1]},
            actor=body["chief"].user,
        )
    assert set(refused.value.message_dict) == {"marks.integrity", "marks.charisma"}
    doc = competency_sheet_document(CompetencySheet.objects.get(pk=sheet.pk))
    assert doc["competencies"][7]["shown"] == 1


def test_the_inbox_asks_for_the_sheet_after_the_year_then_hr_to_send_it() -> None:
    from bagalau.kpi.inbox import inbox

    body = make_body_under()
    cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    chief, hr = body["chief"].user, body["hr"].user
    assert not [a for a in inbox(chief, D(2025, 12, 1)) if a.document == "competency_sheet"]
    waiting = [a for a in inbox(chief, D(2026, 1, 5)) if a.document == "competency_sheet"]
    assert {(a.servant, a.action) for a in waiting} == {
        (body[s].short_name, "assess") for s in ("spec1", "spec2")
    }
    case = EvaluationCase.objects.get(cycle__organisation=body["org"], servant=body["spec1"])
    competency_sheet_mark(
        case_id=case.pk, marks={c: [1] for c in ALL}, actor=chief, on=D(2026, 1, 5)
    )
    sheet = CompetencySheet.objects.get(case=case)
    competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief, on=D(2026, 1, 5))
    assert [
        (a.action, a.due) for a in inbox(hr, D(2026, 1, 6)) if a.document == "competency_sheet"
    ] == [("to_commission", D(2026, 1, 8))]
    assert [
        a.action
        for a in inbox(body["spec1"].user, D(2026, 1, 6))
        if a.document == "competency_sheet"
    ] == ["acknowledge"]
