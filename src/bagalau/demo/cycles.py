"""The demo body's evaluation cycles, played through the services at real past dates.

2025 is a finished year: plans approved in January 2025 (one returned for rework and
resubmitted, one revised in July), four quarterly reviews, and KPI sheets filled in January
2026 that ended in different states — most before the commission, some agreed and waiting
for HR, some signed and waiting for the superior supervisor, one returned for weak evidence.

Most 2025 servants also have a competency sheet (Annex 3) assessed in mid-January 2026 with
varied marks, so that some competencies are not met (§27): most signed and put before the
commission by HR (one after the §28 deadline), a few only signed, a few still in draft, a
couple not begun. 2026 has none yet.

The 2025 cycle then goes before the commission (§5, §29–§44): the authorized person's order
of 1 December 2025 forms it (the deputy head of the apparatus chairs, six department heads
are members, an HR specialist is the secretary); the meeting of early February 2026, agreed
by the chair 7 working days ahead, sits with 6 of 7 members and hears every case whose two
sheets are before it with votes by name (members recuse from their own case). It revises a
KPI rating and a competency result (kept beside the originals), approves one case by the
chair's casting vote, and its protocol № 1 is approved by the authorized person the next
working day. The servants are acquainted (one refuses: an act of refusal with two
witnesses); the one decided by the casting vote appeals to the agency, the appeal is upheld,
and a March meeting (protocol № 2) reviews the case. Cases whose sheets never reached the
commission stay where they are. 2026 has no meeting.

2026 is the year in progress (the story stops on 23 November 2026; "today" is the 25th): most
plans approved in January, quarterly reviews recorded for Q1–Q3 for some and missing for
others, one plan never drawn up, one left in draft, one submitted and one returned in January
and left there, and revisions of approved plans submitted, returned or drafted in November.

Everything goes through the KPI and competency tracks' services with `on=` the day it
happened, by the people who hold the positions (roles follow the reporting lines, as in
production). Supervisors without a demo login get a linked account without a password
(`demo-<position>`) so that they can act. A cycle that exists already is left as it is,
except that a 2025 cycle without competency sheets or without a commission (a demo made
before them) gets them once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from bagalau.commission.models import (
    Acquaintance,
    Appeal,
    CommissionMeeting,
    CommissionOrder,
    Decision,
    RefusalAct,
    Vote,
)
from bagalau.commission.outcomes import (
    acquaintance_acknowledge,
    appeal_answer,
    appeal_file,
    refusal_act_draw_up,
)
from bagalau.commission.services import (
    case_decide,
    commission_order_issue,
    meeting_agree,
    meeting_approve,
    meeting_close,
    meeting_open,
    meeting_propose,
    vote_cast,
    vote_recuse,
)
from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.rules import indicators_needed
from bagalau.competency.selectors import sheet_items
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.core.audit import audit_record
from bagalau.evaluation.models import EvaluationCase, EvaluationCycle
from bagalau.evaluation.selectors import ReportingLines, reporting_lines
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.models import KpiSheet, WorkPlan
from bagalau.kpi.rules import Achievement, proposed_achievement
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    quarterly_review_acknowledge,
    quarterly_review_record,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.methodology.selectors import version_rules
from bagalau.orgstructure.models import Organisation, Position
from bagalau.orgstructure.selectors import authorized_position, position_holder
from bagalau.workcalendar.rules import WorkingCalendar
from bagalau.workcalendar.selectors import kazakhstan_calendar

D = dt.date

SP, MEMO, A_CORPS, WORK = "strategic_plan", "memorandum", "a_corps_agreement", "work_specifics"
AT_LEAST, AT_MOST, EXACTLY, BY_DEADLINE = (
    Achievement.AT_LEAST,
    Achievement.AT_MOST,
    Achievement.EXACTLY,
    Achievement.BY_DEADLINE,
)


@dataclass(frozen=True)
class KpiText:
    name: str
    source: str
    reference: str  # "{year}" is the plan's year
    unit: str
    planned: Decimal
    achievement: str
    key_result: str
    deadline: tuple[int, int] = (12, 31)  # month, day in the plan's year
    growth: Decimal = Decimal(0)  # added to the planned value each later year


def _k(name, source, reference, unit, planned, achievement, key_result, **extra) -> KpiText:
    return KpiText(
        name, source, reference, unit, Decimal(str(planned)), achievement, key_result, **extra
    )


DEVELOPMENT_PLAN = "Ауданның 2021–2026 жылдарға арналған даму жоспары"
MEMORANDUM = "Аудан әкімінің {year} жылға арналған меморандумы"
AGREEMENT = "Аппарат басшысы қызметінің тиімділігі туралы {year} жылғы келісім"

# KPIs a subdivision's servants choose from (5 each), in Kazakh as written in the plans.
CATALOGUE: dict[str, list[KpiText]] = {
    "APP": [
        _k(
            "Аудан әкімі аппаратының стратегиялық жоспары нысаналы индикаторларының орындалуы",
            SP,
            f"{DEVELOPMENT_PLAN}, 5-бағыт «Тиімді мемлекеттік басқару»",
            "%",
            95,
            AT_LEAST,
            "Стратегиялық жоспардың индикаторлары толық орындалады",
        ),
        _k(
            "Ішкі бақылау нәтижесінде мемлекеттік қызмет көрсету тәртібін бұзу фактілері",
            A_CORPS,
            f"{AGREEMENT}, 2-көрсеткіш",
            "жағдай",
            3,
            AT_MOST,
            "Мемлекеттік қызмет көрсету сапасына шағымдар азаяды",
        ),
        _k(
            "Ішкі құжат айналымының электрондық форматтағы үлесі",
            MEMO,
            f"{MEMORANDUM}, 6-тармақ",
            "%",
            98,
            AT_LEAST,
            "Қағаз құжат айналымы қысқарады, құжаттарды өңдеу мерзімі азаяды",
        ),
        _k(
            "Тұрғындардың жергілікті атқарушы органдар қызметіне қанағаттану деңгейі",
            MEMO,
            f"{MEMORANDUM}, 1-тармақ",
            "%",
            72,
            AT_LEAST,
            "Халықтың әкімдікке сенім деңгейі артады",
            growth=3,
        ),
        _k(
            "Сыбайлас жемқорлық тәуекелдеріне ішкі талдау ұсынымдарын орындау",
            A_CORPS,
            f"{AGREEMENT}, 4-көрсеткіш",
            "іс-шара",
            1,
            BY_DEADLINE,
            "Сыбайлас жемқорлық тәуекелдері жойылады",
            deadline=(11, 30),
        ),
        _k(
            "Мемлекеттік қызметшілердің тұрақтамау (кадр ағымы) деңгейі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.2-нысаналы индикатор",
            "%",
            8,
            AT_MOST,
            "Кадрлардың тұрақтылығы қамтамасыз етіледі",
        ),
    ],
    "HR": [
        _k(
            "Бос әкімшілік мемлекеттік лауазымдарға конкурстарды белгіленген мерзімде өткізу",
            WORK,
            "Персоналды басқару қызметі туралы ереже, 12-тармақ",
            "%",
            100,
            AT_LEAST,
            "Бос лауазымдар 2 айдан аспайтын мерзімде толықтырылады",
        ),
        _k(
            "Біліктілікті арттыру курстарынан өткен мемлекеттік қызметшілердің үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.4-нысаналы индикатор",
            "%",
            30,
            AT_LEAST,
            "Қызметшілердің кәсіби деңгейі артады",
            growth=5,
        ),
        _k(
            "«Е-қызмет» жүйесіндегі жеке істер деректерінің өзектілігі",
            WORK,
            "Лауазымдық нұсқаулық, 3-тармақ",
            "%",
            100,
            AT_LEAST,
            "Кадрлық деректер толық және дұрыс жүргізіледі",
        ),
        _k(
            "Тәлімгер бекітілген алғаш қызметке кірген қызметшілердің үлесі",
            WORK,
            "Персоналды басқару қызметі туралы ереже, 15-тармақ",
            "%",
            100,
            AT_LEAST,
            "Жаңа қызметшілердің бейімделу кезеңі қысқарады",
        ),
        _k(
            "Әдеп нормаларын бұзу фактілері бойынша қызметтік тексерулерді мерзімінде аяқтау",
            A_CORPS,
            f"{AGREEMENT}, 5-көрсеткіш",
            "тексеру",
            0,
            AT_MOST,
            "Тексерулердің мерзімін бұзу жағдайлары болмайды",
        ),
        _k(
            "Жыл сайынғы бағалау кестесін бекітіп, қызметшілерге хабарлау",
            WORK,
            "Бағалау әдістемесі, 29-тармақ",
            "құжат",
            1,
            BY_DEADLINE,
            "Бағалау уақтылы және ашық өтеді",
            deadline=(12, 1),
        ),
    ],
    "ORG": [
        _k(
            "Жоғары тұрған органдар тапсырмаларының мерзімінде орындалу үлесі",
            MEMO,
            f"{MEMORANDUM}, 8-тармақ",
            "%",
            98,
            AT_LEAST,
            "Тапсырмаларды орындау тәртібі күшейеді",
        ),
        _k(
            "Бақылаудағы құжаттардың мерзімі өткен орындалу саны",
            WORK,
            "Ұйымдастыру-бақылау бөлімі туралы ереже, 9-тармақ",
            "құжат",
            0,
            AT_MOST,
            "Мерзімі өткен құжаттар болмайды",
        ),
        _k(
            "Азаматтардың өтініштерін «eÖtinish» жүйесінде заңды мерзімде қарау үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.1-нысаналы индикатор",
            "%",
            100,
            AT_LEAST,
            "Өтініштерді қарау мерзімін бұзу жағдайлары жойылады",
        ),
        _k(
            "Әкімдік отырыстарының хаттамаларын 3 жұмыс күні ішінде рәсімдеу",
            WORK,
            "Регламент, 21-тармақ",
            "%",
            100,
            AT_LEAST,
            "Шешімдер орындаушыларға уақтылы жетеді",
        ),
        _k(
            "Аудан әкімінің тұрғындармен есептік кездесулерін ұйымдастыру",
            MEMO,
            f"{MEMORANDUM}, 2-тармақ",
            "кездесу",
            12,
            AT_LEAST,
            "Халықпен кері байланыс нығаяды",
            growth=2,
        ),
        _k(
            "НҚА жобаларын «Ашық НҚА» порталында уақтылы жариялау үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.3-нысаналы индикатор",
            "%",
            100,
            AT_LEAST,
            "Шешімдер қабылдаудың ашықтығы артады",
        ),
    ],
    "ECON": [
        _k(
            "Аудан бюджетінің шығыс бөлігінің атқарылуы",
            SP,
            f"{DEVELOPMENT_PLAN}, 3.1-нысаналы индикатор",
            "%",
            99,
            AT_LEAST,
            "Бюджет қаражаты толық әрі мақсатты игеріледі",
        ),
        _k(
            "Бюджеттік бағдарламалар бойынша игерілмеген қаражат (үнемдеуді қоспағанда)",
            A_CORPS,
            f"{AGREEMENT}, 3-көрсеткіш",
            "млн теңге",
            5,
            AT_MOST,
            "Игерілмеген қаражат азаяды",
        ),
        _k(
            "Негізгі капиталға салынған инвестициялар көлемі",
            MEMO,
            f"{MEMORANDUM}, 3-тармақ",
            "млрд теңге",
            "12.5",
            AT_LEAST,
            "Ауданның экономикалық әлеуеті артады",
            growth=1,
        ),
        _k(
            "Мемлекеттік сатып алудың бәсекелестік тәсілмен өткізілген үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 3.4-нысаналы индикатор",
            "%",
            85,
            AT_LEAST,
            "Сатып алудағы бәсекелестік артып, бюджет үнемделеді",
        ),
        _k(
            "Келесі жылға арналған аудан бюджетінің жобасын мәслихатқа енгізу",
            WORK,
            "Бюджет кодексі, 75-бап; бөлім туралы ереже, 10-тармақ",
            "құжат",
            1,
            BY_DEADLINE,
            "Бюджет заңда белгіленген мерзімде бекітіледі",
            deadline=(12, 10),
        ),
        _k(
            "Жергілікті бюджеттің салықтық түсімдері жоспарының орындалуы",
            MEMO,
            f"{MEMORANDUM}, 4-тармақ",
            "%",
            100,
            AT_LEAST,
            "Жергілікті бюджеттің өз кірістері өседі",
        ),
    ],
    "LAND": [
        _k(
            "Жер учаскесіне құқық беру жөніндегі мемлекеттік қызметтерді мерзімінде көрсету",
            SP,
            f"{DEVELOPMENT_PLAN}, 2.3-нысаналы индикатор",
            "%",
            100,
            AT_LEAST,
            "Жер учаскесін алу мерзімі қысқарып, шағымдар азаяды",
        ),
        _k(
            "Пайдаланылмай жатқан ауыл шаруашылығы жерлерін мемлекет меншігіне қайтару",
            MEMO,
            f"{MEMORANDUM}, 5-тармақ",
            "гектар",
            1500,
            AT_LEAST,
            "Жер айналымға түсіп, ауыл шаруашылығы өндірісі ұлғаяды",
            growth=500,
        ),
        _k(
            "Жер учаскелерін электрондық аукцион арқылы беру үлесі",
            A_CORPS,
            f"{AGREEMENT}, 1-көрсеткіш",
            "%",
            90,
            AT_LEAST,
            "Жер беру ашық әрі бәсекелі өтеді",
            growth=5,
        ),
        _k(
            "Жер пайдаланушылардан түскен негізді шағымдар саны",
            WORK,
            "Жер қатынастары бөлімі туралы ереже, 14-тармақ",
            "шағым",
            2,
            AT_MOST,
            "Жер пайдаланушылардың құқықтары сақталады",
        ),
        _k(
            "Жерге орналастыру жобаларын әзірлеу және бекіту",
            WORK,
            "Лауазымдық нұсқаулық, 4-тармақ",
            "жоба",
            40,
            AT_LEAST,
            "Жер учаскелерінің шекаралары заңды түрде белгіленеді",
            growth=5,
        ),
        _k(
            "Жерді түгендеу нәтижелерін жер кадастрына енгізу",
            SP,
            f"{DEVELOPMENT_PLAN}, 2.5-нысаналы индикатор",
            "іс-шара",
            1,
            BY_DEADLINE,
            "Жер кадастрының деректері нақтыланады",
            deadline=(11, 1),
        ),
    ],
    "SOC": [
        _k(
            "Жұмыспен қамтудың белсенді шараларымен қамтылған жұмыссыз азаматтар",
            MEMO,
            f"{MEMORANDUM}, 7-тармақ",
            "адам",
            850,
            AT_LEAST,
            "Тіркелген жұмыссыздық деңгейі төмендейді",
            growth=50,
        ),
        _k(
            "Атаулы әлеуметтік көмек тағайындау туралы өтініштерді заңды мерзімде қарау",
            SP,
            f"{DEVELOPMENT_PLAN}, 4.2-нысаналы индикатор",
            "%",
            100,
            AT_LEAST,
            "Аз қамтылған отбасылар көмекті уақтылы алады",
        ),
        _k(
            "Тіркелген жұмыссыздық деңгейі",
            SP,
            f"{DEVELOPMENT_PLAN}, 4.1-нысаналы индикатор",
            "%",
            "4.8",
            AT_MOST,
            "Халықтың табысы мен әл-ауқаты артады",
        ),
        _k(
            "«Бастау Бизнес» жобасы бойынша кәсіпкерлікке оқытылған азаматтар",
            A_CORPS,
            f"{AGREEMENT}, 6-көрсеткіш",
            "адам",
            120,
            AT_LEAST,
            "Жаңа шағын кәсіпорындар ашылады",
            growth=20,
        ),
        _k(
            "Жастар практикасына жіберілген жоғары оқу орындарының түлектері",
            WORK,
            "Бөлім туралы ереже, 11-тармақ",
            "адам",
            60,
            AT_LEAST,
            "Жастардың алғашқы жұмыс тәжірибесі қалыптасады",
            growth=10,
        ),
        _k(
            "Мүгедектігі бар адамдарды техникалық көмекші құралдармен қамтамасыз ету",
            SP,
            f"{DEVELOPMENT_PLAN}, 4.4-нысаналы индикатор",
            "%",
            95,
            AT_LEAST,
            "Мүгедектігі бар адамдардың өмір сүру сапасы жақсарады",
        ),
    ],
    "CIVIL": [
        _k(
            "АХАТ тіркеу қызметтерін электрондық форматта көрсету үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.5-нысаналы индикатор",
            "%",
            85,
            AT_LEAST,
            "Азаматтар қызметті бөлімге келмей-ақ алады",
            growth=5,
        ),
        _k(
            "Мемлекеттік қызмет көрсету мерзімдерін бұзу фактілері",
            WORK,
            "АХАТ тіркеу бөлімі туралы ереже, 8-тармақ",
            "жағдай",
            0,
            AT_MOST,
            "Қызмет алушылардың құқықтары бұзылмайды",
        ),
        _k(
            "Архивтік АХАТ жазбаларын цифрландыру",
            A_CORPS,
            f"{AGREEMENT}, 7-көрсеткіш",
            "жазба",
            12000,
            AT_LEAST,
            "Архивтік анықтамаларды беру мерзімі қысқарады",
            growth=3000,
        ),
        _k(
            "Қызмет алушылардың АХАТ тіркеу сапасына қанағаттану деңгейі",
            MEMO,
            f"{MEMORANDUM}, 9-тармақ",
            "%",
            90,
            AT_LEAST,
            "Қызмет сапасына сенім артады",
        ),
        _k(
            "АХАТ мәселелері бойынша құқықтық түсіндіру іс-шаралары",
            WORK,
            "Лауазымдық нұсқаулық, 6-тармақ",
            "іс-шара",
            24,
            AT_LEAST,
            "Тұрғындардың құқықтық сауаттылығы артады",
        ),
    ],
    "LEGAL": [
        _k(
            "Әкімдік қаулылары мен шешімдерінің жобаларына құқықтық сараптама мерзімін сақтау",
            WORK,
            "Заң бөлімі туралы ереже, 7-тармақ",
            "%",
            100,
            AT_LEAST,
            "Заңға қайшы актілер қабылданбайды",
        ),
        _k(
            "Сотта аппарат мүддесін қорғау бойынша шығарылған оң шешімдер үлесі",
            SP,
            f"{DEVELOPMENT_PLAN}, 5.6-нысаналы индикатор",
            "%",
            80,
            AT_LEAST,
            "Бюджетке келетін шығын азаяды",
        ),
        _k(
            "Прокуратура актілерімен бұзушылықтар анықталған нормативтік құқықтық актілер",
            MEMO,
            f"{MEMORANDUM}, 10-тармақ",
            "акт",
            1,
            AT_MOST,
            "Нормативтік актілердің сапасы артады",
        ),
        _k(
            "НҚА жобаларын «Әділет» АҚЖ-ға уақтылы енгізу үлесі",
            A_CORPS,
            f"{AGREEMENT}, 8-көрсеткіш",
            "%",
            100,
            AT_LEAST,
            "Нормативтік актілердің эталондық базасы толық болады",
        ),
        _k(
            "Сыбайлас жемқорлыққа қарсы ішкі талдау есебін дайындау",
            WORK,
            "Сыбайлас жемқорлыққа қарсы іс-қимыл туралы заң, 8-бап",
            "есеп",
            1,
            BY_DEADLINE,
            "Сыбайлас жемқорлық тәуекелдері уақтылы анықталады",
            deadline=(10, 15),
        ),
        _k(
            "Аппарат қызметшілері үшін құқықтық оқу семинарларын өткізу",
            WORK,
            "Лауазымдық нұсқаулық, 9-тармақ",
            "семинар",
            6,
            EXACTLY,
            "Қызметшілердің құқықтық білімі жетіледі",
        ),
    ],
}

EVIDENCE = [
    "Жылдық есеп, {date} №{n}-14/{yy} хатпен аппарат басшысына жіберілді",
    "«eÖtinish» жүйесінен {date} үзінді, №{n}",
    "Ақпараттық жүйеден статистикалық есеп (ЭЦҚ-мен қол қойылған), {date}",
    "Орындау туралы акт №{n}, {date}",
    "Бөлім отырысының хаттамасы №{n}, {date}; растаушы құжаттар тізбесі қоса берілді",
    "Облыстық статистика департаментінің {date} деректері, №{n}-хат",
]
WEAK_EVIDENCE = "Бөлім басшысына ауызша баяндалды"
RECOMMENDATIONS = [
    "Жоспар кестеге сай орындалуда; растаушы құжаттарды тоқсан сайын жинақтап отыру ұсынылады.",
    "{n}-НМИ бойынша қарқын баяу: ай сайын аралық есеп беріп, кешігу себептерін жою қажет.",
    "{n}-НМИ бойынша нәтиже жоспардан артта қалды; жұмыс кестесін қайта қарап, "
    "бөлім басшысына апта сайын баяндау керек.",
    "Көрсеткіштер жоспардан озып келеді; тәжірибені бөлімнің басқа қызметкерлерімен бөлісу "
    "ұсынылады.",
    "Есептік деректерді ақпараттық жүйелермен салыстырып, айырмашылықтарды тоқсан соңына "
    "дейін түзету қажет.",
]


@dataclass
class Story:
    """What happens to one servant's documents in a cycle (by position code)."""

    plan: str = "approved"  # none | draft | submitted | returned | approved | rework
    revision: str = ""  # "" | draft | submitted | returned | approved (a later version)
    quarters: tuple[int, ...] = (1, 2, 3, 4)
    late_quarters: tuple[int, ...] = ()
    sheet: str = "with_commission"  # none | signed | returned | agreed | with_commission
    sheet_history: str = ""  # "" | returned (returned once, then signed again)
    misses: int = 0  # KPIs not achieved
    acknowledged: bool = True
    revised_on: tuple[int, int] | None = None  # month, day of the revision


