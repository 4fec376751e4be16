"""The shipped facts' loader and the operator's audited edits (services and admin)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from bagalau.core.models import AuditEvent
from bagalau.workcalendar import selectors
from bagalau.workcalendar.models import CalendarDay, DayKind, DayOrigin
from bagalau.workcalendar.services import (
    calendar_day_delete,
    calendar_day_save,
    calendar_load_shipped,
    shipped_days,
)
from bagalau.workcalendar.tests.factories import make_calendar_day, make_superuser

D = dt.date
OBJECT_TYPE = "workcalendar.calendarday"


def test_the_shipped_data_names_an_act_for_every_day() -> None:
    days = shipped_days()
    assert days == sorted(days, key=lambda d: d.date)
    assert all(d.source and d.name_kk and d.name_ru for d in days)
    by_date = {d.date: d for d in days}
    assert "№ 109" in by_date[D(2024, 5, 8)].source
    assert by_date[D(2024, 5, 4)].kind == DayKind.WORKING_DAY
    assert "№ 436" in by_date[D(2025, 1, 3)].source
    assert by_date[D(2025, 1, 5)].kind == DayKind.WORKING_DAY
    assert by_date[D(2026, 8, 31)].kind == DayKind.WORKING_DAY
    assert "15 марта 2026" in by_date[D(2026, 8, 31)].source


def test_malformed_shipped_data_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": [{"date": "2026-02-30", "kind": "day_off"}]}))
    with pytest.raises(ValueError, match="entry 1"):
        shipped_days(bad)
    bad.write_text(
        json.dumps(
            {"days": [{"date": "2026-02-03", "kind": "holiday", "name_kk": "", "name_ru": "",
                       "source": "x"}]}
        )
    )  # fmt: skip
    with pytest.raises(ValueError, match="unknown kind 'holiday'"):
        shipped_days(bad)


@pytest.mark.django_db
def test_migrate_loaded_the_shipped_days() -> None:
    # post_migrate ran the loader on the test database.
    assert CalendarDay.objects.filter(origin=DayOrigin.SHIPPED).count() == len(shipped_days())


@pytest.mark.django_db
def test_the_loader_is_idempotent() -> None:
    CalendarDay.objects.all().delete()
    first = calendar_load_shipped()
    assert len(first.created) == len(shipped_days())
    audits = AuditEvent.objects.filter(object_type=OBJECT_TYPE).count()
    second = calendar_load_shipped()
    assert second.created == second.updated == []
    assert len(second.unchanged) == len(shipped_days())
    assert CalendarDay.objects.count() == len(shipped_days())
    assert AuditEvent.objects.filter(object_type=OBJECT_TYPE).count() == audits


@pytest.mark.django_db
def test_the_loader_audits_what_it_creates() -> None:
    CalendarDay.objects.filter(date=D(2025, 1, 5)).delete()
    calendar_load_shipped()
    row = CalendarDay.objects.get(date=D(2025, 1, 5))
    event = AuditEvent.objects.get(object_type=OBJECT_TYPE, object_id=str(row.pk))
    assert event.action == "calendar_day.add"
    assert event.actor is None
    assert event.channel == "system"
    assert event.after["kind"] == "working_day"


@pytest.mark.django_db
def test_the_loader_keeps_an_operators_edit() -> None:
    row = CalendarDay.objects.get(date=D(2026, 8, 31))
    row.kind = DayKind.DAY_OFF
    row.source = "A later act that restores 31 Aug 2026 as a day off"
    calendar_day_save(day=row, actor=None)
    result = calendar_load_shipped()
    assert D(2026, 8, 31) in result.kept_operator
    row.refresh_from_db()
    assert row.kind == DayKind.DAY_OFF
    assert row.origin == DayOrigin.OPERATOR
    assert not selectors.is_working_day(D(2026, 8, 31))


@pytest.mark.django_db
def test_the_loader_refreshes_a_shipped_row_that_changed() -> None:
    CalendarDay.objects.filter(date=D(2024, 5, 8)).update(name_ru="old name")
    result = calendar_load_shipped()
    assert result.updated == [D(2024, 5, 8)]
    row = CalendarDay.objects.get(date=D(2024, 5, 8))
    assert row.name_ru != "old name"
    event = AuditEvent.objects.filter(object_id=str(row.pk), action="calendar_day.change").get()
    assert event.before["name_ru"] == "old name"


@pytest.mark.django_db
def test_saving_audits_before_and_after() -> None:
    user = make_superuser()
    day = CalendarDay(
        date=D(2027, 6, 1), kind=DayKind.DAY_OFF, source="Order No. 1", name_ru="Выходной"
    )
    calendar_day_save(day=day, actor=user)
    added = AuditEvent.objects.get(object_id=str(day.pk), action="calendar_day.add")
    assert added.actor == user
    assert added.before is None
    assert added.after["date"] == "2027-06-01"
    day.kind = DayKind.WORKING_DAY
    calendar_day_save(day=day, actor=user)
    changed = AuditEvent.objects.get(object_id=str(day.pk), action="calendar_day.change")
    assert changed.before["kind"] == "day_off"
    assert changed.after["kind"] == "working_day"


@pytest.mark.django_db
def test_a_day_without_a_source_is_refused_and_nothing_is_written() -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        calendar_day_save(day=CalendarDay(date=D(2027, 6, 1), kind=DayKind.DAY_OFF), actor=None)
    assert not CalendarDay.objects.filter(date=D(2027, 6, 1)).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_deleting_an_operator_row_falls_back_to_the_shipped_fact() -> None:
    row = CalendarDay.objects.get(date=D(2025, 1, 5))
    row.kind = DayKind.DAY_OFF
    calendar_day_save(day=row, actor=None)
    assert not selectors.is_working_day(D(2025, 1, 5))
    restored = calendar_day_delete(day=row, actor=None)
    assert restored is not None
    assert restored.origin == DayOrigin.SHIPPED
    assert selectors.is_working_day(D(2025, 1, 5))


@pytest.mark.django_db
def test_deleting_an_operator_row_falls_back_to_the_library() -> None:
    day = make_calendar_day(date=D(2030, 1, 1), kind=DayKind.WORKING_DAY)
    assert calendar_day_delete(day=day, actor=None) is None
    assert not selectors.is_working_day(D(2030, 1, 1))
    assert AuditEvent.objects.filter(action="calendar_day.delete", object_id=str(day.pk)).exists()


@pytest.mark.django_db
def test_admin_add_and_change_are_audited_with_the_user(client) -> None:
    user = make_superuser()
    client.force_login(user)
    response = client.post(
        "/admin/workcalendar/calendarday/add/",
        {
            "date": "2027-06-02",
            "kind": "day_off",
            "name_kk": "Демалыс күні",
            "name_ru": "Выходной день",
            "source": "Order No. 7 of 2027",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content
    day = CalendarDay.objects.get(date=D(2027, 6, 2))
    assert day.origin == DayOrigin.OPERATOR
    assert AuditEvent.objects.get(object_id=str(day.pk), action="calendar_day.add").actor == user

    shipped = CalendarDay.objects.get(date=D(2026, 8, 31))
    response = client.post(
        f"/admin/workcalendar/calendarday/{shipped.pk}/change/",
        {
            "date": "2026-08-31",
            "kind": "day_off",
            "name_kk": shipped.name_kk,
            "name_ru": shipped.name_ru,
            "source": "Corrected by the operator",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content
    shipped.refresh_from_db()
    assert shipped.origin == DayOrigin.OPERATOR
    event = AuditEvent.objects.get(object_id=str(shipped.pk), action="calendar_day.change")
    assert event.actor == user
    assert event.before["kind"] == "working_day"
    assert event.after["kind"] == "day_off"
    assert not selectors.is_working_day(D(2026, 8, 31))


@pytest.mark.django_db
def test_admin_deletes_an_operator_row_with_an_audit_but_not_a_shipped_one(client) -> None:
    user = make_superuser()
    client.force_login(user)
    day = make_calendar_day()
    response = client.post(f"/admin/workcalendar/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    event = AuditEvent.objects.get(object_id=str(day.pk), action="calendar_day.delete")
    assert event.actor == user
    assert event.before["date"] == "2030-01-10"

    shipped = CalendarDay.objects.get(date=D(2025, 1, 5))
    response = client.post(f"/admin/workcalendar/calendarday/{shipped.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert CalendarDay.objects.filter(pk=shipped.pk).exists()
