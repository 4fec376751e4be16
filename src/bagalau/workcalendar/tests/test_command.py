"""`bagalau calendar ...`: outputs and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bagalau.workcalendar.models import CalendarDay
from bagalau.workcalendar.services import shipped_days


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_add_prints_the_iso_date_alone() -> None:
    assert run("add", "2024-12-31", "1") == "2025-01-05\n"
    assert run("add", "2024-05-10", "-7") == "2024-04-26\n"
    assert run("add", "2026-03-20", "0") == "2026-03-20\n"


@pytest.mark.django_db
def test_count_prints_the_number() -> None:
    assert run("count", "2024-12-31", "2025-01-06") == "2\n"
    assert run("count", "2025-01-06", "2024-12-31") == "-2\n"


@pytest.mark.django_db
def test_is_working_prints_yes_or_no() -> None:
    assert run("is-working", "2026-08-31") == "yes\n"
    assert run("is-working", "2026-03-23") == "no\n"


@pytest.mark.django_db
def test_month_prints_a_table_with_days_off_named() -> None:
    lines = run("month", "2026-03").splitlines()
    assert "2026-03-23 Mon  off   Наурыз мейрамы" in lines
    assert "2026-03-26 Thu" in lines
    assert "2026-03-21 Sat  off   Наурыз мейрамы" in lines
    assert lines[-1] == "2026-03: 18 working days, 13 days off"
    ru = run("month", "2026-03", "--lang", "ru").splitlines()
    assert "2026-03-09 Mon  off   Международный женский день (перенесённый выходной)" in ru
    worked_sunday = run("month", "2025-01").splitlines()
    assert any(line.startswith("2025-01-05 Sun  work  Жұмыс күні") for line in worked_sunday)


@pytest.mark.django_db
def test_month_json_is_one_document() -> None:
    document = json.loads(run("month", "2025-01", "--json"))
    assert document["month"] == "2025-01"
    assert document["working_days"] == 20
    days = {d["date"]: d for d in document["days"]}
    assert len(days) == 31
    assert days["2025-01-05"]["working"] is True
    assert days["2025-01-03"]["working"] is False
    assert "№ 436" in days["2025-01-03"]["source"]


@pytest.mark.django_db
def test_list_gives_the_years_exceptions_with_sources() -> None:
    text = run("list", "--year", "2024")
    assert "2024-05-04 Sat  work" in text
    assert "2024-05-08 Wed  off" in text
    assert "№ 109" in text
    document = json.loads(run("list", "--year", "2025", "--json"))
    assert document["year"] == 2025
    assert [d["date"] for d in document["days"] if d["working"]] == ["2025-01-05"]
    assert len([d for d in document["days"] if not d["working"]]) == 16
    assert all(d["source"] for d in document["days"])


@pytest.mark.django_db
def test_load_reports_what_it_did() -> None:
    CalendarDay.objects.filter(date="2024-05-04").delete()
    count = len(shipped_days())
    assert run("load") == (
        f"created 1, updated 0, unchanged {count - 1}, kept 0 operator-corrected days\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2024-13-01", "1"), "malformed date '2024-13-01'"),
        (("add", "31.12.2024", "1"), "malformed date '31.12.2024': expected YYYY-MM-DD"),
        (("add", "2024-12-31", "one"), "N must be an integer, got 'one'"),
        (("add", "2024-12-31", "1.5"), "N must be an integer, got '1.5'"),
        (("count", "2024-12-31", "soon"), "malformed TO date 'soon'"),
        (("is-working", "2024-02-30"), "malformed date '2024-02-30'"),
        (("month", "2026-13"), "unknown month '2026-13'"),
        (("month", "March"), "unknown month 'March': expected YYYY-MM"),
        (("list", "--year", "26"), "malformed year '26'"),
    ],
)
def test_bad_input_is_a_command_error_naming_the_problem(
    args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        run(*args)


def test_an_unknown_subcommand_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        run("tomorrow")


def test_the_console_reports_an_error_on_stderr_with_a_non_zero_exit(tmp_path: Path) -> None:
    env = {**os.environ, "BAGALAU_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bagalau.cli", "calendar", "add", "2024-12-31", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert "N must be an integer, got 'x'" in done.stderr