# 2025: a finished year. Anything not listed: plan approved, 4 reviews, sheet before the
# commission. `misses` gives a spread of ratings.
STORY_2025: dict[str, Story] = {
    # supervisor's department (land relations)
    "LAND-CHIEF": Story(sheet="agreed", misses=1),
    "LAND-LEAD1": Story(plan="rework", sheet="signed", acknowledged=False, misses=1),
    "LAND-LEAD2": Story(sheet="returned", misses=0, late_quarters=(3,)),
    # other departments
    "ORG-LEAD2": Story(sheet="signed", misses=2),
    "ECON-CHIEF": Story(revision="approved", misses=0),
    "ECON-LEAD2": Story(misses=3, late_quarters=(2, 4)),
    "SOC-CHIEF": Story(sheet="agreed", misses=0),
    "SOC-LEAD3": Story(plan="rework", misses=1),
    "CIVIL-LEAD1": Story(sheet_history="returned", misses=1),
    "CIVIL-LEAD3": Story(misses=4),
    "LEGAL-HEAD": Story(sheet="signed", misses=0),
    "LEGAL-LEAD2": Story(misses=2),
    "HR-LEAD2": Story(misses=1),
    "APP-DEP": Story(sheet="signed", misses=1),
}
DEFAULT_MISSES_2025 = [0, 1, 0, 0, 1, 2, 0, 1]

