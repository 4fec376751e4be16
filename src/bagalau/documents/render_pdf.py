"""Draw any `Form` as a PDF with fpdf2: A4, the Noto Serif font embedded (subset), laid out
like the law's forms.

Top right: the annex reference and the "APPROVED" block; the title centered in bold; the field
lines; free paragraphs; the tables (header row repeated on every page, cells wrapping, a row
taller than a page continued over several); the results; the footnotes in smaller type; the
signatures (role, name or a blank line over its hint, date, signature line). A draft carries
its mark (`Form.draft_mark`) as light large diagonal text on every page and a line at the top;
pages are numbered "page/total" at the bottom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableHeadingsDisplay, VAlign, XPos, YPos

from bagalau.documents.fonts import PDF_FAMILY, pdf_fonts
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
    language_tag,
    short_columns,
    signature_columns,
    signature_lines,
    signature_row_shares,
)

# Millimetres (the page's margins are render.py's, shared with the DOCX)
GAP = 10  # between signature blocks side by side

# Points
SIZE_TEXT = 12
SIZE_TITLE = 13
SIZE_TABLE = 10
SIZE_SMALL = 9  # footnotes, the annex reference, page numbers
SIZE_HINT = 8  # the bracketed hint under a name line
SIZE_DRAFT = 96

PT = 25.4 / 72  # millimetres in a point
LEADING = 1.25  # line height / font size
PADDING = (1.0, 1.2)  # a table cell's vertical and horizontal padding
DRAFT_GREY = 222


def line_height(size: float) -> float:
    return size * PT * LEADING


class _FormPDF(FPDF):
    """FPDF with the form's running header (the draft mark) and footer (page numbers)."""

    def __init__(self, form: Form) -> None:
        landscape = bool(form.extra.get("landscape"))
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.form = form
        for style, path in pdf_fonts().items():
            self.add_font(PDF_FAMILY, style, path)
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(True, MARGIN_BOTTOM)
        self.c_margin = 0
        self.set_title(form.title)
        self.set_lang(language_tag(form))
        self.set_creator("bagalau")
        if form.annex:
            self.set_subject(" ".join(annex_lines(form)))

    def header(self) -> None:
        form = self.form
        if not (form.draft and form.draft_mark):
            return
        x, y = self.x, self.y
        # Drawn first, so under the page's content: large light diagonal text.
        self.set_font(PDF_FAMILY, "B", SIZE_DRAFT)
        self.set_text_color(DRAFT_GREY)
        width = self.get_string_width(form.draft_mark)
        cx, cy = self.w / 2, self.h / 2
        with self.rotation(angle=45 if self.w < self.h else 30, x=cx, y=cy):
            self.text(cx - width / 2, cy + SIZE_DRAFT * PT / 3, form.draft_mark)
        # …and a line at the top, which a text extractor and a grey print both keep.
        self.set_font(PDF_FAMILY, "B", SIZE_SMALL)
        self.set_text_color(120)
        self.set_xy(self.l_margin, 6)
        self.cell(self.epw, line_height(SIZE_SMALL), form.draft_mark, align="C")
        self.set_text_color(0)
        self.set_xy(x, y)

    def footer(self) -> None:
        if not self.form.page_numbers:
            return
        self.set_y(-12)
        self.set_font(PDF_FAMILY, "", SIZE_SMALL)
        self.set_text_color(0)
        self.cell(self.epw, line_height(SIZE_SMALL), f"{self.page_no()}/{{nb}}", align="C")


def render_pdf(form: Form) -> bytes:
    """The PDF of `form`."""
    pdf = _FormPDF(form)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(PDF_FAMILY, "", SIZE_TEXT)
    _top_right(pdf, form)
    _title(pdf, form)
    for label, value in form.fields:
        _field(pdf, label, value)
    if form.fields:
        pdf.ln(2)
    for paragraph in form.body:
        _paragraph(pdf, paragraph)
    for table in form.tables:
        _table(pdf, table)
    for label, value in form.results:
        _field(pdf, label, value)
    if form.results:
        pdf.ln(2)
    _footnotes(pdf, form.footnotes)
    _signatures(pdf, form)
    return bytes(pdf.output())


