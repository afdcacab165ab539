"""A reminder series follows the requirement as it is now: a moved due date gets its
milestones again, a requirement active again gets its current milestone, a sweep given a
date judges its digests by it, a resent digest keeps its Message-ID, and a skipped row
says why."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import get_connection

from compliance.models import Reminder
from compliance.reminders.delivery import deliver_digest, deliver_inline
from compliance.reminders.sweep import sweep
from compliance.tasks import sweep_reminders
from inspections.models import Requirement
from tests.compliance.reminders.support import (
    FailingBackend,
    failing_mail,
    london,
    sent_to,
    sweep_and_send,
)
from tests.factories import RequirementFactory

__all__ = ["failing_mail"]

DUE = dt.date(2026, 6, 30)


@pytest.fixture
def requirement(world):
    return RequirementFactory(inspection__home=world.home, due_date=DUE)


def ri_email(world):
    return world.home.responsible_individual.email.lower()


def rows_of(kind, email):
    return list(
        Reminder.objects.filter(kind=kind, email=email)
        .order_by("for_date")
        .values_list("for_date", "status")
    )


def test_a_moved_due_date_gets_its_milestones_again(world, requirement):
    ri = ri_email(world)
    sweep_and_send(london(DUE - dt.timedelta(7)))
    assert rows_of("advance_7", ri) == [(DUE - dt.timedelta(7), "sent")]
    new_due = DUE + dt.timedelta(21)
    Requirement.objects.filter(pk=requirement.pk).update(due_date=new_due)
    sweep_and_send(london(new_due - dt.timedelta(7)))
    assert rows_of("advance_7", ri) == [
        (DUE - dt.timedelta(7), "sent"),
        (new_due - dt.timedelta(7), "sent"),
    ]
    assert len(sent_to(ri)) == 2
    assert new_due.strftime("%-d %B %Y") in sent_to(ri)[-1].body


def test_a_claimed_row_for_the_old_date_is_skipped_with_the_true_reason(world, requirement):
    ri = ri_email(world)
    report = sweep(now=london(DUE - dt.timedelta(7)))
    # Still within the 7-day milestone, but counted from a new date.
    Requirement.objects.filter(pk=requirement.pk).update(due_date=DUE - dt.timedelta(2))
    list(deliver_inline(report.batches, today=DUE - dt.timedelta(7)))
    row = Reminder.objects.get(kind="advance_7", email=ri)
    assert row.status == "skipped"
    assert row.error.startswith("The due date moved to 28/06/2026")


def test_a_requirement_active_again_gets_its_current_milestone(world, requirement):
    ri = ri_email(world)
    day = DUE - dt.timedelta(7)
    report = sweep(now=london(day))
    # The provider marks it done before the digest goes: the row is skipped, truly.
    Requirement.objects.filter(pk=requirement.pk).update(status="action_completed")
    list(deliver_inline(report.batches, today=day))
    row = Reminder.objects.get(kind="advance_7", email=ri)
    assert (row.status, row.error) == (
        "skipped",
        "No longer due: the requirement is action completed.",
    )
    assert mail.outbox == []
    # A regulator sends it back to in progress the same day: the milestone goes after all.
    Requirement.objects.filter(pk=requirement.pk).update(status="in_progress")
    sweep_and_send(london(day, 15))
    row.refresh_from_db()
    assert row.status == "sent" and row.error == ""
    assert len(sent_to(ri)) == 1
    # And only once.
    sweep_and_send(london(day, 16))
    assert len(sent_to(ri)) == 1


def test_a_requirement_confirmed_not_met_keeps_getting_overdue_reminders(world, requirement):
    Requirement.objects.filter(pk=requirement.pk).update(status="not_met")
    ri = ri_email(world)
    sweep_and_send(london(DUE + dt.timedelta(14)))
    assert rows_of("overdue_14", ri) == [(DUE + dt.timedelta(14), "sent")]


def test_the_sweep_task_given_a_date_sends_by_that_date(
    world, requirement, eager, django_capture_on_commit_callbacks
):
    # Real today is months from DUE; the sweep is told it is the due day.
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders.delay(london(DUE).isoformat())
    statuses = set(Reminder.objects.values_list("kind", "status"))
    assert statuses == {("due_today", "sent")}
    assert len(mail.outbox) == 2


def test_a_digest_sent_again_after_a_failure_keeps_its_message_id(world, requirement, failing_mail):
    ri = ri_email(world)
    failing_mail.add(ri)
    report = sweep(now=london(DUE))
    batch = next(b for b in report.batches if b.email == ri)
    with pytest.raises(ConnectionRefusedError):
        deliver_digest(
            reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token, today=DUE
        )
    (first,) = FailingBackend.REFUSED
    failing_mail.clear()
    deliver_digest(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token, today=DUE)
    (sent,) = sent_to(ri)
    assert sent.extra_headers["Message-ID"] == first.extra_headers["Message-ID"]
    assert sent.extra_headers["Message-ID"].startswith("<reminder-digest.")


def test_smtp_connections_time_out(settings):
    assert settings.EMAIL_TIMEOUT == 30
    settings.EMAIL_TIMEOUT = 7
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == 7