# 2025 competency sheets (§25–§28), by position code. Anything not listed: assessed in
# mid-January 2026, signed, put before the commission by HR within 2 working days.
COMPETENCY_2025: dict[str, str] = {
    "ECON-LEAD2": "none",  # not begun
    "CIVIL-LEAD3": "none",
    "LAND-LEAD2": "draft",  # marked, not signed
    "SOC-LEAD3": "draft",
    "LAND-LEAD1": "signed",  # the demo servant's: waiting for HR and for the servant
    "ORG-LEAD2": "signed",
    "APP-DEP": "signed",
    "LEGAL-LEAD2": "late",  # put before the commission after the §28 deadline
}

# 2026: in progress. Anything not listed: plan approved in January, Q1–Q3 reviewed.
STORY_2026: dict[str, Story] = {
    # supervisor's department: Q3 missing, a revision awaiting the superior, one returned
    "LAND-CHIEF": Story(quarters=(1, 2)),
    "LAND-LEAD1": Story(revision="submitted"),
    "LAND-LEAD2": Story(revision="returned", late_quarters=(2,), revised_on=(11, 18)),
    # commission member's department: a plan left in draft, one never resubmitted, Q3 missing
    "ORG-CHIEF": Story(quarters=(1, 2)),
    "ORG-LEAD1": Story(plan="draft", quarters=()),
    "ORG-LEAD3": Story(plan="returned", quarters=()),
    # superior supervisor's own reports (department heads): Q3 missing, a revision to approve
    "ECON-HEAD": Story(quarters=(1, 2)),
    "LEGAL-HEAD": Story(quarters=(1,)),
    "SOC-HEAD": Story(revision="submitted"),
    "HR-HEAD": Story(revision="draft"),
    # the apparatus' leadership
    "APP-DEP": Story(revision="submitted", quarters=(1, 2)),
    "APP-HEAD": Story(quarters=(1, 2)),
    # elsewhere
    "LEGAL-LEAD3": Story(plan="none", quarters=()),
    "CIVIL-LEAD3": Story(quarters=(1,)),
    "ECON-LEAD1": Story(plan="submitted", quarters=()),
    "HR-LEAD3": Story(revision="approved"),
}


