"""The action plan as CSV: one row per requirement, streamed, in a fixed number of queries.

Every cell is quoted, and any text a spreadsheet could run as a formula is defused (the
OWASP CSV-injection rule): an apostrophe goes before a cell that starts with = + - @ tab or
CR, and before any such character that follows a separator (, ; | tab or a line break)
inside the cell, because a spreadsheet that splits on another separator than ours would
otherwise start a new cell, and a formula, there.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from compliance.rules import Due, DueState, due_state
from compliance.selectors import requirements_with_last_note
from inspections.models import Requirement

COLUMNS = [
    "Home URN",
    "Home name",
    "Provider",
    "Inspection date",
    "Regulation",
    "Regulation title",
    "Citation",
    "Summary",
    "Requirement",
    "Due date",
    "Status",
    "Due state",
    "Compliance notice",
    "Owner",
    "Last note",
    "Last note date",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A separator (with any spaces after it), then a character that starts a formula.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;|\t\r\n][ ]*)(?=[=+\-@\t\r])")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _british(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def action_plan_rows(*, requirements: QuerySet[Requirement], today: dt.date) -> Iterator[list]:
    rows = requirements_with_last_note(requirements=requirements).select_related(
        "inspection__home__provider", "regulation", "owner"
    )
    for req in rows.iterator(chunk_size=2000):
        home = req.inspection.home
        state = due_state(status=req.status, due_date=req.due_date, today=today)
        yield [
            home.urn,
            home.name,
            home.provider.name,
            _british(req.inspection.start_date),
            req.regulation_id,
            req.regulation.title,
            req.citation,
            req.summary,
            req.text,
            _british(req.due_date),
            req.get_status_display(),
            _due_cell(state),
            "yes" if req.compliance_notice else "no",
            req.owner.name if req.owner else "",
            req.last_note or "",
            _british(timezone.localtime(req.last_note_at).date()) if req.last_note_at else "",
        ]


def _due_cell(state: DueState) -> str:
    """'Overdue (3 days overdue)'; just the label where the days add nothing."""
    if state.days_left is None or state.state in (Due.DUE_TODAY, Due.CLOSED):
        return state.label
    return f"{state.label} ({state.describe()})"


class _Echo:
    def write(self, value: str) -> str:
        return value


# A UTF-8 byte-order mark first: without it Excel reads the file as Windows-1252 and garbles
# names such as 'Zoë' or a '£'.
BOM = "\ufeff"


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield BOM + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])
