"""Duty reminders through the reminder sweep: what is planned, and each sent exactly once,
also when another worker got there first."""

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from compliance.duties import reminders, services
from compliance.duties.models import DutyReminder
from compliance.reminders.sweep import sweep
from compliance.tasks import sweep_reminders

pytestmark = pytest.mark.django_db
LONDON_NOON = dt.time(12, 0)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, LONDON_NOON))


@pytest.fixture
def people(world):
    world.home.registered_manager.email = "rm@oak.example"
    world.home.registered_manager.save()
    world.home.responsible_individual.email = "ri@oak.example"
    world.home.responsible_individual.advance_reminders = False
    world.home.responsible_individual.save()
    return world


def visit(world, day):
    return services.record_visit(
        home=world.home,
        user=world.manager,
        visit_date=day,
        independent_person="Ann",
        today=day,
        sent_to_ofsted_on=day,
    )


def test_missing_visit_for_last_month_is_reminded_once(people, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    visit(people, dt.date(2026, 10, 14))
    today = dt.date(2026, 12, 2)
    planned = reminders.plan_duty_reminders(today=today)
    assert {(p.kind, p.period, p.email) for p in planned} == {
        ("missing_visit", dt.date(2026, 11, 1), "rm@oak.example"),
        ("missing_visit", dt.date(2026, 11, 1), "ri@oak.example"),
    }
    assert "the Regulation 44 visit for November 2026 has not been recorded" in planned[0].message
    report = sweep(now=at(today))
    for batch in report.duties.batches:
        reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)
    assert sorted(m.to[0] for m in mail.outbox) == ["ri@oak.example", "rm@oak.example"]
    # The next sweep that day, and the next day, send nothing more.
    again = sweep(now=at(today) + dt.timedelta(hours=1))
    later = sweep(now=at(today + dt.timedelta(days=1)))
    assert again.duties.batches == [] and later.duties.batches == []
    assert DutyReminder.objects.count() == 2
    assert set(DutyReminder.objects.values_list("status", flat=True)) == {"sent"}


def test_review_report_due_in_5_days_respects_the_advance_opt_out(people, record_review):
    completed = dt.date(2026, 11, 9)  # report due 7 December
    record_review(
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 10, 31),
        completed_on=completed,
        today=completed,
    )
    today = dt.date(2026, 12, 2)
    planned = [
        p for p in reminders.plan_duty_reminders(today=today) if p.duty_id.startswith("reg45")
    ]
    assert [(p.kind, p.email) for p in planned] == [("report_due_5", "rm@oak.example")]
    assert "the Regulation 45 report is due in 5 days to Ofsted" in planned[0].message
    # Missed sweeps: three days later only the latest milestone is planned.
    later = reminders.plan_duty_reminders(today=dt.date(2026, 12, 6))
    assert [p.kind for p in later if p.duty_id.startswith("reg45")] == ["report_due_1"]
    overdue = reminders.plan_duty_reminders(today=dt.date(2026, 12, 8))
    assert {(p.kind, p.email) for p in overdue if p.duty_id.startswith("reg45")} == {
        ("report_overdue", "rm@oak.example"),
        ("report_overdue", "ri@oak.example"),  # overdue ones ignore the opt-out
    }


def test_nothing_is_sent_when_another_worker_claimed_first(people):
    visit(people, dt.date(2026, 10, 14))
    today = dt.date(2026, 12, 2)
    other_token = uuid.uuid4()
    # Another worker inserted and claimed the same reminders a moment ago.
    reminders.record(reminders.plan_duty_reminders(today=today))
    DutyReminder.objects.update(
        status="sending", claim_token=other_token, lease_until=at(today) + dt.timedelta(hours=1)
    )
    report = sweep(now=at(today))
    assert report.duties.batches == []  # the insert was a no-op and nothing is pending
    assert DutyReminder.objects.count() == 2
    # Our stale batch (wrong token) sends nothing either.
    ids = list(DutyReminder.objects.values_list("pk", flat=True))
    assert reminders.deliver(reminder_ids=ids, claim_token=str(uuid.uuid4())) == 0
    assert mail.outbox == []
    # The other worker's delivery goes out once.
    assert reminders.deliver(reminder_ids=ids, claim_token=str(other_token)) == 2
    assert reminders.deliver(reminder_ids=ids, claim_token=str(other_token)) == 0
    assert len(mail.outbox) == 2