class _Player:
    """Plays one cycle: the actors are the holders of the positions on the day."""

    def __init__(self, org: Organisation, cycle: EvaluationCycle) -> None:
        self.org, self.cycle = org, cycle
        self.year = cycle.period_start.year
        self.calendar: WorkingCalendar = kazakhstan_calendar(self.year, self.year + 1)
        self.lines: ReportingLines = reporting_lines(org.pk)
        self.positions = {p.pk: p for p in Position.objects.filter(organisation=org)}
        self.hr = get_user_model().objects.get(pk=cycle.opened_by_id)

    def day(self, month: int, day: int, year: int | None = None) -> dt.date:
        """The working day on or after the date."""
        date = D(year or self.year, month, day)
        while not self.calendar.is_working_day(date):
            date += dt.timedelta(days=1)
        return date

    def after(self, date: dt.date, working_days: int) -> dt.date:
        return self.calendar.add_working_days(date, working_days)

    def user(self, position_id: int | None, on: dt.date):
        """The account of the position's holder on the day (one is made if they have none)."""
        position = self.positions[position_id]
        servant = position_holder(position, on)
        if servant is None:
            raise ValueError(f"{position.code} is vacant on {on}")
        if servant.user_id is None:
            User = get_user_model()
            username = f"demo-{position.code.lower()}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=f"{username}@localhost")
                user.set_unusable_password()
                user.save()
            servant.user = user
            servant.save(update_fields=["user", "updated_at"])
            audit_record(
                channel="demo",
                action="servant.link_user",
                obj=servant,
                organisation_id=self.org.pk,
                before={"user": None},
                after={"user": username},
            )
        return servant.user

    def direct(self, case: EvaluationCase, on: dt.date):
        return self.user(self.lines.direct_supervisor(case.position_id), on)

    def approver(self, case: EvaluationCase, on: dt.date):
        return self.user(self.lines.approver(case.position_id), on)

    # --- the documents ------------------------------------------------------------------

    def kpis(self, case: EvaluationCase, index: int, *, revised: bool = False) -> list[dict]:
        code = self.positions[case.position_id].code
        texts = CATALOGUE[code.split("-")[0]]
        start = (index + (2 if revised else 0)) % len(texts)
        chosen = [texts[(start + i) % len(texts)] for i in range(5)]
        years = self.year - 2025
        items = []
        for n, text in enumerate(chosen, start=1):
            planned = text.planned + text.growth * years
            if revised and n == 5 and text.achievement == AT_LEAST:
                planned += max(text.growth, Decimal(1))  # the revision raises a target
            deadline = D(self.year, *text.deadline)
            items.append(
                {
                    "name": text.name,
                    "source": text.source,
                    "source_reference": text.reference.format(year=self.year),
                    "unit": text.unit,
                    "planned_value": str(planned),
                    "achievement": text.achievement,
                    "deadline": max(deadline, case.plan_start).isoformat(),
                    "key_result": text.key_result,
                }
            )
        return items

    def draw_up(self, case: EvaluationCase, index: int, story: Story) -> WorkPlan | None:
        """The plan's first version, as far as the story takes it (January)."""
        if story.plan == "none":
            return None
        ds_day = self.day(1, 8 + index % 5)
        ds = self.direct(case, ds_day)
        plan = work_plan_save_kpis(
            case_id=case.pk, kpis=self.kpis(case, index), actor=ds, on=ds_day
        )
        if story.plan == "draft":
            return plan
        submitted = self.after(ds_day, 1)
        work_plan_act(plan_id=plan.pk, action="submit", actor=ds, on=submitted)
        if story.plan == "submitted":
            return plan
        approver = self.approver(case, submitted)
        if story.plan in ("returned", "rework"):
            returned = self.after(submitted, 1)
            work_plan_act(
                plan_id=plan.pk,
                action="return",
                actor=approver,
                on=returned,
                reason="2-НМИ өлшенбейді: жоспарлы мән мен есептеу әдісі көрсетілмеген, ал 4-НМИ "
                "бөлімнің функцияларына сәйкес келмейді (§13). Қайта қарап, 2 жұмыс күні "
                "ішінде ұсыныңыз.",
            )
            if story.plan == "returned":
                return plan
            fixed = self.after(returned, 2)
            work_plan_save_kpis(
                case_id=case.pk, kpis=self.kpis(case, index + 1), actor=ds, on=fixed
            )
            work_plan_act(plan_id=plan.pk, action="submit", actor=ds, on=fixed)
            submitted = fixed
        return work_plan_act(
            plan_id=plan.pk, action="approve", actor=approver, on=self.after(submitted, 1)
        )

    def revise(self, case: EvaluationCase, index: int, plan: WorkPlan, story: Story, when):
        """A later version of an approved plan (a new task, a changed target)."""
        ds = self.direct(case, when)
        draft = work_plan_act(
            plan_id=plan.pk,
            action="revise",
            actor=ds,
            on=when,
            reason="Аудан әкімінің жаңа тапсырмасына байланысты 5-НМИ жоспарлы мәні өзгертілді",
        )
        work_plan_save_kpis(
            case_id=case.pk, kpis=self.kpis(case, index, revised=True), actor=ds, on=when
        )
        if story.revision == "draft":
            return plan
        submitted = self.after(when, 1)
        work_plan_act(plan_id=draft.pk, action="submit", actor=ds, on=submitted)
        if story.revision == "submitted":
            return plan
        approver = self.approver(case, submitted)
        decided = self.after(submitted, 2)
        if story.revision == "returned":
            work_plan_act(
                plan_id=draft.pk,
                action="return",
                actor=approver,
                on=decided,
                reason="5-НМИ жаңа мәні негізделмеген: өзгеріске себеп болған тапсырманың "
                "нөмірі мен күнін көрсетіңіз (§12).",
            )
            return plan
        return work_plan_act(plan_id=draft.pk, action="approve", actor=approver, on=decided)

    def review_day(self, quarter: int, index: int, late: bool = False) -> dt.date:
        """In the first days after the quarter (§16), or some days late."""
        year = self.year + (1 if quarter == 4 else 0)
        month = 1 if quarter == 4 else 3 * quarter + 1
        when = self.day(month, 2 + (index % 3), year)
        return self.after(when, 8) if late else when

    def servant_user(self, case: EvaluationCase):
        """The evaluated servant's account, if they have one (only they sign as seen)."""
        return get_user_model().objects.filter(servant__pk=case.servant_id).first()

    def see_plan(self, case: EvaluationCase, plan: WorkPlan) -> None:
        """The servant signs the approved plan as seen the next working day (Annex 1): the
        newest version, once."""
        user = self.servant_user(case)
        newest = WorkPlan.objects.filter(case=case).order_by("-version").first()
        if user is None or newest is None or newest.pk != plan.pk:
            return
        if newest.state == "approved" and newest.acknowledged_at is None:
            seen = self.after(timezone.localdate(newest.approved_at), 1)
            work_plan_act(plan_id=plan.pk, action="acknowledge", actor=user, on=seen)

    def review(self, case: EvaluationCase, plan: WorkPlan, quarter: int, late: bool, index: int):
        when = self.review_day(quarter, index, late)
        quarter_end = (
            D(self.year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
            if quarter < 4
            else D(self.year, 12, 31)
        )
        progress = [_progress(kpi, quarter, quarter_end) for kpi in plan.kpis.order_by("number")]
        lagging = 1 + (index + quarter) % 5
        if not progress[lagging - 1]["comment"]:
            progress[lagging - 1]["comment"] = "кестеден артта қалып келеді"
        recommendations = RECOMMENDATIONS[(index + quarter) % len(RECOMMENDATIONS)]
        return quarterly_review_record(
            case_id=case.pk,
            year=self.year,
            quarter=quarter,
            progress=progress,
            recommendations=recommendations.format(n=lagging),
            actor=self.direct(case, when),
            on=when,
        )

    def results(self, plan: WorkPlan, misses: int, index: int, *, weak: int = 0) -> list[dict]:
        """Year-end results: the last `misses` KPIs fall short; KPI `weak` has weak evidence."""
        results = []
        kpis = list(plan.kpis.order_by("number"))
        for kpi in kpis:
            achieved = kpi.number <= len(kpis) - misses
            planned = kpi.planned_value or Decimal(0)
            item: dict[str, Any] = {"kpi": kpi.number}
            if kpi.achievement == BY_DEADLINE:
                item["done_on"] = (
                    kpi.deadline - dt.timedelta(days=6 + index % 5)
                    if achieved
                    else kpi.deadline + dt.timedelta(days=12)
                ).isoformat()
                item["actual_value"] = str(planned)
            elif kpi.achievement == AT_MOST:
                item["actual_value"] = str(
                    max(planned - 1, Decimal(0)) if achieved else planned + 2
                )
            elif kpi.achievement == EXACTLY:
                item["actual_value"] = str(planned if achieved else planned - 1)
            else:
                if not achieved:
                    actual = planned * Decimal("0.85")
                elif kpi.unit == "%":
                    actual = min(planned + 1 + index % 3, Decimal(100))
                else:
                    actual = planned * Decimal("1.04")
                item["actual_value"] = str(actual.quantize(Decimal("0.1")))
            date = self.day(12, 14 + kpi.number)
            item["evidence"] = (
                WEAK_EVIDENCE
                if kpi.number == weak
                else EVIDENCE[(index + kpi.number) % len(EVIDENCE)].format(
                    date=date.strftime("%d.%m.%Y"),
                    n=30 + index * 7 + kpi.number,
                    yy=str(self.year + 1)[2:],
                )
            )
            item["achieved"] = proposed_achievement(
                kpi.achievement,
                kpi.planned_value,
                Decimal(item["actual_value"]),
                kpi.deadline,
                dt.date.fromisoformat(item["done_on"]) if "done_on" in item else None,
            )
            results.append(item)
        return results

    def evaluate(self, case: EvaluationCase, plan: WorkPlan, story: Story, index: int) -> None:
        """The KPI sheet in January of the next year (§17–§24)."""
        if story.sheet == "none":
            return
        filled = self.day(1, 5 + index % 4, self.year + 1)
        ds = self.direct(case, filled)
        weak = 3 if story.sheet == "returned" or story.sheet_history == "returned" else 0
        sheet = kpi_sheet_save_results(
            case_id=case.pk,
            results=self.results(plan, story.misses, index, weak=weak),
            actor=ds,
            on=filled,
        )
        signed = self.after(filled, 1)
        sheet = kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=signed)
        servant_user = get_user_model().objects.filter(servant__pk=case.servant_id).first()
        if story.acknowledged and servant_user is not None:
            kpi_sheet_act(sheet_id=sheet.pk, action="acknowledge", actor=servant_user, on=signed)
        if story.sheet == "signed":
            return
        approver = self.approver(case, signed)
        decided = self.after(signed, 1)
        if weak:
            kpi_sheet_act(
                sheet_id=sheet.pk,
                action="return",
                actor=approver,
                on=decided,
                reason="3-НМИ: дәлелдеме ретінде тек «ауызша баяндалды» деп көрсетілген, "
                "растаушы құжат (акт, ақпараттық жүйеден үзінді) жоқ (§22).",
            )
            if story.sheet == "returned":
                return
            fixed = self.after(decided, 2)
            kpi_sheet_save_results(
                case_id=case.pk,
                results=[
                    {
                        "kpi": 3,
                        "evidence": f"Орындау туралы акт №{200 + index}, "
                        f"{fixed:%d.%m.%Y}; ақпараттық жүйеден үзінді қоса берілді",
                    }
                ],
                actor=ds,
                on=fixed,
            )
            kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=fixed)
            decided = self.after(fixed, 1)
        sheet = kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=approver, on=decided)
        if story.sheet == "agreed":
            return
        kpi_sheet_act(
            sheet_id=sheet.pk, action="to_commission", actor=self.hr, on=self.after(decided, 1)
        )

    def assess(self, case: EvaluationCase, index: int, story: str) -> None:
        """The competency sheet in mid-January of the next year (§25–§28): the direct
        supervisor marks the indicators shown and signs, the servant sees it, HR puts it
        before the commission."""
        if story == "none":
            return
        filled = self.day(1, 12 + index % 4, self.year + 1)
        ds = self.direct(case, filled)
        sheet = competency_sheet_mark(case_id=case.pk, marks={}, actor=ds, on=filled)
        threshold = version_rules(self.cycle.methodology_version).competency_threshold
        marks = {}
        for item in sheet_items(sheet):
            count = len(item.row.indicators.all())
            needed = indicators_needed(count, threshold)
            marks[item.competency.code] = _competency_marks(index, item.number, count, needed)
        competency_sheet_mark(case_id=case.pk, marks=marks, actor=ds, on=filled)
        if story == "draft":
            return
        signed = self.after(filled, index % 2)
        competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=signed)
        servant_user = get_user_model().objects.filter(servant__pk=case.servant_id).first()
        if servant_user is not None and story != "signed":
            competency_sheet_act(
                sheet_id=sheet.pk, action="acknowledge", actor=servant_user, on=signed
            )
        if story == "signed":
            return
        sent = self.after(signed, 4 if story == "late" else 1 + index % 2)
        competency_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=self.hr, on=sent)


