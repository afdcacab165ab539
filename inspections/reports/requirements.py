"""Read the statutory requirements table: regulation, citation, due date, compliance notice,
text and detail of each requirement.

The table is two columns (requirement, due date), but it reaches us in many shapes: one row per
requirement with the date after the citation; the date on the requirement's first row and the
citation many rows later; PDF text with the cells interleaved and page footers between them;
'12: The protection of children standard' headings before each requirement. Line positions
cannot be trusted, so the table is read as a stream of anchors (regulation citations, due dates,
'N: Title' headings and '*' compliance marks) and each citation is paired with one due date
next to it, before or after, choosing the pairing that leaves the fewest citations without a
date and best fits the text between them.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .dates import DATE_RE, iso_from_match
from .regulations import REGULATION_TITLES
from .text import collapse, has_words


@dataclass
class Citation:
    start: int
    end: int
    regulation: int
    text: str
    starred: bool


@dataclass
class DueDate:
    start: int
    end: int
    iso: str


@dataclass
class Heading:
    start: int
    end: int
    regulation: int
    starred: bool


@dataclass
class TableReading:
    """A requirements table as read: its requirements (extract dicts, in report order) and
    warnings for what it could not place (a requirement with no due date, a stray date)."""

    requirements: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# '(Regulation 12', 'Regulation 5' then the sub-paragraphs '(1)(a)(ii)' read one by one below,
# which keeps the pattern free of nested repetition (and so of catastrophic backtracking).
CITATION_START_RE = re.compile(r"(?P<open>\(\s*)?\bRegulations?\s+(?P<number>\d{1,2})(?![\d])")
SUBSECTION_RE = re.compile(r"\s*\(\s*(\d{1,3}[A-Za-z]?|[a-z]{1,6}|[A-Z])\s*\)")
JOINER_RE = re.compile(r"\s*(and|&|,)\s*")
CLOSING_PAREN_RE = re.compile(r"\s*\)")
# The '*' right after a citation or heading; a wrapped one may stand at the next line's start,
# where '* word' would be a markdown bullet instead.
STAR_AFTER_RE = re.compile(r"[ \t]*\*(?![*A-Za-z])|[ \t]*\n\s*\*(?!\s*[A-Za-z*])")
# Two citations with only punctuation between them cite one requirement.
CITATION_GLUE_RE = re.compile(r"[\s,;&]*+(?:and)?[\s,;&]*+")

# '6: The quality and purpose of care standard' at a row start or right after a citation.
# (Spaces are allowed only after a line start: a '[ \t]*' after the lookbehinds would rescan
# every run of tabs from each of its positions.)
HEADING_RE = re.compile(
    r"(?:^[ \t]*|(?<=[)\t])|(?<=\)[ \t]))(?P<number>\d{1,2})[ \t]*:(?:[ \t]+|[ \t]*\n[ \t]*)"
    r"(?=[A-Z])",
    re.MULTILINE,
)

# A '*' that marks a compliance notice: not a bold marker, not a word's footnote letter.
STAR_RE = re.compile(r"(?<!\*)\*(?![*A-Za-z])")
# A date written inside prose ('after 1st April 2014', 'by 12 May 2020') is not a due date.
# Only one space may separate the word and the date: a tab, a line break or a run of spaces
# (a line ending 'care from  ' in pasted text) is a cell boundary. '\Z', not '$': '$' also
# matches before a final line break, which let 'from\n25 October 2020' pass as prose.
PROSE_BEFORE_DATE_RE = re.compile(
    r"\b(?:on|by|since|from|before|after|until|till|of|in|between|and|to|dated|at|during|than"
    r"|within|date),? ?\Z",
    re.IGNORECASE,
)
# Date-shaped OCR noise in a due-date cell ('12,03,2013'), dropped from requirement text.
DATE_NOISE_RE = re.compile(r"(?<!\S)\d{1,2}[,;:]\d{1,2}[,;:]\d{2,4}(?!\S)")
# The inspector's note under a requirement: 'This specifically relates to ...'.
# A wrapped line may break anywhere before the verb ('This particularly' / 'refers to'): one
# line break is allowed there, a blank line or a cell boundary is not.
DETAIL_START_RE = re.compile(
    r"(?:This|It|These)\b(?:[^.\n\t]|\n(?![ \t]*\n)){0,40}?\b(?:relates?|refers?|regards?"
    r"|in\s+relation|is\s+about|concerns?|applies)\b"
)
DETAIL_CONTINUATION_RE = re.compile(
    r"(?:Also|Additionally|In addition|Furthermore|Further|And|Including|For example|That)\b"
    r"|[a-z(]"
)
CHUNK_BOUNDARY_RE = re.compile(r"\t+|\n[ \t]*\n\s*|(?<=[.;:!?])[ \t]*\n")
# 'Due date' may wrap in a narrow column ('Requirement Due' / 'date'), and a text export puts
# each header cell on a line of its own.
TABLE_HEADER_RE = re.compile(
    r"^[ \t]*Requirements?(?:[ \t]+|[ \t]*\n[ \t]*)Due(?:[ \t]+|[ \t]*\n[ \t]*)dates?[ \t]*$",
    re.M | re.I,
)
BULLET_TEXT_RE = re.compile(r"[ \t]+[A-Za-z]")

# Pairing costs: a citation left without a date costs far more than any imperfect pairing.
UNMATCHED_CITATION_COST = 100.0
GOOD_FIT, POOR_FIT, BAD_FIT = 0.0, 1.5, 3.0


def read_requirements_table(region: str, check_count=None) -> TableReading:
    """Requirements from the text of the table (after its 'Requirement / Due date' header).

    `check_count(n)` may refuse the table by its number of citations before it is read.
    """
    region = TABLE_HEADER_RE.sub("", region)
    citations = merge_adjacent_citations(region, find_citations(region))
    if check_count is not None:
        check_count(len(citations))
    headings = find_headings(region)
    dates = find_due_dates(region, citations)
    reading = TableReading()
    if not citations:
        return reading
    anchors = Anchors(region, dates, headings)
    leading, trailing = pair_dates(region, citations, anchors)
    adopt_dates_of_headings(citations, anchors, leading, trailing)
    paired = sorted(
        [*leading.values(), *trailing.values()], key=lambda d: d.start
    )  # never text, wherever they stand
    start = 0
    stars = [m.start() for m in STAR_RE.finditer(region) if not is_bullet(region, m.start())]
    for index, citation in enumerate(citations):
        next_start = citations[index + 1].start if index + 1 < len(citations) else len(region)
        tail_end, detail = read_detail(region, citation, trailing.get(index), next_start, anchors)
        lead = leading.get(index)
        due = lead or trailing.get(index)
        own_headings = anchors.headings_between(start, citation.start)
        starred = (
            citation.starred
            or any(h.starred for h in own_headings)
            or count_between(stars, start, tail_end) > 0
        )
        text = requirement_text(region, start, citation.start, paired, own_headings)
        reading.requirements.append(
            {
                "regulation": citation.regulation,
                "citation": citation.text,
                "due_date": due.iso if due else None,
                "compliance_notice": starred,
                "text": text,
                "detail": detail,
            }
        )
        if due is None:
            reading.warnings.append(
                f"requirement {index + 1} (Regulation {citation.regulation}): no due date found"
            )
        start = tail_end
    used = {id(d) for d in leading.values()} | {id(d) for d in trailing.values()}
    for date in dates:
        if id(date) not in used:
            reading.warnings.append(
                f"requirements table: due date {date.iso} is not next to any regulation citation"
            )
    return reading


def adopt_dates_of_headings(
    citations: list[Citation],
    anchors: "Anchors",
    leading: dict[int, DueDate],
    trailing: dict[int, DueDate],
) -> None:
    """A requirement left without a date whose 'N: Title' heading stands after the previous
    citation takes the nearest unpaired date before that heading.

    Drawn as a table, the row holding one requirement's last lines and the next one's heading
    has its due date beside the row's first line, so before the previous citation; the date
    is the heading's (the previous requirement has its own).
    """
    used = {id(d) for d in leading.values()} | {id(d) for d in trailing.values()}
    for index, citation in enumerate(citations):
        if index in leading or index in trailing or index == 0:
            continue
        own = anchors.headings_between(citations[index - 1].end, citation.start)
        if not own:
            continue
        since = citations[index - 2].end if index >= 2 else 0
        free = [d for d in anchors.dates if since <= d.start < own[0].start and id(d) not in used]
        if free:
            leading[index] = free[-1]
            used.add(id(free[-1]))


def find_citations(region: str) -> list[Citation]:
    """Every '(Regulation N(x)(y))' in the table, with its '*' mark if one follows it."""
    citations = []
    for match in CITATION_START_RE.finditer(region):
        citation = read_citation(region, match)
        if citation and (not citations or citation.start >= citations[-1].end):
            citations.append(citation)
    return citations


def read_citation(region: str, match: re.Match) -> Citation | None:
    """Read the sub-paragraphs after 'Regulation N'; None when it is only a mention in prose."""
    pos, parts = match.end(), []
    while True:
        sub = SUBSECTION_RE.match(region, pos)
        if sub:
            parts.append(f"({sub.group(1)})")
            pos = sub.end()
            continue
        joiner = JOINER_RE.match(region, pos)
        after_joiner = SUBSECTION_RE.match(region, joiner.end()) if joiner else None
        if parts and after_joiner:
            parts.append(" and " if joiner.group(1) in ("and", "&") else ", ")
            pos = joiner.end()
            continue
        break
    opened = bool(match.group("open"))
    if not parts and not opened:
        return None  # 'Regulation 12' in a sentence, not a citation
    if opened:
        closing = CLOSING_PAREN_RE.match(region, pos)
        pos = closing.end() if closing else pos
    star = STAR_AFTER_RE.match(region, pos)
    number = int(match.group("number"))
    return Citation(
        start=match.start(),
        end=star.end() if star else pos,
        regulation=number,
        text=f"Regulation {number}" + "".join(parts),
        starred=bool(star),
    )


def merge_adjacent_citations(region: str, citations: list[Citation]) -> list[Citation]:
    """'(Regulation 44(4)) and (Regulation 45(1))' with nothing between: one requirement."""
    merged: list[Citation] = []
    for citation in citations:
        previous = merged[-1] if merged else None
        gap = region[previous.end : citation.start] if previous else None
        if previous and CITATION_GLUE_RE.fullmatch(gap):
            previous.end = citation.end
            previous.text = f"{previous.text}; {citation.text}"
            previous.starred = previous.starred or citation.starred
        else:
            merged.append(citation)
    return merged


def find_headings(region: str) -> list[Heading]:
    """'N: Title' headings whose title is regulation N's title (so not any 'N:' in the text)."""
    headings = []
    for match in HEADING_RE.finditer(region):
        number = int(match.group("number"))
        title = REGULATION_TITLES.get(number)
        if not title:
            continue
        end = match_title(region, match.end(), title)
        if end is None:
            continue
        star = STAR_AFTER_RE.match(region, end)
        headings.append(
            Heading(match.start(), star.end() if star else end, number, starred=bool(star))
        )
    return headings


