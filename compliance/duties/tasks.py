"""Celery task for duty reminders: takes ids and the claim token, calls the service."""

import logging

from celery import shared_task

from compliance.duties.reminders import deliver

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_duty_reminders(reminder_ids: list[int], claim_token: str) -> None:
    """Send one address its duty reminders. A failure is recorded on the rows; the next
    sweep after the lease takes them over, up to REMINDER_MAX_ATTEMPTS."""
    try:
        deliver(reminder_ids=reminder_ids, claim_token=claim_token)
    except Exception as exc:  # recorded by deliver; the lease brings it back
        logger.warning("Duty reminders not sent: %s", exc)