def _competency_marks(index: int, number: int, count: int, needed: int) -> list[int]:
    """The indicators a servant showed (§27): mostly all; a third of the servants meet every
    competency, the others miss one or two (one indicator fewer than needed), and here and
    there one indicator is not observed though the competency is still met. Varied by
    servant and competency, the same on every run."""
    pattern = (index * 7 + number * 3) % 13
    if pattern < index % 3 + (index % 5 == 4):
        missing = count - needed + 1  # not met
    elif pattern == 12 and count - 1 >= needed:
        missing = 1  # one not observed, still meets
    else:
        missing = 0
    skipped = {(index + number + k) % count + 1 for k in range(missing)}
    return [n for n in range(1, count + 1) if n not in skipped]


def _number(value: Decimal) -> str:
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def _progress(kpi, quarter: int, quarter_end: dt.date) -> dict[str, Any]:
    """Where a KPI stands after the quarter: a share reaches its level over the year, a count
    or an amount accumulates, a one-off task is done by its deadline."""
    planned = kpi.planned_value or Decimal(0)
    share = Decimal(quarter) / 4
    comment = ""
    if kpi.achievement == BY_DEADLINE:
        value = None
        done = kpi.deadline is not None and kpi.deadline <= quarter_end
        comment = "орындалды" if done else f"орындалу барысында, мерзімі {kpi.deadline:%d.%m.%Y}"
    elif kpi.unit == "%":
        value = planned - (4 - quarter) * Decimal("1.5") if kpi.achievement == AT_LEAST else planned
    elif kpi.achievement == AT_MOST:
        value = (planned * share).to_integral_value(rounding=ROUND_FLOOR)
    else:
        value = (planned * share).quantize(Decimal("0.1"))
    return {
        "kpi": kpi.number,
        "value": None if value is None else _number(max(value, Decimal(0))),
        "comment": comment,
    }