def match_title(region: str, pos: int, title: str) -> int | None:
    """End of `title` (or of its first three words) printed at `pos`, whatever the wrapping."""
    words = title.split()
    for count in (len(words), 3):
        pattern = r"\s+".join(re.escape(word) for word in words[:count])
        found = re.compile(pattern, re.IGNORECASE).match(region, pos)
        if found:
            return found.end()
    return None


def find_due_dates(region: str, citations: list[Citation]) -> list[DueDate]:
    """Dates that can be due dates: real dates not written inside a sentence."""
    citation_ends = [c.end for c in citations]
    dates = []
    for match in DATE_RE.finditer(region):
        iso = iso_from_match(match)
        if not iso or match.group("ord"):
            continue
        if PROSE_BEFORE_DATE_RE.search(region, max(0, match.start() - 16), match.start()):
            continue
        inside = bisect_left(citation_ends, match.start() + 1)
        if inside < len(citations) and citations[inside].start <= match.start():
            continue  # a number inside a citation
        dates.append(DueDate(match.start(), match.end(), iso))
    return dates


class Anchors:
    """Due dates and headings of the table, sorted, with fast look-ups by position."""

    def __init__(self, region: str, dates: list[DueDate], headings: list[Heading]):
        self.region = region
        self.dates = dates
        self.date_starts = [d.start for d in dates]
        self.headings = headings
        self.heading_starts = [h.start for h in headings]

    def headings_between(self, start: int, end: int) -> list[Heading]:
        low = bisect_left(self.heading_starts, start)
        return self.headings[low : bisect_left(self.heading_starts, end)]

    def heading_between(self, start: int, end: int) -> bool:
        return count_between(self.heading_starts, start, end) > 0

    def next_date_start(self, pos: int, skip: DueDate | None) -> int:
        """Start of the first date at or after `pos` other than `skip`."""
        index = bisect_left(self.date_starts, pos)
        if index < len(self.dates) and self.dates[index] is skip:
            index += 1
        return self.date_starts[index] if index < len(self.dates) else len(self.region)

    def next_heading_start(self, pos: int) -> int:
        index = bisect_left(self.heading_starts, pos)
        return self.heading_starts[index] if index < len(self.headings) else len(self.region)


