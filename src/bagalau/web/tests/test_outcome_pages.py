"""The commission orders page (§5, §31) and a case's outcome page: the decision, the
acquaintance and the act of refusal (§40–§41), the appeal (§42; 004 §43) and court cases
(§43; 004 §44) — what each person sees, what they may do, and refusals that change nothing.

The pages act on today's date, so the meetings here are dated today (proposed a month
before) or, for a late appeal, 40 days ago."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionOrder,
    CourtCase,
    Decision,
    RefusalAct,
)
from bagalau.commission.outcomes import appeal_file
from bagalau.commission.services import commission_order_issue
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    approved_meeting,
    case_of,
    commission_data,
    form_commission,
    make_commission_body,
    shipped_methodology,
    to_commission,
)
from bagalau.kpi.tests.factories import make_body_under
from bagalau.workcalendar.selectors import add_working_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=30)  # a meeting dated today was proposed and agreed then
LONG_AGO = TODAY - dt.timedelta(days=40)  # the 10 working days of §42 have run out since


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The shipped methodology loaded once for the module (rolled back after it)."""
    with shipped_methodology(django_db_blocker):
        yield


def short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def decided(act: str = "arys-714", *, date: dt.date = TODAY) -> SimpleNamespace:
    """A body under `act` whose commission decided on spec1 (5 of 5 KPIs, approved) and
    spec2 (2 of 5, approved) on `date`, the protocol approved by the head the same day."""
    body = make_commission_body(act)
    form_commission(body)
    to_commission(body, "spec1", achieved=5)
    to_commission(body, "spec2", achieved=2)
    proposed = date - dt.timedelta(days=30)
    meeting = approved_meeting(
        body, {"spec1": "approve", "spec2": "approve"}, date=date, on=proposed, approve_on=date
    )
    return SimpleNamespace(
        **body,
        meeting=meeting,
        spec1_case=case_of(body, "spec1"),
        spec2_case=case_of(body, "spec2"),
    )


@pytest.fixture
def w() -> SimpleNamespace:
    return decided()


def page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("web:outcome", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words without tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def post(client, user, name: str, pk: int, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=[pk]), data or {}, follow=True)


# --- the decision and the acquaintance (§37–§41) --------------------------------------------


def test_the_servant_sees_the_decision_and_acknowledges_it(client, w):
    html = page(client, w.spec1.user, w.spec1_case)
    words = text(html)
    assert "results approved" in words
    assert "final" in words
    assert "Protocol" in words
    assert "№ 1" in words
    assert f"approved on {short(TODAY)}" in words
    assert "awaiting acquaintance" in words
    acq = Acquaintance.objects.get(case=w.spec1_case)
    assert short(acq.due) in words
    assert 'id="acknowledge-form"' in html
    response = post(client, w.spec1.user, "web:outcome_acknowledge", acq.pk)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("web:outcome", args=[w.spec1_case.pk])
    acq.refresh_from_db()
    assert (acq.state, acq.on_paper) == ("acknowledged", False)
    words = text(response.content.decode())
    assert "The acquaintance with the results is recorded." in words
    assert 'id="acknowledge-form"' not in response.content.decode()


def test_a_servant_sees_no_hr_forms_and_hr_sees_no_servants_button(client, w):
    html = page(client, w.spec2.user, w.spec2_case)
    for form in (
        "refusal-act-form",
        "paper-signature-form",
        "court-case-form",
        "appeal-answer-form",
    ):
        assert f'id="{form}"' not in html, form
    assert 'id="acknowledge-form"' in html
    html = page(client, w.hr.user, w.spec2_case)
    assert 'id="refusal-act-form"' in html
    assert 'id="paper-signature-form"' in html
    assert 'id="court-case-form"' in html
    assert 'id="acknowledge-form"' not in html
    # the supervisor reads the outcome and acts on nothing here
    html = page(client, w.chief.user, w.spec2_case)
    assert '<form method="post" action="/outcome/' not in html
    assert 'id="appeal-form"' not in html


