"""Reminder planning across dates: each offset, the day itself, overdue weeks, escalation,
catch-up after missed days, recipients and opt-out, and the London date at clock changes."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from compliance.reminders.planning import (
    Audience,
    Contact,
    DueReminder,
    ReminderRules,
    describe_kind,
    plan_requirement,
    reminders_due,
)

RULES = ReminderRules()  # 28, 14, 7, 1 days before; weekly overdue; escalation from 14 days
DUE = dt.date(2026, 6, 30)


def due_on(today, status="open", due_date=DUE, rules=RULES):
    return reminders_due(status=status, due_date=due_date, today=today, rules=rules)


def kinds_on(days_before: int, **kwargs) -> list[str]:
    return [d.kind for d in due_on(DUE - dt.timedelta(days_before), **kwargs)]


@pytest.mark.parametrize("offset", [28, 14, 7, 1])
def test_each_offset_is_due_on_its_day(offset):
    (reminder,) = due_on(DUE - dt.timedelta(offset))
    assert reminder == DueReminder(f"advance_{offset}", DUE - dt.timedelta(offset), Audience.PEOPLE)


def test_nothing_is_due_before_the_first_offset():
    assert kinds_on(29) == []
    assert kinds_on(400) == []


def test_between_offsets_the_last_one_passed_stays_due_so_a_missed_day_is_caught_up():
    # 20 days before: advance_28 fell 8 days ago and advance_14 is not there yet.
    assert kinds_on(20) == ["advance_28"]
    assert kinds_on(14) == ["advance_14"]
    assert kinds_on(2) == ["advance_7"]


def test_on_the_day_and_until_the_first_overdue_week():
    (reminder,) = due_on(DUE)
    assert reminder == DueReminder("due_today", DUE, Audience.PEOPLE)
    assert kinds_on(-6) == ["due_today"]


@pytest.mark.parametrize(
    ("days_over", "kind", "week_day"),
    [(7, "overdue_7", 7), (8, "overdue_7", 7), (13, "overdue_7", 7), (21, "overdue_21", 21)],
)
def test_overdue_reminders_are_weekly_and_keyed_by_their_week(days_over, kind, week_day):
    reminder = due_on(DUE + dt.timedelta(days_over))[0]
    assert reminder.kind == kind
    assert reminder.for_date == DUE + dt.timedelta(week_day)


def test_escalation_to_managers_starts_at_14_days_overdue_and_repeats_weekly():
    assert [d.audience for d in due_on(DUE + dt.timedelta(13))] == [Audience.PEOPLE]
    people, managers = due_on(DUE + dt.timedelta(14))
    assert (people.kind, managers.kind) == ("overdue_14", "escalation_14")
    assert managers.audience is Audience.MANAGERS
    assert managers.for_date == DUE + dt.timedelta(14)
    assert [d.kind for d in due_on(DUE + dt.timedelta(20))] == ["overdue_14", "escalation_14"]
    assert [d.kind for d in due_on(DUE + dt.timedelta(22))] == ["overdue_21", "escalation_21"]


def test_escalation_days_that_are_not_a_whole_week_count_weeks_from_the_escalation():
    rules = ReminderRules(escalation_days=10)
    assert [d.kind for d in due_on(DUE + dt.timedelta(10), rules=rules)] == [
        "overdue_7",
        "escalation_10",
    ]
    assert due_on(DUE + dt.timedelta(17), rules=rules)[1].kind == "escalation_17"


def test_every_day_of_a_year_gives_each_kind_once_in_order():
    """Walking day by day, each kind appears on a single run of days and never comes back."""
    seen = []
    for day in range(-60, 120):
        for reminder in due_on(DUE + dt.timedelta(day)):
            if reminder.audience is Audience.PEOPLE and (not seen or seen[-1] != reminder.kind):
                seen.append(reminder.kind)
    assert seen[:7] == [
        "advance_28",
        "advance_14",
        "advance_7",
        "advance_1",
        "due_today",
        "overdue_7",
        "overdue_14",
    ]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("status", ["action_completed", "met", "raised_again", "not_raised_again"])
def test_no_reminders_once_the_provider_says_it_is_done_or_it_is_closed(status):
    assert due_on(DUE + dt.timedelta(30), status=status) == []
    assert due_on(DUE - dt.timedelta(7), status=status) == []


def test_confirmed_not_met_keeps_its_overdue_reminders_and_escalations():
    assert kinds_on(-21, status="not_met") == ["overdue_21", "escalation_21"]
    assert kinds_on(7, status="not_met") == ["advance_7"]


def test_in_progress_is_still_reminded_and_no_due_date_never_is():
    assert kinds_on(7, status="in_progress") == ["advance_7"]
    assert due_on(DUE, due_date=None) == []


def test_offsets_come_from_settings_sorted_and_bad_values_fail_clearly(settings):
    settings.REMINDER_OFFSETS_DAYS = [3, 10]
    assert ReminderRules.from_settings().offsets == (10, 3)
    with pytest.raises(ImproperlyConfigured, match="REMINDER_OFFSETS_DAYS"):
        ReminderRules(offsets=(7, 0))


def test_kinds_read_as_words():
    assert describe_kind("advance_1") == "1 day before"
    assert describe_kind("due_today") == "on the day"
    assert describe_kind("overdue_14") == "14 days overdue"
    assert describe_kind("escalation_21") == "escalation at 21 days overdue"


# -- recipients ------------------------------------------------------------------------

RI = Contact("responsible individual", "Ann Ri", "Ann@Example.org", person_id=1)
RM = Contact("registered manager", "Bob Rm", "bob@example.org", person_id=2)
MANAGER = Contact("provider manager", "Cat Boss", "cat@example.org")


def plan(due, people=(RI, RM), managers=(MANAGER,)):
    return plan_requirement(
        requirement_id=9, home_urn="SC1", due=due, people=people, managers=managers
    )


def test_people_get_reminders_and_managers_only_escalations():
    result = plan(due_on(DUE + dt.timedelta(14)))
    got = sorted((r.email, r.kind) for r in result.reminders)
    assert got == [
        ("ann@example.org", "overdue_14"),
        ("bob@example.org", "overdue_14"),
        ("cat@example.org", "escalation_14"),
    ]
    assert [r.email for r in plan(due_on(DUE)).reminders] == ["ann@example.org", "bob@example.org"]


def test_two_roles_at_one_address_make_one_reminder():
    owner = Contact("owner", "Ann Ri", "ann@example.org", person_id=1)
    (reminder,) = plan(due_on(DUE), people=(RI, owner)).reminders
    assert reminder.roles == "responsible individual, owner"
    assert reminder.person_id == 1


def test_opting_out_stops_advance_reminders_only():
    opted_out = Contact("registered manager", "Bob Rm", "bob@example.org", 2, False)
    advance = plan(due_on(DUE - dt.timedelta(7)), people=(RI, opted_out)).reminders
    assert [r.email for r in advance] == ["ann@example.org"]
    on_the_day = plan(due_on(DUE), people=(RI, opted_out)).reminders
    assert {r.email for r in on_the_day} == {"ann@example.org", "bob@example.org"}
    overdue = plan(due_on(DUE + dt.timedelta(7)), people=(RI, opted_out)).reminders
    assert {r.email for r in overdue} == {"ann@example.org", "bob@example.org"}


def test_people_without_an_email_are_reported_not_reminded():
    no_email = Contact("registered manager", "Dan Nomail", "", person_id=3)
    result = plan(due_on(DUE + dt.timedelta(14)), people=(RI, no_email), managers=())
    assert [r.email for r in result.reminders] == ["ann@example.org"]
    assert [(u.home_urn, u.role, u.name) for u in result.unreachable] == [
        ("SC1", "registered manager", "Dan Nomail")
    ]


# -- the London date -------------------------------------------------------------------

UTC = dt.UTC


@pytest.mark.parametrize(
    ("utc_instant", "london_date"),
    [
        # Last Sunday of March 2026: clocks go forward at 01:00 UTC.
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), dt.date(2026, 3, 29)),  # 00:30 GMT
        (dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), dt.date(2026, 3, 30)),  # 00:30 BST
        (dt.datetime(2026, 3, 28, 23, 59, tzinfo=UTC), dt.date(2026, 3, 28)),  # 23:59 GMT
        # Last Sunday of October 2026: clocks go back at 01:00 UTC.
        (dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 00:30 BST
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 01:30 BST
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 01:30 GMT
        (dt.datetime(2026, 10, 25, 23, 30, tzinfo=UTC), dt.date(2026, 10, 25)),  # 23:30 GMT
    ],
)
def test_sweeps_around_clock_changes_use_the_london_date(utc_instant, london_date):
    today = timezone.localdate(utc_instant)
    assert today == london_date
    # 00:30 London on the day a requirement is due is the day itself, not the day before.
    assert [d.kind for d in due_on(today, due_date=london_date)] == ["due_today"]
    assert [d.kind for d in due_on(today, due_date=london_date + dt.timedelta(7))] == ["advance_7"]