def count_between(positions: list[int], start: int, end: int) -> int:
    """How many of the sorted `positions` lie in [start, end)."""
    return bisect_left(positions, end) - bisect_left(positions, start)


def pair_dates(
    region: str, citations: list[Citation], anchors: Anchors
) -> tuple[dict[int, DueDate], dict[int, DueDate]]:
    """Pair citations with due dates: ({index: date before it}, {index: date after it}).

    Between two citations the first date can close the earlier requirement (date after its
    citation) and the next can open the later one (date on its first row). A small dynamic
    programme over the gaps picks the pairing with the lowest cost.
    """
    citation_ends = [c.end for c in citations]
    gaps: list[list[DueDate]] = [[] for _ in range(len(citations) + 1)]
    for date in anchors.dates:
        gaps[bisect_left(citation_ends, date.start + 1)].append(date)
    # state: does the citation before the gap have a date? -> (cost, back-pointer)
    best: dict[bool, tuple[float, tuple | None]] = {True: (0.0, None)}
    for gap_index, gap_dates in enumerate(gaps):
        options = list(gap_options(region, citations, anchors, gap_index, gap_dates))
        candidates: dict[bool, tuple[float, tuple]] = {}
        for previous_dated, (cost, back) in best.items():
            for trail, lead, step in options:
                if trail is not None and previous_dated:
                    continue  # that citation already has its date
                if gap_index > 0 and not previous_dated and trail is None:
                    step += UNMATCHED_CITATION_COST
                total = cost + step
                dated = lead is not None
                if dated not in candidates or total < candidates[dated][0]:
                    candidates[dated] = (total, (back, trail, lead))
        best = candidates
    _, back = min(best.values(), key=lambda entry: entry[0])
    choices = []
    while back is not None:
        back, trail, lead = back
        choices.append((trail, lead))
    leading, trailing = {}, {}
    for gap_index, (trail, lead) in enumerate(reversed(choices)):
        if trail is not None:
            trailing[gap_index - 1] = trail
        if lead is not None:
            leading[gap_index] = lead
    return leading, trailing


