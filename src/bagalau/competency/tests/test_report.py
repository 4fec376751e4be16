"""The development-needs report (§7 second paragraph, §27) against a hand-counted body, its
XLSX, its query count, the console command and the endpoints' permissions."""

from __future__ import annotations

import datetime as dt
import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.test import Client
from django.urls import path
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from openpyxl import load_workbook

from bagalau.api import api as project_api
from bagalau.competency.api_report import router
from bagalau.competency.models import CompetencySheet
from bagalau.competency.report import (
    HEADER_ROWS,
    SHEETS,
    development_needs_report,
    development_needs_xlsx,
)
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import cycle_list
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.tests.factories import make_body_under
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_subdivision,
    make_user,
)

pytestmark = pytest.mark.django_db
D = dt.date
MARKED, SIGNED, SENT = D(2026, 1, 12), D(2026, 1, 12), D(2026, 1, 13)

# The router under an API like /api/v1 (same authentication, every error through the
# project's handlers); bagalau.api mounts the same router object.
report_api = NinjaAPI(urls_namespace="development-needs-test", auth=project_api.auth)
for _error in (Exception, HttpError, NinjaValidationError, Http404):
    report_api.add_exception_handler(_error, project_api.on_exception)
report_api.add_router("/", router)
urlpatterns = [path("api/v1/", report_api.urls)]


def full_marks(sheet: CompetencySheet) -> dict[str, list[int]]:
    """Every indicator of every competency shown."""
    doc = competency_sheet_document(sheet)
    return {c["code"]: list(range(1, len(c["indicators"]) + 1)) for c in doc["competencies"]}


def assess(case: EvaluationCase, supervisor, marks: dict[str, list[int]], state: str, hr) -> None:
    """The direct supervisor marks (every indicator shown but for `marks`) and signs; HR puts
    it before the commission when `state` says so."""
    sheet = competency_sheet_mark(case_id=case.pk, marks={}, actor=supervisor.user, on=MARKED)
    competency_sheet_mark(
        case_id=case.pk, marks=full_marks(sheet) | marks, actor=supervisor.user, on=MARKED
    )
    if state == "draft":
        return
    competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=supervisor.user, on=SIGNED)
    if state == "with_commission":
        competency_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=hr.user, on=SENT)


def add_servant(body: dict, name: str, **position: Any) -> None:
    pos = make_position(body["org"], code=f"P-{name}", **position)
    servant = make_servant(user=make_user(f"{body['org'].code}-{name}"))
    make_appointment(servant, pos, date_from=D(2020, 1, 1))
    body[name], body[f"{name}_position"] = servant, pos


@pytest.fixture
def w(db) -> SimpleNamespace:
    """Arys (001). D1: chief (E-3, heads D1: managers' row), spec1 and spec2 (E-4). D2:
    spec3 (E-3, not a head: specialists' row), spec4 (E-4, no public services: 9
    competencies). All report to the chief; the chief to the first head. The HR officer's
    sheet stays in draft and must not count.

    Marks below: every indicator shown except (specialists' row unless said):
      chief  cooperation 1,2 of 4 (managers: 3 needed, not met, 3 and 4 missing);
             decision-making 1–3 of 5 (managers: 4 needed, not met, 4 and 5 missing);
             integrity 1–5 of 6 (5 needed: met)                       → before the commission
      spec1  cooperation 1,2 of 3 (not met, 3 missing); responsibility none of 1
                                                                      → before the commission
      spec2  cooperation 2 of 3 (not met, 1 and 3 missing); activity management 1–3 of 4
             (3 needed: met)                                          → signed only
      spec3  cooperation 1,3 of 3 (not met, 2 missing); initiative none of 1; responsibility
             none of 1                                                → before the commission
      spec4  promptness 1,2 of 4 (not met, 3 and 4 missing); responsibility none of 1
                                                                      → signed only
      hr     cooperation none                                         → draft (not counted)
    """
    body = make_body_under("arys-714")
    d2 = make_subdivision(body["org"], code="D2", name_kk="Екінші бөлім", name_ru="Второй отдел")
    chief_pos = body["chief_position"]
    add_servant(body, "spec3", category="E-3", subdivision=d2, reports_to=chief_pos)
    add_servant(
        body,
        "spec4",
        category="E-4",
        subdivision=d2,
        reports_to=chief_pos,
        provides_public_services=False,
    )
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    roles = ("hr", "chief", "spec1", "spec2", "spec3", "spec4")
    case = {role: EvaluationCase.objects.get(cycle=cycle, servant=body[role]) for role in roles}
    hr, head, chief = body["hr"], body["head"], body["chief"]
    plan = [
        ("chief", head, {"cooperation": [1, 2], "decision-making": [1, 2, 3]}, "with_commission"),
        ("chief", head, {"integrity": [1, 2, 3, 4, 5]}, ""),
        ("spec1", chief, {"cooperation": [1, 2], "responsibility": []}, "with_commission"),
        ("spec2", chief, {"cooperation": [2], "activity-management": [1, 2, 3]}, "signed"),
        (
            "spec3",
            chief,
            {"cooperation": [1, 3], "initiative": [], "responsibility": []},
            "with_commission",
        ),
        ("spec4", chief, {"promptness": [1, 2], "responsibility": []}, "signed"),
        ("hr", head, {"cooperation": []}, "draft"),
    ]
    marks: dict[str, dict] = {}
    states: dict[str, str] = {}
    supervisors: dict[str, Any] = {}
    for role, supervisor, extra, state in plan:
        marks[role] = marks.get(role, {}) | extra
        states[role] = state or states[role]
        supervisors[role] = supervisor
    for role in marks:
        assess(case[role], supervisors[role], marks[role], states[role], hr)
    return SimpleNamespace(
        **body, cycle=cycle_list().get(pk=cycle.pk), d1=body["chief_position"].subdivision, d2=d2
    )


