"""Reminders of the actions from Regulation 44 visits and Regulation 45 reviews: the same
milestones as an Ofsted requirement (`compliance.reminders.planning.reminders_due`, from the
REMINDER_* settings: days before, on the day, every week overdue), the same due-state rule,
and the duty ledger (DutyReminder rows with `action` set), so each goes once.

They go to the action's owner and the home's registered manager and responsible individual.
A home's own actions are not escalated to the provider's managers: no regulator chases them.
Messages give dates, not day counts, so a reminder sent a day late still reads true.
"""

from __future__ import annotations

import datetime as dt

from compliance.duties.models import Action, DutyReminder
from compliance.reminders.planning import (
    Audience,
    ReminderRules,
    describe_kind,
    is_advance,
    reminders_due,
)
from compliance.rules import active_q

PREFIX = "action_"
SOURCE_DUTY = {Action.Source.VISIT: "reg44_visit", Action.Source.REVIEW: "reg45_review"}


PEOPLE = ("owner", "home__registered_manager", "home__responsible_individual")
# Plain values, not model instances: at England scale (thousands of open actions, five
# related rows each) building instances took most of the sweep's duty time.
COLUMNS = (
    "pk",
    "home_id",
    "home__urn",
    "source",
    "visit__visit_date",
    "review__completed_on",
    "text",
    "due_date",
    "status",
    "owner__name",
    *(f"{who}__{field}" for who in PEOPLE for field in ("pk", "email", "advance_reminders")),
)


def _recipients(row: dict) -> list[tuple[str, int, bool]]:
    """(email, person id, wants advance reminders) of the owner, registered manager and
    responsible individual, each address once."""
    seen, out = set(), []
    for who in PEOPLE:
        email = (row[f"{who}__email"] or "").lower()
        if not email or email in seen:
            continue
        seen.add(email)
        out.append((email, row[f"{who}__pk"], row[f"{who}__advance_reminders"]))
    return out


def message_for(row: dict, *, today: dt.date) -> str:
    """The reminder's line (from an action's COLUMNS values): home, where the action comes
    from, its text, due date and owner."""
    text = row["text"] if len(row["text"]) <= 90 else row["text"][:89].rstrip() + "…"
    due = f"{row['due_date']:%d/%m/%Y}"
    when = f"was due on {due}" if row["due_date"] < today else f"is due on {due}"
    if row["source"] == Action.Source.VISIT:
        origin = f"the Regulation 44 visit on {row['visit__visit_date']:%d/%m/%Y}"
    else:
        origin = f"the Regulation 45 review completed on {row['review__completed_on']:%d/%m/%Y}"
    owner = row["owner__name"] or "no owner yet"
    line = f"{row['home__urn']}: the action from {origin}, “{text}”, {when} ({owner})."
    limit = DutyReminder._meta.get_field("message").max_length  # a long owner name
    return line if len(line) <= limit else line[: limit - 1] + "…"


def plan_action_reminders(*, today: dt.date, rules: ReminderRules | None = None) -> list:
    """The action reminders due on `today`, as PlannedDutyReminder rows. Reads only: one query."""
    from compliance.duties.reminders import PlannedDutyReminder

    rules = rules or ReminderRules.from_settings()
    rows = (
        Action.objects.filter(active_q(), due_date__lte=today + dt.timedelta(rules.window_days))
        .order_by("due_date", "id")
        .values(*COLUMNS)
    )
    planned = []
    for row in rows:
        for due in reminders_due(
            status=row["status"], due_date=row["due_date"], today=today, rules=rules
        ):
            if due.audience is not Audience.PEOPLE:
                continue
            message = message_for(row, today=today)
            for email, person_id, wants_advance in _recipients(row):
                if is_advance(due.kind) and not wants_advance:
                    continue
                planned.append(
                    PlannedDutyReminder(
                        home_id=row["home_id"],
                        duty_id=SOURCE_DUTY[row["source"]],
                        kind=PREFIX + due.kind,
                        period=due.for_date,
                        email=email,
                        person_id=person_id,
                        message=message,
                        action_id=row["pk"],
                    )
                )
    return planned


def still_due(row: DutyReminder, *, rules: ReminderRules | None = None) -> bool:
    """Whether a claimed action reminder still stands: the action is still open and its
    current due date still gives this milestone on this day (a closed action, or a moved
    date, makes the row skipped, not sent)."""
    rules = rules or ReminderRules.from_settings()
    action = row.action  # loaded with the claimed rows (take_claimed)
    due = reminders_due(
        status=action.status, due_date=action.due_date, today=row.period, rules=rules
    )
    return any(PREFIX + d.kind == row.kind and d.for_date == row.period for d in due)


def kind_in_words(kind: str) -> str:
    """'7 days before', '14 days overdue': an action row's kind as the requirement's."""
    return describe_kind(kind.removeprefix(PREFIX))
