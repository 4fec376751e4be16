"""Orders forming the commission (§5) and amending its composition (§31): who sits, from
when, who may record them, and that every meeting sits with the composition in force on its
date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bagalau.commission.models import (
    CommissionMeeting,
    CommissionOrder,
    CommissionSeat,
)
from bagalau.commission.rules import Composition
from bagalau.commission.selectors import composition_of, meeting_order, order_in_force
from bagalau.commission.services import (
    case_decide,
    commission_order_issue,
    meeting_agree,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
)
from bagalau.commission.tests.factories import (
    SPECIALISTS,
    case_of,
    cast_votes,
    make_commission_body,
    open_meeting,
    refused,
    shipped_methodology,
    to_commission,
)
from bagalau.core.models import AuditEvent
from bagalau.core.workflow import TransitionRefused
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_organisation,
    make_position,
    make_servant,
    make_subdivision,
    make_user,
)

D = dt.date
pytestmark = pytest.mark.django_db
FIRST_DAY = D(2025, 12, 1)


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The shipped methodology loaded once for the module (rolled back after it)."""
    with shipped_methodology(django_db_blocker):
        yield


def order(body, *, actor=None, number="1", signed_on=FIRST_DAY, **changes):
    """An order of the body with its default composition (chair chief; spec1, spec2, m1–m4;
    secretary hr), recorded by the head unless `actor` is given."""
    fields = {
        "chair": body["chief"].pk,
        "members": [body[n].pk for n in SPECIALISTS],
        "secretary": body["hr"].pk,
        **changes,
    }
    return commission_order_issue(
        organisation=body["org"],
        number=number,
        signed_on=signed_on,
        actor=actor or body["head"].user,
        **fields,
    )


def amend(body, amends, *, effective_from, replace=("m4", "hr2"), **changes):
    """Order № 2 amending `amends`: `replace[0]` leaves, `replace[1]` takes the seat."""
    out, into = replace
    members = [body[into if n == out else n].pk for n in SPECIALISTS]
    return order(
        body,
        number="2",
        signed_on=effective_from - dt.timedelta(days=5),
        effective_from=effective_from,
        amends=amends.pk,
        **{"members": members, **changes},
    )


@pytest.fixture
def body():
    return make_commission_body()


def test_the_first_order_forms_the_commission(body) -> None:  # §5
    first = order(body)
    assert composition_of(first) == Composition(
        chair=body["chief"].pk,
        members=tuple(body[n].pk for n in SPECIALISTS),
        secretary=body["hr"].pk,
    )
    seats = list(first.seats.order_by("number").values_list("role", flat=True))
    assert seats == ["chair", *["member"] * 6, "secretary"]
    assert first.effective_from == FIRST_DAY  # in force from its signing by default
    assert order_in_force(body["org"].pk, FIRST_DAY) == first
    assert order_in_force(body["org"].pk, FIRST_DAY - dt.timedelta(days=1)) is None
    event = AuditEvent.objects.get(action="commission_order.issue")
    assert event.before is None
    assert event.after["composition"]["chair"] == body["chief"].pk
    assert event.after["composition"]["secretary"] == body["hr"].pk
    assert (event.actor, event.organisation_id) == (body["head"].user, body["org"].pk)


def test_an_amending_order_changes_the_composition_from_its_date_and_keeps_history(
    body,
) -> None:  # §31
    first = order(body)
    second = amend(body, first, effective_from=D(2026, 1, 20))
    assert second.amends == first
    # before its date the first composition is in force, from it the new one
    assert order_in_force(body["org"].pk, D(2026, 1, 19)) == first
    assert order_in_force(body["org"].pk, D(2026, 1, 20)) == second
    assert body["m4"].pk in composition_of(first).members  # the first order is kept as it was
    assert body["m4"].pk not in composition_of(second).members
    assert body["hr2"].pk in composition_of(second).members
    assert CommissionOrder.objects.count() == 2
    assert CommissionSeat.objects.count() == 16
    event = AuditEvent.objects.get(action="commission_order.amend")
    assert body["m4"].pk in event.before["composition"]["members"]
    assert body["hr2"].pk in event.after["composition"]["members"]
    assert event.after["amends"] == first.pk