def test_the_server_refuses_what_the_page_does_not_offer(client, w):
    acq = Acquaintance.objects.get(case=w.spec2_case)
    before = commission_data()
    data = {"signatory_1": w.m3.pk, "signatory_2": w.m4.pk, "statement": "Бас тартты"}
    response = post(client, w.spec2.user, "web:outcome_refusal_act", acq.pk, data)
    assert response.status_code == 200
    assert 'class="msg msg-error"' in response.content.decode()
    response = post(
        client,
        w.chief.user,
        "web:outcome_court_case",
        w.spec2_case.pk,
        {"court": "Арыс соты", "number": "2-1", "filed_on": PAST.isoformat()},
    )
    assert 'class="msg msg-error"' in response.content.decode()
    assert commission_data() == before


def test_hr_draws_up_the_act_of_refusal_and_it_downloads(client, w):
    acq = Acquaintance.objects.get(case=w.spec2_case)
    data = {
        "signatory_1": w.m3.pk,
        "signatory_2": w.m4.pk,
        "statement": "Танысудан бас тартты",
        "number": "3",
    }
    response = post(client, w.hr.user, "web:outcome_refusal_act", acq.pk, data)
    html = response.content.decode()
    act = RefusalAct.objects.get(acquaintance=acq)
    assert (act.witness_one, act.witness_two, act.hr_officer) == (w.m3, w.m4, w.hr)
    acq.refresh_from_db()
    assert acq.state == "refused"
    link = reverse("web:document", args=["refusal-act", act.pk, "pdf"])
    assert link in html
    assert 'id="refusal-act-form"' not in html
    assert w.m3.full_name in text(html)
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_an_act_signed_by_the_refusing_servant_is_refused_beside_the_field(client, w):
    acq = Acquaintance.objects.get(case=w.spec2_case)
    before = commission_data()
    data = {"signatory_1": w.spec2.pk, "signatory_2": w.m4.pk, "statement": "Бас тартты"}
    response = post(client, w.hr.user, "web:outcome_refusal_act", acq.pk, data)
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'<ul class="field-errors" id="err-witnesses">(.*?)</ul>', html, re.S)
    assert errors, html
    assert "the servant who refused cannot sign as a witness" in errors.group(1)
    # the input is kept for the correction
    assert f'<option value="{w.spec2.pk}" selected>' in html
    assert "Бас тартты" in html
    assert commission_data() == before
    assert not RefusalAct.objects.exists()


# --- the appeal (§42; 004 §43) --------------------------------------------------------------


def test_the_servant_appeals_in_time_with_the_last_day_shown(client, w):
    last_day = add_working_days(TODAY, 10)
    words = text(page(client, w.spec2.user, w.spec2_case))
    assert f"the last allowed day is {short(last_day)}" in words
    assert "heard by the civil-service agency" in words
    response = post(
        client, w.spec2.user, "web:outcome_appeal", w.spec2_case.pk, {"grounds": "Келіспеймін"}
    )
    appeal = Appeal.objects.get(case=w.spec2_case)
    assert (appeal.state, appeal.last_day, appeal.grounds) == ("filed", last_day, "Келіспеймін")
    html = response.content.decode()
    assert "Келіспеймін" in html
    assert 'id="appeal-form"' not in html  # one appeal awaits its answer
    assert "awaits its answer" in text(html)


def test_an_appeal_without_grounds_is_refused_beside_the_field(client, w):
    response = post(client, w.spec2.user, "web:outcome_appeal", w.spec2_case.pk, {"grounds": " "})
    html = response.content.decode()
    assert re.search(r'id="err-grounds"><li>state the grounds of the appeal', html)
    assert not Appeal.objects.exists()


def test_a_late_appeal_is_refused_naming_the_last_day():
    from django.test import Client

    client = Client()
    w = decided(date=LONG_AGO)
    last_day = add_working_days(LONG_AGO, 10)
    html = page(client, w.spec2.user, w.spec2_case)
    assert f"the period to appeal has ended on {short(last_day)}" in text(html)
    assert 'id="appeal-form"' not in html
    before = commission_data()
    response = post(client, w.spec2.user, "web:outcome_appeal", w.spec2_case.pk, {"grounds": "Кеш"})
    words = text(response.content.decode())
    assert f"the last day to appeal was {last_day.isoformat()}" in words
    assert commission_data() == before
    assert not Appeal.objects.exists()


