"""Draw any `Form` as a DOCX with python-docx, to edit in a word processor: A4, Times New Roman
12 pt (named for every script, so Cyrillic takes it too), laid out like the law's forms.

The annex reference and the "APPROVED" block are paragraphs indented to the right half of the
page; the title centered in bold; the field lines; free paragraphs; the tables ("Table Grid"
borders, fixed column widths, the header row marked to repeat on every page); the results;
the footnotes in smaller type; the signatures in a borderless table (role, name or a blank
line over its hint, date, signature line). A draft carries its mark (`Form.draft_mark`) in
the page header; the footer numbers the pages "PAGE/NUMPAGES".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from bagalau.documents.fonts import DOCX_FONT
from bagalau.documents.layout import Form, Signature, Table
from bagalau.documents.render import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    RIGHT_BLOCK,
    annex_lines,
    field_text,
    fit_blank,
    labels,
    language_tag,
    short_columns,
    signature_columns,
    signature_lines,
    signature_row_shares,
)

# Points
SIZE_TEXT = 12
SIZE_TITLE = 13
SIZE_TABLE = 10
SIZE_SMALL = 10  # footnotes, the annex reference
SIZE_HINT = 9

TABLE_STYLE = "Form Table Text"  # the paragraph style of table cells


def render_docx(form: Form) -> bytes:
    """The DOCX of `form`."""
    doc = Document()
    _page(doc, form)
    _styles(doc, form)
    _properties(doc, form)
    text_width = _text_width(doc)
    _top_right(doc, form, text_width)
    _title(doc, form)
    for label, value in form.fields:
        _field(doc, label, value)
    for paragraph in form.body:
        p = doc.add_paragraph(paragraph)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(10)
        p.paragraph_format.space_after = Pt(6)
    for table in form.tables:
        _table(doc, table, text_width)
    for label, value in form.results:
        _field(doc, label, value)
    for note in form.footnotes:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(3)
        _run(p, note, size=SIZE_SMALL)
    _signatures(doc, form, text_width)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the document ------------------------------------------------------------------------


def _page(doc, form: Form) -> None:
    section = doc.sections[0]
    landscape = bool(form.extra.get("landscape"))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    section.left_margin = Mm(MARGIN_LEFT)
    section.right_margin = Mm(MARGIN_RIGHT)
    section.top_margin = Mm(MARGIN_TOP)
    section.bottom_margin = Mm(MARGIN_BOTTOM)
    section.header_distance = Mm(7)
    section.footer_distance = Mm(7)
    if form.draft and form.draft_mark:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(form.draft_mark)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        _spacing(run, 120)  # letter-spaced: "Ж О Б А"
    if form.page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field_code(footer, "PAGE", "1")
        _run(footer, "/", size=SIZE_SMALL)
        _field_code(footer, "NUMPAGES", "1")


def _text_width(doc) -> int:
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _styles(doc, form: Form) -> None:
    """Times New Roman 12 pt for every script, the form's language, no spacing by default."""
    tag = language_tag(form)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(r_pr)
    lang = r_pr.find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), tag)
    for name in ("w:sz", "w:szCs"):  # half-points, for every script
        size = r_pr.find(qn(name))
        if size is not None:
            size.set(qn("w:val"), str(SIZE_TEXT * 2))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(SIZE_TEXT)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    table_text = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(SIZE_TABLE)
    for name in ("Header", "Footer"):
        _fonts(doc.styles[name].element.get_or_add_rPr())


