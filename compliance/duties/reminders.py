"""Duty reminders: planned by the reminder sweep (compliance.reminders.sweep calls
`sweep_duties`), written to the DutyReminder ledger before anything is sent, claimed with
one conditional UPDATE, and sent as one email per address.

What is reminded, to the home's registered manager and responsible individual:
- `missing_visit`: last month ended with no Regulation 44 visit recorded ("the visit for
  November 2026 has not been recorded"), for homes that record their visits here;
- `report_due_5`, `report_due_1`, `report_overdue`: a Regulation 45 review report, or a
  Regulation 44 visit report, not yet sent to Ofsted ("the Regulation 45 report is due to
  Ofsted in 5 days");
- `review_due_14`, `review_overdue`: the next Regulation 45 review.
On any day only the latest milestone passed is planned, so missed sweeps send one
reminder, not a backlog. The ledger's unique (home, duty, kind, period, email) makes each
go once, whichever worker gets there first. People who opted out of advance reminders
(Person.advance_reminders) get only the missing and overdue ones.
"""

from __future__ import annotations

import datetime as dt
import operator
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from compliance.duties import action_reminders, rules
from compliance.duties.models import DutyReminder, Review, Visit
from compliance.reminders import ledger
from compliance.reminders.digests import build_digest
from compliance.reminders.ledger import Batch
from compliance.rules import today_in_london
from providers.models import Home

REPORT_MILESTONES = (5, 1)  # days before a report is due to Ofsted
REVIEW_MILESTONES = (14,)  # days before the next review is due
ADVANCE_PREFIXES = ("report_due_", "review_due_")


@dataclass(frozen=True)
class PlannedDutyReminder:
    home_id: int
    duty_id: str
    kind: str
    period: dt.date
    email: str
    person_id: int | None
    message: str
    action_id: int | None = None  # set for a visit's or review's action (action_reminders)


def milestone(*, deadline: dt.date, today: dt.date, days: tuple[int, ...], prefix: str) -> str:
    """The latest milestone passed on `today` ('' if none yet): `{prefix}_due_N` from N days
    before, `{prefix}_overdue` after the deadline."""
    left = (deadline - today).days
    if left < 0:
        return f"{prefix}_overdue"
    passed = [d for d in days if left <= d]
    return f"{prefix}_due_{min(passed)}" if passed else ""


def _when(left: int) -> str:
    if left < 0:
        return f"was due {-left} day{'s' if left != -1 else ''} ago"
    if left == 0:
        return "is due today"
    return f"is due in {left} day{'s' if left != 1 else ''}"


def _people(home) -> list[tuple[str, int, bool]]:
    out = []
    for person in (home.registered_manager, home.responsible_individual):
        if person is not None and person.email:
            out.append((person.email.lower(), person.pk, person.advance_reminders))
    return out


