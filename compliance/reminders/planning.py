"""Which reminders a requirement is due on a given day, and who gets them. Pure: no I/O.

The reminder series of a requirement is a list of milestones relative to its due date:

    advance_28, advance_14, advance_7, advance_1   (REMINDER_OFFSETS_DAYS before)
    due_today                                      (on the day)
    overdue_7, overdue_14, overdue_21 ...          (every REMINDER_OVERDUE_EVERY_DAYS after)
    escalation_14, escalation_21 ...               (to the provider's managers, from
                                                    REMINDER_ESCALATION_DAYS overdue)

On any day only the latest milestone passed in each series is due; earlier ones are
superseded. A sweep that missed days (workers down) therefore plans one reminder, the one
still relevant, and the ledger's unique (requirement, address, kind, day) makes it go
once. The days count from the current due date: a moved date has its own milestones.
Where a requirement stands is decided by `compliance.rules.due_state`, the shared rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured

from compliance.rules import Due, due_state
from providers.models import reminder_address

ADVANCE = "advance"
DUE_TODAY = "due_today"
OVERDUE = "overdue"
ESCALATION = "escalation"


class Audience(StrEnum):
    PEOPLE = "people"  # the home's responsible individual, registered manager, the owner
    MANAGERS = "managers"  # the provider's managers (escalation)


@dataclass(frozen=True)
class ReminderRules:
    offsets: tuple[int, ...] = (28, 14, 7, 1)
    overdue_every: int = 7
    escalation_days: int = 14

    def __post_init__(self):
        offsets = tuple(sorted(set(self.offsets), reverse=True))
        if not offsets or any(days < 1 for days in offsets):
            raise ImproperlyConfigured(
                f"REMINDER_OFFSETS_DAYS must be whole days of 1 or more, got {self.offsets!r}"
            )
        if self.overdue_every < 1:
            raise ImproperlyConfigured("REMINDER_OVERDUE_EVERY_DAYS must be 1 or more")
        if self.escalation_days < 1:
            raise ImproperlyConfigured("REMINDER_ESCALATION_DAYS must be 1 or more")
        object.__setattr__(self, "offsets", offsets)

    @classmethod
    def from_settings(cls) -> ReminderRules:
        from django.conf import settings

        return cls(
            offsets=tuple(settings.REMINDER_OFFSETS_DAYS),
            overdue_every=settings.REMINDER_OVERDUE_EVERY_DAYS,
            escalation_days=settings.REMINDER_ESCALATION_DAYS,
        )

    @property
    def window_days(self) -> int:
        """How far ahead of its due date a requirement can first be due a reminder."""
        return self.offsets[0]


class DueReminder(NamedTuple):
    kind: str
    for_date: dt.date  # the day of the milestone (may be before today after missed sweeps)
    audience: Audience


def kind_family(kind: str) -> str:
    """advance, due_today, overdue or escalation."""
    return kind if kind == DUE_TODAY else kind.rsplit("_", 1)[0]


def is_advance(kind: str) -> bool:
    return kind_family(kind) == ADVANCE


def describe_kind(kind: str) -> str:
    """'28 days before', 'on the day', '14 days overdue', 'escalation at 14 days overdue'."""
    family = kind_family(kind)
    if family == DUE_TODAY:
        return "on the day"
    days = int(kind.rsplit("_", 1)[1])
    plural = "s" if days != 1 else ""
    return {
        ADVANCE: f"{days} day{plural} before",
        OVERDUE: f"{days} day{plural} overdue",
        ESCALATION: f"escalation at {days} day{plural} overdue",
    }[family]


def email_reason(kind: str) -> str:
    """Why an email carries a requirement, in words that hold no day count of their own: the
    item's due state says how many days are left or over, so the two can never disagree
    (a reminder planned for day 14 and sent on day 15 would otherwise say both)."""
    return {
        ADVANCE: "sent before the due date",
        DUE_TODAY: "sent on the due date",
        OVERDUE: "sent while it is overdue",
        ESCALATION: "escalated to the provider's managers",
    }[kind_family(kind)]


def reminders_due(
    *, status: str, due_date: dt.date | None, today: dt.date, rules: ReminderRules
) -> list[DueReminder]:
    """The reminders a requirement is due on `today` (its London date): at most one for its
    people and one escalation to the provider's managers."""
    state = due_state(status=status, due_date=due_date, today=today)
    if state.state not in (Due.UPCOMING, Due.DUE_SOON, Due.DUE_TODAY, Due.OVERDUE):
        return []  # closed, awaiting confirmation, or no due date: nothing to chase
    days_left = state.days_left
    due = []
    if days_left > 0:
        passed = [days for days in rules.offsets if days >= days_left]
        if passed:
            days = passed[-1]  # the closest milestone passed; the earlier ones are superseded
            due.append(
                DueReminder(f"{ADVANCE}_{days}", due_date - dt.timedelta(days), Audience.PEOPLE)
            )
        return due
    days_over = -days_left
    if days_over < rules.overdue_every:
        due.append(DueReminder(DUE_TODAY, due_date, Audience.PEOPLE))
    else:
        week = days_over - days_over % rules.overdue_every
        due.append(DueReminder(f"{OVERDUE}_{week}", due_date + dt.timedelta(week), Audience.PEOPLE))
    if days_over >= rules.escalation_days:
        since = days_over - rules.escalation_days
        at = rules.escalation_days + since - since % rules.overdue_every
        due.append(
            DueReminder(f"{ESCALATION}_{at}", due_date + dt.timedelta(at), Audience.MANAGERS)
        )
    return due


