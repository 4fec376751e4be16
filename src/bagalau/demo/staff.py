"""The demo body's staff, as rows of the staff file (imported like any other body's).

About 40 servants of a district akim's apparatus across the Annex 4 categories of the
Arys methodology (001), with a case for every exclusion rule of §4: probation, fewer
than 3 months in the position, leave at evaluation time (evaluated after return), social
leave, and positions without public services (Annex 3 footnote).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy

from bagalau.orgstructure.rules import iin_check_digit

SUBDIVISIONS = [
    # code, Kazakh, Russian, personnel service, public services
    ("HR", "Персоналды басқару қызметі", "Служба управления персоналом", True, False),
    ("ORG", "Ұйымдастыру-бақылау бөлімі", "Организационно-контрольный отдел", False, False),
    (
        "ECON",
        "Экономика және бюджеттік жоспарлау бөлімі",
        "Отдел экономики и бюджетного планирования",
        False,
        False,
    ),
    ("LAND", "Жер қатынастары бөлімі", "Отдел земельных отношений", False, True),
    (
        "SOC",
        "Жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
        "Отдел занятости и социальных программ",
        False,
        True,
    ),
    (
        "CIVIL",
        "Азаматтық хал актілерін тіркеу бөлімі",
        "Отдел регистрации актов гражданского состояния",
        False,
        True,
    ),
    ("LEGAL", "Заң бөлімі", "Юридический отдел", False, False),
]

SURNAMES = [
    "Абенов",
    "Байжанов",
    "Жұмабаев",
    "Қасымов",
    "Нұрланов",
    "Оспанов",
    "Сейітов",
    "Тұрсынов",
    "Әлиев",
    "Ермеков",
    "Исаев",
    "Мұратов",
    "Серікбаев",
    "Төлегенов",
    "Ахметов",
    "Бекетов",
    "Дәулетов",
    "Ғабитов",
    "Жақсылықов",
    "Құдайбергенов",
]
MALE = [
    "Ерлан",
    "Асхат",
    "Нұрлан",
    "Дәурен",
    "Айбек",
    "Бауыржан",
    "Мақсат",
    "Серік",
    "Ержан",
    "Арман",
]
FEMALE = [
    "Айгүл",
    "Гүлнар",
    "Салтанат",
    "Әсел",
    "Жанар",
    "Динара",
    "Мөлдір",
    "Ботагөз",
    "Назым",
    "Ақмарал",
]


def _iin(n: int, female: bool) -> str:
    birth = dt.date(1975 + n % 25, 1 + n % 12, 1 + (n * 7) % 28)
    century = (3 if birth.year < 2000 else 5) + (1 if female else 0)
    serial = 100 + n
    while True:
        first = f"{birth:%y%m%d}{century}{serial:04d}"
        check = iin_check_digit(first)
        if check is not None:
            return first + str(check)
        serial += 500


def _person(n: int) -> dict[str, str]:
    female = n % 2 == 1
    surname = SURNAMES[n % len(SURNAMES)] + ("а" if female else "")
    first = (FEMALE if female else MALE)[(n + n // 20) % 10]
    father = MALE[(n + 3) % 10]
    patronymic = father + ("қызы" if female else "ұлы")
    return {
        "iin": _iin(n, female),
        "surname": surname,
        "first_name": first,
        "patronymic": patronymic,
    }


def demo_rows() -> list[dict[str, str]]:
    """Rows in the staff file's columns (see bagalau.orgstructure.staff_files)."""
    rows: list[dict[str, str]] = []
    n = 0

    def add(
        code: str,
        kk: str,
        ru: str,
        category: str,
        reports_to: str,
        *,
        sub: tuple | None = None,
        heads: bool = False,
        public: bool = False,
        authorized: bool = False,
        since: str = "2019-02-01",
        extra: dict | None = None,
        vacant: bool = False,
    ) -> None:
        nonlocal n
        row = {
            "subdivision_code": sub[0] if sub else "",
            "subdivision_name_kk": sub[1] if sub else "",
            "subdivision_name_ru": sub[2] if sub else "",
            "parent_subdivision_code": "",
            "personnel_service": ("yes" if sub[3] else "no") if sub else "no",
            "position_code": code,
            "position_title_kk": kk,
            "position_title_ru": ru,
            "category": category,
            "heads_subdivision": "yes" if heads else "no",
            "public_services": "yes" if public else "no",
            "reports_to": reports_to,
            "hr_duties": "no",
            "authorized_person": "yes" if authorized else "no",
        }
        if not vacant:
            n += 1
            row |= _person(n) | {"appointed_from": since}
        rows.append(row | (extra or {}))

    add("AKIM", "Аудан әкімі", "Аким района", "", "")
    add(
        "APP-HEAD",
        "Әкім аппаратының басшысы",
        "Руководитель аппарата акима",
        "E-R-1",
        "AKIM",
        authorized=True,
        since="2017-05-15",
    )
    add(
        "APP-DEP",
        "Әкім аппараты басшысының орынбасары",
        "Заместитель руководителя аппарата",
        "E-R-2",
        "APP-HEAD",
        since="2018-03-01",
    )
    for sub in SUBDIVISIONS:
        code, _kk, _ru, _hr, public = sub
        head = f"{code}-HEAD"
        add(
            head,
            "Бөлім басшысы",
            "Руководитель отдела",
            "E-R-2",
            "APP-DEP",
            sub=sub,
            heads=True,
            public=public,
        )
        add(
            f"{code}-CHIEF",
            "Бас маман",
            "Главный специалист",
            "E-R-4",
            head,
            sub=sub,
            public=public,
        )
        for i in (1, 2, 3):
            add(
                f"{code}-LEAD{i}",
                "Жетекші маман",
                "Ведущий специалист",
                "E-R-5",
                head,
                sub=sub,
                public=public,
                since=f"20{18 + i}-0{i + 1}-01",
            )
    # Exclusion cases of §4 and the Annex 3 footnote, each on an identifiable position.
    by_code = {r["position_code"]: r for r in rows}
    by_code["LAND-LEAD3"] |= {"appointed_from": "2026-09-01", "probation_end": "2027-02-28"}
    by_code["ECON-LEAD3"] |= {"appointed_from": "2026-10-05"}  # under 3 months by year end
    by_code["SOC-LEAD2"] |= {
        "absence_kind": "annual_leave",
        "absence_from": "2026-12-14",
        "absence_to": "2027-01-16",
    }  # evaluated within 5 days of return
    by_code["CIVIL-LEAD2"] |= {
        "absence_kind": "social_leave",
        "absence_from": "2026-03-02",
        "absence_to": "2026-10-30",
    }  # tenure counts from return
    by_code["ORG-LEAD3"] |= {
        "absence_kind": "advanced_training",
        "absence_from": "2026-12-07",
        "absence_to": "2026-12-25",
    }
    # A vacant position, and a servant who left it earlier in the year.
    add(
        "LEGAL-LEAD4",
        "Жетекші маман",
        "Ведущий специалист",
        "E-R-5",
        "LEGAL-HEAD",
        sub=SUBDIVISIONS[-1],
        vacant=True,
    )
    former = (
        dict(by_code["LEGAL-LEAD3"])
        | _person(90)
        | {"appointed_from": "2015-09-01", "appointed_to": "2020-12-31"}
    )
    rows.append(former)
    return rows


# Logins: username → (position code whose holder it is, what the role is for)
DEMO_USERS = [
    ("hr", "HR-CHIEF", gettext_lazy("HR officer (personnel service)")),
    ("head", "AKIM", gettext_lazy("first head")),
    ("authorized", "APP-HEAD", gettext_lazy("authorized person (appoints and dismisses)")),
    (
        "supervisor",
        "LAND-HEAD",
        gettext_lazy("direct supervisor (head of the land relations department)"),
    ),
    ("superior", "APP-DEP", gettext_lazy("superior supervisor")),
    ("servant", "LAND-LEAD1", gettext_lazy("servant")),
    ("commission", "ORG-HEAD", gettext_lazy("commission member")),
    ("secretary", "HR-LEAD1", gettext_lazy("commission secretary (HR)")),
]
DEMO_PASSWORD = "bagalau-demo"
