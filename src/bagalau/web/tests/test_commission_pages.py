"""The commission's pages (§29–§39) through the Django test client: the agenda to be and the
schedule with its 7-working-day notice (§29), the chair's agreement, opening with the
attendance and the quorum shown as it changes (§30), open votes by name (§32), a tie decided
by the chair's casting vote (§33), a revision beside the original (§38), closing, the
authorized person's approval (§39) and the protocol as it will print (Annex 5); who sees
which button, refusals that change nothing, strangers' 404s and fixed query counts."""

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

from bagalau.commission.models import Attendance, CommissionMeeting, Decision, Vote
from bagalau.commission.services import (
    meeting_agenda_refresh,
    meeting_agree,
    meeting_cancel,
    meeting_open,
    meeting_propose,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    commission_data,
    form_commission,
    make_commission_body,
    to_commission,
)
from bagalau.kpi.tests.factories import make_body_under
from bagalau.workcalendar.selectors import add_working_days

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=30)  # a meeting dated today was proposed and agreed then
QUORATE = ("chief", "spec1", "spec2", "m1", "m2")  # 5 of 7 (§30)


@pytest.fixture
def w(db) -> SimpleNamespace:
    """A body with order № 1 (the chief chairs; spec1, spec2, m1–m4 members; the HR officer
    the secretary); spec1's (5 of 5 KPIs) and spec2's (2 of 5) sheets before the commission;
    another body's HR officer."""
    body = make_commission_body()
    form_commission(body)
    cases = {"spec1": to_commission(body, "spec1"), "spec2": to_commission(body, "spec2", 2)}
    other = make_body_under()
    return SimpleNamespace(**body, cases=cases, other=other)


def short(d: dt.date) -> str:
    return date_format(d, "SHORT_DATE_FORMAT")


def html(response) -> str:
    return response.content.decode()


def as_(client, user):
    client.logout()
    client.force_login(user)
    return client


