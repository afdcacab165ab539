"""What the two reminder ledgers (compliance.models.Reminder, and the duties'
DutyReminder) share: a row is claimed by one conditional UPDATE stamped with a sweep's
token, and the claimed rows go out grouped per address. Both models have the same
status values, `lease_until`, `claim_token` and `attempts`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q


@dataclass(frozen=True)
class Batch:
    """The reminders one address gets in one digest, claimed under one token."""

    email: str
    reminder_ids: tuple[int, ...]
    claim_token: str


def sending_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT_SECONDS)


def pending_q(model, now: dt.datetime) -> Q:
    """Rows to claim: planned, or stuck sending past their lease."""
    return Q(status=model.Status.PLANNED) | Q(status=model.Status.SENDING, lease_until__lt=now)


def give_up_on_stuck_rows(model, *, now: dt.datetime, error: str) -> int:
    """Rows still sending past their lease after the last attempt are recorded as failed."""
    return model.objects.filter(
        status=model.Status.SENDING,
        lease_until__lt=now,
        attempts__gte=settings.REMINDER_MAX_ATTEMPTS,
    ).update(status=model.Status.FAILED, error=error)


def claim_pending(model, *, now: dt.datetime, **stamp) -> list[Batch]:
    """Take every pending row with one conditional UPDATE under a new token (and `stamp`);
    return them grouped per address."""
    token = uuid.uuid4()
    model.objects.filter(pending_q(model, now)).update(
        status=model.Status.SENDING, claim_token=token, lease_until=now + sending_timeout(), **stamp
    )
    claimed = defaultdict(list)
    rows = model.objects.filter(claim_token=token, status=model.Status.SENDING)
    for pk, email in rows.order_by("email", "id").values_list("id", "email"):
        claimed[email].append(pk)
    return [Batch(email, tuple(ids), str(token)) for email, ids in claimed.items()]
