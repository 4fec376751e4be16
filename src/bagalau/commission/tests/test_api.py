"""The commission through the API: orders, a meeting from the schedule to the approved
protocol, an adjourned one, the outcomes of a case (acquaintance, act of refusal, appeal,
court), the HR decisions view and workbook, notices, retention; who may see and do what,
refusals that change nothing, field-keyed errors, query counts (§5, §7, §8, §29–§44)."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from bagalau.commission.models import (
    Acquaintance,
    AgendaItem,
    Appeal,
    Attendance,
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
    CourtCase,
    Decision,
    Notice,
    RefusalAct,
    Vote,
)
from bagalau.commission.services import (
    case_decide,
    meeting_agree,
    meeting_approve,
    meeting_cancel,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.kpi.tests.factories import make_body_under
from bagalau.orgstructure.tests.factories import make_user
from bagalau.workcalendar.selectors import add_working_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=30)  # a meeting dated today was proposed and agreed then
PEOPLE = ("hr", "hr2", "head", "chief", *SPECIALISTS)
TOKEN_ROLES = {"chief", "other_hr"}  # by bearer token; the others by session
QUORATE = ("chief", "spec1", "spec2", "m1", "m2")  # 5 of 7 (§30)


@pytest.fixture
def w(db) -> SimpleNamespace:
    """make_commission_body's body with order № 1 (the chief chairs, spec1, spec2, m1–m4
    members, the HR officer the secretary); spec1's (5 of 5 KPIs) and spec2's (2 of 5)
    sheets before the commission; another body; an operator."""
    body = make_commission_body()
    order = form_commission(body)
    other = make_body_under()
    cases = {"spec1": to_commission(body, "spec1"), "spec2": to_commission(body, "spec2", 2)}
    operator = make_user("operator", is_superuser=True)
    users = {r: body[r].user for r in PEOPLE}
    users.update(operator=operator, other_hr=other["hr"].user, anon=None)
    return SimpleNamespace(
        **body,
        other=other,
        order=order,
        cases=cases,
        users=users,
        keys={r: api_token_create(user=users[r])[1] for r in TOKEN_ROLES},
    )


def call(client: Client, w: SimpleNamespace, role: str, method: str, path: str, data: Any = None):
    """One request to /api/v1 as `role`."""
    client.logout()
    headers = {}
    if role in TOKEN_ROLES:
        headers["Authorization"] = f"Bearer {w.keys[role]}"
    elif w.users[role] is not None:
        client.force_login(w.users[role])
    body = {"data": "" if data is None else data, "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1{path}", headers=headers, **body)


def ok(response, expected: int = 200) -> Any:
    assert response.status_code == expected, response.content
    return response.json()


def status(client: Client, w: SimpleNamespace, role: str, method: str, path: str, data=None):
    return call(client, w, role, method, path, data).status_code


def refused(response, expected: int) -> dict[str, Any]:
    assert response.status_code == expected, response.content
    return response.json()


def earliest() -> dt.date:
    """§29: the earliest date of a meeting proposed today (7 working days' notice)."""
    return add_working_days(TODAY, 7)


def ids(w, *roles: str) -> list[int]:
    return [w.__dict__[r].pk for r in roles]


MODELS = (
    CommissionOrder,
    CommissionSeat,
    CommissionMeeting,
    AgendaItem,
    Attendance,
    Vote,
    Decision,
    Acquaintance,
    RefusalAct,
    Appeal,
    CourtCase,
    Notice,
    AuditEvent,
)


def snapshot() -> dict[str, list[str]]:
    """Every row of the commission's tables and the audit log: a refusal changes none."""
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in MODELS}


# --- set-ups through the services (the API acts on today's date) ----------------------------


def scheduled_today(w) -> CommissionMeeting:
    """A meeting dated today, proposed and agreed a month ago (§29)."""
    meeting = meeting_propose(cycle_id=w.cycle.pk, date=TODAY, actor=w.hr.user, on=PAST)
    return meeting_agree(meeting_id=meeting.pk, actor=w.chief.user, on=PAST)


def cast(w, meeting, case, choices: dict[str, str], on: dt.date, **revision) -> None:
    for role, choice in choices.items():
        extra = revision if choice == "revise" else {}
        vote_cast(
            meeting_id=meeting.pk,
            case_id=case.pk,
            choice=choice,
            actor=w.users[role],
            on=on,
            **extra,
        )


