"""The forms through the API and the console: every kind downloads as PDF and DOCX in Kazakh
and Russian for whoever may read it, and is hidden (404) from whoever may not; a cycle's
documents exported as files or one ZIP archive; `cycle_documents`' order and content.

The data is built once for the module through the services (a body with a commission of
seven, three servants' sheets before it, an adjourned meeting and an approved one, a revised
decision, an act of refusal, a work plan revised and approved again), in a transaction
rolled back when the module ends; each test runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from docx import Document
from pypdf import PdfReader

from bagalau.commission.models import Acquaintance, CommissionMeeting
from bagalau.commission.outcomes import refusal_act_draw_up
from bagalau.commission.services import (
    meeting_adjourn,
    meeting_approve,
    meeting_close,
)
from bagalau.commission.tests.factories import (
    VOTERS,
    case_of,
    decide,
    form_commission,
    make_commission_body,
    open_meeting,
    to_commission,
)
from bagalau.core.tokens import api_token_create
from bagalau.documents.catalog import FORMATS, KINDS, LANGUAGES, build, cycle_documents
from bagalau.documents.management.commands.documents import progress
from bagalau.documents.render import render
from bagalau.evaluation.models import EvaluationCase
from bagalau.kpi.models import WorkPlan
from bagalau.kpi.services import work_plan_act, work_plan_save_kpis
from bagalau.kpi.tests.factories import CATEGORIES, kpi_items, make_body_under
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.models import Servant
from bagalau.orgstructure.tests.factories import (
    make_appointment,
    make_position,
    make_servant,
    make_user,
)

D = dt.date
pytestmark = pytest.mark.django_db

FIRST_MEETING = D(2026, 1, 23)  # 4 of 7 present: adjourned
SECOND_MEETING = D(2026, 2, 3)
APPROVED_ON = D(2026, 2, 4)


def build_world() -> SimpleNamespace:
    """The body, its commission and its papers, through the services."""
    methodology_load_shipped()
    body = make_commission_body()
    form_commission(body)
    org, chief_position = body["org"], body["chief_position"]
    # a servant of the body on no commission, with no case of this cycle
    plain = make_servant(user=make_user(f"{org.code}-plain"))
    position = make_position(
        org,
        code="D1-plain",
        category=CATEGORIES["arys-714"][0],
        subdivision=chief_position.subdivision,
        reports_to=chief_position,
    )
    make_appointment(plain, position, date_from=D(2026, 6, 1))
    body["plain"] = plain

    cases = {
        "spec1": to_commission(body, "spec1", achieved=5),
        "spec2": to_commission(body, "spec2", achieved=2),
        "m1": to_commission(body, "m1", achieved=4),
    }
    # m2's plan approved, revised and approved again: version 1 superseded
    m2 = case_of(body, "m2")
    chief, head, hr = body["chief"].user, body["head"].user, body["hr"].user
    plan = work_plan_save_kpis(
        case_id=m2.pk,
        kpis=kpi_items(m2.plan_start, body["cycle"].period_end),
        actor=chief,
        on=D(2025, 1, 9),
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=chief, on=D(2025, 1, 9))
    work_plan_act(plan_id=plan.pk, action="approve", actor=head, on=D(2025, 1, 10))
    revised = work_plan_act(plan_id=plan.pk, action="revise", actor=chief, on=D(2025, 6, 2))
    work_plan_act(plan_id=revised.pk, action="submit", actor=chief, on=D(2025, 6, 3))
    work_plan_act(plan_id=revised.pk, action="approve", actor=head, on=D(2025, 6, 4))

    # an adjourned meeting (no quorum): no protocol among the cycle's documents
    adjourned = open_meeting(body, ("chief", "spec1", "spec2", "m1"), date=FIRST_MEETING)
    meeting_adjourn(meeting_id=adjourned.pk, actor=hr, reason="кворум жоқ", on=FIRST_MEETING)
    meeting = open_meeting(body, VOTERS, date=SECOND_MEETING, on=FIRST_MEETING)
    decide(body, meeting, cases["spec1"])
    decide(body, meeting, cases["spec2"], {"kpi_rating": "satisfactory"})
    decide(body, meeting, cases["m1"])
    meeting_close(
        meeting_id=meeting.pk,
        actor=hr,
        conclusion="Нәтижелер бекітуге ұсынылады",
        protocol_number="2",
        on=SECOND_MEETING,
    )
    meeting = meeting_approve(meeting_id=meeting.pk, actor=head, on=APPROVED_ON)
    act = refusal_act_draw_up(
        acquaintance_id=Acquaintance.objects.get(case=cases["spec2"]).pk,
        actor=hr,
        witnesses=[body["m3"].pk, body["m4"].pk],
        statement="Танысудан бас тартты",
        on=D(2026, 2, 5),
    )
    other = make_body_under()
    token = api_token_create(user=body["chief"].user)[1]
    spec2 = cases["spec2"]
    objects = {
        "work-plan": spec2.work_plans.get(),
        "kpi-sheet": spec2.kpi_sheet,
        "competency-sheet": spec2.competency_sheet,
        "annex4": spec2,
        "protocol": meeting,
        "refusal-act": act,
    }
    return SimpleNamespace(
        **body,
        cases=cases,
        adjourned=adjourned,
        meeting=meeting,
        act=act,
        m2_plans=list(m2.work_plans.order_by("version")),
        other_hr=other["hr"],
        token=token,
        objects=objects,
    )


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# --- helpers ----------------------------------------------------------------------------------


def get(client: Client, w: SimpleNamespace, who: str, path: str):
    """GET /api/v1`path` as `who`: the chief by bearer token, anyone else by session,
    "anon" unauthenticated."""
    client.logout()
    headers = {}
    if who == "chief":
        headers["Authorization"] = f"Bearer {w.token}"
    elif who == "other_hr":
        client.force_login(w.other_hr.user)
    elif who == "operator":
        client.force_login(make_user("operator", is_superuser=True))
    elif who != "anon":
        client.force_login(getattr(w, who).user)
    return client.get(f"/api/v1{path}", headers=headers)


def squeeze(text: str) -> str:
    """Text without whitespace: a title wrapped over lines still matches."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def attachment_name(header: str) -> str:
    """The file name of a Content-Disposition header (filename*=UTF-8'' or filename="…")."""
    assert header.startswith("attachment;"), header
    extended = re.search(r"filename\*=utf-8''([^;]+)", header, re.IGNORECASE)
    if extended:
        return unquote(extended.group(1))
    plain = re.search(r'filename="([^"]+)"', header)
    assert plain, header
    return plain.group(1)