# --- the parts of the page -----------------------------------------------------------------


def _lines(pdf: FPDF, x: float, w: float, text: str, size: float, style: str = "", align="L"):
    pdf.set_font(PDF_FAMILY, style, size)
    pdf.set_x(x)
    pdf.multi_cell(w, line_height(size), text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _top_right(pdf: FPDF, form: Form) -> None:
    width = min(RIGHT_BLOCK, pdf.epw / 2)
    x = pdf.w - pdf.r_margin - width
    lines = annex_lines(form)
    for line in lines:
        _lines(pdf, x, width, line, SIZE_TEXT - 1, align="C")
    if lines:
        pdf.ln(3)
    if form.approval:
        approval = form.approval
        _lines(pdf, x, width, approval.heading, SIZE_TEXT, "B")
        pdf.ln(1)
        _lines(pdf, x, width, approval.signature.role, SIZE_TEXT)
        _signature_block(pdf, x, width, approval.signature, form)
        pdf.ln(4)
    if lines or form.approval:
        pdf.ln(4)


def _title(pdf: FPDF, form: Form) -> None:
    _lines(pdf, pdf.l_margin, pdf.epw, form.title, SIZE_TITLE, "B", align="C")
    pdf.ln(4)


def _field(pdf: FPDF, label: str, value: str) -> None:
    label, value = field_text(label, value)
    height = line_height(SIZE_TEXT)
    if not label:  # a line of its own under the title: "2025 жыл"
        _lines(pdf, pdf.l_margin, pdf.epw, value, SIZE_TEXT, align="C")
        return
    pdf.set_x(pdf.l_margin)
    pdf.set_font(PDF_FAMILY, "", SIZE_TEXT)
    pdf.write(height, label + " ")
    pdf.set_font(PDF_FAMILY, "B", SIZE_TEXT)
    pdf.write(height, value)
    pdf.set_font(PDF_FAMILY, "", SIZE_TEXT)
    pdf.ln(height + 1)


def _paragraph(pdf: FPDF, text: str) -> None:
    _lines(pdf, pdf.l_margin, pdf.epw, text, SIZE_TEXT, align="J")
    pdf.ln(2)


def _table(pdf: FPDF, table: Table) -> None:
    if table.caption:
        pdf.ln(1)
        _lines(pdf, pdf.l_margin, pdf.epw, table.caption, SIZE_TEXT, "B", align="C")
        pdf.ln(1)
    total = sum(table.widths)
    widths = [pdf.epw * w / total for w in table.widths]
    heading_size = _heading_size(pdf, table, widths)
    rows = _fit_rows(pdf, table, widths, heading_size)
    centered = short_columns(table)
    pdf.set_font(PDF_FAMILY, "", SIZE_TABLE)
    with pdf.table(
        col_widths=table.widths,
        width=pdf.epw,
        align="LEFT",
        line_height=line_height(SIZE_TABLE),
        text_align="LEFT",
        v_align=VAlign.T,
        padding=PADDING,
        headings_style=FontFace(emphasis="BOLD", size_pt=heading_size),
        repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
        first_row_as_headings=True,
        num_heading_rows=1,
    ) as drawn:
        heading = drawn.row(v_align=VAlign.M)
        for column in table.columns:
            heading.cell(column, align="C")
        for row in rows:
            line = drawn.row()
            for j, text in enumerate(row):
                line.cell(text, align="C" if j in centered else "L")
    pdf.set_font(PDF_FAMILY, "", SIZE_TEXT)
    pdf.ln(3)


def _heading_size(pdf: FPDF, table: Table, widths: Sequence[float]) -> float:
    """The size of the header row's bold text: the table's, or smaller (down to 8 pt) if a
    heading's word does not fit its column (fpdf2 would cut the word)."""
    for size in (SIZE_TABLE, SIZE_TABLE - 1, SIZE_TABLE - 2):
        pdf.set_font(PDF_FAMILY, "B", size)
        if all(
            pdf.get_string_width(word) <= width - 2 * PADDING[1] - 0.2
            for column, width in zip(table.columns, widths, strict=True)
            for word in column.split()
        ):
            return size
    return SIZE_TABLE - 2


def _fit_rows(
    pdf: FPDF, table: Table, widths: Sequence[float], heading_size: float
) -> list[tuple[str, ...]]:
    """The table's rows, a row too tall for a page cut into rows that each fit one (fpdf2
    draws a row on one page only): the first piece fills the rest of its page, the next ones
    a page each."""
    pdf.set_font(PDF_FAMILY, "", SIZE_TABLE)
    height = line_height(SIZE_TABLE)
    padding = 2 * PADDING[0]
    top, bottom = pdf.t_margin, pdf.page_break_trigger
    pdf.set_font(PDF_FAMILY, "B", heading_size)
    heading = padding + height * max(
        len(_wrap(pdf, text, w)) for text, w in zip(table.columns, widths, strict=True)
    )
    pdf.set_font(PDF_FAMILY, "", SIZE_TABLE)
    per_page = max(1, math.floor((bottom - top - heading - padding) / height) - 1)
    if not any(_may_exceed(pdf, row, widths, per_page) for row in table.rows):
        return list(table.rows)

    rows: list[tuple[str, ...]] = []
    y = pdf.y + heading  # where the next row starts, as fpdf2 will lay the rows out
    for row in table.rows:
        wrapped = [_wrap(pdf, text, w) if text else [] for text, w in zip(row, widths, strict=True)]
        lines = max(1, *(len(cell) for cell in wrapped))
        if y + padding + lines * height <= bottom:  # fits on this page
            rows.append(row)
            y += padding + lines * height
            continue
        if lines <= per_page:  # fits on the next page
            rows.append(row)
            y = top + heading + padding + lines * height
            continue
        room = math.floor((bottom - y - padding) / height) - 1
        sizes = [room] if room >= 3 else []
        while sum(sizes) < lines:
            sizes.append(per_page)
        start = 0
        for k, size in enumerate(sizes):
            rows.append(tuple("\n".join(cell[start : start + size]) for cell in wrapped))
            piece = padding + min(size, lines - start) * height
            y = y + piece if (k == 0 and room >= 3) else top + heading + piece
            start += size
    return rows


def _may_exceed(pdf: FPDF, row: Sequence[str], widths: Sequence[float], per_page: int) -> bool:
    """Whether a row may be taller than `per_page` lines: a cheap bound before wrapping."""
    for text, width in zip(row, widths, strict=True):
        inner = max(1.0, width - 2 * PADDING[1])
        estimate = 1.5 * pdf.get_string_width(text) / inner + 2 * text.count("\n") + 2
        if estimate > per_page:
            return True
    return False


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    return pdf.multi_cell(
        w=width,
        h=line_height(SIZE_TABLE),
        text=text,
        padding=PADDING,
        dry_run=True,
        output=MethodReturnValue.LINES,
    )


def _footnotes(pdf: FPDF, footnotes: Sequence[str]) -> None:
    for note in footnotes:
        _lines(pdf, pdf.l_margin, pdf.epw, note, SIZE_SMALL, align="J")
    if footnotes:
        pdf.ln(3)


def _signatures(pdf: FPDF, form: Form) -> None:
    if not form.signatures:
        return
    pdf.ln(4)
    if form.signatures_heading:
        pdf.set_font(PDF_FAMILY, "B", SIZE_TEXT)
        if pdf.will_page_break(line_height(SIZE_TEXT) * 6):
            pdf.add_page()
        _lines(pdf, pdf.l_margin, pdf.epw, form.signatures_heading, SIZE_TEXT, "B")
        pdf.ln(2)
    if signature_columns(form) == 1:
        for signature in form.signatures:
            _signature_row(pdf, signature, form)
        return
    width = (pdf.epw - GAP) / 2
    for k in range(0, len(form.signatures), 2):
        pair = form.signatures[k : k + 2]
        needed = max(_signature_height(pdf, width, s, form) for s in pair)
        if pdf.will_page_break(needed):
            pdf.add_page()
        top = pdf.y
        bottom = top
        for j, signature in enumerate(pair):
            pdf.set_y(top)
            x = pdf.l_margin + j * (width + GAP)
            _lines(pdf, x, width, signature.role, SIZE_TEXT)
            _signature_block(pdf, x, width, signature, form)
            bottom = max(bottom, pdf.y)
        pdf.set_y(bottom + 6)


def _signature_block(pdf: FPDF, x: float, width: float, signature: Signature, form: Form):
    """The lines of a signature under its role: name, hint, date, signature."""
    for kind, text in signature_lines(signature, form):
        if kind == "hint":
            _lines(pdf, x, width, text, SIZE_HINT)
        else:
            pdf.ln(1)
            _lines(pdf, x, width, _fitted(pdf, text, width, SIZE_TEXT), SIZE_TEXT)


def _fitted(pdf: FPDF, text: str, width: float, size: float) -> str:
    """`text` with its trailing blank shortened to keep it on one line of `width`."""
    pdf.set_font(PDF_FAMILY, "", size)
    return fit_blank(text, lambda t: pdf.get_string_width(t) <= width - 0.5)


def _signature_height(pdf: FPDF, width: float, signature: Signature, form: Form) -> float:
    pdf.set_font(PDF_FAMILY, "", SIZE_TEXT)
    lines = len(_measure(pdf, width, signature.role, SIZE_TEXT))
    height = lines * line_height(SIZE_TEXT)
    for kind, text in signature_lines(signature, form):
        size = SIZE_HINT if kind == "hint" else SIZE_TEXT
        height += len(_measure(pdf, width, text, size)) * line_height(size) + 1
    return height


def _measure(pdf: FPDF, width: float, text: str, size: float) -> list[str]:
    pdf.set_font(PDF_FAMILY, "", size)
    return pdf.multi_cell(
        w=width, h=line_height(size), text=text, dry_run=True, output=MethodReturnValue.LINES
    )


def _signature_row(pdf: FPDF, signature: Signature, form: Form) -> None:
    """One signature a line, as on the protocol: role | name over its hint | date | signature."""
    parts = dict(signature_lines(signature, form))
    shares = signature_row_shares("signature" in parts)
    widths = [share * pdf.epw for share in shares]
    name = [(_fitted(pdf, parts["name"], widths[1] - 2, SIZE_TEXT), SIZE_TEXT)]
    if "hint" in parts:
        name.append((parts["hint"], SIZE_HINT))
    columns = [
        (widths[0], [(signature.role, SIZE_TEXT)]),
        (widths[1], name),
        (widths[2], [(_fitted(pdf, parts["date"], widths[2] - 2, SIZE_TEXT), SIZE_TEXT)]),
    ]
    if "signature" in parts:
        text = _fitted(pdf, parts["signature"], widths[3] - 2, SIZE_TEXT)
        columns.append((widths[3], [(text, SIZE_TEXT)]))
    needed = max(
        sum(len(_measure(pdf, w - 2, t, s)) * line_height(s) for t, s in cells)
        for w, cells in columns
    )
    if pdf.will_page_break(needed + 4):
        pdf.add_page()
    top = pdf.y
    bottom = top
    x = pdf.l_margin
    for width, cells in columns:
        pdf.set_y(top)
        for text, size in cells:
            _lines(pdf, x, width - 2, text, size)
        bottom = max(bottom, pdf.y)
        x += width
    pdf.set_y(bottom + 4)