# --- the figures, counted by hand from the marks above ---------------------------------------

SUBDIVISIONS = ["D1", "D2"]
CATEGORIES = ["E-3", "E-4"]


def b(total: int, d1: int, d2: int, e3: int, e4: int) -> dict[str, Any]:
    return {
        "total": total,
        "by_subdivision": {"D1": d1, "D2": d2},
        "by_category": {"E-3": e3, "E-4": e4},
    }


ZERO = b(0, 0, 0, 0, 0)
EVERYONE = b(5, 3, 2, 2, 3)  # chief, spec1, spec2 | spec3, spec4 ; chief, spec3 | spec1, 2, 4
WITH_SERVICES = b(4, 3, 1, 2, 2)  # spec4 is not evaluated on the two starred ones
NOT_MET = {
    "activity-management": ZERO,
    "cooperation": b(4, 3, 1, 2, 2),  # chief, spec1, spec2, spec3
    "decision-making": b(1, 1, 0, 1, 0),  # chief
    "promptness": b(1, 0, 1, 0, 1),  # spec4
    "self-development": ZERO,
    "service-orientation": ZERO,
    "service-informing": ZERO,
    "integrity": ZERO,  # chief showed 5 of 6: met
    "responsibility": b(3, 1, 2, 1, 2),  # spec1, spec3, spec4
    "initiative": b(1, 0, 1, 1, 0),  # spec3
    "stress-resistance": ZERO,
}
NOT_SHOWN = {
    ("cooperation", "managers", 3): b(1, 1, 0, 1, 0),  # chief
    ("cooperation", "managers", 4): b(1, 1, 0, 1, 0),  # chief
    ("cooperation", "specialists", 1): b(1, 1, 0, 0, 1),  # spec2
    ("cooperation", "specialists", 2): b(1, 0, 1, 1, 0),  # spec3
    ("cooperation", "specialists", 3): b(2, 2, 0, 0, 2),  # spec1, spec2
    ("decision-making", "managers", 4): b(1, 1, 0, 1, 0),  # chief
    ("decision-making", "managers", 5): b(1, 1, 0, 1, 0),  # chief
    ("promptness", "specialists", 3): b(1, 0, 1, 0, 1),  # spec4
    ("promptness", "specialists", 4): b(1, 0, 1, 0, 1),  # spec4
    ("responsibility", "specialists", 1): b(3, 1, 2, 1, 2),  # spec1, spec3, spec4
    ("initiative", "specialists", 1): b(1, 0, 1, 1, 0),  # spec3
}


def test_the_report_matches_the_hand_count(w) -> None:
    report = development_needs_report(w.cycle)
    assert report["states"] == ["signed", "with_commission"]
    assert report["assessed"] == EVERYONE
    assert report["subdivisions"] == [
        {"code": "D1", "name_kk": w.d1.name_kk, "name_ru": w.d1.name_ru, "assessed": 3},
        {"code": "D2", "name_kk": "Екінші бөлім", "name_ru": "Второй отдел", "assessed": 2},
    ]
    assert report["categories"] == [{"code": "E-3", "assessed": 2}, {"code": "E-4", "assessed": 3}]
    competencies = report["competencies"]
    assert [c["code"] for c in competencies] == list(NOT_MET)  # Annex 3 order
    for c in competencies:
        starred = c["code"].startswith("service-")
        assert c["assessed"] == (WITH_SERVICES if starred else EVERYONE), c["code"]
        assert c["not_met"] == NOT_MET[c["code"]], c["code"]
    found = {
        (c["code"], i["group"], i["number"]): i["not_shown"]
        for c in competencies
        for i in c["indicators"]
    }
    assert found == NOT_SHOWN
    assert list(found) == sorted(NOT_SHOWN, key=lambda k: (ALL.index(k[0]), k[1], k[2]))