def expected_names(documents, langs=LANGUAGES, formats=FORMATS) -> set[str]:
    return {
        f"{build(kind, obj, lang).filename}.{fmt}"
        for kind, obj in documents
        for lang in langs
        for fmt in formats
    }


# --- the API ----------------------------------------------------------------------------------

# who may read each kind (of spec2's case): the servant, their supervisor, HR, the authorized
# person, the commission's chair (by token)
READERS = {
    "work-plan": "spec2",
    "kpi-sheet": "chief",
    "competency-sheet": "hr",
    "annex4": "head",
    "protocol": "chief",
    "refusal-act": "spec2",
}


def test_every_kind_is_covered() -> None:
    assert set(READERS) == set(KINDS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(READERS))
def test_a_reader_downloads_each_kind(client, w, kind: str, lang: str, fmt: str) -> None:
    obj = w.objects[kind]
    response = get(client, w, READERS[kind], f"/documents/{kind}/{obj.pk}?lang={lang}&format={fmt}")
    assert response.status_code == 200, response.content[:500]
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[fmt]
    assert response["Content-Type"] == content_type
    form = build(kind, obj, lang)
    assert form.lang == lang
    other = build(kind, obj, "ru" if lang == "kk" else "kk")
    assert form.title != other.title  # the title is in the language asked for
    assert form.filename != other.filename  # both languages can sit in one directory
    assert attachment_name(response["Content-Disposition"]) == f"{form.filename}.{fmt}"
    data = response.content
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
        text = pdf_text(data)
    else:
        assert data.startswith(b"PK")
        text = docx_text(data)  # opens with python-docx
    assert squeeze(form.title) in squeeze(text)
    assert squeeze(other.title) not in squeeze(text)


