"""How facts look on a page: tag colours and row wrappers. No queries and no rules here:
where a requirement stands always comes from compliance.rules.due_state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance.rules import Due, DueState, requirement_due_state
from inspections.models import Judgement, Requirement, RequirementStatus

DUE_COLOURS = {
    Due.OVERDUE: "red",
    Due.DUE_TODAY: "orange",
    Due.DUE_SOON: "yellow",
    Due.UPCOMING: "grey",
    Due.NO_DUE_DATE: "grey",
    Due.AWAITING_CONFIRMATION: "purple",
    Due.CLOSED: "grey",
}

STATUS_COLOURS = {
    RequirementStatus.OPEN: "blue",
    RequirementStatus.IN_PROGRESS: "turquoise",
    RequirementStatus.ACTION_COMPLETED: "purple",
    RequirementStatus.MET: "green",
    RequirementStatus.NOT_MET: "red",
    RequirementStatus.RAISED_AGAIN: "orange",
    RequirementStatus.NOT_RAISED_AGAIN: "grey",
}

JUDGEMENT_COLOURS = {
    Judgement.OUTSTANDING: "green",
    Judgement.GOOD: "turquoise",
    Judgement.REQUIRES_IMPROVEMENT: "orange",
    Judgement.INADEQUATE: "red",
    Judgement.IMPROVED_EFFECTIVENESS: "green",
    Judgement.SUSTAINED_EFFECTIVENESS: "turquoise",
    Judgement.DECLINED_IN_EFFECTIVENESS: "orange",
    Judgement.NO_JUDGEMENT: "grey",
}


def long_date(day: dt.date | None) -> str:
    """5 July 2017: the British long form used across the dashboard."""
    return f"{day.day} {day:%B %Y}" if day else ""


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str


def judgement_tag(value: str) -> Tag | None:
    """The tag for a stored judgement value, or None where there is none."""
    if not value:
        return None
    try:
        judgement = Judgement(value)
    except ValueError:
        return Tag(value, "grey")
    return Tag(judgement.label, JUDGEMENT_COLOURS[judgement])


def status_tag(status: str) -> Tag:
    return Tag(RequirementStatus(status).label, STATUS_COLOURS[RequirementStatus(status)])


@dataclass(frozen=True)
class RequirementRow:
    """A requirement with where it stands today, as every list and page shows it."""

    requirement: Requirement
    due: DueState

    @property
    def due_tag(self) -> Tag:
        return Tag(self.due.label, DUE_COLOURS[self.due.state])

    @property
    def status(self) -> Tag:
        return status_tag(self.requirement.status)

    @property
    def is_overdue(self) -> bool:
        return self.due.is_overdue

    @property
    def shows_days(self) -> bool:
        """Days left or over only mean something while the provider still owes work."""
        return self.due.days_left is not None and self.due.state not in (
            Due.CLOSED,
            Due.AWAITING_CONFIRMATION,
        )


def requirement_rows(requirements, *, today: dt.date) -> list[RequirementRow]:
    return [RequirementRow(r, requirement_due_state(r, today)) for r in requirements]


@dataclass(frozen=True)
class Judgements:
    """The three judgements of a full inspection, as tags (missing ones are None)."""

    overall: Tag | None
    help_and_protection: Tag | None
    leadership: Tag | None

    @classmethod
    def of(cls, *, overall: str, help_and_protection: str, leadership: str) -> Judgements:
        return cls(
            judgement_tag(overall), judgement_tag(help_and_protection), judgement_tag(leadership)
        )

    def __bool__(self) -> bool:
        return any((self.overall, self.help_and_protection, self.leadership))
