"""A whole evaluation cycle walked through the pages in a real browser, as each role.

The clock is moved (time-machine) to the days each step happens on; the live server and the
services read the same clock. The KPI and competency tracks are walked in Kazakh, the
commission and its outcome in Russian:

1. the direct supervisor drafts spec1's work plan (the §13 checks shown as it is filled) and
   submits it; the first head returns it with a reason; it is resubmitted and approved;
2. the supervisor records the first quarter's monitoring;
3. the KPI sheet is filled (the rating shown live), signed, agreed, seen by the servant and
   put before the commission; the competency sheet is ticked, signed, seen and put before it;
4. HR proposes a meeting (the §29 notice checked), the chair agrees;
5. on the day, HR opens it with the attendance (the quorum shown as it changes); spec1
   recuses from their own case; votes by name end 3:3 and the chair's casting vote decides;
   HR records the decisions and closes; the authorized person approves the protocol;
6. spec1 acknowledges the result; spec2 refuses and HR draws up the act of refusal; spec2
   files an appeal within the 10 working days.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from bagalau.commission.models import (
    Acquaintance,
    AcquaintanceState,
    Appeal,
    CommissionMeeting,
    Decision,
    RefusalAct,
    Vote,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    case_of,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.competency.models import CompetencySheet
from bagalau.kpi.models import KpiSheet, QuarterlyReview, WorkPlan

pytestmark = pytest.mark.django_db(transaction=True)

ALMATY = ZoneInfo("Asia/Almaty")


def on(day: dt.date, hour: int = 10):
    """The clock set to `day` at `hour` in Almaty, ticking."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY))


def fill_plan(page, end: dt.date, first_name: str) -> None:
    for n in range(1, 6):
        page.fill(f"#kpis-{n}-name", first_name if n == 1 else f"Өтініштерді қарау мерзімі {n}")
        page.select_option(f"#kpis-{n}-source", "strategic_plan")
        page.fill(f"#kpis-{n}-source_reference", f"Стратегиялық жоспар, {n}-мақсат")
        page.fill(f"#kpis-{n}-unit", "%")
        page.fill(f"#kpis-{n}-planned_value", str(90 + n))
        page.select_option(f"#kpis-{n}-achievement", "at_least")
        page.fill(f"#kpis-{n}-deadline", end.isoformat())
        page.fill(f"#kpis-{n}-key_result", "Қызмет алушылардың қанағаттануы артады")