def _cases(cycle: EvaluationCycle) -> list[EvaluationCase]:
    return list(
        EvaluationCase.objects.filter(cycle=cycle)
        .exclude(eligibility="excluded")
        .select_related("servant__user", "position")
        .order_by("position__code")
    )


def _play(player: _Player, story_of, *, last_quarter: int, revised_on) -> None:
    """Each evaluated servant's documents in the order they happened: the plan in January,
    the quarterly reviews after each quarter, a revision on its day, the KPI sheet. A
    servant with a login signs each approved plan and each review's recommendations as
    seen the next working day, except, in a year in progress, the latest review."""
    for index, case in enumerate(_cases(player.cycle)):
        story: Story = story_of(case.position.code, index)
        plan = player.draw_up(case, index, story)
        if plan is None or plan.state != "approved":
            continue
        player.see_plan(case, plan)
        revision_day = None
        if story.revision:
            revision_day = player.day(*(story.revised_on or revised_on(story, index)))
        recorded = [q for q in story.quarters if q <= last_quarter]
        for quarter in recorded:
            if revision_day is not None and revision_day < player.review_day(quarter, index):
                plan = player.revise(case, index, plan, story, revision_day)
                player.see_plan(case, plan)
                revision_day = None
            late = quarter in story.late_quarters
            review = player.review(case, plan, quarter, late, index)
            user = player.servant_user(case)
            if user is not None and (last_quarter == 4 or quarter != recorded[-1]):
                seen = player.after(timezone.localdate(review.recorded_at), 1)
                quarterly_review_acknowledge(review_id=review.pk, actor=user, on=seen)
        if revision_day is not None:
            plan = player.revise(case, index, plan, story, revision_day)
            player.see_plan(case, plan)
        if last_quarter == 4:
            player.evaluate(case, plan, story, index)


def _assess_competencies(player: _Player) -> None:
    """Each evaluated servant's competency sheet, as COMPETENCY_2025 tells."""
    for index, case in enumerate(_cases(player.cycle)):
        player.assess(case, index, COMPETENCY_2025.get(case.position.code, "with_commission"))


# --- the 2025 cycle before the commission (§5, §29–§44) ----------------------------------

# The authorized person's order forming the commission (§5) on 1 December 2025: the deputy
# head of the apparatus chairs, six department heads are members (7 voting; the demo act,
# like Arys' §5, asks for at least 5), and an HR specialist is the secretary, who does not
# vote (§34).
COMMISSION_ORDER = "86-ж"
COMMISSION_CHAIR = "APP-DEP"
COMMISSION_MEMBERS = (
    "ORG-HEAD",
    "ECON-HEAD",
    "SOC-HEAD",
    "CIVIL-HEAD",
    "LEGAL-HEAD",
    "LAND-HEAD",
)
COMMISSION_SECRETARY = "HR-LEAD1"
COMMISSION_PLACE = "Аудан әкімдігінің ғимараты, 2-қабат, мәжіліс залы"
# Away on a business trip on the day of the February meeting: 6 of 7 present, 5 needed (§30).
ABSENT_IN_FEBRUARY = ("CIVIL-HEAD",)


@dataclass(frozen=True)
class Revision:
    """Members' votes to revise a case's results (§37, §38): a corrected KPI rating and/or
    the sheet's first competency not met found met. The members in `against` vote to approve
    the results as the sheets give them; the others present (not recused) vote to revise."""

    kpi_rating: str = ""
    competency: bool = False
    against: tuple[str, ...] = ()
    comment: str = ""
    recommendation: str = ""