def test_the_default_is_a_kazakh_pdf(client, w) -> None:
    act = w.act
    response = get(client, w, "hr", f"/documents/refusal-act/{act.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    form = build("refusal-act", act, "kk")
    assert attachment_name(response["Content-Disposition"]) == f"{form.filename}.pdf"
    assert squeeze(form.title) in squeeze(pdf_text(response.content))


@pytest.mark.parametrize("kind", ["work-plan", "kpi-sheet", "competency-sheet", "annex4"])
@pytest.mark.parametrize("reader", ["spec1", "spec2", "chief", "hr", "head", "operator"])
def test_the_case_documents_readers(client, w, kind: str, reader: str) -> None:
    """Each servant's own, their supervisors', HR's; not another servant's."""
    obj = w.objects[kind]
    response = get(client, w, reader, f"/documents/{kind}/{obj.pk}?format=docx")
    expected = 404 if reader == "spec1" else 200
    assert response.status_code == expected, response.content[:300]


def test_another_servants_refusal_act_is_hidden(client, w) -> None:
    response = get(client, w, "spec1", f"/documents/refusal-act/{w.act.pk}?format=docx")
    assert response.status_code == 404
    assert response.json()["detail"] == f"no refusal-act with the id {w.act.pk}"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("plain", 404),  # a servant of the body on no commission
        ("spec2", 200),  # a member of the commission (and on its agenda)
        ("m4", 200),
        ("hr", 200),
        ("hr2", 200),
        ("head", 200),  # the authorized person approves it
        ("other_hr", 404),  # another body's HR
        ("anon", 401),
    ],
)
def test_who_may_read_a_protocol(client, w, who: str, expected: int) -> None:
    response = get(client, w, who, f"/documents/protocol/{w.meeting.pk}?format=docx&lang=ru")
    assert response.status_code == expected, response.content[:300]


def test_another_bodys_hr_sees_no_sheet(client, w) -> None:
    sheet = w.objects["kpi-sheet"]
    assert get(client, w, "other_hr", f"/documents/kpi-sheet/{sheet.pk}").status_code == 404


