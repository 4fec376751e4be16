"""A form of the methodology as a neutral layout, in one language: what the DOCX and the PDF
renderers both draw. Pure: standard library only.

A builder (`documents/forms.py`) turns the data of one document (a work plan, a KPI sheet,
a competency sheet, the Annex 4 rows of a position, a protocol, an act of refusal) into a
`Form` in Kazakh or Russian, laid out like the law's form; `documents/render_docx.py` and
`documents/render_pdf.py` draw any `Form`. Neither renderer knows which form it draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Signature:
    """A signature line: who signs in which capacity, and, once signed in the system, who and
    when. `name` is the person's surname and initials ("Асанов А.Б."); empty if unknown."""

    role: str  # "Қызметші", "Тікелей басшы", "Комиссияның төрағасы", …
    name: str = ""
    date: str = ""  # ISO date once signed or approved in the system, else ""
    signed: bool = False
    hint: str = ""  # the form's bracketed hint under the line: "(тегі, аты-жөні)"


@dataclass(frozen=True)
class Approval:
    """The "APPROVED" block at the top right ("БЕКІТЕМІН" / "УТВЕРЖДАЮ")."""

    heading: str  # "БЕКІТЕМІН"
    signature: Signature  # role = "Жоғары тұрған басшы" / "Лауазымды тұлға"


@dataclass(frozen=True)
class Table:
    """A table with exactly the columns of the law's form, in its order. `widths` are
    relative column widths (any positive numbers). Header rows repeat on every page."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    caption: str = ""  # a heading above the table ("Бағалау нәтижелері")

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.columns):
            raise ValueError("a width per column")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row has {len(row)} cells for {len(self.columns)} columns")


@dataclass(frozen=True)
class Form:
    """One document in one language."""

    lang: str  # "kk" | "ru"
    annex: str  # the top-right reference: "… бағалау әдістемесіне 1-қосымша"; "" for none
    title: str  # "«Б» корпусы мемлекеттік әкімшілік қызметшісінің жеке жұмыс жоспары"
    approval: Approval | None = None
    # Lines under the title, each a label and its value ("Қызметшінің лауазымы", "Маман")
    fields: tuple[tuple[str, str], ...] = ()
    tables: tuple[Table, ...] = ()
    # Lines after the tables, label and value ("Бағалау нәтижесі", "тиімді")
    results: tuple[tuple[str, str], ...] = ()
    footnotes: tuple[str, ...] = ()
    signatures_heading: str = ""  # "Тексерілді:" on the protocol
    signatures: tuple[Signature, ...] = ()
    draft: bool = False  # an unsigned or unapproved document: marked as a draft
    draft_mark: str = ""  # "ЖОБА" / "ПРОЕКТ"
    body: tuple[str, ...] = ()  # free paragraphs (the act of refusal's statement)
    page_numbers: bool = True
    filename: str = "document"  # without extension: "annex1-2025-asanov-kk"
    extra: dict = field(default_factory=dict, compare=False)