# The February meeting (protocol № 1): two revisions, and a 3 : 3 split that the chair's vote
# decides for the results as the sheets give them (§33).
REVISIONS_2025: dict[str, Revision] = {
    "ORG-LEAD3": Revision(
        kpi_rating="effective",
        against=("LEGAL-HEAD",),
        comment="4-НМИ бойынша облыстық статистика департаментінің нақтыланған деректері "
        "бойынша жоспарлы мәнге қол жеткізілген",
        recommendation="4-НМИ нақтыланған деректер бойынша орындалды деп танылсын; растаушы "
        "құжаттарды бағалау парағына уақтылы қоса беру ұсынылады.",
    ),
    "CIVIL-LEAD2": Revision(
        competency=True,
        comment="Бағалау кезеңінде көрсетілген мінез-құлық индикаторлары толық ескерілмеген",
        recommendation="Құзыреттің бағасы түзетілсін; тікелей басшыға индикаторларды бағалау "
        "кезінде тоқсандық шолулардағы деректерді пайдалану ұсынылады.",
    ),
    "LEGAL-LEAD2": Revision(
        competency=True,
        against=(COMMISSION_CHAIR, "ORG-HEAD", "LEGAL-HEAD"),
        comment="Құзырет бойынша бағалау дәлелденбеген",
    ),
}
# The March meeting (protocol № 2) reviews LEGAL-LEAD2's case after the upheld appeal (§42).
REVIEW_2025: dict[str, Revision] = {
    "LEGAL-LEAD2": Revision(
        competency=True,
        against=(COMMISSION_CHAIR, "ORG-HEAD"),
        comment="Шағымға қоса берілген құжаттар құзыреттің көрсетілгенін растайды",
        recommendation="Агенттіктің ұсынымы бойынша қайта қаралды: құзырет талаптарға сәйкес "
        "деп танылсын; кәсіби даму жоспарына енгізілген оқыту сақталсын.",
    ),
}
# Refuses to be acquainted with the results; the act is signed by the HR officer and two
# other servants (§41).
REFUSAL_2025 = ("CIVIL-LEAD1", ("HR-LEAD2", "CIVIL-CHIEF"))
# Appeals to the civil-service agency against the February decision (§42); upheld.
APPEAL_2025 = "LEGAL-LEAD2"


class _Commission:
    """Plays the 2025 cycle before the commission: the order, the meetings with votes by
    name and decisions, the approval, acquaintance, an act of refusal and an appeal upheld
    and reviewed. Members with a demo login cast their own votes; the secretary minutes the
    others' (§32)."""

    def __init__(self, player: _Player) -> None:
        self.p = player
        self.org, self.cycle = player.org, player.cycle
        self.codes = {p.code: p.pk for p in player.positions.values()}
        self.hr = player.hr

    def servant(self, code: str, on: dt.date):
        return position_holder(self.p.positions[self.codes[code]], on)

    def user(self, code: str, on: dt.date):
        return self.p.user(self.codes[code], on)

    def play(self) -> None:
        p = self.p
        signed = p.day(12, 1)
        voting = (COMMISSION_CHAIR, *COMMISSION_MEMBERS)
        commission_order_issue(
            organisation=self.org,
            number=COMMISSION_ORDER,
            signed_on=signed,
            chair=self.servant(COMMISSION_CHAIR, signed).pk,
            members=[self.servant(code, signed).pk for code in COMMISSION_MEMBERS],
            secretary=self.servant(COMMISSION_SECRETARY, signed).pk,
            actor=self.user(self.authorized_code(), signed),
        )
        # HR draws up the meeting the working day after the last sheet reached the commission.
        last = max(
            d
            for d in (
                KpiSheet.objects.filter(case__cycle=self.cycle).aggregate(
                    d=Max("to_commission_at")
                )["d"],
                CompetencySheet.objects.filter(case__cycle=self.cycle).aggregate(
                    d=Max("to_commission_at")
                )["d"],
            )
            if d is not None
        )
        first = self.meeting(
            p.after(timezone.localdate(last), 1),
            present=[c for c in voting if c not in ABSENT_IN_FEBRUARY],
            revisions=REVISIONS_2025,
            protocol="1",
        )
        self.acquaint(first, refusal=REFUSAL_2025)
        # The appeal, entered by HR from the servant's letter, and the agency's answer.
        case = EvaluationCase.objects.get(cycle=self.cycle, position_id=self.codes[APPEAL_2025])
        filed = p.after(first.date, 6)
        appeal = appeal_file(
            case_id=case.pk,
            actor=self.hr,
            grounds="Комиссия мүшелерінің дауыстары тең бөлінді; құзырет бойынша бағалауға "
            "келіспеймін, көрсетілген индикаторларды растайтын құжаттарды қоса беремін.",
            on=filed,
        )
        answered = p.after(filed, 8)
        appeal_answer(
            appeal_id=appeal.pk,
            actor=self.hr,
            outcome="upheld",
            reference=f"Мемлекеттік қызмет істері агенттігінің өңірлік департаменті, "
            f"{answered:%d.%m.%Y} № 04-12/318 хат",
            note="Комиссияның шешімінің күшін жойып, нәтижені қайта қарау ұсынылады.",
            on=answered,
        )
        second = self.meeting(
            p.after(answered, 1), present=list(voting), revisions=REVIEW_2025, protocol="2"
        )
        self.acquaint(second)

    def authorized_code(self) -> str:
        return authorized_position(self.org).code

    def meeting(
        self, proposed: dt.date, *, present: list[str], revisions: dict[str, Revision], protocol
    ) -> CommissionMeeting:
        """HR proposes it, the chair agrees the same day (notices go out), it sits 7 working
        days later (§29), decides every case on its agenda, closes and is approved the next
        working day (§39)."""
        p = self.p
        date = p.after(proposed, 7)
        chair = self.user(COMMISSION_CHAIR, proposed)
        secretary = self.user(COMMISSION_SECRETARY, date)
        meeting = meeting_propose(
            cycle_id=self.cycle.pk, date=date, actor=self.hr, place=COMMISSION_PLACE, on=proposed
        )
        meeting_agree(meeting_id=meeting.pk, actor=chair, on=proposed)
        members = {code: self.servant(code, date) for code in present}
        meeting_open(
            meeting_id=meeting.pk,
            present=[s.pk for s in members.values()],
            actor=secretary,
            on=date,
        )
        items = meeting.items.select_related("case__position", "case__servant").order_by("number")
        outcomes = {"approve": 0, "revise": 0}
        for item in items:
            decision = self.hear(meeting, item.case, members, revisions, secretary, date)
            outcomes[decision.outcome] += 1
        found = [
            f"{n} қызметшінің нәтижелері {word}"
            for n, word in ((outcomes["approve"], "бекітілді"), (outcomes["revise"], "түзетілді"))
            if n
        ]
        conclusion = (
            f"Комиссия {self.cycle.label} жылғы бағалау бойынша {sum(outcomes.values())} "
            f"қызметшінің нәтижелерін қарады: {', '.join(found)} (§37, §38). Хаттама уәкілетті "
            "тұлғаның бекітуіне ұсынылады."
        )
        meeting_close(
            meeting_id=meeting.pk,
            actor=secretary,
            conclusion=conclusion,
            protocol_number=protocol,
            on=date,
        )
        approved = p.after(date, 1)
        return meeting_approve(
            meeting_id=meeting.pk, actor=self.user(self.authorized_code(), approved), on=approved
        )

    def hear(self, meeting, case, members: dict, revisions: dict[str, Revision], secretary, on):
        """Every member present votes by name or, on their own case, recuses (§32); the
        secretary records the decision (§33)."""
        revision = revisions.get(case.position.code)
        corrections: dict[str, Any] = {}
        if revision is not None:
            corrections["kpi_rating"] = revision.kpi_rating
            if revision.competency:
                code = (
                    CompetencyAssessment.objects.filter(sheet__case=case, result="does_not_meet")
                    .order_by("number")
                    .values_list("competency__code", flat=True)
                    .first()
                )
                corrections["competencies"] = {code: "meets"} if code else {}
        revising = 0
        for code, member in members.items():
            user = member.user
            own = user is not None and user.has_usable_password()  # a demo login
            actor, on_behalf = (user, None) if own else (secretary, member.pk)
            if member.pk == case.servant_id:
                vote_recuse(
                    meeting_id=meeting.pk,
                    case_id=case.pk,
                    actor=actor,
                    member=on_behalf,
                    reason="Өз бағалауы күн тәртібінде",
                    on=on,
                )
                continue
            if revision is not None and code not in revision.against:
                revising += 1
                vote_cast(
                    meeting_id=meeting.pk,
                    case_id=case.pk,
                    choice="revise",
                    actor=actor,
                    member=on_behalf,
                    comment=revision.comment,
                    on=on,
                    **corrections,
                )
            else:
                vote_cast(
                    meeting_id=meeting.pk,
                    case_id=case.pk,
                    choice="approve",
                    actor=actor,
                    member=on_behalf,
                    on=on,
                )
        voters = sum(1 for m in members.values() if m.pk != case.servant_id)
        chair_revises = revision is not None and COMMISSION_CHAIR not in revision.against
        revised = 2 * revising > voters or (2 * revising == voters and chair_revises)
        return case_decide(
            meeting_id=meeting.pk,
            case_id=case.pk,
            actor=secretary,
            recommendation=revision.recommendation if revised and revision else "",
            on=on,
        )

    def acquaint(self, meeting: CommissionMeeting, refusal=None) -> None:
        """Within 2 working days of the approval (§40): servants with a demo login acknowledge
        the results themselves, HR records the others' signatures on paper; one refuses and
        HR draws up the act of refusal with two other servants (§41)."""
        acquaintances = (
            Acquaintance.objects.filter(decision__item__meeting=meeting)
            .select_related("case__servant__user", "case__position")
            .order_by("decision__item__number")
        )
        for n, acq in enumerate(acquaintances):
            servant = acq.case.servant
            if refusal is not None and acq.case.position.code == refusal[0]:
                refusal_act_draw_up(
                    acquaintance_id=acq.pk,
                    actor=self.hr,
                    witnesses=[self.servant(code, acq.due).pk for code in refusal[1]],
                    statement=f"{servant.full_name} {acq.due:%d.%m.%Y} бағалау нәтижелерімен "
                    "танысудан және хаттамадан үзіндіге қол қоюдан бас тартты (§41).",
                    number="1",
                    on=acq.due,
                )
                continue
            on = min(self.p.after(meeting.approved_on, n % 3), acq.due)
            user = servant.user
            actor = user if user is not None and user.has_usable_password() else self.hr
            acquaintance_acknowledge(acquaintance_id=acq.pk, actor=actor, on=on)