def test_indicators_are_worded_in_kazakh_and_russian_as_on_the_sheet(w) -> None:
    report = development_needs_report(w.cycle)
    spec1 = CompetencySheet.objects.get(case__cycle=w.cycle, case__servant=w.spec1)
    on_sheet = competency_sheet_document(spec1)["competencies"][1]["indicators"][2]
    cooperation = report["competencies"][1]
    third = [i for i in cooperation["indicators"] if i["group"] == "specialists"][2]
    assert (third["effective_kk"], third["effective_ru"]) == (
        on_sheet["effective_kk"],
        on_sheet["effective_ru"],
    )
    assert third["effective_kk"]
    assert third["effective_ru"]
    specialists = next(
        g
        for g in version_rules(w.cycle.methodology_version).category_groups
        if g.code == "specialists"
    )
    assert (third["group_kk"], third["group_ru"]) == (specialists.name_kk, specialists.name_ru)
    assert (cooperation["name_kk"], cooperation["name_ru"]) == ("Ынтымақтастық", "Сотрудничество")


def test_a_cycle_without_signed_sheets_has_an_empty_report(w) -> None:
    other = make_body_under()
    cycle, _ = cycle_open(organisation=other["org"], year=2025, actor=other["hr"].user)
    report = development_needs_report(cycle_list().get(pk=cycle.pk))
    assert report["assessed"] == {"total": 0, "by_subdivision": {}, "by_category": {}}
    assert report["competencies"] == []


# --- XLSX ---------------------------------------------------------------------------------


def rows(sheet) -> list[list[Any]]:
    return [list(r) for r in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True)]


def test_the_workbook_shows_the_same_figures_under_kazakh_and_russian_headers(w) -> None:
    book = load_workbook(io.BytesIO(development_needs_xlsx(w.cycle)))
    assert book.sheetnames == [title for title, _kk, _ru in SHEETS.values()]
    for view, (title, title_kk, title_ru) in SHEETS.items():
        sheet = book[title]
        assert (sheet["A1"].value, sheet["A2"].value) == (title_kk, title_ru), view
        assert w.org.name_kk in sheet["A3"].value
        assert w.org.name_ru in sheet["A4"].value
    report = development_needs_report(w.cycle)

    by_competency = book[SHEETS["competency"][0]]
    assert [c.value for c in by_competency[5]][3:5] == [
        "Бағаланғандар",
        "Күтілген нәтижеге сәйкес емес",
    ]
    assert [c.value for c in by_competency[6]][3:5] == ["Оценено", "Не соответствует ожиданиям"]
    table = {r[1]: r for r in rows(by_competency)}
    cooperation = table["Ынтымақтастық"]
    assert cooperation == [2, "Ынтымақтастық", "Сотрудничество", 5, 4, 80.0]
    assert [(r[3], r[4]) for r in rows(by_competency)] == [
        (c["assessed"]["total"], c["not_met"]["total"]) for c in report["competencies"]
    ]

    by_indicator = rows(book[SHEETS["indicator"][0]])
    assert [r[-1] for r in by_indicator] == [n["total"] for n in NOT_SHOWN.values()]
    assert [(r[4], r[5]) for r in by_indicator] == [
        (i["effective_kk"], i["effective_ru"])
        for c in report["competencies"]
        for i in c["indicators"]
    ]

    for view, names, key, columns in (
        ("subdivision", [w.d1.name_kk, "Екінші бөлім"], "by_subdivision", SUBDIVISIONS),
        ("category", ["E-3", "E-4"], "by_category", CATEGORIES),
    ):
        sheet = book[SHEETS[view][0]]
        assert [c.value for c in sheet[5]][6:] == [*names, "Барлығы"]
        figures = rows(sheet)
        assert figures[0][6:] == [*EVERYONE[key].values(), 5]
        competency_rows = [r for r in figures[1:] if r[3] is None]
        assert [r[6:] for r in competency_rows] == [
            [*NOT_MET[code][key].values(), NOT_MET[code]["total"]] for code in NOT_MET
        ]
        indicator_rows = [r for r in figures[1:] if r[3] is not None]
        assert [r[6:] for r in indicator_rows] == [
            [*n[key].values(), n["total"]] for n in NOT_SHOWN.values()
        ]
        assert list(EVERYONE[key]) == columns