def test_each_meeting_sits_with_the_composition_in_force_on_its_date(body) -> None:
    first = order(body)
    to_commission(body, "spec1")
    to_commission(body, "spec2")
    # m4 leaves and hr2 takes the seat from 26 January 2026
    second = amend(body, first, effective_from=D(2026, 1, 26))
    hr, chief = body["hr"].user, body["chief"].user

    # the meeting of 23 January sits with order № 1: m4 votes, hr2 is not a member
    earlier = open_meeting(body, ("chief", "spec1", "spec2", "m1", "m4"))
    assert earlier.order == first
    cast_votes(
        body,
        earlier,
        case_of(body, "spec1"),
        dict.fromkeys(("chief", "spec1", "spec2", "m1", "m4"), "approve"),
    )
    refused(
        ValidationError,
        vote_cast,
        match="is not a member of the commission",
        meeting_id=earlier.pk,
        case_id=case_of(body, "spec1").pk,
        choice="approve",
        member=body["hr2"].pk,
        actor=hr,
        on=earlier.date,
    )
    case_decide(meeting_id=earlier.pk, case_id=case_of(body, "spec1").pk, actor=hr, on=earlier.date)
    meeting_close(meeting_id=earlier.pk, actor=hr, conclusion="Бекітуге", on=earlier.date)

    # spec2 was not decided: the meeting of 3 February sits with order № 2
    later = meeting_propose(
        cycle_id=body["cycle"].pk, date=D(2026, 2, 3), actor=hr, on=D(2026, 1, 23)
    )
    assert list(later.items.values_list("case_id", flat=True)) == [case_of(body, "spec2").pk]
    assert meeting_order(later) == second
    meeting_agree(meeting_id=later.pk, actor=chief, on=D(2026, 1, 23))
    # m4 is no longer a member: not counted present …
    refused(
        ValidationError,
        meeting_open,
        match="not members of the commission by order",
        meeting_id=later.pk,
        present=[body[r].pk for r in ("chief", "spec1", "spec2", "m1", "m4")],
        actor=hr,
        on=later.date,
    )
    later = meeting_open(
        meeting_id=later.pk,
        present=[body[r].pk for r in ("chief", "spec1", "spec2", "m1", "hr2")],
        actor=hr,
        on=later.date,
    )
    assert later.order == second
    spec2 = case_of(body, "spec2")
    # … and their vote is refused, whether they cast it or the secretary minutes it
    refused(
        CommissionMeeting.DoesNotExist,
        vote_cast,
        meeting_id=later.pk,
        case_id=spec2.pk,
        choice="approve",
        actor=body["m4"].user,
        on=later.date,
    )
    refused(
        ValidationError,
        vote_cast,
        match="is not a member of the commission",
        meeting_id=later.pk,
        case_id=spec2.pk,
        choice="approve",
        member=body["m4"].pk,
        actor=hr,
        on=later.date,
    )
    cast_votes(
        body, later, spec2, dict.fromkeys(("chief", "spec1", "spec2", "m1", "hr2"), "approve")
    )
    decision = case_decide(meeting_id=later.pk, case_id=spec2.pk, actor=hr, on=later.date)
    assert (decision.votes_for, decision.votes_cast) == (5, 5)
    # the earlier meeting still shows the composition it sat with
    assert CommissionMeeting.objects.get(pk=earlier.pk).order == first


def test_a_new_chair_agrees_the_meetings_dated_after_the_amendment(body) -> None:
    first = order(body)
    to_commission(body, "spec2")
    # spec1 chairs from 20 January; the chief becomes a member
    amend(
        body,
        first,
        effective_from=D(2026, 1, 20),
        replace=("spec1", "chief"),
        chair=body["spec1"].pk,
    )
    meeting = meeting_propose(
        cycle_id=body["cycle"].pk, date=D(2026, 1, 23), actor=body["hr"].user, on=D(2026, 1, 14)
    )
    error = refused(
        TransitionRefused,
        meeting_agree,
        meeting_id=meeting.pk,
        actor=body["chief"].user,
        on=D(2026, 1, 14),
    )
    assert error.reason == "not_your_role"
    meeting = meeting_agree(meeting_id=meeting.pk, actor=body["spec1"].user, on=D(2026, 1, 14))
    assert meeting.state == "scheduled"


def test_a_second_order_must_amend_the_first(body) -> None:  # §31
    first = order(body)
    refused(
        ValidationError,
        order,
        match=r"changes only by an order amending it \(§31\)",
        body=body,
        number="2",
        signed_on=D(2026, 1, 5),
    )
    # it amends the order in force, and takes effect after the latest one
    second = amend(body, first, effective_from=D(2026, 2, 2))
    refused(
        ValidationError,
        amend,
        match="amends the latest order",
        body=body,
        amends=first,
        effective_from=D(2026, 2, 9),
    )
    refused(
        ValidationError,
        amend,
        match="amends the latest order",
        body=body,
        amends=second,
        effective_from=D(2026, 1, 12),  # before the order it amends takes effect
    )


def test_a_first_order_amends_nothing(body) -> None:
    other = make_commission_body()
    elsewhere = order(other)
    refused(
        ValidationError,
        order,
        match="first order amends nothing",
        body=body,
        amends=elsewhere.pk,
    )


def test_the_order_needs_a_number_and_cannot_take_effect_before_it_is_signed(body) -> None:
    error = refused(
        ValidationError,
        order,
        body=body,
        number=" ",
        effective_from=FIRST_DAY - dt.timedelta(days=1),
    )
    assert set(error.message_dict) == {"number", "effective_from"}


