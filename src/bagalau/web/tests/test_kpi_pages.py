"""The KPI track's pages: the work plan (Annex 1, §9–§15) with its live §13–§14 checks,
quarterly monitoring (§16), the KPI sheet (Annex 2, §17–§24) with the live rating, the
direct supervisor's team and the approver's queue — as each role sees and uses them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import Kpi, KpiResult, KpiSheet, QuarterlyReview, WorkPlan
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    quarterly_review_record,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# A past year: every quarter has ended, so the whole track can be walked through today.
YEAR = TODAY.year - 1


def open_body(extra: int = 0) -> SimpleNamespace:
    """Arys' act: head (first head) → HR; head → chief → spec1, spec2 (+ `extra` more);
    last year's cycle open."""
    body = make_body_under()
    for i in range(extra):
        position = make_position(
            body["org"], code=f"D1-x{i}", reports_to=body["chief_position"], category="E-4"
        )
        servant = make_servant(user=make_user(f"{body['org'].code}-x{i}"))
        make_appointment(servant, position, date_from=dt.date(2020, 1, 1))
    cycle, _report = cycle_open(organisation=body["org"], year=YEAR, actor=body["hr"].user)
    return SimpleNamespace(
        **body,
        cycle=cycle,
        case=EvaluationCase.objects.get(cycle=cycle, servant=body["spec1"]),
    )


@pytest.fixture
def w(db) -> SimpleNamespace:
    return open_body()


def items(w) -> list[dict[str, Any]]:
    return kpi_items(w.case.plan_start, w.cycle.period_end)


def plan_form(kpis: list[dict[str, Any]], action: str = "save", count: int = 5) -> dict:
    """The work plan form as a browser posts it: `kpis-N-field`, empty rows included."""
    data = {"action": action}
    for n in range(1, count + 1):
        item = kpis[n - 1] if n <= len(kpis) else {}
        for name in (
            "name",
            "source",
            "source_reference",
            "unit",
            "planned_value",
            "achievement",
            "deadline",
            "key_result",
        ):
            data[f"kpis-{n}-{name}"] = str(item.get(name, ""))
    return data


def sheet_form(marks: list[bool | None], action: str = "save") -> dict:
    data = {"action": action}
    for n, mark in enumerate(marks, start=1):
        data[f"results-{n}-actual_value"] = "99" if mark else "10"
        data[f"results-{n}-done_on"] = ""
        data[f"results-{n}-evidence"] = f"акт №{n}"
        data[f"results-{n}-achieved"] = {True: "yes", False: "no", None: ""}[mark]
    return data


def approved_plan(w) -> WorkPlan:
    plan = work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    return work_plan_act(plan_id=plan.pk, action="approve", actor=w.head.user)


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def url(name: str, *args: Any) -> str:
    return reverse(f"web:{name}", args=args)


def snapshot() -> dict[str, list[str]]:
    models = (WorkPlan, Kpi, QuarterlyReview, KpiSheet, KpiResult, AuditEvent)
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


# --- work plan ------------------------------------------------------------------------------