def page(client, user, meeting) -> str:
    response = as_(client, user).get(reverse("web:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    return html(response)


def case_page(client, user, meeting, case, **headers) -> str:
    """The case's page on the meeting (its block alone when htmx asks)."""
    url = reverse("web:meeting_case", args=[meeting.pk, case.pk])
    response = as_(client, user).get(url, headers=headers)
    assert response.status_code == 200
    return html(response)


def agenda_row(shown: str, case) -> str:
    """The case's row of the agenda's table on the meeting page."""
    return shown.split(f'<tr id="agenda-{case.pk}"')[1].split("</tr>")[0]


def act(client, user, meeting, action: str, data=None):
    url = reverse("web:meeting_act", args=[meeting.pk, action])
    return as_(client, user).post(url, data or {})


def case_act(client, user, meeting, case, action: str, data=None):
    url = reverse("web:meeting_case_act", args=[meeting.pk, case.pk, action])
    return as_(client, user).post(url, data or {})


def ids(w, *roles: str) -> list[int]:
    return [getattr(w, r).pk for r in roles]


def scheduled_today(w) -> CommissionMeeting:
    """A meeting dated today, proposed and agreed a month ago (§29)."""
    meeting = meeting_propose(cycle_id=w.cycle.pk, date=TODAY, actor=w.hr.user, on=PAST)
    return meeting_agree(meeting_id=meeting.pk, actor=w.chief.user, on=PAST)


def opened_today(w, present=QUORATE) -> CommissionMeeting:
    meeting = scheduled_today(w)
    return meeting_open(meeting_id=meeting.pk, present=ids(w, *present), actor=w.hr.user, on=TODAY)


def state(meeting) -> str:
    return CommissionMeeting.objects.get(pk=meeting.pk).state


# --- the schedule (§29) ---------------------------------------------------------------------


def test_hr_schedules_a_meeting_with_the_seven_working_day_notice(client, w):
    earliest = add_working_days(TODAY, 7)
    listing = html(as_(client, w.hr.user).get(reverse("web:meetings")))
    # the agenda to be: both servants whose sheets are before the commission
    assert 'id="propose-form"' in listing
    assert w.spec1.full_name in listing
    assert w.spec2.full_name in listing
    assert short(earliest) in listing

    # the live check tells, as the date is typed, whether it is allowed (writes nothing)
    check = reverse("web:meeting_date_check")
    too_soon = html(client.get(check, {"cycle": w.cycle.pk, "date": TODAY.isoformat()}))
    assert "too soon" in too_soon
    assert short(earliest) in too_soon
    fine = html(client.get(check, {"cycle": w.cycle.pk, "date": earliest.isoformat()}))
    assert "allowed" in fine
    assert "too soon" not in fine

    # too short a notice: refused naming the earliest date; nothing created
    before = commission_data()
    near = {"cycle": w.cycle.pk, "date": TODAY.isoformat(), "place": "Hall"}
    refused = client.post(reverse("web:meeting_new"), near)
    assert refused.status_code == 422
    assert earliest.isoformat() in html(refused)
    assert "§29" in html(refused)
    assert commission_data() == before

    # a proper date: proposed with both cases on its agenda; the chair is to agree it
    created = client.post(reverse("web:meeting_new"), {**near, "date": earliest.isoformat()})
    meeting = CommissionMeeting.objects.get()
    assert created.status_code == 302
    assert created.url == reverse("web:meeting", args=[meeting.pk])
    assert (meeting.state, meeting.date, meeting.place) == ("proposed", earliest, "Hall")
    assert meeting.items.count() == 2
    shown = page(client, w.hr.user, meeting)
    assert "reschedule-form" in shown
    assert "cancel-form" in shown
    assert 'id="agree-form"' not in shown  # the chair's

    # a member of the commission may not agree; the chair does
    assert 'id="agree-form"' not in page(client, w.spec1.user, meeting)
    assert act(client, w.spec1.user, meeting, "agree").status_code == 422
    assert state(meeting) == "proposed"
    assert 'id="agree-form"' in page(client, w.chief.user, meeting)
    agreed = act(client, w.chief.user, meeting, "agree")
    assert agreed.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.state, meeting.agreed_on) == ("scheduled", TODAY)
    # on a day other than its date the meeting shows no attendance form yet
    assert 'id="attendance-form"' not in page(client, w.hr.user, meeting)


def test_a_servant_of_the_body_cannot_schedule(client, w):
    before = commission_data()
    data = {"cycle": w.cycle.pk, "date": add_working_days(TODAY, 8).isoformat()}
    response = as_(client, w.spec1.user).post(reverse("web:meeting_new"), data)
    assert response.status_code == 422
    assert "personnel service" in html(response)
    assert commission_data() == before
    assert 'id="propose-form"' not in html(client.get(reverse("web:meetings")))


# --- the sitting (§30–§38) ------------------------------------------------------------------


def test_hr_opens_the_meeting_with_the_quorum_shown_as_it_changes(client, w):
    meeting = scheduled_today(w)
    shown = page(client, w.hr.user, meeting)
    assert 'id="attendance-form"' in shown
    for servant in ids(w, "chief", *SPECIALISTS):
        assert f'id="present-{servant}"' in shown
    assert f'id="present-{w.hr.pk}"' not in shown  # the secretary is not counted (§34)

    # the partial computes the quorum for the ticked boxes and writes nothing
    before = commission_data()
    quorum = reverse("web:meeting_quorum", args=[meeting.pk])
    four = html(client.post(quorum, {"present": ids(w, *QUORATE[:4])}))
    assert "not quorate" in four
    assert "4 of 7 members present; 5 needed" in four
    five = html(client.post(quorum, {"present": ids(w, *QUORATE, "hr")}))
    assert "not quorate" not in five
    assert "quorate" in five
    assert "5 of 7 members present" in five
    assert commission_data() == before

    # a member may not open it; HR opens it with the attendance
    assert act(client, w.spec1.user, meeting, "open", {"present": ids(w, *QUORATE)}).status_code
    assert state(meeting) == "scheduled"
    opened = act(client, w.hr.user, meeting, "open", {"present": ids(w, *QUORATE)})
    assert opened.status_code == 302
    assert state(meeting) == "in_session"
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True).values_list(
            "servant_id", flat=True
        )
    )
    assert present == set(ids(w, *QUORATE))
    # a late arrival is recorded on the same form
    shown = page(client, w.hr.user, meeting)
    assert 'id="attendance-form"' in shown
    assert f'id="present-{w.m3.pk}"' in shown
    act(client, w.hr.user, meeting, "attendance", {"present": ids(w, *QUORATE, "m3")})
    assert Attendance.objects.get(meeting=meeting, servant=w.m3).present


