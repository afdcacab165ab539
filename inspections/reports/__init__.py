"""The report reader: an Ofsted children's home inspection report (PDF or text) to its extract.

Pure Python, no Django: text in, a plain JSON-able dict out (the fields of shared/EXTRACT.md).

    parse_file(path, max_bytes=None)  PDF (by its magic bytes) or text file -> extract
    parse_bytes(data, source=name)    the same for an upload's bytes
    parse_text(text, source=name)     report text -> extract
    extract_text(path)                PDF or text file -> text
    ReportParseError                  .source (file) and .problem (what was missing)
    ACCEPTED_SUFFIXES, ACCEPTED_TYPES the file types every entry point accepts
"""

from pathlib import Path

from .errors import ReportParseError
from .limits import (
    ACCEPTED_SUFFIXES,
    ACCEPTED_TYPES,
    MAX_REQUIREMENTS,
    accepted_type_problem,
    check_size,
)
from .parser import INSPECTION_KINDS, parse_text
from .pdf import extract_text, read_report_bytes, text_from_bytes

__all__ = [
    "INSPECTION_KINDS",
    "ACCEPTED_SUFFIXES",
    "ACCEPTED_TYPES",
    "MAX_REQUIREMENTS",
    "ReportParseError",
    "accepted_type_problem",
    "extract_text",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "text_from_bytes",
]


def parse_file(path: str | Path, *, max_bytes: int | None = None) -> dict:
    """The extract of a report file (PDF or text); files over `max_bytes` are refused unread."""
    path = Path(path)
    try:
        size = path.stat().st_size
        check_size(size=size, max_bytes=max_bytes, source=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ReportParseError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    return parse_bytes(data, source=str(path))


def parse_bytes(data: bytes, source: str = "<upload>", *, max_bytes: int | None = None) -> dict:
    """The extract of a report given as bytes (an upload, or a file's content)."""
    check_size(size=len(data), max_bytes=max_bytes, source=source)
    text, notes = read_report_bytes(data, source=source)
    return parse_text(text, source=source, notes=notes)
