"""Read an Ofsted children's home inspection report (text) into its extract (a plain dict).

The extract holds the fields of shared/EXTRACT.md plus home.description, home.age_range and
inspection.enforcement_action. Everything is found by structure (headings, labels, table
headers, citations, date patterns), never by line position. What cannot be read but is not
essential goes into `warnings`; a text that is not a report, or lacks its URN or a readable
requirements table, raises ReportParseError.
"""

import re

from .dates import DATE_RE, iso_from_match, parse_date, parse_date_span
from .errors import ReportParseError
from .limits import check_citation_count
from .recommendations import read_recommendations
from .requirements import TABLE_HEADER_RE, read_requirements_table
from .sections import ReportLayout, words_pattern
from .text import collapse, footer_urns, has_words, normalise, unify_line_ends
from .validation import validate_extract

URN_PATTERN = r"(?<![\w])((?:SC|EY)\d{6}|\d{6,8})(?![\w])"
URN_LABEL_RE = re.compile(r"(?:[Uu]nique\s+[Rr]eference\s+[Nn]umber|\bURN)\s*:?\s*" + URN_PATTERN)
URN_LINE_RE = re.compile(r"^[ \t]*" + URN_PATTERN + r"[ \t]*$", re.MULTILINE)

# Words that show a text is an Ofsted children's home report; a few must be present.
REPORT_MARKERS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bOfsted\b",
        r"children's\s+home",
        r"Unique\s+reference\s+number",
        r"Registered\s+provider",
        r"Responsible\s+individual",
        r"Registered\s+manager",
        r"(?:Inspection|Visit)\s+dates?\s*:",
        r"Statutory\s+requirements",
        r"Inspection\s+judgements",
        r"\(\s*Regulation\s+\d",
        r"social\s+care\s+common\s+inspection\s+framework",
        r"Recent\s+inspection\s+history",
    )
]
MIN_REPORT_MARKERS = 3
# Sections after the front matter (which describes the home).
BODY_SECTIONS = {"findings", "history", "judgements", "improve", "statutory", "recommendations"}