def plan_duty_reminders(*, today: dt.date) -> list[PlannedDutyReminder]:
    """Everything due a duty reminder on `today`, the visits' and reviews' actions with them.
    Reads only; five queries."""
    due: list[tuple[Home, str, str, dt.date, str]] = []
    people = ("registered_manager", "responsible_individual")
    last_month = rules.add_months(rules.month_start(today), -1)
    # Homes that record visits here (one in the year before last month) and have none in
    # last month: a visit since then does not make up for the month without one.
    visits = Visit.objects.filter(home=OuterRef("pk"))
    homes = (
        Home.objects.filter(
            Exists(
                visits.filter(
                    visit_date__gte=rules.add_months(last_month, -12), visit_date__lt=last_month
                )
            )
        )
        .exclude(
            Exists(
                visits.filter(
                    visit_date__gte=last_month, visit_date__lte=rules.month_end(last_month)
                )
            )
        )
        .select_related(*people)
    )
    for home in homes:
        due.append(
            (
                home,
                "reg44_visit",
                "missing_visit",
                last_month,
                f"{home.urn}: the Regulation 44 visit for {last_month:%B %Y} has not been "
                "recorded.",
            )
        )
    # Unsent reports to Ofsted: reviews (28 days) and visits (end of the visit's month).
    reviews = Review.objects.filter(
        sent_to_ofsted_on__isnull=True,
        completed_on__gte=today - dt.timedelta(days=28 + 60),
    ).select_related(*(f"home__{p}" for p in people))
    for review in reviews:
        deadline = rules.report_deadline(done_on=review.completed_on, rule="days:28")
        due += _report_due(
            review.home,
            "reg45_report_hmci",
            deadline=deadline,
            today=today,
            message=f"{review.home.urn}: the Regulation 45 report "
            f"{_when((deadline - today).days)} to Ofsted ({deadline:%d/%m/%Y}).",
        )
    visits = Visit.objects.filter(
        sent_to_ofsted_on__isnull=True, visit_date__gte=rules.add_months(last_month, -1)
    ).select_related(*(f"home__{p}" for p in people))
    for visit in visits:
        deadline = rules.month_end(visit.visit_date)
        due += _report_due(
            visit.home,
            "reg44_report_hmci",
            deadline=deadline,
            today=today,
            message=f"{visit.home.urn}: the Regulation 44 report of the visit on "
            f"{visit.visit_date:%d/%m/%Y} {_when((deadline - today).days)} to Ofsted.",
        )
    # The next Regulation 45 review, for homes that recorded one in the last year.
    review_homes = (
        Home.objects.annotate(last_review=Max("duty_reviews__completed_on"))
        .filter(
            # A loose bound (month-end clamping is not invertible: 31 May + 6 months is
            # 30 November, as is 30 May); milestone() below decides exactly.
            last_review__lte=rules.add_months(today + dt.timedelta(days=max(REVIEW_MILESTONES)), -6)
            + dt.timedelta(days=3),
            last_review__gte=rules.add_months(today, -12),
        )
        .select_related(*people)
    )
    for home in review_homes:
        deadline = rules.add_months(home.last_review, 6)
        kind = milestone(deadline=deadline, today=today, days=REVIEW_MILESTONES, prefix="review")
        if kind:
            due.append(
                (
                    home,
                    "reg45_review",
                    kind,
                    deadline,
                    f"{home.urn}: the next Regulation 45 review {_when((deadline - today).days)} "
                    f"({deadline:%d/%m/%Y}).",
                )
            )
    planned = []
    for home, duty, kind, period, message in due:
        advance = kind.startswith(ADVANCE_PREFIXES)
        for email, person_id, wants_advance in _people(home):
            if advance and not wants_advance:
                continue
            planned.append(
                PlannedDutyReminder(home.pk, duty, kind, period, email, person_id, message)
            )
    return planned + action_reminders.plan_action_reminders(today=today)


def _report_due(home, duty_code, *, deadline, today, message) -> list[tuple]:
    """The report's reminder due today (its latest milestone passed), if any."""
    kind = milestone(deadline=deadline, today=today, days=REPORT_MILESTONES, prefix="report")
    return [(home, duty_code, kind, deadline, message)] if kind else []


LEDGER_COLUMNS = {  # PlannedDutyReminder's fields, as ledger columns with their types
    "home_id": "bigint",
    "duty_id": "text",
    "kind": "text",
    "period": "date",
    "email": "text",
    "person_id": "bigint",
    "message": "text",
    "action_id": "bigint",
}


ledger_values = operator.attrgetter(*LEDGER_COLUMNS)  # dataclasses.astuple deep-copies: slow


def record(planned: list[PlannedDutyReminder]) -> int:
    """Write the plan's new rows to the ledger in one statement; rows already there (from an
    earlier sweep of the day, or a concurrent one) are left as they are. Returns how many
    were new."""
    return ledger.insert_new_rows(
        DutyReminder,
        columns=LEDGER_COLUMNS,
        rows=[ledger_values(p) for p in planned],
        keys=["home_id", "duty_id", "kind", "period", "email", "action_id"],
        same_row=[  # the two unique constraints: an action's row, a duty's own row
            "due.action_id IS NOT NULL AND r.action_id = due.action_id AND r.kind = due.kind "
            "AND r.period = due.period AND r.email = due.email",
            "due.action_id IS NULL AND r.action_id IS NULL AND r.home_id = due.home_id "
            "AND r.duty_id = due.duty_id AND r.kind = due.kind AND r.period = due.period "
            "AND r.email = due.email",
        ],
        fixed={
            "status": DutyReminder.Status.PLANNED,
            "attempts": 0,
            "error": "",
            "created_at": timezone.now(),
        },
    )


DutyBatch = Batch  # one address's claimed rows, as for requirement reminders


def claim(*, now: dt.datetime) -> list[DutyBatch]:
    """Take every planned row, and every row stuck sending past its lease, with one
    conditional UPDATE stamped with this sweep's token; a concurrent sweep's UPDATE finds
    them no longer pending and takes none."""
    ledger.give_up_on_stuck_rows(DutyReminder, now=now, error="Gave up after the last attempt.")
    return ledger.claim_pending(DutyReminder, now=now)


