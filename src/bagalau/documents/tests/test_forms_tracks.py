"""Annexes 1–4 built from a servant's documents, as the services leave them, in Kazakh and
Russian: the forms' titles and columns in order, the servant's data, ratings and results in
words, signatures once signed, drafts before, and what Arys's act (001) prints otherwise
than NCHR's (004)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import astuple

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bagalau.commission.tests.factories import (
    case_of,
    make_commission_body,
    shipped_methodology,
    to_commission,
)
from bagalau.competency.models import CompetencySheet
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.documents.forms_tracks import (
    annex4_form,
    competency_sheet_form,
    kpi_sheet_form,
    work_plan_form,
)
from bagalau.documents.layout import Form
from bagalau.kpi.models import KpiSheet
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.selectors import catalogue_for_position

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    """The shipped methodology loaded once for the module (rolled back after it)."""
    with shipped_methodology(django_db_blocker):
        yield


def texts(form: Form) -> list[str]:
    """Every string a form prints."""
    out = [form.annex, form.title, form.draft_mark, *form.footnotes, *form.body]
    out += [s for pair in (*form.fields, *form.results) for s in pair]
    for table in form.tables:
        out += [*table.columns, *(cell for row in table.rows for cell in row)]
    signatures = list(form.signatures) + ([form.approval.signature] if form.approval else [])
    out += [s for sig in signatures for s in astuple(sig) if isinstance(s, str)]
    if form.approval:
        out.append(form.approval.heading)
    return out


def draft_plan(body, role="spec1", count=5):
    case = case_of(body, role)
    return work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, body["cycle"].period_end, count),
        actor=body["chief"].user,
        on=D(2025, 1, 9),
    )


def approved_plan(body, role="spec1"):
    plan = draft_plan(body, role)
    work_plan_act(plan_id=plan.pk, action="submit", actor=body["chief"].user, on=D(2025, 1, 9))
    return work_plan_act(
        plan_id=plan.pk, action="approve", actor=body["head"].user, on=D(2025, 1, 10)
    )


def saved_sheet(body, role="spec1", achieved=4) -> KpiSheet:
    approved_plan(body, role)
    results = [
        {"kpi": n, "actual_value": 95 if n <= achieved else 10, "evidence": f"есеп №{n}"}
        | {"achieved": n <= achieved}
        for n in range(1, 6)
    ]
    return kpi_sheet_save_results(
        case_id=case_of(body, role).pk, results=results, actor=body["chief"].user, on=D(2026, 1, 5)
    )


# --- Annex 1 -----------------------------------------------------------------------------------

PLAN_COLUMNS_KK = (
    "№ п/п",
    "Нысаналы мақсатты индикаторлардың атауы",
    "Саяси мемлекеттік қызметшінің немесе «А» корпусы қызметшісі келісімінің, меморандум қай"
    " көрсеткішінен, «Б» корпусы қызметшісінің қызметінің ерекшелігінен немесе мемлекеттік"
    " жоспарлау жүйесінің құжатынан туындайды",
    "Өлшем бірлігі",
    "Жоспарлы мәні",
    "Қол жеткізу мерзімдері",
    "Түйінді нәтиже*",
)
PLAN_COLUMNS_RU = (
    "№ п/п",
    "Наименование целевых индикаторов",
    "Из какого показателя меморандума политического государственного служащего или соглашения"
    " служащего корпуса «А», специфики деятельности служащего корпуса «Б» или документа"
    " Системы государственного планирования вытекает",
    "Единица измерения",
    "Плановое значение",
    "Сроки достижения",
    "Ключевой результат*",
)


def test_annex1_is_a_draft_with_a_blank_approval_until_approved() -> None:
    body = make_commission_body("nchr-1")
    plan = draft_plan(body)
    form = work_plan_form(plan, "kk")
    assert (form.draft, form.draft_mark) == (True, "ЖОБА")
    assert form.approval.heading == "«БЕКІТЕМІН»"
    assert form.approval.signature.role == "Жоғары тұрған басшы"
    assert (form.approval.signature.name, form.approval.signature.date) == ("", "")
    assert not form.approval.signature.signed
    # nobody has signed yet; the names to sign above are printed
    servant, supervisor = form.signatures
    assert (servant.role, servant.name, servant.date) == ("Қызметші", body["spec1"].short_name, "")
    assert (supervisor.role, supervisor.name, supervisor.date) == (
        "Тікелей басшы",
        body["chief"].short_name,
        "",
    )
    assert work_plan_form(plan, "ru").draft_mark == "ПРОЕКТ"


def test_annex1_in_kazakh_once_approved() -> None:
    body = make_commission_body("nchr-1")
    plan = approved_plan(body)
    form = work_plan_form(plan, "kk")
    assert form.annex == (
        "«Б» корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесіне 1-қосымша"
    )
    assert form.extra["form_mark"] == "Нысан"
    assert form.title == "«Б» корпусы мемлекеттік әкімшілік қызметшісінің жеке жұмыс жоспары"
    assert form.draft is False
    approval = form.approval.signature
    assert (approval.name, approval.date, approval.signed) == (
        body["head"].short_name,
        "2025-01-10",
        True,
    )
    assert approval.hint == "(тегі, аты-жөнінің бірінші әріптері)"
    position = body["spec1_position"]
    assert form.fields == (
        ("Жеке жоспар құрастырылатын кезең", "2025 жыл"),
        ("Қызметшінің (тегі, аты, әкесінің аты (болған жағдайда))", body["spec1"].full_name),
        ("Қызметшінің лауазымы", position.title_kk),
        ("Қызметшінің құрылымдық бөлімшесінің атауы", position.subdivision.name_kk),
    )
    (table,) = form.tables
    assert table.columns == PLAN_COLUMNS_KK
    assert len(table.rows) == 5
    assert table.rows[0] == (
        "1",
        "Өтініштерді қарау мерзімін қысқарту 1",
        "Мемлекеттік органның стратегиялық жоспары: Стратегиялық жоспар, 1-мақсат",
        "%",
        "91",
        "31.12.2025",
        "Қызмет алушылардың қанағаттануы артады",
    )
    assert form.footnotes == (
        "* Нысаналы мақсатты индикатор қол жеткізуден күтілетін оң өзгерістер",
    )
    servant, supervisor = form.signatures
    # the direct supervisor signed by submitting the plan; the servant signs on paper
    assert (supervisor.name, supervisor.date, supervisor.signed) == (
        body["chief"].short_name,
        "2025-01-09",
        True,
    )
    assert (servant.name, servant.date, servant.signed) == (body["spec1"].short_name, "", False)
    assert form.extra["landscape"] is True
    assert form.extra["labels"] == {"date": "күні", "signature": "қолы"}
    surname = body["spec1"].surname.lower().replace("асанов", "asanov")
    assert form.filename == f"annex1-2025-{surname}-{plan.case_id}-kk"


def test_annex1_shows_the_servants_signature_once_they_have_seen_the_plan() -> None:
    body = make_commission_body("nchr-1")
    plan = approved_plan(body)
    servant, _supervisor = work_plan_form(plan, "kk").signatures
    assert (servant.date, servant.signed) == ("", False)
    work_plan_act(
        plan_id=plan.pk, action="acknowledge", actor=body["spec1"].user, on=D(2025, 1, 13)
    )
    for lang in ("kk", "ru"):
        servant, supervisor = work_plan_form(plan, lang).signatures
        assert (servant.name, servant.date, servant.signed) == (
            body["spec1"].short_name,
            "2025-01-13",
            True,
        )
        assert supervisor.date == "2025-01-09"


def test_annex1_in_russian() -> None:
    body = make_commission_body("nchr-1")
    form = work_plan_form(approved_plan(body), "ru")
    assert form.annex == (
        "Приложение 1 к Методике оценки деятельности административных государственных"
        " служащих корпуса «Б»"
    )
    assert form.extra["form_mark"] == "Форма"
    assert form.title == (
        "Индивидуальный план работы административного государственного служащего корпуса «Б»"
    )
    assert form.approval.heading == "«УТВЕРЖДАЮ»"
    assert form.approval.signature.role == "Вышестоящий руководитель"
    assert form.approval.signature.hint == "(фамилия, инициалы)"
    assert form.tables[0].columns == PLAN_COLUMNS_RU
    assert form.tables[0].rows[0][2] == (
        "Стратегический план государственного органа: Стратегиялық жоспар, 1-мақсат"
    )
    position = body["spec1_position"]
    assert form.fields[0] == ("Период, на который составляется индивидуальный план", "2025 год")
    assert form.fields[2:] == (
        ("Должность служащего", position.title_ru),
        ("Наименование структурного подразделения служащего", position.subdivision.name_ru),
    )
    assert [s.role for s in form.signatures] == ["Служащий", "Непосредственный руководитель"]
    assert form.extra["labels"] == {"date": "дата", "signature": "подпись"}
    assert form.filename.endswith("-ru")
    assert form.filename.isascii()


def test_arys_annex1_asks_only_for_the_state_planning_document() -> None:
    arys = work_plan_form(approved_plan(make_commission_body("arys-714")), "kk")
    nchr = work_plan_form(approved_plan(make_commission_body("nchr-1")), "kk")
    assert arys.tables[0].columns[2] == "Қай мемлекеттік жоспарлау жүйесінің құжатынан түйінделеді"
    assert nchr.tables[0].columns[2] == PLAN_COLUMNS_KK[2]
    # every other column is the same
    assert arys.tables[0].columns[:2] + arys.tables[0].columns[3:] == (
        PLAN_COLUMNS_KK[:2] + PLAN_COLUMNS_KK[3:]
    )
    assert "бағалаудың әдістемесіне 1-қосымша" in arys.annex
    assert "бағалау әдістемесіне 1-қосымша" in nchr.annex
    arys_ru = work_plan_form(approved_plan(make_commission_body("arys-714")), "ru")
    assert arys_ru.tables[0].columns[2] == (
        "Из какого документа Системы государственного планирования вытекает"
    )


# --- Annex 2 -----------------------------------------------------------------------------------

SHEET_COLUMNS_KK = (
    "№ п/п",
    "Нысаналы мақсатты индикаторлардың атауы",
    "Өлшем бірлігі",
    "Жоспарлы мәні",
    "Нақты мәні",
    "Көрсеткішке қол жетті / көрсеткішке қол жетпеді",
)
SHEET_COLUMNS_RU = (
    "№ п/п",
    "Наименование целевых индикаторов",
    "Единица измерения",
    "Плановое значение",
    "Фактическое значение",
    "Показатель достигнут / показатель не достигнут",
)


def test_annex2_is_a_draft_without_a_rating_until_signed() -> None:
    body = make_commission_body("nchr-1")
    sheet = saved_sheet(body)
    form = kpi_sheet_form(sheet, "kk")
    assert form.draft is True
    assert form.results[0] == ("Бағалау нәтижесі", "")
    assert form.approval.signature.name == ""
    assert [s.date for s in form.signatures] == ["", ""]


def test_annex2_in_kazakh_and_russian_once_signed_and_agreed() -> None:
    body = make_commission_body("nchr-1")
    sheet = saved_sheet(body, achieved=4)
    chief, head, spec1 = body["chief"], body["head"], body["spec1"]
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=chief.user, on=D(2026, 1, 5))
    signed = kpi_sheet_form(sheet, "kk")
    assert signed.draft is False
    assert signed.approval.signature.name == ""  # not agreed yet
    kpi_sheet_act(sheet_id=sheet.pk, action="acknowledge", actor=spec1.user, on=D(2026, 1, 6))
    kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=head.user, on=D(2026, 1, 7))

    kk = kpi_sheet_form(sheet, "kk")
    assert kk.title == "Нысаналы мақсатты индикаторлар бойынша бағалау парағы"
    assert kk.annex.endswith("бағалау әдістемесіне 2-қосымша")
    assert kk.tables[0].columns == SHEET_COLUMNS_KK
    assert kk.tables[0].rows[0] == (
        "1",
        "Өтініштерді қарау мерзімін қысқарту 1",
        "%",
        "91",
        "95",
        "көрсеткішке қол жетті",
    )
    assert kk.tables[0].rows[4][-2:] == ("10", "көрсеткішке қол жетпеді")
    position = body["spec1_position"]
    assert kk.fields == (
        ("Т.А.Ә., бағаланатын тұлғаның лауазымы", f"{spec1.full_name}, {position.title_kk}"),
        ("Бағаланатын кезең", "2025 жыл"),
    )
    assert kk.results == (
        ("Бағалау нәтижесі", "тиімді"),
        ("", "(қанағаттанарлықсыз, қанағаттанарлық, тиімді, өте жақсы)"),
    )
    approval = kk.approval.signature
    assert (approval.role, approval.name, approval.date) == (
        "Жоғары тұрған басшы",
        head.short_name,
        "2026-01-07",
    )
    assert [(s.role, s.name, s.date, s.hint) for s in kk.signatures] == [
        ("Қызметші", spec1.short_name, "2026-01-06", "(тегі, аты-жөні)"),
        ("Тікелей басшы", chief.short_name, "2026-01-05", "(тегі, аты-жөні)"),
    ]
    assert kk.extra["landscape"] is False
    assert re.fullmatch(r"annex2-2025-[a-z0-9-]+-kk", kk.filename)

    ru = kpi_sheet_form(sheet, "ru")
    assert ru.title == "Оценочный лист по целевым индикаторам"
    assert ru.tables[0].columns == SHEET_COLUMNS_RU
    assert ru.tables[0].rows[0][-1] == "показатель достигнут"
    assert ru.results == (
        ("Результат оценки", "эффективно"),
        ("", "(неудовлетворительно, удовлетворительно, эффективно, превосходно)"),
    )
    assert ru.fields == (
        ("Ф.И.О., должность оцениваемого лица", f"{spec1.full_name}, {position.title_ru}"),
        ("Оцениваемый период", "2025 год"),
    )
    assert ru.approval.heading == "«УТВЕРЖДАЮ»"
    # the rating is printed in words, never as the code
    for form in (kk, ru):
        assert not any("effective" in text for text in texts(form))


def test_arys_annex2_abbreviates_the_title_and_asks_for_initials() -> None:
    arys_body, nchr_body = make_commission_body("arys-714"), make_commission_body("nchr-1")
    arys = kpi_sheet_form(saved_sheet(arys_body), "kk")
    nchr = kpi_sheet_form(saved_sheet(nchr_body), "kk")
    assert arys.title == "НМИ бойынша бағалау парағы"
    assert nchr.title == "Нысаналы мақсатты индикаторлар бойынша бағалау парағы"
    assert {s.hint for s in arys.signatures} == {"(тегі, аты-жөнінің бірінші әріптері)"}
    assert {s.hint for s in nchr.signatures} == {"(тегі, аты-жөні)"}
    assert arys.tables[0].columns == nchr.tables[0].columns == SHEET_COLUMNS_KK
    assert kpi_sheet_form(KpiSheet.objects.get(case__cycle=arys_body["cycle"]), "ru").title == (
        "Оценочный лист по ЦИ"
    )


# --- Annex 3 -----------------------------------------------------------------------------------

COMPETENCY_COLUMNS_KK = (
    "№ р/с",
    "Құзыреттер атауы",
    "Бағалау нәтижелері (күтілетін нәтижеге сәйкес/күтілетін нәтижеге сәйкес емес)",
    "Қызметшіде байқамаған мінез-құлық индикатор атауы (күтілетін нәтижеге сәйкес емес бағасын"
    " алған жағдайда)",
)
FOOTNOTE_KK = (
    "*Лауазымдық міндеттеріне мемлекеттік қызмет көрсету мәселелері жатпайтын «Б» корпусының"
    " мемлекеттік қызметшілері «Қызметті тұтынушыға бағдарлану» және «Қызметті тұтынушыларды"
    " хабарландыру» құзыреттері бойынша бағаланбайды."
)


def marked_sheet(body, role="spec1", shown=None) -> CompetencySheet:
    """The competency sheet marked: `shown` maps a competency code to the number of its
    indicators shown (all of them for a code not named)."""
    case, chief = case_of(body, role), body["chief"].user
    sheet = competency_sheet_mark(case_id=case.pk, marks={}, actor=chief, on=D(2026, 1, 12))
    marks = {
        c["code"]: list(range(1, (shown or {}).get(c["code"], len(c["indicators"])) + 1))
        for c in competency_sheet_document(sheet)["competencies"]
    }
    return competency_sheet_mark(case_id=case.pk, marks=marks, actor=chief, on=D(2026, 1, 12))


def test_annex3_lists_the_competencies_with_results_in_words() -> None:
    body = make_commission_body("nchr-1")
    sheet = marked_sheet(body, shown={"cooperation": 1})
    draft = competency_sheet_form(sheet, "kk")
    assert (draft.draft, draft.approval) == (True, None)
    competency_sheet_act(
        sheet_id=sheet.pk, action="sign", actor=body["chief"].user, on=D(2026, 1, 12)
    )
    competency_sheet_act(
        sheet_id=sheet.pk, action="acknowledge", actor=body["spec1"].user, on=D(2026, 1, 14)
    )
    document = competency_sheet_document(sheet)
    cooperation = next(c for c in document["competencies"] if c["code"] == "cooperation")
    not_observed = [i for i in cooperation["indicators"] if not i["shown"]]

    kk = competency_sheet_form(sheet, "kk")
    assert kk.draft is False
    assert kk.approval is None
    assert kk.title == "Құзыреттер бойынша бағалау парағы"
    assert kk.extra["form_mark"] == "Нысан"
    position = body["spec1_position"]
    assert kk.fields == (
        ("Бағаланатын жыл", "2025 жыл"),
        (
            "Бағаланатын қызметшінің (тегі, аты, әкесінің аты (болған жағдайда))",
            body["spec1"].full_name,
        ),
        ("Бағаланатын қызметшінің лауазымы", position.title_kk),
        ("Бағаланатын қызметшінің құрылымдық бөлімшесінің атауы", position.subdivision.name_kk),
    )
    (table,) = kk.tables
    assert table.columns == COMPETENCY_COLUMNS_KK
    names = [row[1] for row in table.rows]
    assert names == [
        "Қызметті басқару",
        "Ынтымақтастық",
        "Шешім қабылдау",
        "Жеделділік",
        "Өздігінен даму",
        "Қызметті тұтынушыға бағдарлану *",
        "Қызметті тұтынушыларды хабарландыру *",
        "Адалдық",
        "Жауапкершілік",
        "Бастамашылдық",
        "Күйзеліске төзімділік",
    ]
    assert [row[0] for row in table.rows] == [str(n) for n in range(1, 12)]
    assert kk.footnotes == (FOOTNOTE_KK,)
    rows = {row[1]: row for row in table.rows}
    assert rows["Қызметті басқару"][2:] == ("күтілетін нәтижеге сәйкес", "")
    assert rows["Ынтымақтастық"][2] == "күтілетін нәтижеге сәйкес емес"
    assert rows["Ынтымақтастық"][3].split("\n") == [i["effective_kk"] for i in not_observed]
    assert [(s.role, s.name, s.date) for s in kk.signatures] == [
        ("Қызметші", body["spec1"].short_name, "2026-01-14"),
        ("Тікелей басшы", body["chief"].short_name, "2026-01-12"),
    ]

    ru = competency_sheet_form(sheet, "ru")
    assert ru.title == "Оценочный лист по компетенциям"
    assert ru.tables[0].columns[1:3] == (
        "Наименование компетенций",
        "Результаты оценки (соответствует ожиданиям / не соответствует ожиданиям)",
    )
    rows = {row[1]: row for row in ru.tables[0].rows}
    assert "Ориентация на потребителя услуг *" in rows
    assert rows["Сотрудничество"][2] == "не соответствует ожиданиям"
    assert rows["Сотрудничество"][3].split("\n") == [i["effective_ru"] for i in not_observed]
    assert rows["Управление деятельностью"][2] == "соответствует ожиданиям"
    assert ru.footnotes[0].startswith("*Государственные служащие корпуса «Б»")
    assert ru.fields[0] == ("Оцениваемый год", "2025 год")
    assert ru.draft_mark == "ПРОЕКТ"


def test_annex3_leaves_out_the_starred_competencies_where_no_public_services() -> None:
    body = make_commission_body("arys-714")
    position = body["spec2_position"]
    position.provides_public_services = False
    position.save()
    form = competency_sheet_form(marked_sheet(body, "spec2"), "kk")
    names = [row[1] for row in form.tables[0].rows]
    assert len(names) == 9
    assert not any(name.endswith("*") for name in names)
    assert "Стресске орнықтылық" in names  # 001's name of the 11th competency
    assert [row[0] for row in form.tables[0].rows] == [str(n) for n in range(1, 10)]
    assert form.footnotes == (FOOTNOTE_KK,)  # the form's footnote stays
    # 001 hints every signature with initials
    assert {s.hint for s in form.signatures} == {"(тегі, аты-жөнінің бірінші әріптері)"}


# --- Annex 4 -----------------------------------------------------------------------------------


def test_annex4_gives_the_indicators_of_the_servants_row() -> None:
    body = make_commission_body("nchr-1")
    version = MethodologyVersion.objects.get(code="nchr-1")
    for role, group in (("spec1", "specialists"), ("chief", "managers")):
        case = case_of(body, role)
        position = body[f"{role}_position"]
        expected = catalogue_for_position(version, position.category, position.heads_subdivision)
        assert expected["group"] == group
        kk = annex4_form(case, "kk")
        assert kk.title == "Құзыреттердің мінез-құлық индикаторлары"
        assert kk.tables[0].columns == (
            "Құзыреттер атауы",
            "Мемлекеттік әкімшілік лауазымдар санаты",
            "Тиімді мінез-құлық индикаторлары",
            "Тиімсіз мінез-құлық индикаторлары",
        )
        assert (kk.draft, kk.signatures, kk.approval) == (False, (), None)
        assert kk.extra == {
            "landscape": True,
            "form_mark": "Нысан",
            "labels": {},
        }
        rows = kk.tables[0].rows
        assert [r[0] for r in rows] == [c["name_kk"] for c in expected["competencies"]]
        assert [r[1] for r in rows] == [c["categories_kk"] for c in expected["competencies"]]
        first = expected["competencies"][0]["indicators"]
        assert rows[0][2].split("\n") == [i["effective_kk"] for i in first]
        assert rows[0][3].split("\n") == [i["ineffective_kk"] for i in first]
        assert kk.filename.startswith("annex4-2025-")
        assert kk.filename.endswith("-kk")

        ru = annex4_form(case, "ru")
        assert ru.title == "Поведенческие индикаторы компетенций"
        assert ru.tables[0].columns == (
            "Наименование компетенций",
            "Категория административных государственных должностей",
            "Эффективные поведенческие индикаторы",
            "Неэффективные поведенческие индикаторы",
        )
        assert ru.tables[0].rows[0][0] == "Управление деятельностью"
        assert ru.tables[0].rows[0][2].split("\n") == [i["effective_ru"] for i in first]
    spec1 = annex4_form(case_of(body, "spec1"), "ru")
    assert spec1.tables[0].rows[0][1].startswith("C-3*; C-4; C-5")
    assert spec1.fields[2] == ("Категория административных государственных должностей", "C-4")


def test_arys_annex4_has_no_form_line() -> None:
    body = make_commission_body("arys-714")
    form = annex4_form(case_of(body, "spec1"), "kk")
    assert form.extra["form_mark"] == ""
    assert form.annex.endswith("бағалаудың әдістемесіне 4-қосымша")
    assert {row[1] for row in form.tables[0].rows} >= {
        "E-3; * E-4; E-5; E-R-4; E-R-5; E-G-2; * E-G-3; E-G-4. * осы бағанның жоғары тұрған"
        " қатарында көрсетілген тұлғалардан басқа"
    }


# --- queries -------------------------------------------------------------------------------


def count(build, *args) -> int:
    with CaptureQueriesContext(connection) as queries:
        build(*args)
    return len(queries)


def test_each_form_reads_in_a_fixed_number_of_queries() -> None:
    body = make_commission_body("nchr-1")
    body["spec2_position"].provides_public_services = False
    body["spec2_position"].save()
    to_commission(body, "spec1", achieved=4, shown=1)
    to_commission(body, "spec2", achieved=2, shown=1)
    short = draft_plan(body, "m1", count=2)
    full = KpiSheet.objects.get(case=case_of(body, "spec1")).plan
    assert count(work_plan_form, short, "kk") == count(work_plan_form, full, "kk")
    sheets = [CompetencySheet.objects.get(case=case_of(body, r)) for r in ("spec1", "spec2")]
    assert [s.items.count() for s in sheets] == [11, 9]
    assert count(competency_sheet_form, sheets[0], "ru") == count(
        competency_sheet_form, sheets[1], "ru"
    )
    kpi = [KpiSheet.objects.get(case=case_of(body, r)) for r in ("spec1", "spec2")]
    assert count(kpi_sheet_form, kpi[0], "kk") == count(kpi_sheet_form, kpi[1], "kk")
    cases = [case_of(body, r) for r in ("spec1", "spec2")]  # 11 and 9 competencies
    assert count(annex4_form, cases[0], "kk") == count(annex4_form, cases[1], "kk")


def test_an_unknown_language_is_refused() -> None:
    body = make_commission_body("nchr-1")
    with pytest.raises(ValueError, match="languages"):
        annex4_form(case_of(body, "spec1"), "en")


def test_values_and_file_names_print_as_written_by_hand() -> None:
    body = make_commission_body("nchr-1")
    servant = body["spec1"]
    servant.surname = "Әбдіқұлова-Щербакова"
    servant.save()
    case = case_of(body, "spec1")
    items = kpi_items(case.plan_start, body["cycle"].period_end)
    items[0]["planned_value"] = "12.50"
    items[1]["planned_value"] = 100
    plan = work_plan_save_kpis(
        case_id=case.pk, kpis=items, actor=body["chief"].user, on=D(2025, 1, 9)
    )
    form = work_plan_form(plan, "ru")
    assert [row[4] for row in form.tables[0].rows[:2]] == ["12,5", "100"]
    assert form.filename == f"annex1-2025-abdiqulova-shcherbakova-{case.pk}-ru"
    servant.surname = "—"
    servant.save()
    assert work_plan_form(plan, "kk").filename == f"annex1-2025-{case.pk}-kk"