JUDGEMENT_WORDS = (
    r"requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate"
    r"|improved\s+effectiveness|sustained\s+effectiveness|declined\s+in\s+effectiveness"
    r"|no\s+judgement|not\s+judged"
)
JUDGEMENT_WORD_RE = re.compile(JUDGEMENT_WORDS, re.IGNORECASE)
JUDGEMENT_AREAS = {
    "overall_experiences": "Overall experiences and progress of children and young people",
    "help_and_protection": "How well children and young people are helped and protected",
    "leadership_and_management": "The effectiveness of leaders and managers",
}
# 'Area: judgement' (the judgements section) first, then the summary table 'Area  judgement',
# where the judgement must end its cell (so 'Good relationships ...' below a heading is not one).
JUDGEMENT_RES = {
    key: (
        re.compile(rf"{words_pattern(area)}\s*:\s*({JUDGEMENT_WORDS})\b", re.IGNORECASE),
        re.compile(
            rf"{words_pattern(area)}(?:,\s*taking\s+into\s+account)?\s*({JUDGEMENT_WORDS})"
            r"[ \t.]*(?:$|\t)",
            re.IGNORECASE | re.MULTILINE,
        ),
    )
    for key, area in JUDGEMENT_AREAS.items()
}
INTERIM_OUTCOME_RE = re.compile(
    r"(?:judges?\s+that\s+the\s+home\s+has|outcome\s+of\s+(?:this|the)\s+(?:interim\s+)?"
    r"inspection\s*:?|this\s+inspection\s*:)\s*(improved|sustained|declined\s+in)\s+"
    r"(?:its\s+|the\s+)?effectiveness",
    re.IGNORECASE,
)
# The inspection types a report can name (its front page: 'Full inspection', 'Assurance visit').
INSPECTION_KINDS = (
    "full",
    "interim",
    "assurance",
    "monitoring",
    "focused",
    "emergency",
    "additional",
    "progress",
    "registration",
    "post-registration",
    "unannounced",
    "announced",
    "targeted",
    "short",
)
INSPECTION_TYPE_RE = re.compile(
    rf"^[ \t]*(?P<kind>{'|'.join(INSPECTION_KINDS)})"
    r"(?:[ \t]+[A-Za-z-]+)?[ \t]+(?:inspection|visit)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "a single": 1,
    "a": 1,
    "one single": 1,
}
NUMBER = r"(\d{1,2}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
WHO = r"(?:children|child|young\s+people|young\s+person|young\s+adults|residents|places|beds)"
CAPACITY_RES = [
    re.compile(rf"\bup\s+to\s+(?:a\s+maximum\s+of\s+)?{NUMBER}\s+(?:[\w-]+\s+)?{WHO}\b", re.I),
    re.compile(rf"\b(?:maximum\s+of|registered\s+for)\s+{NUMBER}\s+(?:[\w-]+\s+)?{WHO}\b", re.I),
    re.compile(rf"\b(?:for|accommodates?|accommodate)\s+{NUMBER}\s+(?:[\w-]+\s+)?{WHO}\b", re.I),
]
AGE_RANGE_RES = [
    re.compile(rf"\baged?\s+(?:between\s+|from\s+)?{NUMBER}\s*(?:and|to|-)\s*{NUMBER}", re.I),
    re.compile(rf"\bbetween\s+the\s+ages\s+of\s+{NUMBER}\s+and\s+{NUMBER}", re.I),
    re.compile(rf"\bages?\s+{NUMBER}\s*(?:to|-)\s*{NUMBER}", re.I),
]
NONE_VALUE_RE = re.compile(
    r"^(?:none|no|nil|n/?a|not\s+applicable|post\s+vacant|vacant|no\s+enforcement\s+action)\b"
    r"[\s.]*$",
    re.IGNORECASE,
)
VACANT_RE = re.compile(r"^(?:post\s+)?vacant\b|^none\b|^not\s+applicable|^n/?a$", re.IGNORECASE)
# 'Natalie Burton, social care inspector'; a name is a few capitalised words.
# (Starts only at a word's start, possessive inside words: long words stay linear.)
NAME = r"(?<![\w'.-])[A-Z][\w'.-]*+(?:[ \t]++(?:[a-z]{1,3}[ \t]+)?[A-Z][\w'.-]*+){0,4}"
INSPECTOR_ROLE = (
    r"(?i:(?:senior\s+|lead\s+|regulatory\s+)?social\s+care\s+(?:regulatory\s+)?inspector"
    r"|(?:senior\s+)?HMI|Her\s+Majesty's\s+Inspector|regulatory\s+inspection\s+manager"
    r"|(?:Ofsted\s+|lead\s+|senior\s+)?inspector)"
)
# Before the role the name may be wrapped ('Carl' / 'Wilton, social care inspector').
WRAPPED_NAME = NAME.replace(r"[ \t]++", r"(?:[ \t]++|[ \t]*+\n[ \t]*+)")
INSPECTOR_RE = re.compile(rf"({WRAPPED_NAME})\s*,\s*{INSPECTOR_ROLE}\b")
NAME_LINE_RE = re.compile(rf"^[ \t]*({NAME})[ \t]*$", re.MULTILINE)
REQUIREMENTS_INTRO_RE = re.compile(
    r"This\s+section\s+sets\s+out\s+the\s+actions(?s:.){0,600}?timescales?\.?", re.IGNORECASE
)
NO_REQUIREMENTS_RE = re.compile(
    r"^\W*(?:none|there\s+are\s+no|no\s+(?:statutory\s+)?requirements?)\b", re.IGNORECASE
)
HISTORY_JUDGEMENT_RE = re.compile(
    rf"^\W*(?P<type>[A-Za-z][A-Za-z-]*(?:\s+(?:inspection|visit))?)\s+(?P<judgement>"
    rf"{JUDGEMENT_WORDS}|compliance\s+notice|not\s+applicable)\b",
    re.IGNORECASE,
)
# The same cells anywhere in a run of them (for rows a page break interleaved).
HISTORY_CELLS_RE = re.compile(
    rf"(?<![\w-])(?P<type>(?!(?:{JUDGEMENT_WORDS})\b)[A-Za-z][A-Za-z-]*(?:\s+(?:inspection|visit))?)"
    rf"\s+(?P<judgement>{JUDGEMENT_WORDS}|compliance\s+notice|not\s+applicable)\b",
    re.IGNORECASE,
)
HISTORY_TYPE_RE = re.compile(r"\W*([A-Za-z][A-Za-z-]*)")
BINARY_JUNK_RE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def parse_text(text: str, source: str = "<text>", *, notes: list[str] | None = None) -> dict:
    """The extract of a report given as text; ReportParseError when it is not a readable one.

    `notes` are warnings from reading the file (stray bytes); they lead the extract's warnings.
    """
    check_is_text(text, source)
    clean = normalise(text)
    check_is_report(clean, source)
    layout = ReportLayout(clean)
    urn = read_urn(clean, layout, raw=text)
    if urn is None:
        raise ReportParseError(
            source, "no URN found (expected 'Unique reference number' or a URN heading)"
        )
    warnings: list[str] = list(notes or [])
    provider = read_provider(layout, warnings)
    home = read_home(clean, layout, warnings)
    inspection = read_inspection(clean, layout, warnings)
    history = read_history(layout, warnings)
    requirements = read_requirements(layout, source, warnings)
    recommendations = read_recommendations(layout.section("recommendations"), warnings)
    extract = {
        "urn": urn,
        "provider": provider,
        "home": home,
        "inspection": inspection,
        "history": history,
        "requirements": requirements,
        "recommendations": recommendations,
        "warnings": warnings,
    }
    validate_extract(extract=extract, source=source)
    return extract


