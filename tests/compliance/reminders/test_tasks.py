"""The Celery tasks and the beat schedule, run in-process (eager): the same code a worker
runs. The real worker on Redis is exercised in test_reminders_e2e.py."""

import datetime as dt

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from compliance.celery import app
from compliance.models import Reminder
from compliance.tasks import send_reminder_digest, send_reminder_digests, sweep_reminders
from tests.compliance.reminders.support import failing_mail, london
from tests.factories import RequirementFactory

__all__ = ["failing_mail"]

DUE = dt.date(2026, 6, 30)


class Clock:
    def __init__(self, now):
        self.now = now


@pytest.fixture
def clock(monkeypatch):
    """The time the tasks see: 9:00 on the due day, moved on by tests."""
    clock = Clock(london(DUE))
    monkeypatch.setattr("django.utils.timezone.now", lambda: clock.now)
    return clock


@pytest.fixture
def requirement(world, clock):
    return RequirementFactory(inspection__home=world.home, due_date=DUE)


@pytest.mark.parametrize("per_task, tasks", [(50, 1), (1, 2)])
def test_the_sweep_task_sends_one_digest_per_address_after_commit(
    eager, requirement, settings, per_task, tasks, monkeypatch, django_capture_on_commit_callbacks
):
    settings.REMINDER_DIGESTS_PER_TASK = per_task
    published = []
    real = send_reminder_digests.apply_async
    monkeypatch.setattr(
        send_reminder_digests,
        "apply_async",
        lambda args, **options: published.append(args) or real(args, **options),
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sweep_reminders.delay()
    assert len(callbacks) == 1  # enqueued on commit, all chunks through one connection
    assert len(published) == tasks  # in chunks of REMINDER_DIGESTS_PER_TASK addresses
    assert len(mail.outbox) == 2  # one per address
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sweep_reminders.delay(london(DUE, 10).isoformat())
    assert callbacks == [] and len(mail.outbox) == 2


def test_in_process_a_failing_send_waits_for_the_next_sweep_then_is_recorded_failed(
    eager, clock, requirement, failing_mail, world, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    rm = world.home.registered_manager.email.lower()
    failing_mail.add(rm)
    for hour in (9, 10, 11, 12):
        clock.now = london(DUE, hour)
        with django_capture_on_commit_callbacks(execute=True):
            sweep_reminders.delay()
        row = Reminder.objects.get(email=rm)
        if hour == 9:
            # One failing address does not stop the others; its error is on its row.
            assert [m.to for m in mail.outbox] == [[world.home.responsible_individual.email]]
            assert (row.status, row.attempts) == ("sending", 1)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.error == f"ConnectionRefusedError: 550 mailbox unavailable: {rm}"
    assert len(mail.outbox) == 1


def test_a_failing_digest_in_a_chunk_is_retried_alone(
    requirement, failing_mail, world, monkeypatch
):
    """Outside eager mode the others of its chunk go out now; the failing one is enqueued
    again by itself, after the backoff."""
    from compliance.reminders.sweep import sweep

    rm = world.home.registered_manager.email.lower()
    failing_mail.add(rm)
    batches = sweep(now=london(DUE)).batches
    retried = []
    monkeypatch.setattr(
        send_reminder_digest,
        "apply_async",
        lambda args, countdown: retried.append((args, countdown)),
    )
    send_reminder_digests.run([[list(b.reminder_ids), b.claim_token] for b in batches], None)
    assert [m.to for m in mail.outbox] == [[world.home.responsible_individual.email]]
    (failed,) = [b for b in batches if b.email == rm]
    assert retried == [((list(failed.reminder_ids), failed.claim_token, None), 60)]
    assert Reminder.objects.get(email=rm).attempts == 1


def test_retries_back_off_exponentially(requirement, failing_mail, world, monkeypatch):
    """Outside eager mode the task asks Celery to retry later, doubling the delay."""
    from compliance.reminders.sweep import sweep

    failing_mail.update(
        {
            world.home.registered_manager.email.lower(),
            world.home.responsible_individual.email.lower(),
        }
    )
    (batch, _) = sweep(now=london(DUE)).batches
    countdowns = []

    def fake_retry(*, exc, countdown):
        countdowns.append(countdown)
        return RuntimeError("retry")

    monkeypatch.setattr(send_reminder_digest, "retry", fake_retry)
    for _ in range(settings.REMINDER_MAX_ATTEMPTS - 1):
        with pytest.raises(RuntimeError, match="retry"):
            send_reminder_digest.run(list(batch.reminder_ids), batch.claim_token)
    send_reminder_digest.run(list(batch.reminder_ids), batch.claim_token)  # the last: no retry
    assert countdowns == [60, 120, 240, 480]
    assert Reminder.objects.get(pk=batch.reminder_ids[0]).status == "failed"


def test_beat_runs_the_sweep_every_hour_from_a_static_schedule():
    (entry,) = settings.CELERY_BEAT_SCHEDULE.values()
    assert entry["task"] == sweep_reminders.name
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert len(schedule.hour) == 24 and len(schedule.minute) == 1


def test_celery_takes_json_only_and_has_time_limits():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    # A claim outlives a task that hits its hard limit, so a live send is never taken over.
    assert app.conf.task_time_limit < settings.REMINDER_SENDING_TIMEOUT_SECONDS
