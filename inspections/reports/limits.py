"""What the report reader accepts: file types, file size and number of requirements.

One list and one set of bounds for every entry point: the parse_report and import_reports
commands, the API upload and the import page (and the README, which repeats them).
"""

from pathlib import PurePath

from .errors import ReportParseError

# Ofsted's PDF, or its text as saved, pasted or converted (markdown, a saved web page).
ACCEPTED_SUFFIXES = (".pdf", ".txt", ".md", ".html", ".htm")
ACCEPTED_TYPES = "PDF, .txt, .md, .html or .htm"

# The five seed reports hold 7 to 10 requirements; an inadequate home's report may hold a few
# dozen. A hundred is far beyond any real report and far below what a pasted or generated
# file of citations produces (100,000 from a 3 MB file), which would flood the reminders.
MAX_REQUIREMENTS = 100
# Rows repeated word for word count once, so a table may hold more citations than that; past
# ten times the bound it is refused before it is read (reading 100,000 would take seconds).
MAX_CITATIONS_READ = 10 * MAX_REQUIREMENTS


def accepted_type_problem(name: str, head: bytes = b"") -> str | None:
    """Why a file of this name is not accepted, or None when it is.

    A PDF is told by its magic bytes (`head`, the file's first kilobyte), whatever its name;
    the text types by their suffix.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in ACCEPTED_SUFFIXES or b"%PDF-" in head[:1024]:
        return None
    shown = f"'{suffix}'" if suffix else "no suffix"
    return f"file type {shown} is not accepted (accepted: {ACCEPTED_TYPES})"


def check_size(*, size: int, max_bytes: int | None, source: str) -> None:
    """Refuse a file larger than `max_bytes` (None: no bound), before reading it."""
    if max_bytes is not None and size > max_bytes:
        raise ReportParseError(
            source,
            f"file is {shown_size(size)}; the limit is {shown_size(max_bytes)} (REPORT_MAX_BYTES)",
        )


def shown_size(size: int) -> str:
    """'20 MB', '1.5 MB' or '900 bytes'."""
    if size < 100_000:
        return f"{size:,} bytes"
    return f"{size / 1_048_576:.1f}".removesuffix(".0") + " MB"


def check_requirement_count(*, count: int, source: str) -> None:
    """Refuse an implausible number of (distinct) requirements rather than import them all."""
    _refuse_over(count, MAX_REQUIREMENTS, source, "the report holds {count} different requirements")


def check_citation_count(*, count: int, source: str) -> None:
    """Refuse a requirements table with far too many citations before reading it."""
    _refuse_over(
        count,
        MAX_CITATIONS_READ,
        source,
        "the requirements table holds {count} regulation citations",
        then="refused unread",
    )


def _refuse_over(count: int, limit: int, source: str, what: str, *, then: str = "refused"):
    if count > limit:
        raise ReportParseError(
            source,
            what.format(count=count) + f"; no real report holds more than {MAX_REQUIREMENTS} "
            f"requirements, so it is {then} (is it a report?)",
        )
