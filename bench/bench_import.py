"""Benchmark: import-staff of N rows (positions with reporting lines and servants).

    BAGALAU_DATA_DIR=/tmp/bench .venv/bin/python bench/bench_import.py --rows 10000
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_import.py --rows 10000

Prints the seconds of: the first import (everything created), the same file again
(validated, nothing changed), a dry run, and the export. The target is under 20 s for the
first import of 10,000 rows on this 2-core machine, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path


def rows(count: int, iin_for) -> list[dict[str, str]]:
    per_subdivision = 100
    result = [
        {
            "position_code": "TOP",
            "position_title_kk": "Басшы",
            "position_title_ru": "Руководитель",
            "category": "E-R-1",
            "iin": iin_for(0),
            "surname": "Басшы",
            "first_name": "Бір",
            "appointed_from": "2015-01-01",
        }
    ]
    n = 1
    while n < count:
        sub = f"S{n // per_subdivision:04d}"
        names = {
            "subdivision_code": sub,
            "subdivision_name_kk": f"Бөлім {sub}",
            "subdivision_name_ru": f"Отдел {sub}",
        }
        head = f"{sub}-H"
        result.append(
            {
                **names,
                "position_code": head,
                "position_title_kk": "Бөлім басшысы",
                "position_title_ru": "Руководитель отдела",
                "category": "E-R-2",
                "heads_subdivision": "yes",
                "reports_to": "TOP",
                "iin": iin_for(n),
                "surname": f"Басшы{n}",
                "first_name": "Ерлан",
                "appointed_from": "2018-01-01",
            }
        )
        n += 1
        for _ in range(per_subdivision - 1):
            if n >= count:
                break
            result.append(
                {
                    **names,
                    "position_code": f"{sub}-{n}",
                    "position_title_kk": "Бас маман",
                    "position_title_ru": "Главный специалист",
                    "category": "E-R-4",
                    "reports_to": head,
                    "public_services": "yes",
                    "iin": iin_for(n),
                    "surname": f"Маман{n}",
                    "first_name": "Айгүл",
                    "appointed_from": "2020-03-01",
                }
            )
            n += 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("BAGALAU_DATA_DIR", tempfile.mkdtemp(prefix="bagalau-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bagalau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)

    from bagalau.methodology.models import MethodologyVersion
    from bagalau.methodology.selectors import version_rules
    from bagalau.methodology.services import methodology_load_shipped
    from bagalau.orgstructure.models import Organisation
    from bagalau.orgstructure.rules import iin_check_digit
    from bagalau.orgstructure.staff_export import staff_rows
    from bagalau.orgstructure.staff_files import COLUMN_NAMES
    from bagalau.orgstructure.staff_import import staff_import

    methodology_load_shipped()
    stamp = time.strftime("%H%M%S")
    org = Organisation.objects.create(code=f"bench-{stamp}", name_kk="Бенч", name_ru="Бенч")
    version = MethodologyVersion.objects.create(
        code=f"bench-{stamp}",
        organisation=org,
        kind="adopted",
        parent=MethodologyVersion.objects.get(code="arys-714"),
        act_issuer_kk="bench",
        act_title_kk="bench",
        act_number="1",
        act_date=dt.date(2024, 1, 1),
        effective_from=dt.date(2024, 1, 1),
    )
    rules = version_rules(version)
    serial_base = int(stamp) * 3 % 9000

    def iin_for(i: int) -> str:
        birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        serial = (serial_base + i * 7) % 10000
        while True:
            first = f"{birth:%y%m%d}{3 + i % 2}{serial:04d}"
            check = iin_check_digit(first)
            if check is not None:
                return first + str(check)
            serial = (serial + 1) % 10000

    data = rows(args.rows, iin_for)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "staff.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, restval="")
            writer.writeheader()
            writer.writerows(data)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"database: {engine}; rows: {len(data)}")
        for label, dry in (("first import", False), ("same file again", False), ("dry run", True)):
            start = time.perf_counter()
            report = staff_import(
                organisation=org, path=path, rules=rules, version_label=version.code, dry_run=dry
            )
            print(f"{label:16} {time.perf_counter() - start:6.2f} s  {report.summary()}")
        start = time.perf_counter()
        exported = staff_rows(org)
        print(f"{'export':16} {time.perf_counter() - start:6.2f} s  {len(exported)} rows")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
