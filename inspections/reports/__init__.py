"""The report reader: an Ofsted children's home inspection report (PDF or text) to its extract.

Pure Python, no Django: text in, a plain JSON-able dict out (the fields of shared/EXTRACT.md).

    parse_file(path)                  PDF (by its magic bytes) or text file -> extract
    parse_bytes(data, source=name)    the same for an upload's bytes
    parse_text(text, source=name)     report text -> extract
    extract_text(path)                PDF or text file -> text
    ReportParseError                  .source (file) and .problem (what was missing)
"""

from pathlib import Path

from .errors import ReportParseError
from .parser import parse_text
from .pdf import extract_text, text_from_bytes

__all__ = [
    "ReportParseError",
    "extract_text",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "text_from_bytes",
]


def parse_file(path: str | Path) -> dict:
    """The extract of a report file (PDF or text)."""
    return parse_text(extract_text(path), source=str(path))


def parse_bytes(data: bytes, source: str = "<upload>") -> dict:
    """The extract of a report given as bytes (an upload, or a file's content)."""
    return parse_text(text_from_bytes(data, source=source), source=source)