def test_a_whole_cycle_through_the_pages(browser_user):
    web = browser_user
    page = web.page
    body = make_commission_body()
    cycle = body["cycle"]
    case = case_of(body, "spec1")
    chief, head, hr, spec1, spec2 = (body[r] for r in ("chief", "head", "hr", "spec1", "spec2"))
    to_commission(body, "spec2")  # the second case before the commission, by the services
    form_commission(body)  # order № 1: the chief chairs, spec1, spec2, m1–m4, HR secretary

    # 1. The work plan, in Kazakh (§9–§15).
    with on(dt.date(2025, 1, 9)):
        web.sign_in(chief.user, "kk")
        web.go(f"/team/?cycle={cycle.pk}")
        page.locator(f"#team-case-{case.pk} a[href$='/work-plan/']").click()
        expect(page.locator("#plan-form")).to_be_visible()
        page.fill("#kpis-1-planned_value", "9x")
        expect(page.locator("#plan-check")).to_contain_text("9x")  # §13 shown as typed
        fill_plan(page, cycle.period_end, "Өтініштерді қарау мерзімін қысқарту")
        expect(page.locator("#plan-ok")).to_be_visible()
        web.submit("#plan-form", "submit")
        assert WorkPlan.objects.get(case=case).state == "submitted"
        expect(page.locator("main")).to_contain_text("бекітуге жіберілді")  # in Kazakh

        web.sign_in(head.user, "kk")  # the first head approves the chief's subordinates' plans
        web.go("/approvals/")
        page.locator(f"a[href='/cases/{case.pk}/work-plan/']").first.click()
        page.fill("#return-reason-input", "1-НМИ өлшемін нақтылаңыз")
        web.submit("#plan-return-form", "return")
        assert WorkPlan.objects.get(case=case).state == "returned"

        web.sign_in(chief.user, "kk")
        web.go(f"/cases/{case.pk}/work-plan/")
        expect(page.locator("main")).to_contain_text("1-НМИ өлшемін нақтылаңыз")
        page.fill("#kpis-1-name", "Өтініштерді қарау мерзімін 5 күнге қысқарту")
        web.submit("#plan-form", "submit")
        assert WorkPlan.objects.get(case=case).state == "submitted"

        web.sign_in(head.user, "kk")
        web.go(f"/cases/{case.pk}/work-plan/")
        web.submit("#plan-approve-form", "approve")
        plan = WorkPlan.objects.get(case=case)
        assert plan.state == "approved"
        assert plan.kpis.get(number=1).name == "Өтініштерді қарау мерзімін 5 күнге қысқарту"

    # 2. Quarterly monitoring (§16), in Kazakh.
    with on(dt.date(2025, 4, 3)):
        web.sign_in(chief.user, "kk")
        web.go(f"/cases/{case.pk}/quarterly/")
        page.fill("#recommendations", "Өтініштерді апта сайын талдау")
        web.submit("#quarter-form", "record")
        assert QuarterlyReview.objects.filter(case=case).count() == 1

    # 3. The KPI sheet (§17–§24) and the competency sheet (§25–§28), in Kazakh.
    with on(dt.date(2026, 1, 5)):
        web.sign_in(chief.user, "kk")
        web.go(f"/cases/{case.pk}/kpi-sheet/")
        for n in range(1, 6):
            page.fill(f"#results-{n}-actual_value", "95")
            page.fill(f"#results-{n}-evidence", f"есеп №{n}")
            page.check(f"#results-{n}-achieved-{'yes' if n < 5 else 'no'}")
        expect(page.locator("#live-rating-value")).to_have_attribute("data-rating", "effective")
        web.submit("#kpi-sheet-form", "sign")
        sheet = KpiSheet.objects.get(case=case)
        assert (sheet.state, sheet.rating) == ("signed", "effective")
    with on(dt.date(2026, 1, 6)):
        web.sign_in(head.user, "kk")
        web.go("/approvals/")
        page.locator(f"a[href='/cases/{case.pk}/kpi-sheet/']").first.click()
        web.submit("#sheet-agree-form", "agree")
    with on(dt.date(2026, 1, 7)):
        web.sign_in(spec1.user, "kk")
        page.locator(f"#inbox a[href='/cases/{case.pk}/kpi-sheet/']").click()
        web.submit("#sheet-ack-form", "acknowledge")
        assert KpiSheet.objects.get(case=case).acknowledged_at is not None
    with on(dt.date(2026, 1, 8)):
        web.sign_in(hr.user, "kk")
        web.go(f"/cases/{case.pk}/kpi-sheet/")
        web.submit("#sheet-commission-form", "to_commission")
        assert KpiSheet.objects.get(case=case).state == "with_commission"
    with on(dt.date(2026, 1, 12)):
        web.sign_in(chief.user, "kk")
        web.go(f"/cases/{case.pk}/competency/")
        web.submit("#competency-create-form", "create")
        boxes = page.locator("#competency-form input[type=checkbox]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        web.submit("#competency-form", "save")
        web.submit("#competency-actions", "sign")
        assert CompetencySheet.objects.get(case=case).state == "signed"
    with on(dt.date(2026, 1, 13)):
        web.sign_in(spec1.user, "kk")
        web.go(f"/cases/{case.pk}/competency/")
        web.submit("#competency-actions", "acknowledge")
        web.sign_in(hr.user, "kk")
        web.go(f"/cases/{case.pk}/competency/")
        web.submit("#competency-actions", "to_commission")
        assert CompetencySheet.objects.get(case=case).state == "with_commission"

    # 4. The meeting is proposed with the §29 notice and agreed by the chair, in Russian.
    with on(dt.date(2026, 1, 14)):
        web.sign_in(hr.user, "ru")
        web.go("/commission/meetings/")
        date = page.locator("#propose-form input[type=date]")
        date.fill("2026-01-20")  # 4 working days' notice: too soon, said as it is typed
        expect(page.locator("#date-verdict")).to_have_class(re.compile("bad"))
        expect(page.locator(f"#date-check-{cycle.pk}")).to_contain_text("23.01.2026")
        date.fill("2026-01-23")
        expect(page.locator("#date-verdict")).to_have_class(re.compile("good"))
        web.submit("#propose-form", "propose")
        meeting = CommissionMeeting.objects.get()
        web.sign_in(chief.user, "ru")
        web.go(f"/commission/meetings/{meeting.pk}/")
        web.submit("#agree-form", "agree")
        assert CommissionMeeting.objects.get().state == "scheduled"

    # 5. The meeting on its day: quorum, recusal, votes by name, a tie, decisions, approval.
    voters = {role: body[role] for role in ("chief", *SPECIALISTS)}
    case2 = case_of(body, "spec2")
    with on(dt.date(2026, 1, 23)):
        web.sign_in(hr.user, "ru")
        web.go(f"/commission/meetings/{meeting.pk}/")
        for role in ("chief", "spec1", "spec2", "m1"):
            page.check(f"#present-{voters[role].pk}")
        expect(page.locator("#quorum-verdict")).to_have_class(re.compile("bad"))  # 4 of 7
        page.check(f"#present-{voters['m2'].pk}")
        expect(page.locator("#quorum-verdict")).to_have_class(re.compile("good"))  # 5: ⌈2/3⌉
        expect(page.locator("#quorum-verdict")).to_have_text("правомочно")  # in Russian
        for role in ("m3", "m4"):
            page.check(f"#present-{voters[role].pk}")
        web.submit("#attendance-form")
        assert CommissionMeeting.objects.get().state == "in_session"

        meeting_url = f"/commission/meetings/{meeting.pk}/"
        case_url = f"{meeting_url}cases/{case.pk}/"
        case2_url = f"{meeting_url}cases/{case2.pk}/"

        web.sign_in(spec1.user, "ru")  # a member with their own case on the agenda
        web.go(meeting_url)
        with page.expect_navigation():  # the agenda's row opens the case's page
            page.locator(f"#agenda-{case.pk} a.btn").click()
        web.submit(f"#vote-{case.pk}-{spec1.pk}", "1")  # the recusal button
        assert page.url.startswith(web.base_url + case_url)  # back to the case, not the meeting
        with page.expect_navigation():
            page.locator("#case-next").click()  # the next case on the agenda
        web.submit(f"#vote-{case2.pk}-{spec1.pk}", "approve")
        web.sign_in(spec2.user, "ru")
        web.go(case2_url)
        web.submit(f"#vote-{case2.pk}-{spec2.pk}", "1")

        web.sign_in(hr.user, "ru")  # the secretary minutes the others' votes by name
        web.go(meeting_url)
        page.locator(f"#agenda-{case.pk} details.peek summary").click()  # the block in place
        expect(page.locator(f"#peek-{case.pk} #case-{case.pk}")).to_be_visible()
        web.submit(f"#peek-{case.pk} #vote-{case.pk}-{voters['chief'].pk}", "approve")
        assert page.url.startswith(web.base_url + case_url)
        for role in ("spec2", "m1"):
            web.submit(f"#vote-{case.pk}-{voters[role].pk}", "approve")
        for role in ("m2", "m3", "m4"):
            page.locator(f"#revise-{case.pk} summary").click()
            page.select_option(f"#revise-{case.pk}-member", str(voters[role].pk))
            page.select_option(f"#revise-{case.pk}-kpi", "excellent")
            web.submit(f"#revise-{case.pk}", "revise")
        web.go(case2_url)
        for role in ("chief", "m1", "m2", "m3", "m4"):
            web.submit(f"#vote-{case2.pk}-{voters[role].pk}", "approve")
        assert Vote.objects.filter(item__case=case).count() == 7  # 6 votes and a recusal
        web.go(case_url)
        web.submit(f"#decide-{case.pk}", "decide")
        decision = Decision.objects.get(case=case)
        assert (decision.outcome, decision.chair_casting) == ("approve", True)
        expect(page.locator(f"#case-{case.pk}")).to_contain_text("§33")
        expect(page.locator(f"#case-{case.pk}")).to_contain_text("решающим голосом председателя")
        web.go(case2_url)
        web.submit(f"#decide-{case2.pk}", "decide")
        web.go(meeting_url)
        expect(page.locator(f"#agenda-{case.pk}")).to_contain_text("§33")  # the casting vote
        expect(page.locator(f"#outcome-{case2.pk}")).to_be_visible()
        page.fill("#conclusion", "Нәтижелер бекітуге ұсынылады")
        page.fill("#protocol_number", "1")
        web.submit("#close-form", "close")
        assert CommissionMeeting.objects.get().state == "closed"
    with on(dt.date(2026, 1, 26)):
        web.sign_in(head.user, "ru")  # the first head is the authorized person (§5, §39)
        web.go("/commission/meetings/")
        web.submit(f"#approve-form-{meeting.pk}", "approve")
        assert CommissionMeeting.objects.get().state == "approved"
        web.go(f"/commission/meetings/{meeting.pk}/protocol/")
        expect(page.locator("main")).to_contain_text(spec1.short_name)

    # 6. Acquaintance, the act of refusal and an appeal (§40–§42), in Russian.
    with on(dt.date(2026, 1, 27)):
        web.sign_in(spec1.user, "ru")
        page.locator(f"#inbox a[href='/cases/{case.pk}/outcome/']").click()
        web.submit("#acknowledge-form", "acknowledge")
        assert Acquaintance.objects.get(case=case).state == AcquaintanceState.ACKNOWLEDGED

        web.sign_in(hr.user, "ru")
        web.go(f"/cases/{case2.pk}/outcome/")
        page.select_option("#signatory_1", str(body["m1"].pk))
        page.select_option("#signatory_2", str(body["m2"].pk))
        page.fill("#refusal-number", "1")
        page.fill("#refusal-statement", "Қызметші нәтижелермен танысудан бас тартты")
        web.submit("#refusal-act-form", "refuse")
        act = RefusalAct.objects.get()
        pdf = page.request.get(f"{web.base_url}/documents/refusal-act/{act.pk}.pdf")
        assert pdf.body().startswith(b"%PDF")
    with on(dt.date(2026, 1, 28)):
        web.sign_in(spec2.user, "ru")
        web.go(f"/cases/{case2.pk}/outcome/")
        expect(page.locator("main")).to_contain_text("06.02.2026")  # 10 working days (§42)
        page.fill("#appeal-grounds", "Бағалау нәтижесімен келіспеймін")
        web.submit("#appeal-form", "file")
        assert Appeal.objects.get().case_id == case2.pk
    expect(page.locator("html")).to_have_attribute("lang", "ru")