def gap_options(region, citations, anchors, gap_index, gap_dates):
    """(date for the citation before the gap, date for the one after, fit cost) choices."""
    has_before = gap_index > 0
    has_after = gap_index < len(citations)
    since = citations[gap_index - 1].end if has_before else 0
    for take_trailing in (False, True):
        if take_trailing and not (has_before and gap_dates):
            continue
        remaining = gap_dates[1:] if take_trailing else gap_dates
        trail_cost = (
            trailing_fit(region, citations[gap_index - 1], gap_dates[0], anchors)
            if take_trailing
            else 0.0
        )
        yield (gap_dates[0] if take_trailing else None), None, trail_cost
        if has_after and remaining:
            lead_cost = leading_fit(region, since, remaining[0], anchors)
            yield (gap_dates[0] if take_trailing else None), remaining[0], trail_cost + lead_cost


def trailing_fit(region: str, citation: Citation, date: DueDate, anchors: Anchors) -> float:
    """How well a date after a citation fits as that requirement's due date."""
    if anchors.heading_between(citation.end, date.start):
        return BAD_FIT  # a new requirement's heading stands between them
    between = region[citation.end : date.start]
    detail_end = split_detail(between)[1]
    return GOOD_FIT if not has_words(between[detail_end:]) else POOR_FIT


