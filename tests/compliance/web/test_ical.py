"""The iCalendar writer: escaping, folding and line endings (RFC 5545)."""

import datetime as dt

from compliance.web.ical import AllDayEvent, calendar, escape_text, fold


def test_text_is_escaped():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_calendar_has_all_day_events_and_crlf_lines():
    text = calendar(
        name="Due dates",
        events=[AllDayEvent(uid="r-1@x", day=dt.date(2025, 12, 31), summary="Due")],
        stamp=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        product="-//t//EN",
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "DTSTART;VALUE=DATE:20251231" in lines
    assert "DTEND;VALUE=DATE:20260101" in lines
    assert "DTSTAMP:20250102T030405Z" in lines
    assert "\n" not in text.replace("\r\n", "")
