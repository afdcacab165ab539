"""Sending one claimed digest, and recording how it went.

A digest is sent only while its rows still carry the claim token they were handed out
with and are still `sending`: a redelivered task whose rows another sweep has taken over
finds none and sends nothing. Each attempt is counted before the send, so a worker that
dies mid-send still uses up an attempt. Rows that are no longer due when their turn comes
(closed meanwhile, superseded, or the person opted out) are recorded as skipped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from compliance.duties.reminders import mark_sent, take_claimed
from compliance.models import Reminder
from compliance.reminders.digests import build_digest
from compliance.reminders.planning import ReminderRules, is_advance, reminders_due
from compliance.reminders.sweep import Batch, sending_timeout
from compliance.rules import AWAITING_STATUSES, CLOSED_STATUSES, today_in_london

# Digest ids are UUIDs derived from their rows (see digest_id_for).
DIGEST_NAMESPACE = uuid.UUID("8f5c1b2e-3d4a-5b6c-9e7f-0a1b2c3d4e5f")


@dataclass(frozen=True)
class Delivery:
    email: str
    sent: int = 0
    skipped: int = 0
    digest_id: uuid.UUID | None = None
    subject: str = ""


def why_not_due(reminder: Reminder, *, today: dt.date, rules: ReminderRules) -> str:
    """Why a claimed row should not go out after all ('' if it should), judged on `today`,
    the day the sweep planned for."""
    requirement = reminder.requirement
    if requirement.due_date is None:
        return "No longer due: the requirement has no due date."
    due = reminders_due(
        status=requirement.status, due_date=requirement.due_date, today=today, rules=rules
    )
    if not due:
        if requirement.status in CLOSED_STATUSES + AWAITING_STATUSES:
            status = requirement.get_status_display().lower()
            return f"No longer due: the requirement is {status}."
        return f"Not due on {today:%d/%m/%Y}: no reminder falls due then."
    current = {d.kind: d.for_date for d in due}
    if reminder.kind in current and current[reminder.kind] != reminder.for_date:
        return (
            f"The due date moved to {requirement.due_date:%d/%m/%Y}: this reminder was for "
            f"the milestone of {reminder.for_date:%d/%m/%Y}."
        )
    if reminder.kind not in current:
        return f"Superseded by {', '.join(current)} (due {requirement.due_date:%d/%m/%Y})."
    person = reminder.person
    if person is not None and is_advance(reminder.kind) and not person.advance_reminders:
        return "The person opted out of advance reminders."
    return ""


def digest_id_for(reminder_ids) -> uuid.UUID:
    """The digest's id, and so its Message-ID: the same rows give the same id, so a digest
    sent again after a crash or a retry carries the Message-ID of the first try and a
    receiving system can drop the copy."""
    key = ",".join(str(pk) for pk in sorted(reminder_ids))
    return uuid.uuid5(DIGEST_NAMESPACE, key)


def deliver_digest(
    *,
    reminder_ids: list[int],
    claim_token: str,
    today: dt.date | None = None,
    rules: ReminderRules | None = None,
    duty_ids=(),
    duty_claim: str = "",
) -> Delivery | None:
    """Send the digest for these claimed rows. None if they are no longer ours to send.
    A failed send raises (and changes nothing but the attempt count); see record_failure.
    `today` (default: today in London) decides what is still due. `duty_ids` and
    `duty_claim`: the same address's claimed monitoring-duty reminders (issue 15), which go
    in the same email and are marked sent with it."""
    today = today or today_in_london()
    rules = rules or ReminderRules.from_settings()
    ours = Reminder.objects.filter(
        pk__in=reminder_ids, claim_token=claim_token, status=Reminder.Status.SENDING
    )
    if not ours.update(attempts=F("attempts") + 1):
        return None
    with transaction.atomic():
        # Locked while sending, so a sweep taking over expired leases waits for the outcome.
        rows = list(
            ours.select_for_update(of=("self",))
            .select_related(
                "person",
                "requirement__inspection__home__provider",
                "requirement__regulation",
                "requirement__owner",
            )
            .order_by("id")
        )
        if not rows:
            return None
        keep, skipped = [], 0
        for row in rows:
            reason = why_not_due(row, today=today, rules=rules)
            if reason:
                Reminder.objects.filter(pk=row.pk).update(
                    status=Reminder.Status.SKIPPED, error=reason
                )
                skipped += 1
            else:
                keep.append(row)
        duties = take_claimed(reminder_ids=duty_ids, claim_token=duty_claim) if duty_ids else []
        if not keep and not duties:
            return Delivery(rows[0].email, skipped=skipped)
        digest_id = digest_id_for(row.pk for row in keep)
        message = build_digest(
            email=rows[0].email, reminders=keep, today=today, digest_id=digest_id, duties=duties
        )
        message.send()
        now = timezone.now()
        Reminder.objects.filter(pk__in=[row.pk for row in keep]).update(
            status=Reminder.Status.SENT, sent_at=now, digest_id=digest_id, error=""
        )
        if duties:
            mark_sent(duties, claim_token=duty_claim, now=now)
    return Delivery(rows[0].email, len(keep) + len(duties), skipped, digest_id, message.subject)


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: 1, 2, 4, 8... times REMINDER_RETRY_DELAY_SECONDS."""
    return settings.REMINDER_RETRY_DELAY_SECONDS * 2 ** max(attempts - 1, 0)


@dataclass(frozen=True)
class Failure:
    final: bool  # no attempts left: the rows are recorded as failed
    retry_in: int  # seconds, when not final


def record_failure(
    *, reminder_ids: list[int], claim_token: str, error: str, now: dt.datetime | None = None
) -> Failure:
    """Record a failed send on the rows. With attempts left, the lease is stretched past
    the retry so no sweep takes them over meanwhile; otherwise they are failed for good."""
    now = now or timezone.now()
    ours = Reminder.objects.filter(
        pk__in=reminder_ids, claim_token=claim_token, status=Reminder.Status.SENDING
    )
    attempts = ours.aggregate(n=Max("attempts"))["n"] or 0
    error = error[:2000]
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        ours.update(status=Reminder.Status.FAILED, error=error)
        return Failure(final=True, retry_in=0)
    delay = retry_delay(attempts)
    ours.update(error=error, lease_until=now + dt.timedelta(seconds=delay) + sending_timeout())
    return Failure(final=False, retry_in=delay)


def duty_only_batches(report) -> list[Batch]:
    """The claimed duty batches of addresses that get no requirement digest this sweep: the
    others ride in that digest, so each address gets one email."""
    with_digest = {batch.email for batch in report.batches}
    return [batch for batch in report.duties.batches if batch.email not in with_digest]


def deliver_inline(
    batches: list[Batch],
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    duties: list[Batch] = (),
):
    """Send each batch in this process (the management command), with the same address's
    duty batch in its email. One failing address never stops the others: its rows keep
    their error and are retried by a later sweep. `now` times the retry lease; `today`
    (default: now's London date) decides what is due."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    duty_of = {duty.email: duty for duty in duties}
    for batch in batches:
        ids = list(batch.reminder_ids)
        duty = duty_of.get(batch.email)
        try:
            outcome = deliver_digest(
                reminder_ids=ids,
                claim_token=batch.claim_token,
                today=today,
                duty_ids=list(duty.reminder_ids) if duty else (),
                duty_claim=duty.claim_token if duty else "",
            )
        except Exception as exc:  # any failure to send is recorded, never lost
            outcome = record_failure(
                reminder_ids=ids,
                claim_token=batch.claim_token,
                error=f"{type(exc).__name__}: {exc}",
                now=now,
            )
        yield batch, outcome
