"""Dates as Ofsted reports print them ('12 to 13 September 2017', '13/10/2017'), read to ISO."""

import datetime
import re

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
# Abbreviations map by their first three letters ('Sept' too).
_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ORDINAL = r"(?:st|nd|rd|th)"

# One date, worded or numeric. \s+ lets a rewrapped date span a line break.
DATE_RE = re.compile(
    rf"(?<![\w/.])(?P<day>\d{{1,2}})(?P<ord>{_ORDINAL})?\s+(?P<month>{_MONTH_WORD})\.?,?\s+"
    rf"(?P<year>\d{{4}})(?!\d)"
    r"|(?<![\w/.])(?P<nday>\d{1,2})(?P<sep>[/.-])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4})(?![\d/])",
    re.IGNORECASE,
)

# '12 to 13 September 2017', '23 and 24 November 2022', '30 September to 1 October 2019'.
DATE_RANGE_RE = re.compile(
    rf"(?P<d1>\d{{1,2}}){_ORDINAL}?(?:\s+(?P<m1>{_MONTH_WORD})(?:\s+(?P<y1>\d{{4}}))?)?"
    rf"\s*(?:to|and|until|-|\u2013|\u2014|&)\s*"
    rf"(?P<d2>\d{{1,2}}){_ORDINAL}?\s+(?P<m2>{_MONTH_WORD})\.?,?\s+(?P<y2>\d{{4}})(?!\d)",
    re.IGNORECASE,
)


def month_number(word: str) -> int | None:
    """'September', 'Sept' or 'sep' -> 9."""
    word = word.lower().rstrip(".")
    for name, number in MONTHS.items():
        if name.startswith(word[:3]) and (len(word) <= 4 or name == word):
            return number
    return None


def iso_date(year: int, month: int | None, day: int) -> str | None:
    """ISO text for a real calendar date, None for an impossible one (31 February)."""
    if month is None:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_from_match(match: re.Match) -> str | None:
    """ISO text of a DATE_RE match (worded or numeric)."""
    if match.group("day"):
        return iso_date(
            int(match.group("year")), month_number(match.group("month")), int(match.group("day"))
        )
    return iso_date(int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday")))


def parse_date(text: str) -> str | None:
    """The first date in `text` as ISO, or None."""
    for match in DATE_RE.finditer(text):
        iso = iso_from_match(match)
        if iso:
            return iso
    return None


def parse_date_span(text: str) -> tuple[str | None, str | None]:
    """(start, end) of 'Inspection dates: ...': a range, two dates, or one date for both."""
    head = text[:120]
    first_date = DATE_RE.search(head)
    range_match = DATE_RANGE_RE.search(head)
    # A range counts only when it starts no later than the first full date ('12 to 13 Sept').
    if range_match and (first_date is None or range_match.start() <= first_date.start()):
        end_month = month_number(range_match.group("m2"))
        start_month = (
            month_number(range_match.group("m1")) if range_match.group("m1") else end_month
        )
        end_year = int(range_match.group("y2"))
        start_year = int(range_match.group("y1")) if range_match.group("y1") else end_year
        if range_match.group("m1") and not range_match.group("y1") and start_month > end_month:
            start_year -= 1  # '30 December to 2 January 2020'
        start = iso_date(start_year, start_month, int(range_match.group("d1")))
        end = iso_date(end_year, end_month, int(range_match.group("d2")))
        if start and end:
            return start, end
    dates = [iso for iso in map(iso_from_match, DATE_RE.finditer(head)) if iso]
    if not dates:
        return None, None
    return dates[0], dates[1] if len(dates) > 1 else dates[0]
