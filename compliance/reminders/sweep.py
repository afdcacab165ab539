"""The reminder sweep: plan what is due, write it to the ledger, claim it, hand it out.

1. `plan_reminders` reads the active requirements that could be due a reminder with one
   query on the (status, due_date) index, bounded by the largest advance offset, asks the
   pure planner what is due, and asks the ledger which of those it does not hold yet (one
   anti-join on its unique index).
2. `record` inserts the new rows; the unique (requirement, kind, email, day) constraint
   makes a concurrent sweep's insert a no-op. The day is the milestone's, counted from the
   current due date, so a moved due date gets its series again; a skipped row of a
   milestone due again is put back to planned.
3. `claim` takes every planned row, and every row left `sending` past its lease (a worker
   died), with one conditional UPDATE that stamps them with this sweep's token. A row is
   sent only by the sweep whose token it carries.
4. The claimed rows are grouped per address: one digest email each (see delivery.py).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from compliance.duties.reminders import sweep_duties
from compliance.models import Reminder
from compliance.reminders import ledger
from compliance.reminders.ledger import Batch, sending_timeout  # noqa: F401 (their home was here)
from compliance.reminders.planning import (
    Audience,
    Contact,
    PlannedReminder,
    ReminderRules,
    RequirementPlan,
    Unreachable,
    plan_requirement,
    reminders_due,
)
from compliance.rules import active_q
from inspections.models import Requirement
from providers.models import ProviderMembership

HOME = "inspection__home__"
PERSON_FIELDS = ("id", "name", "email", "advance_reminders")
PEOPLE = (
    ("responsible individual", f"{HOME}responsible_individual"),
    ("registered manager", f"{HOME}registered_manager"),
    ("owner", "owner"),
)
# Where each person's (id, name, email, advance_reminders) start in a candidate row.
PERSON_COLUMNS = [(role, 5 + 4 * index) for index, (role, _) in enumerate(PEOPLE)]
CANDIDATE_FIELDS = (
    "id",
    "status",
    "due_date",
    f"{HOME}urn",
    f"{HOME}provider_id",
    *(f"{path}__{name}" for _, path in PEOPLE for name in PERSON_FIELDS),
)


def candidate_requirements(*, today: dt.date, rules: ReminderRules):
    """Active requirements due no later than the largest offset ahead: the only ones that
    can be due a reminder. Served by the (status, due_date) index."""
    return (
        Requirement.objects.filter(
            active_q(), due_date__lte=today + dt.timedelta(rules.window_days)
        )
        .order_by()
        .values_list(*CANDIDATE_FIELDS)
    )


@dataclass
class SweepPlan:
    today: dt.date
    candidates: int = 0
    planned: list[PlannedReminder] = field(default_factory=list)  # everything due today
    new: list[PlannedReminder] = field(default_factory=list)  # of which not yet in the ledger
    unreachable: list[Unreachable] = field(default_factory=list)


def plan_reminders(*, today: dt.date, rules: ReminderRules | None = None) -> SweepPlan:
    """What is due on `today` and not yet in the ledger. Reads only; three queries at most."""
    rules = rules or ReminderRules.from_settings()
    plan = SweepPlan(today=today)
    due_by_requirement = []
    escalated_providers = set()
    for row in candidate_requirements(today=today, rules=rules):
        plan.candidates += 1
        due = reminders_due(status=row[1], due_date=row[2], today=today, rules=rules)
        if due:
            due_by_requirement.append((row, due))
            if any(d.audience is Audience.MANAGERS for d in due):
                escalated_providers.add(row[4])
    managers = provider_managers(provider_ids=escalated_providers)
    collected = RequirementPlan(reminders=plan.planned)
    for row, due in due_by_requirement:
        people = [
            Contact(role, row[i + 1], row[i + 2] or "", row[i], row[i + 3])
            for role, i in PERSON_COLUMNS
            if row[i] is not None
        ]
        plan_requirement(
            requirement_id=row[0],
            home_urn=row[3],
            due=due,
            people=people,
            managers=managers.get(row[4], ()),
            into=collected,
        )
    plan.unreachable = sorted(set(collected.unreachable))
    plan.new = not_in_ledger(plan.planned)
    return plan


def not_in_ledger(planned: list[PlannedReminder]) -> list[PlannedReminder]:
    """The planned reminders the ledger does not hold yet, in one query whatever their
    number: an anti-join on the ledger's unique index that returns only the new ones, so
    a later sweep of the day, which finds everything there, reads almost nothing back.
    A row that was skipped (the requirement was closed or paused when its turn came) does
    not count: a requirement active again gets its current milestone after all."""
    if not planned:
        return []
    keys, params = _planned_keys_sql(planned)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    sql = f"""SELECT due.position FROM {keys}
        WHERE NOT EXISTS (
            SELECT 1 FROM {table} r WHERE r.requirement_id = due.requirement_id
            AND r.kind = due.kind AND r.email = due.email AND r.for_date = due.for_date
            AND r.status <> %s
        )"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Reminder.Status.SKIPPED])
        return [planned[position - 1] for (position,) in cursor.fetchall()]


