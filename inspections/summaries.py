"""What a requirement is about, in one short line: the one rule every list, email and
calendar event uses (a row of three Regulation 12 requirements otherwise looks alike).

From the inspector's detail when the report gives one ('This particularly refers to staff
ensuring that risk assessments are reviewed...'), else from the regulation text's operative
clause: what follows 'requires the registered person to ensure—', 'ensure that staff—' or
'standard is that', up to the end of its first item."""

from __future__ import annotations

import re

MAX_LENGTH = 140

_DETAIL_LEAD_RE = re.compile(
    r"^\s*(?:this|these|it)\s+(?:particularly|specifically|especially|mainly)?\s*"
    r"(?:refers?|relates?)\s+to\s+",
    re.IGNORECASE,
)
# Where the operative part of a standard's text begins, most specific first.
_OPERATIVE_RES = [
    re.compile(r"requires the registered person to ensure\s*(?:that)?\s*[—–-]?\s*", re.I),
    re.compile(r"must ensure that staff\s*[—–-]\s*", re.I),
    re.compile(r"\bstandard is that\s+", re.I),
]
_ITEM_END_RE = re.compile(r";|\.(?:\s|$)|\s[—–]\s|:\s")


def requirement_summary(*, text: str, detail: str = "") -> str:
    """A line of at most MAX_LENGTH characters saying what the requirement asks."""
    detail = " ".join((detail or "").split())
    if detail:
        return _shorten(_sentence(_DETAIL_LEAD_RE.sub("", detail)))
    text = " ".join((text or "").split())
    for pattern in _OPERATIVE_RES:
        found = list(pattern.finditer(text))
        if found and found[-1].end() < len(text):
            return _shorten(_first_item(text[found[-1].end() :]))
    return _shorten(_first_item(text))


def _sentence(text: str) -> str:
    match = re.search(r"\.(?:\s|$)", text)
    return text[: match.start()] if match else text


def _first_item(text: str) -> str:
    # A list's lead-in ('staff who— understand...', 'staff: have the...') keeps its first
    # item only.
    text = re.sub(r"^[^—–:;.]{0,60}(?:[—–]|:)\s*", "", text)
    match = _ITEM_END_RE.search(text)
    return text[: match.start()] if match else text


def _shorten(text: str) -> str:
    text = text.strip(" ,;:—–-").rstrip(".")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if len(text) <= MAX_LENGTH:
        return text
    cut = text[: MAX_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
