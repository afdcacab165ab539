"""Turn a report file (PDF or text, as a path or bytes) into text.

PDFs are told by their magic bytes, not their suffix, and read with pypdfium2 (PDFium: fast,
and its text keeps reading order). Text files may be UTF-8 with or without a BOM, UTF-16 with
a BOM, or Windows-1252, or UTF-8 with stray Windows-1252 bytes (read byte by byte, with a
warning naming the lines).
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
    return read_report_bytes(data, source)[0]


def read_report_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, list[str]]:
    """(text, warnings about what of the file could not be read as it stands)."""
    if is_pdf(data):
        return pdf_text(data, source), []
    return decode_text_noting(data, source)


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
    """The text of a text file (see decode_text_noting for what it copes with)."""
    return decode_text_noting(data, source)[0]


def decode_text_noting(data: bytes, source: str) -> tuple[str, list[str]]:
    """(text, warnings): UTF-8 (BOM or not) or UTF-16 with a BOM; binary data is refused.

    A byte that is not UTF-8 is read on its own as Windows-1252 (a '\\x92' saved by an old
    editor is the apostrophe it meant), so one stray byte changes one character, never the
    whole file; each such line is named in a warning. A whole Windows-1252 file reads the
    same way, byte by byte.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        bad = text.count("\ufffd")
        return text, (
            [f"text: {bad} characters of the UTF-16 file could not be read"] if bad else []
        )
    if b"\x00" in data[:8192]:
        raise ReportParseError(source, "not a text or PDF file (binary data)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    return data.decode("utf-8", errors=_STRAY_BYTE_HANDLER), stray_byte_warnings(data)


def _read_stray_byte(error: UnicodeDecodeError) -> tuple[str, int]:
    """One byte that is not UTF-8, as the Windows-1252 character it most likely is."""
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="replace"), error.start + 1


_STRAY_BYTE_HANDLER = "report-stray-byte"
codecs.register_error(_STRAY_BYTE_HANDLER, _read_stray_byte)
# Lines named in a warning, at most; the count says how many more there were.
MAX_LINES_NAMED = 10


def stray_byte_warnings(data: bytes) -> list[str]:
    """Words for the lines holding bytes that are not UTF-8, and what became of them."""
    read, unreadable = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            decoded = line.decode("utf-8", errors=_STRAY_BYTE_HANDLER)
            (unreadable if "\ufffd" in decoded else read).append(number)
    warnings = []
    if read:
        warnings.append(
            f"text: bytes that are not UTF-8 on {len(read)} line(s) ({named_lines(read)}) "
            "were read as Windows-1252 characters; check them"
        )
    if unreadable:
        warnings.append(
            f"text: bytes on {len(unreadable)} line(s) ({named_lines(unreadable)}) could not "
            "be read as text and are shown as U+FFFD"
        )
    return warnings


def named_lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_LINES_NAMED])
    more = len(numbers) - MAX_LINES_NAMED
    return f"line {shown}" + (f" and {more} more" if more > 0 else "")