def test_fewer_than_five_voting_members_is_refused(body) -> None:  # §5
    error = refused(
        ValidationError,
        order,
        body=body,
        members=[body[n].pk for n in ("spec1", "spec2", "m1")],
    )
    assert error.message_dict["composition"] == [
        "the chair and members number 4; the methodology asks for at least 5"
        " (§5; the secretary is not a member)"
    ]
    # five voting members (chair and four) is enough
    assert order(body, members=[body[n].pk for n in ("spec1", "spec2", "m1", "m2")])


def test_the_minimum_is_the_methodology_versions() -> None:
    body = make_commission_body(parameters={"commission_min_members": 9})
    error = refused(ValidationError, order, body=body)
    assert "at least 9" in error.message_dict["composition"][0]


def test_an_order_before_any_methodology_is_in_force_is_refused_clearly(body) -> None:
    # the body's methodology is in force from 1 January 2020: the minimum (§5) is unknown
    error = refused(ValidationError, order, body=body, signed_on=D(2019, 12, 2))
    assert error.message_dict["effective_from"] == [
        f"no methodology of {body['org'].code} is in force on 2019-12-02: the commission's"
        " minimum size (§5) cannot be checked"
    ]


def test_the_secretary_must_be_an_hr_servant(body) -> None:  # §34
    error = refused(
        ValidationError,
        order,
        body=body,
        members=[body[n].pk for n in ("spec1", "spec2", "m1", "m2", "m3")],
        secretary=body["m4"].pk,
    )
    assert error.message_dict["composition"] == [
        "the secretary must be a servant of the personnel service (§34):"
        f" {body['m4'].short_name} is not"
    ]
    # the second HR officer may be the secretary
    assert order(body, secretary=body["hr2"].pk)


def test_nobody_from_outside_the_body_sits_on_it(body) -> None:
    stranger = make_servant()
    other_body = make_organisation()
    make_appointment(stranger, make_position(other_body), date_from=D(2020, 1, 1))
    error = refused(
        ValidationError,
        order,
        body=body,
        members=[*[body[n].pk for n in SPECIALISTS[:-1]], stranger.pk],
    )
    assert error.message_dict["composition"] == [
        f"not appointed in the body on the date the order takes effect: {stranger.short_name}"
    ]
    # the body's own servant who has left by the date the order takes effect is outside too
    body["m4"].appointments.update(date_to=D(2025, 11, 30))
    error = refused(ValidationError, order, body=body)
    assert body["m4"].short_name in error.message_dict["composition"][0]
    # and so is one appointed only after it
    newcomer = make_servant()
    make_appointment(newcomer, body["m4_position"], date_from=D(2025, 12, 2))
    refused(
        ValidationError,
        order,
        match="not appointed in the body",
        body=body,
        members=[*[body[n].pk for n in SPECIALISTS[:-1]], newcomer.pk],
    )
    assert order(
        body,
        members=[*[body[n].pk for n in SPECIALISTS[:-1]], newcomer.pk],
        signed_on=D(2025, 12, 2),
    )


def test_a_person_sits_only_once(body) -> None:
    refused(
        ValidationError,
        order,
        match="a person sits only once",
        body=body,
        members=[body[n].pk for n in ("chief", *SPECIALISTS[1:])],
    )
    refused(
        ValidationError,
        order,
        match="a person sits only once",
        body=body,
        members=[*[body[n].pk for n in SPECIALISTS], body["hr"].pk],
    )


def test_the_authorized_person_or_hr_records_orders(body) -> None:  # §5
    # the first head (the authorized person) and any HR officer of the body may
    first = order(body, actor=body["head"].user)
    assert first.recorded_by == body["head"].user
    second = amend(body, first, effective_from=D(2026, 1, 20), actor=body["hr2"].user)
    assert second.recorded_by == body["hr2"].user


@pytest.mark.parametrize("role", ["spec1", "chief"])
def test_a_servant_without_the_right_cannot_record_an_order(body, role) -> None:
    refused(
        PermissionDenied,
        order,
        match="only the authorized person or the personnel service",
        body=body,
        actor=body[role].user,
    )


def test_another_bodys_hr_cannot_record_an_order(body) -> None:
    other = make_organisation()
    hr_there = make_servant(user=make_user())
    make_appointment(
        hr_there,
        make_position(other, subdivision=make_subdivision(other, is_personnel_service=True)),
        date_from=D(2020, 1, 1),
    )
    refused(PermissionDenied, order, body=body, actor=hr_there.user)
    assert not CommissionOrder.objects.exists()


def test_an_order_number_is_recorded_once(body) -> None:
    first = order(body)
    refused(
        ValidationError,
        order,
        body=body,
        number="1",
        signed_on=FIRST_DAY,
        effective_from=D(2026, 1, 5),
        amends=first.pk,
    )