def leading_fit(region: str, since: int, date: DueDate, anchors: Anchors) -> float:
    """How well a date before a citation fits as the due date on that requirement's first row."""
    if anchors.heading_between(since, date.start):
        return GOOD_FIT
    between = region[since : date.start]
    detail_end = split_detail(between)[1]
    return GOOD_FIT if has_words(between[detail_end:]) else POOR_FIT


def read_detail(
    region: str,
    citation: Citation,
    trailing: DueDate | None,
    next_citation_start: int,
    anchors: Anchors,
) -> tuple[int, str | None]:
    """(where this requirement ends, its 'This specifically relates to ...' detail or None)."""
    anchor = min(
        next_citation_start,
        anchors.next_date_start(citation.end, skip=trailing),
        anchors.next_heading_start(citation.end),
    )
    area = region[citation.end : anchor]
    if trailing and trailing.end <= anchor:
        # The date's cell is a boundary, not text: blank it out in place.
        offset = trailing.start - citation.end
        width = trailing.end - trailing.start
        area = area[:offset] + "\t" + " " * (width - 1) + area[offset + width :]
    detail, consumed = split_detail(area)
    end = citation.end + consumed
    if trailing and trailing.end <= anchor:
        end = max(end, trailing.end)
    star = STAR_AFTER_RE.match(region, end)
    return (star.end() if star else end), detail


def split_detail(area: str) -> tuple[str | None, int]:
    """(detail text, length of `area` it takes) for the text right after a citation.

    The detail is the run of paragraphs starting 'This specifically relates to ...' (and their
    continuations); whatever follows belongs to the next requirement.
    """
    chunks = list(iter_chunks(area))
    first = next((i for i, (start, end) in enumerate(chunks) if has_words(area[start:end])), None)
    if first is None or not DETAIL_START_RE.match(area[chunks[first][0] : chunks[first][1]]):
        return None, 0
    consumed = len(area)
    for start, end in chunks[first + 1 :]:
        chunk = area[start:end]
        if not has_words(chunk):
            continue
        if not (DETAIL_START_RE.match(chunk) or DETAIL_CONTINUATION_RE.match(chunk)):
            consumed = start
            break
    detail = collapse(STAR_RE.sub(" ", area[chunks[first][0] : consumed]))
    return detail or None, consumed


def iter_chunks(area: str):
    """(start, end) of the paragraphs and cells of `area`, each stripped of leading space."""
    pos = 0
    for boundary in CHUNK_BOUNDARY_RE.finditer(area):
        yield from stripped_span(area, pos, boundary.start())
        pos = boundary.end()
    yield from stripped_span(area, pos, len(area))


def stripped_span(area: str, start: int, end: int):
    """The span without leading whitespace and '*' marks, if anything is left."""
    while start < end and (area[start].isspace() or area[start] == "*"):
        start += 1
    if start < end:
        yield start, end


def requirement_text(
    region: str, start: int, end: int, paired: list[DueDate], headings: list[Heading]
) -> str:
    """The requirement's words: without due dates, 'N: Title' heading and '*' marks."""
    cuts = [(h.start, h.end) for h in headings]
    cuts += [(d.start, d.end) for d in paired if start <= d.start < end]
    pieces, pos = [], start
    for cut_start, cut_end in sorted(cuts):
        pieces.append(region[pos:cut_start])
        pos = max(pos, cut_end)
    pieces.append(region[pos:end])
    text = collapse(DATE_NOISE_RE.sub(" ", STAR_RE.sub(" ", " ".join(pieces))))
    return text.rstrip(" (")


def is_bullet(region: str, pos: int) -> bool:
    """A '* word' that starts a line is a markdown bullet, not a compliance-notice mark."""
    before = pos - 1
    while before >= 0 and region[before] in " \t":
        before -= 1
    starts_line = before < 0 or region[before] == "\n"
    return starts_line and bool(BULLET_TEXT_RE.match(region, pos + 1))
