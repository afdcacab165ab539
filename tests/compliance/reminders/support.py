"""Helpers shared by the reminder tests: London times, a sweep that sends in-process, and an
email backend that fails for chosen addresses."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from compliance.reminders.delivery import deliver_inline
from compliance.reminders.sweep import sweep

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def sweep_and_send(now: dt.datetime):
    """One whole sweep, sending in this process (what `send_reminders` does)."""
    report = sweep(now=now)
    return report, list(deliver_inline(report.batches, now=now))


def sent_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


class FailingBackend(EmailBackend):
    """Like locmem, but refuses every address in FAILING (as an SMTP server would)."""

    FAILING: set[str] = set()
    REFUSED: list = []  # the messages refused, as built, to compare with a later retry

    def send_messages(self, messages):
        for message in messages:
            refused = set(message.to) & self.FAILING
            if refused:
                FailingBackend.REFUSED.append(message)
                raise ConnectionRefusedError(f"550 mailbox unavailable: {', '.join(refused)}")
        return super().send_messages(messages)


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = "tests.compliance.reminders.support.FailingBackend"
    FailingBackend.FAILING = set()
    FailingBackend.REFUSED = []
    yield FailingBackend.FAILING
    FailingBackend.FAILING = set()
    FailingBackend.REFUSED = []