def test_a_row_left_sending_by_a_dead_worker_is_taken_over_after_its_lease(people):
    visit(people, dt.date(2026, 10, 14))
    today = dt.date(2026, 12, 2)
    reminders.record(reminders.plan_duty_reminders(today=today))
    DutyReminder.objects.update(
        status="sending", claim_token=uuid.uuid4(), lease_until=at(today) - dt.timedelta(1)
    )
    batches = reminders.claim(now=at(today))
    assert sum(len(b.reminder_ids) for b in batches) == 2


def test_the_celery_sweep_enqueues_duty_reminders_on_commit(
    people, eager, django_capture_on_commit_callbacks
):
    visit(people, dt.date(2026, 10, 14))
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders(now=at(dt.date(2026, 12, 2)).isoformat())
    assert sorted(m.to[0] for m in mail.outbox) == ["ri@oak.example", "rm@oak.example"]
    assert "November 2026" in mail.outbox[0].body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_sweeps_at_once_send_each_duty_reminder_exactly_once(round_):
    from collections import Counter

    from tests.compliance.reminders.support import run_at_once
    from tests.factories import HomeFactory, UserFactory

    staff = UserFactory()
    for n in range(6):
        home = HomeFactory()
        for person in (home.registered_manager, home.responsible_individual):
            person.email = f"{person.pk}-{n}@homes.example"
            person.save()
        from tests.factories import MembershipFactory

        MembershipFactory(user=staff, provider=home.provider)
        services.record_visit(
            home=home,
            user=staff,
            visit_date=dt.date(2026, 10, 14),
            independent_person="A",
            today=dt.date(2026, 10, 14),
        )
    now = at(dt.date(2026, 12, 2))

    def sweep_and_deliver():
        for batch in reminders.sweep_duties(now=now, today=now.date()).batches:
            reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)

    assert run_at_once(sweep_and_deliver) == []
    # Per address: November's missing visit and October's unsent visit report.
    kinds = Counter(DutyReminder.objects.values_list("kind", flat=True))
    assert kinds == {"missing_visit": 12, "report_overdue": 12}
    assert set(DutyReminder.objects.values_list("status", flat=True)) == {"sent"}
    per_address = Counter(m.to[0] for m in mail.outbox)
    assert len(per_address) == 12 and set(per_address.values()) == {1}


def test_next_review_due_in_14_days_then_overdue(people, record_review):
    record_review(
        period_start=dt.date(2025, 12, 1),
        period_end=dt.date(2026, 5, 31),  # completed that day: next due 30 November 2026
        today=dt.date(2026, 6, 2),
        sent_to_ofsted_on=dt.date(2026, 6, 2),
    )

    def review_kinds(day):
        return sorted(
            (p.kind, p.email)
            for p in reminders.plan_duty_reminders(today=day)
            if p.duty_id == "reg45_review"
        )

    assert review_kinds(dt.date(2026, 11, 15)) == []
    assert review_kinds(dt.date(2026, 11, 16)) == [("review_due_14", "rm@oak.example")]
    assert review_kinds(dt.date(2026, 12, 1)) == [
        ("review_overdue", "ri@oak.example"),
        ("review_overdue", "rm@oak.example"),
    ]


def test_a_reminder_answered_before_its_turn_is_skipped_not_sent(people):
    visit(people, dt.date(2026, 10, 14))
    today = dt.date(2026, 12, 2)
    report = sweep(now=at(today))
    # Someone records November's visit before the emails go out.
    visit(people, dt.date(2026, 11, 28))
    for batch in report.duties.batches:
        reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)
    assert mail.outbox == []
    assert set(DutyReminder.objects.values_list("status", flat=True)) == {"skipped"}