def _story_2025(code: str, index: int) -> Story:
    return STORY_2025.get(code) or Story(
        misses=DEFAULT_MISSES_2025[index % len(DEFAULT_MISSES_2025)]
    )


def _story_2026(code: str, index: int) -> Story:
    return STORY_2026.get(code) or Story(quarters=(1, 2, 3))


def demo_cycles(org: Organisation, hr_user) -> list[EvaluationCycle]:
    """Open and play the demo's 2025 and 2026 cycles; a cycle that exists is kept."""
    cycles = []
    for year in (2025, 2026):
        cycle = EvaluationCycle.objects.filter(organisation=org, period_start=D(year, 1, 1)).first()
        if cycle is None:
            cycle, _report = cycle_open(organisation=org, year=year, actor=hr_user, channel="demo")
            player = _Player(org, cycle)
            if year == 2025:  # a finished year; a plan revised in July
                _play(player, _story_2025, last_quarter=4, revised_on=lambda s, i: (7, 14))
            else:  # in progress: revisions in June (approved) or in November (under way)
                _play(
                    player,
                    _story_2026,
                    last_quarter=3,
                    revised_on=lambda s, i: (
                        (6, 15) if s.revision == "approved" else (11, 16 + i % 3)
                    ),
                )
        if year == 2025 and not CompetencySheet.objects.filter(case__cycle=cycle).exists():
            # also for a demo made before the competency track: its sheets are added once
            _assess_competencies(_Player(org, cycle))
        if year == 2025 and not CommissionOrder.objects.filter(organisation=org).exists():
            # the commission and what follows it; also added once to an earlier demo
            _Commission(_Player(org, cycle)).play()
        cycles.append(cycle)
    return cycles


def cycle_summary(cycle: EvaluationCycle) -> dict[str, dict[str, int]]:
    """Counts of the cycle's documents by state (for the demo's printout and its tests)."""
    summary: dict[str, dict[str, int]] = {"plans": {}, "sheets": {}, "competency_sheets": {}}
    for state in WorkPlan.objects.filter(case__cycle=cycle).values_list("state", flat=True):
        summary["plans"][state] = summary["plans"].get(state, 0) + 1
    for state in KpiSheet.objects.filter(case__cycle=cycle).values_list("state", flat=True):
        summary["sheets"][state] = summary["sheets"].get(state, 0) + 1
    competency = CompetencySheet.objects.filter(case__cycle=cycle).values_list("state", flat=True)
    for state in competency:
        summary["competency_sheets"][state] = summary["competency_sheets"].get(state, 0) + 1
    return summary


def commission_summary(cycle: EvaluationCycle) -> dict[str, Any]:
    """The cycle's commission meetings with their decisions, and what followed them:
    acquaintance, acts of refusal, appeals (for the demo's printout and its tests)."""
    meetings = []
    for meeting in CommissionMeeting.objects.filter(cycle=cycle).order_by("date", "pk"):
        decisions = Decision.objects.filter(item__meeting=meeting)
        outcomes: dict[str, int] = {}
        for outcome in decisions.values_list("outcome", flat=True):
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        meetings.append(
            {
                "id": meeting.pk,
                "date": meeting.date,
                "state": meeting.state,
                "protocol_number": meeting.protocol_number,
                "approved_on": meeting.approved_on,
                "agenda": meeting.items.count(),
                "decisions": outcomes,
                "chair_casting": decisions.filter(chair_casting=True).count(),
                "recusals": Vote.objects.filter(item__meeting=meeting, choice="recused").count(),
            }
        )
    acquaintances: dict[str, int] = {}
    for state in Acquaintance.objects.filter(case__cycle=cycle).values_list("state", flat=True):
        acquaintances[state] = acquaintances.get(state, 0) + 1
    appeals: dict[str, int] = {}
    for state in Appeal.objects.filter(case__cycle=cycle).values_list("state", flat=True):
        appeals[state] = appeals.get(state, 0) + 1
    return {
        "meetings": meetings,
        "acquaintances": acquaintances,
        "refusal_acts": RefusalAct.objects.filter(acquaintance__case__cycle=cycle).count(),
        "appeals": appeals,
    }
