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
from compliance.reminders.planning import Audience, ReminderRules, is_advance, reminders_due
from compliance.rules import active_q

PREFIX = "action_"
SOURCE_DUTY = {Action.Source.VISIT: "reg44_visit", Action.Source.REVIEW: "reg45_review"}


def _recipients(action: Action) -> list[tuple[str, int, bool]]:
    """(email, person id, wants advance reminders) of the owner, registered manager and
    responsible individual, each address once."""
    home = action.home
    seen, out = set(), []
    for person in (action.owner, home.registered_manager, home.responsible_individual):
        if person is None or not person.email or person.email.lower() in seen:
            continue
        seen.add(person.email.lower())
        out.append((person.email.lower(), person.pk, person.advance_reminders))
    return out


def _origin(action: Action) -> str:
    if action.source == Action.Source.VISIT:
        return f"the Regulation 44 visit on {action.visit.visit_date:%d/%m/%Y}"
    return f"the Regulation 45 review completed on {action.review.completed_on:%d/%m/%Y}"


def message_for(action: Action, *, today: dt.date) -> str:
    text = action.text if len(action.text) <= 90 else action.text[:89].rstrip() + "…"
    due = f"{action.due_date:%d/%m/%Y}"
    when = f"was due on {due}" if action.due_date < today else f"is due on {due}"
    owner = action.owner.name if action.owner else "no owner yet"
    return f"{action.home.urn}: the action from {_origin(action)}, “{text}”, {when} ({owner})."


def plan_action_reminders(*, today: dt.date, rules: ReminderRules | None = None) -> list:
    """The action reminders due on `today`, as PlannedDutyReminder rows. Reads only: one query."""
    from compliance.duties.reminders import PlannedDutyReminder

    rules = rules or ReminderRules.from_settings()
    actions = (
        Action.objects.filter(active_q(), due_date__lte=today + dt.timedelta(rules.window_days))
        .select_related(
            "home__registered_manager", "home__responsible_individual", "owner", "visit", "review"
        )
        .order_by("due_date", "id")
    )
    planned = []
    for action in actions:
        for due in reminders_due(
            status=action.status, due_date=action.due_date, today=today, rules=rules
        ):
            if due.audience is not Audience.PEOPLE:
                continue
            message = message_for(action, today=today)
            for email, person_id, wants_advance in _recipients(action):
                if is_advance(due.kind) and not wants_advance:
                    continue
                planned.append(
                    PlannedDutyReminder(
                        home_id=action.home_id,
                        duty_id=SOURCE_DUTY[action.source],
                        kind=PREFIX + due.kind,
                        period=due.for_date,
                        email=email,
                        person_id=person_id,
                        message=message,
                        action_id=action.pk,
                    )
                )
    return planned


def still_due(row: DutyReminder, *, rules: ReminderRules | None = None) -> bool:
    """Whether a claimed action reminder still stands: the action is still open and its
    current due date still gives this milestone on this day (a closed action, or a moved
    date, makes the row skipped, not sent)."""
    rules = rules or ReminderRules.from_settings()
    action = Action.objects.filter(pk=row.action_id).first()
    if action is None:
        return False
    due = reminders_due(
        status=action.status, due_date=action.due_date, today=row.period, rules=rules
    )
    return any(PREFIX + d.kind == row.kind and d.for_date == row.period for d in due)