def test_the_supervisor_drafts_the_plan_in_an_annex_1_form(client, w):
    page = as_user(client, w.chief.user).get(url("work_plan", w.case.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="plan-form"' in html
    assert 'name="kpis-5-name"' in html
    assert 'name="kpis-6-name"' not in html
    assert "Key result" in html
    assert "Planned value" in html
    assert 'value="submit"' in html
    # a draft may be saved incomplete: two KPIs written, three rows left empty
    response = client.post(url("work_plan", w.case.pk), plan_form(items(w)[:2]))
    assert response.status_code == 302
    plan = WorkPlan.objects.get(case=w.case)
    assert plan.state == "draft"
    assert [k.name for k in plan.kpis.order_by("number")][:2] == [i["name"] for i in items(w)[:2]]
    html = client.get(url("work_plan", w.case.pk)).content.decode()
    assert "saved as a draft" in html
    assert items(w)[0]["name"] in html  # the form shows what was saved
    assert 'value="91"' in html


def test_submitting_an_incomplete_plan_shows_errors_beside_each_field_and_changes_nothing(
    client, w
):
    work_plan_save_kpis(case_id=w.case.pk, kpis=items(w)[:3], actor=w.chief.user)
    before = snapshot()
    incomplete = items(w)
    incomplete[1]["deadline"] = ""
    incomplete[3] = {**incomplete[3], "unit": "", "key_result": ""}
    incomplete[4] = {}
    response = as_user(client, w.chief.user).post(
        url("work_plan", w.case.pk), plan_form(incomplete, "submit")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Not saved: please correct what is marked." in html
    # §13: each problem sits beside its field
    assert 'id="err-kpis-2-deadline"><li>KPI 2: the deadline is missing (§13)' in html
    assert 'id="err-kpis-4-unit"><li>KPI 4: the unit of measure is missing (§13)' in html
    assert 'id="err-kpis-5-name"><li>KPI 5: the indicator is missing (§13)' in html
    # the values typed stay in the form
    assert items(w)[0]["name"] in html
    # the state and the saved draft are as they were: a refused submission keeps nothing
    assert WorkPlan.objects.get(case=w.case).state == "draft"
    assert snapshot() == before


def test_the_live_check_lists_the_problems_of_the_unsaved_form_and_writes_nothing(client, w):
    before = snapshot()
    bad = items(w)
    bad[0]["planned_value"] = "много"
    bad[1]["deadline"] = f"{YEAR + 1}-03-01"  # after the plan's period
    bad[2]["name"] = bad[0]["name"]  # a repeat of KPI 1
    bad[3]["source"] = ""
    response = as_user(client, w.chief.user).post(
        url("work_plan_check", w.case.pk), plan_form(bad), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a number" in html
    assert "KPI 2: the deadline is outside the plan&#x27;s period" in html
    assert "KPI 3 repeats KPI 1 (§13)" in html
    assert "KPI 4: the derived from is missing (§13)" in html
    # beside the fields, swapped in out of band
    assert 'id="err-kpis-2-deadline" hx-swap-oob="true"><li>' in html
    assert 'id="err-kpis-5-name" hx-swap-oob="true"></ul>' in html
    assert snapshot() == before  # nothing written, no plan made
    good = client.post(url("work_plan_check", w.case.pk), plan_form(items(w)))
    assert "passes the §13–§14 checks" in good.content.decode()
    # an untouched KPI is named once, not field by field
    partial = client.post(url("work_plan_check", w.case.pk), plan_form(items(w)[:4]))
    text = partial.content.decode()
    assert "KPI 5 is not filled in yet." in text
    assert 'id="err-kpis-5-name" hx-swap-oob="true"></ul>' in text
    assert snapshot() == before


def test_the_live_check_is_only_for_who_may_draw_the_plan_up(client, w):
    response = as_user(client, w.spec1.user).post(
        url("work_plan_check", w.case.pk), plan_form(items(w))
    )
    assert response.status_code == 403


def test_return_with_a_reason_then_resubmit_then_approve(client, w):
    chief = as_user(client, w.chief.user)
    assert chief.post(url("work_plan", w.case.pk), plan_form(items(w), "submit")).status_code == 302
    plan = WorkPlan.objects.get(case=w.case)
    assert plan.state == "submitted"
    html = chief.get(url("work_plan", w.case.pk)).content.decode()
    assert 'id="plan-form"' not in html
    assert 'value="approve"' not in html
    # the approver sees the plan and the decision
    head = as_user(client, w.head.user)
    html = head.get(url("work_plan", w.case.pk)).content.decode()
    assert 'value="approve"' in html
    assert 'value="return"' in html
    assert 'id="plan-form"' not in html
    assert items(w)[0]["name"] in html
    # returning needs a reason (§12): refused, shown beside the field, nothing changes
    refused = head.post(url("work_plan", w.case.pk), {"action": "return", "reason": " "})
    assert refused.status_code == 422
    assert 'id="err-reason"><li>say why the plan is returned for rework (§12)' in (
        refused.content.decode()
    )
    assert WorkPlan.objects.get(pk=plan.pk).state == "submitted"
    response = head.post(
        url("work_plan", w.case.pk), {"action": "return", "reason": "KPI 3 is not measurable"}
    )
    assert response.status_code == 302
    assert WorkPlan.objects.get(pk=plan.pk).state == "returned"
    # the direct supervisor sees why, reworks KPI 3 and submits again
    chief = as_user(client, w.chief.user)
    html = chief.get(url("work_plan", w.case.pk)).content.decode()
    assert "KPI 3 is not measurable" in html
    assert "Submit again for approval" in html
    fixed = items(w)
    fixed[2]["name"] = "Жаңа өлшенетін көрсеткіш"
    assert chief.post(url("work_plan", w.case.pk), plan_form(fixed, "submit")).status_code == 302
    assert WorkPlan.objects.get(pk=plan.pk).state == "submitted"
    # approved: locked, the form gone, the return kept in the versions' history
    head = as_user(client, w.head.user)
    assert head.post(url("work_plan", w.case.pk), {"action": "approve"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.approved_by) == ("approved", w.head.user)
    html = as_user(client, w.chief.user).get(url("work_plan", w.case.pk)).content.decode()
    assert 'id="plan-form"' not in html
    assert "Жаңа өлшенетін көрсеткіш" in html
    assert "KPI 3 is not measurable" in html  # in the versions table, from the audit trail
    assert 'value="revise"' in html  # an approved plan may be changed as a new version
    assert url("document", "work-plan", plan.pk, "pdf") in html


def test_revising_an_approved_plan_makes_a_new_draft_version(client, w):
    approved_plan(w)
    chief = as_user(client, w.chief.user)
    response = chief.post(url("work_plan", w.case.pk), {"action": "revise", "reason": "new goal"})
    assert response.status_code == 302
    versions = list(WorkPlan.objects.filter(case=w.case).order_by("version"))
    assert [(p.version, p.state) for p in versions] == [(1, "approved"), (2, "draft")]
    html = chief.get(url("work_plan", w.case.pk)).content.decode()
    assert 'id="plan-form"' in html
    assert items(w)[0]["name"] in html


def test_who_may_not_act_sees_no_buttons_and_is_refused(client, w):
    work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    for user in (w.spec1.user, w.hr.user, w.head.user):  # servant, HR, approver (draft)
        html = as_user(client, user).get(url("work_plan", w.case.pk)).content.decode()
        assert 'id="plan-form"' not in html
        for action in ("submit", "approve", "return", "revise"):
            assert f'value="{action}"' not in html
    before = snapshot()
    response = as_user(client, w.hr.user).post(url("work_plan", w.case.pk), {"action": "submit"})
    assert response.status_code == 422
    assert snapshot() == before
    response = client.post(url("work_plan", w.case.pk), plan_form(items(w)))
    assert response.status_code == 422
    assert snapshot() == before


def test_a_stranger_gets_404(client, w):
    other = make_body_under()
    approved_plan(w)
    for user in (other["hr"].user, other["chief"].user, w.spec2.user):
        c = as_user(client, user)
        for name in ("work_plan", "quarterly", "kpi_sheet"):
            assert c.get(url(name, w.case.pk)).status_code == 404
            assert c.post(url(name, w.case.pk), {"action": "approve"}).status_code == 404
        assert c.post(url("work_plan_check", w.case.pk), plan_form(items(w))).status_code == 404
        assert c.post(url("kpi_sheet_check", w.case.pk), sheet_form([True])).status_code == 404
    client.logout()
    assert client.get(url("work_plan", w.case.pk)).status_code == 302  # to the login page


def shown(moment) -> str:
    return date_format(timezone.localdate(moment), "SHORT_DATE_FORMAT")


def test_the_servant_signs_the_approved_plan_as_seen(client, w):
    # a draft: nothing to sign
    work_plan_save_kpis(case_id=w.case.pk, kpis=items(w), actor=w.chief.user)
    servant = as_user(client, w.spec1.user)
    assert 'id="plan-ack-form"' not in servant.get(url("work_plan", w.case.pk)).content.decode()
    assert servant.post(url("work_plan", w.case.pk), {"action": "acknowledge"}).status_code == 422
    plan = approved_plan(w)
    # approved: only the servant has the button
    html = servant.get(url("work_plan", w.case.pk)).content.decode()
    assert 'id="plan-ack-form"' in html
    assert 'name="action" value="acknowledge"' in html
    assert "not seen by the servant yet" in html
    for user in (w.chief.user, w.head.user, w.hr.user):
        other = as_user(client, user)
        html = other.get(url("work_plan", w.case.pk)).content.decode()
        assert 'id="plan-ack-form"' not in html
        assert "not seen by the servant yet" in html
        # a refused POST by another role changes nothing
        before = snapshot()
        refused = other.post(url("work_plan", w.case.pk), {"action": "acknowledge"})
        assert refused.status_code == 422
        assert "Only the servant may" in refused.content.decode()
        assert snapshot() == before
    servant = as_user(client, w.spec1.user)
    response = servant.post(url("work_plan", w.case.pk), {"action": "acknowledge"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.acknowledged_at is not None
    html = servant.get(url("work_plan", w.case.pk)).content.decode()
    assert "You have confirmed that you have seen the work plan." in html
    assert f"Seen by the servant on {shown(plan.acknowledged_at)}" in html
    assert 'id="plan-ack-form"' not in html  # seen once is seen
    # a second time: refused naming the day, nothing changes
    before = snapshot()
    again = servant.post(url("work_plan", w.case.pk), {"action": "acknowledge"})
    assert again.status_code == 422
    assert "the servant saw the work plan on" in again.content.decode()
    assert snapshot() == before
    chief_html = as_user(client, w.chief.user).get(url("work_plan", w.case.pk)).content.decode()
    assert f"Seen by the servant on {shown(plan.acknowledged_at)}" in chief_html


def test_the_servant_signs_each_quarters_recommendations_as_seen(client, w):
    approved_plan(w)

    def record(quarter: int, text: str):
        return quarterly_review_record(
            case_id=w.case.pk,
            year=YEAR,
            quarter=quarter,
            progress=[],
            recommendations=text,
            actor=w.chief.user,
        )

    q1, q2 = record(1, "Тізілімді жүргізу"), record(2, "Есепті уақытында беру")
    servant = as_user(client, w.spec1.user)
    html = servant.get(url("quarterly", w.case.pk)).content.decode()
    assert f'id="review-ack-form-{q1.pk}"' in html
    assert f'id="review-ack-form-{q2.pk}"' in html
    for user in (w.chief.user, w.head.user):
        other = as_user(client, user)
        html = other.get(url("quarterly", w.case.pk)).content.decode()
        assert "review-ack-form-" not in html
        before = snapshot()
        refused = other.post(
            url("quarterly", w.case.pk), {"action": "acknowledge", "review": q1.pk}
        )
        assert refused.status_code == 422
        assert "only the servant confirms" in refused.content.decode()
        assert snapshot() == before
    servant = as_user(client, w.spec1.user)
    response = servant.post(url("quarterly", w.case.pk), {"action": "acknowledge", "review": q1.pk})
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.acknowledged_at is not None
    html = servant.get(url("quarterly", w.case.pk)).content.decode()
    assert f"Seen by the servant on {shown(q1.acknowledged_at)}" in html
    assert f'id="review-ack-form-{q1.pk}"' not in html
    assert f'id="review-ack-form-{q2.pk}"' in html
    # a review of another case is not found from this page
    other_case = EvaluationCase.objects.get(cycle=w.cycle, servant=w.spec2)
    plan = work_plan_save_kpis(case_id=other_case.pk, kpis=items(w), actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="submit", actor=w.chief.user)
    work_plan_act(plan_id=plan.pk, action="approve", actor=w.head.user)
    foreign = quarterly_review_record(
        case_id=other_case.pk,
        year=YEAR,
        quarter=1,
        progress=[],
        recommendations="x",
        actor=w.chief.user,
    )
    data = {"action": "acknowledge", "review": foreign.pk}
    assert servant.post(url("quarterly", w.case.pk), data).status_code == 404
    # recorded again: the servant is asked to see it anew
    record(1, "Жаңа ұсыныстар")
    html = servant.get(url("quarterly", w.case.pk)).content.decode()
    assert f'id="review-ack-form-{q1.pk}"' in html


# --- quarterly monitoring -------------------------------------------------------------------


def test_the_supervisor_records_a_quarter_and_the_servant_reads_the_recommendations(client, w):
    chief = as_user(client, w.chief.user)
    html = chief.get(url("quarterly", w.case.pk)).content.decode()
    assert "not approved yet" in html
    assert 'id="quarter-form"' not in html
    approved_plan(w)
    html = chief.get(url("quarterly", w.case.pk)).content.decode()
    assert 'id="quarter-form"' in html
    assert f'value="{YEAR}-1" selected' in html  # the first quarter not yet recorded
    # recommendations are required (§16): refused beside the field, nothing written
    before = snapshot()
    refused = chief.post(
        url("quarterly", w.case.pk), {"quarter": f"{YEAR}-1", "recommendations": ""}
    )
    assert refused.status_code == 422
    assert "written recommendations to the servant are required (§16)" in refused.content.decode()
    assert snapshot() == before
    response = chief.post(
        url("quarterly", w.case.pk),
        {
            "quarter": f"{YEAR}-1",
            "progress-1-value": "45",
            "progress-1-comment": "on track",
            "recommendations": "Өтініштерді уақытында қарау",
        },
    )
    assert response.status_code == 302
    review = QuarterlyReview.objects.get(case=w.case, year=YEAR, quarter=1)
    assert review.progress[0] == {"kpi": 1, "value": "45", "comment": "on track"}
    html = chief.get(url("quarterly", w.case.pk)).content.decode()
    assert f'value="{YEAR}-2" selected' in html  # on to the next quarter
    html = as_user(client, w.spec1.user).get(url("quarterly", w.case.pk)).content.decode()
    assert "Өтініштерді уақытында қарау" in html
    assert "on track" in html
    assert 'id="quarter-form"' not in html
    assert (
        as_user(client, w.spec1.user)
        .post(url("quarterly", w.case.pk), {"quarter": f"{YEAR}-2", "recommendations": "x"})
        .status_code
        == 422
    )
    assert not QuarterlyReview.objects.filter(quarter=2).exists()


# --- KPI sheet ------------------------------------------------------------------------------


def test_the_kpi_sheet_round_with_the_rating_shown_live(client, w):
    approved_plan(w)
    chief = as_user(client, w.chief.user)
    html = chief.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'id="kpi-sheet-form"' in html
    assert 'name="results-5-achieved"' in html
    # live: the proposals and the rating the marks give (§18), nothing written
    before = snapshot()
    live = chief.post(url("kpi_sheet_check", w.case.pk), sheet_form([True] * 4 + [False]))
    text = live.content.decode()
    assert 'data-rating="effective"' in text
    assert "Achieved in full: 4 of 5" in text
    assert 'id="proposed-1" class="kpi-proposed" hx-swap-oob="true"><span class="badge good">' in (
        text
    )
    assert 'id="proposed-5" class="kpi-proposed" hx-swap-oob="true"><span class="badge bad">' in (
        text
    )
    live = chief.post(
        url("kpi_sheet_check", w.case.pk), sheet_form([True, True, None, False, None])
    )
    text = live.content.decode()
    assert 'data-rating="unsatisfactory"' in text
    assert "2 KPIs are not marked yet" in text
    assert snapshot() == before
    # signing with a KPI unmarked is refused beside it, and keeps nothing
    refused = chief.post(
        url("kpi_sheet", w.case.pk), sheet_form([True, True, True, True, None], "sign")
    )
    assert refused.status_code == 422
    assert "KPI 5: confirm whether it was achieved in full (§18)" in refused.content.decode()
    assert snapshot() == before
    # saved, then signed
    assert chief.post(url("kpi_sheet", w.case.pk), sheet_form([True] * 5)).status_code == 302
    sheet = KpiSheet.objects.get(case=w.case)
    assert sheet.state == "draft"
    html = chief.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'data-rating="excellent"' in html  # the rating of the saved marks, on load
    data = sheet_form([True] * 4 + [False], "sign")
    assert chief.post(url("kpi_sheet", w.case.pk), data).status_code == 302
    sheet.refresh_from_db()
    assert (sheet.state, sheet.achieved_count, sheet.rating) == ("signed", 4, "effective")
    html = chief.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'id="kpi-sheet-form"' not in html
    assert "effective" in html
    assert url("document", "kpi-sheet", sheet.pk, "pdf") in html
    # the servant sees it and acknowledges it
    servant = as_user(client, w.spec1.user)
    html = servant.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'value="acknowledge"' in html
    assert 'value="agree"' not in html
    assert servant.post(url("kpi_sheet", w.case.pk), {"action": "acknowledge"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.acknowledged_at is not None
    html = servant.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'value="acknowledge"' not in html  # seen once is seen
    # the approver agrees; HR puts it before the commission
    head = as_user(client, w.head.user)
    html = head.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'value="agree"' in html
    assert 'value="return"' in html
    assert head.post(url("kpi_sheet", w.case.pk), {"action": "agree"}).status_code == 302
    hr = as_user(client, w.hr.user)
    html = hr.get(url("kpi_sheet", w.case.pk)).content.decode()
    assert 'value="to_commission"' in html
    assert 'value="agree"' not in html
    assert hr.post(url("kpi_sheet", w.case.pk), {"action": "to_commission"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == "with_commission"


def test_the_approver_returns_the_kpi_sheet_with_a_reason(client, w):
    approved_plan(w)
    results = [
        {"kpi": n, "actual_value": 99, "evidence": f"акт №{n}", "achieved": True}
        for n in range(1, 6)
    ]
    sheet = kpi_sheet_save_results(case_id=w.case.pk, results=results, actor=w.chief.user)
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=w.chief.user)
    head = as_user(client, w.head.user)
    refused = head.post(url("kpi_sheet", w.case.pk), {"action": "return", "reason": ""})
    assert refused.status_code == 422
    assert KpiSheet.objects.get(pk=sheet.pk).state == "signed"
    response = head.post(
        url("kpi_sheet", w.case.pk), {"action": "return", "reason": "акт №3 is not signed"}
    )
    assert response.status_code == 302
    html = as_user(client, w.chief.user).get(url("kpi_sheet", w.case.pk)).content.decode()
    assert "акт №3 is not signed" in html
    assert 'id="kpi-sheet-form"' in html
    assert 'value="sign"' in html


def test_no_kpi_sheet_before_the_plan_is_approved(client, w):
    html = as_user(client, w.chief.user).get(url("kpi_sheet", w.case.pk)).content.decode()
    assert "not approved yet" in html
    assert 'id="kpi-sheet-form"' not in html


# --- team and approvals ---------------------------------------------------------------------


def with_documents(body: SimpleNamespace, keep: int) -> None:
    """Keep `keep` of the chief's subordinates' cases; each gets a submitted plan."""
    cases = list(
        EvaluationCase.objects.filter(
            cycle=body.cycle, position__reports_to=body.chief_position
        ).order_by("pk")
    )
    for case in cases[keep:]:
        case.delete()
    for case in cases[:keep]:
        kpis = kpi_items(case.plan_start, body.cycle.period_end)
        plan = work_plan_save_kpis(case_id=case.pk, kpis=kpis, actor=body.chief.user)
        work_plan_act(plan_id=plan.pk, action="submit", actor=body.chief.user)


def count_queries(client, user, path: str) -> tuple[int, str]:
    as_user(client, user)
    client.get(path)  # warm caches (calendar, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_team_shows_each_subordinates_stage_in_a_fixed_number_of_queries(client, db):
    small, large = open_body(), open_body(extra=1)
    with_documents(small, 1)
    with_documents(large, 3)
    few, html_small = count_queries(client, small.chief.user, url("team"))
    many, html_large = count_queries(client, large.chief.user, url("team"))
    assert html_small.count('id="team-case-') == 1
    assert html_large.count('id="team-case-') == 3
    assert few == many
    assert "submitted for approval" in html_large
    assert url("work_plan", large.case.pk) in html_large
    # the head is not the direct supervisor of the specialists: they are not in the head's team
    html = as_user(client, large.head.user).get(url("team")).content.decode()
    assert large.spec1.full_name not in html
    assert as_user(client, large.chief.user).get(url("team") + "?cycle=999999").status_code == 404


def test_approvals_queue_in_a_fixed_number_of_queries(client, db):
    small, large = open_body(), open_body(extra=1)
    with_documents(small, 1)
    with_documents(large, 3)
    few, html_small = count_queries(client, small.head.user, url("approvals"))
    many, html_large = count_queries(client, large.head.user, url("approvals"))
    assert html_small.count("Review the plan") == 1
    assert html_large.count("Review the plan") == 3
    assert few == many
    assert url("work_plan", large.case.pk) in html_large
    # a signed KPI sheet joins the queue, linked to the sheet's page
    results = [
        {"kpi": n, "actual_value": 99, "evidence": "акт", "achieved": True} for n in range(1, 6)
    ]
    work_plan_act(
        plan_id=WorkPlan.objects.get(case=small.case).pk, action="approve", actor=small.head.user
    )
    sheet = kpi_sheet_save_results(case_id=small.case.pk, results=results, actor=small.chief.user)
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=small.chief.user)
    html = as_user(client, small.head.user).get(url("approvals")).content.decode()
    assert "Review the sheet" in html
    assert url("kpi_sheet", small.case.pk) in html
    # the direct supervisor approves nothing of their own subordinates
    html = as_user(client, large.chief.user).get(url("approvals")).content.decode()
    assert "Nothing awaits your approval now." in html