def decided(w, date: dt.date, proposed_on: dt.date) -> CommissionMeeting:
    """A meeting on `date`: spec1's results approved, spec2's KPI rating revised to
    satisfactory; closed and approved by the authorized person the same day (§33–§39)."""
    meeting = meeting_propose(cycle_id=w.cycle.pk, date=date, actor=w.hr.user, on=proposed_on)
    meeting_agree(meeting_id=meeting.pk, actor=w.chief.user, on=proposed_on)
    meeting_open(meeting_id=meeting.pk, present=ids(w, *QUORATE), actor=w.hr.user, on=date)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]
    cast(w, meeting, spec1, dict.fromkeys(QUORATE, "approve"), date)
    case_decide(meeting_id=meeting.pk, case_id=spec1.pk, actor=w.hr.user, on=date)
    choices = {"chief": "revise", "m1": "revise", "m2": "revise", "spec1": "approve"}
    cast(w, meeting, spec2, {**choices, "spec2": "approve"}, date, kpi_rating="satisfactory")
    case_decide(
        meeting_id=meeting.pk,
        case_id=spec2.pk,
        actor=w.hr.user,
        recommendation="Кәсіби біліктілікті арттыру",
        on=date,
    )
    meeting_close(meeting_id=meeting.pk, actor=w.hr.user, conclusion="Бекітуге", on=date)
    return meeting_approve(meeting_id=meeting.pk, actor=w.head.user, on=date)


# --- orders (§5, §31) -----------------------------------------------------------------------


def test_orders_are_listed_with_their_composition_and_amended_by_a_new_order(client, w):
    code = w.org.code
    [first] = ok(call(client, w, "hr", "get", f"/commission/orders?organisation={code}"))
    assert (first["id"], first["organisation"], first["number"]) == (w.order.pk, code, "1")
    assert first["chair"]["name"] == w.chief.full_name
    assert [m["id"] for m in first["members"]] == ids(w, *SPECIALISTS)
    assert first["secretary"]["short_name"] == w.hr.short_name
    assert first["amends"] is None
    assert ok(call(client, w, "m3", "get", f"/commission/orders/{w.order.pk}")) == first
    assert ok(call(client, w, "head", "get", "/commission/orders")) == [first]
    assert ok(call(client, w, "other_hr", "get", "/commission/orders")) == []
    assert status(client, w, "other_hr", "get", f"/commission/orders/{w.order.pk}") == 404

    # §31: the composition changes only by an order amending the one in force
    payload = {
        "organisation": code,
        "number": "2",
        "signed_on": TODAY.isoformat(),
        "chair": w.chief.pk,
        "members": ids(w, "spec1", "spec2", "m1", "m2", "m3", "hr2"),
        "secretary": w.hr.pk,
    }
    before = snapshot()
    missing = refused(call(client, w, "head", "post", "/commission/orders", payload), 422)
    assert "§31" in missing["errors"]["amends"][0]
    # a member of the commission does not record orders (403); another body's HR cannot see it
    assert call(client, w, "spec1", "post", "/commission/orders", payload).status_code == 403
    assert call(client, w, "other_hr", "post", "/commission/orders", payload).status_code == 404
    too_few = {**payload, "members": ids(w, "spec1"), "amends": w.order.pk}
    problems = refused(call(client, w, "hr", "post", "/commission/orders", too_few), 422)
    assert "at least" in problems["errors"]["composition"][0]
    assert snapshot() == before

    amended = ok(
        call(client, w, "head", "post", "/commission/orders", {**payload, "amends": w.order.pk}),
        201,
    )
    assert amended["amends"] == {
        "id": w.order.pk,
        "number": "1",
        "signed_on": w.order.signed_on.isoformat(),
    }
    assert amended["effective_from"] == TODAY.isoformat()
    assert w.hr2.pk in [m["id"] for m in amended["members"]]
    listed = ok(call(client, w, "hr", "get", f"/commission/orders?organisation={code}"))
    assert [o["number"] for o in listed] == ["1", "2"]
    assert AuditEvent.objects.filter(action="commission_order.amend").count() == 1


def test_a_bodys_first_order_forms_its_commission(client, w):
    fresh = make_commission_body()
    client.force_login(fresh["hr"].user)
    payload = {
        "organisation": fresh["org"].code,
        "number": "15-к",
        "signed_on": "2025-12-01",
        "effective_from": "2025-12-03",
        "chair": fresh["chief"].pk,
        "members": [fresh[n].pk for n in SPECIALISTS],
        "secretary": fresh["hr"].pk,
    }
    # the first order amends nothing (422 on `amends`)
    amending = client.post(
        "/api/v1/commission/orders",
        {**payload, "amends": w.order.pk},
        content_type="application/json",
    )
    assert "amends" in refused(amending, 422)["errors"]
    order = ok(
        client.post("/api/v1/commission/orders", payload, content_type="application/json"), 201
    )
    assert (order["number"], order["effective_from"], order["amends"]) == (
        "15-к",
        "2025-12-03",
        None,
    )
    assert order["chair"]["id"] == fresh["chief"].pk
    assert len(order["members"]) == 6
    assert AuditEvent.objects.filter(action="commission_order.issue").count() == 2  # with w's


