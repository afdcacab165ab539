"""The time rules: the one place that decides 'due soon', 'due today' and 'overdue'.

`due_state(requirement, today)` is a pure function used by views, the API and the
reminder workers. `ACTIVE_STATUSES` and the `*_q` helpers are its SQL twins, for lists
that filter in the database; tests check that both agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from inspections.models import RequirementStatus

S = RequirementStatus

# Statuses in which the provider still owes work, so deadlines and reminders apply. A
# requirement a regulator confirmed not met is still owed: it stays here until a later
# inspection resolves it or a regulator confirms it met. (The partial index
# requirement_active_due in inspections/models.py lists the same statuses; a test checks.)
ACTIVE_STATUSES = (S.OPEN, S.IN_PROGRESS, S.NOT_MET)
# Done by the provider, waiting for a regulator: no deadline chase, but not closed either.
AWAITING_STATUSES = (S.ACTION_COMPLETED,)
# What a later inspection of the home resolves: everything not yet closed.
UNRESOLVED_STATUSES = ACTIVE_STATUSES + AWAITING_STATUSES
# Closed by a later inspection of the home.
RESOLVED_BY_INSPECTION_STATUSES = (S.RAISED_AGAIN, S.NOT_RAISED_AGAIN)
CLOSED_STATUSES = (S.MET, *RESOLVED_BY_INSPECTION_STATUSES)
DUE_SOON_DAYS = 14
# The wider window of the "due within 28 days" counts and filters.
DUE_WITHIN_DAYS = (DUE_SOON_DAYS, 28)

# -- which inspections review the earlier requirements -----------------------------------
# Ofsted's SCCIF for children's homes (section 8, "Types of inspection"): a full inspection
# is made against all the evaluation criteria, and an interim inspection evaluates the
# home's effectiveness and children's progress since the last full inspection; both look at
# the whole home, so what they do not raise again is no longer required. A monitoring
# inspection follows up particular concerns or compliance with a notice (section 20), and an
# assurance visit or inspection looks at particular matters: they review only what they
# cite. Any other or unknown type is treated as focused, so nothing is closed unreviewed.
INSPECTION_TYPES_REVIEWING_ALL = frozenset({"full", "interim"})


def reviews_all_earlier_requirements(inspection_type: str) -> bool:
    """Whether an inspection of this type decides the fate of every earlier requirement
    (True), or only of those whose regulation it raises again (False)."""
    return (inspection_type or "").strip().lower() in INSPECTION_TYPES_REVIEWING_ALL


class Due(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    NO_DUE_DATE = "no_due_date"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CLOSED = "closed"


LABELS = {
    Due.OVERDUE: "Overdue",
    Due.DUE_TODAY: "Due today",
    Due.DUE_SOON: "Due soon",
    Due.UPCOMING: "Upcoming",
    Due.NO_DUE_DATE: "No due date",
    Due.AWAITING_CONFIRMATION: "Awaiting confirmation",
    Due.CLOSED: "Closed",
}


@dataclass(frozen=True)
class DueState:
    state: Due
    days_left: int | None = None  # positive before the due date, 0 on it, negative after

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def is_overdue(self) -> bool:
        return self.state is Due.OVERDUE

    def describe(self) -> str:
        """'3 days left', 'due today', '12 days overdue' - for people, not machines."""
        if self.days_left is None:
            return self.label
        if self.days_left > 0:
            return f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        if self.days_left == 0:
            return "due today"
        over = self.days_over
        return f"{over} day{'s' if over != 1 else ''} overdue"


def due_state(
    *, status: str, due_date: dt.date | None, today: dt.date, soon_days: int = DUE_SOON_DAYS
) -> DueState:
    """Where a requirement stands against its deadline on `today` (a date in Europe/London)."""
    days_left = (due_date - today).days if due_date else None
    if status in CLOSED_STATUSES:
        return DueState(Due.CLOSED, days_left)
    if status == RequirementStatus.ACTION_COMPLETED:
        return DueState(Due.AWAITING_CONFIRMATION, days_left)
    if days_left is None:
        return DueState(Due.NO_DUE_DATE)
    if days_left < 0:
        return DueState(Due.OVERDUE, days_left)
    if days_left == 0:
        return DueState(Due.DUE_TODAY, 0)
    if days_left <= soon_days:
        return DueState(Due.DUE_SOON, days_left)
    return DueState(Due.UPCOMING, days_left)


def requirement_due_state(requirement, today: dt.date) -> DueState:
    return due_state(status=requirement.status, due_date=requirement.due_date, today=today)


# -- SQL twins of due_state, for filtering lists in the database ------------------------


def active_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": ACTIVE_STATUSES})


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    return active_q(prefix) & Q(**{f"{prefix}due_date__lt": today})


def due_within_q(today: dt.date, days: int, prefix: str = "") -> Q:
    """Active and due from today up to `days` ahead (today included, overdue excluded)."""
    return active_q(prefix) & Q(
        **{
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": today + dt.timedelta(days=days),
        }
    )


def awaiting_confirmation_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": RequirementStatus.ACTION_COMPLETED})


def due_state_q(state: str, today: dt.date, prefix: str = "") -> Q:
    """The rows whose compliance.rules.due_state(...) on `today` is `state`."""
    due = f"{prefix}due_date"
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return {
        Due.OVERDUE: lambda: overdue_q(today, prefix),
        Due.DUE_TODAY: lambda: due_within_q(today, 0, prefix),
        Due.DUE_SOON: lambda: active_q(prefix) & Q(**{f"{due}__gt": today, f"{due}__lte": soon}),
        Due.UPCOMING: lambda: active_q(prefix) & Q(**{f"{due}__gt": soon}),
        Due.NO_DUE_DATE: lambda: active_q(prefix) & Q(**{f"{due}__isnull": True}),
        Due.AWAITING_CONFIRMATION: lambda: awaiting_confirmation_q(prefix),
        Due.CLOSED: lambda: Q(**{f"{prefix}status__in": CLOSED_STATUSES}),
    }[Due(state)]()


def today_in_london() -> dt.date:
    """Today's date where the homes are: the deadline day changes at midnight in London."""
    from django.utils import timezone

    return timezone.localdate()