def _fonts(r_pr) -> None:
    """Name the font for every script, the theme's fonts dropped (they would win)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), DOCX_FONT)


def _properties(doc, form: Form) -> None:
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = form.title
    props.language = language_tag(form)
    props.subject = " ".join(annex_lines(form))
    props.author = "bagalau"
    props.last_modified_by = "bagalau"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = now
    props.modified = now
    props.revision = 1


# --- the parts of the page -----------------------------------------------------------------


def _run(paragraph, text: str, *, bold: bool = False, size: float | None = None):
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)
    return run


def _spacing(run, twips: int) -> None:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    run._r.get_or_add_rPr().append(spacing)


def _field_code(paragraph, code: str, placeholder: str) -> None:
    """A field (PAGE, NUMPAGES) the word processor fills in."""

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {code} "
    instruction._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")
    for run in paragraph.runs:
        run.font.size = Pt(SIZE_SMALL)


def _right_paragraph(doc, text_width: int, block: int, align=WD_ALIGN_PARAGRAPH.LEFT):
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = text_width - block
    p.alignment = align
    return p


def _top_right(doc, form: Form, text_width: int) -> None:
    block = min(Mm(RIGHT_BLOCK), text_width // 2)
    lines = annex_lines(form)
    for line in lines:
        p = _right_paragraph(doc, text_width, block, WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, line, size=SIZE_TEXT - 1)
    if lines:
        doc.paragraphs[-1].paragraph_format.space_after = Pt(8)
    if form.approval:
        p = _right_paragraph(doc, text_width, block)
        _run(p, form.approval.heading, bold=True)
        p = _right_paragraph(doc, text_width, block)
        p.paragraph_format.space_before = Pt(3)
        _run(p, form.approval.signature.role)
        _signature_paragraphs(
            lambda: _right_paragraph(doc, text_width, block),
            form.approval.signature,
            form,
            block,
        )
    if lines or form.approval:
        doc.paragraphs[-1].paragraph_format.space_after = Pt(14)


def _title(doc, form: Form) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(10)
    p.paragraph_format.keep_with_next = True
    _run(p, form.title, bold=True, size=SIZE_TITLE)


def _field(doc, label: str, value: str) -> None:
    label, value = field_text(label, value)
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(3)
    if not label:  # a line of its own under the title: "2025 жыл"
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, value)
        return
    _run(p, label + " ")
    _run(p, value, bold=True)


def _table(doc, table: Table, text_width: int) -> None:
    if table.caption:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.space_after = Pt(4)
        p.paragraph_format.keep_with_next = True
        _run(p, table.caption, bold=True)
    elif doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.space_after = Pt(6)
    total = sum(table.widths)
    widths = [int(text_width * w / total) for w in table.widths]
    centered = short_columns(table)
    style_id = doc.styles[TABLE_STYLE].style_id  # set as an id: python-docx looks a style up slowly

    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(grid, widths)

    heading = grid.rows[0]
    _repeat_header(heading)
    for j, (cell, text) in enumerate(zip(heading.cells, table.columns, strict=True)):
        cell.width = widths[j]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p._p.get_or_add_pPr().style = style_id
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, bold=True, size=_heading_size(text, widths[j]))
    for row in table.rows:
        tr = grid.add_row()._tr  # cells get the grid's widths
        for j, (tc, text) in enumerate(zip(tr.tc_lst, row, strict=True)):
            p = _Cell(tc, grid).paragraphs[0]
            p._p.get_or_add_pPr().style = style_id
            if j in centered:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                p.add_run(text)  # "\n" becomes a line break
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(4)


def _fixed_layout(grid, widths: Sequence[int]) -> None:
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    tbl_pr = grid._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths) // 635))  # EMU to twentieths of a point


def _heading_size(text: str, width_emu: int) -> float:
    """The largest size (10, 9 or 8 pt) at which the heading's longest word fits its column,
    as the PDF does: a narrow column ("Жоспарлы мәні") should not break a word in two. Bold
    serif letters average about 0.6 em."""
    longest = max((len(word) for word in text.split()), default=0)
    room = width_emu / 12700 - 8  # points, less the cell's padding
    for size in (SIZE_TABLE, SIZE_TABLE - 1, SIZE_TABLE - 2):
        if longest * size * 0.6 <= room:
            return size
    return SIZE_TABLE - 2


def _repeat_header(row) -> None:
    """Mark a table row as its header: the word processor repeats it on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _signature_paragraphs(new_paragraph, signature: Signature, form: Form, width: int) -> None:
    """The lines of a signature under its role: name, hint, date, signature; each a paragraph
    made by `new_paragraph()`, `width` (EMU) wide."""
    for kind, text in signature_lines(signature, form):
        p = new_paragraph()
        p.paragraph_format.keep_with_next = True
        if kind == "hint":
            _run(p, text, size=SIZE_HINT)
        else:
            p.paragraph_format.space_before = Pt(4)
            _run(p, _fitted(text, width))


def _fitted(text: str, width: int, size: float = SIZE_TEXT) -> str:
    """`text` with its trailing blank shortened to keep it on one line of `width` (EMU), by
    Times New Roman's widths: about half an em a letter, an underscore exactly half."""
    limit = width * 0.92 / 12700  # points
    return fit_blank(text, lambda t: len(t) * size * 0.5 <= limit)


def _signatures(doc, form: Form, text_width: int) -> None:
    if not form.signatures:
        return
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.keep_with_next = True
    if form.signatures_heading:
        _run(p, form.signatures_heading, bold=True)
        p.paragraph_format.space_after = Pt(6)
    if signature_columns(form) == 1:
        _signature_rows(doc, form, text_width)
        return
    half = text_width // 2
    grid = doc.add_table(rows=0, cols=2)
    _fixed_layout(grid, [half, text_width - half])
    for k in range(0, len(form.signatures), 2):
        row = grid.add_row()
        _cant_split(row)
        for cell, signature in zip(row.cells, form.signatures[k : k + 2], strict=False):
            _signature_cell(cell, signature, form, half)
            cell.paragraphs[-1].paragraph_format.space_after = Pt(14)


def _signature_cell(cell: _Cell, signature: Signature, form: Form, width: int) -> None:
    first = cell.paragraphs[0]
    first.paragraph_format.keep_with_next = True
    _run(first, signature.role)
    _signature_paragraphs(cell.add_paragraph, signature, form, width)


def _signature_rows(doc, form: Form, text_width: int) -> None:
    """One signature a line, as on the protocol: role | name over its hint | date | signature."""
    with_signature = bool(labels(form)["signature"])
    widths = [int(text_width * share) for share in signature_row_shares(with_signature)]
    grid = doc.add_table(rows=0, cols=len(widths))
    _fixed_layout(grid, widths)
    for signature in form.signatures:
        parts = dict(signature_lines(signature, form))
        row = grid.add_row()
        _cant_split(row)
        cells = row.cells
        _run(cells[0].paragraphs[0], signature.role)
        _run(cells[1].paragraphs[0], _fitted(parts["name"], widths[1]))
        if "hint" in parts:
            _run(cells[1].add_paragraph(), parts["hint"], size=SIZE_HINT)
        _run(cells[2].paragraphs[0], _fitted(parts["date"], widths[2]))
        if with_signature:
            _run(cells[3].paragraphs[0], _fitted(parts["signature"], widths[3]))
        for cell in cells:
            cell.paragraphs[-1].paragraph_format.space_after = Pt(8)