# --- meetings: the schedule (§29) -----------------------------------------------------------


def test_a_meeting_is_proposed_agreed_moved_refreshed_and_cancelled(client, w):
    path = "/commission/meetings"
    # §29: 7 working days' notice; a nearer date is 422 naming the earliest one
    before = snapshot()
    near = {"cycle": w.cycle.pk, "date": TODAY.isoformat(), "place": "Мәжіліс залы"}
    error = refused(call(client, w, "hr", "post", path, near), 422)
    assert earliest().isoformat() in error["errors"]["date"][0]
    # a servant of the body who sees the cycle may not schedule (403)
    assert status(client, w, "spec1", "post", path, {**near, "date": str(earliest())}) == 403
    assert snapshot() == before

    meeting = ok(call(client, w, "hr", "post", path, {**near, "date": str(earliest())}), 201)
    assert (meeting["state"], meeting["date"], meeting["place"]) == (
        "proposed",
        str(earliest()),
        "Мәжіліс залы",
    )
    assert meeting["state_label"] == "proposed, awaiting the chair's agreement"
    assert [i["case"] for i in meeting["items"]] == [c.pk for c in w.cases.values()]
    assert meeting["actions"] == ["reschedule", "agenda", "cancel"]
    assert [c["role"] for c in meeting["composition"]] == ["chair", *["member"] * 6, "secretary"]
    assert meeting["quorum"]["members"] == 7
    one = f"{path}/{meeting['id']}"
    assert ok(call(client, w, "chief", "get", one))["actions"] == ["agree"]

    # the chair agrees: the commission and the servants on the agenda are notified
    agreed = ok(call(client, w, "chief", "post", f"{one}/agree"))
    assert (agreed["state"], agreed["agreed_on"], agreed["notified_on"]) == (
        "scheduled",
        str(TODAY),
        str(TODAY),
    )
    assert Notice.objects.filter(meeting_id=meeting["id"], kind="meeting_scheduled").count() == 8
    assert ok(call(client, w, "hr", "get", one))["actions"] == [
        "reschedule",
        "agenda",
        "cancel",
        "open",
    ]

    # HR moves it: the chair agrees again
    later = add_working_days(TODAY, 9)
    moved = ok(call(client, w, "hr", "post", f"{one}/reschedule", {"date": str(later)}))
    assert (moved["state"], moved["date"], moved["place"]) == (
        "proposed",
        str(later),
        "Мәжіліс залы",
    )
    assert moved["agreed_on"] is None

    # m1's sheets reach the commission after the proposal: the agenda takes them
    m1 = to_commission(w.__dict__, "m1")
    refreshed = ok(call(client, w, "hr", "post", f"{one}/agenda"))
    assert [i["case"] for i in refreshed["items"]][-1] == m1.pk

    # cancelling needs a reason (422 on `reason`), then the cases are free again
    assert "reason" in refused(call(client, w, "hr", "post", f"{one}/cancel", {}), 422)["errors"]
    cancelled = ok(call(client, w, "hr", "post", f"{one}/cancel", {"reason": "Төраға жоқ"}))
    assert (cancelled["state"], cancelled["reason"], cancelled["actions"]) == (
        "cancelled",
        "Төраға жоқ",
        [],
    )
    listed = ok(call(client, w, "hr", "get", f"{path}?organisation={w.org.code}"))
    assert [(m["id"], m["state"], m["cases"], m["decided"]) for m in listed] == [
        (meeting["id"], "cancelled", 3, 0)
    ]
    assert ok(call(client, w, "hr", "get", f"{path}?cycle={w.cycle.pk + 1000}")) == []
    actions = list(
        AuditEvent.objects.filter(action__startswith="meeting.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "meeting.propose",
        "meeting.agree",
        "meeting.reschedule",
        "meeting.agenda",
        "meeting.cancel",
    ]


# --- meetings: the sitting (§30–§39) --------------------------------------------------------


def test_a_meeting_sits_votes_decides_closes_and_is_approved(client, w):
    meeting = scheduled_today(w)
    one = f"/commission/meetings/{meeting.pk}"
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]

    # §30: opened with 4 of 7 present, not quorate; a member arrives
    opened = ok(call(client, w, "hr", "post", f"{one}/open", {"present": ids(w, *QUORATE[:4])}))
    assert opened["state"] == "in_session"
    assert opened["order"]["id"] == w.order.pk
    assert (opened["quorum"]["present"], opened["quorum"]["needed"]) == (4, 5)
    assert not opened["quorum"]["quorate"]
    quorate = ok(call(client, w, "hr", "post", f"{one}/attendance", {"present": ids(w, *QUORATE)}))
    assert quorate["quorum"]["quorate"]
    assert [c["present"] for c in quorate["composition"]] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        None,
    ]
    assert quorate["actions"] == ["attendance", "vote", "recuse", "decide", "close", "adjourn"]
    assert ok(call(client, w, "spec1", "get", one))["actions"] == ["vote", "recuse"]

    # spec1 recuses from their own case; the others vote (the secretary minutes m1's vote)
    case1 = f"{one}/cases/{spec1.pk}"
    ok(call(client, w, "spec1", "post", f"{case1}/recuse", {"reason": "өз бағалауым"}))
    for role in ("chief", "spec2"):
        ok(call(client, w, role, "post", f"{case1}/vote", {"choice": "approve"}))
    ok(call(client, w, "hr", "post", f"{case1}/vote", {"choice": "approve", "member": w.m1.pk}))
    revise = {"choice": "revise", "kpi_rating": "effective", "comment": "дәлелдер аз"}
    shown = ok(call(client, w, "m2", "post", f"{case1}/vote", revise))
    votes = {v["member"]["id"]: v for v in shown["items"][0]["votes"]}
    assert votes[w.spec1.pk]["choice"] == "recused"
    assert (votes[w.m2.pk]["choice"], votes[w.m2.pk]["kpi_rating"]) == ("revise", "effective")
    decision = ok(call(client, w, "hr", "post", f"{case1}/decide"))["items"][0]["decision"]
    assert (decision["outcome"], decision["votes_for"], decision["votes_cast"]) == ("approve", 3, 4)
    assert decision["revised"] is None

    # spec2: 3 of 5 revise the KPI rating (§33); a revision needs a recommendation (§38)
    case2 = f"{one}/cases/{spec2.pk}"
    raise_it = {"choice": "revise", "kpi_rating": "satisfactory"}
    for role in ("chief", "m1", "m2"):
        ok(call(client, w, role, "post", f"{case2}/vote", raise_it))
    for role in ("spec1", "spec2"):
        ok(call(client, w, role, "post", f"{case2}/vote", {"choice": "approve"}))
    error = refused(call(client, w, "hr", "post", f"{case2}/decide"), 422)
    assert "§38" in error["errors"]["recommendation"][0]
    advice = {"recommendation": "Кәсіби біліктілікті арттыру"}
    revised = ok(call(client, w, "hr", "post", f"{case2}/decide", advice))["items"][1]["decision"]
    assert revised["original"]["kpi_rating"] == "unsatisfactory"
    assert revised["revised"]["kpi_rating"] == "satisfactory"
    assert revised["state"] == "taken"

    # HR closes it; the protocol (Annex 5) is fixed; the authorized person approves (§39)
    assert ok(call(client, w, "hr", "get", f"{one}/protocol"))["draft"]
    close = {"conclusion": "Нәтижелер бекітуге ұсынылады", "protocol_number": "7"}
    closed = ok(call(client, w, "hr", "post", f"{one}/close", close))
    assert (closed["state"], closed["protocol_number"], closed["actions"]) == ("closed", "7", [])
    assert ok(call(client, w, "head", "get", one))["actions"] == ["approve"]
    protocol = ok(call(client, w, "chief", "get", f"{one}/protocol"))
    assert (protocol["number"], protocol["draft"], protocol["body"]["code"]) == (
        "7",
        False,
        w.org.code,
    )
    rows = {r["case"]: r for r in protocol["rows"]}
    assert rows[spec1.pk]["corrected"] is None
    assert rows[spec2.pk]["corrected"]["kpi_rating"] == "satisfactory"
    assert rows[spec2.pk]["recommendation"] == advice["recommendation"]
    assert [(s["role"], s["present"]) for s in protocol["signatories"]][::7] == [
        ("chair", True),
        ("secretary", None),
    ]
    assert protocol["approved_on"] is None

    approved = ok(call(client, w, "head", "post", f"{one}/approve"))
    assert (approved["state"], approved["approved_on"], approved["approved_by"]) == (
        "approved",
        str(TODAY),
        w.head.short_name,
    )
    assert [i["decision"]["state"] for i in approved["items"]] == ["final", "final"]
    protocol = ok(call(client, w, "hr", "get", f"{one}/protocol"))
    assert (protocol["approved_on"], protocol["approved_by"]) == (str(TODAY), w.head.short_name)
    due = add_working_days(TODAY, 2)  # §40
    assert set(Acquaintance.objects.values_list("case_id", "state", "due")) == {
        (spec1.pk, "pending", due),
        (spec2.pk, "pending", due),
    }
    listed = ok(call(client, w, "head", "get", "/commission/meetings"))
    assert [(m["state"], m["cases"], m["decided"], m["protocol_number"]) for m in listed] == [
        ("approved", 2, 2, "7")
    ]