def test_a_vote_without_a_quorum_is_refused_naming_the_count(client, w):
    meeting = opened_today(w, QUORATE[:4])
    spec1 = w.cases["spec1"]
    shown = page(client, w.chief.user, meeting)
    assert "not quorate" in shown
    assert 'id="no-quorum"' in shown
    assert ">Vote<" not in agenda_row(shown, spec1)  # no vote to cast without quorum
    shown = case_page(client, w.chief.user, meeting, spec1)
    assert 'id="no-quorum"' in shown
    assert f'id="vote-{spec1.pk}-{w.chief.pk}"' not in shown  # no vote button without quorum
    before = commission_data()
    refused = case_act(client, w.chief.user, meeting, spec1, "vote", {"choice": "approve"})
    assert refused.status_code == 422
    assert "4 of 7 members present, 5 needed" in html(refused)
    assert f'id="case-{spec1.pk}"' in html(refused)  # the case's page again, with the reason
    assert commission_data() == before
    # HR may adjourn it: nothing was decided
    assert 'id="adjourn-form"' in page(client, w.hr.user, meeting)
    act(client, w.hr.user, meeting, "adjourn", {"reason": "no quorum"})
    assert state(meeting) == "adjourned"


def test_members_vote_by_name_hr_decides_closes_and_the_head_approves(client, w):
    meeting = opened_today(w)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]

    # the meeting page: no HR button for a member; each case a row, to vote on
    meeting_page = page(client, w.spec2.user, meeting)
    for hr_only in ('id="attendance-form"', 'id="close-form"'):
        assert hr_only not in meeting_page
    case_url = reverse("web:meeting_case", args=[meeting.pk, spec1.pk])
    assert f'href="{case_url}"' in agenda_row(meeting_page, spec1)
    assert ">Vote<" in agenda_row(meeting_page, spec1)
    # on the case's page each member sees a vote form for themselves only, and no HR button
    member_page = case_page(client, w.spec2.user, meeting, spec1)
    assert f'id="vote-{spec1.pk}-{w.spec2.pk}"' in member_page
    assert f'id="vote-{spec1.pk}-{w.chief.pk}"' not in member_page
    assert f'id="decide-{spec1.pk}"' not in member_page
    assert 'name="choice" value="approve"' in member_page
    # both sheets side by side; the print links only for who may open them (HR here)
    assert f'id="kpi-{spec1.pk}"' in member_page
    assert f'id="competency-{spec1.pk}"' in member_page
    assert "kpi-sheet/" not in member_page
    assert "kpi-sheet/" in case_page(client, w.hr.user, meeting, spec1)
    # the previous and next cases, and the way back to the agenda
    assert 'id="case-next"' in member_page
    assert 'id="case-previous"' not in member_page
    assert f'href="{reverse("web:meeting", args=[meeting.pk])}#agenda-{spec1.pk}"' in member_page
    # ... and the server refuses the rest: another's vote, closing
    before = commission_data()
    other = case_act(
        client, w.spec2.user, meeting, spec1, "vote", {"choice": "approve", "member": w.m1.pk}
    )
    assert other.status_code == 422
    assert "a member casts only their own vote" in html(other)
    assert act(client, w.spec2.user, meeting, "close", {"conclusion": "x"}).status_code == 422
    assert commission_data() == before

    # spec1's case: four approve (HR minutes m1's vote), m2 revises the KPI rating
    for role in ("chief", "spec1", "spec2"):
        response = case_act(
            client, getattr(w, role).user, meeting, spec1, "vote", {"choice": "approve"}
        )
        assert response.status_code == 302
        assert response.url == f"{case_url}#case-{spec1.pk}"  # back to the case's page
    assert ">Vote<" not in agenda_row(page(client, w.spec2.user, meeting), spec1)  # voted
    minuted = case_act(
        client,
        w.hr.user,
        meeting,
        spec1,
        "vote",
        {"choice": "approve", "member": w.m1.pk, "next": reverse("web:meeting", args=[meeting.pk])},
    )
    assert minuted.status_code == 302
    assert minuted.url == reverse("web:meeting", args=[meeting.pk])  # `next` is followed
    revise = {"choice": "revise", "kpi_rating": "effective", "comment": "little evidence"}
    assert case_act(client, w.m2.user, meeting, spec1, "vote", revise).status_code == 302
    vote = Vote.objects.get(item__case=spec1, member=w.m2)
    assert (vote.choice, vote.kpi_rating) == ("revise", "effective")
    assert Vote.objects.get(item__case=spec1, member=w.m1).recorded_by == w.hr.user

    # the agenda's row counts the votes so far
    row = agenda_row(page(client, w.hr.user, meeting), spec1)
    assert "approve 4" in row
    assert "revise 1" in row
    shown = case_page(client, w.hr.user, meeting, spec1)
    votes = shown.split(f'id="votes-{spec1.pk}"')[1].split("</table>")[0]
    for role in QUORATE:
        assert getattr(w, role).full_name in votes
    assert "KPI rating: effective" in votes
    assert "little evidence" in votes
    assert "Running tally" in shown
    # HR sees a vote form per present member (to minute), and the decide form
    assert f'id="vote-{spec2.pk}-{w.m1.pk}"' in case_page(client, w.hr.user, meeting, spec2)
    assert f'id="decide-{spec1.pk}"' in shown

    decided = case_act(client, w.hr.user, meeting, spec1, "decide")
    assert decided.status_code == 302
    assert decided.url == f"{case_url}#case-{spec1.pk}"
    decision = Decision.objects.get(case=spec1)
    assert (decision.outcome, decision.votes_for, decision.votes_cast) == ("approve", 4, 5)
    row = agenda_row(page(client, w.hr.user, meeting), spec1)
    assert "4 of 5 votes" in row
    assert "results approved" in row
    shown = case_page(client, w.hr.user, meeting, spec1)
    assert f'id="decision-{spec1.pk}"' in shown
    assert "4 of 5 votes" in shown
    assert f'id="decide-{spec1.pk}"' not in shown
    assert f'id="vote-{spec1.pk}-' not in shown  # decided: no more votes

    # spec2's case left undecided; HR closes with a conclusion (refused without one)
    before = commission_data()
    empty = act(client, w.hr.user, meeting, "close", {"conclusion": ""})
    assert empty.status_code == 422
    assert "conclusion" in html(empty)
    assert commission_data() == before
    closed = act(
        client, w.hr.user, meeting, "close", {"conclusion": "Approved", "protocol_number": "7"}
    )
    assert closed.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.state, meeting.protocol_number) == ("closed", "7")

    # the authorized person sees it awaiting approval and approves it
    assert 'id="approve-form"' not in page(client, w.hr.user, meeting)
    listing = html(as_(client, w.head.user).get(reverse("web:meetings")))
    assert "Protocols awaiting approval" in listing
    assert f"approve-form-{meeting.pk}" in listing
    assert 'id="approve-form"' in page(client, w.head.user, meeting)
    approved = act(client, w.head.user, meeting, "approve", {"next": reverse("web:meetings")})
    assert approved.status_code == 302
    assert approved.url == reverse("web:meetings")  # approved from the list, back to it
    meeting.refresh_from_db()
    assert (meeting.state, meeting.approved_on) == ("approved", TODAY)
    assert Decision.objects.get(case=spec1).state == "final"
    assert "Protocols awaiting approval" not in html(client.get(reverse("web:meetings")))

    # the protocol as it will print: the rows, the names, the approval
    protocol = html(client.get(reverse("web:meeting_protocol", args=[meeting.pk])))
    table = protocol.split('id="protocol-table"')[1].split("</table>")[0]
    assert w.spec1.full_name in table
    assert w.spec2.full_name in table
    assert table.count("<tr>") == 3  # the header and one row per case
    assert "№ 7" in protocol
    assert w.chief.short_name in protocol
    assert w.hr.short_name in protocol
    assert 'id="draft-mark"' not in protocol
    assert reverse("web:document", args=["protocol", meeting.pk, "pdf"]) in protocol