# -- recipients ------------------------------------------------------------------------


class Contact(NamedTuple):
    """Someone a reminder may go to, as the sweep read them."""

    role: str  # "responsible individual", "registered manager", "owner", "provider manager"
    name: str
    email: str
    person_id: int | None = None
    advance_reminders: bool = True


class PlannedReminder(NamedTuple):
    requirement_id: int
    kind: str
    for_date: dt.date
    email: str  # lower case
    person_id: int | None
    roles: str

    @property
    def key(self) -> tuple[int, str, str, dt.date]:
        return (self.requirement_id, self.email, self.kind, self.for_date)


class Unreachable(NamedTuple):
    """A person who would get a reminder but has no email address."""

    home_urn: str
    role: str
    name: str


@dataclass
class RequirementPlan:
    """What planning adds up, requirement by requirement: the reminders due, and the people
    who would get one but have no email address (reported, not reminded)."""

    reminders: list[PlannedReminder] = field(default_factory=list)
    unreachable: list[Unreachable] = field(default_factory=list)


def plan_requirement(
    *,
    requirement_id: int,
    home_urn: str,
    due: Sequence[DueReminder],
    people: Sequence[Contact],
    managers: Sequence[Contact],
    into: RequirementPlan | None = None,
) -> RequirementPlan:
    """One ledger row per address and kind. Two roles at one address make one row (one
    reminder per inbox); a person who opted out of advance reminders gets none of them,
    but still gets the reminder on the day, overdue reminders and escalations.
    `into` collects many requirements' plans in one (the sweep)."""
    plan = into if into is not None else RequirementPlan()
    for reminder in due:
        advance = reminder.kind.startswith(ADVANCE)
        by_email: dict[str, list[Contact]] = {}
        for contact in people if reminder.audience is Audience.PEOPLE else managers:
            email = reminder_address(contact.email)
            if not email:
                plan.unreachable.append(Unreachable(home_urn, contact.role, contact.name))
            elif email in by_email:
                by_email[email].append(contact)
            else:
                by_email[email] = [contact]
        for email, contacts in by_email.items():
            if advance and not all(c.advance_reminders for c in contacts):
                continue
            if len(contacts) == 1:
                person_id, roles = contacts[0].person_id, contacts[0].role
            else:
                person_id = next((c.person_id for c in contacts if c.person_id), None)
                roles = ", ".join(dict.fromkeys(c.role for c in contacts))
            plan.reminders.append(
                PlannedReminder(
                    requirement_id, reminder.kind, reminder.for_date, email, person_id, roles
                )
            )
    return plan