def test_the_email_links_the_home_and_the_opt_out(people):
    visit(people, dt.date(2026, 10, 14))
    for batch in sweep(now=at(dt.date(2026, 12, 2))).duties.batches:
        reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)
    message = next(m for m in mail.outbox if m.to == ["rm@oak.example"])
    assert f"/homes/{people.home.urn}/" in message.body
    assert "/reminders/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_send_reminders_command_sends_duty_reminders_inline(people):
    import io

    from django.core.management import call_command

    visit(people, dt.date(2026, 10, 14))
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-02", stdout=out)
    assert "Sent to rm@oak.example: 1 duty reminder(s)" in out.getvalue()
    assert "Nothing to send." not in out.getvalue()
    assert len(mail.outbox) == 2


def test_a_dry_run_lists_duty_reminders_and_writes_nothing(people):
    import io

    from django.core.management import call_command

    visit(people, dt.date(2026, 10, 14))
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-12-02", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would send to rm@oak.example:" in text
    assert f"{people.home.urn} duty reg44_visit:" in text
    assert "Dry run: nothing written, nothing sent." in text
    assert not DutyReminder.objects.exists() and mail.outbox == []


def test_one_email_per_address_carries_its_requirement_and_duty_reminders(
    people, eager, django_capture_on_commit_callbacks
):
    """The sweep task puts an address's duty reminders in its requirement digest: one email,
    both sections; an address with duty reminders only gets them alone; each once."""
    from tests.factories import HomeFactory, RequirementFactory

    visit(people, dt.date(2026, 10, 14))  # November's visit is missing on 2 December
    today = dt.date(2026, 12, 2)
    RequirementFactory(inspection__home=people.home, due_date=today, citation="Regulation 12(1)")
    other = HomeFactory(provider=people.provider)  # a missing visit, and no requirement due
    other.registered_manager.email = "only-duties@oak.example"
    other.registered_manager.save()
    other.responsible_individual.email = ""
    other.responsible_individual.save()
    services.record_visit(
        home=other,
        user=people.manager,
        visit_date=dt.date(2026, 10, 14),
        independent_person="Ann",
        today=dt.date(2026, 10, 14),
        sent_to_ofsted_on=dt.date(2026, 10, 14),
    )
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders(now=at(today).isoformat())

    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    assert all(len(sent) == 1 for sent in by_address.values()), by_address
    both = by_address["ri@oak.example"][0]
    assert both.subject.startswith("1 Ofsted requirement and 1 monitoring duty need action")
    assert "Regulation 12(1)" in both.body and "Statutory monitoring duties" in both.body
    assert "the Regulation 44 visit for November 2026 has not been recorded" in both.body
    html = both.alternatives[0][0]
    assert "Statutory monitoring duties" in html and f"/homes/{people.home.urn}/" in html
    assert set(DutyReminder.objects.values_list("status", flat=True)) == {"sent"}

    assert by_address["only-duties@oak.example"][0].subject == "1 monitoring duty needs attention"

    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders(now=(at(today) + dt.timedelta(hours=1)).isoformat())
    assert len(mail.outbox) == sent  # nothing twice


def test_a_missing_month_is_reminded_even_after_a_later_visit_and_not_when_visited(people):
    visit(people, dt.date(2026, 10, 14))
    visit(people, dt.date(2026, 12, 1))  # December's visit does not make up for November
    planned = reminders.plan_duty_reminders(today=dt.date(2026, 12, 15))
    assert {(p.kind, p.period) for p in planned} == {("missing_visit", dt.date(2026, 11, 1))}

    visit(people, dt.date(2026, 11, 20))
    assert reminders.plan_duty_reminders(today=dt.date(2026, 12, 2)) == []
    # A home whose first visit here is this month is not chased for months before it.
    assert reminders.plan_duty_reminders(today=dt.date(2026, 10, 20)) == []


def test_the_duty_only_email_uses_the_digest_templates_text_and_html(people):
    visit(people, dt.date(2026, 10, 14))
    for batch in sweep(now=at(dt.date(2026, 12, 2))).duties.batches:
        reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)
    message = next(m for m in mail.outbox if m.to == ["rm@oak.example"])
    assert message.subject == "1 monitoring duty needs attention"
    assert message.body.startswith(f"Dear {people.home.registered_manager.name},")
    assert "These statutory requirements" not in message.body  # no Ofsted requirement in it
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "the Regulation 44 visit for November 2026 has not been recorded" in html
    assert "Stop reminders before a due date" in html