def test_a_tie_is_decided_by_the_chairs_casting_vote_and_the_revision_shown(client, w):
    six = ("chief", "spec1", "spec2", "m1", "m2", "m3")
    meeting = opened_today(w, six)
    spec2 = w.cases["spec2"]
    original = spec2.kpi_sheet.rating
    assert original == "unsatisfactory"
    raise_it = {"choice": "revise", "kpi_rating": "satisfactory"}
    for role in ("chief", "spec1"):
        case_act(client, getattr(w, role).user, meeting, spec2, "vote", raise_it)
    # the secretary minutes spec2's vote to revise on the case's revise form
    assert f'id="revise-{spec2.pk}"' in case_page(client, w.hr.user, meeting, spec2)
    assert f'id="revise-{spec2.pk}"' not in case_page(client, w.m1.user, meeting, spec2)
    minuted = {**raise_it, "member": w.spec2.pk, "form": f"revise-{spec2.pk}"}
    assert case_act(client, w.hr.user, meeting, spec2, "vote", minuted).status_code == 302
    assert Vote.objects.get(item__case=spec2, member=w.spec2).kpi_rating == "satisfactory"
    for role in ("m1", "m2", "m3"):
        case_act(client, getattr(w, role).user, meeting, spec2, "vote", {"choice": "approve"})
    shown = case_page(client, w.hr.user, meeting, spec2)
    assert "the chair&#x27;s vote decides" in shown or "the chair's vote decides" in shown
    row = agenda_row(page(client, w.hr.user, meeting), spec2)
    assert "approve 3" in row
    assert "revise 3" in row
    assert "vote decides (§33)" in row  # the tie, in brief

    # a revision carries a recommendation (§38): refused without one, nothing decided
    missing = case_act(client, w.hr.user, meeting, spec2, "decide", {"recommendation": ""})
    assert missing.status_code == 422
    assert "§38" in html(missing)
    assert f'id="err-decide-{spec2.pk}"' in html(missing)  # beside the form, on the case page
    assert not Decision.objects.exists()

    case_act(client, w.hr.user, meeting, spec2, "decide", {"recommendation": "Training"})
    decision = Decision.objects.get(case=spec2)
    assert decision.chair_casting
    assert decision.outcome == "revise"
    assert (decision.votes_for, decision.votes_cast) == (3, 6)
    row = agenda_row(page(client, w.hr.user, meeting), spec2)
    assert "results revised" in row
    assert "casting vote" in row
    shown = case_page(client, w.hr.user, meeting, spec2)
    assert f'id="casting-{spec2.pk}"' in shown
    assert "decided by the chair" in shown
    assert "casting vote" in shown
    revision = shown.split(f'id="revision-{spec2.pk}"')[1].split("</table>")[0]
    assert re.search(r"unsatisfactory</td><td><strong>satisfactory", revision)
    assert "Training" in shown


