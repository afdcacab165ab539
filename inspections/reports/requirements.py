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
from dataclasses import dataclass, field

from .dates import DATE_RE, iso_from_match
from .regulations import REGULATION_TITLES
from .text import collapse


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
    requirements: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# '(Regulation 12', 'Regulation 5' then the sub-paragraphs '(1)(a)(ii)' read one by one below,
# which keeps the pattern free of nested repetition (and so of catastrophic backtracking).
CITATION_START_RE = re.compile(r"(?P<open>\(\s*)?\bRegulations?\s+(?P<number>\d{1,2})(?![\d])")
SUBSECTION_RE = re.compile(r"\s*\(\s*(\d{1,3}[A-Za-z]?|[a-z]{1,6}|[A-Z])\s*\)")
JOINER_RE = re.compile(r"\s*(and|&|,)\s*")
CLOSING_PAREN_RE = re.compile(r"\s*\)")
STAR_AFTER_RE = re.compile(r"[ \t]*\*(?![*A-Za-z])")
# Two citations with only punctuation between them cite one requirement.
CITATION_GLUE_RE = re.compile(r"[\s,;&]*(?:and)?[\s,;&]*")

# '6: The quality and purpose of care standard' at a row start or right after a citation.
HEADING_RE = re.compile(
    r"(?:^|(?<=\))|(?<=\)[ \t])|(?<=\t))[ \t]*(?P<number>\d{1,2})[ \t]*:[ \t]+(?=[A-Z])",
    re.MULTILINE,
)
HEADING_STAR_RE = re.compile(r"[ \t]*\*(?![*A-Za-z])")

# A '*' that marks a compliance notice: not a bold marker, not a word's footnote letter.
STAR_RE = re.compile(r"(?<!\*)\*(?![*A-Za-z])")
# A date written inside prose ('after 1st April 2014', 'by 12 May 2020') is not a due date.
PROSE_BEFORE_DATE_RE = re.compile(
    r"\b(?:on|by|since|from|before|after|until|till|of|in|between|and|to|dated|at|during|than"
    r"|within|date)\s*,?\s*$",
    re.IGNORECASE,
)
# The inspector's note under a requirement: 'This specifically relates to ...'.
DETAIL_START_RE = re.compile(
    r"(?:This|It|These)\b[^.\n]{0,40}?\b(?:relates?|refers?|regards?|in relation|is about"
    r"|concerns?|applies)\b"
)
DETAIL_CONTINUATION_RE = re.compile(
    r"(?:Also|Additionally|In addition|Furthermore|Further|And|Including|For example|That)\b"
    r"|[a-z(]"
)
CHUNK_BOUNDARY_RE = re.compile(r"\t+|\n[ \t]*\n\s*|(?<=[.;:!?])[ \t]*\n")
TABLE_HEADER_RE = re.compile(r"^[ \t]*Requirements?[ \t]+Due[ \t]+dates?[ \t]*$", re.M | re.I)
HAS_WORDS_RE = re.compile(r"[A-Za-z]{2}")

# Pairing costs: a citation left without a date costs far more than any imperfect pairing.
UNMATCHED_CITATION_COST = 10.0
GOOD_FIT, POOR_FIT, BAD_FIT = 0.0, 1.5, 3.0


def read_requirements_table(region: str) -> TableReading:
    """Requirements from the text of the table (after its 'Requirement / Due date' header)."""
    region = TABLE_HEADER_RE.sub("", region)
    citations = merge_adjacent_citations(region, find_citations(region))
    headings = find_headings(region)
    dates = find_due_dates(region, citations)
    reading = TableReading()
    if not citations:
        return reading
    leading, trailing = pair_dates(region, citations, dates, headings)
    start = 0
    stars = [m.start() for m in STAR_RE.finditer(region) if not is_bullet(region, m.start())]
    for index, citation in enumerate(citations):
        next_start = citations[index + 1].start if index + 1 < len(citations) else len(region)
        tail_end, detail = read_detail(
            region, citation, trailing.get(index), next_start, dates, headings
        )
        lead = leading.get(index)
        due = lead or trailing.get(index)
        own_headings = [h for h in headings if start <= h.start < citation.start]
        starred = (
            citation.starred
            or any(h.starred for h in own_headings)
            or any(start <= pos < tail_end for pos in stars)
        )
        text = requirement_text(region, start, citation.start, lead, own_headings)
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
        star = HEADING_STAR_RE.match(region, end)
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
    dates = []
    for match in DATE_RE.finditer(region):
        iso = iso_from_match(match)
        if not iso or match.group("ord"):
            continue
        if PROSE_BEFORE_DATE_RE.search(region, max(0, match.start() - 16), match.start()):
            continue
        if any(c.start <= match.start() < c.end for c in citations):
            continue
        dates.append(DueDate(match.start(), match.end(), iso))
    return dates


