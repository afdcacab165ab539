"""Celery tasks: thin wrappers that take ids and dates and call the reminder services.

Beat runs `sweep_reminders` every hour (CELERY_BEAT_SCHEDULE). It claims what is due and
enqueues `send_reminder_digests` for REMINDER_DIGESTS_PER_TASK addresses at a time, after its
transaction commits; a digest that fails is retried alone by `send_reminder_digest`. Nothing
is ever scheduled as a far-future ETA task: the ledger and the next sweep carry the state.
"""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from compliance.duties.tasks import send_duty_reminders
from compliance.reminders.delivery import deliver_digest, duty_only_batches, record_failure
from compliance.reminders.sweep import sweep

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def sweep_reminders(now: str | None = None) -> None:
    """Plan, record and claim due reminders; enqueue their digests in chunks.
    `now` (ISO 8601) stands in for the current time, for tests and catch-up runs."""
    report = sweep(now=dt.datetime.fromisoformat(now) if now else None)
    for unreachable in report.plan.unreachable:
        logger.warning(
            "Not reminded (no email): %s, %s of %s",
            unreachable.name,
            unreachable.role,
            unreachable.home_urn,
        )
    enqueue_digests(report)
    for batch in duty_only_batches(report):  # issue 15: an address with duty reminders only
        transaction.on_commit(
            lambda batch=batch: send_duty_reminders.delay(
                list(batch.reminder_ids), batch.claim_token
            )
        )


def enqueue_digests(report) -> int:
    """One task per REMINDER_DIGESTS_PER_TASK addresses, after the claim commits: a first
    sweep of the day at England scale claims digests for thousands of addresses, and one
    message per address would cost more than the whole sweep. Returns the tasks enqueued.
    Each digest also carries its address's claimed duty reminders, if any."""
    day = report.today.isoformat()
    size = settings.REMINDER_DIGESTS_PER_TASK
    duties = {batch.email: batch for batch in report.duties.batches}
    digests = []
    for b in report.batches:
        duty = duties.get(b.email)
        digests.append(
            [list(b.reminder_ids), b.claim_token]
            + ([list(duty.reminder_ids), duty.claim_token] if duty else [])
        )
    chunks = [digests[i : i + size] for i in range(0, len(digests), size)]
    if chunks:
        transaction.on_commit(lambda: _publish(chunks, day))
    return len(chunks)


def _publish(chunks: list, day: str) -> None:
    """Every chunk through one broker connection (a connection per message cost ~3 ms)."""
    with send_reminder_digests.app.producer_or_acquire() as producer:
        for chunk in chunks:
            send_reminder_digests.apply_async((chunk, day), producer=producer)


@shared_task(ignore_result=True)
def send_reminder_digests(digests: list, today: str | None = None) -> None:
    """Send each [reminder_ids, claim_token] its digest. One that fails is recorded and
    retried on its own (send_reminder_digest), so the others go out now."""
    for reminder_ids, claim_token, *duty in digests:
        retry = _deliver(reminder_ids, claim_token, today, *duty)
        if retry is not None and not send_reminder_digests.request.is_eager:
            send_reminder_digest.apply_async(
                (reminder_ids, claim_token, today, *duty), countdown=retry[0]
            )


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_reminder_digest(
    self,
    reminder_ids: list[int],
    claim_token: str,
    today: str | None = None,
    duty_ids: list[int] | None = None,
    duty_claim: str = "",
) -> None:
    """Send one address its digest, judged on `today` (ISO date: the day its sweep planned
    for; default today in London). A failure is recorded on the ledger rows and retried
    with exponential backoff until REMINDER_MAX_ATTEMPTS (counted in the ledger, so it
    survives worker restarts); then the rows are recorded as failed."""
    retry = _deliver(reminder_ids, claim_token, today, duty_ids, duty_claim)
    if retry is not None and not self.request.is_eager:
        # In-process (no broker) there is nobody to run a delayed retry: the next sweep
        # after the lease retries.
        countdown, exc = retry
        raise self.retry(exc=exc, countdown=countdown)


def _deliver(
    reminder_ids: list[int],
    claim_token: str,
    today: str | None,
    duty_ids: list[int] | None = None,
    duty_claim: str = "",
) -> tuple[int, Exception] | None:
    """Send one digest; on failure record it and return (seconds until a retry, the error);
    None: sent, or failed for good."""
    try:
        deliver_digest(
            reminder_ids=reminder_ids,
            claim_token=claim_token,
            today=dt.date.fromisoformat(today) if today else None,
            duty_ids=duty_ids or (),
            duty_claim=duty_claim,
        )
    except Exception as exc:  # every failure is recorded before deciding to retry
        failure = record_failure(
            reminder_ids=reminder_ids,
            claim_token=claim_token,
            error=f"{type(exc).__name__}: {exc}",
        )
        if failure.final:
            logger.error("Reminder digest failed for good: %s", exc)
            return None
        return failure.retry_in, exc
    return None


@shared_task(ignore_result=True)
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """The password-reset email for an address, sent outside the request (see
    ResetPasswordForm.save). Nothing is sent for an address with no account."""
    from compliance.web.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.send_now(domain=domain, use_https=use_https)


@shared_task(ignore_result=True)
def send_account_locked_notice(*, username: str) -> None:
    """Tells the owner of a just-locked account how to get back in (compliance.web.throttle).
    Nothing is sent for a username with no account or no email address."""
    from compliance.web.throttle import send_locked_notice

    send_locked_notice(username=username)
