"""Helpers shared by the reminder tests: London times, a sweep that sends in-process, an
email backend that fails for chosen addresses, and work run in threads released at once."""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from compliance.reminders.delivery import deliver_inline
from compliance.reminders.sweep import sweep

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def sweep_and_send(now: dt.datetime):
    """One whole sweep, sending in this process (what `send_reminders` does)."""
    report = sweep(now=now)
    return report, list(deliver_inline(report.batches, now=now))


def run_at_once(work, *, threads: int = 2, timeout: float = 60) -> list[Exception]:
    """Run `work()` in `threads` threads released together by a barrier, each on its own
    database connection (closed as it ends); returns what they raised, since a thread's
    exception is otherwise lost."""
    start = threading.Barrier(threads)
    errors = []

    def worker():
        try:
            start.wait()
            work()
        except Exception as exc:  # returned to the test
            errors.append(exc)
        finally:
            connection.close()

    running = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(timeout=timeout)
    return errors


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