def pair_dates(
    region: str, citations: list[Citation], dates: list[DueDate], headings: list[Heading]
) -> tuple[dict[int, DueDate], dict[int, DueDate]]:
    """Pair citations with due dates: ({index: date before it}, {index: date after it}).

    Between two citations the first date can close the earlier requirement (date after its
    citation) and the next can open the later one (date on its first row). A small dynamic
    programme over the gaps picks the pairing with the lowest cost.
    """
    gaps = [[] for _ in range(len(citations) + 1)]
    for date in dates:
        gap = sum(1 for c in citations if c.end <= date.start)
        gaps[gap].append(date)
    # best[state] = (cost, choices); state: does the citation before this gap have a date?
    best = {True: (0.0, [])}
    for gap_index, gap_dates in enumerate(gaps):
        has_before = gap_index > 0
        has_after = gap_index < len(citations)
        candidates: dict[bool, tuple[float, list]] = {}
        for previous_dated, (cost, choices) in best.items():
            for take_trailing in (False, True):
                if take_trailing and (previous_dated or not has_before or not gap_dates):
                    continue
                remaining = gap_dates[1:] if take_trailing else gap_dates
                for take_leading in (False, True):
                    if take_leading and (not has_after or not remaining):
                        continue
                    step = 0.0
                    if has_before and not previous_dated and not take_trailing:
                        step += UNMATCHED_CITATION_COST
                    if take_trailing:
                        before = citations[gap_index - 1]
                        step += trailing_fit(region, before, gap_dates[0], headings)
                    if take_leading:
                        after_end = citations[gap_index - 1].end if has_before else 0
                        step += leading_fit(region, after_end, remaining[0], headings)
                    choice = (
                        gap_dates[0] if take_trailing else None,
                        remaining[0] if take_leading else None,
                    )
                    total = (cost + step, [*choices, choice])
                    if take_leading not in candidates or total[0] < candidates[take_leading][0]:
                        candidates[take_leading] = total
        best = candidates
    _, choices = min(best.values(), key=lambda pair: pair[0])
    leading, trailing = {}, {}
    for gap_index, (trail, lead) in enumerate(choices):
        if trail is not None:
            trailing[gap_index - 1] = trail
        if lead is not None:
            leading[gap_index] = lead
    return leading, trailing


def trailing_fit(region: str, citation: Citation, date: DueDate, headings: list[Heading]) -> float:
    """How well a date after a citation fits as that requirement's due date."""
    if any(citation.end <= h.start < date.start for h in headings):
        return BAD_FIT  # a new requirement's heading stands between them
    between = region[citation.end : date.start]
    detail_end = split_detail(between)[1]
    return GOOD_FIT if not has_words(between[detail_end:]) else POOR_FIT


def leading_fit(region: str, since: int, date: DueDate, headings: list[Heading]) -> float:
    """How well a date before a citation fits as the due date on that requirement's first row."""
    if any(since <= h.start < date.start for h in headings):
        return GOOD_FIT
    between = region[since : date.start]
    detail_end = split_detail(between)[1]
    return GOOD_FIT if has_words(between[detail_end:]) else POOR_FIT


def read_detail(
    region: str,
    citation: Citation,
    trailing: DueDate | None,
    next_citation_start: int,
    dates: list[DueDate],
    headings: list[Heading],
) -> tuple[int, str | None]:
    """(where this requirement ends, its 'This specifically relates to ...' detail or None)."""
    stops = [next_citation_start]
    stops += [d.start for d in dates if d.start >= citation.end and d is not trailing]
    stops += [h.start for h in headings if h.start >= citation.end]
    anchor = min(stops)
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
    region: str, start: int, end: int, lead: DueDate | None, headings: list[Heading]
) -> str:
    """The requirement's words: without its due date, 'N: Title' heading and '*' marks."""
    cuts = [(h.start, h.end) for h in headings]
    if lead and start <= lead.start < end:
        cuts.append((lead.start, lead.end))
    pieces, pos = [], start
    for cut_start, cut_end in sorted(cuts):
        pieces.append(region[pos:cut_start])
        pos = max(pos, cut_end)
    pieces.append(region[pos:end])
    text = collapse(STAR_RE.sub(" ", " ".join(pieces)))
    return text.rstrip(" (")


def is_bullet(region: str, pos: int) -> bool:
    """A '* ' that starts a line is a markdown bullet, not a compliance-notice mark."""
    line_start = region.rfind("\n", 0, pos) + 1
    return not region[line_start:pos].strip() and region[pos + 1 : pos + 2] == " "


def has_words(text: str) -> bool:
    return bool(HAS_WORDS_RE.search(text))
