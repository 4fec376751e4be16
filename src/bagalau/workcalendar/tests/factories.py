"""Factories for the calendar's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from bagalau.workcalendar.models import CalendarDay, DayKind, DayOrigin


def make_calendar_day(**overrides: Any) -> CalendarDay:
    """A saved operator's row; defaults: 2030-01-10, a day off, with a source."""
    values: dict[str, Any] = {
        "date": dt.date(2030, 1, 10),
        "kind": DayKind.DAY_OFF,
        "name_kk": "Сынақ күні",
        "name_ru": "Тестовый день",
        "source": "Test order No. 1",
        "origin": DayOrigin.OPERATOR,
    }
    values.update(overrides)
    day = CalendarDay(**values)
    day.full_clean()
    day.save()
    return day


def make_superuser(username: str = "calendar-admin") -> Any:
    return get_user_model().objects.create_superuser(
        username, f"{username}@example.kz", "pw-123456"
    )
