"""Find a report's sections by their headings and its facts by their labels.

Headings are whole lines ('Recent inspection history'); words may be split over lines when a
report is wrapped narrowly, so every space in a heading or label matches any whitespace.
"""

import re
from dataclasses import dataclass

from .text import collapse


def words_pattern(phrase: str) -> str:
    """A phrase whose spaces match any whitespace run (so wrapped text still matches)."""
    return phrase.replace(" ", r"\s+")


def line_start_alternatives(phrases: dict[str, str], *, tail: str) -> re.Pattern:
    """One pattern naming each phrase's group, at a line start and followed by `tail`.

    One '^' before the alternatives, so each position is tested once, not once per phrase.
    """
    named = "|".join(f"(?P<{key}>{words_pattern(phrase)})" for key, phrase in phrases.items())
    return re.compile(r"^[ \t]*(?:" + named + ")" + tail, re.MULTILINE | re.IGNORECASE)


# Section headings, each a whole line (a trailing ':' allowed).
HEADINGS = {
    "home_info": r"Information about this (?:children's )?home|About this children's home",
    "inspection_info": r"Information about this (?:inspection|visit)",
    "findings": r"Key findings from this (?:inspection|visit)|Findings from the visit",
    "history": r"Recent inspection history|Inspection history",
    "statutory": r"(?:What does the children's home need to do to improve\?? )?"
    r"Statutory requirements?",
    "improve": r"What does the children's home need to do to improve\??",
    "recommendations": r"Recommendations?",
    "judgements": r"Inspection judgements",
    "details": r"Children's home details|Provider details|Setting details",
    "inspectors": r"Inspectors?|Inspection team|Lead inspector",
    "compliance_note": r"\* ?These requirements are subject to (?:a )?compliance notices?\.?",
    "care": r"The care of children",
    "safety": r"The safety of children",
    "leaders": r"Leaders and managers",
    "summary_labels": r"(?:Inspection|Visit) dates?:[^\n]*",
    "boilerplate": r"The Office for Standards in Education, Children's Services and Skills"
    r"[^\n]*",
}
HEADING_RE = line_start_alternatives(HEADINGS, tail=r"[ \t]*+:?[ \t]*+$")

# Labels of facts ('Registered manager: Emma Coen'), each at a line start and ending in ':'.
LABELS = {
    "urn": r"Unique reference number|URN",
    "subtype": r"Provision sub-?type|Provision sub type|Provision type",
    "provider_address": r"Registered provider address|Provider address",
    "provider": r"Registered provider|Provider name",
    "responsible_individual": r"Responsible individual",
    "manager": r"Registered manager|Manager",
    "inspection_dates": r"Inspection dates?|Visit dates?",
    "last_inspection_date": r"Date of (?:the )?last inspection|Previous inspection date"
    r"|Date of previous inspection",
    "last_inspection_judgement": r"Overall judgement at (?:the )?last inspection"
    r"|Previous inspection judgement|Judgement at last inspection",
    "enforcement": r"Enforcement action since (?:the )?last inspection",
    "other": r"Setting name|Address|Telephone number|Email address|Local authority"
    r"|Type of provider|Age range of children|Registered places|Number of places",
}
LABEL_RE = line_start_alternatives(LABELS, tail=r"[ \t]*+:")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Mark:
    """A heading or a label: what it is and where it stands."""

    key: str
    start: int
    end: int


class ReportLayout:
    """Headings and labels of one normalised report, found once."""

    def __init__(self, text: str):
        self.text = text
        self.headings = [Mark(m.lastgroup, m.start(), m.end()) for m in HEADING_RE.finditer(text)]
        self.labels = [Mark(m.lastgroup, m.start(), m.end()) for m in LABEL_RE.finditer(text)]

    def first_heading_start(self) -> int:
        """Where the report's first section begins (the front page is before it)."""
        return self.headings[0].start if self.headings else len(self.text)

    def section(self, *keys: str) -> str | None:
        """The body of the first section headed by one of `keys`, up to the next heading."""
        span = self.section_span(*keys)
        return self.text[span[0] : span[1]] if span else None

    def section_span(self, *keys: str) -> tuple[int, int] | None:
        """(start, end) of the first section headed by one of `keys`.

        A heading repeated right inside its own section ('Inspector' wrapped from 'Social Care
        Inspector') does not end it.
        """
        for index, heading in enumerate(self.headings):
            if heading.key in keys:
                following = (h for h in self.headings[index + 1 :] if h.key != heading.key)
                end = next(following, None)
                return heading.end, end.start if end else len(self.text)
        return None

    def label_value(self, key: str, *, multiline: bool = False, within=None) -> str | None:
        """Text after the first `key` label, up to the next label or heading.

        One paragraph unless `multiline` (an address may have a blank line inside it).
        `within` is an optional (start, end) span to search first.
        """
        candidates = [m for m in self.labels if m.key == key]
        if within:
            inside = [m for m in candidates if within[0] <= m.start < within[1]]
            candidates = inside or candidates
        for label in candidates:
            value = self.text[label.end : self.next_stop(label.end, multiline)]
            value = collapse(value)
            if value:
                return value
        return None

    def next_stop(self, pos: int, multiline: bool) -> int:
        """Where a label's value ends: the next label or heading, or a blank line."""
        stop = min(pos + 400, len(self.text))
        for mark in self.labels:
            if mark.start >= pos:
                stop = min(stop, mark.start)
                break
        for mark in self.headings:
            if mark.start >= pos:
                stop = min(stop, mark.start)
                break
        if not multiline:
            # Skip blank lines before the value ('Label:' then the value in its own paragraph).
            first_text = pos + len(self.text[pos:stop]) - len(self.text[pos:stop].lstrip())
            blank = BLANK_LINE_RE.search(self.text, first_text, stop)
            if blank:
                stop = blank.start()
        return stop
