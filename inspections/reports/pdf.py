"""Turn a report file (PDF or text, as a path or bytes) into text.

PDFs are told by their magic bytes, not their suffix, and read with pypdfium2 (PDFium: fast,
and its text keeps reading order). Text files may be UTF-8 with or without a BOM, UTF-16 with
a BOM, or Windows-1252.
"""

import codecs
from pathlib import Path

import pypdfium2

from .dates import DATE_RE
from .errors import ReportParseError

PDF_MAGIC = b"%PDF-"
# The PDF header may follow some junk; readers look in the first kilobyte.
PDF_MAGIC_WINDOW = 1024


def extract_text(path: str | Path) -> str:
    """The text of a report file: PDF text layer, or the decoded text file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReportParseError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    return text_from_bytes(data, source=str(path))


def text_from_bytes(data: bytes, source: str = "<bytes>") -> str:
    """The text of a report given as bytes."""
    if is_pdf(data):
        return pdf_text(data, source)
    return decode_text(data, source)


def is_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:PDF_MAGIC_WINDOW]


def pdf_text(data: bytes, source: str) -> str:
    """All pages' text, pages separated by a blank line; an error for a PDF without text."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ReportParseError(source, f"cannot open PDF (corrupt or encrypted): {exc}") from exc
    try:
        pages = [page_text(document, index) for index in range(len(document))]
    except pypdfium2.PdfiumError as exc:
        raise ReportParseError(source, f"cannot read PDF pages (corrupt): {exc}") from exc
    finally:
        document.close()
    if not pages:
        raise ReportParseError(source, "PDF has no pages")
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReportParseError(source, "PDF has no text layer (scanned?)")
    return text


def page_text(document: pypdfium2.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return mark_cell_gaps(textpage, textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


# PDFium writes a space of no width where two pieces of text are apart on one line; one wider
# than this many character heights is the gap between two table cells, not a word space.
CELL_GAP_HEIGHTS = 0.6


def mark_cell_gaps(textpage: pypdfium2.PdfTextPage, text: str) -> str:
    """A tab for the space between a date and the text beside it where they are two cells.

    PDFium joins the cells of a table row on one line with a single space ('employ an
    individual to 13/10/2017'), so a due date looks like a date inside the sentence. Where a
    date is next to a space, the characters' positions tell a cell gap from a word space.
    Only the spaces around dates are measured: a few look-ups a page.
    """
    if textpage.count_chars() != len(text):
        return text  # characters and text offsets do not line up (surrogate pairs)
    chars = list(text)
    for match in DATE_RE.finditer(text):
        for space in (match.start() - 1, match.end()):
            if 0 < space < len(text) - 1 and text[space] == " " and is_cell_gap(textpage, space):
                chars[space] = "\t"
    return "".join(chars)


def is_cell_gap(textpage: pypdfium2.PdfTextPage, space: int) -> bool:
    """True when the space at `space` was generated between two text runs far apart."""
    left, _, right, _ = textpage.get_charbox(space)
    if right - left > 0.01:
        return False  # a space the PDF itself holds: a word space
    before, after = textpage.get_charbox(space - 1), textpage.get_charbox(space + 1)
    height = max(before[3] - before[1], after[3] - after[1])
    same_line = abs(before[1] - after[1]) < height
    return height > 0 and same_line and after[0] - before[2] > CELL_GAP_HEIGHTS * height


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252; binary data is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise ReportParseError(source, "not a text or PDF file (binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
