"""Two sweeps started at the same moment, each in its own thread and database connection,
send each reminder exactly once. Runs on PostgreSQL (CI's second pass)."""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail

from compliance.models import Reminder
from tests.compliance.reminders.support import london, run_at_once, sweep_and_send
from tests.factories import HomeFactory, MembershipFactory, RequirementFactory, UserFactory

DUE = dt.date(2026, 6, 30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_sweeps_at_once_send_each_reminder_exactly_once(round_):
    homes = [HomeFactory() for _ in range(8)]
    for home in homes:
        MembershipFactory(user=UserFactory(), provider=home.provider)
        for days in (0, 7, 14, -7):  # due today, overdue and escalated, and in a week
            RequirementFactory(inspection__home=home, due_date=DUE - dt.timedelta(days))
    now = london(DUE)
    assert run_at_once(lambda: sweep_and_send(now)) == []

    rows = list(Reminder.objects.values_list("requirement_id", "email", "kind", "status"))
    # 8 homes x 4 requirements x RI and RM, plus 8 escalations to each provider's manager.
    assert len(rows) == 8 * 4 * 2 + 8
    assert {status for *_, status in rows} == {"sent"}
    # Exactly one email per address, holding every reminder of that address.
    per_address = Counter(m.to[0] for m in mail.outbox)
    assert set(per_address.values()) == {1}
    assert set(per_address) == {email for _, email, _, _ in rows}
    links = sum(m.body.count("/requirements/") for m in mail.outbox)
    assert links == 8 * 4 * 2 + 8
