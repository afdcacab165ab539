"""Reminders of the actions from visits and reviews: the requirement milestones, the duty
ledger, each once, skipped when the action is done or its date moved, with a link to the
action in the email."""

import datetime as dt
import uuid

import pytest
from django.core import mail

from compliance.duties import reminders, services
from compliance.duties.models import Action, DutyReminder
from compliance.reminders.sweep import sweep
from tests.compliance.duties.test_reminders import at

pytestmark = pytest.mark.django_db
VISITED = dt.date(2026, 11, 20)
DUE = dt.date(2026, 12, 9)


@pytest.fixture
def people(world):
    rm, ri = world.home.registered_manager, world.home.responsible_individual
    rm.email, ri.email, ri.advance_reminders = "rm@oak.example", "ri@oak.example", False
    rm.save()
    ri.save()
    return world


@pytest.fixture
def actions(people, record_visit):
    visit = record_visit(
        visit_date=VISITED,
        today=VISITED,
        sent_to_ofsted_on=VISITED,
        recommendations=["Refresh the missing-from-care training", "Update the risk assessments"],
        actions_due=DUE,
        actions_owner=people.home.registered_manager,
    )
    return list(Action.objects.filter(visit=visit).order_by("pk"))


def deliver_all(report):
    return sum(
        reminders.deliver(reminder_ids=list(b.reminder_ids), claim_token=b.claim_token)
        for b in report.duties.batches
    )


def test_a_week_before_the_owner_is_reminded_of_each_action(actions):
    planned = reminders.plan_duty_reminders(today=DUE - dt.timedelta(days=7))
    # The owner is the registered manager: one row per action for that address; the
    # responsible individual opted out of reminders before a due date.
    assert sorted((p.action_id, p.kind, p.period, p.email) for p in planned) == [
        (a.pk, "action_advance_7", DUE - dt.timedelta(days=7), "rm@oak.example") for a in actions
    ]
    assert {p.duty_id for p in planned} == {"reg44_visit"}
    message = planned[0].message
    assert "the action from the Regulation 44 visit on 20/11/2026" in message
    assert "is due on 09/12/2026" in message and "days" not in message


def test_overdue_actions_reach_everyone_each_once(actions):
    week_over = DUE + dt.timedelta(days=7)
    assert deliver_all(sweep(now=at(week_over))) == 4  # 2 actions x (rm, ri)
    assert deliver_all(sweep(now=at(week_over) + dt.timedelta(hours=2))) == 0
    assert deliver_all(sweep(now=at(week_over + dt.timedelta(days=1)))) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ri@oak.example", "rm@oak.example"]
    rows = DutyReminder.objects.filter(action__isnull=False)
    assert set(rows.values_list("kind", "status")) == {("action_overdue_7", "sent")}
    body = next(m for m in mail.outbox if m.to == ["rm@oak.example"]).body
    assert "was due on 09/12/2026" in body
    for action in actions:
        assert f"Update the action: http://testserver/duties/actions/{action.pk}/" in body.replace(
            "http://127.0.0.1:8000", "http://testserver"
        )


def test_nothing_is_sent_when_another_worker_claimed_first(actions):
    day = DUE - dt.timedelta(days=7)
    other = uuid.uuid4()
    reminders.record(reminders.plan_duty_reminders(today=day))
    DutyReminder.objects.update(
        status="sending", claim_token=other, lease_until=at(day) + dt.timedelta(hours=1)
    )
    assert sweep(now=at(day)).duties.batches == []
    ids = list(DutyReminder.objects.values_list("pk", flat=True))
    assert reminders.deliver(reminder_ids=ids, claim_token=str(uuid.uuid4())) == 0
    assert reminders.deliver(reminder_ids=ids, claim_token=str(other)) == 2
    assert len(mail.outbox) == 1  # one email to rm@ with both actions


