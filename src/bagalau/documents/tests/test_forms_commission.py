"""The commission's forms built from the data: the protocol (Annex 5) in Kazakh and Russian,
laid out like 004's form, live while the meeting sits and fixed once it closes, approved by
the authorized person (§39); and the act of refusal (§41; Kentau 002 §40: the HR specialist
signs)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bagalau.commission.models import Acquaintance, CommissionMeeting
from bagalau.commission.outcomes import refusal_act_draw_up
from bagalau.commission.services import meeting_agenda_refresh, meeting_close
from bagalau.commission.tests.factories import (
    APPROVAL_DAY,
    MEETING_DAY,
    NOTIFIED,
    approved_meeting,
    case_of,
    decide,
    form_commission,
    make_commission_body,
    open_meeting,
    scheduled_meeting,
    shipped_methodology,
    to_commission,
)
from bagalau.competency.models import CompetencyAssessment
from bagalau.documents.forms_commission import protocol_form, refusal_act_form
from bagalau.documents.layout import Form
from bagalau.evaluation.services import cycle_refresh
from bagalau.kpi.tests.factories import CATEGORIES
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

D = dt.date
pytestmark = pytest.mark.django_db

COLUMNS_KK = (
    "№ р/с",
    "Қызметшілердің тегі, аты, әкесінің аты (болған жағдайда)",
    "Бағалау нәтижелері туралы мәлімет",
    "Бағалау нәтижелері комиссиямен түзетілуі (бар болған жағдайда)",
    "Комиссияның ұсыныстары",
)
COLUMNS_RU = (
    "№ п/п",
    "Ф.И.О. служащих (при наличии отчества)",
    "Сведения о результатах оценки",
    "Корректировка результатов оценки комиссией (при наличии)",
    "Рекомендации комиссии",
)
RATING_CODES = ("excellent", "effective", "satisfactory", "unsatisfactory")
REVISE_SPEC2 = {"kpi_rating": "satisfactory"}
RECOMMENDATION = "Біліктілікті арттыру"  # the factories' recommendation on a revision


@pytest.fixture(scope="module", autouse=True)
def shipped(django_db_setup, django_db_blocker):
    with shipped_methodology(django_db_blocker):
        yield


def before_the_commission(act: str = "arys-714") -> dict:
    """spec1 achieved 5 of 5 KPIs ("excellent"), spec2 2 of 5 ("unsatisfactory"), m1 4 of 5
    ("effective") with one indicator shown per competency, so those of more do not meet."""
    body = make_commission_body(act)
    form_commission(body)
    to_commission(body, "spec1", achieved=5)
    to_commission(body, "spec2", achieved=2)
    to_commission(body, "m1", achieved=4, shown=1)
    return body


@pytest.fixture
def body() -> dict:
    body = before_the_commission()
    body["meeting"] = approved_meeting(
        body, {"spec1": "approve", "spec2": REVISE_SPEC2, "m1": "approve"}
    )
    return body


def rows_by_name(form: Form) -> dict[str, tuple[str, ...]]:
    return {row[1]: row for row in form.tables[0].rows}


def not_met(body: dict, role: str, lang: str = "kk") -> list[str]:
    field = "competency__name_ru" if lang == "ru" else "competency__name_kk"
    return list(
        CompetencyAssessment.objects.filter(sheet__case=case_of(body, role), result="does_not_meet")
        .order_by("number")
        .values_list(field, flat=True)
    )


# --- Annex 5 -----------------------------------------------------------------------------------


def test_the_protocol_is_laid_out_like_annex_5_in_kazakh(body) -> None:
    form = protocol_form(body["meeting"], "kk")
    assert form.lang == "kk"
    assert form.title == "Бағалау жөніндегі комиссия отырысының хаттамасы № 1"
    # 001 (Arys) has no Annex 5 text: the same layout, the annex line generic in 001's
    # spelling — a body that adopts another body's act does not print that body's name
    assert form.annex == (
        "«Б» корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалаудың әдістемесіне"
        " 5-қосымша"
    )
    assert form.approval is not None
    assert form.approval.heading == "БЕКІТЕМІН"
    assert form.approval.signature.role == "Лауазымды тұлға"
    assert form.approval.signature.hint == "(тегі, аты-жөнінің бірінші әріптері)"
    assert form.fields == (
        ("Мемлекеттік органның атауы", body["org"].name_kk),
        ("Бағалау мерзімі", "2025 жыл"),
    )
    [table] = form.tables
    assert table.caption == "Бағалау нәтижелері"
    assert table.columns == COLUMNS_KK
    assert form.results == (("Комиссия қорытындысы", "Нәтижелер бекітуге ұсынылады"),)
    assert form.signatures_heading == "Тексерілді:"
    assert form.extra["landscape"] is True
    assert form.page_numbers
    assert form.draft_mark == "ЖОБА"
    assert form.filename == f"annex5-{body['org'].code}-{MEETING_DAY.isoformat()}-kk"
    assert form.filename.isascii()


def test_the_protocol_in_russian(body) -> None:
    form = protocol_form(body["meeting"], "ru")
    assert form.title == "Протокол заседания комиссии по оценке № 1"
    assert form.annex.startswith("Приложение 5 к Методике оценки")
    assert form.approval is not None
    assert form.approval.heading == "УТВЕРЖДАЮ"
    assert form.approval.signature.role == "Должностное лицо"
    assert form.fields == (
        ("Наименование государственного органа", body["org"].name_ru),
        ("Период оценки", "2025 год"),
    )
    assert form.tables[0].caption == "Результаты оценки"
    assert form.tables[0].columns == COLUMNS_RU
    assert form.results[0][0] == "Заключение комиссии"
    assert form.signatures_heading == "Проверено:"
    assert [s.role for s in form.signatures] == (
        ["Председатель комиссии"] + ["Член комиссии"] * 6 + ["Секретарь комиссии"]
    )
    assert form.draft_mark == "ПРОЕКТ"
    assert form.filename.endswith("-ru")


def test_each_case_is_a_row_with_its_results_in_words(body) -> None:
    form = protocol_form(body["meeting"], "kk")
    rows = form.tables[0].rows
    # in the agenda's order, numbered as the form numbers them
    assert [row[0] for row in rows] == ["1.", "2.", "3."]
    by_name = rows_by_name(form)
    assert set(by_name) == {body[r].full_name for r in ("spec1", "spec2", "m1")}

    spec1 = by_name[body["spec1"].full_name]
    assert "НМИ: өте жақсы (қол жеткізілгені – 5, барлығы – 5)" in spec1[2]
    assert "Құзыреттер: барлығы – " in spec1[2]
    assert "сәйкес емес" not in spec1[2]  # every competency meets expectations
    assert spec1[3:] == ("", "")  # approved as it stood: nothing corrected, no recommendation

    m1 = by_name[body["m1"].full_name]
    assert "НМИ: тиімді (қол жеткізілгені – 4, барлығы – 5)" in m1[2]
    missing = not_met(body, "m1")
    assert missing  # one indicator shown: some competencies fall below 3/4 (§27)
    assert f"сәйкес емес – {len(missing)} ({', '.join(missing)})" in m1[2]

    for row in rows:
        for cell in row:
            assert not any(code in cell for code in RATING_CODES), cell


def test_a_revision_is_in_the_corrected_column_beside_the_original(body) -> None:  # §38
    kk = rows_by_name(protocol_form(body["meeting"], "kk"))[body["spec2"].full_name]
    assert "НМИ: қанағаттанарлықсыз (қол жеткізілгені – 2, барлығы – 5)" in kk[2]
    assert kk[3] == "НМИ: қанағаттанарлық"
    assert kk[4] == RECOMMENDATION
    ru = rows_by_name(protocol_form(body["meeting"], "ru"))[body["spec2"].full_name]
    assert "ЦИ: неудовлетворительно (достигнуто 2 из 5)" in ru[2]
    assert ru[3] == "ЦИ: удовлетворительно"
    assert ru[4] == RECOMMENDATION


def test_revised_competencies_are_named_with_their_corrected_result(body) -> None:
    """A second meeting's revision of m1's competencies is printed competency by competency,
    in the sheet's order, in the form's language."""
    body = before_the_commission()
    missing = list(
        CompetencyAssessment.objects.filter(sheet__case=case_of(body, "m1"), result="does_not_meet")
        .order_by("number")
        .values_list("competency__code", "competency__name_kk", "competency__name_ru")
    )
    code, name_kk, name_ru = missing[0]
    meeting = approved_meeting(
        body,
        {
            "spec1": "approve",
            "spec2": "approve",
            "m1": {"competencies": {code: "meets"}},
        },
    )
    kk = rows_by_name(protocol_form(meeting, "kk"))[body["m1"].full_name]
    assert kk[3] == f"Құзыреттер: {name_kk} – күтілетін нәтижеге сәйкес"
    assert name_kk in kk[2]  # the original still says it did not meet expectations
    ru = rows_by_name(protocol_form(meeting, "ru"))[body["m1"].full_name]
    assert ru[3] == f"Компетенции: {name_ru} – соответствует ожиданиям"


def test_the_commission_signs_by_name_dated_the_meeting_day(body) -> None:
    form = protocol_form(body["meeting"], "kk")
    voters = ("chief", "spec1", "spec2", "m1", "m2", "m3", "m4")
    assert [(s.role, s.name) for s in form.signatures] == [
        ("Комиссияның төрағасы", body["chief"].short_name),
        *[("Комиссияның мүшесі", body[r].short_name) for r in voters[1:]],
        ("Комиссияның хатшысы", body["hr"].short_name),
    ]
    assert {s.date for s in form.signatures} == {MEETING_DAY.isoformat()}
    assert {s.hint for s in form.signatures} == {"(тегі, аты-жөні, қолы)"}


def test_approved_by_the_authorized_person_with_name_and_date(body) -> None:  # §39
    form = protocol_form(body["meeting"], "kk")
    assert not form.draft
    signature = form.approval.signature
    assert (signature.name, signature.date, signature.signed) == (
        body["head"].short_name,
        APPROVAL_DAY.isoformat(),
        True,
    )


def test_a_closed_protocol_awaiting_approval_is_a_draft_read_as_fixed(
    django_assert_num_queries,
) -> None:
    body = before_the_commission()
    meeting = open_meeting(body)
    for role in ("spec1", "spec2", "m1"):
        decide(body, meeting, case_of(body, role))
    meeting_close(
        meeting_id=meeting.pk,
        actor=body["hr"].user,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="7",
        on=MEETING_DAY,
    )
    # the protocol was fixed when the meeting closed: a later change of name is not in it
    fixed_name = body["spec1"].full_name
    body["spec1"].surname = "Басқа"
    body["spec1"].save()
    # the meeting, the adopted version's base act, the competency names, the KPI totals:
    # the fixed rows are read without a query each
    with django_assert_num_queries(4):
        form = protocol_form(meeting, "kk")
    assert form.draft
    assert (form.approval.signature.name, form.approval.signature.date) == ("", "")
    assert not form.approval.signature.signed
    assert fixed_name in rows_by_name(form)
    assert form.title.endswith("№ 7")
    assert {s.date for s in form.signatures} == {MEETING_DAY.isoformat()}


def test_a_meeting_in_session_is_read_live_and_says_what_is_undecided() -> None:
    body = before_the_commission()
    present = ("chief", "spec1", "spec2", "m1", "m2", "m3")  # m4 absent
    meeting = open_meeting(body, present)
    decide(body, meeting, case_of(body, "spec1"), voters=present)
    form = protocol_form(meeting, "kk")
    assert form.draft
    assert form.title == "Бағалау жөніндегі комиссия отырысының хаттамасы"  # no number yet
    rows = rows_by_name(form)
    assert "өте жақсы" in rows[body["spec1"].full_name][2]
    assert rows[body["spec2"].full_name][2:] == ("Комиссия шешім қабылдаған жоқ", "", "")
    ru = rows_by_name(protocol_form(meeting, "ru"))
    assert ru[body["m1"].full_name][2] == "Решение комиссией не принято"
    # not dated before the protocol is fixed; the absent member does not sign (reading)
    assert {s.date for s in form.signatures} == {""}
    names = [s.name for s in form.signatures]
    assert body["m4"].short_name not in names
    assert body["m3"].short_name in names
    assert form.results == (("Комиссия қорытындысы", ""),)


def test_the_protocol_reads_any_agenda_in_a_fixed_number_of_queries(
    django_assert_num_queries,
) -> None:
    body = make_commission_body()
    form_commission(body)
    # a tenth servant under the chief, given a case in the open cycle
    position = make_position(
        body["org"],
        code="D1-x1",
        category=CATEGORIES["arys-714"][0],
        subdivision=body["chief_position"].subdivision,
        reports_to=body["chief_position"],
    )
    body["x1"] = make_servant(user=make_user(f"{body['org'].code}-x1"))
    make_appointment(body["x1"], position, date_from=D(2020, 1, 1))
    cycle_refresh(cycle=body["cycle"], actor=body["hr"].user)
    first = ("spec1", "spec2", "m1")
    later = ("m2", "m3", "m4", "chief", "hr", "hr2", "x1")
    for role in first:
        to_commission(body, role, achieved=4)
    meeting = scheduled_meeting(body)
    with CaptureQueriesContext(connection) as queries:
        protocol_form(meeting, "kk")
    count = len(queries)

    for role in later:
        to_commission(body, role, achieved=3)
    meeting_agenda_refresh(meeting_id=meeting.pk, actor=body["hr"].user, on=NOTIFIED)
    meeting = CommissionMeeting.objects.get(pk=meeting.pk)
    assert meeting.items.count() == 10
    with django_assert_num_queries(count):
        form = protocol_form(meeting, "kk")
    assert len(form.tables[0].rows) == 10


# --- the act of refusal ------------------------------------------------------------------------


def refusal(act_code: str = "arys-714", role: str = "spec2"):
    """The results approved on 26 January 2026 (spec2's KPI rating raised by the commission);
    `role` refuses to see them and HR draws up act № 3 the next day with m3 and m4."""
    body = before_the_commission(act_code)
    approved_meeting(body, {"spec1": "approve", "spec2": REVISE_SPEC2, "m1": "approve"})
    act = refusal_act_draw_up(
        acquaintance_id=Acquaintance.objects.get(case=case_of(body, role)).pk,
        actor=body["hr"].user,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Қызметші хаттамамен танысудан ауызша бас тартты",
        number="3",
        on=D(2026, 1, 27),
    )
    return body, act


def test_the_act_of_refusal_states_who_refused_what_and_when() -> None:  # §41
    body, act = refusal()
    form = refusal_act_form(act, "kk")
    assert form.title == "Бағалау нәтижелерімен танысудан бас тарту туралы акт"
    assert form.approval is None
    assert form.annex == ""
    assert not form.draft
    assert form.fields == (
        ("Мемлекеттік органның атауы", body["org"].name_kk),
        ("Акт нөмірі", "3"),
        ("Жасалған күні", "27.01.2026"),
    )
    text = "\n".join(form.body)
    case = case_of(body, "spec2")
    assert body["spec2"].full_name in text
    assert case.position.title_kk in text
    assert "27.01.2026" in text
    assert "(2025 жыл)" in text
    assert "(23.01.2026, № 1)" in text  # the protocol the results are recorded in
    assert "26.01.2026" in text  # approved by the authorized person (§39)
    assert "НМИ бойынша баға – қанағаттанарлық" in text  # as corrected by the commission
    assert "Қызметші хаттамамен танысудан ауызша бас тартты" in text
    assert "«Bagalau» жүйесіндегі хабарлама" in text
    assert "белгіленген мерзім – 28.01.2026" in text  # §40: 2 working days after approval
    assert "41-тармағына" in text
    assert not any(code in text for code in (*RATING_CODES, "bagalau_notice"))
    assert [(s.role, s.name, s.date) for s in form.signatures] == [
        ("Персоналды басқару қызметінің қызметшісі", body["hr"].short_name, "2026-01-27"),
        ("Мемлекеттік органның қызметшісі", body["m3"].short_name, "2026-01-27"),
        ("Мемлекеттік органның қызметшісі", body["m4"].short_name, "2026-01-27"),
    ]
    assert form.filename == f"refusal-act-{act.pk}-kk"


def test_the_act_of_refusal_in_russian() -> None:
    body, act = refusal(role="m1")
    form = refusal_act_form(act, "ru")
    assert form.title == "Акт об отказе от ознакомления с результатами оценки"
    text = "\n".join(form.body)
    assert "оценка по ЦИ – эффективно" in text
    missing = not_met(body, "m1", "ru")
    assert f"не соответствуют – {len(missing)} ({', '.join(missing)})" in text
    assert "(2025 год)" in text
    assert "уведомление в системе «Bagalau»" in text
    assert "пунктом 41 Методики" in text
    assert body["m1"].full_name in text
    assert [s.role for s in form.signatures] == [
        "Служащий службы управления персоналом",
        "Служащий государственного органа",
        "Служащий государственного органа",
    ]
    assert form.filename == f"refusal-act-{act.pk}-ru"


def test_in_kentau_the_hr_specialist_signs_the_act_of_refusal() -> None:  # 002 §40
    body, act = refusal("kentau-131")
    kk = refusal_act_form(act, "kk")
    assert kk.signatures[0].role == "Персоналды басқару қызметіне жауапты маман"
    assert kk.signatures[0].name == body["hr"].short_name
    assert "персоналды басқару қызметіне жауапты маман" in kk.body[0]
    assert "40-тармағына" in "\n".join(kk.body)  # 002 renumbers the refusal as §40
    ru = refusal_act_form(act, "ru")
    assert ru.signatures[0].role == "Специалист, ответственный за службу управления персоналом"
    protocol = protocol_form(act.acquaintance.decision.item.meeting, "kk")
    assert protocol.annex.endswith("5-қосымша")
