"""The competency track's pages: the competency sheet (Annex 3) ticked by the direct
supervisor with the §27 result shown live, signed (§25), put before the commission by HR
(§28), seen by the servant with their development needs (§7, §27); refusals that change
nothing; HR's development-needs report and its fixed number of queries."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.tests.factories import make_body_under

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a past year: the sheet can be drawn up today


@pytest.fixture
def w(db) -> SimpleNamespace:
    """Arys' act: head (first head) → HR; head → chief → spec1, spec2; another body. Last
    year's cycle open, with spec1's case (the chief is the direct supervisor)."""
    body, other = make_body_under(), make_body_under()
    cycle, _report = cycle_open(organisation=body["org"], year=YEAR, actor=body["hr"].user)
    return SimpleNamespace(
        **body,
        other=other,
        cycle=cycle,
        case=EvaluationCase.objects.get(cycle=cycle, servant=body["spec1"]),
    )


def state() -> dict[str, list[str]]:
    """Every row of the competency track and the audit log: a refusal changes none."""
    models = (CompetencySheet, CompetencyAssessment, CompetencyAssessment.shown.through)
    rows = {m.__name__: sorted(map(repr, m.objects.values())) for m in models}
    return {**rows, "AuditEvent": sorted(map(repr, AuditEvent.objects.values()))}


def page(w) -> str:
    return reverse("web:competency_sheet", args=[w.case.pk])


def check_url(w) -> str:
    return reverse("web:competency_sheet_check", args=[w.case.pk])


def drawn_up(w) -> dict:
    """spec1's sheet made (nothing marked yet); its document."""
    sheet = competency_sheet_mark(case_id=w.case.pk, marks={}, actor=w.chief.user)
    return competency_sheet_document(CompetencySheet.objects.get(pk=sheet.pk))


def by_code(doc: dict) -> dict[str, dict]:
    return {c["code"]: c for c in doc["competencies"]}


def ticks(doc: dict, chosen: dict[str, list[int]]) -> dict[str, str]:
    """Form data ticking, per competency code, the indicators numbered `chosen`."""
    data = {}
    for code, numbers in chosen.items():
        for e in by_code(doc)[code]["indicators"]:
            if e["number"] in numbers:
                data[f"indicator-{e['id']}"] = "1"
    return data