def test_an_inquorate_meeting_decides_nothing_and_is_adjourned(client, w):
    meeting = scheduled_today(w)
    one = f"/commission/meetings/{meeting.pk}"
    ok(call(client, w, "hr", "post", f"{one}/open", {"present": ids(w, "chief", "spec1")}))
    before = snapshot()
    vote = f"{one}/cases/{w.cases['spec1'].pk}/vote"
    error = refused(call(client, w, "chief", "post", vote, {"choice": "approve"}), 422)
    assert "2 of 7 members present, 5 needed" in error["detail"]
    # the secretary is not counted (§34): 422 on `present`
    error = refused(call(client, w, "hr", "post", f"{one}/attendance", {"present": [w.hr.pk]}), 422)
    assert "§34" in error["errors"]["present"][0]
    assert snapshot() == before
    adjourned = ok(call(client, w, "hr", "post", f"{one}/adjourn", {"reason": "кворум жоқ"}))
    assert (adjourned["state"], adjourned["reason"]) == ("adjourned", "кворум жоқ")
    assert adjourned["items"][0]["decision"] is None


# --- refusals: 403, 409, 404, 422, and nothing changes --------------------------------------


def test_a_wrong_role_is_403_or_409_and_out_of_turn_409_and_nothing_changes(client, w):
    proposed = meeting_propose(cycle_id=w.cycle.pk, date=earliest(), actor=w.hr.user)
    path = f"/commission/meetings/{proposed.pk}"
    before = snapshot()
    # out of turn: nobody votes on a proposed meeting, nobody approves it (409)
    vote = f"{path}/cases/{w.cases['spec1'].pk}/vote"
    out = refused(call(client, w, "chief", "post", vote, {"choice": "approve"}), 409)
    assert "only while" in out["detail"]
    assert call(client, w, "head", "post", f"{path}/approve").status_code == 409
    # the chair agrees, not HR (409: the workflow names who may)
    wrong = refused(call(client, w, "hr", "post", f"{path}/agree"), 409)
    assert "chair of the commission" in wrong["detail"]
    assert snapshot() == before
    meeting_cancel(meeting_id=proposed.pk, actor=w.hr.user, reason="басқа күн")

    meeting = scheduled_today(w)
    meeting_open(meeting_id=meeting.pk, present=ids(w, *QUORATE), actor=w.hr.user)
    path = f"/commission/meetings/{meeting.pk}"
    before = snapshot()
    # a member casts only their own vote (403); the secretary minutes others'
    vote = f"{path}/cases/{w.cases['spec1'].pk}/vote"
    other = {"choice": "approve", "member": w.m1.pk}
    denied = refused(call(client, w, "spec2", "post", vote, other), 403)
    assert "own vote" in denied["detail"]
    # the secretary does not vote (§34): 422 on `member`
    secretary = {"choice": "approve", "member": w.hr.pk}
    error = refused(call(client, w, "hr", "post", vote, secretary), 422)
    assert "§34" in error["errors"]["member"][0]
    # a bad choice is 422 on `choice`; a case not on the agenda is 422 on `case`
    assert (
        "choice" in refused(call(client, w, "chief", "post", vote, {"choice": "x"}), 422)["errors"]
    )
    stray = f"{path}/cases/999999/vote"
    error = refused(call(client, w, "chief", "post", stray, {"choice": "approve"}), 422)
    assert "case" in error["errors"]
    # a servant on the commission cannot approve the protocol: the workflow refuses (409)
    assert call(client, w, "spec1", "post", f"{path}/approve").status_code == 409
    assert snapshot() == before


