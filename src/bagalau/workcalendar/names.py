"""Russian names for the Kazakh holiday names of the `holidays` package (stdlib only).

The package names Kazakhstan's holidays in Kazakh (and English, Ukrainian) but not in
Russian, the language used officially alongside Kazakh; this module supplies it.
"""

from __future__ import annotations

import re

HOLIDAY_RU: dict[str, str] = {
    "Жаңа жыл": "Новый год",
    "Православиелік Рождество": "Православное Рождество",
    "Халықаралық әйелдер күні": "Международный женский день",
    "Наурыз мейрамы": "Наурыз мейрамы",
    "Қазақстан халқының бірлігі мерекесі": "Праздник единства народа Казахстана",
    "Отан Қорғаушы күні": "День защитника Отечества",
    "Жеңіс күні": "День Победы",
    "Астана күні": "День Столицы",
    "Қазақстан Республикасының Конституциясы күні": "День Конституции Республики Казахстан",
    "Республика күні": "День Республики",
    "Қазақстан Республикасы күні": "День Республики Казахстан",
    "Қазақстан Республикасының Тұңғыш Президенті күні": (
        "День Первого Президента Республики Казахстан"
    ),
    "Тәуелсіздік күні": "День Независимости",
    "Құрбан айт": "Курбан айт",
}

# The package's labels: "%s (observed)", "%s (estimated)", both, and "Day off (substituted
# from %s)", in Kazakh.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (" (қайта белгіленген демалыс, бағаланған)", " (перенесённый выходной, предположительно)"),
    (" (қайта белгіленген демалыс)", " (перенесённый выходной)"),
    (" (бағаланған)", " (предположительно)"),
)
_SUBSTITUTED = re.compile(r"^Демалыс күні \((\d\d\.\d\d\.\d{4}) бастап ауыстырылды\)$")


def holiday_name_ru(name_kk: str) -> str:
    """The Russian name of a holiday the `holidays` package names in Kazakh.

    Several holidays on one day come joined by "; " and are translated one by one; a name
    this module does not know is returned unchanged.
    """
    return "; ".join(_one_ru(part) for part in name_kk.split("; "))


def _one_ru(name: str) -> str:
    substituted = _SUBSTITUTED.match(name)
    if substituted:
        return f"Выходной день (перенесён с {substituted.group(1)})"
    for suffix_kk, suffix_ru in _SUFFIXES:
        if name.endswith(suffix_kk):
            base = name.removesuffix(suffix_kk)
            return HOLIDAY_RU.get(base, base) + suffix_ru
    return HOLIDAY_RU.get(name, name)