def check_is_text(text: str, source: str) -> None:
    """Refuse empty text and binary junk."""
    if not text.strip():
        raise ReportParseError(source, "file is empty (no text to read)")
    sample = text[:4096]
    if len(BINARY_JUNK_RE.findall(sample)) > max(8, len(sample) // 50):
        raise ReportParseError(source, "not a text or PDF file (binary data)")


def check_is_report(clean: str, source: str) -> None:
    """Refuse text that is not an Ofsted children's home report."""
    found = 0
    for marker in REPORT_MARKERS:
        if marker.search(clean):
            found += 1
            if found >= MIN_REPORT_MARKERS:
                return
    raise ReportParseError(
        source,
        "not an Ofsted children's home inspection report (no report headings or labels found, "
        "such as 'Unique reference number' or 'Statutory requirements')",
    )


# --- URN, provider, home -------------------------------------------------------------------


def read_urn(clean: str, layout: ReportLayout, raw: str) -> str | None:
    """The URN from its label, else the heading line on the front page, else a page footer."""
    label = URN_LABEL_RE.search(clean)
    if label:
        return label.group(1)
    front_line = URN_LINE_RE.search(clean, 0, layout.first_heading_start())
    if front_line:
        return front_line.group(1)
    footers = footer_urns(unify_line_ends(raw))  # footers were removed from `clean`
    return footers[0] if footers else None


def read_provider(layout: ReportLayout, warnings: list[str]) -> dict:
    """Registered provider's name and address, from the details section (else the front page)."""
    details = layout.section_span("details")
    name = layout.label_value("provider", within=details)
    address = layout.label_value("provider_address", multiline=True, within=details)
    if name is None:
        warnings.append("provider: no 'Registered provider' name found")
    if address is None and name is not None:
        warnings.append("provider: no 'Registered provider address' found")
    return {"name": name, "address": address}


def read_home(clean: str, layout: ReportLayout, warnings: list[str]) -> dict:
    """The home: sub-type, places, people in charge, description and age range."""
    details = layout.section_span("details")
    description = read_description(layout)
    capacity = read_capacity(description or "") or read_capacity(front_matter(layout))
    if capacity is None:
        warnings.append("home: capacity not found (expected e.g. 'care for up to three children')")
    return {
        "provision_subtype": layout.label_value("subtype", within=details),
        "capacity": capacity,
        "responsible_individual": person_or_none(
            layout.label_value("responsible_individual", within=details)
        ),
        "registered_manager": person_or_none(layout.label_value("manager", within=details)),
        "description": description,
        "age_range": read_age_range(description or ""),
    }


def front_matter(layout: ReportLayout) -> str:
    """The report before its findings and judgements (where the home is described)."""
    end = next((h.start for h in layout.headings if h.key in BODY_SECTIONS), len(layout.text))
    return layout.text[:end]


def read_description(layout: ReportLayout) -> str | None:
    """Paragraphs of 'Information about this children's home', each on one line."""
    body = layout.section("home_info")
    if body is None:
        return None
    paragraphs = [collapse(p) for p in re.split(r"\n[ \t]*\n", body)]
    return "\n\n".join(p for p in paragraphs if p) or None


def read_capacity(text: str) -> int | None:
    """Places, from 'care for up to three children' or 'provides care for four children'."""
    for pattern in CAPACITY_RES:
        match = pattern.search(text)
        if match:
            return number_value(match.group(1))
    return None


def read_age_range(text: str) -> dict | None:
    """{'min': 11, 'max': 18} from 'aged between 11 and 18 years'."""
    for pattern in AGE_RANGE_RES:
        match = pattern.search(text)
        if match:
            low, high = number_value(match.group(1)), number_value(match.group(2))
            if low is not None and high is not None and low <= high:
                return {"min": low, "max": high}
    return None


def number_value(word: str) -> int | None:
    """'three' -> 3, '18' -> 18."""
    word = collapse(word).lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def person_or_none(value: str | None) -> str | None:
    """A person's name; 'Post vacant' and the like are no one."""
    if value is None or VACANT_RE.match(value):
        return None
    return value


# --- inspection ----------------------------------------------------------------------------


def read_inspection(clean: str, layout: ReportLayout, warnings: list[str]) -> dict:
    """Type, dates, judgements, previous inspection, inspectors and enforcement action."""
    kind = read_inspection_type(clean, layout)
    if kind is None:
        warnings.append("inspection: type not found (expected e.g. 'Full inspection')")
    dates = layout.label_value("inspection_dates")
    start, end = parse_date_span(dates) if dates else (None, None)
    if start is None:
        warnings.append("inspection: dates not found (expected 'Inspection dates: ...')")
    return {
        "type": kind,
        "start_date": start,
        "end_date": end,
        "judgements": read_judgements(clean, kind, warnings),
        "previous_inspection": read_previous_inspection(layout),
        "inspectors": read_inspectors(clean, layout, warnings),
        "enforcement_action": read_enforcement_action(layout),
    }


def read_inspection_type(clean: str, layout: ReportLayout) -> str | None:
    """'Full inspection' -> 'full', 'Assurance visit' -> 'assurance', from the front page."""
    match = INSPECTION_TYPE_RE.search(clean, 0, layout.first_heading_start())
    match = match or INSPECTION_TYPE_RE.search(clean)
    return match.group("kind").lower() if match else None


def read_judgements(clean: str, kind: str | None, warnings: list[str]) -> dict | None:
    """The three judgements; None for visits without judgements (assurance, monitoring)."""
    judgements = {}
    for key, patterns in JUDGEMENT_RES.items():
        match = patterns[0].search(clean) or patterns[1].search(clean)
        judgements[key] = judgement_word(match.group(1)) if match else None
    if kind == "interim" and not any(judgements.values()):
        outcome = INTERIM_OUTCOME_RE.search(clean)
        if outcome:
            judgements["overall_experiences"] = judgement_word(outcome.group(1) + " effectiveness")
    if not any(judgements.values()):
        if kind in (None, "full", "interim"):
            warnings.append("inspection: no judgements found")
        return None
    missing = [key for key, value in judgements.items() if value is None]
    if missing and kind != "interim":
        warnings.append(f"inspection: judgement not found for {', '.join(missing)}")
    return judgements


def judgement_word(text: str | None) -> str | None:
    """'Requires improvement to be good' -> 'requires_improvement', 'Good' -> 'good'."""
    if not text:
        return None
    text = collapse(text).lower()
    if text.startswith("requires improvement"):
        return "requires_improvement"
    if text.startswith("declined"):
        return "declined_in_effectiveness"
    if text in ("no judgement", "not judged"):
        return "no_judgement"
    for word in ("outstanding", "good", "inadequate", "improved", "sustained"):
        if text.startswith(word):
            return "_".join(text.split()) if " " in text else word
    return None


def read_previous_inspection(layout: ReportLayout) -> dict | None:
    """{date, judgement} from 'Date of last inspection' / 'Previous inspection date'."""
    date_text = layout.label_value("last_inspection_date")
    judgement_text = layout.label_value("last_inspection_judgement")
    date = parse_date(date_text) if date_text else None
    judgement = None
    if judgement_text:
        match = JUDGEMENT_WORD_RE.match(judgement_text)
        judgement = judgement_word(match.group(0)) if match else None
    if date is None and judgement is None:
        return None
    return {"date": date, "judgement": judgement}


def read_inspectors(clean: str, layout: ReportLayout, warnings: list[str]) -> list[str]:
    """Names under the 'Inspectors' heading ('Name, social care inspector')."""
    body = layout.section("inspectors")
    if body is not None:
        names = [collapse(m.group(1)) for m in INSPECTOR_RE.finditer(body)]
        if not names:
            names = [m.group(1) for m in NAME_LINE_RE.finditer(body)]
        if names:
            return dedupe(names)
        if has_words(body):
            warnings.append("inspectors: could not read the names under 'Inspectors'")
        return []
    # No heading: look for 'Name, social care inspector' after the judgements.
    names = [collapse(m.group(1)) for m in INSPECTOR_RE.finditer(clean, len(clean) // 2)]
    if not names:
        warnings.append("inspectors: no 'Inspectors' section found")
    return dedupe(names)


def read_enforcement_action(layout: ReportLayout) -> str | None:
    """The text under 'Enforcement action since last inspection'; None when it says none."""
    value = layout.label_value("enforcement")
    if value is None or NONE_VALUE_RE.match(value):
        return None
    return value


def dedupe(items: list[str]) -> list[str]:
    """Items in their first order, each once."""
    return list(dict.fromkeys(items))


# --- history -------------------------------------------------------------------------------


def read_history(layout: ReportLayout, warnings: list[str]) -> list[dict]:
    """Rows of 'Recent inspection history': date, type, judgement."""
    body = layout.section("history")
    if body is None:
        return []
    dates = list(DATE_RE.finditer(body))
    interleaved = read_interleaved_history(body, dates)
    if interleaved is not None:
        return interleaved
    rows = []
    for index, match in enumerate(dates):
        end = dates[index + 1].start() if index + 1 < len(dates) else len(body)
        rest = collapse(body[match.end() : end])
        row = HISTORY_JUDGEMENT_RE.match(rest)
        iso = iso_from_match(match)
        if row is None or iso is None:
            warnings.append(
                f"history row {index + 1} ({match.group(0)}): could not read '{rest[:60]}'"
            )
        rows.append(
            {
                "date": iso,
                "type": history_type(row.group("type") if row else rest),
                "judgement": judgement_word(row.group("judgement")) if row else None,
            }
        )
    return rows


def read_interleaved_history(body: str, dates: list[re.Match]) -> list[dict] | None:
    """Rows whose cells a page break pulled apart: the dates column, then the type and
    judgement cells ('16/03/2022 / 15/11/2021 / Interim Improved effectiveness / Full Good').

    Used only when some date has no cells of its own after it and, read in order, there are
    exactly as many type-and-judgement pairs as dates; else None (read row by row).
    """
    if not dates:
        return None
    gaps = [
        body[match.end() : dates[i + 1].start() if i + 1 < len(dates) else len(body)]
        for i, match in enumerate(dates)
    ]
    if all(has_words(gap) for gap in gaps):
        return None
    cells = collapse(" ".join(gaps))
    pairs = list(HISTORY_CELLS_RE.finditer(cells))
    if len(pairs) != len(dates) or any(iso_from_match(m) is None for m in dates):
        return None
    return [
        {
            "date": iso_from_match(match),
            "type": history_type(pair.group("type")),
            "judgement": judgement_word(pair.group("judgement")),
        }
        for match, pair in zip(dates, pairs, strict=True)
    ]


def history_type(text: str) -> str | None:
    """'Full' -> 'full', 'Interim inspection' -> 'interim'; None when no word is there."""
    word = HISTORY_TYPE_RE.match(text)
    return word.group(1).lower() if word else None


# --- requirements -----------------------------------------------------------------------------


def read_requirements(layout: ReportLayout, source: str, warnings: list[str]) -> list[dict]:
    """The statutory requirements; an error only if the table has content but none is readable."""
    region = requirements_region(layout)
    if region is None:
        return []
    reading = read_requirements_table(
        region, check_count=lambda n: check_citation_count(count=n, source=source)
    )
    warnings.extend(reading.warnings)
    dated = [r for r in reading.requirements if r["due_date"]]
    if not dated and has_requirement_content(region):
        raise ReportParseError(
            source,
            "statutory requirements section has content but no requirement could be read "
            "(expected a regulation citation like '(Regulation 12(1))' and a due date)",
        )
    if (
        not reading.requirements
        and TABLE_HEADER_RE.search(layout.text)
        and not has_words(TABLE_HEADER_RE.sub("", region))
    ):
        raise ReportParseError(
            source,
            "the requirements table has its 'Requirement / Due date' header but no readable "
            "rows (no regulation citation or due date under it)",
        )
    return drop_repeated_rows(reading.requirements, warnings)


def drop_repeated_rows(requirements: list[dict], warnings: list[str]) -> list[dict]:
    """Rows repeated exactly (same citation, text, detail, due date, mark) kept once, with a
    warning. The same regulation with another date or text is another requirement."""
    kept: dict[tuple, int] = {}
    rows = []
    for index, row in enumerate(requirements, start=1):
        key = tuple(row[k] for k in ("citation", "text", "detail", "due_date", "compliance_notice"))
        if key in kept:
            warnings.append(
                f"requirement {index} (Regulation {row['regulation']}) repeats requirement "
                f"{kept[key]} word for word; kept once"
            )
            continue
        kept[key] = index
        rows.append(row)
    return rows


def requirements_region(layout: ReportLayout) -> str | None:
    """The requirements table: after the section's intro and 'Requirement / Due date' header."""
    # Without a 'Statutory requirements' heading the table may still sit under 'What does the
    # children's home need to do to improve?', or be found by its own header.
    body = layout.section("statutory") or layout.section("improve")
    if body is None:
        header = TABLE_HEADER_RE.search(layout.text)
        if header is None:
            return None
        span = next(
            (h for h in layout.headings if h.start > header.end()), None
        )  # the table ends at the next heading
        body = layout.text[header.start() : span.start if span else len(layout.text)]
    header = TABLE_HEADER_RE.search(body)
    if header:
        return body[header.end() :]
    intro = REQUIREMENTS_INTRO_RE.search(body)
    return body[intro.end() :] if intro else body


def has_requirement_content(region: str) -> bool:
    """True unless the section is empty or says there are none."""
    text = collapse(region)
    return has_words(text) and not NO_REQUIREMENTS_RE.match(text)
