"""The duty time rules, pure: what is due next, what is overdue, what was late.

Every function takes plain dates (London dates: a deadline day changes at midnight in
London) or aware datetimes, and returns values; no database. Where a duty is against its
next deadline is decided by compliance.rules.due_state, the rule requirements use.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from compliance.rules import DueState, due_state
from inspections.models import RequirementStatus

OPEN = RequirementStatus.OPEN
# Reg 40 says "without delay"; the app counts a notification as late after this long.
# Not from the Regulations (catalogue: deadline_verified=false).
WITHOUT_DELAY_HOURS = 24


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months on, clamped to the month's last day
    (31 August + 6 months = 28 February, or 29 in a leap year)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """First days of the `count` months up to and including today's, oldest first."""
    start = month_start(today)
    return [add_months(start, -n) for n in range(count - 1, -1, -1)]


def parse_deadline(rule: str) -> tuple[str, int]:
    """'months:6' -> ('months', 6); 'end_of_month' -> ('end_of_month', 0). Bad rules raise
    ValueError naming the rule, so a broken catalogue row fails loudly at load."""
    name, _, number = rule.partition(":")
    known = {"end_of_month", "end_of_visit_month", "without_delay", "months", "days"}
    if name not in known or (name in {"months", "days"}) != bool(number):
        raise ValueError(f"unknown deadline rule {rule!r}")
    if number and (not number.isdigit() or int(number) < 1):
        raise ValueError(f"deadline rule {rule!r}: the number must be 1 or more")
    return name, int(number or 0)


def report_deadline(*, done_on: dt.date, rule: str) -> dt.date:
    """When a report about something done on `done_on` must have been sent."""
    name, number = parse_deadline(rule)
    if name in {"end_of_month", "end_of_visit_month"}:
        return month_end(done_on)
    if name == "days":
        return done_on + dt.timedelta(days=number)
    if name == "months":
        return add_months(done_on, number)
    raise ValueError(f"deadline rule {rule!r} has no date for a report")


def was_late(*, sent_on: dt.date | None, deadline: dt.date, today: dt.date) -> bool:
    """Sent after the deadline, or still unsent once it has passed."""
    if sent_on is None:
        return today > deadline
    return sent_on > deadline


@dataclass(frozen=True)
class DutyStatus:
    """Where one recurring duty of a home stands on `today`."""

    last_done: dt.date | None
    next_due: dt.date | None
    due: DueState
    recorded: bool  # anything recorded yet

    @property
    def state(self) -> str:
        return str(self.due.state)


def visit_status(*, visit_dates: Iterable[dt.date], today: dt.date) -> DutyStatus:
    """Regulation 44(1): a visit in every calendar month. The month's visit is due by its
    last day; once this month has one, the next is due by the end of next month."""
    dates = sorted(visit_dates)
    last = dates[-1] if dates else None
    this_month = month_start(today)
    if last is not None and last >= this_month:
        next_due = month_end(add_months(this_month, 1))
    else:
        next_due = month_end(today)
    return DutyStatus(
        last_done=last,
        next_due=next_due,
        due=due_state(status=OPEN, due_date=next_due, today=today),
        recorded=last is not None,
    )


def missing_visit_months(
    *, visit_dates: Iterable[dt.date], today: dt.date, months: int = 12, since: dt.date | None
) -> list[dt.date]:
    """First days of the ended months (of the last `months`, none before `since`) with no
    visit recorded. The current month is not missing until it ends."""
    visited = {month_start(d) for d in visit_dates}
    floor = month_start(since) if since else None
    return [
        m
        for m in months_back(today, months)
        if m < month_start(today) and m not in visited and (floor is None or m >= floor)
    ]


def review_status(
    *, completed: Iterable[dt.date], today: dt.date, every_months: int = 6
) -> DutyStatus:
    """Regulation 45(1): a review completed at least every `every_months` months. The next
    is due that many calendar months after the last completion; with none recorded, now."""
    dates = sorted(completed)
    last = dates[-1] if dates else None
    next_due = add_months(last, every_months) if last else today
    return DutyStatus(
        last_done=last,
        next_due=next_due,
        due=due_state(status=OPEN, due_date=next_due, today=today),
        recorded=last is not None,
    )


@dataclass(frozen=True)
class PartyState:
    party: str
    notified_at: dt.datetime | None
    late: bool  # notified after the threshold, or not yet and the threshold has passed
    outstanding: bool  # not notified yet


def notification_parties(
    *,
    happened_at: dt.datetime,
    notified: dict[str, dt.datetime | None],
    required: Iterable[str],
    now: dt.datetime,
    hours: int = WITHOUT_DELAY_HOURS,
) -> list[PartyState]:
    """Regulation 40: each required party must be told without delay. Elapsed time is
    measured between aware instants, so a clock change in between neither adds nor
    removes an hour."""
    limit = dt.timedelta(hours=hours)
    # In UTC: Python subtracts two datetimes sharing one tzinfo by wall clock, which
    # would be an hour out across a clock change.
    happened_at, now = happened_at.astimezone(dt.UTC), now.astimezone(dt.UTC)
    states = []
    for party in required:
        at = notified.get(party)
        if at is None:
            states.append(PartyState(party, None, now - happened_at > limit, True))
        else:
            states.append(PartyState(party, at, at.astimezone(dt.UTC) - happened_at > limit, False))
    return states