def test_an_unknown_kind_or_id_is_not_found(client, w) -> None:
    response = get(client, w, "hr", f"/documents/annex9/{w.meeting.pk}")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "annex9" in detail
    assert all(kind in detail for kind in KINDS)
    response = get(client, w, "hr", "/documents/protocol/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "no protocol with the id 999999"


@pytest.mark.parametrize(
    ("query", "field"), [("lang=en", "lang"), ("format=odt", "format"), ("lang=KK", "lang")]
)
def test_a_bad_language_or_format_is_refused(client, w, query: str, field: str) -> None:
    response = get(client, w, "hr", f"/documents/protocol/{w.meeting.pk}?{query}")
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_the_schema_lists_the_kinds_once(client, w) -> None:
    client.force_login(w.hr.user)
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/documents/{kind}/{object_id}"]["get"]
    names = [p["name"] for p in operation["parameters"]]
    assert sorted(names) == ["format", "kind", "lang", "object_id"]
    [kind] = [p for p in operation["parameters"] if p["name"] == "kind"]
    assert kind["schema"]["enum"] == list(KINDS)


# --- cycle_documents ----------------------------------------------------------------------------


def test_cycle_documents_order_and_content(w) -> None:
    documents = list(cycle_documents(w.cycle))
    kinds = [kind for kind, _obj in documents]
    # the case documents first, then the protocols, then the acts of refusal
    tail = kinds.index("protocol")
    assert kinds[tail:] == ["protocol", "refusal-act"]
    assert documents[tail][1] == w.meeting  # the approved meeting, not the adjourned one
    assert documents[tail + 1][1] == w.act

    evaluated = list(EvaluationCase.objects.filter(cycle=w.cycle).exclude(eligibility="excluded"))
    assert evaluated
    # one Annex 4 per evaluated case, each closing its case's documents
    per_case: list[tuple[EvaluationCase, list[str]]] = []
    current: list[str] = []
    for kind, obj in documents[:tail]:
        current.append(kind)
        if kind == "annex4":
            per_case.append((obj, current))
            current = []
    assert current == []
    assert {case.pk for case, _kinds in per_case} == {c.pk for c in evaluated}
    # each case's documents in the order of the annexes, of that case
    for case, case_kinds in per_case:
        expected = [
            k
            for k in ("work-plan", "kpi-sheet", "competency-sheet")
            if (k == "work-plan" and case.work_plans.exists())
            or (k == "kpi-sheet" and hasattr(case, "kpi_sheet"))
            or (k == "competency-sheet" and hasattr(case, "competency_sheet"))
        ] + ["annex4"]
        assert case_kinds == expected, case.servant
    by_case = {case.pk: kinds for case, kinds in per_case}
    for role in ("spec1", "spec2", "m1"):
        assert by_case[w.cases[role].pk] == [
            "work-plan",
            "kpi-sheet",
            "competency-sheet",
            "annex4",
        ]
    assert by_case[case_of_w(w, "m2").pk] == ["work-plan", "annex4"]
    assert by_case[case_of_w(w, "m3").pk] == ["annex4"]
    # the documents belong to their case
    position = 0
    for case, case_kinds in per_case:
        for kind in case_kinds:
            _k, obj = documents[position]
            owner = obj.pk if kind == "annex4" else obj.case_id
            assert owner == case.pk
            position += 1
    # the servants in alphabetical order
    names = [(c.servant.surname, c.servant.first_name, c.pk) for c, _kinds in per_case]
    assert names == sorted(names)
    # the newest standing version of a revised plan, not the superseded one
    old, new = w.m2_plans
    plans = [obj for kind, obj in documents if kind == "work-plan"]
    assert new in plans
    assert old not in plans
    assert WorkPlan.objects.get(pk=old.pk).state == "superseded"
    # another cycle's documents are not this cycle's
    assert all(
        (obj.cycle_id if kind in ("annex4", "protocol") else None) in (None, w.cycle.pk)
        for kind, obj in documents
    )


def case_of_w(w: SimpleNamespace, role: str) -> EvaluationCase:
    return EvaluationCase.objects.get(cycle=w.cycle, servant=getattr(w, role))


# --- the console ------------------------------------------------------------------------------


def export(*args: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("documents", "export", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_both_languages_and_formats(w, tmp_path: Path) -> None:
    documents = list(cycle_documents(w.cycle))
    out, err = export("--cycle", w.cycle.pk, "--out", tmp_path / "docs")
    files = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert len(files) == len(documents) * 4  # no file overwrote another
    assert set(files) == expected_names(documents)
    assert sum(name.endswith(".pdf") for name in files) == len(documents) * 2
    assert f"{len(files)} files written to {tmp_path / 'docs'}" in out
    assert err == ""  # no progress bar when stderr is not a terminal
    for name in files:
        data = (tmp_path / "docs" / name).read_bytes()
        assert data.startswith(b"%PDF-" if name.endswith(".pdf") else b"PK"), name


def test_export_one_language_and_format(w, tmp_path: Path) -> None:
    documents = list(cycle_documents(w.cycle))
    out, _err = export("--cycle", w.cycle.pk, "--out", tmp_path, "--lang", "ru", "--format", "pdf")
    files = {p.name for p in tmp_path.iterdir()}
    assert files == expected_names(documents, ["ru"], ["pdf"])
    assert len(files) == len(documents)
    assert f"{len(documents)} files written" in out
    # a Russian protocol: the Russian title
    protocol = build("protocol", w.meeting, "ru")
    text = pdf_text((tmp_path / f"{protocol.filename}.pdf").read_bytes())
    assert squeeze(protocol.title) in squeeze(text)


def test_export_as_one_zip(w, tmp_path: Path) -> None:
    documents = list(cycle_documents(w.cycle))
    out, _err = export("--cycle", w.cycle.pk, "--out", tmp_path, "--zip", "--format", "docx")
    [archive] = list(tmp_path.iterdir())
    assert archive.name == f"{w.org.code}-{w.cycle.label}-documents.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert len(names) == len(set(names)) == len(documents) * 2
        assert set(names) == expected_names(documents, LANGUAGES, ["docx"])
        Document(io.BytesIO(zipped.read(names[0])))
    assert f"{len(names)} files written to {archive}" in out


def test_servants_of_one_surname_do_not_overwrite_each_other(w, tmp_path: Path) -> None:
    Servant.objects.filter(pk=w.m4.pk).update(surname=w.m3.surname)
    documents = list(cycle_documents(w.cycle))
    stems = [build(kind, obj, "kk").filename for kind, obj in documents]
    assert len(set(stems)) == len(stems)  # the case's id keeps them apart
    export("--cycle", w.cycle.pk, "--out", tmp_path, "--lang", "kk", "--format", "docx")
    files = {p.name for p in tmp_path.iterdir()}
    assert len(files) == len(documents)
    export("--cycle", w.cycle.pk, "--out", tmp_path, "--lang", "kk", "--format", "pdf", "--zip")
    [archive] = tmp_path.glob("*.zip")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert len(names) == len(set(names)) == len(documents)


def test_an_unknown_cycle_is_an_error(w, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no evaluation cycle with the id 999999"):
        export("--cycle", 999999, "--out", tmp_path / "never")
    assert not (tmp_path / "never").exists()


def test_a_bad_language_is_refused_by_the_parser(w, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        export("--cycle", w.cycle.pk, "--out", tmp_path, "--lang", "en")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    progress(1, 4, "a.pdf", quiet)
    assert quiet.getvalue() == ""
    shown = Terminal()
    progress(2, 4, "a.pdf", shown)
    assert "2/4" in shown.getvalue()
    assert "#" * 15 in shown.getvalue()
    assert not shown.getvalue().endswith("\n")
    progress(4, 4, "b.pdf", shown)
    assert shown.getvalue().endswith("\n")


def test_meetings_left_out_of_the_export(w) -> None:
    """A meeting not closed (adjourned, scheduled) has no protocol among the documents."""
    assert CommissionMeeting.objects.get(pk=w.adjourned.pk).state == "adjourned"
    assert [obj for kind, obj in cycle_documents(w.cycle) if kind == "protocol"] == [w.meeting]


# --- the rendered documents themselves ---------------------------------------------------------


RATING_CODES = ("excellent", "effective", "satisfactory", "unsatisfactory", "does_not_meet")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_rendered_form_carries_its_title_columns_data_and_signatures(w, kind, lang) -> None:
    """Both files of each real document: the title, the table's columns in the form's order
    (DOCX: the table's first row; PDF: the headings in reading order), the servant's name,
    results in words of the language (never a code), every signature's role and name."""
    form = build(kind, w.objects[kind], lang)
    pdf = squeeze(pdf_text(render(form, "pdf")))
    docx_bytes = render(form, "docx")
    docx = squeeze(docx_text(docx_bytes))
    servant = squeeze(w.spec2.full_name)
    for text in (pdf, docx):
        assert squeeze(form.title) in text
        assert servant in text
        for role in {squeeze(s.role) for s in form.signatures}:
            assert role in text
        for name in {squeeze(s.name) for s in form.signatures if s.name}:
            assert name in text
        for _label, value in form.results:
            assert squeeze(value) in text
        assert not any(code in text.lower() for code in RATING_CODES)
    for table in form.tables:
        headings = [squeeze(c) for c in table.columns]
        at = -1
        for heading in headings:  # each after the one before: the columns in the form's order
            at = pdf.find(heading, at + 1)
            assert at != -1, heading
        first_rows = [
            [squeeze(cell.text) for cell in t.rows[0].cells]
            for t in Document(io.BytesIO(docx_bytes)).tables
        ]
        assert headings in first_rows
