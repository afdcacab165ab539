"""Turn a report file (PDF or text, as a path or bytes) into text.

PDFs are told by their magic bytes, not their suffix, and read with pypdfium2 (PDFium: fast,
and its text keeps reading order). Text files may be UTF-8 with or without a BOM, UTF-16 with
a BOM, or Windows-1252.
"""

import codecs
from pathlib import Path

import pypdfium2

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
            return textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()


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