def _planned_keys_sql(planned: list[PlannedReminder]) -> tuple[str, list]:
    """The planned reminders as a derived table `due(requirement_id, kind, email, for_date,
    person_id, roles, position)` (position from 1). They go in as delimited strings
    (PostgreSQL; far cheaper to send and parse than array literals of a hundred thousand
    elements, and no kind, address or role list holds a newline) or one JSON document
    (SQLite)."""
    if connection.vendor == "postgresql":
        sql = """unnest(
                string_to_array(%s, ',')::bigint[],
                string_to_array(%s, ','),
                string_to_array(%s, E'\\n'),
                string_to_array(%s, ',')::date[],
                string_to_array(%s, ',', '')::bigint[],
                string_to_array(%s, E'\\n')
            ) WITH ORDINALITY AS due(requirement_id, kind, email, for_date, person_id, roles,
                position)"""
        params = [
            ",".join(str(p.requirement_id) for p in planned),
            ",".join(p.kind for p in planned),
            "\n".join(p.email for p in planned),
            ",".join(p.for_date.isoformat() for p in planned),
            ",".join("" if p.person_id is None else str(p.person_id) for p in planned),
            "\n".join(p.roles for p in planned),
        ]
        return sql, params
    sql = """(SELECT json_extract(value, '$[0]') AS requirement_id,
            json_extract(value, '$[1]') AS kind, json_extract(value, '$[2]') AS email,
            json_extract(value, '$[3]') AS for_date, json_extract(value, '$[4]') AS person_id,
            json_extract(value, '$[5]') AS roles, key + 1 AS position
        FROM json_each(%s)) AS due"""
    rows = [
        [p.requirement_id, p.kind, p.email, p.for_date.isoformat(), p.person_id, p.roles]
        for p in planned
    ]
    return sql, [json.dumps(rows)]