def test_a_member_recuses_from_their_own_case(client, w):
    meeting = opened_today(w)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]
    recuse = reverse("web:meeting_case_act", args=[meeting.pk, spec1.pk, "recuse"])
    assert f'formaction="{recuse}"' in case_page(client, w.spec1.user, meeting, spec1)
    other = reverse("web:meeting_case_act", args=[meeting.pk, spec2.pk, "recuse"])
    assert "formaction=" not in case_page(client, w.spec1.user, meeting, spec2)  # own case only
    assert case_act(client, w.spec1.user, meeting, spec1, "recuse").status_code == 302
    assert Vote.objects.get(item__case=spec1, member=w.spec1).choice == "recused"
    assert "recused 1" in agenda_row(page(client, w.spec1.user, meeting), spec1)
    shown = case_page(client, w.spec1.user, meeting, spec1)
    assert f'id="vote-{spec1.pk}-{w.spec1.pk}"' not in shown
    assert f'id="vote-{spec2.pk}-{w.spec1.pk}"' in case_page(client, w.spec1.user, meeting, spec2)
    assert f'formaction="{other}"' not in shown
    # a recusal from another's case is refused and changes nothing
    before = commission_data()
    assert case_act(client, w.spec1.user, meeting, spec2, "recuse").status_code == 422
    assert commission_data() == before