def test_an_action_done_or_moved_before_its_turn_is_skipped(people, actions):
    day = DUE - dt.timedelta(days=7)
    reminders.record(reminders.plan_duty_reminders(today=day))
    batches = reminders.claim(now=at(day))
    done, moved = actions
    services.change_action(action=done, user=people.manager, status="in_progress")
    services.change_action(action=done, user=people.manager, status="action_completed")
    services.change_action(action=moved, user=people.manager, due_date=DUE + dt.timedelta(days=21))
    for batch in batches:
        reminders.deliver(reminder_ids=list(batch.reminder_ids), claim_token=batch.claim_token)
    assert mail.outbox == []
    assert set(DutyReminder.objects.values_list("status", flat=True)) == {"skipped"}
    # The moved date has milestones of its own: 14 days before the new date.
    later = reminders.plan_duty_reminders(today=DUE + dt.timedelta(days=7))
    assert [(p.action_id, p.kind) for p in later] == [(moved.pk, "action_advance_14")]


def test_two_actions_due_the_same_day_both_go_and_duty_rows_stay_once(actions):
    """The ledger's two partial unique constraints: per action for action rows, per home and
    duty for the duty's own rows (NULL actions would never clash in one constraint)."""
    day = DUE - dt.timedelta(days=7)
    planned = reminders.plan_duty_reminders(today=day)
    reminders.record(planned)
    reminders.record(planned)
    assert DutyReminder.objects.count() == 2
    own = dict(
        home_id=actions[0].home_id,
        duty_id="reg44_visit",
        kind="missing_visit",
        period=dt.date(2026, 10, 1),
        email="rm@oak.example",
        person_id=None,
        message="m",
    )
    reminders.record([reminders.PlannedDutyReminder(**own)] * 2)
    assert DutyReminder.objects.filter(action__isnull=True).count() == 1


def test_a_closed_or_undated_action_is_not_reminded(people, actions):
    first, second = actions
    services.change_action(action=first, user=people.manager, due_date=None)
    services.change_action(action=second, user=people.manager, status="in_progress")
    services.change_action(action=second, user=people.manager, status="action_completed")
    assert reminders.plan_duty_reminders(today=DUE + dt.timedelta(days=7)) == []


@pytest.mark.parametrize("role", ["manager", "regulator"])
def test_the_action_page_shows_who_was_reminded_in_fixed_queries(client, people, actions, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action = actions[0]
    client.force_login(getattr(people, role))

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/duties/actions/{action.pk}/")
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    reminders.record(reminders.plan_duty_reminders(today=DUE - dt.timedelta(days=7)))
    text, few = page()
    assert "rm@oak.example" in text and "7 days before" in text
    for days in (14, 21, 28, 35):
        reminders.record(reminders.plan_duty_reminders(today=DUE + dt.timedelta(days=days)))
    text, many = page()
    assert "35 days overdue" in text and "ri@oak.example" in text
    assert many == few


def test_an_outsider_gets_no_action_page(client, people, actions):
    client.force_login(people.outsider)
    assert client.get(f"/duties/actions/{actions[0].pk}/").status_code == 404


def test_the_admin_ledger_names_the_action(client, people, actions):
    reminders.record(reminders.plan_duty_reminders(today=DUE - dt.timedelta(days=7)))
    client.force_login(people.admin)
    page = client.get("/admin/duties/dutyreminder/").content.decode()
    assert "action_advance_7" in page and "Refresh the missing-from-care training" in page


def test_the_ledger_insert_names_each_planned_field_in_order():
    import dataclasses

    fields = [f.name for f in dataclasses.fields(reminders.PlannedDutyReminder)]
    assert list(reminders.LEDGER_COLUMNS) == fields


def test_a_long_owner_name_still_fits_the_ledger_line(people, actions):
    owner = people.home.registered_manager
    owner.name = ("Maximilienne " * 19).strip()  # 246 of the 255 a name may have
    owner.save()
    planned = reminders.plan_duty_reminders(today=DUE - dt.timedelta(days=7))
    assert planned and all(len(p.message) <= 300 for p in planned)
    assert reminders.record(planned) == len(planned)
