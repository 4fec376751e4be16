"""The DOCX and PDF renderers draw any `Form`: synthetic forms in Kazakh and Russian, read back
with python-docx and pypdf."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from bagalau.documents import fonts
from bagalau.documents.layout import Approval, Form, Signature, Table
from bagalau.documents.render import (
    CONTENT_TYPES,
    display_date,
    filename,
    fit_blank,
    render,
)

KAZAKH = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"
KAZAKH_LETTERS = set(KAZAKH.replace(" ", ""))
ROWS = 300

KK_COLUMNS = (
    "№ р/с",
    "Нысаналы мақсатты индикаторлардың атауы",
    "Өлшем бірлігі",
    "Жоспарлы мәні",
    "Нақты мәні",
    "Көрсеткішке қол жетті / көрсеткішке қол жетпеді",
)
RU_COLUMNS = (
    "№ п/п",
    "Фамилия, имя, отчество (при его наличии) служащих",
    "Сведения о результатах оценки",
    "Корректировка комиссией результатов оценки (в случае наличия)",
    "Рекомендации комиссии",
)


def kk_row(i: int) -> tuple[str, ...]:
    return (
        str(i),
        f"Индикатор {i}: өңірдегі қызмет сапасын арттыру ({KAZAKH})",
        "%",
        "95",
        "97",
        "қол жетті",
    )


def kazakh_form() -> Form:
    """Annex 2 in Kazakh: a signed approval, a 6-column table of 300 rows, a draft."""
    return Form(
        lang="kk",
        annex=(
            "Адам құқықтары жөніндегі ұлттық орталықтың «Б» корпусының мемлекеттік әкімшілік"
            " қызметшілерінің қызметін бағалау әдістемесіне\n2-қосымша\nНысан"
        ),
        title="Нысаналы мақсатты индикаторлар бойынша бағалау парағы",
        approval=Approval(
            heading="«БЕКІТЕМІН»",
            signature=Signature(
                role="Жоғары тұрған басшы",
                name="Әбілқайыров Ғ.Ү.",
                date="2025-01-15",
                signed=True,
                hint="(тегі, аты-жөнінің бірінші әріптері)",
            ),
        ),
        fields=(
            ("", "2025 жыл (бағаланатын кезең)"),
            ("Қызметшінің лауазымы", "Бас маман"),
            ("Құрылымдық бөлімшесінің атауы", "Қаржы басқармасы"),
            ("Қызметшінің телефоны", ""),
        ),
        tables=(
            Table(
                columns=KK_COLUMNS,
                rows=tuple(kk_row(i) for i in range(1, ROWS + 1)),
                widths=(1.2, 6, 2, 2, 2, 3.5),
                caption="Бағалау нәтижелері",
            ),
        ),
        results=(("Бағалау нәтижесі", "тиімді"),),
        footnotes=(f"* Нысаналы мақсатты индикатор қол жеткізуден күтілетін өзгерістер {KAZAKH}",),
        signatures=(
            Signature("Қызметші", "Сейітова Ә.Қ.", "2025-01-10", True, "(тегі, аты-жөні)"),
            Signature("Тікелей басшы", hint="(тегі, аты-жөні)"),
            Signature("Комиссияның хатшысы", "Іргебаев Һ.Ө.", "2025-01-12", True),
        ),
        draft=True,
        draft_mark="ЖОБА",
        body=(f"Осы акт {KAZAKH} туралы жасалды.",),
        filename="annex2-2025-seitova-kk",
    )


def russian_form(**extra) -> Form:
    """The Annex 5 protocol in Russian: an unsigned approval, a 5-column table, one signature a
    line, landscape, no draft."""
    return Form(
        lang="ru",
        annex="Приложение 5 к Методике оценки деятельности\nФорма",
        title="Протокол заседания комиссии по оценке",
        approval=Approval(
            heading="«УТВЕРЖДАЮ»",
            signature=Signature(
                role="Должностное лицо", hint="(фамилия, инициалы)", date="", signed=False
            ),
        ),
        fields=(("Государственный орган", "Министерство финансов"),),
        tables=(
            Table(
                columns=RU_COLUMNS,
                rows=(
                    ("1.", "Асанов Асан Асанович", "эффективно", "", "повышение квалификации"),
                    ("2.", f"Қасымова Әйгерім ({KAZAKH})", "превосходно", "", ""),
                ),
                widths=(1, 5, 4, 4, 4),
                caption="Результаты оценки",
            ),
        ),
        results=(("Заключение комиссии", ""),),
        signatures_heading="Проверено:",
        signatures=(
            Signature("Председатель комиссии", hint="(фамилия, инициалы, подпись)"),
            Signature("Член комиссии", "Петров П.П.", "2025-02-03", True),
            Signature("Секретарь комиссии", hint="(фамилия, инициалы, подпись)"),
        ),
        draft=False,
        draft_mark="ПРОЕКТ",
        filename="annex5-2025-ru",
        extra={"landscape": True, "signature_columns": 1, **extra},
    )


@pytest.fixture(scope="module")
def kk_pdf() -> PdfReader:
    return PdfReader(io.BytesIO(render(kazakh_form(), "pdf")))


@pytest.fixture(scope="module")
def ru_pdf() -> PdfReader:
    return PdfReader(io.BytesIO(render(russian_form(), "pdf")))


@pytest.fixture(scope="module")
def kk_docx():
    return docx.Document(io.BytesIO(render(kazakh_form(), "docx")))


@pytest.fixture(scope="module")
def ru_docx():
    return docx.Document(io.BytesIO(render(russian_form(), "docx")))


def flat(text: str) -> str:
    """Text with its whitespace runs as one space (cells and lines wrap)."""
    return " ".join(text.split())


def page_texts(reader: PdfReader) -> list[str]:
    return [flat(page.extract_text()) for page in reader.pages]


def docx_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


# --- render(): the formats -------------------------------------------------------------------


def test_render_dispatches_by_format():
    form = russian_form()
    assert render(form, "pdf").startswith(b"%PDF-")
    assert render(form, "docx").startswith(b"PK")  # a ZIP package
    with pytest.raises(ValueError, match="unknown document format"):
        render(form, "odt")
    assert CONTENT_TYPES["pdf"] == "application/pdf"
    assert CONTENT_TYPES["docx"].endswith("wordprocessingml.document")
    assert filename(form, "docx") == "annex5-2025-ru.docx"
    assert filename(form, "pdf") == "annex5-2025-ru.pdf"


def test_display_date_and_blanks():
    assert display_date("2025-01-05") == "05.01.2025"
    assert display_date("2025-01-05T10:00:00") == "05.01.2025"
    assert display_date("") == ""
    assert display_date("5 қаңтар") == "5 қаңтар"
    assert fit_blank("күні ____________", lambda t: len(t) <= 12) == "күні _______"
    assert fit_blank("күні ____________", lambda t: False) == "күні ______"  # never shorter
    assert fit_blank("Асанов А.Б.", lambda t: False) == "Асанов А.Б."


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_title_annex_and_approval(kk_docx):
    paragraphs = [p.text for p in kk_docx.paragraphs]
    assert "Нысаналы мақсатты индикаторлар бойынша бағалау парағы" in paragraphs
    assert paragraphs[:3] == [
        "Адам құқықтары жөніндегі ұлттық орталықтың «Б» корпусының мемлекеттік әкімшілік"
        " қызметшілерінің қызметін бағалау әдістемесіне",
        "2-қосымша",
        "Нысан",
    ]
    approval = paragraphs[3:9]
    assert approval == [
        "«БЕКІТЕМІН»",
        "Жоғары тұрған басшы",
        "Әбілқайыров Ғ.Ү.",
        "(тегі, аты-жөнінің бірінші әріптері)",
        "күні 15.01.2025",
        "қолы ____________",
    ]
    # at the top right: indented to the right half of the text width
    section = kk_docx.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for paragraph in kk_docx.paragraphs[:9]:
        assert paragraph.paragraph_format.left_indent > text_width // 3
    title = next(p for p in kk_docx.paragraphs if p.text.startswith("Нысаналы мақсатты"))
    assert title.runs[0].bold
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def test_docx_fields_body_results_footnotes(kk_docx):
    text = docx_text(kk_docx)
    assert "2025 жыл (бағаланатын кезең)" in text
    assert "Қызметшінің лауазымы: Бас маман" in text
    assert "Құрылымдық бөлімшесінің атауы: Қаржы басқармасы" in text
    assert "Қызметшінің телефоны: ____" in text  # an empty field: a blank to fill in
    assert f"Осы акт {KAZAKH} туралы жасалды." in text
    assert "Бағалау нәтижесі: тиімді" in text
    assert f"* Нысаналы мақсатты индикатор қол жеткізуден күтілетін өзгерістер {KAZAKH}" in text
    assert set(text) >= KAZAKH_LETTERS


def test_docx_table_columns_cells_and_repeated_header(kk_docx):
    table = kk_docx.tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == KK_COLUMNS
    assert len(table.rows) == ROWS + 1
    assert tuple(cell.text for cell in table.rows[1].cells) == kk_row(1)
    assert tuple(cell.text for cell in table.rows[ROWS].cells) == kk_row(ROWS)
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    assert header.get(qn("w:val")) in (None, "true", "1")
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert table.style.name == "Table Grid"
    body_paragraph = table.rows[1].cells[1].paragraphs[0]
    assert body_paragraph.style.name == "Form Table Text"
    assert body_paragraph.style.font.size.pt == 10
    assert all(run.bold for cell in header_cells(table) for run in cell.paragraphs[0].runs)
    # column widths in the Table's proportions
    widths = [column.width for column in table.columns]
    assert widths[1] / widths[0] == pytest.approx(6 / 1.2, rel=0.01)
    assert widths[5] / widths[2] == pytest.approx(3.5 / 2, rel=0.01)


def header_cells(table):
    return table.rows[0].cells


def test_docx_signatures(kk_docx):
    grid = kk_docx.tables[-1]
    cells = [cell.text for row in grid.rows for cell in row.cells]
    signed, unsigned, third = cells[0], cells[1], cells[2]
    assert signed.split("\n")[:5] == [
        "Қызметші",
        "Сейітова Ә.Қ.",
        "(тегі, аты-жөні)",
        "күні 10.01.2025",
        "қолы ____________",
    ]
    lines = unsigned.split("\n")
    assert lines[0] == "Тікелей басшы"
    assert re.fullmatch(r"_{10,}", lines[1])  # a blank line to write the name in
    assert lines[2] == "(тегі, аты-жөні)"
    assert lines[3] == "күні ____________"
    assert third.split("\n")[:3] == ["Комиссияның хатшысы", "Іргебаев Һ.Ө.", "күні 12.01.2025"]
    borders = grid._tbl.tblPr.find(qn("w:tblStyle"))
    assert borders is None  # the signatures' table is borderless


def test_docx_draft_page_numbers_and_page(kk_docx, ru_docx):
    section = kk_docx.sections[0]
    assert section.header.paragraphs[0].text == "ЖОБА"
    footer = section.footer._element.xml
    assert " PAGE " in footer
    assert " NUMPAGES " in footer
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 20
    assert round(section.right_margin.mm) == 15
    ru = ru_docx.sections[0]
    assert all(p.text == "" for p in ru.header.paragraphs)  # no draft, no mark
    assert round(ru.page_width.mm) == 297
    assert round(ru.page_height.mm) == 210
    assert ru.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE


def test_docx_font_language_and_properties(kk_docx, ru_docx):
    normal = kk_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 12
    r_fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert r_fonts.get(qn(script)) == "Times New Roman"
    assert kk_docx.core_properties.title == "Нысаналы мақсатты индикаторлар бойынша бағалау парағы"
    assert kk_docx.core_properties.language == "kk-KZ"
    assert ru_docx.core_properties.language == "ru-RU"
    assert "python-docx" not in (kk_docx.core_properties.comments or "")


def test_docx_russian_protocol(ru_docx):
    paragraphs = [p.text for p in ru_docx.paragraphs]
    assert paragraphs[:2] == ["Приложение 5 к Методике оценки деятельности", "Форма"]
    assert "«УТВЕРЖДАЮ»" in paragraphs
    assert "Должностное лицо" in paragraphs
    assert "(фамилия, инициалы)" in paragraphs
    assert "дата ____________" in paragraphs
    assert "подпись ____________" in paragraphs
    assert "Протокол заседания комиссии по оценке" in paragraphs
    assert "Проверено:" in paragraphs
    assert "Заключение комиссии: ____________" in paragraphs
    table = ru_docx.tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == RU_COLUMNS
    assert table.rows[2].cells[1].text == f"Қасымова Әйгерім ({KAZAKH})"
    # one signature a line: role | name over its hint | date | signature
    signatures = ru_docx.tables[-1]
    assert len(signatures.rows) == 3
    assert len(signatures.columns) == 4
    member = [cell.text for cell in signatures.rows[1].cells]
    assert member[0] == "Член комиссии"
    assert member[1] == "Петров П.П."
    assert member[2] == "дата 03.02.2025"
    assert member[3].startswith("подпись ___")
    chair = [cell.text for cell in signatures.rows[0].cells]
    assert chair[0] == "Председатель комиссии"
    assert chair[1].endswith("\n(фамилия, инициалы, подпись)")


def test_docx_signature_line_dropped_by_label():
    form = russian_form(labels={"date": "Дата:", "signature": ""})
    document = docx.Document(io.BytesIO(render(form, "docx")))
    signatures = document.tables[-1]
    assert len(signatures.columns) == 3
    assert signatures.rows[1].cells[2].text == "Дата: 03.02.2025"
    assert "подпись ___" not in " ".join(c.text for r in signatures.rows for c in r.cells)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_spans_pages_with_the_header_repeated(kk_pdf):
    texts = page_texts(kk_pdf)
    assert len(texts) > 1
    first, second, last = texts[0], texts[1], texts[-1]
    assert "Нысаналы мақсатты индикаторлар бойынша бағалау парағы" in first
    for text in (first, second, last):
        for column in KK_COLUMNS:
            assert column in text, (column, text[:300])
    assert "Индикатор 1: өңірдегі" in first
    assert f"Индикатор {ROWS}: өңірдегі" in last
    # every row once
    everything = " ".join(texts)
    assert len(re.findall(r"Индикатор \d+:", everything)) == ROWS


def test_pdf_kazakh_letters_come_out(kk_pdf):
    text = page_texts(kk_pdf)[0]
    assert KAZAKH in text  # each letter as itself, in order: not boxes nor dropped
    assert set(text) >= KAZAKH_LETTERS
    assert "Әбілқайыров Ғ.Ү." in text
    assert "\ufffd" not in text


def test_pdf_parts_in_order(kk_pdf):
    first = page_texts(kk_pdf)[0]
    order = [
        "Адам құқықтары жөніндегі",
        "2-қосымша",
        "Нысан",
        "«БЕКІТЕМІН»",
        "Жоғары тұрған басшы",
        "Әбілқайыров Ғ.Ү.",
        "(тегі, аты-жөнінің бірінші әріптері)",
        "күні 15.01.2025",
        "қолы ___",
        "Нысаналы мақсатты индикаторлар бойынша бағалау парағы",
        "2025 жыл (бағаланатын кезең)",
        "Қызметшінің лауазымы: Бас маман",
        "Қызметшінің телефоны: ___",
        "Бағалау нәтижелері",
    ]
    positions = [first.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    last = page_texts(kk_pdf)[-1]
    for part in (
        "Бағалау нәтижесі: тиімді",
        "* Нысаналы мақсатты индикатор қол жеткізуден күтілетін өзгерістер",
        "Қызметші",
        "Сейітова Ә.Қ.",
        "(тегі, аты-жөні)",
        "күні 10.01.2025",
        "Тікелей басшы",
        "Комиссияның хатшысы",
        "Іргебаев Һ.Ө.",
        "күні 12.01.2025",
    ):
        assert part in last, part


def test_pdf_page_numbers_and_draft_mark(kk_pdf, ru_pdf):
    texts = page_texts(kk_pdf)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"{number}/{total}" in text
        assert "ЖОБА" in text
    assert all("ПРОЕКТ" not in text for text in page_texts(ru_pdf))  # not a draft


def test_pdf_font_embedded_never_a_core_font(kk_pdf, ru_pdf):
    for reader in (kk_pdf, ru_pdf):
        for page in reader.pages:
            page_fonts = page["/Resources"]["/Font"]
            assert page_fonts
            for font in page_fonts.values():
                font = font.get_object()
                assert font["/Subtype"] == "/Type0"
                descendant = font["/DescendantFonts"][0].get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor
                assert "NotoSerif" in font["/BaseFont"]
                assert "/ToUnicode" in font
    names = {
        str(f.get_object()["/BaseFont"]).split("+")[-1]
        for f in kk_pdf.pages[0]["/Resources"]["/Font"].values()
    }
    assert names == {"NotoSerif", "NotoSerifBold"}


def test_pdf_metadata_and_page_size(kk_pdf, ru_pdf):
    assert kk_pdf.metadata.title == "Нысаналы мақсатты индикаторлар бойынша бағалау парағы"
    assert kk_pdf.trailer["/Root"]["/Lang"] == "kk-KZ"
    assert ru_pdf.trailer["/Root"]["/Lang"] == "ru-RU"
    width, height = kk_pdf.pages[0].mediabox.width, kk_pdf.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 portrait, points
    width, height = ru_pdf.pages[0].mediabox.width, ru_pdf.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # landscape


def test_pdf_russian_protocol(ru_pdf):
    text = " ".join(page_texts(ru_pdf))
    for part in (
        "Приложение 5 к Методике оценки деятельности",
        "Форма",
        "«УТВЕРЖДАЮ»",
        "Должностное лицо",
        "(фамилия, инициалы)",
        "дата ___",
        "подпись ___",
        "Протокол заседания комиссии по оценке",
        "Государственный орган: Министерство финансов",
        "Результаты оценки",
        *RU_COLUMNS,
        "Асанов Асан Асанович",
        f"Қасымова Әйгерім ({KAZAKH})",
        "Заключение комиссии: ___",
        "Проверено:",
        "Председатель комиссии",
        "(фамилия, инициалы, подпись)",
        "Член комиссии",
        "Петров П.П.",
        "дата 03.02.2025",
        "1/1",
    ):
        assert part in text, part


def test_pdf_a_row_taller_than_a_page_is_continued():
    words = " ".join(f"сөз{i}" for i in range(2500))
    form = Form(
        lang="kk",
        annex="",
        title="Құзыреттердің мінез-құлық индикаторлары",
        tables=(
            Table(
                columns=("Құзыреттер атауы", "Тиімді", "Тиімсіз"),
                rows=(("ЫНТЫМАҚТАСТЫҚ", words, "қысқа"), ("АДАЛДЫҚ", "иә", "жоқ")),
                widths=(1, 2, 2),
            ),
        ),
    )
    reader = PdfReader(io.BytesIO(render(form, "pdf")))
    texts = page_texts(reader)
    assert len(texts) > 2
    everything = " ".join(texts)
    assert re.findall(r"сөз\d+", everything) == [f"сөз{i}" for i in range(2500)]
    for text in texts:
        assert "Құзыреттер атауы" in text  # the header on every page
    assert "АДАЛДЫҚ" in texts[-1]


def test_minimal_form_renders():
    form = Form(lang="ru", annex="", title="Акт об отказе", body=("Текст акта.",))
    pdf = PdfReader(io.BytesIO(render(form, "pdf")))
    assert "Акт об отказе" in pdf.pages[0].extract_text()
    document = docx.Document(io.BytesIO(render(form, "docx")))
    assert [p.text for p in document.paragraphs] == ["Акт об отказе", "Текст акта."]


def test_without_page_numbers_or_annex():
    form = Form(lang="kk", annex="  ", title="Бас тарту актісі", page_numbers=False)
    pdf = PdfReader(io.BytesIO(render(form, "pdf")))
    assert flat(pdf.pages[0].extract_text()) == "Бас тарту актісі"
    document = docx.Document(io.BytesIO(render(form, "docx")))
    assert "PAGE" not in document.sections[0].footer._element.xml
    assert [p.text for p in document.paragraphs] == ["Бас тарту актісі"]


# --- fonts -----------------------------------------------------------------------------------


def test_static_fonts_are_instantiated_once():
    from fontTools.ttLib import TTFont

    regular, bold = fonts.static_font(""), fonts.static_font("B")
    assert regular != bold
    assert regular.exists()
    assert bold.exists()
    assert fonts.static_font("B") == bold  # cached
    for path, weight in ((regular, 400), (bold, 700)):
        font = TTFont(path)
        assert "fvar" not in font  # a static instance, not the variable font
        assert font["OS/2"].usWeightClass == weight
        cmap = font.getBestCmap()
        assert all(ord(letter) in cmap for letter in KAZAKH_LETTERS)
    with pytest.raises(ValueError, match="no font style"):
        fonts.static_font("I")