@dataclass
class DutySweep:
    planned: list[PlannedDutyReminder]
    batches: list[DutyBatch]


def sweep_duties(*, now: dt.datetime, today: dt.date, dry_run: bool = False) -> DutySweep:
    """Plan, record and claim duty reminders (called by the reminder sweep)."""
    planned = plan_duty_reminders(today=today)
    if dry_run:
        return DutySweep(planned, [])
    with transaction.atomic():
        record(planned)
    with transaction.atomic():
        batches = claim(now=now)
    return DutySweep(planned, batches)


def take_claimed(*, reminder_ids, claim_token: str) -> list[DutyReminder]:
    """The rows still ours under this claim that are still due, locked for the rest of the
    transaction; each counts an attempt, and those no longer due are skipped. Used by the
    reminder digest (the same email as the address's requirement reminders) and by
    `deliver` (an address with duty reminders only)."""
    rows = list(
        DutyReminder.objects.select_for_update(of=("self",))
        .filter(pk__in=reminder_ids, claim_token=claim_token, status=DutyReminder.Status.SENDING)
        .select_related("home", "person", "action")
        .order_by("period", "id")
    )
    if not rows:
        return []
    # Counted before the send, so a worker dying mid-send still uses up an attempt.
    DutyReminder.objects.filter(pk__in=[r.pk for r in rows]).update(attempts=F("attempts") + 1)
    fresh, skipped = [], []
    for row in rows:
        (fresh if still_due(row) else skipped).append(row)
    if skipped:
        DutyReminder.objects.filter(pk__in=[r.pk for r in skipped], claim_token=claim_token).update(
            status=DutyReminder.Status.SKIPPED, error="No longer due when its turn came."
        )
    return fresh


def mark_sent(rows: list[DutyReminder], *, claim_token: str, now: dt.datetime) -> None:
    DutyReminder.objects.filter(pk__in=[r.pk for r in rows], claim_token=claim_token).update(
        status=DutyReminder.Status.SENT, sent_at=now, error=""
    )


def deliver(*, reminder_ids: list[int], claim_token: str, now: dt.datetime | None = None) -> int:
    """Send an address that has only duty reminders its email, if the rows still carry this
    claim. Returns how many went (0 when another sweep took them over)."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = take_claimed(reminder_ids=reminder_ids, claim_token=claim_token)
    by_email = defaultdict(list)
    for row in fresh:
        by_email[row.email].append(row)
    sent = 0
    for email, mine in by_email.items():  # one email per address (a batch holds one)
        try:
            duty_email(email, mine).send()
        except Exception as exc:  # recorded on the rows; the next sweep after the lease retries
            DutyReminder.objects.filter(
                pk__in=[r.pk for r in mine], claim_token=claim_token
            ).update(error=f"{type(exc).__name__}: {exc}")
            raise
        mark_sent(mine, claim_token=claim_token, now=now)
        sent += len(mine)
    return sent


def still_due(row: DutyReminder) -> bool:
    """Whether what a claimed row reminds of is still outstanding (something recorded
    since the sweep planned it makes it skipped, not sent)."""
    if row.action_id is not None:
        return action_reminders.still_due(row)
    if row.kind == "missing_visit":
        return not Visit.objects.filter(
            home_id=row.home_id,
            visit_date__gte=row.period,
            visit_date__lte=rules.month_end(row.period),
        ).exists()
    if row.duty_id == "reg45_report_hmci":
        done_on = row.period - dt.timedelta(days=28)
        return Review.objects.filter(
            home_id=row.home_id, completed_on=done_on, sent_to_ofsted_on__isnull=True
        ).exists()
    if row.duty_id == "reg44_report_hmci":
        return Visit.objects.filter(
            home_id=row.home_id,
            visit_date__gte=rules.month_start(row.period),
            visit_date__lte=row.period,
            sent_to_ofsted_on__isnull=True,
        ).exists()
    if row.duty_id == "reg45_review":
        # Due 6 months after the last review: a review completed since then answers it.
        return not Review.objects.filter(
            home_id=row.home_id, completed_on__gt=rules.add_months(row.period, -6) + dt.timedelta(3)
        ).exists()
    return True


def duty_email(email: str, rows: list[DutyReminder]) -> EmailMessage:
    """An address's email when it has duty reminders only: the reminder digest's templates
    (subject, text and HTML) with no requirement in it, so both emails read alike."""
    return build_digest(
        email=email, reminders=[], today=today_in_london(), digest_id=uuid.uuid4(), duties=rows
    )
