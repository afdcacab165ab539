"""The action plan as a printable PDF (fpdf2): the same rows as the CSV, laid out for paper.

A4 landscape. The first page names the home or provider, and the date. Each requirement
shows its citation and summary, due date and due state, status, owner and latest note. Every
page has its number and the total in the footer, and the table's headings repeat on each
page. Text is set in DejaVu Sans (Debian's fonts-dejavu-core, installed in the image), so
any name prints. Without that font it falls back to Helvetica, whose Latin-1 set covers
'Zoë' and '£'; any other character prints as '?'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from compliance.api.action_plan import COLUMNS

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEADINGS = ("Requirement", "Due", "Status", "Owner", "Latest note")
WIDTHS = (105, 40, 28, 35, 65)  # mm, of the 273 mm between the margins
WITH_HOME = ("Home", *HEADINGS)
WIDTHS_WITH_HOME = (35, 85, 36, 26, 33, 58)
_AT = {name: i for i, name in enumerate(COLUMNS)}


class _Plan(FPDF):
    def __init__(self, *, footer_text: str):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.footer_text = footer_text
        self.family = "DejaVu" if (FONT_DIR / "DejaVuSans.ttf").exists() else "helvetica"
        if self.family == "DejaVu":
            self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()

    def text_of(self, value) -> str:
        text = "" if value is None else str(value)
        if self.family == "helvetica":
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, self.text_of(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def _cells(row: list, *, with_home: bool) -> list[str]:
    def cell(name):
        return row[_AT[name]] or ""

    requirement = f"{cell('Citation')}: {cell('Summary')}" if cell("Summary") else cell("Citation")
    if cell("Compliance notice") == "yes":
        requirement += " (compliance notice)"
    note = cell("Last note")
    if note and cell("Last note date"):
        note = f"{cell('Last note date')}: {note}"
    cells = [
        requirement,
        f"{cell('Due date') or 'No due date'}\n{cell('Due state')}",
        cell("Status"),
        cell("Owner") or "No owner",
        note,
    ]
    if with_home:
        home = cell("Home URN")
        if cell("Home name"):
            home = f"{cell('Home name')} ({home})"
        cells.insert(0, home)
    return cells


def action_plan_pdf(
    *, title: str, subtitle: str, rows: Iterable[list], today: dt.date, with_home: bool
) -> bytes:
    """The PDF's bytes. `title` names the home or provider; `subtitle` what it covers."""
    day = f"{today.day} {today:%B %Y}"
    pdf = _Plan(footer_text=f"Action plan: {title}, as of {day}")
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(0, 8, pdf.text_of(f"Action plan: {title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 10)
    pdf.multi_cell(0, 5, pdf.text_of(f"{subtitle}\nAs of {day}."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdf.family, "", 8.5)
    headings = WITH_HOME if with_home else HEADINGS
    count = 0
    with pdf.table(
        col_widths=WIDTHS_WITH_HOME if with_home else WIDTHS,
        text_align="LEFT",
        v_align="TOP",
        line_height=4.2,
        padding=1.2,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        repeat_headings=1,
    ) as table:
        table.row(list(headings))
        for row in rows:
            count += 1
            table.row([pdf.text_of(c) for c in _cells(row, with_home=with_home)])
    if not count:
        pdf.ln(2)
        pdf.set_font(pdf.family, "", 10)
        pdf.cell(0, 6, "Nothing is still to do.")
    return bytes(pdf.output())
