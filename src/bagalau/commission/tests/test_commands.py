"""The operator's console for the commission: `bagalau meeting`, `commission`, `purge` and
`hr-decisions`, and the read-only admin of the commission's records."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bagalau.commission.management.commands import purge as purge_command
from bagalau.commission.models import (
    AgendaItem,
    Attendance,
    CommissionMeeting,
    CommissionOrder,
    Decision,
)
from bagalau.commission.outcomes import (
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    court_case_decide,
    court_case_record,
    refusal_act_draw_up,
)
from bagalau.commission.selectors import meeting_document, meeting_full
from bagalau.commission.services import (
    case_decide,
    meeting_adjourn,
    meeting_agree,
    meeting_approve,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
    vote_recuse,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    case_of,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.core.console import dumps
from bagalau.core.models import AuditEvent
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.services import cycle_open
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.tests.factories import make_user

D = dt.date
pytestmark = pytest.mark.django_db

# `meeting list`: the body, the meetings with their counts, the body's orders, the versions.
MEETING_LIST_QUERIES = 4


def run(*args: str, verbosity: int | None = None) -> str:
    out = io.StringIO()
    extra: dict[str, Any] = {} if verbosity is None else {"verbosity": verbosity}
    call_command(*args, stdout=out, stderr=io.StringIO(), **extra)
    return out.getvalue()


def votes(body, meeting, case, choices, **extra) -> None:
    for role, choice in choices.items():
        vote_cast(
            meeting_id=meeting.pk,
            case_id=case.pk,
            choice=choice,
            actor=body[role].user,
            on=meeting.date,
            **extra.get(role, {}),
        )


@pytest.fixture
def heard() -> dict[str, Any]:
    """A cycle heard to the end: a meeting adjourned for want of a quorum (4 of 7), then a
    quorate one (5 of 7) where spec1 recuses from their own case and the chair's vote breaks
    the tie, spec2's rating is revised, m1's unsatisfactory rating approved; the protocol
    approved on 4 February 2026. spec1 acknowledges and appeals (rejected 12 February);
    spec2 refuses (an act) and goes to court, which leaves the result unchanged on
    10 March 2026: the evaluation is completed that day."""
    body = make_commission_body()
    form_commission(body)
    hr, head, chief = body["hr"].user, body["head"].user, body["chief"].user
    cases = {
        "spec1": to_commission(body, "spec1", achieved=5),
        "spec2": to_commission(body, "spec2", achieved=2),
        "m1": to_commission(body, "m1", achieved=1, shown=1),
    }
    spec1, spec2, m1 = cases["spec1"], cases["spec2"], cases["m1"]
    cycle = body["cycle"]

    first = meeting_propose(cycle_id=cycle.pk, date=D(2026, 1, 23), actor=hr, on=D(2026, 1, 14))
    meeting_agree(meeting_id=first.pk, actor=chief, on=D(2026, 1, 14))
    present = [body[r].pk for r in ("chief", "spec1", "spec2", "m1")]
    meeting_open(meeting_id=first.pk, present=present, actor=hr, on=D(2026, 1, 23))
    meeting_adjourn(meeting_id=first.pk, actor=hr, reason="кворум жоқ", on=D(2026, 1, 23))

    on = D(2026, 2, 3)
    second = meeting_propose(
        cycle_id=cycle.pk, date=on, actor=hr, place="Мәжіліс залы", on=D(2026, 1, 23)
    )
    meeting_agree(meeting_id=second.pk, actor=chief, on=D(2026, 1, 23))
    present = [body[r].pk for r in ("chief", "spec1", "spec2", "m1", "m2")]
    meeting_open(meeting_id=second.pk, present=present, actor=hr, on=on)
    vote_recuse(meeting_id=second.pk, case_id=spec1.pk, actor=body["spec1"].user, on=on)
    effective = {"kpi_rating": "effective"}
    votes(
        body,
        second,
        spec1,
        {"chief": "approve", "m1": "approve", "spec2": "revise", "m2": "revise"},
        spec2=effective,
        m2=effective,
    )
    case_decide(meeting_id=second.pk, case_id=spec1.pk, actor=hr, on=on)
    satisfactory = {"kpi_rating": "satisfactory", "competencies": {"integrity": "does_not_meet"}}
    votes(
        body,
        second,
        spec2,
        {"chief": "revise", "m1": "revise", "m2": "revise", "spec1": "approve", "spec2": "approve"},
        chief=satisfactory,
        m1=satisfactory,
        m2=satisfactory,
    )
    case_decide(
        meeting_id=second.pk,
        case_id=spec2.pk,
        actor=hr,
        recommendation="Кәсіби біліктілікті арттыру",
        on=on,
    )
    votes(body, second, m1, {r: "approve" for r in ("chief", "spec1", "spec2", "m1", "m2")})
    case_decide(meeting_id=second.pk, case_id=m1.pk, actor=hr, on=on)
    meeting_close(
        meeting_id=second.pk,
        actor=hr,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="2",
        on=on,
    )
    meeting_approve(meeting_id=second.pk, actor=head, on=D(2026, 2, 4))

    acquaintance_acknowledge(
        acquaintance_id=Decision.objects.get(case=spec1).acquaintance.pk,
        actor=body["spec1"].user,
        on=D(2026, 2, 5),
    )
    refusal_act_draw_up(
        acquaintance_id=Decision.objects.get(case=spec2).acquaintance.pk,
        actor=hr,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Танысудан бас тартты",
        on=D(2026, 2, 5),
    )
    appeal = appeal_file(
        case_id=spec1.pk, actor=body["spec1"].user, grounds="Келіспеймін", on=D(2026, 2, 10)
    )
    appeal_answer(
        appeal_id=appeal.pk,
        actor=hr,
        outcome="rejected",
        reference="Агенттік хаты № 7, 2026-02-12",
        on=D(2026, 2, 12),
    )
    court = court_case_record(
        case_id=spec2.pk,
        actor=hr,
        court="Астана қаласының МАӘС",
        number="7194-26-00-4/12",
        filed_on=D(2026, 2, 20),
        on=D(2026, 2, 20),
    )
    court_case_decide(
        court_case_id=court.pk,
        actor=hr,
        changed=False,
        decided_on=D(2026, 3, 10),
        reference="2026-03-10 шешімі",
        on=D(2026, 3, 10),
    )
    return {**body, "cases": cases, "first": first, "second": second}


# --- meeting show ---------------------------------------------------------------------------


def test_meeting_show_prints_the_minutes_an_operator_reads(heard) -> None:
    text = run("meeting", "show", str(heard["second"].pk))
    org = heard["org"].code
    assert f"Commission meeting {heard['second'].pk} of {org}, evaluation of 2025" in text
    assert "Date: 2026-02-03, Мәжіліс залы" in text
    assert "State: approved by the authorized person" in text
    assert "Composition by order № 1 of 2025-12-01:" in text
    # every member by name with their attendance; the secretary does not vote
    for role in ("chief", *SPECIALISTS, "hr"):
        assert heard[role].full_name in text
    composition = text.split("Composition by order")[1].split("Quorum")[0]
    lines = {line.split("  ")[0]: line for line in composition.splitlines()[3:]}
    assert "secretary (does not vote)" in lines
    assert heard["hr"].full_name in lines["secretary (does not vote)"]
    assert lines["secretary (does not vote)"].endswith("not counted (§34)")
    m3 = next(line for line in composition.splitlines() if heard["m3"].full_name in line)
    assert m3.endswith("absent")
    assert "Quorum: 5 of 7 members present, 5 needed (2/3, §30): quorate" in text

    # spec1's case: votes by name, a recusal, the tie broken by the chair
    spec1 = text.split(f"1. {heard['spec1'].full_name}")[1].split("\n2. ")[0]
    assert "results put before the commission (§24, §28)" in spec1
    vote_lines = {
        role: next(line for line in spec1.splitlines() if heard[role].full_name in line)
        for role in ("chief", "spec1", "spec2", "m1", "m2")
    }
    assert "approve the results" in vote_lines["chief"]
    assert "revise the results: KPI effective" in vote_lines["spec2"]
    assert "does not vote: conflict of interest" in vote_lines["spec1"]
    assert "own evaluation on the agenda" in vote_lines["spec1"]
    assert (
        "Decision: results approved, 2 of 4 votes, the chair's casting vote decided the tie"
        " (§33)\n   Decided on 2026-02-03; final: the protocol approved (§39)"
    ) in spec1
    assert (
        "Results on the sheets: KPI excellent (5 of 5 achieved); competencies: all 11 met" in spec1
    )
    assert "As corrected" not in spec1

    # spec2's case: the revision beside the original, with the recommendation
    spec2 = text.split(f"2. {heard['spec2'].full_name}")[1].split("\n3. ")[0]
    assert "Decision: results revised, 3 of 5 votes\n" in spec2
    assert "casting" not in spec2
    assert "Results on the sheets: KPI unsatisfactory (2 of 5 achieved)" in spec2
    assert (
        "As corrected by the commission (§38): KPI satisfactory; competencies: integrity does"
        " not meet"
    ) in spec2
    chief = next(line for line in spec2.splitlines() if heard["chief"].full_name in line)
    assert "revise the results: KPI satisfactory; integrity does not meet" in chief

    # m1's case: the competencies not met on the sheet are named
    m1 = text.split(f"3. {heard['m1'].full_name}")[1]
    assert (
        "Results on the sheets: KPI unsatisfactory (1 of 5 achieved); competencies: 3 of 11"
        " met; not met: activity-management, cooperation, decision-making, integrity,"
    ) in m1
    assert "Recommendation: Кәсіби біліктілікті арттыру" in spec2

    assert "Protocol № 2" in text
    assert "Conclusion: Нәтижелер бекітуге ұсынылады" in text
    assert f"Approved on 2026-02-04 by {heard['head'].short_name} (§39)" in text


def test_an_inquorate_meeting_says_so(heard) -> None:
    text = run("meeting", "show", str(heard["first"].pk))
    assert "State: adjourned without decisions" in text
    assert "Quorum: 4 of 7 members present, 5 needed (2/3, §30): not quorate" in text
    assert "No votes recorded." in text
    assert "Decision: not taken" in text
    assert "Not approved by the authorized person." in text


def test_meeting_show_json_is_the_meeting_document(heard) -> None:
    meeting = heard["second"]
    shown = json.loads(run("meeting", "show", str(meeting.pk), "--json"))
    rules = version_rules(heard["cycle"].methodology_version)
    assert shown == json.loads(dumps(meeting_document(meeting_full(meeting.pk), rules)))
    assert shown["quorum"] == {
        "members": 7,
        "present": 5,
        "needed": 5,
        "share": "2/3",
        "quorate": True,
        "recorded": True,
    }
    secretary = next(c for c in shown["composition"] if c["role"] == "secretary")
    assert (secretary["name"], secretary["votes"], secretary["present"]) == (
        heard["hr"].full_name,
        False,
        None,
    )
    spec2 = next(i for i in shown["items"] if i["case"] == heard["cases"]["spec2"].pk)
    assert spec2["decision"]["original"]["kpi_rating"] == "unsatisfactory"
    assert spec2["decision"]["revised"]["kpi_rating"] == "satisfactory"
    assert spec2["decision"]["decided_on"] == "2026-02-03"
    assert {v["member"]["name"]: v["choice"] for v in spec2["votes"]}[
        heard["chief"].full_name
    ] == "revise"


def test_an_unknown_meeting_is_named() -> None:
    with pytest.raises(CommandError, match="no commission meeting 999999"):
        run("meeting", "show", "999999")


# --- meeting list ---------------------------------------------------------------------------


def test_meeting_list_counts_agenda_decisions_and_quorum(heard) -> None:
    org = heard["org"].code
    rows = json.loads(run("meeting", "list", "--org", org, "--json"))
    assert [r["id"] for r in rows] == [heard["first"].pk, heard["second"].pk]
    first, second = rows
    assert (first["state"], first["agenda"], first["decided"]) == ("adjourned", 3, 0)
    assert first["quorum"] == {"present": 4, "members": 7, "needed": 5, "quorate": False}
    assert (second["state"], second["agenda"], second["decided"]) == ("approved", 3, 3)
    assert second["quorum"]["quorate"] is True
    assert (second["protocol_number"], second["approved_on"]) == ("2", "2026-02-04")
    assert second["period"] == "2025"
    text = run("meeting", "list", "--org", org)
    assert "4/7 not quorate" in text
    assert "5/7 quorate" in text
    assert "2026-02-04" in text


def _bare_meetings(count: int) -> str:
    """A body with `count` meetings made directly: one proposed (sitting with the order in
    force on its date), the others opened with attendance, an agenda and a decision."""
    body = make_commission_body()
    order = form_commission(body)
    cycle = body["cycle"]
    cases = [case_of(body, role) for role in ("spec1", "spec2")]
    for n in range(count):
        opened = n > 0
        meeting = CommissionMeeting.objects.create(
            cycle=cycle,
            date=D(2026, 2, 2 + n),
            state="in_session" if opened else "proposed",
            order=order if opened else None,
            proposed_on=D(2026, 1, 20),
            opened_at=timezone.now() if opened else None,
        )
        for number, case in enumerate(cases, start=1):
            item = AgendaItem.objects.create(
                meeting=meeting, case=case, number=number, reason="first"
            )
            if opened and number == 1:
                Decision.objects.create(
                    item=item,
                    case=case,
                    outcome="approve",
                    state="taken",
                    decided_on=meeting.date,
                    votes_for=5,
                    votes_cast=5,
                )
        if opened:
            for role in ("chief", *SPECIALISTS):
                Attendance.objects.create(meeting=meeting, servant=body[role], present=role != "m4")
    return body["org"].code


@pytest.mark.parametrize("count", [1, 3])
def test_meeting_list_takes_the_same_queries_however_many_meetings(
    count, django_assert_num_queries
) -> None:
    org = _bare_meetings(count)
    with django_assert_num_queries(MEETING_LIST_QUERIES):
        rows = json.loads(run("meeting", "list", "--org", org, "--json"))
    assert len(rows) == count
    assert rows[0]["quorum"] == {"present": None, "members": 7, "needed": 5, "quorate": None}
    assert (rows[0]["agenda"], rows[0]["decided"]) == (2, 0)
    for row in rows[1:]:
        assert row["quorum"] == {"present": 6, "members": 7, "needed": 5, "quorate": True}
        assert (row["agenda"], row["decided"]) == (2, 1)
    with django_assert_num_queries(MEETING_LIST_QUERIES):
        run("meeting", "list", "--org", org)


def test_a_body_without_meetings_and_an_unknown_body() -> None:
    body = make_commission_body()
    assert "has no commission meetings" in run("meeting", "list", "--org", body["org"].code)
    assert json.loads(run("meeting", "list", "--org", body["org"].code, "--json")) == []
    with pytest.raises(CommandError, match="no state body with the code 'NOPE'"):
        run("meeting", "list", "--org", "NOPE")


# --- commission show / order ----------------------------------------------------------------


def test_the_console_records_an_amending_order_and_shows_each_composition() -> None:
    body = make_commission_body()
    first = form_commission(body)
    org = body["org"].code
    admin_user = make_user(is_superuser=True)
    iin = {role: body[role].iin for role in ("chief", *SPECIALISTS, "hr", "hr2")}
    # §31: m4 leaves, the chair changes to spec1, hr2 becomes the secretary
    out = run(
        "commission",
        "order",
        "--org",
        org,
        "--number",
        "7",
        "--date",
        "2026-01-05",
        "--effective-from",
        "2026-01-10",
        "--chair",
        iin["spec1"],
        *[x for role in ("chief", "spec2", "m1", "m2", "m3") for x in ("--member", iin[role])],
        "--secretary",
        iin["hr2"],
        "--amends",
        str(first.pk),
    )
    order = CommissionOrder.objects.get(number="7")
    assert f"recorded order № 7 of 2026-01-05 (id {order.pk})" in out
    assert f"chair {body['spec1'].short_name};" in out
    assert f"secretary {body['hr2'].short_name}" in out
    assert (order.amends_id, order.effective_from, order.recorded_by) == (
        first.pk,
        D(2026, 1, 10),
        admin_user,
    )
    assert AuditEvent.objects.filter(
        action="commission_order.amend", object_id=str(order.pk), actor=admin_user
    ).exists()

    before = json.loads(run("commission", "show", "--org", org, "--on", "2026-01-09", "--json"))
    assert before["in_force"]["number"] == "1"
    assert [o["number"] for o in before["orders"]] == ["1", "7"]
    assert before["orders"][1]["amends"] == {"id": first.pk, "number": "1"}
    after = json.loads(run("commission", "show", "--org", org, "--on", "2026-01-10", "--json"))
    chair = next(p for p in after["in_force"]["composition"] if p["role"] == "chair")
    assert (chair["iin"], chair["votes"]) == (iin["spec1"], True)
    secretary = after["in_force"]["composition"][-1]
    assert (secretary["role"], secretary["iin"], secretary["votes"]) == (
        "secretary",
        iin["hr2"],
        False,
    )
    assert iin["m4"] not in {p["iin"] for p in after["in_force"]["composition"]}

    text = run("commission", "show", "--org", org, "--on", "2026-01-09")
    assert f"Commission of {org} on 2026-01-09: order № 1 of 2025-12-01" in text
    assert body["m4"].full_name in text.split("Orders:")[0]
    assert "secretary (does not vote)" in text
    assert "no (§34)" in text
    history = text.split("Orders:")[1]
    assert f"№ 1 (id {first.pk})" in history
    assert f"chair {body['chief'].short_name};" in history


def test_a_bad_order_is_refused_with_the_reason_and_nothing_is_written() -> None:
    body = make_commission_body()
    org = body["org"].code
    iin = {role: body[role].iin for role in ("chief", *SPECIALISTS, "hr")}
    order = [
        "commission",
        "order",
        "--org",
        org,
        "--number",
        "1",
        "--date",
        "2025-12-01",
        "--chair",
        iin["chief"],
        "--secretary",
        iin["hr"],
    ]
    members = [x for role in SPECIALISTS for x in ("--member", iin[role])]
    with pytest.raises(CommandError, match="no administrator account"):
        run(*order, *members)
    make_user(is_superuser=True)
    with pytest.raises(CommandError, match="no servant with the IIN 000000000000"):
        run(*order, *members[:-2], "--member", "000000000000")
    with pytest.raises(CommandError, match="at least 5"):
        run(*order, "--member", iin["spec1"], "--member", iin["spec2"])
    with pytest.raises(CommandError, match="not a date"):
        run(*order[:7], "2025-13-01", *order[8:], *members)
    with pytest.raises(CommandError, match="no user with the login 'ghost'"):
        run(*order, *members, "--as", "ghost")
    assert not CommissionOrder.objects.exists()
    # the body's HR officer records it in their own name
    run(*order, *members, "--as", body["hr"].user.username)
    assert CommissionOrder.objects.get().recorded_by == body["hr"].user
    assert "order № 1 of 2025-12-01" in run("commission", "show", "--org", org)


def test_a_body_without_a_commission() -> None:
    body = make_commission_body()
    text = run("commission", "show", "--org", body["org"].code)
    assert "has no commission in force" in text
    assert "No orders recorded" in text
    with pytest.raises(CommandError, match="not a date"):
        run("commission", "show", "--org", body["org"].code, "--on", "yesterday")
    with pytest.raises(CommandError, match="no state body"):
        run("commission", "show", "--org", "NOPE")


# --- purge ----------------------------------------------------------------------------------


def test_purge_lists_expired_papers_and_deletes_them_only_when_told(heard, monkeypatch) -> None:
    cycle = heard["cycle"]
    later, _report = cycle_open(organisation=heard["org"], year=2026, actor=heard["hr"].user)
    org = heard["org"].code
    monkeypatch.setattr(purge_command, "_real_today", lambda: D(2029, 6, 1))

    # completed on 10 March 2026 (the court's decision), kept until 10 March 2029 (§8)
    assert "Nothing has passed its retention on 2029-03-10" in run(
        "purge", "--org", org, "--today", "2029-03-10"
    )
    dry = run("purge", "--org", org, "--today", "2029-03-11")
    assert "Past their retention on 2029-03-11 (§8):" in dry
    row = next(line for line in dry.splitlines() if line.startswith(str(cycle.pk)))
    assert "2026-03-10" in row
    assert "2029-03-10" in row
    assert (
        f"Dry run: nothing was deleted. To delete these papers, run: bagalau purge --org {org}"
        " --today 2029-03-11 --execute"
    ) in dry
    assert EvaluationCycle.objects.filter(pk=cycle.pk).exists()
    assert not AuditEvent.objects.filter(action="retention.purge").exists()

    document = json.loads(run("purge", "--org", org, "--today", "2029-03-11", "--json"))
    assert document["executed"] is False
    assert [r["cycle"] for r in document["expired"]] == [cycle.pk]
    assert document["expired"][0]["kept_until"] == "2029-03-10"
    assert [(k["cycle"], k["open"]) for k in document["kept"]] == [
        (later.pk, "no_approved_results")
    ]

    verbose = run("purge", "--org", org, "--today", "2029-03-11", verbosity=2)
    kept = verbose.split("Kept:")[1]
    assert str(later.pk) in kept
    assert "no results approved yet (§39)" in kept

    done = run("purge", "--org", org, "--today", "2029-03-11", "--execute")
    assert "Deleted, past their retention on 2029-03-11 (§8):" in done
    assert "meetings 2" in done
    assert "Deleted the papers of 1 cycle(s)" in done
    assert not EvaluationCycle.objects.filter(pk=cycle.pk).exists()
    assert not CommissionMeeting.objects.exists()
    assert EvaluationCycle.objects.filter(pk=later.pk).exists()
    assert EvaluationCase.objects.filter(cycle=later).exists()
    assert CommissionOrder.objects.filter(organisation=heard["org"]).exists()  # the body's
    event = AuditEvent.objects.get(action="retention.purge")
    assert (event.object_id, event.channel) == (str(cycle.pk), "console")
    assert event.before["kept_until"] == "2029-03-10"
    assert event.after["deleted"]["meetings"] == 2
    assert "Nothing has passed" in run("purge", "--org", org, "--today", "2029-03-11")


def test_purge_refuses_to_delete_ahead_of_time(heard) -> None:
    with pytest.raises(CommandError, match="later than today"):
        run("purge", "--today", "2099-01-01", "--execute")
    assert EvaluationCycle.objects.filter(pk=heard["cycle"].pk).exists()
    future = run("purge", "--today", "2099-01-01")
    assert "Dry run for a future date: nothing was deleted" in future
    with pytest.raises(CommandError, match="--today '2029-02-30' is not a date"):
        run("purge", "--today", "2029-02-30")
    with pytest.raises(CommandError, match="no state body"):
        run("purge", "--org", "NOPE")


# --- hr-decisions ---------------------------------------------------------------------------


def test_hr_decisions_shows_the_final_kpi_rating_and_what_it_is_the_basis_for(
    heard, tmp_path
) -> None:
    org = heard["org"].code
    cases = heard["cases"]
    document = json.loads(run("hr_decisions", "--org", org, "--year", "2025", "--json"))
    assert (document["cycle"], document["period"]) == (heard["cycle"].pk, "2025")
    by_case = {s["case"]: s for s in document["servants"]}
    spec2 = by_case[cases["spec2"].pk]
    assert (spec2["final"]["rating"], spec2["final"]["source"]) == ("satisfactory", "commission")
    assert (spec2["basis_for"], spec2["flagged"]) == (["bonus", "incentive"], False)
    m1 = by_case[cases["m1"].pk]
    assert m1["final"]["rating"] == "unsatisfactory"
    assert m1["flagged"] is True
    assert m1["basis_for"] == ["bonus", "incentive", "rotation", "demotion", "dismissal"]
    others = [s for s in document["servants"] if s["case"] not in {c.pk for c in cases.values()}]
    assert others
    assert all(s["final"] is None and s["basis_for"] == [] for s in others)

    text = run("hr_decisions", "--org", org, "--year", "2025")
    assert "from the KPI results only (§7)" in text
    assert f"{len(document['servants'])} servants, 3 with final results, 1 flagged" in text
    m1_line = next(line for line in text.splitlines() if heard["m1"].iin in line)
    assert "unsatisfactory" in m1_line
    assert "rotation, demotion, dismissal" in m1_line
    assert m1_line.rstrip().endswith("FLAGGED")
    spec2_line = next(line for line in text.splitlines() if heard["spec2"].iin in line)
    assert "corrected by the commission (§38)" in spec2_line
    assert "with_commission 2/5" in spec2_line
    chief_line = next(line for line in text.splitlines() if heard["chief"].iin in line)
    assert "not final yet" in chief_line

    path = tmp_path / "hr.xlsx"
    assert f"wrote {path}" in run(
        "hr_decisions", "--org", org, "--year", "2025", "--xlsx", str(path)
    )
    sheet = openpyxl.load_workbook(path).active
    assert sheet.cell(row=2, column=2).value == "ЖСН"
    assert sheet.cell(row=3, column=2).value == "ИИН"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {s["iin"] for s in document["servants"]}
    assert rows[heard["m1"].iin][10] == "✓"
    assert rows[heard["spec2"].iin][7] == "қанағаттанарлық / удовлетворительно"


def test_hr_decisions_names_what_is_wrong(heard, tmp_path) -> None:
    org = heard["org"].code
    with pytest.raises(CommandError, match=f"{org} has no evaluation cycle for 2030"):
        run("hr_decisions", "--org", org, "--year", "2030")
    with pytest.raises(CommandError, match=r"is an \.xlsx workbook"):
        run("hr_decisions", "--org", org, "--year", "2025", "--xlsx", str(tmp_path / "a.csv"))
    assert not (tmp_path / "a.csv").exists()
    with pytest.raises(CommandError, match="no state body"):
        run("hr_decisions", "--org", "NOPE", "--year", "2025")


# --- admin ----------------------------------------------------------------------------------


def test_every_commission_record_opens_read_only_in_the_admin(heard, client) -> None:
    client.force_login(make_user(is_superuser=True, is_staff=True))
    models = [m for m in admin.site._registry if m._meta.app_label == "commission"]
    assert {m._meta.model_name for m in models} >= {
        "commissionorder",
        "commissionmeeting",
        "decision",
        "acquaintance",
        "refusalact",
        "appeal",
        "courtcase",
        "notice",
    }
    for model in models:
        prefix = f"admin:commission_{model._meta.model_name}"
        assert model.objects.exists(), model
        listing = client.get(reverse(f"{prefix}_changelist"))
        assert listing.status_code == 200, model
        page = client.get(reverse(f"{prefix}_change", args=[model.objects.first().pk]))
        assert page.status_code == 200, model
        assert b'name="_save"' not in page.content  # view only
        assert client.get(reverse(f"{prefix}_add")).status_code == 403
    meeting = client.get(
        reverse("admin:commission_commissionmeeting_change", args=[heard["second"].pk])
    )
    assert heard["m2"].full_name.encode() in meeting.content  # the attendance inline
