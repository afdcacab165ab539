"""Render report text as a PDF like Ofsted's, so PDF input can be tested and timed.

Paragraphs flow over pages; a line with tabs is a table row whose cells are written one
after another (as word processors write table cells), split across pages where it must be;
every page has the report's footer and a page number. Only the core Helvetica font is used,
so characters it cannot encode are mapped to close ASCII.
"""

import datetime
import html
import re
import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

LINE_HEIGHT = 5.0
FONT_SIZE = 10
# A fixed date keeps the output byte-for-byte reproducible (for tests and benchmarks).
CREATION_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
# Two-cell rows are requirement tables (wide text, narrow due date); others share the width.
TWO_COLUMN_SHARES = (0.78, 0.22)

_ASCII_EQUIVALENTS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u2192": "->",
    }
)
_CELL_BREAK_RE = re.compile(r"<\s*br\s*/?\s*>|</\s*p\s*>\s*<\s*p[^<>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,300}>")
_MARKDOWN_RE = re.compile(r"\*\*|^#{1,6}\s*")
_URN_RE = re.compile(r"(?:Unique reference number\s*:?\s*|^\s*#?\s*)((?:SC|EY)\d{6}|\d{7})\b", re.M)


class _ReportPDF(FPDF):
    """A4 pages with the report's footer and page number."""

    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_creation_date(CREATION_DATE)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-16)
        self.set_font("Helvetica", size=8)
        self.cell(0, 4, self.footer_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, 4, str(self.page_no()), align="C")
        self.set_font("Helvetica", size=FONT_SIZE)


def render_report_pdf(text: str, path: str | Path) -> Path:
    """Write `text` as a multi-page PDF at `path` and return the path."""
    urn = _URN_RE.search(text)
    footer = "Inspection report for children's home: " + (urn.group(1) if urn else "")
    pdf = _ReportPDF(footer.strip())
    pdf.add_page()
    pdf.set_font("Helvetica", size=FONT_SIZE)
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = to_core_font(_MARKDOWN_RE.sub("", line))
        if "\t" in line:
            render_row(pdf, [clean_cell(cell) for cell in line.split("\t")])
        elif line.strip():
            pdf.multi_cell(0, LINE_HEIGHT, clean_cell(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.ln(LINE_HEIGHT / 2)
    path = Path(path)
    pdf.output(str(path))
    return path


def render_blank_pdf(path: str | Path) -> Path:
    """A one-page PDF with a drawn rectangle and no text layer (like a scan without OCR)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATION_DATE)
    pdf.add_page()
    pdf.rect(20, 20, 120, 60)
    path = Path(path)
    pdf.output(str(path))
    return path


def render_row(pdf: FPDF, cells: list[str]) -> None:
    """One table row: each cell's lines in turn, the row split over pages where needed."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    shares = TWO_COLUMN_SHARES if len(cells) == 2 else [1 / len(cells)] * len(cells)
    widths = [usable * share for share in shares]
    lines = [
        pdf.multi_cell(width, LINE_HEIGHT, cell, dry_run=True, output="LINES") if cell else [""]
        for width, cell in zip(widths, cells, strict=True)
    ]
    total = max(len(cell_lines) for cell_lines in lines)
    done = 0
    while done < total:
        room = int((pdf.page_break_trigger - pdf.get_y()) // LINE_HEIGHT)
        if room <= 0:
            pdf.add_page()
            continue
        take = min(room, total - done)
        top, x = pdf.get_y(), pdf.l_margin
        for width, cell_lines in zip(widths, lines, strict=True):
            pdf.set_xy(x, top)
            for line in cell_lines[done : done + take]:
                pdf.set_x(x)
                pdf.cell(width, LINE_HEIGHT, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
            x += width
        pdf.set_xy(pdf.l_margin, top + take * LINE_HEIGHT)
        done += take


def clean_cell(text: str) -> str:
    """What a reader sees of a cell: paragraphs on their own lines, no tags or entities."""
    text = _CELL_BREAK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    return to_core_font(html.unescape(text)).strip()


def to_core_font(text: str) -> str:
    """Text the core fonts can encode (Latin-1): other characters become close ASCII."""
    text = text.translate(_ASCII_EQUIVALENTS)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        return "".join(_latin1_char(char) for char in text)


def _latin1_char(char: str) -> str:
    if ord(char) < 256:
        return char
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return decomposed or "?"