# --- query count --------------------------------------------------------------------------

ALL = list(NOT_MET)
# The assessments with their sheets, positions, subdivisions and competencies; the
# indicators of the rows not met; the indicators shown there; and the base act the body's
# adopted version rests on (to name the Annex 4 groups).
REPORT_QUERIES = 4


def signed_cycle(count: int) -> EvaluationCycle:
    """A body with `count` signed competency sheets, a third before the commission, each
    with some competencies not met."""
    body = make_body_under()
    for n in range(count - 3):
        add_servant(
            body,
            f"extra{n}",
            category="E-4",
            subdivision=body["spec1_position"].subdivision,
            reports_to=body["chief_position"],
        )
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    cases = EvaluationCase.objects.filter(cycle=cycle).exclude(servant=body["hr"])
    for n, case in enumerate(cases.select_related("servant")):
        supervisor = body["head"] if case.servant == body["chief"] else body["chief"]
        marks = {code: [1] if (n + k) % 3 else [] for k, code in enumerate(ALL)}
        sheet = competency_sheet_mark(case_id=case.pk, marks=marks, actor=supervisor.user)
        competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=supervisor.user, on=SIGNED)
        if n % 3 == 0:
            competency_sheet_act(
                sheet_id=sheet.pk, action="to_commission", actor=body["hr"].user, on=SENT
            )
    assert CompetencySheet.objects.filter(case__cycle=cycle).count() == count
    return cycle_list().get(pk=cycle.pk)


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_takes_the_same_number_of_queries_for_3_or_30_sheets(
    count, django_assert_num_queries
) -> None:
    cycle = signed_cycle(count)
    with django_assert_num_queries(REPORT_QUERIES):
        report = development_needs_report(cycle)
    assert report["assessed"]["total"] == count
    assert report["competencies"][0]["not_met"]["total"] > 0


# --- the console command ------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("development_needs", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_prints_the_report_as_json(w) -> None:
    printed = json.loads(run(str(w.cycle.pk), "--json"))
    assert printed == json.loads(json.dumps(development_needs_report(w.cycle)))
    assert printed["assessed"] == EVERYONE
    assert printed["competencies"][1]["not_met"] == NOT_MET["cooperation"]


def test_the_command_prints_a_table_and_writes_the_workbook(w, tmp_path) -> None:
    text = run(str(w.cycle.pk))
    assert "5 servants" in text
    line = next(t for t in text.splitlines() if t.startswith("cooperation "))
    assert line.split() == ["cooperation", "5", "4", "3", "1", "2", "2"]
    target = tmp_path / "needs.xlsx"
    assert f"wrote {target}" in run(str(w.cycle.pk), "-o", str(target))
    book = load_workbook(target)
    assert rows(book[SHEETS["competency"][0]])[1][4] == 4
    with pytest.raises(CommandError, match="no evaluation cycle 999999"):
        run("999999")
    with pytest.raises(CommandError, match="xlsx"):
        run(str(w.cycle.pk), "-o", str(tmp_path / "needs.csv"))


# --- the endpoints ------------------------------------------------------------------------

EXPECTED_STATUS = {
    "operator": 200,
    "hr": 200,
    "head": 403,  # sees the cycle through the chief's case, but is not HR
    "chief": 403,  # a supervisor of assessed servants
    "spec1": 403,  # sees the cycle through their own case
    "other_hr": 404,  # HR of another body
    "anon": 401,
}


def call(client: Client, w: SimpleNamespace, role: str, suffix: str = ""):
    client.logout()
    if role == "operator":
        client.force_login(make_user("operator", is_superuser=True, is_staff=True))
    elif role == "other_hr":
        client.force_login(make_body_under()["hr"].user)
    elif role != "anon":
        client.force_login(getattr(w, role).user)
    return client.get(f"/api/v1/cycles/{w.cycle.pk}/development-needs{suffix}")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("role", list(EXPECTED_STATUS))
@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_only_the_bodys_hr_and_operators_read_the_report(client, w, role, suffix) -> None:
    response = call(client, w, role, suffix)
    assert response.status_code == EXPECTED_STATUS[role], response.content[:200]
    if response.status_code != 200:
        assert "detail" in response.json()
    elif suffix:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert rows(book[SHEETS["competency"][0]])[1][4] == 4
    else:
        assert response.json() == json.loads(json.dumps(development_needs_report(w.cycle)))


@pytest.mark.urls(__name__)
def test_an_unknown_cycle_is_404_even_for_hr(client, w) -> None:
    client.force_login(w.hr.user)
    assert client.get("/api/v1/cycles/999999/development-needs").status_code == 404
