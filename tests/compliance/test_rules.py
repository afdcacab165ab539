"""due_state: the one pure rule for overdue, due today and due soon, and its SQL twins."""

import datetime as dt

import pytest

from compliance.rules import Due, due_state, due_state_q, due_within_q, overdue_q
from inspections.models import Requirement, RequirementStatus
from tests.factories import RequirementFactory

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("status", "due", "state", "days_left"),
    [
        ("open", TODAY - dt.timedelta(days=1), Due.OVERDUE, -1),
        ("in_progress", TODAY - dt.timedelta(days=30), Due.OVERDUE, -30),
        ("open", TODAY, Due.DUE_TODAY, 0),
        ("open", TODAY + dt.timedelta(days=1), Due.DUE_SOON, 1),
        ("in_progress", TODAY + dt.timedelta(days=14), Due.DUE_SOON, 14),
        ("open", TODAY + dt.timedelta(days=15), Due.UPCOMING, 15),
        ("open", None, Due.NO_DUE_DATE, None),
        ("action_completed", TODAY - dt.timedelta(days=3), Due.AWAITING_CONFIRMATION, -3),
        ("met", TODAY - dt.timedelta(days=3), Due.CLOSED, -3),
        # Confirmed not met is still owed: it goes on counting against its date.
        ("not_met", TODAY + dt.timedelta(days=3), Due.DUE_SOON, 3),
        ("not_met", TODAY - dt.timedelta(days=3), Due.OVERDUE, -3),
        ("raised_again", TODAY - dt.timedelta(days=3), Due.CLOSED, -3),
        ("not_raised_again", TODAY - dt.timedelta(days=3), Due.CLOSED, -3),
    ],
)
def test_due_state(status, due, state, days_left):
    result = due_state(status=status, due_date=due, today=TODAY)
    assert result.state is state
    assert result.days_left == days_left


def test_describe_reads_as_words():
    assert due_state(status="open", due_date=TODAY, today=TODAY).describe() == "due today"
    over = due_state(status="open", due_date=TODAY - dt.timedelta(days=12), today=TODAY)
    assert over.describe() == "12 days overdue"
    assert over.days_over == 12
    left = due_state(status="open", due_date=TODAY + dt.timedelta(days=1), today=TODAY)
    assert left.describe() == "1 day left"


@pytest.mark.django_db
def test_sql_twins_agree_with_the_pure_rule():
    statuses = list(RequirementStatus.values)
    for i, status in enumerate(statuses):
        for offset in (-20, -1, 0, 1, 14, 15):
            RequirementFactory(status=status, due_date=TODAY + dt.timedelta(days=offset + i * 0))
    every = list(Requirement.objects.all())
    overdue_sql = set(Requirement.objects.filter(overdue_q(TODAY)).values_list("pk", flat=True))
    overdue_py = {
        r.pk
        for r in every
        if due_state(status=r.status, due_date=r.due_date, today=TODAY).state is Due.OVERDUE
    }
    assert overdue_sql == overdue_py and overdue_py
    soon_sql = set(Requirement.objects.filter(due_within_q(TODAY, 14)).values_list("pk", flat=True))
    soon_py = {
        r.pk
        for r in every
        if due_state(status=r.status, due_date=r.due_date, today=TODAY).state
        in (Due.DUE_TODAY, Due.DUE_SOON)
    }
    assert soon_sql == soon_py and soon_py


@pytest.mark.django_db
def test_due_state_q_selects_exactly_the_rows_of_each_due_state():
    for status in RequirementStatus.values:
        for offset in (-20, -1, 0, 1, 14, 15, None):
            due = None if offset is None else TODAY + dt.timedelta(days=offset)
            RequirementFactory(status=status, due_date=due)
    every = list(Requirement.objects.all())
    for state in Due:
        sql = set(
            Requirement.objects.filter(due_state_q(state, TODAY)).values_list("pk", flat=True)
        )
        py = {
            r.pk
            for r in every
            if due_state(status=r.status, due_date=r.due_date, today=TODAY).state is state
        }
        assert sql == py and py, state