def test_another_bodys_meetings_are_404(client, w):
    meeting = meeting_propose(cycle_id=w.cycle.pk, date=earliest(), actor=w.hr.user)
    path = f"/commission/meetings/{meeting.pk}"
    before = snapshot()
    for method, url, data in [
        ("get", path, None),
        ("get", f"{path}/protocol", None),
        ("post", f"{path}/agree", None),
        ("post", f"{path}/cancel", {"reason": "жоқ"}),
        ("post", f"{path}/cases/{w.cases['spec1'].pk}/vote", {"choice": "approve"}),
    ]:
        assert call(client, w, "other_hr", method, url, data).status_code == 404, url
    assert ok(call(client, w, "other_hr", "get", "/commission/meetings")) == []
    propose = {"cycle": w.cycle.pk, "date": str(earliest())}
    assert call(client, w, "other_hr", "post", "/commission/meetings", propose).status_code == 404
    assert call(client, w, "operator", "get", "/commission/meetings/999999").status_code == 404
    assert call(client, w, "anon", "get", path).status_code == 401
    assert snapshot() == before
    # the operator reads every meeting and fires nothing
    assert ok(call(client, w, "operator", "get", path))["actions"] == []


# --- outcomes of a case (§40–§44) -----------------------------------------------------------


def test_the_outcome_acquaintance_refusal_appeal_and_court(client, w):
    decided(w, TODAY, PAST)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]
    outcome = ok(call(client, w, "spec1", "get", f"/cases/{spec1.pk}/outcome"))
    assert (outcome["case"], outcome["servant"]["id"], outcome["period"]) == (
        spec1.pk,
        w.spec1.pk,
        "2025",
    )
    [decision] = outcome["decisions"]
    assert (decision["outcome"], decision["state"]) == ("approve", "final")
    assert outcome["final"]["kpi_source"] == "sheet"
    [acq] = outcome["acquaintances"]
    assert (acq["state"], acq["due"], acq["refusal_act"]) == (
        "pending",
        str(add_working_days(TODAY, 2)),
        None,
    )

    # §41: spec1 acknowledges in writing; spec2 refuses and HR draws up the act
    done = ok(call(client, w, "spec1", "post", f"/acquaintances/{acq['id']}/acknowledge"))
    assert (done["state"], done["on_paper"]) == ("acknowledged", False)
    assert done["acknowledged_at"] is not None
    acq2 = Acquaintance.objects.get(case=spec2)
    act_in = {"witnesses": ids(w, "m3", "m4"), "statement": "Танысудан бас тартты", "number": "3"}
    refused_acq = ok(call(client, w, "hr", "post", f"/acquaintances/{acq2.pk}/refusal-act", act_in))
    act = refused_acq["refusal_act"]
    assert refused_acq["state"] == "refused"
    assert (act["number"], act["drawn_up_on"], act["statement"]) == (
        "3",
        str(TODAY),
        "Танысудан бас тартты",
    )
    assert act["hr_officer"]["name"] == w.hr.full_name
    assert [p["name"] for p in act["witnesses"]] == [w.m3.full_name, w.m4.full_name]
    assert act["delivered_via"] == ["bagalau_notice"]

    # §42: spec2 appeals within 10 working days of the decision; the agency rejects it
    appeal = ok(
        call(client, w, "spec2", "post", f"/cases/{spec2.pk}/appeals", {"grounds": "Келіспеймін"}),
        201,
    )
    assert (appeal["state"], appeal["hearing_body"], appeal["filed_on"]) == (
        "filed",
        "civil_service_agency",
        str(TODAY),
    )
    assert appeal["last_day"] == str(add_working_days(TODAY, 10))
    answer = {"outcome": "rejected", "reference": "Агенттік хаты № 12"}
    # the agency's answer is recorded by HR with its reference (001 §42)
    assert status(client, w, "head", "post", f"/appeals/{appeal['id']}/answer", answer) == 409
    no_reference = {"outcome": "rejected"}
    error = refused(
        call(client, w, "hr", "post", f"/appeals/{appeal['id']}/answer", no_reference), 422
    )
    assert "reference" in error["errors"]
    answered = ok(call(client, w, "hr", "post", f"/appeals/{appeal['id']}/answer", answer))
    assert (answered["state"], answered["answered_on"], answered["answer_reference"]) == (
        "rejected",
        str(TODAY),
        "Агенттік хаты № 12",
    )

    # §43: spec2 goes to court; HR records the case and the decision changing the rating
    court_in = {"court": "Арыс аудандық соты", "number": "2-115/2026", "filed_on": str(PAST)}
    assert status(client, w, "spec2", "post", f"/cases/{spec2.pk}/court-cases", court_in) == 409
    court = ok(call(client, w, "hr", "post", f"/cases/{spec2.pk}/court-cases", court_in), 201)
    assert (court["state"], court["filed_on"]) == ("pending", str(PAST))
    ruling = {
        "changed": True,
        "decided_on": str(TODAY),
        "reference": "Сот шешімі № 2-115/2026",
        "kpi_rating": "effective",
    }
    decision_path = f"/court-cases/{court['id']}/decision"
    bad = refused(
        call(client, w, "hr", "post", decision_path, {**ruling, "kpi_rating": "top"}), 422
    )
    assert "kpi_rating" in bad["errors"]
    decided_court = ok(call(client, w, "hr", "post", decision_path, ruling))
    assert (decided_court["state"], decided_court["kpi_rating"]) == ("changed", "effective")

    outcome = ok(call(client, w, "spec2", "get", f"/cases/{spec2.pk}/outcome"))
    assert outcome["final"]["kpi_rating"] == "effective"
    assert outcome["final"]["kpi_source"] == "court"
    assert outcome["final"]["court"]["reference"] == "Сот шешімі № 2-115/2026"
    assert outcome["decisions"][0]["revised"]["kpi_rating"] == "satisfactory"
    assert outcome["acquaintances"][0]["refusal_act"]["number"] == "3"
    assert [a["state"] for a in outcome["appeals"]] == ["rejected"]
    assert [c["state_label"] for c in outcome["court_cases"]] == ["decided: the result changed"]

    # an appeal upheld cancels the decision: no final result until it is decided anew
    upheld = appeal_file_as(client, w, "spec1", spec1.pk)
    ok(call(client, w, "hr", "post", f"/appeals/{upheld}/answer", {**answer, "outcome": "upheld"}))
    outcome = ok(call(client, w, "hr", "get", f"/cases/{spec1.pk}/outcome"))
    assert outcome["decisions"][0]["state"] == "cancelled"
    assert outcome["final"] is None