def revive_skipped(planned: list[PlannedReminder]) -> int:
    """Put back to planned the skipped ledger rows of these reminders: the milestone is due
    again. Conditional on the row still being skipped, so of two sweeps one revives it."""
    if not planned:
        return 0
    keys, params = _planned_keys_sql(planned)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    sql = f"""UPDATE {table} SET status = %s, error = '', attempts = 0, claim_token = NULL,
            lease_until = NULL
        WHERE status = %s AND EXISTS (
            SELECT 1 FROM {keys} WHERE due.requirement_id = {table}.requirement_id
            AND due.kind = {table}.kind AND due.email = {table}.email
            AND due.for_date = {table}.for_date
        )"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [Reminder.Status.PLANNED, Reminder.Status.SKIPPED, *params])
        return cursor.rowcount


def provider_managers(*, provider_ids) -> dict[int, list[Contact]]:
    """The provider managers (users with a membership) of these providers, by provider."""
    managers: dict[int, list[Contact]] = defaultdict(list)
    if not provider_ids:
        return managers
    rows = ProviderMembership.objects.filter(
        provider_id__in=provider_ids, user__is_active=True
    ).values_list(
        "provider_id", "user__email", "user__first_name", "user__last_name", "user__username"
    )
    for provider_id, email, first, last, username in rows.order_by("provider_id", "user_id"):
        name = f"{first} {last}".strip() or username
        managers[provider_id].append(Contact("provider manager", name, email or ""))
    return managers


def record(plan: SweepPlan) -> int:
    """Write the plan's new reminders to the ledger as planned, in one INSERT ... SELECT
    whatever their number. A row another sweep wrote first is left as it is (the unique
    constraint decides who owns it). Returns the rows written."""
    if not plan.new:
        return 0
    rows, params = _planned_keys_sql(plan.new)
    table = connection.ops.quote_name(Reminder._meta.db_table)
    created_at = Reminder._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    # 'WHERE true' keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    sql = f"""INSERT INTO {table} (requirement_id, kind, for_date, email, person_id, roles,
            status, attempts, error, created_at)
        SELECT due.requirement_id, due.kind, due.for_date, due.email, due.person_id,
            due.roles, %s, 0, '', %s
        FROM {rows} WHERE true
        ON CONFLICT (requirement_id, kind, email, for_date) DO NOTHING"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [Reminder.Status.PLANNED, created_at, *params])
        written = cursor.rowcount
    revive_skipped(plan.new)
    return written


def pending_q(now: dt.datetime) -> Q:
    """Rows to claim: planned, or stuck sending past their lease."""
    return ledger.pending_q(Reminder, now)


def claim(*, now: dt.datetime) -> list[Batch]:
    """Take every pending row with one conditional UPDATE; return them grouped per address.

    Two sweeps at once: the second UPDATE waits for the first one's row locks, then finds
    the rows no longer pending and takes none of them.
    """
    give_up_on_stuck_rows(now=now)
    return ledger.claim_pending(Reminder, now=now, claimed_at=now)


def give_up_on_stuck_rows(*, now: dt.datetime) -> int:
    """A row whose every attempt died mid-send would be taken over forever: after the last
    attempt it is recorded as failed instead."""
    return ledger.give_up_on_stuck_rows(
        Reminder,
        now=now,
        error="Gave up: the last send attempt never finished (worker stopped).",
    )


@dataclass
class SweepReport:
    today: dt.date
    plan: SweepPlan
    batches: list[Batch] = field(default_factory=list)
    dry_run: bool = False
    duties: object = None  # compliance.duties.reminders.DutySweep
    seconds: dict[str, float] = field(default_factory=dict)  # each step's time, for the log


def sweep(
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    rules: ReminderRules | None = None,
) -> SweepReport:
    """Plan, record and claim. Sending is the caller's: a Celery task per batch, or inline
    for the management command. A dry run only plans and writes nothing. `now` times the
    claims; `today` (default: now's London date, as deadlines change at London midnight)
    is the day planned for."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    clock = _StepClock()
    plan = plan_reminders(today=today, rules=rules)
    report = SweepReport(today=today, plan=plan, dry_run=dry_run, seconds=clock.seconds)
    clock.lap("plan")
    if dry_run:
        report.duties = sweep_duties(now=now, today=today, dry_run=True)
        return report
    with transaction.atomic():
        record(plan)
    clock.lap("record")
    with transaction.atomic():
        report.batches = claim(now=now)
    clock.lap("claim")
    report.duties = sweep_duties(now=now, today=today)  # issue 15: monitoring duties
    clock.lap("duties")
    return report


class _StepClock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._last
        self._last = now


def pending_reminders(*, now: dt.datetime):
    """Ledger rows a sweep would claim now (for a dry run's report)."""
    return Reminder.objects.filter(pending_q(now)).order_by("email", "id")