def test_under_the_nchr_act_the_authorized_person_answers_and_the_case_goes_back():
    from django.test import Client

    client = Client()
    w = decided("nchr-1")
    appeal = appeal_file(case_id=w.spec2_case.pk, actor=w.spec2.user, grounds="Келіспеймін")
    assert appeal.hearing_body == "authorized_person"
    # HR does not answer under 004: no form, and the server refuses
    html = page(client, w.hr.user, w.spec2_case)
    assert 'id="appeal-answer-form"' not in html
    before = commission_data()
    response = post(
        client,
        w.hr.user,
        "web:outcome_appeal_answer",
        appeal.pk,
        {"outcome": "upheld", "reference": "№ 1"},
    )
    assert 'class="msg msg-error"' in response.content.decode()
    assert commission_data() == before
    # the authorized person (the first head) answers, with no reference to give
    html = page(client, w.head.user, w.spec2_case)
    assert 'id="appeal-answer-form"' in html
    assert 'name="reference"' not in html
    response = post(
        client,
        w.head.user,
        "web:outcome_appeal_answer",
        appeal.pk,
        {"outcome": "upheld", "note": "Қайта қарауға"},
    )
    appeal.refresh_from_db()
    assert appeal.state == "upheld"
    assert Decision.objects.get(case=w.spec2_case).state == "cancelled"
    words = text(response.content.decode())
    assert "the case goes back on the commission's agenda" in words
    assert "cancelled on appeal" in words
    assert 'id="appeal-form"' not in response.content.decode()


def test_under_the_arys_act_hr_records_the_agencys_answer_with_its_reference(client, w):
    appeal = appeal_file(case_id=w.spec2_case.pk, actor=w.spec2.user, grounds="Келіспеймін")
    assert 'id="appeal-answer-form"' not in page(client, w.head.user, w.spec2_case)
    html = page(client, w.hr.user, w.spec2_case)
    assert 'id="appeal-answer-form"' in html
    assert 'name="reference"' in html
    response = post(
        client, w.hr.user, "web:outcome_appeal_answer", appeal.pk, {"outcome": "rejected"}
    )
    assert re.search(r'id="err-reference"><li>give the number and date', response.content.decode())
    appeal.refresh_from_db()
    assert appeal.state == "filed"
    post(
        client,
        w.hr.user,
        "web:outcome_appeal_answer",
        appeal.pk,
        {"outcome": "rejected", "reference": "Агенттік хаты № 12"},
    )
    appeal.refresh_from_db()
    assert (appeal.state, appeal.answer_reference) == ("rejected", "Агенттік хаты № 12")


# --- court cases (§43) ----------------------------------------------------------------------


def test_hr_records_a_court_case_and_its_ruling(client, w):
    response = post(
        client,
        w.hr.user,
        "web:outcome_court_case",
        w.spec2_case.pk,
        {"court": "Арыс аудандық соты", "number": "2-115/2026", "filed_on": "not a date"},
    )
    assert re.search(r'id="err-court-filed-on"><li>', response.content.decode())
    assert not CourtCase.objects.exists()
    post(
        client,
        w.hr.user,
        "web:outcome_court_case",
        w.spec2_case.pk,
        {"court": "Арыс аудандық соты", "number": "2-115/2026", "filed_on": PAST.isoformat()},
    )
    court = CourtCase.objects.get(case=w.spec2_case)
    response = post(
        client,
        w.hr.user,
        "web:outcome_court_decision",
        court.pk,
        {
            "changed": "yes",
            "decided_on": TODAY.isoformat(),
            "reference": "Сот шешімі № 2-115/2026",
            "kpi_rating": "effective",
        },
    )
    court.refresh_from_db()
    assert (court.state, court.kpi_rating) == ("changed", "effective")
    words = text(response.content.decode())
    assert "2-115/2026" in words
    assert "Сот шешімі № 2-115/2026" in words
    assert "as changed by a court" in words
    # the servant reads the list and has no court forms
    html = page(client, w.spec2.user, w.spec2_case)
    assert "Арыс аудандық соты" in html
    assert 'id="court-case-form"' not in html
    assert "court-decision-form" not in html


def test_a_stranger_gets_404(client, w):
    other = make_body_under()
    acq = Acquaintance.objects.get(case=w.spec2_case)
    for user in (other["hr"].user, w.spec1.user, w.m1.user):
        client.force_login(user)
        assert client.get(reverse("web:outcome", args=[w.spec2_case.pk])).status_code == 404
        url = reverse("web:outcome_acknowledge", args=[acq.pk])
        assert client.post(url).status_code == 404
        url = reverse("web:outcome_appeal", args=[w.spec2_case.pk])
        assert client.post(url, {"grounds": "x"}).status_code == 404
    client.force_login(w.hr.user)
    assert client.get(reverse("web:outcome", args=[999999])).status_code == 404
    assert not Appeal.objects.exists()
    client.logout()
    response = client.get(reverse("web:outcome", args=[w.spec2_case.pk]))
    assert response.status_code == 302


