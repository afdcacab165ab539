"""The sweep and the ledger: one digest per address, exactly once, claims, leases, retries,
failures recorded with their error, and catch-up after missed sweeps."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from compliance.models import Reminder
from compliance.reminders.delivery import deliver_digest
from compliance.reminders.sweep import plan_reminders, sweep
from inspections.models import Requirement
from tests.compliance.reminders.support import failing_mail, london, sent_to, sweep_and_send
from tests.factories import HomeFactory, MembershipFactory, RequirementFactory, UserFactory

__all__ = ["failing_mail"]  # a fixture, used by name

DUE = dt.date(2026, 6, 30)


@pytest.fixture
def requirement(world):
    return RequirementFactory(inspection__home=world.home, due_date=DUE)


def emails_of(home):
    return home.responsible_individual.email.lower(), home.registered_manager.email.lower()


def ledger(**filters):
    return sorted(
        Reminder.objects.filter(**filters).values_list("email", "kind", "status"),
    )


def test_the_day_itself_reminds_the_responsible_individual_and_registered_manager(
    world, requirement
):
    ri, rm = emails_of(world.home)
    sweep_and_send(london(DUE))
    assert set(ledger()) == {(ri, "due_today", "sent"), (rm, "due_today", "sent")}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ri, rm])
    row = Reminder.objects.get(email=ri)
    assert row.sent_at is not None and row.digest_id is not None and row.attempts == 1


def test_one_digest_per_address_per_sweep_however_many_requirements(world, requirement):
    other = RequirementFactory(inspection=requirement.inspection, due_date=DUE - dt.timedelta(7))
    ri, _ = emails_of(world.home)
    sweep_and_send(london(DUE))
    (message,) = sent_to(ri)
    assert message.body.count("/requirements/") == 2
    assert f"/requirements/{requirement.pk}/" in message.body
    assert f"/requirements/{other.pk}/" in message.body
    assert len(mail.outbox) == 2  # RI and RM, one each


def test_a_second_sweep_and_a_double_beat_tick_send_nothing_new(world, requirement):
    sweep_and_send(london(DUE, 9))
    sent = len(mail.outbox)
    report, _ = sweep_and_send(london(DUE, 10))
    sweep_and_send(london(DUE, 10))
    assert len(mail.outbox) == sent == 2
    assert report.plan.new == [] and report.batches == []
    assert Reminder.objects.count() == 2


def test_a_row_another_worker_inserted_first_is_not_sent_again(world, requirement):
    ri, rm = emails_of(world.home)
    # Another worker has already claimed RI's reminder and is sending it (lease still valid).
    Reminder.objects.create(
        requirement=requirement,
        kind="due_today",
        for_date=DUE,
        email=ri,
        status=Reminder.Status.SENDING,
        claim_token=uuid.uuid4(),
        lease_until=london(DUE, 9) + dt.timedelta(minutes=10),
    )
    sweep_and_send(london(DUE, 9))
    assert sent_to(ri) == []
    assert [m.to for m in mail.outbox] == [[rm]]
    assert Reminder.objects.get(email=ri).status == Reminder.Status.SENDING


def test_a_claimed_batch_is_sent_only_by_the_claim_that_holds_it(world, requirement):
    now = london(DUE)
    (batch, _) = sweep(now=now).batches
    ids = list(batch.reminder_ids)
    # A stale copy of the task (wrong token) sends nothing; the real one sends once.
    assert deliver_digest(reminder_ids=ids, claim_token=str(uuid.uuid4()), today=DUE) is None
    first = deliver_digest(reminder_ids=ids, claim_token=batch.claim_token, today=DUE)
    again = deliver_digest(reminder_ids=ids, claim_token=batch.claim_token, today=DUE)
    assert first.sent == 1 and again is None
    assert len(mail.outbox) == 1


def test_rows_stuck_sending_after_a_worker_died_are_taken_over_by_the_next_sweep(
    world, requirement
):
    report = sweep(now=london(DUE, 9))  # claimed, then the worker died before sending
    assert len(report.batches) == 2 and mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sending"}
    # Within the lease the next sweep leaves them alone...
    assert sweep_and_send(london(DUE, 9, 10))[0].batches == []
    # ...after it, it takes them over and sends each once.
    report, _ = sweep_and_send(london(DUE, 10))
    assert len(report.batches) == 2
    assert len(mail.outbox) == 2
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_three_days_down_sends_what_is_still_relevant_once(world, requirement):
    ri, _ = emails_of(world.home)
    sweep_and_send(london(DUE - dt.timedelta(1)))  # advance_1
    # Workers down on the due day and the two days after; back on day 3 overdue.
    sweep_and_send(london(DUE + dt.timedelta(3), 8))
    sweep_and_send(london(DUE + dt.timedelta(3), 9))
    sweep_and_send(london(DUE + dt.timedelta(4), 9))
    assert [(kind) for _, kind, _ in ledger(email=ri)] == ["advance_1", "due_today"]
    (late,) = [m for m in sent_to(ri) if "3 days overdue" in m.body]
    assert "on the day" in late.body
    assert len(sent_to(ri)) == 2


def test_a_week_down_before_the_deadline_skips_the_superseded_advance_reminders(world, requirement):
    ri, _ = emails_of(world.home)
    sweep_and_send(london(DUE - dt.timedelta(20)))  # first seen 20 days before: advance_28
    sweep_and_send(london(DUE - dt.timedelta(3)))  # down from 19 to 4 days before
    assert [kind for _, kind, _ in ledger(email=ri)] == ["advance_28", "advance_7"]


def test_overdue_weekly_then_escalation_to_the_provider_managers(world, requirement):
    manager_email = world.manager.email
    for day in range(0, 22):
        sweep_and_send(london(DUE + dt.timedelta(day)))
    ri, _ = emails_of(world.home)
    assert [kind for _, kind, _ in ledger(email=ri)] == [
        "due_today",
        "overdue_14",
        "overdue_21",
        "overdue_7",
    ]
    assert [kind for _, kind, _ in ledger(email=manager_email)] == [
        "escalation_14",
        "escalation_21",
    ]
    (first, _) = sent_to(manager_email)
    assert first.subject.startswith("Escalation:")
    assert "14 days overdue" in first.body


def test_a_provider_manager_who_is_also_the_responsible_individual_gets_one_email(world):
    person = world.home.responsible_individual
    person.email = world.manager.email
    person.save()
    requirement = RequirementFactory(inspection__home=world.home, due_date=DUE)
    sweep_and_send(london(DUE + dt.timedelta(14)))
    (message,) = sent_to(world.manager.email)
    assert ledger(email=world.manager.email) == [
        (world.manager.email, "escalation_14", "sent"),
        (world.manager.email, "overdue_14", "sent"),
    ]
    assert message.body.count(f"/requirements/{requirement.pk}/") == 1


def test_the_owner_is_reminded_too(world, requirement):
    from tests.factories import PersonFactory

    owner = PersonFactory(provider=world.provider, email="Owner@Example.org")
    Requirement.objects.filter(pk=requirement.pk).update(owner=owner)
    sweep_and_send(london(DUE))
    (message,) = sent_to("owner@example.org")
    assert "as owner" in message.body


def test_opted_out_people_get_no_advance_reminders_but_still_overdue_ones(world, requirement):
    rm = world.home.registered_manager
    rm.advance_reminders = False
    rm.save()
    sweep_and_send(london(DUE - dt.timedelta(7)))
    assert sent_to(rm.email.lower()) == []
    sweep_and_send(london(DUE + dt.timedelta(7)))
    assert len(sent_to(rm.email.lower())) == 1


def test_closed_after_claiming_is_skipped_not_sent(world, requirement):
    now = london(DUE)
    report = sweep(now=now)
    Requirement.objects.filter(pk=requirement.pk).update(status="action_completed")
    for batch in report.batches:
        result = deliver_digest(
            reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token, today=DUE
        )
        assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", "error")) == {
        ("skipped", "No longer due: the requirement is action completed.")
    }


def test_a_failing_address_is_recorded_and_never_blocks_the_others(
    world, requirement, failing_mail, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    ri, rm = emails_of(world.home)
    failing_mail.add(rm)
    sweep_and_send(london(DUE, 9))
    assert [m.to for m in mail.outbox] == [[ri]]
    failed = Reminder.objects.get(email=rm)
    assert failed.status == "sending" and failed.attempts == 1
    assert "550 mailbox unavailable" in failed.error
    assert failed.lease_until > london(DUE, 9) + dt.timedelta(seconds=60)
    # The next sweep after the retry delay and lease tries again; the last attempt fails it.
    sweep_and_send(london(DUE, 11))
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("failed", 2)
    assert "ConnectionRefusedError: 550 mailbox unavailable" in failed.error
    sweep_and_send(london(DUE, 13))
    assert Reminder.objects.get(email=rm).attempts == 2  # failed rows are left alone


def test_a_row_whose_attempts_all_died_mid_send_is_failed_not_retried_forever(
    world, requirement, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 1
    report = sweep(now=london(DUE, 9))
    Reminder.objects.update(attempts=1)  # the attempt began, then the worker died
    assert report.batches
    sweep_and_send(london(DUE, 10))
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"failed"}
    assert "never finished" in Reminder.objects.first().error


def test_people_without_an_email_are_reported(world, requirement):
    rm = world.home.registered_manager
    rm.email = ""
    rm.save()
    report, _ = sweep_and_send(london(DUE))
    assert [(u.home_urn, u.role, u.name) for u in report.plan.unreachable] == [
        (world.home.urn, "registered manager", rm.name)
    ]
    assert len(mail.outbox) == 1


def test_planning_costs_three_queries_whatever_the_number_of_requirements(
    world, django_assert_num_queries
):
    MembershipFactory(user=UserFactory(), provider=world.provider)
    for n in range(6):
        home = HomeFactory(provider=world.provider)
        RequirementFactory(inspection__home=home, due_date=DUE - dt.timedelta(7 * n))
    with django_assert_num_queries(3):  # candidates, managers, ledger
        plan = plan_reminders(today=DUE + dt.timedelta(7))  # 7 to 42 days over
    assert plan.candidates == 6
    # RI and RM of each; the five 14 or more days over also go to the two provider managers.
    assert len(plan.new) == 6 * 2 + 5 * 2
    far = RequirementFactory(inspection__home=world.home, due_date=DUE + dt.timedelta(60))
    assert far.pk not in {p.requirement_id for p in plan_reminders(today=DUE).planned}


def test_send_reminders_command_dry_run_writes_nothing_then_sends(world, requirement):
    out = call_command_output("send_reminders", "--date", DUE.isoformat(), "--dry-run")
    assert "Would send to" in out and "due_today" in out and "Dry run" in out
    assert Reminder.objects.count() == 0 and mail.outbox == []
    out = call_command_output("send_reminders", "--date", DUE.isoformat())
    ri, rm = emails_of(world.home)
    assert f"Sent to {ri}: 1 reminder(s)" in out
    assert f"Sent to {rm}: 1 reminder(s)" in out
    assert len(mail.outbox) == 2
    out = call_command_output("send_reminders", "--date", DUE.isoformat())
    assert "Nothing to send." in out


def test_send_reminders_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date: expected YYYY-MM-DD, got '30/06/2026'"):
        call_command("send_reminders", "--date", "30/06/2026")


def call_command_output(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_the_sweep_uses_the_london_date_at_half_past_midnight_after_the_clocks_change(world):
    # 00:30 BST on Sunday 25 October 2026 is 23:30 UTC on the 24th.
    due = dt.date(2026, 10, 25)
    RequirementFactory(inspection__home=world.home, due_date=due)
    report = sweep(now=dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC))
    assert report.today == due
    assert {kind for _, kind, _ in ledger()} == {"due_today"}
    assert timezone.localdate(dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)) == due