def appeal_file_as(client, w, role: str, case_id: int) -> int:
    appeal = call(client, w, role, "post", f"/cases/{case_id}/appeals", {"grounds": "Жоқ"})
    return ok(appeal, 201)["id"]


def test_a_late_appeal_and_an_act_with_one_witness_are_422_and_change_nothing(client, w):
    # decided 40 days ago: the 10 working days of §42 have run out
    date = TODAY - dt.timedelta(days=40)
    decided(w, date, date - dt.timedelta(days=20))
    last_day = add_working_days(date, 10)
    spec2 = w.cases["spec2"]
    acq = Acquaintance.objects.get(case=spec2)
    before = snapshot()
    late = refused(
        call(client, w, "spec2", "post", f"/cases/{spec2.pk}/appeals", {"grounds": "Кеш"}), 422
    )
    assert last_day.isoformat() in late["errors"]["filed_on"][0]
    one = {"witnesses": ids(w, "m3"), "statement": "Бас тартты"}
    error = refused(call(client, w, "hr", "post", f"/acquaintances/{acq.pk}/refusal-act", one), 422)
    assert "two other servants" in error["errors"]["witnesses"][0]
    # only HR draws up the act (409); a stranger does not see the acquaintance (404)
    two = {**one, "witnesses": ids(w, "m3", "m4")}
    assert status(client, w, "m1", "post", f"/acquaintances/{acq.pk}/refusal-act", two) == 404
    assert status(client, w, "chief", "post", f"/acquaintances/{acq.pk}/refusal-act", two) == 409
    assert status(client, w, "other_hr", "post", f"/acquaintances/{acq.pk}/acknowledge") == 404
    assert call(client, w, "hr", "post", "/acquaintances/999999/acknowledge").status_code == 404
    assert snapshot() == before
    # HR records a signature given on paper after the due date
    late_ack = ok(call(client, w, "hr", "post", f"/acquaintances/{acq.pk}/acknowledge"))
    assert (late_ack["state"], late_ack["on_paper"]) == ("acknowledged", True)