def every_indicator(doc: dict, but: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """Marks showing every indicator of every competency, except the numbers in `but`."""
    but = but or {}
    return {
        c["code"]: [
            e["number"] for e in c["indicators"] if e["number"] not in but.get(c["code"], [])
        ]
        for c in doc["competencies"]
    }


def signed(w, but: dict[str, list[int]] | None = None) -> CompetencySheet:
    doc = drawn_up(w)
    competency_sheet_mark(case_id=w.case.pk, marks=every_indicator(doc, but), actor=w.chief.user)
    return competency_sheet_act(sheet_id=doc["id"], action="sign", actor=w.chief.user)


def buttons(html: str) -> set[str]:
    return {
        a
        for a in ("save", "create", "sign", "reopen", "acknowledge", "to_commission")
        if f'name="action" value="{a}"' in html
    }


# --- the direct supervisor ------------------------------------------------------------------


def test_the_direct_supervisor_draws_up_the_sheet_ticks_and_saves(client, w):
    client.force_login(w.chief.user)
    html = client.get(page(w)).content.decode()
    assert "Draw up the competency sheet" in html
    assert buttons(html) == {"create"}

    response = client.post(page(w), {"action": "create"})
    assert response.status_code == 302
    assert response["Location"] == page(w)
    doc = competency_sheet_document(CompetencySheet.objects.get(case=w.case))
    assert doc["state"] == "draft"
    assert doc["threshold"] == "3/4"

    html = client.get(page(w)).content.decode()
    assert 'id="competency-form"' in html
    first = doc["competencies"][0]["indicators"][0]
    assert f'name="indicator-{first["id"]}"' in html
    assert f'for="indicator-{first["id"]}"' in html
    assert first["effective_kk"] in html  # Kazakh is the page's fallback... or its language
    assert buttons(html) == {"save", "sign"}

    # §27: activity management 3 of 4 shown (3 needed) meets; cooperation 2 of 3 does not
    data = {
        "action": "save",
        **ticks(doc, {"activity-management": [1, 2, 3], "cooperation": [1, 2]}),
    }
    response = client.post(page(w), data, follow=True)
    assert "The marks are saved." in response.content.decode()
    items = {
        i.competency.code: i
        for i in CompetencyAssessment.objects.filter(sheet__case=w.case).select_related(
            "competency"
        )
    }
    am = by_code(doc)["activity-management"]["indicators"]
    assert {i.pk for i in items["activity-management"].shown.all()} == {e["id"] for e in am[:3]}
    assert items["activity-management"].result == "meets"
    assert items["cooperation"].result == "does_not_meet"
    assert items["integrity"].result == "does_not_meet"  # nothing ticked: none shown
    html = response.content.decode()
    assert f'id="indicator-{am[0]["id"]}" name="indicator-{am[0]["id"]}" value="1" checked' in html
    assert f'id="indicator-{am[3]["id"]}" name="indicator-{am[3]["id"]}" value="1">' in html


def test_the_live_check_shows_the_result_and_the_unobserved_indicators_and_writes_nothing(
    client, w
):
    doc = drawn_up(w)
    client.force_login(w.chief.user)
    before = state()
    data = ticks(doc, {"activity-management": [1, 2, 3], "cooperation": [1, 2]})
    response = client.post(check_url(w), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert state() == before
    rows = html.split('data-competency="')
    am = next(r for r in rows if r.startswith("activity-management"))
    coop = next(r for r in rows if r.startswith("cooperation"))
    assert "meets expectations" in am
    assert "does not meet" not in am
    assert "3 of 4 shown, 3 needed" in am
    assert "does not meet expectations" in coop
    assert "2 of 3 shown, 3 needed" in coop
    third = by_code(doc)["cooperation"]["indicators"][2]
    first = by_code(doc)["cooperation"]["indicators"][0]
    assert third["effective_kk"] in coop
    assert first["effective_kk"] not in coop
    # the results beside each fieldset are swapped out of band
    assert 'id="result-cooperation" class="competency-result" hx-swap-oob="true"' in html

    # every indicator of cooperation ticked: met, nothing unobserved
    html = client.post(check_url(w), ticks(doc, {"cooperation": [1, 2, 3]})).content.decode()
    coop = next(r for r in html.split('data-competency="') if r.startswith("cooperation"))
    assert "meets expectations" in coop
    assert third["effective_kk"] not in coop
    assert state() == before
    # the live check is a POST (no change through GET either)
    assert client.get(check_url(w)).status_code == 405


def test_the_page_wires_the_live_check_to_the_form(client, w):
    drawn_up(w)
    client.force_login(w.chief.user)
    html = client.get(page(w)).content.decode()
    assert f'hx-post="{check_url(w)}"' in html
    assert 'hx-trigger="change from:#competency-form"' in html


def test_sign_then_hr_puts_it_before_the_commission(client, w):
    doc = drawn_up(w)
    competency_sheet_mark(case_id=w.case.pk, marks=every_indicator(doc), actor=w.chief.user)
    client.force_login(w.chief.user)
    response = client.post(page(w), {"action": "sign"}, follow=True)
    assert "The competency sheet is signed." in response.content.decode()
    sheet = CompetencySheet.objects.get(case=w.case)
    assert sheet.state == "signed"
    assert sheet.signed_at
    assert sheet.commission_due
    html = response.content.decode()
    assert buttons(html) == {"reopen"}
    assert 'id="competency-form"' not in html

    client.force_login(w.hr.user)
    html = client.get(page(w)).content.decode()
    assert buttons(html) == {"to_commission"}
    response = client.post(page(w), {"action": "to_commission"}, follow=True)
    assert "put before the commission" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.state == "with_commission"
    assert sheet.to_commission_at
    assert buttons(response.content.decode()) == set()


def test_signing_an_unassessed_sheet_is_refused_with_the_reason(client, w):
    drawn_up(w)
    before = state()
    client.force_login(w.chief.user)
    response = client.post(page(w), {"action": "sign"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "assess every competency before signing" in html
    assert 'id="err-marks"' in html
    assert state() == before


def test_the_servant_acknowledges_and_sees_their_development_needs(client, w):
    signed(w, but={"cooperation": [3], "responsibility": [1]})
    client.force_login(w.spec1.user)
    html = client.get(page(w)).content.decode()
    assert buttons(html) == {"acknowledge"}
    assert "I have seen it" in html
    assert 'id="competency-form"' not in html
    response = client.post(page(w), {"action": "acknowledge"}, follow=True)
    html = response.content.decode()
    assert "You have confirmed that you have seen the competency sheet." in html
    sheet = CompetencySheet.objects.get(case=w.case)
    assert sheet.acknowledged_at is not None
    assert buttons(html) == set()  # seen once is seen
    doc = competency_sheet_document(sheet)
    needs = html.split('id="development-needs"')[1]
    coop3 = by_code(doc)["cooperation"]["indicators"][2]["effective_kk"]
    coop1 = by_code(doc)["cooperation"]["indicators"][0]["effective_kk"]
    assert coop3 in needs
    assert coop1 not in needs
    assert by_code(doc)["responsibility"]["indicators"][0]["effective_kk"] in needs


def test_a_servant_trying_to_mark_is_refused_and_nothing_changes(client, w):
    doc = drawn_up(w)
    before = state()
    client.force_login(w.spec1.user)
    html = client.get(page(w)).content.decode()
    assert 'id="competency-form"' not in html
    assert buttons(html) == set()
    data = {"action": "save", **ticks(doc, {"activity-management": [1, 2, 3, 4]})}
    response = client.post(page(w), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only the direct supervisor may" in html
    assert 'id="err-all"' in html
    assert state() == before
    # nor sign, nor put before the commission
    for action in ("sign", "to_commission"):
        html = client.post(page(w), {"action": action}).content.decode()
        assert 'class="msg msg-error"' in html
    assert state() == before


def test_hr_cannot_put_a_draft_before_the_commission(client, w):
    drawn_up(w)
    before = state()
    client.force_login(w.hr.user)
    html = client.get(page(w)).content.decode()
    assert buttons(html) == set()
    html = client.post(page(w), {"action": "to_commission"}).content.decode()
    assert "cannot be done while the document is draft" in html
    assert state() == before


def test_strangers_get_404(client, w):
    drawn_up(w)
    for user in (w.spec2.user, w.other["hr"].user, w.other["chief"].user):
        client.force_login(user)
        assert client.get(page(w)).status_code == 404
        assert client.post(page(w), {"action": "sign"}).status_code == 404
        assert client.post(check_url(w), {}).status_code == 404
    client.logout()
    assert client.get(page(w)).status_code == 302  # to the login page


def test_before_the_sheet_is_drawn_up_others_see_that_it_is_not(client, w):
    client.force_login(w.spec1.user)
    html = client.get(page(w)).content.decode()
    assert "has not drawn up the competency sheet yet" in html
    assert buttons(html) == set()
    assert client.post(check_url(w), {}).status_code == 404
    assert "annex4" in html  # the indicators of the position (Annex 4) can be read already


def test_downloads_are_linked(client, w):
    doc = drawn_up(w)
    client.force_login(w.chief.user)
    html = client.get(page(w)).content.decode()
    assert reverse("web:document", args=["competency-sheet", doc["id"], "pdf"]) in html
    assert reverse("web:document", args=["annex4", w.case.pk, "docx"]) in html


# --- HR: the development-needs report -------------------------------------------------------


def sign_case(case: EvaluationCase, supervisor, but: dict[str, list[int]]) -> None:
    sheet = competency_sheet_mark(case_id=case.pk, marks={}, actor=supervisor.user)
    doc = competency_sheet_document(CompetencySheet.objects.get(pk=sheet.pk))
    competency_sheet_mark(case_id=case.pk, marks=every_indicator(doc, but), actor=supervisor.user)
    competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=supervisor.user)


def report_url(w) -> str:
    return reverse("web:hr_development_needs") + f"?cycle={w.cycle.pk}"


def test_the_report_shows_each_servant_s_needs_in_a_fixed_number_of_queries(client, w):
    sign_case(w.case, w.chief, {"cooperation": [3]})
    client.force_login(w.hr.user)
    client.get(report_url(w))  # warm the caches (the catalogue's versions)
    with CaptureQueriesContext(connection) as one:
        response = client.get(report_url(w))
    html = response.content.decode()
    assert response.status_code == 200
    assert w.spec1.full_name in html
    assert 'id="needs-by-servant"' in html
    doc = competency_sheet_document(CompetencySheet.objects.get(case=w.case))
    assert by_code(doc)["cooperation"]["indicators"][2]["effective_kk"] in html

    spec2 = EvaluationCase.objects.get(cycle=w.cycle, servant=w.spec2)
    chief = EvaluationCase.objects.get(cycle=w.cycle, servant=w.chief)
    sign_case(spec2, w.chief, {"integrity": [1, 2]})
    sign_case(chief, w.head, {})
    with CaptureQueriesContext(connection) as three:
        html = client.get(report_url(w)).content.decode()
    assert w.spec2.full_name in html
    assert w.chief.full_name in html
    assert html.count('href="/cases/') >= 3
    assert "meets expectations in every competency" in html  # the chief
    assert len(three) == len(one), [q["sql"] for q in three.captured_queries]


def test_the_report_defaults_to_the_newest_cycle_and_offers_the_xlsx(client, w):
    sign_case(w.case, w.chief, {"cooperation": [3]})
    client.force_login(w.hr.user)
    html = client.get(reverse("web:hr_development_needs")).content.decode()
    assert f'<option value="{w.cycle.pk}" selected' in html
    xlsx = reverse("web:hr_development_needs_xlsx", args=[w.cycle.pk])
    assert xlsx in html
    response = client.get(xlsx)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_report_refuses_anyone_but_hr(client, w):
    sign_case(w.case, w.chief, {"cooperation": [3]})
    xlsx = reverse("web:hr_development_needs_xlsx", args=[w.cycle.pk])
    # a supervisor and a servant see the cycle, not its report: 403
    for user in (w.chief.user, w.spec1.user):
        client.force_login(user)
        assert client.get(report_url(w)).status_code == 403
        assert client.get(reverse("web:hr_development_needs")).status_code == 403
        assert client.get(xlsx).status_code == 403
    # another body's HR does not see the cycle at all: 404
    client.force_login(w.other["hr"].user)
    assert client.get(report_url(w)).status_code == 404
    assert client.get(xlsx).status_code == 404
    assert client.get(reverse("web:hr_development_needs") + "?cycle=x").status_code == 404


def test_the_report_opens_on_the_newest_cycle_with_assessed_sheets(client):
    """A new year has no signed sheet for months: the report opens on the last one that has."""
    from bagalau.commission.tests.factories import make_commission_body, to_commission
    from bagalau.evaluation.services import cycle_open

    body = make_commission_body()
    to_commission(body, "spec1")
    newer, _report = cycle_open(organisation=body["org"], year=2026, actor=body["hr"].user)
    client.force_login(body["hr"].user)
    page = client.get(reverse("web:hr_development_needs"))
    assert page.context["cycle"] == body["cycle"]
    assert page.context["cycle"] != newer