# --- the agenda's table and each case's page -----------------------------------------------


def test_the_meeting_page_lists_every_case_in_one_table(client, w):
    meeting = opened_today(w)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]
    shown = page(client, w.hr.user, meeting)
    table = shown.split('id="agenda-table"')[1].split("</table>")[0]
    assert table.count('class="agenda-row"') == 2
    for number, (servant, case) in enumerate(((w.spec1, spec1), (w.spec2, spec2)), start=1):
        row = agenda_row(shown, case)
        assert f'<td class="num">{number}</td>' in row
        assert servant.full_name in row
        assert case.kpi_sheet.get_rating_display() in row  # the KPI rating on the sheet
        assert "no vote yet" in row
        assert "not decided" in row
        url = reverse("web:meeting_case", args=[meeting.pk, case.pk])
        assert f'href="{url}"' in row  # without JavaScript, the case's page
        assert f'hx-get="{url}"' in row  # with it, the block in place beneath the row
        assert f'hx-target="#peek-{case.pk}"' in row
        assert f'id="peek-{case.pk}"' in table
    # competencies met, x of y, as the case's sheet has them
    row = agenda_row(shown, spec1)
    met = spec1.competency_sheet.items.filter(result="meets").count()
    assert f"{met} / {spec1.competency_sheet.items.count()}" in row
    # the full blocks are on the cases' pages, not here
    assert f'id="case-{spec1.pk}"' not in shown
    assert f'id="votes-{spec1.pk}"' not in shown
    assert f'id="decide-{spec1.pk}"' not in shown
    assert 'id="attendance-form"' in shown  # the rest of the meeting stays


