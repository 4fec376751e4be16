"""Draw a `Form` as a file: `render(form, "pdf" | "docx") -> bytes`, with the content type and
file name to serve it under. Also what both renderers share: the words they print themselves
(the "date" and "signature" labels of a signature line, in the form's language) and how a
date prints.

The renderers read a few optional layout hints from `Form.extra` (builders set them):
- "landscape": True to lay the pages out landscape (a form with a wide table);
- "signature_columns": 2 (the default: signature blocks side by side, two to a row, as on
  Annex 1) or 1 (one signature a line: role, name over its hint, date, signature line, as on
  the Annex 5 protocol);
- "labels": overrides of `LABELS[lang]` ({"date": "Күні:", "signature": ""}; an empty
  "signature" drops the signature line, for a form whose hint reads "(тегі, аты-жөні, қолы)").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bagalau.documents.layout import Form, Signature, Table

FORMATS = ("pdf", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx"}

# The words of a signature line the Form does not carry: the law's forms print "күні ____" and
# "қолы ____" under every signature; the Russian text "дата" and "подпись".
LABELS = {
    "kk": {"date": "күні", "signature": "қолы"},
    "ru": {"date": "дата", "signature": "подпись"},
}
# The languages as document metadata name them.
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}

# The page both renderers draw, in millimetres: A4's margins and the width of the annex line
# and the approval block at the top right.
MARGIN_LEFT = 20
MARGIN_RIGHT = 15
MARGIN_TOP = 15
MARGIN_BOTTOM = 18
RIGHT_BLOCK = 85

BLANK = "_" * 12  # a blank to fill in by hand after a label ("күні ____________")
NAME_BLANK = "_" * 28  # the line of a name to write in by hand


def render(form: Form, fmt: str) -> bytes:
    """The file of `form` in `fmt` ("pdf" or "docx")."""
    if fmt == "pdf":
        from bagalau.documents.render_pdf import render_pdf

        return render_pdf(form)
    if fmt == "docx":
        from bagalau.documents.render_docx import render_docx

        return render_docx(form)
    raise ValueError(f"unknown document format {fmt!r}; one of {', '.join(FORMATS)}")


def filename(form: Form, fmt: str) -> str:
    """The file name to serve the document under: "annex1-2025-asanov-kk.pdf"."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown document format {fmt!r}")
    return f"{form.filename or 'document'}{EXTENSIONS[fmt]}"


# --- shared by the renderers -------------------------------------------------------------


def labels(form: Form) -> dict[str, str]:
    """The date and signature labels of `form`'s signature lines."""
    return {**LABELS.get(form.lang, LABELS["ru"]), **form.extra.get("labels", {})}


def language_tag(form: Form) -> str:
    return LANGUAGE_TAGS.get(form.lang, form.lang)


def display_date(value: str) -> str:
    """An ISO date as the forms print it ("05.01.2025"); anything else as it is."""
    try:
        return date.fromisoformat(value[:10]).strftime("%d.%m.%Y") if value else ""
    except ValueError:
        return value


def signature_lines(signature: Signature, form: Form) -> list[tuple[str, str]]:
    """The lines of a signature block after the role, each (kind, text), kind one of
    "name" (the name, or a blank line to write it in), "hint" (the bracketed hint),
    "date" and "signature"."""
    words = labels(form)
    lines = [("name", signature.name or NAME_BLANK)]
    if signature.hint:
        lines.append(("hint", signature.hint))
    when = display_date(signature.date) or BLANK
    lines.append(("date", f"{words['date']} {when}".strip()))
    if words["signature"]:  # a form whose hint says "(… қолы)" signs on the name line
        lines.append(("signature", f"{words['signature']} {BLANK}"))
    return lines


def signature_columns(form: Form) -> int:
    columns = form.extra.get("signature_columns", 2)
    return 1 if columns == 1 else 2


def annex_lines(form: Form) -> list[str]:
    """The annex reference's lines ("\\n" in `Form.annex` breaks a line), then the form's
    own mark under it ("Нысан" / "Форма") when the builder gives one."""
    lines = [line.strip() for line in form.annex.splitlines() if line.strip()]
    mark = str(form.extra.get("form_mark") or "").strip()
    if mark and mark not in lines:
        lines.append(mark)
    return lines


def field_text(label: str, value: str) -> tuple[str, str]:
    """A field's label with its colon, and its value or a blank to fill in."""
    label = label.strip()
    if label and not label.endswith((":", "?")):
        label += ":"
    return label, value.strip() or BLANK


_NUMBER = re.compile(r"[\d\s.,:;%/+\-–№()]{1,12}")


def short_columns(table: Table) -> set[int]:
    """The columns of numbers and short marks ("1.", "95", "%", "С-3"): printed centered."""
    centered = set()
    for j in range(len(table.columns)):
        cells = [row[j].strip() for row in table.rows if row[j].strip()]
        if cells and all(len(cell) <= 3 or _NUMBER.fullmatch(cell) for cell in cells):
            centered.add(j)
    return centered


def fit_blank(text: str, fits: Callable[[str], bool], shortest: int = 6) -> str:
    """`text` with its trailing blank ("күні ____________") shortened until `fits(text)`: a
    blank to fill in by hand stays on the line of its label."""
    stem = text.rstrip("_")
    count = len(text) - len(stem)
    while count > shortest and not fits(stem + "_" * count):
        count -= 1
    return stem + "_" * count


def signature_row_shares(with_signature: bool) -> tuple[float, ...]:
    """The widths, as shares of the text width, of a one-line signature's columns: role,
    name over its hint, date and, if it has one, the signature line."""
    return (0.30, 0.30, 0.22, 0.18) if with_signature else (0.34, 0.36, 0.30)
