"""The calendar feed's writer against the `icalendar` package: time to write a feed, and
whether `icalendar` reads ours back as the same events (and ours line-folded as RFC 5545 says).

`icalendar` is not in this project's package index, so it is not a dependency. Point
ICALENDAR_PATH at a directory that holds it (for example Debian's python3-icalendar, unpacked
with `apt-get download python3-icalendar python3-tz` and `dpkg -x`), then:

    ICALENDAR_PATH=/tmp/icaldeb/usr/lib/python3/dist-packages make bench-ical
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time

from compliance.web import ical

EVENTS = (200, 2000, 20000)  # a home, the largest provider, everything a regulator follows
RUNS = 5
STAMP = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)


def sample_events(count: int) -> list[ical.AllDayEvent]:
    """Texts with what the feed really carries: commas, semicolons, new lines, non-ASCII names
    and summaries long enough to fold inside a multi-byte character."""
    start = dt.date(2026, 1, 1)
    return [
        ical.AllDayEvent(
            uid=f"requirement-{n}@compliance.example",
            day=start + dt.timedelta(days=n % 700),
            summary=f"Ashdown Lodge – Zoë's house (SC{100000 + n}): 12(2)(a)(v); "
            + "records of restraint, searches, and missing episodes " * (1 + n % 3),
            description=f"Due {n % 28 + 1} days from now.\nOwner: Łucja Nowak, deputy manager",
            url=f"https://compliance.example/requirements/{n}/",
        )
        for n in range(count)
    ]


def ours(events: list[ical.AllDayEvent]) -> bytes:
    text = ical.calendar(
        name="Requirements due", events=events, stamp=STAMP, product="-//bench//EN"
    )
    return text.encode("utf-8")


def theirs(icalendar, events: list[ical.AllDayEvent]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Requirements due")
    cal.add("x-wr-timezone", "Europe/London")
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", STAMP)
        item.add("dtstart", event.day)
        item.add("dtend", event.day + dt.timedelta(days=1))
        item.add("summary", event.summary)
        item.add("transp", "TRANSPARENT")
        item.add("description", event.description)
        item.add("url", event.url)
        cal.add_component(item)
    return cal.to_ical()


def read_back(icalendar, feed: bytes) -> list[tuple]:
    """Each event as icalendar parses it: uid, start, end, summary, description, url."""
    parsed = icalendar.Calendar.from_ical(feed)
    return [
        (
            str(item["uid"]),
            item.decoded("dtstart"),
            item.decoded("dtend"),
            str(item["summary"]),
            str(item.get("description", "")),
            str(item.get("url", "")),
        )
        for item in parsed.walk("VEVENT")
    ]


def expected(events: list[ical.AllDayEvent]) -> list[tuple]:
    return [
        (e.uid, e.day, e.day + dt.timedelta(days=1), e.summary, e.description, e.url)
        for e in events
    ]


def median_ms(write, events) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        write(events)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def longest_line(feed: bytes) -> int:
    return max(len(line) for line in feed.split(b"\r\n"))


def main() -> int:
    path = os.environ.get("ICALENDAR_PATH")
    if path:
        sys.path.insert(0, path)
    try:
        import icalendar
    except ImportError:
        print("icalendar is not importable: set ICALENDAR_PATH (see this module's docstring)")
        return 2
    print(f"icalendar {icalendar.__version__} from {os.path.dirname(icalendar.__file__)}")
    print(f"median of {RUNS} runs, ms\n")
    print("| events | ours | icalendar | ratio | ours KB | theirs KB | equal | longest |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for count in EVENTS:
        events = sample_events(count)
        mine, other = ours(events), theirs(icalendar, events)
        same = read_back(icalendar, mine) == expected(events) == read_back(icalendar, other)
        mine_ms = median_ms(ours, events)
        other_ms = median_ms(lambda e: theirs(icalendar, e), events)
        print(
            f"| {count} | {mine_ms:.1f} | {other_ms:.1f} | {other_ms / mine_ms:.1f}x "
            f"| {len(mine) / 1024:.0f} | {len(other) / 1024:.0f} | {'yes' if same else 'NO'} "
            f"| {longest_line(mine)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