def test_who_reads_a_case_outcome(client, w):
    decided(w, TODAY, PAST)
    path = f"/cases/{w.cases['spec2'].pk}/outcome"
    for role in ("spec2", "chief", "hr", "head", "operator"):
        assert ok(call(client, w, role, "get", path))["case"] == w.cases["spec2"].pk, role
    for role in ("spec1", "m1", "other_hr"):
        assert call(client, w, role, "get", path).status_code == 404, role
    assert call(client, w, "operator", "get", "/cases/999999/outcome").status_code == 404


# --- HR decisions (§7) ----------------------------------------------------------------------


def test_hr_decisions_as_json_and_xlsx_for_hr_the_authorized_person_and_operators(client, w):
    decided(w, TODAY, PAST)
    path = f"/cycles/{w.cycle.pk}/hr-decisions"
    basis = ok(call(client, w, "hr", "get", path))
    rows = {b["case"]: b for b in basis}
    spec2 = rows[w.cases["spec2"].pk]
    assert spec2["final"]["rating"] == "satisfactory"
    assert spec2["final"]["source"] == "commission"
    assert spec2["kpi_sheet"]["rating"] == "unsatisfactory"
    assert rows[w.cases["spec1"].pk]["basis_for"] == ["bonus", "incentive"]
    assert not spec2["flagged"]
    for role in ("head", "operator"):
        assert ok(call(client, w, role, "get", path)) == basis
    for role in ("chief", "spec1"):  # they see the cycle, not this view
        assert call(client, w, role, "get", path).status_code == 403, role
        assert call(client, w, role, "get", f"{path}.xlsx").status_code == 403, role
    assert call(client, w, "other_hr", "get", path).status_code == 404
    assert call(client, w, "other_hr", "get", f"{path}.xlsx").status_code == 404

    response = call(client, w, "hr", "get", f"{path}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f"hr-decisions-{w.org.code}-2025.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted(b["name"] for b in basis)
    assert w.spec2.full_name in names


# --- notices and retention (§8) -------------------------------------------------------------


def test_notices_are_the_callers_own_newest_first(client, w):
    decided(w, TODAY, PAST)
    acq = Acquaintance.objects.get(case=w.cases["spec2"])
    act = {"witnesses": ids(w, "m3", "m4"), "statement": "Бас тартты"}
    ok(call(client, w, "hr", "post", f"/acquaintances/{acq.pk}/refusal-act", act))
    notices = ok(call(client, w, "spec2", "get", "/notices"))
    assert [n["kind"] for n in notices] == [
        "results_sent_after_refusal",
        "results_approved",
        "meeting_scheduled",
    ]
    assert notices[0]["case"] == w.cases["spec2"].pk
    assert notices[0]["organisation"] == w.org.code
    assert [n["kind"] for n in ok(call(client, w, "hr", "get", "/notices"))] == [
        "meeting_scheduled"
    ]
    assert ok(call(client, w, "other_hr", "get", "/notices")) == []
    assert call(client, w, "anon", "get", "/notices").status_code == 401


def test_retention_for_the_bodys_hr_and_operators(client, w):
    decided(w, TODAY, PAST)
    path = f"/commission/retention?organisation={w.org.code}"
    [entry] = ok(call(client, w, "hr", "get", path))
    assert (entry["cycle"], entry["completed_on"], entry["expired"], entry["open"]) == (
        w.cycle.pk,
        str(TODAY),
        False,
        None,
    )
    assert entry["kept_until"] == str(TODAY.replace(year=TODAY.year + 3))
    assert ok(call(client, w, "operator", "get", path)) == [entry]
    assert ok(call(client, w, "hr", "get", "/commission/retention")) == [entry]
    assert entry in ok(call(client, w, "operator", "get", "/commission/retention"))
    assert call(client, w, "spec1", "get", path).status_code == 403
    assert call(client, w, "spec1", "get", "/commission/retention").status_code == 403
    assert call(client, w, "other_hr", "get", path).status_code == 404
    assert ok(call(client, w, "other_hr", "get", "/commission/retention")) == []


# --- query counts ---------------------------------------------------------------------------

# session, user; the servant; the positions held and, per body, its authorized person's
# position (the marked one, the first head's); HR bodies; the meetings with their counts in one
# query. An operator: session, user, meetings. The same for 1 or 4 meetings.
LIST_QUERIES = {"hr": 8, "head": 8, "operator": 3}


@pytest.mark.parametrize("size", [1, 4])
def test_the_meeting_list_is_read_in_a_fixed_number_of_queries(
    client, w, django_assert_num_queries, size
):
    for n in range(size):
        meeting = meeting_propose(
            cycle_id=w.cycle.pk,
            date=add_working_days(PAST, 7 + n),
            actor=w.hr.user,
            on=PAST,
        )
        if n < size - 1:
            meeting_cancel(meeting_id=meeting.pk, actor=w.hr.user, reason="басқа күн", on=PAST)
    for role, queries in LIST_QUERIES.items():
        client.force_login(w.users[role])
        with django_assert_num_queries(queries):
            response = client.get("/api/v1/commission/meetings")
        assert len(response.json()) == size
        assert response.json()[-1]["cases"] == 2


# --- the OpenAPI document -------------------------------------------------------------------


def test_the_openapi_document_lists_the_commission_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/commission/orders": ("get", "post"),
        "/api/v1/commission/meetings": ("get", "post"),
        "/api/v1/commission/meetings/{meeting_id}": ("get",),
        "/api/v1/commission/meetings/{meeting_id}/protocol": ("get",),
        "/api/v1/commission/meetings/{meeting_id}/approve": ("post",),
        "/api/v1/commission/meetings/{meeting_id}/cases/{case_id}/vote": ("post",),
        "/api/v1/cases/{case_id}/outcome": ("get",),
        "/api/v1/acquaintances/{acquaintance_id}/refusal-act": ("post",),
        "/api/v1/cases/{case_id}/appeals": ("post",),
        "/api/v1/court-cases/{court_case_id}/decision": ("post",),
        "/api/v1/cycles/{cycle_id}/hr-decisions.xlsx": ("get",),
        "/api/v1/notices": ("get",),
        "/api/v1/commission/retention": ("get",),
    }
    for path, methods in expected.items():
        for method in methods:
            operation = paths[path][method]
            assert operation["tags"] == ["commission"], path
            assert operation["summary"], path
            assert re.search(r"§\d", operation["description"]), path