# --- commission orders (§5, §31) ------------------------------------------------------------


def order_data(body, **changes) -> dict:
    data = {
        "organisation": body["org"].code,
        "number": "1",
        "signed_on": "2025-12-01",
        "chair": body["chief"].pk,
        "members": [body[n].pk for n in SPECIALISTS],
        "secretary": body["hr"].pk,
    }
    return {**data, **changes}


def test_an_order_with_too_few_members_is_refused_and_a_valid_one_is_shown(client):
    body = make_commission_body()
    client.force_login(body["hr"].user)
    html = client.get(reverse("web:orders")).content.decode()
    assert 'id="order-form"' in html
    assert "No commission order is recorded yet." in text(html)
    before = commission_data()
    response = client.post(
        reverse("web:orders"), order_data(body, members=[body["spec1"].pk, body["spec2"].pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'id="err-composition">(.*?)</ul>', html, re.S)
    assert errors
    assert "the methodology asks for at least 5" in errors.group(1)
    assert f'value="{body["spec1"].pk}" checked' in html  # the choice is kept
    assert commission_data() == before

    response = client.post(reverse("web:orders"), order_data(body), follow=True)
    order = CommissionOrder.objects.get(organisation=body["org"])
    words = text(response.content.decode())
    assert "The commission order is recorded." in words
    assert body["chief"].full_name in words
    assert body["m4"].full_name in words
    assert body["hr"].full_name in words
    assert f"№ 1 of {short(order.signed_on)}" in words
    # the next order amends it: the form says so and shows its composition
    html = response.content.decode()
    assert "Record an order amending order № 1" in words
    assert f'name="amends" value="{order.pk}"' in html
    response = client.post(
        reverse("web:orders"),
        order_data(
            body,
            number="2",
            signed_on="2026-02-01",
            amends=order.pk,
            members=[body[n].pk for n in SPECIALISTS[:-1]] + [body["hr2"].pk],
        ),
        follow=True,
    )
    amending = CommissionOrder.objects.get(number="2")
    assert amending.amends == order
    assert re.search(r"№ 2 of .*?№ 1 of", text(response.content.decode()))


def test_an_order_without_amends_after_the_first_is_refused(client):
    body = make_commission_body()
    form_commission(body)
    client.force_login(body["head"].user)  # the authorized person
    before = commission_data()
    response = client.post(reverse("web:orders"), order_data(body, number="2"))
    assert re.search(r'id="err-amends"><li>the commission of', response.content.decode())
    assert commission_data() == before


def test_a_servant_reads_the_orders_but_records_none(client):
    body = make_commission_body()
    form_commission(body)
    client.force_login(body["spec1"].user)  # a member of the commission
    html = client.get(reverse("web:orders")).content.decode()
    assert body["chief"].full_name in html
    assert 'id="order-form"' not in html
    before = commission_data()
    response = client.post(reverse("web:orders"), order_data(body, number="2"))
    assert 'class="msg msg-error"' in response.content.decode()
    assert commission_data() == before
    client.force_login(make_body_under()["hr"].user)
    assert body["chief"].full_name not in client.get(reverse("web:orders")).content.decode()


def test_the_orders_page_reads_a_fixed_number_of_queries(client):
    body = make_commission_body()
    first = form_commission(body)
    client.force_login(body["hr"].user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("web:orders")).status_code == 200
        return len(queries)

    one = count()
    previous = first
    for n, day in ((2, dt.date(2026, 2, 2)), (3, dt.date(2026, 3, 2))):
        previous = commission_order_issue(
            organisation=body["org"],
            number=str(n),
            signed_on=day,
            chair=body["chief"].pk,
            members=[body[m].pk for m in SPECIALISTS],
            secretary=body["hr2" if n == 2 else "hr"].pk,
            amends=previous.pk,
            actor=body["head"].user,
        )
    assert CommissionOrder.objects.filter(organisation=body["org"]).count() == 3
    assert count() == one