def test_the_case_page_is_also_its_block_alone_for_htmx(client, w):
    meeting = opened_today(w)
    spec1, spec2 = w.cases["spec1"], w.cases["spec2"]
    full = case_page(client, w.hr.user, meeting, spec2)
    assert full.lstrip().lower().startswith("<!doctype html>")
    assert f'id="case-{spec2.pk}"' in full
    assert f'id="decide-{spec2.pk}"' in full
    assert 'id="case-previous"' in full  # spec1 is № 1
    assert 'id="case-next"' not in full
    assert reverse("web:meeting_case", args=[meeting.pk, spec1.pk]) in full
    response = as_(client, w.hr.user).get(
        reverse("web:meeting_case", args=[meeting.pk, spec2.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "HX-Request" in response.get("Vary", "")
    block = html(response)
    assert block.lstrip().startswith('<section class="card agenda-case" id="case-')
    for frame in ("<html", "<head", "<body", 'class="menu"', 'id="case-next"', "<footer"):
        assert frame not in block
    for form in (f'id="decide-{spec2.pk}"', f'id="vote-{spec2.pk}-{w.m1.pk}"'):
        assert form in block
    assert f'id="kpi-{spec2.pk}"' in block
    assert f'id="competency-{spec2.pk}"' in block


def test_a_case_not_on_the_agenda_is_404(client, w):
    meeting = opened_today(w)
    elsewhere = to_commission(w.__dict__, "m1")  # before the commission, on no agenda
    as_(client, w.hr.user)
    url = reverse("web:meeting_case", args=[meeting.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


# --- who may see --------------------------------------------------------------------------


def test_a_stranger_gets_404_everywhere(client, w):
    meeting = opened_today(w)
    spec1 = w.cases["spec1"]
    as_(client, w.other["hr"].user)
    assert client.get(reverse("web:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("web:meeting_protocol", args=[meeting.pk])).status_code == 404
    case_url = reverse("web:meeting_case", args=[meeting.pk, spec1.pk])
    assert client.get(case_url).status_code == 404
    assert client.get(case_url, headers={"HX-Request": "true"}).status_code == 404
    quorum = reverse("web:meeting_quorum", args=[meeting.pk])
    assert client.post(quorum, {"present": ids(w, *QUORATE)}).status_code == 404
    before = commission_data()
    vote = reverse("web:meeting_case_act", args=[meeting.pk, spec1.pk, "vote"])
    assert client.post(vote, {"choice": "approve"}).status_code == 404
    assert client.post(reverse("web:meeting_act", args=[meeting.pk, "close"])).status_code == 404
    assert commission_data() == before
    assert '<tr id="meeting-' not in html(client.get(reverse("web:meetings")))
    # anonymous: to the login page
    client.logout()
    assert client.get(reverse("web:meeting", args=[meeting.pk])).status_code == 302
    assert client.get(case_url).status_code == 302


# --- fixed query counts -------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_meetings_list_reads_a_fixed_number_of_queries(client, w):
    def proposed_and_cancelled():
        meeting = meeting_propose(cycle_id=w.cycle.pk, date=TODAY, actor=w.hr.user, on=PAST)
        meeting_cancel(meeting_id=meeting.pk, reason="moved", actor=w.hr.user, on=PAST)

    url = reverse("web:meetings")
    proposed_and_cancelled()
    as_(client, w.hr.user)
    client.get(url)  # warm the caches (methodology, calendar)
    one = _count(client, url)
    proposed_and_cancelled()
    proposed_and_cancelled()
    three = _count(client, url)
    assert html(client.get(url)).count('<tr id="meeting-') == 3
    assert one == three


def test_the_meeting_page_reads_a_fixed_number_of_queries(client, w):
    meeting = scheduled_today(w)
    url = reverse("web:meeting", args=[meeting.pk])
    as_(client, w.hr.user)
    client.get(url)
    two = _count(client, url)
    to_commission(w.__dict__, "m1")
    to_commission(w.__dict__, "m2")
    meeting_agenda_refresh(meeting_id=meeting.pk, actor=w.hr.user, on=PAST)
    assert meeting.items.count() == 4
    four = _count(client, url)
    assert two == four


def test_the_case_page_reads_a_fixed_number_of_queries(client, w):
    meeting = scheduled_today(w)
    spec1 = w.cases["spec1"]
    url = reverse("web:meeting_case", args=[meeting.pk, spec1.pk])
    as_(client, w.hr.user)
    client.get(url)
    two = _count(client, url)
    to_commission(w.__dict__, "m1")
    to_commission(w.__dict__, "m2")
    meeting_agenda_refresh(meeting_id=meeting.pk, actor=w.hr.user, on=PAST)
    assert meeting.items.count() == 4
    assert _count(client, url) == two
    # and whatever the votes: opened, five members vote
    meeting_open(meeting_id=meeting.pk, present=ids(w, *QUORATE), actor=w.hr.user, on=TODAY)
    meeting_url = reverse("web:meeting", args=[meeting.pk])
    before = _count(client, url), _count(client, meeting_url)
    for role in QUORATE:
        case_act(client, getattr(w, role).user, meeting, spec1, "vote", {"choice": "approve"})
    as_(client, w.hr.user)
    assert (_count(client, url), _count(client, meeting_url)) == before
